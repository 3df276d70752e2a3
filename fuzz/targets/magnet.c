/* magnet URIs -> btx_add_magnet / btx_add_magnet_ex, then every getter, then
 * removal. The session's lockdown (common.h) keeps tr=, ws= and x.pe= from
 * reaching anything but a closed loopback port. */
#include "common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 65536) return 0;
  char *uri = fz_strndup(data, size);
  btx_clear_error();
  /* odd lengths go through _ex with paused|auto_managed (the flag path) */
  int t = size % 2 == 0 ? btx_add_magnet(g_fz_session, uri, g_fz_dir)
                        : btx_add_magnet_ex(g_fz_session, uri, g_fz_dir, "16", "48");
  fz_after_add(t, size % 2 == 0 ? "btx_add_magnet" : "btx_add_magnet_ex");
  free(uri);
  return 0;
}
