//! Key/value lists: how a host passes many named values in one string
//! (the settings a session starts with, add options, creation options).
//!
//! The syntax (docs/api-reference.md, "Key/value lists"): `key=value` lines
//! separated by `\n`; the key is everything before the first `=`, the value
//! everything after it, kept as it is (no trimming) except for one trailing
//! `\r`; empty lines and lines starting with `#` are ignored; a key may
//! repeat where a list is meant. A value cannot contain a newline.

use crate::error::{invalid, over_limit, Result};

/// Most lines one list may hold (BTX_LIMIT_KV_ITEMS).
const MAX_ITEMS: usize = crate::registry::BTX_LIMIT_KV_ITEMS as usize;

/// One `key=value` line, with its 1-based line number for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item<'a> {
    /// the line number, from 1
    pub line: usize,
    /// the key
    pub key: &'a str,
    /// the value (may be empty)
    pub value: &'a str,
}

/// Parses a key/value list; a malformed line is an error naming it.
pub fn parse(text: &str) -> Result<Vec<Item<'_>>> {
    let mut out = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(invalid(format!("line {}: expected key=value, got '{}'", i + 1, shorten(line))));
        };
        if key.is_empty() {
            return Err(invalid(format!("line {}: the key before '=' is empty", i + 1)));
        }
        if out.len() == MAX_ITEMS {
            return Err(over_limit(format!("more than {MAX_ITEMS} key/value lines")));
        }
        out.push(Item { line: i + 1, key, value });
    }
    Ok(out)
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 60 {
        s.to_owned()
    } else {
        format!("{}...", s.chars().take(60).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_comments_and_values_with_equals() {
        let items = parse("a=1\r\n\n# note\nurl=http://x/?a=b\nempty=\n").unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0], Item { line: 1, key: "a", value: "1" });
        assert_eq!(items[1].value, "http://x/?a=b");
        assert_eq!(items[2], Item { line: 5, key: "empty", value: "" });
    }

    #[test]
    fn malformed_lines_are_named() {
        let e = parse("a=1\nnovalue\n").unwrap_err();
        assert!(e.message().contains("line 2"), "{}", e.message());
        assert!(parse("=x").unwrap_err().message().contains("empty"));
        assert!(parse(" spaced = kept").unwrap()[0].key == " spaced ");
    }
}
