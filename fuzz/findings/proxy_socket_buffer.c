/* Finding (session_state target, 2026-12-06): libtorrent 2.0.8 dies with a
 * null-pointer read (SIGSEGV on its network thread) when send_ or
 * recv_socket_buffer_size changes while peer connections go through a proxy
 * (proxy_type != none, proxy_peer_connections on, the default): in that mode
 * its listen entries have no sockets, and
 * session_impl::update_socket_buffer_size dereferences them. Any path that
 * applies such a change reached it: btx_set_int, btx_apply_settings,
 * btx_apply_preset("min_memory_usage") (16 KiB buffers) and
 * btx_session_state_load. libtorrent's own Python bindings die the same way
 * (session with proxy_type=2, then apply_settings({'send_socket_buffer_size':
 * 65536})). Born with both, or with the proxy off, is safe.
 *
 * torrentxt now refuses the change (BTX_ERR_INVALID_ARG, "... cannot change
 * while peer connections go through a proxy ...") before anything applies
 * (cpp/session.cpp check_buffer_sizes); tests/c/test_session_cfg.c part 7
 * checks it, and fuzz/regressions/session_state/proxy-socket-buffer-size is
 * the input that found it. This program shows the refusal (exit 0) or the
 * crash (killed by SIGSEGV) of the library it is linked with:
 *   ci/build-lib.sh
 *   cc -Iinclude fuzz/findings/proxy_socket_buffer.c -Ltarget/dist -ltorrentxt \
 *      -Wl,-rpath,$PWD/target/dist -o /tmp/psb && unshare -n /tmp/psb */
#include <stdio.h>
#include <time.h>

#include "torrentxt.h"

int main(void) {
  int s = btx_session_new_with("listen_interfaces=127.0.0.1:0\nenable_dht=false\nenable_lsd=false\n"
                               "enable_upnp=false\nenable_natpmp=false\n"
                               "proxy_type=2\nproxy_hostname=127.0.0.1\nproxy_port=1\n");
  if (s <= 0) return 2;
  struct timespec ts = {0, 300 * 1000000L};
  nanosleep(&ts, NULL);
  int rc = btx_set_int(s, "send_socket_buffer_size", "65536");
  char err[256] = "";
  btx_last_error(err, sizeof err);
  nanosleep(&ts, NULL);
  printf("btx_set_int: %d (%s); still alive\n", rc, err);
  btx_session_free(s);
  return rc == BTX_ERR_INVALID_ARG ? 0 : 1;
}
