//! A small deterministic case generator for tests (no `rand` dependency): random lists of
//! findings, trials, labs, differential and diagnoses drawn from the enums' `Member::ALL`
//! slices and the crate's code tables. Every case it returns is valid.
//!
//! Used by `tests/alloc.rs` and, by path, by the `compare/` crate's agreement test.
#![allow(dead_code)] // each includer uses a different subset

use edx_coverage::code_set;
use edx_coverage::codes::{Match, CANDIDATE_CODES, CPT_CODES, ICD_CLASSES};
use edx_coverage::{
    Case, ConservativeTrial, CptCode, DifferentialCondition, Finding, FindingKind, FindingSource,
    FindingStatus, IcdCode, LabOutcome, LabResult, LabTest, Member, Policy, Procedure, Therapy,
    TrialOutcome, Units,
};

/// The default policy and its variations along each knob.
pub fn policies() -> Vec<Policy> {
    let mut out = Vec::new();
    for days in [0, 14, 28] {
        for differential in [true, false] {
            for accept in [false, true] {
                out.push(
                    Policy::default()
                        .with_min_trial_days(days)
                        .with_require_differential(differential)
                        .with_accept_symptom_codes_with_support(accept),
                );
            }
        }
    }
    out
}

/// SplitMix64: a small deterministic generator, enough to vary cases reproducibly.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())]
    }
    pub fn member<T: Member>(&mut self) -> T {
        self.pick(T::ALL)
    }
}

/// A well-formed ICD-10-CM code: from the classification lists (so every class occurs), a
/// candidate code, a code of the FY2026 code set (billable or header), or a random code that
/// is most likely not in the code set (`unknown`, hence `other`).
pub fn icd_code(rng: &mut Rng) -> IcdCode {
    const ALNUM: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let text = match rng.below(4) {
        0 => match rng.pick(ICD_CLASSES).0 {
            Match::Exact(code) => code.to_owned(),
            Match::Prefix(prefix) => {
                let mut code = prefix.replace('.', "");
                for _ in 0..rng.below(7usize.saturating_sub(code.len()) + 1) {
                    code.push(char::from(rng.pick(b"0123456789")));
                }
                code
            }
        },
        1 => rng.pick(CANDIDATE_CODES).1.as_str().to_owned(),
        // The whole FY2026 code set: billable codes and headers (QA0 fails the input shape).
        2 => match code_set::get(rng.below(code_set::len())) {
            Some((code, _)) if code.as_str().parse::<IcdCode>().is_ok() => code.to_string(),
            _ => "R25".to_owned(),
        },
        _ => {
            let mut code = String::new();
            code.push(char::from(b'A' + rng.below(26) as u8));
            code.push(char::from(b'0' + rng.below(10) as u8));
            for _ in 0..1 + rng.below(5) {
                code.push(char::from(rng.pick(ALNUM)));
            }
            code
        }
    };
    text.parse()
        .unwrap_or_else(|e| panic!("generated {text:?}: {e}"))
}

pub fn generate_case(rng: &mut Rng, max_len: usize) -> Case {
    let len = rng.below(max_len + 1);
    generate_case_with_len(rng, len)
}

/// A valid case whose lists hold up to `len` entries each (diagnoses and findings exactly
/// `len`, at least one diagnosis).
pub fn generate_case_with_len(rng: &mut Rng, len: usize) -> Case {
    let mut b = Case::builder();
    for _ in 0..len.max(1) {
        b = b.diagnosis(icd_code(rng));
    }
    // The first status drawn for a (kind, source) sticks: no conflicting findings.
    let mut status_of: Vec<Option<FindingStatus>> =
        vec![None; FindingKind::ALL.len() * FindingSource::ALL.len()];
    for _ in 0..len {
        let kind: FindingKind = rng.member();
        let source: FindingSource = rng.member();
        let slot = &mut status_of[kind.index() as usize * 2 + source.index() as usize];
        let status = *slot.get_or_insert_with(|| rng.member());
        b = b.finding(Finding::new(kind).with_status(status).with_source(source));
    }
    for _ in 0..rng.below(len + 1) {
        let mut t = ConservativeTrial::new(rng.member::<Therapy>(), rng.member::<TrialOutcome>());
        if rng.below(2) == 0 {
            t = t.with_days(rng.below(60) as u32);
        }
        b = b.trial(t);
    }
    for _ in 0..rng.below(len + 1) {
        b = b.lab(LabResult::new(
            rng.member::<LabTest>(),
            rng.member::<LabOutcome>(),
        ));
    }
    for _ in 0..rng.below(len + 1) {
        b = b.differential(rng.member::<DifferentialCondition>());
    }
    for _ in 0..rng.below(len.min(5) + 1) {
        let cpt: CptCode = rng.pick(CPT_CODES).0.to_string().parse().unwrap();
        let units = Units::new(1 + rng.below(3) as u32).unwrap();
        b = b.procedure(Procedure::new(cpt).with_units(units));
    }
    b.build().unwrap()
}
