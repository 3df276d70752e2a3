/* A frantic host (issue 8, item 3): 100,000 pause/resume calls on a
 * downloading torrent, with another thread adding torrents meanwhile. Before
 * torrentxt bounded the backlog, the next synchronous call waited 19.5 s
 * here and libtorrent's memory grew without bound. Now the session stays
 * responsive, memory stays flat, redundant calls are coalesced, and
 * btx_session_free stays bounded. */
#include <pthread.h>

#include "harness.h"

#define SIZE (64u << 20)

/* ASan keeps freed memory in quarantine (256 MB by default), which would
 * hide whether the library's memory stays flat */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "quarantine_size_mb=4"; }

/* anonymous resident memory: the heap, not the torrent's mmapped files */
static long rss_kb(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "RssAnon: %ld kB", &kb) == 1) break;
  if (f) fclose(f);
  return kb;
}

static int g_session, g_stop, g_added;

static void *adder(void *arg) {
  (void)arg;
  for (int n = 0; n < 2000 && !__atomic_load_n(&g_stop, __ATOMIC_SEQ_CST); n++) {
    char m[128];
    snprintf(m, sizeof m, "magnet:?xt=urn:btih:%040d", n);
    int t = btx_add_magnet(g_session, m, path_in("mag"));
    if (t > 0) {
      __atomic_add_fetch(&g_added, 1, __ATOMIC_SEQ_CST);
      btx_remove(g_session, t, 0);
    }
  }
  return NULL;
}

static long long summary_int(int s, uint8_t id) {
  uint8_t buf[4096];
  int n = btx_session_summary(s, buf, sizeof buf);
  btxd_field f;
  return n > 0 && btxd_get(buf, (size_t)n, id, &f) ? btxd_value_int(&f) : -1;
}

int main(void) {
  mkdirs(path_in("seed"));
  write_random_file(path_in("seed/a.bin"), SIZE, 3);
  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("seed/a.bin"), 0, "", &tlen);
  REQUIRE(tor, "create");
  int seed = loopback_session(), leech = loopback_session();
  REQUIRE(seed > 0 && leech > 0, "sessions");
  g_session = leech;
  int ts = btx_add_torrent_file(seed, tor, tlen, path_in("seed"));
  status_t st;
  for (long long until = now_ms() + 60000; now_ms() < until; sleep_ms(50))
    if (get_status(ts, &st) && st_int(&st, BTX_STATUS_IS_SEEDING)) break;
  /* slow enough that the download is still running during the flood */
  btx_set_torrent_limits(ts, "0", "3000000");
  int tl = btx_add_torrent_file(leech, tor, tlen, path_in("leech"));
  REQUIRE(tl > 0, "leech add");
  btx_connect_peer(tl, "127.0.0.1", btx_listen_port(seed));
  sleep_ms(1500);
  long rss0 = rss_kb();

  pthread_t th;
  pthread_create(&th, NULL, adder, NULL);
  long long t0 = now_ms();
  int bad = 0;
  for (int i = 0; i < 100000; i++) {
    int rc = (i & 1) ? btx_resume(tl) : btx_pause(tl);
    if (rc != BTX_OK) bad++;
  }
  long long flood_ms = now_ms() - t0;
  t0 = now_ms();
  uint8_t buf[4096];
  int fl = btx_file_list(tl, buf, sizeof buf);
  long long sync_ms = now_ms() - t0;
  __atomic_store_n(&g_stop, 1, __ATOMIC_SEQ_CST);
  pthread_join(th, NULL);
  long rss1 = rss_kb();
  printf("100,000 pause/resume: %lld ms; next synchronous call: %lld ms; %d adds meanwhile; RSS %ld -> %ld KiB\n",
         flood_ms, sync_ms, g_added, rss0, rss1);
  CHECK(bad == 0, "%d calls failed", bad);
  CHECK(fl > 0, "the synchronous call answered");
  CHECK(sync_ms < 2000, "the session stayed responsive: %lld ms", sync_ms);
  CHECK(g_added > 0, "the other thread's adds went through");
  CHECK(rss0 > 0 && rss1 - rss0 < 64 * 1024, "memory stayed flat: +%ld KiB", rss1 - rss0);

  /* the last call was a resume: the torrent ends resumed */
  int resumed = 0;
  for (long long until = now_ms() + 10000; !resumed && now_ms() < until; sleep_ms(50)) {
    drain_once(leech, &g_log);
    resumed = get_status(tl, &st) && st_int(&st, BTX_STATUS_IS_PAUSED) == 0;
  }
  CHECK(resumed, "the final resume took effect");

  /* the same call over and over is coalesced while the first is queued */
  long long before = summary_int(leech, BTX_SUM_COALESCED_ACTIONS);
  for (int i = 0; i < 100000; i++) btx_pause(tl);
  long long after = summary_int(leech, BTX_SUM_COALESCED_ACTIONS);
  printf("100,000 identical pauses: %lld coalesced\n", after - before);
  CHECK(after - before > 50000, "most repeated pauses were coalesced (%lld)", after - before);
  int paused = 0;
  for (long long until = now_ms() + 10000; !paused && now_ms() < until; sleep_ms(50)) {
    drain_once(leech, &g_log);
    paused = get_status(tl, &st) && st_int(&st, BTX_STATUS_IS_PAUSED) == 1;
  }
  CHECK(paused, "and the torrent is paused");
  CHECK(btx_resume(tl) == BTX_OK, "a different action goes through at once");

  /* another flood, then free: bounded */
  for (int i = 0; i < 100000; i++) (i & 1) ? btx_resume(tl) : btx_pause(tl);
  t0 = now_ms();
  btx_session_free(leech);
  long long free_ms = now_ms() - t0;
  printf("free after a flood: %lld ms\n", free_ms);
  CHECK(free_ms < 5000, "btx_session_free is bounded: %lld ms", free_ms);
  btx_session_free(seed);
  free(tor);
  cleanup_tmp();
  return done();
}
