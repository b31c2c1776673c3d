"""A file's path as grdrs stores and prints it.

A file name need not be valid UTF-8 (a Latin-1 ``Beschluß`` copied from an old share is the
byte ``\\xdf``). Python hands such a name over with the byte as a lone surrogate
(``'\\udcdf'``), which neither SQLite nor a strict UTF-8 terminal accepts. grdrs keeps and
prints it as its bytes, the undecodable ones written as ``\\xdf`` escapes: the same name
always gives the same text, so a second ingest finds the file unchanged. The file itself is
still opened by its real name.
"""

from __future__ import annotations

import os


def printable(path: str | os.PathLike) -> str:
    """``path`` as text that encodes as UTF-8: unchanged when it does already, else its
    undecodable bytes as ``\\xNN`` escapes (and any other lone surrogate as ``\\udNNN``)."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        return text.decode("utf-8", "backslashreplace")
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file system byte stands for
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def is_printable(path: str | os.PathLike) -> bool:
    """Whether ``path`` is stored and printed as it is (see :func:`printable`)."""
    return printable(path) == os.fspath(path)
