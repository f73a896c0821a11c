//! `diagnosis_code_issues` (ruleset 4): the diagnosis codes that are not billable.
//!
//! The list is worked out once, when the [`Case`](crate::Case) is built (sorted, without
//! duplicates), and shared: `evaluate` hands the case's list to the determination by
//! cloning an [`Arc`], which never allocates (a case with only billable codes has no list
//! at all, and the clone is a copy of `None`). See DESIGN.md ("Diagnosis code issues").

use std::sync::Arc;

use super::CodeStatus;
use crate::codes::icd::IcdCode;

/// A diagnosis code that is not valid on a claim: a header of the code set, or a code that
/// is not in it.
///
/// ```
/// use edx_coverage::{evaluate, Case, CodeStatus, Policy};
///
/// let case = Case::builder()
///     .diagnosis("G62".parse()?)
///     .diagnosis("R25.2".parse()?)
///     .diagnosis("g62.7".parse()?)
///     .build()?;
/// let d = evaluate(&case, &Policy::default());
/// let issues: Vec<_> = d.diagnosis_code_issues().map(|i| (i.code.to_string(), i.status)).collect();
/// assert_eq!(issues, [("G62".into(), CodeStatus::Header), ("G62.7".into(), CodeStatus::Unknown)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DiagnosisCodeIssue {
    /// The code, normalised and dotted.
    pub code: IcdCode,
    /// [`CodeStatus::Header`] or [`CodeStatus::Unknown`].
    pub status: CodeStatus,
}

/// The issues of one case: `None` when every code is billable, else a non-empty list
/// ordered by code (the dotted order is the order without dots: the dot always follows the
/// third character) without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct CodeIssues(Option<Arc<[DiagnosisCodeIssue]>>);

impl CodeIssues {
    /// No issue.
    pub(crate) const fn new() -> CodeIssues {
        CodeIssues(None)
    }

    /// The issues of these diagnosis codes, each with its status.
    pub(crate) fn of(codes: impl Iterator<Item = (IcdCode, CodeStatus)>) -> CodeIssues {
        let mut list: Vec<DiagnosisCodeIssue> = codes
            .filter(|&(_, status)| status != CodeStatus::Billable)
            .map(|(code, status)| DiagnosisCodeIssue { code, status })
            .collect();
        CodeIssues::from_list(&mut list)
    }

    /// Sorts and deduplicates `list` and keeps it (read back from the wire, or built).
    pub(crate) fn from_list(list: &mut Vec<DiagnosisCodeIssue>) -> CodeIssues {
        list.sort_unstable();
        list.dedup();
        if list.is_empty() {
            CodeIssues(None)
        } else {
            CodeIssues(Some(Arc::from(list.as_slice())))
        }
    }

    /// The issues, by code.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = DiagnosisCodeIssue> + Clone + '_ {
        self.0.as_deref().unwrap_or_default().iter().copied()
    }
}
