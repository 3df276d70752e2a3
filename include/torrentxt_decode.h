/* torrentxt_decode.h - a small, bounds-checked decoder for torrentxt records, the
 * way a C host would write one (docs/record-format.md). Header-only.
 *
 *   kvrecord := [count:u16] ([id:u8][type:u8][len][value])*
 *   len      := u16, or 0xFFFF followed by a u32 (values >= 65535 bytes)
 *   list     := [itemCount:len] ([bodyLen:len][kvrecord])*
 *   drain    := [eventCount:u16] ([code:u16][bodyLen:len][kvrecord])*
 *
 * Every read is checked against the end of the buffer; a malformed buffer
 * sets r->bad and yields nothing, it never reads out of bounds. Every write
 * is checked against the caller's array: btxd_record stores at most `max`
 * fields and says in r->skipped how many it had to leave out.
 *
 * Records grow: new field ids may appear in any record (docs/abi-versioning.md).
 * Size arrays with room to spare (BTXD_MAX_FIELDS holds any record the
 * library makes today), or use btxd_get, which needs no array at all. */
#ifndef BTX_DECODE_H
#define BTX_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Enough for every record the library produces today, with room to grow. */
#define BTXD_MAX_FIELDS 256

/* value types (as BTX_TYPE_* in torrentxt.h) */
#define BTXD_TYPE_LIST 5

typedef struct {
  const uint8_t *p;
  const uint8_t *end;
  int bad;
  /* fields btxd_record read but could not store (its `max` was too small) */
  uint32_t skipped;
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
  r.end = r.p ? r.p + len : r.p;
  r.bad = 0;
  r.skipped = 0;
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

/* Reads one field header and value; returns 0 when malformed. */
static inline int btxd_field_next(btxd_reader *r, btxd_field *f) {
  f->id = (uint8_t)btxd_u8(r);
  f->type = (uint8_t)btxd_u8(r);
  f->len = btxd_len(r);
  f->value = btxd_take(r, f->len);
  return !r->bad;
}

/* Reads one kvrecord and stores its first fields in fields[0..max).
 * Returns how many it stored (never more than max), or -1 if malformed.
 * The whole record is consumed either way; r->skipped says how many fields
 * did not fit (0 when the array was big enough). Pass the returned count,
 * not the record's own, to btxd_find / btxd_int / btxd_text. */
static inline int btxd_record(btxd_reader *r, btxd_field *fields, int max) {
  uint32_t n = btxd_u16(r);
  uint32_t stored = 0;
  r->skipped = 0;
  for (uint32_t i = 0; i < n && !r->bad; i++) {
    btxd_field f;
    if (!btxd_field_next(r, &f)) break;
    if (fields && max > 0 && stored < (uint32_t)max) fields[stored++] = f;
    else r->skipped++;
  }
  return r->bad ? -1 : (int)stored;
}

/* Finds field `id` in one kvrecord (rec, len) without a field array.
 * Returns 1 and fills *out when found, 0 when absent or malformed. */
static inline int btxd_get(const void *rec, size_t len, uint8_t id, btxd_field *out) {
  btxd_reader r = btxd_make(rec, len);
  uint32_t n = btxd_u16(&r);
  for (uint32_t i = 0; i < n && !r.bad; i++) {
    btxd_field f;
    if (!btxd_field_next(&r, &f)) return 0;
    if (f.id == id) {
      *out = f;
      return 1;
    }
  }
  return 0;
}

/* The field with this id among fields[0..n), or NULL (n < 0 finds nothing). */
static inline const btxd_field *btxd_find(const btxd_field *fields, int n, uint8_t id) {
  for (int i = 0; i < n; i++)
    if (fields[i].id == id) return &fields[i];
  return NULL;
}

/* A field's decimal text as int64; 0 if it is not a number that fits. */
static inline long long btxd_value_int(const btxd_field *f) {
  if (!f || f->len == 0 || f->len > 20) return 0;
  const uint8_t *c = f->value, *end = f->value + f->len;
  int neg = *c == '-';
  if (neg) c++;
  unsigned long long v = 0;
  for (; c < end && *c >= '0' && *c <= '9'; c++) {
    unsigned long long next = v * 10u + (unsigned)(*c - '0');
    if (next / 10u != v) return 0; /* overflow: not representable */
    v = next;
  }
  if (v > (unsigned long long)INT64_MAX + (unsigned long long)neg) return 0;
  return neg ? (long long)(0 - v) : (long long)v;
}

/* A numeric field as int64 (0 if absent or not a number). */
static inline long long btxd_int(const btxd_field *fields, int n, uint8_t id) {
  return btxd_value_int(btxd_find(fields, n, id));
}

/* A text field copied into out (NUL-terminated, cut to cap-1 bytes; the
 * field's len tells the full size). Returns out, or NULL when cap is 0. */
static inline const char *btxd_text(const btxd_field *fields, int n, uint8_t id, char *out, size_t cap) {
  if (!out || cap == 0) return NULL;
  const btxd_field *f = btxd_find(fields, n, id);
  size_t len = f ? f->len : 0;
  if (len >= cap) len = cap - 1;
  if (len) memcpy(out, f->value, len);
  out[len] = 0;
  return out;
}

/* Walks a list (btx_peer_list, btx_file_list, ..., or a BTXD_TYPE_LIST
 * value): btxd_list_begin returns the item count, then each
 * btxd_list_next gives a reader over one item's kvrecord (returns 0 at the
 * end or on a malformed list). */
static inline uint32_t btxd_list_begin(btxd_reader *r) { return btxd_len(r); }

static inline int btxd_list_next(btxd_reader *r, btxd_reader *item) {
  uint32_t len = btxd_len(r);
  const uint8_t *body = btxd_take(r, len);
  if (!body) return 0;
  *item = btxd_make(body, len);
  return 1;
}

/* Walks a drain (btx_pop_alerts): btxd_events_begin returns the event
 * count, then each btxd_event_next gives the event code and a reader over
 * its kvrecord (returns 0 at the end or on a malformed buffer). */
static inline uint32_t btxd_events_begin(btxd_reader *r) { return btxd_u16(r); }

static inline int btxd_event_next(btxd_reader *r, uint32_t *code, btxd_reader *body) {
  *code = btxd_u16(r);
  uint32_t len = btxd_len(r);
  const uint8_t *b = btxd_take(r, len);
  if (!b) return 0;
  *body = btxd_make(b, len);
  return 1;
}

#endif
