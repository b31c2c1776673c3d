"""References to other papers: GRDrs numbers, Anträge, Anfragen, Niederschriften, Karlsruhe Vorlagen.

What it handles (council-papers.md §1, §8), all driven by the profile's ``[numbers]`` section:

* a series word, then a number: ``GRDrs 669/2021``, ``GRDRs``, ``GRDs``, ``GRDrs.``,
  ``GRDrs483/2023``, ``GR-Drucksache``, ``Drucksache Nr.``, ``Gemeinderatsdrucksache``,
  ``Beschlussvorlage 708/2022``, ``Vorlage 536/2011``, ``397/ 2022 Neufassung``; Karlsruhe
  ``Vorlage Nr.: 2023/0425``, ``Vorlagen-Nr. 2023/0425``, ``2023/0425/1``;
* lists after a (plural) series word: ``GRDrsn 1181/2017 2. Ergänzung, 1372/2017 …``; a bare
  number in a list takes its year from the next numbered neighbour, else from the previous one;
  a bare number with no numbered neighbour is dropped (its year is unknown);
* ranges in a list (``Nrn. 297 - 399/2019``): both ends take the year as above; a range of at
  most 100 numbers is expanded (every paper in it is cited, each with the range as its span);
  wider ranges yield their two ends only; a range without any year yields nothing;
* suffixes kept apart from the number (``1. Ergänzung``, ``Neufassung``, ``Ergänzung zur
  Neufassung``), also in front: ``2. Ergänzung zur GRDrs 1181/2017``;
* the cited title in quotes right after the number (``„…“``, ``"…"``, ``“…”``, ``»…«``),
  whitespace collapsed, whole across line and page breaks;
* a list's items may carry their own date or a bracket (``Anträge Nr. 283/2017 vom 06.10.2017,
  Nr. 10/2018``, ``Anträge Nrn. 12/2019 (CDU), 14/2019``); ``586/2005 mit Ergänzung`` cites the
  paper and its supplement;
* kinds: ``paper`` (the council's main series), ``antrag`` (``Antrag Nr. 112/2023``,
  ``Anträge Nrn.``, ``Haushaltsantrag``, ``CDU-Antrag``), ``anfrage`` (``Beantwortung zur Anfrage 23/2018``),
  ``niederschrift`` (``Niederschrift Nr. 66``, ``NNr. 272/HH``). Kinds never merge.

A bare ``N/YYYY`` without a series word is not a reference (Stuttgart). Karlsruhe's own shape
``YYYY/NNNN`` is distinctive enough to count bare where the profile's ``bare`` pattern says so
(sequence with a leading zero, below 1900, or with a ``/1`` version), never a year range such as
``2022/2023``. The paper's own number (from :func:`metadata.own_number`) is not a reference of
itself: mentions of exactly its kind, number and suffix are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Reference
from .firstchar import guarded

# The cited title in quotes after the number, also after the cited paper's date ("Antrag Nr.
# 9010/2023 vom 04.10.2023 „…“"); German quotes may nest one level („A – „B“ C“).
_TITLE = re.compile(
    r"[ \t]*(?:vom[ \t]+\d{1,2}\.[ \t]?\d{1,2}\.[ \t]?\d{2,4}[ \t]*)?[:,]?[ \t]*(?:\n[ \t]*)?"
    r"(?:„(?P<t1>(?:[^„“”\"]|„[^„“”\"]{1,200}[“”]){2,500}?)[“”\"]"
    r"|\"(?P<t2>[^\"„“”]{2,500}?)\""
    r"|“(?P<t3>[^“”„]{2,500}?)[”“]"
    r"|»(?P<t4>[^»«]{2,500}?)«)")
_SEPARATOR = r"(?P<sep>,|;|\bund\b|\bsowie\b|\bbzw\.|\boder\b|\bu\.|-|–|\bbis\b)"
_RANGE_SEPS = {"-", "–", "bis"}
_NR = r"(?:[ \t]*-?[ \t]*(?:Nrn?\.|Nrn?(?![\w])|Nummern?(?![\w])))?[ \t]*:?[ \t]*(?:\n[ \t]*)?"  # "Nr.180/2002"
_VOM = r"(?:[ \t]+vom[ \t]+\d{1,2}[./]\d{1,2}[./]\d{2,4}[ \t]*\n?[ \t]*(?=Nr))?"
# Between two items of a list: the first one's date and a parenthesis ("Anträge Nr. 283/2017 vom
# 06.10.2017, Nr. 10/2018", "Anträge Nrn. 12/2019 (CDU), 14/2019 und 15/2019")
_BETWEEN = (r"(?:[ \t]+(?:vom|v\.)[ \t]+\d{1,2}\.[ \t]?\d{1,2}\.[ \t]?\d{2,4})?"
            r"(?:[ \t]*\([^()\n]{1,60}\))?")
# "GRDrs 12/2020 und 1. Ergänzung": the "1" is the supplement's ordinal, not a list item
_ORDINAL = re.compile(r"\.[ \t]?Ergänzung")
# "Drucksache: 586/2005 mit Ergänzung", "942/2005 und Ergänzung": the paper and its supplement
_WITH_SUPPLEMENT = re.compile(r"[ \t]+(?:mit|und|sowie)[ \t]+(?:der[ \t]+)?(?P<suf>(?:\d\.[ \t]?)?Ergänzung)"
                              r"(?=[ \t]*(?:$|\n|vom\b|[),.;]))")
# A field label glued to the previous cell ("VerhandlungDrucksache:\n586/2005"): lower case, upper
# case, and the label's colon
_LABEL_END = re.compile(r"[ \t]*:")
# A party's abbreviation before a hyphen makes no compound of an Antrag: "CDU-Antrag Nr. 287/2019"
# (but "BT-Drucksache 19/2021" stays the Bundestag's)
_PARTY_HYPHEN = re.compile(r"(?<![\w-])(?=[A-ZÄÖÜ]\w*[A-ZÄÖÜ])[A-ZÄÖÜa-zäöü]{2,6}-$")
# After a bare list number: something that ends or continues a list, never a word or a unit.
_BARE_OK = re.compile(r"(?=[ \t]*(?:[,;.)\]]|\n|$|und\b|sowie\b|bzw\.|oder\b|u\.|[-–]|bis\b|[„\"“»]))")
_GROUP = re.compile(r"\(\?P<(\w+)>")
_MAX_RANGE = 100
# Groups of a number pattern: n sequence, y year, p prefix, v version; r a number read whole
# (a shape whose parts do not fit ``format``, such as the ALLRIS "VO/2011/0368").
_NUMBER_GROUPS = ("n", "y", "p", "v", "r")


@dataclass(frozen=True)
class _Rules:
    heads: tuple[tuple[str, re.Pattern, bool], ...]  # (kind, regex, lists allowed)
    cont: re.Pattern | None
    suffix: re.Pattern | None
    bare: re.Pattern | None
    fmt: str
    strip_zeros: bool


def _rename(pattern: str, prefix: str) -> str:
    return _GROUP.sub(lambda m: f"(?P<{prefix}{m.group(1)}>", pattern)


@cache
def rules(profile) -> _Rules:
    """Compiled patterns of a profile (once per profile)."""
    get = profile.get
    number = get("numbers.number", r"(?<![\d/.,])(?P<n>\d{1,4})/(?P<y>(?:19|20)\d{2})(?![\d/])")
    item = get("numbers.list_item", "") or ""
    suffixes = get("numbers.suffixes", []) or []
    suf = "|".join(f"(?:{s})" for s in suffixes)
    alts = f"(?:{number})" + (f"|(?:{_rename(item, 'b_')})" if item else "")
    heads = []
    for kind, words in (get("numbers.kinds", {}) or {}).items():
        own = (get("numbers.kind_number", {}) or {}).get(kind)
        pre = f"(?:(?P<pre>{suf})[ \\t]+(?:zur|zum|der|des)[ \\t]+)?" if suf else ""
        word = "|".join(f"(?:{w})" for w in words)
        num = f"(?:{own})" if own else f"(?:{alts})"
        # No look-behind before the word here (it would make the engine try every position,
        # five times slower): _heads() checks that the word does not continue another word.
        # Words that start with an optional group ("(?:Beschluss-)?[Vv]orlage") leave the
        # engine no literal to skip to: guarded() puts their possible first characters first.
        rx = re.compile(guarded(f"{pre}(?P<word>{word}){_VOM}{_NR}{num}"))
        heads.append((kind, rx, own is None))
    cont = re.compile(f"{_BETWEEN}[ \\t]*{_SEPARATOR}[ \\t]*(?:\\n[ \\t]*)?(?:Nrn?\\.[ \\t]*)?(?:{alts})")
    suffix = re.compile(f"[ \\t]*,?[ \\t]*(?:\\n[ \\t]*)?\\(?(?P<suf>{suf})\\b\\)?") if suf else None
    bare = get("numbers.bare", "") or ""
    return _Rules(tuple(heads), cont, suffix, re.compile(guarded(bare)) if bare else None,
                  get("numbers.format", "{n}/{y}"), bool(get("numbers.strip_zeros", False)))


def _norm_suffix(s: str | None) -> str | None:
    if not s:
        return None
    s = " ".join(s.split())
    return re.sub(r"^(\d)\.(?=\S)", r"\1. ", s)


@dataclass
class _Item:
    start: int
    end: int
    groups: dict
    bare: bool
    suffix: str | None = None
    title: str | None = None
    sep: str | None = None
    nstart: int | None = None


def _groups(m: re.Match) -> tuple[dict, bool]:
    d = m.groupdict()
    if d.get("n") is not None:
        return {k: v for k, v in d.items() if k in _NUMBER_GROUPS}, False
    if d.get("r") is not None:
        return {"r": d["r"]}, False
    return {k[2:]: v for k, v in d.items() if k.startswith("b_")}, True


def _format(r: _Rules, g: dict, year: str | None = None) -> str | None:
    if g.get("r"):  # a number captured whole ("VO/2011/0368"): as printed, spaces dropped
        return re.sub(r"\s+", "", g["r"])
    vals = {k: (v or "") for k, v in g.items()}
    if year is not None:
        vals["y"] = year
    if "{y}" in r.fmt and not vals.get("y"):
        return None
    if r.strip_zeros and vals.get("n", "").isdigit():
        vals["n"] = str(int(vals["n"]))
    return r.fmt.format_map(_Blank(vals))


class _Blank(dict):
    """Format values; a group the pattern lacks formats as empty."""

    def __missing__(self, key: str) -> str:
        return ""


def _is_year_range(g: dict) -> bool:
    n, y = g.get("n") or "", g.get("y") or ""
    if not (n.isdigit() and y.isdigit()):
        return False
    a, b = int(n), int(y)
    if len(n) == 4 and len(y) == 4 and a >= 1900 and b >= 1900:
        return b - a in (0, 1) or a - b in (0, 1)
    return False


def _finish(text: str, pos: int, r: _Rules, item: _Item) -> int:
    """Read an item's suffix and cited title after ``pos``; return the new position."""
    if r.suffix is not None:
        sm = r.suffix.match(text, pos)
        if sm:
            item.suffix = _norm_suffix(sm.group("suf"))
            item.end = pos = sm.end()
            if text[pos - 1] == ")" and "(" not in text[item.start:pos]:
                item.end = pos = pos - 1
    tm = _TITLE.match(text, pos)
    if tm:
        title = next(t for t in tm.group("t1", "t2", "t3", "t4") if t is not None)
        if "\n\n" not in title:
            item.title = " ".join(title.split())
            pos = tm.end()
    return pos


def _heads(rx: re.Pattern, text: str, party: bool = False):
    """``rx.finditer(text)`` as if the word carried the look-behind ``(?<![\\w-])``: a match
    whose word follows a letter, digit or hyphen is dropped and the search resumes one
    character after its start, exactly where the look-behind would have let the engine go on.
    Two exceptions: a party's abbreviation before an Antrag's hyphen (``party``: "CDU-Antrag")
    and a field label glued to the previous cell ("VerhandlungDrucksache:")."""
    pos, n = 0, len(text)
    while pos <= n:
        m = rx.search(text, pos)
        if m is None:
            return
        w = m.start("word")
        if w > 0 and (text[w - 1].isalnum() or text[w - 1] in "_-") and not (
                party and text[w - 1] == "-" and _PARTY_HYPHEN.search(text, max(0, w - 8), w)) and not (
                text[w - 1].islower() and text[w].isupper() and _LABEL_END.match(text, m.end("word"))):
            pos = m.start() + 1
            continue
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1


def _mentions(text: str, r: _Rules):
    """Candidate mentions: (start, end, kind, number, suffix, title)."""
    out = []
    for kind, rx, lists in r.heads:
        for m in _heads(rx, text, kind in ("antrag", "anfrage")):
            if kind not in ("paper", "antrag", "anfrage") or not lists:
                g = {k: v for k, v in m.groupdict().items() if k in _NUMBER_GROUPS}
                item = _Item(m.start("word"), m.end(), g, False)
                _finish(text, m.end(), r, item)
                num = g.get("n") if not lists else _format(r, g)
                if num:
                    out.append((item.start, item.end, kind, num, item.suffix, item.title,
                                _item_start(m)))
                continue
            g, bare = _groups(m)
            if bare and not _BARE_OK.match(text, m.end()):
                continue
            first = _Item(m.start("word"), m.end(), g, bare)
            first.nstart = _item_start(m)
            pre = _norm_suffix(m.group("pre")) if "pre" in m.re.groupindex else None
            pos = _finish(text, m.end(), r, first)
            if pre and first.suffix is None:
                first.suffix = pre
            items = [first]
            while r.cont is not None:
                cm = r.cont.match(text, pos)
                if not cm:
                    break
                g, bare = _groups(cm)
                if bare and (not _BARE_OK.match(text, cm.end()) or _ORDINAL.match(text, cm.end())):
                    break
                it = _Item(_item_start(cm), cm.end(), g, bare, sep=cm.group("sep"))
                pos = _finish(text, cm.end(), r, it)
                items.append(it)
            found = _resolve(items, kind, r, text)
            out.extend(found)
            if kind == "paper" and found and found[-1][4] is None:
                sup = _WITH_SUPPLEMENT.match(text, found[-1][1])
                if sup:  # "586/2005 mit Ergänzung": the supplement is cited too
                    out.append((found[-1][0], sup.end(), kind, found[-1][3],
                                _norm_suffix(sup.group("suf")), None, sup.start("suf")))
    if r.bare is not None:
        for m in r.bare.finditer(text):
            g = {k: v for k, v in m.groupdict().items() if k in _NUMBER_GROUPS}
            if _is_year_range(g):
                continue
            item = _Item(_item_start(m), m.end(), g, False)
            _finish(text, m.end(), r, item)
            num = _format(r, g)
            if num:
                out.append((item.start, item.end, "paper", num, item.suffix, item.title,
                            _item_start(m)))
    return out


def _item_start(m: re.Match) -> int:
    """Where the number itself begins (after the series word, separator, "Nr.")."""
    starts = [m.start(k) for k in m.re.groupindex
              if k.removeprefix("b_") in _NUMBER_GROUPS and m.group(k) is not None]
    return min(starts) if starts else m.start()


def _resolve(items: list[_Item], kind: str, r: _Rules, text: str):
    """Give bare items their year, expand ranges, drop what cannot be numbered."""
    years = [None if it.bare else it.groups.get("y") for it in items]
    out = []
    numbers: list[str | None] = []
    for i, it in enumerate(items):
        year = years[i]
        if it.bare:
            n = it.groups.get("n") or ""
            if n.isdigit() and 1900 <= int(n) <= 2099:
                numbers.append(None)
                continue
            year = next((y for y in years[i + 1:] if y), None) or next(
                (y for y in reversed(years[:i]) if y), None)
            if year is None:
                numbers.append(None)
                continue
        elif _is_year_range(it.groups):
            numbers.append(None)
            continue
        num = _format(r, it.groups, year if it.bare else None)
        numbers.append(num)
        if num is None:
            continue
        out.append((it.start, it.end, kind, num, it.suffix, it.title,
                    it.start if it.nstart is None else it.nstart))
        if it.sep in _RANGE_SEPS and i > 0 and numbers[i - 1]:
            lo_it = items[i - 1]
            a, b = _seq(lo_it.groups), _seq(it.groups)
            ya = years[i - 1] or year
            if a is not None and b is not None and ya == (year or ya) and 1 < b - a <= _MAX_RANGE:
                for n in range(a + 1, b):
                    g = dict(it.groups, n=str(n))
                    mid = _format(r, g, year)
                    if mid:
                        out.append((lo_it.start, it.end, kind, mid, None, None, None))
    return out


def _seq(g: dict) -> int | None:
    n = g.get("n") or ""
    return int(n) if n.isdigit() else None


def _own_key(ctx):
    return ctx.own_key


def extract(ctx) -> list[Reference]:
    text = ctx.text
    r = rules(ctx.profile)
    own = _own_key(ctx)
    series = ctx.profile.main_series
    refs: list[Reference] = []
    seen: set[int] = set()  # a number read by two patterns (series word, bare) counts once
    for start, end, kind, number, suffix, title, nstart in _mentions(text, r):
        if nstart is not None:
            if nstart in seen:
                continue
            seen.add(nstart)
        if own is not None and (number, suffix) == own[1:] and (
                kind == own[0] or {kind, own[0]} == {"antrag", "anfrage"}):
            continue  # Anträge and Anfragen share one numbering ("Antrag und Anfrage Nr. 264/2002")
        refs.append(Reference(kind, number, suffix, title, ctx.span(start, end),
                              series if kind == "paper" else None))
    refs.sort(key=lambda x: (x.span.page, x.span.start))
    return refs
