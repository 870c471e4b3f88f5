//! Known-wrong answer to `events2`: the user is saved, then the event is written in a second transaction.
//! Breaks: "No write outside that transaction, and no second transaction: the user and its event are kept together or not at all."
//! Why a learner writes it: "save the user, then record that it happened" is the order the story
//! is told in, and each write looks safe in its own transaction. But a crash (a lost commit)
//! between the two keeps the user without its event: nobody is ever told she signed up.
//! Rejected by: a_lost_commit_keeps_the_user_and_its_event_together

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use serde_json::Value;

// ---- Given: the envelope, and the auth service's database. ----

/// What travels: the event's payload, and what a reader needs to know before reading it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    /// Unique per event (in real life a UUID v7).
    pub id: String,
    /// What happened, as a past-tense fact: `UserCreated`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// The payload's schema version, for this type.
    pub version: u32,
    /// When it happened (RFC 3339).
    pub occurred_at: String,
    /// The service that wrote it: `auth`.
    pub source: String,
    /// The id of the request that caused it, carried by every event that follows.
    pub correlation_id: String,
    /// The event itself, in the shape its `type` and `version` say.
    pub payload: Value,
}

/// The payload of `UserCreated`, schema version 2 (the current one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserCreated {
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    /// `free` or `pro`.
    pub plan: String,
}

/// What the sign-up form sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub plan: String,
}

/// A user as saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub plan: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DbError {
    /// A user with this email exists already.
    #[error("a user with the email {0:?} exists already")]
    DuplicateEmail(String),
    /// The connection was lost before the commit: nothing was kept.
    #[error("the connection to the database was lost before the commit")]
    ConnectionLost,
}

/// What the database keeps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tables {
    /// Every user, by email (an email is unique).
    pub users: BTreeMap<String, User>,
    /// The outbox: the events to publish, in the order written. The relay publishes them.
    pub outbox: Vec<Envelope>,
}

impl Tables {
    /// Saves a new user; an email already taken is `DbError::DuplicateEmail`, and saves nothing.
    pub fn insert_user(&mut self, user: User) -> Result<(), DbError> {
        if self.users.contains_key(&user.email) {
            return Err(DbError::DuplicateEmail(user.email));
        }
        self.users.insert(user.email.clone(), user);
        Ok(())
    }
}

/// A database in memory, with all-or-nothing transactions.
#[derive(Debug, Default)]
pub struct Database {
    tables: Mutex<Tables>,
    /// How many commits succeed before one is lost (`None`: none is lost).
    lose_after: Mutex<Option<usize>>,
}

impl Database {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `work` on a copy of the tables, after a round trip to the database. `Ok`: the copy
    /// is kept (commit). `Err`: it is thrown away, and nothing `work` did is kept (rollback).
    /// A commit lost on the way (see `lose_commit`) keeps nothing and is `DbError::ConnectionLost`.
    pub async fn transaction<T, E: From<DbError>>(
        &self,
        work: impl FnOnce(&mut Tables) -> Result<T, E>,
    ) -> Result<T, E> {
        tokio::task::yield_now().await;
        let mut tables = self.tables.lock().unwrap_or_else(PoisonError::into_inner);
        let mut copy = tables.clone();
        let done = work(&mut copy)?;
        {
            let mut lose_after = self
                .lose_after
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            match *lose_after {
                Some(0) => {
                    *lose_after = None;
                    return Err(DbError::ConnectionLost.into());
                }
                Some(n) => *lose_after = Some(n - 1),
                None => {}
            }
        }
        *tables = copy;
        Ok(done)
    }

    /// The commit after the next `commits_first` ones is lost: `lose_commit(0)` loses the next
    /// one, `lose_commit(1)` the one after it. (A crash, played on purpose.)
    pub fn lose_commit(&self, commits_first: usize) {
        *self
            .lose_after
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(commits_first);
    }

    /// What is kept now: to look at, not to decide with.
    pub fn snapshot(&self) -> Tables {
        self.tables
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegisterError {
    /// A user with this email exists already.
    #[error("the email {0:?} is taken")]
    EmailTaken(String),
    #[error(transparent)]
    Db(DbError),
}

impl From<DbError> for RegisterError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::DuplicateEmail(email) => RegisterError::EmailTaken(email),
            other => RegisterError::Db(other),
        }
    }
}

// ---- Yours. ----

/// Saves `new_user` and its `UserCreated` event, together or not at all.
pub async fn register(
    db: &Database,
    new_user: NewUser,
    correlation_id: &str,
    occurred_at: &str,
    ids: &mut impl FnMut() -> String,
) -> Result<User, RegisterError> {
    let user = User {
        id: ids(),
        email: new_user.email,
        display_name: new_user.display_name,
        plan: new_user.plan,
    };
    let payload = serde_json::to_value(UserCreated {
        user_id: user.id.clone(),
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        plan: user.plan.clone(),
    })
    .unwrap_or(Value::Null);
    let envelope = Envelope {
        id: ids(),
        event_type: "UserCreated".to_owned(),
        version: 2,
        occurred_at: occurred_at.to_owned(),
        source: "auth".to_owned(),
        correlation_id: correlation_id.to_owned(),
        payload,
    };
    db.transaction(|tables| tables.insert_user(user.clone()))
        .await?;
    db.transaction(|tables| {
        tables.outbox.push(envelope);
        Ok::<_, DbError>(())
    })
    .await?;
    Ok(user)
}
