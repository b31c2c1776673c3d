"""What is left behind when things go away or move: a deleted OParl paper takes the stubs and
nodes only it needed with it, a moved meeting moves its sessions in the graph, and a paper
whose only file now describes another paper keeps nothing its file said."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from conftest import run_grdrs
from test_history_oparl import PAPER, _ingest, _json, _others, _papers


def _orphans(db: Path) -> tuple[list, list]:
    conn = sqlite3.connect(db)
    stubs = conn.execute(
        "SELECT number FROM papers p WHERE stub = 1 AND NOT EXISTS (SELECT 1 FROM edges "
        "WHERE dst = p.id) AND NOT EXISTS (SELECT 1 FROM paper_files WHERE paper_id = p.id)"
    ).fetchall()
    nodes = conn.execute(
        "SELECT name FROM nodes n WHERE NOT EXISTS (SELECT 1 FROM edges WHERE node = n.id) "
        "AND NOT EXISTS (SELECT 1 FROM nodes m WHERE m.committee = n.id)").fetchall()
    return stubs, nodes


def test_a_deleted_paper_takes_what_only_it_needed(tmp_path: Path):
    p = _papers()
    db = tmp_path / "k.db"
    _ingest(tmp_path / "in", db, [p["base"]])
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM papers WHERE stub = 1").fetchone()[0] > 0
    assert conn.execute("SELECT count(*) FROM nodes").fetchone()[0] > 0
    conn.close()
    _ingest(tmp_path / "in", db, [{"id": p["base"]["id"], "type": PAPER, "deleted": True}])
    assert _orphans(db) == ([], [])
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM nodes").fetchone()[0] == 0


def test_a_moved_meeting_moves_its_sessions(tmp_path: Path, monkeypatch):
    p = _papers()
    db = tmp_path / "k.db"
    _ingest(tmp_path / "in", db, [p["base"]])

    def dates() -> set:
        h = _json("history", "2023/0386", "--db", str(db), "--json")
        return {e["date"] for e in h["events"] if e["kind"] == "session"}

    assert "2023-07-25" in dates()
    moved = _others()
    moved[1]["start"] = "2023-07-27T15:30:00+02:00"
    folder = tmp_path / "in"
    (folder / "others.json").write_text(json.dumps(moved), encoding="utf-8")
    r = run_grdrs("ingest-oparl", str(folder), "--db", str(db), "--jobs", "1",
                  "--profile", "karlsruhe")
    assert r.returncode == 0, r.stderr
    assert "2023-07-27" in dates()  # OParl's session moved (the text still prints the 25th)
    assert _orphans(db) == ([], [])


def test_a_file_that_now_describes_another_paper(tmp_path: Path):
    d = tmp_path / "papers"
    d.mkdir()
    x, y = d / "x.txt", d / "y.txt"
    x.write_text("GRDrs 8100/2023\n\nAlter Titel der Vorlage\n\nStuttgart, 12.01.2023\n",
                 encoding="utf-8")
    y.write_text("GRDrs 8200/2023\n\nNeue Vorlage\n\nStuttgart, 02.02.2023\n\n"
                 "Wie in GRDrs 8100/2023 berichtet.\n", encoding="utf-8")
    db = tmp_path / "g.db"
    assert run_grdrs("ingest", str(d), "--db", str(db)).returncode == 0
    before = _json("show", "8100/2023", "--db", str(db), "--json")["paper"]
    assert before["date"] == "2023-01-12" and not before["stub"]
    x.write_text("GRDrs 8300/2023\n\nGanz andere Vorlage\n\nStuttgart, 03.03.2023\n",
                 encoding="utf-8")
    assert run_grdrs("ingest", str(d), "--db", str(db)).returncode == 0
    after = _json("show", "8100/2023", "--db", str(db), "--json")
    assert after["paper"]["stub"] and after["files"] == []
    assert after["paper"]["title"] is None and after["paper"]["date"] is None
    assert _json("show", "8300/2023", "--db", str(db), "--json")["paper"]["date"] == "2023-03-03"


def test_a_full_disk_stops_the_oparl_import_in_one_line(tmp_path: Path, monkeypatch):
    """An error of the database itself (disk full, read-only, I/O) is not one error per
    object: the import stops with one line and status 2; what was stored before stays."""
    import sqlite3 as _sqlite3

    from click.testing import CliRunner

    from grdrs import write
    from grdrs.cli import main

    p = _papers()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "others.json").write_text(json.dumps(_others()), encoding="utf-8")
    (folder / "papers.json").write_text(json.dumps([p["base"], p["amendment"]]),
                                        encoding="utf-8")

    def full(*args, **kw):
        raise _sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(write, "store_oparl_paper", full)
    r = CliRunner().invoke(main, ["ingest-oparl", str(folder), "--db", str(tmp_path / "k.db"),
                                  "--jobs", "1", "--profile", "karlsruhe"])
    assert r.exit_code == 2, r.output
    lines = [ln for ln in r.output.splitlines() if "disk is full" in ln]
    assert len(lines) == 1 and lines[0].startswith("grdrs: cannot write to"), r.output
