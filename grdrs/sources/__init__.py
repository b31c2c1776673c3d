"""Source readers: a file's bytes → :class:`grdrs.model.Document` (pages of stored text).

``read(path)`` picks the reader by suffix and raises :class:`ReadError` with a one-line,
human reason when a file cannot be read (empty, truncated, encrypted, not what its suffix
claims, no text layer). Readers are pure functions of the bytes and the file name.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Document
from .errors import ReadError, sniff

SUFFIXES = {".pdf": "pdf", ".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html"}


def kind_of(path: str | Path) -> str | None:
    return SUFFIXES.get(Path(path).suffix.lower())


def read_bytes(data: bytes, name: str, source: str, kind: str) -> Document:
    """Read ``data`` as ``kind`` ("pdf", "txt", "html")."""
    if not data:
        raise ReadError("empty file (0 bytes)")
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, name, source)
    looks = sniff(data)
    if looks == "pdf":
        raise ReadError(f"not a {kind} file: the bytes are a PDF")
    if looks == "binary":
        raise ReadError(f"not a {kind} file: binary content")
    if kind == "html":
        from .html import read_html

        return read_html(data, name, source)
    from .text import read_text

    return read_text(data, name, source)


# characters that show nothing: zero-width space and joiners, soft hyphen, byte order mark
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\u00ad\ufeff"))


def require_text(doc: Document) -> None:
    """A text or HTML file read as a paper must hold some text (an OParl File's empty text is
    a scan stored with its metadata: not checked there)."""
    if doc.kind in ("txt", "html") and not any(
            page.text.translate(_INVISIBLE).strip() for page in doc.pages):
        raise ReadError("no text: only blanks" + (" and markup" if doc.kind == "html" else ""))


def read(path: str | Path, source: str | None = None) -> Document:
    """Read the file at ``path`` into a :class:`Document`."""
    p = Path(path)
    kind = kind_of(p)
    if kind is None:
        raise ReadError(f"unsupported file type {p.suffix or '(no suffix)'!r}: "
                        "grdrs reads .pdf, .txt, .html and .htm")
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise ReadError("is a folder") from None
    except OSError as err:
        raise ReadError(f"cannot open: {err.strerror or err}") from None
    return read_bytes(data, p.name, source if source is not None else str(path), kind)


__all__ = ["Document", "ReadError", "SUFFIXES", "kind_of", "read", "read_bytes", "sniff"]
