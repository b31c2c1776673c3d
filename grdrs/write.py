"""The write path: one source file (or OParl object) in ONE transaction — its rows through
:mod:`grdrs.store`, then the graph edges :mod:`grdrs.graph.rules` derives from them — so a
kill at any moment leaves either the old state or the new one, never half of it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from . import store
from .graph import rules
from .store import files, oparl, papers


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """A writable connection; creates or migrates the database, and rebuilds the graph when a
    migration asks for it."""
    conn = store.connect(path, write=True)
    rules.ensure_graph(conn)
    return conn


def store_file(conn: sqlite3.Connection, *, path: str, sha256: str, size: int, doc, ext,
               page_clean: list[str] | list[bytes], main_series: str,
               page_restore: list[bytes | None] | None = None) -> papers.Stored:
    """Store one read file and its facts; replaces an older version of the same path."""
    with store.tx(conn):
        old = files.file_state(conn, path)
        if old is not None and old[1] == sha256:
            files.clear_failure(conn, path)
            return papers.Stored("unchanged", old[0], None)
        file_id, old_papers = files.put_file(
            conn, path=path, name=Path(path).name, kind=doc.kind, sha256=sha256, size=size,
            pages=len(doc.pages), council=ext.council,
            warnings=json.dumps(list(doc.warnings), ensure_ascii=False))
        files.insert_pages(conn, file_id, doc, page_clean, page_restore)
        files.insert_mentions(conn, file_id, ext)
        key, cols = papers.paper_identity(ext, path, main_series)
        paper_id = papers.store_file_paper(conn, key, cols, path=path, kind=doc.kind,
                                           file_id=file_id)
        if cols["series"] == "niederschrift":
            papers.qualify_protocols(conn, cols["council"], cols["number"])
        papers.link_file(conn, paper_id, file_id)
        files.insert_consultations(conn, paper_id, file_id, ext.consultations)
        files.clear_failure(conn, path)
        keys = [key, *(papers.paper_key_of(conn, pid) or "" for pid in old_papers)]
        for pid in {paper_id, *old_papers}:
            if pid != paper_id:
                papers.forget_file_paper(conn, pid, path)
            rules.rebuild_paper(conn, pid, main_series)
        papers.qualify_file_names(conn, keys)
    return papers.Stored("replaced" if old is not None else "new", file_id, paper_id)


def store_oparl_paper(conn: sqlite3.Connection, *, main_series: str, **kw: Any
                      ) -> tuple[str, int]:
    """One OParl Paper's metadata (see :func:`grdrs.store.oparl.put_oparl_paper`) and its
    edges. Returns (status, paper id)."""
    with store.tx(conn):
        status, pid = oparl.put_oparl_paper(conn, **kw)
        if status != "unchanged":
            rules.refresh_paper(conn, pid, main_series)
    return status, pid


def store_oparl_file(conn: sqlite3.Connection, *, main_series: str, **kw: Any
                     ) -> papers.Stored:
    """One OParl File and its text (see :func:`grdrs.store.oparl.put_oparl_file`); the papers
    it speaks for get their edges rebuilt."""
    with store.tx(conn):
        stored, touched = oparl.put_oparl_file(conn, **kw)
        for pid in touched:
            if papers.main_file(conn, pid) is not None:
                rules.rebuild_paper(conn, pid, main_series)
    return stored


def store_oparl_objects(conn: sqlite3.Connection, rows: list[dict[str, Any]], *,
                        main_series: str) -> set[int]:
    """Plain OParl objects in one transaction (see :func:`grdrs.store.oparl.put_oparl_objects`);
    papers whose meeting moved get their session edges again. Returns those papers."""
    with store.tx(conn):
        changed = oparl.put_oparl_objects(conn, rows)
        for pid in changed:
            if papers.paper_row(conn, pid) is not None:
                rules.refresh_paper(conn, pid, main_series)
    return changed


def delete_oparl_object(conn: sqlite3.Connection, oid: str, *, main_series: str) -> str | None:
    """Apply an OParl ``deleted: true`` and, in the same transaction, build again the edges of
    the papers it touched (links to a removed Paper, the facts of a removed File). Returns the
    type removed or None."""
    with store.tx(conn):
        otype, touched = oparl.remove_oparl_object(conn, oid)
        for pid in touched:
            if papers.paper_row(conn, pid) is not None:
                rules.refresh_paper(conn, pid, main_series)
    return otype
