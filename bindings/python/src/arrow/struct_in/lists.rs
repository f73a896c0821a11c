//! A list column of a batch read once, entry by entry in the order of its values, before
//! any row: each entry parsed, so that a row then takes its entries as one slice. Reading
//! a list's entries together, not interleaved with the row's other lists, keeps each loop
//! to one kind of entry (BENCHMARKS.md, "`evaluate_arrow`: each list read in one pass").
//! A refused entry is only marked in that pass; the row that holds it reads it again
//! where it stands, for the refusal's path.

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

/// How an entry is read: from what the entries are read from (`S`), the entry's index in
/// the values and its place.
pub(crate) type Reader<S, T> = fn(&S, usize, Place) -> Result<T, Refused>;

/// The entries of one list column, each read once.
pub(crate) struct Read<S, T> {
    list: List,
    /// What the entries are read from (the entries' fields).
    source: S,
    /// Reads an entry again, for its refusal.
    exact: Reader<S, T>,
    /// What a null entry is refused as not being (what the tree reader wants there).
    expected: &'static str,
    /// The index in the values of the first entry read ([`List::span`]).
    base: usize,
    /// Each entry's value from `base` on (`placeholder` where it is refused: a row holding
    /// that entry is refused, so the value is never read).
    values: Vec<T>,
    /// The refused entries, ascending by index in the values.
    refused: Vec<usize>,
    /// The first of `refused` that may fall in the entries of the row read next (the rows
    /// are read in order, and their entries never go back).
    next: usize,
}

impl<S, T: Copy> Read<S, T> {
    /// Every entry of `list` the rows can hold, read from `source` by `read` (which may
    /// keep what it parsed before); `exact` reads one again with the same outcome. `None`
    /// when the list's offsets are not indices.
    pub(crate) fn of(
        list: List,
        source: S,
        expected: &'static str,
        placeholder: T,
        exact: Reader<S, T>,
        mut read: impl FnMut(&S, usize) -> Result<T, Refused>,
    ) -> Option<Self> {
        let span = list.span()?;
        let mut values = Vec::with_capacity(span.len());
        let mut refused = Vec::new();
        for j in span.clone() {
            let value = if list.entry_is_null(j) {
                None
            } else {
                read(&source, j).ok()
            };
            match value {
                Some(value) => values.push(value),
                None => {
                    values.push(placeholder);
                    refused.push(j);
                }
            }
        }
        Some(Read {
            list,
            source,
            exact,
            expected,
            base: span.start,
            values,
            refused,
            next: 0,
        })
    }

    /// The entries of row `i` (`None` for a null list), or the refusal of its first refused
    /// entry, placed under `name`; a list over the limit is refused at `name` first, as the
    /// tree reader does. Rows are asked for in ascending order.
    #[inline]
    pub(crate) fn row(&mut self, name: &'static str, i: usize) -> Result<Option<&[T]>, Refused> {
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
        self.slice(range).map(Some).ok_or(Refused::Text)
    }

    /// The refusal of entry `j`, at `place`.
    #[cold]
    fn refusal(&self, place: Place, j: usize) -> Refused {
        if self.list.entry_is_null(j) {
            return wrong_type(place.entry(), self.expected, &Value::Absent);
        }
        // Read again, it is refused again; were it not, the row would go the JSON way, to
        // the same result.
        (self.exact)(&self.source, j, place)
            .err()
            .unwrap_or(Refused::Text)
    }

    fn slice(&self, range: Range<usize>) -> Option<&[T]> {
        let start = range.start.checked_sub(self.base)?;
        let end = range.end.checked_sub(self.base)?;
        self.values.get(start..end)
    }
}
