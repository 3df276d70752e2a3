//! torrentxt: libtorrent-rasterbar behind a small, stable, flat C ABI.
//!
//! Map of the crate (docs/architecture.md has the picture):
//! - `capi`      the exported `btx_*` functions, thin shells
//! - `boundary`  panic firewall, last error, pointer/buffer decoding
//! - `handles`   the generation-tagged handle table
//! - `session`, `torrent`  the objects behind the handles
//! - `pump`      the per-session thread draining libtorrent's alerts
//! - `events`    the bounded event queue and the alert encoder
//! - `status`    the status-record cache
//! - `files`     the file-list cache
//! - `record`    the record wire format (encoder and decoder)
//! - `compact`   the compact text form of records, for script hosts
//! - `registry`  every code, field id, event code and flag: the one source
//! - `bridge`    the cxx bridge to the C++ in `cpp/`
//! - `kvlist`    key/value option lists (btx_add, creation)
//! - `metainfo`  .torrent and magnet records without a session
//! - `add_options`, `create`, `per_torrent`, `dht`  the safe API behind
//!   the issue-12 functions (adds, creation, per-torrent calls, DHT)
//! - `session_ops` session pause, IP filter, BEP 5 DHT calls, piece maps,
//!   peers, trackers and web seeds
//! - `event`     events as Rust values ([`event::Event`]), drained with
//!   [`session::Session::pop_events`]

#![warn(missing_docs)]
pub mod boundary;
/// The cxx bridge to the C++ in `cpp/`: raw libtorrent calls, not part of
/// the safe API (public for the tests and benchmarks; the safe modules
/// re-export the plain data types a Rust host reads).
#[doc(hidden)]
pub mod bridge;
pub mod capi;
pub mod compact;
pub mod control;
pub mod create;
mod oneshot;
pub mod error;
pub mod event;
pub mod events;
pub mod files;
pub mod handles;
pub mod kv;
pub mod limits;
// beyond v8 (issue 12)
pub mod add_options;
pub mod dht;
// issue 11
pub mod durable;
pub mod store;
pub mod kvlist;
pub mod metainfo;
pub mod per_torrent;
mod pump;
pub mod progress;
pub mod record;
pub mod registry;
pub mod session;
pub mod session_ops;
pub mod settings;
pub mod stats;
pub mod status;
pub mod torrent;
