//! Screening laboratory tests (docs/wire-format.md, labs).

use crate::vocab::vocabulary;

vocabulary! {
    /// A test of the screening panel, in panel order.
    pub enum LabTest as "lab test" {
        Electrolytes = "electrolytes": "Electrolytes (sodium, potassium).",
        Calcium = "calcium": "Calcium.",
        Magnesium = "magnesium": "Magnesium.",
        ThyroidFunction = "thyroid_function": "Thyroid function.",
        CreatineKinase = "creatine_kinase": "Creatine kinase.",
    }
}

vocabulary! {
    /// A lab result; `pending` counts as ordered.
    pub enum LabOutcome as "lab result" {
        Normal = "normal": "Within the reference range.",
        Abnormal = "abnormal": "Outside the reference range.",
        Pending = "pending": "Ordered, result not back yet.",
    }
}

/// One lab result.
///
/// ```
/// use edx_coverage::{LabOutcome, LabResult, LabTest};
///
/// let lab = LabResult::new(LabTest::Magnesium, LabOutcome::Abnormal);
/// assert_eq!(lab.test.as_str(), "magnesium");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LabResult {
    /// Which test.
    pub test: LabTest,
    /// Its result.
    pub result: LabOutcome,
}

impl LabResult {
    /// A lab result.
    #[must_use]
    pub const fn new(test: LabTest, result: LabOutcome) -> Self {
        LabResult { test, result }
    }
}
