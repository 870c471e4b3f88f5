//! # Who is calling: tokens signed by auth, checked by everyone
//!
//! In the monolith, "who is logged in" was a row in a sessions table that every handler could
//! read. Here no service may read auth's tables, and asking auth on every request would make
//! auth the bottleneck and the single point of failure of everything. So auth *signs* a token
//! (a JWT) with a private key, and publishes the matching public keys at
//! `/.well-known/jwks.json`. Every other service fetches those keys once, caches them, and
//! checks each token alone: the signature (so nobody but auth could have made it), the expiry,
//! and the audience (a token auth gave to one service cannot be replayed at another).
//!
//! Three rules that the attacks in `tests/tokens.rs` try to break:
//!
//! - **The algorithm is pinned.** A verifier that believes the token's own `alg` header accepts
//!   `alg: none` (no signature at all) or HS256 with the *public* key as the shared secret.
//!   Here only EdDSA is accepted, whatever the header says.
//! - **Keys are picked by `kid`, and rotate.** Auth can start signing with a new key at any
//!   time; the old public key stays in the JWKS until the tokens it signed have expired. A
//!   verifier that meets an unknown `kid` fetches the keys again (at most once a second, so
//!   a flood of made-up `kid`s cannot turn it against auth).
//! - **Services are callers too.** Notifications asks auth for a user's email with a token of
//!   its own (`sub: service:notifications`, `aud: auth`), exchanged for its client secret.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use jsonwebtoken::jwk::{Jwk, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};

use crate::problem::Problem;

/// The only algorithm signed or accepted: Ed25519 signatures (EdDSA).
pub const ALGORITHM: Algorithm = Algorithm::EdDSA;
/// The `iss` of every token: the auth service.
pub const ISSUER: &str = "auth";
/// The `aud` of a user's token: the public API, behind the gateway.
pub const API: &str = "api";
/// How long a user's token lives.
pub const USER_TOKEN_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// How long a service's token lives.
pub const SERVICE_TOKEN_LIFETIME: Duration = Duration::from_secs(5 * 60);

// ANCHOR: claims
/// What a token says: who (`sub`), for whom (`aud`), from whom (`iss`), until when (`exp`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    /// A user's id, or `service:<name>` for a service.
    pub sub: String,
    pub aud: String,
    /// Issued at, and expires at: seconds since 1970.
    pub iat: u64,
    pub exp: u64,
}
// ANCHOR_END: claims

impl Claims {
    /// Claims for `sub`, meant for `aud`, valid for `lifetime` from now.
    pub fn new(sub: impl Into<String>, aud: impl Into<String>, lifetime: Duration) -> Self {
        let now = crate::now_seconds();
        Self {
            iss: ISSUER.to_owned(),
            sub: sub.into(),
            aud: aud.into(),
            iat: now,
            exp: now + lifetime.as_secs(),
        }
    }

    /// The service this token was given to, if a service's.
    pub fn service(&self) -> Option<&str> {
        self.sub.strip_prefix("service:")
    }
}

/// Why a token was refused (every one is a 401), or could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("no bearer token in the Authorization header")]
    Missing,
    #[error("the token is not a JWT")]
    Malformed,
    #[error("the token is signed with {0:?}; only EdDSA is accepted")]
    Algorithm(Algorithm),
    #[error("the token names no key (kid)")]
    NoKeyId,
    #[error("the token's key {0:?} is not one of auth's keys")]
    UnknownKey(String),
    #[error("the token has expired")]
    Expired,
    #[error("the token is not meant for this service (its audience)")]
    Audience,
    #[error("the token was not issued by auth")]
    Issuer,
    #[error("the token's signature does not match")]
    Signature,
    #[error("the token is not valid: {0}")]
    Invalid(String),
    #[error("auth's public keys could not be fetched: {0}")]
    KeysUnavailable(String),
    #[error("auth could not be asked for a token: {0}")]
    TokenUnavailable(String),
    #[error("auth refused this service a token: {0}")]
    TokenRefused(String),
    #[error("the signing key is not usable: {0}")]
    Key(String),
}

/// The fixed first 16 bytes of an Ed25519 private key in PKCS#8 (v1) form; the 32-byte seed
/// follows. RFC 8410, section 10.3.
const PKCS8_ED25519_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// One private key of auth's, with its id and its public half as a JWK.
#[derive(Clone)]
pub struct SigningKey {
    kid: String,
    private: EncodingKey,
    public: Jwk,
}

impl SigningKey {
    /// A new random key, with a random id.
    pub fn generate() -> Result<Self, TokenError> {
        let mut seed = [0_u8; 32];
        ring::rand::SystemRandom::new()
            .fill(&mut seed)
            .map_err(|_| TokenError::Key("the system's random source failed".into()))?;
        let mut der = PKCS8_ED25519_PREFIX.to_vec();
        der.extend_from_slice(&seed);
        Self::new(EncodingKey::from_ed_der(&der))
    }

    /// The key in a PEM file (`openssl genpkey -algorithm ed25519`).
    pub fn from_pem(pem: &[u8]) -> Result<Self, TokenError> {
        let private =
            EncodingKey::from_ed_pem(pem).map_err(|error| TokenError::Key(error.to_string()))?;
        Self::new(private)
    }

    /// The key's id is its public key's thumbprint (RFC 7638): the same key always has the same
    /// id, and a new key (a replaced key file, say) a new one, which makes every verifier fetch
    /// the keys again.
    fn new(private: EncodingKey) -> Result<Self, TokenError> {
        let mut public = Jwk::from_encoding_key(&private, ALGORITHM)
            .map_err(|error| TokenError::Key(error.to_string()))?;
        let kid = public
            .thumbprint(jsonwebtoken::jwk::ThumbprintHash::SHA256)
            .map_err(|error| TokenError::Key(error.to_string()))?;
        public.common.key_id = Some(kid.clone());
        public.common.public_key_use = Some(PublicKeyUse::Signature);
        Ok(Self {
            kid,
            private,
            public,
        })
    }

    /// The same key under another id.
    pub fn with_kid(mut self, kid: &str) -> Self {
        kid.clone_into(&mut self.kid);
        self.public.common.key_id = Some(kid.to_owned());
        self
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public half, as published in the JWKS.
    pub fn public(&self) -> &Jwk {
        &self.public
    }

    /// `claims` (a [`Claims`], or in a test anything else), signed: a JWT whose header names
    /// this key.
    pub fn sign<T: Serialize>(&self, claims: &T) -> Result<String, TokenError> {
        let mut header = Header::new(ALGORITHM);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.private)
            .map_err(|error| TokenError::Key(error.to_string()))
    }
}

// ANCHOR: keyring
/// Auth's keys: the newest signs, and the older ones stay published until every token they
/// signed has expired.
pub struct Keyring {
    /// Oldest first; the last one signs. Each with the time (seconds) it may be dropped.
    keys: Vec<(SigningKey, Option<u64>)>,
}

impl Keyring {
    pub fn new(first: SigningKey) -> Self {
        Self {
            keys: vec![(first, None)],
        }
    }

    /// The key that signs now.
    pub fn current(&self) -> &SigningKey {
        &self.keys[self.keys.len() - 1].0
    }

    /// Starts signing with `next`. The key it replaces stays published for as long as a token
    /// it signed can live; keys retired long enough ago are dropped.
    pub fn rotate(&mut self, next: SigningKey) {
        let now = crate::now_seconds();
        let longest = USER_TOKEN_LIFETIME.max(SERVICE_TOKEN_LIFETIME).as_secs();
        if let Some((_, retire)) = self.keys.last_mut() {
            *retire = Some(now + longest);
        }
        self.keys
            .retain(|(_, retire)| retire.is_none_or(|until| until > now));
        self.keys.push((next, None));
    }

    /// The public keys, as `GET /.well-known/jwks.json` serves them.
    pub fn jwks(&self) -> JwkSet {
        JwkSet {
            keys: self
                .keys
                .iter()
                .map(|(key, _)| key.public().clone())
                .collect(),
        }
    }
}
// ANCHOR_END: keyring

/// Where a verifier gets the public keys from.
enum Keys {
    /// Auth's JWKS endpoint, over HTTP: every service but auth.
    Remote {
        url: String,
        http: reqwest::Client,
        /// When they were last fetched. Held across a fetch, so that requests arriving during
        /// one wait for it instead of fetching too (or failing).
        fetched: tokio::sync::Mutex<Option<Instant>>,
    },
    /// Auth's own keyring: auth checks the tokens of the services that call it.
    Local(Arc<RwLock<Keyring>>),
}

/// Checks tokens: the signature with auth's public key named by `kid`, the algorithm, the
/// issuer, the expiry and the audience.
pub struct Verifier {
    /// This service's name: the audience of the tokens other services send it.
    service: String,
    keys: Keys,
    /// The keys by `kid`, and when they were read.
    cache: RwLock<(HashMap<String, DecodingKey>, Option<Instant>)>,
}

/// How long fetched keys are trusted before they are read again: a key auth stopped publishing
/// is dropped within this long.
pub const KEYS_MAX_AGE: Duration = Duration::from_secs(300);

impl Verifier {
    /// A verifier for `service` that fetches auth's keys from `jwks_url`.
    pub fn remote(service: &str, jwks_url: &str, http: reqwest::Client) -> Self {
        Self {
            service: service.to_owned(),
            keys: Keys::Remote {
                url: jwks_url.to_owned(),
                http,
                fetched: tokio::sync::Mutex::new(None),
            },
            cache: RwLock::default(),
        }
    }

    /// Auth's verifier, reading its own keyring.
    pub fn local(service: &str, keyring: Arc<RwLock<Keyring>>) -> Self {
        Self {
            service: service.to_owned(),
            keys: Keys::Local(keyring),
            cache: RwLock::default(),
        }
    }

    // ANCHOR: verify
    /// The claims of `token` if it is valid and meant for `audience`.
    pub async fn verify(&self, token: &str, audience: &str) -> Result<Claims, TokenError> {
        // The header is read only to pick the key; nothing in it is trusted. An `alg` that
        // is not EdDSA (`none`, HS256, ...) fails here or in `decode`, which is told the
        // algorithm rather than asked.
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
        if header.alg != ALGORITHM {
            return Err(TokenError::Algorithm(header.alg));
        }
        let kid = header.kid.ok_or(TokenError::NoKeyId)?;
        let key = match self.cached(&kid) {
            Some(key) => key,
            None => {
                self.refresh().await?;
                self.cached(&kid).ok_or(TokenError::UnknownKey(kid))?
            }
        };
        let mut validation = Validation::new(ALGORITHM);
        validation.set_audience(&[audience]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
        validation.leeway = 5;
        jsonwebtoken::decode::<Claims>(token, &key, &validation)
            .map(|data| data.claims)
            .map_err(|error| {
                use jsonwebtoken::errors::ErrorKind;
                match error.kind() {
                    ErrorKind::ExpiredSignature => TokenError::Expired,
                    ErrorKind::InvalidAudience => TokenError::Audience,
                    ErrorKind::InvalidIssuer => TokenError::Issuer,
                    ErrorKind::InvalidSignature => TokenError::Signature,
                    ErrorKind::InvalidAlgorithm => TokenError::Algorithm(header.alg),
                    _ => TokenError::Invalid(error.to_string()),
                }
            })
    }
    // ANCHOR_END: verify

    /// The key `kid` names, if the keys read are fresh enough to trust. (A std lock is fine in
    /// async code when, as here, it is never held across an `.await`.)
    fn cached(&self, kid: &str) -> Option<DecodingKey> {
        let cache = self.cache.read().ok()?;
        let (keys, read_at) = &*cache;
        read_at.filter(|at| at.elapsed() < KEYS_MAX_AGE)?;
        keys.get(kid).cloned()
    }

    /// Reads the keys again: from auth at most once a second (so a flood of made-up `kid`s
    /// cannot turn this service against auth), and once for all the requests that ask at the
    /// same moment.
    async fn refresh(&self) -> Result<(), TokenError> {
        let set = match &self.keys {
            Keys::Local(keyring) => keyring
                .read()
                .map_err(|_| TokenError::KeysUnavailable("the keyring's lock is poisoned".into()))?
                .jwks(),
            Keys::Remote { url, http, fetched } => {
                let mut fetched = fetched.lock().await;
                if fetched.is_some_and(|at| at.elapsed() < Duration::from_secs(1)) {
                    // Fetched a moment ago (perhaps while this request waited for the lock):
                    // what auth publishes is in the cache.
                    return Ok(());
                }
                let unavailable =
                    |error: reqwest::Error| TokenError::KeysUnavailable(error.to_string());
                let set = http
                    .get(url)
                    .timeout(Duration::from_secs(2))
                    .send()
                    .await
                    .and_then(reqwest::Response::error_for_status)
                    .map_err(unavailable)?
                    .json::<JwkSet>()
                    .await
                    .map_err(unavailable)?;
                *fetched = Some(Instant::now());
                set
            }
        };
        let mut keys = HashMap::new();
        for jwk in &set.keys {
            if let (Some(kid), Ok(key)) = (&jwk.common.key_id, DecodingKey::from_jwk(jwk)) {
                keys.insert(kid.clone(), key);
            }
        }
        if let Ok(mut cache) = self.cache.write() {
            *cache = (keys, Some(Instant::now()));
        }
        Ok(())
    }
}

/// The bearer token of a request, if it has one.
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    // The scheme is case-insensitive (RFC 9110): `bearer` is `Bearer`.
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

fn refused(error: TokenError) -> Problem {
    match error {
        TokenError::KeysUnavailable(_) | TokenError::TokenUnavailable(_) => {
            Problem::unavailable(error.to_string())
        }
        _ => Problem::unauthorized(error.to_string()),
    }
}

/// The claims of the request's bearer token, checked for `audience` (`None`: this service's
/// own name), and whether they must name a service or a user.
async fn caller<S>(
    parts: &Parts,
    state: &S,
    audience: Option<&str>,
    service: bool,
) -> Result<Claims, Problem>
where
    Arc<Verifier>: FromRef<S>,
{
    let verifier = Arc::<Verifier>::from_ref(state);
    let token = bearer(&parts.headers).ok_or_else(|| refused(TokenError::Missing))?;
    let audience = audience.unwrap_or(&verifier.service);
    let claims = verifier.verify(token, audience).await.map_err(refused)?;
    match (service, claims.service().is_some()) {
        (false, true) => Err(Problem::unauthorized(
            "a service's token does not name a user",
        )),
        (true, false) => Err(Problem::unauthorized("only services may call this")),
        _ => Ok(claims),
    }
}

/// A handler's argument: the user a valid token for the API names. Anything else is 401.
pub struct User(pub Claims);

impl<S> FromRequestParts<S> for User
where
    Arc<Verifier>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        caller(parts, state, Some(API), false).await.map(User)
    }
}

/// A handler's argument: another service, with a token auth gave it for this service.
pub struct ServiceCaller(pub Claims);

impl<S> FromRequestParts<S> for ServiceCaller
where
    Arc<Verifier>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        caller(parts, state, None, true).await.map(ServiceCaller)
    }
}

/// A service's own token for calling `audience`, fetched from auth with its client secret and
/// reused until a minute before it expires, or until the service it calls refuses it.
pub struct ServiceToken {
    client_id: String,
    secret: String,
    audience: String,
    token_url: String,
    http: reqwest::Client,
    cached: tokio::sync::Mutex<Option<(String, u64)>>,
}

impl ServiceToken {
    pub fn new(
        client_id: &str,
        secret: &str,
        audience: &str,
        auth_url: &str,
        http: reqwest::Client,
    ) -> Self {
        Self {
            client_id: client_id.to_owned(),
            secret: secret.to_owned(),
            audience: audience.to_owned(),
            token_url: format!("{}/oauth/token", auth_url.trim_end_matches('/')),
            http,
            cached: tokio::sync::Mutex::new(None),
        }
    }

    /// Drops the cached token (the service called said 401: auth restarted with a new key, say):
    /// the next `get` asks auth again.
    pub async fn forget(&self) {
        *self.cached.lock().await = None;
    }

    /// A valid token, from the cache or from auth.
    pub async fn get(&self) -> Result<String, TokenError> {
        let mut cached = self.cached.lock().await;
        if let Some((token, exp)) = &*cached
            && *exp > crate::now_seconds() + 60
        {
            return Ok(token.clone());
        }
        #[derive(Deserialize)]
        struct Issued {
            access_token: String,
            expires_in: u64,
        }
        let unavailable = |error: reqwest::Error| TokenError::TokenUnavailable(error.to_string());
        let response = self
            .http
            .post(&self.token_url)
            .timeout(Duration::from_secs(2))
            .json(&serde_json::json!({
                "grant_type": "client_credentials",
                "client_id": self.client_id,
                "client_secret": self.secret,
                "audience": self.audience,
            }))
            .send()
            .await
            .map_err(unavailable)?;
        if response.status().is_client_error() {
            let status = response.status();
            let detail = response.text().await.unwrap_or_default();
            return Err(TokenError::TokenRefused(format!("{status}: {detail}")));
        }
        let issued: Issued = response
            .error_for_status()
            .map_err(unavailable)?
            .json()
            .await
            .map_err(unavailable)?;
        *cached = Some((
            issued.access_token.clone(),
            crate::now_seconds() + issued.expires_in,
        ));
        Ok(issued.access_token)
    }
}
