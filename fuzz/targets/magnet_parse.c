/* magnet URIs -> btx_parse_magnet (no session); the record must decode.
 * (issue 12; seeds: the magnet corpus) */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 65536) return 0;
  char *uri = fz_strndup(data, size);
  uint8_t out[1 << 16];
  btx_clear_error();
  int n = btx_parse_magnet(uri, out, (int)sizeof out);
  fz_no_exception("btx_parse_magnet");
  if (n > 0 && fz_walk_one_record(out, (size_t)n, BTXD_MAX_FIELDS)) fz_fail("btx_parse_magnet emitted a record the decoder rejects");
  if (n < 0) fz_fail("a magnet record over 64 KiB from a %zu-byte link", size);
  free(uri);
  return 0;
}
