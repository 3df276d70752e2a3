//! Creating torrents with every option: synchronously, or on a thread of ours with progress events and cancel.

use super::prelude::*;
use crate::create::CreateRequest;

/// Makes a .torrent as the key/value list `options` says ("Creating
/// torrents": `path=` plus any of `type=hybrid|v1|v2`, `pieceSize=`,
/// `private=`, `comment=`, `creator=`, `creationDate=`, `webSeed=`,
/// `dhtNode=host:port`, `tracker=[tier ]url`, `dotFiles=include|skip`,
/// `symlinks=follow|store`), hashing in the calling thread. Returns its
/// size, -needed, or 0. A size query keeps the result for the next call on
/// this thread with the same options, so the content is hashed once.
///
/// # Safety
/// `options` must be NULL or a NUL-terminated string; `out` NULL or `cap`
/// writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_create_torrent_with(options: *const c_char, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| {
        let text = c_str(options, "options")?;
        let req = CreateRequest::parse(text)?;
        crate::oneshot::deliver(&mut out, format!("create_with\0{text}"), || crate::create::create_torrent_with(&req))
    })
}

/// Starts making a .torrent (options as for btx_create_torrent_with) on a
/// thread of ours and returns at once with a job id (> 0), or 0. The
/// session's event queue then carries createProgress (job, piecesDone,
/// numPieces; at most ~10 a second), and finally createFinished (job,
/// torrentFile, infoHashV1, infoHashV2, numPieces) or createFailed (job,
/// errorMessage, cancelled). Freeing the session cancels its jobs.
///
/// # Safety
/// `options` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_create_start(session: c_int, options: *const c_char) -> c_int {
    getter(0, || {
        let s = Session::get(session)?;
        let req = CreateRequest::parse(c_str(options, "options")?)?;
        s.create_start(req)
    })
}

/// Cancels a creation job of the session: hashing stops after the piece in
/// hand and a createFailed event (cancelled 1) follows. A job that already
/// ended is BTX_ERR_INVALID_ARG.
#[no_mangle]
pub extern "C" fn btx_create_cancel(session: c_int, job: c_int) -> c_int {
    on_session(session, |s| s.create_cancel(job))
}
