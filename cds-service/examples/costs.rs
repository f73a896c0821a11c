//! Where a request's time goes, without HTTP: signing one RS384 token (the client's cost),
//! verifying one (the service's), and answering the bundled order-sign example with the
//! library (parse + map + evaluate + encode). `cargo run --release -p edx-coverage-cds
//! --example costs`. Figures in BENCHMARKS.md.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a developer tool: stop on bad input

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let pem = std::fs::read(dir.join("tests/keys/rs384-a.pem")).unwrap();
    edx_coverage_cds::auth::install_crypto();
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(&pem).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let aud = "http://x/cds-services/edx-coverage-order-sign";
    let mut toks = vec![];
    let t0 = std::time::Instant::now();
    for i in 0..200 {
        let mut h = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS384);
        h.kid = Some("test-rs384".into());
        h.typ = Some("JWT".into());
        toks.push(jsonwebtoken::encode(&h, &serde_json::json!({"iss":"https://ehr.test.example","aud":aud,"iat":now,"exp":now+300,"jti":format!("j{i}")}), &key).unwrap());
    }
    eprintln!("sign: {:?}/token", t0.elapsed() / 200);
    let v = edx_coverage_cds::auth::Verifier::from_jwks_file(
        &dir.join("tests/keys/jwks.json"),
        edx_coverage_cds::auth::AuthSettings {
            trusted_issuers: vec!["https://ehr.test.example".into()],
            clock_skew_secs: 30,
            max_token_lifetime_secs: 600,
            replay_cache_size: 1000,
        },
    )
    .unwrap();
    let t0 = std::time::Instant::now();
    for t in &toks {
        v.verify(Some(&format!("Bearer {t}")), aud, now).unwrap();
    }
    eprintln!("verify: {:?}/token", t0.elapsed() / 200);
    // the signature check alone (no claims, no replay cache)
    let jwks: jsonwebtoken::jwk::JwkSet =
        serde_json::from_str(&std::fs::read_to_string(dir.join("tests/keys/jwks.json")).unwrap())
            .unwrap();
    let dk = jsonwebtoken::DecodingKey::from_jwk(&jwks.keys[0]).unwrap();
    let (msg, sig) = toks[0].rsplit_once('.').unwrap();
    let t0 = std::time::Instant::now();
    for _ in 0..200 {
        assert!(jsonwebtoken::crypto::verify(
            sig,
            msg.as_bytes(),
            &dk,
            jsonwebtoken::Algorithm::RS384
        )
        .unwrap());
    }
    eprintln!(
        "RS384 signature check alone: {:?}/token",
        t0.elapsed() / 200
    );
    // the same for ES384 (P-384)
    let es_pem = std::fs::read(dir.join("tests/keys/es384-a.pem")).unwrap();
    let es_key = jsonwebtoken::EncodingKey::from_ec_pem(&es_pem).unwrap();
    let mut h = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES384);
    h.kid = Some("test-es384".into());
    let es_token = jsonwebtoken::encode(&h, &serde_json::json!({"iss": "x"}), &es_key).unwrap();
    let es_dk = jsonwebtoken::DecodingKey::from_jwk(&jwks.keys[1]).unwrap();
    let (msg, sig) = es_token.rsplit_once('.').unwrap();
    let t0 = std::time::Instant::now();
    for _ in 0..200 {
        let alg = jsonwebtoken::Algorithm::ES384;
        assert!(jsonwebtoken::crypto::verify(sig, msg.as_bytes(), &es_dk, alg).unwrap());
    }
    eprintln!(
        "ES384 signature check alone: {:?}/token",
        t0.elapsed() / 200
    );
    let body =
        std::fs::read_to_string(dir.join("examples/requests/order-sign-emg-r25.2.json")).unwrap();
    let t0 = std::time::Instant::now();
    for _ in 0..2000 {
        // as the service does: the text straight to the library
        let a = edx_coverage_fhir::cds_hooks::answer(
            &body,
            &edx_coverage::Policy::default(),
            &edx_coverage_fhir::cds_hooks::Options::default().with_date("2026-11-27"),
        )
        .unwrap();
        std::hint::black_box(a.json().len());
    }
    eprintln!("answer: {:?}/request", t0.elapsed() / 2000);
}
