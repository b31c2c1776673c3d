"""The query commands: papers, show, search — JSON keys, exit codes, start-up imports."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_PDF, SEED_TXT, STUTTGART, need_shared, run_grdrs

from grdrs.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    need_shared()
    path = tmp_path_factory.mktemp("cli") / "g.db"
    r = run_grdrs("ingest", str(SEED_PDF), str(SEED_TXT), str(STUTTGART), "--db", str(path))
    assert r.returncode == 0, r.stderr
    return path


def test_papers_json_keys(db: Path):
    r = run_grdrs("papers", "--db", str(db), "--json")
    assert r.returncode == 0
    rows = json.loads(r.stdout)
    assert isinstance(rows, list) and len(rows) == 6
    keys = {"council", "series", "number", "suffix", "name", "type", "date", "title",
            "cited_title", "fictional", "stub", "ref"}
    assert all(set(row) == keys for row in rows)
    assert "seed-teilhaushalt-810-2023-09-18" in {row["ref"] for row in rows}
    table = run_grdrs("papers", "--db", str(db)).stdout
    assert "seed-teilhaushalt-810-2023-09-18" in table and "6 paper(s)" in table


def test_show_by_name_and_json(db: Path):
    r = run_grdrs("show", "seed-teilhaushalt-810-2023-09-18", "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr
    ans = json.loads(r.stdout)
    assert set(ans) == {"paper", "files", "consultations", "oparl_consultations", "cites",
                        "cited_by", "amounts", "dates", "positions", "committees"}
    assert ans["oparl_consultations"] == []  # nothing imported from OParl here
    assert {f["kind"] for f in ans["files"]} == {"pdf", "txt"}
    text = run_grdrs("show", "seed-teilhaushalt-810-2023-09-18", "--db", str(db)).stdout
    assert "Cites" in text and "Amounts" in text and "file:" in text


def test_show_unknown_ref_exits_1_and_missing_db_exits_2(db: Path, tmp_path: Path):
    r = run_grdrs("show", "9999/2099", "--db", str(db))
    assert r.returncode == 1 and "no paper" in r.stderr
    r = run_grdrs("show", "563/2023", "--db", str(tmp_path / "none.db"))
    assert r.returncode == 2 and "no database" in r.stderr
    assert run_grdrs("show", "--db", str(db)).returncode == 2


def test_search_finds_the_seed(db: Path):
    r = run_grdrs("search", "Einsamkeit", "--db", str(db), "--json")
    assert r.returncode == 0
    hits = json.loads(r.stdout)
    assert hits and all(set(h) == {"paper", "title", "fictional", "file", "page", "snippet"}
                        for h in hits)
    assert any(h["paper"] == "seed-teilhaushalt-810-2023-09-18" for h in hits)
    assert all("[Einsamkeit]" in h["snippet"] for h in hits)
    # dehyphenated words are found, and odd input does not break FTS syntax
    assert json.loads(run_grdrs("search", "Verteilung", "--db", str(db), "--json").stdout)
    assert run_grdrs("search", 'GRDrs 563/2023 "(', "--db", str(db)).returncode == 0
    assert run_grdrs("search", "Zzyzxqq", "--db", str(db)).stdout.strip() == "no hits"


def test_fts_is_the_kind_datasette_uses(db: Path):
    from datasette.utils import detect_fts

    conn = sqlite3.connect(db)
    assert detect_fts(conn, "page_texts") == "pages_fts"
    assert conn.execute("SELECT rowid FROM pages_fts WHERE pages_fts MATCH 'Einsamkeit'"
                        ).fetchall()


def test_query_commands_do_not_import_heavy_libraries(db: Path):
    code = (
        "import sys\n"
        "from grdrs.cli import main\n"
        "for args in (['papers'], ['show', 'seed-teilhaushalt-810-2023-09-18'], "
        "['search', 'Einsamkeit'], ['refs', '563/2023', '--depth', '2'], "
        "['history', '563/2023'], ['history', 'seed-teilhaushalt-810-2023-09-18']):\n"
        "    try:\n"
        f"        main(args + ['--db', {str(db)!r}], standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('spacy', 'pdfplumber', 'pypdfium2', 'networkx', 'sqlite_utils', 'numpy', 'rapidfuzz'))\n"
        "print(heavy)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_every_command_has_help_and_is_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name, cmd in main.commands.items():
        assert cmd.help and len(cmd.help) > 20, name
        assert f"grdrs {name}" in readme, f"README does not document `grdrs {name}`"


def test_exit_codes_in_help():
    r = run_grdrs("ingest", "--help")
    assert "Exit status" in r.stdout and "1  some file failed" in r.stdout


def test_read_only_connection_cannot_write(db: Path):
    from grdrs import store

    conn = store.connect(db)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM papers")
