/* The replies of issue 12's DHT and rename calls, as events (enabled with
 * btx_event_enable), across three loopback sessions:
 * - dhtGetPeersReply after btx_dht_get_peers names the seed;
 * - announces with and without BTX_DHT_ANNOUNCE_IMPLIED_PORT store the port
 *   the flag says (our packets' source port vs the one given);
 * - dhtLiveNodes lists the other two sessions' nodes;
 * - dhtSampleInfohashes (BEP 51) from another node holds an announced hash;
 * - fileRenamed and fileRenameFailed after btx_rename_file. */
#include "beyond.h"

typedef struct {
  int code;
  char want_hash[48];
  int hits;
  btxd_field f[BTXD_MAX_FIELDS];
  int n;
  char text[3][4096];
  uint8_t store[1 << 16]; /* the fields' values, copied out of the drain buffer */
} watch_t;

static void on_event(uint32_t code, btxd_field *f, int n, void *ctx) {
  watch_t *w = ctx;
  if ((int)code != w->code) return;
  char hash[64];
  if (w->want_hash[0] && strcmp(btxd_text(f, n, BTX_EVKEY_INFO_HASH, hash, sizeof hash), w->want_hash) != 0) return;
  w->hits++;
  w->n = 0;
  size_t used = 0;
  for (int i = 0; i < n && i < BTXD_MAX_FIELDS; i++) {
    if (used + f[i].len > sizeof w->store) break;
    memcpy(w->store + used, f[i].value, f[i].len);
    w->f[w->n] = f[i];
    w->f[w->n++].value = w->store + used;
    used += f[i].len;
  }
  btxd_text(f, n, BTX_EVKEY_PEERS, w->text[0], sizeof w->text[0]);
  btxd_text(f, n, BTX_EVKEY_NODES, w->text[1], sizeof w->text[1]);
  btxd_text(f, n, BTX_EVKEY_SAMPLES, w->text[2], sizeof w->text[2]);
}

/* drains all three sessions until `w` saw its event on `s` */
static int wait_for(int s[3], int on, watch_t *w, int timeout_ms) {
  for (long long until = now_ms() + timeout_ms; now_ms() < until; sleep_ms(20)) {
    for (int i = 0; i < 3; i++) drain_all(s[i], s[i] == on ? on_event : NULL, w);
    if (w->hits) return 1;
  }
  return 0;
}

/* get_peers for `hash` from `from` until the reply lists `endpoint` */
static int peers_of(int s[3], int from, const char *hash, const char *endpoint, watch_t *w) {
  for (int round = 0; round < 10; round++) {
    memset(w, 0, sizeof *w);
    w->code = BTX_EVENT_DHT_GET_PEERS_REPLY;
    snprintf(w->want_hash, sizeof w->want_hash, "%s", hash);
    if (btx_dht_get_peers(from, hash) != BTX_OK) return 0;
    if (wait_for(s, from, w, 10000) && strstr(w->text[0], endpoint)) return 1;
  }
  return 0;
}

int main(void) {
  int s[3];
  REQUIRE(dht_triangle(s, 30000), "three DHT sessions bootstrapped");
  for (int i = 0; i < 3; i++) {
    CHECK(btx_event_enable(s[i], BTX_EVENT_DHT_GET_PEERS_REPLY, 1) == BTX_OK, "enable dhtGetPeersReply");
    CHECK(btx_event_enable(s[i], BTX_EVENT_DHT_LIVE_NODES, 1) == BTX_OK, "enable dhtLiveNodes");
    CHECK(btx_event_enable(s[i], BTX_EVENT_DHT_SAMPLE_INFOHASHES, 1) == BTX_OK, "enable dhtSampleInfohashes");
  }
  int p0 = btx_listen_port(s[0]), p1 = btx_listen_port(s[1]), p2 = btx_listen_port(s[2]);
  watch_t w;
  char ep[64];

  /* implied_port: s0 says port 1 with the flag; s1 says 4567 without */
  const char *y = "5eed0000000000000000000000000000000000aa";
  CHECK(btx_dht_announce_ex(s[0], y, 1, BTX_DHT_ANNOUNCE_IMPLIED_PORT) == BTX_OK, "announce with implied_port");
  CHECK(btx_dht_announce_ex(s[1], y, 4567, BTX_DHT_ANNOUNCE_SEED) == BTX_OK, "announce a port, as a seed");
  snprintf(ep, sizeof ep, "127.0.0.1:%d", p0);
  CHECK(peers_of(s, s[2], y, ep, &w), "implied_port stored s0's own port %d (peers: %s)", p0, w.text[0]);
  CHECK(strstr(w.text[0], "127.0.0.1:1\n") == NULL && strcmp(w.text[0] + (strlen(w.text[0]) >= 12 ? strlen(w.text[0]) - 12 : 0), "127.0.0.1:1") != 0,
        "not the port given with the flag");
  CHECK(peers_of(s, s[2], y, "127.0.0.1:4567", &w), "without the flag the given port is stored (peers: %s)", w.text[0]);
  CHECK(btxd_int(w.f, w.n, BTX_EVKEY_COUNT) >= 2, "count %lld", btxd_int(w.f, w.n, BTX_EVKEY_COUNT));

  /* live nodes: s0's table holds s1 and s2 */
  memset(&w, 0, sizeof w);
  w.code = BTX_EVENT_DHT_LIVE_NODES;
  int asked = btx_dht_live_nodes(s[0], NULL);
  CHECK(asked >= 1, "asked %d node(s)", asked);
  CHECK(wait_for(s, s[0], &w, 10000), "dhtLiveNodes");
  char nid[64], a[32], b[32];
  snprintf(a, sizeof a, ":%d", p1);
  snprintf(b, sizeof b, ":%d", p2);
  CHECK(strlen(btxd_text(w.f, w.n, BTX_EVKEY_NODE_ID, nid, sizeof nid)) == 40, "our node id %s", nid);
  CHECK(btxd_int(w.f, w.n, BTX_EVKEY_COUNT) >= 2 && strstr(w.text[1], a) && strstr(w.text[1], b), "both other nodes are live: %s", w.text[1]);
  memset(&w, 0, sizeof w);
  w.code = BTX_EVENT_DHT_LIVE_NODES;
  CHECK(btx_dht_live_nodes(s[0], nid) == 1 && wait_for(s, s[0], &w, 10000), "by node id");
  char nid2[64];
  CHECK(strcmp(btxd_text(w.f, w.n, BTX_EVKEY_NODE_ID, nid2, sizeof nid2), nid) == 0, "the node asked for");

  /* BEP 51: s0 samples s1, which stores y (announced to every node) */
  memset(&w, 0, sizeof w);
  w.code = BTX_EVENT_DHT_SAMPLE_INFOHASHES;
  snprintf(ep, sizeof ep, "127.0.0.1:%d", p1);
  CHECK(btx_dht_sample_infohashes(s[0], ep, NULL) == BTX_OK, "sample");
  CHECK(wait_for(s, s[0], &w, 15000), "dhtSampleInfohashes");
  char got_ep[64];
  CHECK(strcmp(btxd_text(w.f, w.n, BTX_EVKEY_ENDPOINT, got_ep, sizeof got_ep), ep) == 0, "from %s", got_ep);
  CHECK(btxd_int(w.f, w.n, BTX_EVKEY_COUNT) >= 1 && strstr(w.text[2], y) != NULL, "the samples hold the announced hash (%lld: %s)", btxd_int(w.f, w.n, BTX_EVKEY_COUNT), w.text[2]);
  CHECK(btxd_find(w.f, w.n, BTX_EVKEY_INTERVAL) && btxd_int(w.f, w.n, BTX_EVKEY_NUM_NODES) >= 1, "interval, numNodes %lld", btxd_int(w.f, w.n, BTX_EVKEY_NUM_NODES));

  /* get_peers for a torrent s0 seeds */
  char dir[512];
  snprintf(dir, sizeof dir, "%s", path_in("c/v1"));
  mkdirs(dir);
  char p[600];
  snprintf(p, sizeof p, "%s/one.bin", dir);
  write_random_file(p, 200000, 51);
  snprintf(p, sizeof p, "%s/two.bin", dir);
  write_random_file(p, 100000, 52);
  char opts[700];
  /* hybrid: a pad file sits between the two files, so libtorrent's index of
   * two.bin is 2 while the host's is 1 (events must use the host's) */
  snprintf(opts, sizeof opts, "path=%s\ntype=hybrid", dir);
  int len = 0;
  uint8_t *tor = create_with(opts, &len);
  REQUIRE(tor, "create");
  snprintf(opts, sizeof opts, "savePath=%s", path_in("c"));
  int seed = btx_add(s[0], opts, tor, len);
  REQUIRE(seed > 0 && wait_seeding(s[0], seed, 30000), "seed");
  char ih[64];
  btx_info_hash_hex(seed, ih, sizeof ih);
  CHECK(btx_dht_announce_ex(s[0], ih, 0, BTX_DHT_ANNOUNCE_SEED) == BTX_OK, "announce the torrent");
  snprintf(ep, sizeof ep, "127.0.0.1:%d", p0);
  CHECK(peers_of(s, s[1], ih, ep, &w), "dhtGetPeersReply names the seed (%s)", w.text[0]);

  /* renames: one that works, one that cannot (a folder under a file) */
  CHECK(btx_event_enable(s[0], BTX_EVENT_FILE_RENAMED, 1) == BTX_OK && btx_event_enable(s[0], BTX_EVENT_FILE_RENAME_FAILED, 1) == BTX_OK, "enable rename events");
  list_t fl = {0};
  char was[256];
  CHECK(get_list(btx_file_list, seed, &fl) == 2, "two files");
  li_text(&fl, 1, BTX_FILE_PATH, was, sizeof was);
  free(fl.buf);
  memset(&w, 0, sizeof w);
  w.code = BTX_EVENT_FILE_RENAMED;
  CHECK(btx_rename_file(seed, 1, "v1/moved/2.bin") == BTX_OK, "rename");
  CHECK(wait_for(s, s[0], &w, 10000), "fileRenamed");
  char nn[256], on[256];
  CHECK(btxd_int(w.f, w.n, BTX_EVKEY_FILE_INDEX) == 1 && btxd_int(w.f, w.n, BTX_EVKEY_TORRENT) == seed, "file 1 of the torrent");
  CHECK(strcmp(btxd_text(w.f, w.n, BTX_EVKEY_NEW_NAME, nn, sizeof nn), "v1/moved/2.bin") == 0, "newName %s", nn);
  CHECK(strcmp(btxd_text(w.f, w.n, BTX_EVKEY_OLD_NAME, on, sizeof on), was) == 0, "oldName %s (was %s)", on, was);
  memset(&w, 0, sizeof w);
  w.code = BTX_EVENT_FILE_RENAME_FAILED;
  CHECK(btx_rename_file(seed, 0, "v1/moved/2.bin/below-a-file.bin") == BTX_OK, "a rename that cannot work is accepted");
  CHECK(wait_for(s, s[0], &w, 10000), "fileRenameFailed");
  char em[256];
  CHECK(btxd_int(w.f, w.n, BTX_EVKEY_FILE_INDEX) == 0 && btxd_int(w.f, w.n, BTX_EVKEY_ERROR_CODE) != 0 && strlen(btxd_text(w.f, w.n, BTX_EVKEY_ERROR_MESSAGE, em, sizeof em)) > 0,
        "file 0, error %lld: %s", btxd_int(w.f, w.n, BTX_EVKEY_ERROR_CODE), em);

  free(tor);
  for (int i = 0; i < 3; i++) btx_session_free(s[i]);
  cleanup_tmp();
  return done();
}
