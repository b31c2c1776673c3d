"""What the per-file limits cost: reading in limited worker processes vs. in-process.

Reads the bundled corpus (corpus/papers, 20 files: PDF, HTML, text) `--repeat` times
(default 5, i.e. 100 files) through:

* `in-process`   — the old `--jobs 1` path: read and extract in the main process, no limits;
* `executor 2`   — the old `--jobs 2` path: concurrent.futures.ProcessPoolExecutor;
* `pool 1`/`pool 2` — grdrs.pool.ReaderPool with the default limits (600 s, 2048 MB), which
  `ingest` and `extract` now always use;

and the time to the first result of one small file (start-up of the pool).

    python bench/robust_limits.py [--repeat 5] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grdrs.reading import read_path as _read_path  # noqa: E402
from grdrs.pool import Limits, ReaderPool  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    files = sorted(p for p in (ROOT / "corpus" / "papers").iterdir() if p.is_file())
    items = [(str(f), "", None) for f in files] * args.repeat
    for item in items[:20]:  # warm the page cache and the imports
        _read_path(item)

    def in_process():
        return [_read_path(i) for i in items]

    def executor2():
        with ProcessPoolExecutor(2) as ex:
            return list(ex.map(_read_path, items, chunksize=1))

    def pool(n):
        def run():
            with ReaderPool(n, Limits()) as p:
                return list(p.map(items))
        return run

    def first_result():
        with ReaderPool(1, Limits()) as p:
            return list(p.map(items[:1]))

    out = {"files": len(items)}
    for name, fn in (("in-process", in_process), ("executor 2", executor2),
                     ("pool 1", pool(1)), ("pool 2", pool(2)), ("first result", first_result)):
        best = float("inf")
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            results = fn()
            best = min(best, time.perf_counter() - t0)
            assert all(r.error is None for r in results), [r.error for r in results if r.error]
        out[name] = round(best, 3)
    out["pool 1 vs in-process"] = f"{(out['pool 1'] / out['in-process'] - 1) * 100:+.1f} %"
    out["pool 2 vs executor 2"] = f"{(out['pool 2'] / out['executor 2'] - 1) * 100:+.1f} %"
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
