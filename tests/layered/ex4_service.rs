//! Checks for exercise `layered4`: `exercises/layered/src/ex4_service.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/layered/src/ex4_service.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/layered/src/ex4_service.rs"
)]
#[allow(unused)]
mod exercise;

use argon2::{Argon2, PasswordHash, PasswordVerifier};
use exercise::{BrokenStore, MemoryStore, Registration, ServiceError, UserService, UserView};

fn registration(email: &str, name: &str) -> Registration {
    Registration {
        email: email.to_owned(),
        name: name.to_owned(),
        password: "correct horse battery".to_owned(),
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
        }
    );
    let stored = service.store().users();
    assert_eq!(stored.len(), 1, "register should insert exactly one user");
    assert_eq!(
        (
            stored[0].id,
            stored[0].email.as_str(),
            stored[0].name.as_str()
        ),
        (1, "ada@example.com", "Ada")
    );
    let grace = service
        .register(registration("grace@example.com", "Grace"))
        .await
        .unwrap();
    assert_eq!(grace.id, 2, "each user gets a new id (self.next_id())");
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
        "the password itself must never be stored"
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
        "the hash should verify against the password"
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
            .is_err()
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
        Err(ServiceError::Duplicate("grace@example.com".into()))
    );
    assert_eq!(
        service.store().users().len(),
        1,
        "a refused registration stores nothing"
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
