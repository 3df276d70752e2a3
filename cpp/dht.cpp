// dht.cpp - DHT: bootstrap, announce, state, BEP 44 items.
#include "torrentxt/cpp/common.h"

#include <libtorrent/session.hpp>
#include <libtorrent/session_params.hpp>
#include <libtorrent/bencode.hpp>
#include <libtorrent/kademlia/ed25519.hpp>
#include <libtorrent/kademlia/item.hpp>
#include <libtorrent/kademlia/announce_flags.hpp>

namespace btx {

void dht_add_node(const Session &s, rust::Str host, std::int32_t port) {
  s.ses.add_dht_node({str(host), port});
}

void dht_announce(const Session &s, rust::Slice<const std::uint8_t> hash, std::int32_t port) {
  lt::sha1_hash ih(reinterpret_cast<char const *>(hash.data()));
  s.ses.dht_announce(ih, port, port == 0 ? lt::dht::announce::implied_port : lt::dht::announce_flags_t{});
}

rust::Vec<std::uint8_t> dht_save_state(const Session &s) {
  lt::session_params p = s.ses.session_state(lt::session::save_dht_state);
  std::vector<char> buf = lt::write_session_params_buf(p, lt::session::save_dht_state);
  rust::Vec<std::uint8_t> out;
  out.reserve(buf.size());
  for (char c : buf) out.push_back(static_cast<std::uint8_t>(c));
  return out;
}

void dht_load_state(const Session &s, rust::Slice<const std::uint8_t> data) {
  lt::error_code ec;
  lt::bdecode_node n = lt::bdecode(
      lt::span<char const>(reinterpret_cast<char const *>(data.data()), static_cast<std::ptrdiff_t>(data.size())), ec);
  if (ec || n.type() != lt::bdecode_node::dict_t) bad_arg("bad DHT state: not a bencoded dictionary");
  lt::session_params p = lt::read_session_params(n, lt::session::save_dht_state);
  s.ses.set_dht_state(std::move(p.dht_state));
}

void dht_keypair(rust::Slice<const std::uint8_t> seed, KeyPair &out) {
  std::array<char, 32> sd;
  if (seed.size() == 32) std::copy(seed.begin(), seed.end(), sd.begin());
  else sd = lt::dht::ed25519_create_seed();
  lt::dht::public_key pk;
  lt::dht::secret_key sk;
  std::tie(pk, sk) = lt::dht::ed25519_create_keypair(sd);
  copy_bytes(pk.bytes, out.public_key);
  copy_bytes(sk.bytes, out.secret_key);
  copy_bytes(sd, out.seed);
}

rust::Vec<std::uint8_t> dht_put_immutable(const Session &s, rust::Slice<const std::uint8_t> data) {
  lt::entry e(std::string(reinterpret_cast<char const *>(data.data()), data.size()));
  lt::sha1_hash target = s.ses.dht_put_item(std::move(e));
  rust::Vec<std::uint8_t> out;
  for (char c : target) out.push_back(static_cast<std::uint8_t>(c));
  return out;
}

void dht_get_immutable(const Session &s, rust::Slice<const std::uint8_t> target) {
  s.ses.dht_get_item(lt::sha1_hash(reinterpret_cast<char const *>(target.data())));
}

void dht_put_mutable(const Session &s, rust::Slice<const std::uint8_t> pk_bytes,
                     rust::Slice<const std::uint8_t> sk_bytes, rust::Slice<const std::uint8_t> salt_bytes,
                     rust::Slice<const std::uint8_t> data) {
  lt::dht::public_key pk(reinterpret_cast<char const *>(pk_bytes.data()));
  lt::dht::secret_key sk(reinterpret_cast<char const *>(sk_bytes.data()));
  // refuse a key pair that does not belong together: peers would drop the item
  char const probe[] = "torrentxt";
  auto sig = lt::dht::ed25519_sign({probe, sizeof probe}, pk, sk);
  if (!lt::dht::ed25519_verify(sig, {probe, sizeof probe}, pk))
    bad_arg("the secret key does not belong to the public key");
  std::string salt(reinterpret_cast<char const *>(salt_bytes.data()), salt_bytes.size());
  std::string value(reinterpret_cast<char const *>(data.data()), data.size());
  std::array<char, 32> key;
  std::copy(pk.bytes.begin(), pk.bytes.end(), key.begin());
  // Runs on libtorrent's network thread: pure C++, no host code. It bumps
  // the sequence number past whatever the DHT holds and signs the new value.
  auto sign = [value, pk, sk](lt::entry &e, std::array<char, 64> &sig_out, std::int64_t &seq,
                              std::string const &salt_in) {
    e = value;
    std::vector<char> buf;
    lt::bencode(std::back_inserter(buf), e);
    ++seq;
    lt::dht::signature sig = lt::dht::sign_mutable_item(buf, salt_in, lt::dht::sequence_number(seq), pk, sk);
    sig_out = sig.bytes;
  };
  s.ses.dht_put_item(key, sign, salt);
}

void dht_get_mutable(const Session &s, rust::Slice<const std::uint8_t> pk, rust::Slice<const std::uint8_t> salt) {
  std::array<char, 32> key;
  std::copy(pk.begin(), pk.end(), key.begin());
  s.ses.dht_get_item(
      key, std::string(reinterpret_cast<char const *>(salt.data()), salt.size()));
}

}  // namespace btx
