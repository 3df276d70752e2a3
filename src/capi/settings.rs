//! Settings by libtorrent name, and the encryption policy.

use super::prelude::*;

/// Sets an integer setting by libtorrent name; the value is a decimal string.
/// `send_socket_buffer_size` and `recv_socket_buffer_size` cannot change
/// while peer connections go through a proxy (BTX_ERR_INVALID_ARG:
/// libtorrent 2.0.8 crashes on it; the same holds for every call that
/// applies settings); give them at creation (btx_session_new_with) or
/// before the proxy.
///
/// # Safety
/// `key` and `decimal_value` must be NULL or NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn btx_set_int(session: c_int, key: *const c_char, decimal_value: *const c_char) -> c_int {
    action(|| {
        let s = Session::get(session)?;
        let key = c_str(key, "key")?;
        let v = parse_decimal(c_str(decimal_value, "value")?, key)?;
        s.set_int(key, v)
    })
}

/// Sets a boolean setting by libtorrent name (value 0/1).
///
/// # Safety
/// `key` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_set_bool(session: c_int, key: *const c_char, value: c_int) -> c_int {
    action(|| Session::get(session)?.set_bool(c_str(key, "key")?, value != 0))
}

/// Sets a string setting by libtorrent name.
///
/// # Safety
/// `key` and `value` must be NULL or NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn btx_set_str(session: c_int, key: *const c_char, value: *const c_char) -> c_int {
    action(|| Session::get(session)?.set_str(c_str(key, "key")?, c_str(value, "value")?))
}

/// Reads any setting as text ("true"/"false" for booleans) into `out`.
/// Returns its length, -needed, or 0 (bad handle or unknown key).
///
/// # Safety
/// `key` must be NULL or a NUL-terminated string; `out` NULL or `cap` bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_get_setting(session: c_int, key: *const c_char, out: *mut c_char, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out.cast(), cap);
    out_buffer(|| {
        let v = Session::get(session)?.get_setting(c_str(key, "key")?)?;
        Ok(out.put_str(&v))
    })
}

/// MSE/PE policy: in/out 0 forced, 1 enabled, 2 disabled; level 1
/// plaintext, 2 rc4, 3 both.
#[no_mangle]
pub extern "C" fn btx_set_encryption_policy(session: c_int, in_policy: c_int, out_policy: c_int, level: c_int) -> c_int {
    action(|| Session::get(session)?.set_encryption(in_policy, out_policy, level))
}

/// Applies many settings at once from a key/value list (as
/// btx_session_new_with, without `preset`). Every line is checked first:
/// a bad one refuses them all.
///
/// # Safety
/// `settings` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_apply_settings(session: c_int, settings: *const c_char) -> c_int {
    action(|| {
        let s = Session::get(session)?;
        let items = crate::kv::parse(c_str(settings, "settings")?)?;
        let pairs: Vec<(&str, &str)> = items.iter().map(|i| (i.key, i.value)).collect();
        s.set_many(&pairs)
    })
}

/// Applies one of libtorrent's presets: "default" (every setting back to
/// libtorrent's defaults, which turn on DHT, LSD, UPnP and NAT-PMP and
/// listen on all interfaces), "high_performance_seed" or
/// "min_memory_usage" (these change only the settings they tune).
///
/// # Safety
/// `preset` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn btx_apply_preset(session: c_int, preset: *const c_char) -> c_int {
    action(|| Session::get(session)?.apply_preset(c_str(preset, "preset")?))
}

/// Every setting with its type and current value, for a settings screen: a
/// list of items with `key`, `type` (int, bool or str) and `value` (text).
/// Returns bytes, -needed, or 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_settings_all(session: c_int, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| Ok(out.put(&Session::get(session)?.all_settings()?)))
}

/// The session's whole state (its settings and the DHT routing table) as
/// bytes btx_session_state_load takes back (libtorrent's
/// write_session_params_buf). Returns bytes, -needed, or 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_session_state_save(session: c_int, out: *mut c_void, cap: c_int) -> c_int {
    let mut out = OutBuf::new(out, cap);
    out_buffer(|| Ok(out.put(&Session::get(session)?.save_state()?)))
}

/// Applies state saved by btx_session_state_save: settings and DHT nodes.
///
/// # Safety
/// `data` must be NULL or `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn btx_session_state_load(session: c_int, data: *const c_void, len: c_int) -> c_int {
    action(|| {
        let s = Session::get(session)?;
        let data = in_bytes(data, len, "state")?;
        if data.is_empty() {
            return Err(invalid("state is empty"));
        }
        s.load_state(data)
    })
}
