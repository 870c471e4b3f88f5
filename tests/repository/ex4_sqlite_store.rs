//! Checks for exercise `repository4`: `exercises/repository/src/ex4_sqlite_store.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/repository/src/ex4_sqlite_store.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/repository/src/ex4_sqlite_store.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{SqliteUsers, StoreError, User};

async fn fresh() -> SqliteUsers {
    SqliteUsers::connect("sqlite::memory:")
        .await
        .expect("an in-memory database opens")
}

#[tokio::test]
async fn create_stores_a_normalised_user_and_find_reads_it_back() {
    let users = fresh().await;
    let ada = users
        .create(" Ada@Example.COM", "Ada")
        .await
        .expect("a new user is stored");
    assert_eq!(
        (ada.email.as_str(), ada.name.as_str()),
        ("ada@example.com", "Ada")
    );
    assert!(
        ada.id > 0,
        "the id should be the one SQLite gave the row (RETURNING id)"
    );
    assert_eq!(
        users.find_by_email("ADA@example.com ").await,
        Ok(Some(ada.clone()))
    );
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(users.pool())
        .await
        .unwrap();
    assert_eq!(rows, 1, "create should insert exactly one row");
    let grace = users.create("grace@example.com", "Grace").await.unwrap();
    assert_ne!(grace.id, ada.id, "each user gets the id of its own row");
}

#[tokio::test]
async fn a_taken_email_is_a_duplicate_not_a_database_error() {
    let users = fresh().await;
    users.create("grace@example.com", "Grace").await.unwrap();
    assert_eq!(
        users.create("GRACE@example.com ", "Imposter").await,
        Err(StoreError::Duplicate("grace@example.com".into())),
        "SQLite's UNIQUE constraint failure should become Duplicate (is_unique_violation)"
    );
}

#[tokio::test]
async fn nobody_is_none() {
    let users = fresh().await;
    assert_eq!(users.find_by_email("nobody@example.com").await, Ok(None));
}

#[tokio::test]
async fn sql_in_the_data_is_stored_as_text() {
    let users = fresh().await;
    let name = "Robert'); DROP TABLE users; --";
    let bobby = users
        .create("bobby@example.com", name)
        .await
        .expect("the name is just text");
    assert_eq!(bobby.name, name);
    let stored = users.find_by_email("bobby@example.com").await.unwrap();
    assert_eq!(
        stored,
        Some(User {
            id: bobby.id,
            email: "bobby@example.com".into(),
            name: name.into()
        })
    );
    let sneaky = users.find_by_email("x' OR '1'='1").await.unwrap();
    assert_eq!(
        sneaky, None,
        "a lookup must bind the email as a value, not splice it into the SQL"
    );
}
