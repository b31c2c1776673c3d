"""Cleaning: the text the extractors read, with a map back to the stored page text.

The stored page text stays as the source reader returned it. Cleaning works on a copy:

* running headers, footers and page numbers (``- 2 -``, ``-2-``, ``Seite 1``, ``Seite 2 von 6``,
  and lines repeated at the top or bottom of most pages) are dropped;
* the pages are joined with a newline, so a fact or a cited title may run across a page break;
* words broken at a line end (``Ver-`` / ``teilung``, soft hyphens) are joined, but
  ``Sozial-`` / ``und Gesundheitsausschuss`` keeps its hyphen;
* runs of blanks collapse to one space (one tab where a tab was), blanks at line ends go,
  three or more line breaks become two.

:class:`Cleaned` maps every offset of the clean copy back to (page, offset in the stored
page text), so each fact can be reported where it stands. The map is a list of segments,
not a per-character array: cleaning a 10 MB archive costs a few list entries per change.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence

from .model import Page, Span

_PAGE_NUMBER = re.compile(
    r"^[ \t]*(?:[-–—][ \t]*\d{1,4}[ \t]*[-–—]|Seite[ \t]+\d{1,4}(?:[ \t]*(?:von|/)[ \t]*\d{1,4})?"
    r"|\d{1,3})[ \t]*$")
_DIGITS = re.compile(r"\d+")
_BLANK_CHARS = ("\xa0", "\u202f", "\u2009", "\u2007", "\r")  # each becomes a space (1:1)

# Pass 2: every change that is not a dropped line. Group names say what to put instead.
_CHANGES = re.compile(
    # every change starts at one of these (a cheap first test): a blank only where more
    # blanks, a line break or the end follow, or a line break precedes it
    r"(?=[-\xad\t\n]| (?:[ \t\n]|\Z|(?<=\n )))(?:"
    r"(?P<hyphen>(?<=[a-zäöüß])-\n(?:[ \t]*\n)?[ \t]*(?=[a-zäöüß])(?!(?:und|oder|bzw|sowie|bis)\b))"
    r"|(?P<soft>\xad\n?[ \t]*)"
    r"|(?P<eol>[ \t]+(?=\n|$))"
    r"|(?P<tab>[ \t]*\t[ \t]*)"
    r"|(?P<spaces>[ \t]{2,})"
    r"|(?P<lines>\n{3,})"
    r"|(?P<lead>(?<=\n)[ \t]+))")
_REPLACE = {"hyphen": "", "soft": "", "eol": "", "tab": "\t", "spaces": " ", "lines": "\n\n",
            "lead": ""}


class _Segments:
    """A monotone map from positions in a built string to positions in a source string."""

    __slots__ = ("pieces", "dst", "src", "synthetic", "length")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.dst: list[int] = []
        self.src: list[int] = []
        self.synthetic: list[bool] = []
        self.length = 0

    def copy(self, source: str, start: int, end: int) -> None:
        if end <= start:
            return
        self._add(source[start:end], start, False)

    def insert(self, text: str, at: int) -> None:
        if text:
            self._add(text, at, True)

    def _add(self, text: str, src: int, synthetic: bool) -> None:
        self.pieces.append(text)
        self.dst.append(self.length)
        self.src.append(src)
        self.synthetic.append(synthetic)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.pieces)

    def __call__(self, pos: int) -> int:
        i = bisect_right(self.dst, pos) - 1
        if i < 0:
            return self.src[0] if self.src else 0
        if self.synthetic[i]:
            return self.src[i]
        return self.src[i] + (pos - self.dst[i])


def running_lines(pages: Sequence[Page]) -> set[str]:
    """Lines repeated at the top or bottom of most pages (digits ignored): running heads."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        lines = [ln.strip() for ln in page.text.split("\n") if ln.strip()]
        edge = set(lines[:3] + lines[-3:])
        seen.update({_DIGITS.sub("#", ln) for ln in edge if len(ln) >= 4})
    need = max(2, (len(pages) * 6 + 9) // 10)
    return {line for line, n in seen.items() if n >= need}


def _dropped_lines(text: str, index: int, n_pages: int,
                   heads: set[str]) -> list[tuple[int, int]]:
    """(start, end) of the lines of one page that cleaning drops, with their line breaks.

    Only lines at a page's edges (the first and last three non-blank lines) are candidates:
    page numbers (on a multi-page document; page 1 only at its foot) and running heads.
    """
    if n_pages < 2:
        return []
    lines = text.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    numbers = set(nonblank[-2:]) if index == 0 else set(nonblank[:2] + nonblank[-2:])
    out = []
    for i in sorted(set(nonblank[:3] + nonblank[-3:])):
        line = lines[i]
        if (i in numbers and _PAGE_NUMBER.match(line)) or (
                heads and _DIGITS.sub("#", line.strip()) in heads):
            end = starts[i] + len(line) + 1
            if end > len(text):  # the last line: drop the line break before it instead
                out.append((max(starts[i] - 1, 0), len(text)))
            else:
                out.append((starts[i], end))
    return out


class Cleaned:
    """The clean copy of a document's pages and the map back to them."""

    __slots__ = ("text", "pages", "_bases", "_pass1", "_pass2", "_page_starts")

    def __init__(self, pages: Sequence[Page]) -> None:
        self.pages = tuple(pages)
        heads = running_lines(self.pages)
        # Pass 1: join pages, drop running heads and page numbers. Source: pages joined by "\f".
        joined = "\f".join(p.text for p in self.pages)
        bases, pos = [], 0
        for p in self.pages:
            bases.append(pos)
            pos += len(p.text) + 1
        self._bases = bases
        one = _Segments()
        for i, (base, page) in enumerate(zip(bases, self.pages)):
            if i:
                one.insert("\n", base - 1)  # the page break becomes a line break
            pos = 0
            for start, end in _dropped_lines(page.text, i, len(self.pages), heads):
                one.copy(joined, base + pos, base + start)
                pos = end
            one.copy(joined, base + pos, base + len(page.text))
        middle = one.text()
        for char in _BLANK_CHARS:
            if char in middle:
                middle = middle.replace(char, " ")
        # Pass 2: join hyphenated words, collapse blanks (segments appended inline: hot loop).
        two = _Segments()
        pieces, dst, src, synthetic = two.pieces, two.dst, two.src, two.synthetic
        length = last = 0
        for m in _CHANGES.finditer(middle):
            start = m.start()
            if start > last:
                pieces.append(middle[last:start])
                dst.append(length)
                src.append(last)
                synthetic.append(False)
                length += start - last
            rep = _REPLACE[m.lastgroup or "spaces"]
            if rep:
                pieces.append(rep)
                dst.append(length)
                src.append(start)
                synthetic.append(True)
                length += len(rep)
            last = m.end()
        two.length = length
        two.copy(middle, last, len(middle))
        self.text = two.text()
        self._pass1 = one
        self._pass2 = two
        self._page_starts: list[int] | None = None

    # -- mapping ---------------------------------------------------------------------------
    def raw(self, pos: int) -> int:
        """Offset in the "\\f"-joined stored pages of clean offset ``pos``."""
        if not self.text:
            return 0
        pos = min(max(pos, 0), len(self.text) - 1)
        return self._pass1(self._pass2(pos))

    def locate(self, pos: int) -> tuple[int, int]:
        """(page, offset in that page's stored text) of clean offset ``pos``; page is 1-based."""
        g = self.raw(pos)
        i = bisect_right(self._bases, g) - 1
        return i + 1, g - self._bases[i]

    def span(self, start: int, end: int) -> Span:
        """The :class:`Span` of clean text ``[start, end)`` in stored page coordinates."""
        if end <= start:
            end = start + 1
        page, s = self.locate(start)
        end_page, e = self.locate(end - 1)
        e += 1
        if end_page == page:
            return Span(page, s, e, self.pages[page - 1].text[s:e])
        return Span(page, s, e, self.text[start:end], end_page=end_page)

    def page_starts(self) -> list[int]:
        """Clean offset at which each page's text begins (monotone, one per page)."""
        if self._page_starts is None:
            starts = []
            n = len(self.text)
            for base in self._bases:
                lo, hi = 0, n
                while lo < hi:
                    mid = (lo + hi) // 2
                    if self.raw(mid) < base:
                        lo = mid + 1
                    else:
                        hi = mid
                starts.append(lo)
            self._page_starts = starts
        return self._page_starts

    def page_text(self, page: int) -> str:
        """The clean text that comes from ``page`` (1-based): what search indexes."""
        starts = self.page_starts()
        end = starts[page] if page < len(starts) else len(self.text)
        return self.text[starts[page - 1]:end].strip("\n")


def clean(pages: Sequence[Page]) -> Cleaned:
    return Cleaned(pages)
