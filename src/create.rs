//! btx_create_torrent: validation, then libtorrent's create_torrent.

use crate::boundary::OutBuf;
use crate::bridge::ffi;
use crate::error::{invalid, Result};
use std::os::raw::c_int;

pub fn create_into(out: &mut OutBuf, path: &str, piece_size: i32, flags: i32, trackers: &str) -> Result<c_int> {
    if path.is_empty() {
        return Err(invalid("content_path is empty"));
    }
    if piece_size != 0 && (piece_size < 16384 || (piece_size & (piece_size - 1)) != 0) {
        return Err(invalid(format!("piece_size {piece_size}: use 0 (auto) or a power of two >= 16384")));
    }
    let key = format!("create\0{path}\0{piece_size}\0{flags}\0{trackers}");
    crate::oneshot::deliver(out, key, || {
        let urls: Vec<String> =
            trackers.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        // the torrent is named after the last path component; its data is
        // hashed relative to the parent folder
        let trimmed = path.trim_end_matches('/');
        let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
        let parent = match std::path::Path::new(trimmed).parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_string_lossy().into_owned(),
            _ => ".".to_owned(),
        };
        Ok(ffi::create_torrent(trimmed, &parent, piece_size, flags as u32, &urls)?)
    })
}
