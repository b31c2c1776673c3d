"""Where a draft restates an earlier paper's passage: the earlier files that state several of
the draft's rare figures, the amounts standing at the same places there (:func:`passage_slots`),
and which of the draft's figures each candidate file states (:class:`Overlap`). Used by
:mod:`grdrs.check`; what a match means is decided there."""

from __future__ import annotations

import re
import sqlite3
from decimal import Decimal

from . import store
from .check_draft import Draft, DraftAmount, agrees_with
from .check_list import list_cells

RARE_VALUE = 300  # a figure stated this seldom is searched by its value alone
SLOT_FILES = 20  # earlier files restating the draft searched for the same places
SLOT_LEAST = 3  # … each stating this many of the draft's rare figures
LONG_SENTENCE = 8  # words: a sentence this long said again the same way is a restatement
_LETTERS = re.compile(r"[^\W\d_]{2,}")


def long_sentence(d: DraftAmount) -> bool:
    """A sentence long enough that said again word for word it is the same statement."""
    return len(_LETTERS.findall(d.facet.masked)) >= LONG_SENTENCE


def exact(value: str) -> bool:
    """A figure of three or more significant digits (13,7 Mio., 58.840,34), not a round one:
    two round figures (20.000 €, 4,5 Mio. €) in common happen by chance."""
    return len(Decimal(value).normalize().as_tuple().digits) >= 3


def near(a: str, b: str) -> bool:
    """Two figures within a factor of two of each other (neither zero)."""
    x, y = abs(Decimal(a)), abs(Decimal(b))
    return bool(x and y) and max(x, y) <= 2 * min(x, y)


def passage_slots(conn: sqlite3.Connection, draft: Draft,
                  token_df: dict[str, int]) -> tuple[dict[int, list], set[tuple[int, int]]]:
    """Draft amount index → the stored amounts that stand between the same two figures (its
    neighbours in the draft, 1,000 or more) in an earlier file stating several of the draft's
    rare figures: the same place in a restated passage, table or list, whatever its words;
    or in the same cell of a list printing each figure on a line of its own
    (:func:`grdrs.check_list.list_cells`), those as (index, mention id) too."""
    amounts = draft.amounts
    vals = [a.value for a in amounts]
    big = [abs(Decimal(v)) >= 1000 for v in vals]
    rare = {v for v, b in zip(vals, big)
            if b and token_df.get(store.value_token(v), 0) <= RARE_VALUE}
    if len(rare) < SLOT_LEAST:
        return {}, set()
    files = store.check_restating_files(conn, rare, SLOT_LEAST, SLOT_FILES, draft.councils)
    seqs: dict[int, list] = {}
    seen: set[int] = set()
    for r in store.check_file_amounts(conn, files, draft.date, draft.councils) if files else ():
        if r["id"] not in seen:
            seen.add(r["id"])
            seqs.setdefault(r["file_id"], []).append(r)
    where: dict[int, dict[str, list[int]]] = {}
    for fid, seq in seqs.items():
        for j, r in enumerate(seq):
            where.setdefault(fid, {}).setdefault(r["value"], []).append(j)
    out: dict[int, list] = {}
    for k in range(1, len(amounts) - 1):
        left, right = vals[k - 1], vals[k + 1]
        if not (big[k - 1] and big[k + 1]) or not ({left, right} & rare):
            continue
        for fid, seq in seqs.items():
            at = [j + 1 for j in where[fid].get(left, ())
                  if j + 2 < len(seq) and seq[j + 2]["value"] == right]
            if len(at) == 1:
                out.setdefault(k, []).append(seq[at[0]])
    listed = list_cells(conn, draft, seqs)
    for k, rows in listed.items():
        have = {r["id"] for r in out.get(k, ())}
        out.setdefault(k, []).extend(r for r in rows if r["id"] not in have)
    return out, {(k, r["id"]) for k, rows in listed.items() for r in rows}


TEMPLATE = 3  # other figures said in the same sentence by earlier papers: a template


def template_sentence(d, es: list) -> bool:
    """Whether earlier papers say the draft amount's sentence (the same words, the figure in
    the same place) with TEMPLATE or more other figures, none of them the same instance of
    it (:func:`same_instance`): a form or a yearly sentence (a tender's cost comparison, a fee
    report) whose figure differs from paper to paper, so the same words alone do not make it
    the same quantity."""
    return len({e.row["value"] for e in es if e.text_twin and not agrees_with(d, e)
                and not same_instance(d, e)}) >= TEMPLATE


def unseen(found: list, es: list) -> list:
    """The candidates of a further query not among those found already."""
    have = {id(e) for e in es}
    return [e for e in found if id(e) not in have]


def own_figures(d, e) -> bool:
    """Both sentences state other figures, each after its own words, and none of them is the
    same: another instance of a template (another lot's cost comparison), even in a passage
    restating the earlier paper. Not a table row's columns: a yearly table moves last year's
    new column to this year's old one, so all its figures differ from one edition to the next."""
    f1, f2 = d.facet, e.facet
    return (bool(f1.others) and bool(f2.others) and not set(f1.others) & set(f2.others)
            and bool(f1.rows) and bool(f2.rows)  # (no rows: a table printing dashes)
            and all(len(figures) == 1 for _, figures in f1.rows + f2.rows))


def same_instance(d, e) -> bool:
    """Whether an earlier statement of the draft amount's sentence says it of a year the draft's
    sentence names (anywhere in it), or with the same other figures (a project's cost form,
    its Folgekosten the same)."""
    f1, f2 = d.facet, e.facet
    return bool(f1.all_years & f2.all_years) or (bool(f1.others) and f1.others == f2.others)


class Overlap(dict):
    """file id → the draft's figures (of 1,000 or more) that file states; filled per batch of
    candidate files."""

    def __init__(self, conn: sqlite3.Connection, values: set[str]):
        super().__init__()
        self.conn, self.values, self.known = conn, values, set()

    def load(self, file_ids: set[int]) -> None:
        todo = file_ids - self.known
        if todo and self.values:
            self.update(store.check_value_overlap(self.conn, todo, self.values))
        self.known |= todo
