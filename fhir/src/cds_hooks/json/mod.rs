//! The request as a borrowed JSON tree held in one arena: strings and member names borrowed
//! from the text (copied only when they hold escapes), every array's items in one flat vector
//! and every object's members in another, so reading a request makes a handful of
//! allocations and dropping it frees a handful, whatever its size.
//!
//! [`answer`](super::answer) reads the text with a small reader of its own ([`read`]) that
//! trusts the common case; on anything it does not accept it hands the text to `serde_json`
//! ([`serde_read`]), which builds the same tree or gives the exact error `serde_json` gives.
//! [`answer_value`](super::answer_value) borrows a `Value` into the same tree
//! ([`Doc::from_value`]), so every path runs the same mapping and writes the same response.
//! Objects read like `serde_json`'s: the last of duplicate names wins, and they are written
//! with their members in sorted order. DESIGN.md, "CDS Hooks and FHIR R4", says why.

mod read;
mod serde_read;
pub(crate) mod write;

use std::fmt;

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

/// A JSON number as `serde_json` keeps it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl Number {
    pub(crate) fn as_u64(self) -> Option<u64> {
        match self {
            Number::Unsigned(n) => Some(n),
            Number::Signed(_) | Number::Float(_) => None,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Number::Unsigned(n) => write!(f, "{n}"),
            Number::Signed(n) => write!(f, "{n}"),
            Number::Float(n) => match serde_json::Number::from_f64(n) {
                Some(n) => write!(f, "{n}"),
                None => write!(f, "{n}"),
            },
        }
    }
}

/// A text in the arena: borrowed from the document, or the index of an unescaped copy.
#[derive(Debug, Clone, Copy)]
enum Text<'t> {
    Borrowed(&'t str),
    Owned(u32),
}

/// One value as the arena stores it: containers are ranges of the flat vectors.
#[derive(Debug, Clone, Copy)]
enum Node<'t> {
    Null,
    Bool(bool),
    Number(Number),
    String(Text<'t>),
    /// `nodes[start..start + len]`.
    Array(u32, u32),
    /// `members[start..start + len]`.
    Object(u32, u32),
}

/// One object member in the arena.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member<'t> {
    name: Text<'t>,
    value: Node<'t>,
}

/// A whole JSON document: the arena and its root.
#[derive(Debug, Default)]
pub(crate) struct Doc<'t> {
    /// The items of every array, each array's contiguous.
    nodes: Vec<Node<'t>>,
    /// The members of every object, each object's contiguous, in document order.
    members: Vec<Member<'t>>,
    /// Strings and names that held escapes, unescaped.
    owned: Vec<String>,
    root: Option<Node<'t>>,
    /// The text, when the fast reader read it and found it written as `serde_json` writes
    /// a value: no white space, no escapes, numbers only integers (see [`write`](mod@write)).
    compact: Option<&'t str>,
}

/// Builds a [`Doc`] bottom up: a container's children are pushed on scratch stacks while it
/// is read, then copied into the arena in one piece when it closes.
#[derive(Default)]
struct Builder<'t> {
    doc: Doc<'t>,
    items: Vec<Node<'t>>,
    fields: Vec<Member<'t>>,
    /// The text had something `serde_json` would not write back as it is: white space
    /// between tokens or a number that is not a plain integer (escapes show as `owned`).
    loose: bool,
}

impl<'t> Builder<'t> {
    /// Sized for a typical request, so nothing grows while one is read.
    fn with_capacity(text_len: usize) -> Builder<'t> {
        let nodes = text_len / 64 + 16;
        let members = text_len / 24 + 16;
        Builder {
            doc: Doc {
                nodes: Vec::with_capacity(nodes),
                members: Vec::with_capacity(members),
                owned: Vec::new(),
                root: None,
                compact: None,
            },
            items: Vec::with_capacity(40),
            fields: Vec::with_capacity(24),
            loose: false,
        }
    }

    fn owned(&mut self, text: String) -> Text<'t> {
        let i = u32::try_from(self.doc.owned.len()).unwrap_or(u32::MAX);
        self.doc.owned.push(text);
        Text::Owned(i)
    }

    /// Closes the array whose items start at `start` on the item stack.
    fn end_array(&mut self, start: usize) -> Node<'t> {
        let from = start.min(self.items.len());
        let at = self.doc.nodes.len();
        self.doc
            .nodes
            .extend_from_slice(self.items.get(from..).unwrap_or(&[]));
        self.items.truncate(from);
        Node::Array(index(at), index(self.doc.nodes.len() - at))
    }

    /// Closes the object whose members start at `start` on the member stack.
    fn end_object(&mut self, start: usize) -> Node<'t> {
        let from = start.min(self.fields.len());
        let at = self.doc.members.len();
        self.doc
            .members
            .extend_from_slice(self.fields.get(from..).unwrap_or(&[]));
        self.fields.truncate(from);
        Node::Object(index(at), index(self.doc.members.len() - at))
    }

    fn finish(mut self, root: Node<'t>) -> Doc<'t> {
        self.doc.root = Some(root);
        self.doc
    }

    /// [`finish`](Self::finish) for the fast reader, which read the whole of `text`.
    fn finish_read(self, root: Node<'t>, text: &'t str) -> Doc<'t> {
        let compact = !self.loose && self.doc.owned.is_empty();
        let mut doc = self.finish(root);
        if compact {
            doc.compact = Some(text);
        }
        doc
    }
}

/// A position in the arena as stored (documents are far under 4 GiB: the service and the
/// callers limit the text long before).
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Parses one JSON document (nothing but white space after it), as `serde_json` does.
pub(crate) fn parse(text: &str) -> Result<Doc<'_>, serde_json::Error> {
    match read::read(text) {
        Some(doc) => Ok(doc),
        None => serde_read::parse(text),
    }
}

impl<'t> Doc<'t> {
    /// Borrows a `serde_json::Value` as a tree.
    pub(crate) fn from_value(value: &'t serde_json::Value) -> Doc<'t> {
        let mut b = Builder::default();
        let root = serde_read::borrow(&mut b, value);
        b.finish(root)
    }

    /// The document's root value.
    pub(crate) fn root(&self) -> Json<'_> {
        self.value(self.root.unwrap_or(Node::Null))
    }

    #[inline]
    fn text<'a>(&'a self, text: Text<'a>) -> &'a str {
        match text {
            Text::Borrowed(s) => s,
            Text::Owned(i) => self.owned.get(i as usize).map_or("", String::as_str),
        }
    }

    #[inline]
    fn value<'a>(&'a self, node: Node<'a>) -> Json<'a> {
        match node {
            Node::Null => Json::Null,
            Node::Bool(b) => Json::Bool(b),
            Node::Number(n) => Json::Number(n),
            Node::String(s) => Json::String(self.text(s)),
            Node::Array(start, len) => Json::Array(Array {
                doc: self,
                items: range(&self.nodes, start, len),
            }),
            Node::Object(start, len) => Json::Object(JsonObject {
                doc: self,
                members: range(&self.members, start, len),
            }),
        }
    }
}

#[inline]
fn range<T>(all: &[T], start: u32, len: u32) -> &[T] {
    let start = start as usize;
    all.get(start..start.saturating_add(len as usize))
        .unwrap_or(&[])
}

/// One JSON value of a [`Doc`].
#[derive(Clone, Copy)]
pub(crate) enum Json<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(&'a str),
    Array(Array<'a>),
    Object(JsonObject<'a>),
}

/// A JSON array of a [`Doc`].
#[derive(Clone, Copy)]
pub(crate) struct Array<'a> {
    doc: &'a Doc<'a>,
    items: &'a [Node<'a>],
}

impl<'a> Array<'a> {
    /// An empty array, for absent members.
    pub(crate) const EMPTY: Array<'static> = Array {
        doc: &EMPTY_DOC,
        items: &[],
    };

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(crate) fn get(&self, i: usize) -> Option<Json<'a>> {
        self.items.get(i).map(|n| self.doc.value(*n))
    }

    /// The items in order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = Json<'a>> + DoubleEndedIterator {
        let doc = self.doc;
        self.items.iter().map(move |n| doc.value(*n))
    }
}

static EMPTY_DOC: Doc<'static> = Doc {
    nodes: Vec::new(),
    members: Vec::new(),
    owned: Vec::new(),
    root: None,
    compact: None,
};

/// A JSON object of a [`Doc`]: members in document order; lookups take the last of
/// duplicates.
#[derive(Clone, Copy)]
pub(crate) struct JsonObject<'a> {
    doc: &'a Doc<'a>,
    members: &'a [Member<'a>],
}

/// The members of a [`JsonObject`] in sorted order: straight from the object when its members are
/// already sorted and unique (as `serde_json` writes them), else from a sorted copy.
pub(crate) enum Sorted<'a> {
    Direct(&'a Doc<'a>, std::slice::Iter<'a, Member<'a>>),
    Copied(std::vec::IntoIter<(&'a str, Json<'a>)>),
}

impl<'a> Iterator for Sorted<'a> {
    type Item = (&'a str, Json<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Sorted::Direct(doc, members) => members
                .next()
                .map(|m| (doc.text(m.name), doc.value(m.value))),
            Sorted::Copied(members) => members.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Sorted::Direct(_, members) => members.size_hint(),
            Sorted::Copied(members) => members.size_hint(),
        }
    }
}

impl ExactSizeIterator for Sorted<'_> {}

impl<'a> JsonObject<'a> {
    /// The member `key` (the last one, as `serde_json` keeps it).
    #[inline]
    pub(crate) fn get(&self, key: &str) -> Option<Json<'a>> {
        // Most names differ in length or in their first byte: test those before comparing
        // the whole name.
        // Names are short (`id`, `code`, `resourceType`): a byte loop beats a call to
        // `memcmp` for each candidate.
        let key = key.as_bytes();
        let (len, first) = (key.len(), key.first());
        let doc = self.doc;
        self.members
            .iter()
            .rev()
            .find(|m| {
                let k = doc.text(m.name).as_bytes();
                k.len() == len && k.first() == first && k.iter().zip(key).all(|(a, b)| a == b)
            })
            .map(|m| doc.value(m.value))
    }

    /// The members named `names`, each the last one of its name as [`get`](Self::get)
    /// finds it, in one pass over the members (where one `get` per name makes one pass
    /// each). Inlined, so the names are constants and each comparison is a few
    /// instructions.
    #[inline(always)]
    pub(crate) fn pick<const N: usize>(&self, names: [&str; N]) -> [Option<Json<'a>>; N] {
        let doc = self.doc;
        // Each value made as its member is met (a member is rarely met twice), not by a map
        // of the whole array after, which stayed a call per slot.
        let mut found: [Option<Json<'a>>; N] = [None; N];
        for m in self.members {
            let k = doc.text(m.name).as_bytes();
            for (slot, name) in found.iter_mut().zip(names) {
                if k == name.as_bytes() {
                    *slot = Some(doc.value(m.value));
                    break;
                }
            }
        }
        found
    }

    /// The members in document order, duplicates included.
    fn raw(&self) -> impl Iterator<Item = (&'a str, Json<'a>)> {
        let doc = self.doc;
        self.members
            .iter()
            .map(move |m| (doc.text(m.name), doc.value(m.value)))
    }

    /// Whether the names are in strictly increasing order (so sorted, without duplicates).
    fn in_order(&self) -> bool {
        let doc = self.doc;
        self.members
            .windows(2)
            .all(|w| matches!(w, [a, b] if doc.text(a.name) < doc.text(b.name)))
    }

    /// How many members, duplicates included.
    pub(crate) fn len(&self) -> usize {
        self.members.len()
    }

    /// The member at `i` in document order.
    pub(crate) fn member(&self, i: usize) -> Option<(&'a str, Json<'a>)> {
        let doc = self.doc;
        self.members
            .get(i)
            .map(|m| (doc.text(m.name), doc.value(m.value)))
    }

    /// Whether [`write::value`] writes this object exactly as it stands in the request text:
    /// the text is compact (see [`Doc`]'s `compact`) and every object in this one, itself
    /// included, has its names in strictly increasing order.
    pub(crate) fn as_written(&self) -> bool {
        self.doc.compact.is_some() && self.nested_in_order()
    }

    fn nested_in_order(&self) -> bool {
        fn value_in_order(v: Json<'_>) -> bool {
            match v {
                Json::Object(o) => o.nested_in_order(),
                Json::Array(a) => a.iter().all(value_in_order),
                _ => true,
            }
        }
        let doc = self.doc;
        self.in_order()
            && self
                .members
                .iter()
                .all(|m| value_in_order(doc.value(m.value)))
    }

    /// The text of the members `from..to` of an [`as_written`](Self::as_written) object,
    /// as it stands in the request: from the opening quote of member `from`'s name to the
    /// comma before member `to`'s (`from < to < len`, so the end is where a name starts; the
    /// last member's end is not recorded).
    pub(crate) fn text_between(&self, from: usize, to: usize) -> Option<&'a str> {
        let text = self.doc.compact?;
        let at = |i: usize| -> Option<usize> {
            match self.members.get(i)?.name {
                Text::Borrowed(name) => {
                    Some((name.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize))
                }
                Text::Owned(_) => None,
            }
        };
        let start = at(from)?.checked_sub(1)?;
        let end = at(to)?.checked_sub(2)?;
        (start < end).then(|| text.get(start..end)).flatten()
    }

    /// The members sorted by name, duplicates resolved to the last: `serde_json`'s view.
    pub(crate) fn sorted(&self) -> Sorted<'a> {
        let doc = self.doc;
        if self.in_order() {
            return Sorted::Direct(doc, self.members.iter());
        }
        let mut members: Vec<(&str, Json<'a>)> = self.raw().collect();
        // Stable: among equal names the document order stays, so the last one is kept.
        members.sort_by(|a, b| a.0.cmp(b.0));
        let mut out: Vec<(&str, Json<'a>)> = Vec::with_capacity(members.len());
        for m in members {
            match out.last_mut() {
                Some(last) if last.0 == m.0 => *last = m,
                _ => out.push(m),
            }
        }
        Sorted::Copied(out.into_iter())
    }
}

impl PartialEq for JsonObject<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.sorted().eq(other.sorted())
    }
}

impl PartialEq for Array<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl PartialEq for Json<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Json::Null, Json::Null) => true,
            (Json::Bool(a), Json::Bool(b)) => a == b,
            (Json::Number(a), Json::Number(b)) => a == b,
            (Json::String(a), Json::String(b)) => a == b,
            (Json::Array(a), Json::Array(b)) => a == b,
            (Json::Object(a), Json::Object(b)) => a == b,
            _ => false,
        }
    }
}

/// Written as its JSON text.
impl fmt::Debug for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&serde_json::to_string(self).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for JsonObject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&Json::Object(*self), f)
    }
}

impl fmt::Debug for Array<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&Json::Array(*self), f)
    }
}

impl<'a> Json<'a> {
    #[inline]
    pub(crate) fn get(self, key: &str) -> Option<Json<'a>> {
        match self {
            Json::Object(map) => map.get(key),
            _ => None,
        }
    }

    #[inline]
    pub(crate) fn as_array(self) -> Option<Array<'a>> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    #[inline]
    pub(crate) fn as_object(self) -> Option<JsonObject<'a>> {
        match self {
            Json::Object(map) => Some(map),
            _ => None,
        }
    }

    pub(crate) fn as_u64(self) -> Option<u64> {
        match self {
            Json::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub(crate) fn is_null(self) -> bool {
        matches!(self, Json::Null)
    }
}

impl Serialize for Array<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for item in self.iter() {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

impl Serialize for JsonObject<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let members = self.sorted();
        let mut m = s.serialize_map(Some(members.len()))?;
        for (k, v) in members {
            m.serialize_entry(k, &v)?;
        }
        m.end()
    }
}

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(Number::Unsigned(n)) => s.serialize_u64(*n),
            Json::Number(Number::Signed(n)) => s.serialize_i64(*n),
            Json::Number(Number::Float(n)) => s.serialize_f64(*n),
            Json::String(text) => s.serialize_str(text),
            Json::Array(items) => items.serialize(s),
            Json::Object(map) => map.serialize(s),
        }
    }
}

#[cfg(test)]
mod tests;
