//! Known-wrong answer to `layered2`: the email is checked trimmed but returned as it came.
//! Breaks: "The `Registration` carries the trimmed email and name, and the password as it came."
//! Why a learner writes it: the trimming is done for the checks, and the `Registration` is built
//! from the body's fields, as in `{ ...req.body }`; the service then stores "  ada@example.com ".
//! Rejected by: a_good_body_becomes_a_registration_with_the_email_and_name_trimmed, unicode_whitespace_around_the_email_and_name_is_trimmed

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
        // The mistake: the body's email, not the trimmed one that was checked.
        email: body.email.clone(),
        name: name.to_owned(),
        password: body.password,
    })
}
