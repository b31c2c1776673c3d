"""File names that are not valid UTF-8 (a Latin-1 ``Beschluß`` from an old share): the file
is read and stored under its printable path (the undecodable byte as ``\\xdf``), the same on
every run, and every command that prints a stored path prints it — also to a strict UTF-8
stdout (PYTHONIOENCODING=utf-8), where a lone surrogate would crash the print."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from conftest import run_grdrs

from grdrs.paths import printable

STRICT = {"PYTHONIOENCODING": "utf-8"}  # stdout encodes strictly: a surrogate would raise
TEXT = "Stadt Stuttgart\nDer Gemeinderat beschließt 40.000 EUR für die Straße (GRDrs 669/2021).\n"


def _latin1_name(folder: Path, stem: bytes, data: bytes) -> Path:
    """A file in ``folder`` whose name has the Latin-1 byte of 'ß'; skips where the file
    system takes only UTF-8 names (macOS)."""
    raw = os.fsencode(folder) + b"/" + stem
    try:
        with open(raw, "wb") as f:
            f.write(data)
    except OSError:
        pytest.skip("this file system takes only UTF-8 file names")
    return Path(os.fsdecode(raw))


def _ok(r) -> None:
    assert "Traceback" not in r.stderr, r.stderr
    assert r.returncode in (0, 1), r.stderr


def test_printable_escapes_only_undecodable_bytes():
    assert printable("/a/Größe.txt") == "/a/Größe.txt"
    assert printable(os.fsdecode(b"/a/Beschlu\xdf.txt")) == "/a/Beschlu\\xdf.txt"
    assert printable(os.fsdecode(b"/a/Beschlu\xdf.txt")).encode("utf-8")
    assert printable("x\ud800y") == "x\\ud800y"  # a surrogate no byte stands for


def test_two_names_not_utf8_never_print_alike(tmp_path: Path):
    """b"a\xdf\\xdf" and b"a\\xdf\xdf" printed both as a\xdf\xdf: one file's facts replaced
    the other's on every run. A backslash of a name that is not UTF-8 is escaped too."""
    assert printable(os.fsdecode(b"a\xdf\\xdf")) == "a\\xdf\\x5cxdf"
    assert printable(os.fsdecode(b"a\\xdf\xdf")) == "a\\x5cxdf\\xdf"
    assert printable(b"a\\xdf\xdf") == printable(os.fsdecode(b"a\\xdf\xdf"))
    assert printable("a\\xdf") == "a\\xdf"  # a name that is UTF-8 stays as it is
    folder = tmp_path / "zwei"
    folder.mkdir()
    _latin1_name(folder, b"a\xdf\\xdf.txt", b"GRDrs 13/2023\nKosten 10.000 EUR\n")
    _latin1_name(folder, b"a\\xdf\xdf.txt", b"GRDrs 14/2023\nKosten 20.000 EUR\n")
    db = tmp_path / "k.db"
    r = run_grdrs("ingest", str(folder), "--db", str(db), env=STRICT)
    assert r.returncode == 0 and "2 new" in r.stdout, r.stdout + r.stderr
    again = run_grdrs("ingest", str(folder), "--db", str(db), env=STRICT)
    assert "2 file(s): 0 new, 0 replaced, 2 unchanged" in again.stdout, again.stdout


def test_name_not_utf8_is_stored_under_its_printable_path(tmp_path: Path):
    folder = tmp_path / "mix"
    folder.mkdir()
    latin = _latin1_name(folder, b"Beschlu\xdf_Drucksache.txt", TEXT.encode("cp1252"))
    bad = _latin1_name(folder, b"Gr\xf6\xdfe.txt", b"\x00\x01\x02\x03\x04\x05\x06" * 200)
    (folder / "gut.txt").write_text("GRDrs 13/2023\n" + TEXT, encoding="utf-8")
    db = tmp_path / "k.db"
    shown = printable(latin)
    assert shown.endswith("Beschlu\\xdf_Drucksache.txt")

    r = run_grdrs("ingest", str(folder), "--db", str(db), env=STRICT)
    _ok(r)
    assert r.returncode == 1  # the binary one fails, on one line naming it printably
    assert r.stderr.strip() == f"grdrs: {printable(bad)}: not a txt file: binary content"
    assert "3 file(s): 2 new, 0 replaced, 0 unchanged, 1 failed" in r.stdout
    with sqlite3.connect(db) as conn:
        paths = {p for (p,) in conn.execute("SELECT path FROM files")}
        failed = [p for (p,) in conn.execute("SELECT path FROM failures")]
    assert shown in paths and failed == [printable(bad)]

    bad.unlink()
    again = run_grdrs("ingest", str(folder), "--db", str(db), env=STRICT)
    _ok(again)
    assert "2 file(s): 0 new, 0 replaced, 2 unchanged" in again.stdout  # the same name again

    name = "Beschlu\\xdf_Drucksache"
    papers = run_grdrs("papers", "--db", str(db), "--json", env=STRICT)
    _ok(papers)
    assert name in [p["ref"] for p in json.loads(papers.stdout)]
    for ref in (name, str(latin), shown):  # its name, its real path, its stored path
        show = run_grdrs("show", ref, "--db", str(db), env=STRICT)
        _ok(show)
        assert show.returncode == 0 and f"file: {shown} (txt" in show.stdout, show.stderr
    for cmd in (("search", "Straße"), ("refs", name), ("history", name),
                ("path", name, "669/2021"), ("check", str(latin))):
        r = run_grdrs(*cmd, "--db", str(db), env=STRICT)
        _ok(r)
        assert r.returncode == 0 and "Beschlu\\xdf" in r.stdout, (cmd, r.stderr)
    for fmt in ("graphml", "gexf", "json", "dot", "html", "oparl"):
        r = run_grdrs("export", "graph", "--format", fmt, "--db", str(db), env=STRICT)
        _ok(r)
        assert r.returncode == 0 and "xdf_Drucksache" in r.stdout, (fmt, r.stderr)  # escaped
    r = run_grdrs("export", "graph", "--format", "csv", "-o", str(tmp_path / "csv"),
                  "--db", str(db), env=STRICT)
    _ok(r)
    assert "Beschlu\\xdf" in (tmp_path / "csv" / "nodes.csv").read_text(encoding="utf-8")
    r = run_grdrs("extract", str(latin), env=STRICT)
    _ok(r)
    assert r.returncode == 0 and r.stdout.startswith(f"{shown}  [stuttgart]"), r.stderr
    r = run_grdrs("extract", "--json", str(latin), env=STRICT)
    _ok(r)
    assert r.returncode == 0 and json.loads(r.stdout)["source"] == shown, r.stderr


def test_name_not_utf8_beside_a_file_named_like_its_printable_form(tmp_path: Path):
    """Two files would share one stored path: the one whose name is not UTF-8 fails, saying
    why, and the other is stored."""
    latin = _latin1_name(tmp_path, b"Beschlu\xdf.txt", TEXT.encode("cp1252"))
    (tmp_path / "Beschlu\\xdf.txt").write_text(TEXT, encoding="utf-8")
    r = run_grdrs("ingest", str(tmp_path), "--db", str(tmp_path / "k.db"), env=STRICT)
    _ok(r)
    assert r.returncode == 1
    assert r.stderr.startswith(f"grdrs: {printable(latin)}: file name is not valid UTF-8")
    assert "2 file(s): 1 new, 0 replaced, 0 unchanged, 1 failed" in r.stdout


def test_database_name_not_utf8(tmp_path: Path):
    """``--db`` named with a Latin-1 byte: the lock file beside it and the summary line."""
    (tmp_path / "a.txt").write_text("GRDrs 13/2023\n" + TEXT, encoding="utf-8")
    db = os.fsdecode(os.fsencode(tmp_path) + b"/Beschl\xfcsse.db")
    r = run_grdrs("ingest", str(tmp_path / "a.txt"), "--db", db, env=STRICT)
    _ok(r)
    assert r.returncode == 0 and r.stdout.rstrip().endswith(f"→ {printable(db)}"), r.stderr
    assert os.path.exists(db + ".lock")
    r = run_grdrs("papers", "--db", db, env=STRICT)
    assert r.returncode == 0 and "13/2023" in r.stdout, r.stderr


def test_oparl_file_name_not_utf8_is_named_printably(tmp_path: Path):
    """ingest-oparl reads a folder whose name is not UTF-8 (its papers were each 'cannot import
    paper: UnicodeEncodeError') and names a broken JSON file in it as ingest does, with
    ``\\xe4`` (not Python's ``\\udce4``); ingest's 'nothing to read' names such a folder so."""
    folder = Path(os.fsdecode(os.fsencode(tmp_path) + b"/Sitzung-M\xe4rz"))
    folder.mkdir()
    bad = _latin1_name(folder, b"Beschl\xfcsse.json", b"{not json")
    (folder / "papers.json").write_text(json.dumps({"data": [{
        "id": "https://oparl.invalid/paper/1", "type": "https://schema.oparl.org/1.1/Paper",
        "reference": "1/2020", "name": "Test"}]}), encoding="utf-8")
    r = run_grdrs("ingest-oparl", str(folder), "--db", str(tmp_path / "k.db"), env=STRICT)
    _ok(r)
    assert f"grdrs: {printable(bad)}: not JSON" in r.stderr and "\\udc" not in r.stderr
    assert r.stdout.startswith("1 paper(s): 1 new"), r.stderr  # the folder's name is stored
    r = run_grdrs("ingest", str(folder), "--db", str(tmp_path / "i.db"), env=STRICT)
    assert r.returncode == 2 and "\\udc" not in r.stderr, r.stderr
    assert f"grdrs ingest-oparl {printable(folder)}" in r.stderr
