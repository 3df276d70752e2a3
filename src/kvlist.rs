//! Typed values of key/value lists (`btx_add`, `btx_create_torrent_with`,
//! `btx_create_start`): the syntax and the splitting into lines are
//! src/kv.rs's (shared with the settings a session starts with; documented
//! once in docs/api-reference.md, "Key/value lists"); this adds the value
//! readers the option parsers need, each error naming the line and the key.
//!
//! The text is untrusted input: parsing is linear, and every error names
//! the line.

use crate::error::{invalid, Result};
pub use crate::kv::{parse, Item};

/// At most 60 characters of `s`, for error messages about hostile input.
pub fn shorten(s: &str) -> String {
    if s.chars().count() <= 60 {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(57).collect();
    out.push_str("...");
    out
}

/// Value readers for the option parsers.
impl Item<'_> {
    /// An error about this line's value.
    pub fn bad(&self, why: impl std::fmt::Display) -> crate::error::Error {
        invalid(format!("line {} ({}): {}", self.line, self.key, why))
    }

    /// The value as a decimal integer in `min..=max`.
    pub fn int(&self, min: i64, max: i64) -> Result<i64> {
        let v: i64 =
            self.value.parse().map_err(|_| self.bad(format!("'{}' is not a decimal integer", shorten(self.value))))?;
        if v < min || v > max {
            return Err(self.bad(format!("{v} is not in {min}..{max}")));
        }
        Ok(v)
    }

    /// The value as a flag: `1`/`0` (also `true`/`false`, `yes`/`no`).
    pub fn flag(&self) -> Result<bool> {
        match self.value {
            "1" | "true" | "yes" => Ok(true),
            "0" | "false" | "no" => Ok(false),
            v => Err(self.bad(format!("'{}' is not 1 or 0", shorten(v)))),
        }
    }

    /// The value, refused when empty.
    pub fn text(&self) -> Result<&str> {
        if self.value.is_empty() {
            return Err(self.bad("the value is empty"));
        }
        Ok(self.value)
    }

    /// The value as one of `choices`; its position.
    pub fn choice(&self, choices: &[&str]) -> Result<usize> {
        choices
            .iter()
            .position(|c| *c == self.value)
            .ok_or_else(|| self.bad(format!("'{}' is not one of {}", shorten(self.value), choices.join(", "))))
    }
}

/// A tracker value: `[tier ' '] url`. A URL never begins with a digit and a
/// space, so a leading number followed by a space is the tier (0..255).
pub fn tracker(item: &Item) -> Result<(String, i32)> {
    let v = item.text()?;
    let (tier, url) = match v.split_once(' ') {
        Some((t, rest)) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
            let tier: i32 = t.parse().ok().filter(|n| (0..=255).contains(n)).ok_or_else(|| item.bad(format!("tier {t} is not in 0..255")))?;
            (tier, rest)
        }
        _ => (0, v),
    };
    if url.is_empty() || url.contains(char::is_whitespace) {
        return Err(item.bad(format!("'{}' is not a URL", shorten(url))));
    }
    Ok((url.to_owned(), tier))
}

/// A `host:port` value (an IPv6 host in brackets): the host and the port.
pub fn host_port(item: &Item) -> Result<(String, u16)> {
    let v = item.text()?;
    let bad = || item.bad(format!("'{}' is not host:port", shorten(v)));
    let (host, port) = v.rsplit_once(':').ok_or_else(bad)?;
    let host = match host.strip_prefix('[') {
        Some(h) => h.strip_suffix(']').ok_or_else(bad)?,
        None if host.contains(':') => return Err(bad()),
        None => host,
    };
    let port: u16 = port.parse().ok().filter(|p| *p != 0).ok_or_else(bad)?;
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(bad());
    }
    Ok((host.to_owned(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keys_and_values() {
        let items = parse("a=1\r\n\n# comment\nb=x=y\nc=\n tracker= spaced \r").unwrap();
        let kv: Vec<(usize, &str, &str)> = items.iter().map(|i| (i.line, i.key, i.value)).collect();
        assert_eq!(kv, vec![(1, "a", "1"), (4, "b", "x=y"), (5, "c", ""), (6, " tracker", " spaced ")]);
    }

    #[test]
    fn values() {
        let it = |v| Item { line: 3, key: "k", value: v };
        assert_eq!(it("42").int(0, 100), Ok(42));
        assert!(it("4x").int(0, 100).unwrap_err().message().contains("line 3 (k)"));
        assert!(it("101").int(0, 100).is_err());
        assert!(it("1").flag().unwrap() && !it("no").flag().unwrap() && it("2").flag().is_err());
        assert_eq!(tracker(&it("http://a/x")).unwrap(), ("http://a/x".into(), 0));
        assert_eq!(tracker(&it("3 udp://b:1")).unwrap(), ("udp://b:1".into(), 3));
        assert!(tracker(&it("300 udp://b:1")).is_err());
        assert!(tracker(&it("udp://b:1 extra")).is_err());
        assert_eq!(host_port(&it("127.0.0.1:80")).unwrap(), ("127.0.0.1".into(), 80));
        assert_eq!(host_port(&it("[::1]:6881")).unwrap(), ("::1".into(), 6881));
        assert_eq!(host_port(&it("router.example:6881")).unwrap(), ("router.example".into(), 6881));
        for bad in ["::1:80", "x", "h:0", "h:70000", ":5", "[::1:5"] {
            assert!(host_port(&it(bad)).is_err(), "{bad}");
        }
    }
}
