/* Every alert reaches the host if it asks (issue 9, item 1). A leech with
 * every category on downloads from a seed it finds through a real tracker
 * (opentracker) and the DHT (three loopback nodes). Every event arrives with
 * its base fields (alertType, category, time, message); at least 30
 * distinct alert types arrive; turning a category off stops its events; a
 * session that asked for nothing sees exactly v8's events. */
#include "harness.h"

#define SIZE (8u << 20)

/* what the all-events leech saw, per code */
static int g_count[EVCODES], g_base_ok[EVCODES], g_base_bad[EVCODES], g_lt_type[EVCODES];
static char g_sample[EVCODES][96];

static long long now_unix_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* drains `s`, checking the base fields of every event beyond v8 */
static int drain_checked(int s) {
  static uint8_t *buf;
  static int cap = 1 << 20;
  if (!buf) buf = malloc((size_t)cap);
  int total = 0, n;
  while ((n = btx_pop_alerts(s, buf, cap)) != 0) {
    if (n < 0) {
      cap = -n;
      buf = realloc(buf, (size_t)cap);
      continue;
    }
    btxd_reader r = btxd_make(buf, (size_t)cap);
    uint32_t count = btxd_events_begin(&r), code;
    btxd_reader body;
    long long now = now_unix_ms();
    for (uint32_t i = 0; i < count && btxd_event_next(&r, &code, &body); i++) {
      btxd_field f[BTXD_MAX_FIELDS];
      int nf = btxd_record(&body, f, BTXD_MAX_FIELDS);
      if (code >= EVCODES) continue;
      g_count[code]++;
      total++;
      const btxd_field *type = btxd_find(f, nf, BTX_EVKEY_ALERT_TYPE), *cat = btxd_find(f, nf, BTX_EVKEY_CATEGORY),
                       *tm = btxd_find(f, nf, BTX_EVKEY_TIME), *msg = btxd_find(f, nf, BTX_EVKEY_MESSAGE);
      long long t = btxd_value_int(tm);
      int ok = type && cat && tm && msg && btxd_value_int(type) > 0 && t > now - 300000 && t <= now + 5000 &&
               msg->type == BTX_TYPE_UTF8;
      if (ok) {
        g_base_ok[code]++;
        g_lt_type[code] = (int)btxd_value_int(type);
        if (!g_sample[code][0]) {
          size_t len = msg->len < sizeof g_sample[0] - 1 ? msg->len : sizeof g_sample[0] - 1;
          memcpy(g_sample[code], msg->value, len);
          g_sample[code][len] = 0;
          for (size_t k = 0; k < len; k++)
            if (g_sample[code][k] == '\n') g_sample[code][k] = ' ';
        }
      } else {
        g_base_bad[code]++;
      }
    }
  }
  return total;
}

int main(void) {
  char url[128];
  int port = free_port();
  snprintf(url, sizeof url, "http://127.0.0.1:%d/announce", port);
  mkdirs(path_in("tracker"));
  mkdirs(path_in("seed"));
  write_random_file(path_in("seed/a.bin"), SIZE, 11);
  write_random_file(path_in("seed/b.bin"), SIZE, 12);
  int la = 0, lb = 0;
  uint8_t *ta_bytes = create_torrent(path_in("seed/a.bin"), 0, url, &la);
  uint8_t *tb_bytes = create_torrent(path_in("seed/b.bin"), 0, "", &lb);
  REQUIRE(ta_bytes && tb_bytes, "create");

  int seed = dht_session(), third = dht_session();
  /* the leech is born with its settings (and the base fields on v8 events) */
  int leech = btx_session_new_with(
      "listen_interfaces=127.0.0.1:0\n"
      "enable_outgoing_utp=false\nenable_incoming_utp=false\n"
      "allow_multiple_connections_per_ip=true\n"
      "dht_restrict_routing_ips=0\ndht_restrict_search_ips=0\ndht_enforce_node_id=0\n"
      "dht_ignore_dark_internet=0\ndht_prefer_verified_node_ids=0\ndht_block_ratelimit=100000\n"
      "enable_dht=true\nssrf_mitigation=false\nbtx_event_details=true\nannounce_to_all_tiers=true\n");
  REQUIRE(seed > 0 && leech > 0 && third > 0, "sessions: %s", last_err());
  for (long long until = now_ms() + 10000; btx_listen_port(leech) <= 0 && now_ms() < until;) sleep_ms(20);
  /* the leech asks for everything, category 0 included */
  CHECK(btx_event_categories(leech, BTX_CAT_ALL, 1) == BTX_OK, "all categories");
  CHECK(btx_event_enable(leech, BTX_EVENT_SESSION_STATS, 1) == BTX_OK, "sessionStats");
  CHECK(btx_event_enable(leech, BTX_EVENT_DHT_STATS, 1) == BTX_OK, "dhtStats");
  CHECK(btx_event_enable(leech, BTX_EVENT_SESSION_STATS_HEADER, 1) == BTX_OK, "sessionStatsHeader");
  CHECK(btx_event_enable(leech, BTX_EVENT_UNKNOWN_ALERT, 1) == BTX_OK, "unknownAlert");

  CHECK(btx_event_enabled(leech, BTX_EVENT_PEER_CONNECT) == 1, "peerConnect on");
  CHECK(btx_event_enabled(seed, BTX_EVENT_PEER_CONNECT) == 0, "but not on a default session");
  CHECK(btx_event_enabled(seed, BTX_EVENT_PIECE_FINISHED) == 1, "v8 events are on by default");
  CHECK(btx_event_enable(leech, 998, 1) == BTX_ERR_INVALID_ARG, "998 is no event code");
  CHECK(btx_event_enable(leech, -1, 1) == BTX_ERR_INVALID_ARG, "-1 is no event code");
  CHECK(btx_event_categories(leech, -5, 1) == BTX_ERR_INVALID_ARG, "negative categories");

  /* a real tracker for torrent a */
  int sa = btx_add_torrent_file_ex(seed, ta_bytes, la, path_in("seed"), "16", "48");
  REQUIRE(sa > 0, "seed a");
  status_t st;
  get_status(sa, &st);
  char v1[64], v2[80];
  btxd_text(st.f, st.n, BTX_STATUS_INFO_HASH_V1, v1, sizeof v1);
  btxd_text(st.f, st.n, BTX_STATUS_INFO_HASH_V2, v2, sizeof v2);
  pid_t tracker = start_opentracker(path_in("tracker"), port, v1, v2);
  REQUIRE(tracker > 0, "opentracker on 127.0.0.1:%d", port);
  btx_resume(sa);
  int sb = btx_add_torrent_file(seed, tb_bytes, lb, path_in("seed"));
  REQUIRE(sb > 0 && wait_seeding(seed, sa, 30000) && wait_seeding(seed, sb, 30000), "seeding");

  /* the three nodes find each other */
  int ps = btx_listen_port(seed), pl = btx_listen_port(leech), pt = btx_listen_port(third);
  btx_dht_add_bootstrap(leech, "127.0.0.1", ps);
  btx_dht_add_bootstrap(leech, "127.0.0.1", pt);
  btx_dht_add_bootstrap(seed, "127.0.0.1", pl);
  btx_dht_add_bootstrap(third, "127.0.0.1", pl);
  btx_dht_add_bootstrap(third, "127.0.0.1", ps);

  /* the leech downloads a through the tracker (and the DHT) */
  int la_t = btx_add_torrent_file_ex(leech, ta_bytes, la, path_in("leech"), "0", "48");
  REQUIRE(la_t > 0, "leech a");
  int finished = 0;
  for (long long until = now_ms() + 90000; !finished && now_ms() < until; sleep_ms(30)) {
    drain_once(seed, &g_log);
    drain_checked(leech);
    drain_once(third, &g_log);
    finished = get_status(la_t, &st) && st_int(&st, BTX_STATUS_IS_FINISHED);
  }
  CHECK(finished, "the leech finished a");
  CHECK(same_file(path_in("seed/a.bin"), path_in("leech/a.bin")), "bytes of a");
  /* more of the everyday: a dead tracker, a torrent removed with its
   * files, pause, resume, a scrape, statistics */
  {
    char dead[128];
    snprintf(dead, sizeof dead, "http://127.0.0.1:%d/announce", free_port());
    int extra = btx_add_torrent_file(leech, tb_bytes, lb, path_in("extra"));
    CHECK(extra > 0, "extra torrent");
    btx_add_tracker(extra, dead, 0);
    btx_force_reannounce(extra);
    for (long long until = now_ms() + 5000; !g_count[BTX_EVENT_TRACKER_ERROR] && now_ms() < until; sleep_ms(50))
      drain_checked(leech);
    btx_remove(leech, extra, 1);
  }
  btx_pause(la_t);
  btx_resume(la_t);
  btx_scrape_tracker(la_t);
  btx_force_reannounce(la_t);
  CHECK(btx_post_session_stats(leech) == BTX_OK, "post session stats");
  for (long long until = now_ms() + 4000; now_ms() < until; sleep_ms(50)) drain_checked(leech);

  int distinct = 0, bad = 0;
  printf("events seen by the all-events leech (code, libtorrent type, count, a message):\n");
  for (int c = 0; c < EVCODES; c++) {
    if (!g_count[c]) continue;
    distinct++;
    bad += g_base_bad[c];
    printf("  %3d  lt %2d  x%-6d %s%s\n", c, g_lt_type[c], g_count[c], g_base_bad[c] ? "(no base fields) " : "", g_sample[c]);
  }
  printf("%d distinct events\n", distinct);
  CHECK(distinct >= 30, "at least 30 distinct alert types arrived: %d", distinct);
  CHECK(bad == 0, "%d events lacked their base fields", bad);
  CHECK(g_count[BTX_EVENT_PEER_CONNECT] > 0, "peerConnect");
  CHECK(g_count[BTX_EVENT_TRACKER_ANNOUNCE] > 0, "trackerAnnounce");
  CHECK(g_count[BTX_EVENT_SESSION_STATS] > 0, "sessionStats (host-requested)");
  CHECK(g_count[BTX_EVENT_BLOCK_FINISHED] > 0, "blockFinished");
  CHECK(g_lt_type[BTX_EVENT_PIECE_FINISHED] == 27 && g_lt_type[BTX_EVENT_PEER_CONNECT] == 23,
        "alertType is libtorrent's type number");
  CHECK(g_count[BTX_EVENT_UNKNOWN_ALERT] == 0, "libtorrent 2.0.8 posts no alert type the registry lacks");
  CHECK(g_count[BTX_EVENT_TORRENT_REMOVED] > 0 && g_count[BTX_EVENT_TORRENT_DELETED] > 0, "torrentRemoved, torrentDeleted");
  CHECK(g_count[BTX_EVENT_TRACKER_ERROR] > 0, "trackerError from the dead tracker");

  /* turning categories off stops their events */
  CHECK(btx_event_categories(leech, BTX_CAT_PIECE_PROGRESS | BTX_CAT_BLOCK_PROGRESS, 0) == BTX_OK, "off");
  CHECK(btx_event_enabled(leech, BTX_EVENT_PIECE_FINISHED) == 0 && btx_event_enabled(leech, BTX_EVENT_BLOCK_FINISHED) == 0,
        "pieceFinished and blockFinished are off");
  CHECK(btx_event_enabled(leech, BTX_EVENT_TORRENT_FINISHED) == 1, "torrentFinished stays on");
  sleep_ms(300);
  drain_checked(leech);
  memset(g_count, 0, sizeof g_count);
  int lb_t = btx_add_torrent_file_ex(leech, tb_bytes, lb, path_in("leech"), "0", "48");
  REQUIRE(lb_t > 0, "leech b");
  btx_connect_peer(lb_t, "127.0.0.1", ps);
  finished = 0;
  for (long long until = now_ms() + 90000; !finished && now_ms() < until; sleep_ms(30)) {
    drain_once(seed, &g_log);
    drain_checked(leech);
    finished = g_count[BTX_EVENT_TORRENT_FINISHED] > 0;
  }
  CHECK(finished, "torrentFinished of b arrived");
  CHECK(g_count[BTX_EVENT_PIECE_FINISHED] == 0 && g_count[BTX_EVENT_BLOCK_FINISHED] == 0 &&
            g_count[BTX_EVENT_BLOCK_DOWNLOADING] == 0,
        "no piece or block events after the categories went off (%d, %d, %d)", g_count[BTX_EVENT_PIECE_FINISHED],
        g_count[BTX_EVENT_BLOCK_FINISHED], g_count[BTX_EVENT_BLOCK_DOWNLOADING]);
  CHECK(g_count[BTX_EVENT_PEER_CONNECT] > 0, "other categories still arrive");

  /* one code off: turning peerConnect off stops it alone */
  CHECK(btx_event_enable(leech, BTX_EVENT_PEER_CONNECT, 0) == BTX_OK && btx_event_enabled(leech, BTX_EVENT_PEER_CONNECT) == 0,
        "peerConnect off");
  btx_event_enable(leech, BTX_EVENT_PEER_CONNECT, 1);

  /* the default session saw v8's shape: torrentAdded without base fields */
  {
    btxd_field f;
    const uint8_t *b = g_log.last_body[BTX_EVENT_TORRENT_ADDED];
    CHECK(b && !btxd_get(b, g_log.last_len[BTX_EVENT_TORRENT_ADDED], BTX_EVKEY_ALERT_TYPE, &f),
          "v8 events carry no base fields by default");
    CHECK(g_log.counts[BTX_EVENT_PEER_CONNECT] == 0 && g_log.counts[BTX_EVENT_TORRENT_LOG] == 0,
          "and no events beyond v8");
  }
  /* ... until the host asks for details */
  CHECK(btx_set_bool(seed, "btx_event_details", 1) == BTX_OK, "details on");
  char val[16];
  CHECK(btx_get_setting(seed, "btx_event_details", val, sizeof val) > 0 && strcmp(val, "true") == 0, "reads back");
  btx_pause(sb);
  CHECK(wait_event(seed, BTX_EVENT_TORRENT_PAUSED, sb, 5000), "torrentPaused");
  {
    btxd_field f;
    const uint8_t *b = g_log.last_body[BTX_EVENT_TORRENT_PAUSED];
    CHECK(b && btxd_get(b, g_log.last_len[BTX_EVENT_TORRENT_PAUSED], BTX_EVKEY_ALERT_TYPE, &f) && btxd_value_int(&f) == 39,
          "with details, v8 events carry alertType (39)");
  }
  /* alert_mask belongs to torrentxt */
  CHECK(btx_set_int(seed, "alert_mask", "0") == BTX_ERR_INVALID_ARG, "alert_mask is refused: %s", last_err());
  CHECK(btx_get_setting(seed, "alert_mask", val, sizeof val) > 0, "but can be read");

  stop_program(tracker);
  btx_session_free(third);
  btx_session_free(leech);
  btx_session_free(seed);
  free(ta_bytes);
  free(tb_bytes);
  cleanup_tmp();
  return done();
}
