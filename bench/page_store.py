#!/usr/bin/env python
"""Each page's text stored once (issue 11): what the restore ops cost in space and time, and
that they rebuild every page exactly, on a database of schema ≤ 4 (which kept both copies).

    python bench/page_store.py OLD.db [--limit N]

OLD.db: the Karlsruhe archive ingested by a grdrs before schema 5 (`pages.text` and
`pages.clean`). Prints the text and clean sizes, the size of the compressed restore ops, the
CPU seconds spent computing them against the CPU seconds of cleaning the same pages (the
baseline, measured in the same run), and the number of pages rebuilt exactly.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grdrs.clean import Cleaned  # noqa: E402
from grdrs.model import Page  # noqa: E402
from grdrs.textdiff import restore, restore_ops  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--limit", type=int, default=-1)
    args = ap.parse_args()
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    n = exact = text_bytes = clean_bytes = ops_bytes = 0
    t_ops = t_clean = 0.0
    for text, clean in conn.execute("SELECT text, clean FROM pages LIMIT ?", (args.limit,)):
        t0 = time.process_time()
        ops = restore_ops(clean, text)
        t1 = time.process_time()
        Cleaned([Page(1, text)])
        t2 = time.process_time()
        t_ops += t1 - t0
        t_clean += t2 - t1
        n += 1
        exact += restore(clean, ops) == text
        text_bytes += len(text.encode())
        clean_bytes += len(clean.encode())
        ops_bytes += len(ops or b"")
    print(f"pages {n:,}; rebuilt exactly {exact:,}")
    print(f"text {text_bytes / 1e6:.1f} MB, clean {clean_bytes / 1e6:.1f} MB, restore ops "
          f"{ops_bytes / 1e6:.1f} MB ({ops_bytes / text_bytes:.1%} of the text)")
    print(f"CPU: restore ops {t_ops:.1f} s, cleaning the same pages {t_clean:.1f} s "
          f"(ratio {t_ops / t_clean:.2f})")


if __name__ == "__main__":
    main()
