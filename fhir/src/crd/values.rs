//! The CRD codes the extension writes: `covered`, `doc-needed`, `doc-purpose`,
//! `info-needed`.

use edx_coverage::Coverage;

use crate::vocab::vocabulary;

vocabulary! {
    /// The CRD `covered` value. `indeterminate` is STU 2.2 only, and never the value for a
    /// determination (which always reaches a verdict): the `cds_hooks` module asserts it when
    /// a request holds no diagnosis to judge.
    pub enum Covered as "CRD covered value" {
        Covered = "covered": "Covered: the record supports the study.",
        NotCovered = "not-covered": "Not covered: the study is not (yet) medically necessary on this record.",
        Conditional = "conditional": "Conditional: covered once documentation or coding is fixed.",
        Indeterminate = "indeterminate": "Indeterminate: the request gives too little to judge (STU 2.2).",
    }
}

impl Covered {
    /// The `covered` value for a coverage outlook.
    #[must_use]
    pub const fn for_outlook(coverage: Coverage) -> Covered {
        match coverage {
            Coverage::LikelyCovered => Covered::Covered,
            Coverage::AtRisk => Covered::Conditional,
            Coverage::LikelyDenied => Covered::NotCovered,
            // `Coverage` is the engine's and may grow; an outlook this crate does not know
            // yet is not a verdict either way.
            _ => Covered::Conditional,
        }
    }
}

vocabulary! {
    /// The CRD `doc-needed` value (STU 2.1).
    pub enum DocNeeded as "CRD doc-needed value" {
        Clinical = "clinical": "Clinical documentation is needed.",
        Admin = "admin": "Administrative documentation is needed.",
        Patient = "patient": "Documentation from the patient is needed.",
        Conditional = "conditional": "Whether documentation is needed depends on more information.",
    }
}

vocabulary! {
    /// The CRD `doc-purpose` value (STU 2.1): what the documentation is for.
    pub enum DocPurpose as "CRD doc-purpose value" {
        WithPa = "withpa": "Submitted with a prior authorization request.",
        WithClaim = "withclaim": "Submitted with the claim.",
        WithOrder = "withorder": "Sent with the order.",
        RetainDoc = "retain-doc": "Kept in the record, available to the payer on request.",
        Other = "OTH": "Another purpose.",
    }
}

vocabulary! {
    /// The CRD `info-needed` value (STU 2.1): what a conditional answer depends on.
    pub enum InfoNeeded as "CRD info-needed value" {
        Performer = "performer": "Who performs the service.",
        Location = "location": "Where the service is performed.",
        Timeframe = "timeframe": "When the service is performed.",
        ContractWindow = "contract-window": "Whether the service falls in the contract window.",
        Other = "OTH": "Other information (here: documentation and coding, see the details).",
    }
}
