//! CDS Hooks feedback: checked, then appended durably to a JSON-lines file.
//!
//! One line per feedback entry:
//! `{"received":"<RFC 3339 UTC>","service":"<service id>","feedback":{<the entry as sent>}}`.
//!
//! Durability: one writer thread owns the file (opened for append). Requests hand it their
//! lines; it writes everything waiting in one `write_all`, calls `sync_data`, and only then
//! lets the requests answer 200 (group commit: many requests, one disk flush). A write that
//! fails is cut back off the file so that no partial line stays behind, and the requests get
//! 503. At start, a partial last line left by a crash (a line that was never acknowledged) is
//! cut off, so the file always reads as whole lines; [`read_log`] also tolerates one.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Mutex;
use std::thread::JoinHandle;

use serde_json::{Map, Value};
use tokio::sync::oneshot;

/// The most entries one feedback request may carry: the engine's limit on any input list.
pub use edx_coverage::MAX_ENTRIES;

/// Checks a feedback request body and returns its entries.
///
/// # Errors
/// The JSON path and the problem: `feedback` missing or not an array, an entry that is not
/// an object, `card` / `outcome` / `outcomeTimestamp` missing or of the wrong type, an
/// `outcome` other than `accepted` / `overridden`, malformed `acceptedSuggestions` or
/// `overrideReason`, an unknown field.
pub fn check_request(body: &Value) -> Result<&[Value], (String, String)> {
    let obj = body.as_object().ok_or_else(|| {
        (
            String::new(),
            "a feedback request is a JSON object".to_owned(),
        )
    })?;
    for key in obj.keys() {
        if key != "feedback" {
            return Err((
                key.clone(),
                "unknown field (expected \"feedback\")".to_owned(),
            ));
        }
    }
    let entries = obj
        .get("feedback")
        .ok_or_else(|| ("feedback".to_owned(), "is required".to_owned()))?
        .as_array()
        .ok_or_else(|| ("feedback".to_owned(), "must be an array".to_owned()))?;
    if entries.is_empty() {
        return Err((
            "feedback".to_owned(),
            "must hold at least one entry".to_owned(),
        ));
    }
    if entries.len() > MAX_ENTRIES {
        return Err((
            "feedback".to_owned(),
            format!(
                "holds {} entries; at most {MAX_ENTRIES} per request",
                entries.len()
            ),
        ));
    }
    for (i, entry) in entries.iter().enumerate() {
        check_entry(entry).map_err(|(p, m)| (format!("feedback[{i}]{p}"), m))?;
    }
    Ok(entries)
}

fn check_entry(entry: &Value) -> Result<(), (String, String)> {
    let obj = entry
        .as_object()
        .ok_or_else(|| (String::new(), "must be an object".to_owned()))?;
    const FIELDS: [&str; 6] = [
        "card",
        "outcome",
        "acceptedSuggestions",
        "overrideReason",
        "outcomeTimestamp",
        "extension",
    ];
    for key in obj.keys() {
        if !FIELDS.contains(&key.as_str()) {
            return Err((
                format!(".{key}"),
                format!("unknown field (expected one of {})", FIELDS.join(", ")),
            ));
        }
    }
    required_string(obj, "card")?;
    let outcome = required_string(obj, "outcome")?;
    if outcome != "accepted" && outcome != "overridden" {
        return Err((
            ".outcome".to_owned(),
            format!("{:?} is not accepted or overridden", truncate(outcome)),
        ));
    }
    required_string(obj, "outcomeTimestamp")?;
    if let Some(list) = obj.get("acceptedSuggestions") {
        let list = list.as_array().ok_or_else(|| {
            (
                ".acceptedSuggestions".to_owned(),
                "must be an array".to_owned(),
            )
        })?;
        for (i, s) in list.iter().enumerate() {
            let id = s
                .as_object()
                .and_then(|o| o.get("id"))
                .and_then(Value::as_str);
            if id.is_none() {
                return Err((
                    format!(".acceptedSuggestions[{i}]"),
                    "must be an object with an \"id\" string".to_owned(),
                ));
            }
        }
    }
    if let Some(reason) = obj.get("overrideReason") {
        let reason = reason
            .as_object()
            .ok_or_else(|| (".overrideReason".to_owned(), "must be an object".to_owned()))?;
        for (key, value) in reason {
            match key.as_str() {
                "reason" if value.is_object() => {}
                "userComment" if value.is_string() => {}
                "reason" => {
                    return Err((
                        ".overrideReason.reason".to_owned(),
                        "must be a Coding (an object)".to_owned(),
                    ))
                }
                "userComment" => {
                    return Err((
                        ".overrideReason.userComment".to_owned(),
                        "must be a string".to_owned(),
                    ))
                }
                _ => {
                    return Err((
                        format!(".overrideReason.{key}"),
                        "unknown field (expected reason, userComment)".to_owned(),
                    ))
                }
            }
        }
    }
    Ok(())
}

fn required_string<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
) -> Result<&'a str, (String, String)> {
    match obj.get(key) {
        None => Err((format!(".{key}"), "is required".to_owned())),
        Some(v) => v
            .as_str()
            .ok_or_else(|| (format!(".{key}"), "must be a string".to_owned())),
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

/// The lines for one request's entries, each ending in `\n`.
#[must_use]
pub fn lines_for(service: &str, received: &str, entries: &[Value]) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in entries {
        let line = serde_json::json!({
            "received": received,
            "service": service,
            "feedback": entry,
        });
        // serde_json escapes control characters, so a line never holds a raw newline.
        out.extend_from_slice(line.to_string().as_bytes());
        out.push(b'\n');
    }
    out
}

struct Job {
    bytes: Vec<u8>,
    done: oneshot::Sender<io::Result<()>>,
}

/// The append-only feedback file and its writer thread.
#[derive(Debug)]
pub struct FeedbackLog {
    path: PathBuf,
    tx: Mutex<Option<mpsc::Sender<Job>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

/// What [`FeedbackLog::open`] found in an existing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recovered {
    /// Bytes of a partial last line cut off (0 when the file ended cleanly).
    pub cut_bytes: u64,
}

impl FeedbackLog {
    /// Opens (creating if needed) the file at `path` for appending, cuts off a partial last
    /// line a crash may have left, and starts the writer thread.
    ///
    /// # Errors
    /// The file cannot be created, read, repaired or opened for appending.
    pub fn open(path: &Path) -> io::Result<(FeedbackLog, Recovered)> {
        let cut_bytes = repair(path)?;
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let (tx, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("feedback-writer".to_owned())
            .spawn(move || writer(file, &rx))?;
        Ok((
            FeedbackLog {
                path: path.to_owned(),
                tx: Mutex::new(Some(tx)),
                thread: Mutex::new(Some(thread)),
            },
            Recovered { cut_bytes },
        ))
    }

    /// The file's path.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `bytes` (whole lines) and waits until they are on disk.
    ///
    /// # Errors
    /// The write or the flush failed (nothing of `bytes` stays in the file), or the log is
    /// closed.
    pub async fn append(&self, bytes: Vec<u8>) -> io::Result<()> {
        let (done, wait) = oneshot::channel();
        {
            let tx = self
                .tx
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let tx = tx
                .as_ref()
                .ok_or_else(|| io::Error::other("the feedback log is closed"))?;
            tx.send(Job { bytes, done })
                .map_err(|_| io::Error::other("the feedback writer stopped"))?;
        }
        wait.await
            .map_err(|_| io::Error::other("the feedback writer stopped"))?
    }

    /// Stops taking lines, writes every line already handed over, and waits for the writer.
    pub fn close(&self) {
        drop(
            self.tx
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take(),
        );
        let thread = self
            .thread
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(thread) = thread {
            let _ = thread.join();
        }
    }
}

impl Drop for FeedbackLog {
    fn drop(&mut self) {
        self.close();
    }
}

fn writer(mut file: File, rx: &mpsc::Receiver<Job>) {
    // Ends when every sender is gone and the queue is empty: nothing handed over is lost.
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while let Ok(more) = rx.try_recv() {
            batch.push(more);
        }
        let mut buf = Vec::with_capacity(batch.iter().map(|j| j.bytes.len()).sum());
        for job in &batch {
            buf.extend_from_slice(&job.bytes);
        }
        let result = write_durably(&mut file, &buf);
        for job in batch {
            let r = match &result {
                Ok(()) => Ok(()),
                Err(e) => Err(io::Error::new(e.kind(), e.to_string())),
            };
            let _ = job.done.send(r);
        }
    }
}

fn write_durably(file: &mut File, buf: &[u8]) -> io::Result<()> {
    let before = file.metadata()?.len();
    let result = file
        .write_all(buf)
        .and_then(|()| file.flush())
        .and_then(|()| file.sync_data());
    if result.is_err() {
        // Cut back whatever part of the batch reached the file: no torn line stays.
        let _ = file.set_len(before);
        let _ = file.sync_data();
    }
    result
}

/// Cuts a partial last line off the file at `path` (if it exists). Returns the bytes cut.
fn repair(path: &Path) -> io::Result<u64> {
    let mut file = match OpenOptions::new().read(true).write(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(0);
    }
    // Walk back from the end to the last newline.
    let mut end = len;
    let mut chunk = vec![0u8; 64 * 1024];
    let keep = loop {
        let start = end.saturating_sub(chunk.len() as u64);
        let n = usize::try_from(end - start).map_err(io::Error::other)?;
        let part = chunk
            .get_mut(..n)
            .ok_or_else(|| io::Error::other("chunk"))?;
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(part)?;
        if let Some(pos) = part.iter().rposition(|&b| b == b'\n') {
            break start + pos as u64 + 1;
        }
        if start == 0 {
            break 0;
        }
        end = start;
    };
    if keep < len {
        file.set_len(keep)?;
        file.sync_all()?;
    }
    Ok(len - keep)
}

/// The entries of a feedback file, read back.
#[derive(Debug, Clone, PartialEq)]
pub struct LogContents {
    /// Every whole line, parsed.
    pub lines: Vec<Value>,
    /// Whole lines that are not JSON (should be 0), skipped.
    pub bad_lines: usize,
    /// Whether the file ended in a partial line (no final newline), skipped.
    pub partial_tail: bool,
}

/// Reads a feedback file, skipping (and counting) lines it cannot use, including a partial
/// last line.
///
/// # Errors
/// The file cannot be read.
pub fn read_log(path: &Path) -> io::Result<LogContents> {
    let bytes = std::fs::read(path)?;
    let mut contents = LogContents {
        lines: Vec::new(),
        bad_lines: 0,
        partial_tail: false,
    };
    let mut rest = bytes.as_slice();
    while !rest.is_empty() {
        let Some(pos) = rest.iter().position(|&b| b == b'\n') else {
            contents.partial_tail = true;
            break;
        };
        let (line, tail) = rest.split_at(pos);
        rest = tail.get(1..).unwrap_or_default();
        match serde_json::from_slice::<Value>(line) {
            Ok(v) => contents.lines.push(v),
            Err(_) => contents.bad_lines += 1,
        }
    }
    Ok(contents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tmp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("edx-cds-fb-{}-{name}", std::process::id()));
        let _ = std::fs::remove_file(&dir);
        dir
    }

    #[test]
    fn checks_entries() {
        let ok = json!({"feedback":[{"card":"c1","outcome":"accepted","outcomeTimestamp":"2026-11-27T10:00:00Z",
            "acceptedSuggestions":[{"id":"s1"}]}]});
        assert_eq!(check_request(&ok).map(<[Value]>::len), Ok(1));
        let cases = [
            (json!([]), ""),
            (json!({}), "feedback"),
            (json!({"feedback":[]}), "feedback"),
            (json!({"feedback":[], "x":1}), "x"),
            (json!({"feedback":[1]}), "feedback[0]"),
            (
                json!({"feedback":[{"outcome":"accepted","outcomeTimestamp":"t"}]}),
                "feedback[0].card",
            ),
            (
                json!({"feedback":[{"card":"c","outcome":"maybe","outcomeTimestamp":"t"}]}),
                "feedback[0].outcome",
            ),
            (
                json!({"feedback":[{"card":"c","outcome":"accepted"}]}),
                "feedback[0].outcomeTimestamp",
            ),
            (
                json!({"feedback":[{"card":"c","outcome":"accepted","outcomeTimestamp":"t","foo":1}]}),
                "feedback[0].foo",
            ),
            (
                json!({"feedback":[{"card":"c","outcome":"overridden","outcomeTimestamp":"t","overrideReason":{"userComment":3}}]}),
                "feedback[0].overrideReason.userComment",
            ),
            (
                json!({"feedback":[{"card":"c","outcome":"accepted","outcomeTimestamp":"t","acceptedSuggestions":[{}]}]}),
                "feedback[0].acceptedSuggestions[0]",
            ),
        ];
        for (body, path) in cases {
            let err = check_request(&body).unwrap_err();
            assert_eq!(err.0, path, "{body}");
        }
    }

    #[test]
    fn repair_cuts_a_torn_last_line_and_read_tolerates_one() {
        let p = tmp("torn");
        std::fs::write(&p, b"{\"a\":1}\n{\"b\":2}\n{\"c\":").unwrap();
        let read = read_log(&p).unwrap();
        assert_eq!(read.lines.len(), 2);
        assert!(read.partial_tail);
        let (log, rec) = FeedbackLog::open(&p).unwrap();
        assert_eq!(rec.cut_bytes, 5);
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(log.append(b"{\"d\":4}\n".to_vec())).unwrap();
        log.close();
        let read = read_log(&p).unwrap();
        assert_eq!(
            read.lines,
            vec![json!({"a":1}), json!({"b":2}), json!({"d":4})]
        );
        assert!(!read.partial_tail);
        assert_eq!(read.bad_lines, 0);
        let _ = std::fs::remove_file(&p);
    }

    #[test]
    fn repair_of_a_file_without_any_newline_empties_it() {
        let p = tmp("nonl");
        std::fs::write(&p, b"{\"half\"").unwrap();
        assert_eq!(repair(&p).unwrap(), 7);
        assert_eq!(std::fs::read(&p).unwrap(), b"");
        let _ = std::fs::remove_file(&p);
    }
}
