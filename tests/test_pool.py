"""The reader pool's order of work (grdrs/pool.py): a file big enough to end last goes out
first, results still come back in input order, and finished results that wait for an earlier
one are held as bytes, past a budget in a temporary file."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from grdrs.pool import ReaderPool, _Held, _Order


def _take_all(order: _Order) -> list[int]:
    out = []
    while order:
        out.append(order.take())
    return out


def test_one_worker_reads_in_input_order():
    assert _take_all(_Order([0] * 5, 1)) == [0, 1, 2, 3, 4]


def test_a_big_file_late_in_the_folder_goes_out_first():
    # 8 files; the last holds most of the bytes: with 2 workers it must not start last
    assert _take_all(_Order([1, 1, 1, 1, 1, 1, 1, 20], 2))[0] == 7


def test_files_of_similar_size_keep_input_order_until_one_would_end_last():
    # Köln-like sizes (MB × 100): in order while each file is small against what is left;
    # the largest (index 10) goes out before the smaller ones ahead of it once it would
    # otherwise be the last one running
    sizes = [41, 144, 18, 19, 134, 161, 172, 159, 44, 83, 176, 23]
    got = _take_all(_Order(sizes, 2))
    assert got[:6] == [0, 1, 2, 3, 4, 5]
    assert got.index(10) < got.index(8) and got.index(10) < got.index(9)
    assert sorted(got) == list(range(12))


def test_a_file_put_back_goes_out_again_first():
    order = _Order([1, 1, 1], 2)
    first = order.take()
    order.put_back(first)
    assert order.take() == first
    assert sorted([first] + _take_all(order)) == [0, 1, 2]


def test_held_results_past_the_budget_go_to_a_file():
    held = _Held(budget=10)
    held.put(3, b"abcdefgh")  # 8 bytes: in memory
    held.put(1, b"x" * 50)  # over the budget: in the file
    held.put(2, b"y" * 50, keep=True)  # wanted next: in memory anyway
    assert held.in_memory == 58 and held.file is not None
    assert 1 in held and 4 not in held
    assert held.pop(1) == b"x" * 50
    assert held.pop(2) == b"y" * 50 and held.pop(3) == b"abcdefgh"
    assert held.in_memory == 0
    held.close()
    assert held.file is None


def _folder(tmp_path: Path) -> list[tuple[str, str, None]]:
    items = []
    for i in range(7):
        p = tmp_path / f"{i:02d}-klein.txt"
        p.write_text(f"Vorlage {i + 1}/2023 kostet {i + 1}.000 EUR.\n", encoding="utf-8")
        items.append((str(p), "", None))
    big = tmp_path / "99-gross.txt"
    big.write_text("Die GRDrs 12/2023 kostet 5.000 EUR.\n" * 3000, encoding="utf-8")
    items.append((str(big), "", None))
    return items


def test_pool_starts_the_big_file_first_and_yields_in_input_order(tmp_path: Path):
    items = _folder(tmp_path)
    with ReaderPool(2) as pool:
        got = list(pool.map(items))
        dispatched = pool.dispatched
    assert [r.path for r in got] == [path for path, _, _ in items]
    assert all(r.error is None for r in got)
    assert dispatched[0] == 7 and sorted(dispatched) == list(range(8))
    assert got[-1].ext.amounts and len(got[-1].doc.pages[0].text) > 100_000


def test_results_held_in_a_file_are_the_same(tmp_path: Path):
    items = _folder(tmp_path)
    items = items[-1:] + items[:-1]  # the big file first: the small ones finish before it
    with ReaderPool(2) as pool:
        kept = [pickle.dumps((r.path, r.ext, r.page_clean)) for r in pool.map(items)]
        assert pool.spilled == 0
    with ReaderPool(2, hold_bytes=0) as pool:
        spilled = [pickle.dumps((r.path, r.ext, r.page_clean)) for r in pool.map(items)]
        assert pool.spilled > 0
    assert spilled == kept
    assert [pickle.loads(k)[0] for k in kept] == [path for path, _, _ in items]


def test_workers_fork_with_the_readers_imported():
    code = ("import sys; from grdrs.pool import ReaderPool; ReaderPool(1); "
            "print(all(m in sys.modules for m in ('pypdfium2', 'grdrs.sources.pdf', "
            "'grdrs.extractors.references', 'grdrs.extractors.amounts')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.stdout.strip() == "True", out.stderr
