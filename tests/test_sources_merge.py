"""A paper's metadata merged from its sources — OParl's record of it, its files — whatever the
order of ingest (README "JSON output": ``disagreements``): a text copy of a paper imported from
OParl only fills OParl's gaps; the text's other values are listed as disagreements."""

from __future__ import annotations

import gzip
import json
import sqlite3
from functools import lru_cache
from pathlib import Path

from conftest import KARLSRUHE, need_shared, run_grdrs

KA = "https://web1.karlsruhe.de/oparl/bodies/0001"


@lru_cache(maxsize=1)
def _paper_0649() -> tuple[dict, list[dict], list[dict], dict[str, str]]:
    """The real Karlsruhe paper 2014/0649 (OParl date 2014-06-03, department Liegenschaftsamt,
    its text printing the session date 01.07.2014): the paper, its meetings, the
    organizations, and the texts of its files."""
    paper = next(p for p in map(json.loads, gzip.open(KARLSRUHE / "papers.jsonl.gz", "rt",
                                                         encoding="utf-8"))
                 if p.get("reference") == "2014/0649")
    meetings = {c.get("meeting") for c in paper.get("consultation", [])}
    met = [m for m in map(json.loads, gzip.open(KARLSRUHE / "meetings.jsonl.gz", "rt",
                                                encoding="utf-8")) if m["id"] in meetings]
    orgs = json.loads((KARLSRUHE / "organizations.json").read_text(encoding="utf-8"))
    files = {f["id"].rsplit("/", 1)[-1] for f in paper["auxiliaryFile"]}
    texts = {}
    for line in gzip.open(KARLSRUHE / "texts.jsonl.gz", "rt", encoding="utf-8"):
        if line[:40].split('"file": "', 1)[-1].split('"', 1)[0] in files:
            rec = json.loads(line)
            texts[rec["file"]] = rec["text"]
    return paper, met, orgs, texts


def _dump(folder: Path) -> Path:
    paper, meetings, orgs, texts = _paper_0649()
    folder.mkdir()
    with gzip.open(folder / "papers.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(paper, ensure_ascii=False) + "\n")
    with gzip.open(folder / "meetings.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(m, ensure_ascii=False) + "\n" for m in meetings)
    with gzip.open(folder / "texts.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps({"file": f, "papers": [paper["id"]], "text": t},
                                 ensure_ascii=False) + "\n" for f, t in texts.items())
    (folder / "organizations.json").write_text(json.dumps(orgs, ensure_ascii=False),
                                               encoding="utf-8")
    return folder


def _row(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute("SELECT * FROM papers WHERE number = '2014/0649'").fetchone())
    row.pop("id")
    data = json.loads(row.pop("data"))
    for src in data["sources"].values():
        src.pop("file")  # the file's row id: another order, another id
    return {**row, "data": data}


def test_a_text_copy_of_an_oparl_paper_fills_gaps_whatever_the_order(tmp_path: Path):
    need_shared()
    dump = _dump(tmp_path / "dump")
    text = tmp_path / "ka_147398.txt"
    text.write_text(_paper_0649()[3]["147398"], encoding="utf-8")
    rows, shown = [], []
    for order in (("oparl", "text"), ("text", "oparl")):
        db = tmp_path / f"{order[0]}-first.db"
        for step in order:
            args = (("ingest-oparl", str(dump)) if step == "oparl" else ("ingest", str(text)))
            r = run_grdrs(*args, "--db", str(db), "--profile", "karlsruhe")
            assert r.returncode == 0, r.stderr
        rows.append(_row(db))
        out = run_grdrs("show", "2014/0649", "--db", str(db), "--json")
        assert out.returncode == 0, out.stderr
        shown.append(json.loads(out.stdout)["paper"])
        text_out = run_grdrs("show", "2014/0649", "--db", str(db)).stdout
        assert "its sources disagree on title: Ausübung des Vorkaufrechts" in text_out
        assert "(OParl); Ausübung des Vorkaufsrechts" in text_out
    assert rows[0] == rows[1]
    assert shown[0] == shown[1]
    paper = shown[0]
    # OParl's facts stay; the text speaks only where OParl says nothing
    assert paper["date"] == "2014-06-03"
    assert paper["department"] == "Liegenschaftsamt"
    assert paper["attachments"] == ["Daimlerstraße 7 plan", "Protokoll TOP 12"]
    assert paper["type"] == "Beschlussvorlage"
    assert paper["title"].startswith("Ausübung des Vorkaufrechts")  # OParl's spelling
    said = paper["disagreements"]["title"]
    assert [s["kind"] for s in said] == ["oparl-paper", "txt"]
    assert said[0]["file"] == f"{KA}/papers/vo/33332"
    assert said[1]["file"] == str(text.resolve())
    sources = rows[0]["data"]["sources"]
    assert [s["kind"] for s in sources.values()] == ["oparl-paper", "txt"]


def _oparl_then_text(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(dump, text, database): 2014/0649 imported from OParl, then its text copy ingested."""
    need_shared()
    dump = _dump(tmp_path / "dump")
    text = tmp_path / "ka_147398.txt"
    text.write_text(_paper_0649()[3]["147398"], encoding="utf-8")
    db = tmp_path / "g.db"
    for args in (("ingest-oparl", str(dump)), ("ingest", str(text))):
        assert run_grdrs(*args, "--db", str(db), "--profile", "karlsruhe").returncode == 0
    return dump, text, db


def test_a_paper_oparl_deletes_keeps_what_ingested_files_say(tmp_path: Path):
    """OParl deletes the paper: its OParl files and record go, the text copy a user ingested
    stays, and the paper with it (nothing the user stored is lost)."""
    dump, text, db = _oparl_then_text(tmp_path)
    paper = _paper_0649()[0]
    with gzip.open(dump / "papers.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": paper["id"], "type": paper["type"], "deleted": True}) + "\n")
    r = run_grdrs("ingest-oparl", str(dump), "--db", str(db), "--profile", "karlsruhe")
    assert r.returncode == 0 and "1 marked deleted (1 removed)" in r.stdout, r.stdout + r.stderr
    out = run_grdrs("show", "2014/0649", "--db", str(db), "--json")
    assert out.returncode == 0, out.stderr
    shown = json.loads(out.stdout)
    assert [f["path"] for f in shown["files"]] == [str(text.resolve())]
    assert shown["paper"]["title"].startswith("Ausübung des Vorkaufsrechts")  # the text's
    assert shown["paper"]["department"] is None and shown["paper"]["disagreements"] == {}
    assert shown["oparl_consultations"] == [] and shown["amounts"]
    assert [c["date"] for c in shown["consultations"]] == ["2014-07-01"]
    assert list(_row(db)["data"]["sources"]) == [str(text.resolve())]


def test_the_next_import_restores_a_record_a_text_overwrote(tmp_path: Path):
    """A database where an earlier version let the text copy overwrite OParl's record (its
    row as that version left it): the next ingest-oparl, the Paper unchanged, stores the record
    again."""
    dump, text, db = _oparl_then_text(tmp_path)
    with sqlite3.connect(db) as conn:  # what the earlier version stored
        data = json.loads(conn.execute("SELECT data FROM papers WHERE number = '2014/0649'"
                                       ).fetchone()[0])
        said = data["sources"][str(text.resolve())]
        conn.execute("UPDATE papers SET date = '2014-07-01', department = NULL, title = ?, "
                     "data = ? WHERE number = '2014/0649'",
                     (said["title"], json.dumps({"attachments": [], "sources": {
                         str(text.resolve()): said}, "disagreements": {}})))
    r = run_grdrs("ingest-oparl", str(dump), "--db", str(db), "--profile", "karlsruhe")
    assert r.returncode == 0 and "1 updated" in r.stdout, r.stdout + r.stderr
    paper = json.loads(run_grdrs("show", "2014/0649", "--db", str(db), "--json").stdout)["paper"]
    assert (paper["date"], paper["department"]) == ("2014-06-03", "Liegenschaftsamt")
    assert paper["attachments"] == ["Daimlerstraße 7 plan", "Protokoll TOP 12"]
    r = run_grdrs("ingest-oparl", str(dump), "--db", str(db), "--profile", "karlsruhe")
    assert "0 updated, 1 unchanged" in r.stdout, r.stdout
