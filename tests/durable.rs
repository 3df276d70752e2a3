//! The safe Rust API of durable sessions (src/durable.rs), as a Rust host
//! (the CLI) uses it: open, add, user data, free, reopen, restore.
use std::time::{Duration, Instant};
use torrentxt::add_options::AddRequest;
use torrentxt::error::Error;
use torrentxt::session::Session;
use torrentxt::torrent::Torrent;

const HASH: &str = "0123456789abcdef0123456789abcdef01234567";

/// Waits for restoreFinished and returns its count.
fn restored_count(s: &Session) -> Option<i64> {
    let until = Instant::now() + Duration::from_secs(20);
    let mut buf = vec![0u8; 1 << 16];
    while Instant::now() < until {
        let n = s.events.lock().drain(&mut buf);
        if n > 0 {
            let events = torrentxt::record::decode_events(&buf).unwrap();
            for (code, fields) in events {
                if code == torrentxt::registry::BTX_EVENT_RESTORE_FINISHED {
                    return fields.iter().find(|f| f.id == torrentxt::registry::BTX_EVKEY_COUNT).and_then(|f| f.int());
                }
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

#[test]
fn open_add_restart_restore() {
    let dir = std::env::temp_dir().join(format!("btx-durable-rs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.db");
    let path = state.to_str().unwrap();
    let quiet = [("listen_interfaces", "127.0.0.1:0"), ("btx_resume_save_interval", "7")];

    let h = Session::open(path, &quiet).unwrap();
    assert!(matches!(Session::open(path, &quiet), Err(Error::Store(m)) if m.contains("in use")));
    let s = Session::get(h).unwrap();
    let opts = format!("infoHash={HASH}\nsavePath={}\nflags=16\nmask=16\n", dir.display());
    let t = s.add_request(AddRequest::parse(&opts, &[]).unwrap(), &[]).unwrap();
    let tor = Torrent::get(t).unwrap();
    s.user_data_set(&tor, "category", "linux").unwrap();
    assert_eq!(s.user_data_get(&tor, "category").as_deref(), Some("linux"));
    s.store_flush(Duration::from_secs(10)).unwrap();
    assert_eq!(s.get_setting("btx_resume_save_interval").unwrap(), "7");
    drop((tor, s));
    Session::free(h);

    let h = Session::open(path, &[("listen_interfaces", "127.0.0.1:0")]).unwrap();
    let s = Session::get(h).unwrap();
    let until = Instant::now() + Duration::from_secs(20);
    while s.count() < 1 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(s.count(), 1, "the torrent came back");
    let t = s.handle_at(0);
    let tor = Torrent::get(t).unwrap();
    assert_eq!(s.user_data_get(&tor, "category").as_deref(), Some("linux"));
    assert_eq!(s.get_setting("btx_resume_save_interval").unwrap(), "7", "the interval is stored");
    s.remove(&tor, false).unwrap();
    drop((tor, s));
    Session::free(h);

    let h = Session::open(path, &[("listen_interfaces", "127.0.0.1:0")]).unwrap();
    assert_eq!(restored_count(&Session::get(h).unwrap()), Some(0), "the removal is stored");
    Session::free(h);

    // a file of another kind is refused and left alone
    let junk = dir.join("junk.db");
    std::fs::write(&junk, b"not a database at all, just some bytes that are long enough to look like a file").unwrap();
    let before = std::fs::read(&junk).unwrap();
    assert!(matches!(Session::open(junk.to_str().unwrap(), &[]), Err(Error::Store(_))));
    assert_eq!(std::fs::read(&junk).unwrap(), before);
    let _ = std::fs::remove_dir_all(&dir);
}
