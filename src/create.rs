//! btx_create_torrent: validation, and a one-result cache so the usual
//! "ask the size, then fetch" pair of calls hashes the content only once.

use crate::boundary::OutBuf;
use crate::bridge::ffi;
use crate::error::{invalid, Result};
use std::cell::RefCell;
use std::os::raw::c_int;

type Key = (String, i32, i32, String);

thread_local! {
    /// The last result that did not fit the caller's buffer.
    static PENDING: RefCell<Option<(Key, Vec<u8>)>> = const { RefCell::new(None) };
}

pub fn create_into(out: &mut OutBuf, path: &str, piece_size: i32, flags: i32, trackers: &str) -> Result<c_int> {
    if path.is_empty() {
        return Err(invalid("content_path is empty"));
    }
    if piece_size != 0 && (piece_size < 16384 || (piece_size & (piece_size - 1)) != 0) {
        return Err(invalid(format!("piece_size {piece_size}: use 0 (auto) or a power of two >= 16384")));
    }
    let key: Key = (path.to_owned(), piece_size, flags, trackers.to_owned());
    let cached = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        match p.take() {
            Some((k, bytes)) if k == key => Some(bytes),
            _ => None,
        }
    });
    let bytes = match cached {
        Some(b) => b,
        None => {
            let urls: Vec<String> = trackers
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            // the torrent is named after the last path component; its data
            // is hashed relative to the parent folder
            let trimmed = path.trim_end_matches('/');
            let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
            let parent = match std::path::Path::new(trimmed).parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_string_lossy().into_owned(),
                _ => ".".to_owned(),
            };
            ffi::create_torrent(trimmed, &parent, piece_size, flags as u32, &urls)?
        }
    };
    let n = out.put(&bytes);
    if n < 0 {
        PENDING.with(|p| *p.borrow_mut() = Some((key, bytes)));
    }
    Ok(n)
}
