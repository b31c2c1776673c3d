"""The ``grdrs`` command line. Each command parses options, calls one function, formats output.

Heavy libraries are imported inside the commands that read documents (ingest, extract,
demo); the query commands (papers, show, search) import only the standard library.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

EXIT_CODES = """\b
Exit status:
  0  every named file was read
  1  some file failed (each named with its reason on stderr; the rest was done)
  2  usage or internal error"""

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


def profile_option(f):
    return click.option("--profile", metavar="NAME", default=None,
                        help="Council profile (stuttgart, karlsruhe); default: detected from "
                             "the document, else stuttgart.")(f)


def _echo_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"grdrs: {message}", err=True)
    sys.exit(code)


def _check_profile(profile: str | None) -> None:
    if profile is None:
        return
    from .profiles import load

    try:
        load(profile)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--profile") from None


def _open_read(db: str | None):
    from . import store

    path = store.db_path(db)
    try:
        return store.connect(path)
    except FileNotFoundError as err:
        _fail(str(err))
    except Exception as err:  # noqa: BLE001 — a broken database file is the user's to know
        _fail(f"cannot open database {path}: {err}")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="grdrs")
def main() -> None:
    """grdrs — German council papers (Gemeinderatsdrucksachen) as a knowledge base.

    Read PDF, text and HTML papers into one SQLite file, then ask what a paper says,
    what it cites and what cites it. Start with `grdrs demo`.
    """


@main.command(epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=True, dir_okay=True))
@db_option
@profile_option
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes for reading and extraction.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, only errors and summary.")
def ingest(paths, db, profile, jobs, quiet):
    """Read PDF, text and HTML files (folders recursively) into the database.

    A file is identified by its path: the same bytes again change nothing, new bytes replace
    the old version. A file that cannot be read is reported on one line (file: reason),
    recorded as failed, and the rest of the batch goes on.
    """
    _check_profile(profile)
    from . import store
    from .ingest import ingest as run

    path = store.db_path(db)
    try:
        conn = store.connect(path, write=True)
    except Exception as err:  # noqa: BLE001
        _fail(f"cannot open database {path}: {err}")

    def on_error(file: str, reason: str) -> None:
        click.echo(f"grdrs: {file}: {reason}", err=True)

    summary = run(conn, paths, profile=profile, jobs=jobs, on_error=on_error,
                  progress=not quiet and sys.stdout.isatty())
    click.echo(f"{summary.line()} → {path}")
    sys.exit(1 if summary.failed else 0)


@main.command(epilog=EXIT_CODES)
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@profile_option
@json_option
def extract(files, profile, as_json):
    """Print the facts grdrs reads from FILES, without storing them.

    With --json: one JSON object per file, one per line (the shape of README "extract --json").
    """
    _check_profile(profile)
    import hashlib

    from .ingest import read_file

    failed = 0
    for f in files:
        data = Path(f).read_bytes()
        result = read_file(f, data, hashlib.sha256(data).hexdigest(), profile)
        if result.error is not None:
            failed += 1
            click.echo(f"grdrs: {f}: {result.error}", err=True)
            continue
        obj = result.ext.to_json()
        if as_json:
            click.echo(json.dumps(obj, ensure_ascii=False))
        else:
            from .render_text import extraction_text

            click.echo(extraction_text(obj))
    sys.exit(1 if failed else 0)


@main.command(epilog=LIST_EXIT)
@db_option
@json_option
@click.option("--stubs", is_flag=True, help="Include papers known only from citations.")
def papers(db, as_json, stubs):
    """List the papers: number (or file name), type, date, title."""
    from . import queries

    rows = queries.papers(_open_read(db), include_stubs=stubs)
    if as_json:
        _echo_json(rows)
        return
    from .render_text import papers_table

    click.echo(papers_table(rows))


@main.command(epilog=QUERY_EXIT)
@click.argument("ref")
@db_option
@json_option
def show(ref, db, as_json):
    """Show one paper: metadata, consultations, what it cites, what cites it, its amounts.

    REF is a number ("563/2023", "GRDrs 563/2023", "563/2023 Neufassung", "Antrag 112/2023",
    "2023/0425") or, for a paper without a number, the name `grdrs papers` prints.
    """
    from . import queries

    conn = _open_read(db)
    try:
        answer = queries.show(conn, ref)
    except queries.NotFound as err:
        _fail(str(err), 1)
    except queries.Ambiguous as err:
        _fail(str(err), 2)
    if as_json:
        _echo_json(answer)
        return
    from .render_text import show_text

    click.echo(show_text(answer))


@main.command(epilog=LIST_EXIT)
@click.argument("query", nargs=-1, required=True)
@db_option
@json_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000))
def search(query, db, as_json, limit):
    """Full-text search over the papers' text: paper, page and a snippet per hit.

    Words are matched as whole words; end one with * for a prefix (Einsam*); OR and NOT work.
    """
    from . import queries

    hits = queries.search(_open_read(db), " ".join(query), limit)
    if as_json:
        _echo_json(hits)
        return
    from .render_text import search_text

    click.echo(search_text(hits))


@main.command(epilog="Exit status: 0 done, 2 the demo itself failed.")
@click.option("--out", type=click.Path(file_okay=False), default="grdrs-demo", show_default=True,
              help="Folder for the demo's database (never your grdrs.db).")
def demo(out):
    """Ingest the bundled sample corpus into a fresh database and show what grdrs knows."""
    from .demo import run

    sys.exit(run(Path(out)))


if __name__ == "__main__":  # pragma: no cover
    main()
