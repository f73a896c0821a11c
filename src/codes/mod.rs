//! The code tables, kept as data; `docs/codes.md` explains each one.
//!
//! * [`ICD_CLASSES`]: which ICD-10-CM codes are the cramp symptom, which document a
//!   neurological finding, which name a neuromuscular diagnosis. Rows are checked in order;
//!   the first match decides.
//! * [`CANDIDATE_CODES`]: the code a coder may add for a documented finding.
//! * [`CPT_CODES`]: the electrodiagnostic procedure codes this crate understands.
//! * [`EMG_ADD_ON_CONFLICTS`]: needle EMG add-on codes and the codes they are not reported
//!   with.
//!
//! The code types live here too: [`IcdCode`](crate::IcdCode) in `icd.rs` with its
//! classification in `classes.rs`, [`CptCode`](crate::CptCode) with its families in `cpt.rs`. They read nothing
//! of the case model; the model reads them. The candidate table maps a
//! [`FindingKind`](crate::FindingKind) to a code, so it is kept beside the finding kinds
//! and only named here.

pub(crate) mod classes;
pub(crate) mod cpt;
pub(crate) mod icd;

pub use crate::model::finding::{candidate_code, CANDIDATE_CODES};
pub use classes::{Match, ICD_CLASSES};
pub use cpt::{cpt_family, CPT_CODES, EMG_ADD_ON_CONFLICTS};
