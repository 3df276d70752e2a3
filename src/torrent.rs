//! A torrent handle's object and the operations on it.

use crate::bridge::ffi;
use crate::error::{invalid, over_limit, Error, Result};
use crate::handles::Object;
use crate::session::Session;
use cxx::UniquePtr;
use parking_lot::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct Torrent {
    pub handle: i32,
    pub session: Arc<Session>,
    pub th: UniquePtr<ffi::Torrent>,
    pub lt_id: u32,
    /// the host asked for upload mode (add flags or btx_set_torrent_flags);
    /// libtorrent also turns it on by itself after a disk error, and clearing
    /// that error must turn that one off again, never the host's
    pub host_upload_mode: AtomicBool,
    /// the last coalescable action and the sequence it was posted at
    /// (control.rs)
    pub(crate) last_action: Mutex<Option<(u64, u64)>>,
    /// what btx_file_list serves without asking libtorrent (files.rs)
    pub files: Mutex<crate::files::FileCache>,
}

impl Torrent {
    pub fn new(handle: i32, session: Arc<Session>, th: UniquePtr<ffi::Torrent>, lt_id: u32, host_upload_mode: bool) -> Self {
        Torrent {
            handle,
            session,
            th,
            lt_id,
            host_upload_mode: AtomicBool::new(host_upload_mode),
            last_action: Mutex::new(None),
            files: Mutex::new(Default::default()),
        }
    }

    pub fn get(h: i32) -> Result<Arc<Torrent>> {
        match crate::handles::get(h) {
            Some(Object::Torrent(t)) => Ok(t),
            _ => Err(Error::BadHandle("torrent")),
        }
    }

    /// Runs a host action, marks the cached status stale (status.rs) and
    /// counts the action against the session's backlog (progress.rs).
    pub fn act(&self, f: impl FnOnce(&ffi::Torrent) -> std::result::Result<(), cxx::Exception>) -> Result<()> {
        f(&self.th)?;
        self.mark_acted();
        *self.last_action.lock() = None;
        self.session.after_post()
    }

    pub(crate) fn mark_acted(&self) {
        let e = self.session.epoch.fetch_add(1, Ordering::SeqCst) + 1;
        self.session.status.mark_action(self.handle, e);
    }

    /// Runs `with` on the encoded status record: the cached one when it is
    /// fresh, else one fetched synchronously (and cached).
    pub fn with_status<R>(&self, with: impl FnOnce(&crate::status::Entry) -> R) -> Result<R> {
        let cache = &self.session.status;
        {
            let map = cache.entries.lock();
            if let Some(e) = map.get(&self.handle).filter(|e| e.fresh()) {
                return Ok(with(e));
            }
        }
        // The fetched data answers this call even if an event or action
        // lands meanwhile and the cache declines it (it is newer than the
        // call, never older).
        let epoch = self.session.epoch.load(Ordering::SeqCst);
        let mut st = ffi::StatusData::default();
        ffi::torrent_status(&self.th, &mut st)?;
        if let Some(e) = self.session.disk_error(self.handle) {
            st.error = e;
        }
        let fetched = crate::status::Entry::from_status(&st, epoch);
        let answer = with(&fetched);
        if crate::handles::get(self.handle).is_some() {
            cache.offer(self.handle, fetched);
        }
        Ok(answer)
    }

    /// Runs `with` on the cached status record if it is fresh; None (and
    /// no round trip to libtorrent) when it is not.
    pub fn with_cached_status<R>(&self, with: impl FnOnce(&crate::status::Entry) -> R) -> Option<R> {
        self.session.status.entries.lock().get(&self.handle).filter(|e| e.fresh()).map(with)
    }

    pub fn info_hash_hex(&self) -> Result<String> {
        self.with_status(|e| match (e.v1, e.v2) {
            (Some(v1), _) => crate::record::to_hex(&v1),
            (None, Some(v2)) => crate::record::to_hex(&v2),
            _ => String::new(),
        })
    }

    pub fn connect_peer(&self, ip: &str, port: i32) -> Result<()> {
        let port = u16::try_from(port)
            .ok()
            .filter(|p| *p != 0)
            .ok_or_else(|| invalid(format!("port {port} is not in 1..65535")))?;
        Ok(ffi::connect_peer(&self.th, ip, port)?)
    }
}

/// Trackers and web seeds, bounded by the documented limits.
impl Torrent {
    /// Adds an announce URL at `tier` (0..=255). Refused with a limit error
    /// once the torrent has `MAX_TRACKERS` (libtorrent adds trackers in
    /// quadratic time on its network thread).
    pub fn add_tracker(&self, url: &str, tier: i32) -> Result<()> {
        if url.is_empty() {
            return Err(invalid("url is empty"));
        }
        if !(0..=255).contains(&tier) {
            return Err(invalid(format!("tier {tier} is not in 0..255")));
        }
        let mut now = Vec::new();
        ffi::tracker_list(&self.th, &mut now)?;
        if now.len() as u64 >= crate::limits::MAX_TRACKERS && !now.iter().any(|t| t.url == url) {
            return Err(over_limit(format!("the torrent has {} trackers; the limit is {}", now.len(), crate::limits::MAX_TRACKERS)));
        }
        self.act(|th| ffi::add_tracker(th, url, tier))
    }

    /// Adds a web seed, bounded by `MAX_WEB_SEEDS` like trackers.
    pub fn add_url_seed(&self, url: &str) -> Result<()> {
        if url.is_empty() {
            return Err(invalid("url is empty"));
        }
        let now = ffi::url_seeds(&self.th)?;
        if now.len() as u64 >= crate::limits::MAX_WEB_SEEDS && !now.iter().any(|u| u == url) {
            return Err(over_limit(format!("the torrent has {} web seeds; the limit is {}", now.len(), crate::limits::MAX_WEB_SEEDS)));
        }
        self.act(|th| ffi::add_url_seed(th, url))
    }
}

/// Validation helpers for the control functions.
impl Torrent {
    /// libtorrent's index of the host's file `i` (pad files are hidden).
    pub fn lt_file(&self, i: i32) -> Result<i32> {
        let files = ffi::real_files(&self.th)?;
        usize::try_from(i)
            .ok()
            .and_then(|i| files.get(i).copied())
            .ok_or_else(|| invalid(format!("file index {i} is not in 0..{}", files.len())))
    }

    pub fn check_piece(&self, piece: i32) -> Result<()> {
        let n = ffi::num_pieces(&self.th)?;
        if n < 0 {
            return Err(invalid("the torrent has no metadata yet"));
        }
        if piece < 0 || piece >= n {
            return Err(invalid(format!("piece {piece} is not in 0..{n}")));
        }
        Ok(())
    }
}

pub fn check_priority(p: i32) -> Result<u8> {
    u8::try_from(p).ok().filter(|p| *p <= 7).ok_or_else(|| invalid(format!("priority {p} is not in 0..7")))
}
