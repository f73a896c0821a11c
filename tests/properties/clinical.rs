//! The clinical rules: red flags, specific diagnoses, the outlook, emitted sets and citations.

use super::*;

proptest! {
    #![proptest_config(config(CASES))]

    /// A new present red flag never lowers the indication (and in fact makes it indicated).
    #[test]
    fn a_red_flag_never_lowers_the_indication(
        c in case(),
        p in policy(),
        kind in strategies::red_flag_kind(),
        source in strategies::member::<FindingSource>(),
    ) {
        let before = evaluate(&c, &p).indication();
        let after = evaluate(&add_present(&c, kind, source), &p).indication();
        prop_assert!(indication_rank(after) >= indication_rank(before), "{before} -> {after}");
        prop_assert_eq!(after, Indication::Indicated);
    }

    /// A specific neuromuscular diagnosis always makes testing indicated.
    #[test]
    fn a_specific_diagnosis_makes_testing_indicated(
        c in case(),
        p in policy(),
        code in strategies::icd_code_of_class(CodeClass::SpecificNeuromuscular),
    ) {
        let mut parts = Parts::of(&c);
        if parts.diagnoses.len() >= MAX_ENTRIES {
            parts.diagnoses.pop();
        }
        parts.diagnoses.push(Diagnosis::new(code));
        let d = evaluate(&parts.build(), &p);
        prop_assert_eq!(d.indication(), Indication::Indicated);
    }

    /// Coverage (RULES.md, `COV-*`): likely_covered ⇔ indicated, no gap, no pitfall; at_risk ⇔ indicated otherwise.
    #[test]
    fn coverage_follows_indication_gaps_and_pitfalls(c in case(), p in policy()) {
        let d = evaluate(&c, &p);
        let indicated = d.indication() == Indication::Indicated;
        let clean = d.documentation_gaps().is_empty() && d.pitfalls().is_empty();
        if d.coverage() == Coverage::LikelyCovered {
            prop_assert!(indicated && clean, "{:?}", d);
        }
        let expected = match (indicated, clean) {
            (true, true) => Coverage::LikelyCovered,
            (true, false) => Coverage::AtRisk,
            (false, _) => Coverage::LikelyDenied,
        };
        prop_assert_eq!(d.coverage(), expected);
        // Gaps only ever accompany an indicated case (RULES.md).
        prop_assert!(indicated || d.documentation_gaps().is_empty());
    }

    /// Every emitted list is in declaration order (`Member::ALL`), without duplicates,
    /// checked on the serialised JSON.
    #[test]
    fn emitted_lists_are_sets_in_declaration_order(c in case(), p in policy()) {
        let d = evaluate(&c, &p);
        let json: Value = serde_json::to_value(&d).unwrap();
        let obj = json.as_object().unwrap();
        prop_assert_eq!(obj.len(), 13);
        // Diagnosis code issues: distinct codes, by code without dots (ruleset 4).
        let issues: Vec<String> = names_in(&json, "diagnosis_code_issues", "code")
            .iter()
            .map(|c| c.replace('.', ""))
            .collect();
        prop_assert!(issues.windows(2).all(|w| w[0] < w[1]), "issues: {:?}", issues);
        let corrections: Vec<usize> = json["procedure_corrections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let code = |k: &str| c[k].as_str().unwrap().parse::<usize>().unwrap();
                code("cpt") * 100_000 + code("replacement")
            })
            .collect();
        let checks: [(&str, Vec<usize>); 10] = [
            ("red_flags", positions::<FindingKind>(&names(&json, "red_flags"), FindingKind::as_str)),
            ("suspected_conditions", positions::<SuspectedCondition>(&names(&json, "suspected_conditions"), SuspectedCondition::as_str)),
            ("documentation_gaps", positions::<DocumentationGap>(&names(&json, "documentation_gaps"), DocumentationGap::as_str)),
            ("pitfalls", positions::<Pitfall>(&names(&json, "pitfalls"), Pitfall::as_str)),
            ("recommendations", positions::<Recommendation>(&names(&json, "recommendations"), Recommendation::as_str)),
            ("recommended_labs", positions::<LabTest>(&names(&json, "recommended_labs"), LabTest::as_str)),
            ("suggested_codes", positions::<FindingKind>(&names_in(&json, "suggested_codes", "finding"), FindingKind::as_str)),
            ("reasons", positions::<RuleId>(&names_in(&json, "reasons", "rule"), RuleId::as_str)),
            ("procedure_corrections", corrections),
            // Suggested codes are distinct codes too.
            ("suggested_codes.code", {
                let codes = names_in(&json, "suggested_codes", "code");
                let mut sorted = codes.clone();
                sorted.sort_unstable();
                sorted.dedup();
                if sorted.len() == codes.len() { vec![] } else { vec![1, 0] }
            }),
        ];
        for (field, idx) in checks {
            prop_assert!(strictly_increasing(&idx), "{} out of order or repeated: {}", field, json[field.split('.').next().unwrap()]);
        }
        prop_assert!(!json["reasons"].as_array().unwrap().is_empty());
    }

    /// Every citation is one of the article's references, 1–7, listed once.
    #[test]
    fn citations_are_references_one_to_seven(c in case(), p in policy()) {
        let d = evaluate(&c, &p);
        let json: Value = serde_json::to_value(&d).unwrap();
        for reason in json["reasons"].as_array().unwrap() {
            let cites: Vec<u64> = reason["citations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap())
                .collect();
            prop_assert!(cites.iter().all(|n| (1..=7).contains(n)), "{}", reason);
            prop_assert!(cites.windows(2).all(|w| w[0] < w[1]), "{}", reason);
            let sources = reason.get("sources").and_then(Value::as_array).map_or(0, Vec::len);
            prop_assert!(!cites.is_empty() || sources > 0, "{} rests on nothing", reason);
        }
        for r in d.reasons() {
            prop_assert!(r.citations().iter().all(|n| (1..=7).contains(n)));
            for n in r.citations() {
                prop_assert!(edx_coverage::citation(*n).is_some());
            }
        }
    }
}
