/* btx_create_torrent_with: fuzzed key/value lists after a fixed
 * "path=<small file>" line, so a fuzzed path is refused as given twice and
 * only that file is ever hashed. A .torrent that comes out must read back
 * with btx_metainfo. (issue 12; seeds: "type=v1\npieceSize=16384\n
 * private=1\ncomment=c\ncreator=x\ncreationDate=0\nwebSeed=http://127.0.0.1/
 * \ndhtNode=127.0.0.1:6881\ntracker=2 http://127.0.0.1:1/a\ndotFiles=skip\n
 * symlinks=store") */
#include "common.h"

#include <fcntl.h>

static char g_file[600];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  char tmpl[] = "/tmp/btx-fuzz-create-XXXXXX";
  if (!mkdtemp(tmpl)) abort();
  snprintf(g_file, sizeof g_file, "%s/content.bin", tmpl);
  int fd = open(g_file, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) abort();
  char block[20000];
  for (size_t i = 0; i < sizeof block; i++) block[i] = (char)(i * 7);
  if (write(fd, block, sizeof block) != (ssize_t)sizeof block) abort();
  close(fd);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 65536) return 0;
  char *text = fz_strndup(data, size);
  size_t cap = size + strlen(g_file) + 16;
  char *options = malloc(cap);
  if (!options) abort();
  snprintf(options, cap, "path=%s\n%s", g_file, text);
  int len = 0;
  uint8_t *tor = NULL;
  int want = 8192;
  for (int tries = 0; tries < 3 && !tor; tries++) {
    uint8_t *buf = malloc((size_t)want);
    if (!buf) abort();
    btx_clear_error();
    int n = btx_create_torrent_with(options, buf, want);
    fz_no_exception("btx_create_torrent_with");
    if (n > 0) {
      tor = buf;
      len = n;
    } else {
      free(buf);
      if (n == 0) break;
      want = -n;
    }
  }
  if (tor) {
    uint8_t rec[1 << 16];
    btx_clear_error();
    int n = btx_metainfo(tor, len, rec, (int)sizeof rec);
    fz_no_exception("btx_metainfo");
    if (n <= 0) fz_fail("a .torrent we made does not read back: %s", fz_last_error());
    free(tor);
  }
  free(options);
  free(text);
  return 0;
}
