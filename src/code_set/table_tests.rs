//! The compiled-in table against the package's flat code list.
//!
//! The table is generated from the tabular XML; the flat list (`code-list-April-2026.txt`,
//! every chapter, block and code, one a line) is an independent statement of the same code
//! set. Two checks, so that the comparison always runs:
//! * always: the table's codes and header/billable split hash to the digest the generator
//!   computed from the flat list (`flat-list.digest`, committed);
//! * when `EDX_ICD10CM_CODE_LIST` names the flat list (CI downloads the pinned package and
//!   sets it): code by code, naming the first difference.

use super::{all, CodeStatus};

/// FNV-1a 64, as `scripts/gen_icd10cm.py` computes it.
fn fnv1a(data: &[u8], mut h: u64) -> u64 {
    for &b in data {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
    }
    h
}

/// The table as the generator's lines: "CODE STATUS\n", codes without dots, in order.
fn table_lines() -> Vec<String> {
    all()
        .map(|(code, status)| {
            let plain: String = code.as_str().chars().filter(|&c| c != '.').collect();
            format!("{plain} {status}\n")
        })
        .collect()
}

fn digest_field(digest: &str, name: &str) -> String {
    digest
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("flat-list.digest has no {name}"))
        .to_string()
}

#[test]
fn the_table_hashes_to_the_flat_list_digest() {
    let digest = include_str!("flat-list.digest");
    let lines = table_lines();
    let headers = lines.iter().filter(|l| l.ends_with(" header\n")).count();
    assert_eq!(lines.len().to_string(), digest_field(digest, "codes"));
    assert_eq!(headers.to_string(), digest_field(digest, "headers"));
    assert_eq!(
        (lines.len() - headers).to_string(),
        digest_field(digest, "billable")
    );
    let h = lines
        .iter()
        .fold(0xCBF2_9CE4_8422_2325, |h, l| fnv1a(l.as_bytes(), h));
    assert_eq!(format!("{h:016x}"), digest_field(digest, "fnv1a64"));
    // About 74,700 billable codes in the FY2026 code set (the CMS count for the year).
    assert!((74_000..75_500).contains(&(lines.len() - headers)));
}

#[test]
fn the_table_agrees_with_the_flat_list_code_by_code() {
    let Some(path) = std::env::var_os("EDX_ICD10CM_CODE_LIST") else {
        eprintln!("EDX_ICD10CM_CODE_LIST is not set: the digest test covers the flat list");
        return;
    };
    let text = std::fs::read_to_string(&path).expect("EDX_ICD10CM_CODE_LIST is readable");
    // Chapters ("1" .. "22") and blocks ("A00-A09") are not codes; a block of one category
    // carries the category's name (QA0), so each name counts once.
    let mut flat: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains('-') && !l.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    flat.sort_unstable();
    flat.dedup();
    let want: Vec<String> = flat
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let header = flat.get(i + 1).is_some_and(|next| next.starts_with(c));
            let status = if header {
                CodeStatus::Header
            } else {
                CodeStatus::Billable
            };
            format!("{c} {status}\n")
        })
        .collect();
    let got = table_lines();
    if let Some(i) = (0..got.len().max(want.len())).find(|&i| got.get(i) != want.get(i)) {
        panic!(
            "table and flat list differ at entry {i}: table {:?}, flat list {:?}",
            got.get(i),
            want.get(i)
        );
    }
    assert_eq!(got.len(), 98_186);
}
