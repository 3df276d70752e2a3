// bridge.h - the thinnest C++ that libtorrent's API needs.
//
// Everything here is a direct call into libtorrent or a field-by-field copy of
// a libtorrent struct into a cxx shared struct. Policy (handles, records,
// queues, errors) lives in Rust; see src/bridge.rs for the Rust side.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>

#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/session.hpp>
#include <libtorrent/torrent_handle.hpp>

#include "rust/cxx.h"

// cxx turns a C++ exception into Rust's Err through this customization point.
// Its default only catches std::exception; anything else thrown (libtorrent or
// Boost can throw non-std types) would reach a noexcept frame and terminate
// the host. This catch-all is the C++ half of our exception firewall.
namespace rust {
namespace behavior {
template <typename Try, typename Fail>
static void trycatch(Try &&func, Fail &&fail) noexcept try {
  func();
} catch (const std::exception &e) {
  fail(e.what());
} catch (...) {
  fail("unknown C++ exception (not derived from std::exception)");
}
}  // namespace behavior
}  // namespace rust

namespace btx {

struct AlertData;
struct AlertFilter;
struct StatsMetric;
struct StatusData;
struct PeerData;
struct FileData;
struct TrackerData;
struct DhtCounters;
struct KeyPair;
struct Limits;
struct Setting;

// A libtorrent session; the methods of lt::session_handle are thread safe.
struct Session {
  explicit Session(lt::session_params params) : ses(std::move(params)) {}
  mutable lt::session ses;  // session_handle calls are thread safe
};

// What a torrent is added from: parsed in the host's thread, before any
// session lock is taken (metainfo.cpp).
struct AddParams {
  lt::add_torrent_params p;
};

// A torrent handle; copies of lt::torrent_handle are thread safe.
struct Torrent {
  explicit Torrent(lt::torrent_handle handle) : h(std::move(handle)) {}
  lt::torrent_handle h;
};

// session lifecycle and settings
std::unique_ptr<Session> session_new(rust::Slice<const Setting> initial, rust::Str preset,
                                     rust::Str fingerprint, std::uint32_t alert_mask);
void apply_settings(const Session &s, rust::Slice<const Setting> items);
void apply_preset(const Session &s, rust::Str name, std::uint32_t alert_mask);
void set_alert_mask(const Session &s, std::uint32_t alert_mask);
rust::Vec<Setting> all_settings(const Session &s);
rust::Vec<std::uint8_t> session_state_save(const Session &s);
void session_state_load(const Session &s, rust::Slice<const std::uint8_t> data, std::uint32_t alert_mask);
int setting_kind(rust::Str key);
void set_int_setting(const Session &s, rust::Str key, std::int32_t value);
void set_bool_setting(const Session &s, rust::Str key, bool value);
void set_str_setting(const Session &s, rust::Str key, rust::Str value);
rust::String get_setting(const Session &s, rust::Str key);

// session operations
std::int32_t listen_port(const Session &s);
void session_pause(const Session &s, bool pause);
bool session_is_paused(const Session &s);

// alert pump
bool wait_for_alert(const Session &s, std::int32_t ms);
void post_torrent_updates(const Session &s);
void post_marker(const Session &s);
void post_session_stats(const Session &s);
void pop_alerts(const Session &s, AlertFilter const &want, rust::Vec<AlertData> &alerts,
                rust::Vec<StatusData> &statuses);
rust::Vec<StatsMetric> stats_metrics();

// parsing untrusted input (metainfo.cpp)
std::unique_ptr<AddParams> parse_torrent(rust::Slice<const std::uint8_t> data, Limits const &lim);
std::unique_ptr<AddParams> parse_magnet(rust::Str uri, Limits const &lim);
std::unique_ptr<AddParams> parse_resume(rust::Slice<const std::uint8_t> data, Limits const &lim);

// add / remove / create
std::unique_ptr<Torrent> add_params(const Session &s, std::unique_ptr<AddParams> p, rust::Str save_path,
                                    std::uint64_t flags, std::uint64_t mask, std::int32_t tag);
void remove_torrent(const Session &s, const Torrent &t, bool delete_files);
std::unique_ptr<Torrent> find_torrent(const Session &s, rust::Slice<const std::uint8_t> hash);
rust::Vec<std::uint8_t> create_torrent(rust::Str path, rust::Str parent, std::int32_t piece_size,
                                       std::uint32_t flags, const rust::Vec<rust::String> &trackers);

// torrent operations
std::uint32_t torrent_id(const Torrent &t);
void torrent_status(const Torrent &t, StatusData &out);
void statuses_of(const Session &s, rust::Slice<const std::uint32_t> ids, rust::Vec<StatusData> &out);
void save_resume(const Torrent &t);
void connect_peer(const Torrent &t, rust::Str ip, std::uint16_t port);
void pause_torrent(const Torrent &t);
void resume_torrent(const Torrent &t);
void set_torrent_limits(const Torrent &t, std::int32_t down, std::int32_t up);

// control (issue 3 surface)
void force_recheck(const Torrent &t);
void force_reannounce(const Torrent &t);
void clear_error(const Torrent &t);
void scrape_tracker(const Torrent &t);
void move_storage(const Torrent &t, rust::Str path);
std::int32_t queue_position(const Torrent &t);
void queue_move(const Torrent &t, std::int32_t op);
void set_flags(const Torrent &t, std::uint64_t flags, std::uint64_t mask);
void unset_flags(const Torrent &t, std::uint64_t flags);
std::uint64_t torrent_flags(const Torrent &t);
void set_max_connections(const Torrent &t, std::int32_t n);
void set_max_uploads(const Torrent &t, std::int32_t n);
void set_piece_deadline(const Torrent &t, std::int32_t piece, std::int32_t ms);
void clear_piece_deadlines(const Torrent &t);
std::int32_t num_pieces(const Torrent &t);
rust::Vec<std::int32_t> real_files(const Torrent &t);
void set_file_priority(const Torrent &t, std::int32_t lt_index, std::uint8_t prio);
void set_file_priorities(const Torrent &t, rust::Slice<const std::int32_t> lt_index,
                         rust::Slice<const std::uint8_t> prio);
void set_piece_priority(const Torrent &t, std::int32_t piece, std::uint8_t prio);

// inspection
rust::Vec<std::uint8_t> piece_bitfield(const Torrent &t);
rust::Vec<std::int32_t> piece_availability(const Torrent &t);
void peer_list(const Torrent &t, rust::Vec<PeerData> &out);
void file_list(const Torrent &t, rust::Vec<FileData> &out);
void tracker_list(const Torrent &t, rust::Vec<TrackerData> &out);
void add_tracker(const Torrent &t, rust::Str url, std::int32_t tier);
rust::Vec<rust::String> url_seeds(const Torrent &t);
void add_url_seed(const Torrent &t, rust::Str url);
void remove_url_seed(const Torrent &t, rust::Str url);

// session: IP filter, DHT, BEP 44
void ip_filter_add(const Session &s, rust::Str first, rust::Str last, bool block);
void ip_filter_clear(const Session &s);
void dht_add_node(const Session &s, rust::Str host, std::int32_t port);
void dht_announce(const Session &s, rust::Slice<const std::uint8_t> hash, std::int32_t port);
rust::Vec<std::uint8_t> dht_save_state(const Session &s);
void dht_load_state(const Session &s, rust::Slice<const std::uint8_t> data);
void dht_keypair(rust::Slice<const std::uint8_t> seed, KeyPair &out);
rust::Vec<std::uint8_t> dht_put_immutable(const Session &s, rust::Slice<const std::uint8_t> data);
void dht_get_immutable(const Session &s, rust::Slice<const std::uint8_t> target);
void dht_put_mutable(const Session &s, rust::Slice<const std::uint8_t> pk,
                     rust::Slice<const std::uint8_t> sk, rust::Slice<const std::uint8_t> salt,
                     rust::Slice<const std::uint8_t> data);
void dht_get_mutable(const Session &s, rust::Slice<const std::uint8_t> pk,
                     rust::Slice<const std::uint8_t> salt);

// firewall self-test: 1 throws std::runtime_error, 2 throws an int
void selftest_throw(std::int32_t kind);

}  // namespace btx
