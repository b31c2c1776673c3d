"""PDF files: page text through pypdfium2, tables through pdfplumber where a page likely has one.

pdfplumber's table finder parses the whole page with pdfminer (0.05–0.4 s a page, several MB of
page objects), so it runs only on pages where a table is likely:

* the page text shows a table header a profile knows (``[pdf] table_headers`` in
  ``grdrs/profiles/*.toml``, e.g. ``Vorlage an … Sitzungstermin``), or
* pdfium's path objects draw a ruled grid: horizontal and vertical rules (lines, thin boxes,
  box edges) that cross in at least two cells.

Real council pages draw many paths that are no table (rules, underlines, a logo set as glyph
outlines), so counting paths is not enough. pdfplumber gets only the chosen pages, one at a
time, and each page's objects are released before the next (``page.close()``), so memory stays
that of one page.

A page without a text layer that shows an image (a scan) is read by OCR (:mod:`.ocr`) when the
OCR mode allows it and Tesseract is present; its stored text is then Tesseract's text, and the
document carries the warning "page N read by OCR". Pages with text are never OCR'd, so a mixed
document OCRs only its scanned pages.
"""

from __future__ import annotations

import bisect
import ctypes
import io
import time
from collections import Counter
from functools import cache

from ..model import Document, Page, Table
from . import ocr
from .errors import ReadError, sniff

# a page is a scan when its text layer has fewer visible characters than this (a stamped page
# number or file name is not a text layer) and an image covers SCAN_IMAGE_SHARE of it
SCAN_MAX_CHARS = 40
SCAN_IMAGE_SHARE = 0.25
# ruled grid (points): a rule is at most RULE_WIDTH thick and at least RULE_LENGTH long; a
# path of at most BOX_SEGMENTS segments larger than that is a box (its four edges are rules).
# Glyph outlines (a logo set as curves) have more segments or are shorter than a rule.
RULE_WIDTH = 2.0
RULE_LENGTH = 10.0
BOX_SEGMENTS = 6
GRID_TOLERANCE = 1.5
# a grid's inner crossing has rule on all four sides for at least this long (half a small cell);
# a rule that overshoots a box's side by a few points is no grid
CELL_MIN = 6.0
# rule pairs compared per page at most (a page of thousands of dashes must not stall the read)
MAX_PAIRS = 200_000

# Seconds and counts of this process's PDF reading, by phase ("text", "tables", "ocr") and
# "pages", "table_pages" (pages given to pdfplumber): for bench/pdf_ingest.py and the tests.
# ``clock`` times the phases (wall clock; the bench sets time.process_time on a busy machine).
stats: Counter = Counter()
clock = time.perf_counter


def _reason(err: Exception, data: bytes) -> str:
    """Why pdfium cannot read the PDF ``data`` (``err``), in words."""
    msg = str(err)
    low = msg.lower()
    if _no_pages(data):  # first: pdfium sets no error for it, and says the last one it had
        return "PDF has no pages"  # ("encrypted with a password" after such a PDF)
    if "password" in low:
        return "encrypted with a password"
    if "format" in low or "file access" in low or "data" in low:
        return "damaged or truncated PDF (pdfium cannot parse it)"
    return f"cannot open PDF: {msg}"


def _no_pages(data: bytes) -> bool:
    """Whether a PDF pdfium does not open is a sound one whose page tree is empty: pdfium
    opens no PDF without a page and says of it what it says of a damaged one (or nothing,
    "PDFium: Success"). pdfminer reads it when its cross-reference table holds; one it has to
    rebuild by scanning the bytes is damaged, and a page tree without pages still counts the
    Page objects the file has."""
    try:
        from pdfminer.pdfdocument import PDFDocument, PDFXRefFallback
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser

        doc = PDFDocument(PDFParser(io.BytesIO(data)))
        if any(isinstance(x, PDFXRefFallback) for x in doc.xrefs):
            return False
        return next(PDFPage.create_pages(doc), None) is None
    except Exception:  # noqa: BLE001 — whatever pdfminer cannot read is not known to be sound
        return False


def _fix_text(text: str) -> str:
    """pdfium's page text as the page shows it.

    pdfium marks a hyphen at a line end that it has joined with U+FFFE (sometimes \x02): store
    it as the hyphen and line break the page shows, so offsets match what a reader sees.
    (``str.replace`` chains: several times faster than ``str.translate`` on long pages.)
    """
    text = text.replace("\r\n", "\n")
    for old, new in (("\ufffe", "-\n"), ("\x02", "-\n"), ("\r", ""), ("\x00", "")):
        if old in text:
            text = text.replace(old, new)
    return text


@cache
def table_headers() -> tuple[tuple[str, ...], ...]:
    """Every profile's ``[pdf] table_headers``: word groups, each casefolded, spaces collapsed.

    The reader runs before a profile is picked (the profile is detected from the text), so a
    header any profile knows sends its page to the table finder.
    """
    from .. import profiles

    out: list[tuple[str, ...]] = []
    for name in profiles.names():
        for group in profiles.load(name).get("pdf.table_headers", []):
            words = tuple(" ".join(w.split()).casefold() for w in group)
            if words and words not in out:
                out.append(words)
    return tuple(out)


def has_table_header(text: str) -> bool:
    """Whether the page text holds every phrase of one known table header (any order)."""
    headers = table_headers()
    if not headers:
        return False
    flat = " ".join(text.split()).casefold()
    return any(all(w in flat for w in group) for group in headers)


def ruled_grid(page_raw, pdfium_c) -> bool:
    """Whether the page's top-level path objects draw a ruled grid (two rows, two columns).

    Rules are thin paths (lines, hairline boxes) and the edges of boxes with few segments (cell
    borders, cell shading); see :func:`_crossings_make_grid` for what makes them a grid.
    """
    n = pdfium_c.FPDFPage_CountObjects(page_raw)
    path_type = pdfium_c.FPDF_PAGEOBJ_PATH
    get, kind = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType
    bounds, segments = pdfium_c.FPDFPageObj_GetBounds, pdfium_c.FPDFPath_CountSegments
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, bottom, right, top)]
    horizontal: list[tuple[float, float, float]] = []  # (y, x0, x1)
    vertical: list[tuple[float, float, float]] = []  # (x, y0, y1)
    for k in range(n):
        obj = get(page_raw, k)
        if kind(obj) != path_type or not bounds(obj, *refs):
            continue
        x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        w, h = x1 - x0, y1 - y0
        if h <= RULE_WIDTH and w >= RULE_LENGTH:
            horizontal.append(((y0 + y1) / 2, x0, x1))
        elif w <= RULE_WIDTH and h >= RULE_LENGTH:
            vertical.append(((x0 + x1) / 2, y0, y1))
        elif (w >= RULE_LENGTH or h >= RULE_LENGTH) and w > RULE_WIDTH and h > RULE_WIDTH \
                and 0 < segments(obj) <= BOX_SEGMENTS:
            horizontal += [(y0, x0, x1), (y1, x0, x1)]
            vertical += [(x0, y0, y1), (x1, y0, y1)]
    return _crossings_make_grid(horizontal, vertical)


def _merge(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear rules (coordinate within GRID_TOLERANCE) that touch or overlap, joined."""
    tol = GRID_TOLERANCE
    out: list[tuple[float, float, float]] = []
    group: list[tuple[float, float, float]] = []
    for rule in sorted(rules) + [(float("inf"), 0.0, 0.0)]:
        if group and rule[0] - group[0][0] > tol:
            coord = group[0][0]
            group.sort(key=lambda r: r[1])
            lo, hi = group[0][1], group[0][2]
            for _, a, b in group[1:]:
                if a <= hi + tol:
                    hi = max(hi, b)
                else:
                    out.append((coord, lo, hi))
                    lo, hi = a, b
            out.append((coord, lo, hi))
            group = []
        group.append(rule)
    return out


def _crossings_make_grid(horizontal: list[tuple[float, float, float]],
                         vertical: list[tuple[float, float, float]]) -> bool:
    """Whether horizontal (y, x0, x1) and vertical (x, y0, y1) rules cross like a grid.

    A grid of two rows and two columns has a crossing inside both rules (a "+", with at least
    CELL_MIN of rule on each side); a box, a rule through a box's side, a header row of cells
    or stacked highlight bars have corners and T-joints only. Collinear pieces (cell borders
    drawn cell by cell) are joined first.
    """
    if len(horizontal) < 2 or len(vertical) < 2:
        return False
    arm = CELL_MIN
    horizontal = _merge(horizontal)
    vertical = _merge(vertical)
    ys = [h[0] for h in horizontal]
    pairs = 0
    for x, vy0, vy1 in vertical:
        lo = bisect.bisect_left(ys, vy0 + arm)
        hi = bisect.bisect_right(ys, vy1 - arm)
        pairs += max(hi - lo, 0)
        if pairs > MAX_PAIRS:
            return False
        for _, hx0, hx1 in horizontal[lo:hi]:
            if hx0 + arm <= x <= hx1 - arm:
                return True
    return False


def read_pdf(data: bytes, name: str, source: str) -> Document:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        looks = sniff(data)
        raise ReadError(f"not a PDF: the bytes look like {'HTML' if looks == 'html' else looks}")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise ReadError(_reason(err, data)) from None
    pages: list[Page] = []
    table_pages: list[int] = []
    warnings: list[str] = []
    unread: list[int] = []  # scanned pages left without text (OCR off or unavailable)
    mode = ocr.get_mode()
    t0 = clock()
    ocr_seconds = 0.0
    try:
        n = len(pdf)
        if n == 0:
            raise ReadError("PDF has no pages")
        for i in range(n):
            page = pdf[i]
            try:
                textpage = page.get_textpage()
                text = _fix_text(textpage.get_text_range())
                textpage.close()
                if _is_scan(page, text, pdfium_c):
                    if mode != "off" and ocr.missing() is None:
                        t = clock()
                        try:
                            text = ocr.read_page(page)
                        except (RuntimeError, OSError) as err:  # Tesseract failed
                            raise ReadError(f"OCR failed on page {i + 1}: {err}") from None
                        ocr_seconds += clock() - t
                        warnings.append(f"page {i + 1} read by OCR")
                    elif mode == "on":
                        raise ReadError(f"page {i + 1} is a scan and OCR cannot run: "
                                        f"{ocr.missing()}")
                    else:
                        unread.append(i + 1)
                elif has_table_header(text) or ruled_grid(page.raw, pdfium_c):
                    table_pages.append(i)
            finally:
                page.close()
            pages.append(Page(i + 1, text))
    except pdfium.PdfiumError as err:
        raise ReadError(_reason(err, data)) from None
    finally:
        pdf.close()
        stats["text"] += clock() - t0 - ocr_seconds
        stats["ocr"] += ocr_seconds
        stats["pages"] += len(pages)
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
    """pdfplumber's tables on the given pages; a page that fails yields no table.

    Each page's parsed objects are released (``page.close()``) before the next page is read:
    kept alive, they cost several MB a page (a 100-page document took over 1 GB).
    """
    import pdfplumber

    out: list[Table] = []
    t0 = clock()
    try:
        with pdfplumber.open(io.BytesIO(data)) as doc:
            for i in page_indexes:
                try:
                    page = doc.pages[i]
                except Exception:  # noqa: BLE001 — pdfminer may not see the page pdfium read
                    continue
                try:
                    found = page.extract_tables()
                except MemoryError:  # over the worker's limit: the file fails as such
                    raise
                except Exception:  # noqa: BLE001 — a broken table must not fail the page text
                    continue
                finally:
                    page.close()
                    stats["table_pages"] += 1
                for rows in found:
                    clean = tuple(tuple(None if c is None else str(c) for c in row)
                                  for row in rows if row and any(c for c in row))
                    if clean:
                        out.append(Table(i + 1, clean))
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 — pdfminer may reject what pdfium read
        return tuple(out)
    finally:
        stats["tables"] += clock() - t0
    return tuple(out)
