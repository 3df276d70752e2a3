//! Adding, removing, persisting and creating torrents.

use super::prelude::*;
use crate::session::Source;


fn save_path<'a>(p: *const c_char) -> Result<&'a str> {
    // SAFETY: forwarded from the caller's contract
    let p = unsafe { c_str(p, "save_path") }?;
    if p.is_empty() {
        return Err(invalid("save_path is empty"));
    }
    Ok(p)
}

unsafe fn add_magnet(session: c_int, uri: *const c_char, path: *const c_char, fm: Option<(u64, u64)>) -> Result<c_int> {
    let s = Session::get(session)?;
    let uri = c_str(uri, "uri")?;
    let path = save_path(path)?;
    let (f, m) = fm.unwrap_or((0, 0));
    s.add(Source::Magnet(uri), path, f, m)
}

unsafe fn add_file(session: c_int, data: *const c_void, len: c_int, path: *const c_char, fm: Option<(u64, u64)>) -> Result<c_int> {
    let s = Session::get(session)?;
    let data = in_bytes(data, len, "torrent data")?;
    if data.is_empty() {
        return Err(invalid("torrent data is empty"));
    }
    let path = save_path(path)?;
    let (f, m) = fm.unwrap_or((0, 0));
    s.add(Source::TorrentBytes(data), path, f, m)
}

/// Adds a magnet link; the content goes under `save_path`. Returns the
/// torrent handle, or 0 (reason in btx_last_error).
///
/// # Safety
/// `uri`, `save_path` must be NULL or NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn btx_add_magnet(session: c_int, uri: *const c_char, save_path: *const c_char) -> c_int {
    getter(0, || add_magnet(session, uri, save_path, None))
}

/// btx_add_magnet with add-time torrent flags: the bits of `flags` under
/// `mask` are set/cleared (decimal strings of BTX_FLAG_* sums).
///
/// # Safety
/// All strings must be NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn btx_add_magnet_ex(
    session: c_int,
    uri: *const c_char,
    save_path: *const c_char,
    flags_decimal: *const c_char,
    mask_decimal: *const c_char,
) -> c_int {
    getter(0, || add_magnet(session, uri, save_path, Some(flags_mask(flags_decimal, mask_decimal)?)))
}

/// Adds a torrent from the bytes of a .torrent file. Returns the torrent
/// handle, or 0.
///
/// # Safety
/// `data` must be NULL or `len` readable bytes; `save_path` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn btx_add_torrent_file(session: c_int, data: *const c_void, len: c_int, save_path: *const c_char) -> c_int {
    getter(0, || add_file(session, data, len, save_path, None))
}

/// btx_add_torrent_file with add-time torrent flags (see btx_add_magnet_ex).
///
/// # Safety
/// As btx_add_torrent_file; flag strings NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn btx_add_torrent_file_ex(
    session: c_int,
    data: *const c_void,
    len: c_int,
    save_path: *const c_char,
    flags_decimal: *const c_char,
    mask_decimal: *const c_char,
) -> c_int {
    getter(0, || add_file(session, data, len, save_path, Some(flags_mask(flags_decimal, mask_decimal)?)))
}

/// Re-adds a torrent from resume data (a resumeDataReady event's bytes).
/// An empty `save_path` keeps the one stored in the resume data.
///
/// # Safety
/// `data` must be NULL or `len` readable bytes; `save_path` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn btx_add_with_resume(session: c_int, data: *const c_void, len: c_int, save_path: *const c_char) -> c_int {
    getter(0, || {
        let s = Session::get(session)?;
        let data = in_bytes(data, len, "resume data")?;
        if data.is_empty() {
            return Err(invalid("resume data is empty"));
        }
        let path = c_str(save_path, "save_path")?;
        s.add(Source::Resume(data), path, 0, 0)
    })
}

/// Removes a torrent (and its files when `delete_files` is non-zero). The
/// handle is stale at once; a torrentRemoved event follows.
#[no_mangle]
pub extern "C" fn btx_remove(session: c_int, torrent: c_int, delete_files: c_int) -> c_int {
    action(|| {
        let s = Session::get(session)?;
        let t = Torrent::get(torrent)?;
        s.remove(&t, delete_files != 0)
    })
}

/// Asks for resume data; it arrives as a resumeDataReady event (or
/// resumeDataFailed).
#[no_mangle]
pub extern "C" fn btx_save_resume(torrent: c_int) -> c_int {
    on_torrent(torrent, |t| t.save_resume())
}

/// Builds a .torrent from a file or folder; returns its size, -needed, or 0.
/// `piece_size` 0 = auto, else a power of two >= 16384. `flags` are
/// libtorrent's create_flags_t bits. `trackers`: one announce URL per line,
/// each its own tier (NULL or "" = trackerless). A size query (cap too small)
/// keeps the result, so the following call with a big enough buffer with the
/// same arguments on the same thread does not hash the content again.
///
/// # Safety
/// Strings must be NULL or NUL-terminated (trackers may be NULL); `out` NULL
/// or `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_create_torrent(
    content_path: *const c_char,
    piece_size: c_int,
    flags: c_int,
    trackers_newline_separated: *const c_char,
    out: *mut c_void,
    cap: c_int,
) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| {
        let path = c_str(content_path, "content_path")?;
        let trackers = if trackers_newline_separated.is_null() {
            ""
        } else {
            c_str(trackers_newline_separated, "trackers")?
        };
        crate::create::create_into(&mut out, path, piece_size, flags, trackers)
    })
}

/// Adds a torrent with every option in one call (beyond v8). `options` is a
/// key/value list (see "Key/value lists"; the keys are in "Adding with
/// options"): the source (`source=torrent|resume|magnet|infohash`,
/// `magnet=`, `infoHash=`), `savePath=`, `name=`, `tracker=[tier ]url`,
/// `peer=ip:port`, `webSeed=`, `filePriorities=`, `filePriority=i:p`,
/// `flags=`/`mask=`, `downloadLimit=`, `uploadLimit=`, `maxConnections=`,
/// `maxUploads=`, `storageMode=sparse|allocate`. `data`/`len` carry the
/// .torrent bytes or resume data (NULL, 0 otherwise). Returns the torrent
/// handle, or 0: an unknown key or a malformed value names its line in
/// btx_last_error; BTX_ERR_LIMIT's text for input past a limit.
///
/// # Safety
/// `options` must be NULL or a NUL-terminated string; `data` NULL or `len`
/// readable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_add(session: c_int, options: *const c_char, data: *const c_void, len: c_int) -> c_int {
    getter(0, || {
        let s = Session::get(session)?;
        let data = in_bytes(data, len, "data")?;
        let req = crate::add_options::AddRequest::parse(c_str(options, "options")?, data)?;
        s.add_request(req, data)
    })
}
