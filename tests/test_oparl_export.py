"""``export graph --format oparl`` as OParl tools (and grdrs's own ``ingest-oparl``) read it:
unique ids, sessions with their dates, TOPs and results, only OParl types in OParl lists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_grdrs
from graph_fixture import add, open_db


@pytest.fixture
def db(tmp_path: Path) -> str:
    conn = open_db(tmp_path)
    # a Niederschrift recording two items of one Verwaltungsausschuss session day (Nr. 82 and
    # Nr. 131) and a Gemeinderat session, as Stuttgart's Niederschrift 66 does
    add(conn, "/n/66.txt", number="66", series="niederschrift", date="2019-03-28",
        type="Niederschrift", title="Wahl der Beigeordneten",
        sessions=[("Verwaltungsausschuss", None, "2019-03-13", "Vorstellung", "Nr. 82"),
                  ("Verwaltungsausschuss", None, "2019-03-13", "Bewerberauswahl", "Nr. 131"),
                  ("Gemeinderat", None, "2019-03-28", "Wahl", "Nr. 66")])
    add(conn, "/v/9003.txt", number="9003/2023", date="2023-10-02", type="Beschlussvorlage",
        title="Sozialplanung", budget="2024/2025",
        sessions=[("Verwaltungsausschuss", "Vorberatung", "2023-10-18", None),
                  ("Gemeinderat", "Beschlussfassung", "2023-10-26", "beschlossen"),
                  ("Sozialausschuss", "Kenntnisnahme", None, None)])
    conn.close()
    return str(tmp_path / "g.db")


def _export(db: str, out: Path) -> dict:
    out.parent.mkdir(exist_ok=True)
    r = run_grdrs("export", "graph", "--format", "oparl", "-o", str(out), "--db", db)
    assert r.returncode == 0, r.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def _objects(doc: dict):
    """Every OParl object of the export, embedded ones (consultations, agenda items) too."""
    def walk(obj):
        yield obj
        for key, value in obj.items():
            if key.startswith("grdrs:"):
                continue
            for x in value if isinstance(value, list) else [value]:
                if isinstance(x, dict) and "type" in x:
                    yield from walk(x)
    for obj in doc["data"]:
        yield from walk(obj)


def test_consultation_ids_are_unique_and_stable(db, tmp_path):
    """Was `…/consultation/consulted_in` for every session of a paper (131 repeated ids in the
    Hürtgenwald export)."""
    objects = list(_objects(_export(db, tmp_path / "a.json")))
    first = [o["id"] for o in objects]
    assert len(first) == len(set(first)), sorted(i for i in first if first.count(i) > 1)
    assert [o["id"] for o in _objects(_export(db, tmp_path / "b.json"))] == first
    assert sum(o["type"].endswith("/Consultation") for o in objects) == 6


B = "https://oparl.example/bodies/1"
T = "https://schema.oparl.org/1.1/"


def _oparl_source(folder: Path) -> Path:
    """A council's own OParl: two meetings with TOPs and results, a paper consulted in both."""
    folder.mkdir()
    objects = [
        {"id": f"{B}/organizations/1", "type": T + "Organization", "name": "Gemeinderat"},
        {"id": f"{B}/organizations/2", "type": T + "Organization", "name": "Bauausschuss"},
        {"id": f"{B}/meetings/1", "type": T + "Meeting", "name": "Bauausschuss",
         "start": "2023-03-07T17:00:00+01:00", "organization": [f"{B}/organizations/2"],
         "agendaItem": [{"id": f"{B}/agendaitems/1", "number": "4.1",
                         "result": "einstimmig empfohlen", "public": True}]},
        {"id": f"{B}/meetings/2", "type": T + "Meeting", "name": "Gemeinderat",
         "start": "2023-07-25T18:00:00+02:00", "organization": [f"{B}/organizations/1"],
         "agendaItem": [{"id": f"{B}/agendaitems/2", "number": "12",
                         "result": "mehrheitlich beschlossen", "public": False}]},
        {"id": f"{B}/papers/1", "type": T + "Paper", "reference": "2023/0386",
         "paperType": "Beschlussvorlage", "name": "Hallenbad Nord", "date": "2023-02-20",
         "consultation": [
             {"id": f"{B}/consultations/1", "meeting": f"{B}/meetings/1",
              "organization": [f"{B}/organizations/2"], "agendaItem": f"{B}/agendaitems/1",
              "role": "Vorberatung"},
             {"id": f"{B}/consultations/2", "meeting": f"{B}/meetings/2",
              "organization": [f"{B}/organizations/1"], "agendaItem": f"{B}/agendaitems/2",
              "role": "Entscheidung", "authoritative": True}]}]
    (folder / "oparl.json").write_text(json.dumps(objects), encoding="utf-8")
    return folder


def _ingest_oparl(folder: Path, db: Path, *flags: str) -> str:
    r = run_grdrs("ingest-oparl", str(folder), "--db", str(db), "--jobs", "1", *flags)
    assert r.returncode == 0, r.stderr
    return str(db)


def _sessions(db: str) -> list[tuple]:
    """Each consultation as the graph has it: paper, committee, date, TOP, result, role, public."""
    from grdrs import store
    from grdrs.graph.build import build

    g = build(store.connect(db))
    return sorted((g.nodes[u]["label"], g.nodes[v].get("committee") or g.nodes[v]["label"],
                   d.get("date"), d.get("top"), d.get("result"), d.get("purpose") or d.get("role"),
                   d.get("public"))
                  for u, v, d in g.edges(data=True) if d["type"] == "consulted_in")


def test_sessions_keep_dates_tops_and_results_when_read_back(db, tmp_path):
    """Meetings had only `grdrs:date`: read back, every consultation was "(no date)", without
    TOP or result. Now a Meeting has OParl's `start` and its agenda items (TOP, result, public),
    a Consultation its `agendaItem`: what grdrs knew comes back."""
    doc = _export(db, tmp_path / "dump" / "export.json")
    meetings = {m["grdrs:date"]: m for m in doc["data"] if m["type"] == T + "Meeting"}
    assert meetings["2019-03-13"]["start"] == "2019-03-13T00:00:00+01:00"
    assert meetings["2023-10-26"]["start"] == "2023-10-26T00:00:00+02:00"  # summer time
    items = meetings["2019-03-13"]["agendaItem"]
    assert [(i["order"], i["result"], i["public"]) for i in items] == [
        (1, "Bewerberauswahl", True), (2, "Vorstellung", True)]
    consultations = {c["id"]: c for o in doc["data"] for c in o.get("consultation", [])}
    assert {consultations[i["consultation"]]["agendaItem"] for i in items} == {
        i["id"] for i in items}
    again = _ingest_oparl(tmp_path / "dump", tmp_path / "again.db", "--profile", "stuttgart")
    before, after = _sessions(db), _sessions(again)
    assert [s[:5] for s in after] == [s[:5] for s in before]
    assert [s[5] for s in after] == [s[5] for s in before]

    # a council's own OParl (TOPs, results, roles) through grdrs and back
    first = _ingest_oparl(_oparl_source(tmp_path / "source"), tmp_path / "first.db",
                          "--profile", "karlsruhe")
    _export(first, tmp_path / "dump2" / "export.json")
    second = _ingest_oparl(tmp_path / "dump2", tmp_path / "second.db", "--profile", "karlsruhe")
    assert _sessions(first) == [
        ("2023/0386", "Bauausschuss", "2023-03-07", "4.1", "einstimmig empfohlen",
         "Vorberatung", True),
        ("2023/0386", "Gemeinderat", "2023-07-25", "12", "mehrheitlich beschlossen",
         "Entscheidung", False)]
    assert _sessions(second) == _sessions(first)


def oparl_errors(doc: dict) -> list[str]:
    """Every way the export breaks the OParl 1.1 schemas: each object (embedded ones, which the
    schemas name by their spec's own `schema` key, too) against its type's schema, formats
    checked (date, date-time, url); an object of a type OParl does not have is an error."""
    from urllib.parse import urlsplit

    from conftest import SHARED, need_shared

    need_shared()
    jsonschema = pytest.importorskip("jsonschema")
    checker = jsonschema.FormatChecker()
    stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"
    checker.checks("date-time")(lambda v: not isinstance(v, str) or bool(re.fullmatch(stamp, v)))
    checker.checks("url")(lambda v: not isinstance(v, str) or bool(urlsplit(v).scheme in (
        "http", "https") and urlsplit(v).netloc))
    validators = {}
    for path in (SHARED / "oparl-schema-1.1").glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        validators[T + path.stem] = jsonschema.validators.validator_for(schema)(
            schema, format_checker=checker)
    errors = []
    for obj in _objects(doc):
        if obj.get("type") not in validators:
            errors.append(f"{obj.get('id')}: type {obj.get('type')!r} is not OParl 1.1")
            continue
        errors += [f"{obj['id']}: {e.message}" for e in validators[obj["type"]].iter_errors(obj)]
    return errors


def test_the_whole_export_is_oparl(db, tmp_path):
    """Budgets were objects of type `grdrs:Budget` in OParl's list, which OParl tools do not
    know: now a Paper's `grdrs:budget` and, beside the list, `grdrs:budgets`."""
    doc = _export(db, tmp_path / "oparl.json")
    assert oparl_errors(doc) == []
    assert {o["type"] for o in _objects(doc)} == {
        T + t for t in ("Paper", "Consultation", "Organization", "Meeting", "AgendaItem")}
    paper = next(o for o in doc["data"] if o.get("reference") == "9003/2023")
    assert paper["grdrs:budget"] == ["2024/2025"]
    assert doc["grdrs:budgets"] == [{"period": "2024/2025", "name": "Doppelhaushalt 2024/2025",
                                     "from": "2024-01-01", "to": "2025-12-31"}]
