//! torrentxt and an independent client (aria2c) on 127.0.0.1, both ways:
//! `get` from aria2c's seed, and aria2c downloading from `share` (found
//! through Debian's opentracker, as aria2c cannot be given a peer).

mod common;
use common::*;
use std::process::Command;
use std::time::{Duration, Instant};

fn aria2_local(port: u16) -> Vec<String> {
    [
        format!("--listen-port={port}"),
        "--enable-dht=false".into(),
        "--enable-dht6=false".into(),
        "--bt-enable-lpd=false".into(),
        "--enable-peer-exchange=false".into(),
        "--console-log-level=warn".into(),
        "--summary-interval=0".into(),
        "--file-allocation=none".into(),
    ]
    .to_vec()
}

/// Waits (bounded) until something accepts TCP connections on the port.
fn wait_listening(port: u16, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

fn info_json(torrent: &std::path::Path) -> serde_json::Value {
    let (code, out, err) = run(&["info", "--json", torrent.to_str().unwrap()], Duration::from_secs(30));
    assert_eq!(code, Some(0), "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn get_downloads_from_an_aria2c_seed() {
    assert!(have("aria2c"), "aria2c is needed (ci/install-deps.sh --test installs it)");
    let t = Tmp::new("aria-seed");
    let data = bytes(4 * 1024 * 1024 + 777, 11);
    write(&t.path("src/from-aria.bin"), &data);
    let torrent = t.path("from-aria.torrent");
    let (code, _, err) = run(
        &["create", t.path("src/from-aria.bin").to_str().unwrap(), "-o", torrent.to_str().unwrap(), "--type", "v1", "-q"],
        Duration::from_secs(60),
    );
    assert_eq!(code, Some(0), "{err}");
    let aport = free_port();
    let mut aria = Proc::spawn_cmd(
        Command::new("aria2c")
            .args(aria2_local(aport))
            .args(["--check-integrity=true", "--seed-ratio=0.0", "-d", t.path("src").to_str().unwrap()])
            .arg(&torrent),
    );
    assert!(wait_listening(aport, Duration::from_secs(60)), "aria2c never listened:\n{}", aria.log());
    let out = t.path("dl");
    let (listen, peer) = (format!("127.0.0.1:{}", free_port()), format!("127.0.0.1:{aport}"));
    let mut args =
        vec!["get", torrent.to_str().unwrap(), "-o", out.to_str().unwrap(), "--no-seed", "--listen", &listen, "--peer", &peer];
    let state = t.path("getstate");
    args.extend(["--state", state.to_str().unwrap()]);
    args.extend_from_slice(LOCAL);
    let (code, stdout, stderr) = run(&args, Duration::from_secs(180));
    assert_eq!(code, Some(0), "get failed:\n{stdout}\n{stderr}\naria2c:\n{}", aria.log());
    assert!(stdout.contains("done: from-aria.bin"), "{stdout}");
    assert_eq!(std::fs::read(out.join("from-aria.bin")).unwrap(), data);
    let _ = aria.child.kill();
}

#[test]
fn aria2c_downloads_from_share() {
    assert!(have("aria2c") && have("opentracker"), "aria2c and opentracker are needed (ci/install-deps.sh --test)");
    let t = Tmp::new("aria-get");
    let data = bytes(3 * 1024 * 1024 + 5, 12);
    write(&t.path("src/to-aria.bin"), &data);
    let tport = free_port();
    let announce = format!("http://127.0.0.1:{tport}/announce");
    // the same content and type make the same v1 info-hash: aria2c gets
    // this .torrent, share seeds its own
    let torrent = t.path("to-aria.torrent");
    let (code, _, err) = run(
        &[
            "create",
            t.path("src/to-aria.bin").to_str().unwrap(),
            "-o",
            torrent.to_str().unwrap(),
            "--type",
            "v1",
            "--tracker",
            &announce,
            "-q",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(code, Some(0), "{err}");
    let v1 = info_json(&torrent)["infoHashV1"].as_str().unwrap().to_owned();
    // opentracker (Debian's build serves only whitelisted hashes; it chroots
    // into its directory)
    let tdir = t.path("tracker");
    std::fs::create_dir_all(&tdir).unwrap();
    std::fs::write(tdir.join("whitelist"), format!("{v1}\n")).unwrap();
    let ports = tport.to_string();
    let _tracker = Proc::spawn_cmd(Command::new("opentracker").args([
        "-i",
        "127.0.0.1",
        "-p",
        &ports,
        "-P",
        &ports,
        "-d",
        tdir.to_str().unwrap(),
        "-w",
        "whitelist",
    ]));
    assert!(wait_listening(tport, Duration::from_secs(30)), "opentracker never listened");
    let sport = free_port();
    // every peer here is 127.0.0.1: libtorrent's one-connection-per-IP rule
    // would drop aria2c's connection when both sides connect at once
    let (mut seeder, magnet) = share(
        &t.path("src/to-aria.bin"),
        &t.path("state"),
        sport,
        &["--type", "v1", "--tracker", &announce, "--setting", "allow_multiple_connections_per_ip=1"],
    );
    assert!(magnet.contains(&v1), "share made another torrent: {magnet} (expected {v1})");
    let aport = free_port();
    let mut aria = Proc::spawn_cmd(
        Command::new("aria2c")
            .args(aria2_local(aport))
            .args(["--seed-time=0", "--bt-tracker-interval=1", "-d", t.path("dl").to_str().unwrap()])
            .arg(&torrent),
    );
    let code = aria.wait_exit(Duration::from_secs(180));
    assert_eq!(code, Some(0), "aria2c failed:\n{}\nshare:\n{}", aria.log(), seeder.log());
    assert_eq!(std::fs::read(t.path("dl/to-aria.bin")).unwrap(), data);
    seeder.signal(2);
    assert_eq!(seeder.wait_exit(Duration::from_secs(30)), Some(0), "{}", seeder.log());
    let log = seeder.log();
    assert!(!log.contains("stopped: uploaded 0 B"), "share says it uploaded nothing:\n{log}");
}
