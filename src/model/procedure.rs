//! Requested electrodiagnostic procedures (CPT codes) and their families.

use core::fmt;
use core::str::FromStr;

use crate::codes;
use crate::error::ErrorKind;
use crate::vocab::vocabulary;

vocabulary! {
    /// The CPT family of an electrodiagnostic procedure (`codes.md`).
    pub enum CptFamily as "CPT family" {
        Ncs = "ncs": "Nerve conduction studies (95907-95913), one code per session.",
        NeedleEmgAddOn = "needle_emg_add_on": "Needle EMG done with NCS, add-on codes (95885-95887).",
        NeedleEmg = "needle_emg": "Needle EMG, stand-alone codes (95860-95870).",
        SingleFiberEmg = "sfemg": "Single-fiber EMG (95872).",
        NeuromuscularJunction = "nmj": "Neuromuscular junction testing by repetitive stimulation (95937).",
        PointOfCare = "point_of_care": "NCS with preconfigured electrode arrays, a point-of-care device (95905).",
    }
}

vocabulary! {
    /// A documented reason why needle EMG is not done with the nerve conduction studies
    /// (SPEC Part C, §C.3). Any one of them lifts `ncs_without_needle_emg`.
    pub enum NeedleEmgException as "needle EMG exception" {
        Anticoagulation = "anticoagulation": "The patient is anticoagulated.",
        Lymphedema = "lymphedema": "The limb to be studied has lymphedema.",
        NeedleIntolerance = "needle_intolerance": "The patient is documented as unable to tolerate needle EMG.",
        FollowUpStudy = "follow_up_study": "A follow-up NCS of a condition a previous study already diagnosed.",
    }
}

impl CptFamily {
    /// Whether the code is a needle EMG code (the spec's `needle_emg`, add-ons included).
    #[must_use]
    pub const fn is_needle_emg(self) -> bool {
        matches!(self, CptFamily::NeedleEmg | CptFamily::NeedleEmgAddOn)
    }
}

/// An electrodiagnostic CPT code from the crate's table.
///
/// ```
/// use edx_coverage::{CptCode, CptFamily};
///
/// let code: CptCode = "95886".parse()?;
/// assert_eq!(code.family(), CptFamily::NeedleEmgAddOn);
/// assert!("99213".parse::<CptCode>().is_err());
/// # Ok::<(), edx_coverage::ErrorKind>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CptCode {
    code: u32,
    family: CptFamily,
}

impl CptCode {
    /// Parses a five-digit code and checks it against the table.
    pub fn parse(input: &str) -> Result<CptCode, ErrorKind> {
        let unknown = || ErrorKind::UnknownCpt {
            value: crate::error::echo(input),
        };
        let s = input.trim();
        if s.len() != 5 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(unknown());
        }
        let code: u32 = s.parse().map_err(|_| unknown())?;
        let family = codes::cpt_family(code).ok_or_else(unknown)?;
        Ok(CptCode { code, family })
    }

    /// The code as a number, e.g. `95886`.
    #[must_use]
    pub const fn value(self) -> u32 {
        self.code
    }

    /// The family the code belongs to.
    #[must_use]
    pub const fn family(self) -> CptFamily {
        self.family
    }

    /// The NCS code whose CPT tier holds `n` studies (SPEC Part C, §C.3): 95907 for 1–2,
    /// 95908 for 3–4, ... 95912 for 11–12, 95913 for 13 or more. `None` for 0.
    ///
    /// ```
    /// use edx_coverage::CptCode;
    ///
    /// assert_eq!(CptCode::ncs_for_studies(7).map(CptCode::value), Some(95910));
    /// assert_eq!(CptCode::ncs_for_studies(40).map(CptCode::value), Some(95913));
    /// assert!(CptCode::ncs_for_studies(0).is_none());
    /// ```
    #[must_use]
    pub const fn ncs_for_studies(n: u32) -> Option<CptCode> {
        match codes::ncs_tier_for_studies(n) {
            Some(tier) => Some(CptCode {
                code: codes::NCS_FIRST + tier,
                family: CptFamily::Ncs,
            }),
            None => None,
        }
    }

    /// The position of an NCS code among the seven tiers (95907 = 0 ... 95913 = 6).
    pub(crate) const fn ncs_tier(self) -> Option<u32> {
        match self.family {
            CptFamily::Ncs => self.code.checked_sub(codes::NCS_FIRST),
            _ => None,
        }
    }

    /// The NCS code of a tier (0–6), the inverse of [`CptCode::ncs_tier`].
    pub(crate) const fn ncs_of_tier(tier: u32) -> Option<CptCode> {
        if tier < codes::NCS_TIERS {
            Some(CptCode {
                code: codes::NCS_FIRST + tier,
                family: CptFamily::Ncs,
            })
        } else {
            None
        }
    }
}

impl FromStr for CptCode {
    type Err = ErrorKind;
    fn from_str(s: &str) -> Result<Self, ErrorKind> {
        CptCode::parse(s)
    }
}

impl fmt::Display for CptCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:05}", self.code)
    }
}

impl fmt::Debug for CptCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CptCode({})", self.code)
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
/// as CPT counts them (SPEC Part C, §C.3).
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
