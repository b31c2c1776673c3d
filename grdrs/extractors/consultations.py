"""Consultations: which committee deals with the paper, when, how, and with what result.

Handles:

* Stuttgart's ``Vorlage an | zur | Sitzungsart | Sitzungstermin`` table (any number of rows)
  - from the PDF's tables (``ctx.doc.tables``, pdfplumber rows),
  - from text layout: tab-separated cells, space-separated lines as pdfium gives them
    (``Verwaltungsausschuss Kenntnisnahme öffentlich 20.09.2023``, split by the profile's
    vocabularies), committee names wrapped onto a second line,
  - column-flattened exports (all committees, then all purposes, then all ``öffentlich`` /
    ``nicht öffentlich``, then all dates) zipped back together;
  - page text that glues cells together (``SitzungsartSitzungstermin``,
    ``GemeinderatBeschlussfassungöffentlich19.09.2019``);
* the budget answers' ``Unterlage für die 1. Lesung des Verwaltungsausschuss zur
  nichtöffentlichen Behandlung am 11.11.2013``;
* a Niederschrift: its own session (``Protokoll: <committee>``, ``Sitzungstermin``,
  ``Sitzungsart``, ``Niederschrift Nr.`` also as a flattened label block) and every session of
  its ``Vorgang:`` history (``Verwaltungsausschuss vom 30.06.2021, öffentlich, Nr. 215``,
  ``Ausschuss für Stadtentwicklung u. Technik v. 18.07.2023``, rows wrapped after the date, blank
  lines between rows, rows cut by the export), each with its ``Ergebnis:`` (also over several
  lines) or the ``jeweiliges Ergebnis:`` of the rows above it; a month-first session date
  (``04/10/2003``) is read so that the session is not before its Vorgang;
* Karlsruhe's ``Beratungsfolge`` table (Gremium, Termin, TOP, ö/nö, Ergebnis — or Termin,
  Öffentlichkeitsstatus, Zuständigkeit since 2023) in its many flattened shapes, with results,
  ☒/☐ boxes, bare ``Ortschaftsrat`` resolved from the document, and (profile
  ``consultations.session_headers``) the session headers of old papers
  (``Gremium: 13. Plenarsitzung Gemeinderat … 27.07.2010``, ``17. Sitzung des Gemeinderates am
  25.10.2005``).

Committee names come out canonical (see :mod:`.committees`); a name the profile does not know
is kept as printed when it is clearly a body (``…ausschuss``, ``…rat``, ``…kommission``).
Everything here works on small windows after a header, so it costs next to nothing on text
without such headers.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Consultation
from . import committees as _committees
from .beratungsfolge import beratungsfolge, session_headers
from .sessions import (DATE, DATE_RE, PUBLIC, canon, generic_or_raw, iso_date, nr_label,
                       public_of, vocabularies)


# the header row, or (a text export flattened column by column) "Vorlage an" alone on its line
# with each column's values under its own header line: "Vorlage an\nSGA\nVA\nzur\n…Sitzungstermin"
# (the page text may glue the header cells: "Vorlage anzurSitzungsartSitzungstermin",
# "Vorlage an\n    zur\nSitzungsartSitzungstermin")
HEADER_ST = re.compile(r"Vorlage[ \t]*\n?[ \t]*an\s*zur\s*Sitzungsart\s*Sitzungstermin"
                       r"|(?m:^)[ \t]*Vorlage[ \t]+an[ \t]*\n(?=[ \t]*\S)"
                       r"(?=(?:[^\n]{0,120}\n){1,40}?[ \t]*(?:Sitzungsart[ \t]*)?Sitzungstermin[ \t]*(?:\n|$))")
STOP_ST = re.compile(r"(?:Beschlussantrag|Bericht|Begründung|Kurzfassung|Mitteilung|Anlagen?|"
                     r"Sachverhalt|Antrag|Finanzielle|Beschluss)\b\s*:?")

# The word first, its look-behind after it: a literal start lets the engine skip ahead.
PROTOCOL = re.compile(r"Protokoll(?<!\wProtokoll)[ \t]*:[ \t]*")
# the session date may be printed month first ("Sitzungstermin:\n04/10/2003", the exports)
SITZ_DATE = re.compile(r"Sitzungstermin[ \t]*:?\s*(?:" + DATE_RE + r"|(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?!\d))")
SITZ_ART = re.compile(r"Sitzungsart[ \t]*:?\s*(nicht[ \t]*öffentlich|nichtöffentlich|öffentlich)",
                      re.IGNORECASE)
NR = re.compile(r"(?:Niederschrifts?[ \t]*-?[ \t]*Nr\.?|NNr\.)[ \t]*:?"
                r"(?:\s*(?:TOP|Verhandlung|Drucksache|GZ)[ \t]*:?)*\s*(\d{1,4}(?:[ \t]*/[ \t]*[A-ZÄÖÜ]{1,4})?)(?![\w.])")
VORGANG = re.compile(r"Vorgang(?<!\wVorgang)[ \t]*:\s*")
# A Vorgang row: "Ausschuss für Stadtentwicklung u. Technik v. 18.07.2023, öffentlich, Nr. 335",
# "Verwaltungsausschuss vom 09.04.2003,\nnichtöffentlich, Nr. 178" (wrapped after a comma),
# "öffentl.", or a row the export cut ("… vom 07.11.2000," and nothing more; "… vom 25.07.2018,
# öffe" at the end of the text).
SESSION = re.compile(
    r"[ \t]*(?P<c>[^\n,]{3,90}?)\s+(?:vom|v\.)\s+" + DATE_RE +
    r"(?:[ \t]*,\s*(?P<pub>nicht[ \t]*öffentl(?:ich|\.)|nichtöffentl(?:ich|\.)|öffentl(?:ich|\.)))?"
    r"(?:[ \t]*,\s*(?:N?Nr\.?)[ \t]*(?P<nr>\d{1,4}[a-z]?(?:[ \t]*/[ \t]*[A-ZÄÖÜ]{1,4})?))?"
    r"(?:[ \t]*,?[ \t]*(?:\n|$)|[ \t]*,[^\n]{0,20}\Z)")
BLANK = re.compile(r"[ \t]*\n")
# "Unterlage für die 1. Lesung des Verwaltungsausschuss zur nichtöffentlichen Behandlung am
# 11.11.2013": the budget answers name their session in a sentence, not a table
LESUNG = re.compile(r"Unterlage\s+für\s+die\s+(?P<n>\d)\.\s*Lesung\s+(?:des|der|im)\s+"
                    r"(?P<c>[^\n]{3,80}?)\s+zur\s+(?P<pub>nicht[ \t]*öffentlichen|nichtöffentlichen"
                    r"|öffentlichen)\s+Behandlung\s+am\s+" + DATE_RE)
ERGEBNIS = re.compile(r"[ \t]*Ergebnis[ \t]*:[ \t]*(?P<r>[^\n]+?)[ \t]*(?:\n|$)")
JEWEILS = re.compile(r"[ \t]*jeweilige[sn]?[ \t]+Ergebnis(?:se)?[ \t]*:[ \t]*(?P<r>[^\n]+?)[ \t]*(?:\n|$)")
# The protocol's own decision (council-papers.md §3): the chair's finding after "Der Vorsitzende
# stellt fest:" / "gibt folgendes Ergebnis bekannt:", else the last decision sentence before
# "Zur Beurkundung" — never the Vorgang history, the quoted Beschlussantrag or a report of
# earlier sessions ("… vertagt worden war", "… zugestimmt hat").
DECISION_MARK = re.compile(r"\b(?:stellt|stellen|gibt|geben)\b[^.:\n]{0,80}?\b(?:fest|bekannt)[ \t]*:")
BEURKUNDUNG = re.compile(r"(?m)^[ \t]*Zur[ \t]+Beurkundung\b")
DECISIONS = (  # (pattern, result); _decision adds "einstimmig"/"mehrheitlich"
    (re.compile(r"\bvertag(?:t|en|ung)\b"), "Vertagung"),
    (re.compile(r"\bzurückgestellt\b|\bzurückzustellen\b|\b(?:stellt|stellen)\b.{0,120}?\bzurück\b",
                re.S), "Zurückstellung"),
    (re.compile(r"\babgelehnt\b|\b(?:lehnt|lehnen)\b.{0,160}?\bab\b", re.S), "Ablehnung"),
    (re.compile(r"\b(?:beschließt|beschließen|beschlossen)\b"), "beschlossen"),
    (re.compile(r"\bzugestimmt\b|\b(?:stimmt|stimmen)\b.{0,160}?\bzu\b", re.S), "Zustimmung"),
    (re.compile(r"\bKenntnis\b"), "Kenntnisnahme"),
    (re.compile(r"\bgewählt\b"), "Wahl"),
)
# the Beschlussantrag the protocol quotes ("… mit folgendem Beschlussantrag:\n1. Der Gemeinderat
# beschließt …") up to "Die Beschlussvorlage ist dem Originalprotokoll … beigefügt."
QUOTED = re.compile(r"Beschlussantrag[ \t]*:")
QUOTED_END = re.compile(r"\bbeigefügt\b[^\n]{0,3}")
ITEM = re.compile(r"[ \t]*(?:\d{1,2}\.|[a-z]\)|[-–•])[ \t]")
HOW = re.compile(r"\b(einstimmig|mehrheitlich)\b")
REPORTED = re.compile(r"\b(?:worden|hatte|hatten|habe|hätte|wäre|sei|seien)\b"
                      r"|\b(?:hat|haben)[ \t]*[.;,]?[ \t]*$")
# --------------------------------------------------------------------------- Stuttgart table
def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append((pos, stop))
        pos = stop + 1
    return out


def _table_text(ctx, m, purposes_re, publics_re=PUBLIC) -> list[tuple[tuple[int, int], list[Consultation]]]:
    """Each ``Vorlage an | zur | …`` header with the consultations parsed from the text."""
    text = ctx.text
    found = []
    _, _, ptable, _ = vocabularies(ctx.profile)
    for h in HEADER_ST.finditer(text) if "Sitzungstermin" in text else ():
        region_end = min(len(text), h.end() + 3000)
        tokens = []  # (start, end, kind, value)
        for s, e, name in m.find(text, h.end(), region_end):
            tokens.append((s, e, "C", name))
        if purposes_re is not None:
            for x in purposes_re.finditer(text, h.end(), region_end):
                tokens.append((x.start(), x.end(), "P", canon(x.group(1), ptable)))
        for x in publics_re.finditer(text, h.end(), region_end):
            tokens.append((x.start(), x.end(), "S", public_of(x.group(1))))
        for x in DATE.finditer(text, h.end(), region_end):
            iso = iso_date(*x.groups())
            if iso:
                tokens.append((x.start(), x.end(), "D", iso))
        tokens += _glued_rows(ctx, m, h.end(), region_end, tokens)
        tokens.sort()
        # walk the lines to find where the table ends
        lines = []
        n_c = n_d = 0
        misses = 0
        for ls, le in _lines(text, h.end(), region_end):
            if ls == le or not text[ls:le].strip():
                continue
            toks = [t for t in tokens if t[0] < le and t[1] > ls]
            if not toks:
                line = text[ls:le].strip()
                if STOP_ST.match(line) or (n_d and n_d >= n_c) or len(line) > 60 or misses >= 2:
                    break
                misses += 1
            else:
                misses = 0
                n_c += sum(t[2] == "C" and t[0] >= ls for t in toks)
                n_d += sum(t[2] == "D" for t in toks)
            lines.append((ls, le, toks))
        # rows: a line holds one date and its committee; columns: dates follow each other
        by_row = any(
            sum(t[2] == "D" for t in toks) == 1 and (any(t[2] in "CP" for t in toks)
                                                      or _fragment(text, ls, toks))
            for ls, le, toks in lines) and not any(
            sum(t[2] == "D" for t in toks) > 1 for ls, le, toks in lines)
        rows = _rows(ctx, m, lines) if by_row else _columns(ctx, m, lines)
        found.append(((h.start(), h.end()), rows))
    return found


_GLUED: dict[tuple, re.Pattern] = {}


def _glued_rows(ctx, m, start: int, end: int, tokens) -> list[tuple]:
    """Cells of rows the page text glues together ("GemeinderatBeschlussfassungöffentlich
    19.09.2019" on one line): committee, purpose and Sitzungsart tokens of such lines (their
    date is found as any date is; the committee too where the matcher saw it)."""
    purposes = tuple(ctx.profile.get("consultations.purposes", ()) or ())
    if not purposes:
        return []
    if purposes not in _GLUED:
        alt = "|".join(map(re.escape, sorted(purposes, key=len, reverse=True))).replace("ss", "(?:ss|ß)")
        _GLUED[purposes] = re.compile(
            r"(?m)^[ \t]*(?P<c>\S[^\n]*?)(?P<p>" + alt + r")(?P<s>nicht[ \t]*öffentlich"
            r"|nichtöffentlich|öffentlich)?(?=" + DATE_RE + r"[ \t]*$)")
    _, _, ptable, _ = vocabularies(ctx.profile)
    out = []
    for g in _GLUED[purposes].finditer(ctx.text, start, end):
        known = any(t[2] == "C" and t[0] < g.end("c") and t[1] > g.start("c") for t in tokens)
        name = None if known else m.resolve(g.group("c"), fuzzy=False)
        if not (known or name):
            continue
        if name:
            out.append((g.start("c"), g.end("c"), "C", name))
        out.append((g.start("p"), g.end("p"), "P", canon(g.group("p"), ptable)))
        if g.group("s"):
            out.append((g.start("s"), g.end("s"), "S", public_of(g.group("s"))))
    return out


def _fragment(text: str, ls: int, toks) -> str:
    """Text of a line before its first non-committee token (a committee the matcher missed)."""
    first = min((t[0] for t in toks if t[2] != "C"), default=None)
    if first is None or first <= ls:
        return ""
    frag = text[ls:first].strip()
    return frag if re.search(r"[A-Za-zÄÖÜäöüß]{3}", frag) else ""


def _rows(ctx, m, lines) -> list[Consultation]:
    text = ctx.text
    out = []
    for i, (ls, le, toks) in enumerate(lines):
        dates = [t for t in toks if t[2] == "D"]
        if not dates:
            continue
        d = dates[-1]
        comms = [t for t in toks if t[2] == "C" and t[0] < d[0]]
        start = None
        name = None
        if comms:
            name, start = comms[-1][3], comms[-1][0]
        else:
            frag = _fragment(text, ls, toks)
            prev = lines[i - 1] if i else None
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            cands = [(frag, ls)]
            if prev and not prev[2]:
                cands.append((text[prev[0]:prev[1]].strip() + " " + frag, prev[0]))
            if nxt and not nxt[2]:
                cands.append((frag + " " + text[nxt[0]:nxt[1]].strip(), ls))
            for cand, at in cands:
                name = m.resolve(cand)
                if name:
                    start = at
                    break
            if name is None and frag:
                name = generic_or_raw(ctx, m, frag)
                start = ls
        if not name:
            continue
        purpose = next((t[3] for t in toks if t[2] == "P"), None)
        public = next((t[3] for t in toks if t[2] == "S"), None)
        start = max(start, ls) if start is not None else ls
        out.append(Consultation(name, purpose, public, d[3], None, None, ctx.span(start, d[1])))
    return out


def _columns(ctx, m, lines) -> list[Consultation]:
    toks = [t for _, _, ts in lines for t in ts]
    seen = set()
    uniq = []
    for t in toks:
        if (t[0], t[2]) not in seen:
            seen.add((t[0], t[2]))
            uniq.append(t)
    comms = [t for t in uniq if t[2] == "C"]
    purposes = [t for t in uniq if t[2] == "P"]
    publics = [t for t in uniq if t[2] == "S"]
    dates = [t for t in uniq if t[2] == "D"]
    n = len(dates)
    if not n:
        return []
    if len(comms) != n:  # a committee the matcher missed: each tokenless line before the purposes
        first_p = min((t[0] for t in purposes + publics + dates), default=None)
        extra = []
        for ls, le, ts in lines:
            if not ts and first_p is not None and le <= first_p:
                name = m.resolve(ctx.text[ls:le]) or generic_or_raw(ctx, m, ctx.text[ls:le])
                if name:
                    extra.append((ls, le, "C", name))
        comms = sorted(comms + extra)
    if len(comms) != n:
        return []
    out = []
    for i in range(n):
        c = comms[i]
        out.append(Consultation(
            c[3], purposes[i][3] if len(purposes) == n else None,
            publics[i][3] if len(publics) == n else None, dates[i][3], None, None,
            ctx.span(c[0], c[1])))
    return out


def _table_pdf(ctx, m) -> list[tuple[int, list[tuple]]]:
    """Rows of PDF tables whose header is ``Vorlage an | zur | Sitzungsart | Sitzungstermin``."""
    out = []
    purposes_re, _, ptable, _ = vocabularies(ctx.profile)
    for table in ctx.doc.tables:
        if not table.rows:
            continue
        head = [" ".join((c or "").split()).lower() for c in table.rows[0]]
        if len(head) < 4 or head[0] != "vorlage an" or "sitzungstermin" not in head:
            continue
        i_date = head.index("sitzungstermin")
        i_pub = head.index("sitzungsart") if "sitzungsart" in head else None
        i_pur = head.index("zur") if "zur" in head else None
        rows = []
        for row in table.rows[1:]:
            cells = [" ".join((c or "").split()) for c in row]
            if len(cells) <= i_date:
                continue
            dm = DATE.search(cells[i_date])
            if not dm or not cells[0]:
                continue
            name = m.resolve(cells[0]) or generic_or_raw(ctx, m, cells[0])
            if not name:
                continue
            purpose = None
            if i_pur is not None and cells[i_pur]:
                pm = purposes_re.search(cells[i_pur]) if purposes_re else None
                purpose = canon(pm.group(1), ptable) if pm else cells[i_pur]
            pub = PUBLIC.search(cells[i_pub]) if i_pub is not None else None
            rows.append((cells[0], name, purpose, public_of(pub.group(1)) if pub else None,
                         iso_date(*dm.groups())))
        if rows:
            out.append((table.page, rows))
    return out


def _stuttgart_tables(ctx, m) -> list[Consultation]:
    purposes_re, _, _, _ = vocabularies(ctx.profile)
    from_text = _table_text(ctx, m, purposes_re)
    out: list[Consultation] = []
    used_pages = set()
    pdf_tables = _table_pdf(ctx, m) if ctx.doc.tables else []
    for (hs, he), rows in from_text:
        page = ctx.span(hs, he).page
        table = next((t for t in pdf_tables if t[0] == page and t[0] not in used_pages), None)
        if table is None:
            out.extend(rows)
            continue
        used_pages.add(page)
        by_key = {(c.committee, c.date): c for c in rows}
        for surface, name, purpose, public, date in table[1]:
            c = by_key.get((name, date))
            if c is None:  # locate the cell in the text after the header
                hit = next(((s, e) for s, e, n in m.find(ctx.text, he, he + 3000) if n == name), None)
                span = ctx.span(*hit) if hit else None
                c = Consultation(name, purpose, public, date, None, None, span)
            else:
                c = replace(c, purpose=purpose or c.purpose,
                            public=public if public is not None else c.public)
            out.append(c)
    for page, rows in pdf_tables:  # tables whose header the text layout lost
        if page in used_pages:
            continue
        for surface, name, purpose, public, date in rows:
            out.append(Consultation(name, purpose, public, date, None, None, None))
    return out


# --------------------------------------------------------------------------- Niederschrift
def _protocol(ctx, m) -> list[Consultation]:
    text = ctx.text
    out: list[Consultation] = []
    history: list[Consultation] = []
    for vg in VORGANG.finditer(text):
        history.extend(_vorgang(ctx, m, vg.end()))
    head = PROTOCOL.search(text, 0, min(len(text), 5000))
    if head:
        hits = m.find(text, head.end(), min(len(text), head.end() + 200))
        hit = hits[0] if hits and hits[0][0] - head.end() <= 3 else None
        if hit is None:
            line_end = text.find("\n", head.end())
            frag = text[head.end(): line_end if line_end > 0 else len(text)]
            name = m.resolve(frag) or generic_or_raw(ctx, m, frag)
            hit = (head.end(), head.end() + len(frag.rstrip()), name) if name else None
        if hit:
            window = text[head.start(): head.start() + 2500]
            dm = SITZ_DATE.search(window)
            am = SITZ_ART.search(window)
            nm = NR.search(window)
            vg = VORGANG.search(text, head.end(), head.end() + 4000)
            result = _own_result(ctx, vg.end() if vg else head.end())
            out.append(Consultation(
                hit[2], None, public_of(am.group(1)) if am else None,
                _session_date(ctx, dm, history) if dm else None, result,
                nr_label(nm.group(1)) if nm else None,
                ctx.span(hit[0], hit[1])))
    return out + history


def _session_date(ctx, dm: re.Match, history: list[Consultation]) -> str | None:
    """ISO date of a ``SITZ_DATE`` match. A month-first date whose day and month are both
    <= 12 is read so that the session is not before its Vorgang sessions; else by the
    profile's ``dates.slash_order``."""
    g = dm.groups()
    if g[0]:
        return iso_date(*g[:3])
    a, b, y = g[3], g[4], g[5]
    md, dm_ = iso_date(b, a, y), iso_date(a, b, y)
    if md is None or dm_ is None or md == dm_:
        return md or dm_
    last = max((c.date for c in history if c.date), default=None)
    fits = [d for d in (md, dm_) if last is None or d >= last]
    if len(fits) == 1:
        return fits[0]
    return dm_ if str(ctx.profile.get("dates.slash_order", "mdy")) == "dmy" else md


def _lesung(ctx, m) -> list[Consultation]:
    out = []
    for x in LESUNG.finditer(ctx.text, 0, min(len(ctx.text), 3000)):
        name = m.resolve(x.group("c"), fuzzy=False)
        iso = iso_date(x.group(4), x.group(5), x.group(6))
        if name and iso:
            out.append(Consultation(name, f"{x.group('n')}. Lesung", public_of(x.group("pub")), iso,
                                    None, None, ctx.span(x.start("c"), x.end())))
    return out


def _decision(sentence: str) -> str | None:
    """The result one sentence states, or None."""
    for rx, result in DECISIONS:
        if rx.search(sentence):
            how = HOW.search(sentence)
            if result == "beschlossen" and how:
                return f"{how.group(1)} beschlossen"
            if result == "Zustimmung" and how:
                return f"{how.group(1)}e Zustimmung"
            return result
    return None


def _after_items(text: str, pos: int, end: int) -> int:
    """End of the numbered items (and their wrapped lines) that follow ``pos``."""
    nl = text.find("\n", pos, end)
    if nl < 0:
        return pos
    pos = nl + 1
    item = False
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        line = text[pos:line_end]
        if ITEM.match(line):
            item = True
        elif not item or text[pos - 2:pos - 1] in ".:!?":
            break  # not an item, nor a wrapped line of an unfinished one
        pos = line_end + 1
    return min(pos, end)


def _own_result(ctx, start: int) -> str | None:
    """Result of the protocol's own item from its decision part (after ``start``, the end of
    the Vorgang block, up to ``Zur Beurkundung``)."""
    text = ctx.text
    b = BEURKUNDUNG.search(text, start)
    end = b.start() if b else len(text)
    q = QUOTED.search(text, start, end)
    if q:  # skip the quoted Beschlussantrag
        qe = QUOTED_END.search(text, q.end(), end)
        start = qe.end() if qe else _after_items(text, q.end(), end)
    marks = list(DECISION_MARK.finditer(text, start, end))
    lo = marks[-1].end() if marks else start
    sents = [(max(s, lo), min(e, end)) for s, e in ctx.sentences if e > lo and s < end]
    if marks:
        for s, e in sents:
            r = _decision(" ".join(text[s:e].split()))
            if r:
                return r
        return None
    for s, e in reversed(sents):
        sent = " ".join(text[s:e].split())
        if REPORTED.search(sent):
            continue
        r = _decision(sent)
        if r:
            return r
    return None


def _vorgang(ctx, m, pos: int) -> list[Consultation]:
    """The sessions of a ``Vorgang:`` block in its layouts: an ``Ergebnis:`` under each row or
    one ``jeweiliges Ergebnis:`` for the rows above it (and more rows after it), blank lines
    between rows, results running over several lines up to the next row."""
    text = ctx.text
    sessions: list[list] = []  # [name, public, date, nr, result, start, end]
    pending: list[int] = []  # rows since the last result: what a "jeweiliges Ergebnis" covers
    after_result = False
    while pos < len(text):
        blank = BLANK.match(text, pos)
        if blank:
            pos = blank.end()
            after_result = False  # a result runs on only up to a blank line
            continue
        s = SESSION.match(text, pos)
        name = None
        if s:
            raw = s.group("c").strip()
            name = m.resolve(raw) or generic_or_raw(ctx, m, raw)
        if name:
            lead = len(s.group("c")) - len(s.group("c").lstrip())
            pending.append(len(sessions))
            sessions.append([name, public_of(s.group("pub")), iso_date(s.group(2), s.group(3), s.group(4)),
                             s.group("nr"), None, s.start("c") + lead, s.end("nr") if s.group("nr") else
                             (s.end("pub") if s.group("pub") else s.end(4))])
            pos = s.end()
            after_result = False
            continue
        if not sessions:
            break
        r = ERGEBNIS.match(text, pos)
        if r and sessions[-1][4] is None:
            sessions[-1][4] = r.group("r")
            pending = []
            pos = r.end()
            after_result = True
            continue
        j = JEWEILS.match(text, pos)
        if j:
            for i in pending:
                sessions[i][4] = j.group("r")
            pending = []
            pos = j.end()
            after_result = True
            continue
        nxt = _next_row(ctx, m, pos) if after_result else None
        if nxt is None:
            break
        sessions[-1][4] = " ".join((sessions[-1][4] + " " + text[pos:nxt]).split())
        pos = nxt
    out = []
    for name, public, date, nr, result, start, end in sessions:
        out.append(Consultation(name, None, public, date, result,
                                nr_label(nr) if nr else None,
                                ctx.span(start, end)))
    return out


def _next_row(ctx, m, pos: int, limit: int = 8) -> int | None:
    """Start of the next Vorgang row when the lines from ``pos`` continue a result (no blank
    line, at most ``limit`` lines, then a row); else None."""
    text = ctx.text
    for _ in range(limit):
        nl = text.find("\n", pos)
        if nl < 0 or BLANK.match(text, nl + 1):
            return None
        pos = nl + 1
        s = SESSION.match(text, pos)
        if s and (m.resolve(s.group("c").strip()) or generic_or_raw(ctx, m, s.group("c").strip())):
            return pos
    return None


# --------------------------------------------------------------------------- entry point
def extract(ctx) -> list[Consultation]:
    m = _committees.matcher(ctx.profile)
    found: list[Consultation] = []
    found += _stuttgart_tables(ctx, m)
    found += _protocol(ctx, m)
    found += _lesung(ctx, m)
    found += beratungsfolge(ctx, m)
    if ctx.profile.get("consultations.session_headers", False):
        found += session_headers(ctx, m)
    out: list[Consultation] = []
    index: dict[tuple, int] = {}
    for c in found:
        key = (c.committee, c.date, c.session)
        loose = (c.committee, c.date, None)
        if key in index or (c.session is None and any(
                k[0] == c.committee and k[1] == c.date for k in index)):
            i = index.get(key)
            if i is None:
                i = next(v for k, v in index.items() if k[0] == c.committee and k[1] == c.date)
            old = out[i]
            if old.purpose and c.purpose and old.purpose != c.purpose and old.session is None:
                # two rows of one table on one day ("Einbringung, nichtöffentlich" and
                # "Beschlussfassung, öffentlich"): two agenda items, not one session read twice
                index[(c.committee, c.date, ("row", c.purpose, len(out)))] = len(out)
                out.append(c)
                continue
            out[i] = replace(old, purpose=old.purpose or c.purpose,
                             public=old.public if old.public is not None else c.public,
                             result=old.result or c.result)
            continue
        if c.session is not None and loose in index:  # a numbered session replaces the bare one
            i = index.pop(loose)
            out[i] = replace(c, purpose=c.purpose or out[i].purpose)
            index[key] = i
            continue
        index[key] = len(out)
        out.append(c)
    out.sort(key=lambda c: (c.span.page, c.span.start) if c.span else (10**9, 0))
    return out
