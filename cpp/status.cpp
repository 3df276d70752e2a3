// status.cpp - torrent_status, copied field by field (status cache and sync reads).
#include "torrentxt/cpp/common.h"

#include <libtorrent/session.hpp>
#include <libtorrent/torrent_handle.hpp>

#include <sys/statvfs.h>

#include <chrono>
#include <unordered_set>

namespace btx {

std::string disk_error_text(lt::error_code const &ec, std::string const &path) {
  std::string text = ec.message();
  bool vague = ec == boost::system::errc::bad_address || ec == boost::system::errc::io_error;
  if (!vague || path.empty()) return text;
  // the nearest existing folder on the way to `path`
  std::string dir = path;
  struct statvfs fs;
  for (int up = 0; statvfs(dir.c_str(), &fs) != 0; up++) {
    auto slash = dir.find_last_of('/');
    if (slash == std::string::npos || dir == "/" || up > 64) return text;
    dir = slash == 0 ? std::string("/") : dir.substr(0, slash);
  }
  // a filesystem with less than one 16 KiB block free cannot take a block
  if (static_cast<unsigned long long>(fs.f_bavail) * fs.f_frsize < 16384)
    return "No space left on device (the filesystem holding " + dir + " is full; libtorrent reported: " + text + ")";
  return text;
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
  o.error = st.errc ? lossy(disk_error_text(st.errc, st.save_path)) : rust::String();
  o.added_time = st.added_time;
  o.completed_time = st.completed_time;
  o.num_connections = st.num_connections;
  o.flags = static_cast<std::uint64_t>(st.flags);

  o.total_download = st.total_download;
  o.total_upload = st.total_upload;
  o.total_payload_download = st.total_payload_download;
  o.total_payload_upload = st.total_payload_upload;
  o.total_failed_bytes = st.total_failed_bytes;
  o.total_redundant_bytes = st.total_redundant_bytes;
  o.total = st.total;
  o.last_seen_complete = st.last_seen_complete;
  o.storage_mode = static_cast<int>(st.storage_mode);
  o.progress_ppm = st.progress_ppm;
  o.queue_position = static_cast<int>(st.queue_position);
  o.download_protocol_rate = st.download_rate;
  o.upload_protocol_rate = st.upload_rate;
  o.list_seeds = st.list_seeds;
  o.list_peers = st.list_peers;
  o.connect_candidates = st.connect_candidates;
  o.num_have = st.num_pieces;
  o.distributed_full_copies = st.distributed_full_copies;
  o.distributed_fraction = st.distributed_fraction;
  o.distributed_copies = st.distributed_copies;
  o.block_size = st.block_size;
  o.num_uploads = st.num_uploads;
  o.uploads_limit = st.uploads_limit;
  o.connections_limit = st.connections_limit;
  o.up_bandwidth_queue = st.up_bandwidth_queue;
  o.down_bandwidth_queue = st.down_bandwidth_queue;
  o.seed_rank = st.seed_rank;
  o.need_save_resume = bool(st.flags & lt::torrent_flags::need_save_resume) || st.need_save_resume;
  o.has_metadata = st.has_metadata;
  o.has_incoming = st.has_incoming;
  o.moving_storage = st.moving_storage;
  o.announcing_to_trackers = st.announcing_to_trackers;
  o.announcing_to_lsd = st.announcing_to_lsd;
  o.announcing_to_dht = st.announcing_to_dht;
  o.current_tracker = lossy(st.current_tracker);
  o.next_announce = std::chrono::duration_cast<std::chrono::seconds>(st.next_announce).count();
  // libtorrent's clock to unix time; a default time_point means "never"
  auto now_lt = lt::clock_type::now();
  auto now_unix = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
  auto unix_of = [&](lt::time_point t) -> std::int64_t {
    if (t == lt::time_point{}) return 0;
    return now_unix - std::chrono::duration_cast<std::chrono::seconds>(now_lt - t).count();
  };
  o.last_upload = unix_of(st.last_upload);
  o.last_download = unix_of(st.last_download);
  o.active_duration = st.active_duration.count();
  o.finished_duration = st.finished_duration.count();
  o.seeding_duration = st.seeding_duration.count();
  o.error_file = static_cast<int>(st.error_file);
  o.error_code = st.errc.value();
  o.error_category = st.errc ? lossy(st.errc.category().name()) : rust::String();
}

void torrent_status(const Torrent &t, StatusData &out) {
  copy_status(t.h.status(kStatusQuery), out);
}

void statuses_of(const Session &s, rust::Slice<const std::uint32_t> ids, rust::Vec<StatusData> &out) {
  std::unordered_set<std::uint32_t> want(ids.begin(), ids.end());
  std::vector<lt::torrent_status> got;
  s.ses.get_torrent_status(&got, [&want](lt::torrent_status const &st) { return want.count(st.handle.id()) > 0; },
                           kStatusQuery);
  for (auto const &st : got) {
    StatusData o;
    copy_status(st, o);
    out.push_back(std::move(o));
  }
}

}  // namespace btx
