/* Metainfo and magnet links without a session (issue 12.1, 12.2, 12.4):
 * .torrent files made with every creation option (hybrid, v1, v2, pad files,
 * attributes, symlinks stored or followed, dot files skipped, trackers with
 * tiers, web seeds, DHT nodes, private, comment, creator, creation date) are
 * read back field by field; every truncation and some garbage is refused
 * with libtorrent's message and offset; magnet links made from the bytes and
 * from a live torrent parse back, and one added to a session over loopback
 * fetches the metadata and names the same torrent. */
#include "beyond.h"

#include <sys/stat.h>

static uint8_t *make(const char *fmt, int *len, ...) __attribute__((format(printf, 1, 3)));
static uint8_t *make(const char *fmt, int *len, ...) {
  char opts[4096];
  va_list ap;
  va_start(ap, len);
  vsnprintf(opts, sizeof opts, fmt, ap);
  va_end(ap);
  uint8_t *t = create_with(opts, len);
  if (!t) fprintf(stderr, "create failed for:\n%s\n(%s)\n", opts, last_err());
  return t;
}

/* the file items of a metainfo record, by path */
static item_t *file_named(item_t *files, int n, const char *path) {
  for (int i = 0; i < n; i++)
    if (strcmp(it_text(&files[i], BTX_FILE_PATH), path) == 0) return &files[i];
  return NULL;
}

static void hybrid_with_every_option(const char *dir) {
  rec_t m = {0};
  int len = 0;
  uint8_t *t = make("path=%s\n# every option\npieceSize=16384\nprivate=1\ncomment=a comment = with equals\n"
                    "creator=torrentxt test\r\ncreationDate=1700000000\ntracker=http://127.0.0.1:1/announce\n"
                    "tracker=1 udp://127.0.0.1:2\ntracker=1 http://127.0.0.1:3/b\nwebSeed=http://127.0.0.1:4/ws/\n"
                    "dhtNode=127.0.0.1:6881\ndhtNode=[::1]:6882\nsymlinks=store\ndotFiles=include\n",
                    &len, dir);
  REQUIRE_VOID(t, "hybrid create");
  CHECK(rec_metainfo(&m, t, len), "metainfo of a hybrid torrent (%s)", last_err());
  CHECK(strcmp(rec_text(&m, BTX_STATUS_NAME), "multi") == 0, "name %s", rec_text(&m, BTX_STATUS_NAME));
  CHECK(strlen(rec_text(&m, BTX_STATUS_INFO_HASH_V1)) == 40 && strlen(rec_text(&m, BTX_STATUS_INFO_HASH_V2)) == 64, "hybrid has both hashes");
  CHECK(rec_int(&m, BTX_STATUS_PIECE_LENGTH) == 16384, "piece length %lld", rec_int(&m, BTX_STATUS_PIECE_LENGTH));
  long long total = rec_int(&m, BTX_STATUS_TOTAL_SIZE), pieces = rec_int(&m, BTX_STATUS_NUM_PIECES);
  CHECK(pieces == (total + 16383) / 16384, "numPieces %lld for %lld bytes", pieces, total);
  CHECK(rec_int(&m, BTX_META_PRIVATE) == 1, "private");
  CHECK(strcmp(rec_text(&m, BTX_META_COMMENT), "a comment = with equals") == 0, "comment '%s'", rec_text(&m, BTX_META_COMMENT));
  CHECK(strcmp(rec_text(&m, BTX_META_CREATOR), "torrentxt test") == 0, "creator (the \\r is dropped) '%s'", rec_text(&m, BTX_META_CREATOR));
  CHECK(rec_int(&m, BTX_META_CREATION_DATE) == 1700000000, "creation date %lld", rec_int(&m, BTX_META_CREATION_DATE));

  item_t files[32];
  int nf = rec_items(m.f, m.n, BTX_META_FILES, files, 32);
  CHECK(nf == rec_int(&m, BTX_META_NUM_FILES) && nf >= 5, "files %d, numFiles %lld", nf, rec_int(&m, BTX_META_NUM_FILES));
  int pads = 0;
  long long offset = 0, sum = 0;
  for (int i = 0; i < nf && i < 32; i++) {
    long long attrs = it_int(&files[i], BTX_FILE_ATTRIBUTE_BITS);
    CHECK(it_int(&files[i], BTX_FILE_OFFSET) == offset, "file %d offset %lld, expected %lld", i, it_int(&files[i], BTX_FILE_OFFSET), offset);
    offset += it_int(&files[i], BTX_FILE_SIZE);
    sum += it_int(&files[i], BTX_FILE_SIZE);
    if (attrs & BTX_FILE_ATTR_PAD) {
      pads++;
      CHECK(strcmp(it_text(&files[i], BTX_FILE_ATTRIBUTES), "pad") == 0, "pad file named 'pad'");
      CHECK(btxd_find(files[i].f, files[i].n, BTX_FILE_PIECES_ROOT) == NULL, "a pad file has no pieces root");
      CHECK(offset % 16384 == 0, "a pad file ends on a piece boundary (%lld)", offset);
    }
  }
  CHECK(sum == total, "the sizes add up to totalSize (%lld vs %lld)", sum, total);
  CHECK(pads >= 2, "a hybrid multi-file torrent has pad files (%d)", pads);
  item_t *a = file_named(files, nf, "multi/a.bin"), *b = file_named(files, nf, "multi/b.bin");
  item_t *hid = file_named(files, nf, "multi/.hidden"), *lnk = file_named(files, nf, "multi/link");
  CHECK(a && it_int(a, BTX_FILE_SIZE) == 100000 && it_int(a, BTX_FILE_ATTRIBUTE_BITS) == 0, "a.bin: plain, 100000 bytes");
  CHECK(a && strlen(it_text(a, BTX_FILE_PIECES_ROOT)) == 64, "a.bin has its v2 root");
  CHECK(b && strcmp(it_text(b, BTX_FILE_ATTRIBUTES), "executable") == 0 && it_int(b, BTX_FILE_ATTRIBUTE_BITS) == BTX_FILE_ATTR_EXECUTABLE, "b.bin executable");
  CHECK(hid && it_int(hid, BTX_FILE_SIZE) == 5000, "dot file included");
  /* libtorrent reads attributes with lstat, and a link's mode has every
   * bit set: a stored symlink is also "executable" */
  CHECK(lnk && (it_int(lnk, BTX_FILE_ATTRIBUTE_BITS) & BTX_FILE_ATTR_SYMLINK) && it_int(lnk, BTX_FILE_SIZE) == 0, "link stored as a symlink");
  CHECK(lnk && strstr(it_text(lnk, BTX_FILE_ATTRIBUTES), "symlink") != NULL, "attributes name it: %s", lnk ? it_text(lnk, BTX_FILE_ATTRIBUTES) : "");
  CHECK(lnk && strcmp(it_text(lnk, BTX_FILE_SYMLINK_TARGET), "multi/a.bin") == 0, "symlink target, within the torrent: '%s'", lnk ? it_text(lnk, BTX_FILE_SYMLINK_TARGET) : "");
  CHECK(a && btxd_find(a->f, a->n, BTX_FILE_SYMLINK_TARGET) == NULL, "no target on a regular file");

  item_t tr[8];
  int ntr = rec_items(m.f, m.n, BTX_META_TRACKERS, tr, 8);
  CHECK(ntr == 3, "3 trackers (%d)", ntr);
  CHECK(ntr == 3 && strcmp(it_text(&tr[0], BTX_TRACKER_URL), "http://127.0.0.1:1/announce") == 0 && it_int(&tr[0], BTX_TRACKER_TIER) == 0, "tier 0 tracker");
  int tier1 = 0;
  for (int i = 0; i < ntr && i < 8; i++) tier1 += it_int(&tr[i], BTX_TRACKER_TIER) == 1;
  CHECK(tier1 == 2, "two trackers in tier 1");
  item_t ws[4];
  CHECK(rec_items(m.f, m.n, BTX_META_WEB_SEEDS, ws, 4) == 1 && strcmp(it_text(&ws[0], BTX_URLSEED_URL), "http://127.0.0.1:4/ws/") == 0, "web seed");
  item_t nodes[4];
  int nn = rec_items(m.f, m.n, BTX_META_DHT_NODES, nodes, 4);
  CHECK(nn == 2 && strcmp(it_text(&nodes[0], BTX_META_HOST), "127.0.0.1") == 0 && it_int(&nodes[0], BTX_EVKEY_PORT) == 6881, "DHT node 1");
  CHECK(nn == 2 && strcmp(it_text(&nodes[1], BTX_META_HOST), "::1") == 0 && it_int(&nodes[1], BTX_EVKEY_PORT) == 6882, "DHT node 2");

  /* a magnet link from the bytes parses back to the same torrent */
  char uri[2048];
  CHECK(btx_make_magnet(t, len, uri, 10) < -10, "magnet size query");
  int ul = btx_make_magnet(t, len, uri, sizeof uri);
  CHECK(ul > 0 && (size_t)ul == strlen(uri), "magnet %s", uri);
  char want[128];
  snprintf(want, sizeof want, "xt=urn:btih:%s", rec_text(&m, BTX_STATUS_INFO_HASH_V1));
  CHECK(strstr(uri, want) != NULL, "magnet names the v1 hash");
  snprintf(want, sizeof want, "xt=urn:btmh:1220%s", rec_text(&m, BTX_STATUS_INFO_HASH_V2));
  CHECK(strstr(uri, want) != NULL, "magnet names the v2 hash");
  rec_t g = {0};
  CHECK(rec_magnet(&g, uri), "parse our magnet (%s)", last_err());
  CHECK(strcmp(rec_text(&g, BTX_STATUS_INFO_HASH_V1), rec_text(&m, BTX_STATUS_INFO_HASH_V1)) == 0, "v1 round-trips");
  CHECK(strcmp(rec_text(&g, BTX_STATUS_INFO_HASH_V2), rec_text(&m, BTX_STATUS_INFO_HASH_V2)) == 0, "v2 round-trips");
  CHECK(strcmp(rec_text(&g, BTX_STATUS_NAME), "multi") == 0, "dn round-trips");
  CHECK(rec_items(g.f, g.n, BTX_META_TRACKERS, tr, 8) == 3 && rec_items(g.f, g.n, BTX_META_WEB_SEEDS, ws, 4) == 1, "trackers and web seed in the magnet");
  rec_free(&g);
  rec_free(&m);
  free(t);
}

static void v1_v2_and_options(const char *dir) {
  rec_t m = {0};
  int len = 0;
  uint8_t *t = make("path=%s\ntype=v1\ncreationDate=0\ndotFiles=skip\n", &len, dir);
  REQUIRE_VOID(t, "v1 create");
  CHECK(rec_metainfo(&m, t, len), "metainfo v1");
  CHECK(strlen(rec_text(&m, BTX_STATUS_INFO_HASH_V1)) == 40 && rec_text(&m, BTX_STATUS_INFO_HASH_V2)[0] == 0, "v1 only: no v2 hash");
  CHECK(rec_int(&m, BTX_META_CREATION_DATE) == 0, "creation date off");
  CHECK(rec_int(&m, BTX_META_PRIVATE) == 0 && rec_text(&m, BTX_META_COMMENT)[0] == 0, "not private, no comment");
  item_t files[32];
  int nf = rec_items(m.f, m.n, BTX_META_FILES, files, 32);
  long long pads = 0, sum = 0;
  for (int i = 0; i < nf && i < 32; i++) {
    pads += (it_int(&files[i], BTX_FILE_ATTRIBUTE_BITS) & BTX_FILE_ATTR_PAD) != 0;
    sum += it_int(&files[i], BTX_FILE_SIZE);
    CHECK(btxd_find(files[i].f, files[i].n, BTX_FILE_PIECES_ROOT) == NULL, "v1: no pieces root");
  }
  CHECK(pads == 0, "v1 has no pad files");
  CHECK(file_named(files, nf, "multi/.hidden") == NULL, "dot file skipped");
  item_t *lnk = file_named(files, nf, "multi/link");
  CHECK(lnk && it_int(lnk, BTX_FILE_SIZE) == 100000 && !(it_int(lnk, BTX_FILE_ATTRIBUTE_BITS) & BTX_FILE_ATTR_SYMLINK) &&
            btxd_find(lnk->f, lnk->n, BTX_FILE_SYMLINK_TARGET) == NULL,
        "symlink followed: a regular file");
  CHECK(nf == 3 && sum == 270000 && rec_int(&m, BTX_STATUS_TOTAL_SIZE) == 270000, "3 files, 270000 bytes (%d, %lld)", nf, sum);
  free(t);

  t = make("path=%s\ntype=v2\n", &len, dir);
  REQUIRE_VOID(t, "v2 create");
  CHECK(rec_metainfo(&m, t, len), "metainfo v2");
  CHECK(rec_text(&m, BTX_STATUS_INFO_HASH_V1)[0] == 0 && strlen(rec_text(&m, BTX_STATUS_INFO_HASH_V2)) == 64, "v2 only: no v1 hash");
  CHECK(rec_int(&m, BTX_META_CREATION_DATE) > 1600000000, "creation date defaults to now");
  char uri[1024];
  CHECK(btx_make_magnet(t, len, uri, sizeof uri) > 0 && strstr(uri, "urn:btih") == NULL && strstr(uri, "urn:btmh:1220") != NULL, "v2 magnet %s", uri);
  free(t);

  /* one file; the default (hybrid) names the same torrent as the v8 call */
  t = make("path=%s/a.bin\n", &len, dir);
  REQUIRE_VOID(t, "single-file create");
  char one[512];
  snprintf(one, sizeof one, "%s/a.bin", dir);
  int vlen = 0;
  uint8_t *v8 = create_torrent(one, 0, "", &vlen);
  rec_t m8 = {0};
  CHECK(rec_metainfo(&m, t, len) && v8 && rec_metainfo(&m8, v8, vlen), "both read");
  CHECK(strcmp(rec_text(&m, BTX_STATUS_INFO_HASH_V1), rec_text(&m8, BTX_STATUS_INFO_HASH_V1)) == 0 &&
            strcmp(rec_text(&m, BTX_STATUS_INFO_HASH_V2), rec_text(&m8, BTX_STATUS_INFO_HASH_V2)) == 0,
        "the default creation is libtorrent's hybrid, like btx_create_torrent");
  CHECK(rec_int(&m, BTX_META_NUM_FILES) == 1 && strcmp(rec_text(&m, BTX_STATUS_NAME), "a.bin") == 0, "single file");
  free(v8);
  rec_free(&m8);

  /* the creation options that are refused, with the line named */
  uint8_t small[64];
  btx_clear_error();
  CHECK(btx_create_torrent_with("type=v1", small, sizeof small) == 0 && strstr(last_err(), "path is missing"), "no path");
  char opts[600];
  snprintf(opts, sizeof opts, "path=%s\n\npieceSize=1000", dir);
  CHECK(btx_create_torrent_with(opts, small, sizeof small) == 0 && strstr(last_err(), "line 3 (pieceSize)"), "piece size: %s", last_err());
  snprintf(opts, sizeof opts, "path=%s\nhash=sha1", dir);
  CHECK(btx_create_torrent_with(opts, small, sizeof small) == 0 && strstr(last_err(), "line 2: unknown key 'hash'"), "unknown: %s", last_err());
  snprintf(opts, sizeof opts, "path=%s/nothing-here", dir);
  CHECK(btx_create_torrent_with(opts, small, sizeof small) == 0 && strstr(last_err(), "no files"), "missing content: %s", last_err());
  CHECK(btx_create_torrent_with(NULL, small, sizeof small) == 0, "NULL options");
  rec_free(&m);
  free(t);
}

/* every truncation, garbage, and bit flips: refused with a message, or (a
 * flip libtorrent tolerates) a record that decodes; never a crash */
static void malformed(const char *dir) {
  int len = 0;
  uint8_t *t = make("path=%s\n", &len, dir);
  REQUIRE_VOID(t, "create");
  rec_t m = {0};
  int with_offset = 0, refused = 0;
  for (int cut = 0; cut < len; cut++) {
    btx_clear_error();
    uint8_t out[8];
    int rc = btx_metainfo(t, cut, out, sizeof out);
    refused += rc == 0;
    if (rc == 0 && strstr(last_err(), "at byte")) with_offset++;
    if (cut == 0) CHECK(rc == 0 && strstr(last_err(), "empty"), "empty input: %s", last_err());
  }
  CHECK(refused == len, "every truncation refused (%d of %d)", refused, len);
  CHECK(with_offset > len / 2, "most truncations name the byte offset (%d)", with_offset);
  btx_clear_error();
  CHECK(btx_metainfo(t, len / 2, NULL, 0) == 0 && strncmp(last_err(), "bad .torrent data", 17) == 0, "the message: %s", last_err());
  uint8_t garbage[4096];
  uint64_t x = 12345;
  for (int round = 0; round < 50; round++) {
    for (size_t i = 0; i < sizeof garbage; i++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      garbage[i] = (uint8_t)x;
    }
    if (round % 2) garbage[0] = 'd';
    CHECK(btx_metainfo(garbage, (int)(sizeof garbage) - round * 50, NULL, 0) == 0, "garbage %d refused", round);
  }
  int decoded = 0, flips = 0;
  uint8_t *copy = malloc((size_t)len);
  for (int at = 0; at < len; at += 7) {
    memcpy(copy, t, (size_t)len);
    copy[at] ^= 0x55;
    flips++;
    if (rec_metainfo(&m, copy, len)) {
      decoded++;
      CHECK(m.n >= 15, "a record with every field (%d)", m.n);
    } else {
      CHECK(strlen(last_err()) > 0, "a refusal says why");
    }
  }
  printf("bit flips: %d of %d still parse\n", decoded, flips);
  CHECK(btx_metainfo(NULL, 10, NULL, 0) == 0 && strstr(last_err(), "NULL"), "NULL data");
  CHECK(btx_metainfo(t, -1, NULL, 0) == 0 && strstr(last_err(), "negative"), "negative length");
  free(copy);
  rec_free(&m);
  free(t);
}

static void magnets_by_hand(void) {
  rec_t g = {0};
  const char *uri =
      "magnet:?xt=urn:btih:0123456789ABCDEF0123456789ABCDEF01234567"
      "&xt=urn:btmh:12200123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      "&dn=d%C3%A9j%C3%A0%20vu&tr=udp%3A%2F%2F127.0.0.1%3A6969&tr=http%3A%2F%2F127.0.0.1%3A8000%2Fannounce"
      "&ws=http%3A%2F%2F127.0.0.1%3A9%2Fseed&x.pe=127.0.0.1:51413&x.pe=[::1]:51414&dht=127.0.0.1:6881&so=1,3-5,9";
  CHECK(rec_magnet(&g, uri), "parse (%s)", last_err());
  CHECK(strcmp(rec_text(&g, BTX_STATUS_INFO_HASH_V1), "0123456789abcdef0123456789abcdef01234567") == 0, "v1 lower-case");
  CHECK(strcmp(rec_text(&g, BTX_STATUS_INFO_HASH_V2), "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef") == 0, "v2");
  CHECK(strcmp(rec_text(&g, BTX_STATUS_NAME), "d\xc3\xa9j\xc3\xa0 vu") == 0, "dn decoded: %s", rec_text(&g, BTX_STATUS_NAME));
  item_t it[8];
  CHECK(rec_items(g.f, g.n, BTX_META_TRACKERS, it, 8) == 2 && strcmp(it_text(&it[1], BTX_TRACKER_URL), "http://127.0.0.1:8000/announce") == 0, "trackers");
  CHECK(rec_items(g.f, g.n, BTX_META_WEB_SEEDS, it, 8) == 1 && strcmp(it_text(&it[0], BTX_URLSEED_URL), "http://127.0.0.1:9/seed") == 0, "ws");
  CHECK(strcmp(rec_text(&g, BTX_EVKEY_PEERS), "127.0.0.1:51413\n[::1]:51414") == 0, "x.pe peers: %s", rec_text(&g, BTX_EVKEY_PEERS));
  CHECK(rec_items(g.f, g.n, BTX_META_DHT_NODES, it, 8) == 1 && strcmp(it_text(&it[0], BTX_META_HOST), "127.0.0.1") == 0 && it_int(&it[0], BTX_EVKEY_PORT) == 6881, "dht node");
  CHECK(strcmp(rec_text(&g, BTX_META_SELECTED_FILES), "1,3,4,5,9") == 0, "so= selection: %s", rec_text(&g, BTX_META_SELECTED_FILES));
  CHECK(rec_magnet(&g, "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567"), "minimal");
  CHECK(rec_text(&g, BTX_META_SELECTED_FILES)[0] == 0 && rec_text(&g, BTX_EVKEY_PEERS)[0] == 0, "no selection, no peers");
  const char *bad[] = {"", "magnet:", "magnet:?dn=x", "magnet:?xt=urn:btih:zz", "http://127.0.0.1/x", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=a%00b"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    uint8_t out[16];
    btx_clear_error();
    CHECK(btx_parse_magnet(bad[i], out, sizeof out) == 0 && strlen(last_err()) > 0, "'%s' refused: %s", bad[i], last_err());
  }
  CHECK(btx_parse_magnet(NULL, NULL, 0) == 0 && strstr(last_err(), "NULL"), "NULL uri");
  rec_free(&g);
}

/* make -> parse -> add -> the same torrent, and a live torrent's magnet */
static void round_trip(const char *dir) {
  int len = 0;
  uint8_t *t = make("path=%s\n", &len, dir);
  REQUIRE_VOID(t, "create");
  rec_t m = {0}, g = {0};
  CHECK(rec_metainfo(&m, t, len), "metainfo");
  char uri[2048];
  CHECK(btx_make_magnet(t, len, uri, sizeof uri) > 0, "make");
  CHECK(rec_magnet(&g, uri), "parse");
  int s1 = loopback_session(), s2 = loopback_session();
  REQUIRE_VOID(s1 && s2, "sessions");
  char parent[512];
  snprintf(parent, sizeof parent, "%.*s", (int)(strrchr(dir, '/') - dir), dir);
  str_t o = {0};
  sput(&o, "savePath=%s\n", parent);
  int seed = btx_add(s1, o.p, t, len);
  REQUIRE_VOID(seed > 0 && wait_seeding(s1, seed, 30000), "seed the content");
  sfree(&o);
  mkdirs(path_in("rt"));
  sput(&o, "magnet=%s\nsavePath=%s\npeer=127.0.0.1:%d\n", uri, path_in("rt"), btx_listen_port(s1));
  int leech = btx_add(s2, o.p, NULL, 0);
  CHECK(leech > 0, "add the parsed magnet (%s)", last_err());
  char ih[80], ih2[80];
  CHECK(btx_info_hash_hex(leech, ih, sizeof ih) == 40 && strcmp(ih, rec_text(&g, BTX_STATUS_INFO_HASH_V1)) == 0, "the same info-hash: %s", ih);
  btx_info_hash_hex(seed, ih2, sizeof ih2);
  CHECK(strcmp(ih, ih2) == 0, "the seed's info-hash");
  CHECK(btx_find_torrent(s2, rec_text(&m, BTX_STATUS_INFO_HASH_V2)) == leech, "found by its v2 hash too");
  int got = 0;
  for (long long until = now_ms() + 60000; !got && now_ms() < until; sleep_ms(50)) {
    drain_once(s1, &g_log);
    drain_once(s2, &g_log);
    got = g_log.seen[BTX_EVENT_METADATA_RECEIVED][slot_of(leech)] > 0;
  }
  CHECK(got, "metadata received from the seed");
  char live[2048];
  int ll = btx_torrent_magnet(leech, live, sizeof live);
  CHECK(ll > 0 && strstr(live, "dn=multi") && strstr(live, rec_text(&m, BTX_STATUS_INFO_HASH_V1)) && strstr(live, rec_text(&m, BTX_STATUS_INFO_HASH_V2)), "live magnet after metadata: %s", live);
  CHECK(btx_torrent_magnet(leech, live, 5) == -(ll + 1), "live magnet size query");
  rec_t lg = {0};
  CHECK(rec_magnet(&lg, live) && strcmp(rec_text(&lg, BTX_STATUS_NAME), "multi") == 0, "the live magnet parses");
  CHECK(wait_finished(s1, s2, leech, 60000), "the download completes");
  char from[600], to[600];
  snprintf(from, sizeof from, "%s/b.bin", dir);
  snprintf(to, sizeof to, "%s/multi/b.bin", path_in("rt"));
  CHECK(same_file(from, to), "bytes arrived");
  rec_free(&lg);
  sfree(&o);
  btx_session_free(s2);
  btx_session_free(s1);
  CHECK(btx_torrent_magnet(leech, live, sizeof live) == 0, "stale handle");
  rec_free(&g);
  rec_free(&m);
  free(t);
}

int main(void) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s", path_in("c/multi"));
  mkdirs(dir);
  char p[600];
  snprintf(p, sizeof p, "%s/a.bin", dir);
  write_random_file(p, 100000, 1);
  snprintf(p, sizeof p, "%s/b.bin", dir);
  write_random_file(p, 70000, 2);
  chmod(p, 0755);
  snprintf(p, sizeof p, "%s/.hidden", dir);
  write_random_file(p, 5000, 3);
  snprintf(p, sizeof p, "%s/link", dir);
  REQUIRE(symlink("a.bin", p) == 0, "symlink");
  hybrid_with_every_option(dir);
  v1_v2_and_options(dir);
  malformed(dir);
  magnets_by_hand();
  round_trip(dir);
  cleanup_tmp();
  return done();
}
