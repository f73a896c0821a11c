//! The path to coverage (docs/plan.md) against the vignettes' `expect_plan`, read from the
//! vignette files (never from the code), and a few hand-made cases for what the vignettes
//! do not reach.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use edx_coverage::{plan, Case, Coverage, Policy, StepKind, RULESET};
use serde_json::{json, Value};

/// Vignettes that carry an `expect_plan` (every shared vignette does).
const MIN_PLANS: usize = 25;

fn inputs(doc: &Value) -> (Case, Policy) {
    let case: Case = serde_json::from_value(doc["case"].clone()).unwrap();
    let policy = doc
        .get("policy")
        .map(|p| serde_json::from_value(p.clone()).unwrap())
        .unwrap_or_default();
    (case, policy)
}

#[test]
fn every_vignette_plan_is_its_expected_plan() {
    let mut compared = 0;
    let mut problems = Vec::new();
    for (name, doc) in common::vignettes() {
        let Some(want) = doc.get("expect_plan") else {
            continue;
        };
        let (case, policy) = inputs(&doc);
        let mut got = serde_json::to_value(plan(&case, &policy)).unwrap();
        assert_eq!(got["ruleset"], RULESET, "{name}: ruleset");
        got.as_object_mut().unwrap().remove("ruleset");
        if &got != want {
            problems.push(format!("{name}:\n  got  {got}\n  want {want}"));
        }
        compared += 1;
    }
    assert!(
        compared >= MIN_PLANS,
        "only {compared} vignettes carry a plan"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[cfg(feature = "json")]
#[test]
fn plan_str_is_the_typed_plan_for_every_vignette() {
    for (name, doc) in common::vignettes() {
        let policy_text = doc.get("policy").map(Value::to_string);
        let out =
            edx_coverage::json::plan_str(&doc["case"].to_string(), policy_text.as_deref()).unwrap();
        let (case, policy) = inputs(&doc);
        assert_eq!(
            out,
            serde_json::to_string(&plan(&case, &policy)).unwrap(),
            "{name}"
        );
    }
}

fn plan_json(case: Value, policy: Policy) -> Value {
    let case: Case = serde_json::from_value(case).unwrap();
    let mut v = serde_json::to_value(plan(&case, &policy)).unwrap();
    v.as_object_mut().unwrap().remove("ruleset");
    v
}

#[test]
fn add_on_codes_without_ncs_become_a_standalone_code() {
    // Weakness on exam, coded, with a differential; the limb add-on is billed without NCS.
    let got = plan_json(
        json!({
            "diagnoses": [{"code": "M62.81"}],
            "findings": [{"kind": "muscle_weakness", "source": "exam"}],
            "differential": ["myopathy"],
            "procedures": [{"cpt": "95886"}, {"cpt": "95885"}, {"cpt": "95886"}]
        }),
        Policy::default(),
    );
    let want = json!({
        "from": "at_risk",
        "target": "likely_covered",
        "steps": [{
            "step": "use_standalone_emg_codes", "actor": "coder", "conditional": false,
            "removed": ["95885", "95886"], "added": "95870",
            "clears": ["emg_add_on_without_ncs"], "without": "at_risk"
        }],
        "remaining": {"documentation_gaps": [], "pitfalls": []}
    });
    assert_eq!(got, want);
}

#[test]
fn a_standalone_code_already_there_is_kept_and_nothing_added() {
    // 95886 with 95870: add-on without NCS and a conflict; no NCS line, so the conflict step
    // is not a candidate; dropping the add-on clears both and 95870 remains.
    let got = plan_json(
        json!({
            "diagnoses": [{"code": "M62.81"}],
            "findings": [{"kind": "muscle_weakness", "source": "exam"}],
            "differential": ["myopathy"],
            "procedures": [{"cpt": "95870"}, {"cpt": "95886"}]
        }),
        Policy::default(),
    );
    assert_eq!(
        got["steps"],
        json!([{
            "step": "use_standalone_emg_codes", "actor": "coder", "conditional": false,
            "removed": ["95886"], "added": null,
            "clears": ["emg_add_on_without_ncs", "conflicting_emg_codes"], "without": "at_risk"
        }])
    );
    assert_eq!(got["target"], "likely_covered");
}

#[test]
fn ncs_lines_without_counts_become_the_highest_code() {
    // Two NCS lines, one without a study count: one line of the higher code, no studies.
    let got = plan_json(
        json!({
            "diagnoses": [{"code": "G62.9"}],
            "findings": [{"kind": "sensory_loss", "source": "exam"}],
            "procedures": [{"cpt": "95908", "studies": 4}, {"cpt": "95886"}, {"cpt": "95910"}]
        }),
        Policy::default(),
    );
    assert_eq!(
        got["steps"],
        json!([{
            "step": "report_ncs_once", "actor": "coder", "conditional": false,
            "line": {"cpt": "95910"},
            "clears": ["ncs_reported_more_than_once"], "without": "at_risk"
        }])
    );
}

#[test]
fn study_counts_add_up_to_at_most_ninety_nine() {
    let got = plan_json(
        json!({
            "diagnoses": [{"code": "G62.9"}],
            "findings": [{"kind": "sensory_loss", "source": "exam"}],
            "procedures": [
                {"cpt": "95913", "studies": 60}, {"cpt": "95913", "studies": 50}, {"cpt": "95886"}
            ]
        }),
        Policy::default(),
    );
    assert_eq!(
        got["steps"][0]["line"],
        json!({"cpt": "95913", "studies": 99})
    );
    assert_eq!(got["target"], "likely_covered");
}

#[test]
fn the_trial_step_carries_the_policy_minimum_and_is_conditional() {
    // R25.2 alone with an exam: not yet indicated; a failed trial of the policy's length
    // makes testing indicated (refractory), and the differential suspected then is myopathy.
    let case: Case = serde_json::from_value(json!({
        "diagnoses": [{"code": "R25.2"}],
        "findings": [{"kind": "numbness", "status": "absent", "source": "exam"}]
    }))
    .unwrap();
    let p = plan(&case, &Policy::default().with_min_trial_days(28));
    assert_eq!(p.from(), Coverage::LikelyDenied);
    assert!(p.is_conditional());
    let v = serde_json::to_value(&p).unwrap();
    let trial = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "conservative_trial")
        .unwrap();
    assert_eq!(trial["min_days"], 28);
    assert_eq!(trial["conditional"], true);
    assert_eq!(trial["actor"], "clinician");
    assert_eq!(trial["without"], "likely_denied");
    let differential = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "document_differential")
        .unwrap();
    assert_eq!(differential["differential"], json!(["myopathy"]));
    let p0 = plan(&case, &Policy::default());
    let v0 = serde_json::to_value(&p0).unwrap();
    assert!(v0["steps"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["step"] == "conservative_trial" && s["min_days"].is_null()));
}

#[test]
fn a_responsive_case_has_no_path_and_keeps_its_problems() {
    let case: Case = serde_json::from_value(json!({
        "diagnoses": [{"code": "R25.2"}],
        "conservative_trials": [{"therapy": "stretching", "outcome": "improved"}]
    }))
    .unwrap();
    let p = plan(&case, &Policy::default());
    assert_eq!(p.target(), Coverage::LikelyDenied);
    assert!(p.steps().is_empty());
    let v = serde_json::to_value(&p).unwrap();
    assert_eq!(
        v["remaining"],
        json!({"documentation_gaps": [], "pitfalls": ["symptom_only_coding", "lack_of_clinical_correlation"]})
    );
    let text = p.to_string();
    assert!(text.contains("No change to the paperwork makes testing indicated"));
}

#[test]
fn code_set_problems_stay_remaining() {
    // G62 is a header: no step changes a diagnosis code, so the pitfall stays.
    let got = plan_json(
        json!({
            "diagnoses": [{"code": "G62"}],
            "findings": [{"kind": "sensory_loss", "source": "exam"}],
            "differential": ["neuropathy"]
        }),
        Policy::default(),
    );
    assert_eq!(got["target"], "at_risk");
    assert_eq!(
        got["remaining"]["pitfalls"],
        json!(["non_billable_diagnosis_code"])
    );
}

#[test]
fn a_covered_case_has_no_steps() {
    let case: Case = serde_json::from_value(json!({
        "diagnoses": [{"code": "G62.9"}],
        "findings": [{"kind": "sensory_loss", "source": "exam"}],
        "procedures": [{"cpt": "95909", "studies": 6}, {"cpt": "95886"}]
    }))
    .unwrap();
    let p = plan(&case, &Policy::default());
    assert_eq!(
        (p.from(), p.target()),
        (Coverage::LikelyCovered, Coverage::LikelyCovered)
    );
    assert!(p.steps().is_empty());
    assert!(p.remaining().is_empty());
}

#[test]
fn every_step_kind_has_an_actor_and_a_wire_name() {
    use edx_coverage::{Actor, Set};
    let all: Set<StepKind> = Set::all();
    assert_eq!(all.len(), 10);
    let clinician: Vec<_> = all
        .iter()
        .filter(|k| k.actor() == Actor::Clinician)
        .map(StepKind::as_str)
        .collect();
    assert_eq!(
        clinician,
        [
            "document_exam",
            "conservative_trial",
            "document_differential",
            "replace_point_of_care_ncs",
            "add_needle_emg"
        ]
    );
}
