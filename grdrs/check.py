"""``grdrs check DRAFT``: a draft's money amounts against what earlier papers said, its own
arithmetic, and dates it reports as past that lie after its own date.

For every amount of the draft (read and extracted like ``grdrs extract``; the draft need not
be in the database):

* **earlier statements** are the stored amounts whose subject (the sentence around them)
  matches the draft amount's subject (FTS5 over ``amount_fts``, then scored here), in papers
  dated on or before the draft's date (undated papers too; all papers when the draft has no
  date), leaving out the draft itself (same file, same bytes) and its lineage (same number:
  Ergänzungen, Neufassungen, an Antrag and its Stellungnahme);
* a candidate is *the same thing* when its subject is similar (stems of the sentence and of
  the words next to the amount; rapidfuzz for the local wording), it has the same head noun
  (``Budget``, ``Ermächtigungsübertragung``, ``Mehraufwand``), the same per-period marker
  (``/Jahr``), a budget period that overlaps, and the same currency; citing the same papers
  (or being cited by the draft) and the same department raise the score;
* verdict **consistent**: an earlier statement about the same thing has the same value (or a
  range holding it, or a rounded figure ``rd. 1,32 Mio. €`` that agrees); **changed**: strong
  earlier statements exist and all agree on one other value; **ambiguous**: they disagree among
  themselves (listed); **new**: nothing earlier.

Arithmetic (:mod:`grdrs.check_arith`): a stated total (``demnach``, ``insgesamt``, ``ergibt
sich``, ``Summe``) against the base and the transfer stated before it, per-year × years, a list
and its ``Summe`` line, and ``davon`` parts that exceed their whole. Dates: an event introduced
with ``am`` or as a list item ``07.11.2023:`` in a clause told in the past tense, or under a
phase heading (``07/2022 – 12/2022``) that ended before the paper, dated after the paper.

Precision first: a changed, arithmetic or date finding needs strong evidence; anything less
is consistent, new or no finding at all. Exit status of the command: 0 nothing conflicts,
1 a changed, arithmetic or date finding, 2 usage or error.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import store
from .queries import label

CONFLICTS = ("changed", "arithmetic", "date")
VERDICTS = ("changed", "arithmetic", "date", "ambiguous", "new", "consistent")

# Thresholds (scores in 0..1). A candidate counts as an earlier statement about the same thing
# for "consistent" at SAME_VALUE_MIN (the equal value is evidence itself), and for "changed" /
# "ambiguous" only at STRONG_MIN with the same head noun, per marker and an overlapping period.
SAME_VALUE_MIN = 0.34
STRONG_MIN = 0.62
FTS_LIMIT = 150

# --------------------------------------------------------------------------------------------
# words

_STOP = frozenset("""
der die das des dem den ein eine einer eines einem einen und oder sowie bzw mit von vom zu zum
zur im in ins an am auf aus bei für fur über uber unter nach vor seit ab bis durch gegen ohne um
als auch noch nur so wie wird werden wurde wurden ist sind war waren hat haben hatte hatten sei
seien sich es er sie wir ihr ihre ihren ihrem ihres sein seine seinen seiner dies diese dieser
dieses diesem diesen damit daher dazu darin davon dafür hierfür hier dort nicht kein keine
keinen mehr weitere weiteren weiterer rd ca rund etwa insgesamt jeweils je pro eur euro teur
mio mrd tsd jahr jahre jahren jahres jährlich jahrlich monat monatlich höhe hohe ihv vgl siehe
anlage u a o ä z b d h v s usw etc bereits zudem sowie dass daß da wenn weil dabei hierbei
""".split())
# Nouns that never name what an amount is for ("in Höhe von", "im Jahr", "Euro").
_FILLER = frozenset("""
höhe hohe jahr jahre jahren jahres monat monate eur euro teur mio mrd tsd million millionen
summe betrag beträge betrage gesamtsumme umfang rahmen verfügung verfugung vorlage drucksache
grdrs grdrsn grds gemeinderat verwaltung anlage mittel haushalt haushaltsplan doppelhaushalt
januar februar märz april mai juni juli august september oktober november dezember quartal
halbjahr stadt stuttgart landeshauptstadt
""".split())
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß\-]*[A-Za-zÄÖÜäöüß]|[A-Za-zÄÖÜäöüß]")
# An amount inside a subject string (to find the words next to it and its neighbours).
_MONEY = re.compile(
    r"(?:€|EUR|Euro)?\s?\d[\d.,]*(?:[ \t]\d{3})*(?:,-+)?\s*(?:(?:Mio|Mrd|Tsd|Mill)\.?|Millionen|"
    r"Tausend|T|k)?\s*(?:EURO?|Euro|€|DM)(?:\s*/\s*(?:Jahr|Monat|netto)|\s*p\.\s?a\.)?"
    r"|(?:€|EUR|Euro)\s?\d[\d.,]*")
_CLAUSE_END = re.compile(r"[;:]|,\s+(?=(?:da|weil|wobei|sodass|damit|dass|wenn|während|obwohl|"
                         r"nachdem|welche[rsm]?|wodurch|womit)\b)|\s[–-]\s")
_APPROX = re.compile(r"(?:\brd\.|\bca\.|\brund|\betwa|\bungefähr|\bknapp|\bmehr als|\büber|"
                     r"\bbis zu|\bmindestens|\bmax(?:imal|\.))\s*$", re.I)
_ROUNDED = re.compile(r"(\d+)(?:,(\d+))?\s*(Mio|Mrd|Tsd|Mill|Millionen|Tausend|T|k)\b")


def _stem(word: str) -> str:
    w = word.lower().replace("ß", "ss")
    w = w.replace("ä", "a").replace("ö", "o").replace("ü", "u")
    for suffix in ("innen", "ungen", "ern", "en", "er", "es", "e", "n", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _content(words) -> set[str]:
    return {_stem(w) for _, _, w in words if w.lower() not in _STOP and len(w) > 2}


def _cos(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / (len(a) * len(b)) ** 0.5


# --------------------------------------------------------------------------------------------
# an amount with the words around it (draft side and stored side alike)

@dataclass
class Facet:
    """What an amount is about, from its subject sentence and its position in it."""

    sentence: set[str]
    local: set[str]
    local_text: str
    head: str | None
    approx: bool


def facet(subject: str | None, surface: str | None) -> Facet:
    """The facet of an amount given its subject sentence and its surface text."""
    s = subject or ""
    spans = [(m.start(), m.end()) for m in _MONEY.finditer(s)]
    pos = _locate(s, surface, spans)
    a, b = pos if pos else (len(s), len(s))
    prev_end = max([e for st, e in spans if e <= a] + [0])
    next_start = min([st for st, e in spans if st >= b] + [len(s)])
    words = _words(s)
    sentence = _content(words)
    left = [w for w in words if prev_end <= w[0] and w[1] <= a]
    right = [w for w in words if b <= w[0] and w[1] <= next_start]
    local_words = left[-8:] + right[:5]
    local = _content(local_words)
    return Facet(sentence, local, " ".join(_stem(w) for _, _, w in local_words),
                 _head(s, a, b, left, right), bool(_APPROX.search(s[max(0, a - 16):a])))


def _locate(s: str, surface: str | None, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    if surface:
        flat = " ".join(surface.split())
        i = s.find(flat)
        if i >= 0:
            return i, i + len(flat)
        digits = re.match(r"[€A-Za-z ]*([\d.,]+)", flat)
        if digits:
            for st, e in spans:
                if digits.group(1) in s[st:e]:
                    return st, e
    return spans[0] if spans else None


def _head(s: str, a: int, b: int, left, right) -> str | None:
    """The noun that says what the amount is: the nearest noun before it in its clause
    (``Budget von 57.000``), else the noun right after it (``57.000 EUR Sachkosten``)."""
    clause_start = 0
    for m in _CLAUSE_END.finditer(s, 0, a):
        clause_start = m.end()
    for st, e, w in reversed(left):
        if st < clause_start:
            break
        if _noun_like(s, st, w):
            return _stem(w)
    for st, e, w in right[:2]:
        if _noun_like(s, st, w):
            return _stem(w)
    for st, e, w in reversed(left):  # a label before a colon or a table cell ("Summe")
        if _noun_like(s, st, w):
            return _stem(w)
    return None


def _noun_like(s: str, start: int, word: str) -> bool:
    return (word[0].isupper() and word.lower() not in _FILLER and word.lower() not in _STOP
            and not (word.isupper() and len(word) <= 4) and len(word) > 2)


# --------------------------------------------------------------------------------------------
# values

def _dec(v: str | None) -> Decimal | None:
    return None if v is None else Decimal(v)


def _precision(surface: str | None) -> Decimal:
    """Half of the last printed digit's worth: ``1,32 Mio. €`` → 5,000; ``76 T Euro`` → 500."""
    if not surface:
        return Decimal(0)
    m = _ROUNDED.search(surface.replace("\n", " "))
    if not m:
        return Decimal(0)
    scale = {"mio": 10**6, "millionen": 10**6, "mill": 10**6, "mrd": 10**9, "tsd": 1000,
             "tausend": 1000, "t": 1000, "k": 1000}[m.group(3).lower()]
    decimals = len(m.group(2) or "")
    return Decimal(scale) / Decimal(10**decimals) / 2


def agree(a_value: str, a_to: str | None, a_surface: str | None, a_approx: bool,
          b_value: str, b_to: str | None, b_surface: str | None, b_approx: bool) -> bool:
    """Whether two stated figures agree: equal, one inside the other's range, or equal within
    the rounding of the coarser one (``rd. 1,32 Mio. €`` and ``1.321.755 EUR``)."""
    a, b = Decimal(a_value), Decimal(b_value)
    at, bt = _dec(a_to), _dec(b_to)
    if a == b and at == bt:
        return True
    if at is not None or bt is not None:
        lo_a, hi_a = a, at if at is not None else a
        lo_b, hi_b = b, bt if bt is not None else b
        if (lo_a <= lo_b and hi_b <= hi_a) or (lo_b <= lo_a and hi_a <= hi_b):
            return True
        return False
    tol = max(_precision(a_surface), _precision(b_surface))
    if a_approx or b_approx:
        tol = max(tol, max(a, b) * Decimal("0.02"))
    return abs(a - b) <= tol


def _overlap(f1, t1, f2, t2) -> bool | None:
    """Whether two periods overlap; None when one of them is not stated."""
    if (f1 is None and t1 is None) or (f2 is None and t2 is None):
        return None
    lo1, hi1 = f1 or "0000", t1 or "9999"
    lo2, hi2 = f2 or "0000", t2 or "9999"
    return lo1 <= hi2 and lo2 <= hi1


# --------------------------------------------------------------------------------------------
# the draft

@dataclass
class DraftAmount:
    value: str
    value_to: str | None
    currency: str
    per: str | None
    period_from: str | None
    period_to: str | None
    subject: str
    text: str
    page: int
    start: int
    end: int
    cstart: int  # offsets in the draft's clean text
    cend: int
    facet: Facet = field(repr=False, default=None)  # type: ignore[assignment]


@dataclass
class Draft:
    source: str
    sha256: str
    council: str
    main_series: str
    number: str | None
    suffix: str | None
    series: str
    date: str | None
    title: str | None
    department: str | None
    name: str
    text: str  # clean text
    sentences: list[tuple[int, int]]
    amounts: list[DraftAmount]
    dates: list[tuple[int, int, str, str | None, str | None, Any]]  # cs, ce, kind, from, to, span
    cites: set[str]


class CheckError(Exception):
    """The draft cannot be read (exit status 2)."""


def read_draft(path: str, profile: str | None = None) -> Draft:
    """Read and extract the draft; keep the clean text and where each fact stands in it."""
    from .extractors import make_context, registry
    from .sources import SUFFIXES, ReadError, read_bytes

    p = Path(path)
    kind = SUFFIXES.get(p.suffix.lower())
    if kind is None:
        raise CheckError(f"unsupported file type {p.suffix or '(no suffix)'!r}: grdrs reads "
                         ".pdf, .txt, .html and .htm")
    try:
        data = p.read_bytes()
    except OSError as err:
        raise CheckError(f"cannot open: {err.strerror or err}") from None
    try:
        doc = read_bytes(data, p.name, str(path), kind)
        ctx = make_context(doc, profile)
        where: dict[tuple[int, int, int], tuple[int, int]] = {}
        cleaned_span = ctx.cleaned.span

        def span(start: int, end: int):
            sp = cleaned_span(start, end)
            where[(sp.page, sp.start, sp.end)] = (start, end)
            return sp

        ctx.span = span  # type: ignore[method-assign]  # record clean offsets of each fact
        ext = registry.run(ctx)
    except ReadError as err:
        raise CheckError(str(err)) from None
    meta = ext.paper
    amounts = []
    for a in ext.amounts:
        cs, ce = where.get((a.span.page, a.span.start, a.span.end), (None, None))
        if cs is None:
            continue
        d = DraftAmount(a.value, a.value_to, a.currency, a.per, a.period_from, a.period_to,
                        a.subject or "", a.span.text, a.span.page, a.span.start, a.span.end,
                        cs, ce)
        d.facet = facet(d.subject, d.text)
        amounts.append(d)
    dates = []
    for d in ext.dates:
        cs, ce = where.get((d.span.page, d.span.start, d.span.end), (None, None))
        if cs is not None:
            dates.append((cs, ce, d.kind, d.from_, d.to, d.span))
    main_series = ctx.profile.main_series
    cites = {f"{store.reference_series(r.kind, main_series)}|{r.number}"
             for r in ext.references}
    return Draft(str(path), hashlib.sha256(data).hexdigest(), ext.council, main_series,
                 meta.number, meta.suffix, meta.series or main_series, meta.date, meta.title,
                 meta.department, p.stem, ctx.text, ctx.sentences, amounts, dates, cites)


# --------------------------------------------------------------------------------------------
# earlier statements

@dataclass
class Earlier:
    row: sqlite3.Row
    data: dict
    facet: Facet
    score: float = 0.0
    strong: bool = False

    def key(self) -> tuple:
        return (self.row["paper_id"], self.row["value"], self.row["value_to"],
                " ".join((self.data.get("subject") or "").split()))

    def json(self) -> dict[str, Any]:
        r = self.row
        return {"paper": _paper_label(r), "date": r["date"], "page": r["page"],
                "quote": self.data.get("subject") or " ".join((r["text"] or "").split()),
                "value": r["value"], "value_to": r["value_to"],
                "text": " ".join((r["text"] or "").split()), "file": r["path"],
                "fictional": bool(r["fictional"])}


def _paper_label(r) -> str:
    """As :func:`grdrs.queries.label`, but a Niederschrift by its name (its session)."""
    if r["number"] is not None and r["series"] == "niederschrift":
        return f"Niederschrift {r['name']}"
    return label(r)


_ANSWERS = {"stellungnahme": "antrag", "beantwortung": "anfrage", "antrag": "stellungnahme",
            "anfrage": "beantwortung"}


def _excluded(conn: sqlite3.Connection, draft: Draft) -> set[int]:
    """Paper ids of the draft itself and its lineage."""
    out: set[int] = set()
    if draft.number:
        series = {draft.series}
        if draft.series in _ANSWERS:
            series.add(_ANSWERS[draft.series])
        out.update(store.check_lineage(conn, draft.council, series, draft.number))
    return out


def _fold(word: str) -> str:
    """A word as the FTS tokenizer stores it (lower case, diacritics removed)."""
    w = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in w if not unicodedata.combining(c))


_ENDINGS = ("", "s", "es", "e", "en", "n", "er", "ern")


def _terms(d: DraftAmount) -> tuple[list[str], list[str]]:
    """(head forms, other content words near the amount) as FTS tokens."""
    head: list[str] = []
    if d.facet.head:
        base = _fold(d.facet.head)
        head = [base + e for e in _ENDINGS]
    words = _words(d.subject)
    out: list[str] = []
    for _, _, w in words:
        lw = w.lower()
        if lw in _STOP or lw in _FILLER or len(lw) < 4:
            continue
        for part in re.split(r"-", lw):
            t = _fold(part)
            if len(t) >= 4 and t not in out and t not in head:
                out.append(t)
    return head, out


def _or(terms: list[str]) -> str:
    return "(" + " OR ".join(f'"{t}"' for t in terms) + ")"


def _queries(conn: sqlite3.Connection, d: DraftAmount, df: dict[str, int]):
    """(same-value query, similar-words query) for one draft amount, from its rarest words."""
    head, words = _terms(d)
    head = [t for t in head if df.get(t)]
    rare = sorted((t for t in words if df.get(t)), key=lambda t: df[t])
    values = [store.value_token(d.value)] + ([store.value_token(d.value_to)] if d.value_to else [])
    context = head + rare[:8]
    same = (f"value : {_or(values)} AND subject : {_or(context)}" if context else None)
    similar = None
    if head and rare:
        similar = f"subject : ({_or(head)} AND {_or(rare[:3])})"
    elif len(rare) >= 2:
        r = rare[:3]
        pairs = [f"({_or([a])} AND {_or([b])})" for i, a in enumerate(r) for b in r[i + 1:]]
        similar = "subject : (" + " OR ".join(pairs) + ")"
    return same, similar


def _score(d: DraftAmount, e: Earlier, draft: Draft, cited: dict[int, set[str]]) -> float:
    from rapidfuzz import fuzz

    f1, f2 = d.facet, e.facet
    s = 0.45 * _cos(f1.sentence, f2.sentence) + 0.35 * _cos(f1.local, f2.local)
    if f1.local_text and f2.local_text:
        s += 0.20 * fuzz.token_set_ratio(f1.local_text, f2.local_text) / 100
    r = e.row
    if r["number"] and f"{r['series']}|{r['number']}" in draft.cites:
        s += 0.08  # the draft cites the earlier paper
    elif draft.cites & cited.get(r["paper_id"], set()):
        s += 0.04  # both cite the same paper
    if draft.department and r["department"] and draft.department == r["department"]:
        s += 0.03
    return min(s, 1.0)


def _compatible(d: DraftAmount, e: Earlier) -> bool:
    """Same head noun, per marker, currency and an overlapping period (when both state one)."""
    data = e.data
    if d.facet.head is None or d.facet.head != e.facet.head:
        return False
    if (d.per or None) != (data.get("per") or None):
        return False
    if d.currency != data.get("currency", "EUR"):
        return False
    ov = _overlap(d.period_from, d.period_to, data.get("period_from"), data.get("period_to"))
    return ov is not False


def compare(conn: sqlite3.Connection, draft: Draft, fts: bool = True,
            all_rows: list | None = None) -> list[dict[str, Any]]:
    """One finding per draft amount: consistent, changed, ambiguous or new.

    Per amount, first the earlier statements with the same value and some of its words (a
    match makes it consistent); only when none agrees, those with its head noun and its rarest
    words (for changed, ambiguous or new)."""
    excluded = _excluded(conn, draft)
    me = str(Path(draft.source).resolve())
    facets: dict[int, Earlier] = {}

    def earlier(rows) -> list[Earlier]:
        out: dict[tuple, Earlier] = {}
        for r in rows:
            if r["paper_id"] in excluded or r["sha256"] == draft.sha256 or r["path"] == me:
                continue
            if draft.number is None and r["number"] is None and r["name"] == draft.name:
                continue
            e = facets.get(r["id"])
            if e is None:
                data = json.loads(r["data"])
                e = facets[r["id"]] = Earlier(r, data, facet(data.get("subject"), r["text"]))
            out.setdefault(e.key(), e)
        return list(out.values())

    df: dict[str, int] = {}
    if fts:
        words = set()
        for d in draft.amounts:
            head, other = _terms(d)
            words.update(head + other)
        df = store.check_doc_freq(conn, words)
    cited: dict[int, set[str]] = {}
    done: dict[tuple, dict[str, Any]] = {}
    findings = []
    for d in draft.amounts:
        key = (d.value, d.value_to, d.per, d.period_from, d.period_to, d.subject, d.text)
        if key in done:  # the same statement again (a table and its text): same verdict
            f = dict(done[key])
            f.update(page=d.page, start=d.start, end=d.end)
            findings.append(f)
            continue
        if fts:
            same_q, similar_q = _queries(conn, d, df)
            es = earlier(store.check_candidates(conn, same_q, draft.date, 60)) if same_q else []
        else:
            es = earlier(all_rows or [])
        _score_all(conn, d, es, draft, cited)
        if fts and not any(_same(d, e) for e in es) and similar_q:
            more = earlier(store.check_candidates(conn, similar_q, draft.date, FTS_LIMIT))
            _score_all(conn, d, more, draft, cited)
            es += more
        f = _classify(d, es)
        done[key] = f
        findings.append(f)
    return findings


def _score_all(conn, d: DraftAmount, es: list[Earlier], draft: Draft,
               cited: dict[int, set[str]]) -> None:
    missing = {e.row["paper_id"] for e in es} - set(cited)
    if missing:
        got = store.check_cited(conn, missing)
        for pid in missing:
            cited[pid] = got.get(pid, set())
    for e in es:
        e.score = _score(d, e, draft, cited)
        e.strong = e.score >= STRONG_MIN and _compatible(d, e)


def _same(d: DraftAmount, e: Earlier) -> bool:
    """An earlier statement that agrees: same value, about the same thing."""
    return (_agrees(d, e) and e.score >= SAME_VALUE_MIN
            and (d.per or None) == (e.data.get("per") or None)
            and _overlap(d.period_from, d.period_to, e.data.get("period_from"),
                         e.data.get("period_to")) is not False)


def _agrees(d: DraftAmount, e: Earlier) -> bool:
    return agree(d.value, d.value_to, d.text, d.facet.approx, e.row["value"], e.row["value_to"],
                 e.row["text"], e.facet.approx)


def _preference(e: Earlier) -> tuple:
    """Best first: higher score, then a dated paper, the most recent first."""
    date = e.row["date"]
    return (-round(e.score, 2), date is None, "" if date is None else
            "".join(chr(0x10FFFF - ord(c)) for c in date))


def _classify(d: DraftAmount, es: list[Earlier]) -> dict[str, Any]:
    same = [e for e in es if _same(d, e)]
    strong = sorted((e for e in es if e.strong), key=_preference)
    out = _finding(d)
    if same:
        best = min(same, key=lambda e: (not e.strong, *_preference(e)))
        out.update(verdict="consistent", earlier_value=best.row["value"], earlier=best.json(),
                   score=round(best.score, 2))
        return out
    if not strong:
        out.update(verdict="new")
        return out
    values = {}
    for e in strong:
        values.setdefault((e.row["value"], e.row["value_to"]), []).append(e)
    if len(values) == 1:
        best = strong[0]
        out.update(verdict="changed", earlier_value=best.row["value"], earlier=best.json(),
                   score=round(best.score, 2))
        return out
    out.update(verdict="ambiguous",
               candidates=[v[0].json() for v in sorted(values.values(),
                                                        key=lambda v: -v[0].score)],
               score=round(strong[0].score, 2))
    return out


def _finding(d: DraftAmount | None = None, **kw) -> dict[str, Any]:
    out = {"verdict": None, "value": None, "value_to": None, "earlier_value": None,
           "earlier": None, "candidates": [], "figures": [], "page": None, "start": None,
           "end": None, "quote": None, "subject": None, "reason": None, "score": None}
    if d is not None:
        out.update(value=d.value, value_to=d.value_to, page=d.page,
                   quote=" ".join(d.text.split()), subject=d.subject, start=d.start, end=d.end)
    out.update(kw)
    return out


# --------------------------------------------------------------------------------------------
# the whole check

def check(conn: sqlite3.Connection, path: str, profile: str | None = None,
          date: str | None = None) -> dict[str, Any]:
    """Check the draft at ``path`` against the database ``conn``; the JSON answer. ``date``
    (YYYY-MM-DD) stands for the date the draft's header prints."""
    from .check_arith import arithmetic, date_slips

    draft = read_draft(path, profile)
    if date is not None:
        draft.date = date
    if store.has_check_index(conn):
        findings = compare(conn, draft)
    else:  # an old database opened read-only: score every stored amount
        findings = compare(conn, draft, fts=False,
                           all_rows=store.check_all_amounts(conn, draft.date))
    findings += arithmetic(draft)
    findings += date_slips(draft)
    order = {v: i for i, v in enumerate(VERDICTS)}
    findings.sort(key=lambda f: (order[f["verdict"]], f["page"] or 0, f.get("start") or 0))
    summary = {v: sum(1 for f in findings if f["verdict"] == v) for v in VERDICTS}
    return {"draft": {"source": draft.source, "number": draft.number, "suffix": draft.suffix,
                      "series": draft.series, "date": draft.date, "title": draft.title,
                      "council": draft.council, "amounts": len(draft.amounts)},
            "summary": summary,
            "conflicts": sum(summary[v] for v in CONFLICTS),
            "findings": findings}


def _fmt(v: str | None) -> str:
    if v is None:
        return "?"
    d = Decimal(v)
    whole, _, cents = f"{d:,.2f}".partition(".")
    whole = whole.replace(",", ".")
    return whole if cents == "00" else f"{whole},{cents}"


def report_text(answer: dict[str, Any]) -> str:
    """The readable report, grouped by verdict."""
    d = answer["draft"]
    name = d["number"] or Path(d["source"]).name
    lines = [f"Check of {d['source']} ({name}, dated {d['date'] or 'undated'}): "
             f"{d['amounts']} amount(s)"]
    heads = {"changed": "CHANGED — differs from what an earlier paper said",
             "arithmetic": "ARITHMETIC — figures that do not add up",
             "date": "DATE — reported as past, dated after the paper",
             "ambiguous": "AMBIGUOUS — earlier papers disagree among themselves",
             "new": "NEW — nothing earlier found",
             "consistent": "CONSISTENT — agrees with an earlier paper"}
    for verdict in VERDICTS:
        items = [f for f in answer["findings"] if f["verdict"] == verdict]
        if not items:
            continue
        lines.append("")
        lines.append(f"{heads[verdict]} ({len(items)})")
        for f in items:
            where = f"p. {f['page']}" if f["page"] else ""
            if verdict in ("changed", "consistent"):
                e = f["earlier"]
                lines.append(f"  {where}: {f['quote']}  — {e['paper']} "
                             f"({e['date'] or 'undated'}, p. {e['page']}) said "
                             f"{_fmt(f['earlier_value'])}")
                lines.append(f"      draft:   {_short(f['subject'])}")
                lines.append(f"      earlier: {_short(e['quote'])}")
            elif verdict == "ambiguous":
                lines.append(f"  {where}: {f['quote']}  — {_short(f['subject'])}")
                for c in f["candidates"]:
                    lines.append(f"      {c['paper']} ({c['date'] or 'undated'}, p. {c['page']}):"
                                 f" {_fmt(c['value'])} — {_short(c['quote'])}")
            elif verdict == "new":
                lines.append(f"  {where}: {f['quote']}  — {_short(f['subject'])}")
            else:
                lines.append(f"  {where}: {f['reason']}")
                lines.append(f"      {_short(f['subject'] or f['quote'] or '')}")
    n = answer["conflicts"]
    lines.append("")
    lines.append(f"{n} conflict(s)" if n else "No conflicts.")
    return "\n".join(lines)


def _short(s: str | None, n: int = 150) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"
