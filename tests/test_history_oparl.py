"""The history of a decision, whole: OParl's own links between papers as edges (whatever the
import order), references in attachments as weaker edges, OParl's results as decisions, the
main-file choice, and a history text that fits a screen. Small synthetic OParl folders; no
network, no archive."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import run_grdrs  # noqa: E402

from grdrs.graph.history_text import german_amount, history_text, money  # noqa: E402
from grdrs.oparl import mapping  # noqa: E402

B = "https://oparl.example/bodies/1"
PAPER = "https://schema.oparl.org/1.1/Paper"

BASE_TEXT = """Beschlussvorlage

Vorlage Nr.: 2023/0386
Verantwortlich: Dez. 6

Neubau Hallenbad Nord
Beratungsfolge dieser Vorlage
Gremium Termin TOP ö nö Ergebnis
Gemeinderat 25.07.2023 12 x

Beschlussantrag
Der Gemeinderat beschließt den Neubau des Hallenbads Nord.
Gesamtkosten: 135.420.000 €
Jährliche Folgekosten: 40.000 €/Jahr
"""

ANLAGE_TEXT = """Anlage 1 zur Vorlage Nr.: 2023/0386
Chronik
Der Gemeinderat hat mit Vorlage Nr. 2016/0680 die Planung begonnen und mit
Vorlage Nr. 2018/0371 fortgeführt.
"""


PROTOCOL_TEXT = """Auszug aus dem Protokoll
Tagesordnungspunkt 12: Neubau Hallenbad Nord
Vorlage: 2023/0386
Mit dem Änderungsantrag 2023/0386/3 (Sauna) beraten.
Beschluss: Der Gemeinderat beschließt den Neubau des Hallenbads Nord.
Abstimmungsergebnis: Mehrheitliche Zustimmung (30 Ja-Stimmen, 12 NEIN-
Stimmen, 2 Enthaltungen)
Der Vorsitzende ruft Tagesordnungspunkt 12 zur Behandlung auf.
"""


def _file(n: int, name: str, text: str, date: str = "2023-05-02") -> dict:
    return {"id": f"{B}/files/{n}", "type": "https://schema.oparl.org/1.1/File",
            "name": name, "date": date, "text": text}


def _papers() -> dict[str, dict]:
    base = {
        "id": f"{B}/papers/100", "type": PAPER, "reference": "2023/0386",
        "paperType": "Beschlussvorlage", "name": "Neubau Hallenbad Nord", "date": "2023-05-02",
        "superordinatedPaper": [f"{B}/papers/103"],
        "consultation": [{"id": f"{B}/consultations/1", "meeting": f"{B}/meetings/1",
                          "organization": [f"{B}/organizations/1"],
                          "agendaItem": f"{B}/agendaitems/1", "role": "Entscheidung",
                          "authoritative": True}],
        # the cover sheet comes first and prints the number: not the paper's own text
        "auxiliaryFile": [_file(1, "Beiblatt_Ämter+Dezernate", "Vorlage Nr.: 2023/0386\n"
                                "Beiblatt zur Vorlage\nDez. 1 Dez. 4\n", "2023-05-01"),
                          _file(2, "Beschlussvorlage ohne Beschluss", BASE_TEXT),
                          _file(3, "Anlage 1", ANLAGE_TEXT),
                          _file(5, "Protokoll GR 25.07.2023 TOP 12", PROTOCOL_TEXT,
                                "2023-08-01")]}
    amendment = {
        "id": f"{B}/papers/103", "type": PAPER, "reference": "2023/0386/3",
        "paperType": "Änderungs-/Ergänzungsantrag", "name": "Hallenbad Nord: Sauna",
        "date": "2023-07-10", "subordinatedPaper": [f"{B}/papers/100"],
        "auxiliaryFile": [_file(4, "Änderungs-/Ergänzungsantrag",
                                "Änderungsantrag\nDas Hallenbad erhält eine Sauna.\n",
                                "2023-07-10")]}
    related = {
        "id": f"{B}/papers/200", "type": PAPER, "reference": "2023/0500",
        "paperType": "Anfrage", "name": "Öffnungszeiten der Bäder", "date": "2023-08-01",
        "relatedPaper": [f"{B}/papers/100"]}
    return {"base": base, "amendment": amendment, "related": related}


def _others() -> list[dict]:
    return [
        {"id": f"{B}/organizations/1", "type": "https://schema.oparl.org/1.1/Organization",
         "name": "Gemeinderat"},
        {"id": f"{B}/meetings/1", "type": "https://schema.oparl.org/1.1/Meeting",
         "name": "Gemeinderat", "start": "2023-07-25T15:30:00+02:00",
         "organization": [f"{B}/organizations/1"],
         "agendaItem": [{"id": f"{B}/agendaitems/1", "number": "12",
                         "result": "mehrheitlich zugestimmt", "public": True}]}]


def _ingest(folder: Path, db: Path, papers: list[dict]) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "others.json").write_text(json.dumps(_others()), encoding="utf-8")
    (folder / "papers.json").write_text(json.dumps(papers), encoding="utf-8")
    r = run_grdrs("ingest-oparl", str(folder), "--db", str(db), "--jobs", "1",
                  "--profile", "karlsruhe")
    assert r.returncode == 0, r.stderr


def _json(*args: str) -> dict:
    r = run_grdrs(*args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.mark.parametrize("first", ["base", "amendment"])
def test_oparl_links_are_edges_whatever_the_order(first, tmp_path):
    """The amendment names the base as subordinated, the base the amendment as
    superordinated; a third paper names the base as related. The edges are there whichever
    paper arrives first."""
    p = _papers()
    db = tmp_path / "k.db"
    _ingest(tmp_path / "in", db, [p[first]])
    _ingest(tmp_path / "in", db, [p["base"], p["amendment"], p["related"]])
    conn = sqlite3.connect(db)
    edges = set(conn.execute(
        "SELECT a.number, e.type, b.number, json_extract(e.data, '$.from') FROM edges e "
        "JOIN papers a ON a.id = e.src JOIN papers b ON b.id = e.dst "
        "WHERE e.type LIKE 'oparl_%'"))
    assert edges == {("2023/0386", "oparl_superordinated", "2023/0386/3", "oparl"),
                     ("2023/0386/3", "oparl_subordinated", "2023/0386", "oparl"),
                     ("2023/0500", "oparl_related", "2023/0386", "oparl")}
    h = _json("history", "2023/0386", "--db", str(db), "--json")
    assert [x["ref"] for x in h["lineage"]] == ["2023/0386", "2023/0386/3"]
    related = [e for e in h["events"] if e["kind"] == "related"]
    assert [(e["paper"], e["other"]) for e in related] == [("2023/0500", "2023/0386")]
    # the amendment's history is the same lineage; path and refs follow the links too
    h3 = _json("history", "2023/0386/3", "--db", str(db), "--json")
    assert [x["ref"] for x in h3["lineage"]] == ["2023/0386", "2023/0386/3"]
    path = _json("path", "2023/0386/3", "2023/0386", "--db", str(db), "--json")
    assert path["connected"] and path["length"] == 1
    assert path["steps"][0]["edge"].startswith("oparl_")
    shown = run_grdrs("show", "2023/0386", "--db", str(db))
    assert shown.returncode == 0, shown.stderr
    line = next(ln for ln in shown.stdout.splitlines() if ln.strip().startswith("2023/0386/3 ("))
    assert "oparl_superordinated" in line and "„Hallenbad Nord: Sauna“" in line  # one line a paper
    cites = _json("show", "2023/0386", "--db", str(db), "--json")["cites"]
    assert [e["locations"] for e in cites if e["edge"] == "oparl_superordinated"] == [[]]
    refs = _json("refs", "2023/0386", "--db", str(db), "--json")
    assert {(r["ref"], r["edge"]) for r in refs["cited_by"]} >= {
        ("2023/0386/3", "oparl_subordinated"), ("2023/0500", "oparl_related")}
    # the protocol names the amendment too: refs gives the stronger edge, OParl's link
    assert [r["edge"] for r in refs["cites"] if r["ref"] == "2023/0386/3"] == [
        "oparl_superordinated"]


def test_a_deleted_paper_leaves_the_history_of_what_linked_it(tmp_path):
    p = _papers()
    db = tmp_path / "k.db"
    _ingest(tmp_path / "in", db, [p["base"], p["amendment"]])
    gone = {"id": p["amendment"]["id"], "type": PAPER, "deleted": True}
    _ingest(tmp_path / "in", db, [p["base"], gone])
    h = _json("history", "2023/0386", "--db", str(db), "--json")
    assert [x["ref"] for x in h["lineage"]] == ["2023/0386"]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM edges WHERE type LIKE 'oparl_%'"
                        ).fetchone()[0] == 0
    # the base's protocol still names it: it stays, as a paper known only from citations
    assert conn.execute("SELECT stub FROM papers WHERE number = '2023/0386/3'"
                        ).fetchall() == [(1,)]


def test_decisions_attachments_and_main_file(tmp_path):
    p = _papers()
    db = tmp_path / "k.db"
    _ingest(tmp_path / "in", db, list(p.values()))
    conn = sqlite3.connect(db)
    # the Beschlussvorlage is the main file, not the cover sheet printed before it
    main = conn.execute("SELECT f.name FROM paper_files pf JOIN files f ON f.id = pf.file_id "
                        "JOIN papers p ON p.id = pf.paper_id WHERE p.number = '2023/0386' "
                        "AND pf.role = 'main'").fetchall()
    assert main == [("Beschlussvorlage ohne Beschluss",)]
    # the Anlage's references: attachment_cites, with the file they stand in
    att = conn.execute("SELECT b.number, e.data FROM edges e JOIN papers a ON a.id = e.src "
                       "JOIN papers b ON b.id = e.dst WHERE e.type = 'attachment_cites' "
                       "AND a.number = '2023/0386' ORDER BY b.number").fetchall()
    assert [n for n, _ in att] == ["2016/0680", "2018/0371", "2023/0386/3"]
    assert json.loads(att[0][1])[0]["file"] == "Anlage 1"
    h = _json("history", "2023/0386", "--db", str(db), "--json")
    cites = [e for e in h["events"] if e["kind"] == "cites"]
    assert {(e["other"], e["edge"]) for e in cites} == {("2016/0680", "attachment_cites"),
                                                        ("2018/0371", "attachment_cites")}
    # the amendment the protocol names is in the lineage already (OParl), not a citation
    # OParl's agenda-item result is the decision, where and when; the text's line its quote
    (d,) = h["decisions"]
    assert (d["date"], d["committee"], d["paper"], d["result"], d["oparl_result"],
            d["top"], d["basis"]) == ("2023-07-25", "Gemeinderat", "2023/0386",
                                       "mehrheitlich zugestimmt", "mehrheitlich zugestimmt",
                                       "12", "both")
    assert "Gemeinderat" in d["quote"]
    # the attached protocol's Abstimmungsergebnis and vote counts join that session
    pr = d["protocol"]
    assert pr["file"] == "Protokoll GR 25.07.2023 TOP 12"
    assert pr["outcome"] == "Mehrheitliche Zustimmung (30 Ja-Stimmen, 12 NEIN-Stimmen, " \
        "2 Enthaltungen)"
    assert pr["votes"] == {"yes": 30, "no": 12, "abstain": 2}
    assert pr["decision"] == "Der Gemeinderat beschließt den Neubau des Hallenbads Nord."
    sessions = [e for e in h["events"] if e["kind"] == "session"]
    assert [(s["committee"], s["result"], s["oparl_result"]) for s in sessions] == [
        ("Gemeinderat", "mehrheitlich zugestimmt", "mehrheitlich zugestimmt")]
    text = run_grdrs("history", "2023/0386", "--db", str(db)).stdout
    lines = text.splitlines()
    assert "135,42 Mio. €" in text and "40.000 €/Jahr" in text
    assert "Decided (each paper's last result):" in lines
    assert "mehrheitlich zugestimmt" in lines[-3] and lines[-3].lstrip().startswith("2023-07-25")
    assert lines[-1].lstrip().startswith("Protokoll GR 25.07.2023 TOP 12, p. 1: "
                                         "“Abstimmungsergebnis: Mehrheitliche Zustimmung")
    # a paper whose text is not stored still has OParl's session and links
    h = _json("history", "2023/0500", "--db", str(db), "--json")
    assert [(e["kind"], e["paper"], e["other"]) for e in h["events"]
            if e["kind"] != "session"] == [("related", "2023/0386", "2023/0500"),
                                           ("paper", "2023/0500", None)]
    assert {e["paper"] for e in h["events"] if e["kind"] == "session"} == {"2023/0386"}


def test_graph_exports_carry_the_new_edges(tmp_path):
    p = _papers()
    db = tmp_path / "k.db"
    _ingest(tmp_path / "in", db, list(p.values()))
    out = tmp_path / "g.json"
    r = run_grdrs("export", "graph", "--format", "json", "-o", str(out), "--db", str(db))
    assert r.returncode == 0, r.stderr
    types = {e["type"] for e in json.loads(out.read_text())["edges"]}
    assert {"oparl_superordinated", "oparl_subordinated", "oparl_related",
            "attachment_cites", "consulted_in"} <= types
    out = tmp_path / "o.json"
    r = run_grdrs("export", "graph", "--format", "oparl", "-o", str(out), "--db", str(db))
    assert r.returncode == 0, r.stderr
    by_ref = {o.get("reference"): o for o in json.loads(out.read_text())["data"]
              if o.get("reference")}
    base, sub = by_ref["2023/0386"], by_ref["2023/0386/3"]
    # each paper says what its OParl object said
    assert sub["id"] in base["superordinatedPaper"] and base["id"] in sub["subordinatedPaper"]
    assert base["id"] in by_ref["2023/0500"]["relatedPaper"]
    (c,) = base["consultation"]
    assert c["grdrs:result"] == "mehrheitlich zugestimmt"


@pytest.mark.parametrize("names, ptype, expected", [
    (["Beiblatt_Ämter+Dezernate", "Mitzeichnung KMK", "Beschlussvorlage ohne Beschluss"],
     "Beschlussvorlage", 2),
    (["WLAN_Anlage A", "WLAN"], "Beschlussvorlage", 1),
    (["TOP 5, Stellungnahme Aufwertung", "TOP 5, Antrag Aufwertung"], "Antrag", 1),
    (["StN Ausgaben externe Gutachten", "Anfrage"], "Anfrage", 1),
    (["Planzeichnung 17_11_2023", "Satzungsbeschluss Gottesaue"], "Beschlussvorlage", 1),
    (["Stellungnahme", "Protokoll TOP 3"], "Stellungnahme", 0),
])
def test_choose_main_by_type_and_name(names, ptype, expected):
    files = [{"id": f"f{i}", "name": n, "date": "2024-01-01"} for i, n in enumerate(names)]
    assert mapping.choose_main(files, None, "Titel", ptype) == f"f{expected}"


@pytest.mark.parametrize("amount, text", [
    ({"value": "135420000.00", "currency": "EUR"}, "135,42 Mio. €"),
    ({"value": "40000.00", "currency": "EUR", "per": "year"}, "40.000 €/Jahr"),
    ({"value": "1234.5", "currency": "EUR"}, "1.234,50 €"),
    ({"value": "2500000000", "currency": "EUR"}, "2,5 Mrd. €"),
    ({"value": "10000", "value_to": "20000", "currency": "DM", "per": "month"},
     "10.000–20.000 DM/Monat"),
    ({"value": "-1000.00", "currency": "EUR"}, "-1.000 €"),
])
def test_amounts_written_the_german_way(amount, text):
    assert money(amount) == text
    assert german_amount("1000000") == "1 Mio."


def _answer(citing: int) -> dict:
    paper = {"ref": "2025/1078", "title": "Haushalt"}
    ev = {"date": "2025-01-10", "kind": "paper", "paper": "2025/1078", "title": "Haushalt",
          "other": None, "other_title": None, "text": "2025/1078 (Beschlussvorlage) published",
          "fictional": False, "depth": 0, "edge": None,
          "amounts": [{"value": str(1000 * i), "currency": "EUR", "page": 1, "text": "x",
                       "subject": "Kosten"} for i in range(1, 9)]}
    events = [ev, {"date": "2025-03-01", "kind": "session", "paper": "2025/1078",
                   "text": "2025/1078 consulted in Gemeinderat: beschlossen",
                   "fictional": False, "depth": 0, "other": None, "amounts": []}]
    for i in range(citing):
        events.append({"date": f"2025-04-{1 + i % 28:02d}", "kind": "cited_by",
                       "paper": f"2025/2{i:03d}", "title": f"Antrag {i}",
                       "other": "2025/1078", "other_title": "Haushalt", "edge": "cites",
                       "text": "…", "fictional": False, "depth": 1,
                       "amounts": [{"value": "5", "currency": "EUR", "page": 1, "text": "5 €"}
                                   ] * 6})
        events.append({"date": f"2025-05-{1 + i % 28:02d}", "kind": "session",
                       "paper": f"2025/2{i:03d}", "text": "…", "fictional": False,
                       "depth": 1, "other": None, "amounts": []})
    return {"paper": paper, "lineage": [paper], "events": events,
            "decisions": [{"date": "2025-03-01", "committee": "Gemeinderat",
                           "paper": "2025/1078", "result": "beschlossen", "basis": "oparl",
                           "quote": None}]}


def test_a_long_history_fits_a_screen():
    text = history_text(_answer(77))
    lines = text.splitlines()
    assert len(lines) <= 60
    assert "Cited by 77 paper(s), 2025-04-01 – 2025-04-28:" in lines
    assert "… and 67 more (--full or --limit N shows them)" in text
    assert "… and 5 more amount(s)" in text  # the lineage paper's 8 amounts, 3 shown
    assert "(77 session(s) of these papers: --full shows them)" in text
    assert lines[-1].startswith("  2025-03-01  2025/1078 in Gemeinderat: beschlossen")
    more = history_text(_answer(77), limit=30).splitlines()
    assert len(more) == len(lines) + 20
    full = history_text(_answer(77), full=True).splitlines()
    assert len(full) > 500 and sum("2025/2" in x for x in full) >= 77
    # a short history is given whole
    short = history_text(_answer(3)).splitlines()
    assert short == history_text(_answer(3), full=True).splitlines()


def test_closing_decision_of_a_transcript():
    from grdrs.graph.protocol import closing_decision, protocol_date, protocol_top, votes

    said = closing_decision([(1, "Der Vorsitzende: Wir kommen zur Tagesordnung."),
                             (4, "Stadtrat X: Wir stimmen zu. Der Vorsitzende: Dann bitte "
                                 "ich um Ihr Votum. – Bei 14 Ja-Stimmen ist der Antrag "
                                 "mehrheitlich abgelehnt. Vielen Dank.\nZur Beurkundung: "
                                 "Die Schriftführerin")])
    assert said == {"outcome": None, "decision": None, "page": 4,
                    "quote": "Bei 14 Ja-Stimmen ist der Antrag mehrheitlich abgelehnt.",
                    "votes": {"yes": 14}}
    # a protocol that states no vote says nothing
    assert closing_decision([(1, "Der Vorsitzende: Wir beantworten das schriftlich.")]) is None
    assert votes("(37 Ja, 8 Nein, 1 Enthaltung)") == {"yes": 37, "no": 8, "abstain": 1}
    assert votes("mit 12 Ja-Stimmen, einer Nein-Stimme und einer Enthaltung") == \
        {"yes": 12, "no": 1, "abstain": 1}
    assert votes("seit 2 Jahren") is None
    assert (protocol_top("Protokoll GR 18.05.21 TOP 5"),
            protocol_date("Protokoll GR 18.05.21 TOP 5")) == ("5", "2021-05-18")


def test_own_decision_of_minutes_of_one_item():
    """Minutes of one agenda item (Stuttgart): the chair's last `stellt fest:` sentence, across
    its line breaks; an election's `Damit ist … gewählt.` with the counts announced before it;
    a `stellt fest:` cut off before its sentence is none."""
    from grdrs.graph.protocol import own_decision

    said = own_decision([(1, "Frau X stellt fest:\nDer Ausschuss stimmt dem Antrag zu.\n"),
                         (2, "BM Y stellt fest:\n\nDer Gemeinderat\nbeschließt\nbei 3 "
                             "Stimmenthaltungen\nwie beantragt.\nDanach wird vertagt.")])
    assert said["quote"] == "Der Gemeinderat beschließt bei 3 Stimmenthaltungen wie beantragt."
    assert said["page"] == 2
    said = own_decision([(3, "Die Vorsitzende gibt folgendes Wahlergebnis bekannt:\nAuf Frau "
                             "Dr. Z entfielen 40 Stimmen\nGegenstimmen: 5, Enthaltungen: 1.\n"
                             "Damit ist Frau Dr. Z zur Leiterin des Amts gewählt. Sie dankt.")])
    assert said["quote"] == "Damit ist Frau Dr. Z zur Leiterin des Amts gewählt."
    assert said["votes"] == {"yes": 40, "no": 5, "abstain": 1}
    assert own_decision([(1, "Abschließend stellt er fest:\n\nzum Seitenanfang")]) is None
    # words between "stellt" and "fest:", "hält fest:", abbreviations, counts as minutes print
    said = own_decision([(1, "Danach stellt OB Z nach längerer Aussprache fest:\nDer Ausschuss "
                             "beschließt bei 9 Ja-, 3 Gegenstimmen und 1 Stimmenthaltung wie in "
                             "Ziff. 2 beantragt.\nSodann hält er fest: Die Sitzung endet.")])
    assert said["quote"] == ("Der Ausschuss beschließt bei 9 Ja-, 3 Gegenstimmen und 1 "
                             "Stimmenthaltung wie in Ziff. 2 beantragt.")
    assert said["votes"] == {"yes": 9, "no": 3, "abstain": 1}
    # the resolution the minutes head with, or the debate, is no result
    assert own_decision([(1, "Beschlussantrag: Dem Vertrag wird zugestimmt.\nStR A bittet um "
                             "Zustimmung.")]) is None


MINUTES_QUOTING_THE_VA = """Protokoll: Gemeinderat der Landeshauptstadt Stuttgart
Niederschrift Nr.
TOP:
307
14
Verhandlung Drucksache:
928/2018
Sitzungstermin: 20.12.2018
Sitzungsart: öffentlich
Vorsitz: OB Kuhn
Protokollführung: Herr Häbe
Betreff: Stellenplanrelevante Entscheidungen

Vorgang: Verwaltungsausschuss vom 19.12.2018, öffentlich, Nr. 511,

Ergebnis: Im Verlauf der Aussprache zeichnen sich Mehrheiten ab.
Einvernehmen wird darüber hergestellt, diese Themen gemeinsam zur Abstimmung zu stellen.

Dazu stellt BM Dr. Mayer fest:

Der Verwaltungsausschuss stimmt der Höhergruppierung einmütig zu.

Beratungsunterlage ist die Vorlage des Referats vom 10.12.2018, GRDrs 928/2018.

StR A (CDU) begründet den Antrag seiner Fraktion.
"""


def test_minutes_quoting_an_earlier_committees_finding_do_not_take_it(tmp_path):
    """A Gemeinderat's minutes whose Vorgang quotes the Verwaltungsausschuss's finding (a real
    Stuttgart Niederschrift 307, cut before the council's own vote): that finding is the
    Verwaltungsausschuss's result, not the Gemeinderat's."""
    from grdrs.graph.protocol import own_decision

    assert own_decision([(1, MINUTES_QUOTING_THE_VA)], ("Verwaltungsausschuss",)) is None
    own = MINUTES_QUOTING_THE_VA + ("OB Kuhn stellt fest:\nDer Gemeinderat beschließt "
                                    "einstimmig wie beantragt.\n")
    said = own_decision([(1, own)], ("Verwaltungsausschuss",))
    assert said["quote"] == "Der Gemeinderat beschließt einstimmig wie beantragt."
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "n307.txt").write_text(MINUTES_QUOTING_THE_VA, encoding="utf-8")
    db = tmp_path / "k.db"
    assert run_grdrs("ingest", str(tmp_path / "in"), "--db", str(db), "--profile",
                     "stuttgart").returncode == 0
    conn = sqlite3.connect(db)
    sessions = {(d["committee"], d["date"]): d for (d,) in (
        (json.loads(r[0]),) for r in conn.execute(
            "SELECT data FROM edges WHERE type = 'consulted_in'"))}
    conn.close()
    assert ("Gemeinderat", "2018-12-20") in sessions, sessions
    assert not any((d.get("protocol") or {}).get("own") for d in sessions.values()), sessions


def test_a_database_built_by_older_rules_gets_its_graph_rebuilt(tmp_path):
    from grdrs import write

    p = _papers()
    db = tmp_path / "k.db"
    _ingest(tmp_path / "in", db, list(p.values()))
    conn = sqlite3.connect(db)
    edges = "SELECT src, COALESCE(dst, 0), COALESCE(node, 0), type, count, data FROM edges"
    before = sorted(conn.execute(edges))
    # as the rules before version 2 left it: no OParl links, no attachments' citations
    conn.execute("DELETE FROM edges WHERE type LIKE 'oparl_%' OR type = 'attachment_cites'")
    conn.execute("DELETE FROM meta WHERE key = 'graph_version'")
    conn.commit()
    conn.close()
    write.connect(db).close()
    conn = sqlite3.connect(db)
    assert sorted(conn.execute(edges)) == before
    from grdrs.graph.rules import GRAPH_VERSION

    assert conn.execute("SELECT value FROM meta WHERE key = 'graph_version'").fetchone() == \
        (str(GRAPH_VERSION),)


ITEMS_PROTOCOL = """Auszug aus dem Protokoll
Beschluss: Der Gemeinderat beschließt den Neubau des Hallenbads Nord.
Abstimmungsergebnis:
TOP 12 Ziffer 1: mehrheitlich zugestimmt (40 JA, 3 Nein)
TOP 12 Ziffer 2: einstimmig zugestimmt
TOP 12.1: mehrheitlich abgelehnt (11 JA,
32 Nein)
TOP 12.2 und TOP 12.3 (gemeinsam): Ziffer 1: einstimmig zugestimmt
 Ziffer 2: Bei 20 Ja-Stimmen und 23 Nein-Stimmen abgelehnt
TOP 12.4, 12.5 und 12.6: keine Abstimmung

TOP 12.7:
Änderungsantrag A (Ziffer 1): mehrheitlich abgelehnt
TOP 12.8 einstimmig zugestimmt
Geschäftsordnungsantrag: Mehrheitlich abgelehnt (19 JA, 29 Nein)
Der Vorsitzende ruft Tagesordnungspunkt 13 auf.
"""


def test_a_protocol_of_several_items_gives_each_session_its_own_line(tmp_path):
    """A protocol whose Abstimmungsergebnis has a line per agenda item, attached to the base
    (TOP 12) and to its amendment (TOP 12.1): each session gets its own item's lines and
    votes (not the first line's), the decision only the protocol's own item."""
    from grdrs.graph.protocol import closing_decision, for_item

    said = closing_decision([(1, ITEMS_PROTOCOL)])
    assert [t for t, _ in said["items"]] == [("12",), ("12",), ("12.1",), ("12.2", "12.3"),
                                             ("12.4", "12.5", "12.6"), ("12.7",), ("12.8",)]
    assert for_item(said, "12.1") == {
        "outcome": "TOP 12.1: mehrheitlich abgelehnt (11 JA, 32 Nein)", "decision": None,
        "quote": "TOP 12.1: mehrheitlich abgelehnt (11 JA, 32 Nein)", "page": 1,
        "votes": {"yes": 11, "no": 32}}
    assert for_item(said, "12.9") is None and for_item(said, "1") is None
    # after a blank line another item goes on; an item's line without a colon is one; the
    # lines under an item's bare line are its own; another label is none of them
    assert for_item(said, "12.7")["outcome"] == \
        "TOP 12.7: Änderungsantrag A (Ziffer 1): mehrheitlich abgelehnt"
    assert for_item(said, "12.8")["outcome"] == "TOP 12.8 einstimmig zugestimmt"
    # a session's item as OParl writes it ("12.1." in Hürtgenwald, "Ö 12.1") is its number
    assert for_item(said, "12.1.") == for_item(said, "Ö 12.1") == for_item(said, "12.1")
    assert for_item(said, "12.5")["outcome"] == "TOP 12.4, 12.5 und 12.6: keine Abstimmung"
    # an item's lines below it are its own; votes of several Ziffern are not one vote
    joint = for_item(said, "12.3")
    assert joint["outcome"].endswith("Ziffer 2: Bei 20 Ja-Stimmen und 23 Nein-Stimmen abgelehnt")
    assert joint["votes"] is None and for_item(said, "12.2") == joint
    own = for_item(said, "12")
    assert own["votes"] is None and own["decision"].startswith("Der Gemeinderat")
    assert own["outcome"] == ("TOP 12 Ziffer 1: mehrheitlich zugestimmt (40 JA, 3 Nein); "
                              "TOP 12 Ziffer 2: einstimmig zugestimmt")
    # a protocol without item lines is what it was
    plain = closing_decision([(1, PROTOCOL_TEXT)])
    assert for_item(plain, "7") == {k: v for k, v in plain.items() if k != "items"}

    p = _papers()
    p["base"]["auxiliaryFile"][3]["text"] = ITEMS_PROTOCOL
    p["amendment"]["consultation"] = [{
        "id": f"{B}/consultations/2", "meeting": f"{B}/meetings/1",
        "organization": [f"{B}/organizations/1"], "agendaItem": f"{B}/agendaitems/2",
        "role": "Entscheidung"}]
    p["amendment"]["auxiliaryFile"].append(_file(6, "Protokoll GR 25.07.2023 TOP 12",
                                                 ITEMS_PROTOCOL, "2023-08-01"))
    db = tmp_path / "k.db"
    folder = tmp_path / "in"
    folder.mkdir()
    others = _others()
    others[1]["agendaItem"].append({"id": f"{B}/agendaitems/2", "number": "12.1",
                                    "result": "mehrheitlich abgelehnt", "public": True})
    (folder / "others.json").write_text(json.dumps(others), encoding="utf-8")
    (folder / "papers.json").write_text(json.dumps([p["base"], p["amendment"]]),
                                        encoding="utf-8")
    r = run_grdrs("ingest-oparl", str(folder), "--db", str(db), "--profile", "karlsruhe")
    assert r.returncode == 0, r.stderr
    h = _json("history", "2023/0386", "--db", str(db), "--json")
    got = {d["paper"]: d["protocol"] for d in h["decisions"]}
    assert got["2023/0386/3"]["outcome"] == "TOP 12.1: mehrheitlich abgelehnt (11 JA, 32 Nein)"
    assert got["2023/0386/3"]["votes"] == {"yes": 11, "no": 32}
    assert got["2023/0386"]["outcome"].startswith("TOP 12 Ziffer 1: mehrheitlich zugestimmt")


def test_a_result_line_per_paper_put_to_the_vote():
    """An Abstimmungsergebnis giving the amendment and the Vorlage a line each (no TOP): each
    paper gets its own line and votes; a line wrapped onto the next (also across a page
    break) is read whole; the chair's words after it are no part of it; a budget motion's
    line is found by its number, a Vorlage's by its number where the lines name papers."""
    from grdrs.graph.protocol import closing_decision, for_item

    said = closing_decision([(1, "Abstimmungsergebnis:\nÄnderungsantrag GRÜNE: Mehrheitliche "
                                 "Ablehnung (2 JA-Stimmen, 40 NEIN-Stimmen)\nUnveränderte "
                                 "Beschlussvorlage: Mehrheitliche Zustimmung (39 JA-Stimmen, 3 "
                                 "NEIN-Stimmen,\n1 Enthaltung)\nDer Vorsitzende ruft TOP 8 auf.")])
    assert said["votes"] is None and "Der Vorsitzende" not in said["outcome"]
    vorlage = for_item(said, "7", "Beschlussvorlage")
    assert vorlage["outcome"] == ("Unveränderte Beschlussvorlage: Mehrheitliche Zustimmung (39 "
                                  "JA-Stimmen, 3 NEIN-Stimmen, 1 Enthaltung)")
    assert vorlage["votes"] == {"yes": 39, "no": 3, "abstain": 1}
    assert for_item(said, "7", "Änderungs-/Ergänzungsantrag")["votes"] == {"yes": 2, "no": 40}
    wrapped = closing_decision([(1, "Abstimmungsergebnis:\nBeschlussvorlage: Bei 14 Ja-Stimmen "
                                    "mehrheitlich\nabgelehnt.\n\n– 2 –\nÄnderungsantrag: Bei 4 "
                                    "Ja-Stimmen mehrheitlich zuge-\nstimmt.\n")])
    assert for_item(wrapped, None, "Beschlussvorlage")["outcome"] == \
        "Beschlussvorlage: Bei 14 Ja-Stimmen mehrheitlich abgelehnt."
    assert for_item(wrapped, None, "Änderungsantrag")["outcome"].endswith("zugestimmt.")
    budget = closing_decision([(1, "Abstimmungsergebnis:\nAntrag 1.50: mehrheitlich abgelehnt "
                                   "(2 JA, 40 Nein)\nAntrag 1.51: einstimmig zugestimmt\n")])
    assert for_item(budget, "1.51", "Haushalt")["outcome"] == "Antrag 1.51: einstimmig zugestimmt"
    named = closing_decision([(1, "Abstimmungsergebnis:\nVorlage: 2016/0559 32 Ja-Stimmen\n"
                                  "Vorlage: 2016/0638 28 Ja-Stimmen\n")])
    assert for_item(named, "9", "Beschlussvorlage", "2016/0638")["votes"] == {"yes": 28}
