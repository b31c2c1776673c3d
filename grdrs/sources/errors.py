"""What every reader shares: :class:`ReadError` (the one-line reason a file cannot be read)
and :func:`sniff` (what the bytes look like, for "not what its suffix claims")."""

from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be read; ``str(err)`` is the reason, without the file name."""



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
