#!/usr/bin/env python
"""Two grdrs checkouts against each other on a folder of PDFs, run alternately (for a shared machine).

    python bench/pdf_ab.py --base /path/to/other/checkout [--folder ../shared/corpora/koeln] [--rounds 5]

Each round runs, one after the other: pdftotext over every file (one process per file), then
`grdrs ingest FOLDER --db fresh.db -q --jobs J` from the other checkout and from this one, for
J = 1 and 2. Alternating keeps both trees under the same load, which on a machine shared with
other jobs drifts within minutes. Prints the minimum and median wall time, the median CPU
seconds of each command's process tree, the ratios, and the load average at every round.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """(wall s, CPU s of the command's process tree)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path, required=True, help="the other grdrs checkout")
    ap.add_argument("--folder", type=Path, default=ROOT.parent / "shared/corpora/koeln")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--work", type=Path, default=Path("/tmp/grdrs-pdf-ab"))
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    pdfs = sorted(args.folder.glob("*.pdf"))
    trees = {"base": args.base.resolve(), "this": ROOT}
    rows: dict[str, list[tuple[float, float]]] = {"pdftotext": []}
    loads = []
    for _ in range(args.rounds):
        loads.append(os.getloadavg()[0])
        t, cpu = 0.0, 0.0
        for p in pdfs:
            w, c = run(["pdftotext", "-q", str(p), os.devnull])
            t, cpu = t + w, cpu + c
        rows["pdftotext"].append((t, cpu))
        for name, tree in trees.items():
            for jobs in (1, 2):
                db = args.work / f"{name}-{jobs}.db"
                for suffix in ("", "-wal", "-shm", ".lock"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
                env = {**os.environ, "PYTHONPATH": str(tree)}
                rows.setdefault(f"{name} --jobs {jobs}", []).append(run(
                    [sys.executable, "-m", "grdrs", "ingest", str(args.folder), "--db", str(db),
                     "-q", "--jobs", str(jobs)], env))
    loads.append(os.getloadavg()[0])
    print(f"{len(pdfs)} PDFs in {args.folder}; {args.rounds} rounds; load average at each: "
          + ", ".join(f"{x:.1f}" for x in loads))
    base_min = min(w for w, _ in rows["pdftotext"])
    base_cpu = statistics.median(c for _, c in rows["pdftotext"])
    for what, got in rows.items():
        walls = [w for w, _ in got]
        cpu = statistics.median(c for _, c in got)
        print(f"{what:<18} wall min {min(walls):6.2f} median {statistics.median(walls):6.2f}  "
              f"CPU {cpu:6.2f}  ratio to pdftotext (min wall) {base_min / min(walls):5.2f}  "
              f"(CPU) {base_cpu / cpu:5.2f}")
    for name in trees:
        one, two = rows[f"{name} --jobs 1"], rows[f"{name} --jobs 2"]
        print(f"{name}: --jobs 2 is {min(w for w, _ in one) / min(w for w, _ in two):.2f}× "
              f"--jobs 1 by minimum wall, "
              f"{statistics.median(w for w, _ in one) / statistics.median(w for w, _ in two):.2f}× "
              f"by median")


if __name__ == "__main__":
    main()
