//! Checks for exercise `microservices3`: `exercises/microservices/src/ex3_verify.rs`.
//!
//! The checks sign tokens with real Ed25519 keys (auth's two, after a rotation, and an
//! attacker's), then forge, tamper with and misdirect them, and hand each to `verify`.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/microservices/src/ex3_verify.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex3_verify.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/microservices/src/ex3_verify.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{Audience, Claims, Expected, Keys, LEEWAY, Rejected, verify};
use ring::signature::{Ed25519KeyPair, KeyPair};
use serde_json::{Value, json};

const NOW: u64 = 1_800_000_000;

fn b64(bytes: &[u8]) -> String {
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

fn key(seed: u8) -> Ed25519KeyPair {
    Ed25519KeyPair::from_seed_unchecked(&[seed; 32]).unwrap()
}

/// A token with `header` and `claims`, signed by `signer`.
fn token(header: &Value, claims: &Value, signer: &Ed25519KeyPair) -> String {
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let signature = signer.sign(input.as_bytes());
    format!("{input}.{}", b64(signature.as_ref()))
}

fn header(kid: &str) -> Value {
    json!({"alg": "EdDSA", "typ": "JWT", "kid": kid})
}

fn claims() -> Value {
    json!({"iss": "auth", "sub": "user-1", "aud": "api", "iat": NOW - 60, "exp": NOW + 900})
}

/// Auth's keys after a rotation: `old` and `new`, both published.
fn keys() -> Keys {
    let mut keys = Keys::default();
    keys.by_kid
        .insert("old".into(), key(1).public_key().as_ref().to_vec());
    keys.by_kid
        .insert("new".into(), key(2).public_key().as_ref().to_vec());
    keys
}

fn expected() -> Expected {
    Expected {
        issuer: "auth".into(),
        audience: "api".into(),
    }
}

fn check(token: &str) -> Result<Claims, Rejected> {
    verify(token, &keys(), &expected(), NOW)
}

#[test]
fn a_valid_token_is_accepted_with_its_claims() {
    let got = check(&token(&header("new"), &claims(), &key(2)));
    assert_eq!(
        got.map(|c| (c.sub, c.aud)),
        Ok(("user-1".to_owned(), Audience::One("api".into()))),
        "a token signed by auth's key `new`, for `api`, from `auth`, expiring in 15 minutes"
    );
}

#[test]
fn the_key_is_the_one_the_kid_names() {
    let got = check(&token(&header("old"), &claims(), &key(1)));
    assert!(
        got.is_ok(),
        "a token signed by the key `old` (kept after the rotation) and naming it: accepted, \
         not {got:?}"
    );
    assert_eq!(
        check(&token(&header("new"), &claims(), &key(1))),
        Err(Rejected::BadSignature),
        "signed by `old` but naming `new`: checked with `new`'s key, it does not verify"
    );
    assert_eq!(
        check(&token(&header("gone"), &claims(), &key(2))),
        Err(Rejected::UnknownKey("gone".into())),
        "a kid auth does not publish"
    );
    assert_eq!(
        check(&token(&json!({"alg": "EdDSA"}), &claims(), &key(2))),
        Err(Rejected::NoKeyId),
        "a header with no kid"
    );
}

#[test]
fn a_token_signed_by_another_key_is_refused() {
    assert_eq!(
        check(&token(&header("new"), &claims(), &key(66))),
        Err(Rejected::BadSignature),
        "an attacker's own Ed25519 key, under auth's kid `new`"
    );
    let mut everything_wrong = claims();
    everything_wrong["iss"] = json!("evil");
    everything_wrong["aud"] = json!("orders");
    everything_wrong["exp"] = json!(NOW - 3600);
    assert_eq!(
        check(&token(&header("new"), &everything_wrong, &key(66))),
        Err(Rejected::BadSignature),
        "a forged token whose claims are wrong too (iss evil, aud orders, expired): the \
         signature is checked first, and nothing in unsigned claims is believed, not even to \
         say why they are wrong"
    );
}

#[test]
fn the_algorithm_is_pinned() {
    let unsigned = format!(
        "{}.{}.",
        b64(json!({"alg": "none", "kid": "new"}).to_string().as_bytes()),
        b64(claims().to_string().as_bytes())
    );
    assert_eq!(
        check(&unsigned),
        Err(Rejected::Algorithm("none".into())),
        "alg none, with no signature at all"
    );
    let hs = token(&json!({"alg": "HS256", "kid": "new"}), &claims(), &key(2));
    assert_eq!(
        check(&hs),
        Err(Rejected::Algorithm("HS256".into())),
        "alg HS256: refused for its alg, whatever its signature"
    );
}

#[test]
fn a_changed_claim_breaks_the_signature() {
    let good = token(&header("new"), &claims(), &key(2));
    let parts: Vec<&str> = good.split('.').collect();
    let mut admin = claims();
    admin["sub"] = json!("admin");
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        b64(admin.to_string().as_bytes()),
        parts[2]
    );
    assert_eq!(
        check(&tampered),
        Err(Rejected::BadSignature),
        "the claims part replaced (sub: admin), the signature kept"
    );
    let other_header = format!(
        "{}.{}.{}",
        b64(json!({"alg": "EdDSA", "kid": "new", "typ": "at+jwt"})
            .to_string()
            .as_bytes()),
        parts[1],
        parts[2]
    );
    assert_eq!(
        check(&other_header),
        Err(Rejected::BadSignature),
        "the header part replaced, the signature kept: it signs the header too"
    );
}

#[test]
fn issuer_and_audience_must_match() {
    let mut other_issuer = claims();
    other_issuer["iss"] = json!("evil");
    assert_eq!(
        check(&token(&header("new"), &other_issuer, &key(2))),
        Err(Rejected::Issuer),
        "iss evil"
    );
    let mut for_orders = claims();
    for_orders["aud"] = json!("orders");
    assert_eq!(
        check(&token(&header("new"), &for_orders, &key(2))),
        Err(Rejected::Audience),
        "aud orders, where api is expected"
    );
    let mut several = claims();
    several["aud"] = json!(["orders", "api"]);
    let got = check(&token(&header("new"), &several, &key(2)));
    assert!(
        got.is_ok(),
        "aud [orders, api] contains api: accepted, not {got:?}"
    );
    let mut longer = claims();
    longer["aud"] = json!("api-admin");
    assert_eq!(
        check(&token(&header("new"), &longer, &key(2))),
        Err(Rejected::Audience),
        "aud api-admin is not api (the whole value must match, not part of it)"
    );
    let mut none_of_them = claims();
    none_of_them["aud"] = json!(["orders", "auth"]);
    assert_eq!(
        check(&token(&header("new"), &none_of_them, &key(2))),
        Err(Rejected::Audience),
        "aud [orders, auth] does not contain api"
    );
}

#[test]
fn expiry_counts_with_a_little_leeway() {
    let at = |now: u64| {
        verify(
            &token(&header("new"), &claims(), &key(2)),
            &keys(),
            &expected(),
            now,
        )
    };
    let exp = NOW + 900;
    let got = at(exp - 1);
    assert!(
        got.is_ok(),
        "a second before exp ({exp}): valid, not {got:?}"
    );
    let got = at(exp + LEEWAY - 1);
    assert!(
        got.is_ok(),
        "{} s after exp, within the {LEEWAY} s leeway: valid, not {got:?}",
        LEEWAY - 1
    );
    assert_eq!(
        at(exp + LEEWAY),
        Err(Rejected::Expired),
        "{LEEWAY} s after exp: expired"
    );
    assert_eq!(at(exp + 3600), Err(Rejected::Expired), "an hour after exp");
}

#[test]
fn not_before_is_respected() {
    let mut later = claims();
    later["nbf"] = json!(NOW + 600);
    let token = token(&header("new"), &later, &key(2));
    assert_eq!(
        check(&token),
        Err(Rejected::NotYetValid),
        "nbf 10 minutes from now"
    );
    let got = verify(&token, &keys(), &expected(), NOW + 600 - LEEWAY);
    assert!(
        got.is_ok(),
        "{LEEWAY} s before nbf, within the leeway: valid, not {got:?}"
    );
}

#[test]
fn what_is_not_a_jwt_is_malformed() {
    for (what, token) in [
        ("empty", String::new()),
        ("two parts", "abc.def".to_owned()),
        ("four parts", "a.b.c.d".to_owned()),
        ("not base64url", "!!.??.**".to_owned()),
        (
            "a header that is not JSON",
            format!(
                "{}.{}.",
                b64(b"not json"),
                b64(claims().to_string().as_bytes())
            ),
        ),
    ] {
        assert_eq!(check(&token), Err(Rejected::Malformed), "{what}: {token:?}");
    }
}
