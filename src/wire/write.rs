//! The determination as compact JSON text, written straight into one `String`.
//!
//! Byte for byte what `serde_json::to_string` makes of the `Serialize` impl in
//! [`super`] (a test compares the two on every vignette and on generated cases), without
//! the serializer's per-value dispatch and UTF-8 re-checks: every value of a determination
//! is a vocabulary word, a code or a small number, none of which JSON needs to escape (the
//! tests check every word of every vocabulary).

use core::fmt::Write as _;

use crate::determination::Determination;
use crate::set::{Member, Set};

/// Room for a typical determination (about 1 kB) and the largest of the bundled cases
/// (1.7 kB), so the text is allocated once.
const TYPICAL_LEN: usize = 2048;

/// The determination as one line of JSON, as `serde_json::to_string` writes it.
pub(crate) fn determination(d: &Determination) -> String {
    let mut out = String::with_capacity(TYPICAL_LEN);
    out.push_str("{\"ruleset\":");
    word(&mut out, d.ruleset());
    out.push_str(",\"indication\":");
    word(&mut out, d.indication.as_str());
    out.push_str(",\"coverage\":");
    word(&mut out, d.coverage.as_str());
    words(&mut out, ",\"red_flags\":", d.red_flags, |k| k.as_str());
    words(
        &mut out,
        ",\"suspected_conditions\":",
        d.suspected_conditions,
        |c| c.as_str(),
    );
    words(
        &mut out,
        ",\"documentation_gaps\":",
        d.documentation_gaps,
        |g| g.as_str(),
    );
    words(&mut out, ",\"pitfalls\":", d.pitfalls, |p| p.as_str());
    words(&mut out, ",\"recommendations\":", d.recommendations, |r| {
        r.as_str()
    });
    words(
        &mut out,
        ",\"recommended_labs\":",
        d.recommended_labs,
        |l| l.as_str(),
    );
    out.push_str(",\"suggested_codes\":[");
    for (i, sc) in d.suggested_codes().enumerate() {
        comma(&mut out, i);
        out.push_str("{\"code\":");
        word(&mut out, sc.code.as_str());
        out.push_str(",\"finding\":");
        word(&mut out, sc.finding.as_str());
        out.push('}');
    }
    out.push_str("],\"procedure_corrections\":[");
    for (i, c) in d.procedure_corrections().enumerate() {
        comma(&mut out, i);
        // Writing to a `String` cannot fail.
        let _ = write!(
            out,
            "{{\"cpt\":\"{}\",\"replacement\":\"{}\"}}",
            c.cpt, c.replacement
        );
    }
    out.push_str("],\"diagnosis_code_issues\":[");
    for (i, issue) in d.diagnosis_code_issues().enumerate() {
        comma(&mut out, i);
        out.push_str("{\"code\":");
        word(&mut out, issue.code.as_str());
        out.push_str(",\"status\":");
        word(&mut out, issue.status.as_str());
        out.push('}');
    }
    out.push_str("],\"reasons\":[");
    for (i, r) in d.reasons().enumerate() {
        comma(&mut out, i);
        out.push_str("{\"rule\":");
        word(&mut out, r.rule().as_str());
        out.push_str(",\"citations\":[");
        for (j, n) in r.citations().iter().enumerate() {
            comma(&mut out, j);
            let _ = write!(out, "{n}");
        }
        out.push(']');
        let sources = r.sources();
        if !sources.is_empty() {
            out.push_str(",\"sources\":[");
            for (j, s) in sources.iter().enumerate() {
                comma(&mut out, j);
                word(&mut out, s.as_str());
            }
            out.push(']');
        }
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// A word that needs no escaping, in quotes.
fn word(out: &mut String, s: &str) {
    out.push('"');
    out.push_str(s);
    out.push('"');
}

fn comma(out: &mut String, i: usize) {
    if i > 0 {
        out.push(',');
    }
}

fn words<T: Member>(out: &mut String, key: &str, set: Set<T>, name: fn(T) -> &'static str) {
    out.push_str(key);
    out.push('[');
    for (i, member) in set.iter().enumerate() {
        comma(out, i);
        word(out, name(member));
    }
    out.push(']');
}

#[cfg(test)]
mod tests;
