//! The DHT's other half (issue 12): get_peers, announces with libtorrent's
//! flags, the routing table's live nodes, BEP 51 sample_infohashes, and the
//! BEP 44 signature helpers that need no session. The replies arrive as
//! events (dhtGetPeersReply, dhtLiveNodes, dhtSampleInfohashes).

use crate::bridge::ffi;
use crate::error::{invalid, Error, Result};
use crate::registry::*;
use crate::session::Session;

/// BEP 44's limit on a salt.
/// cbindgen:ignore
pub const MAX_SALT: usize = 64;
/// Our limit on a mutable item's value, as for btx_dht_put_mutable: BEP 44
/// allows 1000 bytes bencoded, "996:" plus 996 bytes.
/// cbindgen:ignore
pub const MAX_VALUE: usize = 996;

/// BEP 44's limit on a value, bencoded; our values are bencoded strings
/// ("<len>:<bytes>"), so this is the limit on the bytes plus that prefix.
const BEP44_MAX: usize = 1000;

/// Refuses a value BEP 44 cannot carry (empty, or over 1000 bytes bencoded).
pub fn check_value(data: &[u8]) -> Result<()> {
    let bencoded = data.len() + data.len().to_string().len() + 1;
    if data.is_empty() || bencoded > BEP44_MAX {
        return Err(invalid(format!(
            "a DHT value must be 1..996 bytes (BEP 44 allows 1000 bytes bencoded); got {}",
            data.len()
        )));
    }
    Ok(())
}

/// An ed25519 key pair for BEP 44 mutable items.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyPair {
    /// the public key (32 bytes)
    pub public_key: Vec<u8>,
    /// the secret key (64 bytes)
    pub secret_key: Vec<u8>,
    /// the seed it was made from (32 bytes)
    pub seed: Vec<u8>,
}

/// The key pair of a 32-byte seed, or of a fresh random seed when `seed` is
/// empty.
pub fn keypair(seed: &[u8]) -> Result<KeyPair> {
    if !seed.is_empty() && seed.len() != 32 {
        return Err(invalid(format!("a seed is 32 bytes; got {}", seed.len())));
    }
    let mut kp = ffi::KeyPair::default();
    ffi::dht_keypair(seed, &mut kp)?;
    Ok(KeyPair { public_key: kp.public_key.to_vec(), secret_key: kp.secret_key.to_vec(), seed: kp.seed.to_vec() })
}

/// BEP 44 puts and gets (replies arrive as events: dhtPut,
/// dhtImmutableItem, dhtMutableItem).
impl Session {
    /// Adds a DHT bootstrap node (host name or address, and port).
    pub fn dht_add_bootstrap(&self, host: &str, port: i32) -> Result<()> {
        if host.is_empty() {
            return Err(invalid("host is empty"));
        }
        if !(1..=65535).contains(&port) {
            return Err(invalid(format!("port {port} is not in 1..65535")));
        }
        Ok(ffi::dht_add_node(&self.lt, host, port)?)
    }

    /// Stores an immutable item (1..996 bytes) and returns its target (the
    /// SHA-1 of the bencoded value). A dhtPut event follows.
    pub fn dht_put_immutable(&self, data: &[u8]) -> Result<[u8; 20]> {
        check_value(data)?;
        let t = ffi::dht_put_immutable(&self.lt, data)?;
        t.as_slice().try_into().map_err(|_| Error::Generic("libtorrent returned a target that is not 20 bytes".into()))
    }

    /// Looks up an immutable item by target; a dhtImmutableItem event
    /// brings the value.
    pub fn dht_get_immutable(&self, target: &[u8; 20]) -> Result<()> {
        Ok(ffi::dht_get_immutable(&self.lt, target)?)
    }

    /// Stores a mutable item (1..996 bytes) under an ed25519 key pair and a
    /// salt, signed with the next sequence number after the one the DHT
    /// holds. A key pair that does not belong together is refused. A dhtPut
    /// event follows.
    pub fn dht_put_mutable(&self, public_key: &[u8; 32], secret_key: &[u8; 64], salt: &[u8], data: &[u8]) -> Result<()> {
        check_value(data)?;
        Ok(ffi::dht_put_mutable(&self.lt, public_key, secret_key, salt, data)?)
    }

    /// Looks up a mutable item by public key and salt; a dhtMutableItem
    /// event brings the value, sequence number and signature.
    pub fn dht_get_mutable(&self, public_key: &[u8; 32], salt: &[u8]) -> Result<()> {
        Ok(ffi::dht_get_mutable(&self.lt, public_key, salt)?)
    }
}

impl Session {
    fn dht_on(&self) -> Result<()> {
        if ffi::dht_running(&self.lt)? {
            Ok(())
        } else {
            Err(Error::Generic("the DHT is not running (btx_set_bool(session, \"enable_dht\", 1))".into()))
        }
    }

    /// Asks the DHT for peers of a v1 info-hash (or a v2 hash truncated to
    /// 20 bytes); a dhtGetPeersReply event brings them.
    pub fn dht_get_peers(&self, hash: &[u8; 20]) -> Result<()> {
        self.dht_on()?;
        Ok(ffi::dht_get_peers(&self.lt, hash)?)
    }

    /// Announces an info-hash with BTX_DHT_ANNOUNCE_* `flags`; port 0 is our
    /// listen port. The peers the announce finds arrive as dhtGetPeersReply.
    pub fn dht_announce_with(&self, hash: &[u8; 20], port: i32, flags: u32) -> Result<()> {
        if !(0..=65535).contains(&port) {
            return Err(invalid(format!("port {port} is not in 0..65535")));
        }
        let known = DHT_ANNOUNCE_BITS.iter().fold(0, |a, b| a | b.value) as u32;
        if flags & !known != 0 {
            return Err(invalid(format!("flags {flags}: only BTX_DHT_ANNOUNCE_* bits ({known}) are known")));
        }
        self.dht_on()?;
        Ok(ffi::dht_announce_flags(&self.lt, hash, port, flags)?)
    }

    /// Our DHT node ids (one per listen socket).
    pub fn dht_node_ids(&self) -> Result<Vec<[u8; 20]>> {
        let bytes = ffi::dht_node_ids(&self.lt)?;
        Ok(bytes.chunks_exact(20).map(|c| c.try_into().unwrap_or([0; 20])).collect())
    }

    /// Asks for the live nodes of our routing table: of the node `nid`, or of
    /// every node of ours when `None`; one dhtLiveNodes event per node.
    /// Returns how many were asked for.
    pub fn dht_live_nodes(&self, nid: Option<&[u8; 20]>) -> Result<i32> {
        self.dht_on()?;
        let ids = match nid {
            Some(n) => vec![*n],
            None => self.dht_node_ids()?,
        };
        for id in &ids {
            ffi::dht_live_nodes(&self.lt, id)?;
        }
        Ok(ids.len() as i32)
    }

    /// Sends a BEP 51 sample_infohashes query to the node at `ip`:`port`
    /// (`target` steers which nodes it returns); a dhtSampleInfohashes
    /// event brings its samples, interval and node count.
    pub fn dht_sample_infohashes(&self, ip: &str, port: u16, target: &[u8; 20]) -> Result<()> {
        if ip.parse::<std::net::IpAddr>().is_err() {
            return Err(invalid(format!("'{ip}' is not an IP address")));
        }
        if port == 0 {
            return Err(invalid("port 0"));
        }
        self.dht_on()?;
        Ok(ffi::dht_sample_infohashes(&self.lt, ip, port, target)?)
    }
}

fn check_item(salt: &[u8], value: &[u8], seq: i64) -> Result<()> {
    if salt.len() > MAX_SALT {
        return Err(invalid(format!("a salt is at most {MAX_SALT} bytes (BEP 44); got {}", salt.len())));
    }
    if value.len() > MAX_VALUE {
        return Err(invalid(format!("a value is at most {MAX_VALUE} bytes (BEP 44); got {}", value.len())));
    }
    if seq < 0 {
        return Err(invalid(format!("seq {seq} is negative")));
    }
    Ok(())
}

/// Signs a mutable item (value, salt, sequence number) the way a BEP 44 put
/// does, without publishing it: the 64-byte ed25519 signature. The value is
/// signed as a bencoded string, as btx_dht_put_mutable stores it.
pub fn sign_mutable(pk: &[u8; 32], sk: &[u8; 64], salt: &[u8], value: &[u8], seq: i64) -> Result<Vec<u8>> {
    check_item(salt, value, seq)?;
    Ok(ffi::dht_sign_mutable(pk, sk, salt, value, seq)?)
}

/// Checks a mutable item's signature, as a DHT node does (BEP 44).
pub fn verify_mutable(pk: &[u8; 32], salt: &[u8], value: &[u8], seq: i64, sig: &[u8; 64]) -> Result<bool> {
    check_item(salt, value, seq)?;
    Ok(ffi::dht_verify_mutable(pk, salt, value, seq, sig)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> ([u8; 32], [u8; 64]) {
        let mut kp = ffi::KeyPair::default();
        ffi::dht_keypair(&[7u8; 32], &mut kp).unwrap();
        (kp.public_key, kp.secret_key.as_slice().try_into().unwrap())
    }

    #[test]
    fn sign_then_verify_and_tamper() {
        let (pk, sk) = keys();
        let sig: [u8; 64] = sign_mutable(&pk, &sk, b"salt", b"value", 5).unwrap().try_into().unwrap();
        assert!(verify_mutable(&pk, b"salt", b"value", 5, &sig).unwrap());
        assert!(!verify_mutable(&pk, b"salt", b"value", 6, &sig).unwrap());
        assert!(!verify_mutable(&pk, b"", b"value", 5, &sig).unwrap());
        assert!(!verify_mutable(&pk, b"salt", b"valuf", 5, &sig).unwrap());
        let unsalted: [u8; 64] = sign_mutable(&pk, &sk, b"", b"v", 0).unwrap().try_into().unwrap();
        assert!(verify_mutable(&pk, b"", b"v", 0, &unsalted).unwrap());
        let mut other = sk;
        other[0] ^= 1;
        assert!(sign_mutable(&pk, &other, b"", b"v", 0).is_err());
        assert!(sign_mutable(&pk, &sk, &[0; 65], b"v", 0).is_err());
        assert!(sign_mutable(&pk, &sk, b"", &[0; 997], 0).is_err());
        assert!(verify_mutable(&pk, b"", b"v", -1, &unsalted).is_err());
    }
}
