//! # MongoDB: the same contract on a document store
//!
//! The source material's repository wraps Mongoose; this is its Rust counterpart on the
//! official `mongodb` driver. Users are documents `{ _id, email, name }` in a `users`
//! collection, read and written through serde, so no BSON type crosses the trait. The unique
//! index on `email` is created by [`MongoRepository::connect`]: it is this backend's schema,
//! as the migrations are SQL's, and it is what turns a duplicate insert into error 11000.
//!
//! Values go into queries as BSON values, never as text spliced into a query: a name that
//! looks like `{"$gt": ""}` is a string, stored and matched as one.

use mongodb::bson::doc;
use mongodb::error::{Error, ErrorKind, WriteFailure};
use mongodb::options::IndexOptions;
use mongodb::{Client, Collection, IndexModel};
use serde::{Deserialize, Serialize};

use crate::{NewUser, Page, RepoError, User, UserId, UserRepository, UserUpdate, normalise_email};

/// A user as stored: the document's shape, private to this module.
#[derive(Serialize, Deserialize)]
struct UserDoc {
    #[serde(rename = "_id")]
    id: String,
    email: String,
    name: String,
}

impl From<UserDoc> for User {
    fn from(doc: UserDoc) -> Self {
        User {
            id: UserId::from_stored(doc.id),
            email: doc.email,
            name: doc.name,
        }
    }
}

/// Users in a MongoDB database.
pub struct MongoRepository {
    users: Collection<UserDoc>,
}

fn backend(error: Error) -> RepoError {
    RepoError::Backend(error.to_string())
}

// ANCHOR: duplicate
/// Error 11000 is MongoDB's duplicate key: here, only the unique email index can raise it.
fn duplicate_or_backend(error: Error, email: &str) -> RepoError {
    let duplicate = match error.kind.as_ref() {
        ErrorKind::Write(WriteFailure::WriteError(write)) => write.code == 11000,
        ErrorKind::Command(command) => command.code == 11000,
        _ => false,
    };
    if duplicate {
        RepoError::Duplicate(email.to_owned())
    } else {
        backend(error)
    }
}
// ANCHOR_END: duplicate

impl MongoRepository {
    /// Connects to `url`, uses the database `database`, and makes sure the unique email index
    /// exists. One client per repository: a client belongs to the tokio runtime that made it.
    pub async fn connect(url: &str, database: &str) -> Result<Self, RepoError> {
        let client = Client::with_uri_str(url).await.map_err(backend)?;
        let users = client.database(database).collection::<UserDoc>("users");
        let unique_email = IndexModel::builder()
            .keys(doc! { "email": 1 })
            .options(IndexOptions::builder().unique(true).build())
            .build();
        users.create_index(unique_email).await.map_err(backend)?;
        Ok(Self { users })
    }

    /// Drops the whole database: for tests, which each get their own.
    pub async fn drop_database(&self) -> Result<(), RepoError> {
        let client = self.users.client();
        let name = self.users.namespace().db;
        client.database(&name).drop().await.map_err(backend)
    }
}

impl UserRepository for MongoRepository {
    async fn create(&self, user: NewUser) -> Result<User, RepoError> {
        let doc = UserDoc {
            id: UserId::new().to_string(),
            email: normalise_email(&user.email),
            name: user.name,
        };
        self.users
            .insert_one(&doc)
            .await
            .map_err(|error| duplicate_or_backend(error, &doc.email))?;
        Ok(doc.into())
    }

    async fn find_by_id(&self, id: &UserId) -> Result<Option<User>, RepoError> {
        let found = self
            .users
            .find_one(doc! { "_id": id.as_str() })
            .await
            .map_err(backend)?;
        Ok(found.map(User::from))
    }

    async fn find_by_email(&self, email: &str) -> Result<Option<User>, RepoError> {
        let found = self
            .users
            .find_one(doc! { "email": normalise_email(email) })
            .await
            .map_err(backend)?;
        Ok(found.map(User::from))
    }

    async fn list(&self, page: Page) -> Result<Vec<User>, RepoError> {
        let mut cursor = self
            .users
            .find(doc! {})
            .sort(doc! { "email": 1 })
            .skip(u64::from(page.offset))
            .limit(i64::from(page.limit))
            .await
            .map_err(backend)?;
        let mut users = Vec::new();
        while cursor.advance().await.map_err(backend)? {
            users.push(cursor.deserialize_current().map_err(backend)?.into());
        }
        Ok(users)
    }

    async fn update(&self, id: &UserId, update: UserUpdate) -> Result<User, RepoError> {
        let Some(current) = self.find_by_id(id).await? else {
            return Err(RepoError::NotFound(id.clone()));
        };
        let updated = current.updated(update);
        let result = self
            .users
            .update_one(
                doc! { "_id": id.as_str() },
                doc! { "$set": { "email": &updated.email, "name": &updated.name } },
            )
            .await
            .map_err(|error| duplicate_or_backend(error, &updated.email))?;
        if result.matched_count == 0 {
            return Err(RepoError::NotFound(id.clone()));
        }
        Ok(updated)
    }

    async fn delete(&self, id: &UserId) -> Result<(), RepoError> {
        let result = self
            .users
            .delete_one(doc! { "_id": id.as_str() })
            .await
            .map_err(backend)?;
        if result.deleted_count == 0 {
            return Err(RepoError::NotFound(id.clone()));
        }
        Ok(())
    }
}
