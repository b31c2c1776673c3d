"""Fuzz the extractors with 10,000 examples per property test (issue 8, "Fuzzing").

Runs tests/test_fuzz_extractors.py (random text and mutated real text from ../shared) with
GRDRS_FUZZ_EXAMPLES=10000, recording every failing example instead of stopping at the first;
then groups the failures by property, shrinks the shortest of each group (lines, then
characters, while the same property still fails) and prints them.

    python bench/robust_fuzz.py [--examples 10000] [--out fuzz-failures.jsonl]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _fails(text: str, profile, kind: str) -> bool:
    from test_fuzz_extractors import _check

    import re

    try:
        _check(text, profile)
    except AssertionError as err:
        named = re.match(r"""\(['"]([a-z][^'"]+)['"],""", str(err))
        return bool(named) and named.group(1) == kind
    except Exception as err:  # noqa: BLE001
        return type(err).__name__ == kind
    return False


def shrink(text: str, profile, kind: str) -> str:
    """Drop lines, then characters, while the same property still fails."""
    for unit in ("\n", None):
        parts = text.split("\n") if unit else list(text)
        step = max(1, len(parts) // 2)
        while step >= 1:
            i = 0
            while i < len(parts):
                trial = parts[:i] + parts[i + step:]
                cand = ("\n" if unit else "").join(trial)
                if _fails(cand, profile, kind):
                    parts = trial
                else:
                    i += step
            step //= 2
        text = ("\n" if unit else "").join(parts)
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--examples", type=int, default=10000)
    ap.add_argument("--out", default=None, help="keep the failures (JSON lines) here")
    args = ap.parse_args()
    out = Path(args.out) if args.out else Path(tempfile.mkstemp(suffix=".jsonl")[1])
    out.write_text("")
    env = {**os.environ, "GRDRS_FUZZ_EXAMPLES": str(args.examples),
           "GRDRS_FUZZ_COLLECT": str(out)}
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        str(ROOT / "tests" / "test_fuzz_extractors.py"), "-k",
                        "random_text or mutated_real_text"], cwd=ROOT, env=env,
                       capture_output=True, text=True)
    seconds = time.monotonic() - t0
    rows = [json.loads(ln) for ln in out.read_text(encoding="utf-8").split("\n") if ln]
    print(r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-2000:])
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
    kinds = Counter(row["kind"] for row in rows)
    report = {"examples_per_test": args.examples, "tests": 2, "seconds": round(seconds, 1),
              "failing_examples": len(rows), "by_property": dict(kinds), "minimal": {}}
    for kind in kinds:
        row = min((x for x in rows if x["kind"] == kind), key=lambda x: len(x["text"]))
        small = shrink(row["text"], row["profile"], kind)
        report["minimal"][kind] = {"text": small, "profile": row["profile"],
                                   "error": row["error"]}
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if not args.out:
        out.unlink()


if __name__ == "__main__":
    main()
