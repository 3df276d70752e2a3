// bridge.h - the thinnest C++ that libtorrent's API needs.
//
// Everything here is a direct call into libtorrent or a field-by-field copy of
// a libtorrent struct into a cxx shared struct. Policy (handles, records,
// queues, errors) lives in Rust; see src/bridge.rs for the Rust side.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/error_code.hpp>
#include <libtorrent/session.hpp>
#include <libtorrent/torrent_handle.hpp>
#include <libtorrent/torrent_status.hpp>

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
} catch (const lt::system_error &e) {
  // a torrent removed while another thread still held its handle: for the
  // host that is a stale handle, not an exception
  if (e.code() == lt::errors::invalid_torrent_handle) fail("[bad] the torrent is gone");
  else fail(e.what());
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
// issue 12
struct MetaData;
struct ParamsInfo;
struct AddOptions;
struct CreateOptions;
struct CreateJob;
struct PartialPiece;
struct PeerInfoData;
struct LimitsData;
struct Setting;

// A libtorrent session; the methods of lt::session_handle are thread safe.
struct Session {
  explicit Session(lt::session_params params) : ses(std::move(params)) {}
  mutable lt::session ses;  // session_handle calls are thread safe
  // async adds (durable.cpp): the tags whose add_torrent_alert is due, and
  // the handles those alerts brought, until the pump takes them
  mutable std::mutex async_m;
  mutable std::unordered_set<std::int32_t> async_pending;
  mutable std::unordered_map<std::int32_t, lt::torrent_handle> async_added;
  // what an async add's params say of the torrent, until its first status
  mutable std::unordered_map<std::int32_t, lt::torrent_status> async_status;
  // what an async add was given that its add_torrent_alert does not carry
  // back (libtorrent 2.0.8 copies only flags, ti, name, save_path, userdata
  // and trackerid into the alert's params): the have-bitfield, times and
  // totals, for the provisional status; until the alert comes
  mutable std::unordered_map<std::int32_t, lt::add_torrent_params> async_given;
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
                                     rust::Str fingerprint, std::uint32_t alert_mask,
                                     rust::Slice<const std::uint8_t> state);
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
void file_layout(const Torrent &t, rust::Vec<FileData> &out, rust::Vec<std::int32_t> &lt_index);
rust::Vec<std::uint8_t> file_priorities_all(const Torrent &t);
rust::Vec<std::int64_t> file_progress_all(const Torrent &t);
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

// ---- beyond v8, issue 12 ------------------------------------------------
// metadata and magnets (metainfo.cpp, magnet.cpp)
void describe_params(const AddParams &p, MetaData &out);
void params_info(const AddParams &p, ParamsInfo &out);
std::unique_ptr<AddParams> params_from_hashes(rust::Slice<const std::uint8_t> v1, rust::Slice<const std::uint8_t> v2);
rust::String make_magnet(const AddParams &p);
rust::String torrent_magnet(const Torrent &t);
// the add with every option (add.cpp)
std::unique_ptr<Torrent> add_with_options(const Session &s, std::unique_ptr<AddParams> p, const AddOptions &o,
                                          std::int32_t tag);
// creation with every option, progress and cancel (create.cpp)
rust::Vec<std::uint8_t> create_with(const CreateOptions &o, const CreateJob &job,
                                    rust::Fn<bool(const CreateJob &, std::int32_t, std::int32_t)> progress);
// per-torrent calls beyond v8 (torrent_more.cpp)
void rename_file(const Torrent &t, std::int32_t lt_index, rust::Str name);
void file_list_with(const Torrent &t, bool piece_granularity, rust::Vec<FileData> &out);
void download_queue(const Torrent &t, rust::Vec<PartialPiece> &out);
void peer_info(const Torrent &t, rust::Vec<PeerInfoData> &out);
void torrent_limits(const Torrent &t, LimitsData &out);
rust::Vec<std::uint8_t> piece_priorities(const Torrent &t);
void set_piece_priorities(const Torrent &t, rust::Slice<const std::uint8_t> prios);
// the DHT's other half (dht_more.cpp)
bool dht_running(const Session &s);
void dht_get_peers(const Session &s, rust::Slice<const std::uint8_t> hash);
void dht_announce_flags(const Session &s, rust::Slice<const std::uint8_t> hash, std::int32_t port, std::uint32_t flags);
rust::Vec<std::uint8_t> dht_node_ids(const Session &s);
void dht_live_nodes(const Session &s, rust::Slice<const std::uint8_t> nid);
void dht_sample_infohashes(const Session &s, rust::Str ip, std::uint16_t port, rust::Slice<const std::uint8_t> target);
rust::Vec<std::uint8_t> dht_sign_mutable(rust::Slice<const std::uint8_t> pk, rust::Slice<const std::uint8_t> sk,
                                         rust::Slice<const std::uint8_t> salt, rust::Slice<const std::uint8_t> value,
                                         std::int64_t seq);
bool dht_verify_mutable(rust::Slice<const std::uint8_t> pk, rust::Slice<const std::uint8_t> salt,
                        rust::Slice<const std::uint8_t> value, std::int64_t seq, rust::Slice<const std::uint8_t> sig);

// ---- issue 11: durable sessions (durable.cpp) ----------------------------
// the params as resume data (write_resume_data_buf) and their store key
rust::Vec<std::uint8_t> params_resume(const AddParams &p);
rust::String params_key(const AddParams &p);
std::unique_ptr<Torrent> add_with_options_saved(const Session &s, std::unique_ptr<AddParams> p,
                                                const AddOptions &o, std::int32_t tag,
                                                rust::Vec<std::uint8_t> &resume);
// adds without waiting for the network thread; the pump takes the handle
// (take_added) when the add_torrent_alert with this tag arrives
void async_add(const Session &s, std::unique_ptr<AddParams> p, std::int32_t tag);
std::unique_ptr<Torrent> take_added(const Session &s, std::int32_t tag);
// The status an async add's params imply (state checking_resume_data),
// for the time before libtorrent reports one; false when there is none.
bool take_provisional(const Session &s, std::int32_t tag, StatusData &out);
std::int32_t resume_not_modified_code();
// saves resume data only when libtorrent says the torrent changed
void save_resume_flags(const Torrent &t, bool if_modified);

}  // namespace btx
