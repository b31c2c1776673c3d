"""`grdrs check DRAFT`: amounts against earlier papers, the draft's own arithmetic, date slips.

Drafts are the seed paper's text with figures changed, checked against a database holding the
seed and the bundled corpus; plus tables of small texts for the arithmetic and date rules, the
bundled draft (corpus/drafts/), precision on the corpus (each paper checked as a draft against
the rest), JSON shape, exit codes, and the index migration of older databases.
"""

from __future__ import annotations

import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from grdrs import store
from grdrs.check import agree, check, read_draft
from grdrs.check_arith import arithmetic, date_slips
from grdrs.cli import main
from grdrs.ingest import ingest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = ROOT / "corpus"
CI = os.environ.get("CI") == "true"


def _seed_txt() -> Path:
    path = next(iter(sorted((SHARED / "papers").glob("seed-*.txt"))), None)
    if path is None:
        if CI:
            raise AssertionError("../shared is missing under CI")
        pytest.skip("../shared (the seed paper) is not beside the checkout")
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    _seed_txt()
    path = tmp_path_factory.mktemp("check") / "grdrs.db"
    conn = store.connect(path, write=True)
    summary = ingest(conn, [SHARED / "papers", CORPUS / "papers"])
    assert summary.failed == 0
    conn.close()
    return path


def _draft(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    text = _seed_txt().read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _check(db: Path, path: Path) -> dict:
    conn = store.connect(db)
    try:
        return check(conn, str(path))
    finally:
        conn.close()


def _by(answer: dict, verdict: str) -> list[dict]:
    return [f for f in answer["findings"] if f["verdict"] == verdict]


# The seed's own slip (council-papers.md §6): a conference on 07.11.2023 listed in the
# 07/2022 – 12/2022 phase of a paper dated 18.09.2023. Drafts that should have no conflict fix it.
NO_SLIP = ("07.11.2023: Stuttgarter Konferenz", "07.11.2022: Stuttgarter Konferenz")

# (name, replacements, expected findings (verdict, value, earlier value or None))
DRAFTS = [
    ("uebertragung", [("auf 2023 i.H.v. 21.000 Euro", "auf 2023 i.H.v. 25.000 Euro")],
     [("changed", "25000.00", "21000.00"), ("arithmetic", "61000.00", None)]),
    ("swap", [("in Höhe von 57.000 EUR / Jahr", "in Höhe von 75.000 EUR / Jahr")],
     [("changed", "75000.00", "57000.00")]),
    ("summe", [("beläuft sich demnach auf 61.000 Euro", "beläuft sich demnach auf 62.000 Euro")],
     [("arithmetic", "62000.00", None), ("changed", "62000.00", "61000.00")]),
    ("neu", [("Zudem werden die Informationsmaterialien überarbeitet.",
              "Zudem werden die Informationsmaterialien für 8.500 Euro überarbeitet.")],
     [("new", "8500.00", None)]),
    # a revision changing three of the paper's figures at once: each one a change (the paper
    # said the same figure in the same sentence at more places than another: no earlier edition)
    ("three", [("ein befristetes Budget von 40.000 EUR/Jahr", "ein befristetes Budget von "
                "45.000 EUR/Jahr"), ("auf 2023 i.H.v. 21.000 Euro", "auf 2023 i.H.v. 25.000 Euro"),
               ("in Höhe von 57.000 EUR / Jahr", "in Höhe von 75.000 EUR / Jahr")],
     [("changed", "45000.00", "40000.00"), ("changed", "25000.00", "21000.00"),
      ("changed", "75000.00", "57000.00"), ("arithmetic", "61000.00", None)]),
    ("restated", [("Das Budget der Strategischen Sozialplanung in Höhe von 40.000 EUR/Jahr",
                   "Das befristete Budget der Abteilung Strategische Sozialplanung von "
                   "40.000 EUR/Jahr")],
     [("consistent", "40000.00", "40000.00")]),
]


@pytest.mark.parametrize("name,replacements,expected", DRAFTS, ids=[d[0] for d in DRAFTS])
def test_seed_drafts(db, tmp_path, name, replacements, expected):
    answer = _check(db, _draft(tmp_path, name, NO_SLIP, *replacements))
    got = {(f["verdict"], f["value"], f["earlier_value"]) for f in answer["findings"]}
    for item in expected:
        assert item in got, (item, sorted(got))
    # precision: besides what was changed, every restated figure agrees
    conflicts = {(f["verdict"], f["value"]) for f in answer["findings"]
                 if f["verdict"] in ("changed", "arithmetic", "date", "ambiguous")}
    assert conflicts <= {(v, val) for v, val, _ in expected}, conflicts


def test_changed_names_the_earlier_statement(db, tmp_path):
    answer = _check(db, _draft(tmp_path, "swap", NO_SLIP, ("in Höhe von 57.000 EUR / Jahr",
                                                             "in Höhe von 75.000 EUR / Jahr")))
    (f,) = _by(answer, "changed")
    assert f["quote"] == "75.000 EUR / Jahr" and f["page"] == 1
    e = f["earlier"]
    assert e["paper"] in ("seed-teilhaushalt-810-2023-09-18", "563/2023")
    assert "57.000 EUR / Jahr" in e["quote"] and e["page"] >= 1
    assert e["date"] in ("2023-09-18", None)


def test_unchanged_copy_is_all_consistent(db, tmp_path):
    answer = _check(db, _draft(tmp_path, "copy", NO_SLIP))
    verdicts = {f["verdict"] for f in answer["findings"]}
    assert verdicts == {"consistent"}, answer["findings"]
    assert answer["conflicts"] == 0


def test_arithmetic_names_its_figures(db, tmp_path):
    answer = _check(db, _draft(tmp_path, "summe", NO_SLIP, (
        "beläuft sich demnach auf 61.000 Euro", "beläuft sich demnach auf 62.000 Euro")))
    (f,) = _by(answer, "arithmetic")
    assert [(x["role"], x["value"]) for x in f["figures"]] == [
        ("base", "40000.00"), ("addend", "21000.00"), ("total", "62000.00")]
    assert "61.000" in f["reason"] and "62.000" in f["reason"]


def test_seed_date_slip(db):
    pdf = next((SHARED / "papers").glob("seed-*.pdf"))
    answer = _check(db, pdf)
    (f,) = _by(answer, "date")
    assert f["value"] == "2023-11-07" and f["quote"] == "07.11.2023"
    assert not _by(answer, "changed") and not _by(answer, "arithmetic")


def test_bundled_draft(db):
    answer = _check(db, CORPUS / "drafts" / "GRDrs_9050_2024.pdf")
    assert answer["draft"]["number"] == "9050/2024" and answer["draft"]["date"] == "2024-09-16"
    got = sorted((f["verdict"], f["value"], f["earlier_value"]) for f in answer["findings"]
                 if f["verdict"] != "consistent")
    assert got == [("arithmetic", "147000.00", None), ("changed", "18000.00", "15000.00"),
                   ("date", "2024-11-12", None), ("new", "147000.00", None),
                   ("new", "41000.00", None)]
    consistent = sorted(f["value"] for f in _by(answer, "consistent"))
    assert consistent == ["2000.00", "21000.00", "280000.00", "40000.00", "57000.00",
                          "61000.00", "96000.00"]


def test_corpus_precision(db):
    """Each corpus paper checked as a draft against the rest: no changed or arithmetic
    finding (none is real), and only the seed's real date slip."""
    papers = sorted(p for p in (CORPUS / "papers").iterdir() if p.suffix in (".pdf", ".txt",
                                                                               ".html"))
    wrong = []
    for p in papers:
        for f in check_findings(db, p):
            if f["verdict"] in ("changed", "arithmetic", "date"):
                wrong.append((p.name, f["verdict"], f["value"], f["subject"]))
    assert wrong == []


def check_findings(db: Path, path: Path) -> list[dict]:
    return _check(db, path)["findings"]


# --------------------------------------------------------------------------------------------
# JSON and exit status

FINDING_KEYS = {"verdict", "value", "value_to", "earlier_value", "earlier", "candidates",
                "figures", "page", "start", "end", "quote", "subject", "reason", "score", "why"}


def test_json_shape_and_exit_codes(db, tmp_path):
    runner = CliRunner()
    bad = _draft(tmp_path, "swap", NO_SLIP, ("in Höhe von 57.000 EUR / Jahr",
                                             "in Höhe von 75.000 EUR / Jahr"))
    r = runner.invoke(main, ["check", str(bad), "--db", str(db), "--json"])
    assert r.exit_code == 1, r.output
    answer = json.loads(r.output)
    assert set(answer) == {"draft", "warnings", "summary", "conflicts", "findings"}
    assert {"source", "number", "date", "title"} <= set(answer["draft"])
    for f in answer["findings"]:
        assert set(f) == FINDING_KEYS, f
        assert f["verdict"] in ("consistent", "changed", "new", "ambiguous", "arithmetic", "date")
        if f["earlier"] is not None:
            assert {"paper", "date", "page", "quote"} <= set(f["earlier"])
            assert f["why"]["score"] == f["score"] and isinstance(f["why"]["shared_words"], list)
    ok = _draft(tmp_path, "copy", NO_SLIP)
    r = runner.invoke(main, ["check", str(ok), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "CONSISTENT" in r.output and "No conflicts (" in r.output
    # the last line counts the verdicts, as the summary does
    summary = json.loads(runner.invoke(main, ["check", str(ok), "--db", str(db), "--json"])
                         .output)["summary"]
    assert r.output.rstrip().splitlines()[-1] == "No conflicts (" + ", ".join(
        f"{k} {v}" for v, k in summary.items() if k) + ")."
    r = runner.invoke(main, ["check", str(bad), "--db", str(db)])
    assert r.exit_code == 1 and "CHANGED" in r.output and "75.000 EUR / Jahr" in r.output
    assert runner.invoke(main, ["check", str(tmp_path / "missing.pdf"), "--db",
                                str(db)]).exit_code == 2
    readme = tmp_path / "notes.md"
    readme.write_text("x")
    assert runner.invoke(main, ["check", str(readme), "--db", str(db)]).exit_code == 2
    assert runner.invoke(main, ["check", str(ok), "--db",
                                str(tmp_path / "none.db")]).exit_code == 2
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    assert runner.invoke(main, ["check", str(broken), "--db", str(db)]).exit_code == 2
    assert runner.invoke(main, ["check", str(ok), "--db", str(db), "--date",
                                "18.09.2023"]).exit_code == 2


def test_date_option_and_text_dates(db, tmp_path):
    """--date bounds the earlier papers: dated the day before the seed, nothing is compared
    with the seed (only with older and undated papers); a draft without its own date takes its first consultation, else the
    newest event it reports as past, else warns."""
    bad = _draft(tmp_path, "bad", ("in Höhe von 57.000 EUR / Jahr", "in Höhe von 75.000 EUR / Jahr"))
    conn = store.connect(db)
    try:
        later = check(conn, str(bad), date="2023-09-18")
        before = check(conn, str(bad), date="2023-09-17")
        assert later["draft"]["date_source"] == "--date"
        assert any(f["verdict"] == "changed" and f["value"] == "75000.00"
                   for f in later["findings"])
        assert later["findings"] and before["findings"]
        assert any(f["earlier"] and f["earlier"]["date"] == "2023-09-18"
                   for f in later["findings"])
        assert not any(f["earlier"] and f["earlier"]["date"] and f["earlier"]["date"] > "2023-09-17"
                       for f in before["findings"])
        undated = tmp_path / "undated.txt"
        undated.write_text("Mitteilungsvorlage\n\nDie Konferenz fand am 12.03.2022 statt. Das "
                           "Budget betrug 40.000 Euro.\n", encoding="utf-8")
        got = check(conn, str(undated))
        assert got["draft"]["date"] == "2022-03-12" and got["draft"]["date_source"] == "past date"
        assert got["warnings"]
        bare = tmp_path / "bare.txt"
        bare.write_text("Mitteilungsvorlage\n\nDas Budget beträgt 40.000 Euro.\n", encoding="utf-8")
        got = check(conn, str(bare))
        assert got["draft"]["date"] is None and "--date" in got["warnings"][0]
    finally:
        conn.close()


def test_old_database_gains_the_index(db, tmp_path):
    copy = tmp_path / "old.db"
    shutil.copy(db, copy)
    conn = store.connect(copy, write=True)
    conn.execute("DROP TABLE amount_fts_v")
    conn.execute("DROP TABLE amount_fts")
    for t in ("ai", "ad", "au"):
        conn.execute(f"DROP TRIGGER mentions_amount_{t}")
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    conn.close()
    ro = store.connect(copy)
    assert not store.has_check_index(ro)
    pdf = CORPUS / "drafts" / "GRDrs_9050_2024.pdf"
    fallback = check(ro, str(pdf))  # read-only, no index: every amount is scored
    ro.close()
    conn = store.connect(copy, write=True)  # a writer migrates it
    assert store.has_check_index(conn)
    n = conn.execute("SELECT count(*) FROM mentions WHERE kind = 'amount'").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM amount_fts").fetchone()[0] == n
    indexed = check(conn, str(pdf))
    conn.close()
    key = lambda a: sorted((f["verdict"], f["value"]) for f in a["findings"])  # noqa: E731
    assert key(fallback) == key(indexed)


# --------------------------------------------------------------------------------------------
# rules on small texts (no database needed)

AGREE = [
    # (a, a_to, a_surface, b, b_to, b_surface, agree)
    ("57000.00", None, "57.000 EUR", "57000.00", None, "57.000 EUR/Jahr", True),
    ("57000.00", None, "57.000 EUR", "75000.00", None, "75.000 EUR", False),
    ("1320000.00", None, "1,32 Mio. €", "1321755.00", None, "1.321.755 EUR", True),
    ("1330000.00", None, "1,33 Mio. €", "1321755.00", None, "1.321.755 EUR", False),
    ("76000.00", None, "76 T Euro", "76000.00", None, "76.000 EUR/Jahr", True),
    ("280000.00", None, "280.000 EUR", "250000.00", "300000.00", "250.000 EUR – 300.000 EUR", True),
    ("320000.00", None, "320.000 EUR", "250000.00", "300000.00", "250.000 EUR – 300.000 EUR", False),
    # two cells of a row printing dashes for empty ones, read as a range: one of them or none
    ("6450.00", None, "6.450,00 €", "5900.00", "6800.00", "5.900,00 €- 6.800,00 €", False),
    ("6800.00", None, "6.800,00 €", "5900.00", "6800.00", "5.900,00 €- 6.800,00 €", True),
    # a prose estimate written with the sign before its dash (no cents): an estimate
    ("280000.00", None, "280.000 EUR", "250000.00", "300000.00", "250.000 €-300.000 €", True),
    ("21000.00", None, "21.000 Euro", "21000.00", None, "21.000 Euro", True),
    ("2200000.00", None, "2.2 Mio. Euro", "2600000.00", None, "2.6 Mio. Euro", False),
    ("2200000.00", None, "2.2 Mio. Euro", "2000000.00", None, "2 Mio. Euro", False),
    ("2200000.00", None, "2.2 Mio. Euro", "2210000.00", None, "2.210.000 Euro", True),
    # a range inside another range is another estimate, not the same one
    ("260000.00", "280000.00", "260.000 – 280.000 EUR", "250000.00", "300000.00",
     "250.000 EUR – 300.000 EUR", False),
    ("250000.00", "300000.00", "250 – 300 T EUR", "250000.00", "300000.00",
     "250.000 EUR – 300.000 EUR", True),
    # two table cells read as one range: a point agrees with either cell, not with the span
    ("1571.15", "30993.38", "1.571,15 €-30.993,38 €", "1571.15", None, "1.571,15 €", True),
    ("1571.15", "30993.38", "1.571,15 €-30.993,38 €", "30993.38", None, "30.993,38 €", True),
    ("1571.15", "30993.38", "1.571,15 €-30.993,38 €", "12000.00", None, "12.000,00 €", False),
]


@pytest.mark.parametrize("a,a_to,a_s,b,b_to,b_s,expected", AGREE)
def test_agree(a, a_to, a_s, b, b_to, b_s, expected):
    assert agree(a, a_to, a_s, False, b, b_to, b_s, False) is expected
    assert agree(b, b_to, b_s, False, a, a_to, a_s, False) is expected


HEAD = "Stuttgart, 18.09.2023\n\nMitteilungsvorlage\n\n"
ARITH = [
    # (text, expected findings as (total value, sorted figure values))
    ("Das Budget von 40.000 EUR/Jahr für die Jahre 2022 und 2023 wurde bereitgestellt.\n\n"
     "Der Gemeinderat genehmigte eine Ermächtigungsübertragung i.H.v. 21.000 Euro. Das Budget "
     "in 2023 beläuft sich demnach auf 61.000 Euro.", []),
    ("Das Budget von 40.000 EUR/Jahr für die Jahre 2022 und 2023 wurde bereitgestellt.\n\n"
     "Der Gemeinderat genehmigte eine Ermächtigungsübertragung i.H.v. 21.000 Euro. Das Budget "
     "in 2023 beläuft sich demnach auf 62.000 Euro.", [("62000.00", 3)]),
    # the base right before, in a sentence saying "weiteren" of another word (README's example)
    ("Dazu wurde über einen weiteren Beschluss des Gemeinderats ein befristetes Budget von "
     "40.000 EUR/Jahr für die Jahre 2022 und 2023 zur Verfügung gestellt.\n\nDer Gemeinderat "
     "genehmigte eine Ermächtigungsübertragung i.H.v. 21.000 Euro. Das Budget in 2023 beläuft "
     "sich demnach auf 62.000 Euro.", [("62000.00", 3)]),
    ("Das unbefristete Budget von 57.000 EUR/Jahr bleibt. Zusätzlich werden im Jahr 2024 "
     "einmalig 15.000 EUR bereitgestellt. Für das Jahr 2024 ergibt sich damit ein Gesamtbudget "
     "von 72.000 EUR.", []),
    ("Bis zum 30.06.2024 waren 96.000 EUR gebunden. Bis zum 31.08.2024 kamen weitere "
     "41.000 EUR hinzu. Insgesamt sind damit 147.000 EUR gebunden.", [("147000.00", 3)]),
    ("Bis zum 30.06.2024 waren 96.000 EUR gebunden. Bis zum 31.08.2024 kamen weitere "
     "41.000 EUR hinzu. Insgesamt sind damit 137.000 EUR gebunden.", []),
    # a total of something else: no finding (no addition stated, nothing close)
    ("Die Stadt fördert Vereine mit 12.000 EUR. Insgesamt gibt die Stadt 4,5 Mio. Euro aus.", []),
    ("Verwendung\nDruck und Verteilung 21.000 EUR/Jahr\nKonferenzen 18.000 EUR/Jahr\n"
     "Honorare 12.000 EUR/Jahr\nSachkosten 6.000 EUR/Jahr\nSumme 57.000 EUR/Jahr\n", []),
    ("Verwendung\nDruck und Verteilung 21.000 EUR/Jahr\nKonferenzen 18.000 EUR/Jahr\n"
     "Honorare 12.000 EUR/Jahr\nSachkosten 6.000 EUR/Jahr\nSumme 59.000 EUR/Jahr\n",
     [("59000.00", 5)]),
    ("Forum 1 260 T Euro\nForum 3 412 TEUR\nForum 5 649.755 EUR/netto\nSumme 1.321.755 EUR\n", []),
    # columns of two figures per line, one sum wrong
    ("Amt Personal Sachmittel\nHauptamt 130.000 € 45.000 €\nStadtkasse 30.000 € 27.000 €\n"
     "Gesamt 160.000 € 75.000 €\n", [("75000.00", 3)]),
    # empty cells left out: lines of one and two figures, columns unknown
    ("Amt Personal Sachmittel Erträge\nHauptamt 130.809 € 45.750 €\nStabsstelle 34.030 €\n"
     "Presseamt 24.846 €\nBürgeramt 44.000 €\nPrüfungsamt 9.060 € 27.557 €\n"
     "Rechtsamt 86.200 €\nGesamt 9.060 € 261.242 € 45.750 € 86.200 €\n", []),
    ("Es werden 280.000 EUR veranschlagt, davon 130.000 EUR im Jahr 2024 und 150.000 EUR im "
     "Jahr 2025.", []),
    # the parts after the total in its sentence add up; an earlier sentence names one of them
    ("Die Dreifeldhalle wird gestrichen und ihre Kosten herausgerechnet (ca. 3,5 Mio. €).\n\n"
     "Statt der großen nur eine kleinere Halle. Es können ca. 1,2 Mio. € herausgerechnet werden."
     "\n\nDer Betrag für die Laufbahn von 2,9 Mio. € brutto plus Regionalfaktor ist plausibel. "
     "Da sie dem Schulsport dient, kann er herausgerechnet werden.\n\nSomit reduzieren sich "
     "die Projektkosten um 7,6 Mio. € durch die Streichung der Dreifeldhalle\n(- 3,5 Mio. €), "
     "durch die kleinere Halle (- 1,2 Mio. €) und die Finanzierung der Laufbahn (- 2,9 Mio. €).",
     []),
    ("Es werden 280.000 EUR veranschlagt, davon 180.000 EUR im Jahr 2024 und 150.000 EUR im "
     "Jahr 2025.", [("150000.00", 3)]),
    ("Die Kosten betragen 57.000 EUR/Jahr für die Jahre 2024/2025. Für die Jahre 2024/2025 "
     "ergeben sich insgesamt 114.000 EUR.", []),
    ("Die Kosten betragen 57.000 EUR/Jahr für die Jahre 2024/2025. Für die Jahre 2024/2025 "
     "ergeben sich insgesamt 104.000 EUR.", [("104000.00", 2)]),
    # a raise to a new level with a slip of 9 euros (real: 33.470 + 40.000 printed as 73.479)
    ("Der Zuschuss an den Verein beträgt bisher 33.470 Euro. Ein Erhöhungsantrag um 40.000 Euro "
     "auf insgesamt 73.479 Euro bedeutet eine Steigerung um 120 Prozent.", [("73479.00", 3)]),
    # no sum claimed: a cap, a count times a rate (own words for real Karlsruhe cases; more in
    # tests/test_check_arith_real.py)
    ("Die Gebühr beträgt 400 Euro pro Monat.\n\nFür das Mittagessen kommen zusätzlich 250 Euro "
     "pro Monat hinzu. Für Familien beträgt die Summe der Gebühren insgesamt maximal 1.000 Euro "
     "pro Monat.", []),
    ("12 Stadtteilzentren\njeweils 12.000 €\ngesamt 144.000 €\n14 Stadtteilzentren und "
     "Aufstockung des Zuschusses\njeweils 15.000 €\ngesamt 210.000 €\n", []),
    # the addition's cue belongs to the next sentence
    ("Die Ortsverwaltung bekam eine Zuwendung im Wert von 300,00 €. Das Stadtamt erhielt eine "
     "Zuwendung in Höhe von 4.372,18 €. \n\nDie Vorlage umfasst zusätzlich Zuwendungen für die "
     "Flüchtlingshilfe. Diese umfassen einen Gesamtwert von 5.826,00 €.", []),
    # rows rounded one by one (whole euros, cents): the sum may be off by a unit
    ("Kosten\nPersonal 179.612 Euro\nSachmittel 115.475 Euro\nMiete 19.487 Euro\n"
     "Betrieb 55.324 Euro\nSumme 369.899 Euro\n", []),
    ("Kosten\nLeitung 50.214,06 €\nHauswirtschaft 22.453,70 €\nAnleitung 23.422,46 €\n"
     "Summe 96.090,23 €\n", []),
    # a table whose rows' labels read as sentences ("u. a."): rows above may be cut off
    ("Maßnahme Summe\nKeine Klausurtagungen außer Haus 30.000 €\nKleinere Delegationen bei "
     "Reisen u.a. 10.000 €\nAnstrahlung 10.000 €\nStandards 60.000 €\nGesamt: 110.000 €\n", []),
    # a total equal to one of the rows above it: no sum of them
    ("Beiträge\nEigenanteil 75 €\nElternbeiträge gesamt 4.746.750 €\nGesamt 4.746.750 €\n", []),
    # … and real slips in wording close to those: an addition "beläuft sich auf", "je nach",
    # "verfügt über", prose before a table, cents printed, a share that is a part, "damit"
    ("Das Budget von 40.000 EUR/Jahr für die Jahre 2022 und 2023 wurde bereitgestellt.\n\n"
     "Die Ermächtigungsübertragung beläuft sich auf 21.000 Euro. Das Budget in 2023 beläuft sich "
     "demnach auf 62.000 Euro.", [("62000.00", 3)]),
    ("Das Budget von 40.000 EUR/Jahr für die Jahre 2022 und 2023 wurde bereitgestellt.\n\n"
     "Je nach Bedarf wurde eine Ermächtigungsübertragung i.H.v. 21.000 Euro genehmigt. Das Budget "
     "in 2023 beläuft sich demnach auf 62.000 Euro.", [("62000.00", 3)]),
    ("Für das Projekt stehen 50.000 € zur Verfügung. Die Kosten verteilen sich wie folgt:\n"
     "Personal 10.000 €\nSachkosten 5.000 €\nMiete 3.000 €\nSumme 19.000 €\n", [("19000.00", 4)]),
    ("Kosten\nPersonal 10.000,00 €\nSachkosten 5.000,00 €\nMiete 3.000,00 €\nSumme 18.001,00 €\n",
     [("18001.00", 4)]),
    ("Die Gesamtkosten betragen 100.000 €, davon 80 % Förderung in Höhe von 80.000 € und ein "
     "Eigenanteil von 30.000 €.", [("30000.00", 3)]),
    # "davon 5,5 % Ermäßigung": a rate's amount and the net after it, not parts
    ("Zwischensumme1.241.565,60 €1.194.261,60 € davon 5,5% Ermäßigung68.286,11 €65.684,39 € "
     "abzgl. Ermäßigung1.173.279,49 €1.128.577,21 € Ergänzungsfächer5118,040,00 €37,00 €", []),
    # parts and their total in one sentence that says it is their sum (a real Karlsruhe slip:
    # 430.000 + 55.000 + 135.000 "mithin zusammen" 650.000) — and sentences like it that are
    # right, or say no sum: a subtotal between the parts, a remainder, a year before the total
    ("Die Maßnahmen belaufen sich beim Hallenbad auf 430.000 Euro, beim Freibad auf 55.000 Euro "
     "sowie beim Sportbad auf 135.000 Euro, mithin zusammen auf 650.000 Euro.",
     [("650000.00", 4)]),
    ("Die Maßnahmen belaufen sich beim Hallenbad auf 460.000 Euro, beim Freibad auf 55.000 Euro "
     "sowie beim Sportbad auf 135.000 Euro, mithin zusammen auf 650.000 Euro.", []),
    ("Die Kosten von 2,5 Mio. Euro für den Neubau und 1,5 Mio. Euro für die Ausstattung ergeben "
     "zusammen 5,0 Mio. Euro.", [("5000000.00", 3)]),
    ("Sonstige Kosten 89.120 € Kosten insgesamt (ohne Support und Pflege) 800.829 € Kosten "
     "insgesamt mit Support + Pflege 1.028.238 €", []),
    ("Von den Gesamtkosten von 5,0 Mio. Euro und der Förderung von 2,0 Mio. Euro verbleibt "
     "zusammen ein Eigenanteil von 3,0 Mio. Euro.", []),
    ("Die Kosten von 2,5 Mio. Euro und 1,5 Mio. Euro ergeben im Jahr 2025 zusammen 5,0 Mio. "
     "Euro.", []),
    ("Es entstehen Kosten von 45.000 Euro für die Planung, 30.000 Euro für Gutachten sowie "
     "25.000 Euro für die Beteiligung, zusammen also 110.000 Euro.", [("110000.00", 4)]),
    # the total a clause of its own, or another figure than the parts' sum
    ("Die Stadt trägt 40.000 Euro, der Kreis 30.000 Euro und das Land 30.000 Euro, die "
     "Gesamtkosten belaufen sich insgesamt auf 120.000 Euro.", []),
    ("Der Sportkreis erhält 95.000 Euro, der Jugendausschuss 60.000 Euro sowie das Kinderbüro "
     "45.000 Euro, im Vorjahr waren es zusammen 180.000 Euro.", []),
    ("Die Sanierung kostet 800.000 Euro und der Anbau 400.000 Euro, einschließlich Ausstattung "
     "insgesamt 1.400.000 Euro.", []),
    ("Bisher wurden 300.000 Euro und 200.000 Euro abgerufen, insgesamt sind 700.000 Euro "
     "bewilligt.", []),
]


@pytest.mark.parametrize("text,expected", ARITH)
def test_arithmetic_rules(tmp_path, text, expected):
    path = tmp_path / "draft.txt"
    path.write_text(HEAD + text, encoding="utf-8")
    got = [(f["value"], len(f["figures"])) for f in arithmetic(read_draft(str(path)))]
    assert got == expected


DATES = [
    # (text after the header dated 18.09.2023, expected slip dates)
    ("Die Konferenz fand am 07.11.2023 mit 200 Teilnehmenden statt.", ["2023-11-07"]),
    ('Das Projekt „Stadtgrün" wurde am 07.11.2023 mit 200 Gästen eröffnet.', ["2023-11-07"]),
    # what a committee has done (a Köln clerk's drafts)
    ("Der Ausschuss hat am 22.11.2023 dem Konzept einstimmig zugestimmt.", ["2023-11-22"]),
    ("Der Bezirksrat hat sich am 29.10.2023 mit dem Vorhaben befasst.", ["2023-10-29"]),
    ("Der Finanzausschuss wird am 22.11.2023 dem Konzept zustimmen.", []),
    # quoted words (a decision's text): their date is not told by the paper
    ("In der Sitzung am 07.02.2023 wurde die Satzung mit geänderter Fassung beschlossen: „Die "
     "Satzung tritt am 01.01.2024 in Kraft“. Das wurde so vereinbart.", []),
    ("Die Konferenz findet am 07.11.2023 statt.", []),
    ("Die Konferenz wird am 07.11.2023 stattfinden.", []),
    ("Die Konferenz fand am 07.06.2023 statt.", []),
    # within a month of the paper's date: the text revised before its session, not a slip
    ("Die Konferenz fand am 12.10.2023 statt.", []),
    ("Die Konferenz fand am 19.10.2023 statt.", ["2023-10-19"]),
    # the enactment formula of the statute the paper proposes, dated with its session
    ("Aufgrund von § 4 der Gemeindeordnung hat der Gemeinderat am 14. November 2023 folgende "
     "Satzung beschlossen:\n§ 1 Geltungsbereich", []),
    ("Der Gemeinderat hat am 14. November 2023 Folgendes beschlossen:\n1. Der Plan", []),
    ("Der Gemeinderat hat am 14. November 2023 die folgende Satzung beschlossen.", ["2023-11-14"]),
    # … also of an association's statute, and with the statute it changes dated in between
    ("Aufgrund von § 15 hat die Versammlung der Jagdgenossenschaft am 16. November 2023\n"
     "beschlossen:\n§ 1 Name", []),
    ("Aufgrund von § 15 hat die Versammlung am 16. November 2023 folgende Satzung zur Änderung "
     "der Satzung vom 11. September 2017 beschlossen:\n§ 1 Name", []),
    ("Aufgrund von § 4 hat der Gemeinderat am 19. Dezember 2023 folgende Satzung zur Änderung der "
     "Satzung über Gebühren für das Friedhofs- und Bestattungswesen vom 17. Dezember 1991 "
     "(Amtsblatt vom 20. Dezember 1991), zuletzt geändert durch Satzung vom 20. Dezember 2022 "
     "(Öffentliche Bekanntmachung vom 21. Dezember 2022), beschlossen:\n§ 1", []),
    ("Aufgrund von § 46 hat der Gemeinderat in seiner Sitzung vom 14.11.2023 mit Zustimmung der "
     "Wasserbehörde folgende Änderungssatzung zur Satzung der Stadt über die öffentliche "
     "Abwasserbeseitigung (Entwässerungssatzung vom 05. Juni 1984, zuletzt geändert durch Satzung "
     "vom 22. März 2022) und zur Gebührensatzung für die Straßenreinigung beschlossen:\n§ 1", []),
    ("Aufgrund von § 2 des Kommunalabgabengesetzes (GBl. S. 206) hat der Gemeinderat am 14. "
     "November 2023 folgende Satzung zur Änderung der Marktgebührensatzung vom 9. Dezember 1980 "
     "beschlossen.\n\nArtikel 1", []),
    ("Aufgrund von § 15 des Gesetzes (GBl. S. 82). Nach Anhörung hat die Versammlung am 16. "
     "November 2023 beschlossen:\n§ 1 Name", []),
    # a form to be filled in at that session
    ("Vorstehende Satzung wurde in der Versammlung am 16. November 2023, in der ..... "
     "Mitglieder anwesend waren, beschlossen.", []),
    # … but a past decision reported, a next sentence's decision, an ellipsis: slips
    ("Der Ausschuss hat am 14. November 2023 nach langer Beratung über die folgenden Anträge "
     "beschlossen:\n1. Der Plan", ["2023-11-14"]),
    ("Aufgrund der hohen Nachfrage hat der Ausschuss am 14. November 2023 folgende Erweiterung "
     "beschlossen.", ["2023-11-14"]),
    ("Der Ausschuss hat in seiner Sitzung am 14. November 2023 nach Beratung beschlossen:\n"
     "1. Der Plan", ["2023-11-14"]),
    ("Die Bürgerversammlung fand am 14. November 2023 statt. Der Ortschaftsrat hat daraufhin "
     "einstimmig beschlossen:\n1. Der Plan", ["2023-11-14"]),
    ("Die Konferenz fand am 14. November 2023 statt, es kamen Vereine, Schulen....",
     ["2023-11-14"]),
    ("Die Sitzung wurde vertagt und auf den 07.11.2023 verschoben.", []),
    ("Das Budget wurde bis zum 31.12.2023 befristet.", []),
    ("07/2022 – 12/2022 Aufbau eines Netzwerks\nWichtige Meilensteine sind u.a.\n"
     "- 25.07.2022: Auftakt der Initiative\n- 07.11.2023: Konferenz gegen Einsamkeit\n",
     ["2023-11-07"]),
    ("Ab 08/2023 Pflege des Netzwerks\n- 07.11.2023: Konferenz gegen Einsamkeit\n", []),
    ("07/2022 – 12/2022 Aufbau eines Netzwerks\n2. Ausblick\n- 07.11.2023: Konferenz\n", []),
]


@pytest.mark.parametrize("held,hearing,expected", [
    ("24.11.2023", "Ja, durchgeführt am 20.11.2023", []),
    ("25.10.2023", "Ja, durchgeführt am 20.11.2023", ["2023-11-20"]),
    # a session more than SESSION_DAYS after the paper is not what its text was revised for
    ("25.01.2024", "Ja, durchgeführt am 20.11.2023", ["2023-11-20"]),
    # the event itself, read as one more consultation, is not the paper's session
    ("25.10.2023", "Die Anhörung im Ortschaftsrat Durlach am 20.11.2023 wurde durchgeführt.",
     ["2023-11-20"]),
])
def test_a_date_before_the_papers_own_session_is_no_slip(tmp_path, held, hearing, expected):
    """A paper dated 18.09.2023 says a hearing took place on 20.11.2023: before the first
    session its consultation table names after its date (the text is revised until then) that
    is no slip; after it, or with that session months away, it is."""
    path = tmp_path / "draft.txt"
    path.write_text("Beratungsfolge dieser Vorlage\nGremium Termin TOP ö nö Ergebnis\n"
                    f"Gemeinderat {held} 7 x\n\nAnhörung Ortschaftsrat: {hearing}\n",
                    encoding="utf-8")
    draft = read_draft(str(path), "karlsruhe")  # prints no date of its own: --date gives it
    draft.date = "2023-09-18"
    assert held[6:] + "-" + held[3:5] + "-" + held[:2] in draft.consultation_dates
    assert [f["value"] for f in date_slips(draft)] == expected


@pytest.mark.parametrize("text,expected", DATES)
def test_date_rules(tmp_path, text, expected):
    path = tmp_path / "draft.txt"
    path.write_text(HEAD + text, encoding="utf-8")
    draft = read_draft(str(path))
    assert draft.date == "2023-09-18"
    assert [f["value"] for f in date_slips(draft)] == expected


def test_bundled_draft_renders_into_drafts(tmp_path):
    """The bundled draft is rendered by corpus/render.py into drafts/, never papers/."""
    pytest.importorskip("reportlab")
    pytest.importorskip("pyphen")
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("corpus_render", CORPUS / "render.py")
    render = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("corpus_render", render)
    spec.loader.exec_module(render)
    render.render_all(tmp_path)
    assert (tmp_path / "drafts" / "GRDrs_9050_2024.pdf").is_file()
    assert not (tmp_path / "papers" / "GRDrs_9050_2024.pdf").exists()
    gold = json.loads((tmp_path / "drafts" / "gold" / "GRDrs_9050_2024.pdf.json").read_text())
    assert gold["paper"]["number"] == "9050/2024" and gold["paper"]["fictional"] is True
    assert gold == json.loads((CORPUS / "drafts" / "gold" / "GRDrs_9050_2024.pdf.json")
                              .read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------
# a follow-up report to the seed paper, written in its manner two years later (tests/data)

FOLLOWUP = ROOT / "tests" / "data" / "followup-teilhaushalt-810-2025.txt"


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> Path:
    seed = _seed_txt()
    folder = tmp_path_factory.mktemp("seedonly")
    shutil.copy(seed, folder / seed.name)
    path = folder / "grdrs.db"
    conn = store.connect(path, write=True)
    assert ingest(conn, [folder]).failed == 0
    conn.close()
    return path


def test_seed_followup_finds_all_three(seed_db):
    """The follow-up restates the 2022/2023 budget in other words around the same noun
    (45.000 for 40.000 EUR/Jahr), what GRDrs 563/2023 asked for (52.000 for 57.000 EUR / Jahr,
    the seed saying it in the sentence after the citation) and adds a transfer to a base stated
    two sentences earlier into a total that does not match (50.000 + 14.000 ≠ 68.000)."""
    r = CliRunner().invoke(main, ["check", str(FOLLOWUP), "--db", str(seed_db), "--json"])
    assert r.exit_code == 1, r.output
    answer = json.loads(r.output)
    changed = {(f["value"], f["earlier_value"]) for f in _by(answer, "changed")}
    assert changed == {("45000.00", "40000.00"), ("52000.00", "57000.00")}
    cited = next(f for f in _by(answer, "changed") if f["value"] == "52000.00")
    assert cited["why"]["cited"] == ["563/2023"]
    arith = _by(answer, "arithmetic")
    assert [sorted(x["value"] for x in f["figures"]) for f in arith] == [
        ["14000.00", "50000.00", "68000.00"]]
    assert answer["conflicts"] == 3
    text = CliRunner().invoke(main, ["check", str(FOLLOWUP), "--db", str(seed_db)]).output
    assert "both cite 563/2023" in text and "50.000 + 14.000 = 64.000, not 68.000" in text


HEADER = "Stuttgart, {}\n\nMitteilungsvorlage\n\nBericht\n\n"


def _papers_db(tmp_path: Path, papers: dict[str, tuple[str, str]], draft: tuple[str, str]):
    """A database of small papers (file name → (date, text)) and a draft (date, text) beside
    it: (db, draft path)."""
    folder = tmp_path / "papers"
    folder.mkdir()
    for name, (date, text) in papers.items():
        (folder / name).write_text(HEADER.format(date) + text + "\n", encoding="utf-8")
    db = tmp_path / "grdrs.db"
    conn = store.connect(db, write=True)
    assert ingest(conn, [folder]).failed == 0
    conn.close()
    path = tmp_path / "draft.txt"
    path.write_text(HEADER.format(draft[0]) + draft[1] + "\n", encoding="utf-8")
    return db, path


def test_a_table_row_mapped_onto_another_figure_is_no_change(tmp_path):
    """Zwei Gebührentabellen, die 75,60 € gemeinsam haben: die Zuordnung der Spalten über diese
    Zahl legt 18,90 € auf die frühere 226,80 € — die frühere Zeile druckt aber 18,90 € selbst,
    an anderer Stelle: eine falsche Zuordnung, keine geänderte Zahl (ein Marktgebühren-Beispiel
    gegen eine Gebührentabelle der Musikschule)."""
    db, draft = _papers_db(
        tmp_path, {"musikschule.txt": ("10.03.2016", "60 907,20 € 75,60 € 226,80 € 18,90 €")},
        ("12.05.2023", "68,40 € 17,10 € 75,60 € 18,90 €"))
    answer = json.loads(CliRunner().invoke(main, ["check", str(draft), "--db", str(db),
                                                  "--json"]).output)
    got = {f["value"]: f["verdict"] for f in answer["findings"]}
    assert got.get("18.90") != "changed" and answer["conflicts"] == 0, got


def test_ambiguous_shows_three_and_the_rest(tmp_path):
    """Five earlier papers say the library's 2024 budget with five figures: the draft's figure
    is ambiguous, the report shows the best three with why they matched and counts the rest,
    --json keeps all five."""
    budget = ("Das Budget der Stadtteilbibliothek Weilimdorf für die Leseförderung beträgt im "
              "Jahr 2024 {} Euro.")
    db, draft = _papers_db(
        tmp_path, {f"bibliothek-{i}.txt": (f"1{i}.03.2024", budget.format(value))
                   for i, value in enumerate(("41.000", "42.000", "43.000", "44.000", "45.000"))},
        ("20.05.2024", budget.format("47.000")))
    runner = CliRunner()
    answer = json.loads(runner.invoke(main, ["check", str(draft), "--db", str(db),
                                             "--json"]).output)
    (f,) = [f for f in answer["findings"] if f["value"] == "47000.00"]
    assert f["verdict"] == "ambiguous" and len(f["candidates"]) == 5
    assert all("weilimdorf" in " ".join(c["why"]["shared_words"]) for c in f["candidates"])
    r = runner.invoke(main, ["check", str(draft), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert r.output.count("why:") == 3 and "… and 2 more" in r.output


def test_the_version_sharing_the_other_figures_counts(tmp_path):
    """A sentence said in two years with other figures: the draft keeps the 2011 version's
    Betriebskosten and changes its Investitionskosten — changed against 2011 (the version
    sharing the sentence's other figure), not ambiguous; and 2.815.609 of 2011 is the
    Betriebskosten' counterpart, not the Investitionskosten'."""
    plätze = ("Für diese Plätze wurden zusätzliche Investitionskosten in Höhe von {} € und "
              "zusätzliche Betriebskosten von {} € im Doppelhaushalt eingestellt.")
    db, draft = _papers_db(
        tmp_path, {"kita-2011.txt": ("25.11.2011", plätze.format("7.591.520", "2.815.609")),
                   "kita-2010.txt": ("11.11.2010", plätze.format("7.097.560", "3.280.437"))},
        ("20.03.2012", plätze.format("8.882.078", "2.815.609")))
    answer = json.loads(CliRunner().invoke(main, ["check", str(draft), "--db", str(db),
                                                  "--json"]).output)
    (f,) = [f for f in answer["findings"] if f["value"] == "8882078.00"]
    assert f["verdict"] == "changed" and f["earlier_value"] == "7591520.00"


MAPPED = [
    # (draft sentence, draft figure, earlier sentence, earlier figure, expected)
    # a yearly table shifted by a column: the draft's first column is the earlier's second
    ("Pflaster 1.200 m² 519.770,-- € 533.814,--€ Rinnen 1.035 m 492.978,-- € 422.177,--€",
     "492.978,-- €",
     "Pflaster 1.200 m² 410.010,-- € 519.770,--€ Rinnen 1.035 m 341.654,-- € 421.349,--€",
     "421.349,--€", True),
    ("Pflaster 1.200 m² 519.770,-- € 533.814,--€ Rinnen 1.035 m 492.978,-- € 422.177,--€",
     "492.978,-- €",
     "Pflaster 1.200 m² 410.010,-- € 519.770,--€ Rinnen 1.035 m 341.654,-- € 421.349,--€",
     "341.654,-- €", False),
    # the same columns (no shift): the cell below the shared figure
    ("Miete 12.400,00 € 13.100,00 € Strom 2.350,00 € 2.990,00 €", "2.990,00 €",
     "Miete 11.800,00 € 13.100,00 € Strom 2.170,00 € 2.480,00 €", "2.480,00 €", True),
    # no figure shared: no mapping
    ("Miete 12.400,00 € 13.100,00 € Strom 2.350,00 € 2.990,00 €", "2.990,00 €",
     "Miete 11.800,00 € 12.900,00 € Strom 2.170,00 € 2.480,00 €", "2.480,00 €", None),
    # shared figures shifted unlike: no mapping
    ("Miete 12.400,00 € 13.100,00 € Strom 2.350,00 € 2.990,00 € Wasser 800,00 € 910,00 €",
     "2.990,00 €",
     "Miete 13.100,00 € 11.800,00 € Strom 2.170,00 € 2.480,00 € Wasser 300,00 € 800,00 €",
     "2.480,00 €", None),
    # a table printing empty cells as dashes: its columns cannot be counted
    ("Hallen- € 18.062,47 €- 4.890,15 €- Kapellen- € 58.840,34 €- 69.002,23 €",
     "69.002,23 €", "Hallen- € - € 18.062,47 €- Kapellen- € - € 58.840,34 €", "58.840,34 €",
     None),
]


@pytest.mark.parametrize("d,dq,e,eq,expected", MAPPED)
def test_mapped_cell(d, dq, e, eq, expected):
    from grdrs.check_draft import facet
    from grdrs.check_table import mapped_cell

    assert mapped_cell(facet(d, dq), facet(e, eq)) is expected


def test_a_blank_after_the_decimal_comma_is_one_figure_in_a_sentence():
    """"180.165, 41 Euro" (an exported text's blank) is one figure among the sentence's
    figures, as the extractor reads it, not "41 Euro" beside a bare number."""
    from grdrs.check_draft import facet

    f = facet("Teilbetrag in Höhe von insgesamt 180.165, 41 Euro, wovon 142.412,87 Euro auf "
              "2024 entfallen", "180.165, 41 Euro")
    assert (f.count, f.index, f.others) == (2, 0, ("14241287",))


def test_a_shifted_yearly_table_is_compared_cell_by_cell(tmp_path):
    """Last year's table printed the costs of two years; this year's drops the older column and
    adds a new one. The draft's first column is the earlier's second (the shared figures say
    so): a figure changed there is changed against the earlier's second column; the clean
    draft agrees everywhere."""
    row = "Kosten der Straßenreinigung: Kehrmaschinen {} € {} € Personal {} € {} €"
    earlier = row.format("710.010,--", "819.770,--", "341.654,--", "421.349,--")
    db, draft = _papers_db(tmp_path, {"reinigung-2023.txt": ("10.10.2023", earlier)},
                           ("09.10.2024", row.format("819.770,--", "830.060,--", "492.978,--",
                                                     "502.389,--")))
    answer = json.loads(CliRunner().invoke(main, ["check", str(draft), "--db", str(db),
                                                  "--json"]).output)
    (f,) = [f for f in answer["findings"] if f["value"] == "492978.00"]
    assert f["verdict"] == "changed" and f["earlier_value"] == "421349.00"
    assert f["why"]["same_column"] is True
    assert not [f for f in answer["findings"] if f["verdict"] == "changed"
                and f["value"] != "492978.00"]
    clean = draft.read_text(encoding="utf-8").replace("492.978,--", "421.349,--")
    draft.write_text(clean, encoding="utf-8")
    answer = json.loads(CliRunner().invoke(main, ["check", str(draft), "--db", str(db),
                                                  "--json"]).output)
    assert answer["conflicts"] == 0


def _verdicts(tmp_path, earlier: str, draft: str) -> dict[str, str]:
    """value → verdict of a draft (dated 2024) against one earlier paper (2023)."""
    db, path = _papers_db(tmp_path, {"earlier.txt": ("16.10.2023", earlier)},
                          ("14.10.2024", draft))
    answer = json.loads(CliRunner().invoke(main, ["check", str(path), "--db", str(db),
                                                  "--json"]).output)
    return {f["value"]: f["verdict"] for f in answer["findings"]}


SENTENCE = ("Nach der Kalkulation für {}, die der Werkausschuss am Montag ausführlich beraten "
            "und einstimmig empfohlen hat, betragen die Kosten der Straßenreinigung in der "
            "Innenstadt {} Euro.")


@pytest.mark.parametrize("year,verdict", [("2024", "changed"), ("2025", "new")])
def test_the_same_sentence_about_another_year(tmp_path, year, verdict):
    """The same sentence with another figure is a change — unless it names other years,
    however far from the figure: then it is another year's quantity."""
    got = _verdicts(tmp_path, SENTENCE.format("2024", "1.204.500"),
                    SENTENCE.format(year, "1.254.000"))
    assert got["1254000.00"] == verdict


@pytest.mark.parametrize("row,value,verdict", [
    ("57.000 € 66.690 € 57.000 €", "66690.00", "changed"),  # one year's cell changed
    ("57.000 € 57.000 € 61.000 €", "61000.00", "new"),  # a year added since
])
def test_a_row_of_one_figure_with_one_cell_changed(tmp_path, row, value, verdict):
    """Last year's list said 57.000 € in each year's column; the draft's row says it too but
    in one cell: whichever year that is, the earlier figure was 57.000 € (no figure to match
    the columns by, they are all alike). The last cell of a longer row is a year added."""
    label = "Reduzierung der Standards im Bereich Städtepartnerschaften "
    got = _verdicts(tmp_path, label + "57.000 € 57.000 €", label + row)
    assert got[value] == verdict, got


def test_a_row_of_zeros_is_an_empty_line_not_a_figure(tmp_path):
    """"0,00 € 0,00 €" is a line with nothing in it: a figure in one of its cells later is
    new, not a change of 0,00 €."""
    label = "Zuschuss an den Förderverein der Städtepartnerschaften "
    got = _verdicts(tmp_path, label + "0,00 € 0,00 €", label + "0,00 € 1.200,00 € 0,00 €")
    assert got["1200.00"] == "new", got


@pytest.mark.parametrize("other,verdict", [("212.450", "changed"), ("230.000", "new")])
def test_other_words_with_the_same_other_figure(tmp_path, other, verdict):
    """Other words about the same Baukosten, with the sentence's other figure the same and in
    the same place: the Baukosten changed. With that figure changed too it may be another
    plan, not a change (no anchor)."""
    got = _verdicts(tmp_path, "Für den Umbau der Sporthalle Nord sind Baukosten von 1.284.300 "
                    "Euro und Planungskosten von 212.450 Euro vorgesehen, die der Ausschuss "
                    "ausführlich beraten hat.",
                    "Für den Umbau der Sporthalle Nord wurden Baukosten von 1.348.300 Euro und "
                    f"Planungskosten von {other} Euro in den Haushalt eingestellt.")
    assert got["1348300.00"] == verdict, got


def test_the_same_sentence_outweighs_a_chance_agreement(tmp_path):
    """The draft says last year's sentence with 11,1 instead of 9,5 Mio. Euro. Another paper
    states 11,1 Mio. Euro about something else, and by chance two more of the draft's figures:
    that agreement is no restatement; the same sentence says the figure changed."""
    sentence = ("Über die Laufzeit von fünf Jahren wird damit die Verschuldung um 250 Mio. Euro "
                "reduziert, der Ergebnishaushalt kumuliert um 26,1 Mio. Euro entlastet und die "
                "Tilgung um {} Mio. Euro vermindert.")
    other = ("Die Messegesellschaft erwartet nach ihrer aktuellen Wirtschaftsplanung ein "
             "verbessertes Ergebnis von 11,1 Mio. Euro.\n\nIhr Anlagevermögen beträgt 250 Mio. "
             "Euro, ihr Eigenkapital 26,1 Mio. Euro.")
    db, path = _papers_db(tmp_path, {"earlier.txt": ("16.10.2023", sentence.format("9,5")),
                                     "messe.txt": ("20.11.2023", other)},
                          ("14.10.2024", sentence.format("11,1")))
    answer = json.loads(CliRunner().invoke(main, ["check", str(path), "--db", str(db),
                                                  "--json"]).output)
    (f,) = [f for f in answer["findings"] if f["value"] == "11100000.00"]
    assert f["verdict"] == "changed" and f["earlier_value"] == "9500000.00", f


def test_an_agreement_with_a_paper_cited_there_is_no_chance(tmp_path):
    """The same as above, but the draft's sentence cites the paper that states 11,1 Mio. Euro:
    that agreement is what the sentence refers to, and the figure is consistent."""
    sentence = ("Über die Laufzeit von fünf Jahren wird damit die Verschuldung um 250 Mio. Euro "
                "reduziert, der Ergebnishaushalt kumuliert um 26,1 Mio. Euro entlastet und die "
                "Tilgung um {} Mio. Euro vermindert{}.")
    other = ("Die Messegesellschaft erwartet nach ihrer aktuellen Wirtschaftsplanung ein "
             "verbessertes Ergebnis von 11,1 Mio. Euro.\n\nIhr Anlagevermögen beträgt 250 Mio. "
             "Euro, ihr Eigenkapital 26,1 Mio. Euro.")
    db, path = _papers_db(tmp_path, {"earlier.txt": ("16.10.2023", sentence.format("9,5", "")),
                                     "GRDrs_9200_2023.txt": ("20.11.2023", other)},
                          ("14.10.2024", sentence.format("11,1", " (GRDrs 9200/2023)")))
    answer = json.loads(CliRunner().invoke(main, ["check", str(path), "--db", str(db),
                                                  "--json"]).output)
    (f,) = [f for f in answer["findings"] if f["value"] == "11100000.00"]
    assert f["verdict"] == "consistent", f


@pytest.mark.parametrize("more,verdict", [("", "changed"), ("weitere ", "new")])
def test_an_addition_is_not_the_amount_it_adds_to(tmp_path, more, verdict):
    """"eine weitere Budgetreduzierung von 230.000 Euro" adds to the earlier 700.000 Euro; it
    does not change them."""
    text = ("Im Bereich der Anmietungen des Amts für Hochbau ist ab 2024 eine {}"
            "Budgetreduzierung von {} Euro jährlich geplant.")
    got = _verdicts(tmp_path, text.format("", "700.000"), text.format(more, "230.000"))
    assert got["230000.00"] == verdict


def test_a_figure_printed_with_a_detached_minus_agrees(tmp_path):
    """"- 10.532,87 Euro" (read without its minus) and "-10.532,87 Euro" are one figure."""
    text = ("Die Kostenunterdeckung aus 2020 der Friedhofsgebühren wird mit einem saldierten "
            "Teilbetrag von {} Euro in die Gebührenkalkulation 2022 einbezogen.")
    got = _verdicts(tmp_path, text.format("- 10.532,87"), text.format("-10.532,87"))
    assert set(got.values()) == {"consistent"}, got


def test_an_earlier_figure_agreeing_with_another_figure_of_the_sentence(tmp_path):
    """"von ursprünglich 32.565.000 Euro auf ca. 34.900.000 Euro" against the earlier "auf
    34.800.000 Euro" (the same year): the earlier figure is the counterpart of ca. 34.900.000
    (it agrees), not a changed 32.565.000."""
    sentence = ("Bei einem gemeinsamen Förderantrag steigt die voraussichtliche "
                "Gesamtfördersumme für den Radschnellweg im Jahr 2026 {}.")
    db, draft = _papers_db(tmp_path, {"radweg.txt": (
        "25.07.2025", "GRDrs 9401/2025\n\n" + sentence.format("auf 34.800.000 Euro"))},
        ("11.11.2025", "GRDrs 9402/2025\n\nBezug: GRDrs 9401/2025\n\n" + sentence.format(
            "von ursprünglich 32.565.000 Euro auf ca. 34.900.000 Euro")))
    answer = json.loads(CliRunner().invoke(main, ["check", str(draft), "--db", str(db),
                                                  "--json"]).output)
    got = {f["value"]: f["verdict"] for f in answer["findings"]}
    assert got["34900000.00"] == "consistent" and got["32565000.00"] == "new", got


@pytest.mark.parametrize("weeks,verdict", [("sieben", "changed"), ("sechs", "new")])
def test_another_duration_is_another_quantity(tmp_path, weeks, verdict):
    """The cost of six weeks is not the cost of seven weeks changed."""
    text = ("Die nicht veranschlagten Aufwendungen für die erlassenen Elternbeiträge der freien "
            "Träger betragen insgesamt {} Euro für {} Wochen.")
    got = _verdicts(tmp_path, text.format("57.750", "sieben"), text.format("146.636", weeks))
    assert got["146636.00"] == verdict


@pytest.mark.parametrize("day,loans,verdict", [("30.06.2012", "61", "changed"),
                                               ("11.04.2014", "51", "new"),
                                               ("11.04.2014", "61", "new")])
def test_another_count_or_date_is_another_instance(tmp_path, day, loans, verdict):
    """The same sentence at another reporting date (with another count of loans or not) is
    another instance, not a change; the figure alone changed is a change."""
    text = "Zum Stichtag {} hielt die Stadt insgesamt {} Kredite, deren Nominalhöhe {} Euro betrug."
    got = _verdicts(tmp_path, text.format("30.06.2012", "61", "331.045.361,49"),
                    text.format(day, loans, "265.200.424,79"))
    assert got["265200424.79"] == verdict, got


@pytest.mark.parametrize("old,new,verdicts", [
    ("20,96", "22,53", {"20.96": "new", "22.53": "new"}),  # the pair moved on one step
    ("18,80", "24,52", {"18.80": "consistent", "24.52": "changed"})])
def test_a_from_to_pair_moved_on_is_not_a_change(tmp_path, old, new, verdicts):
    """'von 18,80 auf 20,96' and later 'von 20,96 auf 22,53': the draft's old figure is the
    earlier pair's new one, not its old one changed."""
    text = ("Bei einer vierköpfigen Familie mit wöchentlicher Leerung stiegen die monatlichen "
            "Abfallgebühren von {} Euro auf {} Euro.")
    got = _verdicts(tmp_path, text.format("18,80", "20,96"), text.format(old, new))
    assert got == verdicts, got


@pytest.mark.parametrize("value,verdict", [("35.000,00", "changed"), ("0,00", "new")])
def test_a_zero_is_never_a_changed_figure(tmp_path, value, verdict):
    text = "Reduzierung des Budgets für Planungsschäden des Stadtplanungsamts in 2026 {} €."
    got = _verdicts(tmp_path, text.format("40.000,00"), text.format(value))
    assert got[str(Decimal(value.replace(".", "").replace(",", ".")).quantize(Decimal("0.01")))] \
        == verdict, got


def test_a_figure_and_its_negative_are_one_earlier_value(tmp_path):
    """Two earlier papers say the same sentence, one with "- 303.625,49" (read without its
    minus), one with "-303.625,49": one earlier value, so the draft's figure is changed, not
    ambiguous."""
    text = ("Die Verrechnung der Kostenüber- und Unterdeckungen der Friedhofsgebühren erfolgt in "
            "Höhe des saldierten Teilbetrages von {} Euro.")
    db, draft = _papers_db(tmp_path, {"a.txt": ("05.11.2020", text.format("- 303.625,49")),
                                      "b.txt": ("30.11.2020", text.format("-303.625,49"))},
                           ("14.12.2020", text.format("-355.241,82")))
    answer = json.loads(CliRunner().invoke(main, ["check", str(draft), "--db", str(db),
                                                  "--json"]).output)
    (f,) = [f for f in answer["findings"] if f["value"] == "-355241.82"]
    assert f["verdict"] == "changed", f


ORDERS = ("Die Einzelaufträge für die Pflege der Grünanlagen werden über maximal {} € (brutto) "
          "erfolgen und nach dem Kaskadenverfahren vergeben.")
FLEET = "Die geplanten Erträge im Bereich des städtischen Fuhrparks belaufen sich auf {} Euro."


def test_a_long_sentence_said_again_with_another_figure_is_a_change(tmp_path, monkeypatch):
    """A long sentence an earlier paper says word for word, its figure changed: a change, even
    where no word of it is rare in the archive (here: no word counts as rare), no paper is
    cited and no year is named."""
    import grdrs.check as check_module

    monkeypatch.setattr(check_module, "RARE_WORD", 0)
    got = _verdicts(tmp_path, ORDERS.format("11.900,00"), ORDERS.format("13.923,00"))
    assert got["13923.00"] == "changed", got


@pytest.mark.parametrize("rare_word", [0, 8])
def test_an_earlier_edition_differing_in_two_places_is_no_restatement(tmp_path, monkeypatch,
                                                                    rare_word):
    """Last year's edition of a report says the same sentences with other figures at two
    places: the draft is a new edition, its figures new, not changed ones — whether or not
    the sentences' words are rare in the archive (8: in a two-paper database they are); a
    short label line ("Jährlicher Budgetbedarf: …") is a template, not a restatement."""
    import grdrs.check as check_module

    monkeypatch.setattr(check_module, "RARE_WORD", rare_word)
    earlier = ORDERS.format("11.900,00") + "\n\n" + FLEET.format("4.800.000")
    got = _verdicts(tmp_path, earlier, ORDERS.format("13.923,00") + "\n\n"
                    + FLEET.format("5.100.000"))
    assert got["13923.00"] == got["5100000.00"] == "new", got
    label = "Jährlicher Budgetbedarf: {} €"
    (tmp_path / "label").mkdir()
    got = _verdicts(tmp_path / "label", label.format("1.433.000"), label.format("1.676.610"))
    assert got["1676610.00"] == "new", got


def test_head_forms_keep_sharp_s_and_ungen(tmp_path):
    """The head noun's stem folds ß to ss and drops -ungen; its search forms are the stored
    words ("Aufwendungen", "Großgarage"), not only the stem's own endings."""
    from grdrs.check import _terms

    path = tmp_path / "draft.txt"
    path.write_text(HEADER.format("14.10.2024") + "Für die Großgarage 120.000 Euro. "
                    "Die Aufwendungen von 84.440 Euro werden umgeschichtet.\n", encoding="utf-8")
    heads = {a.value: _terms(a)[0] for a in read_draft(str(path)).amounts}
    assert "großgarage" in heads["120000.00"], heads
    assert "aufwendungen" in heads["84440.00"], heads


@pytest.mark.parametrize("around,verdict", [(("20.000", "30.000"), "new"),
                                            (("21.350", "30.725"), "changed")])
def test_round_figures_in_common_do_not_anchor_a_change(tmp_path, monkeypatch, around, verdict):
    """Other words around the same figure are a change where the earlier paper is restated
    around it: two exact figures in common show that, two round ones (20.000 €, 30.000 €)
    happen by chance in any two budget papers."""
    import grdrs.check as check_module

    monkeypatch.setattr(check_module, "RARE_WORD", 0)
    text = ("Für die Stadtteilfeste stehen {} Euro bereit.\n\n{}\n\n"
            "Für Sportveranstaltungen stehen {} Euro bereit.")
    got = _verdicts(tmp_path, text.format(around[0], "Der Zuschuss an den Verein für den "
                                          "Weihnachtsmarkt in der Altstadt beträgt 25.000 Euro.",
                                          around[1]),
                    text.format(around[0], "Der Zuschuss an den Verein beträgt für den "
                                "Weihnachtsmarkt der Altstadt 27.500 Euro.", around[1]))
    assert got["27500.00"] == verdict, got


def test_the_last_cell_of_a_longer_row_is_another_column(tmp_path):
    """A row of three figures ending in 4.780.000 and an earlier row of two: the same first
    figures, but the draft's last cell is a new column, not the earlier last cell changed."""
    got = _verdicts(tmp_path, "Schulsanierung\n4.500.000 €4.500.000 €\nSumme",
                    "Schulsanierung\n4.500.000 €4.500.000 €4.780.000 €\nSumme")
    assert got["4780000.00"] == "new", got


def test_similar_words_query_takes_rare_word_pairs_beside_the_head(tmp_path):
    """An earlier statement is searched by the head noun with a rare word, and also by two
    rare words without the head (the earlier paper may call the figure something else:
    'Mittel' now, 'Zuschuss' then)."""
    from grdrs.check import _queries, _terms

    path = tmp_path / "draft.txt"
    path.write_text(HEADER.format("14.10.2024") + "Für das Stadtteilzentrum Weststadt sind "
                    "Mittel von 52.000 Euro für Betriebskosten vorgesehen.\n", encoding="utf-8")
    (d,) = read_draft(str(path)).amounts
    head, words = _terms(d)
    df = ({t: 1 for t in head} | {w + e: 1 for w in words for e in ("", "en", "e")},
          {w: 1 for w in words})
    _, similar = _queries(None, d, df)
    clauses = similar.removeprefix("subject : (").removesuffix(")").split(" OR (")
    assert any(h in clauses[0] for h in head)
    assert any(not any(h in c for h in head) for c in clauses[1:]), similar


def test_a_round_figure_stated_often_is_searched_with_its_words(tmp_path):
    """Eine runde Zahl (1.500.000 €), 200-mal im Archiv genannt, ist Zufall, keine Wiederholung:
    gesucht wird sie mit den Wörtern ihres Satzes, nicht jede ihrer 200 Nennungen (die kosteten
    eine lange Vorlage ein Drittel ihrer Prüfung); eine genaue (1.512.345 €) so oft genannte und
    eine runde, die selten ist, weiter allein nach ihrem Wert."""
    from grdrs import store
    from grdrs.check import _queries, _terms

    path = tmp_path / "draft.txt"
    path.write_text(HEADER.format("14.10.2024") + "Für die Sanierung des Hallenbads Nord sind "
                    "1.500.000 Euro und für das Freibad 1.512.345 Euro vorgesehen.\n",
                    encoding="utf-8")
    rounded, exact = read_draft(str(path)).amounts
    for d, stated, alone in ((rounded, 200, False), (rounded, 100, True), (exact, 200, True),
                             (exact, 301, False)):
        head, words = _terms(d)
        df = ({t: 1 for t in head} | {store.value_token(d.value): stated}
              | {w + e: 1 for w in words for e in ("", "en", "e")}, {w: 1 for w in words})
        same, _ = _queries(None, d, df)
        assert (" AND subject : " not in same) is alone, (d.value, stated, same)


def test_the_same_cell_with_the_same_figure_is_never_changed(tmp_path):
    """Last year's fee table (old fee, share, new fee, share) and this year's (last year's new
    fee first): the columns matched by the shared figures put 68,40 € on the earlier 68,40 €
    — the same cell with the same figure is consistent (it was reported changed from 68,40 to
    68,40: figures under 1.000 in rows without words had no other sign of a restatement)."""
    got = _verdicts(tmp_path, "Marktgebühren je Stand und Markttag\n\n2 61,20 € 7,65 € 68,40 € "
                    "8,55 € 11,76%\n\n3 72,00 € 6,00 € 79,20 € 6,60 € 10,00%",
                    "Neue Marktgebühren\n\n2 68,40 € 8,55 € 75,60 € 9,45 €\n\n3 79,20 € 6,60 € "
                    "84,60 € 7,05 €")
    assert {v: got[v] for v in ("68.40", "8.55", "79.20", "6.60")} == dict.fromkeys(
        ("68.40", "8.55", "79.20", "6.60"), "consistent"), got
    assert got["75.60"] == "new", got


@pytest.mark.parametrize("earlier, verdict", [
    (("1.204,50", "2.310,00", "880,25"), "new"),  # a report's sentence: new figures each time
    (("1.204,50", "2.310,00"), "ambiguous"),  # two other figures: not yet a template
])
def test_a_sentence_said_with_many_figures_is_a_template(tmp_path, earlier, verdict):
    """Three earlier reports say the same sentence with three other figures (donations of
    each quarter): a template — the draft's new figure in it is no change of theirs."""
    said = "Die Stadtbibliothek erhielt im Berichtszeitraum Zuwendungen in Höhe von {} Euro."
    db, draft = _papers_db(
        tmp_path, {f"bericht-{i}.txt": (f"1{i}.0{i + 1}.2024", said.format(value))
                   for i, value in enumerate(earlier)},
        ("20.09.2024", said.format("3.150,75")))
    answer = json.loads(CliRunner().invoke(main, ["check", str(draft), "--db", str(db),
                                                  "--json"]).output)
    (f,) = [f for f in answer["findings"] if f["value"] == "3150.75"]
    assert f["verdict"] == verdict


def test_a_template_said_with_the_same_other_figures_is_the_same_instance(tmp_path):
    """A cost form every building project prints: three other projects say it with their own
    figures, but the project's own earlier paper says it with the same Folgekosten — its
    Gesamtkosten changed, though the form is a template."""
    form = "Gesamtkosten: {} € netto Jährliche/r Budgetbedarf/Folgekosten: {} €"
    others = {"sporthalle.txt": ("10.01.2023", form.format("8.310.000", "212.000")),
              "rathaus.txt": ("11.02.2023", form.format("2.704.500", "98.300")),
              "feuerwache.txt": ("12.03.2023", form.format("5.120.800", "140.900")),
              "theater.txt": ("13.04.2023", form.format("135.420.000", "4.550.000"))}
    db, draft = _papers_db(tmp_path, others, ("20.09.2023", form.format("158.441.400",
                                                                        "4.550.000")))
    answer = json.loads(CliRunner().invoke(main, ["check", str(draft), "--db", str(db),
                                                  "--json"]).output)
    (f,) = [f for f in answer["findings"] if f["value"] == "158441400.00"]
    assert f["verdict"] == "changed" and f["earlier_value"] == "135420000.00"


def test_a_template_said_for_the_same_year_is_the_same_instance(tmp_path):
    """Three reports say the sentence with other figures, a fourth says it for 2024, its year
    far from the figure: the draft's 2024 figure changed that one, template or not."""
    said = ("Im Berichtszeitraum{} erhielt die Stadtbibliothek von privaten Spendern und "
            "örtlichen Stiftungen Zuwendungen in Höhe von {} Euro.")
    papers = {f"bericht-{i}.txt": (f"1{i}.0{i + 1}.2023", said.format("", value))
              for i, value in enumerate(("1.204,50", "2.310,00", "880,25"))}
    papers["bericht-2024.txt"] = ("10.06.2024", said.format(" 2024", "2.900,00"))
    db, draft = _papers_db(tmp_path, papers, ("20.09.2024", said.format(" 2024", "3.150,75")))
    answer = json.loads(CliRunner().invoke(main, ["check", str(draft), "--db", str(db),
                                                  "--json"]).output)
    (f,) = [f for f in answer["findings"] if f["value"] == "3150.75"]
    assert f["verdict"] == "changed" and f["earlier_value"] == "2900.00"


LOT = ("Für den Neubau der Sporthalle Nord sind Gesamtkosten von 12.345.678 Euro veranschlagt, "
       "davon 2.468.135 Euro Förderung des Landes.\n\nKostenvergleich Summe Kostenermittlung {} € "
       "Summe wirtschaftlichstes Angebot {} € Mehrbetrag {} €")


@pytest.mark.parametrize("draft, verdict", [
    (("812.400,00", "861.950,17", "49.550,17"), "new"),  # another lot: its own figures
    (("734.900,00", "861.950,17", "49.550,17"), "changed"),  # the same lot, its offer changed
])
def test_another_lot_of_a_restated_project_is_no_change(tmp_path, draft, verdict):
    """Each tender of a building project restates the project's budget and prints its own cost
    comparison, a sentence other projects' tenders print too: the draft's passage restating
    the project's earlier tender makes its comparison the same lot only where one of the other
    figures (the cost estimate) is the same."""
    others = {f"vergabe-{i}.txt": (f"1{i}.0{i + 1}.2023", "Kostenvergleich Summe "
                                   f"Kostenermittlung {a} € Summe wirtschaftlichstes Angebot {b} "
                                   f"€ Mehrbetrag {c} €")
              for i, (a, b, c) in enumerate((("1.815.922,39", "2.063.170,43", "247.248,04"),
                                             ("530.186,60", "599.676,41", "69.489,81"),
                                             ("2.419.730,23", "2.017.071,17", "402.659,06")))}
    others["sporthalle-rohbau.txt"] = ("20.06.2023", LOT.format("734.900,00", "790.120,55",
                                                                 "55.220,55"))
    db, path = _papers_db(tmp_path, others, ("20.09.2023", LOT.format(*draft)))
    answer = json.loads(CliRunner().invoke(main, ["check", str(path), "--db", str(db),
                                                  "--json"]).output)
    (f,) = [f for f in answer["findings"] if f["value"] == "861950.17"]
    assert f["verdict"] == verdict, f



def test_a_yearly_table_row_of_a_restated_paper_stays_a_change(tmp_path):
    """A yearly fee table whose row other papers print with their own figures, in a passage
    restating last year's paper: all figures of the row differ from last year's (its new
    column is this year's old one), yet the row is the same quantity — a changed cell is a
    change (a table row's columns are not a form's labelled figures)."""
    row = "Parkflächen (längs) 511 m² {} € {} €"
    papers = {f"gebuehren-{i}.txt": (f"1{i}.0{i + 1}.2022", row.format(a, b))
              for i, (a, b) in enumerate((("36.945", "35.923"), ("40.880", "45.990"),
                                          ("36.741", "37.559")))}
    papers["parken-2022.txt"] = ("20.09.2022", LOT.split("\n\n")[0] + "\n\n"
                                 + row.format("57.283", "67.145"))
    db, path = _papers_db(tmp_path, papers, ("20.09.2023", LOT.split("\n\n")[0] + "\n\n"
                                             + row.format("78.560", "55.444")))
    answer = json.loads(CliRunner().invoke(main, ["check", str(path), "--db", str(db),
                                                  "--json"]).output)
    (f,) = [f for f in answer["findings"] if f["value"] == "78560.00"]
    assert f["verdict"] == "changed", f


def test_the_earlier_papers_vorjahr_figure_is_another_year(tmp_path):
    """Last year's annual accounts give this year's depreciation in a figure the scan garbled
    ("4.346TC") and the year before's as "(Vorjahr: 3.175 T€)": the draft's figure for its own
    year is not a change of that one; its own Vorjahr figure restates last year's."""
    said = "Für das Geschäftsjahr werden Abschreibungen in Höhe von {} (Vorjahr: {}) ausgewiesen."
    db, path = _papers_db(tmp_path, {"abschluss-2023.txt": ("24.06.2024", said.format(
        "4.346TC", "3.175 T€"))}, ("20.06.2025", said.format("4.396 T€", "4.346 T€")))
    answer = json.loads(CliRunner().invoke(main, ["check", str(path), "--db", str(db),
                                                  "--json"]).output)
    got = {f["value"]: f["verdict"] for f in answer["findings"]}
    assert got["4396000.00"] == "new", got


CALL = ("Hierzu wurden die Ämter, Stabsstellen und Dezernate im Frühjahr aufgefordert, "
        "Vorschläge für eine Ergebnisverbesserung von {} Millionen Euro zu erarbeiten.")
BESIDE = "".join(f"\n\nPosten {k}: {v} Euro." for k, v in enumerate(
    ("1.234.567", "2.345.678", "3.456.789", "4.567.891", "5.678.912"), 1))


def test_a_long_sentence_outweighs_a_chance_agreement(tmp_path, monkeypatch):
    """The draft says an earlier paper's long sentence with 70 instead of 60 Millionen Euro,
    no word of it rare. Another paper states 70 Millionen Euro in other words and, by chance,
    two more of the draft's figures: the sentence said word for word decides, the figure
    changed (the long sentence is looked up although the figure agrees with something)."""
    other = ("Das Gesamtergebnis der Messe ist um rund 70 Millionen Euro gesunken. Ihre Posten: "
             "1.234.567 Euro, 2.345.678 Euro.")
    import grdrs.check as check_module

    monkeypatch.setattr(check_module, "RARE_WORD", 0)
    db, path = _papers_db(tmp_path, {"earlier.txt": ("16.10.2023", CALL.format("60")),
                                     "other.txt": ("20.11.2023", other)},
                          ("14.10.2024", CALL.format("70") + BESIDE))
    answer = json.loads(CliRunner().invoke(main, ["check", str(path), "--db", str(db),
                                                  "--json"]).output)
    (f,) = [f for f in answer["findings"] if f["value"] == "70000000.00"]
    assert f["verdict"] == "changed" and f["earlier_value"] == "60000000.00", f


INTEREST = ("{} wurden {} T€ an sonstigen Zinsen und ähnlichen Erträgen erzielt, die vollständig "
            "aus Zinserträgen des Verrechnungskontos bei der Stadt resultieren.")


@pytest.mark.parametrize("when,verdict", [("Im Geschäftsjahr", "new"),
                                          ("Im laufenden Jahr", "new"),
                                          ("Seit der Gründung", "changed")])
def test_a_figure_for_the_papers_own_year_is_another_year(tmp_path, monkeypatch, when, verdict):
    """Last year's annual report and this year's say the same long sentence, each for its own
    business year without naming it: two years' figures, not a changed one. The same sentence
    about a running total is a change."""
    import grdrs.check as check_module

    monkeypatch.setattr(check_module, "RARE_WORD", 0)
    got = _verdicts(tmp_path, INTEREST.format(when, "261"), INTEREST.format(when, "425"))
    assert got["425000.00"] == verdict, got


GRANTS = "Die Zuschüsse für die Sanierung der Vereinsheime betragen insgesamt {} Euro."


@pytest.mark.parametrize("title,sentence,verdict", [
    # this year's edition of a yearly paper: its sentence naming no year is this year's
    ("Verteilung der Zuschüsse an Sportvereine 2024", GRANTS, "new"),
    # the same paper revised (its title names the same year): a change
    ("Verteilung der Zuschüsse an Sportvereine 2023", GRANTS, "changed"),
    # another paper about the grants, whatever year it names: a change
    ("Sanierung der Vereinsheime: Bericht 2024", GRANTS, "changed"),
    # the sentence names its year: the years decide, not the titles
    ("Verteilung der Zuschüsse an Sportvereine 2024", "Für 2023 " + GRANTS[4:].replace(
        "betragen", "betrugen"), "changed"),
    # a standing quantity, not one of a year: next year's edition changed it
    ("Verteilung der Zuschüsse an Sportvereine 2024",
     "Das Stammkapital der Sportstätten GmbH beträgt unverändert {} Euro.", "changed"),
    ("Verteilung der Zuschüsse an Sportvereine 2024",
     "Die Gesamtkosten für die Sanierung der Vereinsheime belaufen sich auf {} Euro.", "changed"),
])
def test_another_edition_of_a_yearly_paper(tmp_path, title, sentence, verdict):
    """Last year's "Verteilung der Zuschüsse an Sportvereine 2023" and this year's "… 2024"
    say the same sentence with other figures: each is its own year's, so no change (the same
    titles but for the year make two editions of one recurring paper)."""
    said = GRANTS if sentence is GRANTS else sentence
    answer = _titled_check(tmp_path, ("16.10.2023", "Verteilung der Zuschüsse an Sportvereine 2023",
                                      said.format("412.300")),
                           ("14.10.2024", title, sentence.format("455.800")))
    assert answer["draft"]["title"] == title
    got = {f["value"]: f["verdict"] for f in answer["findings"]}
    assert got["455800.00"] == verdict, got


def _ingested(tmp_path, texts: dict[str, str]) -> Path:
    """A database of the texts (file name → text) in tmp_path/papers."""
    folder = tmp_path / "papers"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "grdrs.db"
    conn = store.connect(db, write=True)
    assert ingest(conn, [folder]).failed == 0
    conn.close()
    return db


def _titled_check(tmp_path, earlier: tuple[str, str, str], draft: tuple[str, str, str]) -> dict:
    """``grdrs check --json`` of a draft (date, title, sentence) against a database holding one
    earlier paper (date, title, sentence)."""
    db = _ingested(tmp_path, {"earlier.txt": "Stuttgart, {}\n{}\n\nMitteilungsvorlage\n\n"
                                            "Bericht\n\n{}\n".format(*earlier)})
    path = tmp_path / "draft.txt"
    path.write_text("Stuttgart, {}\n{}\n\nMitteilungsvorlage\n\nBericht\n\n{}\n".format(*draft),
                    encoding="utf-8")
    return json.loads(CliRunner().invoke(main, ["check", str(path), "--db", str(db),
                                                "--json"]).output)


REPORT = ("Die Gesellschaft für Gewerbeflächen in Hagsfeld schließt das Geschäftsjahr{} mit "
          "einem Jahresüberschuss in Höhe von {} Euro ab.")


@pytest.mark.parametrize("title,year,verdict", [
    # next year's annual accounts: the sentence naming no year is its own year's
    ("Jahresabschluss zum 31.12.2024 des Eigenbetriebs Gewerbeflächen", "", "new"),
    # … and so is the one naming the draft's own year where last year's named none
    ("Jahresabschluss zum 31.12.2024 des Eigenbetriebs Gewerbeflächen", " 2024", "new"),
    # the same year's accounts said again: a change
    ("Jahresabschluss zum 31.12.2023 des Eigenbetriebs Gewerbeflächen", "", "changed"),
])
def test_annual_accounts_by_their_reporting_date(tmp_path, title, year, verdict):
    """"Jahresabschluss zum 31.12.2024" is the 2024 edition of "… zum 31.12.2023" (a reporting
    date names the title's year): its figures for its own year are no change."""
    answer = _titled_check(
        tmp_path, ("16.05.2024", "Jahresabschluss zum 31.12.2023 des Eigenbetriebs Gewerbeflächen",
                   REPORT.format("", "412.300")),
        ("14.05.2025", title, REPORT.format(year, "455.800")))
    got = {f["value"]: f["verdict"] for f in answer["findings"]}
    assert got["455800.00"] == verdict, got


def test_editions_by_title():
    from grdrs.check_draft import other_edition

    assert other_edition("Festsetzung des Wirtschaftsplans 2022 des Eigenbetriebs Gewerbeflächen",
                         "Festsetzung des Wirtschaftsplanes 2024 des Eigenbetriebs Gewerbeflächen")
    assert other_edition("Ortsteilhaushalt 2024/25 für Neureut", "Ortsteilhaushalt 2022/2023 für Neureut")
    assert not other_edition("Ortsteilhaushalt 2024/25 für Neureut", "Ortsteilhaushalt 2024/2025 für Neureut")
    assert not other_edition("Ortsteilhaushalt 2024/25 für Neureut", "Ortsteilhaushalt 2022/23 für Durlach")
    assert not other_edition("Annahme von Zuwendungen", "Annahme von Zuwendungen")  # no year
    assert not other_edition("Bericht 2024", "Bericht 2023")  # too little besides the year
    # a subtitle on one of them: the main titles decide
    assert other_edition("Verteilung der Leistungssportförderungsmittel für das Jahr 2025",
                         "Verteilung der Leistungssportförderungsmittel für das Jahr 2024 - "
                         "Fördervorschlag Sportkreis")
    assert not other_edition("Sanierung der Vereinsheime - Bericht 2025",
                             "Sanierung der Vereinsheime: Baubeschluss 2024")  # no year in main
    assert not other_edition("Haushalt 2024: Nachtrag für die Kitas",
                             "Haushalt 2023: Bericht zur Schulsanierung")  # too short a main
    # a reporting date names the year; a statute's first day does not
    assert other_edition("Jahresabschluss zum 31.12.2024 des Eigenbetriebs Gewerbeflächen",
                         "Jahresabschluss zum 31.12.2023 des Eigenbetriebs Gewerbeflächen")
    assert not other_edition("Neue Entwässerungsgebührensatzung der Stadt zum 01.01.2015",
                             "Neue Entwässerungsgebührensatzung der Stadt zum 01.01.2014")
    # two different subtitles are two matters, whatever the main titles
    assert not other_edition("Haushaltsberatungen der Stadt Karlsruhe 2024/2025: Antrag der CDU "
                             "zu Kitagebühren", "Haushaltsberatungen der Stadt Karlsruhe "
                             "2022/2023: Antrag der SPD zu Radwegen")


@pytest.mark.parametrize("sentence,standing", [
    ("Der Kaufpreis beträgt 400.000 €.", True),
    ("Die Gesamtinvestition beläuft sich auf 400.000 €.", True),
    ("Die Gesamtkosten für die Sanierung belaufen sich auf 400.000 €.", True),
    # a compound naming another thing, or a year's figure
    ("Der Baukostenzuschuss an die Träger beträgt 400.000 €.", False),
    ("Die jährlichen Projektkosten von 400.000 € trägt die Stadt.", False),
    ("Die Gesamtkosten betragen jährlich 400.000 €.", False),
])
def test_standing_quantities(sentence, standing):
    from grdrs.check_draft import facet

    assert facet(sentence, "400.000 €").standing is standing


def test_a_figure_without_its_own_noun_takes_the_noun_of_the_figure_before():
    """"für 2015 Mietzuschüsse von 184.000 €, für 2016 von 284.000 €": the second figure is
    Mietzuschüsse too (its own words name no noun); a clause ended by a colon or dash keeps
    its nouns to itself."""
    from grdrs.check_draft import facet

    s = ("Es wird vorgeschlagen, für 2015 Mietzuschüsse in Höhe von etwa 184.000 Euro, für 2016 "
         "von etwa 284.000 Euro einzuplanen.")
    assert facet(s, "284.000 Euro").head == facet(s, "184.000 Euro").head == "mietzuschuss"
    assert facet("Die Mietzuschüsse betragen 184.000 Euro; dazu von 284.000 Euro.",
                 "284.000 Euro").head is None
    # not across a new part of the sentence, nor with a noun of its own after it
    assert facet("Die Stadt erhält vom Land 1,2 Mio. € und zahlt selbst 300.000 €.",
                 "300.000 €").head is None
    assert facet("Für die Sanierung sind 2,0 Mio. € eingeplant und 0,5 Mio. € für die "
                 "Ausstattung.", "0,5 Mio. €").head != "sanierung"


@pytest.mark.parametrize("earlier_title,twin", [
    ("Verteilung der investiven Sportförderungsmittel 2024", False),  # last year's edition
    ("Verteilung der investiven Sportförderungsmittel 2025", True),  # the same paper's figure
])
def test_a_slot_in_another_editions_passage_is_its_own_years_figure(earlier_title, twin):
    """A figure at the same place of a restated passage (between the same two figures, after the
    same words) is the same quantity, changed — unless the earlier paper is another year's
    edition of the draft and the sentence names no year: then it is that year's own figure."""
    from types import SimpleNamespace

    from grdrs.check import Earlier, _mark_slot
    from grdrs.check_draft import DraftAmount, facet

    def said(value: str) -> str:
        return f"Für die Sanierung der Sporthalle erhält der Verein {value} Euro Zuschuss."

    d = DraftAmount("130000.00", None, "EUR", None, None, None, said("130.000"), "130.000 Euro",
                    1, 0, 0, 0, 0)
    d.facet = facet(d.subject, d.text)
    row = {"date": "2024-03-01", "title": earlier_title}
    e = Earlier(row, {"subject": said("120.000")}, facet(said("120.000"), "120.000 Euro"),
                score=0.9)
    draft = SimpleNamespace(date="2025-03-01",
                            title="Verteilung der investiven Sportförderungsmittel 2025")
    _mark_slot(d, e, draft)
    assert e.slot and e.here
    assert e.twin is twin and e.strong is twin


def test_another_rows_label_number_is_another_row():
    """Two tables sharing a figure map the draft's cell onto the earlier one's — not across
    rows labelled with other numbers (``Kosten Ziffer 13.1`` / ``Kosten Ziffer 14.1``); a
    yearly table's year columns moving on are no other label."""
    from grdrs.check_draft import facet, other_labels
    from grdrs.check_table import mapped_cell

    d = facet("Kosten Ziffer 13.1 ca. 1.003.650 € ca. 249.000 €", "1.003.650 €")
    e = facet("Kosten Ziffer 14.1 ca. 983.550 € 1.050.250 € ca. 249.000 € 0 €", "1.050.250 €")
    assert mapped_cell(d, e) and other_labels(d, e)
    assert not other_labels(facet("Sachkosten 2024 2025 12.500 € 13.000 €", "13.000 €"),
                            facet("Sachkosten 2023 2024 11.000 € 12.500 €", "12.500 €"))
    assert not other_labels(d, facet("Kosten Ziffer 13.1 ca. 983.550 € ca. 249.000 €",
                                     "983.550 €"))


def test_a_cell_of_another_numbered_row_is_no_change(tmp_path):
    """Through check: the tables share 249.000 €, which would map the draft's Ziffer 13.1 cell
    onto the earlier Ziffer 14.1 row's 1.050.250 € and call it changed."""
    answer = _titled_check(
        tmp_path, ("16.05.2021", "Bebauungsplan Nordstadt: Auslegungsbeschluss",
                   "Kosten Ziffer 14.1 ca. 983.550 € 1.050.250 € ca. 249.000 € 0 €"),
        ("14.05.2022", "Bebauungsplan Nordstadt",
         "Kosten Ziffer 13.1 ca. 1.003.650 € ca. 249.000 €"))
    got = {f["value"]: f["verdict"] for f in answer["findings"]}
    assert got == {"1003650.00": "new", "249000.00": "consistent"}, got


def test_a_budget_units_number_is_no_year():
    """"(THH 2000)" names Teilhaushalt 2000, not the year 2000: two years' reports both naming
    it share no year."""
    from grdrs.check_draft import facet

    f = facet("Zugänge durch Investitionszuschüsse an das Klinikum 12,28 Mio. € (THH 2000) und "
              "1,2 Mio. € (THH2000) im Jahr 2023.", "12,28 Mio. €")
    assert f.all_years == {"2023"}


def test_the_year_a_figure_holds_for_is_the_one_before_it():
    """Ein Jahr vor dem Betrag gilt für ihn; eines danach nur, wenn davor keines steht — sonst
    gehört es zur nächsten Zeile oder dem nächsten Satzteil ("Ergebnisausgleich 2011 … 1.042,78
    Euro Ergebnisausgleich 2012 …", "im Jahr 2020 entstandenen Kostenunterdeckung in Höhe von
    29.820,30 Euro und mit Beschluss vom 20. Dezember 2022")."""
    from grdrs.check_draft import facet

    row = ("Ergebnisausgleich 2011 (Gutschrift Urnenumbettungen)1.042,78 Euro "
           "Ergebnisausgleich 2012 (Lastschrift Urnenumbettungen)-2.717,40 Euro")
    assert facet(row, "1.042,78 Euro").years == {"2011"}
    said = ("den Verzicht auf den Ausgleich der im Jahr 2020 entstandenen Kostenunterdeckung in "
            "Höhe von 29.820,30 Euro und mit Beschluss vom 20. Dezember 2022 den Verzicht")
    assert facet(said, "29.820,30 Euro").years == {"2020"}
    # no year before it: the one after it
    assert facet("Die Kosten betragen 5,2 Mio. Euro im Jahr 2024.", "5,2 Mio. Euro").years \
        == {"2024"}
    # a year after the figure before it, before a comma or "und", is that figure's
    for said in ("Vorgesehen sind 5 Mio. Euro für 2024, 6 Mio. Euro für 2025 und 7 Mio. Euro "
                 "für 2026.", "Es sind 5 Mio. Euro im Jahr 2024 und 6 Mio. Euro im Jahr 2025.",
                 "Für 2024 sind 5 Mio. Euro, für 2025 6 Mio. Euro vorgesehen."):
        assert facet(said, "6 Mio. Euro").years == {"2025"}, said


def test_a_figure_is_found_in_its_sentence_as_a_whole_figure():
    """'5.000 €' is not the end of '25.000 €': the facet reads the figure where it stands
    (its place in the sentence, its noun)."""
    from grdrs.check_draft import facet

    s = "Die Stadt trägt Baukosten von 25.000 € und einen Zuschuss von 5.000 € für den Verein."
    small, big = facet(s, "5.000 €"), facet(s, "25.000 €")
    assert (small.index, small.head) == (1, "zuschus")
    assert (big.index, big.head) == (0, "baukost")
    # a figure glued to its neighbour's decimals is not found there either
    assert facet("Posten 15.000,00 € und 5.000,00 €", "5.000,00 €").index == 1


def test_a_changed_figure_in_a_coordinated_list_is_found(tmp_path):
    """The later paper restates the earlier one's plan in other words and changes the second
    year's figure, which names no noun of its own: changed, not new."""
    plan = "Das Programm kostet insgesamt 1.250.000 Euro und wird 2017 ausgewertet.\n\n"
    earlier = plan + ("Es wird empfohlen, für sechs bis acht Stadtteile, wie z. B. Daxlanden, "
                      "Nordweststadt, Knielingen etc., für 2015 Mietzuschüsse in Höhe von ca. "
                      "184.000 €, für 2016 von ca. 284.000 € einzuplanen.")
    draft = plan + ("Damals wurde empfohlen, wie zum Beispiel in Daxlanden, Nordweststadt, "
                    "Knielingen und so weiter für 2015 Mietzuschüsse in Höhe von etwa 184.000 "
                    "Euro, für 2016 von etwa 332.280 Euro einzuplanen.")
    got = _verdicts(tmp_path, earlier, draft)
    assert got["332280.00"] == "changed" and got["184000.00"] == "consistent", got


def test_title_given_for_a_draft_that_prints_none(tmp_path):
    """A business plan's cover prints no title the reader takes: --title gives it, and an
    earlier paper titled the same but for its year is another year's edition (its figure
    for its own year is no change). Without --title: changed, and a warning says why."""
    folder = tmp_path / "papers"
    folder.mkdir()
    sentence = "In der Planung wird von einer neuen Kreditaufnahme in Höhe von {} Euro ausgegangen."
    (folder / "earlier.txt").write_text(
        "Stuttgart, 16.10.2023\nFestsetzung des Wirtschaftsplans 2023 des Eigenbetriebs "
        "Stadtentwässerung\n\nBeschlussvorlage\n\nBegründung\n\n" + sentence.format("10.000.000")
        + "\n", encoding="utf-8")
    db = tmp_path / "grdrs.db"
    conn = store.connect(db, write=True)
    assert ingest(conn, [folder]).failed == 0
    conn.close()
    draft = tmp_path / "plan.txt"
    draft.write_text("1\n\n" + sentence.format("15.100.000") + "\n", encoding="utf-8")
    title = "Festsetzung des Wirtschaftsplans 2024 des Eigenbetriebs Stadtentwässerung"
    for extra, verdict in (([], "changed"), (["--title", title], "new")):
        answer = json.loads(CliRunner().invoke(main, ["check", str(draft), "--db", str(db),
                                                      "--date", "2024-10-14", "--json"]
                                               + extra).output)
        got = {f["value"]: f["verdict"] for f in answer["findings"]}
        assert got["15100000.00"] == verdict, (extra, got)
        assert answer["draft"]["title"] == (title if extra else None)
        assert any("--title" in w for w in answer["warnings"]) == (not extra)


@pytest.mark.parametrize("per,before,verdict", [
    # the archive's scale (one topical word per 1,800 stored amounts): a two-paper database
    # has too few amounts to tell a matter's words from any others, no anchor
    (None, "450.000", "new"),
    # every shared word counted as the matter's: three of them anchor the change
    (1, "450.000", "changed"),
    # … of a figure within a factor of two: 45.000 Euro is another quantity of the matter
    (1, "45.000", "new"),
])
def test_words_of_the_same_matter_anchor_a_change(tmp_path, monkeypatch, per, before,
                                                  verdict):
    """The same head noun in other words, no year, no citation: the figure is a change only
    when the two sentences share three words few amounts' sentences use (a library, a
    district, a building), only where the database is big enough to tell which words are
    few, and only for a figure near the earlier one."""
    import grdrs.check

    if per is not None:
        monkeypatch.setattr(grdrs.check, "TOPIC_PER", per)
    answer = _titled_check(
        tmp_path, ("16.05.2021", "Stadtteilbibliothek Weilimdorf: Umbau",
                   "Für den Umbau der Stadtteilbibliothek Weilimdorf im Bürgerhaus Ostheim sind "
                   f"Baukosten von {before} Euro vorgesehen."),
        ("14.05.2022", "Stadtteilbibliothek Weilimdorf: Baubeschluss",
         "Beim Umbau der Stadtteilbibliothek Weilimdorf im Bürgerhaus Ostheim steigen die "
         "Baukosten auf 520.000 Euro."))
    got = {f["value"]: f["verdict"] for f in answer["findings"]}
    assert got == {"520000.00": verdict}, got


def _fold_by_definition(word: str) -> str:
    import unicodedata

    w = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in w if not unicodedata.combining(c))


@given(st.text(max_size=40))
def test_fold_drops_every_combining_mark(word):
    """check's fast _fold (ASCII as it is, the BMP's marks by one character class) is the
    definition: lower case, NFD, every combining mark dropped."""
    from grdrs.check_draft import _fold

    assert _fold(word) == _fold_by_definition(word)


@pytest.mark.parametrize("word", ["Schu\u0308ler", "ÄÖÜß", "\u0308", "x\u20d0", "a\U0001d167b", ""])
def test_fold_examples(word):
    from grdrs.check_draft import _fold

    assert _fold(word) == _fold_by_definition(word)


def test_a_query_is_asked_once_per_check(db: Path, tmp_path, monkeypatch):
    """Figures of one table row ask the same words' query: the check asks the database once
    and keeps the rows for the rest of the draft."""
    import grdrs.check as check_module

    draft = tmp_path / "draft.txt"
    draft.write_text("Sachstand\n\nDas Budget der Initiative gegen Einsamkeit beläuft sich auf "
                     "71.000 Euro in 2024, 72.000 Euro in 2025 und 73.000 Euro in 2026.\n",
                     encoding="utf-8")
    asked: list[tuple] = []
    real = check_module.store.check_candidates

    def counting(conn, match, before, limit=150, councils=None):
        asked.append((match, limit))
        return real(conn, match, before, limit, councils)

    monkeypatch.setattr(check_module.store, "check_candidates", counting)
    conn = store.connect(db)
    try:
        check(conn, str(draft), date="2026-01-01")
    finally:
        conn.close()
    assert asked and len(asked) == len(set(asked))


def test_a_candidates_facet_is_read_once():
    """A candidate sentence found again (for another of the draft's figures, or said in
    several papers) is not read again: its facet is memoised, and nothing changes it."""
    from grdrs.check_draft import facet, other_edition

    s = "Die Gesamtkosten betragen 1.250.000 Euro, davon 250.000 Euro im Jahr 2025."
    first = facet(s, "1.250.000 Euro")
    assert facet(s, "1.250.000 Euro") is first
    assert facet(s, "250.000 Euro") is not first and first.head == "gesamtkost"
    assert other_edition.cache_info().maxsize


@pytest.mark.parametrize("per,verdict", [(None, "new"), (1, "consistent")])
def test_the_same_figure_of_the_same_matter_agrees(tmp_path, monkeypatch, per, verdict):
    """The same figure in a sentence of other words and another noun (`Sanierungskosten`
    restating a `Gesamtaufwand`): three words of the matter make it the same statement,
    where the database is big enough to tell which words are few."""
    import grdrs.check

    if per is not None:
        monkeypatch.setattr(grdrs.check, "TOPIC_PER", per)
    answer = _titled_check(
        tmp_path, ("19.04.2023", "Sanierung Wohnhaus Bürklinstraße 4",
                   "Der Hauptausschuss genehmigt die Kostenübernahme für die Sanierung des "
                   "Wohnhauses mit sieben Wohneinheiten in der Bürklinstraße 4 mit einem "
                   "geplanten Gesamtaufwand von 1.082.000 Euro."),
        ("12.03.2025", "Sanierung Wohnhaus Bürklinstraße 4: Mehrkosten",
         "Wegen Schadstofffunden, neuer Statik und Brandschutzauflagen reichen die bereits im "
         "Mai 2023 bewilligten Sanierungskosten von 1.082.000 Euro für das Wohnhaus in der "
         "Bürklinstraße 4 mit sieben Wohneinheiten nicht mehr aus; hinzu kommen Gutachten, "
         "Baunebenkosten und Mietausfälle der Bewohnerinnen und Bewohner während der Bauzeit."))
    got = {f["value"]: f["verdict"] for f in answer["findings"]}
    assert got == {"1082000.00": verdict}, got


@pytest.mark.parametrize("bezug,figure,verdict", [
    ("Bezug: GRDrs 9501/2025\n\n", "146.636", "consistent"),  # the cited paper's figure
    ("", "146.636", "new"),  # the same figure in other words, in a paper not cited
    ("Bezug: GRDrs 9501/2025\n\n", "150.000", "new"),  # a round figure agrees by chance
])
def test_a_figure_of_the_cited_paper_agrees(tmp_path, bezug, figure, verdict):
    """A draft citing an earlier paper restates that paper's figure in a line of its own
    (`Summe: …`): the same figure there, of three or more digits, agrees
    whatever the words."""
    db, draft = _papers_db(tmp_path, {"elternbeitraege.txt": (
        "28.04.2020", "GRDrs 9501/2025\n\nDer Gemeinderat beschließt die Bereitstellung von "
        f"{figure} Euro für Mehraufwendungen zur Kompensation der Elternbeiträge der freien "
        "Träger.")},
        ("15.06.2020", f"GRDrs 9502/2025\n\n{bezug}Finanzielle Auswirkungen\n\n"
         f"Summe: {figure} Euro"))
    answer = json.loads(CliRunner().invoke(main, ["check", str(draft), "--db", str(db),
                                                  "--json"]).output)
    got = {f["value"]: f["verdict"] for f in answer["findings"]}
    assert list(got.values()) == [verdict], got


KARLSRUHE_NOTE = ("Stadt Karlsruhe\nBeschlussvorlage\nVorlage Nr.: 2023/0417\n"
                  "Die Kosten der Konferenz Gemeinsam statt Einsam im Rathaus betragen "
                  "9.900 Euro.\n")
COST = "Die Kosten der Konferenz Gemeinsam statt Einsam im Rathaus betragen 8.500 Euro."


def test_another_councils_figures_are_not_compared(tmp_path):
    """A Stuttgart draft is compared with Stuttgart's papers (and those of no known council),
    not with another city's: the same sentence with another figure in a Karlsruhe paper is
    no change; a database holding only another council's papers says so."""
    _seed_txt()  # (skips without ../shared)
    other = tmp_path / "ka"
    other.mkdir()
    (other / "vorlage.txt").write_text(KARLSRUHE_NOTE, encoding="utf-8")
    both = tmp_path / "both.db"
    conn = store.connect(both, write=True)
    assert ingest(conn, [SHARED / "papers"]).failed == 0
    assert ingest(conn, [other], profile="karlsruhe").failed == 0
    assert store.check_councils(conn) == ["karlsruhe", "stuttgart"]
    conn.close()
    draft = _draft(tmp_path, "konferenz", NO_SLIP, (
        "Zudem werden die Informationsmaterialien überarbeitet.",
        "Zudem werden die Informationsmaterialien überarbeitet. " + COST))
    answer = _check(both, draft)
    (f,) = [f for f in answer["findings"] if f["value"] == "8500.00"]
    assert f["verdict"] == "new", f
    assert answer["warnings"] == [] and answer["conflicts"] == 0
    # the same draft read with the generic profile (council not known): every council's papers,
    # with a warning, so the Karlsruhe sentence is found
    conn = store.connect(both)
    try:
        generic = check(conn, str(draft), profile="generic")
    finally:
        conn.close()
    (g,) = [f for f in generic["findings"] if f["value"] == "8500.00"]
    assert g["verdict"] == "changed" and g["earlier_value"] == "9900.00", g
    assert any("council is not known" in w for w in generic["warnings"])
    # a database of Karlsruhe's papers alone: nothing compared, and the report says why
    only = tmp_path / "ka.db"
    conn = store.connect(only, write=True)
    assert ingest(conn, [other], profile="karlsruhe").failed == 0
    conn.close()
    answer = _check(only, draft)
    assert {f["verdict"] for f in answer["findings"]} <= {"new", "arithmetic", "date"}
    assert any("no paper of the council stuttgart" in w for w in answer["warnings"])


def test_a_draft_of_no_known_council_is_compared_with_such_papers_only(tmp_path):
    """A draft no profile matched (Köln minutes, say) in a database holding papers of no known
    council and a known council's: only the former are compared (a Karlsruhe figure agreeing
    or differing is another city's), with a warning naming the councils left out."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "vorlage.txt").write_text(KARLSRUHE_NOTE, encoding="utf-8")
    (src / "dorf.txt").write_text("Gemeinde Beispieldorf\nBeschlussvorlage\nDie Kosten des "
                                  "Dorffestes betragen 3.000 Euro.\n", encoding="utf-8")
    db = tmp_path / "g.db"
    conn = store.connect(db, write=True)
    assert ingest(conn, [src / "vorlage.txt"], profile="karlsruhe").failed == 0
    assert ingest(conn, [src / "dorf.txt"], profile="generic").failed == 0
    conn.close()
    draft = tmp_path / "draft.txt"
    draft.write_text("Gemeinde Beispieldorf\nBeschlussvorlage\n" + COST + "\n", encoding="utf-8")
    conn = store.connect(db)
    try:
        answer = check(conn, str(draft), profile="generic", date="2026-01-01")
    finally:
        conn.close()
    (f,) = [f for f in answer["findings"] if f["value"] == "8500.00"]
    assert f["verdict"] == "new", f
    assert any("no known council only" in w and "karlsruhe" in w for w in answer["warnings"])


def _karlsruhe_db(db: Path, paper: Path) -> Path:
    """A database of one paper read with the Karlsruhe profile (made anew)."""
    db.unlink(missing_ok=True)
    conn = store.connect(db, write=True)
    try:
        assert ingest(conn, [paper], profile="karlsruhe").failed == 0
    finally:
        conn.close()
    return db


def _checked_as(db: Path, draft: Path, profile: str) -> dict:
    """`check` of the draft read with this council profile, dated 2026-01-01."""
    conn = store.connect(db)
    try:
        return check(conn, str(draft), profile=profile, date="2026-01-01")
    finally:
        conn.close()


def test_a_draft_of_no_known_council_shares_round_figures_with_another_city_by_chance(tmp_path):
    """Eine Ratsrede ohne bekannten Rat (Köln) gegen Karlsruher Vorlagen: dass eine Vorlage drei
    ihrer runden Zahlen nennt (12 Mio., 7 Mio., 26 Mio.), ist Zufall, keine Wiederholung — ohne
    gemeinsames Wort ist die Zahl dort nicht "consistent" (es waren 40 in einer Kölner
    Niederschrift). Mit --profile karlsruhe ist es dieselbe Stadt: dann zählt es."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "vorlage.txt").write_text(
        "Stadt Karlsruhe\nBeschlussvorlage\nVorlage Nr.: 2023/0417\n"
        "Übersicht der Teilhaushalte\nTHH 1 12 Mio.€\nTHH 2 7 Mio.€\nTHH 3 26 Mio.€\nTHH 4 30 Mio.€\n",
        encoding="utf-8")
    db = _karlsruhe_db(tmp_path / "ka.db", src / "vorlage.txt")
    draft = tmp_path / "rede.txt"
    draft.write_text("Weitere 12 Millionen Euro stehen für den Ausbau des Giganetzes bereit. "
                     "Investitionen belaufen sich auf lediglich 7 Millionen Euro. Wir wollten "
                     "konsumtive Ausgaben von 26 Millionen Euro und 30 Millionen Euro.\n", encoding="utf-8")
    verdicts = {p: {f["value"]: f["verdict"] for f in _checked_as(db, draft, p)["findings"]}
                for p in ("generic", "karlsruhe")}
    assert set(verdicts["generic"].values()) == {"new"}, verdicts
    assert set(verdicts["karlsruhe"].values()) == {"consistent"}, verdicts
    # exact figures in common are no chance: the same restatement, whatever the council
    exact = {"12": "12.345.678,91", "7": "7.654.321,12", "26": "2.222.333,44", "30": "3.030.303,03"}
    for path in (src / "vorlage.txt", draft):
        text = path.read_text(encoding="utf-8")
        for old, new in exact.items():
            text = text.replace(f" {old} Mio.€", f" {new} €").replace(f"{old} Millionen Euro",
                                                                     f"{new} Euro")
        path.write_text(text, encoding="utf-8")
    answer = _checked_as(_karlsruhe_db(db, src / "vorlage.txt"), draft, "generic")
    assert {f["verdict"] for f in answer["findings"]} == {"consistent"}, answer["findings"]


def test_another_citys_figure_agrees_only_with_strong_evidence(tmp_path):
    """Eine Kölner Rede gegen Karlsruher Papiere: dieselben 20 Mio. Euro mit einem gemeinsamen
    Wort ("gedacht") sind Zufall — bei einem Entwurf ohne bekannten Rat zählt ein Papier einer
    anderen Stadt erst mit so viel Übereinstimmung wie eine geänderte Zahl (STRONG_MIN); mit
    --profile karlsruhe (dieselbe Stadt) genügt das eine Wort wie bisher."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "rede.txt").write_text("Stadt Karlsruhe\nNiederschrift\nVorlage Nr.: 2020/1317\n"
                                  "Ich hatte am Anfang gedacht: Oh Gott, 20 Mio. Euro.\n",
                                  encoding="utf-8")
    db = _karlsruhe_db(tmp_path / "ka.db", src / "rede.txt")
    draft = tmp_path / "koeln.txt"
    draft.write_text("Unter anderem dafür sind die 20 Millionen Euro gedacht.\n", encoding="utf-8")
    verdicts = {p: [f["verdict"] for f in _checked_as(db, draft, p)["findings"]]
                for p in ("generic", "karlsruhe")}
    assert verdicts == {"generic": ["new"], "karlsruhe": ["consistent"]}, verdicts


def test_a_councils_candidates_are_found_past_another_councils(tmp_path):
    """The index's best hits may all be another council's: check looks further until it has
    its own council's (the filter came after the limit, leaving a draft nothing to compare)."""
    ka, st = tmp_path / "ka", tmp_path / "st"
    ka.mkdir()
    st.mkdir()
    (ka / "v.txt").write_text("Stadt Karlsruhe\nBeschlussvorlage\n" + "".join(
        f"Konferenz {n}.000 Euro.\n" for n in range(2, 7)), encoding="utf-8")
    (st / "s.txt").write_text("Stuttgart, 01.02.2023\nMitteilungsvorlage\n\nDie Kosten der "
                              "großen Konferenz im Rathaus betragen laut Plan 1.000 Euro.\n",
                              encoding="utf-8")
    db = tmp_path / "g.db"
    conn = store.connect(db, write=True)
    assert ingest(conn, [ka], profile="karlsruhe").failed == 0
    assert ingest(conn, [st], profile="stuttgart").failed == 0
    assert len(store.check_candidates(conn, '"konferenz"', None, 2)) == 2
    rows = store.check_candidates(conn, '"konferenz"', None, 2, ("stuttgart", "generic"))
    assert [(r["council"], r["value"]) for r in rows] == [("stuttgart", "1000.00")]
    conn.close()


def test_a_scale_word_is_no_shared_word():
    """`Millionen`/`Milliarden` are the figure's unit, not what it is about: two sentences
    sharing only it share no word (Köln: a hotel tax's `7 Millionen Euro` agreed with a
    stadium's)."""
    from grdrs.check_draft import facet

    a = facet("Die Übernachtungen bringen 7 Millionen Euro.", "7 Millionen Euro")
    b = facet("Der Umbau der Halle kostet 7 Millionen Euro und 2 Milliarden Euro.",
              "7 Millionen Euro")
    assert not (a.sentence & b.sentence) and not (a.local & b.local)


@pytest.mark.parametrize("others,verdict", [
    ("Dazu kommen 20.000 Euro und 50.000 Euro.", "new"),  # two round figures: by chance
    ("Dazu kommen 20.000 Euro und 53.270 Euro.", "consistent"),  # one of them exact
])
def test_a_paper_stating_two_more_round_figures_restates_nothing(tmp_path, others, verdict):
    """A paper stating two more of the draft's figures is taken as restated there (its figure
    agreeing in other words) only when one of them is exact: two round figures in common
    happen by chance (Köln minutes agreed with other minutes on `100 Millionen Euro`)."""
    got = _verdicts(tmp_path, "Der Zuschuss an den Sportverein Blau-Weiß beträgt 120.000 Euro. "
                              + others,
                    "Für die Sanierung der Sporthalle Nord rechnet das Amt mit 120.000 Euro. "
                    + others)
    assert got["120000.00"] == verdict, got


@pytest.mark.parametrize("figure,verdict", [
    ("ca. 1,0 Mio. €", "consistent"),  # the same figure under a form's heading agrees …
    # … a figure within its rounding only with more words about the same (another project's
    # `ca. 1,0 Mio. €` under the same heading is no statement about this one's 965.000 €)
    ("ca. 965.000 €", "new"),
])
def test_a_figure_agreeing_within_its_rounding_needs_more_words(tmp_path, figure, verdict):
    got = _verdicts(tmp_path, "Folgeerträge und Folgeeinsparungen) derzeit ca. 1,0 Mio. €",
                    f"Folgeerträge und Folgeeinsparungen) {figure} (exklusive Baumaßnahmen "
                    "und EDV-Ausstattung)")
    assert list(got.values()) == [verdict], got


def test_a_draft_of_blanks_is_an_error(tmp_path):
    """A draft holding only blanks checks nothing: one line naming it, exit 2 (as ingest
    refuses such a file), not "No conflicts" with exit 0."""
    from conftest import run_grdrs

    draft = tmp_path / "entwurf.txt"
    draft.write_text("  \n\n\u200b \n", encoding="utf-8")
    db = tmp_path / "g.db"
    store.connect(db, write=True).close()
    r = run_grdrs("check", str(draft), "--db", str(db))
    assert r.returncode == 2 and "no text: only blanks" in r.stderr and "entwurf.txt" in r.stderr
    assert "No conflicts" not in r.stdout


def test_minutes_are_no_earlier_edition_of_a_draft(tmp_path):
    """A draft saying three sentences of a council's minutes with other figures: each is a
    change (the minutes were taken as an earlier edition of a recurring paper, whose figures
    the draft may differ from, and all three hid each other — a Köln clerk's draft)."""
    src = tmp_path / "src"
    src.mkdir()
    said = ("Im ersten Quartal 2022 bekamen wir für das Römisch-Germanische Museum einen neuen "
            "Kostenrahmen von {} Millionen Euro vorgelegt. Nicht gut ist, dass wir mittlerweile "
            "bei Gesamtkosten von {} Millionen Euro brutto für die Sanierung des Museums liegen. "
            "Die städtischen Kosten für die Sicherheit der Heim-EM sind drastisch gestiegen: auf "
            "{} Millionen Euro. Die Stadt zahlt für das Interimsquartier im Belgischen Haus "
            "jährlich 2,4 Millionen Euro Miete.\n")
    (src / "rat_30.txt").write_text(
        "30. Sitzung vom 6. Februar 2024 Seite 1\n(Beginn: 14.10 Uhr - Ende: 19.40 Uhr)\n"
        "Stadtrat Meier: " + said.format("103,6", "177,1", "11,86"), encoding="utf-8")
    db = tmp_path / "g.db"
    conn = store.connect(db, write=True)
    assert ingest(conn, [src], profile="generic").failed == 0
    conn.close()
    draft = tmp_path / "entwurf.txt"
    draft.write_text("Beschlussvorlage\nBetreff: Römisch-Germanisches Museum, Sanierung\n\n"
                     + said.format("113,6", "187,1", "12,86"), encoding="utf-8")
    conn = store.connect(db)
    try:
        answer = check(conn, str(draft), profile="generic", date="2024-03-15")
    finally:
        conn.close()
    got = {f["value"]: f["verdict"] for f in answer["findings"]}
    assert got == {"113600000.00": "changed", "187100000.00": "changed",
                   "12860000.00": "changed", "2400000.00": "consistent"}, got


def test_a_speechs_words_are_no_shared_words():
    """Minutes print speech: `aber`, `meine Damen und Herren`, `heute` are not what a figure is
    about (a Köln clerk's `why:` lines gave `aber, dame, herr` as the evidence of a match)."""
    from grdrs.check_draft import facet

    a = facet("Aber, meine Damen und Herren, heute kostet die Brücke 7 Mio. Euro.", "7 Mio. Euro")
    b = facet("Meine Damen und Herren, aber der Zuschuss für den Sportverein beträgt heute "
              "7 Mio. Euro.", "7 Mio. Euro")
    assert not (a.sentence & b.sentence), a.sentence & b.sentence


@pytest.mark.parametrize("sentence,expected", [
    ("Die Gesamtkosten erhöhen sich damit gegenüber dem Kostenrahmen von 103,6 Millionen Euro "
     "um 73,5 Millionen Euro auf 187,1 Millionen Euro.",
     "103.600.000 + 73.500.000 = 177.100.000, not 187.100.000"),
    ("Der Zuschuss wird von 40.000 Euro um 5.000 Euro auf 35.000 Euro gesenkt.", None),
    ("Die Miete steigt von 1.000 Euro um 200 Euro auf 1.200 Euro.", None),
    ("Der Ansatz wird von 75.000 Euro um 25.000 Euro auf 50.000 Euro reduziert.", None),
    ("Der Ansatz wird von 75.000 Euro um 25.000 Euro auf 55.000 Euro reduziert.",
     "75.000 − 25.000 = 50.000, not 55.000"),
])
def test_a_step_from_one_level_to_another(tmp_path, sentence, expected):
    """`von A um B auf C` in one sentence: A plus (or, lowered, minus) B must give C (a Köln
    clerk's draft: `von 103,6 … um 73,5 … auf 187,1 Millionen Euro` passed)."""
    path = tmp_path / "draft.txt"
    path.write_text("Beschlussvorlage\nBetreff: Test\n\n" + sentence + "\n", encoding="utf-8")
    reasons = [f["reason"] for f in arithmetic(read_draft(str(path)))]
    assert reasons == ([expected] if expected else []), reasons


FORM = ("Stuttgart, {date}\n\n{title}\n\nBeschlussvorlage\n\nFinanzielle Auswirkungen\n\n"
        "Gesamtkosten: {total} €\nJährliche/r Budgetbedarf/Folgekosten: {yearly} €\n"
        "Auftragssumme: {order} €\n\nDer Gemeinderat stimmt der Vergabe zu.\n")


@pytest.mark.parametrize("title,total,verdicts", [
    # the same project: its yearly costs changed; each contract's sum differs from paper to
    # paper (no field of the project); its total agrees
    ("Sporthalle Musterdorf, Vergabe Sanitär", "36.242.000", ("changed", "new", "consistent")),
    # another project printing the same form: nothing of the sports hall's
    ("Rathaus West, Umbau", "9.300.000", ("new", "new", "new")),
])
def test_the_same_form_field_of_the_same_project(tmp_path, title, total, verdicts):
    """Papers on one project (their titles name it first) fill a form with the project's
    figures: a draft on that project changing its yearly follow-up costs changes what two
    earlier papers said, though every paper prints that form line with its own figures."""
    papers = [("11.01.2023", "Sporthalle Musterdorf, Vergabe Lüftung", "36.242.000",
               "1.433.000", "812.345,67"),
              ("12.02.2023", "Sporthalle Musterdorf, Vergabe Heizung", "36.242.000",
               "1.433.000", "923.456,78"),
              ("13.01.2023", "Grundschule Beispielhausen, Sanierung", "12.500.000", "210.000",
               "1.234.567,89"),
              ("14.01.2023", "Feuerwache Nord, Neubau", "22.000.000", "415.000", "2.345.678,90"),
              ("15.01.2023", "Hallenbad Süd, Sanierung", "18.400.000", "655.000", "345.678,12")]
    db = _ingested(tmp_path, {f"p{i}.txt": FORM.format(date=date, title=name, total=whole,
                                                      yearly=yearly, order=order)
                              for i, (date, name, whole, yearly, order) in enumerate(papers)})
    draft = tmp_path / "draft.txt"
    draft.write_text(FORM.format(date="02.05.2023", title=title, total=total,
                                 yearly="1.676.610", order="1.045.678,12"), encoding="utf-8")
    answer = json.loads(CliRunner().invoke(main, ["check", str(draft), "--db", str(db),
                                                  "--json"]).output)
    got = {f["value"]: f for f in answer["findings"]}
    figures = ("1676610.00", "1045678.12", f"{total.replace('.', '')}.00")
    assert tuple(got[v]["verdict"] for v in figures) == verdicts
    if verdicts[0] == "changed":
        why = got["1676610.00"]["why"]
        assert got["1676610.00"]["earlier_value"] == "1433000.00"
        assert (why["same_field"], why["project"]) == ("Jährliche/r Budgetbedarf/Folgekosten",
                                                       "Sporthalle Musterdorf")
        text = CliRunner().invoke(main, ["check", str(draft), "--db", str(db)]).output
        assert "the same form field (Jährliche/r Budgetbedarf/Folgekosten) in a paper on the " \
               "same project (Sporthalle Musterdorf)" in text


def test_a_kind_of_matter_and_the_drafts_own_paper_are_no_project(tmp_path):
    """Titles that start alike but name other matters after it (a kind of matter: street
    works) share no project; nor does the draft's own paper, stored before, count as one of the
    earlier papers filling a field."""
    streets = [("11.01.2021", "Gemeindestraßen, Umbau der Händelstraße", "640.000", "18.250",
                "512.345,67"),
               ("12.02.2021", "Gemeindestraßen, Umbau der Händelstraße, Vergabe", "640.000",
                "18.250", "123.456,78")]
    db = _ingested(tmp_path, {f"s{i}.txt": FORM.format(date=d, title=t, total=w, yearly=y,
                                                      order=o)
                              for i, (d, t, w, y, o) in enumerate(streets)})
    draft = tmp_path / "draft.txt"
    draft.write_text(FORM.format(date="01.02.2022", title="Gemeindestraßen, Neugestaltung "
                                 "Marktplatz", total="4.350.000", yearly="21.000",
                                 order="1.045.678,12"), encoding="utf-8")
    answer = json.loads(CliRunner().invoke(main, ["check", str(draft), "--db", str(db),
                                                  "--json"]).output)
    assert answer["conflicts"] == 0, answer["findings"]
    # the draft's own paper is stored (the same path), one more paper on the project
    hall = tmp_path / "hall"
    hall.mkdir()
    own = hall / "los3.txt"
    for path, title in ((hall / "los1.txt", "Sporthalle Musterdorf, Vergabe Lüftung"),
                        (own, "Sporthalle Musterdorf, Vergabe Sanitär")):
        path.write_text(FORM.format(date="11.01.2023", title=title, total="36.242.000",
                                    yearly="1.433.000", order="812.345,67"), encoding="utf-8")
    conn = store.connect(db, write=True)
    assert ingest(conn, [hall]).failed == 0
    conn.close()
    own.write_text(FORM.format(date="02.05.2023", title="Sporthalle Musterdorf, Vergabe Sanitär",
                               total="36.242.000", yearly="1.676.610", order="812.345,67"),
                   encoding="utf-8")
    answer = json.loads(CliRunner().invoke(main, ["check", str(own), "--db", str(db),
                                                  "--json"]).output)
    (f,) = [f for f in answer["findings"] if f["value"] == "1676610.00"]
    assert f["verdict"] != "changed" or "same_field" not in f["why"], f


@pytest.mark.parametrize("title,name", [
    ("Walter-Eucken-Schule, Modernisierung (inkl. Photovoltaikanlage)", "Walter-Eucken-Schule"),
    ("Neues Fußballstadion im Wildpark - Beschlüsse zur Realisierung",
     "Neues Fußballstadion im Wildpark"),
    ("Walter-Eucken-Schule. Modernisierung, Heizung", "Walter-Eucken-Schule"),
    ("St. Anna Kirche, Sanierung", "St. Anna Kirche"),
    ("Sanierung", "Sanierung"), ("Kita: Neubau", None), ("Bericht", None), (None, None)])
def test_a_titles_project(title, name):
    from grdrs.check_form import project

    assert project(title) == name


def test_a_cited_paper_is_searched_when_no_words_find_it(tmp_path):
    """Die Zeile „… Euro, siehe unter Finanzierung" hat kein Wortpaar für die Suche; die
    Vorlage nennt aber die frühere Drucksache und zwei ihrer Zahlen daneben: deren Zeile ist
    die frühere Aussage, die Zahl hat sich geändert."""
    line = "Kosten:\n{} Euro, siehe unter Finanzierung\n\n"
    rest = "Das Land gibt 1.234.560 Euro, die Stadt trägt 3.615.440 Euro."
    db, path = _papers_db(tmp_path, {"GRDrs_9200_2023.txt": ("20.11.2023",
                                                             line.format("4.850.000") + rest)},
                          ("14.10.2024", "Siehe GRDrs 9200/2023.\n\n" + line.format("5.120.000")
                           + rest))
    answer = json.loads(CliRunner().invoke(main, ["check", str(path), "--db", str(db),
                                                  "--json"]).output)
    (f,) = [f for f in answer["findings"] if f["value"] == "5120000.00"]
    assert f["verdict"] == "changed" and f["earlier_value"] == "4850000.00", f


def test_the_figure_query_asks_for_the_sentence_s_other_figures(tmp_path):
    """Ein neu formulierter Satz behält seine anderen Zahlen: gesucht wird auch nach
    „180.000" mit einem Wort des Satzes, nicht nach der geänderten Zahl."""
    from grdrs.check_query import _figure_query, _terms

    path = tmp_path / "draft.txt"
    path.write_text(HEADER.format("14.10.2024") + "Für das Freibad Wolfsberg steigt der "
                    "Planansatz von 95.560 Euro um 98.795 Euro auf 180.000 Euro jährlich.\n",
                    encoding="utf-8")
    d = next(a for a in read_draft(str(path)).amounts if a.value == "98795.00")
    head, words = _terms(d)
    df = ({t: 1 for t in head} | {w + e: 1 for w in words for e in ("", "es")},
          {w: 1 for w in words})
    query = _figure_query(d, df, (head, words))
    assert '"180 000"' in query and '"95 560"' in query and "wolfsberg" in query, query
    # printed with cents of zero: the same phrases ("180.000,00" was "000 00", dropped)
    path.write_text(path.read_text(encoding="utf-8").replace(" Euro", ",00 Euro"),
                    encoding="utf-8")
    d = next(a for a in read_draft(str(path)).amounts if a.value == "98795.00")
    query = _figure_query(d, df, (head, words))
    assert '"180 000"' in query and '"95 560"' in query, query


HHS = {"a": "2024/0101\n3100 Bürgerbüro Einsparung von vier Stellen im Außendienst\n{}\n{}\n",
       "b": "2024/0102\n1100 Personalamt Sperre für neue Stellen\n{}\n{}\n",
       "c": "2024/0103\n1800 Rechenzentrum Weniger Server im Betrieb\n{}\n{}\n",
       "d": "2024/0104\n6100 Vermessungsamt Schließung einer Außenstelle\n{}\n{}\n"}


@pytest.mark.parametrize("first,verdict", [
    ("788.250,00 €", "changed"),  # dieselbe Zeile, dieselbe Spalte: geändert
    ("801.320,00 €", "new"),  # auch die andere Zahl anders: womöglich andere Jahre
])
def test_a_list_cell_on_a_line_of_its_own(tmp_path, first, verdict):
    """Eine Maßnahmenliste (Haushaltsstabilisierung) druckt jede Zahl auf eine eigene Zeile:
    Der Satz der Zahl ist nur die Zahl. Die frühere Liste mit demselben Maßnahmentext und der
    anderen Zahl gleich an derselben Stelle hat dieselbe Zelle, auch in anderer Reihenfolge."""
    rows = {"b": ("94.331,00 €", "94.331,00 €"), "c": ("412.570,00 €", "398.460,00 €"),
            "d": ("23.813,00 €", "27.944,00 €")}
    earlier = "Übersicht Maßnahmen\nSumme 2026\nSumme 2027\n" + "".join(
        HHS[k].format(*rows.get(k, ("788.250,00 €", "793.500,00 €"))) for k in "abcd")
    draft = "Übersicht Maßnahmen\nSumme 2026\nSumme 2027\n" + "".join(
        HHS[k].format(*rows.get(k, (first, "928.395,00 €"))) for k in "dbca")
    got = _verdicts(tmp_path, earlier, draft)
    assert got["928395.00"] == verdict, got
