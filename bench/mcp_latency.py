#!/usr/bin/env python
"""Tool call latency of `grdrs mcp`: the whole round trip as an assistant's client sees it.

    python bench/mcp_latency.py --db ka.db [-n 50] [--refs 2023/0901,...] [--seed 1]

One server process (`python -m grdrs mcp --db DB`), spoken to with the MCP SDK's own stdio
client. Each timing runs from the client sending `tools/call` to the client holding the
validated result (JSON-RPC over the pipes, the server's query and JSON, the client's schema
check). show_paper and history are each called n times, cycling over REFs: the given ones, else
n papers drawn with --seed from the database's papers that have a text (the first call of each
tool is reported apart: it loads the paper index). The other tools run a few times for
orientation. As a baseline the same client times `ping` (a round trip that does no work).
Goal (issue 18): median ≤ 100 ms for show_paper and history.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

ROOT = Path(__file__).resolve().parents[1]


def sample_refs(db: str, n: int, seed: int) -> list[str]:
    """n papers that have a file (not stubs), drawn reproducibly."""
    sys.path.insert(0, str(ROOT))
    from grdrs import queries, store

    conn = store.connect(db)
    rows = [r for r in store.list_papers(conn) if r["number"] is not None]
    rng = random.Random(seed)
    return [queries.label(r) for r in rng.sample(rows, min(n, len(rows)))]


async def timed(session: ClientSession, name: str, args: dict) -> tuple[float, bool, int]:
    t = time.perf_counter()
    result = await session.call_tool(name, args)
    dt = time.perf_counter() - t
    size = len(result.content[0].text) if result.content else 0
    return dt, bool(result.is_error), size


def row(name: str, times: list[float], errors: int, sizes: list[int]) -> str:
    ms = sorted(t * 1000 for t in times)
    p90 = ms[min(len(ms) - 1, int(round(0.9 * (len(ms) - 1))))]
    return (f"{name:<34}{len(ms):>4}{statistics.median(ms):>10.1f}{p90:>9.1f}{ms[-1]:>9.1f}"
            f"{errors:>7}{int(statistics.median(sizes)) if sizes else 0:>10}")


async def run(args) -> None:
    refs = args.refs.split(",") if args.refs else sample_refs(args.db, args.n, args.seed)
    env = {"PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    params = StdioServerParameters(command=sys.executable,
                                   args=["-m", "grdrs", "mcp", "--db", args.db], env=env,
                                   cwd=str(ROOT))
    t0 = time.perf_counter()
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            await session.list_tools()
            start = time.perf_counter() - t0
            print(f"machine: {os.cpu_count()} cores; db={args.db}; n={args.n}; "
                  f"{len(refs)} REFs (seed {args.seed}); server start + initialize + "
                  f"list_tools: {start * 1000:.0f} ms")
            print(f"{'call':<34}{'n':>4}{'median ms':>10}{'p90 ms':>9}{'max ms':>9}"
                  f"{'errors':>7}{'chars':>10}")
            pings = []
            for _ in range(args.n):
                t = time.perf_counter()
                await session.send_ping()
                pings.append(time.perf_counter() - t)
            print(row("ping (baseline)", pings, 0, []))
            for tool, extra in (("show_paper", {}), ("history", {})):
                first = await timed(session, tool, {"ref": refs[0], **extra})
                print(row(f"{tool} (first call)", [first[0]], int(first[1]), [first[2]]))
                times, errors, sizes = [], 0, []
                for i in range(args.n):
                    dt, err, size = await timed(session, tool, {"ref": refs[i % len(refs)],
                                                                **extra})
                    times.append(dt)
                    errors += err
                    sizes.append(size)
                print(row(tool, times, errors, sizes))
            a, b = refs[0], refs[1 % len(refs)]
            others = [("search", {"query": args.query}),
                      ("refs", {"ref": a}),
                      ("amounts", {"ref": a}),
                      ("amounts", {"subject": args.query}),
                      ("path", {"a": a, "b": b})]
            for tool, targs in others:
                times, errors, sizes = [], 0, []
                for _ in range(args.few):
                    dt, err, size = await timed(session, tool, targs)
                    times.append(dt)
                    errors += err
                    sizes.append(size)
                label = f"{tool} {' '.join(str(v) for v in targs.values())}"
                print(row(label[:33], times, errors, sizes))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("-n", type=int, default=50, help="calls of show_paper and history each")
    ap.add_argument("--refs", default=None, help="comma-separated REFs (default: a sample)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--query", default="Klimaschutz")
    ap.add_argument("--few", type=int, default=5, help="calls of each other tool")
    args = ap.parse_args()
    if not Path(args.db).exists():
        raise SystemExit(f"no database at {args.db}")
    sqlite3.connect(f"file:{args.db}?mode=ro", uri=True).close()
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
