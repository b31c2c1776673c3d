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
    # the NULs dropped with a warning); other control characters in quantity do, unless the
    # bytes are UTF-8 that mostly prints (see _mostly_printing_utf8).
    head = data[:4096]
    sample = head.replace(b"\x00", b"")
    if not sample:
        return "binary"
    if sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 20 and not (
            head.count(0) <= len(head) // 20 and _mostly_printing_utf8(sample)):
        return "binary"
    return "text"


def _mostly_printing_utf8(sample: bytes) -> bool:
    """Whether bytes (with few NULs) that hold more control codes than a plain text are still
    text: UTF-8 (a character cut off at the end of the sample aside) of which at most a third
    are control characters. Such is the text of a PDF whose font maps spaces, digits and
    punctuation to control codes, 'bQGHUXQJ\\x033ODQQXPPHU\\x1d' between readable lines
    (39 of the Karlsruhe archive's 27,925 texts, ka_148899 among them); random bytes and
    binary formats are not UTF-8, or are mostly NULs (object files, locale data) or control
    codes."""
    import codecs

    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(sample)
    except UnicodeDecodeError:
        return False
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\v\f\r" or
                   "\x7f" <= ch <= "\x9f")
    return controls * 3 <= len(text)
