#!/usr/bin/env python
"""Whole-process wall time of the query commands, as a ratio to `python -c pass`.

    python bench/startup.py --db DB [--ref 563/2023] [--query Einsamkeit] [-n 15]

Each command runs n times in a fresh process (the median counts); the baseline
`python -c pass` runs the same number of times in the same invocation. The target
(issue 7) is at most 4x the baseline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time


def timed(cmd: list[str], n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t)
        if r.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed: {r.stderr.decode()[-500:]}")
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--ref", default="563/2023")
    ap.add_argument("--query", default="Einsamkeit")
    ap.add_argument("-n", type=int, default=15)
    ap.add_argument("--commands", default="papers,show,search,refs,history")
    args = ap.parse_args()
    grdrs = shutil.which("grdrs") or f"{sys.executable} -m grdrs"
    base = timed([sys.executable, "-c", "pass"], args.n)
    print(f"machine: {os.cpu_count()} cores; n={args.n}; db={args.db}")
    print(f"{'command':<40}{'median s':>10}{'ratio':>8}")
    print(f"{'python -c pass':<40}{base:>10.3f}{1:>8.2f}")
    extra = {"papers": ["--json", "--limit", "50"], "show": [args.ref], "search": [args.query],
             "refs": [args.ref], "history": [args.ref]}
    for name in args.commands.split(","):
        cmd = grdrs.split() + [name, *extra[name], "--db", args.db]
        t = timed(cmd, args.n)
        label = " ".join([name, *extra[name]])
        print(f"{'grdrs ' + label:<40}{t:>10.3f}{t / base:>8.2f}")


if __name__ == "__main__":
    main()
