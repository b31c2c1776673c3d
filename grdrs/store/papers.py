"""Papers and their identity: the ``papers`` and ``paper_files`` tables.

``papers``       one row per paper, identified by ``key`` (council|series|number|suffix, see
                 :func:`paper_key`); ``stub = 1`` for papers known only because something cites
                 them (they keep the ``cited_title`` they were cited with).
``paper_files``  which files belong to which paper (many-to-many), with role ``main`` or
                 ``attachment``; :func:`main_file` says which file speaks for a paper.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
import os
from collections import namedtuple

from .db import id_array

PAPER_COLUMNS = ("id", "council", "series", "number", "suffix", "name", "type", "date", "title",
                 "cited_title", "department", "signatory", "budget", "fictional", "stub")

# Which file of a paper speaks for it when it has several (seed.pdf and seed.txt): PDF first.
_KIND_RANK = "CASE f.kind WHEN 'pdf' THEN 0 WHEN 'html' THEN 1 WHEN 'oparl' THEN 2 ELSE 3 END"


def paper_key(council: str, series: str, number: str | None, suffix: str | None = None,
              name: str | None = None) -> str:
    """The identity of a paper (interfaces.md): council|series|number|suffix, or a file name."""
    if number:
        return f"{council}|{series}|{number}|{suffix or ''}"
    return f"{council}|file|{name}"


# what storing a file did: status "new" | "replaced" | "unchanged", file id, paper id or None
Stored = namedtuple("Stored", "status file_id paper_id")


def reference_series(kind: str, main_series: str) -> str:
    """The series a reference of this kind points into (``paper`` → the council's own)."""
    return main_series if kind == "paper" else kind


def paper_identity(ext, path: str, main_series: str) -> tuple[str, dict[str, object]]:
    """Key and columns of the paper a file's extraction describes."""
    import json  # (not at import: the query commands start without it)
    meta = ext.paper
    base = os.path.splitext(path)[0]
    council = ext.council
    series = meta.series or main_series
    own = next((c for c in ext.consultations), None)
    known = ([own.committee or "", own.date or ""] if own else ["", ""]) + (
        [meta.protocol.number or "", meta.protocol.top or ""] if meta.protocol else ["", ""])
    # minutes are told apart by their number or TOP, or their committee and date; minutes
    # printing none of them (a council without a profile) are each their own file's paper
    if series == "niederschrift" and meta.protocol is not None and (
            known[2] or known[3] or (known[0] and known[1])):
        number = "|".join(known)
        key = f"{council}|niederschrift|{number}"
        display = meta.protocol.number
    elif meta.number:
        key = paper_key(council, series, meta.number, meta.suffix)
        display = meta.number
    else:
        key = paper_key(council, series, None, name=base)
        display = None
    name = display or os.path.basename(base)
    cols = {"council": council, "series": series, "number": display, "suffix": meta.suffix,
            "name": name, "type": meta.type, "date": meta.date, "title": meta.title,
            "department": meta.department, "signatory": meta.signatory, "budget": meta.budget,
            "fictional": int(bool(meta.fictional)), "stub": 0,
            "data": json.dumps({"attachments": list(meta.attachments),
                                "protocol": meta.to_json()["protocol"],
                                "number_source": meta.number_source}, ensure_ascii=False)}
    return key, cols


def upsert_paper(conn: sqlite3.Connection, key: str, cols: dict[str, object]) -> int:
    row = conn.execute("SELECT id FROM papers WHERE key = ?", (key,)).fetchone()
    if row is None:
        names = ["key", *cols]
        conn.execute(f"INSERT INTO papers ({', '.join(names)}) VALUES "
                     f"({', '.join('?' * len(names))})", [key, *cols.values()])
        return conn.execute("SELECT id FROM papers WHERE key = ?", (key,)).fetchone()[0]
    conn.execute(f"UPDATE papers SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
                 [*cols.values(), row[0]])
    return row[0]


def protocol_specific(key: str, number: str | None, date: str | None = None,
                      top: bool = False) -> str:
    """A Niederschrift's specific name: its number with committee and date ("Niederschrift 66
    (Verwaltungsausschuss, 2019-03-28)"), from its key council|niederschrift|committee|date|
    number|top; with ``top`` also its TOP."""
    parts = key.split("|")
    committee, when, tops = (parts[2], parts[3], parts[5]) if len(parts) >= 6 else ("", "", "")
    bits = [b for b in (committee, when or date or "", f"TOP {tops}" if top and tops else "")
            if b]
    return f"Niederschrift {number}" + (f" ({', '.join(bits)})" if bits else "")


def qualify_protocols(conn: sqlite3.Connection, council: str, number: str | None) -> None:
    """Numbering of Niederschriften restarts per committee and year: when several share a
    number, each is named by its specific name (committee and date, and the TOP if those
    agree too), which ``grdrs papers`` then prints and a REF names back."""
    if not number:
        return
    rows = conn.execute("SELECT id, key, date, name FROM papers WHERE council = ? AND "
                        "series = 'niederschrift' AND number = ? AND stub = 0",
                        (council, number)).fetchall()
    if len(rows) < 2:
        return
    names = {r[0]: protocol_specific(r[1], number, r[2]) for r in rows}
    if len(set(names.values())) < len(names):
        names = {r[0]: protocol_specific(r[1], number, r[2], top=True) for r in rows}
    for r in rows:
        if r[3] != names[r[0]]:
            conn.execute("UPDATE papers SET name = ? WHERE id = ?", (names[r[0]], r[0]))


def file_paper_base(key: str) -> str | None:
    """The path (without suffix) of the file a paper without an own number is named by (its
    key council|file|path), else None."""
    parts = key.split("|", 2)
    return parts[2] if len(parts) == 3 and parts[1] == "file" else None


def qualify_file_names(conn: sqlite3.Connection, keys: Iterable[str]) -> None:
    """Papers named by their file (no own number) whose files have one name in several folders
    (``a/ka_1004.txt``, ``b/ka_1004.txt``) are each named by the shortest tail of their path
    that none of the others ends in (``a/ka_1004``, ``b/ka_1004``), which ``grdrs papers``
    prints and a REF names back (:func:`papers_by_path_tail`); one left alone is named by its
    file name again."""
    from collections import Counter
    from pathlib import PurePath

    for name in {os.path.basename(b) for b in map(file_paper_base, keys) if b}:
        rows = papers_by_path_tail(conn, name)
        parts = {r["id"]: PurePath(file_paper_base(r["key"]) or "").parts for r in rows}
        tails = Counter(ps[-k:] for ps in parts.values() for k in range(1, len(ps) + 1))
        for r in rows:
            ps = parts[r["id"]]
            k = next((k for k in range(1, len(ps)) if tails[ps[-k:]] == 1), len(ps))
            new = str(PurePath(*ps[-k:])) if ps else r["name"]
            if r["name"] != new:
                conn.execute("UPDATE papers SET name = ? WHERE id = ?", (new, r["id"]))


def papers_by_path_tail(conn: sqlite3.Connection, tail: str) -> list[sqlite3.Row]:
    """The papers named by their file whose path (without suffix) ends in ``tail``: a file
    name (``ka_1004``), a tail of folders and file name (``a/ka_1004``) or the whole path."""
    t = tail.strip().replace("/", os.sep).rstrip(os.sep)
    if not t:
        return []
    return conn.execute(
        f"SELECT {', '.join(PAPER_COLUMNS)}, key FROM papers WHERE number IS NULL AND "
        f"instr(key, '|file|') > 0 AND (substr(key, -?) = ? OR substr(key, -?) = ?) "
        f"ORDER BY stub, id", (len(t) + 1, os.sep + t, len(t) + 6, "|file|" + t)).fetchall()


def protocol_names(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    """The specific name of each Niederschrift among ``ids``."""
    rows = conn.execute("SELECT id, key, number, date FROM papers WHERE series = "
                        "'niederschrift' AND id IN (SELECT value FROM json_each(?))",
                        (id_array(sorted(set(ids))),)).fetchall()
    return {r[0]: protocol_specific(r[1], r[2], r[3]) for r in rows}


# Metadata a paper's sources each state; the paper shows what they say merged field by field.
MERGED = ("type", "date", "title", "department", "signatory", "budget")
# A paper's sources (``data.sources``): the OParl Paper it was imported from (its metadata, the
# council's own record of the paper, keyed by its OParl id) and each file that describes it.
# Per field the first that states it speaks for the paper: OParl's record, then PDF, HTML, an
# OParl File's text, a text file (then the oldest file; two OParl Papers of one identity: by id).
OPARL_PAPER = "oparl-paper"
_KIND_ORDER = {OPARL_PAPER: 0, "pdf": 1, "html": 2, "oparl": 3}


def store_file_paper(conn: sqlite3.Connection, key: str, cols: dict[str, object], *, path: str,
                     kind: str, file_id: int | None = None) -> int:
    """Insert or update the paper one source describes (a file at ``path``, or with ``kind``
    OPARL_PAPER the OParl Paper of that id), merging what each of its sources says
    (``data.sources``): per field the first value in the order OParl's record, PDF, HTML,
    OParl File text, text (then the oldest file), so the result does not depend on the order
    of ingest; fields on which sources disagree are kept in ``data.disagreements``
    ({field: [{"value", "file", "kind"}]}). A field ``cols`` does not hold keeps what this
    source said before (what an OParl paper's main text added to OParl's record)."""
    import json  # (not at import: the query commands start without it)
    sources = _sources(conn, key)
    prev = sources.pop(path, {})
    sources[path] = {"kind": kind, "file": file_id, "fictional": cols.get("fictional", 0),
                     "stub": cols.get("stub", 0), "name": cols.get("name"),
                     "data": json.loads(cols["data"]) if cols.get("data") else {},
                     **{f: cols[f] if f in cols else prev.get(f) for f in MERGED}}
    return upsert_paper(conn, key, {**cols, **_merged(sources)})


def _sources(conn: sqlite3.Connection, key: str) -> dict[str, dict[str, object]]:
    """The sources of the paper with this key; a paper an earlier version imported from OParl
    (no ``sources`` kept) has its stored row as its OParl record."""
    import json  # (not at import: the query commands start without it)
    row = conn.execute("SELECT * FROM papers WHERE key = ?", (key,)).fetchone()
    if row is None:
        return {}
    data = json.loads(row["data"]) if row["data"] else {}
    if "sources" in data:
        return dict(data["sources"])
    oparl = data.get("oparl") if isinstance(data.get("oparl"), dict) else {}
    if row["stub"] or not oparl.get("id"):
        return {}
    own = {k: v for k, v in data.items() if k not in ("sources", "disagreements")}
    return {oparl["id"]: {"kind": OPARL_PAPER, "file": None, "fictional": row["fictional"],
                          "stub": row["stub"], "name": row["name"], "data": own,
                          **{f: row[f] for f in MERGED}}}


def fill_oparl_record(conn: sqlite3.Connection, paper_id: int, **said: object) -> None:
    """What an OParl paper's main text adds to OParl's record where OParl says nothing
    (signatory, budget): kept in that record, so every later merge keeps it."""
    key = paper_key_of(conn, paper_id)
    sources = _sources(conn, key) if key is not None else {}
    oparl = [src for src in sources.values() if src.get("kind") == OPARL_PAPER]
    if not oparl:
        return
    for src in oparl:
        for f, v in said.items():
            if src.get(f) in (None, "") and v not in (None, ""):
                src[f] = v
    upsert_paper(conn, key, _merged(sources))


def merge_sources(conn: sqlite3.Connection, old: int, new: int) -> None:
    """The paper ``old`` becomes ``new``: ``new`` gains what ``old``'s sources said (a source
    both have keeps new's values and old's where new's say nothing)."""
    key = paper_key_of(conn, new)
    old_key = paper_key_of(conn, old)
    if key is None or old_key is None:
        return
    sources = _sources(conn, old_key)
    for p, src in _sources(conn, key).items():
        sources[p] = {**sources.get(p, {}),
                      **{k: v for k, v in src.items() if v not in (None, "", [], {})}}
    if sources:
        upsert_paper(conn, key, _merged(sources))


def forget_file_paper(conn: sqlite3.Connection, paper_id: int, path: str) -> None:
    """A file no longer describes this paper (its new version describes another): merge
    what the paper's other sources say."""
    key = paper_key_of(conn, paper_id)
    if key is None:
        return
    sources = _sources(conn, key)
    if path in sources and len(sources) > 1:
        del sources[path]
        upsert_paper(conn, key, _merged(sources))


def _merged(sources: dict[str, dict[str, object]]) -> dict[str, object]:
    import json  # (not at import: the query commands start without it)
    ranked = sorted(sources.items(), key=lambda kv: (_KIND_ORDER.get(kv[1]["kind"], 4),
                                                     kv[1].get("file") or 0, kv[0]))
    cols: dict[str, object] = {}
    disagreements = {}
    for field in MERGED:
        stated = [(p, src) for p, src in ranked if src.get(field) not in (None, "")]
        cols[field] = stated[0][1][field] if stated else None
        if len({" ".join(str(src[field]).split()) for _, src in stated}) > 1:
            disagreements[field] = [{"value": src[field], "file": p, "kind": src["kind"]}
                                    for p, src in stated]
    cols["fictional"] = int(any(src.get("fictional") for _, src in ranked))
    cols["stub"] = int(all(src.get("stub") for _, src in ranked))
    name = next((src["name"] for _, src in ranked if src.get("name")), None)
    if name is not None:
        cols["name"] = name
    data: dict[str, object] = {}
    for _, src in ranked:  # per key, the first source that states it
        for k, v in (src.get("data") or {}).items():
            if v not in (None, "", [], {}) and k not in data:
                data[k] = v
    data.setdefault("attachments", [])
    data["sources"] = dict(ranked)
    data["disagreements"] = disagreements
    cols["data"] = json.dumps(data, ensure_ascii=False)
    return cols


def rekey_paper(conn: sqlite3.Connection, paper_id: int, key: str) -> None:
    """Give a paper a new key unless another paper has it."""
    cur = conn.execute("SELECT key FROM papers WHERE id = ?", (paper_id,)).fetchone()
    taken = conn.execute("SELECT 1 FROM papers WHERE key = ?", (key,)).fetchone()
    if cur is not None and cur[0] != key and taken is None:
        conn.execute("UPDATE papers SET key = ? WHERE id = ?", (key, paper_id))


def ensure_stub(conn: sqlite3.Connection, council: str, series: str, number: str,
                suffix: str | None, cited_title: str | None) -> tuple[int, bool]:
    """The paper with this identity, inserted as a stub if absent. Returns (id, whether the
    stub is new or just gained its cited title, so its own edges need computing)."""
    key = paper_key(council, series, number, suffix)
    row = conn.execute("SELECT id, cited_title, stub FROM papers WHERE key = ?",
                       (key,)).fetchone()
    if row is not None:
        if cited_title and not row[1]:
            conn.execute("UPDATE papers SET cited_title = ? WHERE id = ?", (cited_title, row[0]))
            return row[0], bool(row[2])
        return row[0], False
    conn.execute("INSERT INTO papers (key, council, series, number, suffix, name, cited_title,"
                 " stub) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                 (key, council, series, number, suffix, number, cited_title))
    return conn.execute("SELECT id FROM papers WHERE key = ?", (key,)).fetchone()[0], True


def link_file(conn: sqlite3.Connection, paper_id: int, file_id: int, role: str = "main", *,
              replace: bool = False) -> None:
    verb = "REPLACE" if replace else "IGNORE"
    conn.execute(f"INSERT OR {verb} INTO paper_files (paper_id, file_id, role) VALUES (?, ?, ?)",
                 (paper_id, file_id, role))


def paper_ids_of_file(conn: sqlite3.Connection, file_id: int) -> list[int]:
    """The papers a stored file belongs to."""
    return [r[0] for r in conn.execute("SELECT paper_id FROM paper_files WHERE file_id = ?",
                                       (file_id,))]


def main_file(conn: sqlite3.Connection, paper_id: int) -> int | None:
    """The file that speaks for a paper: role 'main' before 'attachment' (OParl), then PDF
    before HTML before text, then the oldest."""
    row = conn.execute(
        f"SELECT f.id FROM paper_files pf JOIN files f ON f.id = pf.file_id "
        f"WHERE pf.paper_id = ? ORDER BY pf.role != 'main', {_KIND_RANK}, f.id LIMIT 1",
        (paper_id,)).fetchone()
    return None if row is None else row[0]


def attachment_files(conn: sqlite3.Connection, paper_id: int) -> list[tuple[int, str]]:
    """(file id, name) of a paper's files other than its main file, oldest first."""
    main = main_file(conn, paper_id)
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT f.id, f.name FROM paper_files pf JOIN files f ON f.id = pf.file_id "
        "WHERE pf.paper_id = ? AND f.id != ? ORDER BY f.id", (paper_id, main or -1))]


def paper_row(conn: sqlite3.Connection, paper_id: int) -> sqlite3.Row | None:
    """Every column of a paper (including ``key``, ``stub`` and ``data``)."""
    return conn.execute("SELECT * FROM papers WHERE id = ?", (paper_id,)).fetchone()


def set_stub(conn: sqlite3.Connection, paper_id: int) -> None:
    """The paper is known only from citations now (its files are gone or describe another
    paper): it keeps its identity and the title it was cited with, nothing its files said."""
    conn.execute("UPDATE papers SET stub = 1, type = NULL, date = NULL, title = NULL, "
                 "department = NULL, signatory = NULL, budget = NULL, fictional = 0, "
                 "data = NULL WHERE id = ?", (paper_id,))


def delete_paper_row(conn: sqlite3.Connection, paper_id: int) -> None:
    conn.execute("DELETE FROM consultations WHERE paper_id = ?", (paper_id,))
    conn.execute("DELETE FROM papers WHERE id = ?", (paper_id,))


def paper_ids(conn: sqlite3.Connection, *, stub: bool | None = None) -> list[tuple[int, str]]:
    """(id, council) of every paper, or of the stubs / non-stubs."""
    where = "" if stub is None else f" WHERE stub = {int(stub)}"
    return [(r[0], r[1]) for r in conn.execute(f"SELECT id, council FROM papers{where}")]


# -- reading ----------------------------------------------------------------------------------

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
                council: str | None = None, name: str | None = None,
                number_prefix: str | None = None) -> list[sqlite3.Row]:
    """Papers matching a parsed REF (see :mod:`grdrs.refs`); ``number_prefix``: papers whose
    number begins so (a number stored whole with its suffix)."""
    where, args = [], []
    if number_prefix is not None:
        where.append("number >= ? AND number < ?")
        args += [number_prefix, number_prefix + "\U0010ffff"]
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


def main_paths(conn: sqlite3.Connection, paper_ids: Iterable[int]) -> dict[int, str]:
    """paper id → the path of the file that speaks for it (see :func:`main_file`)."""
    out = {}
    for pid in paper_ids:
        fid = main_file(conn, pid)
        if fid is not None:
            out[pid] = conn.execute("SELECT path FROM files WHERE id = ?", (fid,)).fetchone()[0]
    return out


def papers_of_file(conn: sqlite3.Connection, paths: Iterable[str]) -> list[sqlite3.Row]:
    """The papers holding the stored file at one of ``paths`` (a REF naming a file)."""
    p = list(dict.fromkeys(paths))
    return conn.execute(
        f"SELECT {', '.join('p.' + c for c in PAPER_COLUMNS)} FROM files f "
        f"JOIN paper_files pf ON pf.file_id = f.id JOIN papers p ON p.id = pf.paper_id "
        f"WHERE f.path IN ({', '.join('?' * len(p))}) ORDER BY p.stub, p.id", p).fetchall()


def paper_files(conn: sqlite3.Connection, paper_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        f"SELECT f.id, f.path, f.name, f.kind, f.pages, f.sha256, f.ingested_at, pf.role "
        f"FROM paper_files pf JOIN files f ON f.id = pf.file_id WHERE pf.paper_id = ? "
        f"ORDER BY pf.role != 'main', {_KIND_RANK}, f.id", (paper_id,)).fetchall()


def paper_data(conn: sqlite3.Connection, paper_id: int) -> dict[str, object]:
    import json  # (not at import: the query commands start without it)
    row = conn.execute("SELECT data FROM papers WHERE id = ?", (paper_id,)).fetchone()
    return json.loads(row[0]) if row and row[0] else {}


def paper_ids_by_key(conn: sqlite3.Connection) -> dict[str, int]:
    """Store id of each paper by its key (the graph's node id)."""
    return dict(conn.execute("SELECT key, id FROM papers").fetchall())


def paper_key_of(conn: sqlite3.Connection, paper_id: int) -> str | None:
    row = conn.execute("SELECT key FROM papers WHERE id = ?", (paper_id,)).fetchone()
    return None if row is None else row[0]


def paper_by_id(conn: sqlite3.Connection, paper_id: int) -> sqlite3.Row | None:
    return conn.execute(f"SELECT {', '.join(PAPER_COLUMNS)} FROM papers WHERE id = ?",
                        (paper_id,)).fetchone()


def papers_by_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, sqlite3.Row]:
    rows = conn.execute(f"SELECT {', '.join(PAPER_COLUMNS)}, data FROM papers "
                        f"WHERE id IN (SELECT value FROM json_each(?))",
                        (id_array(sorted(set(ids))),)).fetchall()
    return {r["id"]: r for r in rows}
