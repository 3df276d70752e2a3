/* Waiting without polling (issue 9, item 2): btx_wait_events blocks until
 * an event is queued; the descriptor of btx_event_fd polls readable while
 * events are queued and not otherwise; freeing the session wakes a waiter
 * at once and leaves the descriptor readable. */
#include <poll.h>
#include <pthread.h>

#include "harness.h"

static int g_s, g_t;

typedef struct {
  int rc;
  long long woke_ms;
} wait_result;

static void *waiter(void *arg) {
  wait_result *w = arg;
  w->rc = btx_wait_events(g_s, 10000);
  w->woke_ms = now_ms();
  return NULL;
}

static void *forever(void *arg) {
  wait_result *w = arg;
  w->rc = btx_wait_events(g_s, -1);
  w->woke_ms = now_ms();
  return NULL;
}

static void drain_all(int s) {
  for (int i = 0; i < 1000 && drain_once(s, &g_log) > 0; i++) {
  }
}

static int cmp_ll(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

int main(void) {
  mkdirs(path_in("seed"));
  write_random_file(path_in("seed/w.bin"), 1 << 20, 5);
  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("seed/w.bin"), 0, "", &tlen);
  g_s = loopback_session();
  REQUIRE(g_s > 0 && tor, "setup");
  g_t = btx_add_torrent_file(g_s, tor, tlen, path_in("seed"));
  REQUIRE(g_t > 0 && wait_seeding(g_s, g_t, 30000), "seeding");
  sleep_ms(300);
  drain_all(g_s);

  /* nothing queued: a wait times out */
  long long t0 = now_ms();
  CHECK(btx_wait_events(g_s, 150) == 0, "times out with nothing queued");
  long long waited = now_ms() - t0;
  CHECK(waited >= 140 && waited < 1000, "waited %lld ms", waited);
  CHECK(btx_wait_events(g_s, -2) == BTX_ERR_INVALID_ARG, "-2 is no timeout");
  CHECK(btx_wait_events(0, 10) == BTX_ERR_BAD_HANDLE, "bad handle");
  CHECK(btx_wait_events(g_t, 10) == BTX_ERR_BAD_HANDLE, "a torrent is no session");

  /* a blocked waiter wakes as soon as an event is queued. The pause's
   * torrentPaused carries libtorrent's own timestamp (with details on), so
   * the latency measured is from libtorrent posting the alert to the
   * waiter running again. */
  btx_set_bool(g_s, "btx_event_details", 1);
  long long lat[20];
  int n = 0;
  for (int round = 0; round < 20; round++) {
    drain_all(g_s);
    wait_result w = {0, 0};
    pthread_t th;
    pthread_create(&th, NULL, waiter, &w);
    sleep_ms(30);
    struct timespec ts;
    (round & 1) ? btx_resume(g_t) : btx_pause(g_t);
    pthread_join(th, NULL);
    clock_gettime(CLOCK_REALTIME, &ts);
    /* the waiter's wake-up on the real-time clock the event's time uses */
    long long woke_unix = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 - (now_ms() - w.woke_ms);
    CHECK(w.rc >= 1, "round %d: woke with events (%d)", round, w.rc);
    /* when did libtorrent post it? the newest event's time field */
    int code = (round & 1) ? BTX_EVENT_TORRENT_RESUMED : BTX_EVENT_TORRENT_PAUSED;
    long long posted = 0;
    for (long long until = now_ms() + 2000; !posted && now_ms() < until; sleep_ms(5)) {
      drain_once(g_s, &g_log);
      btxd_field f;
      if (g_log.last_body[code] && btxd_get(g_log.last_body[code], g_log.last_len[code], BTX_EVKEY_TIME, &f)) posted = btxd_value_int(&f);
    }
    free(g_log.last_body[code]);
    g_log.last_body[code] = NULL;
    if (posted > 0) lat[n++] = woke_unix - posted;
  }
  qsort(lat, (size_t)n, sizeof lat[0], cmp_ll);
  CHECK(n >= 15, "latencies measured: %d", n);
  if (n) {
    printf("wake-up after libtorrent posted the alert: median %lld ms, max %lld ms (%d rounds)\n", lat[n / 2], lat[n - 1], n);
    CHECK(lat[n / 2] <= 10, "a waiter wakes within 10 ms of the event (median %lld ms)", lat[n / 2]);
  }

  /* the descriptor: readable exactly while something is queued */
  drain_all(g_s);
  int fd = btx_event_fd(g_s);
  REQUIRE(fd >= 0, "event fd: %d", fd);
  int fd2 = btx_event_fd(g_s);
  CHECK(fd2 >= 0 && fd2 != fd, "each call gives a new descriptor");
  struct pollfd p = {fd, POLLIN, 0};
  CHECK(poll(&p, 1, 0) == 0, "not readable with nothing queued");
  btx_pause(g_t);
  t0 = now_ms();
  int pr = poll(&p, 1, 5000);
  long long poll_ms = now_ms() - t0;
  CHECK(pr == 1 && (p.revents & POLLIN), "poll() wakes on an event (%lld ms)", poll_ms);
  struct pollfd p2 = {fd2, POLLIN, 0};
  CHECK(poll(&p2, 1, 0) == 1, "the other descriptor too");
  drain_all(g_s);
  CHECK(poll(&p, 1, 0) == 0, "not readable once drained");
  btx_resume(g_t);
  CHECK(poll(&p, 1, 5000) == 1, "readable again on the next event");
  drain_all(g_s);
  close(fd2);

  /* freeing the session wakes a waiter with no time limit at once */
  wait_result w = {0, 0};
  pthread_t th;
  pthread_create(&th, NULL, forever, &w);
  sleep_ms(200);
  t0 = now_ms();
  btx_session_free(g_s);
  long long freed = now_ms();
  pthread_join(th, NULL);
  CHECK(w.rc == BTX_ERR_BAD_HANDLE, "the waiter learns the session is gone (%d)", w.rc);
  CHECK(w.woke_ms - t0 < 1000, "promptly: %lld ms after free began", w.woke_ms - t0);
  printf("free with a waiter: %lld ms, waiter woke %lld ms after free began\n", freed - t0, w.woke_ms - t0);
  CHECK(poll(&p, 1, 0) == 1, "the descriptor is readable for good after free");
  CHECK(btx_event_fd(g_s) == BTX_ERR_BAD_HANDLE, "no descriptor for a freed session");
  close(fd);
  free(tor);
  cleanup_tmp();
  return done();
}
