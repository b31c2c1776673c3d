"""Committee mentions: canonical names, spellings, abbreviations, fuzzy matches, non-mentions."""

from __future__ import annotations

import json

import pytest

from conftest import SEED_PDF, SEED_TXT, need_shared
from grdrs.extractors import committees, make_context
from grdrs.model import Document, Page
from grdrs.profiles import load


def names(text: str, profile: str = "stuttgart") -> list[str]:
    doc = Document("t.txt", "t.txt", "txt", (Page(1, text),))
    ctx = make_context(doc, profile)
    found = committees.extract(ctx)
    for c in found:  # every span covers exactly its text in the stored page
        assert doc.pages[c.span.page - 1].text[c.span.start:c.span.end] == c.span.text
    return [c.name for c in found]


STUTTGART = [
    ("Vorlage an den Verwaltungsausschuss", ["Verwaltungsausschuss"]),
    ("im Sozial- und Gesundheitsausschuss am 21.11.2021", ["Sozial- und Gesundheitsausschuss"]),
    ("im Sozial- und\nGesundheitsausschuss", ["Sozial- und Gesundheitsausschuss"]),
    ("im Sozial- und Gesund-\nheitsausschuss", ["Sozial- und Gesundheitsausschuss"]),
    ("im Sozial-und Gesundheitsausschuss", ["Sozial- und Gesundheitsausschuss"]),
    ("Beschlüsse des Stuttgarter Gemeinderats", ["Gemeinderat"]),
    ("Beschlüsse des Gemeinderates", ["Gemeinderat"]),
    ("Gemeinderatsbeschluss vom 1.2.2020", []),
    ("die Gemeinderatsdrucksache", []),
    ("AfD-Gemeinderatsfraktion", []),
    ("Ausschuß für Umwelt und Technik", ["Ausschuss für Umwelt und Technik"]),
    ("des Ausschusses für Umwelt und Technik", ["Ausschuss für Umwelt und Technik"]),
    ("Ausschuss für Stadtentwicklung und\nTechnik", ["Ausschuss für Stadtentwicklung und Technik"]),
    ("im Verwaltungsauschuss beraten", ["Verwaltungsausschuss"]),
    ("Bezirksbeirat Nord", ["Bezirksbeirat Nord"]),
    ("im Bezirksbeirat Bad Cannstatt", ["Bezirksbeirat Bad Cannstatt"]),
    ("des Bezirksbeirats Mitte", ["Bezirksbeirat Mitte"]),
    ("die Bezirksbeiratssitzung", []),
    ("der Bezirksbeirat", []),
    ("im Ausschuss", []),
    ("Vorstellung der Bewerber im VA", ["Verwaltungsausschuss"]),
    ("Bewerberauswahl für GR", ["Gemeinderat"]),
    ("GR 1 und VA 2 sind Feldnamen", []),
    ("GR-Drucksache 196/2005", []),
    ("GRDrs 563/2023", []),
    ("Beratung im SGA und im JHA", ["Sozial- und Gesundheitsausschuss", "Jugendhilfeausschuss"]),
    ("Vorberatung im STA, dann AKU", ["Ausschuss für Stadtentwicklung und Technik",
                                      "Ausschuss für Klima und Umwelt"]),
    ("Uta Müller", []),
    ("Jugendhilfeausschuss", ["Jugendhilfeausschuss"]),
    ("Ältestenrat", ["Ältestenrat"]),
    ("Reform- und Strukturausschuss", ["Reform- und Strukturausschuss"]),
    ("PLENARSITZUNG DES GEMEINDERATES", ["Gemeinderat"]),
    ("Finanzausschuss", []),
]


@pytest.mark.parametrize("text,expected", STUTTGART)
def test_stuttgart(text, expected):
    assert names(text) == expected


KARLSRUHE = [
    ("Hauptausschuss 15.10.2013", ["Haupt- und Finanzausschuss"]),
    ("nach Vorberatung im Hauptausschuss", ["Haupt- und Finanzausschuss"]),
    ("Haupt- und Finanzausschuss", ["Haupt- und Finanzausschuss"]),
    ("Ortschaftsrat Durlach", ["Ortschaftsrat Durlach"]),
    ("des Ortschaftsrates Neureuts am", ["Ortschaftsrat Neureut"]),
    ("OR Stupferich", ["Ortschaftsrat Stupferich"]),
    ("Ausschuss für öffentliche \nEinrichtungen", ["Ausschuss für öffentliche Einrichtungen"]),
    ("Ausschuss für öffentliche Ein- richtungen", ["Ausschuss für öffentliche Einrichtungen"]),
    ("Planungsauschuss", ["Planungsausschuss"]),
    ("AUG/Naturschutzbeirat", ["Ausschuss für Umwelt und Gesundheit", "Naturschutzbeirat"]),
    ("AföE", ["Ausschuss für öffentliche Einrichtungen"]),
    ("Schulbeirat", ["Schulausschuss"]),
    ("Migrationsbeirat", ["Integrationsausschuss"]),
    ("Betriebsausschuss EiBS", ['Betriebsausschuss "Eigenbetrieb Fußballstadion im Wildpark"']),
    ("Betriebsausschuss „Eigenbetrieb Fußballstadion im Wildpark“",
     ['Betriebsausschuss "Eigenbetrieb Fußballstadion im Wildpark"']),
    ("Wirtschaftsförderungsaus-\nschuss", ["Wirtschaftsförderungsausschuss"]),
    ("Gemeinderat - Beratungen zum DHH", ["Gemeinderat - Beratungen zum DHH"]),
    ("Ortschaftsrat", []),
    ("BA und PA", []),
    ("im BA", ["Bauausschuss"]),
]


@pytest.mark.parametrize("text,expected", KARLSRUHE)
def test_karlsruhe(text, expected):
    assert names(text, "karlsruhe") == expected


def test_protocol_context_allows_short_abbreviations():
    text = "Niederschrift Nr. 5\nSitzungsart: öffentlich\nErgebnis: Zustimmung VA\n"
    assert names(text) == ["Verwaltungsausschuss"]


RESOLVE = [
    ("Verwaltungsausschuss", "Verwaltungsausschuss"),
    ("VA", "Verwaltungsausschuss"),
    ("Sozial- und Gesund- heitsausschuss", "Sozial- und Gesundheitsausschuss"),
    ("Gemeinderat der Landeshauptstadt Stuttgart", "Gemeinderat"),
    ("Wetterbericht", None),
]


@pytest.mark.parametrize("surface,expected", RESOLVE)
def test_resolve(surface, expected):
    assert committees.matcher(load("stuttgart")).resolve(surface) == expected


def test_generic_resolved_from_document():
    m = committees.matcher(load("karlsruhe"))
    assert m.resolve_generic("Ortschaftsrat", "Dienststelle: OV Neureut\nDer Ortschaftsrat Neureut") \
        == "Ortschaftsrat Neureut"
    assert m.resolve_generic("Ortschaftsrat", "Durlach und Neureut") is None  # a tie
    assert m.resolve_generic("Betriebsausschuss", "Dienststelle: EiBS") \
        == 'Betriebsausschuss "Eigenbetrieb Fußballstadion im Wildpark"'


def test_karlsruhe_names_are_oparl_names():
    need_shared()
    from conftest import KARLSRUHE as KA

    orgs = {o["name"] for o in json.loads((KA / "organizations.json").read_text(encoding="utf-8"))
            if "/organizations/gr/" in o["id"]}
    listed = {c["name"] for c in load("karlsruhe").get("committees") if c.get("oparl")}
    assert listed == orgs


@pytest.mark.parametrize("path", [SEED_TXT, SEED_PDF], ids=["txt", "pdf"])
def test_seed(path):
    need_shared()
    from grdrs.extractors import extract
    from grdrs.sources import read

    expected = json.loads((path.parent / "seed.expected.json").read_text(encoding="utf-8"))
    doc = read(path)
    got = extract(doc).to_json()["committees"]
    assert {c["name"] for c in got} == set(expected["committees"])
    for c in got:
        assert doc.pages[c["page"] - 1].text[c["start"]:c["end"]] == c["text"]
