//! A list column read a run of rows at a time, entry by entry in the order of its values,
//! before those rows: each entry parsed, so that a row then takes its entries as one slice.
//! Reading a list's entries together, not interleaved with the row's other lists, keeps each
//! loop to one kind of entry (BENCHMARKS.md, "`evaluate_arrow`: each list read in one
//! pass"); a run of rows at a time keeps the parsed entries few (in the core's cache, and
//! the same memory whatever the batch's size). A refused entry is only marked in that pass;
//! the row that holds it reads it again where it stands, for the refusal's path.

use std::ops::Range;

use super::fields::{wrong_type, List, Refused, Value};

/// Where an entry is, for the path of its refusal: nowhere yet (the batch's pass, whose
/// refusals are only marks: no path is written) or entry `k` of the list `name`.
#[derive(Clone, Copy)]
pub(crate) enum Place {
    Pass,
    At(&'static str, usize),
}

impl Place {
    /// The path of the entry itself.
    pub(crate) fn entry(self) -> String {
        match self {
            Place::Pass => String::new(),
            Place::At(name, k) => format!("{name}[{k}]"),
        }
    }

    /// The path of the entry's field `field`.
    pub(crate) fn field(self, field: &'static str) -> impl Fn() -> String {
        move || match self {
            Place::Pass => String::new(),
            Place::At(name, k) => format!("{name}[{k}].{field}"),
        }
    }
}

/// What a list's entries are read from (the entries' fields), and how one is read.
pub(crate) trait Source {
    /// One entry's value.
    type Entry: Copy;
    /// What a null entry is refused as not being (what the tree reader wants there).
    const EXPECTED: &'static str;
    /// A value for the slot of a refused entry (never read: a row holding that entry is
    /// refused).
    fn placeholder(&self) -> Self::Entry;
    /// Entry `j` (an index in the values) in the pass, which may keep what it parsed.
    fn pass(&mut self, j: usize) -> Result<Self::Entry, Refused>;
    /// Entry `j` read again at `place`, with the same outcome as [`pass`](Self::pass).
    fn exact(&self, j: usize, place: Place) -> Result<Self::Entry, Refused>;
}

/// The entries of one list column, read for a run of rows at a time.
pub(crate) struct Read<S: Source> {
    list: List,
    source: S,
    /// The index in the values of the first entry read.
    base: usize,
    /// Each entry's value from `base` on (the placeholder where it is refused).
    values: Vec<S::Entry>,
    /// The refused entries, ascending by index in the values.
    refused: Vec<usize>,
    /// The first of `refused` that may fall in the entries of the row read next (the rows
    /// are read in order, and their entries never go back).
    next: usize,
}

impl<S: Source> Read<S> {
    /// The list `list` of entries read from `source`; nothing read yet.
    pub(crate) fn new(list: List, source: S) -> Self {
        Read {
            list,
            source,
            base: 0,
            values: Vec::new(),
            refused: Vec::new(),
            next: 0,
        }
    }

    /// Reads the entries of `rows` (in place of those read before); `false` when the
    /// list's offsets there are not indices.
    pub(crate) fn fill(&mut self, rows: Range<usize>) -> bool {
        let Some(span) = self.list.span(rows) else {
            return false;
        };
        self.values.clear();
        self.refused.clear();
        self.next = 0;
        self.base = span.start;
        self.values.reserve(span.len());
        let placeholder = self.source.placeholder();
        for j in span {
            let value = if self.list.entry_is_null(j) {
                None
            } else {
                self.source.pass(j).ok()
            };
            match value {
                Some(value) => self.values.push(value),
                None => {
                    self.values.push(placeholder);
                    self.refused.push(j);
                }
            }
        }
        true
    }

    /// The entries of row `i` (`None` for a null list), or the refusal of its first refused
    /// entry, placed under `name`; a list over the limit is refused at `name` first, as the
    /// tree reader does. Rows are asked for in ascending order, each in the rows last
    /// [`fill`](Self::fill)ed.
    #[inline]
    pub(crate) fn row(
        &mut self,
        name: &'static str,
        i: usize,
    ) -> Result<Option<&[S::Entry]>, Refused> {
        let Some(range) = self.list.entries(i, || name.to_owned())? else {
            return Ok(None);
        };
        while self
            .refused
            .get(self.next)
            .is_some_and(|&j| j < range.start)
        {
            self.next += 1;
        }
        if let Some(&j) = self.refused.get(self.next) {
            if j < range.end {
                return Err(self.refusal(Place::At(name, j.saturating_sub(range.start)), j));
            }
        }
        // Outside the rows filled (never, as the caller fills them): the JSON way, to the
        // same result.
        self.slice(range).map(Some).ok_or(Refused::Text)
    }

    /// The refusal of entry `j`, at `place`.
    #[cold]
    fn refusal(&self, place: Place, j: usize) -> Refused {
        if self.list.entry_is_null(j) {
            return wrong_type(place.entry(), S::EXPECTED, &Value::Absent);
        }
        // Read again, it is refused again; were it not, the row would go the JSON way, to
        // the same result.
        self.source.exact(j, place).err().unwrap_or(Refused::Text)
    }

    fn slice(&self, range: Range<usize>) -> Option<&[S::Entry]> {
        let start = range.start.checked_sub(self.base)?;
        let end = range.end.checked_sub(self.base)?;
        self.values.get(start..end)
    }
}
