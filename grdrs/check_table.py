"""Which cell of an earlier table a draft's table cell is: the columns of two tables matched
by the figures they share (a yearly table moves each figure one column on), or by the year
each column stands for, read from the table's header line of years (:func:`year_column`).
Used by :mod:`grdrs.check` and :mod:`grdrs.check_model`; the rows come from
:func:`grdrs.check_draft.facet`, a yearly table's from the page text."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .check_draft import Facet, _fold


def mapped_cell(f1: Facet, f2: Facet) -> bool | None:
    """Whether the earlier amount (``f2``) is the draft amount's (``f1``) cell of the same table,
    its columns matched by the figures the two sentences share: in rows with the same label
    (their other cells too), which column of the earlier table holds each figure of the draft's
    (a yearly table shifted by a year: the draft's first column is the earlier's second). True:
    it is that cell; False: the mapping points to another cell or row; None: no mapping (no
    shared figure, rows not told apart, or shared figures shifted unlike)."""
    if f1.cell is None or f2.cell is None or len(f1.rows) + len(f1.rows[0][1]) < 3:
        return None
    labels1 = [label for label, _ in f1.rows]
    labels2 = [label for label, _ in f2.rows]
    r1, c1 = f1.cell
    own = labels1[r1]
    if labels1.count(own) != 1 or labels2.count(own) != 1:
        return None
    votes: dict[int, int] = {}
    for label, cells in f1.rows:
        if labels1.count(label) != 1 or labels2.count(label) != 1:
            continue
        theirs = f2.rows[labels2.index(label)][1]
        for c, v in enumerate(cells):
            if (label == own and c == c1) or len(v.lstrip("0")) < 3 or theirs.count(v) != 1:
                continue
            shift = theirs.index(v) - c
            votes[shift] = votes.get(shift, 0) + 1
    if len(votes) != 1:
        # none shared, or the rows shifted unlike (empty cells not printed) — or the row says
        # one figure in every column, the draft's the same but in this cell
        return True if own and _one_cell_differs(f1, f2, labels2.index(own)) else None
    (shift,) = votes
    return f2.cell == (labels2.index(own), c1 + shift)


def _one_cell_differs(f1: Facet, f2: Facet, row2: int) -> bool:
    """The earlier row (the same words before it) says one figure in each of its cells, and
    the draft's row says it too except in this cell ("57.000 € 57.000 €", then "57.000 €
    66.690 € 57.000 €"): whichever year the cell is, the earlier figure was that one. Not the
    last cell of a row longer than the earlier one: a year added since, which may differ."""
    r1, c1 = f1.cell
    mine, theirs = f1.rows[r1][1], f2.rows[row2][1]
    others = mine[:c1] + mine[c1 + 1:]
    if (f2.cell[0] != row2 or len(theirs) < 2 or len(set(theirs)) != 1 or not others
            or set(others) != set(theirs) or mine[c1] == theirs[0]
            or len(theirs[0].lstrip("0")) < 3):  # a row of zeros is an empty line
        return False
    return not (c1 == len(mine) - 1 and len(mine) > len(theirs))


# --------------------------------------------------------------------------------------------
# the year a cell's column stands for

# a currency sign marks one cell of a row ("1,12 Mio. €", "- €" for an empty one)
_CURRENCY = re.compile(r"€|\bEURO?\b|\bEuro\b")
# the figure printed before a row's first currency sign ("Grabaushub16.968,97 ")
# (matched against the text right-stripped: a trailing \s* after the unit would make a run of
# spaces before a non-figure cubic to backtrack)
_FIGURE_END = re.compile(r"[-–+\d.,\s]*(?:(?:Mio|Mrd|Tsd|Mill)\.?|T)?$")
HEADER_REACH = 40  # lines above a row its header line may stand


def header_years(line: str) -> list[str] | None:
    """The years of a yearly table's header line: nothing but years, each the one after the
    one before ("2008 2009 2010"; "2017201820192020" as a PDF's text glues them; "2007 2008
    2009 (2010)" with a plan year in brackets)."""
    if line.strip()[:1] not in ("1", "2", "("):  # (most lines: no header)
        return None
    s = "".join(c for c in line if c not in " \t\r()")
    if len(s) < 8 or len(s) % 4 or not (s.isascii() and s.isdigit()):  # (not "100² 200²")
        return None
    years = [int(s[k:k + 4]) for k in range(0, len(s), 4)]
    if not 1950 <= years[0] <= 2099 or any(b - a != 1 for a, b in zip(years, years[1:])):
        return None
    return [str(y) for y in years]


def _key(label: str) -> str:
    """A row label's letters and digits, folded: one key for its spellings and line breaks
    ("Eingliede-\\nrungsleistungen", "Eingliederungsleistungen")."""
    return "".join(c for c in _fold(label) if c.isalnum())


@lru_cache(maxsize=64)
def _lines(text: str) -> tuple[list[str], list[int]]:
    """A text's lines and where each starts."""
    lines = text.split("\n")
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    return lines, starts


def _row(lines: list[str], k: int) -> tuple[str, list[str], list[int], bool] | None:
    """Line ``k`` as a table row: (label key, each cell's digits — "" for an empty or zero
    cell —, where each cell's currency sign stands, whether the sign follows the figure). The
    label: the words before its first cell, else the lines above it without cells
    ("Flankierende kommunale Eingliede-" / "rungsleistungen" / "0,81 Mio. € 0,82 Mio. €").
    None for a line of fewer than two cells."""
    line = lines[k]
    marks = [m.span() for m in _CURRENCY.finditer(line)]
    last_digit = max((j for j, c in enumerate(line) if c.isdigit()), default=-1)
    if len(marks) < 2 or last_digit < 0:
        return None
    suffix = any(a > last_digit for a, _ in marks)  # "1,12 Mio. €", not "€ 1,12 Mio."
    label = _FIGURE_END.sub("", line[:marks[0][0]].rstrip()) if suffix else line[:marks[0][0]]
    if suffix:  # a cell: its figure before its sign (after the label, the sign before)
        cells = [line[len(label) if j == 0 else marks[j - 1][1]:a]
                 for j, (a, _) in enumerate(marks)]
    else:
        cells = [line[b:marks[j + 1][0] if j + 1 < len(marks) else len(line)]
                 for j, (_, b) in enumerate(marks)]
    if not any(c.isalpha() for c in label):
        j = k - 1
        while j >= 0 and k - j <= 3 and lines[j].strip() and not _CURRENCY.search(
                lines[j]) and not header_years(lines[j]):
            label = lines[j] + label
            j -= 1
    figures = ["".join(c for c in cell if c.isdigit()) for cell in cells]
    return (_key(label), [f if f.strip("0") else "" for f in figures], [a for a, _ in marks],
            suffix)


@lru_cache(maxsize=64)
def _labels(text: str) -> dict[str, list[int]]:
    """Row label key → the lines of ``text`` starting with that label (a row's, or a label
    line above a row's cells), in order."""
    lines, _ = _lines(text)
    out: dict[str, list[int]] = {}
    for k, line in enumerate(lines):
        m = _CURRENCY.search(line)
        key = _key(_FIGURE_END.sub("", line[:m.start()].rstrip()) if m else line)
        if key:
            out.setdefault(key, []).append(k)
    return out


@lru_cache(maxsize=512)  # a draft's cell, for each of its candidates again
def year_cell(text: str, pos: int) -> tuple | None:
    """The table cell whose figure starts at ``pos`` of ``text``, in a yearly table: a row on
    one line, one currency sign per cell (an empty cell "- €" too, :func:`_row`), under a
    header line of as many years (:func:`header_years`, the nearest above): (row label key,
    year, the row's figures by year, the other rows' (label, year, figure) of the table (to
    its next header), the header's line). None when the figure is not such a table's."""
    lines, starts = _lines(text)
    k = bisect_right(starts, pos) - 1
    row = _row(lines, k)
    if row is None:
        return None
    key, figures, marks, suffix = row
    head = next((j for j in range(k - 1, max(-1, k - 1 - HEADER_REACH), -1)
                 if header_years(lines[j])), None)
    years = header_years(lines[head]) if head is not None else None
    column = sum(1 for a in marks if a < pos - starts[k]) - (0 if suffix else 1)
    if not years or len(years) != len(figures) or not 0 <= column < len(years) or sum(
            c.isalpha() for c in key) < 3:
        return None
    others = frozenset(cell for cell in _table(text, head) if cell[0] != key)
    return key, years[column], tuple(zip(years, figures)), others, head


@lru_cache(maxsize=128)  # the cells of one table: for each of its cells again
def _table(text: str, head: int) -> frozenset:
    """(label key, year, figure) of each row under the header line ``head`` of ``text`` that
    has a cell for each year, to the next header."""
    lines, _ = _lines(text)
    years = header_years(lines[head])
    out = set()
    for j in range(head + 1, min(len(lines), head + 1 + HEADER_REACH)):
        if header_years(lines[j]):
            break
        row = _row(lines, j)
        if row and len(row[1]) == len(years):
            out.update((row[0], y, f) for y, f in zip(years, row[1]) if f)
    return frozenset(out)


# a draft's candidates come from few pages, asked for again and again: their texts by (file
# id, page, the file's sha256) — a file ingested again since (or another database's file of
# that id) is another key, and no connection is kept alive by the cache
_PAGES: dict[tuple, str | None] = {}


def cached_page(conn, file_id: int, page: int) -> str | None:
    from . import store

    if conn is None:
        return None
    key = (file_id, page, store.file_sha(conn, file_id))
    if key not in _PAGES:
        if len(_PAGES) >= 64:
            del _PAGES[next(iter(_PAGES))]  # the oldest
        _PAGES[key] = store.page_text(conn, file_id, page)
    return _PAGES[key]


def _first_digit(text: str, start: int, end: int) -> int:
    return next((k for k in range(start, min(end, len(text))) if text[k].isdigit()), start)


def year_column(conn, d, text: str, e) -> bool | None:
    """Whether an earlier amount (``e``, :class:`grdrs.check.Earlier`) stands in the draft
    amount's (``d``, in the draft's clean ``text``) row and year column of a yearly table, read
    from each table's header of years (:func:`year_cell`): True in the same year's column of
    a row with the same label in the same table — the row's figure for another year is the
    same too, or, when the two tables share no other year ("2023 2024", then "2024 2025"),
    another row's figure for a year, the table being the same one of its label on the page;
    False in another row or year (another quantity, whatever column it is printed in); None
    when either is no such table's cell, or nothing confirms the table. A yearly table moves
    on by a year each edition: "Trauerhallen" of 2019 is the third column under "2017 2018
    2019 2020" and the fourth under "2016 2017 2018 2019"."""
    mine = year_cell(text, _first_digit(text, d.cstart, d.cend))
    if mine is None or e.facet.count < 2 and not e.facet.dashes:
        return None
    r = e.row
    page = cached_page(conn, r["file_id"], r["page"])
    if not page or r["start"] is None:
        return None
    theirs = year_cell(page, _first_digit(page, r["start"], r["end"]))
    if theirs is None:
        return None
    if theirs[0] != mine[0] or theirs[1] != mine[1]:
        return False  # another row or another year's column
    # the same table: another year's figure of the row is the same in both (a row of that
    # label in another table — before and after a settlement, another office's "Gesamt" —
    # is another quantity); rows sharing other years confirm it themselves or not at all (a
    # row differing there was revised since, a settlement zeroing a year; empty says nothing)
    row = dict(theirs[2])
    both = [(v, row[y]) for y, v in mine[2] if y != mine[1] and y in row]
    return any(v and v == w for v, w in both) or (
        not both and bool(mine[3] & theirs[3]) and _nth(text, mine) == _nth(page, theirs)
    ) or None


def _nth(text: str, cell: tuple) -> int:
    """How many lines above a cell's table start with its row's label: a table printed twice,
    before and after a settlement, has the same rows twice."""
    return bisect_right(_labels(text).get(cell[0], []), cell[4])


def settle_by_year(conn, d, text: str, e, same_kind: bool) -> bool:
    """Decide an earlier statement by its year column (:func:`year_column`): in another row or
    another year's column it is another quantity (not strong); in the same year's, of the
    same kind (per marker, period), the same quantity (``column``, ``year``: a change where it
    differs, even in an earlier edition of a yearly report — a past year's figure is not
    expected to differ from edition to edition). True when decided so."""
    if d.value_to is not None or e.row["value_to"] is not None:
        return False  # a range: two cells of a row misread as one
    column = year_column(conn, d, text, e)
    if column is None or column and not same_kind:
        return False
    e.column = e.year = e.twin = e.text_twin = e.strong = column
    return True
