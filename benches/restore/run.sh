#!/usr/bin/env bash
# Restart at scale (issue 11, item 4): the same N resume blobs restored by
# torrentxt's durable session (btx_session_open on a store holding them) and
# added one by one through libtorrent's Python bindings, on this machine, in
# one run. Prints one table. Usage:
#
#   benches/restore/run.sh N        (e.g. 1000, 10000)
#
# Needs python3-libtorrent (ci/install-deps.sh --bench). Data goes to
# $BTX_BENCH_DIR/N (default /tmp/btx-restore-bench/N; reused when complete).
# BTX_SKIP_BUILD=1 uses the library already in target/dist. Runs niced.
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:?usage: benches/restore/run.sh N}"
py=/usr/bin/python3
$py -c 'import libtorrent' 2>/dev/null || {
  echo "run.sh: $py has no libtorrent module; run ci/install-deps.sh --bench" >&2; exit 1; }
work="${BTX_BENCH_DIR:-/tmp/btx-restore-bench}/$n"
mkdir -p "$work"
results="$work/results.jsonl"
: > "$results"
nice="nice -n 10"
if [ "${BTX_SKIP_BUILD:-0}" != 1 ]; then
  CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}" $nice ci/build-lib.sh >/dev/null
fi
$nice benches/restore/build.sh
echo "run.sh: data set of $n torrents in $work" >&2
$nice $py benches/restore/gen.py "$n" "$work" >&2
for mode in sync async; do
  $nice $py benches/restore/py_side.py "$work" "$mode" | tee -a "$results" >&2
done
$nice build/restore/btx_side add "$work" | tee -a "$results" >&2
if nm -D --defined-only target/dist/libtorrentxt.so.10 | grep -w btx_session_open_with >/dev/null; then
  state="$work/state.btx"
  rm -rf "$state" "$state"-*
  $nice build/restore/btx_side populate "$work" "$state" > "$work/populate.json"
  cat "$work/populate.json" >&2
  sync
  $nice build/restore/btx_side restore "$n" "$state" 2> "$work/restore.stderr" | tee -a "$results" >&2
else
  echo "run.sh: this library has no btx_session_open_with; the restore row is missing" >&2
fi
$py - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
label = {"python-sync": "Python: read_resume_data + add_torrent",
         "python-async": "Python: read_resume_data + async_add_torrent",
         "torrentxt-add": "torrentxt: btx_add_with_resume (in memory)",
         "torrentxt-restore": "torrentxt: btx_session_open_with (store)"}
hdr = ("side", "host returns", "all added", "all seeding", "CPU", "longest call", "calls > 10 ms",
       "RSS start", "RSS with N", "RSS growth", "rechecked")
widths = (44, 12, 9, 11, 7, 28, 13, 10, 10, 10, 9)
fmt = "| %-44s | %12s | %9s | %11s | %7s | %-28s | %13s | %10s | %10s | %10s | %9s |"
print(fmt % hdr)
print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for r in rows:
    ret = ("%.1f ms" % r["open_ms"]) if "open_ms" in r and r["side"].endswith("restore") else ("%.3f s" % r["host_s"])
    call = "%.2f ms" % r["max_call_ms"] + ((" (%s)" % r["max_call_fn"]) if r.get("max_call_fn") else "")
    print(fmt % (label.get(r["side"], r["side"]), ret, "%.3f s" % r["added_s"], "%.3f s" % r["status_s"],
                 "%.2f s" % r["cpu_s"], call, "%d of %d" % (r["calls_over_10ms"], r["calls"]), "%.1f MiB" % r["rss_empty_mib"],
                 "%.1f MiB" % r["rss_mib"], "%.1f MiB" % (r["rss_mib"] - r["rss_empty_mib"]), r["rechecked"]))
for r in rows:
    if r["side"] == "torrentxt-restore":
        print("\nrestore: btx_session_open_with returned in %.1f ms; restoreFinished at %.3f s; "
              "slowest call %.2f ms wall / %.2f ms CPU (%s, %d voluntary + %d involuntary context switches); "
              "%d of %d calls over 10 ms, %d of them waited (voluntary switch)" % (
                  r["open_ms"], r["restore_finished_s"], r["max_call_ms"], r["max_call_cpu_ms"], r["max_call_fn"],
                  r["max_call_vcsw"], r["max_call_ivcsw"], r["calls_over_10ms"], r["calls"], r["over_10ms_waited"]))
print("\nN = %d; all figures from one run on %s" % (rows[0]["n"], open("/proc/sys/kernel/hostname").read().strip()))
PY
if [ -f "$work/restore.stderr" ]; then
  echo
  echo "populate: $(cat "$work/populate.json")"
  cat "$work/restore.stderr"
fi
