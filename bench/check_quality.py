#!/usr/bin/env python
"""How far `grdrs check` can be trusted, on real restatements in the Karlsruhe archive.

A database of the archive (``grdrs ingest-oparl ../shared/corpora/karlsruhe``, built once and
reused: ``--db``) holds every paper with its amounts. A **restatement** is an amount of a later
paper P2 that an earlier paper P1 (dated strictly before P2, not of P2's lineage: another
year/sequence number, in another document: not the same bytes) states with the same value, in a related sentence: the two sentences
share at least ``--shared`` words of five letters or more that are not function words, or P2
cites P1. Found in SQL over the stored mentions, independent of check's own matcher. Ranges,
amounts under 1,000 and values stated in more than ``--common`` papers are left out.

Each restatement's file is then checked as a draft, dated with P2's OParl date (``--date``, as a
clerk would; with ``--titles`` also given P2's OParl title, ``--title``, as a clerk knows it
and as ``check`` asks for when the draft prints none), against the whole database without P2
itself and its follow-up versions (as if it were not yet stored):

* **restatement recall**: the amount is reported *consistent*;
* **mutation recall**: the same file with that amount's number raised by 17 % (printed in the
  amount's own style) is reported *changed* at that amount;
* **conflicts per clean draft**: changed, arithmetic and date findings of each unmutated draft
  (counted once per draft file). Some are genuine changes between real papers; the hand
  judgement of a sample is in BENCHMARKS.md (``--dump N`` prints N of them with context).

The split: a paper is in the **test** part when the first 8 hex digits of sha1(its OParl id), as
an integer, mod 5 == 0 (20 %), else in
the **tune** part (80 %); matching was developed on the tune part only and the test part's
figures are the ones that count. Restatements are sampled per part (``--per-part``, seeded).
``--common 40 --band-above 20`` draws from a pool the default run never draws from: values
stated in 21 to 40 papers (rounder, more often repeated figures), so a figure on data no rule
was developed on; ``--shared 2 --band-shared 3`` another: restatements whose sentences share
exactly two words (looser pairs, more of them by chance).

``--together`` measures instead a revised draft changing several figures at once: each sampled
draft with every second of its restatements changed (drafts restating three or more), and with
all of them changed (two or more).

    python bench/check_quality.py --db /work/cache/ka.db [--per-part 150] [--part test|tune|both]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grdrs import store  # noqa: E402
from grdrs.check import CONFLICTS, CheckError, check  # noqa: E402

STOP = frozenset("""
dieser dieses diesem diesen diese werden wurde wurden worden sowie zwischen gegenüber
insgesamt jeweils bereits hierfür dafür damit darüber außerdem weitere weiteren weiterer
können konnte sollen sollte haben hatte deren dessen welche welcher welches eines einer
einem einen seine seiner ihrer ihren unter durch gegen wegen während nach über euro
""".split())
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{5,}")


def part(oparl_id: str) -> str:
    return "test" if int(hashlib.sha1(oparl_id.encode()).hexdigest()[:8], 16) % 5 == 0 else "tune"


def words(s: str) -> set[str]:
    return {w.lower() for w in WORD.findall(s or "") if w.lower() not in STOP}


def base_number(n: str | None) -> str | None:
    return None if n is None else re.sub(r"^((?:19|20)\d\d/\d{4})(?:/\d{1,2})+$", r"\1", n)


def restatements(conn: sqlite3.Connection, shared: int, common: int) -> list[dict]:
    """Every (later amount, earlier amount) pair of a restatement, one per later amount."""
    rows = conn.execute("""
        SELECT m.id, m.value, m.page, m.start, m."end", m.text, m.file_id, f.sha256,
               json_extract(m.data, '$.subject') AS subject, p.id AS pid, p.number, p.date,
               p.title
        FROM mentions m JOIN paper_files pf ON pf.file_id = m.file_id
        JOIN papers p ON p.id = pf.paper_id JOIN files f ON f.id = m.file_id
        WHERE m.kind = 'amount' AND m.value_to IS NULL AND CAST(m.value AS REAL) >= 1000
          AND p.date IS NOT NULL AND p.fictional = 0""").fetchall()
    by_value: dict[str, list] = {}
    for r in rows:
        by_value.setdefault(r["value"], []).append(r)
    cites: dict[int, set[int]] = {}
    for src, dst in conn.execute("SELECT src, dst FROM edges WHERE type = 'cites'"):
        cites.setdefault(src, set()).add(dst)
    out = {}
    for value, group in by_value.items():
        if len({r["pid"] for r in group}) > common or len(group) < 2:
            continue
        for later in group:
            if later["id"] in out:
                continue
            lw = words(later["subject"])
            for earlier in group:
                if earlier["date"] >= later["date"]:
                    continue
                if (base_number(earlier["number"]) == base_number(later["number"])
                        or earlier["sha256"] == later["sha256"]):
                    continue  # one lineage, or one document filed with both papers
                cited = earlier["pid"] in cites.get(later["pid"], ())
                n = len(lw & words(earlier["subject"]))
                if cited or n >= shared:
                    out[later["id"]] = {"later": dict(later), "earlier": dict(earlier),
                                        "cited": cited, "shared": n}
                    break
    return list(out.values())


def oparl_ids(conn: sqlite3.Connection) -> dict[int, str]:
    try:
        return {pid: oid for pid, oid in conn.execute(
            "SELECT paper_id, id FROM oparl_objects WHERE type = 'Paper' AND paper_id IS NOT NULL")}
    except sqlite3.OperationalError:
        return {}


_NUM = re.compile(r"\d{1,3}(?:[. ]\d{3})+(?:,\d+)?|\d+\.\d{1,2}(?=\s*(?:Mio|Mrd|Mill|Tsd))|\d+(?:,\d+)?")


def mutate(surface: str, factor: Decimal = Decimal("1.17")) -> str | None:
    """The surface with its (first) number raised by 17 %, printed in the same style."""
    m = _NUM.search(surface)
    if not m:
        return None
    s = m.group()
    dot_decimal = re.fullmatch(r"\d+\.\d{1,2}", s) is not None
    if dot_decimal:
        num, decimals = Decimal(s), len(s.split(".")[1])
    else:
        sep = "." if "." in s else (" " if " " in s else "")
        whole, _, frac = s.partition(",")
        num = Decimal(whole.replace(".", "").replace(" ", "") + ("." + frac if frac else ""))
        decimals = len(frac)
    new = (num * factor).quantize(Decimal(1).scaleb(-decimals))
    if new == num:
        return None
    if dot_decimal:
        text = f"{new:.{decimals}f}"
    else:
        whole, _, frac = f"{new:.{decimals}f}".partition(".")
        if sep:
            whole = f"{int(whole):,}".replace(",", sep)
        text = whole + ("," + frac if frac else "")
    return surface[:m.start()] + text + surface[m.end():]


def own_papers(conn: sqlite3.Connection, fid: int) -> set[int]:
    """The papers holding the draft's file and their lineage (follow-up versions): the draft
    is stored, so it must not be compared with itself, whatever number its text prints."""
    pids = {r[0] for r in conn.execute("SELECT paper_id FROM paper_files WHERE file_id = ?",
                                       (fid,))}
    for pid in list(pids):
        row = conn.execute("SELECT council, series, number FROM papers WHERE id = ?",
                           (pid,)).fetchone()
        if row and row[2]:
            pids.update(store.check_lineage(conn, row[0], [row[1]], base_number(row[2])))
    return pids


def finding_at(answer: dict, start: int) -> dict | None:
    for f in answer["findings"]:
        if f["verdict"] in ("consistent", "changed", "new", "ambiguous") and f["start"] == start:
            return f
    return None


def run_part(conn, items: list[dict], name: str, tmp: Path, dump: list,
             thorough: bool = False, titles: bool = False) -> dict:
    texts: dict[int, str] = {}
    clean: dict[int, dict] = {}
    unreadable: set[int] = set()
    stats = Counter()
    rows: list[dict] = []
    verdicts = Counter()
    mverdicts = Counter()
    t0 = time.time()
    for it in items:
        later = it["later"]
        fid = later["file_id"]
        if fid not in texts:
            texts[fid] = store.page_text(conn, fid, 1)
        text = texts[fid]
        surface = text[later["start"]:later["end"]]
        path = tmp / f"{fid}.txt"
        own = own_papers(conn, fid)
        title = later["title"] if titles else None
        if fid in unreadable:
            continue
        if fid not in clean:
            path.write_text(text, encoding="utf-8")
            try:
                clean[fid] = check(conn, str(path), "karlsruhe", later["date"], own,
                                  thorough=thorough, title=title)
            except CheckError:  # a text that is no text (binary content): not a draft
                unreadable.add(fid)
                continue
        f = finding_at(clean[fid], later["start"])
        v = f["verdict"] if f else "missed"
        verdicts[v] += 1
        if v != "consistent" and len(dump) < 400:
            dump.append(("missed restatement", name, it, None, f))
        stats["restatements"] += 1
        rows.append(  # per item, for --verdicts
            {"part": name, "number": later["number"], "file_id": fid, "start": later["start"],
             "text": later["text"], "verdict": v, "score": f and f.get("score"),
             "why": f and f.get("why"), "mutated": None, "mutated_score": None,
             "mutated_why": None})
        stats["consistent"] += v == "consistent"
        new_surface = mutate(surface)
        if new_surface is None:
            continue
        mpath = tmp / f"{fid}-m.txt"
        mpath.write_text(text[:later["start"]] + new_surface + text[later["end"]:], encoding="utf-8")
        mans = check(conn, str(mpath), "karlsruhe", later["date"], own, thorough=thorough,
                     title=title)
        mf = finding_at(mans, later["start"])
        mv = mf["verdict"] if mf else "missed"
        mverdicts[mv] += 1
        stats["mutations"] += 1
        stats["caught"] += mv == "changed"
        if mv != "changed" and len(dump) < 400:
            dump.append(("missed mutation", name, it, new_surface, mf))
        rows[-1].update(mutated=mv, mutated_score=mf and mf.get("score"),
                        mutated_why=mf and mf.get("why"))
    conflicts = 0
    for fid, ans in clean.items():
        for f in ans["findings"]:
            if f["verdict"] in CONFLICTS:
                conflicts += 1
                dump.append(("conflict", name, fid, f))
    n = len(clean)
    return {"part": name, "restatements": stats["restatements"],
            "restatement_recall": stats["consistent"] / max(1, stats["restatements"]),
            "mutations": stats["mutations"],
            "mutation_recall": stats["caught"] / max(1, stats["mutations"]),
            "clean_drafts": n, "unreadable_drafts": len(unreadable), "conflicts": conflicts, "conflicts_per_draft": conflicts / max(1, n),
            "verdicts": dict(verdicts), "mutation_verdicts": dict(mverdicts),
            "items": rows,
            "seconds": round(time.time() - t0, 1)}


def run_together(conn, items: list[dict], pool: list[dict], name: str, tmp: Path,
                 thorough: bool = False, titles: bool = False) -> dict:
    """Each sampled draft with several of the restatements it makes (all of the part's pool,
    not only the sampled ones) changed at once, as a revised draft changes several figures:
    every second one (the first, third, …; drafts restating three or more, so that two or more
    change and one or more stays), and all of them (drafts restating two or more). How many of
    those changes are reported *changed*."""
    by_file: dict[int, dict[int, dict]] = {}
    for it in pool:
        by_file.setdefault(it["later"]["file_id"], {}).setdefault(it["later"]["start"], it)
    out = {"part": name}
    t0 = time.time()
    for mode, step, least in (("half", 2, 3), ("all", 1, 2)):
        stats, verdicts = Counter(), Counter()
        for fid in dict.fromkeys(it["later"]["file_id"] for it in items):
            later, last = [], 0
            text = store.page_text(conn, fid, 1)
            for k in sorted(by_file.get(fid, {})):  # in text order, not overlapping
                a = by_file[fid][k]["later"]
                if a["start"] >= last and mutate(text[a["start"]:a["end"]]) is not None:
                    later.append(a)
                    last = a["end"]
            if len(later) < least:
                continue
            parts, at, starts, last = [], 0, [], 0
            for a in later[::step]:
                parts.append(text[last:a["start"]])
                at += len(parts[-1])
                starts.append(at)
                parts.append(mutate(text[a["start"]:a["end"]]))
                at += len(parts[-1])
                last = a["end"]
            parts.append(text[last:])
            path = tmp / f"{fid}-{mode}.txt"
            path.write_text("".join(parts), encoding="utf-8")
            try:
                ans = check(conn, str(path), "karlsruhe", later[0]["date"],
                            own_papers(conn, fid), thorough=thorough,
                            title=later[0]["title"] if titles else None)
            except CheckError:
                continue
            stats["drafts"] += 1
            for start in starts:
                f = finding_at(ans, start)
                v = f["verdict"] if f else "missed"
                verdicts[v] += 1
                stats["mutations"] += 1
                stats["caught"] += v == "changed"
        out[mode] = {"drafts": stats["drafts"], "mutations": stats["mutations"],
                     "mutation_recall": stats["caught"] / max(1, stats["mutations"]),
                     "mutation_verdicts": dict(verdicts)}
    out["seconds"] = round(time.time() - t0, 1)
    return out


def text_sizes(conn: sqlite3.Connection) -> dict[int, int]:
    """file id → length of its text as the reader returned it (the stored clean text with its
    restore ops applied; the clean length decides only far from the limit)."""
    table = "page_texts" if conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'page_texts'").fetchone() else "pages"
    sizes = {fid: n for fid, n in conn.execute(  # schema 6 keeps it compressed: the view reads it
        f"SELECT file_id, sum(length(clean)) FROM {table} GROUP BY file_id")}
    for fid, n in list(sizes.items()):
        if n > 40000:
            pages = [r[0] for r in conn.execute("SELECT page FROM pages WHERE file_id = ?", (fid,))]
            sizes[fid] = sum(len(store.page_text(conn, fid, k) or "") for k in pages)
    return sizes


def print_earlier(label: str, f: dict) -> None:
    """A finding's earlier statement and why it was taken, as the dump prints them."""
    if f.get("earlier"):
        e = f["earlier"]
        print(f"  {label + ':':<9}{e['paper']} ({e['date']}) {e['value']}: "
              f"{' '.join(e['quote'].split())[:300]}")
    if f.get("why"):
        print(f"  why: {f['why']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--per-part", type=int, default=150)
    ap.add_argument("--part", choices=("tune", "test", "both"), default="both")
    ap.add_argument("--shared", type=int, default=3)
    ap.add_argument("--common", type=int, default=20)
    ap.add_argument("--band-above", type=int, default=0, metavar="N",
                    help="only later amounts that are no restatement with --common N: the "
                    "values stated in N+1 to --common papers (a pool the default run never drew)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--offset", type=int, default=0,
                    help="skip the first N of each part's sample: with the same seed, "
                    "restatements not among those a change was tuned on")
    ap.add_argument("--max-chars", type=int, default=80000)
    ap.add_argument("--min-chars", type=int, default=0,
                    help="only drafts longer than this (with --max-chars above 80000: long "
                    "drafts, a pool the default run never drew)")
    ap.add_argument("--verdicts", metavar="FILE",
                    help="write each restatement's verdicts (as is, mutated) to FILE as JSON lines")
    ap.add_argument("--dump", type=int, default=0,
                    help="print N of the conflicts, missed restatements and missed mutations")
    ap.add_argument("--dump-kind", default="", help="only dump this kind ('conflict', 'missed')")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--thorough", action="store_true",
                    help="check as `grdrs check --thorough` (the fitted scorer on)")
    ap.add_argument("--titles", action="store_true",
                    help="check each draft as `grdrs check --title` with its paper's OParl title, "
                    "as it is checked with its OParl date (a clerk knows both)")
    ap.add_argument("--together", action="store_true",
                    help="instead: each sampled draft with several of its restatements changed "
                    "at once (every second one; all), as a revised draft changes several figures")
    ap.add_argument("--band-shared", type=int, default=0, metavar="S",
                    help="only later amounts that are no restatement with --shared S: those "
                    "sharing --shared to S-1 words with the earlier sentence (another unseen pool)")
    args = ap.parse_args()
    conn = store.connect(args.db)
    ids = oparl_ids(conn)
    found = restatements(conn, args.shared, args.common)
    if args.band_above and not 0 < args.band_above < args.common:
        ap.error("--band-above N needs N below --common")
    if args.band_shared and args.band_shared <= args.shared:
        ap.error("--band-shared S needs S above --shared")
    for drawn_with in ((args.shared, args.band_above), (args.band_shared, args.common)):
        if all(drawn_with):  # leave out what the default run's settings draw (both bands: both)
            drawn = {it["later"]["id"] for it in restatements(conn, *drawn_with)}
            found = [it for it in found if it["later"]["id"] not in drawn]
    sizes = text_sizes(conn)
    parts: dict[str, list] = {"tune": [], "test": []}
    for it in found:
        pid = it["later"]["pid"]
        size = sizes.get(it["later"]["file_id"], 0)
        if size > args.max_chars or (args.min_chars and size <= args.min_chars):
            continue
        parts[part(ids.get(pid) or str(pid))].append(it)
    rng = random.Random(args.seed)
    results = []
    dump: list = []
    with tempfile.TemporaryDirectory(prefix="grdrs-checkq-") as tmp:
        for name in ("tune", "test"):
            if args.part not in (name, "both"):
                continue
            items = sorted(parts[name], key=lambda it: it["later"]["id"])
            rng.shuffle(items)
            if args.together:
                r = run_together(conn, items[args.offset:args.offset + args.per_part],
                                 parts[name], name, Path(tmp), args.thorough, args.titles)
                for mode in ("half", "all"):
                    m = r[mode]
                    print(f"{name:>5} {mode}: {m['mutations']} restatements changed together "
                          f"in {m['drafts']} drafts — mutation recall "
                          f"{m['mutation_recall']:.3f}; {m['mutation_verdicts']}")
                print(f"       {r['seconds']} s")
                continue
            results.append(run_part(conn, items[args.offset:args.offset + args.per_part],
                                    name, Path(tmp), dump,
                                    args.thorough, args.titles))
    if args.verdicts:  # one line per restatement: compare two runs item by item
        with open(args.verdicts, "w", encoding="utf-8") as out:
            for r in results:
                out.writelines(json.dumps(i, ensure_ascii=False) + "\n" for i in r["items"])
    for r in results:
        del r["items"]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"restatements found: tune {len(parts['tune'])}, test {len(parts['test'])}")
        for r in results:
            print(f"{r['part']:>5}: {r['restatements']} restatements in {r['clean_drafts']} drafts"
                  f" — restatement recall {r['restatement_recall']:.3f}, mutation recall "
                  f"{r['mutation_recall']:.3f} ({r['mutations']}), conflicts per clean draft "
                  f"{r['conflicts_per_draft']:.3f} ({r['conflicts']}), {r['seconds']} s")
            print(f"       verdicts {r['verdicts']}  mutated {r['mutation_verdicts']}")
    rng2 = random.Random(args.seed)
    dump = [d for d in dump if d[0].startswith(args.dump_kind)]
    sample = rng2.sample(dump, min(args.dump, len(dump))) if args.dump else []
    for kind, name, *rest in sample:
        print(f"\n## {kind} ({name})")
        if kind == "conflict":
            fid, f = rest
            print(f"file {fid}: {f['verdict']} {f['quote']} — {f.get('reason') or ''}")
            print(f"  draft:   {' '.join((f['subject'] or '').split())[:300]}")
            print_earlier("earlier", f)
        else:
            it, new_surface, mf = rest
            print(f"{it['later']['number']} {it['later']['text']} -> {new_surface or '(as is)'}: "
                  f"{mf['verdict'] if mf else 'missed'}")
            print(f"  later:   {' '.join((it['later']['subject'] or '').split())[:300]}")
            print(f"  earlier: {it['earlier']['number']} ({it['earlier']['date']}) "
                  f"{' '.join((it['earlier']['subject'] or '').split())[:300]}")
            if mf:
                print_earlier("check's", mf)  # what check took instead


if __name__ == "__main__":
    main()
