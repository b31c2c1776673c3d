"""The same cell of a list that prints each figure on a line of its own: a measure list of a
budget consolidation (Haushaltsstabilisierung) or a Doppelhaushalt, each record its number,
office and measure text, then one line per year's figure::

    2025/0592
    3200  Ordnungs‐ und Bürgeramt Einsparung von 10 Stellen im gesamten Bereich des OA
    788.250,00 €
    793.500,00 €

The stored sentence of such a figure is the figure alone, so no word finds the earlier list;
its place does: the record's text before it (:func:`records`) and its place among the
record's figures. An earlier file stating several of the draft's rare figures with a record
of the same text (the PDF's line breaks aside: "i\\nm gesamten") and as many figures, another
of them the same at the same place (the same columns, not a list a year on), holds the same
cell (:func:`list_cells`). Used by :func:`grdrs.check_passage.passage_slots`."""

from __future__ import annotations

import re

from . import store
from .check_table import cached_page

_REST = re.compile(r"[\s€]|EUR(?:O|o)?\b|Euro\b")  # what a figure's line may say besides it
_WORD = re.compile(r"[^\W_]+")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
LABEL_CHARS = 240  # letters and digits of a record's text compared (its end)
LABEL_LEAST = 20  # … at least this many: a heading's two words are no record's text
LABEL_WORDS = 3  # … of at least this many words (not "0,00 Mio. 0,00 Mio.")
LABEL_MOST = 300  # characters: a record's text is a line or three, not a paragraph of prose
LIST_LEAST = 3  # records: a list


def _key(text: str) -> str:
    """A record's text as compared: its letters and digits, lower case, the PDF's line and
    word breaks gone ("Stel\\nlenanteile")."""
    return "".join(_WORD.findall(text)).lower()[-LABEL_CHARS:]


def records(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, list[int]]]:
    """(the text before them, the indexes of its figures) of each record of a list in
    ``text``: a run of lines holding nothing but figures (``spans``, in reading order) after
    a line or three of words. Figures sharing a line with words are no list cells; the
    figures of a run beyond as many as most records print are the list's sums after its last
    record ("2.119.588,00 €" "2.099.588,00 €" after the Festplatz measure's two years)."""
    out: list[tuple[str, list[int]]] = []
    line_of: list[tuple[int, int]] = []
    for s, e in spans:
        ls = text.rfind("\n", 0, s) + 1
        le = text.find("\n", e)
        line_of.append((ls, len(text) if le < 0 else le))
    last_end, run, run_end = 0, [], -1  # end of the previous figure line, the current run
    i = 0
    while i < len(spans):
        ls, le = line_of[i]
        on_line = [i]
        while on_line[-1] + 1 < len(spans) and line_of[on_line[-1] + 1] == (ls, le):
            on_line.append(on_line[-1] + 1)
        rest = text[ls:le]
        for j in reversed(on_line):  # the line without its figures
            s, e = spans[j]
            rest = rest[:s - ls] + rest[e - ls:]
        if _REST.sub("", rest) == "":
            if run and not text[run_end:ls].strip():
                run += on_line  # the next line of the same record
            else:
                label = _key(text[last_end:ls])
                run = list(on_line)
                said = text[last_end:ls].strip()
                if (len(label) >= LABEL_LEAST and len(said) <= LABEL_MOST
                        and len(_LETTERS.findall(said)) >= LABEL_WORDS):
                    out.append((label, run))
            run_end = le
            last_end = le
        else:
            run, last_end = [], max(last_end, ls)
        i = on_line[-1] + 1
    if len(out) < LIST_LEAST:
        return []
    lengths = [len(run) for _, run in out]
    most = max(set(lengths), key=lambda n: (lengths.count(n), -n))
    return [(label, run[:most]) for label, run in out]


def _bare(row) -> bool:
    """A stored amount whose sentence is the figure alone (a list's cell)."""
    return not _LETTERS.search(store.amount_data(row).get("subject") or "")


def _same_label(a: str, b: str) -> bool:
    """The same record's text, one of them perhaps with the list's number or office before
    it (printed once for a group of records)."""
    return a == b or (min(len(a), len(b)) >= LABEL_LEAST and (a.endswith(b) or b.endswith(a)))


def list_cells(conn, draft, seqs: dict[int, list]) -> dict[int, list]:
    """Draft amount index → the stored amount at the same cell of the same record of a list
    in an earlier file (``seqs``: file id → its amounts in reading order). Only the pages
    holding the most of the draft's list figures as bare cells (half as many as the best page
    or more) are read: a long Bäderkonzept shares a few list figures with twenty papers, and
    restoring a page's text costs a hundredth of a second."""
    amounts = draft.amounts
    mine = records(draft.text, [(a.cstart, a.cend) for a in amounts])
    if not mine:
        return {}
    listed = {amounts[j].value for _, idx in mine for j in idx}
    theirs: list[tuple[int, str, list]] = []  # (file id, label, rows of its figures)
    # the pages holding the most of the draft's list figures as cells: its earlier versions
    shared: dict[tuple[int, int], int] = {}
    for fid, seq in seqs.items():
        pages: dict[int, list] = {}
        for r in seq:
            pages.setdefault(r["page"], []).append(r)
        for page, rows in pages.items():
            shared[fid, page] = len({r["value"] for r in rows
                                     if r["value"] in listed and _bare(r)})
    best = max(shared.values(), default=0)
    for (fid, page), n in shared.items():
        if n >= max(LIST_LEAST, best / 2):  # the draft's list (a page's text is slow to read)
            rows = [r for r in seqs[fid] if r["page"] == page]
            text = cached_page(conn, fid, page)
            if not text:
                continue
            rows = sorted(rows, key=lambda r: r["start"])
            for label, idx in records(text, [(r["start"], r["end"]) for r in rows]):
                theirs.append((fid, label, [rows[j] for j in idx]))
    out: dict[int, list] = {}
    for label, idx in mine:
        vals = [amounts[j].value for j in idx]
        by_file: dict[int, list] = {}
        for fid, label2, rows in theirs:
            if _same_label(label, label2):
                by_file.setdefault(fid, []).append(rows)
        for fid, found in by_file.items():
            if len(found) != 1 or len(found[0]) != len(vals):
                continue  # the record's text twice in that file, or other columns
            rows = found[0]
            for c, j in enumerate(idx):
                if any(rows[o]["value"] == vals[o] for o in range(len(vals)) if o != c):
                    out.setdefault(j, []).append(rows[c])
    return out
