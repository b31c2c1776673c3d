"""``grdrs mcp``: the knowledge base for AI assistants, as a Model Context Protocol server.

A stdio server built on the official Python SDK (``mcp`` 2.x, its high-level ``MCPServer``;
install ``grdrs[mcp]``). Each tool is a thin wrapper over what the command line's ``--json``
prints — the same functions compute it — with three additions an assistant needs:

* **sources**: every fact names where it stands — the paper (``paper``, a REF), the file
  (``file``), the page and the quoted text (``quote`` or ``text``); grdrs summarises nothing;
* **limits**: each list is cut to ``limit`` items and ``omitted`` counts what was cut, per list;
* **errors it can act on**: an unknown REF answers with the closest paper numbers ("did you
  mean …", rapidfuzz over the database's papers), an ambiguous one lists the papers it names,
  a bad search query says why.

Resources ``grdrs://paper/<council>/<REF>`` hold ``show``'s JSON of one paper, so a client can
cite and open it. The database is opened read-only (SQLite ``mode=ro``). Tools run on the event
loop's thread, one at a time: a single client over stdio, one SQLite connection.
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal, TypedDict
from urllib.parse import quote as _quote

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from . import queries, store

INSTRUCTIONS = """\
grdrs answers from German municipal council papers (Gemeinderatsdrucksachen) that were read
into a local database: references between papers, amounts, dates, consultations, decisions.
Name a paper by its REF: "563/2023", "GRDrs 563/2023", "563/2023 Neufassung", "Antrag 112/2023",
"Niederschrift 9131", "2023/0425" (Karlsruhe), or the name `search` returns for a paper
without a number.
Every fact in an answer carries its source — paper, file, page and the quoted text: cite those,
do not paraphrase them as grdrs' own words. Lists are cut to `limit`; `omitted` counts the rest.
Papers marked fictional are samples, not real council papers."""

_READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                             open_world_hint=False)
AMOUNT_HITS = 1000  # amounts(subject=…): relevant statements considered (then cut to limit)


# --------------------------------------------------------------------------------------------
# documented outputs (top-level keys; the lists' items are those of the CLI's --json)

Omitted = Annotated[dict[str, int], Field(
    description="How many items each list lost to `limit` (list name → count); empty: nothing "
                "was cut.")]


class SearchResult(TypedDict):
    query: Annotated[str, Field(description="The query as given.")]
    hits: Annotated[list[dict[str, Any]], Field(
        description="Best first: {paper (REF, null for a file of no paper), title, fictional, "
                    "file, page, snippet (the page text around the match, matches in [ ])}.")]
    total: Annotated[int, Field(description="How many pages match in all.")]
    omitted: Omitted


class PaperResult(TypedDict):
    paper: Annotated[dict[str, Any], Field(
        description="Metadata: council, series, number, suffix, name, type, date, title, "
                    "department, signatory, budget, attachments, fictional, stub, ref.")]
    uri: Annotated[str, Field(description="The paper's resource URI.")]
    files: Annotated[list[dict[str, Any]], Field(
        description="The paper's files {path, name, role, kind, pages, sha256}; the first "
                    "speaks for it.")]
    consultations: Annotated[list[dict[str, Any]], Field(
        description="Sessions the paper lists {committee, purpose, public, date, result, "
                    "session, page, text (the quoted line), paper, file}.")]
    oparl_consultations: Annotated[list[dict[str, Any]], Field(
        description="Consultations from the council's OParl API (metadata, no page).")]
    cites: Annotated[list[dict[str, Any]], Field(
        description="Papers this paper cites {ref, title, date, edge, count, locations: "
                    "[{page, quote, paper, file}]} — the locations are in this paper.")]
    cited_by: Annotated[list[dict[str, Any]], Field(
        description="Papers citing this one; their locations [{page, quote, paper, file}] are "
                    "in the citing paper.")]
    amounts: Annotated[list[dict[str, Any]], Field(
        description="Money amounts {value, value_to, currency, per, period_from, period_to, "
                    "subject (the sentence), text (the quoted figure), page, paper, file}.")]
    dates: Annotated[list[dict[str, Any]], Field(
        description="Dates and periods {kind, from, to, text, page, paper, file}.")]
    positions: Annotated[list[dict[str, Any]], Field(
        description="Staff positions {grade, fte, text, page, paper, file}.")]
    committees: Annotated[list[str], Field(description="Committees the paper names.")]
    omitted: Omitted


class HistoryResult(TypedDict):
    paper: Annotated[dict[str, Any], Field(description="The paper REF names.")]
    lineage: Annotated[list[dict[str, Any]], Field(
        description="Its Ergänzungen, Neufassungen, answers and OParl-linked papers, in "
                    "date order.")]
    events: Annotated[list[dict[str, Any]], Field(
        description="In date order: {date, kind (paper, cites, cited_by, session, budget), "
                    "paper (who acts), title, other, other_title, committee, purpose, result, "
                    "session, budget, quote, page, file (of `paper`: where quote and page "
                    "stand), amounts [{value, …, text, page, paper, file}], fictional, depth, "
                    "text (one line a person reads), edge, oparl_result, basis, top}.")]
    decisions: Annotated[list[dict[str, Any]], Field(
        description="What was decided, in date order: {date, committee, paper, result, "
                    "text_result, oparl_result, basis (text, oparl, both), purpose, top, "
                    "session, quote, page, fictional, recorded_in}.")]
    omitted: Omitted


class RefsResult(TypedDict):
    paper: Annotated[dict[str, Any], Field(description="The paper REF names.")]
    cites: Annotated[list[dict[str, Any]], Field(
        description="Papers REF cites (and what they cite, up to depth) {ref, title, date, "
                    "edge, count, depth, via, locations [{page, quote, paper, file}]}.")]
    cited_by: Annotated[list[dict[str, Any]], Field(
        description="Papers citing REF (and their citers, up to depth), the same shape.")]
    omitted: Omitted


class PathResult(TypedDict):
    from_: Annotated[str, Field(alias="from", description="The first paper.")]
    to: Annotated[str, Field(description="The second paper.")]
    connected: Annotated[bool, Field(description="Whether a chain of links joins them.")]
    length: Annotated[int | None, Field(description="Links in the chain.")]
    steps: Annotated[list[dict[str, Any]], Field(
        description="{from, to, edge, direction, quote, page, paper, file}: paper and file "
                    "name where the quote stands.")]
    nodes: Annotated[list[dict[str, Any]], Field(
        description="The chain's nodes {id, kind, label, title, date, fictional}.")]


class CheckResult(TypedDict):
    draft: Annotated[dict[str, Any], Field(
        description="What grdrs read from the draft: number, date, title, council, amounts.")]
    warnings: Annotated[list[str], Field(description=(
        "What the reader should know about the check itself, e.g. how the draft was dated "
        "when it prints no date (then pass date)."))]
    summary: Annotated[dict[str, int], Field(description="Findings per verdict.")]
    conflicts: Annotated[int, Field(description="changed + arithmetic + date findings.")]
    findings: Annotated[list[dict[str, Any]], Field(
        description="Conflicts first: {verdict, value, earlier_value, earlier {paper, date, "
                    "file, page, quote, text}, candidates, figures, page, quote (the draft's "
                    "figure), subject (the draft's sentence), reason}.")]
    omitted: Omitted


class AmountsResult(TypedDict):
    about: Annotated[str, Field(description="The subject words or the paper asked about.")]
    amounts: Annotated[list[dict[str, Any]], Field(
        description="In date order: {date, paper, title, file, page, text (the quoted "
                    "figure), subject (its sentence), value, value_to, currency, per, "
                    "period_from, period_to, fictional}.")]
    total: Annotated[int, Field(description=(
        f"Amounts found before the cut (for a subject: the {AMOUNT_HITS} most relevant at "
        "most)."))]
    omitted: Omitted


# --------------------------------------------------------------------------------------------
# inputs

Ref = Annotated[str, Field(
    description='A paper: "563/2023", "GRDrs 563/2023", "563/2023 Neufassung", '
                '"Antrag 112/2023", "Niederschrift 9131", "2023/0425", or a name `search` '
                'returned.')]


def _limit(what: str):
    return Annotated[int, Field(ge=1, le=1000, description=f"At most this many {what}.")]


# --------------------------------------------------------------------------------------------
# sources: which file a paper's facts stand in


class Papers:
    """The database's papers by (council, REF), their main files, and "did you mean".

    Loaded on first use and again whenever another connection committed (``data_version``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._version: int | None = None
        self._ids: dict[tuple[str, str], int] = {}
        self._labels: list[str] = []
        self._files: dict[int, str | None] = {}

    def _fresh(self) -> None:
        version = store.data_version(self.conn)
        if version == self._version:
            return
        self._version = version
        self._ids.clear()
        self._files.clear()
        for row in store.list_papers(self.conn, include_stubs=True):
            self._ids.setdefault((row["council"], queries.label(row)), row["id"])
        self._labels = sorted({ref for _, ref in self._ids})

    def file(self, council: str | None, ref: str | None) -> str | None:
        """The path of the file that speaks for the paper (None: a paper known only by
        citation)."""
        if ref is None:
            return None
        self._fresh()
        pid = self._ids.get((council or "", ref))
        if pid is None:
            return None
        if pid not in self._files:
            files = store.paper_files(self.conn, pid)
            self._files[pid] = files[0]["path"] if files else None
        return self._files[pid]

    def labels(self) -> list[str]:
        """Every paper's REF ("did you mean" picks from them)."""
        self._fresh()
        return self._labels


def uri(council: str, ref: str) -> str:
    return f"grdrs://paper/{council}/{_quote(ref, safe='/')}"


def _cut(answer: dict[str, Any], keys: tuple[str, ...], limit: int) -> dict[str, Any]:
    omitted = {}
    for key in keys:
        items = answer[key]
        if len(items) > limit:
            omitted[key] = len(items) - limit
            answer[key] = items[:limit]
    answer["omitted"] = omitted
    return answer


def _date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ToolError(f"date {value!r} is not a date: give YYYY-MM-DD") from None


# --------------------------------------------------------------------------------------------
# the server


def build(conn: sqlite3.Connection) -> MCPServer:
    """The server with its tools and resources over the (read-only) connection ``conn``."""
    papers = Papers(conn)
    server = MCPServer("grdrs", instructions=INSTRUCTIONS, log_level="WARNING",
                       version=_version())

    def resolve(text: str, error=ToolError) -> sqlite3.Row:
        """The paper REF names; an unknown REF answers with the closest ones."""
        try:
            return queries.resolve(conn, text, papers.labels)
        except queries.NotFound as err:
            hint = "" if "did you mean" in str(err) else "; `search` finds papers by their words"
            raise error(f"{err}{hint}") from None
        except (queries.Ambiguous, queries.EmptyRef) as err:
            raise error(str(err)) from None

    def sourced(items: Any, council: str, ref: str) -> None:
        """Name the paper and the file each fact of ``items`` stands in (a lineage edge's
        ``locations`` is not a list of places: left as it is)."""
        if not isinstance(items, list) or not items:
            return
        f = papers.file(council, ref)
        for item in items:
            if isinstance(item, dict):
                item["paper"] = ref
                item["file"] = f

    def show_answer(ref: str, error=ToolError) -> dict[str, Any]:
        resolve(ref, error)
        out = queries.show(conn, ref)
        p = out["paper"]
        council, me = p["council"], p["ref"]
        out["uri"] = uri(council, me)
        for key in ("consultations", "amounts", "dates", "positions"):
            sourced(out[key], council, me)
        for item in out["cites"]:
            sourced(item["locations"], council, me)
        for item in out["cited_by"]:
            sourced(item["locations"], item["council"], item["ref"])
        return out

    @server.tool(annotations=_READ_ONLY)
    async def search(
            query: Annotated[str, Field(description=(
                "Words to find in the papers' text, matched as whole words; end one with * "
                "for a prefix (Einsam*); OR and NOT go between words."))],
            limit: _limit("pages") = 10) -> SearchResult:
        """Full-text search over the papers' pages: the paper, file, page and a snippet of
        each matching page, best first, a paper's pages from one of its files (as `grdrs
        search QUERY --json`); `total` counts the matching pages of every file, and
        `omitted.hits`, present when a higher `limit` lists more, the matching pages not
        listed (some may be other files of listed papers)."""
        try:
            if not store.fts_query(query):
                raise ToolError(f"query {query!r} has no words to search for")
            hits, total, more = queries.search_with_total(conn, query, limit)
        except queries.BadQuery as err:
            raise ToolError(f"bad query {query!r}: {err}") from None
        return {"query": query, "hits": hits, "total": total,
                "omitted": {"hits": total - len(hits)} if more else {}}

    @server.tool(annotations=_READ_ONLY)
    async def show_paper(ref: Ref, limit: _limit("items per list") = 20) -> PaperResult:
        """Everything known about one paper: metadata, files, consultations, what it cites and
        what cites it (with page and quote), its amounts, dates and positions — each with
        paper, file, page and quoted text (as `grdrs show REF --json`)."""
        return _cut(show_answer(ref), ("consultations", "oparl_consultations", "cites",
                                       "cited_by", "amounts", "dates", "positions"), limit)

    @server.tool(annotations=_READ_ONLY)
    async def history(ref: Ref,
                      depth: Annotated[int, Field(ge=0, le=10, description=(
                          "Citation steps around the lineage (0: the lineage alone)."))] = 1,
                      limit: _limit("events") = 30) -> HistoryResult:
        """The life of a decision, in date order: REF's lineage (Ergänzungen, Neufassungen,
        answers), its sessions and results, the papers citing it or cited by it, and the
        amounts each step stated, with their quotes (as `grdrs history REF --json`)."""
        from .graph.history import history as run

        resolve(ref)
        out = run(conn, ref, depth)
        council = out["paper"]["council"]
        for ev in out["events"]:
            ev["file"] = papers.file(council, ev["paper"])
            sourced(ev["amounts"], council, ev["paper"])
        return _cut(out, ("events",), limit)

    @server.tool(annotations=_READ_ONLY)
    async def refs(ref: Ref,
                   depth: Annotated[int, Field(ge=1, le=10, description=(
                       "Steps to follow (2: also what the cited papers cite, …)."))] = 1,
                   direction: Annotated[Literal["in", "out", "both"], Field(description=(
                       "out: what REF cites; in: what cites REF."))] = "both",
                   limit: _limit("papers per direction") = 30) -> RefsResult:
        """How papers connect: what REF cites and what cites it (also its attachments'
        citations, supplements, replaces, answers, protocol_of and OParl's super-/subordinated
        and related papers), each with the page and quote of the citation (as
        `grdrs refs REF --json`)."""
        resolve(ref)
        out = queries.refs(conn, ref, depth, direction)
        for key in ("cites", "cited_by"):
            for item in out[key]:
                citing = item["via"] if key == "cites" else item["ref"]
                sourced(item["locations"], item["council"], citing)
        return _cut(out, ("cites", "cited_by"), limit)

    @server.tool(annotations=_READ_ONLY)
    async def path(a: Ref, b: Ref,
                   via: Annotated[Literal["papers", "all"], Field(description=(
                       "papers: paper-to-paper links only; all: also through meetings, "
                       "committees and budgets."))] = "papers") -> PathResult:
        """How two papers are connected: the shortest chain of links in either direction,
        each link with the page and quote that make it (as `grdrs path A B --json`)."""
        from .graph.build import path as run

        resolve(a)
        resolve(b)
        out = run(conn, a, b, via)
        council = {n["label"]: n["id"].split("|", 1)[0] for n in out["nodes"]}
        for step in out["steps"]:
            where = step["from"] if step["direction"] == "forward" else step["to"]
            step["paper"] = where
            step["file"] = papers.file(council.get(where), where)
        return out

    @server.tool(annotations=_READ_ONLY)
    async def check_draft(
            text: Annotated[str, Field(description=(
                "The draft's text (plain text, as a paper prints it)."), min_length=1)],
            date: Annotated[str | None, Field(description=(
                "The draft's date, YYYY-MM-DD: earlier papers are those dated on or before "
                "it. Default: the date the draft's header prints, else all papers."))] = None,
            title: Annotated[str | None, Field(description=(
                "The draft's title (default: the one it prints); an earlier paper titled the "
                "same but for its years is another year's edition."))] = None,
            council: Annotated[str | None, Field(description=(
                "The council whose conventions the draft follows: stuttgart, karlsruhe, or a "
                "council whose profile the database keeps (ingested with a profile file, "
                "learned from OParl data); default: detected."))] = None,
            limit: _limit("findings") = 30) -> CheckResult:
        """Check a draft's money amounts against what earlier papers said, and its own
        arithmetic and dates: each finding is consistent, changed, new, ambiguous, arithmetic
        or date, with the earlier statement's paper, file, page and quote (as
        `grdrs check DRAFT --json`)."""
        from .check import CheckError, check as run

        when = _date(date)
        profile = None
        if council is not None:
            from .profiles.manage import named_profile

            try:
                profile = named_profile(conn, council)
            except ValueError as err:
                raise ToolError(f"council: {err}") from None
        with tempfile.TemporaryDirectory(prefix="grdrs-mcp-") as tmp:
            draft = Path(tmp) / "draft.txt"
            draft.write_text(text, encoding="utf-8")
            try:
                out = run(conn, str(draft), profile, date=when,
                          title=(title or "").strip() or None)
            except CheckError as err:
                raise ToolError(f"cannot read the draft: {err}") from None
        out["draft"]["source"] = None
        return _cut(out, ("findings",), limit)

    @server.tool(annotations=_READ_ONLY)
    async def amounts(
            subject: Annotated[str | None, Field(description=(
                "Words the sentence around an amount contains (Sozialplanung Budget), each in "
                "every inflected form and as the start of a compound (Radwege finds Radweg, "
                "Radwegen, Radwegenetz); a word ending in * is a prefix as written."))] = None,
            ref: Annotated[str | None, Field(description=(
                "A paper: its amounts and its lineage's (Ergänzungen, Neufassungen)."))] = None,
            limit: _limit("amounts") = 30) -> AmountsResult:
        """Money amounts over time, in date order, each with paper, file, page, the quoted
        figure and its sentence: about a subject (the most relevant statements across all
        papers) or of a paper and its lineage (as the amounts of `grdrs history REF --depth 0
        --json`). Give exactly one of subject and ref."""
        if (subject is None) == (ref is None):
            raise ToolError("give exactly one of subject (words) and ref (a paper)")
        if ref is not None:
            from .graph.history import history as run

            resolve(ref)
            out = run(conn, ref, 0)
            council = out["paper"]["council"]
            found = [_amount(a, ev["date"], ev["paper"], ev["title"],
                             papers.file(council, ev["paper"]), ev["fictional"])
                     for ev in out["events"] for a in ev["amounts"]]
            return _cut({"about": out["paper"]["ref"], "amounts": found, "total": len(found)},
                        ("amounts",), limit)
        try:
            match = store.fts_query(subject, stems=True)
        except queries.BadQuery as err:
            raise ToolError(f"bad subject {subject!r}: {err}") from None
        if not match:
            raise ToolError(f"subject {subject!r} has no words to search for")
        try:
            rows = store.check_candidates(conn, match, None, AMOUNT_HITS)
        except sqlite3.OperationalError as err:
            raise ToolError(f"bad subject {subject!r}: {err} — words match whole words, a "
                            "word ending in * is a prefix, OR and NOT go between two words") \
                from None
        found = [_amount(store.amount_data(r), r["date"],
                         queries.label(r), r["title"], r["path"], bool(r["fictional"]))
                 for r in rows[:limit]]  # the most relevant, then in date order
        found.sort(key=lambda x: (x["date"] is None, x["date"] or ""))
        return {"about": subject, "amounts": found, "total": len(rows),
                "omitted": {"amounts": len(rows) - len(found)} if len(rows) > len(found)
                else {}}

    @server.resource("grdrs://paper/{council}/{+ref}", name="paper",
                     mime_type="application/json",
                     description="One paper as `grdrs show REF --json` prints it, every fact "
                                 "with its paper, file, page and quote.")
    async def paper(council: str, ref: str) -> str:
        row = resolve(ref, ResourceNotFoundError)
        if row["council"] != council:
            raise ResourceNotFoundError(f"{ref!r} is a paper of {row['council']}, not of "
                                        f"{council}: {uri(row['council'], queries.label(row))}")
        return json.dumps(show_answer(ref, ResourceNotFoundError), ensure_ascii=False)

    return server


def _amount(a: dict[str, Any], date: str | None, paper: str, title: str | None,
            file: str | None, fictional: bool) -> dict[str, Any]:
    """One amount over time: when, where (paper, file, page), the quoted figure, its sentence."""
    return {"date": date, "paper": paper, "title": title, "file": file, "page": a.get("page"),
            "text": a.get("text"), "subject": a.get("subject"), "value": a.get("value"),
            "value_to": a.get("value_to"), "currency": a.get("currency"), "per": a.get("per"),
            "period_from": a.get("period_from"), "period_to": a.get("period_to"),
            "fictional": fictional}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("grdrs")
    except PackageNotFoundError:
        return ""


def serve(conn: sqlite3.Connection) -> None:
    """Answer one client over stdin/stdout until it closes the connection."""
    server = build(conn)
    lowlevel = getattr(server, "_lowlevel_server", None)
    if lowlevel is None:  # an SDK without it: its own stdio loop (bad lines unanswered)
        server.run("stdio")
        return
    import anyio

    anyio.run(_serve_stdio, lowlevel)


async def _serve_stdio(lowlevel) -> None:
    """``MCPServer.run_stdio_async``, with the read side wrapped in :class:`_Answering`."""
    from mcp.server.stdio import stdio_server

    async with stdio_server() as (read_stream, write_stream):
        await lowlevel.run(_Answering(read_stream, write_stream), write_stream,
                           lowlevel.create_initialization_options())


class _Answering:
    """The stdio transport's read side, answering a line that is no JSON-RPC message.

    The SDK's transport passes such a line on as an exception, which its server only logs:
    the client waits for an answer that never comes. JSON-RPC 2.0 answers it: -32700 (Parse
    error) for a line that is not JSON, -32600 (Invalid Request) for JSON that is no request
    object (``[]``, ``{"foo": 1}``; MCP has no batches), with the request's id where it has a
    usable one, else ``null``. A blank line is passed over.
    """

    def __init__(self, inner, write) -> None:
        self._inner, self._write = inner, write

    @property
    def last_context(self):  # the SDK reads the sender's context from its stream
        return getattr(self._inner, "last_context", None)

    async def receive(self):
        while True:
            item = await self._inner.receive()
            if not isinstance(item, Exception):
                return item
            answer = _rpc_error(item)
            if answer is not None:
                from mcp.shared.message import SessionMessage

                await self._write.send(SessionMessage(answer))

    def __aiter__(self) -> _Answering:
        return self

    async def __anext__(self):
        import anyio

        try:
            return await self.receive()
        except anyio.EndOfStream:
            raise StopAsyncIteration from None

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def __aenter__(self) -> _Answering:
        await self._inner.__aenter__()
        return self

    async def __aexit__(self, *exc) -> bool | None:
        return await self._inner.__aexit__(*exc)


def _rpc_error(err: Exception):
    """The JSON-RPC error answer to a line the transport could not read as a message (None:
    a blank line, no answer)."""
    from mcp_types import INVALID_REQUEST, PARSE_ERROR, ErrorData, JSONRPCError

    errors = err.errors() if callable(getattr(err, "errors", None)) else []
    if errors and errors[0].get("type") == "json_invalid":
        line = errors[0].get("input")
        if isinstance(line, str) and not line.strip():
            return None
        return JSONRPCError(jsonrpc="2.0", id=None, error=ErrorData(
            code=PARSE_ERROR, message=f"Parse error: the line is not JSON ({errors[0]['msg']})"))
    ids = [e["input"]["id"] for e in errors if isinstance(e.get("input"), dict)
           and type(e["input"].get("id")) in (int, str)]
    return JSONRPCError(jsonrpc="2.0", id=ids[0] if ids else None, error=ErrorData(
        code=INVALID_REQUEST, message="Invalid Request: not a JSON-RPC 2.0 request object "
                                      '({"jsonrpc": "2.0", "method": …, "id": …})'))
