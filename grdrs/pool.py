"""Reader processes with per-file limits: every file is read and extracted in a worker process.

A document can be hostile or just broken in ways that hang or exhaust a parser (a PDF bomb:
deeply nested objects, a page tree claiming millions of pages, a content stream that inflates
to gigabytes). So ``ingest`` and ``extract`` never parse in the main process: a small pool of
long-lived workers (``jobs`` of them, one for ``--jobs 1``) reads one file at a time, and

* **time**: a worker that spends more than ``time_limit`` seconds (wall clock) on one file is
  killed and replaced; the file fails with "exceeded the time limit of N s". A CPU-time rlimit
  set per file is the backstop, and an orphaned worker (main process killed) exits by itself;
* **memory**: each worker runs under ``RLIMIT_AS`` = ``memory_limit`` MB (Unix). An allocation
  beyond it raises ``MemoryError`` in Python code, or makes the C parser abort; either way the
  file fails with "exceeded the memory limit of N MB" and the worker is replaced.

Workers are reused (forked once from the main process on Linux, so start-up costs a few
milliseconds, not an interpreter start); results come back in input order. A limit of 0 means
none.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import wait

from .limits import Limits, memory_reason, set_worker_memory

def _context():
    if sys.platform.startswith("linux"):
        return mp.get_context("fork")
    return mp.get_context("spawn")


def _die_with_parent() -> None:
    """Linux: the kernel sends SIGKILL to this worker when the main process dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 — the getppid() check below still ends orphans
        pass


def _worker(conn, parent: int, limits: Limits, ocr_mode: str | None, close: list) -> None:
    for other in close:  # the parent's ends of the other workers' pipes (fork copies them)
        try:
            other.close()
        except OSError:
            pass
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    try:
        import resource
    except ImportError:  # Windows
        resource = None  # type: ignore[assignment]
    if resource is not None and limits.memory:
        limit = limits.memory * 1024 * 1024
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            set_worker_memory(limits.memory)
        except (ValueError, OSError):
            pass
    if ocr_mode is not None:
        try:
            from .sources import ocr

            ocr.set_mode(ocr_mode)
        except (ImportError, ValueError):
            pass
    from .reading import Read, read_path

    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    os._exit(0)
            task = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if task is None:
            os._exit(0)
        index, item = task
        if resource is not None and limits.time:
            try:  # backstop: CPU seconds used so far + the limit (SIGXCPU ends the worker)
                used = resource.getrusage(resource.RUSAGE_SELF)
                cpu = int(used.ru_utime + used.ru_stime + limits.time) + 5
                hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
                if hard == resource.RLIM_INFINITY or cpu <= hard:
                    resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))
            except (ValueError, OSError):
                pass
        restart = False
        try:
            result = read_path(item)
        except MemoryError:
            result = Read(item[0], "", 0, error=memory_reason())
        if result.error == memory_reason():
            restart = True  # a heap that hit the limit is not worth keeping
        try:
            conn.send((index, result, restart))
        except MemoryError:
            restart = True
            conn.send((index, Read(item[0], result.sha256, result.size, error=memory_reason()),
                       restart))
        except Exception as err:  # noqa: BLE001 — e.g. a result that cannot be pickled
            conn.send((index, Read(item[0], result.sha256, result.size,
                                   error=f"internal error: cannot pass the result on: {err}"),
                       restart))
        if restart:
            os._exit(0)


class _Slot:
    """One worker process and the file it is busy with."""

    def __init__(self, pool: ReaderPool) -> None:
        ctx = _context()
        parent_end, child_end = ctx.Pipe()
        close = [s.conn for s in pool.slots] if ctx.get_start_method() == "fork" else []
        self.proc = ctx.Process(target=_worker, daemon=True,
                                args=(child_end, os.getpid(), pool.limits, pool.ocr_mode, close))
        self.proc.start()
        child_end.close()
        self.conn = parent_end
        self.task: tuple[int, tuple] | None = None
        self.started = 0.0
        self.peak = 0  # largest address space seen, bytes (Linux)

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.proc.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError, BrokenPipeError):
            pass
        self.proc.join(timeout=None if kill else 2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()

    def vm_size(self) -> int:
        try:
            with open(f"/proc/{self.proc.pid}/statm", "rb") as f:
                return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return 0


class ReaderPool:
    """``jobs`` worker processes reading files under ``limits``; use as a context manager."""

    def __init__(self, jobs: int = 1, limits: Limits | None = None) -> None:
        self.jobs = max(1, jobs)
        self.limits = limits or Limits()
        try:
            from .sources import ocr

            self.ocr_mode: str | None = ocr.get_mode()
        except ImportError:
            self.ocr_mode = None
        self.slots: list[_Slot] = []
        # workers fork from here: import the extractors once, not once per worker
        from .extractors import make_context, registry  # noqa: F401

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for slot in self.slots:
            slot.stop(kill=slot.task is not None)
        self.slots = []

    def _crash_reason(self, slot: _Slot) -> str:
        code = slot.proc.exitcode
        near = (self.limits.memory and slot.peak
                >= 0.8 * self.limits.memory * 1024 * 1024)
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            if name == "SIGXCPU" and self.limits.time:
                return self.limits.time_reason()
            if near or (name == "SIGKILL" and self.limits.memory):
                return self.limits.memory_reason()
            if self.limits.memory:
                return (f"the reader crashed ({name}): a damaged file, or it exceeded the "
                        f"memory limit of {self.limits.memory} MB")
            return f"the reader crashed ({name}): a damaged file"
        if near:
            return self.limits.memory_reason()
        return f"the reader process ended unexpectedly (exit status {code})"

    def map(self, items: Iterable[tuple]) -> Iterator:
        """Read each item (path, sha, profile, …) in a worker; yields results in input order."""
        from .reading import Read

        todo = deque(enumerate(items))
        total = len(todo)
        if not total:
            return
        while len(self.slots) < min(self.jobs, total):
            self.slots.append(_Slot(self))
        done: dict[int, object] = {}
        next_out = 0
        busy = 0

        def dispatch() -> int:
            """Give every idle worker its next file; how many were given."""
            given = 0
            for i, slot in enumerate(self.slots):
                if slot.task is None and todo:
                    if not slot.proc.is_alive():
                        slot.stop(kill=True)
                        slot = self.slots[i] = _Slot(self)
                    task = todo.popleft()
                    try:
                        slot.conn.send(task)
                    except (OSError, BrokenPipeError):
                        todo.appendleft(task)
                        slot.stop(kill=True)
                        self.slots[i] = _Slot(self)
                        continue
                    slot.task, slot.started, slot.peak = task, time.monotonic(), 0
                    given += 1
            return given

        while next_out < total:
            busy += dispatch()
            timeout = 0.25
            if self.limits.time:
                now = time.monotonic()
                ends = [s.started + self.limits.time - now for s in self.slots if s.task]
                if ends:
                    timeout = max(0.0, min(timeout, min(ends)))
            ready = wait([s.conn for s in self.slots if s.task], timeout=timeout) if busy else []
            for i, slot in enumerate(self.slots):
                if slot.task is None:
                    continue
                index, item = slot.task
                result = None
                if slot.conn in ready:
                    try:
                        got_index, result, restart = slot.conn.recv()
                        assert got_index == index
                        if restart:  # the worker ends itself after hitting the memory limit
                            slot.stop(kill=False)
                            self.slots[i] = _Slot(self)
                    except (EOFError, OSError):
                        slot.proc.join(timeout=5)
                        result = Read(item[0], "", 0, error=self._crash_reason(slot))
                        slot.stop(kill=True)
                        self.slots[i] = _Slot(self)
                elif self.limits.time and time.monotonic() - slot.started > self.limits.time:
                    slot.stop(kill=True)
                    result = Read(item[0], "", 0, error=self.limits.time_reason())
                    self.slots[i] = _Slot(self)
                elif self.limits.memory:
                    slot.peak = max(slot.peak, slot.vm_size())
                if result is not None:
                    self.slots[i].task = None
                    busy -= 1
                    done[index] = result
            busy += dispatch()  # workers read on while the caller stores what came back
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
