//! Determinism, invariance and the JSON round trips.

use super::*;

proptest! {
    #![proptest_config(config(CASES))]

    /// The same input gives the same output, also through a clone and through JSON.
    #[test]
    fn evaluation_is_deterministic(c in case(), p in policy()) {
        let a = evaluate(&c, &p);
        let b = evaluate(&c.clone(), &p);
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    }

    /// Shuffling and duplicating entries of any list (procedures included) changes nothing.
    #[test]
    fn order_and_duplicates_do_not_matter((c, perturbed) in case_and_perturbed(case()), p in policy()) {
        prop_assert_eq!(evaluate(&c, &p), evaluate(&perturbed, &p));
    }

    /// `clone_from` (which the path to coverage uses to reuse a case's memory) gives what
    /// `clone` gives, over any case it overwrites.
    #[test]
    fn clone_from_is_clone(c in case(), other in case()) {
        let mut into = other;
        into.clone_from(&c);
        prop_assert_eq!(&into, &c);
        prop_assert_eq!(evaluate(&into, &Policy::default()), evaluate(&c, &Policy::default()));
    }

    #[test]
    fn case_json_round_trip(c in case()) {
        let json = serde_json::to_string(&c).unwrap();
        let back: Case = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, c);
    }

    #[test]
    fn policy_json_round_trip(p in policy()) {
        let json = serde_json::to_string(&p).unwrap();
        let back: Policy = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, p);
    }

    #[test]
    fn determination_json_round_trip(c in case(), p in policy()) {
        let d = evaluate(&c, &p);
        let json = serde_json::to_string(&d).unwrap();
        let back: Determination = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &d);
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }

    /// The ICD-10-CM spellings the strategy makes normalise to the expected form.
    #[test]
    fn odd_icd_spellings_normalise((text, normal) in strategies::icd_spelling()) {
        let code = edx_coverage::IcdCode::parse(&text);
        prop_assert_eq!(code.map(|c| c.to_string()), Ok(normal));
    }
}

proptest! {
    #![proptest_config(config(LONG_CASES))]

    /// Long lists (up to 1,000 entries): determinism, order/duplicate invariance, round trip.
    #[test]
    fn long_lists_behave((c, perturbed) in case_and_perturbed(case_with_max_len(MAX_ENTRIES)), p in policy()) {
        let d = evaluate(&c, &p);
        prop_assert_eq!(&d, &evaluate(&c, &p));
        prop_assert_eq!(&d, &evaluate(&perturbed, &p));
        let back: Case = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        prop_assert_eq!(back, c);
    }
}
