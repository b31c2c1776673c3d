"""``export graph --format oparl`` as OParl tools (and grdrs's own ``ingest-oparl``) read it:
unique ids, sessions with their dates, TOPs and results, only OParl types in OParl lists."""

from __future__ import annotations

import json
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
    first = [o["id"] for o in _objects(_export(db, tmp_path / "a.json"))]
    assert len(first) == len(set(first)), sorted(i for i in first if first.count(i) > 1)
    assert [o["id"] for o in _objects(_export(db, tmp_path / "b.json"))] == first
    consultations = [i for i in first if "/consultation/" in i]
    assert len(consultations) == 6
