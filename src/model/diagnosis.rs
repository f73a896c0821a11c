//! One diagnosis on the case: a [`Diagnosis`], an [`IcdCode`] with its [`CodeClass`] and its
//! [`CodeStatus`] in the code set.

use crate::code_set::{self, CodeStatus};
use crate::codes::classes::CodeClass;
use crate::codes::icd::IcdCode;

/// One diagnosis on the case: a valid code, its classification and its code-set status.
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
// 12 bytes, not 11: a copy is then one 8-byte and one 4-byte move side by side, where 11
// bytes took two that overlap, and a load of the copy waited for both stores (DESIGN.md,
// "A diagnosis in 12 bytes").
#[repr(align(4))]
pub struct Diagnosis {
    code: IcdCode,
    class: CodeClass,
    status: CodeStatus,
}

impl Diagnosis {
    /// A diagnosis for `code`; its status and class are looked up once, here.
    #[must_use]
    pub fn new(code: IcdCode) -> Diagnosis {
        let status = code.status();
        Diagnosis {
            code,
            class: code_set::class_with_status(&code, status),
            status,
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

    /// The code's status in the code set.
    #[must_use]
    pub fn status(&self) -> CodeStatus {
        self.status
    }
}

impl From<IcdCode> for Diagnosis {
    fn from(code: IcdCode) -> Self {
        Diagnosis::new(code)
    }
}
