// alerts.cpp - alerts copied into AlertData, and the pump's libtorrent calls.
#include "torrentxt/cpp/common.h"

#include <libtorrent/alert_types.hpp>
#include <libtorrent/bencode.hpp>
#include <libtorrent/session_stats.hpp>
#include <libtorrent/write_resume_data.hpp>

namespace btx {

namespace {

void set_error(AlertData &d, lt::error_code const &ec) {
  d.error_code = ec.value();
  d.error_message = rust::String::lossy(ec.message());
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

bool wait_for_alert(const Session &s, std::int32_t ms) {
  return s.ses.wait_for_alert(lt::milliseconds(ms)) != nullptr;
}

void post_torrent_updates(const Session &s) {
  s.ses.post_torrent_updates(kStatusQuery);
}

void pop_alerts(const Session &s, rust::Vec<AlertData> &alerts, rust::Vec<StatusData> &statuses) {
  std::vector<lt::alert *> batch;
  s.ses.pop_alerts(&batch);
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

}  // namespace btx
