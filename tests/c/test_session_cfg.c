/* Sessions born with their settings, presets, all settings in one record,
 * session statistics and summary, whole-state save/load (issue 9, item 5),
 * and who we are on the wire (item 6). */
#include "harness.h"

#define SIZE (6u << 20)

typedef struct {
  int n;
  char key[600][64];
  char type[600][8];
  char value[600][128];
  long long number[600];
} kv_t;

/* decodes a list of key/value items (settings, statistics) */
static int get_kv(int (*fn)(int, void *, int), int s, kv_t *kv) {
  int need = fn(s, NULL, 0);
  if (need >= 0) return 0;
  uint8_t *b = malloc((size_t)-need);
  int len = fn(s, b, -need);
  kv->n = 0;
  btxd_reader r = btxd_make(b, (size_t)(len > 0 ? len : 0));
  uint32_t k = btxd_list_begin(&r);
  btxd_reader it;
  for (uint32_t i = 0; i < k && kv->n < 600 && btxd_list_next(&r, &it); i++) {
    btxd_field f[8];
    int n = btxd_record(&it, f, 8);
    btxd_text(f, n, BTX_KV_KEY, kv->key[kv->n], sizeof kv->key[0]);
    btxd_text(f, n, BTX_KV_TYPE, kv->type[kv->n], sizeof kv->type[0]);
    btxd_text(f, n, BTX_KV_VALUE, kv->value[kv->n], sizeof kv->value[0]);
    kv->number[kv->n] = btxd_int(f, n, BTX_KV_NUMBER);
    kv->n++;
  }
  free(b);
  return len > 0 ? kv->n : 0;
}

static int kv_find(kv_t *kv, const char *key) {
  for (int i = 0; i < kv->n; i++)
    if (strcmp(kv->key[i], key) == 0) return i;
  return -1;
}

static long long summary(int s, uint8_t id) {
  uint8_t buf[4096];
  int n = btx_session_summary(s, buf, sizeof buf);
  btxd_field f;
  return n > 0 && btxd_get(buf, (size_t)n, id, &f) ? btxd_value_int(&f) : -1;
}

static const char *setting(int s, const char *key) {
  static char v[256];
  v[0] = 0;
  btx_get_setting(s, key, v, sizeof v);
  return v;
}

static kv_t g_kv;
/* each side's events apart, to tell who saw whom */
static evlog_t g_seed_log, g_leech_log;

int main(void) {
  /* ---- 1. born with its settings: it never listens anywhere else ------- */
  int s = btx_session_new_with("# a quiet loopback session\n"
                               "listen_interfaces=127.0.0.1:0\r\n"
                               "enable_outgoing_utp=false\n"
                               "connections_limit=77\n"
                               "btx_event_queue_limit=5000\n");
  REQUIRE(s > 0, "session_new_with: %s", last_err());
  int listens = 0, elsewhere = 0;
  for (long long until = now_ms() + 2000; now_ms() < until; sleep_ms(50)) {
    int before = g_log.counts[BTX_EVENT_LISTEN_SUCCEEDED];
    drain_once(s, &g_log);
    if (g_log.counts[BTX_EVENT_LISTEN_SUCCEEDED] > before) {
      listens += g_log.counts[BTX_EVENT_LISTEN_SUCCEEDED] - before;
      btxd_field f;
      const uint8_t *b = g_log.last_body[BTX_EVENT_LISTEN_SUCCEEDED];
      if (b && btxd_get(b, g_log.last_len[BTX_EVENT_LISTEN_SUCCEEDED], BTX_EVKEY_ENDPOINT, &f) &&
          (f.len < 10 || memcmp(f.value, "127.0.0.1:", 10) != 0))
        elsewhere++;
    }
  }
  printf("listenSucceeded at birth: %d, on other addresses: %d\n", listens, elsewhere);
  CHECK(listens >= 1 && elsewhere == 0, "listened on 127.0.0.1 only");
  CHECK(btx_listen_port(s) > 0, "listening");
  CHECK(strcmp(setting(s, "connections_limit"), "77") == 0, "connections_limit %s", setting(s, "connections_limit"));
  CHECK(strcmp(setting(s, "btx_event_queue_limit"), "5000") == 0, "our own setting at birth");
  CHECK(strcmp(setting(s, "enable_dht"), "false") == 0, "still quiet: DHT off");
  CHECK(strcmp(setting(s, "peer_fingerprint"), "-TX0100-") == 0, "torrentxt's fingerprint: %s", setting(s, "peer_fingerprint"));

  /* a bad line refuses the whole session, naming the line */
  CHECK(btx_session_new_with("listen_interfaces=127.0.0.1:0\nno_such_setting=1\n") == 0 && strstr(last_err(), "no_such_setting"),
        "unknown setting: %s", last_err());
  CHECK(btx_session_new_with("enable_dht=maybe") == 0 && strstr(last_err(), "maybe"), "bad bool: %s", last_err());
  CHECK(btx_session_new_with("connections_limit=lots") == 0, "bad int: %s", last_err());
  CHECK(btx_session_new_with("connections_limit=99999999999") == 0, "int out of range: %s", last_err());
  CHECK(btx_session_new_with("listen_interfaces") == 0 && strstr(last_err(), "line 1"), "no '=': %s", last_err());
  CHECK(btx_session_new_with("preset=fastest") == 0 && strstr(last_err(), "fastest"), "unknown preset: %s", last_err());
  CHECK(btx_session_new_with("alert_mask=1") == 0 && strstr(last_err(), "alert_mask"), "alert_mask is ours: %s", last_err());
  CHECK(btx_session_new_with("btx_event_queue_limit=1") == 0, "our own settings are checked too");
  int quiet = btx_session_new_with(NULL);
  CHECK(quiet > 0, "NULL: a plain quiet session");
  btx_session_free(quiet);

  /* born with its event mask: what a durable session's restore delivers
   * is chosen before the first torrent comes back */
  int masked = btx_session_new_with("listen_interfaces=127.0.0.1:0\nbtx_events_off=3, 17\nbtx_events_on=40\n");
  CHECK(masked > 0, "btx_events_on/off at birth: %s", last_err());
  CHECK(btx_event_enabled(masked, BTX_EVENT_PIECE_FINISHED) == 0 && btx_event_enabled(masked, BTX_EVENT_FILE_COMPLETED) == 0,
        "pieceFinished and fileCompleted off from the start");
  CHECK(btx_event_enabled(masked, BTX_EVENT_PEER_CONNECT) == 1, "peerConnect on from the start");
  CHECK(btx_event_enabled(masked, BTX_EVENT_TORRENT_ADDED) == 1, "the rest as a v8 host gets them");
  CHECK(btx_apply_settings(masked, "btx_events_on=3") == BTX_OK && btx_event_enabled(masked, BTX_EVENT_PIECE_FINISHED) == 1,
        "btx_apply_settings takes them too: %s", last_err());
  CHECK(btx_apply_settings(masked, "btx_events_off=17,99999") == BTX_ERR_INVALID_ARG && strstr(last_err(), "99999") &&
            btx_event_enabled(masked, BTX_EVENT_FILE_COMPLETED) == 0 && btx_event_enabled(masked, BTX_EVENT_PIECE_FINISHED) == 1,
        "an unknown code refuses the whole list, nothing applied: %s", last_err());
  btx_session_free(masked);
  CHECK(btx_session_new_with("btx_events_off=pieceFinished") == 0 && strstr(last_err(), "pieceFinished"),
        "names are not codes: %s", last_err());
  CHECK(btx_session_new_with("btx_events_off=") == 0 && strstr(last_err(), "no event codes"), "empty list: %s", last_err());

  /* ---- 2. presets (libtorrent's; "default" would turn on DHT/UPnP and
   * listen on every interface, which no test here may do) ------------------ */
  CHECK(btx_apply_preset(s, "min_memory_usage") == BTX_OK, "min_memory_usage");
  CHECK(strcmp(setting(s, "max_out_request_queue"), "300") == 0, "min_memory_usage sets max_out_request_queue 300: %s",
        setting(s, "max_out_request_queue"));
  CHECK(strcmp(setting(s, "alert_queue_size"), "100") != 0, "but not torrentxt's alert queue");
  CHECK(btx_apply_preset(s, "high_performance_seed") == BTX_OK, "high_performance_seed");
  CHECK(strcmp(setting(s, "max_out_request_queue"), "1500") == 0, "high_performance_seed sets 1500: %s",
        setting(s, "max_out_request_queue"));
  CHECK(strcmp(setting(s, "listen_interfaces"), "127.0.0.1:0") == 0, "presets leave what they do not tune");
  CHECK(btx_apply_preset(s, "nope") == BTX_ERR_INVALID_ARG, "unknown preset");
  int born = btx_session_new_with("preset=min_memory_usage\nlisten_interfaces=127.0.0.1:0\nmax_out_request_queue=42\n");
  CHECK(born > 0 && strcmp(setting(born, "max_out_request_queue"), "42") == 0 && strcmp(setting(born, "checking_mem_usage"), "2") == 0,
        "a preset at birth, the host's settings over it");
  btx_session_free(born);

  /* apply many at once: all or nothing */
  CHECK(btx_apply_settings(s, "connections_limit=88\nupload_rate_limit=1000\n") == BTX_OK, "apply_settings");
  CHECK(strcmp(setting(s, "connections_limit"), "88") == 0 && strcmp(setting(s, "upload_rate_limit"), "1000") == 0, "applied");
  CHECK(btx_apply_settings(s, "connections_limit=99\nnope=1\n") == BTX_ERR_INVALID_ARG, "a bad line");
  CHECK(strcmp(setting(s, "connections_limit"), "88") == 0, "... applies none");
  CHECK(btx_set_str(s, "upload_rate_limit", "5") == BTX_ERR_INVALID_ARG, "type checked");

  /* ---- 3. every setting in one record ---------------------------------- */
  REQUIRE(get_kv(btx_settings_all, s, &g_kv) > 200, "settings_all: %d", g_kv.n);
  int li = kv_find(&g_kv, "listen_interfaces"), cl = kv_find(&g_kv, "connections_limit"), ed = kv_find(&g_kv, "enable_dht"),
      ql = kv_find(&g_kv, "btx_event_queue_limit");
  CHECK(li >= 0 && strcmp(g_kv.type[li], "str") == 0 && strcmp(g_kv.value[li], "127.0.0.1:0") == 0, "listen_interfaces");
  CHECK(cl >= 0 && strcmp(g_kv.type[cl], "int") == 0 && strcmp(g_kv.value[cl], "88") == 0, "connections_limit");
  CHECK(ed >= 0 && strcmp(g_kv.type[ed], "bool") == 0 && strcmp(g_kv.value[ed], "false") == 0, "enable_dht");
  CHECK(ql >= 0 && strcmp(g_kv.value[ql], "5000") == 0, "torrentxt's own settings too");
  CHECK(kv_find(&g_kv, "alert_mask") < 0, "alert_mask is not listed (it is torrentxt's)");
  printf("%d settings listed\n", g_kv.n);

  /* ---- 4. statistics and summary over a real transfer --------------------- */
  mkdirs(path_in("seed"));
  write_random_file(path_in("seed/s.bin"), SIZE, 31);
  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("seed/s.bin"), 0, "", &tlen);
  int seed = btx_session_new_with("listen_interfaces=127.0.0.1:0\nallow_multiple_connections_per_ip=true\n"
                                  "enable_outgoing_utp=false\nenable_incoming_utp=false\n");
  int leech = btx_session_new_with("listen_interfaces=127.0.0.1:0\nallow_multiple_connections_per_ip=true\n"
                                   "enable_outgoing_utp=false\nenable_incoming_utp=false\n"
                                   "peer_fingerprint=-XY1234-\n");
  REQUIRE(seed > 0 && leech > 0 && tor, "sessions");
  for (long long until = now_ms() + 10000; (btx_listen_port(seed) <= 0 || btx_listen_port(leech) <= 0) && now_ms() < until;)
    sleep_ms(20);
  btx_event_enable(seed, BTX_EVENT_PEER_DISCONNECTED, 1);
  btx_event_enable(leech, BTX_EVENT_PEER_DISCONNECTED, 1);
  btx_event_enable(leech, BTX_EVENT_SESSION_STATS, 1);
  int ts = btx_add_torrent_file(seed, tor, tlen, path_in("seed"));
  REQUIRE(ts > 0 && wait_seeding(seed, ts, 30000), "seed");
  int tl = btx_add_torrent_file(leech, tor, tlen, path_in("leech"));
  btx_set_torrent_limits(tl, "1000000", "0");
  btx_connect_peer(tl, "127.0.0.1", btx_listen_port(seed));
  long long rate_sum = 0, rate_n = 0, t_start = now_ms(), peers_max = 0, gauge_max = 0;
  int finished = 0, gauge_is = 0;
  char client_on_seed[64] = "", client_on_leech[64] = "";
  for (long long until = now_ms() + 60000; !finished && now_ms() < until; sleep_ms(100)) {
    drain_once(seed, &g_seed_log);
    drain_once(leech, &g_leech_log);
    rate_sum += summary(leech, BTX_SUM_PAYLOAD_DOWNLOAD_RATE);
    rate_n++;
    long long p = summary(leech, BTX_SUM_NUM_PEERS);
    if (p > peers_max) peers_max = p;
    if (get_kv(btx_session_stats, leech, &g_kv) > 0) {
      int np = kv_find(&g_kv, "peer.num_peers_connected");
      if (np >= 0 && g_kv.number[np] > gauge_max) gauge_max = g_kv.number[np];
      if (np >= 0) gauge_is = strcmp(g_kv.type[np], "gauge") == 0;
    }
    /* who each side says the other is (the client comes from the peer id) */
    list_t l = {0};
    if (!client_on_seed[0] && get_list(btx_peer_list, ts, &l) >= 1) li_text(&l, 0, BTX_PEER_CLIENT, client_on_seed, sizeof client_on_seed);
    free(l.buf);
    list_t m = {0};
    if (!client_on_leech[0] && get_list(btx_peer_list, tl, &m) >= 1) li_text(&m, 0, BTX_PEER_CLIENT, client_on_leech, sizeof client_on_leech);
    free(m.buf);
    status_t st;
    finished = get_status(tl, &st) && st_int(&st, BTX_STATUS_IS_FINISHED);
  }
  REQUIRE(finished, "transfer");
  /* the summary's rate, sampled through the transfer, averages to the
   * transfer's real rate */
  double real = (double)SIZE * 1000.0 / (double)(now_ms() - t_start), sampled = rate_n ? (double)rate_sum / (double)rate_n : 0;
  printf("summary payloadDownloadRate averaged %.0f B/s; the transfer ran at %.0f B/s (cap 1,000,000)\n", sampled, real);
  CHECK(sampled > real * 0.6 && sampled < real * 1.4, "the summary's rate follows the transfer");
  sleep_ms(1200);
  CHECK(summary(leech, BTX_SUM_TOTAL_PAYLOAD_DOWNLOAD) >= SIZE, "summary totalPayloadDownload %lld",
        summary(leech, BTX_SUM_TOTAL_PAYLOAD_DOWNLOAD));
  CHECK(summary(leech, BTX_SUM_TOTAL_DOWNLOAD) > summary(leech, BTX_SUM_TOTAL_PAYLOAD_DOWNLOAD), "protocol total above payload");
  CHECK(summary(seed, BTX_SUM_TOTAL_PAYLOAD_UPLOAD) >= SIZE, "the seed's upload total");
  CHECK(summary(leech, BTX_SUM_NUM_TORRENTS) == 1 && peers_max >= 1, "torrents, peers (%lld at most)", peers_max);
  CHECK(summary(leech, BTX_SUM_NUM_SEEDING) == 1, "one seeding torrent now");
  REQUIRE(get_kv(btx_session_stats, leech, &g_kv) > 200, "session_stats: %d counters", g_kv.n);
  int rp = kv_find(&g_kv, "net.recv_payload_bytes"), np = kv_find(&g_kv, "peer.num_peers_connected");
  CHECK(rp >= 0 && g_kv.number[rp] >= SIZE && strcmp(g_kv.type[rp], "counter") == 0, "net.recv_payload_bytes %lld",
        rp >= 0 ? g_kv.number[rp] : -1);
  CHECK(np >= 0 && gauge_is && gauge_max >= 1, "peers connected (a gauge) reached %lld", gauge_max);
  printf("%d session counters\n", g_kv.n);
  /* the event form */
  CHECK(btx_post_session_stats(leech) == BTX_OK, "post");
  CHECK(wait_event(leech, BTX_EVENT_SESSION_STATS, 0, 5000), "sessionStats event");
  {
    btxd_field f;
    const uint8_t *b = g_log.last_body[BTX_EVENT_SESSION_STATS];
    CHECK(b && btxd_get(b, g_log.last_len[BTX_EVENT_SESSION_STATS], BTX_EVKEY_STATS, &f) && f.type == BTX_TYPE_LIST,
          "carries the counters as a nested list");
    int found = 0;
    btxd_reader r = btxd_make(f.value, f.len);
    uint32_t k = btxd_list_begin(&r);
    btxd_reader it;
    for (uint32_t i = 0; i < k && btxd_list_next(&r, &it); i++) {
      btxd_field g[4];
      int n = btxd_record(&it, g, 4);
      char key[64];
      if (strcmp(btxd_text(g, n, BTX_KV_KEY, key, sizeof key), "net.recv_payload_bytes") == 0 && btxd_int(g, n, BTX_KV_NUMBER) >= SIZE)
        found = 1;
    }
    CHECK(found, "with net.recv_payload_bytes");
  }

  /* ---- 5. who we are on the wire: each side names the other's client
   * from its peer id ------------------------------------------------------ */
  printf("the seed sees the leech as '%s'; the leech sees the seed as '%s'\n", client_on_seed, client_on_leech);
  CHECK(strncmp(client_on_leech, "TX 0.1.0", 8) == 0 || strcmp(client_on_leech, "torrentxt/0.1") == 0, "the seed is torrentxt");
  /* pausing the leech closes the connection (if the two seeds have not
   * closed it already): each side's disconnect names the other's peer id */
  btx_pause(tl);
  char id_seen_by_seed[64] = "", id_seen_by_leech[64] = "";
  for (long long until = now_ms() + 10000; !(id_seen_by_seed[0] && id_seen_by_leech[0]) && now_ms() < until; sleep_ms(50)) {
    for (int k = 0; k < 2; k++) {
      evlog_t *log = k ? &g_leech_log : &g_seed_log;
      char *dst = k ? id_seen_by_leech : id_seen_by_seed;
      drain_once(k ? leech : seed, log);
      btxd_field f;
      const uint8_t *b = log->last_body[BTX_EVENT_PEER_DISCONNECTED];
      if (!dst[0] && b && btxd_get(b, log->last_len[BTX_EVENT_PEER_DISCONNECTED], BTX_EVKEY_PEER_ID, &f) && f.len == 40)
        snprintf(dst, 64, "%.*s", (int)f.len, (const char *)f.value);
    }
  }
  printf("peer ids on the wire: the seed saw %s, the leech saw %s\n", id_seen_by_seed, id_seen_by_leech);
  CHECK(strncmp(id_seen_by_leech, "2d5458303130302d", 16) == 0, "a default session's peer id starts -TX0100-");
  CHECK(strncmp(id_seen_by_seed, "2d5859313233342d", 16) == 0, "the host's fingerprint -XY1234- went on the wire");

  /* ---- 6. whole state: settings and DHT, saved and loaded --------------- */
  int a = btx_session_new_with("listen_interfaces=127.0.0.1:0\nconnections_limit=123\nenable_dht=true\n"
                               "dht_restrict_routing_ips=false\ndht_restrict_search_ips=false\ndht_enforce_node_id=false\n"
                               "dht_ignore_dark_internet=false\ndht_prefer_verified_node_ids=false\n");
  int c = btx_session_new_with("listen_interfaces=127.0.0.1:0\nenable_dht=true\n"
                               "dht_restrict_routing_ips=false\ndht_restrict_search_ips=false\ndht_enforce_node_id=false\n"
                               "dht_ignore_dark_internet=false\ndht_prefer_verified_node_ids=false\n");
  REQUIRE(a > 0 && c > 0, "DHT sessions");
  for (long long until = now_ms() + 10000; (btx_listen_port(a) <= 0 || btx_listen_port(c) <= 0) && now_ms() < until;) sleep_ms(20);
  btx_dht_add_bootstrap(a, "127.0.0.1", btx_listen_port(c));
  btx_dht_add_bootstrap(c, "127.0.0.1", btx_listen_port(a));
  sleep_ms(2000);
  int need = btx_session_state_save(a, NULL, 0);
  REQUIRE(need < 0, "state size %d", need);
  uint8_t *state = malloc((size_t)-need);
  int sl = btx_session_state_save(a, state, -need);
  CHECK(sl == -need, "state saved: %d bytes", sl);
  int d = btx_session_new_with("listen_interfaces=127.0.0.1:0\n");
  REQUIRE(d > 0, "fresh session");
  CHECK(btx_session_state_load(d, state, sl) == BTX_OK, "state loaded");
  CHECK(strcmp(setting(d, "connections_limit"), "123") == 0, "settings came back: %s", setting(d, "connections_limit"));
  CHECK(strcmp(setting(d, "enable_dht"), "true") == 0, "the DHT is on");
  int nodes = 0;
  for (long long until = now_ms() + 15000; nodes < 1 && now_ms() < until; sleep_ms(200)) {
    uint8_t buf[256];
    int n = btx_dht_state(d, buf, sizeof buf);
    btxd_field f;
    if (n > 0 && btxd_get(buf, (size_t)n, BTX_DHT_NODES, &f)) nodes = (int)btxd_value_int(&f);
  }
  CHECK(nodes >= 1, "the loaded DHT state found nodes without a bootstrap call (%d)", nodes);
  uint8_t junk[] = "d4:junk";
  CHECK(btx_session_state_load(d, junk, (int)sizeof junk - 1) == BTX_ERR_INVALID_ARG && strstr(last_err(), "byte"),
        "garbage refused with where: %s", last_err());
  CHECK(btx_session_state_load(d, NULL, 0) == BTX_ERR_INVALID_ARG, "empty");
  free(state);

  /* ---- 7. a change libtorrent 2.0.8 would crash on is refused ---------
   * (fuzz/findings/proxy_socket_buffer.c): socket buffer sizes while peer
   * connections go through a proxy. The proxy is a closed loopback port. */
  static const char proxied[] = "listen_interfaces=127.0.0.1:0\nenable_dht=false\nenable_lsd=false\n"
                                "enable_upnp=false\nenable_natpmp=false\n"
                                "proxy_type=2\nproxy_hostname=127.0.0.1\nproxy_port=1\n";
  int px = btx_session_new_with(proxied);
  REQUIRE(px > 0, "proxied session: %s", last_err());
  sleep_ms(300);
  CHECK(btx_set_int(px, "send_socket_buffer_size", "65536") == BTX_ERR_INVALID_ARG &&
            strstr(last_err(), "proxy") != NULL,
        "send_socket_buffer_size refused under a proxy: %s", last_err());
  int off_code = 26; /* an event off by default */
  while (off_code < 94 && btx_event_enabled(px, off_code)) off_code++;
  char list[256];
  snprintf(list, sizeof list, "recv_socket_buffer_size=1\nconnections_limit=55\nbtx_events_on=%d\n", off_code);
  CHECK(btx_apply_settings(px, list) == BTX_ERR_INVALID_ARG, "a list with it is refused whole: %s", last_err());
  CHECK(strcmp(setting(px, "connections_limit"), "55") != 0, "nothing of it applied (%s)", setting(px, "connections_limit"));
  CHECK(btx_event_enabled(px, off_code) == 0, "not even the event mask (event %d)", off_code);
  CHECK(btx_apply_preset(px, "min_memory_usage") == BTX_ERR_INVALID_ARG, "min_memory_usage (16 KiB buffers) refused: %s",
        last_err());
  static const char buf_state[] = "d8:settingsd23:send_socket_buffer_sizei1eee";
  CHECK(btx_session_state_load(px, buf_state, (int)sizeof buf_state - 1) == BTX_ERR_INVALID_ARG,
        "a state that sets it is refused: %s", last_err());
  CHECK(btx_set_int(px, "send_socket_buffer_size", "0") == BTX_OK, "its current value is no change: %s", last_err());
  sleep_ms(300);
  static uint8_t evb[1 << 16];
  CHECK(btx_torrent_count(px) == 0 && btx_pop_alerts(px, evb, (int)sizeof evb) >= 0, "the session is alive");
  /* without the proxy, or with peers not proxied, it applies */
  CHECK(btx_set_int(px, "proxy_type", "0") == BTX_OK, "proxy off");
  CHECK(btx_set_int(px, "send_socket_buffer_size", "65536") == BTX_OK, "then it applies: %s", last_err());
  sleep_ms(300);
  btx_session_free(px);
  /* born with both: libtorrent opens its sockets with the sizes, no crash */
  char with_sizes[512];
  snprintf(with_sizes, sizeof with_sizes, "%ssend_socket_buffer_size=65536\n", proxied);
  px = btx_session_new_with(with_sizes);
  CHECK(px > 0, "born with a proxy and buffer sizes: %s", last_err());
  sleep_ms(300);
  CHECK(strcmp(setting(px, "send_socket_buffer_size"), "65536") == 0, "it has them (%s)", setting(px, "send_socket_buffer_size"));
  btx_session_free(px);

  btx_session_free(d);
  btx_session_free(c);
  btx_session_free(a);
  btx_session_free(leech);
  btx_session_free(seed);
  btx_session_free(s);
  free(tor);
  cleanup_tmp();
  return done();
}
