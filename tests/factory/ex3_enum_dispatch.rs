//! Checks for exercise `factory3`: `exercises/factory/src/ex3_enum_dispatch.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/factory/src/ex3_enum_dispatch.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
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

#[test]
fn from_wraps_each_channel_in_its_variant() {
    assert_eq!(AnyNotifier::from(email()), AnyNotifier::Email(email()));
    let via_into: AnyNotifier = sms().into();
    assert_eq!(via_into, AnyNotifier::Sms(sms()));
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
        ]
    );
    let kinds: Vec<&str> = notifiers.iter().map(AnyNotifier::kind).collect();
    assert_eq!(kinds, ["email", "sms"]);
}

#[test]
fn create_builds_the_default_channels_by_name() {
    assert_eq!(
        AnyNotifier::create(" Email "),
        Ok(AnyNotifier::Email(Email {
            from: "welcome@example.com".to_owned()
        }))
    );
    assert_eq!(
        AnyNotifier::create("SMS"),
        Ok(AnyNotifier::Sms(Sms {
            sender_id: "SHOP".to_owned()
        }))
    );
    assert_eq!(
        AnyNotifier::create("fax"),
        Err(UnknownKind {
            kind: "fax".to_owned(),
            valid: vec!["email", "sms"]
        })
    );
}
