"""A damaged data folder, run for real: `meide check` and `meide serve` refuse it naming the file
and offset, and a server that meets the damage after it started answers every address with a
page saying so (in Chinese) instead of a general error."""

import http.cookiejar
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.browser import meide_command, server_tracebacks, serving
from tests.test_store import journal_file, record_offsets

PASSWORD = "a strong password"


@pytest.fixture()
def folder(tmp_path):
    """A new data folder with its first 街道管理员 (admin)."""
    (tmp_path / "pw").write_text(PASSWORD + "\n")
    data = tmp_path / "data"
    done = _meide("init", "--data", data, "--password-file", tmp_path / "pw")
    assert done.returncode == 0, done.stderr
    return data


def _meide(*args, timeout=120):
    return subprocess.run([*meide_command(), *map(str, args)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=timeout)


def _damage_last_record(folder):
    """Flip one bit inside the journal's last complete record; (journal, the record's offset)."""
    journal = journal_file(folder)
    data = bytearray(journal.read_bytes())
    last = record_offsets(bytes(data))[-1]
    data[last + 20] ^= 0x01
    journal.write_bytes(bytes(data))
    return journal, last


def _said_in_chinese(text, journal, offset):
    return f"数据文件 {journal} 在字节偏移 {offset} 处损坏" in text


def test_check_reports_a_damaged_last_record_and_exits_non_zero(folder):
    assert _meide("check", "--data", folder).returncode == 0
    journal, last = _damage_last_record(folder)
    result = _meide("check", "--data", folder)
    assert result.returncode == 1
    assert _said_in_chinese(result.stderr, journal, last), result.stderr
    assert "检查未通过" in result.stderr


def test_serve_refuses_a_damaged_folder_before_it_listens(folder):
    journal, last = _damage_last_record(folder)
    before = journal.read_bytes()
    result = _meide("serve", "--data", folder, "--port", 0, "--address", "127.0.0.1",
                    timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("meide: 未启动应用：") and _said_in_chinese(line, journal, last)
    assert "Meide is at" not in result.stdout          # nothing was started
    assert journal.read_bytes() == before               # checking changed nothing


def _get(opener, url, data=None):
    """(status, body) of a GET (or a POST of the form data)."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, body, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_a_server_that_finds_the_folder_damaged_later_shows_every_visitor_a_clear_page(folder):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with serving(folder) as app:
        # Started on a sound folder, which the server opens at the first page it serves: the
        # damage comes in between.
        status, _ = _get(opener, app.url("/login"))
        assert status == 200
        journal, last = _damage_last_record(folder)
        xsrf = next(cookie.value for cookie in jar if cookie.name == "_xsrf")
        answers = {"console": _get(opener, app.url("/console")),
                   "verify": _get(opener, app.url("/verify")),
                   "sign-in": _get(opener, app.url("/login"), {
                       "_xsrf": xsrf, "username": "admin", "password": PASSWORD})}
        log = app.log_tail(400)
    for where, (status, page) in answers.items():
        assert status == 503, (where, status, page[:300])
        assert "数据目录已损坏" in page and journal.name in page, (where, page)
        assert f"字节偏移 {last} 处损坏" in page, (where, page)
        assert str(folder) not in page, where          # the file, not where it lies
        assert f"{journal.name}.damaged-at-{last}" in page, where
    assert (folder / f"{journal.name}.damaged-at-{last}").exists()
    assert not server_tracebacks(log), log
    assert "every page answers with the damage notice" in log
