//! Checks for exercise `factory2`: `exercises/factory/src/ex2_kinds.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/factory/src/ex2_kinds.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/factory/src/ex2_kinds.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{Kind, UnknownKind, parse_config};

#[test]
fn kinds_parse_from_strings_trimmed_and_in_any_case() {
    for (text, kind) in [
        ("email", Kind::Email),
        (" SMS ", Kind::Sms),
        ("Push", Kind::Push),
    ] {
        assert_eq!(
            text.parse::<Kind>(),
            Ok(kind),
            "{text:?} should parse as {kind:?}"
        );
    }
}

#[test]
fn an_unknown_name_lists_the_valid_kinds() {
    assert_eq!(
        "fax".parse::<Kind>(),
        Err(UnknownKind {
            kind: "fax".to_owned(),
            valid: vec!["email".to_owned(), "sms".to_owned(), "push".to_owned()]
        }),
        "the error should carry the name as given and every valid kind, in order"
    );
}

#[test]
fn display_gives_the_lowercase_name_and_round_trips() {
    for kind in Kind::ALL {
        let name = kind.to_string();
        assert_eq!(
            name,
            name.to_lowercase(),
            "{kind:?} should display in lowercase"
        );
        assert_eq!(
            name.parse::<Kind>(),
            Ok(kind),
            "{name:?} should parse back to {kind:?}"
        );
    }
    assert_eq!(Kind::Sms.to_string(), "sms");
}

#[test]
fn a_configuration_file_names_kinds_in_lowercase() {
    let config = parse_config(r#"{"channels": ["email", "push"]}"#)
        .expect("a configuration with lowercase kinds should parse: add #[serde(rename_all = \"lowercase\")]");
    assert_eq!(config.channels, [Kind::Email, Kind::Push]);
    let error = parse_config(r#"{"channels": ["fax"]}"#).expect_err("fax is not a kind");
    assert!(
        error.to_string().contains("fax"),
        "the error should name the unknown kind: {error}"
    );
}
