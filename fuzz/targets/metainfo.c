/* .torrent bytes -> btx_metainfo (no session) and btx_make_magnet; the
 * metainfo record, nested lists included, must decode, and a magnet made
 * from bytes that parsed must parse back with the same v1 hash.
 * (issue 12; seeds: the torrent_file corpus is valid input here too) */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (1u << 22)) return 0;
  int len = 0;
  uint8_t *rec = NULL;
  int cap = 4096;
  for (int tries = 0; tries < 3 && !rec; tries++) {
    uint8_t *buf = malloc((size_t)cap);
    if (!buf) abort();
    btx_clear_error();
    int n = btx_metainfo(data, (int)size, buf, cap);
    fz_no_exception("btx_metainfo");
    if (n > 0) {
      rec = buf;
      len = n;
    } else {
      free(buf);
      if (n == 0) break;
      cap = -n;
    }
  }
  char magnet[1 << 16];
  btx_clear_error();
  int ml = btx_make_magnet(data, (int)size, magnet, (int)sizeof magnet);
  fz_no_exception("btx_make_magnet");
  if (!rec) {
    if (ml > 0) fz_fail("btx_make_magnet accepted bytes btx_metainfo refused");
    return 0;
  }
  if (fz_walk_one_record(rec, (size_t)len, BTXD_MAX_FIELDS)) fz_fail("btx_metainfo emitted a record the decoder rejects");
  if (ml > 0) {
    uint8_t parsed[1 << 16];
    btx_clear_error();
    int pl = btx_parse_magnet(magnet, parsed, (int)sizeof parsed);
    fz_no_exception("btx_parse_magnet");
    btxd_field a, b;
    if (pl > 0 && btxd_get(rec, (size_t)len, BTX_STATUS_INFO_HASH_V1, &a) && btxd_get(parsed, (size_t)pl, BTX_STATUS_INFO_HASH_V1, &b) &&
        (a.len != b.len || memcmp(a.value, b.value, a.len) != 0))
      fz_fail("the magnet of a .torrent names another v1 hash");
  }
  free(rec);
  return 0;
}
