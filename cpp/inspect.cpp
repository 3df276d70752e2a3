// inspect.cpp - inspection: pieces, peers, files, trackers, web seeds.
#include "torrentxt/cpp/common.h"

#include <libtorrent/announce_entry.hpp>
#include <libtorrent/peer_info.hpp>

namespace btx {

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

// The pieces of the file list, for the file-list cache (src/files.rs): the
// real files (pad files left out): paths, sizes and libtorrent's index of
// each; each call is one round trip to the network thread.
void file_layout(const Torrent &t, rust::Vec<FileData> &out, rust::Vec<std::int32_t> &lt_index) {
  auto ti = t.h.torrent_file();
  if (!ti) return;  // no metadata: no files
  auto const &fs = ti->files();
  for (auto i : fs.file_range()) {
    if (fs.pad_file_at(i)) continue;
    FileData d;
    d.path = lossy(fs.file_path(i));
    d.size = fs.file_size(i);
    out.push_back(std::move(d));
    lt_index.push_back(static_cast<std::int32_t>(i));
  }
}

// Every file's priority, by libtorrent's index.
rust::Vec<std::uint8_t> file_priorities_all(const Torrent &t) {
  rust::Vec<std::uint8_t> out;
  for (auto p : t.h.get_file_priorities()) out.push_back(static_cast<std::uint8_t>(p));
  return out;
}

// Every file's verified bytes (piece granularity), by libtorrent's index.
rust::Vec<std::int64_t> file_progress_all(const Torrent &t) {
  std::vector<std::int64_t> progress;
  t.h.file_progress(progress, lt::torrent_handle::piece_granularity);
  rust::Vec<std::int64_t> out;
  for (auto b : progress) out.push_back(b);
  return out;
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

}  // namespace btx
