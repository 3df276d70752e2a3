//! Per-torrent control: pause/resume, peers, limits, flags, queue, priorities, streaming, storage.

use super::prelude::*;

/// Connects a torrent to a peer at `ip`:`port` (libtorrent's connect_peer),
/// e.g. to introduce two sessions without a tracker.
///
/// # Safety
/// `ip` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_connect_peer(torrent: c_int, ip: *const c_char, port: c_int) -> c_int {
    action(|| Torrent::get(torrent)?.connect_peer(c_str(ip, "ip")?, port))
}

/// Pauses the torrent (and takes it out of the auto-managed queue, which
/// would otherwise resume it). A torrentPaused event follows.
#[no_mangle]
pub extern "C" fn btx_pause(torrent: c_int) -> c_int {
    on_torrent(torrent, |t| t.pause())
}

/// Resumes the torrent. A torrentResumed event follows.
#[no_mangle]
pub extern "C" fn btx_resume(torrent: c_int) -> c_int {
    on_torrent(torrent, |t| t.resume())
}

/// Re-hashes the torrent's data (it enters the checking state).
#[no_mangle]
pub extern "C" fn btx_force_recheck(torrent: c_int) -> c_int {
    on_torrent(torrent, |t| t.force_recheck())
}

/// Announces to the trackers (and the DHT) now. A trackerReply follows.
#[no_mangle]
pub extern "C" fn btx_force_reannounce(torrent: c_int) -> c_int {
    on_torrent(torrent, |t| t.force_reannounce())
}

/// Clears the torrent's error state so it can resume (then btx_resume). When
/// libtorrent put the torrent in upload mode after a disk error (a full or
/// read-only disk, a folder it may not write), this takes it out of that
/// upload mode too; upload mode the host set stays.
#[no_mangle]
pub extern "C" fn btx_torrent_clear_error(torrent: c_int) -> c_int {
    on_torrent(torrent, |t| t.clear_error())
}

/// Asks the trackers for swarm counts; a scrapeReply event follows.
#[no_mangle]
pub extern "C" fn btx_scrape_tracker(torrent: c_int) -> c_int {
    on_torrent(torrent, |t| t.scrape())
}

/// Moves the torrent's files to `save_path` (asynchronous): storageMoved
/// follows, or fileError on failure.
///
/// # Safety
/// `save_path` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_move_storage(torrent: c_int, save_path: *const c_char) -> c_int {
    on_torrent(torrent, |t| t.move_storage(c_str(save_path, "save_path")?))
}

/// Per-torrent rate caps in bytes/s as decimal strings; "0" is unlimited.
///
/// # Safety
/// Both strings must be NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn btx_set_torrent_limits(torrent: c_int, down_decimal: *const c_char, up_decimal: *const c_char) -> c_int {
    action(|| {
        let t = Torrent::get(torrent)?;
        let rate = |p, what| -> Result<i64> { parse_decimal(c_str(p, what)?, what) };
        t.set_limits(rate(down_decimal, "down")?, rate(up_decimal, "up")?)
    })
}

/// Caps this torrent's peer connections (-1 unlimited, else >= 2).
#[no_mangle]
pub extern "C" fn btx_set_max_connections(torrent: c_int, max_connections: c_int) -> c_int {
    on_torrent(torrent, |t| t.set_max_connections(max_connections))
}

/// Caps this torrent's unchoked upload slots (-1 unlimited, else >= 0).
#[no_mangle]
pub extern "C" fn btx_set_max_uploads(torrent: c_int, max_uploads: c_int) -> c_int {
    on_torrent(torrent, |t| t.set_max_uploads(max_uploads))
}

/// Sets the BTX_FLAG_* bits of `flags` that are under `mask` (decimal strings).
///
/// # Safety
/// Both strings must be NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn btx_set_torrent_flags(torrent: c_int, flags_decimal: *const c_char, mask_decimal: *const c_char) -> c_int {
    on_torrent(torrent, |t| {
        let (f, m) = flags_mask(flags_decimal, mask_decimal)?;
        t.set_flags(f, m)
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
        t.unset_flags(f)
    })
}

/// The torrent's 0-based download-queue position, or -1 when it is not
/// queued (not auto-managed, or seeding) or the handle is stale.
#[no_mangle]
pub extern "C" fn btx_queue_position(torrent: c_int) -> c_int {
    getter(-1, || Torrent::get(torrent)?.queue_position())
}

/// Moves the torrent in the queue: 0 up, 1 down, 2 top, 3 bottom.
#[no_mangle]
pub extern "C" fn btx_queue_move(torrent: c_int, op: c_int) -> c_int {
    on_torrent(torrent, |t| t.queue_move(op))
}

/// Sets one file's priority (0 skip .. 7 top); the index is into
/// btx_file_list (pad files are not listed).
#[no_mangle]
pub extern "C" fn btx_set_file_priority(torrent: c_int, file_index: c_int, priority: c_int) -> c_int {
    on_torrent(torrent, |t| t.set_file_priority(file_index, priority))
}

/// Sets the priorities of the first `count` files, one byte (0..7) each.
///
/// # Safety
/// `priorities` must be NULL or point to `count` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_set_file_priorities(torrent: c_int, priorities: *const c_void, count: c_int) -> c_int {
    on_torrent(torrent, |t| t.set_file_priorities(in_bytes(priorities, count, "priorities")?))
}

/// Sets one piece's priority (0..7).
#[no_mangle]
pub extern "C" fn btx_set_piece_priority(torrent: c_int, piece: c_int, priority: c_int) -> c_int {
    on_torrent(torrent, |t| t.set_piece_priority(piece, priority))
}

/// Streaming: asks for `piece` within `deadline_ms` from now.
#[no_mangle]
pub extern "C" fn btx_set_piece_deadline(torrent: c_int, piece: c_int, deadline_ms: c_int) -> c_int {
    on_torrent(torrent, |t| t.set_piece_deadline(piece, deadline_ms))
}

/// Removes every piece deadline of the torrent.
#[no_mangle]
pub extern "C" fn btx_clear_piece_deadlines(torrent: c_int) -> c_int {
    on_torrent(torrent, |t| t.clear_piece_deadlines())
}
