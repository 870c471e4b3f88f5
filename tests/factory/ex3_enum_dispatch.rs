//! Checks for exercise `factory3`: `exercises/factory/src/ex3_enum_dispatch.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/factory/src/ex3_enum_dispatch.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex3_enum_dispatch.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/factory/src/ex3_enum_dispatch.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{AnyNotifier, Email, Sms, UnknownKind};

fn email() -> Email {
    Email {
        from: "news@example.com".to_owned(),
    }
}

fn sms() -> Sms {
    Sms {
        sender_id: "ACME".to_owned(),
    }
}

fn welcome_email() -> AnyNotifier {
    AnyNotifier::Email(Email {
        from: "welcome@example.com".to_owned(),
    })
}

fn shop_sms() -> AnyNotifier {
    AnyNotifier::Sms(Sms {
        sender_id: "SHOP".to_owned(),
    })
}

#[test]
fn from_wraps_each_channel_in_its_variant() {
    assert_eq!(
        AnyNotifier::from(email()),
        AnyNotifier::Email(email()),
        "AnyNotifier::from(an Email) should be the Email variant holding that same Email"
    );
    let via_into: AnyNotifier = sms().into();
    assert_eq!(
        via_into,
        AnyNotifier::Sms(sms()),
        "an Sms .into() an AnyNotifier should be the Sms variant holding that same Sms"
    );
}

#[test]
fn send_and_kind_go_to_the_channel_inside() {
    let notifiers: Vec<AnyNotifier> = vec![email().into(), sms().into()];
    let sent: Vec<String> = notifiers.iter().map(|n| n.send("ada", "welcome")).collect();
    assert_eq!(
        sent,
        [
            "email from news@example.com to ada: welcome",
            "sms from ACME to ada: welcome"
        ],
        "send(\"ada\", \"welcome\") should hand the call to the notifier inside (Email from \
         news@example.com, Sms from ACME), whose own send names its sender"
    );
    let kinds: Vec<&str> = notifiers.iter().map(AnyNotifier::kind).collect();
    assert_eq!(
        kinds,
        ["email", "sms"],
        "kind() should be \"email\" for the Email variant and \"sms\" for the Sms variant"
    );
}

#[test]
fn create_builds_the_default_channels_by_name() {
    for (name, expected) in [
        ("email", welcome_email()),
        ("sms", shop_sms()),
        (" Email ", welcome_email()),
        ("SMS", shop_sms()),
        ("\tsMs\n", shop_sms()),
        ("EMAIL ", welcome_email()),
    ] {
        assert_eq!(
            AnyNotifier::create(name),
            Ok(expected.clone()),
            "AnyNotifier::create({name:?}) should give {expected:?}: \"email\" gives an Email \
             from welcome@example.com, \"sms\" an Sms with sender id SHOP, trimmed and \
             case-insensitive"
        );
    }
}

#[test]
fn create_refuses_an_unknown_kind_with_the_valid_ones() {
    for name in ["fax", "pigeon", "emails", ""] {
        assert_eq!(
            AnyNotifier::create(name),
            Err(UnknownKind {
                kind: name.to_owned(),
                valid: vec!["email", "sms"]
            }),
            "AnyNotifier::create({name:?}) should fail with UnknownKind {{ kind: {name:?}, \
             valid: [\"email\", \"sms\"] }}: anything else than email or sms is an error"
        );
    }
}

#[test]
fn an_unknown_kind_carries_the_name_exactly_as_given() {
    for name in [" Fax ", "Pigeon", "PIGEON", " fax", "fax\n", "\tTelegram "] {
        let error = AnyNotifier::create(name).err();
        assert_eq!(
            error.as_ref().map(|e| e.kind.as_str()),
            Some(name),
            "AnyNotifier::create({name:?}) should fail with UnknownKind carrying the name as \
             given, {name:?}, not a trimmed or lowercased copy; got {error:?}"
        );
    }
}
