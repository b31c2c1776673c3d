"""--memory-limit at low values: a file over the limit fails with "exceeded the memory limit of
N MB" and nothing else (no traceback from a worker, no "internal error" from a module imported
under the limit), and a limit below what a reader process needs to start is refused up front."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import _robust_pdf as gen
from conftest import ROOT, run_grdrs

from grdrs.limits import MIN_MEMORY_LIMIT

TEXT = "Landeshauptstadt Stuttgart\nGRDrs 12/2023\nEin Budget von 40.000 EUR/Jahr ab 2024.\n"

# read in a fresh interpreter (the address space a worker starts with is that of the process it
# forks from, so not pytest's): every file, under each limit, errors as JSON, stderr as it is
_SCRIPT = """
import json, sys
from grdrs.pool import Limits, ReaderPool
files = sys.argv[2:]
out = {}
for mb in json.loads(sys.argv[1]):
    with ReaderPool(1, Limits(time=60, memory=mb)) as pool:
        out[mb] = [r.error for r in pool.map((f, "", None) for f in files)]
print(json.dumps(out))
"""


def test_low_memory_limits_fail_as_the_limit_without_a_traceback(tmp_path: Path):
    # a table header the Stuttgart profile knows: pdfplumber (and what it imports) reads the page
    pdf = tmp_path / "tabelle.pdf"
    pdf.write_bytes(gen.text_pdf("Landeshauptstadt Stuttgart", "GRDrs 12/2023",
                                 "Vorlage an  zur  Sitzungsart  Sitzungstermin",
                                 "Gemeinderat  Beschlussfassung  oeffentlich  28.09.2023",
                                 "Kosten: 21.000 Euro im Jahr 2024."))
    txt = tmp_path / "gut.txt"
    txt.write_text(TEXT, encoding="utf-8")
    limits = [40, 50, 56, 60, 62, 64, 66, 68, 70, 75, 80, MIN_MEMORY_LIMIT]
    r = subprocess.run([sys.executable, "-c", _SCRIPT, json.dumps(limits), str(pdf), str(txt)],
                       capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""  # no worker's traceback, no "Fatal Python error"
    got = json.loads(r.stdout)
    for mb in limits:
        for error in got[str(mb)]:
            assert error is None or f"exceeded the memory limit of {mb} MB" in error, (mb, error)
    assert got[str(MIN_MEMORY_LIMIT)] == [None, None]  # at the floor small files are read


def test_a_memory_limit_below_the_floor_is_a_usage_error(tmp_path: Path):
    txt = tmp_path / "gut.txt"
    txt.write_text(TEXT, encoding="utf-8")
    for command in ("extract", "ingest"):
        for mb in ("40", "-1"):
            r = run_grdrs(command, "--memory-limit", mb, str(txt), cwd=tmp_path)
            assert r.returncode == 2, r.stderr
            assert f"at least {MIN_MEMORY_LIMIT} MB" in r.stderr
            assert "Traceback" not in r.stderr
        assert f"at least {MIN_MEMORY_LIMIT}" in run_grdrs(command, "--help").stdout
    assert not (tmp_path / "grdrs.db").exists()
    for mb in ("0", str(MIN_MEMORY_LIMIT)):
        r = run_grdrs("extract", "--memory-limit", mb, "--json", str(txt))
        assert r.returncode == 0 and r.stderr == "", r.stderr
        assert json.loads(r.stdout)["paper"]["number"] == "12/2023"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"at least {MIN_MEMORY_LIMIT} MB" in readme
