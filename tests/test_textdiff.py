"""Each page's text stored once: the clean text plus restore ops rebuild the reader's text
exactly, in the store and through the migration of an older database."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from conftest import ROOT, SEED_TXT, need_shared
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grdrs import store, write
from grdrs.store import files
from grdrs.store.db import MENTION_COLUMNS, mention_data
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
    # the text once, compressed; the view page_texts reads it
    assert "text" not in cols and "clean" not in cols and "clean_z" in cols
    raw = sum(len(c.encode()) for (c,) in conn.execute("SELECT clean FROM page_texts"))
    stored = sum(n for (n,) in conn.execute("SELECT length(clean_z) FROM pages"))
    assert stored < 0.6 * raw, (stored, raw)
    checked = 0
    for fid, page, start, end, quote in conn.execute(
            'SELECT file_id, page, start, "end", text FROM mentions WHERE end_page IS NULL '
            "AND page IS NOT NULL"):
        assert store.page_text(conn, fid, page)[start:end] == quote
        checked += 1
    assert checked > 100
    assert store.search(conn, "Stuttgart")  # FTS over the clean text still answers


def _old_pages(conn, columns: str, values) -> None:
    """Open a transaction and give ``pages`` an older schema's two text columns (``values``:
    (file, page, clean, restore ops) → their values), without its triggers and FTS index."""
    rows = conn.execute("SELECT p.id, p.file_id, p.page, t.clean, p.restore FROM pages p "
                        "JOIN page_texts t ON t.rowid = p.id").fetchall()
    conn.execute("BEGIN")
    conn.execute("DROP VIEW page_texts")
    for t in ("pages_ai", "pages_ad", "pages_au"):
        conn.execute(f"DROP TRIGGER {t}")
    conn.execute("DROP TABLE pages_fts")
    conn.execute("DROP TABLE pages")
    conn.execute("CREATE TABLE pages (id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, "
                 f"page INTEGER NOT NULL, {columns})")
    conn.executemany("INSERT INTO pages VALUES (?, ?, ?, ?, ?)",
                     [(i, f, p, *values(f, p, c, r)) for i, f, p, c, r in rows])


def _corpus_db(db: Path):
    """(connection, each page's text, search hits) of corpus/ ingested into a new database."""
    conn = write.connect(db)
    ingest(conn, [CORPUS])
    want = {(f, p): store.page_text(conn, f, p)
            for f, p in conn.execute("SELECT file_id, page FROM pages")}
    return conn, want, [tuple(r) for r in store.search(conn, "Stuttgart", limit=50)]


def test_v4_database_migrates_on_first_write(tmp_path: Path):
    """A database of schema 4 (text and clean per page) keeps clean + ops; texts are equal."""
    db = tmp_path / "old.db"
    conn, want, hits = _corpus_db(db)
    # turn it into a version-4 database: pages(text, clean) and its triggers
    _old_pages(conn, "text TEXT NOT NULL, clean TEXT NOT NULL",
               lambda f, p, clean, restore: (want[(f, p)], clean))
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


def test_v5_database_migrates_on_first_write(tmp_path: Path):
    """A database of schema 5 (clean as TEXT, the content of pages_fts) gets it compressed;
    texts and search stay the same; a reader reads the old one as it is."""
    db = tmp_path / "v5.db"
    conn, want, hits = _corpus_db(db)
    clean = {(f, p): c for f, p, c in conn.execute("SELECT file_id, page, clean FROM page_texts")}
    _old_pages(conn, "clean TEXT NOT NULL, restore BLOB",
               lambda f, p, clean, restore: (clean, restore))
    conn.execute('CREATE VIRTUAL TABLE "pages_fts" USING FTS5 ("clean", content="pages")')
    conn.execute("INSERT INTO pages_fts (pages_fts) VALUES ('rebuild')")
    facts = {f: files.mentions_of_file(conn, f) for (f,) in conn.execute("SELECT id FROM files")}
    for mid, *cols in conn.execute(f"SELECT id, {MENTION_COLUMNS} FROM mentions").fetchall():
        conn.execute("UPDATE mentions SET data = ? WHERE id = ?",  # schema 5 kept the whole JSON
                     (json.dumps(mention_data(*cols), ensure_ascii=False), mid))
    conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    conn.execute("COMMIT")
    conn.close()
    ro = store.connect(db)
    assert {f: files.mentions_of_file(ro, f) for f in facts} == facts
    assert {(f, p): store.page_text(ro, f, p)
            for f, p in ro.execute("SELECT file_id, page FROM pages")} == want
    assert [tuple(r) for r in store.search(ro, "Stuttgart", limit=50)] == hits
    assert files.clean_pages(ro, 1, [1]) == [(1, clean[(1, 1)])]
    ro.close()
    before = db.stat().st_size
    conn = write.connect(db)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] \
        == str(store.SCHEMA_VERSION)
    assert {(f, p): store.page_text(conn, f, p)
            for f, p in conn.execute("SELECT file_id, page FROM pages")} == want
    assert [tuple(r) for r in store.search(conn, "Stuttgart", limit=50)] == hits
    assert files.clean_pages(conn, 1, [1]) == [(1, clean[(1, 1)])]
    conn.execute("INSERT INTO pages_fts (pages_fts) VALUES ('integrity-check')")
    conn.close()
    assert db.stat().st_size < before  # vacuumed after the migration
    plain = sqlite3.connect(db)  # without grdrs's function every table still reads
    assert plain.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert plain.execute("SELECT count(*) FROM pages WHERE length(clean_z) > 0").fetchone()[0] \
        == len(want)
    with pytest.raises(sqlite3.OperationalError, match="grdrs_unzip"):
        plain.execute("SELECT clean FROM page_texts").fetchall()


def test_v6_database_gets_the_search_indexes_and_searches_alike(tmp_path: Path):
    """Schema 7 adds two indexes (a page's file, a file's papers); a schema-6 database is
    searched alike without them until its first writer adds them."""
    db = tmp_path / "v6.db"
    conn = write.connect(db)
    ingest(conn, [CORPUS])
    words = ("Stuttgart", "Einsamkeit OR Schule", "Haushalt*", "Stuttgart NOT Einsamkeit")
    want = {w: store.search_hits(conn, w, 7) for w in words}
    assert all(want[w][1] > 0 for w in words)
    plan = " ".join(r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN " + files._PAGE_PAPER, ("[1, 2]",)))
    assert "COVERING INDEX paper_files_file_paper" in plan, plan
    conn.execute("DROP INDEX pages_id_file")
    conn.execute("DROP INDEX paper_files_file_paper")
    conn.execute("CREATE INDEX paper_files_file ON paper_files(file_id)")
    conn.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    conn.close()
    ro = store.connect(db)
    assert {w: store.search_hits(ro, w, 7) for w in words} == want
    ro.close()
    conn = write.connect(db)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"pages_id_file", "paper_files_file_paper"} <= names
    assert "paper_files_file" not in names  # the covering index replaces it
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] \
        == str(store.SCHEMA_VERSION) == "9"
    assert {w: store.search_hits(conn, w, 7) for w in words} == want


def test_search_lists_one_file_per_paper_and_counts_every_page(tmp_path: Path):
    """A paper is listed from the file of its best page. Here that is a short Anlage, and the
    paper's long main file has 41 pages ranking next, above every other paper: search looks
    further down the ranking until ``limit`` pages of other papers are found. The count is
    every matching page of every file."""
    folder = tmp_path / "in"
    folder.mkdir()
    things = ("Schule Turnhalle Brücke Radweg Kita Bücherei Hallenbad Friedhof Rathaus Markt "
              "Spielplatz Feuerwache Museum Theater Klinik Bahnhof Parkhaus Sportplatz Wald "
              "Bauhof Kanal Hafen Zoo Stadion Kirche Messe Gymnasium Tunnel Depot Freibad "
              "Jugendhaus Altenheim Kaserne Sternwarte Mensa Bad Werkhof Lager Werft Park").split()
    long_pages = "\f".join(f"Zum Vorhaben {t} ({i} von 40): Zauberwort {t}, Zauberwort.\n"
                            f"Die {t} braucht das Zauberwort." for i, t in enumerate(things))
    (folder / "GRDrs_9100_2024.txt").write_text(
        "Gemeinderatsdrucksache GRDrs 9100/2024\n\nBetreff: Zauberwort\n\f" + long_pages)
    (folder / "GRDrs_9100_2024_Anlage.txt").write_text(
        "GRDrs 9100/2024\nZauberwort! Zauberwort! Zauberwort!\n")
    for n in range(9101, 9104):
        (folder / f"GRDrs_{n}_2024.txt").write_text(
            f"Gemeinderatsdrucksache GRDrs {n}/2024\n\nAm Ende steht ein langer Satz mit "
            "vielen Wörtern und nur einmal dem Zauberwort, das selten vorkommt.\n")
    conn = write.connect(tmp_path / "g.db")
    assert ingest(conn, [folder]).failed == 0
    pages = conn.execute("SELECT count(*) FROM page_texts WHERE clean LIKE '%Zauberwort%'"
                         ).fetchone()[0]
    anlage = conn.execute("SELECT id FROM files WHERE path LIKE '%Anlage.txt'").fetchone()[0]
    hits, total, more = store.search_hits(conn, "Zauberwort", 2)
    assert total == pages == 41 + 1 + 3 and more
    assert [h["file_id"] for h in hits][0] == anlage
    assert len(hits) == 2 and len({h["paper_id"] for h in hits}) == 2, hits
    every, total, more = store.search_hits(conn, "Zauberwort", 1000)
    assert total == 45 and len(every) == 1 + 3 and not more  # the main file's 41 pages
    # a limit of exactly the listable pages: nothing more to list, whatever the count says
    four, total, more = store.search_hits(conn, "Zauberwort", 4)
    assert four == every and total == 45 and not more
    assert store.search_hits(conn, "Zauberwort", 0) == ([], 45, True)
    from grdrs.render_text import search_text

    head = search_text(queries_hits(hits), 45, True).splitlines()[0]
    assert head == "45 matching page(s); the best 2 shown, one file per paper (--limit N shows more)"
    assert search_text(queries_hits(four), 45, False).splitlines()[0] == \
        "45 matching page(s); the best 4 shown, one file per paper"


def queries_hits(hits: list[dict]) -> list[dict]:
    """store hits in the shape the commands print."""
    return [{"paper": str(h["paper_id"]), "title": None, "fictional": False, "file": h["path"],
             "page": h["page"], "snippet": h["snippet"]} for h in hits]


def test_search_skips_an_index_entry_without_its_page(tmp_path: Path):
    """A database edited by hand (a page deleted without its index entry) is searched
    without an error: the entry is left out of the list."""
    conn = write.connect(tmp_path / "g.db")
    ingest(conn, [CORPUS])
    hits, total, _ = store.search_hits(conn, "Stuttgart", 5)
    assert len(hits) == 5
    conn.execute("DROP TRIGGER pages_ad")
    first = conn.execute("SELECT id FROM pages WHERE file_id = ? AND page = ?",
                         (hits[0]["file_id"], hits[0]["page"])).fetchone()[0]
    conn.execute("DELETE FROM mentions WHERE file_id = ? AND page = ?",
                 (hits[0]["file_id"], hits[0]["page"]))
    conn.execute("DELETE FROM pages WHERE id = ?", (first,))
    again, _, _ = store.search_hits(conn, "Stuttgart", 5)
    assert (hits[0]["file_id"], hits[0]["page"]) not in {(h["file_id"], h["page"])
                                                          for h in again}
    assert len(again) == 5
