//! JSON paths into the request, built only when a refusal or an issue needs one.

use core::fmt;

/// Where a value sits in the request: a chain of keys and indices back to the root. It lives
/// on the stack while the mapping walks the request, and becomes text (`context.draftOrders
/// .entry[1].resource.code`) only when something is reported.
#[derive(Debug, Clone, Copy)]
pub(crate) enum JsonPath<'a> {
    /// The request document.
    Root,
    /// A member of an object.
    Key(&'a JsonPath<'a>, &'a str),
    /// An element of an array.
    Index(&'a JsonPath<'a>, usize),
}

impl<'a> JsonPath<'a> {
    /// The member `key` of the value here.
    pub(crate) fn key(&'a self, key: &'a str) -> JsonPath<'a> {
        JsonPath::Key(self, key)
    }

    /// The element `i` of the array here.
    pub(crate) fn index(&'a self, i: usize) -> JsonPath<'a> {
        JsonPath::Index(self, i)
    }

    /// The path as text.
    pub(crate) fn text(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonPath::Root => Ok(()),
            JsonPath::Key(JsonPath::Root, key) => f.write_str(key),
            JsonPath::Key(parent, key) => write!(f, "{parent}.{key}"),
            JsonPath::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_javascript() {
        let root = JsonPath::Root;
        let context = root.key("context");
        let orders = context.key("draftOrders");
        let entry = orders.key("entry");
        let first = entry.index(1);
        let code = first.key("resource");
        assert_eq!(code.text(), "context.draftOrders.entry[1].resource");
        assert_eq!(root.text(), "");
        assert_eq!(root.index(0).text(), "[0]");
    }
}
