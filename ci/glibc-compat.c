/* glibc-compat.c - linked into the bundled library only (ci/build-bundled.sh).
 *
 * GCC 12's static libstdc++ (std::random_device) calls arc4random, which
 * glibc added in 2.36; everything else the library needs is in glibc 2.35.
 * This definition, built on getrandom (glibc 2.25), satisfies that reference
 * inside the library, so it loads on glibc 2.35 (Ubuntu 22.04) too. It is
 * hidden: nothing outside the library sees or uses it.
 *
 * Like glibc's arc4random it cannot fail: getrandom on a kernel that has it
 * (Linux 3.17+) only returns short or fails for signals, which are retried;
 * anything else ends the process, as glibc's own arc4random does. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

__attribute__((visibility("hidden"))) uint32_t arc4random(void) {
  uint32_t value;
  for (int attempt = 0; attempt < 1000; attempt++) {
    ssize_t n = getrandom(&value, sizeof value, 0);
    if (n == (ssize_t)sizeof value) return value;
    if (n < 0 && errno != EINTR) break;
  }
  abort();
}
