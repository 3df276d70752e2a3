#!/usr/bin/env python3
"""The restore benchmark's reference side: a fresh process adds the N resume
blobs one by one through libtorrent's own Python bindings, the way a Python
host restores its torrents from a folder. Usage:

    /usr/bin/python3 benches/restore/py_side.py WORKDIR sync|async

sync:  per blob, read the file, lt.read_resume_data, ses.add_torrent (which
       returns once libtorrent's network thread has added the torrent).
async: the same with ses.async_add_torrent; the torrents are added when their
       add_torrent_alert arrives.

Measures, from the first blob read:
  added_s      every torrent added (sync: the loop's end; async: the N-th
               add_torrent_alert)
  host_s       the host loop alone (reading + parsing + the add calls)
  max_call_ms  the longest single read_resume_data + add call (with the
               blob's file read); calls_over_10ms how many took over 10 ms
  status_s     every torrent's status says seeding (post_torrent_updates)
  rechecked    torrents seen in checking_files (0: nobody was rechecked)
  rss_mib      VmRSS of this process with all N seeding (also hwm_mib)
  cpu_s        CPU time of the process (all threads) from the start to then
Prints one JSON line."""
import json
import os
import sys
import time

import libtorrent as lt

SETTINGS = {"listen_interfaces": "127.0.0.1:0", "enable_dht": False, "enable_lsd": False,
            "enable_upnp": False, "enable_natpmp": False,
            "alert_mask": int(lt.alert.category_t.status_notification | lt.alert.category_t.error_notification),
            "alert_queue_size": 100000}


def vm(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def main():
    work, mode = sys.argv[1], sys.argv[2]
    blobs = os.path.join(work, "blobs")
    names = sorted(os.listdir(blobs))
    n = len(names)
    ses = lt.session(SETTINGS)
    rss_before = vm("VmRSS")
    added, errors = 0, 0
    states = {}  # info-hash -> state
    rechecked = set()

    def handle_alerts():
        nonlocal added, errors
        for a in ses.pop_alerts():
            if isinstance(a, lt.add_torrent_alert):
                if a.error.value():
                    errors += 1
                added += 1
            elif isinstance(a, lt.state_update_alert):
                for st in a.status:
                    h = str(st.info_hashes.v1)
                    states[h] = st.state
                    if st.state == lt.torrent_status.checking_files:
                        rechecked.add(h)
            elif isinstance(a, lt.torrent_error_alert):
                errors += 1

    max_call, over_10ms = 0.0, 0
    cpu0 = time.process_time()
    t0 = time.monotonic()
    for name in names:
        c0 = time.monotonic()
        with open(os.path.join(blobs, name), "rb") as f:
            atp = lt.read_resume_data(f.read())
        if mode == "sync":
            ses.add_torrent(atp)
        else:
            ses.async_add_torrent(atp)
        d = time.monotonic() - c0
        max_call = max(max_call, d)
        over_10ms += d > 0.010
    host_s = time.monotonic() - t0
    deadline = time.monotonic() + 120 + n * 0.02
    while added < n:
        if time.monotonic() > deadline:
            raise SystemExit("py_side: only %d of %d added" % (added, n))
        ses.wait_for_alert(100)
        handle_alerts()
    added_s = time.monotonic() - t0
    seeding = (lt.torrent_status.seeding, lt.torrent_status.finished)
    while True:
        ses.post_torrent_updates()
        ses.wait_for_alert(100)
        handle_alerts()
        if len(states) == n and all(s in seeding for s in states.values()):
            break
        if time.monotonic() > deadline:
            raise SystemExit("py_side: only %d of %d seeding" % (
                sum(s in seeding for s in states.values()), n))
        time.sleep(0.01)
    status_s = time.monotonic() - t0
    print(json.dumps({"side": "python-" + mode, "n": n, "host_s": round(host_s, 3),
                      "added_s": round(added_s, 3), "max_call_ms": round(max_call * 1000, 2),
                      "calls": n, "calls_over_10ms": over_10ms,
                      "status_s": round(status_s, 3), "rechecked": len(rechecked), "errors": errors,
                      "torrents": len(ses.get_torrents()),
                      "rss_mib": round(vm("VmRSS"), 1), "rss_empty_mib": round(rss_before, 1),
                      "hwm_mib": round(vm("VmHWM"), 1), "cpu_s": round(time.process_time() - cpu0, 3)}))


if __name__ == "__main__":
    main()
