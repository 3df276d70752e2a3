/* Every function of the ABI with bogus handles, NULLs, negative/zero caps and
 * malformed input: no crash, the documented result, a clear error text. */
#include "harness.h"

static const int bogus[] = {0, -1, -12345, 0x7fffffff, 1, 2, 3, 1048577};

#define EXPECT_ERR(call, code, needle)                                          \
  do {                                                                          \
    btx_clear_error();                                                          \
    int rc_ = (call);                                                           \
    CHECK(rc_ == (code), "%s returned %d, expected %d", #call, rc_, (int)(code)); \
    CHECK(strstr(last_err(), needle) != NULL, "%s: error text '%s' lacks '%s'", #call, last_err(), needle); \
  } while (0)

int main(void) {
  uint8_t buf[256];
  char text[256];
  static const char garbage_state[] = "this is not bencoded";

  /* a live session and a live torrent so that bogus handles are not simply
   * "no object exists at all" */
  int s = loopback_session();
  REQUIRE(s > 0, "session");
  mkdirs(path_in("d"));
  write_random_file(path_in("d/f.bin"), 300000, 7);
  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("d/f.bin"), 0, "", &tlen);
  REQUIRE(tor && tlen > 0, "create");
  int t = btx_add_torrent_file(s, tor, tlen, path_in("d"));
  REQUIRE(t > 0, "add");

  for (size_t i = 0; i < sizeof bogus / sizeof bogus[0]; i++) {
    int h = bogus[i];
    if (h == s || h == t) continue;
    CHECK(btx_set_int(h, "connections_limit", "10") == BTX_ERR_BAD_HANDLE, "set_int %d", h);
    CHECK(btx_set_bool(h, "enable_dht", 1) == BTX_ERR_BAD_HANDLE, "set_bool %d", h);
    CHECK(btx_set_str(h, "user_agent", "x") == BTX_ERR_BAD_HANDLE, "set_str %d", h);
    CHECK(btx_get_setting(h, "user_agent", text, sizeof text) == 0, "get_setting %d", h);
    CHECK(btx_set_encryption_policy(h, 1, 1, 3) == BTX_ERR_BAD_HANDLE, "enc %d", h);
    CHECK(btx_session_pause(h) == BTX_ERR_BAD_HANDLE, "session_pause %d", h);
    CHECK(btx_session_resume(h) == BTX_ERR_BAD_HANDLE, "session_resume %d", h);
    CHECK(btx_session_is_paused(h) == 0, "is_paused %d", h);
    CHECK(btx_listen_port(h) == 0, "listen_port %d", h);
    CHECK(btx_add_magnet(h, "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "/tmp") == 0, "magnet %d", h);
    CHECK(btx_add_magnet_ex(h, "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "/tmp", "0", "0") == 0, "magnet_ex %d", h);
    CHECK(btx_add_torrent_file(h, tor, tlen, "/tmp") == 0, "add_file %d", h);
    CHECK(btx_add_torrent_file_ex(h, tor, tlen, "/tmp", "0", "0") == 0, "add_file_ex %d", h);
    CHECK(btx_add_with_resume(h, tor, tlen, "/tmp") == 0, "add_resume %d", h);
    CHECK(btx_remove(h, t, 0) == BTX_ERR_BAD_HANDLE, "remove session %d", h);
    CHECK(btx_remove(s, h, 0) == BTX_ERR_BAD_HANDLE, "remove torrent %d", h);
    CHECK(btx_save_resume(h) == BTX_ERR_BAD_HANDLE, "save_resume %d", h);
    CHECK(btx_connect_peer(h, "127.0.0.1", 1) == BTX_ERR_BAD_HANDLE, "connect %d", h);
    CHECK(btx_pause(h) == BTX_ERR_BAD_HANDLE, "pause %d", h);
    CHECK(btx_resume(h) == BTX_ERR_BAD_HANDLE, "resume %d", h);
    CHECK(btx_set_torrent_limits(h, "0", "0") == BTX_ERR_BAD_HANDLE, "limits %d", h);
    CHECK(btx_torrent_status(h, buf, sizeof buf) == 0, "status %d", h);
    CHECK(btx_torrent_count(h) == 0, "count %d", h);
    CHECK(btx_torrent_handle_at(h, 0) == 0, "handle_at %d", h);
    CHECK(btx_info_hash_hex(h, text, sizeof text) == 0, "info_hash %d", h);
    CHECK(btx_find_torrent(h, "0123456789abcdef0123456789abcdef01234567") == 0, "find %d", h);
    CHECK(btx_pop_alerts(h, buf, sizeof buf) == 0, "pop %d", h);
    /* the rest of the v8 surface */
    CHECK(btx_force_recheck(h) == BTX_ERR_BAD_HANDLE && btx_force_reannounce(h) == BTX_ERR_BAD_HANDLE, "recheck/reannounce %d", h);
    CHECK(btx_torrent_clear_error(h) == BTX_ERR_BAD_HANDLE && btx_scrape_tracker(h) == BTX_ERR_BAD_HANDLE, "clear/scrape %d", h);
    CHECK(btx_move_storage(h, "/tmp") == BTX_ERR_BAD_HANDLE, "move %d", h);
    CHECK(btx_queue_position(h) == -1 && btx_queue_move(h, 0) == BTX_ERR_BAD_HANDLE, "queue %d", h);
    CHECK(btx_set_torrent_flags(h, "1", "1") == BTX_ERR_BAD_HANDLE && btx_unset_torrent_flags(h, "1") == BTX_ERR_BAD_HANDLE, "flags %d", h);
    CHECK(btx_set_max_connections(h, 10) == BTX_ERR_BAD_HANDLE && btx_set_max_uploads(h, 10) == BTX_ERR_BAD_HANDLE, "max %d", h);
    CHECK(btx_set_piece_deadline(h, 0, 10) == BTX_ERR_BAD_HANDLE && btx_clear_piece_deadlines(h) == BTX_ERR_BAD_HANDLE, "deadline %d", h);
    CHECK(btx_set_file_priority(h, 0, 1) == BTX_ERR_BAD_HANDLE && btx_set_file_priorities(h, "\1", 1) == BTX_ERR_BAD_HANDLE, "file prio %d", h);
    CHECK(btx_set_piece_priority(h, 0, 1) == BTX_ERR_BAD_HANDLE, "piece prio %d", h);
    CHECK(btx_piece_bitfield(h, buf, sizeof buf) == 0 && btx_piece_availability(h, buf, sizeof buf) == 0, "bits %d", h);
    CHECK(btx_peer_list(h, buf, sizeof buf) == 0 && btx_file_list(h, buf, sizeof buf) == 0, "lists %d", h);
    CHECK(btx_trackers(h, buf, sizeof buf) == 0 && btx_url_seeds(h, buf, sizeof buf) == 0, "tracker lists %d", h);
    CHECK(btx_add_tracker(h, "http://127.0.0.1:9/a", 0) == BTX_ERR_BAD_HANDLE, "add tracker %d", h);
    CHECK(btx_add_url_seed(h, "http://127.0.0.1:9/") == BTX_ERR_BAD_HANDLE && btx_remove_url_seed(h, "http://127.0.0.1:9/") == BTX_ERR_BAD_HANDLE, "url seed %d", h);
    CHECK(btx_ip_filter_add(h, "1.2.3.4", "1.2.3.5", 1) == BTX_ERR_BAD_HANDLE && btx_ip_filter_clear(h) == BTX_ERR_BAD_HANDLE, "filter %d", h);
    CHECK(btx_dht_announce(h, "0123456789abcdef0123456789abcdef01234567", 0) == BTX_ERR_BAD_HANDLE, "dht announce %d", h);
    CHECK(btx_dht_add_bootstrap(h, "127.0.0.1", 6881) == BTX_ERR_BAD_HANDLE, "bootstrap %d", h);
    CHECK(btx_dht_state(h, buf, sizeof buf) == 0 && btx_dht_save_state(h, buf, sizeof buf) == 0, "dht state %d", h);
    CHECK(btx_dht_load_state(h, "de", 2) == BTX_ERR_BAD_HANDLE, "dht load %d", h);
    CHECK(btx_dht_put_immutable(h, "x", 1, text, sizeof text) == 0, "put imm %d", h);
    CHECK(btx_dht_get_immutable(h, "0123456789abcdef0123456789abcdef01234567") == BTX_ERR_BAD_HANDLE, "get imm %d", h);
    CHECK(btx_dht_get_mutable(h, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "") == BTX_ERR_BAD_HANDLE, "get mut %d", h);
    /* beyond v8 (issue 12) */
    CHECK(btx_add(h, "savePath=/tmp", tor, tlen) == 0 && strstr(last_err(), "session"), "btx_add %d", h);
    CHECK(btx_torrent_magnet(h, text, sizeof text) == 0, "torrent_magnet %d", h);
    CHECK(btx_create_start(h, "path=/tmp") == 0 && btx_create_cancel(h, 1) == BTX_ERR_BAD_HANDLE, "create job %d", h);
    CHECK(btx_rename_file(h, 0, "x") == BTX_ERR_BAD_HANDLE, "rename %d", h);
    CHECK(btx_file_progress(h, 0, buf, sizeof buf) == 0 && btx_file_progress(h, 1, buf, sizeof buf) == 0, "file progress %d", h);
    CHECK(btx_download_queue(h, buf, sizeof buf) == 0 && btx_peer_info(h, buf, sizeof buf) == 0, "queue/peer info %d", h);
    CHECK(btx_torrent_limits(h, buf, sizeof buf) == 0 && btx_piece_priorities(h, buf, sizeof buf) == 0, "limits/piece prios %d", h);
    CHECK(btx_set_piece_priorities(h, "\1", 1) == BTX_ERR_BAD_HANDLE, "set piece prios %d", h);
    CHECK(btx_dht_get_peers(h, "0123456789abcdef0123456789abcdef01234567") == BTX_ERR_BAD_HANDLE, "get_peers %d", h);
    CHECK(btx_dht_announce_ex(h, "0123456789abcdef0123456789abcdef01234567", 0, 0) == BTX_ERR_BAD_HANDLE, "announce_ex %d", h);
    CHECK(btx_dht_live_nodes(h, NULL) == BTX_ERR_BAD_HANDLE, "live nodes %d", h);
    CHECK(btx_dht_sample_infohashes(h, "127.0.0.1:6881", NULL) == BTX_ERR_BAD_HANDLE, "sample %d", h);
  }
  /* beyond v8 (issue 12): NULLs, negative lengths, caps, garbage */
  EXPECT_ERR(btx_metainfo(NULL, 5, buf, sizeof buf), 0, "NULL");
  EXPECT_ERR(btx_metainfo(tor, -1, buf, sizeof buf), 0, "negative length");
  EXPECT_ERR(btx_metainfo(tor, 0, buf, sizeof buf), 0, "empty");
  EXPECT_ERR(btx_metainfo(garbage_state, sizeof garbage_state, buf, sizeof buf), 0, "bad .torrent data");
  CHECK(btx_metainfo(tor, tlen, NULL, 0) < 0 && btx_metainfo(tor, tlen, buf, -5) < 0 && btx_metainfo(tor, tlen, buf, 1) < 0, "metainfo size queries");
  EXPECT_ERR(btx_make_magnet(NULL, 3, text, sizeof text), 0, "NULL");
  EXPECT_ERR(btx_make_magnet(tor, -2, text, sizeof text), 0, "negative length");
  EXPECT_ERR(btx_make_magnet(garbage_state, sizeof garbage_state, text, sizeof text), 0, "bad .torrent data");
  CHECK(btx_make_magnet(tor, tlen, NULL, 0) < 0 && btx_make_magnet(tor, tlen, text, -1) < 0, "magnet size queries");
  EXPECT_ERR(btx_parse_magnet(NULL, buf, sizeof buf), 0, "uri is NULL");
  EXPECT_ERR(btx_parse_magnet("magnet:?xt=urn:btih:", buf, sizeof buf), 0, "bad magnet URI");
  EXPECT_ERR(btx_parse_magnet(garbage_state, buf, sizeof buf), 0, "magnet");
  CHECK(btx_parse_magnet("magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", NULL, -3) < 0, "parse_magnet size query");
  CHECK(btx_torrent_magnet(t, NULL, 0) < 0 && btx_torrent_magnet(t, text, 1) < 0, "torrent_magnet size queries");
  EXPECT_ERR(btx_add(s, NULL, tor, tlen), 0, "options is NULL");
  EXPECT_ERR(btx_add(s, "savePath=/tmp", NULL, 7), 0, "data is NULL");
  EXPECT_ERR(btx_add(s, "savePath=/tmp", tor, -7), 0, "negative length");
  EXPECT_ERR(btx_add(s, "savePath=/tmp", garbage_state, sizeof garbage_state), 0, "bad .torrent data");
  EXPECT_ERR(btx_add(s, "\x01\x02=\xff", tor, tlen), 0, "not valid UTF-8");
  EXPECT_ERR(btx_add(s, "savePath=/tmp\nbogus", tor, tlen), 0, "line 2");
  EXPECT_ERR(btx_create_torrent_with(NULL, buf, sizeof buf), 0, "options is NULL");
  EXPECT_ERR(btx_create_torrent_with("path=", buf, sizeof buf), 0, "line 1 (path): the value is empty");
  EXPECT_ERR(btx_create_torrent_with(garbage_state, buf, sizeof buf), 0, "expected key=value");
  EXPECT_ERR(btx_create_start(s, NULL), 0, "options is NULL");
  EXPECT_ERR(btx_create_start(s, "pieceSize=7"), 0, "line 1 (pieceSize)");
  EXPECT_ERR(btx_create_cancel(s, 12345), BTX_ERR_INVALID_ARG, "no creation job 12345");
  EXPECT_ERR(btx_rename_file(t, 0, NULL), BTX_ERR_INVALID_ARG, "new_name is NULL");
  EXPECT_ERR(btx_rename_file(t, -1, "x"), BTX_ERR_INVALID_ARG, "file index -1");
  EXPECT_ERR(btx_rename_file(t, 0, ""), BTX_ERR_INVALID_ARG, "empty");
  CHECK(btx_file_progress(t, 0, NULL, 0) < 0 && btx_download_queue(t, buf, -1) < 0 && btx_peer_info(t, NULL, 5) < 0, "list size queries");
  CHECK(btx_torrent_limits(t, buf, 2) < 0 && btx_piece_priorities(t, NULL, 0) <= 0, "limits / piece priorities size queries");
  EXPECT_ERR(btx_set_piece_priorities(t, NULL, 3), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_set_piece_priorities(t, "\1", -1), BTX_ERR_INVALID_ARG, "negative length");
  EXPECT_ERR(btx_set_piece_priorities(t, "\11", 1), BTX_ERR_INVALID_ARG, "priority 9");
  EXPECT_ERR(btx_dht_get_peers(s, NULL), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_dht_get_peers(s, "0123456789abcdef0123456789abcdef0123456z"), BTX_ERR_INVALID_ARG, "40 or 64 hex");
  EXPECT_ERR(btx_dht_announce_ex(s, NULL, 0, 0), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_dht_announce_ex(s, "0123456789abcdef0123456789abcdef01234567", 0, 1 << 20), BTX_ERR_INVALID_ARG, "flags");
  EXPECT_ERR(btx_dht_live_nodes(s, "zz"), BTX_ERR_INVALID_ARG, "node_id_hex");
  EXPECT_ERR(btx_dht_sample_infohashes(s, NULL, NULL), BTX_ERR_INVALID_ARG, "endpoint is NULL");
  EXPECT_ERR(btx_dht_sample_infohashes(s, "[::1:80", NULL), BTX_ERR_INVALID_ARG, "not ip:port");
  /* the session is quiet: the DHT is off, and the DHT calls say so */
  EXPECT_ERR(btx_dht_get_peers(s, "0123456789abcdef0123456789abcdef01234567"), BTX_ERR_GENERIC, "enable_dht");
  EXPECT_ERR(btx_dht_sign_mutable(NULL, NULL, NULL, "x", 1, "1", text, sizeof text), 0, "NULL");
  EXPECT_ERR(btx_dht_sign_mutable("00", "00", "", "x", 1, "1", text, sizeof text), 0, "64 hex");
  EXPECT_ERR(btx_dht_verify_mutable(NULL, "", "x", 1, "1", "00"), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_dht_verify_mutable("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "", "x", 1, NULL, "00"), BTX_ERR_INVALID_ARG, "seq is NULL");
  EXPECT_ERR(btx_dht_verify_mutable("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "", "x", 1, "99999999999999999999", "00"), BTX_ERR_INVALID_ARG, "seq");

  /* issue 10: the compact text form: bad shapes, NULLs, negative lengths,
   * caps, garbage, and records that lie about their sizes */
  {
    static const uint8_t rec[] = {0, 1, 1, BTX_TYPE_UTF8, 0, 2, 'o', 'k'};
    char out[64];
    EXPECT_ERR(btx_records_text(0, rec, sizeof rec, out, sizeof out), 0, "shape 0");
    EXPECT_ERR(btx_records_text(4, rec, sizeof rec, out, sizeof out), 0, "shape 4");
    EXPECT_ERR(btx_records_text(-1, rec, sizeof rec, out, sizeof out), 0, "shape -1");
    EXPECT_ERR(btx_records_text(BTX_SHAPE_RECORD, NULL, 8, out, sizeof out), 0, "data is NULL");
    EXPECT_ERR(btx_records_text(BTX_SHAPE_RECORD, rec, -8, out, sizeof out), 0, "negative length");
    EXPECT_ERR(btx_records_text(BTX_SHAPE_LIST, NULL, 0, out, sizeof out), 0, "truncated");
    EXPECT_ERR(btx_records_text(BTX_SHAPE_RECORD, rec, 5, out, sizeof out), 0, "truncated");
    CHECK(btx_records_text(BTX_SHAPE_RECORD, rec, sizeof rec, out, sizeof out) == 7 && memcmp(out, "name\x1fok", 7) == 0, "one field");
    CHECK(btx_records_text(BTX_SHAPE_RECORD, rec, sizeof rec, NULL, 0) == -7, "size query with NULL");
    CHECK(btx_records_text(BTX_SHAPE_RECORD, rec, sizeof rec, out, -5) == -7, "size query with a negative cap");
    memset(out, 0xAA, sizeof out);
    CHECK(btx_records_text(BTX_SHAPE_RECORD, rec, sizeof rec, out, 6) == -7 && (uint8_t)out[0] == 0xAA, "one byte short writes nothing");
    /* counts and lengths far past the bytes: an error, never a read past the end */
    static const uint8_t lying_list[] = {0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0, 2};
    static const uint8_t lying_events[] = {0xFF, 0xFF, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    static const uint8_t lying_item[] = {0, 1, 0, 4, 0, 9, 1, 2};
    EXPECT_ERR(btx_records_text(BTX_SHAPE_LIST, lying_list, sizeof lying_list, out, sizeof out), 0, "truncated");
    EXPECT_ERR(btx_records_text(BTX_SHAPE_EVENTS, lying_events, sizeof lying_events, out, sizeof out), 0, "truncated");
    EXPECT_ERR(btx_records_text(BTX_SHAPE_LIST, lying_item, sizeof lying_item, out, sizeof out), 0, "malformed");
    uint8_t noise[4096];
    for (size_t i = 0; i < sizeof noise; i++) noise[i] = (uint8_t)(i * 167 + 13);
    for (int shape = BTX_SHAPE_RECORD; shape <= BTX_SHAPE_EVENTS; shape++)
      for (int len = 0; len <= (int)sizeof noise; len += 97) {
        btx_clear_error();
        int rc = btx_records_text(shape, noise, len, NULL, 0);
        CHECK(rc <= 0 && (rc < 0 || strlen(last_err()) > 0 || len == 0), "noise shape %d len %d: %d", shape, len, rc);
      }
  }

  /* a session handle where a torrent is expected, and the reverse */
  CHECK(btx_pause(s) == BTX_ERR_BAD_HANDLE, "session as torrent");
  CHECK(btx_torrent_status(s, buf, sizeof buf) == 0, "session as torrent (status)");
  CHECK(btx_set_int(t, "connections_limit", "10") == BTX_ERR_BAD_HANDLE, "torrent as session");
  CHECK(btx_pop_alerts(t, buf, sizeof buf) == 0, "torrent as session (pop)");
  CHECK(btx_peer_info(s, buf, sizeof buf) == 0 && btx_rename_file(s, 0, "x") == BTX_ERR_BAD_HANDLE, "session as torrent (issue 12)");
  CHECK(btx_add(t, "savePath=/tmp", tor, tlen) == 0 && btx_dht_live_nodes(t, NULL) == BTX_ERR_BAD_HANDLE, "torrent as session (issue 12)");

  /* NULL strings */
  EXPECT_ERR(btx_set_int(s, NULL, "1"), BTX_ERR_INVALID_ARG, "key is NULL");
  EXPECT_ERR(btx_set_int(s, "connections_limit", NULL), BTX_ERR_INVALID_ARG, "value is NULL");
  EXPECT_ERR(btx_set_bool(s, NULL, 1), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_set_str(s, "user_agent", NULL), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_add_magnet(s, NULL, "/tmp"), 0, "uri is NULL");
  EXPECT_ERR(btx_add_magnet(s, "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", NULL), 0, "save_path is NULL");
  EXPECT_ERR(btx_add_magnet(s, "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", ""), 0, "save_path is empty");
  EXPECT_ERR(btx_add_magnet_ex(s, "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "/tmp", NULL, "0"), 0, "flags is NULL");
  EXPECT_ERR(btx_add_magnet_ex(s, "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "/tmp", "12x", "0"), 0, "not a decimal");
  EXPECT_ERR(btx_add_torrent_file(s, NULL, 10, "/tmp"), 0, "is NULL");
  EXPECT_ERR(btx_add_torrent_file(s, tor, -5, "/tmp"), 0, "negative length");
  EXPECT_ERR(btx_add_torrent_file(s, tor, 0, "/tmp"), 0, "empty");
  EXPECT_ERR(btx_add_with_resume(s, NULL, 3, "/tmp"), 0, "is NULL");
  EXPECT_ERR(btx_add_with_resume(s, tor, -1, "/tmp"), 0, "negative length");
  EXPECT_ERR(btx_connect_peer(t, NULL, 80), BTX_ERR_INVALID_ARG, "ip is NULL");
  EXPECT_ERR(btx_connect_peer(t, "127.0.0.1", 0), BTX_ERR_INVALID_ARG, "port");
  EXPECT_ERR(btx_connect_peer(t, "127.0.0.1", 70000), BTX_ERR_INVALID_ARG, "port");
  EXPECT_ERR(btx_connect_peer(t, "not-an-ip", 80), BTX_ERR_INVALID_ARG, "bad IP address");
  EXPECT_ERR(btx_find_torrent(s, NULL), 0, "NULL");
  EXPECT_ERR(btx_find_torrent(s, "xyz"), 0, "hex info-hash");
  EXPECT_ERR(btx_get_setting(s, NULL, text, sizeof text), 0, "NULL");
  EXPECT_ERR(btx_set_torrent_limits(t, NULL, "0"), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_set_torrent_limits(t, "-5", "0"), BTX_ERR_INVALID_ARG, "negative");
  EXPECT_ERR(btx_create_torrent(NULL, 0, 0, "", buf, sizeof buf), 0, "NULL");
  EXPECT_ERR(btx_create_torrent(path_in("nope"), 0, 0, "", buf, sizeof buf), 0, "no files");
  EXPECT_ERR(btx_create_torrent(path_in("d/f.bin"), 1000, 0, "", buf, sizeof buf), 0, "piece_size");
  EXPECT_ERR(btx_remove(s, s, 0), BTX_ERR_BAD_HANDLE, "torrent");

  /* NULLs and bad values for the rest of the surface */
  EXPECT_ERR(btx_move_storage(t, NULL), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_set_torrent_flags(t, NULL, "1"), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_set_torrent_flags(t, "1", "-1"), BTX_ERR_INVALID_ARG, "non-negative");
  EXPECT_ERR(btx_unset_torrent_flags(t, NULL), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_set_file_priorities(t, NULL, 2), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_set_file_priorities(t, "\1", -1), BTX_ERR_INVALID_ARG, "negative length");
  EXPECT_ERR(btx_set_file_priority(t, -1, 1), BTX_ERR_INVALID_ARG, "file index");
  EXPECT_ERR(btx_set_piece_priority(t, 0, -1), BTX_ERR_INVALID_ARG, "priority");
  EXPECT_ERR(btx_set_piece_deadline(t, 1 << 30, 5), BTX_ERR_INVALID_ARG, "piece");
  EXPECT_ERR(btx_add_tracker(t, NULL, 0), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_add_url_seed(t, NULL), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_remove_url_seed(t, ""), BTX_ERR_INVALID_ARG, "empty");
  EXPECT_ERR(btx_ip_filter_add(s, "1.2.3.4", NULL, 1), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_dht_announce(s, NULL, 0), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_dht_add_bootstrap(s, NULL, 1), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_dht_load_state(s, "x", -1), BTX_ERR_INVALID_ARG, "negative length");
  EXPECT_ERR(btx_dht_load_state(s, garbage_state, sizeof garbage_state), BTX_ERR_INVALID_ARG, "bad DHT state");
  EXPECT_ERR(btx_dht_put_immutable(s, NULL, 5, text, sizeof text), 0, "NULL");
  EXPECT_ERR(btx_dht_put_immutable(s, "x", -1, text, sizeof text), 0, "negative length");
  EXPECT_ERR(btx_dht_put_mutable(s, NULL, NULL, NULL, "x", 1), BTX_ERR_INVALID_ARG, "NULL");
  EXPECT_ERR(btx_dht_get_immutable(s, "0123"), BTX_ERR_INVALID_ARG, "40 hex");
  CHECK(btx_dht_keypair("", NULL, 0) < 0 && btx_dht_keypair("", buf, -7) < 0, "keypair size queries");
  CHECK(btx_piece_bitfield(t, NULL, -1) < 0 && btx_peer_list(t, NULL, 0) < 0 && btx_file_list(t, buf, 1) < 0, "list size queries");
  CHECK(btx_dht_state(s, buf, 3) < 0, "dht state size query");

  /* negative and zero caps: -needed, nothing written */
  memset(buf, 0xAA, sizeof buf);
  int need = btx_torrent_status(t, buf, -10);
  CHECK(need < 0 && buf[0] == 0xAA, "status with negative cap: %d", need);
  CHECK(btx_torrent_status(t, NULL, 100) == need, "NULL out with cap > 0 is a size query");
  CHECK(btx_torrent_status(t, buf, 0) == need, "zero cap");
  CHECK(btx_torrent_status(t, buf, -need - 1) == need && buf[0] == 0xAA, "one byte short");
  CHECK(btx_info_hash_hex(t, text, 10) == -41, "hash needs 41 bytes");
  CHECK(btx_info_hash_hex(t, text, -1) == -41, "negative cap");
  CHECK(btx_info_hash_hex(t, text, 41) == 40 && strlen(text) == 40, "hash fits");
  CHECK(btx_last_error((char *)buf, -3) <= 0, "last_error negative cap");
  CHECK(btx_get_setting(s, "user_agent", NULL, 0) < 0, "get_setting size query");
  CHECK(btx_create_torrent(path_in("d/f.bin"), 0, 0, NULL, NULL, -1) < 0, "create size query (NULL trackers)");
  CHECK(btx_pop_alerts(s, buf, -1) <= 0, "pop with negative cap");

  /* malformed .torrent data: garbage, truncated, and a valid prefix */
  uint8_t garbage[512];
  for (size_t i = 0; i < sizeof garbage; i++) garbage[i] = (uint8_t)(i * 131 + 7);
  EXPECT_ERR(btx_add_torrent_file(s, garbage, sizeof garbage, "/tmp"), 0, "bad .torrent data");
  for (int cut = 1; cut < tlen; cut += tlen / 17 + 1)
    EXPECT_ERR(btx_add_torrent_file(s, tor, cut, "/tmp"), 0, "bad .torrent data");
  EXPECT_ERR(btx_add_torrent_file(s, (const uint8_t *)"d4:infoe", 8, "/tmp"), 0, "bad .torrent data");
  /* adding the same torrent twice */
  EXPECT_ERR(btx_add_torrent_file(s, tor, tlen, path_in("d")), 0, "already in this session");

  /* bad magnet URIs */
  const char *magnets[] = {"", "magnet:", "magnet:?xt=urn:btih:", "magnet:?xt=urn:btih:zz",
                           "http://example.invalid/x.torrent", "magnet:?dn=nohash",
                           "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef0123456"};
  for (size_t i = 0; i < sizeof magnets / sizeof magnets[0]; i++)
    EXPECT_ERR(btx_add_magnet(s, magnets[i], "/tmp"), 0, "bad magnet URI");

  /* garbage and truncated resume data */
  EXPECT_ERR(btx_add_with_resume(s, garbage, sizeof garbage, "/tmp"), 0, "bad resume data");
  EXPECT_ERR(btx_add_with_resume(s, (const uint8_t *)"de", 2, "/tmp"), 0, "resume data");
  EXPECT_ERR(btx_add_with_resume(s, (const uint8_t *)"d8:file-fmt", 11, "/tmp"), 0, "bad resume data");

  /* settings: unknown keys and kinds */
  EXPECT_ERR(btx_set_int(s, "no_such_setting", "1"), BTX_ERR_INVALID_ARG, "no_such_setting");
  EXPECT_ERR(btx_set_bool(s, "no_such_setting", 1), BTX_ERR_INVALID_ARG, "no_such_setting");
  EXPECT_ERR(btx_set_str(s, "no_such_setting", "x"), BTX_ERR_INVALID_ARG, "no_such_setting");
  EXPECT_ERR(btx_get_setting(s, "no_such_setting", text, sizeof text), 0, "no_such_setting");
  EXPECT_ERR(btx_set_int(s, "enable_dht", "1"), BTX_ERR_INVALID_ARG, "enable_dht");
  EXPECT_ERR(btx_set_bool(s, "connections_limit", 1), BTX_ERR_INVALID_ARG, "connections_limit");
  EXPECT_ERR(btx_set_str(s, "connections_limit", "5"), BTX_ERR_INVALID_ARG, "connections_limit");
  EXPECT_ERR(btx_set_int(s, "connections_limit", "99999999999"), BTX_ERR_INVALID_ARG, "out of range");
  EXPECT_ERR(btx_set_int(s, "connections_limit", "ten"), BTX_ERR_INVALID_ARG, "not a decimal");
  EXPECT_ERR(btx_set_encryption_policy(s, 3, 1, 3), BTX_ERR_INVALID_ARG, "policy");
  EXPECT_ERR(btx_set_encryption_policy(s, 1, 1, 0), BTX_ERR_INVALID_ARG, "level");

  /* settings that do work read back */
  CHECK(btx_set_int(s, "connections_limit", "123") == BTX_OK, "set_int");
  CHECK(btx_get_setting(s, "connections_limit", text, sizeof text) == 3 && strcmp(text, "123") == 0, "got %s", text);
  CHECK(btx_set_bool(s, "enable_lsd", 0) == BTX_OK, "set_bool");
  CHECK(btx_get_setting(s, "enable_lsd", text, sizeof text) > 0 && strcmp(text, "false") == 0, "got %s", text);
  CHECK(btx_set_str(s, "user_agent", "harness/1") == BTX_OK, "set_str");
  CHECK(btx_get_setting(s, "user_agent", text, sizeof text) > 0 && strcmp(text, "harness/1") == 0, "got %s", text);
  CHECK(btx_set_encryption_policy(s, 0, 2, 1) == BTX_OK, "enc");
  CHECK(btx_get_setting(s, "in_enc_policy", text, sizeof text) > 0 && strcmp(text, "0") == 0, "in %s", text);
  CHECK(btx_get_setting(s, "out_enc_policy", text, sizeof text) > 0 && strcmp(text, "2") == 0, "out %s", text);
  CHECK(btx_get_setting(s, "allowed_enc_level", text, sizeof text) > 0 && strcmp(text, "1") == 0, "level %s", text);
  /* the quiet defaults */
  CHECK(btx_get_setting(s, "enable_dht", text, sizeof text) > 0 && strcmp(text, "false") == 0, "dht default %s", text);
  CHECK(btx_get_setting(s, "enable_upnp", text, sizeof text) > 0 && strcmp(text, "false") == 0, "upnp default %s", text);

  /* remove: the handle goes stale at once, and a second remove is a no-op */
  CHECK(btx_remove(s, t, 0) == BTX_OK, "remove");
  CHECK(btx_remove(s, t, 0) == BTX_ERR_BAD_HANDLE, "second remove");
  CHECK(btx_torrent_status(t, buf, sizeof buf) == 0 && btx_torrent_count(s) == 0, "removed torrent answers");
  CHECK(wait_event(s, BTX_EVENT_TORRENT_REMOVED, t, 5000), "torrentRemoved names the old handle");

  /* a torrent of one session passed to another session's remove */
  int s2 = loopback_session();
  int t2 = btx_add_torrent_file(s2, tor, tlen, path_in("d"));
  CHECK(t2 > 0, "add to s2");
  EXPECT_ERR(btx_remove(s, t2, 0), BTX_ERR_INVALID_ARG, "another session");
  btx_session_free(s2);
  CHECK(btx_pause(t2) == BTX_ERR_BAD_HANDLE, "torrent of a freed session");

  /* durable sessions and user data (issue 11): NULLs, stale handles,
   * garbage, and a session or torrent where the other is wanted */
  CHECK(btx_session_open(NULL) == 0, "open NULL path");
  CHECK(btx_session_open("") == 0, "open empty path");
  CHECK(btx_session_open_with(NULL, "x=1") == 0, "open_with NULL path");
  CHECK(btx_session_open_with(path_in("bad.btx"), "no_such_setting=1\n") == 0 && strstr(last_err(), "no_such_setting"),
        "open_with a bad setting: %s", last_err());
  EXPECT_ERR(btx_store_flush(0, 1000), BTX_ERR_BAD_HANDLE, "session handle");
  EXPECT_ERR(btx_store_flush(t2, 1000), BTX_ERR_BAD_HANDLE, "session handle");
  EXPECT_ERR(btx_store_flush(s, -5), BTX_ERR_INVALID_ARG, "timeout_ms");
  char ud[16];
  EXPECT_ERR(btx_user_data_set(t2, "k", "v"), BTX_ERR_BAD_HANDLE, "torrent handle");
  EXPECT_ERR(btx_user_data_set(s, "k", "v"), BTX_ERR_BAD_HANDLE, "torrent handle");
  CHECK(btx_user_data_get(t2, "k", ud, (int)sizeof ud) <= 0, "get on a stale torrent");
  CHECK(btx_user_data_get(0, NULL, NULL, -1) <= 0, "get with NULLs and a negative cap");
  EXPECT_ERR(btx_user_data_remove(t2, "k"), BTX_ERR_BAD_HANDLE, "torrent handle");
  CHECK(btx_user_data_all(t2, ud, -3) <= 0, "all on a stale torrent, negative cap");
  CHECK(btx_user_data_all(0, NULL, 100) <= 0, "all with NULL out");

  free(tor);
  btx_session_free(s);
  cleanup_tmp();
  return done();
}
