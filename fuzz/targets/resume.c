/* resume data -> btx_add_with_resume, then every getter, then removal. The
 * save path is always our temp folder (an empty one would keep the path the
 * resume data names). */
#include "common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (1u << 22)) return 0;
  uint8_t *copy = fz_defuse_resume(data, size); /* no files outside g_fz_dir */
  btx_clear_error();
  int t = btx_add_with_resume(g_fz_session, copy, (int)size, g_fz_dir);
  fz_after_add(t, "btx_add_with_resume");
  free(copy);
  return 0;
}
