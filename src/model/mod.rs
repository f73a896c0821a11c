//! The input model: a [`Case`] and the entries it is made of.

pub(crate) mod case;
pub(crate) mod diagnosis;
pub(crate) mod differential;
pub(crate) mod finding;
pub(crate) mod lab;
pub(crate) mod procedure;
pub(crate) mod trial;

pub use crate::codes::classes::CodeClass;
pub use crate::codes::cpt::{CptCode, CptFamily};
pub use crate::codes::icd::IcdCode;
pub use case::{Case, CaseBuilder};
pub use diagnosis::Diagnosis;
pub use differential::DifferentialCondition;
pub use finding::{Finding, FindingKind, FindingSource, FindingStatus};
pub use lab::{LabOutcome, LabResult, LabTest};
pub use procedure::{NeedleEmgException, Procedure, Studies, Units};
pub use trial::{ConservativeTrial, Therapy, TrialOutcome};
