"""Calls run in a small pool of worker processes, each stopped at a CPU-time and a memory limit.

Staff-edited templates are code: a nested loop over a long string ran for minutes and one
`'%0300000000d' % 1` took 1.1 GB, in the server's own process, freezing every session. Here
such a call runs in a spawned worker (not forked: the server runs threads) that sets its own
limits: a CPU-time timer (ITIMER_PROF) that stops the call with an exception, RLIMIT_CPU a
little above it for a call stuck in C code, RLIMIT_AS at what the worker held when it started
plus the memory allowance. The caller waits on a pipe (the interpreter lock is free meanwhile)
no longer than a wall-clock timeout, then kills the worker. A worker that hit a limit is
replaced, so the next call finds a fresh one already started.

    pool = Pool(preload=("meide.printing.editable",))
    pool.warm()                          # start the workers before the first call needs them
    html = pool.run(render_here, kind, source, shipped, context)   # or raises Stopped
"""

import math
import multiprocessing
import os
import pickle
import queue
import resource
import signal
import threading

from ..errors import MeideError

CPU = "cpu"
MEMORY = "memory"
WALL = "wall"
DIED = "died"


class Stopped(MeideError, RuntimeError):
    """A call was stopped at a limit; `limit` says which: CPU, MEMORY, WALL or DIED."""

    WORDS = {CPU: "运行超过时间限制，已停止", MEMORY: "占用内存超过限制，已停止",
             WALL: "等待超过时间限制，已停止", DIED: "工作进程意外退出，已停止"}

    def __init__(self, limit: str):
        super().__init__(self.WORDS.get(limit, f"已停止（{limit}）"))
        self.limit = limit


class _CpuSpent(BaseException):
    """Raised in a worker when its call has used its CPU time; a BaseException so that nothing
    the call does with `except Exception` can swallow it."""


def _spent(signum, frame):
    raise _CpuSpent()


def _address_space() -> int:
    """The bytes of address space this process holds now (Linux: /proc/self/statm)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _serve(connection, preload, cpu_seconds, memory_bytes):
    """A worker's life: import what calls need, set the memory limit, answer calls until the
    pipe closes. Each answer is (outcome, value): returned, raised or stopped."""
    import importlib
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is for the server, which stops us
    for name in preload:
        importlib.import_module(name)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))    # a worker killed by SIGXCPU dumps nothing
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = _address_space() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (wanted if hard == resource.RLIM_INFINITY
                                            else min(wanted, hard), hard))
    signal.signal(signal.SIGPROF, _spent)
    while True:
        try:
            message = connection.recv_bytes()
        except EOFError:
            return
        answer = _answer(message, cpu_seconds)
        try:
            connection.send(answer)
        except MemoryError:
            connection.send(("stopped", MEMORY))
        except Exception as error:         # an answer that cannot be pickled
            connection.send(("raised", TypeError(f"{type(error).__name__}: {error}")))


def _answer(message: bytes, cpu_seconds):
    try:
        _arm(cpu_seconds)
        try:
            function, args = pickle.loads(message)
            return ("returned", function(*args))
        finally:
            _disarm()
    except _CpuSpent:
        return ("stopped", CPU)
    except MemoryError:
        return ("stopped", MEMORY)
    except Exception as error:
        return ("raised", error)


def _arm(cpu_seconds):
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = used.ru_utime + used.ru_stime
    # The kernel's own stop, two seconds after the timer's, for a call the timer's exception
    # cannot reach (stuck inside one C function): SIGXCPU ends the worker.
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(spent + cpu_seconds + 2)
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY
                                             else min(soft, hard), hard))
    signal.setitimer(signal.ITIMER_PROF, cpu_seconds)


def _disarm():
    signal.setitimer(signal.ITIMER_PROF, 0)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))


class _Gone(Exception):
    """The worker had ended before it was given the call (killed while idle)."""


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context, preload, cpu_seconds, memory_bytes):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, name="meide-confined", daemon=True,
                                       args=(child, preload, cpu_seconds, memory_bytes))
        self.process.start()
        child.close()
        self.calls = 0

    def call(self, function, args, timeout):
        """The worker's answer, or Stopped(WALL) after timeout seconds, or Stopped(CPU/DIED)
        when the worker ended without answering."""
        self.calls += 1
        try:
            self.connection.send((function, args))
        except (BrokenPipeError, ConnectionResetError):
            raise _Gone() from None
        if not self.connection.poll(timeout):
            raise Stopped(WALL)
        try:
            return self.connection.recv()
        except (EOFError, OSError):
            self.process.join(1)
            ended_by_kernel = self.process.exitcode == -signal.SIGXCPU
            raise Stopped(CPU if ended_by_kernel else DIED) from None

    def stop(self):
        self.process.kill()
        self.process.join()
        self.connection.close()


class Pool:
    """Up to `size` workers, started on first need (or by warm) and reused for `calls_per_worker`
    calls; one call at a time per worker, callers beyond that wait for a free one."""

    def __init__(self, *, preload=(), size: int = 2, cpu_seconds: float = 5.0,
                 memory_mb: int = 256, wall_seconds: float = 30.0, calls_per_worker: int = 200):
        self.preload = tuple(preload)
        self.size = size
        self.cpu_seconds = cpu_seconds
        self.memory_mb = memory_mb
        self.wall_seconds = wall_seconds
        self.calls_per_worker = calls_per_worker
        self._lock = threading.Lock()
        self._pid = None
        self._idle = queue.SimpleQueue()
        self._live = 0

    def _reset_if_forked(self):
        # A forked copy of this process must not talk to its parent's workers.
        if self._pid != os.getpid():
            self._pid, self._idle, self._live = os.getpid(), queue.SimpleQueue(), 0

    def _start(self) -> _Worker:
        return _Worker(multiprocessing.get_context("spawn"), self.preload, self.cpu_seconds,
                       self.memory_mb * 1024 * 1024)

    def warm(self):
        """Start the workers not yet running, without waiting for them to be ready."""
        with self._lock:
            self._reset_if_forked()
            while self._live < self.size:
                self._idle.put(self._start())
                self._live += 1

    def _take(self) -> _Worker:
        with self._lock:
            self._reset_if_forked()
            try:
                return self._idle.get_nowait()
            except queue.Empty:
                if self._live < self.size:
                    worker = self._start()
                    self._live += 1
                    return worker
            idle = self._idle
        return idle.get()

    def _give_back(self, worker: _Worker):
        if worker.calls >= self.calls_per_worker:
            self._replace(worker)
        else:
            self._idle.put(worker)

    def _replace(self, worker: _Worker):
        """Stop worker and start its successor at once, so it is ready by the next call."""
        worker.stop()
        with self._lock:
            if self._pid != os.getpid():
                return
            try:
                self._idle.put(self._start())
            except Exception:
                self._live -= 1     # the next call starts one, or says why it cannot
                raise

    def run(self, function, *args):
        """function(*args) in a worker: what it returns, or what it raises, or Stopped.
        function and args are pickled (function by its module and name)."""
        worker = self._take()
        try:
            try:
                outcome, value = worker.call(function, args, self.wall_seconds)
            except _Gone:
                self._replace(worker)
                worker = self._take()
                outcome, value = worker.call(function, args, self.wall_seconds)
        except BaseException:
            # Stopped, or this thread interrupted while waiting (KeyboardInterrupt, a test's
            # alarm): the worker may still answer, and that answer is nobody else's.
            self._replace(worker)
            raise
        if outcome == "stopped":
            self._replace(worker)
            raise Stopped(value)
        self._give_back(worker)
        if outcome == "raised":
            raise value
        return value

    def close(self):
        """Stop every idle worker (a busy one is stopped when its call returns to the pool)."""
        with self._lock:
            self._reset_if_forked()
            while True:
                try:
                    worker = self._idle.get_nowait()
                except queue.Empty:
                    break
                worker.stop()
                self._live -= 1
