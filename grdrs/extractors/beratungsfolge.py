"""Karlsruhe's consultations: the ``Beratungsfolge`` table (Gremium, Termin, TOP, ö/nö,
Ergebnis — or Termin, Öffentlichkeitsstatus, Zuständigkeit since 2023) in its many flattened
shapes, with results, ☒/☐ boxes, bare ``Ortschaftsrat`` resolved from the document, and
(profile ``consultations.session_headers``) the session headers of old papers
(``Gremium: 13. Plenarsitzung Gemeinderat … 27.07.2010``, ``17. Sitzung des Gemeinderates am
25.10.2005``).
"""

from __future__ import annotations

import re

from ..model import Consultation
from .sessions import (DATE_ANY, DATE_LOOSE, DATE_RE, DATE_WORDS, DATE_WORDS_RE, PUBLIC, canon,
                       date_any, generic_or_raw, iso_date, public_of, vocabularies)

BOXES = re.compile(r"([☒☐])\s*([☒☐])")
_KA_COLS = (r"(?P<cols>(?:\s*(?:Sitzung|am|Gremium|Gremien|Termin|TOP|ö|nö|Ö[ \t]*/[ \t]*N|Ergebnis|"
            r"Öffentlichkeitsstatus|Zuständigkeit|Datum|Status)(?!\w))*)")
HEADER_KA = re.compile(
    r"(?:Beratungsfolge(?:[ \t]+dieser[ \t]+Vorlage)?|(?<!\w)(?=Gremi(?:en|um)\s+Termin\s+TOP))"
    + _KA_COLS)
# The same without the look-behind alternative (ten times faster: a literal start), for texts
# without a "Gremien Termin TOP" head (GREMIEN_HEAD finds one fast).
HEADER_KA_FAST = re.compile(r"Beratungsfolge(?:[ \t]+dieser[ \t]+Vorlage)?" + _KA_COLS)
GREMIEN_HEAD = re.compile(r"Gremi(?:en|um)\s+Termin\s+TOP")
ON = re.compile(r"(?<!\w)([ÖN])(?!\w)")
STOP_KA = re.compile(
    r"(?:Antrag[ \t]+an|Beschlussantrag|Beschlussvorschlag|Information[ \t]*\(|Kurzfassung|"
    r"Finanzielle|Sachverhalt|Ergänzende|Begründung|Beschlussvorlage|Antrag[ \t]*\n|"
    r"Information[ \t]*\n|Stellungnahme|Vorlage[ \t]+Nr)")
GREMIUM = re.compile(r"Gremium(?<!\wGremium)(?:[ \t]*:|[ \t]*\n)")
SITZUNG_HEAD = re.compile(
    r"(?:(?<![\w.])\d{1,3}(?:[ \t]?\.)?|(?<!\w)(?:Druck)?[Vv]orlage[ \t]+zur)[ \t]+"
    r"(?:(?:öffentlichen?|nichtöffentlichen?|nicht[ \t]+öffentlichen?)[ \t]+)?"
    r"(?:Plenar)?sitzung[ \t]+(?:des|der)\s+(?P<c>[^\n]{3,60}?)\s+(?:am|vom)\s+"
    r"(?:" + DATE_RE + r"|" + DATE_WORDS_RE + r")", re.IGNORECASE)



def beratungsfolge(ctx, m) -> list[Consultation]:
    text = ctx.text
    out: list[Consultation] = []
    purposes_re, results_re, ptable, rtable = vocabularies(ctx.profile)
    header = HEADER_KA if GREMIEN_HEAD.search(text) else HEADER_KA_FAST
    for h in header.finditer(text):
        cols = h.group("cols") or ""
        by_role = "Zuständigkeit" in cols
        start = h.end()
        stop = STOP_KA.search(text, start, min(len(text), start + 1500))
        end = stop.start() if stop else min(len(text), start + 1500)
        comms = [(s, e, n) for s, e, n in m.find(text, start, end)]
        if m.generic_re is not None:
            for g in m.generic_re.finditer(text, start, end):
                if not any(s <= g.start() < e for s, e, _ in comms):
                    comms.append((g.start(), g.end(), "?" + g.group(1)))
        comms.sort()
        dates = [(x.start(), x.end(), iso_date(*x.groups())) for x in DATE_LOOSE.finditer(text, start, end)]
        dates += [(x.start(), x.end(), date_any(x)) for x in DATE_WORDS.finditer(text, start, end)]
        dates = sorted(d for d in dates if d[2])
        prev_end = start
        rows = []
        for i, (ds, de, iso) in enumerate(dates):
            before = [c for c in comms if prev_end <= c[0] and c[1] <= ds]
            if before and len(text[before[-1][1]:ds].strip()) > 12:
                before = []  # a name in the prose after the table, far from the date
            joint = []  # "Ausschuss für Umwelt und Gesundheit/Naturschutzbeirat": a joint session
            if before:
                cs, ce, name = before[-1]
                k = len(before) - 1
                while k and re.fullmatch(r"\s*(?:/|\+|,|und|u\.)\s*", text[before[k - 1][1]:before[k][0]]):
                    k -= 1
                    joint.append(before[k])
                    cs = before[k][0]
                if name.startswith("?"):
                    name = m.resolve_generic(name[1:], text)
            else:
                frag = _strip_cells(text[prev_end:ds], results_re)
                if len(frag) > 80:
                    frag = ""
                name = m.resolve(frag) if frag else None
                if name is None and frag:
                    name = generic_or_raw(ctx, m, frag)
                cs = prev_end + (len(text[prev_end:ds]) - len(text[prev_end:ds].lstrip()))
            nxt = min([c[0] for c in comms if c[0] >= de] + [dates[i + 1][0] if i + 1 < len(dates) else end])
            tail = text[de:nxt]
            prev_end = nxt
            if not name:
                continue
            public = None
            pm = PUBLIC.search(tail)
            on = ON.search(tail) if "Ö" in cols else None
            if pm:
                public = public_of(pm.group(1))
            elif on:
                public = on.group(1) == "Ö"
            else:
                bm = BOXES.search(tail)
                if bm:
                    public = True if bm.group(1) == "☒" and bm.group(2) == "☐" else \
                        False if bm.group(1) == "☐" and bm.group(2) == "☒" else None
            purpose = result = None
            if by_role and purposes_re is not None:
                pm2 = purposes_re.search(tail)
                purpose = canon(pm2.group(1), ptable) if pm2 else None
            elif results_re is not None:
                rm = results_re.search(tail)
                result = canon(rm.group(1), rtable) if rm else None
            for js, je, jname in reversed(joint):
                if jname.startswith("?"):
                    jname = m.resolve_generic(jname[1:], text)
                if jname and jname != name:
                    rows.append(Consultation(jname, purpose, public, iso, result, None, ctx.span(js, de)))
            rows.append(Consultation(name, purpose, public, iso, result, None, ctx.span(cs, de)))
        out.extend(rows)
    return out


_CELL_NOISE = re.compile(r"[☒☐]|(?<!\w)(?:x|X|ö|nö|TOP)(?!\w)|(?<!\w)\d{1,3}(?:\.\d{1,2})?(?:[ \t]?[a-z])?(?!\w)")


def _strip_cells(frag: str, results_re) -> str:
    """A row's leading text without TOP numbers, crosses and results: the Gremium, if any."""
    if results_re is not None:
        frag = results_re.sub(" ", frag)
    frag = _CELL_NOISE.sub(" ", frag)
    lines = [ln.strip() for ln in frag.split("\n") if ln.strip()]
    return " ".join(lines)


def session_headers(ctx, m) -> list[Consultation]:
    text = ctx.text
    head = min(len(text), 3000)
    out = []
    for g in GREMIUM.finditer(text, 0, head):
        # "Gremium: X Termin: d" or a flattened label block: "Gremium: Termin: Vorlage Nr.: TOP:
        # 6. Plenarsitzung Gemeinderat 15.12.2009 230 2 öffentlich"
        hits = m.find(text, g.end(), min(len(text), g.end() + 250))
        hit = hits[0] if hits else None
        if hit is None and m.generic_re is not None:
            gm = m.generic_re.search(text, g.end(), min(len(text), g.end() + 250))
            name = m.resolve_generic(gm.group(1), text) if gm else None
            hit = (gm.start(), gm.end(), name) if name else None
        if hit is None:
            continue
        dm = DATE_ANY.search(text, hit[1], min(len(text), hit[1] + 200))
        iso = date_any(dm) if dm else None
        if iso:
            out.append(Consultation(hit[2], None, None, iso, None, None, ctx.span(hit[0], hit[1])))
    low = text[:head].lower()
    # the pattern needs "sitzung" in any case (or a character that case-folds to one of it)
    heads = (SITZUNG_HEAD.finditer(text, 0, head)
             if "sitzung" in low or any(c in low for c in "ıſ\u0307") else ())
    for x in heads:
        hits = m.find(text, x.start("c"), x.end("c"))
        if not hits:
            continue
        iso = date_any(x, 1)
        if not iso:
            continue
        public = None
        if re.search(r"(?i)nicht[ \t]*öffentlich", x.group()):
            public = False
        elif re.search(r"(?i)öffentlich", x.group()):
            public = True
        s, e, name = hits[-1]
        out.append(Consultation(name, None, public, iso, None, None, ctx.span(x.start(), x.end())))
    return out
