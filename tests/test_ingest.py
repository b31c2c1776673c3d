"""Ingest: identity by path, change by hash, bad input, one transaction per file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEED_PDF, SEED_TXT, STUTTGART, need_shared, run_grdrs

from grdrs import store
from grdrs.ingest import collect, ingest


def dump(db: Path) -> dict:
    """The content of a database, without row ids and timestamps."""
    conn = sqlite3.connect(db)
    out = {}
    out["files"] = sorted(conn.execute("SELECT path, sha256, pages, kind FROM files"))
    out["papers"] = sorted(conn.execute(
        "SELECT key, type, date, title, stub, cited_title FROM papers"))
    out["pages"] = sorted(conn.execute(
        "SELECT f.path, p.page, p.clean_z, p.restore FROM pages p JOIN files f ON f.id = p.file_id"))
    out["mentions"] = sorted(conn.execute(
        'SELECT f.path, m.kind, m.value, m.page, m.start, m."end", m.text FROM mentions m '
        "JOIN files f ON f.id = m.file_id"))
    out["edges"] = sorted(conn.execute(
        "SELECT s.key, d.key, e.type, e.count FROM edges e JOIN papers s ON s.id = e.src "
        "JOIN papers d ON d.id = e.dst"))
    conn.close()
    return out


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    need_shared()
    d = tmp_path / "papers"
    d.mkdir()
    shutil.copy(SEED_PDF, d)
    shutil.copy(SEED_TXT, d)
    return d


def test_seed_pdf_and_txt_are_one_paper_with_two_files(seed_dir: Path, tmp_path: Path):
    db = tmp_path / "g.db"
    r = run_grdrs("ingest", str(seed_dir), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "2 new" in r.stdout and "0 failed" in r.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM files").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM papers WHERE stub = 0").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM paper_files").fetchone()[0] == 2
    pages = dict(conn.execute("SELECT f.kind, count(*) FROM pages p JOIN files f "
                              "ON f.id = p.file_id GROUP BY f.kind"))
    assert pages == {"pdf": 6, "txt": 1}


def test_reingest_is_idempotent_and_new_bytes_replace(seed_dir: Path, tmp_path: Path):
    db = tmp_path / "g.db"
    assert run_grdrs("ingest", str(seed_dir), "--db", str(db)).returncode == 0
    before = dump(db)
    r = run_grdrs("ingest", str(seed_dir), "--db", str(db))
    assert r.returncode == 0 and "2 unchanged" in r.stdout, r.stdout
    assert dump(db) == before
    txt = seed_dir / SEED_TXT.name
    txt.write_text(txt.read_text(encoding="utf-8") + "\nNachtrag: Einsamkeitsbericht folgt.\n",
                   encoding="utf-8")
    r = run_grdrs("ingest", str(seed_dir), "--db", str(db))
    assert r.returncode == 0 and "1 replaced" in r.stdout and "1 unchanged" in r.stdout
    conn = store.connect(db)
    assert conn.execute("SELECT count(*) FROM files").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM page_texts WHERE clean LIKE '%Einsamkeitsbericht%'"
                        ).fetchone()[0] == 1


def test_stuttgart_folder_readme_skipped(tmp_path: Path):
    need_shared()
    db = tmp_path / "g.db"
    r = run_grdrs("ingest", str(STUTTGART), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "5 new" in r.stdout and "1 skipped" in r.stdout
    conn = sqlite3.connect(db)
    names = {n for (n,) in conn.execute("SELECT name FROM files")}
    assert "README.md" not in names and len(names) == 5


def test_bad_files_are_reported_and_the_rest_stored(seed_dir: Path, tmp_path: Path):
    (seed_dir / "empty.pdf").write_bytes(b"")
    good = SEED_PDF.read_bytes()
    (seed_dir / "truncated.pdf").write_bytes(good[: len(good) // 3])
    (seed_dir / "mislabelled.pdf").write_bytes(b"<!DOCTYPE html><html><body>Hallo</body></html>")
    (seed_dir / "random.txt").write_bytes(bytes(range(256)) * 40)
    db = tmp_path / "g.db"
    r = run_grdrs("ingest", str(seed_dir), "--db", str(db))
    assert r.returncode == 1
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 4, r.stderr
    text = "\n".join(lines)
    assert "empty.pdf: empty file" in text
    assert "truncated.pdf: damaged or truncated PDF" in text
    assert "mislabelled.pdf: not a PDF: the bytes look like HTML" in text
    assert "random.txt: not a txt file" in text
    assert "2 new" in r.stdout and "4 failed" in r.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 4
    assert conn.execute("SELECT count(*) FROM files").fetchone()[0] == 2
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_named_file_with_unsupported_suffix_fails_and_usage_errors_exit_2(tmp_path: Path):
    other = tmp_path / "notes.docx"
    other.write_bytes(b"PK\x03\x04...")
    r = run_grdrs("ingest", str(other), "--db", str(tmp_path / "g.db"))
    assert r.returncode == 1 and "unsupported file type '.docx'" in r.stderr
    assert run_grdrs("ingest", str(tmp_path / "missing"), "--db",
                     str(tmp_path / "g.db")).returncode == 2
    assert run_grdrs("ingest").returncode == 2
    assert run_grdrs("ingest", str(other), "--profile", "atlantis").returncode == 2


def test_db_from_environment(seed_dir: Path, tmp_path: Path):
    db = tmp_path / "env.db"
    r = run_grdrs("ingest", str(seed_dir / SEED_TXT.name), env={"GRDRS_DB": str(db)},
                  cwd=tmp_path)
    assert r.returncode == 0 and db.exists() and not (tmp_path / "grdrs.db").exists()
    r = run_grdrs("ingest", str(seed_dir / SEED_TXT.name), cwd=tmp_path,
                  env={"GRDRS_DB": ""})
    assert r.returncode == 0 and (tmp_path / "grdrs.db").exists()


def test_collect_follows_symlink_loops_once_and_dedupes(tmp_path: Path):
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "a.txt").write_text("x", encoding="utf-8")
    (d / "sub" / "loop").symlink_to(d, target_is_directory=True)
    (d / "b.txt").symlink_to(d / "sub" / "a.txt")
    (d / "image.png").write_bytes(b"\x89PNG")
    files, skipped = collect([d, d / "sub" / "a.txt"])
    assert files == [(d / "sub" / "a.txt").resolve()]
    assert skipped == 1


def test_failure_keeps_the_stored_version(tmp_path: Path):
    f = tmp_path / "paper.txt"
    f.write_text("GRDrs 12/2023: Ein Bericht über Einsamkeit.\n", encoding="utf-8")
    db = tmp_path / "g.db"
    conn = store.connect(db, write=True)
    assert ingest(conn, [f]).new == 1
    f.write_bytes(b"\x00\x01\x02" * 100)
    s = ingest(conn, [f])
    assert s.failed == 1 and s.errors[0][0] == str(f.resolve())
    assert conn.execute("SELECT count(*) FROM page_texts WHERE clean LIKE '%Einsamkeit%'"
                        ).fetchone()[0] == 1


def test_kill_during_ingest_leaves_a_consistent_database(tmp_path: Path):
    """kill -9 in the middle of a batch: integrity ok, no half-stored file, a re-run finishes."""
    src = tmp_path / "many"
    src.mkdir()
    body = "Der Gemeinderat beschließt ein Budget von 40.000 EUR/Jahr (vgl. GRDrs 669/2021).\n"
    for i in range(150):
        (src / f"p{i:03d}.txt").write_text(f"Papier {i}\n" + body * 200, encoding="utf-8")
    db = tmp_path / "g.db"
    env = {**os.environ}
    proc = subprocess.Popen([sys.executable, "-m", "grdrs", "ingest", str(src), "--db", str(db),
                             "-q"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until some files are stored, then kill
        if db.exists():
            try:
                c = sqlite3.connect(db, timeout=1)
                n = c.execute("SELECT count(*) FROM files").fetchone()[0]
                c.close()
                if n >= 5:
                    break
            except sqlite3.OperationalError:
                pass
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = conn.execute("SELECT count(*) FROM files").fetchone()[0]
    assert 0 < stored <= 150
    half = conn.execute("SELECT count(*) FROM files f WHERE f.pages != (SELECT count(*) FROM "
                        "pages p WHERE p.file_id = f.id) OR NOT EXISTS (SELECT 1 FROM "
                        "paper_files pf WHERE pf.file_id = f.id)").fetchone()[0]
    assert half == 0
    conn.close()
    r = run_grdrs("ingest", str(src), "--db", str(db))
    assert r.returncode == 0
    assert f"{150 - stored} new" in r.stdout and f"{stored} unchanged" in r.stdout
    clean = tmp_path / "clean.db"
    assert run_grdrs("ingest", str(src), "--db", str(clean)).returncode == 0
    assert dump(db) == dump(clean)


def test_parallel_jobs_store_the_same_content(seed_dir: Path, tmp_path: Path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert run_grdrs("ingest", str(seed_dir), str(STUTTGART), "--db", str(one)).returncode == 0
    assert run_grdrs("ingest", str(seed_dir), str(STUTTGART), "--db", str(two),
                     "--jobs", "2").returncode == 0
    assert dump(one) == dump(two)


def test_failures_are_json_free_one_liners(tmp_path: Path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    r = run_grdrs("ingest", str(bad), "--db", str(tmp_path / "g.db"))
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and r.stderr.startswith(f"grdrs: {bad.resolve()}: ")
    json.dumps(r.stderr)


def test_a_missing_path_fails_alone_and_the_batch_goes_on(tmp_path: Path):
    """A named path that is not there, a named dangling symlink, a dangling .pdf symlink in a
    folder: each fails on one line (recorded for ingest), the rest is read, exit status 1;
    when no named path exists: exit 2, nothing to read, no database."""
    good = tmp_path / "d" / "gut.txt"
    good.parent.mkdir()
    good.write_text("Landeshauptstadt Stuttgart\nGRDrs 12/2023\nEin Bericht über Einsamkeit.\n",
                    encoding="utf-8")
    (tmp_path / "d" / "weg.pdf").symlink_to(tmp_path / "nirgends.pdf")
    (tmp_path / "d" / "weg.md").symlink_to(tmp_path / "nirgends.md")  # another kind: skipped
    (tmp_path / "link.pdf").symlink_to(tmp_path / "fehlt.pdf")
    db = tmp_path / "g.db"
    r = run_grdrs("ingest", "--db", str(db), "d", "fehlt.pdf", "link.pdf", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and "Usage" not in r.stderr
    lines = sorted(r.stderr.splitlines())
    assert lines == sorted([
        f"grdrs: {tmp_path / 'd' / 'weg.pdf'}: no such file: a symlink to "
        f"{tmp_path / 'nirgends.pdf'}, which does not exist",
        f"grdrs: {tmp_path / 'fehlt.pdf'}: no such file",
        f"grdrs: {tmp_path / 'link.pdf'}: no such file: a symlink to {tmp_path / 'fehlt.pdf'}, "
        "which does not exist"]), r.stderr
    assert "1 new, 0 replaced, 0 unchanged, 3 failed, 1 skipped" in r.stdout
    with sqlite3.connect(db) as c:
        failed = {p for p, in c.execute("SELECT path FROM failures")}
    assert failed == {str(tmp_path / n) for n in ("d/weg.pdf", "fehlt.pdf", "link.pdf")}

    r = run_grdrs("extract", "d/gut.txt", "fehlt.pdf", "link.pdf", "--json", cwd=tmp_path)
    assert r.returncode == 1 and json.loads(r.stdout)["paper"]["number"] == "12/2023"
    assert r.stderr.splitlines() == [
        "grdrs: fehlt.pdf: no such file",
        f"grdrs: link.pdf: no such file: a symlink to {tmp_path / 'fehlt.pdf'}, which does not "
        "exist"]

    for args in (["ingest", "--db", str(tmp_path / "neu.db")], ["extract"]):
        r = run_grdrs(*args, "fehlt.pdf", "link.pdf", cwd=tmp_path)
        assert r.returncode == 2
        assert r.stderr == "grdrs: nothing to read: no such file or folder: fehlt.pdf, link.pdf\n"
    assert not (tmp_path / "neu.db").exists()


def test_minutes_printing_no_number_are_each_their_own_paper(tmp_path: Path):
    """Minutes of a council without a profile (no number, TOP, committee or consultation):
    each file is its own paper — they were once all stored under one key, the last file's
    facts overwriting the others'."""
    src = tmp_path / "src"
    src.mkdir()
    for n, day in ((4, "3. Mai 2022"), (5, "7. Juni 2022"), (6, "5. Juli 2022")):
        (src / f"rat_{n}.txt").write_text(
            f"{n}. Sitzung vom {day} Seite 1\n(Beginn: 17.05 Uhr - Ende: 19.40 Uhr)\n"
            "Bürgermeisterin Roth: Ich eröffne die Sitzung.\n", encoding="utf-8")
    db = tmp_path / "g.db"
    r = run_grdrs("ingest", str(src), "--db", str(db), "--profile", "generic")
    assert r.returncode == 0, r.stderr
    rows = sqlite3.connect(db).execute(
        "SELECT series, type, date, title FROM papers WHERE stub = 0 ORDER BY date").fetchall()
    assert rows == [("niederschrift", "Niederschrift", "2022-05-03", "4. Sitzung vom 3. Mai 2022"),
                    ("niederschrift", "Niederschrift", "2022-06-07", "5. Sitzung vom 7. Juni 2022"),
                    ("niederschrift", "Niederschrift", "2022-07-05", "6. Sitzung vom 5. Juli 2022")]
