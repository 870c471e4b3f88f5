//! Checks for exercise `repository1`: `exercises/repository/src/ex1_memory_store.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/repository/src/ex1_memory_store.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/repository/src/ex1_memory_store.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{MemoryStore, StoreError, User, UserStore};

#[test]
fn create_normalises_and_numbers_users_from_one() {
    let mut store = MemoryStore::new();
    let ada = store
        .create("  Ada@Example.COM ", "Ada")
        .expect("a new email is stored");
    let grace = store
        .create("grace@example.com", "Grace")
        .expect("a new email is stored");
    assert_eq!(
        ada,
        User {
            id: 1,
            email: "ada@example.com".into(),
            name: "Ada".into()
        },
        "the first user gets id 1 and a trimmed, lowercased email"
    );
    assert_eq!(grace.id, 2, "ids count up");
}

#[test]
fn a_taken_email_is_duplicate_and_nothing_is_stored() {
    let mut store = MemoryStore::new();
    store.create("grace@example.com", "Grace").unwrap();
    assert_eq!(
        store.create(" GRACE@example.com", "Imposter"),
        Err(StoreError::Duplicate("grace@example.com".into())),
        "the same email in other case is a duplicate, reported normalised"
    );
    assert_eq!(
        store
            .find_by_email("grace@example.com")
            .map(|u| u.name)
            .as_deref(),
        Some("Grace"),
        "the refused create must not replace the stored user"
    );
}

#[test]
fn lookups_normalise_and_nobody_is_none() {
    let mut store = MemoryStore::new();
    let linus = store.create("linus@example.com", "Linus").unwrap();
    assert_eq!(store.find_by_email(" LINUS@Example.com "), Some(linus));
    assert_eq!(
        store.find_by_email("nobody@example.com"),
        None,
        "nobody is None, not an error"
    );
}

#[test]
fn delete_removes_and_unknown_ids_are_not_found() {
    let mut store = MemoryStore::new();
    let user = store.create("gone@example.com", "Gone").unwrap();
    assert_eq!(store.delete(user.id), Ok(()));
    assert_eq!(
        store.find_by_email("gone@example.com"),
        None,
        "a deleted user is gone"
    );
    assert_eq!(
        store.delete(user.id),
        Err(StoreError::NotFound(user.id)),
        "deleting twice is NotFound"
    );
    assert_eq!(store.delete(42), Err(StoreError::NotFound(42)));
    let again = store
        .create("gone@example.com", "Back")
        .expect("the email is free again");
    assert_ne!(again.id, user.id, "ids are not reused");
}
