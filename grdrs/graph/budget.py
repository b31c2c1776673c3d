"""Which budget a paper's title or type concerns ("zum Haushaltsplan 2024/2025", "Budget ab 2024").

Only a paper's own title, type line or the title it was cited with count — budgets merely
mentioned in the text do not make a ``concerns_budget`` edge. A single year is mapped to its
budget period by the council profile's budget cycle (Stuttgart: "ab 2024" → 2024/2025).
Standard library only.
"""

from __future__ import annotations

import re

# "Haushaltsplan 2024/2025", "Doppelhaushalt 2024/25", "Haushaltsplanberatungen 2024/2025",
# "Haushalt 2024", "Haushaltsjahr 2024"
_PERIOD = re.compile(
    r"(?:Doppel)?[Hh]aushalt(?:s(?:plan(?:beratungen|entwurf)?|jahr(?:e)?|entwurf|satzung)?)?"
    r"(?:\s+(?:zum|für|für\s+das|für\s+die|der\s+Jahre|des\s+Jahres))?\s+"
    r"((?:19|20)\d\d)(?:\s*[/–-]\s*((?:19|20)?\d\d))?\b")
# "Budget ab 2024", "Budget für 2024", "Budget 2024"
_BUDGET_YEAR = re.compile(r"\bBudgets?\s+(?:ab|für|für\s+das\s+Jahr|ab\s+dem\s+Jahr)?\s*"
                          r"((?:19|20)\d\d)\b")


def budget_of(text: str | None, profile=None) -> str | None:
    """The budget period ``text`` (a title or type line) concerns, e.g. ``"2024/2025"``."""
    if not text:
        return None
    m = _PERIOD.search(text)
    if m:
        first = int(m.group(1))
        if m.group(2):
            second = m.group(2)
            second_year = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
            if second_year == first + 1:
                return f"{first}/{second_year}"
        return _for_year(first, profile)
    m = _BUDGET_YEAR.search(text)
    if m:
        return _for_year(int(m.group(1)), profile)
    return None


def _for_year(year: int, profile) -> str:
    if profile is None:
        return str(year)
    return profile.budget_for_year(year)


def budget_label(period: str) -> str:
    """How a budget node is named: ``Doppelhaushalt 2024/2025`` or ``Haushalt 2024``."""
    return f"Doppelhaushalt {period}" if "/" in period else f"Haushalt {period}"


def budget_range(period: str) -> tuple[str, str]:
    """First and last day of a budget period (ISO)."""
    years = [int(y) for y in period.split("/")]
    return f"{years[0]}-01-01", f"{years[-1]}-12-31"
