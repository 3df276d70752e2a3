//! Durable sessions (docs/durability.md): a session opened on a state path
//! keeps its settings, DHT state, torrents (resume data with metainfo) and
//! the host's user data in a store (store.rs), and brings them back when it
//! is opened again.
//!
//! Who does what:
//! - the host's thread: an add sends the torrent to the store and waits for
//!   its commit (sub-millisecond: WAL, no fsync) so a kill right after the
//!   add still brings it back; a removal deletes it the same way; user data
//!   is sent without waiting;
//! - the pump (pump.rs): asks libtorrent for resume data on the events that
//!   change it and every save interval for torrents libtorrent reports as
//!   changed (need_save_resume), and forwards the resume data it gets to
//!   the store; it never waits on the store;
//! - the restore thread: reads the stored torrents and adds them with
//!   async_add_torrent, at most MAX_IN_FLIGHT ahead of the pump, which
//!   gives each its handle when its add_torrent_alert arrives;
//! - the writer thread (store.rs): commits in batches.

use crate::bridge::ffi;
use crate::create::own_event;
use crate::error::{invalid, over_limit, Error, Result};
use crate::handles::TABLE;
use crate::registry::*;
use crate::session::Session;
use crate::store::{self, Msg, Op};
use crate::torrent::Torrent;
use parking_lot::{Condvar, Mutex};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// torrentxt's own setting: seconds between periodic resume-data saves.
pub const SETTING_SAVE_INTERVAL: &str = "btx_resume_save_interval";
/// Its default: a kill loses at most this much download progress.
pub(crate) const DEFAULT_SAVE_INTERVAL: u64 = 30;
/// Most async adds the restore runs ahead of the pump (libtorrent's alert
/// queue must hold each one's add_torrent_alert).
const MAX_IN_FLIGHT: usize = 256;
/// How long btx_session_free waits for the final save.
const FREE_FLUSH: Duration = Duration::from_secs(5);
/// How long an add or a removal waits for its commit.
const COMMIT_WAIT: Duration = Duration::from_secs(2);
/// Resume-data requests a flush has in flight at once.
const FLUSH_CHUNK: usize = 512;

/// User data limits (documented with btx_user_data_set).
pub(crate) const MAX_USER_KEY: usize = 256;
pub(crate) const MAX_USER_VALUE: usize = 65536;
pub(crate) const MAX_USER_KEYS: usize = 1024;

/// libtorrent alert types the store needs whatever the host enabled:
/// add_torrent, save_resume_data(_failed), and the triggers of a save.
const STORE_ALERTS: &[i32] = &[67, 37, 38, LT_METADATA, LT_PAUSED, LT_FINISHED, LT_MOVED, LT_RENAMED, LT_PRIO, LT_REJECTED];
const LT_SAVED: i32 = 37;
const LT_SAVE_FAILED: i32 = 38;
const LT_METADATA: i32 = 45;
const LT_PAUSED: i32 = 39;
const LT_FINISHED: i32 = 26;
const LT_MOVED: i32 = 33;
const LT_RENAMED: i32 = 7;
const LT_PRIO: i32 = 97;
const LT_REMOVED: i32 = 4;
const LT_REJECTED: i32 = 53;

#[derive(Default)]
struct Restoring {
    /// reserved handle -> store key, added with async_add_torrent, whose
    /// add_torrent_alert has not arrived yet
    pending: HashMap<i32, String>,
    restored: usize,
}

/// What a durable session keeps: its store's path, the writer thread and the channel to it.
pub struct Durable {
    path: PathBuf,
    tx: Mutex<store::Tx>,
    writer: Mutex<Option<JoinHandle<()>>>,
    restorer: Mutex<Option<JoinHandle<()>>>,
    lock: Mutex<Option<File>>,
    /// torrent handle -> store key; sends to the store happen under this
    /// lock, so an update can never follow a torrent's deletion
    keys: Mutex<HashMap<i32, String>>,
    restoring: Mutex<Restoring>,
    restore_cv: Condvar,
    /// torrents whose resume data changed in a way worth a periodic save
    dirty: Mutex<HashSet<i32>>,
    /// each torrent's progress and transfer totals as last queued for a
    /// save (or as restored): libtorrent 2.0.8 reports need_save_resume for
    /// every active torrent all the time (its time counters tick), so
    /// without this every idle seed would be written every interval
    marks: Mutex<HashMap<i32, Mark>>,
    /// torrents libtorrent reported changed whose pieces and totals did
    /// not move (their time counters did): saved every IDLE_EVERY intervals
    idle: Mutex<HashSet<i32>>,
    /// periodic saves done
    ticks: AtomicU64,
    /// restored torrents whose cached status is still the provisional one
    /// (what their resume data says): libtorrent's own status while it
    /// checks the resume data says 0 bytes, so the provisional one stays
    /// until libtorrent leaves that state
    provisional: Mutex<HashSet<i32>>,
    /// the session state last sent to the store
    last_state: Mutex<Vec<u8>>,
    /// torrents a flush waits for resume data (or its failure) of
    awaiting: Mutex<HashSet<i32>>,
    awaiting_cv: Condvar,
    interval: AtomicU64,
    next_periodic: Mutex<Instant>,
    stopping: AtomicBool,
    /// the restore thread has added (or given up on) every stored torrent
    restore_done: AtomicBool,
    /// restored torrents whose resume data says finished, from when they
    /// came back: libtorrent's first torrentFinished for each confirms the
    /// stored state, it is no change to save
    quiet_finish: Mutex<HashMap<i32, Instant>>,
}

/// What a periodic save is for: pieces done and the transfer totals.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Mark {
    pieces: i32,
    downloaded: i64,
    uploaded: i64,
}

impl Mark {
    fn of(st: &ffi::StatusData) -> Mark {
        Mark { pieces: st.num_pieces, downloaded: st.all_time_download, uploaded: st.all_time_upload }
    }
}

/// Every how many save intervals torrents whose only change is their time
/// counters (active and seeding time) are saved.
const IDLE_EVERY: u64 = 10;

/// libtorrent's torrent_status::state_t while it checks resume data.
const CHECKING_RESUME_DATA: i32 = 7;

/// How long after a restored torrent came back its torrentFinished counts
/// as the confirmation of its stored state (it comes once its resume data
/// is checked, which waits behind the rest of the restore).
const QUIET_FINISH: Duration = Duration::from_secs(120);

/// Queues one of our events if the host has it on (all are on by default).
fn post(s: &Session, code: u16, f: impl FnOnce(&mut crate::record::Record)) {
    if !s.stop.load(Ordering::SeqCst) && s.event_enabled(code as i32) {
        s.push_events(vec![own_event(code, f)], 0);
    }
}

fn post_error(s: &Session, msg: &str) {
    post(s, BTX_EVENT_STORE_ERROR, |r| {
        r.utf8(BTX_EVKEY_ERROR_MESSAGE, msg);
    });
}

struct Notify(Weak<Session>);

impl store::Listener for Notify {
    fn failed(&self, message: &str) {
        if let Some(s) = self.0.upgrade() {
            post_error(&s, message);
        }
    }
    fn recovered(&self) {
        if let Some(s) = self.0.upgrade() {
            post(&s, BTX_EVENT_STORE_RECOVERED, |_| {});
        }
    }
}

impl Session {
    /// Opens (or creates) the store at `path` and a session on it: the
    /// stored settings and DHT state apply first, then `items` (as
    /// btx_session_new_with takes them); the stored torrents come back in
    /// the background. Returns the session handle.
    pub fn open(path: &str, items: &[(&str, &str)]) -> Result<i32> {
        if path.is_empty() {
            return Err(invalid("state_path is empty"));
        }
        let path = PathBuf::from(path);
        let mut interval_item = None;
        let mut lt_items = Vec::with_capacity(items.len());
        for &(k, v) in items {
            if k == SETTING_SAVE_INTERVAL {
                interval_item = Some(parse_interval(v)?);
            } else {
                lt_items.push((k, v));
            }
        }
        let opened = store::open(&path)?;
        // born with the stored settings and DHT state, the host's items over
        // them: it never listens where neither says, not even for a moment
        let h = Session::create_born(&lt_items, opened.state.as_deref().unwrap_or(&[]))?;
        let s = Session::get(h)?;
        let setup = || -> Result<Arc<Durable>> {
            let interval = interval_item
                .or_else(|| opened.meta.get(SETTING_SAVE_INTERVAL).and_then(|v| v.parse().ok()))
                .unwrap_or(DEFAULT_SAVE_INTERVAL);
            Ok(Arc::new(Durable {
                path: path.clone(),
                tx: Mutex::new(store::channel().0),
                writer: Mutex::new(None),
                restorer: Mutex::new(None),
                lock: Mutex::new(None),
                keys: Mutex::new(HashMap::new()),
                restoring: Mutex::new(Restoring::default()),
                restore_cv: Condvar::new(),
                dirty: Mutex::new(HashSet::new()),
                marks: Mutex::new(HashMap::new()),
                last_state: Mutex::new(Vec::new()),
                provisional: Mutex::new(HashSet::new()),
                idle: Mutex::new(HashSet::new()),
                ticks: AtomicU64::new(0),
                awaiting: Mutex::new(HashSet::new()),
                awaiting_cv: Condvar::new(),
                interval: AtomicU64::new(interval),
                next_periodic: Mutex::new(Instant::now() + Duration::from_secs(interval)),
                stopping: AtomicBool::new(false),
                restore_done: AtomicBool::new(false),
                quiet_finish: Mutex::new(HashMap::new()),
            }))
        };
        let d = match setup() {
            Ok(d) => d,
            Err(e) => {
                Session::free(h);
                return Err(e);
            }
        };
        let (tx, rx) = store::channel();
        *d.tx.lock() = tx;
        *d.lock.lock() = Some(opened.lock);
        let writer = store::spawn_writer(opened.conn, rx, Box::new(Notify(Arc::downgrade(&s))), format!("btx-store-{h}"));
        match writer {
            Ok(j) => *d.writer.lock() = Some(j),
            Err(e) => {
                Session::free(h);
                return Err(Error::Generic(format!("cannot start the store's writer: {e}")));
            }
        }
        {
            let mut m = s.event_mask.write();
            for &t in STORE_ALERTS {
                m.add_internal(t);
            }
        }
        if let Some(v) = interval_item {
            d.send(Op::Meta { key: SETTING_SAVE_INTERVAL.into(), value: v.to_string() });
        }
        let _ = s.durable.set(d.clone());
        let (rs, rd) = (s.clone(), d.clone());
        let spawned = std::thread::Builder::new().name(format!("btx-restore-{h}")).spawn(move || restore(rs, rd));
        match spawned {
            Ok(j) => *d.restorer.lock() = Some(j),
            Err(e) => {
                Session::free(h);
                return Err(Error::Generic(format!("cannot start the restore: {e}")));
            }
        }
        Ok(h)
    }

    // ---- user data (any session; a durable one stores it) ---------------

    /// Sets a torrent's user-data `key` to `value` (a durable session stores it).
    pub fn user_data_set(&self, t: &Torrent, key: &str, value: &str) -> Result<()> {
        check_user_key(key)?;
        if value.len() > MAX_USER_VALUE {
            return Err(over_limit(format!("a user-data value holds at most {MAX_USER_VALUE} bytes")));
        }
        {
            let mut all = self.user_data.lock();
            let m = all.entry(t.handle).or_default();
            if m.len() >= MAX_USER_KEYS && !m.contains_key(key) {
                return Err(over_limit(format!("a torrent holds at most {MAX_USER_KEYS} user-data keys")));
            }
            m.insert(key.to_owned(), value.to_owned());
        }
        if let Some(d) = self.durable.get() {
            d.send_for(t.handle, |k| Op::UserSet { key: k, name: key.to_owned(), value: value.to_owned() });
        }
        Ok(())
    }

    /// A torrent's user-data value for `key`.
    pub fn user_data_get(&self, t: &Torrent, key: &str) -> Option<String> {
        self.user_data.lock().get(&t.handle).and_then(|m| m.get(key).cloned())
    }

    /// Removes a torrent's user-data `key`.
    pub fn user_data_remove(&self, t: &Torrent, key: &str) -> Result<()> {
        check_user_key(key)?;
        let had = self.user_data.lock().get_mut(&t.handle).and_then(|m| m.remove(key)).is_some();
        if had {
            if let Some(d) = self.durable.get() {
                d.send_for(t.handle, |k| Op::UserRemove { key: k, name: key.to_owned() });
            }
        }
        Ok(())
    }

    /// A torrent's user data as one list of items (key, value), by key.
    pub fn user_data_all(&self, t: &Torrent) -> Vec<u8> {
        let all = self.user_data.lock();
        let items: Vec<(&String, &String)> = all.get(&t.handle).map(|m| m.iter().collect()).unwrap_or_default();
        crate::record::encode_list(&items, |r, (k, v)| {
            r.utf8(BTX_KV_KEY, k).utf8(BTX_KV_VALUE, v);
        })
    }

    /// Waits (at most `timeout`) until the store holds fresh resume data
    /// of every torrent, the session's state and everything sent before.
    pub fn store_flush(&self, timeout: Duration) -> Result<()> {
        match self.durable.get() {
            Some(d) => d.flush(self, timeout),
            None => Err(invalid("the session has no store (open it with btx_session_open)")),
        }
    }

    pub(crate) fn set_save_interval(&self, seconds: i64) -> Result<()> {
        let d = self.durable.get().ok_or_else(|| invalid(format!("{SETTING_SAVE_INTERVAL} needs a durable session (btx_session_open)")))?;
        let v = parse_interval(&seconds.to_string())?;
        d.interval.store(v, Ordering::SeqCst);
        *d.next_periodic.lock() = Instant::now() + Duration::from_secs(v);
        d.send(Op::Meta { key: SETTING_SAVE_INTERVAL.into(), value: v.to_string() });
        Ok(())
    }

    pub(crate) fn save_interval(&self) -> Result<u64> {
        self.durable
            .get()
            .map(|d| d.interval.load(Ordering::SeqCst))
            .ok_or_else(|| invalid(format!("{SETTING_SAVE_INTERVAL} needs a durable session (btx_session_open)")))
    }
}

pub(crate) fn parse_interval(v: &str) -> Result<u64> {
    let n = crate::boundary::parse_decimal(v, SETTING_SAVE_INTERVAL)?;
    if !(1..=86_400).contains(&n) {
        return Err(invalid(format!("{SETTING_SAVE_INTERVAL} is in seconds, 1 to 86400")));
    }
    Ok(n as u64)
}

fn check_user_key(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(invalid("the user-data key is empty"));
    }
    if key.len() > MAX_USER_KEY {
        return Err(over_limit(format!("a user-data key holds at most {MAX_USER_KEY} bytes")));
    }
    Ok(())
}

/// Asks libtorrent for a torrent's resume data (metainfo included).
fn request(h: i32, if_modified: bool) -> bool {
    match Torrent::get(h) {
        Ok(t) => ffi::save_resume_flags(&t.th, if_modified).is_ok(),
        Err(_) => false,
    }
}

impl Durable {
    /// True while stored torrents are still coming back.
    pub fn restoring(&self) -> bool {
        !self.restore_done.load(Ordering::SeqCst)
    }

    fn send(&self, op: Op) {
        let _ = self.tx.lock().send(Msg::Op(op));
    }

    /// Sends a change of a torrent the store knows, under the keys lock.
    fn send_for(&self, h: i32, op: impl FnOnce(String) -> Op) {
        let keys = self.keys.lock();
        if let Some(k) = keys.get(&h) {
            self.send(op(k.clone()));
        }
    }

    /// Waits (at most `timeout`) for everything sent so far to be committed.
    fn sync(&self, timeout: Duration) -> Result<()> {
        let (tx, rx) = std::sync::mpsc::channel();
        if self.tx.lock().send(Msg::Sync(tx)).is_err() {
            return Err(Error::Store("the store is closed".into()));
        }
        match rx.recv_timeout(timeout) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(m)) => Err(Error::Store(m)),
            Err(_) => Err(Error::Timeout(format!("the store did not commit within {} ms", timeout.as_millis()))),
        }
    }

    /// A torrent the host added: stored before the add returns. A store
    /// that cannot be written keeps it queued (a storeError event says so)
    /// and the add still succeeds.
    pub(crate) fn added(&self, h: i32, key: String, resume: Vec<u8>) {
        {
            let mut keys = self.keys.lock();
            self.send(Op::Put { key: key.clone(), resume });
            keys.insert(h, key);
        }
        let _ = self.sync(COMMIT_WAIT);
    }

    pub(crate) fn removed(&self, h: i32) {
        let key = {
            let mut keys = self.keys.lock();
            let key = keys.remove(&h);
            if let Some(k) = &key {
                self.send(Op::Delete { key: k.clone() });
            }
            key
        };
        self.forget(h);
        if key.is_some() {
            let _ = self.sync(COMMIT_WAIT);
        }
    }

    fn flush(&self, s: &Session, timeout: Duration) -> Result<()> {
        let deadline = Instant::now() + timeout;
        let handles: Vec<i32> = self.keys.lock().keys().copied().collect();
        for chunk in handles.chunks(FLUSH_CHUNK) {
            {
                let mut aw = self.awaiting.lock();
                aw.extend(chunk.iter().copied());
            }
            for &h in chunk {
                if !request(h, true) {
                    self.awaiting.lock().remove(&h);
                }
            }
            let mut aw = self.awaiting.lock();
            while !aw.is_empty() {
                if self.awaiting_cv.wait_until(&mut aw, deadline).timed_out() {
                    let n = aw.len();
                    aw.clear();
                    return Err(Error::Timeout(format!(
                        "{n} torrents' resume data did not arrive within {} ms",
                        timeout.as_millis()
                    )));
                }
            }
        }
        if let Ok(state) = s.save_state() {
            self.send(Op::State(state));
        }
        self.sync(deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1)))
    }

    /// The end of a durable session (btx_session_free): the restore stops,
    /// the session pauses, everything is flushed (bounded), the writer
    /// commits and closes.
    pub(crate) fn shutdown(&self, s: &Session) {
        if self.stopping.swap(true, Ordering::SeqCst) {
            return;
        }
        self.restore_cv.notify_all();
        if let Some(j) = self.restorer.lock().take() {
            let _ = j.join();
        }
        {
            // restores still in flight: their handles go, the store keeps them
            let mut r = self.restoring.lock();
            for (h, _) in r.pending.drain() {
                TABLE.write().release(h);
                s.user_data.lock().remove(&h);
            }
        }
        // nothing changes after the last save: pause libtorrent's session
        // (not the torrents: their own paused flags are what is stored)
        let _ = ffi::session_pause(&s.lt, true);
        let _ = self.flush(s, FREE_FLUSH);
        let _ = self.tx.lock().send(Msg::Stop);
        if let Some(j) = self.writer.lock().take() {
            let _ = j.join();
        }
        self.lock.lock().take();
    }

    // ---- the pump's side ---------------------------------------------------

    /// An add_torrent_alert: true when it was one of the restore's (then
    /// `torrent` names the handle it now has); false when it is not the
    /// restore's, or the restore failed (the event is then not delivered).
    pub(crate) fn restore_arrived(&self, s: &Arc<Session>, tag: i32, error: &str, failed: bool) -> Option<bool> {
        let mut r = self.restoring.lock();
        let key = r.pending.remove(&tag)?;
        let th = ffi::take_added(&s.lt, tag);
        let ok = !failed && !th.is_null();
        if ok {
            // a status at once (what the resume data says), in the cache
            // before the torrent is listed, so no host read waits on
            // libtorrent's network thread while the restore runs, and no
            // list of the torrents leaves it out
            let mut st = ffi::StatusData::default();
            if ffi::take_provisional(&s.lt, tag, &mut st) {
                self.marks.lock().insert(tag, Mark::of(&st));
                if st.progress_ppm >= 1_000_000 {
                    // every piece is in its resume data
                    self.quiet_finish.lock().insert(tag, Instant::now());
                }
                s.status.store(tag, &st, s.epoch.load(Ordering::SeqCst));
                // from now on libtorrent's statuses while it checks do not replace it
                self.provisional.lock().insert(tag);
            }
            s.index(tag, th, false);
            self.keys.lock().insert(tag, key);
            r.restored += 1;
        } else {
            TABLE.write().release(tag);
            s.user_data.lock().remove(&tag);
            post_error(s, &format!("stored torrent {key} could not be added back: {error} (it stays in the store)"));
        }
        drop(r);
        self.restore_cv.notify_all();
        Some(ok)
    }

    /// Every alert of a torrent the pump decoded (`torrent` is its handle).
    pub(crate) fn on_alert(&self, a: &ffi::AlertData, torrent: i32) {
        if torrent == 0 {
            return;
        }
        match a.lt_type {
            LT_SAVED => {
                self.send_for(torrent, |k| Op::Update { key: k, resume: a.blob.clone() });
                self.dirty.lock().remove(&torrent);
                self.idle.lock().remove(&torrent);
                self.done_waiting(torrent);
            }
            LT_REJECTED => {
                // checked from scratch: its finish will be news
                self.quiet_finish.lock().remove(&torrent);
            }
            LT_REMOVED => {
                self.forget(torrent);
                self.done_waiting(torrent);
            }
            LT_SAVE_FAILED => self.done_waiting(torrent),
            LT_FINISHED if self.quiet_finish.lock().remove(&torrent).is_some_and(|t| t.elapsed() < QUIET_FINISH) => {
                // a restored seed finishing its check: what the store holds
            }
            LT_METADATA | LT_PAUSED | LT_FINISHED | LT_MOVED | LT_RENAMED | LT_PRIO => {
                if !self.stopping.load(Ordering::SeqCst) {
                    request(torrent, false);
                }
            }
            _ => {}
        }
    }

    /// A torrent gone from the session: nothing of it is kept for saving.
    fn forget(&self, h: i32) {
        self.dirty.lock().remove(&h);
        self.idle.lock().remove(&h);
        self.marks.lock().remove(&h);
        self.quiet_finish.lock().remove(&h);
        self.provisional.lock().remove(&h);
    }

    fn done_waiting(&self, h: i32) {
        let mut aw = self.awaiting.lock();
        if aw.remove(&h) && aw.is_empty() {
            self.awaiting_cv.notify_all();
        }
    }

    /// True when `st`, libtorrent's status of restored torrent `h`, is to be
    /// dropped for the provisional one the cache has: libtorrent is still
    /// checking its resume data and says 0 bytes meanwhile.
    pub(crate) fn keeps_provisional(&self, h: i32, st: &ffi::StatusData) -> bool {
        let mut p = self.provisional.lock();
        if p.is_empty() || !p.contains(&h) {
            return false;
        }
        if st.state == CHECKING_RESUME_DATA {
            return true;
        }
        p.remove(&h);
        false
    }

    /// Statuses the pump received: which torrents need their resume saved
    /// (libtorrent says it changed, and its pieces or totals moved since
    /// the last save was queued).
    pub(crate) fn note_statuses(&self, s: &Session, statuses: &[ffi::StatusData]) {
        let (mut changed, mut idle) = (Vec::new(), Vec::new());
        {
            let mut marks = self.marks.lock();
            for st in statuses.iter().filter(|st| st.need_save_resume) {
                let h = s.resolve(st.torrent_id);
                let m = Mark::of(st);
                if h == 0 {
                    continue;
                }
                if marks.insert(h, m) != Some(m) {
                    changed.push(h);
                } else {
                    idle.push(h);
                }
            }
        }
        if !changed.is_empty() {
            self.dirty.lock().extend(changed);
        }
        if !idle.is_empty() {
            self.idle.lock().extend(idle);
        }
    }

    /// Called on every pump turn: the periodic save when it is due.
    pub(crate) fn tick(&self, s: &Session) {
        let now = Instant::now();
        {
            let mut next = self.next_periodic.lock();
            if now < *next || self.stopping.load(Ordering::SeqCst) {
                return;
            }
            *next = now + Duration::from_secs(self.interval.load(Ordering::SeqCst));
        }
        let mut due: HashSet<i32> = self.dirty.lock().drain().collect();
        if (self.ticks.fetch_add(1, Ordering::SeqCst) + 1) % IDLE_EVERY == 0 {
            due.extend(self.idle.lock().drain());
        }
        for h in due {
            request(h, true);
        }
        if let Ok(state) = s.save_state() {
            let mut last = self.last_state.lock();
            if *last != state {
                last.clone_from(&state);
                self.send(Op::State(state));
            }
        }
    }
}

/// The restore thread: every stored torrent back, in the order they were
/// first added, without the host waiting.
fn restore(s: Arc<Session>, d: Arc<Durable>) {
    struct Done<'a>(&'a AtomicBool);
    impl Drop for Done<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }
    let _done = Done(&d.restore_done);
    let stopping = || d.stopping.load(Ordering::SeqCst) || s.stop.load(Ordering::SeqCst);
    let reader = match store::Reader::open(&d.path) {
        Ok(r) => r,
        Err(e) => {
            post_error(&s, &format!("cannot read the stored torrents: {}", e.message()));
            post(&s, BTX_EVENT_RESTORE_FINISHED, |r| {
                r.int(BTX_EVKEY_COUNT, 0);
            });
            return;
        }
    };
    let mut users = reader.user_data().unwrap_or_else(|e| {
        post_error(&s, &format!("cannot read the stored user data: {}", e.message()));
        HashMap::new()
    });
    let lim = crate::limits::ffi_limits();
    let read = reader.torrents(|key, resume| {
        if stopping() {
            return false;
        }
        let params = match ffi::parse_resume(&resume, &lim) {
            Ok(p) => p,
            Err(e) => {
                post_error(&s, &format!("stored torrent {key}: unreadable resume data ({}); it stays in the store", Error::from(e).message()));
                return true;
            }
        };
        {
            let mut r = d.restoring.lock();
            while r.pending.len() >= MAX_IN_FLIGHT {
                if stopping() {
                    return false;
                }
                d.restore_cv.wait_for(&mut r, Duration::from_millis(50));
            }
        }
        let Some(h) = TABLE.write().reserve() else {
            post_error(&s, "handle table full: the rest of the stored torrents stay in the store");
            return false;
        };
        if let Some(u) = users.remove(&key) {
            s.user_data.lock().insert(h, u);
        }
        d.restoring.lock().pending.insert(h, key.clone());
        if let Err(e) = ffi::async_add(&s.lt, params, h) {
            if d.restoring.lock().pending.remove(&h).is_some() {
                TABLE.write().release(h);
                s.user_data.lock().remove(&h);
            }
            post_error(&s, &format!("stored torrent {key} could not be added back: {}", Error::from(e).message()));
        }
        true
    });
    if let Err(e) = read {
        post_error(&s, &format!("reading the stored torrents failed: {}", e.message()));
    }
    let deadline = Instant::now() + Duration::from_secs(300);
    let restored = {
        let mut r = d.restoring.lock();
        while !r.pending.is_empty() && !stopping() && Instant::now() < deadline {
            d.restore_cv.wait_for(&mut r, Duration::from_millis(50));
        }
        r.restored
    };
    // the restore ends once every torrent has its status too (the pump
    // brings it within a status period or so; bounded)
    let deadline = Instant::now() + Duration::from_secs(30);
    while !stopping() && Instant::now() < deadline {
        let order = s.torrents.read().order.clone();
        if s.status.all_present(&order) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // records the restore's own events made stale (torrentFinished of every
    // restored seed) are fetched here, so the host's first bulk read after
    // the restore does not wait on libtorrent for thousands of them
    // (again while the checks of resume data still end and mark more
    // stale, bounded)
    let deadline = Instant::now() + Duration::from_secs(5);
    while !stopping() && Instant::now() < deadline {
        let order = s.torrents.read().order.clone();
        let missing = s.status.missing(&order);
        // in one call however few: a torrent's own status read serves the
        // cache while the restore runs, so it would refresh nothing
        if missing.is_empty() || s.fetch_statuses_at_once(&missing).is_err() {
            break;
        }
        // a status period: each round is a bulk fetch the host's reads
        // share locks with
        std::thread::sleep(crate::status::STATUS_PERIOD);
    }
    if !stopping() {
        post(&s, BTX_EVENT_RESTORE_FINISHED, |r| {
            r.int(BTX_EVKEY_COUNT, restored as i64);
        });
    }
}

/// User data of a torrent, for the docs' sake: a BTreeMap keeps keys sorted.
pub type UserData = BTreeMap<String, String>;
