"""The ``grdrs`` command line. Each command parses options, calls one function, formats output.

Heavy libraries are imported inside the commands that read documents (ingest, extract,
demo). The query commands (papers, show, search, refs, history) normally do not come here:
the entry point (grdrs.fastcli) runs their bodies (grdrs.commands) without click; these click
definitions answer --help and every form the fast path leaves to click.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import click

from .commands import (echo_json as _echo_json, fail as _fail, open_read as _open_read,
                       print_extraction)
from .paths import printable, write_error

EXIT_CODES = """\b
Exit status:
  0  every named file was read
  1  some file failed (each named with its reason on stderr; the rest was done)
  2  usage or internal error"""

INGEST_EXIT = EXIT_CODES + """ (also: the database is read-only or not a grdrs database;
     nothing to read: no named path exists, or every file skipped, e.g. an OParl dump,
     which ingest-oparl reads)
  130  interrupted (Ctrl-C): what was stored stays; the same command reads the rest"""

QUERY_EXIT = """\b
Exit status: 0 found, 1 REF unknown, 2 usage or error."""

LIST_EXIT = """\b
Exit status: 0 done (an empty result is a result), 2 usage or error."""


def db_option(f):
    return click.option("--db", "db", metavar="FILE", envvar=None, default=None,
                        help="Database file (default: $GRDRS_DB, else ./grdrs.db).")(f)


def json_option(f):
    return click.option("--json", "as_json", is_flag=True,
                        help="Print JSON (stable keys, see README).")(f)


def profile_option(f, kept: str = ""):
    return click.option("--profile", metavar="NAME", default=None,
                        help="Council profile (stuttgart, karlsruhe, generic) or a profile "
                             f"file (NAME.toml){kept}; default: detected from the document, "
                             "else generic.")(f)


def _memory_floor(ctx, param, value: int) -> int:
    from .limits import memory_limit_problem

    if why := memory_limit_problem(value):
        raise click.BadParameter(why)
    return value


def limit_options(f):
    f = click.option("--memory-limit", metavar="MB", default=2048, show_default=True,
                     type=int, callback=_memory_floor,
                     help="Memory (address space) a file may take to read, in MB: at least "
                          "100; 0: none.")(f)
    return click.option("--time-limit", metavar="SECONDS", default=600, show_default=True,
                        type=click.FloatRange(0, None),
                        help="Time a file may take to read and extract; 0: none.")(f)


def ocr_option(f):
    return click.option("--ocr/--no-ocr", "ocr", default=None,
                        help="Read scanned PDF pages (no text layer) with Tesseract OCR. "
                             "Default: whenever Tesseract is installed; --ocr makes its "
                             "absence an error, --no-ocr never OCRs.")(f)


def _set_ocr(ocr: bool | None) -> None:
    """Apply --ocr/--no-ocr for this command (worker processes inherit it)."""
    if ocr is None:
        return
    from .sources import ocr as ocr_mod

    if ocr and ocr_mod.missing():
        _fail(f"--ocr: {ocr_mod.missing()}")
    before = ocr_mod.get_mode()
    ocr_mod.set_mode("on" if ocr else "off")
    click.get_current_context().call_on_close(lambda: ocr_mod.set_mode(before))


def _check_profile(profile: str | None, conn=None):
    """The profile --profile names (None: none): a shipped one or a file, or with ``conn`` one
    that database keeps; an unknown one is a usage error naming the known ones."""
    if profile is None:
        return None
    from .profiles.manage import named_profile

    try:
        return named_profile(conn, profile)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--profile") from None


def _open_write(db: str | None):
    """(path, writable connection) of the database; creates it if it is absent."""
    from . import store, write

    path = store.db_path(db)
    try:
        return path, write.connect(path)
    except (store.NotADatabase, store.ReadOnly) as err:
        _fail(str(err))
    except Exception as err:  # noqa: BLE001
        _fail(f"cannot open database {path}: {err}")


def _write_file(target: Path, text: str) -> None:
    """Write the file -o names; one that cannot be written is one line, exit status 2."""
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as err:
        _fail(write_error(target, err))


INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C


def _writing(path: str, fn, resume: str):
    """Run a write command's batch: Ctrl-C ends it with one line and exit status 130 (what
    was committed stays), a database that turns out read-only with one line and status 2."""
    import sqlite3

    from . import store

    try:
        with store.counting_interrupts():  # also a Ctrl-C SQLite made an error of
            return fn()
    except KeyboardInterrupt:
        _fail(f"interrupted; what was stored so far stays in {path}. {resume}", INTERRUPTED)
    except sqlite3.OperationalError as err:
        if "readonly" in str(err):
            _fail(f"cannot write to {path}: the file or its folder is read-only")
        if "disk is full" in str(err) or "disk I/O error" in str(err):
            _fail(f"cannot write to {path}: {err}; what was stored before stays")
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="grdrs")
def main() -> None:
    """grdrs — German council papers (Gemeinderatsdrucksachen) as a knowledge base.

    Read PDF, text and HTML papers into one SQLite file, then ask what a paper says,
    what it cites and what cites it. Start with `grdrs demo`.
    """


@main.command(epilog=INGEST_EXIT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@profile_option
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes for reading and extraction.")
@limit_options
@ocr_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, only errors and summary.")
def ingest(paths, db, profile, jobs, time_limit, memory_limit, ocr, quiet):
    """Read PDF, text and HTML files (folders recursively) into the database.

    A file is identified by its path: the same bytes again change nothing, new bytes replace
    the old version. A file that cannot be read is reported on one line (file: reason),
    recorded as failed, and the rest of the batch goes on. Each file is read in a worker
    process under --time-limit and --memory-limit; a second ingest into the same database
    waits until the first is done.
    """
    _check_profile(profile)
    _set_ocr(ocr)
    from .ingest import collect, ingest as run, nothing_to_read
    from .pool import Limits

    found, skipped = collect(paths)
    if why := nothing_to_read(paths, found, skipped):  # before the database is made
        _fail(why)
    path, conn = _open_write(db)

    def on_error(file: str, reason: str) -> None:
        click.echo(f"grdrs: {file}: {reason}", err=True)

    def on_wait(message: str) -> None:
        click.echo(f"grdrs: {message}", err=True)

    summary = _writing(path, lambda: run(
        conn, paths, profile=profile, jobs=jobs, on_error=on_error,
        progress=not quiet and sys.stdout.isatty(), limits=Limits(time_limit, memory_limit),
        on_wait=on_wait), "Run the same command again to read the rest.")
    click.echo(f"{summary.line()} → {printable(path)}")
    sys.exit(1 if summary.failed else 0)


@main.command(epilog=EXIT_CODES)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@lambda f: profile_option(f, ", or with --db a council whose profile the database keeps")
@click.option("--db", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="A database whose kept council profiles are detected too (none by default).")
@json_option
@click.option("--html", "as_html", is_flag=True,
              help="Write the document with its facts highlighted (spaCy displaCy) as HTML.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="With --html: the file to write (default: stdout). With several FILES, "
                   "each gets its own page: NAME.html next to the -o path (NAME.pdf.html "
                   "where two FILES share a NAME or NAME.html is one of FILES; FILES are "
                   "never written).")
@limit_options
@ocr_option
def extract(files, profile, db, as_json, as_html, output, time_limit, memory_limit, ocr):
    """Print the facts grdrs reads from FILES, without storing them.

    With --json: one JSON object per file, one per line (the shape of README "extract --json").
    With --html: one self-contained HTML page per file with every fact highlighted; a trained
    German spaCy pipeline, if installed, adds persons and organisations.
    """
    if db is None:
        _check_profile(profile)
    else:  # the councils it keeps: detected, or named
        from .profiles.manage import kept_profiles

        conn = _open_read(db)
        profile = _check_profile(profile, conn) if profile else kept_profiles(conn)
    if as_html and as_json:
        raise click.UsageError("choose one of --json and --html")
    if output and not as_html:
        raise click.UsageError("-o/--output goes with --html")
    _set_ocr(ocr)
    from .nlp import html_targets
    from .pool import Limits, ReaderPool
    from .reading import all_missing

    try:
        targets = html_targets(files, output) if as_html and output else {}
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    if why := all_missing(files):
        _fail(why)
    failed = 0
    with ReaderPool(1, Limits(time_limit, memory_limit)) as pool:
        for f, result in zip(files, pool.map((f, "", profile) for f in files)):
            failed += print_extraction(printable(f), result, targets.get(f), as_json,
                                       as_html, _write_file)
    sys.exit(1 if failed else 0)


@main.command(epilog=LIST_EXIT)
@db_option
@json_option
@click.option("--stubs", is_flag=True, help="Include papers known only from citations.")
@click.option("--limit", type=click.IntRange(1, None), default=None,
              help="At most N papers (in date order); default: all.")
def papers(db, as_json, stubs, limit):
    """List the papers: number (or file name, a/bericht in two folders), type, date, title."""
    from . import commands

    commands.papers(db, as_json, stubs, limit)


@main.command(epilog=QUERY_EXIT)
@click.argument("ref")
@db_option
@json_option
def show(ref, db, as_json):
    """Show one paper: metadata, consultations, what it cites, what cites it, its amounts.

    REF is a number ("563/2023", "GRDrs 563/2023", "563/2023 Neufassung", "Antrag 112/2023",
    "2023/0425", "Niederschrift 9131", "Niederschrift 66 Gemeinderat") or, for a paper without
    a number, the name `grdrs papers` prints; a council may lead ("huertgenwald:48/2018",
    as papers of several councils are listed). An unknown REF gets "did you mean …"; one that
    names several papers lists them (exit 2).
    """
    from . import commands

    commands.show(ref, db, as_json)


# a query word "-Kita" is a word, not an option: the query says what to do with it
@main.command(epilog=LIST_EXIT, context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True)
@db_option
@json_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000))
def search(query, db, as_json, limit):
    """Full-text search over the papers' text: paper, page and a snippet per hit.

    Words are matched as whole words; end one with * for a prefix (Einsam*); words in double
    quotes are a phrase ('"Neugestaltung Kaiserstraße"'); OR, AND and NOT go between two terms
    (Kita OR Schule, Kita NOT Neubau; write or/and/not in lower case to find the word). A
    paper with several files (PDF and text) is listed from one of them. The best --limit pages
    are shown, and how many match in all.
    """
    from . import commands

    commands.search(query, db, as_json, limit)


@main.command(epilog="Exit status: 0 done, 2 the demo itself failed.")
@click.option("--out", type=click.Path(file_okay=False), default="grdrs-demo", show_default=True,
              help="Folder for the demo's database (never your grdrs.db).")
def demo(out):
    """Ingest the bundled sample corpus into a fresh database and show what grdrs knows."""
    from .demo import run

    sys.exit(run(Path(out)))


CHECK_EXIT = """\b
Exit status:
  0  nothing conflicts (consistent, new and ambiguous findings only)
  1  a changed, arithmetic or date finding
  2  usage or error (the draft cannot be read, no database)"""


@main.command(epilog=CHECK_EXIT)
@click.argument("draft", type=click.Path(dir_okay=False))
@db_option
@lambda f: profile_option(f, ", or a council whose profile the database keeps")
@click.option("--date", "draft_date", metavar="YYYY-MM-DD",
              help="The draft's date (default: the date it prints, else its first "
                   "consultation or the newest date it reports as past).")
@click.option("--title", "draft_title", metavar="TEXT",
              help="The draft's title (default: the title it prints; give it where the "
                   "reader finds none, e.g. a business plan's cover). An earlier paper whose "
                   "title differs only in its years is another year's edition.")
@click.option("--thorough", is_flag=True,
              help="Also report as changed a figure the rules call new when a scorer fitted "
                   "on real papers finds an earlier statement of what is likely the same "
                   "quantity: more changed figures caught, more false alarms.")
@json_option
def check(draft, db, profile, draft_date, draft_title, thorough, as_json):
    """Check a draft's amounts against what earlier papers said, and its own arithmetic.

    DRAFT is a PDF, text or HTML file (it need not be in the database). Each amount is
    consistent, changed, new or ambiguous against the earlier papers (dated on or before the
    draft, never after it; the draft's own number, its follow-up versions and its
    Ergänzungen/Neufassungen left out); totals that do not add up are arithmetic; events told
    as past but dated after the draft are date. Each finding says why it matched (shared
    words, period, cited paper); an ambiguous one shows the best three earlier statements.

    --json: {"draft", "warnings", "summary", "conflicts", "findings": [{"verdict", "value",
    "earlier_value", "earlier": {"paper", "date", "page", "quote"}, "why", "candidates",
    "more_candidates", "figures", "page", "quote", "subject", "reason"}]}.
    """
    if draft_date is not None:
        try:
            draft_date = datetime.date.fromisoformat(draft_date).isoformat()
        except ValueError:
            _fail(f"--date {draft_date}: not a date YYYY-MM-DD")
    if not Path(draft).is_file():
        _fail(f"{draft}: no such file")
    conn = _open_read(db)
    profile = _check_profile(profile, conn)  # (a council the database keeps, too)
    from .check import CONFLICTS, CheckError, check as run, report_text

    try:
        answer = run(conn, draft, profile, draft_date, thorough=thorough,
                     title=draft_title.strip() if draft_title else None)
    except CheckError as err:
        _fail(f"{draft}: {err}")
    except Exception as err:  # noqa: BLE001 — a pipeline needs exit status 2, not a traceback
        _fail(f"{draft}: internal error: {type(err).__name__}: {err}")
    if as_json:
        _echo_json(answer)
    else:
        click.echo(report_text(answer))
    sys.exit(1 if any(f["verdict"] in CONFLICTS for f in answer["findings"]) else 0)


# --------------------------------------------------------------------------------------------
# the reference graph: refs, history (recursive SQL, no networkx), path, export (networkx)

PATH_EXIT = """\b
Exit status: 0 connected, 1 a REF unknown or the papers not connected, 2 usage or error."""

EXPORT_EXIT = """\b
Exit status: 0 done, 1 --around REF unknown, 2 usage or error."""


@main.command(epilog=QUERY_EXIT)
@click.argument("ref")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(1, 50),
              help="Steps to follow (2: also what the cited papers cite, …).")
@click.option("--direction", type=click.Choice(["in", "out", "both"]), default="both",
              show_default=True, help="out: what REF cites; in: what cites REF.")
@db_option
@json_option
def refs(ref, depth, direction, db, as_json):
    """What REF cites and what cites it (also its attachments' citations, supplements,
    replaces, answers, protocol_of, and OParl's super-/subordinated and related papers).

    Walks the edges table with recursive SQL; a citation cycle ends the walk.
    """
    from . import commands

    commands.refs(ref, depth, direction, db, as_json)


@main.command(epilog=QUERY_EXIT)
@click.argument("ref")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 50),
              help="Citation steps around the lineage (0: the lineage alone).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(0, None),
              help="Citing (and cited) papers listed in the text output of a history longer "
                   "than a screen (60 lines; a shorter one is printed whole); the rest "
                   "counted.")
@click.option("--full", is_flag=True, help="Every event in date order (all citing papers, "
              "their sessions and amounts).")
@db_option
@json_option
def history(ref, depth, limit, full, db, as_json):
    """The life of a decision, in date order: REF's lineage (Ergänzungen, Neufassungen,
    answers, OParl's linked papers), every session with its result, the papers that cite it or
    that it cites, the amounts each step stated, and what was decided. Events of fictional
    sample papers are marked [fictional].

    --json: {"paper", "lineage", "events": [{"date", "kind", "paper", "title", "other",
    "other_title", "committee", "purpose", "result", "session", "budget", "quote", "page",
    "amounts", "fictional", "depth", "text", "edge", "oparl_result", "basis", "top",
    "protocol"}], "decisions": [{"date", "committee", "paper", "result", "text_result",
    "oparl_result", "basis", "purpose", "top", "session", "quote", "page", "fictional",
    "recorded_in", "protocol", "final"}]}.
    """
    from . import commands

    commands.history(ref, depth, db, as_json, limit=limit, full=full)


@main.command(epilog=PATH_EXIT)
@click.argument("a")
@click.argument("b")
@click.option("--via", type=click.Choice(["papers", "all"]), default="papers",
              show_default=True,
              help="papers: paper-to-paper links only; all: also through meetings, "
                   "committees and budgets.")
@db_option
@json_option
def path(a, b, via, db, as_json):
    """How two papers are connected: the shortest chain of links, in either direction."""
    from .commands import resolve_errors
    from .graph.build import path as run, path_text

    conn = _open_read(db)
    answer = resolve_errors(lambda: run(conn, a, b, via))
    if as_json:
        _echo_json(answer)
    else:
        click.echo(path_text(answer))
    sys.exit(0 if answer["connected"] else 1)


@main.group(name="export")
def export_group():
    """Export the knowledge base (grdrs export graph …)."""


@export_group.command(name="graph", epilog=EXPORT_EXIT)
@click.option("--format", "fmt", required=True,
              type=click.Choice(["graphml", "gexf", "json", "dot", "csv", "html", "oparl"]),
              help="graphml/gexf (Gephi, networkx), json (networkx node-link), dot (Graphviz), "
                   "csv (nodes.csv + edges.csv into the folder -o), html (one self-contained "
                   "interactive page), oparl (OParl 1.1 JSON).")
@click.option("-o", "--output", metavar="PATH", default=None,
              help="Output file (csv: a folder); default: stdout.")
@click.option("--around", metavar="REF", default=None,
              help="Only the papers within --depth links of REF (and their meetings, "
                   "committees, budgets).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 50))
@click.option("--base-url", default="https://grdrs.invalid/oparl/", show_default=True,
              help="oparl: the URL the object ids start with.")
@click.option("--excel", is_flag=True,
              help="csv: as German Excel opens it by double-click — UTF-8 with a byte order "
                   "mark, ';' between columns, decimal comma (default: plain UTF-8 CSV with "
                   "',' and '.', for pandas, R and LibreOffice).")
@db_option
def export_graph(fmt, output, around, depth, base_url, excel, db):
    """Write the reference graph: papers, committees, meetings, budgets and their links.

    For a spreadsheet: --format csv -o FOLDER --excel (German Excel) or without --excel.
    A large graph is easier to read --around a paper (with --depth).
    """
    from .commands import resolve_errors
    from .graph.export import OutputError, export

    if excel and fmt != "csv":
        raise click.UsageError("--excel goes with --format csv")
    conn = _open_read(db)
    if fmt == "csv" and output is None:
        raise click.UsageError("--format csv writes nodes.csv and edges.csv: name a folder "
                               "with -o")
    try:
        summary = resolve_errors(
            lambda: export(conn, fmt, output, around=around, depth=depth, base=base_url,
                           excel=excel))
    except OutputError as err:
        _fail(str(err))
    if output is not None:
        click.echo(summary, err=True)


@main.command(epilog="Exit status: 0 the client closed the connection, 2 usage or error (no "
                     "database, the mcp extra not installed).")
@db_option
def mcp(db):
    """Serve the database to AI assistants: a Model Context Protocol server over stdio.

    Tools search, show_paper, history, refs, path, check_draft and amounts answer as the
    commands' --json does, every fact with its paper, file, page and quote; resources
    grdrs://paper/<council>/<REF>. Read-only. Needs the extra: pip install 'grdrs[mcp]'.
    """
    conn = _open_read(db)
    try:
        from .mcp_server import serve
    except ModuleNotFoundError as err:
        if (err.name or "").split(".")[0] not in ("mcp", "mcp_types", "pydantic"):
            raise
        _fail(f"grdrs mcp needs the MCP SDK ({err.name} is missing): pip install 'grdrs[mcp]'")
    serve(conn)


# --- OParl: ingest-oparl, quality -------------------------------------------------------------

OPARL_EXIT = """\b
Exit status:
  0  everything imported
  1  some object or file failed (each named with its reason on stderr; the rest imported)
  2  the source cannot be read at all, or usage
  130  interrupted (Ctrl-C): the same command again resumes"""


@main.command("ingest-oparl", epilog=OPARL_EXIT)
@click.argument("source")
@db_option
@click.option("--since", metavar="DATE", default=None,
              help="Only objects modified since DATE (YYYY-MM-DD): papers, meetings, "
                   "organizations, files (older meetings still date the papers' consultations); "
                   "from an endpoint this is modified_since (default: the start of the last "
                   "complete run).")
@profile_option
@click.option("--jobs", "-j", default=0, show_default=True, type=click.IntRange(0, 64),
              help="Worker processes for extraction (0: one per CPU).")
@click.option("--delay", default=0.5, show_default=True, type=click.FloatRange(0, 60),
              help="Seconds between two requests to the server.")
@click.option("--retries", default=3, show_default=True, type=click.IntRange(0, 10),
              help="Retries (with back-off) of a request that times out or gets 429/5xx.")
@click.option("--quiet", "-q", is_flag=True, help="Only errors and the summary.")
@click.option("--verbose", "-v", is_flag=True,
              help="Also one line per file without text (scans).")
def ingest_oparl(source, db, since, profile, jobs, delay, retries, quiet, verbose):
    """Import papers, meetings, committees and texts from OParl.

    SOURCE is an OParl endpoint URL (the System or a Body), a folder of OParl JSON files, or
    JSON-lines dumps such as the Karlsruhe archive (papers.jsonl.gz, meetings.jsonl.gz,
    texts.jsonl.gz, organizations.json). From a URL grdrs talks only to that host (and fetches
    the file URLs it lists), one request at a time. A second run fetches only what changed
    (modified_since) and resumes an interrupted one; `deleted: true` removes what it marks.
    OParl metadata fills the papers; every text still goes through the extractors, and
    `grdrs quality` lists where the two disagree.
    """
    _check_profile(profile)
    if since is not None:
        try:
            datetime.date.fromisoformat(since[:10])
        except ValueError:
            raise click.BadParameter(f"{since!r} is not a date (YYYY-MM-DD)",
                                     param_hint="--since") from None
    import os

    from . import store
    from .oparl.importer import EMPTY_TEXT, SourceError, open_oparl, source_problem

    if source_problem(source):
        _fail(f"cannot read {source}: {source_problem(source)}")  # and no database made
    path = store.db_path(db)

    def on_error(where: str, reason: str) -> None:
        click.echo(f"grdrs: {printable(where)}: {printable(reason)}", err=True)

    def on_warning(where: str, reason: str) -> None:
        if reason == EMPTY_TEXT and not verbose:
            return
        if not quiet:
            click.echo(f"grdrs: warning: {where}: {reason}", err=True)

    def on_status(message: str) -> None:
        if not quiet:
            click.echo(f"grdrs: {message}", err=True)

    resume = "Run the same command again to resume."
    try:  # the source answers before the database is opened: one that cannot be read
        imp = _writing(path, lambda: open_oparl(  # makes no database and changes none
            source, profile=profile, since=since, jobs=jobs or os.cpu_count() or 1,
            delay=delay, retries=retries, on_error=on_error, on_warning=on_warning,
            on_status=on_status), resume)
    except SourceError as err:
        _fail(f"cannot read {source}: {err}", 2)
    path, conn = _open_write(db)
    summary = _writing(path, lambda: imp.run(conn, on_status), resume)
    click.echo(f"{summary.line()} → {printable(path)}")
    on_status(f"time: extraction {summary.t_extract:.1f} s (summed over the workers), storing "
              f"{summary.t_store:.1f} s, checks {summary.t_checks:.1f} s")
    if summary.files_no_text and not verbose:
        click.echo(f"grdrs: warning: {summary.files_no_text} file(s) without text (scans?) "
                   "stored with their metadata; -v names them", err=True)
    sys.exit(1 if summary.errors else 0)


@main.command(epilog=LIST_EXIT)
@db_option
@json_option
@click.option("--examples", default=5, show_default=True, type=click.IntRange(0, 10000),
              help="Example papers per kind of disagreement.")
@click.option("--council", default=None, metavar="NAME",
              help="Only this council; one without OParl data here is an error (exit 2).")
def quality(db, as_json, examples, council):
    """Data quality per council: where the papers' texts and the OParl data disagree.

    Own number, date and type; consultations OParl lists that the text does not print (and the
    reverse); papers the text cites that OParl does not link. Both sides stay in the database.
    """
    from . import store
    from .oparl.quality import aggregate, of_council, render

    conn = _open_read(db)
    try:
        councils = of_council(aggregate(store.oparl_quality(conn, examples)), council,
                              store.check_councils(conn) if council else [])
    except ValueError as err:
        _fail(f"--council {council}: {err}")
    if as_json:
        _echo_json(councils)
        return
    click.echo(render(councils))


# --- issue 15: council profiles -------------------------------------------------------------
@main.group("profile")
def profile_group() -> None:
    """Council profiles: show one, export it as a file to edit, learn one from papers.

    NAME is a shipped profile (stuttgart, karlsruhe, generic), a profile file, or a council
    that `grdrs ingest-oparl` learned into the database (its slug, e.g. huertgenwald). A paper
    no profile's detection matches is read with the generic profile.
    """


def _profile_text(name: str, db: str | None) -> str:
    from . import store
    from .profiles.manage import NotFound, resolve

    learned = {}
    path = store.db_path(db)
    if Path(path).is_file():
        learned = store.learned_profiles(_open_read(db))
    try:
        return resolve(name, learned)[1]
    except (NotFound, ValueError) as err:
        _fail(str(err), 1)


@profile_group.command("show", epilog=QUERY_EXIT.replace("REF", "NAME"))
@click.argument("name")
@db_option
def profile_show(name, db):
    """Print the profile NAME (TOML)."""
    click.echo(_profile_text(name, db), nl=False)


@profile_group.command("export", epilog=QUERY_EXIT.replace("REF", "NAME"))
@click.argument("name")
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="The file to write (default: NAME.toml here).")
def profile_export(name, db, output):
    """Write the profile NAME as a file to edit and pass back with --profile FILE."""
    text = _profile_text(name, db)
    target = Path(output or f"{Path(name).stem}.toml")
    _write_file(target, text)
    click.echo(f"wrote {target}", err=True)


@profile_group.command("learn", epilog=EXIT_CODES)
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--name", "council", metavar="COUNCIL", default=None,
              help="The council's name (default: the folder's name).")
@click.option("--min-count", default=3, show_default=True, type=click.IntRange(1, None),
              help="Propose a number shape, prefix or committee name seen at least this often.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="The profile file to write (default: COUNCIL.toml here).")
def profile_learn(folder, council, min_count, output):
    """Propose a profile from a folder of one council's papers (no OParl data needed).

    Counts the shapes of numbers where papers print paper numbers (after Vorlage, Drucksache,
    Antrag …, alone on a line under an agenda item, with a series prefix such as AN/) and the
    committee names they print often, prints them and writes a profile file for you to check
    and pass with --profile FILE.
    """
    from .profiles.slug import slug
    from .profiles.manage import learn_folder

    errors = []
    text, report = learn_folder(folder, council, min_count,
                                on_error=lambda n, why: errors.append((n, why)))
    for n, why in errors:
        click.echo(f"grdrs: {n}: {why}", err=True)
    for line in report:
        click.echo(line)
    target = Path(output or f"{slug(council or Path(folder).resolve().name, strip_kind=True)}.toml")
    _write_file(target, text)
    click.echo(f"wrote {target}: check it, then pass it with --profile {target}", err=True)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
