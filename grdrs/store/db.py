"""Connection, schema and migrations, transactions: the one module that owns the whole schema.

The other modules of :mod:`grdrs.store` each own the SQL of a part of it (``files``: files,
pages, mentions, consultations, failures; ``papers``: papers and their identity; ``graph``:
nodes and edges; ``oparl``: the OParl tables; ``check``: the amount index). They import this
module; it imports none of them, so there is no import circle.

Writes happen in one transaction per file (``BEGIN IMMEDIATE`` … ``COMMIT``, :func:`tx`) in WAL
mode: killing the process at any moment leaves the last committed state. A read-only
connection never writes, so a database on a read-only mount or of an older schema is read as
it is; a writer migrates an older database the first time it opens it.
"""

from __future__ import annotations

import operator
import os
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

# 3: amount_fts (grdrs check); 4: papers_list index; 5: each page's text stored once
# (pages.clean and the restore ops that rebuild the reader's text from it, see store.files);
# 6: that text zlib-compressed (pages.clean_z; the view page_texts reads it, pages_fts indexes it)
# 7: pages_id_file and paper_files_file_paper: a page's file and a file's papers from an index
# alone (search looks up both for every matching page); 8: search_top, the best pages of the
# commonest words, ranked once after each write (see store.files.rank_common_words); 9: with
# the snippets a search of such a word shows (search_top.snippets)
SCHEMA_VERSION = 9

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
CREATE INDEX IF NOT EXISTS paper_files_file_paper ON paper_files(file_id, paper_id);
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files(id),
    page INTEGER NOT NULL,
    clean_z BLOB NOT NULL,
    restore BLOB
);
CREATE UNIQUE INDEX IF NOT EXISTS pages_file_page ON pages(file_id, page);
CREATE INDEX IF NOT EXISTS pages_id_file ON pages(id, file_id);
CREATE VIEW IF NOT EXISTS page_texts AS
    SELECT id AS rowid, file_id, page, grdrs_unzip(clean_z) AS clean FROM pages;
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
CREATE TABLE IF NOT EXISTS search_top (term TEXT PRIMARY KEY, ids TEXT NOT NULL, snippets TEXT);
"""

# ``search_top`` (schema 8): for each word of ``pages_fts`` on many pages, the ids of its best
# pages in bm25 order, comma-separated, the snippets of the pages a search shows (schema 9;
# NULL when not cut), and the row ``term = ''`` saying the list was ranked
# for the index as it is (store.files.rank_common_words). Any change of a page changes every
# page's bm25 (the index's page count and mean length): these triggers empty the table in the
# same transaction, so search never reads a stale list; the next write command ranks again.
SEARCH_TOP_TRIGGERS = tuple(
    f"CREATE TRIGGER IF NOT EXISTS search_top_{short} AFTER {event} ON pages BEGIN "
    "DELETE FROM search_top; END"
    for short, event in (("ai", "INSERT"), ("ad", "DELETE"), ("au", "UPDATE")))

# The FTS index over the cleaned pages, made the way sqlite-utils' enable_fts makes one (Datasette
# finds it so), with the view ``page_texts`` as its content: each page's text is stored once,
# compressed (``pages.clean_z``), and read through the SQL function ``grdrs_unzip``
# (:func:`register_functions`). Its column ``rowid`` is the page's id, so FTS5 and Datasette
# find each indexed page in it. Created inside init_schema's transaction: readers never see a
# schema without it, and a kill cannot leave it out.
PAGES_FTS = [
    'CREATE VIRTUAL TABLE "pages_fts" USING FTS5 (\n    "clean",\n    content="page_texts"\n)',
    'CREATE TRIGGER "pages_ai" AFTER INSERT ON "pages" BEGIN\n  INSERT INTO "pages_fts" '
    '(rowid, "clean") VALUES (new.id, grdrs_unzip(new.clean_z));\nEND',
    'CREATE TRIGGER "pages_ad" AFTER DELETE ON "pages" BEGIN\n  INSERT INTO "pages_fts" '
    '("pages_fts", rowid, "clean") VALUES(\'delete\', old.id, grdrs_unzip(old.clean_z));\nEND',
    'CREATE TRIGGER "pages_au" AFTER UPDATE ON "pages" BEGIN\n  INSERT INTO "pages_fts" '
    '("pages_fts", rowid, "clean") VALUES(\'delete\', old.id, grdrs_unzip(old.clean_z));\n'
    '  INSERT INTO "pages_fts" (rowid, "clean") VALUES (new.id, grdrs_unzip(new.clean_z));\nEND',
]

# ``amount_fts`` (FTS5, for `grdrs check`) indexes every amount mention, rowid = mentions.id:
# column ``subject`` the sentence around it, column ``value`` its value as a token
# (``v57000x00``, a range also ``v300000x00``). ``amount_fts_v`` (fts5vocab) gives each word's
# document frequency. Triggers on ``mentions`` keep the index in step with every writer.
CHECK_ROW = ("COALESCE(json_extract({r}.data, '$.subject'), ''), 'v' || replace({r}.value, '.', 'x')"
             " || COALESCE(' v' || replace({r}.value_to, '.', 'x'), '')")

# Contentless (``content=''``, schema 6): the index only, its text is in ``mentions``; a row
# leaves it by the 'delete' command with the values it was indexed with, which the triggers
# compute again from the old mention.
CHECK_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS amount_fts USING fts5("
    "subject, value, content = '', tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS amount_fts_v USING fts5vocab(amount_fts, 'row')",
    "CREATE TRIGGER IF NOT EXISTS mentions_amount_ai AFTER INSERT ON mentions "
    "WHEN new.kind = 'amount' BEGIN INSERT INTO amount_fts (rowid, subject, value) VALUES "
    f"(new.id, {CHECK_ROW.format(r='new')}); END",
    "CREATE TRIGGER IF NOT EXISTS mentions_amount_ad AFTER DELETE ON mentions "
    "WHEN old.kind = 'amount' BEGIN INSERT INTO amount_fts (amount_fts, rowid, subject, value) "
    f"VALUES ('delete', old.id, {CHECK_ROW.format(r='old')}); END",
    "CREATE TRIGGER IF NOT EXISTS mentions_amount_au AFTER UPDATE OF kind, value, value_to, data "
    "ON mentions BEGIN INSERT INTO amount_fts (amount_fts, rowid, subject, value) "
    f"SELECT 'delete', old.id, {CHECK_ROW.format(r='old')} WHERE old.kind = 'amount'; "
    f"INSERT INTO amount_fts (rowid, subject, value) SELECT new.id, {CHECK_ROW.format(r='new')} "
    "WHERE new.kind = 'amount'; END",
)

# The OParl tables (`grdrs ingest-oparl`, `grdrs quality`), created on first use by
# store.oparl.init_oparl (CREATE … IF NOT EXISTS): a database of an earlier run gains them
# without a schema bump. What each holds: see store.oparl.
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
CREATE VIEW IF NOT EXISTS oparl_json AS
    SELECT id, type, council, modified, paper_id, file_id, grdrs_unzip(data) AS data
    FROM oparl_objects;
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


# Profiles learned from a council's OParl data (store.profiles), created on the first save.
LEARNED_PROFILES_SCHEMA = ("CREATE TABLE IF NOT EXISTS learned_profiles (name TEXT PRIMARY KEY, "
                           "source TEXT, toml TEXT NOT NULL, updated TEXT)")


def zip_text(text: str) -> bytes:
    """A page's clean text as stored in ``pages.clean_z``: zlib (RFC 1950) of its UTF-8."""
    return zlib.compress(text.encode("utf-8"), 6)


def unzip_text(blob: bytes | str | None) -> str | None:
    """The inverse of :func:`zip_text` (a text, stored so by an older version, as it is); SQL
    function ``grdrs_unzip``."""
    if blob is None or isinstance(blob, str):
        return blob
    return zlib.decompress(blob).decode("utf-8")


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL function a grdrs database needs, ``grdrs_unzip``: the view ``page_texts`` (the
    content of ``pages_fts``, so also search snippets) and the triggers that index a page read
    the compressed text through it; Datasette and sqlite-utils get it from :mod:`grdrs.plugins`.
    Without it every table still reads (``PRAGMA integrity_check`` too)."""
    conn.create_function("grdrs_unzip", 1, unzip_text, deterministic=True)


_SIGINTS = [0]  # the Ctrl-Cs this process has seen while a write command counts them


def _count_sigint(signum, frame) -> None:
    _SIGINTS[0] += 1
    raise KeyboardInterrupt


@contextmanager
def counting_interrupts() -> Iterator[None]:
    """While inside (a write command's batch: the CLI's ``ingest``), each Ctrl-C (SIGINT) is
    counted before it raises KeyboardInterrupt, as Python's handler does. One that lands in a
    Python function SQLite calls (``grdrs_unzip``, which the triggers indexing a page run) is
    turned by sqlite3 into ``OperationalError: user-defined function raised exception``:
    :func:`tx`, and this on leaving, raise KeyboardInterrupt for an error after one. The
    handler before is put back on leaving: a program using grdrs as a library keeps its own
    (asyncio's); only Python's own handler is replaced, only in the main thread."""
    import signal

    seen, before, ours = _SIGINTS[0], signal.getsignal(signal.SIGINT), False
    if before is signal.default_int_handler:
        try:
            signal.signal(signal.SIGINT, _count_sigint)
            ours = True
        except ValueError:  # not the main thread: its Ctrl-C is not ours to count
            pass
    try:
        yield
    except Exception as err:
        if _SIGINTS[0] != seen:
            raise KeyboardInterrupt from err
        raise
    finally:
        if ours:
            signal.signal(signal.SIGINT, before)


# Of a fact's JSON (``extract --json``), what ``mentions`` keeps in its columns is not stored
# again in ``data`` (schema 6): the keys each kind keeps in a column, in the order of the JSON,
# and the span (text, page, start, end, end_page). :func:`mention_data` puts it back together.
_COLUMN_KEYS: dict[str, dict[str, str]] = {
    "amount": {"value": "value", "value_to": "value_to"},
    "reference": {"number": "value", "suffix": "value_to"},
    "date": {"kind": "kind", "from": "value", "to": "value_to"},
    "period": {"kind": "kind", "from": "value", "to": "value_to"},
    "committee": {"name": "value"},
    "position": {"grade": "value", "fte": "value_to"},
}
_KEY_ORDER: dict[str, tuple[str, ...]] = {
    "amount": ("value", "value_to", "currency", "per", "period_from", "period_to", "subject"),
    "reference": ("kind", "number", "suffix", "cited_title"),
    "date": ("kind", "from", "to"),
    "period": ("kind", "from", "to"),
    "committee": ("name",),
    "position": ("grade", "fte"),
}
_SPAN_KEYS = ("text", "page", "start", "end", "end_page")

# the columns :func:`mention_data` needs, in its argument order
MENTION_COLUMNS = 'kind, value, value_to, text, page, start, "end", end_page, data'


def mention_rest(kind: str, fact_json: dict) -> dict:
    """What of a fact's JSON the columns do not hold (all of it for a kind not listed)."""
    cols = _COLUMN_KEYS.get(kind)
    if cols is None:
        return fact_json
    return {k: v for k, v in fact_json.items() if k not in cols and k not in _SPAN_KEYS}


def id_array(ids: Iterable[int]) -> str:
    """Integer ids as the JSON array ``json_each(?)`` reads, without importing json (the query
    commands start without it). Anything but an integer raises TypeError."""
    return "[" + ",".join(str(operator.index(i)) for i in ids) + "]"


def mention_data(kind: str, value, value_to, text, page, start, end, end_page,
                 data: str | None) -> dict:
    """A mention's fact as ``extract --json`` printed it (same keys, same order), from its
    columns and ``data``; ``data`` of a database before schema 6 holds all of it."""
    if not data:
        rest: dict = {}
    else:
        import json  # here, not at import: the query commands start without it

        rest = json.loads(data)
    if "text" in rest or kind not in _COLUMN_KEYS:
        return rest
    cols = {"kind": kind, "value": value, "value_to": value_to}
    where = _COLUMN_KEYS[kind]
    out = {key: cols[where[key]] if key in where else rest.pop(key, None)
           for key in _KEY_ORDER[kind]}
    out.update(rest)
    out.update(text=text, page=page, start=start, end=end)
    if end_page is not None:
        out["end_page"] = end_page
    return out


def trim_mentions(conn: sqlite3.Connection) -> None:
    """Drop from each mention's ``data`` what its columns hold (the schema 6 migration)."""
    import json

    rows = conn.execute(f"SELECT id, {MENTION_COLUMNS} FROM mentions "
                        "WHERE data LIKE '%\"text\":%'")
    while batch := rows.fetchmany(5000):
        conn.executemany("UPDATE mentions SET data = ? WHERE id = ?", [
            (json.dumps(mention_rest(r[1], mention_data(*r[1:])), ensure_ascii=False), r[0])
            for r in batch])


def db_path(option: str | None) -> str:
    """The database: ``--db``, else ``$GRDRS_DB``, else ``grdrs.db`` in the current folder."""
    return option or os.environ.get("GRDRS_DB") or "grdrs.db"


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S")


class NotADatabase(sqlite3.DatabaseError):
    """The file is not a grdrs database (not SQLite, or without grdrs's tables)."""


class EmptyDatabase(NotADatabase, FileNotFoundError):
    """The file holds no tables at all: an empty file, or one a first ingest is creating
    right now (so, like an absent file, no database there yet)."""


def fatal_write_error(err: BaseException) -> bool:
    """An error of the database itself (read-only, disk full, I/O): every further write would
    fail the same way, so a batch stops instead of reporting it once per object."""
    text = str(err)
    return isinstance(err, sqlite3.OperationalError) and any(
        s in text for s in ("readonly", "disk is full", "disk I/O error"))


class ReadOnly(Exception):
    """The database (or its folder) cannot be written: a read-only file, folder or mount."""


def connect(path: str | os.PathLike, *, write: bool = False) -> sqlite3.Connection:
    """Open the database. Readers get a read-only connection that fails if the file is absent.

    A writer creates or migrates the schema; when a migration leaves the graph to be rebuilt
    (``meta.graph_stale``), :func:`grdrs.graph.rules.ensure_graph` does it. A reader of a
    database in a folder it cannot write (where SQLite cannot make the WAL's ``-shm`` file)
    opens it as immutable. Raises :class:`NotADatabase` for a file that is not a grdrs
    database and :class:`ReadOnly` for a writer that cannot write.
    """
    if os.path.isdir(path):
        raise NotADatabase(f"{path} is a folder, not a database file (give --db FILE)")
    if write:
        _check_writable(path)
        conn = sqlite3.connect(str(path), timeout=60, isolation_level=None)
        register_functions(conn)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.row_factory = sqlite3.Row
            init_schema(conn)
        except sqlite3.DatabaseError as err:
            conn.close()
            _raise_open_error(path, err)
    else:
        if not os.path.exists(path):
            raise FileNotFoundError(f"no database at {path} (run `grdrs ingest` first)")
        conn = _connect_read(path)
    conn.row_factory = sqlite3.Row
    return conn


def _check_writable(path: str | os.PathLike) -> None:
    folder = os.path.dirname(os.path.realpath(path))
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise ReadOnly(f"cannot write to {path}: the file is read-only")
    if os.path.isdir(folder) and not os.access(folder, os.W_OK):
        raise ReadOnly(f"cannot write to {path}: the folder {folder} is read-only")


def _raise_open_error(path: str | os.PathLike, err: sqlite3.DatabaseError) -> None:
    text = str(err)
    if "readonly" in text or "read-only" in text:
        raise ReadOnly(f"cannot write to {path}: the file or its folder is read-only") from None
    if "not a database" in text or "malformed" in text:
        raise NotADatabase(f"{path} is not a grdrs database (not an SQLite file)") from None
    raise err


def _connect_read(path: str | os.PathLike) -> sqlite3.Connection:
    base = _uri(path) + "?mode=ro"
    for uri in (base, base + "&immutable=1"):
        conn = sqlite3.connect(uri, uri=True, timeout=60, isolation_level=None)
        register_functions(conn)
        conn.execute("PRAGMA query_only=ON")
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        except sqlite3.OperationalError as err:
            conn.close()
            if "readonly" in str(err) or "unable to open" in str(err):
                continue  # a WAL database in a folder we cannot write: read it as immutable
            raise
        except sqlite3.DatabaseError:
            conn.close()
            raise NotADatabase(f"{path} is not a grdrs database (not an SQLite file)") from None
        if not tables:
            conn.close()
            raise EmptyDatabase(f"{path} is not a grdrs database (an empty file; `grdrs "
                                "ingest` makes one)")
        if "papers" not in tables:
            conn.close()
            raise NotADatabase(f"{path} is not a grdrs database (an SQLite file without "
                               "grdrs's tables)")
        return conn
    raise ReadOnly(f"cannot read {path}: its folder is read-only and SQLite cannot open it")


def db_file(conn: sqlite3.Connection) -> str | None:
    """The file of the connection's main database (None in memory)."""
    factory = conn.text_factory
    # a file name that is not UTF-8 comes back as it was given (its bytes as surrogates)
    conn.text_factory = lambda b: b.decode("utf-8", "surrogateescape")
    try:
        rows = conn.execute("PRAGMA database_list").fetchall()
    finally:
        conn.text_factory = factory
    return next((file or None for _, name, file in rows if name == "main"), None)


def data_version(conn: sqlite3.Connection) -> int:
    """Changes when another connection commits (a reader's cache is then stale)."""
    return conn.execute("PRAGMA data_version").fetchone()[0]


def _uri(path: str | os.PathLike) -> str:
    """A file: URI for SQLite (which decodes %HH; ? and # would end the path)."""
    real = os.path.realpath(path)
    return "file:" + real.replace("%", "%25").replace("?", "%3f").replace("#", "%23")


@contextmanager
def tx(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on any error): one write transaction. An interrupt
    (Ctrl-C) may land anywhere, also right after BEGIN or during COMMIT: whatever this
    transaction left open is rolled back, and nothing else. An interrupt that SQLite turned
    into an error (:func:`counting_interrupts`), or whose error something caught, comes out as
    KeyboardInterrupt (after the ROLLBACK, or the COMMIT of a transaction that went on)."""
    outer = conn.in_transaction  # then BEGIN fails, and the open transaction is not ours
    seen = _SIGINTS[0]
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield
        conn.execute("COMMIT")
    except BaseException as err:
        if conn.in_transaction and not outer:
            conn.execute("ROLLBACK")
        if _SIGINTS[0] != seen and not isinstance(err, KeyboardInterrupt):
            raise KeyboardInterrupt from err
        raise
    if _SIGINTS[0] != seen:
        raise KeyboardInterrupt


def graph_stale(conn: sqlite3.Connection) -> bool:
    """Whether a migration left the graph to be rebuilt (see :func:`init_schema`)."""
    return conn.execute("SELECT 1 FROM meta WHERE key = 'graph_stale'").fetchone() is not None


def clear_graph_stale(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM meta WHERE key = 'graph_stale'")


def graph_version(conn: sqlite3.Connection) -> int:
    """Which version of the graph rules built the stored edges (0: before versions were kept);
    the rules rebuild the graph when theirs is newer (no schema change needed)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'graph_version'").fetchone()
    return int(row[0]) if row is not None else 0


def set_graph_version(conn: sqlite3.Connection, version: int) -> None:
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('graph_version', ?)", (str(version),))


def schema_version(conn: sqlite3.Connection) -> int | None:
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is None:
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row is not None else None


def init_schema(conn: sqlite3.Connection) -> None:
    """Create the tables and indexes, or migrate an older database, in one transaction."""
    if schema_version(conn) == SCHEMA_VERSION and conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'pages_fts'").fetchone():
        return
    with tx(conn):
        old = schema_version(conn)
        if old is not None and old < 2:
            # version 1 had paper → paper edges only: the graph is rebuilt from the stored facts
            conn.execute("DROP TABLE IF EXISTS edges")
            conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('graph_stale', '1')")
        if old is not None and old < 6:
            _migrate_pages(conn)
            _zip_oparl(conn)
            for name, kind in (("amount_fts", "TABLE"), ("mentions_amount_ai", "TRIGGER"),
                               ("mentions_amount_ad", "TRIGGER"),
                               ("mentions_amount_au", "TRIGGER")):
                conn.execute(f"DROP {kind} IF EXISTS {name}")  # made again contentless
            trim_mentions(conn)
        if old is not None and old < 7:
            conn.execute("DROP INDEX IF EXISTS paper_files_file")  # now paper_files_file_paper
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        if "snippets" not in {r[1] for r in conn.execute("PRAGMA table_info(search_top)")}:
            conn.execute("ALTER TABLE search_top ADD COLUMN snippets TEXT")  # schema 8
        _init_check(conn)
        _init_pages_fts(conn)
        for statement in SEARCH_TOP_TRIGGERS:  # (after _migrate_pages, which makes pages anew)
            conn.execute(statement)
        conn.execute("DELETE FROM search_top")  # ranked again for the index as migrated
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                     (str(SCHEMA_VERSION),))
    if old is not None and old < 6:
        try:  # give the space of the uncompressed pages back to the file system
            conn.execute("VACUUM")
        except sqlite3.OperationalError:
            pass  # another connection holds the database: it stays as large until a VACUUM


def _init_check(conn: sqlite3.Connection) -> None:
    """amount_fts, its vocabulary and triggers; filled from the stored amounts when new."""
    fresh = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'amount_fts'").fetchone() is None
    for statement in CHECK_SCHEMA:
        conn.execute(statement)
    if fresh:
        conn.execute(f"INSERT INTO amount_fts (rowid, subject, value) SELECT m.id, "
                     f"{CHECK_ROW.format(r='m')} FROM mentions m WHERE m.kind = 'amount'")


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
    for statement in PAGES_FTS:
        conn.execute(statement)
    conn.execute("INSERT INTO pages_fts (pages_fts) VALUES ('rebuild')")


def _migrate_pages(conn: sqlite3.Connection) -> None:
    """Schema 6 keeps each page's clean text once, zlib-compressed (``clean_z``), and the ops
    that rebuild the reader's text from it (exact: see grdrs.textdiff). Schema 5 kept ``clean``
    as TEXT with those ops; schema < 5 kept ``text`` and ``clean``. Same ids, same text; the
    table is copied (SQLite before 3.35 has no DROP COLUMN) and the FTS index made again over
    the view ``page_texts`` (an FTS5 table's content cannot be changed)."""
    cols = [r[1] for r in conn.execute("PRAGMA table_info(pages)")]
    if "clean_z" in cols or "clean" not in cols:
        return
    from ..textdiff import restore_ops

    conn.execute("ALTER TABLE pages RENAME TO pages_old")
    for trigger in ("pages_ai", "pages_ad", "pages_au"):
        conn.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
    conn.execute('DROP TABLE IF EXISTS "pages_fts"')  # made again over page_texts
    conn.execute("CREATE TABLE pages (id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL "
                 "REFERENCES files(id), page INTEGER NOT NULL, clean_z BLOB NOT NULL, "
                 "restore BLOB)")
    if "text" in cols:  # schema < 5: the ops are made here
        rows = conn.execute("SELECT id, file_id, page, clean, text FROM pages_old ORDER BY id")
    else:
        rows = conn.execute("SELECT id, file_id, page, clean, restore FROM pages_old ORDER BY id")
    while batch := rows.fetchmany(2000):
        conn.executemany(
            "INSERT INTO pages (id, file_id, page, clean_z, restore) VALUES (?, ?, ?, ?, ?)",
            [(i, f, p, zip_text(c), restore_ops(c, t) if "text" in cols else t)
             for i, f, p, c, t in batch])
    conn.execute("DROP TABLE pages_old")


def _zip_oparl(conn: sqlite3.Connection) -> None:
    """The OParl JSON of each object (``oparl_objects.data``), zlib-compressed like the pages
    (schema 6); the view ``oparl_json`` shows it as text."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'oparl_objects'").fetchone() is None:
        return
    rows = conn.execute("SELECT id, data FROM oparl_objects WHERE typeof(data) = 'text'")
    while batch := rows.fetchmany(2000):
        conn.executemany("UPDATE oparl_objects SET data = ? WHERE id = ?",
                         [(zip_text(d), i) for i, d in batch])
