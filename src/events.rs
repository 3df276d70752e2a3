//! The event queue and the alert -> event-record encoder.
//!
//! Events are encoded once, on the pump thread, into their final wire form
//! (`[code:u16][bodyLen][kvrecord]`), so a drain is a run of memcpys.
//! The queue is bounded by count and bytes; on overflow the oldest events
//! are kept and one `eventsDropped` event (with the count) stands where the
//! lost ones would have been. Nothing is lost silently.

use crate::bridge::ffi::{AlertData, AlertKind};
use crate::record::{put_len, Record};
use crate::registry::*;
use std::collections::VecDeque;

/// Default bounds: enough for 100,000+ queued events between polls.
pub(crate) const DEFAULT_MAX_EVENTS: usize = 262_144;
pub(crate) const DEFAULT_MAX_BYTES: usize = 512 << 20;

/// libtorrent's alert, as one of our public event codes.
pub fn event_code(kind: AlertKind) -> Option<u16> {
    Some(match kind {
        AlertKind::TorrentAdded => BTX_EVENT_TORRENT_ADDED,
        AlertKind::MetadataReceived => BTX_EVENT_METADATA_RECEIVED,
        AlertKind::PieceFinished => BTX_EVENT_PIECE_FINISHED,
        AlertKind::TorrentFinished => BTX_EVENT_TORRENT_FINISHED,
        AlertKind::TorrentError => BTX_EVENT_TORRENT_ERROR,
        AlertKind::StateChanged => BTX_EVENT_STATE_CHANGED,
        AlertKind::TrackerReply => BTX_EVENT_TRACKER_REPLY,
        AlertKind::TrackerError => BTX_EVENT_TRACKER_ERROR,
        AlertKind::ResumeDataReady => BTX_EVENT_RESUME_DATA_READY,
        AlertKind::ResumeDataFailed => BTX_EVENT_RESUME_DATA_FAILED,
        AlertKind::TorrentRemoved => BTX_EVENT_TORRENT_REMOVED,
        AlertKind::DhtBootstrap => BTX_EVENT_DHT_BOOTSTRAP,
        AlertKind::ListenSucceeded => BTX_EVENT_LISTEN_SUCCEEDED,
        AlertKind::ListenFailed => BTX_EVENT_LISTEN_FAILED,
        AlertKind::TorrentPaused => BTX_EVENT_TORRENT_PAUSED,
        AlertKind::TorrentResumed => BTX_EVENT_TORRENT_RESUMED,
        AlertKind::FileCompleted => BTX_EVENT_FILE_COMPLETED,
        AlertKind::FileError => BTX_EVENT_FILE_ERROR,
        AlertKind::StorageMoved => BTX_EVENT_STORAGE_MOVED,
        AlertKind::FastresumeRejected => BTX_EVENT_FASTRESUME_REJECTED,
        AlertKind::ScrapeReply => BTX_EVENT_SCRAPE_REPLY,
        AlertKind::DhtImmutableItem => BTX_EVENT_DHT_IMMUTABLE_ITEM,
        AlertKind::DhtMutableItem => BTX_EVENT_DHT_MUTABLE_ITEM,
        AlertKind::DhtPut => BTX_EVENT_DHT_PUT,
        _ => return None,
    })
}

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

/// Encodes one alert for the torrent handle `torrent` (0 = none). The keys
/// come from the registry's event table, so the table is the contract.
pub fn encode_alert(a: &AlertData, torrent: i32) -> Option<Box<[u8]>> {
    let code = event_code(a.kind)?;
    let def = event(code)?;
    let mut buf = Vec::with_capacity(64 + a.blob.len());
    buf.extend_from_slice(&[0, 0, 0, 0]);
    let mut rec = Record::begin(&mut buf);
    if torrent != 0 {
        rec.int(BTX_EVKEY_TORRENT, torrent as i64);
    }
    for &key in def.keys {
        if applies(a, key) {
            put_key(&mut rec, key, a);
        }
    }
    rec.finish();
    Some(frame(code, buf))
}

/// A dhtPut carries `target` for an immutable item and the key, signature,
/// sequence number and salt for a mutable one.
fn applies(a: &AlertData, key: u8) -> bool {
    if a.kind != AlertKind::DhtPut {
        return true;
    }
    match key {
        BTX_DHT_TARGET => !a.is_mutable,
        BTX_DHT_PUBLIC_KEY | BTX_DHT_SIGNATURE | BTX_DHT_SEQ | BTX_DHT_SALT => a.is_mutable,
        _ => true,
    }
}

fn hex_or_empty(rec: &mut Record, id: u8, has: bool, b: &[u8]) {
    rec.hex(id, if has { b } else { &[] });
}

fn put_key(rec: &mut Record, key: u8, a: &AlertData) {
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
        BTX_EVKEY_TRACKER => rec.utf8(key, &a.tracker),
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
        _ => rec,
    };
}

/// The `eventsDropped` event.
pub fn dropped_event(count: u64) -> Box<[u8]> {
    let mut buf = vec![0, 0, 0, 0];
    let mut rec = Record::begin(&mut buf);
    rec.int(BTX_EVKEY_DROPPED, count.min(i64::MAX as u64) as i64);
    rec.finish();
    frame(BTX_EVENT_EVENTS_DROPPED, buf)
}

pub struct EventQueue {
    q: VecDeque<Box<[u8]>>,
    bytes: usize,
    /// events lost since the last marker went in
    dropped: u64,
    pub max_events: usize,
    pub max_bytes: usize,
}

impl Default for EventQueue {
    fn default() -> Self {
        EventQueue::new(DEFAULT_MAX_EVENTS, DEFAULT_MAX_BYTES)
    }
}

impl EventQueue {
    pub fn new(max_events: usize, max_bytes: usize) -> Self {
        EventQueue { q: VecDeque::new(), bytes: 0, dropped: 0, max_events: max_events.max(2), max_bytes }
    }

    pub fn len(&self) -> usize {
        self.q.len()
    }

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
    }

    fn flush_marker(&mut self) {
        if self.dropped > 0 && self.q.len() < self.max_events {
            let m = dropped_event(self.dropped);
            self.dropped = 0;
            self.push_raw(m);
        }
    }

    pub fn push(&mut self, ev: Box<[u8]>) {
        if self.dropped > 0 && self.fits(ev.len() + 16) {
            self.flush_marker();
        }
        if self.dropped == 0 && self.fits(ev.len()) {
            self.push_raw(ev);
        } else {
            self.dropped += 1;
        }
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
        n as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::decode_events;

    fn ev(piece: i32) -> Box<[u8]> {
        let a = AlertData { kind: AlertKind::PieceFinished, index: piece, ..Default::default() };
        encode_alert(&a, 7).unwrap()
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
            kind: AlertKind::ResumeDataReady,
            blob: vec![0xAB; 100_000],
            ..Default::default()
        };
        let e = encode_alert(&a, 3).unwrap();
        let mut q = EventQueue::default();
        q.push(e);
        let mut out = vec![0u8; 200_000];
        assert_eq!(q.drain(&mut out), 1);
        let evs = decode_events(&out).unwrap();
        let blob = evs[0].1.iter().find(|f| f.id == BTX_EVKEY_RESUME_DATA).unwrap();
        assert_eq!(blob.value, vec![0xAB; 100_000]);
    }
}
