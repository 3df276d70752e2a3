//! The compact text form of records, for script hosts.
//!
//! A script runtime such as OpenXTalk's pays about a microsecond for every
//! operation it runs, so walking a record field by field costs it ~1,000x
//! what the record costs to make. Its string builtins, though, run in
//! native code: one call splits a whole text into a list, one call turns
//! `key<US>value<RS>key<US>value` into an array. This module rewrites
//! records (any record the library returns: a single record, a list, an
//! event drain) into that text, with the field names spelled out, so such a
//! host decodes a record in one or two builtin calls
//! (docs/record-format.md, "The compact text form").
//!
//! The text uses the four ASCII information separators: `BTX_TEXT_KEY`
//! (US) ends a key, `BTX_TEXT_FIELD` (RS) separates fields, `BTX_TEXT_ROW`
//! (GS) separates records (rows), and `BTX_TEXT_FLAG` (FS) starts a
//! *flagged row*. It is lossless because it never carries what it cannot
//! say: a record with a raw or nested-list value, a text value holding any
//! of the four separators or invalid UTF-8, or no field at all, becomes a
//! flagged row `FS<offset>` naming where that record sits in the input, and
//! the host decodes that one record from the record bytes it already holds.

use crate::error::{invalid, Result};
use crate::record::Reader;
use crate::registry::*;
use std::sync::LazyLock;

/// What the input bytes hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// one kvrecord (a status, a summary, a DHT state, ...)
    Record,
    /// a list shape `[itemCount][bodyLen kvrecord]*` (files, peers, bulk status, ...)
    List,
    /// an event drain `[eventCount:u16]([code:u16][bodyLen][kvrecord])*`
    Events,
}

impl Shape {
    /// The shape for a `BTX_SHAPE_*` value.
    pub fn from_c(shape: i32) -> Result<Shape> {
        match shape {
            BTX_SHAPE_RECORD => Ok(Shape::Record),
            BTX_SHAPE_LIST => Ok(Shape::List),
            BTX_SHAPE_EVENTS => Ok(Shape::Events),
            other => Err(invalid(format!("shape {other}: use BTX_SHAPE_RECORD, BTX_SHAPE_LIST or BTX_SHAPE_EVENTS"))),
        }
    }
}

const KEY: u8 = BTX_TEXT_KEY as u8;
const FIELD: u8 = BTX_TEXT_FIELD as u8;
const ROW: u8 = BTX_TEXT_ROW as u8;
const FLAG: u8 = BTX_TEXT_FLAG as u8;

/// Field names by id: the registry's key, or "field<id>" for an id it does
/// not name (what the record walkers call it too).
static KEYS: LazyLock<Vec<String>> = LazyLock::new(|| {
    (0..=255u8).map(|id| field(id).map_or_else(|| format!("field{id}"), |f| f.key.to_owned())).collect()
});

/// The event name for a code; "torrentEvent" for a code the registry does
/// not name.
fn event_name(code: u16) -> &'static str {
    event(code).map_or("torrentEvent", |e| e.name)
}

/// A value the text can carry as it is: valid UTF-8 without a separator.
fn text_safe(ty: u8, v: &[u8]) -> bool {
    ty != BTX_TYPE_RAW
        && ty != BTX_TYPE_LIST
        && !v.iter().any(|b| (FLAG..=KEY).contains(b))
        && std::str::from_utf8(v).is_ok()
}

/// Writes the fields of the kvrecord at the reader's position as one row.
/// Returns false (and writes nothing) when the record cannot be text; the
/// reader is past the record either way.
fn row(r: &mut Reader, out: &mut Vec<u8>) -> std::result::Result<bool, crate::record::Truncated> {
    let start = out.len();
    let count = r.u16()?;
    let mut safe = true;
    for i in 0..count {
        let id = r.u8()?;
        let ty = r.u8()?;
        let len = r.len()?;
        let value = r.take(len)?;
        if !safe {
            continue;
        }
        if !text_safe(ty, value) {
            safe = false;
            continue;
        }
        if i > 0 {
            out.push(FIELD);
        }
        out.extend_from_slice(KEYS[id as usize].as_bytes());
        out.push(KEY);
        out.extend_from_slice(value);
    }
    if !safe {
        out.truncate(start);
    }
    Ok(safe)
}

fn flag(out: &mut Vec<u8>, offset: usize) {
    out.push(FLAG);
    out.extend_from_slice(crate::record::itoa_buf(offset as i64 + 1).as_str().as_bytes());
}

/// The compact text of the records in `data`, read as `shape` from the
/// start (bytes after them are ignored, so a host may pass a whole drain
/// buffer). Rows are separated by `BTX_TEXT_ROW`; a record that cannot be
/// text is a flagged row `FS<offset>`: the 1-based offset in `data` of its
/// kvrecord (of its event code, for a drain). An event row ends with its
/// `code` and `name`.
pub fn records_text(shape: Shape, data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() * 2 + 16);
    let mut r = Reader::new(data);
    let truncated = |r: &Reader| invalid(format!("the records are truncated or malformed (at byte {} of {})", r.pos, data.len()));
    match shape {
        Shape::Record => {
            let at = r.pos;
            let safe = row(&mut r, &mut out).map_err(|_| truncated(&r))?;
            // a record of no fields is the empty text, as it is an empty array
            if !safe {
                flag(&mut out, at);
            }
        }
        Shape::List => {
            let n = r.len().map_err(|_| truncated(&r))?;
            for i in 0..n {
                if i > 0 {
                    out.push(ROW);
                }
                let body = r.len().map_err(|_| truncated(&r))?;
                let at = r.pos;
                let item = r.take(body).map_err(|_| truncated(&r))?;
                let mut ir = Reader::new(item);
                let start = out.len();
                let safe = row(&mut ir, &mut out).map_err(|_| invalid(format!("list item {} is malformed (at byte {})", i + 1, at + ir.pos)))?;
                // an empty row would be no row at all: flag records of no field
                if !safe || out.len() == start {
                    out.truncate(start);
                    flag(&mut out, at);
                }
            }
        }
        Shape::Events => {
            let n = r.u16().map_err(|_| truncated(&r))?;
            for i in 0..n {
                if i > 0 {
                    out.push(ROW);
                }
                let at = r.pos;
                let code = r.u16().map_err(|_| truncated(&r))?;
                let body = r.len().map_err(|_| truncated(&r))?;
                let item = r.take(body).map_err(|_| truncated(&r))?;
                let mut ir = Reader::new(item);
                let start = out.len();
                let safe = row(&mut ir, &mut out).map_err(|_| invalid(format!("event {} is malformed", i + 1)))?;
                if !safe {
                    out.truncate(start);
                    flag(&mut out, at);
                    continue;
                }
                // code and name last: they win over a field of the same name,
                // as they do in the record walkers
                if out.len() > start {
                    out.push(FIELD);
                }
                out.extend_from_slice(b"code");
                out.push(KEY);
                out.extend_from_slice(crate::record::itoa_buf(code as i64).as_str().as_bytes());
                out.push(FIELD);
                out.extend_from_slice(b"name");
                out.push(KEY);
                out.extend_from_slice(event_name(code).as_bytes());
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{put_len, Record};

    fn text(s: &[u8]) -> String {
        s.iter()
            .map(|&b| match b {
                FLAG => "<FS>".to_owned(),
                ROW => "<GS>".to_owned(),
                FIELD => "<RS>".to_owned(),
                KEY => "=".to_owned(),
                b => (b as char).to_string(),
            })
            .collect()
    }

    fn list(items: &[Vec<u8>]) -> Vec<u8> {
        let mut out = Vec::new();
        put_len(&mut out, items.len());
        for i in items {
            put_len(&mut out, i.len());
            out.extend_from_slice(i);
        }
        out
    }

    fn rec(f: impl FnOnce(&mut Record)) -> Vec<u8> {
        let mut b = Vec::new();
        let mut r = Record::begin(&mut b);
        f(&mut r);
        r.finish();
        b
    }

    #[test]
    fn a_record_is_one_row_with_its_keys() {
        let r = rec(|r| {
            r.utf8(BTX_STATUS_NAME, "x y").int(BTX_STATUS_STATE, 3).real(BTX_STATUS_PROGRESS, 0.5).int(250, 7);
        });
        let t = records_text(Shape::Record, &r).unwrap();
        assert_eq!(text(&t), "name=x y<RS>state=3<RS>progress=0.5<RS>field250=7");
        assert_eq!(records_text(Shape::Record, &rec(|_| {})).unwrap(), b"");
    }

    #[test]
    fn what_text_cannot_say_is_flagged() {
        for bad in ["tab\tnewline\n is fine but \u{1f} is not", "\u{1c}", "\u{1d}", "a\u{1e}b"] {
            let r = rec(|r| {
                r.int(BTX_EVKEY_TORRENT, 5).utf8(BTX_FILE_PATH, bad);
            });
            assert_eq!(records_text(Shape::Record, &r).unwrap(), b"\x1c1", "{bad:?}");
        }
        let ok = rec(|r| {
            r.utf8(BTX_FILE_PATH, "tab\there\nand\r\0 NUL, ïñ 🎉");
        });
        assert_eq!(records_text(Shape::Record, &ok).unwrap(), "path\u{1f}tab\there\nand\r\0 NUL, ïñ 🎉".as_bytes());
        let raw = rec(|r| {
            r.raw(BTX_EVKEY_RESUME_DATA, b"d1:ai1ee");
        });
        assert_eq!(records_text(Shape::Record, &raw).unwrap(), b"\x1c1");
        let bad_utf8 = {
            let mut b = rec(|r| {
                r.utf8(BTX_FILE_PATH, "ab");
            });
            let n = b.len();
            b[n - 1] = 0xFF;
            b
        };
        assert_eq!(records_text(Shape::Record, &bad_utf8).unwrap(), b"\x1c1");
    }

    #[test]
    fn list_rows_and_their_flags_point_into_the_input() {
        let a = rec(|r| {
            r.utf8(BTX_FILE_PATH, "a").int(BTX_FILE_SIZE, 1);
        });
        let b = rec(|r| {
            r.utf8(BTX_FILE_PATH, "b\u{1e}").int(BTX_FILE_SIZE, 2);
        });
        let empty = rec(|_| {});
        let data = list(&[a.clone(), b.clone(), empty, a.clone()]);
        let t = records_text(Shape::List, &data).unwrap();
        // item 2's kvrecord starts after [count][len a][a][len b]
        let at_b = 2 + 2 + a.len() + 2 + 1;
        let at_empty = at_b + b.len() + 2;
        assert_eq!(text(&t), format!("path=a<RS>size=1<GS><FS>{at_b}<GS><FS>{at_empty}<GS>path=a<RS>size=1"));
        assert_eq!(&data[at_b - 1..at_b - 1 + b.len()], &b[..]);
        assert_eq!(records_text(Shape::List, &list(&[])).unwrap(), b"");
    }

    #[test]
    fn events_end_with_code_and_name() {
        let mut data = vec![0, 3];
        for (code, body) in [
            (BTX_EVENT_PIECE_FINISHED, rec(|r| {
                r.int(BTX_EVKEY_TORRENT, 5).int(BTX_EVKEY_PIECE, 17);
            })),
            (BTX_EVENT_RESUME_DATA_READY, rec(|r| {
                r.int(BTX_EVKEY_TORRENT, 5).raw(BTX_EVKEY_RESUME_DATA, &[0xFF; 70_000]);
            })),
            (777, rec(|r| {
                r.utf8(BTX_STATUS_NAME, "shadowed");
            })),
        ] {
            data.extend_from_slice(&code.to_be_bytes());
            put_len(&mut data, body.len());
            data.extend_from_slice(&body);
        }
        let second = 2 + 2 + 2 + rec(|r| {
            r.int(BTX_EVKEY_TORRENT, 5).int(BTX_EVKEY_PIECE, 17);
        })
        .len();
        data.extend_from_slice(b"trailing bytes are ignored");
        let t = records_text(Shape::Events, &data).unwrap();
        assert_eq!(
            text(&t),
            format!(
                "torrent=5<RS>piece=17<RS>code=3<RS>name=pieceFinished<GS><FS>{}<GS>name=shadowed<RS>code=777<RS>name=torrentEvent",
                second + 1
            )
        );
    }

    #[test]
    fn truncated_input_is_an_error() {
        let a = rec(|r| {
            r.utf8(BTX_FILE_PATH, "abc");
        });
        let data = list(&[a.clone(), a]);
        for cut in 0..data.len() {
            assert!(records_text(Shape::List, &data[..cut]).is_err(), "cut {cut}");
        }
        assert!(records_text(Shape::Events, &[0, 1, 0]).is_err());
        assert!(Shape::from_c(0).is_err() && Shape::from_c(4).is_err());
    }

    #[test]
    fn no_two_field_keys_differ_only_in_case() {
        // LiveCode arrays look keys up caselessly but the host's split
        // stores them as they are: two keys differing only in case would
        // decode differently from the record walkers
        for a in FIELDS {
            for b in FIELDS {
                assert!(
                    a.key == b.key || !a.key.eq_ignore_ascii_case(b.key),
                    "{} and {} differ only in case",
                    a.key,
                    b.key
                );
            }
            assert!(!a.key.eq_ignore_ascii_case("code") || a.key == "code");
        }
    }
}
