#!/usr/bin/env python3
"""Makes the restore benchmark's data set: N small synthetic torrents whose
payloads are on disk, and one seeding-complete resume blob per torrent as
libtorrent itself saves it. Usage (python3-libtorrent, see README.md):

    /usr/bin/python3 benches/restore/gen.py N WORKDIR

WORKDIR (outside the repository; run.sh uses /tmp/btx-restore-bench/N) gets
  data/t00000/...   the payloads: 1-4 files of 300 B - 6 KiB, distinct bytes
  blobs/00000.resume  libtorrent resume data (bencoded, with the info dict)

The blobs are real: every torrent is added to a loopback-only session with
its files present, checked by libtorrent, and saved with save_resume_data
(save_info_dict), so a restore finds every piece and the files' sizes and
needs no recheck. Torrents are neither paused nor auto-managed, so each one
comes back seeding. Prints one JSON line with what it made and how long it
took. Re-running with the same N and WORKDIR reuses a complete data set."""
import json
import os
import random
import sys
import time

import libtorrent as lt

SETTINGS = {"listen_interfaces": "127.0.0.1:0", "enable_dht": False, "enable_lsd": False,
            "enable_upnp": False, "enable_natpmp": False,
            "alert_mask": int(lt.alert.category_t.status_notification | lt.alert.category_t.error_notification),
            "alert_queue_size": 100000}
PIECE = 16384


def make_payload(data, i):
    """Writes torrent i's files and returns its .torrent bytes."""
    rng = random.Random(0xB7 * 1_000_003 + i)
    name = "t%05d" % i
    top = os.path.join(data, name)
    os.makedirs(top, exist_ok=True)
    for f in range(rng.randint(1, 4)):
        with open(os.path.join(top, "f%d.bin" % f), "wb") as out:
            out.write(rng.randbytes(rng.randint(300, 6144)))
    fs = lt.file_storage()
    lt.add_files(fs, top)
    ct = lt.create_torrent(fs, PIECE)
    ct.set_creator("torrentxt restore bench")
    lt.set_piece_hashes(ct, data)
    return lt.bencode(ct.generate())


def drain(ses, until, deadline, on_alert):
    while not until():
        if time.monotonic() > deadline:
            raise SystemExit("gen: timed out")
        ses.wait_for_alert(200)
        for a in ses.pop_alerts():
            on_alert(a)


def main():
    n, work = int(sys.argv[1]), sys.argv[2]
    data, blobs = os.path.join(work, "data"), os.path.join(work, "blobs")
    done_marker = os.path.join(work, "COMPLETE")
    if os.path.exists(done_marker):
        print(json.dumps({"side": "gen", "n": n, "reused": True}))
        return
    os.makedirs(data, exist_ok=True)
    os.makedirs(blobs, exist_ok=True)
    t0 = time.monotonic()
    torrents = [make_payload(data, i) for i in range(n)]
    t_create = time.monotonic() - t0

    ses = lt.session(SETTINGS)
    t1 = time.monotonic()
    index = {}  # info-hash (v1 hex) -> i
    for i, tor in enumerate(torrents):
        atp = lt.add_torrent_params()
        atp.ti = lt.torrent_info(lt.bdecode(tor))
        atp.save_path = data
        atp.flags &= ~(lt.torrent_flags.auto_managed | lt.torrent_flags.paused)
        index[str(atp.ti.info_hashes().v1)] = i
        ses.async_add_torrent(atp)
    handles, seeding = {}, set()
    saved = 0
    deadline = time.monotonic() + 60 + n * 0.05

    def on_alert(a):
        nonlocal saved
        if isinstance(a, lt.add_torrent_alert):
            if a.error.value():
                raise SystemExit("gen: add failed: %s" % a.error.message())
            handles[str(a.handle.info_hashes().v1)] = a.handle
        elif isinstance(a, lt.torrent_finished_alert) or (
                isinstance(a, lt.state_changed_alert) and a.state == lt.torrent_status.seeding):
            h = str(a.handle.info_hashes().v1)
            if h not in seeding:
                seeding.add(h)
                a.handle.save_resume_data(lt.save_resume_flags_t.save_info_dict)
        elif isinstance(a, lt.save_resume_data_alert):
            i = index[str(a.handle.info_hashes().v1)]
            blob = lt.write_resume_data_buf(a.params)
            with open(os.path.join(blobs, "%05d.resume" % i), "wb") as out:
                out.write(blob)
            saved += 1
        elif isinstance(a, (lt.save_resume_data_failed_alert, lt.torrent_error_alert)):
            raise SystemExit("gen: %s" % a.message())

    drain(ses, lambda: saved == n, deadline, on_alert)
    t_resume = time.monotonic() - t1
    del ses
    with open(done_marker, "w") as out:
        out.write("%d\n" % n)
    print(json.dumps({"side": "gen", "n": n, "create_s": round(t_create, 2),
                      "check_and_save_s": round(t_resume, 2),
                      "blob_bytes": sum(os.path.getsize(os.path.join(blobs, f)) for f in os.listdir(blobs))}))


if __name__ == "__main__":
    main()
