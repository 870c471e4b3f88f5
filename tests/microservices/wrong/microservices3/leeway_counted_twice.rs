//! Known-wrong answer to `microservices3`: the leeway is added twice: a token lives on for twice the leeway after `exp`.
//! Breaks: "at `now >= exp + LEEWAY` it is `Rejected::Expired`"
//! Why a learner writes it: the leeway is "a little extra time", and a learner who already
//! allowed for it elsewhere (or thinks of clocks off in both directions) doubles it: the token
//! then lives twice the leeway past its expiry.
//! Rejected by: expiry_counts_with_a_little_leeway

use std::collections::HashMap;

use serde::Deserialize;

// ---- Given: decoding, the token's parts, the keys, and Ed25519. ----

/// How far apart two clocks may be, in seconds.
pub const LEEWAY: u64 = 30;

/// Decodes base64url without padding (JWTs' alphabet: `-` and `_`); `None` if `text` is not.
pub fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    (count < 6).then_some(out)
}

/// The header: which algorithm, which key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Header {
    pub alg: String,
    pub kid: Option<String>,
}

/// `aud` is one string, or a list of them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
}

/// What the token says.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub sub: String,
    pub aud: Audience,
    pub exp: u64,
    pub nbf: Option<u64>,
}

/// Auth's public keys, by `kid`: 32 bytes each (Ed25519).
#[derive(Debug, Clone, Default)]
pub struct Keys {
    pub by_kid: HashMap<String, Vec<u8>>,
}

/// True when `signature` is `public_key`'s Ed25519 signature of `message`.
pub fn ed25519_verify(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, public_key)
        .verify(message, signature)
        .is_ok()
}

/// Whom the token must be from and for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub issuer: String,
    pub audience: String,
}

/// Why a token is not believed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    #[error("not a JWT")]
    Malformed,
    #[error("signed with {0:?}; only EdDSA is accepted")]
    Algorithm(String),
    #[error("no kid")]
    NoKeyId,
    #[error("no key {0:?}")]
    UnknownKey(String),
    #[error("the signature does not match")]
    BadSignature,
    #[error("not issued by the expected issuer")]
    Issuer,
    #[error("not meant for this audience")]
    Audience,
    #[error("expired")]
    Expired,
    #[error("not valid yet")]
    NotYetValid,
}

// ---- Yours. ----

fn json<T: serde::de::DeserializeOwned>(part: &str) -> Result<T, Rejected> {
    let bytes = b64url_decode(part).ok_or(Rejected::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| Rejected::Malformed)
}

/// The claims of `token` if auth signed it, for `expected`, and it is valid at `now` (seconds).
pub fn verify(token: &str, keys: &Keys, expected: &Expected, now: u64) -> Result<Claims, Rejected> {
    let parts: Vec<&str> = token.split('.').collect();
    let [header_part, claims_part, signature_part] = parts[..] else {
        return Err(Rejected::Malformed);
    };
    let header: Header = json(header_part)?;
    if header.alg != "EdDSA" {
        return Err(Rejected::Algorithm(header.alg));
    }
    let kid = header.kid.ok_or(Rejected::NoKeyId)?;
    let key = keys
        .by_kid
        .get(&kid)
        .ok_or_else(|| Rejected::UnknownKey(kid.clone()))?;
    let signature = b64url_decode(signature_part).ok_or(Rejected::Malformed)?;
    let signing_input = &token[..header_part.len() + 1 + claims_part.len()];
    if !ed25519_verify(key, signing_input.as_bytes(), &signature) {
        return Err(Rejected::BadSignature);
    }
    let claims: Claims = json(claims_part)?;
    if claims.iss != expected.issuer {
        return Err(Rejected::Issuer);
    }
    let for_us = match &claims.aud {
        Audience::One(aud) => *aud == expected.audience,
        Audience::Many(auds) => auds.contains(&expected.audience),
    };
    if !for_us {
        return Err(Rejected::Audience);
    }
    if now >= claims.exp.saturating_add(2 * LEEWAY) {
        return Err(Rejected::Expired);
    }
    if claims.nbf.is_some_and(|nbf| now.saturating_add(LEEWAY) < nbf) {
        return Err(Rejected::NotYetValid);
    }
    Ok(claims)
}
