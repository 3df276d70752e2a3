//! The cxx bridge to libtorrent (C++ side in `cpp/bridge.{h,cpp}`).
//!
//! Every fallible C++ call returns `Result`, so a C++ exception (std or not,
//! see the `trycatch` override in `cpp/bridge.h`) arrives here as `Err`.
//! The shared structs are plain data copied out of libtorrent's alerts and
//! status structs; turning them into records is Rust's job (`events.rs`).

/// cbindgen:ignore
#[cxx::bridge(namespace = "btx")]
pub mod ffi {
    /// What the C++ side recognised an alert as: libtorrent's own vocabulary,
    /// mapped to our public event codes in `events.rs`.
    #[repr(u8)]
    #[derive(Debug)]
    enum AlertKind {
        Other = 0,
        TorrentAdded,
        MetadataReceived,
        PieceFinished,
        TorrentFinished,
        TorrentError,
        StateChanged,
        TrackerReply,
        TrackerError,
        ResumeDataReady,
        ResumeDataFailed,
        TorrentRemoved,
        DhtBootstrap,
        ListenSucceeded,
        ListenFailed,
        TorrentPaused,
        TorrentResumed,
        FileCompleted,
        FileError,
        StorageMoved,
        FastresumeRejected,
        ScrapeReply,
        DhtImmutableItem,
        DhtMutableItem,
        DhtPut,
        /// libtorrent's own alert queue overflowed (alerts_dropped_alert)
        AlertsDropped,
        /// a state_update_alert: `index` statuses were appended to the status vector
        StatusBatch,
    }

    /// One alert, copied field by field; unused fields stay empty/zero.
    #[derive(Default)]
    struct AlertData {
        kind: AlertKind,
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
        index: i32,
        state: i32,
        prev_state: i32,
        tracker: String,
        num_peers: i32,
        complete: i32,
        incomplete: i32,
        endpoint: String,
        blob: Vec<u8>,
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
    }

    unsafe extern "C++" {
        include!("torrentxt/cpp/bridge.h");

        type Session;
        type Torrent;

        fn session_new() -> Result<UniquePtr<Session>>;
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
        fn pop_alerts(
            s: &Session,
            alerts: &mut Vec<AlertData>,
            statuses: &mut Vec<StatusData>,
        ) -> Result<()>;

        fn add_magnet(
            s: &Session,
            uri: &str,
            save_path: &str,
            flags: u64,
            mask: u64,
            tag: i32,
        ) -> Result<UniquePtr<Torrent>>;
        fn add_torrent_file(
            s: &Session,
            data: &[u8],
            save_path: &str,
            flags: u64,
            mask: u64,
            tag: i32,
        ) -> Result<UniquePtr<Torrent>>;
        fn add_with_resume(
            s: &Session,
            data: &[u8],
            save_path: &str,
            tag: i32,
        ) -> Result<UniquePtr<Torrent>>;
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
        fn save_resume(t: &Torrent) -> Result<()>;
        fn connect_peer(t: &Torrent, ip: &str, port: u16) -> Result<()>;
        fn pause_torrent(t: &Torrent) -> Result<()>;
        fn resume_torrent(t: &Torrent) -> Result<()>;
        fn set_torrent_limits(t: &Torrent, down: i32, up: i32) -> Result<()>;

        fn selftest_throw(kind: i32) -> Result<()>;
    }
}

// libtorrent's session_handle and torrent_handle are documented thread safe:
// every call is posted to the network thread.
unsafe impl Send for ffi::Session {}
unsafe impl Sync for ffi::Session {}
unsafe impl Send for ffi::Torrent {}
unsafe impl Sync for ffi::Torrent {}

impl Default for ffi::AlertKind {
    fn default() -> Self {
        ffi::AlertKind::Other
    }
}
