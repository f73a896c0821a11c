//! Requested electrodiagnostic procedures: a [`Procedure`] line with its [`Units`] and
//! [`Studies`], and the [`NeedleEmgException`]s a case may document.

use crate::codes::cpt::CptCode;
use crate::vocab::vocabulary;

vocabulary! {
    /// A documented reason why needle EMG is not done with the nerve conduction studies
    /// (docs/codes.md, NCS tiers). Any one of them lifts `ncs_without_needle_emg`.
    pub enum NeedleEmgException as "needle EMG exception" {
        Anticoagulation = "anticoagulation": "The patient is anticoagulated.",
        Lymphedema = "lymphedema": "The limb to be studied has lymphedema.",
        NeedleIntolerance = "needle_intolerance": "The patient is documented as unable to tolerate needle EMG.",
        FollowUpStudy = "follow_up_study": "A follow-up NCS of a condition a previous study already diagnosed.",
    }
}

/// How many units of a procedure are requested: 1–99.
///
/// ```
/// use edx_coverage::Units;
///
/// assert_eq!(Units::new(2).map(Units::get), Some(2));
/// assert!(Units::new(0).is_none());
/// assert!(Units::new(100).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Units(u8);

impl Units {
    /// One unit (the wire format's default).
    pub const ONE: Units = Units(1);

    /// `Some` for 1–99.
    #[must_use]
    pub const fn new(n: u32) -> Option<Units> {
        if n >= 1 && n <= 99 {
            Some(Units(n as u8))
        } else {
            None
        }
    }

    /// The number of units.
    #[must_use]
    pub const fn get(self) -> u32 {
        self.0 as u32
    }
}

impl Default for Units {
    fn default() -> Self {
        Units::ONE
    }
}

/// How many nerve conduction studies the report documents for an NCS line: 1–99, counted
/// as CPT counts them (docs/codes.md, NCS tiers).
///
/// ```
/// use edx_coverage::Studies;
///
/// assert_eq!(Studies::new(7).map(Studies::get), Some(7));
/// assert!(Studies::new(0).is_none());
/// assert!(Studies::new(100).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Studies(u8);

impl Studies {
    /// `Some` for 1–99.
    #[must_use]
    pub const fn new(n: u32) -> Option<Studies> {
        if n >= 1 && n <= 99 {
            Some(Studies(n as u8))
        } else {
            None
        }
    }

    /// The number of studies.
    #[must_use]
    pub const fn get(self) -> u32 {
        self.0 as u32
    }
}

/// One requested procedure line (a claim line): a CPT code, its units and, for NCS codes,
/// optionally the number of studies the report documents.
///
/// ```
/// use edx_coverage::{Procedure, Studies, Units};
///
/// let p = Procedure::new("95909".parse()?).with_units(Units::new(2).unwrap());
/// assert_eq!(p.units.get(), 2);
/// let counted = Procedure::new("95910".parse()?).with_studies(Studies::new(8).unwrap());
/// assert_eq!(counted.studies.map(Studies::get), Some(8));
/// # Ok::<(), edx_coverage::ErrorKind>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Procedure {
    /// The CPT code.
    pub cpt: CptCode,
    /// The units requested.
    pub units: Units,
    /// The studies the report documents (NCS codes only; [`CaseBuilder::build`] refuses it
    /// on any other code).
    ///
    /// [`CaseBuilder::build`]: crate::CaseBuilder::build
    pub studies: Option<Studies>,
}

impl Procedure {
    /// One unit of `cpt`, no study count.
    #[must_use]
    pub const fn new(cpt: CptCode) -> Self {
        Procedure {
            cpt,
            units: Units::ONE,
            studies: None,
        }
    }

    /// The same line with a study count.
    #[must_use]
    pub const fn with_studies(mut self, studies: Studies) -> Self {
        self.studies = Some(studies);
        self
    }

    /// The same line with other units.
    #[must_use]
    pub const fn with_units(mut self, units: Units) -> Self {
        self.units = units;
        self
    }
}
