"""Query cost must not grow with the database: every statement the read commands run uses
an index (EXPLAIN QUERY PLAN shows no full scan of a stored table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from grdrs import queries, store
from grdrs.demo import corpus_dir
from grdrs.graph import history
from grdrs.ingest import ingest

TABLES = ("papers", "files", "paper_files", "pages", "mentions", "consultations", "edges",
          "nodes", "failures", "search_top")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("idx") / "g.db"
    conn = store.connect(path, write=True)
    assert ingest(conn, [corpus_dir() / "papers"]).failed == 0
    conn.close()
    return path


def full_scans(conn, statements: list[str]) -> list[tuple[str, str]]:
    bad = []
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        for row in conn.execute("EXPLAIN QUERY PLAN " + sql):
            detail = row[3]
            for table in TABLES:
                # "SCAN papers" is a full scan; "SCAN papers USING INDEX …" walks an index
                # in full too, so only SEARCH (an index lookup) is accepted
                if detail.startswith(f"SCAN {table}") and not detail.startswith(
                        f"SCAN {table}_fts"):
                    bad.append((detail, sql[:200]))
    return bad


@pytest.mark.parametrize("call", [
    lambda c: queries.show(c, "563/2023"),
    lambda c: queries.show(c, "9003/2023 1. Ergänzung"),
    lambda c: queries.refs(c, "9003/2023", depth=2, direction="both"),
    lambda c: history.history(c, "563/2023", 1),
    lambda c: history.history(c, "9003/2023", 2),
    lambda c: queries.search(c, "Einsamkeit"),
    lambda c: queries.papers(c, limit=5),
], ids=["show", "show-suffix", "refs", "history", "history-depth2", "search", "papers-limit"])
def test_read_queries_use_indexes(db: Path, call):
    conn = store.connect(db)
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    call(conn)
    conn.set_trace_callback(None)
    assert seen
    assert full_scans(conn, seen) == []


def test_check_overlap_reads_each_file_by_the_file_index(db: Path):
    """Which of a draft's figures each candidate file states: read per file, not per figure (a
    common figure, 10.000 €, is stated in thousands of papers; a file holds at most a few
    thousand amounts)."""
    conn = store.connect(db)
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    store.check_value_overlap(conn, [1, 2, 3], ["10000.00", "563.00"])
    conn.set_trace_callback(None)
    plans = [row[3] for sql in seen if sql.lstrip().upper().startswith("SELECT")
             for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
    assert any("mentions USING INDEX mentions_file" in p for p in plans), plans
    assert not any("mentions_value" in p for p in plans), plans


def test_the_amount_count_is_read_from_the_index_size_table(db: Path):
    """check's one count per draft (what a word's document frequency is out of) reads FTS5's
    size table, one row per amount, not the whole index; the same number."""
    import sqlite3

    conn = store.connect(db)
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    n = store.check_amount_count(conn)
    conn.set_trace_callback(None)
    assert n == conn.execute("SELECT count(*) FROM mentions WHERE kind = 'amount'").fetchone()[0]
    assert n == conn.execute("SELECT count(*) FROM amount_fts").fetchone()[0] > 0
    assert seen == ["SELECT count(*) FROM amount_fts_docsize"], seen
    # an index made without a size table (columnsize=0) is counted as before
    bare = sqlite3.connect(":memory:")
    bare.execute("CREATE VIRTUAL TABLE amount_fts USING fts5(subject, value, columnsize=0)")
    bare.executemany("INSERT INTO amount_fts VALUES (?, ?)", [("a", "v1x00"), ("b", "v2x00")])
    assert store.check_amount_count(bare) == 2
