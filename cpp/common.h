// common.h - helpers shared by the cpp/*.cpp files (not part of the bridge).
#pragma once

#include "torrentxt/cpp/bridge.h"
#include "torrentxt/src/bridge.rs.h"

#include <libtorrent/error_code.hpp>
#include <libtorrent/info_hash.hpp>
#include <libtorrent/torrent_info.hpp>
#include <libtorrent/torrent_status.hpp>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace btx {

inline std::string str(rust::Str s) { return std::string(s.data(), s.size()); }

// Errors we raise on purpose carry a marker that src/error.rs maps to a code.
[[noreturn]] inline void bad_arg(std::string const &msg) { throw std::invalid_argument("[arg] " + msg); }
[[noreturn]] inline void failed(std::string const &msg) { throw std::runtime_error("[gen] " + msg); }

// The torrent's userdata carries our handle so that alerts posted after the
// torrent object is gone (torrent_removed_alert) can still name it. The
// pointer is a tag, never dereferenced.
struct HandleTag;
inline lt::client_data_t make_tag(std::int32_t tag) {
  return lt::client_data_t(reinterpret_cast<HandleTag *>(static_cast<std::uintptr_t>(tag)));
}
inline std::int32_t read_tag(lt::client_data_t const &ud) {
  return static_cast<std::int32_t>(reinterpret_cast<std::uintptr_t>(ud.get<HandleTag>()));
}

template <typename Data>
void copy_hashes(Data &out, lt::info_hash_t const &ih) {
  out.has_v1 = ih.has_v1();
  if (out.has_v1) std::copy(ih.v1.begin(), ih.v1.end(), out.v1.begin());
  out.has_v2 = ih.has_v2();
  if (out.has_v2) std::copy(ih.v2.begin(), ih.v2.end(), out.v2.begin());
}

inline rust::String lossy(std::string const &s) { return rust::String::lossy(s); }

inline std::string endpoint_text(lt::address const &a, int port) {
  std::string ip = a.to_string();
  if (a.is_v6()) ip = "[" + ip + "]";
  return ip + ":" + std::to_string(port);
}

template <std::size_t N>
void copy_bytes(std::array<char, N> const &from, std::array<std::uint8_t, N> &to) {
  for (std::size_t i = 0; i < N; i++) to[i] = static_cast<std::uint8_t>(from[i]);
}

template <std::size_t N>
void copy_bytes(std::array<char, N> const &from, rust::Vec<std::uint8_t> &to) {
  to.reserve(N);
  for (char c : from) to.push_back(static_cast<std::uint8_t>(c));
}

inline rust::Vec<std::uint8_t> to_vec(std::vector<char> const &buf) {
  rust::Vec<std::uint8_t> out;
  out.reserve(buf.size());
  for (char c : buf) out.push_back(static_cast<std::uint8_t>(c));
  return out;
}

inline lt::span<char const> span_of(rust::Slice<const std::uint8_t> data) {
  return {reinterpret_cast<char const *>(data.data()), static_cast<std::ptrdiff_t>(data.size())};
}

// What the status cache asks libtorrent for (status.cpp, alerts.cpp).
constexpr lt::status_flags_t kStatusQuery =
    lt::torrent_handle::query_name | lt::torrent_handle::query_save_path |
    lt::torrent_handle::query_torrent_file;

void copy_status(lt::torrent_status const &st, StatusData &o);

// The text of a disk error. libtorrent's mmap storage reports a write into a
// full filesystem as "Bad address" (the page could not be backed) or as an
// I/O error; when the filesystem holding `path` has no room left, the text
// says so, with libtorrent's words after it.
std::string disk_error_text(lt::error_code const &ec, std::string const &path);

// The torrent's metadata, or an [arg] error when it has none yet.
inline std::shared_ptr<const lt::torrent_info> metadata(const Torrent &t) {
  auto ti = t.h.torrent_file();
  if (!ti) bad_arg("the torrent has no metadata yet");
  return ti;
}

}  // namespace btx
