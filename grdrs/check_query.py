"""How ``grdrs check`` finds a draft amount's earlier statements: the FTS5 queries over
``amount_fts`` (:mod:`grdrs.store.check`) built from the amount — its value as a token, its
head noun's forms, its rarest other words in every inflected form, the other figures of its
sentence, the neighbouring figures of a table cell — and the amounts of the papers it cites.
What a found statement means is decided in :mod:`grdrs.check`."""

from __future__ import annotations

import re
import sqlite3
from decimal import Decimal

from . import store
from .check_draft import _FILLER, _STOP, Draft, DraftAmount, _fold, _words
from .check_passage import RARE_VALUE, exact


# a draft citing more papers than this (a list of measures, each with its paper) is not
# restating one of them: their amounts are not searched as a whole
CITED_MOST = 4
# a round figure (1.500.000 €, 4,00 €) stated more often than this is searched with its words:
# stated 300 times it is said by chance, not restated (all of them cost a long draft a third
# of its check)
ROUND_RARE = 150

# the amounts asked for by an amount's rare words, by another figure of its sentence
SIMILAR_LIMIT, FIGURE_LIMIT = 150, 40

_ENDINGS = ("", "s", "es", "e", "en", "n", "er", "ern", "ung", "ungen", "innen")


def _terms(d: DraftAmount) -> tuple[list[str], list[str]]:
    """(head forms, other content words near the amount) as FTS tokens."""
    head: list[str] = []
    if d.facet.head:
        base = _fold(d.facet.head)
        # the stem folds ß to ss and drops -ungen: the stored forms keep both
        bases = [base] + ([base.replace("ss", "ß")] if "ss" in base else [])
        head = [b + e for b in bases for e in _ENDINGS]
    words = _words(d.subject)
    out: list[str] = []
    for _, _, w in words:
        lw = w.lower()
        if lw in _STOP or lw in _FILLER or len(lw) < 4:
            continue
        for part in re.split(r"-", lw):
            t = store.stem(_fold(part))  # erneuter/erneuten → erneut
            if len(t) >= 4 and t not in out and t not in head:
                out.append(t)
    return head, out


def _or(terms: list[str]) -> str:
    return "(" + " OR ".join(f'"{t}"' for t in terms) + ")"


# endings of a word's forms (its stem from store.stem): "erneut" → erneute, erneuten, erneuter …
_INFLECTIONS = ("", "e", "en", "er", "es", "em", "n", "s", "ern", "ung", "ungen", "innen")


class _Forms:
    """The stored forms of some stems as one FTS term list (whole tokens, no prefix scan)."""

    def __init__(self, df: dict[str, int]):
        self.df = df

    def __call__(self, stems: list[str]) -> str:
        return _or([w + e for w in stems for e in _INFLECTIONS if self.df.get(w + e)])


def _context(d: DraftAmount, df: tuple[dict[str, int], dict[str, int]],
             terms: tuple[list[str], list[str]]) -> tuple[list[str], list[str], _Forms, list[str]]:
    """(head forms, rarest words first, their forms, the words' FTS alternatives) of an amount."""
    head, words = terms
    head_df, word_df = df  # head forms as whole words, other words as prefixes
    head = [t for t in head if head_df.get(t)]
    rare = sorted((t for t in words if word_df.get(t)
                   and not any(h.startswith(t) for h in head)), key=lambda t: word_df[t])
    forms = _Forms(head_df)
    return head, rare, forms, ([_or(head)] if head else []) + ([forms(rare[:4])] if rare else [])


def _queries(conn: sqlite3.Connection | None, d: DraftAmount,
             df: tuple[dict[str, int], dict[str, int]],
             terms: tuple[list[str], list[str]] | None = None):
    """(same-value query, similar-words query) for one draft amount, from its rarest words
    (``terms``: its :func:`_terms`, when the caller has them already)."""
    head, rare, forms, context = _context(d, df, terms or _terms(d))
    # few statements of this figure: take them all (a round one stated more often than
    # ROUND_RARE without words to search with: none — a bare table cell is asked for by its
    # neighbours; its best 60 by value cost a long draft a tenth of its check, no verdict changed)
    if _rare_value(d, df[0]):
        same = _value_query(d)
    else:
        same = (f"{_value_query(d)} AND subject : ({' OR '.join(context)})" if context else None)
    parts = []
    if head and rare:
        parts.append(f"({_or(head)} AND {forms(rare[:4])})")
    if len(rare) >= 2:
        r = rare[:3]
        parts += [f"({forms([a])} AND {forms([b])})"
                  for i, a in enumerate(r) for b in r[i + 1:]]
    similar = "subject : (" + " OR ".join(parts) + ")" if parts else None
    return same, similar


def _asked(similar: str | None, d: DraftAmount, df: tuple[dict[str, int], dict[str, int]],
           terms: tuple[list[str], list[str]]) -> list[tuple[str, int]]:
    """The words' searches of an amount: (FTS query, how many amounts to take)."""
    figures = _figure_query(d, df, terms)
    return ([(similar, SIMILAR_LIMIT)] if similar else []) + (
        [(figures, FIGURE_LIMIT)] if figures else [])


def _figure_query(d: DraftAmount, df: tuple[dict[str, int], dict[str, int]],
                  terms: tuple[list[str], list[str]]) -> str | None:
    """The amounts whose sentence prints another figure of the draft amount's sentence and
    one of its words: a restated sentence keeps its other figures while its words change, and
    the changed figure is in no earlier paper. "die Erhöhung des Planansatzes von 95.560 Euro
    um 84.440 Euro auf 180.000 Euro jährlich" restates "die Erhöhung des städtischen Zuschusses
    für den Weiterbetrieb des Oberwaldbades um 84.440 Euro auf 180.000 Euro jährlich": only
    "Oberwaldbad" and "180.000" are in both, and the pairs of rare words find other papers
    ("2.850,60 € mtl. x 12 Monate = 34.207,20 € jährlich" is found by its 2.850,60 €)."""
    figures = _co_figures(d)
    context = _context(d, df, terms)[3]
    if not (figures and context):
        return None
    return f"subject : ({_or(figures)} AND ({' OR '.join(context)}))"


def _co_figures(d: DraftAmount, most: int = 3) -> list[str]:
    """The other figures (1.000 and more) of the amount's sentence as FTS phrases, nearest
    first."""
    out: list[str] = []
    for a in sorted(d.siblings, key=lambda a: abs(a.start - d.start)):
        groups = re.findall(r"\d+", a.text)
        if a.value == d.value or abs(Decimal(a.value)) < 1000 or len(groups) < 2:
            continue
        # without cents of zero ("180.000,00" is found as "180 000", which "180.000" prints
        # too), then without the first group when more stay (a table's label glues to it,
        # see _cell_query: "1.180.000" as "180 000", "2.850,60" as "850 60")
        if len(groups) >= 3 and re.search(r",0+(?!\d)", a.text):
            groups = groups[:-1]
        groups = groups[1:] if len(groups) >= 3 else groups
        phrase = " ".join(groups)
        if any(g.strip("0") for g in groups) and phrase not in out:
            out.append(phrase)
    return out[:most]


def _cell_query(d: DraftAmount) -> str | None:
    """The amounts whose sentence prints this table cell's neighbouring figures."""
    # without the first group: a table flattened to text glues it to the label before it
    # ("Versorgungsaufwendungen253.995,41" is one token)
    phrases = [" ".join(re.findall(r"\d+", n)[1:]) for n in d.facet.neighbours]
    phrases = [p for p in phrases if p]
    if not phrases:
        return None
    return "subject : (" + " AND ".join(f'"{p}"' for p in phrases) + ")"


def _value_tokens(d: DraftAmount) -> list[str]:
    return [store.value_token(d.value)] + ([store.value_token(d.value_to)] if d.value_to else [])


def _rare_value(d: DraftAmount, df: dict[str, int]) -> bool:
    values = [d.value] + ([d.value_to] if d.value_to else [])
    return all(df.get(t, 0) <= (RARE_VALUE if exact(v) else ROUND_RARE)
               for t, v in zip(_value_tokens(d), values))


def _value_query(d: DraftAmount) -> str:
    return f"value : {_or(_value_tokens(d))}"


class CitedAmounts:
    """The amounts of the papers the draft cites that name an amount's head noun or one of its
    rarest words: a restated paper is cited, and its line may give the searches no pair of
    words ("91,8 Millionen Euro, siehe unter Finanzierung" in the form of the paper 2017/0484
    that the draft restating it cites). Read once per draft, when an amount asks."""

    def __init__(self, conn: sqlite3.Connection, draft: Draft,
                 df: tuple[dict[str, int], dict[str, int]]):
        self.conn, self.draft, self.df = conn, draft, df
        self.rows: list[tuple] | None = None
        self.values: dict[int, set[str]] = {}  # file id → the figures it states

    def __call__(self, d: DraftAmount, terms: tuple[list[str], list[str]], nearby: set[str],
                 found: list) -> list:
        """(``nearby``: the figures the draft prints around the amount; ``found``: what the other
        searches found for it — when anything, that judges it: beside it, each sentence of a
        cited paper sharing a word turns a change ambiguous and adds the paper's other figures
        to the places that tell an earlier edition)"""
        draft = self.draft
        if found or not draft.cites or len(draft.cites) > CITED_MOST:
            return []
        if self.rows is None:
            files = store.check_cited_files(self.conn, draft.cites)
            stated = store.check_file_amounts(self.conn, files, draft.date,
                                              draft.councils) if files else []
            for r in stated:
                self.values.setdefault(r["file_id"], set()).add(r["value"])
            self.rows = [(r, _fold(store.amount_data(r).get("subject") or "")) for r in stated]
        keys = ([_fold(d.facet.head)] if d.facet.head else []) + _context(d, self.df, terms)[1][:4]
        # only where the draft restates the paper: it states two of the figures printed around
        # the amount (not a paper cited for its background: its sentences on other things)
        return [r for r, folded in self.rows
                if len(self.values[r["file_id"]] & nearby) >= 2
                and any(k in folded for k in keys)]
