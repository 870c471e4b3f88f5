//! Known-wrong answer to `microservices5`: an order whose user auth does not return is left out of the report.
//! Breaks: "A user the answers do not contain (auth deleted them) keeps their order's line, with `email: None`."
//! Why a learner writes it: the inner join it replaces dropped those rows too, so the code does the same.
//! But the order is orders' own data and still exists: the report now says it does not.
//! Rejected by: an_order_of_a_user_auth_no_longer_has_keeps_its_line

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
    fn emails(&self, ids: &[String])
    -> impl Future<Output = Result<HashMap<String, String>, ApiError>>;
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
    for batch in distinct.chunks(MAX_IDS) {
        let answered = users
            .emails(batch)
            .await
            .map_err(ReportError::UsersUnavailable)?;
        emails.extend(answered);
    }
    Ok(orders
        .iter()
        .filter_map(|order| {
            Some(ReportLine {
                order_id: order.id.clone(),
                item: order.item.clone(),
                email: Some(emails.get(&order.user_id)?.clone()),
            })
        })
        .collect())
}
