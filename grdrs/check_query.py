"""How ``grdrs check`` finds a draft amount's earlier statements: the FTS5 queries over
``amount_fts`` (:mod:`grdrs.store.check`) built from the amount — its value as a token, its
head noun's forms, its rarest other words in every inflected form, the neighbouring figures of
a table cell. What a found statement means is decided in :mod:`grdrs.check`."""

from __future__ import annotations

import re
import sqlite3

from . import store
from .check_draft import _FILLER, _STOP, DraftAmount, _fold, _words
from .check_passage import RARE_VALUE


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


def _queries(conn: sqlite3.Connection | None, d: DraftAmount,
             df: tuple[dict[str, int], dict[str, int]],
             terms: tuple[list[str], list[str]] | None = None):
    """(same-value query, similar-words query) for one draft amount, from its rarest words
    (``terms``: its :func:`_terms`, when the caller has them already)."""
    head, words = terms or _terms(d)
    head_df, word_df = df  # head forms as whole words, other words as prefixes
    head = [t for t in head if head_df.get(t)]
    rare = sorted((t for t in words if word_df.get(t)
                   and not any(h.startswith(t) for h in head)), key=lambda t: word_df[t])
    forms = _Forms(head_df)
    context = ([_or(head)] if head else []) + ([forms(rare[:4])] if rare else [])
    if _rare_value(d, head_df):  # few statements of this figure: take them all
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
    return all(df.get(t, 0) <= RARE_VALUE for t in _value_tokens(d))


def _value_query(d: DraftAmount) -> str:
    return f"value : {_or(_value_tokens(d))}"
