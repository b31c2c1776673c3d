"""The entry point's fast path: the query commands parsed without click, with the same
options, output and exit status as their click definitions, and without importing click."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import ROOT

from grdrs.cli import main as click_main
from grdrs.fastcli import SPEC, parse
from grdrs.ingest import ingest
from grdrs.write import connect

# heavy libraries, and standard modules that cost more to import than a query takes to run
HEAVY = ("click", "spacy", "pdfplumber", "pypdfium2", "networkx", "sqlite_utils", "numpy",
         "rapidfuzz", "typing", "dataclasses", "inspect", "pathlib")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fast") / "c.db"
    conn = connect(path)
    ingest(conn, [ROOT / "corpus" / "papers"])
    conn.close()
    return path


def _click_spec(cmd: click.Command):
    args, opts = [], []
    for p in cmd.params:
        if isinstance(p, click.Argument):
            args.append((p.name, p.nargs))
            continue
        t = p.type
        if p.is_flag:
            kind = "flag"
        elif isinstance(t, click.IntRange):
            kind = ("int", t.min, t.max)
        elif isinstance(t, click.Choice):
            kind = ("choice", tuple(t.choices))
        else:
            assert t.name == "text", (cmd.name, p.name, t)
            kind = "str"
        opts.append((p.name, tuple(o for o in p.opts if o.startswith("--")), kind, p.default))
    return args, opts


def test_spec_equals_the_click_definitions():
    for name, spec in SPEC.items():
        assert _click_spec(click_main.commands[name]) == spec, name


@pytest.mark.parametrize("argv, want", [
    (["papers"], ("papers", {"db": None, "as_json": False, "stubs": False, "limit": None})),
    (["papers", "--limit", "5", "--json", "--db=x.db"],
     ("papers", {"db": "x.db", "as_json": True, "stubs": False, "limit": 5})),
    (["search", "Kita", "Neubau", "--limit=3"],
     ("search", {"query": ("Kita", "Neubau"), "db": None, "as_json": False, "limit": 3})),
    (["search", "--", "-2 Mio"], ("search", {"query": ("-2 Mio",), "db": None,
                                             "as_json": False, "limit": 20})),
    # a phrase in quotes, whole or over several arguments, one with a minus
    (["search", '"Neugestaltung Kaiserstraße"', "--json"],
     ("search", {"query": ('"Neugestaltung Kaiserstraße"',), "db": None, "as_json": True,
                 "limit": 20})),
    (["search", '"Kita', '-Schule"', "OR", "Rat"],
     ("search", {"query": ('"Kita', '-Schule"', "OR", "Rat"), "db": None, "as_json": False,
                 "limit": 20})),
    (["refs", "563/2023", "--direction", "in"],
     ("refs", {"ref": "563/2023", "depth": 1, "direction": "in", "db": None,
               "as_json": False})),
    (["history", "Niederschrift 9131", "--depth", "0"],
     ("history", {"ref": "Niederschrift 9131", "depth": 0, "limit": 10, "full": False,
                  "db": None, "as_json": False})),
    (["history", "2025/1078", "--limit", "30", "--full"],
     ("history", {"ref": "2025/1078", "depth": 1, "limit": 30, "full": True,
                  "db": None, "as_json": False})),
])
def test_plain_forms_are_parsed(argv, want):
    assert parse(argv) == want


@pytest.mark.parametrize("argv", [
    [], ["ingest", "x"], ["papers", "--help"], ["show"], ["show", "-h", "x"],
    ["show", "a", "b"], ["papers", "--limit", "0"], ["papers", "--limit", "x"],
    ["papers", "--limit"], ["refs", "x", "--direction", "up"], ["history", "x", "--depth", "51"],
    ["history", "x", "--limit", "-1"],
    ["papers", "--json=1"], ["search", "--limit", "5"], ["papers", "--unknown"],
])
def test_everything_else_goes_to_click(argv):
    assert parse(argv) is None


def _run(entry: str, args: list[str]) -> tuple[int, str, str]:
    code = f"import sys; sys.argv = ['grdrs', *{args!r}]; {entry}"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


@pytest.mark.parametrize("args", [
    ["papers"], ["papers", "--json", "--limit", "3"], ["show", "563/2023"],
    ["show", "563/2023", "--json"], ["search", "Einsamkeit"], ["refs", "563/2023", "--depth", "2"],
    ["history", "563/2023"], ["history", "563/2023", "--json"], ["show", "1/1999"],
])
def test_same_answer_as_click(db: Path, args):
    args = [*args, "--db", str(db)]
    fast = _run("from grdrs.fastcli import main; main()", args)
    slow = _run("from grdrs.cli import main; main()", args)
    assert fast == slow
    assert fast[0] in (0, 1)


def test_fast_path_imports_neither_click_nor_heavy_libraries(db: Path):
    """Beyond what the interpreter itself loads at start (site may import some of these)."""
    listing = "print(sorted(m for m in sys.modules if m.split('.')[0] in %r))" % (HEAVY,)
    base = subprocess.run([sys.executable, "-c", "import sys\n" + listing],
                          capture_output=True, text=True).stdout.strip()
    code = (
        "import sys\n"
        "from grdrs import fastcli\n"
        "for args in (['papers'], ['show', '563/2023'], ['search', 'Einsamkeit'], "
        "['refs', '563/2023', '--depth', '2'], ['history', '563/2023']):\n"
        f"    sys.argv = ['grdrs', *args, '--db', {str(db)!r}]\n"
        "    try:\n"
        "        fastcli.main()\n"
        "    except SystemExit as done:\n"
        "        print('exit', done.code)\n" + listing + "\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert [ln for ln in lines if ln.startswith("exit ")] == ["exit 0"] * 5  # each one ran
    assert sorted(set(eval(lines[-1])) - set(eval(base))) == []


@pytest.mark.parametrize("args", [["papers", "--limit", "5"], ["search", "Einsamkeit"]])
def test_papers_and_search_load_only_what_they_use(db: Path, args):
    """The commonest queries start without json and re (the launcher pip before 25.2 writes
    imports re itself; later ones do not) and without the store's modules for check, OParl and
    the graph.
    Run without site (``-S``: a site-wide .pth may import re), the tree put on the path."""
    unwanted = ("json", "re", "enum", "grdrs.store.check", "grdrs.store.oparl",
                "grdrs.store.graph", "grdrs.store.profiles")
    code = ("import os, sys\n"
            f"sys.path.insert(0, {str(ROOT)!r})\n"
            "from grdrs import fastcli\n"
            f"sys.argv = ['grdrs', *{args!r}, '--db', {str(db)!r}]\n"
            "out, sys.stdout = sys.stdout, open(os.devnull, 'w')\n"
            "try:\n"
            "    fastcli.main()\n"
            "except SystemExit as done:\n"
            "    out.write(f'exit {done.code}\\n')\n"
            f"out.write(repr(sorted(m for m in {unwanted!r} if m in sys.modules)))\n")
    r = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0] == "exit 0"
    assert eval(lines[-1]) == []


def test_the_store_names_are_all_there():
    """Every name of the store package resolves (each from its module, on first use), and
    every ``store.X`` the code uses is one of them: the lazy table misses none."""
    import re

    from grdrs import store

    for name in store.__all__:
        assert getattr(store, name) is not None, name
    used = {m for path in (ROOT / "grdrs").rglob("*.py") if "store" not in path.parts
            for m in re.findall(r"\bstore\.([A-Za-z_]\w*)", path.read_text(encoding="utf-8"))}
    modules = set(store._HOME)  # `grdrs.store.db` and the like: its modules, not its names
    assert used and used - modules <= set(store.__all__), sorted(used - modules - set(store.__all__))
    with pytest.raises(AttributeError):
        store.no_such_name  # noqa: B018


def test_query_words_go_after_dashes_for_click_but_option_values_stay():
    from grdrs.fastcli import _words_last

    assert _words_last(["search", "Budget", "-Schule", "--limit", "0"]) == \
        ["search", "Budget", "--limit", "0", "--", "-Schule"]
    assert _words_last(["search", "Budget", "--db", "-x.db", "--limit", "0"]) == \
        ["search", "Budget", "--db", "-x.db", "--limit", "0"]
