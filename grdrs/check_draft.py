"""The draft side of ``grdrs check``: the draft read and extracted, what each amount is about
(its facet: sentence words, local words, head noun), and how two stated figures agree. Shared by
:mod:`grdrs.check` (earlier statements) and :mod:`grdrs.check_arith` (arithmetic, dates)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import store
from .decimal_parse import BLANK_DECIMAL

CONFLICTS = ("changed", "arithmetic", "date")
VERDICTS = ("changed", "arithmetic", "date", "ambiguous", "new", "consistent")

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
million millionen milliarde milliarden tausend
aber ich mich mir uns unser unsere unserer unseren meine meinen meiner mein dame damen herr herren
sehr geehrte geehrten liebe lieben heute jetzt schon ganz doch eben also einmal nun
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
    # (a figure starts at a digit, a currency or the space before a digit: the lookahead
    # spares the alternatives at every other character); "180.165, 41 Euro" as the amounts
    # extractor reads it; then every other shape
    rf"(?=[\d€E\s])(?:(?<![\d.,]){BLANK_DECIMAL}[ \t]*(?:EURO?|Euro|€)|"
    r"(?:€|EUR|Euro)?\s?\d[\d.,]*(?:[ \t]\d{3})*(?:,-+)?\s*(?:(?:Mio|Mrd|Tsd|Mill)\.?|Millionen|"
    r"Tausend|T|k)?\s*(?:EURO?|Euro|€|DM)(?:\s*/\s*(?:Jahr|Monat|netto)|\s*p\.\s?a\.)?"
    r"|(?:€|EUR|Euro)\s?\d[\d.,]*)")
_CLAUSE_END = re.compile(r"[;:]|,\s+(?=(?:da|weil|wobei|sodass|damit|dass|wenn|während|obwohl|"
                         r"nachdem|welche[rsm]?|wodurch|womit)\b)|\s[–-]\s")
_APPROX = re.compile(r"(?:\brd\.|\bca\.|\brund|\betwa|\bungefähr|\bknapp|\bmehr als|\büber|"
                     r"\bbis zu|\bmindestens|\bmax(?:imal|\.))\s*$", re.I)
# a rounded figure: "1,32 Mio", "8.6 Mio" (a dot and one or two digits before the scale is a
# decimal mark there, as the amounts extractor reads it), "76 T"
_ROUNDED = re.compile(r"(?<![\d.,])\d+(?:[.\s]\d{3})*(?:,(\d+)|\.(\d{1,2}))?\s*"
                      r"(Mio|Mrd|Tsd|Mill|Millionen|Tausend|T|k)\b")


@lru_cache(maxsize=1 << 16)  # a draft's candidates repeat their words: a third of facet()'s time
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
    # the sentence with its amounts masked ("#"), the amount's place among them and its
    # neighbours' digits: a table cell is the same cell when a neighbour is the same figure
    masked: str = ""
    index: int = 0
    count: int = 0
    left_nb: str | None = None
    right_nb: str | None = None
    years: frozenset = frozenset()  # years named in the clause around the amount
    neighbours: tuple = ()  # the neighbouring figures as printed (left, right), for search
    others: tuple = ()  # the digits of the sentence's other figures, in order
    label: str = ""  # the (stemmed) words between the figure before it and the amount
    # the sentence as table rows: (row label, the digits of its figures), and the amount's
    # (row, column) in them
    rows: tuple = ()
    cell: tuple | None = None
    all_years: frozenset = frozenset()  # years named anywhere in the sentence
    more: bool = False  # an addition ("weitere 3 Mio.", "zusätzlich 15.000 EUR")
    dashes: bool = False  # a table row printing dashes for empty cells ("- €", "€- 162,00")
    spans: frozenset = frozenset()  # durations named in the sentence ("für sechs Wochen")
    # the numbers of the sentence that are not money, as printed: 70 schools, Los 6, a date
    numbers: frozenset = frozenset()
    standing: bool = False  # a quantity beyond one year: capital, a project's whole cost
    # the field the amount fills in a form ("Jährliche/r Budgetbedarf/Folgekosten: 48.914 €"):
    # its label as printed; "" when no label and colon stand right before it
    field: str = ""


def other_numbers(f1: Facet, f2: Facet) -> bool:
    """Each sentence names a number the other does not, money aside: a count, a lot, a date,
    a year ("61 Kredite" at "Stichtag 30.06.12" and "51 Kredite" at "Stichtag 11.04.2014";
    70 or 50 schools; Los 6 or Los 5): the same words about another instance, not a change.
    A number only one of them names (a sentence cut elsewhere) is no such sign."""
    return bool(f1.numbers - f2.numbers and f2.numbers - f1.numbers)


_YEARS_ONLY = re.compile(r"(?:19|20)\d\d(?:[/-](?:19|20)?\d\d)?")


def other_labels(f1: Facet, f2: Facet) -> bool:
    """Each table row names a number the other does not, years aside (``Kosten Ziffer 13.1``
    and ``Kosten Ziffer 14.1``): another row, whatever figures the two tables share. (A yearly
    table's year columns move on from one edition to the next; its row labels do not.)"""
    a = {n for n in f1.numbers if not _YEARS_ONLY.fullmatch(n)}
    b = {n for n in f2.numbers if not _YEARS_ONLY.fullmatch(n)}
    return bool(a - b and b - a)


def prior_year(f1: Facet, f2: Facet) -> bool:
    """The earlier figure is given for the year before its paper's ("(Vorjahr: 3.175 T€)") and
    the draft's is not: the draft's year is a later one (a draft's own "Vorjahr" figure may
    restate an earlier paper's current one). Not when the draft's sentence names its year
    ("Die Abschreibungen 2023 betrugen …" may correct last year's "Vorjahr" figure)."""
    def vorjahr(f: Facet) -> bool:  # the last word of its label
        return f.label.rsplit(" ", 1)[-1].startswith("vorjahr")

    return vorjahr(f2) and not vorjahr(f1) and not f1.all_years


# a figure said for the paper's own year without naming it (a stored sentence may have lost
# its first word: "Geschäftsjahr wurden …")
_OWN_YEAR = re.compile(r"(?:\b(?:im|des|dem)\s+(?:abgelaufenen\s+|laufenden\s+|vergangenen\s+)?"
                       r"|^\s*)(?:Geschäfts|Berichts|Wirtschafts|Haushalts)jahr(?:es|s)?\b"
                       r"|\bin\s+diesem\s+Jahr\b|\bim\s+laufenden\s+Jahr\b", re.I)


def own_year(s1: str, s2: str, f1: Facet, f2: Facet, date1: str | None, date2: str | None) -> bool:
    """Both sentences give their figure for their paper's own year without naming it ("Im
    Geschäftsjahr wurden 425 T€ an Zinsen erzielt") and the papers are of different years:
    two years' figures, not one changed."""
    return bool(date1 and date2 and date1[:4] != date2[:4] and not f1.all_years
                and not f2.all_years and _OWN_YEAR.search(s1) and _OWN_YEAR.search(s2))


# a year in a paper's title, alone or as a span ("2022/2023", "2022/23", "2019-2021")
# (not the year of a date, "ab 01.01.2026", nor of a paper number, "GRDrs 123/2023", "2021/0123")
_TITLE_YEARS = re.compile(r"(?<![\d.])(?<!\d/)(?<!\d\.\s)((?:19|20)\d\d)"
                          r"(?:\s*[/-]\s*((?:19|20)?\d\d))?(?![\d/])")


# a reporting date's year is the title's year: "Jahresabschluss zum 31.12.2024", "per 30.06.2023"
# (a period's end; not a statute's first day, "Gebührensatzung zum 01.01.2015")
_TITLE_DATE = re.compile(r"\b((?:zum|per|[Ss]tichtag)\s+)(?:2[89]|3[01])\.\s?\d{1,2}\.\s?"
                         r"((?:19|20)\d\d)(?!\d)")


@lru_cache(maxsize=4096)
def title_years(title: str | None) -> tuple[frozenset, str]:
    """The years a title names and the title without them, letters and digits only."""
    years = set()
    title = _TITLE_DATE.sub(r"\1\2", title or "")
    for m in _TITLE_YEARS.finditer(title):
        years.add(m.group(1))
        if m.group(2):
            years.add(m.group(2) if len(m.group(2)) == 4
                      else str(int(m.group(1)) // 100 * 100 + int(m.group(2))
                               + (100 if int(m.group(2)) < int(m.group(1)) % 100 else 0)))
    rest = _TITLE_YEARS.sub("#", title)
    return frozenset(years), "".join(c for c in _fold(rest) if c.isalnum() or c == "#")


@lru_cache(maxsize=4096)  # a draft's candidates come from few papers: the same pairs again
def other_edition(title1: str | None, title2: str | None) -> bool:
    """Two papers are editions of one recurring paper for other years: their titles are the
    same but for the years they name ("Verteilung der investiven Sportförderungsmittel 2025"
    and "… 2024"; "Festsetzung des Wirtschaftsplans 2022 …" and "… Wirtschaftsplanes 2024 …").
    A sentence of one that names no year is about its own year, so another edition's figure
    for it is another year's."""
    from rapidfuzz import fuzz

    # the whole titles, else their main parts (before a subtitle: "Verteilung der
    # Leistungssportförderungsmittel für das Jahr 2024 - Fördervorschlag Sportkreis")
    # (only when one of them has a subtitle: two different subtitles are two matters,
    # "Haushaltsberatungen 2024/2025: Antrag der CDU …" and "… 2022/2023: Antrag der SPD …")
    main1, main2 = _main(title1), _main(title2)
    pairs = [(title1, title2, 12)]
    if (main1 == (title1 or "")) != (main2 == (title2 or "")):
        pairs.append((main1, main2, 30))
    for t1, t2, least in pairs:
        y1, rest1 = title_years(t1)
        y2, rest2 = title_years(t2)
        if (y1 and y2 and y1 != y2 and len(rest1) >= least
                and (rest1 == rest2 or fuzz.ratio(rest1, rest2) >= 94)):
            return True
    return False


_SUBTITLE = re.compile(r"\s[–-]\s|:\s")


def _main(title: str | None) -> str:
    """A title without its subtitle (what follows the first " - " or ": ")."""
    return _SUBTITLE.split(title or "", 1)[0]


# what a figure is that holds beyond one year: a company's capital, a project's whole cost, a
# price (whole words, as stemmed: not a "Baukostenzuschuss" or a "Kaufpreisanteil"); the
# stemmer cuts "Kaufpreis" and "Kaufpreises" differently, so both forms are listed
_STANDING = frozenset(map(_stem, (
    "Stammkapital Grundkapital Gesamtkosten Gesamtinvestition Gesamtinvestitionen Baukosten "
    "Projektkosten Investitionskosten Kostenobergrenze Kostenrahmen Kaufpreis Kaufpreises"
).split()))


def _clause_start(s: str, a: int) -> int:
    """Where the clause holding position ``a`` of ``s`` starts."""
    start = 0
    for m in _CLAUSE_END.finditer(s, 0, a):
        start = m.end()
    return start


def _standing(s: str, a: int, left) -> bool:
    """The amount is a standing quantity: a word of its clause before it names one (``Das
    Stammkapital der GmbH beträgt …``, ``Die Gesamtkosten für … belaufen sich auf …``), and
    none says it is a year's (``jährlich``, ``pro Jahr``)."""
    clause_start = _clause_start(s, a)
    words = [w for st, _, w in left if st >= clause_start]
    return (any(_stem(w) in _STANDING for w in words)
            and not any(w.lower().startswith(("jährlich", "jahres")) or w.lower() == "jahr"
                        for w in words))


def own_periods(d, e, draft) -> bool:
    """A draft amount ``d`` and an earlier statement ``e`` (:class:`grdrs.check.Earlier`) are
    each their own paper's figure for its own year, and those years differ: both sentences
    say so without naming the year (:func:`own_year`), or the papers are editions of one
    recurring paper (:func:`other_edition`), the figure is not a standing one
    (``Facet.standing``) and neither sentence names a year, or just one does and it is its own
    paper's (a title year the other title does not name)."""
    f1, f2 = d.facet, e.facet
    if own_year(d.subject, e.data.get("subject") or "", f1, f2, draft.date, e.row["date"]):
        return True
    if f1.standing or f2.standing:
        return False
    if f1.all_years or f2.all_years:
        # one sentence names its paper's own year ("schließt das Geschäftsjahr 2025 … ab"), the
        # other edition's names none: that one is about its own year
        t1, t2 = title_years(draft.title)[0], title_years(e.row["title"])[0]
        if not (f1.all_years and not f2.all_years and f1.all_years <= t1 - t2
                or f2.all_years and not f1.all_years and f2.all_years <= t2 - t1):
            return False
    return other_edition(draft.title, e.row["title"])


# every combining mark of the Basic Multilingual Plane, as one character class
_MARKS = re.compile("[" + re.escape("".join(
    chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c)))) + "]")


@lru_cache(maxsize=1 << 14)  # a candidate's sentence is folded for each draft figure
def _fold(word: str) -> str:
    """A word as the FTS tokenizer stores it (lower case, diacritics removed)."""
    w = word.lower()
    if w.isascii():
        return w
    w = _MARKS.sub("", unicodedata.normalize("NFD", w))
    if not w or max(w) < "\U00010000":
        return w
    return "".join(c for c in w if not unicodedata.combining(c))  # beyond the BMP


def days_between(a: str | None, b: str | None) -> int | None:
    """Days from ISO date ``a`` to ``b`` (time ignored); None when one is missing or no date."""
    from datetime import date

    if not a or not b:
        return None
    try:
        return (date.fromisoformat(b[:10]) - date.fromisoformat(a[:10])).days
    except ValueError:
        return None


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


@lru_cache(maxsize=8192)  # (read only) a candidate said in several papers, or found twice
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
    # the span holding the amount's first digit ("253.995,41 €473.002,22 €": the extractor
    # reads "€473.002,22", the money pattern "473.002,22 €")
    digit = a if s[a:a + 1].isdigit() else a + next(
        (k for k, c in enumerate(s[a:b]) if c.isdigit()), 0)
    inside = [i for i, (st, e) in enumerate(spans) if st <= digit < e]
    i = inside[0] if inside else None
    ordinal = i if i is not None else sum(1 for st, _ in spans if st < a)
    masked, last = [], 0
    for st, e in spans:
        masked.append(s[last:st])
        masked.append("#")
        last = e
    masked.append(s[last:])
    lo = max(prev_end, a - 80)
    hi = min(next_start, b + 40)
    tail = _CLAUSE_END.split(s[b:hi], 1)[0].split(",", 1)[0]
    # the year before the figure, not before a comma or "und" after the last ("5 Mio. Euro für
    # 2024, 6 Mio. Euro für 2025"); else the year after it (not the next row's label)
    cut = _SEPARATOR.search(s, prev_end, a) if prev_end else None
    years = frozenset(_YEAR.findall(s[max(lo, cut.end()) if cut else lo:a]) or _YEAR.findall(tail))
    # the neighbouring figures of the same row: none across a label ("… 5.912,16 €-
    # Leichenträger- € 37.603,30": the next figure is another row's)
    dashes = bool(_DASH_CELL.search(s))
    left_span = spans[i - 1] if i and not _LABEL.search(s, spans[i - 1][1], spans[i][0]) else None
    right_span = (spans[i + 1] if i is not None and i + 1 < len(spans)
                  and not _LABEL.search(s, spans[i][1], spans[i + 1][0]) else None)
    return Facet(sentence, local, " ".join(_stem(w) for _, _, w in local_words),
                 _head(s, a, b, left, right, [w for w in words if w[1] <= prev_end]),
                 bool(_APPROX.search(s[max(0, a - 16):a])),
                 " ".join("".join(masked).split()).lower(), ordinal, len(spans),
                 _digits(s[left_span[0]:left_span[1]]) if left_span else None,
                 _digits(s[right_span[0]:right_span[1]]) if right_span else None, years,
                 tuple(s[sp[0]:sp[1]] if sp else "" for sp in (left_span, right_span)),
                 tuple(_digits(s[st:e]) for k, (st, e) in enumerate(spans) if k != i),
                 " ".join(_stem(w) for _, _, w in left[-3:]), *_rows(s, spans, i, dashes),
                 frozenset(_YEAR.findall(s)), bool(_MORE.search(s[max(prev_end, a - 40):a])),
                 dashes, frozenset(" ".join(m.groups()).lower() for m in _DURATION.finditer(s)),
                 frozenset(_NUMBER.findall("".join(masked))), _standing(s, a, left),
                 _field(s[prev_end:a]))


def _field(before: str) -> str:
    """The label of the form field an amount fills, as printed (see :attr:`Facet.field`)."""
    before = before.rstrip()
    if ":" not in before[-6:]:  # (most amounts: the search from each place costs a check of
        return ""  # a long draft a tenth of its time)
    m = _FIELD.search(before[-100:])
    if not m or not re.search(r"[^\W\d_]{5,}", m.group(1)):
        return ""
    return " ".join(m.group(1).split())


def lineage_base(number: str | None) -> str | None:
    """A paper's number without its follow-up version (2023/0575/1 → 2023/0575): the first of
    its lineage."""
    return None if number is None else re.sub(r"^((?:19|20)\d\d/\d{4})(?:/\d{1,2})+$", r"\1",
                                              number)


def field_key(label: str) -> str:
    """A field label's letters, folded: one key for its spellings and line breaks."""
    return "".join(c for c in _fold(label) if c.isalpha())


def _rows(s: str, spans: list[tuple[int, int]], i: int | None,
          dashes: bool) -> tuple[tuple, tuple | None]:
    """The sentence's figures as table rows: a row starts at each figure with words before it
    (its label: the last four of them, stemmed); the amount's (row, column). ``dashes``: the
    sentence prints dashes for empty cells."""
    rows: list[tuple[str, list[str]]] = []
    cell = None
    if dashes:  # a table printing empty cells as dashes: columns not countable
        return (), None
    for k, (st, e) in enumerate(spans):
        lo = spans[k - 1][1] if k else max(0, st - 80)
        if not rows or _LABEL.search(s, lo, st):
            rows.append((" ".join(_stem(w) for _, _, w in _words(s[lo:st])[-4:]), []))
        rows[-1][1].append(_digits(s[st:e]))
        if k == i:
            cell = (len(rows) - 1, len(rows[-1][1]) - 1)
    return tuple((label, tuple(cells)) for label, cells in rows), cell


# a dash standing for an empty cell ("- €", "€- 162.454,21"), not a negative figure or ",--"
_DASH_CELL = re.compile(r"(?<![\d,\-])-\s?€|€\s?-(?![\d\-])")


def _aligned(f1: Facet, f2: Facet) -> bool | None:
    """Whether a table cell (a sentence of three or more amounts) is the same cell: True when
    the figures on both sides are the same in both (a cell at the end of its row in both: the
    one neighbour), False when not; None for prose."""
    if f1.count < 3 and f2.count < 3:
        return None
    if not (f1.left_nb or f1.right_nb or f2.left_nb or f2.right_nb):
        return None  # words between every two figures: prose, not a table row
    pairs = ((f1.left_nb, f2.left_nb), (f1.right_nb, f2.right_nb))
    if any(bool(a) != bool(b) or a != b for a, b in pairs):
        return False  # another neighbour, or one at the row's end and the other not
    if (not f1.right_nb and f1.cell and f2.cell
            and len(f1.rows[f1.cell[0]][1]) != len(f2.rows[f2.cell[0]][1])):
        return False  # the last cells of a longer and a shorter row: another column
    return any(a for a, _ in pairs)


def _twin(f1: Facet, f2: Facet, aligned: bool | None) -> bool:
    """The same sentence (its figures masked) with the amount in the same place."""
    from rapidfuzz import fuzz

    if not f1.masked or not f2.masked:
        return False
    if aligned is None and f1.index != f2.index:
        return False
    return fuzz.ratio(f1.masked, f2.masked) >= 88 or (
        aligned is True and fuzz.partial_ratio(f1.masked, f2.masked) >= 90)


_LABEL = re.compile(r"[A-Za-zÄÖÜäöüß]{3,}")
_SEPARATOR = re.compile(r"[,;]|\b(?:und|sowie)\b")
# a duration an amount holds for ("für sechs Wochen", "über 3 Jahre")
_DURATION = re.compile(r"\b(?:für|über|von|auf)\s+(\d+|eine[nm]?|zwei|drei|vier|fünf|sechs|sieben|"
                       r"acht|neun|zehn|elf|zwölf)\s+(Tage|Wochen|Monate|Jahre)\b", re.I)
_CELLS = re.compile(r"\d,\d\d\s?€-")  # two table cells read as a range ("5.897,20 €- 8.266,42 €")
# a form's field label right before its value: words, then a colon (a currency sign may follow)
_FIELD = re.compile(r"([^\W\d_][^\W\d_/\- ]*(?:[/\- ]+[^\W\d_]+){0,4})\s*:\s*(?:€|EUR|Euro)?\s*$")
# an amount added to another ("weitere rd. 3 Millionen Euro", "zusätzlich 15.000 EUR")
_MORE = re.compile(r"\b(?:weitere[nrs]?|zusätzliche[nrs]?|zusätzlich)\b(?:\s+\S+){0,3}\s*$", re.I)
_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
# (not a budget unit's number: "THH 2000", Teilhaushalt 2000)
_YEAR = re.compile(r"(?<![\d.,/])(?<!THH )(?<!THH)((?:19|20)\d\d)(?![\d.,]\d)")


def _locate(s: str, surface: str | None, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    if surface:
        flat = " ".join(surface.split())
        i = _find_figure(s, flat)
        if i >= 0:
            return i, i + len(flat)
        digits = re.match(r"[€A-Za-z ]*([\d.,]+)", flat)
        if digits:
            for st, e in spans:
                if _find_figure(s[st:e], digits.group(1).rstrip(".,")) >= 0:
                    return st, e
    return spans[0] if spans else None


def _find_figure(s: str, flat: str) -> int:
    """Where ``flat`` stands in ``s`` as a whole figure (``5.000 €`` not inside ``25.000 €``
    or ``5.000,50 €``), or -1."""
    i = s.find(flat)
    while i >= 0:
        j = i + len(flat)
        glued_before = flat[:1].isdigit() and i and (
            s[i - 1].isdigit() or s[i - 1] in ".," and i >= 2 and s[i - 2].isdigit())
        glued_after = flat[-1:].isdigit() and j < len(s) and (
            s[j].isdigit() or s[j] in ".," and j + 1 < len(s) and s[j + 1].isdigit())
        if not (glued_before or glued_after):
            return i
        i = s.find(flat, i + 1)
    return -1


def _head(s: str, a: int, b: int, left, right, before=()) -> str | None:
    """The noun that says what the amount is: the nearest noun before it in its clause
    (``Budget von 57.000``), else the noun right after it (``57.000 EUR Sachkosten``), else
    the noun of the figure before it in the same clause (``für 2015 Mietzuschüsse von
    184.000 €, für 2016 von 284.000 €``: both are Mietzuschüsse)."""
    clause_start = _clause_start(s, a)
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
    # the same noun as the figure before: only after a short elliptic gap ("für 2016 von
    # etwa"), not after a new verb's clause ("… eingeplant und 0,5 Mio. € für die
    # Ausstattung") nor with a noun after the figure
    if len(left) > 4 or any(w.lower() in _NEW_PART for _, _, w in left) or any(
            _noun_like(s, st, w) for st, _, w in right):
        return None
    for st, e, w in reversed(before):
        if st < clause_start:
            break
        if _noun_like(s, st, w):
            return _stem(w)
    return None


_NEW_PART = frozenset(("und", "sowie", "oder", "aber", "zusätzlich", "dazu", "davon", "weitere",
                       "weiteren", "zahlt", "erhält"))


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
    decimals = len(m.group(1) or m.group(2) or "")
    return Decimal(scale) / Decimal(10**decimals) / 2


def agrees_with(d: DraftAmount, e) -> bool:
    """Whether a draft amount agrees with an earlier statement (check's ``Earlier``)."""
    if d.value_to is None and e.row["value_to"] is None and Decimal(d.value) == -Decimal(
            e.row["value"]):
        return True  # a sign convention, or "- 10.532,87" read without its minus
    return agree(d.value, d.value_to, d.text, d.facet.approx, e.row["value"], e.row["value_to"],
                 e.row["text"], e.facet.approx)


def agree(a_value: str, a_to: str | None, a_surface: str | None, a_approx: bool,
          b_value: str, b_to: str | None, b_surface: str | None, b_approx: bool) -> bool:
    """Whether two stated figures agree: equal, a single figure inside the other's range, or
    equal within the rounding of the coarser one (``rd. 1,32 Mio. €`` and ``1.321.755 EUR``).
    Two ranges agree only when both ends do: a range inside another is another estimate."""
    a, b = Decimal(a_value), Decimal(b_value)
    at, bt = _dec(a_to), _dec(b_to)
    if a == b and at == bt:
        return True
    if at is not None and bt is not None:
        tol = max(_precision(a_surface), _precision(b_surface))
        return abs(a - b) <= tol and abs(at - bt) <= tol
    if at is not None or bt is not None:
        lo, hi, x = (a, at, b) if at is not None else (b, bt, a)
        # a point inside an estimate ("250.000 – 300.000 EUR"); a span wider than half its
        # lower end, or one whose first figure a sign and a dash end ("5.897,20 €- 8.266,42 €":
        # a table's dashes), is no estimate but two table cells read as one range ("11.225,62
        # €-94.422,00 €"): the point agrees with one of them
        if 0 < lo and hi <= lo * Decimal("1.5") and not _CELLS.search(
                (a_surface if at is not None else b_surface) or ""):
            return lo <= x <= hi
        return x in (lo, hi)
    tol = max(_precision(a_surface), _precision(b_surface))
    if a_approx or b_approx:
        tol = max(tol, max(a, b) * Decimal("0.02"))
    else:  # "2 Mio" is not "2,4 Mio": unmarked rounding stays within 5 %
        tol = min(tol, max(a, b) * Decimal("0.05"))
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
    cites: set = field(default_factory=set)  # numbers cited in its sentence or the one before
    siblings: list = field(default_factory=list, repr=False)  # the other amounts of its sentence


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
    consultation_dates: list[str] = field(default_factory=list)
    date_source: str | None = None  # "text", "--date", "consultation", "past date" or None
    # the draft's references: (clean start, clean end, "series|number")
    refs: list[tuple[int, int, str]] = field(default_factory=list)
    # the councils whose papers it is compared with (None: every council; see check.scope)
    councils: tuple[str, ...] | None = None
    # the form fields (field_key) the earlier papers on the draft's project fill, each with
    # one figure in two or more of them: the project's own (check_form.project_fields)
    fields: frozenset = frozenset()


class CheckError(Exception):
    """The draft cannot be read (exit status 2)."""


def read_draft(path: str, profile: str | None = None) -> Draft:
    """Read and extract the draft; keep the clean text and where each fact stands in it."""
    from .extractors import make_context, registry
    from .paths import printable
    from .sources import SUFFIXES, ReadError, read_bytes, require_text

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
        doc = read_bytes(data, printable(p.name), printable(path), kind)  # grdrs.paths
        require_text(doc)  # a draft of blanks checks nothing: as ingest, an error
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
                        a.subject or "", a.span.text, a.span.page, a.span.start, a.span.end, cs, ce)
        d.facet = facet(d.subject, d.text)
        amounts.append(d)
    dates = []
    for d in ext.dates:
        cs, ce = where.get((d.span.page, d.span.start, d.span.end), (None, None))
        if cs is not None:
            dates.append((cs, ce, d.kind, d.from_, d.to, d.span))
    main_series = ctx.profile.main_series
    refs = []
    for r in ext.references:
        cs, ce = where.get((r.span.page, r.span.start, r.span.end), (None, None))
        if cs is not None:
            refs.append((cs, ce, f"{store.reference_series(r.kind, main_series)}|{r.number}"))
    cites = {f"{store.reference_series(r.kind, main_series)}|{r.number}"
             for r in ext.references}
    by_subject: dict[str, list[DraftAmount]] = {}
    for d in amounts:
        by_subject.setdefault(d.subject, []).append(d)
    for d in amounts:
        d.siblings = [a for a in by_subject[d.subject] if a is not d] if d.subject else []
    starts = [lo for lo, _ in ctx.sentences]
    for d in amounts:
        si = max(0, bisect_right(starts, d.cstart) - 1)
        lo = ctx.sentences[max(0, si - 1)][0] if ctx.sentences else 0
        hi = ctx.sentences[si][1] if ctx.sentences else len(ctx.text)
        d.cites = {number for cs, _ce, number in
                   ((cs, ce, key.split("|", 1)[1]) for cs, ce, key in refs) if lo <= cs < hi}
    consulted = sorted(c.date for c in ext.consultations if c.date)
    return Draft(printable(path), hashlib.sha256(data).hexdigest(), ext.council, main_series,
                 meta.number, meta.suffix, meta.series or main_series, meta.date, meta.title,
                 meta.department, p.stem, ctx.text, ctx.sentences, amounts, dates, cites,
                 consulted, "text" if meta.date else None, refs)


def _finding(d: DraftAmount | None = None, **kw) -> dict[str, Any]:
    out = {"verdict": None, "value": None, "value_to": None, "earlier_value": None,
           "earlier": None, "candidates": [], "figures": [], "page": None, "start": None,
           "end": None, "quote": None, "subject": None, "reason": None, "score": None, "why": None}
    if d is not None:
        out.update(value=d.value, value_to=d.value_to, page=d.page,
                   quote=" ".join(d.text.split()), subject=d.subject, start=d.start, end=d.end)
    out.update(kw)
    return out


def _fmt(v: str | None) -> str:
    if v is None:
        return "?"
    d = Decimal(v)
    whole, _, cents = f"{d:,.2f}".partition(".")
    whole = whole.replace(",", ".")
    return whole if cents == "00" else f"{whole},{cents}"
