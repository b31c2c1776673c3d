"""The reference graph as a networkx ``MultiDiGraph``, built from the store.

Node ids are the store's keys: a paper's identity (``stuttgart|grdrs|563/2023|``, see
:func:`grdrs.store.paper_key`), a committee ``stuttgart|committee|Verwaltungsausschuss``, a
meeting ``stuttgart|meeting|Verwaltungsausschuss|2023-09-20``, a budget
``stuttgart|budget|2024/2025``. Every node has ``kind`` (paper, committee, meeting, budget)
and ``label``; papers carry ``council``, ``series``, ``number``, ``suffix``, ``name``,
``type``, ``date``, ``title``, ``cited_title``, ``budget``, ``fictional``, ``stub`` (and, for a
stub, ``cited_by``: who cited it). Edges are keyed by their ``type``: ``cites`` (``count``,
``locations``: page, quote, cited_title), ``attachment_cites`` (the same, each location with
its ``file``), ``supplements``, ``replaces``, ``answers``, ``protocol_of``,
``oparl_superordinated`` / ``oparl_subordinated`` / ``oparl_related`` (``from``: oparl,
``link``), ``consulted_in`` (``date``, ``purpose``, ``result``, ``public``, ``session``,
``page``, ``quote``, ``basis``, ``oparl_result``, ``role``, ``top``), ``concerns_budget``
(``budget``) and ``held_by`` (meeting → committee).

Used by ``export``, ``path`` and analysis only: this module imports networkx.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import networkx as nx

from .. import store
from ..queries import label, resolve

def build(conn: sqlite3.Connection, around: str | None = None,
          depth: int = 1) -> nx.MultiDiGraph:
    """The whole graph, or with ``around`` (a REF) the papers within ``depth`` steps of it
    over paper → paper edges (either direction), with their committees, meetings and budgets.
    Raises :class:`grdrs.queries.NotFound` for an unknown REF."""
    ids = None
    if around is not None:
        start = resolve(conn, around)["id"]
        ids = sorted(store.walk(conn, [start], store.PAPER_EDGE_TYPES, "both", depth))
    g = nx.MultiDiGraph()
    key_of: dict[int, str] = {}
    stubs: dict[int, list[str]] = {}
    nodes = []
    for (pid, key, council, series, number, suffix, name, type_, date, title, cited_title,
         budget, fictional, stub) in store.graph_papers(conn, ids):
        key_of[pid] = key
        paper = {
            "kind": "paper", "label": None, "council": council, "series": series,
            "number": number, "suffix": suffix, "name": name, "type": type_, "date": date,
            "title": title or cited_title, "cited_title": cited_title, "budget": budget,
            "fictional": bool(fictional), "stub": bool(stub)}
        paper["label"] = label(paper)  # named as everywhere else (keeps the key order)
        nodes.append((key, paper))
        if stub:
            stubs[pid] = []
    g.add_nodes_from(nodes)
    node_key: dict[int, str] = {}
    node_ids = None if ids is None else store.node_ids_of(conn, ids)
    extra = []
    for nid, key, kind, council, name, date, committee_key, data in store.graph_nodes(
            conn, node_ids):
        node_key[nid] = key
        attrs: dict[str, Any] = {"kind": kind, "label": name, "council": council,
                                 "date": date}
        if data:
            attrs.update(json.loads(data))
        extra.append((key, attrs))
        if committee_key is not None:
            attrs["committee"] = committee_key.split("|", 2)[2]
    g.add_nodes_from(extra)
    for key, attrs in extra:
        if attrs["kind"] == "meeting":
            ckey = f"{attrs['council']}|committee|{attrs['committee']}"
            if ckey in g:
                g.add_edge(key, ckey, key="held_by", type="held_by")
    edges = []
    used: set[tuple[str, str, str]] = set()
    for src, dst, node, type_, count, data in store.graph_edges(conn, ids):
        u = key_of.get(src)
        v = key_of.get(dst) if dst is not None else node_key.get(node)
        if u is None or v is None:
            continue  # outside --around
        attrs = {"type": type_}
        if type_ in ("cites", "attachment_cites"):
            attrs["count"] = count
            attrs["locations"] = json.loads(data) if data else []
            if dst in stubs:
                stubs[dst].append(g.nodes[u]["label"])
        elif data:
            attrs.update(json.loads(data))
        key, n = type_, 1
        while (u, v, key) in used:  # a second session of one paper in one meeting
            n += 1
            key = f"{type_}#{n}"
        used.add((u, v, key))
        edges.append((u, v, key, attrs))
    g.add_edges_from(edges)
    for pid, citers in stubs.items():
        g.nodes[key_of[pid]]["cited_by"] = citers
    g.graph["name"] = "grdrs reference graph"
    if around is not None:
        g.graph["around"] = around
        g.graph["depth"] = depth
    return g


def find_node(g: nx.MultiDiGraph, conn: sqlite3.Connection, ref: str) -> str:
    """The graph node of the paper REF names (raises NotFound/Ambiguous like ``show``)."""
    row = resolve(conn, ref)
    return store.paper_key_of(conn, row["id"])


def path(conn: sqlite3.Connection, a: str, b: str, via: str = "papers") -> dict[str, Any]:
    """How two papers are connected: a shortest chain of edges, in either direction.

    ``via="papers"`` uses paper → paper edges only (cites, attachment_cites, supplements,
    replaces, answers, protocol_of, OParl's links); ``via="all"`` also goes through meetings,
    committees and budgets.
    ``{"from", "to", "connected", "length", "steps": [{"from", "to", "edge", "direction",
    "quote", "page"}], "nodes": [{"id", "kind", "label", "title", "date", "fictional"}]}``.
    """
    g = build(conn)
    src, dst = find_node(g, conn, a), find_node(g, conn, b)
    if via == "papers":
        view = g.subgraph(n for n, k in g.nodes(data="kind") if k == "paper")
    else:
        view = g
    und = view.to_undirected(as_view=True)
    try:
        chain = nx.shortest_path(und, src, dst)
    except nx.NetworkXNoPath:
        chain = None
    out: dict[str, Any] = {"from": g.nodes[src]["label"], "to": g.nodes[dst]["label"],
                           "connected": chain is not None, "length": None, "steps": [],
                           "nodes": []}
    if chain is None:
        return out
    out["length"] = len(chain) - 1
    for n in chain:
        d = g.nodes[n]
        out["nodes"].append({"id": n, "kind": d["kind"], "label": d["label"],
                             "title": d.get("title"), "date": d.get("date"),
                             "fictional": bool(d.get("fictional", False))})
    for u, v in zip(chain, chain[1:]):
        if g.has_edge(u, v):
            data, direction = _first(g, u, v), "forward"
        else:
            data, direction = _first(g, v, u), "backward"
        locs = data.get("locations") or [{}]
        out["steps"].append({"from": g.nodes[u]["label"], "to": g.nodes[v]["label"],
                             "edge": data["type"], "direction": direction,
                             "quote": locs[0].get("quote") or data.get("quote"),
                             "page": locs[0].get("page") or data.get("page")})
    return out


def _first(g: nx.MultiDiGraph, u: str, v: str) -> dict[str, Any]:
    datas = list(g.get_edge_data(u, v).values())
    order = {"supplements": 0, "replaces": 0, "answers": 0, "oparl_superordinated": 0,
             "oparl_subordinated": 0, "protocol_of": 1, "cites": 2, "oparl_related": 3,
             "attachment_cites": 4}
    return min(datas, key=lambda d: order.get(d["type"], 3))


def path_text(answer: dict[str, Any]) -> str:
    if not answer["connected"]:
        return f"{answer['from']} and {answer['to']} are not connected"
    lines = [f"{answer['from']} → {answer['to']}: {answer['length']} step(s)"]
    for s in answer["steps"]:
        where = f"  “{s['quote']}” (p. {s['page']})" if s.get("quote") else ""
        if s["direction"] == "forward":
            lines.append(f"  {s['from']}  —{s['edge']}→  {s['to']}{where}")
        else:
            lines.append(f"  {s['from']}  ←{s['edge']}—  {s['to']}{where}")
    return "\n".join(lines)
