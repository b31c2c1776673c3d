"""The query commands' bodies — papers, show, search, refs, history — with the standard
library only, so :mod:`grdrs.fastcli` runs them without importing click (whose import alone
costs more than Python's start). :mod:`grdrs.cli` wraps each in a click command with the same
options; both paths print the same output and exit with the same status.
"""

from __future__ import annotations

import sys
from collections.abc import Callable


# control characters a stored text may hold (a PDF's broken font encoding): printed as U+FFFD,
# so that a title's ESC sequence cannot retitle or recolour the terminal (JSON escapes them)
_CONTROLS = {c: "\ufffd" for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (9, 10)}


def echo(text: str = "", err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text.translate(_CONTROLS) + "\n")
    stream.flush()


# … which JSON keeps, escaped (json.dumps escapes those below 0x20 itself)
_JSON_CONTROLS = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}


def echo_json(value: object) -> None:
    import json  # (not at import: start-up)

    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2).translate(_JSON_CONTROLS)
                     + "\n")
    sys.stdout.flush()


def fail(message: str, code: int = 2) -> None:
    from .paths import printable  # a path in it whose name is not UTF-8: as grdrs prints it

    echo(f"grdrs: {printable(message)}", err=True)
    sys.exit(code)


def open_read(db: str | None):
    """A read-only connection to the database (``--db``, ``$GRDRS_DB`` or ./grdrs.db)."""
    from . import store

    path = store.db_path(db)
    try:
        return store.connect(path)
    except FileNotFoundError as err:
        fail(str(err))
    except (store.NotADatabase, store.ReadOnly) as err:
        fail(str(err))
    except Exception as err:  # noqa: BLE001 — a broken database file is the user's to know
        fail(f"cannot open database {path}: {err}")


def resolve_errors(fn: Callable[[], object]) -> object:
    """Run a query; a REF that names nothing exits 1, an ambiguous or empty one 2."""
    from . import queries

    try:
        return fn()
    except queries.NotFound as err:
        fail(str(err), 1)
    except (queries.Ambiguous, queries.EmptyRef) as err:
        fail(str(err), 2)


def papers(db: str | None, as_json: bool, stubs: bool, limit: int | None) -> None:
    from . import queries

    rows = queries.papers(open_read(db), include_stubs=stubs, limit=limit)
    if as_json:
        echo_json(rows)
        return
    from .render_text import papers_table

    echo(papers_table(rows))


def show(ref: str, db: str | None, as_json: bool) -> None:
    from . import queries

    conn = open_read(db)
    answer = resolve_errors(lambda: queries.show(conn, ref))
    if as_json:
        echo_json(answer)
        return
    from .render_text import show_text

    echo(show_text(answer))


def search(query: tuple[str, ...], db: str | None, as_json: bool, limit: int) -> None:
    from . import queries

    conn = open_read(db)
    text = " ".join(query)
    try:
        hits, total, more = queries.search_with_total(conn, text, limit)
    except queries.BadQuery as err:
        fail(f"search: {err}")
    if as_json:
        echo_json(hits)
        return
    from .render_text import search_text

    echo(search_text(hits, total, more))


def refs(ref: str, depth: int, direction: str, db: str | None, as_json: bool) -> None:
    from . import queries

    conn = open_read(db)
    answer = resolve_errors(lambda: queries.refs(conn, ref, depth, direction))
    if as_json:
        echo_json(answer)
        return
    p = answer["paper"]
    echo(f"{p['ref']}" + (f" — {p['title']}" if p["title"] else ""))
    for key, head in (("cites", "Cites"), ("cited_by", "Cited by")):
        if direction not in ("both", "out" if key == "cites" else "in"):
            continue
        items = answer[key]
        echo(f"{head} ({len(items)}):")
        for r in items:
            via = f"  [via {r['via']}]" if r["depth"] > 1 else ""
            edge = "" if r["edge"] == "cites" else f" ({r['edge']})"
            stub = "  (cited only)" if r["stub"] else ""
            fict = "  [fictional]" if r["fictional"] else ""
            times = f" {r['count']}×" if r["count"] > 1 else ""
            echo(f"  {'  ' * (r['depth'] - 1)}{r['ref']:<24}{edge}{times} {r['date'] or '':<10} "
                 f"{(r['title'] or '')[:60]}{stub}{fict}{via}")


def history(ref: str, depth: int, db: str | None, as_json: bool, limit: int = 10,
            full: bool = False) -> None:
    from .graph.history import history as run, history_text

    conn = open_read(db)
    answer = resolve_errors(lambda: run(conn, ref, depth))
    if as_json:
        echo_json(answer)
        return
    echo(history_text(answer, limit=limit, full=full))


def print_extraction(f: str, result, target, as_json: bool, as_html: bool, write_file) -> int:
    """Print (or write, ``write_file(path, text)``) one file's facts (``grdrs extract``, a click
    command: click is loaded); 1 if it failed."""
    import json

    import click

    if result.error is not None:
        click.echo(f"grdrs: {f}: {result.error}", err=True)
        return 1
    obj = result.ext.to_json()
    for warning in result.doc.warnings:  # "page 1 read by OCR", as ingest records them
        click.echo(f"grdrs: warning: {f}: {warning}", err=True)
    if as_html:
        from .nlp import render_html

        page = render_html(obj, [p.text for p in result.doc.pages])
        if target is None:
            click.echo(page)
        else:
            write_file(target, page)
            click.echo(f"wrote {target}", err=True)
    elif as_json:
        click.echo(json.dumps(obj, ensure_ascii=False))
    else:
        from .render_text import extraction_text

        click.echo(extraction_text(obj))
    return 0
