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
  /* libtorrent takes resume data's "mapped_files" (renamed files) as given,
   * absolute or with "..": a fuzzed one would create files anywhere on this
   * machine (see fuzz/findings/). Renaming the key keeps every other path of
   * the parser; that branch is the one we give up. */
  uint8_t *copy = malloc(size ? size : 1);
  if (!copy) abort();
  memcpy(copy, data, size);
  static const char key[] = "mapped_files";
  for (size_t i = 0; i + sizeof key - 1 <= size; i++)
    if (memcmp(copy + i, key, sizeof key - 1) == 0) copy[i + sizeof key - 2] = 'Z';
  btx_clear_error();
  int t = btx_add_with_resume(g_fz_session, copy, (int)size, g_fz_dir);
  fz_after_add(t, "btx_add_with_resume");
  free(copy);
  return 0;
}
