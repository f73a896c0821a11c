//! Assembling the case: fallback diagnoses, conflicting findings, sorted lists without
//! duplicates, and the [`Mapping`] returned.

use super::super::error::{HookError, HookErrorKind};
use super::super::request::Envelope;
use super::super::terminology as t;
use super::super::Issue;
use super::prefetch::at_place;
use super::{ElectrodiagnosticOrder, Mapper, Mapping};
use edx_coverage::{Case, ErrorKind, Finding, Procedure};

impl<'v> Mapper<'v> {
    pub(super) fn finish(
        mut self,
        env: Envelope<'v>,
        orders: Vec<ElectrodiagnosticOrder>,
    ) -> Result<Mapping, HookError> {
        let mut diagnoses = std::mem::take(&mut self.diagnoses);
        let diagnoses_from_record = diagnoses.is_empty();
        if diagnoses_from_record {
            diagnoses = self.candidates.iter().map(|(icd, _)| *icd).collect();
        } else {
            for (icd, place) in &self.candidates {
                if t::icd_finding(icd.as_str()).is_none() && !diagnoses.contains(icd) {
                    self.issues.push(Issue::new(
                        at_place(*place, |at| at.text()),
                        format!(
                            "{} is a diagnosis in the record that no order gives as its reason; not used",
                            icd.as_str()
                        ),
                    ));
                }
            }
        }
        diagnoses.sort_unstable();
        diagnoses.dedup();

        // A kind recorded both present and absent from one source: neither is used.
        let mut findings: Vec<Finding> = Vec::new();
        for (f, place) in &self.findings {
            let conflict = self
                .findings
                .iter()
                .any(|(g, _)| g.kind == f.kind && g.source == f.source && g.status != f.status);
            if conflict {
                self.issues.push(Issue::new(
                    at_place(*place, |at| at.text()),
                    format!(
                        "{} is recorded both present and absent in the {}; neither is used",
                        f.kind, f.source
                    ),
                ));
            } else {
                findings.push(*f);
            }
        }
        findings.sort_unstable_by_key(|f| (f.kind, f.status, f.source));
        findings.dedup();

        let mut procedures: Vec<Procedure> = orders
            .iter()
            .flat_map(|o| o.procedures.iter().copied())
            .collect();
        // Claim lines: a line repeated on two orders counts twice (RULES.md, ruleset 3), so no dedup.
        procedures.sort_unstable_by_key(|p| (p.cpt, p.units, p.studies));
        let mut labs = std::mem::take(&mut self.labs);
        labs.sort_unstable_by_key(|l| (l.test, l.result));
        labs.dedup();
        let mut trials = std::mem::take(&mut self.trials);
        trials.sort_unstable_by_key(|t| (t.therapy, t.outcome, t.duration_days));
        trials.dedup();
        let mut differential = std::mem::take(&mut self.differential);
        differential.sort_unstable();
        differential.dedup();
        let mut coverages = std::mem::take(&mut self.coverages);
        coverages.sort_unstable();
        coverages.dedup();

        // Each kind added at once (`Extend` reserves from the size hint, where adding one
        // at a time grew each list from nothing); the same entries and checks.
        let mut builder = Case::builder();
        builder.extend(diagnoses);
        builder.extend(findings);
        builder.extend(trials);
        builder.extend(labs);
        builder.extend(differential);
        builder.extend(procedures);
        builder.extend(std::mem::take(&mut self.exceptions));
        let case = match builder.build() {
            Ok(case) => Some(case),
            Err(e) if *e.kind() == ErrorKind::NoDiagnosis => None,
            Err(e) => {
                return Err(HookError::new(
                    HookErrorKind::CrdConstraint,
                    "prefetch",
                    format!("the case the request documents is refused: {e}"),
                ))
            }
        };
        Ok(Mapping {
            hook: env.hook,
            hook_instance: env.hook_instance.to_owned(),
            case,
            orders,
            coverages,
            issues: self.issues,
            max_cards: env.max_cards,
            requested_version: env.requested_version,
            diagnoses_from_record,
        })
    }
}
