"""``grdrs history REF``: the life of a decision, in date order.

The lineage of REF — the papers joined to it by ``supplements``, ``replaces``, ``answers`` and
OParl's own links (``oparl_superordinated`` / ``oparl_subordinated``), followed transitively in
both directions — plus the papers OParl names as related (one step), the Niederschriften that
record its sessions (``protocol_of``), and the papers that cite them or that they cite
(``cites`` and, weaker, ``attachment_cites``; ``--depth`` steps, one by default). Events:

``paper``     a lineage paper was published (with what it supplements, replaces, answers or
              how OParl links it)
``related``   a paper OParl names as related to a lineage paper
``cites``     a paper of the history cites another paper (dated by the citing paper; ``edge``
              says whether its own text or an attachment does)
``cited_by``  another paper cites a paper of the history (dated by the citing paper)
``session``   a paper of the history went through a committee session (consulted_in), with
              the result its text prints and the one OParl states (``oparl_result``)
``budget``    a lineage paper concerns a budget period (dated by the period's first day)

``decisions``: every session of a lineage paper with a result — what was decided, where,
when, with the quote — in date order; ``protocol`` is what an attached protocol says (its
outcome, decision, quote, page and vote counts); ``final`` marks each paper's last one
(where it stands).

Every event names the paper that acts in it (``paper``) and, where there is one, the other
paper (``other``); ``amounts`` are stated once per paper, on its first event (a citing
paper further out: those on the pages citing the history's paper and the pages after them);
an event is ``fictional`` when the paper that states it is a sample (a citation: the citing
paper).
Events without a known date come last. Standard library only (recursive SQL in
:func:`grdrs.store.walk`); the text form is :mod:`grdrs.graph.history_text`.
"""

from __future__ import annotations

import json
import sqlite3

from .. import store
from ..queries import label, paper_json, resolve
from .history_text import history_text

LINEAGE = ("supplements", "replaces", "answers", "oparl_superordinated", "oparl_subordinated")
CITES = ("cites", "attachment_cites")
KIND_ORDER = {"paper": 0, "related": 0, "cites": 1, "cited_by": 2, "session": 3, "budget": 4}
EVENT_KEYS = ("date", "kind", "paper", "title", "other", "other_title", "committee", "purpose",
              "result", "session", "budget", "quote", "page", "amounts", "fictional", "depth",
              "text", "edge", "oparl_result", "basis", "top", "protocol")
DECISION_KEYS = ("date", "committee", "paper", "result", "text_result", "oparl_result",
                 "basis", "purpose", "top", "session", "quote", "page", "fictional",
                 "recorded_in", "protocol", "final")
RELATION_WORDS = {"oparl_superordinated": "OParl superordinated:",
                  "oparl_subordinated": "OParl subordinated:",
                  "oparl_related": "OParl related:"}


def history(conn: sqlite3.Connection, text: str, depth: int = 1) -> dict[str, object]:
    """``{"paper", "lineage": [papers], "events": [...], "decisions": [...]}`` for the paper
    REF names."""
    row = resolve(conn, text)
    lineage = store.walk(conn, [row["id"]], LINEAGE, "both", None)
    related = {pid: 1 for pid in store.walk(conn, lineage, ("oparl_related",), "both", 1)
               if pid not in lineage}
    protocols = {r["src"]: r["dst"] for r in store.protocols_of(conn, lineage)}
    near = store.walk(conn, lineage, CITES, "both", max(0, depth))
    for pid in [*protocols, *related]:
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
    related_to: dict[int, dict[str, list[str]]] = {}
    for e in store.paper_edges_among(conn, lineage, LINEAGE):
        word = RELATION_WORDS.get(e["type"], e["type"])
        related_to.setdefault(e["src"], {}).setdefault(word, []).append(label(papers[e["dst"]]))
    relations = {pid: [f"{word} {', '.join(dict.fromkeys(refs))}" for word, refs in by.items()]
                 for pid, by in related_to.items()}
    ordered = sorted(lineage, key=lambda i: (papers[i]["date"] or "9999", i))
    for pid in ordered:
        p = papers[pid]
        if p["stub"]:
            continue
        rel = list(dict.fromkeys(relations.get(pid, [])))
        kind = f" ({p['type']})" if p["type"] else ""
        event("paper", p, p["date"],
              text=f"{label(p)}{kind} published" + (f"; {'; '.join(rel)}" if rel else ""))
    # papers OParl names as related to a lineage paper
    for e in store.paper_edges_among(conn, set(lineage) | set(related), ("oparl_related",)):
        if (e["src"] in related) == (e["dst"] in related):
            continue
        other, base = (e["src"], e["dst"]) if e["src"] in related else (e["dst"], e["src"])
        p = papers[other]
        kind = f" ({p['type']})" if p["type"] else ""
        if any(ev["_pid"] == other and ev["kind"] == "related" for ev in events):
            continue
        event("related", p, p["date"], other=label(papers[base]), edge="oparl_related",
              text=f"{label(p)}{kind} related to {label(papers[base])} (OParl)")

    # citations, one step at a time outwards from the lineage
    for e in store.paper_edges_among(conn, near, CITES):
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
                   depth=max(d_src, d_dst), edge=e["type"])
        # the citing paper states the citation: a real paper citing a number is a real
        # event even where the cited paper is only known here through a sample
        ev["fictional"] = bool(src["fictional"])
        if kind == "cited_by":  # a paper further out: its amounts on the pages citing ours
            ev["_pages"] = ({q for loc in locs if loc.get("page") for q in (loc["page"],
                                                                           loc["page"] + 1)}
                            if e["type"] == "cites" else set())  # (and the page after)
        where = f" (p. {first['page']})" if first.get("page") else ""
        if e["type"] == "attachment_cites":
            where = f" (in {first.get('file') or 'an attachment'}" + \
                (f", p. {first['page']})" if first.get("page") else ")")
        times = f", {e['count']}×" if e["count"] > 1 else ""
        title = f" „{cited_title}“" if cited_title else ""
        verb = "cites" if e["type"] == "cites" else "cites in an attachment"
        if kind == "cited_by":
            ev["text"] = f"{label(dst)}{title} cited by {label(src)}{where}{times}" \
                if e["type"] == "cites" else \
                f"{label(dst)}{title} cited in an attachment of {label(src)}{where}{times}"
        else:
            ev["text"] = f"{label(src)} {verb} {label(dst)}{title}{where}{times}"

    # sessions: of every paper in the history; a Niederschrift's for the paper it records
    seen: set[tuple] = set()
    decisions: list[dict[str, object]] = []
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
        purpose = c.get("purpose") or c.get("role")
        if purpose:
            what += f" for {purpose}"
        if c.get("top"):
            what += f", TOP {c['top']}"
        result = c.get("result")
        if result:
            what += f": {result}"
        if c.get("oparl_result") and c.get("oparl_result") != result:
            what += f" (OParl: {c['oparl_result']})"
        if c.get("public") is False:
            what += " (non-public)"
        protocol = c.get("protocol")
        if protocol and (protocol.get("outcome") or protocol.get("votes")):
            what += f"; {protocol['file']}: {protocol.get('outcome') or _votes(protocol['votes'])}"
        ev = event("session", p, c.get("date"), committee=committee, purpose=purpose,
                   result=result, session=c.get("session"), quote=c.get("quote"),
                   page=c.get("page"), other=label(about) if about is not None else None,
                   oparl_result=c.get("oparl_result"), basis=c.get("basis"),
                   top=c.get("top"), protocol=protocol, text=what)
        whose = about if about is not None else p
        if (result or protocol) and whose["id"] in lineage:
            d = dict.fromkeys(DECISION_KEYS)
            text_result = c["text_result"] if "text_result" in c else \
                (result if c.get("basis") in ("text", None) else None)
            d.update(date=ev["date"], committee=committee, paper=label(whose), result=result,
                     text_result=text_result, oparl_result=c.get("oparl_result"),
                     basis=c.get("basis") or "text", purpose=purpose, top=c.get("top"),
                     session=c.get("session"), quote=c.get("quote"), page=c.get("page"),
                     fictional=bool(p["fictional"]))
            d["recorded_in"] = label(p) if about is not None else None
            d["protocol"] = protocol
            decisions.append(d)

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
        pid, pages = ev.pop("_pid"), ev.pop("_pages", None)
        if ev["kind"] in ("paper", "related", "cites", "cited_by") and pid is not None \
                and pid not in stated and not papers[pid]["stub"]:
            stated.add(pid)
            said = store.mentions(conn, pid, ["amount"])
            # (long minutes citing one paper among dozens state mostly other matters' figures)
            ev["amounts"] = said if pages is None else [a for a in said if a.get("page") in pages]
    decisions.sort(key=lambda d: (d["date"] is None, d["date"] or ""))
    last: dict[str, dict[str, object]] = {}
    for d in decisions:  # a paper's last result is where it stands
        d["final"] = False
        if d["date"] is not None or d["paper"] not in last:
            last[d["paper"]] = d
    for d in last.values():
        d["final"] = True
    return {"paper": paper_json(row),
            "lineage": [paper_json(papers[i]) for i in ordered],
            "events": events,
            "decisions": decisions}


def _votes(v: dict[str, int] | None) -> str:
    """``14 yes, 3 no, 1 abstention`` of a protocol's vote counts."""
    if not v:
        return ""
    words = (("yes", "yes"), ("no", "no"), ("abstain", "abstention(s)"))
    return ", ".join(f"{v[k]} {w}" for k, w in words if k in v)


def demo_history(conn: sqlite3.Connection, text: str, depth: int = 1) -> str:
    """For ``grdrs demo``: the history of REF as text."""
    return history_text(history(conn, text, depth))


__all__ = ["DECISION_KEYS", "EVENT_KEYS", "demo_history", "history", "history_text"]
