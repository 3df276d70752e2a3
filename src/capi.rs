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

// ==== the rest of the v8 surface ==============================================

use crate::record::{encode_list, from_hex, Record};
use crate::registry::*;
use crate::torrent::check_priority;

/// Runs an action on a torrent handle.
fn on_torrent(torrent: c_int, f: impl FnOnce(&Torrent) -> Result<()>) -> c_int {
    action(|| f(&*Torrent::get(torrent)?))
}

fn hex_arg(p: *const c_char, what: &str, bytes: usize) -> Result<Vec<u8>> {
    // SAFETY: forwarded from the caller's contract
    let s = unsafe { c_str(p, what) }?;
    from_hex(s)
        .filter(|b| b.len() == bytes)
        .ok_or_else(|| invalid(format!("{what}: '{s}' is not {} hex digits", bytes * 2)))
}

/// Re-hashes the torrent's data (it enters the checking state).
#[no_mangle]
pub extern "C" fn btx_force_recheck(torrent: c_int) -> c_int {
    on_torrent(torrent, |t| t.act(ffi::force_recheck))
}

/// Announces to the trackers (and the DHT) now. A trackerReply follows.
#[no_mangle]
pub extern "C" fn btx_force_reannounce(torrent: c_int) -> c_int {
    on_torrent(torrent, |t| t.act(ffi::force_reannounce))
}

/// Clears the torrent's error state so it can resume.
#[no_mangle]
pub extern "C" fn btx_torrent_clear_error(torrent: c_int) -> c_int {
    on_torrent(torrent, |t| t.act(ffi::clear_error))
}

/// Asks the trackers for swarm counts; a scrapeReply event follows.
#[no_mangle]
pub extern "C" fn btx_scrape_tracker(torrent: c_int) -> c_int {
    on_torrent(torrent, |t| t.act(ffi::scrape_tracker))
}

/// Moves the torrent's files to `save_path` (asynchronous): storageMoved
/// follows, or fileError on failure.
///
/// # Safety
/// `save_path` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_move_storage(torrent: c_int, save_path: *const c_char) -> c_int {
    on_torrent(torrent, |t| {
        let p = c_str(save_path, "save_path")?;
        if p.is_empty() {
            return Err(invalid("save_path is empty"));
        }
        t.act(|th| ffi::move_storage(th, p))
    })
}

/// The torrent's 0-based download-queue position, or -1 when it is not
/// queued (not auto-managed, or seeding) or the handle is stale.
#[no_mangle]
pub extern "C" fn btx_queue_position(torrent: c_int) -> c_int {
    getter(-1, || Ok(ffi::queue_position(&Torrent::get(torrent)?.th)?))
}

/// Moves the torrent in the queue: 0 up, 1 down, 2 top, 3 bottom.
#[no_mangle]
pub extern "C" fn btx_queue_move(torrent: c_int, op: c_int) -> c_int {
    on_torrent(torrent, |t| {
        if !(0..=3).contains(&op) {
            return Err(invalid(format!("queue op {op}: use 0 up, 1 down, 2 top, 3 bottom")));
        }
        t.act(|th| ffi::queue_move(th, op))
    })
}

/// Sets the BTX_FLAG_* bits of `flags` that are under `mask` (decimal strings).
///
/// # Safety
/// Both strings must be NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn btx_set_torrent_flags(torrent: c_int, flags_decimal: *const c_char, mask_decimal: *const c_char) -> c_int {
    on_torrent(torrent, |t| {
        let (f, m) = flags_mask(flags_decimal, mask_decimal)?;
        t.act(|th| ffi::set_flags(th, f, m & HOST_FLAGS))
    })
}

/// Clears the BTX_FLAG_* bits named in `flags` (a decimal string).
///
/// # Safety
/// `flags_decimal` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_unset_torrent_flags(torrent: c_int, flags_decimal: *const c_char) -> c_int {
    on_torrent(torrent, |t| {
        let (f, _) = flags_mask(flags_decimal, c"0".as_ptr())?;
        t.act(|th| ffi::unset_flags(th, f & HOST_FLAGS))
    })
}

/// The torrent_flags bits a host may change: all but the two torrentxt
/// relies on (update_subscribe feeds the status cache, duplicate_is_error
/// keeps one torrent from getting two handles).
const HOST_FLAGS: u64 = !((1 << 11) | (1 << 16));

/// Caps this torrent's peer connections (-1 unlimited, else >= 2).
#[no_mangle]
pub extern "C" fn btx_set_max_connections(torrent: c_int, max_connections: c_int) -> c_int {
    on_torrent(torrent, |t| {
        if max_connections != -1 && max_connections < 2 {
            return Err(invalid(format!("max_connections {max_connections}: use -1 (unlimited) or >= 2")));
        }
        t.act(|th| ffi::set_max_connections(th, max_connections))
    })
}

/// Caps this torrent's unchoked upload slots (-1 unlimited, else >= 0).
#[no_mangle]
pub extern "C" fn btx_set_max_uploads(torrent: c_int, max_uploads: c_int) -> c_int {
    on_torrent(torrent, |t| {
        if max_uploads < -1 {
            return Err(invalid(format!("max_uploads {max_uploads}: use -1 (unlimited) or >= 0")));
        }
        t.act(|th| ffi::set_max_uploads(th, max_uploads))
    })
}

/// Streaming: asks for `piece` within `deadline_ms` from now.
#[no_mangle]
pub extern "C" fn btx_set_piece_deadline(torrent: c_int, piece: c_int, deadline_ms: c_int) -> c_int {
    on_torrent(torrent, |t| {
        t.check_piece(piece)?;
        if deadline_ms < 0 {
            return Err(invalid("deadline_ms cannot be negative"));
        }
        t.act(|th| ffi::set_piece_deadline(th, piece, deadline_ms))
    })
}

/// Removes every piece deadline of the torrent.
#[no_mangle]
pub extern "C" fn btx_clear_piece_deadlines(torrent: c_int) -> c_int {
    on_torrent(torrent, |t| t.act(ffi::clear_piece_deadlines))
}

/// Sets one file's priority (0 skip .. 7 top); the index is into
/// btx_file_list (pad files are not listed).
#[no_mangle]
pub extern "C" fn btx_set_file_priority(torrent: c_int, file_index: c_int, priority: c_int) -> c_int {
    on_torrent(torrent, |t| {
        let p = check_priority(priority)?;
        let idx = t.lt_file(file_index)?;
        t.act(|th| ffi::set_file_priority(th, idx, p))
    })
}

/// Sets the priorities of the first `count` files, one byte (0..7) each.
///
/// # Safety
/// `priorities` must be NULL or point to `count` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_set_file_priorities(torrent: c_int, priorities: *const c_void, count: c_int) -> c_int {
    on_torrent(torrent, |t| {
        let bytes = in_bytes(priorities, count, "priorities")?;
        if bytes.is_empty() {
            return Err(invalid("priorities is empty"));
        }
        let files = ffi::real_files(&t.th)?;
        if bytes.len() > files.len() {
            return Err(invalid(format!("{} priorities for {} files", bytes.len(), files.len())));
        }
        let prios = bytes.iter().map(|&b| check_priority(b as i32)).collect::<Result<Vec<u8>>>()?;
        t.act(|th| ffi::set_file_priorities(th, &files[..prios.len()], &prios))
    })
}

/// Sets one piece's priority (0..7).
#[no_mangle]
pub extern "C" fn btx_set_piece_priority(torrent: c_int, piece: c_int, priority: c_int) -> c_int {
    on_torrent(torrent, |t| {
        let p = check_priority(priority)?;
        t.check_piece(piece)?;
        t.act(|th| ffi::set_piece_priority(th, piece, p))
    })
}

// ---- inspection ----------------------------------------------------------------

/// Out-buffer getter on a torrent.
fn torrent_bytes(torrent: c_int, out: *mut c_void, cap: c_int, f: impl FnOnce(&Torrent) -> Result<Vec<u8>>) -> c_int {
    // SAFETY: forwarded from the caller's contract on (out, cap)
    let mut out = unsafe { OutBuf::new(out, cap) };
    out_buffer(|| Ok(out.put(&f(&*Torrent::get(torrent)?)?)))
}

/// The have-bitfield: one bit per piece, most significant bit first. Empty
/// (0) until the torrent has metadata.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_piece_bitfield(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| Ok(ffi::piece_bitfield(&t.th)?))
}

/// One byte per piece: how many connected peers have it, clamped to 255.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_piece_availability(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| {
        Ok(ffi::piece_availability(&t.th)?.into_iter().map(|v| v.clamp(0, 255) as u8).collect())
    })
}

/// The connected peers as a list of peer records.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_peer_list(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| {
        let mut peers = Vec::new();
        ffi::peer_list(&t.th, &mut peers)?;
        Ok(encode_list(&peers, |r, p| {
            r.utf8(BTX_PEER_ENDPOINT, &p.endpoint)
                .utf8(BTX_PEER_CLIENT, &p.client)
                .int(BTX_PEER_DOWN_RATE, p.down_rate as i64)
                .int(BTX_PEER_UP_RATE, p.up_rate as i64)
                .real(BTX_PEER_PROGRESS, p.progress)
                .int(BTX_PEER_FLAGS, p.flags as i64);
        }))
    })
}

/// The torrent's files (pad files hidden) as a list of file records; an
/// empty list (2 bytes, count 0) until metadata arrives.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_file_list(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| {
        let mut files = Vec::new();
        ffi::file_list(&t.th, &mut files)?;
        Ok(encode_list(&files, |r, f| {
            r.utf8(BTX_FILE_PATH, &f.path)
                .int(BTX_FILE_SIZE, f.size)
                .int(BTX_FILE_PROGRESS, f.progress)
                .int(BTX_FILE_PRIORITY, f.priority as i64);
        }))
    })
}

/// The torrent's trackers as a list of tracker records.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_trackers(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| {
        let mut trackers = Vec::new();
        ffi::tracker_list(&t.th, &mut trackers)?;
        Ok(encode_list(&trackers, |r, a| {
            r.utf8(BTX_TRACKER_URL, &a.url)
                .int(BTX_TRACKER_TIER, a.tier as i64)
                .int(BTX_TRACKER_VERIFIED, a.verified as i64)
                .int(BTX_TRACKER_SOURCE, a.source as i64);
        }))
    })
}

/// Adds an announce URL at `tier` (0 first; 0..255).
///
/// # Safety
/// `url` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_add_tracker(torrent: c_int, url: *const c_char, tier: c_int) -> c_int {
    on_torrent(torrent, |t| {
        let url = non_empty(c_str(url, "url")?, "url")?;
        if !(0..=255).contains(&tier) {
            return Err(invalid(format!("tier {tier} is not in 0..255")));
        }
        t.act(|th| ffi::add_tracker(th, url, tier))
    })
}

/// The torrent's web seeds (BEP 19) as a list of records with one `urlSeed`.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_url_seeds(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| {
        let urls = ffi::url_seeds(&t.th)?;
        Ok(encode_list(&urls, |r, u| {
            r.utf8(BTX_URLSEED_URL, u);
        }))
    })
}

/// Adds a web seed URL.
///
/// # Safety
/// `url` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_add_url_seed(torrent: c_int, url: *const c_char) -> c_int {
    on_torrent(torrent, |t| {
        let url = non_empty(c_str(url, "url")?, "url")?;
        t.act(|th| ffi::add_url_seed(th, url))
    })
}

/// Removes a web seed URL.
///
/// # Safety
/// `url` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_remove_url_seed(torrent: c_int, url: *const c_char) -> c_int {
    on_torrent(torrent, |t| {
        let url = non_empty(c_str(url, "url")?, "url")?;
        t.act(|th| ffi::remove_url_seed(th, url))
    })
}

fn non_empty<'a>(s: &'a str, what: &str) -> Result<&'a str> {
    if s.is_empty() {
        Err(invalid(format!("{what} is empty")))
    } else {
        Ok(s)
    }
}

// ---- session: IP filter, DHT -------------------------------------------------

fn on_session(session: c_int, f: impl FnOnce(&Session) -> Result<()>) -> c_int {
    action(|| f(&*Session::get(session)?))
}

/// Adds an inclusive address range to the IP filter (`block` 1 blocks it,
/// 0 allows it). Both ends must be of one family (IPv4 or IPv6).
///
/// # Safety
/// Both strings must be NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn btx_ip_filter_add(session: c_int, first_ip: *const c_char, last_ip: *const c_char, block: c_int) -> c_int {
    on_session(session, |s| {
        let (a, b) = (c_str(first_ip, "first_ip")?, c_str(last_ip, "last_ip")?);
        let _serial = s.ip_filter.lock();
        Ok(ffi::ip_filter_add(&s.lt, a, b, block != 0)?)
    })
}

/// Removes every IP-filter rule.
#[no_mangle]
pub extern "C" fn btx_ip_filter_clear(session: c_int) -> c_int {
    on_session(session, |s| {
        let _serial = s.ip_filter.lock();
        Ok(ffi::ip_filter_clear(&s.lt)?)
    })
}

/// Announces `info_hash_hex` (40 hex) on the DHT (BEP 5); port 0 announces
/// our listen port.
///
/// # Safety
/// `info_hash_hex` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_announce(session: c_int, info_hash_hex: *const c_char, port: c_int) -> c_int {
    on_session(session, |s| {
        let hash = hex_arg(info_hash_hex, "info_hash_hex", 20)?;
        if !(0..=65535).contains(&port) {
            return Err(invalid(format!("port {port} is not in 0..65535")));
        }
        Ok(ffi::dht_announce(&s.lt, &hash, port)?)
    })
}

/// Adds a DHT bootstrap node (host name or address, UDP port).
///
/// # Safety
/// `host` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_add_bootstrap(session: c_int, host: *const c_char, port: c_int) -> c_int {
    on_session(session, |s| {
        let host = non_empty(c_str(host, "host")?, "host")?;
        if !(1..=65535).contains(&port) {
            return Err(invalid(format!("port {port} is not in 1..65535")));
        }
        Ok(ffi::dht_add_node(&s.lt, host, port)?)
    })
}

/// DHT health as one record: nodes, nodeCache, globalNodes, torrents
/// (refreshed by the pump twice a second; zeros while the DHT is off).
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_state(session: c_int, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| {
        let d = *Session::get(session)?.dht.lock();
        let mut buf = Vec::with_capacity(64);
        let mut r = Record::begin(&mut buf);
        r.int(BTX_DHT_NODES, d[0]).int(BTX_DHT_NODE_CACHE, d[1]).int(BTX_DHT_GLOBAL_NODES, d[2]).int(BTX_DHT_TORRENTS, d[3]);
        r.finish();
        Ok(out.put(&buf))
    })
}

/// The DHT routing state (bencoded, any size) for btx_dht_load_state. A
/// size query keeps the state for the next call on this thread.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_save_state(session: c_int, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| {
        let s = Session::get(session)?;
        crate::oneshot::deliver(&mut out, format!("dht_state\0{session}"), || Ok(ffi::dht_save_state(&s.lt)?))
    })
}

/// Restores DHT routing state saved by btx_dht_save_state.
///
/// # Safety
/// `data` must be NULL or point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_load_state(session: c_int, data: *const c_void, len: c_int) -> c_int {
    on_session(session, |s| {
        let data = in_bytes(data, len, "data")?;
        if data.is_empty() {
            return Err(invalid("data is empty"));
        }
        Ok(ffi::dht_load_state(&s.lt, data)?)
    })
}

// ---- BEP 44 ----------------------------------------------------------------------

/// BEP 44's limit on a value, bencoded; our values are bencoded strings
/// ("<len>:<bytes>"), so this is the limit on the bytes plus that prefix.
const BEP44_MAX: usize = 1000;

fn bep44_value(data: &[u8]) -> Result<()> {
    let bencoded = data.len() + data.len().to_string().len() + 1;
    if data.is_empty() || bencoded > BEP44_MAX {
        return Err(invalid(format!(
            "a DHT value must be 1..996 bytes (BEP 44 allows 1000 bytes bencoded); got {}",
            data.len()
        )));
    }
    Ok(())
}

/// An ed25519 key pair as a record: publicKey, secretKey, seed. An empty
/// (or NULL) seed makes a random pair; a 64-hex seed derives the same pair
/// every time.
///
/// # Safety
/// `seed_hex_or_empty` must be NULL or a NUL-terminated string; `out` NULL
/// or `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_keypair(seed_hex_or_empty: *const c_char, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| {
        let seed = if seed_hex_or_empty.is_null() || c_str(seed_hex_or_empty, "seed")?.is_empty() {
            Vec::new()
        } else {
            hex_arg(seed_hex_or_empty, "seed", 32)?
        };
        let mut kp = ffi::KeyPair::default();
        ffi::dht_keypair(&seed, &mut kp)?;
        let mut buf = Vec::with_capacity(300);
        let mut r = Record::begin(&mut buf);
        r.hex(BTX_DHT_PUBLIC_KEY, &kp.public_key).hex(BTX_DHT_SECRET_KEY, &kp.secret_key).hex(BTX_DHT_SEED, &kp.seed);
        r.finish();
        Ok(out.put(&buf))
    })
}

/// Stores an immutable item (1..996 bytes); writes its 40-hex target
/// (NUL-terminated) and returns 40, or -41 when `cap` is too small (nothing
/// is put), or 0 on error. A dhtPut event follows.
///
/// # Safety
/// `data` must be NULL or `len` readable bytes; `target_hex_out` NULL or
/// `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_put_immutable(session: c_int, data: *const c_void, len: c_int, target_hex_out: *mut c_char, cap: c_int) -> c_int {
    let mut out = OutBuf::new(target_hex_out.cast(), cap);
    out_buffer(|| {
        let s = Session::get(session)?;
        let data = in_bytes(data, len, "data")?;
        bep44_value(data)?;
        if out.cap() < 41 {
            return Ok(-41);
        }
        let target = ffi::dht_put_immutable(&s.lt, data)?;
        Ok(out.put_str(&crate::record::to_hex(&target)))
    })
}

/// Looks up an immutable item by its 40-hex target; a dhtImmutableItem
/// event brings the value.
///
/// # Safety
/// `target_hex` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_get_immutable(session: c_int, target_hex: *const c_char) -> c_int {
    on_session(session, |s| Ok(ffi::dht_get_immutable(&s.lt, &hex_arg(target_hex, "target_hex", 20)?)?))
}

/// Stores a mutable item (1..996 bytes) under an ed25519 key and optional
/// salt; it is signed here with the next sequence number after the one the
/// DHT holds. A key pair that does not belong together is refused. A dhtPut
/// event follows.
///
/// # Safety
/// Strings must be NULL or NUL-terminated; `data` NULL or `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_put_mutable(
    session: c_int,
    public_key_hex: *const c_char,
    secret_key_hex: *const c_char,
    salt: *const c_char,
    data: *const c_void,
    len: c_int,
) -> c_int {
    on_session(session, |s| {
        let pk = hex_arg(public_key_hex, "public_key_hex", 32)?;
        let sk = hex_arg(secret_key_hex, "secret_key_hex", 64)?;
        let salt = if salt.is_null() { "" } else { c_str(salt, "salt")? };
        let data = in_bytes(data, len, "data")?;
        bep44_value(data)?;
        Ok(ffi::dht_put_mutable(&s.lt, &pk, &sk, salt.as_bytes(), data)?)
    })
}

/// Looks up a mutable item by public key (64 hex) and salt; a
/// dhtMutableItem event brings the value, sequence number and signature.
///
/// # Safety
/// Strings must be NULL or NUL-terminated (salt may be NULL).
#[no_mangle]
pub unsafe extern "C" fn btx_dht_get_mutable(session: c_int, public_key_hex: *const c_char, salt: *const c_char) -> c_int {
    on_session(session, |s| {
        let pk = hex_arg(public_key_hex, "public_key_hex", 32)?;
        let salt = if salt.is_null() { "" } else { c_str(salt, "salt")? };
        Ok(ffi::dht_get_mutable(&s.lt, &pk, salt.as_bytes())?)
    })
}
