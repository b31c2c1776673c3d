"""``grdrs export graph``: the reference graph as GraphML, GEXF, node-link JSON, DOT, CSV,
a self-contained HTML page, or OParl 1.1 JSON.

Values a format cannot hold are converted deliberately, the same way everywhere:

* ``None`` (unknown) — GraphML, GEXF and DOT leave the attribute out of that element (their
  way of saying "no value"); CSV writes an empty cell; JSON and OParl keep ``null`` / leave the
  key out (OParl's types do not allow null);
* lists and dicts (a citation's ``locations``, a stub's ``cited_by``) — JSON text in GraphML,
  GEXF, DOT and CSV; native in JSON, HTML and OParl;
* booleans — GraphML ``boolean``, GEXF ``boolean``, CSV/DOT ``true``/``false``;
* characters XML cannot hold (control characters from damaged PDFs) — U+FFFD in GraphML/GEXF;
* GEXF reserves an edge's ``type`` (directed/undirected): there the edge type is ``relation``.

GraphML is written by grdrs itself (streamed, one pass) — several times faster than
networkx's ElementTree writer — and reads back with ``networkx.read_graphml``.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import networkx as nx

from ..paths import blocking_file, file_problem, write_error
from .style import colour

FORMATS = ("graphml", "gexf", "json", "dot", "csv", "html", "oparl")
OPARL = "https://schema.oparl.org/1.1/"
DEFAULT_BASE = "https://grdrs.invalid/oparl/"

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def flat(value: Any) -> Any:
    """A value for a format of scalars: lists and dicts as JSON text, None stays None."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _xml(text: str) -> str:
    text = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
    if _XML_BAD.search(text):
        text = _XML_BAD.sub("\ufffd", text)
    return text


def _graphml_type(values: Iterable[Any]) -> str:
    kinds = set()
    for v in values:
        if v is None:
            continue
        if isinstance(v, bool):
            kinds.add("boolean")
        elif isinstance(v, int):
            kinds.add("long")
        elif isinstance(v, float):
            kinds.add("double")
        else:
            kinds.add("string")
        if len(kinds) > 1:
            return "string"
    return kinds.pop() if kinds else "string"


def _gml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return _xml(flat(v) if not isinstance(v, str) else v)


def write_graphml(g: nx.MultiDiGraph, out: IO[str]) -> None:
    """GraphML (Gephi, yEd, networkx). One pass to type the keys, one to write."""
    node_values: dict[str, list] = {}
    for _, d in g.nodes(data=True):
        for k, v in d.items():
            node_values.setdefault(k, []).append(v)
    edge_values: dict[str, list] = {}
    for _, _, d in g.edges(data=True):
        for k, v in d.items():
            edge_values.setdefault(k, []).append(v)
    nkeys = {k: (f"n{i}", _graphml_type(vs)) for i, (k, vs) in enumerate(node_values.items())}
    ekeys = {k: (f"e{i}", _graphml_type(vs)) for i, (k, vs) in enumerate(edge_values.items())}
    del node_values, edge_values
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n'
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
      'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for name, (kid, typ) in nkeys.items():
        w(f'<key id="{kid}" for="node" attr.name="{_xml(name)}" attr.type="{typ}"/>\n')
    for name, (kid, typ) in ekeys.items():
        w(f'<key id="{kid}" for="edge" attr.name="{_xml(name)}" attr.type="{typ}"/>\n')
    w('<graph id="grdrs" edgedefault="directed">\n')
    buf: list[str] = []
    for n, d in g.nodes(data=True):
        buf.append(f'<node id="{_xml(n)}">')
        for k, v in d.items():
            if v is not None:
                buf.append(f'<data key="{nkeys[k][0]}">{_gml_value(v)}</data>')
        buf.append("</node>\n")
        if len(buf) > 20000:
            w("".join(buf))
            buf.clear()
    for i, (u, v, key, d) in enumerate(g.edges(keys=True, data=True)):
        buf.append(f'<edge id="e{i}" source="{_xml(u)}" target="{_xml(v)}">')
        for k, val in d.items():
            if val is not None:
                buf.append(f'<data key="{ekeys[k][0]}">{_gml_value(val)}</data>')
        buf.append("</edge>\n")
        if len(buf) > 20000:
            w("".join(buf))
            buf.clear()
    w("".join(buf))
    w("</graph>\n</graphml>\n")


def _scalar_copy(g: nx.MultiDiGraph, *, edge_type: str = "type") -> nx.MultiDiGraph:
    h = nx.MultiDiGraph()
    h.graph.update({k: flat(v) for k, v in g.graph.items() if v is not None})
    h.add_nodes_from((n, {k: flat(v) for k, v in d.items() if v is not None})
                     for n, d in g.nodes(data=True))
    edges = []
    for u, v, key, d in g.edges(keys=True, data=True):
        attrs = {(edge_type if k == "type" else k): flat(val) for k, val in d.items()
                 if val is not None}
        edges.append((u, v, key, attrs))
    h.add_edges_from(edges)
    return h


def write_gexf(g: nx.MultiDiGraph, path: str | IO[bytes]) -> None:
    """GEXF 1.2 for Gephi (networkx's writer on a copy with scalar attributes)."""
    h = _scalar_copy(g, edge_type="relation")
    for n, d in h.nodes(data=True):
        for k, v in list(d.items()):
            if isinstance(v, str) and _XML_BAD.search(v):
                d[k] = _XML_BAD.sub("\ufffd", v)
    nx.write_gexf(h, path)


def node_link(g: nx.MultiDiGraph) -> dict[str, Any]:
    """networkx node-link data (``nodes``, ``edges``), lists and nulls kept as JSON has them."""
    return nx.node_link_data(g, edges="edges")


def _dot_id(text: Any) -> str:
    s = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"'


def write_dot(g: nx.MultiDiGraph, out: IO[str]) -> None:
    """Graphviz DOT: ``dot -Tsvg graph.dot > graph.svg``."""
    out.write("digraph grdrs {\n  graph [rankdir=LR, overlap=false];\n"
              '  node [shape=box, style="rounded,filled", fontname="Helvetica"];\n')
    for n, d in g.nodes(data=True):
        attrs = {k: v for k, v in d.items() if v is not None}
        attrs["fillcolor"] = colour(d)
        attrs["tooltip"] = d.get("title") or d.get("label")
        out.write(f"  {_dot_id(n)} [" + ", ".join(
            f"{k}={_dot_id(_dot_value(v))}" for k, v in attrs.items()) + "];\n")
    for u, v, d in g.edges(data=True):
        attrs = {k: val for k, val in d.items() if val is not None}
        attrs["label"] = d["type"]
        out.write(f"  {_dot_id(u)} -> {_dot_id(v)} [" + ", ".join(
            f"{k}={_dot_id(_dot_value(val))}" for k, val in attrs.items()) + "];\n")
    out.write("}\n")


def _dot_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return flat(v) if not isinstance(v, str) else v


def write_csv(g: nx.MultiDiGraph, folder: Path, excel: bool = False) -> tuple[Path, Path]:
    """``nodes.csv`` (id + attributes) and ``edges.csv`` (source, target, type + attributes).

    ``excel``: as German Excel opens a CSV file by double-click — UTF-8 with a byte order
    mark (else umlauts break), ``;`` between columns (else one column), decimal comma."""
    folder.mkdir(parents=True, exist_ok=True)
    ncols: dict[str, None] = {"kind": None, "label": None}
    for _, d in g.nodes(data=True):
        ncols.update(dict.fromkeys(d))
    ecols: dict[str, None] = {"type": None}
    for _, _, d in g.edges(data=True):
        ecols.update(dict.fromkeys(d))
    nodes_path, edges_path = folder / "nodes.csv", folder / "edges.csv"
    encoding, delimiter = ("utf-8-sig", ";") if excel else ("utf-8", ",")
    value = _excel_value if excel else (lambda v, _column: _csv_value(v))
    with nodes_path.open("w", newline="", encoding=encoding) as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(["id", *ncols])
        for n, d in g.nodes(data=True):
            w.writerow([n, *(value(d.get(c), c) for c in ncols)])
    with edges_path.open("w", newline="", encoding=encoding) as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(["source", "target", *ecols])
        for u, v, d in g.edges(data=True):
            w.writerow([u, v, *(value(d.get(c), c) for c in ecols)])
    return nodes_path, edges_path


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return flat(v)


_DECIMAL = re.compile(r"-?\d+\.\d+")


# columns whose text values are exact decimals (grdrs keeps money as "57000.00")
_MONEY_COLUMNS = frozenset({"amount", "value", "value_to", "earlier_value"})


def _excel_value(v: Any, column: str) -> Any:
    """A value for German Excel: numbers (0.5) and money columns' decimals ("57000.00") with
    a decimal comma; other text as it is (a TOP "12.1" stays text, not a number)."""
    if isinstance(v, float):
        v = repr(v)
    elif not (isinstance(v, str) and column in _MONEY_COLUMNS):
        return _csv_value(v)
    out = _csv_value(v)
    if isinstance(out, str) and _DECIMAL.fullmatch(out):
        return out.replace(".", ",")
    return out


# --------------------------------------------------------------------------------------------
# OParl 1.1

def _oid(base: str, kind: str, key: str) -> str:
    return f"{base}{kind}/{quote(key, safe='')}"


def _clean(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v is not None and v != []}


def _bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _consultation_ids(paper: str, consults: list) -> list[tuple[str, str, dict]]:
    """(id, meeting or committee node, data) of a paper's consultations. An id names the paper
    and the session (``…/consultation/<meeting node>``); two consultations of one paper in one
    meeting (two items of one Niederschrift) add their session number or TOP, then a count:
    unique in the export, and the same for the same database."""
    out, seen = [], set()
    per_node: dict[str, int] = {}
    for v, _c in consults:
        per_node[v] = per_node.get(v, 0) + 1
    for v, c in consults:
        cid = f"{paper}/consultation/{quote(v, safe='')}"
        if per_node[v] > 1:
            cid += "/" + quote(str(c.get("session") or c.get("top") or "-"), safe="")
        unique, n = cid, 1
        while unique in seen:
            n += 1
            unique = f"{cid}/{n}"
        seen.add(unique)
        out.append((unique, v, c))
    return out


def _top_order(top: Any) -> tuple:
    """A TOP's place on the agenda: ``2.`` before ``10.``, ``12.1`` after ``12``."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                 for p in re.findall(r"\d+|[^\d\s.]+", str(top or "")))


def _local_midnight(day: Any) -> str | None:
    """OParl's ``start`` (a date-time) for a session grdrs knows the day of, not the hour: the
    day's midnight in German local time (+01:00, in summer time +02:00), so every reader takes
    it for that day; ``grdrs:date`` says that only the day is known."""
    try:
        d = date.fromisoformat(str(day))
    except ValueError:
        return None

    def last_sunday(month: int) -> date:
        end = date(d.year, month, 31)
        return end - timedelta(days=(end.weekday() + 1) % 7)

    summer = last_sunday(3) < d <= last_sunday(10)  # the switches happen at 02:00 / 03:00
    return f"{d.isoformat()}T00:00:00{'+02:00' if summer else '+01:00'}"


OPARL_LINKS = {"oparl_superordinated": "superordinatedPaper",
               "oparl_subordinated": "subordinatedPaper", "oparl_related": "relatedPaper"}


def oparl(conn: sqlite3.Connection, g: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> dict:
    """OParl 1.1 objects as an external list ``{"data": [...], "pagination", "links"}``:
    Paper (also for papers known only from citations), Organization (committees), Meeting.
    grdrs's own facts are ``grdrs:``-prefixed extensions; budgets, which OParl has no type
    for, are a Paper's ``grdrs:budget`` (periods) and, beside the list, ``grdrs:budgets``."""
    from .. import store

    if not base.endswith("/"):
        base += "/"
    ids = {n: _oid(base, d["kind"], n) for n, d in g.nodes(data=True)}
    pid_of = store.paper_ids_by_key(conn)
    related: dict[str, dict[str, list]] = {n: {"relatedPaper": [], "superordinatedPaper": [],
                                               "subordinatedPaper": []}
                                           for n, d in g.nodes(data=True) if d["kind"] == "paper"}
    relations: dict[str, list] = {n: [] for n in related}
    consult: dict[str, list] = {n: [] for n in related}
    budgets: dict[str, list] = {n: [] for n in related}
    for u, v, key, d in g.edges(keys=True, data=True):
        t = d["type"]
        if u in related and v in related:
            relations[u].append({"type": t, "paper": ids[v], "count": d.get("count"),
                                 "locations": d.get("locations")})
            if t in OPARL_LINKS:  # OParl's own link, as the paper stated it
                related[u][OPARL_LINKS[t]].append(ids[v])
            elif t in ("supplements", "answers"):
                related[u]["superordinatedPaper"].append(ids[v])
                related[v]["subordinatedPaper"].append(ids[u])
            else:
                related[u]["relatedPaper"].append(ids[v])
                related[v]["relatedPaper"].append(ids[u])
        elif t == "consulted_in":
            consult[u].append((v, d))
        elif t == "concerns_budget":
            budgets[u].append(g.nodes[v].get("period") or d.get("budget"))
    data: list[dict[str, Any]] = []
    agenda: dict[str, list[dict[str, Any]]] = {}  # meeting → its agenda items
    budget_list: list[dict[str, Any]] = []
    for n, d in g.nodes(data=True):
        if d["kind"] != "paper":
            continue
        facts = {}
        pid = pid_of.get(n)
        if pid is not None and not d.get("stub"):
            facts = store.graph_facts(conn, pid)
        consultations = []
        for cid, v, c in _consultation_ids(ids[n], consult[n]):
            node = g.nodes[v]
            org = v if node["kind"] == "committee" else \
                f"{node['council']}|committee|{node.get('committee')}"
            item = None
            if node["kind"] == "meeting":  # TOP, result and public go on the agenda item
                item = f"{cid}/agendaItem"
                agenda.setdefault(v, []).append(_clean({
                    "id": item, "type": OPARL + "AgendaItem", "meeting": ids[v],
                    "number": c.get("top"), "name": d.get("title") or d.get("label"),
                    "public": _bool(c.get("public")), "consultation": cid,
                    "result": c.get("result")}))
            consultations.append(_clean({
                "id": cid, "type": OPARL + "Consultation", "paper": ids[n],
                "meeting": ids[v] if node["kind"] == "meeting" else None, "agendaItem": item,
                "organization": [ids.get(org, _oid(base, "committee", org))],
                "role": c.get("purpose") or c.get("role"),
                "authoritative": _bool(c.get("authoritative")),
                "grdrs:date": c.get("date"), "grdrs:result": c.get("result"),
                "grdrs:oparlResult": c.get("oparl_result"), "grdrs:top": c.get("top"),
                "grdrs:basis": c.get("basis"),
                "grdrs:public": c.get("public"), "grdrs:session": c.get("session"),
                "grdrs:quote": c.get("quote"), "grdrs:page": c.get("page")}))
        rel = {k: sorted(set(v)) for k, v in related[n].items()}
        data.append(_clean({
            "id": ids[n], "type": OPARL + "Paper",
            "name": d.get("title") or d.get("label"),
            "reference": d.get("label") if d.get("number") else None,
            "date": d.get("date"), "paperType": d.get("type"),
            "consultation": consultations, **rel,
            "grdrs:council": d.get("council"), "grdrs:series": d.get("series"),
            "grdrs:number": d.get("number"), "grdrs:suffix": d.get("suffix"),
            "grdrs:name": None if d.get("number") else d.get("label"),
            "grdrs:stub": d.get("stub"), "grdrs:fictional": d.get("fictional"),
            "grdrs:citedTitle": d.get("cited_title"), "grdrs:citedBy": d.get("cited_by"),
            "grdrs:budget": sorted(set(b for b in budgets[n] if b)) or None,
            "grdrs:relations": relations[n],
            "grdrs:amounts": facts.get("amount") or None,
            "grdrs:mentions": [m for k in ("reference", "date", "period", "committee",
                                           "position") for m in facts.get(k, [])] or None}))
    for n, d in g.nodes(data=True):
        if d["kind"] == "committee":
            data.append(_clean({"id": ids[n], "type": OPARL + "Organization",
                                "name": d["label"], "organizationType": "Gremium",
                                "grdrs:council": d.get("council")}))
        elif d["kind"] == "meeting":
            org = f"{d['council']}|committee|{d.get('committee')}"
            items = sorted(agenda.get(n, []), key=lambda i: (_top_order(i.get("number")),
                                                            i.get("name") or "", i["id"]))
            for order, item in enumerate(items, 1):
                item["order"] = order
            data.append(_clean({"id": ids[n], "type": OPARL + "Meeting", "name": d["label"],
                                "start": _local_midnight(d.get("date")),
                                "organization": [ids.get(org, _oid(base, "committee", org))],
                                "agendaItem": items, "grdrs:date": d.get("date"),
                                "grdrs:council": d.get("council")}))
        elif d["kind"] == "budget":  # no OParl type: beside the list, named by the papers
            budget_list.append(_clean({"period": d.get("period"), "name": d["label"],
                                       "from": d.get("from"), "to": d.get("to")}))
    return {"data": data, "grdrs:budgets": budget_list,
            "pagination": {"totalElements": len(data), "elementsPerPage": max(1, len(data)),
                           "currentPage": 1, "totalPages": 1},
            "links": {}}


# --------------------------------------------------------------------------------------------

class OutputError(Exception):
    """``-o`` names a place the export cannot be written to; ``str(err)`` says why in words."""


def output_problem(fmt: str, out: str | None) -> str | None:
    """Why ``-o out`` cannot take ``fmt`` (one file; csv: a folder, made with its parents),
    seen before the graph is built; None when nothing is in the way."""
    if out is None:
        return None
    p = Path(out)
    if fmt == "csv":
        if p.exists() and not p.is_dir():
            return (f"-o {out} is a file, and --format csv writes a folder (nodes.csv and "
                    "edges.csv into it): name a folder, new or existing")
        up = blocking_file(p)
        return None if up is None else f"cannot make the folder {out}: {up} is a file"
    if p.is_dir():
        return (f"-o {out} is a folder, and --format {fmt} writes one file: name a file "
                "(only --format csv writes a folder)")
    why = file_problem(p)
    return None if why is None else f"cannot write {out}: {why}"


def export(conn: sqlite3.Connection, fmt: str, out: str | None, around: str | None = None,
           depth: int = 1, base: str = DEFAULT_BASE, stdout: IO[str] | None = None,
           excel: bool = False) -> str:
    """Write the graph in ``fmt`` to ``out`` (a file; for csv a folder; ``None``: stdout).
    Returns a one-line summary. Raises :class:`OutputError` when ``out`` cannot be written
    (an error writing to stdout, a closed pipe, is raised as it is)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if why := output_problem(fmt, out):
        raise OutputError(why)
    try:
        return _export(conn, fmt, out, around, depth, base, stdout, excel)
    except OSError as err:
        if out is None:
            raise
        raise OutputError(write_error(out, err)) from None


def _export(conn: sqlite3.Connection, fmt: str, out: str | None, around: str | None,
            depth: int, base: str, stdout: IO[str] | None, excel: bool) -> str:
    import sys

    from .build import build

    g = build(conn, around=around, depth=depth)
    summary = f"{g.number_of_nodes()} node(s), {g.number_of_edges()} edge(s)"
    if fmt == "csv":
        if out is None:
            raise ValueError("--format csv writes nodes.csv and edges.csv: name a folder with -o")
        write_csv(g, Path(out), excel=excel)
        return f"{summary} → {Path(out) / 'nodes.csv'}, {Path(out) / 'edges.csv'}"
    if fmt == "gexf":
        if out is None:
            import io

            buf = io.BytesIO()
            write_gexf(g, buf)
            (stdout or sys.stdout).write(buf.getvalue().decode("utf-8"))
        else:
            write_gexf(g, out)
        return f"{summary} → {out or 'stdout'}"
    handle = open(out, "w", encoding="utf-8", newline="\n") if out else (stdout or sys.stdout)
    try:
        if fmt == "graphml":
            write_graphml(g, handle)
        elif fmt == "json":
            json.dump(node_link(g), handle, ensure_ascii=False, indent=1)
            handle.write("\n")
        elif fmt == "dot":
            write_dot(g, handle)
        elif fmt == "oparl":
            json.dump(oparl(conn, g, base), handle, ensure_ascii=False, indent=1)
            handle.write("\n")
        elif fmt == "html":
            from .html import LARGE, html_page

            handle.write(html_page(conn, g))
            if g.number_of_nodes() > LARGE:
                summary += (f"; more than {LARGE} nodes: the page opens on its search box "
                            "(--around REF --depth 2 makes a page of one neighbourhood)")
    finally:
        if out:
            handle.close()
    return f"{summary} → {out or 'stdout'}"


def write_html(conn: sqlite3.Connection, path: str | Path, around: str | None = None,
               depth: int = 1) -> str:
    """For ``grdrs demo``: write the interactive HTML graph to ``path``; returns a summary."""
    return export(conn, "html", str(path), around=around, depth=depth)
