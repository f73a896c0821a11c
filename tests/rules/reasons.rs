//! Reasons and citations (RULES.md, article references)

use super::coverage::well_documented;
use super::*;

/// Every rule has a test in one of the files beside this one (or the file named); adding a
/// rule id without one fails here.
const TESTED: &[RuleId] = &[
    RuleId::RfFasciculations,
    RuleId::RfMyokymia,
    RuleId::RfMuscleWeakness,
    RuleId::RfMuscleAtrophy,
    RuleId::RfAbnormalReflexes,
    RuleId::RfSensoryLoss,
    RuleId::RfNumbness,
    RuleId::RfBurningPain,
    RuleId::RfNeuropathicPain,
    RuleId::RfAutonomicDysfunction,
    RuleId::RfProgressiveCourse,
    RuleId::RfFunctionalImpairment,
    RuleId::RfFamilyHistory,
    RuleId::ScCrampFasciculation,
    RuleId::ScPeripheralNeuropathy,
    RuleId::ScProgressiveOrRefractory,
    RuleId::ScOccupationalDystonia,
    RuleId::IndRedFlag,
    RuleId::IndSpecificDiagnosis,
    RuleId::IndTaskSpecific,
    RuleId::IndRefractory,
    RuleId::IndNotResponsive,
    RuleId::IndNotBenignPattern,
    RuleId::IndNotYet,
    RuleId::GapPhysicalExam,
    RuleId::GapNeurologicalFindings,
    RuleId::GapConservativeTrial,
    RuleId::GapDifferential,
    RuleId::PitSymptomOnlyCoding,
    RuleId::PitNoClinicalCorrelation,
    RuleId::PitPrematureTesting,
    RuleId::CovLikelyCovered,
    RuleId::CovAtRisk,
    RuleId::CovLikelyDenied,
    RuleId::CodeCandidate,
    RuleId::RecDocumentExam,
    RuleId::RecDocumentDifferential,
    RuleId::RecAddSupportingCodes,
    RuleId::RecHyperexcitabilityProtocol,
    RuleId::RecConservativeManagement,
    RuleId::RecLaboratoryScreening,
    RuleId::RecCorrectMetabolic,
    RuleId::RecMembraneStabilizer,
    RuleId::RecReassess,
    // Ruleset 2: tested one by one in tests/procedures.rs.
    RuleId::PitNcsWithoutNeedleEmg,
    RuleId::PitPointOfCareDevice,
    RuleId::PitNcsReportedMoreThanOnce,
    RuleId::PitEmgAddOnWithoutNcs,
    RuleId::RecAddNeedleEmg,
    RuleId::RecReplacePointOfCare,
    RuleId::RecReportNcsOnce,
    RuleId::RecUseStandaloneEmg,
    // Ruleset 3: tested one by one in tests/procedures.rs.
    RuleId::PitNcsCodeMismatch,
    RuleId::PitConflictingEmgCodes,
    RuleId::RecCodeNcsByStudyCount,
    RuleId::RecRemoveConflictingEmg,
    RuleId::RecAddRepetitiveStimulation,
    // Ruleset 4: tested one by one in tests/code_set.rs.
    RuleId::PitNonBillableDiagnosisCode,
    RuleId::PitUnknownDiagnosisCode,
    RuleId::RecUseBillableCodes,
];

#[test]
fn every_rule_id_has_a_test() {
    let untested: Vec<_> = RuleId::ALL
        .iter()
        .filter(|id| !TESTED.contains(id))
        .collect();
    assert!(untested.is_empty(), "rule ids without a test: {untested:?}");
    assert_eq!(TESTED.len(), RuleId::ALL.len());
}

#[test]
fn every_rule_cites_the_article() {
    // ruleset 1's rules all rest on the article, so each cites at least one of its numbers.
    // (Rules of later parts may rest on the sources of RULES.md instead and cite none of 1-7.)
    for id in TESTED {
        assert!(
            !id.citations().is_empty() || !id.sources().is_empty(),
            "{id} cites nothing"
        );
        // ruleset 1 rules cite the article; ruleset 2 rules cite payer sources instead. The one
        // rule that rests on both is ruleset 3's repetitive-stimulation recommendation.
        if *id != RuleId::RecAddRepetitiveStimulation {
            assert!(
                id.citations().is_empty() != id.sources().is_empty(),
                "{id} should cite exactly one kind of basis"
            );
        }
    }
    for id in RuleId::ALL {
        let cites = id.citations();
        assert!(
            cites.iter().all(|n| (1..=7).contains(n)),
            "{id} cites outside 1-7: {cites:?}"
        );
        assert!(
            cites.windows(2).all(|w| w[0] < w[1]),
            "{id}: citations should be distinct and ascending: {cites:?}"
        );
    }
}

#[test]
fn citations_are_the_numbers_the_article_attaches() {
    // Statements of the article that carry exactly one set of numbers.
    let want: &[(RuleId, &[u8])] = &[
        (RuleId::RfFasciculations, &[3]), // "Visible fasciculations or myokymia" 3
        (RuleId::RfMyokymia, &[3]),       // idem
        (RuleId::RfMuscleWeakness, &[4]), // "Muscle weakness, atrophy, or abnormal reflexes" 4
        (RuleId::RfMuscleAtrophy, &[4]),  // idem
        (RuleId::RfAbnormalReflexes, &[4]), // idem
        (RuleId::RfNumbness, &[2]),       // "Sensory symptoms (numbness, burning, ...)" 2
        (RuleId::RfBurningPain, &[2]),    // idem
        (RuleId::RfNeuropathicPain, &[2]), // idem
        (RuleId::RfAutonomicDysfunction, &[2]), // "Autonomic dysfunction" 2
        (RuleId::RfProgressiveCourse, &[5]), // "Progressive symptoms or functional impairment" 5
        (RuleId::RfFunctionalImpairment, &[5]), // idem
        (RuleId::RfFamilyHistory, &[7]),  // "Family history of neuromuscular disease" 7
        (RuleId::ScCrampFasciculation, &[2, 3]), // "Cramp-fasciculation syndrome" 2, 3
        (RuleId::ScPeripheralNeuropathy, &[4]), // "Peripheral neuropathy suspicion" 4
        (RuleId::ScProgressiveOrRefractory, &[5]), // "Progressive or severe symptoms" 5
        (RuleId::ScOccupationalDystonia, &[6]), // "Occupational dystonia" 6
        (RuleId::IndTaskSpecific, &[6]),
        (RuleId::IndNotResponsive, &[5]), // "Cramps responsive to conservative measures" 5
        (RuleId::IndNotBenignPattern, &[5]), // nocturnal / exercise-associated 5
        (RuleId::GapNeurologicalFindings, &[1]), // "Clinical justification" 1
        (RuleId::GapConservativeTrial, &[5]), // "Failed conservative management" 5
        (RuleId::GapDifferential, &[1]),  // "Differential diagnosis" 1
        (RuleId::PitSymptomOnlyCoding, &[1]),
        (RuleId::PitNoClinicalCorrelation, &[1]),
        (RuleId::PitPrematureTesting, &[5]),
        (RuleId::RecLaboratoryScreening, &[5]), // "Limited laboratory screening" 5
        (RuleId::RecMembraneStabilizer, &[2, 3]), // "membrane-stabilizing medications" 2, 3
        (RuleId::RecReassess, &[3]),            // "Reserve EMG-NCV ... new neurological signs" 3
    ];
    for (id, cites) in want {
        assert_eq!(id.citations(), *cites, "{id}");
    }
}

#[test]
fn reasons_carry_their_rule_citations() {
    let d = run(r252().finding(exam(Fasciculations)));
    let v = serde_json::to_value(&d).unwrap();
    for (i, reason) in v["reasons"].as_array().unwrap().iter().enumerate() {
        let rule: RuleId = serde_json::from_value(reason["rule"].clone()).unwrap();
        let cites: Vec<u8> = serde_json::from_value(reason["citations"].clone()).unwrap();
        assert_eq!(cites, rule.citations(), "reasons[{i}] {rule}");
    }
    let ids: Vec<RuleId> = d.reasons().map(|r| r.rule()).collect();
    let from_set: Vec<RuleId> = d.rule_ids().iter().collect();
    assert_eq!(ids, from_set, "reasons() and rule_ids() agree");
}

#[test]
fn every_determination_has_a_reason_for_each_verdict() {
    let cases = [
        r252(),
        r252().finding(exam(Fasciculations)),
        r252().finding(hx(NocturnalCramps)),
        full_panel(well_documented()),
    ];
    for b in cases {
        let d = run(b);
        assert_ne!(d.reasons().len(), 0, "reasons never empty");
        let ind = [
            RuleId::IndRedFlag,
            RuleId::IndSpecificDiagnosis,
            RuleId::IndTaskSpecific,
            RuleId::IndRefractory,
            RuleId::IndNotResponsive,
            RuleId::IndNotBenignPattern,
            RuleId::IndNotYet,
        ];
        assert!(
            ind.iter().any(|id| fired(&d, *id)),
            "no indication reason: {d:?}"
        );
    }
}
