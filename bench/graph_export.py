"""Benchmark: build the reference graph from a synthetic 100,000-paper database and export
GraphML, against networkx's own ``write_graphml`` on the same graph.

    python bench/graph_export.py [--papers 100000] [--keep DIR]

Prints the times and the ratio (grdrs build + export) / (networkx write_graphml); the issue
asks for ≤ 2. The database is made with the store's schema; its rows are synthetic: every
paper cites ~3 earlier ones (with a location), one in five went through a session, one in
three concerns a budget, one in ten is a stub known only from citations.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import networkx as nx  # noqa: E402

from grdrs import store  # noqa: E402
from grdrs.graph.build import build  # noqa: E402
from grdrs.graph.export import write_graphml  # noqa: E402


def make_db(path: Path, n: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    conn = store.connect(path, write=True)
    conn.execute("BEGIN")
    committees = ["Verwaltungsausschuss", "Gemeinderat", "Sozial- und Gesundheitsausschuss",
                  "Ausschuss für Stadtentwicklung und Technik", "Kulturausschuss"]
    papers = []
    for i in range(n):
        year = 2010 + i * 14 // n
        number = f"{i + 1}/{year}"
        stub = 1 if rnd.random() < 0.1 else 0
        papers.append((i + 1, f"stuttgart|grdrs|{number}|", "stuttgart", "grdrs", number, None,
                       number, None if stub else "Beschlussvorlage",
                       None if stub else f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                       None if stub else f"Vorlage Nummer {i} über Dinge & Sachen <{year}>",
                       f"Zitierter Titel {i}" if stub else None, None, stub))
    conn.executemany("INSERT INTO papers (id, key, council, series, number, suffix, name, type,"
                     " date, title, cited_title, budget, stub) VALUES "
                     "(?,?,?,?,?,?,?,?,?,?,?,?,?)", papers)
    nodes, node_id = [], 0
    committee_ids = {}
    for c in committees:
        node_id += 1
        committee_ids[c] = node_id
        nodes.append((node_id, f"stuttgart|committee|{c}", "committee", "stuttgart", c, None,
                      None, None))
    meetings = {}
    budgets = {}
    for start in range(2010, 2026, 2):
        node_id += 1
        period = f"{start}/{start + 1}"
        budgets[start] = node_id
        nodes.append((node_id, f"stuttgart|budget|{period}", "budget", "stuttgart",
                      f"Doppelhaushalt {period}", f"{start}-01-01", None,
                      json.dumps({"period": period, "from": f"{start}-01-01",
                                  "to": f"{start + 1}-12-31"})))
    edges = []
    for pid in range(1, n + 1):
        for _ in range(rnd.randint(1, 5) if pid > 10 else 0):
            dst = rnd.randint(1, pid - 1)
            locs = [{"page": rnd.randint(1, 9), "quote": f"GRDrs {papers[dst - 1][4]}",
                     "cited_title": None}]
            edges.append((pid, dst, None, "cites", 1, json.dumps(locs)))
        if rnd.random() < 0.2:
            c = rnd.choice(committees)
            date = f"{2010 + pid * 14 // n}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            key = (c, date)
            if key not in meetings:
                node_id += 1
                meetings[key] = node_id
                nodes.append((node_id, f"stuttgart|meeting|{c}|{date}", "meeting", "stuttgart",
                              f"{c} {date}", date, committee_ids[c], None))
            edges.append((pid, None, meetings[key], "consulted_in", 1, json.dumps(
                {"committee": c, "purpose": "Beschlussfassung", "public": True, "date": date,
                 "result": None, "session": None, "page": 1, "quote": f"{c} {date}"})))
        if rnd.random() < 0.33:
            start = (2010 + pid * 14 // n) // 2 * 2
            edges.append((pid, None, budgets[start], "concerns_budget", 1,
                          json.dumps({"budget": f"{start}/{start + 1}", "basis": "paper"})))
    conn.executemany("INSERT INTO nodes (id, key, kind, council, name, date, committee, data)"
                     " VALUES (?,?,?,?,?,?,?,?)", nodes)
    conn.executemany("INSERT OR IGNORE INTO edges (src, dst, node, type, count, data) VALUES "
                     "(?,?,?,?,?,?)", edges)
    conn.execute("COMMIT")
    conn.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=100_000)
    ap.add_argument("--keep", type=Path, default=None)
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="grdrs-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "bench.db"
    for p in folder.glob("bench.db*"):
        p.unlink()
    t = time.perf_counter()
    make_db(db, args.papers)
    print(f"synthetic database: {args.papers} papers in {time.perf_counter() - t:.1f} s")
    conn = store.connect(db)
    t0 = time.perf_counter()
    g = build(conn)
    t1 = time.perf_counter()
    with (folder / "grdrs.graphml").open("w", encoding="utf-8") as f:
        write_graphml(g, f)
    t2 = time.perf_counter()
    print(f"graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    # networkx needs scalar attributes: the same conversion grdrs applies (lists as JSON)
    from grdrs.graph.export import _scalar_copy

    h = _scalar_copy(g)
    t3 = time.perf_counter()
    nx.write_graphml(h, folder / "networkx.graphml")
    t4 = time.perf_counter()
    ours = t2 - t0
    theirs = t4 - t3
    print(f"grdrs build {t1 - t0:.2f} s + GraphML export {t2 - t1:.2f} s = {ours:.2f} s")
    print(f"networkx write_graphml on the same graph: {theirs:.2f} s")
    print(f"ratio (grdrs build + export) / networkx write_graphml: {ours / theirs:.2f} "
          f"(target ≤ 2.0)")
    sizes = {p.name: p.stat().st_size for p in folder.glob("*.graphml")}
    print("sizes:", ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sorted(sizes.items())))


if __name__ == "__main__":
    main()
