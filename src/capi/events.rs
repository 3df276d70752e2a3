//! Events: the drain.

use super::prelude::*;

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

/// Turns one event code on (`on` non-zero) or off for this session. By
/// default a session delivers the 25 v8 events; every libtorrent alert type
/// has a code of its own (docs/record-format.md, "Every alert libtorrent
/// posts"), and BTX_EVENT_UNKNOWN_ALERT covers alert types this library
/// does not know. Events already queued stay queued.
#[no_mangle]
pub extern "C" fn btx_event_enable(session: c_int, code: c_int, on: c_int) -> c_int {
    on_session(session, |s| s.enable_event(code, on != 0))
}

/// Turns on (or off) every event whose libtorrent alert category shares a
/// bit with `categories` (BTX_CAT_* bits; BTX_CAT_ALL for every one).
#[no_mangle]
pub extern "C" fn btx_event_categories(session: c_int, categories: c_int, on: c_int) -> c_int {
    on_session(session, |s| {
        let cats = u32::try_from(categories).map_err(|_| invalid(format!("categories {categories} is negative")))?;
        s.enable_categories(cats, on != 0)
    })
}

/// 1 when the session delivers event `code`, 0 when not (or on a bad
/// handle or code).
#[no_mangle]
pub extern "C" fn btx_event_enabled(session: c_int, code: c_int) -> c_int {
    getter(0, || Ok(Session::get(session)?.event_enabled(code) as c_int))
}

/// Blocks the calling thread until an event is queued or `timeout_ms`
/// passes (-1: no limit). Returns how many events are queued (0 on
/// timeout), or BTX_ERR_BAD_HANDLE for a stale handle or when the session
/// is freed meanwhile (which wakes every waiter at once). Waking takes one
/// condition-variable signal, and costs nothing when nobody waits. Not for
/// single-threaded runtimes that must not block (LCB keeps btPoll).
#[no_mangle]
pub extern "C" fn btx_wait_events(session: c_int, timeout_ms: c_int) -> c_int {
    action_value(|| {
        let s = Session::get(session)?;
        let timeout = match timeout_ms {
            -1 => None,
            t if t < 0 => return Err(invalid(format!("timeout_ms {t}: use -1 (no limit) or >= 0"))),
            t => Some(std::time::Duration::from_millis(t as u64)),
        };
        Ok(s.wait_events(timeout)?.min(c_int::MAX as usize) as c_int)
    })
}

/// A file descriptor that polls readable (POLLIN) exactly while events are
/// queued, for hosts with their own event loop (poll, epoll, GLib, libuv,
/// asyncio). Each call returns a new descriptor; the caller owns it and
/// closes it. Poll it, never read it. Once the session is freed it stays
/// readable (end of file). Returns the descriptor, or a negative BTX_ERR_*.
#[no_mangle]
pub extern "C" fn btx_event_fd(session: c_int) -> c_int {
    action_value(|| {
        use std::os::fd::IntoRawFd;
        Ok(Session::get(session)?.event_fd()?.into_raw_fd())
    })
}
