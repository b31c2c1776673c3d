"""A regex's possible first characters, as a look-ahead that lets ``search`` skip ahead fast.

Python's regex engine skips positions cheaply only when a pattern starts with a literal or a
plain character class. A profile's series words often start with an optional group
(``(?:Beschluss|Mitteilungs)-?)?[Vv]orlage``), so ``search`` tries the whole alternation at
every position of the text. :func:`guarded` computes, from the parsed pattern, the set of
characters a non-empty match can start with and puts it in front as ``(?=[…])``: a failing
one-character test instead of the alternation. The matches are exactly the same (same starts,
ends and groups): a match has to start with one of those characters anyway. Patterns whose
first character cannot be bounded (``.``, a negated class, a back-reference, case-insensitive
or verbose patterns, or one that can match the empty string) are returned unchanged.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]

_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w",
               C.CATEGORY_NOT_WORD: r"\W"}
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_LEADING_FLAGS = re.compile(r"(?:\(\?[aiLmsux]+\))*")


class _Unbounded(Exception):
    """The first character of some match is not from a small known set."""


def _char(code: int) -> str:
    return re.escape(chr(code))


def _in(items) -> set[str]:
    out = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(_char(av))
        elif op is C.RANGE:
            out.add(f"{_char(av[0])}-{_char(av[1])}")
        elif op is C.CATEGORY and av in _CATEGORIES:
            out.add(_CATEGORIES[av])
        else:  # NEGATE, ignore-case forms
            raise _Unbounded
    return out


def _first(seq) -> tuple[set[str], bool]:
    """(class items a match of ``seq`` can start with, whether ``seq`` can match empty)."""
    out: set[str] = set()
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the next item gives the first character
        if op is C.LITERAL:
            return out | {_char(av)}, False
        if op is C.IN:
            return out | _in(av), False
        if op is C.SUBPATTERN:
            if av[1] & (re.IGNORECASE | re.LOCALE):  # (?i:…): the case is not known here
                raise _Unbounded
            first, empty = _first(av[3])
        elif op is C.ATOMIC_GROUP:
            first, empty = _first(av)
        elif op is C.BRANCH:
            first, empty = set(), False
            for alt in av[1]:
                f, e = _first(alt)
                first |= f
                empty = empty or e
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, item = av
            if hi == 0:
                continue
            first, empty = _first(item)
            empty = empty or lo == 0
        else:  # ANY, NOT_LITERAL, group references, conditionals
            raise _Unbounded
        out |= first
        if not empty:
            return out, False
    return out, True


def _engine_skips(seq) -> bool:
    """Whether the engine already skips ahead by itself: the pattern starts with a literal, a
    class, or alternatives that each start with a literal (its own prefix and charset)."""
    while seq and seq[0][0] is C.SUBPATTERN and not seq[0][1][1] and not seq[0][1][2]:
        seq = seq[0][1][3]
    if not seq:
        return False
    op, av = seq[0]
    if op in (C.LITERAL, C.IN):
        return True
    return op is C.BRANCH and all(alt and alt[0][0] is C.LITERAL for alt in av[1])


def first_class(pattern: str) -> str | None:
    """``[…]``: the characters a non-empty match of ``pattern`` starts with; None if unknown."""
    try:
        parsed = P.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE | re.LOCALE):
        return None
    try:
        first, empty = _first(parsed.data)
    except _Unbounded:
        return None
    if empty or not first:
        return None
    return "[" + "".join(sorted(first)) + "]"


def guarded(pattern: str) -> str:
    """``pattern`` with its first-character class in front as a look-ahead (same matches);
    unchanged where the engine skips ahead by itself (a guard would only cost)."""
    cls = first_class(pattern)
    if cls is None or _engine_skips(P.parse(pattern).data):
        return pattern
    flags = _LEADING_FLAGS.match(pattern).end()
    return f"{pattern[:flags]}(?={cls})(?:{pattern[flags:]})"
