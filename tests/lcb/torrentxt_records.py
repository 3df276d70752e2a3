"""Small record builders for the LCB decoding tests (the record format of
docs/record-format.md, written the way src/record.rs writes it)."""


def _len(n):
    return n.to_bytes(2, "big") if n < 0xFFFF else b"\xff\xff" + n.to_bytes(4, "big")


def record(fields):
    """fields: [(id, type, bytes)]"""
    out = len(fields).to_bytes(2, "big")
    for fid, ftype, value in fields:
        out += bytes([fid, ftype]) + _len(len(value)) + value
    return out


def bulk_vector():
    """A bulk status answer (list shape) of two torrents, the second named
    with US, and its compact text (the second row flagged)."""
    a = record([(60, 0, b"5"), (1, 2, b"a"), (2, 0, b"3")])
    b = record([(60, 0, b"1048577"), (1, 2, b"b\x1fc"), (2, 0, b"5")])
    data = _len(2) + _len(len(a)) + a + _len(len(b)) + b
    at_b = 2 + 2 + len(a) + 2 + 1
    text = b"torrent\x1f5\x1ename\x1fa\x1estate\x1f3\x1d\x1c" + str(at_b).encode()
    return data, text
