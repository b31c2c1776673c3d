"""Dates and periods (council-papers.md §6) as (text, expected) rows, the seed, properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grdrs.extractors import dates
from grdrs.model import Consultation

from _facts_helpers import ctx_of, need_seed, seed_extraction


def facts(text: str):
    return [(d.kind, d.from_, d.to, d.span.text) for d in dates.extract(ctx_of(text))]


# (text, [(kind, from, to, surface)]) — a new trap is one line.
CASES = [
    ("Stuttgart, 18.09.2023", [("date", "2023-09-18", "2023-09-18", "18.09.2023")]),
    ("fand am 9.05.2023 statt", [("date", "2023-05-09", "2023-05-09", "9.05.2023")]),
    ("am 21. November 2021 hat", [("date", "2021-11-21", "2021-11-21", "21. November 2021")]),
    ("am 1. Jan. 2024", [("date", "2024-01-01", "2024-01-01", "1. Jan. 2024")]),
    ("Stand 01.01.22", [("date", "2022-01-01", "2022-01-01", "01.01.22")]),
    ("Am 17.01. 13:35 Uhr begann die Sitzung", []),  # a day without a year, then a time
    ("Am 17.01.13:35 Uhr", []),
    ("ISO 2023-09-18 x", [("date", "2023-09-18", "2023-09-18", "2023-09-18")]),
    ("01/2022 – 06/2022 Analysephase",
     [("period", "2022-01-01", "2022-06-30", "01/2022 – 06/2022")]),
    ("Ab 08/2023 Pflege", [("period", "2023-08-01", None, "Ab 08/2023")]),
    ("(ab 11/2022 bis 09/2023: 5 Veranstaltungen)",
     [("period", "2022-11-01", "2023-09-30", "ab 11/2022 bis 09/2023")]),
    ("Ab 06/2022 – 01/2023 Thematische", [("period", "2022-06-01", "2023-01-31",
                                           "Ab 06/2022 – 01/2023")]),
    ("Zentrum (April bis Mai 2022)", [("period", "2022-04-01", "2022-05-31", "April bis Mai 2022")]),
    ("(seit 07/2022 laufend)", [("period", "2022-07-01", None, "seit 07/2022")]),
    ("im 4. Quartal 2023", [("period", "2023-10-01", "2023-12-31", "4. Quartal 2023")]),
    ("Ab dem 4. Quartal 2023 und", [("period", "2023-10-01", None, "Ab dem 4. Quartal 2023")]),
    ("im vierten Quartal 2023", [("period", "2023-10-01", "2023-12-31", "vierten Quartal 2023")]),
    ("bis Q2 2024", [("period", "2024-04-01", "2024-06-30", "Q2 2024")]),
    ("im III. Quartal 2010", [("period", "2010-07-01", "2010-09-30", "III. Quartal 2010")]),
    ("im zweiten Halbjahr 2023", [("period", "2023-07-01", "2023-12-31", "zweiten Halbjahr 2023")]),
    ("im 1. Halbjahr 2011", [("period", "2011-01-01", "2011-06-30", "1. Halbjahr 2011")]),
    ("in der ersten Jahreshälfte 2024", [("period", "2024-01-01", "2024-06-30",
                                          "ersten Jahreshälfte 2024")]),
    ("vor allem im Jahr 2024 wird", [("period", "2024-01-01", "2024-12-31", "im Jahr 2024")]),
    ("auf das Jahr 2024 verschoben", [("period", "2024-01-01", "2024-12-31", "Jahr 2024")]),
    ("bis Ende des Jahres 2025", [("period", "2025-01-01", "2025-12-31", "Jahres 2025")]),
    ("das Schuljahr 2023/2024", [("period", "2023-08-01", "2024-07-31", "2023/2024")]),  # not "Jahr 2023"
    ("Verstetigung ab 2024)", [("period", "2024-01-01", None, "ab 2024")]),
    ("seit 2020 gilt", [("period", "2020-01-01", None, "seit 2020")]),
    ("im Haushaltsjahr 2024", [("period", "2024-01-01", "2024-12-31", "im Haushaltsjahr 2024")]),
    ("besetzt im Juli 2022", [("period", "2022-07-01", "2022-07-31", "Juli 2022")]),
    ("wird ab Dezember 2023 eine", [("period", "2023-12-01", None, "ab Dezember 2023")]),
    ("zum Doppelhaushalt 2024/2025", [("period", "2024-01-01", "2025-12-31", "2024/2025")]),
    ("im Stellenplan 2022/2023", [("period", "2022-01-01", "2023-12-31", "2022/2023")]),
    ("im Haushalt 2022/23", [("period", "2022-01-01", "2023-12-31", "2022/23")]),
    ("im Schuljahr 2023/2024", [("period", "2023-08-01", "2024-07-31", "2023/2024")]),
    ("für die Jahre 2022 und 2023 zur", [("period", "2022-01-01", "2023-12-31",
                                          "für die Jahre 2022 und 2023")]),
    ("Durchschnitt (1996 - 2005) in", [("period", "1996-01-01", "2005-12-31", "1996 - 2005")]),
    ("vom 01.01.2022 bis 31.12.2023", [
        ("date", "2022-01-01", "2022-01-01", "01.01.2022"),
        ("period", "2022-01-01", "2023-12-31", "01.01.2022 bis 31.12.2023"),
        ("date", "2023-12-31", "2023-12-31", "31.12.2023")]),
    ("ab dem 01.03.2024 gilt", [("period", "2024-03-01", None, "ab dem 01.03.2024"),
                                ("date", "2024-03-01", "2024-03-01", "01.03.2024")]),
    ("Stuttgart, 11/30/2020", [("date", "2020-11-30", "2020-11-30", "11/30/2020")]),
    ("Antrag vom 30/11/2020", [("date", "2020-11-30", "2020-11-30", "30/11/2020")]),
    ("Antrag vom 04/10/2003", [("date", "2003-04-10", "2003-04-10", "04/10/2003")]),
    # not dates
    ("vgl. 669/2021 und 42/2022", []),
    ("Bürgerumfrage 2021 und Armutskonferenz 2023", []),
    ("Kosten 3.704.966,97 €", []),
    ("Punkt 1.4.1 Kommunale Strategie", []),
    ("Vorlage Nr.: 2023/0425", []),
    ("am 31.02.2023", []),
    ("bis 31.12. eines Jahres", []),
    ("200 - 400 Teilnehmenden", []),
    ("im Jahr 1850 und Nummer 2022/2030", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_dates(text, expected):
    assert sorted(facts(text), key=str) == sorted(expected, key=str)


def test_paper_numbers_found_by_references_are_not_months():
    # "GRDrs 10/2022" is a paper: no month October 2022 where a reference stands
    from grdrs.extractors import references

    ctx = ctx_of("siehe GRDrs 10/2022 und Stand 12/2022")
    ctx.results["references"] = references.extract(ctx)
    texts = [d.span.text for d in dates.extract(ctx)]
    assert texts == ["12/2022"]


def test_ambiguous_slash_date_decided_by_consultations():
    ctx = ctx_of("Stuttgart, 10/07/2020\nVerwaltungsausschuss 08.10.2020")
    ctx.results["consultations"] = [Consultation("Verwaltungsausschuss", date="2020-10-08")]
    first = dates.extract(ctx)[0]
    assert first.from_ == "2020-10-07"
    ctx2 = ctx_of("Stuttgart, 10/07/2020\nVerwaltungsausschuss 20.07.2020")
    ctx2.results["consultations"] = [Consultation("Verwaltungsausschuss", date="2020-07-20")]
    assert dates.extract(ctx2)[0].from_ == "2020-07-10"


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
def test_seed(suffix):
    expected = need_seed()
    got = seed_extraction(suffix)
    assert {d.from_ for d in got.dates if d.kind == "date"} == set(expected["dates_of_kind_date"])
    facts_all = list(got.dates) + list(got.amounts)
    for sample in expected["periods_sample"]:
        covering = [d for d in got.dates if sample["text"] in d.span.text.replace("\n", " ")]
        assert covering, sample["text"]
        assert any((d.from_, d.to) == (sample["from"], sample["to"]) for d in covering), sample
    assert facts_all


# ----------------------------------------------------------------------------- properties

@st.composite
def date_texts(draw):
    y = draw(st.integers(1990, 2040))
    m = draw(st.integers(1, 12))
    d = draw(st.integers(1, 28))
    forms = [f"{d:02d}.{m:02d}.{y}", f"{d}.{m:02d}.{y}", f"{m:02d}/{y}", f"ab {m:02d}/{y}",
             f"{m:02d}/{y} – {m:02d}/{y + 1}", f"im Jahr {y}", f"{y}/{y + 1}",
             f"{(m - 1) // 3 + 1}. Quartal {y}", f"ab {y}", f"Juli {y}", f"{d}. März {y}"]
    words = draw(st.lists(st.sampled_from(forms + ["und", "am", "bis", "–", "GRDrs 5/2020", "\n",
                                                   "Kosten", "seit", "(", ")"]), max_size=8))
    return " ".join(words)


@settings(max_examples=300, deadline=None)
@given(date_texts())
def test_dates_lie_within_their_periods(text):
    ctx = ctx_of(text)
    for f in dates.extract(ctx):
        page = ctx.doc.pages[f.span.page - 1].text
        assert page[f.span.start:f.span.end] == f.span.text
        start = date.fromisoformat(f.from_)
        if f.to is not None:
            assert start <= date.fromisoformat(f.to)
        if f.kind == "date":
            assert f.to == f.from_


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_raises(text):
    ctx = ctx_of(text)
    for f in dates.extract(ctx):
        page = ctx.doc.pages[f.span.page - 1].text
        assert 0 <= f.span.start < f.span.end <= len(page)
