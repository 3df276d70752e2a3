//! The status cache: encoded status records, refreshed by the pump.
//!
//! libtorrent's `torrent_handle::status()` blocks on the network thread, so
//! a dashboard polling 1,000 torrents must not call it per torrent. Instead
//! the pump asks for `post_torrent_updates()` every `STATUS_PERIOD` and
//! stores each changed torrent's record, already encoded; `btx_torrent_status`
//! is then a lookup and a memcpy.
//!
//! Freshness against the host's own actions: every action bumps the
//! session's epoch and stamps the torrent's entry with it (`min_epoch`). Data
//! is only trusted if it was requested at or after that epoch; otherwise the
//! next read fetches the status synchronously, once. So after `btx_pause`
//! the next status says paused, and an update requested before the pause
//! can never overwrite it. The pump does the same for events that change
//! the status (torrentFinished, stateChanged, ...), so a host reading the
//! status in response to such an event sees the change.

use crate::bridge::ffi::StatusData;
use crate::record::Record;
use crate::registry::*;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::time::Duration;

/// How often the pump refreshes the cache: a record is at most this old
/// (plus one pump wake-up) when read.
pub const STATUS_PERIOD: Duration = Duration::from_millis(100);

pub struct Entry {
    pub record: Vec<u8>,
    /// epoch at which the data was requested
    pub data_epoch: u64,
    /// epoch of the last host action on this torrent
    pub min_epoch: u64,
    pub v1: Option<[u8; 20]>,
    pub v2: Option<[u8; 32]>,
}

impl Entry {
    pub fn from_status(st: &StatusData, epoch: u64) -> Entry {
        let mut record = Vec::with_capacity(400);
        encode_status(st, &mut record);
        Entry {
            record,
            data_epoch: epoch,
            min_epoch: 0,
            v1: st.has_v1.then_some(st.v1),
            v2: st.has_v2.then_some(st.v2),
        }
    }

    pub fn fresh(&self) -> bool {
        self.data_epoch >= self.min_epoch
    }
}

#[derive(Default)]
pub struct StatusCache {
    pub entries: Mutex<HashMap<i32, Entry>>,
}

impl StatusCache {
    /// Stores `st` for `handle` unless an action after `epoch` makes it stale.
    pub fn store(&self, handle: i32, st: &StatusData, epoch: u64) {
        let mut map = self.entries.lock();
        let e = map.entry(handle).or_insert_with(|| Entry::from_status(st, 0));
        if epoch < e.min_epoch {
            return;
        }
        e.record.clear();
        encode_status(st, &mut e.record);
        e.data_epoch = epoch;
        e.v1 = st.has_v1.then_some(st.v1);
        e.v2 = st.has_v2.then_some(st.v2);
    }

    /// Keeps a record fetched synchronously (same rule as `store`), without
    /// encoding it again.
    pub fn offer(&self, handle: i32, fetched: Entry) {
        let mut map = self.entries.lock();
        match map.get_mut(&handle) {
            Some(e) if fetched.data_epoch < e.min_epoch => {}
            Some(e) => {
                e.record = fetched.record;
                e.data_epoch = fetched.data_epoch;
                e.v1 = fetched.v1;
                e.v2 = fetched.v2;
            }
            None => {
                map.insert(handle, fetched);
            }
        }
    }

    pub fn mark_action(&self, handle: i32, epoch: u64) {
        if let Some(e) = self.entries.lock().get_mut(&handle) {
            e.min_epoch = epoch;
        }
    }

    pub fn forget(&self, handle: i32) {
        self.entries.lock().remove(&handle);
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

pub fn encode_status(st: &StatusData, buf: &mut Vec<u8>) {
    let mut r = Record::begin(buf);
    r.utf8(BTX_STATUS_NAME, &st.name)
        .int(BTX_STATUS_STATE, st.state as i64)
        .real(BTX_STATUS_PROGRESS, st.progress)
        .int(BTX_STATUS_DOWNLOAD_RATE, st.download_rate as i64)
        .int(BTX_STATUS_UPLOAD_RATE, st.upload_rate as i64)
        .int(BTX_STATUS_TOTAL_DONE, st.total_done)
        .int(BTX_STATUS_TOTAL_WANTED, st.total_wanted)
        .int(BTX_STATUS_NUM_PEERS, st.num_peers as i64)
        .int(BTX_STATUS_NUM_SEEDS, st.num_seeds as i64)
        .utf8(BTX_STATUS_SAVE_PATH, &st.save_path)
        .hex(BTX_STATUS_INFO_HASH_V1, if st.has_v1 { &st.v1 } else { &[] })
        .hex(BTX_STATUS_INFO_HASH_V2, if st.has_v2 { &st.v2 } else { &[] })
        .int(BTX_STATUS_NUM_PIECES, st.num_pieces as i64)
        .int(BTX_STATUS_PIECE_LENGTH, st.piece_length as i64)
        .int(BTX_STATUS_TOTAL_SIZE, st.total_size)
        .int(BTX_STATUS_ALL_TIME_DOWNLOAD, st.all_time_download)
        .int(BTX_STATUS_ALL_TIME_UPLOAD, st.all_time_upload)
        .int(BTX_STATUS_NUM_COMPLETE, st.num_complete as i64)
        .int(BTX_STATUS_NUM_INCOMPLETE, st.num_incomplete as i64)
        .int(BTX_STATUS_IS_FINISHED, st.is_finished as i64)
        .int(BTX_STATUS_IS_SEEDING, st.is_seeding as i64)
        .int(BTX_STATUS_IS_PAUSED, (st.flags & BTX_FLAG_PAUSED != 0) as i64)
        .utf8(BTX_STATUS_ERROR, &st.error)
        .int(BTX_STATUS_ETA, eta(st))
        .int(BTX_STATUS_ADDED_TIME, st.added_time)
        .int(BTX_STATUS_COMPLETED_TIME, st.completed_time)
        .int(BTX_STATUS_NUM_CONNECTIONS, st.num_connections as i64)
        .int(BTX_STATUS_FLAGS, st.flags as i64);
    r.finish();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::decode_record;

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
    fn stale_updates_do_not_overwrite_an_action() {
        let c = StatusCache::default();
        let st = StatusData::default();
        c.store(5, &st, 10);
        c.mark_action(5, 11);
        assert!(!c.entries.lock()[&5].fresh());
        c.store(5, &st, 10);
        assert_eq!(c.entries.lock()[&5].data_epoch, 10, "pre-action data ignored");
        c.store(5, &st, 11);
        assert!(c.entries.lock()[&5].fresh());
    }
}
