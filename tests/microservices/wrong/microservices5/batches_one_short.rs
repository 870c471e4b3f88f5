//! Known-wrong answer to `microservices5`: each batch holds one id fewer than the API takes.
//! Breaks: "batches of at most `MAX_IDS` ids"
//! Why a learner writes it: "at most 50" and "fewer than 50" blur, and staying under a limit feels safe.
//! It costs a call too many wherever the users are a multiple of the limit: 100 users, 3 calls.
//! Rejected by: more_users_than_one_call_takes_are_asked_for_in_batches

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
    let mut seen = std::collections::HashSet::new();
    let distinct: Vec<String> = orders
        .iter()
        .filter(|order| seen.insert(order.user_id.as_str()))
        .map(|order| order.user_id.clone())
        .collect();
    let mut emails = HashMap::new();
    for batch in distinct.chunks(MAX_IDS - 1) {
        let answered = users
            .emails(batch)
            .await
            .map_err(ReportError::UsersUnavailable)?;
        emails.extend(answered);
    }
    Ok(orders
        .iter()
        .map(|order| ReportLine {
            order_id: order.id.clone(),
            item: order.item.clone(),
            email: emails.get(&order.user_id).cloned(),
        })
        .collect())
}
