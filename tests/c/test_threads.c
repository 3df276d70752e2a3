/* Many threads at once on one session: status, events, actions, adds and
 * removes, and a session freed while other threads still call into it.
 * Under ASan/UBSan: no crash, no use-after-free, and every call returns a
 * documented result. */
#include <pthread.h>

#include "harness.h"

#define THREADS 4
#define ROUNDS 1000000 /* bounded by g_stop, set 200 ms after the free */

static int g_session;
static int g_handles[8];
static volatile int g_stop;
static int g_bad_results;
static int g_calls_after_free;
/* torrents the threads add while the session is being freed */
static int g_added[THREADS][512];
static int g_nadded[THREADS];

static void *hammer(void *arg) {
  uintptr_t id = (uintptr_t)arg;
  uint8_t buf[8192];
  char text[128];
  for (int i = 0; i < ROUNDS && !g_stop; i++) {
    int t = g_handles[(i + (int)id) % 8];
    int n = btx_torrent_status(t, buf, sizeof buf);
    if (n < 0) __atomic_add_fetch(&g_bad_results, 1, __ATOMIC_RELAXED); /* 8 KiB always fits a status */
    if (n > 0) {
      btxd_reader r = btxd_make(buf, (size_t)n);
      btxd_field f[BTXD_MAX_FIELDS];
      if (btxd_record(&r, f, BTXD_MAX_FIELDS) != 28) __atomic_add_fetch(&g_bad_results, 1, __ATOMIC_RELAXED);
    }
    n = btx_pop_alerts(g_session, buf, sizeof buf);
    if (n < 0 && -n <= (int)sizeof buf) __atomic_add_fetch(&g_bad_results, 1, __ATOMIC_RELAXED);
    int rc = (i % 2) ? btx_pause(t) : btx_resume(t);
    if (rc != BTX_OK && rc != BTX_ERR_BAD_HANDLE) __atomic_add_fetch(&g_bad_results, 1, __ATOMIC_RELAXED);
    btx_info_hash_hex(t, text, sizeof text);
    if (i % 50 == 0 && g_nadded[id] < 512) {
      char uri[128];
      snprintf(uri, sizeof uri, "magnet:?xt=urn:btih:%08x%032x", (unsigned)id + 1, (unsigned)i);
      int h = btx_add_magnet(g_session, uri, "/tmp/btx-threads");
      if (h > 0) g_added[id][g_nadded[id]++] = h;
    }
    btx_torrent_count(g_session);
    btx_torrent_handle_at(g_session, i % 10);
    /* an error in this thread stays in this thread */
    btx_set_int(-1, "x", "1");
    if (btx_last_error(text, sizeof text) <= 0) __atomic_add_fetch(&g_bad_results, 1, __ATOMIC_RELAXED);
    if (btx_torrent_count(g_session) == 0 && btx_listen_port(g_session) == 0)
      __atomic_add_fetch(&g_calls_after_free, 1, __ATOMIC_RELAXED);
  }
  return NULL;
}

int main(void) {
  g_session = loopback_session();
  REQUIRE(g_session > 0, "session");
  char uri[128];
  for (int i = 0; i < 8; i++) {
    snprintf(uri, sizeof uri, "magnet:?xt=urn:btih:%040x", i + 100);
    g_handles[i] = btx_add_magnet(g_session, uri, "/tmp/btx-threads");
    CHECK(g_handles[i] > 0, "add %d", i);
  }
  pthread_t th[THREADS];
  for (uintptr_t i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, hammer, (void *)i);
  /* meanwhile: remove and re-add torrents under the threads' feet */
  for (int round = 0; round < 20; round++) {
    int k = round % 8;
    CHECK(btx_remove(g_session, g_handles[k], 0) == BTX_OK, "remove");
    snprintf(uri, sizeof uri, "magnet:?xt=urn:btih:%040x", 1000 + round);
    g_handles[k] = btx_add_magnet(g_session, uri, "/tmp/btx-threads");
    CHECK(g_handles[k] > 0, "re-add");
    sleep_ms(10);
  }
  /* and free the session while they still run */
  btx_session_free(g_session);
  sleep_ms(200);
  g_stop = 1;
  for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
  CHECK(g_bad_results == 0, "%d undocumented results", g_bad_results);
  CHECK(g_calls_after_free > 0, "the threads were still calling after the free");
  printf("%d rounds ran against the freed session\n", g_calls_after_free);
  CHECK(btx_torrent_count(g_session) == 0 && btx_pause(g_handles[0]) == BTX_ERR_BAD_HANDLE, "all stale after free");
  /* no torrent added concurrently with the free outlived the session */
  int added = 0, alive = 0;
  for (int i = 0; i < THREADS; i++)
    for (int k = 0; k < g_nadded[i]; k++) {
      added++;
      alive += btx_pause(g_added[i][k]) != BTX_ERR_BAD_HANDLE;
    }
  CHECK(added > 0 && alive == 0, "%d of %d concurrently added torrents outlived the session", alive, added);
  printf("%d torrents added by the threads; none outlived the session\n", added);
  return done();
}
