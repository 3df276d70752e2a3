// session.cpp - session creation, settings, session-wide operations, IP filter.
#include "torrentxt/cpp/common.h"

#include <libtorrent/session.hpp>
#include <libtorrent/session_params.hpp>
#include <libtorrent/settings_pack.hpp>
#include <libtorrent/ip_filter.hpp>
#include <libtorrent/alert.hpp>

namespace btx {

std::unique_ptr<Session> session_new() {
  lt::settings_pack p;
  // Quiet by default: nothing talks to the outside world until the host asks.
  p.set_bool(lt::settings_pack::enable_dht, false);
  p.set_bool(lt::settings_pack::enable_lsd, false);
  p.set_bool(lt::settings_pack::enable_upnp, false);
  p.set_bool(lt::settings_pack::enable_natpmp, false);
  p.set_str(lt::settings_pack::dht_bootstrap_nodes, "");
  p.set_str(lt::settings_pack::user_agent, "torrentxt/" "0.1");
  p.set_int(lt::settings_pack::alert_mask,
            static_cast<int>(lt::alert_category::error | lt::alert_category::status |
                             lt::alert_category::storage | lt::alert_category::tracker |
                             lt::alert_category::dht | lt::alert_category::piece_progress |
                             lt::alert_category::file_progress));
  // Our pump drains promptly; a deep queue only matters for bursts.
  p.set_int(lt::settings_pack::alert_queue_size, 100000);
  // Bounded shutdown even when trackers do not answer.
  p.set_int(lt::settings_pack::stop_tracker_timeout, 1);
  lt::session_params params(std::move(p));
  return std::make_unique<Session>(std::move(params));
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
