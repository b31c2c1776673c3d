"""``grdrs history REF``: the life of a decision, in date order.

The lineage of REF — the papers joined to it by ``supplements``, ``replaces`` and ``answers``,
followed transitively in both directions — plus the Niederschriften that record its sessions
(``protocol_of``), plus the papers that cite them or that they cite (``--depth`` steps, one by
default). Events:

``paper``     a lineage paper was published (with what it supplements, replaces or answers)
``cites``     a paper of the history cites another paper (dated by the citing paper)
``cited_by``  another paper cites a paper of the history (dated by the citing paper)
``session``   a paper of the history went through a committee session (consulted_in)
``budget``    a lineage paper concerns a budget period (dated by the period's first day)

Every event names the paper that acts in it (``paper``) and, where there is one, the other
paper (``other``); ``amounts`` are stated once per paper, on its first event; an event is
``fictional`` when the paper that states it is a sample (a citation: the citing paper). Events without a known date come
last. Standard library only (recursive SQL in :func:`grdrs.store.walk`).
"""

from __future__ import annotations

import json
import sqlite3

from .. import store
from ..queries import label, paper_json, resolve

LINEAGE = ("supplements", "replaces", "answers")
KIND_ORDER = {"paper": 0, "cites": 1, "cited_by": 2, "session": 3, "budget": 4}
EVENT_KEYS = ("date", "kind", "paper", "title", "other", "other_title", "committee", "purpose",
              "result", "session", "budget", "quote", "page", "amounts", "fictional", "depth",
              "text")


def history(conn: sqlite3.Connection, text: str, depth: int = 1) -> dict[str, object]:
    """``{"paper", "lineage": [papers], "events": [...]}`` for the paper REF names."""
    row = resolve(conn, text)
    lineage = store.walk(conn, [row["id"]], LINEAGE, "both", None)
    protocols = {r["src"]: r["dst"] for r in store.protocols_of(conn, lineage)}
    near = store.walk(conn, lineage, ("cites",), "both", max(0, depth))
    for pid in protocols:
        near.setdefault(pid, 1)
    papers = store.papers_by_ids(conn, near)
    events: list[dict[str, object]] = []

    def event(kind: str, paper: sqlite3.Row | None, date: str | None, **kw) -> dict[str, object]:
        ev = dict.fromkeys(EVENT_KEYS)
        ev.update(kind=kind, date=date, amounts=[], depth=0)
        if paper is not None:
            ev.update(paper=label(paper), title=paper["title"] or paper["cited_title"],
                      fictional=bool(paper["fictional"]), depth=near.get(paper["id"], 0))
        ev.update(kw)
        ev["_pid"] = paper["id"] if paper is not None else None
        events.append(ev)
        return ev

    # lineage papers: published, with their relation to each other
    relations: dict[int, list[str]] = {}
    for e in store.paper_edges_among(conn, lineage, LINEAGE):
        relations.setdefault(e["src"], []).append(f"{e['type']} {label(papers[e['dst']])}")
    ordered = sorted(lineage, key=lambda i: (papers[i]["date"] or "9999", i))
    for pid in ordered:
        p = papers[pid]
        if p["stub"]:
            continue
        rel = relations.get(pid)
        kind = f" ({p['type']})" if p["type"] else ""
        event("paper", p, p["date"],
              text=f"{label(p)}{kind} published" + (f"; {'; '.join(rel)}" if rel else ""))

    # citations, one step at a time outwards from the lineage
    for e in store.paper_edges_among(conn, near, ("cites",)):
        src, dst = papers[e["src"]], papers[e["dst"]]
        d_src, d_dst = near[e["src"]], near[e["dst"]]
        if min(d_src, d_dst) >= max(depth, 0) or (d_src == 0 and d_dst == 0):
            continue
        locs = json.loads(e["data"]) if e["data"] else []
        first = locs[0] if locs else {}
        cited_title = first.get("cited_title") or dst["title"] or dst["cited_title"]
        kind = "cites" if d_src <= d_dst else "cited_by"
        ev = event(kind, src, src["date"], other=label(dst), other_title=cited_title,
                   quote=first.get("quote"), page=first.get("page"),
                   depth=max(d_src, d_dst))
        # the citing paper states the citation: a real paper citing a number is a real
        # event even where the cited paper is only known here through a sample
        ev["fictional"] = bool(src["fictional"])
        where = f" (p. {first['page']})" if first.get("page") else ""
        times = f", {e['count']}×" if e["count"] > 1 else ""
        title = f" „{cited_title}“" if cited_title else ""
        if kind == "cited_by":
            ev["text"] = f"{label(dst)}{title} cited by {label(src)}{where}{times}"
        else:
            ev["text"] = f"{label(src)} cites {label(dst)}{title}{where}{times}"

    # sessions: of every paper in the history; a Niederschrift's for the paper it records
    seen: set[tuple] = set()
    for e in store.node_edges_of(conn, near, ("consulted_in",)):
        p = papers[e["src"]]
        c = json.loads(e["data"]) if e["data"] else {}
        committee = c.get("committee") or e["committee_name"] or e["name"]
        about = papers.get(protocols.get(p["id"], -1))
        key = (e["node"], c.get("purpose"), c.get("result"),
               about["id"] if about is not None else p["id"])
        if key in seen:
            continue
        seen.add(key)
        what = f"{label(p)} consulted in {committee}"
        if about is not None:
            what = f"{label(about)} in {committee} (recorded in {label(p)})"
        if c.get("purpose"):
            what += f" for {c['purpose']}"
        if c.get("result"):
            what += f": {c['result']}"
        if c.get("public") is False:
            what += " (non-public)"
        event("session", p, c.get("date"), committee=committee, purpose=c.get("purpose"),
              result=c.get("result"), session=c.get("session"), quote=c.get("quote"),
              page=c.get("page"), other=label(about) if about is not None else None,
              text=what)

    # budgets the lineage concerns
    budgets: dict[int, list] = {}
    for e in store.node_edges_of(conn, lineage, ("concerns_budget",)):
        budgets.setdefault(e["node"], []).append(e)
    for edges in budgets.values():
        first = edges[0]
        data = json.loads(first["node_data"]) if first["node_data"] else {}
        who = [papers[e["src"]] for e in edges]
        ev = event("budget", who[0], first["node_date"], budget=data.get("period"),
                   text=f"{', '.join(label(p) for p in who)} concerns {first['name']}"
                        f" ({data.get('from')} – {data.get('to')})")
        ev["fictional"] = all(bool(p["fictional"]) for p in who)

    events.sort(key=lambda ev: (ev["date"] is None, ev["date"] or "",
                                KIND_ORDER.get(ev["kind"], 9), ev["paper"] or ""))
    stated: set[int] = set()
    for ev in events:
        pid = ev.pop("_pid")
        if ev["kind"] in ("paper", "cites", "cited_by") and pid is not None \
                and pid not in stated and not papers[pid]["stub"]:
            stated.add(pid)
            ev["amounts"] = store.mentions(conn, pid, ["amount"])
    return {"paper": paper_json(row),
            "lineage": [paper_json(papers[i]) for i in ordered],
            "events": events}


def history_text(answer: dict[str, object], max_amounts: int = 6) -> str:
    """The history as lines a person reads: date, what happened, amounts with their quotes."""
    p = answer["paper"]
    head = f"History of {p['ref']}" + (f" — {p['title']}" if p.get("title") else "")
    lines = [head]
    if len(answer["lineage"]) > 1:
        lines.append("Lineage: " + ", ".join(x["ref"] for x in answer["lineage"]))
    if not answer["events"]:
        lines.append("  (nothing known beyond the paper itself)")
    for ev in answer["events"]:
        date = ev["date"] or "(no date)"
        mark = " [fictional]" if ev["fictional"] else ""
        lines.append(f"  {date:<10}  {ev['kind']:<8}  {ev['text']}{mark}")
        if ev["kind"] in ("paper", "cited_by", "cites") and ev.get("title"):
            lines.append(f"{'':26}{ev['paper']}: „{_short(ev['title'], 90)}“")
        amounts = ev.get("amounts") or []
        for a in amounts[:max_amounts]:
            subject = f" — {_short(a['subject'], 60)}" if a.get("subject") else ""
            lines.append(f"{'':26}{_money(a)}  “{' '.join((a.get('text') or '').split())}” (p. {a.get('page')}){subject}")
        if len(amounts) > max_amounts:
            lines.append(f"{'':26}… and {len(amounts) - max_amounts} more amount(s) "
                         f"(grdrs show {ev['paper']!r})")
    return "\n".join(lines)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _money(a: dict[str, object]) -> str:
    value = a.get("value")
    to = f"–{a['value_to']}" if a.get("value_to") else ""
    per = f"/{a['per']}" if a.get("per") else ""
    return f"{value}{to} {a.get('currency') or ''}{per}".strip()


def demo_history(conn: sqlite3.Connection, text: str, depth: int = 1) -> str:
    """For ``grdrs demo``: the history of REF as text."""
    return history_text(history(conn, text, depth))
