//! The cases the benchmarks time, shared by `benches/evaluate.rs` and the `compare/` crate's
//! bench (which includes this file by path), so both time exactly the same inputs.
#![allow(dead_code)] // each includer uses a different subset

use std::path::{Path, PathBuf};

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::Throughput;

use edx_coverage::codes::{CANDIDATE_CODES, CPT_CODES, ICD_CLASSES};
use edx_coverage::{
    Case, CaseBuilder, ConservativeTrial, CptCode, CptFamily, DifferentialCondition, Finding,
    FindingKind, FindingSource, FindingStatus, LabOutcome, LabResult, LabTest, Member,
    NeedleEmgException, Policy, Procedure, Studies, Therapy, TrialOutcome,
};

/// (a) The bare symptom code, nothing else.
pub const R25_2_ALONE: &str = r#"{"diagnoses":[{"code":"R25.2"}]}"#;

/// The clinical record shared by (b) and (d): 3 diagnoses, 8 findings, 2 trials, 5 labs, a
/// differential (the members of a case object, without its braces).
macro_rules! typical_record {
    () => {
        r#"
  "schema_version": 1,
  "diagnoses": [{ "code": "R25.2" }, { "code": "R25.3" }, { "code": "M62.81" }],
  "findings": [
    { "kind": "fasciculations", "status": "present", "source": "exam" },
    { "kind": "muscle_weakness", "status": "present", "source": "exam" },
    { "kind": "abnormal_reflexes", "status": "absent", "source": "exam" },
    { "kind": "sensory_loss", "status": "absent", "source": "exam" },
    { "kind": "numbness", "status": "absent", "source": "history" },
    { "kind": "progressive_course", "status": "present", "source": "history" },
    { "kind": "muscle_stiffness" },
    { "kind": "nocturnal_cramps" }
  ],
  "conservative_trials": [
    { "therapy": "stretching", "outcome": "unchanged", "duration_days": 42 },
    { "therapy": "electrolyte_correction", "outcome": "worsened", "duration_days": 28 }
  ],
  "labs": [
    { "test": "electrolytes", "result": "normal" },
    { "test": "calcium", "result": "normal" },
    { "test": "magnesium", "result": "normal" },
    { "test": "thyroid_function", "result": "normal" },
    { "test": "creatine_kinase", "result": "abnormal" }
  ],
  "differential": ["neuropathy", "motor_neuron_disease"]"#
    };
}

/// (b) A typical documented case: 3 diagnoses, 8 findings, 2 trials, 5 labs, a differential.
pub const TYPICAL: &str = concat!("{", typical_record!(), "\n}");

/// (d) A claim case: (b)'s record with the lines of a claim and a needle EMG exception. The
/// NCS line bills 95911 for 7 studies (a correction to 95910) and is sent twice (two lines:
/// NCS reported more than once); a limb needle EMG add-on with 2 units; a stand-alone limb
/// EMG code CPT does not allow with the add-on; repetitive stimulation absent, so the
/// fasciculations call for it.
pub const CLAIM: &str = concat!(
    "{",
    typical_record!(),
    r#",
  "procedures": [
    { "cpt": "95911", "studies": 7 },
    { "cpt": "95911", "studies": 7 },
    { "cpt": "95886", "units": 2 },
    { "cpt": "95861" }
  ],
  "needle_emg_exceptions": ["follow_up_study"]
}"#
);

pub fn parse(json: &str) -> Case {
    serde_json::from_str(json).expect("bench case parses")
}

/// A sample of diagnosis codes from every class of `docs/codes.md` (exact rows, prefixes with a
/// suffix, candidate codes) and a few `other` codes.
fn code_pool() -> Vec<String> {
    let mut pool: Vec<String> = ICD_CLASSES
        .iter()
        .map(|(row, _)| match row {
            edx_coverage::codes::Match::Exact(c) => (*c).to_owned(),
            edx_coverage::codes::Match::Prefix(p) => format!("{}9", p.replace('.', "")),
        })
        .collect();
    pool.extend(CANDIDATE_CODES.iter().map(|(_, c)| c.as_str().to_owned()));
    pool.extend(["I10", "E11.9", "Z79.4", "M54.2"].map(str::to_owned));
    pool
}

/// A case with `n` findings (kinds cycled, each (kind, source) with one status) and one
/// diagnosis: for the linear-scaling pair.
pub fn with_findings(n: usize) -> Case {
    let mut b = Case::builder().diagnosis("R25.2".parse::<edx_coverage::IcdCode>().unwrap());
    b = add_findings(b, n);
    b.build().unwrap()
}

fn add_findings(mut b: CaseBuilder, n: usize) -> CaseBuilder {
    let kinds = FindingKind::ALL;
    let sources = FindingSource::ALL;
    for i in 0..n {
        let kind = kinds[i % kinds.len()];
        let source = sources[(i / kinds.len()) % sources.len()];
        // The status is a function of (kind, source): never conflicting.
        let status = if (kind.index() + source.index()) % 3 == 0 {
            FindingStatus::Absent
        } else {
            FindingStatus::Present
        };
        b = b.finding(Finding::new(kind).with_status(status).with_source(source));
    }
    b
}

/// (c) The largest valid case: `MAX_ENTRIES` (1,000) entries in every list, study counts on
/// the NCS lines, and every needle EMG exception (a set: at most 4).
pub fn largest() -> Case {
    let n = edx_coverage::MAX_ENTRIES;
    let pool = code_pool();
    let mut b = Case::builder();
    for i in 0..n {
        b = b.diagnosis(
            pool[i % pool.len()]
                .parse::<edx_coverage::IcdCode>()
                .unwrap(),
        );
    }
    b = add_findings(b, n);
    for i in 0..n {
        let mut t = ConservativeTrial::new(
            Therapy::ALL[i % Therapy::ALL.len()],
            TrialOutcome::ALL[(i / Therapy::ALL.len()) % TrialOutcome::ALL.len()],
        );
        if i % 2 == 0 {
            t = t.with_days((i % 60) as u32);
        }
        b = b.trial(t);
    }
    for i in 0..n {
        b = b.lab(LabResult::new(
            LabTest::ALL[i % LabTest::ALL.len()],
            LabOutcome::ALL[(i / LabTest::ALL.len()) % LabOutcome::ALL.len()],
        ));
    }
    for i in 0..n {
        b = b.differential(DifferentialCondition::ALL[i % DifferentialCondition::ALL.len()]);
    }
    for i in 0..n {
        let cpt: CptCode = CPT_CODES[i % CPT_CODES.len()]
            .0
            .to_string()
            .parse()
            .unwrap();
        let mut line = Procedure::new(cpt);
        // Every NCS line carries a study count (1-99), most of them calling for another
        // code: the corrections set fills up.
        if cpt.family() == CptFamily::Ncs {
            line = line.with_studies(Studies::new(1 + (i % 99) as u32).unwrap());
        }
        b = b.procedure(line);
    }
    for e in NeedleEmgException::ALL {
        b = b.needle_emg_exception(*e);
    }
    b.build().expect("the largest case is valid")
}

/// A bundled case and the policy it is meant to be read under.
pub struct Bundled {
    pub name: String,
    pub case: Case,
    pub policy: Policy,
    /// The case as JSON text, as bundled (for engines that read JSON).
    pub case_json: String,
    pub policy_json: Option<String>,
}

/// Every bundled case: the vignettes (`case` + optional `policy`) and the example cases
/// (`NAME.json` + optional `NAME.policy.json`), duplicates (same case and policy) dropped.
pub fn bundled(crate_root: &Path) -> Vec<Bundled> {
    let mut out: Vec<Bundled> = Vec::new();
    for p in json_files(&crate_root.join("tests/fixtures/vignettes")) {
        let doc: serde_json::Value = serde_json::from_str(&read(&p)).unwrap();
        let case_json = doc["case"].to_string();
        let policy_json = doc.get("policy").map(ToString::to_string);
        push_unique(&mut out, name_of(&p), case_json, policy_json);
    }
    for p in json_files(&crate_root.join("examples/cases")) {
        let name = name_of(&p);
        if name.ends_with(".policy") {
            continue;
        }
        let policy_path = p.with_file_name(format!("{name}.policy.json"));
        let policy_json = policy_path.exists().then(|| read(&policy_path));
        push_unique(&mut out, name, read(&p), policy_json);
    }
    out
}

fn push_unique(out: &mut Vec<Bundled>, name: String, case_json: String, policy: Option<String>) {
    let case = parse(&case_json);
    let parsed_policy = policy
        .as_deref()
        .map_or_else(Policy::default, |p| serde_json::from_str(p).unwrap());
    if !out
        .iter()
        .any(|b| b.case == case && b.policy == parsed_policy)
    {
        out.push(Bundled {
            name,
            case,
            policy: parsed_policy,
            case_json,
            policy_json: policy,
        });
    }
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

fn name_of(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

/// A criterion measurement of this thread's time on a CPU instead of wall time (Linux:
/// `/proc/thread-self/schedstat`). On a shared machine wall time mostly counts the wait for a
/// core; CPU time counts the work (still inflated by the neighbours' cache and frequency
/// effects). The kernel updates the figure at scheduler ticks (~4 ms here), so use few, long
/// samples (`sample_size(20)`, several seconds of measurement): a 250 ms sample is then
/// within ~2%.
pub struct CpuTime;

/// Nanoseconds this thread has run on a CPU.
fn on_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .expect("Linux /proc/thread-self/schedstat")
        .split_whitespace()
        .next()
        .and_then(|ns| ns.parse().ok())
        .expect("schedstat starts with the time on CPU in ns")
}

impl Measurement for CpuTime {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        on_cpu_ns()
    }
    fn end(&self, start: u64) -> u64 {
        on_cpu_ns().saturating_sub(start)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, value: &u64) -> f64 {
        *value as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuNanos
    }
}

struct CpuNanos;

impl ValueFormatter for CpuNanos {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = match typical {
            t if t < 1e3 => (1.0, "ns (CPU)"),
            t if t < 1e6 => (1e-3, "µs (CPU)"),
            t if t < 1e9 => (1e-6, "ms (CPU)"),
            _ => (1e-9, "s (CPU)"),
        };
        for v in values.iter_mut() {
            *v *= factor;
        }
        unit
    }
    fn scale_throughputs(&self, _typical: f64, t: &Throughput, values: &mut [f64]) -> &'static str {
        let n = match *t {
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) | Throughput::Elements(n) => n,
        };
        for v in values.iter_mut() {
            *v = n as f64 * 1e9 / *v;
        }
        "per CPU second"
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}
