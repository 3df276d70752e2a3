/* harness.h - shared helpers for the C tests: checks, loopback sessions,
 * bounded event waits, files. Every wait is bounded by time and count. */
#ifndef BTX_HARNESS_H
#define BTX_HARNESS_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "torrentxt_decode.h"
#include "torrentxt.h"

static int g_failures = 0;
static int g_checks = 0;

#define CHECK(cond, ...)                                                 \
  do {                                                                   \
    g_checks++;                                                          \
    if (!(cond)) {                                                       \
      g_failures++;                                                      \
      fprintf(stderr, "FAIL %s:%d: %s -- ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                      \
      fprintf(stderr, " (last error: %s)\n", last_err());                \
    }                                                                    \
  } while (0)

/* a check whose failure makes the rest of the test meaningless */
#define REQUIRE(cond, ...)                  \
  do {                                      \
    int before_ = g_failures;               \
    CHECK(cond, __VA_ARGS__);               \
    if (g_failures != before_) return done(); \
  } while (0)

static inline const char *last_err(void) {
  static char buf[1024];
  int n = btx_last_error(buf, sizeof buf);
  if (n < 0) snprintf(buf, sizeof buf, "(error text needs %d bytes)", -n);
  return buf;
}

static inline int done(void) {
  printf("%d checks, %d failed\n", g_checks, g_failures);
  return g_failures ? 1 : 0;
}

static inline long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* ---- temp folders and files ------------------------------------------ */

static char g_tmp[256];

static inline const char *tmpdir(void) {
  if (!g_tmp[0]) {
    snprintf(g_tmp, sizeof g_tmp, "/tmp/btx-test-XXXXXX");
    if (!mkdtemp(g_tmp)) {
      perror("mkdtemp");
      exit(2);
    }
  }
  return g_tmp;
}

static inline void cleanup_tmp(void) {
  if (g_tmp[0]) {
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_tmp);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", g_tmp);
  }
}

static inline char *path_in(const char *sub) {
  static char bufs[8][512];
  static int i = 0;
  char *b = bufs[i++ % 8];
  snprintf(b, 512, "%s/%s", tmpdir(), sub);
  return b;
}

static inline void mkdirs(const char *p) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", p);
  if (system(cmd) != 0) fprintf(stderr, "mkdir failed: %s\n", p);
}

/* writes `size` pseudo-random bytes (deterministic per seed) */
static inline void write_random_file(const char *path, size_t size, uint64_t seed) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    perror(path);
    exit(2);
  }
  uint64_t x = seed * 2654435761u + 88172645463325252ull;
  uint8_t block[65536];
  for (size_t done_ = 0; done_ < size;) {
    for (size_t i = 0; i < sizeof block; i += 8) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      memcpy(block + i, &x, 8);
    }
    size_t n = size - done_ < sizeof block ? size - done_ : sizeof block;
    fwrite(block, 1, n, f);
    done_ += n;
  }
  fclose(f);
}

static inline uint8_t *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *b = malloc(n > 0 ? (size_t)n : 1);
  if (n > 0 && fread(b, 1, (size_t)n, f) != (size_t)n) {
    free(b);
    fclose(f);
    return NULL;
  }
  fclose(f);
  *len = (size_t)n;
  return b;
}

static inline int same_file(const char *a, const char *b) {
  size_t la = 0, lb = 0;
  uint8_t *x = read_file(a, &la), *y = read_file(b, &lb);
  int same = x && y && la == lb && memcmp(x, y, la) == 0;
  free(x);
  free(y);
  return same;
}

/* ---- torrents ---------------------------------------------------------- */

/* btx_create_torrent the way a host does it: ask the size, then fetch */
static inline uint8_t *create_torrent_flags(const char *content, int piece_size, int flags, const char *trackers, int *len) {
  int need = btx_create_torrent(content, piece_size, flags, trackers, NULL, 0);
  if (need >= 0) return NULL;
  uint8_t *buf = malloc((size_t)-need);
  *len = btx_create_torrent(content, piece_size, flags, trackers, buf, -need);
  if (*len != -need) {
    free(buf);
    return NULL;
  }
  return buf;
}

static inline uint8_t *create_torrent(const char *content, int piece_size, const char *trackers, int *len) {
  return create_torrent_flags(content, piece_size, 0, trackers, len);
}

/* ---- sessions ------------------------------------------------------------ */

/* a session listening on 127.0.0.1 only, quiet (no DHT/LSD/UPnP/NAT-PMP) */
static inline int loopback_session(void) {
  int s = btx_session_new();
  if (s <= 0) return 0;
  btx_set_str(s, "listen_interfaces", "127.0.0.1:0");
  btx_set_bool(s, "enable_outgoing_utp", 0);
  btx_set_bool(s, "enable_incoming_utp", 0);
  /* every peer of a loopback swarm has the address 127.0.0.1 */
  btx_set_bool(s, "allow_multiple_connections_per_ip", 1);
  long long until = now_ms() + 10000;
  while (btx_listen_port(s) <= 0 && now_ms() < until) sleep_ms(20);
  return s;
}

/* ---- status ------------------------------------------------------------- */

typedef struct {
  uint8_t buf[16384];
  btxd_field f[BTXD_MAX_FIELDS];
  int n;
} status_t;

static inline int get_status(int torrent, status_t *st) {
  int len = btx_torrent_status(torrent, st->buf, sizeof st->buf);
  if (len <= 0) return st->n = 0;
  btxd_reader r = btxd_make(st->buf, (size_t)len);
  st->n = btxd_record(&r, st->f, BTXD_MAX_FIELDS);
  return st->n > 0;
}

static inline long long st_int(status_t *st, uint8_t id) { return btxd_int(st->f, st->n, id); }

/* ---- events ---------------------------------------------------------------
 * The event log keeps counts per code and the states seen per torrent, and
 * a copy of the body of the last event of each code (for payload checks). */

/* event codes go up to BTX_EVENT_UNKNOWN_ALERT (999) */
#define EVCODES 1000

typedef struct {
  int counts[EVCODES];
  int states_seen[64][16]; /* [torrent slot][state] */
  uint8_t *last_body[EVCODES];
  size_t last_len[EVCODES];
  /* the first body of each code since the test last cleared it */
  uint8_t *first_body[EVCODES];
  size_t first_len[EVCODES];
  int last_torrent[EVCODES];
  int seen[EVCODES][64]; /* [code][torrent slot] */
  /* pieceFinished events with and without restored=1 (details on) */
  int restored_pieces, downloaded_pieces;
  uint8_t *buf;
  int cap;
  /* optional: called with every event drained (a test that needs each
   * event, not just the counts and the first and last bodies) */
  void (*on_event)(uint32_t code, const uint8_t *body, size_t len, void *ctx);
  void *ctx;
} evlog_t;

static evlog_t g_log;

static inline int slot_of(int torrent) { return (torrent & 0xFFFFF) % 64; }

/* Drains once; returns the number of events, growing the buffer on -needed. */
static inline int drain_once(int session, evlog_t *log) {
  if (!log->buf) {
    log->cap = 4096;
    log->buf = malloc((size_t)log->cap);
  }
  int n = btx_pop_alerts(session, log->buf, log->cap);
  if (n < 0) {
    log->cap = -n;
    log->buf = realloc(log->buf, (size_t)log->cap);
    n = btx_pop_alerts(session, log->buf, log->cap);
  }
  if (n <= 0) return n;
  btxd_reader r = btxd_make(log->buf, (size_t)log->cap);
  uint32_t count = btxd_u16(&r);
  for (uint32_t i = 0; i < count && !r.bad; i++) {
    uint32_t code = btxd_u16(&r);
    uint32_t body = btxd_len(&r);
    const uint8_t *b = btxd_take(&r, body);
    if (!b) break;
    if (log->on_event) log->on_event(code, b, body, log->ctx);
    btxd_reader br = btxd_make(b, body);
    btxd_field f[BTXD_MAX_FIELDS];
    int nf = btxd_record(&br, f, BTXD_MAX_FIELDS);
    int torrent = (int)btxd_int(f, nf, BTX_EVKEY_TORRENT);
    if (code < EVCODES) {
      log->counts[code]++;
      free(log->last_body[code]);
      log->last_body[code] = malloc(body ? body : 1);
      memcpy(log->last_body[code], b, body);
      log->last_len[code] = body;
      log->last_torrent[code] = torrent;
      if (!log->first_body[code]) {
        log->first_body[code] = malloc(body ? body : 1);
        memcpy(log->first_body[code], b, body);
        log->first_len[code] = body;
      }
      log->seen[code][slot_of(torrent)]++;
    }
    if (code == BTX_EVENT_PIECE_FINISHED) {
      if (btxd_find(f, nf, BTX_EVKEY_RESTORED)) log->restored_pieces++;
      else log->downloaded_pieces++;
    }
    if (code == BTX_EVENT_STATE_CHANGED && nf > 0) {
      long long stt = btxd_int(f, nf, BTX_EVKEY_STATE);
      if (stt >= 0 && stt < 16) log->states_seen[slot_of(torrent)][stt]++;
    }
  }
  if (r.bad) fprintf(stderr, "malformed drain buffer\n");
  return n;
}

/* Waits until an event `code` for `torrent` has been seen at all (also by
 * an earlier drain). */
static inline int wait_seen(int session, int code, int torrent, int timeout_ms) {
  long long until = now_ms() + timeout_ms;
  for (int i = 0; i < 100000 && now_ms() < until; i++) {
    drain_once(session, &g_log);
    if (g_log.seen[code][slot_of(torrent)]) return 1;
    sleep_ms(20);
  }
  return 0;
}

/* Polls until an event `code` (for `torrent`, or any if 0) has been seen
 * more than `already` times; bounded by timeout_ms. */
static inline int wait_event(int session, int code, int torrent, int timeout_ms) {
  long long until = now_ms() + timeout_ms;
  int before = g_log.counts[code];
  for (int i = 0; i < 100000 && now_ms() < until; i++) {
    drain_once(session, &g_log);
    if (g_log.counts[code] > before && (torrent == 0 || g_log.last_torrent[code] == torrent)) return 1;
    sleep_ms(20);
  }
  return 0;
}

/* Polls both sessions until the torrent's status says finished. */
static inline int wait_finished(int s_seed, int s_leech, int torrent, int timeout_ms) {
  long long until = now_ms() + timeout_ms;
  status_t st;
  while (now_ms() < until) {
    drain_once(s_seed, &g_log);
    drain_once(s_leech, &g_log);
    if (get_status(torrent, &st) && st_int(&st, BTX_STATUS_IS_FINISHED)) return 1;
    sleep_ms(20);
  }
  return 0;
}

/* ---- lists (files, peers, trackers, web seeds) ---------------------------- */

typedef struct {
  uint8_t *buf;
  int nitems;
  btxd_field f[64][64]; /* up to 64 items of up to 64 fields */
  int nf[64];
} list_t;

typedef int (*list_fn)(int, void *, int);

/* calls a list getter the way a host does (size query, then fetch) */
static inline int get_list(list_fn fn, int torrent, list_t *l) {
  free(l->buf);
  l->buf = NULL;
  l->nitems = 0;
  int need = fn(torrent, NULL, 0);
  if (need >= 0) return -1;
  l->buf = malloc((size_t)-need);
  int n = fn(torrent, l->buf, -need);
  if (n != -need) return -1;
  btxd_reader r = btxd_make(l->buf, (size_t)n);
  uint32_t count = btxd_len(&r);
  for (uint32_t i = 0; i < count && i < 64 && !r.bad; i++) {
    uint32_t body = btxd_len(&r);
    btxd_reader br = btxd_make(btxd_take(&r, body), body);
    l->nf[i] = btxd_record(&br, l->f[i], 64);
    if (l->nf[i] < 0) return -1;
    l->nitems = (int)i + 1;
  }
  return r.bad ? -1 : (int)count;
}

static inline long long li_int(list_t *l, int i, uint8_t id) { return btxd_int(l->f[i], l->nf[i], id); }
static inline const char *li_text(list_t *l, int i, uint8_t id, char *out, size_t cap) {
  return btxd_text(l->f[i], l->nf[i], id, out, cap);
}

/* ---- helper programs (tracker, web server) --------------------------------- */

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
extern char **environ;

/* a TCP port on 127.0.0.1 that was free a moment ago */
static inline int free_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(fd, (struct sockaddr *)&a, &len) == 0)
    port = ntohs(a.sin_port);
  close(fd);
  return port;
}

static inline int port_open(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons((uint16_t)port);
  int ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
  close(fd);
  return ok;
}

/* starts argv[0] (found on PATH) and waits until it listens on `port` */
static inline pid_t start_program(char *const argv[], int port) {
  pid_t pid;
  if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0) return 0;
  for (long long until = now_ms() + 10000; now_ms() < until; sleep_ms(50)) {
    if (port_open(port)) return pid;
    int st;
    if (waitpid(pid, &st, WNOHANG) == pid) return 0; /* it exited */
  }
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
  return 0;
}

static inline void stop_program(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  for (int i = 0; i < 100; i++) {
    if (waitpid(pid, NULL, WNOHANG) == pid) return;
    sleep_ms(20);
  }
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
}

/* ---- opentracker on loopback ----------------------------------------------- */

/* Starts Debian's opentracker on 127.0.0.1:`port`, serving only the
 * whitelisted hashes (a v1 hash, and the truncated v2 hash a hybrid
 * torrent also announces); `dir` holds the whitelist (it chroots there).
 * Returns its pid, or 0. */
static inline pid_t start_opentracker(const char *dir, int port, const char *v1, const char *v2) {
  char wlpath[600], portstr[16];
  snprintf(wlpath, sizeof wlpath, "%s/whitelist", dir);
  FILE *wl = fopen(wlpath, "w");
  if (!wl) return 0;
  fprintf(wl, "%s\n%.40s\n", v1, v2);
  fclose(wl);
  snprintf(portstr, sizeof portstr, "%d", port);
  char *argv[] = {"opentracker", "-i", "127.0.0.1", "-p", portstr, "-P", portstr,
                  "-d", (char *)dir, "-w", "whitelist", NULL};
  return start_program(argv, port);
}

/* ---- the DHT on loopback -------------------------------------------------- */

static inline int dht_session(void) {
  int s = loopback_session();
  if (s <= 0) return 0;
  /* every node is 127.0.0.1: lift libtorrent's one-node-per-IP rules */
  btx_set_bool(s, "dht_restrict_routing_ips", 0);
  btx_set_bool(s, "dht_restrict_search_ips", 0);
  btx_set_bool(s, "dht_enforce_node_id", 0);
  btx_set_bool(s, "dht_ignore_dark_internet", 0);
  btx_set_bool(s, "dht_prefer_verified_node_ids", 0);
  btx_set_int(s, "dht_block_ratelimit", "100000");
  btx_set_int(s, "dht_upload_rate_limit", "1000000");
  btx_set_str(s, "dht_bootstrap_nodes", "");
  btx_set_bool(s, "enable_dht", 1);
  return s;
}

static inline int count_bits(const uint8_t *b, int nbytes) {
  int n = 0;
  for (int i = 0; i < nbytes; i++)
    for (int k = 0; k < 8; k++) n += (b[i] >> k) & 1;
  return n;
}

static inline int wait_seeding(int s, int t, int timeout_ms) {
  status_t st;
  for (long long until = now_ms() + timeout_ms; now_ms() < until; sleep_ms(20)) {
    drain_once(s, &g_log);
    if (get_status(t, &st) && st_int(&st, BTX_STATUS_IS_SEEDING)) return 1;
  }
  return 0;
}

#endif
