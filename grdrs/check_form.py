"""What papers on one project share: the project a title names first, and the fields of the
project's form its earlier papers fill with one figure (``Jährliche/r Budgetbedarf/
Folgekosten: …``), which `grdrs check` compares a draft on that project with."""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from . import store
from .check_draft import Draft, facet, field_key

_PROJECT_END = re.compile(r",\s|\s[–-]\s|:\s|\s\(|;")


@lru_cache(maxsize=4096)
def project(title: str | None) -> str | None:
    """The matter a title names first, as written: the title up to its first comma, dash,
    colon or bracket ("Walter-Eucken-Schule, Modernisierung" → "Walter-Eucken-Schule"); None
    when that is no name (under 8 characters, no word of five letters)."""
    head = " ".join(_PROJECT_END.split(title or "", maxsplit=1)[0].split()).strip(" \"„“”'")
    if len(head) < 8 or not re.search(r"[^\W\d_]{5,}", head):
        return None
    return head


def project_fields(conn: sqlite3.Connection, draft: Draft) -> dict[str, list]:
    """The amounts filling a form field (:attr:`Facet.field`) in the earlier papers on the
    draft's project (the name its title starts with, :func:`project`), by field."""
    name = project(draft.title)
    out: dict[str, list] = {}
    if name is None:
        return out
    for r in store.check_titled(conn, name, draft.date, draft.councils):
        data = store.amount_data(r)
        subject = data.get("subject") or ""
        at = subject.find(" ".join((r["text"] or "").split())[:6])
        if at > 0 and ":" in subject[max(0, at - 8):at]:  # (a facet only for a field's value)
            field = facet(subject, r["text"]).field
            if field:
                out.setdefault(field_key(field), []).append(r)
    # a field of the project (its total cost, its yearly follow-up costs), not of each paper
    # (each contract's sum): two or more papers fill it, all with one figure
    return {field: rows for field, rows in out.items()
            if len({r["paper_id"] for r in rows}) >= 2
            and len({(r["value"], r["value_to"]) for r in rows}) == 1}
