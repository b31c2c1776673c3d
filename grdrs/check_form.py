"""What papers on one project share: the project a title names first, and the fields of the
project's form its earlier papers fill with one figure (``Jährliche/r Budgetbedarf/
Folgekosten: …``), which `grdrs check` compares a draft on that project with."""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from . import store
from .check_draft import Draft, _fold, facet, field_key, lineage_base

# (a full stop after a word of four letters or more: not "St. Anna", "Dr. Ing.")
_PROJECT_END = re.compile(r",\s|(?<=[^\W\d_]{4})\.\s|\s[–-]\s|:\s|\s\(|;")


@lru_cache(maxsize=4096)
def project(title: str | None) -> str | None:
    """The matter a title names first, as written: the title up to its first comma, full stop,
    dash, colon or bracket ("Walter-Eucken-Schule, Modernisierung" → "Walter-Eucken-Schule"); None
    when that is no name (under 8 characters, no word of five letters)."""
    head = " ".join(_PROJECT_END.split(title or "", maxsplit=1)[0].split()).strip(" \"„“”'")
    if len(head) < 8 or not re.search(r"[^\W\d_]{5,}", head):
        return None
    return head


_TITLE_WORD = re.compile(r"[^\W\d_]{4,}")


def _title_words(title: str | None) -> set[str]:
    return {_fold(w) for w in _TITLE_WORD.findall(title or "")}


def same_project(title: str | None, other: str | None) -> bool:
    """Two papers on one project: their titles name it first (:func:`project`), and say most of
    the rest alike — half of the words of the draft's title at least (``Sporthalle Oberreut,
    Neubau …, Sanitär`` and ``…, Lüftung``; not ``Gemeindestraßen, Umbau der Händelstraße`` and
    ``Gemeindestraßen, Neugestaltung Marktplatz``: a kind of matter, not a project)."""
    name = project(title)
    if name is None or _fold(name) != _fold(project(other) or ""):
        return False
    words = _title_words(title)
    return len(words & _title_words(other)) * 2 >= len(words)


def project_fields(conn: sqlite3.Connection, draft: Draft,
                   excluded: set = frozenset()) -> dict[str, list]:
    """The amounts filling a form field (:attr:`Facet.field`) in the earlier papers on the
    draft's project (:func:`same_project`), by field; not of the draft's own paper, its
    lineage or its file (``excluded``: paper ids and the draft's path)."""
    name = project(draft.title)
    out: dict[str, list] = {}
    if name is None:
        return out
    for r in store.check_titled(conn, name, draft.date, draft.councils):
        if (r["paper_id"] in excluded or r["path"] in excluded or r["sha256"] == draft.sha256
                or not same_project(draft.title, r["title"])):
            continue
        data = store.amount_data(r)
        subject = data.get("subject") or ""
        at = subject.find(" ".join((r["text"] or "").split())[:6])
        if at > 0 and ":" in subject[max(0, at - 8):at]:  # (a facet only for a field's value)
            field = facet(subject, r["text"]).field
            if field:
                out.setdefault(field_key(field), []).append(r)
    # a field of the project (its total cost, its yearly follow-up costs), not of each paper
    # (each contract's sum): two or more papers fill it (a paper and its follow-up versions,
    # 2023/0575 and 2023/0575/1, are one), all with one figure
    return {field: rows for field, rows in out.items()
            if len({lineage_base(r["number"]) or r["paper_id"] for r in rows}) >= 2
            and len({(r["value"], r["value_to"]) for r in rows}) == 1}
