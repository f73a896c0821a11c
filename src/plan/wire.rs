//! The plan as JSON (docs/plan.md, JSON): `ruleset`, `from`, `target`, `steps`,
//! `remaining`; each step `step`, `actor`, `conditional`, the fields of its kind, `clears`
//! and `without`.

use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::Serialize;

use crate::model::Procedure;

use super::{Plan, PlanStep, Problems, Step};

impl Serialize for Problems {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Problems", 2)?;
        st.serialize_field("documentation_gaps", &self.documentation_gaps)?;
        st.serialize_field("pitfalls", &self.pitfalls)?;
        st.end()
    }
}

/// `clears`: one list, the gaps first, then the pitfalls.
struct Cleared(Problems);

impl Serialize for Cleared {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let gaps = self.0.documentation_gaps.iter().map(|g| g.as_str());
        let pitfalls = self.0.pitfalls.iter().map(|p| p.as_str());
        s.collect_seq(gaps.chain(pitfalls))
    }
}

/// The one NCS line of `report_ncs_once`: `cpt`, and `studies` when it has them.
struct Line(Procedure);

impl Serialize for Line {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let studies = self.0.studies;
        let mut st = s.serialize_struct("Line", 1 + usize::from(studies.is_some()))?;
        st.serialize_field("cpt", &self.0.cpt)?;
        if let Some(n) = studies {
            st.serialize_field("studies", &n.get())?;
        }
        st.end()
    }
}

impl Serialize for PlanStep {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("step", &self.step.kind())?;
        m.serialize_entry("actor", &self.step.actor())?;
        m.serialize_entry("conditional", &self.step.conditional())?;
        match &self.step {
            Step::AddFindingCodes { codes } => m.serialize_entry("codes", codes)?,
            Step::DocumentExam => {}
            Step::ConservativeTrial { min_days } => m.serialize_entry("min_days", min_days)?,
            Step::DocumentDifferential { differential } => {
                m.serialize_entry("differential", differential)?;
            }
            Step::CodeNcsByStudyCount { corrections } => {
                m.serialize_entry("corrections", corrections)?;
            }
            Step::ReportNcsOnce { line } => m.serialize_entry("line", &Line(*line))?,
            Step::RemoveConflictingEmgCodes { removed } => {
                m.serialize_entry("removed", removed)?;
            }
            Step::ReplacePointOfCareNcs { added } => m.serialize_entry("added", added)?,
            Step::UseStandaloneEmgCodes { removed, added } => {
                m.serialize_entry("removed", removed)?;
                m.serialize_entry("added", added)?;
            }
            Step::AddNeedleEmg { added } => m.serialize_entry("added", added)?,
        }
        m.serialize_entry("clears", &Cleared(self.clears))?;
        m.serialize_entry("without", &self.without)?;
        m.end()
    }
}

impl Serialize for Plan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Plan", 5)?;
        st.serialize_field("ruleset", self.ruleset())?;
        st.serialize_field("from", &self.from)?;
        st.serialize_field("target", &self.target)?;
        st.serialize_field("steps", &self.steps)?;
        st.serialize_field("remaining", &self.remaining)?;
        st.end()
    }
}
