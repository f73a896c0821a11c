//! The Rego translation, run by regorus's interpreter and by its RVM, agrees with the crate:
//! on every vignette (and with the vignette's expected fields), on every example case, on
//! generated cases under every policy variation, and on generated claim cases (procedure
//! lines with study counts, repeated lines, needle EMG exceptions). One engine is reused
//! throughout, so state leaking between evaluations would show as a disagreement.

use std::path::{Path, PathBuf};

use edx_coverage::{evaluate, Case, Policy};
use edx_coverage_compare::{comparable, input_json, Evaluator, Rego, RegoVm};
use serde_json::Value;

#[path = "../../tests/gen/mod.rs"]
mod gen;

fn crate_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    v.sort();
    v
}

/// The interpreter and the VM, each reused across all cases of a test.
struct Engines {
    interpreter: Rego,
    vm: RegoVm,
}

impl Engines {
    fn new() -> Self {
        Engines {
            interpreter: Rego::new(),
            vm: RegoVm::new(),
        }
    }
}

/// All sides read the same JSON text; returns the crate's result and the engine's, after
/// checking that both regorus back ends give the same one.
fn both(rego: &mut Engines, case_json: &str, policy_json: Option<&str>) -> (Value, Value) {
    let case: Case = serde_json::from_str(case_json).unwrap();
    let policy: Policy =
        policy_json.map_or_else(Policy::default, |p| serde_json::from_str(p).unwrap());
    let ours = comparable(&evaluate(&case, &policy));
    let input = input_json(case_json, policy_json);
    let theirs: Value = serde_json::from_str(&rego.interpreter.evaluate_json(&input)).unwrap();
    let vm: Value = serde_json::from_str(&rego.vm.evaluate_json(&input)).unwrap();
    assert_eq!(theirs, vm, "regorus interpreter vs RVM on {input}");
    (ours, theirs)
}

#[test]
fn agrees_on_every_vignette_and_its_expectations() {
    let mut rego = Engines::new();
    let paths = json_files(&crate_root().join("tests/fixtures/vignettes"));
    // 13 of ruleset 1, 10 of ruleset 2, 5 of ruleset 3, 3 of ruleset 4 (header and unknown
    // codes).
    assert!(paths.len() >= 31, "{} vignettes", paths.len());
    for p in &paths {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        let case_json = doc["case"].to_string();
        let policy_json = doc.get("policy").map(Value::to_string);
        let (ours, theirs) = both(&mut rego, &case_json, policy_json.as_deref());
        assert_eq!(ours, theirs, "{}: crate vs Rego", p.display());
        for (field, want) in doc["expect"].as_object().unwrap() {
            assert_eq!(&theirs[field], want, "{}: Rego {field}", p.display());
        }
    }
}

#[test]
fn agrees_on_every_example_case() {
    let mut rego = Engines::new();
    for p in json_files(&crate_root().join("examples/cases")) {
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".policy") {
            continue;
        }
        let case_json = std::fs::read_to_string(&p).unwrap();
        let policy_path = p.with_file_name(format!("{name}.policy.json"));
        let policy_json = policy_path
            .exists()
            .then(|| std::fs::read_to_string(&policy_path).unwrap());
        let (ours, theirs) = both(&mut rego, &case_json, policy_json.as_deref());
        assert_eq!(ours, theirs, "{name}");
    }
}

/// A failing case's JSON for the message: cases with 1,000 entries per list are cut short.
fn short(json: &str) -> String {
    match json.char_indices().nth(3000) {
        Some((cut, _)) => format!("{}... ({} bytes)", &json[..cut], json.len()),
        None => json.to_owned(),
    }
}

/// Rewrites a generated case's JSON the way hosts may send it: codes in lower case, without
/// the dot or with spaces around; default status/source left out.
fn perturb(rng: &mut gen::Rng, mut v: Value) -> Value {
    for dx in v["diagnoses"].as_array_mut().unwrap() {
        let code = dx["code"].as_str().unwrap().to_owned();
        dx["code"] = match rng.below(4) {
            0 => code.to_lowercase(),
            1 => code.replace('.', ""),
            2 => format!(" {code} "),
            _ => code,
        }
        .into();
    }
    for f in v["findings"].as_array_mut().unwrap() {
        let f = f.as_object_mut().unwrap();
        if f["status"] == "present" && rng.below(2) == 0 {
            f.remove("status");
        }
        if f["source"] == "history" && rng.below(2) == 0 {
            f.remove("source");
        }
    }
    v
}

/// The policies of `gen::policies` (12), each with and without `require_needle_emg_with_ncs`.
fn all_policies() -> Vec<Policy> {
    gen::policies()
        .into_iter()
        .flat_map(|p| [p, p.with_require_needle_emg_with_ncs(false)])
        .collect()
}

#[test]
fn agrees_on_generated_cases() {
    let mut rego = Engines::new();
    let mut rng = gen::Rng(0xC0FF_EE00_5EED);
    let policies = all_policies();
    let mut indications = std::collections::BTreeMap::<String, usize>::new();
    let mut code_issues = std::collections::BTreeMap::<String, usize>::new();
    for i in 0..400 {
        // Small lists make every indication and coverage reachable; a few large ones too.
        let max = if i % 100 == 0 { 1000 } else { 6 };
        let case = gen::generate_case(&mut rng, max);
        let case_json = perturb(&mut rng, serde_json::to_value(&case).unwrap()).to_string();
        let policy_json = serde_json::to_string(&policies[rng.below(policies.len())]).unwrap();
        let (ours, theirs) = both(&mut rego, &case_json, Some(&policy_json));
        assert_eq!(
            ours,
            theirs,
            "generated case {i}: {} under {policy_json}",
            short(&case_json)
        );
        *indications
            .entry(format!("{}/{}", ours["indication"], ours["coverage"]))
            .or_default() += 1;
        for issue in ours["diagnosis_code_issues"].as_array().unwrap() {
            *code_issues
                .entry(issue["status"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
    }
    // The generator reaches every indication/coverage pair RULES.md allows.
    assert!(indications.len() >= 4, "{indications:?}");
    // Ruleset 4: header and unknown codes are frequent, so the code-set rules are compared.
    for status in ["header", "unknown"] {
        assert!(
            code_issues.get(status).copied().unwrap_or(0) >= 20,
            "{code_issues:?}"
        );
    }
}

/// The CPT codes of `docs/codes.md`, NCS first: half the lines drawn are NCS lines, so study
/// counts, repeats and tier mismatches are frequent.
const NCS: &[&str] = &[
    "95907", "95908", "95909", "95910", "95911", "95912", "95913",
];
const OTHER_CPT: &[&str] = &[
    "95885", "95886", "95887", "95860", "95861", "95863", "95864", "95865", "95866", "95867",
    "95868", "95869", "95870", "95872", "95937", "95905",
];
const EXCEPTIONS: &[&str] = &[
    "anticoagulation",
    "lymphedema",
    "needle_intolerance",
    "follow_up_study",
];

/// Claim lines for a case: up to 6 lines (NCS half the time, some with a study count near
/// or on a tier boundary, some with units), a verbatim repeat of an earlier line now and
/// then, CPT codes sometimes padded with spaces; and up to 3 needle EMG exceptions
/// (duplicates allowed) a third of the time.
fn claim(rng: &mut gen::Rng, mut v: Value) -> Value {
    let mut lines: Vec<Value> = Vec::new();
    for _ in 0..rng.below(7) {
        if !lines.is_empty() && rng.below(4) == 0 {
            let again = lines[rng.below(lines.len())].clone();
            lines.push(again);
            continue;
        }
        let ncs = rng.below(2) == 0;
        let code = if ncs {
            rng.pick(NCS)
        } else {
            rng.pick(OTHER_CPT)
        };
        let mut line = serde_json::json!({
            "cpt": if rng.below(8) == 0 { format!(" {code} ") } else { code.to_owned() }
        });
        if rng.below(4) == 0 {
            line["units"] = (1 + rng.below(3)).into();
        }
        if ncs && rng.below(3) != 0 {
            // Mostly 1-16 (every tier and its edges), sometimes the largest count.
            let studies = if rng.below(10) == 0 {
                99
            } else {
                1 + rng.below(16)
            };
            line["studies"] = studies.into();
        }
        lines.push(line);
    }
    v["procedures"] = lines.into();
    let exceptions: Vec<&str> = if rng.below(3) == 0 {
        (0..1 + rng.below(3))
            .map(|_| rng.pick(EXCEPTIONS))
            .collect()
    } else {
        Vec::new()
    };
    let obj = v.as_object_mut().unwrap();
    if exceptions.is_empty() && rng.below(2) == 0 {
        obj.remove("needle_emg_exceptions");
    } else {
        obj.insert("needle_emg_exceptions".to_owned(), exceptions.into());
    }
    v
}

#[test]
fn agrees_on_generated_claim_cases() {
    let mut rego = Engines::new();
    let mut rng = gen::Rng(0x0C1A_1A5E_0003);
    let policies = all_policies();
    // How often each pitfall and recommendation fired, and how many cases had corrections:
    // a generator that never reached a rule would leave that rule unchecked.
    let mut fired = std::collections::BTreeMap::<String, usize>::new();
    let mut with_corrections = 0;
    let n = 1200;
    for i in 0..n {
        let max = if i % 200 == 0 { 1000 } else { 4 };
        let case = gen::generate_case(&mut rng, max);
        let v = perturb(&mut rng, serde_json::to_value(&case).unwrap());
        let case_json = claim(&mut rng, v).to_string();
        let policy_json = serde_json::to_string(&policies[rng.below(policies.len())]).unwrap();
        let (ours, theirs) = both(&mut rego, &case_json, Some(&policy_json));
        assert_eq!(
            ours,
            theirs,
            "generated claim case {i}: {} under {policy_json}",
            short(&case_json)
        );
        for field in ["pitfalls", "recommendations"] {
            for name in ours[field].as_array().unwrap() {
                *fired.entry(name.as_str().unwrap().to_owned()).or_default() += 1;
            }
        }
        with_corrections +=
            usize::from(!ours["procedure_corrections"].as_array().unwrap().is_empty());
    }
    for rule in [
        "ncs_without_needle_emg",
        "point_of_care_device",
        "ncs_reported_more_than_once",
        "emg_add_on_without_ncs",
        "ncs_code_mismatch",
        "conflicting_emg_codes",
        "add_needle_emg",
        "replace_point_of_care_ncs",
        "report_ncs_once",
        "use_standalone_emg_codes",
        "code_ncs_by_study_count",
        "remove_conflicting_emg_codes",
        "add_repetitive_nerve_stimulation",
    ] {
        assert!(
            fired.get(rule).copied().unwrap_or(0) >= 5,
            "{rule} fired too rarely: {fired:?}"
        );
    }
    assert!(
        with_corrections >= 50,
        "{with_corrections} cases with corrections"
    );
    println!("{n} claim cases agree; {with_corrections} with corrections; fired: {fired:?}");
}

/// RULES.md, `PIT-NCS-REPORTED-MORE-THAN-ONCE` on both sides: a line sent twice is two lines (pitfall 6), and the order of the
/// lines never matters.
#[test]
fn repeated_lines_count_and_order_does_not() {
    let mut rego = Engines::new();
    let base =
        r#"{"diagnoses":[{"code":"G62.9"}],"findings":[{"kind":"numbness","source":"exam"}],"#;
    let once = format!(r#"{base}"procedures":[{{"cpt":"95909","studies":5}},{{"cpt":"95886"}}]}}"#);
    let twice = format!(
        r#"{base}"procedures":[{{"cpt":"95909","studies":5}},{{"cpt":"95886"}},{{"cpt":"95909","studies":5}}]}}"#
    );
    let reordered = format!(
        r#"{base}"procedures":[{{"cpt":"95909","studies":5}},{{"cpt":"95909","studies":5}},{{"cpt":"95886"}}]}}"#
    );
    let (ours_once, theirs_once) = both(&mut rego, &once, None);
    assert_eq!(ours_once, theirs_once);
    assert_eq!(theirs_once["pitfalls"], serde_json::json!([]));
    let (ours_twice, theirs_twice) = both(&mut rego, &twice, None);
    assert_eq!(ours_twice, theirs_twice);
    assert_eq!(
        theirs_twice["pitfalls"],
        serde_json::json!(["ncs_reported_more_than_once"])
    );
    let (ours_reordered, theirs_reordered) = both(&mut rego, &reordered, None);
    assert_eq!(ours_reordered, ours_twice);
    assert_eq!(theirs_reordered, theirs_twice);
}
