//! Known-wrong answer to `layered2`: the email's length counted in characters.
//! Breaks: "`email`, trimmed: at most 254 bytes (RFC 5321 limits an address to 254 octets, so `é`, two bytes in UTF-8, counts 2)"
//! Why a learner writes it: the name's rule counts characters, and "length" in most languages
//! means characters; but the limit on an address comes from SMTP, which counts octets, and an
//! address of 134 characters can be 255 bytes.
//! Rejected by: emails_are_at_most_254_bytes_as_rfc_5321_counts

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
    // The mistake: counts characters, as the name's rule does, not the bytes RFC 5321 counts.
    let well_formed = email.chars().count() <= 254
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
