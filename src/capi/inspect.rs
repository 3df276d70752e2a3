//! Inspection: status records, enumeration, bitfield, availability, peer and file lists.

use super::prelude::*;

/// The torrent's status as one kvrecord (28 fields, docs/record-format.md).
/// Served from a cache the pump refreshes every 100 ms; a host action on the
/// torrent is reflected by the next call. Returns bytes, -needed, or 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_torrent_status(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| {
        Torrent::get(torrent)?.with_status(|e| {
            let (count, fields) = e.v8_parts();
            out.put2(&count, fields)
        })
    })
}

/// How many torrents the session holds (0 for a bad handle).
#[no_mangle]
pub extern "C" fn btx_torrent_count(session: c_int) -> c_int {
    getter(0, || Ok(Session::get(session)?.count()))
}

/// The torrent handle at a 0-based index, in the order added; 0 when out of
/// range or for a bad handle.
#[no_mangle]
pub extern "C" fn btx_torrent_handle_at(session: c_int, index: c_int) -> c_int {
    getter(0, || Ok(Session::get(session)?.handle_at(index)))
}

/// The v1 info-hash (else the v2) as lower-case hex, NUL-terminated.
/// Returns its length, -needed, or 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_info_hash_hex(torrent: c_int, out: *mut c_char, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out.cast(), cap);
    out_buffer(|| Ok(out.put_str(&Torrent::get(torrent)?.info_hash_hex()?)))
}

/// The handle of the torrent with this info-hash (40 hex v1, or 64 hex v2),
/// or 0 when the session has none.
///
/// # Safety
/// `info_hash_hex` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_find_torrent(session: c_int, info_hash_hex: *const c_char) -> c_int {
    getter(0, || {
        let s = Session::get(session)?;
        let hex = c_str(info_hash_hex, "info_hash_hex")?;
        let hash = crate::record::from_hex(hex)
            .filter(|h| h.len() == 20 || h.len() == 32)
            .ok_or_else(|| invalid(format!("'{hex}' is not a 40- or 64-digit hex info-hash")))?;
        s.find(&hash)
    })
}

/// The have-bitfield: one bit per piece, most significant bit first. Empty
/// (0) until the torrent has metadata.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_piece_bitfield(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| t.piece_bitfield())
}

/// One byte per piece: how many connected peers have it, clamped to 255.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_piece_availability(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| t.piece_availability())
}

/// The connected peers as a list of peer records.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_peer_list(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| {
        Ok(encode_list(&t.peers()?, |r, p| {
            r.utf8(BTX_PEER_ENDPOINT, &p.endpoint)
                .utf8(BTX_PEER_CLIENT, &p.client)
                .int(BTX_PEER_DOWN_RATE, p.down_rate as i64)
                .int(BTX_PEER_UP_RATE, p.up_rate as i64)
                .real(BTX_PEER_PROGRESS, p.progress)
                .int(BTX_PEER_FLAGS, p.flags as i64);
        }))
    })
}

/// The torrent's files (pad files hidden) as a list of file records; an
/// empty list (2 bytes, count 0) until metadata arrives.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_file_list(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| {
        let files = t.file_list()?;
        Ok(encode_list(&files, |r, f| {
            r.utf8(BTX_FILE_PATH, &f.path)
                .int(BTX_FILE_SIZE, f.size)
                .int(BTX_FILE_PROGRESS, f.progress)
                .int(BTX_FILE_PRIORITY, f.priority as i64);
        }))
    })
}
