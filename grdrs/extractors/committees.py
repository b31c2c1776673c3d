"""Committees and bodies a paper names, with the profile's canonical names.

Handles, from the profile's ``[[committees]]`` table (name, abbreviations, variants = other
spellings and former names):

* full names in any whitespace and line breaks (``Sozial- und\\nGesundheitsausschuss``),
  old spelling (``Ausschuß`` → ``Ausschuss``), case (``GEMEINDERATES``) and the genitive
  (``des Gemeinderats``, ``des Ausschusses für Umwelt und Technik``, ``Ortschaftsrates``);
* former names and variants (Karlsruhe ``Hauptausschuss`` → ``Haupt- und Finanzausschuss``);
* abbreviations (``VA``, ``SGA``, ``JHA``) as case-sensitive whole tokens; two-letter ones only
  in a protocol or after an article or preposition (``im VA``, ``Bewerberauswahl für GR``);
* spelling slips and broken words (``Verwaltungsauschuss``, ``Ausschuss für öffentliche Ein-
  richtungen``) by fuzzy matching (rapidfuzz) of committee-like phrases against the names.

Not a mention: compounds (``Gemeinderatsbeschluss``, ``Gemeinderatsdrucksache``,
``AfD-Gemeinderatsfraktion``, ``Bezirksbeiratssitzung``) and generic words (``der Ausschuss``,
``Ortschaftsrat`` alone — :meth:`Matcher.resolve_generic` decides those from the document for
the consultation tables).

The full names compile into one trie-shaped regex per profile (cached), so matching is one
pass of ``finditer`` over the clean text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import CommitteeMention

_QUOTES = "\"„“”‚‘’«»"
_ARTICLES = (r"(?:im|in|dem|den|der|des|die|das|vom|von|zum|zur|am|an|ans|ins|durch|nach|vor|"
             r"für|beim|Im|In|Dem|Den|Der|Des|Die|Vom|Zum|Zur|Am)")
_ART_BEFORE = re.compile(r"(?<!\w)" + _ARTICLES + r"[ \t]+$")
_DATE_AFTER = re.compile(r"[ \t]+(?:am|vom)[ \t]+\d{1,2}\.")
_PROTOCOL = re.compile(r"Niederschrift|Protokoll\s*:|Sitzungsart\s*:|Vorgang\s*:")
# committee-like phrases for the fuzzy path: a word holding "ausschuss" in some spelling,
# possibly broken ("Wirtschaftsförderungs- ausschuss"), with "X- und " before it and
# "für A[, B] und C" after it
_HEAD = r"\w*(?:-[ \t]*\n?[ \t]*\w+)*?(?:[Aa]u(?:ss?|ß)-?[ \t]*\n?[ \t]*(?:s?ch|sh)u(?:ss?|ß))\w*"
_FUZZY = re.compile(
    r"(?<![\w-])(?:[A-ZÄÖÜ]\w*-\s*(?:und|u\.)\s+)?(?P<head>(?=[A-ZÄÖÜ])" + _HEAD + r")"
    r"(?:\s+für\s+(?:[Öö]ffentliche\s+)?[A-ZÄÖÜ][\w]*(?:-[ \t]*\n?[ \t]*\w+)?"
    r"(?:(?:,\s*|\s+und\s+)[A-ZÄÖÜ]\w*(?:-[ \t]*\n?[ \t]*\w+)?){0,3})?")
_INFLECT = re.compile(r"(?<=ausschuss)es\b|(?<=rat)e?s\b|(?<=beirat)e?s\b")
_PLACE_S = re.compile(r"^((?:\S*rat) .*[^sßxz ])s$")
_JOIN = re.compile(r"(?<=\w)-\s+(?=[a-zäöü])(?!und\b|oder\b|bzw\b)")


@lru_cache(maxsize=8192)
def normalize(surface: str) -> str:
    """A comparison key: lower case, ß → ss, no quotes, no genitive, one space, joined words.
    (Cached: minutes say "Rat" and "Ausschuss" thousands of times.)"""
    s = surface.translate({ord(q): None for q in _QUOTES}).replace("\xad", "")
    s = _JOIN.sub("", s)
    s = " ".join(s.split()).lower().replace("ß", "ss").replace("u. ", "und ").replace(" f. ", " für ")
    s = re.sub(r"-(?=und\b)", "- ", s)
    s = _INFLECT.sub("", s)
    return _PLACE_S.sub(r"\1", s)


def normalize_spelling(surface: str) -> str:
    """A printed name the profile does not know, tidied: one space, joined words, ss for ß."""
    s = " ".join(_JOIN.sub("", surface).split())
    return re.sub(r"(?<=schu)ß", "ss", s)


def _word_pattern(word: str) -> str:
    """Regex for one word of a name: ß/ss either way, inflection at the end (upper-case words
    with upper-case endings: ``GEMEINDERATES``)."""
    if word in ("und", "für"):  # "Ausschuss f. Umwelt u. Technik"
        return "(?:" + word + "|" + word[0] + r"\.)"
    out = []
    for piece in re.findall(r"ss|SS|ß|.", word):
        out.append("(?:ss|ß)" if piece in ("ss", "ß") else "(?:SS|ß)" if piece == "SS"
                   else re.escape(piece))
    pat = "".join(out)
    low = word.lower()
    up = word.isupper()
    if low.endswith(("ausschuss", "ausschuß")):
        pat += "(?:ES)?" if up else "(?:es)?"
    elif low.endswith("rat"):
        pat += "(?:E?S)?" if up else "(?:e?s)?"
    return pat


def _tokens(name: str) -> list[str]:
    """A name as regex tokens: words, separators (flexible whitespace), quotes optional."""
    name = name.translate({ord(q): " " for q in _QUOTES})
    toks: list[str] = []
    words = name.split()
    for i, word in enumerate(words):
        if i:
            toks.append(r"[\s" + re.escape(_QUOTES) + r"]+")
        if word.endswith("-"):  # "Sozial-" of "Sozial- und …": the hyphen, then any space
            toks.append(_word_pattern(word[:-1]) + r"-")
        elif i and i == len(words) - 1 and words[0].lower().endswith("rat") and word[-1:] not in "sßxzSXZ":
            toks.append(_word_pattern(word) + ("S?" if word.isupper() else "s?"))  # "Neureuts"
        else:
            toks.append(_word_pattern(word))
    return toks


def _trie_regex(names: list[str]) -> str:
    trie: dict = {}
    for name in names:
        node = trie
        for tok in _tokens(name):
            node = node.setdefault(tok, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [tok + emit(child) for tok, child in sorted(node.items(), key=lambda kv: -len(kv[0]))
                if tok]
        end = "" in node
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return emit(trie)


@dataclass
class Matcher:
    """Finds and resolves committee names of one profile."""

    names: list[str]
    keys: dict[str, str]  # normalized surface -> canonical name
    abbreviations: dict[str, str]  # abbreviation -> canonical name
    generic: list[str]
    full: re.Pattern
    abbr_any: re.Pattern | None
    abbr_ctx: re.Pattern | None
    generic_re: re.Pattern | None
    surfaces: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> name, variants
    choices: list[str] = field(default_factory=list)
    choice_names: list[str] = field(default_factory=list)
    plural_re: re.Pattern | None = None  # "Bezirksbeiräten Bad Cannstatt und Weilimdorf"

    def resolve(self, surface: str, fuzzy: bool = True) -> str | None:
        """The canonical name a surface string (a table cell, a phrase) stands for, or None."""
        s = surface.strip(" \t\n,;:.")
        if not s:
            return None
        if s in self.abbreviations:
            return self.abbreviations[s]
        key = normalize(s)
        if key in self.keys:
            return self.keys[key]
        m = self.full.search(s)
        if m and len(m.group()) >= 0.8 * len(s):
            return self.keys.get(normalize(m.group()))
        if fuzzy and len(key) >= 8 and self.choices:
            from rapidfuzz import fuzz, process

            best = process.extractOne(key, self.choices, scorer=fuzz.ratio, score_cutoff=91)
            if best is not None:
                return self.choice_names[best[2]]
        return None

    def resolve_generic(self, word: str, text: str) -> str | None:
        """A bare ``Ortschaftsrat``/``Bezirksbeirat``: the one body of that kind the text names
        most (by its full name or its distinguishing part, e.g. the place), else None."""
        w = normalize(word)
        best, best_n = None, 0
        for name in self.names:
            n = 0
            for surface in self.surfaces.get(name, (name,)):
                if not normalize(surface).startswith(w + " "):
                    continue
                rest = surface.split(" ", 1)[1].strip(_QUOTES + " ")
                if len(rest) >= 3:
                    n += len(re.findall(r"(?<!\w)" + re.escape(rest) + r"(?!\w)", text))
            if n > best_n:
                best, best_n = name, n
            elif n == best_n and n:
                best = None  # a tie: do not guess
        return best

    def _plural_lists(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        """Each body of a plural list ("den Bezirksbeiräten Bad Cannstatt und Weilimdorf",
        "Bezirksbeiräte Mitte, West, Süd, Nord"), where the profile knows the singular name."""
        out = []
        for pm in self.plural_re.finditer(text, start, end):
            g = pm.group("g")
            word = next((w for w in self.generic if normalize(w)[:6] == normalize(g)[:6]), None)
            if word is None:
                continue
            pos = pm.start("list")
            for part in re.split(r"([ \t]*,[ \t]*|[ \t]+(?:und|sowie)[ \t]+)", pm.group("list")):
                name = self.keys.get(normalize(f"{word} {part}")) if part.strip(" ,") else None
                if name is None and part[:1].isupper():
                    name = self.keys.get(normalize(f"{word} {part.split()[0]}"))
                    part = part.split()[0] if name else part
                if name:
                    out.append((pos, pos + len(part), name))
                pos += len(part)
        return out

    def find(self, text: str, start: int = 0, end: int | None = None,
             protocol: bool | None = None) -> list[tuple[int, int, str]]:
        """(start, end, canonical) of every mention in ``text[start:end]``, without overlaps."""
        # The patterns carry no leading look-behind (it would cost the regex engine its fast
        # scan for the first characters); the word start is checked here instead.
        end = len(text) if end is None else end
        found: list[tuple[int, int, str]] = []
        for m in self.full.finditer(text, start, end):
            s = m.start()
            if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
                continue
            name = self.keys.get(normalize(m.group()))
            if name:
                found.append((s, m.end(), name))
        if self.abbr_any is not None:
            for m in self.abbr_any.finditer(text, start, end):
                s = m.start()
                if s and (text[s - 1].isalnum() or text[s - 1] in "_-"):
                    continue
                found.append((s, m.end(), self.abbreviations[m.group(1)]))
        if self.abbr_ctx is not None:
            for m in self.abbr_ctx.finditer(text, start, end):
                s = m.start()
                if s and (text[s - 1].isalnum() or text[s - 1] in "_-"):
                    continue
                if protocol is None:
                    protocol = bool(_PROTOCOL.search(text, 0, min(len(text), 3000)))
                if (protocol or _ART_BEFORE.search(text[max(0, s - 12):s])
                        or _DATE_AFTER.match(text, m.end())):
                    found.append((s, m.end(), self.abbreviations[m.group(1)]))
        if self.choices:
            taken = sorted(found)
            for m in _fuzzy_candidates(text, start, end):
                if _overlaps(taken, m.start(), m.end()):
                    continue
                name = self.resolve(m.group())
                if name is None and m.group("head") != m.group():
                    name = self.resolve(m.group("head"))
                    if name:
                        found.append((m.start("head"), m.end("head"), name))
                        continue
                if name:
                    found.append((m.start(), m.end(), name))
        if self.plural_re is not None:
            found += self._plural_lists(text, start, end)
        found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
        out: list[tuple[int, int, str]] = []
        for item in found:
            if out and item[0] < out[-1][1]:
                continue
            out.append(item)
        return out


_CORE = re.compile(r"u(?:ss?|ß)-?[ \t]*\n?[ \t]*(?:s?ch|sh)u(?:ss?|ß)")


def _fuzzy_candidates(text: str, start: int, end: int):
    """Matches of ``_FUZZY`` around each "ausschuss"-like core (rare: cheap to look around)."""
    last = start
    for core in _CORE.finditer(text, start, end):
        if core.start() < last:
            continue
        lo = max(last, core.start() - 60)
        for m in _FUZZY.finditer(text, lo, min(end, core.end() + 120)):
            if m.start() <= core.start() < m.end():
                last = m.end()
                yield m
                break


def _overlaps(spans: list[tuple[int, int, str]], s: int, e: int) -> bool:
    return any(a < e and s < b for a, b, _ in spans)


@lru_cache(maxsize=16)
def _build(profile_name: str, entries: tuple, generic: tuple) -> Matcher:
    keys: dict[str, str] = {}
    abbrs: dict[str, str] = {}
    surfaces: list[str] = []
    names: list[str] = []
    for name, abbreviations, variants in entries:
        names.append(name)
        for s in (name, *variants):
            keys.setdefault(normalize(s), name)
            surfaces.append(s)
        for a in abbreviations:
            abbrs.setdefault(a, name)
    surfaces += [x.upper() for x in surfaces]  # "PLENARSITZUNG DES GEMEINDERATES"
    # a name ends at a word end, or where the page text glued the next cell on
    # ("GemeinderatBeschlussfassungöffentlich…": lower case, then upper case)
    # a profile without names (generic.toml) matches none: an empty alternation would match
    # the empty string at every position of the text
    names_re = _trie_regex(surfaces) if surfaces else "(?!)"
    full = re.compile(r"(?:" + names_re + r")(?:(?![\w-]|-\w)|(?<=[a-zäöüß])(?=[A-ZÄÖÜ]))")
    long_abbr = sorted((a for a in abbrs if len(a) >= 3 or not a.isupper()), key=len, reverse=True)
    short_abbr = sorted((a for a in abbrs if len(a) < 3 and a.isupper()), key=len, reverse=True)
    abbr_any = abbr_ctx = None
    if long_abbr:
        abbr_any = re.compile(r"(" + "|".join(map(re.escape, long_abbr)) + r")(?![\w-])")
    if short_abbr:
        abbr_ctx = re.compile(r"(" + "|".join(map(re.escape, short_abbr)) + r")(?![\w-])")
    generic_re = plural_re = None
    if generic:
        generic_re = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, generic)) + r")(?![\w-])")
        plural_re = re.compile(r"(?<!\w)(?P<g>" + "|".join(_plural(g) for g in generic) + r")[ \t]+"
                               r"(?P<list>[A-ZÄÖÜ][\w.-]*(?:[ \t]+[A-ZÄÖÜ][\w.-]*)?"
                               r"(?:(?:[ \t]*,[ \t]*|[ \t]+(?:und|sowie)[ \t]+)[A-ZÄÖÜ][\w.-]*"
                               r"(?:[ \t]+[A-ZÄÖÜ][\w.-]*)?)+)")
    choices = list(keys)
    by_name = {name: (name, *variants) for name, _, variants in entries}
    return Matcher(names, keys, abbrs, list(generic), full, abbr_any, abbr_ctx, generic_re,
                   by_name, choices, [keys[c] for c in choices], plural_re)


def _plural(word: str) -> str:
    """The plural of a generic body's word, any case ending: Bezirksbeirat → Bezirksbeiräte(n)."""
    if word.endswith("rat"):
        return re.escape(word[:-3]) + "räten?"
    return re.escape(word) + "(?:e|en|n)"


def matcher(profile) -> Matcher:
    """The (cached) matcher of a profile's ``[[committees]]`` table."""
    entries = tuple((c["name"], tuple(c.get("abbreviations", ())), tuple(c.get("variants", ())))
                    for c in (profile.get("committees") or []))
    generic = tuple(profile.get("committee_rules.generic", ()) or ())
    return _build(profile.name, entries, generic)


def extract(ctx) -> list[CommitteeMention]:
    m = matcher(ctx.profile)
    text = ctx.text
    return [CommitteeMention(name, ctx.span(s, e)) for s, e, name in m.find(text)]
