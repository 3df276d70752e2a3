// alerts.cpp - every libtorrent alert copied field by field into AlertData,
// and the pump's libtorrent calls. Which event an alert becomes, and which
// keys it carries, is Rust's business (src/events.rs, from the registry);
// this file only copies what each alert type has.
#include "torrentxt/cpp/common.h"

#include <libtorrent/alert_types.hpp>
#include <libtorrent/bencode.hpp>
#include <libtorrent/identify_client.hpp>
#include <libtorrent/operations.hpp>
#include <libtorrent/session_stats.hpp>
#include <libtorrent/write_resume_data.hpp>

#include <chrono>

namespace btx {

namespace {

void set_error(AlertData &d, lt::error_code const &ec) {
  d.error_code = ec.value();
  d.error_message = lossy(ec.message());
}

// A BEP 44 value we put is a bencoded string; hand back its bytes. Any other
// value (put by another client) is handed back bencoded.
void copy_item_value(lt::entry const &item, rust::Vec<std::uint8_t> &out) {
  std::vector<char> buf;
  if (item.type() == lt::entry::string_t) {
    auto const &str = item.string();
    buf.assign(str.begin(), str.end());
  } else if (item.type() != lt::entry::undefined_t) {
    lt::bencode(std::back_inserter(buf), item);
  }
  out.reserve(buf.size());
  for (char c : buf) out.push_back(static_cast<std::uint8_t>(c));
}

// libtorrent's socket_type_name is not exported from the shared library
char const *socket_name(lt::socket_type_t t) {
  switch (t) {
    case lt::socket_type_t::tcp: return "TCP";
    case lt::socket_type_t::socks5: return "Socks5";
    case lt::socket_type_t::http: return "HTTP";
    case lt::socket_type_t::utp: return "uTP";
    case lt::socket_type_t::i2p: return "I2P";
    case lt::socket_type_t::tcp_ssl: return "SSL/TCP";
    case lt::socket_type_t::socks5_ssl: return "SSL/Socks5";
    case lt::socket_type_t::http_ssl: return "HTTPS";
    case lt::socket_type_t::utp_ssl: return "SSL/uTP";
  }
  return "?";
}

template <typename Endpoint>
rust::String endpoint_of(Endpoint const &ep) {
  return lossy(endpoint_text(ep.address(), ep.port()));
}

void set_hash20(std::array<std::uint8_t, 20> &to, bool &has, lt::sha1_hash const &h) {
  std::copy(h.begin(), h.end(), to.begin());
  has = true;
}

std::string hex20(lt::sha1_hash const &h) {
  static char const digits[] = "0123456789abcdef";
  std::string s;
  s.reserve(40);
  for (char c : h) {
    auto b = static_cast<unsigned char>(c);
    s.push_back(digits[b >> 4]);
    s.push_back(digits[b & 15]);
  }
  return s;
}

template <typename Nodes>
rust::String node_lines(Nodes const &nodes) {
  std::string s;
  for (auto const &n : nodes) {
    if (!s.empty()) s += '\n';
    s += hex20(n.first) + " " + endpoint_text(n.second.address(), n.second.port());
  }
  return lossy(s);
}

// Milliseconds since the epoch at which libtorrent posted the alert.
struct Clock {
  lt::time_point lt_now = lt::clock_type::now();
  std::int64_t unix_ms_now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
  std::int64_t unix_ms(lt::time_point t) const {
    return unix_ms_now - std::chrono::duration_cast<std::chrono::milliseconds>(lt_now - t).count();
  }
};

bool wanted(std::array<std::uint64_t, 2> const &bits, bool above, int type) {
  if (type < 0) return false;
  if (type >= 128) return above;
  return (bits[static_cast<std::size_t>(type / 64)] >> (type % 64)) & 1;
}

// Hosts index files without the pad files (see real_files): libtorrent's
// index -> the host's, -1 for a pad file or when the metadata is missing.
int host_file_index(lt::torrent_handle const &h, lt::file_index_t idx) {
  auto ti = h.torrent_file();
  if (!ti || idx < lt::file_index_t{0} || idx >= ti->files().end_file() || ti->files().pad_file_at(idx)) return -1;
  int host = 0;
  for (auto i : ti->files().file_range()) {
    if (i == idx) break;
    if (!ti->files().pad_file_at(i)) ++host;
  }
  return host;
}

void copy_peer(AlertData &d, lt::peer_alert const &p) {
  d.endpoint = endpoint_of(p.endpoint);
  // libtorrent knows the peer id only after the handshake (zeros before)
  if (p.pid.is_all_zeros()) return;
  std::copy(p.pid.begin(), p.pid.end(), d.peer_id.begin());
  d.has_peer_id = true;
  d.client = lossy(lt::identify_client(p.pid));
}

// Copies what an alert type has beyond the base fields.
void copy_fields(lt::alert *a, AlertData &d) {
  if (auto *p = dynamic_cast<lt::peer_alert *>(a)) copy_peer(d, *p);
  if (auto *t = dynamic_cast<lt::tracker_alert *>(a)) {
    d.tracker = lossy(t->tracker_url());
    d.local_endpoint = endpoint_of(t->local_endpoint);
  }
  if (auto *x = lt::alert_cast<lt::add_torrent_alert>(a)) {
    copy_hashes(d, x->params.info_hashes);
    if (auto ti = x->params.ti) copy_hashes(d, ti->info_hashes());
    d.tag = read_tag(x->params.userdata);
    if (x->error) set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::metadata_received_alert>(a)) {
    copy_hashes(d, x->handle.info_hashes());
  } else if (auto *x = lt::alert_cast<lt::piece_finished_alert>(a)) {
    d.index = static_cast<int>(x->piece_index);
  } else if (auto *x = lt::alert_cast<lt::torrent_error_alert>(a)) {
    set_error(d, x->error);
    d.error_message = lossy(disk_error_text(x->error, x->filename()));
    d.path = lossy(x->filename());
  } else if (auto *x = lt::alert_cast<lt::state_changed_alert>(a)) {
    d.state = static_cast<int>(x->state);
    d.prev_state = static_cast<int>(x->prev_state);
  } else if (auto *x = lt::alert_cast<lt::tracker_reply_alert>(a)) {
    d.num_peers = x->num_peers;
  } else if (auto *x = lt::alert_cast<lt::tracker_error_alert>(a)) {
    set_error(d, x->error);
    if (x->failure_reason()[0]) d.log = lossy(x->failure_reason());
  } else if (auto *x = lt::alert_cast<lt::save_resume_data_alert>(a)) {
    std::vector<char> buf = lt::write_resume_data_buf(x->params);
    d.blob.reserve(buf.size());
    for (char c : buf) d.blob.push_back(static_cast<std::uint8_t>(c));
  } else if (auto *x = lt::alert_cast<lt::save_resume_data_failed_alert>(a)) {
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::torrent_removed_alert>(a)) {
    d.torrent_id = 0;  // the torrent object may be gone; the tag names it
    d.tag = read_tag(x->userdata);
    copy_hashes(d, x->info_hashes);
  } else if (auto *x = lt::alert_cast<lt::listen_succeeded_alert>(a)) {
    d.endpoint = lossy(endpoint_text(x->address, x->port));
    d.socket_type = socket_name(x->socket_type);
  } else if (auto *x = lt::alert_cast<lt::listen_failed_alert>(a)) {
    d.endpoint = lossy(endpoint_text(x->address, x->port));
    d.socket_type = socket_name(x->socket_type);
    d.operation = lt::operation_name(x->op);
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::file_completed_alert>(a)) {
    d.index = host_file_index(x->handle, x->index);
  } else if (auto *x = lt::alert_cast<lt::file_error_alert>(a)) {
    set_error(d, x->error);
    d.error_message = lossy(disk_error_text(x->error, x->filename()));
    d.path = lossy(x->filename());
    d.operation = lt::operation_name(x->op);
  } else if (auto *x = lt::alert_cast<lt::storage_moved_alert>(a)) {
    d.message = lossy(x->storage_path());  // v8: storageMoved's message is the new path
    d.path = lossy(x->storage_path());
  } else if (auto *x = lt::alert_cast<lt::storage_moved_failed_alert>(a)) {
    set_error(d, x->error);
    d.path = lossy(x->file_path());
    d.operation = lt::operation_name(x->op);
  } else if (auto *x = lt::alert_cast<lt::fastresume_rejected_alert>(a)) {
    set_error(d, x->error);
    d.path = lossy(x->file_path());
    d.operation = lt::operation_name(x->op);
  } else if (auto *x = lt::alert_cast<lt::scrape_failed_alert>(a)) {
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::scrape_reply_alert>(a)) {
    d.complete = x->complete;
    d.incomplete = x->incomplete;
    d.num_peers = x->complete + x->incomplete;
  } else if (auto *x = lt::alert_cast<lt::dht_immutable_item_alert>(a)) {
    std::copy(x->target.begin(), x->target.end(), d.target.begin());
    copy_item_value(x->item, d.blob);
  } else if (auto *x = lt::alert_cast<lt::dht_mutable_item_alert>(a)) {
    d.is_mutable = true;
    copy_bytes(x->key, d.public_key);
    copy_bytes(x->signature, d.signature);
    d.seq = x->seq;
    for (char c : x->salt) d.salt.push_back(static_cast<std::uint8_t>(c));
    d.authoritative = x->authoritative;
    copy_item_value(x->item, d.blob);
  } else if (auto *x = lt::alert_cast<lt::dht_put_alert>(a)) {
    d.num_success = x->num_success;
    d.is_mutable = !x->salt.empty() || std::any_of(x->public_key.begin(), x->public_key.end(),
                                                    [](char c) { return c != 0; });
    std::copy(x->target.begin(), x->target.end(), d.target.begin());
    copy_bytes(x->public_key, d.public_key);
    copy_bytes(x->signature, d.signature);
    d.seq = x->seq;
    for (char c : x->salt) d.salt.push_back(static_cast<std::uint8_t>(c));
  } else if (auto *x = lt::alert_cast<lt::session_stats_alert>(a)) {
    auto c = x->counters();
    d.stats.reserve(c.size());
    for (auto v : c) d.stats.push_back(v);
  } else if (auto *x = lt::alert_cast<lt::dht_stats_alert>(a)) {
    // libtorrent's own estimate of the DHT's size (routing_table::num_global_nodes)
    constexpr int bucket_size = 8;
    int deepest = 0, deepest_size = 0;
    std::int64_t nodes = 0;
    for (auto const &b : x->routing_table) nodes += b.num_nodes;
    for (auto const &b : x->routing_table) {
      deepest_size = b.num_nodes;
      if (deepest_size < bucket_size) break;
      ++deepest;
    }
    std::int64_t global;
    if (deepest == 0) global = x->routing_table.empty() ? 0 : 1 + deepest_size;
    else if (deepest_size < bucket_size / 2) global = (std::int64_t(1) << deepest) * bucket_size;
    else global = (std::int64_t(2) << deepest) * deepest_size;
    d.seq = global;
    d.count = nodes;
  } else if (auto *x = lt::alert_cast<lt::alerts_dropped_alert>(a)) {
    d.count = static_cast<std::int64_t>(x->dropped_alerts.count());
    // which types were lost: the pump needs to know if a marker was
    for (std::size_t t = 0; t < x->dropped_alerts.size() && t < 128; t++)
      if (x->dropped_alerts.test(t)) d.stats.push_back(static_cast<std::int64_t>(t));
  } else if (auto *x = lt::alert_cast<lt::state_update_alert>(a)) {
    d.count = static_cast<std::int64_t>(x->status.size());
  } else if (auto *x = lt::alert_cast<lt::read_piece_alert>(a)) {
    d.index = static_cast<int>(x->piece);
    d.size = x->size;
    if (x->error) set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::file_renamed_alert>(a)) {
    d.file_index = host_file_index(x->handle, x->index);
    d.new_name = lossy(x->new_name());
    d.old_name = lossy(x->old_name());
  } else if (auto *x = lt::alert_cast<lt::file_rename_failed_alert>(a)) {
    d.file_index = host_file_index(x->handle, x->index);
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::performance_alert>(a)) {
    d.warning = static_cast<int>(x->warning_code);
  } else if (auto *x = lt::alert_cast<lt::tracker_warning_alert>(a)) {
    d.error_message = lossy(x->warning_message());
  } else if (auto *x = lt::alert_cast<lt::dht_reply_alert>(a)) {
    d.num_peers = x->num_peers;
  } else if (auto *x = lt::alert_cast<lt::tracker_announce_alert>(a)) {
    d.announce_event = static_cast<int>(x->event);
  } else if (auto *x = lt::alert_cast<lt::hash_failed_alert>(a)) {
    d.index = static_cast<int>(x->piece_index);
  } else if (auto *x = lt::alert_cast<lt::peer_error_alert>(a)) {
    d.operation = lt::operation_name(x->op);
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::peer_connect_alert>(a)) {
    d.socket_type = socket_name(x->socket_type);
    d.direction = x->direction == lt::peer_connect_alert::direction_t::out ? 1 : 0;
  } else if (auto *x = lt::alert_cast<lt::peer_disconnected_alert>(a)) {
    d.socket_type = socket_name(x->socket_type);
    d.operation = lt::operation_name(x->op);
    d.reason = static_cast<int>(x->reason);
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::invalid_request_alert>(a)) {
    d.index = static_cast<int>(x->request.piece);
    d.offset = x->request.start;
    d.size = x->request.length;
  } else if (auto *x = lt::alert_cast<lt::request_dropped_alert>(a)) {
    d.index = static_cast<int>(x->piece_index);
    d.block = x->block_index;
  } else if (auto *x = lt::alert_cast<lt::block_timeout_alert>(a)) {
    d.index = static_cast<int>(x->piece_index);
    d.block = x->block_index;
  } else if (auto *x = lt::alert_cast<lt::block_finished_alert>(a)) {
    d.index = static_cast<int>(x->piece_index);
    d.block = x->block_index;
  } else if (auto *x = lt::alert_cast<lt::block_downloading_alert>(a)) {
    d.index = static_cast<int>(x->piece_index);
    d.block = x->block_index;
  } else if (auto *x = lt::alert_cast<lt::unwanted_block_alert>(a)) {
    d.index = static_cast<int>(x->piece_index);
    d.block = x->block_index;
  } else if (auto *x = lt::alert_cast<lt::block_uploaded_alert>(a)) {
    d.index = static_cast<int>(x->piece_index);
    d.block = x->block_index;
  } else if (auto *x = lt::alert_cast<lt::torrent_deleted_alert>(a)) {
    copy_hashes(d, x->info_hashes);
  } else if (auto *x = lt::alert_cast<lt::torrent_delete_failed_alert>(a)) {
    copy_hashes(d, x->info_hashes);
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::url_seed_alert>(a)) {
    d.tracker = lossy(x->server_url());
    set_error(d, x->error);
    if (x->error_message()[0]) d.error_message = lossy(x->error_message());
  } else if (auto *x = lt::alert_cast<lt::metadata_failed_alert>(a)) {
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::udp_error_alert>(a)) {
    d.endpoint = endpoint_of(x->endpoint);
    d.operation = lt::operation_name(x->operation);
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::external_ip_alert>(a)) {
    d.external_address = lossy(x->external_address.to_string());
  } else if (auto *x = lt::alert_cast<lt::portmap_error_alert>(a)) {
    d.protocol = x->map_transport == lt::portmap_transport::natpmp ? "natpmp" : "upnp";
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::portmap_alert>(a)) {
    d.port = x->external_port;
    d.protocol = x->map_protocol == lt::portmap_protocol::tcp ? "TCP" : "UDP";
  } else if (auto *x = lt::alert_cast<lt::portmap_log_alert>(a)) {
    d.protocol = x->map_transport == lt::portmap_transport::natpmp ? "natpmp" : "upnp";
    d.log = lossy(x->log_message());
  } else if (auto *x = lt::alert_cast<lt::peer_blocked_alert>(a)) {
    d.reason = x->reason;
  } else if (auto *x = lt::alert_cast<lt::dht_announce_alert>(a)) {
    d.endpoint = lossy(endpoint_text(x->ip, x->port));
    set_hash20(d.info_hash, d.has_info_hash, x->info_hash);
  } else if (auto *x = lt::alert_cast<lt::dht_get_peers_alert>(a)) {
    set_hash20(d.info_hash, d.has_info_hash, x->info_hash);
  } else if (auto *x = lt::alert_cast<lt::stats_alert>(a)) {
    d.interval = x->interval;
  } else if (auto *x = lt::alert_cast<lt::anonymous_mode_alert>(a)) {
    d.reason = x->kind;
    d.log = lossy(x->str);
  } else if (auto *x = lt::alert_cast<lt::trackerid_alert>(a)) {
    d.log = lossy(x->tracker_id());
  } else if (auto *x = lt::alert_cast<lt::torrent_need_cert_alert>(a)) {
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::incoming_connection_alert>(a)) {
    d.endpoint = endpoint_of(x->endpoint);
    d.socket_type = socket_name(x->socket_type);
  } else if (auto *x = lt::alert_cast<lt::mmap_cache_alert>(a)) {
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::dht_error_alert>(a)) {
    d.operation = lt::operation_name(x->op);
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::i2p_alert>(a)) {
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::dht_outgoing_get_peers_alert>(a)) {
    set_hash20(d.info_hash, d.has_info_hash, x->info_hash);
    d.endpoint = endpoint_of(x->endpoint);
  } else if (auto *x = lt::alert_cast<lt::log_alert>(a)) {
    d.log = lossy(x->log_message());
  } else if (auto *x = lt::alert_cast<lt::torrent_log_alert>(a)) {
    d.log = lossy(x->log_message());
  } else if (auto *x = lt::alert_cast<lt::peer_log_alert>(a)) {
    d.direction = x->direction == lt::peer_log_alert::outgoing_message ? 1 : 0;
    d.operation = lossy(x->event_type ? x->event_type : "");
    d.log = lossy(x->log_message());
  } else if (auto *x = lt::alert_cast<lt::lsd_error_alert>(a)) {
    d.local_endpoint = lossy(x->local_address.to_string());
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::incoming_request_alert>(a)) {
    d.index = static_cast<int>(x->req.piece);
    d.offset = x->req.start;
    d.size = x->req.length;
  } else if (auto *x = lt::alert_cast<lt::dht_log_alert>(a)) {
    d.reason = static_cast<int>(x->module);
    d.log = lossy(x->log_message());
  } else if (auto *x = lt::alert_cast<lt::dht_pkt_alert>(a)) {
    d.endpoint = endpoint_of(x->node);
    d.direction = x->direction == lt::dht_pkt_alert::outgoing ? 1 : 0;
    for (char c : x->pkt_buf()) d.blob.push_back(static_cast<std::uint8_t>(c));
  } else if (auto *x = lt::alert_cast<lt::dht_get_peers_reply_alert>(a)) {
    set_hash20(d.info_hash, d.has_info_hash, x->info_hash);
    d.count = x->num_peers();
    std::string s;
    for (auto const &ep : x->peers()) {
      if (!s.empty()) s += '\n';
      s += endpoint_text(ep.address(), ep.port());
    }
    d.peers = lossy(s);
  } else if (auto *x = lt::alert_cast<lt::dht_direct_response_alert>(a)) {
    d.endpoint = endpoint_of(x->endpoint);
  } else if (auto *x = lt::alert_cast<lt::picker_log_alert>(a)) {
    d.reason = static_cast<int>(static_cast<std::uint32_t>(x->picker_flags));
  } else if (auto *x = lt::alert_cast<lt::session_error_alert>(a)) {
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::dht_live_nodes_alert>(a)) {
    set_hash20(d.node_id, d.has_node_id, x->node_id);
    d.count = x->num_nodes();
    d.nodes = node_lines(x->nodes());
  } else if (auto *x = lt::alert_cast<lt::dht_sample_infohashes_alert>(a)) {
    d.endpoint = endpoint_of(x->endpoint);
    d.interval = static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(x->interval).count());
    d.count = x->num_infohashes;
    d.num_nodes = x->num_nodes();
    std::string s;
    for (auto const &h : x->samples()) {
      if (!s.empty()) s += '\n';
      s += hex20(h);
    }
    d.samples = lossy(s);
    d.nodes = node_lines(x->nodes());
  } else if (auto *x = lt::alert_cast<lt::socks5_alert>(a)) {
    d.endpoint = endpoint_of(x->ip);
    d.operation = lt::operation_name(x->op);
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::file_prio_alert>(a)) {
    d.operation = lt::operation_name(x->op);
    set_error(d, x->error);
  } else if (auto *x = lt::alert_cast<lt::torrent_conflict_alert>(a)) {
    d.conflicting_id = x->conflicting_torrent.id();
  }
}

}  // namespace

bool wait_for_alert(const Session &s, std::int32_t ms) {
  return s.ses.wait_for_alert(lt::milliseconds(ms)) != nullptr;
}

void post_torrent_updates(const Session &s) { s.ses.post_torrent_updates(kStatusQuery); }

void post_marker(const Session &s) { s.ses.post_dht_stats(); }

void post_session_stats(const Session &s) { s.ses.post_session_stats(); }

// An async add's handle, kept for the pump (durable.cpp's take_added).
void stash_async(const Session &s, lt::add_torrent_alert const &x, std::int32_t tag) {
  std::lock_guard<std::mutex> g(s.async_m);
  lt::add_torrent_params given;
  auto gi = s.async_given.find(tag);
  if (gi != s.async_given.end()) {
    given = std::move(gi->second);
    s.async_given.erase(gi);
  }
  if (s.async_pending.erase(tag) == 0) return;
  if (x.error) return;
  s.async_added[tag] = x.handle;
  // A provisional status from the params, so that a host reading this
  // torrent before libtorrent's first status update never waits on the
  // network thread (busy with the rest of a restore). It says what is
  // true at this moment: checking resume data, the pieces the resume data
  // has, no peers, no rates. The alert's params hold only some of what the
  // add was given (flags, ti, name, save path): the have-bitfield, times and
  // totals come from what async_add kept (durable.cpp).
  lt::add_torrent_params const &p = x.params;
  lt::torrent_status st;
  st.handle = x.handle;
  st.state = lt::torrent_status::checking_resume_data;
  st.save_path = p.save_path;
  st.flags = p.flags;
  st.added_time = given.added_time;
  st.completed_time = given.completed_time;
  st.all_time_download = given.total_downloaded;
  st.all_time_upload = given.total_uploaded;
  st.info_hashes = p.info_hashes;
  st.name = p.name;
  if (p.ti) {
    st.torrent_file = p.ti;
    st.info_hashes = p.ti->info_hashes();
    st.name = p.ti->name();
    int have = 0;
    std::int64_t done = 0;  // the bytes of the pieces had (the last one may be short)
    int const n = p.ti->num_pieces();
    for (auto i : given.have_pieces.range())
      if (given.have_pieces[i] && static_cast<int>(i) < n) {
        ++have;
        done += p.ti->piece_size(i);
      }
    std::int64_t const total = p.ti->total_size();
    st.num_pieces = have;
    // as libtorrent's: the fraction of the bytes
    st.progress_ppm = total > 0 ? static_cast<int>(done * 1000000 / total) : 0;
    st.progress = total > 0 ? float(double(done) / double(total)) : 0.f;
    st.total_done = st.total_wanted_done = done;
    st.total_wanted = total;
    st.is_finished = st.is_seeding = n > 0 && have == n;
  }
  s.async_status[tag] = std::move(st);
}

void pop_alerts(const Session &s, AlertFilter const &want, rust::Vec<AlertData> &alerts,
                rust::Vec<StatusData> &statuses) {
  std::vector<lt::alert *> batch;
  s.ses.pop_alerts(&batch);
  Clock clock;
  std::array<std::uint64_t, 2> copy{want.copy_lo, want.copy_hi}, text{want.text_lo, want.text_hi};
  for (lt::alert *a : batch) {
    int type = a->type();
    if (auto *x = lt::alert_cast<lt::add_torrent_alert>(a)) stash_async(s, *x, read_tag(x->params.userdata));
    if (!wanted(copy, want.copy_above, type)) continue;
    AlertData d;
    d.lt_type = type;
    d.category = static_cast<std::uint32_t>(a->category());
    d.time_ms = clock.unix_ms(a->timestamp());
    d.alert_name = a->what();
    if (auto *ta = dynamic_cast<lt::torrent_alert *>(a)) {
      d.torrent_id = ta->handle.id();
      d.name = lossy(ta->torrent_name());
    }
    if (wanted(text, want.copy_above, type)) d.message = lossy(a->message());
    if (auto *su = lt::alert_cast<lt::state_update_alert>(a)) {
      for (auto const &st : su->status) {
        StatusData o;
        copy_status(st, o);
        statuses.push_back(std::move(o));
      }
    }
    copy_fields(a, d);
    alerts.push_back(std::move(d));
  }
}

rust::Vec<StatsMetric> stats_metrics() {
  rust::Vec<StatsMetric> out;
  for (auto const &m : lt::session_stats_metrics()) {
    StatsMetric x;
    x.name = m.name;
    x.index = m.value_index;
    x.gauge = m.type == lt::metric_type_t::gauge;
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace btx
