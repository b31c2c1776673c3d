"""`grdrs ingest-oparl` and `grdrs quality`: against a real OParl server on loopback that
serves a sample of the Karlsruhe archive, against dumps on disk, and the mapping's quirks.

No test reaches any host but 127.0.0.1.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import KARLSRUHE, run_grdrs  # noqa: E402
from oparl_server import OParlServer, karlsruhe_sample, write_dump  # noqa: E402

from grdrs.oparl import mapping, quality  # noqa: E402
from grdrs.oparl.client import Client, HTTPStatusError, OParlError  # noqa: E402


@pytest.fixture(scope="module")
def sample() -> dict:
    if not KARLSRUHE.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{KARLSRUHE} is missing, and CI must have it")
        pytest.skip(f"{KARLSRUHE} is not beside the checkout")
    return karlsruhe_sample(str(KARLSRUHE), 60)


def _db(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def _ingest(source: str, db: Path, *extra: str):
    return run_grdrs("ingest-oparl", source, "--db", str(db), "--delay", "0", "--jobs", "1",
                     *extra)


def _live(sample: dict) -> list[dict]:
    return [p for p in sample["papers"] if not p.get("deleted")]


# --- the endpoint ------------------------------------------------------------------------------

def test_endpoint_import_then_incremental_run(sample, tmp_path):
    db = tmp_path / "g.db"
    with OParlServer(sample, page_size=10) as srv:
        r = _ingest(f"{srv.base}/oparl/system", db)
        assert r.returncode == 0, r.stderr
        assert "60 new" in r.stdout
        conn = _db(db)
        assert conn.execute("SELECT count(*) FROM papers WHERE stub = 0 AND council = "
                            "'karlsruhe'").fetchone()[0] == len(_live(sample))
        # pagination followed: 61 papers (60 + the deleted placeholder) in pages of 10
        pages = [p for p in srv.log if p.startswith("/oparl/bodies/0001/papers")]
        assert len(pages) == 7
        # OParl metadata fills the paper
        p0 = srv.lists["papers"][0]
        row = conn.execute("SELECT * FROM papers WHERE number = ?", (p0["reference"],)).fetchone()
        assert row["type"] == p0["paperType"] and row["title"] == p0["name"]
        assert row["date"] == p0["date"] and row["series"] == "vorlage"
        # every paper with files has exactly one main file; downloads went through the files URLs
        assert conn.execute("SELECT count(*) FROM (SELECT paper_id FROM paper_files WHERE role ="
                            " 'main' GROUP BY paper_id HAVING count(*) > 1)").fetchone()[0] == 0
        downloads = [p for p in srv.log if p.startswith("/files/")]
        assert len(downloads) == len(srv.downloads)
        assert conn.execute("SELECT count(*) FROM oparl_consultations WHERE date IS NOT NULL"
                            ).fetchone()[0] > 50
        assert conn.execute("SELECT count(*) FROM oparl_checks").fetchone()[0] == 60
        conn.close()

        # second run: only what changed is listed and fetched
        srv.log.clear()
        changed = srv.lists["papers"][3]["id"]
        gone = srv.lists["papers"][5]
        gone_ref = gone["reference"]
        srv.touch(changed, name="Neuer Titel aus OParl")
        srv.delete(gone["id"])
        r = _ingest(f"{srv.base}/oparl/system", db)
        assert r.returncode == 0, r.stderr
        assert "1 updated" in r.stdout and "1 deleted" in r.stdout, r.stdout
        lists = [p for p in srv.log if "/papers" in p]
        assert lists and all("modified_since" in p for p in lists)
        assert not [p for p in srv.log if p.startswith("/files/")]  # files unchanged
        conn = _db(db)
        assert conn.execute("SELECT title FROM papers p JOIN oparl_objects o ON o.paper_id = p.id"
                            " WHERE o.id = ?", (changed,)).fetchone()[0] == "Neuer Titel aus OParl"
        assert conn.execute("SELECT count(*) FROM papers WHERE number = ? AND stub = 0",
                            (gone_ref,)).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM oparl_objects WHERE id = ?",
                            (gone["id"],)).fetchone()[0] == 0


def test_endpoint_resumes_after_a_failing_page(sample, tmp_path):
    db = tmp_path / "g.db"
    with OParlServer(sample, page_size=10) as srv:
        srv.fail["/papers?page=4"] = 100  # the server keeps failing there
        r = _ingest(f"{srv.base}/oparl/system", db, "--retries", "0")
        assert r.returncode == 1
        assert "server answered 503" in r.stderr and "page=4" in r.stderr
        conn = _db(db)
        assert conn.execute("SELECT count(*) FROM papers WHERE stub = 0").fetchone()[0] == 30
        conn.close()
        srv.fail.clear()
        srv.log.clear()
        r = _ingest(f"{srv.base}/oparl/system", db)
        assert r.returncode == 0, r.stderr
        papers = [p for p in srv.log if p.startswith("/oparl/bodies/0001/papers")]
        assert papers[0].startswith("/oparl/bodies/0001/papers?page=4")  # resumed, not restarted
        conn = _db(db)
        assert conn.execute("SELECT count(*) FROM papers WHERE stub = 0").fetchone()[0] == 60


def test_endpoint_retries_a_flaky_page(sample, tmp_path):
    db = tmp_path / "g.db"
    with OParlServer(sample, page_size=20) as srv:
        srv.fail["/papers?page=2"] = 1
        r = _ingest(f"{srv.base}/oparl/system", db, "--retries", "2")
        assert r.returncode == 0, r.stderr
        assert "retry 1/2" in r.stderr


@pytest.mark.parametrize("quirks", [
    {"plural"}, {"underDirectionof"}, {"no_modified"}, {"loop"},
    {"plural", "underDirectionof", "no_modified", "loop", "404_empty"},
])
def test_endpoint_vendor_quirks(sample, tmp_path, quirks):
    db = tmp_path / "g.db"
    with OParlServer(sample, page_size=15, quirks=quirks) as srv:
        r = _ingest(f"{srv.base}/oparl/system", db)
        assert r.returncode == 0, r.stderr
        if "loop" in quirks:
            assert "pagination loops back" in r.stderr or "pagination repeats" in r.stderr
        conn = _db(db)
        assert conn.execute("SELECT count(*) FROM papers WHERE stub = 0").fetchone()[0] == 60
        assert conn.execute("SELECT count(*) FROM oparl_consultations").fetchone()[0] >= 60
        assert conn.execute("SELECT count(*) FROM papers WHERE department IS NOT NULL"
                            ).fetchone()[0] > 30
        conn.close()
        if "404_empty" in quirks and "no_modified" not in quirks:
            r = _ingest(f"{srv.base}/oparl/system", db)  # nothing changed: the server says 404
            assert r.returncode == 0, r.stderr


def test_endpoint_404_for_an_empty_window(sample, tmp_path):
    db = tmp_path / "g.db"
    with OParlServer(sample, quirks={"404_empty"}) as srv:
        assert _ingest(f"{srv.base}/oparl/system", db).returncode == 0
        srv.log.clear()
        r = _ingest(f"{srv.base}/oparl/system", db)
        assert r.returncode == 0, r.stderr
        assert "0 new, 0 updated" in r.stdout


def test_endpoint_errors_are_clear(sample, tmp_path):
    db = tmp_path / "g.db"
    with OParlServer(sample) as srv:
        srv.fail["/oparl/system"] = 10
        srv.fail_status = 403
        r = _ingest(f"{srv.base}/oparl/system", db)
        assert r.returncode == 2
        assert "server answered 403" in r.stderr
        r = _ingest(f"{srv.base}/nothing-here", db)
        assert r.returncode == 2 and "404" in r.stderr
    r = _ingest("http://127.0.0.1:9/oparl", db, "--retries", "0")  # nobody listens on port 9
    assert r.returncode == 2 and "cannot" in r.stderr


# --- dumps on disk -----------------------------------------------------------------------------

def test_jsonlines_dump_like_the_karlsruhe_archive(sample, tmp_path):
    folder = write_dump(sample, tmp_path / "dump")
    db = tmp_path / "g.db"
    r = _ingest(str(folder), db)
    assert r.returncode == 0, r.stderr
    assert "60 new" in r.stdout and "without text" in r.stdout
    conn = _db(db)
    empty = conn.execute("SELECT count(*) FROM files WHERE kind = 'oparl' AND pages = 0"
                         ).fetchone()[0]
    assert empty == sum(1 for t in sample["texts"].values() if not t["text"].strip())
    assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
    # the texts went through the extractors and into search
    assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] > 100
    r = run_grdrs("search", "Gemeinderat", "--db", str(db), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)
    # the end of the import ranked the commonest words' best pages (none is on enough pages)
    assert [r[0] for r in conn.execute("SELECT term FROM search_top")] == [""]
    ref = _live(sample)[0]["reference"]
    r = run_grdrs("show", ref, "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr
    shown = json.loads(r.stdout)
    assert shown["paper"]["number"] == ref and shown["files"]
    # show lists the consultations as OParl states them, beside those read from the text
    with_cons = next(p for p in _live(sample) if p.get("consultation"))
    r = run_grdrs("show", with_cons["reference"], "--db", str(db), "--json")
    stated = json.loads(r.stdout)["oparl_consultations"]
    assert len(stated) == len(with_cons["consultation"])
    assert all(c["committee"] and c["date"] for c in stated if c["date"])
    # quality: one council with headline figures
    r = run_grdrs("quality", "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr
    (ka,) = json.loads(r.stdout)
    assert ka["council"] == "karlsruhe" and ka["papers"] == 60
    assert ka["number"].get("agree", 0) > 10
    assert ka["consultations"]["printed"] > 10
    r = run_grdrs("quality", "--db", str(db))
    assert r.returncode == 0 and "own number" in r.stdout
    # --council: the one council's report; a council it has no OParl data of is an error
    r = run_grdrs("quality", "--db", str(db), "--council", "Karlsruhe", "--json")
    assert r.returncode == 0 and [c["council"] for c in json.loads(r.stdout)] == ["karlsruhe"]
    for extra in ((), ("--json",)):
        r = run_grdrs("quality", "--db", str(db), "--council", "nope", *extra)
        assert (r.returncode, r.stdout) == (2, "")
        assert r.stderr == ("grdrs: --council nope: unknown council; councils with OParl data: "
                            "karlsruhe\n")
    # the same dump again changes nothing; --since in the future skips every paper
    r = _ingest(str(folder), db)
    assert r.returncode == 0 and "60 unchanged" in r.stdout
    r = _ingest(str(folder), db, "--since", "2099-01-01")
    assert r.returncode == 0 and "60 older than --since" in r.stdout


def test_folder_of_oparl_json_with_texts_and_a_deleted_paper(sample, tmp_path):
    folder = tmp_path / "json"
    folder.mkdir()
    papers = json.loads(json.dumps(_live(sample)[:5]))
    for i, p in enumerate(papers):
        for j, f in enumerate(p.get("auxiliaryFile", [])):
            rec = sample["texts"].get(f["id"].rsplit("/", 1)[-1])
            f["text"] = "" if (i, j) == (0, 0) else (rec["text"] if rec else "")
    (folder / "papers-1.json").write_text(json.dumps({"data": papers[:3], "links": {}}))
    (folder / "papers-2.json").write_text(json.dumps(papers[3:]))
    (folder / "orgs.json.gz").write_bytes(gzip.compress(json.dumps(
        sample["organizations"]).encode()))
    (folder / "broken.json").write_text("{not json")
    db = tmp_path / "g.db"
    r = _ingest(str(folder), db)
    assert r.returncode == 1  # broken.json is named, the rest imported
    assert "broken.json" in r.stderr and "5 new" in r.stdout
    conn = _db(db)
    scan = papers[0]["auxiliaryFile"][0]["id"]
    row = conn.execute("SELECT pages, warnings FROM files WHERE path = ?", (scan,)).fetchone()
    assert row["pages"] == 0 and "no text" in row["warnings"]
    conn.close()
    (folder / "broken.json").unlink()
    (folder / "papers-2.json").write_text(json.dumps(
        [{"id": papers[4]["id"], "type": "https://schema.oparl.org/1.1/Paper",
          "deleted": True}] + papers[3:4]))
    r = _ingest(str(folder), db)
    assert r.returncode == 0, r.stderr
    assert "1 deleted" in r.stdout
    conn = _db(db)
    assert conn.execute("SELECT count(*) FROM papers WHERE number = ? AND stub = 0",
                        (papers[4]["reference"],)).fetchone()[0] == 0


def test_unreadable_sources_exit_2(tmp_path):
    db = tmp_path / "g.db"
    assert _ingest(str(tmp_path / "missing"), db).returncode == 2
    (tmp_path / "empty").mkdir()
    r = _ingest(str(tmp_path / "empty"), db)
    assert r.returncode == 2 and "no OParl" in r.stderr
    r = run_grdrs("ingest-oparl", str(tmp_path), "--db", str(db), "--since", "yesterday")
    assert r.returncode == 2


def test_a_source_that_cannot_be_read_makes_no_database(tmp_path):
    """Nothing read: no database is left behind (as `grdrs ingest` makes none); an existing
    database is not touched."""
    db = tmp_path / "g.db"
    r = _ingest("http://127.0.0.1:9/oparl", db, "--retries", "0")  # nobody listens on port 9
    assert r.returncode == 2 and "cannot fetch" in r.stderr
    (tmp_path / "empty").mkdir()
    assert _ingest(str(tmp_path / "empty"), db).returncode == 2
    r = _ingest("ftp://127.0.0.1/x", db)
    assert r.returncode == 2 and r.stderr.strip() == (
        "grdrs: cannot read ftp://127.0.0.1/x: not an http(s) URL; ingest-oparl reads http(s) "
        "URLs, and folders or files of OParl JSON")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]
    # an existing database stays
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "papers.json").write_text(json.dumps({"data": [{
        "id": "https://oparl.invalid/paper/1", "type": "https://schema.oparl.org/1.1/Paper",
        "reference": "1/2019", "name": "Vorlage"}]}))
    assert _ingest(str(dump), db).returncode == 0
    assert _ingest("http://127.0.0.1:9/oparl", db, "--retries", "0").returncode == 2
    assert [tuple(r) for r in _db(db).execute("SELECT name FROM papers")] == [("1/2019",)]


def test_a_failing_source_leaves_alone_a_database_another_ingest_fills(tmp_path):
    """The database is opened only once the source has answered: an ingest that starts into
    the same new database while the server takes its time before a 404 keeps what it wrote
    (it was deleted with the files the failing run had made), and an empty file given as
    --db stays an empty file."""
    import subprocess
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Slow404(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            time.sleep(3)
            self.send_response(404)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Slow404)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    db, paper = tmp_path / "x.db", tmp_path / "p" / "12-2019.txt"
    paper.parent.mkdir()
    paper.write_text("Vorlage Nr. 12/2019\n\nBetreff: Radweg an der Hauptstraße\n")
    try:
        failing = subprocess.Popen(
            [sys.executable, "-m", "grdrs", "ingest-oparl", f"http://127.0.0.1:"
             f"{srv.server_address[1]}/oparl", "--db", str(db), "--retries", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        other = run_grdrs("ingest", str(paper.parent), "--db", str(db))
        _, err = failing.communicate(timeout=60)
        empty = tmp_path / "empty.db"
        empty.write_bytes(b"")
        r = _ingest(f"http://127.0.0.1:{srv.server_address[1]}/oparl", empty, "--retries", "0")
    finally:
        srv.shutdown()
    assert other.returncode == 0, other.stderr
    assert failing.returncode == 2 and "404" in err, err
    assert [tuple(r) for r in _db(db).execute("SELECT number FROM papers")] == [("12/2019",)]
    assert r.returncode == 2 and empty.read_bytes() == b""
    assert not (tmp_path / "empty.db-wal").exists()


def test_quality_on_a_database_without_oparl(tmp_path):
    db = tmp_path / "g.db"
    from grdrs import store

    store.connect(db, write=True).close()
    r = run_grdrs("quality", "--db", str(db))
    assert r.returncode == 0 and "No OParl data" in r.stdout
    r = run_grdrs("quality", "--db", str(db), "--json")
    assert r.returncode == 0 and json.loads(r.stdout) == []
    r = run_grdrs("quality", "--db", str(db), "--council", "nope")
    assert r.returncode == 2 and r.stderr.startswith("grdrs: --council nope: unknown council")
    assert "no OParl data in this database" in r.stderr


# --- the client refuses other hosts ------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "http://example.org/oparl/papers", "https://127.0.0.2/x", "file:///etc/passwd",
    "ftp://127.0.0.1/x",
])
def test_client_talks_only_to_the_named_host(url):
    client = Client("http://127.0.0.1:1/oparl/system", delay=0, retries=0)
    with pytest.raises(OParlError, match="refusing"):
        client.fetch(url)
    assert client.requests == 0


def test_client_file_urls_must_be_http():
    client = Client("http://127.0.0.1:1/oparl/system", delay=0, retries=0)
    with pytest.raises(OParlError, match="refusing"):
        client.fetch("file:///etc/passwd", own_host=False)


@pytest.mark.parametrize("url", ["http://[::1", "http://[::1]:abc/x", "http://127.0.0.1:abc/x",
                                 "http://a..b/", f"http://{'a' * 70}.example/"])
def test_a_malformed_url_is_one_line_exit_2(tmp_path, url):
    r = _ingest(url, tmp_path / "g.db", "--retries", "0")
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip().splitlines() == [r.stderr.strip()] and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"grdrs: cannot read {url}: not a valid URL")
    # a URL the server lists (a file, a redirect, a next page) is an error naming it, too
    client = Client("http://127.0.0.1:1/oparl/system", delay=0, retries=0)
    with pytest.raises(OParlError, match="not a valid URL"):
        client.fetch(url, own_host=False)
    assert client.requests == 0


def test_client_backs_off_and_gives_up_with_a_clear_error(sample):
    slept = []
    with OParlServer(sample) as srv:
        srv.fail["/oparl/system"] = 10
        client = Client(f"{srv.base}/oparl/system", delay=0, retries=3, sleep=slept.append)
        with pytest.raises(HTTPStatusError, match="503"):
            client.get_json(f"{srv.base}/oparl/system")
    assert slept == [1.0, 2.0, 4.0]


# --- mapping and checks (tables: one line per trap) -------------------------------------------

@pytest.mark.parametrize("raw, key, expected", [
    ({"consultations": [1]}, "consultation", [1]),
    ({"files": [{"id": "f"}]}, "auxiliaryFile", [{"id": "f"}]),
    ({"underDirectionof": ["o"]}, "underDirectionOf", ["o"]),
    ({"agendaItems": [1]}, "agendaItem", [1]),
    ({"consultation": [1], "consultations": [2]}, "consultation", [1, 2]),
    ({"auxiliaryFiles": [3]}, "auxiliaryFile", [3]),
])
def test_normalize_quirks(raw, key, expected):
    assert mapping.normalize(raw)[key] == expected


@pytest.mark.parametrize("value, expected", [
    ("2025-01-15T17:00:00+01:00", "2025-01-15"), ("2025-01-15", "2025-01-15"),
    ("", None), (None, None), ("15.01.2025", None), (20250115, None),
])
def test_iso_date(value, expected):
    assert mapping.iso_date(value) == expected


@pytest.mark.parametrize("names, expected", [
    (["Alkoholkonsumverbot", "TOP 15 Anlage 1 Polizeiverordnung", "Protokoll GR TOP 15"], 0),
    (["Stellungnahme Antrag Grötzingen", "Antrag Grötzingen"], 1),
    (["Anfrage", "Stellungnahme TOP 41", "Protokoll TOP 41"], 0),
    (["TOP 2 BPlan Südl. Haid", "Anlage 1 BPlan"], 0),
    (["Top15 Abstimmungsergebnis GR", "Beschlussvorlage"], 1),
    (["Anlage 1", "Anlage 2"], 0),
    (["Präsentation", "Informationsvorlage"], 1),
])
def test_choose_main(names, expected):
    files = [{"id": f"f{i}", "name": n, "date": "2024-01-01"} for i, n in enumerate(names)]
    assert mapping.choose_main(files, None, "Titel") == f"f{expected}"


def test_choose_main_prefers_main_file_and_same_name():
    files = [{"id": "a", "name": "Anlage"}, {"id": "b", "name": "Der Titel"}]
    assert mapping.choose_main(files, {"id": "m"}, "Der Titel") == "m"
    assert mapping.choose_main(files, None, "Der Titel") == "b"


def test_map_paper_oparl_10_spelling_and_url_consultations():
    paper = {"id": "https://x/p/1", "type": "https://schema.oparl.org/1.0/Paper",
             "reference": "2023/0425", "paperType": "Beschlussvorlage", "name": "Titel",
             "underDirectionof": ["https://x/o/1"], "consultations": ["https://x/c/1"],
             "files": [{"id": "https://x/f/1", "name": "Beschlussvorlage"}],
             "relatedPaper": ["https://x/p/2"]}
    plan = mapping.map_paper(paper, council="karlsruhe", series_for=lambda t: "vorlage",
                             org_name=lambda o: "Amt X" if o else None, meeting=lambda m: None,
                             paper_key=lambda c, s, n, x: f"{c}|{s}|{n}|")
    assert plan.key == "karlsruhe|vorlage|2023/0425|"
    assert plan.cols["department"] == "Amt X" and plan.cols["type"] == "Beschlussvorlage"
    assert plan.url_consultations == ["https://x/c/1"]
    assert [(f.id, f.role) for f in plan.files] == [("https://x/f/1", "main")]
    assert plan.links == [("https://x/p/2", "related")]


def _inp(**kw):
    base = {"council": "k", "number": "2023/0425", "date": "2023-05-02", "type": "Antrag",
            "pages": 1, "text_meta": {"number": "2023/0425", "date": "2023-05-02",
                                      "type": "Antrag"},
            "oparl_consultations": [("Gemeinderat", "2023-05-23")],
            "text_consultations": [("Gemeinderat", "2023-05-23")], "cited": [], "links": []}
    base.update(kw)
    return base


@pytest.mark.parametrize("inp, kinds", [
    (_inp(), []),
    (_inp(text_meta={"number": "2023/0426", "date": "2023-05-02", "type": "Antrag"}), ["number"]),
    (_inp(text_meta={"number": None, "date": "2023-05-03", "type": "Antrag"}), ["date"]),
    (_inp(text_meta={"number": None, "date": None, "type": "Anfrage"}), ["type"]),
    (_inp(oparl_consultations=[("Gemeinderat", "2023-05-23"), ("Hauptausschuss", "2023-05-09")]),
     ["consultation_not_printed"]),
    (_inp(text_consultations=[("Hauptausschuss", "2023-05-23")]), ["consultation_committee"]),
    (_inp(text_consultations=[("Gemeinderat", "2023-05-23"), ("Planungsausschuss", None)]),
     ["consultation_extra"]),
    (_inp(text_consultations=[("Gemeinderat", None)]), []),
    (_inp(text_consultations=[]), []),  # the text prints no consultation: nothing to compare
    (_inp(cited=["2022/0001", "2023/0425"]), ["cited_not_linked"]),  # own number is no citation
    (_inp(cited=["2022/0001"], links=[("superordinated", "2022/0001")]), []),
    (_inp(links=[("related", "2022/0002")]), ["linked_not_cited"]),
    (_inp(pages=0), []),
])
def test_quality_check(inp, kinds):
    _, issues = quality.check(inp)
    assert sorted(k for k, _, _ in issues) == sorted(kinds)


def test_quality_is_a_light_read_command(sample, tmp_path):
    folder = write_dump({**sample, "papers": sample["papers"][:5]}, tmp_path / "dump")
    db = tmp_path / "g.db"
    assert _ingest(str(folder), db).returncode == 0
    code = (
        "import sys\n"
        "from grdrs.cli import main\n"
        "try:\n"
        f"    main(['quality', '--db', {str(db)!r}], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'pdfplumber', "
        "'pypdfium2', 'networkx', 'sqlite_utils', 'numpy', 'rapidfuzz')))\n")
    import subprocess

    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"
