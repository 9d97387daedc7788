#!/usr/bin/env python3
"""make-broken-inputs.py - regenerate tests/data/broken/, binsift's corpus of
damaged and hostile inputs, and its manifest tests/data/broken/EXPECTED.tsv.

Every case starts from one of two small binlogs written by a real MariaDB
server: examples/mariadb-bin.000001 (CRC32 checksums, see tools/make-example.sh)
and tests/data/mariadb-nocrc.000001 (binlog_checksum=NONE, see
tools/make-nocrc-binlog.sh). Without a checksum a damaged field reaches the
event decoders instead of failing the CRC, so field-level damage is done on the
checksum-off file, or on the CRC32 file with the checksum recomputed.

The generator frames the source files itself (event_size at header offset 9)
and finds the events to damage by type, so the expectations below are stated
in terms of the damage: the offset is the event the damage is in (or where the
file ends), the error text is the phrase binsift uses for that kind of damage.
A case that is still a valid binlog (cut exactly at an event boundary, an
unknown event type, ...) expects exit 0.

EXPECTED.tsv columns: file, mode, exit, error, offset. mode is "both" when
`binsift decode` and `binsift decode -v` must behave the same, else one
"plain" and one "verbose" row: damage inside row values shows only when -v
walks them. error and offset are "-" for exit 0.

Run from anywhere; it rewrites tests/data/broken/ completely.
"""
import gzip
import os
import struct
import sys
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRC_SOURCE = os.path.join(ROOT, "examples", "mariadb-bin.000001")
NOCRC_SOURCE = os.path.join(ROOT, "tests", "data", "mariadb-nocrc.000001")
OUT = os.path.join(ROOT, "tests", "data", "broken")

HEADER = 19
MAGIC = b"\xfebin"
T_QUERY, T_ROTATE, T_INTVAR, T_FDE, T_XID, T_USER_VAR = 2, 4, 5, 15, 16, 14
T_TABLE_MAP, T_WRITE_ROWS_V1 = 19, 23
T_ANNOTATE, T_CHECKPOINT, T_MGTID, T_GTID_LIST, T_START_ENCRYPTION = 160, 161, 162, 163, 164
T_QUERY_COMPRESSED = 165
LOG_EVENT_BINLOG_IN_USE_F, LOG_EVENT_ARTIFICIAL_F = 0x1, 0x20

# Phrases binsift uses, one per kind of damage.
TRUNCATED_BODY = "runs past the end of the file"
TRUNCATED_HEADER = "too few for an event header"
NO_FDE = "ends before its FORMAT_DESCRIPTION"
CUT_OFF = "is cut off after"  # a truncated event in a stream of unknown size
SHORTER_THAN_HEADER = "is shorter than the"
TOO_BIG = "exceeds the 1 GiB maximum"
CRC_MISMATCH = "CRC32 checksum mismatch"
NOT_BINLOG = "does not start with the binlog magic"
TOO_SHORT = "too short to be a binlog"
OK = (0, "-", "-")


def fail(text, offset):
    return (2, text, offset)


class Binlog:
    """A source binlog split into raw events (header + body + checksum)."""

    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read()
        assert data[:4] == MAGIC, path
        self.events = []  # (offset, raw bytes)
        pos = 4
        while pos < len(data):
            size = struct.unpack_from("<I", data, pos + 9)[0]
            self.events.append((pos, data[pos:pos + size]))
            pos += size
        assert pos == len(data), "%s does not frame cleanly" % path
        fde = self.events[0][1]
        assert fde[4] == T_FDE
        self.crc = fde[-5] == 1  # checksum algorithm byte, before the FDE's CRC
        self.data = data

    def find(self, type_code, nth=0):
        """Index of the nth event of a type."""
        hits = [i for i, (_, raw) in enumerate(self.events) if raw[4] == type_code]
        return hits[nth]

    def offset(self, i):
        return self.events[i][0]

    def raw(self, i):
        return self.events[i][1]

    def body_start(self, i):
        return self.offset(i) + HEADER

    def end(self, i):
        return self.offset(i) + len(self.raw(i))

    def with_event(self, i, raw):
        """The whole file with event i replaced by raw (sizes after it shift)."""
        return self.data[:self.offset(i)] + raw + self.data[self.end(i):]

    def rebuild(self, raws):
        """A binlog of these raw events, with header end positions made
        consistent (checksums are recomputed where the source has them)."""
        out, pos = bytearray(MAGIC), 4
        for raw in raws:
            raw = bytearray(raw)
            pos += len(raw)
            struct.pack_into("<I", raw, 13, pos)
            out += self.seal(raw)
        return bytes(out)

    def seal(self, raw):
        """raw with a correct CRC32 trailer when the source has checksums (the
        FDE's is computed with the in-use flag cleared, as the server does)."""
        if not self.crc:
            return bytes(raw)
        raw = bytearray(raw)
        covered = bytearray(raw[:-4])
        if raw[4] == T_FDE:
            covered[17] &= ~LOG_EVENT_BINLOG_IN_USE_F & 0xFF
        struct.pack_into("<I", raw, len(raw) - 4, zlib.crc32(covered))
        return bytes(raw)

    def edit(self, i, at, new, old_len=None, reseal=True):
        """Event i with the bytes at body offset `at` (old_len of them, default
        len(new)) replaced by new; the event size is adjusted, the checksum
        recomputed unless reseal is False."""
        raw = bytearray(self.raw(i))
        start = HEADER + at
        old_len = len(new) if old_len is None else old_len
        raw[start:start + old_len] = new
        struct.pack_into("<I", raw, 9, len(raw))
        return self.seal(raw) if reseal else bytes(raw)

    def make_event(self, type_code, body, flags=0, timestamp=1767225600):
        tail = b"\0\0\0\0" if self.crc else b""
        size = HEADER + len(body) + len(tail)
        header = struct.pack("<IBIIIH", timestamp, type_code, 1, size, 0, flags)
        return self.seal(header + body + tail)


class Corpus:
    def __init__(self):
        self.files = {}  # name -> bytes
        self.rows = []  # (name, mode, exit, error, offset)

    def add(self, name, data, expect, verbose=None):
        """expect = (exit, error, offset) for both modes, or for plain only
        when verbose gives -v's."""
        assert name not in self.files, name
        self.files[name] = data
        if verbose is None or verbose == expect:
            self.rows.append((name, "both") + expect)
        else:
            self.rows.append((name, "plain") + expect)
            self.rows.append((name, "verbose") + verbose)

    def write(self):
        os.makedirs(OUT, exist_ok=True)
        for old in os.listdir(OUT):
            os.unlink(os.path.join(OUT, old))
        for name, data in self.files.items():
            with open(os.path.join(OUT, name), "wb") as f:
                f.write(data)
        with open(os.path.join(OUT, "EXPECTED.tsv"), "w") as f:
            f.write("# Generated by tools/make-broken-inputs.py; see its header for the columns.\n")
            f.write("file\tmode\texit\terror\toffset\n")
            for row in self.rows:
                f.write("\t".join(str(x) for x in row) + "\n")


def type_label(raw):
    names = {2: "query", 4: "rotate", 5: "intvar", 14: "user-var", 15: "fde", 16: "xid",
             19: "table-map", 23: "write-rows", 24: "update-rows", 25: "delete-rows",
             160: "annotate-rows", 161: "binlog-checkpoint", 162: "gtid", 163: "gtid-list",
             165: "query-compressed", 166: "write-rows-compressed",
             167: "update-rows-compressed", 168: "delete-rows-compressed"}
    return names.get(raw[4], "type%d" % raw[4])


# ---- not a binlog, gzip ----

def not_binlogs(c, crc):
    c.add("not-binlog-empty.bin", b"", fail(TOO_SHORT, 0))
    c.add("not-binlog-3-bytes-of-magic.bin", MAGIC[:3], fail(TOO_SHORT, 0))
    c.add("not-binlog-text.txt", b"SELECT 1;\nthis is a text file, not a binlog\n",
          fail(NOT_BINLOG, 0))
    c.add("not-binlog-wrong-magic.bin", b"\xffbin" + crc.data[4:], fail(NOT_BINLOG, 0))
    # Magic and no events: every binlog starts with its format description, so
    # this file was cut off right after the magic bytes.
    c.add("magic-only-truncated.bin", MAGIC, fail(NO_FDE, 4))


def originals(c, crc, nocrc):
    """The undamaged sources: every damaged case is measured against them."""
    c.add("crc-original-valid.bin", crc.data, OK)
    c.add("nocrc-original-with-compressed-events-valid.bin", nocrc.data, OK)


def gzip_bytes(data):
    return gzip.compress(data, mtime=0)


def gzips(c, crc):
    whole = gzip_bytes(crc.data)
    c.add("gzip-valid.gz", whole, OK)
    # A gzip file named without .gz: detected by its magic bytes.
    c.add("gzip-valid-without-gz-suffix.bin", whole, OK)
    # zlib reads the whole (small) file before it notices the end is missing:
    # the offset of a gzip-level error is the compressed bytes consumed.
    half = whole[:len(whole) // 2]
    c.add("gzip-truncated-half.gz", half, fail("gzip", len(half)))
    c.add("gzip-truncated-in-header.gz", whole[:6], fail("gzip", 6))
    bad_crc = bytearray(whole)
    bad_crc[-8] ^= 0xFF  # the gzip trailer's CRC32 of the uncompressed data
    # zlib checks the CRC as soon as it has read it, before the length field.
    c.add("gzip-trailer-crc-wrong.gz", bytes(bad_crc), fail("gzip", len(whole) - 4))
    bad_size = bytearray(whole)
    bad_size[-1] ^= 0x01  # the trailer's uncompressed size
    c.add("gzip-trailer-length-wrong.gz", bytes(bad_size), fail("gzip", len(whole)))
    c.add("gzip-of-empty-file.gz", gzip_bytes(b""), fail(TOO_SHORT, 0))
    c.add("gzip-of-text.gz", gzip_bytes(b"hello, not a binlog\n" * 3), fail(NOT_BINLOG, 0))
    # The binlog inside is cut in an event body: the decompressed size is
    # unknown up front, so the event is found cut off while reading it.
    q = crc.find(T_QUERY, 1)
    cut = crc.data[:crc.offset(q) + 40]
    c.add("gzip-of-binlog-truncated-in-query.gz", gzip_bytes(cut), fail(CUT_OFF, crc.offset(q)))
    # An event claiming almost 1 GiB in a stream of unknown size: the reader
    # must grow its buffer only as far as data arrives.
    big = bytearray(crc.raw(q))
    struct.pack_into("<I", big, 9, (1 << 30) - 1)
    c.add("gzip-of-binlog-event-length-1GiB.gz", gzip_bytes(crc.with_event(q, bytes(big))),
          fail(CUT_OFF, crc.offset(q)))


# ---- truncation ----

def truncations(c, src, tag):
    """Cut inside the body of the first event of each type, inside two
    headers, inside a checksum, and exactly at several event boundaries."""
    seen = set()
    for i, (off, raw) in enumerate(src.events):
        if raw[4] in seen:
            continue
        seen.add(raw[4])
        cut = off + HEADER + (len(raw) - HEADER) // 2
        c.add("%s-truncated-in-%s-body-at-%d.bin" % (tag, type_label(raw), cut),
              src.data[:cut], fail(TRUNCATED_BODY, off))
    q = src.find(T_QUERY)
    c.add("%s-truncated-in-query-header-after-10-bytes.bin" % tag,
          src.data[:src.offset(q) + 10], fail(TRUNCATED_HEADER, src.offset(q)))
    x = src.find(T_XID)
    c.add("%s-truncated-in-xid-header-after-15-bytes.bin" % tag,
          src.data[:src.offset(x) + 15], fail(TRUNCATED_BODY, src.offset(x)))
    c.add("%s-truncated-in-fde-header-after-4-bytes.bin" % tag, src.data[:8],
          fail(TRUNCATED_HEADER, 4))
    if src.crc:
        c.add("%s-truncated-in-xid-checksum.bin" % tag, src.data[:src.end(x) - 2],
              fail(TRUNCATED_BODY, src.offset(x)))
    # Exactly at boundaries: a shorter but valid binlog (even mid-transaction).
    tm = src.find(T_TABLE_MAP)
    for i, why in ((0, "fde"), (1, "gtid-list"), (tm, "table-map"), (x, "xid")):
        c.add("%s-cut-at-boundary-after-%s-valid.bin" % (tag, why), src.data[:src.end(i)], OK)


# ---- checksums ----

def checksums(c, crc):
    q = crc.find(T_QUERY, 1)
    off = crc.offset(q)
    for what, at in (("header-timestamp", 0), ("header-server-id", 5),
                     ("body", len(crc.raw(q)) // 2), ("checksum", len(crc.raw(q)) - 2)):
        raw = bytearray(crc.raw(q))
        raw[at] ^= 0x40
        c.add("crc-flipped-byte-in-query-%s.bin" % what, crc.with_event(q, bytes(raw)),
              fail(CRC_MISMATCH, off))
    rows = crc.find(T_WRITE_ROWS_V1)
    raw = bytearray(crc.raw(rows))
    raw[-4:] = b"\0\0\0\0"
    c.add("crc-zeroed-checksum-of-write-rows.bin", crc.with_event(rows, bytes(raw)),
          fail(CRC_MISMATCH, crc.offset(rows)))
    fde = bytearray(crc.raw(0))
    fde[HEADER + 52] ^= 0x01  # the creation timestamp, checksum left stale
    c.add("crc-fde-checksum-wrong.bin", crc.with_event(0, bytes(fde)),
          fail("FORMAT_DESCRIPTION event: " + CRC_MISMATCH, 4))
    # The server sets the in-use flag while writing and clears it in place on
    # close; the FDE checksum is computed with it clear, so this is valid.
    fde = bytearray(crc.raw(0))
    fde[17] |= LOG_EVENT_BINLOG_IN_USE_F
    c.add("crc-fde-in-use-flag-set-valid.bin", crc.with_event(0, bytes(fde)), OK)


# ---- event lengths ----

def event_lengths(c, crc):
    q = crc.find(T_QUERY)
    off = crc.offset(q)
    for size in (0, 1, 18):
        raw = bytearray(crc.raw(q))
        struct.pack_into("<I", raw, 9, size)
        c.add("length-%d-in-query.bin" % size, crc.with_event(q, bytes(raw)),
              fail(SHORTER_THAN_HEADER, off))
    raw = bytearray(crc.raw(q))
    struct.pack_into("<I", raw, 9, 0xFFFFFFFF)
    c.add("length-4294967295-in-query.bin", crc.with_event(q, bytes(raw)), fail(TOO_BIG, off))
    raw = bytearray(crc.raw(q))
    struct.pack_into("<I", raw, 9, len(crc.data) - off + 1)
    c.add("length-past-end-of-file-in-query.bin", crc.with_event(q, bytes(raw)),
          fail(TRUNCATED_BODY, off))
    # 19 bytes: a whole common header but no room for the CRC32 trailer.
    raw = bytearray(crc.raw(q))
    struct.pack_into("<I", raw, 9, HEADER)
    c.add("length-19-in-query-no-room-for-checksum.bin", crc.with_event(q, bytes(raw)),
          fail("event length 19 is shorter than its header", off))
    fde = bytearray(crc.raw(0))
    struct.pack_into("<I", fde, 9, 0)
    c.add("length-0-in-fde.bin", crc.with_event(0, bytes(fde)), fail(SHORTER_THAN_HEADER, 4))


# ---- format description ----

def format_descriptions(c, crc):
    alg_at = len(crc.raw(0)) - 5 - HEADER  # body offset of the checksum algorithm byte
    c.add("fde-checksum-alg-7.bin", crc.with_event(0, crc.edit(0, alg_at, b"\x07")),
          fail("unknown checksum algorithm 7", 4))
    c.add("fde-header-length-0.bin", crc.with_event(0, crc.edit(0, 56, b"\x00")),
          fail("declares a 0-byte event header", 4))
    # A 255-byte common header: the next event (29 bytes) is shorter than it.
    c.add("fde-header-length-255.bin", crc.with_event(0, crc.edit(0, 56, b"\xff")),
          fail("is shorter than the 255-byte event header", crc.offset(1)))
    short = crc.raw(0)[:HEADER + 57 + 4]  # no post-header lengths, no checksum fields
    short = bytearray(short)
    struct.pack_into("<I", short, 9, len(short))
    c.add("fde-without-checksum-fields.bin", MAGIC + bytes(short) + crc.data[crc.end(0):],
          fail("lacks its checksum fields", 4))
    # Relay logs repeat the FDE; two in a row are valid.
    c.add("fde-twice-valid.bin", crc.rebuild([crc.raw(0)] + [r for _, r in crc.events]), OK)
    no_fde = crc.rebuild([r for _, r in crc.events[1:]])
    c.add("fde-missing.bin", no_fde, fail("not a FORMAT_DESCRIPTION", 4))


# ---- structure: rotate loop, encryption, unknown types ----

def structure(c, crc):
    name = "rotate-loop-to-itself-valid.bin"
    rotate_self = crc.make_event(T_ROTATE, struct.pack("<Q", 4) + name.encode(),
                                 flags=LOG_EVENT_ARTIFICIAL_F, timestamp=0)
    raws = [r for _, r in crc.events]
    # A fake ROTATE back to this very file at position 4, then the FDE again
    # (as a relay log has), the events, and a real ROTATE to itself at the
    # end: a reader that followed rotations would loop forever.
    looped = raws[:2] + [rotate_self, raws[0]] + raws[2:-1]
    looped.append(crc.make_event(T_ROTATE, struct.pack("<Q", 4) + name.encode()))
    c.add(name, crc.rebuild(looped), OK)
    unknown = crc.make_event(0x77, b"an event type no server writes")
    c.add("unknown-event-type-119-valid.bin", crc.rebuild(raws[:3] + [unknown] + raws[3:]), OK)
    start_enc = crc.make_event(T_START_ENCRYPTION, b"\x01" + struct.pack("<I", 1) + b"\0" * 12)
    encrypted = crc.rebuild(raws[:2] + [start_enc] + raws[2:])
    end = 4 + sum(len(r) for r in raws[:2]) + len(start_enc)
    c.add("start-encryption-then-plain-events.bin", encrypted, fail("encrypted", end))


# ---- small events with bad lengths ----

def small_events(c, crc, nocrc):
    def shorten(src, i, keep, text, name):
        body_len = len(src.raw(i)) - HEADER - (4 if src.crc else 0)
        c.add(name, src.with_event(i, src.edit(i, keep, b"", body_len - keep)),
              fail(text, src.offset(i)))

    shorten(crc, crc.find(T_XID), 4, "XID event", "xid-body-4-bytes.bin")
    shorten(crc, crc.find(T_ROTATE), 4, "ROTATE event", "rotate-body-4-bytes.bin")
    shorten(crc, crc.find(T_MGTID), 8, "MARIA_GTID event", "maria-gtid-body-8-bytes.bin")
    shorten(nocrc, nocrc.find(T_INTVAR), 5, "INTVAR event", "nocrc-intvar-body-5-bytes.bin")
    g = crc.find(T_GTID_LIST)
    c.add("maria-gtid-list-count-268435455.bin",
          crc.with_event(g, crc.edit(g, 0, struct.pack("<I", 0x0FFFFFFF))),
          fail("MARIA_GTID_LIST event", crc.offset(g)))
    k = crc.find(T_CHECKPOINT)
    c.add("binlog-checkpoint-name-length-4294967295.bin",
          crc.with_event(k, crc.edit(k, 0, b"\xff\xff\xff\xff")),
          fail("MARIA_BINLOG_CHECKPOINT event", crc.offset(k)))
    u = nocrc.find(T_USER_VAR)
    c.add("nocrc-user-var-name-length-2147483647.bin",
          nocrc.with_event(u, nocrc.edit(u, 0, struct.pack("<I", 0x7FFFFFFF))),
          fail("USER_VAR event", nocrc.offset(u)))


# ---- QUERY ----

def queries(c, nocrc):
    q = nocrc.find(T_QUERY)
    off = nocrc.offset(q)
    c.add("nocrc-query-db-length-255.bin", nocrc.with_event(q, nocrc.edit(q, 8, b"\xff")),
          fail("QUERY event", off))
    c.add("nocrc-query-status-vars-length-65535.bin",
          nocrc.with_event(q, nocrc.edit(q, 11, b"\xff\xff")),
          fail("QUERY event: status variables block runs past the end of the event", off))
    raw = bytearray(nocrc.raw(q))
    raw[-3] ^= 0x20  # a letter of the statement text changes case: still valid
    c.add("nocrc-query-text-byte-flipped-valid.bin",
          nocrc.data[:off] + bytes(raw) + nocrc.data[nocrc.end(q):nocrc.end(nocrc.find(T_XID))],
          OK)


def compressed_queries(c, nocrc):
    """MariaDB log_bin_compress QUERY events, spliced after the plain
    transactions so the damage is the first thing that goes wrong."""
    z = nocrc.find(T_QUERY_COMPRESSED)
    last_plain = nocrc.find(T_XID, 4)  # the end of the last uncompressed transaction
    head = [r for _, r in nocrc.events[:last_plain + 1]]
    gtid = nocrc.raw(z - 1)
    assert gtid[4] == T_MGTID

    def variant(raw):
        data = nocrc.rebuild(head + [gtid, raw])
        return data, len(data) - len(raw)

    data, off = variant(nocrc.raw(z))
    c.add("nocrc-query-compressed-valid.bin", data, OK)
    body = nocrc.raw(z)[HEADER:]
    status_len = struct.unpack_from("<H", body, 11)[0]
    block = 13 + status_len + body[8] + 1  # compressed block after the db name's NUL
    lenlen = body[block] & 0x07
    cases = (
        ("claims-1GiB-inflated", b"\x84\x3f\xff\xff\xff", 1 + lenlen, "compressed block"),
        ("claims-4GiB-inflated", b"\x84\xff\xff\xff\xff", 1 + lenlen, "compressed block claims"),
        ("algorithm-1", bytes([body[block] | 0x10]), 1, "unknown compression algorithm 1"),
        ("no-header-bit", bytes([body[block] & 0x7F]), 1, "lacks its header byte"),
        ("length-of-length-0", bytes([body[block] & 0xF8]), 1, "bad length header"),
        ("zlib-stream-flipped", bytes([body[block + 1 + lenlen + 4] ^ 0xFF]), 1,
         "zlib: cannot inflate"),
    )
    for what, new, old_len, text in cases:
        at = block + (1 + lenlen + 4 if what == "zlib-stream-flipped" else 0)
        data, off = variant(nocrc.edit(z, at, new, old_len))
        c.add("nocrc-query-compressed-%s.bin" % what, data, fail(text, off))


def compressed_rows(c, nocrc):
    """MariaDB compressed rows events (type 166, WRITE_ROWS_COMPRESSED_V1):
    the row images after the column bitmap are a compressed block."""
    w = nocrc.find(166)
    off = nocrc.offset(w)
    body = nocrc.raw(w)[HEADER:]
    assert body[8] == 8, "width of the items table"
    block = 8 + 1 + 1  # post-header, width, column bitmap
    lenlen = body[block] & 0x07
    for what, at, new, old_len, text in (
            ("claims-4GiB-inflated", block, b"\x84\xff\xff\xff\xff", 1 + lenlen, "compressed block claims"),
            ("zlib-stream-flipped", block + 1 + lenlen + 4,
             bytes([body[block + 1 + lenlen + 4] ^ 0xFF]), 1, "zlib: cannot inflate")):
        c.add("nocrc-write-rows-compressed-%s.bin" % what,
              nocrc.data[:off] + nocrc.edit(w, at, new, old_len), fail(text, off))


# ---- TABLE_MAP and rows ----

def table_maps(c, nocrc):
    t = nocrc.find(T_TABLE_MAP)
    off = nocrc.offset(t)
    body = nocrc.raw(t)[HEADER:]
    ncols_at = 8 + 1 + body[8] + 1 + 1 + body[8 + 1 + body[8] + 1] + 1
    assert body[ncols_at] == 8, "items has 8 columns"
    rows = nocrc.find(T_WRITE_ROWS_V1)
    upto = nocrc.end(rows)

    def with_map(raw):
        return nocrc.data[:off] + raw + nocrc.data[nocrc.end(t):upto]

    for what, new in (("65535", b"\xfc\xff\xff"), ("2pow64-1", b"\xfe" + b"\xff" * 8)):
        c.add("nocrc-table-map-column-count-%s.bin" % what,
              with_map(nocrc.edit(t, ncols_at, new, 1)), fail("TABLE_MAP event", off))
    c.add("nocrc-table-map-schema-length-255.bin", with_map(nocrc.edit(t, 8, b"\xff")),
          fail("TABLE_MAP event", off))
    meta_at = ncols_at + 1 + 8
    c.add("nocrc-table-map-metadata-length-65535.bin",
          with_map(nocrc.edit(t, meta_at, b"\xfc\xff\xff", 1)), fail("TABLE_MAP event", off))


def rows_events(c, nocrc):
    r = nocrc.find(T_WRITE_ROWS_V1)
    off = nocrc.offset(r)
    upto = nocrc.end(r)
    assert nocrc.raw(r)[HEADER + 8] == 8, "width byte of the items insert"

    def with_rows(raw):
        return nocrc.data[:off] + raw

    for what, new in (("65535", b"\xfc\xff\xff"), ("2pow64-1", b"\xfe" + b"\xff" * 8)):
        c.add("nocrc-rows-width-%s.bin" % what, with_rows(nocrc.edit(r, 8, new, 1)),
              fail("WRITE_ROWS_V1 event", off))
    # Row 1 of the insert: null bitmap at body+10, id (4 bytes), then the
    # CHAR(8) sku with a 1-byte length; the BLOB's 2-byte length is at +36.
    # Only -v walks the values, so only -v sees the damage.
    c.add("nocrc-rows-char-length-255.bin", with_rows(nocrc.edit(r, 15, b"\xff")), OK,
          fail("runs past", off))
    c.add("nocrc-rows-blob-length-65535.bin", with_rows(nocrc.edit(r, 36, b"\xff\xff")), OK,
          fail("runs past", off))
    # The rows event without the TABLE_MAP that describes its table id, as
    # when a range starts inside a transaction: binsift says the rows cannot
    # be decoded and goes on.
    t = nocrc.find(T_TABLE_MAP)
    without_map = nocrc.data[:nocrc.offset(t)] + nocrc.data[nocrc.end(t):upto]
    c.add("nocrc-rows-without-table-map-skipped.bin", without_map, OK)


def main():
    crc, nocrc = Binlog(CRC_SOURCE), Binlog(NOCRC_SOURCE)
    assert crc.crc and not nocrc.crc
    c = Corpus()
    originals(c, crc, nocrc)
    not_binlogs(c, crc)
    gzips(c, crc)
    truncations(c, crc, "crc")
    truncations(c, nocrc, "nocrc")
    checksums(c, crc)
    event_lengths(c, crc)
    format_descriptions(c, crc)
    structure(c, crc)
    small_events(c, crc, nocrc)
    queries(c, nocrc)
    compressed_queries(c, nocrc)
    compressed_rows(c, nocrc)
    table_maps(c, nocrc)
    rows_events(c, nocrc)
    c.write()
    print("wrote %d files, %d expectations to %s"
          % (len(c.files), len(c.rows), os.path.relpath(OUT, os.getcwd())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
