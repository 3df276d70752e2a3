//! The exported C ABI, one file per area. Each function is a thin shell:
//! decode the arguments (boundary.rs), call safe Rust, map the result. The
//! panic firewall is in `boundary::action` / `getter` / `out_buffer`, which
//! every shell goes through.
//!
//! Conventions (docs/api-reference.md): handles are positive ints and a
//! stale one is a no-op; actions return 0 or a negative BTX_ERR_*; out-buffers
//! return bytes written, -needed, or 0; 64-bit values are decimal strings.
//! The order of the modules below is the order of docs/api-reference.md.

mod lifecycle;
mod settings;
mod session_ops;
mod add;
mod control;
mod inspect;
mod status;
mod trackers;
mod events;
mod dht;
// beyond v8 (issue 12)
mod metainfo;
mod create;
mod torrent_more;
mod dht_more;
// issue 10
mod compact;
// issue 11
mod durable;

pub use add::*;
pub use compact::*;
pub use control::*;
pub use create::*;
pub use dht::*;
pub use dht_more::*;
pub use durable::*;
pub use metainfo::*;
pub use torrent_more::*;
pub use events::*;
pub use inspect::*;
pub use lifecycle::*;
pub use session_ops::*;
pub use settings::*;
pub use status::*;
pub use trackers::*;

/// What every shell needs.
pub(crate) mod prelude {
    pub(crate) use super::{flags_mask, hex_arg, on_session, on_torrent, torrent_bytes};
    pub use crate::boundary::{action, action_value, c_str, getter, in_bytes, out_buffer, parse_decimal, OutBuf};
    pub use crate::bridge::ffi;
    pub use crate::error::{invalid, Result};
    pub use crate::record::{encode_list, from_hex, Record};
    pub use crate::registry::*;
    pub use crate::session::Session;
    pub use crate::torrent::Torrent;
    pub use std::os::raw::{c_char, c_int, c_void};
}

use prelude::*;

/// Runs an action on a torrent handle.
pub(crate) fn on_torrent(torrent: c_int, f: impl FnOnce(&Torrent) -> Result<()>) -> c_int {
    action(|| f(&*Torrent::get(torrent)?))
}

pub(crate) fn on_session(session: c_int, f: impl FnOnce(&Session) -> Result<()>) -> c_int {
    action(|| f(&*Session::get(session)?))
}

pub(crate) fn hex_arg(p: *const c_char, what: &str, bytes: usize) -> Result<Vec<u8>> {
    // SAFETY: forwarded from the caller's contract
    let s = unsafe { c_str(p, what) }?;
    from_hex(s)
        .filter(|b| b.len() == bytes)
        .ok_or_else(|| invalid(format!("{what}: '{s}' is not {} hex digits", bytes * 2)))
}

/// Out-buffer getter on a torrent.
pub(crate) fn torrent_bytes(torrent: c_int, out: *mut c_void, cap: c_int, f: impl FnOnce(&Torrent) -> Result<Vec<u8>>) -> c_int {
    // SAFETY: forwarded from the caller's contract on (out, cap)
    let mut out = unsafe { OutBuf::new(out, cap) };
    out_buffer(|| Ok(out.put(&f(&*Torrent::get(torrent)?)?)))
}

/// Add-time and runtime torrent flags: two non-negative decimal strings.
pub(crate) fn flags_mask(flags: *const c_char, mask: *const c_char) -> Result<(u64, u64)> {
    // SAFETY: forwarded from the caller's contract on the _ex functions
    let f = parse_decimal(unsafe { c_str(flags, "flags") }?, "flags")?;
    let m = parse_decimal(unsafe { c_str(mask, "mask") }?, "mask")?;
    if f < 0 || m < 0 {
        return Err(invalid("flags and mask must be non-negative"));
    }
    Ok((f as u64, m as u64))
}
