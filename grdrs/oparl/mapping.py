"""OParl objects → grdrs: vendor quirks smoothed out, a Paper mapped onto a grdrs paper.

Quirks handled here (they occur in real OParl 1.0/1.1 servers): plural keys (``consultations``,
``files``, ``agendaItems`` …), the 1.0 spelling ``underDirectionof``, a single object or URL
where a list belongs (and the reverse), objects without ``created``/``modified``, a ``type`` of
OParl 1.0 (``https://schema.oparl.org/1.0/Paper``).

A Paper becomes the grdrs paper (council, series, reference): ``reference`` is the number,
``paperType`` the type, ``name`` the title, ``date`` the date, the first ``underDirectionOf``
organization the department. Which File is the paper's own document: ``mainFile`` if there is
one, else (Karlsruhe has no mainFile) the file named like the paper, else the earliest
``auxiliaryFile`` whose name carries the paper's type and is not an Anlage, Protokoll,
Abstimmungsergebnis, Stellungnahme, cover sheet, plan …, else the earliest such file of any
name, else the earliest file (:func:`choose_main`; judged by ``bench/main_file.py``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# plural or misspelt keys → the OParl 1.1 key
ALIASES = {
    "consultations": "consultation", "files": "auxiliaryFile", "auxiliaryFiles": "auxiliaryFile",
    "underDirectionof": "underDirectionOf", "underdirectionof": "underDirectionOf",
    "agendaItems": "agendaItem", "relatedPapers": "relatedPaper",
    "superordinatedPapers": "superordinatedPaper", "subordinatedPapers": "subordinatedPaper",
    "organizations": "organization", "meetings": "meeting", "papers": "paper",
    "mainfile": "mainFile", "paperTyp": "paperType",
}

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# file names that are not the paper's own document (after an optional "TOP 15 " prefix)
NOT_OWN = re.compile(
    r"^\s*(?:TOP\s*\d+[a-z]?\s*[:.-]?\s*)?(?:Anlage|Anhang|Protokoll|Niederschrift|Abstimmung|"
    r"Ergebnis|Stellungnahme|Pr[äa]sentation|Plan\b|Lageplan|Karte|Beschlussauszug|Auszug|"
    r"Tagesordnung|Einladung|Bekanntmachung|Foto|Bild)", re.IGNORECASE)


def type_name(obj: Any) -> str:
    """"Paper" for ``https://schema.oparl.org/1.1/Paper`` (and 1.0)."""
    if not isinstance(obj, dict):
        return ""
    return str(obj.get("type") or "").rstrip("/").rsplit("/", 1)[-1]


def normalize(obj: dict[str, Any]) -> dict[str, Any]:
    """A copy with the OParl 1.1 keys (quirks of older or sloppy servers undone)."""
    out = {}
    for k, v in obj.items():
        key = ALIASES.get(k, k)
        if key in out and k != key:
            # both spellings: keep the list that says more
            if isinstance(v, list) and isinstance(out[key], list):
                out[key] = out[key] + [x for x in v if x not in out[key]]
            continue
        out[key] = v
    return out


def as_list(value: Any) -> list:
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def ref_id(value: Any) -> str | None:
    """The id of a referenced object, whether the server embeds it or gives its URL."""
    if isinstance(value, dict):
        v = value.get("id")
        return str(v) if v else None
    return str(value) if value else None


def iso_date(value: Any) -> str | None:
    """``2025-01-15`` from a date or date-time string (its local date), else None."""
    if not isinstance(value, str):
        return None
    m = _DATE.match(value.strip())
    return m.group(0) if m else None


def object_hash(obj: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def without_text(obj: Any) -> Any:
    """The object without File texts (they are stored as pages, not twice)."""
    if isinstance(obj, dict):
        return {k: without_text(v) for k, v in obj.items() if k != "text"}
    if isinstance(obj, list):
        return [without_text(v) for v in obj]
    return obj


def meeting_summary(meeting: dict[str, Any]) -> dict[str, Any]:
    """What consultations need of a Meeting: its date, organizations, agenda items."""
    m = normalize(meeting)
    agenda = {}
    for item in as_list(m.get("agendaItem")):
        if isinstance(item, dict) and item.get("id"):
            agenda[str(item["id"])] = {"number": item.get("number"), "result": item.get("result"),
                                       "public": item.get("public")}
    return {"date": iso_date(m.get("start")) or iso_date(m.get("end")),
            "name": m.get("name"), "organization": [ref_id(o) for o in
                                                    as_list(m.get("organization"))],
            "agenda": agenda}


@dataclass
class FilePlan:
    id: str
    role: str  # "main" | "attachment"
    name: str | None
    file_name: str | None
    obj: dict[str, Any]  # the File object (may carry "text", accessUrl, downloadUrl)


@dataclass
class PaperPlan:
    """What one OParl Paper becomes in the store."""

    oparl_id: str
    key: str
    cols: dict[str, Any]
    consultations: list[dict[str, Any]]
    links: list[tuple[str, str]]
    files: list[FilePlan]
    modified: str | None
    hash: str
    data: str
    url_consultations: list[str] = field(default_factory=list)


# … or anywhere in the name: a cover sheet, a plan, a map, an Anlage named after its paper
NOT_OWN_ANYWHERE = re.compile(
    r"(?<![A-Za-zÄÖÜäöüß])(?:Anlagen?(?=\s*$|[\s_.,-]*(?:\d|[A-Z](?![a-zäöüß])|\())|Anl_|"
    r"Beiblatt|Mitzeichnung|Planzeichnung|Pläne|Plan|Lageplan|Übersichtsplan|Karte|"
    r"Systemskizze|Skizze|Luftbild|Synopse|Begründung|Umweltbericht|Präsentation|Broschüre|"
    r"Flyer|Tischvorlage|StN|Festsetzungen|Festsetzung)(?![A-Za-zÄÖÜäöüß])"
    r"|^\s*TOP\s*[\d.]+[a-z]?\s*$")


def _type_words(paper_type: str | None) -> tuple[str, ...]:
    """Words of a file name that say "this is the paper of this type"."""
    if not paper_type:
        return ()
    t = paper_type.strip().casefold()
    words = [t] + [w for w in re.split(r"[-/\s]+", t) if len(w) > 5]
    if t.endswith("antrag"):
        words.append("antrag")
    if t.endswith("vorlage"):
        words.append("vorlage")
    return tuple(dict.fromkeys(words))


def _not_own(name: str, paper_type: str | None) -> bool:
    if paper_type and name.strip().casefold().startswith(paper_type.strip().casefold()):
        return False
    return bool(NOT_OWN.match(name) or NOT_OWN_ANYWHERE.search(name))


def choose_main(files: list[dict[str, Any]], main: dict[str, Any] | None,
                paper_name: str | None, paper_type: str | None = None) -> str | None:
    """The id of the paper's own document among its files: ``mainFile``; else a file named
    like the paper; else the earliest file whose name carries the paper's type
    (``Beschlussvorlage ohne Beschluss`` for a Beschlussvorlage) and is no Anlage, cover sheet,
    plan …; else the earliest such file of any name; else the earliest file."""
    if main is not None:
        return ref_id(main)
    objs = [f for f in files if isinstance(f, dict) and f.get("id")]
    if not objs:
        ids = [ref_id(f) for f in files if ref_id(f)]
        return ids[0] if ids else None
    for f in objs:
        if paper_name and (f.get("name") or "").strip() == paper_name.strip():
            return str(f["id"])
    order = sorted(range(len(objs)), key=lambda i: (iso_date(objs[i].get("date")) or "9999", i))
    own = [i for i in order if not _not_own(str(objs[i].get("name") or ""), paper_type)]
    words = _type_words(paper_type)
    typed = [i for i in own if any(w in str(objs[i].get("name") or "").casefold()
                                   for w in words)]
    return str(objs[(typed or own or order)[0]]["id"])


@lru_cache(maxsize=8)
def _reference_rx(number: str, suffixes: tuple[str, ...]) -> re.Pattern | None:
    if not suffixes:
        return None
    alts = "|".join(f"(?:{x})" for x in suffixes)
    return re.compile(rf"(?P<num>{number})[ \t]*,?[ \t]*\(?(?P<suf>{alts})\)?[ \t]*")


def split_reference(ref: str, profile: Any) -> tuple[str, str | None]:
    """A ``reference`` as (number, suffix) by the profile's number pattern and suffixes, as
    the texts' own numbers are read: "48/2018 1. Ergänzung" → ("48/2018", "1. Ergänzung").
    A reference that is not exactly a number and a suffix stays whole: (ref, None)."""
    from ..refs import norm_suffix

    get = getattr(profile, "get", None)
    rx = get and _reference_rx(get("numbers.number", "") or r"\d{1,5}/\d{4}",
                               tuple(get("numbers.suffixes", []) or []))
    m = rx.fullmatch(ref) if rx else None
    if m is None or not m.group("num"):
        return ref, None
    return _canonical(m, get), norm_suffix(m.group("suf"))


def _canonical(m: re.Match, get: Callable) -> str:
    """The number as the texts' own numbers are written (the profile's ``numbers.format``,
    zeros stripped where it says so): "0048/2018" and "48 / 2018" are 48/2018 in Stuttgart."""
    from types import SimpleNamespace

    from ..extractors.references import _format, _groups

    groups, _ = _groups(m)
    rules = SimpleNamespace(fmt=get("numbers.format", "{n}/{y}") or "{n}/{y}",
                            strip_zeros=bool(get("numbers.strip_zeros", False)))
    return _format(rules, groups) or m.group("num")


def map_paper(paper: dict[str, Any], *, council: str, series_for: Callable[[str | None], str],
              org_name: Callable[[str | None], str | None],
              meeting: Callable[[str | None], dict[str, Any] | None],
              paper_key: Callable[..., str],
              split_ref: Callable[[str], tuple[str, str | None]] = lambda r: (r, None)
              ) -> PaperPlan:
    """The grdrs paper, consultations, links and file plan of one (normalised) OParl Paper;
    ``split_ref`` parts a ``reference`` into number and suffix (:func:`split_reference`)."""
    p = normalize(paper)
    oid = str(p["id"])
    ref = str(p.get("reference") or "").strip() or None
    ptype = str(p.get("paperType") or "").strip() or None
    series = series_for(ptype)
    title = str(p.get("name") or "").strip() or None
    # grdrs's own export (`export graph --format oparl`) read back: its `reference` is the
    # name grdrs prints ("Antrag 29/2018"); its own fields keep number, series and suffix, and
    # which papers are only cited (stubs)
    own = p.get("grdrs:number")
    number, suffix = split_ref(ref) if ref else (None, None)
    if isinstance(own, str) and own.strip():
        suffix = None
        ref = number = own.strip()
        if isinstance(p.get("grdrs:series"), str) and p["grdrs:series"].strip():
            series = p["grdrs:series"].strip()
        if isinstance(p.get("grdrs:suffix"), str) and p["grdrs:suffix"].strip():
            suffix = p["grdrs:suffix"].strip()
    key = paper_key(council, series, number, suffix) if ref else f"{council}|oparl|{oid}"

    main_obj = p.get("mainFile") if isinstance(p.get("mainFile"), (dict, str)) else None
    aux = as_list(p.get("auxiliaryFile"))
    all_files = ([main_obj] if main_obj is not None else []) + aux
    main_id = choose_main(aux, main_obj, title, ptype)
    files: list[FilePlan] = []
    seen: set[str] = set()
    for f in all_files:
        fid = ref_id(f)
        if not fid or fid in seen:
            continue
        seen.add(fid)
        obj = normalize(f) if isinstance(f, dict) else {"id": fid}
        files.append(FilePlan(fid, "main" if fid == main_id else "attachment",
                              obj.get("name"), obj.get("fileName"), obj))

    consultations, url_cons = [], []
    for c in as_list(p.get("consultation")):
        if isinstance(c, str):
            url_cons.append(c)
            continue
        if isinstance(c, dict):
            consultations.append(map_consultation(c, org_name, meeting))

    links = []
    for k, t in (("superordinatedPaper", "superordinated"), ("subordinatedPaper", "subordinated"),
                 ("relatedPaper", "related")):
        for other in as_list(p.get(k)):
            dst = ref_id(other)
            if dst and dst != oid:
                links.append((dst, t))

    departments = [org_name(ref_id(o)) for o in as_list(p.get("underDirectionOf"))]
    department = next((d for d in departments if d), None)
    attachments = [f.name or f.file_name or f.id for f in files if f.role != "main"]
    data = {"attachments": attachments, "protocol": None, "number_source": "oparl",
            "oparl": {"id": oid, "web": p.get("web"), "body": ref_id(p.get("body"))}}
    cols = {"council": council, "series": series, "number": number, "suffix": suffix,
            "name": ref or (p.get("grdrs:name") if isinstance(p.get("grdrs:name"), str) else None)
            or title or oid.rstrip("/").rsplit("/", 1)[-1], "type": ptype,
            "date": iso_date(p.get("date")), "title": title, "department": department,
            "fictional": int(p.get("grdrs:fictional") is True),
            "stub": int(p.get("grdrs:stub") is True and not files),
            "data": json.dumps(data, ensure_ascii=False)}
    stored = without_text(p)
    return PaperPlan(oid, key, cols, consultations, links, files,
                     p.get("modified") if isinstance(p.get("modified"), str) else None,
                     object_hash(paper), json.dumps(stored, ensure_ascii=False), url_cons)


def map_consultation(c: dict[str, Any], org_name: Callable[[str | None], str | None],
                     meeting: Callable[[str | None], dict[str, Any] | None]) -> dict[str, Any]:
    c = normalize(c)
    orgs = [ref_id(o) for o in as_list(c.get("organization"))]
    org = next((o for o in orgs if o), None)
    m_raw = c.get("meeting")
    mid = ref_id(m_raw)
    summary = meeting_summary(m_raw) if isinstance(m_raw, dict) else meeting(mid)
    if org is None and summary and summary.get("organization"):
        org = next((o for o in summary["organization"] if o), None)
    ai_raw = c.get("agendaItem")
    item = None
    if isinstance(ai_raw, dict):
        item = {"number": ai_raw.get("number"), "result": ai_raw.get("result"),
                "public": ai_raw.get("public")}
    elif ai_raw and summary:
        item = summary["agenda"].get(str(ai_raw))
    public = item.get("public") if item else None
    return {"id": ref_id(c), "organization": org, "committee": org_name(org),
            "meeting": mid, "date": summary.get("date") if summary else None,
            "role": c.get("role"),
            "authoritative": None if c.get("authoritative") is None
            else int(bool(c.get("authoritative"))),
            "top": None if not item or item.get("number") is None else str(item["number"]),
            "result": item.get("result") if item else None,
            "public": None if public is None else int(bool(public))}
