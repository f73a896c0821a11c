//! ICD-10-CM diagnosis codes: the [`IcdCode`] newtype, its [`CodeClass`], and [`Diagnosis`].

use core::fmt;
use core::str::FromStr;

use crate::code_set::{self, CodeStatus};
use crate::codes;
use crate::error::ErrorKind;
use crate::vocab::vocabulary;

/// A well-formed ICD-10-CM code, normalised (`" r252 "` → `R25.2`).
///
/// Normalisation trims, upper-cases, drops every `.`, and puts one `.` back after the third
/// character when the code is longer than three. The result must have the ICD-10-CM shape:
/// a letter, a digit, a digit or letter, then up to four digits or letters. A well-formed
/// code that is not in the FY2026 code set is still accepted: its [`status`](IcdCode::status)
/// is [`CodeStatus::Unknown`] and it is classified [`CodeClass::Other`] (ruleset 4).
///
/// The code is stored inline (8 bytes), so it is `Copy` and never allocates.
///
/// ```
/// use edx_coverage::{CodeClass, IcdCode};
///
/// let code: IcdCode = " m62831 ".parse()?;
/// assert_eq!(code.as_str(), "M62.831");
/// assert_eq!(code.class(), CodeClass::CrampSymptom);
/// assert!("R25-2".parse::<IcdCode>().is_err());
/// # Ok::<(), edx_coverage::ErrorKind>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IcdCode {
    /// ASCII bytes of the dotted form, `len` of them used.
    bytes: [u8; 8],
    len: u8,
}

impl IcdCode {
    /// Parses and normalises a code. The error names the code as received.
    pub fn parse(input: &str) -> Result<IcdCode, ErrorKind> {
        let invalid = || ErrorKind::InvalidIcdCode {
            value: crate::error::echo(input),
        };
        let mut plain = [0u8; 7];
        let mut n = 0usize;
        for c in input.trim().bytes().filter(|&c| c != b'.') {
            let slot = plain.get_mut(n).ok_or_else(invalid)?;
            *slot = c.to_ascii_uppercase();
            n += 1;
        }
        let plain = plain.get(..n).ok_or_else(invalid)?;
        let ok = match plain {
            [a, b, c, rest @ ..] => {
                a.is_ascii_uppercase()
                    && b.is_ascii_digit()
                    && (c.is_ascii_digit() || c.is_ascii_uppercase())
                    && rest
                        .iter()
                        .all(|r| r.is_ascii_digit() || r.is_ascii_uppercase())
            }
            _ => false,
        };
        if !ok {
            return Err(invalid());
        }
        let mut code = IcdCode {
            bytes: [0u8; 8],
            len: 0,
        };
        for (i, &c) in plain.iter().enumerate() {
            if i == 3 {
                code.push(b'.').ok_or_else(invalid)?;
            }
            code.push(c).ok_or_else(invalid)?;
        }
        Ok(code)
    }

    /// A code of the compiled-in code set, from its characters without the dot. The table is
    /// trusted (a test walks it), so only the length is checked here.
    pub(crate) fn from_plain(plain: &[u8]) -> Option<IcdCode> {
        if !(3..=7).contains(&plain.len()) {
            return None;
        }
        let mut code = IcdCode {
            bytes: [0u8; 8],
            len: 0,
        };
        for (i, &c) in plain.iter().enumerate() {
            if i == 3 {
                code.push(b'.')?;
            }
            code.push(c)?;
        }
        Some(code)
    }

    fn push(&mut self, byte: u8) -> Option<()> {
        *self.bytes.get_mut(usize::from(self.len))? = byte;
        self.len += 1;
        Some(())
    }

    /// A code from the crate's own tables (a test checks each one parses to itself).
    /// Only evaluated at compile time, where an out-of-range index is a build error.
    #[allow(clippy::indexing_slicing)]
    pub(crate) const fn table(dotted: &str) -> IcdCode {
        let src = dotted.as_bytes();
        let mut bytes = [0u8; 8];
        let mut i = 0;
        while i < src.len() && i < bytes.len() {
            bytes[i] = src[i];
            i += 1;
        }
        IcdCode {
            bytes,
            len: i as u8,
        }
    }

    /// The normalised, dotted code, e.g. `"R25.2"`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        let used = self.bytes.get(..usize::from(self.len)).unwrap_or_default();
        core::str::from_utf8(used).unwrap_or_default()
    }

    /// The code without its dot, e.g. `"R252"`, as the classification lists compare it.
    pub(crate) fn plain(&self) -> impl Iterator<Item = u8> + '_ {
        self.as_str().bytes().filter(|&b| b != b'.')
    }

    /// Which classification list the code falls in (`other` for a code that is not in the
    /// code set).
    #[must_use]
    pub fn class(&self) -> CodeClass {
        codes::classify(self)
    }

    /// The code's status in the FY2026 ICD-10-CM code set: billable, a header (a category or
    /// subcategory), or unknown. A binary search of the compiled-in table.
    ///
    /// ```
    /// use edx_coverage::{CodeStatus, IcdCode};
    ///
    /// assert_eq!("R25.2".parse::<IcdCode>()?.status(), CodeStatus::Billable);
    /// assert_eq!("G62".parse::<IcdCode>()?.status(), CodeStatus::Header);
    /// assert_eq!("G62.7".parse::<IcdCode>()?.status(), CodeStatus::Unknown);
    /// # Ok::<(), edx_coverage::ErrorKind>(())
    /// ```
    #[must_use]
    pub fn status(&self) -> CodeStatus {
        code_set::status(self)
    }
}

impl FromStr for IcdCode {
    type Err = ErrorKind;
    fn from_str(s: &str) -> Result<Self, ErrorKind> {
        IcdCode::parse(s)
    }
}

impl fmt::Display for IcdCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for IcdCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IcdCode({:?})", self.as_str())
    }
}

impl serde::Serialize for IcdCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for IcdCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = IcdCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ICD-10-CM code")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<IcdCode, E> {
                IcdCode::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

vocabulary! {
    /// Where a diagnosis code sits in the crate's classification (`codes.md`).
    pub enum CodeClass as "code class" {
        CrampSymptom = "cramp_symptom": "The presenting complaint (cramp or spasm), not a neurological finding.",
        SupportingFinding = "supporting_finding": "Documents a neurological finding (fasciculation, weakness, atrophy, abnormal reflex, altered sensation, neuralgia).",
        SpecificNeuromuscular = "specific_neuromuscular": "A neuromuscular diagnosis, suspected or established.",
        Other = "other": "Well-formed but in none of the crate's lists, or not in the code set.",
    }
}

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
            class: codes::classify_with(&code, status),
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
