//! One diagnosis on the case: a [`Diagnosis`], an [`IcdCode`] with its [`CodeClass`].

use crate::codes::icd::{CodeClass, IcdCode};

/// One diagnosis on the case: a valid code and its classification.
///
/// ```
/// use edx_coverage::{CodeClass, Diagnosis};
///
/// let dx = Diagnosis::new("g62.9".parse()?);
/// assert_eq!(dx.code().as_str(), "G62.9");
/// assert_eq!(dx.class(), CodeClass::SpecificNeuromuscular);
/// # Ok::<(), edx_coverage::ErrorKind>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Diagnosis {
    code: IcdCode,
    class: CodeClass,
}

impl Diagnosis {
    /// A diagnosis for `code`; its class is looked up once, here.
    #[must_use]
    pub fn new(code: IcdCode) -> Diagnosis {
        Diagnosis {
            code,
            class: code.class(),
        }
    }

    /// The normalised code.
    #[must_use]
    pub fn code(&self) -> IcdCode {
        self.code
    }

    /// The code's classification.
    #[must_use]
    pub fn class(&self) -> CodeClass {
        self.class
    }
}

impl From<IcdCode> for Diagnosis {
    fn from(code: IcdCode) -> Self {
        Diagnosis::new(code)
    }
}
