//! # Controller layer: HTTP in, HTTP out
//!
//! Turns requests into calls on the service and the service's answers into responses. It
//! parses input into the service's types (so the service only ever sees well-formed data:
//! `Registration::parse` is the only way to make a `Registration`), and maps every
//! error to a status code with a JSON body in the `application/problem+json` format (RFC 9457).
//! A client error is a 4xx that says what to fix; nothing a client sends can produce a 5xx.
//!
//! It also describes itself: what goes over the wire is the controller's to decide, so the
//! controller's types and handlers carry their OpenAPI description (utoipa's derives and
//! `#[utoipa::path]`), and [`ApiDoc`] gathers them into the document served at
//! `/openapi.json`. A field renamed here is renamed in the document by the same build.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::service::{Invalid, Registration, ServiceError, UserService, UserStore, UserView};

// ANCHOR: openapi
/// The API's OpenAPI document, gathered from the handlers' `#[utoipa::path]` descriptions and
/// the types they name. Served at `/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Users API",
        description = "The layered chapter's API: route, controller, service, repository, database."
    ),
    paths(register, get, list)
)]
pub struct ApiDoc;

/// `GET /openapi.json`: the document, built from the types above when the program was compiled.
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
// ANCHOR_END: openapi

/// The media type of every error response (RFC 9457).
const PROBLEM_JSON: &str = "application/problem+json";

/// An error response: `{"type", "title", "status", "detail"}` as `application/problem+json`.
#[derive(Debug)]
pub struct Problem {
    status: StatusCode,
    detail: String,
}

/// The body of every error response: the problem details of RFC 9457.
#[derive(Serialize, ToSchema)]
pub struct ProblemBody {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    kind: &'static str,
    /// The status's reason phrase, e.g. `Unprocessable Entity`.
    title: &'static str,
    /// The HTTP status code, repeated.
    status: u16,
    /// What went wrong, and for a client error what to fix.
    detail: String,
}

impl Problem {
    fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            detail: detail.into(),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = ProblemBody {
            kind: "about:blank",
            title: self.status.canonical_reason().unwrap_or("Error"),
            status: self.status.as_u16(),
            detail: self.detail,
        };
        (
            self.status,
            [(header::CONTENT_TYPE, PROBLEM_JSON)],
            Json(body),
        )
            .into_response()
    }
}

// ANCHOR: errors
impl From<ServiceError> for Problem {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Duplicate(_) => Problem::new(StatusCode::CONFLICT, error.to_string()),
            ServiceError::NotFound(_) => Problem::new(StatusCode::NOT_FOUND, error.to_string()),
            ServiceError::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "something went wrong on our side",
                )
            }
        }
    }
}
// ANCHOR_END: errors

/// axum's own rejections answer in plain text; this API promises JSON, so they are mapped.
impl From<JsonRejection> for Problem {
    fn from(rejection: JsonRejection) -> Self {
        let status = match rejection {
            JsonRejection::JsonDataError(_) => StatusCode::UNPROCESSABLE_ENTITY,
            JsonRejection::JsonSyntaxError(_) => StatusCode::BAD_REQUEST,
            JsonRejection::MissingJsonContentType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            _ => rejection.status(),
        };
        Problem::new(status, rejection.body_text())
    }
}

// ANCHOR: wire_types
/// The body of `POST /users`. Unknown fields are refused, not ignored. The limits in the
/// schema are the ones `Registration::parse` enforces.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "ada@example.com", "name": "Ada", "password": "correct horse"}))]
pub struct RegisterBody {
    /// An address like `ada@example.com`, at most 254 bytes.
    #[schema(format = Email, max_length = 254)]
    email: String,
    /// 1 to 100 characters, not counting spaces around them, and no control characters.
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    )]
    name: String,
    /// 8 to 128 characters. Stored only as an argon2 hash.
    #[schema(min_length = 8, max_length = 128, format = Password)]
    password: String,
}

/// A user, as the API shows one: there is no password field to leak. The controller's own
/// type, so that the wire format is decided (and documented) here, not in the service.
#[derive(Serialize, ToSchema)]
pub struct UserBody {
    /// The user's id, a UUID.
    id: String,
    /// The address, as registered (spaces around it removed).
    email: String,
    /// The name, as registered (spaces around it removed).
    name: String,
}

impl From<UserView> for UserBody {
    fn from(user: UserView) -> Self {
        let UserView { id, email, name } = user;
        UserBody { id, email, name }
    }
}
// ANCHOR_END: wire_types

/// A field of the wrong shape is the client's to fix: 422, and which field.
impl From<Invalid> for Problem {
    fn from(invalid: Invalid) -> Self {
        Problem::new(StatusCode::UNPROCESSABLE_ENTITY, invalid.to_string())
    }
}

// ANCHOR: register_openapi
/// Registers a user.
#[utoipa::path(
    post,
    path = "/users",
    tag = "users",
    request_body = RegisterBody,
    responses(
        (status = 201, description = "Registered", body = UserBody),
        (status = 400, description = "The body is not JSON", body = ProblemBody, content_type = PROBLEM_JSON),
        (status = 409, description = "The email is taken", body = ProblemBody, content_type = PROBLEM_JSON),
        (status = 413, description = "The body is over 16 KiB", body = ProblemBody, content_type = PROBLEM_JSON),
        (status = 415, description = "The body is not declared as JSON", body = ProblemBody, content_type = PROBLEM_JSON),
        (status = 422, description = "A field is missing, unknown or of the wrong shape", body = ProblemBody, content_type = PROBLEM_JSON),
        (status = 500, description = "Our fault (the database is down, say); the details are in our log, not here", body = ProblemBody, content_type = PROBLEM_JSON),
    )
)]
// ANCHOR_END: register_openapi
// ANCHOR: register
#[tracing::instrument(name = "controller.register", skip_all)]
pub async fn register<S: UserStore>(
    State(service): State<Arc<UserService<S>>>,
    body: Result<Json<RegisterBody>, JsonRejection>,
) -> Result<(StatusCode, Json<UserBody>), Problem> {
    let Json(body) = body?;
    let registration = Registration::parse(&body.email, &body.name, body.password)?;
    let user = service.register(registration).await?;
    Ok((StatusCode::CREATED, Json(user.into())))
}
// ANCHOR_END: register

/// Finds one user by id.
#[utoipa::path(
    get,
    path = "/users/{id}",
    tag = "users",
    params(("id" = String, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The user", body = UserBody),
        (status = 400, description = "The id is not valid UTF-8", body = ProblemBody, content_type = PROBLEM_JSON),
        (status = 404, description = "No user has this id", body = ProblemBody, content_type = PROBLEM_JSON),
        (status = 500, description = "Our fault; the details are in our log, not here", body = ProblemBody, content_type = PROBLEM_JSON),
    )
)]
#[tracing::instrument(name = "controller.get", skip_all)]
pub async fn get<S: UserStore>(
    State(service): State<Arc<UserService<S>>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<UserBody>, Problem> {
    let Path(id) = id.map_err(|r| Problem::new(StatusCode::BAD_REQUEST, r.body_text()))?;
    Ok(Json(service.get(&id).await?.into()))
}

/// Which page of users to list.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// How many users to skip.
    #[serde(default)]
    #[param(value_type = i64, minimum = 0, maximum = 4_294_967_295_i64)]
    offset: u32,
    /// How many users to return, 1 to 100.
    #[serde(default = "default_limit")]
    #[param(minimum = 1, maximum = 100, default = 20)]
    limit: u32,
}

fn default_limit() -> u32 {
    20
}

/// Lists users, in the order of their email addresses.
#[utoipa::path(
    get,
    path = "/users",
    tag = "users",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of users", body = Vec<UserBody>),
        (status = 400, description = "A parameter is not a number, or unknown", body = ProblemBody, content_type = PROBLEM_JSON),
        (status = 422, description = "The limit is out of range", body = ProblemBody, content_type = PROBLEM_JSON),
        (status = 500, description = "Our fault; the details are in our log, not here", body = ProblemBody, content_type = PROBLEM_JSON),
    )
)]
#[tracing::instrument(name = "controller.list", skip_all)]
pub async fn list<S: UserStore>(
    State(service): State<Arc<UserService<S>>>,
    page: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<Vec<UserBody>>, Problem> {
    let Query(page) = page.map_err(|r| Problem::new(StatusCode::BAD_REQUEST, r.body_text()))?;
    if page.limit == 0 || page.limit > 100 {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "limit: expected 1 to 100",
        ));
    }
    let users = service.list(page.offset, page.limit).await?;
    Ok(Json(users.into_iter().map(UserBody::from).collect()))
}

/// Any path the routes do not know.
pub async fn not_found() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "no such route")
}

/// A known path with a method it does not take.
pub async fn method_not_allowed() -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "this path does not take that method",
    )
}
