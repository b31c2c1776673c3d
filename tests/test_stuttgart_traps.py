"""Traps of the City of Stuttgart's council system (KSD) as its web pages print papers: one
line per trap, (text, expected), the way eyecite keeps its cases (issue 14).

The texts are written for these tests in the shapes the real pages show (HTML page text of
Niederschriften, Beschluss-/Mitteilungsvorlagen, Anträge, Anfragen, Stellungnahmen and the
budget "Beantwortung / Stellungnahme" papers); names, numbers and subjects are made up.
bench/stuttgart_quality.py measures the real pages (BENCHMARKS.md, "Stuttgart real pages").
"""

from __future__ import annotations

import re

import pytest

from grdrs.extractors import extract
from grdrs.model import Document, Page
from grdrs.profiles import detect, load


def run(text: str) -> dict:
    doc = Document("trap.txt", "trap.txt", "txt", (Page(1, text),))
    return extract(doc, "stuttgart").to_json()


# --------------------------------------------------------------------------- paper header
# (text, field, expected): one header trap each
HEADER = [
    # "Beschlußvorlage" in the old spelling is the type line
    ("Landeshauptstadt Stuttgart\nReferat Jugend und Bildung\nGz: JB\nGRDrs 412/2021\nStuttgart,"
     " 03/04/2021\n\n\nSpielplätze im Neckarpark\n\n\nBeschlußvorlage\nVorlage an\n", "type",
     "Beschlussvorlage"),
    # the date on the line under "Stuttgart,", month first (no consultation to decide)
    ("Landeshauptstadt Stuttgart\nOberbürgermeister\nGz: OB\nGRDrs 88/2016\nStuttgart,\n"
     "10/27/2016\n\n\nNeue Wege im Tal\n\n\nBeschlußvorlage\n", "date", "2016-10-27"),
    # ... and the title between that date and the type line
    ("Landeshauptstadt Stuttgart\nOberbürgermeister\nGz: OB\nGRDrs 88/2016\nStuttgart,\n"
     "10/27/2016\n\n\nNeue Wege im Tal\n\n\nBeschlußvorlage\n", "title", "Neue Wege im Tal"),
    # the place after the city's name on one line, the Antrag date further down
    ("Stellungnahme zum Antrag\n512/2014\n\nLandeshauptstadt Stuttgart Stuttgart, 02/19/2015\n"
     "Der Oberbürgermeister\nGZ: 0815\n\n\nStellungnahme zum Antrag\nStadträtinnen/Stadträte -"
     " Fraktionen\n    SPD-Gemeinderatsfraktion\nDatum\n    12/01/2014\nBetreff\n    Mehr Bänke"
     "\n", "date", "2015-02-19"),
    # the Antrag number a Stellungnahme answers stands on the line under the heading
    ("Stellungnahme zum Antrag\n512/2014\n\nLandeshauptstadt Stuttgart Stuttgart, 02/19/2015\n",
     "number", "512/2014"),
    # a place and date in a sentence is not the paper's date
    ("Die Tagung in Stuttgart, 12.05.2020, war gut besucht.", "date", None),
    # an answer to a budget Antrag
    ("Stellungnahme zum Haushaltsantrag\n812/2011\n\nLandeshauptstadt Stuttgart Stuttgart, "
     "11/02/2011\nDer Oberbürgermeister\n\nText.\n", "number", "812/2011"),
    # "Antrag und Anfrage vom …" with "Nr." on the next line
    ("Antrag und Anfrage vom 03/14/2005\nNr. 97/2005\n\nAntrag und Anfrage\nStadträtinnen / "
     "Stadträte - Fraktionen\n\nXYZ-Gemeinderatsfraktion\nBetreff\n\nWege\n", "number", "97/2005"),
    ("Antrag und Anfrage vom 03/14/2005\nNr. 97/2005\n\nAntrag und Anfrage\n", "date",
     "2005-03-14"),
    ("Antrag und Anfrage vom 03/14/2005\nNr. 97/2005\n\nAntrag und Anfrage\n", "type", "Antrag"),
    # every header field on a line of its own
    ("Antrag\nvom\n06/30/2017\nNr.\n211/2017\nAntrag\nStadträtinnen / Stadträte - Fraktionen\n",
     "number", "211/2017"),
    ("Antrag\nvom\n06/30/2017\nNr.\n211/2017\nAntrag\nStadträtinnen / Stadträte - Fraktionen\n",
     "date", "2017-06-30"),
    # the number on the line under "GRDrs"
    ("Landeshauptstadt Stuttgart\nReferat Städtebau und Umwelt\nGz:\nStU\nGRDrs\n205/2017\nStuttgart,"
     "\n04/20/2017\nWeinbau\nBeschlußvorlage\nVorlage an\nzur\nSitzungsart\nSitzungstermin\n",
     "number", "205/2017"),
    # a bare "Ergänzung" under the number is the paper's suffix
    ("Landeshauptstadt Stuttgart\nOberbürgermeister\nGz: OBM\nGRDrs 301/2020\nErgänzung\n"
     "Stuttgart,\n05/12/2020\n\n\nErgänzung der Radwegeplanung\n\n\nBeschlußvorlage\n", "suffix",
     "Ergänzung"),
    # the budget answers: GRDrs header, a budget line, the Lesung line, the title, then the
    # type line "Beantwortung / Stellungnahme"
    ("Landeshauptstadt Stuttgart\nReferat Kultur/Bildung und Sport\nGz: KBS\nGRDrs 977/2011\n"
     "Stuttgart,\n10/21/2011\n\n\n\nHaushalt 2012/2013\n\nUnterlage für die 1. Lesung des "
     "Verwaltungsausschuss zur nichtöffentlichen Behandlung am 09.11.2011\n\n\n\nMehr Geld für "
     "Chöre\n\nBeantwortung / Stellungnahme\n\n\nText.\n", "title", "Mehr Geld für Chöre"),
    ("Landeshauptstadt Stuttgart\nReferat Kultur/Bildung und Sport\nGz: KBS\nGRDrs 977/2011\n"
     "Stuttgart,\n10/21/2011\n\n\n\nHaushalt 2012/2013\n\nUnterlage für die 1. Lesung des "
     "Verwaltungsausschuss zur nichtöffentlichen Behandlung am 09.11.2011\n\n\n\nMehr Geld für "
     "Chöre\n\nBeantwortung / Stellungnahme\n\n\nText.\n", "type", "Beantwortung"),
]


@pytest.mark.parametrize("text,field,expected", HEADER)
def test_header(text, field, expected):
    assert run(text)["paper"][field] == expected


# a Niederschrift's number with a letter ("186a") from the flattened label block
def test_protocol_number_with_letter():
    text = ("Protokoll: Verwaltungsausschuss des Gemeinderats der Landeshauptstadt Stuttgart"
            "Niederschrift Nr.\nTOP:\n212b\n4\nVerhandlungDrucksache:\nGZ:\nSitzungstermin: "
            "03.05.2022\nSitzungsart: öffentlich\n")
    assert run(text)["paper"]["protocol"]["number"] == "212b"


# --------------------------------------------------------------------------- consultations
_PROTO = ("Protokoll: Verwaltungsausschuss des Gemeinderats der Landeshauptstadt Stuttgart"
          "Niederschrift Nr.\nTOP:\n301\n5\nVerhandlungDrucksache:\n77/2022\nGZ:\nOB\n"
          "Sitzungstermin: 13.07.2022\nSitzungsart: öffentlich\nVorsitz: OB Dr. Muster\n"
          "Betreff: Brücken\n\n")
VA = ("Verwaltungsausschuss", "2022-07-13", True)

# (text, expected {(committee, date, public)}): one consultation trap each
CONSULTATIONS = [
    # header cells glued, one row glued into one line
    ("GRDrs 12/2019\nStuttgart,\n09/02/2019\n\n\nBäume\n\n\nBeschlußvorlage\nVorlage an\n    zur\n"
     "SitzungsartSitzungstermin\nGemeinderatBeschlussfassungöffentlich19.09.2019\n\n\n\n"
     "Beschlußantrag:\n\nText.\n",
     {("Gemeinderat", "2019-09-19", True)}),
    # all header cells glued, the table flattened column by column
    ("GRDrs 5/2023\nStuttgart,\n07/20/2023\n\n\nKultur\n\n\nMitteilungsvorlage\n\n\n"
     "Vorlage anzurSitzungsartSitzungstermin\nAusschuss für Kultur und Medien\n"
     "Verwaltungsausschuss\nKenntnisnahme\nKenntnisnahme\nnicht öffentlich\nöffentlich\n"
     "25.07.2023\n26.07.2023\n\nBericht:\n",
     {("Ausschuss für Kultur und Medien", "2023-07-25", False),
      ("Verwaltungsausschuss", "2023-07-26", True)}),
    # a one-row table glued into one line after a glued header
    ("GRDrs 943/2020\nStuttgart,\n10/30/2020\n\n\nBericht\n\n\n\nMitteilungsvorlage\n\n\n"
     "Vorlage anzurSitzungsartSitzungstermin\nSozial- und GesundheitsausschussKenntnisnahmeöffentlich"
     "14.12.2020\n\nBericht:\n\n\nAnlass",
     {("Sozial- und Gesundheitsausschuss", "2020-12-14", True)}),
    # "u." and "v." in a Vorgang row
    (_PROTO + "Vorgang: Ausschuss für Stadtentwicklung u. Technik v. 05.07.2022, öffentlich, Nr. 88"
     "\nErgebnis: Einbringung\n\n\nBeratungsunterlage ist die Vorlage.\n",
     {VA, ("Ausschuss für Stadtentwicklung und Technik", "2022-07-05", True)}),
    # "Vorgang:" alone, blank lines between the rows, one "jeweiliges Ergebnis" for two rows,
    # then more rows with their own "Ergebnis"
    (_PROTO + "Vorgang:\n\nJugendhilfeausschuss vom 20.06.2022, öffentlich, Nr. 40\n\n"
     "Ausschuss für Wirtschaft und Wohnen vom 01.07.2022, nicht öffentlich, Nr. 7\n"
     "jeweiliges Ergebnis: Vertagung\n\nJugendhilfeausschuss vom 11.07.2022, öffentlich, Nr. 55\n\n"
     "Ergebnis: einmütige Zustimmung\n\n\nBeratungsunterlage ist die Vorlage.\n",
     {VA, ("Jugendhilfeausschuss", "2022-06-20", True),
      ("Ausschuss für Wirtschaft und Wohnen", "2022-07-01", False),
      ("Jugendhilfeausschuss", "2022-07-11", True)}),
    # rows wrapped after the date, a result over several lines, no blank lines at all
    (_PROTO + "Vorgang: Ausschuss für Umwelt und Technik vom 28.06.2022,\nnichtöffentlich, Nr. 12\n"
     "Ergebnis: Zustimmung zu dem wie folgt ergänzten Beschlussantrag: \"Dem Tausch ... wird\n"
     "unter der Bedingung\nzugestimmt.\"\nVerwaltungsausschuss vom 06.07.2022,\nnichtöffentl., Nr. 19\n"
     "Ergebnis: Verweisung ohne Votum\nBeratungsunterlage ist die Vorlage vom 01.06.2022.\n",
     {VA, ("Ausschuss für Umwelt und Technik", "2022-06-28", False),
      ("Verwaltungsausschuss", "2022-07-06", False)}),
    # a row cut after the date's comma, then the body
    (_PROTO + "Vorgang: Ausschuss für Umwelt und Technik vom 05.07.2022,\n\nBeratungsunterlage ist "
     "die Vorlage.\n", {VA, ("Ausschuss für Umwelt und Technik", "2022-07-05", None)}),
    # a row the export cut at the end of the text
    (_PROTO + "Vorgang: Gemeinderat vom 30.06.2022, öffentlich, Nr. 170\nErgebnis: Vertagung\n"
     "Ausschuss für Umwelt und Technik vom 12.07.2022, öff",
     {VA, ("Gemeinderat", "2022-06-30", True), ("Ausschuss für Umwelt und Technik", "2022-07-12", None)}),
    # the session's own fields with their values on the next line, the date month first and
    # decided by the Vorgang rows (10 April, not 4 October)
    ("Protokoll:\nGemeinderat\nder Landeshauptstadt Stuttgart\nNiederschrift Nr.\nTOP:\n90\n2\n"
     "Verhandlung\nDrucksache:\n300/2003\nGZ:\nWK\nSitzungstermin:\n04/10/2003\nSitzungsart:\n"
     "öffentlich\nVorsitz:\nOB Dr. Muster\nBetreff:\nVerkauf\nVorgang: Verwaltungsausschuss vom "
     "09.04.2003,\nnichtöffentlich, Nr. 180\nErgebnis: Zustimmung\nBeratungsunterlage ist die "
     "Vorlage.\n",
     {("Gemeinderat", "2003-04-10", True), ("Verwaltungsausschuss", "2003-04-09", False)}),
    # the budget answers name their session in a sentence
    ("Landeshauptstadt Stuttgart\nReferat Sicherheit/Ordnung und Sport\nGz: SOS\nGRDrs 1400/2023\n"
     "Stuttgart,\n11/28/2023\n\n\n\nHaushalt 2024/2025\n\nUnterlage für die 2. Lesung des "
     "Verwaltungsausschuss zur nichtöffentlichen Behandlung am 04.12.2023\n\n\n\nMehr Licht\n\n"
     "Beantwortung / Stellungnahme\n\nText.\n",
     {("Verwaltungsausschuss", "2023-12-04", False)}),
]


def test_two_rows_of_one_committee_on_one_day():
    text = ("GRDrs 107/2002\nStuttgart,\n02/20/2002\n\n\nPlan\n\n\nBeschlußvorlage\nVorlage an\n    zur\n"
            "SitzungsartSitzungstermin\nAusschuß für Umwelt und Technik\nAusschuß für Umwelt und Technik\n"
            "Einbringung\nBeschlußfassung\nnichtöffentlich\nöffentlich\n05.03.2002\n05.03.2002\n\n\n"
            "Beschlußantrag:\n")
    got = [(c["purpose"], c["public"]) for c in run(text)["consultations"]]
    assert got == [("Einbringung", False), ("Beschlussfassung", True)]


def test_purposes_in_the_old_spelling():
    text = ("GRDrs 107/2002\nStuttgart,\n02/20/2002\n\n\nPlan\n\n\nBeschlußvorlage\nVorlage an\n    zur\n"
            "SitzungsartSitzungstermin\nAusschuß für Umwelt und Technik\nGemeinderat\nEinbringung\n"
            "Beschlußfassung\nnichtöffentlich\nöffentlich\n05.03.2002\n21.03.2002\n\n\nBeschlußantrag:\n")
    got = [(c["committee"], c["purpose"]) for c in run(text)["consultations"]]
    assert got == [("Ausschuss für Umwelt und Technik", "Einbringung"),
                   ("Gemeinderat", "Beschlussfassung")]


@pytest.mark.parametrize("text,expected", CONSULTATIONS)
def test_consultations(text, expected):
    got = {(c["committee"], c["date"], c["public"]) for c in run(text)["consultations"]}
    assert got == expected


def test_jeweiliges_ergebnis_covers_only_the_rows_above_it():
    text = next(t for t, _ in CONSULTATIONS if "jeweiliges Ergebnis" in t)
    results = {(c["committee"], c["date"]): c["result"] for c in run(text)["consultations"]}
    assert results[("Jugendhilfeausschuss", "2022-06-20")] == "Vertagung"
    assert results[("Ausschuss für Wirtschaft und Wohnen", "2022-07-01")] == "Vertagung"
    assert results[("Jugendhilfeausschuss", "2022-07-11")] == "einmütige Zustimmung"


# --------------------------------------------------------------------------- amounts
# (text, expected [(value, per)] in order): one amount trap each
AMOUNTS = [
    # a negative value on its own line, "EUR" on the next (the Jahresabschluss tables)
    ("Ordentliche Erträge\n1.250.300,10\nEUR\nOrdentliche Aufwendungen\n-1.100.200,05\nEUR\n",
     [("1250300.10", None), ("-1100200.05", None)]),
    # the page text cut inside the currency after the last value
    ("Sonderergebnis\n3.120,00\nEUR\nJahresüberschuss\n9.876,54\nE",
     [("3120.00", None), ("9876.54", None)]),
    # currency first with a year-like value
    ("Die Stadt gibt € 2000 für die Feier.", [("2000.00", None)]),
    # ... but not a column header of years
    ("Ansätze in € 2024 2025\nSachkosten 10.000 € 12.000 €", [("10000.00", None), ("12000.00", None)]),
    # unit prices are not amounts
    ("Der Bodenrichtwert liegt bei 980 EUR/m², die Miete bei 12,50 € pro m² und der Strom bei "
     "0,30 €/kWh; der Kaufpreis beträgt 1,2 Mio. EUR.", [("1200000.00", None)]),
    # running costs are yearly
    ("Die verbleibenden Folgekosten von 1.234.567 EUR trägt der Eigenbetrieb.",
     [("1234567.00", "year")]),
    # "jährlich" before the first of two amounts joined by a second noun phrase
    ("Den jährlichen Aufwendungen von 900.000 EUR und den nach Abzug der Gebühren von 40.000 EUR "
     "verbleibenden Kosten wird zugestimmt.", [("900000.00", "year"), ("40000.00", "year")]),
    # "je" an amount for several years
    ("Beantragt ist ein Budget von je 2 Mio. EUR in den Haushaltsjahren 2024 und 2025.",
     [("2000000.00", "year")]),
    ("Der Fehlbetrag im Finanzierungsplan 2010-2012 von jeweils 12.000 Euro wird gedeckt.",
     [("12000.00", "year")]),
    # one-off costs stay one-off
    ("Einmalige Folgekosten von 5.000 EUR entstehen durch den Umzug.", [("5000.00", None)]),
]


@pytest.mark.parametrize("text,expected", AMOUNTS)
def test_amounts(text, expected):
    assert [(a["value"], a["per"]) for a in run(text)["amounts"]] == expected


# --------------------------------------------------------------------------- references
# (text, expected [(kind, number)] in order): one reference trap each
REFERENCES = [
    # only the first number of a list carries the word; a faction in brackets between
    ("Die Anträge Nrn. 41/2019 (CDU), 44/2019 und 45/2019 liegen vor.",
     [("antrag", "41/2019"), ("antrag", "44/2019"), ("antrag", "45/2019")]),
    # each item with its own date, the dative plural "Anträgen"
    ("Die Stellungnahmen zu den Anträgen Nr. 301/2017 vom 02.10.2017, Nr. 12/2018 vom 15.01.2018 "
     "und Nr. 27/2018 vom 01.02.2018 sind beigefügt.",
     [("antrag", "301/2017"), ("antrag", "12/2018"), ("antrag", "27/2018")]),
    # brackets with numbers of their own between the items of a list
    ("sowie die Anträge Nr. 570/2005 (zu den lfd. Nrn. 80 bis 84), Nrn. 350/2005, 480/2005 und "
     "501/2005 (alle zu lfd. Nr. 110), Nr. 555/2005 (zu lfd. Nr. 150).",
     [("antrag", "570/2005"), ("antrag", "350/2005"), ("antrag", "480/2005"),
      ("antrag", "501/2005"), ("antrag", "555/2005")]),
    # no blank after "Nr."
    ("Anfrage Nr.181/2002: Wohneigentum", [("anfrage", "181/2002")]),
    # a party's abbreviation before a hyphen
    ("der CDU-Antrag Nr. 288/2019 erhält 23 Ja-Stimmen", [("antrag", "288/2019")]),
    # the number in brackets after the submitter
    ("In einem Antrag der SPD Fraktion (Nr. 158/2019) war die Rede davon.", [("antrag", "158/2019")]),
    # the Niederschrift header: "Drucksache:" glued to the previous cell, the value on the next
    # line, "mit Ergänzung" citing the supplement too
    ("TOP:\n281\n6\nVerhandlungDrucksache:\n590/2005 mit Ergänzung\nGZ:\nAK 5200\n",
     [("paper", "590/2005"), ("paper", "590/2005")]),
    # an ordinal of a supplement is no list item
    ("siehe GRDrs 14/2020 und 1. Ergänzung)", [("paper", "14/2020"), ("paper", "14/2020")]),
    # a Vorlage's section lists the Anträge it answers without the word
    ("So ist es.\n\nVorliegende Anträge/Anfragen\n\n702/2011 XYZ-Fraktionsgemeinschaft\n\n\n\n"
     "Dr. Erika Muster\n", [("antrag", "702/2011")]),
    ("Vorliegende Anträge/Anfragen\n\n-\n\n596/2019 - XYZ-Fraktion\n", [("antrag", "596/2019")]),
    ("Vorliegende Anträge/Anfragen\n\nkeine\n\nErledigte Anträge/Anfragen\n\nkeine\n", []),
    # ranges of budget Anträge per faction print no year: no reference is made up
    ("CDU-Fraktion Nrn. 2.000 - 2163\n\nSPD-Fraktion Nrn. 3.000 - 3.217 und 1.023\n", []),
    # a compound is no series word
    ("Die Bürgeranträge 12/2020 sind erledigt.", []),
]


@pytest.mark.parametrize("text,expected", REFERENCES)
def test_references(text, expected):
    assert [(r["kind"], r["number"]) for r in run(text)["references"]] == expected


@pytest.mark.parametrize("text,suffixes", [
    ("TOP:\n281\n6\nVerhandlungDrucksache:\n590/2005 mit Ergänzung\nGZ:\nAK 5200\n",
     [None, "Ergänzung"]),
    ("siehe GRDrs 14/2020 und 1. Ergänzung)", [None, "1. Ergänzung"]),
    # "Ergänzung" opening a phrase is no suffix
    ("die GRDrs 14/2020 und Ergänzung der Satzung", [None]),
    ("GRDrs 586/2005 Ergänzung vom 27.10.2005", ["Ergänzung"]),
])
def test_supplements(text, suffixes):
    assert [r["suffix"] for r in run(text)["references"]] == suffixes


def test_antrag_und_anfrage_is_not_its_own_reference():
    text = ("Antrag und Anfrage vom 03/14/2005\nNr. 97/2005\n\nAntrag und Anfrage\nStadträtinnen / "
            "Stadträte - Fraktionen\n\nXYZ-Gemeinderatsfraktion\nBetreff\n\nWege\n\nWir fragen.\n")
    assert run(text)["references"] == []


# --------------------------------------------------------------------------- committees, titles
# (text, expected committee names in order)
COMMITTEES = [
    # a plural list of district councils names each of them
    ("wenn von den Bezirksbeiräten Bad Cannstatt und Weilimdorf vorher beschlossen",
     ["Bezirksbeirat Bad Cannstatt", "Bezirksbeirat Weilimdorf"]),
    ("Beteiligte Stellen\n\nReferat WK, Bezirksbeiräte Mitte, West, Süd, Nord\n",
     ["Bezirksbeirat Mitte", "Bezirksbeirat West", "Bezirksbeirat Süd", "Bezirksbeirat Nord"]),
    # an inflected adjective in a committee's name
    ("für den neu gebildeten beratenden Internationalen Ausschuss", ["Internationaler Ausschuss"]),
    # a row glued to the next cells
    ("GemeinderatBeschlussfassungöffentlich19.09.2019", ["Gemeinderat"]),
    # abbreviated "u." and "f." in a name
    ("im Ausschuss f. Umwelt u. Technik am 12.01.2021", ["Ausschuss für Umwelt und Technik"]),
    # former bodies of the older pages
    ("Bildung eines Strukturausschusses Klinikum", ["Strukturausschuss Klinikum"]),
    # a body named with a slash
    ("in der Sitzung des Ausschusses Stuttgart 21/Rosenstein am 12.04.2022",
     ["Ausschuss Stuttgart 21/Rosenstein"]),
    # ... but no compound
    ("Die Gemeinderatsfraktion und die Gemeinderatssitzung", []),
]


@pytest.mark.parametrize("text,expected", COMMITTEES)
def test_committees(text, expected):
    assert [c["name"] for c in run(text)["committees"]] == expected


TITLES = [
    # a flattened Niederschrift header: "Betreff:" alone, the title's lines up to "Vorgang:"
    ("Protokoll:\nGemeinderat\nder Landeshauptstadt Stuttgart\nNiederschrift Nr.\nTOP:\n90\n2\n"
     "Verhandlung\nDrucksache:\n300/2003\nGZ:\nWK\nSitzungstermin:\n04/10/2003\nSitzungsart:\n"
     "öffentlich\nVorsitz:\nOB Dr. Muster\nBetreff:\nMarkt-/Brunnenstr.\n- Verkauf einer Fläche des"
     " Grundstücks\nFlst. 12 Marktstraße\n- Umgestaltung der\nBrunnenstraße\nVorgang: "
     "Verwaltungsausschuss vom 09.04.2003,\nnichtöffentlich, Nr. 180\nErgebnis: Zustimmung\n",
     "Markt-/Brunnenstr. - Verkauf einer Fläche des Grundstücks Flst. 12 Marktstraße - "
     "Umgestaltung der Brunnenstraße"),
    # an undated Vorlage prints "Stuttgart," alone
    ("Landeshauptstadt Stuttgart\nReferat Städtebau\n\nGz: St\nGRDrs 77/2002\nStuttgart,\n\n\n\n"
     "Satzungen für die Gebiete\n- \"Nord\" und\n- \"Süd\"\n\n\n\nBeschlußvorlage\nVorlage an\n",
     "Satzungen für die Gebiete - \"Nord\" und - \"Süd\""),
]


TITLES += [
    # numbered items of one Betreff
    ("Protokoll: Gemeinderat der Landeshauptstadt StuttgartNiederschrift Nr.\nTOP:\n12\n3\n"
     "VerhandlungDrucksache:\nGZ:\nSitzungstermin: 24.11.2005\nSitzungsart: öffentlich\nBetreff: 1. "
     "Neufassung Betriebssatzung Bäder\n2. Änderung der Hauptsatzung\n\n\nVorgang: x",
     "1. Neufassung Betriebssatzung Bäder 2. Änderung der Hauptsatzung"),
    # "Betreff:" with its value, then its lines straight up to "Vorgang:"
    ("Protokoll: Gemeinderat der Landeshauptstadt StuttgartNiederschrift Nr.\nTOP:\n30\n4\n"
     "VerhandlungDrucksache:\n1/2002\nGZ:\nOB\nSitzungstermin: 02/21/2002\nSitzungsart: öffentlich\n"
     "Betreff: Jugendhilfeausschuss\nWechsel der Mitglieder\nVorgang: Jugendhilfeausschuss vom "
     "18.02.2002, nichtöffentlich, Nr. 17\n\n\nBeratungsunterlage ist die Vorlage.",
     "Jugendhilfeausschuss Wechsel der Mitglieder"),
    # ... but a sentence after a short Betreff is body text
    ("Betreff: Neue Bänke\nDie Verwaltung berichtet.\n", "Neue Bänke"),
]


@pytest.mark.parametrize("text,expected", TITLES)
def test_titles(text, expected):
    assert run(text)["paper"]["title"] == expected


# the answers end with the name alone (no role line); the page's trailer lines follow it
SIGNATORIES = [
    ("Stellungnahme zum Antrag\n512/2014\n\nLandeshauptstadt Stuttgart Stuttgart, 02/19/2015\n"
     "Der Oberbürgermeister\nGZ: 0815\n\n\nStellungnahme zum Antrag\nBetreff\n    Bänke\n"
     "Beantwortung/ Stellungnahme:\n\nDie Verwaltung prüft das.\n\n\n\nDr. Erika Muster", "Dr. Erika Muster"),
    ("Landeshauptstadt Stuttgart\nOberbürgermeister\nGz: OB\nGRDrs 1170/2013\nStuttgart,\n11/05/2013\n"
     "\n\nHaushalt 2014/15\n\nTeure Uhren\n\nBeantwortung / Stellungnahme\n\nSo ist es.\n\n\nMax "
     "Beispiel\n\n\n\n\nVorliegende Anträge/Anfragen\n\n810/2013 XYZ-Fraktion\n\n\n<Anlagen>",
     "Max Beispiel"),
    # the letterhead above "Oberbürgermeister" is no signature; a text cut mid-sentence has none
    ("Landeshauptstadt Stuttgart\nOberbürgermeister\nGz: OB\nGRDrs 1170/2013\nStuttgart,\n11/05/2013\n"
     "\n\nTeure Uhren\n\nBeantwortung / Stellungnahme\n\nSo ist es, denn die", None),
    # "Beantwortung und Stellungnahme zu Anfrage und Antrag" is a Stellungnahme
    ("Beantwortung und Stellungnahme zu Anfrage und Antrag\n77/2002\n\nLandeshauptstadt Stuttgart "
     "Stuttgart, 09/20/2002\nDer Oberbürgermeister\n\nText.\n\nDr. Erika Muster", "Dr. Erika Muster"),
    # a PDF answer's last page is its distribution list (Verteiler)
    ("Landeshauptstadt Stuttgart\nOberbürgermeister\nGz: OB\nGRDrs 1170/2013\nStuttgart,\n"
     "11/05/2013\n\n\nTeure Uhren\n\nBeantwortung / Stellungnahme\n\nSo ist es.\n\n\nMax "
     "Beispiel\n\n\n\f Verteiler\n<Verteiler>\n", "Max Beispiel"),
]


@pytest.mark.parametrize("text,expected", SIGNATORIES)
def test_signatories(text, expected):
    assert run(text)["paper"]["signatory"] == expected


def test_answer_to_anfrage_und_antrag():
    paper = run(SIGNATORIES[3][0])["paper"]
    assert (paper["type"], paper["series"], paper["number"]) == ("Stellungnahme", "stellungnahme",
                                                                   "77/2002")


def test_jaehrliche_at_a_line_start():
    text = "Finanzielle Auswirkungen\nJährliche Kosten: 48.000 EUR\nEinmalige Kosten: 9.000 EUR\n"
    assert [(a["value"], a["per"]) for a in run(text)["amounts"]] == [("48000.00", "year"),
                                                                        ("9000.00", None)]


@pytest.mark.parametrize("text,expected", [
    # the heading of a table column above the amount
    ("Finanzielle Auswirkungen\nJährliche Folgekosten\n120.000 EUR\n", [("120000.00", "year")]),
    ("Investitionskosten\n2,5 Mio. EUR\n", [("2500000.00", None)]),
    # a sentence above is no heading
    ("Die Kosten fallen jährlich an. Die Planung kostet\n30.000 EUR.", [("30000.00", None)]),
])
def test_heading_above(text, expected):
    assert [(a["value"], a["per"]) for a in run(text)["amounts"]] == expected


@pytest.mark.parametrize("text,expected", [
    # a budget's change is in the unit of the yearly budget it changes
    ("Für die laufende Arbeit sind jährlich 62.000 Euro bereitzustellen. Über die Aufstockung "
     "des Budgets von 25.000 Euro um 37.000 Euro auf 62.000 Euro wird entschieden.",
     [("62000.00", "year"), ("25000.00", "year"), ("37000.00", "year"), ("62000.00", "year")]),
    # no yearly amount in the chain: nothing is made yearly
    ("Das Budget wird von 10.000 EUR auf 12.000 EUR erhöht.", [("10000.00", None), ("12000.00", None)]),
    # no budget: a restated value keeps its own (missing) marker
    ("Der Zuschuss beträgt 57.000 EUR/Jahr. Die 57.000 Euro seien knapp bemessen.",
     [("57000.00", "year"), ("57000.00", None)]),
])
def test_budget_changes(text, expected):
    assert [(a["value"], a["per"]) for a in run(text)["amounts"]] == expected


@pytest.mark.parametrize("text,expected", [
    ("Jahresüberschuss\n9.876,54\nE", ["9876.54"]),
    # a word the cut leaves as "Eu" after a small count is no currency
    ("Es gibt dort 12 Eu", []),
    ("In den 3 E", []),
])
def test_cut_currency(text, expected):
    assert [a["value"] for a in run(text)["amounts"]] == expected


@pytest.mark.parametrize("text", [
    "Antrag vom 12/20/2010\nNr. 388/2010\n\nAntrag\nStadträtinnen / Stadträte - Fraktionen\n\nX\n",
    "Anfrage vom 05/09/2019\nNr. 175/2019\n\nAnfrage\n",
    "Protokoll: Verwaltungsausschuss\nDer Antrag ist dem Originalprotokoll sowie dem "
    "Protokollexemplar für die Hauptaktei beigefügt.",
])
def test_council_pages_are_detected_as_stuttgart(text):
    patterns = load("stuttgart").get("detect.patterns")
    assert sum(len(re.findall(p, text)) for p in patterns) >= 1  # not by the fallback alone
    assert detect(text).name == "stuttgart"
