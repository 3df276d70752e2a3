// add.cpp - adding, removing, finding and creating torrents.
#include "torrentxt/cpp/common.h"

#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>
#include <libtorrent/session.hpp>
#include <libtorrent/write_resume_data.hpp>

#include <limits>

namespace btx {

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
  lt::torrent_handle h = s.ses.add_torrent(std::move(atp), ec);
  if (ec == lt::errors::duplicate_torrent) bad_arg("the torrent is already in this session (btx_find_torrent names it)");
  if (ec) failed("add failed: " + ec.message());
  return std::make_unique<Torrent>(std::move(h));
}
}  // namespace

// Adds parsed params (metainfo.cpp) with the host's options, decoded and
// checked in Rust (src/add_options.rs). An empty save path keeps the
// params' own (resume data carries one).
namespace {
void apply_options(lt::add_torrent_params &atp, const AddOptions &o) {
  if (!o.save_path.empty()) atp.save_path = std::string(o.save_path);
  if (atp.save_path.empty()) bad_arg("resume data has no save path; pass one");
  if (!o.name.empty()) atp.name = std::string(o.name);
  if (!o.trackers.empty()) {
    // tracker_tiers parallels trackers; the params' own keep theirs (or 0)
    atp.tracker_tiers.resize(atp.trackers.size(), 0);
    for (std::size_t i = 0; i < o.trackers.size(); i++) {
      atp.trackers.emplace_back(std::string(o.trackers[i]));
      atp.tracker_tiers.push_back(i < o.tiers.size() ? o.tiers[i] : 0);
    }
  }
  for (std::size_t i = 0; i < o.peer_ips.size() && i < o.peer_ports.size(); i++) {
    lt::error_code ec;
    auto addr = lt::make_address(std::string(o.peer_ips[i]), ec);
    if (ec) bad_arg("bad peer address '" + std::string(o.peer_ips[i]) + "'");
    atp.peers.emplace_back(addr, o.peer_ports[i]);
  }
  for (auto const &u : o.web_seeds) atp.url_seeds.emplace_back(std::string(u));
  if (!o.file_priorities.empty()) {
    atp.file_priorities.clear();
    for (auto prio : o.file_priorities) atp.file_priorities.push_back(lt::download_priority_t(prio));
  }
  atp.flags = apply_flags(atp.flags, o.flags, o.mask);
  constexpr std::int32_t keep = std::numeric_limits<std::int32_t>::min();
  if (o.download_limit != keep) atp.download_limit = o.download_limit;
  if (o.upload_limit != keep) atp.upload_limit = o.upload_limit;
  if (o.max_connections != keep) atp.max_connections = o.max_connections;
  if (o.max_uploads != keep) atp.max_uploads = o.max_uploads;
  if (o.storage_mode == 0) atp.storage_mode = lt::storage_mode_allocate;
  if (o.storage_mode == 1) atp.storage_mode = lt::storage_mode_sparse;
}
}  // namespace

std::unique_ptr<Torrent> add_with_options(const Session &s, std::unique_ptr<AddParams> p, const AddOptions &o,
                                          std::int32_t tag) {
  if (!p) bad_arg("no torrent to add");
  apply_options(p->p, o);
  return add(s, p->p, tag);
}

// The same, also writing the params as resume data (what a durable
// session stores before the add returns) into `resume`.
std::unique_ptr<Torrent> add_with_options_saved(const Session &s, std::unique_ptr<AddParams> p,
                                                const AddOptions &o, std::int32_t tag,
                                                rust::Vec<std::uint8_t> &resume) {
  if (!p) bad_arg("no torrent to add");
  apply_options(p->p, o);
  std::vector<char> buf = lt::write_resume_data_buf(p->p);
  resume.reserve(buf.size());
  for (char c : buf) resume.push_back(static_cast<std::uint8_t>(c));
  return add(s, p->p, tag);
}


void remove_torrent(const Session &s, const Torrent &t, bool delete_files) {
  s.ses.remove_torrent(
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

void save_resume(const Torrent &t) {
  t.h.save_resume_data(lt::torrent_handle::save_info_dict);
}

}  // namespace btx
