"""The fitted scorer of `grdrs check` (grdrs/check_model.py, grdrs/data/check_model.json): a
draft figure the rules call new is changed when an earlier statement found by its words, not
ruled out by the rules, is one that statements like it restate; never another year's.

Small texts of our own: an earlier paper and a draft, both read as `check` reads them, the
earlier amount turned into a candidate as `compare` would find it by its words."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from grdrs import check_model
from grdrs.check import Earlier, _classify, _rules, _score_all
from grdrs.check_passage import Overlap as _Overlap
from grdrs.check_draft import read_draft

KAPITAL = ("Stadtbahn Musterstadt GmbH: Kapitalausstattung\n\n"
           "Das Stammkapital der Stadtbahn Musterstadt GmbH beträgt {} € und wird {} von der "
           "Stadt gehalten. Die Stadt übernimmt dazu eine Einlage von 1.280.000,00 € in die "
           "Kapitalrücklage.\n")


def _pair(earlier: str, draft: str):
    """(draft amount, candidate, draft, nearby count): the draft's first amount and the earlier
    paper's first amount as a candidate found by its words, scored by the rules."""
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "earlier.txt", Path(tmp) / "draft.txt"
        a.write_text("Musterstadt, 01.03.2023\n\nBeschlussvorlage\n\n" + earlier, encoding="utf-8")
        b.write_text("Musterstadt, 10.03.2025\n\nBeschlussvorlage\n\n" + draft, encoding="utf-8")
        old, new = read_draft(str(a)), read_draft(str(b))
    d, o = new.amounts[0], old.amounts[0]
    row = {"id": 1, "paper_id": 1, "file_id": 1, "value": o.value, "value_to": None,
           "text": o.text, "number": None, "series": old.series, "suffix": None,
           "date": "2023-03-01", "department": None, "title": old.title, "page": 1,
           "name": "earlier", "path": "earlier.txt", "fictional": 0, "council": None}
    e = Earlier(row, {"subject": o.subject, "currency": o.currency, "per": o.per,
                      "period_from": o.period_from, "period_to": o.period_to,
                      "start": o.start, "end": o.end}, o.facet, via="words")
    overlap = _Overlap(None, set())  # the earlier file states these of the draft's figures
    overlap[1] = {a.value for a in old.amounts}
    overlap.known = {1}
    nearby = {a.value for a in new.amounts} - {d.value}
    _score_all(None, d, [e], new, {1: set()}, overlap, nearby, set())
    return d, e, new, len(nearby)


def test_the_same_sentence_restated_with_another_figure_is_changed():
    """The draft restates an earlier paper's passage (its other figure too) with another
    Stammkapital: no rule anchors it (the sentence's words are not rare, one figure around it
    is restated, no year), so the rules call it new; the scorer calls it changed."""
    d, e, draft, nearby = _pair(KAPITAL.format("25.600.000,00", "vollständig"),
                                KAPITAL.format("29.952.000,00", "vollständig"))
    assert _rules(d, [e])["verdict"] == "new"
    f = _classify(d, [e], draft, set(), nearby)
    assert f["verdict"] == "changed" and f["earlier_value"] == "25600000.00"
    assert f["why"]["model"] >= check_model.model()["threshold"]


def test_the_same_sentence_about_another_year_is_not_changed():
    """The same passage naming another year is another year's quantity: the scorer never takes
    a candidate the rules rule out."""
    d, e, draft, nearby = _pair(KAPITAL.format("25.600.000,00", "im Jahr 2023"),
                                KAPITAL.format("29.952.000,00", "im Jahr 2025"))
    assert _classify(d, [e], draft, set(), nearby)["verdict"] == "new"


def test_an_agreeing_candidate_leaves_it_to_the_rules():
    d, e, draft, nearby = _pair(KAPITAL.format("25.600.000,00", "vollständig"),
                                KAPITAL.format("25.600.000,00", "vollständig"))
    assert _classify(d, [e], draft, set(), nearby)["verdict"] == "consistent"
    from grdrs.check import _agrees
    assert check_model.judge(d, [e], draft, set(), nearby, _agrees) == (0.0, None)


def test_the_model_file_names_only_computed_features():
    """Every weight of data/check_model.json is a feature the code computes (a stale file
    would silently score nothing), and the threshold is a probability."""
    d, e, draft, nearby = _pair(KAPITAL.format("25.600.000,00", "vollständig"),
                                KAPITAL.format("29.952.000,00", "vollständig"))
    f = check_model.features(d, e, draft, set(), nearby)
    check_model.with_set([(f, 1, e.row["value"])])
    m = check_model.model()
    assert set(m["weights"]) <= set(f), set(m["weights"]) - set(f)
    assert 0.5 <= m["threshold"] < 1
    assert "value" not in " ".join(m["weights"]).replace("_values", "").replace(
        "value_share", "").replace("twin_one_value", "")


@pytest.mark.parametrize("score,years,ok", [(0.9, False, True), (0.2, False, False),
                                            (0.9, True, False)])
def test_eligible(score, years, ok):
    f = dict.fromkeys(("counterpart", "years_differ", "other_period", "spans_differ",
                       "numbers_differ", "more_differ", "mapped_other", "misaligned", "twin", "all_years_differ",
                       "aligned", "mapped"), 0.0)
    f.update(score=score, years_differ=float(years), same_kind=1.0)
    assert check_model.eligible(f) is ok


def test_the_scorer_is_off_unless_thorough(tmp_path: Path, monkeypatch):
    """Plain `check` gives the rules' verdicts; only `thorough` (`--thorough`) asks the scorer.
    Here a scorer that is sure of every candidate it is given: the same hall's renovation with
    another figure and other words is new by the rules, changed with the scorer."""
    from grdrs import check as check_module, write
    from grdrs.ingest import ingest

    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "earlier.txt").write_text(
        "Musterstadt, 01.03.2023\n\nBeschlussvorlage\n\nFür die Sanierung der Turnhalle Nord "
        "stellt die Stadt Haushaltsmittel in Höhe von 400.000 € bereit.\n", encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("Musterstadt, 10.03.2025\n\nBeschlussvorlage\n\nDie Sanierung der Turnhalle "
                     "Nord wird mit 470.000 € aus dem Sportstättenprogramm gefördert.\n",
                     encoding="utf-8")
    conn = write.connect(tmp_path / "g.db")
    ingest(conn, [papers])
    monkeypatch.setattr(check_module.check_model, "judge",
                        lambda d, es, *rest: (0.99, es[0]) if es else (0.0, None))

    def verdict(**kw):
        got = check_module.check(conn, str(draft), **kw)
        return [f["verdict"] for f in got["findings"] if f["value"] == "470000.00"], \
            got["draft"]["thorough"]

    assert verdict() == (["new"], False)
    assert verdict(thorough=True) == (["changed"], True)
