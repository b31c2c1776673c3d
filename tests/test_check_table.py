"""A yearly table's cells compared by the year their column stands for
(grdrs/check_table.py: header_years, year_cell, year_column): each edition of a yearly table
moves its columns on by a year, so the same row's figure for one year stands in another
column each time. Small tables of our own."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from grdrs.check_table import header_years, year_cell
from grdrs.cli import main

from test_check import _papers_db


@pytest.mark.parametrize("line,years", [
    ("  2019 2020 2021", ["2019", "2020", "2021"]),
    ("201920202021", ["2019", "2020", "2021"]),  # glued by the PDF reader
    ("2019 2020 (2021)", ["2019", "2020", "2021"]),  # a plan year in brackets
    ("2019 2021", None),  # not one year after the other
    ("Seite 2020 2021", None),  # words: no header
    ("2020", None),  # one year: no table's header
    ("100² 200²", None),  # digits Python calls digits, no years (was a ValueError)
])
def test_header_years(line, years):
    assert header_years(line) == years


def test_year_cell_reads_label_year_and_row():
    text = "Bäder\n201920202021\nHallenbad- € 4.100,00 €- 5.200,00 €-\n"
    key, year, row, *_ = year_cell(text, text.index("5.2"))
    assert (key, year) == ("hallenbad", "2021")
    assert row == (("2019", ""), ("2020", "410000"), ("2021", "520000"))


def test_year_cell_takes_the_label_from_the_lines_above():
    text = "  2020 2021\nZuschuss Sport-\nvereine\n1,10 Mio. € 1,25 Mio. €\n"
    assert year_cell(text, text.index("1,25"))[:2] == ("zuschusssportvereine", "2021")


def test_year_cell_needs_a_cell_per_year():
    text = "  2020 2021 2022\nZuschuss 1,10 Mio. € 1,25 Mio. €\n"
    assert year_cell(text, text.index("1,25")) is None


EARLIER = ("Jahresbericht Freibad 2022\n\nDie Kosten des Freibads in den letzten drei Jahren:\n\n"
           "  2020 2021 2022\nEnergie 39.700,00 € 40.800,00 € 44.150,00 €\n"
           "Reinigung- € - € 5.600,00 €\nPersonal 90.100,00 € 91.300,00 € 97.400,00 €\n")


def _checked(tmp_path, earlier: str, draft: str, year: int) -> dict[str, dict]:
    """The findings (by value) of ``draft``, dated October ``year``, against ``earlier``, a
    year before."""
    db, path = _papers_db(tmp_path, {"earlier.txt": (f"05.10.{year - 1}", earlier)},
                          (f"04.10.{year}", draft))
    answer = json.loads(CliRunner().invoke(main, ["check", str(path), "--db", str(db),
                                                  "--json"]).output)
    return {f["value"]: f for f in answer["findings"]}


def _findings(tmp_path, energy: str) -> dict[str, dict]:
    """The findings (by value) of next year's report, its energy row ``energy``."""
    draft = (EARLIER.replace("2022", "2023").replace("2020 2021 2023", "2021 2022 2023")
             .replace("39.700,00 € 40.800,00 € 44.150,00 €", energy)
             .replace("- € - € 5.600,00 €", "- € 5.600,00 € 5.900,00 €")
             .replace("90.100,00 € 91.300,00 € 97.400,00 €",
                      "91.300,00 € 97.400,00 € 99.000,00 €"))
    return _checked(tmp_path, EARLIER, draft, 2023)


def test_the_same_years_cell_of_a_shifted_table_is_a_change(tmp_path):
    """Last year's report (2020 2021 2022) said 44.150,00 € energy costs for 2022; this
    year's (2021 2022 2023) says 47.900,00 € for 2022: changed against that cell, the third
    column there, the second here (the row's 2021 figure is the same in both: the same
    table) — though a row printing dashes for empty cells leaves the columns uncounted by
    the figures the tables share."""
    got = _findings(tmp_path, "40.800,00 € 47.900,00 € 46.300,00 €")
    f = got["47900.00"]
    assert f["verdict"] == "changed" and f["earlier_value"] == "44150.00"
    assert f["why"]["same_column"] is True


def test_another_years_cell_is_another_quantity(tmp_path):
    """The draft's new year (2023) is no earlier year's figure, whatever column that stood
    in: new; the years both print agree."""
    got = _findings(tmp_path, "40.800,00 € 44.150,00 € 52.600,00 €")
    assert got["52600.00"]["verdict"] == "new"
    assert got["44150.00"]["verdict"] == "consistent"


def test_a_new_years_cell_beside_a_flat_row_is_another_quantity(tmp_path):
    """A row that said one figure in every year (40.000,00 € for 2020–2022), said again for
    2021–2023 with a new 2023 figure (the other row revised: no figure shared to match the
    columns by): the new year's figure is no earlier cell's, though read by its place it is
    the one cell of the row that differs."""
    earlier = ("Zuschüsse Vereine\n\n  2020 2021 2022\nSportvereine 40.000,00 € 40.000,00 € "
               "40.000,00 €\nMusikvereine 12.500,00 € 13.100,00 € 13.900,00 €\n")
    draft = ("Zuschüsse Vereine\n\n  2021 2022 2023\nSportvereine 40.000,00 € 40.000,00 € "
             "52.600,00 €\nMusikvereine 13.300,00 € 14.000,00 € 14.200,00 €\n")
    got = _checked(tmp_path, earlier, draft, 2023)
    assert got["52600.00"]["verdict"] == "new", got["52600.00"]


def test_a_table_of_two_years_is_told_by_its_other_rows(tmp_path):
    """Two editions of a table of two years share one year (2024): the row itself has no
    other year to show it is the same table's, its other rows do (Pflaster 2024 the same in
    both): Rinnen's 2024 figure changed."""
    earlier = ("Kosten der Straßen\n\n  2023 2024\nPflaster 410.010,00 € 519.770,00 €\n"
               "Rinnen 341.654,00 € 421.349,00 €\nMarkierung- € 1.200,00 €\n")
    draft = ("Kosten der Straßen\n\n  2024 2025\nPflaster 519.770,00 € 533.814,00 €\n"
             "Rinnen 492.978,00 € 502.389,00 €\nMarkierung 1.200,00 € 1.300,00 €\n")
    got = _checked(tmp_path, earlier, draft, 2024)
    assert got["492978.00"]["verdict"] == "changed"
    assert got["492978.00"]["earlier_value"] == "421349.00"
