"""A newcomer's first hour (issue 17): read-only databases, files that are not databases,
Ctrl-C, one writer at a time, search operators, names that work, spreadsheets."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import KARLSRUHE, ROOT, run_grdrs

from grdrs import store

CORPUS = ROOT / "corpus" / "papers"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The bundled sample corpus in a database (as `grdrs demo` makes it)."""
    path = tmp_path_factory.mktemp("demo") / "grdrs.db"
    r = run_grdrs("ingest", str(CORPUS), "--db", str(path))
    assert r.returncode == 0, r.stderr
    return path


def _no_traceback(r: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in r.stderr and "Error:" not in r.stderr.replace("grdrs:", ""), \
        r.stderr


def _oparl_folder(folder: Path, reference: str) -> Path:
    """A folder of OParl JSON with one Vorlage."""
    folder.mkdir()
    (folder / "papers.json").write_text(json.dumps([{
        "id": f"https://example.org/paper/{reference}", "paperType": "Beschlussvorlage",
        "type": "https://schema.oparl.org/1.1/Paper", "reference": reference,
        "name": "Kita Ausbau Oststadt", "date": "2023-05-02"}]))
    return folder


# --- 1. a database the user cannot write --------------------------------------------------------

def _as_user(*args: str) -> subprocess.CompletedProcess:
    """Run grdrs without the power to write what is read-only: root keeps uid 0 but loses
    the capabilities that override file permissions."""
    cmd = [sys.executable, "-m", "grdrs", *args]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


@pytest.fixture
def read_only(demo: Path, tmp_path: Path):
    """A copy of the demo database in a folder nobody may write (as on a read-only mount)."""
    folder = tmp_path / "share"
    folder.mkdir()
    src = sqlite3.connect(demo)
    dst = sqlite3.connect(folder / "grdrs.db")
    src.backup(dst)
    dst.execute("PRAGMA journal_mode=WAL")  # what grdrs leaves: a WAL database
    src.close()
    dst.close()
    for extra in folder.glob("grdrs.db-*"):
        extra.unlink()
    (folder / "grdrs.db").chmod(0o444)
    folder.chmod(0o555)
    yield folder / "grdrs.db"
    folder.chmod(0o755)


def test_queries_work_on_a_read_only_database(read_only: Path):
    db = str(read_only)
    draft = ROOT / "corpus" / "drafts" / "GRDrs_9050_2024.pdf"
    for args in (["papers"], ["show", "563/2023"], ["search", "Budget"],
                 ["history", "563/2023"], ["refs", "563/2023"],
                 ["export", "graph", "--format", "json"], ["check", str(draft)]):
        r = _as_user(*args, "--db", db)
        _no_traceback(r)
        assert r.returncode in (0, 1) and r.stdout.strip(), (args, r.stderr)
        assert "internal error" not in r.stderr and "readonly" not in r.stderr, args
    assert sorted(p.name for p in read_only.parent.iterdir()) == ["grdrs.db"]


def test_writing_a_read_only_database_fails_in_one_line(read_only: Path, tmp_path: Path):
    # (ingest-oparl reads its source before it opens the database: give it one to read)
    source = tmp_path / "oparl"
    source.mkdir()
    (source / "papers.json").write_text(json.dumps({"data": [{
        "id": "https://oparl.invalid/paper/1", "type": "https://schema.oparl.org/1.1/Paper",
        "name": "Neubau", "reference": "1/2020"}]}), encoding="utf-8")
    for args in (["ingest", str(CORPUS / "GRDrs_563_2023.pdf")],
                 ["ingest-oparl", str(source)]):
        r = _as_user(*args, "--db", str(read_only))
        assert r.returncode == 2, r.stderr
        assert r.stderr.count("\n") == 1 and "read-only" in r.stderr, r.stderr
    # a read-only file in a folder that can be written
    read_only.parent.chmod(0o755)
    r = _as_user("ingest", str(CORPUS / "GRDrs_563_2023.pdf"), "--db", str(read_only))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "read-only" in r.stderr


# --- 4. not a database -----------------------------------------------------------------------

def test_a_file_that_is_not_a_database(tmp_path: Path):
    empty = tmp_path / "empty.db"
    empty.touch()
    text = tmp_path / "notes.db"
    text.write_text("Kita Ausbau 2024\n" * 50)
    other = tmp_path / "addresses.db"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE addresses (name TEXT)")
    for db, why in ((empty, "empty"), (text, "not an SQLite file"),
                    (other, "without grdrs's tables")):
        for args in (["papers"], ["search", "Kita"], ["show", "563/2023"]):
            r = run_grdrs(*args, "--db", str(db))
            assert r.returncode == 2, r.stderr
            _no_traceback(r)
            assert "not a grdrs database" in r.stderr and why in r.stderr
    r = run_grdrs("ingest", str(CORPUS / "GRDrs_563_2023.pdf"), "--db", str(text))
    assert r.returncode == 2 and "not a grdrs database" in r.stderr
    assert text.read_text() == "Kita Ausbau 2024\n" * 50
    for args in (["papers"], ["ingest", str(CORPUS / "GRDrs_563_2023.pdf")]):  # --db a folder
        r = run_grdrs(*args, "--db", str(tmp_path))
        assert r.returncode == 2 and f"{tmp_path} is a folder, not a database file" in r.stderr


def test_ingest_oparl_of_a_missing_folder_makes_no_database(tmp_path: Path):
    db = tmp_path / "new.db"
    r = run_grdrs("ingest-oparl", str(tmp_path / "karlsruhe"), "--db", str(db))
    assert r.returncode == 2 and "no such file or folder" in r.stderr
    assert list(tmp_path.iterdir()) == []


# --- 7. Ctrl-C -------------------------------------------------------------------------------

def _interrupt(args: list[str], ready: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Start grdrs, wait until stderr/stdout shows ``ready``-ish progress (or 3 s), then press
    Ctrl-C as a terminal does: SIGINT to the whole process group."""
    out, err = tmp_path / "out", tmp_path / "err"
    with open(out, "w") as fo, open(err, "w") as fe:
        p = subprocess.Popen([sys.executable, "-m", "grdrs", *args], stdout=fo, stderr=fe,
                             start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and ready not in err.read_text():
            time.sleep(0.05)
        time.sleep(0.5)
        os.killpg(p.pid, signal.SIGINT)
        p.wait(timeout=120)
    return subprocess.CompletedProcess(args, p.returncode, out.read_text(), err.read_text())


def test_ctrl_c_in_ingest_exits_130_with_its_own_message(tmp_path: Path):
    # many copies of the corpus: more than the half second before Ctrl-C can read
    src = tmp_path / "papers"
    for i in range(8):
        shutil.copytree(CORPUS, src / str(i))
    r = _interrupt(["ingest", str(src), "--db", str(tmp_path / "g.db"), "-q"], "", tmp_path)
    assert r.returncode == 130, (r.stdout, r.stderr)
    assert "interrupted" in r.stderr and "Aborted" not in r.stderr
    _no_traceback(r)
    again = run_grdrs("ingest", str(src), "--db", str(tmp_path / "g.db"), "-q")
    assert again.returncode == 0, again.stderr


def test_an_interrupt_after_commit_is_not_hidden_by_a_failed_rollback(tmp_path: Path):
    """Ctrl-C can land when SQLite has no transaction left to roll back (during or right
    after COMMIT): the interrupt must come through, not "cannot rollback"."""
    from grdrs import store

    conn = store.connect(tmp_path / "g.db", write=True)
    with pytest.raises(KeyboardInterrupt):
        with store.tx(conn):
            conn.execute("INSERT INTO meta VALUES ('probe', '1')")
            conn.execute("COMMIT")
            raise KeyboardInterrupt
    assert conn.execute("SELECT value FROM meta WHERE key = 'probe'").fetchone()[0] == "1"
    with pytest.raises(KeyboardInterrupt):
        with store.tx(conn):
            conn.execute("INSERT INTO meta VALUES ('gone', '1')")
            raise KeyboardInterrupt
    assert conn.execute("SELECT 1 FROM meta WHERE key = 'gone'").fetchone() is None


# Ctrl-C while SQLite runs grdrs_unzip (the triggers indexing a page call it): the SIGINT is
# raised in that function, at its Nth call, as a Ctrl-C at random moments sometimes lands
_UNZIP_INTERRUPTED = """
import signal, sys
from grdrs.store import db
real, calls, nth = db.unzip_text, [0], int(sys.argv.pop())
def unzip(blob):
    calls[0] += 1
    if calls[0] == nth:
        signal.raise_signal(signal.SIGINT)
    return real(blob)
db.unzip_text = unzip
from grdrs.cli import main
sys.argv[0] = "grdrs"
main()
"""


def test_ctrl_c_inside_a_function_sqlite_calls_is_an_interrupt(tmp_path: Path):
    """sqlite3 turns a KeyboardInterrupt raised in a Python function it calls into
    "OperationalError: user-defined function raised exception" (was a 35-line traceback,
    exit 1, in 3 of 30 random Ctrl-Cs of an ingest): the interrupt's exit 130 and line."""
    src = tmp_path / "papers"
    src.mkdir()
    for name in ("GRDrs_563_2023.pdf", "GRDrs_9012_2023.txt", "Antrag_9010_2023.html"):
        shutil.copy(CORPUS / name, src / name)
    db = tmp_path / "g.db"
    for nth in ("1", "3"):
        r = subprocess.run([sys.executable, "-c", _UNZIP_INTERRUPTED, "ingest", str(src),
                            "--db", str(db), "-q", nth], capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 130, r.stderr
        assert r.stderr.startswith("grdrs: interrupted; what was stored so far stays in") \
            and r.stderr.count("\n") == 1, r.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # no file without its pages (each file one transaction)
    assert conn.execute("SELECT count(*) FROM files f WHERE f.pages > 0 AND NOT EXISTS "
                        "(SELECT 1 FROM pages p WHERE p.file_id = f.id)").fetchone()[0] == 0
    conn.close()
    again = run_grdrs("ingest", str(src), "--db", str(db), "-q")
    assert again.returncode == 0 and "0 failed" in again.stdout, again.stderr


# (pytest reports the KeyboardInterrupt sqlite3 swallowed inside its call as unraisable: that
# swallowing is what the test is about)
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_interrupt_sqlite_made_an_error_of_ends_the_transaction_as_one(tmp_path: Path):
    """In a transaction: rolled back and raised as KeyboardInterrupt; its error caught inside
    the transaction (a fallback): the transaction kept, then the interrupt. Ctrl-Cs are counted
    only inside store.counting_interrupts() (the CLI's write commands): a writer connection
    leaves a host program's SIGINT handler alone (was replaced for good, and asyncio.run
    then installed none of its own), and the handler before is back on leaving."""
    store.connect(tmp_path / "g.db", write=True).close()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    conn = store.connect(tmp_path / "g.db", write=True)

    def interrupted(blob):
        signal.raise_signal(signal.SIGINT)

    conn.create_function("grdrs_unzip", 1, interrupted)
    try:
        with store.counting_interrupts():
            assert signal.getsignal(signal.SIGINT) is not signal.default_int_handler
            with pytest.raises(sqlite3.OperationalError, match="user-defined function"):
                conn.execute("SELECT grdrs_unzip(1)")  # what sqlite3 makes of it
            with pytest.raises(KeyboardInterrupt):
                with store.tx(conn):
                    conn.execute("INSERT INTO meta VALUES ('gone', '1')")
                    conn.execute("SELECT grdrs_unzip(1)")
            assert conn.execute("SELECT 1 FROM meta WHERE key = 'gone'").fetchone() is None
            with pytest.raises(KeyboardInterrupt):
                with store.tx(conn):
                    conn.execute("INSERT INTO meta VALUES ('kept', '1')")
                    try:
                        conn.execute("SELECT grdrs_unzip(1)")
                    except sqlite3.OperationalError:
                        pass
            assert conn.execute("SELECT 1 FROM meta WHERE key = 'kept'").fetchone()
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        with pytest.raises(KeyboardInterrupt):  # an error after a Ctrl-C counted inside
            with store.counting_interrupts():
                conn.execute("SELECT grdrs_unzip(1)")
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler

        def host(signum, frame):  # a program's own handler: left as it is
            pass

        signal.signal(signal.SIGINT, host)
        with store.counting_interrupts():
            assert signal.getsignal(signal.SIGINT) is host
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        conn.close()


def test_ctrl_c_in_ingest_oparl_exits_130_without_noise(tmp_path: Path):
    if not KARLSRUHE.is_dir():
        pytest.skip(f"{KARLSRUHE} is not beside the checkout")
    db = tmp_path / "g.db"
    r = _interrupt(["ingest-oparl", str(KARLSRUHE), "--db", str(db), "--jobs", "1"],
                   "meeting(s)", tmp_path)
    assert r.returncode == 130, (r.stdout, r.stderr)
    assert "interrupted" in r.stderr and "resume" in r.stderr
    assert "rollback" not in r.stderr and "no transaction" not in r.stderr
    _no_traceback(r)


# --- 8. one writer at a time -----------------------------------------------------------------

def test_ingest_oparl_waits_for_the_ingest_lock(tmp_path: Path):
    folder = _oparl_folder(tmp_path / "json", "2023/0425")
    db = tmp_path / "g.db"
    assert run_grdrs("ingest", str(CORPUS / "GRDrs_563_2023.pdf"), "--db", str(db)
                     ).returncode == 0
    with open(str(db) + ".lock", "a+b") as lock:  # what a running `grdrs ingest` holds
        fcntl.flock(lock, fcntl.LOCK_EX)
        p = subprocess.Popen([sys.executable, "-m", "grdrs", "ingest-oparl", str(folder),
                              "--db", str(db), "--jobs", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert p.poll() is None, p.communicate()  # still waiting
        fcntl.flock(lock, fcntl.LOCK_UN)
        out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert "another ingest is writing" in err and "1 new" in out


# --- 2 and 11. search --------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["Kita OR", "OR", "AND", "Kita AND", "NOT Kita",
                                   "Kita OR AND Schule"])
def test_search_operators_without_words_are_a_clear_error(demo: Path, query: str):
    r = run_grdrs("search", *query.split(), "--db", str(demo))
    assert r.returncode == 2, r.stdout
    _no_traceback(r)
    assert "goes between two words" in r.stderr and r.stderr.count("\n") == 1


@pytest.mark.parametrize("query", ["", "*", "** *", '""', "'' \"\" *"])  # '""': was "no hits"
def test_a_search_without_words_is_a_clear_error(demo: Path, query: str):
    r = run_grdrs("search", query, "--db", str(demo))
    assert r.returncode == 2, r.stdout
    _no_traceback(r)
    assert "has no words to search for" in r.stderr and r.stderr.count("\n") == 1


def test_a_word_with_a_leading_minus_points_to_not(demo: Path):
    """`-Kita` (a web search's "without") is no option (was click's "No such option '-K'");
    nor is `-Schule`, which click read as -S -c -h … and answered with the help, exit 0."""
    for words in (["-Kita"], ["Budget", "-Kita"], ["Budget", "-Schule"], ["Budget", "-Wahl"]):
        r = run_grdrs("search", *words, "--db", str(demo))
        word = words[-1][1:]
        assert r.returncode == 2 and f"NOT {word}" in r.stderr, r.stderr
        _no_traceback(r)
    assert "Usage:" in run_grdrs("search", "-h").stdout  # the help is still -h
    # nor when another option sends the line to click: that option's usage error, exit 2
    r = run_grdrs("search", "Budget", "-Schule", "--limit", "0", "--db", str(demo))
    assert r.returncode == 2 and "--limit" in r.stderr and "Options:" not in r.stdout


def test_search_operators_between_words_and_the_count(demo: Path):
    both = json.loads(run_grdrs("search", "Budget", "--db", str(demo), "--json",
                                "--limit", "1000").stdout)
    either = json.loads(run_grdrs("search", "Budget", "OR", "Einsamkeit", "--db", str(demo),
                                  "--json", "--limit", "1000").stdout)
    but_not = json.loads(run_grdrs("search", "Budget", "NOT", "Einsamkeit", "--db", str(demo),
                                   "--json", "--limit", "1000").stdout)
    assert len(either) > len(both) > len(but_not) > 0
    r = run_grdrs("search", "Budget", "--db", str(demo), "--limit", "3")
    assert r.returncode == 0
    head = r.stdout.splitlines()[0]
    # the count is every matching page; the list has one file per paper (PDF or its export)
    pages = sum(1 for (t,) in store.connect(demo).execute("SELECT clean FROM page_texts")
                if re.search(r"\bbudget\b", t, re.I))
    assert pages >= len(both)
    assert head == f"{pages} matching page(s); the best 3 shown, one file per paper " \
        "(--limit N shows more)"
    assert r.stdout.count(", p. ") == 3
    head = run_grdrs("search", "Einsamkeit", "OR", "Budget", "--db", str(demo), "--limit",
                     "1000").stdout.splitlines()[0]
    assert head.endswith(f"; the best {len(either)} shown, one file per paper"), head


def test_search_lists_a_paper_from_one_file_and_tidies_snippets(tmp_path: Path):
    """A paper as PDF and text is one paper: its pages are listed once, not once per file;
    a table's bare punctuation does not fill the snippet."""
    from grdrs.queries import tidy_snippet

    db = tmp_path / "g.db"
    pdf, txt = CORPUS / "GRDrs_9012_2023.pdf", CORPUS / "GRDrs_9012_2023.txt"
    assert run_grdrs("ingest", str(pdf), str(txt), "--db", str(db)).returncode == 0
    for word in ("Armutskonferenz", "Verwaltung"):
        hits = json.loads(run_grdrs("search", word, "--db", str(db), "--json").stdout)
        assert hits and len({h["file"] for h in hits}) == 1, hits
        assert len({(h["paper"], h["page"]) for h in hits}) == len(hits)
    assert tidy_snippet("Kosten ( ( ( ( [Kita] . . . . 2024 –  Ausbau") == \
        "Kosten … [Kita] … 2024 – Ausbau"
    odd = tmp_path / "table.txt"
    odd.write_text("Übersicht Kita\n" + "( ( ( ( ( ( ( ( ( (\n" * 20 + "Ausbau der Kita 2024\n")
    assert run_grdrs("ingest", str(odd), "--db", str(db)).returncode == 0
    hits = json.loads(run_grdrs("search", "Ausbau", "--db", str(db), "--json").stdout)
    assert hits and all("( ( (" not in h["snippet"] for h in hits)


# --- 3. names that work ----------------------------------------------------------------------

PROTOCOL = """Protokoll: {c} der Landeshauptstadt Stuttgart
Niederschrift Nr. 66
TOP: {top}
Drucksache: 563/2023
Sitzungstermin: {d}
Sitzungsart: öffentlich
Protokollführung: Frau Keller / ke
Betreff: {t}
Beratungsunterlage ist die Vorlage GRDrs 563/2023.
Ergebnis: einstimmige Zustimmung
"""


@pytest.fixture(scope="module")
def names(tmp_path_factory) -> Path:
    """The sample corpus, two Niederschriften Nr. 66 of different committees, and a Karlsruhe
    Vorlage from OParl."""
    folder = tmp_path_factory.mktemp("names")
    (folder / "NS_VA.txt").write_text(PROTOCOL.format(
        c="Verwaltungsausschuss", top=3, d="28.03.2019", t="Wahl Amtsleitung Branddirektion"))
    (folder / "NS_GR.txt").write_text(PROTOCOL.format(
        c="Gemeinderat", top=5, d="16.05.2019", t="Haushalt Kita-Ausbau"))
    oparl = _oparl_folder(folder / "oparl", "2023/0386")
    db = folder / "g.db"
    r = run_grdrs("ingest", str(CORPUS), str(folder / "NS_VA.txt"), str(folder / "NS_GR.txt"),
                  "--db", str(db))
    assert r.returncode == 0, r.stderr
    r = run_grdrs("ingest-oparl", str(oparl), "--db", str(db), "--jobs", "1")
    assert r.returncode == 0, r.stderr
    return db


def test_every_label_grdrs_prints_is_accepted_back(names: Path):
    from grdrs import queries, store

    conn = store.connect(names)
    rows = json.loads(run_grdrs("papers", "--stubs", "--json", "--db", str(names)).stdout)
    labels = {(r["council"], r["ref"]) for r in rows}
    real = [(r["council"], r["ref"]) for r in rows if not r["stub"]]
    assert len(set(real)) == len(real)  # no two papers printed alike
    for council, ref in labels:
        row = queries.resolve(conn, ref)
        assert (row["council"], queries.label(row)) == (council, ref)
    # the table as a person reads it: the first column, uncut
    table = run_grdrs("papers", "--db", str(names)).stdout.splitlines()[2:-1]
    shown = {line.split("  ")[0] for line in table}
    assert "Niederschrift 9131" in shown
    assert {"Niederschrift 66 (Verwaltungsausschuss, 2019-03-28)",
            "Niederschrift 66 (Gemeinderat, 2019-05-16)"} <= shown
    for ref in ("Niederschrift 9131", "Niederschrift 66 (Gemeinderat, 2019-05-16)"):
        r = run_grdrs("show", ref, "--db", str(names))
        assert r.returncode == 0 and r.stdout.startswith(ref), r.stderr


def test_copies_of_one_file_name_are_named_by_their_paths(tmp_path, monkeypatch):
    """Two papers without a number and with one file name (a copy in another folder) are
    named by the shortest tail of their paths that tells them apart — in `papers`, `search`,
    `history`, `show` — and every such name, a path and a tail of one name them back."""
    text = "Mitteilung\n\nDas Budget beträgt 40.000 Euro.\n"
    for folder, extra in (("a", ""), ("b", "Neu: 5.000 Euro.\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bericht.txt").write_text(text + extra, encoding="utf-8")
    db = tmp_path / "g.db"
    assert run_grdrs("ingest", str(tmp_path / "a"), str(tmp_path / "b"),
                     "--db", str(db)).returncode == 0
    listed = json.loads(run_grdrs("papers", "--json", "--db", str(db)).stdout)
    assert sorted(p["ref"] for p in listed) == ["a/bericht", "b/bericht"]
    table = run_grdrs("papers", "--db", str(db)).stdout.splitlines()[2:-1]
    assert sorted(line.split()[0] for line in table) == ["a/bericht", "b/bericht"]
    hits = json.loads(run_grdrs("search", "Budget", "--json", "--db", str(db)).stdout)
    assert sorted(h["paper"] for h in hits) == ["a/bericht", "b/bericht"]
    for name, amounts in (("a/bericht", 1), ("b/bericht", 2)):
        r = run_grdrs("show", name, "--db", str(db), "--json")
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["paper"]["ref"] == name
        assert len(json.loads(r.stdout)["amounts"]) == amounts
        r = run_grdrs("history", name, "--db", str(db))
        assert r.returncode == 0 and r.stdout.startswith(f"History of {name}"), r.stderr
    r = run_grdrs("show", "bericht", "--db", str(db))
    assert r.returncode == 2 and "names 2 papers: a/bericht, b/bericht" in r.stderr, r.stderr
    paths = [str((tmp_path / f / "bericht.txt").resolve()) for f in "ab"]
    for ref, amounts in zip(paths + [p[:-4] for p in paths] + [f"{tmp_path.name}/b/bericht"],
                            (1, 2, 1, 2, 2)):
        r = run_grdrs("show", ref, "--db", str(db), "--json")
        assert r.returncode == 0, r.stderr
        assert len(json.loads(r.stdout)["amounts"]) == amounts
    monkeypatch.chdir(tmp_path)  # a path relative to where the user stands
    r = run_grdrs("show", "b/bericht.txt", "--db", str(db), "--json",
                  env={"PYTHONPATH": str(ROOT)})  # (this checkout's grdrs, not an installed one)
    assert r.returncode == 0 and len(json.loads(r.stdout)["amounts"]) == 2, r.stderr
    monkeypatch.undo()
    # b's file now prints a number: a, alone with its name, is named by it again
    (tmp_path / "b" / "bericht.txt").write_text("GRDrs 9001/2023\n" + text, encoding="utf-8")
    assert run_grdrs("ingest", str(tmp_path / "b"), "--db", str(db)).returncode == 0
    listed = json.loads(run_grdrs("papers", "--json", "--db", str(db)).stdout)
    assert sorted(p["ref"] for p in listed) == ["9001/2023", "bericht"]


def test_protocols_with_one_number_are_told_apart(names: Path):
    r = run_grdrs("show", "Niederschrift 66", "--db", str(names))
    assert r.returncode == 2
    assert "names 2 papers" in r.stderr and "Niederschrift 66 (Verwaltungsausschuss, " \
        "2019-03-28)" in r.stderr and "Niederschrift 66 (Gemeinderat, 2019-05-16)" in r.stderr
    for ref, title in (("Niederschrift 66 Gemeinderat", "Haushalt Kita-Ausbau"),
                       ("Protokoll 66 28.03.2019", "Wahl Amtsleitung"),
                       ("Niederschrift Nr. 66 (Verwaltungsausschuss)", "Wahl Amtsleitung")):
        r = run_grdrs("show", ref, "--db", str(names), "--json")
        assert r.returncode == 0, (ref, r.stderr)
        assert json.loads(r.stdout)["paper"]["title"].startswith(title)
    r = run_grdrs("show", "Niederschrift 66 Jugendhilfeausschuss", "--db", str(names))
    assert r.returncode == 1 and "did you mean: Niederschrift 66 (" in r.stderr


@pytest.mark.parametrize("ref, first", [
    ("2023/386", "2023/0386"),  # Karlsruhe numbers are zero-padded
    ("563/2O23", "563/2023"),  # a letter O for a zero
    ("9020/2023", "Anfrage 9020/2023"),  # the number exists only as an Anfrage
    ("9003/2032", "9003/2023"),
    ("386/2023", "2023/0386"),  # Stuttgart's order for a Karlsruhe number (and the reverse)
    ("2023/9003", "9003/2023"),
])
def test_near_misses_get_did_you_mean(names: Path, ref: str, first: str):
    r = run_grdrs("show", ref, "--db", str(names))
    assert r.returncode == 1, r.stdout
    assert "did you mean: " in r.stderr, r.stderr
    near = r.stderr.split("did you mean: ", 1)[1].rstrip("?\n").split(", ")
    assert near[0] == first, near
    assert run_grdrs("show", first, "--db", str(names)).returncode == 0


def test_an_empty_ref_is_a_usage_error(names: Path):
    for args in (["show", ""], ["refs", " "], ["history", '""'],
                 ["export", "graph", "--format", "json", "--around", ""]):
        r = run_grdrs(*args, "--db", str(names))
        assert r.returncode == 2 and "REF is empty" in r.stderr, (args, r.stderr)


# --- 5. the same paper twice in show ---------------------------------------------------------

def test_show_lists_each_linked_paper_once_with_its_link_types(demo: Path):
    ans = json.loads(run_grdrs("show", "9003/2023", "--db", str(demo), "--json").stdout)
    supplement = [e["edge"] for e in ans["cited_by"] if e["ref"] == "9003/2023 1. Ergänzung"]
    assert sorted(supplement) == ["cites", "supplements"]  # two links, as refs has them
    text = run_grdrs("show", "9003/2023", "--db", str(demo)).stdout
    cited_by = text.split("\nCited by (", 1)[1].split("\n\n", 1)[0].splitlines()
    refs = [line.split(" (")[0].strip() for line in cited_by[1:]]
    assert len(refs) == len(set(refs)) == int(cited_by[0].split(")")[0])
    line = next(x for x in cited_by if x.strip().startswith("9003/2023 1. Ergänzung"))
    assert "(cites, supplements)" in line
    answer = run_grdrs("show", "Antrag 9010/2023", "--db", str(demo)).stdout
    assert "Stellungnahme 9010/2023 (answers, cites)" in answer
    assert answer.count("Stellungnahme 9010/2023") == 1


# --- 6. a paper's metadata does not depend on the order of ingest -------------------------------

def test_metadata_of_several_files_is_merged_whatever_the_order(tmp_path: Path):
    """The text copy names no department and another date: the department stays (from the
    PDF), the PDF's date wins in either order, and the disagreement is shown."""
    pdf = CORPUS / "GRDrs_9012_2023.pdf"
    txt = tmp_path / "GRDrs_9012_2023.txt"
    text = (CORPUS / "GRDrs_9012_2023.txt").read_text(encoding="utf-8")
    assert "Referat Soziales und gesellschaftliche Integration\n" in text
    txt.write_text(text.replace("Referat Soziales und gesellschaftliche Integration\n", "")
                   .replace("Stuttgart, 11/30/2023", "Stuttgart, 12/01/2023"), encoding="utf-8")
    shown = []
    for order in ((pdf, txt), (txt, pdf)):
        db = tmp_path / f"{order[0].suffix[1:]}-first.db"
        for f in order:
            assert run_grdrs("ingest", str(f), "--db", str(db)).returncode == 0
        shown.append(json.loads(run_grdrs("show", "9012/2023", "--db", str(db), "--json"
                                          ).stdout)["paper"])
        text_out = run_grdrs("show", "9012/2023", "--db", str(db)).stdout
        assert "its sources disagree on date: 2023-11-30 (GRDrs_9012_2023.pdf); 2023-12-01 " \
               "(GRDrs_9012_2023.txt)" in text_out
    assert shown[0] == shown[1]
    paper = shown[0]
    assert paper["department"] == "Referat Soziales und gesellschaftliche Integration"
    assert paper["date"] == "2023-11-30"
    assert [s["value"] for s in paper["disagreements"]["date"]] == ["2023-11-30", "2023-12-01"]
    assert "department" not in paper["disagreements"]  # one file says nothing: no dispute


def test_show_names_oparl_files_and_their_roles(tmp_path: Path):
    folder = tmp_path / "json"
    folder.mkdir()
    text = (CORPUS / "GRDrs_9012_2023.txt").read_text(encoding="utf-8")
    (folder / "papers.json").write_text(json.dumps([{
        "id": "https://example.org/paper/7", "type": "https://schema.oparl.org/1.1/Paper",
        "reference": "2023/0777", "name": "Kita Ausbau Oststadt", "date": "2023-05-02",
        "paperType": "Beschlussvorlage",
        "mainFile": {"id": "https://example.org/file/1", "name": "Vorlage 2023/0777",
                     "fileName": "vorlage.pdf", "text": text},
        "auxiliaryFile": [{"id": "https://example.org/file/2", "name": "Anlage 1 Lageplan",
                           "fileName": "anlage1.pdf", "text": "Lageplan Kita Oststadt"}]}]))
    db = tmp_path / "g.db"
    r = run_grdrs("ingest-oparl", str(folder), "--db", str(db), "--jobs", "1")
    assert r.returncode == 0, r.stderr
    ans = json.loads(run_grdrs("show", "2023/0777", "--db", str(db), "--json").stdout)
    files = {f["path"]: f for f in ans["files"]}
    assert files["https://example.org/file/1"]["role"] == "main"
    assert files["https://example.org/file/2"]["role"] == "attachment"
    assert all(f["name"] for f in files.values())
    out = run_grdrs("show", "2023/0777", "--db", str(db)).stdout
    line = next(x for x in out.splitlines() if "https://example.org/file/2" in x)
    assert files["https://example.org/file/2"]["name"] in line and "attachment" in line


# --- 9. spreadsheets ---------------------------------------------------------------------------

def test_csv_for_german_excel(demo: Path, tmp_path: Path):
    r = run_grdrs("export", "graph", "--format", "csv", "-o", str(tmp_path / "xl"), "--excel",
                  "--db", str(demo))
    assert r.returncode == 0, r.stderr
    raw = (tmp_path / "xl" / "nodes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    text = raw.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.split(";")[:3] == ["id", "kind", "label"] and "," not in header
    assert "Einsamkeit wirksam begegnen" in text and "Öffentlichkeitsarbeit" in text
    import csv as _csv

    rows = list(_csv.reader(text.splitlines(), delimiter=";"))
    assert len({len(row) for row in rows}) == 1  # every row has the header's columns
    plain = (tmp_path / "plain")
    assert run_grdrs("export", "graph", "--format", "csv", "-o", str(plain), "--db",
                     str(demo)).returncode == 0
    assert not (plain / "nodes.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "--excel" in run_grdrs("export", "graph", "--help").stdout
    assert run_grdrs("export", "graph", "--format", "json", "--excel", "--db",
                     str(demo)).returncode == 2


def test_csv_for_excel_writes_decimal_commas(tmp_path: Path):
    import networkx as nx

    from grdrs.graph.export import write_csv

    g = nx.MultiDiGraph()
    g.add_node("a", kind="budget", label="Teilhaushalt 810", amount="57000.00", share=0.5,
               year=2024, date="2024-01-01", number="563/2023", top="12.1")
    g.add_node("b", kind="paper", label="Straße")
    g.add_edge("a", "b", type="budget", value="1234.5")
    nodes, edges = write_csv(g, tmp_path, excel=True)
    text = nodes.read_text(encoding="utf-8-sig")
    row = dict(zip(text.splitlines()[0].split(";"), text.splitlines()[1].split(";")))
    assert row["amount"] == "57000,00" and row["share"] == "0,5" and row["year"] == "2024"
    assert row["date"] == "2024-01-01" and row["number"] == "563/2023"
    assert row["top"] == "12.1"  # text that looks like a decimal stays text
    assert "1234,5" in edges.read_text(encoding="utf-8-sig")


# --- 11. smaller things ------------------------------------------------------------------------

def test_ingest_of_an_oparl_dump_points_to_ingest_oparl(tmp_path: Path):
    dump = tmp_path / "karlsruhe"
    dump.mkdir()
    for name in ("papers.jsonl.gz", "meetings.jsonl.gz", "organizations.json", "README.md"):
        (dump / name).write_bytes(b"{}")
    db = tmp_path / "g.db"
    r = run_grdrs("ingest", str(dump), "--db", str(db))
    assert r.returncode == 2
    assert "nothing to read: 4 file(s) skipped" in r.stderr
    assert f"grdrs ingest-oparl {dump}" in r.stderr
    assert not db.exists()
    other = tmp_path / "pictures"
    other.mkdir()
    (other / "a.png").write_bytes(b"\x89PNG")
    r = run_grdrs("ingest", str(other), "--db", str(db))
    assert r.returncode == 2 and "nothing to read" in r.stderr and "ingest-oparl" not in r.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run_grdrs("ingest", str(empty), "--db", str(db))  # an empty folder: no database either
    assert r.returncode == 2 and f"nothing to read: no file in {empty}" in r.stderr, r.stderr
    assert not db.exists()
    (other / "a.txt").write_text("GRDrs 1/2024 Kita", encoding="utf-8")
    r = run_grdrs("ingest", str(other), "--db", str(db))
    assert r.returncode == 0 and "1 new" in r.stdout and "1 skipped" in r.stdout


def test_quality_names_a_missing_date_instead_of_none():
    from grdrs.oparl import quality

    inp = {"council": "k", "number": "2023/0425", "date": "2023-05-02", "type": "Antrag",
           "pages": 1, "text_meta": {"number": "2023/0425", "date": "2023-05-02",
                                     "type": "Antrag"},
           "oparl_consultations": [("Gemeinderat", "2023-05-23"), ("Hauptausschuss", None)],
           "text_consultations": [("Gemeinderat", "2023-05-23"), ("Planungsausschuss", None)],
           "cited": [], "links": []}
    _, issues = quality.check(inp)
    said = [x for _, o, t in issues for x in (o, t) if x is not None]
    assert said and not any("None" in x for x in said), said
    assert "Planungsausschuss, no date" in said and "Hauptausschuss, no date" in said


def test_the_start_of_a_long_file_name_is_suggested(tmp_path):
    """Papers known by long file names (minutes without a number): the start of a name, as a
    user types it, suggests the names it starts first (`show 11_Sitzung` suggested the 17th,
    5th, 7th and 22nd sessions but not the 11th)."""
    src = tmp_path / "src"
    src.mkdir()
    names = [f"{n}_Sitzung_des_Rates_2022062{n % 10}_Wortprotokoll_der_{n}_Sitzung_des_Rates"
             for n in (5, 7, 17, 22)]
    names.append("11_Sitzung_des_Rates_Verabschiedung_des_Haushaltes_20211109_Wortprotokoll_der_"
                 "11_Sitzung_des_R_1")  # (as Köln names them)
    for n, name in enumerate(names):
        (src / f"{name}.txt").write_text(
            f"{n + 1}. Sitzung vom 3. Mai 2022 Seite 1\n(Beginn: 17.05 Uhr - Ende: 19.40 Uhr)\n"
            "Bürgermeisterin Roth: Ich eröffne die Sitzung.\n", encoding="utf-8")
    db = tmp_path / "g.db"
    assert run_grdrs("ingest", str(src), "--db", str(db), "--profile", "generic").returncode == 0
    r = run_grdrs("show", "11_Sitzung", "--db", str(db))
    assert r.returncode != 0
    near = r.stderr.split("did you mean:", 1)[1]
    assert near.strip().startswith("11_Sitzung_des_Rates_Verabschiedung"), r.stderr


def test_a_number_is_not_suggested_names_sharing_none_of_its_parts(tmp_path: Path):
    """A number among names that are bare counts (20233, 20234: older Karlsruhe papers): the
    fuzzy match found those alike (the Karlsruhe archive suggested 20223, 20233 … for 563/2023);
    only names sharing the number's year or count are suggested."""
    from grdrs import store
    from grdrs.queries import suggest

    conn = store.connect(tmp_path / "g.db", write=True)
    labels = ["20233", "20234", "22023", "GRDrs 563/2022", "GRDrs 1177/2023"]
    got = suggest(conn, "563/2023", labels)
    assert got and not {"20233", "20234", "22023"} & set(got), got
    assert set(got) <= {"GRDrs 563/2022", "GRDrs 1177/2023"}
