"""Reader processes with per-file limits: every file is read and extracted in a worker process.

A document can be hostile or just broken in ways that hang or exhaust a parser (a PDF bomb:
deeply nested objects, a page tree claiming millions of pages, a content stream that inflates
to gigabytes). So ``ingest`` and ``extract`` never parse in the main process: a small pool of
long-lived workers (``jobs`` of them, one for ``--jobs 1``) reads one file at a time, and

* **time**: a worker that spends more than ``time_limit`` seconds (wall clock) on one file is
  killed and replaced; the file fails with "exceeded the time limit of N s". A CPU-time rlimit
  set per file is the backstop, and an orphaned worker (main process killed) exits by itself;
* **memory**: each worker runs under ``RLIMIT_AS`` = ``memory_limit`` MB (Unix), set after it
  has imported everything reading needs (a shared library mapped under the limit may fail). An
  allocation beyond it raises ``MemoryError`` in Python code (or an ``ImportError``/
  ``SystemError`` from C code), or makes the C parser abort; either way the file fails with
  "exceeded the memory limit of N MB" and the worker is replaced. A worker's stderr goes to
  the null device: a file's failure is the one line the main process prints.

Workers are reused (forked once from the main process on Linux, so start-up costs a few
milliseconds, not an interpreter start; what reading needs is imported before the fork, so
workers do not each import it again); results come back in input order. A limit of 0 means
none.

**Order of work** (more than one worker). Files go out in input order, except that a file big
enough to be the last one still running (its byte size at least half of each worker's share
of the bytes still to read) goes out at once: a 112-page PDF late in a folder no longer keeps
one worker busy while the others idle. Byte size, because the main process never parses a
file. Results still come back in input order (the store assigns ids in that order), so a
finished document may have to wait for an earlier one; waiting documents are held as the
pickled bytes the worker sent, and beyond ``hold_bytes`` of them in a temporary file, so memory
does not grow with the folder.
"""

from __future__ import annotations

import heapq
import multiprocessing as mp
import os
import pickle
import signal
import sys
import tempfile
import time
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


# a worker's exit status when it failed in a way that leaves no result to send: under a memory
# limit, what ``_crash_reason`` reports as that limit
_EXIT_FAILED = 3


def _worker(conn, parent: int, limits: Limits, ocr_mode: str | None, close: list) -> None:
    """A worker's life; nothing it raises reaches the terminal as a traceback: a failure
    while reading a file comes back as that file's reason, anything else ends the worker
    with ``_EXIT_FAILED``, which the main process reports for the file it was reading."""
    try:
        _serve(conn, parent, limits, ocr_mode, close)
    except BaseException:  # noqa: BLE001 — see the docstring
        os._exit(_EXIT_FAILED)


def _quiet_stderr() -> None:
    """Send this worker's stderr to the null device: what goes wrong while reading is the
    file's one-line reason, printed by the main process; a C library's or Python's own last
    words (``Fatal Python error: Cannot recover from MemoryErrors …`` with a stack dump, when
    an allocation fails in the interpreter under the memory limit) are not for the terminal."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
    except OSError:
        pass


def _serve(conn, parent: int, limits: Limits, ocr_mode: str | None, close: list) -> None:
    for other in close:  # the parent's ends of the other workers' pipes (fork copies them)
        try:
            other.close()
        except OSError:
            pass
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    if ocr_mode is not None:
        try:
            from .sources import ocr

            ocr.set_mode(ocr_mode)
        except (ImportError, ValueError):
            pass
    # everything reading needs, before the memory limit: a shared library mapped under a
    # low RLIMIT_AS fails ("failed to map segment"); a no-op after a fork (the pool warmed up)
    from .reading import Read, failure, read_path, warm_up

    warm_up()
    _quiet_stderr()
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
        except Exception as err:  # noqa: BLE001 — MemoryError, or one outside read_file
            result = Read(item[0], "", 0, error=failure(err))
        if result.error == memory_reason():
            restart = True  # a heap that hit the limit is not worth keeping
        try:  # the result pickled here: the main process may hold it unread (see map)
            conn.send((index, _pickled(result), restart))
        except MemoryError:
            restart = True
            conn.send((index, _pickled(Read(item[0], result.sha256, result.size,
                                            error=memory_reason())), restart))
        except Exception as err:  # noqa: BLE001 — e.g. a result that cannot be pickled
            conn.send((index, _pickled(Read(item[0], result.sha256, result.size,
                                            error=f"internal error: cannot pass the result on: "
                                                  f"{err}")), restart))
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


def _size(item: tuple) -> int:
    """Byte size of an item's file (0 if it cannot be told): how long reading it may take."""
    try:
        return os.stat(item[0]).st_size
    except (OSError, TypeError, ValueError, IndexError):
        return 0


class _Order:
    """Which file to hand out next: input order, a file big enough to end last first."""

    def __init__(self, sizes: list[int], jobs: int) -> None:
        self.sizes, self.jobs = sizes, jobs
        self.given = [False] * len(sizes)
        self.cursor = 0  # the first file in input order not yet given out
        self.left = sum(sizes)  # bytes not yet given out
        self.largest = [(-n, i) for i, n in enumerate(sizes)] if jobs > 1 else []
        heapq.heapify(self.largest)

    def __bool__(self) -> bool:
        return self.cursor < len(self.sizes)

    def take(self) -> int:
        while self.given[self.cursor]:
            self.cursor += 1
        pick = self.cursor
        while self.largest and self.given[self.largest[0][1]]:
            heapq.heappop(self.largest)
        if self.largest:
            big = self.largest[0][1]
            if 2 * self.jobs * self.sizes[big] >= self.left:
                pick = big
        self.given[pick] = True
        self.left -= self.sizes[pick]
        while self.cursor < len(self.sizes) and self.given[self.cursor]:
            self.cursor += 1
        return pick

    def put_back(self, index: int) -> None:
        self.given[index] = False
        self.left += self.sizes[index]
        self.cursor = min(self.cursor, index)
        if self.jobs > 1:
            heapq.heappush(self.largest, (-self.sizes[index], index))


class _Held:
    """Finished results waiting for an earlier one, as pickled bytes; past ``budget`` bytes in
    a temporary file (deleted when closed)."""

    def __init__(self, budget: int) -> None:
        self.budget, self.in_memory = budget, 0
        self.items: dict[int, bytes | tuple[int, int]] = {}
        self.file = None
        self.spilled = 0  # results that went to the file

    def __contains__(self, index: int) -> bool:
        return index in self.items

    def put(self, index: int, payload: bytes, keep: bool = False) -> None:
        """Hold ``payload``; ``keep``: in memory whatever the budget (it is wanted next)."""
        if keep or self.in_memory + len(payload) <= self.budget:
            self.items[index] = payload
            self.in_memory += len(payload)
            return
        if self.file is None:
            try:
                self.file = tempfile.TemporaryFile(prefix="grdrs-held-")
            except OSError:  # no writable temporary folder: memory it is
                self.budget = sys.maxsize
                self.put(index, payload)
                return
        self.file.seek(0, os.SEEK_END)
        self.items[index] = (self.file.tell(), len(payload))
        self.file.write(payload)
        self.spilled += 1

    def pop(self, index: int) -> bytes:
        got = self.items.pop(index)
        if isinstance(got, bytes):
            self.in_memory -= len(got)
            return got
        self.file.seek(got[0])
        return self.file.read(got[1])

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


class ReaderPool:
    """``jobs`` worker processes reading files under ``limits``; use as a context manager.

    ``hold_bytes``: how many bytes of finished results may wait in memory for an earlier one
    (more go to a temporary file).
    """

    def __init__(self, jobs: int = 1, limits: Limits | None = None,
                 hold_bytes: int = 64 << 20) -> None:
        self.jobs = max(1, jobs)
        self.limits = limits or Limits()
        self.hold_bytes = hold_bytes
        self.dispatched: list[int] = []  # input indices in the order handed out (diagnostics)
        self.spilled = 0  # results of the last map() held in the temporary file (diagnostics)
        try:
            from .sources import ocr

            self.ocr_mode: str | None = ocr.get_mode()
        except ImportError:
            self.ocr_mode = None
        self.slots: list[_Slot] = []
        # workers fork from here: import the readers and extractors once, not once per worker
        from .reading import warm_up

        warm_up()

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
        if near or (code == _EXIT_FAILED and self.limits.memory):
            return self.limits.memory_reason()
        return f"the reader process ended unexpectedly (exit status {code})"

    def map(self, items: Iterable[tuple]) -> Iterator:
        """Read each item (path, sha, profile, …) in a worker; yields results in input order."""
        held = _Held(self.hold_bytes)
        try:
            yield from self._map(list(items), held)
        finally:
            self.spilled = held.spilled
            held.close()

    def _map(self, tasks: list[tuple], held: _Held) -> Iterator:
        from .reading import Read

        total = len(tasks)
        self.dispatched = []
        if not total:
            return
        while len(self.slots) < min(self.jobs, total):
            self.slots.append(_Slot(self))
        jobs = len(self.slots)
        todo = _Order([_size(t) for t in tasks] if jobs > 1 else [0] * total, jobs)
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
                    index = todo.take()
                    task = (index, tasks[index])
                    try:
                        slot.conn.send(task)
                    except (OSError, BrokenPipeError):
                        todo.put_back(index)
                        slot.stop(kill=True)
                        self.slots[i] = _Slot(self)
                        continue
                    slot.task, slot.started, slot.peak = task, time.monotonic(), 0
                    self.dispatched.append(index)
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
                        got_index, result, restart = slot.conn.recv()  # result: pickled
                        assert got_index == index
                        if restart:  # the worker ends itself after hitting the memory limit
                            slot.stop(kill=False)
                            self.slots[i] = _Slot(self)
                    except (EOFError, OSError):
                        slot.proc.join(timeout=5)
                        result = _pickled(Read(item[0], "", 0, error=self._crash_reason(slot)))
                        slot.stop(kill=True)
                        self.slots[i] = _Slot(self)
                elif self.limits.time and time.monotonic() - slot.started > self.limits.time:
                    slot.stop(kill=True)
                    result = _pickled(Read(item[0], "", 0, error=self.limits.time_reason()))
                    self.slots[i] = _Slot(self)
                elif self.limits.memory:
                    slot.peak = max(slot.peak, slot.vm_size())
                if result is not None:
                    self.slots[i].task = None
                    busy -= 1
                    held.put(index, result, keep=index == next_out)
            busy += dispatch()  # workers read on while the caller stores what came back
            while next_out in held:
                result = pickle.loads(held.pop(next_out))
                next_out += 1
                yield result


def _pickled(result) -> bytes:
    return pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
