"""Each page's text stored once: the reader's page text rebuilt exactly from its clean copy.

The store keeps a page's clean text (what search indexes and Datasette shows) and, beside it, a
short list of edits that turns it back into the text the reader returned, to which every
fact's offsets point. Cleaning only drops and replaces small pieces (running heads, page
numbers, ``-`` + line break, runs of blanks), so the edits are few and short; compressed they
cost a few per cent of the text.

The edits are found by a generic, exact alignment of the two strings (so a database written by
an older grdrs migrates the same way), and checked: :func:`restore_ops` rebuilds the text and,
should that ever differ, stores the whole text as one edit. :func:`restore` is exact by
construction. Standard library only.
"""

from __future__ import annotations

import json
import re
import zlib

# the next word (blanks and line breaks are what cleaning rewrites); at most 24 characters of it
_WORD = re.compile(r"[^ \t\n]{1,24}")
_SHORT = {1: 8, 2: 4, 3: 2}  # extra distance a prefix of this length pays
_WINDOW = 2000  # dropped lines (running heads, page numbers) are short: look this far first


def _common(a: str, i: int, b: str, j: int) -> int:
    """Length of the common prefix of a[i:] and b[j:] (a probe at b's next line break, where
    cleaning mostly changes something, then galloping, then binary search)."""
    n = min(len(a) - i, len(b) - j)
    lo = 0  # a[i:i+lo] == b[j:j+lo]
    probe = b.find("\n", j, j + n) - j
    if probe > 0 and a[i:i + probe] != b[j:j + probe]:
        hi = probe
    else:
        if probe > 0:
            if a[i + probe] != b[j + probe]:
                return probe
            lo = probe + 1
        step = 8
        k = lo + step
        while k < n and a[i + lo:i + k] == b[j + lo:j + k]:
            lo, step = k, step * 2
            k = lo + step
        if k >= n:
            if a[i + lo:i + n] == b[j + lo:j + n]:
                return n
            k = n
        hi = k  # a[i:i+hi] != b[j:j+hi]
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[i + lo:i + mid] == b[j + lo:j + mid]:
            lo = mid
        else:
            hi = mid
    return lo


def _resync(text: str, i: int, clean: str, j: int) -> tuple[int, int]:
    """(clean characters to skip, text position) where the texts agree again after a
    difference: at the next word of the clean text. Cleaning rewrites only blanks and line
    breaks, joins hyphenated words and drops whole lines, so the words themselves reappear in
    order; the blanks before the word in the clean text are skipped (they were made)."""
    m = _WORD.search(clean, j)
    if m is None:
        return len(clean) - j, len(text)
    k, word = m.start(), m.group()
    # A joined hyphen ("Be-⏎schlüsse") hides the whole word, and the word may recur further
    # on: of the word and its first letters, take the nearest place, a short prefix paying a
    # few characters of distance for being more likely to match by chance.
    pos = text.find(word, i, i + len(word) + 2)
    if pos >= 0:  # the common case (a blank dropped): no prefix can be nearer by its cost
        return k - j, pos
    best: tuple[int, int] | None = None
    for length in dict.fromkeys((len(word), 8, 3, 1)):
        if length <= len(word):
            pos = text.find(word[:length], i, i + _WINDOW)
            if pos >= 0:
                cost = pos - i + _SHORT.get(length, 0)
                if best is None or cost < best[0]:
                    best = (cost, pos)
    if best is not None:
        return k - j, best[1]
    pos = text.find(word, i)
    if pos < 0:
        return len(clean) - j, len(text)
    return k - j, pos


def diff(clean: str, text: str) -> list[tuple[int, int, str]]:
    """Edits (at, skip, insert): at clean offset ``at`` drop ``skip`` clean characters and put
    ``insert`` (text the cleaning removed or replaced) in their place."""
    ops: list[tuple[int, int, str]] = []
    i = j = 0
    n_clean, n_text = len(clean), len(text)
    while True:
        n = _common(text, i, clean, j)
        i += n
        j += n
        if j >= n_clean:
            if i < n_text:
                ops.append((j, 0, text[i:]))
            return ops
        if i >= n_text:
            ops.append((j, n_clean - j, ""))
            return ops
        skip, pos = _resync(text, i, clean, j)
        ops.append((j, skip, text[i:pos]))
        i, j = pos, j + skip


def apply(clean: str, ops: list[tuple[int, int, str]]) -> str:
    out, at = [], 0
    for pos, skip, insert in ops:
        out.append(clean[at:pos])
        out.append(insert)
        at = pos + skip
    out.append(clean[at:])
    return "".join(out)


def restore_ops(clean: str, text: str) -> bytes | None:
    """What the store keeps beside ``clean`` to rebuild ``text``: None when they are equal,
    else the edits as compressed JSON (the whole text as one edit if alignment failed)."""
    if clean == text:
        return None
    ops = diff(clean, text)
    if apply(clean, ops) != text:  # never expected; exactness first
        ops = [(0, len(clean), text)]
    flat: list = []
    at = 0
    for pos, skip, insert in ops:  # positions as steps from the end of the last edit
        flat += [pos - at, skip, insert]
        at = pos + skip
    return zlib.compress(json.dumps(flat, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def restore(clean: str, ops: bytes | None) -> str:
    """The reader's page text from the stored clean text and its restore ops."""
    if not ops:
        return clean
    flat = json.loads(zlib.decompress(ops))
    edits, at = [], 0
    for k in range(0, len(flat), 3):
        pos = at + flat[k]
        edits.append((pos, flat[k + 1], flat[k + 2]))
        at = pos + flat[k + 1]
    return apply(clean, edits)
