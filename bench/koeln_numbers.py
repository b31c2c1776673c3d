#!/usr/bin/env python
"""Paper numbers in the Köln council minutes: a council grdrs has no profile for.

    python bench/koeln_numbers.py [--corpus DIR] [--cache DIR] [-v]

Reads the twelve Wortprotokolle in ../shared/corpora/koeln with pypdfium2 (page texts cached
as JSON under --cache, default /work/cache/koeln, because reading them with pdfplumber takes
~30 s a file), runs ``grdrs.extractors.extract`` with the profile *detected* (no profile named:
there is no Köln profile, so the generic one must do), and scores the references' numbers per
page against bench/koeln_gold.jsonl: our own reading of every council paper number the minutes
print (agenda-item numbers on their own line, Anträge ``AN/1875/2021``, numbers cited in speech
after "Vorlage", "Mitteilung", "Antragsnummer" …; not year pairs, Bebauungsplan numbers or other
parliaments' Drucksachen). Scores a number per (file, page) with its count.

The files are split in two: TUNE (looked at while writing the generic profile's rules) and
TEST (scored only). Prints P/R/F1 of both parts and the detected profile of each file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grdrs.extractors import extract  # noqa: E402
from grdrs.reading import read_file  # noqa: E402
from grdrs.model import Document, Page  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "koeln"
GOLD = Path(__file__).resolve().parent / "koeln_gold.jsonl"
# session numbers of the files used to tune the generic profile; the others are the test part
TUNE = {"1", "5", "8", "17", "22", "27"}


def session(name: str) -> str:
    return name.split("_", 1)[0]


def page_texts(pdf: Path, cache: Path) -> list[str]:
    cached = cache / (pdf.stem + ".json")
    if cached.is_file():
        pages = json.loads(cached.read_text(encoding="utf-8"))
    else:
        import pypdfium2

        doc = pypdfium2.PdfDocument(str(pdf))
        pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
        cache.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    # pdfium ends lines with CR LF and marks a hyphen at a line break with U+FFFE
    return [p.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-\n") for p in pages]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--cache", type=Path, default=Path("/work/cache/koeln"))
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--reader", choices=("pdfium", "grdrs"), default="pdfium",
                    help="pdfium: cached pypdfium2 page texts (default); grdrs: grdrs's own PDF "
                         "reader, as `grdrs extract` reads (slower)")
    ap.add_argument("--learn", action="store_true",
                    help="instead of the generic profile, the one `grdrs profile learn` proposes "
                         "from the TUNE files' texts (scored on both parts)")
    ap.add_argument("-v", action="store_true", help="list every miss and every extra")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    gold: dict[str, Counter] = {}
    for line in args.gold.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        gold.setdefault(g["file"], Counter())[(g["page"], g["number"])] += 1
    totals = {"tune": [0, 0, 0], "test": [0, 0, 0]}
    pdfs = sorted(args.corpus.glob("*.pdf"), key=lambda p: int(session(p.name)))
    profile = None
    if args.learn:
        from grdrs.profiles import from_data
        from grdrs.profiles.learn import from_texts

        data, report, _ = from_texts(((p.name, "\n".join(page_texts(p, args.cache))) for p in pdfs
                                      if session(p.name) in TUNE), council="Stadt Köln")
        profile = from_data(data)
        print("learned from the tune files: " + "; ".join(report) + "\n")
    print(f"{'file':<44} {'part':<5} {'profile':<9} {'gold':>5} {'found':>5} {'P':>6} {'R':>6}")
    for pdf in pdfs:
        if args.reader == "grdrs":
            data = pdf.read_bytes()
            result = read_file(str(pdf), data, hashlib.sha256(data).hexdigest(), profile)
            if result.error:
                print(f"{pdf.name}: {result.error}", file=sys.stderr)
                return 1
            ext = result.ext
        else:
            pages = page_texts(pdf, args.cache)
            doc = Document(str(pdf), pdf.name, "pdf",
                           tuple(Page(i + 1, t) for i, t in enumerate(pages)))
            ext = extract(doc, profile)
        found = Counter((r.span.page, r.number) for r in ext.references)
        want = gold.get(pdf.name, Counter())
        tp = sum((found & want).values())
        fp, fn = sum(found.values()) - tp, sum(want.values()) - tp
        part = "tune" if session(pdf.name) in TUNE else "test"
        for i, x in enumerate((tp, fp, fn)):
            totals[part][i] += x
        p, r, _ = prf(tp, fp, fn)
        print(f"{pdf.name[:44]:<44} {part:<5} {ext.council:<9} {sum(want.values()):>5} "
              f"{sum(found.values()):>5} {p:>6.3f} {r:>6.3f}")
        if args.v:
            for (pg, num), n in sorted((want - found).items()):
                print(f"    miss  p.{pg} {num} x{n}")
            for (pg, num), n in sorted((found - want).items()):
                print(f"    extra p.{pg} {num} x{n}")
    print()
    print(f"{'part':<6} {'gold':>5} {'TP':>5} {'FP':>5} {'FN':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for part, (tp, fp, fn) in totals.items():
        p, r, f = prf(tp, fp, fn)
        print(f"{part:<6} {tp + fn:>5} {tp:>5} {fp:>5} {fn:>5} {p:>6.3f} {r:>6.3f} {f:>6.3f}")
    tp, fp, fn = (sum(v[i] for v in totals.values()) for i in range(3))
    p, r, f = prf(tp, fp, fn)
    print(f"{'all':<6} {tp + fn:>5} {tp:>5} {fp:>5} {fn:>5} {p:>6.3f} {r:>6.3f} {f:>6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
