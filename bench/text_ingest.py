#!/usr/bin/env python
"""Text ingest of the whole Karlsruhe archive against the extraction function alone.

    python bench/text_ingest.py [--jobs 0] [--db /tmp/ka-bench.db] [--limit N]

1. Baseline: grdrs.extractors.extract over every non-empty text of texts.jsonl.gz (profile
   karlsruhe, nothing stored), in a pool of --jobs worker processes (the same parallelism
   ingest-oparl uses; 0 = one per CPU); MB/s of text.
2. `grdrs ingest-oparl ../shared/corpora/karlsruhe --db fresh.db --jobs N` (via
   bench/oparl_load.py's run(): wall time, peak memory of the whole process tree); MB/s over
   the same texts.
Prints both, and the ratio ingest/extraction (target: >= 0.5; under 10 min; under 1 GB).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
KA = ROOT.parent / "shared" / "corpora" / "karlsruhe"


def texts(limit: int | None) -> list[str]:
    out = []
    with gzip.open(KA / "texts.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            t = json.loads(line)["text"]
            if t.strip():
                out.append(t)
                if limit and len(out) >= limit:
                    break
    return out


def _extract_chunk(chunk: list[str]) -> int:
    from grdrs.extractors import extract
    from grdrs.model import Document, Page
    from grdrs.profiles import load

    prof = load("karlsruhe")
    n = 0
    for i, text in enumerate(chunk):
        e = extract(Document(str(i), str(i), "oparl", (Page(1, text),)), prof)
        n += len(e.references) + len(e.amounts)
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--db", default="/tmp/ka-bench.db")
    ap.add_argument("--limit", type=int, default=None, help="extraction baseline on N texts")
    args = ap.parse_args()
    jobs = args.jobs or os.cpu_count() or 1
    all_texts = texts(args.limit)
    mb = sum(len(t.encode("utf-8")) for t in all_texts) / 1e6
    chunks = [all_texts[i:i + 200] for i in range(0, len(all_texts), 200)]
    t = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        facts = sum(pool.map(_extract_chunk, chunks))
    base = time.perf_counter() - t
    print(f"machine: {os.cpu_count()} cores; jobs {jobs}; {len(all_texts)} texts, {mb:.1f} MB; "
          f"{facts} references+amounts")
    print(f"{'extraction alone (no storing)':<34}{base:>8.1f} s{mb / base:>8.2f} MB/s  1.00")
    if args.limit:
        return
    from oparl_load import run

    db = Path(args.db)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    r = run(db, args.jobs)
    wall = r["wall_s"]
    print(f"{'grdrs ingest-oparl (all of it)':<34}{wall:>8.1f} s{mb / wall:>8.2f} MB/s"
          f"{base / wall:>6.2f}   peak memory (process tree, PSS) {r['peak_pss_mb_tree']} MB;"
          f" exit {r['exit']}; {r['summary']}")


if __name__ == "__main__":
    main()
