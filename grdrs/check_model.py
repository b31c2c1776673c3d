"""A fitted scorer for ``grdrs check``: how likely an earlier statement found by its words is
about the same quantity as a draft amount, from what the two sentences and papers share —
never from the two figures themselves.

The model is a logistic regression fitted on the Karlsruhe archive's tune part
(``bench/fit_check_model.py``): for every amount of a stored paper checked as a draft and
every earlier statement found by its context (its words, its table row, its place in a
restated passage), the label is whether the two figures agree. A yearly report restating last
year's sentence with this year's figure is a negative there, a restated figure a positive; so
the probability says how often an earlier statement like this one states the same figure.
When a draft amount agrees with no earlier statement, an earlier one with a high probability
is what the draft changes (:func:`grdrs.check._classify`). Its coefficients and threshold are
in ``data/check_model.json``; applied here in plain Python.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .check_draft import _cos, _fold, _overlap, _twin, _words, days_between
from .check_table import mapped_cell

_MODEL = Path(__file__).with_name("data") / "check_model.json"


@lru_cache(maxsize=1)
def model() -> dict[str, Any]:
    """The fitted coefficients (by feature name), the scaling and the threshold."""
    return json.loads(_MODEL.read_text(encoding="utf-8"))


# numbers other than the money figures in a sentence ("mit 361 Personen", "§ 119")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _title_words(t: str | None) -> set[str]:
    return {w.lower() for _, _, w in _words(t or "") if len(w) > 3}


def features(d, e, draft, rare: set[str], nearby: int) -> dict[str, float]:
    """What a draft amount ``d`` and an earlier statement ``e`` (scored by
    :func:`grdrs.check._score_all`) share, as numbers; no feature reads either figure."""
    from rapidfuzz import fuzz

    f1, f2 = d.facet, e.facet
    r = e.row
    data = e.data
    aligned = e.aligned
    mapped = (mapped_cell(f1, f2) if max(f1.count, f2.count) >= 3 else None)
    same_kind = ((d.per or None) == (data.get("per") or None)
                 and d.currency == data.get("currency", "EUR")
                 and _overlap(d.period_from, d.period_to, data.get("period_from"),
                              data.get("period_to")) is not False)
    mine = (d.period_from, d.period_to)
    theirs = (data.get("period_from"), data.get("period_to"))
    days = days_between(r["date"], draft.date)
    days = None if days is None else abs(days)
    subject = _fold(data.get("subject") or "")
    others1, others2 = set(f1.others), set(f2.others)
    t1, t2 = _title_words(draft.title), _title_words(r["title"])
    y1, y2 = set(_YEARS.findall(draft.title or "")), set(_YEARS.findall(r["title"] or ""))
    n1, n2 = set(_NUMBER.findall(f1.masked)), set(_NUMBER.findall(f2.masked))
    counterpart = aligned is None and f2.count >= 2 and bool(
        re.sub(r"\D", "", r["text"] or "")) and re.sub(r"\D", "", r["text"] or "") in f1.others
    return {
        "score": e.score,
        "sent_cos": _cos(f1.sentence, f2.sentence),
        "local_cos": _cos(f1.local, f2.local),
        "fuzz_local": (fuzz.token_set_ratio(f1.local_text, f2.local_text) / 100
                       if f1.local_text and f2.local_text else 0.0),
        "masked_ratio": (fuzz.ratio(f1.masked, f2.masked) / 100
                         if f1.masked and f2.masked else 0.0),
        "same_masked": float(bool(f1.masked) and f1.masked == f2.masked),
        "same_index": float(f1.index == f2.index),
        "aligned": float(aligned is True),
        "misaligned": float(aligned is False),
        "twin": float(_twin(f1, f2, aligned)),
        "rule_strong": float(e.strong),
        "rule_twin": float(e.twin),
        "mapped": float(mapped is True),
        "mapped_other": float(mapped is False),
        "slot": float(e.slot),
        "here": float(e.here),
        "restated": float(e.restated),
        "overlap": math.log1p(e.overlap_n),
        "nearby_share": e.nearby_n / nearby if nearby else 0.0,
        "shared_cites": float(bool(e.shared_cites)),
        "cites_paper": float(bool(r["number"]) and f"{r['series']}|{r['number']}"
                             in draft.cites),
        "head_equal": float(f1.head is not None and f1.head == f2.head),
        "head_none": float(f1.head is None),
        "years_equal": float(bool(f1.years) and f1.years == f2.years),
        "years_differ": float(bool(f1.years and f2.years) and f1.years != f2.years),
        "years_one": float(bool(f1.years) != bool(f2.years)),
        "all_years_differ": float(bool(f1.all_years and f2.all_years)
                                  and f1.all_years != f2.all_years),
        "other_period": float(any(mine) and any(theirs) and mine != theirs),
        "same_period": float(bool(_overlap(*mine, *theirs))),
        "spans_differ": float(bool(f1.spans and f2.spans) and f1.spans != f2.spans),
        "more_differ": float(f1.more != f2.more),
        "label_equal": float(bool(f1.label) and f1.label == f2.label),
        "same_kind": float(same_kind),
        "per": float(bool(d.per)),
        "log_days": math.log1p(days) / 8 if days is not None else 0.0,
        "year_apart": float(days is not None and 300 <= days <= 800),
        "undated": float(days is None),
        "same_dept": float(bool(draft.department) and draft.department == r["department"]),
        "same_series": float(draft.series == r["series"]),
        "title_cos": _cos(t1, t2),
        "title_years_differ": float(bool(y1 and y2) and y1 != y2),
        "rare_shared": min(3, sum(1 for w in rare if w in subject)) / 3,
        "counterpart": float(counterpart),
        "others_equal": float(bool(others1) and f1.others == f2.others),
        "others_share": (len(others1 & others2) / len(others1 | others2)
                         if others1 | others2 else 0.0),
        "table1": math.log1p(f1.count) / 3,
        "table2": math.log1p(f2.count) / 3,
        "dashes": float(f1.dashes or f2.dashes),
        "approx": float(f1.approx or f2.approx),
        "numbers_equal": float(bool(n1) and n1 == n2),
        "numbers_differ": float(bool(n1 and n2) and n1 != n2),
        "short": float(len(f1.sentence) <= 2),
        "via_words": float(e.via == "words"),
        "via_cell": float(e.via == "cell"),
        "via_slot": float(e.via == "slot"),
    }


def with_set(cands: list[tuple[dict[str, float], Any, str]]) -> None:
    """Add what the other candidates of the same amount say to each one's features
    (``cands``: (features, paper, value)): how many papers and how many figures the same
    sentence has had (a yearly report's sentence has had several), and whether this candidate
    is the latest of them and shares its figure with the others."""
    twins = [(f, p, v) for f, p, v in cands if f["twin"]]
    papers = {p for _, p, _ in twins}
    values = [v for _, _, v in twins]
    newest = min((f["log_days"] for f, _, _ in twins), default=0.0)
    for f, _, v in cands:
        f["twin_papers"] = math.log1p(len(papers))
        f["twin_values"] = math.log1p(len(set(values)))
        f["twin_one_value"] = float(len(set(values)) == 1)
        if f["twin"]:
            f["value_share"] = values.count(v) / len(values)
            f["newest_twin"] = float(f["log_days"] <= newest)
        else:
            f["value_share"] = f["newest_twin"] = 0.0


def eligible(f: dict[str, float]) -> bool:
    """A candidate the rules do not rule out (:func:`grdrs.check._score_all`): about the same
    thing by its words (score), not another year, period, duration, addition, per marker or
    table cell, not naming other numbers than the draft's sentence (any difference of the two
    sentences' non-money numbers, ``numbers_differ``), and not the counterpart of another
    figure of the draft's sentence."""
    if f["score"] < MIN_SCORE and not f["aligned"] and not f["mapped"]:
        return False
    return not any(f[k] for k in ("counterpart", "years_differ", "other_period", "spans_differ",
                                  "numbers_differ",
                                  "more_differ", "mapped_other", "misaligned")) and bool(
        f["same_kind"]) and not (f["twin"] and f["all_years_differ"])


MIN_SCORE = 0.34  # as check.SAME_VALUE_MIN: the least score of an earlier statement about it


def probability(feats: dict[str, float]) -> float:
    """The fitted probability that the two statements state the same figure."""
    m = model()
    z = m["intercept"] + sum(w * feats.get(k, 0.0) for k, w in m["weights"].items())
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def judge(d, es: list, draft, rare: set[str], nearby: int, agrees) -> tuple[float, Any]:
    """(probability, earlier statement) of the best earlier statement found by its context
    whose figure differs from the draft's; (0.0, None) when one of them agrees or none is
    there."""
    if any(agrees(d, e) for e in es):
        return 0.0, None
    best, top = None, 0.0
    cands = [(features(d, e, draft, rare, nearby), e.row["paper_id"], e.row["value"])
             for e in es]
    with_set(cands)
    for (f, _, _), e in zip(cands, es):
        if not eligible(f):
            continue
        p = probability(f)
        if best is None or p > top:
            best, top = e, p
    return top, best
