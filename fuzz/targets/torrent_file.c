/* .torrent bytes -> btx_add_torrent_file / btx_add_torrent_file_ex, then
 * every getter on the torrent, then removal. The input is the raw file (so
 * any .torrent is a seed); the input length picks the add call and its flags
 * so both entry points and the flag paths are reached without a header byte. */
#include "common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (1u << 22)) return 0; /* libFuzzer's -max_len keeps it far lower */
  /* paused|auto_managed, seed mode, upload|share mode: none makes the
   * session write payload (no peer can connect) */
  static const char *flags[][2] = {{"16", "48"}, {"1", "1"}, {"6", "6"}};
  int mode = (int)(size % 4);
  btx_clear_error();
  int t = mode == 0 ? btx_add_torrent_file(g_fz_session, data, (int)size, g_fz_dir)
                    : btx_add_torrent_file_ex(g_fz_session, data, (int)size, g_fz_dir, flags[mode - 1][0], flags[mode - 1][1]);
  fz_after_add(t, mode == 0 ? "btx_add_torrent_file" : "btx_add_torrent_file_ex");
  return 0;
}
