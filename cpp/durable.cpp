// durable.cpp - what a durable session (src/durable.rs) needs from
// libtorrent: params as resume data, async adds, conditional saves.
#include "torrentxt/cpp/common.h"

#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/hex.hpp>
#include <libtorrent/read_resume_data.hpp>
#include <libtorrent/session.hpp>
#include <libtorrent/torrent_info.hpp>
#include <libtorrent/write_resume_data.hpp>

namespace btx {

rust::Vec<std::uint8_t> params_resume(const AddParams &p) {
  std::vector<char> buf = lt::write_resume_data_buf(p.p);
  rust::Vec<std::uint8_t> out;
  out.reserve(buf.size());
  for (char c : buf) out.push_back(static_cast<std::uint8_t>(c));
  return out;
}

namespace {
template <typename Digest>
std::string hex_of(Digest const &d) {
  static char const digits[] = "0123456789abcdef";
  std::string out;
  for (auto c : d) {
    auto b = static_cast<unsigned char>(c);
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}
}  // namespace

// The store's key of a torrent: its v1 info-hash in hex, else its v2 one.
rust::String params_key(const AddParams &p) {
  lt::info_hash_t ih = p.p.ti ? p.p.ti->info_hashes() : p.p.info_hashes;
  if (ih.has_v1()) return rust::String(hex_of(ih.v1));
  if (ih.has_v2()) return rust::String(hex_of(ih.v2));
  bad_arg("the torrent has no info-hash");
}

void async_add(const Session &s, std::unique_ptr<AddParams> p, std::int32_t tag) {
  if (!p) bad_arg("no torrent to add");
  lt::add_torrent_params &atp = p->p;
  if (atp.save_path.empty()) bad_arg("resume data has no save path");
  atp.userdata = make_tag(tag);
  atp.flags |= lt::torrent_flags::update_subscribe | lt::torrent_flags::duplicate_is_error;
  // the fields the provisional status needs that the alert will not bring back
  lt::add_torrent_params given;
  given.have_pieces = atp.have_pieces;
  given.added_time = atp.added_time;
  given.completed_time = atp.completed_time;
  given.total_downloaded = atp.total_downloaded;
  given.total_uploaded = atp.total_uploaded;
  {
    std::lock_guard<std::mutex> g(s.async_m);
    s.async_pending.insert(tag);
    s.async_given[tag] = std::move(given);
  }
  s.ses.async_add_torrent(std::move(atp));
}

std::unique_ptr<Torrent> take_added(const Session &s, std::int32_t tag) {
  std::lock_guard<std::mutex> g(s.async_m);
  s.async_pending.erase(tag);
  s.async_given.erase(tag);
  auto it = s.async_added.find(tag);
  if (it == s.async_added.end()) {
    s.async_status.erase(tag);
    return nullptr;
  }
  auto t = std::make_unique<Torrent>(std::move(it->second));
  s.async_added.erase(it);
  return t;
}

bool take_provisional(const Session &s, std::int32_t tag, StatusData &out) {
  std::lock_guard<std::mutex> g(s.async_m);
  auto it = s.async_status.find(tag);
  if (it == s.async_status.end()) return false;
  copy_status(it->second, out);
  s.async_status.erase(it);
  return true;
}

std::int32_t resume_not_modified_code() { return lt::errors::resume_data_not_modified; }

void save_resume_flags(const Torrent &t, bool if_modified) {
  auto flags = lt::torrent_handle::save_info_dict;
  if (if_modified) flags |= lt::torrent_handle::only_if_modified;
  t.h.save_resume_data(flags);
}

}  // namespace btx
