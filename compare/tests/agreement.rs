//! The Rego translation, run by regorus's interpreter and by its RVM, agrees with the crate: on every vignette (and with the vignette's
//! expected fields), on every example case, and on generated cases under every policy
//! variation. One engine is reused throughout, so state leaking between evaluations would
//! show as a disagreement.

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
    assert!(paths.len() >= 13);
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

#[test]
fn agrees_on_generated_cases() {
    let mut rego = Engines::new();
    let mut rng = gen::Rng(0xC0FF_EE00_5EED);
    let policies = gen::policies();
    let mut indications = std::collections::BTreeMap::<String, usize>::new();
    for i in 0..400 {
        // Small lists make every indication and coverage reachable; a few large ones too.
        let max = if i % 100 == 0 { 1000 } else { 6 };
        let case = gen::generate_case(&mut rng, max);
        let case_json = perturb(&mut rng, serde_json::to_value(&case).unwrap()).to_string();
        let policy_json = serde_json::to_string(&policies[rng.below(policies.len())]).unwrap();
        let (ours, theirs) = both(&mut rego, &case_json, Some(&policy_json));
        assert_eq!(
            ours, theirs,
            "generated case {i}: {case_json} under {policy_json}"
        );
        *indications
            .entry(format!("{}/{}", ours["indication"], ours["coverage"]))
            .or_default() += 1;
    }
    // The generator reaches every indication/coverage pair the spec allows.
    assert!(indications.len() >= 4, "{indications:?}");
}
