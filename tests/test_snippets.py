"""Search snippets cut in Python (grdrs.store.snippets) instead of by FTS5's snippet()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, run_grdrs

from grdrs import store, write
from grdrs.ingest import ingest
from grdrs.store import snippets
from grdrs.store.files import fts_query

CORPUS = ROOT / "corpus" / "papers"


def cut(text: str, query: str) -> str | None:
    return snippets.cut(text, snippets.phrases(query))


def test_a_word_is_marked_in_about_fourteen_words_with_ellipses():
    text = ("Vorweg ein langer Satz über die Sitzung und den Haushalt der Stadt. " * 3 +
            "Das Thema KLIMASCHUTZ wird vom Amt bearbeitet. " +
            "Danach folgen weitere Sätze ohne das Wort. " * 3)
    got = cut(text, "klimaschutz")
    assert got.startswith("…") and got.endswith("…") and "[KLIMASCHUTZ]" in got
    assert len(snippets._words(got)) == 14
    # the match in the middle: about half the words before it
    assert 5 <= len(snippets._words(got.split("[")[0])) <= 7
    assert cut("Klimaschutz am Anfang.", "Klimaschutz") == "[Klimaschutz] am Anfang."


def test_prefix_phrase_and_word_bounds():
    assert "[Kitabetreuung]" in cut("Die Kitabetreuung ist gesichert.", "Kita*")
    assert cut("Die Kitabetreuung ist gesichert.", "Kita") is None  # a whole word only
    assert "[563/2023]" in cut("Siehe GRDrs 563/2023 vom Mai.", "563/2023")
    assert cut("Siehe GRDrs 1563/2023 und 563/20234.", "563/2023") is None
    assert "[563 / 2023]" in cut("GRDrs 563 / 2023", "563/2023")
    # the word after NOT is not shown; operators are no words
    got = cut("Die Schule und die Kita und die Schule.", "Schule NOT Kita")
    assert got.count("[Schule]") == 2 and "[Kita]" not in got
    assert "[Kita]" in cut("Die Schule und die Kita.", "Schule OR Kita")


def test_the_window_with_the_most_different_words_wins():
    filler = " ".join(f"wort{i}" for i in range(40))
    text = f"Kita {filler} Kita {filler} Schule neben der Kita {filler}"
    got = cut(text, "Kita Schule")
    assert "[Schule] neben der [Kita]" in got


def test_words_are_compared_without_accents_as_fts5_compares_them():
    """FTS5's unicode61 drops diacritics: 'Schuler' matches 'Schüler' and a word written with a
    combining mark ('Schu' + U+0308 + 'ler') is one word, marked whole; each word of a query
    is marked, those matched only without accents too."""
    page = "Die Zahl der Schüler an der Kita steigt."
    assert cut(page, "Schuler Kita") == "Die Zahl der [Schüler] an der [Kita] steigt."
    decomposed = "Die Zahl der Schu\u0308ler an der Kita steigt."
    assert cut(decomposed, "Schüler") == "Die Zahl der [Schu\u0308ler] an der Kita steigt."
    assert cut(decomposed, "Schul*") == "Die Zahl der [Schu\u0308ler] an der Kita steigt."
    assert cut("Das Café am Ort", "cafe") == "Das [Café] am Ort"
    # a word found as written is not looked for without accents (a page's other spelling of it
    # stays unmarked: FTS5 marks both)
    assert cut("Café und Cafe", "cafe") == "Café und [Cafe]"
    # a mark FTS5 reads as a separator (U+0305) makes two words, and 'ø' is no 'o'
    assert cut("Schu\u0305ler", "Schuler") is None
    assert cut("Ærø", "aero") is None
    # a private-use glyph between the words of a phrase is a word of its own
    assert cut("GRDrs 563 \uf07d2023", "563/2023") is None


def test_a_page_fts5_matched_without_accents_gets_fts5s_snippet(tmp_path: Path):
    """'Schuler' finds 'Schüler' through FTS5's unicode61 (diacritics removed), and the hit's
    snippet marks it; where Python's lower case is longer ('İ'), the snippet is FTS5's."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "GRDrs_9200_2024.txt").write_text(
        "Gemeinderatsdrucksache GRDrs 9200/2024\n\nBetreff: Zahl der Schüler an der Grundschule\n")
    conn = write.connect(tmp_path / "g.db")
    assert ingest(conn, [folder]).failed == 0
    hits, total, _ = store.search_hits(conn, "Schuler", 5)
    assert total == 1 and "[Schüler]" in hits[0]["snippet"]
    assert cut("Zahl der Schüler in İzmir", "Schuler") is None


def test_marks_what_fts5_marks_on_the_corpus(tmp_path: Path):
    """Every word a snippet marks is one FTS5's highlight() marks on that page."""
    conn = write.connect(tmp_path / "g.db")
    ingest(conn, [CORPUS])
    for query in ("Stuttgart", "Einsam*", "Haushalt OR Einsamkeit", "563/2023", "Euro NOT Einsamkeit",
                  '"zu Einsamkeit und"', '"Einsamkeit und Armuts"*'):
        hits, _, _ = store.search_hits(conn, query, 20)
        assert hits, query
        for h in hits:
            page = conn.execute(
                "SELECT highlight(pages_fts, 0, '[', ']') FROM pages_fts JOIN pages pg "
                "ON pg.id = pages_fts.rowid WHERE pages_fts MATCH ? AND pg.file_id = ? AND "
                "pg.page = ?", (fts_query(query), h["file_id"], h["page"])).fetchone()[0]
            ours = {w.lower() for w in _marked(h["snippet"])}
            assert ours and ours <= {w.lower() for w in _marked(page)}, (query, h["snippet"])


def _marked(snippet: str) -> list[str]:
    return [part.split("]")[0] for part in snippet.split("[")[1:]]


def test_the_window_is_counted_in_words_and_not_found_across_a_not_group():
    """Two query words within 14 words (however long) make the window; the words after NOT
    up to the next OR/AND are left out, as FTS5 groups them; a private-use glyph glued to a
    word makes it another word, as in FTS5's tokenizer."""
    got = cut("A " + "x " * 14 + "B " + "y " * 60 + "A z B " + "w " * 30, "A B")
    assert "[A] z [B]" in got
    got = cut("Die Kita und die Schule am Ort.", "Kita NOT Neubau Schule")
    assert "[Kita]" in got and "[Schule]" not in got
    assert "[Schule]" in cut("Die Kita und die Schule am Ort.", "Kita NOT Neubau OR Schule")
    got = cut("\uf07ddavon steht hier, davon dort", "davon")
    assert got.endswith("davon steht hier, [davon] dort") and got.count("[") == 1


def test_the_window_across_long_gaps_and_at_its_bounds():
    """The window is the run of hits within 14 words (counted at spaces) with the most
    different words, then the most hits, the first of equals; hits thousands of words apart,
    words hundreds of characters long, several hits in one word."""
    filler = " ".join(f"wort{i}" for i in range(3000))
    got = cut(f"Die Kita am Markt. {filler} Hier die Schule und die Kita im Süden. {filler}",
              "Kita Schule")
    assert got == ("…wort2997 wort2998 wort2999 Hier die [Schule] und die [Kita] im Süden. "
                   "wort0 wort1 wort2…")
    assert cut(f"Kita {filler} Kita", "Kita") == (
        "[Kita] wort0 wort1 wort2 wort3 wort4 wort5 wort6 wort7 wort8 wort9 wort10 wort11 "
        "wort12…")
    assert cut(f"{filler} Kita", "Kita") == (
        "…wort2994 wort2995 wort2996 wort2997 wort2998 wort2999 [Kita]")
    twelve = " ".join(f"w{i}" for i in range(12))
    # Kita … Kita in 15 words is no run; in 14 words it is (the later pair wins)
    got = cut(f"Kita x {twelve} Kita {twelve} Kita {filler}", "Kita")
    assert got == "…[Kita] w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 [Kita]…", got
    got = cut(f"Vorn {filler} Kita {twelve} Kita", "Kita")
    assert got == "…[Kita] w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 [Kita]", got
    long = "lang" * 100
    got = cut(f"A {long} Kita {'x' * 300} Kita Kita {filler}", "Kita")
    assert got == (f"A {long} [Kita] {'x' * 300} [Kita] [Kita] wort0 wort1 wort2 wort3 "
                   "wort4 wort5 wort6 wort7…"), got
    assert cut("Vorn Kita/Kita/Kita hinten", "Kita") == "Vorn [Kita]/[Kita]/[Kita] hinten"
    # a phrase over line ends is one hit of two words at spaces
    got = cut(f"Zeile eins\n\n   Stadt\n\n   Karlsruhe {filler} Stadt Karlsruhe",
              '"Stadt Karlsruhe"')
    assert got == ("Zeile eins\n\n   [Stadt\n\n   Karlsruhe] wort0 wort1 wort2 wort3 wort4 "
                   "wort5 wort6 wort7 wort8 wort9…"), got


def test_many_hits_in_one_word_are_cut_in_little_time():
    """Hits in one word (at spaces) make one run as long as the page: its words are counted
    once, not again from each hit (20,000 hits: was some seconds)."""
    import time

    start = time.perf_counter()
    got = cut("Vorn " + "Kita/" * 20000 + " hinten", "Kita")
    assert got == "…" + "[Kita]/" * 13 + "[Kita]…"
    assert time.perf_counter() - start < 1


def test_a_page_folded_for_its_accents_is_what_the_table_makes_of_it():
    """Folding a page (each character of the table it holds replaced in a pass of its own) is
    ``translate(FOLD)``: every character of the table, its marks after letters, a character
    beyond Latin-1 (``€``: what makes translate slow), one not in the table (``ß``)."""
    table = "".join(chr(k) for k in snippets.FOLD)
    page = ("Gebühr für Schüler: 5 € je Straße, Café e\u0301 " + table + " Ende ") * 3
    assert snippets._fold(page) == page.translate(snippets.FOLD)
    assert snippets._fold("gebühr € straße café") == "gebuhr € straße cafe"
    assert snippets._fold("plain ascii") == "plain ascii"


@pytest.mark.parametrize("query", ["Schuler \u0308", "\u0308-schuler", "\u0301 \u0308", "x\u0308 \u0308"])
def test_a_word_of_marks_alone_is_dropped_as_fts5_drops_it(query):
    """A query word of combining marks alone folds to nothing (FTS5 drops it from the phrase):
    cutting the snippet neither loops nor fails, and the other words are still marked."""
    import threading

    text = "Die Schüler der Stadt, ü"
    out: list = []
    worker = threading.Thread(target=lambda: out.append(snippets.cut(text, snippets.phrases(query))),
                              daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "cutting the snippet did not end"
    assert out, "cutting the snippet failed"
    if "chuler" in query:
        assert out[0] == "Die [Schüler] der Stadt, ü"


@pytest.mark.parametrize("word,forms", [
    ("Buergermeisteramt", ["buergermeisteramt", "bürgermeisteramt"]),
    ("Bürger", ["bürger", "buerger"]),
    ("Strasse", ["strasse", "straße"]),
    ("Großmüllerstraße", [u + a + "straße" for u in ("groß", "gross") for a in ("müller",
                                                                               "mueller")]
     + [u + a + "strasse" for u in ("groß", "gross") for a in ("müller", "mueller")]),
    # each ß written either way: the old Wasserstraße, the new Schlossstraße
    ("Wasserstrasse", ["wasserstrasse", "waßerstrasse", "wasserstraße", "waßerstraße"]),
    ("Schlossstrasse", ["schlossstrasse", "schloßstrasse", "schlossstraße", "schloßstraße"]),
    ("Oel", ["oel", "öl"]),
    # "ue" of eu/au/ou/qu or at the end is no umlaut: neue, Mauer, Quelle, Statue
    ("neue", ["neue"]), ("Mauer", ["mauer"]), ("Quelle", ["quelle"]), ("Statue", ["statue"]),
    ("Kita", ["kita"]), ("563/2023", ["563/2023"]),
])
def test_a_query_word_is_searched_in_its_german_spellings(word, forms):
    assert sorted(snippets.spellings(word)) == sorted(forms)


def test_written_out_umlauts_and_ss_find_the_page_and_are_marked(tmp_path: Path):
    page = tmp_path / "brief.txt"
    page.write_text("Das Bürgermeisteramt prüft die Sanierung der Hauptstraße. Neu ist der "
                    "Radweg an der Bahnhofstrasse.\n", encoding="utf-8")
    db = tmp_path / "g.db"
    conn = write.connect(db)
    assert ingest(conn, [page]).failed == 0
    for query, marked in (("Buergermeisteramt", "[Bürgermeisteramt]"),
                          ("Hauptstrasse", "[Hauptstraße]"), ("Bahnhofstraße", "[Bahnhofstrasse]"),
                          ("Hauptstrasse OR Bahnhofstrasse", "[Hauptstraße]"),
                          # several words: each run an explicit AND (FTS5 allows no implicit
                          # AND beside a bracketed group of spellings)
                          ("Buergermeisteramt Sanierung", "[Bürgermeisteramt]"),
                          ("Radweg NOT Hauptstrasse Kita", "[Radweg]")):
        (hit,) = store.search(conn, query)
        assert marked in hit["snippet"], (query, hit["snippet"])
    assert store.search(conn, "neue") == []  # "neu" is another word (not ü: neü)
    conn.close()


def test_words_in_double_quotes_are_a_phrase_in_their_spellings(tmp_path: Path):
    """"Neugestaltung Kaiserstraße" finds the two words side by side in that order (in their
    spellings: Kaiserstrasse), not each word anywhere on the page, and marks them as one."""
    (tmp_path / "a.txt").write_text("Die Neugestaltung Kaiserstrasse beginnt 2024.\n")
    (tmp_path / "b.txt").write_text("Die Kaiserstraße und ihre Neugestaltung, dazu ein Kaiser.\n")
    (tmp_path / "c.txt").write_text("Zur Neugestaltung: Kaiserplatz und Kita.\n")
    conn = write.connect(tmp_path / "g.db")
    assert ingest(conn, [tmp_path]).failed == 0

    def found(query: str) -> list[str]:
        return sorted(Path(h["path"]).name for h in store.search(conn, query))

    assert found("Neugestaltung Kaiserstraße") == ["a.txt", "b.txt"]
    for query in ('"Neugestaltung Kaiserstraße"', '"neugestaltung kaiserstrasse"',
                  '"Neugestaltung Kaiserstraße', 'Kita OR "Neugestaltung Kaiserstraße"'):
        assert found(query) in (["a.txt"], ["a.txt", "c.txt"]), query
    assert found('Kita OR "Neugestaltung Kaiserstraße"') == ["a.txt", "c.txt"]
    assert found('"Neugestaltung Kaiser"*') == found('"Neugestaltung Kaiser*"') == \
        ["a.txt", "c.txt"]
    assert found('Kaiserstraße NOT "Neugestaltung Kaiserstraße"') == ["b.txt"]
    assert found('"Kaiserstraße Neugestaltung"') == []
    assert found('"Kita OR Schule"') == []  # an operator in quotes is a word
    (hit,) = store.search(conn, '"Neugestaltung Kaiserstraße"')
    assert hit["snippet"] == "Die [Neugestaltung Kaiserstrasse] beginnt 2024."
    (hit,) = store.search(conn, 'Kaiser NOT "Neugestaltung Kaiserstraße"')
    assert hit["snippet"].endswith("Neugestaltung, dazu ein [Kaiser].") and \
        hit["snippet"].count("[") == 1
    # the count is SQLite's own phrase query's
    _, total, _ = store.search_hits(conn, '"Neugestaltung Kaiserstraße"')
    assert total == conn.execute("SELECT count(*) FROM pages_fts WHERE pages_fts MATCH "
                                 "'\"neugestaltung kaiserstraße\" OR "
                                 "\"neugestaltung kaiserstrasse\"'").fetchone()[0] == 1
    conn.close()


def test_a_phrase_in_the_fts5_query():
    assert fts_query('"Neugestaltung Kaiserstraße"') == \
        '("neugestaltung kaiserstraße" OR "neugestaltung kaiserstrasse")'
    assert fts_query('"Neugestaltung Kaiser"* OR "563/2023" NOT Kita') == \
        '"neugestaltung kaiser"* OR "563/2023" NOT "kita"'
    assert fts_query('"Kita" "-Kita" "" Rat') == '"kita" "-kita" "rat"'  # in quotes: a word
    assert fts_query('"Kita OR') == '"kita or"'  # no closing quote: the rest is the phrase
    assert fts_query('"Bürger Radwege" Rat', stems=True) == \
        '(("bürger radwege" OR "buerger radwege") AND "rat")'  # a phrase is not stemmed
    with pytest.raises(store.BadQuery, match="last word"):
        fts_query('"Kita* Schule"')
    with pytest.raises(store.BadQuery, match="between two words"):
        fts_query('OR "Kita Schule"')
    # spelled variants: as written, all ue/ss, all ü/ß, then the rest; at most MAX_FORMS
    forms = snippets.phrase_forms(("Großmüllerstraße", "Bürger", "Überführung"))
    assert len(forms) == snippets.MAX_FORMS < 2 * 4 * 2 * 2
    assert forms[:2] == [("großmüllerstraße", "bürger", "überführung"),
                         ("grossmuellerstrasse", "buerger", "ueberfuehrung")]
    assert len(set(forms)) == len(forms)


def test_a_long_phrase_is_no_recursion_and_has_a_limit(tmp_path: Path):
    """A phrase's spellings come without recursion (990 words: was a RecursionError, a
    traceback); a phrase of more than MAX_PHRASE_WORDS words is a one-line error, exit 2 (FTS5
    took 6 s for 990 words); the snippet of a long phrase is cut in little time."""
    import time

    from grdrs.store.files import MAX_PHRASE_WORDS

    forms = snippets.phrase_forms(("Straße",) * 990)
    assert len(forms) == snippets.MAX_FORMS and len(set(forms)) == len(forms)
    assert forms[:3] == [("straße",) * 990, ("strasse",) * 990, ("straße",) * 989 + ("strasse",)]
    words = " ".join(["Straße"] * MAX_PHRASE_WORDS)
    assert fts_query(f'"{words}"').count(" OR ") == snippets.MAX_FORMS - 1
    with pytest.raises(store.BadQuery, match=f"101 words; at most {MAX_PHRASE_WORDS}"):
        fts_query(f'"{words} Straße"')
    with pytest.raises(store.BadQuery, match="101 words"):
        fts_query("/".join(["563"] * 101))  # one word, 101 for FTS5
    start = time.perf_counter()
    text = " ".join(["Strasse"] * 3000)
    got = snippets.cut(text, snippets.phrases(f'"{words}" Straße'))
    assert got and got.startswith("[Strasse") and time.perf_counter() - start < 2
    (tmp_path / "a.txt").write_text("Die Straße.\n")
    db = str(tmp_path / "g.db")
    assert run_grdrs("ingest", str(tmp_path / "a.txt"), "--db", db).returncode == 0
    r = run_grdrs("search", '"' + " ".join(["Straße"] * 990) + '"', "--db", db)
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert "a phrase of 990 words" in r.stderr and len(r.stderr) < 200, r.stderr


def test_a_phrase_from_the_command_line(tmp_path: Path):
    """The count line and --json of a phrase search; a * inside a phrase is a one-line error."""
    (tmp_path / "a.txt").write_text("Die Neugestaltung Kaiserstrasse beginnt.\n")
    (tmp_path / "b.txt").write_text("Die Kaiserstraße und ihre Neugestaltung.\n")
    db = str(tmp_path / "g.db")
    assert run_grdrs("ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                     "--db", db).returncode == 0
    r = run_grdrs("search", '"Neugestaltung Kaiserstraße"', "--db", db)
    assert r.returncode == 0 and r.stdout.startswith("1 matching page(s)"), r.stdout
    assert "[Neugestaltung Kaiserstrasse]" in r.stdout
    r = run_grdrs("search", '"Neugestaltung', 'Kaiserstraße"', "--db", db, "--json")
    (hit,) = json.loads(r.stdout)
    assert hit["file"].endswith("a.txt")
    r = run_grdrs("search", '"Neugestaltung* Kaiserstraße"', "--db", db)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "last word" in r.stderr, r.stderr
