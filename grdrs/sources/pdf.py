"""PDF files: page text through pypdfium2, tables through pdfplumber where a page has one.

pdfplumber's table finder costs about 50–100 ms a page, so it runs only on pages whose
content holds enough vector paths (ruling lines, cell borders) to draw a table; pdfium
counts them for almost nothing.

A page without a text layer that shows an image (a scan) is read by OCR (:mod:`.ocr`) when the
OCR mode allows it and Tesseract is present; its stored text is then Tesseract's text, and the
document carries the warning "page N read by OCR". Pages with text are never OCR'd, so a mixed
document OCRs only its scanned pages.
"""

from __future__ import annotations

import io

from ..model import Document, Page, Table
from . import ocr
from .errors import ReadError, sniff

# pdfium marks a hyphen at a line end that it has joined with U+FFFE (sometimes \x02):
# store it as the hyphen and line break the page shows, so offsets match what a reader sees.
_PDFIUM_FIX = str.maketrans({"\ufffe": "-\n", "\x02": "-\n", "\r": None, "\x00": None})
MIN_PATHS_FOR_TABLE = 4
# a page is a scan when its text layer has fewer visible characters than this (a stamped page
# number or file name is not a text layer) and an image covers SCAN_IMAGE_SHARE of it
SCAN_MAX_CHARS = 40
SCAN_IMAGE_SHARE = 0.25


def _reason(err: Exception) -> str:
    msg = str(err)
    low = msg.lower()
    if "password" in low:
        return "encrypted with a password"
    if "format" in low or "file access" in low or "data" in low:
        return "damaged or truncated PDF (pdfium cannot parse it)"
    return f"cannot open PDF: {msg}"


def read_pdf(data: bytes, name: str, source: str) -> Document:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        looks = sniff(data)
        raise ReadError(f"not a PDF: the bytes look like {'HTML' if looks == 'html' else looks}")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise ReadError(_reason(err)) from None
    pages: list[Page] = []
    table_pages: list[int] = []
    warnings: list[str] = []
    unread: list[int] = []  # scanned pages left without text (OCR off or unavailable)
    mode = ocr.get_mode()
    try:
        n = len(pdf)
        if n == 0:
            raise ReadError("PDF has no pages")
        for i in range(n):
            page = pdf[i]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
                paths = sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH],
                                                        max_depth=1))
                text = text.replace("\r\n", "\n").translate(_PDFIUM_FIX)
                if _is_scan(page, text, pdfium_c):
                    if mode != "off" and ocr.missing() is None:
                        try:
                            text = ocr.read_page(page)
                        except (RuntimeError, OSError) as err:  # Tesseract failed
                            raise ReadError(f"OCR failed on page {i + 1}: {err}") from None
                        warnings.append(f"page {i + 1} read by OCR")
                    elif mode == "on":
                        raise ReadError(f"page {i + 1} is a scan and OCR cannot run: "
                                        f"{ocr.missing()}")
                    else:
                        unread.append(i + 1)
            finally:
                page.close()
            pages.append(Page(i + 1, text))
            if paths >= MIN_PATHS_FOR_TABLE:
                table_pages.append(i)
    except pdfium.PdfiumError as err:
        raise ReadError(_reason(err)) from None
    finally:
        pdf.close()
    why = ("OCR is off (--no-ocr)" if mode == "off"
           else f"OCR cannot run: {ocr.missing()}" if unread else "")
    skip = set(unread)
    if not any(p.text.strip() for p in pages if p.number not in skip):
        if unread:
            raise ReadError(f"no text layer on any of its {len(pages)} page(s): "
                            f"{'a scan' if len(unread) == len(pages) else 'scanned pages'}, "
                            f"and {why}")
        raise ReadError(f"no text layer on any of its {len(pages)} page(s), "
                        "and no scanned image to read by OCR")
    if unread:
        listed = ", ".join(map(str, unread))
        warnings.append(f"page(s) {listed} scanned without a text layer, not read: {why}")
    tables = _tables(data, table_pages) if table_pages else ()
    return Document(source, name, "pdf", tuple(pages), tables, tuple(warnings))


def _is_scan(page, text: str, pdfium_c) -> bool:
    """A page with (almost) no text layer on which an image covers a good part of the page."""
    if len(text) > 4 * SCAN_MAX_CHARS or sum(not c.isspace() for c in text) >= SCAN_MAX_CHARS:
        return False
    width, height = page.get_size()
    area = max(width * height, 1.0)
    covered = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        try:
            bounds = obj.get_bounds if hasattr(obj, "get_bounds") else obj.get_pos  # pdfium 5 / 4
            left, bottom, right, top = bounds()
        except Exception:  # noqa: BLE001 — an image without bounds does not count
            continue
        covered += max(right - left, 0) * max(top - bottom, 0)
        if covered >= SCAN_IMAGE_SHARE * area:
            return True
    return False


def _tables(data: bytes, page_indexes: list[int]) -> tuple[Table, ...]:
    """pdfplumber's tables on the given pages; a page that fails yields no table."""
    import pdfplumber

    out: list[Table] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as doc:
            for i in page_indexes:
                try:
                    found = doc.pages[i].extract_tables()
                except Exception:  # noqa: BLE001 — a broken table must not fail the page text
                    continue
                for rows in found:
                    clean = tuple(tuple(None if c is None else str(c) for c in row)
                                  for row in rows if row and any(c for c in row))
                    if clean:
                        out.append(Table(i + 1, clean))
    except Exception:  # noqa: BLE001 — pdfminer may reject what pdfium read
        return tuple(out)
    return tuple(out)
