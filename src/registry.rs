//! The one registry: return codes, record types, field ids, event codes and
//! flag bits. The constants below go verbatim into `include/torrentxt.h`
//! (cbindgen); the tables below them drive the encoder, the generated docs
//! tables and the LCB constants. `tests/registry.rs` checks that every
//! `#define` in the header appears in these tables with the same value.
//!
//! Append-only: an id or code is never reused or renumbered.

use std::os::raw::c_int;

/// This library's ABI version (see docs/abi-versioning.md).
pub const BTX_ABI_VERSION: c_int = 9;

// ---- return codes -------------------------------------------------------
pub const BTX_OK: c_int = 0;
pub const BTX_ERR_GENERIC: c_int = -1;
pub const BTX_ERR_BAD_HANDLE: c_int = -2;
pub const BTX_ERR_INVALID_ARG: c_int = -3;
pub const BTX_ERR_SESSION_LIVE: c_int = -4;
pub const BTX_ERR_NO_SESSION: c_int = -5;
pub const BTX_ERR_EXCEPTION: c_int = -6;
pub const BTX_ERR_ABI: c_int = -7;

// ---- record value types --------------------------------------------------
pub const BTX_TYPE_INT: u8 = 0;
pub const BTX_TYPE_REAL: u8 = 1;
pub const BTX_TYPE_UTF8: u8 = 2;
pub const BTX_TYPE_RAW: u8 = 3;
pub const BTX_TYPE_HEX: u8 = 4;

/// A `len`/`bodyLen`/`itemCount` of this value means "a u32 follows".
pub const BTX_LEN_ESCAPE: u16 = 0xFFFF;

// ---- torrent status fields (btx_torrent_status) --------------------------
pub const BTX_STATUS_NAME: u8 = 1;
pub const BTX_STATUS_STATE: u8 = 2;
pub const BTX_STATUS_PROGRESS: u8 = 3;
pub const BTX_STATUS_DOWNLOAD_RATE: u8 = 4;
pub const BTX_STATUS_UPLOAD_RATE: u8 = 5;
pub const BTX_STATUS_TOTAL_DONE: u8 = 6;
pub const BTX_STATUS_TOTAL_WANTED: u8 = 7;
pub const BTX_STATUS_NUM_PEERS: u8 = 8;
pub const BTX_STATUS_NUM_SEEDS: u8 = 9;
pub const BTX_STATUS_SAVE_PATH: u8 = 10;
pub const BTX_STATUS_INFO_HASH_V1: u8 = 11;
pub const BTX_STATUS_INFO_HASH_V2: u8 = 12;
pub const BTX_STATUS_NUM_PIECES: u8 = 13;
pub const BTX_STATUS_PIECE_LENGTH: u8 = 14;
pub const BTX_STATUS_TOTAL_SIZE: u8 = 15;
pub const BTX_STATUS_ALL_TIME_DOWNLOAD: u8 = 16;
pub const BTX_STATUS_ALL_TIME_UPLOAD: u8 = 17;
pub const BTX_STATUS_NUM_COMPLETE: u8 = 18;
pub const BTX_STATUS_NUM_INCOMPLETE: u8 = 19;
pub const BTX_STATUS_IS_FINISHED: u8 = 20;
pub const BTX_STATUS_IS_SEEDING: u8 = 21;
pub const BTX_STATUS_IS_PAUSED: u8 = 22;
pub const BTX_STATUS_ERROR: u8 = 23;
pub const BTX_STATUS_ETA: u8 = 24;
pub const BTX_STATUS_ADDED_TIME: u8 = 25;
pub const BTX_STATUS_COMPLETED_TIME: u8 = 26;
pub const BTX_STATUS_NUM_CONNECTIONS: u8 = 27;
pub const BTX_STATUS_FLAGS: u8 = 28;

// ---- peer fields (btx_peer_list) -----------------------------------------
pub const BTX_PEER_ENDPOINT: u8 = 40;
pub const BTX_PEER_CLIENT: u8 = 41;
pub const BTX_PEER_DOWN_RATE: u8 = 42;
pub const BTX_PEER_UP_RATE: u8 = 43;
pub const BTX_PEER_PROGRESS: u8 = 44;
pub const BTX_PEER_FLAGS: u8 = 45;

// ---- event payload fields (btx_pop_alerts) -------------------------------
pub const BTX_EVKEY_TORRENT: u8 = 60;
pub const BTX_EVKEY_MESSAGE: u8 = 61;
pub const BTX_EVKEY_ERROR_CODE: u8 = 62;
pub const BTX_EVKEY_ERROR_MESSAGE: u8 = 63;
pub const BTX_EVKEY_PIECE: u8 = 64;
pub const BTX_EVKEY_STATE: u8 = 65;
pub const BTX_EVKEY_PREV_STATE: u8 = 66;
pub const BTX_EVKEY_TRACKER: u8 = 67;
pub const BTX_EVKEY_NUM_PEERS: u8 = 68;
pub const BTX_EVKEY_RESUME_DATA: u8 = 69;
pub const BTX_EVKEY_INFO_HASH_V1: u8 = 70;
pub const BTX_EVKEY_INFO_HASH_V2: u8 = 71;
pub const BTX_EVKEY_TORRENT_NAME: u8 = 72;
pub const BTX_EVKEY_ENDPOINT: u8 = 73;
/// our extension: how many events were lost (eventsDropped)
pub const BTX_EVKEY_DROPPED: u8 = 74;

// ---- DHT state and BEP 44 item fields ------------------------------------
pub const BTX_DHT_NODES: u8 = 100;
pub const BTX_DHT_NODE_CACHE: u8 = 101;
pub const BTX_DHT_GLOBAL_NODES: u8 = 102;
pub const BTX_DHT_TORRENTS: u8 = 103;
pub const BTX_DHT_TARGET: u8 = 104;
pub const BTX_DHT_VALUE: u8 = 105;
pub const BTX_DHT_PUBLIC_KEY: u8 = 106;
pub const BTX_DHT_SIGNATURE: u8 = 107;
pub const BTX_DHT_SEQ: u8 = 108;
pub const BTX_DHT_SALT: u8 = 109;
pub const BTX_DHT_AUTHORITATIVE: u8 = 110;
pub const BTX_DHT_NUM_SUCCESS: u8 = 111;
pub const BTX_DHT_SECRET_KEY: u8 = 112;
pub const BTX_DHT_SEED: u8 = 113;

// ---- file fields (btx_file_list) -----------------------------------------
pub const BTX_FILE_PATH: u8 = 120;
pub const BTX_FILE_SIZE: u8 = 121;
pub const BTX_FILE_PROGRESS: u8 = 122;
pub const BTX_FILE_PRIORITY: u8 = 123;

// ---- tracker / web-seed fields (btx_trackers, btx_url_seeds) -------------
pub const BTX_TRACKER_URL: u8 = 130;
pub const BTX_TRACKER_TIER: u8 = 131;
pub const BTX_TRACKER_VERIFIED: u8 = 132;
pub const BTX_TRACKER_SOURCE: u8 = 133;
pub const BTX_URLSEED_URL: u8 = 134;

// ---- event codes ----------------------------------------------------------
pub const BTX_EVENT_TORRENT_ADDED: u16 = 1;
pub const BTX_EVENT_METADATA_RECEIVED: u16 = 2;
pub const BTX_EVENT_PIECE_FINISHED: u16 = 3;
pub const BTX_EVENT_TORRENT_FINISHED: u16 = 4;
pub const BTX_EVENT_TORRENT_ERROR: u16 = 5;
pub const BTX_EVENT_STATE_CHANGED: u16 = 6;
pub const BTX_EVENT_TRACKER_REPLY: u16 = 7;
pub const BTX_EVENT_TRACKER_ERROR: u16 = 8;
pub const BTX_EVENT_RESUME_DATA_READY: u16 = 9;
pub const BTX_EVENT_RESUME_DATA_FAILED: u16 = 10;
pub const BTX_EVENT_TORRENT_REMOVED: u16 = 11;
pub const BTX_EVENT_DHT_BOOTSTRAP: u16 = 12;
pub const BTX_EVENT_LISTEN_SUCCEEDED: u16 = 13;
pub const BTX_EVENT_LISTEN_FAILED: u16 = 14;
pub const BTX_EVENT_TORRENT_PAUSED: u16 = 15;
pub const BTX_EVENT_TORRENT_RESUMED: u16 = 16;
pub const BTX_EVENT_FILE_COMPLETED: u16 = 17;
pub const BTX_EVENT_FILE_ERROR: u16 = 18;
pub const BTX_EVENT_STORAGE_MOVED: u16 = 19;
pub const BTX_EVENT_FASTRESUME_REJECTED: u16 = 20;
pub const BTX_EVENT_SCRAPE_REPLY: u16 = 21;
pub const BTX_EVENT_DHT_IMMUTABLE_ITEM: u16 = 22;
pub const BTX_EVENT_DHT_MUTABLE_ITEM: u16 = 23;
pub const BTX_EVENT_DHT_PUT: u16 = 24;
/// our extension: events were lost to a full queue; `dropped` says how many
pub const BTX_EVENT_EVENTS_DROPPED: u16 = 25;

// ---- torrent flag bits (libtorrent's torrent_flags) ----------------------
pub const BTX_FLAG_SEED_MODE: u64 = 1;
pub const BTX_FLAG_UPLOAD_MODE: u64 = 2;
pub const BTX_FLAG_SHARE_MODE: u64 = 4;
pub const BTX_FLAG_APPLY_IP_FILTER: u64 = 8;
pub const BTX_FLAG_PAUSED: u64 = 16;
pub const BTX_FLAG_AUTO_MANAGED: u64 = 32;
pub const BTX_FLAG_SUPER_SEEDING: u64 = 256;
pub const BTX_FLAG_SEQUENTIAL_DOWNLOAD: u64 = 512;
pub const BTX_FLAG_STOP_WHEN_READY: u64 = 1024;

// ==== the tables ============================================================

/// Which record a field id belongs to (for docs and the LCB key maps).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Status,
    Peer,
    Event,
    Dht,
    File,
    Tracker,
}

#[derive(Clone, Copy, Debug)]
pub struct FieldDef {
    pub id: u8,
    pub key: &'static str,
    pub ty: u8,
    pub group: Group,
    pub c_name: &'static str,
    pub meaning: &'static str,
}

macro_rules! f {
    ($c:ident, $key:literal, $ty:ident, $g:ident, $m:literal) => {
        FieldDef { id: $c, key: $key, ty: $ty, group: Group::$g, c_name: stringify!($c), meaning: $m }
    };
}

pub const FIELDS: &[FieldDef] = &[
    f!(BTX_STATUS_NAME, "name", BTX_TYPE_UTF8, Status, "torrent name (empty until metadata for a magnet)"),
    f!(BTX_STATUS_STATE, "state", BTX_TYPE_INT, Status, "libtorrent torrent_status::state_t"),
    f!(BTX_STATUS_PROGRESS, "progress", BTX_TYPE_REAL, Status, "fraction complete, 0.0 .. 1.0"),
    f!(BTX_STATUS_DOWNLOAD_RATE, "downloadRate", BTX_TYPE_INT, Status, "payload download rate, bytes/s"),
    f!(BTX_STATUS_UPLOAD_RATE, "uploadRate", BTX_TYPE_INT, Status, "payload upload rate, bytes/s"),
    f!(BTX_STATUS_TOTAL_DONE, "totalDone", BTX_TYPE_INT, Status, "bytes we have, verified (64-bit)"),
    f!(BTX_STATUS_TOTAL_WANTED, "totalWanted", BTX_TYPE_INT, Status, "bytes of the selected files (64-bit)"),
    f!(BTX_STATUS_NUM_PEERS, "numPeers", BTX_TYPE_INT, Status, "connected peers"),
    f!(BTX_STATUS_NUM_SEEDS, "numSeeds", BTX_TYPE_INT, Status, "connected seeds"),
    f!(BTX_STATUS_SAVE_PATH, "savePath", BTX_TYPE_UTF8, Status, "download directory"),
    f!(BTX_STATUS_INFO_HASH_V1, "infoHashV1", BTX_TYPE_HEX, Status, "v1 info-hash, 40 hex (empty if v2-only)"),
    f!(BTX_STATUS_INFO_HASH_V2, "infoHashV2", BTX_TYPE_HEX, Status, "v2 info-hash, 64 hex (empty if v1-only)"),
    f!(BTX_STATUS_NUM_PIECES, "numPieces", BTX_TYPE_INT, Status, "total pieces (0 until metadata)"),
    f!(BTX_STATUS_PIECE_LENGTH, "pieceLength", BTX_TYPE_INT, Status, "piece size, bytes (0 until metadata)"),
    f!(BTX_STATUS_TOTAL_SIZE, "totalSize", BTX_TYPE_INT, Status, "total content size, bytes (64-bit)"),
    f!(BTX_STATUS_ALL_TIME_DOWNLOAD, "allTimeDownload", BTX_TYPE_INT, Status, "lifetime bytes downloaded (64-bit)"),
    f!(BTX_STATUS_ALL_TIME_UPLOAD, "allTimeUpload", BTX_TYPE_INT, Status, "lifetime bytes uploaded (64-bit)"),
    f!(BTX_STATUS_NUM_COMPLETE, "numComplete", BTX_TYPE_INT, Status, "seeds in the swarm (scrape; -1 unknown)"),
    f!(BTX_STATUS_NUM_INCOMPLETE, "numIncomplete", BTX_TYPE_INT, Status, "leechers in the swarm (scrape; -1 unknown)"),
    f!(BTX_STATUS_IS_FINISHED, "isFinished", BTX_TYPE_INT, Status, "1 when all selected files are complete"),
    f!(BTX_STATUS_IS_SEEDING, "isSeeding", BTX_TYPE_INT, Status, "1 when complete and seeding"),
    f!(BTX_STATUS_IS_PAUSED, "isPaused", BTX_TYPE_INT, Status, "1 when the torrent is paused"),
    f!(BTX_STATUS_ERROR, "error", BTX_TYPE_UTF8, Status, "torrent error message (empty if none)"),
    f!(BTX_STATUS_ETA, "eta", BTX_TYPE_INT, Status, "seconds to completion; 0 when finished, -1 unknown"),
    f!(BTX_STATUS_ADDED_TIME, "addedTime", BTX_TYPE_INT, Status, "unix time the torrent was added"),
    f!(BTX_STATUS_COMPLETED_TIME, "completedTime", BTX_TYPE_INT, Status, "unix time it completed; 0 if not"),
    f!(BTX_STATUS_NUM_CONNECTIONS, "numConnections", BTX_TYPE_INT, Status, "peer connections, half-open included"),
    f!(BTX_STATUS_FLAGS, "flags", BTX_TYPE_INT, Status, "torrent_flags bits (BTX_FLAG_*)"),
    f!(BTX_PEER_ENDPOINT, "endpoint", BTX_TYPE_UTF8, Peer, "peer address, ip:port"),
    f!(BTX_PEER_CLIENT, "client", BTX_TYPE_UTF8, Peer, "peer client name"),
    f!(BTX_PEER_DOWN_RATE, "downRate", BTX_TYPE_INT, Peer, "download rate from this peer, bytes/s"),
    f!(BTX_PEER_UP_RATE, "upRate", BTX_TYPE_INT, Peer, "upload rate to this peer, bytes/s"),
    f!(BTX_PEER_PROGRESS, "progress", BTX_TYPE_REAL, Peer, "peer's completion, 0..1"),
    f!(BTX_PEER_FLAGS, "flags", BTX_TYPE_INT, Peer, "libtorrent peer_info flag bits"),
    f!(BTX_EVKEY_TORRENT, "torrent", BTX_TYPE_INT, Event, "our torrent handle (absent if none)"),
    f!(BTX_EVKEY_MESSAGE, "message", BTX_TYPE_UTF8, Event, "libtorrent's text for the alert"),
    f!(BTX_EVKEY_ERROR_CODE, "errorCode", BTX_TYPE_INT, Event, "error_code value"),
    f!(BTX_EVKEY_ERROR_MESSAGE, "errorMessage", BTX_TYPE_UTF8, Event, "error_code message"),
    f!(BTX_EVKEY_PIECE, "piece", BTX_TYPE_INT, Event, "piece index (file index for fileCompleted)"),
    f!(BTX_EVKEY_STATE, "state", BTX_TYPE_INT, Event, "new state_t"),
    f!(BTX_EVKEY_PREV_STATE, "prevState", BTX_TYPE_INT, Event, "previous state_t"),
    f!(BTX_EVKEY_TRACKER, "tracker", BTX_TYPE_UTF8, Event, "tracker URL"),
    f!(BTX_EVKEY_NUM_PEERS, "numPeers", BTX_TYPE_INT, Event, "peers returned / swarm size"),
    f!(BTX_EVKEY_RESUME_DATA, "resumeData", BTX_TYPE_RAW, Event, "bencoded resume data, any size"),
    f!(BTX_EVKEY_INFO_HASH_V1, "infoHashV1", BTX_TYPE_HEX, Event, "v1 info-hash"),
    f!(BTX_EVKEY_INFO_HASH_V2, "infoHashV2", BTX_TYPE_HEX, Event, "v2 info-hash"),
    f!(BTX_EVKEY_TORRENT_NAME, "torrentName", BTX_TYPE_UTF8, Event, "torrent name"),
    f!(BTX_EVKEY_ENDPOINT, "endpoint", BTX_TYPE_UTF8, Event, "listen endpoint, ip:port"),
    f!(BTX_EVKEY_DROPPED, "dropped", BTX_TYPE_INT, Event, "events lost to a full queue"),
    f!(BTX_DHT_NODES, "nodes", BTX_TYPE_INT, Dht, "nodes in the routing table"),
    f!(BTX_DHT_NODE_CACHE, "nodeCache", BTX_TYPE_INT, Dht, "replacement-cache nodes"),
    f!(BTX_DHT_GLOBAL_NODES, "globalNodes", BTX_TYPE_INT, Dht, "estimated DHT size (64-bit)"),
    f!(BTX_DHT_TORRENTS, "torrents", BTX_TYPE_INT, Dht, "torrents tracked by our DHT node"),
    f!(BTX_DHT_TARGET, "target", BTX_TYPE_HEX, Dht, "immutable item target (sha1)"),
    f!(BTX_DHT_VALUE, "value", BTX_TYPE_RAW, Dht, "item value"),
    f!(BTX_DHT_PUBLIC_KEY, "publicKey", BTX_TYPE_HEX, Dht, "ed25519 public key, 64 hex"),
    f!(BTX_DHT_SIGNATURE, "signature", BTX_TYPE_HEX, Dht, "ed25519 signature, 128 hex"),
    f!(BTX_DHT_SEQ, "seq", BTX_TYPE_INT, Dht, "mutable item sequence number (64-bit)"),
    f!(BTX_DHT_SALT, "salt", BTX_TYPE_UTF8, Dht, "mutable item salt"),
    f!(BTX_DHT_AUTHORITATIVE, "authoritative", BTX_TYPE_INT, Dht, "1 when the lookup is complete"),
    f!(BTX_DHT_NUM_SUCCESS, "numSuccess", BTX_TYPE_INT, Dht, "nodes that stored the put"),
    f!(BTX_DHT_SECRET_KEY, "secretKey", BTX_TYPE_HEX, Dht, "ed25519 secret key, 128 hex"),
    f!(BTX_DHT_SEED, "seed", BTX_TYPE_HEX, Dht, "ed25519 seed, 64 hex"),
    f!(BTX_FILE_PATH, "path", BTX_TYPE_UTF8, File, "path within the torrent"),
    f!(BTX_FILE_SIZE, "size", BTX_TYPE_INT, File, "file size, bytes (64-bit)"),
    f!(BTX_FILE_PROGRESS, "progress", BTX_TYPE_INT, File, "bytes of this file downloaded (64-bit)"),
    f!(BTX_FILE_PRIORITY, "priority", BTX_TYPE_INT, File, "download priority 0..7"),
    f!(BTX_TRACKER_URL, "url", BTX_TYPE_UTF8, Tracker, "announce URL"),
    f!(BTX_TRACKER_TIER, "tier", BTX_TYPE_INT, Tracker, "tier, 0 first"),
    f!(BTX_TRACKER_VERIFIED, "verified", BTX_TYPE_INT, Tracker, "1 once it answered this session"),
    f!(BTX_TRACKER_SOURCE, "source", BTX_TYPE_INT, Tracker, "announce_entry source bits"),
    f!(BTX_URLSEED_URL, "urlSeed", BTX_TYPE_UTF8, Tracker, "one web seed URL (btx_url_seeds)"),
];

#[derive(Clone, Copy, Debug)]
pub struct EventDef {
    pub code: u16,
    pub name: &'static str,
    pub c_name: &'static str,
    /// keys the event carries besides `torrent`
    pub keys: &'static [u8],
    pub when: &'static str,
}

macro_rules! e {
    ($c:ident, $name:literal, [$($k:ident),*], $when:literal) => {
        EventDef { code: $c, name: $name, c_name: stringify!($c), keys: &[$($k),*], when: $when }
    };
}


pub const EVENTS: &[EventDef] = &[
    e!(BTX_EVENT_TORRENT_ADDED, "torrentAdded", [BTX_EVKEY_TORRENT_NAME, BTX_EVKEY_INFO_HASH_V1, BTX_EVKEY_INFO_HASH_V2], "a torrent was added"),
    e!(BTX_EVENT_METADATA_RECEIVED, "metadataReceived", [BTX_EVKEY_TORRENT_NAME, BTX_EVKEY_INFO_HASH_V1, BTX_EVKEY_INFO_HASH_V2], "magnet metadata arrived"),
    e!(BTX_EVENT_PIECE_FINISHED, "pieceFinished", [BTX_EVKEY_PIECE], "a piece passed its hash check"),
    e!(BTX_EVENT_TORRENT_FINISHED, "torrentFinished", [], "all selected files are complete"),
    e!(BTX_EVENT_TORRENT_ERROR, "torrentError", [BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE, BTX_EVKEY_MESSAGE], "a torrent-level error"),
    e!(BTX_EVENT_STATE_CHANGED, "stateChanged", [BTX_EVKEY_STATE, BTX_EVKEY_PREV_STATE], "the torrent's state_t changed"),
    e!(BTX_EVENT_TRACKER_REPLY, "trackerReply", [BTX_EVKEY_TRACKER, BTX_EVKEY_NUM_PEERS], "a tracker announce succeeded"),
    e!(BTX_EVENT_TRACKER_ERROR, "trackerError", [BTX_EVKEY_TRACKER, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE, BTX_EVKEY_MESSAGE], "a tracker announce failed"),
    e!(BTX_EVENT_RESUME_DATA_READY, "resumeDataReady", [BTX_EVKEY_RESUME_DATA], "requested resume data is ready"),
    e!(BTX_EVENT_RESUME_DATA_FAILED, "resumeDataFailed", [BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE, BTX_EVKEY_MESSAGE], "the resume-data request failed"),
    e!(BTX_EVENT_TORRENT_REMOVED, "torrentRemoved", [BTX_EVKEY_INFO_HASH_V1, BTX_EVKEY_INFO_HASH_V2], "a torrent finished removal"),
    e!(BTX_EVENT_DHT_BOOTSTRAP, "dhtBootstrap", [], "the DHT bootstrap completed"),
    e!(BTX_EVENT_LISTEN_SUCCEEDED, "listenSucceeded", [BTX_EVKEY_ENDPOINT, BTX_EVKEY_MESSAGE], "a listen socket opened (one per socket type; message says which)"),
    e!(BTX_EVENT_LISTEN_FAILED, "listenFailed", [BTX_EVKEY_ENDPOINT, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE, BTX_EVKEY_MESSAGE], "a listen socket failed to open"),
    e!(BTX_EVENT_TORRENT_PAUSED, "torrentPaused", [], "the torrent paused"),
    e!(BTX_EVENT_TORRENT_RESUMED, "torrentResumed", [], "the torrent resumed"),
    e!(BTX_EVENT_FILE_COMPLETED, "fileCompleted", [BTX_EVKEY_PIECE], "a file completed (piece = file index)"),
    e!(BTX_EVENT_FILE_ERROR, "fileError", [BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE, BTX_EVKEY_MESSAGE], "a file I/O error (or a failed move)"),
    e!(BTX_EVENT_STORAGE_MOVED, "storageMoved", [BTX_EVKEY_MESSAGE], "storage moved; message = new path"),
    e!(BTX_EVENT_FASTRESUME_REJECTED, "fastresumeRejected", [BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE, BTX_EVKEY_MESSAGE], "resume data rejected; a recheck follows"),
    e!(BTX_EVENT_SCRAPE_REPLY, "scrapeReply", [BTX_EVKEY_TRACKER, BTX_EVKEY_NUM_PEERS, BTX_STATUS_NUM_COMPLETE, BTX_STATUS_NUM_INCOMPLETE], "a scrape returned swarm counts"),
    e!(BTX_EVENT_DHT_IMMUTABLE_ITEM, "dhtImmutableItem", [BTX_DHT_TARGET, BTX_DHT_VALUE], "an immutable get returned"),
    e!(BTX_EVENT_DHT_MUTABLE_ITEM, "dhtMutableItem", [BTX_DHT_PUBLIC_KEY, BTX_DHT_VALUE, BTX_DHT_SEQ, BTX_DHT_SIGNATURE, BTX_DHT_SALT, BTX_DHT_AUTHORITATIVE], "a mutable get returned"),
    e!(BTX_EVENT_DHT_PUT, "dhtPut", [BTX_DHT_NUM_SUCCESS, BTX_DHT_TARGET, BTX_DHT_PUBLIC_KEY, BTX_DHT_SIGNATURE, BTX_DHT_SEQ, BTX_DHT_SALT], "a DHT put completed"),
    e!(BTX_EVENT_EVENTS_DROPPED, "eventsDropped", [BTX_EVKEY_DROPPED], "events were lost to a full queue"),
];

#[derive(Clone, Copy, Debug)]
pub struct ConstDef {
    pub c_name: &'static str,
    pub value: i64,
    pub meaning: &'static str,
}

macro_rules! c {
    ($c:ident, $m:literal) => {
        ConstDef { c_name: stringify!($c), value: $c as i64, meaning: $m }
    };
}

pub const RETURN_CODES: &[ConstDef] = &[
    c!(BTX_OK, "success"),
    c!(BTX_ERR_GENERIC, "unclassified failure; see btx_last_error"),
    c!(BTX_ERR_BAD_HANDLE, "the session/torrent handle is not live"),
    c!(BTX_ERR_INVALID_ARG, "a NULL, empty, malformed or out-of-range argument (incl. unknown setting key)"),
    c!(BTX_ERR_SESSION_LIVE, "reserved (TorrentXT's one-session limit; torrentxt allows many)"),
    c!(BTX_ERR_NO_SESSION, "the operation needs a session and the handle names none"),
    c!(BTX_ERR_EXCEPTION, "a C++ exception or Rust panic was caught at the boundary"),
    c!(BTX_ERR_ABI, "reserved for ABI-mismatch reporting"),
];

pub const TORRENT_FLAGS: &[ConstDef] = &[
    c!(BTX_FLAG_SEED_MODE, "skip the initial hash check; assume all pieces present"),
    c!(BTX_FLAG_UPLOAD_MODE, "serve pieces, request none"),
    c!(BTX_FLAG_SHARE_MODE, "optimise for share ratio"),
    c!(BTX_FLAG_APPLY_IP_FILTER, "obey the session IP filter"),
    c!(BTX_FLAG_PAUSED, "paused"),
    c!(BTX_FLAG_AUTO_MANAGED, "started/stopped by the session queue"),
    c!(BTX_FLAG_SUPER_SEEDING, "super-seeding (initial seeding)"),
    c!(BTX_FLAG_SEQUENTIAL_DOWNLOAD, "download pieces in order"),
    c!(BTX_FLAG_STOP_WHEN_READY, "pause once checking is done"),
];

pub const VALUE_TYPES: &[ConstDef] = &[
    c!(BTX_TYPE_INT, "signed decimal ASCII"),
    c!(BTX_TYPE_REAL, "decimal ASCII"),
    c!(BTX_TYPE_UTF8, "UTF-8 text"),
    c!(BTX_TYPE_RAW, "raw bytes"),
    c!(BTX_TYPE_HEX, "lower-case hex ASCII"),
];

pub fn field(id: u8) -> Option<&'static FieldDef> {
    FIELDS.iter().find(|f| f.id == id)
}

pub fn event(code: u16) -> Option<&'static EventDef> {
    EVENTS.iter().find(|e| e.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_codes_are_unique() {
        for (i, a) in FIELDS.iter().enumerate() {
            assert!(FIELDS[i + 1..].iter().all(|b| b.id != a.id), "field id {} reused", a.id);
        }
        for (i, a) in EVENTS.iter().enumerate() {
            assert!(EVENTS[i + 1..].iter().all(|b| b.code != a.code), "event {} reused", a.code);
            for k in a.keys {
                assert!(field(*k).is_some(), "event {} names unknown field {k}", a.name);
            }
        }
    }

    #[test]
    fn seed_tables_are_complete() {
        assert_eq!(FIELDS.iter().filter(|f| f.group == Group::Status).count(), 28);
        assert_eq!(EVENTS.iter().filter(|e| e.code <= 24).count(), 24);
        assert_eq!(FIELDS.iter().filter(|f| (60..=73).contains(&f.id)).count(), 14);
    }
}
