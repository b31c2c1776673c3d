"""PDF tables: pdfplumber's table finder runs only on pages with a known table header or a ruled
grid (pdfium's path geometry), consultation tables are still read, and each page pdfplumber
parsed is released before the next."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import ROOT, SEED_PDF, SHARED, need_shared

from grdrs.sources import pdf, read

KOELN = SHARED / "corpora" / "koeln"
# 13 pages, each drawing 31 vector paths (a logo set as glyph outlines, a header box crossed by
# a rule, a column divider) and no table: the former rule (>= 4 paths) sent every page on
KOELN_SMALL = KOELN / ("18_Sitzung_des_Rates_Einbringung_des_Haushaltsplanentwurfs_20220817_"
                       "Wortprotokoll_der_18_Sitzu_1.pdf")


@pytest.fixture
def finder_calls(monkeypatch) -> list[int]:
    """Page numbers (1-based) pdfplumber's table finder is run on; each page must be released
    (``Page.close``) before the finder runs on the next, so one page's objects live at a time."""
    calls: list[int] = []
    events: list[tuple[str, int]] = []
    find, close = pdfplumber.page.Page.extract_tables, pdfplumber.page.Page.close

    def extract_tables(self, *args, **kwargs):
        calls.append(self.page_number)
        events.append(("find", self.page_number))
        return find(self, *args, **kwargs)

    def counting_close(self):
        events.append(("close", self.page_number))
        return close(self)

    monkeypatch.setattr(pdfplumber.page.Page, "extract_tables", extract_tables)
    monkeypatch.setattr(pdfplumber.page.Page, "close", counting_close)
    yield calls
    finds = [i for i, (what, _) in enumerate(events) if what == "find"]
    for i, j in zip(finds, finds[1:] + [len(events)]):
        assert ("close", events[i][1]) in events[i + 1:j], "a parsed page was kept alive"


def paths_per_page(path: Path) -> list[int]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [sum(1 for _ in doc[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH],
                                                   max_depth=1)) for i in range(len(doc))]
    finally:
        doc.close()


def _vector_page(c, with_grid: bool, header: bool) -> None:
    """A page of running text drawing many paths: rules, underlines, a boxed heading, a
    column divider, a logo of curves; a ruled 3×4 grid and/or a consultation header if asked."""
    c.setFont("Helvetica", 10)
    c.rect(60, 770, 470, 28)  # boxed page head
    c.line(56, 784, 534, 784)  # a rule through the box's sides, a little beyond: no grid
    c.drawString(70, 788, "Wortprotokoll der Sitzung des Rates")
    for k in range(12):  # logo: glyph-like closed curves
        p = c.beginPath()
        x = 400 + 9 * k
        p.moveTo(x, 800)
        p.curveTo(x + 3, 808, x + 6, 808, x + 7, 800)
        p.curveTo(x + 6, 795, x + 2, 795, x, 800)
        p.close()
        c.drawPath(p, fill=1)
    c.line(297, 80, 297, 750)  # column divider
    y = 740
    for k in range(60):  # text with underlines (links), two columns
        x = 60 if k < 30 else 310
        yy = y - (k % 30) * 22
        c.drawString(x, yy, f"Redebeitrag {k}: Die Verwaltung berichtet über die Mittel.")
        c.line(x, yy - 2, x + 180, yy - 2)
    for k in range(8):  # stacked highlight bars of differing widths
        c.rect(60, 100 + 11 * k, 150 + 7 * k, 11, stroke=0, fill=0)
    if with_grid or header:
        c.showPage()
        c.setFont("Helvetica", 10)
        top, xs = 700, [60, 180, 260, 360, 480]
        labels = (["Vorlage an", "zur", "Sitzungsart", "Sitzungstermin"] if header
                  else ["Spalte A", "Spalte B", "Spalte C", "Spalte D"])
        rows = [labels, ["Verwaltungsausschuss", "Beratung", "öffentlich", "10.01.2024"],
                ["Gemeinderat", "Beschlussfassung", "öffentlich", "18.01.2024"]]
        for r, row in enumerate(rows):
            for k, cell in enumerate(row):
                c.drawString(xs[k] + 3, top - 20 * r - 14, cell)
        if with_grid:
            for r in range(len(rows) + 1):
                c.line(xs[0], top - 20 * r, xs[-1], top - 20 * r)
            for x in xs:
                c.line(x, top, x, top - 20 * len(rows))


def make_pdf(path: Path, pages: int, *, grid: bool = False, header: bool = False) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for k in range(pages):
        _vector_page(c, with_grid=grid and k == pages - 1, header=header and k == pages - 1)
        c.showPage()
    c.save()
    return path


def test_many_paths_without_a_table_stay_off_the_table_finder(tmp_path, finder_calls):
    p = make_pdf(tmp_path / "vector.pdf", 5)
    assert min(paths_per_page(p)) >= 60  # many paths on every page ...
    doc = read(p)
    assert len(doc.pages) == 5 and "Redebeitrag 3" in doc.pages[0].text
    assert finder_calls == [] and doc.tables == ()  # ... and no table finder


def test_a_ruled_grid_without_a_known_header_is_found(tmp_path, finder_calls):
    p = make_pdf(tmp_path / "grid.pdf", 3, grid=True)
    doc = read(p)
    assert finder_calls == [4]  # the grid's page only (page 4: after three text pages)
    assert [t.page for t in doc.tables] == [4]
    assert doc.tables[0].rows[0] == ("Spalte A", "Spalte B", "Spalte C", "Spalte D")
    assert doc.tables[0].rows[2][0] == "Gemeinderat"


def test_a_known_header_sends_its_page_even_without_rules(tmp_path, finder_calls):
    """No rules (pdfplumber's lines strategy then finds nothing) but the header: the page is
    tried, the others are not."""
    p = make_pdf(tmp_path / "header.pdf", 2, header=True)
    doc = read(p)
    assert finder_calls == [3] and "Sitzungstermin" in doc.pages[2].text


def test_real_koeln_minutes_stay_off_the_table_finder(finder_calls):
    need_shared()
    counts = paths_per_page(KOELN_SMALL)
    assert len(counts) == 13 and min(counts) >= 4  # what the former rule sent to pdfplumber
    doc = read(KOELN_SMALL)
    assert len(doc.pages) == 13 and finder_calls == [] and doc.tables == ()
    assert "Sitzung" in doc.pages[0].text


def test_consultation_tables_in_corpus_pdfs_are_still_read(finder_calls):
    need_shared()
    files = sorted((ROOT / "corpus").rglob("*.pdf")) + [SEED_PDF]
    with_table = 0
    for f in files:
        finder_calls.clear()
        doc = read(f)
        heads = [p.number for p in doc.pages if pdf.has_table_header(p.text)]
        assert finder_calls == sorted(set(finder_calls)) and set(heads) <= set(finder_calls), f
        found = {t.page for t in doc.tables
                 if t.rows[0][0] == "Vorlage an" and "Sitzungstermin" in t.rows[0]}
        assert found == set(heads), f  # every page that shows the header yields the table
        with_table += bool(found)
    assert with_table >= 10  # the corpus's Vorlagen and the seed carry one


@pytest.mark.parametrize("horizontal, vertical, grid", [
    # one box: four corners
    ([(0, 0, 100), (20, 0, 100)], [(0, 0, 20), (100, 0, 20)], False),
    # a rule through a box's sides, overshooting them a little
    ([(0, 0, 100), (20, 0, 100), (10, -4, 104)], [(0, 0, 20), (100, 0, 20)], False),
    # one row of cells (a header strip): T-joints only
    ([(0, 0, 300), (20, 0, 300)], [(0, 0, 20), (100, 0, 20), (200, 0, 20), (300, 0, 20)], False),
    # stacked bars of differing widths, each its own box
    ([(0, 0, 150), (11, 0, 150), (11, 0, 157), (22, 0, 157), (22, 0, 164), (33, 0, 164)],
     [(0, 0, 11), (150, 0, 11), (0, 11, 22), (157, 11, 22), (0, 22, 33), (164, 22, 33)], False),
    # two rows, two columns of rules
    ([(0, 0, 200), (20, 0, 200), (40, 0, 200)], [(0, 0, 40), (100, 0, 40), (200, 0, 40)], True),
    # the same grid drawn cell by cell (each cell a box): pieces are joined first
    ([(y, x, x + 100) for y in (0, 20, 40) for x in (0, 100)],
     [(x, y, y + 20) for x in (0, 100, 200) for y in (0, 20)], True),
])
def test_ruled_grid_geometry(horizontal, vertical, grid):
    assert pdf._crossings_make_grid(list(horizontal), list(vertical)) is grid


def test_table_headers_come_from_the_profiles():
    assert ("vorlage an", "sitzungstermin") in pdf.table_headers()
    assert pdf.has_table_header("Vorlage\nan   zur Sitzungsart\nSITZUNGSTERMIN")
    assert not pdf.has_table_header("Vorlage an den Gemeinderat")
