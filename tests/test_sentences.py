"""The sentence splitter: abbreviations, ordinals, numbers, headings and list lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grdrs.extractors.sentences import split


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split(text)]


# (text, expected sentences) — a new trap is one line.
CASES = [
    ("Erster Satz. Zweiter Satz.", ["Erster Satz.", "Zweiter Satz."]),
    ("Fragen? Ja! Gut.", ["Fragen?", "Ja!", "Gut."]),
    ("Siehe (vgl. GRDrs 669/2021). Dann.", ["Siehe (vgl. GRDrs 669/2021).", "Dann."]),
    ("Ein Betrag i.H.v. 21.000 Euro. Dann.", ["Ein Betrag i.H.v. 21.000 Euro.", "Dann."]),
    ("Ein Betrag i. H. v. 21.000 Euro wird gezahlt.", ["Ein Betrag i. H. v. 21.000 Euro wird gezahlt."]),
    ("Vieles u.a. Die Kosten.", ["Vieles u.a. Die Kosten."]),
    ("Angebote, z.B. Schulungen.", ["Angebote, z.B. Schulungen."]),
    ("Antrag Nr. 112/2023 liegt vor.", ["Antrag Nr. 112/2023 liegt vor."]),
    ("Es kostet ca. 500 Euro bzw. rd. 600 Euro.", ["Es kostet ca. 500 Euro bzw. rd. 600 Euro."]),
    ("Dr. Alexandra Sußmann sprach. Dann.", ["Dr. Alexandra Sußmann sprach.", "Dann."]),
    ("Im St. Anna Stift. Dann.", ["Im St. Anna Stift.", "Dann."]),
    ("durch ff. Mitteilungsvorlagen gilt.", ["durch ff. Mitteilungsvorlagen gilt."]),
    ("Gem. Abs. 2 gilt das. Dann.", ["Gem. Abs. 2 gilt das.", "Dann."]),
    ("Ggf. wird es teurer.", ["Ggf. wird es teurer."]),
    ("Ab dem 4. Quartal 2023 beginnt es.", ["Ab dem 4. Quartal 2023 beginnt es."]),
    ("Am 21. November 2021 tagte er.", ["Am 21. November 2021 tagte er."]),
    ("Aufwand u.a. für die 4.\nStuttgarter Armutskonferenz mit 400 Gästen.",
     ["Aufwand u.a. für die 4.\nStuttgarter Armutskonferenz mit 400 Gästen."]),
    ("Siehe Punkt 1.4.1 Kommunale Strategie.", ["Siehe Punkt 1.4.1 Kommunale Strategie."]),
    ("Es kostet 3.704.966,97 €. Dann.", ["Es kostet 3.704.966,97 €.", "Dann."]),
    ("Das war 2023. Dann kam 2024.", ["Das war 2023.", "Dann kam 2024."]),
    ("Die Tafel e.V. hilft.", ["Die Tafel e.V. hilft."]),
    ("An die Muster GmbH & Co. KG mit 40.000 Euro vergeben. Dann.",
     ["An die Muster GmbH & Co. KG mit 40.000 Euro vergeben.", "Dann."]),
    ("„Zitat.“ Danach.", ["„Zitat.“", "Danach."]),
    ("1.2 Stellenbesetzung\nDie Leitung wurde besetzt.",
     ["1.2 Stellenbesetzung", "Die Leitung wurde besetzt."]),
    ("Wichtige Meilensteine sind u.a.\n– Bildung einer Gruppe\n– Aufbau eines Netzes",
     ["Wichtige Meilensteine sind u.a.", "– Bildung einer Gruppe", "– Aufbau eines Netzes"]),
    ("Mitzeichnung der beteiligten Stellen:\nDie Referate haben mitgezeichnet.",
     ["Mitzeichnung der beteiligten Stellen:", "Die Referate haben mitgezeichnet."]),
    ("Absatz eins ohne Punkt\n\nAbsatz zwei.", ["Absatz eins ohne Punkt", "Absatz zwei."]),
    ("• GRDrs 408/2023 „Ausbau“;\n• GRDrs 337/2023 „Förderung“",
     ["• GRDrs 408/2023 „Ausbau“;", "• GRDrs 337/2023 „Förderung“"]),
    ("Strategische Sozialplanung\n– Strategien für eine Stadt“).",
     ["Strategische Sozialplanung\n– Strategien für eine Stadt“)."]),
    # a date at the start of a line, the sentence going on from the line before: not item 31
    ("Alle Projekte müssen bis spätestens am\n31. Dezember 2025 beendet sein. Dann.",
     ["Alle Projekte müssen bis spätestens am\n31. Dezember 2025 beendet sein.", "Dann."]),
    # … nor in a dated list whose lines end in a participle
    ("Chronologie\n12. Januar 2023 Antrag eingereicht\n3. Februar 2023 Zuschuss bewilligt",
     ["Chronologie", "12. Januar 2023 Antrag eingereicht", "3. Februar 2023 Zuschuss bewilligt"]),
    # after a line that ends a heading it is one
    ("Sitzungstermine Kulturausschuss\n3. März 2025 im Rathaus",
     ["Sitzungstermine Kulturausschuss", "3. März 2025 im Rathaus"]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_split(text, expected):
    assert sents(text) == expected


def test_wrapped_pdf_lines_stay_one_sentence():
    text = ("Die Abteilung Strategische Sozialplanung des Referates Soziales und gesellschaftliche\n"
            "Integration wurde durch die Beschlüsse des Stuttgarter Gemeinderats in den\n"
            "städtischen Haushaltsplanberatungen zum Doppelhaushalt 2022/2023 gegründet.\n"
            "Aufgrund der Beschlüsse wurden zwei Vollzeitstellen für die neue\n"
            "Abteilung Strategische Sozialplanung beim Referat Soziales und gesellschaftliche\n"
            "Integration geschaffen, eine Leitung (A 15) und eine Koordination (A 14).\n"
            "1.2 Stellenbesetzung\n"
            "Die Leitung der Strategischen Sozialplanung wurde zum 01.01.2022 besetzt.")
    got = sents(text)
    assert len(got) == 4
    assert got[1].startswith("Aufgrund") and got[1].endswith("(A 14).")


def test_amount_broken_before_its_currency_stays_one_sentence():
    """A short line ending in a figure or scale word, its currency opening the next line
    (Köln's two-column minutes beside wide lines elsewhere): one sentence, not two."""
    wide = "Eine lange Zeile der Niederschrift mit vielen Wörtern, damit die übliche Breite groß ist."
    text = (f"{wide}\n{wide}\n{wide}\nDer Zuschuss für Sportvereine steigt um 12 Millionen\n"
            "Euro in 2030 und 14 Millionen Euro in 2031.\nDie Mieten steigen um 800 000\n"
            "€ im Jahr.\nUmsatz 2030\nÜberschrift")
    got = sents(text)
    assert ("Der Zuschuss für Sportvereine steigt um 12 Millionen\nEuro in 2030 und 14 Millionen "
            "Euro in 2031.") in got
    assert "Die Mieten steigen um 800 000\n€ im Jahr." in got
    assert got[-2:] == ["Umsatz 2030", "Überschrift"]  # a short line before a word stays apart
    # a flattened table, a cell per line: the currency alone on its line ends the figure, the
    # row label after it is not the figure's sentence
    table = f"{wide}\n{wide}\nBetriebliches Ergebnis\n57.162,26 \n€\neinbezogener Ausgleich 2021\n"
    assert "einbezogener Ausgleich 2021" not in next(s for s in sents(table) if "57.162,26" in s)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=400))
def test_ranges_are_ordered_trimmed_and_inside(text):
    last = 0
    for s, e in split(text):
        assert last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        last = e
