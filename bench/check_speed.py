#!/usr/bin/env python
"""Benchmark: `grdrs check` of a 20-page draft against a 100,000-paper database, against
`grdrs extract` of the same draft (whole-process times; the issue asks for ≤ 3×).

    python bench/check_speed.py [--papers 100000] [--amounts 10] [--db FILE] [--keep DIR]

The database is made with the store's schema and functions (``store.connect`` creates it,
``store.mention_rows`` turns synthetic :class:`~grdrs.model.Extraction` objects into mention
rows; the ``amount_fts`` triggers index them as ingest would): every paper has a date, a
department, ~``--amounts`` amounts whose subjects are sentences built from the vocabulary of
the corpus (Budget, Ermächtigungsübertragung, Strategische Sozialplanung, Kampagne …, so the
draft's words hit many of them), and cites ~2 earlier papers. The seed paper and the bundled
corpus are ingested on top. The draft is the seed's text five times with a few
figures changed, printed as a 20-page PDF by corpus/render.py (needs reportlab and pyphen).
Each command runs 3 times after one warm-up; the medians are compared.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

from grdrs import store  # noqa: E402
from grdrs.model import Amount, Extraction, PaperMeta, Span  # noqa: E402

NOUNS = ["Budget", "Ermächtigungsübertragung", "Mehraufwand", "Zuschuss", "Sachkosten",
         "Personalkosten", "Förderung", "Kampagne", "Gesamtbudget", "Mittel", "Aufwand",
         "Investitionskosten", "Betriebskosten", "Miete", "Honorare", "Zuwendung"]
UNITS = ["Strategische Sozialplanung", "Sozialamt", "Jugendamt", "Gesundheitsamt",
         "Amt für Stadtplanung und Wohnen", "Kulturamt", "Schulverwaltungsamt", "Tiefbauamt",
         "Referat Soziales und gesellschaftliche Integration", "Abteilung Kommunikation"]
TOPICS = ["Netzwerk- und Öffentlichkeitsarbeit", "Initiative gegen Einsamkeit",
          "Armutskonferenz", "Age-friendly City", "Schulsanierung", "Radverkehr",
          "Kindertagesstätten", "Bürgerbeteiligung", "Digitalisierung", "Wohnungsnotfallhilfe",
          "Seniorenbegegnungsstätten", "Sportförderung", "Stadtbibliothek", "Klimaschutz"]
VERBS = ["bereitgestellt", "beantragt", "genehmigt", "veranschlagt", "vorgesehen",
         "übertragen", "bewilligt", "ausgezahlt"]


def _subject(rnd: random.Random, text: str, year: int) -> str:
    noun, unit, topic, verb = (rnd.choice(NOUNS), rnd.choice(UNITS), rnd.choice(TOPICS),
                               rnd.choice(VERBS))
    form = rnd.randrange(4)
    if form == 0:
        return f"Für die {topic} der Abteilung {unit} wird ab {year} ein {noun} von {text} {verb}."
    if form == 1:
        return f"Der Gemeinderat hat dem {unit} für {topic} ein {noun} in Höhe von {text} {verb}."
    if form == 2:
        return f"Das {noun} für {topic} beläuft sich im Jahr {year} auf {text}."
    return f"{noun} {topic} ({unit}) {text}"


def make_db(path: Path, n: int, per_paper: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    conn = store.connect(path, write=True)
    conn.execute("BEGIN")
    mention_rows, paper_rows, file_rows, pf_rows, edge_rows = [], [], [], [], []
    for i in range(1, n + 1):
        year = 2010 + (i - 1) * 15 // n
        number = f"{i}/{year}"
        date = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        unit = rnd.choice(UNITS)
        paper_rows.append((i, f"stuttgart|grdrs|{number}|", "stuttgart", "grdrs", number, number,
                           "Beschlussvorlage", date, f"{rnd.choice(TOPICS)} {year}", unit))
        file_rows.append((i, f"/synthetic/GRDrs_{i}_{year}.pdf", f"GRDrs_{i}_{year}.pdf", "pdf",
                          f"{i:064x}", 1000, 4, "stuttgart", "[]", "2024-01-01T00:00:00"))
        pf_rows.append((i, i))
        amounts = []
        for k in range(rnd.randint(per_paper // 2, per_paper * 3 // 2)):
            value = rnd.choice([1000, 2000, 5000, 15000, 21000, 40000, 57000, 61000, 100000,
                                250000]) * rnd.choice([1, 1, 1, 2, 3])
            text = f"{value:,} EUR".replace(",", ".") + ("/Jahr" if k % 3 == 0 else "")
            amounts.append(Amount(f"{value}.00", None, "EUR", "year" if k % 3 == 0 else None,
                                  f"{year}-01-01" if k % 2 else None, None,
                                  _subject(rnd, text, year), Span(1 + k % 4, 100 * k, 100 * k + 12,
                                                                  text)))
        ext = Extraction(source="", council="stuttgart", paper=PaperMeta(number=number),
                         amounts=tuple(amounts))
        mention_rows.extend(store.mention_rows(i, ext))
        for _ in range(2):
            if i > 1:
                edge_rows.append((i, rnd.randint(1, i - 1), "cites"))
        if len(mention_rows) > 50000:
            _flush(conn, paper_rows, file_rows, pf_rows, mention_rows, edge_rows)
    _flush(conn, paper_rows, file_rows, pf_rows, mention_rows, edge_rows)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def _flush(conn, papers, files, pfs, mentions, edges) -> None:
    conn.executemany("INSERT INTO papers (id, key, council, series, number, name, type, date, "
                     "title, department) VALUES (?,?,?,?,?,?,?,?,?,?)", papers)
    conn.executemany("INSERT INTO files (id, path, name, kind, sha256, size, pages, council, "
                     "warnings, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?)", files)
    conn.executemany("INSERT INTO paper_files (paper_id, file_id) VALUES (?, ?)", pfs)
    conn.executemany('INSERT INTO mentions (file_id, kind, value, value_to, page, start, "end",'
                     " end_page, text, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", mentions)
    conn.executemany("INSERT INTO edges (src, dst, type) VALUES (?, ?, ?)", edges)
    for rows in (papers, files, pfs, mentions, edges):
        rows.clear()


def make_draft(path: Path) -> int:
    """The seed's text 5 times, some figures changed, as a PDF; returns its page count."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus_render", ROOT / "corpus" / "render.py")
    render = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("corpus_render", render)
    spec.loader.exec_module(render)
    seed = next((SHARED / "papers").glob("seed-*.txt")).read_text(encoding="utf-8")
    body = seed.split("Bericht", 1)[-1]
    parts = [body, body.replace("57.000 EUR / Jahr", "75.000 EUR / Jahr"),
             body.replace("61.000 Euro", "62.000 Euro"),
             body.replace("2023 i.H.v. 21.000 Euro", "2023 i.H.v. 25.000 Euro"), body]
    render.render_text_pdf(path, "Strategische Sozialplanung – Bericht (Entwurf)",
                           "\n\n".join(parts), number="9099/2024", date="2024-09-16",
                           doc_type="Mitteilungsvorlage")
    from grdrs.sources import read

    return len(read(path).pages)


def timed(cmd: list[str], runs: int = 3) -> tuple[float, int]:
    subprocess.run(cmd, capture_output=True)  # warm-up (page cache, .pyc)
    times, code = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        code = subprocess.run(cmd, capture_output=True).returncode
        times.append(time.perf_counter() - t0)
    return statistics.median(times), code


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--papers", type=int, default=100_000)
    ap.add_argument("--amounts", type=int, default=10, help="amounts per paper (mean)")
    ap.add_argument("--db", type=Path, default=None, help="reuse (or build into) this file")
    ap.add_argument("--keep", type=Path, default=None, help="folder for the draft and db")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="grdrs-check-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = args.db or work / "big.db"
    if not db.exists():
        t0 = time.perf_counter()
        make_db(db, args.papers, args.amounts)
        subprocess.run([sys.executable, "-m", "grdrs", "ingest", "-q", str(SHARED / "papers"),
                        str(ROOT / "corpus" / "papers"), "--db", str(db)], check=True,
                       capture_output=True)
        print(f"built {db} in {time.perf_counter() - t0:.0f} s")
    conn = store.connect(db)
    n_papers = conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    n_amounts = conn.execute("SELECT count(*) FROM mentions WHERE kind = 'amount'").fetchone()[0]
    conn.close()
    draft = work / "GRDrs_9099_2024.pdf"
    pages = make_draft(draft)
    grdrs = [sys.executable, "-m", "grdrs"]
    t_extract, _ = timed(grdrs + ["extract", "--json", str(draft)])
    t_check, code = timed(grdrs + ["check", "--json", "--db", str(db), str(draft)])
    out = subprocess.run(grdrs + ["check", "--json", "--db", str(db), str(draft)],
                         capture_output=True, text=True).stdout
    summary = json.loads(out)["summary"] if out else {}
    print(f"database: {n_papers:,} papers, {n_amounts:,} amounts; draft: {pages} pages")
    print(f"grdrs extract: {t_extract:.2f} s   grdrs check: {t_check:.2f} s (exit {code})   "
          f"ratio {t_check / t_extract:.2f} (target ≤ 3)")
    print(f"findings: {summary}")


if __name__ == "__main__":
    main()
