"""Measured quality: extraction against gold annotations, as precision, recall and F1 per kind.

Gold comes in two shapes:

* the corpus gold (``corpus/gold/*.json``): the shape of ``extract --json`` without offsets;
* ../shared/papers/seed.expected.json, with its own comparison rules (its ``about``).

Both are turned into :class:`Gold` — per kind a multiset (or set) of comparison keys — and a
prediction (the ``extract --json`` object) into the same keys. Kinds a gold does not state
are not scored. Keys:

references   (kind, number, suffix) per mention       cited_titles (number, title)
amounts      (value, value_to)                        per_year     value where per == "year"
dates        from, of kind "date", as a set            periods      (from, to) of kind "period"
consultations (committee, purpose, public, date) and, where the gold states it, result
committees   canonical names, as a set                 positions    (grade, fte)
paper.<field> equality of one metadata field (number, suffix, series, type, date, budget, …)
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAPER_FIELDS = ("number", "suffix", "series", "type", "date", "title", "signatory", "budget",
                "fictional")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses += other.misses
        self.extras += other.extras


def _compare(pred: Counter, gold: Counter, label: str = "") -> Score:
    tp = sum((pred & gold).values())
    s = Score(tp, sum(pred.values()) - tp, sum(gold.values()) - tp)
    s.misses = [f"{label}{k}" for k in (gold - pred).elements()]
    s.extras = [f"{label}{k}" for k in (pred - gold).elements()]
    return s


def _ref_key(r: dict) -> tuple:
    return (r["kind"], r["number"], r.get("suffix"))


def _cons_key(c: dict, with_result: bool) -> tuple:
    key = (c["committee"], c.get("purpose"), c.get("public"), c.get("date"))
    return key + ((c.get("result"),) if with_result else ())


def keys_of(obj: dict[str, Any], kinds: set[str], *, with_result: bool = False,
            position_fte: bool = True) -> dict[str, Counter]:
    """The comparison keys of an ``extract --json`` object (or of gold in that shape)."""
    out: dict[str, Counter] = {}
    if "references" in kinds:
        out["references"] = Counter(_ref_key(r) for r in obj.get("references", []))
    if "cited_titles" in kinds:
        out["cited_titles"] = Counter((r["number"], r["cited_title"])
                                      for r in obj.get("references", []) if r.get("cited_title"))
    if "amounts" in kinds:
        out["amounts"] = Counter((a["value"], a.get("value_to")) for a in obj.get("amounts", []))
    if "per_year" in kinds:
        out["per_year"] = Counter(a["value"] for a in obj.get("amounts", [])
                                  if a.get("per") == "year")
    if "dates" in kinds:
        out["dates"] = Counter({d["from"] for d in obj.get("dates", []) if d["kind"] == "date"})
    if "periods" in kinds:
        out["periods"] = Counter((d["from"], d["to"]) for d in obj.get("dates", [])
                                 if d["kind"] == "period")
    if "consultations" in kinds:
        out["consultations"] = Counter(_cons_key(c, with_result)
                                       for c in obj.get("consultations", []))
    if "committees" in kinds:
        out["committees"] = Counter({c["name"] if isinstance(c, dict) else c
                                     for c in obj.get("committees", [])})
    if "positions" in kinds:
        out["positions"] = Counter((p.get("grade"), p.get("fte") if position_fte else None)
                                   for p in obj.get("positions", []))
    return out


@dataclass
class Gold:
    """What one file must yield: comparison keys per kind plus paper fields and samples."""

    source: str
    keys: dict[str, Counter]
    paper: dict[str, Any]
    with_result: bool = False
    positions_by_grade_only: set[str] = field(default_factory=set)
    periods_sample: list[dict] = field(default_factory=list)
    title_contains: str | None = None
    not_amounts: list[str] = field(default_factory=list)
    titles_only_for_gold_numbers: bool = False  # seed.expected.json checks two titles only


def gold_from_corpus(path: Path) -> Gold:
    """A corpus gold file (shape of ``extract --json`` without offsets)."""
    obj = json.loads(path.read_text(encoding="utf-8"))
    kinds = {"references", "cited_titles", "amounts", "per_year", "dates", "periods",
             "consultations", "committees", "positions"}
    with_result = any(c.get("result") for c in obj.get("consultations", []))
    return Gold(obj["source"], keys_of(obj, kinds, with_result=with_result), obj.get("paper", {}),
                with_result=with_result)


def gold_from_seed_expected(path: Path, source: str) -> Gold:
    """../shared/papers/seed.expected.json, by the comparison rules in its ``about``."""
    e = json.loads(path.read_text(encoding="utf-8"))
    keys: dict[str, Counter] = {
        "references": Counter((e["references"]["kind"], n, None)
                              for n in e["references"]["mentions"]),
        "cited_titles": Counter(e["references"]["cited_titles"].items()),
        "amounts": Counter((v, None) for v in e["amounts"]["values"]),
        "per_year": Counter(e["amounts"]["per_year"]),
        "dates": Counter(set(e["dates_of_kind_date"])),
        "consultations": Counter((c["committee"], c["purpose"], c["public"], c["date"])
                                 for c in e["consultations"]),
        "committees": Counter(set(e["committees"])),
        "positions": Counter((p["grade"], p.get("fte")) for p in e["positions"]),
    }
    paper = {k: v for k, v in e["paper"].items() if k != "title_contains"}
    return Gold(source, keys, paper,
                positions_by_grade_only={p["grade"] for p in e["positions"] if "fte" not in p},
                periods_sample=e.get("periods_sample", []),
                title_contains=e["paper"].get("title_contains"),
                not_amounts=e.get("not_amounts", []), titles_only_for_gold_numbers=True)


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def score(pred: dict[str, Any], gold: Gold, pages: list[str] | None = None) -> dict[str, Score]:
    """Scores per kind of one prediction against its gold."""
    pk = keys_of(pred, set(gold.keys), with_result=gold.with_result)
    if "positions" in pk and gold.positions_by_grade_only:
        pk["positions"] = Counter(
            (g, None) if g in gold.positions_by_grade_only else (g, f) for g, f in
            pk["positions"].elements())
    if "cited_titles" in pk and gold.titles_only_for_gold_numbers:
        numbers = {n for n, _ in gold.keys["cited_titles"]}
        pk["cited_titles"] = Counter({k: v for k, v in pk["cited_titles"].items()
                                      if k[0] in numbers})
    out = {kind: _compare(pk[kind], gold.keys[kind], f"{Path(gold.source).name}: ")
           for kind in gold.keys}
    meta = pred.get("paper", {})
    for name in PAPER_FIELDS:
        if name not in gold.paper:
            continue
        want, got = gold.paper[name], meta.get(name)
        ok = (_norm(want) == _norm(got)) if isinstance(want, str) else want == got
        s = Score(tp=int(ok), fp=int(not ok and got is not None),
                  fn=int(not ok and want is not None))
        if not ok:
            s.misses.append(f"{Path(gold.source).name}: paper.{name} {got!r} ≠ {want!r}")
        out[f"paper.{name}"] = s
    if gold.title_contains is not None:
        ok = gold.title_contains in (meta.get("title") or "")
        out["paper.title"] = Score(tp=int(ok), fn=int(not ok))
    if gold.periods_sample:
        s = Score()
        facts = list(pred.get("dates", [])) + [
            {"text": a["text"], "from": a.get("period_from"), "to": a.get("period_to")}
            for a in pred.get("amounts", [])]
        for sample in gold.periods_sample:
            hit = [f for f in facts if _norm(sample["text"]) in _norm(f.get("text"))]
            ok = any(f.get("from") == sample["from"] and f.get("to") == sample["to"] for f in hit)
            s.tp += ok
            s.fn += not ok
            if not ok:
                s.misses.append(f"period {sample}")
        out["periods_sample"] = s
    if pages is not None:
        out["offsets"] = check_offsets(pred, pages)
    return out


def check_offsets(pred: dict[str, Any], pages: list[str]) -> Score:
    """Every fact's page/start/end lie inside the stored page text and cover its ``text``."""
    s = Score()
    for kind in ("references", "amounts", "dates", "committees", "positions", "consultations"):
        for f in pred.get(kind, []):
            if f.get("page") is None:
                continue
            page, start, end = f["page"], f["start"], f["end"]
            ok = 1 <= page <= len(pages) and 0 <= start < end
            if ok and f.get("end_page") is None:
                ok = end <= len(pages[page - 1]) and pages[page - 1][start:end] == f["text"]
            elif ok:
                ok = f["end_page"] <= len(pages) and end <= len(pages[f["end_page"] - 1])
            s.tp += ok
            s.fp += not ok
            if not ok:
                s.extras.append(f"{kind} {f.get('text')!r} at {page}:{start}-{end}")
    return s


def total(scores: list[dict[str, Score]]) -> dict[str, Score]:
    out: dict[str, Score] = {}
    for one in scores:
        for kind, s in one.items():
            out.setdefault(kind, Score()).add(s)
    return out


def table(scores: dict[str, Score]) -> str:
    lines = [f"{'kind':<22}{'gold':>6}{'found':>7}{'P':>8}{'R':>8}{'F1':>8}"]
    for kind in sorted(scores):
        s = scores[kind]
        lines.append(f"{kind:<22}{s.tp + s.fn:>6}{s.tp + s.fp:>7}{s.precision:>8.3f}"
                     f"{s.recall:>8.3f}{s.f1:>8.3f}")
    return "\n".join(lines)
