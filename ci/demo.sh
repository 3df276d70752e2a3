#!/usr/bin/env bash
# Builds torrentxt and runs the offline demo: one process seeds and fetches a
# 16 MiB file over 127.0.0.1, printing progress and the verified result.
set -euo pipefail
cd "$(dirname "$0")/.."
ci/install-deps.sh
ci/build-lib.sh
mkdir -p target/demo
cc -std=c11 -O2 -Wall -Iinclude examples/demo.c -Ltarget/dist -ltorrentxt \
   -Wl,-rpath,"$PWD/target/dist" -o target/demo/demo
exec target/demo/demo "${1:-/tmp/torrentxt-demo}"
