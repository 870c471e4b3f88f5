//! # Route layer: which URL goes to which controller
//!
//! Only the map from method and path to controller function, and the limits that apply to
//! every request (here, the largest body accepted).

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;

use crate::controller;
use crate::service::{UserService, UserStore};

/// The largest request body accepted: a registration is a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

// ANCHOR: routes
pub fn router<S: UserStore>(service: Arc<UserService<S>>) -> Router {
    Router::new()
        .route(
            "/users",
            get(controller::list::<S>).post(controller::register::<S>),
        )
        .route("/users/{id}", get(controller::get::<S>))
        .route("/openapi.json", get(controller::openapi))
        .fallback(controller::not_found)
        .method_not_allowed_fallback(controller::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(service)
}
// ANCHOR_END: routes
