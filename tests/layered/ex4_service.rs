//! Checks for exercise `layered4`: `exercises/layered/src/ex4_service.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/layered/src/ex4_service.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex4_service.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/layered/src/ex4_service.rs"
)]
#[allow(unused)]
mod exercise;

use std::sync::Mutex;

use argon2::{Argon2, PasswordHash, PasswordVerifier};
use exercise::{
    BrokenStore, MemoryStore, Registration, ServiceError, StoredUser, UserService, UserStore,
    UserView,
};

fn registration(email: &str, name: &str) -> Registration {
    Registration {
        email: email.to_owned(),
        name: name.to_owned(),
        password: "correct horse battery".to_owned(),
    }
}

/// A store whose lookups fail (a read replica down, a timeout) while its inserts work.
#[derive(Default)]
struct LookupFailsStore {
    inserted: Mutex<Vec<StoredUser>>,
}

impl UserStore for LookupFailsStore {
    async fn find_by_email(&self, _email: &str) -> Result<Option<StoredUser>, ServiceError> {
        Err(ServiceError::Internal("lookup timed out".to_owned()))
    }

    async fn insert(&self, user: StoredUser) -> Result<(), ServiceError> {
        self.inserted
            .lock()
            .expect("the lock is never poisoned")
            .push(user);
        Ok(())
    }
}

/// A store whose lookups work (no one is registered) while its inserts fail.
struct InsertFailsStore;

impl UserStore for InsertFailsStore {
    async fn find_by_email(&self, _email: &str) -> Result<Option<StoredUser>, ServiceError> {
        Ok(None)
    }

    async fn insert(&self, _user: StoredUser) -> Result<(), ServiceError> {
        Err(ServiceError::Internal("disk full".to_owned()))
    }
}

#[tokio::test]
async fn register_normalises_stores_and_returns_the_view() {
    let service = UserService::new(MemoryStore::default());
    let ada = service
        .register(registration("  Ada@Example.COM ", " Ada "))
        .await
        .expect("a first registration succeeds");
    assert_eq!(
        ada,
        UserView {
            id: 1,
            email: "ada@example.com".into(),
            name: "Ada".into(),
        },
        "register(email \"  Ada@Example.COM \", name \" Ada \") should return the view of what was stored: the email trimmed and lowercase, the name trimmed"
    );
    let stored = service.store().users();
    assert_eq!(stored.len(), 1, "register should insert exactly one user");
    assert_eq!(
        (
            stored[0].id,
            stored[0].email.as_str(),
            stored[0].name.as_str()
        ),
        (1, "ada@example.com", "Ada"),
        "register(email \"  Ada@Example.COM \", name \" Ada \") should store the email trimmed and lowercase, and the name trimmed"
    );
    let grace = service
        .register(registration("grace@example.com", "Grace"))
        .await
        .expect("a second registration, of another email, succeeds");
    assert_eq!(grace.id, 2, "each user gets a new id (self.next_id())");
}

#[tokio::test]
async fn unicode_case_and_whitespace_are_normalised_too() {
    let service = UserService::new(MemoryStore::default());
    let zoe = service
        .register(registration(
            "\u{a0}ZOË@Example.COM\u{2003}",
            "\u{a0}Zoë\u{3000}",
        ))
        .await
        .expect("a first registration succeeds");
    assert_eq!(
        (zoe.email.as_str(), zoe.name.as_str()),
        ("zoë@example.com", "Zoë"),
        "register(email \"\\u{{a0}}ZOË@Example.COM\\u{{2003}}\", name \"\\u{{a0}}Zoë\\u{{3000}}\") should trim all whitespace, a no-break space included (`trim`), and lowercase every letter, Ë included (`to_lowercase`, not `to_ascii_lowercase`)"
    );
    assert_eq!(
        service
            .register(registration("zoë@example.com", "Zoë again"))
            .await,
        Err(ServiceError::Duplicate("zoë@example.com".into())),
        "after \"\\u{{a0}}ZOË@Example.COM\\u{{2003}}\", \"zoë@example.com\" is the same email: a duplicate"
    );
    assert_eq!(
        service.store().users().len(),
        1,
        "a refused registration stores nothing"
    );
}

#[tokio::test]
async fn the_password_is_stored_as_an_argon2_hash_that_verifies() {
    let service = UserService::new(MemoryStore::default());
    service
        .register(registration("ada@example.com", "Ada"))
        .await
        .unwrap();
    let stored = service.store().users();
    let hash = &stored[0].password_hash;
    assert!(
        !hash.contains("correct horse"),
        "the password \"correct horse battery\" must never be stored, only its hash"
    );
    assert!(
        hash.starts_with("$argon2id$"),
        "expected a PHC string from argon2, got {hash:?}"
    );
    let parsed = PasswordHash::new(hash).expect("a PHC string");
    assert!(
        Argon2::default()
            .verify_password(b"correct horse battery", &parsed)
            .is_ok(),
        "the stored hash should verify against the password \"correct horse battery\""
    );
    // Spaces are part of a password: it is hashed exactly as typed, never trimmed.
    let spaced = Registration {
        password: "  correct horse  ".to_owned(),
        ..registration("grace@example.com", "Grace")
    };
    service.register(spaced).await.unwrap();
    let stored = service.store().users();
    let parsed = PasswordHash::new(&stored[1].password_hash).expect("a PHC string");
    assert!(
        Argon2::default()
            .verify_password(b"  correct horse  ", &parsed)
            .is_ok(),
        "the password should be hashed exactly as typed, spaces included (not trimmed)"
    );
    assert!(
        Argon2::default()
            .verify_password(b"wrong horse", &parsed)
            .is_err(),
        "the hash of \"  correct horse  \" should not verify against \"wrong horse\""
    );
}

#[tokio::test]
async fn the_same_email_in_another_case_is_a_duplicate_and_stores_nothing() {
    let service = UserService::new(MemoryStore::default());
    service
        .register(registration("grace@example.com", "Grace"))
        .await
        .unwrap();
    assert_eq!(
        service
            .register(registration(" GRACE@example.com", "Imposter"))
            .await,
        Err(ServiceError::Duplicate("grace@example.com".into())),
        "after grace@example.com, \" GRACE@example.com\" is the same email once normalised: a Duplicate carrying the normalised email, \"grace@example.com\""
    );
    assert_eq!(
        service.store().users().len(),
        1,
        "a refused registration (\" GRACE@example.com\", a duplicate) stores nothing"
    );
}

#[tokio::test]
async fn a_failing_store_is_an_internal_error_passed_on() {
    let service = UserService::new(BrokenStore);
    assert_eq!(
        service
            .register(registration("ada@example.com", "Ada"))
            .await,
        Err(ServiceError::Internal("connection refused".into())),
        "the store's error should come back as it is (`?`)"
    );
}

#[tokio::test]
async fn a_failing_lookup_is_passed_on_and_nothing_is_stored() {
    let service = UserService::new(LookupFailsStore::default());
    assert_eq!(
        service
            .register(registration("ada@example.com", "Ada"))
            .await,
        Err(ServiceError::Internal("lookup timed out".into())),
        "when find_by_email fails with Internal(\"lookup timed out\"), register should pass that error on as it is (`?`): a failed lookup does not mean \"no such user\""
    );
    assert!(
        service
            .store()
            .inserted
            .lock()
            .expect("the lock is never poisoned")
            .is_empty(),
        "when find_by_email fails, nobody knows whether ada@example.com is taken: register must not insert"
    );
}

#[tokio::test]
async fn a_failing_insert_is_passed_on() {
    let service = UserService::new(InsertFailsStore);
    assert_eq!(
        service
            .register(registration("ada@example.com", "Ada"))
            .await,
        Err(ServiceError::Internal("disk full".into())),
        "when insert fails with Internal(\"disk full\"), register should pass that error on as it is (`?`), not report a user that was never stored"
    );
}
