//! Properties of the CDS Hooks mapping over generated cases (the engine's `proptest`
//! strategies): every valid case, written as a FHIR request, shuffled, spread over prefetch
//! keys of any name and padded with elements and resources the mapping does not read, maps
//! back to the same case; and every answer is a structurally valid CDS Hooks / CRD response
//! whose system actions change nothing but the coverage-information extension.
//!
//! Run with `cargo test --features proptest,cds-hooks --test cds_hooks_properties`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::cds_check::{canonical, check_response, without_coverage_information, Version};
use edx_coverage::strategies::{case, policy};
use edx_coverage::Case;
use edx_coverage_fhir::cds_hooks::{
    answer, answer_value, map_value, to_request, CrdVersion, Hook, Options,
};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const CASES: u32 = 1_000;

fn config() -> ProptestConfig {
    let scale = std::env::var("EDX_PROPTEST_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1);
    ProptestConfig {
        cases: CASES * scale,
        ..ProptestConfig::default()
    }
}

/// A small deterministic generator for the shuffles (the seed comes from proptest, so a
/// failure shrinks and replays).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.next(i + 1);
            v.swap(i, j);
        }
    }
}

/// Elements a FHIR resource may carry that the mapping does not read.
fn pad(resource: &mut Value, rng: &mut Lcg) {
    let Some(map) = resource.as_object_mut() else {
        return;
    };
    if rng.next(2) == 0 {
        map.insert(
            "meta".into(),
            json!({"lastUpdated": "2026-11-01T10:00:00Z", "source": "#edx"}),
        );
    }
    if rng.next(2) == 0 {
        map.insert(
            "text".into(),
            json!({"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}),
        );
    }
    if rng.next(3) == 0 && !map.contains_key("extension") {
        map.insert(
            "extension".into(),
            json!([{"url": "http://example.org/unknown", "valueString": "ignored"}]),
        );
    }
    if rng.next(3) == 0 {
        map.insert(
            "identifier".into(),
            json!([{"system": "urn:oid:1.2.3", "value": format!("{}", rng.next(1000))}]),
        );
    }
}

/// The request, shuffled, spread and padded.
fn disguise(request: &Value, seed: u64) -> Value {
    let mut rng = Lcg(seed);
    let mut r = request.clone();
    // Orders: shuffled, padded, with a draft order of another kind among them.
    {
        let entries = r["context"]["draftOrders"]["entry"].as_array_mut().unwrap();
        for e in entries.iter_mut() {
            pad(&mut e["resource"], &mut rng);
        }
        if rng.next(2) == 0 {
            entries.push(
                json!({"resource": {"resourceType": "MedicationRequest", "id": "med-1",
                "status": "draft", "intent": "order",
                "medicationCodeableConcept": {"text": "magnesium oxide"},
                "subject": {"reference": "Patient/example-patient"}}}),
            );
        }
        rng.shuffle(entries);
    }
    // Unknown context elements are ignored (CRD).
    r["context"]["x-vendor-context"] = json!({"anything": [1, {"deep": true}]});
    // Prefetch: every clinical resource moved to a randomly named key, alone or in a bundle.
    let prefetch = r["prefetch"].as_object_mut().unwrap();
    let mut resources = Vec::new();
    for key in ["conditions", "observations"] {
        if let Some(bundle) = prefetch.remove(key) {
            for e in bundle["entry"].as_array().unwrap() {
                resources.push(e["resource"].clone());
            }
        }
    }
    resources.push(json!({"resourceType": "Practitioner", "id": "dr-1"}));
    rng.shuffle(&mut resources);
    let mut bundles: Vec<Vec<Value>> = vec![Vec::new(); 1 + rng.next(3)];
    for mut res in resources {
        pad(&mut res, &mut rng);
        let k = rng.next(bundles.len() + 1);
        match bundles.get_mut(k) {
            Some(b) => b.push(res),
            None => {
                prefetch.insert(format!("single{}", prefetch.len()), res);
            }
        }
    }
    for (i, b) in bundles.into_iter().enumerate() {
        let entry: Vec<Value> = b.into_iter().map(|res| json!({"resource": res})).collect();
        prefetch.insert(
            format!("k{}-{}", rng.next(100), i),
            json!({"resourceType": "Bundle", "type": "searchset", "entry": entry}),
        );
    }
    prefetch.insert("medications".into(), Value::Null);
    // Key order in the JSON text is the map's; rebuild it in a shuffled order too.
    let mut pairs: Vec<(String, Value)> = std::mem::take(prefetch).into_iter().collect();
    rng.shuffle(&mut pairs);
    *prefetch = pairs.into_iter().collect::<Map<String, Value>>();
    r
}

/// The case with a needle EMG order when it has none: diagnoses travel as the orders'
/// reasons, so a request without an order carries none.
fn ordered(case: Case) -> Case {
    if !case.procedures().is_empty() {
        return case;
    }
    case.to_builder()
        .procedure(edx_coverage::Procedure::new("95886".parse().unwrap()))
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn disguised_requests_map_back_to_the_case(
        c in case(),
        seed in any::<u64>(),
        select in any::<bool>(),
    ) {
        let c = ordered(c);
        let hook = if select { Hook::OrderSelect } else { Hook::OrderSign };
        let request = to_request(&c, hook, "2026-11-27");
        let disguised = disguise(&request, seed);
        let mapping = map_value(&disguised).unwrap();
        prop_assert_eq!(mapping.case(), Some(&canonical(&c)));
        prop_assert!(mapping.issues().is_empty(), "{:?}", mapping.issues());
        prop_assert_eq!(mapping.orders().len(), c.procedures().len());
    }

    #[test]
    fn answers_are_valid_and_change_only_the_extension(
        c in case(),
        p in policy(),
        seed in any::<u64>(),
        v21 in any::<bool>(),
        keep_unordered in any::<bool>(),
    ) {
        let c = if keep_unordered { c } else { ordered(c) };
        let request = disguise(&to_request(&c, Hook::OrderSign, "2026-11-27"), seed);
        let (crd, version) = if v21 {
            (CrdVersion::V2_1, Version::V2_1)
        } else {
            (CrdVersion::V2_2, Version::V2_2)
        };
        let options = Options::default().with_crd_version(crd);
        let a = answer(&request.to_string(), &p, &options).unwrap();
        // Text in and a parsed value in answer alike.
        prop_assert_eq!(&a, &answer_value(&request, &p, &options).unwrap());
        let response = a.to_value();
        let errors = check_response(&response, version);
        prop_assert!(errors.is_empty(), "{:?}", errors);
        let sent: Vec<&Value> = request["context"]["draftOrders"]["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["resource"])
            .filter(|r| r["resourceType"] == "ServiceRequest")
            .collect();
        let actions = response.get("systemActions").and_then(Value::as_array);
        prop_assert_eq!(actions.map_or(0, Vec::len), c.procedures().len());
        for action in actions.into_iter().flatten() {
            let id = &action["resource"]["id"];
            let original = sent.iter().find(|r| &r["id"] == id).unwrap();
            prop_assert_eq!(&without_coverage_information(&action["resource"]), *original);
        }
        let cards = response["cards"].as_array().unwrap().len();
        prop_assert!(cards <= 1);
        if c.procedures().is_empty() {
            prop_assert_eq!(a.json(), r#"{"cards":[]}"#);
        }
    }
}
