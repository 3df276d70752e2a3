/* demo.c - seed and fetch a file over loopback inside one process, the way a
 * C host uses torrentxt: two sessions, a torrent created on the fly, events
 * drained with btx_pop_alerts, progress from btx_torrent_status, and the
 * downloaded bytes verified against the original. Runs offline.
 *
 *   cc -Iinclude examples/demo.c -Ltarget/dist -ltorrentxt -o demo */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "torrentxt.h"
#include "torrentxt_decode.h"

static void nap(int ms) {
  struct timespec ts = {0, (long)ms * 1000000L};
  nanosleep(&ts, NULL);
}

static void die(const char *what) {
  char err[512];
  btx_last_error(err, sizeof err);
  fprintf(stderr, "demo: %s failed: %s\n", what, err);
  exit(1);
}

static int session(void) {
  int s = btx_session_new();
  if (s <= 0) die("btx_session_new");
  btx_set_str(s, "listen_interfaces", "127.0.0.1:0"); /* loopback only */
  for (int i = 0; i < 500 && btx_listen_port(s) == 0; i++) nap(10);
  return s;
}

/* one status field as a number (btxd_get needs no field array) */
static long long status_int(int torrent, uint8_t id) {
  uint8_t buf[4096];
  int n = btx_torrent_status(torrent, buf, sizeof buf);
  btxd_field f;
  if (n <= 0 || !btxd_get(buf, (size_t)n, id, &f)) return -1;
  return btxd_value_int(&f);
}

/* drains a session's events, printing the interesting ones;
 * returns 1 once `torrent` reports torrentFinished */
static int drain(int s, const char *who, int torrent) {
  static uint8_t *buf;
  static int cap = 1 << 16;
  if (!buf) buf = malloc((size_t)cap);
  int finished = 0, n;
  while ((n = btx_pop_alerts(s, buf, cap)) != 0) {
    if (n < 0) { /* an event bigger than the buffer: grow and retry */
      cap = -n;
      buf = realloc(buf, (size_t)cap);
      continue;
    }
    btxd_reader r = btxd_make(buf, (size_t)cap);
    uint32_t count = btxd_events_begin(&r), code;
    btxd_reader body;
    for (uint32_t i = 0; i < count && btxd_event_next(&r, &code, &body); i++) {
      /* the count stored is at most the array's size, so it is safe to pass on */
      btxd_field f[BTXD_MAX_FIELDS];
      int nf = btxd_record(&body, f, BTXD_MAX_FIELDS);
      char text[256];
      switch (code) {
        case BTX_EVENT_TORRENT_ADDED:
          printf("[%s] torrentAdded %s\n", who, btxd_text(f, nf, BTX_EVKEY_TORRENT_NAME, text, sizeof text));
          break;
        case BTX_EVENT_STATE_CHANGED:
          printf("[%s] stateChanged %lld -> %lld\n", who, btxd_int(f, nf, BTX_EVKEY_PREV_STATE), btxd_int(f, nf, BTX_EVKEY_STATE));
          break;
        case BTX_EVENT_TORRENT_FINISHED:
          printf("[%s] torrentFinished\n", who);
          if (btxd_int(f, nf, BTX_EVKEY_TORRENT) == torrent) finished = 1;
          break;
        default:
          break;
      }
    }
  }
  return finished;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/tmp/torrentxt-demo";
  char seed_dir[512], leech_dir[512], payload[600], fetched[600], cmd[700];
  snprintf(seed_dir, sizeof seed_dir, "%s/seed", dir);
  snprintf(leech_dir, sizeof leech_dir, "%s/fetched", dir);
  snprintf(payload, sizeof payload, "%s/hello.bin", seed_dir);
  snprintf(fetched, sizeof fetched, "%s/hello.bin", leech_dir);
  snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s' '%s'", dir, seed_dir, leech_dir);
  if (system(cmd) != 0) return 1;

  /* 16 MiB of pseudo-random content */
  const size_t size = 16u << 20;
  uint8_t *data = malloc(size);
  uint32_t x = 2463534242u;
  for (size_t i = 0; i < size; i++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; data[i] = (uint8_t)x; }
  FILE *f = fopen(payload, "wb");
  fwrite(data, 1, size, f);
  fclose(f);

  printf("torrentxt ABI %d\n", btx_abi_version());
  int need = btx_create_torrent(payload, 0, 0, "", NULL, 0);
  uint8_t *tor = malloc((size_t)-need);
  int tlen = btx_create_torrent(payload, 0, 0, "", tor, -need);
  if (tlen <= 0) die("btx_create_torrent");
  printf("created a .torrent of %d bytes for %zu bytes of content\n", tlen, size);

  int seeder = session(), leecher = session();
  int ts = btx_add_torrent_file(seeder, tor, tlen, seed_dir);
  if (ts <= 0) die("add (seed)");
  while (status_int(ts, BTX_STATUS_IS_SEEDING) != 1) { drain(seeder, "seed", ts); nap(20); }
  char hash[64];
  btx_info_hash_hex(ts, hash, sizeof hash);
  printf("seeding %s on 127.0.0.1:%d\n", hash, btx_listen_port(seeder));

  int tl = btx_add_torrent_file(leecher, tor, tlen, leech_dir);
  if (tl <= 0) die("add (leech)");
  btx_connect_peer(tl, "127.0.0.1", btx_listen_port(seeder));
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int finished = 0;
  for (int tick = 0; !finished && tick < 3000; tick++) { /* at most ~60 s */
    drain(seeder, "seed", ts);
    finished = drain(leecher, "fetch", tl);
    if (tick % 10 == 0 || finished)
      printf("  progress %5.1f%%  %lld bytes  %lld B/s\n",
             100.0 * (double)status_int(tl, BTX_STATUS_TOTAL_DONE) / (double)size,
             status_int(tl, BTX_STATUS_TOTAL_DONE), status_int(tl, BTX_STATUS_DOWNLOAD_RATE));
    nap(20);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ms = (double)(t1.tv_sec - t0.tv_sec) * 1000.0 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;

  int ok = 0;
  FILE *g = fopen(fetched, "rb");
  if (g) {
    uint8_t *got = malloc(size);
    ok = finished && fread(got, 1, size, g) == size && memcmp(got, data, size) == 0;
    fclose(g);
    free(got);
  }
  btx_session_free(leecher);
  btx_session_free(seeder);
  free(tor);
  free(data);
  if (!ok) {
    printf("demo: FAILED - the fetched file does not match\n");
    return 1;
  }
  printf("fetched %zu bytes in %.0f ms; verified byte for byte: OK\n", size, ms);
  return 0;
}
