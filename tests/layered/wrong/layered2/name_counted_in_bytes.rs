//! Known-wrong answer to `layered2`: the name's length is its length in bytes.
//! Breaks: "`name`, trimmed: 1 to 100 characters (characters, not bytes: `Zoë` is 3)."
//! Why a learner writes it: `.len()` is the length of a `String`, as `name.length` is in
//! JavaScript; but it counts UTF-8 bytes, so 100 'é' (200 bytes) are refused.
//! Rejected by: names_are_counted_in_characters_after_trimming

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
    // The mistake: `len()` counts bytes, not characters.
    if !(1..=100).contains(&name.len()) || name.contains(char::is_control) {
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
