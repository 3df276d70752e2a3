//! The exported C ABI. Each function is a thin shell: decode the arguments
//! (boundary.rs), call safe Rust, map the result. The panic firewall is in
//! `boundary::action` / `getter` / `out_buffer`, which every shell goes through.
//!
//! Conventions (docs/api-reference.md): handles are positive ints and a
//! stale one is a no-op; actions return 0 or a negative BTX_ERR_*; out-buffers
//! return bytes written, -needed, or 0; 64-bit values are decimal strings.

use crate::boundary::{action, c_str, getter, in_bytes, out_buffer, parse_decimal, OutBuf};
use crate::bridge::ffi;
use crate::error::{invalid, Result};
use crate::registry::BTX_ABI_VERSION;
use crate::session::Session;
use crate::torrent::Torrent;
use std::os::raw::{c_char, c_int, c_void};

// ---- lifecycle & diagnostics ------------------------------------------------

/// This library's ABI version; a host built against another version must
/// refuse to run (see docs/abi-versioning.md).
#[no_mangle]
pub extern "C" fn btx_abi_version() -> c_int {
    BTX_ABI_VERSION
}

/// Creates a session (any number may be live at once). Returns its handle,
/// or 0 on failure (reason in btx_last_error).
#[no_mangle]
pub extern "C" fn btx_session_new() -> c_int {
    getter(0, Session::create)
}

/// Frees a session and all its torrent handles. Idempotent; 0, negative and
/// stale handles are ignored. Returns after the libtorrent session is gone
/// (bounded: trackers get at most 1 s to acknowledge the stop).
#[no_mangle]
pub extern "C" fn btx_session_free(session: c_int) {
    action(|| {
        Session::free(session);
        Ok(())
    });
}

/// Copies this thread's last error text (NUL-terminated) into `out`.
/// Returns its length, 0 when there is none, or -needed.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_last_error(out: *mut c_char, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out.cast(), cap);
    out_buffer(|| Ok(out.put_str(&crate::boundary::last_error())))
}

/// Clears this thread's last error.
#[no_mangle]
pub extern "C" fn btx_clear_error() {
    crate::boundary::clear_last_error();
}

/// Firewall self-test: 1 panics in Rust, 2 throws std::runtime_error in C++,
/// 3 throws a non-std C++ exception. Each returns BTX_ERR_EXCEPTION with a
/// last-error text; any other kind returns BTX_OK.
#[no_mangle]
pub extern "C" fn btx_selftest_fault(kind: c_int) -> c_int {
    action(|| match kind {
        1 => panic!("selftest: Rust panic"),
        2 => Ok(ffi::selftest_throw(1)?),
        3 => Ok(ffi::selftest_throw(2)?),
        _ => Ok(()),
    })
}

// ---- settings ----------------------------------------------------------------

/// Sets an integer setting by libtorrent name; the value is a decimal string.
///
/// # Safety
/// `key` and `decimal_value` must be NULL or NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn btx_set_int(session: c_int, key: *const c_char, decimal_value: *const c_char) -> c_int {
    action(|| {
        let s = Session::get(session)?;
        let key = c_str(key, "key")?;
        let v = parse_decimal(c_str(decimal_value, "value")?, key)?;
        s.set_int(key, v)
    })
}

/// Sets a boolean setting by libtorrent name (value 0/1).
///
/// # Safety
/// `key` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_set_bool(session: c_int, key: *const c_char, value: c_int) -> c_int {
    action(|| Session::get(session)?.set_bool(c_str(key, "key")?, value != 0))
}

/// Sets a string setting by libtorrent name.
///
/// # Safety
/// `key` and `value` must be NULL or NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn btx_set_str(session: c_int, key: *const c_char, value: *const c_char) -> c_int {
    action(|| Session::get(session)?.set_str(c_str(key, "key")?, c_str(value, "value")?))
}

/// Reads any setting as text ("true"/"false" for booleans) into `out`.
/// Returns its length, -needed, or 0 (bad handle or unknown key).
///
/// # Safety
/// `key` must be NULL or a NUL-terminated string; `out` NULL or `cap` bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_get_setting(session: c_int, key: *const c_char, out: *mut c_char, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out.cast(), cap);
    out_buffer(|| {
        let v = Session::get(session)?.get_setting(c_str(key, "key")?)?;
        Ok(out.put_str(&v))
    })
}

/// MSE/PE policy: in/out 0 forced, 1 enabled, 2 disabled; level 1
/// plaintext, 2 rc4, 3 both.
#[no_mangle]
pub extern "C" fn btx_set_encryption_policy(session: c_int, in_policy: c_int, out_policy: c_int, level: c_int) -> c_int {
    action(|| Session::get(session)?.set_encryption(in_policy, out_policy, level))
}

// ---- session operations ----------------------------------------------------

/// Pauses every torrent of the session at once.
#[no_mangle]
pub extern "C" fn btx_session_pause(session: c_int) -> c_int {
    action(|| Ok(ffi::session_pause(&Session::get(session)?.lt, true)?))
}

/// Resumes the session after btx_session_pause.
#[no_mangle]
pub extern "C" fn btx_session_resume(session: c_int) -> c_int {
    action(|| Ok(ffi::session_pause(&Session::get(session)?.lt, false)?))
}

/// 1 when the session is paused, 0 when not or for a bad handle.
#[no_mangle]
pub extern "C" fn btx_session_is_paused(session: c_int) -> c_int {
    getter(0, || Ok(ffi::session_is_paused(&Session::get(session)?.lt)? as c_int))
}

/// The TCP port the session listens on; 0 when not listening (yet) or for a
/// bad handle.
#[no_mangle]
pub extern "C" fn btx_listen_port(session: c_int) -> c_int {
    getter(0, || Ok(ffi::listen_port(&Session::get(session)?.lt)?))
}

// ---- add / remove / persist / create -----------------------------------------

fn flags_mask(flags: *const c_char, mask: *const c_char) -> Result<(u64, u64)> {
    // SAFETY: forwarded from the caller's contract on the _ex functions
    let f = parse_decimal(unsafe { c_str(flags, "flags") }?, "flags")?;
    let m = parse_decimal(unsafe { c_str(mask, "mask") }?, "mask")?;
    if f < 0 || m < 0 {
        return Err(invalid("flags and mask must be non-negative"));
    }
    Ok((f as u64, m as u64))
}

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
    s.add_with(|h| ffi::add_magnet(&s.lt, uri, path, f, m, h))
}

unsafe fn add_file(session: c_int, data: *const c_void, len: c_int, path: *const c_char, fm: Option<(u64, u64)>) -> Result<c_int> {
    let s = Session::get(session)?;
    let data = in_bytes(data, len, "torrent data")?;
    if data.is_empty() {
        return Err(invalid("torrent data is empty"));
    }
    let path = save_path(path)?;
    let (f, m) = fm.unwrap_or((0, 0));
    s.add_with(|h| ffi::add_torrent_file(&s.lt, data, path, f, m, h))
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
        s.add_with(|h| ffi::add_with_resume(&s.lt, data, path, h))
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
    action(|| Torrent::get(torrent)?.act(ffi::save_resume))
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

/// Connects a torrent to a peer at `ip`:`port` (libtorrent's connect_peer),
/// e.g. to introduce two sessions without a tracker.
///
/// # Safety
/// `ip` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_connect_peer(torrent: c_int, ip: *const c_char, port: c_int) -> c_int {
    action(|| Torrent::get(torrent)?.connect_peer(c_str(ip, "ip")?, port))
}

// ---- control -------------------------------------------------------------

/// Pauses the torrent (and takes it out of the auto-managed queue, which
/// would otherwise resume it). A torrentPaused event follows.
#[no_mangle]
pub extern "C" fn btx_pause(torrent: c_int) -> c_int {
    action(|| Torrent::get(torrent)?.act(ffi::pause_torrent))
}

/// Resumes the torrent. A torrentResumed event follows.
#[no_mangle]
pub extern "C" fn btx_resume(torrent: c_int) -> c_int {
    action(|| Torrent::get(torrent)?.act(ffi::resume_torrent))
}

/// Per-torrent rate caps in bytes/s as decimal strings; "0" is unlimited.
///
/// # Safety
/// Both strings must be NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn btx_set_torrent_limits(torrent: c_int, down_decimal: *const c_char, up_decimal: *const c_char) -> c_int {
    action(|| {
        let t = Torrent::get(torrent)?;
        let rate = |p, what| -> Result<i32> {
            let v = parse_decimal(c_str(p, what)?, what)?;
            if v < 0 {
                return Err(invalid(format!("{what}: a rate cannot be negative")));
            }
            // libtorrent's limits are ints; anything above is "unlimited" in practice
            Ok(v.min(i32::MAX as i64) as i32)
        };
        let (down, up) = (rate(down_decimal, "down")?, rate(up_decimal, "up")?);
        t.act(|th| ffi::set_torrent_limits(th, down, up))
    })
}

// ---- inspection ------------------------------------------------------------

/// The torrent's status as one kvrecord (28 fields, docs/record-format.md).
/// Served from a cache the pump refreshes every 100 ms; a host action on the
/// torrent is reflected by the next call. Returns bytes, -needed, or 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_torrent_status(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| Torrent::get(torrent)?.with_status(|e| out.put(&e.record)))
}

/// How many torrents the session holds (0 for a bad handle).
#[no_mangle]
pub extern "C" fn btx_torrent_count(session: c_int) -> c_int {
    getter(0, || Ok(Session::get(session)?.count()))
}

/// The torrent handle at a 0-based index, in the order added; 0 when out of
/// range or for a bad handle.
#[no_mangle]
pub extern "C" fn btx_torrent_handle_at(session: c_int, index: c_int) -> c_int {
    getter(0, || Ok(Session::get(session)?.handle_at(index)))
}

/// The v1 info-hash (else the v2) as lower-case hex, NUL-terminated.
/// Returns its length, -needed, or 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_info_hash_hex(torrent: c_int, out: *mut c_char, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out.cast(), cap);
    out_buffer(|| Ok(out.put_str(&Torrent::get(torrent)?.info_hash_hex()?)))
}

/// The handle of the torrent with this info-hash (40 hex v1, or 64 hex v2),
/// or 0 when the session has none.
///
/// # Safety
/// `info_hash_hex` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_find_torrent(session: c_int, info_hash_hex: *const c_char) -> c_int {
    getter(0, || {
        let s = Session::get(session)?;
        let hex = c_str(info_hash_hex, "info_hash_hex")?;
        let hash = crate::record::from_hex(hex)
            .filter(|h| h.len() == 20 || h.len() == 32)
            .ok_or_else(|| invalid(format!("'{hex}' is not a 40- or 64-digit hex info-hash")))?;
        s.find(&hash)
    })
}

// ---- events ------------------------------------------------------------------

/// Drains pending events into `out`: `[eventCount:u16]` then per event
/// `[code:u16][bodyLen][kvrecord]`. Returns the number of events written, or
/// -needed when not even the first fits (it stays queued). Never waits on
/// libtorrent. 0 for a bad handle or when nothing is pending.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_pop_alerts(session: c_int, out: *mut c_void, cap: c_int) -> c_int {
    let out = OutBuf::new(out, cap);
    out_buffer(|| {
        let s = Session::get(session)?;
        let mut q = s.events.lock();
        Ok(q.drain(out.into_slice()))
    })
}
