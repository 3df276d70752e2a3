/* The DHT's other half (issue 12.5) across three loopback sessions:
 * - ed25519 without a session: a signature made by btx_dht_sign_mutable is
 *   the one a real BEP 44 put published (ed25519 is deterministic), and
 *   btx_dht_verify_mutable accepts what another node returned and refuses
 *   any change to value, salt, seq or key;
 * - an announce with the implied-port flag and a bogus port: the peer is
 *   still found (at the port our DHT packets come from) and the download
 *   completes, with the torrent's own DHT announces turned off;
 * - get_peers, live nodes and sample_infohashes are accepted while the DHT
 *   runs and refused while it is off. (Their reply events come from the
 *   alert->event work; tests/c/test_dht_events.c checks them.) */
#include "beyond.h"

static int last_fields(int code, btxd_field *f, int max) {
  btxd_reader r = btxd_make(g_log.last_body[code], g_log.last_len[code]);
  return btxd_record(&r, f, max);
}

static void signatures(int s[3]) {
  uint8_t kp[512];
  int kl = btx_dht_keypair("", kp, sizeof kp);
  REQUIRE_VOID(kl > 0, "keypair");
  btxd_reader r = btxd_make(kp, (size_t)kl);
  btxd_field f[BTXD_MAX_FIELDS];
  int n = btxd_record(&r, f, BTXD_MAX_FIELDS);
  char pk[80], sk[160], sig[160], hex[200];
  btxd_text(f, n, BTX_DHT_PUBLIC_KEY, pk, sizeof pk);
  btxd_text(f, n, BTX_DHT_SECRET_KEY, sk, sizeof sk);

  /* sign without publishing, then verify */
  CHECK(btx_dht_sign_mutable(pk, sk, "salt", "value", 5, "7", sig, 100) == -129, "size query: -129");
  CHECK(btx_dht_sign_mutable(pk, sk, "salt", "value", 5, "7", sig, sizeof sig) == 128 && strlen(sig) == 128, "signature %s", sig);
  CHECK(btx_dht_verify_mutable(pk, "salt", "value", 5, "7", sig) == 1, "valid");
  CHECK(btx_dht_verify_mutable(pk, "salt", "valuE", 5, "7", sig) == 0, "another value");
  CHECK(btx_dht_verify_mutable(pk, "salt", "value", 5, "8", sig) == 0, "another seq");
  CHECK(btx_dht_verify_mutable(pk, "", "value", 5, "7", sig) == 0 && btx_dht_verify_mutable(pk, NULL, "value", 5, "7", sig) == 0, "no salt");
  char other_pk[80];
  uint8_t kp2[512];
  int kl2 = btx_dht_keypair("", kp2, sizeof kp2);
  r = btxd_make(kp2, (size_t)kl2);
  n = btxd_record(&r, f, BTXD_MAX_FIELDS);
  btxd_text(f, n, BTX_DHT_PUBLIC_KEY, other_pk, sizeof other_pk);
  CHECK(btx_dht_verify_mutable(other_pk, "salt", "value", 5, "7", sig) == 0, "another key");
  char bent[160];
  snprintf(bent, sizeof bent, "%s", sig);
  bent[10] = bent[10] == '0' ? '1' : '0';
  CHECK(btx_dht_verify_mutable(pk, "salt", "value", 5, "7", bent) == 0, "a bent signature");
  CHECK(btx_dht_sign_mutable(other_pk, sk, "", "v", 1, "1", sig, sizeof sig) == 0 && strstr(last_err(), "does not belong"), "mismatched keys: %s", last_err());
  /* malformed arguments: negative codes, never a crash */
  CHECK(btx_dht_verify_mutable("12", "", "v", 1, "1", sig) == BTX_ERR_INVALID_ARG, "short key");
  CHECK(btx_dht_verify_mutable(pk, "", "v", 1, "x", sig) == BTX_ERR_INVALID_ARG && strstr(last_err(), "seq"), "seq not decimal");
  CHECK(btx_dht_verify_mutable(pk, "", "v", 1, "-1", sig) == BTX_ERR_INVALID_ARG, "negative seq");
  CHECK(btx_dht_verify_mutable(pk, "", "v", 1, "1", "abc") == BTX_ERR_INVALID_ARG, "short signature");
  CHECK(btx_dht_verify_mutable(pk, "", NULL, 3, "1", sig) == BTX_ERR_INVALID_ARG && btx_dht_verify_mutable(pk, "", "v", -1, "1", sig) == BTX_ERR_INVALID_ARG, "NULL / negative data");
  char salt65[66];
  memset(salt65, 's', 65);
  salt65[65] = 0;
  CHECK(btx_dht_sign_mutable(pk, sk, salt65, "v", 1, "1", sig, sizeof sig) == 0 && strstr(last_err(), "64 bytes"), "salt over 64 bytes");
  uint8_t big[997];
  memset(big, 'x', sizeof big);
  CHECK(btx_dht_sign_mutable(pk, sk, "", big, 997, "1", sig, sizeof sig) == 0 && strstr(last_err(), "996"), "value over 996 bytes");
  CHECK(btx_dht_sign_mutable(pk, sk, "", big, 996, "1", sig, sizeof sig) == 128, "996 bytes");
  CHECK(btx_dht_sign_mutable(pk, sk, "", "", 0, "1", sig, sizeof sig) == 128, "an empty value signs");

  /* a real put: s0 publishes, s2 fetches; the signature on the wire is the
   * one btx_dht_sign_mutable makes, and verify accepts the fetched item */
  CHECK(btx_dht_put_mutable(s[0], pk, sk, "chan", "published", 9) == BTX_OK, "put");
  CHECK(wait_event(s[0], BTX_EVENT_DHT_PUT, 0, 30000), "dhtPut");
  int got = 0;
  for (int i = 0; i < 5 && !got; i++) {
    btx_dht_get_mutable(s[2], pk, "chan");
    if (!wait_event(s[2], BTX_EVENT_DHT_MUTABLE_ITEM, 0, 15000)) continue;
    n = last_fields(BTX_EVENT_DHT_MUTABLE_ITEM, f, BTXD_MAX_FIELDS);
    const btxd_field *v = btxd_find(f, n, BTX_DHT_VALUE);
    got = v && v->len == 9 && memcmp(v->value, "published", 9) == 0;
  }
  REQUIRE_VOID(got, "the item came back from another node");
  char seq[32], wire_sig[160], salt[80];
  snprintf(seq, sizeof seq, "%lld", btxd_int(f, n, BTX_DHT_SEQ));
  btxd_text(f, n, BTX_DHT_SIGNATURE, wire_sig, sizeof wire_sig);
  btxd_text(f, n, BTX_DHT_SALT, salt, sizeof salt);
  const btxd_field *v = btxd_find(f, n, BTX_DHT_VALUE);
  CHECK(btx_dht_verify_mutable(btxd_text(f, n, BTX_DHT_PUBLIC_KEY, hex, sizeof hex), salt, v->value, (int)v->len, seq, wire_sig) == 1,
        "the fetched item verifies (seq %s)", seq);
  CHECK(btx_dht_verify_mutable(pk, salt, "publishes", 9, seq, wire_sig) == 0, "and a changed value does not");
  CHECK(btx_dht_sign_mutable(pk, sk, "chan", "published", 9, seq, sig, sizeof sig) == 128 && strcmp(sig, wire_sig) == 0,
        "signing without publishing gives the published signature");
}

static void implied_port(int s[3]) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s", path_in("ip/x.bin"));
  mkdirs(path_in("ip"));
  write_random_file(dir, 1500000, 31);
  char opts[700];
  snprintf(opts, sizeof opts, "path=%s\ntype=v1", dir);
  int len = 0;
  uint8_t *tor = create_with(opts, &len);
  REQUIRE_VOID(tor, "create");
  /* the seed's torrent does not announce itself: only our call does */
  snprintf(opts, sizeof opts, "savePath=%s\nflags=%lld\nmask=%lld", path_in("ip"), (long long)BTX_FLAG_DISABLE_DHT, (long long)BTX_FLAG_DISABLE_DHT);
  int seed = btx_add(s[0], opts, tor, len);
  REQUIRE_VOID(seed > 0 && wait_seeding(s[0], seed, 30000), "seed");
  char ih[64];
  btx_info_hash_hex(seed, ih, sizeof ih);
  mkdirs(path_in("ip2"));
  snprintf(opts, sizeof opts, "infoHash=%s\nsavePath=%s", ih, path_in("ip2"));
  int t = btx_add(s[1], opts, NULL, 0);
  REQUIRE_VOID(t > 0, "leech by info-hash");
  int finished = 0;
  status_t st;
  long long next = 0;
  for (long long until = now_ms() + 90000; !finished && now_ms() < until; sleep_ms(50)) {
    for (int i = 0; i < 3; i++) drain_all(s[i], NULL, NULL);
    if (now_ms() > next) {
      /* port 1 is wrong on purpose: implied_port tells nodes to use the
       * port our packets come from, which is our listen port */
      CHECK(btx_dht_announce_ex(s[0], ih, 1, BTX_DHT_ANNOUNCE_IMPLIED_PORT | BTX_DHT_ANNOUNCE_SEED) == BTX_OK, "announce_ex");
      btx_force_reannounce(t);
      next = now_ms() + 5000;
    }
    finished = get_status(t, &st) && st_int(&st, BTX_STATUS_IS_SEEDING);
  }
  CHECK(finished, "the peer announced with implied_port and a bogus port was found and the download finished");
  char got[600];
  snprintf(got, sizeof got, "%s/x.bin", path_in("ip2"));
  CHECK(same_file(dir, got), "bytes");
  free(tor);
}

static void calls(int s[3]) {
  const char *ih = "0123456789abcdef0123456789abcdef01234567";
  CHECK(btx_dht_get_peers(s[0], ih) == BTX_OK, "get_peers");
  CHECK(btx_dht_get_peers(s[0], "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef") == BTX_OK, "get_peers by a v2 hash");
  int nodes = btx_dht_live_nodes(s[0], NULL);
  CHECK(nodes >= 1, "live nodes asked of %d node(s) of ours", nodes);
  CHECK(btx_dht_live_nodes(s[0], "") == nodes, "\"\" is every node too");
  CHECK(btx_dht_live_nodes(s[0], ih) == 1, "one node by id");
  char ep[64];
  snprintf(ep, sizeof ep, "127.0.0.1:%d", btx_listen_port(s[1]));
  CHECK(btx_dht_sample_infohashes(s[0], ep, NULL) == BTX_OK && btx_dht_sample_infohashes(s[0], ep, ih) == BTX_OK, "sample_infohashes");
  CHECK(btx_dht_sample_infohashes(s[0], "[::1]:6881", "") == BTX_OK, "an IPv6 endpoint");
  CHECK(btx_dht_announce_ex(s[0], ih, 0, 0) == BTX_OK, "announce_ex, no flags");
  /* malformed */
  CHECK(btx_dht_get_peers(s[0], "xyz") == BTX_ERR_INVALID_ARG && strstr(last_err(), "40 or 64"), "bad hash");
  CHECK(btx_dht_get_peers(s[0], NULL) == BTX_ERR_INVALID_ARG, "NULL hash");
  CHECK(btx_dht_announce_ex(s[0], ih, 70000, 0) == BTX_ERR_INVALID_ARG && btx_dht_announce_ex(s[0], ih, -1, 0) == BTX_ERR_INVALID_ARG, "bad ports");
  CHECK(btx_dht_announce_ex(s[0], ih, 0, 8) == BTX_ERR_INVALID_ARG && btx_dht_announce_ex(s[0], ih, 0, -1) == BTX_ERR_INVALID_ARG, "unknown flags");
  CHECK(btx_dht_live_nodes(s[0], "12") == BTX_ERR_INVALID_ARG, "bad node id");
  CHECK(btx_dht_sample_infohashes(s[0], "localhost:6881", NULL) == BTX_ERR_INVALID_ARG, "a host name is not an endpoint");
  CHECK(btx_dht_sample_infohashes(s[0], "127.0.0.1", NULL) == BTX_ERR_INVALID_ARG && btx_dht_sample_infohashes(s[0], NULL, NULL) == BTX_ERR_INVALID_ARG, "no port / NULL");
  CHECK(btx_dht_sample_infohashes(s[0], ep, "nothex") == BTX_ERR_INVALID_ARG, "bad target");
  /* with the DHT off: a clear refusal, not a silent no-op */
  int off = loopback_session();
  CHECK(btx_dht_get_peers(off, ih) == BTX_ERR_GENERIC && strstr(last_err(), "enable_dht"), "off: %s", last_err());
  CHECK(btx_dht_live_nodes(off, NULL) == BTX_ERR_GENERIC && btx_dht_announce_ex(off, ih, 0, 0) == BTX_ERR_GENERIC && btx_dht_sample_infohashes(off, ep, NULL) == BTX_ERR_GENERIC, "off: all");
  btx_session_free(off);
  CHECK(btx_dht_get_peers(off, ih) == BTX_ERR_BAD_HANDLE && btx_dht_live_nodes(off, NULL) == BTX_ERR_BAD_HANDLE, "stale session");
}

int main(void) {
  int s[3];
  REQUIRE(dht_triangle(s, 30000), "three DHT sessions bootstrapped");
  signatures(s);
  calls(s);
  implied_port(s);
  for (int i = 0; i < 3; i++) btx_session_free(s[i]);
  cleanup_tmp();
  return done();
}
