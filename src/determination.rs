//! The result type: a [`Determination`].

use crate::code_set::issues::CodeIssues;
use crate::code_set::DiagnosisCodeIssue;
use crate::codes::candidate_code;
use crate::correction::{Corrections, ProcedureCorrection};
use crate::model::{FindingKind, IcdCode, LabTest};
use crate::outcome::{
    Coverage, DocumentationGap, Indication, Pitfall, Recommendation, SuspectedCondition,
};
use crate::reason::{Reason, RuleId};
use crate::set::Set;

/// The identifier of the ruleset this build evaluates. It changes whenever what any rule
/// decides changes (see `CHANGELOG.md`).
pub const RULESET: &str = "edx-coverage/4";

/// Everything the evaluator concludes about one case under one policy.
///
/// Every list is a set in declaration order. Making one allocates
/// nothing: the sets are bit sets, suggested codes and reasons are derived from them on
/// demand, and the diagnosis code issues are the case's own list, shared (cloning a
/// determination never allocates either). Since ruleset 4 it is `Clone`, not `Copy`.
///
/// `Display` renders an explanation for people: the verdict, why, what is missing, and
/// what to do.
///
/// ```
/// use edx_coverage::{evaluate, Case, Coverage, Indication, Pitfall, Policy};
///
/// let case = Case::builder().diagnosis("R25.2".parse::<edx_coverage::IcdCode>()?).build()?;
/// let d = evaluate(&case, &Policy::default());
/// assert_eq!(d.indication(), Indication::NotYetIndicated);
/// assert_eq!(d.coverage(), Coverage::LikelyDenied);
/// assert!(d.pitfalls().contains(Pitfall::SymptomOnlyCoding));
/// println!("{d}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Determination {
    pub(crate) indication: Indication,
    pub(crate) coverage: Coverage,
    pub(crate) red_flags: Set<FindingKind>,
    pub(crate) suspected_conditions: Set<SuspectedCondition>,
    pub(crate) documentation_gaps: Set<DocumentationGap>,
    pub(crate) pitfalls: Set<Pitfall>,
    pub(crate) recommendations: Set<Recommendation>,
    pub(crate) recommended_labs: Set<LabTest>,
    pub(crate) suggested_codes: Set<FindingKind>,
    pub(crate) procedure_corrections: Corrections,
    pub(crate) diagnosis_code_issues: CodeIssues,
    pub(crate) reasons: Set<RuleId>,
}

impl Determination {
    /// A blank determination the rules fill in.
    pub(crate) const fn blank() -> Self {
        Determination {
            indication: Indication::NotYetIndicated,
            coverage: Coverage::LikelyDenied,
            red_flags: Set::new(),
            suspected_conditions: Set::new(),
            documentation_gaps: Set::new(),
            pitfalls: Set::new(),
            recommendations: Set::new(),
            recommended_labs: Set::new(),
            suggested_codes: Set::new(),
            procedure_corrections: Corrections::new(),
            diagnosis_code_issues: CodeIssues::new(),
            reasons: Set::new(),
        }
    }

    /// The ruleset identifier, [`RULESET`].
    #[must_use]
    pub const fn ruleset(&self) -> &'static str {
        RULESET
    }

    /// Whether testing is indicated.
    #[must_use]
    pub const fn indication(&self) -> Indication {
        self.indication
    }

    /// The coverage outlook.
    #[must_use]
    pub const fn coverage(&self) -> Coverage {
        self.coverage
    }

    /// Present red-flag findings.
    #[must_use]
    pub const fn red_flags(&self) -> Set<FindingKind> {
        self.red_flags
    }

    /// Conditions the findings point to.
    #[must_use]
    pub const fn suspected_conditions(&self) -> Set<SuspectedCondition> {
        self.suspected_conditions
    }

    /// What an indicated study still needs documented.
    #[must_use]
    pub const fn documentation_gaps(&self) -> Set<DocumentationGap> {
        self.documentation_gaps
    }

    /// Documentation and coding patterns payers commonly deny.
    #[must_use]
    pub const fn pitfalls(&self) -> Set<Pitfall> {
        self.pitfalls
    }

    /// What to do next.
    #[must_use]
    pub const fn recommendations(&self) -> Set<Recommendation> {
        self.recommendations
    }

    /// Screening labs still to order (only with the `laboratory_screening` recommendation).
    #[must_use]
    pub const fn recommended_labs(&self) -> Set<LabTest> {
        self.recommended_labs
    }

    /// Candidate ICD-10-CM codes for documented findings, in finding order. A coder confirms
    /// each against the record before it goes on a claim.
    pub fn suggested_codes(&self) -> impl Iterator<Item = SuggestedCode> + Clone + '_ {
        self.suggested_codes.iter().filter_map(|finding| {
            candidate_code(finding).map(|code| SuggestedCode { code, finding })
        })
    }

    /// The finding kinds behind [`Determination::suggested_codes`].
    #[must_use]
    pub const fn suggested_code_findings(&self) -> Set<FindingKind> {
        self.suggested_codes
    }

    /// NCS lines whose code does not match the documented number of studies: each names the
    /// requested code and the code for the count (RULES.md, `PIT-NCS-CODE-MISMATCH`). Ordered by requested
    /// code, then replacement; empty when nothing needs correcting.
    pub fn procedure_corrections(&self) -> impl Iterator<Item = ProcedureCorrection> + Clone + '_ {
        self.procedure_corrections.iter()
    }

    /// The diagnosis codes that are not valid on a claim (ruleset 4): each header of the
    /// code set and each code not in it, once, ordered by code. Empty when every code is
    /// billable.
    pub fn diagnosis_code_issues(
        &self,
    ) -> impl ExactSizeIterator<Item = DiagnosisCodeIssue> + Clone + '_ {
        self.diagnosis_code_issues.iter()
    }

    /// The rules that fired, in the crate's rule order; never empty.
    pub fn reasons(&self) -> impl ExactSizeIterator<Item = Reason> + Clone + '_ {
        self.reasons.iter().map(Reason::new)
    }

    /// The ids of the rules that fired.
    #[must_use]
    pub const fn rule_ids(&self) -> Set<RuleId> {
        self.reasons
    }
}

/// A candidate code for a documented finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SuggestedCode {
    /// The candidate ICD-10-CM code.
    pub code: IcdCode,
    /// The finding it documents.
    pub finding: FindingKind,
}
