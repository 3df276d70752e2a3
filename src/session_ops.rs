//! The safe calls behind the remaining whole-session and per-torrent
//! shells: session pause, the IP filter, the DHT's BEP 5 calls and state,
//! piece maps, peers, trackers and web seeds. Each wraps one libtorrent call
//! (the shells in src/capi/ only decode arguments and encode records).

use crate::bridge::ffi;
use crate::error::{invalid, Result};
use crate::session::Session;
use crate::torrent::Torrent;

/// A connected peer, as `btx_peer_list` lists it.
pub use crate::bridge::ffi::PeerData;
/// A tracker of a torrent, as `btx_trackers` lists it.
pub use crate::bridge::ffi::TrackerData as Tracker;

impl Session {
    /// Pauses (`true`) every torrent of the session at once, or resumes.
    pub fn set_paused(&self, paused: bool) -> Result<()> {
        Ok(ffi::session_pause(&self.lt, paused)?)
    }

    /// Whether the session is paused.
    pub fn is_paused(&self) -> Result<bool> {
        Ok(ffi::session_is_paused(&self.lt)?)
    }

    /// Adds an inclusive address range to the IP filter (`block`: block it,
    /// else allow it); both ends of one family.
    pub fn ip_filter_add(&self, first: &str, last: &str, block: bool) -> Result<()> {
        let _serial = self.ip_filter.lock();
        Ok(ffi::ip_filter_add(&self.lt, first, last, block)?)
    }

    /// Removes every IP-filter rule.
    pub fn ip_filter_clear(&self) -> Result<()> {
        let _serial = self.ip_filter.lock();
        Ok(ffi::ip_filter_clear(&self.lt)?)
    }

    /// Announces a v1 info-hash on the DHT (BEP 5); port 0 announces our
    /// listen port.
    pub fn dht_announce(&self, hash: &[u8; 20], port: i32) -> Result<()> {
        if !(0..=65535).contains(&port) {
            return Err(invalid(format!("port {port} is not in 0..65535")));
        }
        Ok(ffi::dht_announce(&self.lt, hash, port)?)
    }

    /// The DHT routing state, bencoded, for [`Session::dht_load_state`].
    pub fn dht_save_state(&self) -> Result<Vec<u8>> {
        Ok(ffi::dht_save_state(&self.lt)?)
    }

    /// Restores DHT routing state saved by [`Session::dht_save_state`].
    pub fn dht_load_state(&self, data: &[u8]) -> Result<()> {
        if data.is_empty() {
            return Err(invalid("data is empty"));
        }
        Ok(ffi::dht_load_state(&self.lt, data)?)
    }
}

impl Torrent {
    /// The have-bitfield: one bit per piece, most significant bit first
    /// (empty until the torrent has metadata).
    pub fn piece_bitfield(&self) -> Result<Vec<u8>> {
        Ok(ffi::piece_bitfield(&self.th)?)
    }

    /// How many connected peers have each piece, clamped to 255.
    pub fn piece_availability(&self) -> Result<Vec<u8>> {
        Ok(ffi::piece_availability(&self.th)?.into_iter().map(|v| v.clamp(0, 255) as u8).collect())
    }

    /// The connected peers.
    pub fn peers(&self) -> Result<Vec<PeerData>> {
        let mut peers = Vec::new();
        ffi::peer_list(&self.th, &mut peers)?;
        Ok(peers)
    }

    /// The torrent's trackers.
    pub fn trackers(&self) -> Result<Vec<Tracker>> {
        let mut trackers = Vec::new();
        ffi::tracker_list(&self.th, &mut trackers)?;
        Ok(trackers)
    }

    /// The torrent's web seeds (BEP 19).
    pub fn url_seeds(&self) -> Result<Vec<String>> {
        Ok(ffi::url_seeds(&self.th)?)
    }

    /// Removes a web seed.
    pub fn remove_url_seed(&self, url: &str) -> Result<()> {
        if url.is_empty() {
            return Err(invalid("url is empty"));
        }
        self.act(|th| ffi::remove_url_seed(th, url))
    }
}
