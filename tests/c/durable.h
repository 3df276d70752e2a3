/* Helpers of the durable-session tests (test_durable*.c): child processes
 * of the test binary itself, talking over a pipe, that the parent kills. */
#ifndef BTX_DURABLE_H
#define BTX_DURABLE_H
#include "harness.h"

#include <fcntl.h>
#include <stdarg.h>
#include <poll.h>

#define QUIET_LOOPBACK                                                                        \
  "listen_interfaces=127.0.0.1:0\nenable_outgoing_utp=false\nenable_incoming_utp=false\n" \
  "allow_multiple_connections_per_ip=true\n"

/* a durable session listening on loopback only */
static inline int open_loopback(const char *state, const char *extra) {
  char settings[512];
  snprintf(settings, sizeof settings, QUIET_LOOPBACK "%s", extra ? extra : "");
  return btx_session_open_with(state, settings);
}

/* waits for restoreFinished; returns its count, or -1 */
static inline long long wait_restored(int s, int timeout_ms) {
  if (!wait_seen(s, BTX_EVENT_RESTORE_FINISHED, 0, timeout_ms)) return -1;
  btxd_reader r = btxd_make(g_log.last_body[BTX_EVENT_RESTORE_FINISHED], g_log.last_len[BTX_EVENT_RESTORE_FINISHED]);
  btxd_field f[BTXD_MAX_FIELDS];
  int n = btxd_record(&r, f, BTXD_MAX_FIELDS);
  return btxd_int(f, n, BTX_EVKEY_COUNT);
}

static inline void reset_log(void) {
  for (int i = 0; i < EVCODES; i++) {
    free(g_log.last_body[i]);
    free(g_log.first_body[i]);
  }
  uint8_t *buf = g_log.buf;
  int cap = g_log.cap;
  memset(&g_log, 0, sizeof g_log);
  g_log.buf = buf;
  g_log.cap = cap;
}

/* a child: this binary with `args`, its stdout a pipe the parent reads */
typedef struct {
  pid_t pid;
  int fd;
  char buf[65536];
  size_t len;
} child_t;

static inline int child_start(child_t *c, char *const args[]) {
  int p[2];
  if (pipe(p) != 0) return 0;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, p[1], 1);
  posix_spawn_file_actions_addclose(&fa, p[0]);
  int rc = posix_spawn(&c->pid, "/proc/self/exe", &fa, NULL, args, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(p[1]);
  if (rc != 0) {
    close(p[0]);
    return 0;
  }
  c->fd = p[0];
  c->len = 0;
  fcntl(c->fd, F_SETFL, O_NONBLOCK);
  return 1;
}

/* next whole line from the child (waits at most timeout_ms): 1, or 0 */
static inline int child_line(child_t *c, char *line, size_t cap, int timeout_ms) {
  long long until = now_ms() + timeout_ms;
  for (int i = 0; i < 1000000; i++) {
    char *nl = memchr(c->buf, '\n', c->len);
    if (nl) {
      size_t n = (size_t)(nl - c->buf);
      size_t k = n < cap - 1 ? n : cap - 1;
      memcpy(line, c->buf, k);
      line[k] = 0;
      memmove(c->buf, nl + 1, c->len - n - 1);
      c->len -= n + 1;
      return 1;
    }
    long long left = until - now_ms();
    if (left <= 0) return 0;
    struct pollfd pfd = {c->fd, POLLIN, 0};
    if (poll(&pfd, 1, (int)(left < 100 ? left : 100)) <= 0) continue;
    if (c->len == sizeof c->buf) return 0;
    ssize_t got = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
    if (got == 0) return 0; /* the child is gone */
    if (got > 0) c->len += (size_t)got;
  }
  return 0;
}

static inline void child_kill(child_t *c) {
  kill(c->pid, SIGKILL);
  int st;
  waitpid(c->pid, &st, 0);
  close(c->fd);
}

static inline int child_wait(child_t *c) {
  int st = 0;
  waitpid(c->pid, &st, 0);
  close(c->fd);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static inline void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void say(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  fflush(stdout);
}

static inline int user_get(int t, const char *key, char *out, int cap) {
  return btx_user_data_get(t, key, out, cap);
}

#endif
