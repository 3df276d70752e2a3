//! Session statistics: libtorrent's counters by name, and a summary a
//! dashboard shows. The pump asks libtorrent for the counters every 500 ms
//! (and whenever the host posts a request), so btx_session_stats is a copy
//! of the latest snapshot, at most about half a second old, and never waits
//! on libtorrent. Rates come from the last two snapshots.

use crate::events::METRICS;
use crate::record::{encode_list, Record};
use crate::registry::*;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

#[derive(Default)]
/// The last two snapshots of libtorrent's session counters.
pub struct Stats {
    /// session_stats posts in flight, in order: true when the host asked
    /// (its answer is delivered as a sessionStats event)
    posts: VecDeque<bool>,
    cur: Vec<i64>,
    cur_at: Option<Instant>,
    /// older snapshots, oldest first, kept for RATE_WINDOW: rates are taken
    /// over at least a second, so two snapshots close together (a host's
    /// request next to the periodic one) cannot make a rate jump
    history: VecDeque<(Instant, Vec<i64>)>,
}

/// Rates are averaged over at least this long.
const RATE_WINDOW: Duration = Duration::from_millis(1000);

/// A counter's value index by name (libtorrent's session_stats_metrics).
pub fn metric(name: &str) -> Option<usize> {
    METRICS.iter().find(|m| m.name == name).and_then(|m| usize::try_from(m.index).ok())
}

impl Stats {
    /// Notes a request for counters (`for_host`: answer with a sessionStats event).
    pub fn posted(&mut self, for_host: bool) {
        self.posts.push_back(for_host);
    }

    /// A snapshot arrived; returns whether the host asked for it.
    pub fn arrived(&mut self, counters: &[i64]) -> bool {
        let for_host = self.posts.pop_front().unwrap_or(false);
        let now = Instant::now();
        let old = std::mem::replace(&mut self.cur, counters.to_vec());
        if let Some(at) = self.cur_at.replace(now) {
            self.history.push_back((at, old));
        }
        // keep the newest snapshot that is at least RATE_WINDOW old, and
        // everything after it
        while self.history.len() > 1 && now.duration_since(self.history[1].0) >= RATE_WINDOW {
            self.history.pop_front();
        }
        for_host
    }

    /// A counter's latest value by name (0 when unknown).
    pub fn value(&self, name: &str) -> i64 {
        metric(name).and_then(|i| self.cur.get(i)).copied().unwrap_or(0)
    }

    /// Bytes per second of a cumulative counter, over the last second or
    /// so (between the newest snapshot and one at least RATE_WINDOW older,
    /// or the oldest kept).
    pub fn rate(&self, name: &str) -> i64 {
        let (Some(i), Some(b), Some((a, before))) = (metric(name), self.cur_at, self.history.front()) else { return 0 };
        let secs = b.duration_since(*a).as_secs_f64();
        let (Some(&now), Some(&then)) = (self.cur.get(i), before.get(i)) else { return 0 };
        if secs < 0.2 {
            return 0;
        }
        ((now - then).max(0) as f64 / secs).round() as i64
    }

    /// Every counter by name: a list of items (key, number, type).
    pub fn record(&self) -> Vec<u8> {
        encode_list(&METRICS, |r, m| {
            let v = usize::try_from(m.index).ok().and_then(|i| self.cur.get(i)).copied().unwrap_or(0);
            r.utf8(BTX_KV_KEY, &m.name).int(BTX_KV_NUMBER, v).utf8(BTX_KV_TYPE, if m.gauge { "gauge" } else { "counter" });
        })
    }

    /// The session-wide summary record.
    pub fn summary(&self, torrents: i64, coalesced: u64, behind: u64) -> Vec<u8> {
        let mut buf = Vec::with_capacity(512);
        let mut r = Record::begin(&mut buf);
        r.int(BTX_SUM_PAYLOAD_DOWNLOAD_RATE, self.rate("net.recv_payload_bytes"))
            .int(BTX_SUM_PAYLOAD_UPLOAD_RATE, self.rate("net.sent_payload_bytes"))
            .int(BTX_SUM_DOWNLOAD_RATE, self.rate("net.recv_bytes") + self.rate("net.recv_ip_overhead_bytes"))
            .int(BTX_SUM_UPLOAD_RATE, self.rate("net.sent_bytes") + self.rate("net.sent_ip_overhead_bytes"))
            .int(BTX_SUM_TOTAL_PAYLOAD_DOWNLOAD, self.value("net.recv_payload_bytes"))
            .int(BTX_SUM_TOTAL_PAYLOAD_UPLOAD, self.value("net.sent_payload_bytes"))
            .int(BTX_SUM_TOTAL_DOWNLOAD, self.value("net.recv_bytes") + self.value("net.recv_ip_overhead_bytes"))
            .int(BTX_SUM_TOTAL_UPLOAD, self.value("net.sent_bytes") + self.value("net.sent_ip_overhead_bytes"))
            .int(BTX_SUM_NUM_PEERS, self.value("peer.num_peers_connected"))
            .int(BTX_SUM_NUM_UNCHOKED, self.value("peer.num_peers_up_unchoked"))
            .int(BTX_SUM_NUM_TORRENTS, torrents)
            .int(BTX_SUM_NUM_DOWNLOADING, self.value("ses.num_downloading_torrents"))
            .int(BTX_SUM_NUM_SEEDING, self.value("ses.num_seeding_torrents"))
            .int(BTX_SUM_NUM_CHECKING, self.value("ses.num_checking_torrents"))
            .int(BTX_SUM_NUM_STOPPED, self.value("ses.num_stopped_torrents"))
            .int(BTX_SUM_NUM_ERROR, self.value("ses.num_error_torrents"))
            .int(BTX_SUM_DHT_NODES, self.value("dht.dht_nodes"))
            .int(BTX_SUM_DISK_QUEUED_JOBS, self.value("disk.queued_disk_jobs"))
            .int(BTX_SUM_DISK_QUEUED_WRITE_BYTES, self.value("disk.queued_write_bytes"))
            .int(BTX_SUM_DISK_BLOCKS_IN_USE, self.value("disk.disk_blocks_in_use"))
            .int(BTX_SUM_HAS_INCOMING, self.value("net.has_incoming_connections"))
            .int(BTX_SUM_COALESCED_ACTIONS, coalesced.min(i64::MAX as u64) as i64)
            .int(BTX_SUM_ACTIONS_BEHIND, behind.min(i64::MAX as u64) as i64);
        r.finish();
        buf
    }
}
