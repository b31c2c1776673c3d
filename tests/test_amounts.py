"""Money amounts: the formats and traps of council-papers.md §5 as (text, expected) rows."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grdrs.decimal_parse import parse_number, scale_factor
from grdrs.extractors import amounts

from _facts_helpers import ctx_of, need_seed, seed_extraction


def values(text: str):
    return [(a.value, a.value_to) if a.value_to else a.value
            for a in amounts.extract(ctx_of(text))]


# (text, expected values; a tuple is a range) — a new trap is one line.
CASES = [
    ("ein Budget von 40.000 EUR/Jahr für", ["40000.00"]),
    ("i.H.v. 21.000 Euro.", ["21000.00"]),
    ("i. H. v. 21.000 Euro im zweiten Halbjahr", ["21000.00"]),
    ("in Höhe von 2.000 EUR / Jahr", ["2000.00"]),
    ("Kosten von 30.200 € entstehen", ["30200.00"]),
    ("Zuschuss € 100.000 wird", ["100000.00"]),
    ("insgesamt 5,39 Mio. € im Jahr", ["5390000.00"]),
    ("rd. 25,20 Mio. Euro", ["25200000.00"]),
    ("ca. 8.6 Mio. Euro", ["8600000.00"]),
    ("Aufwand 1.118 T Euro", ["1118000.00"]),
    ("Aufwand 260 T Euro", ["260000.00"]),
    ("Stammkapital 5.150 T€ und 25 T€", ["5150000.00", "25000.00"]),
    ("Zuschuss 80 TEUR", ["80000.00"]),
    ("Zuschuss 80 TEuro", ["80000.00"]),
    ("Mittel 12 Tsd. €", ["12000.00"]),
    ("Gesamt 3.704.966,97 €", ["3704966.97"]),
    ("Kosten 649.755 EUR/netto", ["649755.00"]),
    ("ca. 250.000 EUR – 300.000 EUR werden", [("250000.00", "300000.00")]),
    ("ca. 250.000 – 300.000 EUR werden", [("250000.00", "300000.00")]),
    ("von 6 bis 13 Mio. Euro", [("6000000.00", "13000000.00")]),
    ("Investitionen über 50.000,-- Euro", ["50000.00"]),
    ("Miete 75,- Euro", ["75.00"]),
    ("Betrag 4 300 000 € netto", ["4300000.00"]),
    ("Betrag 1 201,54 € netto", ["1201.54"]),
    ("Fehlbeträgen von -36,6 Mio. Euro", ["-36600000.00"]),
    ("Mindereinnahme von 1,687 Mio. DM.", ["1687000.00"]),
    ("auf 20 Mrd. Euro Ende 2012", ["20000000000.00"]),
    ("bis zu 5 Millionen Euro", ["5000000.00"]),
    ("ca. 1 Milliarde EURO", ["1000000000.00"]),
    ("Geschätzte Kosten € 2,64 Mio.", ["2640000.00"]),
    ("Kosten 18,7 Mio Euro", ["18700000.00"]),
    ("genehmigt wurde i.H.v. 21.000\nEuro. Das Budget", ["21000.00"]),
    ("von 30,0 Mio.\nEuro verteilt", ["30000000.00"]),
    ("Entgelt 0,59 €/m³", []),  # a unit price is not an amount (issue 14)
    # also with a noun or two before "pro"/"je"/"/", across a line break
    ("eine Wohnung für 9 Euro Grundmiete pro Quadratmeter, eine andere", []),
    ("ein Preis von 4 200 oder 4 800 Euro Kaufpreis je\nQuadratmeter und mehr", []),
    ("Honorar von 45 Euro netto pro Stunde", []),
    ("Richtwert 3.100 Euro brutto/qm", []),
    ("Schulden von 300 Euro je \nEinwohner", []),
    # a rate per person, child, day or case, and "für den Quadratmeter"
    ("Halbtagesgruppen = 38,00 €/Kind/Monat", []),
    ("eine Gebühr von 10,00 € pro Tag und Person", []),
    ("der Bettenpreis von 22 Euro pro Nacht", []),
    ("eine Ausgleichszahlung von 3.000 Euro pro \nPerson", []),
    ("ein Mietpreis von 7,15 Euro für den Quadratmeter", []),
    ("Zuschüsse von 5 000 Euro pro Jahr und Kopf", []),  # per year and head: a rate
    ("Zuschüsse von 5 000 Euro pro Jahr und die Stadt zahlt", ["5000.00"]),
    ("2,80 Euro für eine Fahrt im Stadtgebiet", []),
    ("Zuschuss von 10 Euro für jedes Kind", []),
    # "für den/die/das" before a person or case names what a total is for
    ("mit 461 T€ für den Fall eines steigenden Zuschusses", ["461000.00"]),
    ("Kosten von 20.000 Euro für den Tag der offenen Tür", ["20000.00"]),
    ("2 Mio. Euro für den Platz vor dem Rathaus", ["2000000.00"]),
    ("15.000 Euro für die Fahrt nach Berlin", ["15000.00"]),
    ("Kosten von 300.000 Euro für ein Ticket-System", ["300000.00"]),
    ("Umlage 12 €/EW-175, Differenz 720,00 Euro/m²-504", []),  # a unit price, a figure after
    ("Kosten von 2 Mio. Euro für das Jahr 2024", ["2000000.00"]),
    ("Kosten 8 Mio. Euro und je Einwohner 40 Euro", ["8000000.00", "40.00"]),
    ("Zuschuss 9 Mio. Euro Investitionen pro Jahr", ["9000000.00"]),
    ("kostet 3 000 Euro.\n\nDie Miete pro m² steigt", ["3000.00"]),
    # a blank (also a no-break or narrow no-break space) groups thousands after 1-3 digits
    ("Zuschuss von 12 500 Euro", ["12500.00"]),
    ("Zuschuss von 12\u202f500 Euro und 7\u00a0250 Euro", ["12500.00", "7250.00"]),
    ("im Jahr 2030 4 000 Euro", ["4000.00"]),
    ("in 2030 750 Euro", ["750.00"]),
    ("2.148.251,75 €) oder", ["2148251.75"]),
    # a blank after the decimal comma in an exported text: one figure
    ("insgesamt 180.165, 41 Euro, wovon", ["180165.41"]),
    ("Teilbetrag von -280.511, 18 Euro in die", ["-280511.18"]),
    ("im Jahr 2024, 50 Euro je Monat", ["50.00"]),  # a year, then an amount
    # not amounts
    ("Ca. 20.000 Menschen in Stuttgart", []),
    ("mit über 430 Teilnehmenden", []),
    ("mit rd. 300 Multiplikator*innen", []),
    ("Teilhaushalt 810 - Bürgermeisteramt", []),
    ("eine Leitung (A 15) und (EG 11)", []),
    ("eine Stelle (1,0 VK, EG 11)", []),
    ("im Jahr 2023 und GRDrs 669/2021", []),
    ("Eingliederungsmittel von 15,9 Mio. im Jahr 2010", []),
    ("Volumen 3,8 Mio. m³", []),
    ("Kosten in\n2023\nEuro\n", []),
    # a year labelling its column in € before the figure: the figure is the amount
    ("1. Umsatzerlöse 2020 € 283.030,09\n\n2019 € 306.715,48\n", ["283030.09", "306715.48"]),
    ("im Jahr 2023 € 1.500", ["1500.00"]),
    ("Die Prämie 2023 € 1.500,00 €", ["2023.00", "1500.00"]),  # the figure has its own €
    ("Die Europawoche 2023", []),
    ("ein 5-Euro-Schein", []),
    ("Fußball-Euro 2024 in Stuttgart", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_values(text, expected):
    assert values(text) == expected


PER = [
    ("40.000 EUR/Jahr", "year"),
    ("2.000 EUR / Jahr", "year"),
    ("120 Millionen Euro pro Jahr", "year"),
    ("Abschreibungen von jährlich rd. 4,7 Mio. €", "year"),
    ("eine zusätzliche jährliche Belastung von rd. 1,4 Mio. €", "year"),
    ("Kosten 98.000 € p.a.", "year"),
    ("Kosten 98.000 € / jährlich", "year"),
    ("je Haushaltsjahr 250.000,00 Euro", "year"),
    ("zum Abgabepreis von monatlich 24,00 €", "month"),
    ("Miete 500 €/Monat", "month"),
    ("Miete 500 Euro pro Monat", "month"),
    # the line breaks between the marker's words
    ("die Einstellung von Mitteln in Höhe von 10.000 Euro pro\nJahr.", "year"),
    ("eine Erhöhung des Zuschusses um 4.000 Euro je\nHaushaltsjahr", "year"),
    ("mit 1.000 € pro Monat bzw. 12.000 € pro \nJahr", "year"),
    ("eine Erhöhung um 15.000 Euro im\nMonat", "month"),
    ("einmalig 500 Euro", None),
    ("15,9 Mio. Euro im Jahr 2010", None),
    ("jährliche Kosten von 1 Mio. € und einmalige Kosten von 2 Mio. €", None),  # the second
    # a marker before the first of two coordinated amounts covers both; a share ("davon") too
    ("Der Mehraufwand beträgt ab 2024 jährlich 57.000 EUR Sachkosten sowie rd. 76 T Euro Personal-\nkosten.", "year"),
    ("fördert die Altenhilfe jährlich mit rd. 25,20 Mio.\nEuro; davon entfallen 1.118 T Euro auf die Begegnungsstätten.",
     "year"),
    ("Es fallen jährlich 57.000 EUR Sachkosten sowie 15.000 EUR einmalig für die Kampagne an.", None),
    ("Das Budget von 57.000 EUR/Jahr und 15.000 EUR für die Kampagne.", None),  # /Jahr is the first's only
]


@pytest.mark.parametrize("text,per", PER)
def test_per(text, per):
    got = amounts.extract(ctx_of(text))
    assert got and got[-1].per == per


PERIODS = [
    ("ein befristetes Budget von 40.000 EUR/Jahr für die Jahre 2022 und 2023 zur Verfügung",
     ("2022-01-01", "2023-12-31")),
    ("Das Budget in Höhe von 40.000 EUR/Jahr ist befristet\nfür die Jahre 2022/2023.",
     ("2022-01-01", "2023-12-31")),
    ("Bedarfe in Höhe von 2.000 EUR / Jahr (befristet für die Jahre 2024/2025).",
     ("2024-01-01", "2025-12-31")),
    ("eines unbefristeten Budgets ab 2024 in Höhe von 57.000 EUR / Jahr dargestellt",
     ("2024-01-01", None)),
    ("Das Budget in 2023 beläuft sich demnach auf 61.000 Euro.", ("2023-01-01", "2023-12-31")),
    ("Eine Übertragung aus 2022 auf 2023 i.H.v. 21.000 Euro.", (None, None)),
    ("Im Jahr 2010 kostete es 5 Mio. €, im Jahr 2011 6 Mio. €.", ("2010-01-01", "2010-12-31")),
    ("Zuschuss in 2010: 2.058 € ab 2011: 4.117 €", ("2010-01-01", "2010-12-31")),
    ("Der Mehraufwand beträgt ab 2024 jährlich 57.000 EUR Sachkosten sowie rd. 76 T Euro Personalkosten.",
     ("2024-01-01", None)),
    ("Laut Urteil vom November 2008 " + "ist vieles zu bedenken, " * 5 + "etwa 2 Euro.",
     (None, None)),
]


@pytest.mark.parametrize("text,period", PERIODS)
def test_period(text, period):
    got = amounts.extract(ctx_of(text))
    assert (got[0].period_from, got[0].period_to) == period


# an enumeration "A Euro in YEAR, B Euro in YEAR": a year right after an amount is that
# amount's, not the next one's; a year right before an amount (after the one before) is its own
ENUMERATIONS = [
    ("Vorgesehen sind 2 Mio. Euro in 2030, 3 Mio. Euro in 2031 und 4 Mio. Euro in den Folgejahren.",
     [("2030-01-01", "2030-12-31"), ("2031-01-01", "2031-12-31"), ("2032-01-01", None)]),
    ("Die Kosten steigen auf rund 1,2 Mrd. Euro in 2030 und 2031 sogar auf etwa 1,4 Mrd. Euro.",
     [("2030-01-01", "2030-12-31"), ("2031-01-01", "2031-12-31")]),
    ("Der Zuschuss beträgt 500 Euro (2030) sowie 700 Euro (2031).",
     [("2030-01-01", "2030-12-31"), ("2031-01-01", "2031-12-31")]),
    ("Abfluss der Mittel: 2030 ca. 10.000 Euro, 2031 ca. 20.000 Euro, 2032 ca. 5.000 Euro.",
     [(None, None), ("2031-01-01", "2031-12-31"), ("2032-01-01", "2032-12-31")]),
    ("Geplant sind 4 Mio. Euro für 2030 und danach 2 Mio. Euro.",
     [("2030-01-01", "2030-12-31"), (None, None)]),
    # a table: the row's year opens the line, right before the row's first figure
    ("im Jahr 2030 100 € 120 € 20 €\nim Jahr 2031 200 € 180 € 20 €",
     [("2030-01-01", "2030-12-31"), (None, None), (None, None),
      ("2031-01-01", "2031-12-31"), (None, None), (None, None)]),
    # a year after the amount's own comes first; "für 2031 und 2032 sowie": the years end there
    ("Bedarf: 10.000 Euro für 2030, 20.000 Euro für 2031 und 2032 sowie 5.000 Euro für 2033.",
     [("2030-01-01", "2030-12-31"), ("2031-01-01", "2031-12-31"), ("2033-01-01", "2033-12-31")]),
    ("Bedarf: 20.000 Euro für 2031 und 2032 sowie 5.000 Euro danach.",
     [("2031-01-01", "2031-12-31"), (None, None)]),
    # a year on a line of its own after the amount is the amount's, not the next line's
    ("Belastung 7.000 Euro\nim Haushaltsjahr 2030\n 7.000 € 9.000 Euro",
     [("2030-01-01", "2030-12-31"), (None, None), (None, None)]),
    # "2030 und 2031 jeweils": both years, not the second alone
    ("Es fließen 3 Mio. Euro in 2030 und 2031 jeweils 1 Mio. Euro.",
     [("2030-01-01", "2030-12-31"), (None, None)]),
]


@pytest.mark.parametrize("text,periods", ENUMERATIONS)
def test_period_in_enumerations(text, periods):
    got = amounts.extract(ctx_of(text))
    assert [(a.period_from, a.period_to) for a in got] == periods


SPANS = [
    ("Budget von 40.000 EUR/Jahr für", "40.000 EUR/Jahr"),
    ("ein Betrag i.H.v. 21.000 Euro.", "21.000 Euro"),
    ("Kosten rd. 25,20 Mio. Euro", "25,20 Mio. Euro"),
    ("ca. 250.000 EUR – 300.000 EUR werden", "250.000 EUR – 300.000 EUR"),
    ("i.H.v. 21.000\nEuro. Das", "21.000\nEuro"),
    ("Betriebskosten 2020 € 308.575,38\n", "€ 308.575,38"),
]


@pytest.mark.parametrize("text,surface", SPANS)
def test_span(text, surface):
    (a,) = amounts.extract(ctx_of(text))
    assert a.span.text == surface
    assert text[a.span.start:a.span.end] == surface


def test_subject_is_the_sentence_without_asides():
    text = ("1.2 Budget\nDazu wurde für die Abteilung ein befristetes Budget von 40.000 EUR/Jahr "
            "für die Jahre 2022 und 2023 zur Verfügung gestellt (vgl. Anlage 1: Budget). "
            "Ein anderer Satz.")
    (a,) = amounts.extract(ctx_of(text))
    assert a.subject == ("Dazu wurde für die Abteilung ein befristetes Budget von 40.000 EUR/Jahr "
                         "für die Jahre 2022 und 2023 zur Verfügung gestellt.")


def test_subject_of_a_long_sentence_is_cut_around_the_amount():
    text = "Wir berichten, " + "dass vieles geschah, " * 30 + "wobei ein Budget von 5.000 Euro für Druck bereitsteht, " + "und noch mehr, " * 20 + "Ende."
    (a,) = amounts.extract(ctx_of(text))
    assert "5.000 Euro" in a.subject and len(a.subject) <= amounts.SUBJECT_MAX


def test_amount_across_pages():
    ctx = ctx_of("", pages=("Kosten von insgesamt 21.000", "Euro werden beantragt."))
    (a,) = amounts.extract(ctx)
    assert a.value == "21000.00" and a.span.page == 1 and a.span.end_page == 2


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
def test_seed(suffix):
    expected = need_seed()["amounts"]
    got = seed_extraction(suffix).amounts
    assert Counter(a.value for a in got) == Counter(expected["values"])
    assert Counter(a.value for a in got if a.per == "year") == Counter(expected["per_year"])
    assert all(a.currency == "EUR" for a in got)


# ----------------------------------------------------------------------------- properties

def _reparse(surface: str) -> list[Decimal]:
    """Parse the amount's surface text back, independently of the extractor's regex."""
    import re

    sides = re.split(r"(?<=\S)\s*(?:–|—|-|bis(?: zu)?)\s*(?=\d)", surface)
    parsed = []
    for side in sides:
        num = re.search(r"-?\d+\.\d{1,2}(?=\s*(?:Mio|Mrd|Mill|Tsd))|-?\d[\d. ]*(?:,(?:\d+|-+))?",
                        side).group(0).strip(" .")
        word = re.search(r"Milliard|Million|Mio|Mrd|Mill|Tsd|Tausend|T\s?(?:€|EUR|Euro)|TEUR|TEuro",
                         side)
        key = None
        if word:
            w = word.group(0)
            key = ("mrd" if w.startswith("Milliard") else "mio" if w.startswith("Million")
                   else "t" if w.startswith("T") and not w.startswith(("Tsd", "Tausend")) else w)
        parsed.append((num, key))
    out = []
    for i, (num, key) in enumerate(parsed):
        if key is None and i == 0 and len(parsed) > 1 and not re.search(r"€|EUR|Euro", sides[0]):
            key = parsed[-1][1]
        out.append(parse_number(num, dot_decimal=key is not None) * scale_factor(key))
    return out


NUMBERS = st.one_of(
    st.integers(0, 10**9).map(lambda n: f"{n:,}".replace(",", ".")),
    st.tuples(st.integers(0, 10**7), st.integers(0, 99)).map(
        lambda t: f"{t[0]:,}".replace(",", ".") + f",{t[1]:02d}"),
    st.tuples(st.integers(0, 999), st.integers(0, 9)).map(lambda t: f"{t[0]},{t[1]}"))
UNITS = st.sampled_from(["EUR", "Euro", "€", "Mio. €", "Mio. Euro", "T Euro", "TEUR", "T€",
                         "Mrd. Euro", "EUR/Jahr", "Euro\n"])
WORDS = st.sampled_from(["Budget", "von", "i.H.v.", "rd.", "ca.", "Kosten", "2023", "A 15",
                         "(", ")", ",", ".", "\n", "–", "bis", "jährlich", "GRDrs 669/2021"])


@st.composite
def money_texts(draw):
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        parts.append(draw(WORDS))
        if draw(st.booleans()):
            parts.append(draw(NUMBERS) + " " + draw(UNITS))
    return " ".join(parts)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(money_texts())
def test_surface_parses_back_to_value(text):
    ctx = ctx_of(text)
    for a in amounts.extract(ctx):
        page = ctx.doc.pages[a.span.page - 1].text
        assert 0 <= a.span.start < a.span.end <= len(page)
        assert page[a.span.start:a.span.end] == a.span.text
        vals = _reparse(a.span.text)
        assert Decimal(a.value) == vals[0].quantize(Decimal("0.01"))
        if a.value_to:
            assert Decimal(a.value_to) == vals[-1].quantize(Decimal("0.01"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_random_text_never_raises(text):
    ctx = ctx_of(text)
    for a in amounts.extract(ctx):
        page = ctx.doc.pages[a.span.page - 1].text
        assert 0 <= a.span.start < a.span.end <= len(page)
        Decimal(a.value)


def test_labelled_period_before_and_period_after_do_not_crash():
    """Karlsruhe files 150345/596964: a period labelling the amount and another after it."""
    from grdrs.extractors import extract
    from grdrs.model import Document, Page

    text = "Folgekosten: ja bis 09/2016: 0 Euro ab 10/2016 noch nicht bezifferbar"
    e = extract(Document("t", "t", "txt", (Page(1, text),)), "karlsruhe")
    assert [a.value for a in e.amounts] == ["0.00"]
