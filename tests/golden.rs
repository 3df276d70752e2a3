//! Golden vectors of the record format (tests/vectors/, docs/record-format.md).
//!
//! Each `.bin` is built here with the production encoder and must equal the
//! committed file byte for byte; each `.txt` is the decoding of its `.bin`,
//! which the C harness (tests/c/test_records.c) and the LCB walker's
//! transliteration reproduce independently; each `.text` is the compact text
//! form of its `.bin` (btx_records_text), which the C harness compares byte
//! for byte and the LCB text decoder's transliteration decodes back to the
//! `.txt`. BTX_REGENERATE=1 rewrites them.

use std::path::PathBuf;
use torrentxt::compact::{records_text, Shape};
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

/// A text value for the one-line-per-field description: control bytes,
/// DEL and the backslash as `\xHH`, everything else as it is.
fn escaped(v: &[u8]) -> String {
    let mut out = Vec::with_capacity(v.len());
    for &b in v {
        if b < 0x20 || b == 0x7F || b == b'\\' {
            out.extend_from_slice(format!("\\x{b:02x}").as_bytes());
        } else {
            out.push(b);
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
            escaped(&f.value)
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

/// The shape of a vector, from its name (as `describe` reads it).
fn shape(name: &str) -> Shape {
    if name.starts_with("events") {
        Shape::Events
    } else if name.starts_with("list") {
        Shape::List
    } else {
        Shape::Record
    }
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

    // issue 10: what the compact text form must carry exactly, and what it
    // must flag: names and paths with tabs, newlines, NUL, non-ASCII and
    // the four separators, raw values, a record of no field, unknown ids
    let tricky = StatusData { name: "name with \u{1f} (the key separator)".into(), ..st };
    let mut status = Vec::new();
    encode_status(&tricky, &mut status);
    v.push(("status-tricky.bin", status));

    let paths: [Option<&str>; 8] = [
        Some("dir/tab\there and a newline\nend"),
        Some("emoji 🎉 ünïcode"),
        Some("rs\u{1e}inside"),
        Some("us\u{1f}inside"),
        Some("fs\u{1c} and gs\u{1d}"),
        None,
        Some(""),
        Some("nul\0inside"),
    ];
    let mut list = Vec::new();
    put_len(&mut list, paths.len());
    for (i, path) in paths.iter().enumerate() {
        let mut body = Vec::new();
        let mut r = Record::begin(&mut body);
        if let Some(p) = path {
            r.utf8(BTX_FILE_PATH, p).int(BTX_FILE_SIZE, i as i64 * 1000).int(BTX_FILE_PROGRESS, 0).int(BTX_FILE_PRIORITY, 4);
        }
        r.finish();
        put_len(&mut list, body.len());
        list.extend_from_slice(&body);
    }
    v.push(("list-tricky.bin", list));

    let mut q = EventQueue::default();
    let named = |name: &str| AlertData { lt_type: 67, name: name.into(), has_v1: true, v1: [7; 20], ..Default::default() };
    q.push(encode_as(BTX_EVENT_TORRENT_ADDED, &named("tabs\tand\nlines"), 5));
    q.push(encode_as(BTX_EVENT_TORRENT_ADDED, &named("group\u{1d}separator"), 6));
    let resume = AlertData { lt_type: 37, blob: b"d4:infod4:name1:\x1eee".to_vec(), ..Default::default() };
    q.push(encode_as(BTX_EVENT_RESUME_DATA_READY, &resume, 5));
    q.push(encode_as(BTX_EVENT_PIECE_FINISHED, &piece, 5));
    let state = AlertData { lt_type: 10, state: 5, prev_state: 3, ..Default::default() };
    q.push(encode_as(BTX_EVENT_STATE_CHANGED, &state, 6));
    // a code and a field id no registry names (a newer library)
    let mut unknown = vec![0, 0, 0, 0];
    let mut r = Record::begin(&mut unknown);
    r.int(BTX_EVKEY_TORRENT, 6).utf8(250, "from the future");
    r.finish();
    let body = unknown.len() - 4;
    unknown[0..2].copy_from_slice(&777u16.to_be_bytes());
    unknown[2..4].copy_from_slice(&(body as u16).to_be_bytes());
    q.push(unknown.into_boxed_slice());
    v.push(("events-tricky.bin", drained(&mut q, 6)));
    v
}

#[test]
fn golden_vectors_match_the_encoder_and_their_descriptions() {
    let regen = std::env::var_os("BTX_REGENERATE").is_some();
    for (name, bytes) in vectors() {
        let bin = dir().join(name);
        let txt = dir().join(name.replace(".bin", ".txt"));
        let compact = dir().join(name.replace(".bin", ".text"));
        let text = describe(name, &bytes);
        let compact_text = records_text(shape(name), &bytes).unwrap();
        if regen {
            std::fs::create_dir_all(dir()).unwrap();
            std::fs::write(&bin, &bytes).unwrap();
            std::fs::write(&txt, &text).unwrap();
            std::fs::write(&compact, &compact_text).unwrap();
            continue;
        }
        let committed = std::fs::read(&bin).unwrap_or_default();
        assert!(committed == bytes, "{name}: the encoder's output differs from the committed vector");
        assert_eq!(std::fs::read_to_string(&txt).unwrap_or_default(), text, "{name}: description");
        assert!(std::fs::read(&compact).unwrap_or_default() == compact_text, "{name}: the compact text differs from the committed one");
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
