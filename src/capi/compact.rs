//! Compact forms for script hosts: records rewritten as text a script runtime splits with its builtins.

use super::prelude::*;
use crate::compact::{records_text, Shape};

/// Rewrites records the library returned (`data`, `len` bytes, read as
/// `shape`: BTX_SHAPE_RECORD, BTX_SHAPE_LIST or BTX_SHAPE_EVENTS) as
/// compact text: one row per record, rows separated by BTX_TEXT_ROW, each
/// `key BTX_TEXT_KEY value` field separated by BTX_TEXT_FIELD, field names
/// spelled out, values as the record holds them; an event row ends with its
/// `code` and `name`. A record the text cannot carry losslessly (a raw or
/// nested-list value, a text value containing one of the four separators,
/// or no field at all in a list) is the flagged row BTX_TEXT_FLAG followed
/// by the decimal 1-based offset in `data` of its kvrecord (of its event
/// code, for a drain): decode that one from `data` (docs/record-format.md,
/// "The compact text form"). Bytes after the records are ignored, so a drain
/// buffer can be passed whole. Returns bytes, -needed, or 0 (no records, or
/// an error: a bad shape, or truncated records).
///
/// # Safety
/// `data` must be NULL or `len` readable bytes; `out` NULL or `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_records_text(shape: c_int, data: *const c_void, len: c_int, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| {
        let shape = Shape::from_c(shape)?;
        let data = in_bytes(data, len, "data")?;
        Ok(out.put(&records_text(shape, data)?))
    })
}
