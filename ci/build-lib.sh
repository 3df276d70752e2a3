#!/usr/bin/env bash
# Builds the library a host links: target/dist/libtorrentxt.so, exporting only
# btx_* symbols. cargo's own cdylib (target/release/libtorrentxt.so) also
# exports the cxx runtime's cxxbridge1$* functions, which a version script on
# it cannot hide, so we link the shared library ourselves from the staticlib.
#
# Usage: ci/build-lib.sh [--debug]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
cargo_flags=(--release)
if [ "${1:-}" = "--debug" ]; then profile=debug; cargo_flags=(); fi
cargo build "${cargo_flags[@]}" --lib
out=target/dist
mkdir -p "$out"
cc -shared -o "$out/libtorrentxt.so.tmp" \
  -Wl,-soname,libtorrentxt.so \
  -Wl,--whole-archive "target/$profile/libtorrentxt.a" -Wl,--no-whole-archive \
  -Wl,--version-script=ci/exports.map -Wl,--gc-sections -Wl,-z,defs \
  $(pkg-config --libs libtorrent-rasterbar) -lstdc++ -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
mv "$out/libtorrentxt.so.tmp" "$out/libtorrentxt.so"
bad=$(nm -D --defined-only "$out/libtorrentxt.so" | awk '{print $3}' | grep -v '^btx_' || true)
if [ -n "$bad" ]; then
  echo "build-lib: $out/libtorrentxt.so exports symbols other than btx_*:" >&2
  echo "$bad" | head -20 >&2
  exit 1
fi
echo "build-lib: $out/libtorrentxt.so ($(nm -D --defined-only "$out/libtorrentxt.so" | wc -l) btx_* exports, nothing else)"
