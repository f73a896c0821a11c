//! The checks on what a host supplies: a reference, a date, an id.

use edx_coverage::{Error, ErrorKind};

pub(crate) fn check_not_blank(path: &str, value: &str) -> Result<(), Error> {
    // Blank as `trim().is_empty()` decides, without trimming both ends.
    if value.chars().all(char::is_whitespace) {
        return Err(Error::new(path, ErrorKind::Blank));
    }
    Ok(())
}

pub(crate) fn check_reference(path: &str, value: &str) -> Result<(), Error> {
    check_not_blank(path, value)?;
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::new(
            path,
            ErrorKind::InvalidReference {
                value: value.to_owned(),
            },
        ));
    }
    Ok(())
}

/// Whether `value` is a calendar date written `YYYY-MM-DD` (see [`check_date`]).
/// Whether `value` is a calendar date written `YYYY-MM-DD` (see [`check_date`]).
pub(crate) fn is_date(value: &str) -> bool {
    check_date("date", value).is_ok()
}

/// A calendar date written `YYYY-MM-DD`, year 0001-9999 (FHIR `date` at day precision).
pub(crate) fn check_date(path: &str, value: &str) -> Result<(), Error> {
    let invalid = || {
        Error::new(
            path,
            ErrorKind::InvalidDate {
                value: value.to_owned(),
            },
        )
    };
    let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = value.as_bytes() else {
        return Err(invalid());
    };
    let number = |digits: &[u8]| -> Option<u32> {
        digits.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let (Some(year), Some(month), Some(day)) = (
        number(&[y1, y2, y3, y4]),
        number(&[m1, m2]),
        number(&[d1, d2]),
    ) else {
        return Err(invalid());
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if year == 0 || day == 0 || day > days {
        return Err(invalid());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for ok in [
            "2025-06-01",
            "2024-02-29",
            "2000-02-29",
            "0001-01-01",
            "9999-12-31",
        ] {
            assert!(check_date("date", ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "2025-6-1",
            "2025/06/01",
            "2025-13-01",
            "2025-00-10",
            "2025-01-00",
            "2025-02-29",
            "1900-02-29",
            "2025-04-31",
            "0000-01-01",
            "2025-06-01T00:00",
            " 2025-06-01",
            "2025-06",
            "２０２５-06-01",
            "+025-06-01",
        ] {
            let err = check_date("date", bad).unwrap_err();
            assert_eq!(err.path(), "date");
            assert!(matches!(err.kind(), ErrorKind::InvalidDate { .. }), "{bad}");
        }
    }

    #[test]
    fn references() {
        assert!(check_reference("coverage", "Coverage/123").is_ok());
        assert!(check_reference("coverage", "urn:uuid:1a2b").is_ok());
        let err = check_reference("coverage", " ").unwrap_err();
        assert_eq!(*err.kind(), ErrorKind::Blank);
        let err = check_reference("coverage", "Coverage/ 1").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidReference { .. }));
    }
}
