//! Known-wrong answer to `layered2`: the `.` looked for in the whole email, not in the domain.
//! Breaks: "a domain after it that contains a `.` but neither starts nor ends with one"
//! Why a learner writes it: "an email has an @ and a dot" is the rule of thumb; `ada.lovelace@example`
//! has a dot, but in the part before the `@`.
//! Rejected by: malformed_emails_are_refused

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
                    // The mistake: the dot may be anywhere, before the `@` too.
                    && email.contains('.')
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
