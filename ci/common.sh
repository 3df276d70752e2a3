# Sourced by the ci/ scripts (from the repository root): facts several
# scripts need, each read from its one source so nothing is written twice.

# The ABI version (src/registry.rs); it names the soname and the packages.
btx_abi() {
  local v
  v=$(sed -n 's/^pub const BTX_ABI_VERSION: c_int = \([0-9][0-9]*\);.*/\1/p' src/registry.rs)
  [ -n "$v" ] || { echo "ci: no BTX_ABI_VERSION in src/registry.rs" >&2; return 1; }
  echo "$v"
}

# The package version (Cargo.toml's [package] version).
btx_version() {
  local v
  v=$(awk -F'"' '/^\[/{p=($0=="[package]")} p && /^version *=/{print $2; exit}' Cargo.toml)
  [ -n "$v" ] || { echo "ci: no version in Cargo.toml" >&2; return 1; }
  echo "$v"
}

# Where built-once artefacts (static libtorrent, the test rootfs) live: outside
# the repository, so a fresh clone reuses them and `git clean` keeps them.
btx_cache_dir() {
  echo "${XDG_CACHE_HOME:-$HOME/.cache}/torrentxt"
}

# The highest GLIBC_x.y symbol version a binary needs: the oldest glibc it
# can load on.
btx_glibc_floor() {
  objdump -T "$1" | grep -oE 'GLIBC_[0-9]+(\.[0-9]+)+' | sed 's/GLIBC_//' | sort -uV | tail -1
}

# Fails unless the library's dynamic exports are btx_* functions only.
btx_check_exports() {
  local bad
  bad=$(nm -D --defined-only "$1" | awk '{print $3}' | grep -v '^btx_' || true)
  if [ -n "$bad" ]; then
    echo "ci: $1 exports symbols other than btx_*:" >&2
    echo "$bad" | head -20 >&2
    return 1
  fi
}

# Points name -> target inside a folder, replacing any old file atomically.
btx_symlink() {
  local dir=$1 target=$2 name=$3
  ln -sfn "$target" "$dir/$name.tmp"
  mv -Tf "$dir/$name.tmp" "$dir/$name"
}

# Mount points at or below a folder, deepest first.
btx_mounts_under() {
  local d
  d=$(readlink -f "$1")
  awk -v d="$d" '$2 == d || index($2, d "/") == 1 {print $2}' /proc/self/mounts | sort -r
}

# Unmounts everything at or below a folder, then deletes it without crossing
# into another file system: a bind-mounted /dev left behind must never be
# emptied.
btx_remove_tree() {
  [ -e "$1" ] || return 0
  local m
  for m in $(btx_mounts_under "$1"); do umount "$m" 2>/dev/null || umount -l "$m"; done
  [ -z "$(btx_mounts_under "$1")" ] || { echo "ci: $1 still has mounts; not deleting it" >&2; return 1; }
  rm -rf --one-file-system "$1"
}
