"""The document model: frozen, slotted dataclasses that every stage passes on.

A :class:`Document` is what a source reader returns (the text of each page as stored,
tables found on PDF pages, warnings). An :class:`Extraction` is what the extractors make
of it; its :meth:`Extraction.to_json` is exactly the object ``grdrs extract --json``
prints (see ../shared/docs/interfaces.md).

Offsets: every fact's ``page`` is 1-based and ``start``/``end`` index into that page's
stored text (``Document.pages[page - 1].text``); ``end_page`` is set only when a fact
runs onto a later page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Table:
    """A table found on a PDF page: rows of cell strings (``None`` for an empty cell)."""

    page: int
    rows: tuple[tuple[str | None, ...], ...]


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    text: str  # as stored: line endings normalised to "\n"


@dataclass(frozen=True, slots=True)
class Document:
    """One source file read into pages. ``name`` is the file name (an input to extraction)."""

    source: str
    name: str
    kind: str  # "pdf" | "txt" | "html" | "oparl"
    pages: tuple[Page, ...]
    tables: tuple[Table, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\f".join(p.text for p in self.pages)


@dataclass(frozen=True, slots=True)
class Span:
    """Where a fact stands: page (1-based), offsets into the stored page text."""

    page: int
    start: int
    end: int
    text: str
    end_page: int | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    kind: str  # "paper" | "antrag" | "anfrage" | "niederschrift"
    number: str
    suffix: str | None
    cited_title: str | None
    span: Span
    series: str | None = None  # council series when it differs from kind ("grdrs", "vorlage")

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "number": self.number, "suffix": self.suffix,
                "cited_title": self.cited_title, **_span_json(self.span)}


@dataclass(frozen=True, slots=True)
class Amount:
    value: str  # exact decimal as a string with two places: "40000.00"
    value_to: str | None
    currency: str
    per: str | None  # "year" | "month" | None
    period_from: str | None
    period_to: str | None
    subject: str | None
    span: Span

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "value_to": self.value_to, "currency": self.currency,
                "per": self.per, "period_from": self.period_from, "period_to": self.period_to,
                "subject": self.subject, **_span_json(self.span)}


@dataclass(frozen=True, slots=True)
class DateFact:
    kind: str  # "date" | "period"
    from_: str | None
    to: str | None
    span: Span

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "from": self.from_, "to": self.to, **_span_json(self.span)}


@dataclass(frozen=True, slots=True)
class CommitteeMention:
    name: str  # canonical name from the profile
    span: Span

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, **_span_json(self.span)}


@dataclass(frozen=True, slots=True)
class Position:
    grade: str | None  # "EG 11", "A 15"
    fte: str | None  # "1.0"
    span: Span

    def to_json(self) -> dict[str, Any]:
        return {"grade": self.grade, "fte": self.fte, **_span_json(self.span)}


@dataclass(frozen=True, slots=True)
class Consultation:
    committee: str
    purpose: str | None = None
    public: bool | None = None
    date: str | None = None
    result: str | None = None
    session: str | None = None
    span: Span | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"committee": self.committee, "purpose": self.purpose, "public": self.public,
               "date": self.date, "result": self.result, "session": self.session}
        if self.span is None:
            out.update({"text": None, "page": None, "start": None, "end": None})
        else:
            out.update(_span_json(self.span))
        return out


@dataclass(frozen=True, slots=True)
class Protocol:
    """What a Niederschrift says about itself."""

    number: str | None  # "66", "272/HH"
    top: str | None  # "1e"
    drucksache: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PaperMeta:
    number: str | None = None
    suffix: str | None = None
    series: str = "grdrs"
    type: str | None = None
    date: str | None = None
    title: str | None = None
    department: str | None = None
    signatory: str | None = None
    attachments: tuple[str, ...] = ()
    budget: str | None = None
    protocol: Protocol | None = None
    fictional: bool = False
    number_source: str | None = None  # "text" | "filename" | None: where the own number came from

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "suffix": self.suffix, "series": self.series,
                "type": self.type, "date": self.date, "title": self.title,
                "department": self.department, "signatory": self.signatory,
                "attachments": list(self.attachments), "budget": self.budget,
                "protocol": None if self.protocol is None else {
                    "number": self.protocol.number, "top": self.protocol.top,
                    "drucksache": list(self.protocol.drucksache)},
                "fictional": self.fictional}


@dataclass(frozen=True, slots=True)
class Extraction:
    source: str
    council: str
    paper: PaperMeta
    consultations: tuple[Consultation, ...] = ()
    references: tuple[Reference, ...] = ()
    amounts: tuple[Amount, ...] = ()
    dates: tuple[DateFact, ...] = ()
    committees: tuple[CommitteeMention, ...] = ()
    positions: tuple[Position, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "council": self.council,
                "paper": self.paper.to_json(),
                "consultations": [c.to_json() for c in self.consultations],
                "references": [r.to_json() for r in self.references],
                "amounts": [a.to_json() for a in self.amounts],
                "dates": [d.to_json() for d in self.dates],
                "committees": [c.to_json() for c in self.committees],
                "positions": [p.to_json() for p in self.positions]}


def _span_json(span: Span) -> dict[str, Any]:
    out = {"text": span.text, "page": span.page, "start": span.start, "end": span.end}
    if span.end_page is not None and span.end_page != span.page:
        out["end_page"] = span.end_page
    return out
