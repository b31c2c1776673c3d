"""The best pages of the commonest words, ranked once after each write (``search_top``,
schema 8), with the snippets a search shows of them (schema 9): served to a one-word search
instead of ranking all of the word's pages with bm25 and cutting their snippets, with the same
hits; emptied by any change of a page, made again by the next write command."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from grdrs import store, write
from grdrs.demo import corpus_dir
from grdrs.ingest import ingest
from grdrs.store import files

# on the 25 pages of the bundled corpus: a word on more than 3 pages is listed (239 words),
# with its best 16 pages (a search asks for limit * 3 + 10, then 4 times as many: limit 1 and
# 2 are served from the list, 5 and more rank with bm25 again, as does limit 1's second look)
LOW = {"TOP_MIN_PAGES": 3, "TOP_KEEP": 16}


@pytest.fixture
def low(monkeypatch):
    for name, value in LOW.items():
        monkeypatch.setattr(files, name, value, raising=False)


def corpus_db(path: Path) -> sqlite3.Connection:
    conn = write.connect(path)
    assert ingest(conn, [corpus_dir() / "papers"]).failed == 0
    return conn


def bm25_hits(conn, query: str, limit: int, monkeypatch) -> tuple:
    """search_hits as without the list: every query ranked with bm25."""
    with monkeypatch.context() as m:
        m.setattr(files, "_top_pages", lambda cur, match: (None, {}))
        return store.search_hits(conn, query, limit)


def listed(conn) -> dict[str, list[int]]:
    return {t: [int(i) for i in ids.split(",")] for t, ids in conn.execute(
        "SELECT term, ids FROM search_top WHERE term != ''")}


def ranked(conn) -> bool:
    return conn.execute("SELECT 1 FROM search_top WHERE term = ''").fetchone() is not None


def test_a_listed_word_gets_the_hits_bm25_gives(tmp_path: Path, low, monkeypatch):
    """Every listed word, at each limit (from the list, or from bm25 where the list is too
    short): the same pages in the same order (ties too: the corpus has a paper as PDF and as
    text), the same snippets, count and `more`. A listed word's search ranks nothing."""
    corpus_db(tmp_path / "g.db").close()
    conn = store.connect(tmp_path / "g.db")
    words = listed(conn)
    assert ranked(conn) and len(words) > 200 and "stuttgart" in words
    assert len(words["stuttgart"]) == 16 and all(3 < len(ids) <= 16 for ids in words.values())
    for word in words:
        for limit in (1, 2, 5, 50):
            assert store.search_hits(conn, word, limit) == bm25_hits(conn, word, limit,
                                                                     monkeypatch), (word, limit)
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    hits, total, more = store.search_hits(conn, "Stuttgart", 1)
    conn.set_trace_callback(None)
    assert hits and total == 19 and more
    assert any("search_top" in s for s in seen) and not any("bm25" in s for s in seen), seen
    # a word with a prefix star, a phrase, two words: ranked with bm25
    for query in ("Stuttgart*", '"Landeshauptstadt Stuttgart"', "Stuttgart 2023"):
        seen.clear()
        conn.set_trace_callback(seen.append)
        got = store.search_hits(conn, query, 1)
        conn.set_trace_callback(None)
        assert got[0] and any("bm25" in s for s in seen), query
        assert got == bm25_hits(conn, query, 1, monkeypatch)


def test_a_change_of_a_page_empties_the_list_and_the_next_write_ranks_again(
        tmp_path: Path, low, monkeypatch):
    """A page ingested later (here one that ranks first for Stuttgart) empties the list in its
    own transaction; until a write command ranks again, search ranks with bm25; the next one
    (even one that changes nothing) ranks for the index as it is. An interrupted ranking
    leaves the list empty."""
    conn = corpus_db(tmp_path / "g.db")
    before = listed(conn)
    assert ranked(conn) and before
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "Kurz.txt").write_text("Stuttgart, Stuttgart und Stuttgart.\n", encoding="utf-8")
    with monkeypatch.context() as m:  # a write command cut short before it ranks
        m.setattr(store, "rank_common_words", lambda *a, **k: None)
        assert ingest(conn, [folder]).new == 1
    assert conn.execute("SELECT count(*) FROM search_top").fetchone()[0] == 0
    page = conn.execute("SELECT pg.id FROM pages pg JOIN files f ON f.id = pg.file_id "
                        "WHERE f.name = 'Kurz.txt'").fetchone()[0]
    want = {n: bm25_hits(conn, "Stuttgart", n, monkeypatch) for n in (1, 2, 5)}
    assert want[1][0][0]["path"].endswith("Kurz.txt")
    assert {n: store.search_hits(conn, "Stuttgart", n) for n in want} == want
    assert page not in before["stuttgart"]
    # an interrupted ranking (here SQLite's interrupt, as a Ctrl-C gives) leaves it empty
    conn.set_progress_handler(lambda: 1, 1000)
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        store.rank_common_words(conn)
    conn.set_progress_handler(None, 0)
    assert conn.execute("SELECT count(*) FROM search_top").fetchone()[0] == 0
    assert ingest(conn, [folder]).unchanged == 1  # nothing changed: still ranked again
    after = listed(conn)
    assert ranked(conn) and after["stuttgart"][0] == page
    assert after.keys() >= before.keys()
    assert {n: store.search_hits(conn, "Stuttgart", n) for n in want} == want
    assert store.rank_common_words(conn) is None  # ranked for this index: nothing to do
    conn.execute("UPDATE pages SET page = page WHERE id = ?", (page,))  # any change of a page
    assert not ranked(conn)
    conn.execute("DELETE FROM pages WHERE id = ?", (page,))
    assert store.rank_common_words(conn) == len(listed(conn)) > 0 and ranked(conn)
    assert page not in listed(conn)["stuttgart"]


def test_a_schema_7_database_searches_alike_read_only_and_is_ranked_after_its_first_write(
        tmp_path: Path, low, monkeypatch):
    """Without search_top (schema 7) a reader ranks with bm25, the same hits; the first writer
    adds the table and its triggers (schema 9), and the end of its command ranks."""
    path = tmp_path / "g.db"
    conn = corpus_db(path)

    def hits(c) -> dict:
        return {(q, n): store.search_hits(c, q, n) for q in ("Stuttgart", "der", "Einsamkeit",
                                                            "Stutt*", "2023") for n in (1, 2, 20)}

    want = hits(conn)
    conn.execute("DROP TABLE search_top")
    for trigger in ("search_top_ai", "search_top_ad", "search_top_au"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    conn.close()
    ro = store.connect(path)
    assert hits(ro) == want
    ro.close()
    conn = write.connect(path)
    assert store.SCHEMA_VERSION == 9 and conn.execute(
        "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "9"
    triggers = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'pages'")}
    assert {"search_top_ai", "search_top_ad", "search_top_au"} <= triggers
    assert not ranked(conn)
    assert hits(conn) == want
    assert ingest(conn, [corpus_dir() / "papers"]).unchanged == 20
    assert ranked(conn) and "stuttgart" in listed(conn)
    assert hits(conn) == want


def test_ranking_stops_at_its_time_and_the_rest_is_ranked_at_search(tmp_path: Path, low,
                                                                     monkeypatch):
    """The end of a write ranks for TOP_SECONDS at most, the commonest words first: with no
    time at all only the commonest word is listed; a word on as many pages left unlisted is
    searched with bm25, with the same hits as a listed one gets."""
    monkeypatch.setattr(files, "TOP_SECONDS", 0.0)
    conn = corpus_db(tmp_path / "g.db")
    words = listed(conn)
    assert ranked(conn) and len(words) == 1
    (word,) = words
    most = conn.execute("SELECT count(*) FROM pages_fts WHERE pages_fts MATCH ?",
                        (f'"{word}"',)).fetchone()[0]
    for other in ("der", "Stuttgart", "und"):
        n = conn.execute("SELECT count(*) FROM pages_fts WHERE pages_fts MATCH ?",
                         (f'"{other.lower()}"',)).fetchone()[0]
        assert n <= most
        assert store.search_hits(conn, other, 2) == bm25_hits(conn, other, 2, monkeypatch)


def test_a_word_of_two_spellings_is_listed_too(tmp_path: Path, low, monkeypatch):
    """A word typed with an umlaut or ß is searched in both spellings (`für`: ("für" OR
    "fuer")): listed under both, sorted, it is served whichever was typed, with bm25's hits —
    ranked where the other spelling is on some page, else the word's own list (it adds
    nothing to bm25)."""
    corpus_db(tmp_path / "g.db").close()
    conn = store.connect(tmp_path / "g.db")
    words = listed(conn)
    pairs = [k for k in words if "|" in k]
    assert "fuer|für" in pairs
    # a word with ss is searched in four spellings (ss and ß in each place): listed too
    four_key = "verwaltungsausschuss|verwaltungsausschuß|verwaltungsaußchuss|verwaltungsaußchuß"
    assert four_key in pairs
    four = files._top_pages(conn.cursor(), files.fts_query("Verwaltungsausschuss"))
    assert four[0] == words[four_key]
    assert four[1].pop("") == "verwaltungsausschuss" and four[1]
    # typed as the key ("für|fuer": the phrase "für fuer"), no list is read
    assert files._top_pages(conn.cursor(), files.fts_query("fuer|für")) == (None, {})
    seen: list[str] = []
    assert words["fuer|für"] == words["fur"]  # "fuer" is on no page of the corpus
    for key in pairs:
        for typed in key.split("|"):
            for limit in (1, 2, 5):
                assert store.search_hits(conn, typed, limit) == bm25_hits(
                    conn, typed, limit, monkeypatch), (typed, limit)
    conn.set_trace_callback(seen.append)
    assert store.search_hits(conn, "Für", 1)[0]
    conn.set_trace_callback(None)
    assert any("search_top" in q for q in seen) and not any("bm25" in q for q in seen), seen
    conn.close()
    # a page writing "fuer" (a text export): the two spellings ranked together
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "Export.txt").write_text("Mittel fuer die Stadt Stuttgart fuer 2024 fuer Kitas.\n",
                                       encoding="utf-8")
    conn = write.connect(tmp_path / "g.db")
    assert ingest(conn, [folder]).new == 1
    words = listed(conn)
    assert words["fuer|für"] != words["fur"]
    for typed in ("für", "fuer", "Für"):
        for limit in (1, 5):
            assert store.search_hits(conn, typed, limit) == bm25_hits(conn, typed, limit,
                                                                      monkeypatch), typed



def stored_snippets(conn, term: str) -> dict:
    return files._unpacked(conn.execute("SELECT snippets FROM search_top WHERE term = ?",
                                        (term,)).fetchone()[0])


def test_a_listed_word_shows_the_snippets_stored_with_it(tmp_path: Path, low, monkeypatch):
    """The snippets of the pages a search of a listed word shows (SHOWN) are cut when it is
    ranked: a search reads them and cuts none (the same snippets as cut at search time); a
    page beyond them is cut when shown; stored for another query's words, they are not used."""
    corpus_db(tmp_path / "g.db").close()
    conn = store.connect(tmp_path / "g.db")
    stored = stored_snippets(conn, "stuttgart")
    assert stored.pop("") == "stuttgart" and stored
    want = {n: bm25_hits(conn, "Stuttgart", n, monkeypatch) for n in (1, 5, 50)}
    shown = {hit["snippet"] for hit in want[5][0]}
    assert set(stored.values()) >= shown
    with monkeypatch.context() as m:
        def no_cut(*a, **k):
            raise AssertionError("cut at search time")
        m.setattr(files.snippets, "cut", no_cut)
        assert store.search_hits(conn, "Stuttgart", 5) == want[5]
        assert store.search_hits(conn, "STUTTGART", 1) == want[1]
    assert store.search_hits(conn, "Stuttgart", 50) == want[50]
    conn.close()
    # stored for other words than the query's (never written so): cut again
    conn = write.connect(tmp_path / "g.db")
    page = want[1][0][0]
    rid = conn.execute("SELECT id FROM pages WHERE file_id = ? AND page = ?",
                       (page["file_id"], page["page"])).fetchone()[0]
    conn.execute("UPDATE search_top SET snippets = ? WHERE term = 'stuttgart'",
                 (files._packed("Landeshauptstadt", {rid: "falsch"}),))
    assert store.search_hits(conn, "Stuttgart", 1) == want[1]
    conn.execute("UPDATE search_top SET snippets = ? WHERE term = 'stuttgart'",
                 (files._packed("stuttgart", {rid: "gespeichert"}),))
    assert store.search_hits(conn, "Stuttgart", 1)[0][0]["snippet"] == "gespeichert"
    # a snippet holding a separator (a page of control characters) is not stored, the rest are
    assert files._unpacked(files._packed("x", {1: "a\x1fb", 2: "c", 3: "\x1e"})) == {"": "x", 2: "c"}


def test_a_spelling_no_page_writes_is_not_listed(tmp_path: Path, low):
    """An umlaut put into a word that has none (``ünd`` of ``und``: the index compares words
    without accents, so it matches) is a spelling nobody types: not listed, not cut."""
    corpus_db(tmp_path / "g.db").close()
    conn = store.connect(tmp_path / "g.db")
    words = listed(conn)
    assert {"und", "stuttgart", "fur", "fuer|für"} <= words.keys()
    assert not {"uend|ünd", "stuettgart|stüttgart", "stuttgaert|stuttgärt"} & words.keys()
    assert all(files._spelled(w) for w in ("und", "stuttgart"))  # (what was listed before)


def test_a_schema_8_database_searches_alike_and_gets_snippets_after_its_first_write(
        tmp_path: Path, low, monkeypatch):
    """A list without snippets (schema 8) serves its ids, the snippets cut at search; the
    first writer adds the column and ranks again."""
    path = tmp_path / "g.db"
    conn = corpus_db(path)
    want = {(q, n): store.search_hits(conn, q, n) for q in ("Stuttgart", "der", "für")
            for n in (1, 5)}
    conn.execute("ALTER TABLE search_top DROP COLUMN snippets")
    conn.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    conn.close()
    ro = store.connect(path)
    assert {k: store.search_hits(ro, *k) for k in want} == want
    seen: list[str] = []
    ro.set_trace_callback(seen.append)
    assert store.search_hits(ro, "Stuttgart", 1) == want["Stuttgart", 1]
    assert any("search_top" in s for s in seen) and not any("bm25" in s for s in seen)
    ro.close()
    conn = write.connect(path)
    assert not ranked(conn)
    assert ingest(conn, [corpus_dir() / "papers"]).unchanged == 20
    assert ranked(conn) and stored_snippets(conn, "stuttgart")
    assert {k: store.search_hits(conn, *k) for k in want} == want
