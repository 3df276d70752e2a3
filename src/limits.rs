//! The documented limits on untrusted input (docs/api-reference.md,
//! "Limits"). An input past one is refused with `BTX_ERR_LIMIT` before
//! libtorrent spends time on it: libtorrent resolves colliding file names and
//! adds trackers in quadratic time on its network thread, so an unbounded
//! input could freeze a session for minutes.

use crate::bridge::ffi;

use crate::registry::*;

// the registry's BTX_LIMIT_* constants (they are in the C header), typed
/// cbindgen:ignore
pub const MAX_INPUT_BYTES: u64 = BTX_LIMIT_INPUT_BYTES as u64;
/// cbindgen:ignore
pub const MAX_DECODE_TOKENS: u32 = BTX_LIMIT_DECODE_TOKENS as u32;
/// cbindgen:ignore
pub const MAX_FILES: u64 = BTX_LIMIT_FILES as u64;
/// cbindgen:ignore
pub const MAX_DUPLICATE_PATHS: u64 = BTX_LIMIT_DUPLICATE_PATHS as u64;
/// cbindgen:ignore
pub const MAX_PATH_BYTES: u64 = BTX_LIMIT_PATH_BYTES as u64;
/// cbindgen:ignore
pub const MAX_PIECES: u64 = BTX_LIMIT_PIECES as u64;
/// cbindgen:ignore
pub const MAX_TRACKERS: u64 = BTX_LIMIT_TRACKERS as u64;
/// cbindgen:ignore
pub const MAX_WEB_SEEDS: u64 = BTX_LIMIT_WEB_SEEDS as u64;
/// cbindgen:ignore
pub const MAX_PEERS: u64 = BTX_LIMIT_PEERS as u64;

/// The documented limits, as the C++ parsers take them.
pub fn ffi_limits() -> ffi::Limits {
    ffi::Limits {
        input_bytes: MAX_INPUT_BYTES,
        decode_tokens: MAX_DECODE_TOKENS,
        files: MAX_FILES,
        duplicate_paths: MAX_DUPLICATE_PATHS,
        path_bytes: MAX_PATH_BYTES,
        pieces: MAX_PIECES,
        trackers: MAX_TRACKERS,
        web_seeds: MAX_WEB_SEEDS,
        peers: MAX_PEERS,
    }
}
