"""Council profiles: one TOML file per council in this folder (read with ``tomllib``).

A profile holds what differs between councils as data: number patterns and spelling
variants, committee names with abbreviations and former names, document types, the budget
cycle and how header dates are written. Adding a city adds a file, not code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

DEFAULT = "stuttgart"


@dataclass(frozen=True)
class Profile:
    name: str
    council: str
    data: dict[str, Any] = field(repr=False, compare=False, hash=False)

    def get(self, key: str, default: Any = None) -> Any:
        """A dotted key (``"budget.cycle_years"``) from the profile's TOML, or ``default``."""
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    @property
    def main_series(self) -> str:
        return self.get("numbers.main_series", "grdrs")

    def budget_for_year(self, year: int) -> str | None:
        """The budget period a year belongs to ("ab 2024" → "2024/2025" in Stuttgart)."""
        span = int(self.get("budget.years", 1))
        first = int(self.get("budget.first_year_parity", 0))
        if span <= 1:
            return str(year)
        start = year if year % 2 == first % 2 else year - 1
        return f"{start}/{start + span - 1}"


def names() -> list[str]:
    """The profiles shipped with grdrs."""
    return sorted(p.name[:-5] for p in resources.files(__package__).iterdir()
                  if p.name.endswith(".toml"))


@cache
def load(name: str) -> Profile:
    """The profile called ``name``; ``ValueError`` names the known ones if there is none."""
    key = name.strip().lower()
    res = resources.files(__package__) / f"{key}.toml"
    if not re.fullmatch(r"[a-z0-9_-]+", key) or not res.is_file():
        raise ValueError(f"unknown profile {name!r}; known: {', '.join(names())}")
    data = tomllib.loads(res.read_text(encoding="utf-8"))
    return Profile(key, data.get("council", key), data)


def detect(text: str, file_name: str = "") -> Profile:
    """Pick the profile whose ``detect`` patterns score highest on the text; else Stuttgart."""
    head = text[:6000]
    best, best_score = DEFAULT, 0
    for name in names():
        prof = load(name)
        score = sum(len(re.findall(p, head)) for p in prof.get("detect.patterns", []))
        if score > best_score:
            best, best_score = name, score
    return load(best)
