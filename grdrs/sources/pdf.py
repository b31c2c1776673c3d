"""PDF files: page text through pypdfium2, tables through pdfplumber where a page has one.

pdfplumber's table finder costs about 50–100 ms a page, so it runs only on pages whose
content holds enough vector paths (ruling lines, cell borders) to draw a table; pdfium
counts them for almost nothing.
"""

from __future__ import annotations

import io

from ..model import Document, Page, Table
from . import ReadError, sniff

# pdfium marks a hyphen at a line end that it has joined with U+FFFE (sometimes \x02):
# store it as the hyphen and line break the page shows, so offsets match what a reader sees.
_PDFIUM_FIX = str.maketrans({"\ufffe": "-\n", "\x02": "-\n", "\r": None, "\x00": None})
MIN_PATHS_FOR_TABLE = 4


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
            finally:
                page.close()
            text = text.replace("\r\n", "\n").translate(_PDFIUM_FIX)
            pages.append(Page(i + 1, text))
            if paths >= MIN_PATHS_FOR_TABLE:
                table_pages.append(i)
    except pdfium.PdfiumError as err:
        raise ReadError(_reason(err)) from None
    finally:
        pdf.close()
    if not any(p.text.strip() for p in pages):
        raise ReadError(f"no text layer on any of its {len(pages)} page(s) (a scan?); "
                        "grdrs cannot read scanned papers yet")
    tables = _tables(data, table_pages) if table_pages else ()
    return Document(source, name, "pdf", tuple(pages), tables)


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
