/* Durable sessions (docs/durability.md): a store refuses files that are not
 * its own and never writes to them; one store serves one session (in this
 * process or another); torrents, their metainfo and user data come back
 * after a restart, each named by its torrentAdded event; a kill -9 during a
 * burst of adds loses no torrent whose add had returned. */
#include "durable.h"

/* ---- children ------------------------------------------------------------ */

/* tries to open the store and says what happened: "open <handle> <error>" */
static int child_open(const char *state) {
  int s = btx_session_open(state);
  printf("open %d %s\n", s, s > 0 ? "" : last_err());
  fflush(stdout);
  if (s > 0) btx_session_free(s);
  return 0;
}

/* adds magnet-style torrents (bare info-hashes, paused) as fast as it can,
 * printing each hash once its add has returned, until it is killed */
static int child_adds(const char *state, const char *save, unsigned seed) {
  int s = open_loopback(state, NULL);
  if (s <= 0) {
    printf("error %s\n", last_err());
    return 1;
  }
  printf("ready\n");
  fflush(stdout);
  for (int i = 0; i < 100000; i++) {
    char hex[41], opts[256];
    unsigned x = seed * 2654435761u + (unsigned)i * 40503u;
    for (int k = 0; k < 40; k++) {
      x = x * 1103515245u + 12345u;
      hex[k] = "0123456789abcdef"[(x >> 16) & 15];
    }
    hex[40] = 0;
    snprintf(opts, sizeof opts, "infoHash=%s\nsavePath=%s\nflags=16\nmask=16\n", hex, save);
    int t = btx_add(s, opts, NULL, 0);
    if (t > 0) {
      printf("added %s\n", hex);
      fflush(stdout);
    }
  }
  btx_session_free(s);
  return 0;
}

/* ---- tests ------------------------------------------------------------- */

static void write_bytes(const char *path, const void *b, size_t n) {
  FILE *f = fopen(path, "wb");
  if (f) {
    fwrite(b, 1, n, f);
    fclose(f);
  }
}

static void refused_untouched(const char *path, const char *what, const char *expect) {
  size_t before_len = 0, after_len = 0;
  uint8_t *before = read_file(path, &before_len);
  int s = btx_session_open(path);
  const char *err = last_err();
  CHECK(s == 0, "%s: refused", what);
  CHECK(strstr(err, expect) != NULL, "%s: the error says why: %s", what, err);
  uint8_t *after = read_file(path, &after_len);
  CHECK(before && after && before_len == after_len && memcmp(before, after, before_len) == 0,
        "%s: the file is unchanged (%zu bytes)", what, before_len);
  if (s > 0) btx_session_free(s);
  free(before);
  free(after);
}

static int test_refusals(void) {
  uint8_t junk[8192];
  for (size_t i = 0; i < sizeof junk; i++) junk[i] = (uint8_t)(i * 131 + 7);
  write_bytes(path_in("random.db"), junk, sizeof junk);
  refused_untouched(path_in("random.db"), "random bytes", "not an SQLite database");

  /* another application's SQLite database */
  char cmd[1024];
  snprintf(cmd, sizeof cmd,
           "python3 -c \"import sqlite3; c=sqlite3.connect('%s'); c.execute('create table notes(t text)');"
           " c.execute(\\\"insert into notes values('keep me')\\\"); c.commit()\"",
           path_in("other.db"));
  REQUIRE(system(cmd) == 0, "python3 made another application's database");
  refused_untouched(path_in("other.db"), "another app's SQLite", "another application");
  /* a refused file gets nothing created beside it */
  CHECK(access(path_in("random.db.lock"), F_OK) != 0 && access(path_in("other.db.lock"), F_OK) != 0,
        "no lock file is left beside a refused file");

  /* a store of ours with its middle overwritten */
  int s = btx_session_open(path_in("corrupt.db"));
  REQUIRE(s > 0, "open a new store: %s", last_err());
  for (int i = 0; i < 40; i++) {
    int t = btx_add(s, "infoHash=0123456789abcdef0123456789abcdef01234567\nsavePath=/tmp\nflags=16\nmask=16\n", NULL, 0);
    if (t > 0) btx_remove(s, t, 0);
  }
  btx_session_free(s);
  size_t len = 0;
  uint8_t *db = read_file(path_in("corrupt.db"), &len);
  REQUIRE(db && len >= 8192, "the store has pages (%zu bytes)", len);
  for (size_t i = 100; i < len; i++) db[i] ^= (uint8_t)(0x5a + i);
  write_bytes(path_in("corrupt.db"), db, len);
  free(db);
  refused_untouched(path_in("corrupt.db"), "a corrupted store", "refused");

  CHECK(btx_session_open(NULL) == 0 && btx_session_open("") == 0, "NULL and empty paths are refused");
  mkdirs(path_in("adir"));
  CHECK(btx_session_open(path_in("adir")) == 0, "a directory is refused: %s", last_err());
  return 0;
}

static int test_one_session(const char *self) {
  const char *state = path_in("one.db");
  int s = btx_session_open(state);
  REQUIRE(s > 0, "open: %s", last_err());
  int s2 = btx_session_open(state);
  CHECK(s2 == 0 && strstr(last_err(), "in use") != NULL, "a second open in this process is refused: %s", last_err());
  child_t c;
  char *args[] = {(char *)self, "child-open", (char *)state, NULL};
  REQUIRE(child_start(&c, args), "spawn");
  char line[1024] = "";
  CHECK(child_line(&c, line, sizeof line, 20000) && strncmp(line, "open 0 ", 7) == 0 && strstr(line, "in use"),
        "another process is refused: '%s'", line);
  child_wait(&c);
  btx_session_free(s);
  /* once freed, it opens again */
  REQUIRE(child_start(&c, args), "spawn");
  CHECK(child_line(&c, line, sizeof line, 20000) && strncmp(line, "open ", 5) == 0 && atoi(line + 5) > 0,
        "after free another process opens it: '%s'", line);
  child_wait(&c);
  return 0;
}

static int test_restart(void) {
  const char *state = path_in("restart.db");
  mkdirs(path_in("rs"));
  write_random_file(path_in("rs/a.bin"), 300000, 1);
  write_random_file(path_in("rs/b.bin"), 200000, 2);
  int alen = 0, blen = 0;
  uint8_t *ta = create_torrent(path_in("rs/a.bin"), 16384, "", &alen);
  uint8_t *tb = create_torrent(path_in("rs/b.bin"), 16384, "", &blen);
  REQUIRE(ta && tb, "create");

  int s = open_loopback(state, "btx_resume_save_interval=5\n");
  REQUIRE(s > 0, "open: %s", last_err());
  CHECK(wait_restored(s, 10000) == 0, "a new store restores nothing");
  char v[256];
  CHECK(btx_get_setting(s, "btx_resume_save_interval", v, sizeof v) > 0 && strcmp(v, "5") == 0, "interval %s", v);
  int a = btx_add_torrent_file(s, ta, alen, path_in("rs"));
  int b = btx_add_torrent_file(s, tb, blen, path_in("rs"));
  int m = btx_add(s, "infoHash=00112233445566778899aabbccddeeff00112233\nsavePath=/tmp\nflags=16\nmask=16\n", NULL, 0);
  REQUIRE(a > 0 && b > 0 && m > 0, "adds");
  CHECK(btx_user_data_set(a, "category", "linux") == BTX_OK, "set category");
  CHECK(btx_user_data_set(a, "tags", "iso,x86") == BTX_OK, "set tags");
  CHECK(btx_user_data_set(b, "category", "gone") == BTX_OK && btx_user_data_remove(b, "category") == BTX_OK, "set+remove");
  CHECK(btx_user_data_set(a, "", "x") == BTX_ERR_INVALID_ARG, "empty key refused");
  CHECK(btx_user_data_set(0, "k", "x") == BTX_ERR_BAD_HANDLE, "bad handle");
  CHECK(user_get(a, "category", v, sizeof v) == 5 && strcmp(v, "linux") == 0, "get before restart");
  CHECK(btx_remove(s, m, 0) == BTX_OK, "remove the third");
  /* both seed: wait until libtorrent checked them, then save */
  status_t st;
  for (long long until = now_ms() + 30000; now_ms() < until; sleep_ms(20)) {
    drain_once(s, &g_log);
    if (get_status(a, &st) && st_int(&st, BTX_STATUS_IS_SEEDING) && get_status(b, &st) && st_int(&st, BTX_STATUS_IS_SEEDING))
      break;
  }
  CHECK(btx_store_flush(s, 10000) == BTX_OK, "flush: %s", last_err());
  /* a flush with nothing new to save: the store's conditional requests
   * fail as "not modified" inside libtorrent, which is no news for the host */
  for (long long until = now_ms() + 500; now_ms() < until; sleep_ms(20)) drain_once(s, &g_log);
  int failed_before = g_log.counts[BTX_EVENT_RESUME_DATA_FAILED];
  CHECK(btx_store_flush(s, 10000) == BTX_OK, "second flush: %s", last_err());
  for (long long until = now_ms() + 500; now_ms() < until; sleep_ms(20)) drain_once(s, &g_log);
  CHECK(g_log.counts[BTX_EVENT_RESUME_DATA_FAILED] == failed_before, "no resumeDataFailed from the store's own saves (%d)",
        g_log.counts[BTX_EVENT_RESUME_DATA_FAILED] - failed_before);
  CHECK(btx_store_flush(s, 0) == BTX_ERR_INVALID_ARG, "flush timeout 0 refused");
  int plain = btx_session_new();
  CHECK(btx_store_flush(plain, 1000) == BTX_ERR_INVALID_ARG, "flush of a session without a store");
  btx_session_free(plain);
  long long t0 = now_ms();
  btx_session_free(s);
  say("freed in %lld ms", now_ms() - t0);

  /* the files move away: the metainfo must come from the store */
  reset_log();
  t0 = now_ms();
  s = open_loopback(state, NULL);
  long long open_ms = now_ms() - t0;
  REQUIRE(s > 0, "reopen: %s", last_err());
  CHECK(open_ms < 1000, "open returned in %lld ms", open_ms);
  CHECK(btx_get_setting(s, "btx_resume_save_interval", v, sizeof v) > 0 && strcmp(v, "5") == 0, "interval kept: %s", v);
  CHECK(wait_restored(s, 20000) == 2, "two torrents restored");
  CHECK(btx_torrent_count(s) == 2, "count %d", btx_torrent_count(s));
  CHECK(g_log.counts[BTX_EVENT_TORRENT_ADDED] == 2, "two torrentAdded events (%d)", g_log.counts[BTX_EVENT_TORRENT_ADDED]);
  int a2 = 0, b2 = 0;
  for (int i = 0; i < btx_torrent_count(s); i++) {
    int t = btx_torrent_handle_at(s, i);
    CHECK(g_log.seen[BTX_EVENT_TORRENT_ADDED][slot_of(t)] == 1, "torrentAdded names handle %d", t);
    if (user_get(t, "category", v, sizeof v) > 0) a2 = t;
    else b2 = t;
  }
  REQUIRE(a2 > 0 && b2 > 0, "both found");
  CHECK(user_get(a2, "category", v, sizeof v) == 5 && strcmp(v, "linux") == 0, "category kept");
  CHECK(user_get(a2, "tags", v, sizeof v) == 7 && strcmp(v, "iso,x86") == 0, "tags kept");
  CHECK(user_get(b2, "category", v, sizeof v) == 0, "removed key stays removed");
  uint8_t rec[1024];
  int n = btx_user_data_all(a2, rec, sizeof rec);
  btxd_reader r = btxd_make(rec, n > 0 ? (size_t)n : 0);
  CHECK(n > 0 && btxd_len(&r) == 2, "user data as one record: 2 items");
  /* no recheck: restored from resume data, seeding at once */
  int seeding = 0;
  for (long long until = now_ms() + 20000; now_ms() < until && !seeding; sleep_ms(20)) {
    drain_once(s, &g_log);
    seeding = get_status(a2, &st) && st_int(&st, BTX_STATUS_IS_SEEDING) && get_status(b2, &st) && st_int(&st, BTX_STATUS_IS_SEEDING);
  }
  CHECK(seeding, "both seed after the restart");
  /* libtorrent finishes each restored seed once its resume data is
   * checked: that confirms what the store holds, so no save follows; nor
   * does the periodic save (every 5 s here) write seeds that did nothing */
  for (long long until = now_ms() + 6000; now_ms() < until; sleep_ms(20)) drain_once(s, &g_log);
  CHECK(g_log.counts[BTX_EVENT_TORRENT_FINISHED] == 2, "both restored seeds finished (%d)", g_log.counts[BTX_EVENT_TORRENT_FINISHED]);
  CHECK(g_log.counts[BTX_EVENT_RESUME_DATA_READY] == 0, "an idle restored seed is not saved again, not even by the periodic save (%d resumeDataReady)",
        g_log.counts[BTX_EVENT_RESUME_DATA_READY]);
  CHECK(get_status(a2, &st) && st_int(&st, BTX_STATUS_IS_PAUSED) == 0, "not paused by the pause free makes");
  CHECK(g_log.states_seen[slot_of(a2)][1] == 0 && g_log.states_seen[slot_of(b2)][1] == 0, "no full recheck");
  CHECK(btx_find_torrent(s, "00112233445566778899aabbccddeeff00112233") == 0, "the removed torrent stayed removed");
  btx_session_free(s);

  /* metainfo is in the store: with the data gone, the torrent still has its metadata */
  reset_log();
  s = open_loopback(state, NULL);
  REQUIRE(s > 0, "reopen 2: %s", last_err());
  CHECK(wait_restored(s, 20000) == 2, "two again");
  int t = btx_torrent_handle_at(s, 0);
  CHECK(get_status(t, &st) && st_int(&st, BTX_STATUS_NUM_PIECES) > 0, "metadata from the store (%lld pieces)",
        st_int(&st, BTX_STATUS_NUM_PIECES));
  btx_session_free(s);
  free(ta);
  free(tb);
  return 0;
}

static int test_kill_during_adds(const char *self) {
  for (int round = 0; round < 3; round++) {
    char state[300], save[300];
    snprintf(state, sizeof state, "%s/burst%d.db", tmpdir(), round);
    snprintf(save, sizeof save, "%s/burst%d", tmpdir(), round);
    mkdirs(save);
    char seed[16];
    snprintf(seed, sizeof seed, "%d", round + 1);
    char *args[] = {(char *)self, "child-adds", state, save, seed, NULL};
    child_t c;
    REQUIRE(child_start(&c, args), "spawn");
    char line[256];
    REQUIRE(child_line(&c, line, sizeof line, 30000) && strcmp(line, "ready") == 0, "child ready: %s", line);
    /* kill at a random point of the burst */
    int wait = 300 + rand() % 900;
    long long until = now_ms() + wait;
    static char hashes[20000][41];
    int nh = 0;
    while (now_ms() < until && nh < 20000) {
      if (child_line(&c, line, sizeof line, 50) && strncmp(line, "added ", 6) == 0) {
        memcpy(hashes[nh++], line + 6, 41);
      }
    }
    kill(c.pid, SIGKILL);
    /* lines already written before the kill count too */
    while (nh < 20000 && child_line(&c, line, sizeof line, 200))
      if (strncmp(line, "added ", 6) == 0) memcpy(hashes[nh++], line + 6, 41);
    child_kill(&c);
    reset_log();
    int s = open_loopback(state, NULL);
    REQUIRE(s > 0, "reopen after kill: %s", last_err());
    long long restored = wait_restored(s, 60000);
    int missing = 0;
    for (int i = 0; i < nh; i++)
      if (btx_find_torrent(s, hashes[i]) <= 0) missing++;
    say("round %d: killed after %d ms, %d adds had returned, %lld restored, %d missing", round, wait, nh, restored, missing);
    CHECK(nh > 0, "round %d: some adds returned", round);
    CHECK(missing == 0, "round %d: nothing whose add returned is missing (%d of %d)", round, missing, nh);
    CHECK(restored >= nh && restored <= nh + 1, "round %d: restored %lld for %d returned (+1 in flight at most)", round, restored, nh);
    btx_session_free(s);
  }
  return 0;
}

typedef struct {
  const char *want;
  int listens, elsewhere;
} listen_count_t;

static void count_listen(uint32_t code, const uint8_t *body, size_t len, void *ctx) {
  listen_count_t *c = ctx;
  if (code != BTX_EVENT_LISTEN_SUCCEEDED) return;
  c->listens++;
  btxd_field f;
  if (!btxd_get(body, len, BTX_EVKEY_ENDPOINT, &f) || f.len != strlen(c->want) || memcmp(f.value, c->want, f.len) != 0) {
    printf("listened on %.*s, not %s\n", (int)f.len, (const char *)f.value, c->want);
    c->elsewhere++;
  }
}

/* Every listenSucceeded event for `ms`: how many, and how many not on `want`. */
static void listens_for(int s, int ms, const char *want, int *listens, int *elsewhere) {
  listen_count_t c = {want, 0, 0};
  static evlog_t log;
  log.on_event = count_listen;
  log.ctx = &c;
  for (long long until = now_ms() + ms; now_ms() < until; sleep_ms(50)) drain_once(s, &log);
  log.on_event = NULL;
  *listens = c.listens;
  *elsewhere = c.elsewhere;
}

/* A durable session is born with its stored settings under the host's:
 * it never listens where neither says, not even for a moment (before, a
 * plain open listened on libtorrent's 0.0.0.0:6881 and a reopen on the
 * previous port until the stored and then the host's settings applied). */
static int test_listen_born(void) {
  const char *state = path_in("listen.btx");
  int p1 = free_port(), p2 = free_port();
  while (p2 == p1) p2 = free_port();
  char items[128], want[64];
  int listens, elsewhere;

  snprintf(items, sizeof items, "listen_interfaces=127.0.0.1:%d\n", p1);
  int s = btx_session_open_with(state, items);
  REQUIRE(s > 0, "open: %s", last_err());
  snprintf(want, sizeof want, "127.0.0.1:%d", p1);
  listens_for(s, 1500, want, &listens, &elsewhere);
  CHECK(listens >= 1 && elsewhere == 0, "first open: listens on %s only (%d, %d elsewhere)", want, listens, elsewhere);
  btx_session_free(s);

  s = btx_session_open(state);
  REQUIRE(s > 0, "plain reopen: %s", last_err());
  listens_for(s, 1500, want, &listens, &elsewhere);
  CHECK(listens >= 1 && elsewhere == 0, "plain reopen: the stored %s only, never libtorrent's default (%d, %d elsewhere)", want,
        listens, elsewhere);
  CHECK(btx_listen_port(s) == p1, "port %d", btx_listen_port(s));
  btx_session_free(s);

  snprintf(items, sizeof items, "listen_interfaces=127.0.0.1:%d\n", p2);
  s = btx_session_open_with(state, items);
  REQUIRE(s > 0, "reopen with another port: %s", last_err());
  snprintf(want, sizeof want, "127.0.0.1:%d", p2);
  listens_for(s, 1500, want, &listens, &elsewhere);
  CHECK(listens >= 1 && elsewhere == 0, "the host's %s wins from birth, the stored port never opens (%d, %d elsewhere)", want,
        listens, elsewhere);
  btx_session_free(s);
  return 0;
}

/* The periodic save writes what moved: a seed that does nothing is not
 * rewritten every interval (libtorrent marks it need_save_resume every
 * second all the same), only every 10 intervals for its time counters. */
static long long g_last_save_ms;
static void say_save(uint32_t code, const uint8_t *body, size_t len, void *ctx) {
  (void)body;
  (void)len;
  if (code != BTX_EVENT_RESUME_DATA_READY) return;
  g_last_save_ms = now_ms() - *(long long *)ctx;
  say("resume saved at %lld ms", g_last_save_ms);
}

static int test_idle_saves(void) {
  const char *state = path_in("idle.db");
  mkdirs(path_in("idle"));
  write_random_file(path_in("idle/c.bin"), 100000, 3);
  int len = 0;
  uint8_t *tc = create_torrent(path_in("idle/c.bin"), 16384, "", &len);
  REQUIRE(tc, "create");
  reset_log();
  int s = open_loopback(state, "btx_resume_save_interval=1\n");
  REQUIRE(s > 0, "open: %s", last_err());
  long long t0 = now_ms();
  int t = btx_add_torrent_file(s, tc, len, path_in("idle"));
  REQUIRE(t > 0, "add: %s", last_err());
  g_log.on_event = say_save;
  g_log.ctx = &t0;
  for (long long until = now_ms() + 12500; now_ms() < until; sleep_ms(20)) drain_once(s, &g_log);
  g_log.on_event = NULL;
  status_t st;
  CHECK(get_status(t, &st) && st_int(&st, BTX_STATUS_IS_SEEDING), "the torrent seeds");
  int saves = g_log.counts[BTX_EVENT_RESUME_DATA_READY];
  say("%d resume saves in %lld ms of an idle seed with a 1 s interval", saves, now_ms() - t0);
  /* on finishing, and at the 10th interval for its time counters */
  CHECK(saves >= 2 && saves <= 4, "an idle seed is saved a few times in 12 intervals, not each interval (%d)", saves);
  CHECK(g_last_save_ms >= 9000, "its time counters are saved at the 10th interval (last save at %lld ms)", g_last_save_ms);
  btx_session_free(s);
  free(tc);
  return 0;
}

/* A restored torrent's status says what its resume data has from the moment
 * it is back, also while libtorrent checks that resume data (its own status
 * then says 0 bytes). Many torrents, so that checks queue up: without the
 * provisional status kept, 2825 of 168,887 reads said 0 bytes here. */
static int test_restore_progress(void) {
  enum { N = 2000 };
  char state[300];
  snprintf(state, sizeof state, "%s", path_in("many.db"));
  mkdirs(path_in("many"));
  /* libtorrent's queue would check and start them a few at a time */
  static const char active[] = "active_seeds=1000\nactive_limit=1000\nactive_checking=64\n";
  int s = open_loopback(state, active);
  REQUIRE(s > 0, "open: %s", last_err());
  int added = 0;
  for (int i = 0; i < N; i++) {
    char f[300];
    snprintf(f, sizeof f, "%s/f%04d.bin", path_in("many"), i);
    write_random_file(f, 20000, 100 + (uint64_t)i);
    int len = 0;
    uint8_t *t = create_torrent(f, 16384, "", &len);
    added += t && btx_add_torrent_file(s, t, len, path_in("many")) > 0;
    free(t);
  }
  REQUIRE(added == N, "%d of %d added: %s", added, N, last_err());
  static uint8_t buf[1 << 20];
  int seeding = 0;
  for (long long until = now_ms() + 60000; now_ms() < until && seeding < N; sleep_ms(50)) {
    drain_once(s, &g_log);
    seeding = 0;
    int n = btx_status_all(s, "isSeeding", buf, (int)sizeof buf);
    btxd_reader r = btxd_make(buf, n > 0 ? (size_t)n : 0);
    uint32_t cnt = n > 0 ? btxd_list_begin(&r) : 0;
    btxd_reader item;
    for (uint32_t i = 0; i < cnt && btxd_list_next(&r, &item); i++) {
      btxd_field f[4];
      int nf = btxd_record(&item, f, 4);
      seeding += btxd_int(f, nf, BTX_STATUS_IS_SEEDING) == 1;
    }
  }
  REQUIRE(seeding == N, "all %d seed (%d)", N, seeding);
  CHECK(btx_store_flush(s, 20000) == BTX_OK, "flush: %s", last_err());
  btx_session_free(s);

  reset_log();
  s = open_loopback(state, active);
  REQUIRE(s > 0, "reopen: %s", last_err());
  long long reads = 0, zero = 0, short_lists = 0;
  seeding = 0;
  for (long long until = now_ms() + 60000; now_ms() < until && seeding < N; sleep_ms(2)) {
    drain_once(s, &g_log);
    int have = btx_torrent_count(s);
    int n = btx_status_all(s, "state,totalDone", buf, (int)sizeof buf);
    btxd_reader r = btxd_make(buf, n > 0 ? (size_t)n : 0);
    uint32_t cnt = n > 0 ? btxd_list_begin(&r) : 0;
    /* every torrent back has its status at once (none left out) */
    short_lists += (int)cnt < have;
    btxd_reader item;
    seeding = 0;
    for (uint32_t i = 0; i < cnt && btxd_list_next(&r, &item); i++) {
      btxd_field f[4];
      int nf = btxd_record(&item, f, 4);
      reads++;
      zero += btxd_int(f, nf, BTX_STATUS_TOTAL_DONE) == 0;
      seeding += btxd_int(f, nf, BTX_STATUS_STATE) == 5;
    }
  }
  say("%lld status records read during the restore of %d seeds, %lld of them with 0 bytes", reads, N, zero);
  CHECK(seeding == N, "all %d seed again (%d)", N, seeding);
  CHECK(reads > 0 && zero == 0, "no restored seed ever reads 0 bytes (%lld of %lld)", zero, reads);
  CHECK(short_lists == 0, "btx_status_all always lists every torrent that is back (%lld lists were short)", short_lists);
  btx_session_free(s);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 3 && strcmp(argv[1], "child-open") == 0) return child_open(argv[2]);
  if (argc >= 5 && strcmp(argv[1], "child-adds") == 0) return child_adds(argv[2], argv[3], (unsigned)atoi(argv[4]));
  srand((unsigned)time(NULL));
  if (test_refusals() || test_one_session(argv[0]) || test_restart() || test_idle_saves() || test_restore_progress() || test_listen_born() ||
      test_kill_during_adds(argv[0]))
    return done();
  cleanup_tmp();
  return done();
}
