"""CI gate: extraction quality on the seed paper and the corpus gold must not drop.

The seed must be perfect (precision and recall 1.0 on every kind, as .txt and as .pdf).
The corpus floors are what the extractors reached when they were last raised
(BENCHMARKS.md, "Extraction quality"); raise them when quality improves, never lower them
to make a change pass.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import SHARED, need_shared

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from quality import corpus_scores, seed_scores  # noqa: E402

# kind: (precision floor, recall floor)
CORPUS_FLOORS: dict[str, tuple[float, float]] = {
    "references": (1.0, 1.0),
    "cited_titles": (1.0, 1.0),
    "amounts": (1.0, 1.0),
    "per_year": (1.0, 1.0),
    "dates": (1.0, 1.0),
    "periods": (1.0, 1.0),
    "consultations": (1.0, 1.0),
    "committees": (1.0, 1.0),
    "positions": (1.0, 1.0),
    "offsets": (1.0, 1.0),
    "paper.number": (1.0, 1.0),
    "paper.suffix": (1.0, 1.0),
    "paper.series": (1.0, 1.0),
    "paper.type": (1.0, 1.0),
    "paper.date": (1.0, 1.0),
    "paper.title": (1.0, 1.0),
    "paper.budget": (1.0, 1.0),
    "paper.fictional": (1.0, 1.0),
    "paper.signatory": (1.0, 1.0),
}


def test_seed_is_perfect():
    need_shared()
    scores = seed_scores(SHARED)
    bad = {k: (s.precision, s.recall, s.misses + s.extras) for k, s in scores.items()
           if s.precision < 1.0 or s.recall < 1.0}
    assert not bad


@pytest.mark.parametrize("kind", sorted(CORPUS_FLOORS))
def test_corpus_quality_does_not_drop(kind, corpus_result):
    p_floor, r_floor = CORPUS_FLOORS[kind]
    s = corpus_result[kind]
    assert s.precision >= p_floor, (s.precision, s.extras)
    assert s.recall >= r_floor, (s.recall, s.misses)


@pytest.fixture(scope="module")
def corpus_result():
    return corpus_scores(ROOT / "corpus")
