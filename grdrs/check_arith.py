"""The draft's own arithmetic and its date slips (part of ``grdrs check``, see grdrs/check.py).

Arithmetic, on the draft's clean text and its amounts (precision first: a finding only where
the figures and their roles are clear, and the stated total misses by at most 35 %):

* **base + transfer = total**: a total in a sentence that says so (``demnach``, ``damit``,
  ``somit``, ``insgesamt``, ``ergibt sich``, ``beläuft sich``, ``Gesamtbudget``) against an
  addition stated just before it (an ``Ermächtigungsübertragung``, ``zusätzlich``, ``einmalig``
  … in the same or the two previous sentences) plus the base about the same thing stated
  earlier in the draft (same head noun, its period covering the total's): "Ermächtigungs-
  übertragung … 21.000 Euro. Das Budget in 2023 beläuft sich demnach auf 61.000 Euro" with
  "Budget von 40.000 EUR/Jahr für die Jahre 2022 und 2023" earlier. No finding when any
  combination of the figures around it (or a single one: a restatement) gives the total, when
  the total is a cap or a round figure (``maximal``, ``rund``), a count times a rate
  (``jeweils``) or an average, and no amount after ``von``/``auf`` (a level raised "von
  25.000 € auf 40.000 €") is an addition; a base is a plain statement, not a cell of a table
  row with several figures nor itself a total.
* **per-year × years**: a total for a period of N whole years against a ``/Jahr`` rate stated
  with it.
* **a list and its total**: ``Summe``/``Gesamt``/``Insgesamt`` after a run of table amounts
  (column by column when the total row has several); each figure may be off by half its last
  printed digit (rows rounded one by one), a total equal to the rows below some row (or to the
  last row alone) is a subtotal, and a run that stops at a row whose label holds an
  abbreviation ("u.a.", "städt.") and falls short of the total may have lost rows above.
* **``davon`` parts** that add up to more than their whole (parts with the whole's per-period
  marker; at most 35 % more, else a second total was read as a part; not after a rate,
  ``davon 5,5 % Ermäßigung``).
* **a step** ``von A um B auf C`` in one sentence (plus, or minus where it lowers).
* **parts and their sum in one sentence**: ``A, B sowie C, mithin zusammen D`` (parts joined by
  und/plus/sowie/commas, the sum word right before the total: ``zusammen``, ``insgesamt``,
  ``in Summe`` after at most the last part's own words and a connective), not with a subtotal
  between the parts, a clause of its own before the total, a remainder, share, rate, earlier
  or other figure (``einschließlich``, ``weitere``, ``Vorjahr``, ``bislang``, ``bewilligt``,
  ``Variante``) in the sentence, or any other combination of the sentence's figures giving it.

Dates: a date after the paper's own date, told as past — introduced with ``am`` in a sentence
in the past tense without any future or planning word, not inside quoted words („Die Satzung
tritt am 01.01.2018 in Kraft“), or heading a list item (``07.11.2023:``)
under a phase heading (``07/2022 – 12/2022 …``) that ended before the paper's date.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date
from decimal import Decimal
from itertools import combinations
from typing import Any

from .check_draft import Draft, DraftAmount, _finding, _fmt, _precision, days_between

_TOTAL_CUE = re.compile(
    r"\b(?:demnach|somit|damit|insgesamt|ergibt\s+sich|ergeben\s+sich|beläuft\s+sich|"
    r"belaufen\s+sich|belief\s+sich|beliefen\s+sich|zusammen|in\s+Summe|Gesamt\w*|gesamte[nm]?)\b", re.I)
_ADD_CUE = re.compile(
    r"(?:Ermächtigungsübertragung|Übertragung|Mittelübertragung|Budgetübertrag|Übertrag\b|"
    r"zusätzlich|zuzüglich|zzgl\.|\bplus\b|einmalig|Aufstockung|aufgestockt|Erhöhung|erhöht|"
    r"Nachtrag|Restmittel)", re.I)
# "weitere" adds only the figure it stands before ("weitere 3 Mio.", "weiteren Mittel in Höhe
# von 5.000 Euro"), not one a few clauses on ("über einen weiteren Beschluss des Gemeinderats
# ein befristetes Budget von 40.000 EUR/Jahr": a base)
_ADD_BEFORE = re.compile(r"\bweitere[n]?\b(?:\s+\S+){0,4}\s*$", re.I)
_SUM_LABEL = re.compile(r"(?:^|\n)[ \t|]*(?:Summe|Gesamtsumme|Gesamt|Insgesamt|Total|"
                        r"Summe\s+gesamt|Gesamtbetrag)\b[^\n\d]{0,40}$", re.I)
_DAVON = re.compile(r"\bdavon\b", re.I)
# in a sentence that raises something ("von 25.000 € auf 40.000 € erhöht", "Aufstockung … auf
# insgesamt"), the amount after "auf" is the new level and the one after "von" (with "auf" and
# an amount next) the old one: no addition ("Übertragung von 14.000 Euro", "beläuft sich auf
# 21.000 Euro" are additions)
_LEVEL = re.compile(r"\bauf\s+(?:insgesamt\s+|nunmehr\s+|nun\s+|sodann\s+)?$", re.I)
_FROM = re.compile(r"\bvon\s+$", re.I)
_TO = re.compile(r"\s*(?:€|Euro|EUR)?\s*auf\s+(?:insgesamt\s+|nunmehr\s+)?\d", re.I)
_RAISE = re.compile(r"erhöh|aufgestockt|Aufstockung|angehoben|gesteigert|gesenkt|reduziert", re.I)
# "14 Zentren, jeweils 15.000 €, gesamt …", "im Mittelwert über die Jahre 21,6 Mio. €"
_EACH = re.compile(r"\b(?:jeweils|Mittelwert|im\s+Mittel|Durchschnitt\w*|durchschnittlich)\b",
                   re.I)
_PER_ITEM = re.compile(r"\b(?:jeweils|je)\b", re.I)  # a table row's rate ("je Kind 75 €")
# a total said as a cap, a floor or a round figure ("insgesamt maximal 1.000 Euro", "rund 73.000
# Euro"): no claim that figures add up to it exactly
_HEDGE = re.compile(r"\b(?:maximal|höchstens|max\.|bis\s+zu|nicht\s+mehr\s+als|mindestens|"
                    r"rund|rd\.|ca\.|circa|etwa|ungefähr|knapp|auf\s+über|mehr\s+als)\s*(?:EUR|€)?\s*$",
                    re.I)
_SENT_DAVON = re.compile(r"^\W*Davon\b")
_CENTS = re.compile(r",\d\d\b")
# a label's abbreviation ("u.a.", "städt."): its period ends no sentence, so the rows above it
# may belong to the same table
_ABBREV = re.compile(r"\b(?:[^\W\d_]\.\s?[^\W\d_]|ggf|bzw|städt|inkl|zzgl|abzgl|ca|Nr|Str|usw|"
                     r"evtl|gem|lt|max|min)\.")  # u.a., e.V., z.B., d.h. and the words
# a rate's amount after "davon" ("davon 5,5 % Ermäßigung"), then the net: no parts
_RATE_OFF = re.compile(r"%\s*\w*(?:Ermäßigung|Rabatt|Abzug|Nachlass|Skonto)", re.I)
_NET = re.compile(r"abzgl|abzüglich|netto|verbleib", re.I)
# a figure just before an addition that is itself a total (an earlier item's "Gesamtentgelt: 60 €")
_BASE_TOTAL = re.compile(r"\b(?:insgesamt\b|Summe|Gesamt|belä?uf\w*\s+sich|belief\w*\s+sich|"
                         r"ergibt\s+sich|ergeben\s+sich)", re.I)  # ("Summe1.050.213 Euro")
_TABLE_GAP = re.compile(r"[^.!?]{0,160}")

_PAST = re.compile(
    r"\b(?:wurde|wurden|war|waren|fand|fanden|stattgefunden|hatte|hatten|genehmigte|"
    r"beschloss|beschlossen|erfolgte|erfolgten|teilgenommen|konstituiert|konstituierte|"
    r"begann|begannen|endete|lief|tagte|beriet|berieten|stimmte|nahm|nahmen|durchgeführt|"
    r"besucht|eröffnet|gestartet|abgeschlossen|veranstaltet|informiert|vorgestellt|"
    # what a committee has done ("hat am 22.04.2024 … zugestimmt", "hat sich … befasst")
    r"zugestimmt|empfohlen|befasst|vorberaten|verabschiedet|gebilligt)\b")
_FUTURE = re.compile(
    r"\b(?:wird|werden|soll|sollen|sollte|geplant|plant|planen|vorgesehen|voraussichtlich|"
    r"folgt|folgen|findet|finden|beginnt|künftig|kommende[nmr]?|nächste[nmr]?|verschoben|"
    r"vertagt|terminiert|angesetzt|einberufen|eingeladen|bis|spätestens|ab|befristet|"
    r"beabsichtigt|vorbehaltlich|Sitzungstermin|Frist)\b", re.I)
# the enactment formula of a statute or plan the paper proposes, dated with its session:
# "… hat der Gemeinderat am 22. Dezember 2020 folgende Satzung beschlossen:", "Aufgrund von
# § 15 … hat die Versammlung der Jagdgenossenschaft am 16. Oktober 2023 beschlossen:" (from
# the date to the end of its sentence, "mit Zustimmung der Wasserbehörde" allowed before
# "folgende"; after "folgende" the statute's long name may hold
# other dates; without "folgende" the sentence gives its legal basis, as such formulas do —
# "Der Ausschuss hat am … nach Beratung beschlossen:" reports a past decision)
_FOLGENDE = r"\s*(?:mit\s+Zustimmung\b[^:.;]{0,50}?\s)?(?:die\s+)?[Ff]olgende[nrs]?"
_ENACTED = re.compile(_FOLGENDE + r"\b[^:]{0,400}?\bbeschlossen\s*:")
_ENACTED_SHORT = re.compile(r"[^:]{0,200}?\bbeschlossen\s*:")
# … and, after a legal basis, "folgende Satzung … beschlossen." (the statute printed under it)
_ENACTED_DOT = re.compile(_FOLGENDE + r"\s+\w*(?:[Ss]atzung|[Oo]rdnung)\b[^:]{0,400}?"
                          r"\bbeschlossen\s*\.")
_LEGAL_BASIS = re.compile(r"\b[Aa]ufgrund\b|§|\bGBl\b")
# a blank to be filled in ("in der .....Mitglieder"; four dots may be an ellipsis): a form
_BLANK = re.compile(r"\.{5,}|_{4,}")
SESSION_DAYS = 120  # a paper's own session: its consultation table's first on or after its date
_AM = re.compile(r"(?:\b[Aa]m|\b[Vv]om|\bbereits\s+am)\s+$")
_SECTION = re.compile(r"\n[ \t]*\d{1,2}(?:\.\d{1,2})*\.?[ \t]+[A-ZÄÖÜ]")
_ITEM_HEAD = re.compile(r"[ \t]*(?:[-–—•·*▪][ \t]*)?")


def _sentence_index(draft: Draft):
    starts = [s for s, _ in draft.sentences]

    def index(pos: int) -> int:
        return max(0, bisect_right(starts, pos) - 1)
    return index


def _by_sentence(draft: Draft) -> dict[int, list[DraftAmount]]:
    """The draft's amounts by the index of their sentence, in order."""
    index = _sentence_index(draft)
    out: dict[int, list[DraftAmount]] = {}
    for a in draft.amounts:
        out.setdefault(index(a.cstart), []).append(a)
    return out


def _fig(a: DraftAmount, role: str) -> dict[str, Any]:
    return {"value": a.value, "value_to": a.value_to, "page": a.page,
            "quote": " ".join(a.text.split()), "role": role, "subject": a.subject}


def _tol(*amounts: DraftAmount, rounded: int = 0) -> Decimal:
    """How far a sum may miss: the coarsest figure's rounding; of ``rounded`` figures, half
    the last printed digit each (each rounded on its own: 179.612 + … = 884.129 printed as
    884.128)."""
    tol = max([_precision(a.text) for a in amounts] + [Decimal("0.005")])
    if rounded >= 3:  # half the last printed digit (a euro, a cent) per figure
        unit = Decimal("0.01") if any(_CENTS.search(a.text or "") or Decimal(a.value) % 1
                                      for a in amounts) else 1
        tol = max(tol, rounded * unit / 2)
    return tol


def _covers(base: DraftAmount, total: DraftAmount) -> bool:
    """Whether the base's period covers the total's (a base without a period covers any)."""
    if base.period_from is None and base.period_to is None:
        return True
    if total.period_from is None and total.period_to is None:
        return False
    lo, hi = base.period_from or "0000", base.period_to or "9999"
    return lo <= (total.period_from or "0000") and (total.period_to or "9999") <= hi


def _years(a: DraftAmount) -> int | None:
    """Whole years of an amount's period (2024-01-01 … 2025-12-31 → 2)."""
    if not (a.period_from and a.period_to):
        return None
    if a.period_from[5:] != "01-01" or a.period_to[5:] != "12-31":
        return None
    return int(a.period_to[:4]) - int(a.period_from[:4]) + 1


def arithmetic(draft: Draft) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    out += _totals(draft)
    out += _sum_lines(draft)
    out += _davon(draft)
    out += _steps(draft)
    out += _sums(draft)
    seen, unique = set(), []
    for f in out:
        key = (f["page"], f.get("start"), tuple(x["value"] for x in f["figures"]))
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _totals(draft: Draft) -> list[dict[str, Any]]:
    """base + transfer = total, and per-year × years."""
    out = []
    text = draft.text
    index = _sentence_index(draft)
    amounts = [a for a in draft.amounts if a.value_to is None]
    for i, t in enumerate(amounts):
        si = index(t.cstart)
        s_lo = draft.sentences[si][0] if draft.sentences else 0
        clause = text[s_lo:t.cstart]
        if not _TOTAL_CUE.search(clause) or _SUM_LABEL.search(text[max(0, t.cstart - 60):t.cstart]):
            continue
        if _hedged(text, t) or _EACH.search(
                text, draft.sentences[max(0, si - 1)][0] if draft.sentences else 0, t.cstart):
            continue  # a cap or a round figure, or a count times a rate: not a sum
        if _DAVON.search(clause):
            continue  # "davon …": a part, not a total
        lo_s = max(0, si - 2)
        lo = draft.sentences[lo_s][0] if draft.sentences else 0
        local = [a for a in amounts[:i] if a.cstart >= lo and a.currency == t.currency]
        if not local:
            continue
        head = t.facet.head
        bases = [a for a in amounts[:i] if a.cstart < lo and a.currency == t.currency
                 and head and a.facet.head and (a.facet.head == head or head.endswith(a.facet.head))
                 and _covers(a, t) and not _is_total(draft, a) and not _in_columns(a)]
        pool = local + _distinct(bases)
        tol = _tol(t, *pool)
        tv = Decimal(t.value)
        if any(abs(Decimal(a.value) - tv) <= tol for a in pool):
            continue  # a restatement
        # the parts may follow the total in its sentence ("um 7,6 Mio. € durch … (- 3,5 Mio. €),
        # … (- 1,2 Mio. €) und … (- 2,9 Mio. €)")
        s_hi = draft.sentences[si][1] if draft.sentences else len(text)
        after = [a for a in amounts[i + 1:] if a.cstart < s_hi and a.currency == t.currency]
        if _some_sum(after + pool, tv, tol):
            continue
        years = _years(t)
        rates = [a for a in pool if a.per == "year" and t.per is None]
        if years and years > 1 and any(abs(Decimal(a.value) * years - tv) <= tol for a in rates):
            continue
        # what the total claims to combine
        if years and years > 1 and len(rates) == 1 and not bases:
            r = rates[0]
            expect = Decimal(r.value) * years
            if _close(expect, tv):
                out.append(_finding(t, verdict="arithmetic", figures=[
                    _fig(r, "rate"), _fig(t, "total")], reason=(
                    f"{_fmt(r.value)} per year × {years} years = {_fmt(str(expect))}, "
                    f"not {_fmt(t.value)}")))
            continue
        adds = [a for a in local if a.cstart < t.cstart
                and _addition(text, a, draft.sentences[index(a.cstart)])]
        if len(adds) != 1:
            continue
        add = adds[0]
        # the base: stated earlier about the same thing, else a figure just before the addition
        options = bases or [a for a in local if a.cstart < add.cstart
                            and not _is_total(draft, a, _BASE_TOTAL)]
        options = sorted((b for b in _distinct(options)
                          if not (b.per and t.per and b.per != t.per)
                          and _close(Decimal(b.value) + Decimal(add.value), tv)),
                         key=lambda b: abs(Decimal(b.value) + Decimal(add.value) - tv))
        if not options:
            continue
        if len(options) > 1:  # several figures could be meant: only a clear favourite counts
            miss = [abs(Decimal(b.value) + Decimal(add.value) - tv) for b in options[:2]]
            if miss[0] * 3 > miss[1]:
                continue
        base = options[0]
        expect = Decimal(base.value) + Decimal(add.value)
        out.append(_finding(t, verdict="arithmetic", figures=[
            _fig(base, "base"), _fig(add, "addend"), _fig(t, "total")], reason=(
            f"{_fmt(base.value)} + {_fmt(add.value)} = {_fmt(str(expect))}, "
            f"not {_fmt(t.value)}")))
    return out


def _hedged(text: str, total: DraftAmount) -> bool:
    """A total said as a cap or a round figure ("insgesamt maximal 1.000 Euro")."""
    return bool(_HEDGE.search(text, max(0, total.cstart - 30), total.cstart))


def _addition(text: str, a: DraftAmount, sentence: tuple[int, int]) -> bool:
    """An amount stated as an addition: an addition cue in its sentence (up to 40 characters
    after it), and not a level the sentence raises from or to ("von 25.000 € auf 40.000 €
    erhöht")."""
    lo, hi = sentence
    if not (_ADD_CUE.search(text, lo, min(a.cend + 40, hi))
            or _ADD_BEFORE.search(text[max(lo, a.cstart - 60):a.cstart])):
        return False
    level = _RAISE.search(text, lo, hi) and (
        _LEVEL.search(text, max(0, a.cstart - 25), a.cstart)
        or (_FROM.search(text, max(0, a.cstart - 8), a.cstart) and _TO.match(text, a.cend)))
    return not level


def _in_columns(a: DraftAmount) -> bool:
    """A cell of a table row with several figures (plan, paid): which column is the base is
    not clear."""
    f = a.facet
    return f.cell is not None and len(f.rows[f.cell[0]][1]) > 1


def _is_total(draft: Draft, a: DraftAmount, cue: re.Pattern = _TOTAL_CUE) -> bool:
    """Whether an amount is itself stated as a total (a base is not): ``cue`` before it in its
    sentence (the figure just before an addition: only the narrower ``_BASE_TOTAL``, since
    "damit" or "zusammen" may stand in a plain statement)."""
    lo = draft.text.rfind("\n", 0, a.cstart) + 1
    for s_lo, s_hi in draft.sentences:
        if s_lo <= a.cstart < s_hi:
            lo = s_lo
            break
    return bool(cue.search(draft.text, lo, a.cstart))


def _distinct(amounts: list[DraftAmount]) -> list[DraftAmount]:
    seen, out = set(), []
    for a in reversed(amounts):
        if a.value not in seen:
            seen.add(a.value)
            out.append(a)
    return out


def _some_sum(pool: list[DraftAmount], total: Decimal, tol: Decimal) -> bool:
    values = [Decimal(a.value) for a in pool][:12]
    for k in range(2, min(4, len(values)) + 1):
        for combo in combinations(values, k):
            if abs(sum(combo) - total) <= tol:
                return True
    return False


def _close(expect: Decimal, stated: Decimal) -> bool:
    """A slip, not a different quantity: off by more than a cent, less than half."""
    return expect != stated and abs(expect - stated) <= stated * Decimal("0.35")


def _sum_lines(draft: Draft) -> list[dict[str, Any]]:
    """A run of table amounts and the ``Summe`` row after it (column by column)."""
    out = []
    text = draft.text
    amounts = draft.amounts
    i = 0
    while i < len(amounts):
        t = amounts[i]
        if not _SUM_LABEL.search(text[max(0, t.cstart - 60):t.cstart]):
            i += 1
            continue
        # the total row: t and the amounts right after it on the same line
        row = [t]
        j = i + 1
        while j < len(amounts) and re.fullmatch(r"[ \t|]*", text[row[-1].cend:amounts[j].cstart]):
            row.append(amounts[j])
            j += 1
        k = len(row)
        items: list[DraftAmount] = []
        m = i - 1
        nxt = t
        cut = False  # the run stops at a row whose label holds an abbreviation ("u.a.")
        while m >= 0 and len(items) < 40:
            gap = text[amounts[m].cend:nxt.cstart]
            label = nxt is not t and _SUM_LABEL.search(gap.rstrip(" \t|"))
            if not _TABLE_GAP.fullmatch(gap) or label or "\n\n" in gap:
                cut = not (label or "\n\n" in gap) and bool(_ABBREV.search(gap))
                break
            items.insert(0, amounts[m])
            nxt = amounts[m]
            m -= 1
        i = j
        if len(items) < 2 or len(items) % k or not _rows_of(text, items, k):
            continue
        for c in range(k):
            col = items[c::k]
            total = row[c]
            if any(a.currency != total.currency or a.value_to for a in col) or total.value_to:
                break
            tv = Decimal(total.value)
            tol = _tol(total, *col, rounded=len(col))
            # the figures below the total (a subtotal's items), or one of them restated
            ok = any(abs(sum(Decimal(a.value) for a in col[s:]) - tv) <= tol
                     for s in range(len(col)))
            if ok or _hedged(text, total) or any(
                    _PER_ITEM.search(text, text.rfind("\n", 0, a.cstart) + 1, a.cstart)
                    for a in col):
                continue  # a cap or round total, or a row's rate ("jeweils 15.000 €")
            got = sum(Decimal(a.value) for a in col)
            if not _close(got, tv) or (cut and got < tv):
                continue  # (short of the total: rows above the cut may belong to it)
            out.append(_finding(total, verdict="arithmetic", figures=[
                *(_fig(a, "item") for a in col), _fig(total, "total")], reason=(
                " + ".join(_fmt(a.value) for a in col) + f" = {_fmt(str(got))}, "
                f"not {_fmt(total.value)}")))
    return out


def _rows_of(text: str, items: list[DraftAmount], k: int) -> bool:
    """Whether the items above a total row of ``k`` figures stand in lines of ``k`` each (or
    all on one line): a table that leaves empty cells out has shorter lines, and its columns
    cannot be told from the order of its figures."""
    lines = [1]
    for a, b in zip(items, items[1:]):
        if "\n" in text[a.cend:b.cstart]:
            lines.append(0)
        lines[-1] += 1
    return len(lines) == 1 or all(n == k for n in lines)


def _davon(draft: Draft) -> list[dict[str, Any]]:
    """Parts after ``davon`` that add up to more than their whole."""
    out = []
    text = draft.text
    by_sentence = _by_sentence(draft)
    for si, group in by_sentence.items():
        lo, hi = draft.sentences[si] if draft.sentences else (0, len(text))
        sentence = text[lo:hi]
        m = _DAVON.search(sentence)
        if not m:
            continue
        cut = lo + m.start()
        parts = [a for a in group if a.cstart > cut]
        if parts and "%" in text[cut:parts[0].cstart] and (
                _RATE_OFF.search(text, cut, parts[0].cstart)
                or (len(parts) > 1 and _NET.search(text, parts[0].cend, parts[1].cstart))):
            continue  # "davon 5,5 % Ermäßigung": a rate's amount, then the net, not parts
        wholes = [a for a in group if a.cend <= cut]
        if not wholes and _SENT_DAVON.match(sentence) and si - 1 in by_sentence:
            wholes = by_sentence[si - 1][-1:]
        if not wholes or not parts:
            continue
        if len(wholes) > 1 and len(parts) > 1:
            continue  # a table row with columns: which part belongs to which whole is unclear
        whole = wholes[-1]
        if whole.value_to or any(p.value_to or p.currency != whole.currency for p in parts):
            continue
        if any((p.per or None) != (whole.per or None) for p in parts):
            continue  # parts per year against a whole once (or per month): not one sum
        total = sum(Decimal(p.value) for p in parts)
        if total > Decimal(whole.value) + _tol(whole, *parts) and _close(total, Decimal(
                whole.value)):  # a slip, not a second total read as a part
            out.append(_finding(parts[-1], verdict="arithmetic", figures=[
                _fig(whole, "whole"), *(_fig(p, "part") for p in parts)], reason=(
                "the parts " + " + ".join(_fmt(p.value) for p in parts)
                + f" = {_fmt(str(total))} exceed the whole {_fmt(whole.value)}")))
    return out


# a change from one level to another by a step, in one sentence: "von 103,6 Millionen Euro um
# 73,5 Millionen Euro auf 187,1 Millionen Euro"; its direction by the verb or noun
_VON, _UM, _AUF = (re.compile(rf"\b{w}\s+(?:(?:rund|rd\.|ca\.|etwa|insgesamt)\s+)?$", re.I)
                   for w in ("von", "um", "auf"))
_UP = re.compile(r"erhöh|steig|stieg|gestiegen|aufgestockt|Aufstockung|Erhöhung|Anstieg|"
                 r"Mehr(?:kosten|bedarf|aufwand)|zugenommen|wächst|wuchs", re.I)
_DOWN = re.compile(r"senk|gesunken|sinkt|sank|reduzier|verringer|Kürzung|gekürzt|vermindert|"
                   r"Minder|abgenommen|Rückgang", re.I)


def _steps(draft: Draft) -> list[dict[str, Any]]:
    """``von A um B auf C`` in one sentence where neither A + B nor A − B (as its verb says:
    raised, lowered) gives C."""
    out = []
    text = draft.text
    index = _sentence_index(draft)
    amounts = draft.amounts
    for k in range(len(amounts) - 2):
        a, b, c = amounts[k:k + 3]
        if len({index(x.cstart) for x in (a, b, c)}) > 1:
            continue
        if not (_VON.search(text, max(0, a.cstart - 30), a.cstart)
                and _UM.search(text, a.cend, b.cstart) and _AUF.search(text, b.cend, c.cstart)):
            continue
        if any(x.value_to or x.currency != a.currency or (x.per or None) != (a.per or None)
               for x in (b, c)):
            continue
        lo, hi = draft.sentences[index(a.cstart)] if draft.sentences else (0, len(text))
        sentence = text[lo:hi]
        up, down = bool(_UP.search(sentence)), bool(_DOWN.search(sentence))
        signs = (-1,) if down and not up else (1,) if up and not down else (1, -1)
        va, vb, vc = (Decimal(x.value) for x in (a, b, c))
        expect = va + signs[0] * vb
        if any(abs(va + sign * vb - vc) <= _tol(a, b, c) for sign in signs) or not _close(
                expect, vc):
            continue  # it adds up (or the figures are of other things: far off)
        sign = "+" if signs[0] > 0 else "−"
        out.append(_finding(c, verdict="arithmetic", figures=[
            _fig(a, "from"), _fig(b, "step"), _fig(c, "to")], reason=(
            f"{_fmt(a.value)} {sign} {_fmt(b.value)} = {_fmt(str(expect))}, "
            f"not {_fmt(c.value)}")))
    return out


# parts joined by "und"/"plus"/"sowie" and their total, in one sentence that says it is their
# sum: "Die Kosten von 2,5 Mio. Euro für den Neubau und 1,5 Mio. Euro für die Ausstattung
# ergeben zusammen 4,0 Mio. Euro"
_JOINED = re.compile(r"[^\d;:]{0,80}?(?:\bund\b|\bplus\b|\bsowie\b|\+|,)[^\d;:]{0,80}", re.I)
_SUM_SAID = re.compile(r"\b(?:zusammen|insgesamt|in\s+Summe|Summe|Gesamtsumme|addiert)\b", re.I)
# … said of these parts: between the last part and the total only the last part's own words
# ("für die Ausstattung"), a connective and the sum word (", mithin zusammen auf"); not a clause
# of its own ("…, die Gesamtkosten belaufen sich insgesamt auf", "…, im Vorjahr waren es
# zusammen", "…, einschließlich Ausstattung insgesamt", "… abgerufen, insgesamt sind")
_SUM_OF_THEM = re.compile(
    r"[\s,;]*(?:(?:für|bei|beim|im|in|an|am)\s+(?:der|die|das|den|dem|des\s+)?[^\d,;]{1,40}?"
    r"[\s,;]+)?"
    r"(?:(?:mithin|also|somit|damit|das\s+sind|ergeben|ergibt|ergeben\s+sich|ergibt\s+sich|"
    r"machen|macht|sind)\s+)*(?:zusammen|insgesamt|in\s+Summe)\s+(?:also\s+)?(?:auf\s+|von\s+)?",
    re.I)
# … not a difference, a share or a rate ("abzüglich der Förderung", "davon", "verbleibt ein
# Eigenanteil von", "jeweils")
_NO_SUM = re.compile(r"\b(?:abzüglich|abzgl|minus|davon|weniger|verbleib\w*|Eigenanteil|"
                     r"Differenz|Rest\w*|Anteil\w*|jeweils|je|pro|Mehrkosten|Minder\w*|"
                     r"einschließlich|inkl|weitere[nrs]?|Vorjahr\w*|ursprünglich\w*|bislang|"
                     r"bisher\w*|bewilligt\w*|Variante\w*)\b", re.I)


def _joined(text: str, lo: int, hi: int) -> bool:
    """Two parts joined (``und``, ``plus``, ``sowie``, ``+``, a comma), no total between them
    (``… 800.829 € Kosten insgesamt mit Support + Weiterentwicklung``: a subtotal)."""
    return bool(_JOINED.fullmatch(text, lo, hi)) and not _SUM_SAID.search(text, lo, hi)


def _sums(draft: Draft) -> list[dict[str, Any]]:
    """Parts and their total in one sentence (:data:`_JOINED`, :data:`_SUM_OF_THEM`) that do
    not add up, nor does any other combination of the sentence's figures give the total."""
    out = []
    text = draft.text
    for si, items in _by_sentence(draft).items():
        if len(items) < 3:
            continue
        total, parts = items[-1], [items[-2]]
        for x in reversed(items[:-2]):
            if not _joined(text, x.cend, parts[0].cstart):
                break
            parts.insert(0, x)
        if len(parts) < 2:
            continue
        lo, hi = draft.sentences[si] if draft.sentences else (0, len(text))
        if (not _SUM_OF_THEM.fullmatch(text, parts[-1].cend, total.cstart)
                or _NO_SUM.search(text, lo, hi) or _hedged(text, total)):
            continue
        if any(x.value_to or x.currency != total.currency or (x.per or None) != (total.per or None)
               for x in [*parts, total]):
            continue
        expect = sum(Decimal(p.value) for p in parts)
        stated = Decimal(total.value)
        tol = _tol(*parts, total, rounded=len(parts))
        if abs(expect - stated) <= tol or not _close(expect, stated) or _some_sum(
                items[:-1], stated, tol):
            continue
        out.append(_finding(total, verdict="arithmetic", figures=[
            *(_fig(p, "part") for p in parts), _fig(total, "total")], reason=(
            " + ".join(_fmt(p.value) for p in parts) + f" = {_fmt(str(expect))}, "
            f"not {_fmt(total.value)}")))
    return out


# --------------------------------------------------------------------------------------------
# dates

def settle(draft: Draft, date: str | None, title: str | None) -> list[str]:
    """Give the draft the date and title it is checked as: ``date`` (``--date``), else the
    date it prints, else :func:`text_date`; ``title`` (``--title``), else the title it prints.
    The warnings a reader needs about either."""
    warnings = []
    draft.title = title or draft.title
    if date:
        draft.date, draft.date_source = date, "--date"
    elif not draft.date:
        draft.date, draft.date_source = text_date(draft)
        if draft.date is None:
            warnings.append("the draft prints no date, consultation or past event: compared "
                            "with every paper, later ones included (give --date YYYY-MM-DD)")
        else:
            warnings.append(f"the draft prints no date of its own: dated {draft.date} from its "
                            f"{draft.date_source}; compared with papers up to then")
    if not draft.title:
        warnings.append("no title found in the draft: another year's edition of a recurring "
                        "paper (its title the same but for the years) is not told (give --title)")
    return warnings


def text_date(draft: Draft) -> tuple[str | None, str | None]:
    """A date for a draft that prints none (Karlsruhe Vorlagen): its first consultation (a
    paper is written before it is consulted), else the newest date it reports as past (told
    in the past tense, in a sentence without a future or planning word); (date, source)."""
    if draft.consultation_dates:
        return draft.consultation_dates[0], "consultation"
    index = _sentence_index(draft)
    past = []
    for cs, _ce, kind, dfrom, _dto, _span in draft.dates:
        if kind != "date" or not dfrom:
            continue
        lo, hi = draft.sentences[index(cs)] if draft.sentences else (0, len(draft.text))
        sentence = draft.text[lo:hi]
        if _PAST.search(sentence) and not _FUTURE.search(sentence):
            past.append(dfrom)
    return (max(past), "past date") if past else (None, None)


# a paper's text is revised until its session, weeks after the date it carries: a past event
# this close after that date is as likely a revision as a slip
SLIP_MARGIN_DAYS = 30


def date_slips(draft: Draft) -> list[dict[str, Any]]:
    """Dates the draft tells as past (or lists under a phase that has ended) although they lie
    after its own date; a past-tense event within SLIP_MARGIN_DAYS of it is left alone."""
    if not draft.date:
        return []
    try:
        date.fromisoformat(draft.date)  # an unreadable own date: no date findings
    except ValueError:
        return []
    text = draft.text
    index = _sentence_index(draft)
    periods = [d for d in draft.dates if d[2] == "period"]
    session = _session(draft)
    out = []
    for cs, ce, kind, dfrom, _dto, span in draft.dates:
        if kind != "date" or not dfrom or dfrom <= draft.date:
            continue
        line_start = text.rfind("\n", 0, cs) + 1
        line_end = text.find("\n", ce)
        line_end = len(text) if line_end < 0 else line_end
        reason = None
        if _ITEM_HEAD.fullmatch(text[line_start:cs]) and text[ce:ce + 2].lstrip().startswith(":"):
            phase = _phase(text, periods, line_start)
            if phase is not None and phase[1] and phase[1] < draft.date:
                reason = (f"{span.text} is listed under the phase „{phase[2]}“, which ended "
                          f"{phase[1]}, but lies after the paper's date {draft.date}")
        if (reason is None and _AM.search(text[max(0, cs - 12):cs])
                and (days_between(draft.date, dfrom) or 0) > SLIP_MARGIN_DAYS):
            si = index(cs)
            lo, hi = draft.sentences[si] if draft.sentences else (line_start, line_end)
            sentence = text[lo:hi]
            if (_PAST.search(sentence) and not _FUTURE.search(sentence) and dfrom > session
                    and not _quoted(text, lo, cs) and not _enacted(text, cs, ce, hi)
                    and not _BLANK.search(sentence)):
                reason = (f"{span.text} is told in the past tense but lies after the paper's "
                          f"date {draft.date}")
        if reason is None:
            continue
        f = _finding(None, verdict="date", value=dfrom, page=span.page, quote=span.text,
                     subject=" ".join(text[line_start:line_end].split())[:300], reason=reason)
        f.update(start=span.start, end=span.end)
        out.append(f)
    return out


def _quoted(text: str, lo: int, pos: int) -> bool:
    """Someone's words: an opening „ in the sentence not closed before ``pos``."""
    return text.rfind("„", lo, pos) > max(text.rfind(q, lo, pos) for q in '“”"')


def _enacted(text: str, cs: int, ce: int, hi: int) -> bool:
    """The date (``cs``–``ce``) is that of an enactment formula ending its sentence (``hi``):
    "folgende … beschlossen:", or "beschlossen:" or "folgende … beschlossen." after a law named
    in the paragraph before (600 characters at most: "Aufgrund von § 4 der Gemeindeordnung …
    (GBl. S. 581)")."""
    if _ENACTED.match(text, ce, hi):
        return True
    if not (_ENACTED_SHORT.match(text, ce, hi) or _ENACTED_DOT.match(text, ce, hi)):
        return False
    lo = max(0, cs - 600)
    para = max(text.rfind("\n\n", lo, cs), text.rfind("\n \n", lo, cs), lo)
    return _LEGAL_BASIS.search(text, para, cs) is not None


def _session(draft: Draft) -> str:
    """The draft's own session: the first date of its consultation table on or after its
    date, within SESSION_DAYS; an event up to it is no slip (the text is revised until then:
    "Anhörung Ortschaftsrat durchgeführt am …"). "" when there is none."""
    for day in draft.consultation_dates:  # sorted
        if day >= draft.date:
            return day if (days_between(draft.date, day) or 0) <= SESSION_DAYS else ""
    return ""


def _phase(text: str, periods, pos: int):
    """The phase heading above ``pos``: the nearest earlier line that starts with a period
    and is short (``07/2022 – 12/2022 Aufbau eines stadtweiten Netzwerks``)."""
    best = None
    for cs, ce, _kind, pfrom, pto, span in periods:
        if cs >= pos:
            break
        ls = text.rfind("\n", 0, cs) + 1
        if text[ls:cs].strip():
            continue
        le = text.find("\n", ce)
        le = len(text) if le < 0 else le
        if le - ls > 120:
            continue
        best = (pfrom, pto, " ".join(text[ls:le].split()), le)
    if best is not None and _SECTION.search(text, best[3], pos):
        return None  # a numbered section heading ends the phase
    return best
