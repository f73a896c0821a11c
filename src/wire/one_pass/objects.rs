//! The objects of the wire format for the one-pass reader: what each field is read as, how
//! the fields read so far go back into the tree, and when the object is complete.

use core::mem;
use std::borrow::Cow;

use serde::de::MapAccess;

use super::{
    bit, text, Entries, Flag, Items, Object, ObjectSeed, Read, SchemaVersion, Sink, ToRaw, Whole,
    Word,
};
use crate::error::Error;
use crate::model::{
    Case, CaseBuilder, ConservativeTrial, CptCode, Diagnosis, DifferentialCondition, Finding,
    FindingKind, FindingSource, FindingStatus, IcdCode, LabOutcome, LabResult, LabTest,
    NeedleEmgException, Procedure, Studies, Therapy, TrialOutcome, Units,
};
use crate::policy::Policy;
use crate::set::Set;
use crate::wire::de::{
    CASE_FIELDS, DIAGNOSIS_FIELDS, FINDING_FIELDS, LAB_FIELDS, POLICY_FIELDS, PROCEDURE_FIELDS,
    TRIAL_FIELDS,
};
use crate::wire::raw::Raw;

macro_rules! words_to_raw {
    ($($ty:ty),+) => {
        $(impl ToRaw for $ty {
            fn to_raw(&self) -> Raw<'static> {
                Raw::Str(Cow::Borrowed(self.as_str()))
            }
        })+
    };
}

words_to_raw!(
    FindingKind,
    FindingStatus,
    FindingSource,
    Therapy,
    TrialOutcome,
    LabTest,
    LabOutcome,
    DifferentialCondition,
    NeedleEmgException
);

impl ToRaw for IcdCode {
    fn to_raw(&self) -> Raw<'static> {
        text(self.as_str())
    }
}

impl ToRaw for CptCode {
    fn to_raw(&self) -> Raw<'static> {
        text(self)
    }
}

impl ToRaw for u32 {
    fn to_raw(&self) -> Raw<'static> {
        Raw::U64(u64::from(*self))
    }
}

impl ToRaw for bool {
    fn to_raw(&self) -> Raw<'static> {
        Raw::Bool(*self)
    }
}

/// Pushes `(name, value)` when the field was read.
fn field<'de, T: ToRaw>(entries: &mut Entries<'de>, name: &'static str, value: Option<&T>) {
    if let Some(v) = value {
        entries.push((Cow::Borrowed(name), v.to_raw()));
    }
}

/// An object's tree from its fields.
fn object(fields: impl FnOnce(&mut Entries<'static>)) -> Raw<'static> {
    let mut entries = Vec::new();
    fields(&mut entries);
    Raw::Map(entries)
}

/// Reads one value into `slot` when typed.
fn put<'de, T>(slot: &mut Option<T>, read: Read<'de, T>) -> Read<'de, ()> {
    read.map(|v| *slot = Some(v))
}

impl ToRaw for Finding {
    fn to_raw(&self) -> Raw<'static> {
        object(|e| {
            field(e, "kind", Some(&self.kind));
            field(e, "status", Some(&self.status));
            field(e, "source", Some(&self.source));
        })
    }
}

impl ToRaw for ConservativeTrial {
    fn to_raw(&self) -> Raw<'static> {
        object(|e| {
            field(e, "therapy", Some(&self.therapy));
            field(e, "outcome", Some(&self.outcome));
            field(e, "duration_days", self.duration_days.as_ref());
        })
    }
}

impl ToRaw for LabResult {
    fn to_raw(&self) -> Raw<'static> {
        object(|e| {
            field(e, "test", Some(&self.test));
            field(e, "result", Some(&self.result));
        })
    }
}

impl ToRaw for Procedure {
    fn to_raw(&self) -> Raw<'static> {
        object(|e| {
            field(e, "cpt", Some(&self.cpt));
            field(e, "units", Some(&self.units.get()));
            field(e, "studies", self.studies.map(Studies::get).as_ref());
        })
    }
}

impl<T: ToRaw> Sink<T> for Vec<T> {
    fn put(&mut self, value: T) -> Result<(), T> {
        self.push(value);
        Ok(())
    }
    fn raw(value: &T) -> Raw<'static> {
        value.to_raw()
    }
    fn rebuild(&self) -> Vec<Raw<'static>> {
        self.iter().map(ToRaw::to_raw).collect()
    }
}

impl Sink<IcdCode> for Vec<Diagnosis> {
    fn put(&mut self, code: IcdCode) -> Result<(), IcdCode> {
        self.push(Diagnosis::new(code));
        Ok(())
    }
    fn raw(code: &IcdCode) -> Raw<'static> {
        object(|e| field(e, "code", Some(code)))
    }
    fn rebuild(&self) -> Vec<Raw<'static>> {
        self.iter().map(|d| Self::raw(&d.code())).collect()
    }
}

impl Sink<NeedleEmgException> for Set<NeedleEmgException> {
    fn put(&mut self, e: NeedleEmgException) -> Result<(), NeedleEmgException> {
        if self.contains(e) {
            return Err(e);
        }
        self.insert(e);
        Ok(())
    }
    fn raw(e: &NeedleEmgException) -> Raw<'static> {
        e.to_raw()
    }
    fn rebuild(&self) -> Vec<Raw<'static>> {
        self.iter().map(|e| e.to_raw()).collect()
    }
}

/// The case document.
#[derive(Default)]
pub(super) struct CaseObject {
    b: CaseBuilder,
}

/// The entries of a list field read at `depth`.
fn items<'de, 's, A, T, O, K>(
    map: &mut A,
    depth: usize,
    sink: &'s mut K,
) -> Result<Read<'de, ()>, A::Error>
where
    A: MapAccess<'de>,
    O: Object<'de, Out = T>,
    K: Sink<T>,
{
    map.next_value_seed(Items {
        item: ObjectSeed::<O>::at(depth + 1),
        sink,
        depth,
    })
}

/// The words of a list field read at `depth`.
fn words<'de, A, T, K>(map: &mut A, depth: usize, sink: &mut K) -> Result<Read<'de, ()>, A::Error>
where
    A: MapAccess<'de>,
    T: core::str::FromStr,
    K: Sink<T>,
{
    map.next_value_seed(Items {
        item: Word::<T>::at(depth + 1),
        sink,
        depth,
    })
}

impl<'de> Object<'de> for CaseObject {
    const NAMES: &'static [&'static str] = CASE_FIELDS;
    type Out = Result<Case, Error>;
    fn read<A: MapAccess<'de>>(
        &mut self,
        i: usize,
        depth: usize,
        map: &mut A,
    ) -> Result<Read<'de, ()>, A::Error> {
        let b = &mut self.b;
        match i {
            0 => map.next_value_seed(SchemaVersion { depth }),
            1 => items::<_, _, DiagnosisObject, _>(map, depth, &mut b.diagnoses),
            2 => items::<_, _, FindingObject, _>(map, depth, &mut b.findings),
            3 => items::<_, _, TrialObject, _>(map, depth, &mut b.conservative_trials),
            4 => items::<_, _, LabObject, _>(map, depth, &mut b.labs),
            5 => words(map, depth, &mut b.differential),
            6 => items::<_, _, ProcedureObject, _>(map, depth, &mut b.procedures),
            _ => words(map, depth, &mut b.needle_emg_exceptions),
        }
    }
    fn rebuild(&self, seen: u16, entries: &mut Entries<'de>) {
        let b = &self.b;
        let lists = [
            b.diagnoses.rebuild(),
            b.findings.rebuild(),
            b.conservative_trials.rebuild(),
            b.labs.rebuild(),
            b.differential.rebuild(),
            b.procedures.rebuild(),
            b.needle_emg_exceptions.rebuild(),
        ];
        if seen & bit(0) != 0 {
            entries.push((Cow::Borrowed("schema_version"), Raw::U64(1)));
        }
        for ((i, name), list) in CASE_FIELDS.iter().enumerate().skip(1).zip(lists) {
            if seen & bit(i) != 0 {
                entries.push((Cow::Borrowed(*name), Raw::Seq(list)));
            }
        }
    }
    fn finish(&mut self, seen: u16) -> Option<Self::Out> {
        // Without `diagnoses` the conversion names the missing field (the builder would say
        // "no diagnosis"): let it.
        (seen & bit(1) != 0).then(|| mem::take(&mut self.b).build())
    }
}

/// A diagnosis: `{"code": ...}`.
#[derive(Default)]
pub(super) struct DiagnosisObject {
    code: Option<IcdCode>,
}

impl<'de> Object<'de> for DiagnosisObject {
    const NAMES: &'static [&'static str] = DIAGNOSIS_FIELDS;
    type Out = IcdCode;
    fn read<A: MapAccess<'de>>(
        &mut self,
        _: usize,
        depth: usize,
        map: &mut A,
    ) -> Result<Read<'de, ()>, A::Error> {
        Ok(put(&mut self.code, map.next_value_seed(Word::at(depth))?))
    }
    fn rebuild(&self, _: u16, entries: &mut Entries<'de>) {
        field(entries, "code", self.code.as_ref());
    }
    fn finish(&mut self, _: u16) -> Option<IcdCode> {
        self.code
    }
}

/// A finding.
#[derive(Default)]
pub(super) struct FindingObject {
    kind: Option<FindingKind>,
    status: Option<FindingStatus>,
    source: Option<FindingSource>,
}

impl<'de> Object<'de> for FindingObject {
    const NAMES: &'static [&'static str] = FINDING_FIELDS;
    type Out = Finding;
    fn read<A: MapAccess<'de>>(
        &mut self,
        i: usize,
        depth: usize,
        map: &mut A,
    ) -> Result<Read<'de, ()>, A::Error> {
        Ok(match i {
            0 => put(&mut self.kind, map.next_value_seed(Word::at(depth))?),
            1 => put(&mut self.status, map.next_value_seed(Word::at(depth))?),
            _ => put(&mut self.source, map.next_value_seed(Word::at(depth))?),
        })
    }
    fn rebuild(&self, _: u16, e: &mut Entries<'de>) {
        field(e, "kind", self.kind.as_ref());
        field(e, "status", self.status.as_ref());
        field(e, "source", self.source.as_ref());
    }
    fn finish(&mut self, _: u16) -> Option<Finding> {
        let mut f = Finding::new(self.kind?);
        if let Some(s) = self.status {
            f.status = s;
        }
        if let Some(s) = self.source {
            f.source = s;
        }
        Some(f)
    }
}

/// A conservative trial.
#[derive(Default)]
pub(super) struct TrialObject {
    therapy: Option<Therapy>,
    outcome: Option<TrialOutcome>,
    days: Option<u32>,
}

impl<'de> Object<'de> for TrialObject {
    const NAMES: &'static [&'static str] = TRIAL_FIELDS;
    type Out = ConservativeTrial;
    fn read<A: MapAccess<'de>>(
        &mut self,
        i: usize,
        depth: usize,
        map: &mut A,
    ) -> Result<Read<'de, ()>, A::Error> {
        Ok(match i {
            0 => put(&mut self.therapy, map.next_value_seed(Word::at(depth))?),
            1 => put(&mut self.outcome, map.next_value_seed(Word::at(depth))?),
            _ => put(&mut self.days, map.next_value_seed(Whole { depth })?),
        })
    }
    fn rebuild(&self, _: u16, e: &mut Entries<'de>) {
        field(e, "therapy", self.therapy.as_ref());
        field(e, "outcome", self.outcome.as_ref());
        field(e, "duration_days", self.days.as_ref());
    }
    fn finish(&mut self, _: u16) -> Option<ConservativeTrial> {
        let mut t = ConservativeTrial::new(self.therapy?, self.outcome?);
        t.duration_days = self.days;
        Some(t)
    }
}

/// A lab result.
#[derive(Default)]
pub(super) struct LabObject {
    test: Option<LabTest>,
    result: Option<LabOutcome>,
}

impl<'de> Object<'de> for LabObject {
    const NAMES: &'static [&'static str] = LAB_FIELDS;
    type Out = LabResult;
    fn read<A: MapAccess<'de>>(
        &mut self,
        i: usize,
        depth: usize,
        map: &mut A,
    ) -> Result<Read<'de, ()>, A::Error> {
        Ok(match i {
            0 => put(&mut self.test, map.next_value_seed(Word::at(depth))?),
            _ => put(&mut self.result, map.next_value_seed(Word::at(depth))?),
        })
    }
    fn rebuild(&self, _: u16, e: &mut Entries<'de>) {
        field(e, "test", self.test.as_ref());
        field(e, "result", self.result.as_ref());
    }
    fn finish(&mut self, _: u16) -> Option<LabResult> {
        Some(LabResult::new(self.test?, self.result?))
    }
}

/// A requested procedure.
#[derive(Default)]
pub(super) struct ProcedureObject {
    cpt: Option<CptCode>,
    units: Option<u32>,
    studies: Option<u32>,
}

impl<'de> Object<'de> for ProcedureObject {
    const NAMES: &'static [&'static str] = PROCEDURE_FIELDS;
    type Out = Procedure;
    fn read<A: MapAccess<'de>>(
        &mut self,
        i: usize,
        depth: usize,
        map: &mut A,
    ) -> Result<Read<'de, ()>, A::Error> {
        Ok(match i {
            0 => put(&mut self.cpt, map.next_value_seed(Word::at(depth))?),
            1 => put(&mut self.units, map.next_value_seed(Whole { depth })?),
            _ => put(&mut self.studies, map.next_value_seed(Whole { depth })?),
        })
    }
    fn rebuild(&self, _: u16, e: &mut Entries<'de>) {
        field(e, "cpt", self.cpt.as_ref());
        field(e, "units", self.units.as_ref());
        field(e, "studies", self.studies.as_ref());
    }
    fn finish(&mut self, _: u16) -> Option<Procedure> {
        let cpt = self.cpt?;
        let mut p = Procedure::new(cpt);
        if let Some(n) = self.units {
            p.units = Units::new(n)?;
        }
        if let Some(n) = self.studies {
            cpt.ncs_tier()?;
            p.studies = Some(Studies::new(n)?);
        }
        Some(p)
    }
}

/// The policy document.
#[derive(Default)]
pub(super) struct PolicyObject {
    policy: Policy,
}

impl<'de> Object<'de> for PolicyObject {
    const NAMES: &'static [&'static str] = POLICY_FIELDS;
    type Out = Policy;
    fn read<A: MapAccess<'de>>(
        &mut self,
        i: usize,
        depth: usize,
        map: &mut A,
    ) -> Result<Read<'de, ()>, A::Error> {
        let p = &mut self.policy;
        Ok(match i {
            0 => map
                .next_value_seed(Whole { depth })?
                .map(|v| p.min_trial_days = v),
            1 => map
                .next_value_seed(Flag { depth })?
                .map(|v| p.require_differential = v),
            2 => map
                .next_value_seed(Flag { depth })?
                .map(|v| p.accept_symptom_codes_with_support = v),
            _ => map
                .next_value_seed(Flag { depth })?
                .map(|v| p.require_needle_emg_with_ncs = v),
        })
    }
    fn rebuild(&self, seen: u16, e: &mut Entries<'de>) {
        let p = &self.policy;
        let has = |i| seen & bit(i) != 0;
        field(e, "min_trial_days", has(0).then_some(&p.min_trial_days));
        field(
            e,
            "require_differential",
            has(1).then_some(&p.require_differential),
        );
        field(
            e,
            "accept_symptom_codes_with_support",
            has(2).then_some(&p.accept_symptom_codes_with_support),
        );
        field(
            e,
            "require_needle_emg_with_ncs",
            has(3).then_some(&p.require_needle_emg_with_ncs),
        );
    }
    fn finish(&mut self, _: u16) -> Option<Policy> {
        Some(self.policy)
    }
}
