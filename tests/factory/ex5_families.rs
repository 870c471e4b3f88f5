//! Checks for exercise `factory5`: `exercises/factory/src/ex5_families.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/factory/src/ex5_families.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/factory/src/ex5_families.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{Family, Production, Sandbox, UnknownKind, family};

fn send_both(family: &dyn Family) -> [String; 2] {
    [
        family.email().send("ada@example.com", "welcome"),
        family.sms().send("+447700900123", "welcome"),
    ]
}

#[test]
fn the_sandbox_family_keeps_everything_local() {
    assert_eq!(Sandbox.name(), "sandbox");
    assert_eq!(
        send_both(&Sandbox),
        [
            "outbox: email to ada@example.com: welcome",
            "console: sms to +447700900123: welcome"
        ]
    );
}

#[test]
fn the_production_family_uses_the_real_services() {
    assert_eq!(Production.name(), "production");
    assert_eq!(
        send_both(&Production),
        [
            "smtp: email to ada@example.com: welcome",
            "provider: sms to +447700900123: welcome"
        ]
    );
}

#[test]
fn the_environment_picks_the_whole_family() {
    for (environment, expected) in [(" Production ", "production"), ("SANDBOX", "sandbox")] {
        let family = family(environment).unwrap_or_else(|e| panic!("{environment:?}: {e:?}"));
        assert_eq!(family.name(), expected);
        let [email, sms] = send_both(family.as_ref());
        let prefix = |line: &str| line.split(':').next().unwrap_or_default().to_owned();
        let local = ["outbox", "console"];
        assert_eq!(
            local.contains(&prefix(&email).as_str()),
            local.contains(&prefix(&sms).as_str()),
            "a family mixed local and real channels: {email} / {sms}"
        );
    }
    assert_eq!(
        family("staging").err(),
        Some(UnknownKind {
            kind: "staging".to_owned(),
            valid: vec!["sandbox", "production"]
        })
    );
}
