//! Status beyond v8: every field of libtorrent's torrent_status, field selection, all torrents in one call.

use super::prelude::*;
use crate::status::Selection;

/// A length written, or -needed.
fn written(r: std::result::Result<usize, usize>) -> c_int {
    match r {
        Ok(n) => n.min(c_int::MAX as usize) as c_int,
        Err(need) => -(need.min(c_int::MAX as usize) as c_int),
    }
}

/// A field list (NULL = every status field).
///
/// # Safety
/// `fields` must be NULL or a NUL-terminated string.
unsafe fn selection(fields: *const c_char) -> Result<Selection> {
    if fields.is_null() {
        return Ok(Selection::All);
    }
    Selection::parse(c_str(fields, "fields")?)
}

/// The torrent's status with the fields named in `fields`: NULL, "" or
/// "all" for every status field (the 28 of v8 and every field beyond,
/// docs/record-format.md), "v8" for the 28, or a comma-separated list of
/// ids and key names ("name,state,progress,140"), returned in that order.
/// Same freshness as btx_torrent_status. Returns bytes, -needed, or 0.
///
/// # Safety
/// `fields` must be NULL or a NUL-terminated string; `out` NULL or `cap` bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_torrent_status_ex(torrent: c_int, fields: *const c_char, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| {
        let sel = selection(fields)?;
        let t = Torrent::get(torrent)?;
        t.with_status(|e| out.put(&e.selected(&sel)))
    })
}

/// The status of every torrent of the session in one call: a list of
/// records (in the order the torrents were added), each starting with its
/// `torrent` handle, then the fields named in `fields` (as
/// btx_torrent_status_ex). Returns bytes, -needed (the size now; it can
/// grow before the next call, so allow some slack), or 0. While a durable
/// session's stored torrents are coming back (until restoreFinished, which
/// follows once every one has a status) it answers from the status cache
/// without waiting on libtorrent: a torrent whose first status has not
/// arrived yet (about 100 ms after its torrentAdded) is not in the list yet.
///
/// # Safety
/// `fields` must be NULL or a NUL-terminated string; `out` NULL or `cap` bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_status_all(session: c_int, fields: *const c_char, out: *mut c_void, cap: c_int) -> c_int {
    let out = OutBuf::new(out, cap);
    out_buffer(|| {
        let sel = selection(fields)?;
        let s = Session::get(session)?;
        Ok(written(s.status_all(&sel, out.into_slice())?))
    })
}

/// Like btx_status_all, but only the torrents whose status changed since
/// the previous call of this function that returned data (every torrent
/// with a status, the first time), oldest change first. libtorrent itself
/// reports which torrents changed. A call answered -needed does not move
/// the starting point, so the next call with a big enough buffer sees the
/// same changes (and any newer ones).
///
/// # Safety
/// `fields` must be NULL or a NUL-terminated string; `out` NULL or `cap` bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_status_changed(session: c_int, fields: *const c_char, out: *mut c_void, cap: c_int) -> c_int {
    let out = OutBuf::new(out, cap);
    out_buffer(|| {
        let sel = selection(fields)?;
        Ok(written(Session::get(session)?.status_changed(&sel, out.into_slice())))
    })
}
