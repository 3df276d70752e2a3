//! A torrent handle's object and the operations on it.

use crate::bridge::ffi;
use crate::error::{invalid, over_limit, Error, Result};
use crate::handles::Object;
use crate::session::Session;
use cxx::UniquePtr;
use parking_lot::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A torrent: its handle, its session and libtorrent's handle. Reach it by handle with [`Torrent::get`].
pub struct Torrent {
    /// its handle
    pub handle: i32,
    /// the session it belongs to
    pub session: Arc<Session>,
    /// libtorrent's torrent handle
    pub th: UniquePtr<ffi::Torrent>,
    /// libtorrent's id of the torrent
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
    /// A torrent object for a handle (used by the session's add).
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

    /// The torrent a handle names (a bad handle error for anything else).
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
            // while a durable session restores, libtorrent's network thread
            // is busy adding: a record a status period old is served rather
            // than making the host wait on a fetch (status_all does the same)
            let restoring = self.session.durable.get().is_some_and(|d| d.restoring());
            let map = cache.entries.lock();
            if let Some(e) = map.get(&self.handle).filter(|e| restoring || e.fresh()) {
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

    /// The info-hash as hex: v1 when the torrent has one, else v2.
    pub fn info_hash_hex(&self) -> Result<String> {
        self.with_status(|e| match (e.v1, e.v2) {
            (Some(v1), _) => crate::record::to_hex(&v1),
            (None, Some(v2)) => crate::record::to_hex(&v2),
            _ => String::new(),
        })
    }

    /// Connects to a peer at `ip`:`port`.
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

    /// Refuses a piece index outside the torrent.
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

/// A priority 0..7, or an error.
pub fn check_priority(p: i32) -> Result<u8> {
    u8::try_from(p).ok().filter(|p| *p <= 7).ok_or_else(|| invalid(format!("priority {p} is not in 0..7")))
}

/// A torrent's status as a Rust value: the fields a progress display or a
/// script reads most (every field is in `btx_torrent_status_ex`'s record).
/// Read from the status cache, so it is at most ~150 ms old, and fresh after
/// any action of the host on the torrent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Status {
    /// the torrent's name (empty until a magnet's metadata arrives)
    pub name: String,
    /// libtorrent's `state_t` (1 checking, 2 metadata, 3 downloading,
    /// 4 finished, 5 seeding, 7 checking resume data)
    pub state: i32,
    /// fraction complete, 0.0 to 1.0
    pub progress: f64,
    /// payload bytes per second in
    pub download_rate: i64,
    /// payload bytes per second out
    pub upload_rate: i64,
    /// verified bytes we have
    pub total_done: i64,
    /// bytes of the selected files
    pub total_wanted: i64,
    /// connected peers
    pub num_peers: i32,
    /// connected seeds
    pub num_seeds: i32,
    /// the download directory
    pub save_path: String,
    /// the v1 info-hash as 40 hex (empty for v2-only)
    pub info_hash_v1: String,
    /// the v2 info-hash as 64 hex (empty for v1-only)
    pub info_hash_v2: String,
    /// pieces in all (0 until the metadata is known)
    pub num_pieces: i32,
    /// bytes downloaded over the torrent's lifetime
    pub all_time_download: i64,
    /// bytes uploaded over the torrent's lifetime
    pub all_time_upload: i64,
    /// every selected file is complete
    pub is_finished: bool,
    /// complete and seeding
    pub is_seeding: bool,
    /// paused
    pub is_paused: bool,
    /// the torrent's error (empty if none)
    pub error: String,
    /// seconds to completion (0 when finished, -1 unknown)
    pub eta: i64,
}

impl Status {
    /// Decodes a status record (v8's 28 fields or more, any order).
    pub fn from_record(data: &[u8]) -> Result<Status> {
        use crate::registry::*;
        let fields = crate::record::decode_record(data).map_err(|_| Error::Generic("truncated status record".into()))?;
        let mut s = Status::default();
        for f in &fields {
            let i = || f.int().unwrap_or(0);
            match f.id {
                BTX_STATUS_NAME => s.name = f.text().to_owned(),
                BTX_STATUS_STATE => s.state = i() as i32,
                BTX_STATUS_PROGRESS => s.progress = f.text().parse().unwrap_or(0.0),
                BTX_STATUS_DOWNLOAD_RATE => s.download_rate = i(),
                BTX_STATUS_UPLOAD_RATE => s.upload_rate = i(),
                BTX_STATUS_TOTAL_DONE => s.total_done = i(),
                BTX_STATUS_TOTAL_WANTED => s.total_wanted = i(),
                BTX_STATUS_NUM_PEERS => s.num_peers = i() as i32,
                BTX_STATUS_NUM_SEEDS => s.num_seeds = i() as i32,
                BTX_STATUS_SAVE_PATH => s.save_path = f.text().to_owned(),
                BTX_STATUS_INFO_HASH_V1 => s.info_hash_v1 = f.text().to_owned(),
                BTX_STATUS_INFO_HASH_V2 => s.info_hash_v2 = f.text().to_owned(),
                BTX_STATUS_NUM_PIECES => s.num_pieces = i() as i32,
                BTX_STATUS_ALL_TIME_DOWNLOAD => s.all_time_download = i(),
                BTX_STATUS_ALL_TIME_UPLOAD => s.all_time_upload = i(),
                BTX_STATUS_IS_FINISHED => s.is_finished = i() != 0,
                BTX_STATUS_IS_SEEDING => s.is_seeding = i() != 0,
                BTX_STATUS_IS_PAUSED => s.is_paused = i() != 0,
                BTX_STATUS_ERROR => s.error = f.text().to_owned(),
                BTX_STATUS_ETA => s.eta = i(),
                _ => {}
            }
        }
        Ok(s)
    }
}

impl Torrent {
    /// The torrent's status (see [`Status`]): the cached record when it is
    /// fresh, else one fetched from libtorrent.
    pub fn status(&self) -> Result<Status> {
        Status::from_record(&self.with_status(|e| e.v8_record())?)
    }
}
