//! The event queue, the event mask, and the alert -> event-record encoder.
//!
//! Events are encoded once, on the pump thread, into their final wire form
//! (`[code:u16][bodyLen][kvrecord]`), so a drain is a run of memcpys.
//! The queue is bounded by count and bytes; on overflow the oldest events
//! are kept and one `eventsDropped` event (with the count) stands where the
//! lost ones would have been. Nothing is lost silently.
//!
//! Which alert becomes which event, and which keys it carries, comes from the
//! registry's event table: the table is the contract.

use crate::bridge::ffi::{self, AlertData};
use crate::record::{put_len, Record};
use crate::registry::*;
use std::collections::VecDeque;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;
use std::sync::LazyLock;

/// Default bounds: enough for 100,000+ queued events between polls.
pub(crate) const DEFAULT_MAX_EVENTS: usize = 262_144;
pub(crate) const DEFAULT_MAX_BYTES: usize = 512 << 20;

/// libtorrent alert types the pump consumes itself, whatever the host enabled.
/// cbindgen:ignore
pub mod lt_type {
    /// torrent_removed_alert
    pub const TORRENT_REMOVED: i32 = 4;
    /// file_renamed_alert
    pub const FILE_RENAMED: i32 = 7;
    /// file_completed_alert
    pub const FILE_COMPLETED: i32 = 6;
    /// state_changed_alert
    pub const STATE_CHANGED: i32 = 10;
    /// piece_finished_alert
    pub const PIECE_FINISHED: i32 = 27;
    /// file_error_alert
    pub const FILE_ERROR: i32 = 43;
    /// save_resume_data_failed_alert
    pub const SAVE_RESUME_FAILED: i32 = 38;
    /// add_torrent_alert
    pub const ADD_TORRENT: i32 = 67;
    /// state_update_alert
    pub const STATE_UPDATE: i32 = 68;
    /// session_stats_alert
    pub const SESSION_STATS: i32 = 70;
    /// dht_stats_alert
    pub const DHT_STATS: i32 = 83;
    /// alerts_dropped_alert
    pub const ALERTS_DROPPED: i32 = 95;
    /// torrent_conflict_alert
    pub const TORRENT_CONFLICT: i32 = 99;
    /// file_prio_alert
    pub const FILE_PRIO: i32 = 97;
}

const INTERNAL_TYPES: &[i32] = &[
    lt_type::TORRENT_REMOVED,
    lt_type::STATE_CHANGED,
    lt_type::FILE_ERROR,
    lt_type::STATE_UPDATE,
    lt_type::SESSION_STATS,
    lt_type::DHT_STATS,
    lt_type::ALERTS_DROPPED,
    // the file-list cache (files.rs) follows renames and priority changes
    lt_type::FILE_RENAMED,
    lt_type::FILE_PRIO,
];

/// The v8 alert categories a session always asks libtorrent for (what v8
/// delivered), whatever else the host enables.
pub const V8_CATEGORIES: u32 = BTX_CAT_ERROR
    | BTX_CAT_STATUS
    | BTX_CAT_STORAGE
    | BTX_CAT_TRACKER
    | BTX_CAT_DHT
    | BTX_CAT_PIECE_PROGRESS
    | BTX_CAT_FILE_PROGRESS;

/// Which events a session delivers: one bit per event code.
#[derive(Clone, Debug)]
pub struct EventMask {
    bits: [u64; 16],
    /// the 25 v8 events carry the base fields too (setting btx_event_details)
    pub details: bool,
    /// alert types the session consumes internally (a durable store adds
    /// its own), as bits
    internal: [u64; 2],
}

fn bit(bits: &mut [u64], n: usize, on: bool) {
    if n / 64 < bits.len() {
        if on {
            bits[n / 64] |= 1 << (n % 64);
        } else {
            bits[n / 64] &= !(1 << (n % 64));
        }
    }
}

fn has(bits: &[u64], n: usize) -> bool {
    n / 64 < bits.len() && (bits[n / 64] >> (n % 64)) & 1 == 1
}

impl Default for EventMask {
    /// What a v8 host gets: the 25 v8 events.
    fn default() -> Self {
        let mut m = EventMask { bits: [0; 16], details: false, internal: [0; 2] };
        for e in EVENTS.iter().filter(|e| e.default_on()) {
            m.set(e.code, true);
        }
        for &t in INTERNAL_TYPES {
            bit(&mut m.internal, t as usize, true);
        }
        m
    }
}

impl EventMask {
    /// Whether the event `code` is delivered.
    pub fn enabled(&self, code: u16) -> bool {
        has(&self.bits, code as usize)
    }

    /// Turns the event `code` on or off.
    pub fn set(&mut self, code: u16, on: bool) {
        bit(&mut self.bits, code as usize, on);
    }

    /// Turns on (or off) every event whose libtorrent category shares a bit
    /// with `cats`.
    pub fn set_categories(&mut self, cats: u32, on: bool) {
        for e in EVENTS.iter().filter(|e| e.category & cats != 0) {
            self.set(e.code, on);
        }
    }

    /// Alert types the session needs whatever the host enabled.
    pub fn add_internal(&mut self, lt_type: i32) {
        bit(&mut self.internal, lt_type as usize, true);
    }

    /// libtorrent's alert_mask for this set: the v8 categories and those of
    /// every enabled event.
    pub fn lt_alert_mask(&self) -> u32 {
        EVENTS.iter().filter(|e| self.enabled(e.code)).fold(V8_CATEGORIES, |m, e| m | e.category)
    }

    /// What the C++ side copies (and formats text for).
    pub fn filter(&self) -> ffi::AlertFilter {
        let mut copy = self.internal;
        let mut text = [0u64; 2];
        let unknown = self.enabled(BTX_EVENT_UNKNOWN_ALERT);
        for t in 0..128usize {
            let def = event_for_alert(t as i32);
            let Some(def) = def else {
                if unknown {
                    bit(&mut copy, t, true);
                    bit(&mut text, t, true);
                }
                continue;
            };
            let via_alias = def.alias != 0 && self.enabled(def.alias);
            if self.enabled(def.code) || via_alias {
                bit(&mut copy, t, true);
                let shown = if self.enabled(def.code) { def } else { event(def.alias).unwrap_or(def) };
                if !shown.is_v8() || self.details || shown.keys.contains(&BTX_EVKEY_MESSAGE) {
                    bit(&mut text, t, true);
                }
            }
        }
        ffi::AlertFilter { copy_lo: copy[0], copy_hi: copy[1], text_lo: text[0], text_hi: text[1], copy_above: unknown }
    }

    /// The event an alert of this type is delivered as, if any.
    pub fn deliver_as(&self, lt_type: i32) -> Option<&'static EventDef> {
        let unknown = || event(BTX_EVENT_UNKNOWN_ALERT).filter(|_| self.enabled(BTX_EVENT_UNKNOWN_ALERT));
        let Some(def) = event_for_alert(lt_type) else { return unknown() };
        if self.enabled(def.code) {
            Some(def)
        } else if def.alias != 0 && self.enabled(def.alias) {
            event(def.alias)
        } else {
            None
        }
    }
}

/// libtorrent's session statistics, by index (names for records).
pub static METRICS: LazyLock<Vec<ffi::StatsMetric>> = LazyLock::new(|| ffi::stats_metrics().unwrap_or_default());

/// Wraps a finished kvrecord body (at `buf[4..]`) with its event header.
fn frame(code: u16, mut buf: Vec<u8>) -> Box<[u8]> {
    buf[0..2].copy_from_slice(&code.to_be_bytes());
    let body = buf.len() - 4;
    if body < BTX_LEN_ESCAPE as usize {
        buf[2..4].copy_from_slice(&(body as u16).to_be_bytes());
    } else {
        let mut head = Vec::with_capacity(6);
        put_len(&mut head, body);
        buf.splice(2..4, head);
    }
    buf.into_boxed_slice()
}

/// What the pump knows about an alert beyond its own fields.
#[derive(Clone, Copy, Default)]
pub struct Context {
    /// our torrent handle (0: none)
    pub torrent: i32,
    /// the base fields go in (always for events beyond v8)
    pub details: bool,
    /// a pieceFinished found on disk while checking
    pub restored: bool,
    /// torrentConflict: the other torrent's handle
    pub conflicting: i32,
}

/// Encodes one alert as the event `def`. The keys come from the registry's
/// event table.
pub fn encode_alert(def: &EventDef, a: &AlertData, cx: Context) -> Box<[u8]> {
    let mut buf = Vec::with_capacity(64 + a.blob.len() + a.message.len());
    buf.extend_from_slice(&[0, 0, 0, 0]);
    let mut rec = Record::begin(&mut buf);
    if cx.torrent != 0 {
        rec.int(BTX_EVKEY_TORRENT, cx.torrent as i64);
    }
    let base = !def.is_v8() || cx.details;
    if base {
        rec.int(BTX_EVKEY_ALERT_TYPE, a.lt_type as i64)
            .int(BTX_EVKEY_CATEGORY, a.category as i64)
            .int(BTX_EVKEY_TIME, a.time_ms);
        if !def.keys.contains(&BTX_EVKEY_MESSAGE) {
            rec.utf8(BTX_EVKEY_MESSAGE, &a.message);
        }
    }
    for &key in def.keys {
        if applies(def.code, a, key) {
            put_key(&mut rec, key, a, cx);
        }
    }
    if base && cx.restored && def.code == BTX_EVENT_PIECE_FINISHED {
        rec.int(BTX_EVKEY_RESTORED, 1);
    }
    rec.finish();
    frame(def.code, buf)
}

/// A dhtPut carries `target` for an immutable item and the key, signature,
/// sequence number and salt for a mutable one; peer keys need a peer.
fn applies(code: u16, a: &AlertData, key: u8) -> bool {
    match key {
        BTX_DHT_TARGET if code == BTX_EVENT_DHT_PUT => !a.is_mutable,
        BTX_DHT_PUBLIC_KEY | BTX_DHT_SIGNATURE | BTX_DHT_SEQ | BTX_DHT_SALT if code == BTX_EVENT_DHT_PUT => a.is_mutable,
        BTX_EVKEY_PEER_ID => a.has_peer_id,
        BTX_EVKEY_INFO_HASH => a.has_info_hash,
        BTX_EVKEY_NODE_ID => a.has_node_id,
        _ => true,
    }
}

fn hex_or_empty(rec: &mut Record, id: u8, has: bool, b: &[u8]) {
    rec.hex(id, if has { b } else { &[] });
}

fn put_key(rec: &mut Record, key: u8, a: &AlertData, cx: Context) {
    match key {
        BTX_EVKEY_TORRENT_NAME => rec.utf8(key, &a.name),
        BTX_EVKEY_INFO_HASH_V1 => {
            hex_or_empty(rec, key, a.has_v1, &a.v1);
            rec
        }
        BTX_EVKEY_INFO_HASH_V2 => {
            hex_or_empty(rec, key, a.has_v2, &a.v2);
            rec
        }
        BTX_EVKEY_PIECE => rec.int(key, a.index as i64),
        BTX_EVKEY_STATE => rec.int(key, a.state as i64),
        BTX_EVKEY_PREV_STATE => rec.int(key, a.prev_state as i64),
        BTX_EVKEY_TRACKER | BTX_TRACKER_URL => rec.utf8(key, &a.tracker),
        BTX_EVKEY_NUM_PEERS => rec.int(key, a.num_peers as i64),
        BTX_EVKEY_ERROR_CODE => rec.int(key, a.error_code as i64),
        BTX_EVKEY_ERROR_MESSAGE => rec.utf8(key, &a.error_message),
        BTX_EVKEY_MESSAGE => rec.utf8(key, &a.message),
        BTX_EVKEY_RESUME_DATA => rec.raw(key, &a.blob),
        BTX_EVKEY_ENDPOINT => rec.utf8(key, &a.endpoint),
        BTX_STATUS_NUM_COMPLETE => rec.int(key, a.complete as i64),
        BTX_STATUS_NUM_INCOMPLETE => rec.int(key, a.incomplete as i64),
        BTX_DHT_VALUE => rec.raw(key, &a.blob),
        BTX_DHT_TARGET => rec.hex(key, &a.target),
        BTX_DHT_PUBLIC_KEY => rec.hex(key, &a.public_key),
        BTX_DHT_SIGNATURE => rec.hex(key, &a.signature),
        BTX_DHT_SEQ => rec.int(key, a.seq),
        BTX_DHT_SALT => rec.utf8(key, &String::from_utf8_lossy(&a.salt)),
        BTX_DHT_AUTHORITATIVE => rec.int(key, a.authoritative as i64),
        BTX_DHT_NUM_SUCCESS => rec.int(key, a.num_success as i64),
        BTX_EVKEY_PEER_ID => rec.hex(key, &a.peer_id),
        BTX_EVKEY_CLIENT => rec.utf8(key, &a.client),
        BTX_EVKEY_REASON => rec.int(key, a.reason as i64),
        BTX_EVKEY_OPERATION => rec.utf8(key, &a.operation),
        BTX_EVKEY_SOCKET_TYPE => rec.utf8(key, &a.socket_type),
        BTX_EVKEY_FILE_INDEX => rec.int(key, a.file_index as i64),
        BTX_EVKEY_NEW_NAME => rec.utf8(key, &a.new_name),
        BTX_EVKEY_OLD_NAME => rec.utf8(key, &a.old_name),
        BTX_EVKEY_WARNING => rec.int(key, a.warning as i64),
        BTX_EVKEY_BLOCK => rec.int(key, a.block as i64),
        BTX_EVKEY_ANNOUNCE_EVENT => rec.int(key, a.announce_event as i64),
        BTX_EVKEY_LOG => rec.utf8(key, &a.log),
        BTX_EVKEY_COUNT => rec.int(key, a.count),
        BTX_EVKEY_INTERVAL => rec.int(key, a.interval as i64),
        BTX_EVKEY_PEERS => rec.utf8(key, &a.peers),
        BTX_EVKEY_SAMPLES => rec.utf8(key, &a.samples),
        BTX_EVKEY_NODES => rec.utf8(key, &a.nodes),
        BTX_EVKEY_EXTERNAL_ADDRESS => rec.utf8(key, &a.external_address),
        BTX_EVKEY_DIRECTION => rec.int(key, a.direction as i64),
        BTX_EVKEY_STATS => rec.list(key, &METRICS, |r, m| {
            let v = usize::try_from(m.index).ok().and_then(|i| a.stats.get(i)).copied().unwrap_or(0);
            r.utf8(BTX_KV_KEY, &m.name).int(BTX_KV_NUMBER, v);
        }),
        BTX_EVKEY_LOCAL_ENDPOINT => rec.utf8(key, &a.local_endpoint),
        BTX_EVKEY_OFFSET => rec.int(key, a.offset as i64),
        BTX_EVKEY_NUM_NODES => rec.int(key, a.num_nodes as i64),
        BTX_EVKEY_NODE_ID => rec.hex(key, &a.node_id),
        BTX_EVKEY_CONFLICTING_TORRENT => rec.int(key, cx.conflicting as i64),
        BTX_EVKEY_ALERT_NAME => rec.utf8(key, &a.alert_name),
        BTX_EVKEY_PORT => rec.int(key, a.port as i64),
        BTX_EVKEY_PROTOCOL => rec.utf8(key, &a.protocol),
        BTX_EVKEY_INFO_HASH => rec.hex(key, &a.info_hash),
        BTX_EVKEY_SIZE => rec.int(key, a.size),
        BTX_FILE_PATH => rec.utf8(key, &a.path),
        _ => rec,
    };
}

/// Encodes an alert as event `code` for `torrent`, without base fields
/// unless the event is beyond v8 (tests, benchmarks, golden vectors).
pub fn encode_as(code: u16, a: &AlertData, torrent: i32) -> Box<[u8]> {
    let def = event(code).expect("a registry event code");
    encode_alert(def, a, Context { torrent, ..Default::default() })
}

/// The `eventsDropped` event.
pub fn dropped_event(count: u64) -> Box<[u8]> {
    let mut buf = vec![0, 0, 0, 0];
    let mut rec = Record::begin(&mut buf);
    rec.int(BTX_EVKEY_DROPPED, count.min(i64::MAX as u64) as i64);
    rec.finish();
    frame(BTX_EVENT_EVENTS_DROPPED, buf)
}

/// A session's bounded queue of encoded events (see docs/architecture.md, "The event pump").
pub struct EventQueue {
    q: VecDeque<Box<[u8]>>,
    bytes: usize,
    /// events lost since the last marker went in
    dropped: u64,
    /// at most this many events are kept; newer ones are counted as dropped
    pub max_events: usize,
    /// at most this many bytes are kept
    pub max_bytes: usize,
    /// the pollable descriptor, once a host asked for one (btx_event_fd)
    signal: Option<Signal>,
}

/// A socket pair whose read end is readable exactly while events are
/// queued: one byte is in it then, none otherwise. Hosts poll a duplicate of
/// the read end; closing the write end (the session is freed) leaves it
/// readable for good (end of file).
struct Signal {
    reader: UnixStream,
    writer: UnixStream,
    raised: bool,
}

impl Default for EventQueue {
    fn default() -> Self {
        EventQueue::new(DEFAULT_MAX_EVENTS, DEFAULT_MAX_BYTES)
    }
}

impl EventQueue {
    /// An empty queue with these bounds.
    pub fn new(max_events: usize, max_bytes: usize) -> Self {
        EventQueue { q: VecDeque::new(), bytes: 0, dropped: 0, max_events: max_events.max(2), max_bytes, signal: None }
    }

    /// Keeps the descriptor readable exactly while something is queued. Only
    /// a change costs a system call, and only once a host asked for one.
    fn sync_signal(&mut self) {
        let want = !self.is_empty();
        if let Some(sig) = self.signal.as_mut() {
            if want && !sig.raised {
                sig.raised = (&sig.writer).write(&[1]).is_ok();
            } else if !want && sig.raised {
                let mut b = [0u8; 16];
                let _ = (&sig.reader).read(&mut b);
                sig.raised = false;
            }
        }
    }

    /// A new descriptor (the caller owns it) that is readable while events
    /// are queued.
    pub fn event_fd(&mut self) -> std::io::Result<OwnedFd> {
        if self.signal.is_none() {
            let (reader, writer) = UnixStream::pair()?;
            reader.set_nonblocking(true)?;
            writer.set_nonblocking(true)?;
            self.signal = Some(Signal { reader, writer, raised: false });
            self.sync_signal();
        }
        let dup = self.signal.as_ref().map(|s| s.reader.try_clone()).transpose()?;
        dup.map(OwnedFd::from).ok_or_else(|| std::io::Error::other("no signal"))
    }

    /// The session is going away: every descriptor handed out becomes
    /// readable for good.
    pub fn close_signal(&mut self) {
        if let Some(sig) = self.signal.take() {
            let _ = (&sig.writer).write(&[1]);
        }
    }

    /// How many events are queued.
    pub fn len(&self) -> usize {
        self.q.len()
    }

    /// Whether no event is queued.
    pub fn is_empty(&self) -> bool {
        self.q.is_empty() && self.dropped == 0
    }

    /// Room for an event of `n` bytes, keeping the last slot for a marker.
    /// An empty queue takes any event, however large.
    fn fits(&self, n: usize) -> bool {
        self.q.is_empty() || (self.q.len() + 1 < self.max_events && self.bytes + n <= self.max_bytes)
    }

    fn push_raw(&mut self, ev: Box<[u8]>) {
        self.bytes += ev.len();
        self.q.push_back(ev);
    }

    /// Records `n` events that were lost before they reached us
    /// (libtorrent's own queue overflowing).
    pub fn note_lost(&mut self, n: u64) {
        self.dropped += n;
        self.sync_signal();
    }

    fn flush_marker(&mut self) {
        if self.dropped > 0 && self.q.len() < self.max_events {
            let m = dropped_event(self.dropped);
            self.dropped = 0;
            self.push_raw(m);
        }
    }

    /// Queues one encoded event (`[code][bodyLen][kvrecord]`), or counts it as dropped when the queue is full.
    pub fn push(&mut self, ev: Box<[u8]>) {
        if self.dropped > 0 && self.fits(ev.len() + 16) {
            self.flush_marker();
        }
        if self.dropped == 0 && self.fits(ev.len()) {
            self.push_raw(ev);
        } else {
            self.dropped += 1;
        }
        self.sync_signal();
    }

    /// Drains into `out` as `[eventCount:u16]` + events. Returns the number
    /// of events written, or `-needed` when not even the first fits. An event
    /// that does not fit stays queued for the next call.
    pub fn drain(&mut self, out: &mut [u8]) -> i32 {
        if self.q.is_empty() {
            self.flush_marker();
        }
        let Some(first) = self.q.front() else {
            if out.len() >= 2 {
                out[..2].copy_from_slice(&[0, 0]);
            }
            self.sync_signal();
            return 0;
        };
        if 2 + first.len() > out.len() {
            return -((2 + first.len()).min(i32::MAX as usize) as i32);
        }
        let mut pos = 2;
        let mut n: u16 = 0;
        while n < u16::MAX {
            if self.q.is_empty() {
                self.flush_marker();
            }
            let Some(ev) = self.q.front() else { break };
            if pos + ev.len() > out.len() {
                break;
            }
            out[pos..pos + ev.len()].copy_from_slice(ev);
            pos += ev.len();
            self.bytes -= ev.len();
            self.q.pop_front();
            n += 1;
        }
        out[..2].copy_from_slice(&n.to_be_bytes());
        self.sync_signal();
        n as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::decode_events;

    fn ev(piece: i32) -> Box<[u8]> {
        let a = AlertData { lt_type: 27, index: piece, ..Default::default() };
        encode_as(BTX_EVENT_PIECE_FINISHED, &a, 7)
    }

    #[test]
    fn overflow_keeps_oldest_and_counts_the_rest() {
        let mut q = EventQueue::new(10, 1 << 20);
        for i in 0..25 {
            q.push(ev(i));
        }
        let mut out = vec![0u8; 4096];
        let n = q.drain(&mut out);
        let evs = decode_events(&out).unwrap();
        assert_eq!(n as usize, evs.len());
        let pieces: Vec<i64> = evs
            .iter()
            .filter(|(c, _)| *c == BTX_EVENT_PIECE_FINISHED)
            .map(|(_, f)| f.iter().find(|f| f.id == BTX_EVKEY_PIECE).unwrap().int().unwrap())
            .collect();
        assert_eq!(pieces, (0..9).collect::<Vec<_>>(), "oldest kept, in order");
        let (code, fields) = evs.last().unwrap();
        assert_eq!(*code, BTX_EVENT_EVENTS_DROPPED);
        assert_eq!(fields[0].int(), Some(16));
        assert!(q.is_empty());
        // after the drain the queue accepts events again
        q.push(ev(99));
        assert_eq!(q.drain(&mut out), 1);
    }

    #[test]
    fn an_event_that_does_not_fit_waits() {
        let mut q = EventQueue::default();
        q.push(ev(1));
        q.push(ev(2));
        let one = 2 + ev(1).len();
        let mut small = vec![0u8; one];
        assert_eq!(q.drain(&mut small[..one - 1]), -(one as i32));
        assert_eq!(q.drain(&mut small), 1);
        assert_eq!(q.drain(&mut small), 1);
        assert_eq!(q.drain(&mut small), 0);
    }

    #[test]
    fn large_bodies_use_the_escape() {
        let a = AlertData {
            lt_type: 37,
            blob: vec![0xAB; 100_000],
            ..Default::default()
        };
        let e = encode_as(BTX_EVENT_RESUME_DATA_READY, &a, 3);
        let mut q = EventQueue::default();
        q.push(e);
        let mut out = vec![0u8; 200_000];
        assert_eq!(q.drain(&mut out), 1);
        let evs = decode_events(&out).unwrap();
        let blob = evs[0].1.iter().find(|f| f.id == BTX_EVKEY_RESUME_DATA).unwrap();
        assert_eq!(blob.value, vec![0xAB; 100_000]);
    }
}
