//! Checks for exercise `layered2`: `exercises/layered/src/ex2_validate.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/layered/src/ex2_validate.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/layered/src/ex2_validate.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{Invalid, RegisterBody, Registration, validate};

fn body(email: &str, name: &str, password: &str) -> RegisterBody {
    RegisterBody {
        email: email.to_owned(),
        name: name.to_owned(),
        password: password.to_owned(),
    }
}

fn invalid(field: &'static str) -> Result<Registration, Invalid> {
    let expected = match field {
        "email" => "an address like ada@example.com",
        "name" => "1 to 100 characters",
        _ => "8 to 128 characters",
    };
    Err(Invalid { field, expected })
}

#[test]
fn a_good_body_becomes_a_registration_with_the_email_and_name_trimmed() {
    assert_eq!(
        validate(body(
            "  ada@example.com ",
            " Ada Lovelace ",
            " correct horse "
        )),
        Ok(Registration {
            email: "ada@example.com".into(),
            name: "Ada Lovelace".into(),
            password: " correct horse ".into(),
        }),
        "email and name are trimmed; the password is kept exactly as typed"
    );
}

#[test]
fn malformed_emails_are_refused() {
    for email in [
        "",
        "   ",
        "ada",
        "@example.com",
        "ada@",
        "ada@example",
        "ada@.com",
        "ada@example.",
        "a@b@example.com",
        "ada lovelace@example.com",
        "ada@exa\tmple.com",
        "'; DROP TABLE users; --",
        "{\"$gt\": \"\"}",
    ] {
        assert_eq!(
            validate(body(email, "Ada", "correct horse")),
            invalid("email"),
            "{email:?} is not an email address"
        );
    }
    let long = format!("{}@example.com", "a".repeat(243));
    assert_eq!(long.len(), 255);
    assert_eq!(
        validate(body(&long, "Ada", "correct horse")),
        invalid("email")
    );
    let longest = format!("{}@example.com", "a".repeat(242));
    assert!(
        validate(body(&longest, "Ada", "correct horse")).is_ok(),
        "254 characters is allowed"
    );
    let accented = format!("{}@example.com", "é".repeat(242));
    assert!(
        validate(body(&accented, "Ada", "correct horse")).is_ok(),
        "254 characters (496 bytes) is allowed: count chars, not bytes"
    );
    assert!(
        validate(body(&format!("  {longest}  "), "Ada", "correct horse")).is_ok(),
        "the length counts after trimming"
    );
    for email in [
        "ada@example.com",
        "ADA.lovelace+news@mail.example.org",
        "a@b.co",
    ] {
        assert!(
            validate(body(email, "Ada", "correct horse")).is_ok(),
            "{email:?} is fine"
        );
    }
}

#[test]
fn names_are_counted_in_characters_after_trimming() {
    assert_eq!(
        validate(body("ada@example.com", "", "correct horse")),
        invalid("name")
    );
    assert_eq!(
        validate(body("ada@example.com", "   ", "correct horse")),
        invalid("name")
    );
    let hundred = "é".repeat(100);
    assert_eq!(
        validate(body("ada@example.com", &hundred, "correct horse")).map(|r| r.name),
        Ok(hundred.clone()),
        "a name of 100 characters is allowed (100 'é', 200 bytes: count chars, not bytes)"
    );
    let too_long = "é".repeat(101);
    assert_eq!(
        validate(body("ada@example.com", &too_long, "correct horse")),
        invalid("name")
    );
    assert_eq!(
        validate(body(
            "ada@example.com",
            "Robert'); DROP TABLE users; --",
            "correct horse"
        ))
        .map(|r| r.name),
        Ok("Robert'); DROP TABLE users; --".into()),
        "odd names are the database layer's business (bound parameters), not refused here"
    );
}

#[test]
fn passwords_are_8_to_128_characters_spaces_included() {
    assert_eq!(
        validate(body("ada@example.com", "Ada", "short")),
        invalid("password")
    );
    assert_eq!(
        validate(body("ada@example.com", "Ada", "   seven")),
        Ok(Registration {
            email: "ada@example.com".into(),
            name: "Ada".into(),
            password: "   seven".into(),
        }),
        "8 characters counting the spaces: the password is not trimmed"
    );
    assert!(validate(body("ada@example.com", "Ada", &"ü".repeat(8))).is_ok());
    assert_eq!(
        validate(body("ada@example.com", "Ada", &"ü".repeat(4))),
        invalid("password"),
        "4 'ü' are 8 bytes but 4 characters: count chars, not bytes"
    );
    assert!(
        validate(body("ada@example.com", "Ada", &"ü".repeat(128))).is_ok(),
        "128 'ü' are 128 characters (256 bytes)"
    );
    assert!(validate(body("ada@example.com", "Ada", &"p".repeat(128))).is_ok());
    assert_eq!(
        validate(body("ada@example.com", "Ada", &"p".repeat(129))),
        invalid("password")
    );
}

#[test]
fn the_first_wrong_field_is_the_one_reported() {
    assert_eq!(validate(body("nope", "", "short")), invalid("email"));
    assert_eq!(
        validate(body("ada@example.com", "", "short")),
        invalid("name")
    );
}
