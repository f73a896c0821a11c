//! CDS Hooks authentication: the bearer JWT a CDS client sends with every call.
//!
//! A token is accepted when all of these hold:
//! - its header names `alg` RS384 or ES384 (`none`, HMAC and everything else are refused),
//!   `typ` `JWT`, and a `kid` found in the configured JWK Set, whose key has that algorithm;
//! - its signature verifies against that key;
//! - `iss` is on the allowlist; `aud` (a string or an array) holds the URL called;
//! - `exp` is in the future and `iat` not in the future (both within the clock skew), and
//!   `exp` is no further ahead than the longest lifetime allowed;
//! - `jti` was not seen before from the same issuer while its token was still valid.
//!
//! `jku` in a header is never fetched: keys come only from the configured JWK Set, which is
//! the out-of-band exchange CDS Hooks allows. Every refusal is the same 401 to the caller;
//! the reason goes to the log (never the token).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

/// Selects jsonwebtoken's crypto backend for the process: AWS-LC with the `aws-lc` feature,
/// RustCrypto otherwise. Idempotent; called before any token is checked or signed.
pub fn install_crypto() {
    #[cfg(feature = "aws-lc")]
    let provider = &jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER;
    #[cfg(not(feature = "aws-lc"))]
    let provider = &jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER;
    // Err only means a provider is installed already (by an earlier call).
    let _ = provider.install_default();
}

/// Why a token was refused; logged, never sent to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No `Authorization: Bearer` header.
    Missing,
    /// The header is not `Bearer <token>`, or the token is too long or not a JWT.
    Malformed,
    /// `alg` is not RS384 or ES384 (`none`, HMAC, ...).
    Algorithm,
    /// `typ` is not `JWT`.
    Type,
    /// No `kid`, or a `kid` not in the JWK Set, or a key of another algorithm.
    UnknownKey,
    /// The signature does not verify.
    Signature,
    /// `exp` has passed.
    Expired,
    /// `exp` is further ahead than the longest lifetime allowed.
    TooLongLived,
    /// `iat` is missing or in the future.
    IssuedAt,
    /// `iss` is missing or not on the allowlist.
    Issuer,
    /// `aud` is missing or does not name the URL called.
    Audience,
    /// `jti` is missing, empty or too long.
    TokenId,
    /// The `jti` was used before.
    Replayed,
    /// A required claim is missing or of the wrong type.
    Claims,
}

impl Refusal {
    /// A short name for the log.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::Missing => "missing_token",
            Refusal::Malformed => "malformed_token",
            Refusal::Algorithm => "algorithm_refused",
            Refusal::Type => "typ_not_jwt",
            Refusal::UnknownKey => "unknown_kid",
            Refusal::Signature => "bad_signature",
            Refusal::Expired => "expired",
            Refusal::TooLongLived => "lifetime_too_long",
            Refusal::IssuedAt => "bad_iat",
            Refusal::Issuer => "issuer_not_trusted",
            Refusal::Audience => "wrong_audience",
            Refusal::TokenId => "bad_jti",
            Refusal::Replayed => "replayed_jti",
            Refusal::Claims => "bad_claims",
        }
    }
}

/// The outcome of checking a token that is not a plain refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// 401 for the caller; the reason is for the log.
    Refused(Refusal),
    /// The replay cache is full of unexpired ids: 503 rather than risk accepting a replay.
    ReplayCacheFull,
}

impl From<Refusal> for Failure {
    fn from(r: Refusal) -> Failure {
        Failure::Refused(r)
    }
}

/// The settings of a [`Verifier`].
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// Issuers allowed to call.
    pub trusted_issuers: Vec<String>,
    /// Clock skew allowed on `exp` and `iat`, in seconds.
    pub clock_skew_secs: u64,
    /// The longest `exp - now` accepted, in seconds.
    pub max_token_lifetime_secs: u64,
    /// How many unexpired `jti`s the replay cache holds.
    pub replay_cache_size: usize,
}

/// Checks CDS Hooks bearer tokens; shared by all requests.
pub struct Verifier {
    keys: BTreeMap<String, (Algorithm, DecodingKey)>,
    settings: AuthSettings,
    replay: ReplayCache,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("kids", &self.keys.keys().collect::<Vec<_>>())
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// Tokens longer than this are refused before any parsing.
const MAX_TOKEN_BYTES: usize = 8 * 1024;
/// `jti`s longer than this are refused.
const MAX_JTI_CHARS: usize = 256;

#[derive(Deserialize)]
struct Claims {
    iss: String,
    // Checked by jsonwebtoken (string or array); read here only to require it.
    #[allow(dead_code)]
    aud: serde_json::Value,
    exp: u64,
    iat: u64,
    jti: String,
}

impl Verifier {
    /// Reads the JWK Set at `path` and builds a verifier.
    ///
    /// # Errors
    /// A message naming the file and the key at fault: unreadable or invalid JSON, a key
    /// without `kid`, a duplicate `kid`, a symmetric (`oct`) key, a key that is neither RSA nor
    /// EC P-384 or whose `alg` is not RS384/ES384, or no key at all.
    pub fn from_jwks_file(path: &Path, settings: AuthSettings) -> Result<Verifier, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("JWK Set {}: cannot read: {e}", path.display()))?;
        Verifier::from_jwks_json(&text, settings)
            .map_err(|e| format!("JWK Set {}: {e}", path.display()))
    }

    /// Builds a verifier from JWK Set JSON text. As [`Verifier::from_jwks_file`].
    ///
    /// # Errors
    /// As [`Verifier::from_jwks_file`].
    pub fn from_jwks_json(text: &str, settings: AuthSettings) -> Result<Verifier, String> {
        install_crypto();
        if settings.trusted_issuers.is_empty() {
            return Err("no trusted issuer: give at least one --trusted-issuer".to_owned());
        }
        let set: JwkSet = serde_json::from_str(text).map_err(|e| format!("not a JWK Set: {e}"))?;
        let mut keys = BTreeMap::new();
        for (i, jwk) in set.keys.iter().enumerate() {
            let kid = jwk
                .common
                .key_id
                .clone()
                .filter(|k| !k.is_empty())
                .ok_or_else(|| format!("keys[{i}]: a key needs a \"kid\""))?;
            let (alg, key) =
                usable_key(jwk).map_err(|e| format!("keys[{i}] (kid {kid:?}): {e}"))?;
            if keys.insert(kid.clone(), (alg, key)).is_some() {
                return Err(format!("keys[{i}]: kid {kid:?} appears twice"));
            }
        }
        if keys.is_empty() {
            return Err("the set has no key".to_owned());
        }
        let replay = ReplayCache::new(settings.replay_cache_size);
        Ok(Verifier {
            keys,
            settings,
            replay,
        })
    }

    /// How many token ids the replay cache holds now (for `/metrics`).
    #[must_use]
    pub fn replay_cache_len(&self) -> usize {
        self.replay.len()
    }

    /// The key ids loaded, for the start-up log.
    pub fn kids(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(String::as_str)
    }

    /// Checks the `Authorization` header value of a call to `audience` (the full URL called)
    /// at time `now` (seconds since the epoch). On success, returns the issuer.
    ///
    /// # Errors
    /// The [`Failure`]: a refusal (401) or a full replay cache (503).
    pub fn verify(
        &self,
        authorization: Option<&str>,
        audience: &str,
        now: u64,
    ) -> Result<String, Failure> {
        let value = authorization.ok_or(Refusal::Missing)?;
        let token = bearer_token(value).ok_or(Refusal::Malformed)?;
        if token.len() > MAX_TOKEN_BYTES {
            return Err(Refusal::Malformed.into());
        }
        let header = jsonwebtoken::decode_header(token).map_err(|e| {
            if matches!(e.kind(), jsonwebtoken::errors::ErrorKind::Json(_)) {
                // alg "none" or an unknown alg fails here, as does a garbled header.
                Refusal::Algorithm
            } else {
                Refusal::Malformed
            }
        })?;
        if !matches!(header.alg, Algorithm::RS384 | Algorithm::ES384) {
            return Err(Refusal::Algorithm.into());
        }
        if !header
            .typ
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("JWT"))
        {
            return Err(Refusal::Type.into());
        }
        let kid = header.kid.as_deref().ok_or(Refusal::UnknownKey)?;
        let (alg, key) = self.keys.get(kid).ok_or(Refusal::UnknownKey)?;
        if *alg != header.alg {
            return Err(Refusal::UnknownKey.into());
        }

        let mut validation = Validation::new(*alg);
        validation.leeway = self.settings.clock_skew_secs;
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        validation.set_issuer(&self.settings.trusted_issuers);
        validation.set_audience(&[audience]);
        validation.validate_nbf = true;
        let data = jsonwebtoken::decode::<Claims>(token, key, &validation).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind as K;
            match e.kind() {
                K::InvalidSignature | K::InvalidEcdsaKey | K::InvalidRsaKey(_) => {
                    Refusal::Signature
                }
                K::ExpiredSignature | K::ImmatureSignature => Refusal::Expired,
                K::InvalidIssuer => Refusal::Issuer,
                K::InvalidAudience => Refusal::Audience,
                K::InvalidAlgorithm => Refusal::Algorithm,
                K::MissingRequiredClaim(c) if c == "iss" => Refusal::Issuer,
                K::MissingRequiredClaim(c) if c == "aud" => Refusal::Audience,
                K::Json(_) | K::MissingRequiredClaim(_) | K::InvalidClaimFormat(_) => {
                    Refusal::Claims
                }
                _ => Refusal::Malformed,
            }
        })?;
        let claims = data.claims;
        let skew = self.settings.clock_skew_secs;
        if claims.iat > now.saturating_add(skew) {
            return Err(Refusal::IssuedAt.into());
        }
        if claims.exp > now.saturating_add(self.settings.max_token_lifetime_secs + skew) {
            return Err(Refusal::TooLongLived.into());
        }
        if claims.jti.is_empty() || claims.jti.chars().count() > MAX_JTI_CHARS {
            return Err(Refusal::TokenId.into());
        }
        // Remember the id until the token could no longer be accepted anyway.
        let forget_after = claims.exp.saturating_add(skew);
        self.replay
            .remember(&claims.iss, &claims.jti, forget_after, now)?;
        Ok(claims.iss)
    }
}

fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = token.trim();
    (!token.is_empty()).then_some(token)
}

fn usable_key(jwk: &Jwk) -> Result<(Algorithm, DecodingKey), String> {
    let alg = match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => Algorithm::RS384,
        AlgorithmParameters::EllipticCurve(p) if p.curve == EllipticCurve::P384 => Algorithm::ES384,
        AlgorithmParameters::OctetKey(_) => {
            return Err("symmetric (oct) keys are refused: CDS Hooks forbids HMAC".to_owned())
        }
        _ => return Err("only RSA (RS384) and EC P-384 (ES384) keys are accepted".to_owned()),
    };
    match (jwk.common.key_algorithm, alg) {
        (None, _)
        | (Some(KeyAlgorithm::RS384), Algorithm::RS384)
        | (Some(KeyAlgorithm::ES384), Algorithm::ES384) => {}
        (Some(other), _) => {
            return Err(format!(
                "\"alg\" {other:?} is not accepted (RS384 for RSA keys, ES384 for P-384 keys)"
            ))
        }
    }
    let key = DecodingKey::from_jwk(jwk).map_err(|e| format!("unusable key: {e}"))?;
    Ok((alg, key))
}

/// The `jti`s seen, per issuer, until their tokens expire. Bounded: when full of unexpired
/// ids it refuses new ones (the caller answers 503).
#[derive(Debug)]
pub struct ReplayCache {
    capacity: usize,
    inner: Mutex<ReplayInner>,
}

#[derive(Debug, Default)]
struct ReplayInner {
    /// (iss, jti) -> second after which the entry can go.
    seen: HashMap<(String, String), u64>,
    /// When expired entries were last swept.
    last_sweep: u64,
}

impl ReplayCache {
    /// A cache holding at most `capacity` ids.
    #[must_use]
    pub fn new(capacity: usize) -> ReplayCache {
        ReplayCache {
            capacity,
            inner: Mutex::new(ReplayInner::default()),
        }
    }

    /// Records `(iss, jti)` until `forget_after`.
    ///
    /// # Errors
    /// [`Refusal::Replayed`] if it is already there and unexpired;
    /// [`Failure::ReplayCacheFull`] if there is no room.
    pub fn remember(
        &self,
        iss: &str,
        jti: &str,
        forget_after: u64,
        now: u64,
    ) -> Result<(), Failure> {
        // A poisoned lock only means another request panicked mid-insert; the map is intact.
        let mut inner = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = (iss.to_owned(), jti.to_owned());
        if let Some(&until) = inner.seen.get(&key) {
            if until >= now {
                return Err(Refusal::Replayed.into());
            }
        }
        // Sweep expired ids at most once a second, or when full.
        if inner.last_sweep != now || inner.seen.len() >= self.capacity {
            inner.seen.retain(|_, until| *until >= now);
            inner.last_sweep = now;
        }
        if inner.seen.len() >= self.capacity && !inner.seen.contains_key(&key) {
            return Err(Failure::ReplayCacheFull);
        }
        inner.seen.insert(key, forget_after);
        Ok(())
    }

    /// How many ids are held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .seen
            .len()
    }

    /// Whether no id is held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replay_cache_refuses_reuse_until_expiry_and_is_bounded() {
        let c = ReplayCache::new(2);
        assert!(c.remember("i", "a", 100, 10).is_ok());
        assert_eq!(
            c.remember("i", "a", 100, 11),
            Err(Failure::Refused(Refusal::Replayed))
        );
        // the same jti from another issuer is another token
        assert!(c.remember("j", "a", 100, 11).is_ok());
        assert_eq!(c.remember("i", "b", 100, 12), Err(Failure::ReplayCacheFull));
        // after expiry the ids are swept and room comes back
        assert!(c.remember("i", "b", 300, 101).is_ok());
        assert_eq!(c.len(), 1);
        assert!(c.remember("i", "a", 300, 102).is_ok());
    }

    #[test]
    fn bearer_parsing() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer  abc "), Some("abc"));
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token("Bearer"), None);
    }
}
