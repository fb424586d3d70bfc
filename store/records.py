"""The on-disk record format: one checksummed JSON payload per line, shared by journal and snapshot."""

import json
import zlib

import orjson

from .errors import StoreCorrupt

# A record line is "<crc32 as 8 hex digits> <json payload>\n". The checksum covers the payload,
# so a torn or bit-flipped line is recognised instead of being half-applied.
_CRC_WIDTH = 8


def dumps(value) -> str:
    """Serialize a JSON value compactly, refusing anything JSON cannot represent exactly."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    try:
        # Snapshots (and opening) use orjson, which has no integers beyond 64 bits: such a
        # value would be journaled, then make every compaction fail. Refuse it up front.
        orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
    except TypeError as exc:
        raise ValueError(f"value cannot be stored exactly: {exc}") from None
    return text


def dumps_stored(value) -> bytes:
    """Serialize data already in the store (so known to be plain JSON) fast, for snapshots."""
    return orjson.dumps(value)


def encode_op(op) -> str:
    """A journal op (kind, table, key, document JSON) as the JSON list a record holds."""
    kind, table, key, doc = op
    head = '["%s",%s' % (kind, dumps(table))
    if kind == "put":
        return "%s,%s,%s]" % (head, dumps(key), doc)
    if kind == "del":
        return "%s,%s]" % (head, dumps(key))
    return head + "]"


def encode_line(payload) -> bytes:
    """Frame one JSON payload (str or UTF-8 bytes) as a checksummed line."""
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    return b"%08x " % zlib.crc32(data) + data + b"\n"


def scan(path, data: bytes, on_record, *, allow_torn_tail: bool) -> int:
    """Call on_record(offset, payload) for each record in order; return the valid prefix length.

    Only an incomplete last line (no newline after it, and not a whole record with a wrong byte
    for its newline) is a torn write from a crash, and ends the valid prefix when
    allow_torn_tail is set; a complete line that fails its checksum or is not JSON raises
    StoreCorrupt naming the file and offset wherever it is, the last line too.
    """
    valid = [0]
    for offset, payload in _walk(path, data, _decode, allow_torn_tail, valid, data):
        on_record(offset, payload)
    return valid[0]


def lines(path, data: bytes):
    """Yield (offset, payload bytes) of each record, checksums checked but payloads unparsed
    (for a snapshot, where no damage is tolerated)."""
    # Sliced from a view: a snapshot's lines are large, and copied once instead of twice.
    return _walk(path, data, _checked, False, [0], memoryview(data))


def _walk(path, data, read, allow_torn_tail, valid, view):
    offset = 0
    size = len(data)
    while offset < size:
        end = data.find(b"\n", offset)
        if end == -1:
            # A record counts only with its newline, written last: a crash can leave a line
            # without it (the append was never acknowledged: its fdatasync had not returned),
            # and a line cut just before it may still check out, yet the next append would run
            # on from it. Only such a line is a torn tail, unless it is a whole record followed
            # by a wrong byte where its newline was: a crash writes a prefix of what was
            # written (or leaves zeros where blocks were never written), never a wrong byte.
            damaged = _newline_damaged(read, view[offset:])
            if allow_torn_tail and not damaged:
                break
            raise StoreCorrupt(path, offset, "the record's newline is damaged" if damaged
                               else "record cut off before its end")
        payload = read(view[offset:end])
        if payload is None:
            # A whole line that fails its check was written complete and damaged since (a bad
            # sector, a flipped bit, an edit): no crash leaves that, so it is never dropped as a
            # torn tail, even as the last line (SQLite's WAL would drop it and every frame
            # after it in silence; TigerBeetle, like this, tells a torn write from corruption).
            raise StoreCorrupt(path, offset, _damage(view[offset:end]))
        yield offset, payload
        offset = end + 1
    valid[0] = offset


def _newline_damaged(read, line) -> bool:
    return len(line) > 1 and line[-1] != 0 and read(line[:-1]) is not None


def _damage(line) -> str:
    if _checked(line) is None:
        return "checksum mismatch"
    return "checksum matches but the record is not JSON"


def decode(path, offset, body: bytes):
    """Parse a checked record's payload; StoreCorrupt if it is not JSON."""
    payload = _parse(body)
    if payload is None:
        raise StoreCorrupt(path, offset, "checksum matches but the record is not JSON")
    return payload


def _checked(line) -> bytes | None:
    """The payload of a line (bytes or memoryview) if its checksum holds."""
    if len(line) <= _CRC_WIDTH + 1 or line[_CRC_WIDTH:_CRC_WIDTH + 1] != b" ":
        return None
    body = line[_CRC_WIDTH + 1:]
    # Compared as written (lowercase hex), not parsed: a flipped case bit in a hex letter is
    # damage too, and every single-byte change of a record is then caught.
    return bytes(body) if line[:_CRC_WIDTH] == b"%08x" % zlib.crc32(body) else None


def _decode(line: bytes):
    body = _checked(line)
    return None if body is None else _parse(body)


def _parse(body: bytes):
    try:
        # orjson parses the same JSON about twice as fast as the json module, which is most of
        # what opening a large store costs; it also shares the key strings between documents.
        return orjson.loads(body)
    except ValueError:
        return None
