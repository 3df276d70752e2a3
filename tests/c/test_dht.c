/* The DHT on loopback: three sessions bootstrapped to each other; a torrent
 * found through the DHT alone; BEP 44 immutable and mutable items put in one
 * session and got from another, with value, sequence number and signature
 * checked; DHT state saved and loaded; bad keys and sizes refused. */
#include "harness.h"

typedef struct {
  long long nodes, cache, global, torrents;
} dht_t;

static dht_t dht_state(int s) {
  uint8_t buf[256];
  dht_t d = {-1, -1, -1, -1};
  int n = btx_dht_state(s, buf, sizeof buf);
  if (n <= 0) return d;
  btxd_reader r = btxd_make(buf, (size_t)n);
  btxd_field f[BTXD_MAX_FIELDS];
  int nf = btxd_record(&r, f, BTXD_MAX_FIELDS);
  d.nodes = btxd_int(f, nf, BTX_DHT_NODES);
  d.cache = btxd_int(f, nf, BTX_DHT_NODE_CACHE);
  d.global = btxd_int(f, nf, BTX_DHT_GLOBAL_NODES);
  d.torrents = btxd_int(f, nf, BTX_DHT_TORRENTS);
  return d;
}

/* the fields of the last event `code` */
static int last_fields(int code, btxd_field *f, int max) {
  btxd_reader r = btxd_make(g_log.last_body[code], g_log.last_len[code]);
  return btxd_record(&r, f, max);
}

static int wait_nodes(int s, int min, int timeout_ms) {
  for (long long until = now_ms() + timeout_ms; now_ms() < until; sleep_ms(100)) {
    drain_once(s, &g_log);
    if (dht_state(s).nodes >= min) return 1;
  }
  return 0;
}

int main(void) {
  char text[512], hex[256];
  btxd_field f[BTXD_MAX_FIELDS];
  int n;
  int s1 = dht_session(), s2 = dht_session(), s3 = dht_session();
  REQUIRE(s1 && s2 && s3, "sessions");
  int p1 = btx_listen_port(s1), p2 = btx_listen_port(s2), p3 = btx_listen_port(s3);
  CHECK(btx_dht_add_bootstrap(s2, "127.0.0.1", p1) == BTX_OK, "bootstrap 2->1");
  CHECK(btx_dht_add_bootstrap(s3, "127.0.0.1", p1) == BTX_OK, "bootstrap 3->1");
  CHECK(btx_dht_add_bootstrap(s1, "127.0.0.1", p2) == BTX_OK, "bootstrap 1->2");
  CHECK(btx_dht_add_bootstrap(s3, "127.0.0.1", p2) == BTX_OK, "bootstrap 3->2");
  CHECK(btx_dht_add_bootstrap(s1, "127.0.0.1", p3) == BTX_OK, "bootstrap 1->3");
  CHECK(btx_dht_add_bootstrap(s1, "", 1) == BTX_ERR_INVALID_ARG && btx_dht_add_bootstrap(s1, "127.0.0.1", 0) == BTX_ERR_INVALID_ARG, "bad bootstrap args");
  REQUIRE(wait_nodes(s1, 2, 30000) && wait_nodes(s2, 1, 30000) && wait_nodes(s3, 1, 30000), "routing tables filled");
  dht_t d1 = dht_state(s1);
  printf("dht state s1: nodes %lld, cache %lld, global %lld, torrents %lld\n", d1.nodes, d1.cache, d1.global, d1.torrents);
  CHECK(d1.nodes >= 2 && d1.global >= 1 && d1.cache >= 0 && d1.torrents >= 0, "real counters");

  /* a torrent found through the DHT alone: s1 seeds and announces; s2 has
   * only the magnet link, no tracker, no connect_peer */
  mkdirs(path_in("seed"));
  mkdirs(path_in("leech"));
  write_random_file(path_in("seed/d.bin"), 2u << 20, 99);
  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("seed/d.bin"), 0, "", &tlen);
  REQUIRE(tor, "create");
  int t1 = btx_add_torrent_file(s1, tor, tlen, path_in("seed"));
  REQUIRE(t1 > 0 && wait_seeding(s1, t1, 30000), "seed");
  char ih[64];
  btx_info_hash_hex(t1, ih, sizeof ih);
  CHECK(btx_dht_announce(s1, ih, 0) == BTX_OK, "dht_announce");
  CHECK(btx_dht_announce(s1, "abc", 0) == BTX_ERR_INVALID_ARG && btx_dht_announce(s1, ih, 70000) == BTX_ERR_INVALID_ARG, "bad announce args");
  char uri[128];
  snprintf(uri, sizeof uri, "magnet:?xt=urn:btih:%s", ih);
  int t2 = btx_add_magnet_ex(s2, uri, path_in("leech"), "0", "48");
  REQUIRE(t2 > 0, "magnet");
  int found = 0;
  for (long long until = now_ms() + 90000; !found && now_ms() < until; sleep_ms(50)) {
    drain_once(s1, &g_log);
    drain_once(s3, &g_log);
    found = wait_event(s2, BTX_EVENT_TORRENT_FINISHED, t2, 1000);
    if (!found && now_ms() % 5000 < 60) btx_dht_announce(s1, ih, 0);
  }
  CHECK(found, "the peer was found through the DHT and the download finished");
  CHECK(found && same_file(path_in("seed/d.bin"), path_in("leech/d.bin")), "bytes");
  long long tracked = 0;
  for (long long until = now_ms() + 5000; now_ms() < until && tracked == 0; sleep_ms(200))
    tracked = dht_state(s1).torrents + dht_state(s2).torrents + dht_state(s3).torrents;
  CHECK(tracked >= 1, "some node tracks the announced torrent (%lld)", tracked);

  /* BEP 44 immutable: put in s1, get from s3 */
  const char *value = "hello from torrentxt's DHT test";
  char target[64];
  CHECK(btx_dht_put_immutable(s1, value, (int)strlen(value), target, 10) == -41, "too small a buffer: -41, nothing put");
  int tl = btx_dht_put_immutable(s1, value, (int)strlen(value), target, sizeof target);
  CHECK(tl == 40 && strlen(target) == 40, "target %s", target);
  CHECK(wait_event(s1, BTX_EVENT_DHT_PUT, 0, 30000), "dhtPut (immutable)");
  n = last_fields(BTX_EVENT_DHT_PUT, f, BTXD_MAX_FIELDS);
  CHECK(btxd_int(f, n, BTX_DHT_NUM_SUCCESS) >= 1, "stored on %lld nodes", btxd_int(f, n, BTX_DHT_NUM_SUCCESS));
  CHECK(strcmp(btxd_text(f, n, BTX_DHT_TARGET, hex, sizeof hex), target) == 0, "put target %s", hex);
  CHECK(btxd_find(f, n, BTX_DHT_PUBLIC_KEY) == NULL, "an immutable put carries no key");
  CHECK(btx_dht_get_immutable(s3, target) == BTX_OK, "get");
  CHECK(wait_event(s3, BTX_EVENT_DHT_IMMUTABLE_ITEM, 0, 30000), "dhtImmutableItem");
  n = last_fields(BTX_EVENT_DHT_IMMUTABLE_ITEM, f, BTXD_MAX_FIELDS);
  const btxd_field *v = btxd_find(f, n, BTX_DHT_VALUE);
  CHECK(v && v->len == strlen(value) && memcmp(v->value, value, v->len) == 0, "value round-trips");
  CHECK(strcmp(btxd_text(f, n, BTX_DHT_TARGET, hex, sizeof hex), target) == 0, "item target");

  /* sizes: BEP 44 allows 1000 bytes bencoded ("996:" + 996 bytes) */
  uint8_t big[1001];
  memset(big, 'x', sizeof big);
  CHECK(btx_dht_put_immutable(s1, big, 996, target, sizeof target) == 40, "996 bytes accepted");
  CHECK(wait_event(s1, BTX_EVENT_DHT_PUT, 0, 30000), "dhtPut (996 bytes)");
  n = last_fields(BTX_EVENT_DHT_PUT, f, BTXD_MAX_FIELDS);
  CHECK(btxd_int(f, n, BTX_DHT_NUM_SUCCESS) >= 1, "the largest value was stored (%lld nodes)", btxd_int(f, n, BTX_DHT_NUM_SUCCESS));
  CHECK(btx_dht_put_immutable(s1, big, 997, target, sizeof target) == 0 && strstr(last_err(), "996") != NULL, "997 refused: %s", last_err());
  CHECK(btx_dht_put_immutable(s1, big, 0, target, sizeof target) == 0, "empty refused");
  CHECK(btx_dht_get_immutable(s1, "xyz") == BTX_ERR_INVALID_ARG, "bad target");

  /* key pairs: random, or the same pair from the same seed */
  uint8_t kp[512];
  int kl = btx_dht_keypair("", kp, sizeof kp);
  CHECK(kl > 0, "random keypair");
  btxd_reader r = btxd_make(kp, (size_t)kl);
  n = btxd_record(&r, f, BTXD_MAX_FIELDS);
  char pk[80], sk[160], seed[80];
  btxd_text(f, n, BTX_DHT_PUBLIC_KEY, pk, sizeof pk);
  btxd_text(f, n, BTX_DHT_SECRET_KEY, sk, sizeof sk);
  btxd_text(f, n, BTX_DHT_SEED, seed, sizeof seed);
  CHECK(strlen(pk) == 64 && strlen(sk) == 128 && strlen(seed) == 64, "key sizes");
  uint8_t kp2[512];
  int kl2 = btx_dht_keypair(seed, kp2, sizeof kp2);
  CHECK(kl2 == kl && memcmp(kp, kp2, (size_t)kl) == 0, "same seed, same keys");
  CHECK(btx_dht_keypair("zz", kp2, sizeof kp2) == 0, "bad seed");
  CHECK(btx_dht_keypair(NULL, kp2, 10) < 0, "size query");

  /* BEP 44 mutable: put in s1, get from s3; a second put raises seq */
  CHECK(btx_dht_put_mutable(s1, pk, sk, "chan", "first", 5) == BTX_OK, "put mutable");
  CHECK(wait_event(s1, BTX_EVENT_DHT_PUT, 0, 30000), "dhtPut (mutable)");
  n = last_fields(BTX_EVENT_DHT_PUT, f, BTXD_MAX_FIELDS);
  long long seq1 = btxd_int(f, n, BTX_DHT_SEQ);
  char sig1[160];
  btxd_text(f, n, BTX_DHT_SIGNATURE, sig1, sizeof sig1);
  CHECK(btxd_int(f, n, BTX_DHT_NUM_SUCCESS) >= 1 && seq1 >= 1 && strlen(sig1) == 128, "put seq %lld sig %zu on %lld nodes", seq1, strlen(sig1), btxd_int(f, n, BTX_DHT_NUM_SUCCESS));
  CHECK(strcmp(btxd_text(f, n, BTX_DHT_PUBLIC_KEY, hex, sizeof hex), pk) == 0 && strcmp(btxd_text(f, n, BTX_DHT_SALT, text, sizeof text), "chan") == 0, "put key and salt");
  int got = 0;
  for (int i = 0; i < 5 && !got; i++) {
    CHECK(btx_dht_get_mutable(s3, pk, "chan") == BTX_OK, "get mutable");
    if (!wait_event(s3, BTX_EVENT_DHT_MUTABLE_ITEM, 0, 15000)) continue;
    n = last_fields(BTX_EVENT_DHT_MUTABLE_ITEM, f, BTXD_MAX_FIELDS);
    v = btxd_find(f, n, BTX_DHT_VALUE);
    got = v && v->len == 5 && memcmp(v->value, "first", 5) == 0;
  }
  CHECK(got, "mutable value round-trips");
  CHECK(btxd_int(f, n, BTX_DHT_SEQ) == seq1, "seq %lld", btxd_int(f, n, BTX_DHT_SEQ));
  CHECK(strcmp(btxd_text(f, n, BTX_DHT_SIGNATURE, hex, sizeof hex), sig1) == 0, "signature as put");
  CHECK(strcmp(btxd_text(f, n, BTX_DHT_PUBLIC_KEY, hex, sizeof hex), pk) == 0, "key");

  CHECK(btx_dht_put_mutable(s1, pk, sk, "chan", "second", 6) == BTX_OK, "put again");
  CHECK(wait_event(s1, BTX_EVENT_DHT_PUT, 0, 30000), "dhtPut 2");
  n = last_fields(BTX_EVENT_DHT_PUT, f, BTXD_MAX_FIELDS);
  long long seq2 = btxd_int(f, n, BTX_DHT_SEQ);
  CHECK(seq2 > seq1, "seq rises: %lld -> %lld", seq1, seq2);
  got = 0;
  for (int i = 0; i < 5 && !got; i++) {
    btx_dht_get_mutable(s2, pk, "chan");
    if (!wait_event(s2, BTX_EVENT_DHT_MUTABLE_ITEM, 0, 15000)) continue;
    n = last_fields(BTX_EVENT_DHT_MUTABLE_ITEM, f, BTXD_MAX_FIELDS);
    v = btxd_find(f, n, BTX_DHT_VALUE);
    got = v && v->len == 6 && memcmp(v->value, "second", 6) == 0 && btxd_int(f, n, BTX_DHT_SEQ) == seq2;
  }
  CHECK(got, "the newer value with the newer seq");

  /* a key pair that does not belong together, bad sizes */
  uint8_t other[512];
  int ol = btx_dht_keypair("", other, sizeof other);
  r = btxd_make(other, (size_t)ol);
  n = btxd_record(&r, f, BTXD_MAX_FIELDS);
  char sk_other[160];
  btxd_text(f, n, BTX_DHT_SECRET_KEY, sk_other, sizeof sk_other);
  CHECK(btx_dht_put_mutable(s1, pk, sk_other, "", "x", 1) == BTX_ERR_INVALID_ARG && strstr(last_err(), "does not belong") != NULL, "tampered key refused: %s", last_err());
  CHECK(btx_dht_put_mutable(s1, pk, sk, "", big, 997) == BTX_ERR_INVALID_ARG, "oversized mutable refused");
  CHECK(btx_dht_put_mutable(s1, "12", sk, "", "x", 1) == BTX_ERR_INVALID_ARG, "short key");
  CHECK(btx_dht_get_mutable(s1, NULL, "") == BTX_ERR_INVALID_ARG, "NULL key");

  /* DHT state: save (size query, then fetch), load into a fresh session,
   * which then finds nodes without any bootstrap call */
  int need = btx_dht_save_state(s1, NULL, 0);
  CHECK(need < 0, "size query %d", need);
  uint8_t *state = malloc((size_t)(need < 0 ? -need : 1));
  int sl = btx_dht_save_state(s1, state, -need);
  CHECK(sl == -need && state[0] == 'd', "state %d bytes", sl);
  int s4 = dht_session();
  CHECK(btx_dht_load_state(s4, state, sl) == BTX_OK, "load");
  CHECK(btx_dht_load_state(s4, "garbage", 7) == BTX_ERR_INVALID_ARG, "garbage state");
  CHECK(btx_dht_load_state(s4, NULL, 5) == BTX_ERR_INVALID_ARG, "NULL state");
  /* the loaded node list is used when the DHT (re)starts */
  btx_set_bool(s4, "enable_dht", 0);
  btx_set_bool(s4, "enable_dht", 1);
  CHECK(wait_nodes(s4, 1, 30000), "a fresh session bootstrapped from the loaded state");
  free(state);

  free(tor);
  btx_session_free(s4);
  btx_session_free(s1);
  btx_session_free(s2);
  btx_session_free(s3);
  cleanup_tmp();
  return done();
}
