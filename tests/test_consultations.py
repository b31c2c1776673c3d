"""Consultations: Stuttgart tables (text rows, tabs, column-flattened, PDF tables), a
Niederschrift's own session and its Vorgang, Karlsruhe's Beratungsfolge in its shapes."""

from __future__ import annotations

import json

import pytest

from conftest import SEED_PDF, SEED_TXT, STUTTGART, need_shared
from grdrs.extractors import consultations, make_context
from grdrs.model import Document, Page, Table


def run(text: str, profile: str = "stuttgart", tables=()) -> list[tuple]:
    doc = Document("t.txt", "t.txt", "txt", (Page(1, text),), tuple(tables))
    ctx = make_context(doc, profile)
    out = consultations.extract(ctx)
    for c in out:
        if c.span is not None:
            assert doc.pages[c.span.page - 1].text[c.span.start:c.span.end] == c.span.text
    return [(c.committee, c.purpose, c.public, c.date) for c in out]


VA = ("Verwaltungsausschuss", "Kenntnisnahme", True, "2023-09-20")
HEAD = "Mitteilungsvorlage\n\nVorlage an\tzur\tSitzungsart\tSitzungstermin\n"

STUTTGART_TABLES = [
    # tab-separated (the city's text export)
    (HEAD + "Verwaltungsausschuss\tKenntnisnahme\töffentlich\t20.09.2023\n\nBericht\n", [VA]),
    # space-separated, as pdfium prints it
    ("Vorlage an zur Sitzungsart Sitzungstermin\n"
     "Verwaltungsausschuss Kenntnisnahme öffentlich 20.09.2023\nBericht\nText.", [VA]),
    # five rows, non-public, Beschlussfassung
    ("Vorlage an zur Sitzungsart Sitzungstermin\n"
     "Gemeinderat Einbringung öffentlich 12.10.2023\n"
     "Sozial- und Gesundheitsausschuss Beratung öffentlich 16.10.2023\n"
     "Ausschuss für Stadtentwicklung und Technik Beratung nicht öffentlich 17.10.2023\n"
     "Verwaltungsausschuss Vorberatung öffentlich 18.10.2023\n"
     "Gemeinderat Beschlussfassung öffentlich 19.10.2023\n"
     "Beschlussantrag:\nDer Gemeinderat beschließt.",
     [("Gemeinderat", "Einbringung", True, "2023-10-12"),
      ("Sozial- und Gesundheitsausschuss", "Beratung", True, "2023-10-16"),
      ("Ausschuss für Stadtentwicklung und Technik", "Beratung", False, "2023-10-17"),
      ("Verwaltungsausschuss", "Vorberatung", True, "2023-10-18"),
      ("Gemeinderat", "Beschlussfassung", True, "2023-10-19")]),
    # column-flattened export
    ("Vorlage an\nzur\nSitzungsart\nSitzungstermin\n"
     "Gemeinderat\nVerwaltungsausschuss\nGemeinderat\n"
     "Einbringung\nVorberatung\nBeschlussfassung\n"
     "öffentlich\nnicht öffentlich\nöffentlich\n"
     "08.10.2020\n14.10.2020\n15.10.2020\n"
     "Beschlussantrag:\n",
     [("Gemeinderat", "Einbringung", True, "2020-10-08"),
      ("Verwaltungsausschuss", "Vorberatung", False, "2020-10-14"),
      ("Gemeinderat", "Beschlussfassung", True, "2020-10-15")]),
    # column-flattened, all on one line
    ("Vorlage an zur Sitzungsart Sitzungstermin Sozial- und Gesundheitsausschuss "
     "Verwaltungsausschuss Vorberatung Beschlussfassung öffentlich öffentlich 06.11.2023 08.11.2023\n"
     "Bericht",
     [("Sozial- und Gesundheitsausschuss", "Vorberatung", True, "2023-11-06"),
      ("Verwaltungsausschuss", "Beschlussfassung", True, "2023-11-08")]),
    # a long name wrapped onto the next line
    ("Vorlage an zur Sitzungsart Sitzungstermin\n"
     "Ausschuss für Stadtentwicklung und\nTechnik Vorberatung öffentlich 10.10.2023\n"
     "Gemeinderat Beschlussfassung öffentlich 12.10.2023\nBeschlussantrag:",
     [("Ausschuss für Stadtentwicklung und Technik", "Vorberatung", True, "2023-10-10"),
      ("Gemeinderat", "Beschlussfassung", True, "2023-10-12")]),
    # old spelling and a Bezirksbeirat
    ("Vorlage an zur Sitzungsart Sitzungstermin\n"
     "Bezirksbeirat Nord Anhörung öffentlich 03.05.2004\n"
     "Ausschuß für Umwelt und Technik Beschlussfassung öffentlich 11.05.2004\nBegründung:",
     [("Bezirksbeirat Nord", "Anhörung", True, "2004-05-03"),
      ("Ausschuss für Umwelt und Technik", "Beschlussfassung", True, "2004-05-11")]),
    # column-flattened text export, each header line followed by its column's values
    ("Mitteilungsvorlage\n\nVorlage an\nSozial- und Gesundheitsausschuss\nVerwaltungsausschuss\n"
     "Jugendhilfeausschuss\nzur\nKenntnisnahme\nKenntnisnahme\nKenntnisnahme\nSitzungsart\n"
     "öffentlich\nöffentlich\nöffentlich\nSitzungstermin\n04.12.2023\n06.12.2023\n11.12.2023\n\nBericht\n\nText.",
     [("Sozial- und Gesundheitsausschuss", "Kenntnisnahme", True, "2023-12-04"),
      ("Verwaltungsausschuss", "Kenntnisnahme", True, "2023-12-06"),
      ("Jugendhilfeausschuss", "Kenntnisnahme", True, "2023-12-11")]),
    # … one row, "nicht öffentlich", CRLF turned into \n
    ("Vorlage an\nSozial- und Gesundheitsausschuss\nzur\nKenntnisnahme\nSitzungsart\nnicht öffentlich\n"
     "Sitzungstermin\n04.12.2023\n\nBericht\n",
     [("Sozial- und Gesundheitsausschuss", "Kenntnisnahme", False, "2023-12-04")]),
    # … mixed public/non-public, a committee name wrapped, "nicht" and "öffentlich" split
    ("Vorlage an\nAusschuss für Stadtentwicklung und\nTechnik\nGemeinderat\nzur\nVorberatung\n"
     "Beschlussfassung\nSitzungsart\nnicht\nöffentlich\nöffentlich\nSitzungstermin\n10.10.2023\n12.10.2023\n"
     "Beschlussantrag:\n",
     [("Ausschuss für Stadtentwicklung und Technik", "Vorberatung", False, "2023-10-10"),
      ("Gemeinderat", "Beschlussfassung", True, "2023-10-12")]),
    # headers on separate lines, then all values (the other flattened shape)
    ("Vorlage an\nzur\nSitzungsart\nSitzungstermin\nVerwaltungsausschuss\nKenntnisnahme\nnicht öffentlich\n"
     "20.09.2023\nBericht\n",
     [("Verwaltungsausschuss", "Kenntnisnahme", False, "2023-09-20")]),
    # "Vorlage an" in prose is no table header
    ("Die Vorlage an den Gemeinderat folgt.\nSitzungstermin\n04.12.2023\n", []),
    # no table, dates in prose: nothing
    ("Im Sozial- und Gesundheitsausschuss am 21.11.2021 hat der Gemeinderat beraten.", []),
]


@pytest.mark.parametrize("text,expected", STUTTGART_TABLES)
def test_stuttgart_tables(text, expected):
    assert run(text) == expected


def test_pdf_table_wins_and_keeps_span():
    text = "Vorlage an zur Sitzungsart Sitzungstermin\nVerwaltungsausschuss Kenntnisnahme öffentlich 20.09.2023\n"
    table = Table(1, (("Vorlage an", "zur", "Sitzungsart", "Sitzungstermin"),
                      ("Verwaltungsausschuss", "Kenntnisnahme", "öffentlich", "20.09.2023")))
    assert run(text, tables=[table]) == [VA]


def test_pdf_table_alone():
    text = "Vorlage an zur Sitzungsart Sitzungstermin\n(Tabelle als Grafik)\n"
    table = Table(1, (("Vorlage an", "zur", "Sitzungsart", "Sitzungstermin"),
                      ("Sozial- und\nGesundheitsausschuss", "Vorberatung", "nicht öffentlich", "06.11.2023"),
                      ("Gemeinderat", "Beschlussfassung", "öffentlich", "09.11.2023")))
    assert run(text, tables=[table]) == [
        ("Sozial- und Gesundheitsausschuss", "Vorberatung", False, "2023-11-06"),
        ("Gemeinderat", "Beschlussfassung", True, "2023-11-09")]


PROTOCOL = """Protokoll: Verwaltungsausschuss der Landeshauptstadt Stuttgart
Niederschrift Nr. 215
TOP: 3
Drucksache: 742/2020
Sitzungstermin: 14.07.2021
Sitzungsart: öffentlich
Vorsitz: OB Dr. Nopper
Betreff: Neubau
Vorgang: Verwaltungsausschuss vom 30.06.2021, öffentlich, Nr. 215
Gemeinderat vom 01.07.2021, öffentlich, Nr. 162
jeweiliges Ergebnis: Vertagung
Beratungsunterlage ist die Vorlage vom 16.06.2021, GRDrs 742/2020.
Der Verwaltungsausschuss beschließt einstimmig wie beantragt.
"""


def test_protocol_vorgang_with_common_result():
    doc = Document("p.txt", "p.txt", "txt", (Page(1, PROTOCOL),))
    out = consultations.extract(make_context(doc, "stuttgart"))
    got = [(c.committee, c.public, c.date, c.result, c.session) for c in out]
    assert got == [
        ("Verwaltungsausschuss", True, "2021-07-14", "einstimmig beschlossen", "Nr. 215"),
        ("Verwaltungsausschuss", True, "2021-06-30", "Vertagung", "Nr. 215"),
        ("Gemeinderat", True, "2021-07-01", "Vertagung", "Nr. 162"),
    ]


OWN_HEAD = ("Protokoll: Gemeinderat der Landeshauptstadt Stuttgart\nNiederschrift Nr. 162\nTOP: 3\n"
            "Sitzungstermin: 14.12.2023\nSitzungsart: öffentlich\nBetreff: X\n"
            "Vorgang: Verwaltungsausschuss vom 06.12.2023, öffentlich, Nr. 140\n"
            "Gemeinderat vom 07.12.2023, öffentlich, Nr. 150\njeweiliges Ergebnis: Vertagung\n"
            "Beratungsunterlage ist die Vorlage vom 28.11.2023, GRDrs 904/2023, mit folgendem Beschlussantrag:\n"
            "1. Der Gemeinderat beschließt die Einrichtung des Gremiums.\n")

# (decision part of a protocol, result of its own session): from the chair's finding or the last
# decision sentence, never the Vorgang's "jeweiliges Ergebnis" or a report of earlier sessions
OWN_RESULTS = [
    ("Der Vorsitzende erinnert daran, dass die Vorlage zweimal vertagt worden war.\nDer Vorsitzende stellt fest:\n"
     "Der Gemeinderat beschließt mit 38 Ja-Stimmen, 12 Gegenstimmen und 3 Enthaltungen mehrheitlich\nwie beantragt.\n"
     "Zur Beurkundung\nBrandt / br\n", "mehrheitlich beschlossen"),
    ("Die Vorsitzende stellt fest:\nDer Gemeinderat stimmt dem Beschlussantrag einschließlich der Ergänzung "
     "einstimmig\nzu.\nZur Beurkundung\nKeller / ke\n", "einstimmige Zustimmung"),
    ("StR Wolf verweist auf die Vorberatung, in der der Ausschuss mehrheitlich zugestimmt hat.\n"
     "Der Gemeinderat beschließt einstimmig wie beantragt.\n", "einstimmig beschlossen"),
    ("Der Vorsitzende stellt fest:\nDer Gemeinderat nimmt von der Vorlage Kenntnis.\n", "Kenntnisnahme"),
    ("Der Vorsitzende stellt fest:\nDie Vorlage wird vertagt.\n", "Vertagung"),
    ("Der Vorsitzende stellt fest:\nDie Vorlage wird zurückgestellt.\n", "Zurückstellung"),
    ("Der Vorsitzende stellt fest:\nDer Gemeinderat lehnt den Antrag mehrheitlich ab.\n", "Ablehnung"),
    ("Der Vorsitzende stellt fest:\nDer Gemeinderat stimmt dem Beschlussantrag zu.\n", "Zustimmung"),
    ("Der Vorsitzende gibt folgendes Wahlergebnis bekannt:\nAuf Herrn X entfielen 54 Stimmen.\n"
     "Damit ist Herr X zum Leiter gewählt.\n", "Wahl"),
    # only history and discussion: no own result (not the Vorgang's Vertagung)
    ("StRin Berger begrüßt die Vorlage, die im Ausschuss vertagt worden war.\n", None),
]


@pytest.mark.parametrize("decision,result", OWN_RESULTS)
def test_protocol_own_result(decision, result):
    doc = Document("p.txt", "p.txt", "txt", (Page(1, OWN_HEAD + decision),))
    out = consultations.extract(make_context(doc, "stuttgart"))
    own = [c for c in out if c.session == "Nr. 162"]
    assert [(c.committee, c.date, c.result) for c in own] == [("Gemeinderat", "2023-12-14", result)]
    vorgang = [c.result for c in out if c.session in ("Nr. 140", "Nr. 150")]
    assert vorgang == ["Vertagung", "Vertagung"]


def test_real_protocol():
    need_shared()
    from grdrs.sources import read

    doc = read(STUTTGART / "Protokoll-EF323DF30162CA93C12583C90034E24F.pdf")
    out = consultations.extract(make_context(doc))
    got = [(c.committee, c.public, c.date, c.result, c.session) for c in out]
    assert got == [
        ("Gemeinderat", True, "2019-03-28", "Wahl", "Nr. 66"),  # "… zum Leiter … gewählt"
        ("Verwaltungsausschuss", False, "2019-03-13", "Vorstellung der Bewerber im VA", "Nr. 82"),
        ("Verwaltungsausschuss", False, "2019-03-13", "Bewerberauswahl für GR", "Nr. 131"),
    ]
    for c in out:
        assert doc.pages[c.span.page - 1].text[c.span.start:c.span.end] == c.span.text


KARLSRUHE = [
    # 2006–2016: one row per line, result at the end
    ("Beratungsfolge Sitzung am TOP ö nö Ergebnis \nHauptausschuss 20.07.2010 14         \n"
     "Gemeinderat 27.07.2010 14         \n \nAntrag an den Gemeinderat / Ausschuss \n",
     [("Haupt- und Finanzausschuss", None, None, "2010-07-20"), ("Gemeinderat", None, None, "2010-07-27")]),
    # wrapped name, broken date "22.032016"
    ("Beratungsfolge dieser Vorlage am TOP ö nö Ergebnis \nWirtschaftsförderungsaus-\nschuss \n"
     "11.05.2007 2         \nGemeinderat 22.032016 6         \nAntrag an den Gemeinderat",
     [("Wirtschaftsförderungsausschuss", None, None, "2007-05-11"), ("Gemeinderat", None, None, "2016-03-22")]),
    # 2017–2022: boxes on their own lines
    ("Beratungsfolge dieser Vorlage \nGremium Termin TOP ö nö Ergebnis \nHauptausschuss 08.12.2020 9 \n☐ \n☒ \n \n"
     "Ortschaftsrat Durlach 09.12.2020 4 \n☒ \n☐ \n \nGemeinderat 22.12.2020  \n☒ \n☐ \n \nBeschlussantrag (Kurzfassung) \n",
     [("Haupt- und Finanzausschuss", None, False, "2020-12-08"), ("Ortschaftsrat Durlach", None, True, "2020-12-09"),
      ("Gemeinderat", None, True, "2020-12-22")]),
    # since 2023: Öffentlichkeitsstatus and Zuständigkeit
    ("Beratungsfolge Termin Öffentlichkeitsstatus Zuständigkeit \n"
     "Ortschaftsrat Wettersbach 17.10.2023 öffentlich Beratung \n"
     "Planungsausschuss 26.10.2023 öffentlich Entscheidung \nKurzfassung \n",
     [("Ortschaftsrat Wettersbach", "Beratung", True, "2023-10-17"),
      ("Planungsausschuss", "Entscheidung", True, "2023-10-26")]),
    # since 2024: Gremien Termin TOP Ö / N, sessions over several days
    ("Gremien Termin TOP Ö / N Zuständigkeit\nAusschuss für öffentliche Einrichtungen 27.11.2025 4 N Vorberatung\n"
     "Gemeinderat 16./17./18.12.2025 Ö Entscheidung\nKurzfassung\n",
     [("Ausschuss für öffentliche Einrichtungen", "Vorberatung", False, "2025-11-27"),
      ("Gemeinderat", "Entscheidung", True, "2025-12-16")]),
    # a bare "Ortschaftsrat", resolved by the Ortsverwaltung the paper names
    ("Stadt Karlsruhe \n OV Neureut \nBeratungsfolge dieser Vorlage \nGremium Termin TOP ö nö Ergebnis \n"
     "Ortschaftsrat 14.07.2020 \n \n10 \nx  \n \nAntrag \nDer Ortschaftsrat Neureut nimmt Kenntnis.",
     [("Ortschaftsrat Neureut", None, None, "2020-07-14")]),
    # written dates
    ("Beratungsfolge dieser Vorlage \nGremium Termin TOP ö nö Ergebnis \nAusschuss für öffentliche Einrichtungen  \n"
     "25. November \n2020 \n6 \n☐ \n☒ \n     vorberaten \nBeschlussantrag \n",
     [("Ausschuss für öffentliche Einrichtungen", None, False, "2020-11-25")]),
    # old header block: labels, then values
    ("BESCHLUSSVORLAGE \nGremium: \n \n \nTermin: \nVorlage Nr.: \nTOP: \n6. Plenarsitzung Gemeinderat \n \n \n"
     "15.12.2009 \n230 \n2 \nöffentlich \n",
     [("Gemeinderat", None, None, "2009-12-15")]),
    ("Antrag\nvom 04.10.2005\n17. Sitzung des Gemeinderates am 25.10.2005\nTOP 5\n",
     [("Gemeinderat", None, None, "2005-10-25")]),
    ("17. ÖFFENTLICHE PLENARSITZUNG DES GEMEINDERATES AM 25. OKTOBER 2005\n",
     [("Gemeinderat", None, True, "2005-10-25")]),
    # prose after the table is not a row
    ("Beratungsfolge dieser Vorlage am TOP ö nö Ergebnis \nGemeinderat 18.11.2014 5         \n \n"
     "Der Gemeinderat nimmt von der Fortschreibung des am 20. März 2013 in Kraft getretenen Mietspiegels Kenntnis.",
     [("Gemeinderat", None, None, "2014-11-18")]),
]


@pytest.mark.parametrize("text,expected", KARLSRUHE)
def test_karlsruhe(text, expected):
    assert run(text, "karlsruhe") == expected


def test_karlsruhe_results():
    text = ("Beratungsfolge dieser Vorlage \nGremium Termin TOP ö nö Ergebnis \nJugendhilfeausschuss 08.05.2019 1 \n"
            "x    \nvorberaten \nGemeinderat 14.05.2019 16 \nx    \n \nzugestimmt \nBeschlussantrag \n")
    doc = Document("k.txt", "k.txt", "txt", (Page(1, text),))
    out = consultations.extract(make_context(doc, "karlsruhe"))
    assert [(c.committee, c.result) for c in out] == [("Jugendhilfeausschuss", "vorberaten"),
                                                      ("Gemeinderat", "zugestimmt")]


@pytest.mark.parametrize("path", [SEED_TXT, SEED_PDF], ids=["txt", "pdf"])
def test_seed(path):
    need_shared()
    from grdrs.extractors import extract
    from grdrs.sources import read

    expected = json.loads((path.parent / "seed.expected.json").read_text(encoding="utf-8"))
    doc = read(path)
    got = extract(doc).to_json()["consultations"]
    assert [(c["committee"], c["purpose"], c["public"], c["date"]) for c in got] == \
        [(c["committee"], c["purpose"], c["public"], c["date"]) for c in expected["consultations"]]
    for c in got:
        assert doc.pages[c["page"] - 1].text[c["start"]:c["end"]] == c["text"]


def test_karlsruhe_joint_session():
    text = ("Beratungsfolge dieser Vorlage \nGremium Termin TOP ö nö Ergebnis \nAusschuss für Umwelt und \n"
            "Gesundheit/Naturschutzbeirat \n10.05.2022 1 x  vorberaten \nGemeinderat 31.05.2022 11.1 x   \n"
            "Information (Kurzfassung) \n")
    assert [(c, d) for c, _, _, d in run(text, "karlsruhe")] == [
        ("Ausschuss für Umwelt und Gesundheit", "2022-05-10"), ("Naturschutzbeirat", "2022-05-10"),
        ("Gemeinderat", "2022-05-31")]
