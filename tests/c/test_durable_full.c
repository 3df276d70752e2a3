/* A durable session whose store's disk fills up (docs/durability.md): the
 * test mounts a small tmpfs for the store (it needs root; without the right
 * to mount it exits 77, which ctest reports as skipped, never as passed),
 * fills it, and checks: a storeError event, btx_store_flush says
 * BTX_ERR_STORE, the session keeps running, and once there is room again
 * the queued changes are written (storeRecovered), nothing stored before
 * is lost, and a restart finds everything. */
#include "durable.h"

#include <sys/mount.h>

static int fill(const char *path) {
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  static char chunk[65536];
  memset(chunk, 0xab, sizeof chunk);
  long long total = 0;
  for (int i = 0; i < 100000; i++) {
    size_t n = fwrite(chunk, 1, sizeof chunk, f);
    total += (long long)n;
    if (n < sizeof chunk || fflush(f) != 0) break;
  }
  fclose(f);
  say("filler: %lld bytes", total);
  return 1;
}

int main(void) {
  const char *mnt = path_in("small");
  mkdirs(mnt);
  if (mount("tmpfs", mnt, "tmpfs", 0, "size=1m") != 0) {
    printf("SKIPPED: cannot mount a tmpfs for the full-disk test: %s (needs root or CAP_SYS_ADMIN)\n", strerror(errno));
    cleanup_tmp();
    return 77;
  }
  char state[600], filler[600];
  snprintf(state, sizeof state, "%s/state.db", mnt);
  snprintf(filler, sizeof filler, "%s/filler", mnt);
  mkdirs(path_in("data"));
  write_random_file(path_in("data/a.bin"), 200000, 3);
  write_random_file(path_in("data/b.bin"), 100000, 4);
  int alen = 0, blen = 0;
  uint8_t *ta = create_torrent(path_in("data/a.bin"), 16384, "", &alen);
  uint8_t *tb = create_torrent(path_in("data/b.bin"), 16384, "", &blen);
  REQUIRE(ta && tb, "create");

  int s = open_loopback(state, NULL);
  REQUIRE(s > 0, "open: %s", last_err());
  CHECK(wait_restored(s, 10000) == 0, "a new store");
  int a = btx_add_torrent_file(s, ta, alen, path_in("data"));
  REQUIRE(a > 0, "add a");
  CHECK(btx_user_data_set(a, "category", "before") == BTX_OK, "user data");
  CHECK(btx_store_flush(s, 10000) == BTX_OK, "flush with room: %s", last_err());

  REQUIRE(fill(filler), "fill the tmpfs");
  /* a big value cannot fit: the store fails, the session does not */
  static char big[60000];
  memset(big, 'x', sizeof big - 1);
  CHECK(btx_user_data_set(a, "big", big) == BTX_OK, "set a big value (memory takes it)");
  int b = btx_add_torrent_file(s, tb, blen, path_in("data"));
  CHECK(b > 0, "an add still succeeds on a full disk: %s", last_err());
  int rc = btx_store_flush(s, 10000);
  CHECK(rc == BTX_ERR_STORE, "flush on a full disk: BTX_ERR_STORE (got %d: %s)", rc, last_err());
  CHECK(wait_seen(s, BTX_EVENT_STORE_ERROR, 0, 10000), "a storeError event");
  status_t st;
  CHECK(get_status(a, &st) && btx_torrent_count(s) == 2, "the session runs on");
  char v[64];
  CHECK(btx_user_data_get(a, "category", v, sizeof v) == 6, "user data readable");

  /* room again: the queued changes go in */
  REQUIRE(unlink(filler) == 0, "remove the filler");
  rc = btx_store_flush(s, 15000);
  CHECK(rc == BTX_OK, "flush once there is room: %d %s", rc, last_err());
  CHECK(wait_seen(s, BTX_EVENT_STORE_RECOVERED, 0, 10000), "a storeRecovered event");
  btx_session_free(s);

  reset_log();
  s = open_loopback(state, NULL);
  REQUIRE(s > 0, "reopen: %s", last_err());
  CHECK(wait_restored(s, 20000) == 2, "both torrents restored");
  int a2 = 0;
  for (int i = 0; i < btx_torrent_count(s); i++) {
    int t = btx_torrent_handle_at(s, i);
    if (btx_user_data_get(t, "category", v, sizeof v) > 0) a2 = t;
  }
  CHECK(a2 > 0 && btx_user_data_get(a2, "category", v, sizeof v) == 6 && strcmp(v, "before") == 0,
        "what was stored before the disk filled is there");
  int need = btx_user_data_get(a2, "big", NULL, 0);
  CHECK(need == -(int)sizeof big, "what was queued while it was full is there too (%d)", need);
  btx_session_free(s);
  umount2(mnt, MNT_DETACH);
  free(ta);
  free(tb);
  cleanup_tmp();
  return done();
}
