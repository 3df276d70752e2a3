#!/usr/bin/env python3
"""Loopback transfer benchmark: the same 32 MiB seed-and-fetch over 127.0.0.1,
once through torrentxt's C ABI (driven from Python with ctypes, the way any
FFI host drives it) and once written directly against libtorrent (Debian's
python3-libtorrent). Both use the same settings; the pump and the status path
must not slow the data plane. Usage:

    ci/build-lib.sh && /usr/bin/python3 benches/loopback_transfer.py [runs]

Prints the median time of each; asserts nothing about time."""
import ctypes
import os
import shutil
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZE = 32 << 20
SETTINGS = {"listen_interfaces": "127.0.0.1:0", "enable_dht": False, "enable_lsd": False,
            "enable_upnp": False, "enable_natpmp": False, "enable_outgoing_utp": False,
            "enable_incoming_utp": False, "allow_multiple_connections_per_ip": True}


def payload(dirname):
    os.makedirs(os.path.join(dirname, "seed"))
    os.makedirs(os.path.join(dirname, "leech"))
    path = os.path.join(dirname, "seed", "payload.bin")
    with open(path, "wb") as f:
        f.write(os.urandom(SIZE))
    return path


def via_torrentxt(tmp):
    lib = ctypes.CDLL(os.path.join(ROOT, "target/dist/libtorrentxt.so"))
    lib.btx_create_torrent.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
    lib.btx_add_torrent_file_ex.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
    path = payload(tmp)
    need = -lib.btx_create_torrent(path.encode(), 0, 0, b"", None, 0)
    tor = ctypes.create_string_buffer(need)
    assert lib.btx_create_torrent(path.encode(), 0, 0, b"", tor, need) == need

    def session():
        s = lib.btx_session_new()
        for k, v in SETTINGS.items():
            if isinstance(v, bool):
                lib.btx_set_bool(s, k.encode(), int(v))
            else:
                lib.btx_set_str(s, k.encode(), v.encode())
        while lib.btx_listen_port(s) == 0:
            time.sleep(0.01)
        return s

    a, b = session(), session()
    ta = lib.btx_add_torrent_file_ex(a, tor, need, os.path.join(tmp, "seed").encode(), b"0", b"48")
    buf = ctypes.create_string_buffer(1 << 20)
    # wait for the seed: isSeeding is field 21 of the status record
    while b"\x15\x00\x00\x011" not in buf.raw[:max(0, lib.btx_torrent_status(ta, buf, len(buf)))]:
        time.sleep(0.01)
    tb = lib.btx_add_torrent_file_ex(b, tor, need, os.path.join(tmp, "leech").encode(), b"0", b"48")
    lib.btx_connect_peer(tb, b"127.0.0.1", lib.btx_listen_port(a))
    t0 = time.time()
    done = False
    while not done and time.time() - t0 < 120:
        n = lib.btx_pop_alerts(b, buf, len(buf))
        if n > 0:
            # walk the drain: [count][code][bodyLen]...; torrentFinished is code 4
            raw, pos = buf.raw, 2
            for _ in range(n):
                code = int.from_bytes(raw[pos:pos + 2], "big")
                blen = int.from_bytes(raw[pos + 2:pos + 4], "big")
                pos += 4
                if blen == 0xFFFF:
                    blen = int.from_bytes(raw[pos:pos + 4], "big")
                    pos += 4
                pos += blen
                done |= code == 4
        else:
            time.sleep(0.005)
    took = time.time() - t0
    lib.btx_session_free(a)
    lib.btx_session_free(b)
    assert done
    return took


def via_libtorrent(tmp):
    import libtorrent as lt
    path = payload(tmp)
    fs = lt.file_storage()
    lt.add_files(fs, path)
    ct = lt.create_torrent(fs)
    lt.set_piece_hashes(ct, os.path.join(tmp, "seed"))
    ti = lt.torrent_info(lt.bencode(ct.generate()))
    settings = dict(SETTINGS, alert_mask=lt.alert_category.status | lt.alert_category.error)
    a, b = lt.session(settings), lt.session(settings)

    def params(where):
        p = lt.add_torrent_params()
        p.ti = ti
        p.save_path = where
        p.flags &= ~(lt.torrent_flags.paused | lt.torrent_flags.auto_managed)
        return p

    ta = a.add_torrent(params(os.path.join(tmp, "seed")))
    while not ta.status().is_seeding:
        time.sleep(0.01)
    tb = b.add_torrent(params(os.path.join(tmp, "leech")))
    tb.connect_peer(("127.0.0.1", a.listen_port()))
    t0 = time.time()
    done = False
    while not done and time.time() - t0 < 120:
        b.wait_for_alert(5)
        done = any(isinstance(x, lt.torrent_finished_alert) for x in b.pop_alerts())
    took = time.time() - t0
    assert done
    return took


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    results = {"torrentxt C ABI (ctypes)": [], "libtorrent directly": []}
    for _ in range(runs):
        for name, fn in (("torrentxt C ABI (ctypes)", via_torrentxt), ("libtorrent directly", via_libtorrent)):
            tmp = tempfile.mkdtemp(prefix="btx-bench-")
            try:
                results[name].append(fn(tmp))
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    for name, times in results.items():
        print(f"32 MiB over 127.0.0.1, {name:<26} median {statistics.median(times) * 1000:7.0f} ms "
              f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, {len(times)} runs)")


if __name__ == "__main__":
    main()
