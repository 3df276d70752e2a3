// magnet.cpp - magnet links made by libtorrent, and params from a bare
// info-hash (the swarm supplies the metadata).
#include "torrentxt/cpp/common.h"

#include <libtorrent/magnet_uri.hpp>

namespace btx {

std::unique_ptr<AddParams> params_from_hashes(rust::Slice<const std::uint8_t> v1,
                                              rust::Slice<const std::uint8_t> v2) {
  auto out = std::make_unique<AddParams>();
  if (v1.size() == 20) out->p.info_hashes.v1 = lt::sha1_hash(reinterpret_cast<char const *>(v1.data()));
  if (v2.size() == 32) out->p.info_hashes.v2 = lt::sha256_hash(reinterpret_cast<char const *>(v2.data()));
  if (!out->p.info_hashes.has_v1() && !out->p.info_hashes.has_v2()) bad_arg("no info-hash given");
  return out;
}

rust::String make_magnet(const AddParams &p) {
  if (p.p.ti) return lossy(lt::make_magnet_uri(*p.p.ti));
  return lossy(lt::make_magnet_uri(p.p));
}

rust::String torrent_magnet(const Torrent &t) { return lossy(lt::make_magnet_uri(t.h)); }

}  // namespace btx
