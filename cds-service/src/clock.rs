//! The wall clock, read in one place: seconds since the epoch, today's UTC date and an RFC 3339
//! timestamp (the library reads no clock; the service supplies dates to it).

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch (0 if the clock is before it).
#[must_use]
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Today's date in UTC, `YYYY-MM-DD`.
#[must_use]
pub fn today_utc() -> String {
    let (y, m, d) = civil_from_days(now_secs() / 86_400);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The current time in UTC, RFC 3339 with seconds (`2026-11-27T10:15:00Z`).
#[must_use]
pub fn timestamp_utc() -> String {
    format_timestamp(now_secs())
}

/// `secs` since the epoch as RFC 3339 UTC.
#[must_use]
pub fn format_timestamp(secs: u64) -> String {
    let (y, m, d) = civil_from_days(secs / 86_400);
    let rem = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day) (H. Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00Z");
        // 2000-02-29 (a leap day in a century leap year) 12:34:56
        assert_eq!(format_timestamp(951_827_696), "2000-02-29T12:34:56Z");
        // 2026-11-27T00:00:00Z
        assert_eq!(format_timestamp(1_795_737_600), "2026-11-27T00:00:00Z");
        assert_eq!(format_timestamp(1_795_737_599), "2026-11-26T23:59:59Z");
    }
}
