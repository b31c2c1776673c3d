#!/usr/bin/env python
"""The date a Karlsruhe paper's own text gives for the paper, against OParl's date of it.

For every paper of the archive with a ``date`` and a text for the file grdrs takes as its own
document (``grdrs.oparl.mapping.choose_main``, as ``ingest-oparl`` does), the text runs through
``grdrs.extractors.extract`` (profile ``karlsruhe``, or ``--profile``) as ``grdrs ingest`` of a
text copy would read it. The date read is classed: the same day as OParl's date; the date of
one of the paper's own sessions (a meeting date of its OParl consultations: the text printed
the session it was made for, ``Termin: 01.07.2014``, not the paper's date); another date within
7 weeks of OParl's; another date further off. Dates not read are counted too.

``--part even`` / ``odd`` takes the papers whose OParl id ends in an even / odd number (tune on
one, report the other); ``all`` both.

    python bench/karlsruhe_dates.py --part odd [--profile karlsruhe] [--examples 5]
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
KA = ROOT.parent / "shared" / "corpora" / "karlsruhe"

from grdrs.extractors import extract  # noqa: E402
from grdrs.model import Document, Page  # noqa: E402
from grdrs.oparl.mapping import as_list, choose_main, normalize, ref_id  # noqa: E402
from grdrs.profiles import load as load_profile, load_file  # noqa: E402

CLASSES = ("same day as OParl's date", "a session date of the paper (not OParl's date)",
           "another date within 7 weeks", "another date further off", "no date read")


def part_of(oid: str) -> str:
    digits = re.sub(r"\D", "", oid.rstrip("/").rsplit("/", 1)[-1]) or "0"
    return "even" if int(digits) % 2 == 0 else "odd"


def load(root: Path, part: str) -> list[tuple[str, str, str, set[str], str]]:
    """(reference, OParl date, type, session dates, own text) of each paper of the part."""
    meetings = {}
    for line in gzip.open(root / "meetings.jsonl.gz", "rt", encoding="utf-8"):
        m = json.loads(line)
        meetings[m["id"]] = (m.get("start") or "")[:10] or None
    chosen: dict[str, tuple[str, str, str, set[str]]] = {}
    for line in gzip.open(root / "papers.jsonl.gz", "rt", encoding="utf-8"):
        p = normalize(json.loads(line))
        if p.get("deleted") or not p.get("date") or (part != "all" and part_of(p["id"]) != part):
            continue
        aux = as_list(p.get("auxiliaryFile"))
        main = p.get("mainFile") if isinstance(p.get("mainFile"), (dict, str)) else None
        fid = choose_main(aux, main, p.get("name"), p.get("paperType"))
        if not fid:
            continue
        sessions = {meetings.get(ref_id(c.get("meeting"))) for c in as_list(p.get("consultation"))
                    if isinstance(c, dict)} - {None}
        chosen[fid.rstrip("/").rsplit("/", 1)[-1]] = (
            str(p.get("reference") or p["id"]), str(p["date"])[:10], str(p.get("paperType")),
            sessions)
    out = []
    for line in gzip.open(root / "texts.jsonl.gz", "rt", encoding="utf-8"):
        t = json.loads(line)
        hit = chosen.get(str(t["file"]))
        if hit and t["text"].strip():
            out.append((*hit, t["text"]))
    return out


def classify(read: str | None, oparl: str, sessions: set[str]) -> str:
    if read is None:
        return CLASSES[4]
    if read == oparl:
        return CLASSES[0]
    if read in sessions:
        return CLASSES[1]
    apart = abs((datetime.date.fromisoformat(read) - datetime.date.fromisoformat(oparl)).days)
    return CLASSES[2] if apart <= 49 else CLASSES[3]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--archive", default=str(KA))
    ap.add_argument("--part", choices=("even", "odd", "all"), default="odd")
    ap.add_argument("--profile", default="karlsruhe", help="a shipped name or a TOML file")
    ap.add_argument("--examples", type=int, default=0, help="papers to list per class")
    args = ap.parse_args()
    profile = (load_file(args.profile) if args.profile.endswith(".toml")
               else load_profile(args.profile))
    t0 = time.perf_counter()
    papers = load(Path(args.archive), args.part)
    counts: Counter[str] = Counter()
    by_type: dict[str, Counter[str]] = {}
    examples: dict[str, list[str]] = {c: [] for c in CLASSES}
    for ref, oparl, ptype, sessions, text in papers:
        doc = Document(source=ref, name=ref, kind="oparl", pages=(Page(1, text),))
        read = extract(doc, profile).paper.date
        cls = classify(read, oparl, sessions)
        counts[cls] += 1
        by_type.setdefault(ptype, Counter())[cls] += 1
        if len(examples[cls]) < args.examples:
            examples[cls].append(f"{ref}: OParl {oparl}, text {read}, sessions "
                                 f"{', '.join(sorted(sessions)) or '-'}")
    n = len(papers)
    dated = n - counts[CLASSES[4]]
    print(f"part {args.part}: {n} papers with a date and an own text "
          f"({time.perf_counter() - t0:.0f} s), profile {args.profile}")
    for c in CLASSES:
        print(f"  {c:48} {counts[c]:6}")
    print(f"  same day as OParl's, of the dates read: {counts[CLASSES[0]]}/{dated} = "
          f"{counts[CLASSES[0]] / max(dated, 1):.3f}; a session date as the paper's: "
          f"{counts[CLASSES[1]]}")
    for ptype, cnt in sorted(by_type.items(), key=lambda kv: -sum(kv[1].values()))[:6]:
        print(f"  {ptype}: " + ", ".join(f"{cnt[c]}" for c in CLASSES) + " (classes in order)")
    for c in CLASSES:
        for e in examples[c]:
            print(f"  [{c}] {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
