"""Money amounts: exact values, currency, scale words, ranges, per-period markers, periods,
and the subject each amount belongs to.

Formats (council-papers.md §5): ``40.000 EUR/Jahr``, ``21.000 Euro``, ``2.000 EUR / Jahr``,
``30.200 €``, ``€ 100.000``, ``5,39 Mio. €``, ``rd. 25,20 Mio. Euro``, ``8.6 Mio. Euro``,
``1.118 T Euro``, ``260 T€``, ``80 TEUR``, ``3.704.966,97 €``, ``50.000,-- Euro``,
``4 300 000 €``, ``649.755 EUR/netto``, ``-36,6 Mio. Euro``, ``1,687 Mio. DM`` (currency
``DM``), ranges ``ca. 250.000 EUR – 300.000 EUR`` / ``5 bis 10 Mio. €`` (one amount with
``value_to``), a number whose ``EUR`` stands on the next line (negative at a line start:
``-3.001.567.084,49`` / ``EUR``; the currency cut by the end of the text), ``€ 2000``. A unit
price (``250 €/m²``, ``0,30 €/kWh``, ``12 € pro m²``, ``15 Euro Kaltmiete pro ⏎ Quadratmeter``)
is not an amount.

Precision first: a number is an amount only with a currency word next to it (``EUR``,
``Euro``, ``€``, ``DM``, ``TEUR`` …), so ``20.000 Menschen``, ``Teilhaushalt 810``, ``A 15``,
``EG 11``, ``1,0 VK`` and ``15,9 Mio. im Jahr`` never are. A bare year followed by a
currency on the next line (a table header ``2023`` / ``Euro``) is not an amount either, nor
is a bare year before its column's currency and figure (``Umsatzerlöse 2020 € 283.030,09``:
the amount is ``€ 283.030,09``).

Values are :class:`decimal.Decimal`, never float, written with two places (``"40000.00"``).
The span covers the number through the currency and an attached ``/Jahr`` or ``p.a.``;
``i.H.v.``, ``rd.``, ``ca.`` before it stay outside.

``per``: ``"year"`` for ``/Jahr``, ``p.a.``, ``pro/je Jahr``, ``jährlich`` (right after the
amount, or shortly before it with no other number between, or a heading line above it),
``Folgekosten``/``Folgelasten``, ``je``/``jeweils`` an amount over several years, a budget's
change (``Budget von A um B auf C``) with one yearly amount in it; ``"month"`` for ``/Monat``,
``monatlich``, ``pro/je Monat``.

``period_from``/``period_to``: a period stated next to the amount in its sentence, found
with :func:`grdrs.extractors.dates.find`: one right after it in the same clause
(``40.000 EUR/Jahr für die Jahre 2022 und 2023``, ``… ist befristet für die Jahre 2022/2023``,
``2.000 EUR / Jahr (befristet für die Jahre 2024/2025)``), else the nearest one before it
with no other amount between (``ab 2024 in Höhe von 57.000 EUR / Jahr``,
``Das Budget in 2023 beläuft sich auf 61.000 Euro``). Day dates are not periods here.
In an enumeration a year right after an amount is that amount's, never the next one's
(``7,8 Mio. Euro in 2023, 9 Mio. Euro in 2024 und 13 Mio. Euro …``; ``61 Mio. Euro (2024)``),
unless it opens a line with the next figure on it (a table row's label); a bare year after
the amount before (and its year) is the next amount's own when no period follows the amount
(``5,5 Mrd. Euro in 2023 und 2024 sogar auf rund 5,8 Mrd. Euro``, ``2017 ca. 64.000 Euro,
2018 ca. 127.000 Euro``), not before ``je``/``jeweils`` or a conjunction (``für 2026 und 2027
sowie 50.000 Euro``); ``… in den Folgejahren`` after an amount of one year: from the next
year, open-ended.

``subject``: the sentence (``ctx.sentences``) around the amount with whitespace collapsed,
list bullets and ``(vgl. …)``/``(siehe …)`` asides removed; a long sentence is cut to the
clause holding the amount (at ``;`` and at ``,`` before a subordinate clause) and to at most
:data:`SUBJECT_MAX` characters around it. This is what ``check`` matches amounts on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal

from ..decimal_parse import BLANK_DECIMAL, money, parse_number, scale_factor
from ..model import Amount
from .dates import find as find_dates

SUBJECT_MAX = 240

_NUM = (r"\d{1,6}\.\d{1,2}(?=[ \t]*(?:Mio|Mrd|Mill|Tsd))"
        rf"|{BLANK_DECIMAL}"  # "180.165, 41 Euro": one figure, not "41 Euro"
        r"|(?:\d{1,3}(?:\.\d{3}){1,5}|\d{1,3}(?: \d{3}){1,5}(?!\d|\.\d)|\d{1,12})"
        r"(?:,(?:\d{1,4}|[-–]{1,2}))?(?!\d)")
_SCALE = (r"(?:Mio|Mrd|Mill|Tsd)(?:\.|(?![\w]))|Millionen(?![\w])|Million(?![\w])"
          r"|Milliarden(?![\w])|Milliarde(?![\w])|Tausend(?![\w])")
# (the last alternative: a currency word cut by the end of the text, "10.476.279,92\nE")
_CUR = r"(?:(?:EURO?|Euro|€|DM)(?![\wäöüÄÖÜß])|(?:EU?|Eur?)(?=\s*\Z))"
_GAP = r"[ \t]*(?:\n[ \t]*)?"
_SEP = r"[ \t]*(?:[-–—]|bis(?:[ \t]+zu)?)[ \t]*(?:\n[ \t]*)?"


def _tail(n: str) -> str:
    return (rf"{_GAP}(?:(?P<s{n}>{_SCALE}){_GAP})?(?:(?P<t{n}>T|k)[ \t]?)?"
            rf"(?P<c{n}>{_CUR})")


_TAIL_ANON = rf"{_GAP}(?:(?:{_SCALE}){_GAP})?(?:[Tk][ \t]?)?{_CUR}"
_PER_TAIL = (r"(?P<per>[ \t]*/[ \t]*(?:Jahr|J\.|a|Monat|Mon\.|Mt\.)(?![\w])"
             r"|[ \t]+p\.[ \t]?a\.)?")
_AMOUNT = re.compile(
    r"(?=[\d€E\-−])(?<![\w.,/])"
    r"(?:"
    # number first: "40.000 EUR", "5,39 Mio. €", "260 T Euro", ranges
    rf"(?=(?:[-−]?)(?:{_NUM})(?:{_TAIL_ANON}|{_SEP}(?:{_NUM}){_TAIL_ANON}))"
    rf"(?:(?<=[ \t\n(=:;])(?P<neg>[-−])(?=\d))?(?P<n1>{_NUM})(?:{_tail('1')})?"
    rf"(?:(?P<sep>{_SEP})(?P<n2>{_NUM}){_tail('2')})?{_PER_TAIL}"
    # currency first: "€ 100.000", "EUR 2,5 Mio."
    rf"|(?P<pc>EURO?|Euro|€)[ \t]*(?P<pn>{_NUM})(?:[ \t]*(?P<ps>{_SCALE}))?(?![\d])"
    ")")
_YEARLIKE = re.compile(r"(?:19|20)\d\d")
# "€ 2000" is an amount; "in € 2023 2024" or "(€) 2023/2024" a column header, "Euro 2024" an event
_YEAR_HEAD_BEFORE = re.compile(r"(?:\bin|[(\[/])[ \t]*$")
_YEAR_HEAD_AFTER = re.compile(r"[ \t]*(?:[/–-]|(?:19|20)\d\d(?!\d))")
# A unit price is not an amount: "250 €/m²", "980 EUR/m²", "12 Euro je Quadratmeter", also
# with a noun or two between, across a line break: "15 Euro Kaltmiete pro ⏎ Quadratmeter"
_LINE_GAP = r"(?:[ \t]+(?:\n[ \t]*)?|\n[ \t]*)"  # blanks, at most one line break
_MEASURE = (r"(?:m²|m2|qm|m³|m3|lfm|ha|km|kWh|MWh|t|kg|Stück|Stk\.?|Std\.?|Stunde|h|Einw\.?"
            r"|Einwohner(?:in)?|EW|Quadratmeter|Kubikmeter|Kilowattstunde)")
# a rate per person or case: "1 Euro pro Person", "100 Euro je Kind und Monat", "für jedes Kind"
# — "für den/das/die" only before a measure: "461 T€ für den Fall eines …", "2 Mio. Euro für
# den Platz vor …", "für den Tag der offenen Tür", "für die Fahrt nach …" are totals
_HEAD = (r"(?:Person|Kopf|Teilnehmer(?:in)?|Teilnehmende[nr]?|Kind|Schüler(?:in)?|Platz|Tag"
         r"|Nacht|Übernachtung|Fahrt|Fahrgast|Ticket|Mitglied|Fall)")
_UNIT_AFTER = re.compile(
    rf"(?:{_LINE_GAP}(?:[A-ZÄÖÜ][\wäöüß-]*|netto|brutto|kalt|warm)(?=[\s/])){{0,2}}"
    rf"(?:(?:[ \t]*/[ \t]*|{_LINE_GAP}(?:pro|je|für{_LINE_GAP}(?:jeden|jedes|jede|einen|ein"
    rf"|eine)){_LINE_GAP})(?:(?:Jahr|Monat|Tag){_LINE_GAP}und{_LINE_GAP})?(?:{_MEASURE}|{_HEAD})|{_LINE_GAP}für{_LINE_GAP}(?:den|das|die)"
    rf"{_LINE_GAP}{_MEASURE})(?![\wäöüß]|-[^\W\d_])")  # (not "für ein Ticket-System")
# running costs are yearly: "Folgekosten von 1.860.022 EUR", "jährliche Folgelasten: 80 T€"
_FOLGE = re.compile(r"\bFolge(?:kosten|lasten)\b(?P<rest>[^\d\n]{0,40})$")
# a budget's change: "Budgets von A (um B) auf C"
_CHANGE = re.compile(r"\s+(?:um|auf)\s+(?:(?:rd\.|ca\.|rund|etwa|insgesamt)\s+)?")
_BUDGET = re.compile(r"\bBudget\w*", re.IGNORECASE)
# a heading line (no digit, no full stop) right above the line an amount opens
_HEAD_ABOVE = re.compile(r"(?:^|\n)[ \t]*(?P<h>[^\n\d.]{3,60})[ \t]*\n[ \t]*$")
_YEARLY_HEAD = re.compile(r"\b[Jj]ährlich\w*|\bFolge(?:kosten|lasten)\b|\bpro[ \t]+Jahr\b|\bp\.[ \t]?a\.")
_EACH = re.compile(r"\b(?:je|jeweils)[ \t]+(?:(?:rd\.|ca\.|rund|etwa|bis[ \t]+zu)[ \t]+)?$")
_ONCE_BEFORE = re.compile(r"einmalig", re.IGNORECASE)

# (a line may break between "pro" and "Jahr": "10.000 Euro pro ⏎ Jahr")
_PER_AFTER = re.compile(
    rf"[ \t\n)/]*(?:(?P<y>p\.[ \t]?a\.|(?:pro|je){_LINE_GAP}(?:Haushalts|Kalender)?[Jj]ahr\b"
    rf"|jährlich\b|im{_LINE_GAP}Jahr\b(?![ \t]*\d)|per[ \t]+anno\b)"
    rf"|(?P<m>(?:pro|je){_LINE_GAP}(?:Kalender)?[Mm]onat\b|monatlich\b|im{_LINE_GAP}Monat\b))")
_PER_BEFORE = re.compile(
    r"(?:(?P<y>\b[Jj]ährlich\w*|\bp\.[ \t]?a\.|\b(?:pro|je)[ \t]+(?:\w+[ \t]+und[ \t]+)?"
    r"(?:Haushalts|Kalender)?[Jj]ahr\b|\bJahresbetrag|\bjahresdurchschnittlich\w*)"
    r"|(?P<m>\bmonatlich\w*|\b(?:pro|je)[ \t]+(?:\w+[ \t]+und[ \t]+)?(?:Kalender)?[Mm]onat\b))"
    r"(?P<rest>[^\d\n]{0,40})$")
_AFTER_GAP_OK = re.compile(
    r"[\s(]*(?:(?:ist|sind|war|waren|wird|werden|jeweils|zunächst|nur|ebenfalls|insgesamt)\s+)*"
    r"(?:(?:un)?befristet\s*)?")
_LABEL = re.compile(r"[ \t]*[:=][ \t]*")
_CUE = re.compile(r"\b(?:für|in|im|ab|seit)\b")
_YEAR_PAREN = re.compile(r"[ \t]*\(((?:19|20)\d\d)\)")
# an enumeration's next year before its amount, after the amount before and that one's own
# year: "… Euro in 2023 und 2024 sogar auf rund …", "… Euro (2023), 2024 …"
_NEXT_YEAR = re.compile(
    r"(?:\s*(?:(?:in|für|im\s+Jahr)\s+)?\(?(?:19|20)\d\d\)?)?\s*(?:,|;|und|sowie|bzw\.|oder)\s+"
    r"(?P<y>(?:19|20)\d\d)\s+(?:(?!(?:je|jeweils|und|sowie|oder|bzw)\b)[a-zäöüß]+\.?\s+){0,4}")
_FOLLOWING = re.compile(r"\s+(?:in|für)\s+den\s+(?:Folgejahren|folgenden\s+Jahren)\b")
_ASIDE = re.compile(r"\s*\((?:vgl|siehe|s\.|s\. a|Anlage)\b[^()]*\)")
_BULLET = re.compile(r"^(?:[-–—•·▪►■*○◦]|\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}(?:\.\d{1,2})+(?=\s[A-ZÄÖÜ])"
                     r"|[a-z]\))\s+")
_CLAUSE = re.compile(r";\s+|,\s+(?=(?:da|weil|wobei|sodass|so dass|damit|dass|wenn|während|"
                     r"obwohl|nachdem|welche[rsm]?|die|der|das|den|dem|und|sowie|wodurch|"
                     r"womit|worin)\b)")
_WS = re.compile(r"\s+")
# Between two amounts that share a per-marker stated before the first: a coordination
# ("… EUR Sachkosten sowie rd. 76 T Euro") or a share of the first ("…; davon entfallen 1.118 T Euro").
_COORD = re.compile(r"\s*(?:[A-Za-zÄÖÜäöüß*-]+\s+){0,2}(?:sowie|und|zuzüglich|zzgl\.|plus)\s+"
                    r"(?:(?:rd\.|ca\.|rund|etwa|weitere|zusätzlich)\s+)?")
_ONCE = re.compile(r"[ \t\n]*(?:\w+[ \t\n]+){0,2}?einmalig")
_SHARE = re.compile(r"\s*[;,:]?\s*(?:und\s+)?davon\s+(?:[a-zäöüß]+\s+){0,3}(?:(?:rd\.|ca\.|rund|etwa)\s+)?")
# "Den jährlichen Aufwendungen von A und den nach Saldierung mit den Erträgen von B …": a
# second noun phrase of the same clause
_COORD_NP = re.compile(r"\s*(?:und|sowie)\s+(?:den|die|der|dem)\s+[^\d;:.()]{0,60}?\s(?:von|über|in\s+Höhe\s+von)"
                       r"\s+(?:(?:rd\.|ca\.|rund|etwa)\s+)?")



def extract(ctx) -> list[Amount]:
    text = ctx.text
    found: list[tuple[int, int, Decimal, Decimal | None, str, str | None]] = []
    for m in _AMOUNT.finditer(text):
        for item in _read(m, text):
            found.append(item)
    out: list[Amount] = []
    if not found:
        return out
    sentences = ctx.sentences  # split only when there is an amount
    starts = [s for s, _ in sentences]
    spans = [(s, e) for s, e, *_ in found]
    prev = None  # (end, sentence, per, period, per stated before the amount)
    periods: dict[tuple[int, int], list] = {}  # the periods of each sentence: found once
    for i, (start, end, value, value_to, currency, per) in enumerate(found):
        k = bisect_right(starts, start) - 1
        j = bisect_right(starts, end - 1) - 1  # an amount split by a line break: join
        lo = sentences[k][0] if k >= 0 and sentences[k][1] > start else start
        hi = max(end, sentences[j][1]) if j >= 0 else end
        sent = (lo, hi)
        before = False
        if per is None:
            per, before = _per(text, start, end, sent)
        if sent not in periods:
            periods[sent] = [p for p in find_dates(text[lo:hi]) if p[2] == "period"]
        pfrom, pto = _period(text, start, end, sent, periods[sent], spans, i)
        if pfrom is None and pto is None and prev is not None and prev[1] == sent:
            pfrom, pto = _following_years(text, end, prev[3])
        if per is None and pfrom and pto and pfrom[:4] < pto[:4] and _EACH.search(
                text, max(lo, start - 30), start):
            per = "year"  # "je 3 Mio. EUR in den Haushaltsjahren 2024 und 2025"
        if (per is None and prev is not None and prev[4] and prev[1][0] <= start < prev[1][1]
                and (_COORD.fullmatch(text, prev[0], start) or _SHARE.fullmatch(text, prev[0], start)
                     or _COORD_NP.fullmatch(text, prev[0], start))
                and not _ONCE.match(text, end)):
            # "jährlich 57.000 EUR Sachkosten sowie rd. 76 T Euro Personalkosten", "jährlich
            # 25,20 Mio. Euro; davon entfallen 1.118 T Euro …": the marker covers both
            per, before = prev[2], True
            if pfrom is None and pto is None:
                pfrom, pto = prev[3]
        prev = (end, sent, per, (pfrom, pto), before)
        out.append(Amount(
            value=money(value), value_to=None if value_to is None else money(value_to),
            currency=currency, per=per, period_from=pfrom, period_to=pto,
            subject=_subject(text, start, end, sent), span=ctx.span(start, end)))
    return _budget_changes(text, out, found, sentences, starts)


def _budget_changes(text: str, out: list[Amount], found, sentences, starts) -> list[Amount]:
    """"Aufstockung des Budgets von 25.600 EUR um 37.100 EUR auf 62.700 EUR": a budget's
    change is stated in one unit; when one amount of the chain is yearly (marked here, or its
    value marked yearly elsewhere in the paper), so are the others."""
    yearly = {(a.value, a.currency) for a in out if a.per == "year"}
    if not yearly:
        return out
    res = list(out)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and _CHANGE.fullmatch(text, found[j][1], found[j + 1][0]):
            j += 1
        if j > i:
            k = bisect_right(starts, found[i][0]) - 1
            sent = text[sentences[k][0]:found[i][0]] if k >= 0 else ""
            chain = out[i:j + 1]
            if _BUDGET.search(sent) and all(a.currency == chain[0].currency for a in chain) and any(
                    (a.value, a.currency) in yearly for a in chain):
                for n in range(i, j + 1):
                    if res[n].per is None:
                        a = res[n]
                        res[n] = Amount(a.value, a.value_to, a.currency, "year", a.period_from,
                                        a.period_to, a.subject, a.span)
        i = j + 1
    return res


def _factor(m: re.Match, n: str) -> Decimal:
    return scale_factor(m.group(f"s{n}") or m.group(f"t{n}"))


def _read(m: re.Match, text: str):
    """(start, end, value, value_to, currency, per) of the amounts in one match."""
    per = None
    if m.group("per"):
        per = "month" if "mon" in m.group("per").lower() or "mt" in m.group("per").lower() \
            else "year"
    if _UNIT_AFTER.match(text, m.end()):
        return []
    if m.group("pn"):
        num, scale = m.group("pn"), m.group("ps")
        if not scale and _YEARLIKE.fullmatch(num) and (
                m.group("pc") != "€"  # "Euro 2024" is the championship
                or _YEAR_HEAD_BEFORE.search(text, max(0, m.start() - 8), m.start())
                or _YEAR_HEAD_AFTER.match(text, m.end())):
            return []
        try:
            value = parse_number(num, dot_decimal=bool(scale)) * scale_factor(scale)
        except ValueError:
            return []
        return [(m.start(), m.end(), value, None, _currency(m.group("pc")), per)]
    neg = m.group("neg") or ""
    n1, c1, n2, c2 = m.group("n1"), m.group("c1"), m.group("n2"), m.group("c2")
    try:
        v1 = parse_number(neg + n1, dot_decimal=bool(m.group("s1") or m.group("s2")))
        v2 = parse_number(n2, dot_decimal=bool(m.group("s2"))) * _factor(m, "2") if c2 else None
    except ValueError:
        return []
    start = m.start("neg") if neg else m.start("n1")
    if c1:
        gap = text[m.end("n1"):m.start("c1")]
        if "\n" in gap and _YEARLIKE.fullmatch(n1):
            return []  # a year above a currency header line
        if _YEARLIKE.fullmatch(n1) and not m.group("s1") and not m.group("t1") and not c2:
            after = _MONEY_AFTER.match(text, m.end())
            if after and not _TAIL_AFTER.match(text, after.end()):
                # "Umsatzerlöse 2020 € 283.030,09": the year labels a column in €, the money
                # is the figure after it (currency first)
                try:
                    value = parse_number(after.group(1))
                except ValueError:
                    return []
                return [(m.start("c1"), after.end(), value, None, _currency(c1), None)]
        if c1 not in _CURRENCY_WORDS and not _MONEY_SHAPE.fullmatch(n1):
            return []  # a word cut at the end of the text after "12 " ("12 Eu…") is no euro
        v1 = v1 * _factor(m, "1")
        cur = _currency(c1)
    elif c2:
        v1 = v1 * _factor(m, "2")
        cur = _currency(c2)
    else:
        return []
    if c2 is None:
        return [(start, m.end(), v1, None, cur, per)]
    if v1 > 0 and v1 < v2 <= v1 * 20 and _currency(c2) == cur:
        return [(start, m.end(), v1, v2, cur, per)]
    second = (m.start("n2"), m.end(), v2, None, _currency(c2), per)
    if c1:
        return [(start, m.end("c1"), v1, None, cur, None), second]
    return [second]


_CURRENCY_WORDS = {"EUR", "EURO", "Euro", "€", "DM"}
# a cut currency word counts only after a number shaped like money: "10.476.279,92", "830,50"
_MONEY_SHAPE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d{2})?|\d+,\d{2}")
# a money-shaped figure right after a year's currency, and a currency after that figure
_MONEY_AFTER = re.compile(rf"[ \t]*(-?(?:{_MONEY_SHAPE.pattern}))(?![\d.,])")
_TAIL_AFTER = re.compile(_TAIL_ANON)


def _currency(word: str) -> str:
    return "DM" if word == "DM" else "EUR"


def _per(text: str, start: int, end: int, sent: tuple[int, int]) -> tuple[str | None, bool]:
    """``per`` of an amount, and whether its marker stands before it (``jährlich 57.000 EUR``)."""
    after = _PER_AFTER.match(text, end, min(sent[1], end + 30))
    if after:
        return ("year" if after.group("y") else "month"), False
    lo = max(sent[0], start - 60)
    before = _PER_BEFORE.search(text, lo, start)
    if before and len(before.group("rest")) <= 40:
        return ("year" if before.group("y") else "month"), True
    folge = _FOLGE.search(text, lo, start)
    if folge and not _ONCE_BEFORE.search(text, lo, start):
        return "year", True
    head = _HEAD_ABOVE.search(text, max(0, start - 80), start)
    if head and _YEARLY_HEAD.search(head.group("h")) and not _ONCE_BEFORE.search(head.group("h")):
        return "year", True  # a table heading "Jährliche Folgekosten" above the amount's line
    return None, False


def _year(y: str) -> tuple[str, str]:
    return f"{y}-01-01", f"{y}-12-31"


def _follows(text: str, end: int, ps: int, pe: int, nxt: int) -> bool:
    """A period at ``ps``–``pe`` stands right after an amount ending at ``end``: it is that
    amount's (``40.000 EUR/Jahr für die Jahre 2022 und 2023``), unless it labels what follows
    (``… 2.058 € ab 2011: 4.117 €``), or opens a line and the next amount (at ``nxt``) follows
    it at once: a table row's label (``-855.940 € ⏎ im Jahr 2014 70.183.730 €``)."""
    if _LABEL.match(text, pe) or (not text[pe:nxt].strip(" \t") and not text[
            text.rfind("\n", 0, ps) + 1:ps].strip()):
        return False
    return bool(_AFTER_GAP_OK.fullmatch(_CUE.sub("", text[end:ps])))


def _period(text, start, end, sent, periods, spans, i):
    """(from, to) of the period stated next to an amount; ``periods`` are those of its
    sentence ``sent`` (offsets into the sentence)."""
    lo, hi = sent
    paren = _YEAR_PAREN.match(text, end, hi)
    if paren:  # "61 Mio. Euro (2024)"
        return _year(paren.group(1))
    prev = spans[i - 1][1] if i > 0 else lo
    nxt = spans[i + 1][0] if i + 1 < len(spans) else hi
    best = None
    for ps, pe, _kind, pfrom, pto in periods:
        ps, pe = ps + lo, pe + lo
        if end <= ps < nxt:
            if _follows(text, end, ps, pe, nxt):
                return best[:2] if best and best[2] else (pfrom, pto)
        elif pe <= start and ps >= prev and start - pe <= 80 and not (
                i > 0 and lo <= prev and _follows(text, prev, ps, pe, start)):
            # (not one right after the amount before: "7,8 Mio. Euro in 2023, 9 Mio. Euro")
            best = (pfrom, pto, bool(_LABEL.fullmatch(text, pe, start)))
    if lo <= prev:  # "5,5 Mrd. Euro in 2023 und 2024 sogar auf rund 5,8 Mrd. Euro"
        bare = _NEXT_YEAR.fullmatch(text, prev, start)
        if bare and not any(ps + lo <= bare.start("y") < pe + lo for ps, pe, *_ in periods):
            return _year(bare.group("y"))
    return best[:2] if best else (None, None)


def _following_years(text: str, end: int, before: tuple) -> tuple[str | None, str | None]:
    """"… 9 Mio. Euro in 2024 und 13 Mio. Euro in den Folgejahren": from the year after the
    one the amount before stated (a whole calendar year), open-ended."""
    pfrom, pto = before
    if (pfrom and pto and pfrom[5:] == "01-01" and pto[5:] == "12-31" and pfrom[:4] == pto[:4]
            and _FOLLOWING.match(text, end)):
        return f"{int(pto[:4]) + 1}-01-01", None
    return None, None


def _subject(text: str, start: int, end: int, sent: tuple[int, int]) -> str:
    lo, hi = sent
    s = text[lo:hi]
    a, b = start - lo, end - lo
    # drop "(vgl. …)" asides that do not hold the amount
    parts, last, shift_a, shift_b = [], 0, 0, 0
    for m in _ASIDE.finditer(s):
        if m.start() < b and a < m.end():
            continue
        parts.append(s[last:m.start()])
        if m.end() <= a:
            shift_a += m.end() - m.start()
        if m.end() <= b:
            shift_b += m.end() - m.start()
        last = m.end()
    if parts:
        parts.append(s[last:])
        s, a, b = "".join(parts), a - shift_a, b - shift_b
    if len(s) > SUBJECT_MAX:  # cut to the clause that holds the amount
        bounds = list(_CLAUSE.finditer(s))
        left = max([0] + [m.end() for m in bounds if m.end() <= a])
        right = min([len(s)] + [m.start() for m in bounds if m.start() >= b])
        s, a, b = s[left:right], a - left, b - left
    if len(s) > SUBJECT_MAX:  # still long: a window around the amount, at word boundaries
        room = max(0, SUBJECT_MAX - (b - a))
        left = max(0, a - (2 * room) // 3)
        right = min(len(s), b + room - (a - left))
        if left > 0:
            sp = s.find(" ", left, a)
            left = sp + 1 if sp >= 0 else left
        if right < len(s):
            sp = s.rfind(" ", b, right)
            right = sp if sp > b else right
        s = s[left:right]
    s = _BULLET.sub("", _WS.sub(" ", s).strip())
    return s.strip(" ,;:")
