//! Checks for exercise `factory2`: `exercises/factory/src/ex2_kinds.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/factory/src/ex2_kinds.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex2_kinds.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/factory/src/ex2_kinds.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{Kind, UnknownKind, parse_config};

fn all_names() -> Vec<String> {
    vec!["email".to_owned(), "sms".to_owned(), "push".to_owned()]
}

#[test]
fn kinds_parse_from_strings_trimmed_and_in_any_case() {
    for (text, kind) in [
        ("email", Kind::Email),
        ("sms", Kind::Sms),
        ("push", Kind::Push),
        (" SMS ", Kind::Sms),
        ("Push", Kind::Push),
        ("EMAIL ", Kind::Email),
        ("\tpush\n", Kind::Push),
    ] {
        assert_eq!(
            text.parse::<Kind>(),
            Ok(kind),
            "{text:?} should parse as {kind:?}: FromStr is trimmed and case-insensitive"
        );
    }
}

#[test]
fn an_unknown_name_lists_the_valid_kinds() {
    for name in ["fax", "pigeon", "emails", ""] {
        assert_eq!(
            name.parse::<Kind>(),
            Err(UnknownKind {
                kind: name.to_owned(),
                valid: all_names()
            }),
            "{name:?}.parse::<Kind>() should fail with UnknownKind {{ kind: {name:?}, valid: \
             [\"email\", \"sms\", \"push\"] }}: the input as given and every valid name, \
             lowercase and in order"
        );
    }
}

#[test]
fn an_unknown_name_carries_the_input_exactly_as_given() {
    for name in [" Fax ", "Pigeon", "PIGEON", " fax", "fax\n", "\tTelegram "] {
        let error = name.parse::<Kind>().err();
        assert_eq!(
            error.as_ref().map(|e| e.kind.as_str()),
            Some(name),
            "{name:?}.parse::<Kind>() should fail with UnknownKind carrying the input as given, \
             {name:?}, not a trimmed or lowercased copy; got {error:?}"
        );
    }
}

#[test]
fn display_gives_the_lowercase_name_and_round_trips() {
    for (kind, expected) in [
        (Kind::Email, "email"),
        (Kind::Sms, "sms"),
        (Kind::Push, "push"),
    ] {
        let name = kind.to_string();
        assert_eq!(
            name, expected,
            "{kind:?}.to_string() should be the lowercase name, {expected:?}"
        );
        assert_eq!(
            name.parse::<Kind>(),
            Ok(kind),
            "{kind:?}.to_string().parse() should give {kind:?} back (the string was {name:?})"
        );
    }
}

#[test]
fn a_configuration_file_names_kinds_in_lowercase() {
    let json = r#"{"channels": ["email", "push"]}"#;
    let config = parse_config(json).unwrap_or_else(|e| {
        panic!(
            "parse_config({json:?}) failed with \"{e}\": Config reads lowercase names in the \
             file (add #[serde(rename_all = \"lowercase\")] to Kind)"
        )
    });
    assert_eq!(
        config.channels,
        [Kind::Email, Kind::Push],
        "parse_config({json:?}) should read the channels email and push, in that order"
    );
    let json = r#"{"channels": ["email", "sms", "push"]}"#;
    let config = parse_config(json).unwrap_or_else(|e| {
        panic!("parse_config({json:?}) failed with \"{e}\": Config reads lowercase names")
    });
    assert_eq!(
        config.channels,
        Kind::ALL,
        "parse_config({json:?}) should read every kind"
    );
    let json = r#"{"channels": ["fax"]}"#;
    match parse_config(json) {
        Ok(config) => panic!(
            "parse_config({json:?}) gave {config:?}: \"fax\" is not a kind, so it is an error"
        ),
        Err(error) => assert!(
            error.to_string().contains("fax"),
            "the error of parse_config({json:?}) should name the unknown kind \"fax\": {error}"
        ),
    }
}
