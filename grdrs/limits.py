"""Per-file limits of the reader processes (time, memory) and their failure reasons.

Shared by :mod:`grdrs.pool` (which enforces them) and :mod:`grdrs.reading` (which reports a
``MemoryError`` with the limit in force), so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TIME_LIMIT = 600  # seconds per file (OCR of a long scan takes minutes)
DEFAULT_MEMORY_LIMIT = 2048  # MB of address space per worker
# the least --memory-limit (MB) accepted: a worker starts with the reader's modules (pypdfium2,
# pdfplumber, the extractors, sqlite3) mapped, some 60-70 MB of address space before it reads
# a byte, so below this nothing at all can be read
MIN_MEMORY_LIMIT = 100

_memory_limit = 0  # in a worker: its limit, for the MemoryError message


@dataclass(frozen=True)
class Limits:
    time: float = DEFAULT_TIME_LIMIT  # seconds, 0 = none
    memory: int = DEFAULT_MEMORY_LIMIT  # MB, 0 = none

    def time_reason(self) -> str:
        return f"exceeded the time limit of {self.time:g} s"

    def memory_reason(self) -> str:
        return f"exceeded the memory limit of {self.memory} MB"


def memory_reason() -> str:
    """The failure reason for a ``MemoryError`` inside a worker."""
    return Limits(memory=_memory_limit).memory_reason() if _memory_limit else "out of memory"


def memory_limit_problem(mb: int) -> str | None:
    """Why ``mb`` cannot be a memory limit (None: it can): 0 (none) or at least the floor."""
    if mb < 0 or 0 < mb < MIN_MEMORY_LIMIT:
        return (f"{mb} MB: a memory limit is 0 (none) or at least {MIN_MEMORY_LIMIT} MB, what "
                f"a reader process needs for its own modules before it reads a file")
    return None


def is_memory_failure(err: BaseException) -> bool:
    """Whether ``err``, raised in a worker under a memory limit, is the limit: a
    ``MemoryError``, a shared library that cannot be mapped (an ``ImportError`` or ``OSError``
    "failed to map segment", "cannot allocate memory"), or a C extension that failed to
    allocate and returned without setting an exception (``SystemError``)."""
    if isinstance(err, MemoryError):
        return True
    if not _memory_limit:
        return False
    if isinstance(err, SystemError):
        return True
    if isinstance(err, (ImportError, OSError)):
        text = str(err).lower()
        return any(w in text for w in ("failed to map", "cannot allocate memory",
                                       "cannot map", "out of memory"))
    return False


def set_worker_memory(mb: int) -> None:
    """In a worker: the memory limit now in force (for :func:`memory_reason`)."""
    global _memory_limit
    _memory_limit = mb
