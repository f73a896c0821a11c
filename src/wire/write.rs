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
        for (j, &n) in r.citations().iter().enumerate() {
            comma(&mut out, j);
            small_number(&mut out, n);
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

/// The name `serde_json` gives its raw-value struct (feature `raw_value`, which the `json`
/// feature turns on): its compact serializer writes the one string field of a struct of that
/// name as JSON text, verbatim. Not public API of `serde_json`; the tests check that
/// `serde_json::to_string` still writes what the generic `Serialize` writes, so a change
/// there fails them.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Whether `S` is `serde_json`'s own serializer with its compact formatter (the only one
/// that takes a raw value as written: the pretty one would write it unindented). Told from
/// the type's name, the one thing a generic impl can see without `unsafe`: a name that does
/// not match (another serializer, a formatter of the host's, a compiler that names types
/// differently) takes the generic path, which writes the same text.
pub(crate) fn is_compact_serde_json<S>() -> bool {
    let Some(args) = core::any::type_name::<S>()
        .strip_prefix("&mut serde_json::ser::Serializer<")
        .and_then(|rest| rest.strip_suffix('>'))
    else {
        return false;
    };
    // `Serializer<W, F = CompactFormatter>`: the name leaves out a default type argument, so
    // one argument (the writer) means the compact formatter; a second one must name it.
    match last_top_level_argument(args) {
        None => true,
        Some(formatter) => formatter == "serde_json::ser::CompactFormatter",
    }
}

/// The type argument after the last comma outside brackets, if there is more than one.
fn last_top_level_argument(args: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut last = None;
    for (i, c) in args.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => last = Some(i),
            _ => {}
        }
    }
    last.and_then(|i| args.get(i + 1..)).map(str::trim)
}

/// Hands `json` (valid JSON text) to `serde_json`'s serializer as a raw value.
pub(crate) fn as_raw_value<S: serde::Serializer>(json: &str, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct as _;
    let mut st = s.serialize_struct(RAW_VALUE_TOKEN, 1)?;
    st.serialize_field(RAW_VALUE_TOKEN, json)?;
    st.end()
}

/// A word that needs no escaping, in quotes.
fn word(out: &mut String, s: &str) {
    out.push('"');
    out.push_str(s);
    out.push('"');
}

/// A citation number in decimal, as `serde_json` writes a `u8` (no formatting machinery: a
/// determination has a dozen of them).
fn small_number(out: &mut String, n: u8) {
    if n >= 100 {
        out.push(char::from(b'0' + n / 100));
    }
    if n >= 10 {
        out.push(char::from(b'0' + n / 10 % 10));
    }
    out.push(char::from(b'0' + n % 10));
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
