"""Bad input among good files: each failure is one line (file: reason) and a row in
``failures``, the rest of the batch is stored, exit status 1, and the database stays sound.

Every file is generated here (no committed binaries). PDF bombs are stopped by the per-file
time and memory limits (``--time-limit``/``--memory-limit``, run in worker processes).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import _robust_pdf as gen
import pytest
from conftest import run_grdrs

from grdrs import store
from grdrs.ingest import ingest
from grdrs.reading import Read
from grdrs.pool import Limits, ReaderPool
from grdrs.sources import ReadError, read_bytes

GOOD_TEXT = ("Landeshauptstadt Stuttgart\nGRDrs 12/2023\nDer Gemeinderat beschließt ein Budget "
             "von 40.000 EUR/Jahr (vgl. GRDrs 669/2021) ab 01/2024.\n")


def _encrypted(path: Path, user: str, text: str) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption(user, ownerPassword="o"))
    c.drawString(100, 700, text)
    c.showPage()
    c.save()


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {"bomb-stream.pdf": gen.huge_stream_pdf(1024), "bomb-pages.pdf": gen.many_pages_pdf(),
            "bomb-deep.pdf": gen.deep_pdf()}


def make_batch(root: Path, bombs: dict[str, bytes]) -> tuple[Path, dict[str, str], list[str]]:
    """A folder of good and bad files; returns (folder, {failing name: reason part}, read names)."""
    d = root / "Sitzung 2023 Größe"
    (d / "Unterordner ä").mkdir(parents=True)
    good_pdf = gen.text_pdf("GRDrs 13/2023", "Kosten: 21.000 Euro im Jahr 2024.")
    fail: dict[str, str] = {}
    ok: list[str] = []

    def put(name: str, data: bytes, reason: str | None = None) -> None:
        (d / name).write_bytes(data)
        if reason is None:
            ok.append(name)
        else:
            fail[name] = reason

    put("Vorlage Größe 1.txt", GOOD_TEXT.encode("utf-8"))
    put("gut.pdf", good_pdf)
    put("leer.pdf", b"", "empty file (0 bytes)")
    put("leer.txt", b"", "empty file (0 bytes)")
    put("leer.html", b"<html><body>\n </body></html>", "no text: only blanks and markup")
    put("leerzeilen.txt", b" \n\n\t\n", "no text: only blanks")
    put("unsichtbar.txt", "\u200b\u00ad\n\u200b".encode("utf-8"), "no text: only blanks")
    put("abgeschnitten.pdf", good_pdf[: len(good_pdf) // 2], "damaged or truncated PDF")
    put("xref-kaputt.pdf", gen.broken_xref(good_pdf))  # pdfium rebuilds it, as viewers do
    put("ohne-trailer.pdf", gen.without_xref_and_trailer(good_pdf), "damaged or truncated PDF")
    _encrypted(d / "verschluesselt.pdf", "geheim", "Vertraulich")
    fail["verschluesselt.pdf"] = "encrypted with a password"
    _encrypted(d / "offen-verschluesselt.pdf", "", "Offen lesbar 30.200 EUR")
    ok.append("offen-verschluesselt.pdf")
    put("eigentlich.pdf", b"<!DOCTYPE html><html><body>Hallo</body></html>",
        "not a PDF: the bytes look like HTML")
    put("zufall.pdf", bytes((i * 7919 + 13) % 256 for i in range(5000)), "not a PDF")
    put("bomb-stream.pdf", bombs["bomb-stream.pdf"], "exceeded the memory limit of 400 MB")
    put("bomb-pages.pdf", bombs["bomb-pages.pdf"], "exceeded the time limit of 4 s")
    put("bomb-deep.pdf", bombs["bomb-deep.pdf"], "")  # any clear reason
    cp = ('<html><head><meta charset="windows-1252"></head><body><p>Ausschuß für Umwelt: '
          '30.200 €</p></body></html>')
    put("cp1252.html", cp.encode("cp1252"))
    put("falsches-meta.html", cp.replace("windows-1252", "iso-8859-1").encode("utf-8"))
    put("nul und müll.txt", b"GRDrs 14/2023\x00 Kosten \x81\x8d 5.000 EUR\x00\n")
    (d / "Unterordner ä" / "schleife").symlink_to(d, target_is_directory=True)
    (d / "Unterordner ä" / "alias.txt").symlink_to(d / "Vorlage Größe 1.txt")
    return d, fail, ok


@pytest.mark.parametrize("jobs", [1, 2])
def test_bad_input_batch(tmp_path: Path, bombs, jobs: int):
    d, fail, ok = make_batch(tmp_path, bombs)
    db = tmp_path / "g.db"
    t0 = time.monotonic()
    r = run_grdrs("ingest", str(d), str(d / "Vorlage Größe 1.txt"), "--db", str(db), "-q",
                  "--jobs", str(jobs), "--time-limit", "4", "--memory-limit", "400")
    took = time.monotonic() - t0
    assert r.returncode == 1, r.stdout + r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == len(fail), r.stderr
    for name, reason in fail.items():
        line = next((ln for ln in lines if ln.startswith(f"grdrs: {d / name}: ")), None)
        assert line is not None, (name, r.stderr)
        assert reason in line, line
        assert len(line) < 300
    assert f"{len(ok)} new" in r.stdout and f"{len(fail)} failed" in r.stdout, r.stdout
    assert took < 60
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    failures = dict(conn.execute("SELECT path, reason FROM failures"))
    assert {Path(p).name for p in failures} == set(fail)
    assert all(r for r in failures.values())
    stored = {n for (n,) in conn.execute("SELECT name FROM files")}
    assert stored == set(ok)  # the same file named twice and reached by a symlink: stored once
    warnings = dict(conn.execute("SELECT name, warnings FROM files"))
    assert "NUL bytes removed" in warnings["nul und müll.txt"]
    assert "replaced" in warnings["nul und müll.txt"]
    texts = {name: store.page_text(conn, f, p) for name, f, p in conn.execute(
        "SELECT f.name, p.file_id, p.page FROM pages p JOIN files f ON f.id = p.file_id")}
    assert "Ausschuß für Umwelt: 30.200 €" in texts["cp1252.html"]
    assert "Ausschuß für Umwelt: 30.200 €" in texts["falsches-meta.html"]
    assert "Offen lesbar" in texts["offen-verschluesselt.pdf"]
    assert "Kosten: 21.000 Euro" in texts["xref-kaputt.pdf"]
    assert "\x00" not in texts["nul und müll.txt"] and "\ufffd" in texts["nul und müll.txt"]
    amounts = {v for (v,) in conn.execute("SELECT value FROM mentions WHERE kind = 'amount'")}
    assert {"40000.00", "21000.00", "30200.00", "5000.00"} <= amounts
    conn.close()
    # a second run: good files unchanged, the bad ones fail again, nothing else changes
    r2 = run_grdrs("ingest", str(d), "--db", str(db), "-q", "--time-limit", "4",
                   "--memory-limit", "400", "--jobs", str(jobs))
    assert r2.returncode == 1 and f"{len(ok)} unchanged" in r2.stdout, r2.stdout


def test_text_with_nul_and_invalid_utf8_is_read_with_warnings():
    doc = read_bytes(b"Kosten\x00 \x81\x8d 40.000 EUR\x00", "a.txt", "a.txt", "txt")
    assert doc.pages[0].text == "Kosten \ufffd\ufffd 40.000 EUR"
    assert any("NUL" in w for w in doc.warnings) and any("replaced" in w for w in doc.warnings)
    doc = read_bytes(b"Kosten 40.000 EUR" + b"\x00" * 5000, "b.txt", "b.txt", "txt")
    assert doc.pages[0].text == "Kosten 40.000 EUR"  # NUL padding of a broken download
    doc = read_bytes("Größe 30 €".encode("utf-16"), "c.txt", "c.txt", "txt")
    assert doc.pages[0].text == "Größe 30 €" and not doc.warnings


def test_pdf_without_pages_says_so_and_a_damaged_one_stays_damaged(tmp_path: Path):
    """A sound PDF whose page tree is empty (pdfium opens none, and says of it what it says of
    a damaged one, or "PDFium: Success") has no pages; a broken one is still damaged."""
    import pypdfium2 as pdfium

    pdfium.PdfDocument.new().save(tmp_path / "pdfium.pdf")
    empty = {"pdfium.pdf": (tmp_path / "pdfium.pdf").read_bytes(),
             "kids.pdf": gen.build([b"<< /Type /Catalog /Pages 2 0 R >>",
                                    b"<< /Type /Pages /Kids [] /Count 0 >>"]),
             "count.pdf": gen.build([b"<< /Type /Catalog /Pages 2 0 R >>",
                                     b"<< /Type /Pages /Count 0 >>"])}
    good = gen.text_pdf("GRDrs 13/2023", "Kosten: 21.000 Euro im Jahr 2024.")
    for name, data in empty.items():
        with pytest.raises(ReadError, match="^PDF has no pages$"):
            read_bytes(data, name, name, "pdf")
    for data in (good[: len(good) // 2], gen.without_xref_and_trailer(good),
                 empty["kids.pdf"][: len(empty["kids.pdf"]) // 2]):
        with pytest.raises(ReadError, match="^damaged or truncated PDF"):
            read_bytes(data, "x.pdf", "x.pdf", "pdf")
    (tmp_path / "leer.pdf").write_bytes(empty["pdfium.pdf"])
    r = run_grdrs("ingest", str(tmp_path / "leer.pdf"), "--db", str(tmp_path / "k.db"))
    assert r.returncode == 1 and r.stderr == f"grdrs: {tmp_path / 'leer.pdf'}: PDF has no pages\n"


def test_pdf_without_pages_after_an_encrypted_one_is_not_called_encrypted(tmp_path: Path):
    """pdfium sets no error for a PDF without pages: the last one it had (a password) was
    said of it when the same worker had just read an encrypted PDF."""
    import pypdfium2 as pdfium

    d = tmp_path / "in"
    d.mkdir()
    _encrypted(d / "a.pdf", "geheim", "Vertraulich")
    pdfium.PdfDocument.new().save(d / "b.pdf")
    r = run_grdrs("ingest", str(d), "--db", str(tmp_path / "k.db"), "--jobs", "1")
    assert r.returncode == 1
    assert r.stderr.splitlines() == [f"grdrs: {d / 'a.pdf'}: encrypted with a password",
                                     f"grdrs: {d / 'b.pdf'}: PDF has no pages"], r.stderr


# --- the worker pool itself -----------------------------------------------------------------

def _slow(path, data, sha, profile):
    time.sleep(30)


def _hungry(path, data, sha, profile):
    return bytearray(1 << 31)


def _abort(path, data, sha, profile):
    import faulthandler

    faulthandler.disable()  # pytest's handler would print the worker's stack
    os.abort()


@pytest.mark.parametrize("reader, reason", [
    (_slow, "exceeded the time limit of 1 s"),
    (_hungry, "exceeded the memory limit of 300 MB"),
    (_abort, "the reader crashed (SIGABRT)"),
])
def test_pool_replaces_a_worker_over_a_limit(tmp_path: Path, monkeypatch, reader, reason):
    """A file over a limit fails with that reason; the next files are read by a new worker."""
    import grdrs.reading as ingest_mod

    files = []
    for name in ("a.txt", "bad.txt", "c.txt"):
        (tmp_path / name).write_text(GOOD_TEXT, encoding="utf-8")
        files.append((str(tmp_path / name), "", None))
    real = ingest_mod.read_file

    def pick(path, data, sha, profile):
        return (reader if path.endswith("bad.txt") else real)(path, data, sha, profile)

    monkeypatch.setattr(ingest_mod, "read_file", pick)  # the workers fork with it
    if not hasattr(os, "fork"):
        pytest.skip("needs fork to pass the patched reader to the workers")
    t0 = time.monotonic()
    with ReaderPool(1, Limits(time=1, memory=300)) as pool:
        out: list[Read] = list(pool.map(files))
    assert time.monotonic() - t0 < 20
    assert [r.path for r in out] == [f[0] for f in files]
    assert out[0].error is None and out[2].error is None, out
    assert out[1].error is not None and reason in out[1].error


def test_extract_reports_a_bomb_and_goes_on(tmp_path: Path, bombs):
    (tmp_path / "bomb.pdf").write_bytes(bombs["bomb-pages.pdf"])
    (tmp_path / "gut.txt").write_text(GOOD_TEXT, encoding="utf-8")
    r = run_grdrs("extract", str(tmp_path / "bomb.pdf"), str(tmp_path / "gut.txt"), "--json",
                  "--time-limit", "2")
    assert r.returncode == 1
    assert r.stderr.strip() == f"grdrs: {tmp_path / 'bomb.pdf'}: exceeded the time limit of 2 s"
    assert json.loads(r.stdout)["paper"]["number"] == "12/2023"


def test_limits_are_documented_options():
    r = run_grdrs("ingest", "--help")
    assert "--time-limit" in r.stdout and "--memory-limit" in r.stdout
    assert "default: 600" in r.stdout and "default: 2048" in r.stdout
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "--time-limit" in readme and "--memory-limit" in readme


@pytest.mark.slow
def test_thousand_page_pdf_is_read_within_the_default_limits(tmp_path: Path):
    pdf = tmp_path / "Haushaltsplan 1000 Seiten.pdf"
    gen.thousand_pages_pdf(pdf)
    db = tmp_path / "g.db"
    conn = store.connect(db, write=True)
    s = ingest(conn, [pdf], limits=Limits())
    assert s.failed == 0 and s.new == 1, s.errors
    assert conn.execute("SELECT pages FROM files").fetchone()[0] == 1000
    refs = conn.execute("SELECT count(*) FROM mentions WHERE kind = 'reference'").fetchone()[0]
    amounts = conn.execute("SELECT count(*) FROM mentions WHERE kind = 'amount'").fetchone()[0]
    assert refs == 1000 and amounts == 1000, (refs, amounts)
