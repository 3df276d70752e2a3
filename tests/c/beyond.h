/* beyond.h - helpers for the tests of the functions beyond v8 (issue 12):
 * records with nested lists, out-buffers called the way a host calls them,
 * key/value option lists, and a drain that keeps every event code (the
 * harness's log keeps codes below 64 only). Include after harness.h. */
#ifndef BTX_BEYOND_H
#define BTX_BEYOND_H

#include <stdarg.h>

#include "harness.h"

/* REQUIRE for a void function: return from it when the check fails */
#define REQUIRE_VOID(cond, ...)           \
  do {                                    \
    int before_ = g_failures;             \
    CHECK(cond, __VA_ARGS__);             \
    if (g_failures != before_) return;    \
  } while (0)

/* ---- records --------------------------------------------------------------- */

typedef struct {
  uint8_t *buf;
  int len;
  btxd_field f[BTXD_MAX_FIELDS];
  int n;
} rec_t;

static inline void rec_free(rec_t *r) {
  free(r->buf);
  memset(r, 0, sizeof *r);
}

static inline int rec_parse(rec_t *r) {
  btxd_reader rd = btxd_make(r->buf, (size_t)r->len);
  r->n = btxd_record(&rd, r->f, BTXD_MAX_FIELDS);
  return r->n >= 0 && !rd.bad && rd.p == rd.end;
}

/* an out-buffer record getter called as a host does: size query, fetch */
static inline int rec_get(rec_t *r, int (*fn)(int, void *, int), int handle) {
  rec_free(r);
  int need = fn(handle, NULL, 0);
  if (need >= 0) return 0;
  r->buf = malloc((size_t)-need);
  r->len = fn(handle, r->buf, -need);
  return r->len == -need && rec_parse(r);
}

/* btx_metainfo into r: 1 on success */
static inline int rec_metainfo(rec_t *r, const void *data, int len) {
  rec_free(r);
  int need = btx_metainfo(data, len, NULL, 0);
  if (need >= 0) return 0;
  r->buf = malloc((size_t)-need);
  r->len = btx_metainfo(data, len, r->buf, -need);
  return r->len == -need && rec_parse(r);
}

static inline int rec_magnet(rec_t *r, const char *uri) {
  rec_free(r);
  int need = btx_parse_magnet(uri, NULL, 0);
  if (need >= 0) return 0;
  r->buf = malloc((size_t)-need);
  r->len = btx_parse_magnet(uri, r->buf, -need);
  return r->len == -need && rec_parse(r);
}

static inline long long rec_int(rec_t *r, uint8_t id) { return btxd_int(r->f, r->n, id); }

static inline const char *rec_text(rec_t *r, uint8_t id) {
  static char bufs[8][4096];
  static int i = 0;
  char *b = bufs[i++ % 8];
  b[0] = 0;
  return btxd_text(r->f, r->n, id, b, sizeof bufs[0]);
}

/* the items of a BTX_TYPE_LIST field, each decoded into sub[i] (up to max) */
typedef struct {
  btxd_field f[32];
  int n;
} item_t;

static inline int rec_items(const btxd_field *fields, int n, uint8_t id, item_t *sub, int max) {
  const btxd_field *lf = btxd_find(fields, n, id);
  if (!lf || lf->type != BTX_TYPE_LIST) return -1;
  btxd_reader r = btxd_make(lf->value, lf->len);
  uint32_t count = btxd_list_begin(&r);
  btxd_reader item;
  int i = 0;
  for (uint32_t k = 0; k < count && btxd_list_next(&r, &item); k++) {
    if (i < max) {
      sub[i].n = btxd_record(&item, sub[i].f, 32);
      if (sub[i].n < 0 || item.bad) return -1;
    }
    i++;
  }
  return r.bad || r.p != r.end ? -1 : i;
}

static inline long long it_int(item_t *it, uint8_t id) { return btxd_int(it->f, it->n, id); }
static inline const char *it_text(item_t *it, uint8_t id) {
  static char bufs[8][1024];
  static int i = 0;
  char *b = bufs[i++ % 8];
  b[0] = 0;
  return btxd_text(it->f, it->n, id, b, sizeof bufs[0]);
}

/* a list-shaped out-buffer (btx_peer_info, ...) into items; the items point
 * into a buffer kept until 8 more calls */
static inline int list_items(int (*fn)(int, void *, int), int handle, item_t *sub, int max) {
  static uint8_t *kept[8];
  static int next = 0;
  /* a live list (the download queue) may grow between the size query and
   * the fetch: ask with room to spare, and again on -needed */
  int need = fn(handle, NULL, 0);
  for (int attempt = 0; attempt < 5 && need < 0; attempt++) {
    int cap = -need + 4096;
    uint8_t *buf = malloc((size_t)cap);
    free(kept[next % 8]);
    kept[next++ % 8] = buf;
    int len = fn(handle, buf, cap);
    if (len > 0) {
      btxd_field wrap = {1, BTX_TYPE_LIST, (uint32_t)len, buf};
      return rec_items(&wrap, 1, 1, sub, max);
    }
    need = len;
  }
  return -1;
}

/* ---- text --------------------------------------------------------------- */

/* printf into a growing string (for key/value option lists) */
typedef struct {
  char *p;
  size_t len, cap;
} str_t;

static inline void sput(str_t *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void sput(str_t *s, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(s->p ? s->p + s->len : NULL, s->p ? s->cap - s->len : 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (s->p && (size_t)n < s->cap - s->len) {
      s->len += (size_t)n;
      return;
    }
    s->cap = s->cap * 2 + (size_t)n + 64;
    s->p = realloc(s->p, s->cap);
  }
}

static inline void sfree(str_t *s) {
  free(s->p);
  memset(s, 0, sizeof *s);
}

/* btx_create_torrent_with as a host calls it */
static inline uint8_t *create_with(const char *options, int *len) {
  int need = btx_create_torrent_with(options, NULL, 0);
  if (need >= 0) return NULL;
  uint8_t *buf = malloc((size_t)-need);
  *len = btx_create_torrent_with(options, buf, -need);
  if (*len != -need) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* ---- every event code ------------------------------------------------------
 * Drains `session` and calls `fn` for each event (all codes). */
typedef void (*event_fn)(uint32_t code, btxd_field *f, int n, void *ctx);

static inline int drain_all(int session, event_fn fn, void *ctx) {
  static uint8_t *buf = NULL;
  static int cap = 0;
  if (!buf) {
    cap = 1 << 16;
    buf = malloc((size_t)cap);
  }
  int n = btx_pop_alerts(session, buf, cap);
  if (n < 0) {
    cap = -n;
    buf = realloc(buf, (size_t)cap);
    n = btx_pop_alerts(session, buf, cap);
  }
  if (n <= 0) return n;
  btxd_reader r = btxd_make(buf, (size_t)cap);
  uint32_t count = btxd_events_begin(&r);
  btxd_reader body;
  uint32_t code;
  static btxd_field f[BTXD_MAX_FIELDS];
  for (uint32_t i = 0; i < count && btxd_event_next(&r, &code, &body); i++) {
    int nf = btxd_record(&body, f, BTXD_MAX_FIELDS);
    if (code < 64) { /* keep the harness's log current too */
      g_log.counts[code]++;
      int torrent = (int)btxd_int(f, nf, BTX_EVKEY_TORRENT);
      g_log.seen[code][slot_of(torrent)]++;
      g_log.last_torrent[code] = torrent;
    }
    if (fn) fn(code, f, nf, ctx);
  }
  return n;
}

static inline long long dht_nodes(int s) {
  uint8_t buf[256];
  int n = btx_dht_state(s, buf, sizeof buf);
  if (n <= 0) return -1;
  btxd_reader r = btxd_make(buf, (size_t)n);
  btxd_field f[BTXD_MAX_FIELDS];
  int nf = btxd_record(&r, f, BTXD_MAX_FIELDS);
  return btxd_int(f, nf, BTX_DHT_NODES);
}

/* three sessions bootstrapped to each other; 1 when every routing table has
 * a node */
static inline int dht_triangle(int s[3], int timeout_ms) {
  for (int i = 0; i < 3; i++) s[i] = dht_session();
  if (!s[0] || !s[1] || !s[2]) return 0;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      if (i != j) btx_dht_add_bootstrap(s[i], "127.0.0.1", btx_listen_port(s[j]));
  for (long long until = now_ms() + timeout_ms; now_ms() < until; sleep_ms(100)) {
    int ok = 1;
    for (int i = 0; i < 3; i++) {
      drain_all(s[i], NULL, NULL);
      ok &= dht_nodes(s[i]) >= 1;
    }
    if (ok) return 1;
  }
  return 0;
}

#endif
