"""Runs the LCB walker's logic (walker.py, a transliteration) on the golden
vectors of docs/record-format.md and checks every value against the
vectors' committed descriptions."""
import unittest
from pathlib import Path

from walker import Walker, FIELD_KEY, EVENT_NAME

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def fnv(b):
    h = 0x811C9DC5
    for x in b:
        h = ((h ^ x) * 0x01000193) & 0xFFFFFFFF
    return h


def expected(name):
    """The description as a list of records: [(event code or None, {key: value})]."""
    out, cur, code = [], None, None
    for line in (VECTORS / f"{name}.txt").read_text().splitlines():
        head = line.split(" ", 2)
        if head[0] == "event":
            code = int(head[1])
        elif head[0] == "record":
            cur = {}
            out.append((code, cur))
        elif head[0] in ("events", "items"):
            continue
        else:
            fid, ftype = int(head[0]), int(head[1])
            value = head[2] if len(head) > 2 else ""
            cur[FIELD_KEY[fid]] = (ftype, value)
    return out


def same(got, want):
    ftype, value = want
    if ftype == 3:
        return isinstance(got, bytes) and value == f"len={len(got)} fnv={fnv(got):08x}"
    return got == value


class WalkerOnGoldenVectors(unittest.TestCase):
    def check(self, records, want):
        self.assertEqual(len(records), len(want))
        for (code, fields), got in zip(want, records):
            for key, w in fields.items():
                self.assertTrue(same(got[key], w), f"{key}: {got[key]!r} vs {w}")
            if code is not None:
                self.assertEqual(got["code"], code)
                self.assertEqual(got["name"], EVENT_NAME[code])

    def test_status(self):
        data = (VECTORS / "status.bin").read_bytes()
        w = Walker()
        w.sPos = 1
        rec = w._Record(data)
        self.assertEqual(w.sPos, len(data) + 1, "the walker consumed exactly the record")
        self.check([rec], expected("status"))
        self.assertEqual(rec["name"], "ubuntu-24.04.iso")
        self.assertEqual(rec["savePath"], "/home/ïx/downloads")

    def test_events(self):
        events = []
        Walker()._Events((VECTORS / "events.bin").read_bytes(), events)
        self.check(events, expected("events"))
        self.assertEqual([e["name"] for e in events], ["torrentAdded", "pieceFinished", "pieceFinished", "eventsDropped"])
        self.assertEqual(events[-1]["dropped"], "1")

    def test_large_value_uses_the_escape(self):
        events = []
        Walker()._Events((VECTORS / "events-large.bin").read_bytes(), events)
        self.check(events, expected("events-large"))
        self.assertEqual(len(events[0]["resumeData"]), 70000)

    def test_list(self):
        items = Walker()._List((VECTORS / "list-files.bin").read_bytes())
        self.check(items, expected("list-files"))
        self.assertEqual(items[0]["path"], "album/01 intro.flac")

    def test_truncated_input_fails_in_the_walker(self):
        data = (VECTORS / "events-large.bin").read_bytes()
        with self.assertRaises(IndexError):
            Walker()._Events(data[:-1], [])


if __name__ == "__main__":
    unittest.main()
