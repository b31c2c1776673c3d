"""Each page's text stored once: the clean text plus restore ops rebuild the reader's text
exactly, in the store and through the migration of an older database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import ROOT, SEED_TXT, need_shared
from hypothesis import given, settings
from hypothesis import strategies as st

from grdrs import store, write
from grdrs.ingest import ingest
from grdrs.textdiff import apply, diff, restore, restore_ops

CORPUS = ROOT / "corpus" / "papers"

# (reader's text, clean text) pairs of the kinds cleaning makes
CASES = [
    ("Ver-\nteilung der Mittel", "Verteilung der Mittel"),
    ("Betrag   von  5 Mio.   \nEUR", "Betrag von 5 Mio.\nEUR"),
    ("Stadt Stuttgart\n- 2 -\nText der Seite", "Text der Seite"),
    ("a\xa0b\r\nc", "a b \nc"),
    ("Zeile\n\n\n\n\nweiter", "Zeile\n\nweiter"),
    ("  \t eingerückt", "\teingerückt"),
    ("Sozial-\nund Gesundheitsausschuss", "Sozial-\nund Gesundheitsausschuss"),
    ("ganz anders", "völlig verschieden und länger"),
    ("", "nur sauber"),
    ("nur roh", ""),
    ("Kopf\nSeite 1 von 3\n" * 40 + "Inhalt", "Inhalt"),
]


def test_cases_round_trip():
    for text, clean in CASES:
        assert restore(clean, restore_ops(clean, text)) == text, (text, clean)
        assert apply(clean, diff(clean, text)) == text


def test_equal_texts_need_no_ops():
    assert restore_ops("gleich", "gleich") is None
    assert restore("gleich", None) == "gleich"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab -\n\t\xa0Sz", max_size=200), st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 5), st.sampled_from(["", " ", "\n", "\t"])),
    max_size=10))
def test_any_edit_round_trips(text, edits):
    """Whatever cleaning drops or replaces, the ops rebuild the text exactly."""
    clean = text
    for at, n, rep in sorted(edits, reverse=True):
        clean = clean[:at] + rep + clean[at + n:]
    assert restore(clean, restore_ops(clean, text)) == text


def test_ops_are_small_for_real_cleaning():
    """On the seed paper the ops cost a few per cent of the text they spare."""
    need_shared()
    from grdrs.reading import read_file

    data = SEED_TXT.read_bytes()
    r = read_file(str(SEED_TXT), data, "x", None)
    texts = sum(len(p.text.encode()) for p in r.doc.pages)
    ops = sum(len(o or b"") for o in r.page_restore)
    assert [restore(c, o) for c, o in zip(r.page_clean, r.page_restore)] == \
        [p.text for p in r.doc.pages]
    assert ops < 0.1 * texts, (ops, texts)


def test_store_keeps_one_copy_and_quotes_stay_exact(tmp_path: Path):
    db = tmp_path / "c.db"
    conn = write.connect(db)
    s = ingest(conn, [CORPUS])
    assert s.failed == 0 and s.new > 10
    cols = [r[1] for r in conn.execute("PRAGMA table_info(pages)")]
    assert "text" not in cols and "clean" in cols
    checked = 0
    for fid, page, start, end, quote in conn.execute(
            'SELECT file_id, page, start, "end", text FROM mentions WHERE end_page IS NULL '
            "AND page IS NOT NULL"):
        assert store.page_text(conn, fid, page)[start:end] == quote
        checked += 1
    assert checked > 100
    assert store.search(conn, "Stuttgart")  # FTS over the clean text still answers


def test_v4_database_migrates_on_first_write(tmp_path: Path):
    """A database of schema 4 (text and clean per page) keeps clean + ops; texts are equal."""
    db = tmp_path / "old.db"
    conn = write.connect(db)
    ingest(conn, [CORPUS])
    want = {(f, p): store.page_text(conn, f, p)
            for f, p in conn.execute("SELECT file_id, page FROM pages")}
    hits = [tuple(r) for r in store.search(conn, "Stuttgart", limit=50)]
    # turn it into a version-4 database: pages(text, clean) and its triggers
    conn.execute("BEGIN")
    conn.execute("ALTER TABLE pages RENAME TO pages_new")
    for t in ("pages_ai", "pages_ad", "pages_au"):
        conn.execute(f"DROP TRIGGER {t}")
    conn.execute("DROP TABLE pages_fts")
    conn.execute("CREATE TABLE pages (id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, "
                 "page INTEGER NOT NULL, text TEXT NOT NULL, clean TEXT NOT NULL)")
    rows = conn.execute("SELECT id, file_id, page, clean FROM pages_new").fetchall()
    conn.executemany("INSERT INTO pages VALUES (?, ?, ?, ?, ?)",
                     [(i, f, p, want[(f, p)], c) for i, f, p, c in rows])
    conn.execute("DROP TABLE pages_new")
    conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    conn.execute("COMMIT")
    conn.close()
    ro = store.connect(db)  # a reader reads it as it is
    assert ro.execute("SELECT count(*) FROM pages WHERE text != ''").fetchone()[0] == len(want)
    ro.close()
    conn = write.connect(db)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] \
        == str(store.SCHEMA_VERSION)
    got = {(f, p): store.page_text(conn, f, p)
           for f, p in conn.execute("SELECT file_id, page FROM pages")}
    assert got == want
    assert [tuple(r) for r in store.search(conn, "Stuttgart", limit=50)] == hits
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
