"""Files, pages, mentions, consultations and failures: what was read from each source file.

``files``         one row per source file, identified by its resolved path (or OParl File id);
                  ``sha256`` says whether it changed.
``pages``         each page's clean text, zlib-compressed (``clean_z``; the view ``page_texts``
                  shows it as text, ``pages_fts``, FTS5 with that view as its content,
                  indexes it, so Datasette offers search) and ``restore``, the few
                  edits that rebuild the text the reader returned from it (:mod:`grdrs.textdiff`):
                  every fact's offsets point into that text, :func:`page_text` gives it back.
``mentions``      every extracted fact: kind, value, page, start, end, surface text, and in
                  ``data`` the rest of its JSON (store.db.mention_data puts it together).
``consultations`` the sessions a paper went through (committee, purpose, date, result).
``failures``      files that could not be read, with the reason.

Functions here never open a transaction of their own unless named ``record_…``; the writer
that calls them (:mod:`grdrs.write`) wraps one file in one :func:`grdrs.store.db.tx`.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
import os

from . import snippets
from .db import MENTION_COLUMNS, id_array, mention_data, mention_rest, now, tx, unzip_text, zip_text


def file_sha(conn: sqlite3.Connection, file_id: int) -> str | None:
    """The sha256 of a stored file's bytes (None: no such file)."""
    row = conn.execute("SELECT sha256 FROM files WHERE id = ?", (file_id,)).fetchone()
    return row[0] if row else None


def file_state(conn: sqlite3.Connection, path: str) -> tuple[int, str] | None:
    row = conn.execute("SELECT id, sha256 FROM files WHERE path = ?", (path,)).fetchone()
    return None if row is None else (row[0], row[1])


def put_file(conn: sqlite3.Connection, *, path: str, name: str, kind: str, sha256: str,
             size: int, pages: int, council: str, warnings: str) -> tuple[int, list[int]]:
    """Insert a file or replace an older version's rows. Returns (file id, the papers the old
    version belonged to)."""
    old = file_state(conn, path)
    if old is None:
        cur = conn.execute(
            "INSERT INTO files (path, name, kind, sha256, size, pages, council, warnings,"
            " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (path, name, kind, sha256, size, pages, council, warnings, now()))
        return cur.lastrowid, []
    old_papers = [r[0] for r in conn.execute(
        "SELECT paper_id FROM paper_files WHERE file_id = ?", (old[0],))]
    delete_file_rows(conn, old[0])
    conn.execute("UPDATE files SET name=?, kind=?, sha256=?, size=?, pages=?, council=?,"
                 " warnings=?, ingested_at=? WHERE id=?",
                 (name, kind, sha256, size, pages, council, warnings, now(), old[0]))
    return old[0], old_papers


def insert_pages(conn: sqlite3.Connection, file_id: int, doc, page_clean: list[str | bytes],
                 page_restore: list[bytes | None] | None = None) -> None:
    """Each page once: its clean text (as text, or already compressed by the reader process
    with :func:`grdrs.store.db.zip_text`) and the edits back to the reader's text (computed here
    when the reader process did not bring them)."""
    from ..textdiff import restore_ops

    rows = []
    for i, p in enumerate(doc.pages):
        clean = page_clean[i] if i < len(page_clean) else ""
        ops = page_restore[i] if page_restore is not None and i < len(page_restore) else \
            restore_ops(unzip_text(clean), p.text)
        rows.append((file_id, p.number, clean if isinstance(clean, bytes) else zip_text(clean),
                     ops))
    conn.executemany("INSERT INTO pages (file_id, page, clean_z, restore) VALUES (?, ?, ?, ?)",
                     rows)


def page_text(conn: sqlite3.Connection, file_id: int, page: int) -> str | None:
    """The text the reader returned for one page (what offsets and quotes refer to)."""
    from ..textdiff import restore

    row = _page_row(conn, file_id, page, with_restore=True)
    return None if row is None else restore(unzip_text(row[0]), row[1])


def clean_pages(conn: sqlite3.Connection, file_id: int,
                pages: Iterable[int]) -> list[tuple[int, str]]:
    """(page, clean text) of some pages of a file (hyphens joined, running heads dropped); a
    database of schema < 6, read as it is, keeps it uncompressed in ``pages.clean``."""
    out = []
    for page in pages:
        row = _page_row(conn, file_id, page, with_restore=False)
        text = None if row is None else unzip_text(row[0])
        if text:
            out.append((page, text))
    return out


# One page's row, newest schema first: schema 6 keeps the clean text compressed, 5 as text, < 5
# kept the reader's text itself (and clean beside it).
_PAGE_TEXT = ("SELECT clean_z, restore FROM pages WHERE file_id = ? AND page = ?",
              "SELECT clean, restore FROM pages WHERE file_id = ? AND page = ?",
              "SELECT text, NULL FROM pages WHERE file_id = ? AND page = ?")
_PAGE_CLEAN = ("SELECT clean_z FROM pages WHERE file_id = ? AND page = ?",
               "SELECT clean FROM pages WHERE file_id = ? AND page = ?")


def _page_row(conn: sqlite3.Connection, file_id: int, page: int, *,
              with_restore: bool) -> tuple | None:
    """One page's (clean text, compressed or not[, restore ops]) from the first query whose
    columns this database has."""
    for sql in (_PAGE_TEXT if with_restore else _PAGE_CLEAN):
        try:
            return conn.execute(sql, (file_id, page)).fetchone()
        except sqlite3.OperationalError:  # no such column: an older schema
            continue
    return None


def insert_mentions(conn: sqlite3.Connection, file_id: int, ext) -> None:
    conn.executemany(
        'INSERT INTO mentions (file_id, kind, value, value_to, page, start, "end", end_page,'
        " text, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        list(mention_rows(file_id, ext)))


def insert_consultations(conn: sqlite3.Connection, paper_id: int, file_id: int,
                         consultations) -> None:
    conn.executemany(
        "INSERT INTO consultations (paper_id, file_id, seq, committee, purpose, public, date,"
        ' result, session, page, start, "end", text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
        [(paper_id, file_id, i, c.committee, c.purpose,
          None if c.public is None else int(c.public), c.date, c.result, c.session,
          *((c.span.page, c.span.start, c.span.end, c.span.text) if c.span else
            (None, None, None, None)))
         for i, c in enumerate(consultations)])


def mention_rows(file_id: int, ext) -> Iterator[tuple]:
    """The rows of ``mentions`` for an extraction (references, amounts, dates, committees,
    positions)."""
    import json  # (writing only: the query commands start without it)

    def row(kind: str, value, value_to, fact_json: dict) -> tuple:
        return (file_id, kind, value, value_to, fact_json.get("page"), fact_json.get("start"),
                fact_json.get("end"), fact_json.get("end_page"), fact_json.get("text"),
                json.dumps(mention_rest(kind, fact_json), ensure_ascii=False))

    for r in ext.references:
        yield row("reference", r.number, r.suffix, r.to_json())
    for a in ext.amounts:
        yield row("amount", a.value, a.value_to, a.to_json())
    for d in ext.dates:
        yield row(d.kind, d.from_, d.to, d.to_json())
    for c in ext.committees:
        yield row("committee", c.name, None, c.to_json())
    for p in ext.positions:
        yield row("position", p.grade, p.fte, p.to_json())


def delete_file_rows(conn: sqlite3.Connection, file_id: int) -> None:
    conn.execute("DELETE FROM pages WHERE file_id = ?", (file_id,))
    conn.execute("DELETE FROM mentions WHERE file_id = ?", (file_id,))
    conn.execute("DELETE FROM consultations WHERE file_id = ?", (file_id,))
    conn.execute("DELETE FROM paper_files WHERE file_id = ?", (file_id,))


def delete_file(conn: sqlite3.Connection, file_id: int) -> None:
    delete_file_rows(conn, file_id)
    conn.execute("DELETE FROM files WHERE id = ?", (file_id,))


def clear_failure(conn: sqlite3.Connection, path: str) -> None:
    conn.execute("DELETE FROM failures WHERE path = ?", (path,))


def record_failure(conn: sqlite3.Connection, path: str, sha256: str | None, reason: str) -> None:
    """Record that a file could not be read (own transaction); what was stored of it stays."""
    with tx(conn):
        conn.execute("INSERT OR REPLACE INTO failures (path, name, sha256, reason, at) "
                     "VALUES (?, ?, ?, ?, ?)", (path, os.path.basename(path), sha256, reason, now()))


# -- reading ----------------------------------------------------------------------------------

def mentions_of_file(conn: sqlite3.Connection, file_id: int | None,
                     kinds: Iterable[str] | None = None) -> list[tuple[str, dict]]:
    """(kind, JSON as ``extract`` printed it) of a file's facts, in text order."""
    if file_id is None:
        return []
    if kinds is None:
        rows = conn.execute(f"SELECT {MENTION_COLUMNS} FROM mentions WHERE file_id = ? "
                            "ORDER BY page, start", (file_id,)).fetchall()
    else:
        k = list(kinds)
        rows = conn.execute(
            f"SELECT {MENTION_COLUMNS} FROM mentions WHERE file_id = ? AND kind IN "
            f"({', '.join('?' * len(k))}) ORDER BY page, start", (file_id, *k)).fetchall()
    return [(r[0], mention_data(*r)) for r in rows]


def consultations_of_file(conn: sqlite3.Connection, paper_id: int,
                          file_id: int | None) -> list[sqlite3.Row]:
    return conn.execute(
        'SELECT committee, purpose, public, date, result, session, page, start, "end", text '
        "FROM consultations WHERE paper_id = ? AND file_id = ? ORDER BY seq",
        (paper_id, file_id)).fetchall()


def reference_values(conn: sqlite3.Connection, file_id: int) -> list[str]:
    """The numbers a file cites, in text order."""
    return [r[0] for r in conn.execute(
        "SELECT value FROM mentions WHERE file_id = ? AND kind = 'reference' "
        "ORDER BY page, start", (file_id,))]


def file_pages(conn: sqlite3.Connection, file_id: int) -> int:
    row = conn.execute("SELECT pages FROM files WHERE id = ?", (file_id,)).fetchone()
    return row[0] if row else 0


class BadQuery(ValueError):
    """A search query FTS5 cannot read (an operator without a word on each side)."""


OPERATORS = ("OR", "AND", "NOT")


MAX_PHRASE_WORDS = 100  # the words of a phrase searched at most


def fts_query(query: str, stems: bool = False) -> str:
    """The user's words as an FTS5 query: each word quoted (so 563/2023 or Sozial- work), in
    each of its German spellings (``("buerger" OR "bürger")``, ``Strasse``/``Straße``), a
    trailing ``*`` kept as a prefix search, OR/AND/NOT kept as operators between two terms,
    words in double quotes one phrase term, the OR of its spellings
    (:func:`snippets.phrase_forms`), ``*`` only on its last word.
    ``stems``: a word without ``*`` is the prefix of its stem (:func:`snippets.stem`), so it
    finds its inflected forms and compounds (``Radwege`` → ``"radweg"*``: Radwegen, Radweg,
    Radwegenetz); a phrase's words are not stemmed. Raises :class:`BadQuery` for an operator
    at either end or beside another one, or a phrase of more than :data:`MAX_PHRASE_WORDS`."""
    # a word without a letter or digit (`""`, `*`, `-`) is none: FTS5 would match nothing
    terms = [(kind, t) for kind, t in snippets.terms(query)
             if kind == "op" or snippets.has_word(" ".join(t))]
    out = []
    for i, (kind, term) in enumerate(terms):
        word = term[-1]
        if kind == "op":
            if i == 0 or i == len(terms) - 1 or terms[i - 1][0] == "op" or \
                    terms[i + 1][0] == "op":
                raise BadQuery(f"{word} goes between two words (Kita {word} Schule); to find "
                               f"the word itself, write it in lower case ({word.lower()})")
            out.append(word)
            continue
        if kind == "word" and word.startswith("-") and word.strip("-"):
            raise BadQuery(f"{word}: to leave a word out, write NOT between two words (Budget "
                           f"NOT {word.lstrip('-')}); to find it, write it without '-'")
        if any(w.endswith("*") and w.strip("*") for w in term[:-1]):
            raise BadQuery(f'"{" ".join(term)}": * makes a prefix only of a phrase\'s last word')
        star = "*" if word.endswith("*") else ""
        words = tuple(w.rstrip("*") for w in term)
        size = snippets.word_count(" ".join(words))
        if size > MAX_PHRASE_WORDS:  # FTS5's time grows with them (990 words: 6 s)
            said = " ".join(term)
            raise BadQuery(f'"{said[:40]}{"…" if len(said) > 40 else ""}": a phrase of {size} '
                           f"words; at most {MAX_PHRASE_WORDS} are searched, quote a part of it")
        if stems and not star and kind == "word" and word.isalpha() and len(word) > 3:
            # not a number, not 563/2023, not a short word ("in", "Rat": a prefix would be
            # most words); the stem first, then its spellings: one prefix in each
            star, words = "*", (snippets.stem(word.lower()),)
        forms = [f'"{" ".join(f)}"{star}' for f in snippets.phrase_forms(words)]
        out.append(forms[0] if len(forms) == 1 else f"({' OR '.join(forms)})")
    # words side by side are an implicit AND, which FTS5 does not allow beside a bracketed
    # group of spellings: such a run is written as one bracketed AND (the grouping FTS5 gives
    # a run, "Kita NOT (Neubau Schule)", kept)
    runs: list[list[str]] = [[]]
    for term in out:
        if term in OPERATORS:
            runs.append([term])
            runs.append([])
        else:
            runs[-1].append(term)
    return " ".join(f"({' AND '.join(run)})" if len(run) > 1 and any(t.startswith("(")
                                                                     for t in run)
                    else " ".join(run) for run in runs)


# How many pages match, and the best ``?`` of them: the FTS index alone, no page read.
_COUNT = "SELECT count(*) FROM pages_fts WHERE pages_fts MATCH ?"
# bm25() by name rather than FTS5's `rank` column: the same order, a third less time for a word
# on thousands of pages (Klimaschutz, 3,966 pages of the Karlsruhe archive: 4.4 -> 3.0 ms)
_RANKED = ("SELECT rowid FROM pages_fts WHERE pages_fts MATCH ? "
           "ORDER BY bm25(pages_fts) LIMIT ?")
# The best pages of the commonest words, ranked once after each write (``search_top``, schema
# 8): ranking a word's pages costs bm25 of each (Stadt, on 19,380 of the Karlsruhe archive's
# 39,967 pages: 14 ms, a third of the whole command), and a word on more than TOP_MIN_PAGES
# pages is asked for its best ones again and again. TOP_MIN_PAGES: 188 words there, ranked in
# 2.3 s (a word on 6,000 pages costs a search 4-5 ms); TOP_KEEP: the most search_hits asks for
# with --limit 50 (160, then 4 x 160); for more, bm25 again.
TOP_MIN_PAGES = 6000
TOP_KEEP = 640
# ... and no longer than this (seconds) at the end of a write: the commonest words first, the
# rest searched by bm25 (a database ten times the archive's would list most words above
# TOP_MIN_PAGES, each ten times as slow to rank: a one-file ingest must not take a minute)
TOP_SECONDS = 5.0
# A word's list, and whether the list was ranked for the index as it is (the row of term '')
_TOP = "SELECT term, ids, snippets FROM search_top WHERE term IN ('', ?)"
_TOP_8 = "SELECT term, ids FROM search_top WHERE term IN ('', ?)"  # (schema 8, read as it is)
# Those pages' files and papers (a file several papers share: the first stored)
_PAGE_PAPER = (
    "SELECT pg.id, pg.file_id, (SELECT min(pf.paper_id) FROM paper_files pf "
    "WHERE pf.file_id = pg.file_id) FROM pages pg WHERE pg.id IN (SELECT value FROM json_each(?))")
# The hits' places and texts (their snippets are cut in Python, grdrs.store.snippets): the
# compressed text, or in a database of schema < 6, read as it is, the index's content
_HIT_PAGES = (
    "SELECT pg.id, pg.file_id, pg.page, f.path, pg.clean_z FROM pages pg "
    "JOIN files f ON f.id = pg.file_id WHERE pg.id IN (SELECT value FROM json_each(?))")
_HIT_PAGES_OLD = (
    "SELECT pg.id, pg.file_id, pg.page, f.path, t.clean FROM pages pg "
    "JOIN files f ON f.id = pg.file_id JOIN pages_fts t ON t.rowid = pg.id "
    "WHERE pg.id IN (SELECT value FROM json_each(?))")
# One page's snippet by FTS5, where Python's finds no query word (FTS5 seeks the rowid)
_FTS_SNIPPET = ("SELECT snippet(pages_fts, 0, '[', ']', '…', 14) FROM pages_fts "
                "WHERE pages_fts MATCH ? AND pages_fts.rowid = ?")


def search_hits(conn: sqlite3.Connection, query: str,
                limit: int = 20) -> tuple[list[dict], int, bool]:
    """(the best ``limit`` hits, how many pages match, whether a higher limit lists more):
    pages matching ``query`` in bm25 order; of a paper with several files (a PDF and its text
    export) only the file of its best page is listed (a file several papers share: under the
    first stored). The count is every matching page, from the index alone. Only the
    best-ranked pages are looked up: a common word matches thousands of pages, and ranking
    them is what a search costs."""
    match = fts_query(query)
    if not match:
        raise BadQuery(f"the query {query!r} has no words to search for: give one or more words "
                       "(Kita, Einsam*, \"563/2023\")")
    cur = conn.cursor()
    cur.row_factory = None
    total = cur.execute(_COUNT, (match,)).fetchone()[0]
    if limit < 1:
        return [], total, total > 0
    top, cut = _top_pages(cur, match)
    want = limit * 3 + 10  # a paper's other files are skipped: look a little further
    while True:
        if top is not None and want <= len(top):
            # what _RANKED gives: the same statement ranked them, and its sort keeps equal
            # ranks in the index's order whatever the LIMIT (the first 70 of 640 are its 70)
            ids = top[:want]
        else:
            ids = [r[0] for r in cur.execute(_RANKED, (match, want))]
        kept = _shown(cur, ids, limit)
        if len(kept) > limit or len(ids) < want:
            break
        want *= 4
    more = len(kept) > limit
    wanted = snippets.phrases(query)
    if cut and set(wanted) != set(snippets.phrases(cut.pop(""))):
        cut = {}  # (stored for the word as the ranking typed it; never otherwise)
    hits = _hits(cur, kept[:limit], match, wanted, cut or {})
    return [hit for _, hit in hits], total, more


def _shown(cur: sqlite3.Cursor, ids: list[int], limit: int) -> list[tuple[int, int | None]]:
    """Of the pages ``ids`` (best first), those a search lists, (page id, paper id), up to one
    more than ``limit``: a paper's first file only (its best page's)."""
    where = {r[0]: (r[1], r[2]) for r in cur.execute(_PAGE_PAPER, (id_array(ids),))}
    best_file: dict[int, int] = {}
    kept: list[tuple[int, int | None]] = []
    for rid in ids:
        if rid not in where:  # an index entry without its page (never written so)
            continue
        file_id, paper_id = where[rid]
        if paper_id is not None and best_file.setdefault(paper_id, file_id) != file_id:
            continue
        kept.append((rid, paper_id))
        if len(kept) > limit:  # one more than shown: a higher limit lists more
            break
    return kept


def _hits(cur: sqlite3.Cursor, kept: list[tuple[int, int | None]], match: str,
          wanted: list, cut: dict[int, str]) -> list[tuple[int, dict]]:
    """The hits of the pages ``kept``, (page id, hit), each with its snippet: stored in
    ``cut`` (page id → snippet), else cut from the page's text here."""
    ids = id_array([k[0] for k in kept])
    try:
        rows = cur.execute(_HIT_PAGES, (ids,)).fetchall()
    except sqlite3.OperationalError:  # no pages.clean_z
        rows = cur.execute(_HIT_PAGES_OLD, (ids,)).fetchall()
    pages = {r[0]: r[1:] for r in rows}
    hits = []
    for rid, paper_id in kept:
        if rid not in pages:
            continue
        file_id, page, path, text = pages[rid]
        snippet = cut.get(rid)
        if snippet is None:
            snippet = snippets.cut(unzip_text(text) or "", wanted) if wanted else None
        if snippet is None:
            row = cur.execute(_FTS_SNIPPET, (match, rid)).fetchone()
            snippet = row[0] if row else ""
        hits.append((rid, {"file_id": file_id, "page": page, "path": path, "snippet": snippet,
                           "paper_id": paper_id}))
    return hits


def _top_pages(cur: sqlite3.Cursor, match: str) -> tuple[list[int] | None, dict]:
    """The stored best pages of a query of one word (``"stadt"``, or its two spellings:
    :func:`_top_key`; no prefix, no phrase), in bm25 order, and the snippets stored with them
    (:func:`_packed`; ``{}`` when none); None for any other query, a word on fewer pages, a
    list not ranked for the index as it is, or a database before schema 8 (read as it is)."""
    word = _top_key(match)
    if word is None:
        return None, {}
    try:
        rows = {r[0]: r[1:] for r in cur.execute(_TOP, (word,)).fetchall()}
    except sqlite3.OperationalError:  # no such table (schema < 8), no such column (< 9)
        try:
            rows = {r[0]: (r[1], None) for r in cur.execute(_TOP_8, (word,)).fetchall()}
        except sqlite3.OperationalError:
            return None, {}
    if "" not in rows or word not in rows:
        return None, {}
    ids, packed = rows[word]
    return ([int(i) for i in ids.split(",")] if ids else []), _unpacked(packed)


# A word's stored snippets, one text: the query the ranking cut them for, then each page's id
# and snippet, all separated by these (a snippet holding either, cut from a page of control
# characters, is not stored: cut when shown)
_ITEM, _PAIR = "\x1e", "\x1f"


def _packed(typed: str, cut: dict[int, str]) -> str:
    """``cut`` (page id → snippet, cut for the query ``typed``) as one text."""
    return _ITEM.join([typed, *(f"{k}{_PAIR}{v}" for k, v in cut.items()
                                if _ITEM not in v and _PAIR not in v)])


def _unpacked(packed: str | None) -> dict:
    """The inverse of :func:`_packed`, the query under key ``""``; ``{}`` for None."""
    if not packed:
        return {}
    typed, *items = packed.split(_ITEM)
    out: dict = {"": typed}
    for item in items:
        k, v = item.split(_PAIR, 1)
        out[int(k)] = v
    return out


def _top_key(match: str) -> str | None:
    """The key of a one-word query in ``search_top``: the word (``"stadt"`` → ``stadt``), or
    its spellings, sorted (``("für" OR "fuer")`` → ``fuer|für``: the same bm25 order
    whichever was typed; ``müssen``: four, with ``ue`` and ``ß``); None for any other query."""
    if match.startswith("(") and match.endswith(")"):
        terms = match[1:-1].split(" OR ")
    else:
        terms = [match]
    if len(terms) > 4:
        return None
    words = []
    for term in terms:
        word = term[1:-1]
        if (len(term) < 3 or term[0] != '"' or term[-1] != '"' or '"' in word or " " in word
                or "|" in word):  # ("für|fuer" typed: the phrase "für fuer", not the key)
            return None
        words.append(word)
    return "|".join(sorted(words))


def _spelled(word: str) -> list[tuple[str, str]]:
    """The FTS queries a user typing a word that the index stores as ``word`` may run, besides
    ``"word"``, (what was typed, the query): with an umlaut where it has a, o or u (``fur`` ←
    ``für``: ``("für" OR "fuer")``), or ß where it has ss (``mussen`` ← ``müssen``: four
    spellings); those :func:`_top_key` keys."""
    umlaut = {"a": "ä", "o": "ö", "u": "ü"}
    at = [i for i, c in enumerate(word) if c in umlaut][:3]
    typed = {word, word.replace("ss", "ß")}
    for k in range(1, 1 << len(at)):
        chars = list(word)
        for bit, i in enumerate(at):
            if k >> bit & 1:
                chars[i] = umlaut[chars[i]]
        typed.add("".join(chars))
    out = []
    for form in sorted(typed):
        match = fts_query(form)
        key = _top_key(match)
        if key is not None and "|" in key and match not in [m for _, m in out]:
            out.append((form, match))
    return out


def rank_common_words(conn: sqlite3.Connection, min_pages: int | None = None,
                      keep: int | None = None) -> int | None:
    """Rank the best ``keep`` pages (:data:`TOP_KEEP`) of each word on more than
    ``min_pages`` pages (:data:`TOP_MIN_PAGES`), and of its spellings a search runs (two or
    four, :func:`_spelled`; where the word's best pages write them so), with the snippets of
    the :data:`SHOWN` pages a search shows, into ``search_top``, unless it is ranked for the index as it is; returns
    how many lists it stored, or None when it was ranked. The end of each write
    command: any change of a page empties the list (store.db's triggers), and until this has
    run again search ranks with bm25. One transaction: an interrupt leaves the list empty
    (searches are slower, not stale)."""
    min_pages = TOP_MIN_PAGES if min_pages is None else min_pages
    keep = TOP_KEEP if keep is None else keep
    with tx(conn):
        if conn.execute("SELECT 1 FROM search_top WHERE term = ''").fetchone() is not None:
            return None
        end = time.perf_counter() + TOP_SECONDS  # (the vocabulary's scan counts too)
        conn.execute("DELETE FROM search_top")
        # each word's page count (fts5vocab reads the whole index: 0.5 s on Karlsruhe's)
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.pages_fts_words "
                     "USING fts5vocab(main, pages_fts, row)")
        words = [r[0] for r in conn.execute(
            "SELECT term FROM temp.pages_fts_words WHERE doc > ? ORDER BY doc DESC, term",
            (min_pages,))]
        conn.execute("DROP TABLE temp.pages_fts_words")
        rows, done = [], set()
        for word in words:
            own = ",".join(str(r[0]) for r in conn.execute(_RANKED, (f'"{word}"', keep)))
            rows.append((word, own, _cut_shown(conn, own, word, f'"{word}"')))
            done.add(word)
            for typed, match in _spelled(word):
                key = _top_key(match)
                if key in done:
                    continue
                done.add(key)
                if not _written(conn, own, typed):
                    continue  # an umlaut put into a word that has none ("ünter"): bm25
                other = [w for w in key.split("|") if w.translate(snippets.FOLD) != word]
                if other and not any(conn.execute(_COUNT, (f'"{w}"',)).fetchone()[0]
                                     for w in other):
                    ids = own  # spellings on no page add nothing to bm25
                else:
                    ids = ",".join(str(r[0]) for r in conn.execute(_RANKED, (match, keep)))
                rows.append((key, ids, _cut_shown(conn, ids, typed, match)))
            if time.perf_counter() > end:
                break  # the words not ranked yet: bm25 at search time
        conn.executemany("INSERT INTO search_top (term, ids, snippets) VALUES (?, ?, ?)",
                         [*rows, ("", "", None)])
    return len(rows)


# How many of a listed word's pages get their snippet cut when it is ranked: what a search
# shows by default (``--limit 20``); a page beyond them is cut when it is shown. A common
# word's snippets cost more than its ranking (``u``, on thousands of places of its best pages:
# 74 ms for 20 on the Karlsruhe archive; ``der`` 14 ms)
SHOWN = 20


def _written(conn: sqlite3.Connection, ids: str, typed: str) -> bool:
    """Whether one of the first three of the pages ``ids`` writes the word as ``typed``
    (``für`` on the best pages of ``fur``; ``ünter`` on none of ``unter``'s): a spelling
    people write, so type. The index cannot tell (it compares words without accents)."""
    first = id_array([int(i) for i in ids.split(",")[:3]] if ids else [])
    return any(snippets.written((unzip_text(r[0]) or "").lower(), typed) for r in conn.execute(
        "SELECT clean_z FROM pages WHERE id IN (SELECT value FROM json_each(?))", (first,)))


def _cut_shown(conn: sqlite3.Connection, ids: str, typed: str, match: str) -> str | None:
    """The snippets of the first :data:`SHOWN` pages a search of ``typed`` (the FTS query
    ``match``) lists of the ranked ``ids``, packed (:func:`_packed`)."""
    cur = conn.cursor()
    cur.row_factory = None
    kept = _shown(cur, [int(i) for i in ids.split(",")] if ids else [], SHOWN)[:SHOWN]
    wanted = snippets.phrases(typed)
    return _packed(typed, {rid: hit["snippet"]
                           for rid, hit in _hits(cur, kept, match, wanted, {})})


def search(conn: sqlite3.Connection, query: str, limit: int = 20) -> list[dict]:
    """Full-text hits, best first: paper, page and a snippet of the cleaned page text."""
    return search_hits(conn, query, limit)[0]

