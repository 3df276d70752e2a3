/* Issue 10, on real sessions over 127.0.0.1:
 * - the compact text form (btx_records_text) of live answers says exactly
 *   what the records say: every text row has the record's values, in order,
 *   under one key per field id, and an event row ends with its code and
 *   name; every record the text cannot carry (a raw value, a separator in a
 *   name or a path, no field) is a flagged row whose offset names it, and
 *   nothing else is flagged. Torrents and files are named with tabs,
 *   newlines, non-ASCII and the separators themselves.
 * - the file-list cache (src/files.rs) follows what the host changes:
 *   priorities and renames read back, and stay, while the list is read all
 *   along; a seed's progress is its sizes. */
#include "harness.h"

/* the key each field id had so far (one name per id in every answer) */
static char g_keys[256][64];

static int needs_flag(const btxd_field *f, int n) {
  for (int i = 0; i < n; i++) {
    if (f[i].type == BTX_TYPE_RAW || f[i].type == BTX_TYPE_LIST) return 1;
    for (uint32_t k = 0; k < f[i].len; k++)
      if (f[i].value[k] >= BTX_TEXT_FLAG && f[i].value[k] <= BTX_TEXT_KEY) return 1;
  }
  return 0;
}

/* Checks one text row (row..end) against the record's fields; `code` >= 0
 * for an event row. */
static void check_row(const char *what, const uint8_t *row, const uint8_t *end, const btxd_field *f, int n, int code) {
  const uint8_t *p = row;
  int fields = n + (code >= 0 ? 2 : 0);
  for (int i = 0; i < fields; i++) {
    const uint8_t *key = p;
    while (p < end && *p != BTX_TEXT_KEY) p++;
    if (p >= end) {
      CHECK(0, "%s: field %d has no key separator", what, i);
      return;
    }
    size_t klen = (size_t)(p - key);
    p++;
    const uint8_t *val = p;
    while (p < end && *p != BTX_TEXT_FIELD) p++;
    size_t vlen = (size_t)(p - val);
    if (p < end) p++;
    CHECK(klen > 0 && klen < 64, "%s: key %d has %zu bytes", what, i, klen);
    if (i < n) {
      CHECK(vlen == f[i].len && memcmp(val, f[i].value, vlen) == 0, "%s: field %d (id %u) value differs: '%.*s'", what, i, f[i].id,
            (int)vlen, (const char *)val);
      char *known = g_keys[f[i].id];
      if (!known[0]) {
        memcpy(known, key, klen);
        known[klen] = 0;
      } else {
        CHECK(strlen(known) == klen && memcmp(known, key, klen) == 0, "%s: id %u is '%.*s' here, '%s' before", what, f[i].id, (int)klen,
              (const char *)key, known);
      }
    } else if (i == n) {
      char num[16];
      snprintf(num, sizeof num, "%d", code);
      CHECK(klen == 4 && memcmp(key, "code", 4) == 0 && vlen == strlen(num) && memcmp(val, num, vlen) == 0, "%s: code %s", what, num);
    } else {
      CHECK(klen == 4 && memcmp(key, "name", 4) == 0 && vlen > 0, "%s: name", what);
    }
  }
  CHECK(p == end, "%s: %zu bytes after the last field", what, (size_t)(end - p));
}

/* The compact text of `data` (shape) against the records: returns how many
 * rows were flagged, counts the text rows into *text_rows. */
static int check_text(const char *what, int shape, const uint8_t *data, size_t len, int *text_rows) {
  int need = btx_records_text(shape, data, (int)len, NULL, 0);
  uint8_t *text = malloc(need < 0 ? (size_t)-need : 1);
  int tlen = need < 0 ? btx_records_text(shape, data, (int)len, text, -need) : 0;
  CHECK(need <= 0 && tlen == -need, "%s: %d bytes, asked %d", what, tlen, -need);
  const uint8_t *p = text, *end = text + tlen;
  btxd_reader r = btxd_make(data, len);
  uint32_t count = 1;
  if (shape == BTX_SHAPE_LIST) count = btxd_len(&r);
  if (shape == BTX_SHAPE_EVENTS) count = btxd_u16(&r);
  int flagged = 0;
  for (uint32_t i = 0; i < count && !r.bad; i++) {
    const uint8_t *row = p;
    while (p < end && *p != BTX_TEXT_ROW) p++;
    const uint8_t *row_end = p;
    if (p < end) p++;
    size_t at = (size_t)(r.p - data); /* the record (or the event) starts here */
    int code = -1;
    btxd_reader body = r;
    if (shape == BTX_SHAPE_LIST) {
      uint32_t blen = btxd_len(&r);
      at = (size_t)(r.p - data);
      body = btxd_make(btxd_take(&r, blen), blen);
    } else if (shape == BTX_SHAPE_EVENTS) {
      code = (int)btxd_u16(&r);
      uint32_t blen = btxd_len(&r);
      body = btxd_make(btxd_take(&r, blen), blen);
    }
    btxd_field f[BTXD_MAX_FIELDS];
    int n = btxd_record(&body, f, BTXD_MAX_FIELDS);
    if (n < 0 || body.skipped != 0) {
      CHECK(0, "%s: record %u does not decode", what, i);
      break;
    }
    if (shape == BTX_SHAPE_RECORD) r = body;
    int flag = needs_flag(f, n) || (shape == BTX_SHAPE_LIST && n == 0);
    if (row < row_end && *row == BTX_TEXT_FLAG) {
      flagged++;
      char want[32];
      snprintf(want, sizeof want, "%c%zu", BTX_TEXT_FLAG, at + 1);
      CHECK(flag, "%s: row %u is flagged but its record is plain text", what, i);
      CHECK((size_t)(row_end - row) == strlen(want) && memcmp(row, want, strlen(want)) == 0, "%s: row %u flag '%.*s', want offset %zu", what, i,
            (int)(row_end - row), (const char *)row, at + 1);
    } else {
      CHECK(!flag, "%s: row %u carries a record the text cannot say", what, i);
      check_row(what, row, row_end, f, n, code);
      if (text_rows) (*text_rows)++;
    }
  }
  CHECK(p == end, "%s: %zu bytes of text after %u records", what, (size_t)(end - p), count);
  free(text);
  return flagged;
}

/* an out-buffer answer, fetched the way a host does */
typedef int (*torrent_fn)(int, void *, int);
static uint8_t *fetch(torrent_fn fn, int h, int *len) {
  int need = fn(h, NULL, 0);
  if (need >= 0) return NULL;
  uint8_t *b = malloc((size_t)-need + 4096); /* slack: bulk answers grow */
  *len = fn(h, b, -need + 4096);
  return *len > 0 ? b : NULL;
}

static int status_all_v8(int s, void *out, int cap) { return btx_status_all(s, "v8", out, cap); }
static int status_changed_v8(int s, void *out, int cap) { return btx_status_changed(s, "v8", out, cap); }

/* index of the file whose path is `path` in the list, -1 if none */
static int file_index(list_t *l, const char *path) {
  char text[512];
  for (int i = 0; i < l->nitems; i++)
    if (strcmp(li_text(l, i, BTX_FILE_PATH, text, sizeof text), path) == 0) return i;
  return -1;
}

/* renames file `from` (a path in the list) to `to` and waits until the file
 * list says so, reading it all along; then it must stay so */
static int rename_and_see(int s, int t, const char *from, const char *to) {
  list_t l = {0};
  int i = get_list(btx_file_list, t, &l) > 0 ? file_index(&l, from) : -1;
  int ok = i >= 0 && btx_rename_file(t, i, to) == BTX_OK;
  int seen = 0;
  for (long long until = now_ms() + 10000; ok && !seen && now_ms() < until;) {
    seen = get_list(btx_file_list, t, &l) > 0 && file_index(&l, to) == i;
    drain_once(s, &g_log);
  }
  for (int k = 0; seen && k < 20; k++) seen = get_list(btx_file_list, t, &l) > 0 && file_index(&l, to) == i;
  free(l.buf);
  return seen;
}

int main(void) {
  char text[512];
  /* a folder torrent; libtorrent turns control characters of the names a
   * .torrent gives into '_', so the odd names come with renames and the add
   * option `name` */
  const char *names[] = {"a.bin", "b.bin", "c.bin", "\xc3\xbcn\xc3\xaf \xf0\x9f\x8e\x89.bin", "e.bin"};
  char p[500];
  mkdirs(path_in("content/odd"));
  for (int i = 0; i < 5; i++) {
    snprintf(p, sizeof p, "%s/%s", path_in("content/odd"), names[i]);
    write_random_file(p, 20000 + (size_t)i * 777, 40 + (uint64_t)i);
  }
  write_random_file(path_in("content/single.bin"), 70000, 50);
  int l1 = 0, l2 = 0;
  uint8_t *tor_odd = create_torrent(path_in("content/odd"), 16384, "", &l1);
  uint8_t *tor_one = create_torrent(path_in("content/single.bin"), 16384, "", &l2);
  REQUIRE(tor_odd && tor_one, "create");
  int s = loopback_session();
  REQUIRE(s > 0, "session");
  int odd = btx_add_torrent_file(s, tor_odd, l1, path_in("content"));
  int one = btx_add_torrent_file(s, tor_one, l2, path_in("content"));
  REQUIRE(odd > 0 && one > 0, "add");
  REQUIRE(wait_seeding(s, odd, 60000) && wait_seeding(s, one, 60000), "both seed");
  /* two torrents without metadata, named with the key separator and a tab */
  char opts[600];
  snprintf(opts, sizeof opts, "infoHash=00112233445566778899aabbccddeeff00112233\nname=name\x1fwith US\nsavePath=%s\nflags=16\nmask=48",
           path_in("content"));
  int us = btx_add(s, opts, NULL, 0);
  snprintf(opts, sizeof opts, "infoHash=00112233445566778899aabbccddeeff00112234\nname=tab\tname\nsavePath=%s\nflags=16\nmask=48",
           path_in("content"));
  int tab = btx_add(s, opts, NULL, 0);
  REQUIRE(us > 0 && tab > 0, "named adds: %s", last_err());
  /* files renamed to a tab, a newline and the field separator */
  CHECK(rename_and_see(s, odd, "odd/a.bin", "odd/tab\there.bin"), "rename to a tab");
  CHECK(rename_and_see(s, odd, "odd/b.bin", "odd/new\nline.bin"), "rename to a newline");
  CHECK(rename_and_see(s, odd, "odd/c.bin", "odd/rs\x1einside.bin"), "rename to RS");

  /* status: a name with US is flagged, one with a tab is text */
  int len = 0, rows = 0;
  uint8_t *b = fetch(btx_torrent_status, us, &len);
  REQUIRE(b, "status");
  CHECK(check_text("status us", BTX_SHAPE_RECORD, b, (size_t)len, NULL) == 1, "a name with US is flagged");
  free(b);
  b = fetch(btx_torrent_status, tab, &len);
  CHECK(b && check_text("status tab", BTX_SHAPE_RECORD, b, (size_t)len, &rows) == 0 && rows == 1, "a name with a tab is one text row");
  free(b);
  CHECK(strcmp(g_keys[BTX_STATUS_NAME], "name") == 0 && strcmp(g_keys[BTX_STATUS_STATE], "state") == 0, "status keys");

  /* the bulk answers: a list with the torrent handle first */
  rows = 0;
  b = fetch(status_all_v8, s, &len);
  REQUIRE(b, "status all");
  CHECK(check_text("status all", BTX_SHAPE_LIST, b, (size_t)len, &rows) == 1 && rows == 3, "bulk: one flagged, three text rows (%d)", rows);
  free(b);
  CHECK(strcmp(g_keys[BTX_EVKEY_TORRENT], "torrent") == 0, "torrent key");
  b = fetch(status_changed_v8, s, &len);
  REQUIRE(b, "status changed");
  check_text("status changed", BTX_SHAPE_LIST, b, (size_t)len, NULL);
  free(b);

  /* the file list: the file with RS is flagged; tab, newline, non-ASCII are text */
  rows = 0;
  b = fetch(btx_file_list, odd, &len);
  REQUIRE(b, "file list");
  CHECK(check_text("files", BTX_SHAPE_LIST, b, (size_t)len, &rows) == 1 && rows == 4, "files: 1 flagged, 4 text rows (%d)", rows);
  free(b);
  CHECK(strcmp(g_keys[BTX_FILE_PATH], "path") == 0 && strcmp(g_keys[BTX_FILE_PRIORITY], "priority") == 0, "file keys");

  /* events: pause/resume, a recheck (pieceFinished per piece) and resume
   * data (a raw value: flagged, its offset names the event) */
  drain_once(s, &g_log);
  CHECK(btx_pause(odd) == BTX_OK && btx_pause(one) == BTX_OK && btx_resume(odd) == BTX_OK && btx_resume(one) == BTX_OK, "pause/resume");
  CHECK(btx_force_recheck(one) == BTX_OK, "recheck");
  CHECK(btx_save_resume(one) == BTX_OK, "save resume");
  int flagged = 0, text_rows = 0, drains = 0, resume_seen = 0;
  uint8_t *drain = malloc(1 << 16);
  for (long long until = now_ms() + 20000; now_ms() < until && (!resume_seen || text_rows < 8); sleep_ms(50)) {
    int n = btx_pop_alerts(s, drain, 1 << 16);
    if (n <= 0) continue;
    drains++;
    int f = check_text("drain", BTX_SHAPE_EVENTS, drain, 1 << 16, &text_rows); /* the whole buffer, as the binding passes it */
    flagged += f;
    btxd_reader r = btxd_make(drain, 1 << 16), body;
    uint32_t code, count = btxd_events_begin(&r);
    for (uint32_t i = 0; i < count && btxd_event_next(&r, &code, &body); i++)
      if (code == BTX_EVENT_RESUME_DATA_READY) resume_seen = 1;
  }
  CHECK(resume_seen && flagged >= 1, "resumeDataReady arrived flagged (%d flagged in %d drains)", flagged, drains);
  CHECK(text_rows >= 8, "%d event rows as text", text_rows);
  CHECK(strcmp(g_keys[BTX_EVKEY_PIECE], "piece") == 0 || g_keys[BTX_EVKEY_PIECE][0] == 0, "piece key");
  free(drain);

  /* the file-list cache: priorities set on a seed read back, and stay,
   * while the list is read all along */
  list_t l = {0};
  CHECK(get_list(btx_file_list, odd, &l) == 5, "five files");
  for (int i = 0; i < 5; i++) CHECK(li_int(&l, i, BTX_FILE_PROGRESS) == li_int(&l, i, BTX_FILE_SIZE), "seed file %d complete", i);
  CHECK(btx_set_file_priority(odd, 1, 1) == BTX_OK, "set priority");
  int back = 0;
  for (long long until = now_ms() + 5000; !back && now_ms() < until;)
    back = get_list(btx_file_list, odd, &l) == 5 && li_int(&l, 1, BTX_FILE_PRIORITY) == 1;
  CHECK(back, "priority 1 read back");
  drain_once(s, &g_log);
  sleep_ms(300);
  int stays = 1;
  for (int k = 0; k < 50; k++) stays &= get_list(btx_file_list, odd, &l) == 5 && li_int(&l, 1, BTX_FILE_PRIORITY) == 1;
  CHECK(stays, "and stays");
  uint8_t prios[5] = {7, 6, 5, 0, 2};
  CHECK(btx_set_file_priorities(odd, prios, 5) == BTX_OK, "bulk priorities");
  back = 0;
  for (long long until = now_ms() + 5000; !back && now_ms() < until;) {
    back = get_list(btx_file_list, odd, &l) == 5;
    for (int i = 0; back && i < 5; i++) back = li_int(&l, i, BTX_FILE_PRIORITY) == prios[i];
  }
  CHECK(back, "bulk priorities read back");
  /* a rename: the list is read before libtorrent finishes it, and shows
   * the new path once it has */
  long long size4 = li_int(&l, 4, BTX_FILE_SIZE);
  CHECK(btx_rename_file(odd, 4, "moved/renamed.bin") == BTX_OK, "rename");
  int renamed = 0;
  for (long long until = now_ms() + 10000; !renamed && now_ms() < until;) {
    renamed = get_list(btx_file_list, odd, &l) == 5 && strcmp(li_text(&l, 4, BTX_FILE_PATH, text, sizeof text), "moved/renamed.bin") == 0;
    drain_once(s, &g_log);
  }
  CHECK(renamed, "the new path (last: %s)", text);
  stays = 1;
  for (int k = 0; k < 50; k++)
    stays &= get_list(btx_file_list, odd, &l) == 5 && strcmp(li_text(&l, 4, BTX_FILE_PATH, text, sizeof text), "moved/renamed.bin") == 0;
  CHECK(stays, "and it stays");
  snprintf(p, sizeof p, "%s/moved/renamed.bin", path_in("content"));
  struct stat sb;
  CHECK(stat(p, &sb) == 0 && sb.st_size == size4, "the file moved on disk");
  /* a recheck makes the seed's progress come from libtorrent again */
  CHECK(btx_force_recheck(odd) == BTX_OK && wait_seeding(s, odd, 60000), "recheck");
  CHECK(get_list(btx_file_list, odd, &l) == 5 && li_int(&l, 4, BTX_FILE_PROGRESS) == size4, "progress after the recheck");

  free(l.buf);
  free(tor_odd);
  free(tor_one);
  btx_session_free(s);
  cleanup_tmp();
  return done();
}
