#!/usr/bin/env bash
# Makes (once) the bare Debian root ci/test-bundled.sh runs the bundled library
# in: `debootstrap --variant=minbase` of this machine's release, from this
# machine's own Debian mirror (read from its apt sources, so the repository
# names no host). Cached outside the repository as a tarball keyed by suite,
# variant and architecture; it is written under a temporary name and renamed
# when complete, so an interrupted run leaves no half cache.
#
# Prints the tarball's path as the last line of stdout. Needs root.
# Usage: ci/make-rootfs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/common.sh

suite=$(. /etc/os-release && echo "${VERSION_CODENAME:?}")
arch=$(dpkg --print-architecture)
cache=$(btx_cache_dir)
tarball="$cache/rootfs-$suite-minbase-$arch.tar"
if [ -f "$tarball" ]; then echo "$tarball"; exit 0; fi

[ "$(id -u)" -eq 0 ] || { echo "make-rootfs: needs root (debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "make-rootfs: debootstrap is not installed (ci/install-deps.sh --test)" >&2; exit 1; }
mkdir -p "$cache"
exec 9>"$cache/.rootfs.lock"
flock 9
if [ -f "$tarball" ]; then echo "$tarball"; exit 0; fi

mirror=$(python3 ci/apt_sources.py mirror)
keyring=$(python3 ci/apt_sources.py keyring)
work=$(mktemp -d "$cache/.rootfs-XXXXXX")
trap 'btx_remove_tree "$work"' EXIT
echo "make-rootfs: debootstrap --variant=minbase $suite ($arch) from $mirror" >&2
t0=$(date +%s)
nice -n 10 debootstrap --variant=minbase --arch="$arch" ${keyring:+--keyring="$keyring"} \
  "$suite" "$work/root" "$mirror" > "$work/debootstrap.log" 2>&1 \
  || { tail -30 "$work/debootstrap.log" >&2; echo "make-rootfs: debootstrap failed" >&2; exit 1; }
# debootstrap unmounts what it mounted; make sure before archiving
for m in $(btx_mounts_under "$work/root"); do umount "$m"; done
rm -rf "$work/root/var/cache/apt/archives/"*.deb
tar --numeric-owner -C "$work/root" -cf "$work/rootfs.tar" .
mv "$work/rootfs.tar" "$tarball"
echo "make-rootfs: made in $(( $(date +%s) - t0 )) s: $tarball ($(du -m "$tarball" | cut -f1) MiB)" >&2
echo "$tarball"
