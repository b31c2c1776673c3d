"""spaCy as the document model: facts as spans on a blank German Doc, extract --html."""

from __future__ import annotations

from conftest import SEED_TXT, need_shared, run_grdrs

from grdrs import nlp


def test_tokenizer_keeps_paper_numbers_and_abbreviations_whole():
    doc = nlp.blank()("vgl. GRDrs 669/2021 i.H.v. 21.000 Euro und 2023/0425/1 z.B.")
    tokens = [t.text for t in doc]
    assert "669/2021" in tokens and "i.H.v." in tokens and "2023/0425/1" in tokens


def test_facts_become_spans_on_the_page_doc():
    text = "Der Gemeinderat genehmigte (vgl. GRDrs 669/2021) i.H.v. 21.000 Euro."
    facts = [(text.index("GRDrs"), text.index(")"), "REF"),
             (text.index("21.000"), text.index("Euro") + 4, "AMOUNT")]
    doc = nlp.page_doc(text, facts, people=False)
    assert [(s.text, s.label_) for s in doc.spans["facts"]] == [
        ("GRDrs 669/2021", "REF"), ("21.000 Euro", "AMOUNT")]


def test_a_trained_pipeline_adds_persons_and_organisations(monkeypatch):
    """Stands in for an installed de_core_news_* pipeline: any pipeline whose ents carry
    PER/ORG labels is used the same way."""
    import spacy

    model = spacy.blank("de")
    ruler = model.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": "Alexandra Sußmann"},
                        {"label": "ORG", "pattern": "Freiwilligenagentur Stuttgart"},
                        {"label": "LOC", "pattern": "Stuttgart"}])
    monkeypatch.setattr(nlp, "trained", lambda: model)
    text = "Dr. Alexandra Sußmann und die Freiwilligenagentur Stuttgart in Stuttgart."
    doc = nlp.page_doc(text, [])
    assert {(s.text, s.label_) for s in doc.spans["facts"]} == {
        ("Alexandra Sußmann", "PER"), ("Freiwilligenagentur Stuttgart", "ORG")}


def test_extract_html_highlights_the_seed_facts(tmp_path):
    need_shared()
    out = tmp_path / "seed.html"
    r = run_grdrs("extract", "--html", "-o", str(out), str(SEED_TXT))
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "http" not in page.split("<body", 1)[0]
    for label in ("REF", "AMOUNT", "DATE", "COMMITTEE", "POSITION"):
        assert f">{label}<" in page or f"{label}</span>" in page, label
    assert page.count("669/2021") >= 1
    assert run_grdrs("extract", "--html", "--json", str(SEED_TXT)).returncode == 2


def test_extract_html_never_writes_over_an_input(tmp_path):
    """Several files with -o: a page per file in -o's folder, never onto one of the files
    (an exported .html page read back) and never two files onto one page (a.txt and a.html)."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = "Der Gemeinderat stellt 21.000 Euro bereit (GRDrs 669/2021)."
    sources = {"a.txt": text, "a.html": f"<html><body><p>{text}</p></body></html>",
               "b.html": f"<html><body><p>{text} Weitere 5.000 Euro.</p></body></html>"}
    for name, content in sources.items():
        (folder / name).write_text(content, encoding="utf-8")
    r = run_grdrs("extract", "--html", "-o", str(folder / "out.html"),
                  *(str(folder / n) for n in sources))
    assert r.returncode == 0, r.stderr
    for name, content in sources.items():  # the inputs as they were
        assert (folder / name).read_text(encoding="utf-8") == content
    pages = {p.name for p in folder.iterdir()} - set(sources)
    assert pages == {"a.txt.html", "a.html.html", "b.html.html"}, pages
    for page in pages:
        assert (folder / page).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # one file named twice (c.txt, in/../in/c.txt) beside another: one page each
    other = tmp_path / "other"
    other.mkdir()
    (other / "c.txt").write_text(text, encoding="utf-8")
    (other / "d.txt").write_text(text, encoding="utf-8")
    r = run_grdrs("extract", "--html", "-o", str(other / "out.html"), str(other / "c.txt"),
                  str(other / ".." / "other" / "c.txt"), str(other / "d.txt"))
    assert r.returncode == 0, r.stderr
    assert {p.name for p in other.iterdir()} == {"c.txt", "d.txt", "c.html", "d.html"}
    # one file written onto itself: refused, the file kept
    r = run_grdrs("extract", "--html", "-o", str(folder / "b.html"), str(folder / "b.html"))
    assert r.returncode == 2 and "input" in r.stderr
    assert (folder / "b.html").read_text(encoding="utf-8") == sources["b.html"]


def test_a_page_without_facts_is_shown_without_a_warning(tmp_path):
    """A page with no fact on it (an answer's Verteiler page) is no reason for spaCy's
    displaCy warning on stderr."""
    paper = tmp_path / "a.txt"
    paper.write_text("Nur ein Satz ohne Zahlen und ohne Namen.\n", encoding="utf-8")
    r = run_grdrs("extract", "--html", "-o", str(tmp_path / "a.out.html"), str(paper))
    assert r.returncode == 0 and "W117" not in r.stderr, r.stderr
