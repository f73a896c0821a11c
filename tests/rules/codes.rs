//! Suggested codes (RULES.md, `CODE-CANDIDATE`; docs/codes.md)

use super::*;

/// docs/codes.md: candidate code per finding, in finding-table order.
const CANDIDATES: [(FindingKind, &str); 8] = [
    (Fasciculations, "R25.3"),
    (MuscleWeakness, "M62.81"),
    (MuscleAtrophy, "M62.50"),
    (AbnormalReflexes, "R29.2"),
    (SensoryLoss, "R20.1"),
    (Numbness, "R20.0"),
    (BurningPain, "R20.8"),
    (NeuropathicPain, "M79.2"),
];

pub(super) fn suggested(d: &Determination) -> Vec<(FindingKind, String)> {
    d.suggested_codes()
        .map(|s| (s.finding, s.code.to_string()))
        .collect()
}

#[test]
fn code_candidate() {
    for (kind, want) in CANDIDATES {
        let on = run(r252().finding(hx(kind)));
        let off = run(r252().finding(absent_hx(kind)));
        assert_toggles(RuleId::CodeCandidate, &on, &off);
        assert_eq!(suggested(&on), [(kind, want.to_owned())], "{kind}");
        assert!(suggested(&off).is_empty(), "{kind} absent");

        // Skipped when the exact same code is already a diagnosis.
        let coded = run(dx(&["R25.2", want]).finding(hx(kind)));
        assert!(suggested(&coded).is_empty(), "{kind}: {want} already coded");
        assert_not_fired(RuleId::CodeCandidate, &coded, "already coded");
    }
    // Kinds without a candidate code suggest nothing.
    for kind in [
        Myokymia,
        AutonomicDysfunction,
        ProgressiveCourse,
        FunctionalImpairment,
        FamilyHistoryNeuromuscular,
        MuscleStiffness,
        ExerciseIntolerance,
        TaskSpecificCramps,
        SevereSymptoms,
        NocturnalCramps,
        ExerciseAssociatedCramps,
    ] {
        let d = run(r252().finding(exam(kind)));
        assert!(suggested(&d).is_empty(), "{kind} has no candidate code");
        assert_not_fired(RuleId::CodeCandidate, &d, "no candidate");
    }
}

#[test]
fn suggested_codes_compare_normalised_codes() {
    for written in ["r253", "R253", " r25.3 ", "R25.3"] {
        let d = run(dx(&["R25.2", written]).finding(exam(Fasciculations)));
        assert!(
            suggested(&d).is_empty(),
            "{written:?} normalises to R25.3, already on the order: {:?}",
            suggested(&d)
        );
    }
    // Only the exact code counts: another code of the same block does not.
    let d = run(dx(&["R25.2", "R20.2"]).finding(hx(Numbness)));
    assert_eq!(suggested(&d), [(Numbness, "R20.0".to_owned())]);
    let d = run(dx(&["R25.2", "M62.561"]).finding(hx(MuscleAtrophy)));
    assert_eq!(suggested(&d), [(MuscleAtrophy, "M62.50".to_owned())]);
    // A code coded for one finding does not hide another's.
    let d = run(dx(&["R25.2", "R25.3"])
        .finding(hx(Fasciculations))
        .finding(hx(NeuropathicPain)));
    assert_eq!(suggested(&d), [(NeuropathicPain, "M79.2".to_owned())]);
}

#[test]
fn suggested_codes_follow_finding_table_order() {
    let d = run(r252()
        .finding(hx(NeuropathicPain))
        .finding(exam(MuscleWeakness))
        .finding(hx(Fasciculations)));
    assert_eq!(
        suggested(&d),
        [
            (Fasciculations, "R25.3".to_owned()),
            (MuscleWeakness, "M62.81".to_owned()),
            (NeuropathicPain, "M79.2".to_owned()),
        ]
    );
}
