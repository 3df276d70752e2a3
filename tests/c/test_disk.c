/* Disk errors and the documented recovery (issue 8, item 2). A download
 * whose save path is on a full filesystem, a read-only filesystem, or a
 * folder the process may not write: libtorrent reports fileError and puts
 * the torrent in upload mode by itself. The host makes room (or fixes the
 * permission), calls btx_torrent_clear_error then btx_resume, and the
 * download completes byte-exact. Upload mode the host chose is never
 * cleared. Needs root (mounts a small tmpfs); CI runs as root. */
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/syscall.h>

#include "harness.h"

#define SIZE (8u << 20)

static int seed_ready(int s, int t) {
  status_t st;
  for (long long until = now_ms() + 60000; now_ms() < until; sleep_ms(20)) {
    drain_once(s, &g_log);
    if (get_status(t, &st) && st_int(&st, BTX_STATUS_IS_SEEDING)) return 1;
  }
  return 0;
}

/* the first fileError's text (errorMessage) since the last reset, or "" */
static void reset_first_file_error(void) {
  free(g_log.first_body[BTX_EVENT_FILE_ERROR]);
  g_log.first_body[BTX_EVENT_FILE_ERROR] = NULL;
}

static const char *first_file_error(char *out, size_t cap) {
  out[0] = 0;
  if (!g_log.first_body[BTX_EVENT_FILE_ERROR]) return out;
  btxd_field f;
  if (btxd_get(g_log.first_body[BTX_EVENT_FILE_ERROR], g_log.first_len[BTX_EVENT_FILE_ERROR], BTX_EVKEY_ERROR_MESSAGE, &f)) {
    size_t n = f.len < cap - 1 ? f.len : cap - 1;
    memcpy(out, f.value, n);
    out[n] = 0;
  }
  return out;
}

static int upload_mode(int t) {
  status_t st;
  return get_status(t, &st) && (st_int(&st, BTX_STATUS_FLAGS) & (long long)BTX_FLAG_UPLOAD_MODE) != 0;
}

/* Downloads into `dir` until a fileError, then checks the state libtorrent
 * left the torrent in. Returns the leech's torrent handle. */
static int download_until_error(int seed, int leech, const uint8_t *tor, int tlen, const char *dir, int port,
                                const char *expect, const char *what) {
  char text[512];
  reset_first_file_error();
  int t = btx_add_torrent_file_ex(leech, tor, tlen, dir, "0", "48" /* paused | auto_managed: off */);
  CHECK(t > 0, "%s: add", what);
  if (t <= 0) return 0;
  btx_connect_peer(t, "127.0.0.1", port);
  int got = 0;
  for (long long until = now_ms() + 60000; !got && now_ms() < until; sleep_ms(20)) {
    drain_once(seed, &g_log);
    int before = g_log.counts[BTX_EVENT_FILE_ERROR];
    drain_once(leech, &g_log);
    got = g_log.counts[BTX_EVENT_FILE_ERROR] > before && g_log.last_torrent[BTX_EVENT_FILE_ERROR] == t;
  }
  CHECK(got, "%s: fileError event", what);
  first_file_error(text, sizeof text);
  printf("%s: fileError says: %s\n", what, text);
  CHECK(strstr(text, expect) != NULL, "%s: the event names the real cause (%s): '%s'", what, expect, text);
  /* libtorrent switched to upload mode by itself; the status says why */
  for (long long until = now_ms() + 5000; !upload_mode(t) && now_ms() < until;) sleep_ms(20);
  CHECK(upload_mode(t), "%s: in upload mode after the error", what);
  status_t st;
  get_status(t, &st);
  btxd_text(st.f, st.n, BTX_STATUS_ERROR, text, sizeof text);
  printf("%s: status error: %s\n", what, text);
  CHECK(strstr(text, expect) != NULL, "%s: the status error names the cause: '%s'", what, text);
  CHECK(st_int(&st, BTX_STATUS_IS_FINISHED) == 0, "%s: not finished", what);
  return t;
}

/* clear + resume: the documented recovery; the download must complete */
static void recover(int seed, int leech, int t, const char *src, const char *dst, const char *what) {
  CHECK(btx_torrent_clear_error(t) == BTX_OK, "%s: clear_error", what);
  CHECK(btx_resume(t) == BTX_OK, "%s: resume", what);
  CHECK(!upload_mode(t), "%s: clearing the error left upload mode", what);
  status_t st;
  int finished = 0;
  for (long long until = now_ms() + 60000; !finished && now_ms() < until; sleep_ms(20)) {
    drain_once(seed, &g_log);
    drain_once(leech, &g_log);
    finished = get_status(t, &st) && st_int(&st, BTX_STATUS_IS_FINISHED);
  }
  CHECK(finished, "%s: the download completed after recovery", what);
  CHECK(same_file(src, dst), "%s: bytes are identical", what);
  char text[256];
  CHECK(strlen(btxd_text(st.f, st.n, BTX_STATUS_ERROR, text, sizeof text)) == 0, "%s: no error left: %s", what, text);
}

/* root passes every permission check; drop that for the permission case */
static void drop_dac_override(void) {
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2];
  if (syscall(SYS_capget, &h, d) != 0) return;
  d[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH) | (1u << CAP_FOWNER));
  syscall(SYS_capset, &h, d);
}

int main(void) {
  REQUIRE(geteuid() == 0, "this test mounts a tmpfs and needs root (CI runs as root)");
  mkdirs(path_in("seed"));
  mkdirs(path_in("full"));
  mkdirs(path_in("ro"));
  mkdirs(path_in("denied"));
  write_random_file(path_in("seed/payload.bin"), SIZE, 7);
  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("seed/payload.bin"), 0, "", &tlen);
  REQUIRE(tor, "create");
  REQUIRE(mount("tmpfs", path_in("full"), "tmpfs", 0, "size=12m") == 0, "mount tmpfs: %s", strerror(errno));
  REQUIRE(mount("tmpfs", path_in("ro"), "tmpfs", 0, "size=12m") == 0, "mount tmpfs: %s", strerror(errno));
  /* before any session exists: libtorrent's disk threads inherit this */
  drop_dac_override();

  int seed = loopback_session(), leech = loopback_session();
  REQUIRE(seed > 0 && leech > 0, "sessions");
  int ts = btx_add_torrent_file(seed, tor, tlen, path_in("seed"));
  REQUIRE(ts > 0 && seed_ready(seed, ts), "seed");
  int port = btx_listen_port(seed);

  /* 1. a full disk: 8 MiB of 12 taken by a filler, the 8 MiB torrent runs out */
  write_random_file(path_in("full/filler"), 8u << 20, 1);
  int t1 = download_until_error(seed, leech, tor, tlen, path_in("full"), port, "No space left", "full disk");
  if (t1 > 0) {
    unlink(path_in("full/filler"));
    recover(seed, leech, t1, path_in("seed/payload.bin"), path_in("full/payload.bin"), "full disk");
    btx_remove(leech, t1, 0);
  }

  /* 2. a read-only filesystem */
  REQUIRE(mount(NULL, path_in("ro"), NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0, "remount ro: %s", strerror(errno));
  int t2 = download_until_error(seed, leech, tor, tlen, path_in("ro"), port, "Read-only", "read-only");
  if (t2 > 0) {
    CHECK(mount(NULL, path_in("ro"), NULL, MS_REMOUNT, NULL) == 0, "remount rw");
    recover(seed, leech, t2, path_in("seed/payload.bin"), path_in("ro/payload.bin"), "read-only");
    btx_remove(leech, t2, 0);
  }

  /* 3. permission denied: a folder this process may not write */
  chmod(path_in("denied"), 0555);
  int t3 = download_until_error(seed, leech, tor, tlen, path_in("denied"), port, "Permission denied", "permission");
  if (t3 > 0) {
    chmod(path_in("denied"), 0755);
    recover(seed, leech, t3, path_in("seed/payload.bin"), path_in("denied/payload.bin"), "permission");
    btx_remove(leech, t3, 0);
  }

  /* 4. upload mode the host chose survives clear_error */
  int t4 = btx_add_torrent_file_ex(leech, tor, tlen, path_in("hostmode"), "2" /* upload mode */, "50");
  CHECK(t4 > 0, "add in upload mode");
  CHECK(upload_mode(t4), "host's upload mode on");
  CHECK(btx_torrent_clear_error(t4) == BTX_OK && btx_resume(t4) == BTX_OK, "clear + resume");
  CHECK(upload_mode(t4), "clear_error leaves the host's upload mode alone");
  CHECK(btx_unset_torrent_flags(t4, "2") == BTX_OK && !upload_mode(t4), "the host unsets it");
  CHECK(btx_set_torrent_flags(t4, "2", "2") == BTX_OK && upload_mode(t4), "and sets it again");
  CHECK(btx_torrent_clear_error(t4) == BTX_OK && upload_mode(t4), "still the host's after clear_error");

  btx_session_free(leech);
  btx_session_free(seed);
  umount2(path_in("full"), MNT_DETACH);
  umount2(path_in("ro"), MNT_DETACH);
  free(tor);
  cleanup_tmp();
  return done();
}
