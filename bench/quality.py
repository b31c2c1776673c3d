#!/usr/bin/env python
"""Extraction quality: precision, recall and F1 per kind against gold annotations.

    python bench/quality.py seed      # ../shared/papers/seed.expected.json, .txt and .pdf
    python bench/quality.py corpus    # corpus/gold/*.json against corpus/papers/
    python bench/quality.py all       # both (default)

Add -v to list every miss and every extra. Prints one table per target; BENCHMARKS.md
records the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grdrs.evaluate import (Gold, gold_from_corpus, gold_from_seed_expected,  # noqa: E402
                            score, table, total)
from grdrs.reading import read_file  # noqa: E402


def read_and_score(path: Path, gold: Gold, profile: str | None = None) -> tuple[dict, object]:
    """Read and extract ``path`` as ingest would; its scores against ``gold`` and the read."""
    data = path.read_bytes()
    result = read_file(str(path), data, hashlib.sha256(data).hexdigest(), profile)
    if result.error:
        raise SystemExit(f"{path}: {result.error}")
    pages = [p.text for p in result.doc.pages]
    return score(result.ext.to_json(), gold, pages), result


def run_one(path: Path, gold: Gold, profile: str | None = None) -> dict:
    return read_and_score(path, gold, profile)[0]


def print_misses(scores: dict) -> None:
    for kind, s in sorted(scores.items()):
        for m in s.misses:
            print(f"  miss  {kind}: {m}")
        for x in s.extras:
            print(f"  extra {kind}: {x}")


def seed_scores(shared: Path) -> dict:
    papers = shared / "papers"
    expected = papers / "seed.expected.json"
    out = []
    for suffix in (".txt", ".pdf"):
        src = papers / f"seed-teilhaushalt-810-2023-09-18{suffix}"
        out.append(run_one(src, gold_from_seed_expected(expected, str(src))))
    return total(out)


def corpus_scores(corpus: Path) -> dict:
    out = []
    for g in sorted((corpus / "gold").glob("*.json")):
        gold = gold_from_corpus(g)
        out.append(run_one(corpus / gold.source, gold))
    return total(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("target", nargs="?", default="all", choices=["seed", "corpus", "all"])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    targets = ["seed", "corpus"] if args.target == "all" else [args.target]
    for t in targets:
        scores = seed_scores(args.shared) if t == "seed" else corpus_scores(ROOT / "corpus")
        print(f"\n## {t}\n{table(scores)}")
        if args.verbose:
            print_misses(scores)


if __name__ == "__main__":
    main()
