"""The README's two commands run as written; .ci/run runs exactly the README's test command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, re.S)


def test_readme_has_two_commands_and_ci_runs_the_second():
    cmds = readme_commands()
    assert len(cmds) == 2
    assert cmds[0] == "pip install . && grdrs demo"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert cmds[1] in ci.splitlines()


def test_first_command_installs_and_runs_the_demo_from_a_fresh_copy(tmp_path: Path):
    """`pip install . && grdrs demo` in a venv, from a copy of the repository."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(
        ".git", "grdrs-demo", "__pycache__", "*.db", ".pytest_cache", ".hypothesis",
        "test-artifacts", "*.egg-info"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
           "VIRTUAL_ENV": str(venv), "PIP_QUIET": "1"}
    env.pop("GRDRS_DB", None)
    env.pop("PYTHONPATH", None)  # the venv must import the grdrs it installed
    r = subprocess.run(["sh", "-c", readme_commands()[0]], cwd=repo, env=env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert (repo / "grdrs-demo" / "grdrs.db").exists()
    assert not (repo / "grdrs.db").exists()
    out = r.stdout
    assert "0 failed" in out and "paper(s)" in out and "What cites what" in out
    assert "One paper in full" in out and "MUSTER" in out
    # the bundled draft's check, as the README counts it
    assert "3 conflict(s) (1 changed, 1 arithmetic, 1 date, 3 new, 6 consistent)." in out
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert ("six figures agree, one changed, one total that does not add up, one date slip, "
            "and three new") in readme
    # the installed package carries the corpus: the demo runs from any folder
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r2 = subprocess.run([str(venv / "bin" / "grdrs"), "demo", "--out", "d"], cwd=elsewhere,
                        env=env, capture_output=True, text=True, timeout=600)
    assert r2.returncode == 0, r2.stderr
    site = subprocess.run([str(venv / "bin" / "python"), "-c",
                           "import grdrs, pathlib; print(pathlib.Path(grdrs.__file__).parent)"],
                          cwd=elsewhere, env=env, capture_output=True, text=True).stdout.strip()
    assert str(venv) in site and (Path(site) / "corpus" / "papers").is_dir()
