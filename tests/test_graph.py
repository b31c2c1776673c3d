"""The reference graph in the store: edge types, stubs, budgets, refs, history, path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED_PDF, SEED_TXT, need_shared, run_grdrs
from graph_fixture import add, open_db, seed_like

from grdrs import queries, store, write
from grdrs.graph.budget import budget_of
from grdrs.graph.history import EVENT_KEYS, history, history_text
from grdrs.profiles import load


@pytest.mark.parametrize("text, expected", [
    ("Strategische Sozialplanung – Budget ab 2024", "2024/2025"),
    ("Mitteilungsvorlage zum Haushaltsplan 2024/2025", "2024/2025"),
    ("Chancengerechtes Stuttgart – Vorschläge im Doppelhaushalt 2022/2023", "2022/2023"),
    ("Doppelhaushalt 2022/23", "2022/2023"),
    ("Haushaltsplanberatungen 2024/2025", "2024/2025"),
    ("Budget ab 2025", "2024/2025"),            # the cycle: 2025 belongs to 2024/2025
    ("Haushalt 2026", "2026/2027"),
    ("Teilhaushalt 810 - Bericht zu Budget und Stellen", None),  # no year: no budget
    ("Budget und Stellen", None),
    ("Förderung des Angebots der Kulturbegleiter*innen", None),
    ("Sanierung der Schule 2024", None),          # a year alone is not a budget
    ("", None),
])
def test_budget_of_title(text, expected):
    assert budget_of(text, load("stuttgart")) == expected


def _edges(conn):
    rows = conn.execute(
        "SELECT s.name AS src, s.suffix AS ssuf, s.series AS sser, e.type, "
        "d.name AS dst, d.suffix AS dsuf, d.series AS dser, n.name AS node, e.data "
        "FROM edges e JOIN papers s ON s.id = e.src LEFT JOIN papers d ON d.id = e.dst "
        "LEFT JOIN nodes n ON n.id = e.node").fetchall()
    return {(r["sser"], r["src"], r["ssuf"], r["type"],
             r["node"] or (r["dser"], r["dst"], r["dsuf"])) for r in rows}


@pytest.fixture
def corpus(tmp_path: Path):
    """A small life of a decision: 9003/2023, its 1. Ergänzung and Neufassung, an Antrag
    with a Stellungnahme, a Niederschrift recording the decision, and the seed citing 563."""
    conn = open_db(tmp_path)
    seed_like(conn)
    add(conn, "/c/9003.txt", number="9003/2023", date="2023-10-02", type="Beschlussvorlage",
        title="Strategische Sozialplanung – Budget ab 2024 (MUSTER)", fictional=True,
        refs=[("563/2023", "Strategische Sozialplanung – Budget ab 2024"), ("112/2023", None,
                                                                            "antrag")],
        sessions=[("Sozial- und Gesundheitsausschuss", "Vorberatung", "2023-10-16", None),
                  ("Gemeinderat", "Beschlussfassung", "2023-10-26", None)],
        amounts=[("57000.00", "57.000 EUR")])
    add(conn, "/c/9003-e1.txt", number="9003/2023", suffix="1. Ergänzung", date="2023-10-10",
        title="Ergänzung", fictional=True, refs=[("9003/2023",)],
        amounts=[("60000.00", "60.000 EUR")])
    add(conn, "/c/9003-nf.txt", number="9003/2023", suffix="Neufassung", date="2023-10-12",
        title="Neufassung", fictional=True)
    add(conn, "/c/antrag.txt", number="112/2023", series="antrag", date="2023-08-01",
        title="Mehr Geld gegen Einsamkeit", fictional=True)
    add(conn, "/c/stn.txt", number="112/2023", series="stellungnahme", date="2023-09-01",
        title="Stellungnahme zum Antrag 112/2023", fictional=True)
    add(conn, "/c/nds.txt", series="niederschrift", date="2023-10-26", fictional=True,
        title="Niederschrift Gemeinderat", protocol=("88", "4", ("9003/2023",)),
        sessions=[("Gemeinderat", "Beschlussfassung", "2023-10-26", "einstimmig beschlossen")])
    return conn


def test_edge_types(corpus):
    e = _edges(corpus)
    assert ("grdrs", "9003/2023", "1. Ergänzung", "supplements",
            ("grdrs", "9003/2023", None)) in e
    assert ("grdrs", "9003/2023", "Neufassung", "replaces", ("grdrs", "9003/2023", None)) in e
    assert ("stellungnahme", "112/2023", None, "answers", ("antrag", "112/2023", None)) in e
    assert ("niederschrift", "88", None, "protocol_of", ("grdrs", "9003/2023", None)) in e
    assert ("grdrs", "9003/2023", None, "consulted_in", "Gemeinderat 2023-10-26") in e
    assert ("grdrs", "9003/2023", None, "concerns_budget", "Doppelhaushalt 2024/2025") in e
    # a stub keeps its cited title and gets its budget from it
    assert ("grdrs", "563/2023", None, "concerns_budget", "Doppelhaushalt 2024/2025") in e
    # the Ergänzung's citation of its base stays a citation too, but no self-loop anywhere
    assert all(x[:3] != x[4] for x in e)
    meeting = corpus.execute("SELECT n.kind, c.name FROM nodes n JOIN nodes c "
                             "ON c.id = n.committee WHERE n.name = 'Gemeinderat 2023-10-26'"
                             ).fetchone()
    assert tuple(meeting) == ("meeting", "Gemeinderat")


def test_a_session_without_date_links_to_the_committee(tmp_path):
    conn = open_db(tmp_path)
    add(conn, "/d/a.txt", number="9100/2023",
        sessions=[("Verwaltungsausschuss", "Kenntnisnahme", None, None)])
    assert ("grdrs", "9100/2023", None, "consulted_in", "Verwaltungsausschuss") in _edges(conn)


def test_reingest_drops_what_nothing_needs(tmp_path):
    conn = open_db(tmp_path)
    add(conn, "/r/a.txt", number="9200/2023", title="Haushalt 2024/2025",
        refs=[("1/2020", "Budget ab 2020")],
        sessions=[("Verwaltungsausschuss", None, "2023-01-01", None)])
    assert conn.execute("SELECT count(*) FROM nodes").fetchone()[0] == 4
    add(conn, "/r/a.txt", number="9200/2023", title="ohne alles")  # same path, new bytes
    assert conn.execute("SELECT count(*) FROM papers WHERE stub = 1").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM nodes").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM edges").fetchone()[0] == 0


def test_stub_becomes_paper_and_back(tmp_path):
    conn = open_db(tmp_path)
    add(conn, "/s/a.txt", number="9300/2023", refs=[("9301/2023", "Budget ab 2024")])
    stub = conn.execute("SELECT stub FROM papers WHERE number = '9301/2023'").fetchone()[0]
    assert stub == 1
    add(conn, "/s/b.txt", number="9301/2023", title="Eigenständig")
    row = conn.execute("SELECT id, stub FROM papers WHERE number = '9301/2023'").fetchone()
    assert row["stub"] == 0
    types = {r[0] for r in conn.execute("SELECT type FROM edges WHERE src = ?", (row["id"],))}
    assert types == set()  # its own title names no budget; the cited title no longer counts


def test_schema_upgrade_rebuilds_edges(tmp_path):
    conn = open_db(tmp_path)
    seed_like(conn)
    before = _edges(conn)
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.execute("DROP TABLE edges")
    conn.execute("CREATE TABLE edges (id INTEGER PRIMARY KEY, src INTEGER, dst INTEGER, "
                 "type TEXT, count INTEGER, data TEXT)")
    conn.close()
    conn = write.connect(tmp_path / "g.db")  # the writer migrates, then the rules rebuild
    assert _edges(conn) == before


# ---------------------------------------------------------------------------------- refs

def test_refs_both_ways_and_depth(corpus):
    r = queries.refs(corpus, "563/2023")
    assert r["cites"] == []
    assert [x["ref"] for x in r["cited_by"]] == ["seed", "9003/2023"]
    seed = r["cited_by"][0]
    assert seed["locations"][0]["cited_title"] == "Strategische Sozialplanung – Budget ab 2024"
    deep = queries.refs(corpus, "563/2023", depth=2, direction="in")
    by = {x["ref"]: x for x in deep["cited_by"]}
    assert by["9003/2023 1. Ergänzung"]["depth"] == 2
    assert by["9003/2023 1. Ergänzung"]["via"] == "9003/2023"
    assert queries.refs(corpus, "563/2023", direction="out")["cited_by"] == []


def test_a_citation_cycle_does_not_loop(tmp_path):
    conn = open_db(tmp_path)
    add(conn, "/y/a.txt", number="9401/2023", date="2023-01-01", refs=[("9402/2023",)])
    add(conn, "/y/b.txt", number="9402/2023", date="2023-02-01", refs=[("9403/2023",)])
    add(conn, "/y/c.txt", number="9403/2023", date="2023-03-01", refs=[("9401/2023",)])
    r = queries.refs(conn, "9401/2023", depth=50)
    assert [(x["ref"], x["depth"]) for x in r["cites"]] == [("9402/2023", 1), ("9403/2023", 2)]
    h = history(conn, "9401/2023", depth=50)
    kinds = [(e["kind"], e["paper"], e["other"]) for e in h["events"]]
    assert len(kinds) == len(set(kinds)) == 4  # published + three citations, each once
    assert store.walk(conn, [1], store.PAPER_EDGE_TYPES, "both", None).keys() == {1, 2, 3}


# ------------------------------------------------------------------------------- history

def test_history_order_and_content(corpus):
    h = history(corpus, "9003/2023 1. Ergänzung")
    assert [p["ref"] for p in h["lineage"]] == ["9003/2023", "9003/2023 1. Ergänzung",
                                                "9003/2023 Neufassung"]
    events = h["events"]
    assert all(set(e) == set(EVENT_KEYS) for e in events)
    dates = [e["date"] for e in events if e["date"]]
    assert dates == sorted(dates)
    summary = [(e["date"], e["kind"], e["paper"]) for e in events]
    assert summary[:3] == [("2023-10-02", "paper", "9003/2023"),
                           ("2023-10-02", "cites", "9003/2023"),
                           ("2023-10-02", "cites", "9003/2023")]
    assert ("2023-10-10", "paper", "9003/2023 1. Ergänzung") in summary
    assert ("2023-10-12", "paper", "9003/2023 Neufassung") in summary
    sessions = [e for e in events if e["kind"] == "session"]
    assert [(s["date"], s["committee"], s["purpose"], s["result"]) for s in sessions] == [
        ("2023-10-16", "Sozial- und Gesundheitsausschuss", "Vorberatung", None),
        ("2023-10-26", "Gemeinderat", "Beschlussfassung", None),
        ("2023-10-26", "Gemeinderat", "Beschlussfassung", "einstimmig beschlossen")]
    assert sessions[-1]["other"] == "9003/2023"  # recorded in the Niederschrift
    budget = [e for e in events if e["kind"] == "budget"]
    assert [(b["budget"], b["date"]) for b in budget] == [("2024/2025", "2024-01-01")]
    # amounts: once per paper, on its first event
    first = events[0]
    assert [a["value"] for a in first["amounts"]] == ["57000.00"]
    erg = next(e for e in events if e["paper"] == "9003/2023 1. Ergänzung")
    assert [a["text"] for a in erg["amounts"]] == ["60.000 EUR"]
    assert sum(len(e["amounts"]) for e in events) == 2
    # every event here involves a sample paper: all marked fictional
    assert all(e["fictional"] for e in events)
    # what was decided: the lineage's one session with a result, where and when, with quote
    assert [(d["date"], d["committee"], d["paper"], d["result"], d["recorded_in"])
            for d in h["decisions"]] == [("2023-10-26", "Gemeinderat", "9003/2023",
                                          "einstimmig beschlossen", "Niederschrift 88")]
    assert h["decisions"][0]["quote"]
    text = history_text(h)
    assert "[fictional]" in text and "57.000 €" in text and "Lineage (3):" in text
    assert text.splitlines()[-2].startswith("  2023-10-26  9003/2023 in Gemeinderat")
    assert "einstimmig beschlossen" in text.splitlines()[-2]


def test_history_of_an_answer_follows_to_the_antrag(corpus):
    h = history(corpus, "Stellungnahme 112/2023")
    assert [p["ref"] for p in h["lineage"]] == ["Antrag 112/2023", "Stellungnahme 112/2023"]
    kinds = [(e["kind"], e["paper"], e["other"]) for e in h["events"]]
    assert kinds[:2] == [("paper", "Antrag 112/2023", None),
                         ("paper", "Stellungnahme 112/2023", None)]
    assert ("cited_by", "9003/2023", "Antrag 112/2023") in kinds


def test_history_of_the_seed_alone_fixture(tmp_path):
    conn = open_db(tmp_path)
    seed_like(conn)
    _check_563(history(conn, "563/2023"))


def _check_563(h):
    ev = h["events"]
    cited = [e for e in ev if e["kind"] == "cited_by"]
    assert len(cited) == 1
    c = cited[0]
    assert c["date"] == "2023-09-18" and c["other"] == "563/2023"
    assert c["other_title"] == "Strategische Sozialplanung – Budget ab 2024"
    assert c["fictional"] is False and c["amounts"]
    s = [e for e in ev if e["kind"] == "session"]
    assert [(x["date"], x["committee"], x["purpose"], x["paper"]) for x in s] == [
        ("2023-09-20", "Verwaltungsausschuss", "Kenntnisnahme", c["paper"])]
    b = [e for e in ev if e["kind"] == "budget"]
    assert [x["budget"] for x in b] == ["2024/2025"]
    assert [e["kind"] for e in ev] == ["cited_by", "session", "budget"]
    assert not any(e["fictional"] for e in ev)


@pytest.mark.parametrize("seed", [SEED_TXT, SEED_PDF], ids=["txt", "pdf"])
def test_history_563_from_the_seed_paper(seed, tmp_path):
    need_shared()
    db = tmp_path / "s.db"
    assert run_grdrs("ingest", str(seed), "--db", str(db), "-q").returncode == 0
    r = run_grdrs("history", "563/2023", "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr
    h = json.loads(r.stdout)
    assert set(h) == {"paper", "lineage", "events", "decisions"}
    _check_563(h)
    text = run_grdrs("history", "GRDrs 563/2023", "--db", str(db)).stdout
    assert "2023-09-18" in text and "Verwaltungsausschuss" in text
    assert "Strategische Sozialplanung – Budget ab 2024" in text and "2024/2025" in text


# ------------------------------------------------------------------------ CLI and path

@pytest.fixture
def corpus_db(corpus, tmp_path):
    corpus.close()
    return str(tmp_path / "g.db")


def test_cli_refs_history_path_exit_codes(corpus_db):
    r = run_grdrs("refs", "563/2023", "--db", corpus_db, "--json")
    assert r.returncode == 0 and set(json.loads(r.stdout)) == {"paper", "cites", "cited_by"}
    assert "Cited by (2)" in run_grdrs("refs", "563/2023", "--db", corpus_db).stdout
    for cmd in ("refs", "history"):
        r = run_grdrs(cmd, "9999/2099", "--db", corpus_db)
        assert r.returncode == 1 and "no paper" in r.stderr
    r = run_grdrs("path", "seed", "9003/2023 1. Ergänzung", "--db", corpus_db, "--json")
    assert r.returncode == 0, r.stderr
    p = json.loads(r.stdout)
    assert p["connected"] and p["length"] == 3
    assert [s["edge"] for s in p["steps"]] == ["cites", "cites", "supplements"]
    assert [s["direction"] for s in p["steps"]] == ["forward", "backward", "backward"]
    text = run_grdrs("path", "seed", "9003/2023 1. Ergänzung", "--db", corpus_db).stdout
    assert "3 step(s)" in text
    # the Antrag and the seed are linked only through 9003/2023 → one path; two islands not
    r = run_grdrs("path", "seed", "Antrag 112/2023", "--db", corpus_db)
    assert r.returncode == 0
    r = run_grdrs("path", "seed", "88", "--db", corpus_db, "--json")  # its name
    assert r.returncode == 0
    r = run_grdrs("path", "seed", "unknown-paper", "--db", corpus_db)
    assert r.returncode == 1


def test_path_not_connected(tmp_path):
    conn = open_db(tmp_path)
    add(conn, "/p/a.txt", number="9501/2023")
    add(conn, "/p/b.txt", number="9502/2023",
        sessions=[("Verwaltungsausschuss", None, "2023-01-01", None)])
    add(conn, "/p/c.txt", number="9503/2023",
        sessions=[("Verwaltungsausschuss", None, "2023-01-01", None)])
    conn.close()
    db = str(tmp_path / "g.db")
    r = run_grdrs("path", "9501/2023", "9502/2023", "--db", db, "--json")
    assert r.returncode == 1 and json.loads(r.stdout)["connected"] is False
    assert run_grdrs("path", "9502/2023", "9503/2023", "--db", db).returncode == 1
    r = run_grdrs("path", "9502/2023", "9503/2023", "--via", "all", "--db", db, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["length"] == 2
