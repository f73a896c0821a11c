//! Procedure corrections (RULES.md, `PIT-NCS-CODE-MISMATCH`): which NCS code the study count calls for.
//!
//! A correction pairs two of the seven NCS codes (95907–95913), so the whole list fits in a
//! 49-bit set: bit `7 * requested + replacement`, tiers numbered from 95907. Walking the
//! bits from low to high gives the order the wire format wants (by requested code, then by
//! replacement), never a duplicate, and no heap.

use crate::codes::cpt::{ncs_tier_for_studies, NCS_TIERS};
use crate::model::CptCode;

/// One NCS line to recode: the code requested and the code for the documented study count.
///
/// ```
/// use edx_coverage::{evaluate, Case, Policy, Procedure, Studies};
///
/// let case = Case::builder()
///     .diagnosis("G62.9".parse::<edx_coverage::IcdCode>()?)
///     .procedure(Procedure::new("95911".parse()?).with_studies(Studies::new(7).unwrap()))
///     .procedure(Procedure::new("95886".parse()?))
///     .build()?;
/// let d = evaluate(&case, &Policy::default());
/// let fixes: Vec<_> = d.procedure_corrections().collect();
/// assert_eq!(fixes.len(), 1);
/// assert_eq!(fixes[0].cpt.value(), 95911);
/// assert_eq!(fixes[0].replacement.value(), 95910);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProcedureCorrection {
    /// The NCS code on the request.
    pub cpt: CptCode,
    /// The NCS code whose tier holds the documented number of studies.
    pub replacement: CptCode,
}

/// A set of corrections, one bit per (requested, replacement) pair of NCS tiers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct Corrections(u64);

impl Corrections {
    /// The empty set.
    pub(crate) const fn new() -> Self {
        Corrections(0)
    }

    /// Records that `line` (an NCS code) documents `studies` studies; adds a correction when
    /// the code is not the one for that count. Non-NCS codes add nothing.
    pub(crate) fn check(&mut self, line: CptCode, studies: u32) {
        let (Some(have), Some(want)) = (line.ncs_tier(), ncs_tier_for_studies(studies)) else {
            return;
        };
        if have != want {
            self.0 |= 1u64.checked_shl(have * NCS_TIERS + want).unwrap_or(0);
        }
    }

    /// Adds a correction read back from the wire; `false` when it is not one this ruleset
    /// can emit (either code not NCS, or the two codes equal).
    pub(crate) fn insert(&mut self, c: ProcedureCorrection) -> bool {
        match (c.cpt.ncs_tier(), c.replacement.ncs_tier()) {
            (Some(have), Some(want)) if have != want => {
                self.0 |= 1u64.checked_shl(have * NCS_TIERS + want).unwrap_or(0);
                true
            }
            _ => false,
        }
    }

    /// Whether no line needs correcting.
    pub(crate) const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The corrections, by requested code then replacement.
    pub(crate) fn iter(self) -> impl Iterator<Item = ProcedureCorrection> + Clone {
        let mut bits = self.0;
        core::iter::from_fn(move || {
            if bits == 0 {
                return None;
            }
            let slot = bits.trailing_zeros();
            bits &= bits - 1;
            Some(ProcedureCorrection {
                cpt: CptCode::ncs_of_tier(slot / NCS_TIERS)?,
                replacement: CptCode::ncs_of_tier(slot % NCS_TIERS)?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(n: u32) -> CptCode {
        CptCode::parse(&n.to_string()).unwrap()
    }

    #[test]
    fn a_correct_code_adds_nothing_and_a_wrong_one_names_the_tier() {
        let mut c = Corrections::new();
        c.check(code(95910), 7);
        c.check(code(95910), 8);
        c.check(code(95886), 3);
        assert!(c.is_empty());
        c.check(code(95913), 6);
        c.check(code(95907), 13);
        c.check(code(95913), 5);
        let got: Vec<_> = c
            .iter()
            .map(|c| (c.cpt.value(), c.replacement.value()))
            .collect();
        assert_eq!(got, [(95907, 95913), (95913, 95909)]);
    }

    #[test]
    fn insert_refuses_what_check_never_emits() {
        let mut c = Corrections::new();
        assert!(!c.insert(ProcedureCorrection {
            cpt: code(95909),
            replacement: code(95909)
        }));
        assert!(!c.insert(ProcedureCorrection {
            cpt: code(95886),
            replacement: code(95909)
        }));
        assert!(c.is_empty());
        assert!(c.insert(ProcedureCorrection {
            cpt: code(95912),
            replacement: code(95908)
        }));
        assert_eq!(c.iter().count(), 1);
    }
}
