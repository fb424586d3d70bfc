"""Calls in the limited worker pool: stopped at their CPU time, memory and wall-clock limits with
the limit named, the worker replaced, exceptions and answers passed back as they are."""

import os
import time

import pytest

from meide.printing import confined


def small_pool(wall_seconds=60):
    return confined.Pool(size=1, cpu_seconds=0.5, memory_mb=64, wall_seconds=wall_seconds,
                         calls_per_worker=3)


@pytest.fixture
def pools():
    """small_pool, stopped when the test ends."""
    made = []
    yield lambda **options: made.append(small_pool(**options)) or made[-1]
    for each in made:
        each.close()


@pytest.fixture
def pool(pools):
    return pools()


def ended(pid):
    """Whether process pid has exited (a zombie not yet reaped counts)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in "ZX"
    except FileNotFoundError:
        return True


def test_answers_and_exceptions_come_back_as_they_are(pool):
    assert pool.run(sorted, [3, 1, 2]) == [1, 2, 3]
    with pytest.raises(ValueError, match="invalid literal"):
        pool.run(int, "七")
    assert pool.run(os.getpid) != os.getpid()


@pytest.mark.parametrize("function, argument, limit, wall_seconds", [
    pytest.param(exec, "while True: pass", confined.CPU, 60, id="python-loop-timer"),
    # One C call the timer's exception cannot interrupt: the kernel's RLIMIT_CPU ends it.
    pytest.param(sum, range(10 ** 12), confined.CPU, 60, id="c-loop-rlimit"),
    pytest.param(bytearray, 256 * 2 ** 20, confined.MEMORY, 60, id="allocation"),
    pytest.param(time.sleep, 60, confined.WALL, 1, id="wall-clock"),
])
def test_a_limit_stops_the_call_and_a_fresh_worker_takes_the_next(pools, function, argument,
                                                                  limit, wall_seconds):
    pool = pools(wall_seconds=wall_seconds)
    first = pool.run(os.getpid)
    with pytest.raises(confined.Stopped) as stopped:
        pool.run(function, argument)
    assert stopped.value.limit == limit
    second = pool.run(os.getpid)
    assert second != first
    assert pool.run(sorted, "cba") == ["a", "b", "c"]


def test_a_worker_is_replaced_after_its_calls_and_when_it_died_while_idle(pool):
    pids = [pool.run(os.getpid) for _ in range(4)]
    assert len(set(pids[:3])) == 1 and pids[3] != pids[0]      # three calls per worker
    os.kill(pids[3], 9)
    while not ended(pids[3]):
        time.sleep(0.01)
    # The next call finds the idle worker's pipe closed and is given to a new one.
    assert pool.run(os.getpid) not in pids
