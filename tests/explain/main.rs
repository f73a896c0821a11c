//! The three explanations (patient, clinician, coder) against the determination they explain.
//!
//! For every vignette, and (feature `proptest`) 1,000 generated cases, each audience's text
//! must mention every item of the determination: the tables below map each item to a phrase
//! the text must contain, one table per audience, written here independently of the crate's
//! own wording tables. The patient text must hold no ICD-10-CM or CPT-shaped token and no
//! rule id, and every text must be identical when the case's lists are reordered.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use edx_coverage::{
    code_set, evaluate, Audience, Case, CodeStatus, Explanation, Member, Policy, RuleId,
};
use serde_json::Value;

#[path = "../common/mod.rs"]
mod common;
#[path = "../gen/mod.rs"]
mod gen;
mod phrases;

use phrases::{clinician, coder, patient};

// ---------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------

fn text(case: &Case, policy: &Policy, audience: Audience) -> String {
    Explanation::new(case, &evaluate(case, policy), audience).to_string()
}

/// Whether `text` contains `phrase`, ignoring case (list items start with a capital).
fn must_contain(text: &str, phrase: &str, what: impl std::fmt::Debug) -> Result<(), String> {
    if text.to_lowercase().contains(&phrase.to_lowercase()) {
        Ok(())
    } else {
        Err(format!("{what:?}: missing {phrase:?} in\n{text}"))
    }
}

/// The patient text mentions every item, explains the tests, and disclaims a decision.
fn check_patient(case: &Case, policy: &Policy) -> Result<(), String> {
    let d = evaluate(case, policy);
    let t = text(case, policy, Audience::Patient);
    must_contain(&t, patient::coverage(d.coverage()), d.coverage())?;
    must_contain(&t, patient::indication(d.indication()), d.indication())?;
    for k in d.red_flags() {
        must_contain(&t, patient::finding(k), k)?;
    }
    for c in d.suspected_conditions() {
        must_contain(&t, patient::suspected(c), c)?;
    }
    for g in d.documentation_gaps() {
        must_contain(&t, patient::gap(g), g)?;
    }
    for p in d.pitfalls() {
        must_contain(&t, patient::pitfall(p), p)?;
    }
    for r in d.recommendations() {
        must_contain(&t, patient::recommendation(r), r)?;
    }
    for l in d.recommended_labs() {
        must_contain(&t, patient::lab(l), l)?;
    }
    for c in d.suggested_codes() {
        must_contain(&t, patient::finding(c.finding), c)?;
    }
    for c in d.procedure_corrections() {
        must_contain(&t, "should match how many nerves were tested", c)?;
    }
    for always in [
        "A nerve conduction study",
        "A needle EMG is",
        "not a decision by your health plan",
        "When should you go back",
    ] {
        must_contain(&t, always, "fixed text")?;
    }
    // The abbreviation is explained before its first use.
    let explained = t.find("A needle EMG is").unwrap_or(usize::MAX);
    if t.find("EMG").unwrap_or(usize::MAX) < explained {
        return Err(format!("EMG used before it is explained:\n{t}"));
    }
    no_codes_or_rule_ids(&t)
}

/// No ICD-10-CM-shaped token, no CPT-shaped token, no rule id, no unexplained abbreviation.
fn no_codes_or_rule_ids(t: &str) -> Result<(), String> {
    for token in t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-')) {
        let token = token.trim_matches(|c: char| c == '.' || c == '-');
        let b = token.as_bytes();
        let icd_shaped = b.len() >= 3
            && b[0].is_ascii_uppercase()
            && b[1].is_ascii_digit()
            && (b[2].is_ascii_digit() || b[2].is_ascii_uppercase());
        let cpt_shaped = b.len() == 5 && b.iter().all(u8::is_ascii_digit);
        if icd_shaped || cpt_shaped || matches!(token, "NCS" | "ICD-10-CM" | "CPT" | "ICD") {
            return Err(format!("patient text holds {token:?}:\n{t}"));
        }
    }
    for id in RuleId::ALL {
        if t.contains(id.as_str()) {
            return Err(format!("patient text holds rule id {id}:\n{t}"));
        }
    }
    Ok(())
}

fn check_clinician(case: &Case, policy: &Policy) -> Result<(), String> {
    let d = evaluate(case, policy);
    let t = text(case, policy, Audience::Clinician);
    if t != d.to_string() {
        return Err("Display differs from the clinician explanation".into());
    }
    if !t.starts_with(clinician::coverage(d.coverage())) {
        return Err(format!("the verdict is not first:\n{t}"));
    }
    must_contain(&t, clinician::indication(d.indication()), d.indication())?;
    for k in d.red_flags() {
        must_contain(&t, clinician::red_flag(k), k)?;
    }
    for c in d.suspected_conditions() {
        must_contain(&t, clinician::suspected(c), c)?;
    }
    for g in d.documentation_gaps() {
        must_contain(&t, clinician::gap(g), g)?;
    }
    for p in d.pitfalls() {
        must_contain(&t, clinician::pitfall(p), p)?;
    }
    for r in d.recommendations() {
        must_contain(&t, clinician::recommendation(r), r)?;
    }
    for l in d.recommended_labs() {
        must_contain(&t, l.as_str().split('_').next().unwrap_or_default(), l)?;
    }
    for c in d.suggested_codes() {
        must_contain(&t, &format!("{} for ", c.code), c)?;
    }
    for issue in d.diagnosis_code_issues() {
        must_contain(&t, &format!("{} is ", issue.code), issue)?;
    }
    for c in d.procedure_corrections() {
        must_contain(&t, &format!("Replace {} with {}", c.cpt, c.replacement), c)?;
    }
    for r in d.reasons() {
        must_contain(&t, &format!("[{}]", r.rule()), r.rule())?;
    }
    Ok(())
}

fn check_coder(case: &Case, policy: &Policy) -> Result<(), String> {
    let d = evaluate(case, policy);
    let t = text(case, policy, Audience::Coder);
    if !t.starts_with("Diagnosis codes on the order:") {
        return Err(format!("codes are not first:\n{t}"));
    }
    for dx in case.diagnoses() {
        let code = dx.code();
        // Every code with its official description (descriptions are on by default).
        let line = match code_set::description(&code) {
            Some(description) => format!("  - {code} {description}: "),
            None => format!("  - {code}: "),
        };
        must_contain(&t, &line, dx)?;
        match dx.status() {
            CodeStatus::Unknown => must_contain(
                &t,
                &format!("{line}not in the FY2026 ICD-10-CM code set"),
                dx,
            )?,
            CodeStatus::Header => {
                // Each header lists the billable codes under it: all up to twelve, else the
                // count and the first twelve, in code order, right below its line.
                let under: Vec<String> = code_set::billable_under(&code)
                    .map(|c| c.to_string())
                    .collect();
                if under.len() > 12 {
                    must_contain(
                        &t,
                        &format!("{} billable codes under it, the first 12:", under.len()),
                        dx,
                    )?;
                }
                let listed: Vec<String> = t
                    .lines()
                    .skip_while(|l| !l.starts_with(&line))
                    .skip(1)
                    .take_while(|l| l.starts_with("      "))
                    .map(|l| l.trim().split(' ').next().unwrap_or_default().to_owned())
                    .collect();
                let want: Vec<String> = under.into_iter().take(12).collect();
                if listed != want {
                    return Err(format!("{code}: listed {listed:?}, want {want:?} in\n{t}"));
                }
            }
            _ => {}
        }
    }
    for p in case.procedures() {
        must_contain(&t, &format!("- {} (", p.cpt), p)?;
    }
    must_contain(&t, coder::coverage(d.coverage()), d.coverage())?;
    must_contain(&t, coder::indication(d.indication()), d.indication())?;
    for k in d.red_flags() {
        must_contain(&t, coder::red_flag(k), k)?;
    }
    for c in d.suspected_conditions() {
        must_contain(&t, coder::suspected(c), c)?;
    }
    for g in d.documentation_gaps() {
        must_contain(&t, coder::gap(g), g)?;
    }
    for p in d.pitfalls() {
        must_contain(&t, coder::pitfall(p), p)?;
    }
    for r in d.recommendations() {
        must_contain(&t, coder::recommendation(r), r)?;
    }
    for l in d.recommended_labs() {
        must_contain(&t, l.as_str().split('_').next().unwrap_or_default(), l)?;
    }
    for c in d.suggested_codes() {
        must_contain(&t, &format!("{} documents ", c.code), c)?;
    }
    for c in d.procedure_corrections() {
        // The requested code's line names its replacement.
        let start = format!("  - {} (", c.cpt);
        let fix = format!("bill {} instead", c.replacement);
        if !t.lines().any(|l| l.starts_with(&start) && l.contains(&fix)) {
            return Err(format!("{c:?}: no line {start:?} with {fix:?} in\n{t}"));
        }
    }
    for e in case.needle_emg_exceptions() {
        must_contain(&t, e.as_str(), e)?;
    }
    for r in d.reasons() {
        must_contain(&t, &format!("[{}]", r.rule()), r.rule())?;
        for s in r.sources() {
            must_contain(&t, &format!("[{s}] "), s)?;
        }
    }
    Ok(())
}

/// The case with every list reversed and rotated (through the wire format, so every list
/// the format has is included).
fn reordered(case: &Case) -> Case {
    let mut doc = serde_json::to_value(case).unwrap();
    for (_, v) in doc.as_object_mut().unwrap().iter_mut() {
        if let Value::Array(items) = v {
            items.reverse();
            if !items.is_empty() {
                items.rotate_left(1);
            }
        }
    }
    serde_json::from_value(doc).unwrap()
}

fn check_order_independence(case: &Case, policy: &Policy) -> Result<(), String> {
    let other = reordered(case);
    for &a in Audience::ALL {
        let (x, y) = (text(case, policy, a), text(&other, policy, a));
        if x != y {
            return Err(format!("{a} text depends on order:\n{x}\n---\n{y}"));
        }
    }
    Ok(())
}

fn check_all(case: &Case, policy: &Policy) -> Result<(), String> {
    check_patient(case, policy)?;
    check_clinician(case, policy)?;
    check_coder(case, policy)?;
    check_order_independence(case, policy)
}

fn vignettes() -> Vec<(String, Case, Policy)> {
    common::vignettes()
        .into_iter()
        .map(|(name, doc)| {
            let case = serde_json::from_value(doc["case"].clone()).unwrap();
            let policy = match doc.get("policy") {
                Some(p) => serde_json::from_value(p.clone()).unwrap(),
                None => Policy::default(),
            };
            (name, case, policy)
        })
        .collect()
}

#[test]
fn patient_text_mentions_every_item_and_no_code_on_every_vignette() {
    for (name, case, policy) in vignettes() {
        check_patient(&case, &policy).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn clinician_text_mentions_every_item_on_every_vignette() {
    for (name, case, policy) in vignettes() {
        check_clinician(&case, &policy).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn coder_text_mentions_every_item_on_every_vignette() {
    for (name, case, policy) in vignettes() {
        check_coder(&case, &policy).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn texts_do_not_depend_on_input_order_on_every_vignette() {
    for (name, case, policy) in vignettes() {
        check_order_independence(&case, &policy).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn every_check_on_every_vignette_under_twelve_policies() {
    for (name, case, _) in vignettes() {
        for policy in gen::policies() {
            check_all(&case, &policy).unwrap_or_else(|e| panic!("{name} under {policy:?}: {e}"));
        }
    }
}

/// The checker itself catches what it must: a code in a patient-like text, a rule id.
#[test]
fn the_patient_checks_catch_codes_and_rule_ids() {
    assert!(no_codes_or_rule_ids("Your order lists R25.2 only.").is_err());
    assert!(no_codes_or_rule_ids("Billed as 95909.").is_err());
    assert!(no_codes_or_rule_ids("See G62.9 for details").is_err());
    assert!(no_codes_or_rule_ids("Rule IND-NOT-YET fired.").is_err());
    assert!(no_codes_or_rule_ids("The NCS is billed twice.").is_err());
    assert!(no_codes_or_rule_ids("A needle EMG is a muscle test.").is_ok());
}

#[cfg(feature = "proptest")]
mod generated {
    use super::*;
    use edx_coverage::strategies;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        /// 1,000 generated cases under generated policies: every audience's text mentions
        /// every item, the patient text holds no code, and no text depends on input order.
        #[test]
        fn every_text_mentions_every_item(case in strategies::case(), policy in strategies::policy()) {
            if let Err(e) = check_all(&case, &policy) {
                return Err(TestCaseError::fail(e));
            }
        }
    }
}
