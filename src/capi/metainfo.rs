//! Metainfo and magnet links without a session: what a .torrent says, magnet links made and read.

use super::prelude::*;

/// What `.torrent` bytes say, as one metainfo record (docs/record-format.md,
/// "Metainfo"): name, hashes, piece length and count, total size, every
/// file (pad files included, with offset and attributes) as a nested list,
/// trackers with tiers, web seeds, DHT nodes, private flag, creator,
/// comment, creation date. No session is needed. Malformed bytes return 0
/// with libtorrent's message (and the byte offset where it knows one) in
/// btx_last_error; input past a documented limit sets the limit's text.
/// Returns bytes, -needed, or 0.
///
/// # Safety
/// `data` must be NULL or `len` readable bytes; `out` NULL or `cap`
/// writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_metainfo(data: *const c_void, len: c_int, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| Ok(out.put(&crate::metainfo::metainfo_record(in_bytes(data, len, "torrent data")?)?)))
}

/// A magnet link for `.torrent` bytes (both info-hashes, name, trackers,
/// web seeds), NUL-terminated. Returns its length, -needed, or 0.
///
/// # Safety
/// `data` must be NULL or `len` readable bytes; `out` NULL or `cap`
/// writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_make_magnet(data: *const c_void, len: c_int, out: *mut c_char, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out.cast(), cap);
    out_buffer(|| Ok(out.put_str(&crate::metainfo::magnet_from_torrent(in_bytes(data, len, "torrent data")?)?)))
}

/// A magnet link for a live torrent, NUL-terminated: its hashes, name,
/// trackers and web seeds (a torrent added by magnet has its name once
/// metadataReceived arrived). Returns its length, -needed, or 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_torrent_magnet(torrent: c_int, out: *mut c_char, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out.cast(), cap);
    out_buffer(|| Ok(out.put_str(&Torrent::get(torrent)?.magnet_uri()?)))
}

/// Reads a magnet link into one magnet record (docs/record-format.md,
/// "Magnet links"): name (dn), v1 and v2 hashes, trackers, web seeds (ws),
/// peers (x.pe), DHT nodes (dht) and the so= file selection. No session is
/// needed. Returns bytes, -needed, or 0 (a malformed link: the reason in
/// btx_last_error).
///
/// # Safety
/// `uri` must be NULL or a NUL-terminated string; `out` NULL or `cap`
/// writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_parse_magnet(uri: *const c_char, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| Ok(out.put(&crate::metainfo::magnet_record(c_str(uri, "uri")?)?)))
}
