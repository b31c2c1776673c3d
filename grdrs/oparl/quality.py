"""Text versus OParl: where a paper's own text and its council's OParl data disagree.

Both are kept in the store; this module compares them per paper (:func:`check`, run at the end
of ``ingest-oparl``) and renders the per-council report of ``grdrs quality`` (:func:`report`).
Standard library only: ``grdrs quality`` is a read command.

Per paper, over its main file's text:

* own number, date, type: the text agrees, says something else, or does not print one;
* consultations (committee, meeting date): OParl's that the text prints, prints under another
  committee name (same date), does not print (sessions planned after printing), and the text's
  that OParl does not list (extra);
* citations: papers the text cites that OParl links (super-/subordinated, related), that it does
  not link, and OParl links the text does not cite.
"""

from __future__ import annotations

from typing import Any

KINDS = {
    "number": "the text prints another own number",
    "date": "the text prints another date",
    "type": "the text names another paper type",
    "consultation_not_printed": "OParl consultation the text does not print",
    "consultation_committee": "same session date, committee named differently",
    "consultation_extra": "consultation in the text that OParl does not list",
    "cited_not_linked": "the text cites a paper OParl does not link",
    "linked_not_cited": "OParl links a paper the text does not cite",
}


def _cmp(oparl: Any, text: Any) -> str:
    if text is None:
        return "not_printed"
    if oparl is None:
        return "oparl_none"
    return "agree" if oparl == text else "disagree"


def _session(committee: str | None, date: str | None) -> str:
    """A consultation as the report names it ("Gemeinderat 2023-05-02", "Gemeinderat, no
    date")."""
    return f"{committee or '(no committee)'} {date}" if date else \
        f"{committee or '(no committee)'}, no date"


def check(inp: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, Any, Any]]]:
    """(summary, issues) for one paper from :func:`grdrs.store.oparl_check_input`."""
    issues: list[tuple[str, Any, Any]] = []
    meta = inp.get("text_meta")
    oparl_cons = [(c, d) for c, d in inp["oparl_consultations"]]
    s: dict[str, Any] = {"text": bool(meta) and inp.get("pages", 0) > 0,
                         "oparl_consultations": len(oparl_cons)}
    if not s["text"]:
        return s, issues
    for field in ("number", "date", "type"):
        o, t = inp.get(field), meta.get(field)
        s[field] = _cmp(o, t)
        if s[field] == "disagree":
            issues.append((field, o, t))

    text_cons = [(c, d) for c, d in inp["text_consultations"]]
    cons = {"oparl": len(oparl_cons), "text": len(text_cons), "printed": 0, "committee": 0,
            "not_printed": 0, "extra": 0}
    if text_cons:
        left = list(text_cons)
        unmatched = []
        for c, d in oparl_cons:
            if (c, d) in left:
                left.remove((c, d))
                cons["printed"] += 1
            else:
                unmatched.append((c, d))
        still = []
        for c, d in unmatched:
            same_date = next((x for x in left if d is not None and x[1] == d), None)
            undated = next((x for x in left if x[1] is None and x[0] == c), None)
            if same_date is not None:
                left.remove(same_date)
                cons["committee"] += 1
                issues.append(("consultation_committee", _session(c, d), same_date[0]))
            elif undated is not None:
                left.remove(undated)
                cons["printed"] += 1
            else:
                still.append((c, d))
        cons["not_printed"] = len(still)
        cons["extra"] = len(left)
        issues += [("consultation_not_printed", _session(c, d), None) for c, d in still]
        issues += [("consultation_extra", None, _session(c, d)) for c, d in left]
    s["consultations"] = cons

    own = {inp.get("number"), meta.get("number")} - {None}
    cited = {n for n in inp["cited"] if n and n not in own}
    linked = {n for _, n in inp["links"] if n}
    s["citations"] = {"cited": len(cited), "linked": len(cited & linked),
                      "not_linked": len(cited - linked), "links": len(linked),
                      "links_not_cited": len(linked - cited)}
    issues += [("cited_not_linked", None, n) for n in sorted(cited - linked)]
    issues += [("linked_not_cited", n, None) for n in sorted(linked - cited)]
    return s, issues


def aggregate(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The report per council from :func:`grdrs.store.oparl_quality`."""
    out: dict[str, dict[str, Any]] = {}
    for council, s in data["checks"]:
        c = out.setdefault(council, {
            "council": council, "papers": 0, "with_text": 0,
            "number": {}, "date": {}, "type": {},
            "consultations": {"oparl": 0, "text": 0, "printed": 0, "committee": 0,
                              "not_printed": 0, "extra": 0, "papers_text_prints_none": 0,
                              "oparl_of_papers_without_text": 0},
            "citations": {"cited": 0, "linked": 0, "not_linked": 0, "links": 0,
                          "links_not_cited": 0},
            "issues": {}})
        c["papers"] += 1
        if not s.get("text"):
            c["consultations"]["oparl_of_papers_without_text"] += s.get("oparl_consultations", 0)
            continue
        c["with_text"] += 1
        for field in ("number", "date", "type"):
            v = s.get(field)
            if v:
                c[field][v] = c[field].get(v, 0) + 1
        cons = s.get("consultations", {})
        if cons.get("text", 0) == 0:
            c["consultations"]["papers_text_prints_none"] += 1
        for k in ("oparl", "text", "printed", "committee", "not_printed", "extra"):
            c["consultations"][k] += cons.get(k, 0)
        for k, v in s.get("citations", {}).items():
            c["citations"][k] = c["citations"].get(k, 0) + v
    for issue in data["issues"]:
        c = out.get(issue["council"])
        if c is not None:
            c["issues"][issue["kind"]] = {"count": issue["count"], "about": KINDS.get(
                issue["kind"], issue["kind"]), "examples": issue["examples"]}
    return list(out.values())


def of_council(councils: list[dict[str, Any]], name: str | None,
               known: list[str]) -> list[dict[str, Any]]:
    """The report of the council ``name`` (every council's for None). A council without
    OParl data raises ValueError: unknown (not among ``known``, the councils the database
    holds papers of) or without OParl data, and which councils have it."""
    if name is None:
        return councils
    found = [c for c in councils if c["council"] == name.strip().lower()]
    if not found:
        held = [c["council"] for c in councils]
        why = "no OParl data of this council" if name.strip().lower() in known else \
            "unknown council" + (f" (papers of: {', '.join(known)})"
                                 if known and set(known) != set(held) else "")
        raise ValueError(f"{why}; councils with OParl data: {', '.join(held)}" if held else
                         f"{why}; no OParl data in this database (run `grdrs ingest-oparl "
                         "SOURCE` first)")
    return found


def _pct(n: int, total: int) -> str:
    return f"{n} ({100 * n / total:.0f} %)" if total else str(n)


def render(councils: list[dict[str, Any]]) -> str:
    """The report as text, one block per council."""
    if not councils:
        return "No OParl data in this database (run `grdrs ingest-oparl SOURCE` first)."
    lines = []
    for c in councils:
        t = c["with_text"]
        lines.append(f"{c['council']}: {c['papers']} paper(s) from OParl, {t} with a text")
        for field, label in (("number", "own number"), ("date", "date"), ("type", "type")):
            d = c[field]
            lines.append(f"  {label:<14} text agrees {_pct(d.get('agree', 0), t)} · says another "
                         f"{_pct(d.get('disagree', 0), t)} · prints none "
                         f"{_pct(d.get('not_printed', 0), t)}")
        k = c["consultations"]
        lines.append(f"  consultations  OParl lists {k['oparl']} for papers with a text: printed "
                     f"{k['printed']} · other committee name {k['committee']} · not printed "
                     f"{k['not_printed']} · text prints none for {k['papers_text_prints_none']} "
                     f"paper(s); text only (extra) {k['extra']}")
        z = c["citations"]
        lines.append(f"  citations      text cites {z['cited']} paper(s): OParl links "
                     f"{z['linked']} · does not link {z['not_linked']}; OParl links "
                     f"{z['links']}, the text cites none of {z['links_not_cited']}")
        for kind, issue in sorted(c["issues"].items()):
            lines.append(f"  {kind} ({issue['count']}): {issue['about']}")
            for ex in issue["examples"]:
                o = ex["oparl"] if ex["oparl"] is not None else "—"
                tx = ex["text"] if ex["text"] is not None else "—"
                lines.append(f"      {ex['paper']}: OParl {o} | text {tx}")
    return "\n".join(lines)
