//! The `evaluate` example

use super::*;

use common::{manifest_dir, run_example};

/// Exit status 2, nothing on stdout, exactly one stderr line `error: ...` naming `needles`.
#[track_caller]
pub(super) fn assert_cli_rejects(args: &[&str], stdin: &str, needles: &[&str]) {
    let out = run_example(args, stdin);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown = stdin.chars().take(120).collect::<String>();
    assert_eq!(
        out.status.code(),
        Some(2),
        "exit status for {args:?} {shown}\nstderr: {stderr}"
    );
    assert!(stdout.is_empty(), "no partial result on stdout: {stdout}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "exactly one stderr line: {stderr:?}");
    assert!(lines[0].starts_with("error:"), "{stderr:?}");
    for n in needles {
        assert!(lines[0].contains(n), "stderr should name {n:?}: {stderr:?}");
    }
}

#[test]
fn cli_rejects_bad_cases_with_one_error_line() {
    let over = format!(r#"{{"diagnoses":[{}]}}"#, many_diagnoses(1001));
    let bad: Vec<(String, Vec<&str>)> = vec![
        (r#"{"diagnoses":[]}"#.into(), vec!["diagnoses"]),
        (
            r#"{"diagnoses":[{"code":"R2"}]}"#.into(),
            vec!["diagnoses[0].code", "\"R2\""],
        ),
        (
            r#"{"diagnoses":[{"code":"R25-2"}]}"#.into(),
            vec!["diagnoses[0].code", "\"R25-2\""],
        ),
        (
            with_r252(r#""findings":[{"kind":"fasiculations"}]"#),
            vec!["findings[0].kind", "\"fasiculations\""],
        ),
        (
            with_r252(r#""finding":[{"kind":"numbness"}]"#),
            vec!["\"finding\""],
        ),
        (
            with_r252(
                r#""findings":[{"kind":"numbness","source":"exam"},{"kind":"numbness","status":"absent","source":"exam"}]"#,
            ),
            vec!["findings[1]", "numbness"],
        ),
        (
            with_r252(r#""procedures":[{"cpt":"99213"}]"#),
            vec!["procedures[0].cpt", "\"99213\""],
        ),
        (over, vec!["diagnoses", "1001"]),
        ("{".into(), vec![]),
        ("".into(), vec![]),
    ];
    for (json, needles) in &bad {
        // Through standard input ...
        assert_cli_rejects(&["-"], json, needles);
    }
    // ... and from a file.
    let dir = std::env::temp_dir().join(format!("edx-coverage-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.json");
    std::fs::write(&file, &bad[1].0).unwrap();
    assert_cli_rejects(&[file.to_str().unwrap()], "", &bad[1].1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_rejects_bad_policy_and_arguments() {
    let case = "examples/cases/r25.2-alone.json";
    let dir = std::env::temp_dir().join(format!("edx-coverage-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("policy.json");
    std::fs::write(&policy, r#"{"min_trial_day":28}"#).unwrap();
    assert_cli_rejects(
        &["--policy", policy.to_str().unwrap(), case],
        "",
        &["\"min_trial_day\""],
    );
    std::fs::write(&policy, r#"{"min_trial_days":-1}"#).unwrap();
    assert_cli_rejects(
        &["--policy", policy.to_str().unwrap(), case],
        "",
        &["min_trial_days", "-1"],
    );
    std::fs::remove_dir_all(&dir).unwrap();

    assert_cli_rejects(&["no/such/case.json"], "", &["no/such/case.json"]);
    assert_cli_rejects(&["--format", "xml", case], "", &["xml"]);
    assert_cli_rejects(&["--bogus", case], "", &["--bogus"]);
}

#[test]
fn cli_evaluates_a_bundled_case() {
    let path = "examples/cases/r25.2-alone.json";
    let out = run_example(&[path], "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");

    // The same determination as the library's.
    let text = std::fs::read_to_string(manifest_dir().join(path)).unwrap();
    let case: Case = serde_json::from_str(&text).unwrap();
    let want = serde_json::to_value(evaluate(&case, &Policy::default())).unwrap();
    assert_eq!(got, want);
    assert_eq!(got["ruleset"], edx_coverage::RULESET);

    // Standard input, with `-` and with no path at all.
    for args in [&["-"][..], &[][..], &["--format", "json", "-"][..]] {
        let out = run_example(args, &text);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v, want, "{args:?}");
    }
}

/// A UTF-8 byte-order mark (as Windows editors write) at the start of a case or policy is
/// accepted; anywhere else it is still a syntax error.
#[test]
fn cli_accepts_a_leading_byte_order_mark_only() {
    let path = "examples/cases/r25.2-alone.json";
    let text = std::fs::read_to_string(manifest_dir().join(path)).unwrap();
    let plain = run_example(&[path], "");
    assert_eq!(plain.status.code(), Some(0));
    let out = run_example(&["-"], &format!("\u{feff}{text}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(out.stdout, plain.stdout);

    let dir = std::env::temp_dir().join(format!("edx-coverage-bom-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("policy.json");
    std::fs::write(&policy, "\u{feff}{\"min_trial_days\":28}").unwrap();
    let out = run_example(&["--policy", policy.to_str().unwrap(), path], "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, plain.stdout);
    std::fs::write(&policy, "{\"min_trial_days\":28}\u{feff}").unwrap();
    assert_cli_rejects(
        &["--policy", policy.to_str().unwrap(), path],
        "",
        &["policy"],
    );
    std::fs::remove_dir_all(&dir).unwrap();

    for bad in [
        format!("\u{feff}\u{feff}{text}"),
        format!("{text}\u{feff}"),
        format!(" \u{feff}{text}"),
    ] {
        assert_cli_rejects(&["-"], &bad, &["case"]);
    }
}

#[test]
fn cli_text_format() {
    let out = run_example(&["--format", "text", "examples/cases/r25.2-alone.json"], "");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "text, not JSON: {text}"
    );
    assert!(text.contains("Why:"), "{text}");
    assert!(text.contains(edx_coverage::RULESET), "{text}");
}

#[test]
fn cli_applies_a_policy() {
    let case = "examples/cases/payer-accepts-symptom-codes.json";
    let policy = "examples/cases/payer-accepts-symptom-codes.policy.json";
    let strict = run_example(&[case], "");
    let lenient = run_example(&["--policy", policy, case], "");
    assert_eq!(strict.status.code(), Some(0));
    assert_eq!(lenient.status.code(), Some(0));
    let strict: serde_json::Value = serde_json::from_slice(&strict.stdout).unwrap();
    let lenient: serde_json::Value = serde_json::from_slice(&lenient.stdout).unwrap();
    // RULES.md: with the waiver and a neurological finding, symptom-only coding is no pitfall.
    let has_pitfall = |v: &serde_json::Value| {
        v["pitfalls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "symptom_only_coding")
    };
    assert!(has_pitfall(&strict), "{strict}");
    assert!(!has_pitfall(&lenient), "{lenient}");
}

#[test]
fn refused_values_are_echoed_at_most_64_characters() {
    let long = "X".repeat(100_000);
    for json in [
        format!(r#"{{"diagnoses":[{{"code":"{long}"}}]}}"#),
        format!(r#"{{"diagnoses":[{{"code":"R25.2"}}],"findings":[{{"kind":"{long}"}}]}}"#),
        format!(r#"{{"diagnoses":[{{"code":"R25.2"}}],"procedures":[{{"cpt":"{long}"}}]}}"#),
        format!(r#"{{"diagnoses":[{{"code":"R25.2"}}],"{long}":1}}"#),
    ] {
        let msg = serde_json::from_str::<Case>(&json).unwrap_err().to_string();
        assert!(
            msg.len() < 400,
            "error echoes too much: {} bytes",
            msg.len()
        );
        assert!(msg.contains(&format!("{}…", "X".repeat(64))), "{msg}");
    }
    // Short values are echoed whole.
    let msg = serde_json::from_str::<Case>(r#"{"diagnoses":[{"code":"R2"}]}"#)
        .unwrap_err()
        .to_string();
    assert!(msg.contains(r#""R2""#), "{msg}");
}

#[test]
fn cli_text_format_per_audience() {
    let path = "examples/cases/neuropathy-signs.json";
    let case: Case =
        serde_json::from_str(&std::fs::read_to_string(manifest_dir().join(path)).unwrap()).unwrap();
    let d = evaluate(&case, &Policy::default());
    for (args, audience) in [
        (&["--format", "text", path][..], Audience::Clinician),
        (
            &["--format", "text", "--audience", "clinician", path][..],
            Audience::Clinician,
        ),
        (
            &["--audience", "patient", "--format", "text", path][..],
            Audience::Patient,
        ),
        (
            &["--format", "text", "--audience", "coder", path][..],
            Audience::Coder,
        ),
    ] {
        let out = run_example(args, "");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let path = edx_coverage::plan(&case, &Policy::default());
        let want = Explanation::new(&case, &d, audience)
            .with_plan(&path)
            .to_string();
        assert_eq!(text, format!("{want}\n"), "{args:?}");
    }
    assert_cli_rejects(
        &["--format", "text", "--audience", "payer", path],
        "",
        &["--audience", "\"payer\""],
    );
    assert_cli_rejects(&["--format", "text", "--audience"], "", &["--audience"]);
    assert_cli_rejects(
        &["--audience", "patient", path],
        "",
        &["--audience", "--format text"],
    );
}
