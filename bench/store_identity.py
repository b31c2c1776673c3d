#!/usr/bin/env python
"""Do two trees answer alike from their databases? A hash of `show --json` and `history
--json` of 60 papers drawn with seed 5 and of `search Klimaschutz --json`.

Used for the store redesign (issue 11): the Karlsruhe archive ingested by the tree before a
change and by the tree after it (or migrated by it) must give the same hash.

    python bench/store_identity.py TREE DB LABEL
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import subprocess
import sys


def main() -> None:
    tree, db, label = sys.argv[1:4]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    names = [r[0] for r in conn.execute("SELECT name FROM papers WHERE stub = 0 ORDER BY key")]
    random.seed(5)
    h = hashlib.sha256()
    for name in random.sample(names, 60):
        for cmd in ("show", "history"):
            r = subprocess.run([sys.executable, "-m", "grdrs", cmd, name, "--db", db, "--json"],
                               cwd=tree, capture_output=True)
            h.update(r.stdout + r.stderr)
    r = subprocess.run([sys.executable, "-m", "grdrs", "search", "Klimaschutz", "--db", db,
                        "--json"], cwd=tree, capture_output=True)
    h.update(r.stdout)
    print(label, h.hexdigest())


if __name__ == "__main__":
    main()
