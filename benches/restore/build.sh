#!/usr/bin/env bash
# Builds the restore benchmark's C host against target/dist/libtorrentxt.so.10
# (ci/build-lib.sh makes it) -> build/restore/btx_side
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build/restore
cc -std=c11 -O2 -Wall -Wextra -Werror -Iinclude benches/restore/btx_side.c \
  -o build/restore/btx_side -Ltarget/dist -l:libtorrentxt.so.10 \
  -Wl,-rpath,"$PWD/target/dist"
