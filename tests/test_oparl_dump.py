"""`grdrs ingest-oparl FOLDER` on small OParl 1.0 dumps written here, shaped like the
Hürtgenwald server (STERNBERG SD.NET RIM): deletion marks without a type, a crawler's list of
missing URLs beside the data, --since, and "1. Ergänzung" papers."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import run_grdrs  # noqa: E402

B = "https://oparl.example.org/v1.0/body/1"
T = "https://schema.oparl.org/1.0/"


def _obj(kind: str, n: str, **kw) -> dict:
    return {"id": f"{B}/{kind.lower()}/{n}", "type": T + kind, **kw}


def _page(items: list) -> dict:
    return {"data": items, "pagination": {}, "links": {}}


def _meeting(n: str, date: str, modified: str = "2019-05-01T10:00:00+02:00") -> dict:
    return _obj("Meeting", n, name=f"Rat ({n}. Sitzung)", start=f"{date}T17:00:00+02:00",
                modified=modified, organization=[f"{B}/organization/1"])


def _paper(n: str, ref: str, modified: str = "2019-05-01T10:00:00+02:00", **kw) -> dict:
    return _obj("Paper", n, reference=ref, name=f"Vorlage {ref}", paperType="Vorlage",
                date="2019-04-01", modified=modified, **kw)


def _dump(folder: Path, meetings: list, papers: list, extra: dict | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    body = {"id": B, "type": T + "Body", "name": "Gemeinde Testdorf"}
    files = {"body.json": body, "body/1/organization.json": _page(
        [_obj("Organization", "1", name="Rat")]),
        "body/1/meeting-page-1.json": _page(meetings), "body/1/paper-page-1.json": _page(papers),
        **(extra or {})}
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(data if isinstance(data, str) else json.dumps(data))
    return folder


def _ingest(folder: Path, db: Path, *extra: str):
    return run_grdrs("ingest-oparl", str(folder), "--db", str(db), "--jobs", "1", *extra)


def _one(db: Path, sql: str, *args):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchone()[0]
    finally:
        conn.close()


def test_deletion_marks_without_type_and_a_file_without_oparl(tmp_path):
    meetings = [_meeting("1", "2019-05-02"), _meeting("2", "2019-06-02")]
    papers = [_paper("10", "1/2019"), _paper("11", "2/2019")]
    missing = {"missing_ids.json": {f"{B}/location/1": True}}
    folder = _dump(tmp_path / "d", meetings, papers, extra=missing)
    db = tmp_path / "g.db"
    r = _ingest(folder, db)
    assert r.returncode == 0, r.stderr
    assert "missing_ids.json: no OParl object in it" in r.stderr
    assert "1 JSON file(s) without OParl objects skipped; 0 failed" in r.stdout
    # the server now lists what was deleted by id alone, as Hürtgenwald's does
    gone = [{"id": meetings[0]["id"], "deleted": True}, meetings[1]]
    _dump(folder, gone, [papers[0], {"id": papers[1]["id"], "deleted": True}], extra=missing)
    r = _ingest(folder, db)
    assert r.returncode == 0, r.stderr
    assert "1 deleted" in r.stdout and "2 marked deleted (2 removed)" in r.stdout
    assert _one(db, "SELECT count(*) FROM oparl_objects WHERE id = ?", meetings[0]["id"]) == 0
    assert _one(db, "SELECT count(*) FROM papers WHERE number = '2/2019' AND stub = 0") == 0
    # unchanged: still nothing failed
    assert _ingest(folder, db).returncode == 0
    # an entry that is no object is named by its place in the page's data
    _dump(folder, gone + ["junk", {"name": "no id"}], papers[:1], extra=missing)
    (folder / "broken.json").write_text("{not json")
    r = _ingest(folder, db)
    assert r.returncode == 1
    assert "meeting-page-1.json: data[2]: not an OParl object" in r.stderr
    assert "meeting-page-1.json: data[3]: not an OParl object" in r.stderr
    assert "data[0]" not in r.stderr and "broken.json: not JSON" in r.stderr


def test_a_deletion_mark_of_a_file_removes_it(tmp_path):
    """A File the server marks deleted (by its id alone) goes; its paper stays (it was a
    traceback: the file's papers were looked up as paths)."""
    text = "Vorlage Nr. 1/2019\n\nDas Budget beträgt 5.000 Euro.\n"
    main = _obj("File", "7", name="Vorlage 1/2019", fileName="v.txt", text=text)
    folder = _dump(tmp_path / "d", [], [_paper("10", "1/2019", mainFile=main)])
    db = tmp_path / "g.db"
    assert _ingest(folder, db).returncode == 0
    assert _one(db, "SELECT count(*) FROM files WHERE path = ?", main["id"]) == 1
    _dump(folder, [], [_paper("10", "1/2019"), {"id": main["id"], "deleted": True}])
    r = _ingest(folder, db)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert "1 marked deleted (1 removed)" in r.stdout, r.stdout
    assert _one(db, "SELECT count(*) FROM files WHERE path = ?", main["id"]) == 0
    assert _one(db, "SELECT count(*) FROM papers WHERE number = '1/2019' AND stub = 0") == 1


def test_since_applies_to_meetings_and_organizations(tmp_path):
    new = "2021-03-01T10:00:00+01:00"
    meetings = [_meeting("1", "2019-05-02"), _meeting("2", "2021-02-01", modified=new)]
    cons = [{"id": f"{B}/consultation/{n}", "type": T + "Consultation", "role": "Beschluss",
             "meeting": f"{B}/meeting/{n}", "organization": [f"{B}/organization/1"]}
            for n in ("1", "2")]
    papers = [_paper("10", "1/2019"), _paper("11", "9/2021", modified=new, consultation=cons)]
    folder = _dump(tmp_path / "d", meetings, papers)
    db = tmp_path / "g.db"
    r = _ingest(folder, db, "--since", "2021-01-01")
    assert r.returncode == 0, r.stderr
    assert "1 new, 0 updated, 0 unchanged, 0 deleted, 1 older than --since" in r.stdout
    assert "; 1 meeting(s) (1 older than --since), 1 organization(s);" in r.stdout
    assert _one(db, "SELECT count(*) FROM oparl_objects WHERE type = 'Meeting'") == 1
    # the paper keeps both its consultations, with the older meeting's date and committee
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT committee, date FROM oparl_consultations ORDER BY seq").fetchall()
    conn.close()
    assert rows == [("Rat", "2019-05-02"), ("Rat", "2021-02-01")]


def test_since_from_an_endpoint_fetches_an_older_meeting_a_paper_names(tmp_path):
    from oparl_server import KA_PREFIX, OParlServer

    org = {"id": f"{KA_PREFIX}/organizations/1", "type": T + "Organization", "name": "Rat"}
    meeting = {"id": f"{KA_PREFIX}/meetings/1", "type": T + "Meeting", "name": "Rat",
               "start": "2019-05-02T17:00:00+02:00", "organization": [org["id"]]}
    paper = {"id": f"{KA_PREFIX}/papers/1", "type": T + "Paper", "reference": "2019/0001",
             "name": "Vorlage", "paperType": "Beschlussvorlage", "consultation": [
                 {"id": f"{KA_PREFIX}/consultations/1", "meeting": meeting["id"],
                  "organization": [org["id"]], "role": "Beschluss"}]}
    sample = {"papers": [paper], "meetings": [meeting], "organizations": [org], "texts": {},
              "deleted": {"id": f"{KA_PREFIX}/papers/2", "type": T + "Paper", "deleted": True}}
    db = tmp_path / "g.db"
    with OParlServer(sample) as srv:
        srv.touch(srv.lists["papers"][0]["id"])  # modified now; its meeting is older
        r = run_grdrs("ingest-oparl", f"{srv.base}/oparl/system", "--db", str(db), "--delay",
                      "0", "--jobs", "1", "--since", "2021-01-01")
        assert r.returncode == 0, r.stderr
        assert "/oparl/bodies/0001/meetings/1" in srv.log
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT committee, date FROM oparl_consultations").fetchall()
    assert rows == [("Rat", "2019-05-02")]
    assert conn.execute("SELECT count(*) FROM oparl_objects WHERE type = 'Meeting'"
                        ).fetchone()[0] == 0
    conn.close()


def _erg_dump(tmp_path: Path) -> Path:
    refs = ["48/2018", "48/2018 1. Ergänzung", "12/2019", "12/2019 1. Ergänzung",
            "7/2019 2. Ergänzung", "30/2019 1.Ergänzung"]
    return _dump(tmp_path / "d", [_meeting("1", "2019-05-02")],
                 [_paper(str(10 + i), r) for i, r in enumerate(refs)])


def _names_accepted(db: Path) -> list[str]:
    r = run_grdrs("papers", "--json", "--db", str(db))
    names = [p["ref"] for p in json.loads(r.stdout)]
    for name in names:
        for cmd in ("show", "history", "refs"):
            r = run_grdrs(cmd, name, "--db", str(db))
            assert r.returncode == 0, (cmd, name, r.stderr)
    return names


def test_ergaenzung_reference_is_number_and_suffix(tmp_path):
    db = tmp_path / "g.db"
    r = _ingest(_erg_dump(tmp_path), db)
    assert r.returncode == 0, r.stderr
    r = run_grdrs("papers", "--json", "--db", str(db))
    got = {(p["number"], p["suffix"]) for p in json.loads(r.stdout)}
    assert {("48/2018", "1. Ergänzung"), ("7/2019", "2. Ergänzung"), ("48/2018", None),
            ("30/2019", "1. Ergänzung")} <= got
    r = run_grdrs("history", "48/2018", "--json", "--db", str(db))
    lineage = json.loads(r.stdout)["lineage"]
    assert {p["ref"] for p in lineage} == {"48/2018", "48/2018 1. Ergänzung"}
    r = run_grdrs("path", "48/2018 1. Ergänzung", "48/2018", "--db", str(db))
    assert r.returncode == 0 and "supplements" in r.stdout
    assert "48/2018 1. Ergänzung" in _names_accepted(db)
    # a database from before (the number stored whole) is parted on the next run
    conn = sqlite3.connect(db)
    conn.execute("UPDATE papers SET number = name, suffix = NULL, key = 'old' "
                 "WHERE name = '12/2019 1. Ergänzung'")
    conn.commit()
    conn.close()
    r = _ingest(tmp_path / "d", db)
    assert "0 new, 1 updated, 5 unchanged" in r.stdout
    assert _one(db, "SELECT suffix FROM papers WHERE name = '12/2019 1. Ergänzung'") == (
        "1. Ergänzung")


INTERRUPT_RELEARN = (  # grdrs, with a Ctrl-C where the walk ends and the relearning begins
    "import sys; sys.argv = ['grdrs'] + sys.argv[1:]; import grdrs.oparl.endpoint as e\n"
    "def relearn(self, body): raise KeyboardInterrupt\n"
    "e.EndpointRun.relearn = relearn\nfrom grdrs.cli import main; main()\n")


def test_an_endpoint_learns_the_suffixes_of_all_pages(tmp_path):
    """From a URL the papers are stored page by page, under a profile learned from the first
    page; the suffix seen only on later pages is learned at the end, and what was stored
    under the thinner profile is parted again: the same papers and edges as the folder."""
    from oparl_server import KA_PREFIX, OParlServer

    def obj(kind: str, n: str, **kw) -> dict:
        return {"id": f"{KA_PREFIX}/{kind.lower()}s/{n}", "type": T + kind, **kw}

    refs = [f"{n}/2018" for n in range(40, 50)] + [
        "48/2018 1. Ergänzung", "41/2018 1. Ergänzung", "42/2018 2. Ergänzung"]
    papers = [obj("Paper", str(i), reference=r, name=f"Vorlage {r}", paperType="Vorlage",
                  date="2018-05-01") for i, r in enumerate(refs)]
    org = obj("Organization", "1", name="Rat")
    sample = {"papers": papers, "meetings": [], "organizations": [org], "texts": {},
              "deleted": obj("Paper", "99", deleted=True)}
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "body.json").write_text(json.dumps(
        {"id": B, "type": T + "Body", "name": "Gemeinde Testdorf"}))
    (folder / "papers.json").write_text(json.dumps(_page(papers + [org])).replace(KA_PREFIX, B))
    url_db, folder_db = tmp_path / "u.db", tmp_path / "f.db"

    def state(db: Path) -> tuple:
        conn = sqlite3.connect(db)
        try:
            return (conn.execute("SELECT key, number, suffix FROM papers ORDER BY key").fetchall(),
                    conn.execute("SELECT s.key, e.type, d.key FROM edges e JOIN papers s ON "
                                 "s.id = e.src JOIN papers d ON d.id = e.dst ORDER BY 1, 2, 3"
                                 ).fetchall())
        finally:
            conn.close()

    with OParlServer(sample, page_size=5, body_name=("Gemeinde Testdorf", "Testdorf")) as srv:
        runs = [run_grdrs("ingest-oparl", f"{srv.base}/oparl/system", "--db", str(url_db),
                          "--delay", "0", "--jobs", "1") for _ in range(2)]
        # a run interrupted after its walk, before it learned again: the next run learns it
        cut_db = tmp_path / "cut.db"
        args = ["ingest-oparl", f"{srv.base}/oparl/system", "--db", str(cut_db), "--delay", "0"]
        cut = subprocess.run([sys.executable, "-c", INTERRUPT_RELEARN, *args],
                             capture_output=True, text=True, cwd=Path(__file__).parent.parent)
        again = run_grdrs(*args)
    assert cut.returncode == 130 and again.returncode == 0, cut.stderr + again.stderr
    assert "3 re-parted by the profile learned from all papers" in again.stdout
    assert state(cut_db) == state(url_db)
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert "13 new, 0 updated, 0 unchanged, 0 deleted, 3 re-parted by the profile learned " \
        "from all papers;" in runs[0].stdout
    assert "re-parted" not in runs[1].stdout  # a second run (nothing changed) keeps it
    assert _ingest(folder, folder_db).returncode == 0
    papers_got, edges = state(url_db)
    assert ("testdorf|vorlage|48/2018|1. Ergänzung", "48/2018", "1. Ergänzung") in papers_got
    assert [e for e in edges if e[1] == "supplements"] == [
        ("testdorf|vorlage|41/2018|1. Ergänzung", "supplements", "testdorf|vorlage|41/2018|"),
        ("testdorf|vorlage|42/2018|2. Ergänzung", "supplements", "testdorf|vorlage|42/2018|"),
        ("testdorf|vorlage|48/2018|1. Ergänzung", "supplements", "testdorf|vorlage|48/2018|")]
    assert state(url_db) == state(folder_db)
    r = run_grdrs("history", "48/2018", "--json", "--db", str(url_db))
    assert {p["ref"] for p in json.loads(r.stdout)["lineage"]} == {
        "48/2018", "48/2018 1. Ergänzung"}
    assert "suffixes = [" in run_grdrs("profile", "show", "testdorf", "--db",
                                       str(url_db)).stdout


def _testdorf_folder(tmp_path: Path, objects: list, prefix: str) -> Path:
    """A folder dump of Gemeinde Testdorf: its Body and one page of ``objects``."""
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "body.json").write_text(json.dumps(
        {"id": B, "type": T + "Body", "name": "Gemeinde Testdorf"}))
    (folder / "papers.json").write_text(json.dumps(_page(objects)).replace(prefix, B))
    return folder


def _rows(db: Path, *queries: str) -> list:
    conn = sqlite3.connect(db)
    try:
        return [conn.execute(q).fetchall() for q in queries]
    finally:
        conn.close()


def test_a_paper_re_parted_onto_another_keeps_its_files(tmp_path):
    """Paper 11 is stored under its own identity by the first page's profile; the profile
    learned from all papers gives it paper 10's: its file moves to paper 10's paper before
    its old paper goes (its text was deleted with it), the same as the folder import."""
    from oparl_server import KA_PREFIX, OParlServer

    def obj(kind: str, n: str, **kw) -> dict:
        return {"id": f"{KA_PREFIX}/{kind.lower()}s/{n}", "type": T + kind, **kw}

    papers, texts = [], {}
    for i, r in enumerate([f"{n}/2018" for n in range(40, 50)] + ["7/2018", "7/2018"]):
        papers.append(obj("Paper", str(i), reference=r, name=f"Vorlage {r}", date="2018-05-01",
                          paperType="Niederschrift" if i == 11 else "Vorlage",
                          auxiliaryFile=[obj("File", f"f{i}", name=f"file {i}",
                                             fileName=f"f{i}.txt", mimeType="text/plain")]))
        texts[f"f{i}"] = {"file": f"f{i}", "text": f"Vorlage Nr. {r}\n\nUnikat{i}wort hier.\n"}
    org = obj("Organization", "1", name="Rat")
    sample = {"papers": papers, "meetings": [], "organizations": [org], "texts": texts,
              "deleted": obj("Paper", "99", deleted=True)}
    inline = [{**p, "auxiliaryFile": [{**f, "text": texts[f["id"].rsplit("/", 1)[-1]]["text"]}
                                      for f in p["auxiliaryFile"]]} for p in papers]
    folder = _testdorf_folder(tmp_path, inline + [org], KA_PREFIX)
    url_db, folder_db = tmp_path / "u.db", tmp_path / "f.db"

    def state(db: Path) -> list:
        return _rows(db, "SELECT key, type FROM papers ORDER BY key",
                     "SELECT p.key, f.name, pf.role FROM paper_files pf JOIN papers p ON "
                     "p.id = pf.paper_id JOIN files f ON f.id = pf.file_id ORDER BY 1, 2",
                     "SELECT count(*) FROM pages")

    with OParlServer(sample, page_size=5, download_every=1000,
                     body_name=("Gemeinde Testdorf", "Testdorf")) as srv:
        runs = [run_grdrs("ingest-oparl", f"{srv.base}/oparl/system", "--db", str(url_db),
                          "--delay", "0", "--jobs", "1") for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert "1 re-parted by the profile learned from all papers" in runs[0].stdout
    assert _ingest(folder, folder_db).returncode == 0
    assert len(state(url_db)[1]) == 12
    assert state(url_db) == state(folder_db)
    r = run_grdrs("search", "Unikat11wort", "--db", str(url_db))
    assert "1 matching page" in r.stdout, r.stdout


def test_a_number_stored_whole_is_named_back(tmp_path):
    db = tmp_path / "g.db"  # the generic profile knows no suffix: the reference stays whole
    assert _ingest(_erg_dump(tmp_path), db, "--profile", "generic").returncode == 0
    assert _one(db, "SELECT count(*) FROM papers WHERE number = '48/2018 1. Ergänzung'") == 1
    assert "48/2018 1. Ergänzung" in _names_accepted(db)


def test_grdrs_own_export_keeps_its_council(tmp_path):
    base = "https://grdrs.invalid/oparl/paper/"
    papers = [{"id": base + n.replace("/", "%2F"), "type": "https://schema.oparl.org/1.1/Paper",
               "name": f"Vorlage {n}", "reference": n, "paperType": "Beschlussvorlage",
               "grdrs:council": council, "grdrs:series": "vorlage", "grdrs:number": n}
              for n, council in (("1/2019", "testdorf"), ("2/2019", "testdorf"),
                                 ("3/2019", "testdorf"), ("4/2019", "other"))]
    folder = tmp_path / "tmp-rt-export"
    folder.mkdir()
    (folder / "export.json").write_text(json.dumps(_page(papers)))
    db = tmp_path / "g.db"
    r = _ingest(folder, db)
    assert r.returncode == 0, r.stderr
    assert "objects of 2 councils (testdorf, other); all imported as testdorf" in r.stderr
    assert _one(db, "SELECT group_concat(DISTINCT council) FROM papers") == "testdorf"
    # the council is a name grdrs can key on, as a body's name is
    for p in papers:
        p["grdrs:council"] = "Bad Münster|x"
    (folder / "export.json").write_text(json.dumps(_page(papers)))
    db2 = tmp_path / "g2.db"
    assert _ingest(folder, db2).returncode == 0
    assert _one(db2, "SELECT group_concat(DISTINCT council) FROM papers") == "bad-muenster-x"


def test_a_reference_is_parted_into_the_number_as_texts_write_it():
    """An OParl reference with a suffix gives the number in the profile's own form (zeros
    stripped, no blanks), so the paper its text names is the same paper."""
    from grdrs.oparl.mapping import split_reference
    from grdrs.profiles import load

    stuttgart = load("stuttgart")
    assert split_reference("0048/2018 Neufassung", stuttgart) == ("48/2018", "Neufassung")
    assert split_reference("48 / 2018 1.Ergänzung", stuttgart) == ("48/2018", "1. Ergänzung")
    assert split_reference("48/2018", stuttgart) == ("48/2018", None)
