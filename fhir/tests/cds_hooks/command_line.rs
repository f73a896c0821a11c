//! The command line.

use super::our_requests::ours;
use super::*;

#[test]
fn the_example_answers_request_files() {
    let bin = common::example_binary();
    let path = "tests/fixtures/cds-hooks/ours/typical-order-sign.json";
    let out = common::run_binary(bin, &["--format", "cds-hooks", path], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Without --date the orders' authoredOn day is the assertion date.
    let want = answer_value(
        &ours("typical-order-sign.json"),
        &Policy::default(),
        &Options::default(),
    )
    .unwrap()
    .to_value();
    assert_eq!(printed, want);

    let out = common::run_binary(
        bin,
        &[
            "--format",
            "cds-hooks",
            "--crd-version",
            "2.1",
            "--date",
            DATE,
            "-",
        ],
        &ours("typical-order-sign.json").to_string(),
    );
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(check_response(&printed, Version::V2_1).is_empty());
    for action in printed["systemActions"].as_array().unwrap() {
        for info in coverage_information(action) {
            for detail in sub(info, "detail") {
                assert!(!detail.to_string().contains("\"category\""));
            }
        }
    }

    // A refused request: exit 2, one line with the status, the path and the reason.
    let inferno = "tests/fixtures/cds-hooks/inferno/encounter_start_hook_request.json";
    let out = common::run_binary(bin, &["--format", "cds-hooks", inferno], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: request refused (400): hook: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);

    // --format crd honours --crd-version too.
    let case = "../tests/fixtures/vignettes/r25.2-alone.json"; // gaps: details to code
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(case).unwrap()).unwrap();
    let case_text = doc["case"].to_string();
    for (version, system) in [
        ("2.1", "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp"),
        (
            "2.2",
            "http://terminology.hl7.org/CodeSystem/crd-coverage-detail",
        ),
    ] {
        let out = common::run_binary(
            bin,
            &[
                "--format",
                "crd",
                "--crd-version",
                version,
                "--date",
                DATE,
                "--coverage",
                "Coverage/1",
                "--assertion-id",
                "a1",
                "-",
            ],
            &case_text,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(system), "{version}");
    }
}
