//! `create`, `info --json` and `magnet` on v1, v2 and hybrid torrents,
//! checked field by field; the info-hashes recomputed here from the file's
//! bytes (the info dictionary found by a small bencode walker, hashed by
//! coreutils' sha1sum/sha256sum); bad input gets one line and an exit code.

mod common;
use common::*;
use serde_json::Value;
use std::time::Duration;

/// The end of the bencoded value starting at `i`.
fn skip(b: &[u8], i: usize) -> usize {
    match b[i] {
        b'i' => i + b[i..].iter().position(|&c| c == b'e').unwrap() + 1,
        b'l' | b'd' => {
            let mut j = i + 1;
            while b[j] != b'e' {
                j = skip(b, j);
            }
            j + 1
        }
        _ => {
            let colon = i + b[i..].iter().position(|&c| c == b':').unwrap();
            let n: usize = std::str::from_utf8(&b[i..colon]).unwrap().parse().unwrap();
            colon + 1 + n
        }
    }
}

/// The bytes of the top-level dictionary's "info" value.
fn info_dict(b: &[u8]) -> &[u8] {
    assert_eq!(b[0], b'd');
    let mut j = 1;
    while b[j] != b'e' {
        let key_end = skip(b, j);
        let key = &b[j..key_end];
        let val_end = skip(b, key_end);
        if key == b"4:info" {
            return &b[key_end..val_end];
        }
        j = val_end;
    }
    panic!("no info dictionary");
}

fn digest(tool: &str, data: &[u8], t: &Tmp) -> String {
    let p = t.path("info.bin");
    std::fs::write(&p, data).unwrap();
    let out = std::process::Command::new(tool).arg(&p).output().unwrap();
    String::from_utf8(out.stdout).unwrap().split_whitespace().next().unwrap().to_owned()
}

fn create(t: &Tmp, kind: &str, extra: &[&str]) -> (std::path::PathBuf, Value) {
    let out = t.path(&format!("{kind}.torrent"));
    let mut args: Vec<String> =
        vec!["create".into(), t.0.join("content").to_str().unwrap().to_owned(), "-o".into(), out.to_str().unwrap().into()];
    args.extend(["--type", kind, "--piece-size", "16k", "--no-date", "-q"].iter().map(|s| s.to_string()));
    args.extend(extra.iter().map(|s| s.to_string()));
    let (code, _, err) = run(&args.iter().map(String::as_str).collect::<Vec<_>>(), Duration::from_secs(60));
    assert_eq!(code, Some(0), "create {kind}: {err}");
    let (code, json, err) = run(&["info", "--json", out.to_str().unwrap()], Duration::from_secs(30));
    assert_eq!(code, Some(0), "info {kind}: {err}");
    (out, serde_json::from_str(&json).unwrap())
}

#[test]
fn info_json_on_v1_v2_and_hybrid_torrents() {
    let t = Tmp::new("info");
    write(&t.path("content/a.bin"), &bytes(40_000, 21));
    write(&t.path("content/sub/b.bin"), &bytes(70_000, 22));
    for kind in ["v1", "v2", "hybrid"] {
        let (file, v) = create(
            &t,
            kind,
            &["--tracker", "http://127.0.0.1:1/announce", "--web-seed", "http://127.0.0.1:2/ws/", "--comment", "a test", "--creator", "cli-test"],
        );
        let raw = std::fs::read(&file).unwrap();
        let info = info_dict(&raw);
        let (want_v1, want_v2) = (kind != "v2", kind != "v1");
        assert_eq!(v["source"], "torrent");
        assert_eq!(v["type"], kind);
        assert_eq!(v["name"], "content");
        assert_eq!(v["hasMetadata"], true);
        // the hashes, recomputed from the bytes
        if want_v1 {
            assert_eq!(v["infoHashV1"], digest("sha1sum", info, &t), "{kind} v1 hash");
        } else {
            assert!(v["infoHashV1"].is_null(), "{kind}: {}", v["infoHashV1"]);
        }
        if want_v2 {
            assert_eq!(v["infoHashV2"], digest("sha256sum", info, &t), "{kind} v2 hash");
        } else {
            assert!(v["infoHashV2"].is_null(), "{kind}: {}", v["infoHashV2"]);
        }
        assert_eq!(v["pieceLength"], 16384);
        assert_eq!(v["totalSize"].as_i64().unwrap() >= 110_000, true);
        // files: the two real ones (pad files listed only with --pad-files)
        assert_eq!(v["numFiles"], 2, "{kind}: {}", v["files"]);
        let files = v["files"].as_array().unwrap();
        let mut seen: Vec<(String, i64)> =
            files.iter().map(|f| (f["path"].as_str().unwrap().to_owned(), f["size"].as_i64().unwrap())).collect();
        seen.sort();
        assert_eq!(seen, vec![("content/a.bin".to_owned(), 40_000), ("content/sub/b.bin".to_owned(), 70_000)]);
        for f in files {
            assert_eq!(f.get("piecesRoot").is_some(), want_v2, "{kind}: {f}");
        }
        // v1: the pieces cover the content (pad files included in a hybrid)
        let np = v["numPieces"].as_i64().unwrap();
        let expect = match kind {
            "v1" => (110_000 + 16383) / 16384,
            // v2 and hybrid: each file starts at a piece boundary
            _ => (40_000 + 16383) / 16384 + (70_000 + 16383) / 16384,
        };
        assert_eq!(np, expect, "{kind} numPieces");
        if kind == "v1" {
            assert_eq!(v["totalSize"], 110_000);
        }
        assert_eq!(v["private"], false);
        assert_eq!(v["creator"], "cli-test");
        assert_eq!(v["comment"], "a test");
        assert_eq!(v["creationDate"], 0);
        assert_eq!(v["trackers"], serde_json::json!([{ "url": "http://127.0.0.1:1/announce", "tier": 0 }]));
        assert_eq!(v["webSeeds"], serde_json::json!(["http://127.0.0.1:2/ws/"]));
        // the magnet names each hash the torrent has, and agrees with `magnet`
        let magnet = v["magnet"].as_str().unwrap();
        assert_eq!(magnet.contains("xt=urn:btih:"), want_v1, "{magnet}");
        assert_eq!(magnet.contains("xt=urn:btmh:1220"), want_v2, "{magnet}");
        let (code, m2, _) = run(&["magnet", file.to_str().unwrap()], Duration::from_secs(30));
        assert_eq!(code, Some(0));
        assert_eq!(m2.trim(), magnet);
        // the same hashes as a magnet: info on the magnet itself
        let (code, mj, err) = run(&["info", "--json", magnet], Duration::from_secs(30));
        assert_eq!(code, Some(0), "{err}");
        let mv: Value = serde_json::from_str(&mj).unwrap();
        assert_eq!(mv["source"], "magnet");
        assert_eq!(mv["hasMetadata"], false);
        assert_eq!(mv["infoHashV1"], v["infoHashV1"]);
        assert_eq!(mv["infoHashV2"], v["infoHashV2"]);
        assert_eq!(mv["name"], "content");
        if kind == "hybrid" {
            let (_, with_pads, _) = run(&["info", "--json", "--pad-files", file.to_str().unwrap()], Duration::from_secs(30));
            let pv: Value = serde_json::from_str(&with_pads).unwrap();
            assert!(pv["files"].as_array().unwrap().iter().any(|f| f["pad"] == true), "a hybrid of two files has a pad file");
        }
    }
    // --private
    let (_, v) = create(&t, "v1", &["--private", "--force"]);
    assert_eq!(v["private"], true);
}

#[test]
fn bad_input_gets_one_line_and_an_exit_code() {
    let t = Tmp::new("bad");
    write(&t.path("garbage.torrent"), b"not bencode");
    let local: Vec<&str> = LOCAL.to_vec();
    let garbage = t.path("garbage.torrent");
    let garbage = garbage.to_str().unwrap();
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["get", "magnet:?xt=urn:btih:nothex"], 2, "bad magnet link"),
        (vec!["get", "/no/such/file.torrent"], 2, "no such file"),
        (vec!["get", garbage], 2, "not a usable .torrent file"),
        (vec!["info", garbage], 2, "not a usable .torrent file"),
        (vec!["info", "magnet:?dn=nohash"], 2, "bad magnet link"),
        (vec!["magnet", "/no/such.torrent"], 2, "cannot read"),
        (vec!["get", "0123456789abcdef0123456789abcdef01234567", "--peer", "nope"], 2, "--peer 'nope'"),
        (vec!["get", "0123456789abcdef0123456789abcdef01234567", "--listen", "nope"], 2, "--listen 'nope'"),
        (vec!["create", "/no/such/dir", "-o", "/tmp/x.torrent"], 2, "cannot read /no/such/dir"),
        (vec!["get", "x", "--seed-time", "soon"], 2, "not a time"),
    ];
    for (mut args, code, text) in cases {
        if args[0] == "get" {
            args.extend_from_slice(&local);
        }
        let (got, out, err) = run(&args, Duration::from_secs(30));
        assert_eq!(got, Some(code), "{args:?}: {out}{err}");
        assert!(err.contains(text), "{args:?}: '{err}' lacks '{text}'");
        assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{args:?}: {err}");
        if !text.starts_with("not a time") {
            assert_eq!(err.trim().lines().count(), 1, "{args:?}: one line, got:\n{err}");
        }
    }
    // a port in use: exit 3, one line naming it
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let mut args = vec!["get", "0123456789abcdef0123456789abcdef01234567", "-o", t.0.to_str().unwrap(), "--listen", &listen];
    args.extend_from_slice(&local);
    let (got, out, err) = run(&args, Duration::from_secs(30));
    assert_eq!(got, Some(3), "{out}{err}");
    assert!(err.contains(&listen) && err.contains("in use"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}
