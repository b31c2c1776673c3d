"""Does ``grdrs history`` tell the whole story OParl knows? Checked on a database built by
``grdrs ingest-oparl`` (the Karlsruhe archive), against OParl's own tables in it:

* link recall: for a sample of papers with OParl links (superordinatedPaper,
  subordinatedPaper, relatedPaper), every linked paper that is stored must appear in the
  paper's history (its lineage or an event's paper/other). Links to papers the archive
  does not hold are counted apart (they cannot appear).
* results: for the same sample and a sample of papers with OParl consultation results, every
  consultation with a result must show it in the history (a session event on that date in
  that committee whose result or oparl_result is OParl's).
* length: the default text history of every paper cited by 50 or more papers, in lines
  (target ≤ 60), and of ``--ref`` (2025/1078); with ``--all`` of every stored paper.

    python bench/history_links.py --db ka16.db [--sample 300] [--seed 16] [--ref 2025/1078] [--all]

The ground truth is read with plain SQL from the OParl tables (``oparl_links``,
``oparl_objects``, ``oparl_consultations``); the answers through grdrs's own ``history``.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grdrs.graph.history import history, history_text  # noqa: E402


def _appears(h: dict) -> set[str]:
    refs = {p["ref"] for p in h["lineage"]}
    for ev in h["events"]:
        refs.update(x for x in (ev.get("paper"), ev.get("other")) if x)
    return refs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--sample", type=int, default=300)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--ref", default="2025/1078")
    ap.add_argument("--misses", type=int, default=10, help="misses to list")
    ap.add_argument("--all", action="store_true",
                    help="also the default text length of every stored paper's history")
    args = ap.parse_args()
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    rng = random.Random(args.seed)

    linked = [r[0] for r in conn.execute(
        "SELECT DISTINCT o.paper_id FROM oparl_links l JOIN oparl_objects o ON o.id = l.src "
        "WHERE o.paper_id IS NOT NULL ORDER BY o.paper_id")]
    sample = sorted(rng.sample(linked, min(args.sample, len(linked))))
    label = {r[0]: r[1] for r in conn.execute("SELECT id, name FROM papers")}
    t0 = time.perf_counter()
    found = missing_paper = total = 0
    misses: list[str] = []
    answers: dict[int, dict] = {}
    for pid in sample:
        h = answers[pid] = history(conn, label[pid])
        seen = _appears(h)
        for dst_pid, dst_oid, link in conn.execute(
                "SELECT b.paper_id, l.dst, l.type FROM oparl_links l "
                "JOIN oparl_objects a ON a.id = l.src LEFT JOIN oparl_objects b ON b.id = l.dst "
                "WHERE a.paper_id = ?", (pid,)):
            if dst_pid is None:
                missing_paper += 1
                continue
            total += 1
            if label[dst_pid] in seen:
                found += 1
            else:
                misses.append(f"{label[pid]} --{link}--> {label[dst_pid]}")
    t_links = time.perf_counter() - t0
    print(f"papers with OParl links: {len(linked)}; sample: {len(sample)} (seed {args.seed})")
    print(f"links to stored papers: {total}; in the history: {found} "
          f"(recall {found / max(total, 1):.3f}); links to papers not in the archive: "
          f"{missing_paper}; {t_links / max(len(sample), 1) * 1000:.0f} ms per history")
    for m in misses[:args.misses]:
        print("  missing:", m)

    with_result = [r[0] for r in conn.execute(
        "SELECT DISTINCT paper_id FROM oparl_consultations WHERE result IS NOT NULL "
        "AND result != '' ORDER BY paper_id")]
    extra = sorted(rng.sample(with_result, min(args.sample, len(with_result))))
    shown = stated = 0
    misses = []
    for pid in sorted(set(sample) | set(extra)):
        h = answers.get(pid) or history(conn, label[pid])
        sessions = [ev for ev in h["events"] if ev["kind"] == "session"
                    and ev["paper"] == label[pid]]
        for c in conn.execute("SELECT committee, date, result FROM oparl_consultations "
                              "WHERE paper_id = ? AND result IS NOT NULL AND result != ''",
                              (pid,)):
            stated += 1
            if any(ev["date"] == c["date"] and ev["committee"] == c["committee"]
                   and c["result"] in (ev["result"], ev.get("oparl_result"))
                   for ev in sessions):
                shown += 1
            else:
                misses.append(f"{label[pid]} {c['date']} {c['committee']}: {c['result']}")
    n_papers = len(set(sample) | set(extra))
    print(f"OParl consultations with a result, of {n_papers} papers: {stated}; shown in the "
          f"history: {shown} ({shown / max(stated, 1):.3f})")
    for m in misses[:args.misses]:
        print("  not shown:", m)

    ref_lines = len(history_text(history(conn, args.ref)).splitlines())
    print(f"history {args.ref}: {ref_lines} line(s) (default text)")
    heavy = [r[0] for r in conn.execute(
        "SELECT e.dst FROM edges e JOIN papers p ON p.id = e.dst WHERE e.type = 'cites' "
        "AND p.stub = 0 GROUP BY e.dst HAVING count(DISTINCT e.src) >= 50")]
    lengths = sorted((len(history_text(history(conn, label[pid])).splitlines()), label[pid])
                     for pid in heavy)
    if lengths:
        print(f"papers cited by ≥ 50 papers: {len(lengths)}; default text history "
              f"{lengths[0][0]}–{lengths[-1][0]} lines (longest: {lengths[-1][1]})")
    if args.all:
        t0 = time.perf_counter()
        every = sorted((len(history_text(history(conn, name)).splitlines()), name)
                       for (name,) in conn.execute("SELECT name FROM papers WHERE stub = 0"))
        print(f"every stored paper ({len(every)}): default text history over 60 lines: "
              f"{sum(1 for n, _ in every if n > 60)}; longest {every[-1][0]} "
              f"({every[-1][1]}); {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
