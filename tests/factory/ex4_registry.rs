//! Checks for exercise `factory4`: `exercises/factory/src/ex4_registry.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/factory/src/ex4_registry.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/factory/src/ex4_registry.rs"
)]
#[allow(unused)]
mod exercise;

use std::cell::Cell;
use std::rc::Rc;

use exercise::{DuplicateKind, Notifier, Registry, UnknownKind};

struct Named(String);

impl Notifier for Named {
    fn kind(&self) -> String {
        self.0.clone()
    }

    fn send(&self, to: &str, text: &str) -> String {
        format!("{} to {to}: {text}", self.0)
    }
}

fn registry_with(kinds: &[&str]) -> Registry {
    let mut registry = Registry::new();
    for kind in kinds {
        let name = kind.to_string();
        registry
            .register(kind, move || {
                Box::new(Named(name.clone())) as Box<dyn Notifier>
            })
            .unwrap_or_else(|e| panic!("registering {kind} failed: {e:?}"));
    }
    registry
}

#[test]
fn a_registered_kind_is_created_by_name() {
    let registry = registry_with(&["slack", "pigeon"]);
    let pigeon = registry
        .create("pigeon")
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(pigeon.send("ada", "hi"), "pigeon to ada: hi");
    assert_eq!(
        registry.create(" Slack ").map(|n| n.kind()).ok().as_deref(),
        Some("slack")
    );
}

#[test]
fn every_create_calls_the_constructor_again() {
    let calls = Rc::new(Cell::new(0));
    let mut registry = Registry::new();
    let counter = calls.clone();
    registry
        .register("push", move || {
            counter.set(counter.get() + 1);
            Box::new(Named(format!("push #{}", counter.get()))) as Box<dyn Notifier>
        })
        .unwrap();
    assert_eq!(calls.get(), 0, "registering should not build anything yet");
    let first = registry.create("push").unwrap();
    let second = registry.create("push").unwrap();
    assert_eq!(
        (first.kind(), second.kind()),
        ("push #1".to_owned(), "push #2".to_owned())
    );
    assert_eq!(
        calls.get(),
        2,
        "each create should call the constructor once"
    );
}

#[test]
fn a_name_registered_twice_is_refused_and_the_first_kept() {
    let mut registry = registry_with(&["slack"]);
    let again = registry.register(" SLACK ", || {
        Box::new(Named("impostor".into())) as Box<dyn Notifier>
    });
    assert_eq!(again, Err(DuplicateKind("slack".to_owned())));
    assert_eq!(
        registry.create("slack").unwrap().kind(),
        "slack",
        "the first constructor should stay"
    );
}

#[test]
fn unknown_kinds_list_every_registered_one_sorted() {
    let registry = registry_with(&["sms", "email", "push"]);
    assert_eq!(registry.kinds(), ["email", "push", "sms"]);
    assert_eq!(
        registry.create("fax").err(),
        Some(UnknownKind {
            kind: "fax".to_owned(),
            valid: vec!["email".to_owned(), "push".to_owned(), "sms".to_owned()]
        })
    );
    assert!(Registry::new().kinds().is_empty());
}
