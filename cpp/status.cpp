// status.cpp - torrent_status, copied field by field (status cache and sync reads).
#include "torrentxt/cpp/common.h"

#include <libtorrent/torrent_handle.hpp>

namespace btx {

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

void torrent_status(const Torrent &t, StatusData &out) {
  copy_status(t.h.status(kStatusQuery), out);
}

}  // namespace btx
