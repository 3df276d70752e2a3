/* DHT state -> btx_dht_load_state, then btx_dht_save_state and
 * btx_dht_state (what was loaded is written back out). The DHT stays off:
 * loading state only stores it for when the DHT starts. */
#include "common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (1u << 22)) return 0;
  btx_clear_error();
  fz_rc(btx_dht_load_state(g_fz_session, data, (int)size), "btx_dht_load_state");
  int len = 0;
  uint8_t *saved = fz_get(btx_dht_save_state, g_fz_session, &len, "btx_dht_save_state");
  if (saved && (saved[0] != 'd' || saved[len - 1] != 'e')) fz_fail("saved DHT state is not a bencoded dictionary");
  free(saved);
  uint8_t *st = fz_get(btx_dht_state, g_fz_session, &len, "btx_dht_state");
  if (st && fz_walk_one_record(st, (size_t)len, 64)) fz_fail("btx_dht_state emitted a malformed record");
  free(st);
  /* back to an empty state, so no input sees the previous one's nodes */
  if (btx_dht_load_state(g_fz_session, "de", 2) != BTX_OK) fz_fail("resetting the DHT state");
  fz_reset();
  return 0;
}
