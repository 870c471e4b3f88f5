//! Checks for exercise `layered2`: `exercises/layered/src/ex2_validate.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/layered/src/ex2_validate.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex2_validate.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
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
        "name" => "1 to 100 characters, none of them control characters",
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
        "validate(email \"  ada@example.com \", name \" Ada Lovelace \", password \" correct horse \") should return the email and name trimmed and the password exactly as typed"
    );
}

#[test]
fn unicode_whitespace_around_the_email_and_name_is_trimmed() {
    // A no-break space (U+00A0) comes with text pasted from a web page or a word processor;
    // an em space (U+2003) and an ideographic space (U+3000) are whitespace too.
    assert_eq!(
        validate(body(
            "\u{a0}\tada@example.com\u{2003}\n",
            "\u{3000}Ada Lovelace\u{a0}",
            "\u{a0}correct horse\u{a0}"
        )),
        Ok(Registration {
            email: "ada@example.com".into(),
            name: "Ada Lovelace".into(),
            password: "\u{a0}correct horse\u{a0}".into(),
        }),
        "email \"\\u{{a0}}\\tada@example.com\\u{{2003}}\\n\" and name \"\\u{{3000}}Ada Lovelace\\u{{a0}}\" should come back trimmed of all whitespace, Unicode included (`str::trim`, not only ASCII spaces), as \"ada@example.com\" and \"Ada Lovelace\"; the password is kept exactly as typed"
    );
    assert_eq!(
        validate(body(
            "ada@example.com",
            "\u{a0}\u{3000}\u{2003}",
            "correct horse"
        )),
        invalid("name"),
        "the name \"\\u{{a0}}\\u{{3000}}\\u{{2003}}\" is only whitespace: trimmed, it has 0 characters, not 1 to 100"
    );
}

#[test]
fn unicode_whitespace_inside_an_email_is_refused() {
    for email in [
        "ada\u{a0}lovelace@example.com",
        "ada@example\u{2009}.com",
        "ada\u{3000}@example.com",
        "ada@exa\nmple.com",
    ] {
        assert_eq!(
            validate(body(email, "Ada", "correct horse")),
            invalid("email"),
            "{email:?} has whitespace inside (a no-break space U+00A0, a thin space U+2009, an ideographic space U+3000 are whitespace too: `char::is_whitespace`), so it is not an email address"
        );
    }
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
        "ada.lovelace@example",
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
    for email in [
        "ada@example.com",
        "ADA.lovelace+news@mail.example.org",
        "a@b.co",
    ] {
        assert!(
            validate(body(email, "Ada", "correct horse")).is_ok(),
            "{email:?} is a well-formed email address and should be accepted"
        );
    }
}

#[test]
fn emails_are_at_most_254_bytes_as_rfc_5321_counts() {
    let long = format!("{}@example.com", "a".repeat(243));
    assert_eq!(long.len(), 255);
    assert_eq!(
        validate(body(&long, "Ada", "correct horse")),
        invalid("email"),
        "an email of 255 bytes (243 'a' then @example.com) is over the 254 allowed"
    );
    let longest = format!("{}@example.com", "a".repeat(242));
    assert!(
        validate(body(&longest, "Ada", "correct horse")).is_ok(),
        "an email of 254 bytes (242 'a' then @example.com) is allowed: at most 254"
    );
    let accented = format!("{}@example.com", "é".repeat(121));
    assert_eq!(accented.len(), 254);
    assert!(
        validate(body(&accented, "Ada", "correct horse")).is_ok(),
        "an email of 254 bytes (121 'é' then @example.com; 133 characters) is allowed"
    );
    let too_long = format!("a{accented}");
    assert_eq!(
        validate(body(&too_long, "Ada", "correct horse")),
        invalid("email"),
        "an email of 134 characters but 255 bytes ('a', 121 'é', @example.com) is too long: \
         RFC 5321 limits an address to 254 octets, so count bytes (`len`), not chars"
    );
    assert!(
        validate(body(&format!("  {longest}  "), "Ada", "correct horse")).is_ok(),
        "an email of 254 bytes with two spaces on each side is allowed: the length counts after \
         trimming"
    );
}

#[test]
fn control_characters_are_refused_in_the_email_and_the_name_but_not_the_password() {
    for email in [
        "ada\u{0}@example.com",
        "ada@exam\u{7f}ple.com",
        "ada@example.com\u{1b}x",
    ] {
        assert_eq!(
            validate(body(email, "Ada", "correct horse")),
            invalid("email"),
            "{email:?} holds a control character (`char::is_control`): not an email address"
        );
    }
    for name in [
        "Ada\u{0}Lovelace",
        "Ada\tLovelace",
        "Ada\nLovelace",
        "Ada\u{9f}",
    ] {
        assert_eq!(
            validate(body("ada@example.com", name, "correct horse")),
            invalid("name"),
            "the name {name:?} holds a control character (`char::is_control`): refused, with the \
             name's message"
        );
    }
    assert_eq!(
        validate(body("ada@example.com", "Ada", "correct\u{0}horse")).map(|r| r.password),
        Ok("correct\u{0}horse".into()),
        "a password is only ever hashed, never stored or shown: any character is fine in it"
    );
}

#[test]
fn names_are_counted_in_characters_after_trimming() {
    assert_eq!(
        validate(body("ada@example.com", "", "correct horse")),
        invalid("name"),
        "the name \"\" has 0 characters, not 1 to 100"
    );
    assert_eq!(
        validate(body("ada@example.com", "   ", "correct horse")),
        invalid("name"),
        "the name \"   \" has 0 characters once trimmed, not 1 to 100"
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
        invalid("name"),
        "a name of 101 'é' is 101 characters, over the 100 allowed"
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
        invalid("password"),
        "the password \"short\" has 5 characters, not 8 to 128"
    );
    assert_eq!(
        validate(body("ada@example.com", "Ada", "   seven")),
        Ok(Registration {
            email: "ada@example.com".into(),
            name: "Ada".into(),
            password: "   seven".into(),
        }),
        "the password \"   seven\" has 8 characters counting the spaces: it is not trimmed, and should come back as typed"
    );
    assert!(
        validate(body("ada@example.com", "Ada", &"ü".repeat(8))).is_ok(),
        "a password of 8 'ü' has 8 characters: allowed"
    );
    assert_eq!(
        validate(body("ada@example.com", "Ada", &"ü".repeat(4))),
        invalid("password"),
        "4 'ü' are 8 bytes but 4 characters: count chars, not bytes"
    );
    assert!(
        validate(body("ada@example.com", "Ada", &"ü".repeat(128))).is_ok(),
        "128 'ü' are 128 characters (256 bytes)"
    );
    assert!(
        validate(body("ada@example.com", "Ada", &"p".repeat(128))).is_ok(),
        "a password of 128 'p' has 128 characters: allowed"
    );
    assert_eq!(
        validate(body("ada@example.com", "Ada", &"p".repeat(129))),
        invalid("password"),
        "a password of 129 'p' has 129 characters, over the 128 allowed"
    );
}

#[test]
fn the_first_wrong_field_is_the_one_reported() {
    assert_eq!(
        validate(body("nope", "", "short")),
        invalid("email"),
        "email \"nope\", name \"\" and password \"short\" are all wrong: the email is checked first"
    );
    assert_eq!(
        validate(body("ada@example.com", "", "short")),
        invalid("name"),
        "name \"\" and password \"short\" are both wrong: the name is checked before the password"
    );
}
