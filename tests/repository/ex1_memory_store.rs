//! Checks for exercise `repository1`: `exercises/repository/src/ex1_memory_store.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/repository/src/ex1_memory_store.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex1_memory_store.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/repository/src/ex1_memory_store.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{MemoryStore, StoreError, User, UserStore};

fn ada_as_stored() -> User {
    User {
        id: 1,
        email: "ada@example.com".into(),
        name: "Ada".into(),
    }
}

#[test]
fn create_normalises_and_numbers_users_from_one() {
    let mut store = MemoryStore::new();
    let ada = store
        .create("  Ada@Example.COM ", "Ada")
        .expect("create(\"  Ada@Example.COM \", \"Ada\") on an empty store should succeed");
    assert_eq!(
        ada,
        ada_as_stored(),
        "create(\"  Ada@Example.COM \", \"Ada\") on an empty store: the first user gets id 1 and \
         the email trimmed and lowercased"
    );
    let grace = store
        .create("grace@example.com", "Grace")
        .expect("create(\"grace@example.com\", \"Grace\") is a new email and should succeed");
    assert_eq!(
        grace.id, 2,
        "the second user stored should get id 2: ids count up 1, 2, 3, ..."
    );
}

#[test]
fn normalising_trims_any_whitespace_and_lowercases_any_letter() {
    let mut store = MemoryStore::new();
    // A tab, a newline and a no-break space (U+00A0, which copy-paste from a web page brings
    // along) are whitespace too; É is a capital letter too.
    let given = "\t\u{a0}ÉMILE@Example.com\u{a0}\n";
    let emile = store
        .create(given, "Émile")
        .expect("create of a new email should succeed");
    assert_eq!(
        emile.email, "émile@example.com",
        "create({given:?}): the email should be stored trimmed of all whitespace (tabs, \
         newlines, no-break spaces) and lowercased, É included"
    );
    assert_eq!(
        store.find_by_email("émile@example.com"),
        Some(emile.clone()),
        "find_by_email(\"émile@example.com\") after create({given:?}) should find the user"
    );
    assert_eq!(
        store.create(" émile@EXAMPLE.COM", "Imposter"),
        Err(StoreError::Duplicate("émile@example.com".into())),
        "create(\" émile@EXAMPLE.COM\") after create({given:?}): the same email once \
         normalised, so Duplicate(\"émile@example.com\")"
    );
}

#[test]
fn a_taken_email_is_duplicate_and_nothing_is_stored() {
    let mut store = MemoryStore::new();
    let grace = store.create("grace@example.com", "Grace").unwrap();
    assert_eq!(
        store.create(" GRACE@example.com", "Imposter"),
        Err(StoreError::Duplicate("grace@example.com".into())),
        "create(\" GRACE@example.com\") after grace@example.com: the same email in other case \
         is a duplicate, reported with the normalised email \"grace@example.com\""
    );
    assert_eq!(
        store.find_by_email("grace@example.com"),
        Some(grace.clone()),
        "after the refused create(\" GRACE@example.com\", \"Imposter\"), \
         find_by_email(\"grace@example.com\") should still give Grace: a refused create \
         stores nothing"
    );
    store
        .delete(grace.id)
        .expect("deleting Grace should succeed");
    assert_eq!(
        store.find_by_email("grace@example.com"),
        None,
        "after the refused create(\" GRACE@example.com\", \"Imposter\") and Grace's delete, \
         nobody should have grace@example.com: the refused create must store nothing"
    );
}

#[test]
fn a_refused_create_uses_up_no_id() {
    let mut store = MemoryStore::new();
    store.create("ada@example.com", "Ada").unwrap();
    assert_eq!(
        store.create("ADA@example.com", "Imposter"),
        Err(StoreError::Duplicate("ada@example.com".into())),
        "create(\"ADA@example.com\") after ada@example.com should be a duplicate"
    );
    let grace = store
        .create("grace@example.com", "Grace")
        .expect("create(\"grace@example.com\") is a new email and should succeed");
    assert_eq!(
        grace.id, 2,
        "users 1 (ada), then a refused duplicate, then grace@example.com: grace should get id \
         2, because a refused create uses up no id"
    );
}

#[test]
fn lookups_normalise_and_nobody_is_none() {
    let mut store = MemoryStore::new();
    let linus = store.create("linus@example.com", "Linus").unwrap();
    assert_eq!(
        store.find_by_email(" LINUS@Example.com "),
        Some(linus),
        "find_by_email(\" LINUS@Example.com \") should normalise its argument and find \
         linus@example.com"
    );
    assert_eq!(
        store.find_by_email("nobody@example.com"),
        None,
        "find_by_email(\"nobody@example.com\") on a store without it: nobody is None"
    );
}

#[test]
fn delete_removes_and_unknown_ids_are_not_found() {
    let mut store = MemoryStore::new();
    let user = store.create("gone@example.com", "Gone").unwrap();
    assert_eq!(
        store.delete(user.id),
        Ok(()),
        "delete({}) of a stored user should succeed",
        user.id
    );
    assert_eq!(
        store.find_by_email("gone@example.com"),
        None,
        "after delete({}), find_by_email(\"gone@example.com\") should be None",
        user.id
    );
    assert_eq!(
        store.delete(user.id),
        Err(StoreError::NotFound(user.id)),
        "delete({0}) a second time: the id no longer exists, so NotFound({0})",
        user.id
    );
    assert_eq!(
        store.delete(42),
        Err(StoreError::NotFound(42)),
        "delete(42) of an id never given out should be NotFound(42)"
    );
}

#[test]
fn ids_are_never_reused_after_a_delete() {
    let mut store = MemoryStore::new();
    let first = store.create("first@example.com", "First").unwrap();
    let second = store.create("second@example.com", "Second").unwrap();
    store.delete(first.id).expect("deleting a stored user");
    let third = store
        .create("first@example.com", "Back")
        .expect("the email of a deleted user is free again");
    assert!(
        third.id != first.id && third.id != second.id,
        "ids {} and {} given out, then {} deleted: the next user got id {}, but ids are never \
         reused, not even after a delete",
        first.id,
        second.id,
        first.id,
        third.id
    );
    assert_eq!(
        third.id, 3,
        "ids 1 and 2 given out, then 1 deleted: the next user should get id 3"
    );
}
