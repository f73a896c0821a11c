//! The procedure rules (RULES.md, the rows of rulesets 2 and 3): each procedure rule fires
//! exactly when RULES.md says, the policy switch and the needle EMG exceptions work, an
//! indicated case with any of them is `at_risk`, and cases without procedures decide exactly
//! as under ruleset 1.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use edx_coverage::{
    evaluate, Case, CaseBuilder, Coverage, CptCode, Determination, DifferentialCondition, Finding,
    FindingKind, FindingSource, Indication, NeedleEmgException, Pitfall, Policy, Procedure,
    ProcedureCorrection, Recommendation, RuleId, Studies, Units,
};

/// Indicated, fully documented, no ruleset 1 pitfall: polyneuropathy code + abnormal reflexes.
fn clean_indicated() -> CaseBuilder {
    Case::builder()
        .diagnosis("G62.9".parse().unwrap())
        .finding(Finding::new(FindingKind::AbnormalReflexes).with_source(FindingSource::Exam))
}

fn line(cpt: &str, units: u32) -> Procedure {
    Procedure::new(cpt.parse().unwrap()).with_units(Units::new(units).unwrap())
}

fn eval_with(lines: &[(&str, u32)], policy: Policy) -> Determination {
    let mut b = clean_indicated();
    for (cpt, units) in lines {
        b = b.procedure(line(cpt, *units));
    }
    evaluate(&b.build().unwrap(), &policy)
}

fn eval(lines: &[(&str, u32)]) -> Determination {
    eval_with(lines, Policy::default())
}

const PART_B_PITFALLS: [Pitfall; 6] = [
    Pitfall::NcsWithoutNeedleEmg,
    Pitfall::PointOfCareDevice,
    Pitfall::NcsReportedMoreThanOnce,
    Pitfall::EmgAddOnWithoutNcs,
    Pitfall::NcsCodeMismatch,
    Pitfall::ConflictingEmgCodes,
];

fn only(d: &Determination, p: Pitfall, r: Recommendation, id: RuleId) {
    assert_eq!(d.pitfalls().iter().collect::<Vec<_>>(), [p], "{d:?}");
    assert_eq!(d.recommendations().iter().collect::<Vec<_>>(), [r], "{d:?}");
    assert!(d.rule_ids().contains(id));
    assert_eq!(d.indication(), Indication::Indicated);
    assert_eq!(
        d.coverage(),
        Coverage::AtRisk,
        "any ruleset 2 pitfall puts an indicated case at risk"
    );
}

fn clean(d: &Determination) {
    for p in PART_B_PITFALLS {
        assert!(!d.pitfalls().contains(p), "{p} fired unexpectedly: {d:?}");
    }
    assert_eq!(d.coverage(), Coverage::LikelyCovered, "{d:?}");
}

#[test]
fn baseline_without_procedures_is_likely_covered() {
    clean(&eval(&[]));
}

#[test]
fn ncs_without_needle_emg_fires_for_every_ncs_code() {
    for code in [
        "95907", "95908", "95909", "95910", "95911", "95912", "95913",
    ] {
        let d = eval(&[(code, 1)]);
        only(
            &d,
            Pitfall::NcsWithoutNeedleEmg,
            Recommendation::AddNeedleEmg,
            RuleId::PitNcsWithoutNeedleEmg,
        );
        assert!(d.rule_ids().contains(RuleId::RecAddNeedleEmg));
    }
}

#[test]
fn any_needle_emg_code_satisfies_ncs() {
    for emg in [
        "95885", "95886", "95887", "95860", "95861", "95863", "95864", "95865", "95866", "95867",
        "95868", "95869", "95870",
    ] {
        clean(&eval(&[("95909", 1), (emg, 1)]));
    }
}

#[test]
fn sfemg_nmj_and_point_of_care_are_not_needle_emg() {
    for other in ["95872", "95937"] {
        let d = eval(&[("95909", 1), (other, 1)]);
        assert!(
            d.pitfalls().contains(Pitfall::NcsWithoutNeedleEmg),
            "{other}"
        );
    }
}

#[test]
fn policy_switch_turns_ncs_without_needle_emg_off() {
    let off = Policy::default().with_require_needle_emg_with_ncs(false);
    let d = eval_with(&[("95909", 1)], off);
    clean(&d);
    assert!(!d.recommendations().contains(Recommendation::AddNeedleEmg));
    // The switch only affects that rule.
    let d = eval_with(&[("95905", 1)], off);
    assert!(d.pitfalls().contains(Pitfall::PointOfCareDevice));
}

#[test]
fn point_of_care_device_fires_on_95905_alone_or_with_others() {
    let d = eval(&[("95905", 1)]);
    only(
        &d,
        Pitfall::PointOfCareDevice,
        Recommendation::ReplacePointOfCareNcs,
        RuleId::PitPointOfCareDevice,
    );
    // With a stand-alone EMG code (95905 with an add-on code would also conflict, ruleset 3).
    let d = eval(&[("95905", 1), ("95909", 1), ("95860", 1)]);
    only(
        &d,
        Pitfall::PointOfCareDevice,
        Recommendation::ReplacePointOfCareNcs,
        RuleId::RecReplacePointOfCare,
    );
    // 95905 is not an NCS code of the ncs family: it does not trigger the EMG rule.
    assert!(!eval(&[("95905", 1)])
        .pitfalls()
        .contains(Pitfall::NcsWithoutNeedleEmg));
}

#[test]
fn ncs_reported_more_than_once_by_codes_or_units() {
    let d = eval(&[("95908", 1), ("95909", 1), ("95886", 1)]);
    only(
        &d,
        Pitfall::NcsReportedMoreThanOnce,
        Recommendation::ReportNcsOnce,
        RuleId::PitNcsReportedMoreThanOnce,
    );
    let d = eval(&[("95909", 2), ("95886", 1)]);
    only(
        &d,
        Pitfall::NcsReportedMoreThanOnce,
        Recommendation::ReportNcsOnce,
        RuleId::RecReportNcsOnce,
    );
    // One line, one unit: fine. Units on EMG lines are per extremity and never count.
    clean(&eval(&[("95909", 1), ("95886", 4)]));
}

#[test]
fn a_repeated_ncs_line_counts_as_two_lines() {
    // Ruleset 3 (RULES.md, `PIT-NCS-REPORTED-MORE-THAN-ONCE`): procedures are claim lines; the same line twice is a
    // duplicate service. Ruleset 2 read it as one line.
    let d = eval(&[("95909", 1), ("95909", 1), ("95886", 1)]);
    only(
        &d,
        Pitfall::NcsReportedMoreThanOnce,
        Recommendation::ReportNcsOnce,
        RuleId::PitNcsReportedMoreThanOnce,
    );
    // Repeated non-NCS lines are not this rule's business.
    clean(&eval(&[("95909", 1), ("95886", 1), ("95886", 1)]));
}

#[test]
fn emg_add_on_without_ncs_fires_for_each_add_on_code() {
    for code in ["95885", "95886", "95887"] {
        let d = eval(&[(code, 1)]);
        only(
            &d,
            Pitfall::EmgAddOnWithoutNcs,
            Recommendation::UseStandaloneEmgCodes,
            RuleId::PitEmgAddOnWithoutNcs,
        );
        assert!(d.rule_ids().contains(RuleId::RecUseStandaloneEmg));
        clean(&eval(&[(code, 1), ("95907", 1)]));
    }
    // Stand-alone EMG codes without NCS are the right coding.
    clean(&eval(&[("95860", 1)]));
}

#[test]
fn combinations_list_pitfalls_and_recommendations_in_spec_order() {
    let d = eval(&[("95905", 1), ("95913", 1), ("95907", 1)]);
    assert_eq!(
        d.pitfalls().iter().collect::<Vec<_>>(),
        [
            Pitfall::NcsWithoutNeedleEmg,
            Pitfall::PointOfCareDevice,
            Pitfall::NcsReportedMoreThanOnce
        ]
    );
    assert_eq!(
        d.recommendations().iter().collect::<Vec<_>>(),
        [
            Recommendation::AddNeedleEmg,
            Recommendation::ReplacePointOfCareNcs,
            Recommendation::ReportNcsOnce
        ]
    );
    assert_eq!(d.coverage(), Coverage::AtRisk);
}

#[test]
fn part_b_pitfalls_do_not_change_a_denied_outlook_or_the_indication() {
    let case = Case::builder()
        .diagnosis("R25.2".parse().unwrap())
        .procedure(line("95886", 1))
        .build()
        .unwrap();
    let d = evaluate(&case, &Policy::default());
    assert_eq!(d.indication(), Indication::NotYetIndicated);
    assert_eq!(d.coverage(), Coverage::LikelyDenied);
    assert!(d.pitfalls().contains(Pitfall::EmgAddOnWithoutNcs));
    // ruleset 2 recommendations come after ruleset 1's.
    let recs: Vec<_> = d.recommendations().iter().collect();
    assert_eq!(recs.last(), Some(&Recommendation::UseStandaloneEmgCodes));
    assert_eq!(recs.first(), Some(&Recommendation::DocumentPhysicalExam));
}

#[test]
fn part_b_reasons_cite_sources_not_article_numbers() {
    let d = eval(&[("95905", 1), ("95886", 1)]);
    for r in d.reasons() {
        let part_b = matches!(
            r.rule(),
            RuleId::PitNcsWithoutNeedleEmg
                | RuleId::PitPointOfCareDevice
                | RuleId::PitNcsReportedMoreThanOnce
                | RuleId::PitEmgAddOnWithoutNcs
                | RuleId::RecAddNeedleEmg
                | RuleId::RecReplacePointOfCare
                | RuleId::RecReportNcsOnce
                | RuleId::RecUseStandaloneEmg
                | RuleId::PitNcsCodeMismatch
                | RuleId::PitConflictingEmgCodes
                | RuleId::RecCodeNcsByStudyCount
                | RuleId::RecRemoveConflictingEmg
        );
        assert_eq!(part_b, !r.sources().is_empty(), "{:?}", r.rule());
        assert_eq!(part_b, r.citations().is_empty(), "{:?}", r.rule());
    }
    let json = serde_json::to_value(&d).unwrap();
    let reasons = json["reasons"].as_array().unwrap();
    let poc = reasons
        .iter()
        .find(|r| r["rule"] == "PIT-POINT-OF-CARE-DEVICE")
        .unwrap();
    assert_eq!(
        poc["sources"],
        serde_json::json!(["aetna-cpb-0502", "uhc-edx"])
    );
    let rf = reasons
        .iter()
        .find(|r| r["rule"] == "RF-ABNORMAL-REFLEXES")
        .unwrap();
    assert!(
        rf.get("sources").is_none(),
        "article rules keep the v1 reason shape"
    );
}

#[test]
fn without_procedures_the_emg_switch_changes_nothing() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vignettes");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let case: Case = serde_json::from_value(doc["case"].clone()).unwrap();
        if !case.procedures().is_empty() {
            continue;
        }
        let policy: Policy = doc
            .get("policy")
            .map(|p| serde_json::from_value(p.clone()).unwrap())
            .unwrap_or_default();
        let on = evaluate(&case, &policy.with_require_needle_emg_with_ncs(true));
        let off = evaluate(&case, &policy.with_require_needle_emg_with_ncs(false));
        assert_eq!(on, off);
        for p in PART_B_PITFALLS {
            assert!(!on.pitfalls().contains(p));
        }
        n += 1;
    }
    assert!(n >= 13, "expected the 13 shared vignettes, saw {n}");
}

// ---------------------------------------------------------------------------------------
// ruleset 3
// ---------------------------------------------------------------------------------------

fn code(cpt: &str) -> CptCode {
    cpt.parse().unwrap()
}

fn counted(cpt: &str, studies: u32) -> Procedure {
    Procedure::new(code(cpt)).with_studies(Studies::new(studies).unwrap())
}

fn eval_lines(lines: &[Procedure]) -> Determination {
    let mut b = clean_indicated();
    for l in lines {
        b = b.procedure(*l);
    }
    evaluate(&b.build().unwrap(), &Policy::default())
}

fn corrections(d: &Determination) -> Vec<(u32, u32)> {
    d.procedure_corrections()
        .map(|c| (c.cpt.value(), c.replacement.value()))
        .collect()
}

const NCS: [&str; 7] = [
    "95907", "95908", "95909", "95910", "95911", "95912", "95913",
];

#[test]
fn ncs_for_studies_follows_the_cpt_tiers() {
    let tiers = [
        (1, 95907),
        (2, 95907),
        (3, 95908),
        (4, 95908),
        (5, 95909),
        (6, 95909),
        (7, 95910),
        (8, 95910),
        (9, 95911),
        (10, 95911),
        (11, 95912),
        (12, 95912),
        (13, 95913),
        (14, 95913),
        (99, 95913),
        (u32::MAX, 95913),
    ];
    for (n, want) in tiers {
        assert_eq!(
            CptCode::ncs_for_studies(n).map(CptCode::value),
            Some(want),
            "{n}"
        );
    }
    assert_eq!(CptCode::ncs_for_studies(0), None);
}

#[test]
fn ncs_code_mismatch_on_and_off() {
    // On: 7 studies billed as 95911 (9-10 studies).
    let d = eval_lines(&[counted("95911", 7), line("95886", 1)]);
    only(
        &d,
        Pitfall::NcsCodeMismatch,
        Recommendation::CodeNcsByStudyCount,
        RuleId::PitNcsCodeMismatch,
    );
    assert_eq!(corrections(&d), [(95911, 95910)]);
    // Off: the right tier, or no study count at all.
    let d = eval_lines(&[counted("95910", 7), line("95886", 1)]);
    clean(&d);
    assert_eq!(corrections(&d), []);
    clean(&eval_lines(&[line("95911", 1), line("95886", 1)]));
}

#[test]
fn ncs_code_mismatch_fires_exactly_off_the_tier_for_every_code_and_count() {
    for cpt in NCS {
        for n in 1..=99 {
            let d = eval_lines(&[counted(cpt, n), line("95886", 1)]);
            let want = CptCode::ncs_for_studies(n).unwrap();
            let mismatch = want != code(cpt);
            assert_eq!(
                d.pitfalls().contains(Pitfall::NcsCodeMismatch),
                mismatch,
                "{cpt} with {n} studies"
            );
            if mismatch {
                assert_eq!(corrections(&d), [(code(cpt).value(), want.value())]);
            } else {
                assert!(corrections(&d).is_empty(), "{cpt} with {n} studies");
            }
        }
    }
}

#[test]
fn code_ncs_by_study_count_on_and_off() {
    let on = eval_lines(&[counted("95907", 13), line("95886", 1)]);
    assert!(on.rule_ids().contains(RuleId::RecCodeNcsByStudyCount));
    assert!(on
        .recommendations()
        .contains(Recommendation::CodeNcsByStudyCount));
    let off = eval_lines(&[counted("95913", 13), line("95886", 1)]);
    assert!(!off.rule_ids().contains(RuleId::RecCodeNcsByStudyCount));
}

#[test]
fn corrections_are_a_set_ordered_by_code_then_replacement() {
    // Two mismatching lines (which also reports NCS twice), one repeated, one right.
    let d = eval_lines(&[
        counted("95913", 3),
        counted("95907", 14),
        counted("95913", 3),
        counted("95913", 5),
        counted("95909", 6),
        line("95886", 1),
    ]);
    assert_eq!(
        corrections(&d),
        [(95907, 95913), (95913, 95908), (95913, 95909)]
    );
    let first = d.procedure_corrections().next().unwrap();
    assert_eq!(
        first,
        ProcedureCorrection {
            cpt: code("95907"),
            replacement: code("95913")
        }
    );
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json["procedure_corrections"],
        serde_json::json!([
            {"cpt": "95907", "replacement": "95913"},
            {"cpt": "95913", "replacement": "95908"},
            {"cpt": "95913", "replacement": "95909"}
        ])
    );
}

/// Each add-on code and the codes CPT says it is not reported with (docs/codes.md, add-on conflicts).
const CONFLICTS: [(&str, &[&str]); 3] = [
    (
        "95885",
        &["95860", "95861", "95863", "95864", "95870", "95905"],
    ),
    (
        "95886",
        &["95860", "95861", "95863", "95864", "95870", "95905"],
    ),
    ("95887", &["95867", "95868", "95869", "95870", "95905"]),
];

const EMG_AND_POC: [&str; 14] = [
    "95860", "95861", "95863", "95864", "95865", "95866", "95867", "95868", "95869", "95870",
    "95905", "95885", "95886", "95887",
];

#[test]
fn conflicting_emg_codes_on_and_off() {
    let on = eval(&[("95909", 1), ("95886", 2), ("95861", 1)]);
    only(
        &on,
        Pitfall::ConflictingEmgCodes,
        Recommendation::RemoveConflictingEmgCodes,
        RuleId::PitConflictingEmgCodes,
    );
    clean(&eval(&[("95909", 1), ("95886", 2)]));
    clean(&eval(&[("95909", 1), ("95861", 1)]));
}

#[test]
fn conflicting_emg_codes_fire_for_exactly_the_listed_pairs() {
    for (add_on, _) in CONFLICTS {
        for other in EMG_AND_POC {
            let listed = CONFLICTS
                .iter()
                .any(|(a, others)| *a == add_on && others.contains(&other));
            // Order of lines never matters.
            for lines in [
                [("95909", 1), (add_on, 1), (other, 1)],
                [(other, 1), ("95909", 1), (add_on, 1)],
            ] {
                let d = eval(&lines);
                assert_eq!(
                    d.pitfalls().contains(Pitfall::ConflictingEmgCodes),
                    listed,
                    "{add_on} with {other}"
                );
            }
        }
    }
    // Stand-alone codes together, or add-ons together, never conflict.
    for (a, b) in [("95860", "95870"), ("95885", "95886"), ("95886", "95887")] {
        let d = eval(&[("95909", 1), (a, 1), (b, 1)]);
        assert!(
            !d.pitfalls().contains(Pitfall::ConflictingEmgCodes),
            "{a} {b}"
        );
    }
}

#[test]
fn remove_conflicting_emg_codes_on_and_off() {
    let on = eval(&[("95909", 1), ("95887", 1), ("95869", 1)]);
    assert!(on.rule_ids().contains(RuleId::RecRemoveConflictingEmg));
    let off = eval(&[("95909", 1), ("95887", 1), ("95865", 1)]);
    assert!(!off.rule_ids().contains(RuleId::RecRemoveConflictingEmg));
    assert!(!off
        .recommendations()
        .contains(Recommendation::RemoveConflictingEmgCodes));
}

#[test]
fn a_needle_emg_exception_lifts_ncs_without_needle_emg() {
    let ncs_only = |exceptions: &[NeedleEmgException]| {
        let mut b = clean_indicated().procedure(line("95908", 1));
        for e in exceptions {
            b = b.needle_emg_exception(*e);
        }
        evaluate(&b.build().unwrap(), &Policy::default())
    };
    let on = ncs_only(&[]);
    assert!(on.rule_ids().contains(RuleId::PitNcsWithoutNeedleEmg));
    for e in [
        NeedleEmgException::Anticoagulation,
        NeedleEmgException::Lymphedema,
        NeedleEmgException::NeedleIntolerance,
        NeedleEmgException::FollowUpStudy,
    ] {
        let off = ncs_only(&[e]);
        assert!(
            !off.rule_ids().contains(RuleId::PitNcsWithoutNeedleEmg),
            "{e}"
        );
        clean(&off);
        assert_eq!(
            ncs_only(&[e, e, NeedleEmgException::Lymphedema]),
            ncs_only(&[NeedleEmgException::Lymphedema, e])
        );
    }
    // An exception changes nothing else: other procedure pitfalls still fire.
    let d = evaluate(
        &clean_indicated()
            .procedure(line("95905", 1))
            .needle_emg_exception(NeedleEmgException::Anticoagulation)
            .build()
            .unwrap(),
        &Policy::default(),
    );
    assert!(d.pitfalls().contains(Pitfall::PointOfCareDevice));
}

/// Fasciculations on exam, coded, with a differential: indicated, documented, no ruleset 1
/// pitfall, and cramp-fasciculation syndrome suspected.
fn fasciculation_workup() -> CaseBuilder {
    Case::builder()
        .diagnosis("R25.2".parse().unwrap())
        .diagnosis("R25.3".parse().unwrap())
        .finding(Finding::new(FindingKind::Fasciculations).with_source(FindingSource::Exam))
        .differential(DifferentialCondition::MotorNeuronDisease)
}

fn eval_workup(lines: &[(&str, u32)]) -> Determination {
    let mut b = fasciculation_workup();
    for (cpt, units) in lines {
        b = b.procedure(line(cpt, *units));
    }
    evaluate(&b.build().unwrap(), &Policy::default())
}

#[test]
fn add_repetitive_nerve_stimulation_on_and_off() {
    let on = eval_workup(&[("95909", 1), ("95886", 2)]);
    assert!(on.rule_ids().contains(RuleId::RecAddRepetitiveStimulation));
    assert!(on
        .recommendations()
        .contains(Recommendation::AddRepetitiveNerveStimulation));
    assert!(on.pitfalls().is_empty(), "a recommendation, not a pitfall");
    assert_eq!(on.coverage(), Coverage::LikelyCovered);
    // Off: 95937 requested, or no NCS requested, or no hyperexcitability suspected.
    for off in [
        eval_workup(&[("95909", 1), ("95886", 2), ("95937", 2)]),
        eval_workup(&[("95860", 1)]),
        eval_workup(&[]),
        eval(&[("95909", 1), ("95886", 2)]),
    ] {
        assert!(
            !off.rule_ids().contains(RuleId::RecAddRepetitiveStimulation),
            "{off:?}"
        );
    }
}
