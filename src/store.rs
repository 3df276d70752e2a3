//! The state store of a durable session (docs/durability.md): one SQLite
//! file (WAL mode) holding the session's state (settings and DHT), every
//! torrent's resume data (with its metainfo) and the host's user data.
//!
//! One writer thread owns the read-write connection. Everything the
//! session wants stored reaches it over a channel and is committed in
//! batches: the host's thread and the alert pump only send. A batch that
//! cannot be committed (a full disk) stays queued in memory and is retried
//! every second; the session hears of the failure and of the recovery
//! through callbacks (storeError / storeRecovered events).
//!
//! Safety of the file: a file at the state path that is not a torrentxt
//! store (not SQLite, another application's SQLite, a newer schema) is
//! refused before SQLite opens it, and a store that fails its quick check
//! is refused without a write. One session at a time: an exclusive lock
//! on `<path>.lock` (flock), held for the store's life.

use crate::error::{Error, Result};
use rusqlite::{params, Connection, OpenFlags};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

/// SQLite's application_id of a torrentxt store: "BTXS".
pub(crate) const APPLICATION_ID: u32 = 0x4254_5853;
/// The schema this code writes (SQLite's user_version).
pub(crate) const SCHEMA_VERSION: u32 = 1;
/// How long a failed batch waits before it is retried.
const RETRY: Duration = Duration::from_secs(1);

const SCHEMA: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE session_state (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE torrents (
    info_hash TEXT PRIMARY KEY,
    resume BLOB NOT NULL,
    updated INTEGER NOT NULL
);
CREATE TABLE user_data (
    info_hash TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (info_hash, key)
);
";

fn store_err(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::Store(format!("state store {}: {what}", path.display()))
}

/// One change to the store.
#[derive(Debug)]
pub enum Op {
    /// a torrent added: insert, or replace its resume data
    Put {
        /// the torrent's store key
        key: String,
        /// its resume data
        resume: Vec<u8>,
    },
    /// fresh resume data: only for a torrent still in the store
    Update {
        /// the torrent's store key
        key: String,
        /// its resume data
        resume: Vec<u8>,
    },
    /// a torrent removed, with its user data
    Delete {
        /// the torrent's store key
        key: String,
    },
    /// a torrent's user-data key set
    UserSet {
        /// the torrent's store key
        key: String,
        /// the user-data key
        name: String,
        /// its value
        value: String,
    },
    /// a torrent's user-data key removed
    UserRemove {
        /// the torrent's store key
        key: String,
        /// the user-data key
        name: String,
    },
    /// the session's settings and DHT state (write_session_params_buf)
    State(Vec<u8>),
    /// one of torrentxt's own settings
    Meta {
        /// the setting
        key: String,
        /// its value
        value: String,
    },
}

/// What the session sends the writer thread.
pub enum Msg {
    /// a change
    Op(Op),
    /// commit what is queued, then answer (Err: the commit failed)
    Sync(Sender<std::result::Result<(), String>>),
    /// commit what is queued and end
    Stop,
}

/// What the writer tells the session.
pub trait Listener: Send + 'static {
    /// A commit failed (the store is kept in memory until one succeeds).
    fn failed(&self, message: &str);
    /// Commits succeed again.
    fn recovered(&self);
}

/// What opening found in the store.
pub struct Opened {
    /// the open database
    pub conn: Connection,
    /// the lock file, held while the store is open
    pub lock: File,
    /// the session's saved settings and DHT state
    pub state: Option<Vec<u8>>,
    /// torrentxt's own stored settings
    pub meta: HashMap<String, String>,
    /// how many torrents the store holds
    pub torrents: usize,
    /// the store was made by this open
    pub created: bool,
}

/// The lock file beside the store.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".lock");
    PathBuf::from(p)
}

/// Reads the first 100 bytes (SQLite's header) and refuses anything that
/// is not a torrentxt store this code can read. Ok(false): no file, or an
/// empty one (a new store).
fn check_header(path: &Path) -> Result<bool> {
    let mut f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(store_err(path, format!("cannot read it: {e}"))),
    };
    let meta = f.metadata().map_err(|e| store_err(path, e))?;
    if meta.is_dir() {
        return Err(store_err(path, "is a directory, not a file"));
    }
    let mut head = Vec::with_capacity(100);
    (&mut f).take(100).read_to_end(&mut head).map_err(|e| store_err(path, format!("cannot read it: {e}")))?;
    if head.is_empty() {
        return Ok(false);
    }
    let refuse = |why: String| Err(store_err(path, format!("{why}; refused, the file is left as it is")));
    if head.len() < 100 || &head[..16] != b"SQLite format 3\0" {
        return refuse("is not a torrentxt state store (not an SQLite database: corrupted or another kind of file)".into());
    }
    let be32 = |o: usize| u32::from_be_bytes([head[o], head[o + 1], head[o + 2], head[o + 3]]);
    let app = be32(68);
    if app != APPLICATION_ID {
        return refuse(format!("is an SQLite database of another application (application_id {app:#010x}, torrentxt's is {APPLICATION_ID:#010x})"));
    }
    let version = be32(60);
    if version == 0 || version > SCHEMA_VERSION {
        return refuse(format!("has schema version {version}; this torrentxt reads version {SCHEMA_VERSION}"));
    }
    Ok(true)
}

/// Locks, checks and opens (or creates) the store at `path`.
pub fn open(path: &Path) -> Result<Opened> {
    // a file that is not a store is refused before anything is created
    // beside it (no stray lock file); checked again under the lock
    check_header(path)?;
    let lock = File::options()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(lock_path(path))
        .map_err(|e| store_err(path, format!("cannot create its lock file: {e}")))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            return Err(store_err(path, "is in use by another session (in this process or another); one store serves one session"))
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(store_err(path, format!("cannot lock it: {e}"))),
    }
    let exists = check_header(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| store_err(path, e))?;
    let sql = |e: rusqlite::Error| store_err(path, e);
    conn.busy_timeout(Duration::from_secs(2)).map_err(sql)?;
    if !exists {
        // the header (application_id, user_version) and the schema are
        // written in rollback mode, straight into the file, so the file
        // names itself a torrentxt store before WAL mode is on
        // one transaction: a kill during creation leaves an empty file (or a
        // hot journal SQLite rolls back), never a half-named one
        conn.execute_batch(&format!(
            "BEGIN; PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};
             {SCHEMA} COMMIT;"
        ))
        .map_err(sql)?;
    } else {
        let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(|e| {
            store_err(path, format!("is corrupted ({e}); refused, the file is left as it is"))
        })?;
        if ok != "ok" {
            return Err(store_err(path, format!("is corrupted ({ok}); refused, the file is left as it is")));
        }
        let mut have = HashSet::new();
        {
            let mut st = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").map_err(sql)?;
            let names = st.query_map([], |r| r.get::<_, String>(0)).map_err(sql)?;
            for n in names {
                have.insert(n.map_err(sql)?);
            }
        }
        for t in ["meta", "session_state", "torrents", "user_data"] {
            if !have.contains(t) {
                return Err(store_err(path, format!("has no table '{t}' (damaged); refused, the file is left as it is")));
            }
        }
    }
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(sql)?;
    if mode != "wal" {
        return Err(store_err(path, format!("cannot use WAL mode (got '{mode}')")));
    }
    // a commit reaches the operating system (survives the process being
    // killed); checkpoints fsync
    conn.execute_batch("PRAGMA synchronous = NORMAL;").map_err(sql)?;
    let state = conn
        .query_row("SELECT value FROM session_state WHERE key = 'state'", [], |r| r.get::<_, Vec<u8>>(0))
        .map(Some)
        .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })
        .map_err(sql)?;
    let mut meta = HashMap::new();
    {
        let mut st = conn.prepare("SELECT key, value FROM meta").map_err(sql)?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(sql)?;
        for row in rows {
            let (k, v) = row.map_err(sql)?;
            meta.insert(k, v);
        }
    }
    let torrents: i64 = conn.query_row("SELECT count(*) FROM torrents", [], |r| r.get(0)).map_err(sql)?;
    Ok(Opened { conn, lock, state, meta, torrents: torrents as usize, created: !exists })
}

/// A read-only view for the restore: the user data, then the torrents in
/// the order they were first added.
pub struct Reader {
    conn: Connection,
    path: PathBuf,
}

impl Reader {
    /// Opens a store read-only.
    pub fn open(path: &Path) -> Result<Reader> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| store_err(path, e))?;
        Ok(Reader { conn, path: path.to_owned() })
    }

    /// Every torrent's user data, by store key.
    pub fn user_data(&self) -> Result<HashMap<String, BTreeMap<String, String>>> {
        let sql = |e: rusqlite::Error| store_err(&self.path, e);
        let mut st = self.conn.prepare("SELECT info_hash, key, value FROM user_data").map_err(sql)?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
            .map_err(sql)?;
        let mut out: HashMap<String, BTreeMap<String, String>> = HashMap::new();
        for row in rows {
            let (h, k, v) = row.map_err(sql)?;
            out.entry(h).or_default().insert(k, v);
        }
        Ok(out)
    }

    /// Calls `f` with each torrent's key and resume data; `f` returns
    /// false to stop.
    pub fn torrents(&self, mut f: impl FnMut(String, Vec<u8>) -> bool) -> Result<()> {
        let sql = |e: rusqlite::Error| store_err(&self.path, e);
        let mut st = self.conn.prepare("SELECT info_hash, resume FROM torrents ORDER BY rowid").map_err(sql)?;
        let mut rows = st.query([]).map_err(sql)?;
        while let Some(r) = rows.next().map_err(sql)? {
            let key: String = r.get(0).map_err(sql)?;
            let resume: Vec<u8> = r.get(1).map_err(sql)?;
            if !f(key, resume) {
                break;
            }
        }
        Ok(())
    }
}

/// The writer thread: started with the connection `open` returned.
pub fn spawn_writer(conn: Connection, rx: Receiver<Msg>, listener: Box<dyn Listener>, name: String) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new().name(name).spawn(move || Writer { conn, pending: Vec::new(), failing: false, listener }.run(rx))
}

struct Writer {
    conn: Connection,
    pending: Vec<Op>,
    failing: bool,
    listener: Box<dyn Listener>,
}

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

impl Writer {
    fn run(mut self, rx: Receiver<Msg>) {
        let mut stop = false;
        while !stop {
            let first = if self.pending.is_empty() {
                match rx.recv() {
                    Ok(m) => Some(m),
                    Err(_) => break,
                }
            } else {
                // a failed batch waits: retry after RETRY unless more comes
                match rx.recv_timeout(RETRY) {
                    Ok(m) => Some(m),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => {
                        stop = true;
                        None
                    }
                }
            };
            let mut syncs = Vec::new();
            let mut take = |m: Msg, pending: &mut Vec<Op>, stop: &mut bool| match m {
                Msg::Op(op) => pending.push(op),
                Msg::Sync(tx) => syncs.push(tx),
                Msg::Stop => *stop = true,
            };
            if let Some(m) = first {
                take(m, &mut self.pending, &mut stop);
            }
            // everything already queued goes into the same transaction
            while let Ok(m) = rx.try_recv() {
                take(m, &mut self.pending, &mut stop);
            }
            let result = self.commit();
            for tx in syncs {
                let _ = tx.send(result.clone());
            }
        }
        // last attempt, then fold the WAL back into the file
        let _ = self.commit();
        let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
    }

    /// Drops updates a later change of the same torrent makes moot.
    fn coalesce(&mut self) {
        let mut seen: HashSet<String> = HashSet::new();
        let mut keep = vec![true; self.pending.len()];
        for (i, op) in self.pending.iter().enumerate().rev() {
            match op {
                Op::Update { key, .. } => {
                    if !seen.insert(key.clone()) {
                        keep[i] = false;
                    }
                }
                Op::Put { key, .. } | Op::Delete { key } => {
                    seen.insert(key.clone());
                }
                _ => {}
            }
        }
        let mut i = 0;
        self.pending.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }

    fn commit(&mut self) -> std::result::Result<(), String> {
        if self.pending.is_empty() {
            return if self.failing { Err("the store could not be written".into()) } else { Ok(()) };
        }
        self.coalesce();
        match self.apply() {
            Ok(()) => {
                self.pending.clear();
                if self.failing {
                    self.failing = false;
                    self.listener.recovered();
                }
                Ok(())
            }
            Err(e) => {
                let msg = format!("cannot write the state store: {e} (kept in memory, retried every second)");
                if !self.failing {
                    self.failing = true;
                    self.listener.failed(&msg);
                }
                Err(msg)
            }
        }
    }

    fn apply(&mut self) -> rusqlite::Result<()> {
        let now = unix_now();
        let tx = self.conn.transaction()?;
        for op in &self.pending {
            match op {
                Op::Put { key, resume } => {
                    tx.prepare_cached(
                        "INSERT INTO torrents (info_hash, resume, updated) VALUES (?1, ?2, ?3)
                         ON CONFLICT (info_hash) DO UPDATE SET resume = excluded.resume, updated = excluded.updated",
                    )?
                    .execute(params![key, resume, now])?;
                }
                Op::Update { key, resume } => {
                    tx.prepare_cached("UPDATE torrents SET resume = ?2, updated = ?3 WHERE info_hash = ?1")?
                        .execute(params![key, resume, now])?;
                }
                Op::Delete { key } => {
                    tx.prepare_cached("DELETE FROM torrents WHERE info_hash = ?1")?.execute(params![key])?;
                    tx.prepare_cached("DELETE FROM user_data WHERE info_hash = ?1")?.execute(params![key])?;
                }
                Op::UserSet { key, name, value } => {
                    tx.prepare_cached("INSERT OR REPLACE INTO user_data (info_hash, key, value) VALUES (?1, ?2, ?3)")?
                        .execute(params![key, name, value])?;
                }
                Op::UserRemove { key, name } => {
                    tx.prepare_cached("DELETE FROM user_data WHERE info_hash = ?1 AND key = ?2")?.execute(params![key, name])?;
                }
                Op::State(blob) => {
                    tx.prepare_cached("INSERT OR REPLACE INTO session_state (key, value) VALUES ('state', ?1)")?
                        .execute(params![blob])?;
                }
                Op::Meta { key, value } => {
                    tx.prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?.execute(params![key, value])?;
                }
            }
        }
        tx.commit()
    }
}

/// The channel end the session sends on.
pub type Tx = Sender<Msg>;

/// A channel to the writer thread.
pub fn channel() -> (Tx, Receiver<Msg>) {
    mpsc::channel()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Quiet;
    impl Listener for Quiet {
        fn failed(&self, _: &str) {}
        fn recovered(&self) {}
    }

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("btx-store-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d.join("state.db")
    }

    #[test]
    fn writes_reopens_and_locks() {
        let p = tmp("basic");
        let o = open(&p).unwrap();
        assert!(o.created);
        assert!(matches!(open(&p), Err(Error::Store(m)) if m.contains("in use")));
        let (tx, rx) = channel();
        let w = spawn_writer(o.conn, rx, Box::new(Quiet), "t".into()).unwrap();
        tx.send(Msg::Op(Op::Put { key: "aa".into(), resume: b"d1:ai1ee".to_vec() })).unwrap();
        tx.send(Msg::Op(Op::UserSet { key: "aa".into(), name: "tag".into(), value: "x".into() })).unwrap();
        tx.send(Msg::Op(Op::Update { key: "bb".into(), resume: b"de".to_vec() })).unwrap();
        tx.send(Msg::Stop).unwrap();
        w.join().unwrap();
        drop(o.lock);
        let o = open(&p).unwrap();
        assert!(!o.created);
        assert_eq!(o.torrents, 1);
        let r = Reader::open(&p).unwrap();
        assert_eq!(r.user_data().unwrap()["aa"]["tag"], "x");
    }

    #[test]
    fn foreign_files_are_refused_untouched() {
        for (name, bytes) in [("rand", vec![7u8; 5000]), ("short", b"SQLite format 3\0".to_vec())] {
            let p = tmp(name);
            std::fs::write(&p, &bytes).unwrap();
            assert!(matches!(open(&p), Err(Error::Store(_))));
            assert_eq!(std::fs::read(&p).unwrap(), bytes);
        }
        let p = tmp("other-app");
        Connection::open(&p).unwrap().execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('hi');").unwrap();
        let before = std::fs::read(&p).unwrap();
        let e = open(&p).err().unwrap();
        assert!(e.message().contains("another application"), "{}", e.message());
        assert_eq!(std::fs::read(&p).unwrap(), before);
    }
}
