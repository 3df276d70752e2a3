//! Creating torrents: btx_create_torrent (v8: validation, then libtorrent's
//! create_torrent), and beyond v8 every option of libtorrent's creator as a
//! key/value list, synchronously or on a thread of ours with progress events
//! and cancel.

use crate::boundary::OutBuf;
use crate::bridge::ffi;
use crate::error::{invalid, Result};
use std::os::raw::c_int;
use crate::boundary::firewall;
use crate::error::over_limit;
use crate::kvlist;
use crate::record::{put_len, Record};
use crate::registry::*;
use crate::session::Session;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, LazyLock, Weak};
use std::time::{Duration, Instant};

/// btx_create_torrent (v8): a .torrent of `path` into `out`; a size query
/// keeps the result for the next call (oneshot.rs).
pub fn create_into(out: &mut OutBuf, path: &str, piece_size: i32, flags: i32, trackers: &str) -> Result<c_int> {
    if path.is_empty() {
        return Err(invalid("content_path is empty"));
    }
    if piece_size != 0 && (piece_size < 16384 || (piece_size & (piece_size - 1)) != 0) {
        return Err(invalid(format!("piece_size {piece_size}: use 0 (auto) or a power of two >= 16384")));
    }
    let key = format!("create\0{path}\0{piece_size}\0{flags}\0{trackers}");
    crate::oneshot::deliver(out, key, || {
        let urls: Vec<String> =
            trackers.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        let (trimmed, parent) = content_and_parent(path);
        Ok(ffi::create_torrent(&trimmed, &parent, piece_size, flags as u32, &urls)?)
    })
}

// ==== beyond v8 (issue 12): every option, progress, cancel =================


/// The keys `btx_create_torrent_with` and `btx_create_start` know.
pub const CREATE_KEYS: &[&str] = &[
    "path", "type", "pieceSize", "private", "comment", "creator", "creationDate", "webSeed", "dhtNode", "tracker",
    "dotFiles", "symlinks",
];

/// libtorrent's create_flags_t bits we use.
const CREATE_SYMLINKS: u32 = 8;
const CREATE_V2_ONLY: u32 = 32;
const CREATE_V1_ONLY: u32 = 64;

/// The shortest time between two createProgress events of one job.
const PROGRESS_PERIOD: Duration = Duration::from_millis(100);

/// The file or folder to hash, and the folder its data is read relative to
/// (the torrent is named after the last path component).
fn content_and_parent(path: &str) -> (String, String) {
    let trimmed = path.trim_end_matches('/');
    let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
    let parent = match std::path::Path::new(trimmed).parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_string_lossy().into_owned(),
        _ => ".".to_owned(),
    };
    (trimmed.to_owned(), parent)
}

/// A decoded creation: every option, checked.
pub struct CreateRequest {
    /// what libtorrent takes as it is
    pub options: ffi::CreateOptions,
}

impl CreateRequest {
    /// Decodes a creation's key/value list (docs/api-reference.md,
    /// "Creating torrents"). `path` is required; the rest default to
    /// libtorrent's defaults (hybrid, automatic piece size, creation date
    /// now, dot files included, symlinks followed).
    pub fn parse(text: &str) -> Result<CreateRequest> {
        let mut o = ffi::CreateOptions {
            path: String::new(),
            parent: String::new(),
            piece_size: 0,
            flags: 0,
            is_private: false,
            comment: String::new(),
            creator: String::new(),
            creation_date: now(),
            web_seeds: Vec::new(),
            node_hosts: Vec::new(),
            node_ports: Vec::new(),
            trackers: Vec::new(),
            tiers: Vec::new(),
            skip_dot_files: false,
        };
        let mut seen: Vec<(&str, usize)> = Vec::new();
        for item in kvlist::parse(text)? {
            if !CREATE_KEYS.contains(&item.key) {
                return Err(invalid(format!(
                    "line {}: unknown key '{}' (a creation knows {})",
                    item.line,
                    kvlist::shorten(item.key),
                    CREATE_KEYS.join(", ")
                )));
            }
            if !matches!(item.key, "webSeed" | "dhtNode" | "tracker") {
                if let Some((_, at)) = seen.iter().find(|(k, _)| *k == item.key) {
                    return Err(item.bad(format!("given twice (first on line {at})")));
                }
                seen.push((item.key, item.line));
            }
            match item.key {
                "path" => {
                    let (content, parent) = content_and_parent(item.text()?);
                    o.path = content;
                    o.parent = parent;
                }
                "type" => {
                    o.flags = (o.flags & !(CREATE_V1_ONLY | CREATE_V2_ONLY))
                        | [0, CREATE_V1_ONLY, CREATE_V2_ONLY][item.choice(&["hybrid", "v1", "v2"])?]
                }
                "pieceSize" => {
                    let n = item.int(0, 1 << 30)? as i32;
                    if n != 0 && (n < 16384 || n & (n - 1) != 0) {
                        return Err(item.bad(format!("{n}: use 0 (automatic) or a power of two >= 16384")));
                    }
                    o.piece_size = n;
                }
                "private" => o.is_private = item.flag()?,
                "comment" => o.comment = item.value.to_owned(),
                "creator" => o.creator = item.value.to_owned(),
                "creationDate" => {
                    o.creation_date = match item.int(0, i64::MAX)? {
                        0 => 0,
                        1 => now(),
                        t => t,
                    }
                }
                "webSeed" => {
                    if o.web_seeds.len() as u64 >= crate::limits::MAX_WEB_SEEDS {
                        return Err(over_limit(format!("line {}: more than {} web seeds", item.line, crate::limits::MAX_WEB_SEEDS)));
                    }
                    let url = item.text()?;
                    if url.contains(char::is_whitespace) {
                        return Err(item.bad(format!("'{}' is not a URL", kvlist::shorten(url))));
                    }
                    o.web_seeds.push(url.to_owned());
                }
                "dhtNode" => {
                    if o.node_hosts.len() as u64 >= crate::limits::MAX_PEERS {
                        return Err(over_limit(format!("line {}: more than {} DHT nodes", item.line, crate::limits::MAX_PEERS)));
                    }
                    let (host, port) = kvlist::host_port(&item)?;
                    o.node_hosts.push(host);
                    o.node_ports.push(port as i32);
                }
                "tracker" => {
                    if o.trackers.len() as u64 >= crate::limits::MAX_TRACKERS {
                        return Err(over_limit(format!("line {}: more than {} trackers", item.line, crate::limits::MAX_TRACKERS)));
                    }
                    let (url, tier) = kvlist::tracker(&item)?;
                    o.trackers.push(url);
                    o.tiers.push(tier);
                }
                "dotFiles" => o.skip_dot_files = item.choice(&["include", "skip"])? == 1,
                "symlinks" => {
                    if item.choice(&["follow", "store"])? == 1 {
                        o.flags |= CREATE_SYMLINKS;
                    } else {
                        o.flags &= !CREATE_SYMLINKS;
                    }
                }
                _ => unreachable!("every key of CREATE_KEYS is handled"),
            }
        }
        if o.path.is_empty() {
            return Err(invalid("path is missing: name the file or folder to make a torrent of"));
        }
        Ok(CreateRequest { options: o })
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A creation in progress. The C++ progress callback gets it back after
/// every piece; a synchronous creation has no session and never cancels.
pub struct CreateJob {
    id: i32,
    session: Option<Weak<Session>>,
    cancel: AtomicBool,
    last_progress: Mutex<Option<Instant>>,
}

impl CreateJob {
    /// True once the host cancelled the job or its session went away.
    fn cancelled(&self) -> bool {
        if self.cancel.load(Ordering::SeqCst) {
            return true;
        }
        match &self.session {
            None => false,
            Some(w) => w.upgrade().map_or(true, |s| s.stop.load(Ordering::SeqCst)),
        }
    }

    /// Queues one of the job's events, if the session still runs and the
    /// host has not turned the event off (on by default), waking waiters.
    fn post(&self, ev: Box<[u8]>) {
        if let Some(s) = self.session.as_ref().and_then(Weak::upgrade) {
            let code = u16::from_be_bytes([ev[0], ev[1]]);
            if !s.stop.load(Ordering::SeqCst) && s.event_enabled(code as i32) {
                s.push_events(vec![ev], 0);
            }
        }
    }
}

/// An event of ours in its wire form (`[code:u16][bodyLen][kvrecord]`).
pub(crate) fn own_event(code: u16, f: impl FnOnce(&mut Record)) -> Box<[u8]> {
    let mut body = Vec::with_capacity(64);
    let mut r = Record::begin(&mut body);
    f(&mut r);
    r.finish();
    let mut ev = Vec::with_capacity(body.len() + 8);
    ev.extend_from_slice(&code.to_be_bytes());
    put_len(&mut ev, body.len());
    ev.extend_from_slice(&body);
    ev.into_boxed_slice()
}

/// Called by create.cpp on the creating thread after each piece: posts a
/// throttled createProgress and says whether to go on. Must not panic (it
/// runs under a C++ frame).
fn progress(job: &CreateJob, done: i32, total: i32) -> bool {
    if job.cancelled() {
        return false;
    }
    if job.session.is_some() {
        let now = Instant::now();
        let mut last = job.last_progress.lock();
        if done >= total || last.map_or(true, |t| now.duration_since(t) >= PROGRESS_PERIOD) {
            *last = Some(now);
            drop(last);
            job.post(own_event(BTX_EVENT_CREATE_PROGRESS, |r| {
                r.int(BTX_META_JOB, job.id as i64).int(BTX_META_PIECES_DONE, done as i64).int(BTX_STATUS_NUM_PIECES, total as i64);
            }));
        }
    }
    true
}

/// Makes a .torrent as `req` says, in the calling thread.
pub fn create_torrent_with(req: &CreateRequest) -> Result<Vec<u8>> {
    let job = CreateJob { id: 0, session: None, cancel: AtomicBool::new(false), last_progress: Mutex::new(None) };
    Ok(ffi::create_with(&req.options, &job, progress)?)
}

static JOBS: LazyLock<Mutex<HashMap<(i32, i32), Arc<CreateJob>>>> = LazyLock::new(Default::default);
static NEXT_JOB: AtomicI32 = AtomicI32::new(1);

impl Session {
    /// Starts making a .torrent on a thread of ours and returns the job id
    /// (> 0). createProgress events follow, then createFinished with the
    /// bytes, or createFailed (also after btx_create_cancel, or when the
    /// session is freed first).
    pub fn create_start(self: &Arc<Self>, req: CreateRequest) -> Result<i32> {
        let id = NEXT_JOB.fetch_add(1, Ordering::SeqCst);
        let job = Arc::new(CreateJob {
            id,
            session: Some(Arc::downgrade(self)),
            cancel: AtomicBool::new(false),
            last_progress: Mutex::new(None),
        });
        let key = (self.handle, id);
        JOBS.lock().insert(key, job.clone());
        let worker = job.clone();
        let spawned = std::thread::Builder::new().name(format!("btx-create-{id}")).spawn(move || run_job(worker, req, key));
        if let Err(e) = spawned {
            JOBS.lock().remove(&key);
            return Err(crate::error::Error::Generic(format!("cannot start the creation thread: {e}")));
        }
        Ok(id)
    }

    /// Cancels a running creation job of this session; its createFailed
    /// event (cancelled 1) follows once the hashing threads have stopped.
    pub fn create_cancel(&self, job: i32) -> Result<()> {
        match JOBS.lock().get(&(self.handle, job)) {
            Some(j) => {
                j.cancel.store(true, Ordering::SeqCst);
                Ok(())
            }
            None => Err(invalid(format!("no creation job {job} is running in this session"))),
        }
    }
}

fn run_job(job: Arc<CreateJob>, req: CreateRequest, key: (i32, i32)) {
    let made = firewall(|| Ok(ffi::create_with(&req.options, &job, progress)?));
    // cancelled before the result is posted, so a cancel racing the last
    // piece either wins or finds no job
    JOBS.lock().remove(&key);
    let ev = match made {
        Ok(bytes) => {
            let meta = crate::metainfo::parse_torrent(&bytes).and_then(|p| crate::metainfo::describe(&p)).unwrap_or_default();
            own_event(BTX_EVENT_CREATE_FINISHED, |r| {
                r.int(BTX_META_JOB, job.id as i64).raw(BTX_META_TORRENT_FILE, &bytes);
                r.hex(BTX_STATUS_INFO_HASH_V1, if meta.has_v1 { &meta.v1 } else { &[] });
                r.hex(BTX_STATUS_INFO_HASH_V2, if meta.has_v2 { &meta.v2 } else { &[] });
                r.int(BTX_STATUS_NUM_PIECES, meta.num_pieces as i64);
            })
        }
        Err(e) => {
            let cancelled = job.cancelled();
            own_event(BTX_EVENT_CREATE_FAILED, |r| {
                r.int(BTX_META_JOB, job.id as i64)
                    .utf8(BTX_EVKEY_ERROR_MESSAGE, &e.message())
                    .int(BTX_META_CANCELLED, cancelled as i64);
            })
        }
    };
    job.post(ev);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_decode() {
        let r = CreateRequest::parse(
            "path=/tmp/x/\ntype=v1\npieceSize=32768\nprivate=1\ncomment=c=1\ncreator=me\ncreationDate=0\n\
             webSeed=http://127.0.0.1/w\ndhtNode=127.0.0.1:6881\ntracker=1 http://127.0.0.1/a\ndotFiles=skip\nsymlinks=store",
        )
        .unwrap();
        let o = &r.options;
        assert_eq!((o.path.as_str(), o.parent.as_str()), ("/tmp/x", "/tmp"));
        assert_eq!(o.flags, CREATE_V1_ONLY | CREATE_SYMLINKS);
        assert_eq!((o.piece_size, o.is_private, o.creation_date), (32768, true, 0));
        assert_eq!((o.comment.as_str(), o.creator.as_str()), ("c=1", "me"));
        assert_eq!((o.node_hosts[0].as_str(), o.node_ports[0]), ("127.0.0.1", 6881));
        assert_eq!((o.trackers[0].as_str(), o.tiers[0]), ("http://127.0.0.1/a", 1));
        assert!(o.skip_dot_files);
        let d = CreateRequest::parse("path=f").unwrap().options;
        assert_eq!((d.flags, d.parent.as_str()), (0, "."));
        assert!(d.creation_date > 1_600_000_000);
        assert_eq!(CreateRequest::parse("path=f\ncreationDate=1234567890").unwrap().options.creation_date, 1234567890);
    }

    #[test]
    fn bad_options_are_named() {
        let e = |t| CreateRequest::parse(t).err().map(|e| e.message()).unwrap_or_default();
        assert!(e("type=v1").contains("path is missing"));
        assert!(e("path=f\ntype=v3").contains("line 2 (type)"));
        assert!(e("path=f\npieceSize=1000").contains("power of two"));
        assert!(e("path=f\npath=g").contains("given twice"));
        assert!(e("path=f\nsize=1").contains("unknown key 'size'"));
        assert!(e("path=f\ndhtNode=nope").contains("host:port"));
    }
}
