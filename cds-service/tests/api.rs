//! The plain JSON API over real HTTP on loopback: `POST /v1/evaluate` answers, refusals naming
//! the field path, the same authentication and limits as the hooks, and `/openapi.json`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{rs384_token, temp_path, Http, TestServer};
use edx_coverage::{Audience, Explanation};
use hyper::{Method, StatusCode};
use serde_json::{json, Value};

const EVALUATE: &str = "/v1/evaluate";

/// A vignette: an add-on limb EMG billed with a standalone extremity EMG code.
fn vignette() -> Value {
    json!({
        "diagnoses": [{ "code": "G62.9" }],
        "findings": [{ "kind": "sensory_loss", "status": "present", "source": "exam" }],
        "procedures": [{ "cpt": "95910", "studies": 8 }, { "cpt": "95886", "units": 2 }, { "cpt": "95861" }]
    })
}

async fn post(s: &TestServer, body: &Value) -> common::Reply {
    Http::new()
        .post_json(&s.url(EVALUATE), None, body.to_string())
        .await
}

fn expression(r: &common::Reply) -> Option<String> {
    r.outcome_issue()["expression"][0]
        .as_str()
        .map(str::to_owned)
}

#[tokio::test]
async fn evaluate_answers_the_determination_and_the_readers_text() {
    let s = TestServer::insecure(&[]).await;
    let case = vignette();
    for audience in ["patient", "clinician", "coder"] {
        let r = post(&s, &json!({ "case": case, "audience": audience })).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.content_type(), Some("application/json"));
        let v = r.json();
        assert_eq!(v["audience"], audience);
        let d = &v["determination"];
        // the vignette's expected determination
        assert_eq!(d["indication"], "indicated");
        assert_eq!(d["coverage"], "at_risk");
        assert_eq!(d["red_flags"], json!(["sensory_loss"]));
        assert_eq!(d["pitfalls"], json!(["conflicting_emg_codes"]));
        assert_eq!(
            d["recommendations"],
            json!(["remove_conflicting_emg_codes"])
        );
        assert_eq!(
            d["suggested_codes"],
            json!([{ "code": "R20.1", "finding": "sensory_loss" }])
        );
        // and exactly the library's, text included
        let want: Value = serde_json::from_str(
            &edx_coverage::json::evaluate_str(&case.to_string(), None).unwrap(),
        )
        .unwrap();
        assert_eq!(d, &want);
        // the determination's explanation for the reader; the path is /v1/plan's
        let parsed = edx_coverage::json::parse_case(&case.to_string()).unwrap();
        let det = edx_coverage::evaluate(&parsed, &edx_coverage::Policy::default());
        let text = Explanation::new(&parsed, &det, audience.parse().unwrap()).to_string();
        assert_eq!(v["explanation"], text);
    }
    // the texts differ by reader; the default reader is the clinician
    let r = post(&s, &json!({ "case": case })).await;
    assert_eq!(r.json()["audience"], "clinician");
    let patient = post(&s, &json!({ "case": case, "audience": "patient" }))
        .await
        .json();
    assert_ne!(patient["explanation"], r.json()["explanation"]);
    assert!(!patient["explanation"].as_str().unwrap().contains("95861"));
    let coder = post(&s, &json!({ "case": case, "audience": "coder" }))
        .await
        .json();
    assert!(coder["explanation"].as_str().unwrap().contains("95861"));
    s.stop().await;
}

#[tokio::test]
async fn the_policy_is_the_requests_or_else_the_services() {
    let lenient = temp_path("policy.json");
    std::fs::write(&lenient, r#"{"accept_symptom_codes_with_support": true}"#).unwrap();
    let s = TestServer::insecure(&["--policy", lenient.to_str().unwrap()]).await;
    let case = json!({
        "diagnoses": [{ "code": "R25.2" }],
        "findings": [{ "kind": "fasciculations", "source": "exam" }]
    });
    let library = |policy: &str| -> Value {
        serde_json::from_str(
            &edx_coverage::json::evaluate_str(&case.to_string(), Some(policy)).unwrap(),
        )
        .unwrap()
    };
    let served = post(&s, &json!({ "case": case })).await.json();
    assert_eq!(
        served["determination"],
        library(r#"{"accept_symptom_codes_with_support": true}"#)
    );
    let strict = post(&s, &json!({ "case": case, "policy": {} }))
        .await
        .json();
    assert_eq!(strict["determination"], library("{}"));
    assert_ne!(served["determination"], strict["determination"]);
    let null = post(&s, &json!({ "case": case, "policy": null }))
        .await
        .json();
    assert_eq!(null["determination"], served["determination"]);
    s.stop().await;
    let _ = std::fs::remove_file(lenient);
}

#[tokio::test]
async fn refusals_name_the_field_and_are_never_a_500() {
    let s = TestServer::insecure(&["--max-body-bytes", "4096"]).await;
    let ok = vignette();
    for (body, status, path) in [
        (
            json!({ "case": { "diagnoses": [{ "code": "R2" }] } }),
            422,
            Some("case.diagnoses[0].code"),
        ),
        (
            json!({ "case": { "diagnoses": [{ "code": "R25.2" }], "findings": [{ "kind": "fasiculations" }] } }),
            422,
            Some("case.findings[0].kind"),
        ),
        (
            json!({ "case": { "diagnoses": [] } }),
            422,
            Some("case.diagnoses"),
        ),
        (
            json!({ "case": ok, "policy": { "min_trial_days": -1 } }),
            422,
            Some("policy.min_trial_days"),
        ),
        (
            json!({ "case": ok, "policy": { "strict": true } }),
            422,
            Some("policy"),
        ),
        (
            json!({ "case": ok, "audience": "payer" }),
            400,
            Some("audience"),
        ),
        (json!({ "case": ok, "extra": 1 }), 400, Some("extra")),
        (json!({ "policy": {} }), 400, Some("case")),
        (json!([ok]), 400, None),
    ] {
        let r = post(&s, &body).await;
        assert_eq!(r.status.as_u16(), status, "{body}");
        assert_eq!(expression(&r).as_deref(), path, "{body}");
        assert!(r.outcome_issue()["diagnostics"].as_str().unwrap().len() > 5);
    }
    let http = Http::new();
    let url = s.url(EVALUATE);
    // not JSON, too deep, too large, not declared as JSON, wrong method
    let r = http.post_json(&url, None, "{\"case\":").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let deep = format!("{{\"case\":{}{}}}", "[".repeat(2000), "]".repeat(2000));
    let r = http.post_json(&url, None, deep).await;
    assert!(r.status.is_client_error(), "{}", r.status);
    let r = http
        .post_json(&url, None, format!("{{\"case\":\"{}\"}}", "x".repeat(5000)))
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = http
        .send(
            Method::POST,
            &url,
            &[("content-type", "text/plain")],
            ok.to_string(),
        )
        .await
        .unwrap();
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = http.get(&url).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.headers.get("allow").unwrap(), "POST");
    s.stop().await;
}

#[tokio::test]
async fn the_api_takes_the_hooks_authentication() {
    let s = TestServer::secure(&[]).await;
    let http = Http::new();
    let url = s.url(EVALUATE);
    let body = json!({ "case": vignette() }).to_string();
    let r = http.post_json(&url, None, body.clone()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers.get("www-authenticate").unwrap(), "Bearer");
    // a token for another URL (the hook) is refused here
    let hook = s.url("/cds-services/edx-coverage-order-sign");
    let r = http
        .post_json(&url, Some(&rs384_token(&hook)), body.clone())
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = http.post_json(&url, Some(&rs384_token(&url)), body).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["determination"]["coverage"], "at_risk");
    // the token is checked before the body is read
    let r = http.post_json(&url, None, "not json").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    s.stop().await;
}

#[tokio::test]
async fn openapi_3_1_describes_the_api() {
    let s = TestServer::secure(&[]).await;
    let r = Http::new().get(&s.url("/openapi.json")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type(), Some("application/json"));
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let op = &doc["paths"]["/v1/evaluate"]["post"];
    assert_eq!(
        op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/EvaluateRequest"
    );
    for status in ["200", "400", "401", "413", "415", "422", "503"] {
        assert!(op["responses"].get(status).is_some(), "{status}");
    }
    assert_eq!(op["security"], json!([{ "cdsHooksJwt": [] }]));
    assert_eq!(
        doc["components"]["securitySchemes"]["cdsHooksJwt"]["scheme"],
        "bearer"
    );
    let request = &doc["components"]["schemas"]["EvaluateRequest"];
    assert_eq!(request["required"], json!(["case"]));
    assert_eq!(request["additionalProperties"], json!(false));
    // the case schema is the library's
    assert_eq!(
        doc["components"]["schemas"]["Case"]["properties"]["diagnoses"]["minItems"],
        1
    );
    // and so is the plan's: /v1/plan's plan is the library's plan schema, not an object
    let ok = &doc["paths"]["/v1/plan"]["post"]["responses"]["200"];
    assert_eq!(
        ok["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/PlanResponse"
    );
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["PlanResponse"]["properties"]["plan"]["$ref"],
        "#/components/schemas/Plan"
    );
    assert_eq!(
        schemas["PlanResponse"]["required"],
        json!(["audience", "plan", "explanation"])
    );
    let mut want = edx_coverage::schema::plan().to_value();
    let defs = want.as_object_mut().unwrap().remove("$defs").unwrap();
    want.as_object_mut().unwrap().remove("$schema");
    let rewrite = |v: &Value| {
        serde_json::from_str::<Value>(
            &v.to_string()
                .replace("\"#/$defs/", "\"#/components/schemas/"),
        )
        .unwrap()
    };
    assert_eq!(schemas["Plan"], rewrite(&want));
    for (name, def) in defs.as_object().unwrap() {
        assert_eq!(&schemas[name.as_str()], &rewrite(def), "{name}");
    }
    assert_eq!(schemas["Plan"]["additionalProperties"], json!(false));
    let kinds = schemas["StepKind"]["enum"].as_array().unwrap().len();
    assert_eq!(
        schemas["PlanStep"]["oneOf"].as_array().unwrap().len(),
        kinds
    );
    s.stop().await;
    // without authentication the document asks for no token
    let s = TestServer::insecure(&[]).await;
    let doc = Http::new().get(&s.url("/openapi.json")).await.json();
    assert!(doc["paths"]["/v1/evaluate"]["post"]
        .get("security")
        .is_none());
    s.stop().await;
}

#[tokio::test]
async fn plan_answers_the_path_to_coverage() {
    let s = TestServer::insecure(&[]).await;
    let case = vignette();
    let r = Http::new()
        .post_json(
            &s.url("/v1/plan"),
            None,
            json!({ "case": case, "audience": "coder" }).to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let v = r.json();
    assert_eq!(v["audience"], "coder");
    // the vignette's expected plan
    let plan = &v["plan"];
    assert_eq!(plan["from"], "at_risk");
    assert_eq!(plan["target"], "likely_covered");
    assert_eq!(
        plan["steps"],
        json!([{
            "step": "remove_conflicting_emg_codes", "actor": "coder", "conditional": false,
            "removed": ["95861"], "clears": ["conflicting_emg_codes"], "without": "at_risk"
        }])
    );
    assert_eq!(
        plan["remaining"],
        json!({ "documentation_gaps": [], "pitfalls": [] })
    );
    // exactly the library's plan, and the reader's explanation with the path
    let text = case.to_string();
    let want: Value =
        serde_json::from_str(&edx_coverage::json::plan_str(&text, None).unwrap()).unwrap();
    assert_eq!(plan, &want);
    let coder = edx_coverage::json::explain_str(&text, None, Audience::Coder).unwrap();
    assert_eq!(v["explanation"], coder);
    assert!(v.get("plan_text").is_none(), "one text, the reader's");
    s.stop().await;
}

#[tokio::test]
async fn the_plans_text_is_in_the_readers_words() {
    let s = TestServer::insecure(&[]).await;
    let case = vignette();
    let text = case.to_string();
    let parsed = edx_coverage::json::parse_case(&text).unwrap();
    let policy = edx_coverage::Policy::default();
    let (det, plan) = (
        edx_coverage::evaluate(&parsed, &policy),
        edx_coverage::plan(&parsed, &policy),
    );
    let mut texts = Vec::new();
    for audience in [Audience::Patient, Audience::Clinician, Audience::Coder] {
        let r = Http::new()
            .post_json(
                &s.url("/v1/plan"),
                None,
                json!({ "case": case, "audience": audience.as_str() }).to_string(),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let v = r.json();
        assert_eq!(v["audience"], audience.as_str());
        let with_path = Explanation::new(&parsed, &det, audience)
            .with_plan(&plan)
            .to_string();
        let without = Explanation::new(&parsed, &det, audience).to_string();
        assert_eq!(v["explanation"], with_path, "{audience:?}");
        assert_ne!(
            v["explanation"], without,
            "{audience:?}: the path is in the text"
        );
        texts.push(with_path);
    }
    // the patient reads no codes, the coder reads the code dropped, the clinician the
    // outlook after the steps (docs/plan.md, in words)
    assert!(
        texts[0].contains("What could change the answer?"),
        "{}",
        texts[0]
    );
    assert!(!texts[0].contains("95861"), "{}", texts[0]);
    assert!(texts[1].contains(&plan.to_string()), "{}", texts[1]);
    assert!(
        texts[2].contains("What would get this covered:"),
        "{}",
        texts[2]
    );
    assert!(texts[2].contains("Remove: 95861"), "{}", texts[2]);
    assert_ne!(texts[0], texts[1]);
    assert_ne!(texts[1], texts[2]);
    s.stop().await;
}

#[tokio::test]
async fn plan_refuses_as_evaluate_does() {
    let s = TestServer::insecure(&[]).await;
    // the same refusals as /v1/evaluate
    let r = Http::new()
        .post_json(
            &s.url("/v1/plan"),
            None,
            json!({ "case": { "diagnoses": [{ "code": "R2" }] } }).to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(expression(&r).as_deref(), Some("case.diagnoses[0].code"));
    s.stop().await;
}

#[tokio::test]
async fn plan_takes_the_hooks_authentication() {
    let s = TestServer::secure(&[]).await;
    let http = Http::new();
    let url = s.url("/v1/plan");
    let body = json!({ "case": vignette() }).to_string();
    let r = http.post_json(&url, None, body.clone()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let evaluate = s.url(EVALUATE);
    let r = http
        .post_json(&url, Some(&rs384_token(&evaluate)), body.clone())
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = http.post_json(&url, Some(&rs384_token(&url)), body).await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = http.get(&s.url("/openapi.json")).await.json();
    assert_eq!(
        doc["paths"]["/v1/plan"]["post"]["security"],
        json!([{ "cdsHooksJwt": [] }])
    );
    s.stop().await;
}
