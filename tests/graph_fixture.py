"""Build small graph databases directly from model objects (no extractor involved), so the
graph tests depend only on the store's contract, not on what the extractors find today."""

from __future__ import annotations

import hashlib
from pathlib import Path

from grdrs import store, write
from grdrs.model import (Amount, Consultation, Document, Extraction, Page, PaperMeta, Protocol,
                         Reference, Span)


def add(conn, path: str, *, number=None, suffix=None, series="grdrs", date=None, title=None,
        type=None, budget=None, refs=(), sessions=(), amounts=(), fictional=False,
        protocol=None, council="stuttgart"):
    """Store one fake file. refs: (number[, cited_title[, kind[, suffix]]]);
    sessions: (committee, purpose, date, result[, session]); amounts: (value, quote)."""
    parts = [title or path]
    references, amount_facts, consultations = [], [], []
    text = " ".join(parts) + "\n"
    for r in refs:
        r = tuple(r)
        number_, cited, kind, rsuffix = r + (None, "paper", None)[len(r) - 1:]
        quote = f"GRDrs {number_}"
        start = len(text)
        text += quote + (f" „{cited}“" if cited else "") + ".\n"
        references.append(Reference(kind or "paper", number_, rsuffix, cited,
                                    Span(1, start, start + len(quote), quote)))
    for value, quote in amounts:
        start = len(text)
        text += quote + "\n"
        amount_facts.append(Amount(value, None, "EUR", None, None, None, None,
                                   Span(1, start, start + len(quote), quote)))
    for committee, purpose, sdate, result, *session in sessions:
        start = len(text)
        line = f"{committee} {purpose or ''} {sdate or ''}"
        text += line + "\n"
        consultations.append(Consultation(committee, purpose, True, sdate, result,
                                          session[0] if session else None,
                                          Span(1, start, start + len(line), line)))
    meta = PaperMeta(number=number, suffix=suffix, series=series, type=type, date=date,
                     title=title, budget=budget, fictional=fictional,
                     protocol=Protocol(*protocol) if protocol else None)
    doc = Document(path, Path(path).name, "txt", (Page(1, text),))
    ext = Extraction(path, council, meta, tuple(consultations), tuple(references),
                     tuple(amount_facts))
    sha = hashlib.sha256((text + repr(meta) + path).encode()).hexdigest()
    return write.store_file(conn, path=path, sha256=sha, size=len(text), doc=doc, ext=ext,
                            page_clean=[text], main_series="grdrs")


def open_db(tmp_path: Path, name: str = "g.db"):
    return store.connect(tmp_path / name, write=True)


def seed_like(conn):
    """What the seed paper says, without reading it: the seed cites 563/2023 and 669/2021."""
    add(conn, "/x/seed.txt", date="2023-09-18", title="Teilhaushalt 810 - Bericht",
        type="Mitteilungsvorlage", budget="2024/2025",
        refs=[("669/2021", "Chancengerechtes Stuttgart"),
              ("563/2023", "Strategische Sozialplanung – Budget ab 2024")],
        sessions=[("Verwaltungsausschuss", "Kenntnisnahme", "2023-09-20", None)],
        amounts=[("40000.00", "40.000 EUR/Jahr"), ("21000.00", "21.000 Euro")])
