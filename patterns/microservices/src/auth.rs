//! # The auth service: users, passwords, and the keys every token is signed with
//!
//! Auth is the only service that knows passwords (as argon2 hashes) and the only one that holds
//! a private key. Everything else about identity is answered from here: a new user (`POST
//! /users`); a user logging in (`POST /sessions`, which returns a token for the API); another
//! service asking for a token of its own (`POST /oauth/token`, modelled on OAuth's
//! client-credentials grant, in JSON) or, for notifications only, for a user's email (`GET
//! /users/{id}`); anyone wanting the public keys (`GET /.well-known/jwks.json`); and the
//! operator rotating the signing key (`POST /keys/rotate`).
//!
//! The keys live in this process: a key rotated in is forgotten at a restart (the file's key,
//! or a new one, signs again), and two auth replicas would each have their own. Production
//! keeps the keys in a secret store both read.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use axum::extract::{FromRef, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use sqlx::Row;
use uuid::Uuid;

use crate::StartError;
use crate::problem::{self, Problem};
use crate::tokens::{self, Claims, Keyring, ServiceCaller, SigningKey, Verifier};

/// How auth is set up: from the environment with [`Config::from_env`].
#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    /// A PEM file with the Ed25519 private key (`SIGNING_KEY_FILE`). Without one, a key is made
    /// at start: fine for development, and every token dies with the process.
    pub signing_key_file: Option<String>,
    /// A key handed in directly (tests do, to forge tokens with it); it wins over the file.
    pub signing_key: Option<SigningKey>,
    /// Each service's client secret (`CLIENT_SECRETS`: `name=secret,name=secret`).
    pub client_secrets: HashMap<String, String>,
}

/// The services that may ask for tokens, and their development secrets (the demo says these
/// are development defaults; production sets `CLIENT_SECRETS` from a secret store).
pub const DEVELOPMENT_CLIENTS: &[&str] = &["gateway", "orders", "notifications", "operator"];

/// Which service may get a token for which audience: least privilege. Notifications asks auth
/// for emails; the operator rotates keys; nobody else calls another service with a token of
/// its own (the gateway forwards the user's).
pub const MAY_CALL: &[(&str, &str)] = &[("notifications", "auth"), ("operator", "auth")];

/// The development secret of `client`.
pub fn development_secret(client: &str) -> String {
    format!("development-only-secret-of-{client}")
}

impl Config {
    /// From the environment; `CLIENT_SECRETS` may also come from the file `CLIENT_SECRETS_FILE`
    /// names.
    pub fn from_env(data_dir: &str) -> Result<Self, StartError> {
        let secrets = crate::secret("CLIENT_SECRETS")?;
        let signing_key_file = std::env::var("SIGNING_KEY_FILE")
            .ok()
            .filter(|s| !s.is_empty());
        if secrets.is_none() {
            if signing_key_file.is_some() {
                // A real key with the secrets printed in this file's source: refuse.
                return Err(StartError::Setting {
                    name: "CLIENT_SECRETS",
                    reason: "SIGNING_KEY_FILE is set (production), so the client secrets must \
                             be too: CLIENT_SECRETS or CLIENT_SECRETS_FILE"
                        .to_owned(),
                });
            }
            tracing::warn!(
                "no CLIENT_SECRETS: the services' secrets are the development defaults written \
                 in the source"
            );
        }
        let client_secrets = match secrets {
            Some(list) => list
                .split(',')
                .filter_map(|pair| pair.split_once('='))
                .map(|(name, secret)| (name.trim().to_owned(), secret.trim().to_owned()))
                .collect(),
            None => DEVELOPMENT_CLIENTS
                .iter()
                .map(|name| ((*name).to_owned(), development_secret(name)))
                .collect(),
        };
        Ok(Self {
            database_url: crate::database_url(data_dir, "auth")?,
            signing_key_file,
            signing_key: None,
            client_secrets,
        })
    }
}

/// What auth's handlers share.
#[derive(Clone)]
pub struct Auth {
    pool: sqlx::AnyPool,
    keyring: Arc<RwLock<Keyring>>,
    verifier: Arc<Verifier>,
    client_secrets: Arc<HashMap<String, String>>,
}

impl FromRef<Auth> for Arc<Verifier> {
    fn from_ref(auth: &Auth) -> Self {
        auth.verifier.clone()
    }
}

impl Auth {
    /// Opens auth's database and loads (or makes) its signing key.
    pub async fn start(config: &Config) -> Result<Self, StartError> {
        let (pool, _) = crate::open_database(&config.database_url).await?;
        events::migrate(sqlx::migrate!("./migrations/auth"), &pool).await?;
        let key = match (&config.signing_key, &config.signing_key_file) {
            (Some(key), _) => key.clone(),
            (None, Some(path)) => {
                let pem = std::fs::read(path)?;
                SigningKey::from_pem(&pem)?
            }
            (None, None) => {
                tracing::warn!(
                    "no SIGNING_KEY_FILE: signing with a key made now (a development default: \
                     tokens die with this process)"
                );
                SigningKey::generate()?
            }
        };
        let keyring = Arc::new(RwLock::new(Keyring::new(key)));
        Ok(Self {
            pool,
            verifier: Arc::new(Verifier::local("auth", keyring.clone())),
            keyring,
            client_secrets: Arc::new(config.client_secrets.clone()),
        })
    }

    /// Signs `claims` with the current key.
    fn sign(&self, claims: &Claims) -> Result<String, Problem> {
        self.keyring
            .read()
            .map_err(|_| Problem::internal("the keyring's lock is poisoned"))?
            .current()
            .sign(claims)
            .map_err(Problem::internal)
    }
}

/// Auth's routes.
pub fn router(auth: Auth) -> axum::Router {
    axum::Router::new()
        .route("/users", post(register))
        .route("/users/{id}", get(user))
        .route("/sessions", post(login))
        .route("/oauth/token", post(service_token))
        .route("/.well-known/jwks.json", get(jwks))
        .route("/keys/rotate", post(rotate))
        .with_state(auth)
}

/// Runs auth on `listener` until SIGTERM.
pub async fn run(config: Config, listener: tokio::net::TcpListener) -> Result<(), StartError> {
    let auth = Auth::start(&config).await?;
    crate::service::serve(
        "auth",
        listener,
        router(auth),
        crate::service::always_ready(),
    )
    .await?;
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    email: String,
    password: String,
}

/// `POST /users` `{"email", "password"}`: 201 `{"id", "email"}`; 409 if the email is taken.
async fn register(State(auth): State<Auth>, body: axum::body::Bytes) -> Result<Response, Problem> {
    let credentials: Credentials = problem::json(&body)?;
    let email = credentials.email.trim().to_lowercase();
    if !email.contains('@') || email.len() > 254 {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "email: an address with an @, at most 254 characters",
        ));
    }
    if !(8..=128).contains(&credentials.password.chars().count()) {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "password: 8 to 128 characters",
        ));
    }
    let hash = hash(credentials.password).await?;
    let id = Uuid::now_v7().to_string();
    let inserted = sqlx::query(
        "INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO NOTHING",
    )
    .bind(&id)
    .bind(&email)
    .bind(&hash)
    .bind(crate::now_rfc3339())
    .execute(&auth.pool)
    .await
    .map_err(Problem::internal)?;
    if inserted.rows_affected() == 0 {
        return Err(Problem::new(
            StatusCode::CONFLICT,
            format!("{email} is already registered"),
        ));
    }
    tracing::info!(user_id = %id, "user registered");
    Ok((
        StatusCode::CREATED,
        axum::Json(serde_json::json!({"id": id, "email": email})),
    )
        .into_response())
}

/// Hashes a password with argon2, off the async threads (it is slow on purpose).
async fn hash(password: String) -> Result<String, Problem> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
    })
    .await
    .map_err(Problem::internal)?
    .map_err(Problem::internal)
}

// ANCHOR: login
/// A hash of a password nobody has, checked when the email is unknown: a login takes as long
/// whether or not the user exists, so its timing does not tell.
const NOBODY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Wm9uZGVyIGlmIGFueW9uZSBlbHNlIHJlYWRzIHRoaXM";

/// `POST /sessions` `{"email", "password"}`: 200 `{"accessToken", "tokenType", "expiresIn"}`, a
/// token for the API; 401 for a wrong email or password (the same answer for both).
async fn login(State(auth): State<Auth>, body: axum::body::Bytes) -> Result<Response, Problem> {
    let credentials: Credentials = problem::json(&body)?;
    let email = credentials.email.trim().to_lowercase();
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(&auth.pool)
        .await
        .map_err(Problem::internal)?;
    let (id, stored) = match row {
        Some(row) => (
            Some(row.try_get::<String, _>("id").map_err(Problem::internal)?),
            row.try_get::<String, _>("password_hash")
                .map_err(Problem::internal)?,
        ),
        None => (None, NOBODY.to_owned()),
    };
    let password = credentials.password;
    let matches = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
    })
    .await
    .map_err(Problem::internal)?;
    let Some(id) = id.filter(|_| matches) else {
        return Err(Problem::unauthorized("wrong email or password"));
    };
    let token = auth.sign(&Claims::new(&id, tokens::API, tokens::USER_TOKEN_LIFETIME))?;
    tracing::info!(user_id = %id, "logged in");
    Ok(axum::Json(serde_json::json!({
        "accessToken": token,
        "tokenType": "Bearer",
        "expiresIn": tokens::USER_TOKEN_LIFETIME.as_secs(),
    }))
    .into_response())
}
// ANCHOR_END: login

#[derive(Deserialize)]
struct TokenRequest {
    grant_type: String,
    client_id: String,
    client_secret: String,
    audience: String,
}

/// `POST /oauth/token`, the client-credentials grant: a service trades its secret for a token
/// meant for one other service (`audience`).
async fn service_token(
    State(auth): State<Auth>,
    body: axum::body::Bytes,
) -> Result<Response, Problem> {
    let request: TokenRequest = problem::json(&body)?;
    if request.grant_type != "client_credentials" {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "grant_type: only client_credentials",
        ));
    }
    let known = auth
        .client_secrets
        .get(&request.client_id)
        .is_some_and(|secret| same_secret(secret, &request.client_secret));
    if !known {
        return Err(Problem::unauthorized("unknown client, or wrong secret"));
    }
    if !MAY_CALL.contains(&(request.client_id.as_str(), request.audience.as_str())) {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            format!(
                "{} may not call {} with a token of its own",
                request.client_id, request.audience
            ),
        ));
    }
    let claims = Claims::new(
        format!("service:{}", request.client_id),
        &request.audience,
        tokens::SERVICE_TOKEN_LIFETIME,
    );
    Ok(axum::Json(serde_json::json!({
        "access_token": auth.sign(&claims)?,
        "token_type": "Bearer",
        "expires_in": tokens::SERVICE_TOKEN_LIFETIME.as_secs(),
    }))
    .into_response())
}

/// Compares two secrets by their SHA-256 digests: how long it takes says nothing about how much
/// of a guess was right.
fn same_secret(known: &str, given: &str) -> bool {
    let digest = |text: &str| ring::digest::digest(&ring::digest::SHA256, text.as_bytes());
    digest(known).as_ref() == digest(given).as_ref()
}

/// `GET /users/{id}`, for services only: `{"id", "email"}`. How notifications learns where to
/// send an email, without a table of users of its own.
async fn user(
    State(auth): State<Auth>,
    ServiceCaller(caller): ServiceCaller,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    if caller.service() != Some("notifications") {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "only notifications reads users' emails",
        ));
    }
    let email: Option<String> = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(&id)
        .fetch_optional(&auth.pool)
        .await
        .map_err(Problem::internal)?;
    tracing::info!(caller = %caller.sub, user_id = %id, "user looked up");
    match email {
        Some(email) => {
            Ok(axum::Json(serde_json::json!({"id": id, "email": email})).into_response())
        }
        None => Err(Problem::new(StatusCode::NOT_FOUND, format!("no user {id}"))),
    }
}

/// `GET /.well-known/jwks.json`: the public keys, current and recently retired.
async fn jwks(State(auth): State<Auth>) -> Result<Response, Problem> {
    let set = auth
        .keyring
        .read()
        .map_err(|_| Problem::internal("the keyring's lock is poisoned"))?
        .jwks();
    Ok(axum::Json(set).into_response())
}

/// `POST /keys/rotate`, for the operator's token only: signs with a new key from now on. The
/// old one stays in the JWKS until its tokens have expired.
async fn rotate(
    State(auth): State<Auth>,
    ServiceCaller(caller): ServiceCaller,
) -> Result<Response, Problem> {
    if caller.service() != Some("operator") {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "only the operator rotates keys",
        ));
    }
    let next = SigningKey::generate().map_err(Problem::internal)?;
    let kid = next.kid().to_owned();
    auth.keyring
        .write()
        .map_err(|_| Problem::internal("the keyring's lock is poisoned"))?
        .rotate(next);
    tracing::info!(%kid, "signing key rotated");
    Ok(axum::Json(serde_json::json!({"kid": kid})).into_response())
}
