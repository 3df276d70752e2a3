/* The IP filter: a blocked range keeps a peer from connecting; clearing the
 * filter lets it in. Plus the argument rules (one family per range). */
#include "harness.h"

#define SIZE (4u << 20)

int main(void) {
  mkdirs(path_in("seed"));
  mkdirs(path_in("leech"));
  write_random_file(path_in("seed/f.bin"), SIZE, 21);
  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("seed/f.bin"), 0, "", &tlen);
  REQUIRE(tor, "create");
  int a = loopback_session(), b = loopback_session();
  int ta = btx_add_torrent_file(a, tor, tlen, path_in("seed"));
  REQUIRE(ta > 0 && wait_seeding(a, ta, 30000), "seed");

  CHECK(btx_ip_filter_add(a, "127.0.0.0", "127.255.255.255", 1) == BTX_OK, "block loopback");
  CHECK(btx_ip_filter_add(a, "::1", "::1", 1) == BTX_OK, "IPv6 range");
  CHECK(btx_ip_filter_add(a, "127.0.0.1", "::1", 1) == BTX_ERR_INVALID_ARG, "mixed families");
  CHECK(btx_ip_filter_add(a, "10.0.0.9", "10.0.0.1", 1) == BTX_ERR_INVALID_ARG, "reversed range");
  CHECK(btx_ip_filter_add(a, "nope", "10.0.0.1", 1) == BTX_ERR_INVALID_ARG, "bad address");
  CHECK(btx_ip_filter_add(a, NULL, "10.0.0.1", 1) == BTX_ERR_INVALID_ARG, "NULL");

  /* the leech may retry a peer that refused it after 1 s, not libtorrent's 60 */
  CHECK(btx_set_int(b, "min_reconnect_time", "1") == BTX_OK, "min_reconnect_time");
  int tb = btx_add_torrent_file_ex(b, tor, tlen, path_in("leech"), "0", "48");
  REQUIRE(tb > 0, "leech");
  status_t st;
  btx_connect_peer(tb, "127.0.0.1", btx_listen_port(a));
  int got_in = 0;
  for (long long until = now_ms() + 3000; now_ms() < until; sleep_ms(100)) {
    get_status(tb, &st);
    got_in |= st_int(&st, BTX_STATUS_TOTAL_DONE) > 0;
  }
  CHECK(!got_in, "a blocked peer got %lld bytes", st_int(&st, BTX_STATUS_TOTAL_DONE));
  list_t l = {0};
  CHECK(get_list(btx_peer_list, ta, &l) == 0, "the seed has no peer while blocking");

  CHECK(btx_ip_filter_clear(a) == BTX_OK, "clear");
  sleep_ms(1100);
  btx_connect_peer(tb, "127.0.0.1", btx_listen_port(a));
  CHECK(wait_event(b, BTX_EVENT_TORRENT_FINISHED, tb, 30000), "finished once the filter is cleared");
  CHECK(same_file(path_in("seed/f.bin"), path_in("leech/f.bin")), "bytes");

  free(l.buf);
  free(tor);
  btx_session_free(a);
  btx_session_free(b);
  cleanup_tmp();
  return done();
}
