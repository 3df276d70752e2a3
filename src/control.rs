//! Per-torrent control, as safe methods: pause/resume, peers, limits,
//! flags, queue, priorities, streaming deadlines, storage, error recovery.
//!
//! Every action is posted to libtorrent's network thread and returns at
//! once. Two things keep a frantic host from hurting a session:
//! - an action identical to the torrent's previous one, while that one has
//!   not run yet, is skipped (pausing a torrent whose pause is still queued
//!   changes nothing); actions whose every call matters (queue moves,
//!   resume-data requests, peer connections) are never skipped;
//! - the session bounds how many actions run ahead of libtorrent
//!   (progress.rs).

use crate::bridge::ffi;
use crate::error::{invalid, Result};
use crate::registry::*;
use crate::torrent::{check_priority, Torrent};
use std::sync::atomic::Ordering;

/// An FNV-1a hash of an action and its arguments: the coalescing key.
fn key(kind: u64, args: &[u64], text: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ kind;
    for b in args.iter().flat_map(|a| a.to_le_bytes()).chain(text.bytes()) {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Torrent {
    /// Runs an action that may be skipped when it repeats the previous one
    /// still queued in libtorrent.
    fn act_once(&self, k: u64, f: impl FnOnce(&ffi::Torrent) -> std::result::Result<(), cxx::Exception>) -> Result<()> {
        let mut last = self.last_action.lock();
        if let Some((lk, seq)) = *last {
            if lk == k && seq > self.session.progress.processed() {
                self.session.progress.coalesced.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        }
        f(&self.th)?;
        self.mark_acted();
        let seq = self.session.after_post_seq()?;
        *last = Some((k, seq));
        Ok(())
    }

    /// Pauses the torrent and takes it out of the auto-managed queue (which
    /// would otherwise resume it). A torrentPaused event follows.
    pub fn pause(&self) -> Result<()> {
        self.act_once(key(1, &[], ""), ffi::pause_torrent)
    }

    /// Resumes the torrent. A torrentResumed event follows.
    pub fn resume(&self) -> Result<()> {
        self.act_once(key(2, &[], ""), ffi::resume_torrent)
    }

    /// Re-hashes the torrent's data.
    pub fn force_recheck(&self) -> Result<()> {
        self.act_once(key(3, &[], ""), ffi::force_recheck)
    }

    /// Announces to the trackers and the DHT now.
    pub fn force_reannounce(&self) -> Result<()> {
        self.act_once(key(4, &[], ""), ffi::force_reannounce)
    }

    /// Asks the trackers for swarm counts (a scrapeReply follows).
    pub fn scrape(&self) -> Result<()> {
        self.act(ffi::scrape_tracker)
    }

    /// Clears the torrent's error so it can resume. When libtorrent put the
    /// torrent in upload mode because of a disk error (a full or read-only
    /// disk, a folder it may not write), clearing the error takes it out of
    /// that upload mode too; upload mode the host chose stays.
    pub fn clear_error(&self) -> Result<()> {
        let flags = ffi::torrent_flags(&self.th)?;
        if flags & BTX_FLAG_UPLOAD_MODE != 0 && !self.host_upload_mode.load(Ordering::SeqCst) {
            ffi::unset_flags(&self.th, BTX_FLAG_UPLOAD_MODE)?;
        }
        self.session.clear_disk_error(self.handle);
        *self.last_action.lock() = None;
        self.act(ffi::clear_error)
    }

    /// Moves the torrent's files to `path` (storageMoved or fileError follows).
    pub fn move_storage(&self, path: &str) -> Result<()> {
        if path.is_empty() {
            return Err(invalid("save_path is empty"));
        }
        self.act_once(key(5, &[], path), |th| ffi::move_storage(th, path))
    }

    /// Per-torrent rate caps in bytes/s; 0 is unlimited.
    pub fn set_limits(&self, down: i64, up: i64) -> Result<()> {
        if down < 0 || up < 0 {
            return Err(invalid("a rate cannot be negative"));
        }
        // libtorrent's limits are ints; anything above is unlimited in practice
        let (d, u) = (down.min(i32::MAX as i64) as i32, up.min(i32::MAX as i64) as i32);
        self.act_once(key(6, &[d as u64, u as u64], ""), |th| ffi::set_torrent_limits(th, d, u))
    }

    /// Caps peer connections (-1 unlimited, else >= 2).
    pub fn set_max_connections(&self, n: i32) -> Result<()> {
        if n != -1 && n < 2 {
            return Err(invalid(format!("max_connections {n}: use -1 (unlimited) or >= 2")));
        }
        self.act_once(key(7, &[n as u64], ""), |th| ffi::set_max_connections(th, n))
    }

    /// Caps unchoked upload slots (-1 unlimited, else >= 0).
    pub fn set_max_uploads(&self, n: i32) -> Result<()> {
        if n < -1 {
            return Err(invalid(format!("max_uploads {n}: use -1 (unlimited) or >= 0")));
        }
        self.act_once(key(8, &[n as u64], ""), |th| ffi::set_max_uploads(th, n))
    }

    /// Sets the BTX_FLAG_* bits of `flags` under `mask` (bits torrentxt
    /// relies on are left alone).
    pub fn set_flags(&self, flags: u64, mask: u64) -> Result<()> {
        let m = mask & HOST_FLAGS;
        if m & BTX_FLAG_UPLOAD_MODE != 0 {
            self.host_upload_mode.store(flags & BTX_FLAG_UPLOAD_MODE != 0, Ordering::SeqCst);
        }
        self.act_once(key(9, &[flags, m], ""), |th| ffi::set_flags(th, flags, m))
    }

    /// Clears the BTX_FLAG_* bits in `flags`.
    pub fn unset_flags(&self, flags: u64) -> Result<()> {
        let f = flags & HOST_FLAGS;
        if f & BTX_FLAG_UPLOAD_MODE != 0 {
            self.host_upload_mode.store(false, Ordering::SeqCst);
        }
        self.act_once(key(10, &[f], ""), |th| ffi::unset_flags(th, f))
    }

    /// Moves the torrent in the queue: 0 up, 1 down, 2 top, 3 bottom.
    pub fn queue_move(&self, op: i32) -> Result<()> {
        if !(0..=3).contains(&op) {
            return Err(invalid(format!("queue op {op}: use 0 up, 1 down, 2 top, 3 bottom")));
        }
        self.act(|th| ffi::queue_move(th, op))
    }

    /// The 0-based download-queue position; -1 when not queued.
    pub fn queue_position(&self) -> Result<i32> {
        Ok(ffi::queue_position(&self.th)?)
    }

    /// Sets one file's priority (0 skip .. 7 top); indexes as btx_file_list.
    pub fn set_file_priority(&self, file: i32, priority: i32) -> Result<()> {
        let p = check_priority(priority)?;
        let idx = self.lt_file(file)?;
        self.files.lock().priorities_set();
        self.act_once(key(11, &[idx as u64, p as u64], ""), |th| ffi::set_file_priority(th, idx, p))
    }

    /// Sets the priorities of the first `prios.len()` files.
    pub fn set_file_priorities(&self, prios: &[u8]) -> Result<()> {
        if prios.is_empty() {
            return Err(invalid("priorities is empty"));
        }
        let files = ffi::real_files(&self.th)?;
        if prios.len() > files.len() {
            return Err(invalid(format!("{} priorities for {} files", prios.len(), files.len())));
        }
        let prios = prios.iter().map(|&b| check_priority(b as i32)).collect::<Result<Vec<u8>>>()?;
        self.files.lock().priorities_set();
        self.act(|th| ffi::set_file_priorities(th, &files[..prios.len()], &prios))
    }

    /// Sets one piece's priority (0..7).
    pub fn set_piece_priority(&self, piece: i32, priority: i32) -> Result<()> {
        let p = check_priority(priority)?;
        self.check_piece(piece)?;
        self.act_once(key(12, &[piece as u64, p as u64], ""), |th| ffi::set_piece_priority(th, piece, p))
    }

    /// Streaming: asks for `piece` within `deadline_ms` from now.
    pub fn set_piece_deadline(&self, piece: i32, deadline_ms: i32) -> Result<()> {
        self.check_piece(piece)?;
        if deadline_ms < 0 {
            return Err(invalid("deadline_ms cannot be negative"));
        }
        self.act(|th| ffi::set_piece_deadline(th, piece, deadline_ms))
    }

    /// Removes every piece deadline.
    pub fn clear_piece_deadlines(&self) -> Result<()> {
        self.act_once(key(13, &[], ""), ffi::clear_piece_deadlines)
    }

    /// Asks for resume data (a resumeDataReady or resumeDataFailed follows).
    pub fn save_resume(&self) -> Result<()> {
        self.act(ffi::save_resume)
    }
}
