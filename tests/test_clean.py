"""Cleaning keeps a map back to the stored page text; facts may cross page breaks."""

from __future__ import annotations

import pytest
from conftest import SEED_PDF, SEED_TXT, need_shared
from hypothesis import given, settings
from hypothesis import strategies as st

from grdrs.clean import Cleaned
from grdrs.model import Page
from grdrs.sources import read


def pages(*texts: str) -> list[Page]:
    return [Page(i + 1, t) for i, t in enumerate(texts)]


@pytest.mark.parametrize("raw, clean", [
    ("die Ver-\nteilung von", "die Verteilung von"),
    ("die Ver-\n\nteilung von", "die Verteilung von"),
    ("Sozial-\nund Gesundheitsausschuss", "Sozial-\nund Gesundheitsausschuss"),
    ("zielgruppen- und handlungsfeld", "zielgruppen- und handlungsfeld"),
    ("Kurt-\nGeorg-Kiesinger", "Kurt-\nGeorg-Kiesinger"),
    ("Ver\xad\nteilung", "Verteilung"),
    ("a  b\t\tc   \nd", "a b\tc\nd"),
    ("a\n\n\n\nb", "a\n\nb"),
    ("40.000\xa0EUR", "40.000 EUR"),
])
def test_clean_text(raw: str, clean: str):
    assert Cleaned(pages(raw)).text == clean


def test_page_numbers_and_running_heads_dropped_and_pages_joined():
    c = Cleaned(pages("Kopf MUSTER – nicht amtlich\nDer Text beginnt und die Ver-",
                      "- 2 -\nKopf MUSTER – nicht amtlich\nteilung geht weiter.\nSeite 2",
                      "-3-\nKopf MUSTER – nicht amtlich\nEnde."))
    assert c.text == "Der Text beginnt und die Verteilung geht weiter.\nEnde."


def test_span_maps_back_to_stored_text():
    ps = pages("Hallo Welt,  das\nBud-\nget von 40.000\nEUR", "- 2 -\nist gut.")
    c = Cleaned(ps)
    i = c.text.index("Budget")
    s = c.span(i, i + len("Budget von 40.000 EUR"))
    assert (s.page, s.text) == (1, "Bud-\nget von 40.000\nEUR")
    assert ps[0].text[s.start:s.end] == s.text
    j = c.text.index("EUR")
    s2 = c.span(j, c.text.index("gut") + 3)
    assert s2.page == 1 and s2.end_page == 2
    assert c.page_text(2) == "ist gut."


def test_seed_title_across_page_break_is_whole_in_clean_text():
    need_shared()
    c = Cleaned(read(SEED_PDF).pages)
    assert "„Strategische Sozialplanung – Budget ab 2024“" in " ".join(c.text.split())
    assert "Verteilung von Werbemitteln" in c.text
    t = Cleaned(read(SEED_TXT).pages)
    assert "Verteilung von Werbemitteln" in t.text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab -\n\t\xad\xa0.5ÄüSeit")), max_size=60),
                min_size=1, max_size=4))
def test_every_clean_offset_maps_inside_its_page(texts):
    ps = pages(*texts)
    c = Cleaned(ps)
    for i in range(len(c.text)):
        page, off = c.locate(i)
        assert 1 <= page <= len(ps)
        assert 0 <= off <= len(ps[page - 1].text)
        s = c.span(i, i + 1)
        if s.end_page is None:
            assert ps[s.page - 1].text[s.start:s.end] == s.text
