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
    d.index = static_cast<int>(x->socket_type);
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
    d.kind = AlertKind::FileCompleted;
    d.index = static_cast<int>(x->index);
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
  } else if (auto *x = lt::alert_cast<lt::scrape_reply_alert>(a)) {
    d.kind = AlertKind::ScrapeReply;
    d.tracker = lossy(x->tracker_url());
    d.complete = x->complete;
    d.incomplete = x->incomplete;
    d.num_peers = x->complete + x->incomplete;
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

void selftest_throw(std::int32_t kind) {
  if (kind == 1) throw std::runtime_error("selftest: std::runtime_error from C++");
  if (kind == 2) throw 42;
}

}  // namespace btx
