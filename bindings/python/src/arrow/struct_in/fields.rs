//! The pieces of a struct column the row reader walks: a field's values (text, whole
//! number or absent), a list's bounds, the fields of a struct placed by name, and the
//! refusals the JSON path (the crate's tree reader, `src/wire/de.rs`) makes of them, with
//! the same path and the same words.

use std::str::FromStr;
use std::sync::Arc;

use arrow_array::{Array, ArrayRef, Int64Array, ListArray, StringArray, StructArray};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::DataType;
use edx_coverage::{echo, Error, ErrorKind, MAX_ENTRIES};

/// Why a row was not read in place.
pub(crate) enum Refused {
    /// The row's refusal, exactly as the JSON path makes it (path and kind).
    Exact(Error),
    /// Something this reader does not mirror: the caller reads the row through JSON text.
    Text,
}

/// A refusal at `path`.
pub(crate) fn refuse(path: String, kind: ErrorKind) -> Refused {
    Refused::Exact(Error::new(path, kind))
}

/// `expected ..., found ...` at `path`.
pub(crate) fn wrong_type(path: String, expected: &'static str, found: &Value<'_>) -> Refused {
    refuse(
        path,
        ErrorKind::WrongType {
            expected,
            found: found.describe(),
        },
    )
}

/// One value of a field, as the JSON text of the row would hold it.
pub(crate) enum Value<'a> {
    /// Null or no such field: left out of the JSON text.
    Absent,
    Text(&'a str),
    Whole(i64),
}

impl Value<'_> {
    /// What the crate's tree reader says of the value in a type error (`Raw::describe`).
    fn describe(&self) -> String {
        match self {
            Value::Absent => "null".to_owned(),
            Value::Text(s) => format!("string {s:?}"),
            Value::Whole(n) => format!("number {n}"),
        }
    }
}

/// A field of strings or of whole numbers (every string type read as `utf8`, every integer
/// type that fits as `int64`), or one that is absent (or of the null type) everywhere.
#[derive(Clone)]
pub(crate) enum Field {
    Absent,
    Text(StringArray),
    Whole(Int64Array),
}

impl Field {
    /// The field `column`; `None` for a type the reader does not read.
    pub(crate) fn of(column: Option<&ArrayRef>) -> Option<Field> {
        let Some(column) = column else {
            return Some(Field::Absent);
        };
        match column.data_type() {
            DataType::Null => Some(Field::Absent),
            DataType::Utf8 => Some(Field::Text(
                column.as_any().downcast_ref::<StringArray>()?.clone(),
            )),
            DataType::Int64 => Some(Field::Whole(
                column.as_any().downcast_ref::<Int64Array>()?.clone(),
            )),
            _ => None,
        }
    }

    /// The value at `j`.
    #[inline]
    pub(crate) fn at(&self, j: usize) -> Value<'_> {
        match self {
            Field::Text(a) if a.is_valid(j) => Value::Text(a.value(j)),
            Field::Whole(a) if a.is_valid(j) => Value::Whole(a.value(j)),
            _ => Value::Absent,
        }
    }
}

/// A required word or code (`T::from_str`): the refusals of the tree reader's `word`.
#[inline]
pub(crate) fn word<T: FromStr<Err = ErrorKind>>(
    value: &Value<'_>,
    path: impl Fn() -> String,
) -> Result<T, Refused> {
    match value {
        Value::Text(s) => s.parse().map_err(|kind| refuse(path(), kind)),
        Value::Absent => Err(refuse(path(), ErrorKind::Missing)),
        Value::Whole(_) => Err(wrong_type(path(), "a string", value)),
    }
}

/// An optional word: `None` when absent.
#[inline]
pub(crate) fn optional_word<T: FromStr<Err = ErrorKind>>(
    value: &Value<'_>,
    path: impl Fn() -> String,
) -> Result<Option<T>, Refused> {
    match value {
        Value::Absent => Ok(None),
        _ => word(value, path).map(Some),
    }
}

/// An optional whole number in `0..=u32::MAX` (the tree reader's `whole_number`); `kind`
/// for a number out of that range.
#[inline]
pub(crate) fn whole(
    value: &Value<'_>,
    path: impl Fn() -> String,
    kind: fn(String) -> ErrorKind,
) -> Result<Option<u32>, Refused> {
    match value {
        Value::Absent => Ok(None),
        Value::Whole(n) => u32::try_from(*n)
            .map(Some)
            .map_err(|_| refuse(path(), kind(n.to_string()))),
        Value::Text(_) => Err(wrong_type(path(), "a whole number", value)),
    }
}

/// The deepest type nesting of an unknown field taken in place. The JSON path refuses a
/// document nested deeper than its limit before it looks at field names; a field this deep
/// goes that way.
const MAX_UNKNOWN_DEPTH: usize = 16;

fn depth(data_type: &DataType) -> usize {
    match data_type {
        DataType::List(f)
        | DataType::LargeList(f)
        | DataType::ListView(f)
        | DataType::LargeListView(f)
        | DataType::FixedSizeList(f, _)
        | DataType::Map(f, _) => 1 + depth(f.data_type()),
        DataType::Struct(fields) => {
            1 + fields
                .iter()
                .map(|f| depth(f.data_type()))
                .max()
                .unwrap_or(0)
        }
        DataType::Dictionary(_, v) => depth(v),
        DataType::RunEndEncoded(_, v) => depth(v.data_type()),
        _ => 0,
    }
}

/// A field the wire format does not define: set (not null) at a row, it is refused there.
struct Unknown {
    name: String,
    nulls: Option<NullBuffer>,
    /// A union (or a type nested too deep): left to the JSON path whenever it is set.
    text: bool,
}

/// One struct array's fields by name: the known ones at their position in `names`, the
/// others kept to refuse them where they are set.
pub(crate) struct Named {
    known: Vec<Option<ArrayRef>>,
    unknown: Vec<Unknown>,
    expected: &'static [&'static str],
}

impl Named {
    /// `None` when a name appears twice (the JSON text would hold a key twice; left to the
    /// JSON path as a whole).
    pub(crate) fn of(structs: &StructArray, names: &'static [&'static str]) -> Option<Self> {
        let mut known = vec![None; names.len()];
        let mut unknown = Vec::new();
        for (k, (field, column)) in structs.fields().iter().zip(structs.columns()).enumerate() {
            let twice = structs
                .fields()
                .iter()
                .take(k)
                .any(|f| f.name() == field.name());
            if twice {
                return None;
            }
            match names.iter().position(|n| n == field.name()) {
                Some(i) => *known.get_mut(i)? = Some(Arc::clone(column)),
                None if column.data_type() == &DataType::Null => {}
                None => unknown.push(Unknown {
                    name: field.name().clone(),
                    nulls: column.logical_nulls(),
                    text: matches!(column.data_type(), DataType::Union(..))
                        || depth(column.data_type()) > MAX_UNKNOWN_DEPTH,
                }),
            }
        }
        Some(Named {
            known,
            unknown,
            expected: names,
        })
    }

    /// The column of the known field at `i`.
    pub(crate) fn column(&self, i: usize) -> Option<&ArrayRef> {
        self.known.get(i).and_then(Option::as_ref)
    }

    /// The known field at `i` as strings or whole numbers; `None` for another type.
    pub(crate) fn field(&self, i: usize) -> Option<Field> {
        Field::of(self.column(i))
    }

    /// The first unknown field set at `j` (in the struct's order, the order of the keys in
    /// the JSON text) refused at `path`, as the tree reader's `fields` does.
    #[inline]
    pub(crate) fn check(&self, j: usize, path: impl Fn() -> String) -> Result<(), Refused> {
        for u in &self.unknown {
            if u.nulls.as_ref().is_none_or(|n| n.is_valid(j)) {
                if u.text {
                    return Err(Refused::Text);
                }
                return Err(refuse(
                    path(),
                    ErrorKind::UnknownField {
                        name: echo(&u.name),
                        expected: self.expected,
                    },
                ));
            }
        }
        Ok(())
    }
}

/// A list field: each row's entries, or absent.
pub(crate) struct List {
    offsets: OffsetBuffer<i32>,
    nulls: Option<NullBuffer>,
    /// Which entries are null (the values' logical nulls: a list of the null type holds
    /// nothing else).
    entry_nulls: Option<NullBuffer>,
    values: ArrayRef,
}

impl List {
    /// The list `column` (a `list` after the cast); `Err` for another type, `Ok(None)` for
    /// an absent field or one of the null type.
    pub(crate) fn of(column: Option<&ArrayRef>) -> Result<Option<List>, ()> {
        let Some(column) = column else {
            return Ok(None);
        };
        if column.data_type() == &DataType::Null {
            return Ok(None);
        }
        let list = column.as_any().downcast_ref::<ListArray>().ok_or(())?;
        Ok(Some(List {
            offsets: list.offsets().clone(),
            nulls: list.nulls().cloned(),
            entry_nulls: list.values().logical_nulls(),
            values: Arc::clone(list.values()),
        }))
    }

    /// The entries' array.
    pub(crate) fn values(&self) -> &ArrayRef {
        &self.values
    }

    /// The entries of row `i` (their indices in the values), `None` for a null list; a
    /// list over the limit is refused at `path`, as the tree reader does.
    #[inline]
    pub(crate) fn entries(
        &self,
        i: usize,
        path: impl Fn() -> String,
    ) -> Result<Option<std::ops::Range<usize>>, Refused> {
        if self.nulls.as_ref().is_some_and(|n| n.is_null(i)) {
            return Ok(None);
        }
        let at = |k: usize| {
            self.offsets
                .get(k)
                .and_then(|&o| usize::try_from(o).ok())
                .ok_or(Refused::Text)
        };
        let (start, end) = (at(i)?, at(i + 1)?);
        let len = end.saturating_sub(start);
        if len > MAX_ENTRIES {
            return Err(refuse(
                path(),
                ErrorKind::TooMany {
                    len,
                    max: MAX_ENTRIES,
                },
            ));
        }
        Ok(Some(start..end))
    }

    /// The indices in the values of the entries rows `rows` can hold, from the first one's
    /// first to the last one's last (the values of a sliced list hold more); `None` for
    /// rows past the list's end or offsets that are not indices.
    pub(crate) fn span(&self, rows: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
        let at = |k: usize| usize::try_from(*self.offsets.get(k)?).ok();
        Some(at(rows.start)?..at(rows.end)?)
    }

    /// Whether entry `j` (an index in the values) is null.
    #[inline]
    pub(crate) fn entry_is_null(&self, j: usize) -> bool {
        self.entry_nulls.as_ref().is_some_and(|n| n.is_null(j))
    }
}
