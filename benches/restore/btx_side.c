/* The restore benchmark's torrentxt side: a C host of libtorrentxt.so.
 *
 *   btx_side add      WORKDIR             in-memory session, btx_add_with_resume
 *                                         per blob (the C twin of py_side.py sync)
 *   btx_side populate WORKDIR STATE_PATH  btx_session_open_with, add every blob
 *                                         with btx_add_with_resume,
 *                                         btx_store_flush, btx_session_free
 *   btx_side restore  N STATE_PATH        a fresh process: btx_session_open_with
 *                                         (btx_session_open plus the settings
 *                                         below, so that the session is
 *                                         loopback-only from birth), then
 *                                         a host loop of btx_pop_alerts +
 *                                         btx_status_all until all N torrents
 *                                         are added and report seeding
 *
 * Every btx_* call the host makes is timed; max_call_ms is the longest one
 * (btx_session_open itself is reported apart, as open_ms). Prints one JSON
 * line. Session settings: loopback only, no DHT/LSD/UPnP/NAT-PMP. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

#include "torrentxt.h"

/* Resolved at run time so this file builds against a library without the
 * durable store (the add mode still works there). */
extern int btx_session_open_with(const char *state_path, const char *settings) __attribute__((weak));
extern int btx_store_flush(int session, int timeout_ms) __attribute__((weak));

#define SETTINGS                                                                                  \
  "listen_interfaces=127.0.0.1:0\nenable_dht=false\nenable_lsd=false\nenable_upnp=false\n"        \
  "enable_natpmp=false\n"
#ifndef BTX_EVENT_RESTORE_FINISHED
#define BTX_EVENT_RESTORE_FINISHED 205
#endif
#ifndef BTX_EVENT_STORE_ERROR
#define BTX_EVENT_STORE_ERROR 203
#endif
#define STATE_SEEDING 5
#define STATE_FINISHED 4
#define STATE_CHECKING_FILES 1

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double vm_mib(const char *key) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  double v = 0;
  size_t kl = strlen(key);
  if (!f) return 0;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, key, kl) == 0 && line[kl] == ':') v = strtod(line + kl + 1, NULL) / 1024.0;
  fclose(f);
  return v;
}

static void die(const char *what) {
  char err[512] = "";
  btx_last_error(err, sizeof err);
  fprintf(stderr, "btx_side: %s: %s\n", what, err);
  exit(1);
}

/* ---- timing of every host call ----
 * Each call's wall time, plus the thread's CPU time and context switches
 * (getrusage RUSAGE_THREAD) across it: a slow call with voluntary switches
 * waited (a lock, a condition variable, I/O); one with only involuntary
 * switches was preempted by other processes on a loaded machine. */
typedef struct { double wall, cpu; long vcsw, ivcsw; } sample;
static sample max_s, c0_s;
static double t_start; /* when the measured part began (slow-call log) */
static const char *max_call_fn = "";
static int calls, calls_over_10ms, over_10ms_waited;
static double max_waited; /* the longest call that waited (voluntary switch) */
static const char *max_waited_fn = "";
static void take(sample *x) {
  struct rusage ru;
  getrusage(RUSAGE_THREAD, &ru);
  x->wall = now_s();
  x->cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  x->vcsw = ru.ru_nvcsw;
  x->ivcsw = ru.ru_nivcsw;
}
/* the longest call of each function */
static struct { const char *fn; double max; int over; int n; } per_fn[16];
static void per_fn_note(const char *fn, double wall) {
  for (int i = 0; i < 16; i++) {
    if (per_fn[i].fn == NULL) per_fn[i].fn = fn;
    if (per_fn[i].fn == fn || strcmp(per_fn[i].fn, fn) == 0) {
      per_fn[i].n++;
      if (wall > per_fn[i].max) per_fn[i].max = wall;
      if (wall > 0.010) per_fn[i].over++;
      return;
    }
  }
}
#define TIMED(fn, expr) (take(&c0_s), timed_end(fn, (expr)))
static long timed_end(const char *fn, long r) {
  sample e;
  take(&e);
  sample d = {e.wall - c0_s.wall, e.cpu - c0_s.cpu, e.vcsw - c0_s.vcsw, e.ivcsw - c0_s.ivcsw};
  calls++;
  per_fn_note(fn, d.wall);
  if (d.wall > 0.010) {
    if (getenv("BTX_BENCH_SLOW_LOG"))
      fprintf(stderr, "btx_side: slow call at %.3f s: %s %.2f ms wall, %.2f ms CPU, %ld+%ld switches\n", c0_s.wall - t_start,
              fn, d.wall * 1e3, d.cpu * 1e3, d.vcsw, d.ivcsw);
    calls_over_10ms++;
    if (d.vcsw > 0) over_10ms_waited++;
  }
  if (d.wall > max_s.wall) { max_s = d; max_call_fn = fn; }
  if (d.vcsw > 0 && d.wall > max_waited) { max_waited = d.wall; max_waited_fn = fn; }
  return r;
}

/* ---- the record format (docs/record-format.md) ---- */
typedef struct { const uint8_t *p, *end; } cur;
static int rd_u16(cur *c, uint32_t *v) {
  if (c->end - c->p < 2) return 0;
  *v = (uint32_t)c->p[0] << 8 | c->p[1];
  c->p += 2;
  return 1;
}
static int rd_len(cur *c, uint32_t *v) {
  if (!rd_u16(c, v)) return 0;
  if (*v != 0xFFFF) return 1;
  if (c->end - c->p < 4) return 0;
  *v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 | (uint32_t)c->p[2] << 8 | c->p[3];
  c->p += 4;
  return 1;
}
/* Finds field `id` in one kvrecord [p, end) and parses it as an integer. */
static int rec_int(const uint8_t *p, const uint8_t *end, int id, long *out) {
  cur c = {p, end};
  uint32_t count, len;
  if (!rd_u16(&c, &count)) return 0;
  for (uint32_t i = 0; i < count; i++) {
    if (c.end - c.p < 2) return 0;
    int fid = c.p[0];
    c.p += 2;
    if (!rd_len(&c, &len) || (uint32_t)(c.end - c.p) < len) return 0;
    if (fid == id) {
      char tmp[32];
      size_t l = len < sizeof tmp - 1 ? len : sizeof tmp - 1;
      memcpy(tmp, c.p, l);
      tmp[l] = 0;
      *out = strtol(tmp, NULL, 10);
      return 1;
    }
    c.p += len;
  }
  return 0;
}

/* ---- host state ---- */
static double restore_finished_at = -1;
static int event_counts[1024]; /* per event code, for the diagnosis */
static double cpu_at_start; /* process CPU seconds when the measured part began */
static int want_restore_finished;
static int n_added, n_errors, n_dropped, n_rechecked, n_seeding, n_status_items;
static char *seen_added; /* per handle: torrentAdded seen */
static char *seen_checking;
static int handle_cap;
static uint8_t *evbuf, *stbuf;
static int evcap = 1 << 20, stcap = 1 << 22;

/* Marks handle h in arr (growing both per-handle arrays); counts first marks. */
static void mark(char **arr, long h, int *counter) {
  if (h <= 0 || h > (1L << 30)) return;
  if (h >= handle_cap) {
    int nc = (int)h * 2 + 1024;
    seen_added = realloc(seen_added, nc);
    seen_checking = realloc(seen_checking, nc);
    memset(seen_added + handle_cap, 0, nc - handle_cap);
    memset(seen_checking + handle_cap, 0, nc - handle_cap);
    handle_cap = nc;
  }
  if (!(*arr)[h]) { (*arr)[h] = 1; (*counter)++; }
}

static void drain_events(int s) {
  for (;;) {
    int r = (int)TIMED("btx_pop_alerts", btx_pop_alerts(s, evbuf, evcap));
    if (r < 0) { evcap = -r * 2; evbuf = realloc(evbuf, evcap); continue; }
    if (r == 0) return;
    cur c = {evbuf, evbuf + evcap};
    uint32_t count = 0, code, len;
    rd_u16(&c, &count);
    for (uint32_t i = 0; i < count; i++) {
      if (!rd_u16(&c, &code) || !rd_len(&c, &len)) { fprintf(stderr, "bad event frame\n"); exit(1); }
      long h = 0;
      if (code < 1024) event_counts[code]++;
      if (code == BTX_EVENT_TORRENT_ADDED) {
        if (!rec_int(c.p, c.p + len, BTX_EVKEY_TORRENT, &h))
          n_errors++; /* an add that failed names no handle */
        else
          mark(&seen_added, h, &n_added);
      } else if (code == BTX_EVENT_RESTORE_FINISHED) {
        if (restore_finished_at < 0) restore_finished_at = now_s();
        if (getenv("BTX_BENCH_SLOW_LOG")) fprintf(stderr, "btx_side: restoreFinished seen at %.3f s\n", restore_finished_at - t_start);
      } else if (code == BTX_EVENT_STORE_ERROR) {
        n_errors++;
      } else if (code == BTX_EVENT_EVENTS_DROPPED) {
        n_dropped++;
      } else if (code == BTX_EVENT_TORRENT_ERROR || code == BTX_EVENT_FASTRESUME_REJECTED) {
        n_errors++;
      }
      c.p += len;
    }
  }
}

/* One btx_status_all("state"): counts the torrents seeding. */
static void poll_status(int s) {
  int r;
  for (;;) {
    r = (int)TIMED("btx_status_all", btx_status_all(s, "state", stbuf, stcap));
    if (r >= 0) break;
    stcap = -r * 2;
    stbuf = realloc(stbuf, stcap);
  }
  cur c = {stbuf, stbuf + r};
  uint32_t items, len;
  n_seeding = 0;
  n_status_items = 0;
  if (r == 0 || !rd_len(&c, &items)) return;
  for (uint32_t i = 0; i < items; i++) {
    if (!rd_len(&c, &len)) break;
    long h = 0, st = -1;
    rec_int(c.p, c.p + len, 60, &h);
    rec_int(c.p, c.p + len, BTX_STATUS_STATE, &st);
    n_status_items++;
    if (st == STATE_SEEDING || st == STATE_FINISHED) n_seeding++;
    if (st == STATE_CHECKING_FILES) mark(&seen_checking, h, &n_rechecked);
    c.p += len;
  }
}

static int is_blob(const struct dirent *d) { return strstr(d->d_name, ".resume") != NULL; }

static void *slurp(const char *path, int *len) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(1); }
  fseek(f, 0, SEEK_END);
  long l = ftell(f);
  fseek(f, 0, SEEK_SET);
  void *b = malloc(l ? l : 1);
  if (fread(b, 1, l, f) != (size_t)l) { perror(path); exit(1); }
  fclose(f);
  *len = (int)l;
  return b;
}

/* Adds every blob of WORKDIR/blobs one by one; returns how many. */
static int add_all(int s, const char *work, double *host_s) {
  char dir[4096], path[4400];
  struct dirent **ents;
  snprintf(dir, sizeof dir, "%s/blobs", work);
  int n = scandir(dir, &ents, is_blob, alphasort);
  if (n < 0) { perror(dir); exit(1); }
  double t0 = now_s();
  for (int i = 0; i < n; i++) {
    int len;
    snprintf(path, sizeof path, "%s/%s", dir, ents[i]->d_name);
    take(&c0_s);
    void *blob = slurp(path, &len);
    int h = (int)timed_end("btx_add_with_resume", btx_add_with_resume(s, blob, len, ""));
    if (h <= 0) die("btx_add_with_resume");
    free(blob);
    free(ents[i]);
  }
  free(ents);
  *host_s = now_s() - t0;
  return n;
}

/* Drives the host loop until n torrentAdded events and n seeding statuses
 * (or the deadline); fills *added_s / *status_s measured from t0. */
static void host_loop(int s, int n, double t0, double *added_s, double *status_s) {
  const char *e = getenv("BTX_BENCH_STATUS_AFTER_ADDED");
  int status_after_added = e && strcmp(e, "1") == 0;
  double deadline = now_s() + 120 + n * 0.02;
  *added_s = *status_s = -1;
  while (now_s() < deadline) {
    drain_events(s);
    if (*added_s < 0 && n_added + n_errors >= n) *added_s = now_s() - t0;
    /* BTX_BENCH_STATUS_AFTER_ADDED=1 (a diagnosis): no status read until
     * every torrentAdded arrived */
    if (!status_after_added || *added_s >= 0) poll_status(s);
    int count = (int)TIMED("btx_torrent_count", btx_torrent_count(s));
    if (count > 0) {
      /* one per-torrent read too, as a host showing a torrent would */
      int h = (int)TIMED("btx_torrent_handle_at", btx_torrent_handle_at(s, count - 1));
      if (h > 0) TIMED("btx_torrent_status", btx_torrent_status(h, stbuf, stcap));
    }
    if (*added_s >= 0 && n_seeding >= n && n_status_items >= n && (!want_restore_finished || restore_finished_at >= 0)) { *status_s = now_s() - t0; return; }
    usleep(2000);
  }
}

static double self_cpu_s(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void report(const char *side, int n, double open_ms, double host_s, double added_s, double status_s,
                   double rss_empty, double t0) {
  printf("{\"side\": \"%s\", \"n\": %d, \"open_ms\": %.2f, \"restore_finished_s\": %.3f, \"host_s\": %.3f, \"added_s\": %.3f, "
         "\"max_call_ms\": %.2f, \"max_call_fn\": \"%s\", \"max_call_cpu_ms\": %.2f, \"max_call_vcsw\": %ld, "
         "\"max_call_ivcsw\": %ld, \"max_waited_ms\": %.2f, \"max_waited_fn\": \"%s\", "
         "\"calls\": %d, \"calls_over_10ms\": %d, \"over_10ms_waited\": %d, \"status_s\": %.3f, "
         "\"added_events\": %d, \"rechecked\": %d, \"errors\": %d, \"dropped\": %d, \"torrents\": %d, "
         "\"rss_mib\": %.1f, \"rss_empty_mib\": %.1f, \"hwm_mib\": %.1f, \"cpu_s\": %.3f}\n",
         side, n, open_ms, restore_finished_at < 0 ? -1.0 : restore_finished_at - t0, host_s, added_s, max_s.wall * 1000, max_call_fn, max_s.cpu * 1000, max_s.vcsw, max_s.ivcsw,
         max_waited * 1000, max_waited_fn, calls, calls_over_10ms, over_10ms_waited, status_s, n_added,
         n_rechecked, n_errors, n_dropped, n_seeding, vm_mib("VmRSS"), rss_empty, vm_mib("VmHWM"),
         self_cpu_s() - cpu_at_start);
  fprintf(stderr, "btx_side: events by code:");
  for (int i = 0; i < 1024; i++)
    if (event_counts[i]) fprintf(stderr, " %d:%d", i, event_counts[i]);
  fprintf(stderr, "\n");
  for (int i = 0; i < 16 && per_fn[i].fn; i++)
    fprintf(stderr, "btx_side: %-22s %6d calls, longest %7.2f ms, %d over 10 ms\n", per_fn[i].fn, per_fn[i].n,
            per_fn[i].max * 1000, per_fn[i].over);
  fflush(stdout);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: btx_side add WORKDIR | populate WORKDIR STATE | restore N STATE\n");
    return 2;
  }
  if (btx_abi_version() != BTX_ABI_VERSION) { fprintf(stderr, "btx_side: ABI mismatch\n"); return 1; }
  evbuf = malloc(evcap);
  stbuf = malloc(stcap);
  const char *mode = argv[1];
  if (strcmp(mode, "add") == 0) {
    int s = btx_session_new_with(SETTINGS);
    if (!s) die("btx_session_new_with");
    while (btx_listen_port(s) == 0) usleep(1000); /* started, as py_side's session */
    double rss_empty = vm_mib("VmRSS"), host_s, added_s, status_s;
    cpu_at_start = self_cpu_s();
    double t0 = now_s();
    int n = add_all(s, argv[2], &host_s);
    host_loop(s, n, t0, &added_s, &status_s);
    report("torrentxt-add", n, 0, host_s, added_s, status_s, rss_empty, t0);
    btx_session_free(s);
    return status_s < 0;
  }
  if (!btx_session_open_with) { fprintf(stderr, "btx_side: this library has no btx_session_open\n"); return 1; }
  if (strcmp(mode, "populate") == 0 && argc == 4) {
    double t0 = now_s(), host_s, added_s, status_s;
    int s = btx_session_open_with(argv[3], SETTINGS);
    if (!s) die("btx_session_open_with");
    int n = add_all(s, argv[2], &host_s);
    host_loop(s, n, t0, &added_s, &status_s);
    double f0 = now_s();
    int fr = btx_store_flush ? btx_store_flush(s, 600000) : 0;
    if (fr != 0) die("btx_store_flush");
    double flush_ms = (now_s() - f0) * 1000;
    f0 = now_s();
    btx_session_free(s);
    double free_ms = (now_s() - f0) * 1000;
    printf("{\"side\": \"populate\", \"n\": %d, \"host_s\": %.3f, \"max_add_ms\": %.2f, \"status_s\": %.3f, "
           "\"flush_ms\": %.1f, \"free_ms\": %.1f}\n", n, host_s, max_s.wall * 1000, status_s, flush_ms, free_ms);
    return status_s < 0;
  }
  if (strcmp(mode, "restore") == 0 && argc == 4) {
    int n = atoi(argv[2]);
    double rss_empty = vm_mib("VmRSS"), added_s, status_s;
    want_restore_finished = 1;
    cpu_at_start = self_cpu_s();
    sample o0, o1;
    take(&o0);
    double t0 = o0.wall;
    t_start = t0;
    int s = btx_session_open_with(argv[3], SETTINGS);
    take(&o1);
    double open_ms = (o1.wall - t0) * 1000;
    if (!s) die("btx_session_open_with");
    fprintf(stderr, "btx_side: open %.2f ms wall, %.2f ms CPU, %ld voluntary / %ld involuntary switches\n", open_ms,
            (o1.cpu - o0.cpu) * 1000, o1.vcsw - o0.vcsw, o1.ivcsw - o0.ivcsw);
    host_loop(s, n, t0, &added_s, &status_s);
    report("torrentxt-restore", n, open_ms, open_ms / 1000, added_s, status_s, rss_empty, t0);
    double f0 = now_s();
    btx_session_free(s);
    fprintf(stderr, "btx_side: free took %.1f ms\n", (now_s() - f0) * 1000);
    return status_s < 0;
  }
  fprintf(stderr, "btx_side: bad arguments\n");
  return 2;
}
