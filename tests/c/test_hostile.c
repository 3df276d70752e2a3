/* Hostile inputs (issue 8, items 4 and 5): .torrent files whose file names
 * collide, magnet links with thousands of trackers or a NUL in the name.
 * Each is refused quickly with BTX_ERR_LIMIT / BTX_ERR_INVALID_ARG before
 * libtorrent spends time on it, and a slow parse on one thread never holds
 * up an add on another. */
#include <pthread.h>

#include "harness.h"

/* ---- a tiny bencoder for hand-made torrents ---------------------------- */

typedef struct {
  char *p;
  size_t len, cap;
} buf_t;

static void put_bytes(buf_t *b, const void *data, size_t n) {
  if (b->len + n > b->cap) {
    b->cap = (b->len + n) * 2 + 1024;
    b->p = realloc(b->p, b->cap);
  }
  memcpy(b->p + b->len, data, n);
  b->len += n;
}

static void put_str(buf_t *b, const char *s) {
  char head[32];
  int n = snprintf(head, sizeof head, "%zu:", strlen(s));
  put_bytes(b, head, (size_t)n);
  put_bytes(b, s, strlen(s));
}

static void put_raw(buf_t *b, const char *s) { put_bytes(b, s, strlen(s)); }

static void put_int(buf_t *b, long long v) {
  char t[40];
  int n = snprintf(t, sizeof t, "i%llde", v);
  put_bytes(b, t, (size_t)n);
}

/* A v1 multi-file torrent of `files` one-byte files, named `name_of(i)`;
 * `trackers` announce URLs in announce-list. Piece hashes are zeros: the
 * torrent is well formed, its content just never verifies. */
static buf_t make_torrent(int files, void (*name_of)(int, char *, size_t), int trackers) {
  buf_t b = {0};
  put_raw(&b, "d");
  if (trackers > 0) {
    put_str(&b, "announce-list");
    put_raw(&b, "l");
    for (int i = 0; i < trackers; i++) {
      char url[64];
      snprintf(url, sizeof url, "http://127.0.0.1:%d/announce", 10000 + i);
      put_raw(&b, "l");
      put_str(&b, url);
      put_raw(&b, "e");
    }
    put_raw(&b, "e");
  }
  put_str(&b, "info");
  put_raw(&b, "d");
  put_str(&b, "files");
  put_raw(&b, "l");
  for (int i = 0; i < files; i++) {
    char name[64];
    name_of(i, name, sizeof name);
    put_raw(&b, "d");
    put_str(&b, "length");
    put_int(&b, 1);
    put_str(&b, "path");
    put_raw(&b, "l");
    put_str(&b, name);
    put_raw(&b, "e");
    put_raw(&b, "e");
  }
  put_raw(&b, "e");
  put_str(&b, "name");
  put_str(&b, "hostile");
  put_str(&b, "piece length");
  put_int(&b, 16384);
  int pieces = (files + 16383) / 16384;
  char head[32];
  int n = snprintf(head, sizeof head, "6:pieces%d:", pieces * 20);
  put_bytes(&b, head, (size_t)n);
  for (int i = 0; i < pieces * 20; i++) put_bytes(&b, "\0", 1);
  put_raw(&b, "ee");
  return b;
}

static void same_name(int i, char *out, size_t cap) {
  (void)i;
  snprintf(out, cap, "same.bin");
}

static void unique_name(int i, char *out, size_t cap) { snprintf(out, cap, "f%07d.bin", i); }

/* ---- a slow add on one thread, a quick add on another --------------------- */

typedef struct {
  int session;
  buf_t torrent;
  int handle;
  long long ms;
} add_job;

static void *add_big(void *arg) {
  add_job *j = arg;
  long long t0 = now_ms();
  j->handle = btx_add_torrent_file(j->session, j->torrent.p, (int)j->torrent.len, path_in("big"));
  j->ms = now_ms() - t0;
  return NULL;
}

int main(void) {
  int s = loopback_session();
  REQUIRE(s > 0, "session");
  int rc;
  long long t0, ms;

  /* 1. 16,000 files with the same name: libtorrent renames them in
   * quadratic time (51 s measured inside one add). Refused at once now. */
  buf_t dup = make_torrent(16000, same_name, 0);
  t0 = now_ms();
  rc = btx_add_torrent_file(s, dup.p, (int)dup.len, path_in("dup"));
  ms = now_ms() - t0;
  CHECK(rc == 0, "16,000 colliding names refused (handle %d)", rc);
  CHECK(strstr(last_err(), "collide") != NULL, "the reason names the collisions: %s", last_err());
  CHECK(ms < 1000, "refused in %lld ms", ms);
  free(dup.p);
  /* the same through the _ex add and as 100,000 files */
  dup = make_torrent(100000, same_name, 0);
  t0 = now_ms();
  rc = btx_add_torrent_file_ex(s, dup.p, (int)dup.len, path_in("dup"), "0", "0");
  ms = now_ms() - t0;
  CHECK(rc == 0 && ms < 1000, "100,000 colliding names refused in %lld ms", ms);
  free(dup.p);
  /* up to 100 collisions are libtorrent's to resolve, and cheap */
  buf_t few = make_torrent(101, same_name, 0);
  int t = btx_add_torrent_file(s, few.p, (int)few.len, path_in("few"));
  CHECK(t > 0, "100 collisions are accepted");
  if (t > 0) btx_remove(s, t, 0);
  free(few.p);

  /* 2. a big, valid torrent parses outside the add lock: an add on another
   * thread finishes long before it */
  add_job big = {s, make_torrent(200000, unique_name, 0), 0, 0};
  pthread_t th;
  pthread_create(&th, NULL, add_big, &big);
  sleep_ms(30); /* let the big parse start */
  t0 = now_ms();
  int quick = btx_add_magnet(s, "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=quick", path_in("quick"));
  long long quick_ms = now_ms() - t0;
  pthread_join(th, NULL);
  CHECK(big.handle > 0, "the 200,000-file torrent is added (%lld ms)", big.ms);
  CHECK(quick > 0, "the quick add succeeded");
  printf("big add: %lld ms; concurrent small add: %lld ms\n", big.ms, quick_ms);
  CHECK(big.ms < 200 || quick_ms < big.ms / 2, "the small add (%lld ms) did not wait for the big parse (%lld ms)", quick_ms, big.ms);
  free(big.torrent.p);

  /* 3. trackers per torrent are bounded (500) */
  buf_t many = make_torrent(2, unique_name, 501);
  rc = btx_add_torrent_file(s, many.p, (int)many.len, path_in("many"));
  CHECK(rc == 0 && strstr(last_err(), "trackers") != NULL, "501 trackers in announce-list refused: %s", last_err());
  free(many.p);

  size_t cap = 64 + 10000 * 40;
  char *uri = malloc(cap);
  size_t at = (size_t)snprintf(uri, cap, "magnet:?xt=urn:btih:1123456789abcdef0123456789abcdef01234567");
  for (int i = 0; i < 10000; i++) at += (size_t)snprintf(uri + at, cap - at, "&tr=udp://127.0.0.1:%d", 1024 + i);
  t0 = now_ms();
  rc = btx_add_magnet(s, uri, path_in("m"));
  ms = now_ms() - t0;
  CHECK(rc == 0, "10,000 tr= refused");
  char err[512];
  btx_last_error(err, sizeof err);
  CHECK(strstr(err, "10000 trackers") != NULL && strstr(err, "500") != NULL, "clear reason: %s", err);
  CHECK(ms < 500, "refused in %lld ms", ms);
  CHECK(btx_add_magnet_ex(s, uri, path_in("m"), "0", "0") == 0, "_ex too");

  /* exactly at the limit: accepted, and the session stays responsive */
  at = (size_t)snprintf(uri, cap, "magnet:?xt=urn:btih:2123456789abcdef0123456789abcdef01234567");
  for (int i = 0; i < 500; i++) at += (size_t)snprintf(uri + at, cap - at, "&tr=udp://127.0.0.1:%d", 1024 + i);
  int limit_t = btx_add_magnet(s, uri, path_in("m500"));
  CHECK(limit_t > 0, "500 trackers accepted");
  t0 = now_ms();
  uint8_t lbuf[4096];
  int ln = btx_file_list(quick, lbuf, sizeof lbuf);
  ms = now_ms() - t0;
  CHECK(ln >= 2, "a synchronous call on another torrent answers");
  CHECK(ms < 2000, "... in %lld ms", ms);
  printf("file list beside a 500-tracker magnet: %lld ms\n", ms);
  /* btx_add_tracker stops at the limit too */
  CHECK(btx_add_tracker(limit_t, "http://127.0.0.1:9/x", 0) == BTX_ERR_LIMIT, "the 501st tracker: %s", last_err());
  CHECK(btx_add_tracker(limit_t, "udp://127.0.0.1:1024", 0) == BTX_OK, "re-adding a present tracker is fine");
  CHECK(btx_add_tracker(quick, "http://127.0.0.1:9/x", 0) == BTX_OK, "another torrent is below the limit");
  free(uri);

  /* 4. %00 in a magnet is refused, never a name with a NUL inside */
  CHECK(btx_add_magnet(s, "magnet:?xt=urn:btih:3123456789abcdef0123456789abcdef01234567&dn=a%00b", path_in("nul")) == 0,
        "dn with %%00 refused");
  CHECK(strstr(last_err(), "NUL") != NULL, "reason: %s", last_err());
  CHECK(btx_add_magnet(s, "magnet:?xt=urn:btih:3123456789abcdef0123456789abcdef01234567&tr=http://x%00y", path_in("nul")) == 0,
        "tr with %%00 refused");
  CHECK(btx_add_magnet(s, "magnet:?xt=urn:btih:3123456789abcdef0123456789abcdef01234567&dn=a%01b", path_in("ok")) > 0,
        "other control bytes are a host's business");

  /* 5. resume data may not rename a file outside the save path (found by
   * fuzzing: libtorrent takes mapped_files as given, so forged resume data
   * created files anywhere) */
  {
    const char *names[] = {"/tmp/btx-escaped", "a/../../btx-escaped", "..", "sub/..\\x", "ok/renamed.bin"};
    int expect_ok[] = {0, 0, 0, 0, 1};
    for (int i = 0; i < 5; i++) {
      char rd[512];
      char ih[21];
      snprintf(ih, sizeof ih, "%020d", 700 + i);
      int n = snprintf(rd, sizeof rd, "d11:file-format22:libtorrent resume file9:info-hash20:%s12:mapped_filesl%zu:%see", ih,
                       strlen(names[i]), names[i]);
      int t = btx_add_with_resume(s, rd, n, path_in("resume"));
      if (expect_ok[i]) {
        CHECK(t > 0, "a relative rename inside the save path is fine: %s", last_err());
      } else {
        CHECK(t == 0 && strstr(last_err(), "outside the save path"), "'%s' refused: %s", names[i], last_err());
      }
    }
  }

  /* 6. oversized inputs are refused by size, before decoding */
  int huge_len = (64 << 20) + 1;
  char *huge = calloc((size_t)huge_len, 1);
  huge[0] = 'd';
  CHECK(btx_add_torrent_file(s, huge, huge_len, path_in("huge")) == 0 && strstr(last_err(), "limit") != NULL,
        "a 64 MiB + 1 .torrent is refused: %s", last_err());
  free(huge);

  btx_session_free(s);
  cleanup_tmp();
  return done();
}
