//! How far the host's actions may run ahead of libtorrent.
//!
//! Every torrent action (pause, resume, flags, limits, ...) is posted to
//! libtorrent's network thread and returns at once. A host calling them in
//! a tight loop can queue work faster than libtorrent runs it, and
//! libtorrent's cost of that backlog grows faster than linearly: 100,000
//! queued pause/resume calls on a downloading torrent made the next
//! synchronous call wait 19.5 s here. So the session counts what it posted
//! and what libtorrent has run, and keeps the difference bounded.
//!
//! libtorrent runs what is posted to it in order, so a marker posted after
//! some actions comes back (as a dht_stats_alert, which libtorrent always
//! posts) only once they all ran. The pump sends one every 500 ms, and an
//! action sends one every `MARKER_EVERY` actions; the pump reports each back
//! in order. Past `MAX_OUTSTANDING` actions ahead, the next action waits
//! until libtorrent is halfway caught up.

use parking_lot::{Condvar, Mutex};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Most actions a session lets run ahead of libtorrent.
const MAX_OUTSTANDING: u64 = crate::registry::BTX_LIMIT_OUTSTANDING_ACTIONS as u64;
/// An action posts a marker every this many actions.
const MARKER_EVERY: u64 = 512;
/// Longest an action waits for libtorrent to catch up before it fails with
/// BTX_ERR_LIMIT.
/// cbindgen:ignore
pub const CATCH_UP_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Default)]
/// How far a session's actions run ahead of libtorrent's network thread.
pub struct Progress {
    posted: AtomicU64,
    processed: AtomicU64,
    /// markers in flight, in the order libtorrent will answer them:
    /// (posted count when sent, sent by the pump's timer)
    markers: Mutex<VecDeque<(u64, bool)>>,
    caught_up: Condvar,
    wait_lock: Mutex<()>,
    /// actions a host made that were skipped as redundant (btx statistics)
    pub coalesced: AtomicU64,
}

/// What came of counting an action.
pub enum Outcome {
    /// posted; the action's sequence number
    Posted(u64),
    /// libtorrent did not catch up in time
    Behind(u64),
    /// the session stopped while waiting
    Stopped,
}

impl Progress {
    /// Actions libtorrent has run.
    pub fn processed(&self) -> u64 {
        self.processed.load(Ordering::SeqCst)
    }

    /// Actions posted to libtorrent.
    pub fn posted(&self) -> u64 {
        self.posted.load(Ordering::SeqCst)
    }

    /// Queues a marker; `send` posts it to libtorrent. Both happen under
    /// one lock so the queue's order is the order libtorrent answers in.
    pub fn send_marker(&self, periodic: bool, send: impl FnOnce() -> bool) {
        let mut q = self.markers.lock();
        if send() {
            q.push_back((self.posted(), periodic));
        }
    }

    /// A marker came back: everything posted before it has run. Returns
    /// whether it was the pump's periodic one.
    pub fn marker_arrived(&self) -> bool {
        let Some((seq, periodic)) = self.markers.lock().pop_front() else { return true };
        if seq > self.processed.fetch_max(seq, Ordering::SeqCst) {
            let _g = self.wait_lock.lock();
            self.caught_up.notify_all();
        }
        periodic
    }

    /// libtorrent's alert queue overflowed and dropped markers: their order
    /// is lost, so count everything sent so far as run (the next markers
    /// restore the count).
    pub fn markers_lost(&self) {
        let mut q = self.markers.lock();
        if let Some(&(seq, _)) = q.back() {
            self.processed.fetch_max(seq, Ordering::SeqCst);
        }
        q.clear();
        let _g = self.wait_lock.lock();
        self.caught_up.notify_all();
    }

    /// Counts one posted action; every `MARKER_EVERY` sends a marker, and
    /// past `MAX_OUTSTANDING` waits (bounded) for libtorrent to catch up.
    pub fn after_post(&self, send_marker: impl Fn() -> bool, stopped: impl Fn() -> bool) -> Outcome {
        let seq = self.posted.fetch_add(1, Ordering::SeqCst) + 1;
        if seq % MARKER_EVERY == 0 {
            self.send_marker(false, &send_marker);
        }
        if seq.saturating_sub(self.processed()) <= MAX_OUTSTANDING {
            return Outcome::Posted(seq);
        }
        let target = seq - MAX_OUTSTANDING / 2;
        self.send_marker(false, &send_marker);
        let deadline = Instant::now() + CATCH_UP_TIMEOUT;
        let mut g = self.wait_lock.lock();
        while self.processed() < target {
            if stopped() {
                return Outcome::Stopped;
            }
            if self.caught_up.wait_until(&mut g, deadline).timed_out() {
                return if self.processed() >= target { Outcome::Posted(seq) } else { Outcome::Behind(seq - self.processed()) };
            }
        }
        Outcome::Posted(seq)
    }

    /// Wakes every waiter (the session is being freed).
    pub fn wake_all(&self) {
        let _g = self.wait_lock.lock();
        self.caught_up.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_advance_in_order() {
        let p = Progress::default();
        for _ in 0..10 {
            assert!(matches!(p.after_post(|| true, || false), Outcome::Posted(_)));
        }
        p.send_marker(true, || true);
        for _ in 0..5 {
            p.after_post(|| true, || false);
        }
        p.send_marker(false, || true);
        assert_eq!(p.processed(), 0);
        assert!(p.marker_arrived(), "the periodic one first");
        assert_eq!(p.processed(), 10);
        assert!(!p.marker_arrived());
        assert_eq!(p.processed(), 15);
        assert!(p.marker_arrived(), "an unexpected marker counts as periodic");
    }

    #[test]
    fn a_backlog_waits_then_fails_when_libtorrent_never_answers() {
        let p = Progress::default();
        for _ in 0..MAX_OUTSTANDING {
            assert!(matches!(p.after_post(|| true, || false), Outcome::Posted(_)));
        }
        // the next one is past the bound; nothing answers markers: it stops
        // waiting when the session stops
        assert!(matches!(p.after_post(|| true, || true), Outcome::Stopped));
    }
}
