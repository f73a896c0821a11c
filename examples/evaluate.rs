//! Evaluates one case from a file or standard input and prints the determination.
//!
//! ```text
//! cargo run --example evaluate -- [--policy POLICY.json] [--format json|text|plan]
//!     [--audience patient|clinician|coder] [CASE.json | -]
//! cargo run --features json --example evaluate -- --jsonl [--format json|plan] \
//!     [--policy POLICY.json] [CASES.jsonl | -]
//! ```
//!
//! `--jsonl` (feature `json`) reads one case per line and writes one determination (or, with
//! `--format plan`, one path to coverage) per line, in order, or
//! `{"line": N, "error": {"path": …, "message": …}}` for a refused line; exit status 2 when
//! any line was refused, after every line is written.
//!
//! `--format text` prints the explanation for `--audience` (default `clinician`), the path to
//! coverage included; the option is refused with any other format. `--format plan` prints the
//! path to coverage as JSON (docs/plan.md).
//!
//! FHIR output (the Da Vinci CRD extension, the CDS Hooks card, a CDS Hooks request in and
//! its response out) is the FHIR crate's: `cargo run -p edx-coverage-fhir --example
//! cds-hooks -- --help`.
//!
//! Exit status 0 with one document on standard output; on bad input, exit status 2 with one
//! `error:` line on standard error and nothing on standard output.

use std::process::ExitCode;

#[path = "common/cli.rs"]
mod cli;
#[cfg(feature = "json")]
#[path = "common/jsonl.rs"]
mod jsonl;

use edx_coverage::{evaluate, plan, Audience, Case, Explanation};

const USAGE: &str = "usage: evaluate [--policy POLICY.json] [--format json|text|plan] \
    [--audience patient|clinician|coder] [--jsonl] [CASE.json | -] \
    (FHIR formats: cargo run -p edx-coverage-fhir --example cds-hooks -- --help)";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Text,
    Plan,
}

struct Args {
    policy: Option<String>,
    format: Format,
    audience: Option<Audience>,
    jsonl: bool,
    case: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        policy: None,
        format: Format::Json,
        audience: None,
        jsonl: false,
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
                    Some("plan") => Format::Plan,
                    Some(other @ ("crd" | "cds-card" | "cds-hooks")) => {
                        return Err(format!(
                            "--format {other} is the FHIR crate's: cargo run -p \
                             edx-coverage-fhir --example cds-hooks -- --format {other} ..."
                        ))
                    }
                    Some(other) => {
                        return Err(format!("unknown format {other:?} (json, text or plan)"))
                    }
                    None => return Err("--format needs json, text or plan".into()),
                };
            }
            "--audience" => {
                let value = it
                    .next()
                    .ok_or("--audience needs patient, clinician or coder")?;
                let audience = value
                    .parse::<Audience>()
                    .map_err(|e| format!("--audience: {e} (patient, clinician or coder)"))?;
                args.audience = Some(audience);
            }
            "--jsonl" => args.jsonl = true,
            "-h" | "--help" => return Err(USAGE.into()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag:?}")),
            path => {
                if args.case.replace(path.to_owned()).is_some() {
                    return Err("more than one case given".into());
                }
            }
        }
    }
    if args.audience.is_some() && args.format != Format::Text {
        return Err("--audience is only used with --format text".into());
    }
    if args.jsonl && args.format == Format::Text {
        return Err("--jsonl writes JSON lines: --format text is for one case".into());
    }
    Ok(args)
}

fn run(args: Args) -> Result<String, String> {
    let policy = cli::policy(args.policy.as_deref())?;
    let input = cli::read(args.case.as_deref())?;
    let case: Case = serde_json::from_str(&input).map_err(|e| format!("case: {e}"))?;
    let determination = evaluate(&case, &policy);
    match args.format {
        Format::Json => serde_json::to_string_pretty(&determination).map_err(|e| e.to_string()),
        Format::Plan => {
            serde_json::to_string_pretty(&plan(&case, &policy)).map_err(|e| e.to_string())
        }
        Format::Text => {
            let audience = args.audience.unwrap_or(Audience::Clinician);
            let path = plan(&case, &policy);
            Ok(Explanation::new(&case, &determination, audience)
                .with_plan(&path)
                .to_string())
        }
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => return cli::finish(Err(e)),
    };
    if args.jsonl {
        return jsonl(&args);
    }
    cli::finish(run(args))
}

/// `--jsonl`: every line of the input, scored (feature `json`).
#[cfg(feature = "json")]
fn jsonl(args: &Args) -> ExitCode {
    let output = match args.format {
        Format::Plan => jsonl::Output::Plan,
        Format::Json | Format::Text => jsonl::Output::Determination,
    };
    match cli::policy(args.policy.as_deref()) {
        Ok(policy) => jsonl::run(args.case.as_deref(), &policy, output),
        Err(e) => cli::finish(Err(e)),
    }
}

/// `--jsonl` needs the crate's `json` feature, for the refusals' paths.
#[cfg(not(feature = "json"))]
fn jsonl(_: &Args) -> ExitCode {
    cli::finish(Err(
        "--jsonl needs the json feature: cargo run --features json --example evaluate -- --jsonl ..."
            .into(),
    ))
}
