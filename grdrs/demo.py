"""``grdrs demo``: the bundled sample corpus, ingested into a fresh database, shown.

The database goes into a folder of its own (``./grdrs-demo/`` or ``--out``), never the user's
``grdrs.db``. The corpus is fictional ("MUSTER – nicht amtlich") and is marked so everywhere.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import click


def corpus_dir() -> Path:
    """The bundled corpus: ``grdrs/corpus`` when installed, ``corpus/`` in a source checkout."""
    installed = Path(str(resources.files("grdrs"))) / "corpus"
    if (installed / "papers").is_dir():
        return installed
    return Path(__file__).resolve().parents[1] / "corpus"


def _section(title: str) -> None:
    click.echo("\n" + click.style(f"== {title} ", bold=True) + "=" * max(0, 70 - len(title)))


def run(out: Path) -> int:
    from . import queries, store, write
    from .ingest import ingest
    from .render_text import papers_table, show_text

    papers_dir = corpus_dir() / "papers"
    if not papers_dir.is_dir():
        click.echo(f"grdrs: the bundled corpus is missing ({papers_dir})", err=True)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    db = out / "grdrs.db"
    for suffix in ("", "-wal", "-shm"):
        p = Path(f"{db}{suffix}")
        if p.exists():
            os.remove(p)
    _section("1. Ingest the bundled sample corpus (fictional papers, MUSTER – nicht amtlich)")
    click.echo(f"$ grdrs ingest {papers_dir} --db {db}")
    conn = write.connect(db)
    summary = ingest(conn, [papers_dir],
                     on_error=lambda f, r: click.echo(f"grdrs: {f}: {r}", err=True))
    click.echo(summary.line())
    conn.close()

    read = store.connect(db)
    _section("2. The papers grdrs knows")
    click.echo(f"$ grdrs papers --db {db}")
    click.echo(papers_table(queries.papers(read)))

    _section("3. What cites what")
    rows = store.citation_pairs(read)
    for r in rows:
        s, d = store.paper_by_id(read, r["sid"]), store.paper_by_id(read, r["did"])
        title = d["title"] or d["cited_title"] or ""
        stub = "  (cited only)" if d["stub"] else ""
        click.echo(f"  {queries.label(s):<28} → {queries.label(d):<22} {title[:50]}{stub}")
    click.echo(f"{len(rows)} citation link(s)")

    best = store.most_connected_paper(read)
    if best is not None:
        ref = queries.label(store.paper_by_id(read, best))
        _section(f"4. One paper in full: {ref}")
        click.echo(f'$ grdrs show "{ref}" --db {db}')
        click.echo(show_text(queries.show(read, ref)))
    _section("5. The history of a decision: 563/2023 (Budget ab 2024)")
    from .graph.export import write_html
    from .graph.history import demo_history

    click.echo(f"$ grdrs history 563/2023 --db {db}")
    click.echo(demo_history(read, "563/2023"))
    _section("6. The reference graph as an interactive page")
    graph = out / "graph.html"
    click.echo(f"$ grdrs export graph --format html -o {graph} --db {db}")
    click.echo(write_html(read, graph))
    click.echo(f"Open {graph} in a browser: nodes coloured by kind, search, click for facts.")
    drafts = corpus_dir() / "drafts"
    draft = next(iter(sorted(drafts.glob("*.pdf"))), None) if drafts.is_dir() else None
    if draft is not None:
        from .check import check, report_text

        _section("7. Check a draft against what earlier papers said")
        click.echo(f"$ grdrs check {draft} --db {db}")
        try:
            answer = check(read, str(draft))
        except Exception as err:  # noqa: BLE001 — the demo goes on; the check is one step
            click.echo(f"grdrs: {draft}: {err}", err=True)
        else:
            click.echo(report_text(answer))
            if answer["conflicts"]:
                click.echo("(grdrs check exits 1 here: the draft has conflicts — the demo "
                           "itself exits 0)")
    _section("Next")
    click.echo(f"Try: grdrs search Einsamkeit --db {db}\n     grdrs show 563/2023 --db {db}\n"
               f"     grdrs refs 9003/2023 --depth 2 --db {db}\n"
               f"     grdrs export graph --format graphml -o graph.graphml --db {db}\n"
               f"     datasette {db}   (with Datasette installed: the tables; search in page_texts)")
    return 0
