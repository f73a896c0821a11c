//! Documentation gaps (RULES.md, only when indicated)

use super::*;

#[test]
fn gap_physical_exam() {
    // Indicated by a specific diagnosis (no other gap applies).
    let on = run(dx(&["G62.9"]).finding(hx(Numbness)));
    // Exam documented by a pertinent negative: absence still means the exam was done.
    let off = run(dx(&["G62.9"])
        .finding(hx(Numbness))
        .finding(absent_exam(MuscleWeakness)));
    assert_toggles(RuleId::GapPhysicalExam, &on, &off);
    assert!(on
        .documentation_gaps()
        .contains(DocumentationGap::PhysicalExam));
    assert!(
        off.documentation_gaps().is_empty(),
        "{:?}",
        off.documentation_gaps()
    );
    assert_eq!(off.coverage(), Coverage::LikelyCovered);

    // Not indicated: no gap even without an exam.
    let d = run(r252());
    assert!(
        d.documentation_gaps().is_empty(),
        "gaps only when indicated"
    );
    assert_not_fired(RuleId::GapPhysicalExam, &d, "not indicated");
}

#[test]
fn exam_documented_by_any_record_from_the_exam() {
    for f in [
        exam(Numbness),
        absent_exam(Numbness),
        exam(NocturnalCramps),
        absent_exam(SevereSymptoms),
    ] {
        let d = run(dx(&["G62.9"]).finding(f));
        assert!(
            !d.documentation_gaps()
                .contains(DocumentationGap::PhysicalExam),
            "{f:?} documents an exam"
        );
        assert!(!d.pitfalls().contains(Pitfall::LackOfClinicalCorrelation));
    }
    // History records, present or absent, do not.
    for f in [hx(Numbness), absent_hx(Numbness)] {
        let d = run(dx(&["G62.9"]).finding(f));
        assert!(
            d.documentation_gaps()
                .contains(DocumentationGap::PhysicalExam),
            "{f:?} is no exam"
        );
    }
}

#[test]
fn gap_neuro_findings() {
    // Indicated because refractory, with an exam and a differential, but no finding.
    let base = || {
        r252()
            .finding(absent_exam(MuscleWeakness))
            .trial(trial(Therapy::Hydration, TrialOutcome::Unchanged))
            .differential(DifferentialCondition::Myopathy)
    };
    let on = run(base());
    let off = run(base().finding(exam(AbnormalReflexes)));
    assert_toggles(RuleId::GapNeurologicalFindings, &on, &off);
    assert_eq!(on.indication(), Indication::Indicated);
    let got: Vec<_> = on.documentation_gaps().iter().collect();
    assert_eq!(got, [DocumentationGap::NeurologicalFindings]);
    assert!(off.documentation_gaps().is_empty());

    // Justified also by a specific diagnosis or task-specific cramps ...
    let d = run(base().diagnosis(code("G62.9")));
    assert_not_fired(RuleId::GapNeurologicalFindings, &d, "specific dx");
    let d = run(base().finding(hx(TaskSpecificCramps)));
    assert_not_fired(RuleId::GapNeurologicalFindings, &d, "task-specific");
    // ... but not by a course red flag, which is not a neurological finding.
    let d = run(base().finding(hx(ProgressiveCourse)));
    assert_fired(
        RuleId::GapNeurologicalFindings,
        &d,
        "progressive course is not kinds 1-10",
    );
}

#[test]
fn gap_conservative_trial() {
    // Indicated by a course red flag only: not justified and not refractory.
    let base = || {
        r252()
            .finding(hx(ProgressiveCourse))
            .finding(absent_exam(MuscleWeakness))
            .differential(DifferentialCondition::Neuropathy)
    };
    let on = run(base());
    let off = run(base().trial(trial(Therapy::Stretching, TrialOutcome::Worsened)));
    assert_toggles(RuleId::GapConservativeTrial, &on, &off);
    let got: Vec<_> = on.documentation_gaps().iter().collect();
    assert_eq!(
        got,
        [
            DocumentationGap::NeurologicalFindings,
            DocumentationGap::ConservativeTrial
        ]
    );
    let got: Vec<_> = off.documentation_gaps().iter().collect();
    assert_eq!(got, [DocumentationGap::NeurologicalFindings]);

    // A justified case needs no trial.
    let d = run(base().finding(hx(BurningPain)));
    assert_not_fired(RuleId::GapConservativeTrial, &d, "justified by a finding");
    // An ongoing trial is not a failed one.
    let d = run(base().trial(trial(Therapy::Stretching, TrialOutcome::Ongoing)));
    assert_fired(RuleId::GapConservativeTrial, &d, "ongoing trial");
}

#[test]
fn gap_differential() {
    let base = || dx(&["R25.2", "R25.3"]).finding(exam(Fasciculations));
    let on = run(base());
    let off = run(base().differential(DifferentialCondition::MotorNeuronDisease));
    assert_toggles(RuleId::GapDifferential, &on, &off);
    let got: Vec<_> = on.documentation_gaps().iter().collect();
    assert_eq!(got, [DocumentationGap::DifferentialDiagnosis]);
    assert!(off.documentation_gaps().is_empty());

    // Policy switch: require_differential = false waives it.
    let relaxed = Policy::default().with_require_differential(false);
    let d = run_with(base(), &relaxed);
    assert_not_fired(RuleId::GapDifferential, &d, "require_differential=false");
    assert!(d.documentation_gaps().is_empty());
    assert_eq!(d.coverage(), Coverage::LikelyCovered);
    assert!(!d
        .recommendations()
        .contains(Recommendation::DocumentDifferential));

    // A specific diagnosis is its own differential.
    let d = run(dx(&["G12.21"]).finding(exam(Fasciculations)));
    assert_not_fired(RuleId::GapDifferential, &d, "specific dx");

    // Not indicated: no gap.
    let d = run(r252().finding(absent_exam(Fasciculations)));
    assert_not_fired(RuleId::GapDifferential, &d, "not indicated");
}
