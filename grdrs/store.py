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
``edges``         paper → paper links (``cites`` with count), rebuilt from a paper's main file.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

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
CREATE TABLE IF NOT EXISTS edges (
    id INTEGER PRIMARY KEY,
    src INTEGER NOT NULL REFERENCES papers(id),
    dst INTEGER NOT NULL REFERENCES papers(id),
    type TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 1,
    data TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS edges_src ON edges(src, type, dst);
CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst, type);
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
        if version is not None and int(version[0]) == SCHEMA_VERSION:
            return
    import sqlite_utils

    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                     (str(SCHEMA_VERSION),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    db = sqlite_utils.Database(conn)
    if "pages_fts" not in db.table_names():
        db["pages"].enable_fts(["clean"], create_triggers=True, replace=True)


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
    row = conn.execute("SELECT id, cited_title FROM papers WHERE key = ?", (key,)).fetchone()
    if row is not None:
        if cited_title and not row[1]:
            conn.execute("UPDATE papers SET cited_title = ? WHERE id = ?", (cited_title, row[0]))
        return row[0]
    conn.execute("INSERT INTO papers (key, council, series, number, suffix, name, cited_title,"
                 " stub) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                 (key, council, series, number, suffix, number, cited_title))
    return conn.execute("SELECT id FROM papers WHERE key = ?", (key,)).fetchone()[0]


def store_file(conn: sqlite3.Connection, *, path: str, sha256: str, size: int, doc, ext,
               page_clean: list[str], main_series: str) -> Stored:
    """Store one read file and its facts in ONE transaction; replaces an older version."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        old = file_state(conn, path)
        if old is not None and old[1] == sha256:
            conn.execute("DELETE FROM failures WHERE path = ?", (path,))
            conn.execute("COMMIT")
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
        conn.executemany(
            "INSERT INTO pages (file_id, page, text, clean) VALUES (?, ?, ?, ?)",
            [(file_id, p.number, p.text, page_clean[i] if i < len(page_clean) else "")
             for i, p in enumerate(doc.pages)])
        conn.executemany(
            'INSERT INTO mentions (file_id, kind, value, value_to, page, start, "end", end_page,'
            " text, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            list(_mention_rows(file_id, ext)))
        key, cols = _paper_identity(ext, path, main_series)
        paper_id = _upsert_paper(conn, key, cols)
        conn.execute("INSERT OR IGNORE INTO paper_files (paper_id, file_id, role) "
                     "VALUES (?, ?, 'main')", (paper_id, file_id))
        conn.executemany(
            "INSERT INTO consultations (paper_id, file_id, seq, committee, purpose, public, date,"
            ' result, session, page, start, "end", text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
            [(paper_id, file_id, i, c.committee, c.purpose,
              None if c.public is None else int(c.public), c.date, c.result, c.session,
              *((c.span.page, c.span.start, c.span.end, c.span.text) if c.span else
                (None, None, None, None)))
             for i, c in enumerate(ext.consultations)])
        conn.execute("DELETE FROM failures WHERE path = ?", (path,))
        for pid in {paper_id, *old_papers}:
            _rebuild_paper(conn, pid, main_series)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return Stored("replaced" if old is not None else "new", file_id, paper_id)


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
    """The file that speaks for a paper: PDF before HTML before text, then the oldest."""
    row = conn.execute(
        f"SELECT f.id FROM paper_files pf JOIN files f ON f.id = pf.file_id "
        f"WHERE pf.paper_id = ? ORDER BY {_KIND_RANK}, f.id LIMIT 1", (paper_id,)).fetchone()
    return None if row is None else row[0]


def _rebuild_paper(conn: sqlite3.Connection, paper_id: int, main_series: str) -> None:
    """Recompute a paper's outgoing edges from its main file; drop it if nothing needs it."""
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
        return
    council = conn.execute("SELECT council FROM papers WHERE id = ?", (paper_id,)).fetchone()[0]
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


def record_failure(conn: sqlite3.Connection, path: str, sha256: str | None, reason: str) -> None:
    """Record that a file could not be read; what was stored of it before stays."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("INSERT OR REPLACE INTO failures (path, name, sha256, reason, at) "
                     "VALUES (?, ?, ?, ?, ?)", (path, Path(path).name, sha256, reason, _now()))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# --------------------------------------------------------------------------------------------
# queries (standard library only)

PAPER_COLUMNS = ("id", "council", "series", "number", "suffix", "name", "type", "date", "title",
                 "cited_title", "department", "signatory", "budget", "fictional", "stub")


def list_papers(conn: sqlite3.Connection, *, include_stubs: bool = False,
                limit: int | None = None) -> list[sqlite3.Row]:
    sql = (f"SELECT {', '.join(PAPER_COLUMNS)} FROM papers "
           + ("" if include_stubs else "WHERE stub = 0 ")
           + "ORDER BY date IS NULL, date, council, series, number, name")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return conn.execute(sql).fetchall()


def find_papers(conn: sqlite3.Connection, *, number: str | None = None,
                series: Iterable[str] | None = None, suffix: str | None = None,
                any_suffix: bool = False, council: str | None = None,
                name: str | None = None) -> list[sqlite3.Row]:
    """Papers matching a parsed REF (see :mod:`grdrs.refs`)."""
    where, args = [], []
    if number is not None:
        where.append("number = ?")
        args.append(number)
        if not any_suffix:
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
        f"ORDER BY {_KIND_RANK}, f.id", (paper_id,)).fetchall()


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


def failures(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT path, reason, at FROM failures ORDER BY path").fetchall()


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    out = {}
    for table, where in (("files", ""), ("papers", " WHERE stub = 0"),
                         ("papers", " WHERE stub = 1"), ("pages", ""), ("mentions", ""),
                         ("edges", ""), ("failures", "")):
        name = table if table != "papers" else ("stubs" if "1" in where else "papers")
        out[name] = conn.execute(f"SELECT count(*) FROM {table}{where}").fetchone()[0]
    return out
