/* Events: a host that does not poll for a while loses nothing, even with
 * libtorrent's own alert queue set tiny; our bounded queue reports exactly
 * what it had to drop; an event that does not fit the buffer waits. */
#include "harness.h"

#define SIZE (32u << 20)
#define PIECE 16384

typedef struct {
  int events, pieces, dropped_events;
  long long dropped;
  int last_code;
} tally_t;

/* drains everything with a buffer of `cap` bytes, tallying */
static void drain_all(int s, int cap, tally_t *t) {
  uint8_t *buf = malloc((size_t)cap);
  for (int round = 0; round < 100000; round++) {
    int n = btx_pop_alerts(s, buf, cap);
    if (n == 0) break;
    if (n < 0) {
      fprintf(stderr, "event of %d bytes does not fit %d\n", -n, cap);
      break;
    }
    btxd_reader r = btxd_make(buf, (size_t)cap);
    uint32_t count = btxd_u16(&r);
    CHECK((int)count == n, "count %u vs return %d", count, n);
    for (uint32_t i = 0; i < count && !r.bad; i++) {
      uint32_t code = btxd_u16(&r);
      uint32_t blen = btxd_len(&r);
      btxd_reader br = btxd_make(btxd_take(&r, blen), blen);
      btxd_field f[BTXD_MAX_FIELDS];
      int nf = btxd_record(&br, f, BTXD_MAX_FIELDS);
      CHECK(nf >= 0, "malformed event body");
      t->events++;
      t->last_code = (int)code;
      if (code == BTX_EVENT_PIECE_FINISHED) t->pieces++;
      if (code == BTX_EVENT_EVENTS_DROPPED) {
        t->dropped_events++;
        t->dropped += btxd_int(f, nf, BTX_EVKEY_DROPPED);
      }
    }
    CHECK(!r.bad, "malformed drain");
  }
  free(buf);
}

static int wait_status_finished(int t, int timeout_ms) {
  status_t st;
  for (long long until = now_ms() + timeout_ms; now_ms() < until;) {
    if (get_status(t, &st) && st_int(&st, BTX_STATUS_IS_FINISHED)) return 1;
    sleep_ms(50);
  }
  return 0;
}

int main(void) {
  mkdirs(path_in("seed"));
  mkdirs(path_in("slow"));
  mkdirs(path_in("small"));
  write_random_file(path_in("seed/p.bin"), SIZE, 5);
  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("seed/p.bin"), PIECE, "", &tlen);
  REQUIRE(tor, "create");
  const int npieces = SIZE / PIECE;

  int a = loopback_session();
  int ta = btx_add_torrent_file(a, tor, tlen, path_in("seed"));
  REQUIRE(ta > 0 && wait_status_finished(ta, 60000), "seed");
  int port = btx_listen_port(a);

  /* B: libtorrent's own alert queue cut to 500, a quarter of the ~2,070
   * events the download produces; the host does not poll at all */
  int b = loopback_session();
  CHECK(btx_set_int(b, "alert_queue_size", "500") == BTX_OK, "alert_queue_size");
  /* C: our queue bounded at 50 events; the host does not poll */
  int c = loopback_session();
  CHECK(btx_set_int(c, "btx_event_queue_limit", "50") == BTX_OK, "queue limit");
  char v[32];
  CHECK(btx_get_setting(c, "btx_event_queue_limit", v, sizeof v) == 2 && strcmp(v, "50") == 0, "limit reads back %s", v);
  CHECK(btx_set_int(c, "btx_event_queue_limit", "1") == BTX_ERR_INVALID_ARG, "limit < 2 refused");

  int tb = btx_add_torrent_file_ex(b, tor, tlen, path_in("slow"), "0", "48");
  int tc = btx_add_torrent_file_ex(c, tor, tlen, path_in("small"), "0", "48");
  REQUIRE(tb > 0 && tc > 0, "leeches");
  btx_connect_peer(tb, "127.0.0.1", port);
  btx_connect_peer(tc, "127.0.0.1", port);
  REQUIRE(wait_status_finished(tb, 120000) && wait_status_finished(tc, 120000), "downloads finished");
  sleep_ms(500); /* let the last alerts reach the queues */
  CHECK(same_file(path_in("seed/p.bin"), path_in("slow/p.bin")), "bytes B");

  /* B lost nothing: every piece's event is there, and no drop marker */
  tally_t tb_t = {0};
  drain_all(b, 1 << 20, &tb_t);
  printf("B (libtorrent queue 500, no polling): %d events, %d pieceFinished of %d\n", tb_t.events, tb_t.pieces, npieces);
  CHECK(tb_t.pieces == npieces, "pieceFinished %d of %d", tb_t.pieces, npieces);
  CHECK(tb_t.dropped_events == 0, "B dropped %lld", tb_t.dropped);

  /* C kept the oldest 49 events plus one marker with the exact count */
  tally_t tc_t = {0};
  drain_all(c, 1 << 20, &tc_t);
  printf("C (our queue 50, no polling): %d events kept, %lld reported dropped\n", tc_t.events, tc_t.dropped);
  CHECK(tc_t.events <= 50, "kept %d", tc_t.events);
  CHECK(tc_t.dropped_events == 1 && tc_t.last_code == BTX_EVENT_EVENTS_DROPPED, "one marker, last");
  CHECK(tc_t.pieces + tc_t.dropped >= npieces, "kept %d + dropped %lld covers %d pieces", tc_t.pieces, tc_t.dropped, npieces);
  /* and it works normally again after the drain */
  btx_pause(tc);
  CHECK(wait_event(c, BTX_EVENT_TORRENT_PAUSED, tc, 5000), "events flow again");

  /* an event that does not fit the buffer waits for the next call */
  btx_resume(tc);
  long long until = now_ms() + 5000;
  int n = 0;
  uint8_t tiny[4];
  while (n == 0 && now_ms() < until) {
    n = btx_pop_alerts(c, tiny, sizeof tiny);
    if (n == 0) sleep_ms(20);
  }
  CHECK(n < 0, "tiny buffer: %d", n);
  uint8_t *exact = malloc((size_t)-n);
  int n2 = btx_pop_alerts(c, exact, -n);
  CHECK(n2 == 1, "the waiting event arrives with an exact buffer (%d)", n2);
  btxd_reader r = btxd_make(exact, (size_t)-n);
  CHECK(btxd_u16(&r) == 1 && btxd_u16(&r) == BTX_EVENT_TORRENT_RESUMED, "it is the torrentResumed event");
  free(exact);

  free(tor);
  btx_session_free(a);
  btx_session_free(b);
  btx_session_free(c);
  cleanup_tmp();
  return done();
}
