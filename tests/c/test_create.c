/* Creating torrents asynchronously (issue 12.4): progress events from a
 * thread of ours while the host keeps polling, the finished .torrent equal
 * byte for byte to the synchronous creation with the same options, two jobs
 * at once, a failure reported as an event, cancel in the middle of 400 MiB
 * of sparse content, and a session freed under a running job. */
#include "beyond.h"

#include <fcntl.h>

typedef struct {
  int job;
  int progress_events;
  long long last_done, total, max_done;
  int monotonic;
  int finished, failed, cancelled;
  uint8_t *torrent;
  int torrent_len;
  char error[512];
  char v1[64], v2[80];
  long long finished_pieces;
} job_t;

static job_t g_jobs[8];
static int g_njobs;
static int g_other_events;

static job_t *job_of(int id) {
  for (int i = 0; i < g_njobs; i++)
    if (g_jobs[i].job == id) return &g_jobs[i];
  return NULL;
}

static void on_event(uint32_t code, btxd_field *f, int n, void *ctx) {
  (void)ctx;
  if (code < BTX_EVENT_CREATE_PROGRESS || code > BTX_EVENT_CREATE_FAILED) {
    g_other_events++;
    return;
  }
  job_t *j = job_of((int)btxd_int(f, n, BTX_META_JOB));
  if (!j) {
    CHECK(0, "an event for an unknown job %lld", btxd_int(f, n, BTX_META_JOB));
    return;
  }
  if (code == BTX_EVENT_CREATE_PROGRESS) {
    long long done_ = btxd_int(f, n, BTX_META_PIECES_DONE);
    if (done_ < j->last_done) j->monotonic = 0;
    j->last_done = done_;
    j->total = btxd_int(f, n, BTX_STATUS_NUM_PIECES);
    j->progress_events++;
  } else if (code == BTX_EVENT_CREATE_FINISHED) {
    const btxd_field *t = btxd_find(f, n, BTX_META_TORRENT_FILE);
    j->finished++;
    if (t) {
      j->torrent = malloc(t->len);
      memcpy(j->torrent, t->value, t->len);
      j->torrent_len = (int)t->len;
    }
    btxd_text(f, n, BTX_STATUS_INFO_HASH_V1, j->v1, sizeof j->v1);
    btxd_text(f, n, BTX_STATUS_INFO_HASH_V2, j->v2, sizeof j->v2);
    j->finished_pieces = btxd_int(f, n, BTX_STATUS_NUM_PIECES);
  } else {
    j->failed++;
    j->cancelled = (int)btxd_int(f, n, BTX_META_CANCELLED);
    btxd_text(f, n, BTX_EVKEY_ERROR_MESSAGE, j->error, sizeof j->error);
  }
}

static job_t *start(int s, const char *options) {
  int id = btx_create_start(s, options);
  if (id <= 0 || g_njobs >= 8) return NULL;
  job_t *j = &g_jobs[g_njobs++];
  memset(j, 0, sizeof *j);
  j->job = id;
  j->monotonic = 1;
  return j;
}

static int wait_job(int s, job_t *j, int timeout_ms) {
  for (long long until = now_ms() + timeout_ms; now_ms() < until; sleep_ms(10)) {
    drain_all(s, on_event, NULL);
    if (j->finished || j->failed) return 1;
  }
  return 0;
}

int main(void) {
  int s = loopback_session();
  REQUIRE(s > 0, "session");
  char dir[512];
  snprintf(dir, sizeof dir, "%s", path_in("c/folder"));
  mkdirs(dir);
  char p[600];
  for (int i = 0; i < 4; i++) {
    snprintf(p, sizeof p, "%s/part%d.bin", dir, i);
    write_random_file(p, 3000000 + (size_t)i * 1111, (uint64_t)i + 40);
  }

  /* async = sync, byte for byte, with progress on the way */
  char opts[1024];
  snprintf(opts, sizeof opts, "path=%s\npieceSize=16384\ncreationDate=1700000000\ncreator=async\ntracker=http://127.0.0.1:1/a\n", dir);
  job_t *a = start(s, opts);
  REQUIRE(a && a->job > 0, "btx_create_start (%s)", last_err());
  CHECK(wait_job(s, a, 60000), "the job ended");
  CHECK(a->finished == 1 && a->failed == 0, "createFinished (%s)", a->error);
  CHECK(a->progress_events >= 1 && a->monotonic, "%d progress events, in order", a->progress_events);
  CHECK(a->total > 700 && a->last_done == a->total, "the last progress says %lld of %lld", a->last_done, a->total);
  CHECK(a->finished_pieces == a->total, "createFinished's numPieces");
  CHECK(a->progress_events < a->total, "progress is throttled (%d events for %lld pieces)", a->progress_events, a->total);
  int slen = 0;
  uint8_t *sync = create_with(opts, &slen);
  CHECK(sync && a->torrent && slen == a->torrent_len && memcmp(sync, a->torrent, (size_t)slen) == 0, "the same .torrent as btx_create_torrent_with (%d vs %d bytes)", slen, a->torrent_len);
  rec_t m = {0};
  CHECK(rec_metainfo(&m, a->torrent, a->torrent_len), "the result reads back");
  CHECK(strcmp(rec_text(&m, BTX_STATUS_INFO_HASH_V1), a->v1) == 0 && strcmp(rec_text(&m, BTX_STATUS_INFO_HASH_V2), a->v2) == 0, "the event's hashes are the torrent's");
  CHECK(strcmp(rec_text(&m, BTX_META_CREATOR), "async") == 0 && rec_int(&m, BTX_META_CREATION_DATE) == 1700000000, "options applied");
  /* the result can be seeded from the folder it was made of */
  char save[600];
  snprintf(save, sizeof save, "savePath=%s", path_in("c"));
  int t = btx_add(s, save, a->torrent, a->torrent_len);
  CHECK(t > 0 && wait_seeding(s, t, 30000), "the created torrent checks complete against its content");
  free(sync);

  /* two jobs at once; a job that fails; a finished job cannot be cancelled */
  snprintf(opts, sizeof opts, "path=%s/part1.bin\ntype=v1", dir);
  job_t *b = start(s, opts);
  snprintf(opts, sizeof opts, "path=%s/part2.bin\ntype=v2", dir);
  job_t *c = start(s, opts);
  snprintf(opts, sizeof opts, "path=%s/missing", dir);
  job_t *bad = start(s, opts);
  REQUIRE(b && c && bad, "three more jobs");
  CHECK(b->job != c->job && c->job != bad->job && b->job != a->job, "job ids differ");
  CHECK(wait_job(s, b, 60000) && wait_job(s, c, 60000) && wait_job(s, bad, 60000), "all end");
  CHECK(b->finished == 1 && c->finished == 1, "both finished");
  rec_t mb = {0}, mc = {0};
  CHECK(rec_metainfo(&mb, b->torrent, b->torrent_len) && rec_text(&mb, BTX_STATUS_INFO_HASH_V2)[0] == 0, "job b made a v1 torrent");
  CHECK(rec_metainfo(&mc, c->torrent, c->torrent_len) && rec_text(&mc, BTX_STATUS_INFO_HASH_V1)[0] == 0, "job c made a v2 torrent");
  CHECK(bad->failed == 1 && bad->cancelled == 0 && strstr(bad->error, "no files found"), "a failure is an event: %s", bad->error);
  btx_clear_error();
  CHECK(btx_create_cancel(s, a->job) == BTX_ERR_INVALID_ARG && strstr(last_err(), "no creation job"), "a finished job: %s", last_err());
  CHECK(btx_create_cancel(s, 0) == BTX_ERR_INVALID_ARG && btx_create_cancel(s, -5) == BTX_ERR_INVALID_ARG, "no such job");
  CHECK(btx_create_start(s, "type=v1") == 0 && strstr(last_err(), "path is missing"), "bad options: %s", last_err());
  CHECK(btx_create_start(s, NULL) == 0 && strstr(last_err(), "NULL"), "NULL options");
  CHECK(btx_create_start(t, opts) == 0 && btx_create_cancel(t, b->job) == BTX_ERR_BAD_HANDLE, "a torrent handle is not a session");

  /* cancel in the middle of 400 MiB of sparse content */
  snprintf(p, sizeof p, "%s", path_in("c/big.bin"));
  int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  REQUIRE(fd >= 0 && ftruncate(fd, 400LL << 20) == 0, "a 400 MiB sparse file");
  close(fd);
  snprintf(opts, sizeof opts, "path=%s\npieceSize=16384", p);
  job_t *big = start(s, opts);
  REQUIRE(big, "start the big job");
  /* let it hash 32 MiB first (of 400) */
  for (long long until = now_ms() + 30000; big->last_done < 2000 && !big->finished && now_ms() < until; sleep_ms(5))
    drain_all(s, on_event, NULL);
  CHECK(big->last_done >= 2000 && !big->finished, "progress before the cancel (%lld of %lld pieces)", big->last_done, big->total);
  long long at_cancel = big->last_done;
  long long t0 = now_ms();
  CHECK(btx_create_cancel(s, big->job) == BTX_OK, "cancel");
  CHECK(wait_job(s, big, 30000), "the cancelled job ends");
  long long took = now_ms() - t0;
  CHECK(big->failed == 1 && big->finished == 0 && big->cancelled == 1, "createFailed with cancelled 1: %s", big->error);
  CHECK(strstr(big->error, "cancelled") != NULL, "the message says so: %s", big->error);
  CHECK(big->total == 25600 && big->last_done < big->total, "stopped part-way: %lld of %lld (%lld at the cancel)", big->last_done, big->total, at_cancel);
  CHECK(took < 10000, "the hashing threads stopped promptly (%lld ms)", took);
  printf("cancelled after %lld of %lld pieces, in %lld ms\n", big->last_done, big->total, took);

  /* a session freed under a running job: the job stops, nothing is posted
   * anywhere, nothing crashes */
  int s2 = loopback_session();
  job_t *orphan = start(s2, opts);
  REQUIRE(orphan, "start on s2");
  sleep_ms(50);
  btx_session_free(s2);
  CHECK(btx_create_cancel(s2, orphan->job) == BTX_ERR_BAD_HANDLE, "the job's session is gone");
  sleep_ms(1500); /* the worker notices at its next piece and exits */
  CHECK(drain_all(s, on_event, NULL) >= 0 && orphan->finished == 0 && orphan->failed == 0, "no event of s2's job reached s");

  rec_free(&m);
  rec_free(&mb);
  rec_free(&mc);
  for (int i = 0; i < g_njobs; i++) free(g_jobs[i].torrent);
  btx_session_free(s);
  cleanup_tmp();
  return done();
}
