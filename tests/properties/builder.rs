//! `CaseBuilder::build_into`: the case `build` makes, in a case that already exists.

use super::*;

proptest! {
    #![proptest_config(config(CASES / 4))]

    /// Built into any case, a builder's entries make exactly the case `build` makes; the
    /// builder is left empty, and building it again into the same case is refused with
    /// `build`'s error, leaving that case as it was.
    #[test]
    fn build_into_makes_the_case_build_makes(before in case(), next in case()) {
        let mut slot = before.clone();
        let mut builder = next.to_builder();
        prop_assert_eq!(builder.build_into(&mut slot), Ok(()));
        prop_assert_eq!(&slot, &next);
        prop_assert_eq!(&builder, &CaseBuilder::default());
        let refused = builder.clone().build().unwrap_err();
        prop_assert_eq!(builder.build_into(&mut slot), Err(refused));
        prop_assert_eq!(&slot, &next);
        // And the determination is that of the case itself.
        prop_assert_eq!(evaluate(&slot, &Policy::default()), evaluate(&next, &Policy::default()));
    }

    /// Entries `build` refuses (a finding recorded both present and absent from one
    /// source) are refused by `build_into` with the same error; the case and the builder
    /// are left as they were.
    #[test]
    fn build_into_refuses_what_build_refuses(
        before in case(),
        next in case(),
        kind in strategies::member::<FindingKind>(),
        source in strategies::member::<FindingSource>(),
    ) {
        let mut builder = next.to_builder();
        let mut present = Finding::new(kind);
        present.source = source;
        let mut absent = present;
        absent.status = FindingStatus::Absent;
        builder.push_finding(present).push_finding(absent);
        let refused = builder.clone().build();
        prop_assume!(refused.is_err());
        let kept = builder.clone();
        let mut slot = before.clone();
        prop_assert_eq!(builder.build_into(&mut slot), refused.map(|_| ()));
        prop_assert_eq!(&slot, &before);
        prop_assert_eq!(&builder, &kept);
    }
}
