//! The status cache: encoded status records, refreshed by the pump.
//!
//! libtorrent's `torrent_handle::status()` blocks on the network thread, so
//! a dashboard polling 1,000 torrents must not call it per torrent. Instead
//! the pump asks for `post_torrent_updates()` every `STATUS_PERIOD` and
//! stores each changed torrent's record, already encoded; `btx_torrent_status`
//! is then a lookup and a copy, and the bulk calls are a walk over the cache.
//!
//! Freshness against the host's own actions: every action bumps the
//! session's epoch and stamps the torrent's entry with it (`min_epoch`). Data
//! is only trusted if it was requested at or after that epoch; otherwise the
//! next read fetches the status synchronously, once. So after `btx_pause`
//! the next status says paused, and an update requested before the pause
//! can never overwrite it. The pump does the same for events that change
//! the status (torrentFinished, stateChanged, ...), so a host reading the
//! status in response to such an event sees the change.
//!
//! An entry holds every status field (the 28 of v8 first, in id order, then
//! the fields beyond v8) with the offset of each, so a record of any field
//! selection is a few slice copies.

use crate::bridge::ffi::StatusData;
use crate::error::{invalid, Result};
use crate::record::Record;
use crate::registry::*;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;
use std::time::Duration;

/// How often the pump refreshes the cache: a record is at most this old
/// (plus one pump wake-up) when read.
pub const STATUS_PERIOD: Duration = Duration::from_millis(100);

/// Every status field id, in the order an entry stores them.
pub static STATUS_IDS: LazyLock<Vec<u8>> =
    LazyLock::new(|| FIELDS.iter().filter(|f| f.group == Group::Status).map(|f| f.id).collect());

/// How many of the stored fields are v8's.
/// cbindgen:ignore
pub const V8_FIELDS: usize = 28;

/// One torrent's status, encoded once (every field), with where each field starts.
pub struct Entry {
    /// every status field, encoded, without the count prefix
    fields: Vec<u8>,
    /// where stored field i starts in `fields` (one more entry: the end)
    offsets: Vec<u32>,
    /// bytes of the 28 v8 fields (kept here so bulk calls need not touch
    /// `offsets`: one cache miss less per torrent)
    v8_len: u32,
    /// epoch at which the data was requested
    pub data_epoch: u64,
    /// epoch of the last host action on this torrent
    pub min_epoch: u64,
    /// when the cache last took new data for it (changed-only bulk calls)
    pub seq: u64,
    /// new data since the host's last changed-only call (listed in the
    /// cache's dirty list)
    dirty: bool,
    /// the v1 info-hash
    pub v1: Option<[u8; 20]>,
    /// the v2 info-hash
    pub v2: Option<[u8; 32]>,
    /// the torrent has every piece (so every byte of every file)
    pub complete: bool,
}

impl Entry {
    /// Encodes a status fetched at `epoch`.
    pub fn from_status(st: &StatusData, epoch: u64) -> Entry {
        let mut e = Entry {
            fields: Vec::with_capacity(900),
            offsets: Vec::with_capacity(STATUS_IDS.len() + 1),
            v8_len: 0,
            data_epoch: epoch,
            min_epoch: 0,
            seq: 0,
            dirty: false,
            v1: None,
            v2: None,
            complete: false,
        };
        e.fill(st);
        e
    }

    fn fill(&mut self, st: &StatusData) {
        self.fields.clear();
        self.offsets.clear();
        encode_fields(st, &mut self.fields, &mut self.offsets);
        self.v8_len = self.offsets[V8_FIELDS];
        self.v1 = st.has_v1.then_some(st.v1);
        self.v2 = st.has_v2.then_some(st.v2);
        self.complete = st.has_metadata && st.num_pieces > 0 && st.num_have == st.num_pieces;
    }

    /// Whether no host action came after the data was requested.
    pub fn fresh(&self) -> bool {
        self.data_epoch >= self.min_epoch
    }

    fn span(&self, i: usize) -> &[u8] {
        &self.fields[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// The v8 record (the 28 fields, exactly as v8 returned them) as its
    /// count and its fields, so it can be copied out without a buffer.
    pub fn v8_parts(&self) -> ([u8; 2], &[u8]) {
        ((V8_FIELDS as u16).to_be_bytes(), &self.fields[..self.offsets[V8_FIELDS] as usize])
    }

    /// The 28 v8 fields as one record.
    pub fn v8_record(&self) -> Vec<u8> {
        let (count, fields) = self.v8_parts();
        [&count[..], fields].concat()
    }

    /// The selected fields as one kvrecord.
    pub fn selected(&self, sel: &Selection) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.selected_len(sel, None));
        self.write_selected(sel, None, &mut out);
        out
    }

    /// The selected fields as a kvrecord, after an optional `torrent` field.
    fn write_selected(&self, sel: &Selection, torrent: Option<i32>, out: &mut Vec<u8>) {
        let count = sel.count() + torrent.is_some() as usize;
        out.extend_from_slice(&(count as u16).to_be_bytes());
        if let Some(h) = torrent {
            let mut one = Vec::with_capacity(16);
            let mut r = Record::begin(&mut one);
            r.int(BTX_EVKEY_TORRENT, h as i64);
            r.finish();
            out.extend_from_slice(&one[2..]);
        }
        match sel {
            Selection::All => out.extend_from_slice(&self.fields),
            Selection::V8 => out.extend_from_slice(&self.fields[..self.offsets[V8_FIELDS] as usize]),
            Selection::Some(idx) => {
                for &i in idx {
                    out.extend_from_slice(self.span(i));
                }
            }
        }
    }

    fn selected_len(&self, sel: &Selection, torrent: Option<i32>) -> usize {
        let body = match sel {
            Selection::All => self.fields.len(),
            Selection::V8 => self.v8_len as usize,
            Selection::Some(idx) => idx.iter().map(|&i| self.span(i).len()).sum(),
        };
        2 + body + torrent.map_or(0, |h| 4 + crate::record::itoa_buf(h as i64).as_str().len())
    }
}

/// Which status fields a record carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// every status field
    All,
    /// the 28 of v8
    V8,
    /// these stored positions, in the host's order
    Some(Vec<usize>),
}

impl Selection {
    /// Parses a field list: NULL/"" or "all" for every field, "v8" for the
    /// 28 v8 fields, or ids and key names separated by commas
    /// ("name,progress,3,downloadRate").
    pub fn parse(spec: &str) -> Result<Selection> {
        let spec = spec.trim();
        match spec {
            "" | "all" => return Ok(Selection::All),
            "v8" => return Ok(Selection::V8),
            _ => {}
        }
        let mut idx = Vec::new();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let id = match part.parse::<u8>() {
                Ok(id) => Some(id),
                Err(_) => FIELDS.iter().find(|f| f.group == Group::Status && f.key == part).map(|f| f.id),
            };
            let pos = id
                .and_then(|id| STATUS_IDS.iter().position(|&x| x == id))
                .ok_or_else(|| invalid(format!("'{part}' is not a status field (docs/record-format.md lists them)")))?;
            if !idx.contains(&pos) {
                idx.push(pos);
            }
        }
        if idx.is_empty() {
            return Err(invalid("the field list names no field"));
        }
        Ok(Selection::Some(idx))
    }

    fn count(&self) -> usize {
        match self {
            Selection::All => STATUS_IDS.len(),
            Selection::V8 => V8_FIELDS,
            Selection::Some(i) => i.len(),
        }
    }
}

/// Handles are already spread (slot index in the low bits): hashing them
/// again would only cost time on every lookup of a bulk call.
#[derive(Default, Clone, Copy)]
pub struct HandleHasher(u64);

impl std::hash::Hasher for HandleHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_i32(&mut self, v: i32) {
        self.0 = v as u32 as u64;
    }
}

/// A map keyed by handle, the handle its own hash.
pub type HandleMap<V> = HashMap<i32, V, std::hash::BuildHasherDefault<HandleHasher>>;

#[derive(Default)]
/// The status entries and the changed-only bookkeeping.
pub struct Cache {
    /// the entries by handle
    pub entries: HandleMap<Entry>,
    /// handles whose entry took new data since the host's last changed-only
    /// call (each once: see `Entry::dirty`)
    dirty: Vec<i32>,
}

#[derive(Default)]
/// A session's status cache.
pub struct StatusCache {
    /// the entries, under one lock
    pub entries: Mutex<Cache>,
    /// bumped whenever an entry takes new data
    seq: AtomicU64,
}

impl Cache {
    /// The entry of a handle.
    pub fn get(&self, h: &i32) -> Option<&Entry> {
        self.entries.get(h)
    }

    fn touched(&mut self, handle: i32) {
        if let Some(e) = self.entries.get_mut(&handle) {
            if !e.dirty {
                e.dirty = true;
                self.dirty.push(handle);
            }
        }
    }
}

/// Writes a list of the status records of `picked` into `out` (each record
/// `torrent` first): the length, or `Err(needed)` when `out` is too small
/// (nothing usable written).
fn write_list(picked: &[(i32, &Entry)], sel: &Selection, out: &mut [u8]) -> std::result::Result<usize, usize> {
    let len_of = |n: usize| if n < BTX_LEN_ESCAPE as usize { 2 } else { 6 };
    let mut need = len_of(picked.len());
    for (h, e) in picked {
        let n = e.selected_len(sel, Some(*h));
        need += len_of(n) + n;
    }
    if need > out.len() {
        return Err(need);
    }
    let mut w = Writer { out, at: 0 };
    w.len(picked.len());
    for (h, e) in picked {
        w.len(e.selected_len(sel, Some(*h)));
        // the record in place: count, `torrent`, then the stored fields
        w.bytes(&((sel.count() + 1) as u16).to_be_bytes());
        let digits = crate::record::itoa_buf(*h as i64);
        let d = digits.as_str().as_bytes();
        w.bytes(&[BTX_EVKEY_TORRENT, BTX_TYPE_INT, 0, d.len() as u8]);
        w.bytes(d);
        match sel {
            Selection::All => w.bytes(&e.fields),
            Selection::V8 => w.bytes(&e.fields[..e.v8_len as usize]),
            Selection::Some(idx) => {
                for &i in idx {
                    w.bytes(e.span(i));
                }
            }
        }
    }
    debug_assert_eq!(w.at, need);
    Ok(w.at)
}

/// Appends into a slice known to be big enough.
struct Writer<'a> {
    out: &'a mut [u8],
    at: usize,
}

impl Writer<'_> {
    fn bytes(&mut self, b: &[u8]) {
        self.out[self.at..self.at + b.len()].copy_from_slice(b);
        self.at += b.len();
    }
    fn len(&mut self, n: usize) {
        if n < BTX_LEN_ESCAPE as usize {
            self.bytes(&(n as u16).to_be_bytes());
        } else {
            self.bytes(&BTX_LEN_ESCAPE.to_be_bytes());
            self.bytes(&(n as u32).to_be_bytes());
        }
    }
}

impl StatusCache {
    fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Stores `st` for `handle` unless an action after `epoch` makes it stale.
    pub fn store(&self, handle: i32, st: &StatusData, epoch: u64) {
        let seq = self.next_seq();
        let mut c = self.entries.lock();
        let e = c.entries.entry(handle).or_insert_with(|| Entry::from_status(st, 0));
        if epoch < e.min_epoch {
            return;
        }
        e.fill(st);
        e.data_epoch = epoch;
        e.seq = seq;
        c.touched(handle);
    }

    /// Counts a record as fresh as of `epoch` without new data (the data it
    /// has stands; same rule as `store`).
    pub fn confirm(&self, handle: i32, epoch: u64) {
        let mut c = self.entries.lock();
        if let Some(e) = c.entries.get_mut(&handle) {
            if epoch >= e.min_epoch && epoch > e.data_epoch {
                e.data_epoch = epoch;
            }
        }
    }

    /// Keeps a record fetched synchronously (same rule as `store`), without
    /// encoding it again.
    pub fn offer(&self, handle: i32, mut fetched: Entry) {
        fetched.seq = self.next_seq();
        let mut c = self.entries.lock();
        match c.entries.get_mut(&handle) {
            Some(e) if fetched.data_epoch < e.min_epoch => return,
            Some(e) => {
                fetched.min_epoch = e.min_epoch;
                fetched.dirty = e.dirty;
                *e = fetched;
            }
            None => {
                c.entries.insert(handle, fetched);
            }
        }
        c.touched(handle);
    }

    /// Marks a torrent's entry stale: data requested before `epoch` is not used.
    pub fn mark_action(&self, handle: i32, epoch: u64) {
        if let Some(e) = self.entries.lock().entries.get_mut(&handle) {
            e.min_epoch = epoch;
        }
    }

    /// Drops a removed torrent's entry.
    pub fn forget(&self, handle: i32) {
        self.entries.lock().entries.remove(&handle);
    }

    /// True when every handle of `order` has a record (fresh or not).
    pub fn all_present(&self, order: &[i32]) -> bool {
        let c = self.entries.lock();
        order.iter().all(|h| c.entries.contains_key(h))
    }

    /// Handles (of `order`) with no entry, or a stale one: what a bulk call
    /// must fetch before it answers.
    pub fn missing(&self, order: &[i32]) -> Vec<i32> {
        let c = self.entries.lock();
        order.iter().copied().filter(|h| c.entries.get(h).is_none_or(|e| !e.fresh())).collect()
    }

    /// Every torrent of `order` (in that order) with a status, as a list of
    /// records each starting with its `torrent` handle, written into `out`.
    /// With `require_fresh`, gives up (`None`) and names the torrents to
    /// fetch first when any has no fresh record; one pass either way.
    pub fn write_all(
        &self,
        order: &[i32],
        sel: &Selection,
        out: &mut [u8],
        require_fresh: bool,
    ) -> std::result::Result<std::result::Result<usize, usize>, Vec<i32>> {
        let c = self.entries.lock();
        let mut picked: Vec<(i32, &Entry)> = Vec::with_capacity(order.len());
        let mut missing = Vec::new();
        for h in order {
            match c.entries.get(h) {
                Some(e) if e.fresh() || !require_fresh => picked.push((*h, e)),
                _ => missing.push(*h),
            }
        }
        if require_fresh && !missing.is_empty() {
            return Err(missing);
        }
        Ok(write_list(&picked, sel, out))
    }

    /// The torrents whose entry took new data since the last changed-only
    /// call that was answered (every torrent with a status, the first
    /// time), oldest change first. Only an answer that fits `out` consumes
    /// the changes: after `Err(needed)` the next call sees them again.
    pub fn write_changed(&self, sel: &Selection, out: &mut [u8]) -> std::result::Result<usize, usize> {
        let mut c = self.entries.lock();
        let mut picked: Vec<(i32, &Entry)> =
            c.dirty.iter().filter_map(|h| c.entries.get(h).filter(|e| e.dirty).map(|e| (*h, e))).collect();
        picked.sort_unstable_by_key(|(_, e)| e.seq);
        let n = write_list(&picked, sel, out)?;
        let cache = &mut *c;
        for h in cache.dirty.drain(..) {
            if let Some(e) = cache.entries.get_mut(&h) {
                e.dirty = false;
            }
        }
        Ok(n)
    }

    #[cfg(test)]
    fn bulk(&self, order: &[i32], sel: &Selection, changed: bool) -> Vec<u8> {
        let mut out = vec![0u8; 1 << 20];
        let n = if changed { self.write_changed(sel, &mut out) } else { self.write_all(order, sel, &mut out, false).unwrap() };
        out.truncate(n.unwrap());
        out
    }
}

fn eta(st: &StatusData) -> i64 {
    if st.is_finished {
        0
    } else if st.download_rate > 0 {
        (st.total_wanted - st.total_wanted_done).max(0) / st.download_rate as i64
    } else {
        -1
    }
}

/// Writes every status field (no count prefix) and the offset of each.
fn encode_fields(st: &StatusData, buf: &mut Vec<u8>, offsets: &mut Vec<u32>) {
    // Record::begin writes a 2-byte count we drop; fields follow in the
    // order of STATUS_IDS, which the test below checks.
    let start = buf.len();
    let mut r = Record::begin(buf);
    macro_rules! put {
        ($($m:ident($id:expr, $v:expr)),* $(,)?) => {
            $( offsets.push((r.len() - start - 2) as u32); r.$m($id, $v); )*
        };
    }
    put!(
        utf8(BTX_STATUS_NAME, &st.name),
        int(BTX_STATUS_STATE, st.state as i64),
        real(BTX_STATUS_PROGRESS, st.progress),
        int(BTX_STATUS_DOWNLOAD_RATE, st.download_rate as i64),
        int(BTX_STATUS_UPLOAD_RATE, st.upload_rate as i64),
        int(BTX_STATUS_TOTAL_DONE, st.total_done),
        int(BTX_STATUS_TOTAL_WANTED, st.total_wanted),
        int(BTX_STATUS_NUM_PEERS, st.num_peers as i64),
        int(BTX_STATUS_NUM_SEEDS, st.num_seeds as i64),
        utf8(BTX_STATUS_SAVE_PATH, &st.save_path),
        hex(BTX_STATUS_INFO_HASH_V1, if st.has_v1 { &st.v1[..] } else { &[] }),
        hex(BTX_STATUS_INFO_HASH_V2, if st.has_v2 { &st.v2[..] } else { &[] }),
        int(BTX_STATUS_NUM_PIECES, st.num_pieces as i64),
        int(BTX_STATUS_PIECE_LENGTH, st.piece_length as i64),
        int(BTX_STATUS_TOTAL_SIZE, st.total_size),
        int(BTX_STATUS_ALL_TIME_DOWNLOAD, st.all_time_download),
        int(BTX_STATUS_ALL_TIME_UPLOAD, st.all_time_upload),
        int(BTX_STATUS_NUM_COMPLETE, st.num_complete as i64),
        int(BTX_STATUS_NUM_INCOMPLETE, st.num_incomplete as i64),
        int(BTX_STATUS_IS_FINISHED, st.is_finished as i64),
        int(BTX_STATUS_IS_SEEDING, st.is_seeding as i64),
        int(BTX_STATUS_IS_PAUSED, (st.flags & BTX_FLAG_PAUSED != 0) as i64),
        utf8(BTX_STATUS_ERROR, &st.error),
        int(BTX_STATUS_ETA, eta(st)),
        int(BTX_STATUS_ADDED_TIME, st.added_time),
        int(BTX_STATUS_COMPLETED_TIME, st.completed_time),
        int(BTX_STATUS_NUM_CONNECTIONS, st.num_connections as i64),
        int(BTX_STATUS_FLAGS, st.flags as i64),
        int(BTX_STATUS_TOTAL_DOWNLOAD, st.total_download),
        int(BTX_STATUS_TOTAL_UPLOAD, st.total_upload),
        int(BTX_STATUS_TOTAL_PAYLOAD_DOWNLOAD, st.total_payload_download),
        int(BTX_STATUS_TOTAL_PAYLOAD_UPLOAD, st.total_payload_upload),
        int(BTX_STATUS_TOTAL_FAILED_BYTES, st.total_failed_bytes),
        int(BTX_STATUS_TOTAL_REDUNDANT_BYTES, st.total_redundant_bytes),
        int(BTX_STATUS_TOTAL, st.total),
        int(BTX_STATUS_TOTAL_WANTED_DONE, st.total_wanted_done),
        int(BTX_STATUS_LAST_SEEN_COMPLETE, st.last_seen_complete),
        int(BTX_STATUS_STORAGE_MODE, st.storage_mode as i64),
        int(BTX_STATUS_PROGRESS_PPM, st.progress_ppm as i64),
        int(BTX_STATUS_QUEUE_POSITION, st.queue_position as i64),
        int(BTX_STATUS_DOWNLOAD_PROTOCOL_RATE, st.download_protocol_rate as i64),
        int(BTX_STATUS_UPLOAD_PROTOCOL_RATE, st.upload_protocol_rate as i64),
        int(BTX_STATUS_LIST_SEEDS, st.list_seeds as i64),
        int(BTX_STATUS_LIST_PEERS, st.list_peers as i64),
        int(BTX_STATUS_CONNECT_CANDIDATES, st.connect_candidates as i64),
        int(BTX_STATUS_NUM_HAVE_PIECES, st.num_have as i64),
        int(BTX_STATUS_DISTRIBUTED_FULL_COPIES, st.distributed_full_copies as i64),
        int(BTX_STATUS_DISTRIBUTED_FRACTION, st.distributed_fraction as i64),
        real(BTX_STATUS_DISTRIBUTED_COPIES, st.distributed_copies),
        int(BTX_STATUS_BLOCK_SIZE, st.block_size as i64),
        int(BTX_STATUS_NUM_UPLOADS, st.num_uploads as i64),
        int(BTX_STATUS_UPLOADS_LIMIT, st.uploads_limit as i64),
        int(BTX_STATUS_CONNECTIONS_LIMIT, st.connections_limit as i64),
        int(BTX_STATUS_UP_BANDWIDTH_QUEUE, st.up_bandwidth_queue as i64),
        int(BTX_STATUS_DOWN_BANDWIDTH_QUEUE, st.down_bandwidth_queue as i64),
        int(BTX_STATUS_SEED_RANK, st.seed_rank as i64),
        int(BTX_STATUS_NEED_SAVE_RESUME, st.need_save_resume as i64),
        int(BTX_STATUS_HAS_METADATA, st.has_metadata as i64),
        int(BTX_STATUS_HAS_INCOMING, st.has_incoming as i64),
        int(BTX_STATUS_MOVING_STORAGE, st.moving_storage as i64),
        int(BTX_STATUS_ANNOUNCING_TO_TRACKERS, st.announcing_to_trackers as i64),
        int(BTX_STATUS_ANNOUNCING_TO_LSD, st.announcing_to_lsd as i64),
        int(BTX_STATUS_ANNOUNCING_TO_DHT, st.announcing_to_dht as i64),
        utf8(BTX_STATUS_CURRENT_TRACKER, &st.current_tracker),
        int(BTX_STATUS_NEXT_ANNOUNCE, st.next_announce),
        int(BTX_STATUS_LAST_UPLOAD, st.last_upload),
        int(BTX_STATUS_LAST_DOWNLOAD, st.last_download),
        int(BTX_STATUS_ACTIVE_DURATION, st.active_duration),
        int(BTX_STATUS_FINISHED_DURATION, st.finished_duration),
        int(BTX_STATUS_SEEDING_DURATION, st.seeding_duration),
        int(BTX_STATUS_ERROR_FILE, st.error_file as i64),
        int(BTX_STATUS_ERROR_CODE, st.error_code as i64),
        utf8(BTX_STATUS_ERROR_CATEGORY, &st.error_category),
    );
    r.finish();
    offsets.push((buf.len() - start - 2) as u32);
    buf.drain(start..start + 2);
}

/// The v8 status record of `st` (28 fields): what btx_torrent_status returns.
pub fn encode_status(st: &StatusData, buf: &mut Vec<u8>) {
    buf.extend_from_slice(&Entry::from_status(st, 0).v8_record());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{decode_list, decode_record};

    #[test]
    fn status_record_has_all_28_fields_in_order() {
        let st = StatusData {
            name: "x".into(),
            total_wanted: 1000,
            total_wanted_done: 400,
            download_rate: 100,
            flags: BTX_FLAG_PAUSED | BTX_FLAG_AUTO_MANAGED,
            ..Default::default()
        };
        let mut buf = Vec::new();
        encode_status(&st, &mut buf);
        let f = decode_record(&buf).unwrap();
        assert_eq!(f.iter().map(|f| f.id).collect::<Vec<_>>(), (1..=28).collect::<Vec<u8>>());
        assert_eq!(f[23].int(), Some(6), "eta = 600 bytes left / 100 B/s");
        assert_eq!(f[21].int(), Some(1), "isPaused from the flags");
        assert_eq!(f[27].int(), Some(48));
    }

    #[test]
    fn every_status_field_is_stored_in_registry_order() {
        let e = Entry::from_status(&StatusData { name: "n".into(), seed_rank: 7, ..Default::default() }, 0);
        let mut all = Vec::new();
        e.write_selected(&Selection::All, None, &mut all);
        let f = decode_record(&all).unwrap();
        assert_eq!(f.iter().map(|f| f.id).collect::<Vec<_>>(), *STATUS_IDS);
        assert_eq!(e.offsets.len(), STATUS_IDS.len() + 1);
        let seed_rank = f.iter().find(|f| f.id == BTX_STATUS_SEED_RANK).unwrap();
        assert_eq!(seed_rank.int(), Some(7));
    }

    #[test]
    fn selections_pick_fields_in_the_hosts_order() {
        let e = Entry::from_status(&StatusData { name: "n".into(), state: 3, ..Default::default() }, 0);
        let sel = Selection::parse("state, name,seedRank,2").unwrap();
        let mut out = Vec::new();
        e.write_selected(&sel, Some(9), &mut out);
        let f = decode_record(&out).unwrap();
        let ids: Vec<u8> = f.iter().map(|f| f.id).collect();
        assert_eq!(ids, vec![BTX_EVKEY_TORRENT, BTX_STATUS_STATE, BTX_STATUS_NAME, BTX_STATUS_SEED_RANK]);
        assert_eq!(f[0].int(), Some(9));
        assert_eq!(e.selected_len(&sel, Some(9)), out.len());
        assert!(Selection::parse("nope").is_err());
        assert!(Selection::parse("1,,").is_ok());
        assert!(Selection::parse(",").is_err());
        assert_eq!(Selection::parse("").unwrap(), Selection::All);
        assert_eq!(Selection::parse("v8").unwrap(), Selection::V8);
    }

    #[test]
    fn bulk_changed_only_sees_what_changed_since() {
        let c = StatusCache::default();
        for h in 1..=5 {
            c.store(h, &StatusData { state: h, ..Default::default() }, 1);
        }
        let all = c.bulk(&[1, 2, 3, 4, 5], &Selection::V8, false);
        assert_eq!(decode_list(&all).unwrap().len(), 5);
        assert_eq!(decode_list(&c.bulk(&[], &Selection::V8, true)).unwrap().len(), 5, "the first changed call has all");
        c.store(3, &StatusData { state: 30, ..Default::default() }, 2);
        c.store(3, &StatusData { state: 31, ..Default::default() }, 3);
        // too small: nothing consumed
        let mut tiny = [0u8; 4];
        assert!(c.write_changed(&Selection::V8, &mut tiny).is_err());
        let changed = c.bulk(&[], &Selection::parse("state").unwrap(), true);
        let items = decode_list(&changed).unwrap();
        assert_eq!(items.len(), 1, "once, with its newest data");
        assert_eq!(items[0][0].int(), Some(3), "tagged with its handle");
        assert_eq!(items[0][1].int(), Some(31));
        assert_eq!(decode_list(&c.bulk(&[], &Selection::V8, true)).unwrap().len(), 0);
        c.forget(2);
        assert_eq!(decode_list(&c.bulk(&[1, 2, 3], &Selection::V8, false)).unwrap().len(), 2);
    }

    #[test]
    fn stale_updates_do_not_overwrite_an_action() {
        let c = StatusCache::default();
        let st = StatusData::default();
        c.store(5, &st, 10);
        c.mark_action(5, 11);
        assert!(!c.entries.lock().entries[&5].fresh());
        c.store(5, &st, 10);
        assert_eq!(c.entries.lock().entries[&5].data_epoch, 10, "pre-action data ignored");
        c.store(5, &st, 11);
        assert!(c.entries.lock().entries[&5].fresh());
    }
}
