// A test or a benchmark that wants a `Registration` without going through the checks (an
// email that is not one, a password of one letter) would build it field by field. It cannot:
// the fields are private, and `Registration::parse` is the only way in.
use layered::service::{Email, Password, Registration};

fn main() {
    let _unchecked = Registration {
        email: Email("not an email".to_owned()),
        name: String::new(),
        password: Password("x".to_owned()),
    };
}
