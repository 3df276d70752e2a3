/* Decodes the golden vectors (tests/vectors/NAME.bin) with the C decoder and
 * checks the result against their committed descriptions (NAME.txt), the same
 * text the Rust encoder's test derives. Also feeds the decoder every
 * truncation of each vector: it must fail cleanly, never read past the end. */
#include "harness.h"

static uint32_t fnv(const uint8_t *b, uint32_t n) {
  uint32_t h = 0x811c9dc5u;
  for (uint32_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x01000193u;
  return h;
}

typedef struct {
  char *p;
  size_t len, cap;
} text_t;

static void put(text_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void put(text_t *t, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < t->cap - t->len) {
      t->len += (size_t)n;
      return;
    }
    t->cap = t->cap * 2 + (size_t)n + 64;
    t->p = realloc(t->p, t->cap);
  }
}

/* returns 0 on a malformed buffer */
static int describe_record(btxd_reader *r, text_t *t) {
  btxd_field f[64];
  int n = btxd_record(r, f, 64);
  if (n < 0 || r->skipped) return 0;
  put(t, "record %d\n", n);
  for (int i = 0; i < n; i++) {
    if (f[i].type == BTX_TYPE_LIST) {
      /* a nested list (issue 12's metainfo): its items, then a closing line */
      btxd_reader lr = btxd_make(f[i].value, f[i].len);
      uint32_t count = btxd_list_begin(&lr);
      put(t, "%u %u items %u\n", f[i].id, f[i].type, count);
      btxd_reader item;
      for (uint32_t k = 0; k < count; k++) {
        if (!btxd_list_next(&lr, &item) || !describe_record(&item, t) || item.p != item.end) return 0;
      }
      if (lr.bad || lr.p != lr.end) return 0;
      put(t, "end %u\n", f[i].id);
    } else if (f[i].type == BTX_TYPE_RAW)
      put(t, "%u %u len=%u fnv=%08x\n", f[i].id, f[i].type, f[i].len, fnv(f[i].value, f[i].len));
    else {
      /* control bytes, DEL and the backslash as \xHH (as tests/golden.rs writes them) */
      put(t, "%u %u ", f[i].id, f[i].type);
      for (uint32_t k = 0; k < f[i].len; k++) {
        uint8_t b = f[i].value[k];
        if (b < 0x20 || b == 0x7F || b == '\\')
          put(t, "\\x%02x", b);
        else
          put(t, "%c", (char)b);
      }
      put(t, "\n");
    }
  }
  return 1;
}

static int describe(const char *name, const uint8_t *data, size_t len, text_t *t) {
  btxd_reader r = btxd_make(data, len);
  if (strncmp(name, "events", 6) == 0) {
    uint32_t n = btxd_u16(&r);
    put(t, "events %u\n", n);
    for (uint32_t i = 0; i < n && !r.bad; i++) {
      uint32_t code = btxd_u16(&r);
      uint32_t body = btxd_len(&r);
      const uint8_t *b = btxd_take(&r, body);
      if (!b) return 0;
      put(t, "event %u\n", code);
      btxd_reader br = btxd_make(b, body);
      if (!describe_record(&br, t) || br.p != br.end) return 0;
    }
  } else if (strncmp(name, "list", 4) == 0) {
    uint32_t n = btxd_len(&r);
    put(t, "items %u\n", n);
    for (uint32_t i = 0; i < n && !r.bad; i++) {
      uint32_t body = btxd_len(&r);
      const uint8_t *b = btxd_take(&r, body);
      if (!b) return 0;
      btxd_reader br = btxd_make(b, body);
      if (!describe_record(&br, t) || br.p != br.end) return 0;
    }
  } else if (!describe_record(&r, t)) {
    return 0;
  }
  return !r.bad && r.p == r.end;
}

/* Issue 8.1: a record with more fields than the caller's array. The decoder
 * stores at most `max`, says how many it skipped, and every helper given the
 * returned count stays inside the array (ASan would report a stack overflow
 * otherwise). */
static void oversized_record_into_small_array(void) {
  uint8_t rec[2 + 40 * 8];
  size_t at = 2;
  const int fields = 40;
  rec[0] = 0;
  rec[1] = (uint8_t)fields;
  for (int i = 0; i < fields; i++) {
    char v[8];
    int len = snprintf(v, sizeof v, "%d", 1000 + i);
    rec[at++] = (uint8_t)(i + 1);
    rec[at++] = BTX_TYPE_INT;
    rec[at++] = 0;
    rec[at++] = (uint8_t)len;
    memcpy(rec + at, v, (size_t)len);
    at += (size_t)len;
  }
  btxd_field f[16];
  btxd_reader r = btxd_make(rec, at);
  int n = btxd_record(&r, f, 16);
  CHECK(n == 16, "stored %d of 40 fields into f[16]", n);
  CHECK(r.skipped == 24, "skipped %u", r.skipped);
  CHECK(r.p == r.end && !r.bad, "the whole record was consumed");
  CHECK(btxd_int(f, n, 16) == 1015, "field 16 is in the array");
  CHECK(btxd_find(f, n, 20) == NULL, "field 20 is past the array: not found, not read");
  CHECK(btxd_int(f, n, 40) == 0, "field 40 is past the array");
  btxd_field one;
  CHECK(btxd_get(rec, at, 40, &one) && btxd_value_int(&one) == 1039, "btxd_get finds field 40 without an array");
  CHECK(!btxd_get(rec, at, 41, &one), "no field 41");
  CHECK(!btxd_get(rec, at - 1, 40, &one), "a truncated record yields nothing");
  /* max 0 and NULL arrays store nothing and read the record safely */
  r = btxd_make(rec, at);
  CHECK(btxd_record(&r, NULL, 0) == 0 && r.skipped == 40, "NULL array");
  char text[4];
  CHECK(btxd_text(f, n, 1, text, 0) == NULL, "cap 0 writes nothing");
  CHECK(strcmp(btxd_text(f, n, 1, text, sizeof text), "100") == 0, "cut to cap-1: %s", text);
  /* a real status record (28 fields) into f[8] */
  btxd_field g[8];
  uint8_t st[] = {0, 3, 1, 2, 0, 1, 'x', 2, 0, 0, 1, '5', 3, 1, 0, 1, '1'};
  r = btxd_make(st, sizeof st);
  CHECK(btxd_record(&r, g, 2) == 2 && r.skipped == 1, "3 fields into 2");
  /* numbers that do not fit an int64 are 0, never undefined behaviour */
  btxd_field big = {1, BTX_TYPE_INT, 20, (const uint8_t *)"99999999999999999999"};
  CHECK(btxd_value_int(&big) == 0, "overflow is 0");
  btxd_field minv = {1, BTX_TYPE_INT, 20, (const uint8_t *)"-9223372036854775808"};
  CHECK(btxd_value_int(&minv) == INT64_MIN, "INT64_MIN reads back");
}

/* Issue 10: btx_records_text on the vector gives NAME.text byte for byte
 * (what the LCB binding splits), asks for exactly that many bytes, ignores
 * bytes after the records, and fails cleanly (0 and an error text) on every
 * truncation. */
static void compact_text_matches(const char *name, const uint8_t *data, size_t blen) {
  int shape = strncmp(name, "events", 6) == 0 ? BTX_SHAPE_EVENTS
              : strncmp(name, "list", 4) == 0 ? BTX_SHAPE_LIST
                                              : BTX_SHAPE_RECORD;
  char path[512];
  snprintf(path, sizeof path, "%s/%s.text", getenv("BTX_VECTORS"), name);
  size_t tlen = 0;
  uint8_t *want = read_file(path, &tlen);
  if (!want) {
    CHECK(0, "missing %s", path);
    return;
  }
  int need = btx_records_text(shape, data, (int)blen, NULL, 0);
  CHECK(tlen == 0 ? need == 0 : need == -(int)tlen, "%s: size query %d for %zu bytes", name, need, tlen);
  uint8_t *out = malloc(tlen + 64);
  int n = btx_records_text(shape, data, (int)blen, out, (int)tlen + 64);
  CHECK(n == (int)tlen && memcmp(out, want, tlen) == 0, "%s: compact text differs (%d bytes, want %zu)", name, n, tlen);
  if (tlen > 0) CHECK(btx_records_text(shape, data, (int)blen, out, (int)tlen - 1) == -(int)tlen, "%s: one byte short", name);
  /* a drain buffer passed whole: bytes after the records change nothing */
  uint8_t *padded = malloc(blen + 100);
  memcpy(padded, data, blen);
  memset(padded + blen, 0xEE, 100);
  CHECK(btx_records_text(shape, padded, (int)blen + 100, out, (int)tlen + 64) == (int)tlen && memcmp(out, want, tlen) == 0,
        "%s: trailing bytes changed the text", name);
  free(padded);
  /* every flagged row names a record inside the vector */
  for (size_t k = 0; k < tlen; k++) {
    if (want[k] != BTX_TEXT_FLAG) continue;
    CHECK(k == 0 || want[k - 1] == BTX_TEXT_ROW, "%s: a flag inside a row at %zu", name, k);
    long off = 0;
    for (size_t d = k + 1; d < tlen && want[d] >= '0' && want[d] <= '9'; d++) off = off * 10 + (want[d] - '0');
    CHECK(off >= 1 && (size_t)off <= blen, "%s: flagged offset %ld outside the %zu bytes", name, off, blen);
  }
  size_t step = blen > 2000 ? blen / 997 : 1;
  for (size_t cut = 0; cut + 1 < blen; cut += step) {
    uint8_t *copy = malloc(cut ? cut : 1);
    memcpy(copy, data, cut);
    btx_clear_error();
    int rc = btx_records_text(shape, copy, (int)cut, out, (int)tlen + 64);
    CHECK(rc == 0 && strstr(last_err(), "truncated") != NULL, "%s: truncated at %zu gave %d '%s'", name, cut, rc, last_err());
    free(copy);
  }
  free(out);
  free(want);
}

int main(void) {
  oversized_record_into_small_array();
  const char *dir = getenv("BTX_VECTORS");
  REQUIRE(dir != NULL, "BTX_VECTORS not set");
  const char *names[] = {"status", "events", "events-large", "list-files", "metainfo",
                         "status-tricky", "list-tricky", "events-tricky"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char bin[512], txt[512];
    snprintf(bin, sizeof bin, "%s/%s.bin", dir, names[i]);
    snprintf(txt, sizeof txt, "%s/%s.txt", dir, names[i]);
    size_t blen = 0, tlen = 0;
    uint8_t *data = read_file(bin, &blen);
    uint8_t *expect = read_file(txt, &tlen);
    REQUIRE(data && expect, "missing vector %s", names[i]);
    text_t t = {malloc(256), 0, 256};
    CHECK(describe(names[i], data, blen, &t), "%s: decode failed", names[i]);
    CHECK(t.len == tlen && memcmp(t.p, expect, tlen) == 0, "%s: decoded text differs:\n%.*s", names[i], (int)t.len, t.p);
    /* every truncation fails cleanly (checked under ASan: no overread) */
    size_t step = blen > 2000 ? blen / 997 : 1;
    for (size_t cut = 0; cut < blen; cut += step) {
      uint8_t *copy = malloc(cut ? cut : 1);
      memcpy(copy, data, cut);
      text_t u = {malloc(64), 0, 64};
      CHECK(!describe(names[i], copy, cut, &u), "%s: truncated at %zu decoded", names[i], cut);
      free(u.p);
      free(copy);
    }
    compact_text_matches(names[i], data, blen);
    printf("%s: %zu bytes decoded and matched\n", names[i], blen);
    free(t.p);
    free(data);
    free(expect);
  }
  return done();
}
