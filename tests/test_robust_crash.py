"""Crashes and concurrency: kill -9 at random moments, queries during an ingest, two ingests.

The full run (500 files, 20 kills) is ``python bench/robust_kill.py``; CI runs 3 kills on a
smaller batch under the ``slow`` marker.
"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from _robust_corpus import dump, grdrs_cmd, half_stored, kill_rounds, make_corpus

from grdrs import store


@pytest.mark.slow
def test_kill_9_at_random_moments(tmp_path: Path):
    stats = kill_rounds(tmp_path, files=120, rounds=3, seed=11, log=lambda _: None)
    assert stats["rounds"] == 3


def _start(src: Path, db: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(grdrs_cmd("ingest", str(src), "--db", str(db), "-q", *extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_queries_while_an_ingest_runs_never_see_a_lock(tmp_path: Path):
    src = make_corpus(tmp_path / "src", 150)
    db = tmp_path / "g.db"
    proc = _start(src, db)
    queries = 0
    seen: set[int] = set()
    slowest = 0.0
    while proc.poll() is None:
        try:
            conn = store.connect(db)
            conn.execute("SELECT 1 FROM meta").fetchone()
        except (FileNotFoundError, sqlite3.OperationalError) as err:
            assert "locked" not in str(err)
            time.sleep(0.01)  # not created yet
            continue
        t0 = time.monotonic()
        try:
            n = len(store.list_papers(conn))
            store.search(conn, "Budget", limit=5)
            conn.execute("SELECT count(*) FROM edges").fetchone()
        except sqlite3.OperationalError as err:
            pytest.fail(f"query failed during ingest: {err}")
        finally:
            conn.close()
        slowest = max(slowest, time.monotonic() - t0)
        seen.add(n)
        queries += 1
        if queries % 10 == 0:  # and through the CLI, as a user would
            r = subprocess.run(grdrs_cmd("papers", "--db", str(db), "--json"),
                               capture_output=True, text=True, timeout=60)
            assert r.returncode == 0 and "locked" not in r.stderr, r.stderr
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert queries > 5 and len(seen) > 2, (queries, seen)  # the queries saw the ingest progress
    assert slowest < 5


def test_two_ingests_into_one_database_serialize(tmp_path: Path):
    a = make_corpus(tmp_path / "a", 60, seed=1)
    b = make_corpus(tmp_path / "b", 60, seed=2, version=1)
    db = tmp_path / "g.db"
    p1 = _start(a, db)
    time.sleep(0.3)
    p2 = _start(b, db)
    (_, e1), (_, e2) = p1.communicate(timeout=300), p2.communicate(timeout=300)
    assert p1.returncode == 0 and p2.returncode == 0, e1 + e2
    assert "locked" not in e1 + e2
    assert "waiting for it to finish" in e1 + e2  # they overlapped, and one waited
    seq = tmp_path / "seq.db"
    for src in (a, b):
        assert subprocess.run(grdrs_cmd("ingest", str(src), "--db", str(seq), "-q"),
                              capture_output=True).returncode == 0
    assert dump(db) == dump(seq)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert half_stored(conn) == 0


def test_second_ingest_waits_for_the_lock_and_says_so(tmp_path: Path):
    import fcntl

    src = make_corpus(tmp_path / "src", 5)
    db = tmp_path / "g.db"
    store.connect(db, write=True).close()
    with open(f"{db}.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running ingest holds it
        proc = _start(src, db)
        time.sleep(2)
        assert proc.poll() is None  # waiting, not writing
        conn = sqlite3.connect(db)
        assert conn.execute("SELECT count(*) FROM files").fetchone()[0] == 0
        conn.close()
        fcntl.flock(lock, fcntl.LOCK_UN)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0
    assert f"grdrs: another ingest is writing to {db}; waiting for it to finish" in err
    assert "5 new" in out
