//! # Microservices 3: verifying a token, by hand
//!
//! Orders receives `Authorization: Bearer <token>` and must decide, alone, whether to believe
//! it. The token is a JWT: three base64url parts joined by dots, `header.claims.signature`. The
//! header names the algorithm (`alg`) and the key (`kid`); the claims say who (`sub`), for
//! whom (`aud`), from whom (`iss`) and until when (`exp`, seconds since 1970); the signature is
//! auth's Ed25519 signature over the first two parts *as they are written*, dots included.
//!
//! Every check here exists because a real verifier once skipped it. The crate uses the
//! jsonwebtoken library (`tokens.rs`), told the same rules; here you apply them yourself.
//!
//! Given: `b64url_decode`, the `Header` and `Claims` types, `Keys` (auth's public keys by `kid`)
//! and `ed25519_verify`.
//!
//! TODO: write `verify(token, keys, expected, now)`:
//! 1. Exactly three parts, each valid base64url, the header and claims JSON of the given shapes:
//!    otherwise `Rejected::Malformed`.
//! 2. The algorithm is pinned: `alg` must be `"EdDSA"`. Anything else (`"none"`, `"HS256"`,
//!    ...) is `Rejected::Algorithm(alg)`, whatever the rest says.
//! 3. The key is the one the header's `kid` names in `keys`: no `kid` is `Rejected::NoKeyId`,
//!    one `keys` does not have is `Rejected::UnknownKey(kid)`.
//! 4. The signature must verify, with that key, over the bytes of `header-part.claims-part`
//!    (the first two parts and the dot between them): otherwise `Rejected::BadSignature`.
//!    Believe nothing in the claims before this.
//! 5. `iss` must be `expected.issuer` (`Rejected::Issuer`); `aud` (one string or a list) must
//!    contain `expected.audience` (`Rejected::Audience`).
//! 6. `exp` is when it stops being valid: at `now >= exp + LEEWAY` it is `Rejected::Expired`
//!    (the leeway forgives clocks a little apart). A token with `nbf` ("not before") is
//!    `Rejected::NotYetValid` while `now + LEEWAY < nbf`.
//! 7. Otherwise return the claims.
//!
//! Check your work with `cargo learn check microservices3`; stuck? `cargo learn hint microservices3`.

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

/// The claims of `token` if auth signed it, for `expected`, and it is valid at `now` (seconds).
pub fn verify(token: &str, keys: &Keys, expected: &Expected, now: u64) -> Result<Claims, Rejected> {
    todo!()
}
