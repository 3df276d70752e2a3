// bridge.cpp - libtorrent calls and field copies for src/bridge.rs.
#include "torrentxt/cpp/bridge.h"
#include "torrentxt/src/bridge.rs.h"

#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/alert_types.hpp>
#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>
#include <libtorrent/error_code.hpp>
#include <libtorrent/magnet_uri.hpp>
#include <libtorrent/read_resume_data.hpp>
#include <libtorrent/session_params.hpp>
#include <libtorrent/settings_pack.hpp>
#include <libtorrent/torrent_info.hpp>
#include <libtorrent/torrent_status.hpp>
#include <libtorrent/write_resume_data.hpp>
#include <libtorrent/ip_filter.hpp>
#include <libtorrent/peer_info.hpp>
#include <libtorrent/announce_entry.hpp>
#include <libtorrent/session_stats.hpp>
#include <libtorrent/kademlia/ed25519.hpp>
#include <libtorrent/kademlia/item.hpp>
#include <libtorrent/kademlia/announce_flags.hpp>

#include <algorithm>
#include <mutex>

#include <stdexcept>
#include <string>
#include <vector>

namespace btx {
namespace {

std::string str(rust::Str s) { return std::string(s.data(), s.size()); }

// Errors we raise on purpose carry a marker that src/error.rs maps to a code.
[[noreturn]] void bad_arg(std::string const &msg) { throw std::invalid_argument("[arg] " + msg); }
[[noreturn]] void failed(std::string const &msg) { throw std::runtime_error("[gen] " + msg); }

// The torrent's userdata carries our handle so that alerts posted after the
// torrent object is gone (torrent_removed_alert) can still name it. The
// pointer is a tag, never dereferenced.
struct HandleTag;
lt::client_data_t make_tag(std::int32_t tag) {
  return lt::client_data_t(reinterpret_cast<HandleTag *>(static_cast<std::uintptr_t>(tag)));
}
std::int32_t read_tag(lt::client_data_t const &ud) {
  return static_cast<std::int32_t>(reinterpret_cast<std::uintptr_t>(ud.get<HandleTag>()));
}

template <typename Data>
void copy_hashes(Data &out, lt::info_hash_t const &ih) {
  out.has_v1 = ih.has_v1();
  if (out.has_v1) std::copy(ih.v1.begin(), ih.v1.end(), out.v1.begin());
  out.has_v2 = ih.has_v2();
  if (out.has_v2) std::copy(ih.v2.begin(), ih.v2.end(), out.v2.begin());
}

void set_error(AlertData &d, lt::error_code const &ec) {
  d.error_code = ec.value();
  d.error_message = rust::String::lossy(ec.message());
}

rust::String lossy(std::string const &s) { return rust::String::lossy(s); }

std::string endpoint_text(lt::address const &a, int port) {
  std::string ip = a.to_string();
  if (a.is_v6()) ip = "[" + ip + "]";
  return ip + ":" + std::to_string(port);
}

void copy_status(lt::torrent_status const &st, StatusData &o) {
  o.torrent_id = st.handle.id();
  o.name = lossy(st.name);
  o.state = static_cast<std::int32_t>(st.state);
  o.progress = st.progress_ppm / 1000000.0;
  o.download_rate = st.download_payload_rate;
  o.upload_rate = st.upload_payload_rate;
  o.total_done = st.total_done;
  o.total_wanted = st.total_wanted;
  o.total_wanted_done = st.total_wanted_done;
  o.num_peers = st.num_peers;
  o.num_seeds = st.num_seeds;
  o.save_path = lossy(st.save_path);
  copy_hashes(o, st.info_hashes);
  o.num_pieces = st.num_pieces;
  o.piece_length = 0;
  o.total_size = 0;
  if (auto ti = st.torrent_file.lock()) {
    o.num_pieces = ti->num_pieces();
    o.piece_length = ti->piece_length();
    o.total_size = ti->total_size();
  }
  o.all_time_download = st.all_time_download;
  o.all_time_upload = st.all_time_upload;
  o.num_complete = st.num_complete;
  o.num_incomplete = st.num_incomplete;
  o.is_finished = st.is_finished;
  o.is_seeding = st.is_seeding;
  o.error = st.errc ? lossy(st.errc.message()) : rust::String();
  o.added_time = st.added_time;
  o.completed_time = st.completed_time;
  o.num_connections = st.num_connections;
  o.flags = static_cast<std::uint64_t>(st.flags);
}

template <std::size_t N>
void copy_bytes(std::array<char, N> const &from, std::array<std::uint8_t, N> &to) {
  for (std::size_t i = 0; i < N; i++) to[i] = static_cast<std::uint8_t>(from[i]);
}

template <std::size_t N>
void copy_bytes(std::array<char, N> const &from, rust::Vec<std::uint8_t> &to) {
  to.reserve(N);
  for (char c : from) to.push_back(static_cast<std::uint8_t>(c));
}

// A BEP 44 value we put is a bencoded string; hand back its bytes. Any other
// value (put by another client) is handed back bencoded.
void copy_item_value(lt::entry const &item, rust::Vec<std::uint8_t> &out) {
  std::vector<char> buf;
  if (item.type() == lt::entry::string_t) {
    auto const &str = item.string();
    buf.assign(str.begin(), str.end());
  } else if (item.type() != lt::entry::undefined_t) {
    lt::bencode(std::back_inserter(buf), item);
  }
  out.reserve(buf.size());
  for (char c : buf) out.push_back(static_cast<std::uint8_t>(c));
}

constexpr lt::status_flags_t kStatusQuery =
    lt::torrent_handle::query_name | lt::torrent_handle::query_save_path |
    lt::torrent_handle::query_torrent_file;

// Copies one alert; returns false for alerts we do not report.
bool copy_alert(lt::alert *a, AlertData &d) {
  if (auto *ta = dynamic_cast<lt::torrent_alert *>(a)) {
    d.torrent_id = ta->handle.id();
    d.name = lossy(ta->torrent_name());
  }
  if (auto *x = lt::alert_cast<lt::add_torrent_alert>(a)) {
    if (x->error) return false;  // the failed add already returned an error to the caller
    d.kind = AlertKind::TorrentAdded;
    copy_hashes(d, x->params.info_hashes);
    if (auto ti = x->params.ti) copy_hashes(d, ti->info_hashes());
    d.tag = read_tag(x->params.userdata);
  } else if (auto *x = lt::alert_cast<lt::metadata_received_alert>(a)) {
    d.kind = AlertKind::MetadataReceived;
    copy_hashes(d, x->handle.info_hashes());
  } else if (auto *x = lt::alert_cast<lt::piece_finished_alert>(a)) {
    d.kind = AlertKind::PieceFinished;
    d.index = static_cast<int>(x->piece_index);
  } else if (lt::alert_cast<lt::torrent_finished_alert>(a)) {
    d.kind = AlertKind::TorrentFinished;
  } else if (auto *x = lt::alert_cast<lt::torrent_error_alert>(a)) {
    d.kind = AlertKind::TorrentError;
    set_error(d, x->error);
    d.message = lossy(x->message());
  } else if (auto *x = lt::alert_cast<lt::state_changed_alert>(a)) {
    d.kind = AlertKind::StateChanged;
    d.state = static_cast<int>(x->state);
    d.prev_state = static_cast<int>(x->prev_state);
  } else if (auto *x = lt::alert_cast<lt::tracker_reply_alert>(a)) {
    d.kind = AlertKind::TrackerReply;
    d.tracker = lossy(x->tracker_url());
    d.num_peers = x->num_peers;
  } else if (auto *x = lt::alert_cast<lt::tracker_error_alert>(a)) {
    d.kind = AlertKind::TrackerError;
    d.tracker = lossy(x->tracker_url());
    set_error(d, x->error);
    d.message = lossy(x->message());
  } else if (auto *x = lt::alert_cast<lt::save_resume_data_alert>(a)) {
    d.kind = AlertKind::ResumeDataReady;
    std::vector<char> buf = lt::write_resume_data_buf(x->params);
    d.blob.reserve(buf.size());
    for (char c : buf) d.blob.push_back(static_cast<std::uint8_t>(c));
  } else if (auto *x = lt::alert_cast<lt::save_resume_data_failed_alert>(a)) {
    d.kind = AlertKind::ResumeDataFailed;
    set_error(d, x->error);
    d.message = lossy(x->message());
  } else if (auto *x = lt::alert_cast<lt::torrent_removed_alert>(a)) {
    d.kind = AlertKind::TorrentRemoved;
    d.torrent_id = 0;  // the torrent object may be gone; the tag names it
    d.tag = read_tag(x->userdata);
    copy_hashes(d, x->info_hashes);
  } else if (lt::alert_cast<lt::dht_bootstrap_alert>(a)) {
    d.kind = AlertKind::DhtBootstrap;
  } else if (auto *x = lt::alert_cast<lt::listen_succeeded_alert>(a)) {
    d.kind = AlertKind::ListenSucceeded;
    d.endpoint = lossy(endpoint_text(x->address, x->port));
    d.message = lossy(x->message());  // names the socket type (TCP, uTP, ...)
  } else if (auto *x = lt::alert_cast<lt::listen_failed_alert>(a)) {
    d.kind = AlertKind::ListenFailed;
    d.endpoint = lossy(endpoint_text(x->address, x->port));
    set_error(d, x->error);
    d.message = lossy(x->message());
  } else if (lt::alert_cast<lt::torrent_paused_alert>(a)) {
    d.kind = AlertKind::TorrentPaused;
  } else if (lt::alert_cast<lt::torrent_resumed_alert>(a)) {
    d.kind = AlertKind::TorrentResumed;
  } else if (auto *x = lt::alert_cast<lt::file_completed_alert>(a)) {
    // hosts index files without the pad files (see real_files)
    auto ti = x->handle.torrent_file();
    if (!ti || ti->files().pad_file_at(x->index)) return false;
    int host_index = 0;
    for (auto i : ti->files().file_range()) {
      if (i == x->index) break;
      if (!ti->files().pad_file_at(i)) ++host_index;
    }
    d.kind = AlertKind::FileCompleted;
    d.index = host_index;
  } else if (auto *x = lt::alert_cast<lt::file_error_alert>(a)) {
    d.kind = AlertKind::FileError;
    set_error(d, x->error);
    d.message = lossy(x->message());
  } else if (auto *x = lt::alert_cast<lt::storage_moved_alert>(a)) {
    d.kind = AlertKind::StorageMoved;
    d.message = lossy(x->storage_path());
  } else if (auto *x = lt::alert_cast<lt::storage_moved_failed_alert>(a)) {
    d.kind = AlertKind::FileError;
    set_error(d, x->error);
    d.message = lossy(x->message());
  } else if (auto *x = lt::alert_cast<lt::fastresume_rejected_alert>(a)) {
    d.kind = AlertKind::FastresumeRejected;
    set_error(d, x->error);
    d.message = lossy(x->message());
  } else if (auto *x = lt::alert_cast<lt::scrape_failed_alert>(a)) {
    // no event of its own in the registry: a failed scrape is a tracker error
    d.kind = AlertKind::TrackerError;
    d.tracker = lossy(x->tracker_url());
    set_error(d, x->error);
    d.message = lossy(x->message());
  } else if (auto *x = lt::alert_cast<lt::scrape_reply_alert>(a)) {
    d.kind = AlertKind::ScrapeReply;
    d.tracker = lossy(x->tracker_url());
    d.complete = x->complete;
    d.incomplete = x->incomplete;
    d.num_peers = x->complete + x->incomplete;
  } else if (auto *x = lt::alert_cast<lt::dht_immutable_item_alert>(a)) {
    d.kind = AlertKind::DhtImmutableItem;
    std::copy(x->target.begin(), x->target.end(), d.target.begin());
    copy_item_value(x->item, d.blob);
  } else if (auto *x = lt::alert_cast<lt::dht_mutable_item_alert>(a)) {
    d.kind = AlertKind::DhtMutableItem;
    d.is_mutable = true;
    copy_bytes(x->key, d.public_key);
    copy_bytes(x->signature, d.signature);
    d.seq = x->seq;
    for (char c : x->salt) d.salt.push_back(static_cast<std::uint8_t>(c));
    d.authoritative = x->authoritative;
    copy_item_value(x->item, d.blob);
  } else if (auto *x = lt::alert_cast<lt::dht_put_alert>(a)) {
    d.kind = AlertKind::DhtPut;
    d.num_success = x->num_success;
    d.is_mutable = !x->salt.empty() || std::any_of(x->public_key.begin(), x->public_key.end(),
                                                    [](char c) { return c != 0; });
    std::copy(x->target.begin(), x->target.end(), d.target.begin());
    copy_bytes(x->public_key, d.public_key);
    copy_bytes(x->signature, d.signature);
    d.seq = x->seq;
    for (char c : x->salt) d.salt.push_back(static_cast<std::uint8_t>(c));
  } else if (auto *x = lt::alert_cast<lt::session_stats_alert>(a)) {
    static const int nodes = lt::find_metric_idx("dht.dht_nodes");
    static const int cache = lt::find_metric_idx("dht.dht_node_cache");
    static const int torrents = lt::find_metric_idx("dht.dht_torrents");
    auto c = x->counters();
    d.kind = AlertKind::DhtStats;
    d.seq = -1;  // global estimate comes from dht_stats_alert
    d.num_peers = nodes >= 0 ? static_cast<int>(c[nodes]) : -1;
    d.index = cache >= 0 ? static_cast<int>(c[cache]) : -1;
    d.num_success = torrents >= 0 ? static_cast<int>(c[torrents]) : -1;
  } else if (auto *x = lt::alert_cast<lt::dht_stats_alert>(a)) {
    // libtorrent's own estimate of the DHT's size (routing_table::num_global_nodes)
    constexpr int bucket_size = 8;
    int deepest = 0, deepest_size = 0;
    for (auto const &b : x->routing_table) {
      deepest_size = b.num_nodes;
      if (deepest_size < bucket_size) break;
      ++deepest;
    }
    std::int64_t global;
    if (deepest == 0) global = x->routing_table.empty() ? 0 : 1 + deepest_size;
    else if (deepest_size < bucket_size / 2) global = (std::int64_t(1) << deepest) * bucket_size;
    else global = (std::int64_t(2) << deepest) * deepest_size;
    d.kind = AlertKind::DhtStats;
    d.seq = global;
    d.num_peers = d.index = d.num_success = -1;
  } else if (auto *x = lt::alert_cast<lt::alerts_dropped_alert>(a)) {
    d.kind = AlertKind::AlertsDropped;
    d.index = static_cast<int>(x->dropped_alerts.count());
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<Session> session_new() {
  lt::settings_pack p;
  // Quiet by default: nothing talks to the outside world until the host asks.
  p.set_bool(lt::settings_pack::enable_dht, false);
  p.set_bool(lt::settings_pack::enable_lsd, false);
  p.set_bool(lt::settings_pack::enable_upnp, false);
  p.set_bool(lt::settings_pack::enable_natpmp, false);
  p.set_str(lt::settings_pack::dht_bootstrap_nodes, "");
  p.set_str(lt::settings_pack::user_agent, "torrentxt/" "0.1");
  p.set_int(lt::settings_pack::alert_mask,
            static_cast<int>(lt::alert_category::error | lt::alert_category::status |
                             lt::alert_category::storage | lt::alert_category::tracker |
                             lt::alert_category::dht | lt::alert_category::piece_progress |
                             lt::alert_category::file_progress));
  // Our pump drains promptly; a deep queue only matters for bursts.
  p.set_int(lt::settings_pack::alert_queue_size, 100000);
  // Bounded shutdown even when trackers do not answer.
  p.set_int(lt::settings_pack::stop_tracker_timeout, 1);
  lt::session_params params(std::move(p));
  return std::make_unique<Session>(std::move(params));
}

int setting_kind(rust::Str key) {
  int idx = lt::setting_by_name(str(key));
  if (idx < 0) return -1;
  switch (idx & lt::settings_pack::type_mask) {
    case lt::settings_pack::string_type_base: return 0;
    case lt::settings_pack::int_type_base: return 1;
    case lt::settings_pack::bool_type_base: return 2;
    default: return -1;
  }
}

void set_int_setting(const Session &s, rust::Str key, std::int32_t value) {
  lt::settings_pack p;
  p.set_int(lt::setting_by_name(str(key)), value);
  const_cast<lt::session &>(s.ses).apply_settings(std::move(p));
}

void set_bool_setting(const Session &s, rust::Str key, bool value) {
  lt::settings_pack p;
  p.set_bool(lt::setting_by_name(str(key)), value);
  const_cast<lt::session &>(s.ses).apply_settings(std::move(p));
}

void set_str_setting(const Session &s, rust::Str key, rust::Str value) {
  lt::settings_pack p;
  p.set_str(lt::setting_by_name(str(key)), str(value));
  const_cast<lt::session &>(s.ses).apply_settings(std::move(p));
}

rust::String get_setting(const Session &s, rust::Str key) {
  int idx = lt::setting_by_name(str(key));
  if (idx < 0) bad_arg("unknown setting '" + str(key) + "'");
  lt::settings_pack p = s.ses.get_settings();
  switch (idx & lt::settings_pack::type_mask) {
    case lt::settings_pack::string_type_base: return lossy(p.get_str(idx));
    case lt::settings_pack::int_type_base: return rust::String(std::to_string(p.get_int(idx)));
    default: return rust::String(p.get_bool(idx) ? "true" : "false");
  }
}

std::int32_t listen_port(const Session &s) { return s.ses.listen_port(); }

void session_pause(const Session &s, bool pause) {
  auto &ses = const_cast<lt::session &>(s.ses);
  if (pause) ses.pause(); else ses.resume();
}

bool session_is_paused(const Session &s) { return s.ses.is_paused(); }

bool wait_for_alert(const Session &s, std::int32_t ms) {
  return const_cast<lt::session &>(s.ses).wait_for_alert(lt::milliseconds(ms)) != nullptr;
}

void post_torrent_updates(const Session &s) {
  const_cast<lt::session &>(s.ses).post_torrent_updates(kStatusQuery);
}

void pop_alerts(const Session &s, rust::Vec<AlertData> &alerts, rust::Vec<StatusData> &statuses) {
  std::vector<lt::alert *> batch;
  const_cast<lt::session &>(s.ses).pop_alerts(&batch);
  for (lt::alert *a : batch) {
    if (auto *su = lt::alert_cast<lt::state_update_alert>(a)) {
      AlertData d;
      d.kind = AlertKind::StatusBatch;
      d.index = static_cast<int>(su->status.size());
      for (auto const &st : su->status) {
        StatusData o;
        copy_status(st, o);
        statuses.push_back(std::move(o));
      }
      alerts.push_back(std::move(d));
      continue;
    }
    AlertData d;
    if (copy_alert(a, d)) alerts.push_back(std::move(d));
  }
}

namespace {
lt::torrent_flags_t apply_flags(lt::torrent_flags_t base, std::uint64_t flags, std::uint64_t mask) {
  auto f = lt::torrent_flags_t(flags);
  auto m = lt::torrent_flags_t(mask);
  // update_subscribe feeds our status cache; duplicate_is_error keeps one
  // torrent from getting two handles. Neither is the host's to turn off.
  return ((base & ~m) | (f & m)) | lt::torrent_flags::update_subscribe |
         lt::torrent_flags::duplicate_is_error;
}

std::unique_ptr<Torrent> add(const Session &s, lt::add_torrent_params &atp, std::int32_t tag) {
  atp.userdata = make_tag(tag);
  lt::error_code ec;
  lt::torrent_handle h = const_cast<lt::session &>(s.ses).add_torrent(std::move(atp), ec);
  if (ec == lt::errors::duplicate_torrent) bad_arg("the torrent is already in this session (btx_find_torrent names it)");
  if (ec) failed("add failed: " + ec.message());
  return std::make_unique<Torrent>(std::move(h));
}
}  // namespace

std::unique_ptr<Torrent> add_magnet(const Session &s, rust::Str uri, rust::Str save_path,
                                    std::uint64_t flags, std::uint64_t mask, std::int32_t tag) {
  lt::error_code ec;
  lt::add_torrent_params atp = lt::parse_magnet_uri(str(uri), ec);
  if (ec) bad_arg("bad magnet URI: " + ec.message());
  atp.save_path = str(save_path);
  atp.flags = apply_flags(atp.flags, flags, mask);
  return add(s, atp, tag);
}

std::unique_ptr<Torrent> add_torrent_file(const Session &s, rust::Slice<const std::uint8_t> data,
                                          rust::Str save_path, std::uint64_t flags,
                                          std::uint64_t mask, std::int32_t tag) {
  lt::error_code ec;
  auto ti = std::make_shared<lt::torrent_info>(
      lt::span<char const>(reinterpret_cast<char const *>(data.data()),
                           static_cast<std::ptrdiff_t>(data.size())),
      ec, lt::from_span);
  if (ec) bad_arg("bad .torrent data: " + ec.message());
  lt::add_torrent_params atp;
  atp.ti = std::move(ti);
  atp.save_path = str(save_path);
  atp.flags = apply_flags(atp.flags, flags, mask);
  return add(s, atp, tag);
}

std::unique_ptr<Torrent> add_with_resume(const Session &s, rust::Slice<const std::uint8_t> data,
                                         rust::Str save_path, std::int32_t tag) {
  lt::error_code ec;
  lt::add_torrent_params atp = lt::read_resume_data(
      lt::span<char const>(reinterpret_cast<char const *>(data.data()),
                           static_cast<std::ptrdiff_t>(data.size())),
      ec);
  if (ec) bad_arg("bad resume data: " + ec.message());
  if (!atp.ti && !atp.info_hashes.has_v1() && !atp.info_hashes.has_v2())
    bad_arg("bad resume data: it names no torrent");
  if (save_path.size() > 0) atp.save_path = str(save_path);
  if (atp.save_path.empty()) bad_arg("resume data has no save path; pass one");
  atp.flags = apply_flags(atp.flags, 0, 0);
  return add(s, atp, tag);
}

void remove_torrent(const Session &s, const Torrent &t, bool delete_files) {
  const_cast<lt::session &>(s.ses).remove_torrent(
      t.h, delete_files ? lt::session_handle::delete_files : lt::remove_flags_t{});
}

std::unique_ptr<Torrent> find_torrent(const Session &s, rust::Slice<const std::uint8_t> hash) {
  lt::torrent_handle h;
  if (hash.size() == 20) {
    lt::sha1_hash ih(reinterpret_cast<char const *>(hash.data()));
    h = s.ses.find_torrent(ih);
  } else if (hash.size() == 32) {
    // a v2 hash: find_torrent takes a truncated sha256 as its sha1-sized key
    lt::sha1_hash ih(reinterpret_cast<char const *>(hash.data()));
    h = s.ses.find_torrent(ih);
  }
  if (!h.is_valid()) return nullptr;
  return std::make_unique<Torrent>(std::move(h));
}

rust::Vec<std::uint8_t> create_torrent(rust::Str path, rust::Str parent, std::int32_t piece_size,
                                       std::uint32_t flags, const rust::Vec<rust::String> &trackers) {
  std::string p = str(path);
  lt::file_storage fs;
  lt::add_files(fs, p);
  if (fs.num_files() == 0) bad_arg("no files found at '" + p + "'");
  lt::create_torrent ct(fs, piece_size, lt::create_flags_t(flags));
  int tier = 0;
  for (auto const &url : trackers) ct.add_tracker(std::string(url), tier++);
  lt::set_piece_hashes(ct, str(parent));
  std::vector<char> buf;
  lt::bencode(std::back_inserter(buf), ct.generate());
  rust::Vec<std::uint8_t> out;
  out.reserve(buf.size());
  for (char c : buf) out.push_back(static_cast<std::uint8_t>(c));
  return out;
}

std::uint32_t torrent_id(const Torrent &t) { return t.h.id(); }

void torrent_status(const Torrent &t, StatusData &out) {
  copy_status(t.h.status(kStatusQuery), out);
}

void save_resume(const Torrent &t) {
  t.h.save_resume_data(lt::torrent_handle::save_info_dict);
}

void connect_peer(const Torrent &t, rust::Str ip, std::uint16_t port) {
  lt::error_code ec;
  auto addr = lt::make_address(str(ip), ec);
  if (ec) bad_arg("bad IP address '" + str(ip) + "': " + ec.message());
  t.h.connect_peer(lt::tcp::endpoint(addr, port));
}

// An auto-managed torrent would be resumed again by the queue; a host's
// pause means paused, so it leaves the queue's management too.
void pause_torrent(const Torrent &t) {
  t.h.unset_flags(lt::torrent_flags::auto_managed);
  t.h.pause();
}
void resume_torrent(const Torrent &t) { t.h.resume(); }

void set_torrent_limits(const Torrent &t, std::int32_t down, std::int32_t up) {
  t.h.set_download_limit(down);
  t.h.set_upload_limit(up);
}

// ---- control ---------------------------------------------------------------

void force_recheck(const Torrent &t) { t.h.force_recheck(); }
void force_reannounce(const Torrent &t) {
  t.h.force_reannounce(0, -1, lt::torrent_handle::ignore_min_interval);
  t.h.force_dht_announce();
}
void clear_error(const Torrent &t) { t.h.clear_error(); }
void scrape_tracker(const Torrent &t) { t.h.scrape_tracker(); }
void move_storage(const Torrent &t, rust::Str path) { t.h.move_storage(str(path)); }
std::int32_t queue_position(const Torrent &t) { return static_cast<int>(t.h.queue_position()); }
void queue_move(const Torrent &t, std::int32_t op) {
  switch (op) {
    case 0: t.h.queue_position_up(); break;
    case 1: t.h.queue_position_down(); break;
    case 2: t.h.queue_position_top(); break;
    case 3: t.h.queue_position_bottom(); break;
    default: bad_arg("queue op must be 0 (up), 1 (down), 2 (top) or 3 (bottom)");
  }
}
void set_flags(const Torrent &t, std::uint64_t flags, std::uint64_t mask) {
  t.h.set_flags(lt::torrent_flags_t(flags), lt::torrent_flags_t(mask));
}
void unset_flags(const Torrent &t, std::uint64_t flags) { t.h.unset_flags(lt::torrent_flags_t(flags)); }
void set_max_connections(const Torrent &t, std::int32_t n) { t.h.set_max_connections(n); }
void set_max_uploads(const Torrent &t, std::int32_t n) { t.h.set_max_uploads(n); }
void set_piece_deadline(const Torrent &t, std::int32_t piece, std::int32_t ms) {
  t.h.set_piece_deadline(lt::piece_index_t(piece), ms);
}
void clear_piece_deadlines(const Torrent &t) { t.h.clear_piece_deadlines(); }

namespace {
std::shared_ptr<const lt::torrent_info> metadata(const Torrent &t) {
  auto ti = t.h.torrent_file();
  if (!ti) bad_arg("the torrent has no metadata yet");
  return ti;
}
}  // namespace

std::int32_t num_pieces(const Torrent &t) {
  auto ti = t.h.torrent_file();
  return ti ? ti->num_pieces() : -1;
}

// The files a host sees: libtorrent's file list without the pad files that
// v2/hybrid torrents insert for alignment. Entry i is libtorrent's index.
rust::Vec<std::int32_t> real_files(const Torrent &t) {
  auto ti = metadata(t);
  auto const &fs = ti->files();
  rust::Vec<std::int32_t> out;
  for (auto i : fs.file_range())
    if (!fs.pad_file_at(i)) out.push_back(static_cast<int>(i));
  return out;
}

void set_file_priority(const Torrent &t, std::int32_t lt_index, std::uint8_t prio) {
  t.h.file_priority(lt::file_index_t(lt_index), lt::download_priority_t(prio));
}

void set_file_priorities(const Torrent &t, rust::Slice<const std::int32_t> lt_index,
                         rust::Slice<const std::uint8_t> prio) {
  auto prios = t.h.get_file_priorities();
  for (std::size_t i = 0; i < lt_index.size() && i < prio.size(); i++) {
    auto idx = static_cast<std::size_t>(lt_index[i]);
    if (idx < prios.size()) prios[idx] = lt::download_priority_t(prio[i]);
  }
  t.h.prioritize_files(prios);
}

void set_piece_priority(const Torrent &t, std::int32_t piece, std::uint8_t prio) {
  t.h.piece_priority(lt::piece_index_t(piece), lt::download_priority_t(prio));
}

// ---- inspection ------------------------------------------------------------

rust::Vec<std::uint8_t> piece_bitfield(const Torrent &t) {
  lt::torrent_status st = t.h.status(lt::torrent_handle::query_pieces);
  rust::Vec<std::uint8_t> out;
  int n = st.pieces.size();
  out.reserve(static_cast<std::size_t>((n + 7) / 8));
  for (int i = 0; i < n; i += 8) {
    std::uint8_t byte = 0;
    for (int b = 0; b < 8 && i + b < n; b++)
      if (st.pieces.get_bit(lt::piece_index_t(i + b))) byte |= static_cast<std::uint8_t>(0x80 >> b);
    out.push_back(byte);
  }
  return out;
}

// Counted from the connected peers' own bitfields: libtorrent's piece
// picker keeps peers that sent have-all out of its per-piece counts.
rust::Vec<std::int32_t> piece_availability(const Torrent &t) {
  rust::Vec<std::int32_t> out;
  auto ti = t.h.torrent_file();
  if (!ti) return out;
  int n = ti->num_pieces();
  std::vector<std::int32_t> avail(static_cast<std::size_t>(n), 0);
  std::vector<lt::peer_info> peers;
  t.h.get_peer_info(peers);
  for (auto const &p : peers) {
    bool seed = bool(p.flags & lt::peer_info::seed);
    for (int i = 0; i < n; i++)
      if (seed || (i < p.pieces.size() && p.pieces.get_bit(lt::piece_index_t(i)))) avail[static_cast<std::size_t>(i)]++;
  }
  out.reserve(avail.size());
  for (int v : avail) out.push_back(v);
  return out;
}

void peer_list(const Torrent &t, rust::Vec<PeerData> &out) {
  std::vector<lt::peer_info> peers;
  t.h.get_peer_info(peers);
  for (auto const &p : peers) {
    PeerData d;
    d.endpoint = lossy(endpoint_text(p.ip.address(), p.ip.port()));
    d.client = lossy(p.client);
    d.down_rate = p.payload_down_speed;
    d.up_rate = p.payload_up_speed;
    d.progress = p.progress_ppm / 1000000.0;
    d.flags = static_cast<std::uint32_t>(p.flags);
    out.push_back(std::move(d));
  }
}

void file_list(const Torrent &t, rust::Vec<FileData> &out) {
  auto ti = t.h.torrent_file();
  if (!ti) return;  // no metadata: an empty list
  auto const &fs = ti->files();
  std::vector<std::int64_t> progress;
  t.h.file_progress(progress, lt::torrent_handle::piece_granularity);
  auto prios = t.h.get_file_priorities();
  for (auto i : fs.file_range()) {
    if (fs.pad_file_at(i)) continue;
    FileData d;
    d.path = lossy(fs.file_path(i));
    d.size = fs.file_size(i);
    auto k = static_cast<std::size_t>(static_cast<int>(i));
    d.progress = k < progress.size() ? progress[k] : 0;
    d.priority = k < prios.size() ? static_cast<std::uint8_t>(prios[k]) : 0;
    out.push_back(std::move(d));
  }
}

void tracker_list(const Torrent &t, rust::Vec<TrackerData> &out) {
  for (auto const &ae : t.h.trackers()) {
    TrackerData d;
    d.url = lossy(ae.url);
    d.tier = ae.tier;
    d.verified = ae.verified;
    d.source = ae.source;
    out.push_back(std::move(d));
  }
}

void add_tracker(const Torrent &t, rust::Str url, std::int32_t tier) {
  lt::announce_entry ae(str(url));
  ae.tier = static_cast<std::uint8_t>(tier);
  t.h.add_tracker(ae);
}

rust::Vec<rust::String> url_seeds(const Torrent &t) {
  rust::Vec<rust::String> out;
  for (auto const &u : t.h.url_seeds()) out.push_back(lossy(u));
  return out;
}

void add_url_seed(const Torrent &t, rust::Str url) { t.h.add_url_seed(str(url)); }
void remove_url_seed(const Torrent &t, rust::Str url) { t.h.remove_url_seed(str(url)); }

// ---- IP filter, DHT, BEP 44 ---------------------------------------------------

void ip_filter_add(const Session &s, rust::Str first, rust::Str last, bool block) {
  lt::error_code ec;
  auto a = lt::make_address(str(first), ec);
  if (ec) bad_arg("bad IP address '" + str(first) + "'");
  auto b = lt::make_address(str(last), ec);
  if (ec) bad_arg("bad IP address '" + str(last) + "'");
  if (a.is_v4() != b.is_v4()) bad_arg("an IP range must not mix IPv4 and IPv6");
  if (b < a) bad_arg("the range's first address is above its last");
  auto &ses = const_cast<lt::session &>(s.ses);
  lt::ip_filter f = ses.get_ip_filter();
  f.add_rule(a, b, block ? lt::ip_filter::blocked : 0);
  ses.set_ip_filter(std::move(f));
}

void ip_filter_clear(const Session &s) { const_cast<lt::session &>(s.ses).set_ip_filter(lt::ip_filter()); }

void post_dht_stats(const Session &s) {
  auto &ses = const_cast<lt::session &>(s.ses);
  ses.post_dht_stats();
  ses.post_session_stats();
}

void dht_add_node(const Session &s, rust::Str host, std::int32_t port) {
  const_cast<lt::session &>(s.ses).add_dht_node({str(host), port});
}

void dht_announce(const Session &s, rust::Slice<const std::uint8_t> hash, std::int32_t port) {
  lt::sha1_hash ih(reinterpret_cast<char const *>(hash.data()));
  const_cast<lt::session &>(s.ses).dht_announce(ih, port, port == 0 ? lt::dht::announce::implied_port : lt::dht::announce_flags_t{});
}

rust::Vec<std::uint8_t> dht_save_state(const Session &s) {
  lt::session_params p = s.ses.session_state(lt::session::save_dht_state);
  std::vector<char> buf = lt::write_session_params_buf(p, lt::session::save_dht_state);
  rust::Vec<std::uint8_t> out;
  out.reserve(buf.size());
  for (char c : buf) out.push_back(static_cast<std::uint8_t>(c));
  return out;
}

void dht_load_state(const Session &s, rust::Slice<const std::uint8_t> data) {
  lt::error_code ec;
  lt::bdecode_node n = lt::bdecode(
      lt::span<char const>(reinterpret_cast<char const *>(data.data()), static_cast<std::ptrdiff_t>(data.size())), ec);
  if (ec || n.type() != lt::bdecode_node::dict_t) bad_arg("bad DHT state: not a bencoded dictionary");
  lt::session_params p = lt::read_session_params(n, lt::session::save_dht_state);
  const_cast<lt::session &>(s.ses).set_dht_state(std::move(p.dht_state));
}

void dht_keypair(rust::Slice<const std::uint8_t> seed, KeyPair &out) {
  std::array<char, 32> sd;
  if (seed.size() == 32) std::copy(seed.begin(), seed.end(), sd.begin());
  else sd = lt::dht::ed25519_create_seed();
  lt::dht::public_key pk;
  lt::dht::secret_key sk;
  std::tie(pk, sk) = lt::dht::ed25519_create_keypair(sd);
  copy_bytes(pk.bytes, out.public_key);
  copy_bytes(sk.bytes, out.secret_key);
  copy_bytes(sd, out.seed);
}

rust::Vec<std::uint8_t> dht_put_immutable(const Session &s, rust::Slice<const std::uint8_t> data) {
  lt::entry e(std::string(reinterpret_cast<char const *>(data.data()), data.size()));
  lt::sha1_hash target = const_cast<lt::session &>(s.ses).dht_put_item(std::move(e));
  rust::Vec<std::uint8_t> out;
  for (char c : target) out.push_back(static_cast<std::uint8_t>(c));
  return out;
}

void dht_get_immutable(const Session &s, rust::Slice<const std::uint8_t> target) {
  const_cast<lt::session &>(s.ses).dht_get_item(lt::sha1_hash(reinterpret_cast<char const *>(target.data())));
}

void dht_put_mutable(const Session &s, rust::Slice<const std::uint8_t> pk_bytes,
                     rust::Slice<const std::uint8_t> sk_bytes, rust::Slice<const std::uint8_t> salt_bytes,
                     rust::Slice<const std::uint8_t> data) {
  lt::dht::public_key pk(reinterpret_cast<char const *>(pk_bytes.data()));
  lt::dht::secret_key sk(reinterpret_cast<char const *>(sk_bytes.data()));
  // refuse a key pair that does not belong together: peers would drop the item
  char const probe[] = "torrentxt";
  auto sig = lt::dht::ed25519_sign({probe, sizeof probe}, pk, sk);
  if (!lt::dht::ed25519_verify(sig, {probe, sizeof probe}, pk))
    bad_arg("the secret key does not belong to the public key");
  std::string salt(reinterpret_cast<char const *>(salt_bytes.data()), salt_bytes.size());
  std::string value(reinterpret_cast<char const *>(data.data()), data.size());
  std::array<char, 32> key;
  std::copy(pk.bytes.begin(), pk.bytes.end(), key.begin());
  // Runs on libtorrent's network thread: pure C++, no host code. It bumps
  // the sequence number past whatever the DHT holds and signs the new value.
  auto sign = [value, pk, sk](lt::entry &e, std::array<char, 64> &sig_out, std::int64_t &seq,
                              std::string const &salt_in) {
    e = value;
    std::vector<char> buf;
    lt::bencode(std::back_inserter(buf), e);
    ++seq;
    lt::dht::signature sig = lt::dht::sign_mutable_item(buf, salt_in, lt::dht::sequence_number(seq), pk, sk);
    sig_out = sig.bytes;
  };
  const_cast<lt::session &>(s.ses).dht_put_item(key, sign, salt);
}

void dht_get_mutable(const Session &s, rust::Slice<const std::uint8_t> pk, rust::Slice<const std::uint8_t> salt) {
  std::array<char, 32> key;
  std::copy(pk.begin(), pk.end(), key.begin());
  const_cast<lt::session &>(s.ses).dht_get_item(
      key, std::string(reinterpret_cast<char const *>(salt.data()), salt.size()));
}

void selftest_throw(std::int32_t kind) {
  if (kind == 1) throw std::runtime_error("selftest: std::runtime_error from C++");
  if (kind == 2) throw 42;
}

}  // namespace btx
