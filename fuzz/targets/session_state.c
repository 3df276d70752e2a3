/* Session state -> btx_session_state_load (cpp/session.cpp decode_state:
 * bdecode + libtorrent's read_session_params, the parser a durable session's
 * stored state also goes through when it is opened), then
 * btx_session_state_save, btx_settings_all and btx_dht_state, whose output
 * must decode.
 *
 * Defused: setting names that would undo the lockdown (the network ones;
 * the run is also inside a network namespace) or make libtorrent start
 * threads by the million (aio_threads, hashing_threads) get one byte
 * changed, as resume data's mapped_files does; every other key reaches the
 * parser as given. After each input every setting is put back as it was
 * (read back and compared), and the DHT state emptied. */
#include "common.h"

static const char *defuse[] = {
    "listen_interfaces", "outgoing_interfaces", "proxy_", "enable_dht", "enable_lsd", "enable_upnp",
    "enable_natpmp", "dht_bootstrap_nodes", "apply_ip_filter_to_trackers", "aio_threads", "hashing_threads",
};

static uint8_t *g_pristine;
static int g_pristine_len;

static uint8_t *settings_all(int *len) { return fz_get(btx_settings_all, g_fz_session, len, "btx_settings_all"); }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_init();
  g_pristine = settings_all(&g_pristine_len);
  if (!g_pristine) fz_fail("btx_settings_all gave nothing");
  return 0;
}

/* Walks the pristine list and `now` side by side (both hold every setting
 * in libtorrent's order); with `put`, sets each differing one back to its
 * pristine value by its type. Returns how many differed. */
static int differences(const uint8_t *now, int now_len, int put) {
  int differ = 0;
  btxd_reader a = btxd_make(g_pristine, (size_t)g_pristine_len), b = btxd_make(now, (size_t)now_len);
  uint32_t na = btxd_list_begin(&a), nb = btxd_list_begin(&b);
  if (na != nb) fz_fail("btx_settings_all: %u settings, then %u", na, nb);
  for (uint32_t i = 0; i < na; i++) {
    btxd_reader ia, ib;
    if (!btxd_list_next(&a, &ia) || !btxd_list_next(&b, &ib)) fz_fail("btx_settings_all: a malformed list");
    size_t la = (size_t)(ia.end - ia.p), lb = (size_t)(ib.end - ib.p);
    btxd_field ka, ta, va, kb, vb;
    if (!btxd_get(ia.p, la, BTX_KV_KEY, &ka) || !btxd_get(ia.p, la, BTX_KV_TYPE, &ta) || !btxd_get(ia.p, la, BTX_KV_VALUE, &va) ||
        !btxd_get(ib.p, lb, BTX_KV_KEY, &kb) || !btxd_get(ib.p, lb, BTX_KV_VALUE, &vb))
      fz_fail("btx_settings_all: an item without key, type or value");
    if (ka.len != kb.len || memcmp(ka.value, kb.value, ka.len)) fz_fail("btx_settings_all: the order changed");
    if (va.len == vb.len && !memcmp(va.value, vb.value, va.len)) continue;
    differ++;
    if (!put) {
      fprintf(stderr, "not restored: %.*s = %.*s (was %.*s)\n", (int)ka.len, (const char *)ka.value, (int)vb.len,
              (const char *)vb.value, (int)va.len, (const char *)va.value);
      continue;
    }
    char *key = fz_strndup(ka.value, ka.len), *value = fz_strndup(va.value, va.len);
    int rc = ta.len == 3 && !memcmp(ta.value, "int", 3)    ? btx_set_int(g_fz_session, key, value)
             : ta.len == 4 && !memcmp(ta.value, "bool", 4) ? btx_set_bool(g_fz_session, key, strcmp(value, "true") == 0)
                                                           : btx_set_str(g_fz_session, key, value);
    if (rc != BTX_OK) fz_fail("restoring %s to '%s': %s", key, value, fz_last_error());
    free(key);
    free(value);
  }
  return differ;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (1u << 20)) return 0;
  uint8_t *in = malloc(size ? size : 1);
  if (!in) abort();
  if (size) memcpy(in, data, size);
  for (size_t k = 0; k < sizeof defuse / sizeof defuse[0]; k++) {
    size_t kl = strlen(defuse[k]);
    for (size_t i = 0; i + kl <= size; i++)
      if (memcmp(in + i, defuse[k], kl) == 0) in[i + kl - 1] ^= 0x20;
  }
  btx_clear_error();
  int rc = btx_session_state_load(g_fz_session, in, (int)size);
  fz_rc(rc, "btx_session_state_load");
  if (rc != BTX_OK && !fz_last_error()[0]) fz_fail("btx_session_state_load failed (%d) without saying why", rc);
  int len = 0;
  uint8_t *saved = fz_get(btx_session_state_save, g_fz_session, &len, "btx_session_state_save");
  if (saved && (saved[0] != 'd' || saved[len - 1] != 'e')) fz_fail("saved session state is not a bencoded dictionary");
  /* what was saved loads back */
  if (saved && btx_session_state_load(g_fz_session, saved, len) != BTX_OK)
    fz_fail("btx_session_state_load refused its own state: %s", fz_last_error());
  free(saved);
  uint8_t *st = fz_get(btx_dht_state, g_fz_session, &len, "btx_dht_state");
  if (st && fz_walk_one_record(st, (size_t)len, 64)) fz_fail("btx_dht_state emitted a malformed record");
  free(st);
  /* every setting back as it was */
  uint8_t *now = settings_all(&len);
  if (!now || fz_walk_list(now, (size_t)len, 8)) fz_fail("btx_settings_all emitted a malformed list");
  differences(now, len, 1);
  free(now);
  now = settings_all(&len);
  if (differences(now, len, 0)) fz_fail("settings not restored (listed above)");
  free(now);
  if (btx_dht_load_state(g_fz_session, "de", 2) != BTX_OK) fz_fail("resetting the DHT state");
  fz_verify_lockdown();
  free(in);
  fz_drain();
  return 0;
}
