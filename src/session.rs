//! A session: one libtorrent session, its torrents, its event queue, its
//! status cache, its statistics, and the pump thread that feeds them.
//! Settings live in settings.rs (another `impl Session`).

use crate::bridge::ffi::{self, StatusData};
use crate::error::{invalid, over_limit, Error, Result};
use crate::events::{EventMask, EventQueue};
use crate::handles::{Object, TABLE};
use crate::progress::{Outcome, Progress};
use crate::registry::*;
use crate::settings::PEER_FINGERPRINT;
use crate::stats::Stats;
use crate::status::StatusCache;
use crate::torrent::Torrent;
use cxx::UniquePtr;
use parking_lot::{Condvar, Mutex, RwLock};
use std::collections::HashMap;
use std::os::fd::OwnedFd;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What a torrent is added from.
pub enum Source<'a> {
    /// the bytes of a .torrent file
    TorrentBytes(&'a [u8]),
    /// a magnet link
    Magnet(&'a str),
    /// resume data (a resumeDataReady event's bytes)
    Resume(&'a [u8]),
}

#[derive(Default)]
/// A session's torrents by handle and by libtorrent id.
pub struct TorrentIndex {
    /// handles in the order they were added (btx_torrent_handle_at)
    pub order: Vec<i32>,
    /// torrent_handle::id() -> our handle
    pub by_id: HashMap<u32, i32>,
    /// our handle -> torrent_handle::id()
    pub id_of: HashMap<i32, u32>,
}

/// A session: a libtorrent session, its torrents, its event queue and status cache, and its pump thread. Reach it by handle with [`Session::get`].
pub struct Session {
    /// its handle
    pub handle: i32,
    /// the libtorrent session
    pub lt: UniquePtr<ffi::Session>,
    /// its torrents
    pub torrents: RwLock<TorrentIndex>,
    /// held across an add until the torrent is indexed, so the pump never
    /// sees a new torrent's alerts before it can name the torrent
    pub add_lock: Mutex<()>,
    /// the queue of encoded events (drain it with [`Session::pop_events`])
    pub events: Mutex<EventQueue>,
    /// signalled when events are queued and someone waits (btx_wait_events)
    event_ready: Condvar,
    waiters: AtomicUsize,
    /// which events reach the host
    pub event_mask: RwLock<EventMask>,
    /// the status cache (see docs/architecture.md)
    pub status: StatusCache,
    /// bumped by every host action on a torrent (see status.rs)
    pub epoch: AtomicU64,
    /// set once the session is freed
    pub stop: AtomicBool,
    pump: Mutex<Option<JoinHandle<()>>>,
    /// DHT counters from the pump: nodes, node cache, global estimate, torrents
    pub dht: Mutex<[i64; 4]>,
    /// serialises the IP filter's read-modify-write
    pub ip_filter: Mutex<()>,
    /// how far the host's actions run ahead of libtorrent (progress.rs)
    pub progress: Progress,
    /// session statistics snapshots (stats.rs)
    pub stats: Mutex<Stats>,
    /// the first disk error of each torrent since its error was last
    /// cleared: the cause the status `error` names (libtorrent's own error,
    /// if any, is often a consequence, such as a missing file)
    disk_errors: Mutex<HashMap<i32, String>>,
    /// the host's per-torrent user data (durable.rs), by torrent handle
    pub user_data: Mutex<HashMap<i32, std::collections::BTreeMap<String, String>>>,
    /// the state store of a session opened with btx_session_open
    pub durable: std::sync::OnceLock<Arc<crate::durable::Durable>>,
}

fn session_of(h: i32) -> Result<Arc<Session>> {
    match crate::handles::get(h) {
        Some(Object::Session(s)) => Ok(s),
        _ => Err(Error::BadHandle("session")),
    }
}

impl Session {
    /// The session a handle names (a bad handle error for anything else).
    pub fn get(h: i32) -> Result<Arc<Session>> {
        session_of(h)
    }

    /// A new session with torrentxt's quiet defaults (no DHT, LSD, UPnP
    /// or NAT-PMP, our peer fingerprint).
    pub fn create() -> Result<i32> {
        Self::create_with(&[])
    }

    /// A new session whose libtorrent session is born with these settings
    /// (key, value as text) on top of the quiet defaults: a host that sets
    /// `listen_interfaces` here never listens anywhere else, not even for a
    /// moment. A preset may come first as the item ("preset", name).
    pub fn create_with(items: &[(&str, &str)]) -> Result<i32> {
        Self::create_born(items, &[])
    }

    /// create_with, born also with a saved state (btx_session_state_save's
    /// bytes: settings and DHT state) under the items' settings.
    pub(crate) fn create_born(items: &[(&str, &str)], state: &[u8]) -> Result<i32> {
        let mut preset = "";
        let mut initial = Vec::with_capacity(items.len());
        let mut mask = EventMask::default();
        let mut queue = EventQueue::default();
        for (k, v) in items {
            match *k {
                "preset" => {
                    if !crate::settings::PRESETS.contains(v) {
                        return Err(invalid(format!("unknown preset '{v}': use {}", crate::settings::PRESETS.join(", "))));
                    }
                    preset = v;
                }
                crate::settings::SETTING_EVENT_QUEUE_LIMIT => {
                    let n = crate::boundary::parse_decimal(v, k)?;
                    if n < 2 {
                        return Err(invalid(format!("{k} must be >= 2")));
                    }
                    queue.max_events = n as usize;
                }
                crate::settings::SETTING_EVENT_DETAILS => mask.details = crate::settings::parse_bool(k, v)?,
                crate::settings::SETTING_EVENTS_ON | crate::settings::SETTING_EVENTS_OFF => {
                    let on = *k == crate::settings::SETTING_EVENTS_ON;
                    for code in crate::settings::event_codes(k, v)? {
                        mask.set(code, on);
                    }
                }
                _ => initial.push(crate::settings::typed(k, v)?),
            }
        }
        let lt = ffi::session_new(&initial, preset, PEER_FINGERPRINT, mask.lt_alert_mask(), state)?;
        let h = TABLE.write().reserve().ok_or_else(|| Error::Generic("handle table full".into()))?;
        let s = Arc::new(Session {
            handle: h,
            lt,
            torrents: RwLock::new(TorrentIndex::default()),
            add_lock: Mutex::new(()),
            events: Mutex::new(queue),
            event_ready: Condvar::new(),
            waiters: AtomicUsize::new(0),
            event_mask: RwLock::new(mask),
            status: StatusCache::default(),
            epoch: AtomicU64::new(1),
            stop: AtomicBool::new(false),
            pump: Mutex::new(None),
            dht: Mutex::new([0; 4]),
            ip_filter: Mutex::new(()),
            progress: Progress::default(),
            stats: Mutex::new(Stats::default()),
            disk_errors: Mutex::new(HashMap::new()),
            user_data: Mutex::new(HashMap::new()),
            durable: std::sync::OnceLock::new(),
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
        if let Some(d) = s.durable.get() {
            // everything reaches the store first (bounded), while the pump
            // still delivers resume data
            d.shutdown(&s);
        }
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
        // wake every waiter; hosts polling the descriptor see it readable
        {
            let mut q = s.events.lock();
            q.close_signal();
            s.event_ready.notify_all();
        }
        s.progress.wake_all();
        if let Some(j) = s.pump.lock().take() {
            let _ = j.join();
        }
        // dropping the last Arc destroys the libtorrent session (bounded by
        // stop_tracker_timeout); another thread still inside a call on this
        // session keeps it alive until that call returns.
        drop(s);
    }

    /// The port the session listens on (0 when it listens nowhere).
    pub fn listen_port(&self) -> Result<i32> {
        Ok(ffi::listen_port(&self.lt)?)
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
        self.index(h, th, host_upload_mode);
        Ok(h)
    }

    /// Makes a reserved handle name a torrent libtorrent added.
    pub(crate) fn index(self: &Arc<Self>, h: i32, th: UniquePtr<ffi::Torrent>, host_upload_mode: bool) {
        let id = ffi::torrent_id(&th);
        let t = Arc::new(Torrent::new(h, self.clone(), th, id, host_upload_mode));
        {
            let mut idx = self.torrents.write();
            idx.order.push(h);
            idx.by_id.insert(id, h);
            idx.id_of.insert(h, id);
        }
        TABLE.write().fill(h, Object::Torrent(t));
    }

    /// Removes a torrent (and its files with `delete_files`); its handle is stale at once and a torrentRemoved event follows.
    pub fn remove(&self, t: &Torrent, delete_files: bool) -> Result<()> {
        if t.session.handle != self.handle {
            return Err(invalid("the torrent belongs to another session"));
        }
        ffi::remove_torrent(&self.lt, &t.th, delete_files)?;
        TABLE.write().release(t.handle);
        self.torrents.write().order.retain(|&x| x != t.handle);
        self.status.forget(t.handle);
        self.disk_errors.lock().remove(&t.handle);
        self.user_data.lock().remove(&t.handle);
        if let Some(d) = self.durable.get() {
            d.removed(t.handle);
        }
        self.after_post()
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

    /// Forgets the libtorrent id of a removed torrent.
    pub fn forget_id(&self, handle: i32) {
        let mut idx = self.torrents.write();
        if let Some(id) = idx.id_of.remove(&handle) {
            if idx.by_id.get(&id) == Some(&handle) {
                idx.by_id.remove(&id);
            }
        }
    }

    /// How many torrents the session holds.
    pub fn count(&self) -> i32 {
        self.torrents.read().order.len() as i32
    }

    /// The handle of the `i`-th torrent in add order (0 past the end).
    pub fn handle_at(&self, i: i32) -> i32 {
        let idx = self.torrents.read();
        usize::try_from(i).ok().and_then(|i| idx.order.get(i).copied()).unwrap_or(0)
    }

    /// The handle of the torrent with this info-hash (20 or 32 bytes), or 0.
    pub fn find(&self, hash: &[u8]) -> Result<i32> {
        let th = ffi::find_torrent(&self.lt, hash)?;
        if th.is_null() {
            return Ok(0);
        }
        Ok(self.resolve(ffi::torrent_id(&th)))
    }

    // ---- events: mask, queue, waiting ------------------------------------

    /// Turns one event code on or off.
    pub fn enable_event(&self, code: i32, on: bool) -> Result<()> {
        let code = u16::try_from(code)
            .ok()
            .filter(|c| event(*c).is_some())
            .ok_or_else(|| invalid(format!("{code} is not an event code (docs/record-format.md lists them)")))?;
        self.update_mask(|m| m.set(code, on))
    }

    /// Turns on or off every event whose libtorrent category shares a bit
    /// with `categories` (BTX_CAT_* bits).
    pub fn enable_categories(&self, categories: u32, on: bool) -> Result<()> {
        if categories & !BTX_CAT_ALL != 0 {
            return Err(invalid(format!("categories {categories:#x} has bits no BTX_CAT_* names")));
        }
        self.update_mask(|m| m.set_categories(categories, on))
    }

    /// Whether the session delivers event `code`.
    pub fn event_enabled(&self, code: i32) -> bool {
        u16::try_from(code).is_ok_and(|c| self.event_mask.read().enabled(c))
    }

    fn update_mask(&self, f: impl FnOnce(&mut EventMask)) -> Result<()> {
        let lt_mask = {
            let mut m = self.event_mask.write();
            f(&mut m);
            m.lt_alert_mask()
        };
        ffi::set_alert_mask(&self.lt, lt_mask)?;
        self.after_post()
    }

    /// Queues events the pump encoded (and `lost` ones as a count), then
    /// wakes whoever waits. Costs nothing extra when nobody waits.
    pub(crate) fn push_events(&self, events: Vec<Box<[u8]>>, lost: u64) {
        {
            let mut q = self.events.lock();
            if lost > 0 {
                q.note_lost(lost);
            }
            for ev in events {
                q.push(ev);
            }
        }
        if self.waiters.load(Ordering::SeqCst) > 0 {
            let _q = self.events.lock();
            self.event_ready.notify_all();
        }
    }

    /// Blocks until an event is queued or `timeout` passes (None: no
    /// limit). Returns how many events are queued (0 on timeout), or a bad
    /// handle error once the session is freed (which wakes every waiter).
    pub fn wait_events(&self, timeout: Option<Duration>) -> Result<usize> {
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut q = self.events.lock();
        self.waiters.fetch_add(1, Ordering::SeqCst);
        while q.is_empty() && !self.stop.load(Ordering::SeqCst) {
            match deadline {
                Some(d) => {
                    if self.event_ready.wait_until(&mut q, d).timed_out() {
                        break;
                    }
                }
                None => self.event_ready.wait(&mut q),
            }
        }
        self.waiters.fetch_sub(1, Ordering::SeqCst);
        if self.stop.load(Ordering::SeqCst) {
            return Err(Error::BadHandle("session (freed while waiting)"));
        }
        Ok(if q.is_empty() { 0 } else { q.len().max(1) })
    }

    /// A descriptor (the caller owns it) readable while events are queued.
    pub fn event_fd(&self) -> Result<OwnedFd> {
        if self.stop.load(Ordering::SeqCst) {
            return Err(Error::BadHandle("session"));
        }
        self.events.lock().event_fd().map_err(|e| Error::Generic(format!("cannot make the event descriptor: {e}")))
    }

    // ---- pacing the host's actions (progress.rs) ----------------------

    /// Counts an action just posted to libtorrent, and keeps the backlog
    /// bounded: past progress::MAX_OUTSTANDING actions ahead it waits for
    /// libtorrent to catch up, and fails with BTX_ERR_LIMIT after 30 s.
    pub(crate) fn after_post(&self) -> Result<()> {
        self.after_post_seq().map(|_| ())
    }

    pub(crate) fn after_post_seq(&self) -> Result<u64> {
        let stopped = || self.stop.load(Ordering::SeqCst);
        match self.progress.after_post(|| ffi::post_marker(&self.lt).is_ok(), stopped) {
            Outcome::Posted(seq) => Ok(seq),
            Outcome::Behind(n) => Err(over_limit(format!(
                "libtorrent is {n} actions behind this session's calls; it did not catch up in {} s",
                crate::progress::CATCH_UP_TIMEOUT.as_secs()
            ))),
            Outcome::Stopped => Err(Error::BadHandle("session")),
        }
    }

    /// The pump's periodic marker (true) or an extra one.
    pub(crate) fn post_marker(&self, periodic: bool) {
        self.progress.send_marker(periodic, || ffi::post_marker(&self.lt).is_ok());
    }

    pub(crate) fn marker_arrived(&self) -> bool {
        self.progress.marker_arrived()
    }

    pub(crate) fn markers_lost(&self) {
        self.progress.markers_lost()
    }

    // ---- statistics --------------------------------------------------------

    /// Asks libtorrent for its counters; `for_host`: deliver them as a
    /// sessionStats event (when enabled).
    pub fn post_session_stats(&self, for_host: bool) {
        let mut st = self.stats.lock();
        if ffi::post_session_stats(&self.lt).is_ok() {
            st.posted(for_host);
        }
    }

    pub(crate) fn session_stats_arrived(&self, counters: &[i64]) -> bool {
        let (for_host, dht) = {
            let mut st = self.stats.lock();
            let for_host = st.arrived(counters);
            (for_host, [st.value("dht.dht_nodes"), st.value("dht.dht_node_cache"), st.value("dht.dht_torrents")])
        };
        self.set_dht_counters(Some(dht[0]), Some(dht[1]), None, Some(dht[2]));
        for_host
    }

    pub(crate) fn set_dht_counters(&self, nodes: Option<i64>, cache: Option<i64>, global: Option<i64>, torrents: Option<i64>) {
        let mut d = self.dht.lock();
        for (slot, v) in [(0, nodes), (1, cache), (2, global), (3, torrents)] {
            if let Some(v) = v.filter(|v| *v >= 0) {
                d[slot] = v;
            }
        }
    }

    // ---- status in bulk ----------------------------------------------------

    /// The status records of every torrent (in add order), each starting
    /// with its `torrent` handle, with the selected fields, written into
    /// `out`: the length, or `Err(needed)`. Torrents the cache has no fresh
    /// record of are fetched first, in one libtorrent call.
    pub fn status_all(&self, sel: &crate::status::Selection, out: &mut [u8]) -> Result<std::result::Result<usize, usize>> {
        let order = self.torrents.read().order.clone();
        if self.durable.get().is_some_and(|d| d.restoring()) {
            // while thousands of torrents come back, libtorrent's network
            // thread is busy adding them: serve the cache (the pump brings
            // each new torrent's status within a status period) rather than
            // make the host wait on a fetch
            return Ok(self.status.write_all(&order, sel, out, false).unwrap_or(Ok(0)));
        }
        let missing = match self.status.write_all(&order, sel, out, true) {
            Ok(done) => return Ok(done),
            Err(missing) => missing,
        };
        self.fetch_statuses(&missing, order.len())?;
        // what changed meanwhile is served as the cache has it
        Ok(self.status.write_all(&order, sel, out, false).unwrap_or(Ok(0)))
    }

    /// Fetches the statuses of `missing` (of `total` torrents) from
    /// libtorrent into the cache: a few one by one, many in one call, which
    /// costs libtorrent a status of every torrent it has.
    pub(crate) fn fetch_statuses(&self, missing: &[i32], total: usize) -> Result<()> {
        if missing.len() > total / 16 {
            self.fetch_statuses_at_once(missing)?;
        } else {
            for &h in missing {
                if let Ok(t) = Torrent::get(h) {
                    let _ = t.with_status(|_| ());
                }
            }
        }
        Ok(())
    }

    /// Fetches the statuses of `missing` from libtorrent into the cache in
    /// one call (never from the cache, unlike a torrent's own status read).
    pub(crate) fn fetch_statuses_at_once(&self, missing: &[i32]) -> Result<()> {
        let epoch = self.epoch.load(Ordering::SeqCst);
        let ids: Vec<u32> = {
            let idx = self.torrents.read();
            missing.iter().filter_map(|h| idx.id_of.get(h).copied()).collect()
        };
        let mut got = Vec::with_capacity(ids.len());
        ffi::statuses_of(&self.lt, &ids, &mut got)?;
        self.store_statuses(&mut got, epoch);
        Ok(())
    }

    /// The status records of the torrents whose status changed since the
    /// host's previous changed-only call that was answered (libtorrent's
    /// post_torrent_updates reports the changed torrents; nothing is diffed
    /// here), written into `out`: the length, or `Err(needed)`, which
    /// consumes nothing.
    pub fn status_changed(&self, sel: &crate::status::Selection, out: &mut [u8]) -> std::result::Result<usize, usize> {
        self.status.write_changed(sel, out)
    }

    // ---- status and disk errors ----------------------------------------

    /// Stores statuses the pump received, naming each torrent's disk error
    /// as its error when there is one.
    pub(crate) fn store_statuses(&self, statuses: &mut [StatusData], epoch: u64) {
        // a copy (almost always of nothing): this loop may run over
        // thousands of statuses, and a host reading a status must not wait
        // for it behind the disk-error lock
        let errors = {
            let e = self.disk_errors.lock();
            if e.is_empty() { None } else { Some(e.clone()) }
        };
        let durable = self.durable.get();
        for st in statuses.iter_mut() {
            let h = self.resolve(st.torrent_id);
            if h == 0 || !matches!(crate::handles::get(h), Some(Object::Torrent(_))) {
                continue;
            }
            if durable.is_some_and(|d| d.keeps_provisional(h, st)) {
                // the provisional record stands, as of this epoch
                self.status.confirm(h, epoch);
                continue;
            }
            if let Some(e) = errors.as_ref().and_then(|m| m.get(&h)) {
                st.error = e.clone();
            }
            self.status.store(h, st, epoch);
        }
    }

    pub(crate) fn disk_error(&self, h: i32) -> Option<String> {
        self.disk_errors.lock().get(&h).cloned()
    }

    pub(crate) fn note_disk_error(&self, h: i32, message: &str) {
        self.disk_errors.lock().entry(h).or_insert_with(|| message.to_owned());
    }

    pub(crate) fn clear_disk_error(&self, h: i32) {
        self.disk_errors.lock().remove(&h);
    }
}
