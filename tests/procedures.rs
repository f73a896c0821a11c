//! SPEC Part B (ruleset 2): each procedure rule fires exactly when the spec says, the policy
//! switch works, an indicated case with any of them is `at_risk`, and cases without
//! procedures decide exactly as under Part A.

use edx_coverage::{
    evaluate, Case, CaseBuilder, Coverage, Determination, Finding, FindingKind, FindingSource,
    Indication, Pitfall, Policy, Procedure, Recommendation, RuleId, Units,
};

/// Indicated, fully documented, no Part A pitfall: polyneuropathy code + abnormal reflexes.
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

const PART_B_PITFALLS: [Pitfall; 4] = [
    Pitfall::NcsWithoutNeedleEmg,
    Pitfall::PointOfCareDevice,
    Pitfall::NcsReportedMoreThanOnce,
    Pitfall::EmgAddOnWithoutNcs,
];

fn only(d: &Determination, p: Pitfall, r: Recommendation, id: RuleId) {
    assert_eq!(d.pitfalls().iter().collect::<Vec<_>>(), [p], "{d:?}");
    assert_eq!(d.recommendations().iter().collect::<Vec<_>>(), [r], "{d:?}");
    assert!(d.rule_ids().contains(id));
    assert_eq!(d.indication(), Indication::Indicated);
    assert_eq!(
        d.coverage(),
        Coverage::AtRisk,
        "any Part B pitfall puts an indicated case at risk"
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
    let d = eval(&[("95905", 1), ("95909", 1), ("95886", 1)]);
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
fn a_verbatim_duplicate_ncs_line_is_the_same_entry() {
    // The evaluator never depends on duplicated input entries (SPEC, Part A preamble), so a
    // repeated identical line is read as one line. Different codes or units > 1 still fire.
    clean(&eval(&[("95909", 1), ("95909", 1), ("95886", 1)]));
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
    // Part B recommendations come after Part A's.
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
        );
        assert_eq!(part_b, !r.sources().is_empty(), "{:?}", r.rule());
        assert_eq!(part_b, r.citations().is_empty(), "{:?}", r.rule());
    }
    let json = serde_json::to_value(d).unwrap();
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
