/* Durable sessions under kill -9 (docs/durability.md): a child process
 * downloads from a rate-limited seed over 127.0.0.1 into a durable session
 * (save interval 1 s) and is killed with SIGKILL at random points, 10 times.
 * Each restart must find the store intact and the torrent in it, must not
 * recheck the files, and must lose at most what arrived shortly before the
 * kill (the save interval plus the status period and slack); the last run
 * finishes and the bytes must equal the seed's. */
#include "durable.h"

#define SIZE (16u << 20)
#define CYCLES 10
/* what a kill may lose: the data of the last LOSS_WINDOW_MS before it */
#define LOSS_WINDOW_MS 2500

/* child: download; print "start <restored> <done> <rechecked>" once the
 * torrent is checked, then "have <done>" every 100 ms; "finished" at the end */
static int child_dl(const char *state, const char *torrent_file, const char *dir, int seed_port, int finish) {
  int s = open_loopback(state, "btx_resume_save_interval=1\n");
  if (s <= 0) {
    printf("error %s\n", last_err());
    return 1;
  }
  long long restored = wait_restored(s, 60000);
  int t;
  if (restored == 0) {
    size_t len = 0;
    uint8_t *tor = read_file(torrent_file, &len);
    t = tor ? btx_add_torrent_file(s, tor, (int)len, dir) : 0;
    free(tor);
  } else {
    t = btx_torrent_handle_at(s, 0);
  }
  if (t <= 0) {
    printf("error no torrent (%lld restored): %s\n", restored, last_err());
    return 1;
  }
  status_t st;
  int rechecked = 0;
  long long until = now_ms() + 60000;
  for (; now_ms() < until; sleep_ms(20)) {
    drain_once(s, &g_log);
    if (!get_status(t, &st)) continue;
    long long state_ = st_int(&st, BTX_STATUS_STATE);
    if (state_ == 1) rechecked = 1;
    if (state_ != 1 && state_ != 7 && state_ != 0) break;
  }
  if (g_log.states_seen[slot_of(t)][1]) rechecked = 1;
  printf("start %lld %lld %d\n", restored, st_int(&st, BTX_STATUS_TOTAL_DONE), rechecked);
  fflush(stdout);
  btx_connect_peer(t, "127.0.0.1", seed_port);
  long long next_connect = now_ms() + 2000;
  for (long long end = now_ms() + 120000; now_ms() < end; sleep_ms(100)) {
    drain_once(s, &g_log);
    if (!get_status(t, &st)) continue;
    printf("have %lld\n", st_int(&st, BTX_STATUS_TOTAL_DONE));
    fflush(stdout);
    if (st_int(&st, BTX_STATUS_IS_FINISHED)) {
      printf("finished\n");
      fflush(stdout);
      if (finish) break;
    }
    if (now_ms() > next_connect && st_int(&st, BTX_STATUS_NUM_PEERS) == 0) {
      btx_connect_peer(t, "127.0.0.1", seed_port);
      next_connect = now_ms() + 2000;
    }
  }
  btx_session_free(s);
  return 0;
}

typedef struct {
  long long at;
  long long done;
} sample_t;

int main(int argc, char **argv) {
  if (argc >= 7 && strcmp(argv[1], "child-dl") == 0)
    return child_dl(argv[2], argv[3], argv[4], atoi(argv[5]), atoi(argv[6]));
  srand((unsigned)time(NULL) ^ (unsigned)getpid());
  mkdirs(path_in("seed"));
  mkdirs(path_in("leech"));
  write_random_file(path_in("seed/data.bin"), SIZE, 11);
  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("seed/data.bin"), 65536, "", &tlen);
  REQUIRE(tor, "create");
  FILE *f = fopen(path_in("t.torrent"), "wb");
  REQUIRE(f && fwrite(tor, 1, (size_t)tlen, f) == (size_t)tlen, "write .torrent");
  fclose(f);

  int seed = loopback_session();
  int ts = btx_add_torrent_file(seed, tor, tlen, path_in("seed"));
  REQUIRE(ts > 0, "seed add");
  status_t st;
  for (long long until = now_ms() + 60000; now_ms() < until; sleep_ms(20))
    if (get_status(ts, &st) && st_int(&st, BTX_STATUS_IS_SEEDING)) break;
  REQUIRE(st_int(&st, BTX_STATUS_IS_SEEDING), "seeding");
  /* slow enough that ten cycles of a few seconds do not finish it */
  CHECK(btx_set_torrent_limits(ts, "0", "300000") == BTX_OK, "limit");
  char port[16];
  snprintf(port, sizeof port, "%d", btx_listen_port(seed));

  long long prev_bound = 0, prev_last = 0, lost_max = 0;
  int kills = 0;
  for (int cycle = 0; cycle <= CYCLES; cycle++) {
    int finish = cycle == CYCLES;
    if (finish) CHECK(btx_set_torrent_limits(ts, "0", "0") == BTX_OK, "unlimit");
    char *args[] = {argv[0], "child-dl", path_in("state.db"), path_in("t.torrent"), path_in("leech"), port,
                    finish ? "1" : "0", NULL};
    child_t c;
    REQUIRE(child_start(&c, args), "spawn");
    char line[256];
    long long restored = -1, start_done = -1;
    int rechecked = -1;
    /* the child restarts: the store must be there, intact, with the torrent */
    REQUIRE(child_line(&c, line, sizeof line, 90000) &&
                sscanf(line, "start %lld %lld %d", &restored, &start_done, &rechecked) == 3,
            "cycle %d: child started: '%s'", cycle, line);
    long long started = now_ms();
    if (cycle > 0) {
      CHECK(restored == 1, "cycle %d: the torrent came back from the store (%lld)", cycle, restored);
      CHECK(rechecked == 0, "cycle %d: no full recheck", cycle);
      CHECK(start_done >= prev_bound, "cycle %d: restarted at %lld bytes, at least the %lld it had %d ms before the kill",
            cycle, start_done, prev_bound, LOSS_WINDOW_MS);
      CHECK(start_done <= prev_last, "cycle %d: no more than it had (%lld <= %lld)", cycle, start_done, prev_last);
      if (prev_last - start_done > lost_max) lost_max = prev_last - start_done;
    } else {
      CHECK(restored == 0, "cycle 0: a new store");
    }
    if (finish) {
      int finished = 0;
      while (!finished && child_line(&c, line, sizeof line, 120000)) finished = strcmp(line, "finished") == 0;
      CHECK(finished, "the last run finished the download");
      CHECK(child_wait(&c) == 0, "the last run exited cleanly");
      break;
    }
    /* kill at a random point 3 to 5 s into the download */
    long long kill_at = started + 3000 + rand() % 2000;
    static sample_t samples[4096];
    int ns = 0;
    while (now_ms() < kill_at && ns < 4096) {
      if (child_line(&c, line, sizeof line, 50)) {
        long long d;
        if (sscanf(line, "have %lld", &d) == 1) samples[ns++] = (sample_t){now_ms(), d};
      }
    }
    kill(c.pid, SIGKILL);
    child_kill(&c);
    kills++;
    long long killed = now_ms();
    prev_bound = start_done;
    prev_last = start_done;
    for (int i = 0; i < ns; i++) {
      if (samples[i].at <= killed - LOSS_WINDOW_MS) prev_bound = samples[i].done;
      prev_last = samples[i].done;
    }
    say("cycle %d: started at %lld bytes, killed at %lld (+%lld ms), saved at least %lld", cycle, start_done, prev_last,
        killed - started, prev_bound);
    CHECK(prev_last < SIZE, "cycle %d: still downloading when killed", cycle);
  }
  say("%d kills; most progress lost by one kill: %lld bytes", kills, lost_max);
  CHECK(kills == CYCLES, "%d kills", kills);
  CHECK(same_file(path_in("seed/data.bin"), path_in("leech/data.bin")), "the bytes equal the seed's");
  btx_session_free(seed);
  free(tor);
  cleanup_tmp();
  return done();
}
