//! Policy

use super::*;

#[test]
fn policy_errors() {
    assert_policy_rejected(
        r#"{"min_trial_day":28}"#,
        "",
        &["\"min_trial_day\"", "unknown field"],
    );
    assert_policy_rejected(
        r#"{"require_needle_emg_with_ncs_typo":true}"#,
        "",
        &["\"require_needle_emg_with_ncs_typo\""],
    );
    assert_policy_rejected(r#"{"min_trial_days":-1}"#, "min_trial_days", &["-1"]);
    assert_policy_rejected(r#"{"min_trial_days":2.5}"#, "min_trial_days", &["2.5"]);
    assert_policy_rejected(r#"{"min_trial_days":"28"}"#, "min_trial_days", &["\"28\""]);
    assert_policy_rejected(r#"{"min_trial_days":null}"#, "min_trial_days", &["null"]);
    assert_policy_rejected(
        r#"{"require_differential":"yes"}"#,
        "require_differential",
        &["\"yes\""],
    );
    assert_policy_rejected(
        r#"{"accept_symptom_codes_with_support":1}"#,
        "accept_symptom_codes_with_support",
        &["1"],
    );
    assert_policy_rejected(
        r#"{"require_differential":null}"#,
        "require_differential",
        &["null"],
    );
    assert_policy_rejected(
        r#"{"require_differential":true,"require_differential":false}"#,
        "",
        &["\"require_differential\"", "more than once"],
    );
    assert!(serde_json::from_str::<Policy>("[]").is_err());

    // Every field is optional and defaults as in docs/wire-format.md, Policy.
    let p: Policy = serde_json::from_str("{}").unwrap();
    assert_eq!(p, Policy::default());
    assert_eq!(p.min_trial_days, 0);
    assert!(p.require_differential);
    assert!(!p.accept_symptom_codes_with_support);
    let p: Policy = serde_json::from_str(r#"{"min_trial_days":28}"#).unwrap();
    assert_eq!(p, Policy::default().with_min_trial_days(28));
}
