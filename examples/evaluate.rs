//! Evaluates one case from a file or standard input and prints the determination.
//!
//! ```text
//! cargo run --example evaluate -- [--policy POLICY.json] [--format json|text] [CASE.json | -]
//! ```
//!
//! Exit status 0 with one document on standard output; on bad input, exit status 2 with one
//! `error:` line on standard error and nothing on standard output.

use std::io::Read;
use std::process::ExitCode;

use edx_coverage::{evaluate, Case, Policy};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Text,
}

struct Args {
    policy: Option<String>,
    format: Format,
    case: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        policy: None,
        format: Format::Json,
        case: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--policy" => {
                args.policy = Some(it.next().ok_or("--policy needs a file")?);
            }
            "--format" => {
                args.format = match it.next().as_deref() {
                    Some("json") => Format::Json,
                    Some("text") => Format::Text,
                    Some(other) => return Err(format!("unknown format {other:?} (json or text)")),
                    None => return Err("--format needs json or text".into()),
                };
            }
            "-h" | "--help" => {
                return Err(
                    "usage: evaluate [--policy POLICY.json] [--format json|text] [CASE.json | -]"
                        .into(),
                )
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag:?}")),
            path => {
                if args.case.replace(path.to_owned()).is_some() {
                    return Err("more than one case given".into());
                }
            }
        }
    }
    Ok(args)
}

fn read(path: Option<&str>) -> Result<String, String> {
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

fn run() -> Result<String, String> {
    let args = parse_args()?;
    let policy: Policy = match &args.policy {
        Some(p) => serde_json::from_str(&read(Some(p))?).map_err(|e| format!("policy: {e}"))?,
        None => Policy::default(),
    };
    let case: Case =
        serde_json::from_str(&read(args.case.as_deref())?).map_err(|e| format!("case: {e}"))?;
    let determination = evaluate(&case, &policy);
    match args.format {
        Format::Json => serde_json::to_string_pretty(&determination).map_err(|e| e.to_string()),
        Format::Text => Ok(determination.to_string()),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            let line = e.replace('\n', " ");
            eprintln!("error: {line}");
            ExitCode::from(2)
        }
    }
}
