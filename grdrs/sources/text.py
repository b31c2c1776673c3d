"""Plain text files: UTF-8 or cp1252; pages where the text has form feeds."""

from __future__ import annotations

from ..model import Document, Page


def decode(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode by the project's rule (interfaces.md, "Decoding"); returns (text, warnings).

    UTF-8 when the bytes are UTF-8 (whatever a meta tag claims); else the declared charset if
    it decodes; else cp1252; else UTF-8 with replacement characters and a warning.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        bad = text.count("\ufffd")
        return text, ([f"undecodable bytes: {bad} character(s) replaced (UTF-16)"] if bad else [])
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    for enc in filter(None, (declared, "cp1252")):
        try:
            return data.decode(enc), []
        except (UnicodeDecodeError, LookupError):
            continue
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return text, [f"undecodable bytes: {bad} character(s) replaced (neither UTF-8 nor cp1252)"]


def normalise(text: str) -> str:
    """Line endings to "\\n"; NUL bytes dropped (they break SQLite text and FTS)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def pages_of(text: str) -> tuple[Page, ...]:
    parts = normalise(text).split("\f")
    if len(parts) > 1 and not parts[-1].strip():
        parts.pop()
    return tuple(Page(i + 1, part) for i, part in enumerate(parts))


def read_text(data: bytes, name: str, source: str) -> Document:
    text, warnings = decode(data)
    if "\x00" in text:
        warnings.append(f"NUL bytes removed: {text.count(chr(0))}")
    return Document(source, name, "txt", pages_of(text), (), tuple(warnings))
