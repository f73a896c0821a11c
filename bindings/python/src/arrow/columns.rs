//! Column builders the result is made of: list offsets, lists of words, lists of pairs of
//! strings, dictionary keys. Each pushes one element (or one null) at a time and is turned
//! into an Arrow array of the declared type at the end; offsets are checked, never wrap.
//! The columns of whole rows ([`RowLists`], [`RowKeys`]) keep no validity of their own: a
//! row's lists are all null exactly when the row is refused, so they share the row's, packed
//! once at the end ([`packed`]).

use std::fmt::Write as _;
use std::sync::Arc;

use arrow_array::builder::{NullBufferBuilder, StringBuilder};
use arrow_array::types::{Int16Type, Int32Type};
use arrow_array::{
    ArrayRef, DictionaryArray, Int16Array, Int32Array, ListArray, StringArray, StructArray,
};
use arrow_buffer::{BooleanBuffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, FieldRef, Fields};
use edx_coverage::{CptCode, Member, Set};

pub(crate) use super::short::{Short, Word};

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

/// The names of a vocabulary, in declaration order (a dictionary's values).
pub(crate) fn names<T: Member>(name: fn(T) -> &'static str) -> Vec<&'static str> {
    T::ALL.iter().map(|&w| name(w)).collect()
}

/// `dictionary<int32, utf8>`.
pub(crate) fn dictionary() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// `dictionary<int16, utf8>`: a vocabulary of at most 32,767 words (the reasons' rules and
/// sources), half the bytes a key.
pub(crate) fn small_dictionary() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int16), Box::new(DataType::Utf8))
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

    /// The number of ends so far (with the first, `0`).
    #[inline]
    pub(crate) fn pushed(&self) -> usize {
        self.ends.len()
    }

    /// The ends pushed after the first `from`, less `base`, into `out`: those lists on their
    /// own.
    pub(crate) fn since(&self, from: usize, base: i32, out: &mut Vec<i32>) {
        out.clear();
        let ends = self.ends.get(from..).unwrap_or_default();
        out.extend(ends.iter().map(|&end| end.saturating_sub(base)));
    }

    /// Closes a list at `base + end` for each end of `relative` (ascending, from
    /// [`since`](Self::since)).
    #[inline]
    pub(crate) fn extend_relative(&mut self, base: usize, relative: &[i32]) {
        let last = relative.last().copied().unwrap_or(0);
        match i32::try_from(base) {
            Ok(b) if b.checked_add(last).is_some() && !self.overflow => {
                // No end is over `last`, so none of these sums overflows.
                self.ends
                    .extend(relative.iter().map(|&end| b.saturating_add(end)));
            }
            _ => {
                for &end in relative {
                    self.close(base.saturating_add(usize::try_from(end).unwrap_or(0)));
                }
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

/// Small whole numbers that are never null (a reason's citations, a key into a small
/// vocabulary), as `i16`.
pub(crate) struct Ints {
    values: Vec<i16>,
}

impl Ints {
    pub(crate) fn with_capacity(values: usize) -> Self {
        Ints {
            values: Vec::with_capacity(values),
        }
    }

    /// The numbers pushed after the first `from`.
    pub(crate) fn since(&self, from: usize) -> &[i16] {
        self.values.get(from..).unwrap_or_default()
    }

    /// One number.
    #[inline]
    pub(crate) fn push(&mut self, value: i16) {
        self.values.push(value);
    }

    /// The numbers `values`, in order.
    #[inline]
    pub(crate) fn put<const N: usize>(&mut self, values: &Short<i16, N>) {
        values.put(&mut self.values);
    }
}

impl Values for Ints {
    #[inline]
    fn count(&self) -> usize {
        self.values.len()
    }
    fn build(self) -> Result<ArrayRef, ArrowError> {
        Ok(Arc::new(Int16Array::new(
            ScalarBuffer::from(self.values),
            None,
        )))
    }
}

/// Keys into a fixed vocabulary of at most 32,767 words, never null (a reason's rule, its
/// sources): kept as the `i16`s the column holds and built as `dictionary<int16, utf8>` over
/// every word of the vocabulary, in declaration order, whether or not a row uses it.
pub(crate) struct WordKeys {
    pub(crate) keys: Ints,
    words: fn() -> Vec<&'static str>,
}

impl WordKeys {
    /// Room for `keys` keys into the vocabulary `words` gives.
    pub(crate) fn with_capacity(keys: usize, words: fn() -> Vec<&'static str>) -> Self {
        WordKeys {
            keys: Ints::with_capacity(keys),
            words,
        }
    }
}

impl Values for WordKeys {
    #[inline]
    fn count(&self) -> usize {
        self.keys.count()
    }
    fn build(self) -> Result<ArrayRef, ArrowError> {
        let keys = Int16Array::new(ScalarBuffer::from(self.keys.values), None);
        let values: ArrayRef = Arc::new(StringArray::from_iter_values((self.words)()));
        Ok(Arc::new(DictionaryArray::<Int16Type>::try_new(
            keys, values,
        )?))
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
        RowLists {
            offsets: self.offsets,
            values: self.values,
        }
        .finish(data_type, nulls)
    }
}

/// A list column whose validity is given at the end (the row's, or one kept beside it):
/// a null list and an empty one are both just their end here.
pub(crate) struct RowLists<V> {
    pub(crate) offsets: Offsets,
    pub(crate) values: V,
}

impl<V: Values> RowLists<V> {
    pub(crate) fn new(lists: usize, values: V) -> Self {
        RowLists {
            offsets: Offsets::with_capacity(lists),
            values,
        }
    }

    /// Closes the list whose values were just pushed to `values` (or a null list, which
    /// holds none).
    #[inline]
    pub(crate) fn close(&mut self) {
        self.offsets.close(self.values.count());
    }

    /// The `list<item>` array, `item` the values' type, `nulls` the lists' validity.
    pub(crate) fn finish(
        self,
        data_type: DataType,
        nulls: Option<NullBuffer>,
    ) -> Result<ArrayRef, ArrowError> {
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

/// The validity of `flags.len()` values (each flag `1` or `0`), valid where the flag is
/// `valid`: packed 8 at a time (one multiplication gathers the low bit of 8 bytes into one
/// byte), and `None` when none is null (as `NullBufferBuilder` gives it).
pub(crate) fn packed(flags: &[u8], valid: bool) -> Option<NullBuffer> {
    // Flipped to 1 where valid; only each byte's low bit is read.
    let flip = if valid { 0 } else { 0x0101_0101_0101_0101_u64 };
    let mut bytes = Vec::with_capacity(flags.len().div_ceil(8));
    let chunks = flags.chunks_exact(8);
    let rest = chunks.remainder();
    for chunk in chunks {
        let eight = <[u8; 8]>::try_from(chunk).unwrap_or_default();
        let lows = (u64::from_le_bytes(eight) ^ flip) & 0x0101_0101_0101_0101;
        // Byte i's low bit lands on bit 56 + i: the top byte is the 8 validity bits.
        let top = lows.wrapping_mul(0x0102_0408_1020_4080) >> 56;
        bytes.push(u8::try_from(top).unwrap_or(0));
    }
    if !rest.is_empty() {
        let last = rest.iter().enumerate().fold(0u8, |byte, (bit, &flag)| {
            byte | (u8::from((flag & 1 == 1) == valid) << bit)
        });
        bytes.push(last);
    }
    let bits = BooleanBuffer::new(arrow_buffer::Buffer::from_vec(bytes), 0, flags.len());
    Some(NullBuffer::new(bits)).filter(|n| n.null_count() > 0)
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

    /// One string kept padded.
    #[inline]
    pub(crate) fn put(&mut self, value: &Word) {
        value.put(&mut self.bytes);
        self.ends.close(self.bytes.len());
    }

    /// One CPT code, its five digits (zeros first) written as one fixed-size copy rather
    /// than through `Display`.
    #[inline]
    pub(crate) fn push_cpt(&mut self, code: CptCode) {
        let n = code.value();
        if n < 100_000 {
            let digit = |place: u32| b'0' + u8::try_from(n / place % 10).unwrap_or(0);
            let digits = [digit(10_000), digit(1_000), digit(100), digit(10), digit(1)];
            self.bytes.extend_from_slice(&digits);
        } else {
            // Writing into memory cannot fail.
            let _ = write!(self, "{code}");
        }
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
        self.finish(None)
    }
}

impl Strings {
    /// The strings as one array, `nulls` their validity (a null string is an empty one
    /// here).
    pub(crate) fn finish(self, nulls: Option<NullBuffer>) -> Result<ArrayRef, ArrowError> {
        let values = arrow_buffer::Buffer::from_vec(self.bytes);
        Ok(Arc::new(StringArray::try_new(
            self.ends.finish()?,
            values,
            nulls,
        )?))
    }
}

impl RowLists<Strings> {
    /// A valid list of the words of `set`, each written from `table` (the words of its
    /// vocabulary by index, padded) or, past the table, from `name`.
    #[inline]
    pub(crate) fn set<T: Member>(
        &mut self,
        set: Set<T>,
        table: &[Word],
        name: fn(T) -> &'static str,
    ) {
        for w in set.iter() {
            match usize::try_from(w.index()).ok().and_then(|i| table.get(i)) {
                Some(word) => self.values.put(word),
                None => self.values.push(name(w)),
            }
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

    /// One pair of words kept padded (a suggested code and its finding).
    #[inline]
    pub(crate) fn put(&mut self, first: &Word, second: &Word) {
        self.first.put(first);
        self.second.put(second);
    }

    /// One pair of CPT codes (a correction).
    pub(crate) fn push_cpts(&mut self, first: CptCode, second: CptCode) {
        self.first.push_cpt(first);
        self.second.push_cpt(second);
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

/// A dictionary-encoded column of whole rows over a fixed vocabulary, its validity given at
/// the end (the row's).
pub(crate) struct RowKeys {
    keys: Vec<i32>,
}

impl RowKeys {
    pub(crate) fn new(rows: usize) -> Self {
        RowKeys {
            keys: Vec::with_capacity(rows),
        }
    }

    /// The word at `index` in the vocabulary (`0` for a null row).
    #[inline]
    pub(crate) fn push(&mut self, index: u32) {
        self.keys.push(i32::try_from(index).unwrap_or(0));
    }

    /// The column, `words` the vocabulary, `nulls` the rows' validity.
    pub(crate) fn finish(
        self,
        words: &[&str],
        nulls: Option<NullBuffer>,
    ) -> Result<ArrayRef, ArrowError> {
        let keys = Int32Array::try_new(ScalarBuffer::from(self.keys), nulls)?;
        let values: ArrayRef = Arc::new(StringArray::from_iter_values(words.iter()));
        Ok(Arc::new(DictionaryArray::<Int32Type>::try_new(
            keys, values,
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
