//! Per-torrent calls beyond v8: file renames, per-file progress, the download queue, full peer info, limits, piece priorities.

use super::prelude::*;
use crate::per_torrent::*;

/// Renames (moves) file `file_index` (as btx_file_list counts) to
/// `new_name`, a path relative to the save path or absolute. Asynchronous:
/// a fileRenamed event follows, or fileRenameFailed.
///
/// # Safety
/// `new_name` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_rename_file(torrent: c_int, file_index: c_int, new_name: *const c_char) -> c_int {
    on_torrent(torrent, |t| t.rename_file(file_index, c_str(new_name, "new_name")?))
}

/// The files (pad files hidden) as a list of path, size, progress,
/// priority. `piece_granularity` non-zero counts only verified pieces (what
/// btx_file_list does, cheaper); 0 also counts the blocks downloaded of
/// partial pieces (exact bytes). Returns bytes, -needed, or 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_file_progress(torrent: c_int, piece_granularity: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| Ok(encode_file_progress(&t.file_progress(piece_granularity != 0)?)))
}

/// The pieces being downloaded, as a list: piece, blocksInPiece,
/// finishedBlocks, writingBlocks, requestedBlocks, blockStates (one
/// character per block) and bytesDone. Returns bytes, -needed, or 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_download_queue(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| Ok(encode_download_queue(&t.download_queue()?)))
}

/// The connected peers with everything libtorrent says of them (a superset
/// of btx_peer_list's record): flags as bits and names, source as bits and
/// names, connection type, encryption, totals, rates, queues, rtt, peer id.
/// Returns bytes, -needed, or 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_peer_info(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| Ok(encode_peer_info(&t.peer_info()?)))
}

/// The caps the v8 setters write, as one record: downloadLimit and
/// uploadLimit (bytes/s, 0 unlimited), connectionsLimit and uploadsLimit
/// (-1 unlimited). Returns bytes, -needed, or 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_torrent_limits(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| Ok(encode_limits(&t.limits()?)))
}

/// Every piece's priority (0..7), one byte per piece; 0 bytes without
/// metadata. Returns bytes, -needed, or 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_piece_priorities(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| t.piece_priorities())
}

/// Sets the priorities of the first `count` pieces, one byte (0..7) each.
///
/// # Safety
/// `priorities` must be NULL or point to `count` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_set_piece_priorities(torrent: c_int, priorities: *const c_void, count: c_int) -> c_int {
    on_torrent(torrent, |t| t.set_piece_priorities(in_bytes(priorities, count, "priorities")?))
}
