/* The C decoder header (include/torrentxt_decode.h) on arbitrary bytes, used
 * the way a host uses it: btxd_record (with r->skipped), btxd_find,
 * btxd_get, btxd_int, btxd_text, btxd_list_begin/next (also on nested list
 * values), btxd_events_begin/next (common.h's fz_walk_*, which also check
 * the answers against each other and a reference integer parse). No session.
 * Input: [shape:u8] then the buffer. shape & 3: 0 one kvrecord, 1 a list,
 * 2 a drain, 3 all three; shape >> 2 + 1 is `max`, the fields kept per
 * record (1..64), so truncation is reached with small records too. */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  int shape = data[0] & 3, max = (data[0] >> 2) + 1;
  const uint8_t *buf = data + 1;
  size_t len = size - 1;
  /* the decoder must answer (0 or -1) and never read past `len`: ASan
   * watches the copy, which libFuzzer's buffer would not reveal as tightly */
  uint8_t *copy = malloc(len ? len : 1);
  if (!copy) abort();
  memcpy(copy, buf, len);
  if (shape == 0 || shape == 3) (void)fz_walk_one_record(copy, len, max);
  if (shape == 1 || shape == 3) (void)fz_walk_list(copy, len, max);
  if (shape == 2 || shape == 3) (void)fz_walk_drain(copy, len, max);
  free(copy);
  return 0;
}
