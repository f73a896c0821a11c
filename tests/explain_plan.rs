//! The path to coverage in each audience's words (`Explanation::with_plan`), on every
//! vignette: each test fails if the wording it checks is removed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use edx_coverage::{evaluate, plan, Audience, Case, Coverage, Explanation, Policy, Step};
use serde_json::Value;

struct Texts {
    name: String,
    plan: edx_coverage::Plan,
    patient: String,
    clinician: String,
    coder: String,
    plain: [String; 3],
}

fn texts() -> Vec<Texts> {
    common::vignettes()
        .into_iter()
        .map(|(name, doc)| {
            let case: Case = serde_json::from_value(doc["case"].clone()).unwrap();
            let policy: Policy = doc
                .get("policy")
                .map(|p: &Value| serde_json::from_value(p.clone()).unwrap())
                .unwrap_or_default();
            let d = evaluate(&case, &policy);
            let p = plan(&case, &policy);
            let with = |a| Explanation::new(&case, &d, a).with_plan(&p).to_string();
            let without = |a| Explanation::new(&case, &d, a).to_string();
            Texts {
                name,
                patient: with(Audience::Patient),
                clinician: with(Audience::Clinician),
                coder: with(Audience::Coder),
                plain: [
                    without(Audience::Patient),
                    without(Audience::Clinician),
                    without(Audience::Coder),
                ],
                plan: p,
            }
        })
        .collect()
}

/// Whether `word` looks like an ICD-10-CM or CPT code.
fn is_code(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let b = w.as_bytes();
    let icd = b.len() >= 3
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_digit()
        && b[2].is_ascii_alphanumeric();
    let cpt = b.len() == 5 && b.iter().all(u8::is_ascii_digit);
    icd || cpt
}

#[test]
fn every_audience_gets_the_path_only_with_a_plan() {
    for t in texts() {
        assert!(
            t.patient.contains("What could change the answer?"),
            "{}",
            t.name
        );
        assert!(t.clinician.contains("Path to coverage:"), "{}", t.name);
        assert!(
            t.coder.contains("What would get this covered:"),
            "{}",
            t.name
        );
        assert!(!t.plain[0].contains("What could change the answer?"));
        assert!(!t.plain[1].contains("Path to coverage:"));
        assert!(!t.plain[2].contains("What would get this covered:"));
    }
}

#[test]
fn the_patient_path_has_no_codes_and_says_who_would_act() {
    for t in texts() {
        let section = t
            .patient
            .split("What could change the answer?")
            .nth(1)
            .unwrap()
            .split("When should you go back")
            .next()
            .unwrap();
        for word in section.split_whitespace() {
            assert!(!is_code(word), "{}: code {word:?} in\n{section}", t.name);
        }
        for s in t.plan.steps() {
            let who = match s.step {
                Step::AddFindingCodes { .. }
                | Step::CodeNcsByStudyCount { .. }
                | Step::ReportNcsOnce { .. }
                | Step::RemoveConflictingEmgCodes { .. }
                | Step::UseStandaloneEmgCodes { .. } => "The staff who send the bill could",
                _ => "care team could",
            };
            assert!(section.contains(who), "{}: {who:?} in\n{section}", t.name);
            if let Step::ConservativeTrial { min_days } = s.step {
                let condition = match min_days {
                    Some(days) => format!("If your cramps do not get better after {days} days"),
                    None => "If your cramps do not get better after simple care".to_owned(),
                };
                assert!(section.contains(&condition), "{}:\n{section}", t.name);
            }
        }
    }
}

#[test]
fn the_clinician_path_lists_each_step_and_the_outlook_after() {
    for t in texts() {
        let p = &t.plan;
        if p.target() != Coverage::LikelyDenied && !p.steps().is_empty() {
            let after = format!(
                "{} after these steps",
                p.target().as_str().replace('_', " ")
            );
            assert!(t.clinician.contains(&after), "{}: {after}", t.name);
        }
        for (i, s) in p.steps().iter().enumerate() {
            let who = match s.step.actor() {
                edx_coverage::Actor::Coder => "Coder",
                _ => "Clinician",
            };
            let line = format!("  {}. {who}: ", i + 1);
            assert!(t.clinician.contains(&line), "{}: {line:?}", t.name);
            let without = format!(
                "Without this step: {}.",
                s.without.as_str().replace('_', " ")
            );
            assert!(t.clinician.contains(&without), "{}: {without:?}", t.name);
        }
    }
}

#[test]
fn the_coder_path_names_every_code_and_the_lines_after() {
    for t in texts() {
        let section = t
            .coder
            .split("What would get this covered:")
            .nth(1)
            .unwrap()
            .split("Rules and the sources")
            .next()
            .unwrap();
        for s in t.plan.steps() {
            let codes: Vec<String> = match &s.step {
                Step::AddFindingCodes { codes } => codes.iter().map(ToString::to_string).collect(),
                Step::RemoveConflictingEmgCodes { removed } => {
                    removed.iter().map(ToString::to_string).collect()
                }
                Step::UseStandaloneEmgCodes { removed, added } => removed
                    .iter()
                    .chain(added)
                    .map(ToString::to_string)
                    .collect(),
                Step::CodeNcsByStudyCount { corrections } => corrections
                    .iter()
                    .map(|c| format!("{} to {}", c.cpt, c.replacement))
                    .collect(),
                Step::ReportNcsOnce { line } => vec![line.cpt.to_string()],
                Step::AddNeedleEmg { added } => vec![added.to_string()],
                Step::ReplacePointOfCareNcs { added } => std::iter::once("95905".to_owned())
                    .chain(added.map(|c| c.to_string()))
                    .collect(),
                _ => vec![],
            };
            for c in codes {
                assert!(section.contains(&c), "{}: {c} in\n{section}", t.name);
            }
        }
        if t.plan.target() != Coverage::LikelyDenied {
            let lines = section
                .split("Claim lines after the change:")
                .nth(1)
                .unwrap_or_else(|| panic!("{}: no claim lines after", t.name));
            let lines = lines.lines().next().unwrap();
            for p in t.plan.claim_lines_after() {
                assert!(lines.contains(&p.cpt.to_string()), "{}: {lines}", t.name);
            }
            if t.plan.claim_lines_after().is_empty() {
                assert_eq!(lines.trim(), "none", "{}", t.name);
            }
        }
    }
}

#[test]
fn a_denied_target_is_said_plainly_with_when_to_come_back() {
    let mut denied = 0;
    for t in texts() {
        if t.plan.target() != Coverage::LikelyDenied {
            continue;
        }
        denied += 1;
        assert!(t
            .patient
            .contains("No change to the paperwork would make these tests needed now."));
        assert!(t.patient.contains("Your care team can look again if"));
        assert!(t
            .clinician
            .contains("No change to the paperwork makes testing indicated"));
        assert!(t.clinician.contains("Reassess if"));
        assert!(t.coder.contains("makes testing indicated on this record"));
        assert!(t.coder.contains("Resubmit only when"));
    }
    assert!(denied >= 2, "the vignettes hold {denied} denied targets");
}
