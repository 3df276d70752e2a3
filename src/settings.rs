//! A session's settings: libtorrent's settings_pack by name, torrentxt's own
//! settings next to them, presets, the whole list in one record, and the
//! session's saved state (settings plus DHT).
//!
//! torrentxt's own settings (handled here, not by libtorrent):
//! - `btx_event_queue_limit` (int): most events queued between drains;
//! - `btx_event_details` (bool): the 25 v8 events carry the base fields;
//! - `btx_resume_save_interval` (int, durable sessions only): seconds
//!   between periodic resume-data saves (durable.rs);
//! - `btx_events_on` / `btx_events_off` (comma-separated event codes; in
//!   the lists of btx_session_new_with, btx_session_open_with and
//!   btx_apply_settings): the event mask the session is born with,
//!   so a durable session's restore already delivers only what the host
//!   wants (a restore of 10,000 seeds otherwise queues a pieceFinished per
//!   restored piece and a fileCompleted per file).
//!
//! `alert_mask` is not the host's to set: which alerts reach the host is
//! chosen with btx_event_enable / btx_event_categories, and the session
//! computes libtorrent's mask from that.

use crate::bridge::ffi;
use crate::error::{invalid, Error, Result};
use crate::record::encode_list;
use crate::registry::*;
use crate::session::Session;

/// torrentxt's own setting: the event queue's bound
pub const SETTING_EVENT_QUEUE_LIMIT: &str = "btx_event_queue_limit";
/// torrentxt's own setting: fuller event records
pub const SETTING_EVENT_DETAILS: &str = "btx_event_details";

/// libtorrent's setting kinds (settings_pack type bases), as setting_kind
/// reports them.
const KIND_STR: i32 = 0;
const KIND_INT: i32 = 1;
const KIND_BOOL: i32 = 2;

/// Creation-time item: event codes to turn on (comma-separated).
pub const SETTING_EVENTS_ON: &str = "btx_events_on";
/// Creation-time item: event codes to turn off (comma-separated).
pub const SETTING_EVENTS_OFF: &str = "btx_events_off";

/// The event codes of a `btx_events_on` / `btx_events_off` item: decimal
/// codes the registry knows, separated by commas (spaces allowed).
pub fn event_codes(key: &str, value: &str) -> Result<Vec<u16>> {
    let mut codes = Vec::new();
    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let code = part
            .parse::<u16>()
            .ok()
            .filter(|c| crate::registry::event(*c).is_some())
            .ok_or_else(|| invalid(format!("{key}: '{part}' is not an event code (docs/record-format.md lists them)")))?;
        codes.push(code);
    }
    if codes.is_empty() {
        return Err(invalid(format!("{key}: no event codes given")));
    }
    Ok(codes)
}

/// The peer-id prefix torrentxt announces itself with (Azureus style:
/// "-", a two-letter client code, four version digits, "-"); hosts may set
/// `peer_fingerprint` to their own.
pub const PEER_FINGERPRINT: &str = "-TX0100-";

/// libtorrent's presets, by the names hosts pass.
pub const PRESETS: &[&str] = &["default", "high_performance_seed", "min_memory_usage"];

/// One setting a session starts with or a host sets: a name and its value
/// as text (decimal for ints, true/false/1/0 for booleans).
pub fn kind(key: &str) -> Result<i32> {
    if key == "alert_mask" {
        return Err(invalid("alert_mask is torrentxt's: choose events with btx_event_enable / btx_event_categories"));
    }
    match ffi::setting_kind(key) {
        -1 => Err(invalid(format!("unknown setting '{key}'"))),
        k => Ok(k),
    }
}

/// A boolean setting's value ("1"/"0", "true"/"false").
pub fn parse_bool(key: &str, v: &str) -> Result<bool> {
    match v {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(invalid(format!("setting '{key}': '{v}' is not true, false, 1 or 0"))),
    }
}

fn int32(key: &str, value: i64) -> Result<i32> {
    i32::try_from(value).map_err(|_| invalid(format!("setting '{key}': {value} is out of range for a 32-bit int")))
}

/// Checks a setting given as text and returns it in the form the C++ side
/// applies (libtorrent settings only).
pub fn typed(key: &str, value: &str) -> Result<ffi::Setting> {
    let k = kind(key)?;
    let norm = match k {
        KIND_INT => int32(key, crate::boundary::parse_decimal(value, key)?)?.to_string(),
        KIND_BOOL => (parse_bool(key, value)? as i32).to_string(),
        _ => value.to_owned(),
    };
    Ok(ffi::Setting { name: key.to_owned(), kind: k, value: norm })
}

impl Session {
    /// Sets an integer setting.
    pub fn set_int(&self, key: &str, value: i64) -> Result<()> {
        if key == crate::durable::SETTING_SAVE_INTERVAL {
            return self.set_save_interval(value);
        }
        if key == SETTING_EVENT_QUEUE_LIMIT {
            if value < 2 {
                return Err(invalid(format!("{key} must be >= 2")));
            }
            self.events.lock().max_events = value as usize;
            return Ok(());
        }
        if kind(key)? != KIND_INT {
            return Err(invalid(format!("setting '{key}' is not an integer setting")));
        }
        let v = int32(key, value)?;
        ffi::set_int_setting(&self.lt, key, v)?;
        self.after_post()
    }

    /// Sets a boolean setting.
    pub fn set_bool(&self, key: &str, value: bool) -> Result<()> {
        if key == SETTING_EVENT_DETAILS {
            self.event_mask.write().details = value;
            return Ok(());
        }
        if kind(key)? != KIND_BOOL {
            return Err(invalid(format!("setting '{key}' is not a boolean setting")));
        }
        ffi::set_bool_setting(&self.lt, key, value)?;
        self.after_post()
    }

    /// Sets a string setting.
    pub fn set_str(&self, key: &str, value: &str) -> Result<()> {
        if kind(key)? != KIND_STR {
            return Err(invalid(format!("setting '{key}' is not a string setting")));
        }
        ffi::set_str_setting(&self.lt, key, value)?;
        self.after_post()
    }

    /// Applies many settings at once (a key/value list's items), checked
    /// first: either all apply or none.
    pub fn set_many(&self, items: &[(&str, &str)]) -> Result<()> {
        let mut pack = Vec::with_capacity(items.len());
        for (k, v) in items {
            match *k {
                SETTING_EVENT_QUEUE_LIMIT => {
                    if crate::boundary::parse_decimal(v, k)? < 2 {
                        return Err(invalid(format!("{k} must be >= 2")));
                    }
                }
                crate::durable::SETTING_SAVE_INTERVAL => {
                    self.save_interval()?;
                    crate::durable::parse_interval(v)?;
                }
                SETTING_EVENT_DETAILS => {
                    parse_bool(k, v)?;
                }
                SETTING_EVENTS_ON | SETTING_EVENTS_OFF => {
                    event_codes(k, v)?;
                }
                _ => pack.push(typed(k, v)?),
            }
        }
        // libtorrent's share first: it may still refuse (a change it would
        // crash on), and then nothing of ours has changed either
        ffi::apply_settings(&self.lt, &pack)?;
        for (k, v) in items {
            match *k {
                SETTING_EVENTS_ON | SETTING_EVENTS_OFF => {
                    for code in event_codes(k, v)? {
                        self.enable_event(code as i32, *k == SETTING_EVENTS_ON)?;
                    }
                }
                SETTING_EVENT_QUEUE_LIMIT => self.set_int(k, crate::boundary::parse_decimal(v, k)?)?,
                SETTING_EVENT_DETAILS => self.set_bool(k, parse_bool(k, v)?)?,
                crate::durable::SETTING_SAVE_INTERVAL => self.set_int(k, crate::boundary::parse_decimal(v, k)?)?,
                _ => {}
            }
        }
        self.after_post()
    }

    /// A setting's value as text.
    pub fn get_setting(&self, key: &str) -> Result<String> {
        match key {
            SETTING_EVENT_QUEUE_LIMIT => return Ok(self.events.lock().max_events.to_string()),
            SETTING_EVENT_DETAILS => return Ok(self.event_mask.read().details.to_string()),
            "alert_mask" => return Ok(self.event_mask.read().lt_alert_mask().to_string()),
            crate::durable::SETTING_SAVE_INTERVAL => return Ok(self.save_interval()?.to_string()),
            _ => {}
        }
        kind(key)?;
        Ok(ffi::get_setting(&self.lt, key)?)
    }

    /// Sets the encryption policies (libtorrent's enc_policy and enc_level values).
    pub fn set_encryption(&self, inp: i32, out: i32, level: i32) -> Result<()> {
        if !(0..=2).contains(&inp) || !(0..=2).contains(&out) {
            return Err(invalid("encryption policy must be 0 (forced), 1 (enabled) or 2 (disabled)"));
        }
        if !(1..=3).contains(&level) {
            return Err(invalid("encryption level must be 1 (plaintext), 2 (rc4) or 3 (both)"));
        }
        ffi::set_int_setting(&self.lt, "in_enc_policy", inp)?;
        ffi::set_int_setting(&self.lt, "out_enc_policy", out)?;
        ffi::set_int_setting(&self.lt, "allowed_enc_level", level)?;
        self.after_post()
    }

    /// Applies one of libtorrent's presets: "default" (every setting back
    /// to libtorrent's default: DHT, LSD, UPnP and NAT-PMP on, listening on
    /// all interfaces), "high_performance_seed" or "min_memory_usage"
    /// (these two change only the settings they tune).
    pub fn apply_preset(&self, name: &str) -> Result<()> {
        if !PRESETS.contains(&name) {
            return Err(invalid(format!("unknown preset '{name}': use {}", PRESETS.join(", "))));
        }
        ffi::apply_preset(&self.lt, name, self.event_mask.read().lt_alert_mask())?;
        self.after_post()
    }

    /// Every setting: a list of items (key, type int/bool/str, value as
    /// text), libtorrent's in its order, then torrentxt's own.
    pub fn all_settings(&self) -> Result<Vec<u8>> {
        let mut all = ffi::all_settings(&self.lt)?;
        all.push(ffi::Setting {
            name: SETTING_EVENT_QUEUE_LIMIT.into(),
            kind: KIND_INT,
            value: self.events.lock().max_events.to_string(),
        });
        all.push(ffi::Setting {
            name: SETTING_EVENT_DETAILS.into(),
            kind: KIND_BOOL,
            value: self.event_mask.read().details.to_string(),
        });
        if let Ok(v) = self.save_interval() {
            all.push(ffi::Setting { name: crate::durable::SETTING_SAVE_INTERVAL.into(), kind: KIND_INT, value: v.to_string() });
        }
        Ok(encode_list(&all, |r, s| {
            let t = match s.kind {
                KIND_INT => "int",
                KIND_BOOL => "bool",
                _ => "str",
            };
            r.utf8(BTX_KV_KEY, &s.name).utf8(BTX_KV_TYPE, t).utf8(BTX_KV_VALUE, &s.value);
        }))
    }

    /// The session's state (settings and DHT routing table) as bytes
    /// libtorrent reads back (write_session_params_buf).
    pub fn save_state(&self) -> Result<Vec<u8>> {
        Ok(ffi::session_state_save(&self.lt)?)
    }

    /// Applies saved state: its settings and DHT routing table.
    pub fn load_state(&self, data: &[u8]) -> Result<()> {
        if data.len() as u64 > crate::limits::MAX_INPUT_BYTES {
            return Err(Error::Limit(format!("session state of {} bytes is over the limit", data.len())));
        }
        ffi::session_state_load(&self.lt, data, self.event_mask.read().lt_alert_mask())?;
        self.after_post()
    }
}
