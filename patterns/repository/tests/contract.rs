//! The contract of `UserRepository`, written once and run against every backend with the same
//! assertions. Each test gets a store of its own: a fresh map, a fresh in-memory SQLite
//! database, a fresh PostgreSQL schema, a fresh MongoDB database (both dropped afterwards), so
//! tests run in parallel and leave nothing behind on the shared servers.
//!
//! PostgreSQL runs when `DATABASE_URL` is set, MongoDB when `MONGODB_URL` is; without them
//! those tests skip with one line, unless `REQUIRE_SERVICES=1` (CI), where they fail instead.

// The contract's promises are plain async functions called by the generated tests: a panic
// with the error is exactly the report we want from them.
#![allow(clippy::unwrap_used)]

use repository::memory::MemoryRepository;
use repository::mongo::MongoRepository;
use repository::sql::SqlRepository;
use repository::{NewUser, Page, RepoError, User, UserRepository, UserUpdate};

fn new_user(email: &str, name: &str) -> NewUser {
    NewUser {
        email: email.to_owned(),
        name: name.to_owned(),
    }
}

// ---- the contract: one function per promise, generic over the backend ----

async fn create_then_find_by_id_and_email<R: UserRepository>(repo: &R) {
    let ada = repo
        .create(new_user("  Ada@Example.COM ", "Ada"))
        .await
        .unwrap();
    assert_eq!(ada.email, "ada@example.com", "emails are stored normalised");
    assert_eq!(repo.find_by_id(&ada.id).await.unwrap(), Some(ada.clone()));
    assert_eq!(
        repo.find_by_email("ADA@example.com").await.unwrap(),
        Some(ada)
    );
}

// ANCHOR: contract
async fn a_duplicate_email_is_the_same_domain_error<R: UserRepository>(repo: &R) {
    repo.create(new_user("grace@example.com", "Grace"))
        .await
        .unwrap();
    let error = repo
        .create(new_user("Grace@Example.com", "Imposter"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, RepoError::Duplicate(email) if email == "grace@example.com"),
        "expected Duplicate, got {error:?}"
    );
    let page = repo
        .list(Page {
            offset: 0,
            limit: 10,
        })
        .await
        .unwrap();
    assert_eq!(page.len(), 1, "a refused create must store nothing");
    assert_eq!(page[0].name, "Grace");
}
// ANCHOR_END: contract

async fn nobody_is_none_and_unknown_ids_are_not_found<R: UserRepository>(repo: &R) {
    let ghost = repository::UserId::new();
    assert_eq!(repo.find_by_id(&ghost).await.unwrap(), None);
    assert_eq!(
        repo.find_by_email("nobody@example.com").await.unwrap(),
        None
    );
    assert!(matches!(
        repo.update(&ghost, UserUpdate::default()).await,
        Err(RepoError::NotFound(id)) if id == ghost
    ));
    assert!(matches!(
        repo.delete(&ghost).await,
        Err(RepoError::NotFound(_))
    ));
}

async fn pages_are_stable_ordered_and_complete<R: UserRepository>(repo: &R) {
    for n in [7, 3, 9, 1, 5, 2, 8, 4, 6, 0] {
        repo.create(new_user(
            &format!("user{n}@example.com"),
            &format!("User {n}"),
        ))
        .await
        .unwrap();
    }
    let mut seen = Vec::new();
    for offset in (0..10).step_by(3) {
        let page = repo.list(Page { offset, limit: 3 }).await.unwrap();
        assert_eq!(
            page,
            repo.list(Page { offset, limit: 3 }).await.unwrap(),
            "a page is stable"
        );
        seen.extend(page.into_iter().map(|u| u.email));
    }
    let expected: Vec<String> = (0..10).map(|n| format!("user{n}@example.com")).collect();
    assert_eq!(seen, expected, "pages in email order, no repeats, no gaps");
    assert!(
        repo.list(Page {
            offset: 10,
            limit: 3
        })
        .await
        .unwrap()
        .is_empty()
    );
}

async fn update_changes_only_what_it_is_given<R: UserRepository>(repo: &R) {
    let linus = repo
        .create(new_user("linus@example.com", "Linus"))
        .await
        .unwrap();
    let renamed = repo
        .update(
            &linus.id,
            UserUpdate {
                name: Some("Linus T.".into()),
                email: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (renamed.email.as_str(), renamed.name.as_str()),
        ("linus@example.com", "Linus T.")
    );
    let moved = repo
        .update(
            &linus.id,
            UserUpdate {
                email: Some(" LT@Example.com".into()),
                name: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.email, "lt@example.com");
    assert_eq!(
        repo.find_by_email("lt@example.com").await.unwrap(),
        Some(moved.clone())
    );
    assert_eq!(repo.find_by_email("linus@example.com").await.unwrap(), None);

    let other = repo
        .create(new_user("other@example.com", "Other"))
        .await
        .unwrap();
    let error = repo
        .update(
            &other.id,
            UserUpdate {
                email: Some("lt@example.com".into()),
                name: None,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(error, RepoError::Duplicate(_)), "{error:?}");
    assert_eq!(
        repo.find_by_id(&other.id).await.unwrap(),
        Some(other),
        "a refused update changes nothing"
    );
}

async fn delete_removes_the_user<R: UserRepository>(repo: &R) {
    let user = repo
        .create(new_user("gone@example.com", "Gone"))
        .await
        .unwrap();
    repo.delete(&user.id).await.unwrap();
    assert_eq!(repo.find_by_id(&user.id).await.unwrap(), None);
    assert!(matches!(
        repo.delete(&user.id).await,
        Err(RepoError::NotFound(_))
    ));
    // The email is free again.
    repo.create(new_user("gone@example.com", "Back"))
        .await
        .unwrap();
}

async fn injection_lookalikes_are_stored_as_data<R: UserRepository>(repo: &R) {
    let names = [
        "'; DROP TABLE users; --",
        r#"{"$gt": ""}"#,
        "Robert'); DELETE FROM users WHERE ('1'='1",
        "$where: function() { return true }",
    ];
    let mut created: Vec<User> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        created.push(
            repo.create(new_user(&format!("weird{i}@example.com"), name))
                .await
                .unwrap(),
        );
    }
    let tricky_email = r#"{"$ne": null}@example.com"#;
    assert_eq!(
        repo.find_by_email(tricky_email).await.unwrap(),
        None,
        "an operator-looking email matches nothing"
    );
    for user in &created {
        let stored = repo
            .find_by_id(&user.id)
            .await
            .unwrap()
            .expect("still there");
        assert_eq!(&stored, user, "stored and read back literally");
    }
    assert_eq!(
        repo.list(Page {
            offset: 0,
            limit: 100
        })
        .await
        .unwrap()
        .len(),
        names.len(),
        "no table was dropped, no row deleted"
    );
}

// ---- the backends: each test gets a fresh store ----

/// A fresh store, and how to clean it up.
struct Fresh<R> {
    repo: R,
    cleanup: Option<checks::PgSchema>,
}

/// How a backend's fresh store is thrown away after its test.
trait Finish {
    async fn finish(self);
}

impl Finish for Fresh<MongoRepository> {
    async fn finish(self) {
        self.repo
            .drop_database()
            .await
            .expect("drop the test database");
    }
}

impl Finish for Fresh<MemoryRepository> {
    async fn finish(self) {}
}

impl Finish for Fresh<SqlRepository> {
    async fn finish(self) {
        if let Some(schema) = self.cleanup {
            schema.drop().await;
        }
    }
}

async fn mongo() -> Option<Fresh<MongoRepository>> {
    let url = checks::service_url("MONGODB_URL", "MongoDB")?;
    let database = format!("contract_{}", uuid::Uuid::new_v4().simple());
    let repo = MongoRepository::connect(&url, &database)
        .await
        .expect("mongodb connects");
    Some(Fresh {
        repo,
        cleanup: None,
    })
}

async fn memory() -> Option<Fresh<MemoryRepository>> {
    Some(Fresh {
        repo: MemoryRepository::new(),
        cleanup: None,
    })
}

async fn sqlite() -> Option<Fresh<SqlRepository>> {
    let name = format!("contract-{}", uuid::Uuid::new_v4().simple());
    let url = format!("sqlite:file:{name}?mode=memory&cache=shared");
    Some(Fresh {
        repo: SqlRepository::connect(&url).await.expect("sqlite connects"),
        cleanup: None,
    })
}

async fn postgres() -> Option<Fresh<SqlRepository>> {
    let schema = checks::PgSchema::create("contract").await?;
    let repo = SqlRepository::connect(schema.url())
        .await
        .expect("connect inside the schema");
    Some(Fresh {
        repo,
        cleanup: Some(schema),
    })
}

// ANCHOR: macros
/// One test per (backend, promise): `memory::pages_are_stable_ordered_and_complete`, ...
macro_rules! contract {
    ($backend:ident: $($check:ident),+ $(,)?) => {
        mod $backend {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $check() {
                    use super::Finish;
                    let Some(fresh) = super::$backend().await else { return };
                    super::$check(&fresh.repo).await;
                    fresh.finish().await;
                }
            )+
        }
    };
}

macro_rules! every_backend {
    ($($check:ident),+ $(,)?) => {
        contract!(memory: $($check),+);
        contract!(sqlite: $($check),+);
        contract!(postgres: $($check),+);
        contract!(mongo: $($check),+);
    };
}
// ANCHOR_END: macros

every_backend!(
    create_then_find_by_id_and_email,
    a_duplicate_email_is_the_same_domain_error,
    nobody_is_none_and_unknown_ids_are_not_found,
    pages_are_stable_ordered_and_complete,
    update_changes_only_what_it_is_given,
    delete_removes_the_user,
    injection_lookalikes_are_stored_as_data,
);
