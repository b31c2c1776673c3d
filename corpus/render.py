"""Render the bundled sample corpus: ``corpus/src/*.toml`` → ``corpus/papers/`` + ``corpus/gold/``.

Each source file describes one sample paper (metadata, consultation rows, a Vorgang block,
body text with inline fact markup; see corpus/README.md). This script prints it in the
layouts of the Landeshauptstadt Stuttgart (A4 PDF with letterhead, consultation table with
ruling lines, justified and hyphenated body, running page numbers "- 2 -"; Niederschrift;
Beantwortung / Stellungnahme; Antrag and Anfrage as the city's cp1252 HTML pages; the text
export with month-first header dates and a consultation table flattened column by column)
and writes one gold annotation per rendered file, collected from the markup.

Every page says "MUSTER – nicht amtlich". Output is deterministic: ReportLab runs in
invariant mode (fixed creation date and document id), fonts are the PDF base fonts, and
hyphenation comes from pyphen's de_DE dictionary.

``render_text_pdf(path, title, body, ...)`` renders any title and plain body text to a
multi-page PDF in the same layout (used by benchmarks to print real texts).

Usage: ``python corpus/render.py [--out DIR]`` (DIR gets ``papers/`` and ``gold/``).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
MUSTER = "MUSTER – nicht amtlich"
CITY = "Landeshauptstadt Stuttgart"

# Committee abbreviations used in the sources' prose → canonical names (council-papers.md §7).
COMMITTEES = {
    "GR": "Gemeinderat",
    "VA": "Verwaltungsausschuss",
    "SGA": "Sozial- und Gesundheitsausschuss",
    "STA": "Ausschuss für Stadtentwicklung und Technik",
    "JHA": "Jugendhilfeausschuss",
    "WA": "Ausschuss für Wirtschaft und Wohnen",
    "AKM": "Ausschuss für Kultur und Medien",
}


# --------------------------------------------------------------------------------------
# Inline markup: {{TAG args|surface}}; see README.md. Surfaces may nest other markup.
# --------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\{\{|\}\}|\|")


def _money(v: str) -> str:
    return str(Decimal(v).quantize(Decimal("0.01")))


def _none(v: str | None) -> str | None:
    return None if v in (None, "", "-") else v


class Facts:
    """Facts collected from one rendered file, in reading order."""

    def __init__(self) -> None:
        self.references: list[dict] = []
        self.amounts: list[dict] = []
        self.dates: list[dict] = []
        self.committees: list[dict] = []
        self.positions: list[dict] = []

    def committee(self, name: str, text: str | None = None) -> None:
        self.committees.append({"name": COMMITTEES.get(name, name), "text": text or name})

    def date(self, iso: str, text: str) -> None:
        self.dates.append({"kind": "date", "from": iso, "to": None, "text": text})


def _norm(s: str) -> str:
    return " ".join(s.split())


def _fact(facts: Facts, head: str, surface: str, last_ref: list) -> None:
    tag, _, args = head.strip().partition(" ")
    args = args.strip()
    text = _norm(surface)
    if tag == "R":
        kind, number, *suffix = args.split()
        ref = {"kind": kind, "number": number, "suffix": " ".join(suffix) or None,
               "cited_title": None, "text": text}
        facts.references.append(ref)
        last_ref[:] = [ref]
    elif tag == "T":
        if not last_ref:
            raise ValueError(f"cited title without a reference: {surface!r}")
        last_ref[0]["cited_title"] = text
    elif tag == "A":
        opts = dict(a.split("=", 1) for a in args.split()[1:])
        value, _, value_to = args.split()[0].partition("..")
        facts.amounts.append({
            "value": _money(value), "value_to": _money(value_to) if value_to else None,
            "currency": opts.get("cur", "EUR"), "per": opts.get("per"),
            "period_from": opts.get("from"), "period_to": opts.get("to"), "text": text})
    elif tag == "D":
        facts.date(args, text)
    elif tag == "P":
        frm, to = args.split()
        facts.dates.append({"kind": "period", "from": _none(frm), "to": _none(to), "text": text})
    elif tag == "C":
        facts.committee(args or text, text)
    elif tag == "S":
        grade, fte = (args.split() + ["-"])[:2]
        facts.positions.append({"grade": _none(grade.replace("_", " ")), "fte": _none(fte),
                                "text": text})
    else:
        raise ValueError(f"unknown markup tag {tag!r} in {{{{{head}|{surface}}}}}")


def parse(s: str, facts: Facts | None, last_ref: list | None = None) -> str:
    """Strip markup from ``s``; record its facts in ``facts``. ``{{br}}`` becomes "\\n"."""
    if last_ref is None:
        last_ref = []
    stack: list[list] = [[None, []]]  # frames: [head or None while reading head, pieces]
    pos = 0
    for m in _TOKEN.finditer(s):
        stack[-1][1].append(s[pos:m.start()])
        pos = m.end()
        tok = m.group()
        if tok == "{{":
            stack.append([False, []])
        elif tok == "|":
            frame = stack[-1]
            if frame[0] is False:  # end of head
                frame[0] = "".join(frame[1])
                frame[1] = []
            else:
                frame[1].append("|")
        else:  # "}}"
            head, pieces = stack.pop()
            if head is False:  # {{br}}
                head, surface = "".join(pieces), ""
            else:
                surface = "".join(pieces)
            if head.strip() == "br":
                stack[-1][1].append("\n")
                continue
            if facts is not None:
                _fact(facts, head, surface, last_ref)
            stack[-1][1].append(surface)
    stack[-1][1].append(s[pos:])
    if len(stack) != 1:
        raise ValueError(f"unbalanced markup in {s[:80]!r}")
    return "".join(stack[0][1])


# --------------------------------------------------------------------------------------
# The paper model read from a source file
# --------------------------------------------------------------------------------------

@dataclass
class Paper:
    src: dict
    file: str
    layout: str
    outputs: list[str]
    facts_cache: dict = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.src.get(key, default)


def _ddmmyyyy(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


def _mmddyyyy(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{m}/{d}/{y}"


def blocks(body: str) -> list[tuple[str, str]]:
    """Split body text into blocks: ("h", heading), ("li", item), ("p", paragraph),
    ("table", rows joined by newlines), ("note", text), ("sig", lines)."""
    out: list[tuple[str, str]] = []
    for chunk in re.split(r"\n[ \t]*\n", body.strip("\n")):
        lines = [ln.strip() for ln in chunk.strip("\n").split("\n")]
        if not lines or not lines[0]:
            continue
        if lines[0].startswith("|"):
            out.append(("table", "\n".join(lines)))
        elif lines[0].startswith("## "):
            out.append(("h", lines[0][3:]))
            if len(lines) > 1:
                out.extend(blocks("\n".join(lines[1:])))
        elif lines[0].startswith("- "):
            items: list[str] = []
            for ln in lines:
                if ln.startswith("- "):
                    items.append(ln[2:])
                else:
                    items[-1] += " " + ln
            out.extend(("li", it) for it in items)
        elif lines[0].startswith("> "):
            out.append(("note", " ".join(ln.lstrip("> ") for ln in lines)))
        elif lines[0].startswith("!sig "):
            out.append(("sig", "\n".join([lines[0][5:]] + lines[1:])))
        else:
            out.append(("p", " ".join(lines)))
    return out


def plain_blocks(body: str) -> list[tuple[str, str]]:
    """Blocks of plain text (no markup, no tables): paragraphs and "- " / "• " list items."""
    out: list[tuple[str, str]] = []
    for chunk in re.split(r"\n[ \t]*\n", body.strip("\n")):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        para: list[str] = []
        for ln in lines:
            m = re.match(r"[-–•]\s+(.*)", ln)
            if m:
                if para:
                    out.append(("p", " ".join(para)))
                    para = []
                out.append(("li", m.group(1)))
            elif out and out[-1][0] == "li" and not para:
                out[-1] = ("li", out[-1][1] + " " + ln)
            else:
                para.append(ln)
        if para:
            out.append(("p", " ".join(para)))
    return out


def _table_rows(text: str) -> list[list[str]]:
    """Pipe-table lines → cells; a "|" inside {{markup}} does not split."""
    rows = []
    for ln in text.split("\n"):
        cells, depth, cur = [], 0, []
        for tok in re.split(r"(\{\{|\}\}|\|)", ln.strip()[1:].rstrip("|")):
            if tok == "{{":
                depth += 1
            elif tok == "}}":
                depth -= 1
            elif tok == "|" and depth == 0:
                cells.append("".join(cur).strip())
                cur = []
                continue
            cur.append(tok)
        cells.append("".join(cur).strip())
        rows.append(cells)
    return rows


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------

_HYPHENATOR = None


def _hyphenator():
    global _HYPHENATOR
    if _HYPHENATOR is None:
        try:
            import pyphen
        except ImportError as err:  # pragma: no cover
            raise SystemExit("corpus/render.py needs pyphen (pip install pyphen) "
                             "for hyphenated text") from err
        dic = pyphen.Pyphen(lang="de_DE")

        def hyph(word: str):
            # Keep at least three letters on each side, as German typesetting does.
            return [(h, t) for h, t in dic.iterate(word) if len(h) >= 3 and len(t) >= 3]

        _HYPHENATOR = hyph
    return _HYPHENATOR


def _styles():
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10.5, leading=13.6,
                          alignment=TA_JUSTIFY, spaceAfter=6, hyphenationLang=_hyphenator())
    return {
        "body": body,
        "left": ParagraphStyle("left", parent=body, alignment=TA_LEFT, hyphenationLang=""),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=11.5, spaceAfter=0,
                               alignment=TA_LEFT, hyphenationLang=""),
        "cellb": ParagraphStyle("cellb", parent=body, fontName="Helvetica-Bold", fontSize=9.5,
                                leading=11.5, spaceAfter=0, alignment=TA_LEFT,
                                hyphenationLang=""),
        "li": ParagraphStyle("li", parent=body, leftIndent=14, bulletIndent=2, spaceAfter=3),
        "h": ParagraphStyle("h", parent=body, fontName="Helvetica-Bold", alignment=TA_LEFT,
                            spaceBefore=6, spaceAfter=4, hyphenationLang=""),
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=12.5,
                                leading=15.5, alignment=TA_LEFT, spaceAfter=8,
                                hyphenationLang=""),
        "type": ParagraphStyle("type", parent=body, fontName="Helvetica-Bold", fontSize=11.5,
                               leading=14, alignment=TA_LEFT, spaceAfter=10,
                               hyphenationLang=""),
        "note": ParagraphStyle("note", parent=body, fontName="Helvetica-Oblique", fontSize=9,
                               leading=11.5, alignment=TA_LEFT, hyphenationLang="",
                               borderWidth=0.5, borderColor="#777777", borderPadding=4,
                               spaceBefore=4, spaceAfter=10),
        "head": ParagraphStyle("head", parent=body, fontSize=9.5, leading=12, spaceAfter=0,
                               alignment=TA_LEFT, hyphenationLang=""),
        "own": ParagraphStyle("own", parent=body, fontName="Helvetica-Bold", fontSize=11,
                              leading=13, alignment=TA_RIGHT, spaceAfter=0, hyphenationLang=""),
    }


def _p(text: str, style) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _grid(rows, widths, st):
    """A table drawn with ruling lines (pdfplumber finds it)."""
    from reportlab.platypus import Table, TableStyle

    data = [[_p(c, st["cell"]) for c in r] for r in rows]
    t = Table(data, colWidths=widths, hAlign="LEFT")
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, "#000000"),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5)]))
    return t


def _plain_table(rows, widths, st, styles=None):
    from reportlab.platypus import Table, TableStyle

    data = [[_p(c, (styles or {}).get(j, st["head"])) for j, c in enumerate(r)] for r in rows]
    t = Table(data, colWidths=widths, hAlign="LEFT")
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5)]))
    return t


def _build_pdf(path: Path, story: list, title: str, muster: bool = True) -> None:
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    rl_config.invariant = 1
    width, height = A4

    def on_page(canvas, doc):
        if doc.page >= 2:
            canvas.saveState()
            canvas.setFont("Helvetica", 10)
            canvas.drawCentredString(width / 2, height - 1.6 * cm, f"- {doc.page} -")
            canvas.restoreState()

    def on_page_end(canvas, doc):
        if muster:
            canvas.saveState()
            canvas.setFont("Helvetica-Oblique", 8)
            canvas.drawCentredString(width / 2, 1.2 * cm, MUSTER)
            canvas.restoreState()

    doc = BaseDocTemplate(str(path), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm,
                          topMargin=2.3 * cm, bottomMargin=2.3 * cm, invariant=1,
                          title=title, author=CITY + (" (" + MUSTER + ")" if muster else ""),
                          creator="grdrs corpus/render.py", producer="ReportLab",
                          subject=MUSTER if muster else "")
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="f",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("p", [frame], onPage=on_page, onPageEnd=on_page_end)])
    doc.build(story)


def _body_story(body: str, facts: Facts | None, st, last_ref: list, markup: bool = True):
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    story = []
    text = (lambda s: parse(s, facts, last_ref)) if markup else (lambda s: s)
    for kind, chunk in (blocks(body) if markup else plain_blocks(body)):
        if kind == "table":
            rows = [[text(c) for c in r] for r in _table_rows(chunk)]
            n = len(rows[0])
            first = 16 * cm - 3.2 * cm * (n - 1) if n > 1 else 16 * cm
            story.append(_grid(rows, [first] + [3.2 * cm] * (n - 1), st))
            story.append(Spacer(1, 8))
        elif kind == "h":
            story.append(_p(text(chunk), st["h"]))
        elif kind == "li":
            from reportlab.platypus import Paragraph
            story.append(Paragraph(escape(text(chunk)).replace("\n", "<br/>"), st["li"],
                                   bulletText="–"))
        elif kind == "note":
            story.append(_p(text(chunk), st["note"]))
        elif kind == "sig":
            story.append(Spacer(1, 14))
            story.append(_p(text(chunk), st["left"]))
        else:
            story.append(_p(text(chunk), st["body"]))
    return story


def _letterhead(p: Paper, st, own: str | None) -> list:
    from reportlab.lib.units import cm

    left = CITY + "\n" + (p.get("department") or "") + (f"\nGz: {p.get('gz')}" if p.get("gz") else "")
    return [_plain_table([[left, own or ""]], [10 * cm, 6 * cm], st, {1: st["own"]})]


def own_number_line(p: Paper) -> str | None:
    if not p.get("number"):
        return None
    s = f"GRDrs {p.get('number')}"
    return s + (f" {p.get('suffix')}" if p.get("suffix") else "")


def _consultation_rows(p: Paper, facts: Facts) -> list[list[str]]:
    rows = [["Vorlage an", "zur", "Sitzungsart", "Sitzungstermin"]]
    for c in p.get("consultations", []):
        rows.append([c["committee"], c.get("purpose") or "",
                     {True: "öffentlich", False: "nicht öffentlich"}[c["public"]],
                     _ddmmyyyy(c["date"]) if c.get("date") else ""])
    return rows


def _consultation_facts(p: Paper, facts: Facts) -> None:
    # column order as read: every row's committee, then its date
    for c in p.get("consultations", []):
        facts.committee(c["committee"])
        if c.get("date"):
            facts.date(c["date"], _ddmmyyyy(c["date"]))


def pdf_vorlage(p: Paper, path: Path) -> Facts:
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    st = _styles()
    facts = Facts()
    last: list = []
    story = _letterhead(p, st, own_number_line(p))
    story.append(Spacer(1, 0.9 * cm))
    if p.get("date"):
        story.append(_p(f"Stuttgart, {_ddmmyyyy(p.get('date'))}", st["left"]))
        facts.date(p.get("date"), _ddmmyyyy(p.get("date")))
    story.append(Spacer(1, 4))
    story.append(_p(parse(p.get("title"), facts, last), st["title"]))
    if p.get("type_line") or p.get("type"):
        story.append(_p(parse(p.get("type_line") or p.get("type"), facts, last), st["type"]))
    if p.get("consultations"):
        story.append(_grid(_consultation_rows(p, facts), [6.2 * cm, 3.4 * cm, 3.2 * cm, 3.2 * cm],
                           st=st))
        _consultation_facts(p, facts)
        story.append(Spacer(1, 12))
    if p.get("note"):
        story.append(_p(parse(p.get("note"), facts, last), st["note"]))
    story += _body_story(p.get("body", ""), facts, st, last)
    story += _closing(p, st)
    _build_pdf(path, story, _norm(parse(p.get("title"), None)))
    return facts


def _closing(p: Paper, st) -> list:
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether, Spacer

    out = []
    if p.get("signatory"):
        out.append(Spacer(1, 0.8 * cm))
        out.append(KeepTogether([_p(p.get("signatory"), st["left"]),
                                 _p(p.get("signatory_role", ""), st["left"])]))
    if p.get("attachments"):
        out.append(Spacer(1, 0.5 * cm))
        out.append(_p("Anlagen", st["h"]))
        out += [_p(a, st["left"]) for a in p.get("attachments")]
    return out


def pdf_niederschrift(p: Paper, path: Path) -> Facts:
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    st = _styles()
    facts = Facts()
    last: list = []
    pr = p.get("protocol")
    facts.committee(pr["committee"])
    drs = pr.get("drucksache_text", "")
    rows = [["Protokoll:", f"{pr['committee']} der {CITY}"],
            ["Niederschrift Nr.", pr["number"]],
            ["TOP:", pr["top"]],
            ["Drucksache:", parse(drs, facts, last)],
            ["GZ:", p.get("gz") or ""],
            ["Sitzungstermin:", _ddmmyyyy(pr["date"])],
            ["Sitzungsart:", "öffentlich" if pr["public"] else "nicht öffentlich"],
            ["Vorsitz:", pr["chair"]],
            ["Berichterstattung:", pr.get("reporter", "-")],
            ["Protokollführung:", pr["clerk"]],
            ["Betreff:", parse(p.get("title"), facts, last)]]
    facts.date(pr["date"], _ddmmyyyy(pr["date"]))
    story = [_grid(rows, [4.2 * cm, 11.8 * cm], st), Spacer(1, 12)]
    vrows = []
    joint = p.get("vorgang_result")
    for i, v in enumerate(p.get("vorgang", [])):
        facts.committee(v["committee"])
        facts.date(v["date"], _ddmmyyyy(v["date"]))
        line = (f"{v['committee']} vom {_ddmmyyyy(v['date'])}, "
                f"{'öffentlich' if v['public'] else 'nicht öffentlich'}, {v['session']}")
        vrows.append(["Vorgang:" if i == 0 else "", line])
        if not joint:
            vrows.append(["", f"Ergebnis: {v['result']}"])
    if joint:
        vrows.append(["", f"jeweiliges Ergebnis: {joint}"])
    story.append(_plain_table(vrows, [2.2 * cm, 13.8 * cm], st))
    story.append(Spacer(1, 14))
    story += _body_story(p.get("body", ""), facts, st, last)
    story.append(Spacer(1, 0.6 * cm))
    story.append(_p("Zur Beurkundung", st["left"]))
    story.append(_p(p.get("signatory"), st["left"]))
    _build_pdf(path, story, _norm(parse(p.get("title"), None)))
    return facts


def pdf_antwort(p: Paper, path: Path) -> Facts:
    """Beantwortung zur Anfrage / Stellungnahme zum Antrag (layout of the real Antwort PDF)."""
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    st = _styles()
    facts = Facts()
    last: list = []
    label = p.get("heading")  # "Beantwortung zur Anfrage" / "Stellungnahme zum Antrag"
    story = [_grid([[label, p.get("number")]], [12 * cm, 4 * cm], st), Spacer(1, 10)]
    # the header names the paper it answers: a reference to the Anfrage / the Antrag
    word = label.split()[-1]  # "Anfrage" / "Antrag"
    facts.references.append({"kind": word.lower(), "number": p.get("number"), "suffix": None,
                             "cited_title": None, "text": f"{word} {p.get('number')}"})
    story += _letterhead(p, st, None)
    story.append(Spacer(1, 6))
    story.append(_p(f"Stuttgart, {_ddmmyyyy(p.get('date'))}", st["left"]))
    facts.date(p.get("date"), _ddmmyyyy(p.get("date")))
    story.append(Spacer(1, 8))
    story.append(_p(label, st["type"]))
    title = parse(p.get("title"), facts, last)
    qdate = p.get("question_date")
    facts.date(qdate, _ddmmyyyy(qdate))
    story.append(_grid([["Stadträtinnen/Stadträte – Fraktionen\n" + p.get("fraktion")],
                        ["Datum\n" + _ddmmyyyy(qdate)], ["Betreff\n" + title]],
                       [16 * cm], st))
    story.append(Spacer(1, 8))
    story.append(_p("Anlagen", st["left"]))
    story.append(_p("Text der Anfragen/ der Anträge", st["left"]))
    story.append(Spacer(1, 8))
    story += _body_story(p.get("body", ""), facts, st, last)
    story += _closing(p, st)
    _build_pdf(path, story, _norm(title))
    return facts


# --------------------------------------------------------------------------------------
# HTML (Antrag / Anfrage pages of the city's system, cp1252) and text export
# --------------------------------------------------------------------------------------

_HTML_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
  <meta http-equiv="content-type" content="text/html; charset=windows-1252">
</head>
<body vlink="#808080" text="#000000" link="#808080" bgcolor="#FFFFFF" alink="#FF0000">
  <p><font size="1" face="Arial"><i>{muster}</i></font></p>
  <form action="">
    <table border="1">
      <tbody>
        <tr valign="top">
          <td width="204"></td>
          <td width="238">
            <div align="center"><b><font size="2" face="Arial">{kind}</font></b><b><font size="2" face="Arial"> vom </font></b><b><font size="2" face="Arial">{date}</font></b></div>
          </td>
          <td width="108">
            <div align="center"><b><font size="2" face="Arial">Nr. </font></b><b><font size="2" face="Arial">{number}</font></b></div>
          </td>
        </tr>
      </tbody>
    </table>
    <br>
    <b><font face="Arial">{kind}</font></b><br>
    <table border="1">
      <tbody>
        <tr valign="top">
          <td width="563">
            <font size="1" face="Arial">Stadträtinnen / Stadträte - Fraktionen</font><br>
            <font face="Arial">{fraktion}</font>
          </td>
        </tr>
        <tr valign="top">
          <td width="563">
            <font size="2" face="Arial">Betreff</font><br>
            <br>
            <font face="Arial">{title}</font>
          </td>
        </tr>
      </tbody>
    </table>
    <br>
"""

_HTML_FOOT = """    <p><font size="1" face="Arial"><i>{muster}</i></font></p>
  </form>
</body>
</html>
"""


def html_antrag(p: Paper, path: Path) -> Facts:
    facts = Facts()
    last: list = []
    kind = p.get("type")  # "Antrag" / "Anfrage"
    facts.date(p.get("date"), _ddmmyyyy(p.get("date")))
    title = parse(p.get("title"), facts, last)
    out = [_HTML_HEAD.format(kind=kind, number=p.get("number"), muster=MUSTER,
                             date=_ddmmyyyy(p.get("date")), fraktion=html.escape(p.get("fraktion")),
                             title=html.escape(title))]
    in_list = False
    for bkind, chunk in blocks(p.get("body", "")):
        text = html.escape(parse(chunk, facts, last)).replace("\n", "<br>\n")
        num = re.match(r"(\d+)\.\s+(.*)", text, re.S)
        if bkind == "p" and num:
            if not in_list:
                out.append('    <ol type="1">\n')
                in_list = True
            out.append(f'      <li><font size="4">{num.group(2)}</font></li>\n')
            continue
        if in_list:
            out.append("    </ol>\n")
            in_list = False
        if bkind == "sig":
            out.append(f"    <p>{text}</p>\n")
        else:
            out.append(f'    <p><font size="4">{text}</font></p>\n')
    if in_list:
        out.append("    </ol>\n")
    out.append(_HTML_FOOT.format(muster=MUSTER))
    path.write_bytes("".join(out).replace("\n", "\r\n").encode("cp1252"))
    return facts


def txt_export(p: Paper, path: Path) -> Facts:
    """The city's text export: month-first header date, consultation table column by column."""
    facts = Facts()
    last: list = []
    lines = [MUSTER, CITY, p.get("department")]
    if p.get("gz"):
        lines.append(f"Gz: {p.get('gz')}")
    lines.append(own_number_line(p))
    lines.append(f"Stuttgart, {_mmddyyyy(p.get('date'))}")
    facts.date(p.get("date"), _mmddyyyy(p.get("date")))
    lines.append("")
    lines.append(parse(p.get("title"), facts, last))
    lines.append(parse(p.get("type_line") or p.get("type"), facts, last))
    lines.append("")
    rows = _consultation_rows(p, facts)
    for col in range(4):
        lines += [r[col] for r in rows]
    for c in p.get("consultations", []):
        facts.committee(c["committee"])
    for c in p.get("consultations", []):
        facts.date(c["date"], _ddmmyyyy(c["date"]))
    lines.append("")
    for kind, chunk in blocks(p.get("body", "")):
        if kind == "table":
            for r in _table_rows(chunk):
                lines.append("\t".join(parse(c, facts, last) for c in r))
            lines.append("")
            continue
        text = parse(chunk, facts, last).replace("\n", " ")
        lines.append(("- " if kind == "li" else "") + text)
        if kind != "li":
            lines.append("")
    if p.get("signatory"):
        lines += [p.get("signatory"), p.get("signatory_role", ""), ""]
    if p.get("attachments"):
        lines.append("Anlagen")
        lines += list(p.get("attachments"))
    lines += ["", MUSTER]
    enc = p.get("txt_encoding", "utf-8")
    nl = "\r\n" if p.get("txt_crlf") else "\n"
    path.write_bytes((nl.join(lines) + nl).encode(enc))
    return facts


# --------------------------------------------------------------------------------------
# Gold
# --------------------------------------------------------------------------------------

def gold(p: Paper, rel: str, facts: Facts) -> dict:
    title = _norm(parse(p.get("title"), None))
    pr = p.get("protocol")
    consultations = []
    if pr:
        consultations.append({"committee": pr["committee"], "purpose": None,
                              "public": pr["public"], "date": pr["date"],
                              "result": pr.get("result"), "session": f"Nr. {pr['number']}"})
        for v in p.get("vorgang", []):
            consultations.append({"committee": v["committee"], "purpose": None,
                                  "public": v["public"], "date": v["date"],
                                  "result": p.get("vorgang_result") or v.get("result"),
                                  "session": v["session"]})
    else:
        for c in p.get("consultations", []):
            consultations.append({"committee": c["committee"], "purpose": c.get("purpose"),
                                  "public": c["public"], "date": c.get("date"),
                                  "result": None, "session": None})
    return {
        "source": rel,
        "council": "stuttgart",
        "paper": {
            "number": p.get("number"), "suffix": p.get("suffix"),
            "series": p.get("series", "grdrs"), "type": p.get("type"), "date": p.get("date"),
            "title": title, "department": p.get("department"),
            "signatory": p.get("signatory"), "attachments": list(p.get("attachments", [])),
            "budget": p.get("budget"),
            "protocol": None if not pr else {"number": pr["number"], "top": pr["top"],
                                             "drucksache": pr.get("drucksache", [])},
            "fictional": True,
        },
        "consultations": consultations,
        "references": facts.references,
        "amounts": facts.amounts,
        "dates": facts.dates,
        "committees": facts.committees,
        "positions": facts.positions,
    }


RENDERERS = {("vorlage", "pdf"): pdf_vorlage, ("niederschrift", "pdf"): pdf_niederschrift,
             ("antwort", "pdf"): pdf_antwort, ("antrag", "html"): html_antrag,
             ("vorlage", "txt"): txt_export}


def _ddmm_iso(s: str) -> str:
    d, m, y = s.strip().split(".")
    return f"{y}-{m}-{d}"


def _rows(items: list, keys: tuple[str, ...]) -> list[dict]:
    """Rows written as "a | b | c" strings (consultations, Vorgang) → dicts."""
    out = []
    for item in items:
        if isinstance(item, dict):
            out.append(item)
            continue
        cells = [c.strip() for c in item.split("|")]
        row = dict(zip(keys, cells))
        row["public"] = {"öffentlich": True, "nicht öffentlich": False}[row["public"]]
        row["date"] = _ddmm_iso(row["date"]) if row.get("date") else None
        for k, v in list(row.items()):
            if v == "":
                row[k] = None
        out.append(row)
    return out


def load(path: Path) -> Paper:
    src = tomllib.loads(path.read_text(encoding="utf-8"))
    src["consultations"] = _rows(src.get("consultations", []),
                                 ("committee", "purpose", "public", "date"))
    src["vorgang"] = _rows(src.get("vorgang", []),
                           ("committee", "date", "public", "session", "result"))
    return Paper(src, src.get("file", path.stem), src.get("layout", "vorlage"),
                 src.get("outputs", ["pdf"]))


def render_all(out: Path = HERE, src: Path = SRC) -> list[Path]:
    """Render every source under ``src`` into ``out/papers`` and ``out/gold``."""
    papers_dir, gold_dir = out / "papers", out / "gold"
    papers_dir.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(src.glob("*.toml")):
        p = load(path)
        # a draft (`draft = true`, for `grdrs check`) goes to drafts/ and drafts/gold/, never
        # into papers/, which the demo ingests
        where, gdir = papers_dir, gold_dir
        if p.get("draft"):
            where, gdir = out / "drafts", out / "drafts" / "gold"
            gdir.mkdir(parents=True, exist_ok=True)
        for fmt in p.outputs:
            name = f"{p.file}.{fmt}"
            target = where / name
            facts = RENDERERS[(p.layout, fmt)](p, target)
            g = gold(p, f"{where.name}/{name}", facts)
            (gdir / f"{name}.json").write_text(
                json.dumps(g, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            written.append(target)
    (out / "rendered-with.json").write_text(json.dumps(tool_versions(), indent=1) + "\n",
                                            encoding="utf-8")
    return written


def tool_versions() -> dict[str, str]:
    """Versions that shape the PDF bytes (recorded beside papers/ for the determinism test)."""
    import reportlab
    from importlib.metadata import version

    return {"reportlab": reportlab.Version, "pyphen": version("pyphen")}


# --------------------------------------------------------------------------------------
# Reusable: any text in the city's layout
# --------------------------------------------------------------------------------------

def render_text_pdf(path: str | Path, title: str, body: str, *, number: str | None = None,
                    date: str | None = None, doc_type: str | None = None,
                    department: str | None = None,
                    consultations: list[dict] | tuple = (), signatory: str | None = None,
                    signatory_role: str = "", attachments: list[str] | tuple = (),
                    muster: bool = True, city: str | None = None) -> Path:
    """Render ``title`` and plain ``body`` text to a multi-page A4 PDF in the city layout.

    ``body``: paragraphs separated by blank lines; lines starting with "- " are list items.
    ``date`` is ISO (printed "Stuttgart, dd.mm.yyyy"); ``consultations`` are dicts with
    committee, purpose, public (bool), date (ISO). No inline markup is interpreted.
    ``city`` ("Karlsruhe") replaces Stuttgart: letterhead "Stadt Karlsruhe", date line
    "Karlsruhe, dd.mm.yyyy", and ``number`` printed as given instead of "GRDrs <number>".
    """
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    path = Path(path)
    st = _styles()
    place = city or "Stuttgart"
    head = (CITY if city is None else f"Stadt {city}") + (f"\n{department}" if department else "")
    story = [_plain_table([[head, f"GRDrs {number}" if number and city is None
                            else (number or "")]], [10 * cm, 6 * cm], st, {1: st["own"]}),
             Spacer(1, 0.9 * cm)]
    if date:
        story.append(_p(f"{place}, {_ddmmyyyy(date)}", st["left"]))
    story.append(_p(title, st["title"]))
    if doc_type:
        story.append(_p(doc_type, st["type"]))
    if consultations:
        p = Paper({"consultations": list(consultations)}, "", "vorlage", [])
        story.append(_grid(_consultation_rows(p, Facts()),
                           [6.2 * cm, 3.4 * cm, 3.2 * cm, 3.2 * cm], st))
        story.append(Spacer(1, 12))
    body = body.replace("\r\n", "\n")
    story += _body_story(body, None, st, [], markup=False)
    p = Paper({"signatory": signatory, "signatory_role": signatory_role,
               "attachments": list(attachments)}, "", "vorlage", [])
    story += _closing(p, st)
    _build_pdf(path, story, title, muster=muster)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE,
                    help="folder that receives papers/ and gold/ (default: corpus/)")
    args = ap.parse_args(argv)
    written = render_all(args.out)
    print(f"rendered {len(written)} files into {args.out / 'papers'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
