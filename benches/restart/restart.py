#!/usr/bin/env python3
"""Restart benchmark (issue 11, docs/durability.md): a durable session's
store holding N small torrents (resume data with metainfo) is opened, and we
time how long btx_session_open takes to return, how long until every torrent
is back (torrentAdded for each), the longest single btx_* call the host made
meanwhile (it polls events, the torrent count and the status of all), how
long until btx_status_all answers for all N, and the process's RSS. Then the
same resume blobs are added one by one through libtorrent's own Python
bindings (read_resume_data + add_torrent), in a separate process, and its
time and RSS are measured the same way. Each side runs in a fresh process.

    ci/install-deps.sh --bench && ci/build-lib.sh
    /usr/bin/python3 benches/restart/restart.py 1000 10000

Prints a table; asserts nothing about time. Not run by CI."""
import ctypes
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIB = os.path.join(ROOT, "target", "dist", "libtorrentxt.so")
SETTINGS = {"listen_interfaces": "127.0.0.1:0", "enable_dht": False, "enable_lsd": False,
            "enable_upnp": False, "enable_natpmp": False, "alert_queue_size": 100000}
SEED_MODE = 1


def lib():
    L = ctypes.CDLL(LIB)
    L.btx_session_open_with.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    L.btx_add.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
    L.btx_pop_alerts.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
    L.btx_status_all.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
    L.btx_last_error.argtypes = [ctypes.c_char_p, ctypes.c_int]
    return L


def last_error(L):
    buf = ctypes.create_string_buffer(1024)
    L.btx_last_error(buf, 1024)
    return buf.value.decode()


def rss_kib():
    fields = {}
    with open("/proc/self/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def setup(n, work):
    """N one-piece torrents of 4 KiB files, seeded, stored in a durable session."""
    import libtorrent as lt
    data = os.path.join(work, "data")
    os.makedirs(data)
    rnd = random.Random(n)
    L = lib()
    s = L.btx_session_open_with(os.path.join(work, "state.db").encode(), settings_text().encode())
    assert s > 0, last_error(L)
    t0 = time.monotonic()
    for i in range(n):
        name = f"f{i:05d}.bin"
        with open(os.path.join(data, name), "wb") as f:
            f.write(rnd.randbytes(4096))
        fs = lt.file_storage()
        lt.add_files(fs, os.path.join(data, name))
        ct = lt.create_torrent(fs, 16384)
        lt.set_piece_hashes(ct, data)
        tor = lt.bencode(ct.generate())
        opts = f"savePath={data}\nflags={SEED_MODE}\nmask={SEED_MODE}\n".encode()
        h = L.btx_add(s, opts, tor, len(tor))
        assert h > 0, last_error(L)
    added = time.monotonic() - t0
    rc = L.btx_store_flush(s, 600000)
    assert rc == 0, last_error(L)
    L.btx_session_free(s)
    return added


def settings_text():
    return "".join(f"{k}={'true' if v is True else 'false' if v is False else v}\n" for k, v in SETTINGS.items())


def run_torrentxt(state, n):
    L = lib()
    buf = ctypes.create_string_buffer(256 << 10)
    longest = [0.0, ""]

    def call(name, f, *a):
        c0 = time.perf_counter()
        r = f(*a)
        d = time.perf_counter() - c0
        if d > longest[0]:
            longest[0], longest[1] = d, name
        return r

    t0 = time.perf_counter()
    s = call("btx_session_open_with", L.btx_session_open_with, state.encode(), settings_text().encode())
    t_open = time.perf_counter() - t0
    assert s > 0, last_error(L)
    longest = [0.0, ""]  # from here on: the calls made while the restore runs
    t_all = None
    # the status of all as a host sizes it: ask, then allocate with slack
    need = -L.btx_status_all(s, b"state", None, 0)
    statbuf = ctypes.create_string_buffer(max(need, 64) + n * 16 + 4096)
    t_status = None
    for _ in range(10_000_000):
        call("btx_pop_alerts", L.btx_pop_alerts, s, buf, len(buf))
        count = call("btx_torrent_count", L.btx_torrent_count, s)
        if t_all is None and count == n:
            t_all = time.perf_counter() - t0
        if t_all is not None:
            got = call("btx_status_all", L.btx_status_all, s, b"state", statbuf, len(statbuf))
            # the list starts with its item count (u16, or 0xFFFF + u32)
            items = int.from_bytes(statbuf.raw[0:2], "big")
            if items == 0xFFFF:
                items = int.from_bytes(statbuf.raw[2:6], "big")
            if got > 0 and items == n:
                t_status = time.perf_counter() - t0
                break
        if time.perf_counter() - t0 > 600:
            break
        time.sleep(0.001)
    rss, hwm = rss_kib()
    t1 = time.perf_counter()
    L.btx_session_free(s)
    t_free = time.perf_counter() - t1
    return {"open_ms": t_open * 1e3, "all_added_s": t_all, "status_all_s": t_status,
            "longest_call_ms": longest[0] * 1e3, "longest_call": longest[1], "rss_mib": rss / 1024,
            "peak_rss_mib": hwm / 1024, "free_ms": t_free * 1e3}


def run_python(state, n):
    import libtorrent as lt
    db = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
    blobs = [r[0] for r in db.execute("SELECT resume FROM torrents ORDER BY rowid")]
    db.close()
    assert len(blobs) == n
    ses = lt.session(SETTINGS)
    t0 = time.perf_counter()
    longest = 0.0
    for b in blobs:
        c0 = time.perf_counter()
        p = lt.read_resume_data(b)
        ses.add_torrent(p)
        longest = max(longest, time.perf_counter() - c0)
    t_all = time.perf_counter() - t0
    st = ses.get_torrent_status(lambda s: True)
    t_status = time.perf_counter() - t0
    assert len(st) == n
    rss, hwm = rss_kib()
    return {"all_added_s": t_all, "status_all_s": t_status, "longest_call_ms": longest * 1e3,
            "rss_mib": rss / 1024, "peak_rss_mib": hwm / 1024}


def main():
    if len(sys.argv) >= 4 and sys.argv[1] in ("torrentxt", "python"):
        f = run_torrentxt if sys.argv[1] == "torrentxt" else run_python
        print(json.dumps(f(sys.argv[2], int(sys.argv[3]))))
        return
    counts = [int(a) for a in sys.argv[1:]] or [1000]
    for n in counts:
        work = tempfile.mkdtemp(prefix=f"btx-restart-{n}-")
        try:
            t_setup = setup(n, work)
            state = os.path.join(work, "state.db")
            size = os.path.getsize(state)
            res = {}
            for side in ("torrentxt", "python"):
                out = subprocess.run([sys.executable, __file__, side, state, str(n)], check=True,
                                     capture_output=True, text=True).stdout
                res[side] = json.loads(out.strip().splitlines()[-1])
            x, p = res["torrentxt"], res["python"]
            print(f"\n{n} torrents (store {size / 1e6:.1f} MB; {n} adds stored in {t_setup:.1f} s during setup)")
            print(f"  torrentxt  open returned in {x['open_ms']:.1f} ms; all added in {x['all_added_s']:.2f} s; "
                  f"status of all in {x['status_all_s']:.2f} s; longest host call during the restore {x['longest_call_ms']:.1f} ms "
                  f"({x['longest_call']}); RSS {x['rss_mib']:.0f} MiB (peak {x['peak_rss_mib']:.0f}); "
                  f"free {x['free_ms']:.0f} ms")
            print(f"  python-lt  all added in {p['all_added_s']:.2f} s (blocking the caller throughout); "
                  f"status of all in {p['status_all_s']:.2f} s; longest add {p['longest_call_ms']:.1f} ms; "
                  f"RSS {p['rss_mib']:.0f} MiB (peak {p['peak_rss_mib']:.0f})")
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
