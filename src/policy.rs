//! Payer policy: the knobs on which payers differ (docs/wire-format.md, Policy).

/// How strictly to read the record. [`Policy::default`] is the article's strict reading.
///
/// The struct is `#[non_exhaustive]` (later rulesets add knobs), so build it from the default
/// and change the fields you need:
///
/// ```
/// use edx_coverage::Policy;
///
/// let payer = Policy::default()
///     .with_min_trial_days(28)
///     .with_accept_symptom_codes_with_support(true);
/// assert_eq!(payer.min_trial_days, 28);
/// assert!(payer.require_differential);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Policy {
    /// A conservative trial shorter than this many days, or without a duration, does not
    /// count as completed. `0` (the default): any finished trial counts.
    pub min_trial_days: u32,
    /// Whether an indicated case needs a documented differential diagnosis (default `true`).
    pub require_differential: bool,
    /// Whether symptom-only coding (e.g. R25.2 alone) is acceptable when the record shows a
    /// neurological finding or task-specific cramps (default `false`: some payers do accept
    /// it, many do not).
    pub accept_symptom_codes_with_support: bool,
    /// Whether nerve conduction studies must come with needle EMG in the same request
    /// (default `true`, the AANEM position most payers follow). Ruleset 2.
    pub require_needle_emg_with_ncs: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            min_trial_days: 0,
            require_differential: true,
            accept_symptom_codes_with_support: false,
            require_needle_emg_with_ncs: true,
        }
    }
}

impl Policy {
    /// The same policy with another `min_trial_days`.
    #[must_use]
    pub const fn with_min_trial_days(mut self, days: u32) -> Self {
        self.min_trial_days = days;
        self
    }

    /// The same policy with another `require_differential`.
    #[must_use]
    pub const fn with_require_differential(mut self, require: bool) -> Self {
        self.require_differential = require;
        self
    }

    /// The same policy with another `accept_symptom_codes_with_support`.
    #[must_use]
    pub const fn with_accept_symptom_codes_with_support(mut self, accept: bool) -> Self {
        self.accept_symptom_codes_with_support = accept;
        self
    }

    /// The same policy with another `require_needle_emg_with_ncs`.
    #[must_use]
    pub const fn with_require_needle_emg_with_ncs(mut self, require: bool) -> Self {
        self.require_needle_emg_with_ncs = require;
        self
    }
}
