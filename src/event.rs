//! Events as Rust values: what a Rust host gets instead of the drained
//! bytes of `btx_pop_alerts`. [`Session::pop_events`] drains the session's
//! queue and decodes each event into a [`RawEvent`] (its code and fields,
//! named through the registry) whose [`RawEvent::event`] is an [`Event`]:
//! a variant for each event a program usually acts on, and
//! [`Event::Other`] for the rest.

use crate::record::{decode_events, Field};
use crate::registry::*;
use crate::session::Session;

/// One drained event: its code and its fields as the record carried them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawEvent {
    /// the event code (`BTX_EVENT_*`)
    pub code: u16,
    /// the fields, in record order
    pub fields: Vec<Field>,
}

/// A field's value typed as the record typed it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// a decimal integer
    Int(i64),
    /// a real number
    Real(f64),
    /// UTF-8 text
    Text(&'a str),
    /// raw bytes
    Raw(&'a [u8]),
    /// bytes as lowercase hex text
    Hex(&'a str),
    /// a nested list of records
    List(Vec<Vec<Field>>),
}

impl RawEvent {
    /// The event's name (`pieceFinished`...), or `event<code>` for a code
    /// this registry does not know.
    pub fn name(&self) -> String {
        event(self.code).map_or_else(|| format!("event{}", self.code), |d| d.name.to_owned())
    }

    /// The field with this id.
    pub fn field(&self, id: u8) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// The integer field with this id.
    pub fn int(&self, id: u8) -> Option<i64> {
        self.field(id).and_then(Field::int)
    }

    /// The text field with this id ("" when absent).
    pub fn text(&self, id: u8) -> String {
        self.field(id).map(|f| f.text().to_owned()).unwrap_or_default()
    }

    /// The bytes of the field with this id (empty when absent).
    pub fn bytes(&self, id: u8) -> Vec<u8> {
        self.field(id).map(|f| f.value.clone()).unwrap_or_default()
    }

    /// The torrent handle the event names (0: none).
    pub fn torrent(&self) -> i32 {
        self.int(BTX_EVKEY_TORRENT).unwrap_or(0) as i32
    }

    /// Each field with its registry key (`piece`, `errorMessage`...; the
    /// id as text for an id the registry does not know) and its typed value.
    pub fn named_fields(&self) -> Vec<(String, Value<'_>)> {
        self.fields
            .iter()
            .map(|f| {
                let key = field(f.id).map_or_else(|| f.id.to_string(), |d| d.key.to_owned());
                let v = match f.ty {
                    BTX_TYPE_INT => f.int().map_or(Value::Text(f.text()), Value::Int),
                    BTX_TYPE_REAL => f.text().parse().map_or(Value::Text(f.text()), Value::Real),
                    BTX_TYPE_UTF8 => Value::Text(f.text()),
                    BTX_TYPE_HEX => Value::Hex(f.text()),
                    BTX_TYPE_LIST => f.list().map_or(Value::Raw(&f.value), Value::List),
                    _ => Value::Raw(&f.value),
                };
                (key, v)
            })
            .collect()
    }

    /// The event as a Rust value.
    pub fn event(&self) -> Event {
        let torrent = self.torrent();
        let message = || {
            let m = self.text(BTX_EVKEY_ERROR_MESSAGE);
            if m.is_empty() {
                self.text(BTX_EVKEY_MESSAGE)
            } else {
                m
            }
        };
        match self.code {
            BTX_EVENT_TORRENT_ADDED => Event::TorrentAdded { torrent, name: self.text(BTX_EVKEY_TORRENT_NAME) },
            BTX_EVENT_METADATA_RECEIVED => Event::MetadataReceived { torrent, name: self.text(BTX_EVKEY_TORRENT_NAME) },
            BTX_EVENT_PIECE_FINISHED => Event::PieceFinished {
                torrent,
                piece: self.int(BTX_EVKEY_PIECE).unwrap_or(-1) as i32,
                restored: self.int(BTX_EVKEY_RESTORED).unwrap_or(0) != 0,
            },
            BTX_EVENT_TORRENT_FINISHED => Event::TorrentFinished { torrent },
            BTX_EVENT_TORRENT_ERROR => Event::TorrentError { torrent, message: message() },
            BTX_EVENT_FILE_ERROR => Event::FileError { torrent, message: message() },
            BTX_EVENT_STATE_CHANGED => Event::StateChanged {
                torrent,
                state: self.int(BTX_EVKEY_STATE).unwrap_or(0) as i32,
                previous: self.int(BTX_EVKEY_PREV_STATE).unwrap_or(0) as i32,
            },
            BTX_EVENT_RESUME_DATA_READY => Event::ResumeDataReady { torrent, data: self.bytes(BTX_EVKEY_RESUME_DATA) },
            BTX_EVENT_RESUME_DATA_FAILED => Event::ResumeDataFailed { torrent, message: message() },
            BTX_EVENT_TORRENT_REMOVED => Event::TorrentRemoved { torrent },
            BTX_EVENT_LISTEN_SUCCEEDED => Event::ListenSucceeded { endpoint: self.text(BTX_EVKEY_ENDPOINT) },
            BTX_EVENT_LISTEN_FAILED => Event::ListenFailed { endpoint: self.text(BTX_EVKEY_ENDPOINT), message: message() },
            BTX_EVENT_TRACKER_ERROR => Event::TrackerError { torrent, tracker: self.text(BTX_EVKEY_TRACKER), message: message() },
            BTX_EVENT_CREATE_PROGRESS => Event::CreateProgress {
                job: self.int(BTX_META_JOB).unwrap_or(0) as i32,
                done: self.int(BTX_META_PIECES_DONE).unwrap_or(0) as i32,
                total: self.int(BTX_STATUS_NUM_PIECES).unwrap_or(0) as i32,
            },
            BTX_EVENT_CREATE_FINISHED => Event::CreateFinished {
                job: self.int(BTX_META_JOB).unwrap_or(0) as i32,
                torrent_file: self.bytes(BTX_META_TORRENT_FILE),
            },
            BTX_EVENT_CREATE_FAILED => Event::CreateFailed {
                job: self.int(BTX_META_JOB).unwrap_or(0) as i32,
                message: self.text(BTX_EVKEY_ERROR_MESSAGE),
                cancelled: self.int(BTX_META_CANCELLED).unwrap_or(0) != 0,
            },
            BTX_EVENT_DHT_IMMUTABLE_ITEM => Event::DhtImmutableItem {
                target: self.text(BTX_DHT_TARGET),
                value: self.bytes(BTX_DHT_VALUE),
            },
            BTX_EVENT_DHT_MUTABLE_ITEM => Event::DhtMutableItem {
                public_key: self.text(BTX_DHT_PUBLIC_KEY),
                salt: self.text(BTX_DHT_SALT),
                value: self.bytes(BTX_DHT_VALUE),
                seq: self.int(BTX_DHT_SEQ).unwrap_or(0),
                authoritative: self.int(BTX_DHT_AUTHORITATIVE).unwrap_or(0) != 0,
            },
            BTX_EVENT_DHT_PUT => Event::DhtPut {
                target: self.text(BTX_DHT_TARGET),
                public_key: self.text(BTX_DHT_PUBLIC_KEY),
                num_success: self.int(BTX_DHT_NUM_SUCCESS).unwrap_or(0) as i32,
            },
            BTX_EVENT_EVENTS_DROPPED => Event::EventsDropped { count: self.int(BTX_EVKEY_DROPPED).unwrap_or(0) as u64 },
            _ => Event::Other(self.clone()),
        }
    }
}

/// An event as a Rust value. Torrent handles are the session's (as from
/// [`Session::add`]); byte strings are as the record carries them (hashes
/// raw, resume data bencoded).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// a torrent was added
    TorrentAdded {
        /// its handle
        torrent: i32,
        /// its name (empty for a magnet without metadata)
        name: String,
    },
    /// a magnet's metadata arrived
    MetadataReceived {
        /// the torrent
        torrent: i32,
        /// its name
        name: String,
    },
    /// a piece passed its hash check
    PieceFinished {
        /// the torrent
        torrent: i32,
        /// the piece index
        piece: i32,
        /// true when the piece was restored from resume data, not downloaded
        restored: bool,
    },
    /// every selected file is complete
    TorrentFinished {
        /// the torrent
        torrent: i32,
    },
    /// a torrent-level error
    TorrentError {
        /// the torrent
        torrent: i32,
        /// what went wrong
        message: String,
    },
    /// a file I/O error (a full disk, a missing file, a failed move)
    FileError {
        /// the torrent
        torrent: i32,
        /// what went wrong
        message: String,
    },
    /// the torrent's state changed (libtorrent's `state_t` values)
    StateChanged {
        /// the torrent
        torrent: i32,
        /// the new state
        state: i32,
        /// the state before
        previous: i32,
    },
    /// resume data asked for with `save_resume` is ready
    ResumeDataReady {
        /// the torrent
        torrent: i32,
        /// bencoded resume data, for `Source::Resume`
        data: Vec<u8>,
    },
    /// the resume-data request failed
    ResumeDataFailed {
        /// the torrent
        torrent: i32,
        /// why
        message: String,
    },
    /// a torrent finished its removal (its handle is already stale)
    TorrentRemoved {
        /// the handle it had
        torrent: i32,
    },
    /// a listen socket opened
    ListenSucceeded {
        /// the address and port, as text
        endpoint: String,
    },
    /// a listen socket failed to open (a port in use, an address we do
    /// not have)
    ListenFailed {
        /// the address and port, as text
        endpoint: String,
        /// why
        message: String,
    },
    /// a tracker announce failed
    TrackerError {
        /// the torrent
        torrent: i32,
        /// the tracker's URL
        tracker: String,
        /// why
        message: String,
    },
    /// a creation job hashed more pieces
    CreateProgress {
        /// the job (from `Session::create_start`)
        job: i32,
        /// pieces hashed so far
        done: i32,
        /// pieces in all
        total: i32,
    },
    /// a creation job made its .torrent
    CreateFinished {
        /// the job
        job: i32,
        /// the bytes of the .torrent file
        torrent_file: Vec<u8>,
    },
    /// a creation job failed or was cancelled
    CreateFailed {
        /// the job
        job: i32,
        /// why
        message: String,
        /// true when it was cancelled
        cancelled: bool,
    },
    /// a BEP 44 immutable get returned
    DhtImmutableItem {
        /// the item's target, 40 hex
        target: String,
        /// the value, bencoded as stored
        value: Vec<u8>,
    },
    /// a BEP 44 mutable get returned
    DhtMutableItem {
        /// the ed25519 public key, 64 hex
        public_key: String,
        /// the salt
        salt: String,
        /// the value, bencoded as stored
        value: Vec<u8>,
        /// the sequence number
        seq: i64,
        /// true when every node asked answered
        authoritative: bool,
    },
    /// a BEP 44 put completed
    DhtPut {
        /// the immutable item's target, 40 hex (empty for a mutable item)
        target: String,
        /// the mutable item's public key, 64 hex (empty for an immutable item)
        public_key: String,
        /// how many nodes stored it
        num_success: i32,
    },
    /// events were lost to a full queue
    EventsDropped {
        /// how many
        count: u64,
    },
    /// any other event, as drained
    Other(RawEvent),
}

impl Session {
    /// Drains every queued event, decoded. Never waits on libtorrent (see
    /// [`Session::wait_events`] to block until there is one). An event the
    /// queue could not decode (never expected) ends the drain early; the
    /// events after it stay queued.
    pub fn pop_events(&self) -> Vec<RawEvent> {
        let mut out = Vec::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = self.events.lock().drain(&mut buf);
            if n < 0 {
                // the next event is larger than the buffer: grow to fit it
                buf.resize((-n) as usize + 16, 0);
                continue;
            }
            if n == 0 {
                break;
            }
            match decode_events(&buf) {
                Ok(evs) => out.extend(evs.into_iter().map(|(code, fields)| RawEvent { code, fields })),
                Err(_) => break,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bridge::ffi::AlertData;
    use crate::events::{dropped_event, encode_as, EventQueue};

    /// Events through the real queue and drain, decoded as values.
    fn drained(evs: Vec<Box<[u8]>>) -> Vec<RawEvent> {
        let mut q = EventQueue::default();
        for e in evs {
            q.push(e);
        }
        let mut buf = vec![0u8; 4096];
        let n = q.drain(&mut buf);
        assert!(n > 0);
        decode_events(&buf).unwrap().into_iter().map(|(code, fields)| RawEvent { code, fields }).collect()
    }

    #[test]
    fn events_decode_as_values() {
        let piece = AlertData { lt_type: 27, index: 41, ..Default::default() };
        let err = AlertData {
            lt_type: 43,
            error_code: 28,
            error_message: "No space left on device".into(),
            message: "file error".into(),
            ..Default::default()
        };
        let evs = drained(vec![
            encode_as(BTX_EVENT_PIECE_FINISHED, &piece, 7),
            encode_as(BTX_EVENT_FILE_ERROR, &err, 7),
            encode_as(BTX_EVENT_TORRENT_FINISHED, &AlertData { lt_type: 26, ..Default::default() }, 7),
            encode_as(BTX_EVENT_HASH_FAILED, &AlertData { lt_type: 18, index: 3, ..Default::default() }, 7),
            dropped_event(12),
        ]);
        assert_eq!(evs[0].event(), Event::PieceFinished { torrent: 7, piece: 41, restored: false });
        assert_eq!(evs[0].name(), "pieceFinished");
        assert_eq!(
            evs[1].event(),
            Event::FileError { torrent: 7, message: "No space left on device".into() }
        );
        assert_eq!(evs[2].event(), Event::TorrentFinished { torrent: 7 });
        // an event without a variant of its own keeps its fields
        match evs[3].event() {
            Event::Other(raw) => {
                assert_eq!(raw.name(), "hashFailed");
                assert_eq!(raw.int(BTX_EVKEY_PIECE), Some(3));
                let named = raw.named_fields();
                assert!(named.iter().any(|(k, v)| k == "piece" && *v == Value::Int(3)), "{named:?}");
            }
            e => panic!("{e:?}"),
        }
        assert_eq!(evs[4].event(), Event::EventsDropped { count: 12 });
    }
}
