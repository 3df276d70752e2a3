//! Metainfo and magnet links without a session: what a .torrent says, as one
//! record (`btx_metainfo`); magnet links made from a .torrent or a live
//! torrent, and read back into a record (`btx_parse_magnet`).
//!
//! Every input is untrusted: it goes through the same parsers as an add
//! (cpp/metainfo.cpp), which check the documented limits (src/limits.rs) in
//! linear time before libtorrent builds anything, and report bencode errors
//! with the byte offset libtorrent found them at.

use crate::bridge::ffi;
use crate::error::{invalid, Result};
use crate::record::Record;
use crate::registry::*;
use cxx::UniquePtr;

/// What a .torrent or a magnet link says, as plain data.
pub use crate::bridge::ffi::{MetaData, MetaFile, MetaNode, TrackerData};

/// Parses .torrent bytes (limits checked first).
pub fn parse_torrent(data: &[u8]) -> Result<UniquePtr<ffi::AddParams>> {
    if data.is_empty() {
        return Err(invalid("torrent data is empty"));
    }
    Ok(ffi::parse_torrent(data, &crate::limits::ffi_limits())?)
}

/// Parses a magnet link (limits checked first).
pub fn parse_magnet(uri: &str) -> Result<UniquePtr<ffi::AddParams>> {
    if uri.is_empty() {
        return Err(invalid("the magnet link is empty"));
    }
    Ok(ffi::parse_magnet(uri, &crate::limits::ffi_limits())?)
}

/// What parsed params say, copied out of libtorrent.
pub fn describe(p: &ffi::AddParams) -> Result<ffi::MetaData> {
    let mut m = ffi::MetaData::default();
    ffi::describe_params(p, &mut m)?;
    Ok(m)
}

/// What .torrent bytes hold (name, hashes, files, trackers...), parsed and
/// checked against the documented limits.
pub fn describe_torrent(data: &[u8]) -> Result<ffi::MetaData> {
    describe(&*parse_torrent(data)?)
}

/// What a magnet link holds (hashes, name, trackers, peers...).
pub fn describe_magnet(uri: &str) -> Result<ffi::MetaData> {
    describe(&*parse_magnet(uri)?)
}

/// The metainfo record of .torrent bytes (docs/record-format.md, "Metainfo").
pub fn metainfo_record(data: &[u8]) -> Result<Vec<u8>> {
    let p = parse_torrent(data)?;
    Ok(encode_metainfo(&describe(&p)?))
}

/// The magnet record of a magnet link (docs/record-format.md, "Magnet links").
pub fn magnet_record(uri: &str) -> Result<Vec<u8>> {
    let p = parse_magnet(uri)?;
    Ok(encode_magnet(&describe(&p)?))
}

/// A magnet link for .torrent bytes: both info-hashes, name, trackers and
/// web seeds.
pub fn magnet_from_torrent(data: &[u8]) -> Result<String> {
    Ok(ffi::make_magnet(&*parse_torrent(data)?)?)
}

fn hashes(r: &mut Record, m: &ffi::MetaData) {
    r.hex(BTX_STATUS_INFO_HASH_V1, if m.has_v1 { &m.v1 } else { &[] });
    r.hex(BTX_STATUS_INFO_HASH_V2, if m.has_v2 { &m.v2 } else { &[] });
}

fn lists(r: &mut Record, m: &ffi::MetaData) {
    r.list(BTX_META_TRACKERS, &m.trackers, |r, t| {
        r.utf8(BTX_TRACKER_URL, &t.url).int(BTX_TRACKER_TIER, t.tier as i64);
    });
    r.list(BTX_META_WEB_SEEDS, &m.web_seeds, |r, u| {
        r.utf8(BTX_URLSEED_URL, u);
    });
    r.list(BTX_META_DHT_NODES, &m.nodes, |r, n| {
        r.utf8(BTX_META_HOST, &n.host).int(BTX_EVKEY_PORT, n.port as i64);
    });
}

/// One file item of a metainfo record.
fn file_item(r: &mut Record, f: &ffi::MetaFile) {
    let bits = f.attributes as u64;
    r.utf8(BTX_FILE_PATH, &f.path)
        .int(BTX_FILE_SIZE, f.size)
        .int(BTX_FILE_OFFSET, f.offset)
        .utf8(BTX_FILE_ATTRIBUTES, &bit_names(FILE_ATTRIBUTE_BITS, bits))
        .int(BTX_FILE_ATTRIBUTE_BITS, bits as i64);
    if bits & BTX_FILE_ATTR_SYMLINK as u64 != 0 {
        r.utf8(BTX_FILE_SYMLINK_TARGET, &f.symlink);
    }
    if f.mtime > 0 {
        r.int(BTX_FILE_MTIME, f.mtime);
    }
    if f.root.len() == 32 {
        r.hex(BTX_FILE_PIECES_ROOT, &f.root);
    }
}

/// Encodes a metainfo record: the torrent-wide fields in a fixed order,
/// then the nested lists.
pub fn encode_metainfo(m: &ffi::MetaData) -> Vec<u8> {
    let mut buf = Vec::with_capacity(256 + m.files.len() * 96);
    let mut r = Record::begin(&mut buf);
    r.utf8(BTX_STATUS_NAME, &m.name);
    hashes(&mut r, m);
    r.int(BTX_STATUS_NUM_PIECES, m.num_pieces as i64)
        .int(BTX_STATUS_PIECE_LENGTH, m.piece_length as i64)
        .int(BTX_STATUS_TOTAL_SIZE, m.total_size)
        .int(BTX_META_NUM_FILES, m.files.len() as i64)
        .int(BTX_META_PRIVATE, m.is_private as i64)
        .utf8(BTX_META_CREATOR, &m.creator)
        .utf8(BTX_META_COMMENT, &m.comment)
        .int(BTX_META_CREATION_DATE, m.creation_date.max(0))
        .list(BTX_META_FILES, &m.files, file_item);
    lists(&mut r, m);
    r.finish();
    buf
}

/// Encodes a magnet record: name (dn), hashes, trackers (tr, tier 0 each
/// unless the link says), web seeds (ws), peers (x.pe), DHT nodes (dht) and
/// the so= selection.
pub fn encode_magnet(m: &ffi::MetaData) -> Vec<u8> {
    let mut buf = Vec::with_capacity(256);
    let mut r = Record::begin(&mut buf);
    r.utf8(BTX_STATUS_NAME, &m.name);
    hashes(&mut r, m);
    lists(&mut r, m);
    r.utf8(BTX_EVKEY_PEERS, &m.peers.join("\n"));
    let selected: Vec<String> = m.selected.iter().map(|i| i.to_string()).collect();
    r.utf8(BTX_META_SELECTED_FILES, &selected.join(","));
    r.finish();
    buf
}

impl crate::torrent::Torrent {
    /// A magnet link for a live torrent: its hashes, name, trackers and web
    /// seeds (before its metadata arrives: what is known so far).
    pub fn magnet_uri(&self) -> Result<String> {
        Ok(ffi::torrent_magnet(&self.th)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::decode_record;

    #[test]
    fn magnet_record_fields() {
        let uri = "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=n%C3%AFce\
                   &tr=http%3A%2F%2F127.0.0.1%3A1%2Fa&ws=http%3A%2F%2F127.0.0.1%2Fw\
                   &x.pe=127.0.0.1:6881&x.pe=[::1]:7000&so=0,2-3";
        let rec = magnet_record(uri).unwrap();
        let f = decode_record(&rec).unwrap();
        let get = |id| f.iter().find(|x| x.id == id).unwrap();
        assert_eq!(get(BTX_STATUS_NAME).text(), "nïce");
        assert_eq!(get(BTX_STATUS_INFO_HASH_V1).text(), "0123456789abcdef0123456789abcdef01234567");
        assert_eq!(get(BTX_STATUS_INFO_HASH_V2).text(), "");
        let tr = get(BTX_META_TRACKERS).list().unwrap();
        assert_eq!(tr.len(), 1);
        assert_eq!(tr[0][0].text(), "http://127.0.0.1:1/a");
        assert_eq!(get(BTX_EVKEY_PEERS).text(), "127.0.0.1:6881\n[::1]:7000");
        assert_eq!(get(BTX_META_SELECTED_FILES).text(), "0,2,3");
        assert_eq!(get(BTX_META_WEB_SEEDS).list().unwrap()[0][0].text(), "http://127.0.0.1/w");
    }

    #[test]
    fn garbage_is_refused_with_an_offset() {
        let e = metainfo_record(b"d4:infod4:name3:abce").unwrap_err().message();
        assert!(e.starts_with("bad .torrent data"), "{e}");
        let e = metainfo_record(b"d4:infoi12").unwrap_err().message();
        assert!(e.contains("at byte"), "{e}");
        assert!(magnet_record("magnet:?dn=x").is_err());
        assert!(metainfo_record(b"").is_err());
    }
}
