//! Known-wrong answer to `layered2`: `trim_ascii` in place of `trim`.
//! Breaks: "`email`, trimmed: at most 254 characters, no whitespace inside"
//! Why a learner writes it: the spaces and tabs a test types are ASCII, and `trim_ascii` sounds
//! like the careful choice; a no-break space (U+00A0) pasted from a web page stays, and then
//! counts as whitespace inside the email, or as a character of the name.
//! Rejected by: unicode_whitespace_around_the_email_and_name_is_trimmed

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
    // The mistake: only ASCII whitespace is trimmed, a no-break space stays.
    let email = body.email.trim_ascii();
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
    // The mistake: the same, for the name.
    let name = body.name.trim_ascii();
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
