// metainfo.cpp - turning untrusted bytes (.torrent files, magnet links,
// resume data) into add_torrent_params, in the caller's thread and under no
// session lock. Documented limits (src/limits.rs) are checked on the decoded
// structure in linear time before libtorrent builds its own file list,
// because libtorrent resolves duplicate file names in quadratic time.
#include "torrentxt/cpp/common.h"

#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/bdecode.hpp>
#include <libtorrent/magnet_uri.hpp>
#include <libtorrent/read_resume_data.hpp>

#include <string>
#include <unordered_set>

namespace btx {
namespace {

[[noreturn]] void over_limit(std::string const &msg) { throw std::length_error("[lim] " + msg); }

std::string at_offset(int pos) { return pos >= 0 ? " at byte " + std::to_string(pos) : std::string(); }

lt::bdecode_node decode(rust::Slice<const std::uint8_t> data, Limits const &lim, char const *what) {
  if (data.size() > lim.input_bytes)
    over_limit(std::string(what) + " is " + std::to_string(data.size()) + " bytes; the limit is " +
               std::to_string(lim.input_bytes));
  lt::error_code ec;
  int pos = -1;
  lt::bdecode_node n = lt::bdecode(span_of(data), ec, &pos, 100, static_cast<int>(lim.decode_tokens));
  if (ec) bad_arg(std::string("bad ") + what + ": " + ec.message() + at_offset(pos));
  if (n.type() != lt::bdecode_node::dict_t) bad_arg(std::string("bad ") + what + ": not a bencoded dictionary");
  return n;
}

// Counts files and path collisions (a path equal to an earlier file's, or to
// a directory another file sits in) the way libtorrent would meet them.
struct FileScan {
  Limits const &lim;
  std::unordered_set<std::string> files, dirs;
  std::uint64_t count = 0, collisions = 0, path_bytes = 0;

  void file(std::string path) {
    if (++count > lim.files)
      over_limit("the torrent lists more than " + std::to_string(lim.files) + " files");
    path_bytes += path.size();
    if (path_bytes > lim.path_bytes)
      over_limit("the torrent's file names add up to more than " + std::to_string(lim.path_bytes) + " bytes");
    bool clash = dirs.count(path) > 0 || !files.insert(path).second;
    for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
      std::string dir = path.substr(0, slash);
      if (files.count(dir)) clash = true;
      dirs.insert(std::move(dir));
    }
    if (clash && ++collisions > lim.duplicate_paths)
      over_limit("the torrent has more than " + std::to_string(lim.duplicate_paths) +
                 " files whose paths collide (libtorrent renames them in quadratic time)");
  }

  // a BitTorrent v2 "file tree": nested dictionaries, a file is a key ""
  void tree(lt::bdecode_node const &node, std::string const &prefix, int depth) {
    if (depth > 64) bad_arg("bad .torrent: its file tree is nested too deeply");
    for (int i = 0; i < node.dict_size(); i++) {
      auto kv = node.dict_at_node(i);
      std::string key(kv.first.string_value());
      if (kv.second.type() != lt::bdecode_node::dict_t) continue;
      if (key.empty()) file(prefix);
      else tree(kv.second, prefix.empty() ? key : prefix + "/" + key, depth + 1);
    }
  }
};

void check_info(lt::bdecode_node const &info, Limits const &lim) {
  if (info.type() != lt::bdecode_node::dict_t) return;  // libtorrent reports it
  FileScan scan{lim, {}, {}};
  std::string name(info.dict_find_string_value("name"));
  auto files = info.dict_find_list("files");
  for (int i = 0; files && i < files.list_size(); i++) {
    auto f = files.list_at(i);
    auto path = f.dict_find_list("path.utf-8");
    if (!path) path = f.dict_find_list("path");
    std::string p = name;
    for (int j = 0; path && j < path.list_size(); j++) {
      p += '/';
      p += std::string(path.list_string_value_at(j));
    }
    scan.file(std::move(p));
  }
  auto tree = info.dict_find_dict("file tree");
  if (tree && !files) {
    FileScan v2{lim, {}, {}};
    v2.tree(tree, name, 0);
  }
  auto pieces = info.dict_find_string("pieces");
  if (pieces && static_cast<std::uint64_t>(pieces.string_length() / 20) > lim.pieces)
    over_limit("the torrent has more than " + std::to_string(lim.pieces) + " pieces");
}

std::uint64_t tracker_count(lt::bdecode_node const &announce_list) {
  std::uint64_t n = 0;
  for (int i = 0; announce_list && i < announce_list.list_size(); i++) {
    auto tier = announce_list.list_at(i);
    n += tier.type() == lt::bdecode_node::list_t ? static_cast<std::uint64_t>(tier.list_size()) : 1;
  }
  return n;
}

void check_counts(std::uint64_t trackers, std::uint64_t web_seeds, std::uint64_t peers, Limits const &lim,
                  char const *what) {
  if (trackers > lim.trackers)
    over_limit(std::string(what) + " lists " + std::to_string(trackers) + " trackers; the limit is " +
               std::to_string(lim.trackers));
  if (web_seeds > lim.web_seeds)
    over_limit(std::string(what) + " lists " + std::to_string(web_seeds) + " web seeds; the limit is " +
               std::to_string(lim.web_seeds));
  if (peers > lim.peers)
    over_limit(std::string(what) + " lists " + std::to_string(peers) + " peers; the limit is " +
               std::to_string(lim.peers));
}

bool has_nul(std::string const &s) { return s.find('\0') != std::string::npos; }

// A renamed file's path (resume data's mapped_files) stays inside the save
// path: relative, with no ".." step. libtorrent takes them as given, so
// forged resume data could otherwise create, write and delete files
// anywhere the process may.
bool escapes(std::string const &path) {
  if (path.empty() || path[0] == '/' || path[0] == '\\' || has_nul(path)) return true;
  if (path.size() > 1 && path[1] == ':') return true;  // a drive letter
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find_first_of("/\\", start);
    if (end == std::string::npos) end = path.size();
    if (path.compare(start, end - start, "..") == 0) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::unique_ptr<AddParams> parse_torrent(rust::Slice<const std::uint8_t> data, Limits const &lim) {
  lt::bdecode_node root = decode(data, lim, ".torrent data");
  check_info(root.dict_find_dict("info"), lim);
  auto urls = root.dict_find_list("url-list");
  check_counts(tracker_count(root.dict_find_list("announce-list")), urls ? urls.list_size() : 0, 0, lim,
               "the .torrent");
  lt::error_code ec;
  auto ti = std::make_shared<lt::torrent_info>(root, ec);
  if (ec) bad_arg("bad .torrent data: " + ec.message());
  auto out = std::make_unique<AddParams>();
  out->p.ti = std::move(ti);
  return out;
}

std::unique_ptr<AddParams> parse_magnet(rust::Str uri, Limits const &lim) {
  std::string u = str(uri);
  if (u.size() > lim.input_bytes) over_limit("the magnet link is longer than " + std::to_string(lim.input_bytes) + " bytes");
  // count before parsing, so a hostile link costs a scan, not a parse
  auto count = [&](char const *key) {
    std::uint64_t n = 0;
    for (std::size_t at = u.find(key); at != std::string::npos; at = u.find(key, at + 1))
      if (at > 0 && (u[at - 1] == '?' || u[at - 1] == '&')) n++;
    return n;
  };
  check_counts(count("tr="), count("ws="), count("x.pe="), lim, "the magnet link");
  lt::error_code ec;
  auto out = std::make_unique<AddParams>();
  lt::parse_magnet_uri(u, out->p, ec);
  if (ec) bad_arg("bad magnet URI: " + ec.message());
  // %00 decodes to a NUL, which would cut the name short in every C host
  if (has_nul(out->p.name)) bad_arg("bad magnet URI: the display name (dn) contains a NUL byte (%00)");
  for (auto const &t : out->p.trackers)
    if (has_nul(t)) bad_arg("bad magnet URI: a tracker (tr) contains a NUL byte (%00)");
  for (auto const &w : out->p.url_seeds)
    if (has_nul(w)) bad_arg("bad magnet URI: a web seed (ws) contains a NUL byte (%00)");
  check_counts(out->p.trackers.size(), out->p.url_seeds.size(), out->p.peers.size(), lim, "the magnet link");
  return out;
}

std::unique_ptr<AddParams> parse_resume(rust::Slice<const std::uint8_t> data, Limits const &lim) {
  lt::bdecode_node root = decode(data, lim, "resume data");
  check_info(root.dict_find_dict("info"), lim);
  auto urls = root.dict_find_list("url-list");
  auto peers = root.dict_find_string("peers");
  check_counts(tracker_count(root.dict_find_list("trackers")), urls ? urls.list_size() : 0,
               peers ? static_cast<std::uint64_t>(peers.string_length() / 6) : 0, lim, "the resume data");
  lt::error_code ec;
  auto out = std::make_unique<AddParams>();
  out->p = lt::read_resume_data(root, ec);
  if (ec) bad_arg("bad resume data: " + ec.message());
  if (!out->p.ti && !out->p.info_hashes.has_v1() && !out->p.info_hashes.has_v2())
    bad_arg("bad resume data: it names no torrent");
  for (auto const &f : out->p.renamed_files)
    if (escapes(f.second))
      bad_arg("bad resume data: file " + std::to_string(static_cast<int>(f.first)) + " is renamed to '" + f.second +
              "', outside the save path (absolute, or with a .. step)");
  return out;
}

}  // namespace btx
