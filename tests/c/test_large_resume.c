/* A resume blob larger than 64 KiB (a torrent with many small pieces) must
 * round-trip byte-exact through the event record: it uses the 0xFFFF length
 * escape, and re-adding it reproduces the torrent (same info-hash, no
 * recheck), which a single changed byte of its info dict would break. */
#include "harness.h"

#define SIZE (48u << 20)

int main(void) {
  mkdirs(path_in("seed"));
  write_random_file(path_in("seed/many.bin"), SIZE, 3);
  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("seed/many.bin"), 16384, "", &tlen);
  REQUIRE(tor, "create");
  printf(".torrent with 16 KiB pieces: %d bytes\n", tlen);

  int s = loopback_session();
  int t = btx_add_torrent_file(s, tor, tlen, path_in("seed"));
  REQUIRE(t > 0, "add");
  status_t st;
  for (long long until = now_ms() + 60000; now_ms() < until;) {
    drain_once(s, &g_log);
    if (get_status(t, &st) && st_int(&st, BTX_STATUS_IS_SEEDING)) break;
    sleep_ms(20);
  }
  REQUIRE(st_int(&st, BTX_STATUS_IS_SEEDING), "seeding");
  char hash[64];
  btx_info_hash_hex(t, hash, sizeof hash);

  CHECK(btx_save_resume(t) == BTX_OK, "save");
  REQUIRE(wait_event(s, BTX_EVENT_RESUME_DATA_READY, t, 10000), "resumeDataReady");
  /* walk the raw event body by hand: the value's length uses the escape */
  const uint8_t *body = g_log.last_body[BTX_EVENT_RESUME_DATA_READY];
  size_t blen = g_log.last_len[BTX_EVENT_RESUME_DATA_READY];
  CHECK(blen > 65535, "event body %zu bytes", blen);
  btxd_reader r = btxd_make(body, blen);
  uint32_t count = btxd_u16(&r);
  const uint8_t *blob = NULL;
  uint32_t bloblen = 0;
  for (uint32_t i = 0; i < count && !r.bad; i++) {
    uint32_t id = btxd_u8(&r), type = btxd_u8(&r);
    const uint8_t *lenp = r.p;
    uint32_t len = btxd_len(&r);
    const uint8_t *v = btxd_take(&r, len);
    if (id == BTX_EVKEY_RESUME_DATA) {
      CHECK(type == BTX_TYPE_RAW, "type %u", type);
      CHECK(lenp[0] == 0xFF && lenp[1] == 0xFF, "escape marker");
      blob = v;
      bloblen = len;
    }
  }
  CHECK(!r.bad && r.p == r.end, "record consumed exactly");
  REQUIRE(blob && bloblen > 65535, "resume data of %u bytes (> 64 KiB)", bloblen);
  printf("resume data: %u bytes\n", bloblen);
  CHECK(blob[0] == 'd' && blob[bloblen - 1] == 'e', "bencoded dict");

  /* re-add in a fresh session: same torrent, seeding, no recheck */
  uint8_t *copy = malloc(bloblen);
  memcpy(copy, blob, bloblen);
  btx_session_free(s);
  int s2 = loopback_session();
  int t2 = btx_add_with_resume(s2, copy, (int)bloblen, "");
  REQUIRE(t2 > 0, "re-add");
  char hash2[64];
  CHECK(btx_info_hash_hex(t2, hash2, sizeof hash2) == 40 && strcmp(hash, hash2) == 0, "hash %s vs %s", hash, hash2);
  for (long long until = now_ms() + 30000; now_ms() < until;) {
    drain_once(s2, &g_log);
    if (get_status(t2, &st) && st_int(&st, BTX_STATUS_IS_SEEDING)) break;
    sleep_ms(20);
  }
  CHECK(st_int(&st, BTX_STATUS_IS_SEEDING) == 1, "seeding from resume");
  CHECK(st_int(&st, BTX_STATUS_NUM_PIECES) == SIZE / 16384, "pieces %lld", st_int(&st, BTX_STATUS_NUM_PIECES));
  drain_once(s2, &g_log);
  CHECK(g_log.states_seen[slot_of(t2)][1] == 0, "no full recheck");
  CHECK(g_log.counts[BTX_EVENT_FASTRESUME_REJECTED] == 0, "not rejected");

  free(copy);
  free(tor);
  btx_session_free(s2);
  cleanup_tmp();
  return done();
}
