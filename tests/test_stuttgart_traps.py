"""Traps of the City of Stuttgart's council system (KSD) as its web pages print papers: one
line per trap, (text, expected), the way eyecite keeps its cases (issue 14).

The texts are written for these tests in the shapes the real pages show (HTML page text of
Niederschriften, Beschluss-/Mitteilungsvorlagen, Anträge, Anfragen, Stellungnahmen and the
budget "Beantwortung / Stellungnahme" papers); names, numbers and subjects are made up.
bench/stuttgart_quality.py measures the real pages (BENCHMARKS.md, "Stuttgart real pages").
"""

from __future__ import annotations

import pytest

from grdrs.extractors import extract
from grdrs.model import Document, Page


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
