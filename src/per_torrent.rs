//! Per-torrent calls beyond v8 (issue 12): renaming a file, per-file
//! progress at byte or piece granularity, the download queue, the full peer
//! info, the limits the v8 setters write, and piece priorities in bulk.
//! Each returns plain data or an encoded record (docs/record-format.md).

use crate::bridge::ffi;
use crate::error::{invalid, Result};
use crate::record::{encode_list, Record};
use crate::registry::*;
use crate::torrent::{check_priority, Torrent};
use parking_lot::Mutex;

/// libtorrent keeps the blocks of a download-queue answer in one buffer per
/// session, which the next such call overwrites (torrent.cpp,
/// block_info_storage). Holding this across the call and the copy keeps two
/// host threads from reading it while it is rewritten.
static DOWNLOAD_QUEUE: Mutex<()> = Mutex::new(());

/// libtorrent's "unlimited" for connection and upload-slot caps.
const LT_UNLIMITED: i32 = (1 << 24) - 1;

impl Torrent {
    /// Renames (moves) file `index` (as btx_file_list counts, pad files
    /// skipped) to `name`, relative to the save path unless absolute. The
    /// result arrives as a fileRenamed or fileRenameFailed event.
    pub fn rename_file(&self, index: i32, name: &str) -> Result<()> {
        if name.is_empty() {
            return Err(invalid("new_name is empty"));
        }
        if name.contains('\0') {
            return Err(invalid("new_name contains a NUL byte"));
        }
        let lt = self.lt_file(index)?;
        self.files.lock().forget();
        self.act(|th| ffi::rename_file(th, lt, name))
    }

    /// The files (pad files skipped) with their progress in bytes: with
    /// `piece_granularity` only verified pieces count (cheaper), else
    /// downloaded blocks of partial pieces count too.
    pub fn file_progress(&self, piece_granularity: bool) -> Result<Vec<ffi::FileData>> {
        let mut files = Vec::new();
        ffi::file_list_with(&self.th, piece_granularity, &mut files)?;
        Ok(files)
    }

    /// The pieces being downloaded, with the state of each of their blocks.
    pub fn download_queue(&self) -> Result<Vec<ffi::PartialPiece>> {
        let _one_at_a_time = DOWNLOAD_QUEUE.lock();
        let mut q = Vec::new();
        ffi::download_queue(&self.th, &mut q)?;
        Ok(q)
    }

    /// Everything libtorrent says about each connected peer.
    pub fn peer_info(&self) -> Result<Vec<ffi::PeerInfoData>> {
        let mut peers = Vec::new();
        ffi::peer_info(&self.th, &mut peers)?;
        Ok(peers)
    }

    /// The caps the v8 setters write, as they set them: rates in bytes/s
    /// with 0 unlimited; connections and upload slots with -1 unlimited.
    pub fn limits(&self) -> Result<ffi::LimitsData> {
        let mut l = ffi::LimitsData::default();
        ffi::torrent_limits(&self.th, &mut l)?;
        l.download = l.download.max(0);
        l.upload = l.upload.max(0);
        for cap in [&mut l.connections, &mut l.uploads] {
            if *cap <= 0 || *cap >= LT_UNLIMITED {
                *cap = -1;
            }
        }
        Ok(l)
    }

    /// Every piece's priority (0..7), one byte each; empty without metadata.
    pub fn piece_priorities(&self) -> Result<Vec<u8>> {
        Ok(ffi::piece_priorities(&self.th)?)
    }

    /// Sets the priorities of the first `prios.len()` pieces (0..7 each).
    pub fn set_piece_priorities(&self, prios: &[u8]) -> Result<()> {
        if prios.is_empty() {
            return Err(invalid("priorities is empty"));
        }
        let n = ffi::num_pieces(&self.th)?;
        if n < 0 {
            return Err(invalid("the torrent has no metadata yet"));
        }
        if prios.len() > n as usize {
            return Err(invalid(format!("{} priorities for {n} pieces", prios.len())));
        }
        for &p in prios {
            check_priority(p as i32)?;
        }
        self.act(|th| ffi::set_piece_priorities(th, prios))
    }
}

/// The per-file progress list: items of path, size, progress, priority.
pub fn encode_file_progress(files: &[ffi::FileData]) -> Vec<u8> {
    encode_list(files, |r, f| {
        r.utf8(BTX_FILE_PATH, &f.path)
            .int(BTX_FILE_SIZE, f.size)
            .int(BTX_FILE_PROGRESS, f.progress)
            .int(BTX_FILE_PRIORITY, f.priority as i64);
    })
}

/// The download-queue list: one item per partial piece.
pub fn encode_download_queue(q: &[ffi::PartialPiece]) -> Vec<u8> {
    encode_list(q, |r, p| {
        let states: String = p.states.iter().map(|s| ['-', 'r', 'w', 'f'][(*s as usize).min(3)]).collect();
        r.int(BTX_EVKEY_PIECE, p.piece as i64)
            .int(BTX_QUEUE_BLOCKS_IN_PIECE, p.blocks_in_piece as i64)
            .int(BTX_QUEUE_FINISHED, p.finished as i64)
            .int(BTX_QUEUE_WRITING, p.writing as i64)
            .int(BTX_QUEUE_REQUESTED, p.requested as i64)
            .utf8(BTX_QUEUE_BLOCK_STATES, &states)
            .int(BTX_QUEUE_BYTES_DONE, p.bytes_done);
    })
}

/// The connection's transport as a name.
fn connection_name(p: &ffi::PeerInfoData) -> String {
    match p.connection_type {
        2 => return "web seed".into(),
        4 => return "HTTP seed".into(),
        _ => {}
    }
    let mut s = String::from(if p.flags & BTX_PEER_FLAG_I2P_SOCKET != 0 {
        "I2P"
    } else if p.flags & BTX_PEER_FLAG_UTP_SOCKET != 0 {
        "uTP"
    } else {
        "TCP"
    });
    if p.flags & BTX_PEER_FLAG_SSL_SOCKET != 0 {
        s.push_str("/SSL");
    }
    s
}

fn encryption_name(flags: u32) -> &'static str {
    if flags & BTX_PEER_FLAG_RC4_ENCRYPTED != 0 {
        "rc4"
    } else if flags & BTX_PEER_FLAG_PLAINTEXT_ENCRYPTED != 0 {
        "plaintext"
    } else {
        "none"
    }
}

/// One peer-info item (docs/record-format.md, "Peer fields").
pub fn peer_item(r: &mut Record, p: &ffi::PeerInfoData) {
    r.utf8(BTX_PEER_ENDPOINT, &p.endpoint)
        .utf8(BTX_PEER_CLIENT, &p.client)
        .int(BTX_PEER_DOWN_RATE, p.down_rate as i64)
        .int(BTX_PEER_UP_RATE, p.up_rate as i64)
        .real(BTX_PEER_PROGRESS, p.progress)
        .int(BTX_PEER_FLAGS, p.flags as i64)
        .utf8(BTX_PEER_FLAG_NAMES, &bit_names(PEER_FLAG_BITS, p.flags as u64))
        .int(BTX_PEER_SOURCE, p.source as i64)
        .utf8(BTX_PEER_SOURCE_NAMES, &bit_names(PEER_SOURCE_BITS, p.source as u64))
        .utf8(BTX_PEER_CONNECTION, &connection_name(p))
        .utf8(BTX_PEER_ENCRYPTION, encryption_name(p.flags))
        .int(BTX_PEER_TOTAL_DOWNLOAD, p.total_download)
        .int(BTX_PEER_TOTAL_UPLOAD, p.total_upload)
        .int(BTX_PEER_DOWNLOAD_QUEUE, p.download_queue as i64)
        .int(BTX_PEER_UPLOAD_QUEUE, p.upload_queue as i64)
        .int(BTX_PEER_RTT, p.rtt as i64)
        .int(BTX_PEER_PIECES_HAVE, p.pieces_have as i64)
        .int(BTX_PEER_DOWN_PROTOCOL_RATE, p.down_protocol_rate as i64)
        .int(BTX_PEER_UP_PROTOCOL_RATE, p.up_protocol_rate as i64)
        .int(BTX_PEER_QUEUE_BYTES, p.queue_bytes as i64)
        .hex(BTX_EVKEY_PEER_ID, &p.peer_id)
        .utf8(BTX_EVKEY_LOCAL_ENDPOINT, &p.local_endpoint);
}

/// The peer-info list.
pub fn encode_peer_info(peers: &[ffi::PeerInfoData]) -> Vec<u8> {
    encode_list(peers, peer_item)
}

/// The limits record: downloadLimit, uploadLimit, connectionsLimit,
/// uploadsLimit.
pub fn encode_limits(l: &ffi::LimitsData) -> Vec<u8> {
    let mut buf = Vec::with_capacity(48);
    let mut r = Record::begin(&mut buf);
    r.int(BTX_META_DOWNLOAD_LIMIT, l.download as i64)
        .int(BTX_META_UPLOAD_LIMIT, l.upload as i64)
        .int(BTX_STATUS_CONNECTIONS_LIMIT, l.connections as i64)
        .int(BTX_STATUS_UPLOADS_LIMIT, l.uploads as i64);
    r.finish();
    buf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::decode_list;

    #[test]
    fn peer_names() {
        let p = ffi::PeerInfoData {
            flags: BTX_PEER_FLAG_INTERESTING | BTX_PEER_FLAG_SEED | BTX_PEER_FLAG_UTP_SOCKET | BTX_PEER_FLAG_RC4_ENCRYPTED,
            source: (BTX_PEER_SOURCE_DHT | BTX_PEER_SOURCE_INCOMING) as u8,
            connection_type: 1,
            ..Default::default()
        };
        let items = decode_list(&encode_peer_info(&[p])).unwrap();
        let get = |id| items[0].iter().find(|f| f.id == id).unwrap().text().to_owned();
        assert_eq!(get(BTX_PEER_FLAG_NAMES), "interesting,seed,utpSocket,rc4Encrypted");
        assert_eq!(get(BTX_PEER_SOURCE_NAMES), "dht,incoming");
        assert_eq!(get(BTX_PEER_CONNECTION), "uTP");
        assert_eq!(get(BTX_PEER_ENCRYPTION), "rc4");
        assert_eq!(get(BTX_EVKEY_PEER_ID).len(), 40);
    }

    #[test]
    fn block_states() {
        let q = ffi::PartialPiece { piece: 3, blocks_in_piece: 4, states: vec![0, 1, 2, 3], ..Default::default() };
        let items = decode_list(&encode_download_queue(&[q])).unwrap();
        assert_eq!(items[0].iter().find(|f| f.id == BTX_QUEUE_BLOCK_STATES).unwrap().text(), "-rwf");
    }
}
