//! Trackers and web seeds (BEP 19).

use super::prelude::*;

/// The torrent's trackers as a list of tracker records.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_trackers(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| {
        Ok(encode_list(&t.trackers()?, |r, a| {
            r.utf8(BTX_TRACKER_URL, &a.url)
                .int(BTX_TRACKER_TIER, a.tier as i64)
                .int(BTX_TRACKER_VERIFIED, a.verified as i64)
                .int(BTX_TRACKER_SOURCE, a.source as i64);
        }))
    })
}

/// Adds an announce URL at `tier` (0 first; 0..255). BTX_ERR_LIMIT once
/// the torrent has 500 trackers (docs: Limits).
///
/// # Safety
/// `url` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_add_tracker(torrent: c_int, url: *const c_char, tier: c_int) -> c_int {
    on_torrent(torrent, |t| t.add_tracker(c_str(url, "url")?, tier))
}

/// The torrent's web seeds (BEP 19) as a list of records with one `urlSeed`.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_url_seeds(torrent: c_int, out: *mut c_void, cap: c_int) -> c_int {
    torrent_bytes(torrent, out, cap, |t| {
        Ok(encode_list(&t.url_seeds()?, |r, u| {
            r.utf8(BTX_URLSEED_URL, u);
        }))
    })
}

/// Adds a web seed URL. BTX_ERR_LIMIT once the torrent has 500.
///
/// # Safety
/// `url` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_add_url_seed(torrent: c_int, url: *const c_char) -> c_int {
    on_torrent(torrent, |t| t.add_url_seed(c_str(url, "url")?))
}

/// Removes a web seed URL.
///
/// # Safety
/// `url` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_remove_url_seed(torrent: c_int, url: *const c_char) -> c_int {
    on_torrent(torrent, |t| t.remove_url_seed(c_str(url, "url")?))
}
