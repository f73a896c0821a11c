//! JSON text helpers shared by the request reader and the response writers: finding where
//! a string stops being plain, and writing a string exactly as `serde_json` escapes it.

/// Whether a byte ends the plain part of a string: a quote, a backslash or a control
/// character.
fn is_special(c: &u8) -> bool {
    *c == b'"' || *c == b'\\' || *c < 0x20
}

/// The offset of the first [`is_special`] byte of `bytes`, eight bytes at a time: a word
/// has such a byte exactly when one of the three classic "has a zero byte" tests on it
/// fires (for `"`, for `\` and for "less than 0x20"). The three share their last step:
/// a flagged byte must also be under 0x80, which `"`, `\` and the controls all are.
#[inline(always)]
pub(crate) fn special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let v = u64::from_le_bytes(word);
        let quote = v ^ (ONES * u64::from(b'"'));
        let backslash = v ^ (ONES * u64::from(b'\\'));
        let hit =
            (quote.wrapping_sub(ONES) | backslash.wrapping_sub(ONES) | v.wrapping_sub(ONES * 0x20))
                & !v
                & HIGH;
        if hit != 0 {
            // The lowest flagged byte is always a real one (a false flag can only sit above
            // a real one, where the subtraction borrowed), and the lowest byte comes first.
            return Some(offset + (hit.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(is_special)
        .map(|i| offset + i)
}

/// Appends `s` as a JSON string, byte for byte as `serde_json` writes it: the runs between
/// quotes, backslashes and control characters are copied as they are, which is what
/// `serde_json`'s escaping leaves of them, and each of those bytes is escaped as
/// `serde_json` escapes it (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, else `\u00xx`).
pub(crate) fn push_string(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    out.push('"');
    let mut start = 0;
    while let Some(at) = bytes.get(start..).and_then(special).map(|o| start + o) {
        // `at` is an ASCII byte's offset, so both cuts are on character boundaries.
        out.push_str(s.get(start..at).unwrap_or_default());
        if let Some(&c) = bytes.get(at) {
            push_escape(out, c);
        }
        start = at + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

/// Appends the escape `serde_json` writes for the [`is_special`] byte `c`.
fn push_escape(out: &mut String, c: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match c {
        b'"' => out.push_str("\\\""),
        b'\\' => out.push_str("\\\\"),
        0x08 => out.push_str("\\b"),
        0x0C => out.push_str("\\f"),
        b'\n' => out.push_str("\\n"),
        b'\r' => out.push_str("\\r"),
        b'\t' => out.push_str("\\t"),
        _ => {
            out.push_str("\\u00");
            for nibble in [c >> 4, c & 0xF] {
                out.push(HEX.get(usize::from(nibble)).map_or('0', |&d| char::from(d)));
            }
        }
    }
}

/// Appends `s`, known to hold no quote, backslash or control character (a constant of the
/// crate's own), as a JSON string: [`push_string`] without the scan.
#[inline]
pub(crate) fn push_plain(out: &mut String, s: &str) {
    out.push('"');
    out.push_str(s);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time scan finds what a byte-by-byte scan finds, at every length and
    /// position, for every byte value around the three it looks for.
    #[test]
    fn special_matches_a_plain_scan() {
        let interesting = [
            0x00, 0x01, 0x1F, 0x20, 0x21, b'"', 0x23, 0x5B, b'\\', 0x5D, 0x7F, 0x80, 0xA2, 0xDC,
            0xFF,
        ];
        for len in 0..20 {
            for at in 0..len {
                for &c in &interesting {
                    for &fill in &[b'a', 0xC3, 0x9F] {
                        let mut bytes = vec![fill; len];
                        if let Some(b) = bytes.get_mut(at) {
                            *b = c;
                        }
                        let want = bytes.iter().position(is_special);
                        assert_eq!(special(&bytes), want, "{bytes:?}");
                        if let Ok(text) = std::str::from_utf8(&bytes) {
                            let mut out = String::new();
                            push_string(&mut out, text);
                            assert_eq!(out, serde_json::to_string(text).unwrap(), "{text:?}");
                        }
                    }
                }
            }
        }
    }

    /// Every ASCII byte, alone and between plain runs of every length around a word, is
    /// written as `serde_json` writes it.
    #[test]
    fn every_ascii_byte_is_escaped_as_serde_json_escapes_it() {
        for c in 0_u8..0x80 {
            for before in 0..10 {
                for after in [0, 1, 7, 8, 9] {
                    let text = format!(
                        "{}{}{}é{}",
                        "a".repeat(before),
                        char::from(c),
                        "b".repeat(after),
                        char::from(c)
                    );
                    let mut out = String::new();
                    push_string(&mut out, &text);
                    assert_eq!(out, serde_json::to_string(&text).unwrap(), "{text:?}");
                }
            }
        }
    }

    proptest::proptest! {
        /// Any string, written as `serde_json` writes it.
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(text in "(\\PC|[\\x00-\\x1f\"\\\\])*") {
            let mut out = String::new();
            push_string(&mut out, &text);
            proptest::prop_assert_eq!(out, serde_json::to_string(&text).unwrap());
        }
    }
}
