//! CDS Hooks bearer tokens, over real HTTP: one valid token per key type, and each way a
//! token can be wrong. Every refusal is the same 401 body, which tells the caller nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{claims, example_request, key_path, now, rs384_token, sign, Http, TestServer, ISSUER};
use hyper::StatusCode;
use jsonwebtoken::Algorithm;
use serde_json::{json, Value};

const SIGN: &str = "/cds-services/edx-coverage-order-sign";

fn b64(bytes: &[u8]) -> String {
    // base64url without padding, for hand-made tokens
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn unsigned(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}.",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    )
}

fn hs256(claims: &Value, secret: &[u8]) -> String {
    let mut header = jsonwebtoken::Header::new(Algorithm::HS256);
    header.kid = Some("test-rs384".to_owned());
    jsonwebtoken::encode(
        &header,
        claims,
        &jsonwebtoken::EncodingKey::from_secret(secret),
    )
    .unwrap()
}

async fn assert_refused(http: &Http, url: &str, token: Option<&str>, case: &str) {
    let r = http.post_json(url, token, example_request()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{case}: {:?}", r.body);
    assert_eq!(
        r.headers.get("www-authenticate").unwrap(),
        "Bearer",
        "{case}"
    );
    // the same body whatever the reason
    assert_eq!(
        r.json(),
        json!({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"login",
            "diagnostics":"authentication failed: send a valid CDS Hooks bearer token"}]}),
        "{case}"
    );
}

#[tokio::test]
async fn tokens_are_checked() {
    let s = TestServer::secure(&[]).await;
    let http = Http::new();
    let url = s.url(SIGN);
    let rs = key_path("rs384-a.pem");
    let es = key_path("es384-a.pem");

    // valid: RS384 and ES384, aud as a string or in an array
    let r = http
        .post_json(&url, Some(&rs384_token(&url)), example_request())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let t = sign(Algorithm::ES384, Some("test-es384"), &es, &claims(&url));
    assert_eq!(
        http.post_json(&url, Some(&t), example_request())
            .await
            .status,
        StatusCode::OK
    );
    let mut c = claims(&url);
    c["aud"] = json!(["https://other.example/cds-services/x", url]);
    let t = sign(Algorithm::RS384, Some("test-rs384"), &rs, &c);
    assert_eq!(
        http.post_json(&url, Some(&t), example_request())
            .await
            .status,
        StatusCode::OK
    );

    // missing, not bearer, garbage
    assert_refused(&http, &url, None, "no token").await;
    let r = http
        .send(
            hyper::Method::POST,
            &url,
            &[
                ("content-type", "application/json"),
                ("authorization", "Basic dXNlcjpwdw=="),
            ],
            example_request(),
        )
        .await
        .unwrap();
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_refused(&http, &url, Some("not.a.jwt"), "garbage").await;

    // expired (beyond the skew), issued in the future, too long-lived
    let mut c = claims(&url);
    c["iat"] = json!(now() - 600);
    c["exp"] = json!(now() - 120);
    assert_refused(
        &http,
        &url,
        Some(&sign(Algorithm::RS384, Some("test-rs384"), &rs, &c)),
        "expired",
    )
    .await;
    let mut c = claims(&url);
    c["iat"] = json!(now() + 600);
    assert_refused(
        &http,
        &url,
        Some(&sign(Algorithm::RS384, Some("test-rs384"), &rs, &c)),
        "iat in the future",
    )
    .await;
    let mut c = claims(&url);
    c["exp"] = json!(now() + 86_400);
    assert_refused(
        &http,
        &url,
        Some(&sign(Algorithm::RS384, Some("test-rs384"), &rs, &c)),
        "lives a day",
    )
    .await;

    // wrong aud: another service, another host, the feedback URL
    for aud in [
        s.url("/cds-services/edx-coverage-order-select"),
        "https://elsewhere.example/cds-services/edx-coverage-order-sign".to_owned(),
        format!("{url}/feedback"),
    ] {
        let t = sign(Algorithm::RS384, Some("test-rs384"), &rs, &claims(&aud));
        assert_refused(&http, &url, Some(&t), &format!("aud {aud}")).await;
    }

    // unknown kid, no kid, a key not in the set under a known kid
    let t = sign(Algorithm::RS384, Some("who-is-this"), &rs, &claims(&url));
    assert_refused(&http, &url, Some(&t), "unknown kid").await;
    let t = sign(Algorithm::RS384, None, &rs, &claims(&url));
    assert_refused(&http, &url, Some(&t), "no kid").await;
    let t = sign(
        Algorithm::RS384,
        Some("test-rs384"),
        &key_path("rs384-stranger.pem"),
        &claims(&url),
    );
    assert_refused(&http, &url, Some(&t), "stranger's key").await;
    // the EC key's kid with an RSA signature (algorithm confusion)
    let t = sign(Algorithm::RS384, Some("test-es384"), &rs, &claims(&url));
    assert_refused(&http, &url, Some(&t), "kid of another key type").await;

    // alg none, and HS256 (with the RSA JWK's modulus as the secret, the classic confusion)
    let none = unsigned(
        &json!({"alg":"none","typ":"JWT","kid":"test-rs384"}),
        &claims(&url),
    );
    assert_refused(&http, &url, Some(&none), "alg none").await;
    let none = unsigned(
        &json!({"alg":"None","typ":"JWT","kid":"test-rs384"}),
        &claims(&url),
    );
    assert_refused(&http, &url, Some(&none), "alg None").await;
    let jwks: Value =
        serde_json::from_str(&std::fs::read_to_string(key_path("jwks.json")).unwrap()).unwrap();
    let n = jwks["keys"][0]["n"].as_str().unwrap();
    assert_refused(
        &http,
        &url,
        Some(&hs256(&claims(&url), n.as_bytes())),
        "HS256",
    )
    .await;
    // RS256: a real RSA signature, but not an algorithm CDS Hooks recommends
    let t = sign(Algorithm::RS256, Some("test-rs384"), &rs, &claims(&url));
    assert_refused(&http, &url, Some(&t), "RS256").await;

    // issuer not on the list, no issuer
    let mut c = claims(&url);
    c["iss"] = json!("https://intruder.example");
    assert_refused(
        &http,
        &url,
        Some(&sign(Algorithm::RS384, Some("test-rs384"), &rs, &c)),
        "issuer",
    )
    .await;
    let mut c = claims(&url);
    c.as_object_mut().unwrap().remove("iss");
    assert_refused(
        &http,
        &url,
        Some(&sign(Algorithm::RS384, Some("test-rs384"), &rs, &c)),
        "no iss",
    )
    .await;

    // missing jti / iat
    for field in ["jti", "iat", "exp", "aud"] {
        let mut c = claims(&url);
        c.as_object_mut().unwrap().remove(field);
        assert_refused(
            &http,
            &url,
            Some(&sign(Algorithm::RS384, Some("test-rs384"), &rs, &c)),
            field,
        )
        .await;
    }

    // a tampered payload under a valid signature
    let good = rs384_token(&url);
    let parts: Vec<&str> = good.split('.').collect();
    let mut c = claims(&url);
    c["iss"] = json!(ISSUER);
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        b64(c.to_string().as_bytes()),
        parts[2]
    );
    assert_refused(&http, &url, Some(&tampered), "tampered").await;

    // typ other than JWT
    let pem = std::fs::read(&rs).unwrap();
    let mut header = jsonwebtoken::Header::new(Algorithm::RS384);
    header.kid = Some("test-rs384".to_owned());
    header.typ = Some("at+jwt".to_owned());
    let t = jsonwebtoken::encode(
        &header,
        &claims(&url),
        &jsonwebtoken::EncodingKey::from_rsa_pem(&pem).unwrap(),
    )
    .unwrap();
    assert_refused(&http, &url, Some(&t), "typ").await;

    s.stop().await;
}

#[tokio::test]
async fn a_replayed_jti_is_refused() {
    let s = TestServer::secure(&[]).await;
    let http = Http::new();
    let url = s.url(SIGN);
    let token = rs384_token(&url);
    assert_eq!(
        http.post_json(&url, Some(&token), example_request())
            .await
            .status,
        StatusCode::OK
    );
    assert_refused(&http, &url, Some(&token), "replay").await;
    // even a refused request (400 for its body) burns its jti: the token was valid
    let token = rs384_token(&url);
    assert_eq!(
        http.post_json(&url, Some(&token), "{}").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_refused(&http, &url, Some(&token), "replay after 400").await;
    s.stop().await;
}

#[tokio::test]
async fn a_token_for_the_feedback_url_opens_feedback_only() {
    let file = common::temp_path("auth-feedback.jsonl");
    let s = TestServer::secure(&["--feedback-file", file.to_str().unwrap()]).await;
    let http = Http::new();
    let fb_url = s.url(&format!("{SIGN}/feedback"));
    let body = json!({"feedback":[{"card":"c","outcome":"accepted","outcomeTimestamp":"2026-11-27T10:00:00Z"}]}).to_string();
    assert_refused_body(&http, &fb_url, None, &body).await;
    let wrong = rs384_token(&s.url(SIGN));
    assert_refused_body(&http, &fb_url, Some(&wrong), &body).await;
    let r = http
        .post_json(&fb_url, Some(&rs384_token(&fb_url)), body.clone())
        .await;
    assert_eq!(r.status, StatusCode::OK);
    s.stop().await;
    assert_eq!(
        edx_coverage_cds::feedback::read_log(&file)
            .unwrap()
            .lines
            .len(),
        1
    );
    let _ = std::fs::remove_file(&file);
}

async fn assert_refused_body(http: &Http, url: &str, token: Option<&str>, body: &str) {
    let r = http.post_json(url, token, body.to_owned()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_audience_is_the_public_url_when_one_is_configured() {
    let s = TestServer::secure(&["--public-url", "https://cds.example.org/base/"]).await;
    let http = Http::new();
    let url = s.url(SIGN);
    let public = format!("https://cds.example.org/base{SIGN}");
    assert_eq!(
        http.post_json(&url, Some(&rs384_token(&public)), example_request())
            .await
            .status,
        StatusCode::OK
    );
    assert_refused(
        &http,
        &url,
        Some(&rs384_token(&url)),
        "bound address as aud",
    )
    .await;
    s.stop().await;
}

#[tokio::test]
async fn discovery_and_health_need_no_token() {
    let s = TestServer::secure(&[]).await;
    let http = Http::new();
    assert_eq!(
        http.get(&s.url("/cds-services")).await.status,
        StatusCode::OK
    );
    assert_eq!(http.get(&s.url("/healthz")).await.status, StatusCode::OK);
    s.stop().await;
}

#[test]
fn bad_key_sets_stop_the_start() {
    use edx_coverage_cds::auth::{AuthSettings, Verifier};
    let settings = AuthSettings {
        trusted_issuers: vec![ISSUER.to_owned()],
        clock_skew_secs: 30,
        max_token_lifetime_secs: 600,
        replay_cache_size: 10,
    };
    let cases = [
        ("not json", "not a JWK Set"),
        (r#"{"keys":[]}"#, "no key"),
        (
            r#"{"keys":[{"kty":"oct","kid":"s","k":"c2VjcmV0"}]}"#,
            "symmetric",
        ),
        (r#"{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}"#, "kid"),
        (
            r#"{"keys":[{"kty":"RSA","kid":"a","alg":"RS256","n":"AQAB","e":"AQAB"}]}"#,
            "RS256",
        ),
        (
            r#"{"keys":[{"kty":"EC","kid":"p","crv":"P-256","x":"AQAB","y":"AQAB"}]}"#,
            "P-384",
        ),
        (
            r#"{"keys":[{"kty":"RSA","kid":"a","n":"AQAB","e":"AQAB"},{"kty":"RSA","kid":"a","n":"AQAB","e":"AQAB"}]}"#,
            "twice",
        ),
    ];
    for (text, needle) in cases {
        let err = Verifier::from_jwks_json(text, settings.clone()).unwrap_err();
        assert!(err.contains(needle), "{text}: {err}");
    }
    let mut no_issuer = settings;
    no_issuer.trusted_issuers.clear();
    let jwks = std::fs::read_to_string(key_path("jwks.json")).unwrap();
    assert!(Verifier::from_jwks_json(&jwks, no_issuer)
        .unwrap_err()
        .contains("trusted issuer"));
}

/// The same cases straight against the verifier, to check each is refused for its own reason
/// (the HTTP test only sees the uniform 401).
#[test]
fn each_refusal_has_its_reason() {
    use edx_coverage_cds::auth::{AuthSettings, Failure, Refusal, Verifier};
    let v = Verifier::from_jwks_file(
        &key_path("jwks.json"),
        AuthSettings {
            trusted_issuers: vec![ISSUER.to_owned()],
            clock_skew_secs: 30,
            max_token_lifetime_secs: 600,
            replay_cache_size: 100,
        },
    )
    .unwrap();
    let aud = "http://127.0.0.1:1/cds-services/edx-coverage-order-sign";
    let rs = key_path("rs384-a.pem");
    let t = |c: &Value| sign(Algorithm::RS384, Some("test-rs384"), &rs, c);
    let with = |field: &str, value: Value| {
        let mut c = claims(aud);
        c[field] = value;
        c
    };
    let without = |field: &str| {
        let mut c = claims(aud);
        c.as_object_mut().unwrap().remove(field);
        c
    };
    let now = now();
    let jwks: Value =
        serde_json::from_str(&std::fs::read_to_string(key_path("jwks.json")).unwrap()).unwrap();
    let n = jwks["keys"][0]["n"].as_str().unwrap().to_owned();
    let cases: Vec<(String, Refusal)> = vec![
        ("x".to_owned(), Refusal::Malformed),
        (
            unsigned(
                &json!({"alg":"none","typ":"JWT","kid":"test-rs384"}),
                &claims(aud),
            ),
            Refusal::Algorithm,
        ),
        (hs256(&claims(aud), n.as_bytes()), Refusal::Algorithm),
        (
            sign(Algorithm::RS256, Some("test-rs384"), &rs, &claims(aud)),
            Refusal::Algorithm,
        ),
        (
            sign(Algorithm::RS384, Some("nope"), &rs, &claims(aud)),
            Refusal::UnknownKey,
        ),
        (
            sign(Algorithm::RS384, Some("test-es384"), &rs, &claims(aud)),
            Refusal::UnknownKey,
        ),
        (
            sign(
                Algorithm::RS384,
                Some("test-rs384"),
                &key_path("rs384-stranger.pem"),
                &claims(aud),
            ),
            Refusal::Signature,
        ),
        (t(&with("exp", json!(now - 120))), Refusal::Expired),
        (t(&with("exp", json!(now + 86_400))), Refusal::TooLongLived),
        (t(&with("iat", json!(now + 600))), Refusal::IssuedAt),
        (
            t(&with("iss", json!("https://intruder.example"))),
            Refusal::Issuer,
        ),
        (
            t(&with("aud", json!("https://elsewhere.example/"))),
            Refusal::Audience,
        ),
        (t(&with("jti", json!(""))), Refusal::TokenId),
        (t(&with("jti", json!("j".repeat(300)))), Refusal::TokenId),
        (t(&without("iss")), Refusal::Claims),
        (t(&without("aud")), Refusal::Claims),
        (t(&without("jti")), Refusal::Claims),
        (t(&without("iat")), Refusal::Claims),
        (t(&without("exp")), Refusal::Claims),
    ];
    for (i, (token, reason)) in cases.iter().enumerate() {
        let got = v.verify(Some(&format!("Bearer {token}")), aud, now);
        assert_eq!(got, Err(Failure::Refused(*reason)), "case {i}");
    }
    assert_eq!(
        v.verify(None, aud, now),
        Err(Failure::Refused(Refusal::Missing))
    );
    let good = t(&claims(aud));
    assert_eq!(
        v.verify(Some(&format!("Bearer {good}")), aud, now),
        Ok(ISSUER.to_owned())
    );
    assert_eq!(
        v.verify(Some(&format!("Bearer {good}")), aud, now),
        Err(Failure::Refused(Refusal::Replayed))
    );
    // within the skew: expired 10 s ago, issued 10 s ahead
    let mut c = claims(aud);
    c["exp"] = json!(now - 10);
    c["iat"] = json!(now - 300);
    assert!(v
        .verify(Some(&format!("Bearer {}", t(&c))), aud, now)
        .is_ok());
    assert!(v
        .verify(
            Some(&format!("Bearer {}", t(&with("iat", json!(now + 10))))),
            aud,
            now
        )
        .is_ok());
}

#[tokio::test]
async fn a_full_replay_cache_answers_503_rather_than_risk_a_replay() {
    let s = TestServer::secure(&["--replay-cache-size", "1"]).await;
    let http = Http::new();
    let url = s.url(SIGN);
    let r = http
        .post_json(&url, Some(&rs384_token(&url)), example_request())
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // the one slot is held by an unexpired id: a second valid token cannot be recorded
    let r = http
        .post_json(&url, Some(&rs384_token(&url)), example_request())
        .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.outcome_issue()["code"], "transient");
    s.stop().await;
}
