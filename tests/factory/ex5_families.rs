//! Checks for exercise `factory5`: `exercises/factory/src/ex5_families.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/factory/src/ex5_families.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex5_families.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
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

const SANDBOX_SENDS: [&str; 2] = [
    "outbox: email to ada@example.com: welcome",
    "console: sms to +447700900123: welcome",
];

const PRODUCTION_SENDS: [&str; 2] = [
    "smtp: email to ada@example.com: welcome",
    "provider: sms to +447700900123: welcome",
];

#[test]
fn the_sandbox_family_keeps_everything_local() {
    assert_eq!(
        Sandbox.name(),
        "sandbox",
        "Sandbox.name() should be \"sandbox\""
    );
    assert_eq!(
        send_both(&Sandbox),
        SANDBOX_SENDS,
        "Sandbox should build an OutboxEmail for email and a ConsoleSms for sms"
    );
}

#[test]
fn the_production_family_uses_the_real_services() {
    assert_eq!(
        Production.name(),
        "production",
        "Production.name() should be \"production\""
    );
    assert_eq!(
        send_both(&Production),
        PRODUCTION_SENDS,
        "Production should build an SmtpEmail for email and a ProviderSms for sms"
    );
}

#[test]
fn the_environment_picks_the_whole_family() {
    for (environment, expected, sends) in [
        ("sandbox", "sandbox", SANDBOX_SENDS),
        ("production", "production", PRODUCTION_SENDS),
        (" Production ", "production", PRODUCTION_SENDS),
        ("SANDBOX", "sandbox", SANDBOX_SENDS),
        ("\tSandbox\n", "sandbox", SANDBOX_SENDS),
        ("PRODUCTION ", "production", PRODUCTION_SENDS),
    ] {
        let family = family(environment).unwrap_or_else(|e| {
            panic!(
                "family({environment:?}) failed with {e:?}: \"sandbox\" or \"production\", \
                 trimmed and case-insensitive, so {environment:?} is {expected:?}"
            )
        });
        assert_eq!(
            family.name(),
            expected,
            "family({environment:?}) should be the {expected} family: trimmed and \
             case-insensitive"
        );
        assert_eq!(
            send_both(family.as_ref()),
            sends,
            "family({environment:?}) should build every notifier from the {expected} family"
        );
    }
}

#[test]
fn an_unknown_environment_is_an_error_with_the_valid_ones() {
    for environment in ["staging", "prod", "dev", "development", "test", ""] {
        assert_eq!(
            family(environment).err(),
            Some(UnknownKind {
                kind: environment.to_owned(),
                valid: vec!["sandbox", "production"]
            }),
            "family({environment:?}) should fail with UnknownKind {{ kind: {environment:?}, \
             valid: [\"sandbox\", \"production\"] }}: anything else than sandbox or production \
             is an error"
        );
    }
}

#[test]
fn an_unknown_environment_carries_the_name_exactly_as_given() {
    for environment in [" Staging ", "Staging", "STAGING", " staging", "staging\n"] {
        let error = family(environment).err();
        assert_eq!(
            error.as_ref().map(|e| e.kind.as_str()),
            Some(environment),
            "family({environment:?}) should fail with UnknownKind carrying the name as given, \
             {environment:?}, not a trimmed or lowercased copy; got {error:?}"
        );
    }
}
