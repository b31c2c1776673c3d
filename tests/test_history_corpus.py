"""History on the bundled corpus (and the seed): order, content, fictional marking."""

from __future__ import annotations

import pytest
from conftest import SEED_PDF, need_shared

from grdrs import store
from grdrs.demo import corpus_dir
from grdrs.graph.history import history
from grdrs.ingest import ingest


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    need_shared()
    db = tmp_path_factory.mktemp("hist") / "g.db"
    w = store.connect(db, write=True)
    assert ingest(w, [corpus_dir() / "papers", SEED_PDF]).failed == 0
    w.close()
    return store.connect(db)


def _order_ok(events: list[dict]) -> bool:
    dated = [e["date"] for e in events if e["date"]]
    undated_tail = [e["date"] for e in events[len(dated):]]
    return dated == sorted(dated) and all(d is None for d in undated_tail)


def test_history_of_563_2023_with_seed_and_corpus(conn):
    h = history(conn, "563/2023", 1)
    ev = h["events"]
    assert _order_ok(ev)
    seed = [e for e in ev if e["paper"] == SEED_PDF.stem]
    cited = next(e for e in seed if e["kind"] == "cited_by")
    assert cited["date"] == "2023-09-18" and not cited["fictional"]
    assert cited["other_title"] == "Strategische Sozialplanung – Budget ab 2024"
    session = next(e for e in seed if e["kind"] == "session")
    assert (session["date"], session["committee"], session["purpose"]) == (
        "2023-09-20", "Verwaltungsausschuss", "Kenntnisnahme")
    assert not session["fictional"]
    budget = next(e for e in ev if e["kind"] == "budget")
    assert "2024/2025" in budget["text"] and budget["date"] == "2024-01-01"
    # the invented papers' events are there, marked fictional
    corpus = [e for e in ev if e["paper"] in ("9001/2023", "9003/2023", "Antrag 9010/2023")]
    assert {e["kind"] for e in corpus} >= {"cited_by", "session"}
    assert all(e["fictional"] for e in corpus)
    # amounts stated by each step: the seed's 57.000 EUR/Jahr comes with its first event
    assert any(a["value"] == "57000.00" for a in seed[0]["amounts"])


def test_history_of_9003_2023_lineage_and_protocol_results(conn):
    h = history(conn, "9003/2023", 1)
    assert [p["ref"] for p in h["lineage"]] == ["9003/2023", "9003/2023 1. Ergänzung"]
    ev = h["events"]
    assert _order_ok(ev)
    results = {(e["date"], e["committee"], e["result"]) for e in ev
               if e["kind"] == "session" and e["result"]}
    assert ("2023-12-06", "Verwaltungsausschuss", "einstimmige Zustimmung") in results
    assert ("2023-11-20", "Sozial- und Gesundheitsausschuss", "Vertagung") in results
    assert all(e["fictional"] for e in ev)


def test_depth_widens_the_history(conn):
    one = history(conn, "563/2023", 1)["events"]
    two = history(conn, "563/2023", 2)["events"]
    assert len(two) > len(one)
    assert max(e["depth"] for e in two) == 2


def test_citations_of_papers_further_away_are_headed_as_such():
    """With --depth above 1 the cited papers listed include what papers further away cite
    (a stub that cites nothing itself was shown as "Cites 145 paper(s)")."""
    from grdrs.graph.history_text import _grouped

    def cites(paper, other):
        return {"kind": "cites", "paper": paper, "other": other, "date": None,
                "fictional": False, "other_title": None}

    own = [cites("0054/2023", "0070/2023")]
    far = own + [cites("Niederschrift 23", "0064/2023")]
    lineage = frozenset({"0054/2023"})
    assert _grouped(own, "cites", 10, lineage)[0] == "Cites 1 paper(s):"
    head = _grouped(far, "cites", 10, lineage)[0]
    assert head.startswith("Cited in this history, 2 paper(s)"), head

    def cited_by(paper, other):
        return {"kind": "cited_by", "paper": paper, "other": other, "date": "2024-01-02",
                "fictional": False, "title": None}

    assert _grouped([cited_by("9/2024", "0054/2023")], "cited_by", 10, lineage)[0] \
        .startswith("Cited by 1 paper(s)")
    head = _grouped([cited_by("9/2024", "0054/2023"), cited_by("8/2024", "0070/2023")],
                    "cited_by", 10, lineage)[0]
    assert head.startswith("Citing papers in this history, 2"), head


def test_real_stuttgart_minutes_say_what_was_decided(tmp_path):
    """The real Stuttgart Niederschrift 66 (an election): its session's result is the
    sentence stating it, with the counts announced, not the header's committee line."""
    from conftest import STUTTGART, run_grdrs

    need_shared()
    db = tmp_path / "g.db"
    pdf = next(STUTTGART.glob("Protokoll-*.pdf"))
    assert run_grdrs("ingest", str(pdf), "--db", str(db)).returncode == 0
    out = run_grdrs("history", "Niederschrift 66", "--db", str(db)).stdout
    decided = out[out.index("Decided"):]
    assert "“Damit ist Herr Dr. Belge zum Leiter der Branddirektion gewählt.”" in decided, out
    assert "(54 Ja, 2 Nein, 2 Enthaltung(en))" in decided
    assert "Landes- hauptstadt" not in decided


def test_a_citing_papers_amounts_are_those_near_the_citation(tmp_path):
    """Long minutes citing the history's paper among dozens of others: the history lists the
    minutes' figures on the pages citing it (and the page after), not every figure they state
    (a Köln clerk's `history 2794/2023` listed the ÖPNV's 16 Mrd. € and a KVB bonus)."""
    from conftest import run_grdrs

    src = tmp_path / "src"
    src.mkdir()
    (src / "rat_30.txt").write_text(
        "30. Sitzung vom 6. Februar 2024 Seite 1\n(Beginn: 14.10 Uhr - Ende: 19.40 Uhr)\n"
        "Für den ÖPNV wären 16 Milliarden Euro pro Jahr nötig.\f"
        "Seite 2\nZur Vorlage 2794/2023 spricht Frau Roth.\f"
        "Seite 3\nDie Gesamtkosten liegen bei 177,1 Millionen Euro.\f"
        "Seite 4\nDer Vorstand erhielt 70 000 Euro Prämie.\n", encoding="utf-8")
    db = tmp_path / "g.db"
    assert run_grdrs("ingest", str(src), "--db", str(db), "--profile", "generic").returncode == 0
    out = run_grdrs("history", "2794/2023", "--db", str(db)).stdout
    assert "177,1 Mio. €" in out, out
    assert "16 Mrd." not in out and "70.000" not in out, out
