/* A real BitTorrent tracker (opentracker) on 127.0.0.1, started by this test:
 * announce, trackerReply with peers, scrape numbers, and a download whose
 * only source of peers is that tracker (no DHT, no LSD, no connect_peer). */
#include "harness.h"

#define SIZE (8u << 20)

int main(void) {
  char url[128], text[256];
  int port = free_port();
  REQUIRE(port > 0, "free port");
  snprintf(url, sizeof url, "http://127.0.0.1:%d/announce", port);
  mkdirs(path_in("tracker"));
  mkdirs(path_in("seed"));
  mkdirs(path_in("leech"));
  write_random_file(path_in("seed/t.bin"), SIZE, 77);
  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("seed/t.bin"), 0, url, &tlen);
  REQUIRE(tor, "create with tracker");

  /* the seed is added paused until the tracker runs */
  int a = loopback_session(), b = loopback_session();
  /* libtorrent's SSRF mitigation refuses scrapes of a tracker on localhost */
  CHECK(btx_set_bool(b, "ssrf_mitigation", 0) == BTX_OK, "ssrf_mitigation");
  int ta = btx_add_torrent_file_ex(a, tor, tlen, path_in("seed"), "16", "48");
  REQUIRE(ta > 0, "seed");
  /* Debian's opentracker serves only whitelisted hashes: the v1 hash and the
   * truncated v2 hash (a hybrid torrent announces both) */
  status_t st;
  REQUIRE(get_status(ta, &st), "status");
  char v1[64], v2[80];
  btxd_text(st.f, st.n, BTX_STATUS_INFO_HASH_V1, v1, sizeof v1);
  btxd_text(st.f, st.n, BTX_STATUS_INFO_HASH_V2, v2, sizeof v2);
  FILE *wl = fopen(path_in("tracker/whitelist"), "w");
  REQUIRE(wl, "whitelist");
  fprintf(wl, "%s\n%.40s\n", v1, v2);
  fclose(wl);
  char portstr[16];
  snprintf(portstr, sizeof portstr, "%d", port);
  /* -d chroots there; the whitelist path is relative to it */
  char *argv[] = {"opentracker", "-i", "127.0.0.1", "-p", portstr, "-P", portstr,
                  "-d", (char *)path_in("tracker"), "-w", "whitelist", NULL};
  pid_t tracker = start_program(argv, port);
  REQUIRE(tracker > 0, "opentracker did not start on 127.0.0.1:%d (is it installed?)", port);
  CHECK(btx_resume(ta) == BTX_OK, "start the seed");
  if (!wait_seeding(a, ta, 30000)) stop_program(tracker);
  REQUIRE(st_int(&st, 0) == 0 && wait_seeding(a, ta, 1), "seed");
  list_t l = {0};
  CHECK(get_list(btx_trackers, ta, &l) == 1 && strcmp(li_text(&l, 0, BTX_TRACKER_URL, text, sizeof text), url) == 0, "tracker list %s", text);
  CHECK(wait_seen(a, BTX_EVENT_TRACKER_REPLY, ta, 20000), "seed's announce answered");

  /* the leech learns the seed only from the tracker */
  int tb = btx_add_torrent_file_ex(b, tor, tlen, path_in("leech"), "0", "48");
  REQUIRE(tb > 0, "leech");
  CHECK(wait_event(b, BTX_EVENT_TRACKER_REPLY, tb, 20000), "leech's announce answered");
  {
    btxd_reader r = btxd_make(g_log.last_body[BTX_EVENT_TRACKER_REPLY], g_log.last_len[BTX_EVENT_TRACKER_REPLY]);
    btxd_field f[BTXD_MAX_FIELDS];
    int n = btxd_record(&r, f, BTXD_MAX_FIELDS);
    CHECK(btxd_int(f, n, BTX_EVKEY_NUM_PEERS) >= 1, "trackerReply numPeers %lld", btxd_int(f, n, BTX_EVKEY_NUM_PEERS));
    CHECK(strcmp(btxd_text(f, n, BTX_EVKEY_TRACKER, text, sizeof text), url) == 0, "trackerReply names %s", text);
  }
  CHECK(wait_event(b, BTX_EVENT_TORRENT_FINISHED, tb, 60000), "download via the tracker's peer list");
  CHECK(same_file(path_in("seed/t.bin"), path_in("leech/t.bin")), "bytes");
  CHECK(get_list(btx_trackers, tb, &l) == 1 && li_int(&l, 0, BTX_TRACKER_VERIFIED) == 1, "tracker verified");

  /* scrape: the swarm now has seeds */
  int ok = 0;
  for (int i = 0; i < 5 && !ok; i++) {
    CHECK(btx_scrape_tracker(tb) == BTX_OK, "scrape");
    if (!wait_event(b, BTX_EVENT_SCRAPE_REPLY, tb, 10000)) {
      if (g_log.counts[BTX_EVENT_TRACKER_ERROR]) {
        btxd_reader r = btxd_make(g_log.last_body[BTX_EVENT_TRACKER_ERROR], g_log.last_len[BTX_EVENT_TRACKER_ERROR]);
        btxd_field f[BTXD_MAX_FIELDS];
        int n = btxd_record(&r, f, BTXD_MAX_FIELDS);
        printf("last tracker error: %s\n", btxd_text(f, n, BTX_EVKEY_MESSAGE, text, sizeof text));
      }
      continue;
    }
    btxd_reader r = btxd_make(g_log.last_body[BTX_EVENT_SCRAPE_REPLY], g_log.last_len[BTX_EVENT_SCRAPE_REPLY]);
    btxd_field f[BTXD_MAX_FIELDS];
    int n = btxd_record(&r, f, BTXD_MAX_FIELDS);
    long long complete = btxd_int(f, n, BTX_STATUS_NUM_COMPLETE), incomplete = btxd_int(f, n, BTX_STATUS_NUM_INCOMPLETE);
    printf("scrape: complete %lld, incomplete %lld, numPeers %lld\n", complete, incomplete, btxd_int(f, n, BTX_EVKEY_NUM_PEERS));
    CHECK(btxd_int(f, n, BTX_EVKEY_NUM_PEERS) == complete + incomplete, "numPeers = complete + incomplete");
    ok = complete >= 1;
    if (!ok) sleep_ms(1000);
  }
  CHECK(ok, "scrape reports at least one seed");
  get_status(tb, &st);
  CHECK(st_int(&st, BTX_STATUS_NUM_COMPLETE) >= 1, "status numComplete %lld", st_int(&st, BTX_STATUS_NUM_COMPLETE));
  CHECK(btx_force_reannounce(tb) == BTX_OK && wait_event(b, BTX_EVENT_TRACKER_REPLY, tb, 20000), "forced reannounce answered");

  free(l.buf);
  free(tor);
  btx_session_free(a);
  btx_session_free(b);
  stop_program(tracker);
  cleanup_tmp();
  return done();
}
