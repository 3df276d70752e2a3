#!/usr/bin/env bash
# Installs what building and testing torrentxt needs, when it is missing.
# As root (or with sudo) it uses apt-get; otherwise it says exactly what to
# install and stops. Usage: ci/install-deps.sh [--test] [--bench]  (--test
# adds what the test suite's helper programs need; --bench what the by-hand
# benchmarks compare against, benches/restore/)
set -euo pipefail
pkgs=(libtorrent-rasterbar-dev pkg-config cmake gcc g++ make)
want_test=0; want_bench=0
for a in "$@"; do
  case "$a" in
    --test) want_test=1 ;;
    --bench) want_bench=1 ;;
    *) echo "install-deps: unknown option $a (use --test, --bench)" >&2; exit 2 ;;
  esac
done
if [ "$want_bench" = 1 ]; then
  # benches/restore/ adds the same resume data through
  # libtorrent's own Python bindings, for comparison
  pkgs+=(python3-libtorrent)
fi
if [ "$want_test" = 1 ]; then
  # real helper programs the C harness starts on 127.0.0.1
  pkgs+=(opentracker lighttpd)
  # the bundled build (libtorrent from its Debian source package, static
  # OpenSSL) and the bare Debian root it is tested in
  pkgs+=(dpkg-dev ninja-build libssl-dev debootstrap)
  # the fuzz stage (ci/fuzz-smoke.sh): clang with the distribution's matching
  # compiler-rt (libFuzzer, ASan, UBSan); llvm for llvm-profdata/llvm-cov;
  # iproute2 to bring up loopback in the fuzzers' network namespace
  pkgs+=(clang libclang-rt-dev llvm iproute2)
  # the CLI tests (cli/tests): an independent BitTorrent client on loopback,
  # and `script` (bsdutils) for the pseudo-terminal check of the display
  pkgs+=(aria2 bsdutils)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v cargo >/dev/null 2>&1; then
  echo "install-deps: cargo (Rust) is not on PATH; install Rust from https://rustup.rs first" >&2
  exit 1
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: please install these with your package manager: ${missing[*]}" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo"
  else
    echo "install-deps: missing packages; run as root:" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
