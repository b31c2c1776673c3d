"""Exports of the reference graph: every format round-trips; OParl validates against the
OParl 1.1 schemas; the HTML page renders in headless Chromium without console errors."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from conftest import ROOT, SHARED, need_shared, run_grdrs
from graph_fixture import add, open_db, seed_like

from grdrs.graph.build import build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
ARTIFACTS = ROOT / "test-artifacts"


def need(tool: str | None, what: str) -> str:
    if tool is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} is missing, and CI must have it (.ci/run installs it)")
        pytest.skip(f"{what} is not installed")
    return tool


@pytest.fixture
def db(tmp_path: Path) -> str:
    conn = open_db(tmp_path)
    seed_like(conn)
    add(conn, "/e/9003.txt", number="9003/2023", date="2023-10-02", type="Beschlussvorlage",
        title="Budget ab 2024 <MUSTER> & \"Sozialplanung\"", fictional=True,
        refs=[("563/2023", "Strategische Sozialplanung – Budget ab 2024"),
              ("9004/2023",)],
        sessions=[("Gemeinderat", "Beschlussfassung", "2023-10-26", "beschlossen"),
                  ("Verwaltungsausschuss", "Vorberatung", None, None)],
        amounts=[("57000.00", "57.000 EUR")])
    add(conn, "/e/9004.txt", number="9004/2023", date="2023-10-03", refs=[("9003/2023",)],
        title="Zyklus\x0bmit Steuerzeichen")  # a citation cycle, a control character
    add(conn, "/e/9003-e.txt", number="9003/2023", suffix="1. Ergänzung", date="2023-10-09",
        fictional=True)
    add(conn, "/e/a.txt", number="112/2023", series="antrag", date="2023-08-01")
    add(conn, "/e/s.txt", number="112/2023", series="stellungnahme", date="2023-09-01")
    conn.close()
    return str(tmp_path / "g.db")


@pytest.fixture
def graph(db):
    from grdrs import store

    return build(store.connect(db))


def test_graph_nodes_and_edges(graph):
    kinds = {d["kind"] for _, d in graph.nodes(data=True)}
    assert kinds == {"paper", "committee", "meeting", "budget"}
    types = {d["type"] for _, _, d in graph.edges(data=True)}
    assert types == {"cites", "supplements", "answers", "consulted_in", "concerns_budget",
                     "held_by"}
    stub = graph.nodes["stuttgart|grdrs|563/2023|"]
    assert stub["stub"] and stub["title"] == "Strategische Sozialplanung – Budget ab 2024"
    assert sorted(stub["cited_by"]) == ["9003/2023", "seed"]
    for _, d in graph.nodes(data=True):
        if d["kind"] == "paper":
            assert {"number", "suffix", "title", "type", "date", "fictional", "series"} <= set(d)


def _same(a, b) -> None:
    """b (read back) holds a's nodes, edges and attributes, converted as the README says."""
    assert set(a.nodes) == set(b.nodes)
    assert a.number_of_edges() == b.number_of_edges()
    for n, d in a.nodes(data=True):
        got = b.nodes[n]
        for k, v in d.items():
            if v is None:
                assert k not in got or got[k] is None, (n, k)
            elif isinstance(v, (list, dict)):
                assert json.loads(got[k]) == v, (n, k)
            else:
                assert got[k] == v, (n, k, got.get(k))
    pairs_a = sorted((u, v, d["type"]) for u, v, d in a.edges(data=True))
    pairs_b = sorted((u, v, d.get("type", d.get("relation"))) for u, v, d in b.edges(data=True))
    assert pairs_a == pairs_b


def test_graphml_round_trip(db, graph, tmp_path):
    out = tmp_path / "g.graphml"
    r = run_grdrs("export", "graph", "--format", "graphml", "-o", str(out), "--db", db)
    assert r.returncode == 0, r.stderr
    back = nx.read_graphml(out)
    expected = graph.copy()
    expected.nodes["stuttgart|grdrs|9004/2023|"]["title"] = "Zyklus\ufffdmit Steuerzeichen"
    _same(expected, back)
    # the same bytes to stdout
    assert run_grdrs("export", "graph", "--format", "graphml", "--db", db).stdout == \
        out.read_text(encoding="utf-8")


def test_gexf_round_trip(db, graph, tmp_path):
    out = tmp_path / "g.gexf"
    assert run_grdrs("export", "graph", "--format", "gexf", "-o", str(out),
                     "--db", db).returncode == 0
    back = nx.read_gexf(out)
    assert set(back.nodes) == set(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()
    relations = sorted(d["relation"] for _, _, d in back.edges(data=True))
    assert relations == sorted(d["type"] for _, _, d in graph.edges(data=True))
    n = back.nodes["stuttgart|grdrs|563/2023|"]
    assert n["stub"] is True and n["label"] == "563/2023"
    assert sorted(json.loads(n["cited_by"])) == ["9003/2023", "seed"]


def test_json_node_link_round_trip(db, graph, tmp_path):
    out = tmp_path / "g.json"
    assert run_grdrs("export", "graph", "--format", "json", "-o", str(out),
                     "--db", db).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    assert set(back.nodes) == set(graph.nodes)
    for n, d in graph.nodes(data=True):
        assert back.nodes[n] == d  # JSON keeps null and lists as they are
    assert sorted(map(str, back.edges(keys=True, data=True))) == \
        sorted(map(str, graph.edges(keys=True, data=True)))


def test_csv_round_trip(db, graph, tmp_path):
    folder = tmp_path / "csv"
    r = run_grdrs("export", "graph", "--format", "csv", "-o", str(folder), "--db", db)
    assert r.returncode == 0, r.stderr
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as f:
        nodes = {row["id"]: row for row in csv.DictReader(f)}
    with (folder / "edges.csv").open(encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert set(nodes) == set(graph.nodes) and len(edges) == graph.number_of_edges()
    stub = nodes["stuttgart|grdrs|563/2023|"]
    assert stub["stub"] == "true" and stub["date"] == ""
    cites = [e for e in edges if e["type"] == "cites" and e["target"] == "stuttgart|grdrs|563/2023|"]
    assert json.loads(cites[0]["locations"])[0]["quote"] == "GRDrs 563/2023"
    assert run_grdrs("export", "graph", "--format", "csv", "--db", db).returncode == 2


def test_dot_renders_with_graphviz(db, tmp_path):
    out = tmp_path / "g.dot"
    assert run_grdrs("export", "graph", "--format", "dot", "-o", str(out),
                     "--db", db).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("digraph grdrs {") and '\\"Sozialplanung\\"' in text
    dot = need(shutil.which("dot"), "graphviz (dot)")
    r = subprocess.run([dot, "-Tsvg", str(out)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "<svg" in r.stdout and "563/2023" in r.stdout


@pytest.mark.parametrize("fmt, target, says", [
    ("csv", "g.dot", "-o {out} is a file, and --format csv writes a folder (nodes.csv and "
                     "edges.csv into it): name a folder, new or existing"),
    ("csv", "g.dot/sub", "cannot make the folder {out}: {tmp}/g.dot is a file"),
    ("dot", "exp", "-o {out} is a folder, and --format dot writes one file: name a file (only "
                   "--format csv writes a folder)"),
    ("gexf", "exp", "-o {out} is a folder, and --format gexf writes one file: name a file "
                    "(only --format csv writes a folder)"),
    ("json", "nope/g.json", "cannot write {out}: there is no folder {tmp}/nope"),
    ("graphml", "g.dot/g.xml", "cannot write {out}: {tmp}/g.dot is a file"),
    ("html", "/dev/full", "cannot write {out}: No space left on device"),
])
def test_output_that_cannot_be_written_is_said_plainly(db, tmp_path, fmt, target, says):
    """-o where the format cannot go: one line in words (no '[Errno 17] File exists'),
    exit 2, and nothing written."""
    if target == "/dev/full" and not Path(target).exists():
        pytest.skip("no /dev/full here")
    (tmp_path / "exp").mkdir()
    (tmp_path / "g.dot").write_text("digraph {}\n", encoding="utf-8")
    out = target if target.startswith("/") else str(tmp_path / target)
    r = run_grdrs("export", "graph", "--format", fmt, "-o", out, "--db", db)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == f"grdrs: {says.format(out=out, tmp=tmp_path)}\n"
    assert "Errno" not in r.stderr and (tmp_path / "g.dot").read_text() == "digraph {}\n"
    assert list((tmp_path / "exp").iterdir()) == []


def test_export_to_a_closed_pipe_says_nothing(db):
    """`grdrs export graph --format dot | head -0`: the reader left; exit 1 as click does,
    without 'cannot write None: [Errno 32] Broken pipe'."""
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "grdrs", "export", "graph", "--format",
                             "dot", "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    proc.stdout.close()  # before grdrs has started: its first write finds the pipe closed
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 1 and err == ""


def test_around_limits_the_graph(db):
    r = run_grdrs("export", "graph", "--format", "json", "--around", "Antrag 112/2023",
                  "--depth", "1", "--db", db)
    assert r.returncode == 0, r.stderr
    ids = {n["id"] for n in json.loads(r.stdout)["nodes"]}
    assert ids == {"stuttgart|antrag|112/2023|", "stuttgart|stellungnahme|112/2023|"}
    r = run_grdrs("export", "graph", "--format", "json", "--around", "9999/2099", "--db", db)
    assert r.returncode == 1


# ------------------------------------------------------------------------------- OParl

def _validators():
    need_shared()
    jsonschema = pytest.importorskip("jsonschema")
    folder = SHARED / "oparl-schema-1.1"
    out = {}
    for name in ("Paper", "Consultation", "Organization", "Meeting"):
        schema = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        out[name] = cls(schema)
    return out


def test_oparl_export_reads_back_under_the_same_names(db, tmp_path):
    """grdrs's own OParl export read back by ingest-oparl: each paper under the name it had
    (its grdrs number, series and suffix, not `reference`, the printed name: was "Antrag
    Antrag 112/2023"), papers known only from citations still stubs."""
    folder = tmp_path / "dump"
    folder.mkdir()
    r = run_grdrs("export", "graph", "--format", "oparl", "-o", str(folder / "export.json"),
                  "--db", db)
    assert r.returncode == 0, r.stderr
    again = tmp_path / "again.db"
    r = run_grdrs("ingest-oparl", str(folder), "--db", str(again), "--profile", "stuttgart")
    assert r.returncode == 0, r.stderr

    def names(path, *flags):
        out = run_grdrs("papers", "--db", str(path), "--json", *flags)
        assert out.returncode == 0, out.stderr
        return {p["ref"]: p["stub"] for p in json.loads(out.stdout)}

    before, after = names(db, "--stubs"), names(again, "--stubs")
    assert after == before, (sorted(before.items()), sorted(after.items()))
    assert "Antrag 112/2023" in after and not any(n.count("Antrag") > 1 for n in after)


def test_oparl_validates(db, tmp_path):
    validators = _validators()
    out = tmp_path / "oparl.json"
    r = run_grdrs("export", "graph", "--format", "oparl", "-o", str(out), "--db", db)
    assert r.returncode == 0, r.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for obj in doc["data"]:
        kind = obj["type"].rsplit("/", 1)[-1]
        counts[kind] = counts.get(kind, 0) + 1
        if kind in validators:
            validators[kind].validate(obj)
        for c in obj.get("consultation", []):
            validators["Consultation"].validate(c)
        assert all(v is not None for v in obj.values())
    assert counts["Paper"] == 8 and counts["Organization"] == 2 and counts["Meeting"] == 2
    papers = {p.get("reference") or p["name"]: p for p in doc["data"]
              if p["type"].endswith("/Paper")}
    stub = papers["563/2023"]  # known only from citations: what is known
    assert stub["name"] == "Strategische Sozialplanung – Budget ab 2024"
    assert stub["grdrs:stub"] is True and stub["grdrs:budget"] == ["2024/2025"]
    p = papers["9003/2023"]
    assert p["paperType"] == "Beschlussvorlage" and p["date"] == "2023-10-02"
    assert {c["role"] for c in p["consultation"]} == {"Beschlussfassung", "Vorberatung"}
    assert p["grdrs:amounts"][0]["value"] == "57000.00"
    assert p["grdrs:amounts"][0]["text"] == "57.000 EUR"
    assert papers["9003/2023 1. Ergänzung"]["superordinatedPaper"] == [p["id"]]
    assert papers["9003/2023 1. Ergänzung"]["id"] in p["subordinatedPaper"]
    assert papers["Stellungnahme 112/2023"]["superordinatedPaper"] == [
        papers["Antrag 112/2023"]["id"]]
    assert stub["id"] in p["relatedPaper"]


# -------------------------------------------------------------------------------- HTML

def _chromium(args: list[str]) -> subprocess.CompletedProcess:
    exe = need(CHROMIUM, "chromium")
    return subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-background-networking", "--disable-extensions",
                           "--no-first-run", "--disable-dev-shm-usage",
                           "--enable-logging=stderr", "--v=0", *args],
                          capture_output=True, text=True, timeout=120)


def test_html_page_is_self_contained(db, tmp_path):
    out = tmp_path / "g.html"
    assert run_grdrs("export", "graph", "--format", "html", "-o", str(out),
                     "--db", db).returncode == 0
    text = out.read_text(encoding="utf-8")
    lowered = text.lower()
    for needle in ('src="http', "src='http", 'href="http', "url(http", "@import", "fetch(",
                   "xmlhttprequest"):
        assert needle not in lowered, needle
    assert '"Zyklus\\u000bmit' in text or "Zyklus\x0bmit" in text
    assert "</script>" not in text.split('id="data">', 1)[1].split("</script>", 1)[0]


def test_html_renders_in_chromium(db, graph, tmp_path):
    out = tmp_path / "g.html"
    assert run_grdrs("export", "graph", "--format", "html", "-o", str(out),
                     "--db", db).returncode == 0
    url = out.resolve().as_uri()
    r = _chromium(["--virtual-time-budget=5000", "--dump-dom",
                   url + "#q=563/2023&select=9003/2023"])
    assert r.returncode == 0, r.stderr[-2000:]
    console = [line for line in r.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console
    dom = r.stdout
    n = graph.number_of_nodes()
    assert n == 13 and f'data-rendered="{n}"' in dom
    assert dom.count("<circle") == n
    assert 'class="hit"' in dom  # the search found 563/2023 …
    assert "Strategische Sozialplanung – Budget ab 2024" in dom
    # … and the selected paper shows its facts with their quotes
    assert "57.000 EUR" in dom and "Beschlussfassung: beschlossen" in dom
    assert "FICTIONAL sample" in dom
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "graph-html.png"
    if shot.exists():
        shot.unlink()
    r = _chromium(["--window-size=1280,800", "--virtual-time-budget=5000",
                   f"--screenshot={shot}", url + "#select=9003/2023"])
    assert r.returncode == 0 and shot.exists() and shot.stat().st_size > 10_000


# ------------------------------------------------------------ HTML: labels, large graphs
# The page reports where its labels and nodes are on the screen (data-geometry, measured by
# the browser); the screenshot taken at the same window size must show each node in its colour.

def _render(page: Path, fragment: str, shot: Path) -> tuple[str, dict]:
    import html as _html

    from PIL import Image

    url = page.resolve().as_uri() + fragment
    flags = ["--virtual-time-budget=5000", "--hide-scrollbars", "--force-device-scale-factor=1"]
    r = _chromium(["--window-size=1280,800", *flags, "--dump-dom", url])
    assert r.returncode == 0, r.stderr[-2000:]
    console = [line for line in r.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console
    dom = r.stdout
    geometry = json.loads(_html.unescape(dom.split('data-geometry="', 1)[1].split('"', 1)[0]))
    # the screenshot of exactly the page area the DOM run had (headless Chromium's window
    # is taller than its page area, the screenshot is of the window)
    width, height = geometry["viewport"]
    if shot.exists():
        shot.unlink()
    r = _chromium([f"--window-size={width},{height}", *flags, f"--screenshot={shot}", url])
    assert r.returncode == 0 and shot.exists(), r.stderr[-2000:]
    assert Image.open(shot).size == (width, height)
    return dom, geometry


def _check_labels(geometry: dict) -> None:
    """No two labels overlap, no label covers a node."""
    labels, nodes = geometry["labels"], geometry["nodes"]
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert (a["right"] <= b["left"] or b["right"] <= a["left"] or
                    a["bottom"] <= b["top"] or b["bottom"] <= a["top"]), (a, b)
        for c in nodes:
            if c["id"] == a["id"]:
                continue
            nx_ = min(max(c["x"], a["left"]), a["right"])
            ny_ = min(max(c["y"], a["top"]), a["bottom"])
            assert (nx_ - c["x"]) ** 2 + (ny_ - c["y"]) ** 2 >= c["r"] ** 2, (a, c)


def _check_screen(geometry: dict, shot: Path) -> None:
    """The labels (see _check_labels), and every node not under another one shows its colour
    in the screenshot at its centre."""
    from PIL import Image

    _check_labels(geometry)
    labels, nodes = geometry["labels"], geometry["nodes"]
    img = Image.open(shot).convert("RGB")
    width, height = img.size
    for k, c in enumerate(nodes):
        if not (0 <= c["x"] < width and 0 <= c["y"] < height):
            continue  # outside the window (after a pan to the node in focus)
        assert c["r"] >= 2, c  # big enough to see and to click
        if any((d["x"] - c["x"]) ** 2 + (d["y"] - c["y"]) ** 2 < (d["r"] + 3) ** 2
               for d in nodes[k + 1:]):
            continue  # drawn over by a later node
        want = tuple(int(c["fill"][i:i + 2], 16) for i in (1, 3, 5))
        got = img.getpixel((round(c["x"]), round(c["y"])))
        assert max(abs(g - w) for g, w in zip(got, want)) <= 8, (c, got)
    text = sum(1 for a in labels for x in range(int(a["left"]), int(a["right"]))
               if img.getpixel((x, int((a["top"] + a["bottom"]) / 2)))[0] < 128)
    assert not labels or text > len(labels)  # the labels are drawn, in dark ink


def test_html_labels_do_not_overlap_and_nodes_show(db, graph, tmp_path):
    out = tmp_path / "g.html"
    assert run_grdrs("export", "graph", "--format", "html", "-o", str(out),
                     "--db", db).returncode == 0
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "graph-html-labels.png"
    dom, geometry = _render(out, "#select=9003/2023", shot)
    assert len(geometry["nodes"]) == graph.number_of_nodes() == 13
    width, height = geometry["viewport"]
    assert all(360 < c["x"] < width and 0 < c["y"] < height for c in geometry["nodes"])
    # a small graph has room for every label (Doppelhaushalt 2024/2025 beside 563/2023 …)
    assert sorted(x["id"] for x in geometry["labels"]) == sorted(graph.nodes)
    _check_screen(geometry, shot)


def _large_page(tmp_path: Path, papers: int = 2000) -> Path:
    """A graph as big as a city's: papers citing each other, a few committees with many
    meetings."""
    import random

    from grdrs.graph.html import LARGE, html_page
    from graph_fixture import open_db as _open

    rng = random.Random(17)
    g = nx.MultiDiGraph()
    for i in range(papers):
        g.add_node(f"p{i}", kind="paper", label=f"{i + 1}/2023", title=f"Vorlage Nummer {i + 1}",
                   number=f"{i + 1}/2023", stub=i % 7 == 0)
    for c in range(5):
        g.add_node(f"c{c}", kind="committee", label=f"Ausschuss {c}")
        for m in range(40):
            g.add_node(f"m{c}-{m}", kind="meeting", label=f"Ausschuss {c} 2023-{m % 12 + 1:02d}")
            g.add_edge(f"m{c}-{m}", f"c{c}", type="held_by")
    for i in range(papers):
        for _ in range(2):
            g.add_edge(f"p{i}", f"p{rng.randrange(papers)}", type="cites", count=1)
        g.add_edge(f"p{i}", f"m{rng.randrange(5)}-{rng.randrange(40)}", type="consulted_in")
    assert g.number_of_nodes() > LARGE
    page = tmp_path / "large.html"
    page.write_text(html_page(_open(tmp_path), g), encoding="utf-8")
    return page


def test_html_large_graph_opens_on_search_and_draws_a_neighbourhood(tmp_path):
    page = _large_page(tmp_path)
    ARTIFACTS.mkdir(exist_ok=True)
    dom, geometry = _render(page, "", ARTIFACTS / "graph-html-large-start.png")
    assert 'data-rendered="0"' in dom and geometry["nodes"] == []
    assert "2205 nodes" in dom and "--around REF" in dom  # the hint, with the way out
    shot = ARTIFACTS / "graph-html-large-pick.png"
    dom, geometry = _render(page, "#select=17/2023", shot)
    ids = {x["id"] for x in geometry["nodes"]}
    assert "p16" in ids and 1 < len(ids) <= 150
    assert 'data-rendered="%d"' % len(ids) in dom
    assert "p16" in {x["id"] for x in geometry["labels"]}  # the picked paper is named
    assert len(geometry["labels"]) >= min(len(ids), 10)
    _check_screen(geometry, shot)
    # drawn whole on request: every node, and still no label over another label or a node
    dom, geometry = _render(page, "#all", ARTIFACTS / "graph-html-large-all.png")
    assert 'data-rendered="2205"' in dom and len(geometry["nodes"]) == 2205
    assert 0 < len(geometry["labels"]) < 2205  # only where they fit
    _check_labels(geometry)


def test_other_output_files_that_cannot_be_written_are_said_plainly(tmp_path):
    """-o of profile export, profile learn and extract --html in a folder that is not there
    (or under a file): one line in words, exit 2, no traceback."""
    (tmp_path / "a.txt").write_text("GRDrs 13/2023\nDer Gemeinderat beschließt 40.000 EUR.\n",
                                    encoding="utf-8")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    nope, under = tmp_path / "nope", tmp_path / "file"
    for args, out, why in (
            (("profile", "export", "stuttgart"), nope / "p.toml", f"there is no folder {nope}"),
            (("profile", "learn", str(tmp_path)), under / "p.toml", f"{under} is a file"),
            (("extract", "--html", str(tmp_path / "a.txt")), nope / "a.html",
             f"there is no folder {nope}")):
        r = run_grdrs(*args, "-o", str(out))
        assert r.returncode == 2, r.stderr
        assert r.stderr.splitlines()[-1] == f"grdrs: cannot write {out}: {why}"
        assert "Traceback" not in r.stderr and "Errno" not in r.stderr
