"""kill -9 an ingest of 500 files at random moments, 20 times (issue 8, "Crashes").

Each round kills `grdrs ingest` (fresh, or re-ingesting with a third of the files changed) at
a random moment, then checks: PRAGMA integrity_check ok, no half-stored file, no worker left
running; a re-run then ends with exactly the content of an uninterrupted run (dumps of files,
papers, pages, facts, consultations, edges, nodes; row ids and timestamps ignored).

    python bench/robust_kill.py [--files 500] [--rounds 20] [--seed 7]

CI runs 3 rounds on 120 files (tests/test_robust_crash.py, marker `slow`).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from _robust_corpus import kill_rounds  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="grdrs-kill-") as tmp:
        stats = kill_rounds(Path(tmp), args.files, args.rounds, args.seed,
                            log=lambda k: print(json.dumps(k), flush=True))
    kills = stats["kills"]
    print(json.dumps({
        "files": stats["files"], "rounds": stats["rounds"],
        "clean_ingest_seconds": stats["clean_seconds"],
        "replace_ingest_seconds": stats["replace_seconds"],
        "killed_mid_run": sum(not k["finished_before_kill"] for k in kills),
        "replace_rounds": sum(k["replace"] for k in kills),
        "integrity_ok": sum(k["integrity"] == "ok" for k in kills),
        "half_stored": sum(k["half_stored"] for k in kills),
        "orphan_workers": sum(k["orphans"] for k in kills),
        "rerun_equals_clean": sum(k["rerun_equals_clean"] for k in kills),
        "seconds": round(time.monotonic() - t0, 1)}, indent=1))


if __name__ == "__main__":
    main()
