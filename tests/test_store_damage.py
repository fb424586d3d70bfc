"""A damaged record is never dropped as a torn tail: it is refused, named and kept aside; a torn
tail (an incomplete last line, what a crash leaves) still recovers the whole records before it."""

import shutil

import pytest

import store
from meide import cli
from store.aside import aside_path
from tests.test_store import journal_file, record_offsets, state

# Every single-bit flip, and every bit of a byte at once.
MASKS = [1 << bit for bit in range(8)] + [0xFF]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """A folder whose journal ends in a record like an audited change (two tables in one
    transaction, Chinese text, several kinds of value); the journal's bytes, the last record's
    offset, and the state before and after that record."""
    folder = tmp_path_factory.mktemp("damage") / "data"
    with store.open_store(folder) as opened:
        for n in range(4):
            opened.table("t").insert({"n": n, "text": "abc"})
        before = state(opened)
        with opened.transaction():
            opened.table("t").update({"text": "已核实"}, doc_ids=[2])
            opened.table("audit").insert({"who": "王网格", "what": "好人好事 #2 核实通过",
                                          "at": "2026-10-01T09:30:00+08:00", "points": 5,
                                          "ok": True, "note": None})
        after = state(opened)
    data = journal_file(folder).read_bytes()
    return folder, data, record_offsets(data)[-1], before, after


def _copy_with(written, tmp_path, journal_bytes):
    source, *_ = written
    folder = tmp_path / "copy"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("LOCK"))
    journal = journal_file(folder)
    journal.write_bytes(journal_bytes)
    return folder, journal


def _refusals(folder, journal, damaged, last, capsys) -> list:
    """What went wrong with one damaged copy (an empty list when it is refused as it should)."""
    wrong = []
    for readonly in (True, False):
        try:
            store.open_store(folder, readonly=readonly).close()
            wrong.append(f"opened (readonly={readonly})")
            continue
        except store.StoreCorrupt as exc:
            if (exc.path, exc.offset) != (str(journal), last):
                wrong.append(f"named {exc.path} at {exc.offset}")
            if readonly and exc.aside is not None:
                wrong.append("a read-only open wrote a copy")
            if not readonly:
                if exc.aside != aside_path(journal, last) or \
                        exc.aside.read_bytes() != damaged[last:]:
                    wrong.append(f"damaged bytes not kept aside: {exc.aside}")
                text = str(exc)
                if not ("数据文件" in text and str(journal) in text and f"字节偏移 {last}" in text
                        and str(exc.aside) in text):
                    wrong.append(f"message: {text}")
        if journal.read_bytes() != damaged:
            wrong.append("the journal was changed")
    capsys.readouterr()
    if cli.main(["check", "--data", str(folder)]) != 1:
        wrong.append("meide check exited 0")
    reported = capsys.readouterr().err
    if f"{journal} 在字节偏移 {last} 处损坏" not in reported:
        wrong.append(f"meide check said: {reported!r}")
    return wrong


@pytest.mark.parametrize("mask", MASKS, ids=lambda mask: f"xor{mask:#04x}")
def test_every_byte_of_the_last_record_flipped_is_refused_named_and_kept(written, tmp_path,
                                                                         mask, capsys):
    _, data, last, _, _ = written
    dropped = {}
    for at in range(last, len(data)):           # the checksum, the payload and the newline
        damaged = bytearray(data)
        damaged[at] ^= mask
        folder, journal = _copy_with(written, tmp_path, bytes(damaged))
        wrong = _refusals(folder, journal, bytes(damaged), last, capsys)
        if wrong:
            dropped[at - last] = wrong
    assert not dropped, f"bytes of the last record whose damage was not refused: {dropped}"


@pytest.mark.parametrize("tail", ["cut", "zero-filled"])
def test_a_torn_last_record_still_recovers_every_whole_record_before_it(written, tmp_path,
                                                                        tail, capsys):
    _, data, last, before, after = written
    wrong = {}
    for end in range(last, len(data)):          # cut anywhere inside it, even before its newline
        torn = data[:end] + (b"\0" * (len(data) - end) if tail == "zero-filled" else b"")
        folder, journal = _copy_with(written, tmp_path, torn)
        capsys.readouterr()
        checked = cli.main(["check", "--data", str(folder)])
        with store.open_store(folder) as opened:
            found = (state(opened), opened.recovered, journal.read_bytes())
        notes = [f"dropped a torn last record ({len(torn) - last} bytes at offset {last}) "
                 f"of {journal}"] if len(torn) > last else []
        expected = (before, notes, data[:last])
        if checked != 0 or found != expected or \
                list(folder.glob("*.damaged-at-*")):
            wrong[end - last] = (checked, found[1])
    assert not wrong, f"cuts of the last record not recovered as its prefix: {wrong}"
    folder, _ = _copy_with(written, tmp_path, data)
    with store.open_store(folder) as opened:     # and whole, it is all there
        assert state(opened) == after and opened.recovered == []


def test_a_damaged_record_mid_journal_is_kept_aside_and_the_rest_left_in_place(written,
                                                                               tmp_path):
    _, data, _, _, _ = written
    offsets = record_offsets(data)
    middle = offsets[2]
    damaged = bytearray(data)
    damaged[middle + 20] ^= 0x04
    folder, journal = _copy_with(written, tmp_path, bytes(damaged))
    with pytest.raises(store.StoreCorrupt) as info:
        store.open_store(folder)
    assert (info.value.offset, info.value.reason) == (middle, "checksum mismatch")
    assert info.value.aside.read_bytes() == bytes(damaged[middle:offsets[3]])
    assert journal.read_bytes() == bytes(damaged)
    with pytest.raises(store.StoreCorrupt):     # a second refusal writes the same copy again
        store.open_store(folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["LOCK", journal.name, info.value.aside.name])


def test_a_damaged_snapshot_line_is_kept_aside_too(tmp_path):
    folder = tmp_path / "data"
    with store.open_store(folder) as opened:
        opened.table("t").insert_multiple({"n": n, "text": "abcdefghij"} for n in range(5))
        opened.compact()
    snapshot = folder / "snapshot.json"
    data = bytearray(snapshot.read_bytes())
    at = data.index(b"abcdefghij")
    line = data.rindex(b"\n", 0, at) + 1
    data[at] ^= 0x01
    snapshot.write_bytes(bytes(data))
    with pytest.raises(store.StoreCorrupt) as info:
        store.open_store(folder)
    assert info.value.aside == aside_path(snapshot, line)
    assert info.value.aside.read_bytes() == bytes(data[line:data.index(b"\n", line) + 1])
    assert info.value.aside.stat().st_mode & 0o077 == 0      # residents' data: owner only
