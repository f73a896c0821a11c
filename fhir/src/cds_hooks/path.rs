//! JSON paths into the request, built only when a refusal or an issue needs one.

use core::fmt;

/// Where a value sits in the request: a chain of keys and indices back to the root. It lives
/// on the stack while the mapping walks the request, and becomes text (`context.draftOrders
/// .entry[1].resource.code`) only when something is reported.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Loc<'a> {
    /// The request document.
    Root,
    /// A member of an object.
    Key(&'a Loc<'a>, &'a str),
    /// An element of an array.
    Index(&'a Loc<'a>, usize),
}

impl<'a> Loc<'a> {
    /// The member `key` of the value here.
    pub(crate) fn key(&'a self, key: &'a str) -> Loc<'a> {
        Loc::Key(self, key)
    }

    /// The element `i` of the array here.
    pub(crate) fn index(&'a self, i: usize) -> Loc<'a> {
        Loc::Index(self, i)
    }

    /// The path as text.
    pub(crate) fn text(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Loc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Loc::Root => Ok(()),
            Loc::Key(Loc::Root, key) => f.write_str(key),
            Loc::Key(parent, key) => write!(f, "{parent}.{key}"),
            Loc::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_javascript() {
        let root = Loc::Root;
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
