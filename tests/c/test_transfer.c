/* Real transfers over 127.0.0.1 between two sessions: from a .torrent and
 * from a magnet link (metadata fetched from the seed). Bytes are compared. */
#include "harness.h"

#define SIZE (32u << 20)

static int seed_ready(int s, int t) {
  long long until = now_ms() + 60000;
  status_t st;
  while (now_ms() < until) {
    drain_once(s, &g_log);
    if (get_status(t, &st) && st_int(&st, BTX_STATUS_IS_SEEDING)) return 1;
    sleep_ms(20);
  }
  return 0;
}

int main(void) {
  char text[512];
  mkdirs(path_in("seed"));
  mkdirs(path_in("leech"));
  mkdirs(path_in("magnet"));
  write_random_file(path_in("seed/payload.bin"), SIZE, 42);

  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("seed/payload.bin"), 0, "", &tlen);
  REQUIRE(tor != NULL && tlen > 0, "create_torrent");

  int a = loopback_session(), b = loopback_session(), c = loopback_session();
  REQUIRE(a > 0 && b > 0 && c > 0, "sessions");
  int port_a = btx_listen_port(a);
  REQUIRE(port_a > 0, "seed listening");

  int ta = btx_add_torrent_file(a, tor, tlen, path_in("seed"));
  REQUIRE(ta > 0, "seed add");
  REQUIRE(seed_ready(a, ta), "seed finished checking");

  /* leech: added started (not paused, not auto-managed) through the _ex form */
  char flags[32], mask[32];
  snprintf(flags, sizeof flags, "0");
  snprintf(mask, sizeof mask, "%llu", (unsigned long long)(BTX_FLAG_PAUSED | BTX_FLAG_AUTO_MANAGED));
  int tb = btx_add_torrent_file_ex(b, tor, tlen, path_in("leech"), flags, mask);
  REQUIRE(tb > 0, "leech add");
  CHECK(wait_event(b, BTX_EVENT_TORRENT_ADDED, tb, 5000), "torrentAdded");
  CHECK(btx_connect_peer(tb, "127.0.0.1", port_a) == BTX_OK, "connect_peer");

  long long t0 = now_ms();
  int finished = wait_event(b, BTX_EVENT_TORRENT_FINISHED, tb, 120000);
  long long took = now_ms() - t0;
  REQUIRE(finished, "leech did not finish in 120 s");
  printf("32 MiB loopback transfer (.torrent): %lld ms (%.1f MiB/s)\n", took, 32.0 * 1000.0 / (double)(took ? took : 1));
  CHECK(same_file(path_in("seed/payload.bin"), path_in("leech/payload.bin")), "downloaded bytes differ");

  /* the status record, field by field */
  status_t st;
  REQUIRE(get_status(tb, &st), "status");
  CHECK(st.n == 28, "28 fields, got %d", st.n);
  CHECK(strcmp(btxd_text(st.f, st.n, BTX_STATUS_NAME, text, sizeof text), "payload.bin") == 0, "name %s", text);
  CHECK(st_int(&st, BTX_STATUS_TOTAL_SIZE) == SIZE, "totalSize %lld", st_int(&st, BTX_STATUS_TOTAL_SIZE));
  CHECK(st_int(&st, BTX_STATUS_TOTAL_DONE) == SIZE, "totalDone");
  CHECK(st_int(&st, BTX_STATUS_TOTAL_WANTED) == SIZE, "totalWanted");
  long long pieces = st_int(&st, BTX_STATUS_NUM_PIECES), plen = st_int(&st, BTX_STATUS_PIECE_LENGTH);
  CHECK(pieces > 0 && plen >= 16384 && pieces * plen >= SIZE && (pieces - 1) * plen < SIZE, "pieces %lld x %lld", pieces, plen);
  CHECK(strcmp(btxd_text(st.f, st.n, BTX_STATUS_PROGRESS, text, sizeof text), "1") == 0, "progress %s", text);
  CHECK(st_int(&st, BTX_STATUS_IS_FINISHED) == 1, "isFinished");
  CHECK(st_int(&st, BTX_STATUS_IS_PAUSED) == 0, "isPaused");
  CHECK(st_int(&st, BTX_STATUS_ETA) == 0, "eta of a finished torrent");
  /* libtorrent folds session counters into all_time_download once a second */
  for (long long until = now_ms() + 5000; st_int(&st, BTX_STATUS_ALL_TIME_DOWNLOAD) < SIZE && now_ms() < until;) {
    sleep_ms(50);
    get_status(tb, &st);
  }
  CHECK(st_int(&st, BTX_STATUS_ALL_TIME_DOWNLOAD) >= SIZE, "allTimeDownload %lld", st_int(&st, BTX_STATUS_ALL_TIME_DOWNLOAD));
  CHECK(st_int(&st, BTX_STATUS_ADDED_TIME) > 1600000000, "addedTime");
  CHECK(st_int(&st, BTX_STATUS_COMPLETED_TIME) >= st_int(&st, BTX_STATUS_ADDED_TIME), "completedTime");
  CHECK(strcmp(btxd_text(st.f, st.n, BTX_STATUS_SAVE_PATH, text, sizeof text), path_in("leech")) == 0, "savePath %s", text);
  CHECK(strlen(btxd_text(st.f, st.n, BTX_STATUS_ERROR, text, sizeof text)) == 0, "error '%s'", text);
  CHECK(btxd_find(st.f, st.n, BTX_STATUS_INFO_HASH_V1)->type == BTX_TYPE_HEX, "hash type");
  char v1[64], v2[80], hex[64];
  btxd_text(st.f, st.n, BTX_STATUS_INFO_HASH_V1, v1, sizeof v1);
  btxd_text(st.f, st.n, BTX_STATUS_INFO_HASH_V2, v2, sizeof v2);
  CHECK(strlen(v1) == 40 && strlen(v2) == 64, "hybrid torrent has both hashes: %s / %s", v1, v2);
  CHECK(btx_info_hash_hex(tb, hex, sizeof hex) == 40 && strcmp(hex, v1) == 0, "info_hash_hex %s", hex);
  CHECK(btx_find_torrent(b, v1) == tb, "find by v1");
  CHECK(btx_find_torrent(a, v1) == ta, "find in seed session");
  CHECK(btx_find_torrent(c, v1) == 0, "not in c");
  CHECK(btx_torrent_count(b) == 1 && btx_torrent_handle_at(b, 0) == tb, "enumerate");
  CHECK(btx_torrent_handle_at(b, 1) == 0 && btx_torrent_handle_at(b, -1) == 0, "out of range");
  /* pieceFinished came once per piece */
  CHECK(g_log.counts[BTX_EVENT_PIECE_FINISHED] >= pieces, "pieceFinished %d of %lld", g_log.counts[BTX_EVENT_PIECE_FINISHED], pieces);
  /* the seed uploaded it all */
  status_t sa;
  get_status(ta, &sa);
  CHECK(st_int(&sa, BTX_STATUS_IS_SEEDING) == 1, "seed seeding");

  /* the host's own action is visible at once */
  CHECK(btx_pause(tb) == BTX_OK, "pause");
  get_status(tb, &st);
  CHECK(st_int(&st, BTX_STATUS_IS_PAUSED) == 1, "status right after btx_pause says paused");
  CHECK((st_int(&st, BTX_STATUS_FLAGS) & BTX_FLAG_PAUSED) != 0, "paused flag");
  CHECK(wait_event(b, BTX_EVENT_TORRENT_PAUSED, tb, 5000), "torrentPaused");
  CHECK(btx_resume(tb) == BTX_OK, "resume");
  get_status(tb, &st);
  CHECK(st_int(&st, BTX_STATUS_IS_PAUSED) == 0, "status right after btx_resume says running");
  CHECK(wait_event(b, BTX_EVENT_TORRENT_RESUMED, tb, 5000), "torrentResumed");

  /* the same payload from a magnet link: metadata comes from the seed */
  char uri[256];
  snprintf(uri, sizeof uri, "magnet:?xt=urn:btih:%s&dn=payload.bin", v1);
  int tc = btx_add_magnet_ex(c, uri, path_in("magnet"), flags, mask);
  REQUIRE(tc > 0, "magnet add");
  get_status(tc, &st);
  CHECK(st_int(&st, BTX_STATUS_NUM_PIECES) == 0, "no metadata yet");
  CHECK(btx_connect_peer(tc, "127.0.0.1", port_a) == BTX_OK, "connect_peer");
  t0 = now_ms();
  CHECK(wait_event(c, BTX_EVENT_METADATA_RECEIVED, tc, 60000), "metadataReceived");
  char name[64];
  btxd_reader r = btxd_make(g_log.last_body[BTX_EVENT_METADATA_RECEIVED], g_log.last_len[BTX_EVENT_METADATA_RECEIVED]);
  btxd_field mf[BTXD_MAX_FIELDS];
  int mn = btxd_record(&r, mf, BTXD_MAX_FIELDS);
  CHECK(strcmp(btxd_text(mf, mn, BTX_EVKEY_TORRENT_NAME, name, sizeof name), "payload.bin") == 0, "metadata name %s", name);
  CHECK(strcmp(btxd_text(mf, mn, BTX_EVKEY_INFO_HASH_V1, name, sizeof name), v1) == 0, "metadata hash %s", name);
  finished = g_log.counts[BTX_EVENT_TORRENT_FINISHED] && g_log.last_torrent[BTX_EVENT_TORRENT_FINISHED] == tc;
  if (!finished) finished = wait_event(c, BTX_EVENT_TORRENT_FINISHED, tc, 120000);
  took = now_ms() - t0;
  REQUIRE(finished, "magnet leech did not finish");
  printf("32 MiB loopback transfer (magnet, metadata included): %lld ms\n", took);
  CHECK(same_file(path_in("seed/payload.bin"), path_in("magnet/payload.bin")), "magnet bytes differ");
  get_status(tc, &st);
  CHECK(st_int(&st, BTX_STATUS_NUM_PIECES) == pieces, "pieces after metadata");

  free(tor);
  btx_session_free(a);
  btx_session_free(b);
  btx_session_free(c);
  cleanup_tmp();
  return done();
}
