fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let pem = std::fs::read(dir.join("tests/keys/rs384-a.pem")).unwrap();
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
    let body =
        std::fs::read_to_string(dir.join("examples/requests/order-sign-emg-r25.2.json")).unwrap();
    let t0 = std::time::Instant::now();
    for _ in 0..2000 {
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        let a = edx_coverage::cds_hooks::answer_value(
            &v,
            &edx_coverage::Policy::default(),
            &Default::default(),
        )
        .unwrap();
        std::hint::black_box(a.to_json());
    }
    eprintln!("answer: {:?}/request", t0.elapsed() / 2000);
}
