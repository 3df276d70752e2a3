// dht_more.cpp - the DHT's other half: get_peers, announce flags, live
// nodes, BEP 51 samples, and the BEP 44 signature helpers that need no
// session. Replies arrive as events (the alert pump).
#include "torrentxt/cpp/common.h"

#include <libtorrent/kademlia/announce_flags.hpp>
#include <libtorrent/kademlia/ed25519.hpp>
#include <libtorrent/kademlia/item.hpp>
#include <libtorrent/session.hpp>
#include <libtorrent/session_params.hpp>

#include <cinttypes>
#include <cstdio>

namespace btx {
namespace {
lt::sha1_hash sha1_of(rust::Slice<const std::uint8_t> b) { return lt::sha1_hash(reinterpret_cast<char const *>(b.data())); }

std::string bytes_of(rust::Slice<const std::uint8_t> b) {
  return std::string(reinterpret_cast<char const *>(b.data()), b.size());
}

// BEP 44's signed buffer: ["4:salt" <len> ":" salt] "3:seqi" seq "e1:v" v,
// where v is the bencoded value (our values are bencoded strings). This is
// libtorrent's canonical_string, which its shared library does not export.
std::string signed_buffer(std::string const &value, std::string const &salt, std::int64_t seq) {
  std::string v = std::to_string(value.size()) + ":" + value;
  std::string out;
  if (!salt.empty()) out += "4:salt" + std::to_string(salt.size()) + ":" + salt;
  char seq_part[48];
  std::snprintf(seq_part, sizeof seq_part, "3:seqi%" PRId64 "e1:v", seq);
  return out + seq_part + v;
}
}  // namespace

bool dht_running(const Session &s) { return s.ses.is_dht_running(); }

void dht_get_peers(const Session &s, rust::Slice<const std::uint8_t> hash) { s.ses.dht_get_peers(sha1_of(hash)); }

void dht_announce_flags(const Session &s, rust::Slice<const std::uint8_t> hash, std::int32_t port,
                        std::uint32_t flags) {
  s.ses.dht_announce(sha1_of(hash), port, lt::dht::announce_flags_t(static_cast<std::uint8_t>(flags)));
}

// Our DHT node ids, one per listen socket, 20 bytes each.
rust::Vec<std::uint8_t> dht_node_ids(const Session &s) {
  lt::session_params p = s.ses.session_state(lt::session::save_dht_state);
  rust::Vec<std::uint8_t> out;
  for (auto const &n : p.dht_state.nids)
    for (char c : n.second) out.push_back(static_cast<std::uint8_t>(c));
  return out;
}

void dht_live_nodes(const Session &s, rust::Slice<const std::uint8_t> nid) { s.ses.dht_live_nodes(sha1_of(nid)); }

void dht_sample_infohashes(const Session &s, rust::Str ip, std::uint16_t port,
                           rust::Slice<const std::uint8_t> target) {
  lt::error_code ec;
  auto addr = lt::make_address(str(ip), ec);
  if (ec) bad_arg("bad IP address '" + str(ip) + "'");
  s.ses.dht_sample_infohashes(lt::udp::endpoint(addr, port), sha1_of(target));
}

rust::Vec<std::uint8_t> dht_sign_mutable(rust::Slice<const std::uint8_t> pk_bytes,
                                         rust::Slice<const std::uint8_t> sk_bytes,
                                         rust::Slice<const std::uint8_t> salt, rust::Slice<const std::uint8_t> value,
                                         std::int64_t seq) {
  lt::dht::public_key pk(reinterpret_cast<char const *>(pk_bytes.data()));
  lt::dht::secret_key sk(reinterpret_cast<char const *>(sk_bytes.data()));
  std::string const v = std::to_string(value.size()) + ":" + bytes_of(value);
  std::string const salt_text = bytes_of(salt);
  lt::dht::signature sig = lt::dht::sign_mutable_item({v.data(), static_cast<std::ptrdiff_t>(v.size())},
                                                      {salt_text.data(), static_cast<std::ptrdiff_t>(salt_text.size())},
                                                      lt::dht::sequence_number(seq), pk, sk);
  // a secret key that is not the public key's signs something nobody accepts
  std::string const buf = signed_buffer(bytes_of(value), salt_text, seq);
  if (!lt::dht::ed25519_verify(sig, {buf.data(), static_cast<std::ptrdiff_t>(buf.size())}, pk))
    bad_arg("the secret key does not belong to the public key");
  rust::Vec<std::uint8_t> out;
  for (char c : sig.bytes) out.push_back(static_cast<std::uint8_t>(c));
  return out;
}

bool dht_verify_mutable(rust::Slice<const std::uint8_t> pk_bytes, rust::Slice<const std::uint8_t> salt,
                        rust::Slice<const std::uint8_t> value, std::int64_t seq,
                        rust::Slice<const std::uint8_t> sig_bytes) {
  lt::dht::public_key pk(reinterpret_cast<char const *>(pk_bytes.data()));
  lt::dht::signature sig(reinterpret_cast<char const *>(sig_bytes.data()));
  std::string const buf = signed_buffer(bytes_of(value), bytes_of(salt), seq);
  return lt::dht::ed25519_verify(sig, {buf.data(), static_cast<std::ptrdiff_t>(buf.size())}, pk);
}

}  // namespace btx
