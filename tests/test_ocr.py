"""Scanned papers: pages without a text layer are read by Tesseract (grdrs.sources.ocr).

The scans are made here (bench/ocr_quality.make_scan renders the seed PDF to images and puts
them into an image-only PDF); the seed scan is OCR'd once per session. Tests that need
Tesseract skip without it, except under CI=true, where .ci/run installs it.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED_PDF, SHARED, need_shared, run_grdrs
from grdrs.evaluate import check_offsets, gold_from_seed_expected, score
from grdrs.reading import read_file
from grdrs.store import page_text
from grdrs.sources import ReadError, ocr, read

sys.path.insert(0, str(ROOT / "bench"))
from ocr_quality import make_scan  # noqa: E402

# Measured on the 300 dpi scan with skew, noise and JPEG (bench/ocr_quality.py): floors at the
# figures reached, so a regression in OCR or its clean-up shows.
FLOORS = {  # kind: (precision, recall)
    "references": (1.0, 1.0),
    "amounts": (1.0, 1.0),
    "per_year": (1.0, 1.0),
    "dates": (1.0, 1.0),
    "committees": (1.0, 1.0),
    "consultations": (1.0, 1.0),
    "positions": (1.0, 1.0),
}


def need_tesseract() -> None:
    why = ocr.missing()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must have Tesseract (.ci/run installs it): {why}")
        pytest.skip(f"OCR cannot run here: {why}")


# -- Tesseract's output as stored page text ------------------------------------------------

@pytest.mark.parametrize("raw, stored", [
    ("Bericht\n\nDie Abteilung\n", "Bericht\nDie Abteilung\n"),  # no paragraph blank lines
    ("zwei Stellen für die neue\n\nAbteilung\n", "zwei Stellen für die neue\nAbteilung\n"),
    ("| Mitteilungsvorlage zum Haushaltsplan\n", "Mitteilungsvorlage zum Haushaltsplan\n"),
    ("Meilensteine sind u.a. |\n", "Meilensteine sind u.a.\n"),
    ("Meilensteine | \n", "Meilensteine\n"),
    ("_ 25.07.2022: Auftakt\n", "25.07.2022: Auftakt\n"),
    ("Spalte a | Spalte b\n", "Spalte a | Spalte b\n"),  # inside a line: kept
    ("Stuttgart - Vorschläge\n", "Stuttgart \u2013 Vorschläge\n"),
    ("mit 200 - 400 Teilnehmenden\n", "mit 200 \u2013 400 Teilnehmenden\n"),
    ("Sozialplanung -\nBudget ab 2024\n", "Sozialplanung \u2013\nBudget ab 2024\n"),
    ("Ein- und Ausgaben\n", "Ein- und Ausgaben\n"),  # a hyphen stays a hyphen
    ("Ver-\nteilung\n", "Ver-\nteilung\n"),
    ("- Bildung einer Gruppe\n", "- Bildung einer Gruppe\n"),  # a bullet
    ("Seite 1\f", "Seite 1\n"),
    ("a\r\nb", "a\nb\n"),
])
def test_tidy(raw, stored):
    assert ocr.tidy(raw) == stored


@pytest.mark.parametrize("mode", ["auto", "on", "off"])
def test_mode_set_and_restored(mode):
    before = ocr.get_mode()
    with ocr.using(mode):
        assert ocr.get_mode() == mode
    assert ocr.get_mode() == before


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        ocr.set_mode("sometimes")


# -- scans made here -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_scan(tmp_path_factory) -> Path:
    need_shared()
    return make_scan(SEED_PDF, tmp_path_factory.mktemp("scan") / "seed-scan.pdf")


@pytest.fixture(scope="module")
def seed_scan_read(seed_scan):
    """The seed scan read and extracted with OCR on (once per session: ~15–40 s)."""
    need_tesseract()
    data = seed_scan.read_bytes()
    with ocr.using("on"):
        result = read_file(str(seed_scan), data, hashlib.sha256(data).hexdigest(), None)
    assert result.error is None, result.error
    return result


@pytest.fixture(scope="module")
def mixed_pdf(tmp_path_factory) -> Path:
    """Page 1 with a text layer; page 2 the image of a text page (a scan), no text layer."""
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    lines = ["Beratungsunterlage", "Der Gemeinderat beschliesst die Mittel",
             "von 45.000 EUR (vgl. GRDrs 412/2023)."]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for y, line in zip(range(760, 0, -30), lines):
        c.setFont("Helvetica", 14)
        c.drawString(72, y, line)
    c.showPage()
    c.save()
    src = pdfium.PdfDocument(buf.getvalue())
    image = src[0].render(scale=300 / 72, grayscale=True).to_pil()
    out = tmp_path_factory.mktemp("mixed") / "mixed.pdf"
    c = canvas.Canvas(str(out), pagesize=A4)
    c.setFont("Helvetica", 12)
    c.drawString(72, 760, "Seite 1: Text mit Textebene, Budget 10.000 EUR.")
    c.showPage()
    c.drawImage(ImageReader(image), 0, 0, *A4)
    c.showPage()
    c.save()
    return out


def test_scanned_seed_is_read_by_ocr(seed_scan_read):
    doc = seed_scan_read.doc
    assert len(doc.pages) == 6
    assert list(doc.warnings) == [f"page {n} read by OCR" for n in range(1, 7)]
    assert "Strategische Sozialplanung" in doc.pages[0].text
    assert "40.000 EUR" in doc.pages[0].text


def test_seed_scan_offsets_point_into_the_ocr_text(seed_scan_read):
    pred = seed_scan_read.ext.to_json()
    s = check_offsets(pred, [p.text for p in seed_scan_read.doc.pages])
    assert s.fp == 0 and s.tp > 50, s.extras


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_seed_scan_quality_floor(seed_scan_read, seed_scan, kind):
    gold = gold_from_seed_expected(SHARED / "papers" / "seed.expected.json", str(seed_scan))
    s = score(seed_scan_read.ext.to_json(), gold)[kind]
    p_floor, r_floor = FLOORS[kind]
    assert s.precision >= p_floor and s.recall >= r_floor, (s.misses, s.extras)


def test_no_ocr_fails_with_no_text_layer(seed_scan):
    with ocr.using("off"):
        with pytest.raises(ReadError, match=r"no text layer on any of its 6 page\(s\): a scan, "
                                            r"and OCR is off \(--no-ocr\)"):
            read(seed_scan)


def test_cli_no_ocr_fails_with_no_text_layer(seed_scan):
    r = run_grdrs("extract", "--no-ocr", str(seed_scan))
    assert r.returncode == 1
    assert f"{seed_scan}: no text layer" in r.stderr and "--no-ocr" in r.stderr


def _no_tesseract_path(tmp_path: Path) -> str:
    """A PATH with the Python interpreter's folder but no tesseract."""
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    return str(empty)


def test_cli_ocr_without_tesseract_is_an_error_with_install_hint(seed_scan, tmp_path):
    r = run_grdrs("extract", "--ocr", str(seed_scan),
                  env={"PATH": _no_tesseract_path(tmp_path)})
    assert r.returncode == 2, r.stderr
    assert "--ocr" in r.stderr and "Tesseract is not installed" in r.stderr
    assert "apt-get install tesseract-ocr tesseract-ocr-deu" in r.stderr
    r = run_grdrs("ingest", "--ocr", "--db", str(tmp_path / "g.db"), str(seed_scan),
                  env={"PATH": _no_tesseract_path(tmp_path)})
    assert r.returncode == 2 and "apt-get install tesseract-ocr" in r.stderr


def test_cli_scan_without_tesseract_fails_with_install_hint(seed_scan, tmp_path):
    db = tmp_path / "g.db"
    r = run_grdrs("ingest", "--db", str(db), str(seed_scan),
                  env={"PATH": _no_tesseract_path(tmp_path)})
    assert r.returncode == 1, r.stderr
    line = [ln for ln in r.stderr.splitlines() if str(seed_scan) in ln]
    assert len(line) == 1 and "no text layer" in line[0]
    assert "apt-get install tesseract-ocr tesseract-ocr-deu" in line[0]


def test_missing_tesseract_in_process(monkeypatch, seed_scan, tmp_path):
    monkeypatch.setenv("PATH", _no_tesseract_path(tmp_path))  # missing() caches per PATH
    assert "apt-get install tesseract-ocr tesseract-ocr-deu" in ocr.missing()
    with ocr.using("on"), pytest.raises(ReadError, match="OCR cannot run: Tesseract is not"):
        read(seed_scan)
    with ocr.using("auto"), pytest.raises(ReadError, match="no text layer.*apt-get install"):
        read(seed_scan)


def test_text_pdf_is_not_ocrd(shared):
    doc = read(SEED_PDF)
    assert not any("OCR" in w for w in doc.warnings)


def test_mixed_document_ocrs_only_the_scanned_page(mixed_pdf):
    need_tesseract()
    with ocr.using("off"):
        plain = read(mixed_pdf)
    assert plain.pages[1].text.strip() == ""
    assert plain.warnings == ("page(s) 2 scanned without a text layer, not read: "
                              "OCR is off (--no-ocr)",)
    with ocr.using("auto"):
        doc = read(mixed_pdf)
    assert doc.warnings == ("page 2 read by OCR",)
    assert doc.pages[0].text == plain.pages[0].text
    assert "45.000 EUR" in doc.pages[1].text and "412/2023" in doc.pages[1].text


def test_cli_extract_reads_a_scan(mixed_pdf):
    need_tesseract()
    import json

    r = run_grdrs("extract", "--ocr", "--json", str(mixed_pdf))
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert any(ref["number"] == "412/2023" and ref["page"] == 2 for ref in obj["references"])
    assert any(a["value"] == "45000.00" and a["page"] == 2 for a in obj["amounts"])
    # the page read by OCR is said, as ingest records it (a clerk sees what was guessed)
    assert "page 2 read by OCR" in r.stderr and r.stderr.startswith("grdrs: warning: ")


def test_cli_ingest_stores_the_ocr_warning(mixed_pdf, tmp_path):
    need_tesseract()
    import json
    import sqlite3

    db = tmp_path / "g.db"
    r = run_grdrs("ingest", "--db", str(db), str(mixed_pdf))
    assert r.returncode == 0, r.stderr
    with sqlite3.connect(db) as conn:
        (warnings,) = conn.execute("SELECT warnings FROM files").fetchone()
        text = " ".join(page_text(conn, f, p) for f, p in
                        conn.execute("SELECT file_id, page FROM pages ORDER BY page"))
    assert json.loads(warnings) == ["page 2 read by OCR"]
    assert "412/2023" in text
