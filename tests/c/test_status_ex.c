/* The whole torrent_status (issue 9, item 4) and bulk status (item 3).
 * A leech downloads from a lying seed (its data corrupted on disk after it
 * checked) and a good one found through a real tracker (opentracker);
 * fields beyond v8 are checked against the situations that produce them:
 * failed bytes from the liar, tracker fields against opentracker, totals,
 * durations, limits and flags. Then all statuses in one call, field
 * selection, and changed-only calls. */
#include "harness.h"

#define SIZE (8u << 20)

typedef struct {
  uint8_t buf[65536];
  btxd_field f[BTXD_MAX_FIELDS];
  int n;
} ex_t;

static int get_ex(int t, const char *fields, ex_t *x) {
  int len = btx_torrent_status_ex(t, fields, x->buf, sizeof x->buf);
  if (len <= 0) return x->n = 0;
  btxd_reader r = btxd_make(x->buf, (size_t)len);
  x->n = btxd_record(&r, x->f, BTXD_MAX_FIELDS);
  return x->n > 0;
}

static long long ex_int(ex_t *x, uint8_t id) { return btxd_int(x->f, x->n, id); }

static long long unix_now(void) { return (long long)time(NULL); }

/* overwrites `len` bytes at `at` of a file with zeros, in place */
static void corrupt(const char *path, long at, size_t len) {
  FILE *f = fopen(path, "r+b");
  if (!f) return;
  fseek(f, at, SEEK_SET);
  uint8_t *z = calloc(len, 1);
  fwrite(z, 1, len, f);
  free(z);
  fclose(f);
}

/* a bulk call the way a host makes it: size query, then the data */
static uint8_t *bulk(int (*fn)(int, const char *, void *, int), int s, const char *fields, int *len) {
  int need = fn(s, fields, NULL, 0);
  if (need >= 0) return NULL;
  int cap = -need + 4096;
  uint8_t *b = malloc((size_t)cap);
  *len = fn(s, fields, b, cap);
  return b;
}

int main(void) {
  char url[128], text[512];
  int port = free_port();
  snprintf(url, sizeof url, "http://127.0.0.1:%d/announce", port);
  mkdirs(path_in("tracker"));
  mkdirs(path_in("good"));
  mkdirs(path_in("liar"));
  write_random_file(path_in("good/p.bin"), SIZE, 21);
  write_random_file(path_in("liar/p.bin"), SIZE, 21);
  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("good/p.bin"), 0, url, &tlen);
  REQUIRE(tor, "create");

  int good = loopback_session(), liar = loopback_session(), leech = loopback_session();
  REQUIRE(good > 0 && liar > 0 && leech > 0, "sessions");
  btx_set_bool(leech, "ssrf_mitigation", 0);
  int tg = btx_add_torrent_file_ex(good, tor, tlen, path_in("good"), "16", "48");
  int tl = btx_add_torrent_file(liar, tor, tlen, path_in("liar"));
  REQUIRE(tg > 0 && tl > 0, "seeds");
  REQUIRE(wait_seeding(liar, tl, 30000), "the liar checked its (still good) data");
  /* now the liar's data goes bad behind libtorrent's back */
  corrupt(path_in("liar/p.bin"), 0, 1u << 20);

  /* opentracker for the good seed */
  ex_t x;
  status_t st;
  get_status(tg, &st);
  char v1[64], v2[80];
  btxd_text(st.f, st.n, BTX_STATUS_INFO_HASH_V1, v1, sizeof v1);
  btxd_text(st.f, st.n, BTX_STATUS_INFO_HASH_V2, v2, sizeof v2);
  pid_t tracker = start_opentracker(path_in("tracker"), port, v1, v2);
  REQUIRE(tracker > 0, "opentracker");

  /* the leech first meets only the liar: its pieces fail their hash check.
   * It does not announce yet (paused on the tracker side: no peers). */
  int tc = btx_add_torrent_file_ex(leech, tor, tlen, path_in("leech"), "0", "48");
  REQUIRE(tc > 0, "leech");
  CHECK(btx_set_max_connections(tc, 50) == BTX_OK && btx_set_max_uploads(tc, 7) == BTX_OK, "limits");
  btx_connect_peer(tc, "127.0.0.1", btx_listen_port(liar));
  long long failed = 0;
  for (long long until = now_ms() + 30000; failed == 0 && now_ms() < until; sleep_ms(50)) {
    drain_once(leech, &g_log);
    if (get_ex(tc, "totalFailedBytes", &x)) failed = ex_int(&x, BTX_STATUS_TOTAL_FAILED_BYTES);
  }
  long long plen = st_int(&st, BTX_STATUS_PIECE_LENGTH);
  printf("failed bytes after the liar: %lld (piece length %lld)\n", failed, plen);
  CHECK(failed >= plen && failed % plen == 0, "totalFailedBytes counts whole failed pieces: %lld", failed);

  /* the good seed starts and announces; the leech finds it through the
   * tracker and finishes */
  btx_resume(tg);
  REQUIRE(wait_seeding(good, tg, 30000), "good seed");
  CHECK(wait_seen(good, BTX_EVENT_TRACKER_REPLY, tg, 20000), "good seed announced");
  btx_force_reannounce(tc);
  int finished = 0;
  for (long long until = now_ms() + 90000; !finished && now_ms() < until; sleep_ms(50)) {
    drain_once(good, &g_log);
    drain_once(liar, &g_log);
    drain_once(leech, &g_log);
    finished = get_status(tc, &st) && st_int(&st, BTX_STATUS_IS_FINISHED);
  }
  REQUIRE(finished, "the leech finished");
  CHECK(same_file(path_in("good/p.bin"), path_in("leech/p.bin")), "bytes are the good seed's");
  sleep_ms(2500); /* libtorrent folds counters and durations in once a second */

  /* every field, in registry order, v8's 28 first */
  REQUIRE(get_ex(tc, NULL, &x), "status_ex");
  CHECK(x.n >= 70, "every status field: %d", x.n);
  CHECK(x.f[0].id == BTX_STATUS_NAME && x.f[27].id == BTX_STATUS_FLAGS && x.f[28].id == BTX_STATUS_TOTAL_DOWNLOAD,
        "v8's 28 first, then the rest");
  long long pieces = ex_int(&x, BTX_STATUS_NUM_PIECES);
  CHECK(ex_int(&x, BTX_STATUS_TOTAL_FAILED_BYTES) >= failed, "failed bytes kept");
  CHECK(ex_int(&x, BTX_STATUS_TOTAL_PAYLOAD_DOWNLOAD) >= SIZE, "payload download %lld", ex_int(&x, BTX_STATUS_TOTAL_PAYLOAD_DOWNLOAD));
  CHECK(ex_int(&x, BTX_STATUS_TOTAL_DOWNLOAD) > ex_int(&x, BTX_STATUS_TOTAL_PAYLOAD_DOWNLOAD), "protocol total above payload");
  CHECK(ex_int(&x, BTX_STATUS_TOTAL_REDUNDANT_BYTES) >= 0, "redundant bytes");
  printf("redundant bytes: %lld\n", ex_int(&x, BTX_STATUS_TOTAL_REDUNDANT_BYTES));
  CHECK(ex_int(&x, BTX_STATUS_TOTAL) == SIZE && ex_int(&x, BTX_STATUS_TOTAL_WANTED_DONE) == SIZE, "total %lld, wanted done %lld",
        ex_int(&x, BTX_STATUS_TOTAL), ex_int(&x, BTX_STATUS_TOTAL_WANTED_DONE));
  CHECK(ex_int(&x, BTX_STATUS_NUM_HAVE_PIECES) == pieces, "have every piece");
  CHECK(ex_int(&x, BTX_STATUS_PROGRESS_PPM) == 1000000, "progress ppm");
  CHECK(ex_int(&x, BTX_STATUS_HAS_METADATA) == 1, "has metadata");
  CHECK(ex_int(&x, BTX_STATUS_BLOCK_SIZE) == 16384, "block size");
  CHECK(ex_int(&x, BTX_STATUS_STORAGE_MODE) == 1, "sparse storage");
  CHECK(ex_int(&x, BTX_STATUS_NEED_SAVE_RESUME) == 1, "needs a resume save after downloading");
  CHECK(ex_int(&x, BTX_STATUS_LAST_DOWNLOAD) >= unix_now() - 120, "last download %lld", ex_int(&x, BTX_STATUS_LAST_DOWNLOAD));
  CHECK(ex_int(&x, BTX_STATUS_LAST_SEEN_COMPLETE) >= unix_now() - 120, "a complete copy was seen");
  CHECK(ex_int(&x, BTX_STATUS_ACTIVE_DURATION) >= 1, "active %lld s", ex_int(&x, BTX_STATUS_ACTIVE_DURATION));
  CHECK(ex_int(&x, BTX_STATUS_FINISHED_DURATION) >= 1, "finished %lld s", ex_int(&x, BTX_STATUS_FINISHED_DURATION));
  CHECK(ex_int(&x, BTX_STATUS_CONNECTIONS_LIMIT) == 50 && ex_int(&x, BTX_STATUS_UPLOADS_LIMIT) == 7, "limits read back (%lld, %lld)",
        ex_int(&x, BTX_STATUS_CONNECTIONS_LIMIT), ex_int(&x, BTX_STATUS_UPLOADS_LIMIT));
  CHECK(ex_int(&x, BTX_STATUS_ERROR_FILE) == -1 && ex_int(&x, BTX_STATUS_ERROR_CODE) == 0, "no error");
  CHECK(ex_int(&x, BTX_STATUS_LIST_PEERS) >= 1, "peers known");
  CHECK(ex_int(&x, BTX_STATUS_QUEUE_POSITION) == -1, "a finished torrent is not queued");
  /* tracker fields against opentracker */
  CHECK(strcmp(btxd_text(x.f, x.n, BTX_STATUS_CURRENT_TRACKER, text, sizeof text), url) == 0, "current tracker '%s'", text);
  CHECK(ex_int(&x, BTX_STATUS_ANNOUNCING_TO_TRACKERS) == 1 && ex_int(&x, BTX_STATUS_ANNOUNCING_TO_DHT) == 1 &&
            ex_int(&x, BTX_STATUS_ANNOUNCING_TO_LSD) == 1,
        "announces to its tracker, and would to the DHT and LSD");
  {
    /* libtorrent turns these off while a torrent is paused */
    ex_t y;
    btx_pause(tc);
    CHECK(get_ex(tc, "announcingToDht,announcingToLsd,announcingToTrackers", &y) && ex_int(&y, BTX_STATUS_ANNOUNCING_TO_DHT) == 0 &&
              ex_int(&y, BTX_STATUS_ANNOUNCING_TO_LSD) == 0 && ex_int(&y, BTX_STATUS_ANNOUNCING_TO_TRACKERS) == 0,
          "paused: announcing nowhere");
    btx_resume(tc);
    CHECK(get_ex(tc, "announcingToTrackers", &y) && ex_int(&y, BTX_STATUS_ANNOUNCING_TO_TRACKERS) == 1, "resumed: announcing again");
    char f[32];
    snprintf(f, sizeof f, "%llu", (unsigned long long)(BTX_FLAG_DISABLE_DHT | BTX_FLAG_DISABLE_LSD | BTX_FLAG_DISABLE_PEX));
    CHECK(btx_set_torrent_flags(tc, f, f) == BTX_OK && get_ex(tc, "flags", &y) &&
              (ex_int(&y, BTX_STATUS_FLAGS) & (long long)(BTX_FLAG_DISABLE_DHT | BTX_FLAG_DISABLE_LSD | BTX_FLAG_DISABLE_PEX)) ==
                  (long long)(BTX_FLAG_DISABLE_DHT | BTX_FLAG_DISABLE_LSD | BTX_FLAG_DISABLE_PEX),
          "the per-torrent DHT/LSD/PEX flags beyond v8 set and read back");
  }
  long long next = ex_int(&x, BTX_STATUS_NEXT_ANNOUNCE);
  printf("next announce in %lld s\n", next);
  /* opentracker asks for 30 minutes plus a random spread of up to 6 */
  CHECK(next > 60 && next <= 1800 + 360, "next announce follows opentracker's interval (30 min): %lld s", next);
  /* the good seed's side */
  REQUIRE(get_ex(tg, NULL, &x), "seed status_ex");
  CHECK(ex_int(&x, BTX_STATUS_HAS_INCOMING) == 1, "the seed had an incoming connection");
  CHECK(ex_int(&x, BTX_STATUS_LAST_UPLOAD) >= unix_now() - 120, "the seed uploaded lately");
  CHECK(ex_int(&x, BTX_STATUS_TOTAL_PAYLOAD_UPLOAD) > 0, "the seed uploaded payload");
  CHECK(ex_int(&x, BTX_STATUS_SEEDING_DURATION) >= 1, "seeding for %lld s", ex_int(&x, BTX_STATUS_SEEDING_DURATION));
  /* a flag set by the host shows up */
  CHECK(btx_set_torrent_flags(tc, "512", "512") == BTX_OK, "sequential");
  REQUIRE(get_ex(tc, "flags", &x), "flags");
  CHECK(x.n == 1 && (ex_int(&x, BTX_STATUS_FLAGS) & 512), "flags has sequential_download");

  /* field selection: names and ids, in the host's order */
  REQUIRE(get_ex(tc, "progress, name,140", &x), "selection");
  CHECK(x.n == 3 && x.f[0].id == BTX_STATUS_PROGRESS && x.f[1].id == BTX_STATUS_NAME && x.f[2].id == 140, "three fields in order");
  REQUIRE(get_ex(tc, "v8", &x), "v8 selection");
  CHECK(x.n == 28, "v8 selection: %d", x.n);
  uint8_t small[8];
  CHECK(btx_torrent_status_ex(tc, "nosuchfield", small, sizeof small) == 0 && strstr(last_err(), "nosuchfield"),
        "unknown field: %s", last_err());
  CHECK(btx_torrent_status_ex(tc, NULL, small, sizeof small) < 0, "-needed");
  CHECK(btx_torrent_status_ex(0, NULL, small, sizeof small) == 0, "bad handle");

  /* ---- bulk: many torrents, one call ---------------------------------- */
  int handles[40];
  for (int i = 0; i < 40; i++) {
    char m[128];
    snprintf(m, sizeof m, "magnet:?xt=urn:btih:%040x&dn=idle%d", i + 1, i);
    handles[i] = btx_add_magnet_ex(leech, m, path_in("idle"), "16", "48");
  }
  CHECK(handles[39] > 0, "40 idle torrents");
  int len = 0;
  uint8_t *b = bulk(btx_status_all, leech, NULL, &len);
  REQUIRE(b && len > 0, "status_all: %s", last_err());
  btxd_reader r = btxd_make(b, (size_t)len);
  uint32_t items = btxd_list_begin(&r);
  CHECK(items == 41, "every torrent: %u", items);
  btxd_reader it;
  int ok_items = 0, seen_tc = 0, seen_last = 0;
  for (uint32_t i = 0; i < items && btxd_list_next(&r, &it); i++) {
    btxd_field f[BTXD_MAX_FIELDS];
    int n = btxd_record(&it, f, BTXD_MAX_FIELDS);
    if (n >= 71 && f[0].id == BTX_EVKEY_TORRENT) ok_items++;
    long long h = btxd_int(f, n, BTX_EVKEY_TORRENT);
    if (h == tc) seen_tc = 1;
    if (h == handles[39]) seen_last = (int)i == 40;
  }
  CHECK(ok_items == 41, "each tagged with its handle, every field: %d", ok_items);
  CHECK(seen_tc && seen_last, "in the order the torrents were added");
  free(b);
  b = bulk(btx_status_all, leech, "name,isPaused", &len);
  REQUIRE(b, "selected bulk");
  r = btxd_make(b, (size_t)len);
  items = btxd_list_begin(&r);
  btxd_list_next(&r, &it);
  btxd_field f3[8];
  CHECK(btxd_record(&it, f3, 8) == 3 && f3[1].id == BTX_STATUS_NAME && f3[2].id == BTX_STATUS_IS_PAUSED, "torrent, name, isPaused");
  free(b);

  /* changed-only: the first call has everything, then only what changed
   * (after libtorrent's first report on the new torrents has come in) */
  sleep_ms(1000);
  b = bulk(btx_status_changed, leech, "isPaused", &len);
  REQUIRE(b, "changed");
  r = btxd_make(b, (size_t)len);
  CHECK(btxd_list_begin(&r) >= 41, "the first changed-only call has every torrent");
  free(b);
  sleep_ms(400);
  b = bulk(btx_status_changed, leech, "isPaused", &len);
  r = btxd_make(b, (size_t)len);
  uint32_t quiet = b ? btxd_list_begin(&r) : 999;
  free(b);
  btx_resume(handles[3]);
  btx_resume(handles[7]);
  int got3 = 0, got7 = 0;
  for (long long until = now_ms() + 5000; !(got3 && got7) && now_ms() < until; sleep_ms(100)) {
    b = bulk(btx_status_changed, leech, "isPaused", &len);
    if (!b) continue;
    r = btxd_make(b, (size_t)len);
    uint32_t k = btxd_list_begin(&r);
    for (uint32_t i = 0; i < k && btxd_list_next(&r, &it); i++) {
      btxd_field f[4];
      int n = btxd_record(&it, f, 4);
      long long h = btxd_int(f, n, BTX_EVKEY_TORRENT);
      if (h == handles[3] && btxd_int(f, n, BTX_STATUS_IS_PAUSED) == 0) got3 = 1;
      if (h == handles[7] && btxd_int(f, n, BTX_STATUS_IS_PAUSED) == 0) got7 = 1;
    }
    free(b);
  }
  printf("changed-only with nothing done: %u records; after resuming two: seen %d %d\n", quiet, got3, got7);
  CHECK(quiet < 41, "a quiet session reports fewer than all (%u)", quiet);
  CHECK(got3 && got7, "the two resumed torrents are reported changed");
  /* -needed does not consume the changes */
  btx_pause(handles[3]);
  uint8_t tiny[4];
  int need = 0;
  /* a tiny buffer: -needed once the change is in (an empty list fits) */
  for (long long until = now_ms() + 5000; need >= 0 && now_ms() < until; sleep_ms(50))
    need = btx_status_changed(leech, "isPaused", tiny, sizeof tiny);
  CHECK(need < 0, "-needed: %d", need);
  b = bulk(btx_status_changed, leech, "isPaused", &len);
  int again = 0;
  if (b) {
    r = btxd_make(b, (size_t)len);
    uint32_t k = btxd_list_begin(&r);
    for (uint32_t i = 0; i < k && btxd_list_next(&r, &it); i++) {
      btxd_field f[4];
      int n = btxd_record(&it, f, 4);
      if (btxd_int(f, n, BTX_EVKEY_TORRENT) == handles[3] && btxd_int(f, n, BTX_STATUS_IS_PAUSED) == 1) again = 1;
    }
    free(b);
  }
  CHECK(again, "the change survived the -needed call");
  CHECK(btx_status_all(0, NULL, tiny, 4) == 0 && btx_status_changed(tc, NULL, tiny, 4) == 0, "bad handles");

  stop_program(tracker);
  btx_session_free(leech);
  btx_session_free(liar);
  btx_session_free(good);
  free(tor);
  cleanup_tmp();
  return done();
}
