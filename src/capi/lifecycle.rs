//! Lifecycle and diagnostics: ABI version, sessions, the last error, the firewall self-test.

use super::prelude::*;

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

/// Creates a session born with its settings: `settings` is a key/value
/// list (docs/api-reference.md, "Key/value lists") of libtorrent setting
/// names and torrentxt's own (btx_event_queue_limit, btx_event_details,
/// btx_events_on / btx_events_off: comma-separated event codes the
/// session is born with on or off),
/// optionally starting from a preset (`preset=default`,
/// `high_performance_seed` or `min_memory_usage`). libtorrent starts with
/// them, so a session given `listen_interfaces` never listens anywhere else,
/// not even for a moment. Any bad line refuses the whole call. Returns the
/// handle, or 0 (reason in btx_last_error).
///
/// # Safety
/// `settings` must be NULL or a NUL-terminated string (NULL: no settings).
#[no_mangle]
pub unsafe extern "C" fn btx_session_new_with(settings: *const c_char) -> c_int {
    getter(0, || {
        let text = if settings.is_null() { "" } else { c_str(settings, "settings")? };
        let items = crate::kv::parse(text)?;
        let pairs: Vec<(&str, &str)> = items.iter().map(|i| (i.key, i.value)).collect();
        Session::create_with(&pairs)
    })
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
