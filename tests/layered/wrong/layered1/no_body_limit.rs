//! Known-wrong answer to `layered1`: no body limit of its own, axum's default is kept.
//! Breaks: "refuses bodies larger than `MAX_BODY_BYTES` (`DefaultBodyLimit::max`): axum's default is 2 MB, far more than a registration needs"
//! Why a learner writes it: axum already has a body limit, so the learner trusts it; 2 MB lets
//! a 17 KB registration through.
//! Rejected by: a_body_over_the_limit_is_a_413_and_stores_nothing

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

/// The largest request body accepted: a registration is a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

pub fn router(users: Arc<Users>) -> Router {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/{id}", get(get_user))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // The mistake: no `DefaultBodyLimit::max(MAX_BODY_BYTES)`; axum's 2 MB default applies.
        .with_state(users)
}

// Everything below is given: the controllers and the service they call.

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct User {
    pub id: u64,
    pub email: String,
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct NewUser {
    pub email: String,
    pub name: String,
}

/// The service: users in memory.
#[derive(Default)]
pub struct Users {
    users: Mutex<BTreeMap<u64, User>>,
}

impl Users {
    pub fn add(&self, new: NewUser) -> User {
        let mut users = self.users.lock().expect("the lock is never poisoned");
        let id = users.len() as u64 + 1;
        let user = User {
            id,
            email: new.email,
            name: new.name,
        };
        users.insert(id, user.clone());
        user
    }

    pub fn find(&self, id: u64) -> Option<User> {
        let users = self.users.lock().expect("the lock is never poisoned");
        users.get(&id).cloned()
    }

    pub fn all(&self) -> Vec<User> {
        let users = self.users.lock().expect("the lock is never poisoned");
        users.values().cloned().collect()
    }
}

/// An error as `application/problem+json`.
pub struct Problem(StatusCode, String);

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "type": "about:blank",
            "title": self.0.canonical_reason().unwrap_or("Error"),
            "status": self.0.as_u16(),
            "detail": self.1,
        });
        let content_type = [(header::CONTENT_TYPE, "application/problem+json")];
        (self.0, content_type, body.to_string()).into_response()
    }
}

pub async fn create(
    State(users): State<Arc<Users>>,
    body: Result<Json<NewUser>, JsonRejection>,
) -> Result<(StatusCode, Json<User>), Problem> {
    let Json(new) = body.map_err(|r| Problem(r.status(), r.body_text()))?;
    Ok((StatusCode::CREATED, Json(users.add(new))))
}

pub async fn get_user(
    State(users): State<Arc<Users>>,
    id: Result<Path<u64>, PathRejection>,
) -> Result<Json<User>, Problem> {
    let Path(id) = id.map_err(|r| Problem(StatusCode::BAD_REQUEST, r.body_text()))?;
    users
        .find(id)
        .map(Json)
        .ok_or_else(|| Problem(StatusCode::NOT_FOUND, format!("no user with id {id}")))
}

pub async fn list(State(users): State<Arc<Users>>) -> Json<Vec<User>> {
    Json(users.all())
}

pub async fn not_found() -> Problem {
    Problem(StatusCode::NOT_FOUND, "no such route".to_owned())
}

pub async fn method_not_allowed() -> Problem {
    Problem(
        StatusCode::METHOD_NOT_ALLOWED,
        "this path does not take that method".to_owned(),
    )
}
