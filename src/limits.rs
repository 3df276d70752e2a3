//! The documented limits on untrusted input (docs/api-reference.md,
//! "Limits"). An input past one is refused with `BTX_ERR_LIMIT` before
//! libtorrent spends time on it: libtorrent resolves colliding file names and
//! adds trackers in quadratic time on its network thread, so an unbounded
//! input could freeze a session for minutes.

use crate::bridge::ffi;

/// Largest .torrent file, resume data or magnet link accepted, in bytes.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;
/// Most bencode tokens decoded from one input.
pub const MAX_DECODE_TOKENS: u32 = 10_000_000;
/// Most files in one torrent.
pub const MAX_FILES: u64 = 1_000_000;
/// Most files whose paths collide with an earlier file or a folder
/// (libtorrent renames each; its own code says more than ~100 should fail).
pub const MAX_DUPLICATE_PATHS: u64 = 100;
/// Most bytes of all file paths of one torrent together.
pub const MAX_PATH_BYTES: u64 = 64 << 20;
/// Most pieces (libtorrent's own default).
pub const MAX_PIECES: u64 = 0x20_0000;
/// Most trackers per torrent (magnet `tr=`, announce-list, resume data,
/// add options, btx_add_tracker).
pub const MAX_TRACKERS: u64 = 500;
/// Most web seeds per torrent.
pub const MAX_WEB_SEEDS: u64 = 500;
/// Most peers given with a torrent (magnet `x.pe=`, resume data, add options).
pub const MAX_PEERS: u64 = 1000;

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
