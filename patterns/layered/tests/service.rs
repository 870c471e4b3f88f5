//! The business rules, tested without a database: the service is generic over its storage
//! port, so here it runs over stores in memory, including ones that fail on purpose.

use std::sync::{Arc, Mutex};

use argon2::{Argon2, PasswordHash, PasswordVerifier};
use layered::service::{
    Invalid, Registration, ServiceError, StoreError, StoredUser, UserService, UserStore,
};

/// A store in a `Vec`: the fake the service's rules are tested against. The test keeps a clone
/// of `users`, to see what the service stored, hashes included.
#[derive(Default)]
struct MemoryStore {
    users: Arc<Mutex<Vec<StoredUser>>>,
    /// Fail every lookup by email, as a database that is down would.
    lookups_fail: bool,
    /// Answer every insert with `Duplicate`, as when another registration wins a race.
    inserts_collide: bool,
}

impl MemoryStore {
    fn users(&self) -> Vec<StoredUser> {
        self.users.lock().expect("the store's lock").clone()
    }
}

impl UserStore for MemoryStore {
    async fn find_by_email(&self, email: &str) -> Result<Option<StoredUser>, StoreError> {
        if self.lookups_fail {
            return Err(StoreError::Backend("connection refused".to_owned()));
        }
        Ok(self.users().into_iter().find(|u| u.email == email))
    }

    async fn find_by_id(&self, id: &str) -> Result<Option<StoredUser>, StoreError> {
        Ok(self.users().into_iter().find(|u| u.id == id))
    }

    async fn insert(&self, user: &StoredUser) -> Result<(), StoreError> {
        if self.inserts_collide {
            return Err(StoreError::Duplicate);
        }
        self.users
            .lock()
            .expect("the store's lock")
            .push(user.clone());
        Ok(())
    }

    async fn list(&self, offset: u32, limit: u32) -> Result<Vec<StoredUser>, StoreError> {
        let mut users = self.users();
        users.sort_by(|a, b| a.email.cmp(&b.email));
        Ok(users
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .collect())
    }
}

fn registration(email: &str, name: &str, password: &str) -> Registration {
    Registration::parse(email, name, password.to_owned()).expect("a well-formed registration")
}

#[tokio::test]
async fn register_normalises_hashes_stores_and_returns_no_hash() {
    let service = UserService::new(MemoryStore::default());
    let view = service
        .register(registration(
            " Ada@Example.COM ",
            "  Ada  ",
            "correct horse",
        ))
        .await
        .expect("a registration");
    assert_eq!(view.email, "ada@example.com");
    assert_eq!(view.name, "Ada");
    let page = service.list(0, 10).await.expect("a page");
    assert_eq!(page, std::slice::from_ref(&view));
    let fetched = service.get(&view.id).await.expect("the user by id");
    assert_eq!(fetched, view);
}

#[tokio::test]
async fn the_stored_hash_is_argon2_and_verifies_the_password_as_typed() {
    let store = MemoryStore::default();
    let stored = Arc::clone(&store.users);
    let service = UserService::new(store);
    service
        .register(registration("ada@example.com", "Ada", " correct horse "))
        .await
        .expect("a registration");
    let stored = stored.lock().expect("the store's lock").clone();
    assert_eq!(stored.len(), 1);
    let hash = PasswordHash::new(&stored[0].password_hash).expect("a PHC string");
    assert_eq!(hash.algorithm.as_str(), "argon2id");
    assert!(
        Argon2::default()
            .verify_password(b" correct horse ", &hash)
            .is_ok(),
        "the hash must verify the password exactly as typed, spaces included"
    );
}

#[tokio::test]
async fn the_same_email_in_another_case_is_a_duplicate_and_stores_nothing() {
    let service = UserService::new(MemoryStore::default());
    service
        .register(registration("ada@example.com", "Ada", "correct horse"))
        .await
        .expect("the first registration");
    let again = service
        .register(registration(
            "ADA@example.com ",
            "Ada again",
            "battery staple",
        ))
        .await;
    assert!(
        matches!(&again, Err(ServiceError::Duplicate(email)) if email == "ada@example.com"),
        "{again:?}"
    );
    assert_eq!(service.list(0, 10).await.expect("a page").len(), 1);
}

#[tokio::test]
async fn a_failing_lookup_is_an_internal_error_and_nothing_is_stored() {
    let store = MemoryStore {
        lookups_fail: true,
        ..MemoryStore::default()
    };
    let stored = Arc::clone(&store.users);
    let service = UserService::new(store);
    let outcome = service
        .register(registration("ada@example.com", "Ada", "correct horse"))
        .await;
    assert!(
        matches!(&outcome, Err(ServiceError::Internal(detail)) if detail.contains("connection refused")),
        "a lookup that fails is not a \"no such user\": {outcome:?}"
    );
    assert!(
        stored.lock().expect("the store's lock").is_empty(),
        "nothing may be stored"
    );
}

#[tokio::test]
async fn a_duplicate_from_the_store_is_a_duplicate_for_the_caller() {
    // Two registrations raced past the service's check; the store (the database's unique
    // index) says no to the second, and the service says which email.
    let service = UserService::new(MemoryStore {
        inserts_collide: true,
        ..MemoryStore::default()
    });
    let outcome = service
        .register(registration("Ada@example.com", "Ada", "correct horse"))
        .await;
    assert!(
        matches!(&outcome, Err(ServiceError::Duplicate(email)) if email == "ada@example.com"),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn an_unknown_id_is_not_found() {
    let service = UserService::new(MemoryStore::default());
    // A well-formed id nobody has, and ids that are not UUIDs at all (U+0000 included, which
    // PostgreSQL would answer with an error): all name no user.
    for id in [
        "7d3c2a1e-0000-4000-8000-000000000000",
        "no-such-id",
        "a\u{0}b",
    ] {
        assert!(
            matches!(service.get(id).await, Err(ServiceError::NotFound(ref found)) if found == id),
            "{id:?}"
        );
    }
}

#[test]
fn a_registration_is_made_only_by_parsing_and_never_shows_its_password() {
    assert_eq!(
        Registration::parse("ada", "Ada", "correct horse".to_owned()).unwrap_err(),
        Invalid {
            field: "email",
            expected: "an address like ada@example.com"
        }
    );
    assert_eq!(
        Registration::parse("ada@example.com", "   ", "correct horse".to_owned())
            .unwrap_err()
            .field,
        "name"
    );
    assert_eq!(
        Registration::parse("ada@example.com", "Ada", "short".to_owned())
            .unwrap_err()
            .field,
        "password"
    );
    let registration = registration("ada@example.com", "Ada", "correct horse");
    let shown = format!("{registration:?}");
    assert!(
        !shown.contains("correct horse") && shown.contains("<redacted>"),
        "a Registration's Debug must hide the password: {shown}"
    );
}
