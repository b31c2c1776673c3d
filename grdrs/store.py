"""The store: one SQLite file. The schema and all SQL of grdrs live in this module.

Tables (all plain SQLite, so the file opens in Datasette with search):

``files``         one row per source file, identified by its resolved path (or OParl File id);
                  ``sha256`` says whether it changed.
``papers``        one row per paper, identified by ``key`` (council|series|number|suffix, see
                  :func:`paper_key`); ``stub = 1`` for papers known only because something cites
                  them (they keep the ``cited_title`` they were cited with).
``paper_files``   which files belong to which paper (many-to-many).
``pages``         the stored text of each page and its cleaned copy; ``pages_fts`` (FTS5,
                  created by sqlite-utils, content table ``pages``) indexes the cleaned copy.
``mentions``      every extracted fact: kind, value, page, start, end, surface text, JSON data.
``consultations`` the sessions a paper went through (committee, purpose, date, result).
``nodes``         graph nodes that are not papers: ``committee``, ``meeting`` (a committee's
                  session on a date), ``budget`` (a budget period such as 2024/2025).
``edges``         the reference graph, rebuilt from a paper's main file: ``src`` is a paper;
                  ``dst`` a paper (``cites`` with count and every location, ``supplements``,
                  ``replaces``, ``answers``, ``protocol_of``) or ``node`` a node
                  (``consulted_in`` a meeting or committee, ``concerns_budget``). See
                  :func:`_rebuild_paper`.
``failures``      files that could not be read, with the reason.

Writes happen in one transaction per file (``BEGIN IMMEDIATE`` … ``COMMIT``) in WAL mode:
killing the process at any moment leaves the last committed state. Query functions use only
the standard library's sqlite3 (no sqlite-utils import: it costs ~100 ms of start-up).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 4  # 3: amount_fts (grdrs check), see "# --- check ---"; 4: papers_list index

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    council TEXT NOT NULL,
    warnings TEXT,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS papers (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    council TEXT NOT NULL,
    series TEXT NOT NULL,
    number TEXT,
    suffix TEXT,
    name TEXT NOT NULL,
    type TEXT,
    date TEXT,
    title TEXT,
    cited_title TEXT,
    department TEXT,
    signatory TEXT,
    budget TEXT,
    fictional INTEGER NOT NULL DEFAULT 0,
    stub INTEGER NOT NULL DEFAULT 0,
    data TEXT
);
CREATE INDEX IF NOT EXISTS papers_number ON papers(number, council, series);
CREATE INDEX IF NOT EXISTS papers_name ON papers(name);
CREATE INDEX IF NOT EXISTS papers_date ON papers(date);
CREATE INDEX IF NOT EXISTS papers_list ON papers(stub, date, council, series, number, name);
CREATE TABLE IF NOT EXISTS paper_files (
    paper_id INTEGER NOT NULL REFERENCES papers(id),
    file_id INTEGER NOT NULL REFERENCES files(id),
    role TEXT NOT NULL DEFAULT 'main',
    PRIMARY KEY (paper_id, file_id)
);
CREATE INDEX IF NOT EXISTS paper_files_file ON paper_files(file_id);
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files(id),
    page INTEGER NOT NULL,
    text TEXT NOT NULL,
    clean TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS pages_file_page ON pages(file_id, page);
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files(id),
    kind TEXT NOT NULL,
    value TEXT,
    value_to TEXT,
    page INTEGER,
    start INTEGER,
    "end" INTEGER,
    end_page INTEGER,
    text TEXT,
    data TEXT
);
CREATE INDEX IF NOT EXISTS mentions_file ON mentions(file_id, kind);
CREATE INDEX IF NOT EXISTS mentions_value ON mentions(kind, value);
CREATE TABLE IF NOT EXISTS consultations (
    id INTEGER PRIMARY KEY,
    paper_id INTEGER NOT NULL REFERENCES papers(id),
    file_id INTEGER NOT NULL REFERENCES files(id),
    seq INTEGER NOT NULL,
    committee TEXT NOT NULL,
    purpose TEXT,
    public INTEGER,
    date TEXT,
    result TEXT,
    session TEXT,
    page INTEGER,
    start INTEGER,
    "end" INTEGER,
    text TEXT
);
CREATE INDEX IF NOT EXISTS consultations_paper ON consultations(paper_id);
CREATE INDEX IF NOT EXISTS consultations_file ON consultations(file_id);
CREATE TABLE IF NOT EXISTS nodes (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    council TEXT NOT NULL,
    name TEXT NOT NULL,
    date TEXT,
    committee INTEGER REFERENCES nodes(id),
    data TEXT
);
CREATE INDEX IF NOT EXISTS nodes_kind ON nodes(kind);
CREATE TABLE IF NOT EXISTS edges (
    id INTEGER PRIMARY KEY,
    src INTEGER NOT NULL REFERENCES papers(id),
    dst INTEGER REFERENCES papers(id),
    node INTEGER REFERENCES nodes(id),
    type TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 1,
    data TEXT,
    CHECK ((dst IS NULL) <> (node IS NULL))
);
CREATE INDEX IF NOT EXISTS edges_src ON edges(src, type);
CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst, type);
CREATE INDEX IF NOT EXISTS edges_node ON edges(node, type);
CREATE TABLE IF NOT EXISTS failures (
    path TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
"""

# Which file of a paper speaks for it when it has several (seed.pdf and seed.txt): PDF first.
_KIND_RANK = "CASE f.kind WHEN 'pdf' THEN 0 WHEN 'html' THEN 1 WHEN 'oparl' THEN 2 ELSE 3 END"


def db_path(option: str | None) -> str:
    """The database: ``--db``, else ``$GRDRS_DB``, else ``grdrs.db`` in the current folder."""
    return option or os.environ.get("GRDRS_DB") or "grdrs.db"


def connect(path: str | os.PathLike, *, write: bool = False) -> sqlite3.Connection:
    """Open the database. Readers get a read-only connection that fails if the file is absent."""
    if write:
        conn = sqlite3.connect(str(path), timeout=60, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        init_schema(conn)
    else:
        if not Path(path).exists():
            raise FileNotFoundError(f"no database at {path} (run `grdrs ingest` first)")
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=60, isolation_level=None)
        conn.execute("PRAGMA query_only=ON")
    conn.row_factory = sqlite3.Row
    return conn


def init_schema(conn: sqlite3.Connection) -> None:
    """Create the tables and the FTS index (sqlite-utils makes the FTS the way Datasette reads it)."""
    row = conn.execute("SELECT name FROM sqlite_master WHERE name='meta'").fetchone()
    if row is not None:
        version = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if version is not None and int(version[0]) == SCHEMA_VERSION and conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'pages_fts'").fetchone():
            return

    with _tx(conn):
        old = None
        if row is not None:
            v = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            old = int(v[0]) if v is not None else None
        if old is not None and old < 2:
            # version 1 had paper → paper edges only: rebuild the graph from the stored facts
            conn.execute("DROP TABLE IF EXISTS edges")
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        init_check(conn)  # --- check --- (below): amount_fts and its triggers, backfilled
        _init_pages_fts(conn)  # in this transaction: a kill -9 never leaves a db without it
        if old is not None and old < 2:
            _rebuild_all(conn)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                     (str(SCHEMA_VERSION),))


@contextmanager
def _tx(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on any error): one write transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# The FTS index over the cleaned pages, exactly as sqlite-utils' enable_fts(["clean"],
# create_triggers=True) makes it (Datasette finds it so), but created inside init_schema's
# transaction: readers never see a schema without it, and a kill cannot leave it out.
_PAGES_FTS = [
    'CREATE VIRTUAL TABLE "pages_fts" USING FTS5 (\n    "clean",\n    content="pages"\n)',
    'CREATE TRIGGER "pages_ai" AFTER INSERT ON "pages" BEGIN\n  INSERT INTO "pages_fts" '
    '(rowid, "clean") VALUES (new.rowid, new."clean");\nEND',
    'CREATE TRIGGER "pages_ad" AFTER DELETE ON "pages" BEGIN\n  INSERT INTO "pages_fts" '
    '("pages_fts", rowid, "clean") VALUES(\'delete\', old.rowid, old."clean");\nEND',
    'CREATE TRIGGER "pages_au" AFTER UPDATE ON "pages" BEGIN\n  INSERT INTO "pages_fts" '
    '("pages_fts", rowid, "clean") VALUES(\'delete\', old.rowid, old."clean");\n  INSERT INTO '
    '"pages_fts" (rowid, "clean") VALUES (new.rowid, new."clean");\nEND',
]


def _init_pages_fts(conn: sqlite3.Connection) -> None:
    have = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE name IN ('pages_fts', 'pages_ai', 'pages_ad', "
        "'pages_au')")}
    if len(have) == 4:
        return
    for name, kind in (("pages_fts", "TABLE"), ("pages_ai", "TRIGGER"), ("pages_ad", "TRIGGER"),
                       ("pages_au", "TRIGGER")):
        if name in have:
            conn.execute(f'DROP {kind} "{name}"')
    for statement in _PAGES_FTS:
        conn.execute(statement)
    conn.execute("INSERT INTO pages_fts (pages_fts) VALUES ('rebuild')")


# --------------------------------------------------------------------------------------------
# identity

def paper_key(council: str, series: str, number: str | None, suffix: str | None = None,
              name: str | None = None) -> str:
    """The identity of a paper (interfaces.md): council|series|number|suffix, or a file name."""
    if number:
        return f"{council}|{series}|{number}|{suffix or ''}"
    return f"{council}|file|{name}"


@dataclass(frozen=True, slots=True)
class Stored:
    status: str  # "new" | "replaced" | "unchanged"
    file_id: int
    paper_id: int | None


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S")


def file_state(conn: sqlite3.Connection, path: str) -> tuple[int, str] | None:
    row = conn.execute("SELECT id, sha256 FROM files WHERE path = ?", (path,)).fetchone()
    return None if row is None else (row[0], row[1])


def _reference_series(kind: str, main_series: str) -> str:
    return main_series if kind == "paper" else kind


def _paper_identity(ext, path: str, main_series: str) -> tuple[str, dict[str, Any]]:
    """Key and columns of the paper a file's extraction describes."""
    meta = ext.paper
    p = Path(path)
    council = ext.council
    series = meta.series or main_series
    if meta.protocol is not None and series == "niederschrift":
        own = next((c for c in ext.consultations), None)
        number = "|".join([own.committee if own else "", own.date or "" if own else "",
                           meta.protocol.number or "", meta.protocol.top or ""])
        key = f"{council}|niederschrift|{number}"
        display = meta.protocol.number
    elif meta.number:
        key = paper_key(council, series, meta.number, meta.suffix)
        display = meta.number
    else:
        key = paper_key(council, series, None, name=str(p.with_suffix("")))
        display = None
    name = display or p.stem
    cols = {"council": council, "series": series, "number": display, "suffix": meta.suffix,
            "name": name, "type": meta.type, "date": meta.date, "title": meta.title,
            "department": meta.department, "signatory": meta.signatory, "budget": meta.budget,
            "fictional": int(bool(meta.fictional)), "stub": 0,
            "data": json.dumps({"attachments": list(meta.attachments),
                                "protocol": meta.to_json()["protocol"],
                                "number_source": meta.number_source}, ensure_ascii=False)}
    return key, cols


def _upsert_paper(conn: sqlite3.Connection, key: str, cols: dict[str, Any]) -> int:
    row = conn.execute("SELECT id FROM papers WHERE key = ?", (key,)).fetchone()
    if row is None:
        names = ["key", *cols]
        conn.execute(f"INSERT INTO papers ({', '.join(names)}) VALUES "
                     f"({', '.join('?' * len(names))})", [key, *cols.values()])
        return conn.execute("SELECT id FROM papers WHERE key = ?", (key,)).fetchone()[0]
    conn.execute(f"UPDATE papers SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
                 [*cols.values(), row[0]])
    return row[0]


def _stub(conn: sqlite3.Connection, council: str, series: str, number: str,
          suffix: str | None, cited_title: str | None) -> int:
    key = paper_key(council, series, number, suffix)
    row = conn.execute("SELECT id, cited_title, stub FROM papers WHERE key = ?",
                       (key,)).fetchone()
    if row is not None:
        if cited_title and not row[1]:
            conn.execute("UPDATE papers SET cited_title = ? WHERE id = ?", (cited_title, row[0]))
            if row[2]:
                _stub_edges(conn, row[0])
        return row[0]
    conn.execute("INSERT INTO papers (key, council, series, number, suffix, name, cited_title,"
                 " stub) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                 (key, council, series, number, suffix, number, cited_title))
    pid = conn.execute("SELECT id FROM papers WHERE key = ?", (key,)).fetchone()[0]
    _stub_edges(conn, pid)
    return pid


def store_file(conn: sqlite3.Connection, *, path: str, sha256: str, size: int, doc, ext,
               page_clean: list[str], main_series: str) -> Stored:
    """Store one read file and its facts in ONE transaction; replaces an older version."""
    with _tx(conn):
        old = file_state(conn, path)
        if old is not None and old[1] == sha256:
            conn.execute("DELETE FROM failures WHERE path = ?", (path,))
            return Stored("unchanged", old[0], None)
        old_papers: list[int] = []
        if old is not None:
            old_papers = [r[0] for r in conn.execute(
                "SELECT paper_id FROM paper_files WHERE file_id = ?", (old[0],))]
            _delete_file_rows(conn, old[0])
            conn.execute("UPDATE files SET name=?, kind=?, sha256=?, size=?, pages=?, council=?,"
                         " warnings=?, ingested_at=? WHERE id=?",
                         (Path(path).name, doc.kind, sha256, size, len(doc.pages), ext.council,
                          json.dumps(list(doc.warnings), ensure_ascii=False), _now(), old[0]))
            file_id = old[0]
        else:
            cur = conn.execute(
                "INSERT INTO files (path, name, kind, sha256, size, pages, council, warnings,"
                " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (path, Path(path).name, doc.kind, sha256, size, len(doc.pages), ext.council,
                 json.dumps(list(doc.warnings), ensure_ascii=False), _now()))
            file_id = cur.lastrowid
        _insert_pages(conn, file_id, doc, page_clean)
        _insert_mentions(conn, file_id, ext)
        key, cols = _paper_identity(ext, path, main_series)
        paper_id = _upsert_paper(conn, key, cols)
        conn.execute("INSERT OR IGNORE INTO paper_files (paper_id, file_id, role) "
                     "VALUES (?, ?, 'main')", (paper_id, file_id))
        _insert_consultations(conn, paper_id, file_id, ext.consultations)
        conn.execute("DELETE FROM failures WHERE path = ?", (path,))
        for pid in {paper_id, *old_papers}:
            _rebuild_paper(conn, pid, main_series)
    return Stored("replaced" if old is not None else "new", file_id, paper_id)


def _insert_pages(conn: sqlite3.Connection, file_id: int, doc, page_clean: list[str]) -> None:
    conn.executemany(
        "INSERT INTO pages (file_id, page, text, clean) VALUES (?, ?, ?, ?)",
        [(file_id, p.number, p.text, page_clean[i] if i < len(page_clean) else "")
         for i, p in enumerate(doc.pages)])


def _insert_mentions(conn: sqlite3.Connection, file_id: int, ext) -> None:
    conn.executemany(
        'INSERT INTO mentions (file_id, kind, value, value_to, page, start, "end", end_page,'
        " text, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        list(_mention_rows(file_id, ext)))


def _insert_consultations(conn: sqlite3.Connection, paper_id: int, file_id: int,
                          consultations) -> None:
    conn.executemany(
        "INSERT INTO consultations (paper_id, file_id, seq, committee, purpose, public, date,"
        ' result, session, page, start, "end", text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
        [(paper_id, file_id, i, c.committee, c.purpose,
          None if c.public is None else int(c.public), c.date, c.result, c.session,
          *((c.span.page, c.span.start, c.span.end, c.span.text) if c.span else
            (None, None, None, None)))
         for i, c in enumerate(consultations)])


def _mention_rows(file_id: int, ext) -> Iterator[tuple]:
    def row(kind: str, value, value_to, fact_json: dict) -> tuple:
        return (file_id, kind, value, value_to, fact_json.get("page"), fact_json.get("start"),
                fact_json.get("end"), fact_json.get("end_page"), fact_json.get("text"),
                json.dumps(fact_json, ensure_ascii=False))

    for r in ext.references:
        j = r.to_json()
        yield row("reference", r.number, r.suffix, j)
    for a in ext.amounts:
        yield row("amount", a.value, a.value_to, a.to_json())
    for d in ext.dates:
        yield row(d.kind, d.from_, d.to, d.to_json())
    for c in ext.committees:
        yield row("committee", c.name, None, c.to_json())
    for p in ext.positions:
        yield row("position", p.grade, p.fte, p.to_json())


def _delete_file_rows(conn: sqlite3.Connection, file_id: int) -> None:
    conn.execute("DELETE FROM pages WHERE file_id = ?", (file_id,))
    conn.execute("DELETE FROM mentions WHERE file_id = ?", (file_id,))
    conn.execute("DELETE FROM consultations WHERE file_id = ?", (file_id,))
    conn.execute("DELETE FROM paper_files WHERE file_id = ?", (file_id,))


def main_file(conn: sqlite3.Connection, paper_id: int) -> int | None:
    """The file that speaks for a paper: role 'main' before 'attachment' (OParl), then PDF
    before HTML before text, then the oldest."""
    row = conn.execute(
        f"SELECT f.id FROM paper_files pf JOIN files f ON f.id = pf.file_id "
        f"WHERE pf.paper_id = ? ORDER BY pf.role != 'main', {_KIND_RANK}, f.id LIMIT 1",
        (paper_id,)).fetchone()
    return None if row is None else row[0]


def _rebuild_paper(conn: sqlite3.Connection, paper_id: int, main_series: str) -> None:
    """Recompute a paper's outgoing edges from its main file; drop it if nothing needs it.

    Edges (``src`` = this paper): ``cites`` (one edge per cited paper, with count and every
    location), ``supplements`` / ``replaces`` (an Ergänzung / Neufassung → the paper it adds
    to or replaces, by its own number and suffix), ``answers`` (Stellungnahme → Antrag,
    Beantwortung → Anfrage, same number), ``protocol_of`` (a Niederschrift → the Drucksachen
    its TOP deals with), ``consulted_in`` (→ a meeting node when the session has a date, else
    the committee node; with date, purpose, public, result, session, quote) and
    ``concerns_budget`` (→ a budget node when the paper's own budget, title or type names one).
    Papers an edge needs that are not stored become stubs; stubs and nodes nothing needs any
    more are removed.
    """
    old_dst = [r[0] for r in conn.execute(
        "SELECT dst FROM edges WHERE src = ? AND dst IS NOT NULL", (paper_id,))]
    old_nodes = [r[0] for r in conn.execute(
        "SELECT node FROM edges WHERE src = ? AND node IS NOT NULL", (paper_id,))]
    conn.execute("DELETE FROM edges WHERE src = ?", (paper_id,))
    fid = main_file(conn, paper_id)
    if fid is None:
        incoming = conn.execute("SELECT 1 FROM edges WHERE dst = ? LIMIT 1",
                                (paper_id,)).fetchone()
        if incoming is None:
            conn.execute("DELETE FROM consultations WHERE paper_id = ?", (paper_id,))
            conn.execute("DELETE FROM papers WHERE id = ?", (paper_id,))
        else:
            conn.execute("UPDATE papers SET stub = 1 WHERE id = ?", (paper_id,))
            _stub_edges(conn, paper_id)
        _collect_garbage(conn, old_dst, old_nodes)
        return
    paper = conn.execute("SELECT council, series, number, suffix, title, type, budget, data "
                         "FROM papers WHERE id = ?", (paper_id,)).fetchone()
    council = paper[0]
    cites: dict[int, list[dict]] = {}
    for row in conn.execute("SELECT data FROM mentions WHERE file_id = ? AND kind = 'reference'"
                            " ORDER BY page, start", (fid,)).fetchall():
        ref = json.loads(row[0])
        series = _reference_series(ref["kind"], main_series)
        dst = _stub(conn, council, series, ref["number"], ref.get("suffix"),
                    ref.get("cited_title"))
        if dst == paper_id:
            continue
        cites.setdefault(dst, []).append({"page": ref["page"], "quote": ref["text"],
                                          "cited_title": ref.get("cited_title")})
    conn.executemany("INSERT INTO edges (src, dst, type, count, data) VALUES (?, ?, 'cites', ?, ?)",
                     [(paper_id, dst, len(locs), json.dumps(locs, ensure_ascii=False))
                      for dst, locs in cites.items()])
    _lineage_edges(conn, paper_id, council, paper[1], paper[2], paper[3])
    if paper[1] == "niederschrift":
        protocol = (json.loads(paper[7]) if paper[7] else {}).get("protocol") or {}
        done: set[int] = set()
        for number in protocol.get("drucksache") or []:
            dst = _stub(conn, council, main_series, number, None, None)
            if dst != paper_id and dst not in done:
                done.add(dst)
                _edge(conn, paper_id, "protocol_of", dst=dst)
    for c in conn.execute(
            'SELECT committee, purpose, public, date, result, session, page, text '
            "FROM consultations WHERE paper_id = ? AND file_id = ? ORDER BY seq",
            (paper_id, fid)).fetchall():
        node = _meeting_node(conn, council, c[0], c[3])
        _edge(conn, paper_id, "consulted_in", node=node, data={
            "committee": c[0], "purpose": c[1], "public": None if c[2] is None else bool(c[2]),
            "date": c[3], "result": c[4], "session": c[5], "page": c[6], "quote": c[7]})
    budget = paper[6] or _budget_of(council, paper[4]) or _budget_of(council, paper[5])
    if budget:
        _edge(conn, paper_id, "concerns_budget", node=_budget_node(conn, council, budget),
              data={"budget": budget, "basis": "paper" if paper[6] else "title"})
    _collect_garbage(conn, old_dst, old_nodes)


def _edge(conn: sqlite3.Connection, src: int, type_: str, *, dst: int | None = None,
          node: int | None = None, count: int = 1, data: Any = None) -> None:
    conn.execute("INSERT INTO edges (src, dst, node, type, count, data) VALUES (?, ?, ?, ?, ?, ?)",
                 (src, dst, node, type_, count,
                  None if data is None else json.dumps(data, ensure_ascii=False)))


# An answer takes the number of what it answers, in its own series (interfaces.md).
ANSWERS = {"stellungnahme": "antrag", "beantwortung": "anfrage"}


def _lineage_edges(conn: sqlite3.Connection, paper_id: int, council: str, series: str,
                   number: str | None, suffix: str | None) -> None:
    """``supplements`` / ``replaces`` by the paper's suffix, ``answers`` by its series."""
    if not number:
        return
    if suffix:
        if "Ergänzung" in suffix:
            base_suffix = "Neufassung" if "Neufassung" in suffix else None
            kind = "supplements"
        elif "Neufassung" in suffix:
            base_suffix, kind = None, "replaces"
        else:
            base_suffix, kind = None, None
        if kind:
            dst = _stub(conn, council, series, number, base_suffix, None)
            if dst != paper_id:
                _edge(conn, paper_id, kind, dst=dst, data={"suffix": suffix})
    if series in ANSWERS and not suffix:
        dst = _stub(conn, council, ANSWERS[series], number, None, None)
        _edge(conn, paper_id, "answers", dst=dst)


def _stub_edges(conn: sqlite3.Connection, paper_id: int) -> None:
    """What a stub's identity and cited title say: its base paper, what it answers, its budget."""
    row = conn.execute("SELECT council, series, number, suffix, cited_title, stub FROM papers "
                       "WHERE id = ?", (paper_id,)).fetchone()
    if row is None or not row[5]:
        return
    conn.execute("DELETE FROM edges WHERE src = ?", (paper_id,))
    _lineage_edges(conn, paper_id, row[0], row[1], row[2], row[3])
    budget = _budget_of(row[0], row[4])
    if budget:
        _edge(conn, paper_id, "concerns_budget", node=_budget_node(conn, row[0], budget),
              data={"budget": budget, "basis": "cited_title"})


def _budget_of(council: str, text: str | None) -> str | None:
    if not text:
        return None
    from .graph.budget import budget_of

    return budget_of(text, _profile(council))


def _profile(council: str):
    from .profiles import DEFAULT, load

    try:
        return load(council)
    except ValueError:
        return load(DEFAULT)


def _node(conn: sqlite3.Connection, key: str, kind: str, council: str, name: str,
          date: str | None = None, committee: int | None = None,
          data: dict | None = None) -> int:
    row = conn.execute("SELECT id FROM nodes WHERE key = ?", (key,)).fetchone()
    if row is not None:
        return row[0]
    cur = conn.execute("INSERT INTO nodes (key, kind, council, name, date, committee, data) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (key, kind, council, name, date, committee,
                        None if data is None else json.dumps(data, ensure_ascii=False)))
    return cur.lastrowid


def _meeting_node(conn: sqlite3.Connection, council: str, committee: str,
                  date: str | None) -> int:
    """A session of a committee on a date; without a date, the committee itself."""
    cid = _node(conn, f"{council}|committee|{committee}", "committee", council, committee)
    if not date:
        return cid
    return _node(conn, f"{council}|meeting|{committee}|{date}", "meeting", council,
                 f"{committee} {date}", date=date, committee=cid)


def _budget_node(conn: sqlite3.Connection, council: str, period: str) -> int:
    from .graph.budget import budget_label, budget_range

    first, last = budget_range(period)
    return _node(conn, f"{council}|budget|{period}", "budget", council, budget_label(period),
                 date=first, data={"period": period, "from": first, "to": last})


def _collect_garbage(conn: sqlite3.Connection, papers: list[int], nodes: list[int]) -> None:
    """Remove stubs and nodes that lost the last edge that needed them (and what they needed)."""
    todo = list(papers)
    seen: set[int] = set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        row = conn.execute("SELECT stub FROM papers WHERE id = ?", (pid,)).fetchone()
        if row is None or not row[0]:
            continue
        if conn.execute("SELECT 1 FROM edges WHERE dst = ? LIMIT 1", (pid,)).fetchone():
            continue
        if conn.execute("SELECT 1 FROM paper_files WHERE paper_id = ? LIMIT 1",
                        (pid,)).fetchone():
            continue
        for r in conn.execute("SELECT dst, node FROM edges WHERE src = ?", (pid,)).fetchall():
            if r[0] is not None:
                todo.append(r[0])
            else:
                nodes.append(r[1])
        conn.execute("DELETE FROM edges WHERE src = ?", (pid,))
        conn.execute("DELETE FROM consultations WHERE paper_id = ?", (pid,))
        conn.execute("DELETE FROM papers WHERE id = ?", (pid,))
    for nid in dict.fromkeys(nodes):
        row = conn.execute("SELECT committee FROM nodes WHERE id = ?", (nid,)).fetchone()
        if row is None or conn.execute("SELECT 1 FROM edges WHERE node = ? LIMIT 1",
                                       (nid,)).fetchone():
            continue
        if conn.execute("SELECT 1 FROM nodes WHERE committee = ? LIMIT 1", (nid,)).fetchone():
            continue
        conn.execute("DELETE FROM nodes WHERE id = ?", (nid,))
        if row[0] is not None:  # a meeting's committee may now be unused as well
            _collect_garbage(conn, [], [row[0]])


def _rebuild_all(conn: sqlite3.Connection) -> None:
    """Rebuild every stored paper's edges (after a schema change)."""
    for pid, council in conn.execute("SELECT id, council FROM papers WHERE stub = 0").fetchall():
        _rebuild_paper(conn, pid, _profile(council).main_series)
    for (pid,) in conn.execute("SELECT id FROM papers WHERE stub = 1").fetchall():
        _stub_edges(conn, pid)


def record_failure(conn: sqlite3.Connection, path: str, sha256: str | None, reason: str) -> None:
    """Record that a file could not be read; what was stored of it before stays."""
    with _tx(conn):
        conn.execute("INSERT OR REPLACE INTO failures (path, name, sha256, reason, at) "
                     "VALUES (?, ?, ?, ?, ?)", (path, Path(path).name, sha256, reason, _now()))


# --------------------------------------------------------------------------------------------
# queries (standard library only)

PAPER_COLUMNS = ("id", "council", "series", "number", "suffix", "name", "type", "date", "title",
                 "cited_title", "department", "signatory", "budget", "fictional", "stub")


def list_papers(conn: sqlite3.Connection, *, include_stubs: bool = False,
                limit: int | None = None) -> list[sqlite3.Row]:
    """Papers in date order, undated ones last. Without stubs both parts walk the
    ``papers_list`` index, so ``limit`` makes the cost independent of the database's size."""
    cols = ", ".join(PAPER_COLUMNS)
    order = "council, series, number, name"
    if include_stubs:
        sql = f"SELECT {cols} FROM papers ORDER BY date IS NULL, date, {order} LIMIT ?"
        return conn.execute(sql, (-1 if limit is None else limit,)).fetchall()
    dated = conn.execute(f"SELECT {cols} FROM papers WHERE stub = 0 AND date IS NOT NULL "
                         f"ORDER BY stub, date, {order} LIMIT ?",
                         (-1 if limit is None else limit,)).fetchall()
    if limit is not None and len(dated) >= limit:
        return dated
    rest = -1 if limit is None else limit - len(dated)
    undated = conn.execute(f"SELECT {cols} FROM papers WHERE stub = 0 AND date IS NULL "
                           f"ORDER BY stub, date, {order} LIMIT ?", (rest,)).fetchall()
    return dated + undated


def find_papers(conn: sqlite3.Connection, *, number: str | None = None,
                series: Iterable[str] | None = None, suffix: str | None = None,
                council: str | None = None,
                name: str | None = None) -> list[sqlite3.Row]:
    """Papers matching a parsed REF (see :mod:`grdrs.refs`)."""
    where, args = [], []
    if number is not None:
        where.append("number = ?")
        args.append(number)
        where.append("COALESCE(suffix, '') = ?")
        args.append(suffix or "")
    if name is not None:
        where.append("name = ?")
        args.append(name)
    if series:
        s = list(series)
        where.append(f"series IN ({', '.join('?' * len(s))})")
        args.extend(s)
    if council:
        where.append("council = ?")
        args.append(council)
    sql = (f"SELECT {', '.join(PAPER_COLUMNS)} FROM papers WHERE {' AND '.join(where) or '1'} "
           "ORDER BY stub, suffix IS NOT NULL, id")
    return conn.execute(sql, args).fetchall()


def paper_files(conn: sqlite3.Connection, paper_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        f"SELECT f.id, f.path, f.name, f.kind, f.pages, f.sha256, f.ingested_at, pf.role "
        f"FROM paper_files pf JOIN files f ON f.id = pf.file_id WHERE pf.paper_id = ? "
        f"ORDER BY pf.role != 'main', {_KIND_RANK}, f.id", (paper_id,)).fetchall()


def paper_data(conn: sqlite3.Connection, paper_id: int) -> dict[str, Any]:
    row = conn.execute("SELECT data FROM papers WHERE id = ?", (paper_id,)).fetchone()
    return json.loads(row[0]) if row and row[0] else {}


def consultations(conn: sqlite3.Connection, paper_id: int) -> list[sqlite3.Row]:
    fid = main_file(conn, paper_id)
    return conn.execute(
        'SELECT committee, purpose, public, date, result, session, page, start, "end", text '
        "FROM consultations WHERE paper_id = ? AND file_id = ? ORDER BY seq",
        (paper_id, fid)).fetchall()


def mentions(conn: sqlite3.Connection, paper_id: int, kinds: Iterable[str]) -> list[dict]:
    """Facts of a paper's main file, as the JSON ``extract`` printed for them."""
    fid = main_file(conn, paper_id)
    k = list(kinds)
    rows = conn.execute(
        f"SELECT data FROM mentions WHERE file_id = ? AND kind IN ({', '.join('?' * len(k))}) "
        "ORDER BY page, start", (fid, *k)).fetchall()
    return [json.loads(r[0]) for r in rows]


def edges_out(conn: sqlite3.Connection, paper_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        f"SELECT e.type, e.count, e.data, {', '.join('p.' + c for c in PAPER_COLUMNS)} "
        "FROM edges e JOIN papers p ON p.id = e.dst WHERE e.src = ? ORDER BY p.number",
        (paper_id,)).fetchall()


def edges_in(conn: sqlite3.Connection, paper_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        f"SELECT e.type, e.count, e.data, {', '.join('p.' + c for c in PAPER_COLUMNS)} "
        "FROM edges e JOIN papers p ON p.id = e.src WHERE e.dst = ? ORDER BY p.date, p.number",
        (paper_id,)).fetchall()


def fts_query(query: str) -> str:
    """The user's words as an FTS5 query: each word quoted (so 563/2023 or Sozial- work),
    a trailing ``*`` kept as a prefix search, OR/AND/NOT kept as operators."""
    out = []
    for word in query.split():
        if word in ("OR", "AND", "NOT"):
            out.append(word)
            continue
        star = word.endswith("*")
        core = word.rstrip("*").replace('"', '""')
        if core:
            out.append(f'"{core}"' + ("*" if star else ""))
    return " ".join(out)


def search(conn: sqlite3.Connection, query: str, limit: int = 20) -> list[sqlite3.Row]:
    """Full-text hits: paper, page and a snippet of the cleaned page text."""
    match = fts_query(query)
    if not match:
        return []
    sql = (
        "SELECT pg.file_id, pg.page, f.path, "
        "snippet(pages_fts, 0, '[', ']', '…', 14) AS snippet, "
        "(SELECT pf.paper_id FROM paper_files pf WHERE pf.file_id = pg.file_id LIMIT 1) "
        "AS paper_id "
        "FROM pages_fts JOIN pages pg ON pg.id = pages_fts.rowid "
        "JOIN files f ON f.id = pg.file_id "
        "WHERE pages_fts MATCH ? ORDER BY rank LIMIT ?")
    return conn.execute(sql, (match, limit)).fetchall()


def paper_by_id(conn: sqlite3.Connection, paper_id: int) -> sqlite3.Row | None:
    return conn.execute(f"SELECT {', '.join(PAPER_COLUMNS)} FROM papers WHERE id = ?",
                        (paper_id,)).fetchone()


# --------------------------------------------------------------------------------------------
# graph queries (standard library only: recursive SQL over ``edges``)

PAPER_EDGE_TYPES = ("cites", "supplements", "replaces", "answers", "protocol_of")
NODE_EDGE_TYPES = ("consulted_in", "concerns_budget")


def walk(conn: sqlite3.Connection, start: Iterable[int], types: Iterable[str],
         direction: str = "both", depth: int | None = None) -> dict[int, int]:
    """Papers reachable from ``start`` over paper → paper edges of ``types``.

    ``direction``: ``out`` follows src → dst, ``in`` dst → src, ``both`` either. Returns
    {paper id: fewest steps}. Without ``depth`` the walk is the transitive closure (rows are
    ids only, so ``UNION`` ends it on cycles); with ``depth`` it stops after that many steps.
    """
    ids = json.dumps(sorted(set(start)))
    t = list(types)
    marks = ", ".join("?" * len(t))
    if depth is None:
        steps = []
        if direction in ("out", "both"):
            steps.append(f"SELECT e.dst FROM walk w JOIN edges e ON e.src = w.id "
                         f"WHERE e.dst IS NOT NULL AND e.type IN ({marks})")
        if direction in ("in", "both"):
            steps.append(f"SELECT e.src FROM walk w JOIN edges e ON e.dst = w.id "
                         f"WHERE e.type IN ({marks})")
        sql = ("WITH RECURSIVE walk(id) AS (SELECT value FROM json_each(?) UNION "
               + " UNION ".join(steps) + ") SELECT id, 0 FROM walk")
        args = [ids] + t * len(steps)
        closure = {r[0]: 0 for r in conn.execute(sql, args)}
        return closure
    steps = []
    if direction in ("out", "both"):
        steps.append(f"SELECT e.dst, w.depth + 1 FROM walk w JOIN edges e ON e.src = w.id "
                     f"WHERE w.depth < ? AND e.dst IS NOT NULL AND e.type IN ({marks})")
    if direction in ("in", "both"):
        steps.append(f"SELECT e.src, w.depth + 1 FROM walk w JOIN edges e ON e.dst = w.id "
                     f"WHERE w.depth < ? AND e.type IN ({marks})")
    sql = ("WITH RECURSIVE walk(id, depth) AS (SELECT value, 0 FROM json_each(?) UNION "
           + " UNION ".join(steps) + ") SELECT id, min(depth) FROM walk GROUP BY id")
    args: list[Any] = [ids]
    for _ in steps:
        args += [int(depth), *t]
    return {r[0]: r[1] for r in conn.execute(sql, args)}


def paper_edges_among(conn: sqlite3.Connection, ids: Iterable[int],
                      types: Iterable[str] = PAPER_EDGE_TYPES) -> list[sqlite3.Row]:
    """Paper → paper edges with both ends in ``ids``."""
    t = list(types)
    ids_json = json.dumps(sorted(set(ids)))
    return conn.execute(
        f"SELECT e.src, e.dst, e.type, e.count, e.data FROM edges e "
        f"WHERE e.src IN (SELECT value FROM json_each(?)) "
        f"AND e.dst IN (SELECT value FROM json_each(?)) "
        f"AND e.type IN ({', '.join('?' * len(t))}) ORDER BY e.src, e.dst, e.type",
        (ids_json, ids_json, *t)).fetchall()


def node_edges_of(conn: sqlite3.Connection, ids: Iterable[int],
                  types: Iterable[str] = NODE_EDGE_TYPES) -> list[sqlite3.Row]:
    """Paper → node edges (consulted_in, concerns_budget) of the papers ``ids``, with the node."""
    t = list(types)
    return conn.execute(
        f"SELECT e.src, e.type, e.count, e.data, n.id AS node, n.key AS node_key, n.kind, "
        f"n.name, n.date AS node_date, n.data AS node_data, c.name AS committee_name "
        f"FROM edges e JOIN nodes n ON n.id = e.node LEFT JOIN nodes c ON c.id = n.committee "
        f"WHERE e.src IN (SELECT value FROM json_each(?)) "
        f"AND e.type IN ({', '.join('?' * len(t))}) ORDER BY e.src, e.id",
        (json.dumps(sorted(set(ids))), *t)).fetchall()


def papers_by_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, sqlite3.Row]:
    rows = conn.execute(f"SELECT {', '.join(PAPER_COLUMNS)}, data FROM papers "
                        f"WHERE id IN (SELECT value FROM json_each(?))",
                        (json.dumps(sorted(set(ids))),)).fetchall()
    return {r["id"]: r for r in rows}


def protocols_of(conn: sqlite3.Connection, ids: Iterable[int]) -> list[sqlite3.Row]:
    """Niederschriften recording a session on one of the papers ``ids`` (``protocol_of``)."""
    return conn.execute(
        "SELECT src, dst FROM edges WHERE type = 'protocol_of' "
        "AND dst IN (SELECT value FROM json_each(?)) ORDER BY src",
        (json.dumps(sorted(set(ids))),)).fetchall()


# --------------------------------------------------------------------------------------------
# the whole graph, for networkx (grdrs.graph.build) — streamed in plain rows

def graph_papers(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> Iterator[tuple]:
    cols = ("id, key, council, series, number, suffix, name, type, date, title, cited_title, "
            "budget, fictional, stub")
    if ids is None:
        return conn.execute(f"SELECT {cols} FROM papers ORDER BY id")
    return conn.execute(f"SELECT {cols} FROM papers WHERE id IN "
                        f"(SELECT value FROM json_each(?)) ORDER BY id",
                        (json.dumps(sorted(set(ids))),))


def graph_nodes(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> Iterator[tuple]:
    sql = ("SELECT n.id, n.key, n.kind, n.council, n.name, n.date, c.key, n.data FROM nodes n "
           "LEFT JOIN nodes c ON c.id = n.committee")
    if ids is None:
        return conn.execute(sql + " ORDER BY n.id")
    return conn.execute(sql + " WHERE n.id IN (SELECT value FROM json_each(?)) ORDER BY n.id",
                        (json.dumps(sorted(set(ids))),))


def graph_edges(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> Iterator[tuple]:
    """(src paper id, dst paper id or None, node id or None, type, count, data)."""
    sql = "SELECT src, dst, node, type, count, data FROM edges"
    if ids is None:
        return conn.execute(sql + " ORDER BY id")
    return conn.execute(sql + " WHERE src IN (SELECT value FROM json_each(?)) ORDER BY id",
                        (json.dumps(sorted(set(ids))),))


def node_ids_of(conn: sqlite3.Connection, paper_ids: Iterable[int]) -> list[int]:
    """The nodes the papers' edges point to, and the committees of those meetings."""
    rows = conn.execute(
        "SELECT DISTINCT e.node, n.committee FROM edges e JOIN nodes n ON n.id = e.node "
        "WHERE e.src IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(paper_ids))),)).fetchall()
    out = {r[0] for r in rows} | {r[1] for r in rows if r[1] is not None}
    return sorted(out)


def graph_facts(conn: sqlite3.Connection, paper_id: int) -> dict[str, list[dict]]:
    """A paper's facts with their quotes (for the html page and OParl extensions)."""
    fid = main_file(conn, paper_id)
    out: dict[str, list[dict]] = {"amount": [], "reference": [], "date": [], "period": [],
                                  "committee": [], "position": []}
    if fid is None:
        return out
    for kind, data in conn.execute("SELECT kind, data FROM mentions WHERE file_id = ? "
                                   "ORDER BY page, start", (fid,)):
        out.setdefault(kind, []).append(json.loads(data))
    return out


# --------------------------------------------------------------------------------------------
# --- OParl ---
# Tables and SQL of `grdrs ingest-oparl` (grdrs/oparl/) and `grdrs quality`. They are created on
# first use by init_oparl (CREATE … IF NOT EXISTS), so a database of an earlier run gains them
# without a schema bump. A Paper's identity is the grdrs paper (council, series, reference); its
# OParl id maps onto it through oparl_objects. A File is stored in `files` under its OParl id, with
# role 'main' (the paper's own document) or 'attachment' in paper_files.

OPARL_SCHEMA = """
CREATE TABLE IF NOT EXISTS oparl_objects (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    council TEXT,
    source TEXT,
    modified TEXT,
    hash TEXT,
    paper_id INTEGER,
    file_id INTEGER,
    data TEXT,
    text_meta TEXT
);
CREATE INDEX IF NOT EXISTS oparl_objects_paper ON oparl_objects(paper_id);
CREATE INDEX IF NOT EXISTS oparl_objects_file ON oparl_objects(file_id);
CREATE INDEX IF NOT EXISTS oparl_objects_type ON oparl_objects(type);
CREATE TABLE IF NOT EXISTS oparl_file_papers (
    file TEXT NOT NULL,
    paper TEXT NOT NULL,
    role TEXT NOT NULL,
    name TEXT,
    PRIMARY KEY (file, paper)
);
CREATE INDEX IF NOT EXISTS oparl_file_papers_paper ON oparl_file_papers(paper);
CREATE TABLE IF NOT EXISTS oparl_consultations (
    id INTEGER PRIMARY KEY,
    paper_id INTEGER NOT NULL,
    oparl_paper TEXT NOT NULL,
    oparl_id TEXT,
    seq INTEGER NOT NULL,
    committee TEXT,
    organization TEXT,
    meeting TEXT,
    date TEXT,
    role TEXT,
    authoritative INTEGER,
    top TEXT,
    result TEXT,
    public INTEGER
);
CREATE INDEX IF NOT EXISTS oparl_consultations_paper ON oparl_consultations(paper_id);
CREATE INDEX IF NOT EXISTS oparl_consultations_oparl ON oparl_consultations(oparl_paper);
CREATE INDEX IF NOT EXISTS oparl_consultations_meeting ON oparl_consultations(meeting);
CREATE TABLE IF NOT EXISTS oparl_links (
    src TEXT NOT NULL,
    dst TEXT NOT NULL,
    type TEXT NOT NULL,
    PRIMARY KEY (src, dst, type)
);
CREATE INDEX IF NOT EXISTS oparl_links_dst ON oparl_links(dst);
CREATE TABLE IF NOT EXISTS oparl_checks (
    paper_id INTEGER PRIMARY KEY,
    council TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS oparl_issues (
    id INTEGER PRIMARY KEY,
    paper_id INTEGER NOT NULL,
    council TEXT NOT NULL,
    kind TEXT NOT NULL,
    oparl TEXT,
    text TEXT
);
CREATE INDEX IF NOT EXISTS oparl_issues_paper ON oparl_issues(paper_id);
CREATE INDEX IF NOT EXISTS oparl_issues_kind ON oparl_issues(council, kind);
CREATE TABLE IF NOT EXISTS oparl_sync (
    source TEXT NOT NULL,
    list TEXT NOT NULL,
    since TEXT,
    next_url TEXT,
    started TEXT,
    watermark TEXT,
    PRIMARY KEY (source, list)
);
"""
# oparl_objects     every OParl object seen (Paper, Meeting, Organization, File, Body): its JSON
#                   (a File without its text), a hash of it (an unchanged object is skipped), the
#                   grdrs paper or file it became, and for a File what its text says of the paper
#                   (``text_meta``: extract's ``paper``).
# oparl_file_papers which File belongs to which Paper, as 'main' or 'attachment' (the plan; the
#                   file joins paper_files when its text is stored).
# oparl_consultations the Paper's consultations as OParl states them (committee, meeting date, role).
# oparl_links       superordinated / subordinated / related papers (OParl ids).
# oparl_checks, oparl_issues  per paper: where text and OParl agree or disagree (`grdrs quality`).
# oparl_sync        per source and list: modified_since of the run, where an interrupted run
#                   resumes (next_url), and the watermark for the next incremental run.


def init_oparl(conn: sqlite3.Connection) -> None:
    """Create the OParl tables if they are missing (idempotent)."""
    with _tx(conn):
        for statement in OPARL_SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)


def _put_object(conn: sqlite3.Connection, oid: str, otype: str, *, council: str | None = None,
                source: str | None = None, modified: str | None = None, hash: str | None = None,
                data: str | None = None, paper_id: int | None = None,
                file_id: int | None = None, text_meta: str | None = None) -> None:
    conn.execute(
        "INSERT INTO oparl_objects (id, type, council, source, modified, hash, paper_id, file_id,"
        " data, text_meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        "type = excluded.type, council = COALESCE(excluded.council, council), "
        "source = COALESCE(excluded.source, source), "
        "modified = COALESCE(excluded.modified, modified), hash = COALESCE(excluded.hash, hash), "
        "paper_id = COALESCE(excluded.paper_id, paper_id), "
        "file_id = COALESCE(excluded.file_id, file_id), data = COALESCE(excluded.data, data), "
        "text_meta = COALESCE(excluded.text_meta, text_meta)",
        (oid, otype, council, source, modified, hash, paper_id, file_id, data, text_meta))


def oparl_hashes(conn: sqlite3.Connection, otype: str) -> dict[str, str]:
    """id → hash of every stored OParl object of one type (to skip unchanged objects)."""
    return {r[0]: r[1] for r in conn.execute(
        "SELECT id, hash FROM oparl_objects WHERE type = ?", (otype,))}


def oparl_consultations_of(conn: sqlite3.Connection, paper_id: int) -> list[sqlite3.Row]:
    """The consultations OParl states for a paper (empty for papers not imported from OParl
    and for databases without the OParl tables)."""
    try:
        return conn.execute(
            "SELECT committee, role, date, result, top, public, authoritative "
            "FROM oparl_consultations WHERE paper_id = ? ORDER BY date, seq",
            (paper_id,)).fetchall()
    except sqlite3.OperationalError:  # no OParl import into this database yet
        return []


def oparl_hash(conn: sqlite3.Connection, oid: str) -> str | None:
    row = conn.execute("SELECT hash FROM oparl_objects WHERE id = ?", (oid,)).fetchone()
    return None if row is None else row[0]


def oparl_data(conn: sqlite3.Connection, oid: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT data FROM oparl_objects WHERE id = ?", (oid,)).fetchone()
    return json.loads(row[0]) if row and row[0] else None


def store_oparl_objects(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    """Store plain OParl objects (Organization, Meeting, Body) in one transaction. A Meeting's
    new date is carried into the consultations that name it."""
    with _tx(conn):
        for r in rows:
            _put_object(conn, r["id"], r["type"], council=r.get("council"),
                        source=r.get("source"), modified=r.get("modified"), hash=r.get("hash"),
                        data=r.get("data"))
            if r["type"] == "Meeting" and r.get("date"):
                conn.execute("UPDATE oparl_consultations SET date = ? WHERE meeting = ? "
                             "AND COALESCE(date, '') != ?", (r["date"], r["id"], r["date"]))


def store_oparl_paper(conn: sqlite3.Connection, *, oparl_id: str, key: str, cols: dict[str, Any],
                      council: str, source: str, modified: str | None, hash: str, data: str,
                      consultations: list[dict[str, Any]], links: list[tuple[str, str]],
                      files: list[tuple[str, str, str | None]], main_series: str
                      ) -> tuple[str, int]:
    """Store one OParl Paper's metadata in ONE transaction: the grdrs paper (its columns from
    OParl), its OParl consultations, links and file plan. Returns (status, paper id) with status
    "new", "updated" or "unchanged" (same JSON as before)."""
    with _tx(conn):
        row = conn.execute("SELECT paper_id, hash FROM oparl_objects WHERE id = ?",
                           (oparl_id,)).fetchone()
        if row is not None and row[0] is not None and row[1] == hash:
            return "unchanged", row[0]
        old_pid = row[0] if row is not None else None
        if old_pid is not None:
            cur = conn.execute("SELECT key FROM papers WHERE id = ?", (old_pid,)).fetchone()
            taken = conn.execute("SELECT 1 FROM papers WHERE key = ?", (key,)).fetchone()
            if cur is not None and cur[0] != key and taken is None:
                conn.execute("UPDATE papers SET key = ? WHERE id = ?", (key, old_pid))
        pid = _upsert_paper(conn, key, cols)
        _put_object(conn, oparl_id, "Paper", council=council, source=source, modified=modified,
                    hash=hash, data=data, paper_id=pid)
        if old_pid is not None and old_pid != pid:
            conn.execute("UPDATE oparl_objects SET paper_id = ? WHERE id = ?", (pid, oparl_id))
            if conn.execute("SELECT 1 FROM oparl_objects WHERE paper_id = ?",
                            (old_pid,)).fetchone() is None:
                _remove_paper(conn, old_pid)
        conn.execute("DELETE FROM oparl_consultations WHERE oparl_paper = ?", (oparl_id,))
        conn.executemany(
            "INSERT INTO oparl_consultations (paper_id, oparl_paper, oparl_id, seq, committee,"
            " organization, meeting, date, role, authoritative, top, result, public) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(pid, oparl_id, c.get("id"), i, c.get("committee"), c.get("organization"),
              c.get("meeting"), c.get("date"), c.get("role"), c.get("authoritative"),
              c.get("top"), c.get("result"), c.get("public")) for i, c in enumerate(consultations)])
        conn.execute("DELETE FROM oparl_links WHERE src = ?", (oparl_id,))
        conn.executemany("INSERT OR IGNORE INTO oparl_links (src, dst, type) VALUES (?, ?, ?)",
                         [(oparl_id, dst, t) for dst, t in links])
        conn.execute("DELETE FROM oparl_file_papers WHERE paper = ?", (oparl_id,))
        conn.executemany("INSERT OR REPLACE INTO oparl_file_papers (file, paper, role, name) "
                         "VALUES (?, ?, ?, ?)", [(f, oparl_id, role, name)
                                                 for f, role, name in files])
        # files already stored follow the plan: roles updated, files no longer listed detached
        for f, role, _ in files:
            frow = conn.execute("SELECT id FROM files WHERE path = ?", (f,)).fetchone()
            if frow is not None:
                conn.execute("INSERT OR REPLACE INTO paper_files (paper_id, file_id, role) "
                             "VALUES (?, ?, ?)", (pid, frow[0], role))
        conn.execute(
            "DELETE FROM paper_files WHERE paper_id = ? AND file_id IN (SELECT f.id FROM "
            "paper_files pf JOIN files f ON f.id = pf.file_id WHERE pf.paper_id = ? AND "
            "f.kind = 'oparl' AND NOT EXISTS (SELECT 1 FROM oparl_file_papers fp JOIN "
            "oparl_objects o ON o.id = fp.paper WHERE fp.file = f.path AND o.paper_id = ?))",
            (pid, pid, pid))
        if main_file(conn, pid) is not None:
            _rebuild_paper(conn, pid, main_series)
        else:
            conn.execute("DELETE FROM edges WHERE src = ?", (pid,))
        return ("new" if row is None or row[0] is None else "updated"), pid


def oparl_file_links(conn: sqlite3.Connection, file_oparl_id: str) -> list[tuple[int, str]]:
    """(paper id, role) of the papers whose plan lists this File."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT o.paper_id, fp.role FROM oparl_file_papers fp JOIN oparl_objects o "
        "ON o.id = fp.paper WHERE fp.file = ? AND o.paper_id IS NOT NULL ORDER BY fp.role != "
        "'main'", (file_oparl_id,))]


def oparl_paper_id(conn: sqlite3.Connection, paper_oparl_id: str) -> int | None:
    row = conn.execute("SELECT paper_id FROM oparl_objects WHERE id = ?",
                       (paper_oparl_id,)).fetchone()
    return None if row is None else row[0]


def store_oparl_file(conn: sqlite3.Connection, *, oparl_id: str, name: str, council: str,
                     sha256: str, size: int, doc, ext, page_clean: list[str],
                     links: list[tuple[int, str]], main_series: str,
                     warnings: list[str] | None = None) -> Stored:
    """Store one OParl File (its text read into ``doc`` and extracted into ``ext``; both None for
    a File without text) in ONE transaction and attach it to ``links`` [(paper id, role)]."""
    warn = json.dumps(list(warnings or ()) + list(doc.warnings if doc is not None else ()),
                      ensure_ascii=False)
    npages = len(doc.pages) if doc is not None else 0
    with _tx(conn):
        old = file_state(conn, oparl_id)
        if old is not None and old[1] == sha256:
            conn.executemany("INSERT OR IGNORE INTO paper_files (paper_id, file_id, role) "
                             "VALUES (?, ?, ?)", [(pid, old[0], role) for pid, role in links])
            conn.execute("DELETE FROM failures WHERE path = ?", (oparl_id,))
            return Stored("unchanged", old[0], None)
        old_papers: list[int] = []
        if old is not None:
            old_papers = [r[0] for r in conn.execute(
                "SELECT paper_id FROM paper_files WHERE file_id = ?", (old[0],))]
            _delete_file_rows(conn, old[0])
            conn.execute("UPDATE files SET name=?, kind='oparl', sha256=?, size=?, pages=?, "
                         "council=?, warnings=?, ingested_at=? WHERE id=?",
                         (name, sha256, size, npages, council, warn, _now(), old[0]))
            file_id = old[0]
        else:
            file_id = conn.execute(
                "INSERT INTO files (path, name, kind, sha256, size, pages, council, warnings,"
                " ingested_at) VALUES (?, ?, 'oparl', ?, ?, ?, ?, ?, ?)",
                (oparl_id, name, sha256, size, npages, council, warn, _now())).lastrowid
        if doc is not None:
            _insert_pages(conn, file_id, doc, page_clean)
        if ext is not None:
            _insert_mentions(conn, file_id, ext)
        for pid, role in links:
            conn.execute("INSERT OR REPLACE INTO paper_files (paper_id, file_id, role) "
                         "VALUES (?, ?, ?)", (pid, file_id, role))
            if ext is not None:
                _insert_consultations(conn, pid, file_id, ext.consultations)
            if ext is not None and role == "main":
                conn.execute("UPDATE papers SET signatory = COALESCE(signatory, ?), "
                             "budget = COALESCE(budget, ?) WHERE id = ?",
                             (ext.paper.signatory, ext.paper.budget, pid))
        meta = json.dumps(ext.paper.to_json(), ensure_ascii=False) if ext is not None else None
        _put_object(conn, oparl_id, "File", council=council, file_id=file_id, text_meta=meta)
        if ext is None:
            conn.execute("UPDATE oparl_objects SET text_meta = NULL WHERE id = ?", (oparl_id,))
        conn.execute("DELETE FROM failures WHERE path = ?", (oparl_id,))
        for pid in {p for p, role in links if role == "main"} | set(old_papers):
            if main_file(conn, pid) is not None:
                _rebuild_paper(conn, pid, main_series)
    return Stored("replaced" if old is not None else "new", file_id, links[0][0] if links else None)


def _remove_paper(conn: sqlite3.Connection, pid: int) -> None:
    """Remove a paper that OParl deleted: its own files, facts and OParl rows; a paper that
    something still cites stays as a stub."""
    files = [r[0] for r in conn.execute("SELECT file_id FROM paper_files WHERE paper_id = ?",
                                        (pid,))]
    conn.execute("DELETE FROM paper_files WHERE paper_id = ?", (pid,))
    for fid in files:
        if conn.execute("SELECT 1 FROM paper_files WHERE file_id = ?", (fid,)).fetchone() is None:
            _delete_file_rows(conn, fid)
            conn.execute("DELETE FROM oparl_objects WHERE +type = 'File' AND file_id = ?",
                         (fid,))
            conn.execute("DELETE FROM files WHERE id = ?", (fid,))
    for table, col in (("consultations", "paper_id"), ("oparl_consultations", "paper_id"),
                       ("oparl_checks", "paper_id"), ("oparl_issues", "paper_id"),
                       ("edges", "src")):
        conn.execute(f"DELETE FROM {table} WHERE {col} = ?", (pid,))
    if conn.execute("SELECT 1 FROM edges WHERE dst = ? LIMIT 1", (pid,)).fetchone() is None:
        conn.execute("DELETE FROM papers WHERE id = ?", (pid,))
    else:
        conn.execute("UPDATE papers SET stub = 1 WHERE id = ?", (pid,))


def delete_oparl_object(conn: sqlite3.Connection, oid: str) -> str | None:
    """Apply ``deleted: true``: remove what the object became. Returns the type of what was
    removed ("Paper", "File", …) or None if it was not stored."""
    with _tx(conn):
        row = conn.execute("SELECT type, paper_id, file_id FROM oparl_objects WHERE id = ?",
                           (oid,)).fetchone()
        if row is None:
            return None
        otype, pid, fid = row
        conn.execute("DELETE FROM oparl_objects WHERE id = ?", (oid,))
        if otype == "Paper":
            conn.execute("DELETE FROM oparl_file_papers WHERE paper = ?", (oid,))
            conn.execute("DELETE FROM oparl_links WHERE src = ?", (oid,))
            conn.execute("DELETE FROM oparl_consultations WHERE oparl_paper = ?", (oid,))
            if pid is not None and conn.execute("SELECT 1 FROM oparl_objects WHERE paper_id = ?",
                                                (pid,)).fetchone() is None:
                _remove_paper(conn, pid)
        elif otype == "File" and fid is not None:
            papers = [r[0] for r in conn.execute(
                "SELECT paper_id FROM paper_files WHERE file_id = ?", (fid,))]
            _delete_file_rows(conn, fid)
            conn.execute("DELETE FROM files WHERE id = ?", (fid,))
            conn.execute("DELETE FROM oparl_file_papers WHERE file = ?", (oid,))
            for p in papers:
                conn.execute("DELETE FROM edges WHERE src = ?", (p,))
        return otype


def oparl_check_input(conn: sqlite3.Connection, pid: int) -> dict[str, Any] | None:
    """What `grdrs quality` compares for one paper: OParl's statements and its main text's."""
    paper = conn.execute("SELECT council, number, name, date, type FROM papers WHERE id = ?",
                         (pid,)).fetchone()
    if paper is None:
        return None
    fid = main_file(conn, pid)
    out: dict[str, Any] = {
        "council": paper[0], "number": paper[1], "name": paper[2], "date": paper[3],
        "type": paper[4], "file": fid, "text_meta": None, "pages": 0,
        "oparl_consultations": [tuple(r) for r in conn.execute(
            "SELECT committee, date FROM oparl_consultations WHERE paper_id = ? ORDER BY seq",
            (pid,))],
        "links": [tuple(r) for r in conn.execute(
            "SELECT l.type, p.number FROM oparl_links l JOIN oparl_objects a ON a.id = l.src "
            "JOIN oparl_objects b ON b.id = l.dst JOIN papers p ON p.id = b.paper_id "
            "WHERE a.paper_id = ?", (pid,))],
        "text_consultations": [], "cited": []}
    if fid is not None:
        frow = conn.execute("SELECT pages FROM files WHERE id = ?", (fid,)).fetchone()
        out["pages"] = frow[0] if frow else 0
        meta = conn.execute("SELECT text_meta FROM oparl_objects WHERE file_id = ? AND "
                            "+type = 'File'", (fid,)).fetchone()
        out["text_meta"] = json.loads(meta[0]) if meta and meta[0] else None
        out["text_consultations"] = [tuple(r) for r in conn.execute(
            "SELECT committee, date FROM consultations WHERE paper_id = ? AND file_id = ? "
            "ORDER BY seq", (pid, fid))]
        out["cited"] = [r[0] for r in conn.execute(
            "SELECT value FROM mentions WHERE file_id = ? AND kind = 'reference' "
            "ORDER BY page, start", (fid,))]
    return out


def oparl_papers_linking(conn: sqlite3.Connection, pids: Iterable[int]) -> set[int]:
    """Papers whose OParl links point at one of ``pids`` (their checks depend on them)."""
    out: set[int] = set()
    ids = list(pids)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out.update(r[0] for r in conn.execute(
            "SELECT a.paper_id FROM oparl_links l JOIN oparl_objects a ON a.id = l.src "
            "JOIN oparl_objects b ON b.id = l.dst WHERE a.paper_id IS NOT NULL AND b.paper_id IN "
            f"({', '.join('?' * len(chunk))})", chunk))
    return out


def store_oparl_checks(conn: sqlite3.Connection,
                       checks: list[tuple[int, str, dict, list[tuple[str, Any, Any]]]]) -> None:
    """Replace the checks and issues of some papers: (paper id, council, summary, issues)."""
    with _tx(conn):
        for pid, council, summary, issues in checks:
            conn.execute("DELETE FROM oparl_issues WHERE paper_id = ?", (pid,))
            conn.execute("INSERT OR REPLACE INTO oparl_checks (paper_id, council, data) "
                         "VALUES (?, ?, ?)", (pid, council, json.dumps(summary)))
            conn.executemany(
                "INSERT INTO oparl_issues (paper_id, council, kind, oparl, text) "
                "VALUES (?, ?, ?, ?, ?)",
                [(pid, council, kind, None if o is None else str(o),
                  None if t is None else str(t)) for kind, o, t in issues])


def oparl_sync_get(conn: sqlite3.Connection, source: str, lst: str) -> sqlite3.Row | None:
    return conn.execute("SELECT since, next_url, started, watermark FROM oparl_sync "
                        "WHERE source = ? AND list = ?", (source, lst)).fetchone()


def oparl_sync_put(conn: sqlite3.Connection, source: str, lst: str, **values: Any) -> None:
    """Update the sync state of one list (keys: since, next_url, started, watermark)."""
    with _tx(conn):
        conn.execute("INSERT OR IGNORE INTO oparl_sync (source, list) VALUES (?, ?)",
                     (source, lst))
        for k, v in values.items():
            if k not in ("since", "next_url", "started", "watermark"):
                raise ValueError(k)
            conn.execute(f"UPDATE oparl_sync SET {k} = ? WHERE source = ? AND list = ?",
                         (v, source, lst))


def oparl_quality(conn: sqlite3.Connection, examples: int = 5) -> dict[str, Any]:
    """The per-council checks and, per kind of disagreement, its count and a few examples.
    A database without OParl tables gives an empty report."""
    try:
        checks = conn.execute("SELECT council, data FROM oparl_checks ORDER BY council").fetchall()
        kinds = conn.execute("SELECT council, kind, count(*) FROM oparl_issues "
                             "GROUP BY council, kind ORDER BY council, kind").fetchall()
    except sqlite3.OperationalError:
        return {"checks": [], "issues": []}
    issues = []
    for council, kind, n in kinds:
        rows = conn.execute(
            "SELECT p.number, p.name, i.oparl, i.text FROM oparl_issues i JOIN papers p "
            "ON p.id = i.paper_id WHERE i.council = ? AND i.kind = ? ORDER BY p.date DESC, "
            "p.number LIMIT ?", (council, kind, examples)).fetchall()
        issues.append({"council": council, "kind": kind, "count": n,
                       "examples": [{"paper": r[0] or r[1], "oparl": r[2], "text": r[3]}
                                    for r in rows]})
    return {"checks": [(c, json.loads(d)) for c, d in checks], "issues": issues}


# --------------------------------------------------------------------------------------------
# --- check ---
# SQL of `grdrs check` (grdrs/check.py). ``amount_fts`` (FTS5) indexes every amount mention,
# rowid = mentions.id: column ``subject`` the sentence around it, column ``value`` its value as a
# token (``v57000x00``, a range also ``v300000x00``), so check finds the earlier statements
# about a draft's amount — with the same value, or with similar words — without reading every
# amount. ``amount_fts_v`` (fts5vocab) gives each word's document frequency, so the query uses
# the rarest words. Triggers on ``mentions`` keep the index in step with every writer (ingest,
# ingest-oparl, Datasette) in plain SQL. Schema version 3 adds them; init_check backfills the
# index from the stored mentions when it is created, so a database of an earlier version gains
# it the first time a writer opens it (and `grdrs check` on a read-only old database falls back
# to scoring every stored amount).

_CHECK_ROW = ("COALESCE(json_extract({r}.data, '$.subject'), ''), 'v' || replace({r}.value, '.', 'x')"
              " || COALESCE(' v' || replace({r}.value_to, '.', 'x'), '')")

CHECK_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS amount_fts USING fts5("
    "subject, value, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS amount_fts_v USING fts5vocab(amount_fts, 'row')",
    "CREATE TRIGGER IF NOT EXISTS mentions_amount_ai AFTER INSERT ON mentions "
    "WHEN new.kind = 'amount' BEGIN INSERT INTO amount_fts (rowid, subject, value) VALUES "
    f"(new.id, {_CHECK_ROW.format(r='new')}); END",
    "CREATE TRIGGER IF NOT EXISTS mentions_amount_ad AFTER DELETE ON mentions "
    "WHEN old.kind = 'amount' BEGIN DELETE FROM amount_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS mentions_amount_au AFTER UPDATE OF kind, value, value_to, data "
    "ON mentions BEGIN DELETE FROM amount_fts WHERE rowid = old.id; INSERT INTO amount_fts "
    f"(rowid, subject, value) SELECT new.id, {_CHECK_ROW.format(r='new')} "
    "WHERE new.kind = 'amount'; END",
)


def init_check(conn: sqlite3.Connection) -> None:
    """Create amount_fts, its vocabulary and triggers (inside the caller's transaction); fill
    the index from the stored amounts when it is new."""
    fresh = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'amount_fts'").fetchone() is None
    for statement in CHECK_SCHEMA:
        conn.execute(statement)
    if fresh:
        conn.execute(f"INSERT INTO amount_fts (rowid, subject, value) SELECT m.id, "
                     f"{_CHECK_ROW.format(r='m')} FROM mentions m WHERE m.kind = 'amount'")


def has_check_index(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'amount_fts_v'").fetchone() \
        is not None


def value_token(value: str) -> str:
    """How a value stands in amount_fts: "57000.00" → "v57000x00"."""
    return "v" + value.replace(".", "x")


def check_doc_freq(conn: sqlite3.Connection, terms: Iterable[str]) -> dict[str, int]:
    """In how many amount subjects each word occurs (words as the FTS tokenizer folds them)."""
    t = sorted(set(terms))
    if not t:
        return {}
    return {r[0]: r[1] for r in conn.execute(
        f"SELECT term, doc FROM amount_fts_v WHERE term IN ({', '.join('?' * len(t))})", t)}


_CHECK_COLS = ("m.id, m.value, m.value_to, m.page, m.text, m.data, m.file_id, f.sha256, "
               "f.path, p.id AS paper_id, p.council, p.series, p.number, p.suffix, p.name, "
               "p.date, p.department, p.title, p.fictional")
_CHECK_JOIN = ("JOIN mentions m ON m.id = hit.id JOIN files f ON f.id = m.file_id "
               "JOIN paper_files pf ON pf.file_id = m.file_id JOIN papers p ON p.id = pf.paper_id")


def check_candidates(conn: sqlite3.Connection, match: str, before: str | None,
                     limit: int = 150) -> list[sqlite3.Row]:
    """Amount mentions matching the FTS5 query ``match`` (best ``limit`` by bm25), in papers
    dated on or before ``before`` (undated papers too; all papers when ``before`` is None)."""
    args: list[Any] = [match, int(limit)]
    where = "1"
    if before is not None:
        where = "(p.date IS NULL OR p.date <= ?)"
        args.append(before)
    sql = (f"SELECT {_CHECK_COLS}, hit.rank FROM (SELECT rowid AS id, rank FROM amount_fts "
           f"WHERE amount_fts MATCH ? ORDER BY rank LIMIT ?) hit {_CHECK_JOIN} "
           f"WHERE {where} ORDER BY hit.rank")
    return conn.execute(sql, args).fetchall()


def check_all_amounts(conn: sqlite3.Connection, before: str | None) -> list[sqlite3.Row]:
    """Every stored amount (fallback for a database without amount_fts, opened read-only)."""
    sql = (f"SELECT {_CHECK_COLS}, 0 AS rank FROM (SELECT id FROM mentions WHERE kind = 'amount') "
           f"hit {_CHECK_JOIN}")
    if before is not None:
        return conn.execute(sql + " WHERE (p.date IS NULL OR p.date <= ?)", (before,)).fetchall()
    return conn.execute(sql).fetchall()


def check_lineage(conn: sqlite3.Connection, council: str, series: Iterable[str],
                  number: str) -> list[int]:
    """Ids of the papers with this number in these series (every suffix), and of its follow-up
    versions ``NUMBER/1``, ``NUMBER/2`` …: a draft's lineage."""
    s = list(series)
    return [r[0] for r in conn.execute(
        f"SELECT id FROM papers WHERE council = ? AND (number = ? OR number LIKE ? || '/%') AND "
        f"series IN ({', '.join('?' * len(s))})", (council, number, number, *s))]


def check_file_refs(conn: sqlite3.Connection,
                    file_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    """file id → (start, number) of every paper reference in it (what an amount's sentence
    cites)."""
    ids = json.dumps(sorted(set(file_ids)))
    out: dict[int, list[tuple[int, str]]] = {}
    for fid, start, number in conn.execute(
            "SELECT file_id, start, value FROM mentions WHERE kind = 'reference' AND file_id IN "
            "(SELECT value FROM json_each(?))", (ids,)):
        out.setdefault(fid, []).append((start, number))
    return out


def check_value_overlap(conn: sqlite3.Connection, file_ids: Iterable[int],
                        values: Iterable[str]) -> dict[int, set[str]]:
    """file id → which of ``values`` it states as amounts, for these files (does an earlier
    paper restate the draft?)."""
    ids, v = json.dumps(sorted(set(file_ids))), json.dumps(sorted(set(values)))
    out: dict[int, set[str]] = {}
    for fid, value in conn.execute(
            "SELECT DISTINCT file_id, value FROM mentions WHERE kind = 'amount' AND file_id IN "
            "(SELECT value FROM json_each(?)) AND value IN (SELECT value FROM json_each(?))",
            (ids, v)):
        out.setdefault(fid, set()).add(value)
    return out


def check_cited(conn: sqlite3.Connection, paper_ids: Iterable[int]) -> dict[int, set[str]]:
    """paper id → "series|number" of every paper it cites (and of itself)."""
    ids = json.dumps(sorted(set(paper_ids)))
    out: dict[int, set[str]] = {}
    for src, series, number in conn.execute(
            "SELECT e.src, p.series, p.number FROM edges e JOIN papers p ON p.id = e.dst "
            "WHERE e.type = 'cites' AND e.src IN (SELECT value FROM json_each(?))", (ids,)):
        if number:
            out.setdefault(src, set()).add(f"{series}|{number}")
    for pid, series, number in conn.execute(
            "SELECT id, series, number FROM papers WHERE id IN (SELECT value FROM json_each(?))",
            (ids,)):
        if number:
            out.setdefault(pid, set()).add(f"{series}|{number}")
    return out

