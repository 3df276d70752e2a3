/* Control and inspection, each checked for its effect on real transfers
 * over 127.0.0.1: file priorities, per-torrent limits, the peer and file
 * lists, bitfield and availability, flags, queue, recheck, move storage,
 * trackers and web-seed lists, piece deadlines and priorities. */
#include "harness.h"

#define A_SIZE 3000000  /* not piece-aligned: a v2/hybrid torrent gets a pad file */
#define B_SIZE 4194304

static int wait_file_done(int s, int t, int file, long long size, int timeout_ms) {
  list_t l = {0};
  for (long long until = now_ms() + timeout_ms; now_ms() < until; sleep_ms(20)) {
    drain_once(s, &g_log);
    if (get_list(btx_file_list, t, &l) > file && li_int(&l, file, BTX_FILE_PROGRESS) == size) {
      free(l.buf);
      return 1;
    }
  }
  free(l.buf);
  return 0;
}

int main(void) {
  char text[512], want[512];
  list_t l = {0};
  status_t st;
  mkdirs(path_in("seed/pack"));
  mkdirs(path_in("leech"));
  mkdirs(path_in("moved"));
  write_random_file(path_in("seed/pack/a.bin"), A_SIZE, 11);
  write_random_file(path_in("seed/pack/b.bin"), B_SIZE, 12);
  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("seed/pack"), 16384, "", &tlen);
  REQUIRE(tor, "create (folder)");

  int a = loopback_session(), b = loopback_session();
  int ta = btx_add_torrent_file(a, tor, tlen, path_in("seed"));
  REQUIRE(ta > 0 && wait_seeding(a, ta, 60000), "seed");
  int port_a = btx_listen_port(a);

  /* file list: two files, pad file hidden, right paths and sizes */
  REQUIRE(get_list(btx_file_list, ta, &l) == 2, "two files listed (got %d)", l.nitems);
  CHECK(strcmp(li_text(&l, 0, BTX_FILE_PATH, text, sizeof text), "pack/a.bin") == 0, "path 0 %s", text);
  CHECK(strcmp(li_text(&l, 1, BTX_FILE_PATH, text, sizeof text), "pack/b.bin") == 0, "path 1 %s", text);
  CHECK(li_int(&l, 0, BTX_FILE_SIZE) == A_SIZE && li_int(&l, 1, BTX_FILE_SIZE) == B_SIZE, "sizes");
  CHECK(li_int(&l, 0, BTX_FILE_PROGRESS) == A_SIZE && li_int(&l, 0, BTX_FILE_PRIORITY) == 4, "seed file 0 complete, normal priority");

  /* leech added paused; file 0 skipped; only file 1 downloads */
  int tb = btx_add_torrent_file_ex(b, tor, tlen, path_in("leech"), "16", "48");
  REQUIRE(tb > 0, "leech");
  CHECK(get_list(btx_file_list, tb, &l) == 2 && li_int(&l, 1, BTX_FILE_PROGRESS) == 0, "leech file list");
  CHECK(btx_set_file_priority(tb, 0, 0) == BTX_OK, "priority 0");
  CHECK(btx_set_file_priority(tb, 2, 4) == BTX_ERR_INVALID_ARG, "file index 2 (the pad's) refused");
  CHECK(btx_set_file_priority(tb, 0, 8) == BTX_ERR_INVALID_ARG, "priority 8 refused");
  /* libtorrent applies file priorities through its disk thread: poll */
  int prio_back = 0;
  for (long long until = now_ms() + 5000; !prio_back && now_ms() < until; sleep_ms(20))
    prio_back = get_list(btx_file_list, tb, &l) == 2 && li_int(&l, 0, BTX_FILE_PRIORITY) == 0;
  CHECK(prio_back, "priority reads back 0");
  int finished_before = g_log.counts[BTX_EVENT_TORRENT_FINISHED];
  CHECK(btx_resume(tb) == BTX_OK, "resume");
  CHECK(btx_connect_peer(tb, "127.0.0.1", port_a) == BTX_OK, "connect");

  /* the peer list shows the seed's endpoint */
  snprintf(want, sizeof want, "127.0.0.1:%d", port_a);
  int seen_peer = 0;
  for (long long until = now_ms() + 20000; !seen_peer && now_ms() < until; sleep_ms(20))
    if (get_list(btx_peer_list, tb, &l) >= 1 && strcmp(li_text(&l, 0, BTX_PEER_ENDPOINT, text, sizeof text), want) == 0)
      seen_peer = 1;
  CHECK(seen_peer, "peer list shows %s (last: %s)", want, text);
  get_status(tb, &st);
  int npieces = (int)st_int(&st, BTX_STATUS_NUM_PIECES);
  REQUIRE(wait_file_done(b, tb, 1, B_SIZE, 60000), "file 1 completes");
  for (long long until = now_ms() + 10000; g_log.counts[BTX_EVENT_TORRENT_FINISHED] == finished_before && now_ms() < until; sleep_ms(20))
    drain_once(b, &g_log);
  CHECK(g_log.counts[BTX_EVENT_TORRENT_FINISHED] > finished_before, "finished with file 0 skipped");
  CHECK(g_log.counts[BTX_EVENT_FILE_COMPLETED] >= 1 && g_log.last_torrent[BTX_EVENT_FILE_COMPLETED] == tb, "fileCompleted");
  {
    btxd_reader r = btxd_make(g_log.last_body[BTX_EVENT_FILE_COMPLETED], g_log.last_len[BTX_EVENT_FILE_COMPLETED]);
    btxd_field f[BTXD_MAX_FIELDS];
    int n = btxd_record(&r, f, BTXD_MAX_FIELDS);
    CHECK(btxd_int(f, n, BTX_EVKEY_PIECE) == 1, "fileCompleted names host file index 1");
  }
  get_list(btx_file_list, tb, &l);
  CHECK(li_int(&l, 0, BTX_FILE_PROGRESS) == 0, "skipped file got %lld bytes", li_int(&l, 0, BTX_FILE_PROGRESS));
  CHECK(same_file(path_in("seed/pack/b.bin"), path_in("leech/pack/b.bin")), "file 1 bytes");
  get_status(tb, &st);
  CHECK(st_int(&st, BTX_STATUS_IS_FINISHED) == 1 && st_int(&st, BTX_STATUS_TOTAL_WANTED) < A_SIZE + B_SIZE, "finished, wanted excludes file 0");
  /* bitfield: the pieces of file 1 only */
  uint8_t bits[1024];
  int nb = btx_piece_bitfield(tb, bits, sizeof bits);
  CHECK(nb == (npieces + 7) / 8, "bitfield bytes %d", nb);
  int have = count_bits(bits, nb);
  CHECK(have == (B_SIZE + 16383) / 16384, "have %d pieces (file 1 is %d)", have, (B_SIZE + 16383) / 16384);
  CHECK((bits[0] & 0x80) == 0 && (bits[nb - 1] & (0x80 >> ((npieces - 1) % 8))) != 0, "MSB first: piece 0 missing, last piece present");

  /* bulk priorities: both files on; everything arrives */
  uint8_t prios[2] = {7, 1};
  CHECK(btx_set_file_priorities(tb, prios, 2) == BTX_OK, "bulk");
  uint8_t bad[3] = {1, 1, 1};
  CHECK(btx_set_file_priorities(tb, bad, 3) == BTX_ERR_INVALID_ARG, "3 priorities for 2 files");
  uint8_t bad2[1] = {9};
  CHECK(btx_set_file_priorities(tb, bad2, 1) == BTX_ERR_INVALID_ARG, "priority 9");
  CHECK(wait_file_done(b, tb, 0, A_SIZE, 60000), "file 0 completes");
  CHECK(same_file(path_in("seed/pack/a.bin"), path_in("leech/pack/a.bin")), "file 0 bytes");
  int bulk_back = 0;
  for (long long until = now_ms() + 5000; !bulk_back && now_ms() < until; sleep_ms(20))
    bulk_back = get_list(btx_file_list, tb, &l) == 2 && li_int(&l, 0, BTX_FILE_PRIORITY) == 7 && li_int(&l, 1, BTX_FILE_PRIORITY) == 1;
  CHECK(bulk_back, "bulk priorities read back");
  nb = btx_piece_bitfield(tb, bits, sizeof bits);
  CHECK(count_bits(bits, nb) == npieces, "all pieces now");


  /* per-torrent download limit on a fresh leech: the measured rate stays
   * under the cap, and "0" lifts it */
  int c = loopback_session();
  mkdirs(path_in("slow"));
  int tc = btx_add_torrent_file_ex(c, tor, tlen, path_in("slow"), "0", "48");
  REQUIRE(tc > 0, "limited leech");
  CHECK(btx_set_torrent_limits(tc, "400000", "0") == BTX_OK, "limit");
  btx_connect_peer(tc, "127.0.0.1", port_a);
  long long d0 = -1, t0 = 0;
  for (long long until = now_ms() + 20000; now_ms() < until; sleep_ms(50)) {
    get_status(tc, &st);
    if (st_int(&st, BTX_STATUS_TOTAL_DONE) > 0) {
      d0 = st_int(&st, BTX_STATUS_TOTAL_DONE);
      t0 = now_ms();
      break;
    }
  }
  REQUIRE(d0 >= 0, "limited leech started");
  uint8_t avail[4096];
  int na = 0, all_one = 0;
  /* and the seed's list shows the leech */
  int seed_sees = 0;
  for (long long until = now_ms() + 10000; !seed_sees && now_ms() < until; sleep_ms(20))
    seed_sees = get_list(btx_peer_list, ta, &l) >= 1 && strncmp(li_text(&l, 0, BTX_PEER_ENDPOINT, text, sizeof text), "127.0.0.1:", 10) == 0;
  CHECK(seed_sees, "seed sees the leech (%s)", text);
  /* availability while the capped download runs: the seed has every piece */
  for (long long until = now_ms() + 10000; !all_one && now_ms() < until; sleep_ms(20)) {
    na = btx_piece_availability(tc, avail, sizeof avail);
    all_one = na == npieces;
    for (int i = 0; i < na; i++) all_one &= avail[i] == 1;
  }
  CHECK(na == npieces, "availability bytes %d for %d pieces", na, npieces);
  CHECK(all_one, "each piece available from exactly the one seed (%d %d %d .. %d)", avail[0], avail[1], avail[2], na > 0 ? avail[na - 1] : -1);

  sleep_ms(4000 - (int)(now_ms() - t0 < 4000 ? now_ms() - t0 : 0));
  get_status(tc, &st);
  double rate = (double)(st_int(&st, BTX_STATUS_TOTAL_DONE) - d0) * 1000.0 / (double)(now_ms() - t0);
  printf("download limit 400000 B/s: measured %.0f B/s\n", rate);
  CHECK(rate > 50000 && rate < 400000 * 1.5, "rate %.0f outside the cap", rate);
  CHECK(btx_set_torrent_limits(tc, "0", "0") == BTX_OK, "lift");
  t0 = now_ms();
  CHECK(wait_event(c, BTX_EVENT_TORRENT_FINISHED, tc, 60000), "finishes once lifted");
  printf("after lifting: finished in %lld ms\n", now_ms() - t0);

  /* flags: set with mask, unset; status flags follow */
  char f[32];
  snprintf(f, sizeof f, "%llu", (unsigned long long)BTX_FLAG_SEQUENTIAL_DOWNLOAD);
  CHECK(btx_set_torrent_flags(tb, f, f) == BTX_OK, "sequential on");
  get_status(tb, &st);
  CHECK(st_int(&st, BTX_STATUS_FLAGS) & BTX_FLAG_SEQUENTIAL_DOWNLOAD, "flag set");
  CHECK(btx_unset_torrent_flags(tb, f) == BTX_OK, "sequential off");
  get_status(tb, &st);
  CHECK(!(st_int(&st, BTX_STATUS_FLAGS) & BTX_FLAG_SEQUENTIAL_DOWNLOAD), "flag cleared");
  snprintf(f, sizeof f, "%llu", (unsigned long long)BTX_FLAG_UPLOAD_MODE);
  CHECK(btx_set_torrent_flags(tb, f, f) == BTX_OK && (get_status(tb, &st), st_int(&st, BTX_STATUS_FLAGS) & BTX_FLAG_UPLOAD_MODE), "upload mode");
  CHECK(btx_set_torrent_flags(tb, "0", f) == BTX_OK && (get_status(tb, &st), !(st_int(&st, BTX_STATUS_FLAGS) & BTX_FLAG_UPLOAD_MODE)), "mask clears");
  CHECK(btx_set_torrent_flags(tb, "x", "1") == BTX_ERR_INVALID_ARG, "bad flags");

  /* limits, connections, uploads, deadlines, piece priority: values checked */
  CHECK(btx_set_max_connections(tb, 50) == BTX_OK && btx_set_max_connections(tb, -1) == BTX_OK, "max conns");
  CHECK(btx_set_max_connections(tb, 1) == BTX_ERR_INVALID_ARG, "max conns 1");
  CHECK(btx_set_max_uploads(tb, 4) == BTX_OK && btx_set_max_uploads(tb, -2) == BTX_ERR_INVALID_ARG, "max uploads");
  CHECK(btx_set_piece_deadline(tb, 0, 1000) == BTX_OK, "deadline");
  CHECK(btx_set_piece_deadline(tb, npieces, 1000) == BTX_ERR_INVALID_ARG, "deadline past the end");
  CHECK(btx_set_piece_deadline(tb, 0, -1) == BTX_ERR_INVALID_ARG, "negative deadline");
  CHECK(btx_clear_piece_deadlines(tb) == BTX_OK, "clear deadlines");
  CHECK(btx_set_piece_priority(tb, 0, 7) == BTX_OK && btx_set_piece_priority(tb, -1, 1) == BTX_ERR_INVALID_ARG, "piece priority");
  CHECK(btx_torrent_clear_error(tb) == BTX_OK, "clear error");

  /* trackers and web seeds: edits show in the lists */
  CHECK(btx_add_tracker(tb, "http://127.0.0.1:9/announce", 2) == BTX_OK, "add tracker");
  CHECK(btx_add_tracker(tb, "", 0) == BTX_ERR_INVALID_ARG && btx_add_tracker(tb, "http://x/", 300) == BTX_ERR_INVALID_ARG, "bad tracker args");
  CHECK(get_list(btx_trackers, tb, &l) == 1, "one tracker");
  CHECK(strcmp(li_text(&l, 0, BTX_TRACKER_URL, text, sizeof text), "http://127.0.0.1:9/announce") == 0 && li_int(&l, 0, BTX_TRACKER_TIER) == 2, "tracker %s", text);
  CHECK(btx_add_url_seed(tb, "http://127.0.0.1:9/a/") == BTX_OK && btx_add_url_seed(tb, "http://127.0.0.1:9/b/") == BTX_OK, "add web seeds");
  CHECK(get_list(btx_url_seeds, tb, &l) == 2, "two web seeds (%d)", l.nitems);
  CHECK(btx_remove_url_seed(tb, "http://127.0.0.1:9/a/") == BTX_OK, "remove web seed");
  CHECK(get_list(btx_url_seeds, tb, &l) == 1 && strcmp(li_text(&l, 0, BTX_URLSEED_URL, text, sizeof text), "http://127.0.0.1:9/b/") == 0, "left: %s", text);
  btx_remove_url_seed(tb, "http://127.0.0.1:9/b/");

  /* queue: auto-managed downloads have positions; top moves one first */
  int q = loopback_session();
  int qt[3];
  for (int i = 0; i < 3; i++) {
    char uri[128];
    snprintf(uri, sizeof uri, "magnet:?xt=urn:btih:%040d", i + 1);
    qt[i] = btx_add_magnet(q, uri, path_in("q"));
    CHECK(qt[i] > 0, "queued magnet %d", i);
  }
  CHECK(btx_queue_position(qt[0]) == 0 && btx_queue_position(qt[2]) == 2, "positions %d %d", btx_queue_position(qt[0]), btx_queue_position(qt[2]));
  CHECK(btx_queue_move(qt[2], 2) == BTX_OK && btx_queue_position(qt[2]) == 0 && btx_queue_position(qt[0]) == 1, "top");
  CHECK(btx_queue_move(qt[2], 1) == BTX_OK && btx_queue_position(qt[2]) == 1, "down");
  CHECK(btx_queue_move(qt[2], 3) == BTX_OK && btx_queue_position(qt[2]) == 2, "bottom");
  CHECK(btx_queue_move(qt[2], 0) == BTX_OK && btx_queue_position(qt[2]) == 1, "up");
  CHECK(btx_queue_move(qt[2], 4) == BTX_ERR_INVALID_ARG, "bad op");
  CHECK(btx_queue_position(ta) == -1, "a seed is not queued");
  CHECK(btx_queue_position(0) == -1 && btx_queue_position(-5) == -1, "stale -> -1");
  CHECK(get_list(btx_file_list, qt[0], &l) == 0, "no metadata, empty file list");
  CHECK(btx_piece_bitfield(qt[0], bits, sizeof bits) == 0, "no metadata, empty bitfield");
  CHECK(btx_set_file_priority(qt[0], 0, 1) == BTX_ERR_INVALID_ARG, "no metadata, no file priority");
  btx_session_free(q);

  /* force recheck: the torrent re-enters checking, then seeds again */
  int before = g_log.states_seen[slot_of(ta)][1];
  CHECK(btx_force_recheck(ta) == BTX_OK, "recheck");
  CHECK(wait_seeding(a, ta, 30000), "seeding after recheck");
  drain_once(a, &g_log);
  CHECK(g_log.states_seen[slot_of(ta)][1] > before, "a checking state was seen");

  /* session pause/resume */
  CHECK(btx_session_pause(a) == BTX_OK && btx_session_is_paused(a) == 1, "session paused");
  CHECK(btx_session_resume(a) == BTX_OK && btx_session_is_paused(a) == 0, "session resumed");

  /* move storage: files land in the new folder; the torrent keeps seeding */
  CHECK(btx_move_storage(tb, path_in("moved")) == BTX_OK, "move");
  CHECK(wait_event(b, BTX_EVENT_STORAGE_MOVED, tb, 20000), "storageMoved");
  CHECK(same_file(path_in("seed/pack/a.bin"), path_in("moved/pack/a.bin")) &&
            same_file(path_in("seed/pack/b.bin"), path_in("moved/pack/b.bin")), "moved bytes");
  CHECK(access(path_in("leech/pack/b.bin"), F_OK) != 0, "old copy gone");
  get_status(tb, &st);
  CHECK(strcmp(btxd_text(st.f, st.n, BTX_STATUS_SAVE_PATH, text, sizeof text), path_in("moved")) == 0, "savePath %s", text);
  CHECK(btx_resume(tb) == BTX_OK && wait_seeding(b, tb, 10000), "still seeding after the move");
  CHECK(btx_move_storage(tb, "") == BTX_ERR_INVALID_ARG, "empty path");
  CHECK(btx_force_reannounce(tb) == BTX_OK && btx_scrape_tracker(tb) == BTX_OK, "reannounce/scrape accepted");

  free(l.buf);
  free(tor);
  btx_session_free(a);
  btx_session_free(b);
  btx_session_free(c);
  cleanup_tmp();
  return done();
}
