//! A structural validator for CDS Hooks responses and the Da Vinci CRD
//! `ext-coverage-information` extension, written from the specifications (CDS Hooks 2.0
//! response and card fields; CRD STU 2.1 / 2.2 sub-extension cardinalities, value sets and
//! invariants crd-ci-q2 .. q9), independent of the crate's code. It returns every violation.

use serde_json::Value;

pub const EXT_URL: &str =
    "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";

/// `(sub-extension, min, max)` in CRD's profile.
const CARDINALITY: &[(&str, usize, usize)] = &[
    ("coverage", 1, 1),
    ("covered", 1, 1),
    ("pa-needed", 0, 1),
    ("doc-needed", 0, usize::MAX),
    ("doc-purpose", 0, usize::MAX),
    ("info-needed", 0, usize::MAX),
    ("billingCode", 0, usize::MAX),
    ("reason", 0, usize::MAX),
    ("detail", 0, usize::MAX),
    ("dependency", 0, usize::MAX),
    ("questionnaire", 0, usize::MAX),
    ("date", 1, 1),
    ("coverage-assertion-id", 1, 1),
    ("satisfied-pa-id", 0, 1),
    ("contact", 0, usize::MAX),
    ("expiry-date", 0, 1),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Version {
    V2_1,
    V2_2,
}

fn codes(version: Version, sub: &str) -> &'static [&'static str] {
    let v22 = version == Version::V2_2;
    match sub {
        "covered" if v22 => &["covered", "not-covered", "conditional", "indeterminate"],
        "covered" => &["covered", "not-covered", "conditional"],
        "pa-needed" if v22 => &[
            "no-auth",
            "auth-needed",
            "satisfied",
            "performpa",
            "conditional",
            "indeterminate",
        ],
        "pa-needed" => &[
            "no-auth",
            "auth-needed",
            "satisfied",
            "performpa",
            "conditional",
        ],
        "doc-needed" if v22 => &[
            "clinical",
            "admin",
            "patient",
            "conditional",
            "indeterminate",
        ],
        "doc-needed" => &["clinical", "admin", "patient", "conditional"],
        "doc-purpose" => &["withpa", "withclaim", "withorder", "retain-doc", "OTH"],
        "info-needed" if v22 => &[
            "performer",
            "location",
            "timeframe",
            "contract-window",
            "detail-code",
            "OTH",
        ],
        "info-needed" => &[
            "performer",
            "location",
            "timeframe",
            "contract-window",
            "OTH",
        ],
        _ => &[],
    }
}

/// Detail codes: CRD's temp code system (2.1, kept in 2.2 as deprecated) and the official
/// crd-coverage-detail system (2.2).
const DETAIL_CODES: &[&str] = &[
    "allowed-quantity",
    "allowed-period",
    "in-network-copay",
    "out-network-copay",
    "concurrent-review",
    "appropriate-use-needed",
    "policy-link",
    "instructions",
];
const TEMP: &str = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp";
const DETAIL_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/crd-coverage-detail";

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// Violations of one coverage-information extension.
pub fn check_coverage_information(ext: &Value, version: Version) -> Vec<String> {
    let mut errors = Vec::new();
    if ext["url"] != EXT_URL {
        errors.push(format!("url is {}", ext["url"]));
    }
    let Some(subs) = ext["extension"].as_array() else {
        return vec!["no sub-extensions".into()];
    };
    let value_code = |sub: &Value| sub["valueCode"].as_str().map(str::to_owned);
    let mut seen: Vec<(&str, &Value)> = Vec::new();
    for sub in subs {
        let Some(url) = sub["url"].as_str() else {
            errors.push("sub-extension without url".into());
            continue;
        };
        if !CARDINALITY.iter().any(|(name, _, _)| *name == url) {
            errors.push(format!("unknown sub-extension {url}"));
        }
        seen.push((url, sub));
        let allowed = codes(version, url);
        if !allowed.is_empty() {
            match value_code(sub) {
                Some(c) if allowed.contains(&c.as_str()) => {}
                other => errors.push(format!("{url}: {other:?} not in the {version:?} value set")),
            }
        }
        match url {
            "coverage"
                if sub["valueReference"]["reference"]
                    .as_str()
                    .is_none_or(str::is_empty) =>
            {
                errors.push("coverage without valueReference.reference".into());
            }
            "date" if !sub["valueDate"].as_str().is_some_and(is_date) => {
                errors.push(format!("date {}", sub["valueDate"]));
            }
            "coverage-assertion-id"
                if sub["valueString"]
                    .as_str()
                    .is_none_or(|s| s.trim().is_empty()) =>
            {
                errors.push("coverage-assertion-id empty".into());
            }
            "reason" => {
                let concept = &sub["valueCodeableConcept"];
                if concept["text"].as_str().is_none_or(str::is_empty) && concept["coding"].is_null()
                {
                    errors.push("reason without text or coding".into());
                }
            }
            "detail" => errors.extend(check_detail(sub, version)),
            _ => {}
        }
    }
    for (name, min, max) in CARDINALITY {
        let n = seen.iter().filter(|(u, _)| u == name).count();
        if n < *min || n > *max {
            errors.push(format!("{name} appears {n} times ({min}..{max})"));
        }
    }
    let has = |url: &str, code: &str| {
        seen.iter()
            .any(|(u, s)| *u == url && s["valueCode"].as_str() == Some(code))
    };
    let exists = |url: &str| seen.iter().any(|(u, _)| *u == url);
    // crd-ci-q2
    if has("covered", "not-covered") && exists("pa-needed") {
        errors.push("crd-ci-q2: not-covered with pa-needed".into());
    }
    // crd-ci-q3
    let conditional = ["covered", "pa-needed", "doc-needed"]
        .iter()
        .any(|u| has(u, "conditional"));
    if conditional && !exists("info-needed") {
        errors.push("crd-ci-q3: conditional without info-needed".into());
    }
    // crd-ci-q5
    if has("pa-needed", "satisfied") != exists("satisfied-pa-id") {
        errors.push("crd-ci-q5".into());
    }
    // crd-ci-q6
    if has("info-needed", "OTH") && !exists("reason") {
        errors.push("crd-ci-q6: info-needed OTH without reason".into());
    }
    // crd-ci-q8
    let purpose_not_conditional = seen
        .iter()
        .any(|(u, s)| *u == "doc-purpose" && s["valueCode"].as_str() != Some("conditional"));
    if purpose_not_conditional && !exists("reason") {
        errors.push("crd-ci-q8: doc-purpose without reason".into());
    }
    // crd-ci-q9
    let indeterminate = ["covered", "pa-needed", "doc-needed"]
        .iter()
        .any(|u| has(u, "indeterminate"));
    if indeterminate && !exists("reason") {
        errors.push("crd-ci-q9: indeterminate without reason".into());
    }
    // crd-ci-q1
    if exists("questionnaire") && !exists("doc-needed") {
        errors.push("crd-ci-q1".into());
    }
    errors
}

fn check_detail(detail: &Value, version: Version) -> Vec<String> {
    let mut errors = Vec::new();
    let parts = detail["extension"].as_array().cloned().unwrap_or_default();
    let count = |u: &str| parts.iter().filter(|p| p["url"] == u).count();
    for (name, min, max) in [
        ("category", 1, 1),
        ("code", 1, 1),
        ("value", 1, 1),
        ("qualification", 0, 1),
    ] {
        let min = if name == "category" && version == Version::V2_1 {
            0
        } else {
            min
        };
        let n = count(name);
        if n < min || n > max {
            errors.push(format!("detail.{name} appears {n} times ({min}..{max})"));
        }
    }
    for p in &parts {
        match p["url"].as_str() {
            Some("category") => {
                let ok = ["cat-limitation", "cat-decisional", "cat-other"]
                    .contains(&p["valueCode"].as_str().unwrap_or(""));
                if !ok {
                    errors.push(format!("detail.category {}", p["valueCode"]));
                }
            }
            Some("code") => {
                let coding = &p["valueCodeableConcept"]["coding"][0];
                let system = coding["system"].as_str().unwrap_or("");
                let code = coding["code"].as_str().unwrap_or("");
                let system_ok = match version {
                    Version::V2_1 => system == TEMP,
                    Version::V2_2 => system == DETAIL_SYSTEM || system == TEMP,
                };
                if !system_ok || !DETAIL_CODES.contains(&code) {
                    errors.push(format!("detail.code {system}#{code}"));
                }
            }
            Some("value") => {
                let typed = [
                    "valueBoolean",
                    "valueString",
                    "valueUrl",
                    "valueQuantity",
                    "valuePeriod",
                ]
                .iter()
                .filter(|k| !p[**k].is_null())
                .count();
                if typed != 1 {
                    errors.push("detail.value needs exactly one value[x]".into());
                }
            }
            Some("qualification") => {}
            other => errors.push(format!("detail has {other:?}")),
        }
    }
    errors
}

/// Violations of a CDS Hooks response (and of every coverage-information extension in its
/// system actions).
pub fn check_response(response: &Value, version: Version) -> Vec<String> {
    let mut errors = Vec::new();
    let Some(obj) = response.as_object() else {
        return vec!["response is not an object".into()];
    };
    for key in obj.keys() {
        if !["cards", "systemActions", "extension"].contains(&key.as_str()) {
            errors.push(format!("response member {key}"));
        }
    }
    let Some(cards) = response["cards"].as_array() else {
        return vec!["cards missing".into()];
    };
    for card in cards {
        let summary = card["summary"].as_str().unwrap_or("");
        if summary.is_empty() || summary.chars().count() >= 140 {
            errors.push(format!("card summary {summary:?}"));
        }
        if !["info", "warning", "critical"].contains(&card["indicator"].as_str().unwrap_or("")) {
            errors.push(format!("card indicator {}", card["indicator"]));
        }
        if card["source"]["label"].as_str().is_none_or(str::is_empty) {
            errors.push("card source.label missing".into());
        }
        if card["source"]["topic"].is_null() {
            errors.push("card source.topic missing (CRD resp-5)".into());
        }
        if card["uuid"].as_str().is_none_or(str::is_empty) {
            errors.push("card uuid missing".into());
        }
        if !card["suggestions"].is_null() && card["selectionBehavior"].is_null() {
            errors.push("suggestions without selectionBehavior".into());
        }
    }
    if let Some(actions) = response.get("systemActions") {
        for action in actions.as_array().cloned().unwrap_or_default() {
            errors.extend(check_action(&action, version));
        }
    }
    errors
}

/// Violations of one system action (an `update` carrying coverage information).
pub fn check_action(action: &Value, version: Version) -> Vec<String> {
    let mut errors = Vec::new();
    if !["create", "update", "delete"].contains(&action["type"].as_str().unwrap_or("")) {
        errors.push(format!("action type {}", action["type"]));
    }
    if action["type"] == "update" && !action["resource"].is_object() {
        errors.push("update without resource".into());
    }
    let infos: Vec<&Value> = action["resource"]["extension"]
        .as_array()
        .map(|v| v.iter().filter(|e| e["url"] == EXT_URL).collect())
        .unwrap_or_default();
    if infos.is_empty() {
        errors.push("update without coverage-information".into());
    }
    for info in infos {
        errors.extend(check_coverage_information(info, version));
    }
    errors
}

/// The resource with every coverage-information extension removed (and `extension` dropped
/// when nothing else is left), to diff against the order as sent.
pub fn without_coverage_information(resource: &Value) -> Value {
    let mut r = resource.clone();
    if let Some(list) = r.get_mut("extension").and_then(Value::as_array_mut) {
        list.retain(|e| e["url"] != EXT_URL);
        if list.is_empty() {
            r.as_object_mut().unwrap().remove("extension");
        }
    }
    r
}

/// The case as the mapping returns it: every list sorted, without duplicates.
pub fn canonical(case: &edx_coverage::Case) -> edx_coverage::Case {
    let mut b = edx_coverage::Case::builder();
    let mut d: Vec<_> = case.diagnoses().iter().map(|d| d.code()).collect();
    d.sort();
    d.dedup();
    for c in d {
        b = b.diagnosis(c);
    }
    let mut f = case.findings().to_vec();
    f.sort_by_key(|f| (f.kind, f.status, f.source));
    f.dedup();
    for x in f {
        b = b.finding(x);
    }
    let mut t = case.conservative_trials().to_vec();
    t.sort_by_key(|t| (t.therapy, t.outcome, t.duration_days));
    t.dedup();
    for x in t {
        b = b.trial(x);
    }
    let mut l = case.labs().to_vec();
    l.sort_by_key(|l| (l.test, l.result));
    l.dedup();
    for x in l {
        b = b.lab(x);
    }
    let mut x = case.differential().to_vec();
    x.sort();
    x.dedup();
    for y in x {
        b = b.differential(y);
    }
    let mut p = case.procedures().to_vec();
    // Claim lines: sorted, never deduplicated (a repeated line counts twice).
    p.sort_by_key(|p| (p.cpt, p.units, p.studies));
    for y in p {
        b = b.procedure(y);
    }
    for e in case.needle_emg_exceptions().iter() {
        b = b.needle_emg_exception(e);
    }
    b.build().unwrap()
}
