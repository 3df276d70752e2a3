//! The event pump: one thread per session that drains libtorrent's alert
//! queue as alerts arrive, so a host that polls slowly (or not at all for a
//! while) loses nothing to libtorrent's alert-queue limit. It turns alerts
//! into encoded event records (events.rs) and status updates into cached
//! status records (status.rs). No host code ever runs here.

use crate::bridge::ffi::{self, AlertData, AlertKind, StatusData};
use crate::events::encode_alert;
use crate::session::Session;
use crate::status::STATUS_PERIOD;
use std::collections::VecDeque;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Longest the pump sleeps before it rechecks its stop flag.
const MAX_WAIT: Duration = Duration::from_millis(50);
/// How often the DHT counters of btx_dht_state are refreshed.
const DHT_STATS_PERIOD: Duration = Duration::from_millis(500);

pub fn run(s: Arc<Session>) {
    let mut alerts: Vec<AlertData> = Vec::new();
    let mut statuses: Vec<StatusData> = Vec::new();
    // epochs of the status requests whose state_update_alert is still due
    let mut requested: VecDeque<u64> = VecDeque::new();
    let mut next_post = Instant::now();
    let mut next_dht = Instant::now();
    while !s.stop.load(Ordering::SeqCst) {
        let now = Instant::now();
        if now >= next_dht {
            let _ = ffi::post_dht_stats(&s.lt);
            next_dht = now + DHT_STATS_PERIOD;
        }
        if now >= next_post {
            let epoch = s.epoch.load(Ordering::SeqCst);
            if ffi::post_torrent_updates(&s.lt).is_ok() {
                if requested.len() >= 64 {
                    // replies went missing (a dropped alert): start over
                    requested.clear();
                }
                requested.push_back(epoch);
            }
            next_post = now + STATUS_PERIOD;
        }
        let wait = next_post.saturating_duration_since(now).min(MAX_WAIT);
        if ffi::wait_for_alert(&s.lt, wait.as_millis() as i32).is_err() {
            std::thread::sleep(wait);
            continue;
        }
        alerts.clear();
        statuses.clear();
        if ffi::pop_alerts(&s.lt, &mut alerts, &mut statuses).is_err() {
            continue;
        }
        absorb(&s, &alerts, &statuses, &mut requested);
    }
}

/// Events after which a cached status record would contradict the event.
fn changes_status(kind: AlertKind) -> bool {
    matches!(
        kind,
        AlertKind::TorrentAdded
            | AlertKind::MetadataReceived
            | AlertKind::TorrentFinished
            | AlertKind::TorrentError
            | AlertKind::StateChanged
            | AlertKind::TorrentPaused
            | AlertKind::TorrentResumed
            | AlertKind::FileError
            | AlertKind::StorageMoved
            | AlertKind::FastresumeRejected
    )
}

fn absorb(s: &Session, alerts: &[AlertData], statuses: &[StatusData], requested: &mut VecDeque<u64>) {
    let mut st = statuses.iter();
    let mut encoded = Vec::with_capacity(alerts.len());
    let mut lost = 0u64;
    for a in alerts {
        match a.kind {
            AlertKind::StatusBatch => {
                let epoch = requested.pop_front().unwrap_or(0);
                for one in st.by_ref().take(a.index.max(0) as usize) {
                    let h = s.resolve(one.torrent_id);
                    if h != 0 && matches!(crate::handles::get(h), Some(crate::handles::Object::Torrent(_))) {
                        s.status.store(h, one, epoch);
                    }
                }
            }
            AlertKind::AlertsDropped => lost += a.index.max(1) as u64,
            AlertKind::DhtStats => {
                let mut d = s.dht.lock();
                for (slot, v) in [(0, a.num_peers as i64), (1, a.index as i64), (2, a.seq), (3, a.num_success as i64)] {
                    if v >= 0 {
                        d[slot] = v;
                    }
                }
            }
            _ => {
                let torrent = if a.tag != 0 { a.tag } else { s.resolve(a.torrent_id) };
                if a.kind == AlertKind::TorrentRemoved {
                    s.forget_id(torrent);
                } else if torrent != 0 && changes_status(a.kind) {
                    // the host may read the status as soon as it sees this
                    // event: make that read fetch, not serve the cache
                    let e = s.epoch.fetch_add(1, Ordering::SeqCst) + 1;
                    s.status.mark_action(torrent, e);
                }
                if let Some(ev) = encode_alert(a, torrent) {
                    encoded.push(ev);
                }
            }
        }
    }
    if encoded.is_empty() && lost == 0 {
        return;
    }
    let mut q = s.events.lock();
    if lost > 0 {
        q.note_lost(lost);
    }
    for ev in encoded {
        q.push(ev);
    }
}
