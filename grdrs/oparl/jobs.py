"""Reading one OParl File's text in a worker: a :class:`Job` (the text or downloaded bytes,
the profile) becomes a :class:`Result` (document, facts, clean pages and their restore ops).
:func:`run_jobs` runs them in order, in a bounded process pool when ``workers`` > 1.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any



@dataclass
class Job:
    oid: str
    name: str
    payload: str | bytes
    kind: str | None  # None: text; else "pdf" | "txt" | "html" (downloaded bytes)
    profile: Any  # a shipped profile's name, a Profile (learned or from a file), or None
    sha256: str
    size: int
    papers: tuple[str, ...] = ()  # OParl paper ids a text record names (fallback links)
    file_hash: str | None = None  # hash of the File object (downloads), kept once stored


@dataclass
class Result:
    job: Job
    doc: Any = None
    ext: Any = None
    clean: list[bytes] | None = None  # compressed as stored (reading.zip_pages)
    restore: list[bytes | None] | None = None  # per page: the edits back to its text
    error: str | None = None
    seconds: float = 0.0


def run_job(job: Job) -> Result:
    """Read and extract one File; never raises."""
    from ..model import Document, Page
    from ..reading import extract_document, failure, zip_pages
    from ..sources import read_bytes

    t0 = time.perf_counter()
    payload, job.payload = job.payload, b""  # do not send the text back
    out = Result(job)
    try:
        if job.kind is None:
            text = str(payload).replace("\r\n", "\n").replace("\r", "\n")
            pages = tuple(Page(i + 1, t) for i, t in enumerate(text.split("\f")))
            doc = Document(source=job.oid, name=job.name, kind="oparl", pages=pages)
        else:
            doc = read_bytes(bytes(payload), job.name, job.oid, job.kind)
        out.ext, clean, out.restore, _ = extract_document(doc, job.profile)
        out.clean = zip_pages(clean)
        out.doc = doc
    except Exception as err:  # noqa: BLE001 — one broken file must not stop the import
        out.error = failure(err)
    out.seconds = time.perf_counter() - t0
    return out


def _run_batch(batch: list[Job]) -> list[Result]:
    return [run_job(j) for j in batch]


def _batches(items: Iterable[Job], size: int) -> Iterator[list[Job]]:
    batch: list[Job] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_jobs(jobs: Iterable[Job], workers: int) -> Iterator[Result]:
    """Results in order; with workers > 1 in a process pool with a bounded queue (the texts
    are never all in memory at once)."""
    if workers <= 1:
        for j in jobs:
            yield run_job(j)
        return
    import multiprocessing

    # forkserver: workers start small instead of inheriting the main process's objects
    ctx = multiprocessing.get_context(
        "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        pending: deque = deque()
        for batch in _batches(jobs, 8):
            pending.append(pool.submit(_run_batch, batch))
            while len(pending) >= workers * 4:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
