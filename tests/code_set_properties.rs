//! Properties of ruleset 4 (the ICD-10-CM code set) over generated cases (feature
//! `proptest`).
//!
//! "As ruleset 3" is `evaluate_ignoring_code_set`: the same rules with every code billable and
//! classes by the lists alone (a hidden function for these tests only).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg(feature = "proptest")]

use edx_coverage::strategies::{case, icd_code_of_status, policy};
use edx_coverage::{
    code_set, evaluate, evaluate_ignoring_code_set, Case, CodeStatus, Coverage, IcdCode,
};
use proptest::prelude::*;

const CASES: u32 = 2_000;

fn rank(c: Coverage) -> u8 {
    match c {
        Coverage::LikelyDenied => 0,
        Coverage::AtRisk => 1,
        _ => 2,
    }
}

/// `c` with every diagnosis replaced by a billable code (the first billable code under a
/// header, a fixed billable code for an unknown one).
fn billable_only(c: &Case) -> Case {
    let codes: Vec<serde_json::Value> = c
        .diagnoses()
        .iter()
        .map(|dx| {
            let code = match dx.status() {
                CodeStatus::Header => code_set::billable_under(&dx.code())
                    .next()
                    .expect("a header has billable codes under it"),
                CodeStatus::Unknown => "R25.2".parse().unwrap(),
                _ => dx.code(),
            };
            serde_json::json!({ "code": code.as_str() })
        })
        .collect();
    // Everything else as it was (through the wire format, which keeps every list).
    let mut doc = serde_json::to_value(c).unwrap();
    doc["diagnoses"] = serde_json::Value::Array(codes);
    serde_json::from_value(doc).unwrap()
}

fn with_code(c: &Case, code: IcdCode) -> Case {
    c.to_builder().diagnosis(code).build().unwrap()
}

fn non_billable() -> impl Strategy<Value = IcdCode> {
    prop_oneof![
        icd_code_of_status(CodeStatus::Header),
        icd_code_of_status(CodeStatus::Unknown),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Only billable codes: ruleset 4 decides exactly as ruleset 3, with no issue.
    #[test]
    fn billable_cases_get_the_ruleset_3_answer(c in case(), p in policy()) {
        let c = billable_only(&c);
        let d = evaluate(&c, &p);
        prop_assert_eq!(d.diagnosis_code_issues().len(), 0);
        prop_assert_eq!(&d, &evaluate_ignoring_code_set(&c, &p));
    }

    /// Ruleset 4 is never kinder than ruleset 3 on the same case.
    #[test]
    fn reading_the_code_set_never_improves_the_outlook(c in case(), p in policy()) {
        let new = evaluate(&c, &p).coverage();
        let old = evaluate_ignoring_code_set(&c, &p).coverage();
        prop_assert!(rank(new) <= rank(old), "{:?} vs ruleset 3 {:?}", new, old);
    }

    /// Adding a code that is not in the code set never improves the outlook.
    #[test]
    fn adding_an_unknown_code_never_improves_the_outlook(
        c in case(),
        p in policy(),
        code in icd_code_of_status(CodeStatus::Unknown),
    ) {
        let before = evaluate(&c, &p).coverage();
        let after = evaluate(&with_code(&c, code), &p);
        prop_assert!(rank(after.coverage()) <= rank(before));
        prop_assert!(after.diagnosis_code_issues().any(|i| i.code == code));
    }

    /// A header keeps its class (RULES.md, "Code status"), so adding one can make testing indicated; but it
    /// never does better than coding the first billable code under it instead, and never
    /// gives `likely_covered`.
    #[test]
    fn a_header_is_never_better_than_a_billable_code_under_it(
        c in case(),
        p in policy(),
        code in icd_code_of_status(CodeStatus::Header),
    ) {
        let billable = code_set::billable_under(&code).next().unwrap();
        let header = evaluate(&with_code(&c, code), &p).coverage();
        let coded = evaluate(&with_code(&c, billable), &p).coverage();
        prop_assert!(rank(header) <= rank(coded), "{} {:?} vs {} {:?}", code, header, billable, coded);
        prop_assert_ne!(header, Coverage::LikelyCovered);
    }

    /// Any case with a header or unknown code is never likely covered, and lists the code.
    #[test]
    fn a_non_billable_code_is_never_likely_covered(c in case(), p in policy(), code in non_billable()) {
        let d = evaluate(&with_code(&c, code), &p);
        prop_assert_ne!(d.coverage(), Coverage::LikelyCovered);
        prop_assert!(d.diagnosis_code_issues().any(|i| i.code == code && i.status == code.status()));
    }

    /// The issues are exactly the case's non-billable codes, each once, by code.
    #[test]
    fn issues_are_the_non_billable_codes_in_order(c in case(), p in policy()) {
        let d = evaluate(&c, &p);
        let got: Vec<IcdCode> = d.diagnosis_code_issues().map(|i| i.code).collect();
        let mut want: Vec<IcdCode> = c
            .diagnoses()
            .iter()
            .filter(|dx| dx.status() != CodeStatus::Billable)
            .map(|dx| dx.code())
            .collect();
        want.sort_by_key(|code| code.as_str().replace('.', ""));
        want.dedup();
        prop_assert_eq!(got, want);
    }
}
