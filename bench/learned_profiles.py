#!/usr/bin/env python
"""Profiles learned from OParl data, scored on data they were not learned from.

    python bench/learned_profiles.py huertgenwald [--dir DIR]
    python bench/learned_profiles.py karlsruhe [--dir DIR] [--sample 300] [--seed 1]

The papers are split in two by a hash of their OParl id: part A (learn) and part B (score).
A profile is learned from part A's papers (reference shapes, paper types, the organizations
they are consulted in), the Body and all Organizations (``grdrs.profiles.learn.from_oparl``, as
``grdrs ingest-oparl`` does); it reads part B's texts and is scored against part B's OParl data.
The generic profile (and for Karlsruhe the hand-written one) read the same texts for comparison.

Hürtgenwald (OParl 1.0, no file texts): the texts are the names of papers and agenda items in
part B (split by their own id; real council text: "Beanstandung der Niederschrift …;
Beschlussvorlage 111/2018", a number alone on the last line). Numbers: gold is every printed
string that is the reference of one of the council's papers (any part), at number boundaries;
read are the references the extractor finds. These names cite few papers (seven citations in
all 7,221 names), so the shape is also scored by reading part B's references back, each printed
once after a series word and once alone on an agenda item's line (recall; number and suffix
must both come back: "30/2007 1. Ergänzung"). Committees: the names of part B's meetings
("Bau- und Umweltausschuss (12. Sitzung)") against the meeting's organization.

Karlsruhe (OParl 1.1 with texts): part B's own documents (bench/karlsruhe_quality.py's choice),
a seeded sample. Numbers: (a) the own number where the text prints the OParl reference (as in
karlsruhe_quality.py); (d) cited numbers: super-/subordinated links of sampled papers whose text
prints the linked paper's reference, recall only (found among the references or as the text's
own number: a follow-up's text prints its base paper's number in its header). Committees: (c) (committee, date) pairs of the
paper's OParl consultations whose date the text prints, as in karlsruhe_quality.py.
"""

from __future__ import annotations

import argparse
import collections
import glob
import hashlib
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from grdrs.extractors import extract  # noqa: E402
from grdrs.model import Document, Page  # noqa: E402
from grdrs.profiles import from_data, load  # noqa: E402
from grdrs.profiles.learn import from_oparl  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"


def part(oid: str) -> str:
    """"A" (learn) or "B" (score), stable for an OParl id."""
    return "A" if hashlib.sha1(oid.encode()).digest()[0] % 2 == 0 else "B"


def prf(tp: int, n_read: int, n_gold: int) -> tuple[str, str]:
    p = f"{tp / n_read:.3f}" if n_read else "n/a"
    r = f"{tp / n_gold:.3f}" if n_gold else "n/a"
    return p, r


def run(text: str, profile, name: str = "t"):
    return extract(Document(name, name, "oparl", (Page(1, text),)), profile)


# --- Hürtgenwald -----------------------------------------------------------------------------

def _pages(folder: Path, kind: str) -> list[dict]:
    seen, out = set(), []
    for f in sorted(glob.glob(str(folder / "body" / "1" / f"{kind}*.json"))):
        try:
            data = json.loads(Path(f).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for o in data.get("data", []) if isinstance(data, dict) else []:
            if isinstance(o, dict) and o.get("id") and o["id"] not in seen:
                seen.add(o["id"])
                out.append(o)
    return out


def huertgenwald(args) -> None:
    folder = args.dir or CORPORA / "huertgenwald"
    body = json.loads((folder / "body.json").read_text(encoding="utf-8"))["data"][0]
    orgs = _pages(folder, "organization")
    papers = _pages(folder, "paper")
    meetings = _pages(folder, "meeting")
    learn_p = [p for p in papers if part(p["id"]) == "A"]
    data, report = from_oparl(body, orgs, learn_p, [m for m in meetings if part(m["id"]) == "A"])
    learned = from_data(data)
    org_name = {o["id"]: " ".join(o["name"].split()) for o in orgs}
    cores = {re.sub(r"\s+\d\.\s*Ergänzung$", "", " ".join(str(p.get("reference") or "").split()))
             for p in papers}
    cores.discard("")
    refs_rx = re.compile(r"(?<![\w/.,])(?:" + "|".join(sorted(map(re.escape, cores), key=len,
                                                              reverse=True)) + r")(?![\d/]|[.,]\d)")
    named = [(p["id"], p.get("name") or "") for p in papers]
    for m in meetings:
        named += [(a.get("id") or "", a.get("name") or "") for a in m.get("agendaItem") or []
                  if isinstance(a, dict)]
    texts = [t for oid, t in named if part(oid) == "B" and t.strip()]
    test_m = [m for m in meetings if part(m["id"]) == "B"]
    test_refs = [" ".join(str(p.get("reference") or "").split()) for p in papers
                 if part(p["id"]) == "B" and p.get("reference")]
    print(f"Hürtgenwald ({folder}): {len(papers)} papers, learned from part A ({len(learn_p)}), "
          f"scored on part B: {len(texts)} paper and agenda-item names, {len(test_m)} meetings, "
          f"{len(test_refs)} references\n")
    print("learned: " + "\n         ".join(report) + "\n")
    rows = []
    for label, prof in (("learned (part A)", learned), ("generic", load("generic"))):
        tp = n_read = n_gold = 0
        misses, extras = collections.Counter(), collections.Counter()
        for i, t in enumerate(texts):
            gold = collections.Counter(m.group() for m in refs_rx.finditer(t))
            got = collections.Counter(r.number for r in run(t, prof, f"t{i}").references)
            tp += sum((gold & got).values())
            n_read += sum(got.values())
            n_gold += sum(gold.values())
            misses.update({f"{k} in {t[:70]!r}": v for k, v in (gold - got).items()})
            extras.update({f"{k} in {t[:70]!r}": v for k, v in (got - gold).items()})
        ctp = c_read = c_gold = 0
        for m in test_m:
            if not m.get("name"):
                continue
            gold = {org_name.get(o) for o in m.get("organization") or []} - {None}
            got = {c.name for c in run(m["name"], prof).committees}
            ctp += len(gold & got)
            c_read += len(got)
            c_gold += len(gold)
        # part B's references printed as a citation and as an agenda item's number line
        back = 0
        for ref in test_refs:
            got = run(f"Siehe Beschlussvorlage {ref} vom Mai.", prof).references
            line = run(f"3. Bebauungsplan Nr. 12\n{ref}\nWortmeldungen? Keine.", prof).references
            for refs in (got, line):
                back += any(" ".join(filter(None, (r.number, r.suffix))) == ref for r in refs)
        rows.append((label, tp, n_read, n_gold, *prf(tp, n_read, n_gold),
                     f"{back / (2 * len(test_refs)):.3f}" if test_refs else "n/a",
                     ctp, c_read, c_gold, *prf(ctp, c_read, c_gold)))
        if args.v:
            for k, v in misses.most_common(args.examples):
                print(f"  {label}: miss {k} x{v}")
            for k, v in extras.most_common(args.examples):
                print(f"  {label}: extra {k} x{v}")
    print("| profile | numbers in names: right | read | gold | P | R | part B references read back (R) "
          "| committees in meeting names: right | read | gold | P | R |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| " + " | ".join(str(x) for x in r) + " |")


# --- Karlsruhe -------------------------------------------------------------------------------

def karlsruhe(args) -> None:
    import karlsruhe_consultations as kc
    import karlsruhe_quality as kq

    folder = args.dir or CORPORA / "karlsruhe"
    orgs_list = json.loads((folder / "organizations.json").read_text(encoding="utf-8"))
    orgs, meetings, papers, texts = kq.load_archive(folder)
    learn_p = [p for pid, p in papers.items() if part(pid) == "A"]
    data, report = from_oparl({"name": "Stadt Karlsruhe"}, orgs_list, learn_p)
    # scored as a council grdrs does not know: no detection of the shipped profile matters here
    learned = from_data(data)
    own = {pid: kq.own_file(p, texts) for pid, p in papers.items() if part(pid) == "B"}
    pool = sorted(pid for pid, f in own.items() if f)
    sample = random.Random(args.seed).sample(pool, min(args.sample, len(pool)))
    print(f"Karlsruhe ({folder}): {len(papers)} papers; learned from part A ({len(learn_p)}); "
          f"scored on {len(sample)} papers (seed {args.seed}) of part B's {len(pool)} with an own "
          f"document\n")
    print("learned: " + "\n         ".join(report) + "\n")
    print("| profile | (a) own number right | read | gold | P | R | (d) cited numbers found | gold "
          "| R | (c) committee+date right | read | gold | P | R |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, prof in (("learned (part A)", learned), ("generic", load("generic")),
                        ("karlsruhe.toml (hand-written)", load("karlsruhe"))):
        cache = {}

        def ext(fid):
            if fid not in cache:
                cache[fid] = run(texts[fid], prof, fid)
            return cache[fid]

        a_tp = a_read = a_gold = 0
        c_tp = c_gold = c_known = c_ok = 0
        d_tp = d_gold = 0
        for pid in sample:
            p = papers[pid]
            fid = own[pid]
            x = ext(fid)
            ref = p["reference"]
            shows = kq.NEW_REF.match(ref) is not None and kq.printed(ref, texts[fid])
            a_read += x.paper.number is not None
            a_gold += shows
            a_tp += shows and x.paper.number == ref
            full = kc.oparl_pairs(p, meetings, orgs)
            if full:
                gold = {g for g in full if g[1] in kc.printed_dates(texts[fid])}
                pairs = {(c.committee, c.date) for c in x.consultations}
                c_tp += len(gold & pairs)
                c_gold += len(gold)
                known = {g for g in pairs if g[1] in {d for _, d in full}}
                c_known += len(known)
                c_ok += len(known & full)
            for key in ("superordinatedPaper", "subordinatedPaper"):
                for qid in p.get(key, []):
                    q = papers.get(qid)
                    if q is None:
                        continue
                    qfiles = {kq.file_id(f) for f in q.get("auxiliaryFile", [])}
                    for f in p.get("auxiliaryFile", []):
                        fid2 = kq.file_id(f)
                        if fid2 not in texts or fid2 in qfiles or not kq.printed(q["reference"], texts[fid2]):
                            continue
                        d_gold += 1
                        d_tp += q["reference"] in {r.number for r in ext(fid2).references} | (
                            {ext(fid2).paper.number} if ext(fid2).paper.number else set())
        print(f"| {label} | {a_tp} | {a_read} | {a_gold} | {' | '.join(prf(a_tp, a_read, a_gold))} "
              f"| {d_tp} | {d_gold} | {prf(d_tp, d_tp, d_gold)[1]} "
              f"| {c_ok} | {c_known} | {c_gold} | {prf(c_ok, c_known, c_gold)[0]} | "
              f"{prf(c_tp, c_tp, c_gold)[1]} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("council", choices=("huertgenwald", "karlsruhe"))
    ap.add_argument("--dir", type=Path, default=None)
    ap.add_argument("--sample", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--examples", type=int, default=8)
    ap.add_argument("-v", action="store_true", help="list the commonest misses and extras")
    args = ap.parse_args()
    (huertgenwald if args.council == "huertgenwald" else karlsruhe)(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
