#!/usr/bin/env python
"""`grdrs check` against `grdrs extract` of the same draft, on real Karlsruhe papers.

Six texts of 20–80 KB drawn with seed 3 from ../shared/corpora/karlsruhe/texts.jsonl.gz, each
written to a file and checked (``--date 2026-12-01``) against a database of the whole archive
(``--db``, made by ``grdrs ingest-oparl ../shared/corpora/karlsruhe --profile karlsruhe``).
Whole-process wall times, median of 3 each; the issue asks for check ≤ 3× extract.
``--min-chars 150000 --max-chars 400000 --min-figures 200`` draws long papers that state many
amounts instead (annual accounts, holdings reports, budget plans; most long texts are minutes
with few figures).

    python bench/check_speed_real.py --db ka.db [--min-chars 20000 --max-chars 80000]
        [--min-figures 0] [-n 6]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CURRENCY = re.compile(r"€|\bEUR\b|\bEuro\b")
KA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "karlsruhe"


def median_run(cmd: list[str]) -> float:
    times = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--min-chars", type=int, default=20000)
    ap.add_argument("--max-chars", type=int, default=80000)
    ap.add_argument("--min-figures", type=int, default=0,
                    help="only texts printing € / Euro / EUR at least this often")
    ap.add_argument("-n", type=int, default=6, help="how many papers")
    args = ap.parse_args()
    texts = []
    with gzip.open(KA / "texts.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text") or ""
            if args.min_chars < len(text) < args.max_chars and (
                    not args.min_figures or len(_CURRENCY.findall(text)) >= args.min_figures):
                texts.append(text)
    random.seed(3)
    total_e = total_c = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for k, text in enumerate(random.sample(texts, args.n)):
            draft = Path(tmp) / f"d{k}.txt"
            draft.write_text(text, encoding="utf-8")
            grdrs = [sys.executable, "-m", "grdrs"]
            e = median_run([*grdrs, "extract", str(draft), "--profile", "karlsruhe", "--json"])
            c = median_run([*grdrs, "check", str(draft), "--profile", "karlsruhe", "--date",
                            "2026-12-01", "--db", args.db, "--json"])
            total_e, total_c = total_e + e, total_c + c
            print(f"draft {k}: {len(text):6d} chars  extract {e:.2f} s  check {c:.2f} s  "
                  f"ratio {c / e:.2f}")
    print(f"all {args.n}: check/extract {total_c / total_e:.2f} (target <= 3)")


if __name__ == "__main__":
    main()
