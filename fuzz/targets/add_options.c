/* btx_add: [options text] NUL [data]. The options are a key/value list
 * (src/kvlist.rs, src/add_options.rs); the data, when there is any, is a
 * .torrent or resume data. The target puts savePath first, so a fuzzed
 * savePath line is refused as given twice and nothing is ever written
 * outside g_fz_dir; inputs asking for allocate storage are skipped (it would
 * fallocate fuzzed sizes). Then every getter and removal, as the add targets.
 * (issue 12; seeds: key/value lists such as
 *   "source=magnet\nmagnet=magnet:?xt=urn:btih:<40 hex>\ntracker=1 http://127.0.0.1:1/a\npeer=127.0.0.1:1"
 *   "infoHash=<40 hex>\nname=x\nfilePriorities=0,4,7\nflags=512\nmask=512"
 *   and "downloadLimit=1000\nmaxConnections=-1" NUL <a .torrent>) */
#include "common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (1u << 22)) return 0;
  const uint8_t *nul = memchr(data, 0, size);
  size_t olen = nul ? (size_t)(nul - data) : size;
  const uint8_t *payload = nul ? nul + 1 : NULL;
  size_t plen = nul ? size - olen - 1 : 0;
  char *text = fz_strndup(data, olen);
  if (strstr(text, "allocate")) {
    free(text);
    return 0;
  }
  size_t cap = olen + strlen(g_fz_dir) + 16;
  char *options = malloc(cap);
  if (!options) abort();
  snprintf(options, cap, "savePath=%s\n%s", g_fz_dir, text);
  btx_clear_error();
  /* the payload may be resume data: defused like the resume target's */
  uint8_t *defused = payload ? fz_defuse_resume(payload, plen) : NULL;
  int t = btx_add(g_fz_session, options, defused, (int)plen);
  fz_after_add(t, "btx_add");
  free(defused);
  free(options);
  free(text);
  return 0;
}
