// control.cpp - per-torrent control: pause/resume, limits, flags, queue, priorities.
#include "torrentxt/cpp/common.h"

#include <libtorrent/torrent_handle.hpp>

namespace btx {

std::uint32_t torrent_id(const Torrent &t) { return t.h.id(); }

void connect_peer(const Torrent &t, rust::Str ip, std::uint16_t port) {
  lt::error_code ec;
  auto addr = lt::make_address(str(ip), ec);
  if (ec) bad_arg("bad IP address '" + str(ip) + "': " + ec.message());
  t.h.connect_peer(lt::tcp::endpoint(addr, port));
}

// An auto-managed torrent would be resumed again by the queue; a host's
// pause means paused, so it leaves the queue's management too.
void pause_torrent(const Torrent &t) {
  t.h.unset_flags(lt::torrent_flags::auto_managed);
  t.h.pause();
}
void resume_torrent(const Torrent &t) { t.h.resume(); }

void set_torrent_limits(const Torrent &t, std::int32_t down, std::int32_t up) {
  t.h.set_download_limit(down);
  t.h.set_upload_limit(up);
}

// ---- control ---------------------------------------------------------------

void force_recheck(const Torrent &t) { t.h.force_recheck(); }
void force_reannounce(const Torrent &t) {
  t.h.force_reannounce(0, -1, lt::torrent_handle::ignore_min_interval);
  t.h.force_dht_announce();
}
void clear_error(const Torrent &t) { t.h.clear_error(); }
void scrape_tracker(const Torrent &t) { t.h.scrape_tracker(); }
void move_storage(const Torrent &t, rust::Str path) { t.h.move_storage(str(path)); }
std::int32_t queue_position(const Torrent &t) { return static_cast<int>(t.h.queue_position()); }
void queue_move(const Torrent &t, std::int32_t op) {
  switch (op) {
    case 0: t.h.queue_position_up(); break;
    case 1: t.h.queue_position_down(); break;
    case 2: t.h.queue_position_top(); break;
    case 3: t.h.queue_position_bottom(); break;
    default: bad_arg("queue op must be 0 (up), 1 (down), 2 (top) or 3 (bottom)");
  }
}
void set_flags(const Torrent &t, std::uint64_t flags, std::uint64_t mask) {
  t.h.set_flags(lt::torrent_flags_t(flags), lt::torrent_flags_t(mask));
}
std::uint64_t torrent_flags(const Torrent &t) { return static_cast<std::uint64_t>(t.h.flags()); }
void unset_flags(const Torrent &t, std::uint64_t flags) { t.h.unset_flags(lt::torrent_flags_t(flags)); }
void set_max_connections(const Torrent &t, std::int32_t n) { t.h.set_max_connections(n); }
void set_max_uploads(const Torrent &t, std::int32_t n) { t.h.set_max_uploads(n); }
void set_piece_deadline(const Torrent &t, std::int32_t piece, std::int32_t ms) {
  t.h.set_piece_deadline(lt::piece_index_t(piece), ms);
}
void clear_piece_deadlines(const Torrent &t) { t.h.clear_piece_deadlines(); }

std::int32_t num_pieces(const Torrent &t) {
  auto ti = t.h.torrent_file();
  return ti ? ti->num_pieces() : -1;
}

// The files a host sees: libtorrent's file list without the pad files that
// v2/hybrid torrents insert for alignment. Entry i is libtorrent's index.
rust::Vec<std::int32_t> real_files(const Torrent &t) {
  auto ti = metadata(t);
  auto const &fs = ti->files();
  rust::Vec<std::int32_t> out;
  for (auto i : fs.file_range())
    if (!fs.pad_file_at(i)) out.push_back(static_cast<int>(i));
  return out;
}

void set_file_priority(const Torrent &t, std::int32_t lt_index, std::uint8_t prio) {
  t.h.file_priority(lt::file_index_t(lt_index), lt::download_priority_t(prio));
}

void set_file_priorities(const Torrent &t, rust::Slice<const std::int32_t> lt_index,
                         rust::Slice<const std::uint8_t> prio) {
  auto prios = t.h.get_file_priorities();
  for (std::size_t i = 0; i < lt_index.size() && i < prio.size(); i++) {
    auto idx = static_cast<std::size_t>(lt_index[i]);
    if (idx < prios.size()) prios[idx] = lt::download_priority_t(prio[i]);
  }
  t.h.prioritize_files(prios);
}

void set_piece_priority(const Torrent &t, std::int32_t piece, std::uint8_t prio) {
  t.h.piece_priority(lt::piece_index_t(piece), lt::download_priority_t(prio));
}

}  // namespace btx
