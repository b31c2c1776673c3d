"""Ingest: files and folders → the store, one transaction per file.

A file is identified by its resolved path; its SHA-256 says whether it changed (same bytes:
"unchanged", nothing is read again; new bytes: the old version is "replaced"). A file that
cannot be read is recorded in ``failures`` with its reason and the batch goes on; what was
stored of it before stays. Reading and extraction run in worker processes (``jobs`` of them,
one for ``jobs=1``) under per-file time and memory limits (:mod:`grdrs.pool`); the main
process alone stores, so the database has one writer. Two ingests into one database
serialize: the second waits on a lock file beside the database (``DB.lock``) until the first
is done.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import store, write
from .limits import Limits
from .paths import printable
from .pool import ReaderPool
from .profiles.manage import keep_profile_file, kept_profiles
from .reading import Read, all_missing, missing_reason
from .sources import SUFFIXES


@dataclass
class Summary:
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    pages: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def files(self) -> int:
        return self.new + self.replaced + self.unchanged + self.failed

    def line(self) -> str:
        skipped = f", {self.skipped} skipped" if self.skipped else ""
        return (f"{self.files} file(s): {self.new} new, {self.replaced} replaced, "
                f"{self.unchanged} unchanged, {self.failed} failed{skipped}; "
                f"{self.pages} page(s) in {self.seconds:.1f} s")


def collect(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], int]:
    """Files to read: named files as they are, folders recursively (supported suffixes only).

    Returns (files, skipped). Symlinks are followed once (a loop is visited once), and the same
    file reached twice is read once. A missing path (a named one, a dangling symlink of a
    supported suffix in a folder) is among the files under its own absolute path: reading it
    fails with :func:`grdrs.reading.missing_reason`, the rest goes on.
    """
    out: list[Path] = []
    seen: set[Path] = set()
    skipped = 0

    def add(p: Path) -> None:
        r = p.resolve() if p.exists() else Path(os.path.abspath(p))
        if r not in seen:
            seen.add(r)
            out.append(r)

    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            add(p)
            continue
        visited: set[tuple[int, int]] = set()
        for root, dirs, files in os.walk(p, followlinks=True):
            st = os.stat(root)
            if (st.st_dev, st.st_ino) in visited:
                dirs[:] = []
                continue
            visited.add((st.st_dev, st.st_ino))
            dirs.sort()
            for name in sorted(files):
                f = Path(root) / name
                if f.suffix.lower() in SUFFIXES:  # a dangling symlink fails, not skipped
                    add(f)
                else:
                    skipped += 1
    return out, skipped


def nothing_to_read(paths: Iterable[str | os.PathLike], found: list[Path],
                    skipped: int) -> str | None:
    """Why ``ingest`` of ``paths`` (with what :func:`collect` found) has nothing to read and
    stops before it makes a database, or None. Named paths that are all missing are nothing
    to read; one missing among others fails on its own and the rest is read."""
    paths = [str(p) for p in paths]
    if why := all_missing(paths):
        return why
    if found:
        return None
    if not skipped:  # an empty folder
        return f"nothing to read: no file in {', '.join(paths)}"
    oparl = oparl_sources(paths)
    hint = (f"; {', '.join(oparl)} looks like OParl: grdrs ingest-oparl {oparl[0]}"
            if oparl else "")
    return (f"nothing to read: {skipped} file(s) skipped, none of them PDF, text or "
            f"HTML{hint}")


_OPARL_SUFFIXES = (".json", ".json.gz", ".jsonl", ".jsonl.gz")


def oparl_sources(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Which of ``paths`` look like OParl (JSON or JSON-lines files, a folder of them): for
    the hint to use ``grdrs ingest-oparl`` when ``ingest`` found nothing to read."""
    out = []
    for raw in paths:
        p = Path(raw)
        names = [f.name for f in p.iterdir() if f.is_file()] if p.is_dir() else [p.name]
        if any(n.lower().endswith(_OPARL_SUFFIXES) for n in names):
            out.append(str(raw))
    return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


@contextmanager
def ingest_lock(conn: sqlite3.Connection,
                on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold ``DB.lock`` (an advisory lock beside the database) while ingesting.

    A second ingest into the same database waits here until the first is done, so the two
    serialize. The kernel drops the lock when its process dies (kill -9 too); the file stays.
    """
    db = store.db_file(conn)
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's own locking (one transaction per file) serializes
        fcntl = None  # type: ignore[assignment]
    try:
        f = open(db + ".lock", "a+b") if db is not None and fcntl is not None else None
    except OSError:  # a read-only folder: SQLite's own locking still keeps the data sound
        f = None
    if f is None:
        yield
        return
    with f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            if on_wait:
                on_wait(f"another ingest is writing to {db}; waiting for it to finish")
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def ingest(conn: sqlite3.Connection, paths: Iterable[str | os.PathLike], *,
           profile: str | None = None, jobs: int = 1,
           on_error: Callable[[str, str], None] | None = None,
           progress: bool = False, limits: Limits | None = None,
           on_wait: Callable[[str], None] | None = None) -> Summary:
    """Ingest files/folders into the open (writable) database ``conn``.

    ``limits`` (default :class:`grdrs.pool.Limits`: 600 s, 2048 MB) bound the time and
    memory spent on each file; a file over a limit fails with that reason.
    """
    with ingest_lock(conn, on_wait):
        return _ingest(conn, paths, profile=profile, jobs=jobs, on_error=on_error,
                       progress=progress, limits=limits or Limits())


def _ingest(conn: sqlite3.Connection, paths: Iterable[str | os.PathLike], *,
            profile: str | None, jobs: int, on_error: Callable[[str, str], None] | None,
            progress: bool, limits: Limits) -> Summary:
    t0 = time.perf_counter()
    files, skipped = collect(paths)
    summary = Summary(skipped=skipped)

    def fail(path: str, sha: str | None, reason: str) -> None:
        path, reason = printable(path), printable(reason)  # a name that is not UTF-8
        summary.failed += 1
        summary.errors.append((path, reason))
        store.record_failure(conn, path, sha, reason)
        if on_error:
            on_error(path, reason)

    if profile is None:  # councils learned into this database (ingest-oparl) are detected too
        profile = kept_profiles(conn)
    elif isinstance(profile, str):
        keep_profile_file(conn, profile)
    todo: list[tuple[str, str, Any]] = []
    for f in files:
        path = str(f)
        try:
            sha = _sha256(f)
        except IsADirectoryError:
            fail(path, None, "is a folder")
            continue
        except FileNotFoundError:
            fail(path, None, missing_reason(path))
            continue
        except OSError as err:
            fail(path, None, f"cannot open: {err.strerror or err}")
            continue
        if clash := _name_clash(path):
            fail(path, sha, clash)
            continue
        state = store.file_state(conn, printable(path))
        if state is not None and state[1] == sha:
            summary.unchanged += 1
            continue
        todo.append((path, sha, profile))

    shas = {path: sha for path, sha, _ in todo}
    for result in _results(todo, jobs, progress, limits):
        if result.error is not None:
            fail(result.path, result.sha256 or shas.get(result.path), result.error)
            continue
        stored = write.store_file(conn, path=printable(result.path), sha256=result.sha256,
                                  size=result.size, doc=result.doc, ext=result.ext,
                                  page_clean=result.page_clean or [],
                                  page_restore=result.page_restore,
                                  main_series=result.main_series)
        setattr(summary, stored.status, getattr(summary, stored.status) + 1)
        if stored.status != "unchanged":
            summary.pages += len(result.doc.pages)  # type: ignore[attr-defined]
    store.rank_common_words(conn)  # (when a page changed, or an earlier run was cut short)
    summary.seconds = time.perf_counter() - t0
    return summary


def _name_clash(path: str) -> str | None:
    """Why a file whose name is not UTF-8 cannot be stored under its printable form (see
    :mod:`grdrs.paths`): another file is named so, escapes and all; else None."""
    shown = printable(path)
    if shown != path and os.path.lexists(shown):
        return (f"file name is not valid UTF-8, and {shown}, the name grdrs would store "
                "it under, is another file's")
    return None


def _results(todo: list[tuple[str, str, str | None]], jobs: int, progress: bool,
             limits: Limits) -> Iterator[Read]:
    bar = None
    if progress and todo:
        import click

        bar = click.progressbar(length=len(todo), label="reading", file=sys.stdout,
                                show_pos=True)
        bar.__enter__()
    try:
        with ReaderPool(min(jobs, max(1, len(todo))), limits) as pool:
            for result in pool.map(todo):
                if bar:
                    bar.update(1)
                yield result
    finally:
        if bar:
            bar.__exit__(None, None, None)
