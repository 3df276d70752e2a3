/* A web seed (BEP 19): the payload served by a real HTTP server (lighttpd,
 * started by this test on 127.0.0.1) and downloaded with no BitTorrent peer
 * at all, only the URL seed. */
#include "harness.h"

#define SIZE (8u << 20)

int main(void) {
  int port = free_port();
  REQUIRE(port > 0, "free port");
  mkdirs(path_in("www"));
  mkdirs(path_in("leech"));
  write_random_file(path_in("www/web.bin"), SIZE, 31);
  FILE *conf = fopen(path_in("lighttpd.conf"), "w");
  REQUIRE(conf, "config");
  fprintf(conf, "server.document-root = \"%s\"\nserver.bind = \"127.0.0.1\"\nserver.port = %d\n"
                "server.errorlog = \"%s\"\n",
          path_in("www"), port, path_in("lighttpd.err"));
  fclose(conf);
  char *argv[] = {"lighttpd", "-D", "-f", (char *)path_in("lighttpd.conf"), NULL};
  pid_t http = start_program(argv, port);
  REQUIRE(http > 0, "lighttpd did not start on 127.0.0.1:%d (is it installed?)", port);

  int tlen = 0;
  uint8_t *tor = create_torrent(path_in("www/web.bin"), 0, "", &tlen);
  if (!tor) stop_program(http);
  REQUIRE(tor, "create");
  int s = loopback_session();
  int t = btx_add_torrent_file_ex(s, tor, tlen, path_in("leech"), "0", "48");
  REQUIRE(t > 0, "add");
  char url[128], text[256];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/web.bin", port);
  CHECK(btx_add_url_seed(t, url) == BTX_OK, "add_url_seed");
  list_t l = {0};
  CHECK(get_list(btx_url_seeds, t, &l) == 1 && strcmp(li_text(&l, 0, BTX_URLSEED_URL, text, sizeof text), url) == 0, "url seeds %s", text);
  long long t0 = now_ms();
  CHECK(wait_event(s, BTX_EVENT_TORRENT_FINISHED, t, 60000), "finished from the web seed alone");
  printf("8 MiB from the web seed in %lld ms\n", now_ms() - t0);
  CHECK(same_file(path_in("www/web.bin"), path_in("leech/web.bin")), "bytes");
  status_t st;
  get_status(t, &st);
  CHECK(st_int(&st, BTX_STATUS_IS_FINISHED) == 1, "finished");

  free(l.buf);
  free(tor);
  btx_session_free(s);
  stop_program(http);
  cleanup_tmp();
  return done();
}
