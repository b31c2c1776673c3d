"""The readable report of ``grdrs check`` (:func:`report_text`): the findings of
:func:`grdrs.check.check` grouped by verdict, each with the earlier paper, both sentences and
why they were taken as the same quantity."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .check_draft import VERDICTS, _fmt


def report_text(answer: dict[str, Any]) -> str:
    """The readable report, grouped by verdict."""
    d = answer["draft"]
    name = d["number"] or Path(d["source"]).name
    dated = f"dated {d['date']}" if d["date"] else "undated"
    if d["date"] and d.get("date_source") not in (None, "text"):
        dated += f" from its {d['date_source']}" if d["date_source"] != "--date" else " (--date)"
    lines = [f"Check of {d['source']} ({name}, {dated}): {d['amounts']} amount(s)"]
    lines += [f"warning: {w}" for w in answer.get("warnings", [])]
    heads = {"changed": "CHANGED — differs from what an earlier paper said",
             "arithmetic": "ARITHMETIC — figures that do not add up",
             "date": "DATE — reported as past, dated after the paper",
             "ambiguous": "AMBIGUOUS — earlier papers disagree among themselves",
             "new": "NEW — nothing earlier found",
             "consistent": "CONSISTENT — agrees with an earlier paper"}
    for verdict in VERDICTS:
        items = [f for f in answer["findings"] if f["verdict"] == verdict]
        if not items:
            continue
        lines.append("")
        lines.append(f"{heads[verdict]} ({len(items)})")
        for f in items:
            where = f"p. {f['page']}" if f["page"] else ""
            if verdict in ("changed", "consistent"):
                e = f["earlier"]
                lines.append(f"  {where}: {f['quote']}  — {e['paper']} "
                             f"({e['date'] or 'undated'}, p. {e['page']}) said "
                             f"{_fmt(f['earlier_value'])}")
                lines.append(f"      draft:   {_short(f['subject'])}")
                lines.append(f"      earlier: {_short(e['quote'])}")
                lines.append(f"      why:     {_why_text(f['why'])}")
            elif verdict == "ambiguous":
                lines.append(f"  {where}: {f['quote']}  — {_short(f['subject'])}")
                for c in f["candidates"][:3]:
                    lines.append(f"      {c['paper']} ({c['date'] or 'undated'}, p. {c['page']}):"
                                 f" {_fmt(c['value'])} — {_short(c['quote'], 110)}")
                    lines.append(f"          why: {_why_text(c['why'])}")
                if len(f["candidates"]) > 3:
                    lines.append(f"      … and {len(f['candidates']) - 3} more (--json lists "
                                 f"them all)")
            elif verdict == "new":
                lines.append(f"  {where}: {f['quote']}  — {_short(f['subject'])}")
            else:
                lines.append(f"  {where}: {f['reason']}")
                lines.append(f"      {_short(f['subject'] or f['quote'] or '')}")
    n = answer["conflicts"]
    lines.append("")
    # the counts again at the end, where a long report is read from: what each verdict got
    counts = ", ".join(f"{answer['summary'][v]} {v}" for v in VERDICTS if answer["summary"][v])
    lines.append((f"{n} conflict(s)" if n else "No conflicts") + (f" ({counts})" if counts else "")
                 + ".")
    return "\n".join(lines)


def _why_text(why: dict[str, Any] | None) -> str:
    """Why a finding matched, in words: the same sentence or table cell, shared words, the
    year or period, the per marker and the papers both cite."""
    if not why:
        return "-"
    parts = []
    if why.get("same_sentence"):
        parts.append("the same sentence")
    if why.get("same_place"):
        parts.append("the same place in a passage it states (between the same two figures)")
    if why.get("same_field"):
        parts.append(f"the same form field ({why['same_field']}) in a paper on the same "
                     f"project ({why.get('project')})")
    if why.get("same_column"):
        parts.append("the same cell of a table whose other figures it shares (columns matched "
                     "by them)")
    if why.get("same_table_cell"):
        parts.append("the same table cell (same neighbouring figure)")
    if why.get("head"):
        parts.append(f"about {why['head']}")
    if why.get("shared_words"):
        parts.append("shared words " + ", ".join(why["shared_words"][:6]))
    if why.get("years"):
        parts.append("year " + "/".join(why["years"]))
    if why.get("period"):
        lo, hi = why["period"]
        parts.append(f"period {lo or '…'} – {hi or '…'}")
    if why.get("per"):
        parts.append(f"per {why['per']}")
    if why.get("cited"):
        parts.append("both cite " + ", ".join(why["cited"]))
    return "; ".join(parts) + f" (score {why['score']})"


def _short(s: str | None, n: int = 150) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"
