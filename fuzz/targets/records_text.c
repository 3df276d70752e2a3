/* Records -> btx_records_text (issue 10, the compact text form for script
 * hosts); no session. Input: [shape:u8] then the record bytes; shape % 3 + 1
 * is the BTX_SHAPE_*. Oracles: never an exception; when the C decoder reads
 * the bytes as that shape, the text form exists too, with one row per
 * record; every flag starts a row and names an offset inside the input;
 * text rows carry no flag byte. (seeds: the decoder's, fuzz/tools/make_seeds.c) */
#include "common.h"

/* records the C decoder reads from the start of buf (trailing bytes allowed,
 * as btx_records_text allows them); -1 when it rejects them */
static long fz_count(int shape, const uint8_t *buf, size_t len) {
  btxd_reader r = btxd_make(buf, len), body;
  btxd_field f[BTXD_MAX_FIELDS];
  if (shape == BTX_SHAPE_RECORD) return btxd_record(&r, f, BTXD_MAX_FIELDS) < 0 ? -1 : 1;
  if (shape == BTX_SHAPE_LIST) {
    uint32_t n = btxd_list_begin(&r);
    for (uint32_t i = 0; i < n; i++) {
      if (!btxd_list_next(&r, &body) || btxd_record(&body, f, BTXD_MAX_FIELDS) < 0 || body.p != body.end) return -1;
    }
    return r.bad ? -1 : (long)n;
  }
  uint32_t n = btxd_events_begin(&r), code;
  for (uint32_t i = 0; i < n; i++) {
    if (!btxd_event_next(&r, &code, &body) || btxd_record(&body, f, BTXD_MAX_FIELDS) < 0 || body.p != body.end) return -1;
  }
  return r.bad ? -1 : (long)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > (1u << 20)) return 0;
  int shape = data[0] % 3 + 1;
  size_t len = size - 1;
  uint8_t *copy = malloc(len ? len : 1);
  if (!copy) abort();
  memcpy(copy, data + 1, len);
  btx_clear_error();
  int need = btx_records_text(shape, copy, (int)len, NULL, 0);
  fz_no_exception("btx_records_text");
  long records = fz_count(shape, copy, len);
  if (records >= 0 && need == 0 && records > 0 && shape != BTX_SHAPE_RECORD)
    fz_fail("shape %d: the decoder reads %ld records, the text form failed: %s", shape, records, fz_last_error());
  if (need < 0) {
    int cap = -need;
    uint8_t *out = malloc((size_t)cap);
    if (!out) abort();
    int n = btx_records_text(shape, copy, (int)len, out, cap);
    if (n != cap) fz_fail("asked for %d bytes, wrote %d", cap, n);
    long rows = 1;
    for (int i = 0; i < n; i++) {
      if (out[i] == BTX_TEXT_ROW) rows++;
      if (out[i] != BTX_TEXT_FLAG) continue;
      if (i > 0 && out[i - 1] != BTX_TEXT_ROW) fz_fail("a flag byte inside a row at %d", i);
      long off = 0;
      int d = i + 1;
      for (; d < n && out[d] >= '0' && out[d] <= '9' && off <= (long)len; d++) off = off * 10 + (out[d] - '0');
      if (d == i + 1 || off < 1 || (size_t)off > len) fz_fail("flagged offset %ld outside the %zu bytes", off, len);
      if (d < n && out[d] != BTX_TEXT_ROW) fz_fail("a flagged row goes on after its offset");
    }
    if (records >= 0 && shape != BTX_SHAPE_RECORD && rows != records)
      fz_fail("shape %d: %ld rows for %ld records", shape, rows, records);
    free(out);
  }
  free(copy);
  return 0;
}
