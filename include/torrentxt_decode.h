/* torrentxt_decode.h - a small, bounds-checked decoder for torrentxt records, the
 * way a C host would write one (docs/record-format.md). Header-only.
 *
 *   kvrecord := [count:u16] ([id:u8][type:u8][len][value])*
 *   len      := u16, or 0xFFFF followed by a u32 (values >= 65535 bytes)
 *   list     := [itemCount:len] ([bodyLen:len][kvrecord])*
 *   drain    := [eventCount:u16] ([code:u16][bodyLen:len][kvrecord])*
 *
 * Every read is checked against the end of the buffer; a malformed buffer
 * sets r->bad and yields nothing, it never reads out of bounds. */
#ifndef BTX_DECODE_H
#define BTX_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
  const uint8_t *p;
  const uint8_t *end;
  int bad;
} btxd_reader;

typedef struct {
  uint8_t id;
  uint8_t type;
  uint32_t len;
  const uint8_t *value;
} btxd_field;

static inline btxd_reader btxd_make(const void *buf, size_t len) {
  btxd_reader r;
  r.p = (const uint8_t *)buf;
  r.end = r.p + len;
  r.bad = 0;
  return r;
}

static inline const uint8_t *btxd_take(btxd_reader *r, size_t n) {
  if (r->bad || (size_t)(r->end - r->p) < n) {
    r->bad = 1;
    return NULL;
  }
  const uint8_t *at = r->p;
  r->p += n;
  return at;
}

static inline uint32_t btxd_u8(btxd_reader *r) {
  const uint8_t *b = btxd_take(r, 1);
  return b ? b[0] : 0;
}

static inline uint32_t btxd_u16(btxd_reader *r) {
  const uint8_t *b = btxd_take(r, 2);
  return b ? ((uint32_t)b[0] << 8) | b[1] : 0;
}

static inline uint32_t btxd_u32(btxd_reader *r) {
  const uint8_t *b = btxd_take(r, 4);
  return b ? ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3] : 0;
}

/* a u16 length, or the 0xFFFF escape followed by a u32 length */
static inline uint32_t btxd_len(btxd_reader *r) {
  uint32_t l = btxd_u16(r);
  return l == 0xFFFF ? btxd_u32(r) : l;
}

/* Reads one kvrecord into fields[0..max); returns the field count (fields
 * beyond max are skipped but counted), or -1 if malformed. */
static inline int btxd_record(btxd_reader *r, btxd_field *fields, int max) {
  uint32_t n = btxd_u16(r);
  for (uint32_t i = 0; i < n && !r->bad; i++) {
    btxd_field f;
    f.id = (uint8_t)btxd_u8(r);
    f.type = (uint8_t)btxd_u8(r);
    f.len = btxd_len(r);
    f.value = btxd_take(r, f.len);
    if (!r->bad && (int)i < max) fields[i] = f;
  }
  return r->bad ? -1 : (int)n;
}

/* The field with this id, or NULL. */
static inline const btxd_field *btxd_find(const btxd_field *fields, int n, uint8_t id) {
  for (int i = 0; i < n; i++)
    if (fields[i].id == id) return &fields[i];
  return NULL;
}

/* A numeric field as int64 (0 if absent or not a number). */
static inline long long btxd_int(const btxd_field *fields, int n, uint8_t id) {
  const btxd_field *f = btxd_find(fields, n, id);
  if (!f || f->len == 0 || f->len > 30) return 0;
  char tmp[32];
  memcpy(tmp, f->value, f->len);
  tmp[f->len] = 0;
  long long v = 0;
  int neg = tmp[0] == '-';
  for (const char *c = tmp + neg; *c >= '0' && *c <= '9'; c++) v = v * 10 + (*c - '0');
  return neg ? -v : v;
}

/* A text field copied into out (NUL-terminated, truncated to cap-1). */
static inline const char *btxd_text(const btxd_field *fields, int n, uint8_t id, char *out, size_t cap) {
  const btxd_field *f = btxd_find(fields, n, id);
  size_t len = f ? f->len : 0;
  if (len >= cap) len = cap - 1;
  if (f) memcpy(out, f->value, len);
  out[len] = 0;
  return out;
}

#endif
