"""A generated batch of council papers for the crash and concurrency tests (and bench/).

``make_corpus(folder, n)`` writes ``n`` files: the bundled sample corpus (real layouts, PDF,
HTML and text) plus generated text, HTML and PDF papers that cite each other, supplement and
replace each other, carry amounts, dates and consultation tables, in sizes from one line to a
few hundred KB, so a kill can land while a worker reads, while a big file is stored, or
between two files. Deterministic for a given ``seed``; ``version`` changes a third of the files
(for kills during a re-ingest that replaces files).
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import _robust_pdf as gen

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "papers"

_COMMITTEES = ["Verwaltungsausschuss", "Sozial- und Gesundheitsausschuss", "Gemeinderat",
               "Ausschuss für Stadtentwicklung und Technik"]


def _paper(i: int, rng: random.Random, version: int) -> str:
    num = f"{9100 + i}/2023"
    cites = sorted({rng.randrange(max(1, i - 30), i + 30) for _ in range(rng.randrange(0, 5))})
    amount = rng.randrange(1, 500) * 1000
    lines = [
        "Landeshauptstadt Stuttgart",
        f"GRDrs {num}{' 1. Ergänzung' if i % 17 == 5 else ''}{' Neufassung' if i % 23 == 7 else ''}",
        f"Stuttgart, {1 + i % 28:02d}.{1 + i % 12:02d}.2023",
        "Mitteilungsvorlage",
        "Vorlage an\tzur\tSitzungsart\tSitzungstermin",
        f"{_COMMITTEES[i % 4]}\tKenntnisnahme\töffentlich\t{1 + (i + 3) % 28:02d}.{1 + i % 12:02d}.2023",
        f"Betreff: Bericht Nummer {i} über das Budget ab 2024",
        "",
        f"Der Gemeinderat beschließt ein Budget von {amount:,} EUR/Jahr".replace(",", ".")
        + " für die Jahre 2024 und 2025.",
    ]
    lines += [f"Siehe GRDrs {9100 + c}/2023 „Bericht {c}“." for c in cites]
    if version:
        lines.append(f"Nachtrag in Fassung {version}: weitere {amount // 2} EUR ab 01/2025.")
    body = "\n".join(lines) + "\n"
    if i % 50 == 3:  # a big one: storing takes a while
        body += ("Die Verwaltung berichtet ausführlich über Einsamkeit und Teilhabe. " * 40
                 + "\n") * 60
    return body


def make_corpus(folder: Path, n: int = 500, seed: int = 1, version: int = 0) -> Path:
    """Write ``n`` files into ``folder`` (created); returns it."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    samples = sorted(SAMPLES.iterdir()) if SAMPLES.is_dir() else []
    count = 0
    for f in samples[: n // 5]:
        shutil.copy(f, folder / f.name)
        count += 1
    i = 0
    while count < n:
        changed = version and i % 3 == 0
        text = _paper(i, rng, version if changed else 0)
        sub = folder / f"teil-{i % 7}"
        sub.mkdir(exist_ok=True)
        if i % 10 == 1:
            html = "<html><body>" + "".join(f"<p>{ln}</p>" for ln in text.splitlines()) + \
                "</body></html>"
            (sub / f"GRDrs_{9100 + i}_2023.html").write_text(html, encoding="utf-8")
        elif i % 10 == 2 and len(text) < 3000:
            (sub / f"GRDrs_{9100 + i}_2023.pdf").write_bytes(
                gen.text_pdf(*(ln.replace("„", '"').replace("“", '"').replace("\t", "  ")
                               for ln in text.splitlines())))
        else:
            (sub / f"GRDrs_{9100 + i}_2023.txt").write_text(text, encoding="utf-8")
        i += 1
        count += 1
    return folder


def dump(db: Path) -> dict:
    """Everything a run stores, without row ids and timestamps (tests/test_ingest.py's dump plus
    consultations, graph nodes and failures)."""
    from test_ingest import dump as base

    out = base(db)
    conn = sqlite3.connect(db)
    out["consultations"] = sorted(conn.execute(
        "SELECT p.key, f.path, c.seq, c.committee, c.purpose, c.public, c.date, c.result, "
        "c.page, c.start, c.\"end\" FROM consultations c JOIN papers p ON p.id = c.paper_id "
        "JOIN files f ON f.id = c.file_id"))
    out["nodes"] = sorted(conn.execute("SELECT key, kind, name, date FROM nodes"))
    out["paper_files"] = sorted(conn.execute(
        "SELECT p.key, f.path, pf.role FROM paper_files pf JOIN papers p ON p.id = pf.paper_id "
        "JOIN files f ON f.id = pf.file_id"))
    out["failures"] = sorted(conn.execute("SELECT path, reason FROM failures"))
    conn.close()
    return out


def half_stored(conn: sqlite3.Connection) -> int:
    """Files whose pages or paper link are missing (a transaction cut in half would show)."""
    return conn.execute(
        "SELECT count(*) FROM files f WHERE f.pages != (SELECT count(*) FROM pages p "
        "WHERE p.file_id = f.id) OR NOT EXISTS (SELECT 1 FROM paper_files pf "
        "WHERE pf.file_id = f.id)").fetchone()[0]


def grdrs_cmd(*args: str) -> list[str]:
    import sys

    return [sys.executable, "-m", "grdrs", *args]


def _orphans(db: Path) -> list[int]:
    """Processes still running with ``db`` on their command line (workers of a killed ingest)."""
    out = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmd = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if str(db).encode() in cmd:
            out.append(int(proc.name))
    return out


def kill_rounds(work: Path, files: int, rounds: int, seed: int = 7, log=print) -> dict:
    """kill -9 an ingest at random moments, ``rounds`` times; check each kill, then re-run.

    Odd rounds kill a fresh ingest; even rounds kill a re-ingest in which a third of the files
    changed (so files are being replaced). After each kill: ``PRAGMA integrity_check`` is ok,
    no file is half-stored, no worker outlives the main process; the re-run then ends with
    exactly the content of an uninterrupted run. Returns the measurements.
    """
    import os
    import signal
    import subprocess
    import time

    rng = random.Random(seed)
    v0, v1 = make_corpus(work / "v0", files), make_corpus(work / "v1", files, version=1)
    src = work / "src"

    def put(version_dir: Path) -> None:
        if src.exists():
            shutil.rmtree(src)
        shutil.copytree(version_dir, src, symlinks=True)

    def run(db: Path, jobs: int = 1) -> subprocess.CompletedProcess:
        return subprocess.run(grdrs_cmd("ingest", str(src), "--db", str(db), "-q", "--jobs",
                                        str(jobs)), capture_output=True, text=True, timeout=900)

    # the references: clean runs of both versions, and the base for the replace rounds
    put(v0)
    clean0, base = work / "clean0.db", work / "base.db"
    t0 = time.monotonic()
    assert run(clean0).returncode == 0
    t_clean = time.monotonic() - t0
    shutil.copy(clean0, base)
    put(v1)
    clean1 = work / "clean1.db"
    assert run(clean1).returncode == 0
    probe = work / "probe.db"
    shutil.copy(base, probe)
    t0 = time.monotonic()
    assert run(probe).returncode == 0  # how long re-ingesting the changed third takes
    t_replace = time.monotonic() - t0
    want = {0: dump(clean0), 1: dump(clean1)}
    stats = {"files": files, "rounds": 0, "clean_seconds": round(t_clean, 2),
             "replace_seconds": round(t_replace, 2), "kills": []}
    for r in range(rounds):
        replace = r % 2 == 1
        db = work / f"round{r}.db"
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        put(v1 if replace else v0)
        if replace:
            shutil.copy(base, db)
        jobs = rng.choice([1, 2])
        at = rng.uniform(0.0, (t_replace if replace else t_clean) * 1.05)
        proc = subprocess.Popen(grdrs_cmd("ingest", str(src), "--db", str(db), "-q", "--jobs",
                                          str(jobs)),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(at)
        finished = proc.poll() is not None
        if not finished:
            try:
                os.kill(proc.pid, signal.SIGKILL)
            except ProcessLookupError:  # it ended just now
                finished = True
        proc.wait()
        deadline = time.monotonic() + 5
        while _orphans(db) and time.monotonic() < deadline:
            time.sleep(0.05)
        orphans = _orphans(db)
        stored = 0
        if db.exists():
            conn = sqlite3.connect(db)
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            try:
                stored = conn.execute("SELECT count(*) FROM files").fetchone()[0]
                half = half_stored(conn)
            except sqlite3.OperationalError:  # killed before the schema was created
                half = 0
            conn.close()
        else:
            ok, half = "ok", 0
        t1 = time.monotonic()
        rerun = run(db, jobs)
        same = rerun.returncode == 0 and dump(db) == want[1 if replace else 0]
        kill = {"round": r, "replace": replace, "jobs": jobs, "at": round(at, 2),
                "finished_before_kill": finished, "stored_at_kill": stored,
                "integrity": ok, "half_stored": half, "orphans": len(orphans),
                "rerun_seconds": round(time.monotonic() - t1, 2), "rerun_equals_clean": same}
        log(kill)
        stats["kills"].append(kill)
        stats["rounds"] += 1
        assert ok == "ok" and half == 0 and not orphans and same, (kill, rerun.stderr[-2000:])
    return stats
