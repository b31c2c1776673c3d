#!/usr/bin/env python
"""grdrs's extraction on the Karlsruhe archive, scored against the city's own OParl metadata.

Every text runs through ``grdrs.extractors.extract`` (profile ``karlsruhe``) as
``Document(file id, file id, "oparl", (Page(1, text),))``. Ground truth is the OParl metadata,
counted only where the text prints it (../shared/corpora/karlsruhe/README.md):

(a) own number: for a paper's own document (below), gold is the OParl ``reference`` when the
    text prints it (as ``2023/0425``, ``2023/0425/1``, ``DHH/2025/1004``; never as the start of a
    longer number). Old references (plain ``16543``) are not printed (the texts print an internal
    number), so there the right answer is no number. precision = right numbers / numbers read;
    recall = right numbers / texts printing the reference; accuracy = texts where the number read
    is the printed reference, or nothing where the reference is not printed / all own documents.
(b) paper type: the own document's type against OParl ``paperType`` (all own documents).
(c) consultations: (committee, meeting date) pairs of the paper's OParl consultations whose date
    the own document prints (bench/karlsruhe_consultations.py's definition, its functions used):
    recall over those, precision over extracted pairs on an OParl consultation date of the paper
    (the texts print sessions OParl does not list, so pairs on other dates are reported, not
    scored). Run bench/karlsruhe_consultations.py itself for its Beschlussvorlage-only report.
(d) links: for each ``superordinatedPaper``/``subordinatedPaper`` link P -> Q and each text
    file of P (not also filed with Q) that prints Q's reference: is Q's reference among the
    references extracted from it? Recall only (the links are few and far from every citation).
    Measured over every linked paper in the archive, not only the sample.
(e) reference precision on hand-checked citations: bench/karlsruhe_refs_checked.jsonl holds one
    verdict per extracted citation (file id, offsets, number, verdict, note); the script
    re-extracts those files, scores the verdicts of citations still extracted and counts the
    unchecked new ones. ``--dump-refs N`` writes N seeded random citations of the sample with
    ±120 characters of context for checking.

(f) title: the own document's title against OParl ``name``, where its first 6,000 characters
    print that name (letters and digits compared, case folded: line breaks and hyphenation of
    the page do not count). precision = right titles / titles read; recall = right / printed.
(g) own date: the date the own document prints for itself (its date line, `Eingang`, `vom`)
    against OParl's date of the paper — the same day, or more than a year apart (a date read
    from something else); Vorlagen print none, so this is mostly Anträge and Anfragen.

The own document of a paper: no paper has a mainFile, so it is one of its auxiliaryFiles — the
one whose name names the paper's kind (``Beschlussvorlage…``, ``Antrag…``, ``Anfrage``,
``Änderungs-/Ergänzungsantrag``, ``Informationsvorlage``, ``Vorlage…``), else the first with text
whose name does not mark an attachment, protocol, vote result, excerpt or the city's answer
(``Anlage``, ``Protokoll``, ``Abstimmungsergebnis``, ``Auszug``, ``Stellungnahme``/``StN`` …).
The Stellungnahme is not the paper's document: it answers the Antrag/Anfrage under its own
header, while OParl's paperType, reference and consultations describe the Antrag.

    python bench/karlsruhe_quality.py [--sample 1500] [--seed 1] [--examples 3]
    python bench/karlsruhe_quality.py --dump-refs 220 --refs-out /tmp/refs.txt
"""

from __future__ import annotations

import argparse
import collections
import datetime
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
KA = ROOT.parent / "shared" / "corpora" / "karlsruhe"
CHECKED = ROOT / "bench" / "karlsruhe_refs_checked.jsonl"

from grdrs.extractors import extract  # noqa: E402
from grdrs.model import Document, Page  # noqa: E402
from grdrs.profiles import load as load_profile  # noqa: E402

import karlsruhe_consultations as kc  # noqa: E402  (NOT_OWN, printed_dates)

NOT_OWN = re.compile(kc.NOT_OWN.pattern + r"|^(?:Abstimmungsergebnis|Auszug|StN\b|Stn\b|"
                     r"Sitzungseröffnung|Protokoll|Ergebnisprotokoll|Beantwortung)", re.IGNORECASE)
KIND_NAME = {
    "Beschlussvorlage": r"(?:GR-)?(?:Beschluss)?[Vv]orlage",
    "Informationsvorlage": r"Informationsvorlage|(?:GR-)?Vorlage",
    "Antrag": r"Antrag", "Anfrage": r"Anfrage",
    "Änderungs-/Ergänzungsantrag": r"Änderungs|Ergänzungs|Antrag",
    "Offenlage": r"(?:Beschluss)?[Vv]orlage|Offenlage",
}
YEAR_RANGE = re.compile(r"^((?:19|20)\d\d)/((?:19|20)\d\d)$")
NEW_REF = re.compile(r"^(?P<p>(?:BV|IV|ANF|ANT|DHH)/?)?(?P<core>(?:19|20)\d{2}/\d{4}(?:/\d{1,2}){0,2})$")


OLD_TYPES = (("Änderungsantrag", "Änderungs-/Ergänzungsantrag"),
             ("Ergänzungsantrag", "Änderungs-/Ergänzungsantrag"),
             ("Antrag", "Antrag"), ("Anfrage", "Anfrage"))


def old_type(name: str) -> str | None:
    """Old papers (plain references) are all 'Beschlussvorlage' in OParl, Anträge and Anfragen
    included; their name's first word ("Antrag SPD: …") gives the type instead."""
    first = name.split(" ", 1)[0]
    return next((t for w, t in OLD_TYPES if first == w), None)


HEAD_TYPE = re.compile(
    r"(?im)^[ \t]*(?:Stellungnahme zu[mr]?[ \t]+|ERGÄNZENDE STELLUNGNAHME\s+)?"
    r"(?:Interfraktionelle[r]?[ \t]+|Gemeinsame[r]?[ \t]+)?"
    r"(?P<t>Informationsvorlage|Beschlussvorlage|Änderungs-?[ \t]*antrag|Ergänzungs-?[ \t]*antrag"
    r"|Anfrage|Antrag|(?:DOPPEL)?HAUSHALT)\b")
HEAD_MAP = {"informationsvorlage": "Informationsvorlage", "beschlussvorlage": "Beschlussvorlage",
            "anfrage": "Anfrage", "antrag": "Antrag", "haushalt": "Haushalt",
            "doppelhaushalt": "Haushalt"}


def head_type(text: str) -> str | None:
    """The first type word at a line start in the first 1,500 characters (for classing misses)."""
    m = HEAD_TYPE.search(text[:1500])
    if not m:
        return None
    t = re.sub(r"[-\s]", "", m["t"].lower())
    return "Änderungs-/Ergänzungsantrag" if t.endswith("santrag") and t != "antrag" else HEAD_MAP.get(t)


def type_cause(gold: str, got: str | None, text: str) -> str:
    head = head_type(text)
    same = lambda a, b: a is not None and b is not None and (a == b or a.startswith("Haushalt") and b.startswith("Haushalt"))  # noqa: E731
    if got is None:
        return ("no type line in the text (not the paper's own header, or a header without one)"
                if head is None else f"the header names {head}, no type read")
    if same(got, head) and not same(gold, head):
        return f"the text's header names {head} where OParl says {gold} (text/OParl disagree)"
    if same(got, gold):
        return f"Haushalt Teilhaushalt read wrong: {got} for {gold}"
    return f"{got} read where the header names {head} and OParl says {gold}"


def file_id(f: dict) -> str:
    return f["id"].rsplit("/", 1)[1]


def load_archive(d: Path):
    orgs = {o["id"]: o["name"] for o in json.loads((d / "organizations.json").read_text())}
    meetings = {}
    for line in gzip.open(d / "meetings.jsonl.gz", "rt", encoding="utf-8"):
        mt = json.loads(line)
        meetings[mt["id"]] = (mt.get("start") or "")[:10] or None
    papers = {}
    for line in gzip.open(d / "papers.jsonl.gz", "rt", encoding="utf-8"):
        p = json.loads(line)
        if not p.get("deleted") and p.get("reference"):
            papers[p["id"]] = p
    texts = {}
    for line in gzip.open(d / "texts.jsonl.gz", "rt", encoding="utf-8"):
        t = json.loads(line)
        if t["text"].strip():
            texts[t["file"]] = t["text"]
    return orgs, meetings, papers, texts


def own_file(p: dict, texts: dict) -> str | None:
    files = [f for f in p.get("auxiliaryFile", []) if file_id(f) in texts]
    kind = KIND_NAME.get(p.get("paperType", ""), r"(?:Beschluss)?[Vv]orlage|Antrag")
    named = re.compile(rf"^(?:TOP[ \d.a-z,:]*)?(?:{kind})", re.IGNORECASE)
    for f in files:
        if named.match(f.get("name", "").strip()) and not NOT_OWN.match(f.get("name", "").strip()):
            return file_id(f)
    for f in files:
        if not NOT_OWN.match(f.get("name", "").strip()):
            return file_id(f)
    return None


def printed(ref: str, text: str) -> bool:
    """Does the text print the reference (a prefixed one also without its prefix)?"""
    m = NEW_REF.match(ref)
    if m:
        core = re.escape(m["core"])
        pre = re.escape(m["p"]) + "?" if m["p"] else ""
        return re.search(rf"(?<![\w/.,]){pre}{core}(?![\d/]|/\d)", text) is not None
    return re.search(rf"(?<![\d./,]){re.escape(ref)}(?![\d]|[.,]\d)", text) is not None


def context(text: str, s: int, e: int, width: int = 120) -> str:
    return (text[max(0, s - width):s] + "[[" + text[s:e] + "]]" + text[e:e + width]).replace("\n", "⏎")


class Runner:
    def __init__(self, texts: dict):
        self.texts = texts
        self.cache: dict[str, object] = {}
        self.profile = load_profile("karlsruhe")
        self.seconds = 0.0
        self.bytes = 0

    def __call__(self, fid: str):
        if fid not in self.cache:
            text = self.texts[fid]
            doc = Document(fid, fid, "oparl", (Page(1, text),))
            t = time.perf_counter()
            self.cache[fid] = extract(doc, self.profile)
            self.seconds += time.perf_counter() - t
            self.bytes += len(text.encode("utf-8"))
        return self.cache[fid]


def letters(s: str | None) -> str:
    """A title as compared: its letters and digits, case folded (line breaks, hyphenation and
    spacing of the printed page do not count)."""
    return "".join(c for c in (s or "").casefold() if c.isalnum())


def prf(tp: int, n_ext: int, n_gold: int) -> tuple[str, str, str]:
    p = tp / n_ext if n_ext else None
    r = tp / n_gold if n_gold else None
    f = 2 * p * r / (p + r) if p and r else None
    return tuple("n/a" if x is None else f"{x:.3f}" for x in (p, r, f))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=1500, help="papers in the random sample")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--dir", type=Path, default=KA)
    ap.add_argument("--checked", type=Path, default=CHECKED)
    ap.add_argument("--dump-refs", type=int, default=0, metavar="N",
                    help="write N random extracted citations with context to --refs-out")
    ap.add_argument("--refs-out", type=Path, default=Path("karlsruhe_refs_sample.txt"))
    args = ap.parse_args()

    t0 = time.perf_counter()
    orgs, meetings, papers, texts = load_archive(args.dir)
    load_s = time.perf_counter() - t0
    run = Runner(texts)
    own = {pid: own_file(p, texts) for pid, p in papers.items()}
    pool = sorted(pid for pid, f in own.items() if f)
    sample = random.Random(args.seed).sample(pool, min(args.sample, len(pool)))
    ex = args.examples
    rows = []

    # (a) own number, (b) type, (c) consultations --------------------------------------------
    a_tp = a_ext = a_gold = a_acc = 0
    a_miss = collections.defaultdict(list)
    h_ok = h_n = 0
    b_ok = b_ext = b_n = o_ok = o_ext = o_n = 0
    o_miss = collections.defaultdict(list)
    b_miss = collections.defaultdict(list)
    c_tp = c_gold = c_known = c_known_ok = c_other = 0
    c_miss = collections.defaultdict(list)
    t_ok = t_ext = t_gold = 0
    g_read = g_same = g_near = g_far = 0
    g_miss = collections.defaultdict(list)
    t_miss = collections.defaultdict(list)
    for pid in sample:
        p = papers[pid]
        fid = own[pid]
        text = texts[fid]
        x = run(fid)
        ref = p["reference"]
        got = x.paper.number
        new = NEW_REF.match(ref) is not None
        shows = printed(ref, text) if new else False
        a_ext += got is not None
        if shows:
            a_gold += 1
            if got == ref:
                a_tp += 1
        if got == ref and shows or got is None and not shows:
            a_acc += 1
        elif shows and got is None:
            a_miss["printed, nothing read"].append((ref, fid))
        elif shows:
            a_miss["printed, another number read"].append((ref, fid, got))
        elif not new:
            a_miss["old reference (the text prints an internal number): a number read"
                   + (" — a year range" if YEAR_RANGE.match(got) else "")].append((ref, fid, got))
        elif re.search(r"Vorlagen?[ \t]*-?[ \t]*Nr\.?[ \t]*:?\s{0,40}" + re.escape(got) + r"(?![\d/])", text):
            a_miss["the text's 'Vorlage Nr.' prints another number than OParl's reference "
                   "(digits transposed, base number of a /1 follow-up, …)"].append((ref, fid, got))
        else:
            a_miss["reference not printed, a number read"].append((ref, fid, got))
        typ = x.paper.type
        head = text.lstrip()[:60].replace("\n", "⏎")
        if new and head_type(text) in (p["paperType"], p["paperType"][:8] or None):
            h_n += 1
            h_ok += typ == p["paperType"]
        if new:
            b_n += 1
            b_ext += typ is not None
            if typ == p["paperType"]:
                b_ok += 1
            else:
                b_miss[type_cause(p["paperType"], typ, text)].append((ref, fid, typ, head))
        else:
            want = old_type(p["name"])
            if want:
                o_n += 1
                o_ext += typ is not None
                if typ == want:
                    o_ok += 1
                else:
                    o_miss[type_cause(want, typ, text)].append((ref, fid, typ, head))
        # (g) own date: the date the text prints for itself against OParl's date of the paper
        if x.paper.date and p.get("date"):
            g_read += 1
            apart = abs((datetime.date.fromisoformat(x.paper.date)
                         - datetime.date.fromisoformat(p["date"][:10])).days)
            g_same += apart == 0
            g_near += apart <= 90
            if apart > 365:
                g_far += 1
                g_miss["more than a year from OParl's date"].append((ref, fid, x.paper.date))
        # (f) title: OParl's name, where the first page prints it
        want, title = letters(p.get("name")), letters(x.paper.title)
        shows_title = len(want) >= 8 and want in letters(text[:6000])
        t_ext += bool(title)
        t_gold += shows_title
        if shows_title and title == want:
            t_ok += 1
        elif shows_title or title:
            cls = ("printed, nothing read" if not title else "printed, other words read"
                   if shows_title else "not printed as OParl names it, a title read")
            t_miss[cls].append((ref, fid, x.paper.title))
        full = kc.oparl_pairs(p, meetings, orgs)
        if full:
            dates = kc.printed_dates(text)
            gold = {g for g in full if g[1] in dates}
            pairs = {(c.committee, c.date) for c in x.consultations}
            c_tp += len(gold & pairs)
            c_gold += len(gold)
            fdates = {d for _, d in full}
            known = {g for g in pairs if g[1] in fdates}
            c_known += len(known)
            c_known_ok += len(known & full)
            c_other += len(pairs - known)
            for g in gold - pairs:
                same = sorted(c for c, d in pairs if d == g[1])
                cls = (f"date read for another committee ({same[0]} for {g[0]})" if same
                       else "date not read as a consultation of this committee")
                c_miss[cls].append((ref, fid, g))
            for g in known - full:
                c_miss[f"precision: {g[0]} on a date OParl gives "
                       f"{sorted(c for c, d in full if d == g[1])}"].append((ref, fid, g))

    rows.append(("(g) own date read, within 90 days of OParl's date", g_near, g_read,
                 None, f"{g_same} the same day, {g_far} more than a year apart"))
    rows.append(("(f) title (OParl name printed on the first page)", t_ok, t_ext, t_gold,
                 "letters and digits compared, case folded"))
    rows.append(("(a) own number (new-style refs printed)", a_tp, a_ext, a_gold,
                 f"accuracy {a_acc / len(sample):.3f} over {len(sample)}"))
    rows.append(("(b) paper type (new-style refs)", b_ok, b_ext, b_n,
                 f"accuracy {b_ok / max(b_n, 1):.3f}"))
    rows.append(("(b) type where the header prints OParl's type", h_ok, h_n, h_n,
                 f"accuracy {h_ok / max(h_n, 1):.3f}"))
    rows.append(("(b') type of old papers named Antrag/Anfrage/…", o_ok, o_ext, o_n,
                 f"accuracy {o_ok / max(o_n, 1):.3f}"))
    rows.append(("(c) consultations (date printed)", c_known_ok, c_known, c_gold,
                 f"recall {c_tp}/{c_gold}; {c_other} pairs on non-OParl dates"))
    c_recall_tp = c_tp

    # (d) super-/subordinated links ------------------------------------------------------------
    d_tp = d_gold = 0
    d_miss = collections.defaultdict(list)
    pair_seen = set()
    d_self = []
    pair_hit = set()
    for p in papers.values():
        for key in ("superordinatedPaper", "subordinatedPaper"):
            for qid in p.get(key, []):
                q = papers.get(qid)
                if q is None:
                    continue
                qfiles = {file_id(f) for f in q.get("auxiliaryFile", [])}
                for f in p.get("auxiliaryFile", []):
                    fid = file_id(f)
                    if fid not in texts or fid in qfiles or not printed(q["reference"], texts[fid]):
                        continue
                    d_gold += 1
                    pair_seen.add((p["id"], qid))
                    x = run(fid)
                    nums = {r.number for r in x.references}
                    if q["reference"] in nums:
                        d_tp += 1
                        pair_hit.add((p["id"], qid))
                        continue
                    m = re.search(re.escape(q["reference"]), texts[fid])
                    ctx = context(texts[fid], m.start(), m.end(), 60) if m else ""
                    if x.paper.number == q["reference"] and not printed(p["reference"], texts[fid]):
                        # the text presents Q's number as its own (Q's document filed under P)
                        d_gold -= 1
                        pair_seen.discard((p["id"], qid))
                        d_self.append((p["reference"], f.get("name"), q["reference"]))
                        continue
                    if x.paper.number == q["reference"]:
                        cls = ("read as the text's own number, though the text prints its "
                               "paper's number too")
                    else:
                        cls = "not read as a reference"
                    d_miss[cls].append((p["reference"], f.get("name"), q["reference"], ctx))
    rows.append(("(d) links printed (per file)", d_tp, None, d_gold,
                 f"per linked pair: {len(pair_hit)}/{len(pair_seen)}; {len(d_self)} texts "
                 f"print the linked number as their own, not counted"))

    # (e) hand-checked reference precision ------------------------------------------------------
    e_line = None
    if args.checked.exists():
        checked = [json.loads(ln) for ln in args.checked.read_text().splitlines() if ln.strip()]
        still = ok = 0
        fids = {c["file"] for c in checked}
        now = set()
        for fid in fids:
            if fid in texts:
                for r in run(fid).references:
                    now.add((fid, r.span.start, r.number))
        unchecked = len(now - {(c["file"], c["start"], c["number"]) for c in checked})
        for c in checked:
            if (c["file"], c["start"], c["number"]) in now:
                still += 1
                ok += bool(c["verdict"])
        wrong = [c for c in checked if not c["verdict"]]
        rows.append(("(e) references, hand-checked", ok, still, None,
                     f"{len(checked)} checked, {still} still extracted, {unchecked} new unchecked "
                     f"in those files"))
        e_line = wrong

    for pid in sample:
        for f in papers[pid].get("auxiliaryFile", []):
            if file_id(f) in texts:
                run(file_id(f))

    # speed: the sample's own documents and the linked papers' files, whole extraction
    mb = run.bytes / 1e6
    print(f"Karlsruhe archive ({args.dir}): {len(sample)} papers (seed {args.seed}) of {len(pool)} "
          f"with an own document; {len(run.cache)} texts extracted, {mb:.1f} MB; "
          f"loading {load_s:.0f} s")
    print(f"speed: {mb / run.seconds:.2f} MB/s (extract(), all extractors, profile karlsruhe)\n")
    print("| measure | right | read | gold | P | R | F1 | note |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, tp, n_ext, n_gold, note in rows:
        p_, r_, f_ = prf(tp, n_ext or 0, n_gold or 0)
        if name.startswith("(c)"):
            r_ = f"{c_recall_tp / c_gold:.3f}" if c_gold else "n/a"
            pv, rv = float(p_), c_recall_tp / c_gold
            f_ = f"{2 * pv * rv / (pv + rv):.3f}"
        print(f"| {name} | {tp} | {'' if n_ext is None else n_ext} | "
              f"{'' if n_gold is None else n_gold} | {p_} | {r_} | {f_} | {note} |")

    def show(title, misses):
        print(f"\n{title}")
        if not misses:
            print("  (none)")
        for cls, items in sorted(misses.items(), key=lambda kv: -len(kv[1])):
            print(f"  {len(items):4d}  {cls}: {items[:ex]}")

    show("(a) own number, misses by class:", a_miss)
    b_agg = collections.defaultdict(list)
    for cls, items in b_miss.items():
        b_agg[cls].extend(items)
    show("(b) type, misses by class:", b_agg)
    show("(b') old papers' type, misses by class:", o_miss)
    show("(c) consultations, misses by class:", c_miss)
    show("(d) links, misses by class:", d_miss)
    show("(f) title, misses by class:", t_miss)
    show("(g) own date, far from OParl's:", g_miss)
    print(f"  ({len(d_self)} texts print the linked number as their own Vorlage Nr., not counted: {d_self[:ex]})")
    if e_line is not None:
        print("\n(e) references judged wrong:")
        for c in e_line:
            print(f"  {c['file']} {c['number']!r}: {c.get('note', '')}")

    if args.dump_refs:
        cites = []
        seen = set()
        for pid in sample:
            for f in papers[pid].get("auxiliaryFile", []):
                fid = file_id(f)
                if fid in texts and fid not in seen:
                    seen.add(fid)
                    cites.extend((fid, r) for r in run(fid).references)
        pick = random.Random(args.seed).sample(cites, min(args.dump_refs, len(cites)))
        with args.refs_out.open("w", encoding="utf-8") as out:
            for fid, r in pick:
                rec = {"file": fid, "start": r.span.start, "end": r.span.end, "text": r.span.text,
                       "kind": r.kind, "number": r.number, "suffix": r.suffix,
                       "own": run(fid).paper.number,
                       "context": context(texts[fid], r.span.start, r.span.end)}
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"\nwrote {len(pick)} of {len(cites)} citations to {args.refs_out}")


if __name__ == "__main__":
    main()
