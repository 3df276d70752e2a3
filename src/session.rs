//! A session: one libtorrent session, its torrents, its event queue, its
//! status cache, and the pump thread that feeds both.

use crate::bridge::ffi;
use crate::error::{invalid, Error, Result};
use crate::events::EventQueue;
use crate::handles::{Object, TABLE};
use crate::status::StatusCache;
use crate::torrent::Torrent;
use cxx::UniquePtr;
use parking_lot::{Mutex, RwLock};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

/// What a torrent is added from.
pub enum Source<'a> {
    /// the bytes of a .torrent file
    TorrentBytes(&'a [u8]),
    /// a magnet link
    Magnet(&'a str),
    /// resume data (a resumeDataReady event's bytes)
    Resume(&'a [u8]),
}

/// Our own settings, handled by name next to libtorrent's.
pub const SETTING_EVENT_QUEUE_LIMIT: &str = "btx_event_queue_limit";

#[derive(Default)]
pub struct TorrentIndex {
    /// handles in the order they were added (btx_torrent_handle_at)
    pub order: Vec<i32>,
    /// torrent_handle::id() -> our handle
    pub by_id: HashMap<u32, i32>,
}

pub struct Session {
    pub handle: i32,
    pub lt: UniquePtr<ffi::Session>,
    pub torrents: RwLock<TorrentIndex>,
    /// held across an add until the torrent is indexed, so the pump never
    /// sees a new torrent's alerts before it can name the torrent
    pub add_lock: Mutex<()>,
    pub events: Mutex<EventQueue>,
    pub status: StatusCache,
    /// bumped by every host action on a torrent (see status.rs)
    pub epoch: AtomicU64,
    pub stop: AtomicBool,
    pump: Mutex<Option<JoinHandle<()>>>,
    /// DHT counters from the pump: nodes, node cache, global estimate, torrents
    pub dht: Mutex<[i64; 4]>,
    /// serialises the IP filter's read-modify-write
    pub ip_filter: Mutex<()>,
}

fn session_of(h: i32) -> Result<Arc<Session>> {
    match crate::handles::get(h) {
        Some(Object::Session(s)) => Ok(s),
        _ => Err(Error::BadHandle("session")),
    }
}

impl Session {
    pub fn get(h: i32) -> Result<Arc<Session>> {
        session_of(h)
    }

    pub fn create() -> Result<i32> {
        let lt = ffi::session_new()?;
        let h = TABLE.write().reserve().ok_or_else(|| Error::Generic("handle table full".into()))?;
        let s = Arc::new(Session {
            handle: h,
            lt,
            torrents: RwLock::new(TorrentIndex::default()),
            add_lock: Mutex::new(()),
            events: Mutex::new(EventQueue::default()),
            status: StatusCache::default(),
            epoch: AtomicU64::new(1),
            stop: AtomicBool::new(false),
            pump: Mutex::new(None),
            dht: Mutex::new([0; 4]),
            ip_filter: Mutex::new(()),
        });
        let pump_session = s.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("btx-pump-{h}"))
            .spawn(move || crate::pump::run(pump_session));
        match spawned {
            Ok(j) => *s.pump.lock() = Some(j),
            Err(e) => {
                TABLE.write().release(h);
                return Err(Error::Generic(format!("cannot start the event pump: {e}")));
            }
        }
        TABLE.write().fill(h, Object::Session(s));
        Ok(h)
    }

    /// Frees the session and every torrent handle it owns. Idempotent: a
    /// second call (or any non-session handle) does nothing.
    pub fn free(h: i32) {
        let Ok(s) = session_of(h) else { return };
        {
            // waits out an add in flight, and (with `stop` set) refuses any
            // later one, so no torrent handle outlives its session
            let _adding = s.add_lock.lock();
            let mut t = TABLE.write();
            if t.release(h).is_none() {
                return; // another thread freed it first
            }
            s.stop.store(true, Ordering::SeqCst);
            for th in &s.torrents.read().order {
                t.release(*th);
            }
        }
        if let Some(j) = s.pump.lock().take() {
            let _ = j.join();
        }
        // dropping the last Arc destroys the libtorrent session (bounded by
        // stop_tracker_timeout); another thread still inside a call on this
        // session keeps it alive until that call returns.
        drop(s);
    }

    // ---- settings ----------------------------------------------------------

    fn kind(&self, key: &str) -> Result<i32> {
        match ffi::setting_kind(key) {
            -1 => Err(invalid(format!("unknown setting '{key}'"))),
            k => Ok(k),
        }
    }

    pub fn set_int(&self, key: &str, value: i64) -> Result<()> {
        if key == SETTING_EVENT_QUEUE_LIMIT {
            if value < 2 {
                return Err(invalid(format!("{key} must be >= 2")));
            }
            self.events.lock().max_events = value as usize;
            return Ok(());
        }
        if self.kind(key)? != 1 {
            return Err(invalid(format!("setting '{key}' is not an integer setting")));
        }
        let v = i32::try_from(value)
            .map_err(|_| invalid(format!("setting '{key}': {value} is out of range for a 32-bit int")))?;
        Ok(ffi::set_int_setting(&self.lt, key, v)?)
    }

    pub fn set_bool(&self, key: &str, value: bool) -> Result<()> {
        if self.kind(key)? != 2 {
            return Err(invalid(format!("setting '{key}' is not a boolean setting")));
        }
        Ok(ffi::set_bool_setting(&self.lt, key, value)?)
    }

    pub fn set_str(&self, key: &str, value: &str) -> Result<()> {
        if self.kind(key)? != 0 {
            return Err(invalid(format!("setting '{key}' is not a string setting")));
        }
        Ok(ffi::set_str_setting(&self.lt, key, value)?)
    }

    pub fn get_setting(&self, key: &str) -> Result<String> {
        if key == SETTING_EVENT_QUEUE_LIMIT {
            return Ok(self.events.lock().max_events.to_string());
        }
        self.kind(key)?;
        Ok(ffi::get_setting(&self.lt, key)?)
    }

    pub fn set_encryption(&self, inp: i32, out: i32, level: i32) -> Result<()> {
        if !(0..=2).contains(&inp) || !(0..=2).contains(&out) {
            return Err(invalid("encryption policy must be 0 (forced), 1 (enabled) or 2 (disabled)"));
        }
        if !(1..=3).contains(&level) {
            return Err(invalid("encryption level must be 1 (plaintext), 2 (rc4) or 3 (both)"));
        }
        ffi::set_int_setting(&self.lt, "in_enc_policy", inp)?;
        ffi::set_int_setting(&self.lt, "out_enc_policy", out)?;
        ffi::set_int_setting(&self.lt, "allowed_enc_level", level)?;
        Ok(())
    }

    // ---- torrents ----------------------------------------------------------

    /// Adds a torrent from `src` into `save_path` (empty: the one resume data
    /// carries) with the add-time `flags` under `mask` (BTX_FLAG_* bits).
    /// The input is parsed and checked against the documented limits in the
    /// caller's thread before the session's add lock is taken, so a hostile
    /// input never holds up another thread's add.
    pub fn add(self: &Arc<Self>, src: Source, save_path: &str, flags: u64, mask: u64) -> Result<i32> {
        // the v8 adds are the one add (add_options.rs) with three options
        use crate::add_options::{AddRequest, SourceKind};
        let mut req = AddRequest::default();
        req.options.save_path = save_path.to_owned();
        req.options.flags = flags;
        req.options.mask = mask;
        let data: &[u8] = match src {
            Source::TorrentBytes(b) => b,
            Source::Resume(b) => {
                req.source = SourceKind::Resume;
                b
            }
            Source::Magnet(uri) => {
                req.source = SourceKind::Magnet;
                req.magnet = uri.to_owned();
                &[]
            }
        };
        self.add_request(req, data)
    }

    /// Adds a torrent through `add` (given the handle it will get), indexes
    /// it, and returns the handle.
    pub fn add_with(
        self: &Arc<Self>,
        host_upload_mode: bool,
        add: impl FnOnce(i32) -> std::result::Result<UniquePtr<ffi::Torrent>, cxx::Exception>,
    ) -> Result<i32> {
        let _adding = self.add_lock.lock();
        if self.stop.load(Ordering::SeqCst) {
            return Err(Error::BadHandle("session"));
        }
        let h = TABLE.write().reserve().ok_or_else(|| Error::Generic("handle table full".into()))?;
        let th = match add(h) {
            Ok(th) if !th.is_null() => th,
            Ok(_) => {
                TABLE.write().release(h);
                return Err(Error::Generic("libtorrent returned no torrent".into()));
            }
            Err(e) => {
                TABLE.write().release(h);
                return Err(e.into());
            }
        };
        let id = ffi::torrent_id(&th);
        let t = Arc::new(Torrent::new(h, self.clone(), th, id, host_upload_mode));
        {
            let mut idx = self.torrents.write();
            idx.order.push(h);
            idx.by_id.insert(id, h);
        }
        TABLE.write().fill(h, Object::Torrent(t));
        Ok(h)
    }

    pub fn remove(&self, t: &Torrent, delete_files: bool) -> Result<()> {
        if t.session.handle != self.handle {
            return Err(invalid("the torrent belongs to another session"));
        }
        ffi::remove_torrent(&self.lt, &t.th, delete_files)?;
        TABLE.write().release(t.handle);
        self.torrents.write().order.retain(|&x| x != t.handle);
        self.status.forget(t.handle);
        Ok(())
    }

    /// Our handle for a libtorrent torrent id, waiting out an add in flight.
    pub fn resolve(&self, id: u32) -> i32 {
        if id == 0 {
            return 0;
        }
        if let Some(&h) = self.torrents.read().by_id.get(&id) {
            return h;
        }
        let _adding = self.add_lock.lock();
        self.torrents.read().by_id.get(&id).copied().unwrap_or(0)
    }

    pub fn forget_id(&self, id_handle: i32) {
        self.torrents.write().by_id.retain(|_, h| *h != id_handle);
    }

    pub fn count(&self) -> i32 {
        self.torrents.read().order.len() as i32
    }

    pub fn handle_at(&self, i: i32) -> i32 {
        let idx = self.torrents.read();
        usize::try_from(i).ok().and_then(|i| idx.order.get(i).copied()).unwrap_or(0)
    }

    pub fn find(&self, hash: &[u8]) -> Result<i32> {
        let th = ffi::find_torrent(&self.lt, hash)?;
        if th.is_null() {
            return Ok(0);
        }
        Ok(self.resolve(ffi::torrent_id(&th)))
    }
}
