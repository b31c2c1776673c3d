#!/usr/bin/env python
"""Whole-process start-up of the query commands, as a ratio to `python -c pass` run by the
same interpreter (sys.executable), in the same run.

    python bench/startup.py --db DB [--ref 2023/0386] [--query Kita] [-n 30]

Run it with the Python of the environment grdrs is installed in (a venv: its python); the
command measured is the `grdrs` console script beside that python, as a user runs it. Runs
are interleaved (baseline, each command, baseline, …) so that load on the machine hits all
alike; reported are the median wall time, the median CPU time (user + system of the child,
less sensitive to other processes) and their ratios to the baseline. Bytecode is compiled
first and PYTHONDONTWRITEBYTECODE is dropped for the children: an installed package has its
.pyc files, and timing the compiler is not timing grdrs. `--click` adds each command through
click (grdrs.cli, the path before the fast entry point) for comparison. `--against DIR` adds
each command run with another source tree first on PYTHONPATH (e.g. a `git worktree` of an
earlier commit), in the same interleaved runs: a before/after on the same machine state.
The console script's launcher is pip's: pip before 25.2 writes one that imports `re` (about
5 ms here), 25.2 and later one that does not; the first line printed says which one ran, and
`--old-launcher` adds each command through the older template, interleaved with the rest.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


# The console-script launcher pip wrote before 25.2 (distlib's template)
OLD_LAUNCHER = """import re
import sys
from grdrs.fastcli import main
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(main())
"""


def run(cmd: list[str], env: dict) -> tuple[float, float]:
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode not in (0, 1) or b"Traceback" in r.stderr:
        raise SystemExit(f"{' '.join(cmd)} failed: {r.stderr.decode()[-500:]}")
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--ref", default="563/2023")
    ap.add_argument("--query", default="Einsamkeit")
    ap.add_argument("-n", type=int, default=30)
    ap.add_argument("--click", action="store_true", help="also through click (grdrs.cli)")
    ap.add_argument("--old-launcher", action="store_true",
                    help="also each command through the launcher pip < 25.2 writes (imports re)")
    ap.add_argument("--against", metavar="DIR",
                    help="also each command with this source tree first on PYTHONPATH")
    args = ap.parse_args()
    # PYTHONSAFEPATH: no current directory first on sys.path (`python -c` from the checkout would
    # import its tree, not the installed one or the --against one)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONSAFEPATH"] = "1"
    import grdrs

    compileall.compile_dir(str(Path(grdrs.__file__).parent), quiet=1)
    script = Path(sys.executable).with_name("grdrs")
    entry = [str(script)] if script.exists() else [sys.executable, "-m", "grdrs"]
    launcher = "imports re (pip < 25.2)" if script.exists() and "import re" in \
        script.read_text() else "does not import re" if script.exists() else "none: python -m"
    # the ways a grdrs command is run: (label prefix, its console-script entry, environment)
    ways = [("", entry, env)]
    if args.against:
        other = Path(args.against).resolve()
        against = dict(env, PYTHONPATH=str(other))
        where = subprocess.run([sys.executable, "-c", "import grdrs; print(grdrs.__file__)"],
                               env=against, capture_output=True, text=True).stdout
        if not where.startswith(str(other / "grdrs")):
            raise SystemExit(f"--against {args.against}: grdrs imports from {where.strip()!r}, "
                             "not from that tree")
        compileall.compile_dir(str(other / "grdrs"), quiet=1)
        ways.append(("  against: ", entry, against))
    tmp = tempfile.TemporaryDirectory()
    if args.old_launcher:
        old = Path(tmp.name) / "grdrs"
        old.write_text(OLD_LAUNCHER)
        ways.append(("  pip<25.2 launcher: ", [sys.executable, str(old)], env))
    extra = {"papers": ["--limit", "50"], "show": [args.ref], "search": [args.query],
             "refs": [args.ref], "history": [args.ref]}
    runs = [("python -c pass", [sys.executable, "-c", "pass"], env)]
    for name, more in extra.items():
        argv = [name, *more, "--db", args.db]
        for prefix, how, e in ways:
            runs.append((f"{prefix}grdrs {name} {' '.join(more)}", [*how, *argv], e))
        if args.click:
            for prefix, how, e in ways:
                if how is not entry:  # (the launcher plays no part through click)
                    continue
                runs.append((f"{prefix or '  '}via click: {name}", [
                    sys.executable, "-c", "import sys; from grdrs.cli import main; "
                    f"sys.argv = ['grdrs', *{argv!r}]; main()"], e))
    walls: dict[str, list[float]] = {label: [] for label, _, _ in runs}
    cpus: dict[str, list[float]] = {label: [] for label, _, _ in runs}
    for _ in range(args.n):
        for label, cmd, e in runs:
            w, c = run(cmd, e)
            walls[label].append(w)
            cpus[label].append(c)
    bw, bc = statistics.median(walls["python -c pass"]), statistics.median(cpus["python -c pass"])
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]} ({sys.executable}); "
          f"n={args.n}; db={args.db}; launcher {launcher}")
    print(f"{'command':<44}{'wall ms':>9}{'ratio':>7}{'cpu ms':>9}{'ratio':>7}")
    for label in walls:
        w, c = statistics.median(walls[label]), statistics.median(cpus[label])
        print(f"{label:<44}{w * 1000:>9.1f}{w / bw:>7.2f}{c * 1000:>9.1f}{c / bc:>7.2f}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
