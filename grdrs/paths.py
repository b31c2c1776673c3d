"""A file's path as grdrs stores and prints it, and why grdrs cannot write one (``-o``).

A file name need not be valid UTF-8 (a Latin-1 ``Beschluß`` copied from an old share is the
byte ``\\xdf``). Python hands such a name over with the byte as a lone surrogate
(``'\\udcdf'``), which neither SQLite nor a strict UTF-8 terminal accepts. grdrs keeps and
prints it as its bytes, the undecodable ones written as ``\\xdf`` escapes: the same name
always gives the same text, so a second ingest finds the file unchanged. The file itself is
still opened by its real name.

A file ``-o`` names that cannot be written is said in words (``there is no folder exp``),
not as an errno (``[Errno 2] No such file or directory``).
"""

from __future__ import annotations

import os  # (pathlib, which imports re, only inside: the query commands start without re)


def printable(path: str | os.PathLike) -> str:
    """``path`` as text that encodes as UTF-8: unchanged when it does already, else its
    undecodable bytes as ``\\xNN`` escapes, its backslashes as ``\\x5c`` (and any other lone
    surrogate as ``\\udNNN``)."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)  # (printed as the same name given as text)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:  # its backslashes escaped too, else b"\xdf\\xdf" and b"\\xdf\xdf" both print \xdf\xdf
        return text.encode("utf-8", "surrogateescape").replace(b"\\", b"\\x5c").decode(
            "utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file system byte stands for
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def is_printable(path: str | os.PathLike) -> bool:
    """Whether ``path`` is stored and printed as it is (see :func:`printable`)."""
    return printable(path) == os.fspath(path)


def blocking_file(path: str | os.PathLike) -> os.PathLike | None:
    """The nearest existing one of ``path``'s folders when it is a file (no folder can be
    made in it), else None."""
    from pathlib import Path

    up = next((a for a in Path(path).parents if os.path.lexists(a)), None)
    return up if up is not None and not up.is_dir() else None


def file_problem(path: str | os.PathLike) -> str | None:
    """Why no file can be written at ``path``, in words — a folder is there, its folder is
    missing or is a file — or None (the write may still fail: see :func:`write_error`)."""
    from pathlib import Path

    p = Path(path)
    if p.is_dir():
        return f"{printable(p)} is a folder"
    if (up := blocking_file(p)) is not None:
        return f"{printable(up)} is a file"
    if not p.parent.is_dir():
        return f"there is no folder {printable(p.parent)}"
    return None


def write_error(path: str | os.PathLike, err: OSError) -> str:
    """The one line for a write to ``path`` that failed with ``err``, without its errno."""
    where = err.filename if isinstance(err.filename, str) else os.fspath(path)
    return f"cannot write {printable(where)}: {file_problem(where) or err.strerror or err}"
