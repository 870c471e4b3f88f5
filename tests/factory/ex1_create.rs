//! Checks for exercise `factory1`: `exercises/factory/src/ex1_create.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/factory/src/ex1_create.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex1_create.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/factory/src/ex1_create.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{KINDS, UnknownKind, create};

#[test]
fn email_and_sms_are_created_by_name() {
    for (kind, expected) in [
        ("email", "email to ada@example.com: hi"),
        ("sms", "sms to ada@example.com: hi"),
    ] {
        let notifier = create(kind).unwrap_or_else(|e| {
            panic!("create({kind:?}) failed with {e:?}: \"{kind}\" gives the {kind} notifier")
        });
        assert_eq!(
            notifier.kind(),
            kind,
            "create({kind:?}) built the wrong notifier: \"{kind}\" gives the {kind} notifier"
        );
        assert_eq!(
            notifier.send("ada@example.com", "hi"),
            expected,
            "the notifier from create({kind:?}) should send through {kind}"
        );
    }
}

#[test]
fn names_are_trimmed_and_case_insensitive() {
    for (name, expected) in [
        (" SMS ", "sms"),
        ("Email", "email"),
        ("EMAIL ", "email"),
        ("\temail\n", "email"),
        // A no-break space (U+00A0) is whitespace too, as `str::trim` knows.
        ("\u{a0}sMs\u{a0}", "sms"),
    ] {
        let notifier = create(name).unwrap_or_else(|e| {
            panic!(
                "create({name:?}) failed with {e:?}: whitespace around the name and upper or \
                 lower case do not matter, so {name:?} is \"{expected}\""
            )
        });
        assert_eq!(
            notifier.kind(),
            expected,
            "create({name:?}) built the wrong notifier: whitespace around the name and upper or \
             lower case do not matter, so {name:?} is \"{expected}\""
        );
    }
}

#[test]
fn an_unknown_kind_is_an_error_that_lists_the_valid_ones() {
    for name in ["fax", "pigeon", "emails", ""] {
        let Err(error) = create(name) else {
            panic!(
                "create({name:?}) returned a notifier: any other name than email or sms gives \
                 UnknownKind"
            );
        };
        assert_eq!(
            error,
            UnknownKind {
                kind: name.to_owned(),
                valid: KINDS.to_vec()
            },
            "create({name:?}) should fail with UnknownKind {{ kind: {name:?}, valid: KINDS }}: \
             the name as it was given, and every valid kind"
        );
    }
    let error = create("fax").err();
    assert_eq!(
        error.map(|e| e.to_string()).as_deref(),
        Some("unknown notifier kind \"fax\": expected one of email, sms"),
        "the message of create(\"fax\")'s error should name \"fax\" and the valid kinds"
    );
}

#[test]
fn an_unknown_kind_carries_the_name_exactly_as_given() {
    for name in [" Fax ", "Pigeon", "PIGEON", " fax", "fax\n", "\tTelegram "] {
        let error = create(name).err();
        assert_eq!(
            error.as_ref().map(|e| e.kind.as_str()),
            Some(name),
            "create({name:?}) should fail with UnknownKind carrying the name as it was given, \
             {name:?}, not a trimmed or lowercased copy; got {error:?}"
        );
    }
}
