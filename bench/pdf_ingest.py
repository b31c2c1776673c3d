#!/usr/bin/env python
"""PDF ingest speed and memory against pdftotext, on real council PDFs.

    python bench/pdf_ingest.py [--runs 3] [--jobs 1,2] [--rendered 0] [--work /tmp/grdrs-pdfbench]

Sets (each a folder of PDFs, read as a user would read it):
  koeln      ../shared/corpora/koeln/*.pdf: 12 verbatim minutes of the Rat der Stadt Köln (real)
  stuttgart  ../shared/corpora/stuttgart/*.pdf: 2 real Stuttgart PDFs (6 pages; start-up bound)
  rendered   with --rendered N: the first N Karlsruhe texts rendered to PDF by corpus/render.py
             (our own renderer, so *not evidence* of how grdrs does on real PDFs)

For each set, in the same run and --runs times (the median is printed):
  1. baseline: `pdftotext -q FILE /dev/null` (poppler-utils), one process per file;
     with more than one --jobs, also the same commands two (the largest J) at a time: what
     this machine gives parallel processes, the ceiling for grdrs's --jobs speed-up;
  2. `grdrs ingest FOLDER --db fresh.db -q --jobs J` for each J of --jobs.
Each command runs under a small Python wrapper that reports its wall time and the largest
resident set of any process in its tree (getrusage(RUSAGE_CHILDREN).ru_maxrss); the bench also
samples the whole tree (/proc, every 20 ms) for its peak summed PSS (shared pages counted once).
Then, in this process, where the time goes (CPU seconds): page text (pypdfium2), tables
(pdfplumber), OCR, extraction, the restore ops of each page, passing the result between processes (pickle), storing (SQLite).

pdftotext is needed: `apt-get install -y poppler-utils` (Debian/Ubuntu), `brew install poppler`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from oparl_load import communicate_sampled, tree_rss  # noqa: E402 — PSS of a process tree

# runs commands, prints {"seconds", "maxrss_kb" (the largest process in the tree), "cpu"
# (user + system seconds of the whole tree)}
# (argv[2]: how many at a time, in input order; 1 = one after the other)
WRAPPER = r"""
import json, resource, subprocess, sys, time
cmds, at_once = json.loads(sys.argv[1]), int(sys.argv[2])
t = time.perf_counter()
running = []
for c in cmds:
    if len(running) >= at_once:
        running.pop(0).wait()
    running.append(subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
for p in running:
    p.wait()
took = time.perf_counter() - t
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": took, "maxrss_kb": use.ru_maxrss,
                  "cpu": use.ru_utime + use.ru_stime}), file=sys.stderr)
"""


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def measure(cmds: list[list[str]], at_once: int = 1) -> dict:
    """Wall time, largest process (maxrss) and peak summed PSS of the tree under a wrapper."""
    proc = subprocess.Popen([sys.executable, "-c", WRAPPER, json.dumps(cmds), str(at_once)],
                            stderr=subprocess.PIPE, text=True)
    # the wrapper's descendants, not the wrapper itself
    _, err, peak = communicate_sampled(
        proc, 0.02, lambda: sum(tree_rss(pid) for pid in _children(proc.pid)))
    got = json.loads(err.strip().splitlines()[-1])
    got["tree_kb"] = peak // 1024
    return got


def rendered_set(shared: Path, out: Path, n: int) -> list[Path]:
    sys.path.insert(0, str(ROOT / "corpus"))
    from render import render_text_pdf

    out.mkdir(parents=True, exist_ok=True)
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


def phases(paths: list[Path], work: Path) -> dict[str, float]:
    """CPU seconds of each step of reading and storing the files, in this one process.

    CPU time, not wall time: on a machine shared with other jobs the split stays meaningful.
    (OCR's Tesseract runs in a child process and would be missed; these sets have no scans.)
    """
    from grdrs import write
    from grdrs.extractors import make_context, registry
    from grdrs.reading import Read
    from grdrs.sources import pdf, read_bytes
    from grdrs.textdiff import restore_ops

    db = work / "phases.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    conn = write.connect(db)
    pdf.stats.clear()
    pdf.clock = clock = time.process_time
    out = dict.fromkeys(("extraction", "restore ops", "pickle", "storing"), 0.0)
    for p in paths:
        data = p.read_bytes()
        doc = read_bytes(data, p.name, str(p), "pdf")
        t = clock()
        ctx = make_context(doc, None)
        ext = registry.run(ctx)
        clean = [ctx.cleaned.page_text(page.number) for page in doc.pages]
        out["extraction"] += clock() - t
        t = clock()
        ops = [restore_ops(c, page.text) for c, page in zip(clean, doc.pages)]
        out["restore ops"] += clock() - t
        t = clock()
        read = pickle.loads(pickle.dumps(Read(str(p), "x", len(data), doc, ext, clean, ops,
                                              ctx.profile.main_series)))
        out["pickle"] += clock() - t
        t = clock()
        write.store_file(conn, path=str(p), sha256=str(hash(data)), size=len(data),
                         doc=read.doc, ext=read.ext, page_clean=read.page_clean,
                         page_restore=read.page_restore, main_series=read.main_series)
        out["storing"] += clock() - t
    conn.close()
    return {"text": pdf.stats["text"], "tables": pdf.stats["tables"], "ocr": pdf.stats["ocr"],
            **out, "table_pages": pdf.stats["table_pages"], "pages": pdf.stats["pages"]}


def bench_set(label: str, paths: list[Path], work: Path, jobs: list[int], runs: int,
              grdrs: list[str]) -> None:
    folder = work / f"set-{label.split()[0]}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for p in paths:
        os.symlink(p.resolve(), folder / p.name)
    pages = pages_of(paths)
    rows: dict[str, list[dict]] = {"pdftotext": []}
    parallel = max(jobs)
    if parallel > 1:  # what this machine gives two processes: the ceiling for --jobs 2
        rows[f"pdftotext, {parallel} at a time"] = []
    for j in jobs:
        rows[f"grdrs ingest --jobs {j}"] = []
    for _ in range(runs):
        each = [["pdftotext", "-q", str(p), os.devnull] for p in paths]
        rows["pdftotext"].append(measure(each))
        if parallel > 1:
            rows[f"pdftotext, {parallel} at a time"].append(measure(each, parallel))
        for j in jobs:
            db = work / f"bench-{j}.db"
            for suffix in ("", "-wal", "-shm", ".lock"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            rows[f"grdrs ingest --jobs {j}"].append(
                measure([grdrs + ["ingest", str(folder), "--db", str(db), "-q", "--jobs", str(j)]]))
    print(f"\n## {label}: {len(paths)} files, {pages} pages; median of {runs} run(s)")
    print(f"{'what':<24}{'s':>6}{'pages/s':>9}{'ratio':>7}{'CPU s':>7}{'largest MB':>12}"
          f"{'tree PSS MB':>12}   runs (s)")
    base = statistics.median(r["seconds"] for r in rows["pdftotext"])
    first = None
    for what, got in rows.items():
        s = statistics.median(r["seconds"] for r in got)
        cpu = statistics.median(r["cpu"] for r in got)
        big = max(r["maxrss_kb"] for r in got) / 1024
        tree = max(r["tree_kb"] for r in got) / 1024
        extra = f"  ({base / s:.2f}× one at a time)" if what.startswith("pdftotext,") else ""
        if what.startswith("grdrs"):
            first = first or s
            extra = f"  ({first / s:.2f}× --jobs {jobs[0]})" if s != first else ""
        each = ", ".join(f"{r['seconds']:.2f}" for r in got)
        print(f"{what:<24}{s:>6.2f}{pages / s:>9.1f}{base / s:>7.2f}{cpu:>7.2f}{big:>12.0f}"
              f"{tree:>12.0f}   {each}{extra}")
    runs_ph = [phases(paths, work) for _ in range(runs)]
    ph = {k: statistics.median(r[k] for r in runs_ph) for k in runs_ph[0]}
    total = sum(v for k, v in ph.items() if k not in ("pages", "table_pages"))
    print("where the time goes (CPU s, one process, no pool; median): " + ", ".join(
        f"{k} {ph[k]:.2f}" for k in ("text", "tables", "ocr", "extraction", "restore ops", "pickle",
                                       "storing")) + f"; sum {total:.2f}")
    print(f"table finder ran on {ph['table_pages']:.0f} of {ph['pages']:.0f} pages")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--rendered", type=int, default=0,
                    help="also N Karlsruhe texts rendered to PDF (not evidence)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/grdrs-pdfbench"))
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--sets", default="koeln,stuttgart")
    args = ap.parse_args()
    if shutil.which("pdftotext") is None:
        sys.exit("pdftotext (the baseline) is missing: apt-get install -y poppler-utils "
                 "(Debian/Ubuntu) or brew install poppler (macOS)")
    version = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True).stderr
    args.work.mkdir(parents=True, exist_ok=True)
    jobs = [int(j) for j in args.jobs.split(",")]
    grdrs = [sys.executable, "-m", "grdrs"]  # this checkout's grdrs, not an installed one
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT),
                                                             os.environ.get("PYTHONPATH")]))
    try:
        load = os.getloadavg()
    except OSError:
        load = (0, 0, 0)
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} at start; "
          f"{version.splitlines()[0] if version else 'pdftotext'}; {sys.executable}")
    sets = {
        "koeln": ("Köln, real council minutes", "corpora/koeln"),
        "stuttgart": ("Stuttgart, real PDFs", "corpora/stuttgart"),
    }
    for name in args.sets.split(","):
        label, sub = sets[name]
        paths = sorted((args.shared / sub).glob("*.pdf"))
        if not paths:
            print(f"\n## {label}: no PDFs in {args.shared / sub}, skipped")
            continue
        bench_set(label, paths, args.work, jobs, args.runs, grdrs)
    if args.rendered:
        paths = rendered_set(args.shared, args.work / "rendered", args.rendered)
        bench_set("rendered Karlsruhe texts (our renderer: rendered, not evidence)", paths,
                  args.work, jobs, args.runs, grdrs)
    try:
        load = os.getloadavg()
    except OSError:
        pass
    print(f"\nload average {load[0]:.1f} at the end (other processes share the cores)")


if __name__ == "__main__":
    main()
