"""References: every spelling of council-papers.md §1/§8 as (text, expected) rows, and the seed."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from grdrs.extractors import make_context
from grdrs.extractors import references
from grdrs.model import Document, Page

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "papers" / "seed-teilhaushalt-810-2023-09-18"


def refs(text: str, profile: str = "stuttgart", name: str = "x.txt"):
    doc = Document(source=name, name=name, kind="txt", pages=(Page(1, text),))
    return references.extract(make_context(doc, profile))


# Body text first, so that a citation is not read as the paper's own header number.
FILLER = {"stuttgart": "Bericht. " * 90 + "\n",
          "karlsruhe": "Beschlussvorlage\nVorlage Nr.: 2000/0001\n" + "Bericht. " * 90 + "\n"}


def short(text: str, profile: str = "stuttgart"):
    out = []
    for r in refs(FILLER[profile] + text, profile):
        kind = "" if r.kind == "paper" else r.kind + " "
        out.append(kind + r.number + (f" {r.suffix}" if r.suffix else ""))
    return out


# (text, [kind-prefixed numbers with suffix]) — a new trap is one line.
STUTTGART = [
    ("vgl. GRDrs 669/2021 zum Thema", ["669/2021"]),
    ("siehe GRDRs 270/2022.", ["270/2022"]),
    ("(vgl. GRDs 563/2023)", ["563/2023"]),
    ("gemäß GRDrs. 1383/2021 wurde", ["1383/2021"]),
    ("die GRDrs483/2023 sagt", ["483/2023"]),
    ("GRDrs 0042/2022", ["42/2022"]),
    ("GR-Drucksache 196/2005", ["196/2005"]),
    ("GR-Drs. 196/2005", ["196/2005"]),
    ("Drucksache 462/2003 und", ["462/2003"]),
    ("Drucksache Nr. 462/2003", ["462/2003"]),
    ("Gemeinderatsdrucksache 12/2019", ["12/2019"]),
    ("Beschlussvorlage 708/2022", ["708/2022"]),
    ("Mitteilungsvorlage 11/2020", ["11/2020"]),
    ("Vorlage 536/2011", ["536/2011"]),
    ("GRDrs 397/ 2022 Neufassung", ["397/2022 Neufassung"]),
    ("GRDrs 397/2022 (Neufassung)", ["397/2022 Neufassung"]),
    ("GRDrs 1181/2017 2. Ergänzung", ["1181/2017 2. Ergänzung"]),
    ("GRDrs 1181/2017 1.Ergänzung", ["1181/2017 1. Ergänzung"]),
    ("GRDrs 1181/2017 Ergänzung zur Neufassung", ["1181/2017 Ergänzung zur Neufassung"]),
    ("die 2. Ergänzung zur GRDrs 1181/2017", ["1181/2017 2. Ergänzung"]),
    ("Anlage 1 zur GRDRs 200/2023", ["200/2023"]),
    ("GRDrsn 1181/2017 2. Ergänzung, 1372/2017 und 14/2018", ["1181/2017 2. Ergänzung", "1372/2017", "14/2018"]),
    ("GRDrsn 1128/2011, 1406/2011 sowie 1500/2011", ["1128/2011", "1406/2011", "1500/2011"]),
    ("GRDrsn 1425, 1426 und 1427/2011", ["1425/2011", "1426/2011", "1427/2011"]),
    ("GRDrsn 1425/2011, 1426 und 1427.", ["1425/2011", "1426/2011", "1427/2011"]),
    ("GRDrs\n669/2021", ["669/2021"]),
    ("GRDrs 669/\n2021", []),  # a number broken after the slash is not read
    # not references
    ("Doppelhaushalt 2022/2023", []),
    ("im Zeitraum 2022/2023 wurde 669/2021 genannt", []),
    ("Vorlage 2024/2025", []),
    ("GRDrs 563/2023, 20 Menschen", ["563/2023"]),
    ("GRDrs 563/2023 - 57.000 EUR", ["563/2023"]),
    ("GRDrs 563/2023 und 2024 wird", ["563/2023"]),
    ("BT-Drucksache 19/2021", []),
    ("Landtagsdrucksache 16/2019", []),
    ("Drucksache 1426 wurde", []),
    ("Vorlage an zur Sitzungsart", []),
    # Anträge, Anfragen, Niederschriften: their own kinds
    ("Antrag Nr. 112/2023", ["antrag 112/2023"]),
    ("Antrag 112/2023 und GRDrs 112/2023", ["antrag 112/2023", "112/2023"]),
    ("Anträge Nrn. 972/2017, 973/2017 und 1001/2017", ["antrag 972/2017", "antrag 973/2017", "antrag 1001/2017"]),
    ("Haushaltsantrag Nr. 1128/2019", ["antrag 1128/2019"]),
    ("Stellungnahme zum Antrag 299/2004", ["antrag 299/2004"]),
    ("Antrag vom 04.01.2018 Nr. 29/2018", ["antrag 29/2018"]),
    ("Anträge Nrn. 297 - 299/2019", ["antrag 297/2019", "antrag 298/2019", "antrag 299/2019"]),
    ("Anträge Nrn. 297 - 399", []),  # a range without any year cannot be numbered
    ("Beantwortung zur Anfrage 23/2018", ["anfrage 23/2018"]),
    ("Anfrage Nr. 23/2018", ["anfrage 23/2018"]),
    ("vgl. Niederschrift Nr. 66 vom 28.03.2019", ["niederschrift 66"]),
    ("NNr. 272/HH", ["niederschrift 272/HH"]),
    ("Beschlussantrag: Der Gemeinderat", []),
]


@pytest.mark.parametrize("text,expected", STUTTGART)
def test_stuttgart(text, expected):
    assert short(text) == expected


KARLSRUHE = [
    ("Vorlage Nr.: 2023/0425", ["2023/0425"]),
    ("Vorlagen-Nr. 2023/0425", ["2023/0425"]),
    ("Vorlage: 2021/0388", ["2021/0388"]),
    ("siehe 2023/0425/1 vom Mai", ["2023/0425/1"]),
    ("Beschluss 2019/1234 des", ["2019/1234"]),
    ("Haushalt 2022/2023", []),
    ("Doppelhaushalt 2023/2024", []),
    ("im Jahr 2022/23", []),
    ("Vorlage Nr.: 2022/2038", ["2022/2038"]),
    ("Vorlage Nr.: 881", []),  # old internal numbers are not OParl references
    ("Vorlagen 2023/0425, 2023/0426 und 2023/0500", ["2023/0425", "2023/0426", "2023/0500"]),
    # a pipe's profile size is no paper: a bare number's year from 1950 on (a journalist found
    # "1900/1827" cited by the archive's 2023/1191)
    ("Kanal mit Maulprofil LW 1900/1827 wird saniert", []),
    ("wie 1998/0123 beschlossen", ["1998/0123"]),
    # EU acts are no council papers (file 671244)
    ("gemäß Richtlinie (EU) 2024/1785 des Rates", []),
    ("nach der Richtlinie (EU) 2019/1161 über", []),
    ("Durchführungsverordnung (EU) 2019/1161", []),
    ("Verordnung (EG)\n2019/1161", []),
    ("Richtlinie 2019/1161/EU", []),
    ("die EU 2019/1161 regelt", []),
    ("wie in 2019/1161 beschlossen", ["2019/1161"]),
]


@pytest.mark.parametrize("text,expected", KARLSRUHE)
def test_karlsruhe(text, expected):
    assert short(text, "karlsruhe") == expected


def test_cited_titles():
    r = refs("vgl. GRDrs 155/2022 „Strategische Sozialplanung –\nStrategien für\n\nx“")
    assert r[0].cited_title is None  # a paragraph break ends no title
    r = refs("vgl. GRDrs 155/2022 „Strategische  Sozialplanung –\nStrategien“ und GRDrs 1/2020: \"Titel B\"")
    assert [x.cited_title for x in r] == ["Strategische Sozialplanung – Strategien", "Titel B"]
    r = refs("GRDrsn 1/2020 „Aa“, 2/2020 „Bb“")
    assert [(x.number, x.cited_title) for x in r] == [("1/2020", "Aa"), ("2/2020", "Bb")]
    # nested German quotes; a title after the cited paper's date
    r = refs("Antrag Nr. 9010/2023 vom 04.10.2023 „Einsamkeit wirksam begegnen – „Gemeinsam statt Einsam“\n"
             "dauerhaft sichern“\nErledigte Anfragen/Anträge:")
    assert [(x.kind, x.number, x.cited_title) for x in r] == [
        ("antrag", "9010/2023", "Einsamkeit wirksam begegnen – „Gemeinsam statt Einsam“ dauerhaft sichern")]
    r = refs("GRDrs 1/2020 „Aa“ und „Bb“ sowie GRDrs 2/2020 „Kampagne „X“ – Teil 2“")
    assert [x.cited_title for x in r] == ["Aa", "Kampagne „X“ – Teil 2"]


def test_spans_cover_the_citation():
    text = "Vorher. (vgl. GRDRs 200/2023 Neufassung „Titel“)"
    (r,) = refs(text)
    assert r.span.text == "GRDRs 200/2023 Neufassung"
    assert text[r.span.start:r.span.end] == r.span.text


def _need_shared():
    if not SHARED.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared is missing in CI")
        pytest.skip("../shared not present")


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
def test_seed(suffix):
    _need_shared()
    from grdrs.sources import read

    expected = json.loads((SHARED / "papers" / "seed.expected.json").read_text())["references"]
    doc = read(str(SEED) + suffix)
    got = references.extract(make_context(doc, "stuttgart"))
    assert Counter(r.number for r in got if r.kind == expected["kind"]) == Counter(expected["mentions"])
    assert all(r.kind == "paper" for r in got)
    titles = {r.number: r.cited_title for r in got if r.cited_title}
    for number, title in expected["cited_titles"].items():
        assert titles[number] == title
    for r in got:
        page = doc.pages[r.span.page - 1].text
        if r.span.end_page is None:
            assert page[r.span.start:r.span.end] == r.span.text
