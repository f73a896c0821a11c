//! `--jsonl` of the `evaluate` example: one case per input line, one determination or path to
//! coverage (or `{"line": N, "error": {"path": …, "message": …}}`) per output line, in order, in constant
//! memory. A progress bar (cases, cases per second, errors) is drawn on standard error only
//! when it is a terminal. Included by path (`#[path]`), not an example itself.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use edx_coverage::json::{evaluate_line, line_error, line_refusal, plan_line};
use edx_coverage::Policy;
use indicatif::{ProgressBar, ProgressStyle};

/// How many lines between two updates of the progress bar (updating on every line would
/// cost more than a line's evaluation).
const PROGRESS_EVERY: u64 = 4096;

/// What each output line holds for a valid input line.
#[derive(Clone, Copy)]
pub enum Output {
    /// The determination (`--format json`, the default).
    Determination,
    /// The path to coverage (`--format plan`).
    Plan,
}

/// What happened to a whole run, for the exit status.
pub struct Summary {
    /// Lines read.
    pub lines: u64,
    /// Lines refused.
    pub errors: u64,
}

/// Scores every line of `path` (standard input for `None` or `-`) under `policy` and
/// writes one line per input line to standard output. Exit status 0 when every line was
/// valid, 2 when some were not (after all of them are written), 1 on an I/O failure.
pub fn run(path: Option<&str>, policy: &Policy, kind: Output) -> ExitCode {
    let input: Box<dyn BufRead> = match path {
        None | Some("-") => Box::new(std::io::stdin().lock()),
        Some(p) => match File::open(p) {
            Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
            Err(e) => {
                eprintln!("error: {p}: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let stdout = std::io::stdout().lock();
    let mut output = BufWriter::with_capacity(1 << 16, stdout);
    let bar = progress_bar();
    let result = score(input, &mut output, policy, kind, &bar).and_then(|s| {
        output.flush()?;
        Ok(s)
    });
    bar.finish();
    match result {
        Ok(summary) if summary.errors == 0 => ExitCode::SUCCESS,
        Ok(summary) => {
            eprintln!(
                "error: {} of {} lines refused (see their \"error\" lines)",
                summary.errors, summary.lines
            );
            ExitCode::from(2)
        }
        // The reader went away (`| head`): what it wanted was written.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// The loop: one line in, one line out, two buffers reused for the whole stream.
pub fn score(
    mut input: impl BufRead,
    output: &mut impl Write,
    policy: &Policy,
    kind: Output,
    bar: &ProgressBar,
) -> std::io::Result<Summary> {
    let mut raw = Vec::new();
    let mut out = Vec::new();
    let mut summary = Summary {
        lines: 0,
        errors: 0,
    };
    loop {
        raw.clear();
        if input.read_until(b'\n', &mut raw)? == 0 {
            break;
        }
        summary.lines += 1;
        let n = summary.lines;
        let mut bytes = raw.as_slice();
        bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if n == 1 {
            bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        }
        out.clear();
        let refused = match std::str::from_utf8(bytes) {
            Ok(line) => match match kind {
                Output::Determination => evaluate_line(line, policy, &mut out),
                Output::Plan => plan_line(line, policy, &mut out),
            } {
                Ok(()) => false,
                Err(e) => {
                    line_error(n, &e, &mut out);
                    true
                }
            },
            Err(_) => {
                line_refusal(n, "", "is not UTF-8 text", &mut out);
                true
            }
        };
        if refused {
            summary.errors += 1;
        }
        out.push(b'\n');
        output.write_all(&out)?;
        if n % PROGRESS_EVERY == 0 {
            bar.set_position(n);
            bar.set_message(errors_message(summary.errors));
        }
    }
    bar.set_position(summary.lines);
    bar.set_message(errors_message(summary.errors));
    Ok(summary)
}

fn errors_message(errors: u64) -> String {
    match errors {
        1 => "1 error".to_owned(),
        n => format!("{n} errors"),
    }
}

/// A spinner with cases, cases per second and errors when standard error is a terminal;
/// otherwise a hidden bar that draws nothing.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {human_pos} cases, {per_sec}, {msg} ({elapsed})")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
