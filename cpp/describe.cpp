// describe.cpp - field copies out of parsed params (metainfo.cpp's output):
// what a .torrent or a magnet link says, and the counts the documented
// limits apply to. Records are written in Rust (src/metainfo.rs).
#include "torrentxt/cpp/common.h"

#include <libtorrent/announce_entry.hpp>
#include <libtorrent/file_storage.hpp>

namespace btx {

void describe_params(const AddParams &ap, MetaData &o) {
  lt::add_torrent_params const &p = ap.p;
  if (p.ti) {
    lt::torrent_info const &ti = *p.ti;
    lt::file_storage const &fs = ti.files();
    o.has_metadata = true;
    o.name = lossy(ti.name());
    copy_hashes(o, ti.info_hashes());
    o.num_pieces = ti.num_pieces();
    o.piece_length = ti.piece_length();
    o.total_size = ti.total_size();
    o.files.reserve(static_cast<std::size_t>(fs.num_files()));
    for (auto i : fs.file_range()) {
      MetaFile f;
      f.path = lossy(fs.file_path(i));
      f.size = fs.file_size(i);
      f.offset = fs.file_offset(i);
      auto flags = fs.file_flags(i);
      f.attributes = static_cast<std::uint8_t>(flags);
      if (flags & lt::file_storage::flag_symlink) f.symlink = lossy(fs.symlink(i));
      f.mtime = static_cast<std::int64_t>(fs.mtime(i));
      if (ti.v2() && !fs.pad_file_at(i) && fs.file_size(i) > 0) {
        lt::sha256_hash root = fs.root(i);
        for (char c : root) f.root.push_back(static_cast<std::uint8_t>(c));
      }
      o.files.push_back(std::move(f));
    }
    for (auto const &ae : ti.trackers()) {
      TrackerData d;
      d.url = lossy(ae.url);
      d.tier = ae.tier;
      o.trackers.push_back(std::move(d));
    }
    for (auto const &ws : ti.web_seeds())
      if (ws.type == lt::web_seed_entry::url_seed) o.web_seeds.push_back(lossy(ws.url));
    o.is_private = ti.priv();
    o.creator = lossy(ti.creator());
    o.comment = lossy(ti.comment());
    o.creation_date = static_cast<std::int64_t>(ti.creation_date());
    for (auto const &n : ti.nodes()) o.nodes.push_back(MetaNode{lossy(n.first), n.second});
  } else {
    o.name = lossy(p.name);
    copy_hashes(o, p.info_hashes);
  }
  // what the params add on top: a magnet's tr=, ws=, x.pe=, dht= and so=
  for (std::size_t i = 0; i < p.trackers.size(); i++) {
    TrackerData d;
    d.url = lossy(p.trackers[i]);
    d.tier = static_cast<std::uint8_t>(i < p.tracker_tiers.size() ? p.tracker_tiers[i] : 0);
    o.trackers.push_back(std::move(d));
  }
  for (auto const &u : p.url_seeds) o.web_seeds.push_back(lossy(u));
  for (auto const &ep : p.peers) o.peers.push_back(lossy(endpoint_text(ep.address(), ep.port())));
  for (auto const &n : p.dht_nodes) o.nodes.push_back(MetaNode{lossy(n.first), n.second});
  if (p.flags & lt::torrent_flags::default_dont_download)
    for (std::size_t i = 0; i < p.file_priorities.size(); i++)
      if (p.file_priorities[i] != lt::dont_download) o.selected.push_back(static_cast<std::int32_t>(i));
}

void params_info(const AddParams &ap, ParamsInfo &o) {
  lt::add_torrent_params const &p = ap.p;
  o.trackers = p.trackers.size();
  o.web_seeds = p.url_seeds.size();
  o.peers = p.peers.size();
  o.flags = static_cast<std::uint64_t>(p.flags);
  o.num_files = -1;
  if (p.ti) {
    o.trackers += p.ti->trackers().size();
    o.web_seeds += p.ti->web_seeds().size();
    lt::file_storage const &fs = p.ti->files();
    o.num_files = fs.num_files();
    for (auto i : fs.file_range())
      if (!fs.pad_file_at(i)) o.real_files.push_back(static_cast<std::int32_t>(i));
  }
}

}  // namespace btx
