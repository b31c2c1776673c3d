"""Source readers: encodings, HTML to text, PDF errors."""

from __future__ import annotations

import pytest
from conftest import SEED_PDF, STUTTGART

from grdrs.sources import ReadError, read, read_bytes
from grdrs.sources.html import html_to_text


def test_text_utf8_and_cp1252_and_form_feeds():
    doc = read_bytes("Größe\r\nSeite zwei\fDritte".encode("utf-8"), "a.txt", "a.txt", "txt")
    assert [p.text for p in doc.pages] == ["Größe\nSeite zwei", "Dritte"]
    doc = read_bytes("Ausschuß für Umwelt – 30.200 €".encode("cp1252"), "b.txt", "b.txt", "txt")
    assert doc.pages[0].text == "Ausschuß für Umwelt – 30.200 €" and not doc.warnings


def test_invalid_bytes_are_replaced_with_a_warning():
    doc = read_bytes(b"abc \x81\x8d\x8f\x90\x9d def", "c.txt", "c.txt", "txt")
    assert "\ufffd" in doc.pages[0].text and doc.warnings


# The text of a PDF whose font maps spaces, digits and punctuation to control codes (each
# letter 29 code points down): Karlsruhe 148899, a Lageplan, 13 % of its characters control
# codes between readable lines.
SHIFTED = ("BAUHERR\nPostfach 11 14 61;  76064 Karlsruhe\nPROJEKT\n1741\nFormat:\nA4 quer\n"
           "bQGHUXQJ\x033ODQQXPPHU\x1d\n-\nVolkswohnung GmbH\n3.2 Lageplan\n"
           "Planer/Datum:\nsm 5.09.2014\n*HSU\x81IW\x12'DWXP\x1d\n-\nGenehmigt/Datum:\n"
           "0|ULNHVWUD\x89H\x03\x19\x1a\x0f\x03\x1a\x13\x14\x1c\x1c\x036WXWWJDUW\x0f\n"
           "Vorhabenbezogener Bebauungsplan\nIn der Fassung vom 05.09.2014\n")


def test_text_with_control_codes_of_a_broken_font_is_text():
    doc = read_bytes(SHIFTED.encode("utf-8"), "ka.txt", "ka.txt", "txt")
    assert doc.pages[0].text == SHIFTED


def test_karlsruhe_148899_is_read(shared):
    import gzip
    import json

    with gzip.open(shared / "corpora" / "karlsruhe" / "texts.jsonl.gz", "rt") as f:
        text = next(json.loads(line)["text"] for line in f if '"file": "148899"' in line)
    doc = read_bytes(text.encode("utf-8"), "ka_148899.txt", "ka_148899.txt", "txt")
    assert doc.pages[0].text == text and "Lageplan" in text


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 40,  # every byte value
    bytes((i * 7919 + 13) % 256 for i in range(5000)),  # pseudo-random
    b"\x00\x01\x02\x03\x04\x05\x06" * 200,  # control codes through and through (UTF-8)
    b"\x01\x02\x03 \x05\x1c\x0f\x1d\x12\n" * 300,  # the same with a few blanks
    b"\x14\x11\x03 \x06\x00\x00\x00 \x00\x00\x00\"\x00\x00\x00#\x00\x00\x00$\x00\x00\x00(."
    b"\x00\x00\x00,\x00\x00\x00.\x00\x00\x00",  # locale data: mostly NULs, UTF-8 without them
    b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + b"\x01\x00>\x00\x01" + b"\x00" * 300 + b"crt1.c",
    SHIFTED.encode("utf-8").replace(b"\n", b"\x00" * 8),  # its bytes among many NULs
])
def test_binary_content_stays_rejected(data):
    with pytest.raises(ReadError, match="^not a txt file: binary content$"):
        read_bytes(data, "x.txt", "x.txt", "txt")


def test_html_declared_cp1252_and_utf8_with_wrong_meta():
    cp = '<html><head><meta charset="windows-1252"><title>T</title><script>var x=1;</script>' \
         '</head><body><p>Gemeinderat  beschließt</p><table><tr><td>Vorlage an</td><td>zur' \
         '</td></tr></table></body></html>'
    doc = read_bytes(cp.encode("cp1252"), "a.html", "a.html", "html")
    text = doc.pages[0].text
    assert "Gemeinderat beschließt" in text and "Vorlage an\tzur" in text and "var x" not in text
    utf = cp.replace("windows-1252", "iso-8859-1").encode("utf-8")
    assert "beschließt" in read_bytes(utf, "b.html", "b.html", "html").pages[0].text


def test_html_whitespace_collapses_like_a_browser():
    assert html_to_text("<p>a\n   b</p><br>c<li>d</li>") == "a b\nc\n- d\n"


def test_city_html_pages_read(shared):
    for f in sorted(STUTTGART.glob("*.html")):
        doc = read(f)
        assert doc.kind == "html" and len(doc.pages) == 1
        assert "Ã" not in doc.pages[0].text  # no mojibake from a wrong decoding


def test_pdf_pages_tables_and_errors(shared):
    doc = read(SEED_PDF)
    assert len(doc.pages) == 6 and "\r" not in doc.text and "\ufffe" not in doc.text
    assert doc.tables and doc.tables[0].rows[0] == ("Vorlage an", "zur", "Sitzungsart",
                                                    "Sitzungstermin")
    data = SEED_PDF.read_bytes()
    with pytest.raises(ReadError, match="damaged or truncated"):
        read_bytes(data[:4000], "t.pdf", "t.pdf", "pdf")
    with pytest.raises(ReadError, match="empty file"):
        read_bytes(b"", "e.pdf", "e.pdf", "pdf")
    with pytest.raises(ReadError, match="not a txt file: the bytes are a PDF"):
        read_bytes(data, "x.txt", "x.txt", "txt")


def test_pdf_without_text_layer_is_reported(tmp_path):
    from reportlab.pdfgen import canvas

    p = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(p))
    c.rect(100, 100, 200, 200, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(ReadError, match="no text layer"):
        read(p)


def test_encrypted_pdf_with_password_is_reported(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    p = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(p), encrypt=pdfencrypt.StandardEncryption("geheim", canPrint=0))
    c.drawString(100, 700, "Vertraulich")
    c.showPage()
    c.save()
    with pytest.raises(ReadError, match="encrypted with a password"):
        read(p)
    q = tmp_path / "open.pdf"
    c = canvas.Canvas(str(q), encrypt=pdfencrypt.StandardEncryption("", ownerPassword="o"))
    c.drawString(100, 700, "Offen lesbar")
    c.showPage()
    c.save()
    assert "Offen lesbar" in read(q).pages[0].text
