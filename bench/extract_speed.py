#!/usr/bin/env python
"""Plain-text extraction speed against spaCy's blank German tokenizer on the same texts.

    python bench/extract_speed.py [--texts 3000] [--shared ../shared]

Takes the first N non-empty texts of the Karlsruhe archive (texts.jsonl.gz), then in the same
run times (1) `spacy.blank("de")` tokenizing them (nlp.tokenizer.pipe), (2) grdrs's whole
extraction (cleaning + every extractor, profile karlsruhe, no storing), (3) the same without
a fixed profile (detection included). Prints MB/s of each and the ratio; the target (issue 3)
is extraction >= 2x the tokenizer's throughput.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def load(shared: Path, n: int) -> list[str]:
    out = []
    with gzip.open(shared / "corpora" / "karlsruhe" / "texts.jsonl.gz", "rt",
                   encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            if text.strip():
                out.append(text)
                if len(out) >= n:
                    break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=3000)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    import spacy

    from grdrs.extractors import extract
    from grdrs.model import Document, Page
    from grdrs.profiles import load as load_profile

    texts = load(args.shared, args.texts)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    nlp = spacy.blank("de")
    t = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=64))
    t_tok = time.perf_counter() - t
    docs = [Document(f"t{i}", f"t{i}", "oparl", (Page(1, text),)) for i, text in
            enumerate(texts)]
    profile = load_profile("karlsruhe")
    t = time.perf_counter()
    facts = 0
    for d in docs:
        e = extract(d, profile)
        facts += len(e.references) + len(e.amounts) + len(e.dates) + len(e.consultations)
    t_ext = time.perf_counter() - t
    t = time.perf_counter()
    for d in docs:
        extract(d)
    t_det = time.perf_counter() - t
    print(f"machine: {os.cpu_count()} cores; {len(texts)} texts, {mb:.1f} MB; "
          f"{tokens} tokens, {facts} facts")
    print(f"{'what':<44}{'s':>8}{'MB/s':>8}{'ratio':>8}")
    print(f"{'spacy.blank(de) tokenizer (baseline)':<44}{t_tok:>8.2f}{mb / t_tok:>8.2f}{1:>8.2f}")
    print(f"{'grdrs extraction, profile karlsruhe':<44}{t_ext:>8.2f}{mb / t_ext:>8.2f}"
          f"{t_tok / t_ext:>8.2f}")
    print(f"{'grdrs extraction, profile detected':<44}{t_det:>8.2f}{mb / t_det:>8.2f}"
          f"{t_tok / t_det:>8.2f}")


if __name__ == "__main__":
    main()
