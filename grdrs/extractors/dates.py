"""Dates and periods, normalised to ISO ``from``/``to``.

Kinds (interfaces.md):

* ``"date"`` — one day; ``from`` and ``to`` are both that day (a day is a one-day period, so
  "a date lies within its period" holds everywhere): ``18.09.2023``, ``9.05.2023``,
  ``01.01.22``, ``21. November 2021``, ``2023-09-18``, and month-first ``11/30/2020`` of
  the city's exports (see below).
* ``"period"`` — ``from`` the first day, ``to`` the last day, ``to`` null for an open period
  (opened with ``ab``, ``seit``, ``Ab dem``, ``beginnend mit``):
  months ``01/2022``, ``07.2022``, ``Juli 2022``; month ranges ``01/2022 – 06/2022``,
  ``ab 11/2022 bis 09/2023``, ``April bis Mai 2022``; quarters ``4. Quartal 2023``,
  ``vierten Quartal 2023``, ``Q4 2023``, ``IV. Quartal 2023``; half-years ``zweiten Halbjahr
  2023``, ``2. Halbjahr 2023``, ``ersten Jahreshälfte 2024``; years with a cue (``im Jahr 2024``,
  ``das Jahr 2024``,
  ``in 2023``, ``für 2024``, ``Haushaltsjahr 2024``, ``ab 2024``, ``seit 2020``); two-year
  budgets ``Doppelhaushalt 2024/2025``, ``Stellenplan 2022/2023``, ``2022/23`` (any ``Y/Y+1``;
  ``Schuljahr 2023/2024`` runs 1 August to 31 July); year ranges ``für die Jahre 2022 und
  2023``, ``2022 bis 2024``. A range of two day dates (``01.01.2022 – 31.12.2023``) gives
  the two dates and a period.

A bare year (``Bürgerumfrage 2021``) is no period. Nothing is emitted where a paper reference
found earlier stands (``GRDrs 10/2022`` is no month), nor for amounts (their patterns do not
overlap). Slash dates ``a/b/YYYY``: if one part is above 12 it decides; if both are ≤ 12 the
consultation dates decide (the header date lies on or before the first consultation, so the
reading closest to it from below wins, council-papers.md §4), else the profile's
``dates.slash_order`` (default ``"mdy"``, the city's English-language exports).

:func:`find` is the regex core over any text (also used by ``amounts`` for periods).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from ..model import DateFact

_MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "maerz": 3,
    "mär": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7,
    "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10,
    "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12}
_MONTH = ("(?:" + "|".join(w.capitalize() for w in sorted(_MONTHS, key=len, reverse=True))
          + r")(?:\.|(?![\wäöüß]))")
_Y = r"(?:19|20)\d\d(?!\d)"
_ORD = {"erste": 1, "zweite": 2, "dritte": 3, "vierte": 4, "letzte": 4}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}

# Two patterns, each starting with a digit or with a literal word, so the regex engine can skip
# ahead to possible starts (a leading look-behind or case-insensitive group makes it try every
# position: ten times slower). The character before a match is checked in Python.
_NUMERIC = re.compile(
    r"(?=\d)(?:"
    rf"(?P<dmy>(?P<d1>\d{{1,2}})\.\s?(?P<m1>\d{{1,2}})\.\s?(?P<y1>{_Y}|\d\d(?![\d])))"
    r"(?![.,]\d)"
    rf"|(?P<dmn>(?P<d2>\d{{1,2}})\.\s*(?P<m2>{_MONTH})\s*(?P<y2>{_Y}))"
    r"|(?P<iso>(?P<y3>(?:19|20)\d\d)-(?P<m3>0[1-9]|1[0-2])-(?P<d3>0[1-9]|[12]\d|3[01]))(?!\d)"
    rf"|(?P<sl>(?P<sa>\d{{1,2}})/(?P<sb>\d{{1,2}})/(?P<y4>{_Y}))(?![/\d])"
    rf"|(?P<qn>[1-4])\.\s*Quartals?\s+(?:des\s+Jahres\s+)?(?P<y5>{_Y})"
    r"|(?P<hn>[12])\.\s*"
    rf"(?:Halbjahr(?:es)?|Jahreshälfte|Hälfte|HJ)\s+(?:des\s+Jahres\s+)?(?P<y7>{_Y})"
    rf"|(?P<yra>{_Y})\s*(?P<yrs>bis|–|-|—|/)\s*(?P<yrb>{_Y})(?![/\d])"
    r"|(?P<yy>(?P<ya>(?:19|20)\d\d)\s?/\s?(?P<yb>(?:19|20)\d\d|\d\d)(?![\d/]))"
    r"|(?P<my>(?P<m10>0[1-9]|1[0-2])\s?[/.]\s?(?P<y10>(?:19|20)\d\d))(?![\d/]|[.,]\d))")
# Word-led patterns, one regex each: an alternation of plain literals first keeps them fast.
_WORDY = (
    re.compile(r"(?P<ow>erste|zweite|dritte|vierte|letzte)[nmrs]?\s+"
               r"(?:(?P<oq>Quartals?)|Halbjahr(?:es)?|Jahreshälfte|Hälfte)\s+"
               rf"(?:des\s+Jahres\s+)?(?P<oy>{_Y})"),
    # two regexes, each with a literal start ("I", "Q"): as one alternation it ran at every position
    re.compile(rf"(?P<qr>IV|III|II|I)\.\s*Quartals?\s+(?:des\s+Jahres\s+)?(?P<y5>{_Y})"),
    re.compile(rf"Q(?P<qq>[1-4])\s?/?\s?(?P<y6>{_Y})"),
    re.compile(rf"(?P<ma>{_MONTH})\s*(?:bis|–|-|—)\s*(?P<mb>{_MONTH})\s*(?P<y8>{_Y})"),
    re.compile(rf"(?P<m9>{_MONTH})\s*(?P<y9>{_Y})"),
    re.compile(r"(?P<yrc>für|Für|in|In|über|Über)\s+(?:die|den)\s+"
               r"(?:Haushalts|Kalender|Wirtschafts)?[Jj]ahren?\s+"
               rf"(?P<yra>{_Y})\s*(?P<yrs>und|bis|–|-|—|/)\s*(?P<yrb>{_Y})(?![/\d])"),
    re.compile(r"(?P<ycc>im|Im|ins|Ins|in|In|für|Für|ab|Ab|seit|Seit|Haushalts|Kalender"
               r"|Wirtschafts|Geschäfts)"
               r"(?:jahr(?:es)?\s+|\s+(?:(?:dem|das)\s+)?"
               r"(?:(?:Haushalts|Kalender|Wirtschafts|Geschäfts)?[Jj]ahre?s?\s+)?)"
               rf"(?P<y11>{_Y})(?![/\d]|\s?[-–]\d|[.,]\d)"),
    # "auf das Jahr 2024 verschoben", "Ende des Jahres 2024": the word Jahr names a year
    re.compile(rf"Jahr(?:es)?\s+(?P<y11>{_Y})(?![/\d]|\s?[-–]\d|[.,]\d)"),
)
_OPENER = re.compile(r"(?:\b[Aa]b|\b[Ss]eit|\b[Bb]eginnend(?:\s+(?:mit|ab))?)"
                     r"(?:\s+(?:dem|der|den))?\s+$")
_CONNECT = re.compile(r"\s*(?:–|-|—|bis(?:\s+(?:zum|einschließlich|Ende))?)\s*")
_NOT_BEFORE_NUMBER = frozenset("0123456789.,/")
_SCHOOL = re.compile(r"(?:Schul|Kindergarten|Kita)jahr(?:es)?[ \t]*$")


def _last(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _slash(a: int, b: int, y: int, order: str, before: date | None) -> date | None:
    if a > 12:
        return _day(y, b, a)
    if b > 12:
        return _day(y, a, b)
    md, dm = _day(y, a, b), _day(y, b, a)
    if before is not None and md and dm and md != dm:
        ok = [d for d in (md, dm) if d <= before]
        if ok:
            return max(ok)
    return dm if order == "dmy" else md


def _atom(m: re.Match, text: str, order: str, before: date | None):
    """(kind, from, to) of one atom match, or None when it is not a date after all."""
    g = m.groupdict().get
    if g("dmy"):
        y = g("y1")
        if len(y) == 2:
            if len(g("d1")) != 2 or len(g("m1")) != 2:
                return None
            # "Am 17.01. 13:35 Uhr": a day without a year, then a time — not "17.01.13"
            if text[m.start("y1") - 1].isspace() or text[m.end("y1"):m.end("y1") + 1] == ":":
                return None
            y = ("20" if int(y) < 50 else "19") + y
        d = _day(int(y), int(g("m1")), int(g("d1")))
        return None if d is None else ("date", d, d)
    if g("dmn"):
        d = _day(int(g("y2")), _month(g("m2")), int(g("d2")))
        return None if d is None else ("date", d, d)
    if g("iso"):
        d = _day(int(g("y3")), int(g("m3")), int(g("d3")))
        return None if d is None else ("date", d, d)
    if g("sl"):
        d = _slash(int(g("sa")), int(g("sb")), int(g("y4")), order, before)
        return None if d is None else ("date", d, d)
    if g("ow"):
        y, n = int(g("oy")), _ORD[g("ow")]
        if g("oq"):
            return ("period", date(y, 3 * n - 2, 1), _last(y, 3 * n))
        if n > 2 and g("ow") != "letzte":
            return None
        h = 1 if g("ow") == "erste" else 2
        return ("period", date(y, 6 * h - 5, 1), _last(y, 6 * h))
    if g("qn") or g("qr") or g("qq"):
        q = int(g("qn")) if g("qn") else _ROMAN[g("qr")] if g("qr") else int(g("qq"))
        y = int(g("y5") or g("y6"))
        return ("period", date(y, 3 * q - 2, 1), _last(y, 3 * q))
    if g("hn"):
        h = int(g("hn"))
        y = int(g("y7"))
        return ("period", date(y, 6 * h - 5, 1), _last(y, 6 * h))
    if g("ma"):
        y, a, b = int(g("y8")), _month(g("ma")), _month(g("mb"))
        if a > b:
            return None
        return ("period", date(y, a, 1), _last(y, b))
    if g("yra"):
        a, b, sep = int(g("yra")), int(g("yrb")), g("yrs")
        if not a < b <= a + 30 or (sep == "und" and not g("yrc")) or (sep == "/" and b != a + 1):
            return None
        if sep == "/" and _SCHOOL.search(text, max(0, m.start() - 20), m.start()):
            return ("period", date(a, 8, 1), date(b, 7, 31))
        return ("period", date(a, 1, 1), date(b, 12, 31))
    if g("yy"):
        a, b = int(g("ya")), g("yb")
        b = int(b) if len(b) == 4 else (a // 100) * 100 + int(b)
        if b != a + 1:
            return None
        if _SCHOOL.search(text, max(0, m.start() - 20), m.start()):
            return ("period", date(a, 8, 1), date(b, 7, 31))
        return ("period", date(a, 1, 1), date(b, 12, 31))
    if g("my"):
        y, mo = int(g("y10")), int(g("m10"))
        return ("period", date(y, mo, 1), _last(y, mo))
    if g("m9"):
        y, mo = int(g("y9")), _month(g("m9"))
        return ("period", date(y, mo, 1), _last(y, mo))
    if g("y11"):
        y = int(g("y11"))
        return ("period", date(y, 1, 1), date(y, 12, 31))
    return None


def _month(word: str) -> int:
    return _MONTHS[word.rstrip(".").lower()]


def find(text: str, order: str = "mdy", before: date | None = None,
         skip=None) -> list[tuple[int, int, str, str | None, str | None]]:
    """``(start, end, kind, from, to)`` of every date and period in ``text``.

    ``order``/``before`` decide ambiguous slash dates; ``skip(start, end)`` returning True
    drops an atom (a paper reference stands there).
    """
    matches = []
    for m in _NUMERIC.finditer(text):
        if m.start() == 0 or text[m.start() - 1] not in _NOT_BEFORE_NUMBER:
            matches.append(m)
    for rx in _WORDY:
        for m in rx.finditer(text):
            if m.start() == 0 or not text[m.start() - 1].isalnum():
                matches.append(m)
    matches.sort(key=lambda m: (m.start(), -m.end()))
    atoms = []
    last_end = 0
    for m in matches:
        if m.start() < last_end:
            continue
        if skip is not None and skip(m.start(), m.end()):
            continue
        got = _atom(m, text, order, before)
        if got is None:
            continue
        kind, dfrom, dto = got
        last_end = m.end()
        start = m.start()
        opened = False
        if m.groupdict().get("ycc"):
            opened = m.group("ycc")[:2] in ("ab", "Ab", "se", "Se")
        else:
            op = _OPENER.search(text, max(0, start - 16), start)
            if op:
                start, opened = op.start(), True
        atoms.append([start, m.end(), kind, dfrom, dto, opened, m.start()])
    out: list[tuple[int, int, str, str | None, str | None]] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if (b is not None and not b[5] and not (a[5] and a[2] == "date" and b[2] != "date")
                and _CONNECT.fullmatch(text, a[1], b[0]) and a[3] <= b[4]):
            if a[2] == "date" and b[2] == "date":
                out.append((a[6], a[1], "date", _iso(a[3]), _iso(a[4])))
                out.append((b[0], b[1], "date", _iso(b[3]), _iso(b[4])))
            out.append((a[0], b[1], "period", _iso(a[3]), _iso(b[4])))
            i += 2
            continue
        if a[5]:
            if a[2] == "date":
                out.append((a[6], a[1], "date", _iso(a[3]), _iso(a[4])))
            out.append((a[0], a[1], "period", _iso(a[3]), None))
        else:
            out.append((a[0], a[1], a[2], _iso(a[3]), _iso(a[4])))
        i += 1
    return out


def earliest(isos) -> date | None:
    """The earliest of some ISO date strings (empty or invalid ones skipped), or None."""
    dates = []
    for d in isos:
        if d:
            try:
                dates.append(date.fromisoformat(d))
            except ValueError:
                pass
    return min(dates) if dates else None


def _first_consultation(ctx) -> date | None:
    return earliest(getattr(c, "date", None) for c in ctx.results.get("consultations") or ())


def extract(ctx) -> list[DateFact]:
    text = ctx.text
    refs = [r.span for r in ctx.results.get("references") or () if getattr(r, "span", None)]
    by_page: dict[int, list[tuple[int, int]]] = {}
    for s in refs:
        by_page.setdefault(s.page, []).append((s.start, s.end))

    def skip(start: int, end: int) -> bool:
        if not by_page:
            return False
        sp = ctx.span(start, end)
        return any(s < sp.end and sp.start < e for s, e in by_page.get(sp.page, ()))

    order = str(ctx.profile.get("dates.slash_order", "mdy"))
    facts = find(text, order, _first_consultation(ctx), skip)
    return [DateFact(kind, f, t, ctx.span(s, e)) for s, e, kind, f, t in facts]
