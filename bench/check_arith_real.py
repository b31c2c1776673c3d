#!/usr/bin/env python
"""`grdrs check`'s arithmetic (sums, bases and additions, `davon` parts) on real texts: how
many slips it reports, each printed for a reader to judge; `--dates`: its date slips instead.

Every Karlsruhe text (../shared/corpora/karlsruhe/texts.jsonl.gz) of --min-chars to
--max-chars characters that has a sum cue (`insgesamt`, `Summe`, `Gesamt`, `davon` …, any case), in
the --part of the archive (the check bench's split by OParl paper id: `test` 20 %, `tune` the
rest, `all` both), is read with `read_draft` and passed to `check_arith.arithmetic`; no
database. `--pdf GLOB` reads PDFs instead (the Köln minutes, the Stuttgart PDFs). `--dates`
reads every text of the part and of that size (no cue needed) whose first paper has an OParl
date, with the Karlsruhe profile, dates it with that date (as the check bench gives `check
--date`) and reports its date slips; with `--own-date` a text that prints its own date (the
date line of a Vorlage, a Niederschrift's session) is dated with that, as `check` dates a draft
given no `--date` — minutes filed under the paper they discuss are then no longer dated with
that paper's date.

    python bench/check_arith_real.py --part tune
    python bench/check_arith_real.py --part all --min-chars 60000 --max-chars 250000
    python bench/check_arith_real.py --pdf '../shared/corpora/koeln/*.pdf'
    python bench/check_arith_real.py --dates --part test [--own-date]
"""

from __future__ import annotations

import argparse
import glob
import gzip
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from check_quality import part  # noqa: E402  (the check bench's split, by OParl paper id)
from grdrs.check_arith import arithmetic, date_slips  # noqa: E402
from grdrs.check_draft import CheckError, read_draft  # noqa: E402

CUE = re.compile(r"insgesamt|demnach|somit|summe|beläuft|belief|ergibt sich|davon|gesamt|total",
                 re.I)


def paper_dates(args) -> dict[str, str]:
    """OParl paper id → its date."""
    with gzip.open(Path(args.shared) / "corpora" / "karlsruhe" / "papers.jsonl.gz", "rt",
                   encoding="utf-8") as f:
        return {r["id"]: r["date"] for r in map(json.loads, f) if r.get("date")}


def karlsruhe(args, folder: Path) -> list[Path]:
    out = []
    dates = paper_dates(args) if args.dates else {}
    with gzip.open(Path(args.shared) / "corpora" / "karlsruhe" / "texts.jsonl.gz", "rt",
                   encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            t = r.get("text") or ""
            if not r["papers"] or not args.min_chars <= len(t) <= args.max_chars:
                continue
            if args.part != "all" and part(r["papers"][0]) != args.part:
                continue
            if args.dates and r["papers"][0] in dates:
                path = folder / f"{r['file']}@{dates[r['papers'][0]]}.txt"
            elif not args.dates and CUE.search(t):
                path = folder / f"{r['file']}.txt"
            else:
                continue
            path.write_text(t, encoding="utf-8")
            out.append(path)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("tune", "test", "all"), default="tune")
    ap.add_argument("--min-chars", type=int, default=500)
    ap.add_argument("--max-chars", type=int, default=60000)
    ap.add_argument("--pdf", metavar="GLOB", help="read these PDFs instead of Karlsruhe texts")
    ap.add_argument("--dates", action="store_true",
                    help="date slips of every Karlsruhe text, dated with its paper's OParl date")
    ap.add_argument("--own-date", action="store_true",
                    help="with --dates: a text printing its own date is dated with that")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="../shared")
    args = ap.parse_args()
    if args.dates and args.pdf:
        ap.error("--dates reads the Karlsruhe texts (their papers' OParl dates), not --pdf")
    with tempfile.TemporaryDirectory() as tmp:
        run(args, [Path(p) for p in sorted(glob.glob(args.pdf))] if args.pdf
            else karlsruhe(args, Path(tmp)))


def run(args, paths: list[Path]) -> None:
    t0, n, unread = time.time(), 0, 0
    for path in paths:
        try:
            draft = read_draft(str(path), "karlsruhe" if args.dates else None)
        except CheckError:  # e.g. a text export holding binary content
            unread += 1
            continue
        if args.dates and not (args.own_date and draft.date):
            draft.date = path.stem.rsplit("@", 1)[1]
        for f in date_slips(draft) if args.dates else arithmetic(draft):
            n += 1
            print(f"## {path.stem} p{f['page']}: {f['reason']}")
            print("   ", " ".join((f.get("subject") or "")[:300].split()))
    print(f"# {len(paths) - unread} texts read ({unread} unreadable), {n} "
          f"{'date' if args.dates else 'arithmetic'} findings, "
          f"{time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
