"""Reading one file: bytes → document → clean text → facts (what a worker process does).

:func:`read_file` is a pure function of a file's bytes, its name and the profile; it never
raises (a failure comes back as ``Read.error``), so one broken file cannot stop a batch.
It also computes, per page, the edits that rebuild the reader's text from the clean text
(:mod:`grdrs.textdiff`), so the main process, the one writer, only stores.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .limits import is_memory_failure, memory_reason
from .paths import printable
from .sources import SUFFIXES, ReadError, read_bytes, require_text


@dataclass
class Read:
    """What a worker returns for one file."""

    path: str
    sha256: str
    size: int
    doc: object | None = None
    ext: object | None = None
    page_clean: list[str] | list[bytes] | None = None  # bytes: compressed (zip_pages)
    page_restore: list[bytes | None] | None = None
    main_series: str = "grdrs"
    error: str | None = None


def extract_document(doc, profile) -> tuple[object, list[str], list[bytes | None], str]:
    """A read document's facts, its clean pages, the restore ops of each page and the
    profile's main series (what every reader process sends back to the one writer)."""
    from .extractors import make_context, registry
    from .textdiff import restore_ops

    ctx = make_context(doc, profile)
    ext = registry.run(ctx)
    clean = [ctx.cleaned.page_text(p.number) for p in doc.pages]
    restore = [restore_ops(c, p.text) for c, p in zip(clean, doc.pages)]
    return ext, clean, restore, ctx.profile.main_series


def warm_up() -> None:
    """Import every reader and extractor (pypdfium2, pdfplumber, the store's compression too)
    before worker processes fork, so each worker starts with them instead of importing them
    again for its first file; a worker calls it again before it sets its memory limit (a
    no-op after a fork), because a module imported under that limit may fail to map its
    shared library. (OCR's pytesseract is left out: it brings numpy, about 100 MB of address
    space, for the few scans.)"""
    import importlib

    from .extractors import registry
    from .sources import html, pdf, text  # noqa: F401
    from . import textdiff  # noqa: F401
    from .extractors import sentences  # noqa: F401
    from .profiles import slug  # noqa: F401
    from .store import db  # noqa: F401  (zip_pages)

    for name in registry.ORDER:
        try:
            importlib.import_module(f".extractors.{name}", __package__)
        except ModuleNotFoundError as err:  # registry.run tells a missing extractor apart
            if err.name != f"{__package__}.extractors.{name}":
                raise
    for name in ("pypdfium2", "pdfplumber", "encodings.utf_16_le", "encodings.utf_16_be",
                 "encodings.cp1252"):
        try:
            importlib.import_module(name)
        except ImportError:  # reading a PDF then says what is missing
            pass


def failure(err: BaseException) -> str:
    """The one-line reason a file could not be read, for an error raised while reading it."""
    if isinstance(err, ReadError):
        return str(err)
    if isinstance(err, RecursionError):
        return "document structure nested too deeply"
    if is_memory_failure(err):
        return memory_reason()
    return f"internal error while reading: {type(err).__name__}: {err}"


def read_file(path: str, data: bytes, sha: str, profile: str | None) -> Read:
    """Read and extract one file; never raises (a failure comes back as ``error``)."""
    kind = SUFFIXES.get(Path(path).suffix.lower())
    out = Read(path, sha, len(data))
    if kind is None:
        out.error = (f"unsupported file type {Path(path).suffix or '(no suffix)'!r}: "
                     "grdrs reads .pdf, .txt, .html and .htm")
        return out
    try:
        # a name that is not UTF-8 is read under its printable form (what ingest stores)
        doc = read_bytes(data, printable(Path(path).name), printable(path), kind)
        require_text(doc)
        out.ext, out.page_clean, out.page_restore, out.main_series = \
            extract_document(doc, profile)
        out.doc = doc
    except Exception as err:  # noqa: BLE001 — one broken file must not stop the batch
        out.error = failure(err)
    return out


def missing_reason(path: str) -> str:
    """The failure reason of a path that is not there: missing, or a dangling symlink."""
    if os.path.islink(path):
        return (f"no such file: a symlink to {printable(os.readlink(path))}, which does not "
                "exist")
    return "no such file"


def all_missing(paths) -> str | None:
    """When not one of the named ``paths`` is there (missing, dangling symlinks), why
    ``ingest`` and ``extract`` have nothing to read (a usage error); else None."""
    paths = [str(p) for p in paths]
    if paths and not any(os.path.exists(p) for p in paths):
        return f"nothing to read: no such file or folder: {printable(', '.join(paths))}"
    return None


def read_path(args: tuple[str, str, str | None]) -> Read:
    path, _, profile = args
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return Read(path, "", 0, error=missing_reason(path))
    except OSError as err:
        return Read(path, "", 0, error=f"cannot open: {err.strerror or err}")
    # hash what was read here: the file may have changed since the main process hashed it
    out = read_file(path, data, hashlib.sha256(data).hexdigest(), profile)
    out.page_clean = zip_pages(out.page_clean)
    return out


def zip_pages(clean: list[str] | None) -> list[bytes] | None:
    """Clean pages compressed as the store keeps them, in the reader process (what a worker
    sends back), so that the one writer does not spend its time on it."""
    from .store.db import zip_text

    return None if clean is None else [zip_text(c) for c in clean]
