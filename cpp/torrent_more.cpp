// torrent_more.cpp - per-torrent calls beyond v8: renames, per-file
// progress, the download queue, full peer info, limits, piece priorities.
#include "torrentxt/cpp/common.h"

#include <libtorrent/peer_info.hpp>
#include <libtorrent/torrent_handle.hpp>

namespace btx {

void rename_file(const Torrent &t, std::int32_t lt_index, rust::Str name) {
  t.h.rename_file(lt::file_index_t(lt_index), str(name));
}

void file_list_with(const Torrent &t, bool piece_granularity, rust::Vec<FileData> &out) {
  auto ti = t.h.torrent_file();
  if (!ti) return;  // no metadata: an empty list
  auto const &fs = ti->files();
  std::vector<std::int64_t> progress;
  t.h.file_progress(progress, piece_granularity ? lt::torrent_handle::piece_granularity : lt::file_progress_flags_t{});
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

// The blocks of libtorrent's answer point into one buffer per session that
// the next get_download_queue of the session overwrites; the Rust caller
// serialises these calls and this copies the blocks out before returning.
void download_queue(const Torrent &t, rust::Vec<PartialPiece> &out) {
  std::vector<lt::partial_piece_info> q;
  t.h.get_download_queue(q);
  for (auto const &pi : q) {
    PartialPiece d;
    d.piece = static_cast<std::int32_t>(pi.piece_index);
    d.blocks_in_piece = pi.blocks_in_piece;
    d.finished = pi.finished;
    d.writing = pi.writing;
    d.requested = pi.requested;
    for (int b = 0; pi.blocks && b < pi.blocks_in_piece; b++) {
      lt::block_info const &bi = pi.blocks[b];
      d.states.push_back(static_cast<std::uint8_t>(bi.state));
      if (bi.state == lt::block_info::finished || bi.state == lt::block_info::writing) d.bytes_done += bi.block_size;
      else if (bi.state == lt::block_info::requested) d.bytes_done += bi.bytes_progress;
    }
    out.push_back(std::move(d));
  }
}

void peer_info(const Torrent &t, rust::Vec<PeerInfoData> &out) {
  std::vector<lt::peer_info> peers;
  t.h.get_peer_info(peers);
  for (auto const &p : peers) {
    PeerInfoData d;
    d.endpoint = lossy(endpoint_text(p.ip.address(), p.ip.port()));
    d.local_endpoint = lossy(endpoint_text(p.local_endpoint.address(), p.local_endpoint.port()));
    d.client = lossy(p.client);
    std::copy(p.pid.begin(), p.pid.end(), d.peer_id.begin());
    d.flags = static_cast<std::uint32_t>(p.flags);
    d.source = static_cast<std::uint8_t>(p.source);
    d.connection_type = static_cast<std::uint8_t>(p.connection_type);
    d.down_rate = p.payload_down_speed;
    d.up_rate = p.payload_up_speed;
    d.down_protocol_rate = p.down_speed;
    d.up_protocol_rate = p.up_speed;
    d.progress = p.progress_ppm / 1000000.0;
    d.total_download = p.total_download;
    d.total_upload = p.total_upload;
    d.download_queue = p.download_queue_length;
    d.upload_queue = p.upload_queue_length;
    d.rtt = p.rtt;
    d.pieces_have = p.num_pieces;
    d.queue_bytes = p.queue_bytes;
    out.push_back(std::move(d));
  }
}

void torrent_limits(const Torrent &t, LimitsData &out) {
  out.download = t.h.download_limit();
  out.upload = t.h.upload_limit();
  out.connections = t.h.max_connections();
  out.uploads = t.h.max_uploads();
}

rust::Vec<std::uint8_t> piece_priorities(const Torrent &t) {
  rust::Vec<std::uint8_t> out;
  if (!t.h.torrent_file()) return out;
  for (auto p : t.h.get_piece_priorities()) out.push_back(static_cast<std::uint8_t>(p));
  return out;
}

// The first prios.size() pieces (checked against the piece count in Rust).
void set_piece_priorities(const Torrent &t, rust::Slice<const std::uint8_t> prios) {
  std::vector<std::pair<lt::piece_index_t, lt::download_priority_t>> v;
  v.reserve(prios.size());
  for (std::size_t i = 0; i < prios.size(); i++)
    v.emplace_back(lt::piece_index_t(static_cast<int>(i)), lt::download_priority_t(prios[i]));
  t.h.prioritize_pieces(v);
}

}  // namespace btx
