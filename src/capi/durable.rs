//! Durable sessions and user data (issue 11, docs/durability.md)
//!
//! A session on a state store, its flush, and the host's per-torrent user data.

use super::prelude::*;
use std::time::Duration;

/// Opens a durable session on the state store at `state_path` (a file;
/// created when missing, with `<state_path>.lock`, `-wal` and `-shm` files
/// beside it). The stored settings and DHT state apply at once, and every
/// stored torrent comes back in the background: each one's `torrentAdded`
/// event names its new handle, and `restoreFinished` (count = torrents
/// restored) follows the last. Returns the session handle at once (the
/// restore does not hold it up), or 0 with the reason in btx_last_error:
/// the file is not a torrentxt store (another kind of file, another
/// application's SQLite database, a corrupted store, a newer schema: the
/// file is never written to), or the store is in use by another session
/// (in this process or another). From then on the session saves by itself
/// (docs/durability.md): an add is stored before it returns, a removal is
/// deleted, resume data is saved on the events that change it and every
/// `btx_resume_save_interval` seconds (default 30), and btx_session_free
/// flushes everything (at most 5 s).
///
/// # Safety
/// `state_path` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_session_open(state_path: *const c_char) -> c_int {
    getter(0, || Session::open(c_str(state_path, "state_path")?, &[]))
}

/// btx_session_open with settings the session is born with (a key/value
/// list as btx_session_new_with takes, plus `btx_resume_save_interval`):
/// they apply over the stored settings. NULL: none. An event mask given
/// here (`btx_events_off=3,4`) is in force before the restore starts, so
/// a host restoring thousands of seeds can skip their pieceFinished and
/// fileCompleted events.
///
/// # Safety
/// `state_path` and `settings` must be NULL or NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn btx_session_open_with(state_path: *const c_char, settings: *const c_char) -> c_int {
    getter(0, || {
        let text = if settings.is_null() { "" } else { c_str(settings, "settings")? };
        let items = crate::kv::parse(text)?;
        let pairs: Vec<(&str, &str)> = items.iter().map(|i| (i.key, i.value)).collect();
        Session::open(c_str(state_path, "state_path")?, &pairs)
    })
}

/// Waits until the store holds fresh resume data of every torrent that
/// changed, the session's settings and DHT state, and every change made
/// before the call; at most `timeout_ms` (1 to 600000). Returns 0,
/// BTX_ERR_STORE (the store cannot be written, e.g. a full disk: the data
/// stays queued and is retried), BTX_ERR_TIMEOUT, or BTX_ERR_INVALID_ARG
/// (not a durable session, or a bad timeout).
#[no_mangle]
pub extern "C" fn btx_store_flush(session: c_int, timeout_ms: c_int) -> c_int {
    action(|| {
        if !(1..=600_000).contains(&timeout_ms) {
            return Err(invalid("timeout_ms must be 1 to 600000"));
        }
        Session::get(session)?.store_flush(Duration::from_millis(timeout_ms as u64))
    })
}

/// Sets one of a torrent's user-data entries (text key and value, as a
/// host's category or tags). A durable session stores it with the torrent
/// (it reaches the store within milliseconds; btx_store_flush waits for
/// it) and brings it back on restart; any session keeps it in memory.
/// Limits: keys 1 to 256 bytes, values up to 65536 bytes, 1024 keys per
/// torrent (BTX_ERR_LIMIT past them).
///
/// # Safety
/// `key` and `value` must be NULL or NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn btx_user_data_set(torrent: c_int, key: *const c_char, value: *const c_char) -> c_int {
    on_torrent(torrent, |t| t.session.user_data_set(t, c_str(key, "key")?, c_str(value, "value")?))
}

/// Copies one user-data value (NUL-terminated) into `out`. Returns its
/// length, -needed, or 0: no such key, an empty value, or a bad handle
/// (btx_user_data_all tells these apart).
///
/// # Safety
/// `key` must be NULL or a NUL-terminated string; `out` NULL or `cap` bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_user_data_get(torrent: c_int, key: *const c_char, out: *mut c_char, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out.cast(), cap);
    out_buffer(|| {
        let t = Torrent::get(torrent)?;
        let v = t.session.user_data_get(&t, c_str(key, "key")?);
        Ok(out.put_str(v.as_deref().unwrap_or("")))
    })
}

/// Removes one user-data entry (a missing key is not an error).
///
/// # Safety
/// `key` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_user_data_remove(torrent: c_int, key: *const c_char) -> c_int {
    on_torrent(torrent, |t| t.session.user_data_remove(t, c_str(key, "key")?))
}

/// A torrent's user data as one record: a list of items with `key` and
/// `value`, sorted by key. Returns bytes, -needed, or 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_user_data_all(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| {
        let t = Torrent::get(torrent)?;
        Ok(out.put(&t.session.user_data_all(&t)))
    })
}
