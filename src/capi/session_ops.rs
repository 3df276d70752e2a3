//! Whole-session operations: pause/resume, the listen port, the IP filter.

use super::prelude::*;

/// Pauses every torrent of the session at once.
#[no_mangle]
pub extern "C" fn btx_session_pause(session: c_int) -> c_int {
    action(|| Session::get(session)?.set_paused(true))
}

/// Resumes the session after btx_session_pause.
#[no_mangle]
pub extern "C" fn btx_session_resume(session: c_int) -> c_int {
    action(|| Session::get(session)?.set_paused(false))
}

/// 1 when the session is paused, 0 when not or for a bad handle.
#[no_mangle]
pub extern "C" fn btx_session_is_paused(session: c_int) -> c_int {
    getter(0, || Ok(Session::get(session)?.is_paused()? as c_int))
}

/// The TCP port the session listens on; 0 when not listening (yet) or for a
/// bad handle.
#[no_mangle]
pub extern "C" fn btx_listen_port(session: c_int) -> c_int {
    getter(0, || Session::get(session)?.listen_port())
}

/// Adds an inclusive address range to the IP filter (`block` 1 blocks it,
/// 0 allows it). Both ends must be of one family (IPv4 or IPv6).
///
/// # Safety
/// Both strings must be NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn btx_ip_filter_add(session: c_int, first_ip: *const c_char, last_ip: *const c_char, block: c_int) -> c_int {
    on_session(session, |s| {
        s.ip_filter_add(c_str(first_ip, "first_ip")?, c_str(last_ip, "last_ip")?, block != 0)
    })
}

/// Removes every IP-filter rule.
#[no_mangle]
pub extern "C" fn btx_ip_filter_clear(session: c_int) -> c_int {
    on_session(session, |s| s.ip_filter_clear())
}

/// Every libtorrent session statistic by name (session_stats_metrics): a
/// list of items with `key` (e.g. "net.recv_payload_bytes"), `number` and
/// `type` (counter or gauge). Served from the snapshot the pump takes every
/// 500 ms; never waits on libtorrent. Returns bytes, -needed, or 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_session_stats(session: c_int, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| Ok(out.put(&Session::get(session)?.stats.lock().record())))
}

/// A session-wide summary a dashboard shows, as one record: payload and
/// protocol rates up and down, byte totals, peers, torrents by state, DHT
/// nodes and disk queue counters (docs/record-format.md, "Session
/// summary"). Rates are averaged over the last second or so.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_session_summary(session: c_int, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| {
        let s = Session::get(session)?;
        let n = s.count() as i64;
        let p = &s.progress;
        let coalesced = p.coalesced.load(std::sync::atomic::Ordering::Relaxed);
        let rec = s.stats.lock().summary(n, coalesced, p.posted().saturating_sub(p.processed()));
        Ok(out.put(&rec))
    })
}

/// Asks libtorrent for its statistics now; they arrive as a sessionStats
/// event (once the host enabled it with btx_event_enable) and refresh the
/// snapshot btx_session_stats serves.
#[no_mangle]
pub extern "C" fn btx_post_session_stats(session: c_int) -> c_int {
    on_session(session, |s| {
        s.post_session_stats(true);
        Ok(())
    })
}
