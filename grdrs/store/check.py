"""The check index: SQL of `grdrs check` (grdrs/check.py) over ``amount_fts``.

``amount_fts`` (FTS5, DDL and triggers in :mod:`.db`) indexes every amount mention, rowid =
mentions.id: column ``subject`` the sentence around it, column ``value`` its value as a token
(``v57000x00``, a range also ``v300000x00``), so check finds the earlier statements about a
draft's amount — with the same value, or with similar words — without reading every amount.
``amount_fts_v`` (fts5vocab) gives each word's document frequency, so the query uses the
rarest words. Schema version 3 added them; a writer backfills the index from the stored
mentions when it creates it, and `grdrs check` on a read-only older database falls back to
scoring every stored amount (:func:`check_all_amounts`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from .db import mention_data


def has_check_index(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'amount_fts_v'").fetchone() \
        is not None


# FTS5 keeps one row per indexed amount in its shadow table ``amount_fts_docsize``: counted
# from that b-tree in microseconds, where ``count(*)`` on the index walks it (6-14 ms on the
# Karlsruhe archive's 108,641 amounts, each `grdrs check`)
_AMOUNT_COUNT = "SELECT count(*) FROM amount_fts_docsize"


def check_amount_count(conn: sqlite3.Connection) -> int:
    """How many amounts the check index holds (what a word's document frequency is out of)."""
    try:
        return conn.execute(_AMOUNT_COUNT).fetchone()[0]
    except sqlite3.OperationalError:  # an index made without its size table (columnsize=0)
        return conn.execute("SELECT count(*) FROM amount_fts").fetchone()[0]


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


_CHECK_COLS = ("m.id, m.value, m.value_to, m.page, m.text, m.start, m.\"end\", m.end_page, "
               "m.data, m.file_id, f.sha256, "
               "f.path, p.id AS paper_id, p.council, p.series, p.number, p.suffix, p.name, "
               "p.date, p.department, p.title, p.fictional")
_CHECK_JOIN = ("JOIN mentions m ON m.id = hit.id JOIN files f ON f.id = m.file_id "
               "JOIN paper_files pf ON pf.file_id = m.file_id JOIN papers p ON p.id = pf.paper_id")


def amount_data(row: sqlite3.Row) -> dict:
    """An amount row's fact as ``extract --json`` printed it (store.db.mention_data: schema 6
    keeps its values and span in the columns only)."""
    return mention_data("amount", row["value"], row["value_to"], row["text"], row["page"],
                        row["start"], row["end"], row["end_page"], row["data"])


_DATED = " AND (p.date IS NULL OR p.date <= ?)"


def _scope(before: str | None, councils: tuple[str, ...] | None) -> tuple[bool, int, list]:
    """The papers a draft is compared with: (dated on or before ``before``, undated papers
    too — or any date when None; how many ``councils`` it must be of — 0: any; their
    parameters). The caller writes the condition from :data:`_DATED` and as many
    placeholders (SQL from constants only)."""
    args: list = [] if before is None else [before]
    if councils is not None:
        args.extend(councils)
    return before is not None, len(councils) if councils is not None else 0, args


def check_candidates(conn: sqlite3.Connection, match: str, before: str | None,
                     limit: int = 150,
                     councils: tuple[str, ...] | None = None) -> list[sqlite3.Row]:
    """Amount mentions matching the FTS5 query ``match`` (best ``limit`` by bm25), in papers
    dated on or before ``before`` (undated papers too; all papers when ``before`` is None) of
    ``councils`` (None: any)."""
    dated, n, args = _scope(before, councils)
    where = (_DATED if dated else "") + (f" AND p.council IN ({', '.join('?' * n)})" if n else "")
    # bm25() called by name, not FTS5's `rank` column: the same figures and order, and a
    # third less time on a frequent term (the rank column goes through FTS5's own sorter)
    sql = (f"SELECT {_CHECK_COLS}, hit.rank FROM (SELECT rowid AS id, bm25(amount_fts) AS rank "
           f"FROM amount_fts WHERE amount_fts MATCH ? ORDER BY 2 LIMIT ?) hit {_CHECK_JOIN} "
           f"WHERE 1{where} ORDER BY hit.rank")
    rows = conn.execute(sql, [match, int(limit), *args]).fetchall()
    # a database of several councils: the best ``limit`` of the index may all be another
    # council's; look further until ``limit`` of these councils are found or none is left
    want = int(limit)
    while n and len(rows) < limit and conn.execute(_MORE, (match, want)).fetchone():
        want *= 4
        rows = conn.execute(sql, [match, want, *args]).fetchall()[:limit]
    return rows


def check_titled(conn: sqlite3.Connection, prefix: str, before: str | None,
                 councils: tuple[str, ...] | None = None,
                 most: int = 25) -> list[sqlite3.Row]:
    """The amount mentions of the papers whose title starts with ``prefix`` (a project's
    name), in papers dated on or before ``before`` of ``councils`` — none when more than
    ``most`` papers of those councils, at any date, are titled so (no project's name, a kind
    of paper: "Anfrage der …")."""
    dated, n, _ = _scope(before, councils)
    of = f" AND p.council IN ({', '.join('?' * n)})" if n else ""
    like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    titled = f"SELECT p.id FROM papers p WHERE p.title LIKE ? ESCAPE '\\'{of}"
    if len(conn.execute(f"{titled} LIMIT ?", [like, *(councils or ()), most + 1]).fetchall()) \
            > most:  # (counted at any date)
        return []
    ids = [r[0] for r in conn.execute(titled + (_DATED if dated else ""),
                                      [like, *(councils or ()), *([before] if dated else [])])]
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    # (the files first, then their amounts by mentions_file: by kind alone SQLite would read
    # every amount of the archive)
    return conn.execute(
        f"SELECT {_CHECK_COLS}, 0.0 AS rank FROM mentions m JOIN files f ON f.id = m.file_id "
        f"JOIN paper_files pf ON pf.file_id = m.file_id JOIN papers p ON p.id = pf.paper_id "
        f"WHERE m.file_id IN (SELECT file_id FROM paper_files WHERE paper_id IN ({marks})) "
        f"AND m.kind = 'amount' AND p.id IN ({marks})", [*ids, *ids]).fetchall()


# whether the index holds more than ``?`` matches (rows past the first ``?``)
_MORE = "SELECT 1 FROM amount_fts WHERE amount_fts MATCH ? LIMIT 1 OFFSET ?"


def check_restating_files(conn: sqlite3.Connection, values: Iterable[str], least: int,
                          limit: int = 20,
                          councils: tuple[str, ...] | None = None) -> list[int]:
    """Ids of the files stating at least ``least`` of ``values`` as amounts, the most first (the
    papers a draft restates), of papers of ``councils`` (None: any)."""
    v = sorted(set(values))
    # the values as bound parameters and no GROUP BY: the planner then reads them by the value
    # index (grouping by file_id, or a json_each list, can make it scan every mention)
    stated: dict[int, set[str]] = {}
    for i in range(0, len(v), 500):  # within SQLite's limit of bound parameters
        part = v[i:i + 500]
        for fid, value in conn.execute(
                f"SELECT file_id, value FROM mentions WHERE kind = 'amount' AND value IN "
                f"({', '.join('?' * len(part))})", part):
            stated.setdefault(fid, set()).add(value)
    ranked = sorted((f for f, vs in stated.items() if len(vs) >= least),
                    key=lambda f: (-len(stated[f]), f))
    if councils is not None and ranked:
        ours = {r[0] for r in conn.execute(
            f"SELECT pf.file_id FROM paper_files pf JOIN papers p ON p.id = pf.paper_id WHERE "
            f"pf.file_id IN (SELECT value FROM json_each(?)) AND p.council IN "
            f"({', '.join('?' * len(councils))})", (json.dumps(ranked), *councils))}
        ranked = [f for f in ranked if f in ours]
    return ranked[:limit]


def check_file_amounts(conn: sqlite3.Connection, file_ids: Iterable[int],
                       before: str | None,
                       councils: tuple[str, ...] | None = None) -> list[sqlite3.Row]:
    """Every amount of these files in reading order (page, offset), in papers dated on or
    before ``before`` (undated papers too) of ``councils`` (None: any)."""
    dated, n, args = _scope(before, councils)
    where = (_DATED if dated else "") + (f" AND p.council IN ({', '.join('?' * n)})" if n else "")
    return conn.execute(
        f"SELECT {_CHECK_COLS}, 0 AS rank FROM (SELECT id FROM mentions WHERE kind = 'amount' "
        f"AND file_id IN (SELECT value FROM json_each(?))) hit {_CHECK_JOIN} WHERE 1{where} "
        f"ORDER BY m.file_id, m.page, m.start, m.id",
        [json.dumps(sorted(set(file_ids))), *args]).fetchall()


def check_all_amounts(conn: sqlite3.Connection, before: str | None,
                      councils: tuple[str, ...] | None = None) -> list[sqlite3.Row]:
    """Every stored amount (fallback for a database without amount_fts, opened read-only)."""
    dated, n, args = _scope(before, councils)
    where = (_DATED if dated else "") + (f" AND p.council IN ({', '.join('?' * n)})" if n else "")
    return conn.execute(f"SELECT {_CHECK_COLS}, 0 AS rank FROM (SELECT id FROM mentions WHERE "
                        f"kind = 'amount') hit {_CHECK_JOIN} WHERE 1{where}", args).fetchall()


def check_councils(conn: sqlite3.Connection) -> list[str]:
    """The councils the database holds papers of (no index leads with the council: one pass
    over a covering index, 0.5 ms for the Karlsruhe archive's 11,450 papers)."""
    return [r[0] for r in conn.execute("SELECT DISTINCT council FROM papers ORDER BY 1")]


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
    # each file's amounts by the file index (``+value``: not by the value index, which the
    # planner prefers and which reads every statement of a common figure, 10.000 € in
    # thousands of papers): 4-6x less time over the calls of 34 real drafts
    for fid, value in conn.execute(
            "SELECT DISTINCT file_id, value FROM mentions WHERE kind = 'amount' AND file_id IN "
            "(SELECT value FROM json_each(?)) AND +value IN (SELECT value FROM json_each(?))",
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


def check_cited_files(conn: sqlite3.Connection, cites: Iterable[str]) -> list[int]:
    """The files of the papers cited as "series|number" ("vorlage|2021/0991")."""
    want = {tuple(c.split("|", 1)) for c in cites if "|" in c}
    if not want:
        return []
    numbers = json.dumps(sorted({n for _, n in want}))
    return [fid for fid, series, number in conn.execute(
        "SELECT pf.file_id, p.series, p.number FROM papers p JOIN paper_files pf "
        "ON pf.paper_id = p.id WHERE p.number IN (SELECT value FROM json_each(?))", (numbers,))
        if (series, number) in want]
