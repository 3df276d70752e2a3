//! The event pump: one thread per session that drains libtorrent's alert
//! queue as alerts arrive, so a host that polls slowly (or not at all for a
//! while) loses nothing to libtorrent's alert-queue limit. It turns alerts
//! into encoded event records (events.rs), status updates into cached status
//! records (status.rs), session statistics into the snapshot
//! btx_session_stats serves, and markers into the progress count that bounds
//! how far the host's actions may run ahead of libtorrent (session.rs). No
//! host code ever runs here.

use crate::bridge::ffi::{self, AlertData, StatusData};
use crate::events::{encode_alert, lt_type, Context, EventMask};
use crate::session::Session;
use crate::status::STATUS_PERIOD;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Longest the pump sleeps before it rechecks its stop flag.
const MAX_WAIT: Duration = Duration::from_millis(50);
/// How often the DHT counters and session statistics are refreshed, and a
/// progress marker goes out.
const STATS_PERIOD: Duration = Duration::from_millis(500);

/// libtorrent's torrent_status::state_t values in which pieces come from
/// disk, not from peers.
const CHECKING_FILES: i32 = 1;
const CHECKING_RESUME_DATA: i32 = 7;

/// What the pump remembers between batches.
#[derive(Default)]
struct PumpState {
    /// epochs of the status requests whose state_update_alert is still due
    requested: VecDeque<u64>,
    /// each torrent's last known state_t (for marking restored pieces)
    states: HashMap<i32, i32>,
}

pub fn run(s: Arc<Session>) {
    let mut alerts: Vec<AlertData> = Vec::new();
    let mut statuses: Vec<StatusData> = Vec::new();
    let mut st = PumpState::default();
    let mut next_post = Instant::now();
    let mut next_stats = Instant::now();
    while !s.stop.load(Ordering::SeqCst) {
        let now = Instant::now();
        if now >= next_stats {
            s.post_marker(true);
            s.post_session_stats(false);
            next_stats = now + STATS_PERIOD;
        }
        if now >= next_post {
            let epoch = s.epoch.load(Ordering::SeqCst);
            if ffi::post_torrent_updates(&s.lt).is_ok() {
                if st.requested.len() >= 64 {
                    // replies went missing (a dropped alert): start over
                    st.requested.clear();
                }
                st.requested.push_back(epoch);
            }
            next_post = now + STATUS_PERIOD;
        }
        if let Some(d) = s.durable.get() {
            d.tick(&s);
        }
        let wait = next_post.min(next_stats).saturating_duration_since(now).min(MAX_WAIT);
        if ffi::wait_for_alert(&s.lt, wait.as_millis() as i32).is_err() {
            std::thread::sleep(wait);
            continue;
        }
        alerts.clear();
        statuses.clear();
        let mask = s.event_mask.read().clone();
        if ffi::pop_alerts(&s.lt, &mask.filter(), &mut alerts, &mut statuses).is_err() {
            continue;
        }
        absorb(&s, &mask, &alerts, &mut statuses, &mut st);
    }
}

/// Events after which a cached status record would contradict the event.
/// (Not torrentAdded: a record the cache has of a new torrent is already
/// from after its add, and an idle torrent would stay stale for good.)
fn changes_status(lt: i32) -> bool {
    // metadata_received, torrent_finished, torrent_error, state_changed,
    // torrent_paused, torrent_resumed, file_error, storage_moved,
    // fastresume_rejected
    matches!(lt, 45 | 26 | 64 | 10 | 39 | 40 | 43 | 33 | 53)
}

fn absorb(s: &Arc<Session>, mask: &EventMask, alerts: &[AlertData], statuses: &mut [StatusData], st: &mut PumpState) {
    let mut batch = 0usize;
    let mut encoded = Vec::with_capacity(alerts.len());
    let mut lost = 0u64;
    for a in alerts {
        match a.lt_type {
            lt_type::STATE_UPDATE => {
                let n = a.count.max(0) as usize;
                let epoch = st.requested.pop_front().unwrap_or(0);
                let end = (batch + n).min(statuses.len());
                if let Some(d) = s.durable.get() {
                    d.note_statuses(s, &statuses[batch..end]);
                }
                s.store_statuses(&mut statuses[batch..end], epoch);
                batch = end;
                if let Some(def) = mask.deliver_as(a.lt_type) {
                    encoded.push(encode_alert(def, a, Context::default()));
                }
            }
            lt_type::ALERTS_DROPPED => {
                lost += a.count.max(1) as u64;
                if a.stats.contains(&(lt_type::DHT_STATS as i64)) {
                    s.markers_lost();
                }
            }
            lt_type::DHT_STATS => {
                let periodic = s.marker_arrived();
                s.set_dht_counters(None, None, Some(a.seq), None);
                if periodic {
                    if let Some(def) = mask.deliver_as(a.lt_type) {
                        encoded.push(encode_alert(def, a, Context::default()));
                    }
                }
            }
            lt_type::SESSION_STATS => {
                let for_host = s.session_stats_arrived(&a.stats);
                if for_host {
                    if let Some(def) = mask.deliver_as(a.lt_type) {
                        encoded.push(encode_alert(def, a, Context::default()));
                    }
                }
            }
            _ => {
                let torrent = if a.tag != 0 { a.tag } else { s.resolve(a.torrent_id) };
                let mut cx = Context { torrent, details: mask.details, ..Default::default() };
                match a.lt_type {
                    lt_type::TORRENT_REMOVED => {
                        s.forget_id(torrent);
                        st.states.remove(&torrent);
                    }
                    lt_type::ADD_TORRENT if restored(s, a) == Some(false) => continue, // a restore failed (storeError says so)
                    lt_type::ADD_TORRENT if a.error_code != 0 => continue, // the add call already failed
                    lt_type::ADD_TORRENT => {
                        // libtorrent starts every torrent checking its resume data
                        st.states.insert(torrent, CHECKING_RESUME_DATA);
                    }
                    lt_type::STATE_CHANGED => {
                        st.states.insert(torrent, a.state);
                    }
                    lt_type::FILE_ERROR if torrent != 0 => {
                        s.note_disk_error(torrent, &a.error_message);
                        files_changed(torrent, |c| c.forget());
                    }
                    lt_type::FILE_RENAMED => files_changed(torrent, |c| c.forget()),
                    lt_type::FILE_PRIO => files_changed(torrent, |c| c.priorities_applied()),
                    lt_type::FILE_COMPLETED if a.index < 0 => continue, // a pad file: hosts do not see those
                    lt_type::PIECE_FINISHED => {
                        let state = st.states.get(&torrent).copied().unwrap_or(CHECKING_RESUME_DATA);
                        cx.restored = state == CHECKING_FILES || state == CHECKING_RESUME_DATA;
                    }
                    lt_type::TORRENT_CONFLICT => cx.conflicting = s.resolve(a.conflicting_id),
                    _ => {}
                }
                if let Some(d) = s.durable.get() {
                    d.on_alert(a, torrent);
                    if a.lt_type == lt_type::SAVE_RESUME_FAILED && a.error_code == ffi::resume_not_modified_code() {
                        // the store's own conditional save found nothing new
                        // (hosts' saves are never conditional): not the host's news
                        continue;
                    }
                }
                if torrent != 0 && changes_status(a.lt_type) {
                    // the host may read the status as soon as it sees this
                    // event: make that read fetch, not serve the cache
                    let e = s.epoch.fetch_add(1, Ordering::SeqCst) + 1;
                    s.status.mark_action(torrent, e);
                }
                if let Some(def) = mask.deliver_as(a.lt_type) {
                    encoded.push(encode_alert(def, a, cx));
                }
            }
        }
    }
    if !encoded.is_empty() || lost > 0 {
        s.push_events(encoded, lost);
    }
}

/// A durable session's restored torrent: Some(true) indexed, Some(false)
/// failed, None not a restore.
fn restored(s: &Arc<Session>, a: &AlertData) -> Option<bool> {
    let d = s.durable.get()?;
    d.restore_arrived(s, a.tag, &a.error_message, a.error_code != 0)
}

/// Tells a torrent's file-list cache (files.rs) that its files changed.
fn files_changed(torrent: i32, f: impl FnOnce(&mut crate::files::FileCache)) {
    if let Some(crate::handles::Object::Torrent(t)) = crate::handles::get(torrent) {
        f(&mut t.files.lock());
    }
}
