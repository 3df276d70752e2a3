/* make_seeds OUTDIR - seed corpora for every target, made by the library
 * itself: .torrent files from btx_create_torrent (v1, v2, hybrid; one file
 * and a folder; with and without trackers), resume data from a real session
 * (btx_save_resume), magnets from those info-hashes, DHT state from
 * btx_dht_save_state, settings operations, and for the decoder the real
 * records of btx_torrent_status / btx_file_list / btx_trackers /
 * btx_url_seeds / btx_pop_alerts / btx_dht_state / btx_dht_keypair.
 * Writes OUTDIR/<target>/<name>; exits non-zero when a step fails. Runs in
 * the fuzzers' locked-down session (common.h), so it sends nothing. */
#include "common.h" /* first: it defines _GNU_SOURCE */

#include <errno.h>
#include <sys/stat.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size); /* unused; the sancov runtime wants it */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  (void)data;
  (void)size;
  return 0;
}

static const char *g_out;
static int g_written;

static void put(const char *target, const char *name, const void *data, size_t len) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", g_out, target);
  if (mkdir(path, 0755) != 0 && errno != EEXIST) fz_fail("mkdir %s", path);
  snprintf(path, sizeof path, "%s/%s/%s", g_out, target, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) fz_fail("writing %s", path);
  g_written++;
}

/* a decoder seed: the shape byte (decode.c) then the bytes */
static void put_decode(const char *name, int shape, const uint8_t *data, size_t len) {
  uint8_t *b = malloc(len + 1);
  if (!b) abort();
  b[0] = (uint8_t)(shape | (63 << 2)); /* keep all fields */
  memcpy(b + 1, data, len);
  put("decode", name, b, len + 1);
  /* the same bytes seed the compact text form: its shape byte % 3 reads the
   * same shape (records_text.c) */
  put("records_text", name, b, len + 1);
  free(b);
}

static void write_file(const char *path, size_t size, unsigned seed) {
  FILE *f = fopen(path, "wb");
  if (!f) fz_fail("creating %s", path);
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < size; i++) { /* xorshift: deterministic content */
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    fputc((int)(x & 0xff), f);
  }
  if (fclose(f) != 0) fz_fail("writing %s", path);
}

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* one status field as text */
static void status_text(int t, uint8_t id, char *out, size_t cap) {
  int len = 0;
  uint8_t *st = fz_get(btx_torrent_status, t, &len, "status");
  out[0] = 0;
  if (!st) return;
  btxd_reader r = btxd_make(st, (size_t)len);
  btxd_field f[BTXD_MAX_FIELDS];
  int n = btxd_record(&r, f, BTXD_MAX_FIELDS);
  if (n > 0) btxd_text(f, n, id, out, cap);
  free(st);
}

/* Polls events until each torrent's resume data has come (bounded: 20 s);
 * keeps the first drains as decoder seeds. */
static int collect_resume(int ntor, const int *tor, uint8_t **resume, uint32_t *rlen) {
  static uint8_t buf[1 << 20];
  int got = 0, drains = 0;
  for (long long until = now_ms() + 20000; got < ntor && now_ms() < until;) {
    int n = btx_pop_alerts(g_fz_session, buf, (int)sizeof buf);
    if (n <= 0) {
      sleep_ms(20);
      continue;
    }
    btxd_reader r = btxd_make(buf, sizeof buf), body;
    uint32_t events = btxd_events_begin(&r), code;
    const uint8_t *start = buf;
    for (uint32_t i = 0; i < events; i++) {
      if (!btxd_event_next(&r, &code, &body)) fz_fail("malformed drain");
      btxd_field f[BTXD_MAX_FIELDS];
      int nf = btxd_record(&body, f, BTXD_MAX_FIELDS);
      if (code != BTX_EVENT_RESUME_DATA_READY || nf <= 0) continue;
      int th = (int)btxd_int(f, nf, BTX_EVKEY_TORRENT);
      const btxd_field *rd = btxd_find(f, nf, BTX_EVKEY_RESUME_DATA);
      for (int k = 0; k < ntor && rd; k++)
        if (tor[k] == th && !resume[k]) {
          resume[k] = malloc(rd->len);
          if (!resume[k]) abort();
          memcpy(resume[k], rd->value, rd->len);
          rlen[k] = rd->len;
          got++;
        }
    }
    if (drains < 4) {
      char name[32];
      snprintf(name, sizeof name, "drain-%d", drains++);
      put_decode(name, 2, start, (size_t)(r.p - start));
    }
  }
  return got;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: make_seeds OUTDIR\n");
    return 2;
  }
  g_out = argv[1];
  if (mkdir(g_out, 0755) != 0 && errno != EEXIST) fz_fail("mkdir %s", g_out);
  fz_init();

  /* content: one file, and a folder with nested, empty and multi-piece files */
  char single[256], folder[256], p[512];
  snprintf(single, sizeof single, "%s/single.bin", g_fz_dir);
  snprintf(folder, sizeof folder, "%s/folder", g_fz_dir);
  write_file(single, 40000, 1);
  mkdir(folder, 0755);
  snprintf(p, sizeof p, "%s/sub", folder);
  mkdir(p, 0755);
  snprintf(p, sizeof p, "%s/a.txt", folder), write_file(p, 100, 2);
  snprintf(p, sizeof p, "%s/b.bin", folder), write_file(p, 70000, 3);
  snprintf(p, sizeof p, "%s/sub/c.txt", folder), write_file(p, 5, 4);
  snprintf(p, sizeof p, "%s/empty.txt", folder), write_file(p, 0, 5);

  static const struct {
    const char *name;
    int flags;
  } kinds[] = {{"hybrid", 0}, {"v2", 32}, {"v1", 64}};
  const char *contents[] = {single, folder};
  const char *trackers = "http://127.0.0.1:1/announce\nudp://127.0.0.1:1/announce";
  int tor[6], ntor = 0;
  for (int c = 0; c < 2; c++)
    for (int k = 0; k < 3; k++)
      for (int withtr = 0; withtr < 2; withtr++) {
        const char *tr = withtr ? trackers : "";
        int need = btx_create_torrent(contents[c], 16384, kinds[k].flags, tr, NULL, 0);
        if (need >= 0) fz_fail("btx_create_torrent size query returned %d", need);
        uint8_t *t = malloc((size_t)-need);
        if (!t) abort();
        int len = btx_create_torrent(contents[c], 16384, kinds[k].flags, tr, t, -need);
        if (len <= 0) fz_fail("btx_create_torrent(%s)", contents[c]);
        char name[64];
        snprintf(name, sizeof name, "%s-%s%s.torrent", c ? "folder" : "single", kinds[k].name, withtr ? "-trackers" : "");
        put("torrent_file", name, t, (size_t)len);
        put("metainfo", name, t, (size_t)len);
        { /* add_options: options NUL .torrent */
          static const char opts[] = "downloadLimit=1000\nmaxConnections=-1\nfilePriorities=0,4,7";
          uint8_t *a = malloc(sizeof opts + (size_t)len);
          if (!a) abort();
          memcpy(a, opts, sizeof opts); /* with its NUL */
          memcpy(a + sizeof opts, t, (size_t)len);
          put("add_options", name, a, sizeof opts + (size_t)len);
          free(a);
        }
        /* same info dict with and without trackers: add one of the two */
        if (withtr) {
          int h = btx_add_torrent_file(g_fz_session, t, len, g_fz_dir);
          if (h <= 0) fz_fail("adding %s", name);
          if (btx_add_url_seed(h, "http://127.0.0.1:1/seed/") != BTX_OK) fz_fail("url seed");
          tor[ntor++] = h;
        }
        free(t);
      }

  /* until the content is checked (bounded), so resume data has pieces */
  for (long long until = now_ms() + 10000; now_ms() < until;) {
    int seeding = 0;
    char v[16];
    for (int i = 0; i < ntor; i++) {
      status_text(tor[i], BTX_STATUS_IS_SEEDING, v, sizeof v);
      seeding += strcmp(v, "1") == 0;
    }
    if (seeding == ntor) break;
    sleep_ms(50);
  }

  /* records for the decoder, and magnets from the info-hashes */
  for (int i = 0; i < ntor; i++) {
    static const struct {
      fz_getter get;
      const char *name;
      int shape;
    } g[] = {{btx_torrent_status, "status", 0}, {btx_file_list, "files", 1}, {btx_trackers, "trackers", 1}, {btx_url_seeds, "urlseeds", 1}};
    for (size_t k = 0; k < sizeof g / sizeof g[0]; k++) {
      int len = 0;
      uint8_t *b = fz_get(g[k].get, tor[i], &len, g[k].name);
      if (!b) fz_fail("%s of torrent %d", g[k].name, tor[i]);
      char name[32];
      snprintf(name, sizeof name, "%s-%d", g[k].name, i);
      put_decode(name, g[k].shape, b, (size_t)len);
      free(b);
    }
    char v1[48], v2[72], tname[64], m[1024];
    status_text(tor[i], BTX_STATUS_INFO_HASH_V1, v1, sizeof v1);
    status_text(tor[i], BTX_STATUS_INFO_HASH_V2, v2, sizeof v2);
    status_text(tor[i], BTX_STATUS_NAME, tname, sizeof tname);
    char xt[256] = "";
    if (v1[0]) snprintf(xt, sizeof xt, "xt=urn:btih:%s", v1);
    if (v2[0]) snprintf(xt + strlen(xt), sizeof xt - strlen(xt), "%sxt=urn:btmh:1220%s", v1[0] ? "&" : "", v2);
    if (!xt[0]) fz_fail("torrent %d has no info-hash", tor[i]);
    char name[32];
    snprintf(m, sizeof m, "magnet:?%s", xt);
    snprintf(name, sizeof name, "bare-%d", i), put("magnet", name, m, strlen(m)), put("magnet_parse", name, m, strlen(m));
    snprintf(m, sizeof m,
             "magnet:?%s&dn=%s&tr=http%%3A%%2F%%2F127.0.0.1%%3A1%%2Fannounce&tr=udp%%3A%%2F%%2F127.0.0.1%%3A1"
             "&ws=http%%3A%%2F%%2F127.0.0.1%%3A1%%2Fseed%%2F&x.pe=127.0.0.1:1&x.pe=[::1]:1&so=0,2-3&xl=70105",
             xt, tname);
    snprintf(name, sizeof name, "full-%d", i), put("magnet", name, m, strlen(m)), put("magnet_parse", name, m, strlen(m));
    char opt[1200];
    int ol = snprintf(opt, sizeof opt, "source=magnet\nmagnet=%s\ntracker=1 http://127.0.0.1:1/a\npeer=127.0.0.1:1", m);
    snprintf(name, sizeof name, "magnet-%d", i), put("add_options", name, opt, (size_t)ol);
  }

  /* resume data from the real session */
  uint8_t *resume[6] = {0};
  uint32_t rlen[6] = {0};
  for (int i = 0; i < ntor; i++)
    if (btx_save_resume(tor[i]) != BTX_OK) fz_fail("btx_save_resume");
  if (collect_resume(ntor, tor, resume, rlen) != ntor) fz_fail("resume data did not arrive in 20 s");
  for (int i = 0; i < ntor; i++) {
    char name[32];
    snprintf(name, sizeof name, "resume-%d", i);
    put("resume", name, resume[i], rlen[i]);
    static const char ropt[] = "source=resume\nuploadLimit=5000";
    uint8_t *a = malloc(sizeof ropt + rlen[i]);
    if (!a) abort();
    memcpy(a, ropt, sizeof ropt);
    memcpy(a + sizeof ropt, resume[i], rlen[i]);
    snprintf(name, sizeof name, "resume-%d", i);
    put("add_options", name, a, sizeof ropt + rlen[i]);
    free(a);
    free(resume[i]);
  }

  /* DHT state: the session's own, then one with loopback nodes loaded */
  int len = 0;
  uint8_t *st = fz_get(btx_dht_save_state, g_fz_session, &len, "dht_save_state");
  if (!st) fz_fail("btx_dht_save_state");
  put("dht_state", "saved", st, (size_t)len);
  free(st);
  /* libtorrent 2.0's layout: node-id is a list of (20-byte id + address),
   * nodes / nodes6 lists of compact endpoints */
  static const char nodes[] = "d9:dht stated7:node-idl24:abcdefghijklmnopqrst\x7f\x00\x00\x01" "e"
                              "5:nodesl6:\x7f\x00\x00\x01\x1a\xe1" "6:\x7f\x00\x00\x02\x1a\xe2" "e"
                              "6:nodes6l18:\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x1a\xe3" "eee";
  put("dht_state", "nodes", nodes, sizeof nodes - 1);
  if (btx_dht_load_state(g_fz_session, nodes, (int)sizeof nodes - 1) != BTX_OK) fz_fail("btx_dht_load_state");
  st = fz_get(btx_dht_save_state, g_fz_session, &len, "dht_save_state");
  if (!st) fz_fail("btx_dht_save_state");
  put("dht_state", "saved-after-load", st, (size_t)len);
  free(st);
  st = fz_get(btx_dht_state, g_fz_session, &len, "dht_state");
  if (st) put_decode("dht-state", 0, st, (size_t)len), free(st);
  uint8_t kp[512];
  len = btx_dht_keypair("0000000000000000000000000000000000000000000000000000000000000001", kp, (int)sizeof kp);
  if (len <= 0) fz_fail("btx_dht_keypair");
  put_decode("keypair", 0, kp, (size_t)len);

  /* settings: [op][key][vlen][value] (settings.c); key 0 download_rate_limit,
   * 24 announce_to_all_trackers, 40 user_agent, 0xff a fuzzed name */
  static const uint8_t set1[] = {0, 0, 5, '1', '0', '0', '0', '0', 1, 24, 1, 1, 2, 40, 4, 'f', 'u', 'z', 'z'};
  static const uint8_t set2[] = {0x50, 0xff, 10, 'u', 'p', 'l', 'o', 'a', 'd', '_', 'r', 'a', 't', 0, 0, 2, '4', '2',
                                 0x02, 0xff, 17, 'n', 'o', '_', 's', 'u', 'c', 'h', '_', 's', 'e', 't', 't', 'i', 'n', 'g', '_', 'x',
                                 2, 0, 1, 'v', 3, 1, 1, 2};
  static const uint8_t set3[] = {0xf0, 0xff, 18, 'p', 'r', 'o', 'x', 'y', '_', 'h', 'o', 's', 't', 'n', 'a', 'm', 'e', '_', 'x', 'y', 'z', 2, 0, 0,
                                 0, 2, 20, '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9'};
  put("settings", "ops-1", set1, sizeof set1);
  put("settings", "ops-2", set2, sizeof set2);
  put("settings", "ops-3", set3, sizeof set3);
  /* op 4: a key/value list (btx_apply_settings) */
  static const char kv[] = "\x04\x00\x4a" "download_rate_limit=1000\r\n# note\nstrict_end_game_mode=true\nuser_agent=a=b\n";
  put("settings", "kv-list", kv, sizeof kv - 1);
  /* create_options: key/value lists after the target's own path line */
  static const char c1[] = "type=v1\npieceSize=16384\nprivate=1\ncomment=c\ncreator=x\ncreationDate=0\n"
                           "webSeed=http://127.0.0.1/\ndhtNode=127.0.0.1:6881\ntracker=2 http://127.0.0.1:1/a";
  static const char c2[] = "type=hybrid\ndotFiles=skip\nsymlinks=store";
  put("create_options", "v1-all", c1, sizeof c1 - 1);
  put("create_options", "hybrid", c2, sizeof c2 - 1);

  /* session_state: this session's own state, then one with settings
   * changed and the loopback DHT nodes above loaded */
  st = fz_get(btx_session_state_save, g_fz_session, &len, "session_state_save");
  if (!st) fz_fail("btx_session_state_save");
  put("session_state", "saved", st, (size_t)len);
  free(st);
  if (btx_apply_settings(g_fz_session, "user_agent=seed/1\nconnections_limit=77\nactive_downloads=9\n") != BTX_OK)
    fz_fail("btx_apply_settings");
  st = fz_get(btx_session_state_save, g_fz_session, &len, "session_state_save");
  if (!st) fz_fail("btx_session_state_save");
  put("session_state", "changed", st, (size_t)len);
  free(st);
  /* event_lists: lines of [on/off byte][codes] */
  static const char ev1[] = "03,17\n1 4 , 5\n";
  static const char ev2[] = "0200,201,202,203,204,205\n1999\n0999\n";
  static const char ev3[] = "0\n1,\n07,x\n";
  put("event_lists", "on-off", ev1, sizeof ev1 - 1);
  put("event_lists", "ours-and-unknown", ev2, sizeof ev2 - 1);
  put("event_lists", "refused", ev3, sizeof ev3 - 1);

  fz_reset();
  printf("make_seeds: %d seed files under %s\n", g_written, g_out);
  return 0;
}
