"""Profiles learned from data: a council's OParl objects, or a folder of its papers.

From OParl (:func:`from_oparl`): the shapes of the Papers' ``reference`` values give the number
pattern (sequence/year or year/sequence, digits, zero padding, series prefixes such as ``AN/``,
versions ``/1``, suffixes such as ``1. Ergänzung``); the Organizations' ``name``/``shortName``
give committees and abbreviations; the ``paperType`` values give document types and series
words; the Body's name gives the detection patterns and the council's slug.

From papers alone (:func:`from_texts`): numbers that stand where councils put paper numbers
(after a series word, alone on a line under an agenda item, with a series prefix) are counted
by shape; shapes seen often enough are proposed.

Both return profile data on top of the generic profile (``generic.toml``): what is not learned
stays generic. The data is written as a TOML file (:func:`grdrs.profiles.dumps`) for the user to
check and pass back with ``--profile FILE``.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field

from .slug import MUNICIPALITY, slug
from typing import Any, Iterable

# --- number shapes ----------------------------------------------------------------------------

_YEAR = r"(?:19|20)\d{2}"
_REF = re.compile(r"^(?P<p>[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{0,5}(?:[ \t]?/|[ \t]|-)?)?(?P<a>\d{1,6})"
                  r"(?:[ \t]?(?P<sep>[/-])[ \t]?(?P<b>\d{1,6}))?(?P<v>(?:/\d{1,2}){0,2})"
                  r"(?P<rest>.*)$", re.S)


@dataclass
class Shape:
    """How one council writes numbers of one kind: the counts behind a number pattern."""

    order: str  # "ny" sequence/year, "yn" year/sequence, "n" a plain sequence
    sep: str = "/"
    count: int = 0
    lengths: Counter = field(default_factory=Counter)
    padded: int = 0  # sequences written with a leading zero
    versions: int = 0
    prefixes: Counter = field(default_factory=Counter)
    examples: list = field(default_factory=list)


def parse_reference(ref: str, year: int | None = None) -> tuple[str, dict] | None:
    """(order, parts) of a reference value, or None for shapes no pattern is made of.
    ``year`` (the paper's date) tells which of two four-digit parts is the year."""
    m = _REF.match(" ".join(ref.split()))
    if not m:
        return None
    a, b = m["a"], m["b"]
    parts = {"p": m["p"] or "", "sep": m["sep"] or "/", "v": m["v"] or "",
             "rest": (m["rest"] or "").strip()}
    if b is None:
        if parts["rest"] and not parts["rest"][0].isalpha():
            return None
        return "n", dict(parts, n=a)
    ya, yb = bool(re.fullmatch(_YEAR, a)), bool(re.fullmatch(_YEAR, b))
    if ya and yb and year is not None:
        ya, yb = abs(int(a) - year) < abs(int(b) - year), abs(int(b) - year) <= abs(int(a) - year)
    if yb and not (ya and len(b) != 4):
        return "ny", dict(parts, n=a, y=b)
    if ya:
        return "yn", dict(parts, n=b, y=a)
    return None


def count_shapes(refs: Iterable[tuple[str, int | None]]) -> tuple[dict[str, Shape], Counter]:
    """Shapes of (reference, year) pairs and the suffixes after them ("1. Ergänzung")."""
    shapes: dict[str, Shape] = {}
    suffixes: Counter = Counter()
    for ref, year in refs:
        parsed = parse_reference(ref, year)
        if parsed is None:
            continue
        order, parts = parsed
        sh = shapes.setdefault(order, Shape(order, parts["sep"]))
        sh.count += 1
        n = parts["n"]
        sh.lengths[len(n)] += 1
        sh.padded += n.startswith("0") and len(n) > 1
        sh.versions += bool(parts["v"])
        if parts["p"]:
            sh.prefixes[parts["p"]] += 1
        if len(sh.examples) < 5 and ref not in sh.examples:
            sh.examples.append(ref)
        if parts["rest"]:
            suffixes[re.sub(r"\d+", r"\\d", re.escape(parts["rest"]).replace("\\ ", "[ \\t]?"))] += 1
    return shapes, suffixes


def _seq(sh: Shape) -> str:
    """The sequence part of a shape: fixed width if the council pads with zeros, else without a
    leading zero (a padded number is then no paper number: "09/2022" is a month)."""
    lo, hi = min(sh.lengths), max(sh.lengths)
    if sh.padded and lo == hi:
        return rf"\d{{{lo}}}"
    if sh.padded:
        return rf"\d{{{lo},{hi}}}"
    return rf"[1-9]\d{{{max(lo - 1, 0)},{hi - 1}}}" if hi > 1 else r"[1-9]"


def _prefix_alt(prefixes: Iterable[str]) -> str:
    return "|".join(re.escape(p).replace("\\ ", "[ \\t]") for p in
                    sorted(prefixes, key=lambda p: (-len(p), p)))


def number_rules(shapes: dict[str, Shape], *, min_share: float = 0.01,
                 min_count: int = 3, suffixes: Iterable[str] = ()) -> dict[str, Any] | None:
    """The ``[numbers]`` keys for the council's main shape (``None`` if no shape is usable):
    ``number`` (after series words), ``bare`` (prefixed numbers anywhere, any number of the
    shape alone on its line), ``format``. Prefixes seen in fewer than ``min_share`` of the
    references (and fewer than ``min_count``) are left out. A number alone on its line may be
    followed by one of ``suffixes`` ("30/2007 1. Ergänzung") or a remark in brackets."""
    usable = {k: s for k, s in shapes.items() if k in ("ny", "yn")}
    if not usable:
        return None
    main = max(usable.values(), key=lambda s: s.count)
    total = sum(s.count for s in shapes.values())
    pre = [p for p, c in main.prefixes.items() if c >= min_count and c >= min_share * total]
    seq, sep = _seq(main), re.escape(main.sep)
    ver = r"(?P<v>(?:/\d{1,2}){0,2})" if main.versions else r"(?P<v>)"
    pgroup = f"(?P<p>{_prefix_alt(pre)})" if pre else "(?P<p>)"
    if main.order == "ny":
        core = rf"(?P<n>{seq})[ \t]?{sep}[ \t]?(?P<y>{_YEAR}){ver}"
        fmt = "{p}{n}" + main.sep + "{y}{v}"
    else:
        core = rf"(?P<y>{_YEAR}){sep}(?P<n>{seq}){ver}"
        fmt = "{p}{y}" + main.sep + "{n}{v}"
    end = r"(?![\d/]|[.,]\d)"
    number = rf"(?<![\w/.,]){pgroup}{'?' if pre else ''}{core}{end}"
    line = r"(?:\A|(?<=\n)|(?<=\n[ \t])|(?<=\n[ \t]{2}))"
    suf = "|".join(f"(?:{x})" for x in suffixes)
    suf = rf"(?:(?:{suf})[ \t]*)?" if suf else ""
    eol = rf"(?=[ \t]*{suf}(?:\([^()\n]{{1,40}}\)[ \t]*)?(?:\n|\Z))"  # alone, or "(remark)"
    if pre:
        # a prefixed number anywhere; one without its prefix only alone on its line
        bare = (rf"(?:(?<![\w/.,]){pgroup}|{line})"
                rf"{core}{end}(?(p)|{eol})")
    else:
        bare = rf"{line}{pgroup}{core}{end}{eol}"
    return {"number": number, "format": fmt, "bare": bare, "strip_zeros": False, "list_item": ""}


def describe(shapes: dict[str, Shape]) -> list[str]:
    """One line per shape, for the profile file's header and ``profile learn``'s report."""
    out = []
    names = {"ny": "sequence/year", "yn": "year/sequence", "n": "plain sequence"}
    for sh in sorted(shapes.values(), key=lambda s: -s.count):
        lens = ",".join(str(k) for k in sorted(sh.lengths))
        pre = ", ".join(f"{p} ×{c}" for p, c in sh.prefixes.most_common(6))
        out.append(f"{names[sh.order]}: {sh.count} (digits {lens}"
                   + (", zero-padded" if sh.padded else "") + (f", versions {sh.versions}" if sh.versions else "")
                   + (f"; prefixes {pre}" if pre else "") + f"), e.g. {', '.join(sh.examples[:3])}")
    return out


# --- profiles ---------------------------------------------------------------------------------

def _generic() -> dict[str, Any]:
    from . import load

    data = copy.deepcopy(load("generic").data)
    data.pop("generic", None)
    return data


def _series_word(name: str) -> str | None:
    """A paper type as a series word ("Beschlussvorlage" → ``Beschlussvorlagen?``)."""
    name = " ".join(name.split())
    if not name or len(name) > 40 or not re.fullmatch(r"[A-ZÄÖÜ][\wäöüß-]+(?: [\wäöüß-]+)?", name):
        return None
    word = re.escape(name).replace("\\ ", "[ \\t]+")
    return word + ("n?" if name.endswith("e") else "")


_COMMITTEE_TYPES = re.compile(r"gremi|ausschuss|rat\b|beirat|kommission|vertretung|versammlung",
                              re.IGNORECASE)
_NOT_COMMITTEE = re.compile(r"fraktion|partei|gruppe|dienststelle|verwaltung|amt\b|dezernat|"
                            r"referat|fachbereich|abteilung", re.IGNORECASE)
_COMMITTEE_NAME = re.compile(r"ausschu(?:ss|ß)|rat\b|rates?\b|beirat|kommission|vertretung|"
                             r"versammlung|konferenz|kreistag|gremium", re.IGNORECASE)


def committees(organizations: Iterable[dict], used: set[str] = frozenset()) -> list[dict]:
    """``[[committees]]`` entries of the bodies among the Organizations: typed as a committee
    (organizationType/classification), or named like one, or holding meetings/consultations
    (``used`` ids); never a Fraktion, Partei or office."""
    out, seen = [], set()
    for o in organizations:
        if not isinstance(o, dict):
            continue
        name = " ".join(str(o.get("name") or "").split())
        if not name or name in seen:
            continue
        kind = " ".join(str(o.get(k) or "") for k in ("organizationType", "classification"))
        if _NOT_COMMITTEE.search(kind) or _NOT_COMMITTEE.search(name) and not _COMMITTEE_NAME.search(name):
            continue
        if not (_COMMITTEE_TYPES.search(kind) or _COMMITTEE_NAME.search(name) or o.get("id") in used):
            continue
        seen.add(name)
        entry: dict[str, Any] = {"name": name}
        short = " ".join(str(o.get("shortName") or "").split())
        if short and short != name:
            if " " not in short and len(short) <= 12 and any(c.isupper() for c in short):
                entry["abbreviations"] = [short]
            else:
                entry["variants"] = [short]
        if o.get("id"):
            entry["oparl"] = str(o["id"])
        out.append(entry)
    return out


def _year(date: Any) -> int | None:
    m = re.match(r"((?:19|20)\d\d)", str(date or ""))
    return int(m[1]) if m else None


def from_oparl(body: dict | None, organizations: Iterable[dict], papers: Iterable[dict],
               meetings: Iterable[dict] = ()) -> tuple[dict[str, Any], list[str]]:
    """(profile data, report lines) learned from a council's OParl objects."""
    body = body or {}
    papers = [p for p in papers if isinstance(p, dict)]
    organizations = [o for o in organizations if isinstance(o, dict)]
    name = " ".join(str(body.get("name") or body.get("shortName") or "").split())
    data = _generic()
    council = slug(name, strip_kind=True) if name else "oparl"
    data = {"council": council, **{k: v for k, v in data.items() if k != "council"}}
    report = [f"learned from the OParl data of {name or 'an unnamed body'}: "
              f"{len(papers)} papers, {len(organizations)} organizations"]
    # detection: the body's name and place
    pats = []
    for text in (name, body.get("shortName"), MUNICIPALITY.sub("", name) if name else None,
                 (body.get("location") or {}).get("locality") if isinstance(body.get("location"), dict) else None):
        text = " ".join(str(text or "").split())
        if len(text) >= 4 and re.escape(text) not in pats:
            pats.append(re.escape(text))
    data["detect"] = {"patterns": pats}
    # numbers
    shapes, suffixes = count_shapes((str(p.get("reference") or ""), _year(p.get("date")))
                                    for p in papers if p.get("reference"))
    n = sum(s.count for s in shapes.values())
    keep = [s for s, c in suffixes.most_common(8) if c >= 3 and c >= 0.005 * n]
    rules = number_rules(shapes, suffixes=keep)
    report += ["numbers: " + line for line in describe(shapes)]
    if rules:
        data["numbers"].update(rules)
        data["numbers"]["suffixes"] = keep
        # headers printed as flattened tables put other fields between the label and the own
        # number ("Vorlage Nr.: ⏎ Verantwortlich: ⏎ 2018/0299"): with the council's own shape
        # known, the first such number after the label counts
        data["paper"]["own"] = data["paper"]["own"] + [{
            "series": data["numbers"]["main_series"], "within": 1500,
            "pattern": r"(?:Vorlagen?|Drucksachen?)[ \t]*(?:-?[ \t]*(?:Nrn?\.?|Nummer)[ \t]*:?|[.:])"
                       r"[\s\S]{0,300}?{number}"}]
        if keep:
            report.append("suffixes: " + ", ".join(f"{s} ×{suffixes[s]}" for s in keep))
    else:
        report.append("numbers: no sequence/year shape among the references; generic rules kept")
    # paper types → types and series words
    types = Counter(" ".join(str(p.get("paperType") or "").split()) for p in papers)
    types.pop("", None)
    words = data["numbers"]["kinds"]["paper"]
    new_types = []
    for t, c in types.most_common():
        w = _series_word(t)
        if w and w not in words:
            words.append(w)
        esc = re.escape(t).replace("\\ ", "[ \\t]+")
        new_types.append({"type": t, "pattern": r"(?m)^[ \t]*" + esc + r"\b"})
    if new_types:
        generic_types = [t for t in data.get("types", []) if t["type"] not in types]
        data["types"] = [t for t in generic_types if t.get("series") == "niederschrift"] + new_types + \
            [t for t in generic_types if t.get("series") != "niederschrift"]
        report.append("paper types: " + ", ".join(f"{t} ×{c}" for t, c in types.most_common()))
    # committees
    used = set()
    for m in meetings:
        if isinstance(m, dict):
            used.update(str(o) for o in (m.get("organization") or []) if isinstance(o, str))
    for p in papers:
        for c in p.get("consultation") or []:
            if isinstance(c, dict):
                used.update(str(o) for o in (c.get("organization") or []) if isinstance(o, str))
    comm = committees(organizations, used)
    if comm:
        data["committees"] = comm
    report.append(f"committees: {len(comm)} of {len(organizations)} organizations"
                  + (" (" + ", ".join(c['name'] for c in comm[:8]) + (", …" if len(comm) > 8 else "") + ")"
                     if comm else ""))
    data["learned"] = {"source": "oparl", "papers": len(papers), "organizations": len(organizations)}
    return data, report


# Where papers print numbers without OParl to tell: after a series word, alone on a line, or
# with a series prefix. Candidates are counted by shape.
_CAND_NUM = r"(?P<p>[A-Z]{1,4}/)?(?P<a>\d{1,6})/(?P<b>\d{4})(?P<v>(?:/\d{1,2})?)(?![\d/]|[.,]\d)"
_CAND_WORD = re.compile(
    r"(?<![\w-])(?:[A-ZÄÖÜ][a-zäöüß]*)?(?:[Vv]orlage|[Dd]rucksache|Antrag|Anfrage|Mitteilung|DS)"
    r"[a-zäöüß]*\.?(?:[ \t]*-?[ \t]*(?:Nr\.?|Nummer))?[ \t]*:?[ \t]*\n?[ \t]*" + _CAND_NUM)
_CAND_LINE = re.compile(r"(?m)^[ \t]*" + _CAND_NUM + r"[ \t]*$")
_CAND_PREFIX = re.compile(r"(?<![\w/.,])(?P<p>[A-Z]{2,4}/)(?P<a>\d{1,6})/(?P<b>\d{4})(?P<v>(?:/\d{1,2})?)(?![\d/])")


def text_candidates(text: str) -> Iterable[str]:
    """Numbers in reference positions of one paper's text, as printed."""
    seen = set()
    for rx in (_CAND_WORD, _CAND_LINE, _CAND_PREFIX):
        for m in rx.finditer(text):
            if m.start("a") in seen:
                continue
            seen.add(m.start("a"))
            a, b = m["a"], m["b"]
            if re.fullmatch(_YEAR, a) and re.fullmatch(_YEAR, b) and abs(int(a) - int(b)) <= 1:
                continue  # a year pair
            yield (m["p"] or "") + a + "/" + b + (m["v"] or "")


# Committee names as minutes and papers print them: a compound ending in -ausschuss
# ("Stadtentwicklungsausschuss", "Haupt- und Finanzausschuss"), "Ausschuss [für] A[, B] und C"
# ("Ausschuss Umwelt und Grün", "Ausschuss für Soziales, Seniorinnen und Senioren"),
# "Bezirksvertretung X", and "Rat der Stadt" (the council itself, "Rat").
_WORD = r"[A-ZÄÖÜ][a-zäöüß]+"
_TEXT_COMMITTEE = re.compile(
    rf"(?<![\w-])(?:(?P<compound>(?:{_WORD}-\s*(?:und|u\.)\s+)?{_WORD}ausschuss)(?:es)?"
    rf"|(?P<of>Ausschuss(?:\s+für)?\s+(?:[Öö]ffentliche\s+)?{_WORD}"
    rf"(?:(?:,\s*|\s+und\s+){_WORD}){{0,3}})"
    rf"|(?P<district>Bezirksvertretung\s+{_WORD}(?:-{_WORD})?)"
    r"|(?P<rat>Rat(?:es)?[ \t]+der[ \t]+Stadt))(?![\w-])")
# compounds naming no one committee (a kind of committee, another level's)
_NOT_A_COMMITTEE = {"Fachausschuss", "Unterausschuss", "Sonderausschuss", "Ausschuss",
                    "Bundesausschuss", "Vermittlungsausschuss", "Landesausschuss",
                    "Kreisausschuss", "Beratungsausschuss"}


def text_committees(texts: Iterable[tuple[str, str]], min_count: int = 3,
                    min_files: int = 2) -> list[tuple[str, int, int]]:
    """(name, times, files) of the committee names the texts print (:data:`_TEXT_COMMITTEE`)
    at least ``min_count`` times in at least ``min_files`` files, most printed first."""
    times: Counter = Counter()
    files: Counter = Counter()
    for _, text in texts:
        here = set()
        for m in _TEXT_COMMITTEE.finditer(text):
            name = "Rat" if m["rat"] else " ".join((m["compound"] or m["of"]
                                                    or m["district"]).split())
            if m["of"]:
                # "Ausschuss für Umwelt und Grün hat …": the name ends before a verb or article
                name = re.sub(r"[ \t]+und[ \t]+(?:Die|Der|Das|Dem|Den)$", "", name)
            if name in _NOT_A_COMMITTEE:
                continue
            times[name] += 1
            here.add(name)
        files.update(here)
    return sorted(((n, c, files[n]) for n, c in times.items()
                   if c >= min_count and files[n] >= min_files), key=lambda x: (-x[1], x[0]))


def from_texts(texts: Iterable[tuple[str, str]], *, min_count: int = 3,
               council: str = "council") -> tuple[dict[str, Any], list[str], dict[str, Shape]]:
    """(profile data, report lines, shapes) proposed from (name, text) pairs of one council's
    papers: the shapes of numbers in reference positions seen at least ``min_count`` times."""
    refs = []
    files = 0
    texts = list(texts)
    for _, text in texts:
        files += 1
        refs += [(r, None) for r in text_candidates(text)]
    shapes, _ = count_shapes(refs)
    shapes = {k: s for k, s in shapes.items() if s.count >= min_count}
    for s in shapes.values():  # prefixes seen fewer than min_count times are not proposed
        s.prefixes = Counter({p: c for p, c in s.prefixes.items() if c >= min_count})
    data = _generic()
    data = {"council": slug(council, strip_kind=True), **{k: v for k, v in data.items() if k != "council"}}
    report = [f"{len(refs)} numbers in reference positions of {files} files"]
    report += ["numbers: " + line for line in describe(shapes)] or ["numbers: none seen often enough"]
    rules = number_rules(shapes, min_share=0.0, min_count=min_count)
    if rules:
        data["numbers"].update(rules)
    else:
        report.append("no shape seen often enough: the generic number rules are kept")
    # detection: the council's name as given, where most papers print it near their top
    words = str(council).split()
    pattern = r"\s+".join(map(re.escape, words))
    near_top = sum(1 for _, text in texts if pattern and re.search(pattern, text[:6000]))
    if words and near_top >= max(1, (files + 1) // 2):
        data["detect"] = {"patterns": [pattern]}
        report.append(f"detect: {' '.join(words)!r} near the top of {near_top} of {files} files: "
                      "papers printing it are read with this profile")
    else:
        report.append(f"detect: none ({' '.join(words)!r} near the top of {near_top} of {files} "
                      "files): give --profile FILE to each command")
    found = text_committees(texts, min_count=min_count)
    if found:
        data["committees"] = [{"name": n} for n, _, _ in found]
        report.append(f"committees: {len(found)} names printed at least {min_count} times in "
                      "two or more files, e.g. " + ", ".join(f"{n} ×{c}" for n, c, _ in found[:5]))
    else:
        report.append("committees: none printed often enough")
    data["learned"] = {"source": "texts", "files": files, "numbers": len(refs)}
    return data, report, shapes
