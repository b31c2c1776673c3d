"""Which cell of an earlier table a draft's table cell is: the columns of two tables matched
by the figures they share (a yearly table moves each figure one column on). Used by
:mod:`grdrs.check` and :mod:`grdrs.check_model`; the rows come from
:func:`grdrs.check_draft.facet`."""

from __future__ import annotations

from .check_draft import Facet


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
