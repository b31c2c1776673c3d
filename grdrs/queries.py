"""Read-side answers as plain dicts with stable keys (what ``--json`` prints).

Standard library only — the query commands must start fast (no spaCy, pdfplumber,
networkx or sqlite-utils import on this path).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from . import store
from .paths import printable
from .refs import Ref, parse


class NotFound(LookupError):
    """A REF that names no paper in the database (exit status 1)."""


class Ambiguous(LookupError):
    """A REF that names several papers; the message lists them."""


class EmptyRef(ValueError):
    """An empty REF (a usage error, exit status 2)."""


CANDIDATES = 5  # "did you mean" suggestions for an unknown REF


def paper_json(row: sqlite3.Row) -> dict[str, object]:
    """The stable JSON of a paper row (``grdrs papers --json`` and every paper in answers)."""
    return {
        "council": row["council"], "series": row["series"], "number": row["number"],
        "suffix": row["suffix"], "name": row["name"], "type": row["type"], "date": row["date"],
        "title": row["title"] or row["cited_title"],
        "cited_title": row["cited_title"],
        "fictional": bool(row["fictional"]), "stub": bool(row["stub"]),
        "ref": label(row),
    }


def label(row: sqlite3.Row) -> str:
    """How a paper is named to a user — and how the user can name it back as a REF."""
    if row["number"] is None:
        return row["name"]
    series = row["series"]
    if series == "niederschrift" and (row["name"] or "").startswith("Niederschrift "):
        return row["name"]  # its specific name: another Niederschrift has the same number
    number = row["number"]
    suffix = f" {row['suffix']}" if row["suffix"] else ""
    if series in ("grdrs", "vorlage"):
        return f"{number}{suffix}"
    return f"{series.capitalize()} {number}{suffix}"


def resolve(conn: sqlite3.Connection, text: str,
            labels: Callable[[], list[str]] | None = None) -> sqlite3.Row:
    """The paper a REF names; raises :class:`EmptyRef`, :class:`NotFound` (with the closest
    names: "did you mean …", from ``labels()`` if given, else every paper's label) or
    :class:`Ambiguous` (listing the papers it names)."""
    text = printable(text)  # a path whose name is not UTF-8, as it is stored
    if not text.strip().strip("\"'").strip():
        raise EmptyRef("REF is empty: give a number (563/2023) or a name `grdrs papers` prints")
    ref, rows = _named(conn, text)
    council = None
    if not rows:  # "huertgenwald:48/2018" (as an ambiguous REF's papers are listed)
        council, rest = _council_prefix(conn, text)
        if council is not None:
            ref, rows = _named(conn, rest)
            rows = [r for r in rows if r["council"] == council]
    if not rows:
        near = suggest(conn, text, labels() if labels is not None else None)
        hint = f"; did you mean: {', '.join(near)}?" if near else ""
        where = f"{council}:" if council else ""
        raise NotFound(f"no paper {where + ref.describe()!r} in the database{hint}")
    real = [r for r in rows if not r["stub"]] or rows
    if len(real) > 1:
        names = ", ".join(_specific(conn, real[:8], councils=council is not None or len(
            {r["council"] for r in real}) > 1))
        raise Ambiguous(f"{text!r} names {len(real)} papers: {names}; name one of them")
    return real[0]


def _named(conn: sqlite3.Connection, text: str) -> tuple[Ref, list[sqlite3.Row]]:
    """The parsed REF and the papers it names (of any council)."""
    ref: Ref = parse(text)
    if ref.name is not None:
        # a paper named by its file: as `papers` prints it, or a tail of its path ("ka_1004"
        # names both a/ka_1004 and b/ka_1004)
        rows = store.find_papers(conn, name=ref.name) or store.papers_by_path_tail(
            conn, ref.name)
    else:
        rows = store.find_papers(conn, number=ref.number, series=ref.series, suffix=ref.suffix,
                                 council=ref.council)
        if not rows and ref.council:  # the shape says Karlsruhe; another council numbers so
            rows = store.find_papers(conn, number=ref.number, series=ref.series,
                                     suffix=ref.suffix)
        if not rows and ref.suffix:
            rows = _whole(conn, text, ref)
    if rows and ref.qualifier:
        specific = store.protocol_names(conn, [r["id"] for r in rows])
        rows = [r for r in rows if ref.matches_qualifier(specific.get(r["id"], ""))]
    if not rows or len(rows) > 1 and ref.name is not None:
        rows = _by_file(conn, text) or rows
    return ref, rows


def _council_prefix(conn: sqlite3.Connection, text: str) -> tuple[str | None, str]:
    """A REF led by a council of the database — ``huertgenwald:48/2018``, ``huertgenwald
    48/2018`` — split into the council and the rest; else (None, text)."""
    import re

    m = re.match(r"([^\s:]+)(?::\s*|\s+)(\S.*)$", text.strip().strip("\"'"))
    if m is not None and m[1].lower() in store.check_councils(conn):
        return m[1].lower(), m[2]
    return None, text


def _whole(conn: sqlite3.Connection, text: str, ref: Ref) -> list[sqlite3.Row]:
    """The papers whose number is stored whole with its suffix ("48/2018 1. Ergänzung", from
    an OParl reference grdrs did not part) and that grdrs prints as the REF was given."""
    raw = " ".join(text.strip().strip("\"'").split())
    rows = (store.find_papers(conn, name=raw)
            + store.find_papers(conn, number_prefix=f"{ref.number} ", series=ref.series))
    found = {r["id"]: r for r in rows if " ".join(label(r).split()) == raw}
    return list(found.values())


def _by_file(conn: sqlite3.Connection, text: str) -> list[sqlite3.Row]:
    """The paper of a stored file a REF gives the path of (as given, absolute or resolved):
    how two unnumbered papers of one file name are told apart."""
    import os

    raw = text.strip().strip("\"'")
    if os.sep not in raw and "." not in raw:
        return []
    return store.papers_of_file(conn, [raw, os.path.abspath(raw), os.path.realpath(raw)])


def _specific(conn: sqlite3.Connection, rows: list[sqlite3.Row], councils: bool) -> list[str]:
    """How to name each of several papers one REF names (a Niederschrift by its committee and
    date; with the council when they differ)."""
    protocols = store.protocol_names(conn, [r["id"] for r in rows])
    names = [(f"{r['council']}:" if councils else "") + protocols.get(r["id"], label(r))
             for r in rows]
    twice = {n for n in names if names.count(n) > 1}
    if twice:  # papers of one file name (copies in two folders): named by their files' paths
        paths = store.main_paths(conn, [r["id"] for r, n in zip(rows, names) if n in twice])
        names = [f"{paths[r['id']]}" if n in twice and r["id"] in paths else n
                 for r, n in zip(rows, names)]
    return names


def _other_order(number: str) -> str | None:
    """A paper number written the other way round: 563/2023 → 2023/0563 (Karlsruhe's order),
    2023/0563 → 563/2023 (Stuttgart's); None for another shape."""
    import re  # (only here, on the way to an error: `re` costs a query's start-up 4 ms)

    m = re.fullmatch(r"(\d{1,4})/((?:19|20)\d\d)", number)
    if m:
        return f"{m.group(2)}/{int(m.group(1)):04d}"
    m = re.fullmatch(r"((?:19|20)\d\d)/(\d{4})", number)
    return f"{int(m.group(2))}/{m.group(1)}" if m else None


def suggest(conn: sqlite3.Connection, text: str, labels: list[str] | None = None) -> list[str]:
    """The names closest to a REF that names nothing: the same number in another series
    ("Antrag 9010/2023" for 9010/2023) first, then the closest labels by rapidfuzz (imported
    only here, so a query that finds its paper does not pay for it)."""
    from rapidfuzz import fuzz, process

    ref = parse(text)
    out: list[str] = []
    if ref.number is not None:  # the number in another series, or another Niederschrift;
        for number in (ref.number, _other_order(ref.number)):  # in the other order
            if number is not None:  # (563/2023 where papers are numbered 2023/0563)
                out += _specific(conn, store.find_papers(conn, number=number,
                                                         suffix=ref.suffix), councils=False)
    if labels is None:
        labels = sorted({label(r) for r in store.list_papers(conn, include_stubs=True)})
    if ref.number is not None:  # the names sharing a part of the number: its year or its
        parts = {p.lstrip("0") for p in ref.number.split("/")}  # count (not 20233 for 563/2023)
        labels = [n for n in labels if parts & {
            t.lstrip("0") for t in "".join(c if c.isdigit() else " " for c in n).split()}]
    wanted = ref.describe() if ref.name is None else text.strip()
    if ref.name is not None and len(wanted) >= 3:  # the start of a long name ("11_Sitzung"):
        low = wanted.lower()                       # the names it starts, before the closest
        out += [n for n in labels if n.lower().startswith(low) and n not in out]
    for name, _, _ in process.extract(wanted, labels, scorer=fuzz.WRatio, limit=CANDIDATES,
                                      score_cutoff=70):
        if name not in out and not any(o.startswith(f"{name} (") for o in out):
            out.append(name)
    return out[:CANDIDATES]


def papers(conn: sqlite3.Connection, include_stubs: bool = False,
           limit: int | None = None) -> list[dict[str, object]]:
    return [paper_json(r) for r in store.list_papers(conn, include_stubs=include_stubs,
                                                     limit=limit)]


def _edge_json(row: sqlite3.Row) -> dict[str, object]:
    # row: e.type, e.count, e.data, then the paper's columns (its "type" is shadowed by e.type)
    keys = ("council", "series", "number", "suffix", "name", "date", "title", "cited_title",
            "fictional", "stub")
    out = {k: row[k] for k in keys}
    out["title"] = row["title"] or row["cited_title"]
    out["fictional"] = bool(out["fictional"])
    out["stub"] = bool(out["stub"])
    out["ref"] = label(row)
    out["edge"] = row[0]
    out["count"] = row["count"]
    out["locations"] = _locations(row["data"])  # [] for an edge without quotes (OParl's links)
    return out


def show(conn: sqlite3.Connection, text: str) -> dict[str, object]:
    """Everything known about one paper."""
    row = resolve(conn, text)
    pid = row["id"]
    data = store.paper_data(conn, pid)
    paper = paper_json(row)
    paper.update({"department": row["department"], "signatory": row["signatory"],
                  "budget": row["budget"], "attachments": data.get("attachments", []),
                  "protocol": data.get("protocol"),
                  "disagreements": data.get("disagreements") or {}})
    return {
        "paper": paper,
        "files": [{"path": f["path"], "name": f["name"], "role": f["role"], "kind": f["kind"],
                   "pages": f["pages"], "sha256": f["sha256"]}
                  for f in store.paper_files(conn, pid)],
        "consultations": [{"committee": c["committee"], "purpose": c["purpose"],
                           "public": None if c["public"] is None else bool(c["public"]),
                           "date": c["date"], "result": c["result"], "session": c["session"],
                           "page": c["page"], "text": c["text"]}
                          for c in store.consultations(conn, pid)],
        "oparl_consultations": [
            {"committee": c["committee"], "role": c["role"], "date": c["date"],
             "result": c["result"], "top": c["top"],
             "public": None if c["public"] is None else bool(c["public"]),
             "authoritative": None if c["authoritative"] is None else bool(c["authoritative"])}
            for c in store.oparl_consultations_of(conn, pid)],
        "cites": [_edge_json(e) for e in store.edges_out(conn, pid)],
        "cited_by": [_edge_json(e) for e in store.edges_in(conn, pid)],
        "amounts": store.mentions(conn, pid, ["amount"]),
        "dates": store.mentions(conn, pid, ["date", "period"]),
        "positions": store.mentions(conn, pid, ["position"]),
        "committees": sorted({m["name"] for m in store.mentions(conn, pid, ["committee"])}),
    }


BadQuery = store.BadQuery


def search(conn: sqlite3.Connection, query: str, limit: int = 20) -> list[dict[str, object]]:
    """The best ``limit`` matching pages; raises :class:`BadQuery` for a query FTS5 cannot
    read."""
    return search_with_total(conn, query, limit)[0]


def search_with_total(conn: sqlite3.Connection, query: str,
                      limit: int = 20) -> tuple[list[dict[str, object]], int, bool]:
    """(the best ``limit`` matching pages, how many pages match in all files, whether a
    higher limit lists more)."""
    try:
        hits, total, more = store.search_hits(conn, printable(query), limit)
    except sqlite3.OperationalError as err:
        if "fts5" not in str(err) and "syntax" not in str(err):
            raise
        raise BadQuery(f"cannot read the query {query!r} ({err}): words match whole words, "
                       "a word ending in * is a prefix, OR, AND and NOT go between two "
                       "words") from None
    by_id = store.papers_by_ids(conn, {h["paper_id"] for h in hits if h["paper_id"]})
    out = []
    for hit in hits:
        paper = by_id.get(hit["paper_id"])
        out.append({"paper": label(paper) if paper else None,
                    "title": (paper["title"] or paper["cited_title"]) if paper else None,
                    "fictional": bool(paper["fictional"]) if paper else False,
                    "file": hit["path"], "page": hit["page"],
                    "snippet": tidy_snippet(hit["snippet"])})
    return out, total, more


def tidy_snippet(text: str) -> str:
    """A snippet on one line, with runs of bare punctuation (a table's "( ( ( (", ". . . .")
    cut to one "…"."""
    out: list[str] = []
    run: list[str] = []
    for word in text.split():
        if any(c.isalnum() for c in word):
            out.extend(run if len(run) < 3 else ["…"])
            run = []
            out.append(word)
        else:
            run.append(word)
    out.extend(run if len(run) < 3 else ["…"])
    return " ".join(out)


# --------------------------------------------------------------------------------------------
# refs: what a paper cites and what cites it (recursive SQL, see store.walk)

def refs(conn: sqlite3.Connection, text: str, depth: int = 1,
         direction: str = "both") -> dict[str, object]:
    """``{"paper", "cites": [...], "cited_by": [...]}`` up to ``depth`` steps each way.

    Every paper → paper edge counts (cites, attachment_cites, supplements, replaces, answers,
    protocol_of, oparl_superordinated / _subordinated / _related; between two papers the
    stronger is named); each
    entry is a paper (as in ``papers --json``) with ``edge``, ``count``, ``locations``,
    ``depth`` and ``via`` (the paper one step closer to REF). A cycle ends the walk.
    """
    row = resolve(conn, text)
    pid = row["id"]
    out: dict[str, object] = {"paper": paper_json(row), "cites": [], "cited_by": []}
    for key, way in (("cites", "out"), ("cited_by", "in")):
        if direction not in (way, "both"):
            continue
        reached = store.walk(conn, [pid], store.PAPER_EDGE_TYPES, way, depth)
        rows = store.papers_by_ids(conn, reached)
        edges = store.paper_edges_among(conn, reached)
        best: dict[int, sqlite3.Row] = {}
        for e in edges:
            near, far = (e["src"], e["dst"]) if way == "out" else (e["dst"], e["src"])
            if far == pid or reached.get(near, -1) + 1 != reached.get(far):
                continue
            best.setdefault(far, e)
        for far, e in sorted(best.items(), key=lambda kv: (
                reached[kv[0]], rows[kv[0]]["date"] or "9999", label(rows[kv[0]]))):
            near = e["src"] if way == "out" else e["dst"]
            item = paper_json(rows[far])
            item.update({"edge": e["type"], "count": e["count"], "depth": reached[far],
                         "via": label(rows[near]),
                         "locations": _locations(e["data"])})
            out[key].append(item)
    return out


def _locations(data: str | None) -> list:
    if not data:
        return []
    import json  # (not at import: `grdrs papers` and `search` start without it)

    value = json.loads(data)
    return value if isinstance(value, list) else []
