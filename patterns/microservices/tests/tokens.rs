//! Tokens, attacked: a corpus of forged, expired and misdirected tokens sent to a real orders
//! service (which checks them with auth's published keys) gets 401 problem+json, every one;
//! service-to-service calls need a service's token; and a key rotation keeps old tokens valid
//! until they expire while new ones are signed with the new key.

use std::time::Duration;

mod common;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use microservices::auth;
use microservices::tokens::{self, Claims, SigningKey};

struct World {
    http: reqwest::Client,
    auth_url: String,
    orders_url: String,
    key: SigningKey,
}

async fn world() -> World {
    let key = SigningKey::generate().expect("a key");
    let (auth_url, orders_url) = common::auth_and_orders(key.clone()).await;
    World {
        http: common::http(),
        auth_url,
        orders_url,
        key,
    }
}

impl World {
    /// `GET /orders` on the orders service with `token`: the status, and the body.
    async fn list_orders(&self, token: Option<&str>) -> (u16, Option<String>, serde_json::Value) {
        let mut request = self.http.get(format!("{}/orders", self.orders_url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("orders answers");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        (
            status,
            content_type,
            response.json().await.unwrap_or_default(),
        )
    }

    async fn user_token(&self, email: &str) -> String {
        let credentials = serde_json::json!({"email": email, "password": "correct horse battery"});
        self.http
            .post(format!("{}/users", self.auth_url))
            .json(&credentials)
            .send()
            .await
            .expect("auth answers");
        let session: serde_json::Value = self
            .http
            .post(format!("{}/sessions", self.auth_url))
            .json(&credentials)
            .send()
            .await
            .expect("auth answers")
            .json()
            .await
            .expect("a session");
        session["accessToken"].as_str().expect("a token").to_owned()
    }

    async fn service_token(&self, client: &str, audience: &str) -> String {
        tokens::ServiceToken::new(
            client,
            &auth::development_secret(client),
            audience,
            &self.auth_url,
            self.http.clone(),
        )
        .get()
        .await
        .expect("a service token")
    }
}

fn b64(bytes: &[u8]) -> String {
    // base64url without padding, by hand: the test needs no crate for it.
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn claims(sub: &str, aud: &str) -> Claims {
    Claims::new(sub, aud, Duration::from_secs(600))
}

#[tokio::test]
async fn a_corpus_of_bad_tokens_gets_401_problem_json_and_none_is_accepted() {
    let world = world().await;
    let good = world.user_token("ada@example.com").await;
    let (status, _, _) = world.list_orders(Some(&good)).await;
    assert_eq!(status, 200, "the real token is accepted");
    let user = {
        let payload = good.split('.').nth(1).expect("a payload");
        let claims: serde_json::Value =
            serde_json::from_slice(&decode_b64(payload)).expect("JSON claims");
        claims["sub"].as_str().expect("a sub").to_owned()
    };
    let real_kid = world.key.kid().to_owned();
    let stranger = SigningKey::generate().expect("another key");

    let [header, _, signature]: [&str; 3] = good
        .split('.')
        .collect::<Vec<_>>()
        .try_into()
        .expect("three parts");
    let mut tampered_claims = claims("someone-else", tokens::API);
    tampered_claims.exp = u64::MAX / 2;
    let tampered = format!(
        "{header}.{}.{signature}",
        b64(&serde_json::to_vec(&tampered_claims).expect("JSON"))
    );

    let alg_none = format!(
        "{}.{}.",
        b64(format!(r#"{{"alg":"none","typ":"JWT","kid":"{real_kid}"}}"#).as_bytes()),
        b64(&serde_json::to_vec(&claims(&user, tokens::API)).expect("JSON"))
    );
    // HS256 with the *public* key as the shared secret: accepted by a verifier that trusts the
    // header's alg and hands it the key it has.
    let public_x = world.key.public().clone();
    let x = match &public_x.algorithm {
        jsonwebtoken::jwk::AlgorithmParameters::OctetKeyPair(p) => p.x.clone(),
        other => panic!("an OKP key, not {other:?}"),
    };
    let mut hs_header = Header::new(Algorithm::HS256);
    hs_header.kid = Some(real_kid.clone());
    let confused = jsonwebtoken::encode(
        &hs_header,
        &claims(&user, tokens::API),
        &EncodingKey::from_secret(x.as_bytes()).expect("an HMAC key"),
    )
    .expect("an HS256 token");

    let mut expired = claims(&user, tokens::API);
    expired.iat -= 7200;
    expired.exp -= 3600;
    let mut wrong_issuer = claims(&user, tokens::API);
    wrong_issuer.iss = "evil".into();
    #[derive(serde::Serialize)]
    struct NoExpiry {
        iss: String,
        sub: String,
        aud: String,
    }
    let no_expiry = world
        .key
        .sign(&NoExpiry {
            iss: "auth".into(),
            sub: user.clone(),
            aud: tokens::API.into(),
        })
        .expect("signed");

    let corpus: Vec<(&str, String)> = vec![
        (
            "signed with another key, under the real kid",
            stranger
                .clone()
                .with_kid(&real_kid)
                .sign(&claims(&user, tokens::API))
                .expect("signed"),
        ),
        ("alg: none, no signature", alg_none),
        ("the payload changed, the signature kept", tampered),
        (
            "an unknown kid",
            stranger
                .clone()
                .with_kid("nobody")
                .sign(&claims(&user, tokens::API))
                .expect("signed"),
        ),
        ("HS256 keyed with the public key", confused),
        (
            "expired an hour ago",
            world.key.sign(&expired).expect("signed"),
        ),
        (
            "for another audience (a service's)",
            world.key.sign(&claims(&user, "orders")).expect("signed"),
        ),
        (
            "from another issuer",
            world.key.sign(&wrong_issuer).expect("signed"),
        ),
        ("no expiry at all", no_expiry),
        (
            "a service's token, not a user's",
            world
                .key
                .sign(&claims("service:notifications", tokens::API))
                .expect("signed"),
        ),
        ("not a JWT", "not.a.jwt".into()),
        ("empty", String::new()),
    ];
    let mut accepted = Vec::new();
    for (what, token) in &corpus {
        let (status, content_type, body) = world.list_orders(Some(token)).await;
        if status != 401 {
            accepted.push(format!("{what}: {status}"));
            continue;
        }
        assert_eq!(
            content_type.as_deref(),
            Some("application/problem+json"),
            "{what}"
        );
        assert_eq!(body["status"], 401, "{what}: {body}");
        assert!(
            body["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{what}: says why: {body}"
        );
    }
    let (status, _, _) = world.list_orders(None).await;
    assert_eq!(status, 401, "no token at all");
    assert!(
        accepted.is_empty(),
        "{} of {} bad tokens accepted: {accepted:?}",
        accepted.len(),
        corpus.len()
    );
}

fn decode_b64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes() {
        let value = ALPHABET.iter().position(|a| *a == c).expect("base64url") as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

#[tokio::test]
async fn service_calls_need_a_token_auth_gave_to_a_service_for_that_service() {
    let world = world().await;
    let user_token = world.user_token("grace@example.com").await;
    let session_user = {
        let (status, _, _) = world.list_orders(Some(&user_token)).await;
        assert_eq!(status, 200);
        let payload = user_token.split('.').nth(1).expect("a payload");
        let claims: serde_json::Value =
            serde_json::from_slice(&decode_b64(payload)).expect("JSON claims");
        claims["sub"].as_str().expect("a sub").to_owned()
    };
    let lookup = |token: Option<String>| {
        let mut request = world
            .http
            .get(format!("{}/users/{session_user}", world.auth_url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let status = |r: reqwest::Response| r.status().as_u16();
    assert_eq!(status(lookup(None).await.expect("answer")), 401, "no token");
    assert_eq!(
        status(lookup(Some(user_token.clone())).await.expect("answer")),
        401,
        "a user's token cannot read another service's API"
    );
    let refused = tokens::ServiceToken::new(
        "notifications",
        &auth::development_secret("notifications"),
        "orders",
        &world.auth_url,
        world.http.clone(),
    )
    .get()
    .await;
    assert!(
        matches!(refused, Err(tokens::TokenError::TokenRefused(_))),
        "notifications may call auth, not orders: no token for orders, not {refused:?}"
    );
    let for_orders = world
        .key
        .sign(&Claims::new(
            "service:notifications",
            "orders",
            Duration::from_secs(60),
        ))
        .expect("signed");
    assert_eq!(
        status(lookup(Some(for_orders)).await.expect("answer")),
        401,
        "a service token meant for orders is not one for auth"
    );
    let operator = world.service_token("operator", "auth").await;
    assert_eq!(
        status(lookup(Some(operator)).await.expect("answer")),
        403,
        "the operator's token is for auth, but only notifications reads emails"
    );
    let for_auth = world.service_token("notifications", "auth").await;
    let answer = lookup(Some(for_auth.clone())).await.expect("answer");
    assert_eq!(answer.status().as_u16(), 200);
    let user: serde_json::Value = answer.json().await.expect("JSON");
    assert_eq!(user["email"], "grace@example.com");

    let wrong_secret = world
        .http
        .post(format!("{}/oauth/token", world.auth_url))
        .json(&serde_json::json!({
            "grant_type": "client_credentials",
            "client_id": "notifications",
            "client_secret": "guess",
            "audience": "auth",
        }))
        .send()
        .await
        .expect("answer");
    assert_eq!(
        wrong_secret.status().as_u16(),
        401,
        "a wrong secret gets no token"
    );

    let rotate = world
        .http
        .post(format!("{}/keys/rotate", world.auth_url))
        .bearer_auth(&for_auth)
        .send()
        .await
        .expect("answer");
    assert_eq!(
        rotate.status().as_u16(),
        403,
        "only the operator rotates keys"
    );
}

// ANCHOR: rotation
#[tokio::test]
async fn after_a_key_rotation_old_tokens_stay_valid_and_new_ones_use_the_new_key() {
    let world = world().await;
    let before = world.user_token("alan@example.com").await;
    assert_eq!(world.list_orders(Some(&before)).await.0, 200);

    let operator = world.service_token("operator", "auth").await;
    let rotated: serde_json::Value = world
        .http
        .post(format!("{}/keys/rotate", world.auth_url))
        .bearer_auth(&operator)
        .send()
        .await
        .expect("answer")
        .error_for_status()
        .expect("rotated")
        .json()
        .await
        .expect("JSON");
    let new_kid = rotated["kid"].as_str().expect("the new kid").to_owned();
    assert_ne!(new_kid, world.key.kid());

    let jwks: serde_json::Value = world
        .http
        .get(format!("{}/.well-known/jwks.json", world.auth_url))
        .send()
        .await
        .expect("answer")
        .json()
        .await
        .expect("JSON");
    let kids: Vec<&str> = jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .filter_map(|k| k["kid"].as_str())
        .collect();
    assert_eq!(
        kids,
        [world.key.kid(), new_kid.as_str()],
        "both keys published"
    );

    let after = world.user_token("alan@example.com").await;
    let header = jsonwebtoken::decode_header(&after).expect("a header");
    assert_eq!(
        header.kid.as_deref(),
        Some(new_kid.as_str()),
        "signed with the new key"
    );
    // Orders has never seen the new kid: it fetches the keys again, once. It fetched them a
    // moment ago (for `before`), and fetches at most once a second (a flood of made-up kids
    // must not reach auth), so in a test that runs faster than any user, wait that second.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(
        world.list_orders(Some(&after)).await.0,
        200,
        "the new token works"
    );
    assert_eq!(
        world.list_orders(Some(&before)).await.0,
        200,
        "the token signed before the rotation works until it expires"
    );
}
// ANCHOR_END: rotation
