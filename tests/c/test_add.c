/* One add with every option (issue 12.3): btx_add with trackers in tiers,
 * a peer to connect (the only way the two sessions meet), a web seed, file
 * priorities by real-file index on a torrent with pad files, sequential
 * flag, rate caps, connection and upload-slot caps, allocate storage; each
 * read back through the library and the download checked byte for byte.
 * Resume data with extra options; every malformed line named; the limits;
 * and a bare info-hash (v1, and v2) whose metadata comes from the swarm
 * found through the DHT of three loopback sessions. */
#include "beyond.h"

#include <sys/stat.h>

static int find_tracker(int t, const char *url, long long *tier) {
  list_t l = {0};
  int n = get_list(btx_trackers, t, &l);
  int found = 0;
  char text[512];
  for (int i = 0; i < n && i < 64; i++)
    if (strcmp(li_text(&l, i, BTX_TRACKER_URL, text, sizeof text), url) == 0) {
      found = 1;
      *tier = li_int(&l, i, BTX_TRACKER_TIER);
    }
  free(l.buf);
  return found;
}

static long long disk_bytes(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) return -1;
  return (long long)st.st_blocks * 512;
}

static void every_option(int s1, int s2, const uint8_t *tor, int tlen, const char *content) {
  str_t o = {0};
  mkdirs(path_in("leech"));
  sput(&o,
       "# every option btx_add knows\n"
       "source=torrent\nsavePath=%s\nname=ignored for a .torrent\n"
       "tracker=http://127.0.0.1:1/announce\ntracker=3 http://127.0.0.1:2/b\n"
       "webSeed=http://127.0.0.1:3/seed/\npeer=127.0.0.1:%d\n"
       "filePriorities=7,0\nfilePriority=2:4\nflags=%d\nmask=%d\n"
       "downloadLimit=400000\nuploadLimit=300000\nmaxConnections=50\nmaxUploads=4\nstorageMode=allocate\r\n",
       path_in("leech"), btx_listen_port(s1), (int)BTX_FLAG_SEQUENTIAL_DOWNLOAD,
       (int)(BTX_FLAG_SEQUENTIAL_DOWNLOAD | BTX_FLAG_PAUSED));
  int t = btx_add(s2, o.p, tor, tlen);
  REQUIRE_VOID(t > 0, "btx_add with every option (%s)", last_err());
  long long tier = -1;
  CHECK(find_tracker(t, "http://127.0.0.1:1/announce", &tier) && tier == 0, "tracker, tier 0 (%lld)", tier);
  CHECK(find_tracker(t, "http://127.0.0.1:2/b", &tier) && tier == 3, "tracker, tier 3 (%lld)", tier);
  list_t l = {0};
  char text[512];
  CHECK(get_list(btx_url_seeds, t, &l) == 1 && strcmp(li_text(&l, 0, BTX_URLSEED_URL, text, sizeof text), "http://127.0.0.1:3/seed/") == 0, "web seed");
  int nf = get_list(btx_file_list, t, &l);
  CHECK(nf == 3, "3 real files (pad files hidden): %d", nf);
  CHECK(nf == 3 && li_int(&l, 0, BTX_FILE_PRIORITY) == 7 && li_int(&l, 1, BTX_FILE_PRIORITY) == 0 && li_int(&l, 2, BTX_FILE_PRIORITY) == 4,
        "priorities by real-file index: %lld %lld %lld", li_int(&l, 0, BTX_FILE_PRIORITY), li_int(&l, 1, BTX_FILE_PRIORITY), li_int(&l, 2, BTX_FILE_PRIORITY));
  free(l.buf);
  rec_t lim = {0};
  CHECK(rec_get(&lim, btx_torrent_limits, t), "limits record");
  CHECK(rec_int(&lim, BTX_META_DOWNLOAD_LIMIT) == 400000 && rec_int(&lim, BTX_META_UPLOAD_LIMIT) == 300000, "rate caps %lld %lld",
        rec_int(&lim, BTX_META_DOWNLOAD_LIMIT), rec_int(&lim, BTX_META_UPLOAD_LIMIT));
  CHECK(rec_int(&lim, BTX_STATUS_CONNECTIONS_LIMIT) == 50 && rec_int(&lim, BTX_STATUS_UPLOADS_LIMIT) == 4, "caps %lld %lld",
        rec_int(&lim, BTX_STATUS_CONNECTIONS_LIMIT), rec_int(&lim, BTX_STATUS_UPLOADS_LIMIT));
  status_t st;
  CHECK(get_status(t, &st) && (st_int(&st, BTX_STATUS_FLAGS) & BTX_FLAG_SEQUENTIAL_DOWNLOAD) && !(st_int(&st, BTX_STATUS_FLAGS) & BTX_FLAG_PAUSED),
        "flags under the mask: sequential on, paused off (%lld)", st_int(&st, BTX_STATUS_FLAGS));
  char name[256];
  CHECK(strcmp(btxd_text(st.f, st.n, BTX_STATUS_NAME, name, sizeof name), "multi") == 0, "a .torrent keeps its own name: %s", name);
  /* allocate: the wanted files get their full size on disk early; the
   * skipped one is never written */
  char f0[600], f1[600], f2[600];
  snprintf(f0, sizeof f0, "%s/multi/a.bin", path_in("leech"));
  snprintf(f1, sizeof f1, "%s/multi/b.bin", path_in("leech"));
  snprintf(f2, sizeof f2, "%s/multi/c.bin", path_in("leech"));
  long long early = -1;
  for (long long until = now_ms() + 10000; early < 0 && now_ms() < until; sleep_ms(50)) early = disk_bytes(f0);
  CHECK(early >= 2000000, "allocate: a.bin has its 2,000,000 bytes on disk at once (%lld)", early);
  CHECK(wait_finished(s1, s2, t, 60000), "the selected files download from the peer given in the options");
  char src[600];
  snprintf(src, sizeof src, "%s/a.bin", content);
  CHECK(same_file(src, f0), "a.bin bytes");
  snprintf(src, sizeof src, "%s/c.bin", content);
  CHECK(same_file(src, f2), "c.bin bytes");
  snprintf(src, sizeof src, "%s/b.bin", content);
  CHECK(!same_file(src, f1), "b.bin (priority 0) was not downloaded");
  /* the v8 setters change what the getter reads */
  CHECK(btx_set_torrent_limits(t, "0", "123456") == BTX_OK && btx_set_max_connections(t, -1) == BTX_OK && btx_set_max_uploads(t, 9) == BTX_OK, "setters");
  CHECK(rec_get(&lim, btx_torrent_limits, t), "limits again");
  CHECK(rec_int(&lim, BTX_META_DOWNLOAD_LIMIT) == 0 && rec_int(&lim, BTX_META_UPLOAD_LIMIT) == 123456, "0 is unlimited; %lld %lld",
        rec_int(&lim, BTX_META_DOWNLOAD_LIMIT), rec_int(&lim, BTX_META_UPLOAD_LIMIT));
  CHECK(rec_int(&lim, BTX_STATUS_CONNECTIONS_LIMIT) == -1 && rec_int(&lim, BTX_STATUS_UPLOADS_LIMIT) == 9, "-1 is unlimited; %lld %lld",
        rec_int(&lim, BTX_STATUS_CONNECTIONS_LIMIT), rec_int(&lim, BTX_STATUS_UPLOADS_LIMIT));
  rec_free(&lim);

  /* resume data, re-added with one more tracker and no save path */
  CHECK(btx_save_resume(t) == BTX_OK, "save resume");
  CHECK(wait_event(s2, BTX_EVENT_RESUME_DATA_READY, t, 10000), "resumeDataReady");
  btxd_reader r = btxd_make(g_log.last_body[BTX_EVENT_RESUME_DATA_READY], g_log.last_len[BTX_EVENT_RESUME_DATA_READY]);
  btxd_field f[BTXD_MAX_FIELDS];
  int n = btxd_record(&r, f, BTXD_MAX_FIELDS);
  const btxd_field *rd = btxd_find(f, n, BTX_EVKEY_RESUME_DATA);
  REQUIRE_VOID(rd && rd->len > 0, "resume data");
  uint8_t *resume = malloc(rd->len);
  memcpy(resume, rd->value, rd->len);
  int rlen = (int)rd->len;
  CHECK(btx_remove(s2, t, 0) == BTX_OK, "remove");
  CHECK(wait_event(s2, BTX_EVENT_TORRENT_REMOVED, t, 10000), "removed");
  int t2 = btx_add(s2, "source=resume\ntracker=5 http://127.0.0.1:5/more\n", resume, rlen);
  CHECK(t2 > 0, "re-add from resume data (%s)", last_err());
  /* resume data keeps the order of the tiers, not their numbers (it stores
   * a list of tiers, so libtorrent reads back 0, 1, ...) */
  long long tier0 = -1;
  CHECK(find_tracker(t2, "http://127.0.0.1:1/announce", &tier0) && find_tracker(t2, "http://127.0.0.1:2/b", &tier) && tier0 == 0 && tier == 1,
        "the resume data's trackers, tiers renumbered: %lld %lld", tier0, tier);
  CHECK(find_tracker(t2, "http://127.0.0.1:5/more", &tier) && tier == 5, "the option's tracker (%lld)", tier);
  CHECK(get_status(t2, &st) && strstr(btxd_text(st.f, st.n, BTX_STATUS_SAVE_PATH, name, sizeof name), "leech") != NULL, "the resume data's save path");
  CHECK(wait_finished(s1, s2, t2, 30000), "resumed: finished at once from its resume data");
  CHECK(btx_remove(s2, t2, 0) == BTX_OK, "remove again");
  free(resume);
  sfree(&o);
}

static void refused(int s, const uint8_t *tor, int tlen) {
  struct {
    const char *options;
    int with_data;
    const char *needle;
  } cases[] = {
      {"savePath=/tmp\nfrobnicate=1", 1, "line 2: unknown key 'frobnicate'"},
      {"savePath=/tmp\n\nsavePath=/x", 1, "line 3 (savePath): given twice (first on line 1)"},
      {"savePath=/tmp\ndownloadLimit=fast", 1, "line 2 (downloadLimit): 'fast' is not a decimal integer"},
      {"savePath=/tmp\nmaxConnections=1", 1, "line 2 (maxConnections)"},
      {"savePath=/tmp\nmaxUploads=-2", 1, "line 2 (maxUploads)"},
      {"savePath=/tmp\nflags=-1", 1, "line 2 (flags)"},
      {"savePath=/tmp\npeer=127.0.0.1", 1, "line 2 (peer)"},
      {"savePath=/tmp\npeer=localhost:80", 1, "not an IP address"},
      {"savePath=/tmp\ntracker=999 http://127.0.0.1/", 1, "tier 999"},
      {"savePath=/tmp\ntracker=", 1, "line 2 (tracker): the value is empty"},
      {"savePath=/tmp\nfilePriorities=4,8", 1, "priority '8'"},
      {"savePath=/tmp\nfilePriority=9:1", 1, "file index 9 is not in 0..3"},
      {"savePath=/tmp\nstorageMode=compact", 1, "'compact' is not one of allocate, sparse"},
      {"savePath=/tmp\nsource=url", 1, "line 2 (source)"},
      {"savePath=/tmp\njust words", 1, "line 2: expected key=value, got 'just words'"},
      {"=value", 1, "line 1: the key before '=' is empty"},
      {"savePath=/tmp", 0, "nothing to add"},
      {"source=magnet\nsavePath=/tmp", 0, "needs magnet="},
      {"source=infohash\nsavePath=/tmp", 0, "needs infoHash="},
      {"infoHash=0123456789abcdef0123456789abcdef01234567\nsavePath=/tmp", 1, "takes no data"},
      {"infoHash=0123", 0, "40 or 64 hex"},
      {"infoHash=0123456789abcdef0123456789abcdef01234567\ninfoHash=0123456789abcdef0123456789abcdef01234567\nsavePath=/t", 0, "second v1"},
      {"magnet=magnet:?xt=urn:btih:zz\nsavePath=/tmp", 0, "bad magnet URI"},
      {"source=resume\nsavePath=/tmp", 1, "bad resume data"},
      {"source=torrent", 1, "savePath is missing"},
      {"magnet=magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567\nsavePath=/tmp\nsource=torrent", 1, "magnet= given with source=torrent"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    btx_clear_error();
    int h = btx_add(s, cases[i].options, cases[i].with_data ? tor : NULL, cases[i].with_data ? tlen : 0);
    CHECK(h == 0 && strstr(last_err(), cases[i].needle), "case %zu: %d, '%s' lacks '%s'", i, h, last_err(), cases[i].needle);
  }
  CHECK(btx_add(s, NULL, tor, tlen) == 0 && strstr(last_err(), "options is NULL"), "NULL options");
  CHECK(btx_add(s, "savePath=/tmp", NULL, 5) == 0 && strstr(last_err(), "NULL"), "NULL data with a length");
  CHECK(btx_add(s, "savePath=/tmp", tor, -1) == 0 && strstr(last_err(), "negative"), "negative length");
  CHECK(btx_torrent_count(s) == 0, "nothing was added");

  /* limits: 501 tracker lines; and 300 + 300 with a .torrent that has 300 */
  str_t o = {0};
  sput(&o, "savePath=/tmp\n");
  for (int i = 0; i <= 500; i++) sput(&o, "tracker=http://127.0.0.1:%d/a\n", 1000 + i);
  CHECK(btx_add(s, o.p, tor, tlen) == 0 && strstr(last_err(), "more than 500 trackers"), "501 trackers: %s", last_err());
  sfree(&o);
  sput(&o, "path=%s\n", path_in("c/multi/a.bin"));
  for (int i = 0; i < 300; i++) sput(&o, "tracker=http://127.0.0.1:%d/t\n", 2000 + i);
  int big = 0;
  uint8_t *many = create_with(o.p, &big);
  REQUIRE_VOID(many, "a .torrent with 300 trackers");
  sfree(&o);
  sput(&o, "savePath=/tmp\n");
  for (int i = 0; i < 300; i++) sput(&o, "tracker=http://127.0.0.1:%d/u\n", 3000 + i);
  CHECK(btx_add(s, o.p, many, big) == 0 && strstr(last_err(), "would have 600 trackers; the limit is 500"), "the sum: %s", last_err());
  sfree(&o);
  sput(&o, "savePath=/tmp\n");
  for (int i = 0; i <= 1000; i++) sput(&o, "peer=127.0.0.1:%d\n", 1 + i);
  CHECK(btx_add(s, o.p, tor, tlen) == 0 && strstr(last_err(), "more than 1000 peers"), "1001 peers: %s", last_err());
  sfree(&o);
  sput(&o, "savePath=/tmp\n");
  for (int i = 0; i <= 500; i++) sput(&o, "webSeed=http://127.0.0.1/%d\n", i);
  CHECK(btx_add(s, o.p, tor, tlen) == 0 && strstr(last_err(), "more than 500 web seeds"), "501 web seeds: %s", last_err());
  sfree(&o);
  free(many);
}

/* a bare info-hash: the metadata and the data come from the swarm, found
 * through the DHT only (no tracker, no peer given) */
static void info_hash_through_the_dht(const char *content) {
  int s[3];
  REQUIRE_VOID(dht_triangle(s, 30000), "three DHT sessions bootstrapped");
  int len = 0;
  char opts[600];
  snprintf(opts, sizeof opts, "path=%s\n", content);
  uint8_t *tor = create_with(opts, &len);
  REQUIRE_VOID(tor, "create");
  rec_t m = {0};
  CHECK(rec_metainfo(&m, tor, len), "metainfo");
  char v1[64], v2[80];
  snprintf(v1, sizeof v1, "%s", rec_text(&m, BTX_STATUS_INFO_HASH_V1));
  snprintf(v2, sizeof v2, "%s", rec_text(&m, BTX_STATUS_INFO_HASH_V2));
  char parent[500];
  snprintf(parent, sizeof parent, "%.*s", (int)(strrchr(content, '/') - content), content);
  snprintf(opts, sizeof opts, "savePath=%.500s", parent);
  int seed = btx_add(s[0], opts, tor, len);
  REQUIRE_VOID(seed > 0 && wait_seeding(s[0], seed, 30000), "seed");
  mkdirs(path_in("dht1"));
  mkdirs(path_in("dht2"));
  snprintf(opts, sizeof opts, "infoHash=%s\nsavePath=%s\nname=placeholder", v1, path_in("dht1"));
  int t1 = btx_add(s[1], opts, NULL, 0);
  CHECK(t1 > 0, "add by v1 info-hash (%s)", last_err());
  status_t st;
  char name[256];
  CHECK(get_status(t1, &st) && strcmp(btxd_text(st.f, st.n, BTX_STATUS_NAME, name, sizeof name), "placeholder") == 0 && st_int(&st, BTX_STATUS_HAS_METADATA) == 0,
        "the name option stands in until the metadata arrives: %s", name);
  snprintf(opts, sizeof opts, "source=infohash\ninfoHash=%s\nsavePath=%s", v2, path_in("dht2"));
  int t2 = btx_add(s[2], opts, NULL, 0);
  CHECK(t2 > 0, "add by v2 info-hash (%s)", last_err());
  int done1 = 0, done2 = 0;
  long long next_announce = 0;
  for (long long until = now_ms() + 120000; !(done1 && done2) && now_ms() < until; sleep_ms(50)) {
    for (int i = 0; i < 3; i++) drain_all(s[i], NULL, NULL);
    if (now_ms() > next_announce) { /* the seed re-announces until found */
      btx_force_reannounce(seed);
      next_announce = now_ms() + 5000;
    }
    if (!done1 && get_status(t1, &st)) done1 = st_int(&st, BTX_STATUS_IS_SEEDING) != 0;
    if (!done2 && get_status(t2, &st)) done2 = st_int(&st, BTX_STATUS_IS_SEEDING) != 0;
  }
  CHECK(done1, "the v1 info-hash got its metadata and data through the DHT");
  CHECK(done2, "the v2 info-hash too");
  CHECK(get_status(t1, &st) && strcmp(btxd_text(st.f, st.n, BTX_STATUS_NAME, name, sizeof name), "multi") == 0, "the real name once known: %s", name);
  char a[600], b[600];
  snprintf(a, sizeof a, "%s/c.bin", content);
  snprintf(b, sizeof b, "%s/multi/c.bin", path_in("dht1"));
  CHECK(same_file(a, b), "v1 bytes");
  snprintf(b, sizeof b, "%s/multi/c.bin", path_in("dht2"));
  CHECK(same_file(a, b), "v2 bytes");
  rec_free(&m);
  free(tor);
  for (int i = 0; i < 3; i++) btx_session_free(s[i]);
}

int main(void) {
  char content[512];
  snprintf(content, sizeof content, "%s", path_in("c/multi"));
  mkdirs(content);
  char p[600];
  snprintf(p, sizeof p, "%s/a.bin", content);
  write_random_file(p, 2000000, 11);
  snprintf(p, sizeof p, "%s/b.bin", content);
  write_random_file(p, 300000, 12);
  snprintf(p, sizeof p, "%s/c.bin", content);
  write_random_file(p, 500000, 13);
  char opts[600];
  snprintf(opts, sizeof opts, "path=%s\npieceSize=65536", content);
  int tlen = 0;
  uint8_t *tor = create_with(opts, &tlen);
  REQUIRE(tor, "create (%s)", last_err());
  int s1 = loopback_session(), s2 = loopback_session();
  REQUIRE(s1 && s2, "sessions");
  snprintf(opts, sizeof opts, "savePath=%s", path_in("c"));
  int seed = btx_add(s1, opts, tor, tlen);
  REQUIRE(seed > 0 && wait_seeding(s1, seed, 30000), "seed (%s)", last_err());
  refused(s2, tor, tlen);
  every_option(s1, s2, tor, tlen, content);
  btx_session_free(s2);
  btx_session_free(s1);
  info_hash_through_the_dht(content);
  free(tor);
  cleanup_tmp();
  return done();
}
