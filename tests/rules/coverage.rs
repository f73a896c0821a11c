//! Coverage (RULES.md)

use super::*;

/// Indicated, exam documented, supporting code, differential: nothing missing.
pub(super) fn well_documented() -> CaseBuilder {
    dx(&["R25.2", "R25.3"])
        .finding(exam(Fasciculations))
        .differential(DifferentialCondition::MotorNeuronDisease)
}

#[test]
fn cov_likely_covered() {
    let on = run(well_documented());
    let off = run(well_documented()
        .diagnosis(code("R25.2"))
        .finding(hx(Numbness)));
    // `off` only adds a finding whose code is missing: not a pitfall, so still covered.
    assert_eq!(off.coverage(), Coverage::LikelyCovered);
    let off = run(dx(&["R25.2"])
        .finding(exam(Fasciculations))
        .differential(DifferentialCondition::MotorNeuronDisease));
    assert_toggles(RuleId::CovLikelyCovered, &on, &off);
    assert_eq!(on.coverage(), Coverage::LikelyCovered);
    assert!(on.documentation_gaps().is_empty() && on.pitfalls().is_empty());
    assert_eq!(off.coverage(), Coverage::AtRisk, "symptom-only coding");
}

#[test]
fn cov_at_risk() {
    // A gap alone makes it at risk ...
    let on = run(dx(&["R25.2", "R25.3"]).finding(exam(Fasciculations)));
    let off = run(well_documented());
    assert_toggles(RuleId::CovAtRisk, &on, &off);
    assert_eq!(on.coverage(), Coverage::AtRisk);
    assert!(
        on.pitfalls().is_empty(),
        "only a gap here: {:?}",
        on.pitfalls()
    );
    assert_eq!(off.coverage(), Coverage::LikelyCovered);

    // ... and so does a pitfall alone.
    let d = run(dx(&["R25.2", "R25.3"])
        .finding(hx(Fasciculations))
        .differential(DifferentialCondition::MotorNeuronDisease));
    // No exam: both gap physical_exam and pitfall lack_of_clinical_correlation.
    assert_eq!(d.coverage(), Coverage::AtRisk);
    let d = run(dx(&["R25.2"])
        .finding(exam(Fasciculations))
        .differential(DifferentialCondition::MotorNeuronDisease));
    assert!(d.documentation_gaps().is_empty());
    assert_eq!(d.pitfalls().len(), 1);
    assert_eq!(d.coverage(), Coverage::AtRisk, "pitfall only");
    assert_fired(RuleId::CovAtRisk, &d, "pitfall only");
}

#[test]
fn cov_likely_denied() {
    let on = run(r252().finding(absent_exam(Fasciculations)));
    let off = run(r252().finding(exam(Fasciculations)));
    assert_toggles(RuleId::CovLikelyDenied, &on, &off);
    assert_eq!(on.coverage(), Coverage::LikelyDenied);
    assert_ne!(off.coverage(), Coverage::LikelyDenied);
    // Both non-indicated verdicts are denied, however well documented.
    let d = run(dx(&["R25.2", "R25.3"])
        .finding(exam(NocturnalCramps))
        .differential(DifferentialCondition::Myopathy));
    assert_eq!(d.indication(), Indication::NotIndicated);
    assert_eq!(d.coverage(), Coverage::LikelyDenied);
    assert_not_fired(RuleId::CovLikelyCovered, &d, "not indicated");
    assert_not_fired(RuleId::CovAtRisk, &d, "not indicated");
}

#[test]
fn exactly_one_coverage_reason_matching_the_outlook() {
    for b in [
        r252(),
        well_documented(),
        r252().finding(hx(NocturnalCramps)),
    ] {
        let d = run(b);
        let cov: Vec<RuleId> = [
            RuleId::CovLikelyCovered,
            RuleId::CovAtRisk,
            RuleId::CovLikelyDenied,
        ]
        .into_iter()
        .filter(|id| fired(&d, *id))
        .collect();
        let want = match d.coverage() {
            Coverage::LikelyCovered => RuleId::CovLikelyCovered,
            Coverage::AtRisk => RuleId::CovAtRisk,
            _ => RuleId::CovLikelyDenied,
        };
        assert_eq!(cov, [want], "{d:?}");
    }
}
