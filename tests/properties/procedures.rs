//! Procedures and claim lines.

use super::*;

proptest! {
    #![proptest_config(config(CASES))]

    /// A repeated NCS line is a duplicate service (RULES.md, `PIT-NCS-REPORTED-MORE-THAN-ONCE`).
    #[test]
    fn a_repeated_ncs_line_always_reports_ncs_more_than_once(
        c in case(),
        p in policy(),
        pick in any::<Index>(),
        place in any::<Index>(),
        ncs in strategies::cpt_code_of_family(CptFamily::Ncs),
    ) {
        let mut parts = Parts::of(&c);
        // Repeat an NCS line of the case, or add one twice when it has none.
        let ncs_lines: Vec<Procedure> = parts
            .procedures
            .iter()
            .copied()
            .filter(|l| l.cpt.family() == CptFamily::Ncs)
            .collect();
        let line = if ncs_lines.is_empty() {
            let line = Procedure::new(ncs);
            parts.procedures.push(line);
            line
        } else {
            ncs_lines[pick.index(ncs_lines.len())]
        };
        let at = place.index(parts.procedures.len() + 1);
        parts.procedures.insert(at, line);
        parts.procedures.truncate(MAX_ENTRIES);
        prop_assume!(parts.procedures.iter().filter(|l| **l == line).count() >= 2);
        let d = evaluate(&parts.build(), &p);
        prop_assert!(d.pitfalls().contains(Pitfall::NcsReportedMoreThanOnce));
        prop_assert!(d.recommendations().contains(Recommendation::ReportNcsOnce));
    }

    /// Every correction names a requested NCS line with a study count outside the code's
    /// tier, and the code whose tier holds that count; every such line has its correction.
    #[test]
    fn corrections_name_only_codes_whose_tier_holds_the_count(c in case(), p in policy()) {
        let d = evaluate(&c, &p);
        let mut want: Vec<(CptCode, CptCode)> = c
            .procedures()
            .iter()
            .filter_map(|l| {
                let studies = l.studies?.get();
                let right = CptCode::ncs_for_studies(studies)?;
                (right != l.cpt).then_some((l.cpt, right))
            })
            .collect();
        want.sort();
        want.dedup();
        let got: Vec<(CptCode, CptCode)> =
            d.procedure_corrections().map(|c| (c.cpt, c.replacement)).collect();
        prop_assert_eq!(&got, &want);
        for (cpt, replacement) in got {
            prop_assert_eq!(cpt.family(), CptFamily::Ncs);
            prop_assert_eq!(replacement.family(), CptFamily::Ncs);
            prop_assert!(c.procedures().iter().any(|l| l.cpt == cpt
                && l.studies.and_then(|s| CptCode::ncs_for_studies(s.get())) == Some(replacement)));
        }
        prop_assert_eq!(
            d.pitfalls().contains(Pitfall::NcsCodeMismatch),
            d.procedure_corrections().next().is_some()
        );
    }
}
