//! The sentence of each `detail` entry: the engine's description of the item, with the
//! labs, claim lines or diagnosis codes it is about spelled out (the extension carries no
//! separate lists, so the detail is where a reader finds them).

use std::fmt::Write as _;

use edx_coverage::{code_set, CodeStatus, Determination, DiagnosisCodeIssue, IcdCode};
use edx_coverage::{Pitfall, Recommendation};

/// How many billable codes a detail lists under a header before it only counts them: the
/// same number as the engine's coder text.
const LISTED_UNDER_HEADER: usize = 12;

/// A pitfall's description; for the two diagnosis-code pitfalls of ruleset 4, followed by
/// each code it is about (a header with the billable codes under it; a code not in the
/// code set named as such).
pub(super) fn pitfall(d: &Determination, pitfall: Pitfall) -> String {
    let mut text = pitfall.description().to_owned();
    let status = match pitfall {
        Pitfall::NonBillableDiagnosisCode => CodeStatus::Header,
        Pitfall::UnknownDiagnosisCode => CodeStatus::Unknown,
        _ => return text,
    };
    for issue in d.diagnosis_code_issues().filter(|i| i.status == status) {
        text.push(' ');
        match status {
            CodeStatus::Header => write_header(&mut text, &issue.code),
            _ => write_unknown(&mut text, &issue.code),
        }
    }
    text
}

/// A recommendation's description, with the labs, recodings or codes it refers to.
pub(super) fn recommendation(d: &Determination, rec: Recommendation) -> String {
    let mut text = rec.description().to_owned();
    match rec {
        Recommendation::LaboratoryScreening => {
            let labs: Vec<&str> = d.recommended_labs().iter().map(|l| l.as_str()).collect();
            text.push_str(&format!(" Labs to order: {}.", labs.join(", ")));
        }
        Recommendation::CodeNcsByStudyCount => {
            let fixes: Vec<String> = d
                .procedure_corrections()
                .map(|c| format!("{} to {}", c.cpt, c.replacement))
                .collect();
            text.push_str(&format!(" Recode: {}.", fixes.join(", ")));
        }
        Recommendation::AddSupportingCodes => {
            let codes: Vec<String> = d
                .suggested_codes()
                .map(|c| format!("{} for {}", c.code, c.finding))
                .collect();
            text.push_str(&format!(" Candidate codes: {}.", codes.join(", ")));
        }
        Recommendation::UseBillableCodes => {
            let codes: Vec<String> = d.diagnosis_code_issues().map(issue_in_brief).collect();
            if !codes.is_empty() {
                text.push_str(&format!(" Codes to replace: {}.", codes.join(", ")));
            }
        }
        _ => {}
    }
    text
}

/// `G62 (a category or subcategory)` / `G62.7 (not in the FY2026 code set)`.
fn issue_in_brief(issue: DiagnosisCodeIssue) -> String {
    match issue.status {
        CodeStatus::Unknown => format!("{} (not in the FY2026 code set)", issue.code),
        _ => format!("{} (a category or subcategory)", issue.code),
    }
}

/// `G62 (Other and unspecified polyneuropathies) is a header, not billable; the billable codes
/// under it: G62.0, G62.1, ...` (the count and the first twelve when there are more).
fn write_header(text: &mut String, code: &IcdCode) {
    let _ = write!(text, "{code}");
    if let Some(description) = code_set::description(code) {
        let _ = write!(text, " ({description})");
    }
    let under = code_set::billable_under(code);
    let count = under.clone().count();
    text.push_str(" is a header of the code set, not billable; ");
    if count > LISTED_UNDER_HEADER {
        let _ = write!(
            text,
            "{count} billable codes under it, the first {LISTED_UNDER_HEADER}: "
        );
    } else if count == 1 {
        text.push_str("the billable code under it: ");
    } else {
        text.push_str("the billable codes under it: ");
    }
    let listed: Vec<String> = under
        .take(LISTED_UNDER_HEADER)
        .map(|c| c.to_string())
        .collect();
    let _ = write!(text, "{}.", listed.join(", "));
}

/// `G62.7 is not in the FY2026 ICD-10-CM code set (no such code).`
fn write_unknown(text: &mut String, code: &IcdCode) {
    let _ = write!(
        text,
        "{code} is not in the FY2026 ICD-10-CM code set (no such code)."
    );
}
