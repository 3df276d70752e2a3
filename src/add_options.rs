//! One add with every option (`btx_add`): the source (.torrent bytes,
//! resume data, a magnet link or a bare info-hash) plus options given as a
//! key/value list (src/kvlist.rs). The v8 add functions are thin wrappers of
//! the same path (`Session::add`).
//!
//! Everything here runs in the caller's thread before the session's add lock
//! is taken: the options are decoded and checked, the source is parsed
//! against the documented limits, and only then does libtorrent see them.

use crate::bridge::ffi;
use crate::error::{invalid, over_limit, Result};
use crate::kvlist::{self, Item};
use crate::limits::{MAX_PEERS, MAX_TRACKERS, MAX_WEB_SEEDS};
use crate::record::from_hex;
use crate::registry::{BTX_FLAG_DEFAULT_DONT_DOWNLOAD, BTX_FLAG_UPLOAD_MODE};
use crate::session::Session;
use std::sync::Arc;

/// libtorrent's value of "leave it as the source says".
const KEEP: i32 = i32::MIN;

/// What is added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// .torrent bytes (the data buffer)
    Torrent,
    /// resume data (the data buffer)
    Resume,
    /// a magnet link (`magnet=`)
    Magnet,
    /// a bare v1 and/or v2 info-hash (`infoHash=`); the swarm supplies the
    /// metadata
    InfoHash,
}

/// A decoded add: the source and every option, checked.
pub struct AddRequest {
    /// what is added
    pub source: SourceKind,
    /// `magnet=`
    pub magnet: String,
    /// `infoHash=` of 40 hex
    pub v1: Vec<u8>,
    /// `infoHash=` of 64 hex
    pub v2: Vec<u8>,
    /// `filePriorities=` and `filePriority=`: (index, priority, line)
    pub file_priorities: Vec<(usize, u8, usize)>,
    /// everything libtorrent takes as it is
    pub options: ffi::AddOptions,
}

/// The keys `btx_add` knows, for the error about an unknown one.
pub const ADD_KEYS: &[&str] = &[
    "source", "magnet", "infoHash", "savePath", "name", "tracker", "peer", "webSeed", "filePriorities",
    "filePriority", "flags", "mask", "downloadLimit", "uploadLimit", "maxConnections", "maxUploads", "storageMode",
];

impl Default for AddRequest {
    fn default() -> Self {
        AddRequest {
            source: SourceKind::Torrent,
            magnet: String::new(),
            v1: Vec::new(),
            v2: Vec::new(),
            file_priorities: Vec::new(),
            options: ffi::AddOptions {
                save_path: String::new(),
                name: String::new(),
                trackers: Vec::new(),
                tiers: Vec::new(),
                peer_ips: Vec::new(),
                peer_ports: Vec::new(),
                web_seeds: Vec::new(),
                file_priorities: Vec::new(),
                flags: 0,
                mask: 0,
                download_limit: KEEP,
                upload_limit: KEEP,
                max_connections: KEEP,
                max_uploads: KEEP,
                storage_mode: -1,
            },
        }
    }
}

fn priority(item: &Item, s: &str) -> Result<u8> {
    s.parse::<u8>().ok().filter(|p| *p <= 7).ok_or_else(|| item.bad(format!("priority '{}' is not in 0..7", kvlist::shorten(s))))
}

impl AddRequest {
    /// Decodes `options` for an add whose data buffer is `data` (empty when
    /// the host passed none). Unknown keys, malformed values, a key given
    /// twice that takes one value, and a source that contradicts the other
    /// arguments are refused, naming the line.
    pub fn parse(options: &str, data: &[u8]) -> Result<AddRequest> {
        let mut req = AddRequest::default();
        let mut source: Option<SourceKind> = None;
        let mut seen: Vec<(&str, usize)> = Vec::new();
        let items = kvlist::parse(options)?;
        for item in &items {
            if !ADD_KEYS.contains(&item.key) {
                return Err(invalid(format!(
                    "line {}: unknown key '{}' (btx_add knows {})",
                    item.line,
                    kvlist::shorten(item.key),
                    ADD_KEYS.join(", ")
                )));
            }
            let repeatable = matches!(item.key, "tracker" | "peer" | "webSeed" | "filePriority" | "infoHash");
            if !repeatable {
                if let Some((_, at)) = seen.iter().find(|(k, _)| *k == item.key) {
                    return Err(item.bad(format!("given twice (first on line {at})")));
                }
                seen.push((item.key, item.line));
            }
            let o = &mut req.options;
            match item.key {
                "source" => {
                    source = Some(
                        [SourceKind::Torrent, SourceKind::Resume, SourceKind::Magnet, SourceKind::InfoHash]
                            [item.choice(&["torrent", "resume", "magnet", "infohash"])?],
                    )
                }
                "magnet" => req.magnet = item.text()?.to_owned(),
                "infoHash" => {
                    let h = from_hex(item.value)
                        .filter(|h| h.len() == 20 || h.len() == 32)
                        .ok_or_else(|| item.bad(format!("'{}' is not 40 or 64 hex digits", kvlist::shorten(item.value))))?;
                    let slot = if h.len() == 20 { &mut req.v1 } else { &mut req.v2 };
                    if !slot.is_empty() {
                        return Err(item.bad(format!("a second v{} info-hash", if h.len() == 20 { 1 } else { 2 })));
                    }
                    *slot = h;
                }
                "savePath" => o.save_path = item.text()?.to_owned(),
                "name" => o.name = item.text()?.to_owned(),
                "tracker" => {
                    if o.trackers.len() as u64 >= MAX_TRACKERS {
                        return Err(over_limit(format!("line {}: more than {MAX_TRACKERS} trackers", item.line)));
                    }
                    let (url, tier) = kvlist::tracker(item)?;
                    o.trackers.push(url);
                    o.tiers.push(tier);
                }
                "peer" => {
                    if o.peer_ips.len() as u64 >= MAX_PEERS {
                        return Err(over_limit(format!("line {}: more than {MAX_PEERS} peers", item.line)));
                    }
                    let (host, port) = kvlist::host_port(item)?;
                    if host.parse::<std::net::IpAddr>().is_err() {
                        return Err(item.bad(format!("'{}' is not an IP address", kvlist::shorten(&host))));
                    }
                    o.peer_ips.push(host);
                    o.peer_ports.push(port);
                }
                "webSeed" => {
                    if o.web_seeds.len() as u64 >= MAX_WEB_SEEDS {
                        return Err(over_limit(format!("line {}: more than {MAX_WEB_SEEDS} web seeds", item.line)));
                    }
                    let url = item.text()?;
                    if url.contains(char::is_whitespace) {
                        return Err(item.bad(format!("'{}' is not a URL", kvlist::shorten(url))));
                    }
                    o.web_seeds.push(url.to_owned());
                }
                "filePriorities" => {
                    for (i, p) in item.text()?.split(',').enumerate() {
                        if i as u64 >= crate::limits::MAX_FILES {
                            return Err(over_limit(format!("line {}: more priorities than files can exist", item.line)));
                        }
                        req.file_priorities.push((i, priority(item, p)?, item.line));
                    }
                }
                "filePriority" => {
                    let (i, p) = item.text()?.split_once(':').ok_or_else(|| item.bad("use index:priority"))?;
                    let i: usize = i
                        .parse()
                        .ok()
                        .filter(|i| (*i as u64) < crate::limits::MAX_FILES)
                        .ok_or_else(|| item.bad(format!("'{}' is not a file index", kvlist::shorten(i))))?;
                    req.file_priorities.push((i, priority(item, p)?, item.line));
                }
                "flags" => o.flags = item.int(0, i64::MAX)? as u64,
                "mask" => o.mask = item.int(0, i64::MAX)? as u64,
                "downloadLimit" => o.download_limit = rate(item.int(0, i32::MAX as i64)?),
                "uploadLimit" => o.upload_limit = rate(item.int(0, i32::MAX as i64)?),
                "maxConnections" => {
                    let n = item.int(-1, i32::MAX as i64)? as i32;
                    if n != -1 && n < 2 {
                        return Err(item.bad(format!("{n}: use -1 (unlimited) or >= 2")));
                    }
                    o.max_connections = n;
                }
                "maxUploads" => o.max_uploads = item.int(-1, i32::MAX as i64)? as i32,
                "storageMode" => o.storage_mode = [0, 1][item.choice(&["allocate", "sparse"])?],
                _ => unreachable!("every key of ADD_KEYS is handled"),
            }
        }
        req.source = resolve_source(source, &req, data)?;
        if req.options.save_path.is_empty() && req.source != SourceKind::Resume {
            return Err(invalid("savePath is missing (only resume data carries its own)"));
        }
        Ok(req)
    }
}

/// A rate cap: 0 means unlimited, which libtorrent spells -1.
fn rate(v: i64) -> i32 {
    if v == 0 {
        -1
    } else {
        v as i32
    }
}

fn resolve_source(given: Option<SourceKind>, req: &AddRequest, data: &[u8]) -> Result<SourceKind> {
    let has_magnet = !req.magnet.is_empty();
    let has_hash = !req.v1.is_empty() || !req.v2.is_empty();
    let kind = match given {
        Some(k) => k,
        None if has_magnet => SourceKind::Magnet,
        None if has_hash => SourceKind::InfoHash,
        None if !data.is_empty() => SourceKind::Torrent,
        None => {
            return Err(invalid(
                "nothing to add: pass .torrent bytes or resume data as data (source=torrent|resume), magnet=, or infoHash=",
            ))
        }
    };
    let name = match kind {
        SourceKind::Torrent => "torrent",
        SourceKind::Resume => "resume",
        SourceKind::Magnet => "magnet",
        SourceKind::InfoHash => "infohash",
    };
    let uses_data = matches!(kind, SourceKind::Torrent | SourceKind::Resume);
    if uses_data && data.is_empty() {
        return Err(invalid(format!("source={name} needs the bytes in data")));
    }
    if !uses_data && !data.is_empty() {
        return Err(invalid(format!("source={name} takes no data buffer (pass NULL, 0)")));
    }
    if has_magnet && kind != SourceKind::Magnet {
        return Err(invalid(format!("magnet= given with source={name}")));
    }
    if has_hash && kind != SourceKind::InfoHash {
        return Err(invalid(format!("infoHash= given with source={name}")));
    }
    if kind == SourceKind::Magnet && !has_magnet {
        return Err(invalid("source=magnet needs magnet=<link>"));
    }
    if kind == SourceKind::InfoHash && !has_hash {
        return Err(invalid("source=infohash needs infoHash=<40 or 64 hex>"));
    }
    Ok(kind)
}

impl Session {
    /// Adds a torrent as `req` says, with `data` its .torrent bytes or
    /// resume data. The source is parsed and every limit checked in the
    /// caller's thread before the add lock is taken. Returns the handle.
    pub fn add_request(self: &Arc<Self>, mut req: AddRequest, data: &[u8]) -> Result<i32> {
        let lim = crate::limits::ffi_limits();
        let params = match req.source {
            SourceKind::Torrent => ffi::parse_torrent(data, &lim)?,
            SourceKind::Resume => ffi::parse_resume(data, &lim)?,
            SourceKind::Magnet => ffi::parse_magnet(&req.magnet, &lim)?,
            SourceKind::InfoHash => ffi::params_from_hashes(&req.v1, &req.v2)?,
        };
        let mut info = ffi::ParamsInfo::default();
        ffi::params_info(&params, &mut info)?;
        let o = &mut req.options;
        for (what, have, add, max) in [
            ("trackers", info.trackers, o.trackers.len(), MAX_TRACKERS),
            ("web seeds", info.web_seeds, o.web_seeds.len(), MAX_WEB_SEEDS),
            ("peers", info.peers, o.peer_ips.len(), MAX_PEERS),
        ] {
            if have + add as u64 > max {
                return Err(over_limit(format!("the torrent would have {} {what}; the limit is {max}", have + add as u64)));
            }
        }
        if !req.file_priorities.is_empty() {
            let dont = (info.flags & !o.mask | o.flags & o.mask) & BTX_FLAG_DEFAULT_DONT_DOWNLOAD != 0;
            o.file_priorities = file_priorities(&req.file_priorities, &info, if dont { 0 } else { 4 })?;
        }
        let upload_mode = o.flags & o.mask & BTX_FLAG_UPLOAD_MODE != 0;
        let options = &req.options;
        let Some(d) = self.durable.get().cloned() else {
            return self.add_with(upload_mode, |h| ffi::add_with_options(&self.lt, params, options, h));
        };
        // a durable session: the torrent (options applied, metainfo
        // included) is in the store before this call returns
        let key = ffi::params_key(&params)?;
        let mut resume = Vec::new();
        let h = self.add_with(upload_mode, |h| ffi::add_with_options_saved(&self.lt, params, options, h, &mut resume))?;
        d.added(h, key, resume);
        Ok(h)
    }
}

/// The host's priorities as libtorrent's per-file vector. With metadata the
/// host's indices name the real files (pad files skipped, as in
/// btx_file_list); without it (magnet, info-hash) they are libtorrent's file
/// indices. Files not named get `default`.
fn file_priorities(given: &[(usize, u8, usize)], info: &ffi::ParamsInfo, default: u8) -> Result<Vec<u8>> {
    if info.num_files >= 0 {
        let mut v = vec![0u8; info.num_files as usize];
        for &lt in &info.real_files {
            v[lt as usize] = default;
        }
        for &(i, p, line) in given {
            let lt = *info.real_files.get(i).ok_or_else(|| {
                invalid(format!("line {line}: file index {i} is not in 0..{} (the torrent's files)", info.real_files.len()))
            })?;
            v[lt as usize] = p;
        }
        Ok(v)
    } else {
        let n = given.iter().map(|g| g.0 + 1).max().unwrap_or(0);
        let mut v = vec![default; n];
        for &(i, p, _) in given {
            v[i] = p;
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(opts: &str, data: &[u8]) -> String {
        AddRequest::parse(opts, data).err().map(|e| e.message()).unwrap_or_default()
    }

    #[test]
    fn every_option_decodes() {
        let r = AddRequest::parse(
            "source=magnet\nmagnet=magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567\nsavePath=/tmp/x\n\
             name=n\ntracker=http://127.0.0.1:1/a\ntracker=2 udp://127.0.0.1:2\npeer=127.0.0.1:6881\npeer=[::1]:7\n\
             webSeed=http://127.0.0.1/w\nfilePriorities=0,4,7\nfilePriority=5:1\nflags=512\nmask=528\n\
             downloadLimit=1000\nuploadLimit=0\nmaxConnections=-1\nmaxUploads=3\nstorageMode=allocate\r\n",
            &[],
        )
        .unwrap();
        let o = &r.options;
        assert_eq!(r.source, SourceKind::Magnet);
        assert_eq!((o.save_path.as_str(), o.name.as_str()), ("/tmp/x", "n"));
        assert_eq!(o.trackers, vec!["http://127.0.0.1:1/a", "udp://127.0.0.1:2"]);
        assert_eq!(o.tiers, vec![0, 2]);
        assert_eq!(o.peer_ips, vec!["127.0.0.1", "::1"]);
        assert_eq!(o.peer_ports, vec![6881, 7]);
        assert_eq!(r.file_priorities, vec![(0, 0, 10), (1, 4, 10), (2, 7, 10), (5, 1, 11)]);
        assert_eq!((o.flags, o.mask), (512, 528));
        assert_eq!((o.download_limit, o.upload_limit, o.max_connections, o.max_uploads), (1000, -1, -1, 3));
        assert_eq!(o.storage_mode, 0);
    }

    #[test]
    fn sources_are_inferred_and_contradictions_refused() {
        let hash = "infoHash=0123456789abcdef0123456789abcdef01234567\nsavePath=/t";
        assert_eq!(AddRequest::parse(hash, &[]).unwrap().source, SourceKind::InfoHash);
        assert_eq!(AddRequest::parse("savePath=/t", b"d").unwrap().source, SourceKind::Torrent);
        assert_eq!(AddRequest::parse("source=resume", b"d").unwrap().source, SourceKind::Resume);
        assert!(err("savePath=/t", &[]).contains("nothing to add"));
        assert!(err(hash, b"d").contains("takes no data"));
        assert!(err("source=torrent\nsavePath=/t", &[]).contains("needs the bytes"));
        assert!(err("source=magnet\nsavePath=/t", &[]).contains("needs magnet="));
        assert!(err("source=torrent\nmagnet=magnet:?x\nsavePath=/t", b"d").contains("magnet= given"));
        assert!(err("source=bogus", &[]).contains("line 1 (source)"));
        assert!(err("infoHash=0123", &[]).contains("40 or 64"));
        assert!(err("source=torrent", b"d").contains("savePath is missing"));
    }

    #[test]
    fn bad_lines_are_named() {
        let e = err("savePath=/t\nfrobnicate=1", b"d");
        assert!(e.starts_with("line 2: unknown key 'frobnicate'"), "{e}");
        assert!(err("savePath=/t\nsavePath=/u", b"d").contains("given twice (first on line 1)"));
        assert!(err("savePath=/t\ndownloadLimit=-5", b"d").contains("line 2 (downloadLimit)"));
        assert!(err("savePath=/t\nmaxConnections=1", b"d").contains(">= 2"));
        assert!(err("savePath=/t\npeer=example.org:80", b"d").contains("not an IP address"));
        assert!(err("savePath=/t\nfilePriorities=1,9", b"d").contains("not in 0..7"));
        assert!(err("savePath=/t\nfilePriority=3", b"d").contains("index:priority"));
        assert!(err("savePath=/t\nstorageMode=compact", b"d").contains("allocate, sparse"));
        assert!(err("savePath=/t\nnoequals", b"d").contains("line 2"));
        let many: String = (0..=MAX_PEERS).map(|i| format!("peer=127.0.0.1:{}\n", i + 1)).collect();
        let e = AddRequest::parse(&format!("savePath=/t\n{many}"), b"d").err().unwrap();
        assert_eq!(e.code(), crate::registry::BTX_ERR_LIMIT);
    }

    #[test]
    fn priorities_map_to_real_files() {
        let info = ffi::ParamsInfo { num_files: 4, real_files: vec![0, 2, 3], ..Default::default() };
        assert_eq!(file_priorities(&[(1, 7, 1)], &info, 4).unwrap(), vec![4, 0, 7, 4]);
        assert!(file_priorities(&[(3, 7, 9)], &info, 4).unwrap_err().message().contains("line 9"));
        let none = ffi::ParamsInfo { num_files: -1, ..Default::default() };
        assert_eq!(file_priorities(&[(2, 1, 1)], &none, 0).unwrap(), vec![0, 0, 1]);
    }
}
