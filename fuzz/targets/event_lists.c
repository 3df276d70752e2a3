/* btx_events_on / btx_events_off key/value items -> btx_apply_settings
 * (the same parser a session's creation settings and a durable open's items
 * go through: settings::event_codes).
 *
 * Input: lines; each line's first byte picks the item (even: btx_events_on,
 * odd: btx_events_off), the rest is its value (fuzzed code lists).
 * Oracles: a refused list changes no event (all or nothing); an accepted
 * one named no unknown code, and leaves every code it names in the state
 * its item says, the later item winning (checked when every part is plain
 * enough for this file's own parser to read). The mask is put back after each
 * input. */
#include "common.h"

#define NCODES 1100 /* above every registry code (999 is the highest) */
static signed char g_default[NCODES];
static char g_known[NCODES]; /* codes btx_event_enable takes */

static void snapshot(signed char *out) {
  for (int c = 0; c < NCODES; c++) {
    btx_clear_error();
    int e = btx_event_enabled(g_fz_session, c);
    fz_no_exception("btx_event_enabled");
    if (e < 0) fz_fail("btx_event_enabled(%d) = %d", c, e);
    out[c] = (signed char)e;
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_init();
  snapshot(g_default);
  int known = 0;
  for (int c = 0; c < NCODES; c++) {
    /* setting a code to the state it has changes nothing, and says
     * whether the registry knows it */
    g_known[c] = btx_event_enable(g_fz_session, c, g_default[c]) == BTX_OK;
    known += g_known[c];
  }
  if (known < 90) fz_fail("only %d event codes are known", known);
  return 0;
}

/* A part as the library must accept it at least: ASCII blanks around
 * [+]digits. -1 when this oracle cannot tell (the library may still take
 * it: Rust trims all Unicode white space). */
static int simple_code(const char *p, size_t n) {
  while (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\v' || *p == '\f')) p++, n--;
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\v' || p[n - 1] == '\f')) n--;
  if (n && *p == '+') p++, n--;
  if (n == 0 || n > 5) return -1;
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return -1;
    v = v * 10 + (p[i] - '0');
  }
  return v < NCODES ? v : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096) return 0;
  char *text = fz_strndup(data, size);
  size_t tlen = strlen(text);
  /* the key/value list: one item per input line */
  char *list = malloc(tlen + 64 * 20 + 16);
  if (!list) abort();
  size_t o = 0;
  signed char want[NCODES];
  memset(want, -2, sizeof want); /* -2: not named by any item */
  char *save = NULL;
  int items = 0, uncertain = 0, unknown = -1;
  for (char *l = strtok_r(text, "\n", &save); l && items < 64; l = strtok_r(NULL, "\n", &save), items++) {
    int on = (((unsigned char)l[0]) & 1) == 0;
    const char *value = l + 1;
    o += (size_t)sprintf(list + o, "%s=", on ? "btx_events_on" : "btx_events_off");
    size_t vl = strlen(value);
    memcpy(list + o, value, vl);
    o += vl;
    list[o++] = '\n';
    for (const char *p = value;;) {
      const char *comma = strchr(p, ',');
      size_t n = comma ? (size_t)(comma - p) : strlen(p);
      int c = simple_code(p, n);
      if (c >= 0 && g_known[c]) want[c] = (signed char)on;
      else if (c >= 0) unknown = c;
      else if (strspn(p, " \t\r\v\f") < n) uncertain = 1;
      if (!comma) break;
      p = comma + 1;
    }
  }
  list[o] = 0;
  btx_clear_error();
  int rc = btx_apply_settings(g_fz_session, list);
  fz_rc(rc, "btx_apply_settings");
  if (rc == BTX_OK && unknown >= 0) fz_fail("a list naming unknown event %d was accepted", unknown);
  signed char now[NCODES];
  snapshot(now);
  for (int c = 0; c < NCODES; c++) {
    if (rc != BTX_OK || want[c] == -2) {
      /* refused: nothing changed; accepted: codes no item names are as
       * they were, unless the oracle could not parse a part naming them */
      if (now[c] != g_default[c] && rc != BTX_OK)
        fz_fail("a refused list (%d: %s) changed event %d", rc, fz_last_error(), c);
    } else if (!uncertain && now[c] != want[c]) {
      fz_fail("event %d is %d after an accepted list that set it to %d", c, now[c], want[c]);
    }
  }
  /* back to the default mask */
  for (int c = 0; c < NCODES; c++)
    if (now[c] != g_default[c] && btx_event_enable(g_fz_session, c, g_default[c]) != BTX_OK)
      fz_fail("restoring event %d", c);
  free(list);
  free(text);
  fz_drain();
  return 0;
}
