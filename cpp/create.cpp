// create.cpp - creating a .torrent with every option libtorrent has, with a
// progress callback that can cancel. The options are decoded and checked in
// Rust (src/create.rs); this is calls and field copies.
#include "torrentxt/cpp/common.h"

#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>

#include <system_error>

namespace btx {
namespace {
// Thrown out of set_piece_hashes' callback to stop it; libtorrent's
// disk_aborter joins its hashing threads while the stack unwinds.
struct Cancelled {};

std::string leaf_of(std::string const &p) {
  auto slash = p.find_last_of('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}
}  // namespace

rust::Vec<std::uint8_t> create_with(const CreateOptions &o, const CreateJob &job,
                                    rust::Fn<bool(const CreateJob &, std::int32_t, std::int32_t)> progress) {
  std::string const path(o.path);
  auto const flags = lt::create_flags_t(o.flags);
  lt::file_storage fs;
  bool root = true;  // the first path the predicate sees is the content itself
  bool const skip_dot = o.skip_dot_files;
  lt::add_files(fs, path, [&root, skip_dot](std::string const &p) {
    bool const is_root = root;
    root = false;
    if (!skip_dot || is_root) return true;
    std::string const leaf = leaf_of(p);
    return leaf.empty() || leaf[0] != '.';
  }, flags);
  if (fs.num_files() == 0) bad_arg("no files found at '" + path + "'");
  if (fs.total_size() == 0) bad_arg("the files at '" + path + "' are all empty; a torrent needs content");
  lt::create_torrent ct(fs, o.piece_size, flags);
  for (std::size_t i = 0; i < o.trackers.size(); i++)
    ct.add_tracker(std::string(o.trackers[i]), i < o.tiers.size() ? o.tiers[i] : 0);
  for (auto const &u : o.web_seeds) ct.add_url_seed(std::string(u));
  for (std::size_t i = 0; i < o.node_hosts.size() && i < o.node_ports.size(); i++)
    ct.add_node({std::string(o.node_hosts[i]), o.node_ports[i]});
  ct.set_priv(o.is_private);
  if (!o.comment.empty()) ct.set_comment(std::string(o.comment).c_str());
  if (!o.creator.empty()) ct.set_creator(std::string(o.creator).c_str());
  ct.set_creation_date(static_cast<std::time_t>(o.creation_date));  // 0 leaves it out
  std::int32_t const total = ct.num_pieces();
  lt::error_code ec;
  try {
    lt::set_piece_hashes(ct, std::string(o.parent), [&](lt::piece_index_t i) {
      if (!progress(job, static_cast<std::int32_t>(i) + 1, total)) throw Cancelled{};
    }, ec);
  } catch (Cancelled const &) {
    failed("cancelled");
  }
  if (ec) failed("hashing '" + path + "' failed: " + ec.message());
  std::vector<char> buf;
  try {
    lt::bencode(std::back_inserter(buf), ct.generate());
  } catch (std::system_error const &e) {
    failed(std::string("libtorrent could not make the torrent: ") + e.what());
  }
  return to_vec(buf);
}

}  // namespace btx
