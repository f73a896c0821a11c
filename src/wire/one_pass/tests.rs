//! The one-pass reader against the tree on the same texts: the same case or policy, or the
//! same error text, on every vignette and on many mutations of them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;

use crate::model::Case;
use crate::policy::Policy;

/// The tree's answer and the one pass's, as text, through `serde_json::from_str`'s steps.
fn both_case(text: &str) -> (String, String) {
    let run = |one: bool| {
        let mut de = serde_json::Deserializer::from_str(text);
        let r: Result<Case, serde_json::Error> = if one {
            super::case(&mut de).and_then(|r| r.map_err(serde::de::Error::custom))
        } else {
            crate::wire::case_from(&mut de).and_then(|r| r.map_err(serde::de::Error::custom))
        };
        match r.and_then(|c| de.end().map(|()| c)) {
            Ok(c) => format!("ok {c:?}"),
            Err(e) => format!("err {e}"),
        }
    };
    (run(false), run(true))
}

fn both_policy(text: &str) -> (String, String) {
    let run = |one: bool| {
        let mut de = serde_json::Deserializer::from_str(text);
        let r: Result<Policy, serde_json::Error> = if one {
            super::policy(&mut de).and_then(|r| r.map_err(serde::de::Error::custom))
        } else {
            crate::wire::policy_from(&mut de).and_then(|r| r.map_err(serde::de::Error::custom))
        };
        match r.and_then(|c| de.end().map(|()| c)) {
            Ok(c) => format!("ok {c:?}"),
            Err(e) => format!("err {e}"),
        }
    };
    (run(false), run(true))
}

/// The same through `serde_json::Value`'s deserializer (another deserializer than the text's).
fn both_value(text: &str) -> Option<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let show = |r: Result<Result<Case, crate::Error>, serde_json::Error>| match r {
        Ok(Ok(c)) => format!("ok {c:?}"),
        Ok(Err(e)) => format!("refused {e}"),
        Err(e) => format!("err {e}"),
    };
    Some((
        show(crate::wire::case_from(v.clone())),
        show(super::case(v)),
    ))
}

/// Every case and policy text in the repository's fixtures and examples.
pub(crate) fn texts() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["tests/fixtures/vignettes", "examples/cases"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(doc) if doc.get("case").is_some() => {
                    out.push(doc["case"].to_string());
                    if let Some(pol) = doc.get("policy") {
                        out.push(pol.to_string());
                    }
                    out.push(serde_json::to_string_pretty(&doc["case"]).unwrap_or_default());
                }
                _ => out.push(text),
            }
        }
    }
    assert!(out.len() > 40, "fixtures not found: {}", out.len());
    out
}

#[test]
fn every_bundled_text_agrees() {
    for t in texts() {
        let (tree, one) = both_case(&t);
        assert_eq!(tree, one, "{t}");
        let (tree, one) = both_policy(&t);
        assert_eq!(tree, one, "{t}");
        if let Some((tree, one)) = both_value(&t) {
            assert_eq!(tree, one, "{t}");
        }
    }
}

/// Pieces a mutation inserts: tokens that make the text refused in every way the tree
/// knows (syntax, types, words, ranges, nesting, escapes, duplicates).
const PIECES: &[&str] = &[
    "",
    ",",
    ":",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "null",
    "true",
    "false",
    "0",
    "1",
    "-1",
    "-0",
    "1.5",
    "1e400",
    "4294967296",
    "18446744073709551616",
    "99",
    "100",
    "\"x\"",
    "\"R2\"",
    "\"R25.2\"",
    "\"G62.9\"",
    "\"95908\"",
    "\"95886\"",
    "\"9\"",
    "\"kind\"",
    "\"code\"",
    "\"status\"",
    "\"studies\"",
    "\"units\"",
    "\"diagnoses\"",
    "\"findings\"",
    "\"labs\"",
    "\"schema_version\"",
    "\"needle_emg_exceptions\"",
    "\"anticoagulation\"",
    "\"absent\"",
    "\"present\"",
    "\"exam\"",
    "\"\\ud800\"",
    "\"\\u0041\"",
    "\"\\n\"",
    "[[[[[[[[[[[[[[[[[[",
    "]]]]]]]]]]]]]]]]]]",
    "{\"code\":\"R25.2\"}",
    "\"min_trial_days\"",
    "\"improved\"",
    " ",
    "\n",
];

/// The spans of the strings, numbers and literals of a JSON text.
fn tokens(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                out.push((start, i));
            }
            b'-' | b'0'..=b'9' | b'a'..=b'z' => {
                while i < bytes.len() && !b",:]} \n".contains(&bytes[i]) {
                    i += 1;
                }
                out.push((start, i));
            }
            _ => i += 1,
        }
    }
    out
}

/// Applies `edits`: an even `kind` replaces a whole token (the text mostly stays JSON, so
/// the content is refused), an odd one splices bytes anywhere (mostly syntax errors).
fn mutate(text: &str, edits: &[(usize, usize, usize)]) -> String {
    let mut bytes: Vec<u8> = text.as_bytes().to_vec();
    for &(at, kind, piece) in edits {
        let piece = PIECES[piece % PIECES.len()].as_bytes();
        let spans = tokens(&bytes);
        let (from, to) = if kind % 2 == 0 && !spans.is_empty() {
            let (a, b) = spans[at % spans.len()];
            // A token after a key's colon or in a list keeps its place; a key may be
            // renamed too.
            (a, b)
        } else {
            let at = at % (bytes.len() + 1);
            (at, (at + kind % 12).min(bytes.len()))
        };
        bytes.splice(from..to, piece.iter().copied());
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    // 20,000 cases; `PROPTEST_CASES` sets another count for a longer run.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(20_000)
    ))]
    #[test]
    fn mutated_texts_agree(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<usize>(), any::<usize>(), any::<usize>()), 1..4),
    ) {
        thread_local!(static TEXTS: Vec<String> = texts());
        let text = TEXTS.with(|t| {
            let original: &String = which.get(t);
            mutate(original, &edits)
        });
        let (tree, one) = both_case(&text);
        prop_assert_eq!(tree, one, "{}", text);
        let (tree, one) = both_policy(&text);
        prop_assert_eq!(tree, one, "{}", text);
        if let Some((tree, one)) = both_value(&text) {
            prop_assert_eq!(tree, one, "{}", text);
        }
    }
}

/// The mutations reach every kind of answer (so the agreement above is not only on
/// accepted texts or only on syntax errors): a fixed pseudo-random sample of 5,000.
#[test]
fn mutations_reach_accepts_refusals_and_syntax_errors() {
    let texts = texts();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % 1_000_003).unwrap_or(0)
    };
    let (mut ok, mut refused, mut syntax) = (0, 0, 0);
    for _ in 0..5_000 {
        let t = &texts[next() % texts.len()];
        let edits: Vec<_> = (0..1 + next() % 2)
            .map(|_| (next(), next(), next()))
            .collect();
        let text = mutate(t, &edits);
        let (tree, one) = both_case(&text);
        assert_eq!(tree, one, "{text}");
        if tree.starts_with("ok") {
            ok += 1;
        } else if tree.contains(" at line ") {
            syntax += 1;
        } else {
            refused += 1;
        }
    }
    assert!(
        ok > 25 && refused > 500 && syntax > 500,
        "{ok} {refused} {syntax}"
    );
}
