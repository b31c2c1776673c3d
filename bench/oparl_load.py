#!/usr/bin/env python
"""Load the whole Karlsruhe OParl archive with `grdrs ingest-oparl` and measure it.

    python bench/oparl_load.py [--db /tmp/ka.db] [--jobs 0] [--keep] [--second-run]

Runs `/usr/bin/time -v grdrs ingest-oparl ../shared/corpora/karlsruhe --db DB` in a fresh
database and reports wall time, the peak RSS that `time` reports (the largest single process),
the peak of the summed PSS (proportional set size) of the whole process tree (main + extraction workers, sampled from
/proc every 0.2 s), where the time goes (the importer's own split: extraction summed over the
workers, storing, checks), the database size and the headline figures of `grdrs quality`.
With --second-run the same command runs again (everything unchanged: the incremental path).
Targets (issue 7): under 10 minutes and under 1 GB on a 2-core machine. Figures go to
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KA = ROOT.parent / "shared" / "corpora" / "karlsruhe"


def tree_rss(pid: int) -> int:
    """Summed PSS (bytes) of pid and its descendants."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:  # PSS: shared pages counted once
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def communicate_sampled(proc: subprocess.Popen, every: float,
                        measure=None) -> tuple[str, str, int]:
    """``proc.communicate()`` while sampling ``measure()`` (default: the summed PSS of proc's
    tree, bytes) every ``every`` seconds; returns (stdout, stderr, peak)."""
    measure = measure or (lambda: tree_rss(proc.pid))
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, measure())
            done.wait(every)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, err = proc.communicate()
    done.set()
    th.join()
    return out, err, peak


def run(db: Path, jobs: int) -> dict:
    cmd = [sys.executable, "-m", "grdrs", "ingest-oparl", str(KA), "--db", str(db),
           "--jobs", str(jobs)]
    timer = shutil.which("time") or "/usr/bin/time"
    if os.path.exists(timer):
        cmd = [timer, "-v", *cmd]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    out, err, peak = communicate_sampled(proc, 0.2)
    wall = time.perf_counter() - t0
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    split = re.search(r"time: extraction ([\d.]+) s .*storing ([\d.]+) s, checks ([\d.]+) s", err)
    return {"exit": proc.returncode, "wall_s": round(wall, 1),
            "max_rss_mb_single": round(int(m.group(1)) / 1024) if m else None,
            "peak_pss_mb_tree": round(peak / 2**20),
            "extraction_s": float(split.group(1)) if split else None,
            "storing_s": float(split.group(2)) if split else None,
            "checks_s": float(split.group(3)) if split else None,
            "summary": out.strip().splitlines()[-1] if out.strip() else "",
            "errors": [line for line in err.splitlines() if line.startswith("grdrs: http")][:10]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="/tmp/ka.db")
    ap.add_argument("--jobs", type=int, default=0, help="0: one worker per CPU (the default)")
    ap.add_argument("--keep", action="store_true", help="keep an existing database")
    ap.add_argument("--second-run", action="store_true", help="then run again (incremental)")
    args = ap.parse_args()
    if not KA.is_dir():
        raise SystemExit(f"{KA} is missing")
    db = Path(args.db)
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    report = {"cpus": os.cpu_count(), "first": run(db, args.jobs)}
    if args.second_run:
        report["second"] = run(db, args.jobs)
    report["db_mb"] = round(db.stat().st_size / 2**20)
    q = subprocess.run([sys.executable, "-m", "grdrs", "quality", "--db", str(db), "--json",
                        "--examples", "0"], cwd=ROOT, capture_output=True, text=True)
    report["quality"] = json.loads(q.stdout) if q.returncode == 0 else q.stderr
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
