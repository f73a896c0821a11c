//! The [`Case`]: everything the record says that the rules read. Valid by construction.

use crate::code_set::issues::CodeIssues;
use crate::error::{Error, ErrorKind, MAX_ENTRIES};
use crate::model::{
    ConservativeTrial, Diagnosis, DifferentialCondition, Finding, FindingStatus, IcdCode,
    LabResult, NeedleEmgException, Procedure,
};
use crate::set::{Member, Set};

/// A patient's documented picture for one electrodiagnostic order.
///
/// A `Case` can only be made through [`Case::builder`] or by deserialising the wire format,
/// and both refuse what docs/wire-format.md refuses (no diagnosis, a list over
/// [`MAX_ENTRIES`], a finding recorded both present and absent from the same source, ...).
/// So every `Case` that exists is valid, and [`evaluate`](crate::evaluate) cannot fail.
///
/// Entries are kept exactly as given (order and duplicates included). The rules never
/// depend on order; they depend on duplication only for `procedures`, which are claim lines
/// (a line submitted twice is two lines). The needle EMG exceptions are a set.
///
/// ```
/// use edx_coverage::{Case, Finding, FindingKind, FindingSource};
///
/// let case = Case::builder()
///     .diagnosis("R25.2".parse::<edx_coverage::IcdCode>()?)
///     .finding(Finding::new(FindingKind::Fasciculations).with_source(FindingSource::Exam))
///     .build()?;
/// assert_eq!(case.diagnoses().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Case {
    pub(crate) diagnoses: Vec<Diagnosis>,
    pub(crate) findings: Vec<Finding>,
    pub(crate) conservative_trials: Vec<ConservativeTrial>,
    pub(crate) labs: Vec<LabResult>,
    pub(crate) differential: Vec<DifferentialCondition>,
    pub(crate) procedures: Vec<Procedure>,
    pub(crate) needle_emg_exceptions: Set<NeedleEmgException>,
    /// The diagnoses that are not billable, worked out once, here (ruleset 4).
    pub(crate) code_issues: CodeIssues,
}

/// `clone` as derived; `clone_from` reuses the lists' memory (the path to coverage copies
/// a case once per subset of its candidate steps, into one case per depth of the search).
impl Clone for Case {
    fn clone(&self) -> Case {
        Case {
            diagnoses: self.diagnoses.clone(),
            findings: self.findings.clone(),
            conservative_trials: self.conservative_trials.clone(),
            labs: self.labs.clone(),
            differential: self.differential.clone(),
            procedures: self.procedures.clone(),
            needle_emg_exceptions: self.needle_emg_exceptions,
            code_issues: self.code_issues.clone(),
        }
    }

    fn clone_from(&mut self, source: &Case) {
        // Every field named, so a field added to `Case` and not copied here is a compile
        // error, not a stale value in a reused case.
        let Case {
            diagnoses,
            findings,
            conservative_trials,
            labs,
            differential,
            procedures,
            needle_emg_exceptions,
            code_issues,
        } = source;
        self.diagnoses.clone_from(diagnoses);
        self.findings.clone_from(findings);
        self.conservative_trials.clone_from(conservative_trials);
        self.labs.clone_from(labs);
        self.differential.clone_from(differential);
        self.procedures.clone_from(procedures);
        self.needle_emg_exceptions = *needle_emg_exceptions;
        self.code_issues.clone_from(code_issues);
    }
}

impl Case {
    /// Starts an empty builder.
    pub fn builder() -> CaseBuilder {
        CaseBuilder::default()
    }

    /// A builder holding this case's entries, to derive a changed case.
    ///
    /// ```
    /// use edx_coverage::{Case, Finding, FindingKind};
    ///
    /// let base = Case::builder().diagnosis("R25.2".parse::<edx_coverage::IcdCode>()?).build()?;
    /// let more = base.to_builder().finding(Finding::new(FindingKind::Numbness)).build()?;
    /// assert_eq!(more.findings().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_builder(&self) -> CaseBuilder {
        CaseBuilder {
            diagnoses: self.diagnoses.clone(),
            findings: self.findings.clone(),
            conservative_trials: self.conservative_trials.clone(),
            labs: self.labs.clone(),
            differential: self.differential.clone(),
            procedures: self.procedures.clone(),
            needle_emg_exceptions: self.needle_emg_exceptions,
        }
    }

    /// The builder holding this case's entries, moved (no copy): with
    /// [`CaseBuilder::clear`], a way to build case after case in the same lists, as a bulk
    /// reader does.
    ///
    /// ```
    /// use edx_coverage::{Case, IcdCode};
    ///
    /// let mut builder = Case::builder();
    /// for code in ["R25.2", "G62.9"] {
    ///     builder.push_diagnosis(code.parse::<IcdCode>()?);
    ///     let case = builder.build()?;
    ///     assert_eq!(case.diagnoses().len(), 1);
    ///     builder = case.into_builder();
    ///     builder.clear();
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_builder(self) -> CaseBuilder {
        CaseBuilder {
            diagnoses: self.diagnoses,
            findings: self.findings,
            conservative_trials: self.conservative_trials,
            labs: self.labs,
            differential: self.differential,
            procedures: self.procedures,
            needle_emg_exceptions: self.needle_emg_exceptions,
        }
    }

    /// The diagnoses (never empty).
    #[must_use]
    pub fn diagnoses(&self) -> &[Diagnosis] {
        &self.diagnoses
    }

    /// The documented findings, pertinent negatives included.
    #[must_use]
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The conservative trials.
    #[must_use]
    pub fn conservative_trials(&self) -> &[ConservativeTrial] {
        &self.conservative_trials
    }

    /// The lab results.
    #[must_use]
    pub fn labs(&self) -> &[LabResult] {
        &self.labs
    }

    /// The documented differential diagnosis.
    #[must_use]
    pub fn differential(&self) -> &[DifferentialCondition] {
        &self.differential
    }

    /// The requested procedures (claim lines, repeats included).
    #[must_use]
    pub fn procedures(&self) -> &[Procedure] {
        &self.procedures
    }

    /// The documented reasons why needle EMG is not done with the NCS.
    #[must_use]
    pub const fn needle_emg_exceptions(&self) -> Set<NeedleEmgException> {
        self.needle_emg_exceptions
    }
}

/// Collects a case's entries; [`CaseBuilder::build`] checks them and makes the [`Case`].
///
/// ```
/// use edx_coverage::{Case, ErrorKind, Finding, FindingKind, FindingSource, FindingStatus};
///
/// let seen = Finding::new(FindingKind::Fasciculations).with_source(FindingSource::Exam);
/// let err = Case::builder()
///     .diagnosis("R25.2".parse::<edx_coverage::IcdCode>()?)
///     .finding(seen)
///     .finding(seen.with_status(FindingStatus::Absent))
///     .build()
///     .unwrap_err();
/// assert_eq!(err.path(), "findings[1]");
/// assert!(matches!(err.kind(), ErrorKind::ConflictingFinding { .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A reader that fills one builder in a loop can add entries by `&mut` instead, through
/// [`Extend`] (one impl per kind of entry: `IcdCode`, `Finding`, `ConservativeTrial`,
/// `LabResult`, `DifferentialCondition`, `Procedure`, `NeedleEmgException`): no builder is
/// moved per entry, and an iterator that knows its length has the room reserved once. The
/// entries and their order are the same as the by-value methods give, and
/// [`build`](CaseBuilder::build) checks them the same way.
///
/// ```
/// use edx_coverage::{Case, DifferentialCondition, Finding, FindingKind, IcdCode};
///
/// let mut b = Case::builder();
/// b.extend(["R25.2", "M62.81"].map(|c| c.parse::<IcdCode>().unwrap()));
/// b.extend([FindingKind::Fasciculations, FindingKind::Numbness].map(Finding::new));
/// b.extend([DifferentialCondition::Neuropathy]);
/// let case = b.build()?;
/// assert_eq!(case.diagnoses().len(), 2);
/// assert_eq!(case.findings().len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct CaseBuilder {
    // Crate-visible for the JSON fast pass (`wire::fast`), which pushes as it reads.
    pub(crate) diagnoses: Vec<Diagnosis>,
    pub(crate) findings: Vec<Finding>,
    pub(crate) conservative_trials: Vec<ConservativeTrial>,
    pub(crate) labs: Vec<LabResult>,
    pub(crate) differential: Vec<DifferentialCondition>,
    pub(crate) procedures: Vec<Procedure>,
    pub(crate) needle_emg_exceptions: Set<NeedleEmgException>,
}

impl CaseBuilder {
    /// Adds a diagnosis by its code (classified once, here).
    pub fn diagnosis(mut self, code: IcdCode) -> Self {
        self.push_diagnosis(code);
        self
    }

    /// Adds a finding.
    pub fn finding(mut self, finding: Finding) -> Self {
        self.push_finding(finding);
        self
    }

    /// Adds a conservative trial.
    pub fn trial(mut self, trial: ConservativeTrial) -> Self {
        self.push_trial(trial);
        self
    }

    /// Adds a lab result.
    pub fn lab(mut self, lab: LabResult) -> Self {
        self.push_lab(lab);
        self
    }

    /// Adds a condition to the differential.
    pub fn differential(mut self, condition: DifferentialCondition) -> Self {
        self.push_differential(condition);
        self
    }

    /// Adds a requested procedure.
    pub fn procedure(mut self, procedure: Procedure) -> Self {
        self.push_procedure(procedure);
        self
    }

    /// Adds a documented reason why needle EMG is not done with the NCS (adding one twice
    /// changes nothing).
    pub fn needle_emg_exception(mut self, exception: NeedleEmgException) -> Self {
        self.push_needle_emg_exception(exception);
        self
    }

    /// [`diagnosis`](Self::diagnosis) in place: the `push_*` methods add an entry to a
    /// builder held by reference, for a reader that fills one builder entry by entry
    /// (nothing is moved per entry). [`build`](Self::build) checks them the same way.
    ///
    /// ```
    /// use edx_coverage::{Case, Finding, FindingKind};
    ///
    /// let mut builder = Case::builder();
    /// builder
    ///     .push_diagnosis("R25.2".parse::<edx_coverage::IcdCode>()?)
    ///     .push_finding(Finding::new(FindingKind::Fasciculations));
    /// let by_value = Case::builder()
    ///     .diagnosis("R25.2".parse::<edx_coverage::IcdCode>()?)
    ///     .finding(Finding::new(FindingKind::Fasciculations));
    /// assert_eq!(builder, by_value);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn push_diagnosis(&mut self, code: IcdCode) -> &mut Self {
        self.diagnoses.push(Diagnosis::new(code));
        self
    }

    /// [`push_diagnosis`](Self::push_diagnosis) of a [`Diagnosis`] already made: a reader
    /// that sees the same code text again and again makes its `Diagnosis` once (the
    /// code-set look-up of [`Diagnosis::new`]) and pushes a copy per row. A `Diagnosis` is
    /// only ever made by [`Diagnosis::new`], so the case and what every rule decides of it
    /// are the same as with [`push_diagnosis`](Self::push_diagnosis) of its code.
    ///
    /// ```
    /// use edx_coverage::{Case, Diagnosis, IcdCode};
    ///
    /// let code: IcdCode = "G62.9".parse()?;
    /// let made = Diagnosis::new(code);
    /// let mut builder = Case::builder();
    /// builder.push_made_diagnosis(made);
    /// let mut by_code = Case::builder();
    /// by_code.push_diagnosis(code);
    /// assert_eq!(builder, by_code);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn push_made_diagnosis(&mut self, diagnosis: Diagnosis) -> &mut Self {
        self.diagnoses.push(diagnosis);
        self
    }

    /// [`finding`](Self::finding) in place.
    pub fn push_finding(&mut self, finding: Finding) -> &mut Self {
        self.findings.push(finding);
        self
    }

    /// [`trial`](Self::trial) in place.
    pub fn push_trial(&mut self, trial: ConservativeTrial) -> &mut Self {
        self.conservative_trials.push(trial);
        self
    }

    /// [`lab`](Self::lab) in place.
    pub fn push_lab(&mut self, lab: LabResult) -> &mut Self {
        self.labs.push(lab);
        self
    }

    /// [`differential`](Self::differential) in place.
    pub fn push_differential(&mut self, condition: DifferentialCondition) -> &mut Self {
        self.differential.push(condition);
        self
    }

    /// [`procedure`](Self::procedure) in place.
    pub fn push_procedure(&mut self, procedure: Procedure) -> &mut Self {
        self.procedures.push(procedure);
        self
    }

    /// [`needle_emg_exception`](Self::needle_emg_exception) in place.
    pub fn push_needle_emg_exception(&mut self, exception: NeedleEmgException) -> &mut Self {
        self.needle_emg_exceptions.insert(exception);
        self
    }

    /// Empties every list, keeping the memory they hold (see [`Case::into_builder`]).
    pub fn clear(&mut self) {
        self.diagnoses.clear();
        self.findings.clear();
        self.conservative_trials.clear();
        self.labs.clear();
        self.differential.clear();
        self.procedures.clear();
        self.needle_emg_exceptions = Set::default();
    }

    /// Checks the entries and makes the case.
    ///
    /// # Errors
    /// [`ErrorKind::NoDiagnosis`] without a diagnosis, [`ErrorKind::TooMany`] for a list over
    /// [`MAX_ENTRIES`], [`ErrorKind::ConflictingFinding`] for a kind recorded both present and
    /// absent from the same source (the path names the second record),
    /// [`ErrorKind::StudiesOnNonNcs`] for a study count on a line whose code is not an NCS
    /// code (the path is `procedures[i].studies`).
    ///
    /// ```
    /// use edx_coverage::{Case, ErrorKind, Procedure, Studies};
    ///
    /// let err = Case::builder()
    ///     .diagnosis("G62.9".parse::<edx_coverage::IcdCode>()?)
    ///     .procedure(Procedure::new("95886".parse()?).with_studies(Studies::new(4).unwrap()))
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.path(), "procedures[0].studies");
    /// assert!(matches!(err.kind(), ErrorKind::StudiesOnNonNcs { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build(self) -> Result<Case, Error> {
        self.check()?;
        Ok(Case {
            code_issues: CodeIssues::of(self.diagnoses.iter().map(|dx| (dx.code(), dx.status()))),
            diagnoses: self.diagnoses,
            findings: self.findings,
            conservative_trials: self.conservative_trials,
            labs: self.labs,
            differential: self.differential,
            procedures: self.procedures,
            needle_emg_exceptions: self.needle_emg_exceptions,
        })
    }

    /// [`build`](Self::build) into `case`, which becomes the case these entries make; the
    /// builder is left empty, holding the lists `case` had (their memory reused by the next
    /// case). Nothing is moved but the lists' handles, so a bulk reader can build every row
    /// in one `Case`.
    ///
    /// # Errors
    /// Those of [`build`](Self::build); then neither `case` nor the builder changes.
    ///
    /// ```
    /// use edx_coverage::{Case, IcdCode};
    ///
    /// let mut case = Case::builder().diagnosis("R25.2".parse::<IcdCode>()?).build()?;
    /// let mut builder = Case::builder();
    /// builder.push_diagnosis("G62.9".parse::<IcdCode>()?);
    /// builder.build_into(&mut case)?;
    /// assert_eq!(case.diagnoses()[0].code().as_str(), "G62.9");
    /// // Empty again: a case with no diagnosis is refused, and `case` stays as it was.
    /// assert!(builder.build_into(&mut case).is_err());
    /// assert_eq!(case.diagnoses().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_into(&mut self, case: &mut Case) -> Result<(), Error> {
        self.check()?;
        // Every field named, so a field added to `Case` is a compile error here.
        let Case {
            diagnoses,
            findings,
            conservative_trials,
            labs,
            differential,
            procedures,
            needle_emg_exceptions,
            code_issues,
        } = case;
        *code_issues = CodeIssues::of(self.diagnoses.iter().map(|dx| (dx.code(), dx.status())));
        std::mem::swap(diagnoses, &mut self.diagnoses);
        std::mem::swap(findings, &mut self.findings);
        std::mem::swap(conservative_trials, &mut self.conservative_trials);
        std::mem::swap(labs, &mut self.labs);
        std::mem::swap(differential, &mut self.differential);
        std::mem::swap(procedures, &mut self.procedures);
        *needle_emg_exceptions = self.needle_emg_exceptions;
        self.clear();
        Ok(())
    }

    /// The checks of [`build`](Self::build).
    fn check(&self) -> Result<(), Error> {
        if self.diagnoses.is_empty() {
            return Err(Error::new("diagnoses", ErrorKind::NoDiagnosis));
        }
        let lengths = [
            ("diagnoses", self.diagnoses.len()),
            ("findings", self.findings.len()),
            ("conservative_trials", self.conservative_trials.len()),
            ("labs", self.labs.len()),
            ("differential", self.differential.len()),
            ("procedures", self.procedures.len()),
        ];
        for (field, len) in lengths {
            check_len(field, len)?;
        }
        check_conflicts(&self.findings)?;
        check_studies(&self.procedures)
    }
}

/// The `Extend` impls of [`CaseBuilder`], one per kind of entry.
macro_rules! extend_entries {
    ($($item:ty => $field:ident $(by $how:path)?),+ $(,)?) => {$(
        /// Adds the entries by `&mut`, in order, as the by-value method of the same name
        /// adds one (see [`CaseBuilder`]).
        impl Extend<$item> for CaseBuilder {
            fn extend<I: IntoIterator<Item = $item>>(&mut self, entries: I) {
                self.$field.extend(entries.into_iter()$(.map($how))?);
            }
        }
    )+};
}

extend_entries!(
    IcdCode => diagnoses by Diagnosis::new,
    // Diagnoses already made (as `push_made_diagnosis` adds one).
    Diagnosis => diagnoses,
    Finding => findings,
    ConservativeTrial => conservative_trials,
    LabResult => labs,
    DifferentialCondition => differential,
    Procedure => procedures,
    // A set (`Set`'s own `Extend`): adding an exception twice changes nothing.
    NeedleEmgException => needle_emg_exceptions,
);

/// Refuses a study count on a line that is not an NCS code (docs/codes.md, NCS tiers).
fn check_studies(procedures: &[Procedure]) -> Result<(), Error> {
    for (i, p) in procedures.iter().enumerate() {
        if let Some(studies) = p.studies {
            if p.cpt.ncs_tier().is_none() {
                return Err(Error::new(
                    format!("procedures[{i}].studies"),
                    ErrorKind::StudiesOnNonNcs {
                        value: studies.get(),
                        cpt: p.cpt,
                    },
                ));
            }
        }
    }
    Ok(())
}

/// Refuses a list longer than [`MAX_ENTRIES`].
pub(crate) fn check_len(field: &str, len: usize) -> Result<(), Error> {
    if len > MAX_ENTRIES {
        return Err(Error::new(
            field,
            ErrorKind::TooMany {
                len,
                max: MAX_ENTRIES,
            },
        ));
    }
    Ok(())
}

/// One linear pass: a bit per (kind, source) for each status seen so far.
fn check_conflicts(findings: &[Finding]) -> Result<(), Error> {
    let mut present = 0u64;
    let mut absent = 0u64;
    for (i, f) in findings.iter().enumerate() {
        let slot = f.kind.index() * 2 + f.source.index();
        let bit = 1u64.checked_shl(slot).unwrap_or(0);
        let (mine, other) = match f.status {
            FindingStatus::Present => (&mut present, absent),
            FindingStatus::Absent => (&mut absent, present),
        };
        if other & bit != 0 {
            return Err(Error::new(
                format!("findings[{i}]"),
                ErrorKind::ConflictingFinding {
                    kind: f.kind,
                    finding_source: f.source,
                },
            ));
        }
        *mine |= bit;
    }
    Ok(())
}
