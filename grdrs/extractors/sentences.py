"""A fast regex sentence splitter for German administrative text.

``split(text)`` returns ``[(start, end)]`` ranges of the text, one per sentence, trimmed of
surrounding whitespace, in order and not overlapping. It is what ``ctx.sentences`` holds and
what gives an amount its subject and a pay grade its context.

It runs a handful of compiled regexes over the whole text and looks at boundary candidates
only (no per-character Python loop), so it runs well above 10 MB/s. Rules:

* A sentence ends at ``.``, ``!``, ``?`` (plus closing quotes/brackets) followed by
  whitespace, unless the next word starts lower case, or the dot closes an abbreviation
  (``vgl.``, ``u.a.``, ``i. H. v.``, ``Nr.``, ``ca.``, ``rd.``, ``Dr.``, ``ff.`` … see
  :data:`ABBREVIATIONS`; any ``x.y.`` letter chain), a single letter (initials, ``i. H. v.``)
  or a number of at most two digits (ordinals: ``4. Quartal``, ``21. November``, ``die 4.``
  at a line end). Dots inside numbers (``3.704.966,97``, ``1.4.1``) never split.
* A blank line always ends a sentence (a paragraph), unless the next line starts lower case.
* A single line break ends a sentence when the next line starts a list item or a numbered
  heading (``–``, ``•``, ``1.2 Titel``, ``a)``), when the line ends with ``:``, or when the line
  is short against the text's usual line width (a heading, a table cell, a paragraph's last
  line) and neither ends with a comma/hyphen/conjunction nor is followed by a lower-case word,
  nor ends with a number or scale word whose currency opens the next line (``um rund 40
  Millionen`` / ``Euro in 2023 …``).
  In text whose paragraphs are single long lines (text exports) every line break that is not
  followed by a lower-case word ends a sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .dates import _MONTH
from .firstchar import guarded

ABBREVIATIONS = frozenset("""
vgl ca rd nr nrn dr st ff f bzw ggf gem abs u a o ä z b d h v s usw etc evtl inkl ggü gegr
zzgl abzgl zz zt ua uä zb dh iv ivm ihv lt bspw bzgl max min mind jew jhd jh str tel mio mrd
tsd hr fr prof dipl ing mag med jur rer nat phil bsp anl kap ziff lfd ltd pos mt mon sog
stv stellv allg einschl vs bes dt engl insb ggfs ref abt amtl nachf hrsg verf art ao vorl
geb gez sen jun kfm techn wiss zul ehem best vers gr grdrs grdrsn drs ds vo no tz abschn
co
""".split())

_CLOSERS = "\"')\\]»“”’"
# A sentence-final mark with its closers and the whitespace after it.
_END = re.compile(r"([.!?…]+)([" + _CLOSERS + r"]*)(\s+)(?=(\S))")
_ABBR_CHAIN = re.compile(r"(?:[A-Za-zÄÖÜäöüß]{1,4}\.)+[A-Za-zÄÖÜäöüß]{1,4}")
_LEAD_PUNCT = re.compile(r"^[\"'(\[„“»‚]+")
# Hard line breaks: blank line; line ending in ':'; next line a list item or numbered heading.
_PARA = re.compile(r"\n[ \t]*\n\s*(?=[^a-zäöüß\s])")
_COLON = re.compile(r":[ \t]*\n\s*(?=\S)")
_ITEM = re.compile(guarded(
    r"(?<=[.:;!?)“\"”])\n[ \t]*(?=[-–—][ \t])"
    r"|\n[ \t]*(?=(?:[•·▪►■*○◦]|[a-zA-Z]\)|\(\w{1,3}\)|\d{1,2}(?:\.\d{1,2})*\.?[ \t]+"
    r"[A-ZÄÖÜ„\"])[ \t]*\S)"))
# A line starting with a day and a month is a date, not item 31, after a line that goes on
_DAY_MONTH = re.compile(rf"\d{{1,2}}\.[ \t]+{_MONTH}")
# A dash list item followed by another one.
_DASH_ITEMS = re.compile(r"(?m)^[ \t]*[-–—][ \t][^\n]*\n(?=[ \t]*[-–—][ \t])")
# A numbered heading ("1.4 Umsetzungsstand …") ends at its line end before an upper-case line.
_HEADING = re.compile(r"(?m)^[ \t]*\d{1,2}(?:\.\d{1,2})*\.?[ \t]+[A-ZÄÖÜ„\"][^\n]{0,160}"
                      r"(?<![.:;,!?\-–])\n(?=[ \t]*[A-ZÄÖÜ„\"])")
_NO_BREAK_END = re.compile(r"(?:[,;(/&+\-–]|(?<![\d.])\d{1,2}\.|\b(?:und|oder|sowie|bzw\.|der|die|das|des|den|dem|"
                           r"von|vom|zur|zum|zu|mit|für|im|in|an|auf|bei|aus|nach|über|unter|"
                           r"eine?[mnrs]?|als|wie|ab|bis|i\.\s?H\.\s?v\.|ca\.|rd\.))[ \t]*$")


# A line ending in a lower-case word continues ("für die neue" / "Abteilung …"); headings
# and table cells end in nouns, numbers or punctuation.
_LOWER_END = re.compile(r"(?<![\w-])[a-zäöüß][\w*]*[ \t]*$")
# a line end that does not end a sentence: either of the two (one search instead of two)
_CONTINUES = re.compile(f"(?:{_NO_BREAK_END.pattern})|(?:{_LOWER_END.pattern})")


@lru_cache(maxsize=64)
def _short_line(width: int) -> re.Pattern[str]:
    # A line of at most `width` characters followed by a line that does not start lower case.
    return re.compile(r"(?m)^([^\n]{1,%d})\n(?=[ \t]*[^a-zäöüß\s(])" % width)


_ANY_LINE = re.compile(r"(?m)^([^\n]*)\n(?=[ \t]*[^a-zäöüß\s(])")
# an amount broken by a line end before its currency: "um rund 40 Millionen" / "Euro in 2023 …"
_AMOUNT_END = re.compile(r"(?:\d|\b(?:Mio\.|Mrd\.|Tsd\.|Mill\.|Millionen|Million|Milliarden|Milliarde"
                         r"|Tausend|T))[ \t]*$")
# (with more words on its line: a currency alone on its line is a flattened table's cell, and
# the row label after it is no part of the figure's sentence)
_CURRENCY_START = re.compile(r"[ \t]*(?:EURO?|Euro|€|TEUR|DM)(?![\wäöüß])(?=[ \t]*[^\s])")


def _width(text: str) -> int:
    """The usual line width: the 90th percentile of non-empty line lengths."""
    lens = sorted(n for n in map(len, text.split("\n")) if n)
    if not lens:
        return 0
    return lens[min(len(lens) - 1, int(len(lens) * 0.9))]


def _is_abbreviation(token: str) -> bool:
    tok = _LEAD_PUNCT.sub("", token)
    if not tok:
        return False
    low = tok.lower()
    if low in ABBREVIATIONS:
        return True
    if len(tok) == 1 and tok.isalpha():
        return True  # initials, "i. H. v."
    if tok.isdigit() and len(tok) <= 2:
        return True  # ordinal: "4. Quartal", "21. November", "die 4." at a line end
    if "." in tok and _ABBR_CHAIN.fullmatch(tok):
        return True  # "u.a", "z.B", "i.H.v", "e.V"
    if tok[-1].isdigit() and re.fullmatch(r"\d{1,2}(?:\.\d{1,2})+", tok):
        return True  # "31.12." (date without year), "1.4." (section number)
    return False


def split(text: str) -> list[tuple[int, int]]:
    """Sentence ranges ``[(start, end)]`` of ``text`` (see the module docstring)."""
    if not text:
        return []
    cuts: set[int] = set()
    for m in _END.finditer(text):
        if m.group(4).islower():
            continue
        if m.group(1) == ".":
            i = m.start()
            before = text[max(0, i - 40):i]
            token = before.split()[-1] if before and not before[-1].isspace() else ""
            if _is_abbreviation(token):
                continue
        cuts.add(m.end(2))
    for rx in (_PARA, _COLON, _ITEM):
        for m in rx.finditer(text):
            if rx is _ITEM and _DAY_MONTH.match(text, m.end()):
                line = text.rfind("\n", 0, m.start()) + 1
                if (_CONTINUES.search(text, line, m.start())
                        and not _DAY_MONTH.match(text[line:m.start()].lstrip(" \t"))):
                    # "spätestens am ⏎ 31. Dezember 2023": the sentence goes on (not in a dated
                    # list: "12. Januar 2023 Antrag eingereicht ⏎ 3. Februar 2023 …")
                    continue
            cuts.add(m.start() + (1 if rx is _COLON else 0))
    for rx in (_HEADING, _DASH_ITEMS):
        for m in rx.finditer(text):
            cuts.add(m.end() - 1)
    width = _width(text)
    if width > 0:
        if width > 160:  # paragraphs are single lines: every line break counts
            lines = _ANY_LINE
        else:
            lines = _short_line(max(1, int(width * 0.7)))
        for m in lines.finditer(text):
            tail = m.group(1)[-14:]
            if not _CONTINUES.search(tail) and not (
                    _CURRENCY_START.match(text, m.end()) and _AMOUNT_END.search(tail)):
                cuts.add(m.end(1))
    out: list[tuple[int, int]] = []
    start = 0
    for cut in sorted(cuts) + [len(text)]:
        if cut <= start:
            continue
        s, e = start, cut
        chunk = text[s:e]
        stripped = chunk.strip()
        if stripped:
            s += len(chunk) - len(chunk.lstrip())
            e = s + len(stripped)
            out.append((s, e))
        start = cut
    return out
