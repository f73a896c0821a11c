//! What the command-line examples share (the engine's `evaluate`, the FHIR crate's
//! `cds-hooks`): reading a file or standard input, the policy, and printing one document or
//! one `error:` line. Included by path (`#[path]`), not an example itself.

use std::io::{Read, Write};
use std::process::ExitCode;

use edx_coverage::Policy;

/// The text of `path`, or standard input for `None` or `-`, without the UTF-8 byte-order
/// mark a Windows editor may write at its start (a mark anywhere else stays an error).
pub fn read(path: Option<&str>) -> Result<String, String> {
    let mut text = read_text(path)?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

fn read_text(path: Option<&str>) -> Result<String, String> {
    match path {
        None | Some("-") => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| format!("standard input: {e}"))?;
            Ok(s)
        }
        Some(p) => std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}")),
    }
}

/// The policy file given with `--policy`, or the default policy.
pub fn policy(path: Option<&str>) -> Result<Policy, String> {
    match path {
        Some(p) => serde_json::from_str(&read(Some(p))?).map_err(|e| format!("policy: {e}")),
        None => Ok(Policy::default()),
    }
}

/// Prints the document (exit status 0) or the one-line error (exit status 2).
pub fn finish(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(out) => {
            // `println!` panics when the reader goes away (`| head`); write and report instead.
            let mut stdout = std::io::stdout().lock();
            match writeln!(stdout, "{out}").and_then(|()| stdout.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: writing the result: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Err(e) => {
            let line = e.replace('\n', " ");
            eprintln!("error: {line}");
            ExitCode::from(2)
        }
    }
}
