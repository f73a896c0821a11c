//! Regular expressions for what the code parsers accept, derived from the parsers' own
//! rules and tables so that the schema and the crate agree by construction.

use crate::codes::cpt::{CptFamily, CPT_CODES};

/// A regex character class of the characters `str::trim` removes (Unicode `White_Space`),
/// derived from `char::is_whitespace` so it matches the crate by construction.
fn white_space_class() -> String {
    let mut class = String::from("[");
    let mut run: Option<(u32, u32)> = None;
    let flush = |class: &mut String, (lo, hi): (u32, u32)| {
        class.push_str(&format!("\\u{lo:04x}"));
        if hi > lo {
            class.push_str(&format!("-\\u{hi:04x}"));
        }
    };
    for c in (0..=0xFFFF_u32).filter_map(char::from_u32) {
        let n = u32::from(c);
        match (c.is_whitespace(), run) {
            (true, Some((lo, hi))) if hi + 1 == n => run = Some((lo, n)),
            (true, prev) => {
                if let Some(r) = prev {
                    flush(&mut class, r);
                }
                run = Some((n, n));
            }
            (false, _) => {}
        }
    }
    if let Some(r) = run {
        flush(&mut class, r);
    }
    class.push(']');
    class
}

/// What [`IcdCode::parse`](crate::IcdCode::parse) accepts: surrounding white space, `.` anywhere, ASCII letters in
/// either case, then a letter, a digit, a digit or letter, and up to four digits or letters.
pub(super) fn icd_input_pattern() -> String {
    let ws = white_space_class();
    format!(r"^{ws}*\.*[A-Za-z]\.*[0-9]\.*[0-9A-Za-z](\.*[0-9A-Za-z]){{0,4}}\.*{ws}*$")
}

/// What [`CptCode::parse`](crate::CptCode::parse) accepts: a code of the table, with surrounding white space.
pub(super) fn cpt_input_pattern() -> String {
    let ws = white_space_class();
    let codes: Vec<String> = CPT_CODES.iter().map(|(c, _)| format!("{c:05}")).collect();
    format!("^{ws}*({}){ws}*$", codes.join("|"))
}

/// The NCS codes (95907–95913) as the crate writes them.
pub(super) fn ncs_codes() -> Vec<String> {
    CPT_CODES
        .iter()
        .filter(|(_, family)| *family == CptFamily::Ncs)
        .map(|(c, _)| format!("{c:05}"))
        .collect()
}

/// What [`CptCode::parse`](crate::CptCode::parse) accepts that is an NCS code, white space included.
pub(super) fn ncs_input_pattern() -> String {
    let ws = white_space_class();
    format!("^{ws}*({}){ws}*$", ncs_codes().join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::cpt::CptCode;

    #[test]
    fn white_space_class_is_rusts() {
        let class = white_space_class();
        assert!(
            class.starts_with("[\\u0009-\\u000d\\u0020\\u0085\\u00a0"),
            "{class}"
        );
        // The class is built from the Basic Multilingual Plane: nothing beyond it is white.
        assert!(!(0x1_0000..=0x10_FFFF_u32)
            .filter_map(char::from_u32)
            .any(char::is_whitespace));
    }

    #[test]
    fn ncs_codes_are_the_seven_tiers() {
        let want: Vec<String> = (1..=13)
            .step_by(2)
            .filter_map(CptCode::ncs_for_studies)
            .map(|c| c.to_string())
            .collect();
        assert_eq!(ncs_codes(), want);
    }
}
