/* Lifecycle, the firewall, per-thread errors, many sessions at once. */
#include <pthread.h>

#include "harness.h"

static void *other_thread(void *arg) {
  int *result = arg;
  char buf[256];
  /* this thread made no failing call: it must not see the main thread's error */
  result[0] = btx_last_error(buf, sizeof buf);
  /* its own failure is its own */
  result[1] = btx_set_int(0, "x", "1");
  result[2] = btx_last_error(buf, sizeof buf) > 0;
  return NULL;
}

int main(void) {
  CHECK(btx_abi_version() == BTX_ABI_VERSION, "abi %d", btx_abi_version());

  /* new / free / double free / bogus frees */
  int s = btx_session_new();
  REQUIRE(s > 0, "session_new returned %d", s);
  btx_session_free(s);
  btx_session_free(s); /* double free: no-op */
  btx_session_free(0);
  btx_session_free(-1);
  btx_session_free(0x7fffffff);
  CHECK(btx_torrent_count(s) == 0, "freed session still answers");
  CHECK(btx_session_pause(s) == BTX_ERR_BAD_HANDLE, "freed session accepted an action");

  /* a new session never reuses the freed handle's value */
  int s2 = btx_session_new();
  CHECK(s2 > 0 && s2 != s, "s2=%d s=%d", s2, s);
  btx_session_free(s2);

  /* many sessions at once, each listening on its own loopback port */
  enum { N = 8 };
  int many[N];
  for (int i = 0; i < N; i++) {
    many[i] = loopback_session();
    CHECK(many[i] > 0, "session %d", i);
  }
  for (int i = 0; i < N; i++) {
    CHECK(btx_listen_port(many[i]) > 0, "session %d not listening", i);
    for (int j = 0; j < i; j++) CHECK(many[i] != many[j], "duplicate handle");
  }
  /* each session got its own listenSucceeded event */
  for (int i = 0; i < N; i++) CHECK(wait_event(many[i], BTX_EVENT_LISTEN_SUCCEEDED, 0, 5000), "no listen event from %d", i);
  long long t0 = now_ms();
  for (int i = 0; i < N; i++) btx_session_free(many[i]);
  printf("freed %d sessions in %lld ms\n", N, now_ms() - t0);

  /* bounded free even with an unreachable tracker (a closed loopback port) */
  int st = loopback_session();
  mkdirs(path_in("trk"));
  write_random_file(path_in("trk/a.bin"), 100000, 1);
  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("trk/a.bin"), 0, "http://127.0.0.1:9/announce", &tlen);
  REQUIRE(tor != NULL, "create_torrent");
  int th = btx_add_torrent_file(st, tor, tlen, path_in("trk"));
  CHECK(th > 0, "add");
  CHECK(wait_event(st, BTX_EVENT_TRACKER_ERROR, th, 10000), "no trackerError for a closed port");
  t0 = now_ms();
  btx_session_free(st);
  long long took = now_ms() - t0;
  CHECK(took < 5000, "session_free took %lld ms", took);
  CHECK(btx_torrent_count(st) == 0 && btx_pause(th) == BTX_ERR_BAD_HANDLE, "torrent survived its session");
  free(tor);

  /* the firewall: a Rust panic and C++ throws become BTX_ERR_EXCEPTION */
  btx_clear_error();
  CHECK(btx_selftest_fault(1) == BTX_ERR_EXCEPTION, "panic");
  CHECK(strstr(last_err(), "panic") != NULL, "panic text: %s", last_err());
  CHECK(btx_selftest_fault(2) == BTX_ERR_EXCEPTION, "std throw");
  CHECK(strstr(last_err(), "runtime_error") != NULL, "throw text: %s", last_err());
  CHECK(btx_selftest_fault(3) == BTX_ERR_EXCEPTION, "non-std throw");
  CHECK(strstr(last_err(), "unknown C++ exception") != NULL, "text: %s", last_err());
  CHECK(btx_selftest_fault(0) == BTX_OK, "no fault");
  /* the library keeps working after each */
  int s3 = btx_session_new();
  CHECK(s3 > 0, "session after faults");
  btx_session_free(s3);

  /* last error: size query, truncation-free copy, clear */
  btx_set_int(0, "k", "1");
  int need = btx_last_error(NULL, 0);
  CHECK(need < 0, "size query returned %d", need);
  char small[4];
  CHECK(btx_last_error(small, sizeof small) == need, "too-small buffer must give -needed");
  char *big = malloc((size_t)-need);
  CHECK(btx_last_error(big, -need) == -need - 1 && big[-need - 1] == 0, "exact fit");
  free(big);
  btx_clear_error();
  char e[8] = "x";
  CHECK(btx_last_error(e, sizeof e) == 0 && e[0] == 0, "cleared");

  /* per-thread last error */
  btx_set_int(0, "k", "1"); /* the main thread now has an error */
  int result[3] = {-1, -1, -1};
  pthread_t t;
  pthread_create(&t, NULL, other_thread, result);
  pthread_join(t, NULL);
  CHECK(result[0] == 0, "other thread saw an error it did not cause (%d)", result[0]);
  CHECK(result[1] == BTX_ERR_BAD_HANDLE && result[2] == 1, "other thread's own error");
  CHECK(btx_last_error(NULL, 0) < 0, "main thread's error survived");

  cleanup_tmp();
  return done();
}
