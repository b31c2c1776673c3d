"""In a database of several councils, the council-qualified names grdrs prints for papers of
one number (``huertgenwald:48/2018``) are accepted back as REFs by every command that takes one."""

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
    add(conn, "/hg/48.txt", number="48/2018", date="2018-03-01", title="Feuerwehrhaus",
        council="huertgenwald")
    add(conn, "/hg/60.txt", number="60/2018", date="2018-05-01", title="Feuerwehrhaus II",
        council="huertgenwald", refs=[("48/2018",)])
    add(conn, "/hg/n66.txt", number="66", series="niederschrift", date="2019-03-28",
        type="Niederschrift", council="huertgenwald")
    add(conn, "/st/48.txt", number="48/2018", date="2018-02-01", title="Kita-Ausbau",
        council="stuttgart")
    add(conn, "/st/n66.txt", number="66", series="niederschrift", date="2019-03-13",
        type="Niederschrift", council="stuttgart")
    conn.close()
    return str(tmp_path / "g.db")


def _printed(db: str, ref: str) -> list[str]:
    r = run_grdrs("show", ref, "--db", db)
    assert r.returncode == 2 and "name one of them" in r.stderr, (r.returncode, r.stderr)
    return re.search(r"papers: (.*); name one of them", r.stderr)[1].split(", ")


def test_council_qualified_names_are_accepted_back(db):
    names = _printed(db, "48/2018")
    assert names == ["huertgenwald:48/2018", "stuttgart:48/2018"]
    protocols = _printed(db, "Niederschrift 66")
    assert protocols == ["huertgenwald:Niederschrift 66 (2019-03-28)",
                         "stuttgart:Niederschrift 66 (2019-03-13)"]
    for name, title in (("huertgenwald:48/2018", "Feuerwehrhaus"),
                        ("stuttgart:48/2018", "Kita-Ausbau"),
                        ("huertgenwald 48/2018", "Feuerwehrhaus"),
                        ("Huertgenwald: 48/2018", "Feuerwehrhaus"),
                        ("stuttgart:Niederschrift 66", None),
                        *((p, None) for p in protocols)):
        r = run_grdrs("show", name, "--json", "--db", db)
        assert r.returncode == 0, (name, r.stderr)
        paper = json.loads(r.stdout)["paper"]
        assert paper["council"] == name.split(":")[0].split()[0].lower()
        assert title is None or paper["title"] == title
    for args in (("history", "huertgenwald:48/2018"), ("refs", "huertgenwald:48/2018"),
                 ("path", "huertgenwald:48/2018", "huertgenwald:60/2018"),
                 ("export", "graph", "--format", "json", "--around", "huertgenwald:48/2018")):
        r = run_grdrs(*args, "--db", db)
        assert r.returncode == 0, (args, r.stderr)
    r = run_grdrs("path", "huertgenwald:48/2018", "stuttgart:48/2018", "--db", db)
    assert r.returncode == 1 and "not connected" in r.stdout + r.stderr
    # a council that holds no such paper, an unknown council: unknown REFs (exit 1)
    for name in ("stuttgart:60/2018", "koeln:48/2018"):
        r = run_grdrs("show", name, "--db", db)
        assert r.returncode == 1 and "no paper" in r.stderr, (name, r.stderr)
