"""Runs the LCB binding's decoding (walker.py, a transliteration) on every
golden vector of docs/record-format.md, both ways the binding decodes: the
record walker, and the compact text form (the vector's .text, which the C
harness proves is what btx_records_text writes) split the way LiveCode's
builtins split it. Every value is checked against the vectors' committed
descriptions, and the two ways must give equal Arrays."""
import re
import unittest
from pathlib import Path

from walker import Walker, KSHAPE_EVENTS, KSHAPE_LIST, KSHAPE_RECORD, KTEXT_FLAG

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
NAMES = sorted(p.stem for p in VECTORS.glob("*.bin"))


def fnv(b):
    h = 0x811C9DC5
    for x in b:
        h = ((h ^ x) * 0x01000193) & 0xFFFFFFFF
    return h


def unescape(v):
    """The .txt writes control bytes, DEL and the backslash as \\xHH."""
    return re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes([int(m.group(1), 16)]), v.encode("utf-8")).decode("utf-8")


def expected(name, keys):
    """The description as a list of (event code or None, {key: (type, value)}),
    nested lists as lists of such dicts."""
    lines = (VECTORS / f"{name}.txt").read_text().splitlines()
    pos = 0

    def record():
        nonlocal pos
        n = int(lines[pos].split()[1])
        pos += 1
        out = {}
        for _ in range(n):
            head = lines[pos].split(" ", 2)
            pos += 1
            fid, ftype = int(head[0]), int(head[1])
            if ftype == 5:
                items = [record() for _ in range(int(head[2].split()[1]))]
                assert lines[pos] == f"end {fid}"
                pos += 1
                out[keys(fid)] = (5, items)
            else:
                out[keys(fid)] = (ftype, unescape(head[2]) if len(head) > 2 else "")
        return out

    first = lines[0].split()
    out = []
    if first[0] == "events":
        pos = 1
        for _ in range(int(first[1])):
            code = int(lines[pos].split()[1])
            pos += 1
            out.append((code, record()))
    elif first[0] == "items":
        pos = 1
        out = [(None, record()) for _ in range(int(first[1]))]
    else:
        out = [(None, record())]
    assert pos == len(lines), f"{name}: {len(lines) - pos} lines left"
    return out


def shape(name):
    return KSHAPE_EVENTS if name.startswith("events") else KSHAPE_LIST if name.startswith("list") else KSHAPE_RECORD


def decode(name, records_only):
    """The vector decoded as the binding decodes the same bytes in sBuf."""
    data = (VECTORS / f"{name}.bin").read_bytes()
    text = (VECTORS / f"{name}.text").read_bytes()
    w = Walker()
    w.sBuf = data
    w.sRecordsOnly = records_only

    def text_for(s, d):
        assert s == shape(name) and d == data, "the binding converts exactly the bytes the library wrote"
        return text

    w.text_for = text_for
    if shape(name) == KSHAPE_EVENTS:
        events = []
        w._EventsAt(len(data), events)
        return w, events
    if shape(name) == KSHAPE_LIST:
        return w, w._ListAt(len(data))
    return w, [w._RecordAt(len(data))]


class DecodingOnGoldenVectors(unittest.TestCase):
    def same(self, got, want, where):
        ftype, value = want
        if ftype == 3:
            self.assertIsInstance(got, bytes, where)
            self.assertEqual(value, f"len={len(got)} fnv={fnv(got):08x}", where)
        elif ftype == 5:
            self.assertEqual(len(got), len(value), where)
            for i, (g, v) in enumerate(zip(got, value)):
                self.assertEqual(set(g), set(v), f"{where} item {i}")
                for k in v:
                    self.same(g[k], v[k], f"{where} item {i} {k}")
        else:
            self.assertEqual(got, value, where)

    def check(self, name, records, w):
        want = expected(name, w._fieldKey)
        self.assertEqual(len(records), len(want), name)
        for i, ((code, fields), got) in enumerate(zip(want, records)):
            extra = {"code", "name"} if code is not None else set()
            self.assertEqual(set(got), set(fields) | extra, f"{name} record {i}: keys")
            for key, value in fields.items():
                if code is not None and key in extra:
                    continue  # code and name win over a field of that name
                self.same(got[key], value, f"{name} record {i} {key}")
            if code is not None:
                self.assertEqual(got["code"], code)
                self.assertIsInstance(got["code"], int, "code is a Number, as the walker makes it")
                self.assertEqual(got["name"], w._eventName(code))

    def test_every_vector_both_ways(self):
        self.assertGreaterEqual(len(NAMES), 8)
        for name in NAMES:
            with self.subTest(name=name):
                w, fast = decode(name, records_only=False)
                self.check(name, fast, w)
                w2, slow = decode(name, records_only=True)
                self.check(name, slow, w2)
                self.assertEqual(fast, slow, f"{name}: the text form and the record walker disagree")

    def test_the_tricky_vectors_use_both_paths(self):
        for name, flags in [("status-tricky", 1), ("list-tricky", 4), ("events-tricky", 2), ("metainfo", 1), ("events-large", 1)]:
            text = (VECTORS / f"{name}.text").read_bytes().decode("utf-8")
            self.assertEqual(text.count(KTEXT_FLAG), flags, name)
        _, files = decode("list-tricky", records_only=False)
        self.assertEqual(files[0]["path"], "dir/tab\there and a newline\nend")
        self.assertEqual(files[2]["path"], "rs\x1einside")
        self.assertEqual(files[5], {}, "a record of no field")
        self.assertEqual(files[7]["path"], "nul\x00inside")
        _, events = decode("events-tricky", records_only=False)
        self.assertEqual([e["name"] for e in events],
                         ["torrentAdded", "torrentAdded", "resumeDataReady", "pieceFinished", "stateChanged", "torrentEvent"])
        self.assertEqual(events[1]["torrentName"], "group\x1dseparator")
        self.assertEqual(events[2]["resumeData"], b"d4:infod4:name1:\x1eee")
        self.assertEqual(events[5]["field250"], "from the future")
        _, meta = decode("metainfo", records_only=False)
        self.assertEqual([f["path"] for f in meta[0]["files"]][:2], ["album/01 intro.flac", "album/.pad/25536"])

    def test_status_values(self):
        _, (rec,) = decode("status", records_only=False)
        self.assertEqual(len(rec), 28)
        self.assertEqual(rec["name"], "ubuntu-24.04.iso")
        self.assertEqual(rec["savePath"], "/home/ïx/downloads")
        self.assertEqual(rec["totalWanted"], "4294967296", "64-bit values stay exact text")

    def test_bulk_status_is_keyed_by_torrent(self):
        # a bulk answer is a list of records that start with their torrent
        # handle: one plain, one whose name holds US (flagged)
        from torrentxt_records import bulk_vector
        data, text = bulk_vector()
        for records_only in (False, True):
            w = Walker()
            w.sBuf = data
            w.sRecordsOnly = records_only
            w.text_for = lambda s, d: text
            self.assertEqual(w._ByTorrentAt(len(data)),
                             {"5": {"torrent": "5", "name": "a", "state": "3"},
                              "1048577": {"torrent": "1048577", "name": "b\x1fc", "state": "5"}})

    def test_truncated_input_fails_in_the_walker(self):
        data = (VECTORS / "events-large.bin").read_bytes()
        with self.assertRaises(IndexError):
            Walker()._Events(data[:-1], [])

    def test_builtin_split_semantics(self):
        from walker import split_by, mc_string_split
        self.assertEqual(split_by("", "\x1d"), [])
        self.assertEqual(split_by("a\x1db\x1d", "\x1d"), ["a", "b"])
        self.assertEqual(split_by("a\x1d\x1db", "\x1d"), ["a", "", "b"])
        self.assertEqual(mc_string_split("k\x1fv\x1ee\x1f\x1ek\x1fw", "\x1e", "\x1f"), {"k": "w", "e": ""})


if __name__ == "__main__":
    unittest.main()
