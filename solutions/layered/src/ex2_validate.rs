//! # Layered 2: the controller checks the shape of the input
//!
//! A controller's first job is to turn what arrived over HTTP into something the service can
//! trust. `RegisterBody` is the JSON as the client sent it; `Registration` is what the service
//! accepts. `validate` stands between them, so that the service never has to ask "is this even
//! an email?" and can keep to the business rules.
//!
//! Each rule answers with the field at fault and what was expected, which the controller sends
//! back as a 422 so the client knows what to fix.
//!
//! TODO: implement `validate`, checking the fields in this order and answering with the first
//! one that is wrong:
//! - `email`, trimmed: at most 254 bytes (RFC 5321 limits an address to 254 octets, so
//!   `é`, two bytes in UTF-8, counts 2), no whitespace or control character
//!   (`char::is_control`) inside, exactly one `@` with something before it, and a domain
//!   after it that contains a `.` but neither starts nor ends with one (`ada@example.com`
//!   yes; `ada`, `@example.com`, `ada@example`, `ada@.com`, `ada@example.`,
//!   `a@b@example.com`, `ada lovelace@example.com` no).
//!   `Invalid { field: "email", expected: "an address like ada@example.com" }`;
//! - `name`, trimmed: 1 to 100 characters, counted as `char`s, not bytes (`Zoë` is 3 `char`s
//!   as keyboards type it, with a precomposed `ë`; its decomposed form, `e` and a combining
//!   diaeresis, is 4), and no control character (a tab, a line break, U+0000, which
//!   PostgreSQL cannot even store in a text column).
//!   `Invalid { field: "name", expected: "1 to 100 characters, none of them control characters" }`;
//! - `password`, NOT trimmed (a space is a fine password character, and so is any other: a
//!   password is only ever hashed): 8 to 128 characters.
//!   `Invalid { field: "password", expected: "8 to 128 characters" }`.
//!
//! The `Registration` carries the trimmed email and name, and the password as it came.
//!
//! Check your work with `cargo learn check layered2`; stuck? `cargo learn hint layered2`.

/// The body of `POST /users`, as the client sent it.
#[derive(Debug, Clone)]
pub struct RegisterBody {
    pub email: String,
    pub name: String,
    pub password: String,
}

/// What the service accepts: well-formed, not yet checked against the business rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub email: String,
    pub name: String,
    pub password: String,
}

/// The first field that is wrong, and what it should look like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub expected: &'static str,
}

pub fn validate(body: RegisterBody) -> Result<Registration, Invalid> {
    let email = body.email.trim();
    let well_formed = email.len() <= 254
        && !email.contains(|c: char| c.is_whitespace() || c.is_control())
        && match email.split_once('@') {
            Some((user, domain)) => {
                !user.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if !well_formed {
        return Err(Invalid {
            field: "email",
            expected: "an address like ada@example.com",
        });
    }
    let name = body.name.trim();
    if !(1..=100).contains(&name.chars().count()) || name.contains(char::is_control) {
        return Err(Invalid {
            field: "name",
            expected: "1 to 100 characters, none of them control characters",
        });
    }
    if !(8..=128).contains(&body.password.chars().count()) {
        return Err(Invalid {
            field: "password",
            expected: "8 to 128 characters",
        });
    }
    Ok(Registration {
        email: email.to_owned(),
        name: name.to_owned(),
        password: body.password,
    })
}
