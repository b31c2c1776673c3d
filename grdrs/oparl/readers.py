"""Readers for OParl dumps on disk: a folder of OParl JSON files, or JSON-lines files.

A folder is searched recursively for ``*.json``, ``*.jsonl``, ``*.ndjson`` (each optionally
``.gz``). A JSON file holds one OParl object, a list of objects, or an OParl list page
(``{"data": [...], "links": …}``); a JSON-lines file one object per line. Objects are sorted by
their ``type`` (System, Body, Organization, Meeting, Paper, File, …). Text records of the shape
of the Karlsruhe archive's ``texts.jsonl.gz`` (``{"file": id, "papers": [ids], "text": …}``) are
not kept in memory: :meth:`Dump.texts` streams them when they are needed.

An entry ``{"id": …, "deleted": true}`` without a ``type`` is a deletion mark
(:attr:`Dump.deleted`); a JSON file with no OParl object and no list page in it (a crawler's
list of URLs) is not OParl data and is set aside (:attr:`Dump.skipped`), not failed.

Nothing here touches the network: a File without ``text`` in a dump is stored with its metadata.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .mapping import type_name

SUFFIXES = (".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz")


class DumpError(Exception):
    """The source cannot be read at all (exit status 2)."""


def _open(path: Path) -> io.TextIOBase:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8-sig")


def _is_lines(path: Path) -> bool:
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    return name.endswith((".jsonl", ".ndjson"))


def _is_text_record(obj: Any) -> bool:
    return isinstance(obj, dict) and "text" in obj and "file" in obj and "type" not in obj


class Dump:
    """An OParl dump on disk (a folder or one file)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            self.files = sorted(p for p in self.path.rglob("*")
                                if p.is_file() and p.name.endswith(SUFFIXES))
        elif self.path.is_file():
            self.files = [self.path]
        else:
            raise DumpError(f"{path}: no such file or folder")
        if not self.files:
            raise DumpError(f"{path}: no OParl JSON or JSON-lines files in it")
        self.text_files: list[Path] = []
        self.errors: list[tuple[str, str]] = []  # (where, reason): objects that failed
        self.deleted: list[str] = []  # ids of `deleted: true` entries without a type
        self.skipped: list[str] = []  # JSON files without any OParl object (not OParl data)

    def objects(self) -> dict[str, list[dict[str, Any]]]:
        """Every OParl object of the dump by type (text records are set aside for texts())."""
        out: dict[str, list[dict[str, Any]]] = {}
        readable = 0
        for f in self.files:
            try:
                kept = self._read(f, out)
            except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as err:
                self.errors.append((str(f), f"cannot read: {err}"))
                continue
            readable += 1
            if kept == "texts":
                self.text_files.append(f)
        if not readable:
            raise DumpError(f"{self.path}: none of its files could be read")
        if not out and not self.text_files and not self.deleted:
            raise DumpError(f"{self.path}: no OParl objects in it")
        return out

    def _read(self, f: Path, out: dict[str, list[dict[str, Any]]]) -> str:
        found = [0, 0]  # OParl objects (and deletion marks) kept; list pages seen
        errors: list[tuple[str, str]] = []

        def add(obj: Any, where: str) -> None:
            if isinstance(obj, dict) and isinstance(obj.get("data"), list) and "id" not in obj:
                found[1] += 1
                for i, item in enumerate(obj["data"]):
                    add(item, f"{where}: data[{i}]")
                return
            t = type_name(obj)
            if isinstance(obj, dict) and obj.get("id") and obj.get("deleted") is True and not t:
                self.deleted.append(str(obj["id"]))  # a deletion mark: its type is not said
                found[0] += 1
                return
            if not t or not obj.get("id"):
                errors.append((where, "not an OParl object (no type or id)"))
                return
            out.setdefault(t, []).append(obj)
            found[0] += 1

        with _open(f) as fh:
            if _is_lines(f):
                for n, obj in self._lines(f, fh):
                    if _is_text_record(obj):
                        return "texts"  # streamed later by texts()
                    add(obj, f"{f}:{n}")
                return self._kept(f, found, errors)
            try:
                data = json.load(fh)
            except json.JSONDecodeError as err:
                self.errors.append((str(f), f"not JSON: {err}"))
                return "broken"
        if isinstance(data, list):
            if data and all(_is_text_record(i) for i in data):
                return "texts"  # read again by texts()
            for i, obj in enumerate(data):
                add(obj, f"{f}[{i}]")
        else:
            add(data, str(f))
        return self._kept(f, found, errors)

    def _kept(self, f: Path, found: list[int], errors: list[tuple[str, str]]) -> str:
        """A file with no OParl object and no list page in it (a crawler's own list of
        URLs, say) is not OParl data: skipped, not failed. Otherwise its entries that are not
        OParl objects are errors."""
        if not found[0] and not found[1] and errors:
            self.skipped.append(str(f))
            return "skipped"
        self.errors.extend(errors)
        return "objects"

    def texts(self) -> Iterator[dict[str, Any]]:
        """Text records ``{"file", "papers", "text"}``, streamed from the text files."""
        for f in self.text_files:
            with _open(f) as fh:
                if not _is_lines(f):
                    data = json.load(fh)
                    yield from (d for d in (data if isinstance(data, list) else [data])
                                if _is_text_record(d))
                    continue
                yield from (obj for _, obj in self._lines(f, fh) if _is_text_record(obj))

    def _lines(self, f: Path, fh: io.TextIOBase) -> Iterator[tuple[int, Any]]:
        """(line number, object) of each JSON line; a line that is not JSON is an error."""
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                self.errors.append((f"{f}:{n}", f"not JSON: {err}"))
                continue
            yield n, obj
