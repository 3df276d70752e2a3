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
