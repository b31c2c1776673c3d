"""Helpers shared by the tests of amounts, dates, positions and sentences."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from grdrs.extractors import make_context
from grdrs.model import Document, Page

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "papers" / "seed-teilhaushalt-810-2023-09-18"


def ctx_of(text: str, profile: str = "stuttgart", pages: tuple[str, ...] | None = None):
    pages = pages or (text,)
    doc = Document(source="x.txt", name="x.txt", kind="txt",
                   pages=tuple(Page(i + 1, p) for i, p in enumerate(pages)))
    return make_context(doc, profile)


def need_seed() -> dict:
    if not SHARED.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED} is missing, and CI must have it beside the checkout")
        pytest.skip(f"{SHARED} is not beside the checkout")
    return json.loads((SHARED / "papers" / "seed.expected.json").read_text(encoding="utf-8"))


def seed_extraction(suffix: str):
    from grdrs.extractors import extract
    from grdrs.sources import read

    return extract(read(str(SEED) + suffix))
