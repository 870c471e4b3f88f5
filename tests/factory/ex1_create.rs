//! Checks for exercise `factory1`: `exercises/factory/src/ex1_create.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/factory/src/ex1_create.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
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
        let notifier = create(kind).unwrap_or_else(|e| panic!("create({kind:?}) failed: {e}"));
        assert_eq!(
            notifier.kind(),
            kind,
            "create({kind:?}) built the wrong notifier"
        );
        assert_eq!(notifier.send("ada@example.com", "hi"), expected);
    }
}

#[test]
fn names_are_trimmed_and_case_insensitive() {
    for name in [" SMS ", "Email", "\temail\n"] {
        let notifier = create(name).unwrap_or_else(|e| panic!("create({name:?}) failed: {e}"));
        assert_eq!(notifier.kind(), name.trim().to_lowercase());
    }
}

#[test]
fn an_unknown_kind_is_an_error_that_lists_the_valid_ones() {
    for name in ["fax", "pigeon", ""] {
        let Err(error) = create(name) else {
            panic!("create({name:?}) returned a notifier: an unknown kind must be an error");
        };
        assert_eq!(
            error,
            UnknownKind {
                kind: name.to_owned(),
                valid: KINDS.to_vec()
            },
            "the error should carry the name as given and every valid kind"
        );
    }
    let error = create("fax").err().unwrap();
    assert_eq!(
        error.to_string(),
        "unknown notifier kind \"fax\": expected one of email, sms"
    );
}
