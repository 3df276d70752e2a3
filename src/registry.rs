//! The one registry: return codes, record types, field ids, event codes and
//! flag bits. The constants below go verbatim into `include/torrentxt.h`
//! (cbindgen); the tables below them drive the encoder, the generated docs
//! tables and the LCB constants. `tests/registry.rs` checks that every
//! `#define` in the header appears in these tables with the same value.
//!
//! Append-only: an id or code is never reused or renumbered.
//!
//! Field ids are one vocabulary shared by every record: an id always means
//! the same key, type and meaning, so a record may borrow an id defined for
//! another (a metainfo record uses `name`, 1, like a status record). Ranges,
//! so that parallel work never collides:
//!
//! | ids | what |
//! |---|---|
//! | 1-28 | the v8 status fields |
//! | 29-39 | download queue (partial pieces) |
//! | 40-59 | peer fields |
//! | 60-99, 114-119, 135-139 | event keys |
//! | 100-113 | DHT fields |
//! | 120-129 | file fields |
//! | 130-134 | tracker and web-seed fields |
//! | 140-199 | status fields beyond v8 |
//! | 200-219 | metainfo and magnet fields |
//! | 220-249 | session statistics, settings and key/value items |
//! | 250-254 | reserved |

use std::os::raw::c_int;

/// This library's ABI version (see docs/abi-versioning.md).
pub const BTX_ABI_VERSION: c_int = 10;

// ---- return codes -------------------------------------------------------
pub const BTX_OK: c_int = 0;
pub const BTX_ERR_GENERIC: c_int = -1;
pub const BTX_ERR_BAD_HANDLE: c_int = -2;
pub const BTX_ERR_INVALID_ARG: c_int = -3;
pub const BTX_ERR_SESSION_LIVE: c_int = -4;
pub const BTX_ERR_NO_SESSION: c_int = -5;
pub const BTX_ERR_EXCEPTION: c_int = -6;
pub const BTX_ERR_ABI: c_int = -7;
pub const BTX_ERR_LIMIT: c_int = -8;
pub const BTX_ERR_STORE: c_int = -9;
pub const BTX_ERR_TIMEOUT: c_int = -10;

// ---- record value types --------------------------------------------------
pub const BTX_TYPE_INT: u8 = 0;
pub const BTX_TYPE_REAL: u8 = 1;
pub const BTX_TYPE_UTF8: u8 = 2;
pub const BTX_TYPE_RAW: u8 = 3;
pub const BTX_TYPE_HEX: u8 = 4;
/// a nested list: the value is a list shape (`[itemCount:len]` + items)
pub const BTX_TYPE_LIST: u8 = 5;

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
// beyond v8: btx_torrent_status_ex and the bulk calls (ids 140-199)
pub const BTX_STATUS_TOTAL_DOWNLOAD: u8 = 140;
pub const BTX_STATUS_TOTAL_UPLOAD: u8 = 141;
pub const BTX_STATUS_TOTAL_PAYLOAD_DOWNLOAD: u8 = 142;
pub const BTX_STATUS_TOTAL_PAYLOAD_UPLOAD: u8 = 143;
pub const BTX_STATUS_TOTAL_FAILED_BYTES: u8 = 144;
pub const BTX_STATUS_TOTAL_REDUNDANT_BYTES: u8 = 145;
pub const BTX_STATUS_TOTAL: u8 = 146;
pub const BTX_STATUS_TOTAL_WANTED_DONE: u8 = 147;
pub const BTX_STATUS_LAST_SEEN_COMPLETE: u8 = 148;
pub const BTX_STATUS_STORAGE_MODE: u8 = 149;
pub const BTX_STATUS_PROGRESS_PPM: u8 = 150;
pub const BTX_STATUS_QUEUE_POSITION: u8 = 151;
pub const BTX_STATUS_DOWNLOAD_PROTOCOL_RATE: u8 = 152;
pub const BTX_STATUS_UPLOAD_PROTOCOL_RATE: u8 = 153;
pub const BTX_STATUS_LIST_SEEDS: u8 = 154;
pub const BTX_STATUS_LIST_PEERS: u8 = 155;
pub const BTX_STATUS_CONNECT_CANDIDATES: u8 = 156;
pub const BTX_STATUS_NUM_HAVE_PIECES: u8 = 157;
pub const BTX_STATUS_DISTRIBUTED_FULL_COPIES: u8 = 158;
pub const BTX_STATUS_DISTRIBUTED_FRACTION: u8 = 159;
pub const BTX_STATUS_DISTRIBUTED_COPIES: u8 = 160;
pub const BTX_STATUS_BLOCK_SIZE: u8 = 161;
pub const BTX_STATUS_NUM_UPLOADS: u8 = 162;
pub const BTX_STATUS_UPLOADS_LIMIT: u8 = 163;
pub const BTX_STATUS_CONNECTIONS_LIMIT: u8 = 164;
pub const BTX_STATUS_UP_BANDWIDTH_QUEUE: u8 = 165;
pub const BTX_STATUS_DOWN_BANDWIDTH_QUEUE: u8 = 166;
pub const BTX_STATUS_SEED_RANK: u8 = 167;
pub const BTX_STATUS_NEED_SAVE_RESUME: u8 = 168;
pub const BTX_STATUS_HAS_METADATA: u8 = 169;
pub const BTX_STATUS_HAS_INCOMING: u8 = 170;
pub const BTX_STATUS_MOVING_STORAGE: u8 = 171;
pub const BTX_STATUS_ANNOUNCING_TO_TRACKERS: u8 = 172;
pub const BTX_STATUS_ANNOUNCING_TO_LSD: u8 = 173;
pub const BTX_STATUS_ANNOUNCING_TO_DHT: u8 = 174;
pub const BTX_STATUS_CURRENT_TRACKER: u8 = 175;
pub const BTX_STATUS_NEXT_ANNOUNCE: u8 = 176;
pub const BTX_STATUS_LAST_UPLOAD: u8 = 177;
pub const BTX_STATUS_LAST_DOWNLOAD: u8 = 178;
pub const BTX_STATUS_ACTIVE_DURATION: u8 = 179;
pub const BTX_STATUS_FINISHED_DURATION: u8 = 180;
pub const BTX_STATUS_SEEDING_DURATION: u8 = 181;
pub const BTX_STATUS_ERROR_FILE: u8 = 182;
pub const BTX_STATUS_ERROR_CODE: u8 = 183;
pub const BTX_STATUS_ERROR_CATEGORY: u8 = 184;

// ---- peer fields (btx_peer_list) -----------------------------------------
pub const BTX_PEER_ENDPOINT: u8 = 40;
pub const BTX_PEER_CLIENT: u8 = 41;
pub const BTX_PEER_DOWN_RATE: u8 = 42;
pub const BTX_PEER_UP_RATE: u8 = 43;
pub const BTX_PEER_PROGRESS: u8 = 44;
pub const BTX_PEER_FLAGS: u8 = 45;
// beyond v8: btx_peer_info (issue 12), ids 46-59
pub const BTX_PEER_FLAG_NAMES: u8 = 46;
pub const BTX_PEER_SOURCE: u8 = 47;
pub const BTX_PEER_SOURCE_NAMES: u8 = 48;
pub const BTX_PEER_CONNECTION: u8 = 49;
pub const BTX_PEER_ENCRYPTION: u8 = 50;
pub const BTX_PEER_TOTAL_DOWNLOAD: u8 = 51;
pub const BTX_PEER_TOTAL_UPLOAD: u8 = 52;
pub const BTX_PEER_DOWNLOAD_QUEUE: u8 = 53;
pub const BTX_PEER_UPLOAD_QUEUE: u8 = 54;
pub const BTX_PEER_RTT: u8 = 55;
pub const BTX_PEER_PIECES_HAVE: u8 = 56;
pub const BTX_PEER_DOWN_PROTOCOL_RATE: u8 = 57;
pub const BTX_PEER_UP_PROTOCOL_RATE: u8 = 58;
pub const BTX_PEER_QUEUE_BYTES: u8 = 59;

// ---- download queue (btx_download_queue), ids 29-39 ------------------------
pub const BTX_QUEUE_BLOCKS_IN_PIECE: u8 = 29;
pub const BTX_QUEUE_FINISHED: u8 = 30;
pub const BTX_QUEUE_WRITING: u8 = 31;
pub const BTX_QUEUE_REQUESTED: u8 = 32;
pub const BTX_QUEUE_BLOCK_STATES: u8 = 33;
pub const BTX_QUEUE_BYTES_DONE: u8 = 34;

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
// beyond v8 (the every-alert events)
pub const BTX_EVKEY_ALERT_TYPE: u8 = 75;
pub const BTX_EVKEY_CATEGORY: u8 = 76;
pub const BTX_EVKEY_TIME: u8 = 77;
pub const BTX_EVKEY_PEER_ID: u8 = 78;
pub const BTX_EVKEY_CLIENT: u8 = 79;
pub const BTX_EVKEY_REASON: u8 = 80;
pub const BTX_EVKEY_OPERATION: u8 = 81;
pub const BTX_EVKEY_SOCKET_TYPE: u8 = 82;
pub const BTX_EVKEY_FILE_INDEX: u8 = 83;
pub const BTX_EVKEY_NEW_NAME: u8 = 84;
pub const BTX_EVKEY_OLD_NAME: u8 = 85;
pub const BTX_EVKEY_WARNING: u8 = 86;
pub const BTX_EVKEY_BLOCK: u8 = 87;
pub const BTX_EVKEY_ANNOUNCE_EVENT: u8 = 88;
pub const BTX_EVKEY_LOG: u8 = 89;
pub const BTX_EVKEY_COUNT: u8 = 90;
pub const BTX_EVKEY_INTERVAL: u8 = 91;
pub const BTX_EVKEY_PEERS: u8 = 92;
pub const BTX_EVKEY_SAMPLES: u8 = 93;
pub const BTX_EVKEY_NODES: u8 = 94;
pub const BTX_EVKEY_RESTORED: u8 = 95;
pub const BTX_EVKEY_EXTERNAL_ADDRESS: u8 = 96;
pub const BTX_EVKEY_DIRECTION: u8 = 97;
pub const BTX_EVKEY_STATS: u8 = 98;
pub const BTX_EVKEY_LOCAL_ENDPOINT: u8 = 99;
pub const BTX_EVKEY_OFFSET: u8 = 114;
pub const BTX_EVKEY_NUM_NODES: u8 = 115;
pub const BTX_EVKEY_NODE_ID: u8 = 116;
pub const BTX_EVKEY_CONFLICTING_TORRENT: u8 = 117;
pub const BTX_EVKEY_ALERT_NAME: u8 = 118;
pub const BTX_EVKEY_PORT: u8 = 135;
pub const BTX_EVKEY_PROTOCOL: u8 = 136;
pub const BTX_EVKEY_INFO_HASH: u8 = 137;
pub const BTX_EVKEY_SIZE: u8 = 138;

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
// beyond v8: metainfo file records (btx_metainfo), ids 124-129
pub const BTX_FILE_OFFSET: u8 = 124;
pub const BTX_FILE_ATTRIBUTES: u8 = 125;
pub const BTX_FILE_ATTRIBUTE_BITS: u8 = 126;
pub const BTX_FILE_SYMLINK_TARGET: u8 = 127;
pub const BTX_FILE_MTIME: u8 = 128;
pub const BTX_FILE_PIECES_ROOT: u8 = 129;

// ---- tracker / web-seed fields (btx_trackers, btx_url_seeds) -------------
pub const BTX_TRACKER_URL: u8 = 130;
pub const BTX_TRACKER_TIER: u8 = 131;
pub const BTX_TRACKER_VERIFIED: u8 = 132;
pub const BTX_TRACKER_SOURCE: u8 = 133;
pub const BTX_URLSEED_URL: u8 = 134;

// ---- metainfo, magnet, creation and limits records (issue 12), ids 200-219
pub const BTX_META_FILES: u8 = 200;
pub const BTX_META_TRACKERS: u8 = 201;
pub const BTX_META_WEB_SEEDS: u8 = 202;
pub const BTX_META_PRIVATE: u8 = 203;
pub const BTX_META_CREATOR: u8 = 204;
pub const BTX_META_COMMENT: u8 = 205;
pub const BTX_META_CREATION_DATE: u8 = 206;
pub const BTX_META_DHT_NODES: u8 = 207;
pub const BTX_META_HOST: u8 = 208;
pub const BTX_META_NUM_FILES: u8 = 209;
pub const BTX_META_SELECTED_FILES: u8 = 210;
pub const BTX_META_JOB: u8 = 211;
pub const BTX_META_PIECES_DONE: u8 = 212;
pub const BTX_META_TORRENT_FILE: u8 = 213;
pub const BTX_META_CANCELLED: u8 = 214;
pub const BTX_META_DOWNLOAD_LIMIT: u8 = 215;
pub const BTX_META_UPLOAD_LIMIT: u8 = 216;
// ---- key/value items: settings, statistics, user data (ids 220-223) --------
pub const BTX_KV_KEY: u8 = 220;
pub const BTX_KV_VALUE: u8 = 221;
pub const BTX_KV_NUMBER: u8 = 222;
pub const BTX_KV_TYPE: u8 = 223;
// the session summary (btx_session_summary), ids 224-249
pub const BTX_SUM_PAYLOAD_DOWNLOAD_RATE: u8 = 224;
pub const BTX_SUM_PAYLOAD_UPLOAD_RATE: u8 = 225;
pub const BTX_SUM_DOWNLOAD_RATE: u8 = 226;
pub const BTX_SUM_UPLOAD_RATE: u8 = 227;
pub const BTX_SUM_TOTAL_PAYLOAD_DOWNLOAD: u8 = 228;
pub const BTX_SUM_TOTAL_PAYLOAD_UPLOAD: u8 = 229;
pub const BTX_SUM_TOTAL_DOWNLOAD: u8 = 230;
pub const BTX_SUM_TOTAL_UPLOAD: u8 = 231;
pub const BTX_SUM_NUM_PEERS: u8 = 232;
pub const BTX_SUM_NUM_UNCHOKED: u8 = 233;
pub const BTX_SUM_NUM_TORRENTS: u8 = 234;
pub const BTX_SUM_NUM_DOWNLOADING: u8 = 235;
pub const BTX_SUM_NUM_SEEDING: u8 = 236;
pub const BTX_SUM_NUM_CHECKING: u8 = 237;
pub const BTX_SUM_NUM_STOPPED: u8 = 238;
pub const BTX_SUM_NUM_ERROR: u8 = 239;
pub const BTX_SUM_DHT_NODES: u8 = 240;
pub const BTX_SUM_DISK_QUEUED_JOBS: u8 = 241;
pub const BTX_SUM_DISK_QUEUED_WRITE_BYTES: u8 = 242;
pub const BTX_SUM_DISK_BLOCKS_IN_USE: u8 = 243;
pub const BTX_SUM_HAS_INCOMING: u8 = 244;
pub const BTX_SUM_COALESCED_ACTIONS: u8 = 245;
pub const BTX_SUM_ACTIONS_BEHIND: u8 = 246;

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
// beyond v8: one code per libtorrent alert type (btx_event_enable)
pub const BTX_EVENT_LEGACY_TORRENT_ADDED: u16 = 26;
pub const BTX_EVENT_READ_PIECE: u16 = 27;
pub const BTX_EVENT_FILE_RENAMED: u16 = 28;
pub const BTX_EVENT_FILE_RENAME_FAILED: u16 = 29;
pub const BTX_EVENT_PERFORMANCE: u16 = 30;
pub const BTX_EVENT_TRACKER_WARNING: u16 = 31;
pub const BTX_EVENT_SCRAPE_FAILED: u16 = 32;
pub const BTX_EVENT_DHT_REPLY: u16 = 33;
pub const BTX_EVENT_TRACKER_ANNOUNCE: u16 = 34;
pub const BTX_EVENT_HASH_FAILED: u16 = 35;
pub const BTX_EVENT_PEER_BAN: u16 = 36;
pub const BTX_EVENT_PEER_UNSNUBBED: u16 = 37;
pub const BTX_EVENT_PEER_SNUBBED: u16 = 38;
pub const BTX_EVENT_PEER_ERROR: u16 = 39;
pub const BTX_EVENT_PEER_CONNECT: u16 = 40;
pub const BTX_EVENT_PEER_DISCONNECTED: u16 = 41;
pub const BTX_EVENT_INVALID_REQUEST: u16 = 42;
pub const BTX_EVENT_REQUEST_DROPPED: u16 = 43;
pub const BTX_EVENT_BLOCK_TIMEOUT: u16 = 44;
pub const BTX_EVENT_BLOCK_FINISHED: u16 = 45;
pub const BTX_EVENT_BLOCK_DOWNLOADING: u16 = 46;
pub const BTX_EVENT_UNWANTED_BLOCK: u16 = 47;
pub const BTX_EVENT_STORAGE_MOVED_FAILED: u16 = 48;
pub const BTX_EVENT_TORRENT_DELETED: u16 = 49;
pub const BTX_EVENT_TORRENT_DELETE_FAILED: u16 = 50;
pub const BTX_EVENT_TORRENT_CHECKED: u16 = 51;
pub const BTX_EVENT_URL_SEED: u16 = 52;
pub const BTX_EVENT_METADATA_FAILED: u16 = 53;
pub const BTX_EVENT_UDP_ERROR: u16 = 54;
pub const BTX_EVENT_EXTERNAL_IP: u16 = 55;
pub const BTX_EVENT_PORTMAP_ERROR: u16 = 56;
pub const BTX_EVENT_PORTMAP: u16 = 57;
pub const BTX_EVENT_PORTMAP_LOG: u16 = 58;
pub const BTX_EVENT_PEER_BLOCKED: u16 = 59;
pub const BTX_EVENT_DHT_ANNOUNCE: u16 = 60;
pub const BTX_EVENT_DHT_GET_PEERS: u16 = 61;
pub const BTX_EVENT_STATS: u16 = 62;
pub const BTX_EVENT_CACHE_FLUSHED: u16 = 63;
pub const BTX_EVENT_ANONYMOUS_MODE: u16 = 64;
pub const BTX_EVENT_LSD_PEER: u16 = 65;
pub const BTX_EVENT_TRACKERID: u16 = 66;
pub const BTX_EVENT_TORRENT_NEED_CERT: u16 = 67;
pub const BTX_EVENT_INCOMING_CONNECTION: u16 = 68;
pub const BTX_EVENT_STATE_UPDATE: u16 = 69;
pub const BTX_EVENT_MMAP_CACHE: u16 = 70;
pub const BTX_EVENT_SESSION_STATS: u16 = 71;
pub const BTX_EVENT_DHT_ERROR: u16 = 72;
pub const BTX_EVENT_I2P: u16 = 73;
pub const BTX_EVENT_DHT_OUTGOING_GET_PEERS: u16 = 74;
pub const BTX_EVENT_LOG: u16 = 75;
pub const BTX_EVENT_TORRENT_LOG: u16 = 76;
pub const BTX_EVENT_PEER_LOG: u16 = 77;
pub const BTX_EVENT_LSD_ERROR: u16 = 78;
pub const BTX_EVENT_DHT_STATS: u16 = 79;
pub const BTX_EVENT_INCOMING_REQUEST: u16 = 80;
pub const BTX_EVENT_DHT_LOG: u16 = 81;
pub const BTX_EVENT_DHT_PKT: u16 = 82;
pub const BTX_EVENT_DHT_GET_PEERS_REPLY: u16 = 83;
pub const BTX_EVENT_DHT_DIRECT_RESPONSE: u16 = 84;
pub const BTX_EVENT_PICKER_LOG: u16 = 85;
pub const BTX_EVENT_SESSION_ERROR: u16 = 86;
pub const BTX_EVENT_DHT_LIVE_NODES: u16 = 87;
pub const BTX_EVENT_SESSION_STATS_HEADER: u16 = 88;
pub const BTX_EVENT_DHT_SAMPLE_INFOHASHES: u16 = 89;
pub const BTX_EVENT_BLOCK_UPLOADED: u16 = 90;
pub const BTX_EVENT_SOCKS5: u16 = 91;
pub const BTX_EVENT_FILE_PRIO: u16 = 92;
pub const BTX_EVENT_OVERSIZED_FILE: u16 = 93;
pub const BTX_EVENT_TORRENT_CONFLICT: u16 = 94;
/// an alert type this registry does not know (a newer libtorrent)
pub const BTX_EVENT_UNKNOWN_ALERT: u16 = 999;
// torrentxt's own events (codes 200-219): asynchronous torrent creation
pub const BTX_EVENT_CREATE_PROGRESS: u16 = 200;
pub const BTX_EVENT_CREATE_FINISHED: u16 = 201;
pub const BTX_EVENT_CREATE_FAILED: u16 = 202;
// durable sessions (codes 203-210)
pub const BTX_EVENT_STORE_ERROR: u16 = 203;
pub const BTX_EVENT_STORE_RECOVERED: u16 = 204;
pub const BTX_EVENT_RESTORE_FINISHED: u16 = 205;

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
// beyond v8: the rest of libtorrent 2.0's torrent_flags, for reading them in
// the status `flags` and for setting the ones a host may change
pub const BTX_FLAG_DUPLICATE_IS_ERROR: u64 = 64;
pub const BTX_FLAG_UPDATE_SUBSCRIBE: u64 = 128;
pub const BTX_FLAG_OVERRIDE_TRACKERS: u64 = 2048;
pub const BTX_FLAG_OVERRIDE_WEB_SEEDS: u64 = 4096;
pub const BTX_FLAG_NEED_SAVE_RESUME: u64 = 8192;
pub const BTX_FLAG_DISABLE_DHT: u64 = 524288;
pub const BTX_FLAG_DISABLE_LSD: u64 = 1048576;
pub const BTX_FLAG_DISABLE_PEX: u64 = 2097152;
pub const BTX_FLAG_NO_VERIFY_FILES: u64 = 4194304;
pub const BTX_FLAG_DEFAULT_DONT_DOWNLOAD: u64 = 8388608;

// ---- peer_info bits (btx_peer_info `flags` / `flagNames`) -----------------
pub const BTX_PEER_FLAG_INTERESTING: u32 = 1;
pub const BTX_PEER_FLAG_CHOKED: u32 = 2;
pub const BTX_PEER_FLAG_REMOTE_INTERESTED: u32 = 4;
pub const BTX_PEER_FLAG_REMOTE_CHOKED: u32 = 8;
pub const BTX_PEER_FLAG_SUPPORTS_EXTENSIONS: u32 = 16;
pub const BTX_PEER_FLAG_OUTGOING_CONNECTION: u32 = 32;
pub const BTX_PEER_FLAG_HANDSHAKE: u32 = 64;
pub const BTX_PEER_FLAG_CONNECTING: u32 = 128;
pub const BTX_PEER_FLAG_ON_PAROLE: u32 = 512;
pub const BTX_PEER_FLAG_SEED: u32 = 1024;
pub const BTX_PEER_FLAG_OPTIMISTIC_UNCHOKE: u32 = 2048;
pub const BTX_PEER_FLAG_SNUBBED: u32 = 4096;
pub const BTX_PEER_FLAG_UPLOAD_ONLY: u32 = 8192;
pub const BTX_PEER_FLAG_ENDGAME_MODE: u32 = 16384;
pub const BTX_PEER_FLAG_HOLEPUNCHED: u32 = 32768;
pub const BTX_PEER_FLAG_I2P_SOCKET: u32 = 65536;
pub const BTX_PEER_FLAG_UTP_SOCKET: u32 = 131072;
pub const BTX_PEER_FLAG_SSL_SOCKET: u32 = 262144;
pub const BTX_PEER_FLAG_RC4_ENCRYPTED: u32 = 524288;
pub const BTX_PEER_FLAG_PLAINTEXT_ENCRYPTED: u32 = 1048576;

// ---- peer sources (btx_peer_info `source` / `sourceNames`) -----------------
pub const BTX_PEER_SOURCE_TRACKER: u32 = 1;
pub const BTX_PEER_SOURCE_DHT: u32 = 2;
pub const BTX_PEER_SOURCE_PEX: u32 = 4;
pub const BTX_PEER_SOURCE_LSD: u32 = 8;
pub const BTX_PEER_SOURCE_RESUME_DATA: u32 = 16;
pub const BTX_PEER_SOURCE_INCOMING: u32 = 32;

// ---- file attributes (btx_metainfo file `attributeBits` / `attributes`) ----
pub const BTX_FILE_ATTR_PAD: u32 = 1;
pub const BTX_FILE_ATTR_HIDDEN: u32 = 2;
pub const BTX_FILE_ATTR_EXECUTABLE: u32 = 4;
pub const BTX_FILE_ATTR_SYMLINK: u32 = 8;

// ---- DHT announce flags (btx_dht_announce_ex) ------------------------------
pub const BTX_DHT_ANNOUNCE_SEED: u32 = 1;
pub const BTX_DHT_ANNOUNCE_IMPLIED_PORT: u32 = 2;
pub const BTX_DHT_ANNOUNCE_SSL_TORRENT: u32 = 4;

// ---- event categories (libtorrent's alert_category bits) -------------------
pub const BTX_CAT_ERROR: u32 = 1;
pub const BTX_CAT_PEER: u32 = 2;
pub const BTX_CAT_PORT_MAPPING: u32 = 4;
pub const BTX_CAT_STORAGE: u32 = 8;
pub const BTX_CAT_TRACKER: u32 = 16;
pub const BTX_CAT_CONNECT: u32 = 32;
pub const BTX_CAT_STATUS: u32 = 64;
pub const BTX_CAT_IP_BLOCK: u32 = 256;
pub const BTX_CAT_PERFORMANCE_WARNING: u32 = 512;
pub const BTX_CAT_DHT: u32 = 1024;
pub const BTX_CAT_STATS: u32 = 2048;
pub const BTX_CAT_SESSION_LOG: u32 = 8192;
pub const BTX_CAT_TORRENT_LOG: u32 = 16384;
pub const BTX_CAT_PEER_LOG: u32 = 32768;
pub const BTX_CAT_INCOMING_REQUEST: u32 = 65536;
pub const BTX_CAT_DHT_LOG: u32 = 131072;
pub const BTX_CAT_DHT_OPERATION: u32 = 262144;
pub const BTX_CAT_PORT_MAPPING_LOG: u32 = 524288;
pub const BTX_CAT_PICKER_LOG: u32 = 1048576;
pub const BTX_CAT_FILE_PROGRESS: u32 = 2097152;
pub const BTX_CAT_PIECE_PROGRESS: u32 = 4194304;
pub const BTX_CAT_UPLOAD: u32 = 8388608;
pub const BTX_CAT_BLOCK_PROGRESS: u32 = 16777216;
/// every category (events of category 0, such as sessionStats, are only
/// enabled by their code)
pub const BTX_CAT_ALL: u32 = 0x7FFF_FFFF;

// ---- documented limits (src/limits.rs explains why each exists) ------------
/// Largest .torrent file, resume data, magnet link or session state, bytes.
pub const BTX_LIMIT_INPUT_BYTES: i64 = 67_108_864;
/// Most bencode tokens decoded from one input.
pub const BTX_LIMIT_DECODE_TOKENS: i64 = 10_000_000;
/// Most files in one torrent.
pub const BTX_LIMIT_FILES: i64 = 1_000_000;
/// Most files whose paths collide with an earlier file or a folder.
pub const BTX_LIMIT_DUPLICATE_PATHS: i64 = 100;
/// Most bytes of all file paths of one torrent together.
pub const BTX_LIMIT_PATH_BYTES: i64 = 67_108_864;
/// Most pieces in one torrent.
pub const BTX_LIMIT_PIECES: i64 = 2_097_152;
/// Most trackers per torrent.
pub const BTX_LIMIT_TRACKERS: i64 = 500;
/// Most web seeds per torrent.
pub const BTX_LIMIT_WEB_SEEDS: i64 = 500;
/// Most peers given with a torrent (magnet x.pe, resume data, add options).
pub const BTX_LIMIT_PEERS: i64 = 1000;
/// Most lines in one key/value list.
pub const BTX_LIMIT_KV_ITEMS: i64 = 100_000;
/// Most actions a session lets run ahead of libtorrent before one waits.
pub const BTX_LIMIT_OUTSTANDING_ACTIONS: i64 = 4096;

// ---- the compact text form for script hosts (btx_records_text) -------------
/// btx_records_text input: one kvrecord
pub const BTX_SHAPE_RECORD: c_int = 1;
/// btx_records_text input: a list shape
pub const BTX_SHAPE_LIST: c_int = 2;
/// btx_records_text input: an event drain (btx_pop_alerts)
pub const BTX_SHAPE_EVENTS: c_int = 3;
/// starts a flagged row (ASCII FS)
pub const BTX_TEXT_FLAG: c_int = 0x1C;
/// separates rows (ASCII GS)
pub const BTX_TEXT_ROW: c_int = 0x1D;
/// separates the fields of a row (ASCII RS)
pub const BTX_TEXT_FIELD: c_int = 0x1E;
/// ends a field's key (ASCII US)
pub const BTX_TEXT_KEY: c_int = 0x1F;

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
    /// btx_download_queue items
    Queue,
    /// btx_metainfo, btx_parse_magnet, creation events, btx_torrent_limits
    Meta,
    /// key/value items and session-wide records (settings, statistics)
    Session,
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
    f!(BTX_STATUS_TOTAL_DOWNLOAD, "totalDownload", BTX_TYPE_INT, Status, "bytes downloaded this session, protocol overhead included (64-bit)"),
    f!(BTX_STATUS_TOTAL_UPLOAD, "totalUpload", BTX_TYPE_INT, Status, "bytes uploaded this session, protocol overhead included (64-bit)"),
    f!(BTX_STATUS_TOTAL_PAYLOAD_DOWNLOAD, "totalPayloadDownload", BTX_TYPE_INT, Status, "payload bytes downloaded this session (64-bit)"),
    f!(BTX_STATUS_TOTAL_PAYLOAD_UPLOAD, "totalPayloadUpload", BTX_TYPE_INT, Status, "payload bytes uploaded this session (64-bit)"),
    f!(BTX_STATUS_TOTAL_FAILED_BYTES, "totalFailedBytes", BTX_TYPE_INT, Status, "bytes that failed their hash check (64-bit)"),
    f!(BTX_STATUS_TOTAL_REDUNDANT_BYTES, "totalRedundantBytes", BTX_TYPE_INT, Status, "bytes downloaded that we already had (64-bit)"),
    f!(BTX_STATUS_TOTAL, "total", BTX_TYPE_INT, Status, "bytes of all pieces, pad files included (64-bit)"),
    f!(BTX_STATUS_TOTAL_WANTED_DONE, "totalWantedDone", BTX_TYPE_INT, Status, "bytes we have of the selected files (64-bit)"),
    f!(BTX_STATUS_LAST_SEEN_COMPLETE, "lastSeenComplete", BTX_TYPE_INT, Status, "unix time a complete copy was last seen in the swarm; 0 never"),
    f!(BTX_STATUS_STORAGE_MODE, "storageMode", BTX_TYPE_INT, Status, "0 allocate, 1 sparse"),
    f!(BTX_STATUS_PROGRESS_PPM, "progressPpm", BTX_TYPE_INT, Status, "progress in parts per million"),
    f!(BTX_STATUS_QUEUE_POSITION, "queuePosition", BTX_TYPE_INT, Status, "download-queue position; -1 not queued"),
    f!(BTX_STATUS_DOWNLOAD_PROTOCOL_RATE, "downloadProtocolRate", BTX_TYPE_INT, Status, "download rate including protocol overhead, bytes/s"),
    f!(BTX_STATUS_UPLOAD_PROTOCOL_RATE, "uploadProtocolRate", BTX_TYPE_INT, Status, "upload rate including protocol overhead, bytes/s"),
    f!(BTX_STATUS_LIST_SEEDS, "listSeeds", BTX_TYPE_INT, Status, "seeds we know of (connected or not)"),
    f!(BTX_STATUS_LIST_PEERS, "listPeers", BTX_TYPE_INT, Status, "peers we know of (connected or not)"),
    f!(BTX_STATUS_CONNECT_CANDIDATES, "connectCandidates", BTX_TYPE_INT, Status, "known peers we could connect to"),
    f!(BTX_STATUS_NUM_HAVE_PIECES, "numHavePieces", BTX_TYPE_INT, Status, "pieces we have"),
    f!(BTX_STATUS_DISTRIBUTED_FULL_COPIES, "distributedFullCopies", BTX_TYPE_INT, Status, "full copies in the connected swarm"),
    f!(BTX_STATUS_DISTRIBUTED_FRACTION, "distributedFraction", BTX_TYPE_INT, Status, "thousandths of a copy beyond the full copies"),
    f!(BTX_STATUS_DISTRIBUTED_COPIES, "distributedCopies", BTX_TYPE_REAL, Status, "copies in the connected swarm (-1 when seeding)"),
    f!(BTX_STATUS_BLOCK_SIZE, "blockSize", BTX_TYPE_INT, Status, "request block size, bytes"),
    f!(BTX_STATUS_NUM_UPLOADS, "numUploads", BTX_TYPE_INT, Status, "unchoked peers"),
    f!(BTX_STATUS_UPLOADS_LIMIT, "uploadsLimit", BTX_TYPE_INT, Status, "unchoke-slot cap; -1 unlimited"),
    f!(BTX_STATUS_CONNECTIONS_LIMIT, "connectionsLimit", BTX_TYPE_INT, Status, "connection cap; -1 unlimited"),
    f!(BTX_STATUS_UP_BANDWIDTH_QUEUE, "upBandwidthQueue", BTX_TYPE_INT, Status, "peers waiting for upload bandwidth"),
    f!(BTX_STATUS_DOWN_BANDWIDTH_QUEUE, "downBandwidthQueue", BTX_TYPE_INT, Status, "peers waiting for download bandwidth"),
    f!(BTX_STATUS_SEED_RANK, "seedRank", BTX_TYPE_INT, Status, "libtorrent seed rank (higher seeds first)"),
    f!(BTX_STATUS_NEED_SAVE_RESUME, "needSaveResume", BTX_TYPE_INT, Status, "1 when the resume data changed since it was last saved"),
    f!(BTX_STATUS_HAS_METADATA, "hasMetadata", BTX_TYPE_INT, Status, "1 once the metadata is known"),
    f!(BTX_STATUS_HAS_INCOMING, "hasIncoming", BTX_TYPE_INT, Status, "1 once a peer connected to us for this torrent"),
    f!(BTX_STATUS_MOVING_STORAGE, "movingStorage", BTX_TYPE_INT, Status, "1 while a storage move runs"),
    f!(BTX_STATUS_ANNOUNCING_TO_TRACKERS, "announcingToTrackers", BTX_TYPE_INT, Status, "1 while the torrent is started and announces to its trackers (0 paused)"),
    f!(BTX_STATUS_ANNOUNCING_TO_LSD, "announcingToLsd", BTX_TYPE_INT, Status, "1 while started: it announces on local service discovery when the session runs LSD (0 paused)"),
    f!(BTX_STATUS_ANNOUNCING_TO_DHT, "announcingToDht", BTX_TYPE_INT, Status, "1 while started: it announces on the DHT when the session runs it (0 paused)"),
    f!(BTX_STATUS_CURRENT_TRACKER, "currentTracker", BTX_TYPE_UTF8, Status, "the tracker that last answered (empty if none)"),
    f!(BTX_STATUS_NEXT_ANNOUNCE, "nextAnnounce", BTX_TYPE_INT, Status, "seconds to the next tracker announce"),
    f!(BTX_STATUS_LAST_UPLOAD, "lastUpload", BTX_TYPE_INT, Status, "unix time of the last payload upload; 0 never"),
    f!(BTX_STATUS_LAST_DOWNLOAD, "lastDownload", BTX_TYPE_INT, Status, "unix time of the last payload download; 0 never"),
    f!(BTX_STATUS_ACTIVE_DURATION, "activeDuration", BTX_TYPE_INT, Status, "seconds the torrent has been started, in total"),
    f!(BTX_STATUS_FINISHED_DURATION, "finishedDuration", BTX_TYPE_INT, Status, "seconds it has been finished, in total"),
    f!(BTX_STATUS_SEEDING_DURATION, "seedingDuration", BTX_TYPE_INT, Status, "seconds it has been seeding, in total"),
    f!(BTX_STATUS_ERROR_FILE, "errorFile", BTX_TYPE_INT, Status, "file index of the error; -1 none (-2 url, -3 ssl, -4 exception, -5 part file)"),
    f!(BTX_STATUS_ERROR_CODE, "errorCode", BTX_TYPE_INT, Status, "the error's code (0 none); error has its text"),
    f!(BTX_STATUS_ERROR_CATEGORY, "errorCategory", BTX_TYPE_UTF8, Status, "the error code's category (system, libtorrent, ...)"),
    f!(BTX_PEER_ENDPOINT, "endpoint", BTX_TYPE_UTF8, Peer, "peer address, ip:port"),
    f!(BTX_PEER_CLIENT, "client", BTX_TYPE_UTF8, Peer, "peer client name"),
    f!(BTX_PEER_DOWN_RATE, "downRate", BTX_TYPE_INT, Peer, "download rate from this peer, bytes/s"),
    f!(BTX_PEER_UP_RATE, "upRate", BTX_TYPE_INT, Peer, "upload rate to this peer, bytes/s"),
    f!(BTX_PEER_PROGRESS, "progress", BTX_TYPE_REAL, Peer, "peer's completion, 0..1"),
    f!(BTX_PEER_FLAGS, "flags", BTX_TYPE_INT, Peer, "libtorrent peer_info flag bits"),
    f!(BTX_PEER_FLAG_NAMES, "flagNames", BTX_TYPE_UTF8, Peer, "the set flag bits by name, comma-separated (BTX_PEER_FLAG_*)"),
    f!(BTX_PEER_SOURCE, "source", BTX_TYPE_INT, Peer, "where we learnt of the peer: BTX_PEER_SOURCE_* bits"),
    f!(BTX_PEER_SOURCE_NAMES, "sourceNames", BTX_TYPE_UTF8, Peer, "the source bits by name, comma-separated"),
    f!(BTX_PEER_CONNECTION, "connection", BTX_TYPE_UTF8, Peer, "TCP, uTP, I2P (+ \"/SSL\"), or \"web seed\" / \"HTTP seed\""),
    f!(BTX_PEER_ENCRYPTION, "encryption", BTX_TYPE_UTF8, Peer, "rc4, plaintext (encrypted handshake only) or none"),
    f!(BTX_PEER_TOTAL_DOWNLOAD, "totalDownload", BTX_TYPE_INT, Peer, "payload bytes downloaded from the peer (64-bit)"),
    f!(BTX_PEER_TOTAL_UPLOAD, "totalUpload", BTX_TYPE_INT, Peer, "payload bytes uploaded to the peer (64-bit)"),
    f!(BTX_PEER_DOWNLOAD_QUEUE, "downloadQueue", BTX_TYPE_INT, Peer, "blocks we requested from the peer, not yet received"),
    f!(BTX_PEER_UPLOAD_QUEUE, "uploadQueue", BTX_TYPE_INT, Peer, "blocks the peer requested from us, not yet sent"),
    f!(BTX_PEER_RTT, "rtt", BTX_TYPE_INT, Peer, "estimated round-trip time, ms"),
    f!(BTX_PEER_PIECES_HAVE, "piecesHave", BTX_TYPE_INT, Peer, "pieces the peer has"),
    f!(BTX_PEER_DOWN_PROTOCOL_RATE, "downProtocolRate", BTX_TYPE_INT, Peer, "download rate from the peer, protocol overhead included, bytes/s"),
    f!(BTX_PEER_UP_PROTOCOL_RATE, "upProtocolRate", BTX_TYPE_INT, Peer, "upload rate to the peer, protocol overhead included, bytes/s"),
    f!(BTX_PEER_QUEUE_BYTES, "queueBytes", BTX_TYPE_INT, Peer, "bytes requested from the peer, not yet received"),
    f!(BTX_QUEUE_BLOCKS_IN_PIECE, "blocksInPiece", BTX_TYPE_INT, Queue, "blocks in this piece"),
    f!(BTX_QUEUE_FINISHED, "finishedBlocks", BTX_TYPE_INT, Queue, "blocks downloaded and written"),
    f!(BTX_QUEUE_WRITING, "writingBlocks", BTX_TYPE_INT, Queue, "blocks downloaded, being written to disk"),
    f!(BTX_QUEUE_REQUESTED, "requestedBlocks", BTX_TYPE_INT, Queue, "blocks requested from a peer, not yet received"),
    f!(BTX_QUEUE_BLOCK_STATES, "blockStates", BTX_TYPE_UTF8, Queue, "one character per block: '-' none, 'r' requested, 'w' writing, 'f' finished"),
    f!(BTX_QUEUE_BYTES_DONE, "bytesDone", BTX_TYPE_INT, Queue, "bytes of the piece received so far (finished, writing and partly received blocks)"),
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
    f!(BTX_EVKEY_ALERT_TYPE, "alertType", BTX_TYPE_INT, Event, "libtorrent's alert type number"),
    f!(BTX_EVKEY_CATEGORY, "category", BTX_TYPE_INT, Event, "the alert's category bits (BTX_CAT_*)"),
    f!(BTX_EVKEY_TIME, "time", BTX_TYPE_INT, Event, "unix time in milliseconds when libtorrent posted the alert"),
    f!(BTX_EVKEY_PEER_ID, "peerId", BTX_TYPE_HEX, Event, "the peer's 20-byte peer id"),
    f!(BTX_EVKEY_CLIENT, "client", BTX_TYPE_UTF8, Event, "the peer's client, from its peer id"),
    f!(BTX_EVKEY_REASON, "reason", BTX_TYPE_INT, Event, "a numeric reason; the event says which"),
    f!(BTX_EVKEY_OPERATION, "operation", BTX_TYPE_UTF8, Event, "libtorrent's name of the failed operation (or the log event type)"),
    f!(BTX_EVKEY_SOCKET_TYPE, "socketType", BTX_TYPE_UTF8, Event, "TCP, uTP, TCP/SSL, ..."),
    f!(BTX_EVKEY_FILE_INDEX, "fileIndex", BTX_TYPE_INT, Event, "file index (as in btx_file_list)"),
    f!(BTX_EVKEY_NEW_NAME, "newName", BTX_TYPE_UTF8, Event, "the new file path"),
    f!(BTX_EVKEY_OLD_NAME, "oldName", BTX_TYPE_UTF8, Event, "the old file path"),
    f!(BTX_EVKEY_WARNING, "warning", BTX_TYPE_INT, Event, "performance_alert warning code"),
    f!(BTX_EVKEY_BLOCK, "block", BTX_TYPE_INT, Event, "block index within the piece"),
    f!(BTX_EVKEY_ANNOUNCE_EVENT, "announceEvent", BTX_TYPE_INT, Event, "0 none, 1 completed, 2 started, 3 stopped, 4 paused"),
    f!(BTX_EVKEY_LOG, "log", BTX_TYPE_UTF8, Event, "a log line"),
    f!(BTX_EVKEY_COUNT, "count", BTX_TYPE_INT, Event, "a count; the event says of what"),
    f!(BTX_EVKEY_INTERVAL, "interval", BTX_TYPE_INT, Event, "seconds"),
    f!(BTX_EVKEY_PEERS, "peers", BTX_TYPE_UTF8, Event, "peer endpoints, one ip:port per line"),
    f!(BTX_EVKEY_SAMPLES, "samples", BTX_TYPE_UTF8, Event, "info-hashes, one 40-hex per line"),
    f!(BTX_EVKEY_NODES, "nodes", BTX_TYPE_UTF8, Event, "DHT nodes, one line of node-id hex, a space and ip:port each"),
    f!(BTX_EVKEY_RESTORED, "restored", BTX_TYPE_INT, Event, "1 when the piece was found on disk while checking, not downloaded"),
    f!(BTX_EVKEY_EXTERNAL_ADDRESS, "externalAddress", BTX_TYPE_UTF8, Event, "our external IP address"),
    f!(BTX_EVKEY_DIRECTION, "direction", BTX_TYPE_INT, Event, "0 incoming, 1 outgoing"),
    f!(BTX_EVKEY_STATS, "stats", BTX_TYPE_LIST, Event, "session statistics: items of key and value (btx_session_stats)"),
    f!(BTX_EVKEY_LOCAL_ENDPOINT, "localEndpoint", BTX_TYPE_UTF8, Event, "our local endpoint, ip:port"),
    f!(BTX_EVKEY_OFFSET, "offset", BTX_TYPE_INT, Event, "byte offset within the piece"),
    f!(BTX_EVKEY_NUM_NODES, "numNodes", BTX_TYPE_INT, Event, "how many nodes the replying node knows"),
    f!(BTX_EVKEY_NODE_ID, "nodeId", BTX_TYPE_HEX, Event, "a DHT node id"),
    f!(BTX_EVKEY_CONFLICTING_TORRENT, "conflictingTorrent", BTX_TYPE_INT, Event, "the other torrent handle of a conflict"),
    f!(BTX_EVKEY_ALERT_NAME, "alertName", BTX_TYPE_UTF8, Event, "libtorrent's alert name (unknownAlert)"),
    f!(BTX_EVKEY_PORT, "port", BTX_TYPE_INT, Event, "a port number"),
    f!(BTX_EVKEY_PROTOCOL, "protocol", BTX_TYPE_UTF8, Event, "TCP or UDP (port mapping: the transport is in message)"),
    f!(BTX_EVKEY_INFO_HASH, "infoHash", BTX_TYPE_HEX, Event, "an info-hash (v1, or a v2 hash truncated to 20 bytes by the DHT)"),
    f!(BTX_EVKEY_SIZE, "size", BTX_TYPE_INT, Event, "a size in bytes"),
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
    f!(BTX_FILE_OFFSET, "offset", BTX_TYPE_INT, File, "the file's byte offset in the torrent's data (64-bit)"),
    f!(BTX_FILE_ATTRIBUTES, "attributes", BTX_TYPE_UTF8, File, "attribute names, comma-separated: pad, hidden, executable, symlink"),
    f!(BTX_FILE_ATTRIBUTE_BITS, "attributeBits", BTX_TYPE_INT, File, "the attributes as BTX_FILE_ATTR_* bits"),
    f!(BTX_FILE_SYMLINK_TARGET, "symlinkTarget", BTX_TYPE_UTF8, File, "where a symlink points (symlinks only)"),
    f!(BTX_FILE_MTIME, "mtime", BTX_TYPE_INT, File, "modification time, unix seconds (only when the torrent has one)"),
    f!(BTX_FILE_PIECES_ROOT, "piecesRoot", BTX_TYPE_HEX, File, "v2 merkle root of the file, 64 hex (v2 and hybrid, non-empty files)"),
    f!(BTX_TRACKER_URL, "url", BTX_TYPE_UTF8, Tracker, "announce URL"),
    f!(BTX_TRACKER_TIER, "tier", BTX_TYPE_INT, Tracker, "tier, 0 first"),
    f!(BTX_TRACKER_VERIFIED, "verified", BTX_TYPE_INT, Tracker, "1 once it answered this session"),
    f!(BTX_TRACKER_SOURCE, "source", BTX_TYPE_INT, Tracker, "announce_entry source bits"),
    f!(BTX_URLSEED_URL, "urlSeed", BTX_TYPE_UTF8, Tracker, "one web seed URL (btx_url_seeds)"),
    f!(BTX_META_FILES, "files", BTX_TYPE_LIST, Meta, "every file, pad files included: items of path, size, offset, attributes, attributeBits ..."),
    f!(BTX_META_TRACKERS, "trackers", BTX_TYPE_LIST, Meta, "announce URLs: items of url and tier"),
    f!(BTX_META_WEB_SEEDS, "webSeeds", BTX_TYPE_LIST, Meta, "web seeds (BEP 19): items of one urlSeed"),
    f!(BTX_META_PRIVATE, "private", BTX_TYPE_INT, Meta, "1 for a private torrent (no DHT, PEX or LSD)"),
    f!(BTX_META_CREATOR, "creator", BTX_TYPE_UTF8, Meta, "the program that made the .torrent"),
    f!(BTX_META_COMMENT, "comment", BTX_TYPE_UTF8, Meta, "the .torrent's comment"),
    f!(BTX_META_CREATION_DATE, "creationDate", BTX_TYPE_INT, Meta, "unix time the .torrent was made; 0 when it does not say"),
    f!(BTX_META_DHT_NODES, "dhtNodes", BTX_TYPE_LIST, Meta, "DHT nodes it lists: items of host and port"),
    f!(BTX_META_HOST, "host", BTX_TYPE_UTF8, Meta, "a host name or IP address"),
    f!(BTX_META_NUM_FILES, "numFiles", BTX_TYPE_INT, Meta, "files in the torrent, pad files included"),
    f!(BTX_META_SELECTED_FILES, "selectedFiles", BTX_TYPE_UTF8, Meta, "a magnet's so= selection: file indices, comma-separated (empty: all)"),
    f!(BTX_META_JOB, "job", BTX_TYPE_INT, Meta, "a creation job (btx_create_start)"),
    f!(BTX_META_PIECES_DONE, "piecesDone", BTX_TYPE_INT, Meta, "pieces hashed so far"),
    f!(BTX_META_TORRENT_FILE, "torrentFile", BTX_TYPE_RAW, Meta, "the bytes of a .torrent file"),
    f!(BTX_META_CANCELLED, "cancelled", BTX_TYPE_INT, Meta, "1 when the job was cancelled (btx_create_cancel or the session freed)"),
    f!(BTX_META_DOWNLOAD_LIMIT, "downloadLimit", BTX_TYPE_INT, Meta, "the torrent's download cap, bytes/s; 0 unlimited"),
    f!(BTX_META_UPLOAD_LIMIT, "uploadLimit", BTX_TYPE_INT, Meta, "the torrent's upload cap, bytes/s; 0 unlimited"),
    f!(BTX_KV_KEY, "key", BTX_TYPE_UTF8, Session, "a name: a setting, a statistics counter, a user-data key"),
    f!(BTX_KV_VALUE, "value", BTX_TYPE_UTF8, Session, "a value as text (settings, user data)"),
    f!(BTX_KV_NUMBER, "number", BTX_TYPE_INT, Session, "a numeric value (a statistics counter, 64-bit)"),
    f!(BTX_KV_TYPE, "type", BTX_TYPE_UTF8, Session, "int, bool or str (settings); counter or gauge (statistics)"),
    f!(BTX_SUM_PAYLOAD_DOWNLOAD_RATE, "payloadDownloadRate", BTX_TYPE_INT, Session, "payload download rate of the session, bytes/s"),
    f!(BTX_SUM_PAYLOAD_UPLOAD_RATE, "payloadUploadRate", BTX_TYPE_INT, Session, "payload upload rate of the session, bytes/s"),
    f!(BTX_SUM_DOWNLOAD_RATE, "downloadRate", BTX_TYPE_INT, Session, "download rate with protocol and IP overhead, bytes/s"),
    f!(BTX_SUM_UPLOAD_RATE, "uploadRate", BTX_TYPE_INT, Session, "upload rate with protocol and IP overhead, bytes/s"),
    f!(BTX_SUM_TOTAL_PAYLOAD_DOWNLOAD, "totalPayloadDownload", BTX_TYPE_INT, Session, "payload bytes received since the session started (64-bit)"),
    f!(BTX_SUM_TOTAL_PAYLOAD_UPLOAD, "totalPayloadUpload", BTX_TYPE_INT, Session, "payload bytes sent since the session started (64-bit)"),
    f!(BTX_SUM_TOTAL_DOWNLOAD, "totalDownload", BTX_TYPE_INT, Session, "bytes received with overhead since the session started (64-bit)"),
    f!(BTX_SUM_TOTAL_UPLOAD, "totalUpload", BTX_TYPE_INT, Session, "bytes sent with overhead since the session started (64-bit)"),
    f!(BTX_SUM_NUM_PEERS, "numPeers", BTX_TYPE_INT, Session, "connected peers, all torrents"),
    f!(BTX_SUM_NUM_UNCHOKED, "numUnchoked", BTX_TYPE_INT, Session, "peers we upload to"),
    f!(BTX_SUM_NUM_TORRENTS, "numTorrents", BTX_TYPE_INT, Session, "torrents in the session"),
    f!(BTX_SUM_NUM_DOWNLOADING, "numDownloading", BTX_TYPE_INT, Session, "torrents downloading"),
    f!(BTX_SUM_NUM_SEEDING, "numSeeding", BTX_TYPE_INT, Session, "torrents seeding"),
    f!(BTX_SUM_NUM_CHECKING, "numChecking", BTX_TYPE_INT, Session, "torrents checking their files"),
    f!(BTX_SUM_NUM_STOPPED, "numStopped", BTX_TYPE_INT, Session, "torrents paused or stopped"),
    f!(BTX_SUM_NUM_ERROR, "numError", BTX_TYPE_INT, Session, "torrents in an error state"),
    f!(BTX_SUM_DHT_NODES, "dhtNodes", BTX_TYPE_INT, Session, "nodes in the DHT routing table"),
    f!(BTX_SUM_DISK_QUEUED_JOBS, "diskQueuedJobs", BTX_TYPE_INT, Session, "disk jobs waiting for a disk thread"),
    f!(BTX_SUM_DISK_QUEUED_WRITE_BYTES, "diskQueuedWriteBytes", BTX_TYPE_INT, Session, "bytes waiting to be written to disk"),
    f!(BTX_SUM_DISK_BLOCKS_IN_USE, "diskBlocksInUse", BTX_TYPE_INT, Session, "16 KiB blocks held in the disk buffer"),
    f!(BTX_SUM_HAS_INCOMING, "hasIncoming", BTX_TYPE_INT, Session, "1 once a peer connected to us"),
    f!(BTX_SUM_COALESCED_ACTIONS, "coalescedActions", BTX_TYPE_INT, Session, "host actions skipped because the same one was still queued in libtorrent"),
    f!(BTX_SUM_ACTIONS_BEHIND, "actionsBehind", BTX_TYPE_INT, Session, "host actions posted that libtorrent has not run yet (as last known)"),
];

#[derive(Clone, Copy, Debug)]
pub struct EventDef {
    pub code: u16,
    pub name: &'static str,
    pub c_name: &'static str,
    /// libtorrent's alert type name ("" for torrentxt's own events)
    pub alert: &'static str,
    /// libtorrent's alert type number (`alert::type()`), -1 for our own
    pub lt_type: i16,
    /// the alert's libtorrent category bits (BTX_CAT_*)
    pub category: u32,
    /// the v8 event this alert arrives as while its own code is disabled
    /// (0: none); keeps v8 hosts seeing what v8 showed them
    pub alias: u16,
    /// keys the event carries besides `torrent` (and the base fields)
    pub keys: &'static [u8],
    pub when: &'static str,
}

impl EventDef {
    /// One of the 25 events a v8 host knows.
    pub fn is_v8(&self) -> bool {
        self.code <= BTX_EVENT_EVENTS_DROPPED
    }

    /// On in a new session: v8's events, and torrentxt's own events (which
    /// only answer something the host started, such as a creation job).
    pub fn default_on(&self) -> bool {
        self.is_v8() || (self.lt_type < 0 && self.code != BTX_EVENT_UNKNOWN_ALERT)
    }
}

macro_rules! e {
    ($c:ident, $name:literal, $alert:literal, $lt:literal, $cat:literal, [$($k:ident),*], $when:literal) => {
        EventDef {
            code: $c, name: $name, c_name: stringify!($c), alert: $alert, lt_type: $lt,
            category: $cat, alias: 0, keys: &[$($k),*], when: $when,
        }
    };
}

macro_rules! ev {
    ($c:ident, $name:literal, $alert:literal, $lt:literal, $cat:literal, $alias:expr, [$($k:ident),*], $when:literal) => {
        EventDef {
            code: $c, name: $name, c_name: stringify!($c), alert: $alert, lt_type: $lt,
            category: $cat, alias: $alias, keys: &[$($k),*], when: $when,
        }
    };
}


pub const EVENTS: &[EventDef] = &[
    e!(BTX_EVENT_TORRENT_ADDED, "torrentAdded", "add_torrent_alert", 67, 64, [BTX_EVKEY_TORRENT_NAME, BTX_EVKEY_INFO_HASH_V1, BTX_EVKEY_INFO_HASH_V2], "a torrent was added"),
    e!(BTX_EVENT_METADATA_RECEIVED, "metadataReceived", "metadata_received_alert", 45, 64, [BTX_EVKEY_TORRENT_NAME, BTX_EVKEY_INFO_HASH_V1, BTX_EVKEY_INFO_HASH_V2], "magnet metadata arrived"),
    e!(BTX_EVENT_PIECE_FINISHED, "pieceFinished", "piece_finished_alert", 27, 4194304, [BTX_EVKEY_PIECE], "a piece passed its hash check"),
    e!(BTX_EVENT_TORRENT_FINISHED, "torrentFinished", "torrent_finished_alert", 26, 64, [], "all selected files are complete"),
    e!(BTX_EVENT_TORRENT_ERROR, "torrentError", "torrent_error_alert", 64, 65, [BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE, BTX_EVKEY_MESSAGE], "a torrent-level error"),
    e!(BTX_EVENT_STATE_CHANGED, "stateChanged", "state_changed_alert", 10, 64, [BTX_EVKEY_STATE, BTX_EVKEY_PREV_STATE], "the torrent's state_t changed"),
    e!(BTX_EVENT_TRACKER_REPLY, "trackerReply", "tracker_reply_alert", 15, 16, [BTX_EVKEY_TRACKER, BTX_EVKEY_NUM_PEERS], "a tracker announce succeeded"),
    e!(BTX_EVENT_TRACKER_ERROR, "trackerError", "tracker_error_alert", 11, 17, [BTX_EVKEY_TRACKER, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE, BTX_EVKEY_MESSAGE], "a tracker announce failed"),
    e!(BTX_EVENT_RESUME_DATA_READY, "resumeDataReady", "save_resume_data_alert", 37, 8, [BTX_EVKEY_RESUME_DATA], "requested resume data is ready"),
    e!(BTX_EVENT_RESUME_DATA_FAILED, "resumeDataFailed", "save_resume_data_failed_alert", 38, 9, [BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE, BTX_EVKEY_MESSAGE], "the resume-data request failed"),
    e!(BTX_EVENT_TORRENT_REMOVED, "torrentRemoved", "torrent_removed_alert", 4, 64, [BTX_EVKEY_INFO_HASH_V1, BTX_EVKEY_INFO_HASH_V2], "a torrent finished removal"),
    e!(BTX_EVENT_DHT_BOOTSTRAP, "dhtBootstrap", "dht_bootstrap_alert", 62, 1024, [], "the DHT bootstrap completed"),
    e!(BTX_EVENT_LISTEN_SUCCEEDED, "listenSucceeded", "listen_succeeded_alert", 49, 64, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_MESSAGE], "a listen socket opened (one per socket type; message says which)"),
    e!(BTX_EVENT_LISTEN_FAILED, "listenFailed", "listen_failed_alert", 48, 65, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE, BTX_EVKEY_MESSAGE], "a listen socket failed to open"),
    e!(BTX_EVENT_TORRENT_PAUSED, "torrentPaused", "torrent_paused_alert", 39, 64, [], "the torrent paused"),
    e!(BTX_EVENT_TORRENT_RESUMED, "torrentResumed", "torrent_resumed_alert", 40, 64, [], "the torrent resumed"),
    e!(BTX_EVENT_FILE_COMPLETED, "fileCompleted", "file_completed_alert", 6, 2097152, [BTX_EVKEY_PIECE], "a file completed (piece = file index)"),
    e!(BTX_EVENT_FILE_ERROR, "fileError", "file_error_alert", 43, 73, [BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE, BTX_EVKEY_MESSAGE], "a file I/O error (or a failed move)"),
    e!(BTX_EVENT_STORAGE_MOVED, "storageMoved", "storage_moved_alert", 33, 8, [BTX_EVKEY_MESSAGE], "storage moved; message = new path"),
    e!(BTX_EVENT_FASTRESUME_REJECTED, "fastresumeRejected", "fastresume_rejected_alert", 53, 65, [BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE, BTX_EVKEY_MESSAGE], "resume data rejected; a recheck follows"),
    e!(BTX_EVENT_SCRAPE_REPLY, "scrapeReply", "scrape_reply_alert", 13, 16, [BTX_EVKEY_TRACKER, BTX_EVKEY_NUM_PEERS, BTX_STATUS_NUM_COMPLETE, BTX_STATUS_NUM_INCOMPLETE], "a scrape returned swarm counts"),
    e!(BTX_EVENT_DHT_IMMUTABLE_ITEM, "dhtImmutableItem", "dht_immutable_item_alert", 74, 1024, [BTX_DHT_TARGET, BTX_DHT_VALUE], "an immutable get returned"),
    e!(BTX_EVENT_DHT_MUTABLE_ITEM, "dhtMutableItem", "dht_mutable_item_alert", 75, 1024, [BTX_DHT_PUBLIC_KEY, BTX_DHT_VALUE, BTX_DHT_SEQ, BTX_DHT_SIGNATURE, BTX_DHT_SALT, BTX_DHT_AUTHORITATIVE], "a mutable get returned"),
    e!(BTX_EVENT_DHT_PUT, "dhtPut", "dht_put_alert", 76, 1024, [BTX_DHT_NUM_SUCCESS, BTX_DHT_TARGET, BTX_DHT_PUBLIC_KEY, BTX_DHT_SIGNATURE, BTX_DHT_SEQ, BTX_DHT_SALT], "a DHT put completed"),
    e!(BTX_EVENT_EVENTS_DROPPED, "eventsDropped", "alerts_dropped_alert", 95, 1, [BTX_EVKEY_DROPPED], "events were lost to a full queue"),
    ev!(BTX_EVENT_LEGACY_TORRENT_ADDED, "legacyTorrentAdded", "torrent_added_alert", 3, 64, 0, [], "deprecated twin of torrentAdded (posted only by old libtorrent builds)"),
    ev!(BTX_EVENT_READ_PIECE, "readPiece", "read_piece_alert", 5, 8, 0, [BTX_EVKEY_PIECE, BTX_EVKEY_SIZE, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "a piece was read for the host (no payload is carried)"),
    ev!(BTX_EVENT_FILE_RENAMED, "fileRenamed", "file_renamed_alert", 7, 8, 0, [BTX_EVKEY_FILE_INDEX, BTX_EVKEY_NEW_NAME, BTX_EVKEY_OLD_NAME], "a file was renamed"),
    ev!(BTX_EVENT_FILE_RENAME_FAILED, "fileRenameFailed", "file_rename_failed_alert", 8, 8, 0, [BTX_EVKEY_FILE_INDEX, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "a file rename failed"),
    ev!(BTX_EVENT_PERFORMANCE, "performance", "performance_alert", 9, 512, 0, [BTX_EVKEY_WARNING], "libtorrent hit a performance limit (warning = performance_alert code)"),
    ev!(BTX_EVENT_TRACKER_WARNING, "trackerWarning", "tracker_warning_alert", 12, 17, 0, [BTX_EVKEY_TRACKER, BTX_EVKEY_ERROR_MESSAGE], "a tracker replied with a warning"),
    ev!(BTX_EVENT_SCRAPE_FAILED, "scrapeFailed", "scrape_failed_alert", 14, 17, BTX_EVENT_TRACKER_ERROR, [BTX_EVKEY_TRACKER, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "a scrape failed (arrives as trackerError unless enabled)"),
    ev!(BTX_EVENT_DHT_REPLY, "dhtReply", "dht_reply_alert", 16, 1040, 0, [BTX_EVKEY_NUM_PEERS], "the DHT returned peers for a torrent"),
    ev!(BTX_EVENT_TRACKER_ANNOUNCE, "trackerAnnounce", "tracker_announce_alert", 17, 16, 0, [BTX_EVKEY_TRACKER, BTX_EVKEY_ANNOUNCE_EVENT], "an announce was sent (event 0 none, 1 completed, 2 started, 3 stopped)"),
    ev!(BTX_EVENT_HASH_FAILED, "hashFailed", "hash_failed_alert", 18, 64, 0, [BTX_EVKEY_PIECE], "a piece failed its hash check"),
    ev!(BTX_EVENT_PEER_BAN, "peerBan", "peer_ban_alert", 19, 2, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT], "a peer was banned"),
    ev!(BTX_EVENT_PEER_UNSNUBBED, "peerUnsnubbed", "peer_unsnubbed_alert", 20, 2, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT], "a peer is no longer snubbed"),
    ev!(BTX_EVENT_PEER_SNUBBED, "peerSnubbed", "peer_snubbed_alert", 21, 2, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT], "a peer was snubbed"),
    ev!(BTX_EVENT_PEER_ERROR, "peerError", "peer_error_alert", 22, 2, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT, BTX_EVKEY_OPERATION, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "a peer connection failed"),
    ev!(BTX_EVENT_PEER_CONNECT, "peerConnect", "peer_connect_alert", 23, 32, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT, BTX_EVKEY_SOCKET_TYPE, BTX_EVKEY_DIRECTION], "a peer connection was made (direction 0 in, 1 out)"),
    ev!(BTX_EVENT_PEER_DISCONNECTED, "peerDisconnected", "peer_disconnected_alert", 24, 32, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT, BTX_EVKEY_SOCKET_TYPE, BTX_EVKEY_OPERATION, BTX_EVKEY_REASON, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "a peer disconnected (reason = close_reason_t)"),
    ev!(BTX_EVENT_INVALID_REQUEST, "invalidRequest", "invalid_request_alert", 25, 2, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT, BTX_EVKEY_PIECE, BTX_EVKEY_OFFSET, BTX_EVKEY_SIZE], "a peer asked for something we cannot give"),
    ev!(BTX_EVENT_REQUEST_DROPPED, "requestDropped", "request_dropped_alert", 28, 16777218, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT, BTX_EVKEY_PIECE, BTX_EVKEY_BLOCK], "a block request was dropped"),
    ev!(BTX_EVENT_BLOCK_TIMEOUT, "blockTimeout", "block_timeout_alert", 29, 16777218, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT, BTX_EVKEY_PIECE, BTX_EVKEY_BLOCK], "a block request timed out"),
    ev!(BTX_EVENT_BLOCK_FINISHED, "blockFinished", "block_finished_alert", 30, 16777216, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT, BTX_EVKEY_PIECE, BTX_EVKEY_BLOCK], "a block arrived"),
    ev!(BTX_EVENT_BLOCK_DOWNLOADING, "blockDownloading", "block_downloading_alert", 31, 16777216, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT, BTX_EVKEY_PIECE, BTX_EVKEY_BLOCK], "a block was requested"),
    ev!(BTX_EVENT_UNWANTED_BLOCK, "unwantedBlock", "unwanted_block_alert", 32, 2, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT, BTX_EVKEY_PIECE, BTX_EVKEY_BLOCK], "a block arrived that we did not ask for"),
    ev!(BTX_EVENT_STORAGE_MOVED_FAILED, "storageMovedFailed", "storage_moved_failed_alert", 34, 8, BTX_EVENT_FILE_ERROR, [BTX_FILE_PATH, BTX_EVKEY_OPERATION, BTX_EVKEY_MESSAGE, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "a storage move failed (arrives as fileError unless enabled)"),
    ev!(BTX_EVENT_TORRENT_DELETED, "torrentDeleted", "torrent_deleted_alert", 35, 8, 0, [BTX_EVKEY_INFO_HASH_V1, BTX_EVKEY_INFO_HASH_V2], "a removed torrent's files were deleted"),
    ev!(BTX_EVENT_TORRENT_DELETE_FAILED, "torrentDeleteFailed", "torrent_delete_failed_alert", 36, 9, 0, [BTX_EVKEY_INFO_HASH_V1, BTX_EVKEY_INFO_HASH_V2, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "deleting a removed torrent's files failed"),
    ev!(BTX_EVENT_TORRENT_CHECKED, "torrentChecked", "torrent_checked_alert", 41, 64, 0, [], "a torrent finished checking its files"),
    ev!(BTX_EVENT_URL_SEED, "urlSeed", "url_seed_alert", 42, 3, 0, [BTX_TRACKER_URL, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "a web seed failed"),
    ev!(BTX_EVENT_METADATA_FAILED, "metadataFailed", "metadata_failed_alert", 44, 1, 0, [BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "received metadata did not match the info-hash"),
    ev!(BTX_EVENT_UDP_ERROR, "udpError", "udp_error_alert", 46, 1, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_OPERATION, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "a UDP socket error"),
    ev!(BTX_EVENT_EXTERNAL_IP, "externalIp", "external_ip_alert", 47, 64, 0, [BTX_EVKEY_EXTERNAL_ADDRESS], "a peer or router told us our external address"),
    ev!(BTX_EVENT_PORTMAP_ERROR, "portmapError", "portmap_error_alert", 50, 5, 0, [BTX_EVKEY_PROTOCOL, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "a UPnP/NAT-PMP port mapping failed"),
    ev!(BTX_EVENT_PORTMAP, "portmap", "portmap_alert", 51, 4, 0, [BTX_EVKEY_PORT, BTX_EVKEY_PROTOCOL], "a UPnP/NAT-PMP port mapping succeeded"),
    ev!(BTX_EVENT_PORTMAP_LOG, "portmapLog", "portmap_log_alert", 52, 524288, 0, [BTX_EVKEY_PROTOCOL, BTX_EVKEY_LOG], "a port-mapping log line"),
    ev!(BTX_EVENT_PEER_BLOCKED, "peerBlocked", "peer_blocked_alert", 54, 256, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_REASON], "a peer was blocked (reason = peer_blocked_alert reason)"),
    ev!(BTX_EVENT_DHT_ANNOUNCE, "dhtAnnounce", "dht_announce_alert", 55, 1024, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_INFO_HASH], "a DHT node announced itself to us for an info-hash"),
    ev!(BTX_EVENT_DHT_GET_PEERS, "dhtGetPeers", "dht_get_peers_alert", 56, 1024, 0, [BTX_EVKEY_INFO_HASH], "a DHT node asked us for peers"),
    ev!(BTX_EVENT_STATS, "stats", "stats_alert", 57, 2048, 0, [BTX_EVKEY_INTERVAL], "deprecated per-torrent transfer statistics"),
    ev!(BTX_EVENT_CACHE_FLUSHED, "cacheFlushed", "cache_flushed_alert", 58, 8, 0, [], "a torrent's disk cache was flushed"),
    ev!(BTX_EVENT_ANONYMOUS_MODE, "anonymousMode", "anonymous_mode_alert", 59, 1, 0, [BTX_EVKEY_REASON, BTX_EVKEY_LOG], "deprecated anonymous-mode warning"),
    ev!(BTX_EVENT_LSD_PEER, "lsdPeer", "lsd_peer_alert", 60, 2, 0, [BTX_EVKEY_ENDPOINT], "local service discovery found a peer"),
    ev!(BTX_EVENT_TRACKERID, "trackerid", "trackerid_alert", 61, 64, 0, [BTX_EVKEY_TRACKER], "a tracker gave us a tracker id"),
    ev!(BTX_EVENT_TORRENT_NEED_CERT, "torrentNeedCert", "torrent_need_cert_alert", 65, 64, 0, [BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "an SSL torrent needs a certificate"),
    ev!(BTX_EVENT_INCOMING_CONNECTION, "incomingConnection", "incoming_connection_alert", 66, 2, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_SOCKET_TYPE], "a peer connected to us"),
    ev!(BTX_EVENT_STATE_UPDATE, "stateUpdate", "state_update_alert", 68, 64, 0, [BTX_EVKEY_COUNT], "libtorrent reported changed torrent statuses (count); torrentxt caches them"),
    ev!(BTX_EVENT_MMAP_CACHE, "mmapCache", "mmap_cache_alert", 69, 1, 0, [BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "deprecated mmap cache error"),
    ev!(BTX_EVENT_SESSION_STATS, "sessionStats", "session_stats_alert", 70, 0, 0, [BTX_EVKEY_STATS], "session statistics requested with btx_post_session_stats"),
    ev!(BTX_EVENT_DHT_ERROR, "dhtError", "dht_error_alert", 73, 1025, 0, [BTX_EVKEY_OPERATION, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "a DHT socket error"),
    ev!(BTX_EVENT_I2P, "i2p", "i2p_alert", 77, 1, 0, [BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "an I2P error"),
    ev!(BTX_EVENT_DHT_OUTGOING_GET_PEERS, "dhtOutgoingGetPeers", "dht_outgoing_get_peers_alert", 78, 1024, 0, [BTX_EVKEY_INFO_HASH, BTX_EVKEY_ENDPOINT], "we asked a DHT node for peers"),
    ev!(BTX_EVENT_LOG, "log", "log_alert", 79, 8192, 0, [BTX_EVKEY_LOG], "a session log line"),
    ev!(BTX_EVENT_TORRENT_LOG, "torrentLog", "torrent_log_alert", 80, 16384, 0, [BTX_EVKEY_LOG], "a torrent log line"),
    ev!(BTX_EVENT_PEER_LOG, "peerLog", "peer_log_alert", 81, 32768, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT, BTX_EVKEY_DIRECTION, BTX_EVKEY_OPERATION, BTX_EVKEY_LOG], "a peer log line (operation = event type)"),
    ev!(BTX_EVENT_LSD_ERROR, "lsdError", "lsd_error_alert", 82, 1, 0, [BTX_EVKEY_LOCAL_ENDPOINT, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "a local service discovery error"),
    ev!(BTX_EVENT_DHT_STATS, "dhtStats", "dht_stats_alert", 83, 0, 0, [BTX_EVKEY_COUNT], "DHT routing-table statistics (count = nodes)"),
    ev!(BTX_EVENT_INCOMING_REQUEST, "incomingRequest", "incoming_request_alert", 84, 65536, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT, BTX_EVKEY_PIECE, BTX_EVKEY_OFFSET, BTX_EVKEY_SIZE], "a peer requested a block"),
    ev!(BTX_EVENT_DHT_LOG, "dhtLog", "dht_log_alert", 85, 131072, 0, [BTX_EVKEY_REASON, BTX_EVKEY_LOG], "a DHT log line (reason = module)"),
    ev!(BTX_EVENT_DHT_PKT, "dhtPkt", "dht_pkt_alert", 86, 131072, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_DIRECTION, BTX_DHT_VALUE], "a DHT packet (value = bencoded packet)"),
    ev!(BTX_EVENT_DHT_GET_PEERS_REPLY, "dhtGetPeersReply", "dht_get_peers_reply_alert", 87, 262144, 0, [BTX_EVKEY_INFO_HASH, BTX_EVKEY_COUNT, BTX_EVKEY_PEERS], "peers for an info-hash arrived from the DHT"),
    ev!(BTX_EVENT_DHT_DIRECT_RESPONSE, "dhtDirectResponse", "dht_direct_response_alert", 88, 1024, 0, [BTX_EVKEY_ENDPOINT], "a direct DHT request was answered"),
    ev!(BTX_EVENT_PICKER_LOG, "pickerLog", "picker_log_alert", 89, 1048576, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT, BTX_EVKEY_REASON], "a piece-picker log line (reason = picker flags)"),
    ev!(BTX_EVENT_SESSION_ERROR, "sessionError", "session_error_alert", 90, 1, 0, [BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "a session-level error"),
    ev!(BTX_EVENT_DHT_LIVE_NODES, "dhtLiveNodes", "dht_live_nodes_alert", 91, 1024, 0, [BTX_EVKEY_NODE_ID, BTX_EVKEY_COUNT, BTX_EVKEY_NODES], "the DHT routing table's live nodes"),
    ev!(BTX_EVENT_SESSION_STATS_HEADER, "sessionStatsHeader", "session_stats_header_alert", 92, 0, 0, [], "the names of the session statistics counters"),
    ev!(BTX_EVENT_DHT_SAMPLE_INFOHASHES, "dhtSampleInfohashes", "dht_sample_infohashes_alert", 93, 262144, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_INTERVAL, BTX_EVKEY_COUNT, BTX_EVKEY_NUM_NODES, BTX_EVKEY_SAMPLES, BTX_EVKEY_NODES], "a BEP 51 sample_infohashes reply"),
    ev!(BTX_EVENT_BLOCK_UPLOADED, "blockUploaded", "block_uploaded_alert", 94, 8388608, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_PEER_ID, BTX_EVKEY_CLIENT, BTX_EVKEY_PIECE, BTX_EVKEY_BLOCK], "a block was sent to a peer"),
    ev!(BTX_EVENT_SOCKS5, "socks5", "socks5_alert", 96, 1, 0, [BTX_EVKEY_ENDPOINT, BTX_EVKEY_OPERATION, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "a SOCKS5 proxy error"),
    ev!(BTX_EVENT_FILE_PRIO, "filePrio", "file_prio_alert", 97, 8, 0, [BTX_EVKEY_OPERATION, BTX_EVKEY_ERROR_CODE, BTX_EVKEY_ERROR_MESSAGE], "file priorities were set (an error when setting them failed)"),
    ev!(BTX_EVENT_OVERSIZED_FILE, "oversizedFile", "oversized_file_alert", 98, 8, 0, [], "a file on disk is larger than the torrent says"),
    ev!(BTX_EVENT_TORRENT_CONFLICT, "torrentConflict", "torrent_conflict_alert", 99, 1, 0, [BTX_EVKEY_INFO_HASH_V1, BTX_EVKEY_INFO_HASH_V2, BTX_EVKEY_CONFLICTING_TORRENT], "a hybrid torrent's two hashes name two torrents"),
    ev!(BTX_EVENT_UNKNOWN_ALERT, "unknownAlert", "", -1, 0, 0, [BTX_EVKEY_ALERT_NAME], "an alert type this registry does not know (a newer libtorrent)"),
    e!(BTX_EVENT_CREATE_PROGRESS, "createProgress", "", -1, 0, [BTX_META_JOB, BTX_META_PIECES_DONE, BTX_STATUS_NUM_PIECES], "a creation job hashed more pieces (at most ~10 a second, and the last piece)"),
    e!(BTX_EVENT_CREATE_FINISHED, "createFinished", "", -1, 0, [BTX_META_JOB, BTX_META_TORRENT_FILE, BTX_STATUS_INFO_HASH_V1, BTX_STATUS_INFO_HASH_V2, BTX_STATUS_NUM_PIECES], "a creation job made its .torrent"),
    e!(BTX_EVENT_CREATE_FAILED, "createFailed", "", -1, 0, [BTX_META_JOB, BTX_EVKEY_ERROR_MESSAGE, BTX_META_CANCELLED], "a creation job failed or was cancelled"),
    e!(BTX_EVENT_STORE_ERROR, "storeError", "", -1, 0, [BTX_EVKEY_ERROR_MESSAGE], "a durable session's store cannot be written (a full disk) or a stored torrent cannot be restored; the session runs on and retries"),
    e!(BTX_EVENT_STORE_RECOVERED, "storeRecovered", "", -1, 0, [], "the store is written again after a storeError; nothing queued meanwhile was lost"),
    e!(BTX_EVENT_RESTORE_FINISHED, "restoreFinished", "", -1, 0, [BTX_EVKEY_COUNT], "every stored torrent of a durable session was added back (count = torrents restored)"),
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
    c!(BTX_ERR_LIMIT, "the input is well formed but past a documented limit (files, trackers, sizes, queue depth)"),
    c!(BTX_ERR_STORE, "the state store refused its file (foreign, corrupted, newer, in use by another session) or cannot be written (full disk)"),
    c!(BTX_ERR_TIMEOUT, "a bounded wait ran out before the work was done (btx_store_flush)"),
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
    c!(BTX_FLAG_DUPLICATE_IS_ERROR, "set by torrentxt at every add (one handle per torrent); not the host's to change, and not reported in status flags"),
    c!(BTX_FLAG_UPDATE_SUBSCRIBE, "set by torrentxt at every add (feeds the status cache); not the host's to change, and not reported in status flags"),
    c!(BTX_FLAG_OVERRIDE_TRACKERS, "at add: use the add call's trackers, not the resume data's"),
    c!(BTX_FLAG_OVERRIDE_WEB_SEEDS, "at add: use the add call's web seeds, not the resume data's"),
    c!(BTX_FLAG_NEED_SAVE_RESUME, "the resume data changed since it was last saved"),
    c!(BTX_FLAG_DISABLE_DHT, "do not announce this torrent on the DHT"),
    c!(BTX_FLAG_DISABLE_LSD, "do not announce this torrent with local service discovery"),
    c!(BTX_FLAG_DISABLE_PEX, "no peer exchange for this torrent"),
    c!(BTX_FLAG_NO_VERIFY_FILES, "at add: trust the resume data, skip checking the files"),
    c!(BTX_FLAG_DEFAULT_DONT_DOWNLOAD, "at add: files get priority 0 unless given one"),
];

/// The torrent_flags bits a host may set or clear (all but the two torrentxt
/// relies on: update_subscribe feeds the status cache, duplicate_is_error
/// keeps one torrent from getting two handles).
/// cbindgen:ignore
pub const HOST_FLAGS: u64 = !(BTX_FLAG_DUPLICATE_IS_ERROR | BTX_FLAG_UPDATE_SUBSCRIBE);

pub const LIMITS: &[ConstDef] = &[
    c!(BTX_LIMIT_INPUT_BYTES, "largest .torrent, resume data, magnet link or session state, in bytes"),
    c!(BTX_LIMIT_DECODE_TOKENS, "most bencode tokens decoded from one input"),
    c!(BTX_LIMIT_FILES, "most files in one torrent"),
    c!(BTX_LIMIT_DUPLICATE_PATHS, "most files whose paths collide with an earlier file or folder (libtorrent renames them in quadratic time)"),
    c!(BTX_LIMIT_PATH_BYTES, "most bytes of all file paths of one torrent together"),
    c!(BTX_LIMIT_PIECES, "most pieces in one torrent (libtorrent's own default)"),
    c!(BTX_LIMIT_TRACKERS, "most trackers per torrent (libtorrent adds trackers in quadratic time)"),
    c!(BTX_LIMIT_WEB_SEEDS, "most web seeds per torrent"),
    c!(BTX_LIMIT_PEERS, "most peers given with a torrent"),
    c!(BTX_LIMIT_KV_ITEMS, "most lines in one key/value list"),
    c!(BTX_LIMIT_OUTSTANDING_ACTIONS, "most actions a session lets run ahead of libtorrent; the next one waits (at most 30 s, then BTX_ERR_LIMIT)"),
];

pub const CATEGORIES: &[ConstDef] = &[
    c!(BTX_CAT_ERROR, "errors"),
    c!(BTX_CAT_PEER, "peer events (ban, snub, errors)"),
    c!(BTX_CAT_PORT_MAPPING, "UPnP / NAT-PMP results"),
    c!(BTX_CAT_STORAGE, "storage: moves, renames, deletes, resume data"),
    c!(BTX_CAT_TRACKER, "tracker announces and replies"),
    c!(BTX_CAT_CONNECT, "peer connects and disconnects"),
    c!(BTX_CAT_STATUS, "torrent state changes"),
    c!(BTX_CAT_IP_BLOCK, "peers blocked by the IP filter"),
    c!(BTX_CAT_PERFORMANCE_WARNING, "performance limits hit"),
    c!(BTX_CAT_DHT, "DHT"),
    c!(BTX_CAT_STATS, "deprecated per-torrent statistics"),
    c!(BTX_CAT_SESSION_LOG, "session log lines"),
    c!(BTX_CAT_TORRENT_LOG, "torrent log lines"),
    c!(BTX_CAT_PEER_LOG, "peer log lines (very many)"),
    c!(BTX_CAT_INCOMING_REQUEST, "every block request a peer makes"),
    c!(BTX_CAT_DHT_LOG, "DHT log lines and packets"),
    c!(BTX_CAT_DHT_OPERATION, "DHT operation replies (get_peers, sample_infohashes)"),
    c!(BTX_CAT_PORT_MAPPING_LOG, "port-mapping log lines"),
    c!(BTX_CAT_PICKER_LOG, "piece-picker log lines"),
    c!(BTX_CAT_FILE_PROGRESS, "file completion"),
    c!(BTX_CAT_PIECE_PROGRESS, "piece completion"),
    c!(BTX_CAT_UPLOAD, "blocks uploaded"),
    c!(BTX_CAT_BLOCK_PROGRESS, "block requests, arrivals and timeouts"),
    c!(BTX_CAT_ALL, "all of the above"),
];

/// The compact text form (btx_records_text): its input shapes and separators.
pub const TEXT_FORM: &[ConstDef] = &[
    c!(BTX_SHAPE_RECORD, "input shape: one kvrecord"),
    c!(BTX_SHAPE_LIST, "input shape: a list (`[itemCount][bodyLen kvrecord]*`)"),
    c!(BTX_SHAPE_EVENTS, "input shape: an event drain (`[eventCount:u16]` + events)"),
    c!(BTX_TEXT_FLAG, "FS: starts a flagged row, `FS<offset>`: decode that record from the record bytes"),
    c!(BTX_TEXT_ROW, "GS: separates rows (records)"),
    c!(BTX_TEXT_FIELD, "RS: separates the fields of a row"),
    c!(BTX_TEXT_KEY, "US: ends a field's key; the value follows"),
];

/// A named bit of a bit set the library reports both as bits and as a
/// comma-separated text of names (peer flags and sources, file attributes).
#[derive(Clone, Copy, Debug)]
pub struct NamedBit {
    /// the header constant
    pub c_name: &'static str,
    /// the bit's value
    pub value: u64,
    /// its name in the text form
    pub name: &'static str,
    /// what it means
    pub meaning: &'static str,
}

macro_rules! b {
    ($c:ident, $name:literal, $m:literal) => {
        NamedBit { c_name: stringify!($c), value: $c as u64, name: $name, meaning: $m }
    };
}

/// libtorrent's peer_info flags (bit 8, `queued`, is retired).
pub const PEER_FLAG_BITS: &[NamedBit] = &[
    b!(BTX_PEER_FLAG_INTERESTING, "interesting", "we are interested in the peer's pieces"),
    b!(BTX_PEER_FLAG_CHOKED, "choked", "we have choked the peer"),
    b!(BTX_PEER_FLAG_REMOTE_INTERESTED, "remoteInterested", "the peer is interested in our pieces"),
    b!(BTX_PEER_FLAG_REMOTE_CHOKED, "remoteChoked", "the peer has choked us"),
    b!(BTX_PEER_FLAG_SUPPORTS_EXTENSIONS, "supportsExtensions", "the peer speaks the extension protocol (BEP 10)"),
    b!(BTX_PEER_FLAG_OUTGOING_CONNECTION, "outgoingConnection", "we opened the connection"),
    b!(BTX_PEER_FLAG_HANDSHAKE, "handshake", "connected, waiting for the handshake"),
    b!(BTX_PEER_FLAG_CONNECTING, "connecting", "the connection is half-open"),
    b!(BTX_PEER_FLAG_ON_PAROLE, "onParole", "the peer sent data of a piece that failed its hash check"),
    b!(BTX_PEER_FLAG_SEED, "seed", "the peer has every piece"),
    b!(BTX_PEER_FLAG_OPTIMISTIC_UNCHOKE, "optimisticUnchoke", "unchoked on trial (optimistic unchoke)"),
    b!(BTX_PEER_FLAG_SNUBBED, "snubbed", "the peer stopped sending the blocks we asked for"),
    b!(BTX_PEER_FLAG_UPLOAD_ONLY, "uploadOnly", "the peer will download nothing more"),
    b!(BTX_PEER_FLAG_ENDGAME_MODE, "endgameMode", "every piece the peer has is already requested elsewhere"),
    b!(BTX_PEER_FLAG_HOLEPUNCHED, "holepunched", "connected through NAT hole punching"),
    b!(BTX_PEER_FLAG_I2P_SOCKET, "i2pSocket", "the connection runs over I2P"),
    b!(BTX_PEER_FLAG_UTP_SOCKET, "utpSocket", "the connection runs over uTP"),
    b!(BTX_PEER_FLAG_SSL_SOCKET, "sslSocket", "the connection runs over SSL/TLS"),
    b!(BTX_PEER_FLAG_RC4_ENCRYPTED, "rc4Encrypted", "the stream is RC4-encrypted"),
    b!(BTX_PEER_FLAG_PLAINTEXT_ENCRYPTED, "plaintextEncrypted", "only the handshake was encrypted"),
];

/// libtorrent's peer_source_flags.
pub const PEER_SOURCE_BITS: &[NamedBit] = &[
    b!(BTX_PEER_SOURCE_TRACKER, "tracker", "a tracker"),
    b!(BTX_PEER_SOURCE_DHT, "dht", "the DHT"),
    b!(BTX_PEER_SOURCE_PEX, "pex", "peer exchange"),
    b!(BTX_PEER_SOURCE_LSD, "lsd", "local service discovery"),
    b!(BTX_PEER_SOURCE_RESUME_DATA, "resumeData", "resume data, or given at add / btx_connect_peer"),
    b!(BTX_PEER_SOURCE_INCOMING, "incoming", "the peer connected to us"),
];

/// libtorrent's file_storage file flags.
pub const FILE_ATTRIBUTE_BITS: &[NamedBit] = &[
    b!(BTX_FILE_ATTR_PAD, "pad", "a pad file (zeros aligning the next file to a piece; never written)"),
    b!(BTX_FILE_ATTR_HIDDEN, "hidden", "the hidden attribute"),
    b!(BTX_FILE_ATTR_EXECUTABLE, "executable", "the executable attribute"),
    b!(BTX_FILE_ATTR_SYMLINK, "symlink", "a symbolic link (symlinkTarget says where to)"),
];

/// libtorrent's dht::announce flags.
pub const DHT_ANNOUNCE_BITS: &[NamedBit] = &[
    b!(BTX_DHT_ANNOUNCE_SEED, "seed", "announce as a seed (BEP 33)"),
    b!(BTX_DHT_ANNOUNCE_IMPLIED_PORT, "impliedPort", "peers should use the port our DHT packets come from"),
    b!(BTX_DHT_ANNOUNCE_SSL_TORRENT, "sslTorrent", "the port is our SSL listen port"),
];

/// The names of the bits of `bits` in `table` order, comma-separated; bits
/// the table does not name are left out (the raw bits say everything).
pub fn bit_names(table: &[NamedBit], bits: u64) -> String {
    let mut out = String::new();
    for b in table.iter().filter(|b| bits & b.value != 0) {
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(b.name);
    }
    out
}

pub const VALUE_TYPES: &[ConstDef] = &[
    c!(BTX_TYPE_INT, "signed decimal ASCII"),
    c!(BTX_TYPE_REAL, "decimal ASCII"),
    c!(BTX_TYPE_UTF8, "UTF-8 text"),
    c!(BTX_TYPE_RAW, "raw bytes"),
    c!(BTX_TYPE_HEX, "lower-case hex ASCII"),
    c!(BTX_TYPE_LIST, "a nested list shape (items of kvrecords)"),
];

pub fn field(id: u8) -> Option<&'static FieldDef> {
    FIELDS.iter().find(|f| f.id == id)
}

pub fn event(code: u16) -> Option<&'static EventDef> {
    EVENTS.iter().find(|e| e.code == code)
}

/// The event a libtorrent alert type maps to.
pub fn event_for_alert(lt_type: i32) -> Option<&'static EventDef> {
    EVENTS.iter().find(|e| e.lt_type as i32 == lt_type && e.lt_type >= 0)
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
    fn every_libtorrent_alert_type_has_one_event() {
        // libtorrent 2.0.8 (deprecated alerts compiled in): types 3..=99,
        // where 63, 71 and 72 were retired
        let known: Vec<i32> = (3..=99).filter(|t| ![63, 71, 72].contains(t)).collect();
        assert_eq!(known.len(), 94);
        for t in &known {
            let n = EVENTS.iter().filter(|e| e.lt_type as i32 == *t).count();
            assert_eq!(n, 1, "alert type {t} maps to {n} events");
        }
        for e in EVENTS {
            assert!(e.lt_type < 0 || known.contains(&(e.lt_type as i32)), "{} has unknown type", e.name);
            if e.alias != 0 {
                assert!(event(e.alias).is_some_and(|a| a.is_v8()), "{} aliases a non-v8 event", e.name);
            }
            assert!(e.name.chars().next().is_some_and(|c| c.is_ascii_lowercase()), "{}", e.name);
        }
    }

    #[test]
    fn seed_tables_are_complete() {
        assert_eq!(FIELDS.iter().filter(|f| f.group == Group::Status && f.id <= 28).count(), 28);
        assert_eq!(EVENTS.iter().filter(|e| e.code <= 24).count(), 24);
        assert_eq!(FIELDS.iter().filter(|f| (60..=73).contains(&f.id)).count(), 14);
    }
}
