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
        let mut out = String::with_capacity(48);
        self.write(&mut out);
        out
    }

    /// Appends the path to `out`, as [`Display`](fmt::Display) writes it, without the
    /// formatting machinery (issues make one path each).
    fn write(&self, out: &mut String) {
        match self {
            JsonPath::Root => {}
            JsonPath::Key(JsonPath::Root, key) => out.push_str(key),
            JsonPath::Key(parent, key) => {
                parent.write(out);
                out.push('.');
                out.push_str(key);
            }
            JsonPath::Index(parent, i) => {
                parent.write(out);
                out.push('[');
                push_decimal(out, *i);
                out.push(']');
            }
        }
    }
}

/// Appends `n` in decimal.
fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0_u8; 20];
    let mut len = 0;
    let mut rest = n;
    loop {
        if let Some(d) = digits.get_mut(len) {
            *d = b'0' + (rest % 10) as u8;
        }
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for d in digits.iter().take(len).rev() {
        out.push(char::from(*d));
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
        for i in [0, 7, 10, 99, 1234, usize::MAX] {
            let at = context.index(i);
            assert_eq!(at.text(), at.to_string());
            assert_eq!(at.text(), format!("context[{i}]"));
        }
    }
}
