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
import zlib

_WINDOW = 4096  # how far ahead a dropped piece is looked for before the rest of the text
_ANCHORS = (24, 8, 3)  # lengths of clean text used to find where the texts meet again


def _common(a: str, i: int, b: str, j: int) -> int:
    """Length of the common prefix of a[i:] and b[j:] (galloping, then binary search)."""
    n = min(len(a) - i, len(b) - j)
    if a[i:i + n] == b[j:j + n]:
        return n
    lo, k = 0, 16
    while k < n and a[i:i + k] == b[j:j + k]:
        lo, k = k, k * 2
    hi = min(k, n)  # a[i:i+hi] != b[j:j+hi]
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[i + lo:i + mid] == b[j + lo:j + mid]:
            lo = mid
        else:
            hi = mid
    return lo


def _resync(text: str, i: int, clean: str, j: int) -> tuple[int, int]:
    """(clean chars to skip, text position) where the texts agree again after a difference."""
    best: tuple[int, int, int] | None = None
    for length in _ANCHORS:
        for skip in (0, 1, 2):
            if j + skip >= len(clean):
                break
            anchor = clean[j + skip:j + skip + length]
            pos = text.find(anchor, i, i + _WINDOW + len(anchor))
            if pos < 0 and best is None:
                pos = text.find(anchor, i)
            if pos >= 0:
                cost = pos - i + skip
                if best is None or cost < best[0]:
                    best = (cost, skip, pos)
        if best is not None:
            return best[1], best[2]
    return len(clean) - j, len(text)


def diff(clean: str, text: str) -> list[tuple[int, int, str]]:
    """Edits (at, skip, insert): at clean offset ``at`` drop ``skip`` clean characters and put
    ``insert`` (text the cleaning removed or replaced) in their place."""
    ops: list[tuple[int, int, str]] = []
    i = j = 0
    while True:
        n = _common(text, i, clean, j)
        i += n
        j += n
        if j >= len(clean):
            if i < len(text):
                ops.append((j, 0, text[i:]))
            return ops
        if i >= len(text):
            ops.append((j, len(clean) - j, ""))
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
    flat = [x for op in ops for x in op]
    return zlib.compress(json.dumps(flat, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def restore(clean: str, ops: bytes | None) -> str:
    """The reader's page text from the stored clean text and its restore ops."""
    if not ops:
        return clean
    flat = json.loads(zlib.decompress(ops))
    return apply(clean, [(flat[k], flat[k + 1], flat[k + 2]) for k in range(0, len(flat), 3)])
