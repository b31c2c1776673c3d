"""Readable output of the query commands (the ``--json`` dicts, formatted for a terminal)."""

from __future__ import annotations


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
    return table(["paper", "type", "date", "title"], body, [0, 20, 10, 0]) + \
        f"\n{len(rows)} paper(s)"


def _money(a: dict[str, object]) -> str:
    value = a["value"] + (f"–{a['value_to']}" if a.get("value_to") else "")
    per = f"/{a['per']}" if a.get("per") else ""
    period = ""
    if a.get("period_from") or a.get("period_to"):
        period = f" ({a.get('period_from') or '…'} – {a.get('period_to') or 'open'})"
    return f"{value} {a.get('currency') or ''}{per}{period}"


def _source_name(said: dict[str, object]) -> str:
    """Who said a value: "OParl" (the OParl Paper's own metadata) or a file's name."""
    if said.get("kind") == "oparl-paper":
        return "OParl"
    return str(said["file"]).rsplit("/", 1)[-1]


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
    for field, said in (p.get("disagreements") or {}).items():
        out.append(f"  its sources disagree on {field}: " + "; ".join(
            f"{_cut(str(s['value']), 60)} ({_source_name(s)})" for s in said))
    pr = p.get("protocol") or {}
    said = [f"Nr. {pr['number']}" if pr.get("number") else "",
            f"TOP {pr['top']}" if pr.get("top") else "",
            f"Drucksache {', '.join(pr['drucksache'])}" if pr.get("drucksache") else ""]
    if any(said):  # what the minutes print of themselves (none of it: no line)
        out.append("  Niederschrift " + ", ".join(s for s in said if s))
    for f in ans["files"]:
        role = "attachment, " if f.get("role") == "attachment" else ""
        where = f"{f['name']} <{f['path']}>" if f.get("name") and "://" in f["path"] else \
            f["path"]
        out.append(f"  file: {where} ({role}{f['kind']}, {f['pages']} page(s))")
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

    cites = _by_paper(ans["cites"])
    out.append(f"\nCites ({len(cites)})")
    for e, kinds, count, pages in cites:
        where = f"p. {', '.join(map(str, pages))}" if pages else ""
        title = f" „{_cut(e['title'], 80)}“" if e["title"] else ""
        times = f" ×{count}" if count > 1 else ""
        out.append(f"  {e['ref']}{kinds}{title}{times}  {where}{_mark(e)}")

    cited_by = _by_paper(ans["cited_by"])
    out.append(f"\nCited by ({len(cited_by)})")
    for e, kinds, _, _ in cited_by:
        title = f" „{_cut(e['title'], 70)}“" if e["title"] else ""
        out.append(f"  {e['ref']}{kinds} ({e['date'] or 'no date'}){title}{_mark(e)}")

    out.append(f"\nAmounts ({len(ans['amounts'])})")
    for a in ans["amounts"]:
        out.append(f"  p. {a['page']}: {_money(a)}  „{_cut(a['text'], 40)}“")
        if a.get("subject"):
            import textwrap  # only here: its import is not paid by the other commands

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


def _by_paper(edges: list[dict[str, object]]) -> list[tuple[dict[str, object], str, int, list[int]]]:
    """One line per linked paper, however many links (cites and supplements, or two citing
    passages): (the first link, its kinds as " (cites, supplements)" unless only cites,
    the citations counted, the pages cited on)."""
    groups: dict[tuple, list[dict[str, object]]] = {}
    for e in edges:
        groups.setdefault((e["council"], e["ref"]), []).append(e)
    out = []
    for links in groups.values():
        kinds = list(dict.fromkeys(e["edge"] for e in links))
        label = "" if kinds == ["cites"] else f" ({', '.join(kinds)})"
        pages = sorted({loc["page"] for e in links for loc in e["locations"]
                        if isinstance(loc, dict) and loc.get("page")})
        out.append((links[0], label, sum(e["count"] for e in links if e["edge"] == "cites"),
                    pages))
    return out


def search_text(hits: list[dict[str, object]], total: int | None = None,
                more: bool = False) -> str:
    """The hits of `grdrs search`, headed by how many pages match in all files and, when
    fewer are listed, that these are the best, one file per paper (a paper's PDF beside its
    text export), and whether a higher ``--limit`` lists more (``more``)."""
    if not hits:
        return "no hits"
    total = len(hits) if total is None else total
    head = f"{total} matching page(s)"
    if total > len(hits):
        head += f"; the best {len(hits)} shown, one file per paper" + (
            " (--limit N shows more)" if more else "")
    out = [head]
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
