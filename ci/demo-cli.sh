#!/usr/bin/env bash
# The main job offline, through the command line: `torrentxt share` seeds a
# 16 MiB file on 127.0.0.1 in one process, `torrentxt get` fetches it by its
# magnet link in another (with the live progress display), and the bytes are
# compared. No DHT, LSD or port mapping: nothing leaves the machine.
# Usage: ci/demo-cli.sh [work-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
ci/install-deps.sh
cargo build --release -q -p torrentxt-cli
bin="$PWD/target/release/torrentxt"
dir="${1:-/tmp/torrentxt-cli-demo}"
rm -rf "$dir" && mkdir -p "$dir/src" "$dir/got"
head -c 16777216 /dev/urandom > "$dir/src/demo.bin"
local=(--no-dht --no-lsd --no-portmap)
"$bin" share "$dir/src/demo.bin" --state "$dir/state" --listen 127.0.0.1:46881 "${local[@]}" -q > "$dir/magnet.txt" &
seeder=$!
trap 'kill -INT $seeder 2>/dev/null; wait $seeder 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do [ -s "$dir/magnet.txt" ] && break; sleep 0.1; done
magnet=$(head -1 "$dir/magnet.txt")
[ -n "$magnet" ] || { echo "demo: share printed no magnet link" >&2; exit 1; }
echo "share: $magnet"
"$bin" get "$magnet" -o "$dir/got" --peer 127.0.0.1:46881 --listen 127.0.0.1:46882 "${local[@]}" --no-seed
cmp "$dir/src/demo.bin" "$dir/got/demo.bin"
echo "demo: the 16 MiB arrived byte for byte ($dir/got/demo.bin)"
