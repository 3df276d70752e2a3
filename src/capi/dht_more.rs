//! The DHT's other half: get_peers, announce flags, live nodes, BEP 51 samples, and the BEP 44 signature helpers.

use super::prelude::*;

/// An info-hash for the DHT: 40 hex, or 64 hex (a v2 hash, truncated to 20
/// bytes as the DHT does).
unsafe fn dht_hash(p: *const c_char, what: &str) -> Result<[u8; 20]> {
    let s = c_str(p, what)?;
    let h = from_hex(s)
        .filter(|h| h.len() == 20 || h.len() == 32)
        .ok_or_else(|| invalid(format!("{what}: '{s}' is not 40 or 64 hex digits")))?;
    let mut out = [0u8; 20];
    out.copy_from_slice(&h[..20]);
    Ok(out)
}

/// 20 bytes from 40 hex, or `None` for NULL or "".
unsafe fn optional_id(p: *const c_char, what: &str) -> Result<Option<[u8; 20]>> {
    if p.is_null() || c_str(p, what)?.is_empty() {
        return Ok(None);
    }
    let mut out = [0u8; 20];
    out.copy_from_slice(&hex_arg(p, what, 20)?);
    Ok(Some(out))
}

/// Asks the DHT for peers of an info-hash (40 hex, or 64 hex truncated as
/// the DHT does); a dhtGetPeersReply event (infoHash, count, peers) follows.
/// BTX_ERR_GENERIC while the DHT is not running.
///
/// # Safety
/// `info_hash_hex` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_get_peers(session: c_int, info_hash_hex: *const c_char) -> c_int {
    on_session(session, |s| s.dht_get_peers(&dht_hash(info_hash_hex, "info_hash_hex")?))
}

/// Announces an info-hash on the DHT with libtorrent's flags
/// (BTX_DHT_ANNOUNCE_SEED, _IMPLIED_PORT, _SSL_TORRENT); port 0 announces our
/// listen port. The peers the announce meets arrive as dhtGetPeersReply.
/// BTX_ERR_GENERIC while the DHT is not running.
///
/// # Safety
/// `info_hash_hex` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_announce_ex(session: c_int, info_hash_hex: *const c_char, port: c_int, flags: c_int) -> c_int {
    on_session(session, |s| {
        let hash = dht_hash(info_hash_hex, "info_hash_hex")?;
        let flags = u32::try_from(flags).map_err(|_| invalid(format!("flags {flags} is negative")))?;
        s.dht_announce_with(&hash, port, flags)
    })
}

/// Asks for the live nodes of the routing table of our DHT node
/// `node_id_hex` (40 hex), or of every node of ours when it is NULL or "":
/// one dhtLiveNodes event (nodeId, count, nodes) per node. Returns how many
/// were asked for (>= 0), or a negative BTX_ERR_*.
///
/// # Safety
/// `node_id_hex` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_live_nodes(session: c_int, node_id_hex: *const c_char) -> c_int {
    match boundary_count(|| Session::get(session)?.dht_live_nodes(optional_id(node_id_hex, "node_id_hex")?.as_ref())) {
        Ok(n) => n,
        Err(code) => code,
    }
}

/// A count-or-error call behind the firewall: the value, or the error code
/// (with the last error set).
fn boundary_count(f: impl FnOnce() -> Result<c_int>) -> std::result::Result<c_int, c_int> {
    let mut value = 0;
    match action(|| {
        value = f()?;
        Ok(())
    }) {
        BTX_OK => Ok(value),
        code => Err(code),
    }
}

/// Sends a BEP 51 sample_infohashes query to the DHT node at `endpoint`
/// (`"ip:port"`, `"[v6]:port"`); `target_hex` (40 hex, or NULL/"" for zeros)
/// steers which nodes it returns. A dhtSampleInfohashes event (endpoint,
/// interval, count, numNodes, samples, nodes) follows. BTX_ERR_GENERIC while
/// the DHT is not running.
///
/// # Safety
/// Strings must be NULL or NUL-terminated (`target_hex` may be NULL).
#[no_mangle]
pub unsafe extern "C" fn btx_dht_sample_infohashes(session: c_int, endpoint: *const c_char, target_hex: *const c_char) -> c_int {
    on_session(session, |s| {
        let ep = c_str(endpoint, "endpoint")?;
        let item = crate::kvlist::Item { line: 1, key: "endpoint", value: ep };
        let (ip, port) = crate::kvlist::host_port(&item).map_err(|_| invalid(format!("endpoint: '{ep}' is not ip:port")))?;
        let target = optional_id(target_hex, "target_hex")?.unwrap_or([0; 20]);
        s.dht_sample_infohashes(&ip, port, &target)
    })
}

unsafe fn seq_arg(p: *const c_char) -> Result<i64> {
    parse_decimal(c_str(p, "seq")?, "seq")
}

/// Signs a mutable item (0..996 bytes, as a bencoded string, the way
/// btx_dht_put_mutable stores it) with an ed25519 key pair, salt (NULL or
/// up to 64 bytes) and sequence number (a decimal string), without
/// publishing it. Writes the 128-hex signature, NUL-terminated; returns
/// 128, -129 when `cap` is too small, or 0. A secret key that does not
/// belong to the public key is refused. No session is needed.
///
/// # Safety
/// Strings must be NULL or NUL-terminated (salt may be NULL); `data` NULL or
/// `len` readable bytes; `out` NULL or `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_sign_mutable(
    public_key_hex: *const c_char,
    secret_key_hex: *const c_char,
    salt: *const c_char,
    data: *const c_void,
    len: c_int,
    seq_decimal: *const c_char,
    out: *mut c_char,
    cap: c_int,
) -> c_int {
    let mut out = OutBuf::new(out.cast(), cap);
    out_buffer(|| {
        let pk: [u8; 32] = hex_arg(public_key_hex, "public_key_hex", 32)?.try_into().unwrap_or([0; 32]);
        let sk: [u8; 64] = hex_arg(secret_key_hex, "secret_key_hex", 64)?.try_into().unwrap_or([0; 64]);
        let salt = if salt.is_null() { "" } else { c_str(salt, "salt")? };
        let data = in_bytes(data, len, "data")?;
        let seq = seq_arg(seq_decimal)?;
        let sig = crate::dht::sign_mutable(&pk, &sk, salt.as_bytes(), data, seq)?;
        Ok(out.put_str(&crate::record::to_hex(&sig)))
    })
}

/// Checks a mutable item's ed25519 signature as a DHT node does (value as a
/// bencoded string, salt, sequence number as a decimal string), e.g. the
/// value, seq and signature of a dhtMutableItem event. Returns 1 when it is
/// valid, 0 when it is not, or a negative BTX_ERR_* for malformed
/// arguments. No session is needed.
///
/// # Safety
/// Strings must be NULL or NUL-terminated (salt may be NULL); `data` NULL or
/// `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_verify_mutable(
    public_key_hex: *const c_char,
    salt: *const c_char,
    data: *const c_void,
    len: c_int,
    seq_decimal: *const c_char,
    signature_hex: *const c_char,
) -> c_int {
    let verdict = boundary_count(|| {
        let pk: [u8; 32] = hex_arg(public_key_hex, "public_key_hex", 32)?.try_into().unwrap_or([0; 32]);
        let salt = if salt.is_null() { "" } else { c_str(salt, "salt")? };
        let data = in_bytes(data, len, "data")?;
        let seq = seq_arg(seq_decimal)?;
        let sig: [u8; 64] = hex_arg(signature_hex, "signature_hex", 64)?.try_into().unwrap_or([0; 64]);
        Ok(crate::dht::verify_mutable(&pk, salt.as_bytes(), data, seq, &sig)? as c_int)
    });
    verdict.unwrap_or_else(|code| code)
}
