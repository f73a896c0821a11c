//! The same rules of RULES.md (ruleset 4: the clinical, procedure and claim-line rules and
//! the ICD-10-CM code set), run two ways in one process: by `edx-coverage` (the rules as
//! compiled Rust tables over bit sets) and by a general policy engine, regorus (a Rego
//! interpreter), running `policy/edx.rego`.
//!
//! Two regorus back ends are timed: the tree-walking interpreter ([`Rego`]) and the RVM
//! bytecode VM ([`RegoVm`]).
//!
//! The Rego translation covers every output of ruleset 4 except the `reasons` list:
//! indication, coverage, red flags, suspected conditions, documentation gaps, pitfalls,
//! recommendations, recommended labs, suggested codes, procedure corrections and diagnosis
//! code issues, with the procedure rules of ruleset 2, the claim-line, study-count, exception
//! and trial-duration rules of ruleset 3 and the code-set rules of ruleset 4 (a header code
//! or a code not in the FY2026 code set). The code set reaches the Rego as a data document of
//! every code with its status, walked out of the crate's compiled table
//! ([`edx_coverage::code_set::get`]); the table itself is checked against the package's flat
//! list by the crate's own tests. The ICD-10-CM tables of `docs/codes.md` are handed to the engine as its data
//! document, built from the crate's own tables, so both sides classify diagnosis codes from
//! one table; the CPT families and NCS tiers are written out in the Rego from docs/codes.md, so
//! the agreement test checks the crate's tables for them too.

#![forbid(unsafe_code)]

use edx_coverage::code_set;
use edx_coverage::codes::{Match, CANDIDATE_CODES, ICD_CLASSES};
use edx_coverage::{Determination, Policy};
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::vm::RegoVM;
use regorus::{Engine, Rc, Value};

/// The Rego policy.
pub const POLICY: &str = include_str!("../policy/edx.rego");

/// The rule that yields the determination.
pub const RULE: &str = "data.edx.result";

/// The data document: docs/codes.md's classification rows (in checking order, codes without
/// their dot), candidate codes and the FY2026 code set (every code without its dot, with its
/// status), from the crate's tables.
#[must_use]
pub fn tables() -> serde_json::Value {
    let icd_classes: Vec<_> = ICD_CLASSES
        .iter()
        .map(|(row, class)| {
            let (pattern, exact) = match row {
                Match::Exact(c) => (c, true),
                Match::Prefix(c) => (c, false),
            };
            let code = pattern.replace('.', "");
            // No user function in the Rego for matching: a code matches a row when it
            // starts with `code` and is at most `max_len` long (exact rows: their own
            // length; prefix rows: 7, the longest ICD-10-CM code without its dot).
            let max_len = if exact { code.len() } else { 7 };
            serde_json::json!({ "code": code, "len": code.len(), "max_len": max_len, "class": class.as_str() })
        })
        .collect();
    let candidate_codes: serde_json::Map<_, _> = CANDIDATE_CODES
        .iter()
        .map(|(kind, code)| (kind.as_str().to_owned(), code.as_str().into()))
        .collect();
    let code_set: serde_json::Map<_, _> = (0..code_set::len())
        .filter_map(code_set::get)
        .map(|(code, status)| (code.as_str().replace('.', ""), status.as_str().into()))
        .collect();
    serde_json::json!({ "edx_tables": {
        "icd_classes": icd_classes,
        "candidate_codes": candidate_codes,
        "code_set": code_set,
    } })
}

/// One way of running the Rego policy: evaluate an input document to the result value.
pub trait Evaluator {
    /// Evaluates one input document `{"case": .., "policy": ..}`.
    ///
    /// # Panics
    /// If evaluation fails (a bug in the policy: inputs here are valid cases).
    fn evaluate(&mut self, input: Value) -> Value;

    /// JSON text in, JSON text out.
    ///
    /// # Panics
    /// On invalid JSON, or as [`Evaluator::evaluate`].
    fn evaluate_json(&mut self, input_json: &str) -> String {
        let input = Value::from_json_str(input_json).expect("input is JSON");
        self.evaluate(input).to_json_str().expect("result is JSON")
    }
}

fn engine() -> Engine {
    let mut engine = Engine::new();
    engine
        .add_policy("edx.rego".to_owned(), POLICY.to_owned())
        .expect("policy/edx.rego parses");
    engine
        .add_data_json(&tables().to_string())
        .expect("tables load");
    engine
}

/// regorus's tree-walking interpreter (`Engine::eval_rule`), policy parsed and data loaded
/// once.
#[derive(Clone)]
pub struct Rego {
    engine: Engine,
}

impl Rego {
    /// Parses the policy and loads the tables.
    ///
    /// # Panics
    /// If the policy does not parse (a bug in `policy/edx.rego`).
    #[must_use]
    pub fn new() -> Self {
        Rego { engine: engine() }
    }
}

impl Default for Rego {
    fn default() -> Self {
        Self::new()
    }
}

impl Evaluator for Rego {
    fn evaluate(&mut self, input: Value) -> Value {
        self.engine.set_input(input);
        self.engine
            .eval_rule(RULE.to_owned())
            .expect("the policy evaluates")
    }
}

/// regorus's bytecode VM (RVM): the policy compiled once to a program for the `result` rule.
pub struct RegoVm {
    vm: RegoVM,
}

impl RegoVm {
    /// Compiles the policy and loads the tables.
    ///
    /// # Panics
    /// If the policy does not compile (a bug in `policy/edx.rego`).
    #[must_use]
    pub fn new() -> Self {
        let compiled = engine()
            .compile_with_entrypoint(&Rc::from(RULE))
            .expect("policy compiles");
        let program = Compiler::compile_from_policy(&compiled, &[RULE]).expect("RVM program");
        let mut vm = RegoVM::new();
        // The default budget (25,000 instructions) is too small for a case with 1,000
        // entries per list; the largest valid case needs a few million.
        vm.set_max_instructions(usize::MAX);
        vm.load_program(program);
        vm.set_data(Value::from_json_str(&tables().to_string()).expect("tables are JSON"))
            .expect("tables load");
        RegoVm { vm }
    }
}

impl Default for RegoVm {
    fn default() -> Self {
        Self::new()
    }
}

impl Evaluator for RegoVm {
    fn evaluate(&mut self, input: Value) -> Value {
        self.vm.set_input(input);
        self.vm.execute().expect("the program runs")
    }
}

/// The engine's input document for a case and an optional policy, both as wire-format JSON.
#[must_use]
pub fn input_json(case_json: &str, policy_json: Option<&str>) -> String {
    format!(
        r#"{{"case":{case_json},"policy":{}}}"#,
        policy_json.unwrap_or("{}")
    )
}

/// The engine's input document for a case and a policy already parsed by the crate.
///
/// # Panics
/// Never for the crate's types (they serialise to JSON).
#[must_use]
pub fn input_json_for(case_json: &str, policy: &Policy) -> String {
    input_json(
        case_json,
        Some(&serde_json::to_string(policy).expect("policy serialises")),
    )
}

/// The crate's determination in the shape the Rego policy produces (everything but
/// `reasons`), for comparison.
///
/// # Panics
/// Never (a determination always serialises).
#[must_use]
pub fn comparable(d: &Determination) -> serde_json::Value {
    let mut v = serde_json::to_value(d).expect("determination serialises");
    v.as_object_mut().expect("an object").remove("reasons");
    v
}
