//! Golden vectors of the record format (tests/vectors/, docs/record-format.md).
//!
//! Each `.bin` is built here with the production encoder and must equal the
//! committed file byte for byte; each `.txt` is the decoding of its `.bin`,
//! which the C harness (tests/c/test_records.c) and the LCB walker's
//! transliteration reproduce independently. BTX_REGENERATE=1 rewrites them.

use std::path::PathBuf;
use torrentxt::bridge::ffi::{AlertData, MetaData, MetaFile, MetaNode, StatusData, TrackerData};
use torrentxt::events::{encode_as, EventQueue};
use torrentxt::record::{put_len, Field, Reader, Record};
use torrentxt::registry::*;
use torrentxt::status::encode_status;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

/// FNV-1a 32: a checksum any host can compute in a few lines.
fn fnv(b: &[u8]) -> u32 {
    b.iter().fold(0x811c9dc5u32, |h, &x| (h ^ x as u32).wrapping_mul(0x01000193))
}

fn describe_fields(fields: &[Field], out: &mut String) {
    out.push_str(&format!("record {}\n", fields.len()));
    for f in fields {
        if f.ty == BTX_TYPE_LIST {
            // a nested list: its items' records, then a closing line
            let items = f.list().expect("a well-formed nested list");
            out.push_str(&format!("{} {} items {}\n", f.id, f.ty, items.len()));
            for item in &items {
                describe_fields(item, out);
            }
            out.push_str(&format!("end {}\n", f.id));
            continue;
        }
        let v = if f.ty == BTX_TYPE_RAW {
            format!("len={} fnv={:08x}", f.value.len(), fnv(&f.value))
        } else {
            String::from_utf8_lossy(&f.value).into_owned()
        };
        out.push_str(&format!("{} {} {}\n", f.id, f.ty, v));
    }
}

/// The text form of a vector; the shape comes from the file name.
fn describe(name: &str, data: &[u8]) -> String {
    let mut out = String::new();
    let mut r = Reader::new(data);
    if name.starts_with("events") {
        let n = r.u16().unwrap();
        out.push_str(&format!("events {n}\n"));
        for _ in 0..n {
            let code = r.u16().unwrap();
            let body = r.len().unwrap();
            out.push_str(&format!("event {code}\n"));
            describe_fields(&Reader::new(r.take(body).unwrap()).record().unwrap(), &mut out);
        }
    } else if name.starts_with("list") {
        let n = r.len().unwrap();
        out.push_str(&format!("items {n}\n"));
        for _ in 0..n {
            let body = r.len().unwrap();
            describe_fields(&Reader::new(r.take(body).unwrap()).record().unwrap(), &mut out);
        }
    } else {
        describe_fields(&r.record().unwrap(), &mut out);
    }
    assert_eq!(r.pos, data.len(), "{name}: trailing bytes");
    out
}

/// Drains `q` and cuts the buffer to the bytes the drain wrote.
fn drained(q: &mut EventQueue, expect: i32) -> Vec<u8> {
    let mut buf = vec![0u8; 1 << 20];
    assert_eq!(q.drain(&mut buf), expect);
    let mut r = Reader::new(&buf);
    for _ in 0..r.u16().unwrap() {
        r.u16().unwrap();
        let body = r.len().unwrap();
        r.take(body).unwrap();
    }
    let used = r.pos;
    buf.truncate(used);
    buf
}

fn vectors() -> Vec<(&'static str, Vec<u8>)> {
    let mut v = Vec::new();

    let st = StatusData {
        name: "ubuntu-24.04.iso".into(),
        state: 3,
        progress: 0.25,
        download_rate: 1_048_576,
        upload_rate: 2048,
        total_done: 1_073_741_824,
        total_wanted: 4_294_967_296,
        total_wanted_done: 1_073_741_824,
        num_peers: 12,
        num_seeds: 4,
        save_path: "/home/ïx/downloads".into(),
        has_v1: true,
        v1: core::array::from_fn(|i| i as u8 * 13),
        has_v2: false,
        num_pieces: 16384,
        piece_length: 262_144,
        total_size: 4_294_967_296,
        all_time_download: 1_073_741_824,
        all_time_upload: 5,
        num_complete: -1,
        num_incomplete: 30,
        is_finished: false,
        is_seeding: false,
        error: String::new(),
        added_time: 1_700_000_000,
        completed_time: 0,
        num_connections: 14,
        flags: BTX_FLAG_AUTO_MANAGED | BTX_FLAG_SEQUENTIAL_DOWNLOAD,
        ..Default::default()
    };
    let mut status = Vec::new();
    encode_status(&st, &mut status);
    v.push(("status.bin", status));

    let mut q = EventQueue::new(4, 1 << 20);
    let added = AlertData {
        lt_type: 67,
        name: "ubuntu-24.04.iso".into(),
        has_v1: true,
        v1: core::array::from_fn(|i| i as u8 * 13),
        ..Default::default()
    };
    q.push(encode_as(BTX_EVENT_TORRENT_ADDED, &added, 5));
    let piece = AlertData { lt_type: 27, index: 17, ..Default::default() };
    q.push(encode_as(BTX_EVENT_PIECE_FINISHED, &piece, 5));
    q.push(encode_as(BTX_EVENT_PIECE_FINISHED, &piece, 5));
    q.push(encode_as(BTX_EVENT_PIECE_FINISHED, &piece, 5)); // over the bound of 4: becomes the drop marker
    v.push(("events.bin", drained(&mut q, 4)));

    let big = AlertData {
        lt_type: 37,
        blob: (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect(),
        ..Default::default()
    };
    let mut q = EventQueue::default();
    q.push(encode_as(BTX_EVENT_RESUME_DATA_READY, &big, 9));
    v.push(("events-large.bin", drained(&mut q, 1)));

    let mut list = Vec::new();
    put_len(&mut list, 2);
    for (path, size, prio) in [("album/01 intro.flac", 31_337i64, 4i64), ("album/cover.jpg", 0, 0)] {
        let mut body = Vec::new();
        let mut r = Record::begin(&mut body);
        r.utf8(BTX_FILE_PATH, path).int(BTX_FILE_SIZE, size).int(BTX_FILE_PROGRESS, size / 2).int(BTX_FILE_PRIORITY, prio);
        r.finish();
        put_len(&mut list, body.len());
        list.extend_from_slice(&body);
    }
    v.push(("list-files.bin", list));

    // issue 12: a metainfo record with nested lists (a hybrid two-file
    // torrent with a pad file, a symlink, trackers in two tiers, a web seed
    // and DHT nodes)
    let file = |path: &str, size: i64, offset: i64, attributes: u8, symlink: &str, root: u8| MetaFile {
        path: path.into(),
        size,
        offset,
        attributes,
        symlink: symlink.into(),
        mtime: if root == 0 { 0 } else { 1_700_000_000 },
        root: if root == 0 { Vec::new() } else { vec![root; 32] },
    };
    let tracker = |url: &str, tier: u8| TrackerData { url: url.into(), tier, ..Default::default() };
    let meta = MetaData {
        has_metadata: true,
        name: "album".into(),
        has_v1: true,
        v1: core::array::from_fn(|i| i as u8 * 7),
        has_v2: true,
        v2: core::array::from_fn(|i| 255 - i as u8),
        num_pieces: 3,
        piece_length: 32768,
        total_size: 65536 + 100,
        files: vec![
            file("album/01 intro.flac", 40000, 0, 0, "", 0xAB),
            file("album/.pad/25536", 25536, 40000, 1, "", 0),
            file("album/cover.jpg", 100, 65536, 4, "", 0xCD),
            file("album/latest", 0, 65636, 8 | 4, "album/01 intro.flac", 0),
        ],
        trackers: vec![tracker("http://127.0.0.1:6969/announce", 0), tracker("udp://127.0.0.1:6970", 1)],
        web_seeds: vec!["http://127.0.0.1:8080/album/".into()],
        is_private: true,
        creator: "torrentxt".into(),
        comment: "golden vector ïñ".into(),
        creation_date: 1_700_000_000,
        nodes: vec![MetaNode { host: "127.0.0.1".into(), port: 6881 }, MetaNode { host: "::1".into(), port: 6882 }],
        ..Default::default()
    };
    v.push(("metainfo.bin", torrentxt::metainfo::encode_metainfo(&meta)));
    v
}

#[test]
fn golden_vectors_match_the_encoder_and_their_descriptions() {
    let regen = std::env::var_os("BTX_REGENERATE").is_some();
    for (name, bytes) in vectors() {
        let bin = dir().join(name);
        let txt = dir().join(name.replace(".bin", ".txt"));
        let text = describe(name, &bytes);
        if regen {
            std::fs::create_dir_all(dir()).unwrap();
            std::fs::write(&bin, &bytes).unwrap();
            std::fs::write(&txt, &text).unwrap();
            continue;
        }
        let committed = std::fs::read(&bin).unwrap_or_default();
        assert!(committed == bytes, "{name}: the encoder's output differs from the committed vector");
        assert_eq!(std::fs::read_to_string(&txt).unwrap_or_default(), text, "{name}: description");
    }
}

#[test]
fn the_large_vector_uses_the_escape() {
    let data = std::fs::read(dir().join("events-large.bin")).unwrap();
    // [count][code][bodyLen = FFFF + u32] ...
    assert_eq!(&data[4..6], &[0xFF, 0xFF]);
    let body = u32::from_be_bytes([data[6], data[7], data[8], data[9]]) as usize;
    assert_eq!(body + 10, data.len());
}
