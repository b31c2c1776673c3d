"""Per-file limits of the reader processes (time, memory) and their failure reasons.

Shared by :mod:`grdrs.pool` (which enforces them) and :mod:`grdrs.reading` (which reports a
``MemoryError`` with the limit in force), so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TIME_LIMIT = 600  # seconds per file (OCR of a long scan takes minutes)
DEFAULT_MEMORY_LIMIT = 2048  # MB of address space per worker

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


def set_worker_memory(mb: int) -> None:
    """In a worker: the memory limit now in force (for :func:`memory_reason`)."""
    global _memory_limit
    _memory_limit = mb
