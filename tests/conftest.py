"""Shared fixtures. ../shared (beside the checkout) holds the seed paper and real corpora:
tests that need it skip when it is absent, except in CI (CI=true), where they must run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_TXT = SHARED / "papers" / "seed-teilhaushalt-810-2023-09-18.txt"
SEED_PDF = SHARED / "papers" / "seed-teilhaushalt-810-2023-09-18.pdf"
STUTTGART = SHARED / "corpora" / "stuttgart"
KARLSRUHE = SHARED / "corpora" / "karlsruhe"


def need_shared() -> None:
    if not SHARED.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED} is missing, and CI must have it beside the checkout")
        pytest.skip(f"{SHARED} is not beside the checkout")


@pytest.fixture
def shared() -> Path:
    need_shared()
    return SHARED


def run_grdrs(*args: str, cwd: Path | None = None, env: dict | None = None,
              timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh process, as a user would."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("GRDRS_DB", None) if env is None or "GRDRS_DB" not in env else None
    return subprocess.run([sys.executable, "-m", "grdrs", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)
