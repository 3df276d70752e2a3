/* settings by name -> btx_set_int / btx_set_bool / btx_set_str /
 * btx_get_setting / btx_set_encryption_policy, and key/value lists ->
 * btx_apply_settings, with fuzzed names and values.
 *
 * Input: up to 64 operations of [op:u8][key:u8][vlen:u8][value: vlen bytes];
 * op % 5 picks the call (4: the value is a key/value list, filtered as
 * below line by line, the way src/kv.rs splits it).
 * key < the allowlist's size picks a harmless setting; any other key byte
 * makes the value the *name* (and the next operation's value its value) -
 * such a name is only set when libtorrent does not know it (the unknown-name
 * path) or it is on the allowlist; a fuzzed name that happens to be a real
 * setting is only read. Reason: settings such as listen_interfaces,
 * proxy_*, enable_dht, outgoing_interfaces or dht_bootstrap_nodes would undo
 * the lockdown and reach the network, and hashing_threads / aio_threads
 * with a fuzzed int would spawn millions of threads. Every allowlisted
 * setting touched is restored after the input. */
#include "common.h"

enum { K_INT, K_BOOL, K_STR };
static const struct {
  const char *name;
  int kind;
} allow[] = {
    {"download_rate_limit", K_INT},      {"upload_rate_limit", K_INT},
    {"connections_limit", K_INT},        {"active_downloads", K_INT},
    {"active_seeds", K_INT},             {"active_limit", K_INT},
    {"unchoke_slots_limit", K_INT},      {"max_peerlist_size", K_INT},
    {"peer_timeout", K_INT},             {"request_timeout", K_INT},
    {"choking_algorithm", K_INT},        {"seed_choking_algorithm", K_INT},
    {"mixed_mode_algorithm", K_INT},     {"max_out_request_queue", K_INT},
    {"whole_pieces_threshold", K_INT},   {"share_ratio_limit", K_INT},
    {"seed_time_limit", K_INT},          {"in_enc_policy", K_INT},
    {"out_enc_policy", K_INT},           {"allowed_enc_level", K_INT},
    {"suggest_mode", K_INT},             {"send_buffer_watermark", K_INT},
    {"urlseed_timeout", K_INT},          {"min_reconnect_time", K_INT},
    {"announce_to_all_trackers", K_BOOL}, {"announce_to_all_tiers", K_BOOL},
    {"prefer_udp_trackers", K_BOOL},     {"strict_super_seeding", K_BOOL},
    {"allow_multiple_connections_per_ip", K_BOOL}, {"send_redundant_have", K_BOOL},
    {"auto_manage_prefer_seeds", K_BOOL}, {"dont_count_slow_torrents", K_BOOL},
    {"close_redundant_connections", K_BOOL}, {"prioritize_partial_pieces", K_BOOL},
    {"rate_limit_ip_overhead", K_BOOL},  {"smooth_connects", K_BOOL},
    {"no_connect_privileged_ports", K_BOOL}, {"strict_end_game_mode", K_BOOL},
    {"validate_https_trackers", K_BOOL}, {"ssrf_mitigation", K_BOOL},
    {"user_agent", K_STR},               {"handshake_client_version", K_STR},
    {"peer_fingerprint", K_STR},
};
#define NALLOW (sizeof allow / sizeof allow[0])
static char *defaults[NALLOW];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_init();
  for (size_t i = 0; i < NALLOW; i++) {
    char buf[512] = "";
    btx_clear_error();
    int n = btx_get_setting(g_fz_session, allow[i].name, buf, (int)sizeof buf);
    if (n < 0 || (n == 0 && fz_last_error()[0])) /* 0 alone is an empty string */
      fz_fail("allowlisted setting %s is unknown to this libtorrent", allow[i].name);
    defaults[i] = strdup(buf);
  }
  return 0;
}

static int allowed(const char *name) {
  for (size_t i = 0; i < NALLOW; i++)
    if (strcmp(allow[i].name, name) == 0) return (int)i;
  return -1;
}

/* 1 when libtorrent knows `name`: 0 from btx_get_setting is also an empty
 * string setting (outgoing_interfaces, dht_bootstrap_nodes); only an error
 * text says the name is unknown */
static int known_setting(const char *name) {
  char out[8];
  btx_clear_error();
  int n = btx_get_setting(g_fz_session, name, out, (int)sizeof out);
  fz_no_exception("btx_get_setting");
  return n != 0 || fz_last_error()[0] == 0;
}

/* A key/value list keeps every line but those naming a known setting that
 * is not allowlisted (malformed lines stay: they reach the error paths). */
static char *filter_list(const char *text, uint8_t *touched) {
  size_t len = strlen(text);
  /* every kept line gets a newline, the last one too: len + 2 with the NUL */
  char *out = malloc(len + 2), *line = fz_strndup((const uint8_t *)text, len);
  if (!out) abort();
  size_t o = 0;
  char *save = NULL;
  for (char *l = strtok_r(line, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
    char *eq = strchr(l, '=');
    if (eq && eq != l && l[0] != '#') {
      char *key = fz_strndup((const uint8_t *)l, (size_t)(eq - l));
      /* preset=default would undo the lockdown, were it accepted here */
      int idx = allowed(key), drop = strcmp(key, "preset") == 0 || (idx < 0 && known_setting(key));
      if (idx >= 0) touched[idx] = 1;
      free(key);
      if (drop) continue;
    }
    size_t ll = strlen(l);
    memcpy(out + o, l, ll);
    o += ll;
    out[o++] = '\n';
  }
  out[o] = 0;
  free(line);
  return out;
}

static void restore(size_t i) {
  int rc = allow[i].kind == K_INT    ? btx_set_int(g_fz_session, allow[i].name, defaults[i])
           : allow[i].kind == K_BOOL ? btx_set_bool(g_fz_session, allow[i].name, strcmp(defaults[i], "true") == 0)
                                     : btx_set_str(g_fz_session, allow[i].name, defaults[i]);
  if (rc != BTX_OK) fz_fail("restoring %s", allow[i].name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t touched[NALLOW] = {0};
  size_t at = 0;
  char *pending_name = NULL; /* a fuzzed name waiting for its value */
  for (int op = 0; op < 64 && at + 3 <= size; op++) {
    uint8_t kind = data[at], key = data[at + 1], vlen = data[at + 2];
    at += 3;
    if (vlen > size - at) vlen = (uint8_t)(size - at);
    char *value = fz_strndup(data + at, vlen);
    at += vlen;
    const char *name;
    int idx;
    if (pending_name) {
      name = pending_name;
      idx = allowed(name);
    } else if (key < NALLOW) {
      name = allow[key].name;
      idx = key;
    } else {
      pending_name = value;
      continue;
    }
    char out[64];
    int cap = kind >> 4; /* 0..15: small caps reach the -needed path */
    btx_clear_error();
    int n = btx_get_setting(g_fz_session, name, out, cap);
    fz_no_exception("btx_get_setting");
    if (n > 0 && (n >= cap || strlen(out) != (size_t)n)) fz_fail("btx_get_setting(%s) returned %d", name, n);
    /* 0 is also a known string setting that is empty (outgoing_interfaces,
     * dht_bootstrap_nodes): only an error text says the name is unknown */
    int known = n != 0 || fz_last_error()[0] == 0;
    /* known names outside the allowlist are never set */
    if (idx >= 0 || !known || kind % 5 == 4) {
      if (idx >= 0) touched[idx] = 1;
      int rc;
      switch (kind % 5) {
        case 0: rc = btx_set_int(g_fz_session, name, value); break;
        case 1: rc = btx_set_bool(g_fz_session, name, vlen ? value[0] : 0); break;
        case 2: rc = btx_set_str(g_fz_session, name, value); break;
        case 4: {
          char *list = filter_list(value, touched);
          rc = btx_apply_settings(g_fz_session, list);
          free(list);
          break;
        }
        default:
          rc = btx_set_encryption_policy(g_fz_session, (int8_t)key, vlen ? (int8_t)value[0] : 0, (int8_t)(kind >> 2));
          if (rc == BTX_OK) touched[allowed("in_enc_policy")] = touched[allowed("out_enc_policy")] = touched[allowed("allowed_enc_level")] = 1;
          break;
      }
      fz_rc(rc, "btx_set_*");
      if (!known && rc == BTX_OK && kind % 5 < 3) fz_fail("setting unknown name '%s' succeeded", name);
    }
    if (pending_name) {
      free(pending_name);
      pending_name = NULL;
    }
    free(value);
  }
  free(pending_name);
  for (size_t i = 0; i < NALLOW; i++)
    if (touched[i]) restore(i);
  fz_verify_lockdown();
  return 0;
}
