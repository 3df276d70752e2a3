/* Per-torrent calls beyond v8 (issue 12.6), on a rate-limited download
 * between two loopback sessions with RC4 forced: the full peer info on both
 * sides (flags as bits and names, sources, connection, encryption, totals,
 * peer id), the download queue with its block states, per-file progress at
 * byte vs piece granularity, piece priorities read and set in bulk, and a
 * file renamed on disk. */
#include "beyond.h"

#include <sys/stat.h>

/* the names of the bits, rebuilt here from the header's constants */
static const struct {
  unsigned bit;
  const char *name;
} kFlags[] = {
    {BTX_PEER_FLAG_INTERESTING, "interesting"}, {BTX_PEER_FLAG_CHOKED, "choked"},
    {BTX_PEER_FLAG_REMOTE_INTERESTED, "remoteInterested"}, {BTX_PEER_FLAG_REMOTE_CHOKED, "remoteChoked"},
    {BTX_PEER_FLAG_SUPPORTS_EXTENSIONS, "supportsExtensions"}, {BTX_PEER_FLAG_OUTGOING_CONNECTION, "outgoingConnection"},
    {BTX_PEER_FLAG_HANDSHAKE, "handshake"}, {BTX_PEER_FLAG_CONNECTING, "connecting"},
    {BTX_PEER_FLAG_ON_PAROLE, "onParole"}, {BTX_PEER_FLAG_SEED, "seed"},
    {BTX_PEER_FLAG_OPTIMISTIC_UNCHOKE, "optimisticUnchoke"}, {BTX_PEER_FLAG_SNUBBED, "snubbed"},
    {BTX_PEER_FLAG_UPLOAD_ONLY, "uploadOnly"}, {BTX_PEER_FLAG_ENDGAME_MODE, "endgameMode"},
    {BTX_PEER_FLAG_HOLEPUNCHED, "holepunched"}, {BTX_PEER_FLAG_I2P_SOCKET, "i2pSocket"},
    {BTX_PEER_FLAG_UTP_SOCKET, "utpSocket"}, {BTX_PEER_FLAG_SSL_SOCKET, "sslSocket"},
    {BTX_PEER_FLAG_RC4_ENCRYPTED, "rc4Encrypted"}, {BTX_PEER_FLAG_PLAINTEXT_ENCRYPTED, "plaintextEncrypted"},
};

static void names_of(unsigned bits, char *out, size_t cap) {
  out[0] = 0;
  for (size_t i = 0; i < sizeof kFlags / sizeof kFlags[0]; i++)
    if (bits & kFlags[i].bit) {
      if (out[0]) strncat(out, ",", cap - strlen(out) - 1);
      strncat(out, kFlags[i].name, cap - strlen(out) - 1);
    }
}

static int fp_bytes(int t, void *out, int cap) { return btx_file_progress(t, 0, out, cap); }
static int fp_pieces(int t, void *out, int cap) { return btx_file_progress(t, 1, out, cap); }

static int it_real_ok(item_t *p) {
  char v[32];
  btxd_text(p->f, p->n, BTX_PEER_PROGRESS, v, sizeof v);
  return strcmp(v, "1") == 0;
}

static void check_peer(item_t *p, int leech_side, int seed_port) {
  char want[512];
  unsigned flags = (unsigned)it_int(p, BTX_PEER_FLAGS);
  names_of(flags, want, sizeof want);
  CHECK(strcmp(it_text(p, BTX_PEER_FLAG_NAMES), want) == 0, "flagNames '%s' are the bits' names '%s'", it_text(p, BTX_PEER_FLAG_NAMES), want);
  CHECK(strcmp(it_text(p, BTX_PEER_CONNECTION), "TCP") == 0, "connection %s", it_text(p, BTX_PEER_CONNECTION));
  CHECK(strcmp(it_text(p, BTX_PEER_ENCRYPTION), "rc4") == 0 && (flags & BTX_PEER_FLAG_RC4_ENCRYPTED), "rc4 forced: %s", it_text(p, BTX_PEER_ENCRYPTION));
  CHECK(strlen(it_text(p, BTX_EVKEY_PEER_ID)) == 40, "peer id %s", it_text(p, BTX_EVKEY_PEER_ID));
  CHECK(strncmp(it_text(p, BTX_EVKEY_LOCAL_ENDPOINT), "127.0.0.1:", 10) == 0, "local endpoint %s", it_text(p, BTX_EVKEY_LOCAL_ENDPOINT));
  CHECK(strncmp(it_text(p, BTX_PEER_ENDPOINT), "127.0.0.1:", 10) == 0, "endpoint %s", it_text(p, BTX_PEER_ENDPOINT));
  CHECK(strlen(it_text(p, BTX_PEER_CLIENT)) > 0, "client %s", it_text(p, BTX_PEER_CLIENT));
  CHECK(it_int(p, BTX_PEER_RTT) >= 0 && it_int(p, BTX_PEER_DOWNLOAD_QUEUE) >= 0 && it_int(p, BTX_PEER_UPLOAD_QUEUE) >= 0 && it_int(p, BTX_PEER_QUEUE_BYTES) >= 0, "queues and rtt");
  long long src = it_int(p, BTX_PEER_SOURCE);
  if (leech_side) {
    char ep[64];
    snprintf(ep, sizeof ep, "127.0.0.1:%d", seed_port);
    CHECK(strcmp(it_text(p, BTX_PEER_ENDPOINT), ep) == 0, "the seed at %s", ep);
    /* a peer given at add (peer=) is "resume data" to libtorrent */
    CHECK(src == BTX_PEER_SOURCE_RESUME_DATA && strcmp(it_text(p, BTX_PEER_SOURCE_NAMES), "resumeData") == 0, "source %lld %s", src, it_text(p, BTX_PEER_SOURCE_NAMES));
    CHECK((flags & BTX_PEER_FLAG_SEED) && (flags & BTX_PEER_FLAG_OUTGOING_CONNECTION) && (flags & BTX_PEER_FLAG_INTERESTING), "seed, outgoing, interesting: %s", want);
    CHECK(it_real_ok(p), "progress 1 for a seed");
    CHECK(it_int(p, BTX_PEER_TOTAL_DOWNLOAD) > 0 && it_int(p, BTX_PEER_PIECES_HAVE) > 0, "downloaded %lld, it has %lld pieces", it_int(p, BTX_PEER_TOTAL_DOWNLOAD), it_int(p, BTX_PEER_PIECES_HAVE));
  } else {
    CHECK(src == BTX_PEER_SOURCE_INCOMING && strcmp(it_text(p, BTX_PEER_SOURCE_NAMES), "incoming") == 0, "source %lld %s", src, it_text(p, BTX_PEER_SOURCE_NAMES));
    CHECK(!(flags & BTX_PEER_FLAG_OUTGOING_CONNECTION) && (flags & BTX_PEER_FLAG_REMOTE_INTERESTED), "incoming, the leech is interested: %s", want);
    CHECK(it_int(p, BTX_PEER_TOTAL_UPLOAD) > 0, "uploaded %lld", it_int(p, BTX_PEER_TOTAL_UPLOAD));
  }
}

int main(void) {
  char content[512];
  snprintf(content, sizeof content, "%s", path_in("c/multi"));
  mkdirs(content);
  char p[600];
  snprintf(p, sizeof p, "%s/first.bin", content);
  write_random_file(p, 3000000, 21);
  snprintf(p, sizeof p, "%s/second.bin", content);
  write_random_file(p, 1500000, 22);
  char opts[1024];
  snprintf(opts, sizeof opts, "path=%s\npieceSize=262144", content);
  int tlen = 0;
  uint8_t *tor = create_with(opts, &tlen);
  REQUIRE(tor, "create");
  int s1 = loopback_session(), s2 = loopback_session();
  REQUIRE(s1 && s2, "sessions");
  for (int i = 0; i < 2; i++) CHECK(btx_set_encryption_policy(i ? s2 : s1, 0, 0, 2) == BTX_OK, "rc4 forced");
  snprintf(opts, sizeof opts, "savePath=%s", path_in("c"));
  int seed = btx_add(s1, opts, tor, tlen);
  REQUIRE(seed > 0 && wait_seeding(s1, seed, 30000), "seed");
  mkdirs(path_in("leech"));
  /* paused at first: piece priorities are set before anything downloads */
  snprintf(opts, sizeof opts, "savePath=%s\npeer=127.0.0.1:%d\ndownloadLimit=250000\nflags=16\nmask=48", path_in("leech"), btx_listen_port(s1));
  int t = btx_add(s2, opts, tor, tlen);
  REQUIRE(t > 0, "leech (%s)", last_err());

  /* piece priorities: read all, set in bulk, read back */
  uint8_t prios[256];
  int np = btx_piece_priorities(t, prios, sizeof prios);
  status_t st;
  CHECK(get_status(t, &st) && np == st_int(&st, BTX_STATUS_NUM_PIECES) && np > 10, "one byte per piece (%d)", np);
  int all4 = np > 0;
  for (int i = 0; i < np; i++) all4 &= prios[i] == 4;
  CHECK(all4, "all at the default 4");
  uint8_t want[256];
  for (int i = 0; i < np; i++) want[i] = (uint8_t)(i < 3 ? 7 : 1 + i % 6);
  CHECK(btx_set_piece_priorities(t, want, np) == BTX_OK, "set all");
  uint8_t back[256];
  CHECK(btx_piece_priorities(t, back, sizeof back) == np && memcmp(back, want, (size_t)np) == 0, "read back equal");
  uint8_t two[2] = {2, 3};
  CHECK(btx_set_piece_priorities(t, two, 2) == BTX_OK && btx_piece_priorities(t, back, sizeof back) == np && back[0] == 2 && back[1] == 3 && back[2] == 7, "the first two only");
  CHECK(btx_piece_priorities(t, back, 3) == -np, "size query");
  uint8_t bad8[1] = {8};
  CHECK(btx_set_piece_priorities(t, bad8, 1) == BTX_ERR_INVALID_ARG && strstr(last_err(), "priority 8"), "priority 8: %s", last_err());
  CHECK(btx_set_piece_priorities(t, want, np + 1) == BTX_ERR_INVALID_ARG && strstr(last_err(), "pieces"), "too many: %s", last_err());
  CHECK(btx_set_piece_priorities(t, want, 0) == BTX_ERR_INVALID_ARG, "empty");
  for (int i = 0; i < np; i++) want[i] = 4;
  CHECK(btx_set_piece_priorities(t, want, np) == BTX_OK, "back to 4");
  CHECK(btx_resume(t) == BTX_OK, "start the download");

  /* while it downloads: the queue, per-file progress, the peers */
  int saw_queue = 0, saw_requested = 0, saw_partial_bytes = 0, queue_ok = 1, progress_ok = 1, peers_checked = 0;
  item_t q[64];
  list_t fb = {0}, fp = {0};
  for (long long until = now_ms() + 60000; now_ms() < until; sleep_ms(30)) {
    drain_all(s1, NULL, NULL);
    drain_all(s2, NULL, NULL);
    int n = list_items(btx_download_queue, t, q, 64);
    if (n < 0) queue_ok = 0;
    for (int i = 0; i < n && i < 64; i++) {
      saw_queue = 1;
      const char *states = it_text(&q[i], BTX_QUEUE_BLOCK_STATES);
      long long blocks = it_int(&q[i], BTX_QUEUE_BLOCKS_IN_PIECE);
      long long f = 0, w = 0, r = 0;
      for (const char *c = states; *c; c++) f += *c == 'f', w += *c == 'w', r += *c == 'r';
      if ((long long)strlen(states) != blocks || blocks != 16 || f != it_int(&q[i], BTX_QUEUE_FINISHED) ||
          w != it_int(&q[i], BTX_QUEUE_WRITING) || r != it_int(&q[i], BTX_QUEUE_REQUESTED) ||
          it_int(&q[i], BTX_QUEUE_BYTES_DONE) < (f + w) * 16384 || it_int(&q[i], BTX_EVKEY_PIECE) < 0 || it_int(&q[i], BTX_EVKEY_PIECE) >= np) {
        queue_ok = 0;
        fprintf(stderr, "queue item: piece %lld blocks %lld states %s f %lld w %lld r %lld bytes %lld\n", it_int(&q[i], BTX_EVKEY_PIECE), blocks, states,
                it_int(&q[i], BTX_QUEUE_FINISHED), it_int(&q[i], BTX_QUEUE_WRITING), it_int(&q[i], BTX_QUEUE_REQUESTED), it_int(&q[i], BTX_QUEUE_BYTES_DONE));
      }
      if (r > 0) saw_requested = 1;
    }
    /* pieces first, bytes after: progress only grows, so the later byte
     * count can never trail the earlier piece count, however loaded */
    int npc = get_list(fp_pieces, t, &fp);
    int nb = get_list(fp_bytes, t, &fb);
    if (nb != 2 || npc != 2) progress_ok = 0;
    for (int i = 0; i < nb && i < npc; i++) {
      long long b = li_int(&fb, i, BTX_FILE_PROGRESS), pc = li_int(&fp, i, BTX_FILE_PROGRESS);
      if (b < pc) progress_ok = 0;
      if (b > pc) saw_partial_bytes = 1;
    }
    if (!peers_checked && get_status(t, &st) && st_int(&st, BTX_STATUS_TOTAL_DONE) > 1000000) {
      item_t peers[4];
      int nl = list_items(btx_peer_info, t, peers, 4);
      CHECK(nl == 1, "one peer on the leech side (%d)", nl);
      if (nl == 1) check_peer(&peers[0], 1, btx_listen_port(s1));
      int ns = list_items(btx_peer_info, seed, peers, 4);
      CHECK(ns == 1, "one peer on the seed side (%d)", ns);
      if (ns == 1) check_peer(&peers[0], 0, 0);
      /* btx_peer_info is a superset of btx_peer_list */
      list_t pl = {0};
      char a[128], b[128];
      nl = list_items(btx_peer_info, t, peers, 4);
      CHECK(get_list(btx_peer_list, t, &pl) == 1 && nl == 1 &&
                strcmp(li_text(&pl, 0, BTX_PEER_ENDPOINT, a, sizeof a), it_text(&peers[0], BTX_PEER_ENDPOINT)) == 0 &&
                strcmp(li_text(&pl, 0, BTX_PEER_CLIENT, b, sizeof b), "") != 0,
            "btx_peer_list agrees");
      free(pl.buf);
      peers_checked = 1;
    }
    if (get_status(t, &st) && st_int(&st, BTX_STATUS_IS_SEEDING)) break;
  }
  CHECK(queue_ok, "every download-queue item is consistent");
  CHECK(saw_queue && saw_requested, "partial pieces with requested blocks were seen (%d %d)", saw_queue, saw_requested);
  CHECK(progress_ok, "byte granularity never trails piece granularity");
  CHECK(saw_partial_bytes, "byte granularity counted blocks of unfinished pieces");
  CHECK(peers_checked, "the peers were inspected mid-download");
  CHECK(wait_seeding(s2, t, 60000), "the download finished");
  CHECK(get_list(fp_bytes, t, &fb) == 2 && li_int(&fb, 0, BTX_FILE_PROGRESS) == 3000000 && li_int(&fb, 1, BTX_FILE_PROGRESS) == 1500000, "complete: bytes");
  CHECK(get_list(fp_pieces, t, &fp) == 2 && li_int(&fp, 0, BTX_FILE_PROGRESS) == 3000000 && li_int(&fp, 1, BTX_FILE_PROGRESS) == 1500000, "complete: pieces");
  CHECK(list_items(btx_download_queue, t, q, 64) == 0, "nothing in the queue once done");

  /* rename: the file moves on disk, the file list says so */
  char from[700], to[700];
  snprintf(from, sizeof from, "%s/multi/second.bin", path_in("leech"));
  snprintf(to, sizeof to, "%s/multi/renamed/2nd.bin", path_in("leech"));
  CHECK(btx_rename_file(t, 1, "multi/renamed/2nd.bin") == BTX_OK, "rename");
  struct stat sb;
  int moved = 0;
  for (long long until = now_ms() + 10000; !moved && now_ms() < until; sleep_ms(20)) moved = stat(to, &sb) == 0 && stat(from, &sb) != 0;
  CHECK(moved, "the file moved on disk");
  snprintf(p, sizeof p, "%s/second.bin", content);
  CHECK(same_file(p, to), "with its bytes");
  list_t fl = {0};
  char path[600];
  CHECK(get_list(btx_file_list, t, &fl) == 2 && strcmp(li_text(&fl, 1, BTX_FILE_PATH, path, sizeof path), "multi/renamed/2nd.bin") == 0, "file list: %s", path);
  CHECK(btx_rename_file(t, 2, "x") == BTX_ERR_INVALID_ARG && strstr(last_err(), "file index 2"), "index out of range: %s", last_err());
  CHECK(btx_rename_file(t, 0, "") == BTX_ERR_INVALID_ARG && strstr(last_err(), "empty"), "empty name");
  CHECK(btx_rename_file(t, 0, NULL) == BTX_ERR_INVALID_ARG, "NULL name");
  /* a torrent without metadata has no piece priorities and nothing to rename */
  int mt = btx_add(s2, "infoHash=00112233445566778899aabbccddeeff00112233\nsavePath=/tmp\nflags=16\nmask=16", NULL, 0);
  CHECK(mt > 0 && btx_piece_priorities(mt, back, sizeof back) == 0 && btx_set_piece_priorities(mt, two, 2) == BTX_ERR_INVALID_ARG &&
            btx_rename_file(mt, 0, "x") == BTX_ERR_INVALID_ARG && list_items(btx_download_queue, mt, q, 4) == 0 && list_items(fp_bytes, mt, q, 4) == 0,
        "no metadata: empty answers, refused actions");

  free(fl.buf);
  free(fb.buf);
  free(fp.buf);
  free(tor);
  btx_session_free(s2);
  btx_session_free(s1);
  cleanup_tmp();
  return done();
}
