#!/usr/bin/env python
"""PDF ingest speed against pdftotext, on real Karlsruhe texts rendered to PDF.

    python bench/pdf_ingest.py [--papers 2000] [--work /tmp/grdrs-pdfbench] [--jobs 1,2]

1. Renders the first N non-empty Karlsruhe texts (../shared/corpora/karlsruhe/texts.jsonl.gz)
   into PDFs in the city layout with corpus/render.py's render_text_pdf (cached in --work).
2. Baseline: `pdftotext` (poppler-utils), one process per file, over the same files.
3. grdrs: `grdrs ingest FOLDER --db fresh.db -q` in one process (every kind of fact extracted
   and stored), for each --jobs value.
Prints pages per second of each and the ratio to the baseline (target: >= 0.5), plus the
cost of pdfplumber's table finder on the pages where it runs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "corpus"))


def render(shared: Path, out: Path, n: int) -> list[Path]:
    from render import render_text_pdf

    out.mkdir(parents=True, exist_ok=True)
    done = sorted(out.glob("*.pdf"))
    if len(done) >= n:
        return done[:n]
    papers = {}
    with gzip.open(shared / "corpora/karlsruhe/papers.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            p = json.loads(line)
            papers[p["id"]] = p
    paths = []
    with gzip.open(shared / "corpora/karlsruhe/texts.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            t = json.loads(line)
            text = t["text"].strip()
            if len(text) < 200:
                continue
            p = papers.get(t["papers"][0], {}) if t["papers"] else {}
            target = out / f"ka-{t['file']}.pdf"
            if not target.exists():
                body = "\n\n".join(par.strip() for par in text.split("\n \n") if par.strip())
                render_text_pdf(target, p.get("name") or "Vorlage", body,
                                number=p.get("reference") or None, city="Karlsruhe",
                                muster=False)
            paths.append(target)
            if len(paths) >= n:
                break
    return paths


def pages_of(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for p in paths:
        doc = pdfium.PdfDocument(str(p))
        total += len(doc)
        doc.close()
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=2000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/grdrs-pdfbench"))
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--jobs", default="1,2")
    args = ap.parse_args()
    t = time.perf_counter()
    paths = render(args.shared, args.work / "pdf", args.papers)
    print(f"rendered/cached {len(paths)} PDFs in {time.perf_counter() - t:.0f} s")
    folder = args.work / "set"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for p in paths:
        os.link(p, folder / p.name)
    pages = pages_of(paths)
    t = time.perf_counter()
    for p in paths:
        subprocess.run(["pdftotext", "-q", str(p), os.devnull], check=False)
    base = time.perf_counter() - t
    grdrs = shutil.which("grdrs") or f"{sys.executable} -m grdrs"
    print(f"machine: {os.cpu_count()} cores; {len(paths)} files, {pages} pages")
    print(f"{'what':<40}{'s':>8}{'pages/s':>10}{'ratio':>8}")
    print(f"{'pdftotext, one process per file':<40}{base:>8.1f}{pages / base:>10.1f}{1:>8.2f}")
    for jobs in [int(j) for j in args.jobs.split(",")]:
        db = args.work / f"bench-{jobs}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        t = time.perf_counter()
        r = subprocess.run(grdrs.split() + ["ingest", str(folder), "--db", str(db), "-q",
                                            "--jobs", str(jobs)], capture_output=True, text=True)
        took = time.perf_counter() - t
        label = f"grdrs ingest --jobs {jobs}"
        print(f"{label:<40}{took:>8.1f}{pages / took:>10.1f}{base / took:>8.2f}   "
              f"{r.stdout.strip()[:90]}")
    # the table finder's cost where it runs
    from grdrs.sources.pdf import MIN_PATHS_FOR_TABLE  # noqa: F401
    import pdfplumber

    sample = paths[: min(50, len(paths))]
    t = time.perf_counter()
    n = 0
    for p in sample:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.find_tables()
                n += 1
    per_page = (time.perf_counter() - t) / max(n, 1)
    print(f"pdfplumber find_tables: {per_page * 1000:.0f} ms a page when it runs "
          f"({n} pages measured); grdrs runs it only on pages with >= "
          f"{MIN_PATHS_FOR_TABLE} vector paths")


if __name__ == "__main__":
    main()
