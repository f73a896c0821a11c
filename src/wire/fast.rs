//! The fast pass: the wire format read straight into the typed model, trusting the common
//! case (see DESIGN.md, "Reading JSON fast").
//!
//! It accepts exactly the documents the path-tracking pass ([`super::raw`] then
//! [`super::de`]) accepts and builds the same values, but it keeps no path and no tree: on
//! the first thing it would refuse (an unknown or repeated field, a wrong type, an unknown
//! word, a list over the limit, a case the builder refuses) it gives up with an empty
//! error, and the caller reads the text again through the path-tracking pass, which builds
//! the exact refusal. Errors are rare; they pay for two passes.

mod fields;
#[cfg(test)]
mod tests;

use core::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};

use self::fields::{first_time, give_up, Flag, Items, Key, Whole, Word};
use super::de::{
    CASE_FIELDS, DIAGNOSIS_FIELDS, FINDING_FIELDS, LAB_FIELDS, POLICY_FIELDS, PROCEDURE_FIELDS,
    TRIAL_FIELDS,
};
use crate::model::Case;
use crate::model::{
    CaseBuilder, ConservativeTrial, CptCode, Diagnosis, Finding, FindingKind, IcdCode, LabResult,
    Procedure, Studies, Units,
};
use crate::policy::Policy;

/// Reads a case; any error means "read it again with the path-tracking pass".
pub(crate) fn case<'de, D: Deserializer<'de>>(d: D) -> Result<Case, D::Error> {
    d.deserialize_map(CaseVisitor)
}

/// Reads a policy; any error means "read it again with the path-tracking pass".
pub(crate) fn policy<'de, D: Deserializer<'de>>(d: D) -> Result<Policy, D::Error> {
    d.deserialize_map(PolicyVisitor)
}

/// Implements `expecting` (never shown: the fast pass's errors are dropped).
macro_rules! expecting {
    ($what:literal) => {
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str($what)
        }
    };
}

/// Implements `DeserializeSeed` for an object visitor.
macro_rules! object_seed {
    ($ty:ty => $value:ty) => {
        impl<'de> DeserializeSeed<'de> for $ty {
            type Value = $value;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<$value, D::Error> {
                d.deserialize_map(self)
            }
        }
    };
}

struct CaseVisitor;

impl<'de> Visitor<'de> for CaseVisitor {
    type Value = Case;
    expecting!("a case object");
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Case, A::Error> {
        let mut b = CaseBuilder::default();
        let mut seen = 0u16;
        let mut has_diagnoses = false;
        while let Some(i) = map.next_key_seed(Key(CASE_FIELDS))? {
            if !first_time(&mut seen, i) {
                return Err(give_up());
            }
            match i {
                0 => map.next_value_seed(SchemaVersion)?,
                1 => {
                    has_diagnoses = true;
                    let put = |code| b.diagnoses.push(Diagnosis::new(code));
                    map.next_value_seed(Items {
                        item: DiagnosisSeed,
                        put,
                    })?;
                }
                2 => map.next_value_seed(Items {
                    item: FindingSeed,
                    put: |f| b.findings.push(f),
                })?,
                3 => map.next_value_seed(Items {
                    item: TrialSeed,
                    put: |t| b.conservative_trials.push(t),
                })?,
                4 => map.next_value_seed(Items {
                    item: LabSeed,
                    put: |l| b.labs.push(l),
                })?,
                5 => map.next_value_seed(Items {
                    item: Word::new(),
                    put: |c| b.differential.push(c),
                })?,
                6 => map.next_value_seed(Items {
                    item: ProcedureSeed,
                    put: |p| b.procedures.push(p),
                })?,
                _ => map.next_value_seed(Items {
                    item: Word::new(),
                    put: |e| {
                        b.needle_emg_exceptions.insert(e);
                    },
                })?,
            }
        }
        if !has_diagnoses {
            return Err(give_up());
        }
        b.build().map_err(|_| give_up())
    }
}

/// `schema_version`: only the number 1.
#[derive(Clone, Copy)]
struct SchemaVersion;

impl<'de> DeserializeSeed<'de> for SchemaVersion {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for SchemaVersion {
    type Value = ();
    expecting!("the number 1");
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<(), E> {
        if v == 1 {
            Ok(())
        } else {
            Err(give_up())
        }
    }
}

#[derive(Clone, Copy)]
struct DiagnosisSeed;
object_seed!(DiagnosisSeed => IcdCode);

impl<'de> Visitor<'de> for DiagnosisSeed {
    type Value = IcdCode;
    expecting!("a diagnosis object");
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<IcdCode, A::Error> {
        let mut code = None;
        while let Some(_code_field) = map.next_key_seed(Key(DIAGNOSIS_FIELDS))? {
            if code
                .replace(map.next_value_seed(Word::<IcdCode>::new())?)
                .is_some()
            {
                return Err(give_up());
            }
        }
        code.ok_or_else(give_up)
    }
}

#[derive(Clone, Copy)]
struct FindingSeed;
object_seed!(FindingSeed => Finding);

impl<'de> Visitor<'de> for FindingSeed {
    type Value = Finding;
    expecting!("a finding object");
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Finding, A::Error> {
        let (mut kind, mut status, mut source) = (None, None, None);
        let mut seen = 0u16;
        while let Some(i) = map.next_key_seed(Key(FINDING_FIELDS))? {
            if !first_time(&mut seen, i) {
                return Err(give_up());
            }
            match i {
                0 => kind = Some(map.next_value_seed(Word::<FindingKind>::new())?),
                1 => status = Some(map.next_value_seed(Word::new())?),
                _ => source = Some(map.next_value_seed(Word::new())?),
            }
        }
        let mut f = Finding::new(kind.ok_or_else(give_up)?);
        if let Some(s) = status {
            f.status = s;
        }
        if let Some(s) = source {
            f.source = s;
        }
        Ok(f)
    }
}

#[derive(Clone, Copy)]
struct TrialSeed;
object_seed!(TrialSeed => ConservativeTrial);

impl<'de> Visitor<'de> for TrialSeed {
    type Value = ConservativeTrial;
    expecting!("a conservative trial object");
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ConservativeTrial, A::Error> {
        let (mut therapy, mut outcome, mut days) = (None, None, None);
        let mut seen = 0u16;
        while let Some(i) = map.next_key_seed(Key(TRIAL_FIELDS))? {
            if !first_time(&mut seen, i) {
                return Err(give_up());
            }
            match i {
                0 => therapy = Some(map.next_value_seed(Word::new())?),
                1 => outcome = Some(map.next_value_seed(Word::new())?),
                _ => days = Some(map.next_value_seed(Whole)?),
            }
        }
        let mut t =
            ConservativeTrial::new(therapy.ok_or_else(give_up)?, outcome.ok_or_else(give_up)?);
        t.duration_days = days;
        Ok(t)
    }
}

#[derive(Clone, Copy)]
struct LabSeed;
object_seed!(LabSeed => LabResult);

impl<'de> Visitor<'de> for LabSeed {
    type Value = LabResult;
    expecting!("a lab object");
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LabResult, A::Error> {
        let (mut test, mut result) = (None, None);
        let mut seen = 0u16;
        while let Some(i) = map.next_key_seed(Key(LAB_FIELDS))? {
            if !first_time(&mut seen, i) {
                return Err(give_up());
            }
            match i {
                0 => test = Some(map.next_value_seed(Word::new())?),
                _ => result = Some(map.next_value_seed(Word::new())?),
            }
        }
        Ok(LabResult::new(
            test.ok_or_else(give_up)?,
            result.ok_or_else(give_up)?,
        ))
    }
}

#[derive(Clone, Copy)]
struct ProcedureSeed;
object_seed!(ProcedureSeed => Procedure);

impl<'de> Visitor<'de> for ProcedureSeed {
    type Value = Procedure;
    expecting!("a procedure object");
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Procedure, A::Error> {
        let (mut cpt, mut units, mut studies) = (None, None, None);
        let mut seen = 0u16;
        while let Some(i) = map.next_key_seed(Key(PROCEDURE_FIELDS))? {
            if !first_time(&mut seen, i) {
                return Err(give_up());
            }
            match i {
                0 => cpt = Some(map.next_value_seed(Word::<CptCode>::new())?),
                1 => units = Some(map.next_value_seed(Whole)?),
                _ => studies = Some(map.next_value_seed(Whole)?),
            }
        }
        let cpt = cpt.ok_or_else(give_up)?;
        let mut p = Procedure::new(cpt);
        if let Some(n) = units {
            p.units = Units::new(n).ok_or_else(give_up)?;
        }
        if let Some(n) = studies {
            if cpt.ncs_tier().is_none() {
                return Err(give_up());
            }
            p.studies = Some(Studies::new(n).ok_or_else(give_up)?);
        }
        Ok(p)
    }
}

struct PolicyVisitor;

impl<'de> Visitor<'de> for PolicyVisitor {
    type Value = Policy;
    expecting!("a policy object");
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Policy, A::Error> {
        let mut policy = Policy::default();
        let mut seen = 0u16;
        while let Some(i) = map.next_key_seed(Key(POLICY_FIELDS))? {
            if !first_time(&mut seen, i) {
                return Err(give_up());
            }
            match i {
                0 => policy.min_trial_days = map.next_value_seed(Whole)?,
                1 => policy.require_differential = map.next_value_seed(Flag)?,
                2 => policy.accept_symptom_codes_with_support = map.next_value_seed(Flag)?,
                _ => policy.require_needle_emg_with_ncs = map.next_value_seed(Flag)?,
            }
        }
        Ok(policy)
    }
}
