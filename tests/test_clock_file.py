"""$MEIDE_CLOCK_FILE moves the clock of another process; $MEIDE_TICK_SECONDS sets the ticker."""

import datetime as dt
import os
import subprocess
import sys

import pytest

from meide import clock, runtime

OCT_8 = dt.datetime(2026, 10, 8, 10, 0, tzinfo=clock.TIMEZONE)


@pytest.fixture
def clock_file(tmp_path, monkeypatch):
    path = tmp_path / "clock.txt"
    monkeypatch.setenv(clock.CLOCK_FILE_ENV, str(path))
    return path


def test_without_the_variable_the_clock_is_the_wall_clock(monkeypatch):
    monkeypatch.delenv(clock.CLOCK_FILE_ENV, raising=False)
    before = dt.datetime.now(clock.TIMEZONE)
    assert before <= clock.now() <= dt.datetime.now(clock.TIMEZONE)


def test_until_the_file_exists_the_clock_is_the_wall_clock(clock_file):
    assert abs(clock.now() - dt.datetime.now(clock.TIMEZONE)) < dt.timedelta(seconds=5)


def test_the_clock_reads_the_file_and_follows_each_rewrite(clock_file):
    clock.write_clock_file(clock_file, OCT_8)
    assert clock.now() == OCT_8 and clock.today() == dt.date(2026, 10, 8)
    later = OCT_8 + dt.timedelta(days=8)
    clock.write_clock_file(clock_file, later)
    assert clock.now() == later
    clock_file.unlink()
    assert abs(clock.now() - dt.datetime.now(clock.TIMEZONE)) < dt.timedelta(seconds=5)


def test_a_naive_moment_is_beijing_time(clock_file):
    clock.write_clock_file(clock_file, dt.datetime(2026, 10, 8, 10, 0))
    assert clock.now() == OCT_8 and clock.now().utcoffset() == dt.timedelta(hours=8)


def test_a_time_set_in_the_process_wins_over_the_file(clock_file):
    clock.write_clock_file(clock_file, OCT_8)
    with clock.frozen(dt.datetime(2027, 1, 1)):
        assert clock.now().year == 2027
    assert clock.now() == OCT_8


def test_a_garbled_file_is_refused_saying_what_to_write(clock_file):
    clock_file.write_text("下周一", "utf-8")
    with pytest.raises(clock.ClockFileError, match="2026-10-08T10:00:00.*下周一.*删除该文件"):
        clock.now()


def test_another_process_sees_the_time_the_file_sets(clock_file):
    # What a browser test relies on: the served app is a separate process.
    clock.write_clock_file(clock_file, OCT_8 + dt.timedelta(days=7, minutes=1))
    shown = subprocess.run([sys.executable, "-c", "from meide import clock; print(clock.now())"],
                           capture_output=True, text=True, check=True,
                           env={**os.environ, clock.CLOCK_FILE_ENV: str(clock_file)}).stdout
    assert shown.strip() == "2026-10-15 10:01:00+08:00"


def test_the_tick_interval_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv(runtime.TICK_ENV, raising=False)
    assert runtime.tick_interval() == runtime.TICK_SECONDS == 60.0
    monkeypatch.setenv(runtime.TICK_ENV, "0.5")
    assert runtime.tick_interval() == 0.5


@pytest.mark.parametrize("text", ["fast", "0", "-3", "1e9"])
def test_a_bad_tick_interval_is_refused_with_the_range(monkeypatch, text):
    monkeypatch.setenv(runtime.TICK_ENV, text)
    with pytest.raises(ValueError, match=f"0.1 到 86400 之间的秒数（现在是“{text}”）"):
        runtime.tick_interval()
