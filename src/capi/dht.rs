//! The DHT (BEP 5) and its key-value store (BEP 44).

use super::prelude::*;

/// Adds a DHT bootstrap node (host name or address, UDP port).
///
/// # Safety
/// `host` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_add_bootstrap(session: c_int, host: *const c_char, port: c_int) -> c_int {
    on_session(session, |s| s.dht_add_bootstrap(c_str(host, "host")?, port))
}

/// Announces `info_hash_hex` (40 hex) on the DHT (BEP 5); port 0 announces
/// our listen port.
///
/// # Safety
/// `info_hash_hex` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_announce(session: c_int, info_hash_hex: *const c_char, port: c_int) -> c_int {
    on_session(session, |s| {
        let hash = fixed(hex_arg(info_hash_hex, "info_hash_hex", 20)?)?;
        s.dht_announce(&hash, port)
    })
}

/// DHT health as one record: nodes, nodeCache, globalNodes, torrents
/// (refreshed by the pump twice a second; zeros while the DHT is off).
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_state(session: c_int, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| {
        let d = *Session::get(session)?.dht.lock();
        let mut buf = Vec::with_capacity(64);
        let mut r = Record::begin(&mut buf);
        r.int(BTX_DHT_NODES, d[0]).int(BTX_DHT_NODE_CACHE, d[1]).int(BTX_DHT_GLOBAL_NODES, d[2]).int(BTX_DHT_TORRENTS, d[3]);
        r.finish();
        Ok(out.put(&buf))
    })
}

/// The DHT routing state (bencoded, any size) for btx_dht_load_state. A
/// size query keeps the state for the next call on this thread.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_save_state(session: c_int, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| {
        let s = Session::get(session)?;
        crate::oneshot::deliver(&mut out, format!("dht_state\0{session}"), || s.dht_save_state())
    })
}

/// Restores DHT routing state saved by btx_dht_save_state.
///
/// # Safety
/// `data` must be NULL or point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_load_state(session: c_int, data: *const c_void, len: c_int) -> c_int {
    on_session(session, |s| {
        s.dht_load_state(in_bytes(data, len, "data")?)
    })
}

/// An ed25519 key pair as a record: publicKey, secretKey, seed. An empty
/// (or NULL) seed makes a random pair; a 64-hex seed derives the same pair
/// every time.
///
/// # Safety
/// `seed_hex_or_empty` must be NULL or a NUL-terminated string; `out` NULL
/// or `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_keypair(seed_hex_or_empty: *const c_char, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| {
        let seed = if seed_hex_or_empty.is_null() || c_str(seed_hex_or_empty, "seed")?.is_empty() {
            Vec::new()
        } else {
            hex_arg(seed_hex_or_empty, "seed", 32)?
        };
        let kp = crate::dht::keypair(&seed)?;
        let mut buf = Vec::with_capacity(300);
        let mut r = Record::begin(&mut buf);
        r.hex(BTX_DHT_PUBLIC_KEY, &kp.public_key).hex(BTX_DHT_SECRET_KEY, &kp.secret_key).hex(BTX_DHT_SEED, &kp.seed);
        r.finish();
        Ok(out.put(&buf))
    })
}

/// Stores an immutable item (1..996 bytes); writes its 40-hex target
/// (NUL-terminated) and returns 40, or -41 when `cap` is too small (nothing
/// is put), or 0 on error. A dhtPut event follows.
///
/// # Safety
/// `data` must be NULL or `len` readable bytes; `target_hex_out` NULL or
/// `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_put_immutable(session: c_int, data: *const c_void, len: c_int, target_hex_out: *mut c_char, cap: c_int) -> c_int {
    let mut out = OutBuf::new(target_hex_out.cast(), cap);
    out_buffer(|| {
        let s = Session::get(session)?;
        let data = in_bytes(data, len, "data")?;
        crate::dht::check_value(data)?;
        if out.cap() < 41 {
            return Ok(-41);
        }
        let target = s.dht_put_immutable(data)?;
        Ok(out.put_str(&crate::record::to_hex(&target)))
    })
}

/// Looks up an immutable item by its 40-hex target; a dhtImmutableItem
/// event brings the value.
///
/// # Safety
/// `target_hex` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_get_immutable(session: c_int, target_hex: *const c_char) -> c_int {
    on_session(session, |s| s.dht_get_immutable(&fixed(hex_arg(target_hex, "target_hex", 20)?)?))
}

/// Stores a mutable item (1..996 bytes) under an ed25519 key and optional
/// salt; it is signed here with the next sequence number after the one the
/// DHT holds. A key pair that does not belong together is refused. A dhtPut
/// event follows.
///
/// # Safety
/// Strings must be NULL or NUL-terminated; `data` NULL or `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_dht_put_mutable(
    session: c_int,
    public_key_hex: *const c_char,
    secret_key_hex: *const c_char,
    salt: *const c_char,
    data: *const c_void,
    len: c_int,
) -> c_int {
    on_session(session, |s| {
        let pk = hex_arg(public_key_hex, "public_key_hex", 32)?;
        let sk = hex_arg(secret_key_hex, "secret_key_hex", 64)?;
        let salt = if salt.is_null() { "" } else { c_str(salt, "salt")? };
        let data = in_bytes(data, len, "data")?;
        s.dht_put_mutable(&fixed(pk)?, &fixed(sk)?, salt.as_bytes(), data)
    })
}

/// Looks up a mutable item by public key (64 hex) and salt; a
/// dhtMutableItem event brings the value, sequence number and signature.
///
/// # Safety
/// Strings must be NULL or NUL-terminated (salt may be NULL).
#[no_mangle]
pub unsafe extern "C" fn btx_dht_get_mutable(session: c_int, public_key_hex: *const c_char, salt: *const c_char) -> c_int {
    on_session(session, |s| {
        let pk = hex_arg(public_key_hex, "public_key_hex", 32)?;
        let salt = if salt.is_null() { "" } else { c_str(salt, "salt")? };
        s.dht_get_mutable(&fixed(pk)?, salt.as_bytes())
    })
}

/// A checked-length hex argument as an array (hex_arg checked the length).
fn fixed<const N: usize>(b: Vec<u8>) -> Result<[u8; N]> {
    b.try_into().map_err(|_| invalid("wrong length"))
}
