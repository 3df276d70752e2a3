//! The cxx bridge to libtorrent (C++ side in `cpp/bridge.{h,cpp}`).
//!
//! Every fallible C++ call returns `Result`, so a C++ exception (std or not,
//! see the `trycatch` override in `cpp/bridge.h`) arrives here as `Err`.
//! The shared structs are plain data copied out of libtorrent's alerts and
//! status structs; turning them into records is Rust's job (`events.rs`).

/// cbindgen:ignore
#[cxx::bridge(namespace = "btx")]
pub mod ffi {
    /// Which alert types `pop_alerts` copies (bit t of copy = type t), and
    /// for which it formats libtorrent's message text (text): formatting
    /// costs, so only for the events that carry it.
    struct AlertFilter {
        copy_lo: u64,
        copy_hi: u64,
        text_lo: u64,
        text_hi: u64,
        /// copy types of 128 and above (a newer libtorrent)
        copy_above: bool,
    }

    /// One alert, copied field by field; unused fields stay empty/zero.
    /// Which event it becomes and which fields go into the event is decided
    /// in Rust from the registry (events.rs).
    #[derive(Default)]
    struct AlertData {
        /// libtorrent's alert type number
        lt_type: i32,
        category: u32,
        /// unix milliseconds when libtorrent posted the alert
        time_ms: i64,
        alert_name: String,
        /// `torrent_handle::id()`, 0 when the alert has no (live) torrent
        torrent_id: u32,
        /// our handle from the torrent's userdata, when the alert carries it
        tag: i32,
        name: String,
        has_v1: bool,
        v1: [u8; 20],
        has_v2: bool,
        v2: [u8; 32],
        message: String,
        error_code: i32,
        error_message: String,
        /// piece index (file index for fileCompleted, -1 for a pad file)
        index: i32,
        state: i32,
        prev_state: i32,
        tracker: String,
        num_peers: i32,
        complete: i32,
        incomplete: i32,
        endpoint: String,
        blob: Vec<u8>,
        // BEP 44
        is_mutable: bool,
        target: [u8; 20],
        public_key: [u8; 32],
        signature: Vec<u8>,
        seq: i64,
        salt: Vec<u8>,
        authoritative: bool,
        num_success: i32,
        // the every-alert keys
        has_peer_id: bool,
        peer_id: [u8; 20],
        client: String,
        reason: i32,
        operation: String,
        socket_type: String,
        file_index: i32,
        new_name: String,
        old_name: String,
        warning: i32,
        block: i32,
        announce_event: i32,
        log: String,
        count: i64,
        interval: i32,
        peers: String,
        samples: String,
        nodes: String,
        external_address: String,
        direction: i32,
        local_endpoint: String,
        offset: i32,
        num_nodes: i32,
        has_node_id: bool,
        node_id: [u8; 20],
        conflicting_id: u32,
        port: i32,
        protocol: String,
        has_info_hash: bool,
        info_hash: [u8; 20],
        size: i64,
        path: String,
        /// session_stats_alert: the counters; alerts_dropped_alert: the lost types
        stats: Vec<i64>,
    }

    /// One of libtorrent's session statistics (session_stats_metrics).
    struct StatsMetric {
        name: String,
        index: i32,
        gauge: bool,
    }

    #[derive(Default)]
    struct PeerData {
        endpoint: String,
        client: String,
        down_rate: i32,
        up_rate: i32,
        progress: f64,
        flags: u32,
    }

    #[derive(Default)]
    struct FileData {
        path: String,
        size: i64,
        progress: i64,
        priority: u8,
    }

    #[derive(Default)]
    struct TrackerData {
        url: String,
        tier: u8,
        verified: bool,
        source: u8,
    }

    /// A setting by libtorrent name; kind 0 string, 1 int, 2 bool; the
    /// value as text (ints in decimal, booleans "1"/"0" going in and
    /// "true"/"false" coming out).
    struct Setting {
        name: String,
        kind: i32,
        value: String,
    }

    /// The documented input limits (src/limits.rs), checked before
    /// libtorrent spends time on an input.
    struct Limits {
        input_bytes: u64,
        decode_tokens: u32,
        files: u64,
        duplicate_paths: u64,
        path_bytes: u64,
        pieces: u64,
        trackers: u64,
        web_seeds: u64,
        peers: u64,
    }

    #[derive(Default)]
    struct KeyPair {
        public_key: [u8; 32],
        secret_key: Vec<u8>,
        seed: [u8; 32],
    }

    /// `torrent_status` plus the two facts it lacks (piece length, total size).
    #[derive(Default)]
    struct StatusData {
        torrent_id: u32,
        name: String,
        state: i32,
        progress: f64,
        download_rate: i32,
        upload_rate: i32,
        total_done: i64,
        total_wanted: i64,
        total_wanted_done: i64,
        num_peers: i32,
        num_seeds: i32,
        save_path: String,
        has_v1: bool,
        v1: [u8; 20],
        has_v2: bool,
        v2: [u8; 32],
        num_pieces: i32,
        piece_length: i32,
        total_size: i64,
        all_time_download: i64,
        all_time_upload: i64,
        num_complete: i32,
        num_incomplete: i32,
        is_finished: bool,
        is_seeding: bool,
        error: String,
        added_time: i64,
        completed_time: i64,
        num_connections: i32,
        flags: u64,
        // beyond v8 (registry ids 140..)
        total_download: i64,
        total_upload: i64,
        total_payload_download: i64,
        total_payload_upload: i64,
        total_failed_bytes: i64,
        total_redundant_bytes: i64,
        total: i64,
        last_seen_complete: i64,
        storage_mode: i32,
        progress_ppm: i32,
        queue_position: i32,
        download_protocol_rate: i32,
        upload_protocol_rate: i32,
        list_seeds: i32,
        list_peers: i32,
        connect_candidates: i32,
        num_have: i32,
        distributed_full_copies: i32,
        distributed_fraction: i32,
        distributed_copies: f64,
        block_size: i32,
        num_uploads: i32,
        uploads_limit: i32,
        connections_limit: i32,
        up_bandwidth_queue: i32,
        down_bandwidth_queue: i32,
        seed_rank: i32,
        need_save_resume: bool,
        has_metadata: bool,
        has_incoming: bool,
        moving_storage: bool,
        announcing_to_trackers: bool,
        announcing_to_lsd: bool,
        announcing_to_dht: bool,
        current_tracker: String,
        next_announce: i64,
        last_upload: i64,
        last_download: i64,
        active_duration: i64,
        finished_duration: i64,
        seeding_duration: i64,
        error_file: i32,
        error_code: i32,
        error_category: String,
    }


    // ---- beyond v8, issue 12: metainfo, magnets, add options, creation,
    // DHT, per-torrent (plain data; the records are written in Rust) ----

    /// One file of a torrent's metadata, pad files included.
    #[derive(Default)]
    struct MetaFile {
        path: String,
        size: i64,
        offset: i64,
        /// libtorrent's file_flags_t bits (BTX_FILE_ATTR_*)
        attributes: u8,
        symlink: String,
        mtime: i64,
        /// v2 merkle root, 32 bytes, or empty
        root: Vec<u8>,
    }

    #[derive(Default)]
    struct MetaNode {
        host: String,
        port: i32,
    }

    /// What a .torrent or a magnet link says (metainfo.cpp `describe_params`).
    #[derive(Default)]
    struct MetaData {
        has_metadata: bool,
        name: String,
        has_v1: bool,
        v1: [u8; 20],
        has_v2: bool,
        v2: [u8; 32],
        num_pieces: i32,
        piece_length: i32,
        total_size: i64,
        files: Vec<MetaFile>,
        trackers: Vec<TrackerData>,
        web_seeds: Vec<String>,
        is_private: bool,
        creator: String,
        comment: String,
        creation_date: i64,
        nodes: Vec<MetaNode>,
        /// a magnet's x.pe peers, ip:port
        peers: Vec<String>,
        /// a magnet's so= selection, file indices
        selected: Vec<i32>,
    }

    /// The counts the documented limits apply to, and the file layout.
    #[derive(Default)]
    struct ParamsInfo {
        trackers: u64,
        web_seeds: u64,
        peers: u64,
        /// number of files (pad files included), -1 without metadata
        num_files: i32,
        /// libtorrent's indices of the files that are not pad files
        real_files: Vec<i32>,
        /// flags the params carry already (a magnet's so= sets default_dont_download)
        flags: u64,
    }

    /// Options of an add, decoded and checked in Rust (add_options.rs);
    /// `keep` (i32::MIN) leaves libtorrent's value alone.
    struct AddOptions {
        save_path: String,
        name: String,
        trackers: Vec<String>,
        tiers: Vec<i32>,
        peer_ips: Vec<String>,
        peer_ports: Vec<u16>,
        web_seeds: Vec<String>,
        /// by libtorrent file index; empty: leave the params' own
        file_priorities: Vec<u8>,
        flags: u64,
        mask: u64,
        download_limit: i32,
        upload_limit: i32,
        max_connections: i32,
        max_uploads: i32,
        /// -1 keep, 0 allocate, 1 sparse
        storage_mode: i32,
    }

    /// Options of a creation, decoded and checked in Rust (create.rs).
    struct CreateOptions {
        /// the file or folder
        path: String,
        /// the folder its data is read relative to
        parent: String,
        piece_size: i32,
        /// libtorrent's create_flags_t bits
        flags: u32,
        is_private: bool,
        comment: String,
        creator: String,
        /// 0: none
        creation_date: i64,
        web_seeds: Vec<String>,
        node_hosts: Vec<String>,
        node_ports: Vec<i32>,
        trackers: Vec<String>,
        tiers: Vec<i32>,
        skip_dot_files: bool,
    }

    #[derive(Default)]
    struct PartialPiece {
        piece: i32,
        blocks_in_piece: i32,
        finished: i32,
        writing: i32,
        requested: i32,
        /// per block: 0 none, 1 requested, 2 writing, 3 finished
        states: Vec<u8>,
        bytes_done: i64,
    }

    #[derive(Default)]
    struct PeerInfoData {
        endpoint: String,
        local_endpoint: String,
        client: String,
        peer_id: [u8; 20],
        flags: u32,
        source: u8,
        /// libtorrent's connection_type bits: 1 bittorrent, 2 web seed, 4 HTTP seed
        connection_type: u8,
        down_rate: i32,
        up_rate: i32,
        down_protocol_rate: i32,
        up_protocol_rate: i32,
        progress: f64,
        total_download: i64,
        total_upload: i64,
        download_queue: i32,
        upload_queue: i32,
        rtt: i32,
        pieces_have: i32,
        queue_bytes: i32,
    }

    #[derive(Default)]
    struct LimitsData {
        download: i32,
        upload: i32,
        connections: i32,
        uploads: i32,
    }

    unsafe extern "C++" {
        include!("torrentxt/cpp/bridge.h");

        type Session;
        type Torrent;
        type AddParams;

        fn session_new(initial: &[Setting], preset: &str, fingerprint: &str, alert_mask: u32, state: &[u8]) -> Result<UniquePtr<Session>>;
        fn apply_settings(s: &Session, items: &[Setting]) -> Result<()>;
        fn apply_preset(s: &Session, name: &str, alert_mask: u32) -> Result<()>;
        fn set_alert_mask(s: &Session, alert_mask: u32) -> Result<()>;
        fn all_settings(s: &Session) -> Result<Vec<Setting>>;
        fn session_state_save(s: &Session) -> Result<Vec<u8>>;
        fn session_state_load(s: &Session, data: &[u8], alert_mask: u32) -> Result<()>;
        /// -1 unknown, 0 string, 1 int, 2 bool
        fn setting_kind(key: &str) -> i32;
        fn set_int_setting(s: &Session, key: &str, value: i32) -> Result<()>;
        fn set_bool_setting(s: &Session, key: &str, value: bool) -> Result<()>;
        fn set_str_setting(s: &Session, key: &str, value: &str) -> Result<()>;
        fn get_setting(s: &Session, key: &str) -> Result<String>;

        fn listen_port(s: &Session) -> Result<i32>;
        fn session_pause(s: &Session, pause: bool) -> Result<()>;
        fn session_is_paused(s: &Session) -> Result<bool>;

        fn wait_for_alert(s: &Session, ms: i32) -> Result<bool>;
        fn post_torrent_updates(s: &Session) -> Result<()>;
        /// posts a dht_stats_alert: the pump's marker of libtorrent's progress
        fn post_marker(s: &Session) -> Result<()>;
        fn post_session_stats(s: &Session) -> Result<()>;
        fn pop_alerts(
            s: &Session,
            want: &AlertFilter,
            alerts: &mut Vec<AlertData>,
            statuses: &mut Vec<StatusData>,
        ) -> Result<()>;
        fn stats_metrics() -> Result<Vec<StatsMetric>>;

        fn parse_torrent(data: &[u8], lim: &Limits) -> Result<UniquePtr<AddParams>>;
        fn parse_magnet(uri: &str, lim: &Limits) -> Result<UniquePtr<AddParams>>;
        fn parse_resume(data: &[u8], lim: &Limits) -> Result<UniquePtr<AddParams>>;
        fn remove_torrent(s: &Session, t: &Torrent, delete_files: bool) -> Result<()>;
        fn find_torrent(s: &Session, hash: &[u8]) -> Result<UniquePtr<Torrent>>;
        fn create_torrent(
            path: &str,
            parent: &str,
            piece_size: i32,
            flags: u32,
            trackers: &Vec<String>,
        ) -> Result<Vec<u8>>;

        fn torrent_id(t: &Torrent) -> u32;
        fn torrent_status(t: &Torrent, out: &mut StatusData) -> Result<()>;
        /// the statuses of the torrents with these ids, in one call on the
        /// network thread
        fn statuses_of(s: &Session, ids: &[u32], out: &mut Vec<StatusData>) -> Result<()>;
        fn save_resume(t: &Torrent) -> Result<()>;
        fn connect_peer(t: &Torrent, ip: &str, port: u16) -> Result<()>;
        fn pause_torrent(t: &Torrent) -> Result<()>;
        fn resume_torrent(t: &Torrent) -> Result<()>;
        fn set_torrent_limits(t: &Torrent, down: i32, up: i32) -> Result<()>;

        fn force_recheck(t: &Torrent) -> Result<()>;
        fn force_reannounce(t: &Torrent) -> Result<()>;
        fn clear_error(t: &Torrent) -> Result<()>;
        fn scrape_tracker(t: &Torrent) -> Result<()>;
        fn move_storage(t: &Torrent, path: &str) -> Result<()>;
        fn queue_position(t: &Torrent) -> Result<i32>;
        fn queue_move(t: &Torrent, op: i32) -> Result<()>;
        fn set_flags(t: &Torrent, flags: u64, mask: u64) -> Result<()>;
        fn unset_flags(t: &Torrent, flags: u64) -> Result<()>;
        fn torrent_flags(t: &Torrent) -> Result<u64>;
        fn set_max_connections(t: &Torrent, n: i32) -> Result<()>;
        fn set_max_uploads(t: &Torrent, n: i32) -> Result<()>;
        fn set_piece_deadline(t: &Torrent, piece: i32, ms: i32) -> Result<()>;
        fn clear_piece_deadlines(t: &Torrent) -> Result<()>;
        /// -1 without metadata
        fn num_pieces(t: &Torrent) -> Result<i32>;
        fn real_files(t: &Torrent) -> Result<Vec<i32>>;
        fn set_file_priority(t: &Torrent, lt_index: i32, prio: u8) -> Result<()>;
        fn set_file_priorities(t: &Torrent, lt_index: &[i32], prio: &[u8]) -> Result<()>;
        fn set_piece_priority(t: &Torrent, piece: i32, prio: u8) -> Result<()>;

        fn piece_bitfield(t: &Torrent) -> Result<Vec<u8>>;
        fn piece_availability(t: &Torrent) -> Result<Vec<i32>>;
        fn peer_list(t: &Torrent, out: &mut Vec<PeerData>) -> Result<()>;
        // the file-list cache (files.rs): layout once, the rest on demand
        fn file_layout(t: &Torrent, out: &mut Vec<FileData>, lt_index: &mut Vec<i32>) -> Result<()>;
        fn file_priorities_all(t: &Torrent) -> Result<Vec<u8>>;
        fn file_progress_all(t: &Torrent) -> Result<Vec<i64>>;
        fn tracker_list(t: &Torrent, out: &mut Vec<TrackerData>) -> Result<()>;
        fn add_tracker(t: &Torrent, url: &str, tier: i32) -> Result<()>;
        fn url_seeds(t: &Torrent) -> Result<Vec<String>>;
        fn add_url_seed(t: &Torrent, url: &str) -> Result<()>;
        fn remove_url_seed(t: &Torrent, url: &str) -> Result<()>;

        fn ip_filter_add(s: &Session, first: &str, last: &str, block: bool) -> Result<()>;
        fn ip_filter_clear(s: &Session) -> Result<()>;
        fn dht_add_node(s: &Session, host: &str, port: i32) -> Result<()>;
        fn dht_announce(s: &Session, hash: &[u8], port: i32) -> Result<()>;
        fn dht_save_state(s: &Session) -> Result<Vec<u8>>;
        fn dht_load_state(s: &Session, data: &[u8]) -> Result<()>;
        fn dht_keypair(seed: &[u8], out: &mut KeyPair) -> Result<()>;
        fn dht_put_immutable(s: &Session, data: &[u8]) -> Result<Vec<u8>>;
        fn dht_get_immutable(s: &Session, target: &[u8]) -> Result<()>;
        fn dht_put_mutable(s: &Session, pk: &[u8], sk: &[u8], salt: &[u8], data: &[u8]) -> Result<()>;
        fn dht_get_mutable(s: &Session, pk: &[u8], salt: &[u8]) -> Result<()>;

        fn selftest_throw(kind: i32) -> Result<()>;

        // ---- beyond v8, issue 12 -------------------------------------------
        // metainfo.cpp / magnet.cpp
        fn describe_params(p: &AddParams, out: &mut MetaData) -> Result<()>;
        fn params_info(p: &AddParams, out: &mut ParamsInfo) -> Result<()>;
        fn params_from_hashes(v1: &[u8], v2: &[u8]) -> Result<UniquePtr<AddParams>>;
        fn make_magnet(p: &AddParams) -> Result<String>;
        fn torrent_magnet(t: &Torrent) -> Result<String>;
        // add.cpp
        fn add_with_options(
            s: &Session,
            p: UniquePtr<AddParams>,
            o: &AddOptions,
            tag: i32,
        ) -> Result<UniquePtr<Torrent>>;
        // create.cpp: `progress` runs on the creating thread after every
        // piece; returning false cancels
        fn create_with(
            o: &CreateOptions,
            job: &CreateJob,
            progress: fn(job: &CreateJob, done: i32, total: i32) -> bool,
        ) -> Result<Vec<u8>>;
        // torrent_more.cpp
        fn rename_file(t: &Torrent, lt_index: i32, name: &str) -> Result<()>;
        fn file_list_with(t: &Torrent, piece_granularity: bool, out: &mut Vec<FileData>) -> Result<()>;
        fn download_queue(t: &Torrent, out: &mut Vec<PartialPiece>) -> Result<()>;
        fn peer_info(t: &Torrent, out: &mut Vec<PeerInfoData>) -> Result<()>;
        fn torrent_limits(t: &Torrent, out: &mut LimitsData) -> Result<()>;
        fn piece_priorities(t: &Torrent) -> Result<Vec<u8>>;
        fn set_piece_priorities(t: &Torrent, prios: &[u8]) -> Result<()>;
        // dht_more.cpp
        fn dht_running(s: &Session) -> Result<bool>;
        fn dht_get_peers(s: &Session, hash: &[u8]) -> Result<()>;
        fn dht_announce_flags(s: &Session, hash: &[u8], port: i32, flags: u32) -> Result<()>;
        fn dht_node_ids(s: &Session) -> Result<Vec<u8>>;
        fn dht_live_nodes(s: &Session, nid: &[u8]) -> Result<()>;
        fn dht_sample_infohashes(s: &Session, ip: &str, port: u16, target: &[u8]) -> Result<()>;
        fn dht_sign_mutable(pk: &[u8], sk: &[u8], salt: &[u8], value: &[u8], seq: i64) -> Result<Vec<u8>>;
        fn dht_verify_mutable(pk: &[u8], salt: &[u8], value: &[u8], seq: i64, sig: &[u8]) -> Result<bool>;

        // ---- issue 11: durable sessions (durable.cpp) ----------------------
        /// the params as resume data (write_resume_data_buf)
        fn params_resume(p: &AddParams) -> Result<Vec<u8>>;
        /// the store's key: the v1 info-hash in hex, else the v2 one
        fn params_key(p: &AddParams) -> Result<String>;
        /// add_with_options, also writing the params (options applied) as
        /// resume data into `resume` (add.cpp)
        fn add_with_options_saved(
            s: &Session,
            p: UniquePtr<AddParams>,
            o: &AddOptions,
            tag: i32,
            resume: &mut Vec<u8>,
        ) -> Result<UniquePtr<Torrent>>;
        /// async_add_torrent; the add_torrent_alert carries `tag`
        fn async_add(s: &Session, p: UniquePtr<AddParams>, tag: i32) -> Result<()>;
        /// the handle of an async add whose alert arrived (null: none or failed)
        fn take_added(s: &Session, tag: i32) -> UniquePtr<Torrent>;
        /// The status an async add's params imply, until libtorrent's first.
        fn take_provisional(s: &Session, tag: i32, out: &mut StatusData) -> bool;
        /// libtorrent's error value for "resume data not modified".
        fn resume_not_modified_code() -> i32;
        fn save_resume_flags(t: &Torrent, if_modified: bool) -> Result<()>;
    }

    extern "Rust" {
        /// a creation job's shared state (create.rs)
        type CreateJob;
    }
}

// libtorrent's session_handle and torrent_handle are documented thread safe:
// every call is posted to the network thread.
unsafe impl Send for ffi::Session {}
unsafe impl Sync for ffi::Session {}
unsafe impl Send for ffi::Torrent {}
unsafe impl Sync for ffi::Torrent {}
// plain data, owned by one thread at a time
unsafe impl Send for ffi::AddParams {}

/// The creation job type the C++ progress callback hands back (create.rs).
pub use crate::create::CreateJob;
