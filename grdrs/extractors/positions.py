"""Staff positions: pay grades and full-time equivalents (a kind of their own, never money).

Grades: ``EG 11``/``EG11``/``Entgeltgruppe 11`` → ``"EG 11"``; ``E 9``/``E 9a`` → ``"E 9"``
(as written); ``A 15``, ``A 13 g.D.``, ``B 3``, ``S 12``/``S 06`` → ``"S 6"``;
``Besoldungsgruppe A 13`` → ``"A 13"``. Bands ``A 13/A 14``, ``A 12 bis A 13``, ``EG 9b/10``
are one position with grade ``"A 13/A 14"``.

``A``, ``B``, ``E`` and ``S`` followed by a number are also motorways (``A 5``, ``A8``),
federal roads (``B 10``, ``B36``), fuels (``E10``) and page numbers, so such a grade counts only
in a sentence about staff (``Stelle``, ``VK``, ``Besoldung``, ``TVöD``, ``Stellenplan`` …) and
never in one about roads; ``EG``/``Entgeltgruppe``/``Besoldungsgruppe`` need no context.
Numbers are checked against the scales (A 2–16, B 1–11, S 2–18, E/EG 1–15).

FTE: ``1,0 VK``, ``0,5 VZÄ``, ``3 Vollzeitstellen``, ``2,5 Planstellen``, and ``0,5 Stellen``
(with ``Stelle(n)`` only a decimal share counts: ``2 Stellen`` may be places) → ``"1.0"``.
A grade and an FTE next to each other (``(1,0 VK, EG 11)``, ``EG 11 (0,5 VK)``) are one
position.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..decimal_parse import fte as fte_string
from ..model import Position

_LIMITS = {"A": (2, 16), "B": (1, 11), "S": (2, 18), "E": (1, 15), "EG": (1, 15),
           "W": (1, 3)}
_GRADE = re.compile(
    r"(?=[ABEST])(?<![\w./-])(?:(?:Besoldungsgruppe|BesGr\.?)[ \t]*(?=[AB][ \t]?\d))?"
    r"(?P<g1>(?:Entgeltgruppe|EGr?\.?|TVöD[- ]?E|E|A|B|S)[ \t]?\d{1,2}(?:[a-c](?![\w]))?)"
    r"(?![\w,.]\d|\d|[ \t]?[/-][ \t]?\d{3})"
    r"(?P<sfx>[ \t]*(?:g\.[ \t]?D\.|h\.[ \t]?D\.|m\.[ \t]?D\.|\+[ \t]?Z|Z(?![\w])))?"
    r"(?:[ \t]*(?:/|bis|–|-)[ \t]*"
    r"(?P<g2>(?:Entgeltgruppe|EGr?\.?|E|A|B|S)?[ \t]?\d{1,2}(?:[a-c](?![\w]))?)(?![\w,.]\d|\d))?")
_SPLIT = re.compile(r"(Entgeltgruppe|EGr?\.?|TVöD[- ]?E|E|A|B|S)?[ \t]?(\d{1,2})([a-c]?)")
# The first digit (group f) leads, its look-behind after it, so the engine skips to digits;
# the number is f + n (``1,0`` VK) or f + d (``0,5`` Stellen).
_FTE = re.compile(
    r"(?P<f>\d)(?<![\w.,]\d)(?:(?P<n>\d{0,2}(?:,\d{1,3})?)[ \t]*(?:VK|VZÄ|VZK|VZE|"
    r"Vollzeitäquivalente?|Vollzeitkräfte|Vollkräfte|Vollzeitstellen?|Planstellen?|Stellenanteile?)"
    r"(?![\w])|(?P<d>\d?,\d{1,3})[ \t]*Stellen?(?![\w]))")
_STAFF = re.compile(r"Stelle|VK\b|VZÄ|Besoldung|Entgelt|TVöD|TV-?L\b|TV-?SuE|SuE\b|Beamt|"
                    r"[Tt]arif|eingruppiert|Eingruppierung|[Bb]ewertet|Bewertung|Vollzeit|"
                    r"Teilzeit|Personal|Dotierung|Sachbearbeit|Beschäftigte")
_ROAD = re.compile(r"Autobahn|BAB\b|Bundesstra|[Ss]traße|Anschluss|Ausfahrt|Kreuz\b|Dreieck|"
                   r"Tank|Kraftstoff|Benzin|Linie|km/h|Spur|Verkehr|Trasse|Lärm")
_JOIN = re.compile(r"[ \t]*[,;(/]?[ \t]*(?:in[ \t]+|nach[ \t]+)?")


def _norm(letter: str | None, num: str, extra: str, default: str) -> tuple[str, int] | None:
    lt = (letter or default).rstrip(".")
    if lt in ("Entgeltgruppe", "EGr", "EG") or lt.startswith("TVöD"):
        lt = "EG"
    n = int(num)
    lo, hi = _LIMITS.get(lt, (0, 99))
    if not lo <= n <= hi:
        return None
    return f"{lt} {n}{extra}", n


def extract(ctx) -> list[Position]:
    text = ctx.text
    sentences: list[tuple[int, int]] = []
    starts: list[int] = []

    def sentence(pos: int) -> str:
        if not sentences:  # split only when a bare grade needs its sentence
            sentences.extend(ctx.sentences)
            starts.extend(s for s, _ in sentences)
        k = bisect_right(starts, pos) - 1
        if k >= 0 and sentences[k][1] > pos:
            return text[sentences[k][0]:sentences[k][1]]
        return text[max(0, pos - 150):pos + 150]

    grades: list[tuple[int, int, str]] = []
    for m in _GRADE.finditer(text):
        g1 = _SPLIT.fullmatch(m.group("g1"))
        if g1 is None:
            continue
        first = _norm(g1.group(1), g1.group(2), g1.group(3), "")
        if first is None:
            continue
        letter = first[0].split()[0]
        label = first[0]
        end = m.end("sfx") if m.group("sfx") else m.end("g1")
        if m.group("g2"):
            g2 = _SPLIT.fullmatch(m.group("g2").strip())
            second = g2 and _norm(g2.group(1), g2.group(2), g2.group(3), letter)
            if second and second[0].split()[0] == letter and second[1] >= first[1]:
                label, end = f"{label}/{second[0]}", m.end("g2")
        g1_text = m.group("g1")
        explicit = (m.start() != m.start("g1")  # "Besoldungsgruppe A 13"
                    or g1_text.startswith(("EG", "Entgeltgruppe", "TVöD")))
        if not explicit:
            ctx_text = sentence(m.start())
            if not _STAFF.search(ctx_text) or _ROAD.search(ctx_text):
                continue
        grades.append((m.start(), end, label))
    ftes: list[tuple[int, int, str]] = []
    for m in _FTE.finditer(text):
        num = m.group("f") + (m.group("n") if m.group("n") is not None else m.group("d"))
        try:
            ftes.append((m.start(), m.end(), fte_string(num)))
        except ValueError:
            continue
    out: list[Position] = []
    used: set[int] = set()
    fte_starts = [f[0] for f in ftes]
    for gs, ge, label in grades:
        pair = None
        k = bisect_right(fte_starts, gs - 40)
        while k < len(ftes) and ftes[k][0] <= ge + 12:
            fs, fe, _val = ftes[k]
            if k not in used and ((fe <= gs and _JOIN.fullmatch(text, fe, gs))
                                  or (ge <= fs and _JOIN.fullmatch(text, ge, fs))):
                pair = k
                break
            k += 1
        if pair is None:
            out.append(Position(label, None, ctx.span(gs, ge)))
        else:
            used.add(pair)
            fs, fe, val = ftes[pair]
            out.append(Position(label, val, ctx.span(min(gs, fs), max(ge, fe))))
    for j, (fs, fe, val) in enumerate(ftes):
        if j not in used:
            out.append(Position(None, val, ctx.span(fs, fe)))
    return out
