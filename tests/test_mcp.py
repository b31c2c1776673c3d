"""`grdrs mcp`: the MCP server, started as a subprocess and spoken to with the SDK's own stdio
client. Each tool's answer is compared with what the matching command prints with --json, on a
database of the bundled corpus (corpus/papers)."""

from __future__ import annotations

import asyncio
import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_grdrs

from grdrs import store

pytest.importorskip("mcp", reason="the MCP SDK (pip install 'grdrs[mcp]') is not installed")

from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402

CORPUS = ROOT / "corpus" / "papers"
DRAFT = CORPUS / "GRDrs_9013_2023.txt"  # cp1252; 4.500 EUR p.a. stated earlier on 2023-11-02
TOOLS = {"search", "show_paper", "history", "refs", "path", "check_draft", "amounts"}
BIG = 1000  # a limit nothing in the corpus reaches: the answer is the command's, uncut


def server_params(db: Path) -> StdioServerParameters:
    env = {"PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return StdioServerParameters(command=sys.executable,
                                 args=["-m", "grdrs", "mcp", "--db", str(db)], env=env,
                                 cwd=str(ROOT))


async def session_run(db: Path, calls: dict[str, tuple[str, dict]],
                      resources: dict[str, str]) -> dict:
    """One server process: list the tools, make every call, read every resource."""
    out: dict = {"calls": {}, "resources": {}}
    async with stdio_client(server_params(db)) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            out["tools"] = (await session.list_tools()).tools
            out["templates"] = (await session.list_resource_templates()).resource_templates
            for key, (name, args) in calls.items():
                out["calls"][key] = await session.call_tool(name, args)
            for key, uri in resources.items():
                try:
                    result = await session.read_resource(uri)
                    out["resources"][key] = json.loads(result.contents[0].text)
                except Exception as err:  # noqa: BLE001 — the error is what the test checks
                    out["resources"][key] = err
    return out


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mcp") / "g.db"
    r = run_grdrs("ingest", str(CORPUS), "--db", str(path), "-q")
    assert r.returncode == 0, r.stderr
    return path


@pytest.fixture(scope="module")
def draft_text() -> str:
    return DRAFT.read_bytes().decode("cp1252")


@pytest.fixture(scope="module")
def server(db: Path, draft_text: str) -> dict:
    calls = {
        "search": ("search", {"query": "Einsamkeit", "limit": 3}),
        "search_all": ("search", {"query": "Einsamkeit", "limit": BIG}),
        "search_bad": ("search", {"query": "AND"}),
        "search_empty": ("search", {"query": "  "}),
        "show": ("show_paper", {"ref": "9003/2023", "limit": BIG}),
        "show_cut": ("show_paper", {"ref": "9003/2023", "limit": 1}),
        "show_unknown": ("show_paper", {"ref": "GRDrs 9003/2032"}),
        "show_protocol": ("show_paper", {"ref": "Niederschrift 9131", "limit": BIG}),
        "history": ("history", {"ref": "9003/2023", "limit": BIG}),
        "history_cut": ("history", {"ref": "9003/2023", "limit": 2}),
        "refs": ("refs", {"ref": "563/2023", "depth": 2, "limit": BIG}),
        "refs_in": ("refs", {"ref": "563/2023", "direction": "in", "limit": 1}),
        "path": ("path", {"a": "9013/2023", "b": "9012/2023"}),
        "path_unknown": ("path", {"a": "9013/2023", "b": "9999/2099"}),
        "check": ("check_draft", {"text": draft_text, "limit": BIG}),
        "check_dated": ("check_draft", {"text": draft_text, "date": "2023-10-01", "limit": BIG}),
        "check_bad_date": ("check_draft", {"text": draft_text, "date": "1.10.2023"}),
        "check_titled": ("check_draft", {"text": draft_text, "title": "Haushalt 2024 der Stadt",
                                         "limit": 1}),
        "check_council": ("check_draft", {"text": draft_text, "council": "stuttgart",
                                          "limit": 1}),
        "check_council_unknown": ("check_draft", {"text": draft_text, "council": "nirgendwo"}),
        "amounts_ref": ("amounts", {"ref": "9003/2023", "limit": BIG}),
        "amounts_ref_cut": ("amounts", {"ref": "9003/2023", "limit": 2}),
        "amounts_subject": ("amounts", {"subject": "Sozialplanung Budget", "limit": 5}),
        "amounts_both": ("amounts", {"subject": "Budget", "ref": "9003/2023"}),
        "limit_zero": ("show_paper", {"ref": "9003/2023", "limit": 0}),
    }
    resources = {
        "paper": "grdrs://paper/stuttgart/9003/2023%201.%20Erg%C3%A4nzung",
        "wrong_council": "grdrs://paper/karlsruhe/9003/2023",
        "unknown": "grdrs://paper/stuttgart/9003/2032",
    }
    before = db.read_bytes()
    out = asyncio.run(session_run(db, calls, resources))
    wal = db.with_name(f"{db.name}-wal")  # a reader of a WAL database may leave it, empty
    out["unchanged"] = db.read_bytes() == before and (not wal.exists() or wal.stat().st_size == 0)
    return out


def cli(db: Path, *args: str) -> dict | list:
    r = run_grdrs(*args, "--db", str(db), "--json")
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)


def ok(server: dict, key: str) -> dict:
    result = server["calls"][key]
    assert not result.is_error, result.content[0].text
    assert json.loads(result.content[0].text) == result.structured_content
    return copy.deepcopy(result.structured_content)


def error(server: dict, key: str) -> str:
    result = server["calls"][key]
    assert result.is_error, result.structured_content
    return result.content[0].text


def strip(items, *keys: str) -> None:
    """Drop the keys the server adds (sources) from each dict of ``items``."""
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict):
                for k in keys:
                    item.pop(k, None)


# --------------------------------------------------------------------------------------------


def test_the_server_writes_nothing(server):
    """Read-only (SQLite mode=ro): the database is byte for byte as before, its WAL empty."""
    assert server["unchanged"]


def test_tools_are_listed_with_schemas_and_descriptions(server):
    tools = {t.name: t for t in server["tools"]}
    assert set(tools) == TOOLS
    for t in tools.values():
        assert t.description and len(t.description) > 40, t.name
        assert t.input_schema["properties"], t.name
        assert t.output_schema and t.output_schema["properties"], t.name
        assert t.annotations.read_only_hint is True
        for prop in t.input_schema["properties"].values():
            assert prop.get("description"), (t.name, prop)
    assert tools["show_paper"].input_schema["required"] == ["ref"]
    assert "omitted" in tools["history"].output_schema["properties"]
    assert [t.uri_template for t in server["templates"]] == ["grdrs://paper/{council}/{+ref}"]


def test_search_is_the_commands_answer_with_a_count(server, db):
    got = ok(server, "search")
    assert got["hits"] == cli(db, "search", "Einsamkeit", "--limit", "3")
    whole = ok(server, "search_all")
    assert whole["hits"] == cli(db, "search", "Einsamkeit", "--limit", str(BIG))
    # every matching page counts; a paper's pages are listed from one of its files
    pages = [t for (t,) in store.connect(db).execute("SELECT clean FROM page_texts")
             if re.search(r"\bEinsamkeit\b", t, re.I)]
    assert got["total"] == whole["total"] == len(pages) >= len(whole["hits"]) > 3
    assert len({(h["paper"], h["file"]) for h in whole["hits"]}) == len(
        {h["paper"] for h in whole["hits"]})
    # a higher limit lists more: the pages not listed (other files of listed papers among them)
    assert got["omitted"] == {"hits": whole["total"] - 3} and whole["omitted"] == {}
    assert all(h["file"] and h["page"] and "[Einsamkeit]" in h["snippet"] for h in got["hits"])


def test_bad_queries_say_why(server):
    msg = error(server, "search_bad")
    assert "bad query 'AND'" in msg and "goes between two words" in msg
    assert "no words" in error(server, "search_empty")
    assert "exactly one of subject" in error(server, "amounts_both")
    assert "YYYY-MM-DD" in error(server, "check_bad_date")
    assert "limit" in error(server, "limit_zero")


def test_show_paper_is_the_commands_answer_and_names_each_facts_file(server, db):
    got = ok(server, "show")
    want = cli(db, "show", "9003/2023")
    main = want["files"][0]["path"]
    assert got["uri"] == "grdrs://paper/stuttgart/9003/2023" and got["omitted"] == {}
    for key in ("consultations", "amounts", "dates", "positions"):
        assert got[key], key
        assert all(x["paper"] == "9003/2023" and x["file"] == main for x in got[key]), key
        assert all(x["page"] and (x["text"]) for x in got[key]), key
    for loc in (loc for c in got["cites"] for loc in c["locations"]):
        assert loc["file"] == main and loc["quote"] and loc["page"]
    citing = {c["ref"]: c for c in got["cited_by"] if isinstance(c["locations"], list)}
    stellungnahme = citing["Stellungnahme 9010/2023"]["locations"][0]
    assert stellungnahme["paper"] == "Stellungnahme 9010/2023"
    assert stellungnahme["file"].endswith("Stellungnahme_9010_2023.pdf")
    del got["uri"], got["omitted"]
    for key in ("consultations", "amounts", "dates", "positions"):
        strip(got[key], "paper", "file")
    for item in got["cites"] + got["cited_by"]:
        strip(item["locations"], "paper", "file")
    assert got == want


def test_a_niederschrift_is_named_back_as_the_answers_name_it(server, db):
    """History names a Niederschrift "Niederschrift 9131": show_paper (and show) take that."""
    assert "Niederschrift 9131" in {ev["paper"] for ev in ok(server, "history")["events"]}
    got = ok(server, "show_protocol")
    assert got["paper"]["ref"] == "Niederschrift 9131" and got["paper"]["type"] == "Niederschrift"
    assert got["paper"] == cli(db, "show", "Niederschrift 9131")["paper"]


def test_limits_cut_each_list_and_count_the_rest(server, db):
    got = ok(server, "show_cut")
    want = cli(db, "show", "9003/2023")
    for key in ("consultations", "cites", "cited_by", "amounts", "dates", "positions"):
        assert len(got[key]) == min(1, len(want[key])), key
        if len(want[key]) > 1:
            assert got["omitted"][key] == len(want[key]) - 1, key
        else:
            assert key not in got["omitted"]
    cut = ok(server, "history_cut")
    whole = cli(db, "history", "9003/2023")
    assert len(cut["events"]) == 2 and cut["omitted"] == {"events": len(whole["events"]) - 2}
    refs_in = ok(server, "refs_in")
    assert refs_in["cites"] == [] and len(refs_in["cited_by"]) == 1
    assert refs_in["omitted"]["cited_by"] == len(
        cli(db, "refs", "563/2023", "--direction", "in")["cited_by"]) - 1


def test_unknown_ref_suggests_papers(server):
    msg = error(server, "show_unknown")
    assert "no paper '9003/2032'" in msg and "did you mean" in msg
    assert msg.split("did you mean:", 1)[1].strip().startswith("9003/2023")
    msg = error(server, "path_unknown")
    assert "no paper '9999/2099'" in msg


def test_history_is_the_commands_answer_with_files(server, db):
    got = ok(server, "history")
    want = cli(db, "history", "9003/2023")
    assert got["omitted"] == {}
    for ev in got["events"]:
        if ev["quote"] is not None or ev["amounts"]:
            assert ev["file"] and Path(ev["file"]).is_file(), ev
        for a in ev["amounts"]:
            assert a["paper"] == ev["paper"] and a["file"] == ev["file"]
        strip(ev["amounts"], "paper", "file")
        del ev["file"]
    del got["omitted"]
    assert got == want


def test_refs_is_the_commands_answer_with_files(server, db):
    got = ok(server, "refs")
    want = cli(db, "refs", "563/2023", "--depth", "2")
    assert any(item["depth"] == 2 for item in got["cited_by"])
    for item in got["cited_by"]:
        for loc in item["locations"]:
            assert loc["paper"] == item["ref"] and loc["file"]
        strip(item["locations"], "paper", "file")
    for item in got["cites"]:
        for loc in item["locations"]:
            assert loc["paper"] == item["via"]
        strip(item["locations"], "paper", "file")
    del got["omitted"]
    assert got == want


def test_path_is_the_commands_answer_with_the_quoting_file(server, db):
    got = ok(server, "path")
    want = cli(db, "path", "9013/2023", "9012/2023")
    assert got["connected"] and got["steps"]
    for step in got["steps"]:
        assert step["paper"] == (step["from"] if step["direction"] == "forward" else step["to"])
        assert step["file"] and Path(step["file"]).is_file()
        del step["paper"], step["file"]
    assert got == want


def test_check_draft_is_the_commands_answer(server, db, tmp_path, draft_text):
    draft = tmp_path / "draft.txt"
    draft.write_text(draft_text, encoding="utf-8")
    want = cli(db, "check", str(draft))
    got = ok(server, "check")
    assert got["draft"]["source"] is None and got["omitted"] == {}
    want["draft"]["source"] = None
    del got["omitted"]
    assert got == want
    earlier = [f["earlier"] for f in got["findings"] if f["earlier"]]
    assert earlier and all(e["paper"] and e["file"] and e["page"] and e["quote"]
                           for e in earlier)


def test_check_draft_date_limits_the_earlier_papers(server, draft_text):
    undated = ok(server, "check")
    dated = ok(server, "check_dated")
    assert dated["draft"]["date"] == "2023-10-01" != undated["draft"]["date"]
    before = [f for f in undated["findings"] if f["earlier"]]
    assert any(f["earlier"]["date"] > "2023-10-01" for f in before)
    assert all(f["earlier"]["date"] is None or f["earlier"]["date"] <= "2023-10-01"
               for f in dated["findings"] if f["earlier"])
    assert dated["summary"] != undated["summary"]


def test_check_draft_takes_a_council(server):
    """A shipped council or one the database keeps (any other is named in the error)."""
    assert ok(server, "check_council")["draft"]["council"] == "stuttgart"
    assert "no profile 'nirgendwo'" in error(server, "check_council_unknown")


def test_check_draft_takes_a_title(server):
    got = ok(server, "check_titled")
    assert got["draft"]["title"] == "Haushalt 2024 der Stadt"
    assert not any("--title" in w for w in got["warnings"])


def test_amounts_of_a_paper_are_its_historys(server, db):
    got = ok(server, "amounts_ref")
    hist = cli(db, "history", "9003/2023", "--depth", "0")
    want = [(ev["date"], ev["paper"], a["page"], a["text"], a["value"])
            for ev in hist["events"] for a in ev["amounts"]]
    assert [(a["date"], a["paper"], a["page"], a["text"], a["value"])
            for a in got["amounts"]] == want
    assert got["total"] == len(want) and {a["paper"] for a in got["amounts"]} == {
        "9003/2023", "9003/2023 1. Ergänzung"}
    assert all(a["file"] and Path(a["file"]).is_file() for a in got["amounts"])
    cut = ok(server, "amounts_ref_cut")
    assert cut["amounts"] == got["amounts"][:2] and cut["omitted"] == {"amounts": len(want) - 2}


def test_amounts_about_a_subject_are_stated_in_their_papers(server, db):
    got = ok(server, "amounts_subject")
    assert 0 < len(got["amounts"]) <= 5 and got["total"] >= len(got["amounts"])
    dates = [a["date"] or "9999" for a in got["amounts"]]
    assert dates == sorted(dates)
    shown: dict[str, dict] = {}
    for a in got["amounts"]:
        assert "sozialplanung" in a["subject"].lower() and "budget" in a["subject"].lower()
        paper = shown.setdefault(a["paper"], cli(db, "show", a["paper"]))
        assert a["file"] == paper["files"][0]["path"]
        assert any((m["page"], m["text"], m["value"]) == (a["page"], a["text"], a["value"])
                   for m in paper["amounts"]), a


def test_paper_resource_is_show_paper(server, db):
    got = server["resources"]["paper"]
    want = cli(db, "show", "9003/2023 1. Ergänzung")
    assert got["uri"] == "grdrs://paper/stuttgart/9003/2023%201.%20Erg%C3%A4nzung"
    assert got["paper"] == want["paper"] and got["amounts"][0]["file"] == want["files"][0]["path"]
    assert "karlsruhe" not in str(server["resources"]["paper"]["paper"]["council"])
    assert "not of karlsruhe" in str(server["resources"]["wrong_council"])
    assert "did you mean" in str(server["resources"]["unknown"])


def test_missing_database_or_sdk_is_a_usage_error(tmp_path, db):
    r = run_grdrs("mcp", "--db", str(tmp_path / "none.db"))
    assert r.returncode == 2 and "no database" in r.stderr
    assert r.stdout == ""  # nothing on the protocol's channel
    code = ("import sys; sys.modules['mcp'] = None\n"  # as if the extra were not installed
            "from grdrs.cli import main\n"
            f"main(['mcp', '--db', {str(db)!r}])\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 2 and "pip install 'grdrs[mcp]'" in r.stderr, r.stderr


def test_a_line_that_is_no_request_gets_a_json_rpc_error(db):
    """JSON-RPC 2.0: a line that is not JSON is answered -32700, JSON that is no request object
    -32600 (id null, or the request's own where it has one); the session goes on."""
    p = subprocess.Popen([sys.executable, "-m", "grdrs", "mcp", "--db", str(db)], cwd=ROOT,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    watchdog = __import__("threading").Timer(120, p.kill)
    watchdog.start()

    def ask(message: str) -> dict:
        p.stdin.write(message + "\n")
        p.stdin.flush()
        return json.loads(p.stdout.readline())

    try:
        init = {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "test", "version": "1"}}}
        assert ask("{bad json")["error"]["code"] == -32700  # before initialize too
        assert ask(json.dumps(init))["id"] == 0
        p.stdin.write('{"jsonrpc": "2.0", "method": "notifications/initialized"}\n')
        for line, code, rid in (("{bad json", -32700, None), ("[]", -32600, None),
                                ('{"foo": 1}', -32600, None), ('"x"', -32600, None),
                                ('{"jsonrpc": "2.0", "id": 7, "foo": 1}', -32600, 7)):
            answer = ask(line)
            assert answer["jsonrpc"] == "2.0" and answer["id"] == rid, (line, answer)
            assert answer["error"]["code"] == code and answer["error"]["message"], answer
        assert ask('{"jsonrpc": "2.0", "id": 8, "method": "ping"}') == {
            "jsonrpc": "2.0", "id": 8, "result": {}}
        p.stdin.close()
        assert p.wait(timeout=60) == 0
        assert "Traceback" not in p.stderr.read()
    finally:
        watchdog.cancel()
        p.kill()


def test_amounts_about_a_subject_find_its_inflected_forms(tmp_path):
    """`Radwege` finds Radwegen, Radweg and Radwegenetz as `grdrs search Radweg*` would, and
    not Gehwege; a word ending in * stays the prefix it is."""
    sentences = {31: "Für die Sanierung der Radwege werden 120.000 EUR bereitgestellt.",
                 32: "Der Ausbau von Radwegen kostet 250.000 EUR.",
                 33: "Für den neuen Radweg an der Weinsteige sind 80.000 EUR vorgesehen.",
                 34: "Das Radwegenetz erhält 1.000.000 EUR.",
                 35: "Für die Gehwege werden 50.000 EUR bereitgestellt."}
    for n, sentence in sentences.items():
        (tmp_path / f"GRDrs_{n}_2023.txt").write_text(
            f"Landeshauptstadt Stuttgart\nGRDrs {n}/2023\n{sentence}\n", encoding="utf-8")
    db = tmp_path / "g.db"
    r = run_grdrs("ingest", str(tmp_path), "--db", str(db), "-q")
    assert r.returncode == 0, r.stderr
    calls = {"stem": ("amounts", {"subject": "Radwege"}),
             "two": ("amounts", {"subject": "Radwegen Sanierung"}),
             "prefix": ("amounts", {"subject": "Gehweg*"})}
    out = asyncio.run(session_run(db, calls, {}))
    got = {key: json.loads(result.content[0].text) for key, result in out["calls"].items()}
    assert {a["paper"] for a in got["stem"]["amounts"]} == {
        "31/2023", "32/2023", "33/2023", "34/2023"}, got["stem"]
    assert [a["paper"] for a in got["two"]["amounts"]] == ["31/2023"]
    assert [a["paper"] for a in got["prefix"]["amounts"]] == ["35/2023"]


def test_a_subject_word_is_stemmed_once_and_short_words_stay_whole():
    """The stem of a word, then its spellings (one prefix each: not `buerg*`, which is also
    Bürge); a word of three letters or fewer is a whole word (`in`, `Rat`, not `rat*`)."""
    from grdrs.store.files import fts_query

    assert fts_query("Bürger Radwege in Rat", stems=True) == \
        '(("bürger"* OR "buerger"*) AND "radweg"* AND "in" AND "rat")'
