//! Checks for exercise `factory4`: `exercises/factory/src/ex4_registry.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/factory/src/ex4_registry.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex4_registry.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
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

/// A constructor whose notifiers are named `name`.
fn named(name: &str) -> impl Fn() -> Box<dyn Notifier> + 'static {
    let name = name.to_owned();
    move || Box::new(Named(name.clone())) as Box<dyn Notifier>
}

/// A registry with one `Named` constructor per name, registered in this order.
fn registry_with(kinds: &[&str]) -> Registry {
    let mut registry = Registry::new();
    for kind in kinds {
        registry.register(kind, named(kind)).unwrap_or_else(|e| {
            panic!("register({kind:?}) failed with {e:?}, but nothing was registered under it")
        });
    }
    registry
}

/// What `create(kind)` built, by the notifier's own name, or its error.
fn created(registry: &Registry, kind: &str) -> Result<String, UnknownKind> {
    registry.create(kind).map(|notifier| notifier.kind())
}

#[test]
fn a_registered_kind_is_created_by_name() {
    let registry = registry_with(&["slack", "pigeon"]);
    let pigeon = registry.create("pigeon").unwrap_or_else(|e| {
        panic!("create(\"pigeon\") failed with {e:?}: it should call the constructor registered under \"pigeon\"")
    });
    assert_eq!(
        pigeon.send("ada", "hi"),
        "pigeon to ada: hi",
        "create(\"pigeon\") should call the constructor registered under \"pigeon\""
    );
    assert_eq!(
        created(&registry, "slack"),
        Ok("slack".to_owned()),
        "create(\"slack\") should call the constructor registered under \"slack\""
    );
}

#[test]
fn names_are_normalised_when_creating() {
    let registry = registry_with(&["slack", "pigeon"]);
    for (name, expected) in [
        (" Slack ", "slack"),
        ("PIGEON", "pigeon"),
        ("\tsLaCk\n", "slack"),
    ] {
        assert_eq!(
            created(&registry, name),
            Ok(expected.to_owned()),
            "create({name:?}) should build the {expected:?} notifier: names are trimmed and \
             lowercased when creating"
        );
    }
}

#[test]
fn names_are_normalised_when_registering() {
    let mut registry = Registry::new();
    for name in [" Teams ", "SMS", "\tPigeon\n"] {
        registry.register(name, named(name)).unwrap_or_else(|e| {
            panic!("register({name:?}) failed with {e:?}, but nothing was registered under it")
        });
    }
    assert_eq!(
        registry.kinds(),
        ["pigeon", "sms", "teams"],
        "after register(\" Teams \"), register(\"SMS\") and register(\"\\tPigeon\\n\"), kinds() \
         should list the trimmed, lowercased names, sorted"
    );
    for (name, registered_as) in [
        ("teams", " Teams "),
        ("sms", "SMS"),
        ("pigeon", "\tPigeon\n"),
    ] {
        assert_eq!(
            created(&registry, name),
            Ok(registered_as.to_owned()),
            "create({name:?}) should call the constructor registered as {registered_as:?}: names \
             are trimmed and lowercased when registering"
        );
    }
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
        .unwrap_or_else(|e| panic!("register(\"push\") failed with {e:?} on an empty registry"));
    assert_eq!(
        calls.get(),
        0,
        "register(\"push\", constructor) should not call the constructor: create does"
    );
    let first = created(&registry, "push");
    let second = created(&registry, "push");
    assert_eq!(
        (first, second),
        (Ok("push #1".to_owned()), Ok("push #2".to_owned())),
        "two create(\"push\") should each call the constructor, so each caller gets a fresh \
         notifier"
    );
    assert_eq!(
        calls.get(),
        2,
        "two create(\"push\") should call the constructor once each"
    );
}

#[test]
fn a_name_registered_twice_is_refused_and_the_first_kept() {
    let mut registry = registry_with(&["slack"]);
    for again in ["slack", " SLACK ", "Slack"] {
        let refused = registry.register(again, named("impostor"));
        assert_eq!(
            refused,
            Err(DuplicateKind("slack".to_owned())),
            "register({again:?}) after register(\"slack\") should be refused with \
             DuplicateKind(\"slack\"), the normalised name"
        );
        assert_eq!(
            created(&registry, "slack"),
            Ok("slack".to_owned()),
            "after the refused register({again:?}), create(\"slack\") should still call the \
             first constructor: register keeps the first"
        );
    }
    assert_eq!(
        registry.kinds(),
        ["slack"],
        "refused registrations should leave kinds() as it was"
    );
}

#[test]
fn unknown_kinds_list_every_registered_one_sorted() {
    let registry = registry_with(&["sms", "email", "push"]);
    assert_eq!(
        registry.kinds(),
        ["email", "push", "sms"],
        "after registering sms, email and push, kinds() should list them sorted"
    );
    assert_eq!(
        registry.create("fax").err(),
        Some(UnknownKind {
            kind: "fax".to_owned(),
            valid: vec!["email".to_owned(), "push".to_owned(), "sms".to_owned()]
        }),
        "create(\"fax\") should fail with UnknownKind {{ kind: \"fax\", valid: every registered \
         name, sorted }}"
    );
    assert!(
        Registry::new().kinds().is_empty(),
        "an empty registry's kinds() should be empty"
    );
}

#[test]
fn an_unknown_kind_carries_the_name_exactly_as_given() {
    let registry = registry_with(&["email", "sms"]);
    for name in [" Slack ", "Pigeon", "FAX ", "\tTelegram\n"] {
        let error = registry.create(name).err();
        assert_eq!(
            error.as_ref().map(|e| e.kind.as_str()),
            Some(name),
            "create({name:?}) should fail with UnknownKind carrying the name as given, \
             {name:?}, not a trimmed or lowercased copy; got {error:?}"
        );
    }
}
