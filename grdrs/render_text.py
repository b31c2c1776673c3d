"""Readable output of the query commands (the ``--json`` dicts, formatted for a terminal)."""

from __future__ import annotations

import textwrap


def _cut(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(headers: list[str], rows: list[list[str]], widths: list[int] | None = None) -> str:
    """A plain text table; the last column takes what is left."""
    if not rows:
        return "(none)"
    cols = len(headers)
    w = [max(len(headers[i]), *(len(r[i]) for r in rows)) for i in range(cols)]
    if widths:
        w = [min(a, b) if b else a for a, b in zip(w, widths)]
    lines = ["  ".join(h.ljust(w[i]) for i, h in enumerate(headers)).rstrip(),
             "  ".join("-" * w[i] for i in range(cols))]
    for r in rows:
        lines.append("  ".join(_cut(c, w[i]).ljust(w[i]) for i, c in enumerate(r)).rstrip())
    return "\n".join(lines)


def _mark(p: dict[str, object]) -> str:
    return " [MUSTER]" if p.get("fictional") else ""


def papers_table(rows: list[dict[str, object]]) -> str:
    body = [[p["ref"], p["type"] or "", p["date"] or "", _cut(p["title"], 70) + _mark(p)]
            for p in rows]
    return table(["paper", "type", "date", "title"], body, [34, 20, 10, 0]) + \
        f"\n{len(rows)} paper(s)"


def _money(a: dict[str, object]) -> str:
    value = a["value"] + (f"–{a['value_to']}" if a.get("value_to") else "")
    per = f"/{a['per']}" if a.get("per") else ""
    period = ""
    if a.get("period_from") or a.get("period_to"):
        period = f" ({a.get('period_from') or '…'} – {a.get('period_to') or 'open'})"
    return f"{value} {a.get('currency') or ''}{per}{period}"


def show_text(ans: dict[str, object]) -> str:
    p = ans["paper"]
    out: list[str] = []
    head = p["ref"] + (f" — {p['title']}" if p["title"] else "")
    out.append(head + _mark(p))
    if p["stub"]:
        out.append("  (known only from citations: not ingested)")
    if p.get("council") == "generic":
        out.append("  (read with the generic profile: no council profile matched)")
    facts = [("type", p.get("type")), ("date", p.get("date")), ("council", p.get("council")),
             ("series", p.get("series")), ("budget", p.get("budget")),
             ("department", p.get("department")), ("signatory", p.get("signatory"))]
    out.append("  " + "   ".join(f"{k}: {v}" for k, v in facts if v))
    if p.get("protocol"):
        pr = p["protocol"]
        out.append(f"  Niederschrift Nr. {pr.get('number')}, TOP {pr.get('top')}, "
                   f"Drucksache {', '.join(pr.get('drucksache') or []) or '–'}")
    for f in ans["files"]:
        out.append(f"  file: {f['path']} ({f['kind']}, {f['pages']} page(s))")
    if p.get("attachments"):
        out.append("  attachments: " + "; ".join(p["attachments"]))

    out.append(f"\nConsultations ({len(ans['consultations'])})")
    for c in ans["consultations"]:
        public = {True: "öffentlich", False: "nicht öffentlich"}.get(c["public"], "")
        bits = [c["date"] or "(no date)", c["committee"], c["purpose"] or "", public,
                c["session"] or "", f"→ {c['result']}" if c["result"] else ""]
        out.append("  " + "  ".join(b for b in bits if b))

    if ans.get("oparl_consultations"):
        out.append(f"\nConsultations according to OParl ({len(ans['oparl_consultations'])})")
        for c in ans["oparl_consultations"]:
            bits = [c["date"] or "(no date)", c["committee"] or "", c["role"] or "",
                    f"TOP {c['top']}" if c["top"] else "", f"→ {c['result']}" if c["result"] else ""]
            out.append("  " + "  ".join(b for b in bits if b))

    out.append(f"\nCites ({len(ans['cites'])})")
    for e in ans["cites"]:
        pages = sorted({loc["page"] for loc in e["locations"] if loc.get("page")})
        where = f"p. {', '.join(map(str, pages))}" if pages else ""
        title = f" „{_cut(e['title'], 80)}“" if e["title"] else ""
        count = f" ×{e['count']}" if e["count"] > 1 else ""
        edge = "" if e.get("edge", "cites") == "cites" else f" ({e['edge']})"
        out.append(f"  {e['ref']}{title}{count}{edge}  {where}{_mark(e)}")

    out.append(f"\nCited by ({len(ans['cited_by'])})")
    for e in ans["cited_by"]:
        title = f" „{_cut(e['title'], 70)}“" if e["title"] else ""
        edge = "" if e.get("edge", "cites") == "cites" else f" ({e['edge']})"
        out.append(f"  {e['ref']} ({e['date'] or 'no date'}){title}{edge}{_mark(e)}")

    out.append(f"\nAmounts ({len(ans['amounts'])})")
    for a in ans["amounts"]:
        out.append(f"  p. {a['page']}: {_money(a)}  „{_cut(a['text'], 40)}“")
        if a.get("subject"):
            out.append(textwrap.fill(_cut(a["subject"], 200), 96, initial_indent="      ",
                                     subsequent_indent="      "))
    if ans.get("positions"):
        out.append(f"\nPositions ({len(ans['positions'])})")
        for pos in ans["positions"]:
            out.append(f"  p. {pos['page']}: {pos.get('grade') or ''} "
                       f"{(pos.get('fte') or '') and pos['fte'] + ' VK'}  „{_cut(pos['text'], 40)}“")
    if ans.get("committees"):
        out.append("\nCommittees mentioned: " + ", ".join(ans["committees"]))
    return "\n".join(out)


def search_text(hits: list[dict[str, object]]) -> str:
    if not hits:
        return "no hits"
    out = []
    for h in hits:
        who = h["paper"] or h["file"]
        title = f" — {_cut(h['title'], 60)}" if h.get("title") else ""
        out.append(f"{who}{title}{' [MUSTER]' if h['fictional'] else ''}, p. {h['page']}")
        out.append("    " + " ".join(h["snippet"].split()))
    return "\n".join(out)


def extraction_text(obj: dict[str, object]) -> str:
    """``grdrs extract`` without --json: the facts of one file, grouped by kind."""
    p = obj["paper"]
    out = [f"{obj['source']}  [{obj['council']}]" + (
        "  (no council profile matched: generic number rules; --profile NAME|FILE to choose)"
        if obj["council"] == "generic" else "")]
    number = p["number"] + (f" {p['suffix']}" if p["suffix"] else "") if p["number"] else \
        "(no own number)"
    out.append(f"  paper: {p['series']} {number}; type {p['type'] or '–'}; date "
               f"{p['date'] or '–'}; budget {p['budget'] or '–'}"
               + ("; MUSTER (fictional)" if p["fictional"] else ""))
    if p["title"]:
        out.append(f"  title: {_cut(p['title'], 100)}")
    for key in ("department", "signatory"):
        if p.get(key):
            out.append(f"  {key}: {p[key]}")
    sections = [
        ("consultations", lambda c: f"{c['date'] or '–'}  {c['committee']}  "
                                    f"{c['purpose'] or ''} {c['result'] or ''}".rstrip()),
        ("references", lambda r: f"p. {r['page']}: {r['kind']} {r['number']}"
                                 f"{' ' + r['suffix'] if r['suffix'] else ''}"
                                 f"{' „' + _cut(r['cited_title'], 60) + '“' if r['cited_title'] else ''}"),
        ("amounts", lambda a: f"p. {a['page']}: {_money(a)}  „{_cut(a['text'], 40)}“"),
        ("dates", lambda d: f"p. {d['page']}: {d['kind']} {d['from']}"
                            f"{' – ' + (d['to'] or 'open') if d['kind'] == 'period' else ''}"
                            f"  „{_cut(d['text'], 40)}“"),
        ("committees", lambda c: f"p. {c['page']}: {c['name']}"),
        ("positions", lambda x: f"p. {x['page']}: {x['grade'] or ''} {x['fte'] or ''}".rstrip()),
    ]
    for key, fmt in sections:
        items = obj.get(key) or []
        out.append(f"  {key} ({len(items)})")
        out.extend("    " + fmt(i) for i in items)
    return "\n".join(out)
