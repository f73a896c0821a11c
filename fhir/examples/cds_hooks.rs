//! FHIR out of one case, or a CDS Hooks request in and its response out, from a file or
//! standard input. The engine's own formats (JSON, text) are the root example's
//! (`cargo run --example evaluate`).
//!
//! ```text
//! cargo run -p edx-coverage-fhir --example cds-hooks -- [--policy POLICY.json]
//!     [--format cds-hooks|crd|cds-card] [--crd-version 2.1|2.2]
//!     [--date YYYY-MM-DD --coverage REF --assertion-id ID] [CASE.json | REQUEST.json | -]
//! ```
//!
//! `--format crd` prints the Da Vinci CRD `ext-coverage-information` extension and needs
//! `--date`, `--coverage` (e.g. `Coverage/123`) and `--assertion-id`; `--format cds-card`
//! prints a CDS Hooks card. `--format cds-hooks` (the default) reads a CDS Hooks `order-sign` / `order-select` request instead of a case and prints the CDS
//! Hooks response; `--date` there is the date of the coverage assertions (default: the
//! order's `authoredOn`). `--crd-version` picks the CRD release for `crd` and `cds-hooks`
//! (default 2.2). A refused request prints its HTTP status, path and message.
//!
//! Exit status 0 with one document on standard output; on bad input, exit status 2 with one
//! `error:` line on standard error and nothing on standard output.

use std::process::ExitCode;

#[path = "../../examples/common/cli.rs"]
mod cli;

use edx_coverage::{evaluate, Case, Policy};
use edx_coverage_fhir::card::Card;
use edx_coverage_fhir::cds_hooks::{answer, Options};
use edx_coverage_fhir::crd::{CoverageInformation, CrdInputs, CrdVersion};

const USAGE: &str = "usage: cds-hooks [--policy POLICY.json] \
    [--format cds-hooks|crd|cds-card] [--crd-version 2.1|2.2] \
    [--date YYYY-MM-DD --coverage REF --assertion-id ID] [CASE.json | REQUEST.json | -]";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Crd,
    CdsCard,
    CdsHooks,
}

struct Args {
    policy: Option<String>,
    format: Format,
    case: Option<String>,
    date: Option<String>,
    coverage: Option<String>,
    assertion_id: Option<String>,
    crd_version: Option<CrdVersion>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        policy: None,
        format: Format::CdsHooks,
        case: None,
        date: None,
        coverage: None,
        assertion_id: None,
        crd_version: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--policy" => {
                args.policy = Some(it.next().ok_or("--policy needs a file")?);
            }
            "--format" => {
                args.format = match it.next().as_deref() {
                    Some("crd") => Format::Crd,
                    Some("cds-card") => Format::CdsCard,
                    Some("cds-hooks") => Format::CdsHooks,
                    Some(other) => {
                        return Err(format!(
                            "unknown format {other:?} (cds-hooks, crd or cds-card)"
                        ))
                    }
                    None => return Err("--format needs cds-hooks, crd or cds-card".into()),
                };
            }
            "--date" => args.date = Some(it.next().ok_or("--date needs YYYY-MM-DD")?),
            "--coverage" => {
                args.coverage = Some(it.next().ok_or("--coverage needs a Coverage reference")?);
            }
            "--assertion-id" => {
                args.assertion_id = Some(it.next().ok_or("--assertion-id needs an id")?);
            }
            "--crd-version" => {
                let v = it.next().ok_or("--crd-version needs 2.1 or 2.2")?;
                args.crd_version = Some(v.parse().map_err(|e| format!("{e}"))?);
            }
            "-h" | "--help" => return Err(USAGE.into()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag:?}")),
            path => {
                if args.case.replace(path.to_owned()).is_some() {
                    return Err("more than one case given".into());
                }
            }
        }
    }
    let crd_flags = [
        ("--date", args.date.is_some()),
        ("--coverage", args.coverage.is_some()),
        ("--assertion-id", args.assertion_id.is_some()),
    ];
    for (flag, given) in crd_flags {
        if args.format == Format::Crd && !given {
            return Err(format!("--format crd needs {flag}"));
        }
        let hooks_date = args.format == Format::CdsHooks && flag == "--date";
        if args.format != Format::Crd && given && !hooks_date {
            return Err(format!("{flag} is only used with --format crd"));
        }
    }
    if args.crd_version.is_some() && !matches!(args.format, Format::Crd | Format::CdsHooks) {
        return Err("--crd-version is only used with --format crd or cds-hooks".into());
    }
    Ok(args)
}

fn run() -> Result<String, String> {
    let args = parse_args()?;
    let policy = cli::policy(args.policy.as_deref())?;
    let input = cli::read(args.case.as_deref())?;
    if args.format == Format::CdsHooks {
        return cds_hooks(&input, &policy, &args);
    }
    let case: Case = serde_json::from_str(&input).map_err(|e| format!("case: {e}"))?;
    let determination = evaluate(&case, &policy);
    match args.format {
        Format::Crd => {
            let inputs = CrdInputs {
                date: args.date.as_deref().unwrap_or_default(),
                coverage: args.coverage.as_deref().unwrap_or_default(),
                coverage_assertion_id: args.assertion_id.as_deref().unwrap_or_default(),
            };
            let info = CoverageInformation::new(&determination, &inputs).map_err(|e| {
                let flag = match e.path() {
                    "coverage_assertion_id" => "--assertion-id",
                    "coverage" => "--coverage",
                    _ => "--date",
                };
                format!("{flag}: {}", e.kind())
            })?;
            let info = info.with_version(args.crd_version.unwrap_or_default());
            serde_json::to_string_pretty(&info).map_err(|e| e.to_string())
        }
        Format::CdsCard => {
            serde_json::to_string_pretty(&Card::new(&determination)).map_err(|e| e.to_string())
        }
        Format::CdsHooks => cds_hooks(&input, &policy, &args),
    }
}

/// `--format cds-hooks`: the request in, the CDS Hooks response out.
fn cds_hooks(request: &str, policy: &Policy, args: &Args) -> Result<String, String> {
    let mut options = Options::default();
    if let Some(version) = args.crd_version {
        options = options.with_crd_version(version);
    }
    if let Some(date) = &args.date {
        options = options.with_date(date);
    }
    let answer = answer(request, policy, &options)
        .map_err(|e| format!("request refused ({}): {e}", e.status()))?;
    serde_json::to_string_pretty(&answer.to_value()).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    cli::finish(run())
}
