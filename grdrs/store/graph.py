"""Graph tables: ``nodes`` and ``edges``. Which facts become which edges is decided in
:mod:`grdrs.graph.rules`; this module only reads and writes the rows.

``nodes``  graph nodes that are not papers: ``committee``, ``meeting`` (a committee's session
           on a date), ``budget`` (a budget period such as 2024/2025).
``edges``  the reference graph: ``src`` is a paper; ``dst`` a paper or ``node`` a node, with a
           ``type``, a ``count`` and JSON ``data`` (locations, or a session's date/result).

Reading is standard library only: recursive SQL (:func:`walk`) answers ``history`` and
``refs`` without networkx.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator

from .files import mentions_of_file
from .papers import PAPER_COLUMNS, main_file

# OParl's own links between papers, each as the paper's OParl object states it
OPARL_LINK_EDGES = {"superordinated": "oparl_superordinated",
                    "subordinated": "oparl_subordinated", "related": "oparl_related"}
PAPER_EDGE_TYPES = ("cites", "supplements", "replaces", "answers", "protocol_of",
                    "attachment_cites", *OPARL_LINK_EDGES.values())
NODE_EDGE_TYPES = ("consulted_in", "concerns_budget")


def _ids(ids: Iterable[int]) -> str:
    return json.dumps(sorted(set(ids)))


# -- writing ----------------------------------------------------------------------------------

def add_edge(conn: sqlite3.Connection, src: int, type_: str, *, dst: int | None = None,
             node: int | None = None, count: int = 1, data: object = None) -> None:
    conn.execute("INSERT INTO edges (src, dst, node, type, count, data) VALUES (?, ?, ?, ?, ?, ?)",
                 (src, dst, node, type_, count,
                  None if data is None else json.dumps(data, ensure_ascii=False)))


def targets_of(conn: sqlite3.Connection, paper_id: int) -> tuple[list[int], list[int]]:
    """(papers, nodes) a paper's edges point to."""
    rows = conn.execute("SELECT dst, node FROM edges WHERE src = ?", (paper_id,)).fetchall()
    return ([r[0] for r in rows if r[0] is not None], [r[1] for r in rows if r[1] is not None])


def delete_edges_from(conn: sqlite3.Connection, paper_id: int) -> None:
    conn.execute("DELETE FROM edges WHERE src = ?", (paper_id,))


def delete_edges_of_type(conn: sqlite3.Connection, paper_id: int,
                         types: Iterable[str]) -> list[int]:
    """Delete a paper's outgoing edges of ``types``; returns the papers they pointed to."""
    t = list(types)
    marks = ", ".join("?" * len(t))
    dst = [r[0] for r in conn.execute(
        f"SELECT dst FROM edges WHERE src = ? AND type IN ({marks}) AND dst IS NOT NULL",
        (paper_id, *t))]
    conn.execute(f"DELETE FROM edges WHERE src = ? AND type IN ({marks})", (paper_id, *t))
    return dst


def has_incoming(conn: sqlite3.Connection, paper_id: int) -> bool:
    return conn.execute("SELECT 1 FROM edges WHERE dst = ? LIMIT 1",
                        (paper_id,)).fetchone() is not None


def node(conn: sqlite3.Connection, key: str, kind: str, council: str, name: str,
         date: str | None = None, committee: int | None = None,
         data: dict | None = None) -> int:
    """The node with this key, inserted if absent."""
    row = conn.execute("SELECT id FROM nodes WHERE key = ?", (key,)).fetchone()
    if row is not None:
        return row[0]
    cur = conn.execute("INSERT INTO nodes (key, kind, council, name, date, committee, data) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (key, kind, council, name, date, committee,
                        None if data is None else json.dumps(data, ensure_ascii=False)))
    return cur.lastrowid


def collect_garbage(conn: sqlite3.Connection, papers: list[int], nodes: list[int]) -> None:
    """Remove stubs and nodes that lost the last edge that needed them (and what they needed).
    A stub is needed while an edge points to it or a file belongs to it; a node while an edge
    points to it or it is a meeting's committee."""
    todo = list(papers)
    seen: set[int] = set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        row = conn.execute("SELECT stub FROM papers WHERE id = ?", (pid,)).fetchone()
        if row is None or not row[0]:
            continue
        if has_incoming(conn, pid):
            continue
        if conn.execute("SELECT 1 FROM paper_files WHERE paper_id = ? LIMIT 1",
                        (pid,)).fetchone():
            continue
        dst, nds = targets_of(conn, pid)
        todo.extend(dst)
        nodes.extend(nds)
        conn.execute("DELETE FROM edges WHERE src = ?", (pid,))
        conn.execute("DELETE FROM consultations WHERE paper_id = ?", (pid,))
        conn.execute("DELETE FROM papers WHERE id = ?", (pid,))
    for nid in dict.fromkeys(nodes):
        row = conn.execute("SELECT committee FROM nodes WHERE id = ?", (nid,)).fetchone()
        if row is None or conn.execute("SELECT 1 FROM edges WHERE node = ? LIMIT 1",
                                       (nid,)).fetchone():
            continue
        if conn.execute("SELECT 1 FROM nodes WHERE committee = ? LIMIT 1", (nid,)).fetchone():
            continue
        conn.execute("DELETE FROM nodes WHERE id = ?", (nid,))
        if row[0] is not None:  # a meeting's committee may now be unused as well
            collect_garbage(conn, [], [row[0]])


# -- reading ----------------------------------------------------------------------------------

def edges_out(conn: sqlite3.Connection, paper_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        f"SELECT e.type, e.count, e.data, {', '.join('p.' + c for c in PAPER_COLUMNS)} "
        "FROM edges e JOIN papers p ON p.id = e.dst WHERE e.src = ? ORDER BY p.number",
        (paper_id,)).fetchall()


def edges_in(conn: sqlite3.Connection, paper_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        f"SELECT e.type, e.count, e.data, {', '.join('p.' + c for c in PAPER_COLUMNS)} "
        "FROM edges e JOIN papers p ON p.id = e.src WHERE e.dst = ? ORDER BY p.date, p.number",
        (paper_id,)).fetchall()


def citation_pairs(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """(sid, did, count) of every ``cites`` edge between papers, by the citing paper's date."""
    return conn.execute(
        "SELECT s.id AS sid, d.id AS did, e.count FROM edges e JOIN papers s ON s.id = e.src "
        "JOIN papers d ON d.id = e.dst WHERE e.type = 'cites' ORDER BY s.date, s.number"
    ).fetchall()


def most_connected_paper(conn: sqlite3.Connection) -> int | None:
    """The stored paper with the most edges and consultations (the demo shows it in full)."""
    row = conn.execute(
        "SELECT p.id, (SELECT count(*) FROM edges WHERE src = p.id) + "
        "(SELECT count(*) FROM edges WHERE dst = p.id) + "
        "(SELECT count(*) FROM consultations WHERE paper_id = p.id) AS n "
        "FROM papers p WHERE p.stub = 0 ORDER BY n DESC, p.id LIMIT 1").fetchone()
    return None if row is None else row[0]


def walk(conn: sqlite3.Connection, start: Iterable[int], types: Iterable[str],
         direction: str = "both", depth: int | None = None) -> dict[int, int]:
    """Papers reachable from ``start`` over paper → paper edges of ``types``.

    ``direction``: ``out`` follows src → dst, ``in`` dst → src, ``both`` either. Returns
    {paper id: fewest steps}. Without ``depth`` the walk is the transitive closure (rows are
    ids only, so ``UNION`` ends it on cycles); with ``depth`` it stops after that many steps.
    """
    ids = _ids(start)
    t = list(types)
    marks = ", ".join("?" * len(t))
    if depth is None:
        steps = []
        if direction in ("out", "both"):
            steps.append(f"SELECT e.dst FROM walk w JOIN edges e ON e.src = w.id "
                         f"WHERE e.dst IS NOT NULL AND e.type IN ({marks})")
        if direction in ("in", "both"):
            steps.append(f"SELECT e.src FROM walk w JOIN edges e ON e.dst = w.id "
                         f"WHERE e.type IN ({marks})")
        sql = ("WITH RECURSIVE walk(id) AS (SELECT value FROM json_each(?) UNION "
               + " UNION ".join(steps) + ") SELECT id, 0 FROM walk")
        args = [ids] + t * len(steps)
        return {r[0]: 0 for r in conn.execute(sql, args)}
    steps = []
    if direction in ("out", "both"):
        steps.append(f"SELECT e.dst, w.depth + 1 FROM walk w JOIN edges e ON e.src = w.id "
                     f"WHERE w.depth < ? AND e.dst IS NOT NULL AND e.type IN ({marks})")
    if direction in ("in", "both"):
        steps.append(f"SELECT e.src, w.depth + 1 FROM walk w JOIN edges e ON e.dst = w.id "
                     f"WHERE w.depth < ? AND e.type IN ({marks})")
    sql = ("WITH RECURSIVE walk(id, depth) AS (SELECT value, 0 FROM json_each(?) UNION "
           + " UNION ".join(steps) + ") SELECT id, min(depth) FROM walk GROUP BY id")
    args: list[object] = [ids]
    for _ in steps:
        args += [int(depth), *t]
    return {r[0]: r[1] for r in conn.execute(sql, args)}


def paper_edges_among(conn: sqlite3.Connection, ids: Iterable[int],
                      types: Iterable[str] = PAPER_EDGE_TYPES) -> list[sqlite3.Row]:
    """Paper → paper edges with both ends in ``ids``; between the same two papers the stronger
    first (an attachment's citation and OParl's "related" last)."""
    t = list(types)
    ids_json = _ids(ids)
    return conn.execute(
        f"SELECT e.src, e.dst, e.type, e.count, e.data FROM edges e "
        f"WHERE e.src IN (SELECT value FROM json_each(?)) "
        f"AND e.dst IN (SELECT value FROM json_each(?)) "
        f"AND e.type IN ({', '.join('?' * len(t))}) ORDER BY e.src, e.dst, "
        f"CASE e.type WHEN 'attachment_cites' THEN 2 WHEN 'oparl_related' THEN 1 ELSE 0 END, "
        f"e.type", (ids_json, ids_json, *t)).fetchall()


def node_edges_of(conn: sqlite3.Connection, ids: Iterable[int],
                  types: Iterable[str] = NODE_EDGE_TYPES) -> list[sqlite3.Row]:
    """Paper → node edges (consulted_in, concerns_budget) of the papers ``ids``, with the node."""
    t = list(types)
    return conn.execute(
        f"SELECT e.src, e.type, e.count, e.data, n.id AS node, n.key AS node_key, n.kind, "
        f"n.name, n.date AS node_date, n.data AS node_data, c.name AS committee_name "
        f"FROM edges e JOIN nodes n ON n.id = e.node LEFT JOIN nodes c ON c.id = n.committee "
        f"WHERE e.src IN (SELECT value FROM json_each(?)) "
        f"AND e.type IN ({', '.join('?' * len(t))}) ORDER BY e.src, e.id",
        (_ids(ids), *t)).fetchall()


def protocols_of(conn: sqlite3.Connection, ids: Iterable[int]) -> list[sqlite3.Row]:
    """Niederschriften recording a session on one of the papers ``ids`` (``protocol_of``)."""
    return conn.execute(
        "SELECT src, dst FROM edges WHERE type = 'protocol_of' "
        "AND dst IN (SELECT value FROM json_each(?)) ORDER BY src", (_ids(ids),)).fetchall()


# -- the whole graph, for networkx (grdrs.graph.build): streamed in plain rows ----------------

def graph_papers(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> Iterator[tuple]:
    cols = ("id, key, council, series, number, suffix, name, type, date, title, cited_title, "
            "budget, fictional, stub")
    if ids is None:
        return conn.execute(f"SELECT {cols} FROM papers ORDER BY id")
    return conn.execute(f"SELECT {cols} FROM papers WHERE id IN "
                        f"(SELECT value FROM json_each(?)) ORDER BY id", (_ids(ids),))


def graph_nodes(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> Iterator[tuple]:
    sql = ("SELECT n.id, n.key, n.kind, n.council, n.name, n.date, c.key, n.data FROM nodes n "
           "LEFT JOIN nodes c ON c.id = n.committee")
    if ids is None:
        return conn.execute(sql + " ORDER BY n.id")
    return conn.execute(sql + " WHERE n.id IN (SELECT value FROM json_each(?)) ORDER BY n.id",
                        (_ids(ids),))


def graph_edges(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> Iterator[tuple]:
    """(src paper id, dst paper id or None, node id or None, type, count, data)."""
    sql = "SELECT src, dst, node, type, count, data FROM edges"
    if ids is None:
        return conn.execute(sql + " ORDER BY id")
    return conn.execute(sql + " WHERE src IN (SELECT value FROM json_each(?)) ORDER BY id",
                        (_ids(ids),))


def node_ids_of(conn: sqlite3.Connection, paper_ids: Iterable[int]) -> list[int]:
    """The nodes the papers' edges point to, and the committees of those meetings."""
    rows = conn.execute(
        "SELECT DISTINCT e.node, n.committee FROM edges e JOIN nodes n ON n.id = e.node "
        "WHERE e.src IN (SELECT value FROM json_each(?))", (_ids(paper_ids),)).fetchall()
    out = {r[0] for r in rows} | {r[1] for r in rows if r[1] is not None}
    return sorted(out)


def graph_facts(conn: sqlite3.Connection, paper_id: int) -> dict[str, list[dict]]:
    """A paper's facts with their quotes (for the html page and OParl extensions)."""
    fid = main_file(conn, paper_id)
    out: dict[str, list[dict]] = {"amount": [], "reference": [], "date": [], "period": [],
                                  "committee": [], "position": []}
    if fid is None:
        return out
    for kind, data in mentions_of_file(conn, fid):
        out.setdefault(kind, []).append(data)
    return out
