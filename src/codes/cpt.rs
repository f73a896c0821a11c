//! Electrodiagnostic CPT codes: the [`CptCode`] newtype, its [`CptFamily`], and the code
//! tables behind them (families, NCS tiers, add-on conflicts).

use core::fmt;
use core::str::FromStr;

use crate::error::ErrorKind;
use crate::vocab::vocabulary;

vocabulary! {
    /// The CPT family of an electrodiagnostic procedure (`docs/codes.md`).
    pub enum CptFamily as "CPT family" {
        Ncs = "ncs": "Nerve conduction studies (95907-95913), one code per session.",
        NeedleEmgAddOn = "needle_emg_add_on": "Needle EMG done with NCS, add-on codes (95885-95887).",
        NeedleEmg = "needle_emg": "Needle EMG, stand-alone codes (95860-95870).",
        SingleFiberEmg = "sfemg": "Single-fiber EMG (95872).",
        NeuromuscularJunction = "nmj": "Neuromuscular junction testing by repetitive stimulation (95937).",
        PointOfCare = "point_of_care": "NCS with preconfigured electrode arrays, a point-of-care device (95905).",
    }
}

impl CptFamily {
    /// Whether the code is a needle EMG code (family `needle_emg` or `needle_emg_add_on`).
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
        let family = cpt_family(code).ok_or_else(unknown)?;
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

    /// The NCS code whose CPT tier holds `n` studies (docs/codes.md, NCS tiers): 95907 for 1–2,
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
        match ncs_tier_for_studies(n) {
            Some(tier) => Some(CptCode {
                code: NCS_FIRST + tier,
                family: CptFamily::Ncs,
            }),
            None => None,
        }
    }

    /// A code of the crate's own table with its family (a unit test checks each use against
    /// [`CPT_CODES`]). For the codes the path to coverage adds (docs/plan.md).
    pub(crate) const fn table(code: u32, family: CptFamily) -> CptCode {
        CptCode { code, family }
    }

    /// The position of an NCS code among the seven tiers (95907 = 0 ... 95913 = 6).
    pub(crate) const fn ncs_tier(self) -> Option<u32> {
        match self.family {
            CptFamily::Ncs => self.code.checked_sub(NCS_FIRST),
            _ => None,
        }
    }

    /// The NCS code of a tier (0–6), the inverse of [`CptCode::ncs_tier`].
    pub(crate) const fn ncs_of_tier(tier: u32) -> Option<CptCode> {
        if tier < NCS_TIERS {
            Some(CptCode {
                code: NCS_FIRST + tier,
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

/// The electrodiagnostic CPT codes the crate accepts, with their family (`docs/codes.md`).
pub const CPT_CODES: &[(u32, CptFamily)] = &[
    // Nerve conduction studies, one code per session by number of studies.
    (95907, CptFamily::Ncs), // 1-2 studies
    (95908, CptFamily::Ncs), // 3-4 studies
    (95909, CptFamily::Ncs), // 5-6 studies
    (95910, CptFamily::Ncs), // 7-8 studies
    (95911, CptFamily::Ncs), // 9-10 studies
    (95912, CptFamily::Ncs), // 11-12 studies
    (95913, CptFamily::Ncs), // 13 or more studies
    // Needle EMG performed with NCS: add-on codes.
    (95885, CptFamily::NeedleEmgAddOn), // each extremity, limited
    (95886, CptFamily::NeedleEmgAddOn), // each extremity, complete
    (95887, CptFamily::NeedleEmgAddOn), // non-extremity muscles
    // Needle EMG, stand-alone codes.
    (95860, CptFamily::NeedleEmg),             // 1 extremity
    (95861, CptFamily::NeedleEmg),             // 2 extremities
    (95863, CptFamily::NeedleEmg),             // 3 extremities
    (95864, CptFamily::NeedleEmg),             // 4 extremities
    (95865, CptFamily::NeedleEmg),             // larynx
    (95866, CptFamily::NeedleEmg),             // hemidiaphragm
    (95867, CptFamily::NeedleEmg),             // cranial-nerve muscles, unilateral
    (95868, CptFamily::NeedleEmg),             // cranial-nerve muscles, bilateral
    (95869, CptFamily::NeedleEmg),             // thoracic paraspinal muscles
    (95870, CptFamily::NeedleEmg),             // limited, one extremity or non-limb muscles
    (95872, CptFamily::SingleFiberEmg),        // single-fiber EMG
    (95937, CptFamily::NeuromuscularJunction), // repetitive stimulation, each nerve
    (95905, CptFamily::PointOfCare),           // preconfigured electrode arrays
];

/// The first NCS code (95907, 1–2 studies); the seven tiers are consecutive codes.
pub(crate) const NCS_FIRST: u32 = 95907;
/// How many NCS tiers CPT has (95907–95913).
pub(crate) const NCS_TIERS: u32 = 7;

/// The NCS tier (0 = 95907 ... 6 = 95913) that holds `n` studies: two studies per tier,
/// the last tier open-ended (docs/codes.md, NCS tiers). `None` for 0 studies.
pub(crate) const fn ncs_tier_for_studies(n: u32) -> Option<u32> {
    if n == 0 {
        return None;
    }
    let tier = (n - 1) / 2;
    if tier < NCS_TIERS {
        Some(tier)
    } else {
        Some(NCS_TIERS - 1)
    }
}

/// Needle EMG add-on codes and the codes CPT says they are not reported with (the
/// parentheticals of the 2012 EMG/NCS code change; docs/codes.md, add-on conflicts).
pub const EMG_ADD_ON_CONFLICTS: &[(u32, &[u32])] = &[
    (95885, &[95860, 95861, 95863, 95864, 95870, 95905]), // limited extremity add-on
    (95886, &[95860, 95861, 95863, 95864, 95870, 95905]), // complete extremity add-on
    (95887, &[95867, 95868, 95869, 95870, 95905]),        // non-extremity add-on
];

/// The family of a CPT code, if the crate knows it.
#[must_use]
pub fn cpt_family(code: u32) -> Option<CptFamily> {
    CPT_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|&(_, family)| family)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpt_table_codes_are_distinct_five_digit_codes() {
        for (i, (a, _)) in CPT_CODES.iter().enumerate() {
            assert!((10000..=99999).contains(a));
            assert!(CPT_CODES.iter().skip(i + 1).all(|(b, _)| a != b));
        }
        assert_eq!(CPT_CODES.len(), 23);
    }
}
