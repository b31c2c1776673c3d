"""Consultations read from Karlsruhe Beschlussvorlagen against the city's own OParl data.

For a random sample of Beschlussvorlagen (papers with OParl consultations and a text), the
paper's own text (the first attached file with text that is not an Anlage, Protokoll, …) goes
through grdrs' committee and consultation extractors with the Karlsruhe profile. Gold: the
paper's OParl consultations as (organization name from organizations.json, meeting date from
meetings.jsonl.gz ``start``), restricted to those whose date the text prints (the README:
sessions planned after the paper was printed are not in it).

* recall    = gold pairs found / gold pairs whose date the text prints
* precision = extracted pairs that are OParl consultations of the paper / extracted pairs;
  also over the extracted pairs whose date is an OParl consultation date of the paper
  (the texts print sessions OParl does not list, mostly non-public Hauptausschuss sessions)

    python bench/karlsruhe_consultations.py [--n 1000] [--seed 1] [--examples 3]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
KA = ROOT.parent / "shared" / "corpora" / "karlsruhe"

from grdrs.extractors import consultations, make_context  # noqa: E402
from grdrs.profiles import load  # noqa: E402
from grdrs.model import Document, Page  # noqa: E402
from grdrs.sources import ReadError, read_bytes  # noqa: E402

NOT_OWN = re.compile(r"^(?:Anlage|Protokoll|Abstimmung|Ergebnis|Niederschrift|Anhang|Präsentation|"
                     r"Plan|Karte|Stellungnahme|Lageplan)", re.IGNORECASE)
DATES = re.compile(r"(?<!\d)(\d{1,2})\.[ \t]?(\d{1,2})\.[ \t]?((?:19|20)\d{2})(?!\d)")


def oparl_pairs(paper: dict, meetings: dict, orgs: dict) -> set[tuple[str, str]]:
    """(committee, meeting date) of every consultation OParl states for a paper."""
    full = set()
    for k in paper.get("consultation", []):
        d = meetings.get(k.get("meeting"))
        for o in k.get("organization", []):
            if d:
                full.add((orgs.get(o, o), d))
    return full


def printed_dates(text: str) -> set[str]:
    out = set()
    for d, m, y in DATES.findall(text):
        out.add(f"{y}-{int(m):02d}-{int(d):02d}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--dir", type=Path, default=KA)
    args = ap.parse_args()

    orgs = {o["id"]: o["name"] for o in json.loads((args.dir / "organizations.json").read_text())}
    meetings = {}
    for line in gzip.open(args.dir / "meetings.jsonl.gz", "rt", encoding="utf-8"):
        mt = json.loads(line)
        meetings[mt["id"]] = (mt.get("start") or "")[:10] or None
    papers = []
    for line in gzip.open(args.dir / "papers.jsonl.gz", "rt", encoding="utf-8"):
        p = json.loads(line)
        if p.get("paperType") == "Beschlussvorlage" and p.get("consultation"):
            papers.append(p)
    files_wanted = {}
    for p in papers:
        for f in p.get("auxiliaryFile", []):
            if not NOT_OWN.match(f.get("name", "")):
                files_wanted.setdefault(f["id"].rsplit("/", 1)[1], []).append(p["id"])
    texts = {}
    for line in gzip.open(args.dir / "texts.jsonl.gz", "rt", encoding="utf-8"):
        t = json.loads(line)
        if t["file"] in files_wanted and t["text"].strip():
            texts[t["file"]] = t["text"]
    own = {}
    for p in papers:
        for f in p.get("auxiliaryFile", []):
            fid = f["id"].rsplit("/", 1)[1]
            if fid in texts and not NOT_OWN.match(f.get("name", "")):
                own[p["id"]] = fid
                break
    pool = [p for p in papers if p["id"] in own]
    sample = random.Random(args.seed).sample(pool, min(args.n, len(pool)))
    profile = load("karlsruhe")

    tp = gold_n = ext_n = ext_ok = ext_known_date = ext_known_ok = 0
    with_bf = with_bf_gold = with_bf_tp = 0
    misses = collections.defaultdict(list)
    wrong = collections.defaultdict(list)
    extra = collections.Counter()
    extra_ex: dict[str, list] = {}
    chars = 0
    t0 = time.perf_counter()
    for p in sample:
        text = texts[own[p["id"]]]
        chars += len(text)
        try:
            doc = read_bytes(text.encode("utf-8"), f"{own[p['id']]}.txt", own[p["id"]], "txt")
        except ReadError:  # control characters in an extracted text: take it as it is
            doc = Document(own[p["id"]], f"{own[p['id']]}.txt", "txt",
                           (Page(1, text.replace("\r\n", "\n")),))
        ctx = make_context(doc, profile)
        got = {(c.committee, c.date) for c in consultations.extract(ctx)}
        full = oparl_pairs(p, meetings, orgs)
        dates = printed_dates(ctx.text)
        gold = {g for g in full if g[1] in dates}
        hit = gold & got
        tp += len(hit)
        gold_n += len(gold)
        ext_n += len(got)
        ext_ok += len(got & full)
        full_dates = {d for _, d in full}
        known = {g for g in got if g[1] in full_dates}
        ext_known_date += len(known)
        ext_known_ok += len(known & full)
        bf = bool(consultations.HEADER_KA.search(ctx.text) or consultations.GREMIUM.search(ctx.text))
        if bf:
            with_bf += 1
            with_bf_gold += len(gold)
            with_bf_tp += len(hit)
        for g in gold - got:
            same_date = [c for c, d in got if d == g[1]]
            if same_date:
                cls = f"date read for another committee: {same_date[0]!r} for {g[0]!r}"
            elif not bf:
                cls = "no consultation table (Beratungsfolge, Gremium:) in the text"
            else:
                cls = "date not read as a consultation"
            misses[cls].append((p["reference"], g))
        for g in got - known:
            extra[g[0]] += 1
            extra_ex.setdefault(g[0], []).append((p["reference"], g[1]))
        for g in known - full:
            want = sorted(c for c, d in full if d == g[1])
            wrong[f"{g[0]!r} where OParl has {want}"].append((p["reference"], g))
    dt = time.perf_counter() - t0

    def pct(a, b):
        return f"{a / b:.3f}" if b else "n/a"

    print(f"Karlsruhe Beschlussvorlagen: {len(sample)} papers (seed {args.seed}) of {len(pool)} with a text")
    print(f"gold consultations whose date the text prints: {gold_n}; found {tp}; "
          f"recall {pct(tp, gold_n)}")
    print(f"extracted pairs: {ext_n}; precision vs all OParl consultations of the paper "
          f"{pct(ext_ok, ext_n)}; over pairs on an OParl consultation date "
          f"{pct(ext_known_ok, ext_known_date)} ({ext_known_date} pairs)")
    print(f"texts with a consultation table: {with_bf}; recall there {pct(with_bf_tp, with_bf_gold)} "
          f"({with_bf_tp}/{with_bf_gold})")
    print(f"speed: {chars / dt / 1e6:.2f} MB/s (clean + consultations), {chars} chars")
    print("\nmisses by class:")
    agg = collections.Counter()
    for cls, items in misses.items():
        agg[cls.split(":")[0]] += len(items)
    for cls, n in agg.most_common():
        print(f"  {n:5d}  {cls}")
    for cls, items in sorted(misses.items(), key=lambda kv: -len(kv[1]))[:15]:
        print(f"  {len(items):4d} {cls}: {items[:args.examples]}")
    print("\nextracted sessions on dates with no OParl consultation of the paper, by committee:")
    for name, n in extra.most_common(12):
        print(f"  {n:5d}  {name}: {extra_ex[name][:args.examples]}")
    print("\nwrong committee on an OParl date (precision losses):")
    for cls, items in sorted(wrong.items(), key=lambda kv: -len(kv[1]))[:15]:
        print(f"  {len(items):4d} {cls}: {items[:args.examples]}")


if __name__ == "__main__":
    main()
