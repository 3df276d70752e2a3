// session.cpp - session creation, settings, session-wide operations, IP filter.
#include "torrentxt/cpp/common.h"

#include <libtorrent/session.hpp>
#include <libtorrent/session_params.hpp>
#include <libtorrent/settings_pack.hpp>
#include <libtorrent/ip_filter.hpp>
#include <libtorrent/alert.hpp>
#include <libtorrent/bdecode.hpp>

namespace btx {

namespace {

// Applies settings already checked in Rust (src/settings.rs: the kind says
// which setter; ints and booleans arrive as decimal text).
void put_settings(lt::settings_pack &p, rust::Slice<const Setting> items) {
  for (auto const &it : items) {
    int idx = lt::setting_by_name(std::string(it.name));
    if (idx < 0) bad_arg("unknown setting '" + std::string(it.name) + "'");
    std::string v(it.value);
    switch (it.kind) {
      case 1: p.set_int(idx, static_cast<int>(std::stol(v))); break;
      case 2: p.set_bool(idx, v == "1"); break;
      default: p.set_str(idx, v); break;
    }
  }
}

lt::settings_pack preset_pack(std::string const &name) {
  if (name == "default") return lt::default_settings();
  if (name == "high_performance_seed") return lt::high_performance_seed();
  if (name == "min_memory_usage") return lt::min_memory_usage();
  bad_arg("unknown preset '" + name + "'");
}

// What torrentxt keeps whatever a preset says: the alert mask it computes
// from the events the host enabled, and the alert queue its pump needs (a
// preset's tiny queue would only turn bursts into eventsDropped; a host may
// still set alert_queue_size itself).
void keep_ours(lt::settings_pack &p, std::uint32_t alert_mask) {
  p.set_int(lt::settings_pack::alert_mask, static_cast<int>(alert_mask));
}

void without_ours(lt::settings_pack &p) {
  p.clear(lt::settings_pack::alert_queue_size);
  p.clear(lt::settings_pack::alert_mask);
}

// libtorrent 2.0.8 dereferences a null socket when the socket buffer sizes
// change while peer connections go through a proxy: its listen entries then
// have no sockets (session_impl::update_socket_buffer_size), and the process
// dies (fuzz/findings/proxy_socket_buffer.c). Such a change is refused
// before anything applies; at creation, or before the proxy is set, it is
// safe and allowed.
void check_buffer_sizes(const Session &s, lt::settings_pack const &p) {
  static int const sizes[] = {lt::settings_pack::send_socket_buffer_size, lt::settings_pack::recv_socket_buffer_size};
  bool touches = false;
  for (int n : sizes) touches = touches || p.has_val(n);
  if (!touches) return;
  lt::settings_pack const cur = s.ses.get_settings();
  if (cur.get_int(lt::settings_pack::proxy_type) == lt::settings_pack::none ||
      !cur.get_bool(lt::settings_pack::proxy_peer_connections))
    return;
  for (int n : sizes)
    if (p.has_val(n) && p.get_int(n) != cur.get_int(n))
      bad_arg(std::string(lt::name_for_setting(n)) +
              " cannot change while peer connections go through a proxy (libtorrent 2.0.8 crashes on it): "
              "set it when the session is created, or before the proxy");
}
}  // namespace

// Copies every value `from` has into `to` (later values win).
static void merge_pack(lt::settings_pack &to, lt::settings_pack const &from) {
  for (int i = lt::settings_pack::string_type_base; i < lt::settings_pack::max_string_setting_internal; i++)
    if (from.has_val(i)) to.set_str(i, from.get_str(i));
  for (int i = lt::settings_pack::int_type_base; i < lt::settings_pack::max_int_setting_internal; i++)
    if (from.has_val(i)) to.set_int(i, from.get_int(i));
  for (int i = lt::settings_pack::bool_type_base; i < lt::settings_pack::max_bool_setting_internal; i++)
    if (from.has_val(i)) to.set_bool(i, from.get_bool(i));
}

// A saved session state (btx_session_state_save's bytes), decoded.
static lt::session_params decode_state(rust::Slice<const std::uint8_t> data) {
  lt::error_code ec;
  int pos = -1;
  lt::bdecode_node n = lt::bdecode(span_of(data), ec, &pos);
  if (ec || n.type() != lt::bdecode_node::dict_t)
    bad_arg("bad session state: " + (ec ? ec.message() : std::string("not a bencoded dictionary")) +
            (pos >= 0 ? " at byte " + std::to_string(pos) : std::string()));
  return lt::read_session_params(n, lt::session::save_settings | lt::session::save_dht_state);
}

std::unique_ptr<Session> session_new(rust::Slice<const Setting> initial, rust::Str preset,
                                     rust::Str fingerprint, std::uint32_t alert_mask,
                                     rust::Slice<const std::uint8_t> state) {
  lt::settings_pack p;
  // Quiet by default: nothing talks to the outside world until the host asks.
  p.set_bool(lt::settings_pack::enable_dht, false);
  p.set_bool(lt::settings_pack::enable_lsd, false);
  p.set_bool(lt::settings_pack::enable_upnp, false);
  p.set_bool(lt::settings_pack::enable_natpmp, false);
  p.set_str(lt::settings_pack::dht_bootstrap_nodes, "");
  p.set_str(lt::settings_pack::user_agent, "torrentxt/" "0.1");
  p.set_str(lt::settings_pack::peer_fingerprint, str(fingerprint));
  // Our pump drains promptly; a deep queue only matters for bursts.
  p.set_int(lt::settings_pack::alert_queue_size, 100000);
  // Bounded shutdown even when trackers do not answer.
  p.set_int(lt::settings_pack::stop_tracker_timeout, 1);
  if (preset.size() > 0) {
    lt::settings_pack pre = preset_pack(str(preset));
    without_ours(pre);
    // a preset's values win over the quiet defaults, the host's over both
    merge_pack(p, pre);
  }
  // a durable session is born with its stored state (settings and DHT), so
  // it never listens anywhere the stored or the host's settings do not say
  lt::dht::dht_state dht;
  if (state.size() > 0) {
    lt::session_params stored = decode_state(state);
    merge_pack(p, stored.settings);
    dht = std::move(stored.dht_state);
  }
  put_settings(p, initial);
  keep_ours(p, alert_mask);
  lt::session_params params(std::move(p));
  params.dht_state = std::move(dht);
  return std::make_unique<Session>(std::move(params));
}

void apply_settings(const Session &s, rust::Slice<const Setting> items) {
  lt::settings_pack p;
  put_settings(p, items);
  check_buffer_sizes(s, p);
  s.ses.apply_settings(std::move(p));
}

void apply_preset(const Session &s, rust::Str name, std::uint32_t alert_mask) {
  lt::settings_pack p = preset_pack(str(name));
  without_ours(p);
  keep_ours(p, alert_mask);
  check_buffer_sizes(s, p);
  s.ses.apply_settings(std::move(p));
}

void set_alert_mask(const Session &s, std::uint32_t alert_mask) {
  lt::settings_pack p;
  p.set_int(lt::settings_pack::alert_mask, static_cast<int>(alert_mask));
  s.ses.apply_settings(std::move(p));
}

rust::Vec<Setting> all_settings(const Session &s) {
  lt::settings_pack p = s.ses.get_settings();
  rust::Vec<Setting> out;
  auto add = [&](int i, int kind, std::string value) {
    char const *name = lt::name_for_setting(i);
    if (!name || !*name) return;  // a retired setting
    Setting x;
    x.name = name;
    x.kind = kind;
    x.value = lossy(value);
    out.push_back(std::move(x));
  };
  for (int i = lt::settings_pack::string_type_base; i < lt::settings_pack::max_string_setting_internal; i++)
    add(i, 0, p.get_str(i));
  for (int i = lt::settings_pack::int_type_base; i < lt::settings_pack::max_int_setting_internal; i++)
    if (i != lt::settings_pack::alert_mask) add(i, 1, std::to_string(p.get_int(i)));
  for (int i = lt::settings_pack::bool_type_base; i < lt::settings_pack::max_bool_setting_internal; i++)
    add(i, 2, p.get_bool(i) ? "true" : "false");
  return out;
}

rust::Vec<std::uint8_t> session_state_save(const Session &s) {
  auto flags = lt::session::save_settings | lt::session::save_dht_state;
  lt::session_params p = s.ses.session_state(flags);
  // every setting, not only those that differ from libtorrent's defaults:
  // torrentxt's own defaults differ (a quiet session), so a value equal to
  // libtorrent's default (enable_dht=true) must be saved too
  p.settings = s.ses.get_settings();
  p.settings.clear(lt::settings_pack::alert_mask);
  return to_vec(lt::write_session_params_buf(p, flags));
}

void session_state_load(const Session &s, rust::Slice<const std::uint8_t> data, std::uint32_t alert_mask) {
  lt::session_params p = decode_state(data);
  keep_ours(p.settings, alert_mask);
  check_buffer_sizes(s, p.settings);
  // the routing table first, so a DHT the settings start begins with it;
  // a DHT already running learns the nodes as bootstrap nodes
  std::vector<std::pair<std::string, int>> nodes;
  for (auto const &ep : p.dht_state.nodes) nodes.emplace_back(ep.address().to_string(), ep.port());
  for (auto const &ep : p.dht_state.nodes6) nodes.emplace_back(ep.address().to_string(), ep.port());
  s.ses.set_dht_state(std::move(p.dht_state));
  s.ses.apply_settings(std::move(p.settings));
  for (auto const &n : nodes) s.ses.add_dht_node(n);
}

int setting_kind(rust::Str key) {
  int idx = lt::setting_by_name(str(key));
  if (idx < 0) return -1;
  switch (idx & lt::settings_pack::type_mask) {
    case lt::settings_pack::string_type_base: return 0;
    case lt::settings_pack::int_type_base: return 1;
    case lt::settings_pack::bool_type_base: return 2;
    default: return -1;
  }
}

void set_int_setting(const Session &s, rust::Str key, std::int32_t value) {
  lt::settings_pack p;
  p.set_int(lt::setting_by_name(str(key)), value);
  check_buffer_sizes(s, p);
  s.ses.apply_settings(std::move(p));
}

void set_bool_setting(const Session &s, rust::Str key, bool value) {
  lt::settings_pack p;
  p.set_bool(lt::setting_by_name(str(key)), value);
  s.ses.apply_settings(std::move(p));
}

void set_str_setting(const Session &s, rust::Str key, rust::Str value) {
  lt::settings_pack p;
  p.set_str(lt::setting_by_name(str(key)), str(value));
  s.ses.apply_settings(std::move(p));
}

rust::String get_setting(const Session &s, rust::Str key) {
  int idx = lt::setting_by_name(str(key));
  if (idx < 0) bad_arg("unknown setting '" + str(key) + "'");
  lt::settings_pack p = s.ses.get_settings();
  switch (idx & lt::settings_pack::type_mask) {
    case lt::settings_pack::string_type_base: return lossy(p.get_str(idx));
    case lt::settings_pack::int_type_base: return rust::String(std::to_string(p.get_int(idx)));
    default: return rust::String(p.get_bool(idx) ? "true" : "false");
  }
}

std::int32_t listen_port(const Session &s) { return s.ses.listen_port(); }

void session_pause(const Session &s, bool pause) {
  auto &ses = s.ses;
  if (pause) ses.pause(); else ses.resume();
}

bool session_is_paused(const Session &s) { return s.ses.is_paused(); }

void ip_filter_add(const Session &s, rust::Str first, rust::Str last, bool block) {
  lt::error_code ec;
  auto a = lt::make_address(str(first), ec);
  if (ec) bad_arg("bad IP address '" + str(first) + "'");
  auto b = lt::make_address(str(last), ec);
  if (ec) bad_arg("bad IP address '" + str(last) + "'");
  if (a.is_v4() != b.is_v4()) bad_arg("an IP range must not mix IPv4 and IPv6");
  if (b < a) bad_arg("the range's first address is above its last");
  auto &ses = s.ses;
  lt::ip_filter f = ses.get_ip_filter();
  f.add_rule(a, b, block ? lt::ip_filter::blocked : 0);
  ses.set_ip_filter(std::move(f));
}

void ip_filter_clear(const Session &s) { s.ses.set_ip_filter(lt::ip_filter()); }

void selftest_throw(std::int32_t kind) {
  if (kind == 1) throw std::runtime_error("selftest: std::runtime_error from C++");
  if (kind == 2) throw 42;
}

}  // namespace btx
