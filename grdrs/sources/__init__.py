"""Source readers: a file's bytes → :class:`grdrs.model.Document` (pages of stored text).

``read(path)`` picks the reader by suffix and raises :class:`ReadError` with a one-line,
human reason when a file cannot be read (empty, truncated, encrypted, not what its suffix
claims, no text layer). Readers are pure functions of the bytes and the file name.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Document

SUFFIXES = {".pdf": "pdf", ".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html"}


class ReadError(Exception):
    """A file that cannot be read; ``str(err)`` is the reason, without the file name."""


def kind_of(path: str | Path) -> str | None:
    return SUFFIXES.get(Path(path).suffix.lower())


def sniff(data: bytes) -> str:
    """What the bytes look like, for 'not what its suffix claims' messages."""
    head = data[:1024].lstrip().lower()
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        return "html"
    if data.startswith((b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b")):
        return "binary"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with a byte order mark
    # NUL bytes alone do not make a file binary (a text padded or sprinkled with NULs is read,
    # the NULs dropped with a warning); other control characters in quantity do.
    sample = data[:4096].replace(b"\x00", b"")
    if not sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 20:
        return "binary"
    return "text"


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
