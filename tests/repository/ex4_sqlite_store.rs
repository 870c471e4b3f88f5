//! Checks for exercise `repository4`: `exercises/repository/src/ex4_sqlite_store.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/repository/src/ex4_sqlite_store.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex4_sqlite_store.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
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

/// `create(email, name)`, which must succeed: a failure names the input and `rule`.
async fn create_ok(users: &SqliteUsers, email: &str, name: &str, rule: &str) -> User {
    match users.create(email, name).await {
        Ok(user) => user,
        Err(error) => panic!("create({email:?}, {name:?}) failed with {error:?}: {rule}"),
    }
}

/// `find_by_email(email)`, which must not fail: a failure names the input and `rule`.
async fn find_ok(users: &SqliteUsers, email: &str, rule: &str) -> Option<User> {
    match users.find_by_email(email).await {
        Ok(found) => found,
        Err(error) => panic!("find_by_email({email:?}) failed with {error:?}: {rule}"),
    }
}

/// The rows of the table, read with SQL of the check's own.
async fn rows(users: &SqliteUsers) -> Vec<User> {
    sqlx::query_as("SELECT id, email, name FROM users ORDER BY id")
        .fetch_all(users.pool())
        .await
        .expect("the check reads the users table")
}

const BOUND: &str = "values are bound as parameters ($1, $2), never formatted into the SQL, so \
                     quotes and SQL in the data are stored as text";

#[tokio::test]
async fn create_stores_a_normalised_user_and_find_reads_it_back() {
    let users = fresh().await;
    let ada = create_ok(
        &users,
        " Ada@Example.COM",
        "Ada",
        "a new email should be stored",
    )
    .await;
    assert_eq!(
        (ada.email.as_str(), ada.name.as_str()),
        ("ada@example.com", "Ada"),
        "create(\" Ada@Example.COM\", \"Ada\") should return the email trimmed and lowercased"
    );
    assert_eq!(
        rows(&users).await,
        vec![ada.clone()],
        "after create(\" Ada@Example.COM\", \"Ada\") the table should hold exactly one row, \
         with the normalised email and the id the user was returned with (RETURNING id)"
    );
    assert_eq!(
        find_ok(&users, "ADA@example.com ", "a lookup only reads").await,
        Some(ada.clone()),
        "find_by_email(\"ADA@example.com \") should normalise its argument and find Ada"
    );
    let grace = create_ok(
        &users,
        "grace@example.com",
        "Grace",
        "a new email should be stored",
    )
    .await;
    assert_eq!(
        rows(&users).await,
        vec![ada, grace],
        "after a second create(\"grace@example.com\", \"Grace\"), each user should come back \
         with the id of its own row"
    );
}

#[tokio::test]
async fn a_taken_email_is_a_duplicate_not_a_database_error() {
    let users = fresh().await;
    create_ok(&users, "grace@example.com", "Grace", "a new email").await;
    assert_eq!(
        users.create("GRACE@example.com ", "Imposter").await,
        Err(StoreError::Duplicate("grace@example.com".into())),
        "create(\"GRACE@example.com \") after grace@example.com: SQLite's UNIQUE constraint \
         failure should become Duplicate with the normalised email (is_unique_violation)"
    );
}

#[tokio::test]
async fn nobody_is_none() {
    let users = fresh().await;
    assert_eq!(
        users.find_by_email("nobody@example.com").await,
        Ok(None),
        "find_by_email(\"nobody@example.com\") on an empty table: nobody is Ok(None), not an \
         error (fetch_optional, not fetch_one)"
    );
}

#[tokio::test]
async fn quotes_and_sql_in_a_name_are_stored_as_text() {
    let users = fresh().await;
    for (email, name) in [
        ("bobby@example.com", "Robert'); DROP TABLE users; --"),
        ("miles@example.com", "Miles O'Brien"),
    ] {
        let user = create_ok(&users, email, name, BOUND).await;
        assert_eq!(
            find_ok(&users, email, BOUND).await,
            Some(User {
                id: user.id,
                email: email.into(),
                name: name.into(),
            }),
            "create({email:?}, {name:?}) then find_by_email({email:?}) should give the name \
             back exactly: {BOUND}"
        );
    }
    assert_eq!(
        rows(&users).await.len(),
        2,
        "after storing the names \"Robert'); DROP TABLE users; --\" and \"Miles O'Brien\", the \
         table should hold 2 rows: {BOUND}"
    );
}

#[tokio::test]
async fn quotes_and_sql_in_an_email_are_stored_as_text() {
    let users = fresh().await;
    for email in ["o'brien@example.com", "'; drop table users; --"] {
        let user = create_ok(&users, email, "O'Brien", BOUND).await;
        assert_eq!(
            user.email, email,
            "create({email:?}, \"O'Brien\") should return the email as stored: {BOUND}"
        );
        assert_eq!(
            find_ok(&users, email, BOUND).await,
            Some(user),
            "create({email:?}, \"O'Brien\") then find_by_email({email:?}) should find the \
             user: {BOUND}"
        );
    }
    assert_eq!(
        rows(&users).await.len(),
        2,
        "after storing the emails \"o'brien@example.com\" and \"'; drop table users; --\", the \
         table should hold 2 rows: {BOUND}"
    );
}

#[tokio::test]
async fn a_lookup_binds_the_email_as_a_value() {
    let users = fresh().await;
    create_ok(&users, "bobby@example.com", "Bobby", "a new email").await;
    let sneaky = "x' OR '1'='1";
    assert_eq!(
        find_ok(&users, sneaky, BOUND).await,
        None,
        "find_by_email({sneaky:?}) with only bobby@example.com stored: nobody has that email, \
         so None; finding Bobby means the email was spliced into the SQL. {BOUND}"
    );
}

#[tokio::test]
async fn other_database_errors_are_backend_not_duplicate() {
    let users = fresh().await;
    // A rule the database enforces, that is not a unique email.
    sqlx::query(
        "CREATE TRIGGER names_not_blank BEFORE INSERT ON users WHEN NEW.name = ''
         BEGIN SELECT RAISE(ABORT, 'names must not be blank'); END",
    )
    .execute(users.pool())
    .await
    .expect("the check adds a trigger");
    let refused = users.create("blank@example.com", "").await;
    let trigger_message = "names must not be blank";
    assert!(
        matches!(&refused, Err(StoreError::Backend(message)) if message.contains(trigger_message)),
        "create(\"blank@example.com\", \"\") is refused by a trigger (\"names must not be \
         blank\"), not by the UNIQUE constraint: it should be StoreError::Backend with the \
         database's message; only a unique violation is Duplicate. Got {refused:?}"
    );
}

#[tokio::test]
async fn a_failing_database_is_backend_for_create_and_lookup() {
    let users = fresh().await;
    create_ok(&users, "ada@example.com", "Ada", "a new email").await;
    sqlx::query("DROP TABLE users")
        .execute(users.pool())
        .await
        .expect("the check drops the table");
    let created = users.create("grace@example.com", "Grace").await;
    assert!(
        matches!(&created, Err(StoreError::Backend(message)) if message.contains("no such table")),
        "create(\"grace@example.com\", \"Grace\") after the users table was dropped: the \
         database fails (\"no such table\"), which is StoreError::Backend with its message, not \
         Duplicate. Got {created:?}"
    );
    let found = users.find_by_email("ada@example.com").await;
    assert!(
        matches!(&found, Err(StoreError::Backend(message)) if message.contains("no such table")),
        "find_by_email(\"ada@example.com\") after the users table was dropped: a failing \
         database is StoreError::Backend with its message, not Ok(None) (\"nobody\" is only \
         for a lookup that worked). Got {found:?}"
    );
}
