"""Staff positions (grade, FTE) as (text, expected) rows, and the seed."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grdrs.extractors import positions

from _facts_helpers import ctx_of, need_seed, seed_extraction


def got(text: str):
    return [(p.grade, p.fte, p.span.text) for p in positions.extract(ctx_of(text))]


# (text, [(grade, fte, surface)]) — a new trap is one line.
CASES = [
    ("Stellen geschaffen, eine Leitung (A 15) und eine Koordination (A 14).",
     [("A 15", None, "A 15"), ("A 14", None, "A 14")]),
    ("eine Stelle (1,0 VK, EG 11) Sachbearbeitung", [("EG 11", "1.0", "1,0 VK, EG 11")]),
    ("eine Stelle EG 9b (0,5 VK) beantragt", [("EG 9b", "0.5", "EG 9b (0,5 VK")]),
    ("bewertet nach Entgeltgruppe 11 TVöD", [("EG 11", None, "Entgeltgruppe 11")]),
    ("Die Stelle ist nach EG11 bewertet.", [("EG 11", None, "EG11")]),
    ("eine Stelle in E 9 TVöD", [("E 9", None, "E 9")]),
    ("Erzieherinnen in S 8b (Stelle)", [("S 8b", None, "S 8b")]),
    ("Personal S 06 + Anerkennungspraktikant", [("S 6", None, "S 06")]),
    ("Besoldungsgruppe A 13 g.D.", [("A 13", None, "Besoldungsgruppe A 13 g.D.")]),
    ("Die Stelle wird nach A 13/A 14 bewertet.", [("A 13/A 14", None, "A 13/A 14")]),
    ("Stellenplan: 2,5 VZÄ im Sachgebiet", [(None, "2.5", "2,5 VZÄ")]),
    ("Es werden 0,5 Stellen geschaffen.", [(None, "0.5", "0,5 Stellen")]),
    ("insgesamt 3 Vollzeitstellen", [(None, "3.0", "3 Vollzeitstellen")]),
    # not positions
    ("Anschlussstelle der A 5 bei Karlsruhe", []),
    ("Verkehr auf der B 10 und der B36", []),
    ("die A8 zu niedrig, Tempo 100 km/h", []),
    ("Super E10 an der Tankstelle", []),
    ("siehe Anlage A 1 und S. 12", []),
    ("an 2 Stellen im Text", []),
    ("Teilhaushalt 810 mit 21.000 Euro", []),
    ("eine Leitung (A 15) wird gewählt", []),  # no staff context in the sentence
]


@pytest.mark.parametrize("text,expected", CASES)
def test_positions(text, expected):
    assert got(text) == expected


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
def test_seed(suffix):
    expected = need_seed()["positions"]
    out = seed_extraction(suffix).positions
    assert Counter((p.grade, p.fte) for p in out) == Counter(
        (e["grade"], e.get("fte")) for e in expected)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("AEGSBVK ,.0123456789()/-\nStelleVZÄ")), max_size=200))
def test_random_text_never_raises(text):
    ctx = ctx_of(text)
    for p in positions.extract(ctx):
        page = ctx.doc.pages[p.span.page - 1].text
        assert page[p.span.start:p.span.end] == p.span.text
