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

    A damaged record that is the last line of the file (no newline after it, or nothing valid
    after it) is a torn write from a crash and ends the valid prefix when allow_torn_tail is set;
    any other damage raises StoreCorrupt naming the file and offset.
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
        # A record counts only with its newline: a line cut just before it may still check out,
        # but the next append would then run on from it.
        payload = read(view[offset:end]) if end != -1 else None
        if payload is None:
            is_last = end == -1 or end + 1 >= size
            if allow_torn_tail and is_last:
                break
            reason = "checksum mismatch" if end != -1 else "record cut off before its end"
            raise StoreCorrupt(path, offset, reason)
        yield offset, payload
        offset = end + 1
    valid[0] = offset


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
    try:
        return bytes(body) if int(bytes(line[:_CRC_WIDTH]), 16) == zlib.crc32(body) else None
    except ValueError:
        return None


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
