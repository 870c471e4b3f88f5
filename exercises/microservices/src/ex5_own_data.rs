//! # Microservices 5: keeping a service's data to itself
//!
//! In the monolith, the support team's report of the day's orders was one query:
//! `SELECT o.id, o.item, u.email FROM orders o JOIN users u ON u.id = o.user_id`. Now orders
//! and users live in two services with two databases, and orders may not read auth's tables:
//! if it did, auth could never change its schema, move to another database or hide a deleted
//! user's data without breaking orders. Auth offers an API instead: `emails(ids)` answers
//! the emails of up to `MAX_IDS` users in one call.
//!
//! The join becomes code, and the classic mistake is to call the API once per order (the
//! "N+1" problem: 1,000 orders, 1,000 network calls).
//!
//! Given: the orders (orders' own rows) and the `UsersApi`.
//!
//! TODO: write `report(orders, users)`:
//! 1. One `ReportLine` per order, in the orders' order, with its id, item and the user's email.
//! 2. Ask for each distinct user id once, in as few calls as the API allows: batches of at
//!    most `MAX_IDS` ids. No call at all when there are no orders.
//! 3. A user the answers do not contain (auth deleted them) keeps their order's line, with
//!    `email: None`.
//! 4. An API call that fails fails the report: `ReportError::UsersUnavailable`. A report with
//!    blanks where the emails should be would say the users are gone when they are not.
//!
//! Check your work with `cargo learn check microservices5`; stuck? `cargo learn hint microservices5`.

use std::collections::HashMap;
use std::future::Future;

// ---- Given: orders' rows, and auth's API. ----

/// An order, as orders keeps it: it knows the user's id, not their email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: String,
    pub user_id: String,
    pub item: String,
}

/// The most user ids one call to `emails` takes.
pub const MAX_IDS: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("more than {MAX_IDS} ids in one call")]
    TooMany,
    #[error("auth is unavailable")]
    Unavailable,
}

/// Auth's API for other services.
pub trait UsersApi {
    /// The emails of the users `ids` names (at most `MAX_IDS`), by id. A user auth does not
    /// have is not in the answer.
    fn emails(
        &self,
        ids: &[String],
    ) -> impl Future<Output = Result<HashMap<String, String>, ApiError>>;
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    pub order_id: String,
    pub item: String,
    /// `None`: auth has no such user any more.
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("auth's users API is unavailable: {0}")]
    UsersUnavailable(ApiError),
}

// ---- Yours. ----

/// The report of `orders`, each with its user's email, from auth's API.
pub async fn report(
    orders: &[Order],
    users: &impl UsersApi,
) -> Result<Vec<ReportLine>, ReportError> {
    todo!()
}
