"""OCR of scanned PDF pages: a page without a text layer is rendered and read by Tesseract.

The page is rendered with pypdfium2 (grayscale, at its scan's own resolution, 200–400 dpi) and
read by Tesseract (German, ``deu``) through pytesseract; nothing is downloaded at run time.
Tesseract is a program, not a Python package: Debian/Ubuntu ``apt-get install tesseract-ocr
tesseract-ocr-deu``, plus ``pip install pytesseract`` (a grdrs dependency).

The mode is one of

* ``"auto"`` (default): OCR whenever Tesseract (with German) is present; without it a scan
  fails with a reason that says how to install it;
* ``"on"`` (``--ocr``): as auto, but a missing Tesseract is an error (the CLI says so before
  reading anything);
* ``"off"`` (``--no-ocr``): never OCR; a scan fails with "no text layer".

It is process-wide state (the readers take only bytes and a name): :func:`set_mode`, or
:func:`using` for a block; ``$GRDRS_OCR`` gives the start value. Worker processes get it through
:func:`set_mode` as their pool initializer.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

MODES = ("auto", "on", "off")
LANG = "deu"
DPI = 300  # render resolution when a page does not tell its scan's own
MIN_DPI, MAX_DPI = 200, 400
MAX_PIXELS = 40_000_000  # a poster-sized page is rendered smaller (memory: 1 byte a pixel)
PAGE_TIMEOUT = 180  # seconds Tesseract may spend on one page
# Tesseract reads a rule, a table border or a margin mark as "|" (or "_") at a line's edge
_EDGE_MARK = re.compile(r"^[ \t]*[|_][ \t]+|[ \t]+\|[ \t]*$", re.M)
# Tesseract reads the dash (Gedankenstrich, "bis"-Strich) as "-"; a hyphen never has a space
# before it in German, so " - " between words or numbers, or " -" at a line's end, is the dash
_SPACED_HYPHEN = re.compile(r"(?<=\S) -(?= \S| *$)", re.M)
INSTALL_HINT = ("install Tesseract with German: apt-get install tesseract-ocr tesseract-ocr-deu "
                "(and pip install pytesseract)")


def _initial() -> str:
    env = os.environ.get("GRDRS_OCR", "auto").strip().lower()
    return env if env in MODES else "auto"


_mode = _initial()


def get_mode() -> str:
    return _mode


def set_mode(mode: str | None) -> None:
    """Set the process-wide OCR mode ("auto", "on", "off"); None leaves it."""
    global _mode
    if mode is None:
        return
    if mode not in MODES:
        raise ValueError(f"OCR mode must be one of {', '.join(MODES)}, not {mode!r}")
    _mode = mode


@contextmanager
def using(mode: str | None) -> Iterator[None]:
    """Run a block with the OCR mode ``mode`` (None: unchanged)."""
    before = _mode
    set_mode(mode)
    try:
        yield
    finally:
        set_mode(before)


_checked: dict[tuple[str, str], str | None] = {}


def missing() -> str | None:
    """None when OCR can run; else what is missing, with how to install it."""
    try:
        import pytesseract
    except ImportError:
        return "the Python package pytesseract is not installed (pip install pytesseract)"
    cmd = pytesseract.pytesseract.tesseract_cmd
    key = (cmd, os.environ.get("PATH", ""))
    if key in _checked:
        return _checked[key]
    exe = shutil.which(cmd)
    if exe is None:
        why: str | None = f"Tesseract is not installed; {INSTALL_HINT}"
    else:
        try:
            out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True,
                                 timeout=30)
            langs = set((out.stdout + out.stderr).split())
            why = None if LANG in langs else (
                "Tesseract has no German language data; apt-get install tesseract-ocr-deu")
        except (OSError, subprocess.SubprocessError) as err:
            why = f"Tesseract does not run ({err}); {INSTALL_HINT}"
    _checked[key] = why
    return why


def scan_dpi(page) -> int:
    """The resolution to render a scanned page at: its largest image's own, within
    [MIN_DPI, MAX_DPI]; DPI when the page says nothing. Rendering a scan above its own
    resolution blows its specks up into blobs that Tesseract reads as letters (a 200 dpi scan
    read at 300 dpi lost 3 of 7 amounts of the seed paper; at 200 dpi none)."""
    import pypdfium2.raw as pdfium_c

    best, best_area = 0.0, 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        try:
            bounds = obj.get_bounds if hasattr(obj, "get_bounds") else obj.get_pos
            left, bottom, right, top = bounds()
            px_w, px_h = obj.get_px_size() if hasattr(obj, "get_px_size") else obj.get_size()
        except Exception:  # noqa: BLE001 — an image without bounds or size says nothing
            continue
        w, h = right - left, top - bottom
        if w <= 0 or h <= 0 or w * h <= best_area:
            continue
        best, best_area = min(px_w / (w / 72), px_h / (h / 72)), w * h
    if best <= 0:
        return DPI
    return int(round(min(max(best, MIN_DPI), MAX_DPI)))


def read_page(page, dpi: int | None = None) -> str:
    """Tesseract's text of one pypdfium2 page, lines joined with "\\n" (no form feed),
    rendered at ``dpi`` (default: :func:`scan_dpi`).

    Raises RuntimeError when Tesseract fails or times out on the page.
    """
    import pytesseract

    if dpi is None:
        dpi = scan_dpi(page)

    # Tesseract's OpenMP threads fight each other (and grdrs' worker processes) for the cores:
    # one thread per process is about 3 times faster on 2 cores. A user's value is kept.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    width, height = page.get_size()
    scale = min(dpi / 72, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_pil()
        # psm 3 (automatic layout) keeps columns apart; dpi tells Tesseract the glyph size
        used = round(scale * 72)
        text = pytesseract.image_to_string(image, lang=LANG, config=f"--psm 3 --dpi {used}",
                                           timeout=PAGE_TIMEOUT)
    finally:
        bitmap.close()
    return tidy(text)


def tidy(text: str) -> str:
    """Tesseract's output as a stored page text: one line per printed line, no blank lines
    between Tesseract's paragraphs (pdfium gives a text layer so, and a blank line would split
    a sentence or a signature block), edge marks dropped, spaced hyphens as dashes."""
    text = text.replace("\r\n", "\n").replace("\f", "\n")
    text = _SPACED_HYPHEN.sub(" \u2013", _EDGE_MARK.sub("", text))
    lines = [ln.rstrip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln.strip()) + "\n"
