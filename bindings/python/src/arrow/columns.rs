//! Column builders the result is made of: list offsets, lists of words, lists of pairs of
//! strings, dictionary keys. Each pushes one element (or one null) at a time and is turned
//! into an Arrow array of the declared type at the end; offsets are checked, never wrap.

use std::fmt::Write as _;
use std::sync::Arc;

use arrow_array::builder::{NullBufferBuilder, StringBuilder};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, DictionaryArray, Int32Array, ListArray, StringArray, StructArray};
use arrow_buffer::{NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, FieldRef, Fields};

/// A nullable `utf8` field.
pub(crate) fn text(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

/// The item field of every list in the result.
pub(crate) fn item(data_type: DataType) -> FieldRef {
    Arc::new(Field::new("item", data_type, true))
}

/// A nullable `list<item>` field.
pub(crate) fn list_of(name: &str, data_type: DataType) -> Field {
    Field::new(name, DataType::List(item(data_type)), true)
}

/// The fields of a struct of two strings.
pub(crate) fn pair_fields(names: [&str; 2]) -> Fields {
    names.iter().map(|n| text(n)).collect()
}

/// `dictionary<int32, utf8>`.
pub(crate) fn dictionary() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// The offsets of one list column: `0`, then the end of each list.
pub(crate) struct Offsets {
    ends: Vec<i32>,
    overflow: bool,
}

impl Offsets {
    pub(crate) fn with_capacity(lists: usize) -> Self {
        let mut ends = Vec::with_capacity(lists + 1);
        ends.push(0);
        Offsets {
            ends,
            overflow: false,
        }
    }

    /// Closes the current list at `end` (the number of values so far).
    #[inline]
    pub(crate) fn close(&mut self, end: usize) {
        match i32::try_from(end) {
            Ok(end) => self.ends.push(end),
            Err(_) => {
                self.overflow = true;
                let last = self.ends.last().copied().unwrap_or(0);
                self.ends.push(last);
            }
        }
    }

    /// The offsets; an error when a column grew past `i32` offsets.
    pub(crate) fn finish(self) -> Result<OffsetBuffer<i32>, ArrowError> {
        if self.overflow {
            return Err(ArrowError::ComputeError(
                "a result list column is over 2^31 values".to_owned(),
            ));
        }
        // Starts at 0 and never decreases: every end is a count of values pushed so far.
        Ok(OffsetBuffer::new(ScalarBuffer::from(self.ends)))
    }
}

/// A list column with its own validity (the null rows are given at the end, or kept here).
pub(crate) struct Lists<V> {
    pub(crate) offsets: Offsets,
    pub(crate) values: V,
    nulls: NullBufferBuilder,
}

impl<V> Lists<V> {
    pub(crate) fn new(lists: usize, values: V) -> Self {
        Lists {
            offsets: Offsets::with_capacity(lists),
            values,
            nulls: NullBufferBuilder::new(lists),
        }
    }
}

/// What a list's values are built with: knows how many it holds and what it becomes.
pub(crate) trait Values {
    /// The number of values so far.
    fn count(&self) -> usize;
    /// The values as one array.
    fn build(self) -> Result<ArrayRef, ArrowError>;
}

impl Values for StringBuilder {
    fn count(&self) -> usize {
        arrow_array::builder::ArrayBuilder::len(self)
    }
    fn build(mut self) -> Result<ArrayRef, ArrowError> {
        Ok(Arc::new(self.finish()))
    }
}

/// Whole numbers that are never null (a reason's citations).
pub(crate) struct Ints {
    values: Vec<i32>,
}

impl Ints {
    pub(crate) fn with_capacity(values: usize) -> Self {
        Ints {
            values: Vec::with_capacity(values),
        }
    }

    /// The numbers `values`, in order.
    #[inline]
    pub(crate) fn extend(&mut self, values: &[i32]) {
        self.values.extend_from_slice(values);
    }
}

impl Values for Ints {
    #[inline]
    fn count(&self) -> usize {
        self.values.len()
    }
    fn build(self) -> Result<ArrayRef, ArrowError> {
        Ok(Arc::new(Int32Array::new(
            ScalarBuffer::from(self.values),
            None,
        )))
    }
}

impl<V: Values> Lists<V> {
    /// Closes the list whose values were just pushed to `values` (valid).
    #[inline]
    pub(crate) fn close(&mut self) {
        self.offsets.close(self.values.count());
        self.nulls.append_non_null();
    }

    /// A null list.
    pub(crate) fn null(&mut self) {
        self.offsets.close(self.values.count());
        self.nulls.append_null();
    }

    /// The `list<item>` array, `item` the values' type.
    pub(crate) fn finish(mut self, data_type: DataType) -> Result<ArrayRef, ArrowError> {
        let nulls = self.nulls.finish();
        let offsets = self.offsets.finish()?;
        let values = self.values.build()?;
        Ok(Arc::new(ListArray::try_new(
            item(data_type),
            offsets,
            values,
            nulls,
        )?))
    }
}

/// Strings written straight into their two buffers (the bytes and each string's end): what
/// every list of words and pair of the result is made of. Cheaper per string than a
/// `StringBuilder` (no validity to keep: a value here is never null).
pub(crate) struct Strings {
    bytes: Vec<u8>,
    ends: Offsets,
}

impl Strings {
    pub(crate) fn with_capacity(strings: usize, bytes: usize) -> Self {
        Strings {
            bytes: Vec::with_capacity(bytes),
            ends: Offsets::with_capacity(strings),
        }
    }

    /// One string.
    #[inline]
    pub(crate) fn push(&mut self, value: &str) {
        self.bytes.extend_from_slice(value.as_bytes());
        self.ends.close(self.bytes.len());
    }

    /// One displayed value (a CPT code).
    pub(crate) fn push_display(&mut self, value: impl std::fmt::Display) {
        // Writing into memory cannot fail.
        let _ = write!(self, "{value}");
        self.ends.close(self.bytes.len());
    }
}

impl std::fmt::Write for Strings {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.bytes.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

impl Values for Strings {
    #[inline]
    fn count(&self) -> usize {
        self.ends.ends.len().saturating_sub(1)
    }
    fn build(self) -> Result<ArrayRef, ArrowError> {
        let values = arrow_buffer::Buffer::from_vec(self.bytes);
        Ok(Arc::new(StringArray::try_new(
            self.ends.finish()?,
            values,
            None,
        )?))
    }
}

impl Lists<Strings> {
    /// A valid list of `words`.
    #[inline]
    pub(crate) fn words<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        for w in words {
            self.values.push(w);
        }
        self.close();
    }
}

impl Lists<StringBuilder> {
    /// A valid list of `words`.
    pub(crate) fn words<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        for w in words {
            self.values.append_value(w);
        }
        self.close();
    }
}

/// The values of a list of structs of two strings.
pub(crate) struct Pairs {
    first: Strings,
    second: Strings,
    fields: Fields,
}

impl Pairs {
    pub(crate) fn new(names: [&str; 2]) -> Self {
        Pairs {
            first: Strings::with_capacity(0, 0),
            second: Strings::with_capacity(0, 0),
            fields: pair_fields(names),
        }
    }

    /// One pair of texts.
    pub(crate) fn push(&mut self, first: &str, second: &str) {
        self.first.push(first);
        self.second.push(second);
    }

    /// One pair of displayed values (the CPT codes of a correction).
    pub(crate) fn push_display(
        &mut self,
        first: impl std::fmt::Display,
        second: impl std::fmt::Display,
    ) {
        self.first.push_display(first);
        self.second.push_display(second);
    }

    /// The struct type of one pair.
    pub(crate) fn data_type(&self) -> DataType {
        DataType::Struct(self.fields.clone())
    }
}

impl Values for Pairs {
    fn count(&self) -> usize {
        self.first.count()
    }
    fn build(self) -> Result<ArrayRef, ArrowError> {
        let first = self.first.build()?;
        let second = self.second.build()?;
        Ok(Arc::new(StructArray::try_new(
            self.fields,
            vec![first, second],
            None,
        )?))
    }
}

/// A dictionary-encoded column over a fixed vocabulary (every word, in declaration order,
/// whether or not a row uses it), one key per row.
pub(crate) struct Keys {
    keys: Vec<i32>,
    nulls: NullBufferBuilder,
}

impl Keys {
    pub(crate) fn new(rows: usize) -> Self {
        Keys {
            keys: Vec::with_capacity(rows),
            nulls: NullBufferBuilder::new(rows),
        }
    }

    /// The word at `index` in the vocabulary.
    pub(crate) fn push(&mut self, index: u32) {
        self.keys.push(i32::try_from(index).unwrap_or(0));
        self.nulls.append_non_null();
    }

    pub(crate) fn null(&mut self) {
        self.keys.push(0);
        self.nulls.append_null();
    }

    /// The column, `words` the vocabulary.
    pub(crate) fn finish(mut self, words: &[&str]) -> Result<ArrayRef, ArrowError> {
        let nulls: Option<NullBuffer> = self.nulls.finish();
        let keys = Int32Array::try_new(ScalarBuffer::from(self.keys), nulls)?;
        let values: ArrayRef = Arc::new(StringArray::from_iter_values(words.iter()));
        Ok(Arc::new(DictionaryArray::<Int32Type>::try_new(
            keys, values,
        )?))
    }
}
