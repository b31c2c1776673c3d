"""The OParl tables (`grdrs ingest-oparl`, `grdrs quality`); their DDL is in :mod:`.db`.

A Paper's identity is the grdrs paper (council, series, reference); its OParl id maps onto it
through ``oparl_objects``. A File is stored in ``files`` under its OParl id, with role ``main``
(the paper's own document) or ``attachment`` in ``paper_files``.

``oparl_objects``      every OParl object seen (Paper, Meeting, Organization, File, Body): its
                       JSON (a File without its text; zlib-compressed, the view ``oparl_json``
                       shows it as text), a hash of it (an unchanged object is
                       skipped), the grdrs paper or file it became, and for a File what its text
                       says of the paper (``text_meta``: extract's ``paper``).
``oparl_file_papers``  which File belongs to which Paper, as 'main' or 'attachment' (the plan;
                       the file joins paper_files when its text is stored).
``oparl_consultations`` the Paper's consultations as OParl states them.
``oparl_links``        superordinated / subordinated / related papers (OParl ids).
``oparl_checks``, ``oparl_issues``  per paper: where text and OParl agree or disagree.
``oparl_sync``         per source and list: modified_since of the run, where an interrupted
                       run resumes (next_url), and the watermark for the next incremental run.

The ``put_…`` functions write inside the caller's transaction (:mod:`grdrs.write` adds the
graph rules in the same one); the others open their own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from .db import OPARL_SCHEMA, tx, unzip_text, zip_text
from .files import (clear_failure, delete_file, delete_file_rows, file_pages, file_state,
                    insert_consultations, insert_mentions, insert_pages, put_file,
                    reference_values)
from .graph import collect_garbage, targets_of
from .papers import OPARL_PAPER, Stored, fill_oparl_record, forget_file_paper, link_file, \
    main_file, merge_sources, paper_ids_of_file, rekey_paper, paper_key_of, set_stub, \
    store_file_paper


def init_oparl(conn: sqlite3.Connection) -> None:
    """Create the OParl tables if they are missing (idempotent)."""
    with tx(conn):
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
        (oid, otype, council, source, modified, hash, paper_id, file_id,
         None if data is None else zip_text(data), text_meta))


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


def is_oparl_paper(conn: sqlite3.Connection, paper_id: int) -> bool:
    """Whether an OParl Paper became this paper."""
    try:
        return conn.execute("SELECT 1 FROM oparl_objects WHERE paper_id = ? AND +type = 'Paper' "
                            "LIMIT 1", (paper_id,)).fetchone() is not None
    except sqlite3.OperationalError:  # no OParl import into this database yet
        return False


def oparl_links_of(conn: sqlite3.Connection, paper_id: int) -> list[tuple[int, str]]:
    """(linked paper id, link type) of every link the paper's OParl object states whose other
    end is a stored paper: ``superordinated``, ``subordinated`` or ``related``."""
    try:
        return [(r[0], r[1]) for r in conn.execute(
            "SELECT DISTINCT b.paper_id, l.type FROM oparl_objects a "
            "JOIN oparl_links l ON l.src = a.id JOIN oparl_objects b ON b.id = l.dst "
            "WHERE a.paper_id = ? AND b.paper_id IS NOT NULL AND b.paper_id != a.paper_id "
            "ORDER BY b.paper_id, l.type", (paper_id,))]
    except sqlite3.OperationalError:  # no OParl import into this database yet
        return []


def oparl_file_names(conn: sqlite3.Connection, file_ids: Iterable[int]) -> dict[int, str]:
    """file id → the name OParl gives the File (``Protokoll GR TOP 13``; the stored name is
    its file name ``00634624.pdf``)."""
    ids = json.dumps(sorted(set(file_ids)))
    try:
        return {r[0]: r[1] for r in conn.execute(
            "SELECT o.file_id, fp.name FROM oparl_objects o JOIN oparl_file_papers fp "
            "ON fp.file = o.id WHERE o.file_id IN (SELECT value FROM json_each(?)) "
            "AND fp.name IS NOT NULL", (ids,))}
    except sqlite3.OperationalError:  # no OParl import into this database yet
        return {}


def oparl_hash(conn: sqlite3.Connection, oid: str) -> str | None:
    row = conn.execute("SELECT hash FROM oparl_objects WHERE id = ?", (oid,)).fetchone()
    return None if row is None else row[0]


def oparl_data(conn: sqlite3.Connection, oid: str) -> dict[str, object] | None:
    row = conn.execute("SELECT data FROM oparl_objects WHERE id = ?", (oid,)).fetchone()
    return json.loads(unzip_text(row[0])) if row and row[0] else None


def oparl_stored(conn: sqlite3.Connection, otype: str, council: str
                 ) -> list[tuple[str, str | None, str | None, dict[str, object]]]:
    """(id, hash, key of the grdrs paper it became, JSON) of each stored OParl object of one
    type and council (what a profile is learned from again)."""
    return [(r[0], r[1], r[2], json.loads(unzip_text(r[3]))) for r in conn.execute(
        "SELECT o.id, o.hash, p.key, o.data FROM oparl_objects o LEFT JOIN papers p "
        "ON p.id = o.paper_id WHERE o.type = ? AND o.council = ? AND o.data IS NOT NULL "
        "ORDER BY o.rowid", (otype, council))]


def put_oparl_objects(conn: sqlite3.Connection, rows: list[dict[str, object]]) -> set[int]:
    """Plain OParl objects (Organization, Meeting, Body, a File's hash), inside the caller's
    transaction. A Meeting's new date is carried into the consultations that name it; returns
    the papers whose consultations changed so (their session edges are built again)."""
    changed: set[int] = set()
    for r in rows:
        _put_object(conn, r["id"], r["type"], council=r.get("council"),
                    source=r.get("source"), modified=r.get("modified"), hash=r.get("hash"),
                    data=r.get("data"))
        if r["type"] == "Meeting" and r.get("date"):
            moved = [row[0] for row in conn.execute(
                "SELECT DISTINCT paper_id FROM oparl_consultations WHERE meeting = ? "
                "AND COALESCE(date, '') != ?", (r["id"], r["date"]))]
            if moved:
                conn.execute("UPDATE oparl_consultations SET date = ? WHERE meeting = ? "
                             "AND COALESCE(date, '') != ?", (r["date"], r["id"], r["date"]))
                changed.update(moved)
    return changed


def put_oparl_paper(conn: sqlite3.Connection, *, oparl_id: str, key: str, cols: dict[str, object],
                    council: str, source: str, modified: str | None, hash: str, data: str,
                    consultations: list[dict[str, object]], links: list[tuple[str, str]],
                    files: list[tuple[str, str, str | None]]) -> tuple[str, int]:
    """One OParl Paper's metadata: the grdrs paper (its columns from OParl), its OParl
    consultations, links and file plan. Returns (status, paper id) with status "new",
    "updated" or "unchanged" (same JSON as before: nothing written)."""
    row = conn.execute("SELECT paper_id, hash FROM oparl_objects WHERE id = ?",
                       (oparl_id,)).fetchone()
    if row is not None and row[0] is not None and row[1] == hash and paper_key_of(
            conn, row[0]) == key and has_oparl_record(conn, row[0], oparl_id):
        return "unchanged", row[0]  # (same JSON and the same identity as grdrs reads it)
    old_pid = row[0] if row is not None else None
    if old_pid is not None:
        rekey_paper(conn, old_pid, key)
    pid = store_file_paper(conn, key, cols, path=oparl_id, kind=OPARL_PAPER)
    _put_object(conn, oparl_id, "Paper", council=council, source=source, modified=modified,
                hash=hash, data=data, paper_id=pid)
    if old_pid is not None and old_pid != pid:
        conn.execute("UPDATE oparl_objects SET paper_id = ? WHERE id = ?", (pid, oparl_id))
        if conn.execute("SELECT 1 FROM oparl_objects WHERE paper_id = ?",
                        (old_pid,)).fetchone() is None:
            move_paper_rows(conn, old_pid, pid)
            remove_paper(conn, old_pid)
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
                     "VALUES (?, ?, ?, ?)", [(f, oparl_id, role, name) for f, role, name in files])
    # files already stored follow the plan: roles updated, files no longer listed detached
    for f, role, _ in files:
        frow = file_state(conn, f)
        if frow is not None:
            link_file(conn, pid, frow[0], role, replace=True)
    conn.execute(
        "DELETE FROM paper_files WHERE paper_id = ? AND file_id IN (SELECT f.id FROM "
        "paper_files pf JOIN files f ON f.id = pf.file_id WHERE pf.paper_id = ? AND "
        "f.kind = 'oparl' AND NOT EXISTS (SELECT 1 FROM oparl_file_papers fp JOIN "
        "oparl_objects o ON o.id = fp.paper WHERE fp.file = f.path AND o.paper_id = ?))",
        (pid, pid, pid))
    return ("new" if row is None or row[0] is None else "updated"), pid


def has_oparl_record(conn: sqlite3.Connection, pid: int, oparl_id: str) -> bool:
    """Whether the paper keeps this OParl Paper's record among its sources: a paper an earlier
    version imported keeps its row as that record; one whose record an earlier version let a
    text copy overwrite does not, and the next import stores the record again."""
    row = conn.execute("SELECT data FROM papers WHERE id = ?", (pid,)).fetchone()
    data = json.loads(row[0]) if row is not None and row[0] else {}
    return "sources" not in data or oparl_id in data["sources"]


def move_paper_rows(conn: sqlite3.Connection, old: int, new: int) -> None:
    """The paper ``old`` becomes ``new`` (its OParl Paper now reads as new's identity, which
    another paper has): its files, their consultations and what its texts added go to ``new``
    first, so removing ``old`` removes nothing but the paper row and what is derived from it
    (as a folder import, which stores both under one paper from the start)."""
    conn.execute("INSERT OR IGNORE INTO paper_files (paper_id, file_id, role) "
                 "SELECT ?, file_id, role FROM paper_files WHERE paper_id = ?", (new, old))
    conn.execute("DELETE FROM paper_files WHERE paper_id = ?", (old,))
    conn.execute("UPDATE consultations SET paper_id = ? WHERE paper_id = ?", (new, old))
    conn.execute("UPDATE oparl_consultations SET paper_id = ? WHERE paper_id = ?", (new, old))
    merge_sources(conn, old, new)


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


def put_oparl_file(conn: sqlite3.Connection, *, oparl_id: str, name: str, council: str,
                   sha256: str, size: int, doc, ext, page_clean: list[str] | list[bytes],
                   links: list[tuple[int, str]], warnings: list[str] | None = None,
                   page_restore: list[bytes | None] | None = None
                   ) -> tuple[Stored, set[int]]:
    """One OParl File (its text read into ``doc`` and extracted into ``ext``; both None for a
    File without text), attached to ``links`` [(paper id, role)]. Returns what was stored and
    the papers whose graph edges its text may change."""
    warn = json.dumps(list(warnings or ()) + list(doc.warnings if doc is not None else ()),
                      ensure_ascii=False)
    old = file_state(conn, oparl_id)
    if old is not None and old[1] == sha256:
        for pid, role in links:
            link_file(conn, pid, old[0], role)
        clear_failure(conn, oparl_id)
        return Stored("unchanged", old[0], None), set()
    npages = len(doc.pages) if doc is not None else 0
    file_id, old_papers = put_file(conn, path=oparl_id, name=name, kind="oparl", sha256=sha256,
                                   size=size, pages=npages, council=council, warnings=warn)
    if doc is not None:
        insert_pages(conn, file_id, doc, page_clean, page_restore)
    if ext is not None:
        insert_mentions(conn, file_id, ext)
    for pid, role in links:
        link_file(conn, pid, file_id, role, replace=True)
        if ext is not None:
            insert_consultations(conn, pid, file_id, ext.consultations)
        if ext is not None and role == "main":
            fill_oparl_record(conn, pid, signatory=ext.paper.signatory,
                              budget=ext.paper.budget)
    meta = json.dumps(ext.paper.to_json(), ensure_ascii=False) if ext is not None else None
    _put_object(conn, oparl_id, "File", council=council, file_id=file_id, text_meta=meta)
    if ext is None:
        conn.execute("UPDATE oparl_objects SET text_meta = NULL WHERE id = ?", (oparl_id,))
    clear_failure(conn, oparl_id)
    # the main text makes the paper's edges; an attachment's references its attachment_cites
    touched = {p for p, _ in links} | set(old_papers)
    stored = Stored("replaced" if old is not None else "new", file_id,
                    links[0][0] if links else None)
    return stored, touched


def remove_paper(conn: sqlite3.Connection, pid: int, oparl_id: str | None = None) -> bool:
    """Remove a paper that OParl deleted: its own files, facts and OParl rows, and the stubs
    and nodes only it needed; a paper that something still cites stays as a stub, and one that
    files read by ``grdrs ingest`` describe too stays with what they say, OParl's record
    (``oparl_id``) no longer among its sources (returns True for both: their edges are the
    rules' to build again)."""
    old_dst, old_nodes = targets_of(conn, pid)
    files = [r[0] for r in conn.execute(
        "SELECT pf.file_id FROM paper_files pf JOIN files f ON f.id = pf.file_id "
        "WHERE pf.paper_id = ? AND f.kind = 'oparl'", (pid,))]
    kept = conn.execute("SELECT 1 FROM paper_files WHERE paper_id = ? AND file_id NOT IN "
                        "(SELECT value FROM json_each(?))", (pid, json.dumps(files))).fetchone()
    for fid in files:
        conn.execute("DELETE FROM paper_files WHERE paper_id = ? AND file_id = ?", (pid, fid))
        conn.execute("DELETE FROM consultations WHERE paper_id = ? AND file_id = ?", (pid, fid))
        if conn.execute("SELECT 1 FROM paper_files WHERE file_id = ?", (fid,)).fetchone() is None:
            delete_file_rows(conn, fid)
            conn.execute("DELETE FROM oparl_objects WHERE +type = 'File' AND file_id = ?",
                         (fid,))
            conn.execute("DELETE FROM files WHERE id = ?", (fid,))
    for table in ("oparl_consultations", "oparl_checks", "oparl_issues"):
        conn.execute(f"DELETE FROM {table} WHERE paper_id = ?", (pid,))
    if kept is not None:
        if oparl_id is not None:
            forget_file_paper(conn, pid, oparl_id)
        return True
    for table, col in (("consultations", "paper_id"), ("edges", "src")):
        conn.execute(f"DELETE FROM {table} WHERE {col} = ?", (pid,))
    stays = conn.execute("SELECT 1 FROM edges WHERE dst = ? LIMIT 1", (pid,)).fetchone() is not None
    if stays:
        set_stub(conn, pid)
    else:
        conn.execute("DELETE FROM papers WHERE id = ?", (pid,))
    collect_garbage(conn, old_dst, old_nodes)
    return stays


def remove_oparl_object(conn: sqlite3.Connection, oid: str) -> tuple[str | None, set[int]]:
    """Apply ``deleted: true`` inside the caller's transaction: remove what the object
    became. Returns the type of what was removed ("Paper", "File", …; None if it was not
    stored) and the papers whose graph edges must be built again (those whose OParl links
    named a removed Paper, those that lost a File)."""
    row = conn.execute("SELECT type, paper_id, file_id FROM oparl_objects WHERE id = ?",
                       (oid,)).fetchone()
    if row is None:
        return None, set()
    otype, pid, fid = row
    touched: set[int] = set()
    if otype == "Paper" and pid is not None:
        touched = oparl_papers_linking(conn, [pid]) - {pid}
    conn.execute("DELETE FROM oparl_objects WHERE id = ?", (oid,))
    if otype == "Paper":
        conn.execute("DELETE FROM oparl_file_papers WHERE paper = ?", (oid,))
        conn.execute("DELETE FROM oparl_links WHERE src = ?", (oid,))
        conn.execute("DELETE FROM oparl_consultations WHERE oparl_paper = ?", (oid,))
        if pid is not None and conn.execute("SELECT 1 FROM oparl_objects WHERE paper_id = ?",
                                            (pid,)).fetchone() is None:
            if remove_paper(conn, pid, oid):
                touched.add(pid)  # a stub now (its stub edges), or a paper of other files
    elif otype == "File" and fid is not None:
        touched = set(paper_ids_of_file(conn, fid))
        delete_file(conn, fid)
        conn.execute("DELETE FROM oparl_file_papers WHERE file = ?", (oid,))
    return otype, touched


def oparl_check_input(conn: sqlite3.Connection, pid: int) -> dict[str, object] | None:
    """What `grdrs quality` compares for one paper: OParl's statements and its main text's."""
    paper = conn.execute("SELECT council, number, name, date, type FROM papers WHERE id = ?",
                         (pid,)).fetchone()
    if paper is None:
        return None
    fid = main_file(conn, pid)
    out: dict[str, object] = {
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
        out["pages"] = file_pages(conn, fid)
        meta = conn.execute("SELECT text_meta FROM oparl_objects WHERE file_id = ? AND "
                            "+type = 'File'", (fid,)).fetchone()
        out["text_meta"] = json.loads(meta[0]) if meta and meta[0] else None
        out["text_consultations"] = [tuple(r) for r in conn.execute(
            "SELECT committee, date FROM consultations WHERE paper_id = ? AND file_id = ? "
            "ORDER BY seq", (pid, fid))]
        out["cited"] = reference_values(conn, fid)
    return out


def oparl_papers_linking(conn: sqlite3.Connection, pids: Iterable[int]) -> set[int]:
    """Papers whose OParl links point at one of ``pids`` (their checks depend on them)."""
    out: set[int] = set()
    ids = list(pids)
    try:
        conn.execute("SELECT 1 FROM oparl_links LIMIT 1")
    except sqlite3.OperationalError:  # no OParl import into this database yet
        return out
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out.update(r[0] for r in conn.execute(
            "SELECT a.paper_id FROM oparl_links l JOIN oparl_objects a ON a.id = l.src "
            "JOIN oparl_objects b ON b.id = l.dst WHERE a.paper_id IS NOT NULL AND b.paper_id IN "
            f"({', '.join('?' * len(chunk))})", chunk))
    return out


def store_oparl_checks(conn: sqlite3.Connection,
                       checks: list[tuple[int, str, dict, list[tuple[str, object, object]]]]) -> None:
    """Replace the checks and issues of some papers: (paper id, council, summary, issues)."""
    with tx(conn):
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


def oparl_sync_put(conn: sqlite3.Connection, source: str, lst: str, **values: object) -> None:
    """Update the sync state of one list (keys: since, next_url, started, watermark)."""
    with tx(conn):
        conn.execute("INSERT OR IGNORE INTO oparl_sync (source, list) VALUES (?, ?)",
                     (source, lst))
        for k, v in values.items():
            if k not in ("since", "next_url", "started", "watermark"):
                raise ValueError(k)
            conn.execute(f"UPDATE oparl_sync SET {k} = ? WHERE source = ? AND list = ?",
                         (v, source, lst))


def oparl_quality(conn: sqlite3.Connection, examples: int = 5) -> dict[str, object]:
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
