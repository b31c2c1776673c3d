#!/usr/bin/env python
"""Query commands on a large database: whole-process wall time against `python -c pass`.

    python bench/queries_scale.py --synthetic 100000 [--db /tmp/grdrs-100k.db]
    python bench/queries_scale.py --db /tmp/ka.db --ref 2023/0425 --query Klimaschutz

With --synthetic N a database of N papers is built once (kept at --db): bench/check_speed.py's
generator (papers, files, amounts, citations, through the store's schema) plus a page of text
per paper for full-text search, then the bundled corpus is ingested on top so that real
REFs (563/2023, 9003/2023) have their full structure. Then bench/startup.py times papers
(--limit 50), show, search, refs and history (target: each at most 4x `python -c pass`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _sentences(n_texts: int) -> list[str]:
    import gzip
    import json
    import re

    ka = ROOT.parent / "shared" / "corpora" / "karlsruhe" / "texts.jsonl.gz"
    out: list[str] = []
    with gzip.open(ka, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= n_texts:
                break
            text = " ".join(json.loads(line)["text"].split())
            out.extend(s for s in re.split(r"(?<=[.!?])\s+", text) if 40 < len(s) < 400)
    return out


def build(db: Path, n: int) -> None:
    import random

    from check_speed import make_db

    from grdrs import store
    from grdrs.demo import corpus_dir
    from grdrs.ingest import ingest

    make_db(db, n, per_paper=4)
    conn = store.connect(db, write=True)
    rnd = random.Random(3)
    # page text: real sentences (Karlsruhe texts), so that words match as often as in life
    pool = _sentences(5000)
    conn.execute("BEGIN")
    rows = [(fid, 1, " ".join(rnd.choice(pool) for _ in range(4))) for fid in range(1, n + 1)]
    conn.executemany("INSERT INTO pages (file_id, page, clean) VALUES (?, ?, ?)", rows)
    conn.execute("COMMIT")
    summary = ingest(conn, [corpus_dir() / "papers"])
    # grdrs never runs ANALYZE, and neither does this bench: with sqlite_stat1 present,
    # SQLite 3.40 plans a Bloom filter for the recursive walks (a pass over all edges)
    conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
    conn.close()
    print(f"built {db}: {n} synthetic papers + corpus ({summary.line()})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="/tmp/grdrs-100k.db")
    ap.add_argument("--synthetic", type=int, default=0)
    ap.add_argument("--ref", default="563/2023")
    ap.add_argument("--query", default="Einsamkeit")
    ap.add_argument("-n", type=int, default=11)
    args = ap.parse_args()
    db = Path(args.db)
    if args.synthetic and not db.exists():
        build(db, args.synthetic)
    subprocess.run([sys.executable, str(ROOT / "bench" / "startup.py"), "--db", str(db),
                    "--ref", args.ref, "--query", args.query, "-n", str(args.n)], check=True)


if __name__ == "__main__":
    main()
