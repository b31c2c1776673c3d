"""The text form of ``grdrs history`` (the ``--json`` answer of :mod:`grdrs.graph.history`,
written for a person at a terminal).

A history of up to a screen (60 lines) is given whole: every event in date order. A longer
one by default still fits a screen: the lineage's own timeline (published, related, sessions with
their results, budgets), then the papers it cites and the papers citing it — one line per
paper, grouped and counted, the first ``limit`` shown — and at the end what was decided,
where and when, with the quote. ``full`` gives every event in date order whatever the
length. Amounts are capped per paper with a count of the rest. Amounts are written the German way
(``135,42 Mio. €``, ``40.000 €/Jahr``).
"""

from __future__ import annotations


PER = {"year": "Jahr", "month": "Monat"}
CURRENCY = {"EUR": "€"}
LINEAGE_KINDS = ("paper", "related", "budget")
SCREEN = 60  # lines: a history this short is given whole


def _short(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _de_number(value: float, places: int) -> str:
    """``1234567.5`` → ``1.234.567,50`` (``places`` decimals, German separators)."""
    s = f"{value:,.{places}f}"
    return s.replace(",", "_").replace(".", ",").replace("_", ".")


def german_amount(value: str | None) -> str:
    """A stored amount value (``135420000.00``) as a German reads it: ``135,42 Mio.``,
    ``40.000``, ``1.234,50``, ``2,5 Mrd.`` (float arithmetic: cents are exact far beyond any
    council's budget; no decimal import on the query path)."""
    try:
        v = float(str(value))
    except (TypeError, ValueError):
        return str(value)
    a = abs(v)
    for scale, word in ((1e9, "Mrd."), (1e6, "Mio.")):
        if a >= scale:
            text = _de_number(v / scale, 2).rstrip("0").rstrip(",")
            return f"{text} {word}"
    if round(v, 2) == round(v):
        return _de_number(v, 0)
    return _de_number(v, 2)


def money(a: dict[str, object]) -> str:
    """An amount of ``extract --json`` the German way: ``135,42 Mio. €``, ``40.000 €/Jahr``,
    ``10.000–20.000 €``."""
    value = german_amount(a.get("value"))
    if a.get("value_to"):
        value += "–" + german_amount(a["value_to"])
    cur = a.get("currency") or ""
    cur = CURRENCY.get(cur, cur)
    per = f"/{PER.get(a['per'], a['per'])}" if a.get("per") else ""
    return f"{value} {cur}{per}".strip()


def _amount_lines(amounts: list[dict], cap: int, paper: str) -> list[str]:
    out = []
    for a in amounts[:cap]:
        subject = f" — {_short(a['subject'], 60)}" if a.get("subject") else ""
        out.append(f"{'':26}{money(a)}  “{_short(a.get('text'), 40)}” (p. {a.get('page')})"
                   f"{subject}")
    if len(amounts) > cap:
        out.append(f"{'':26}… and {len(amounts) - cap} more amount(s) (grdrs show {paper!r})")
    return out


def _event_line(ev: dict[str, object]) -> str:
    date = ev["date"] or "(no date)"
    mark = " [fictional]" if ev["fictional"] else ""
    return f"  {date:<10}  {ev['kind']:<8}  {ev['text']}{mark}"


def _decision_lines(decisions: list[dict[str, object]]) -> list[str]:
    final = [d for d in decisions if d.get("final", True)]
    if not final:
        return []
    out = ["Decided (each paper's last result):"]
    for d in final:
        where = ", ".join(x for x in (d["committee"], d.get("purpose"),
                                      f"TOP {d['top']}" if d.get("top") else None) if x)
        said, text_r, oparl_r = d["result"], d.get("text_result"), d.get("oparl_result")
        if not said and d.get("protocol"):
            said = d["protocol"].get("outcome") or "see the protocol"
        src = ""  # where the result stands: the paper's text, OParl, or both
        if text_r and oparl_r:
            src = " (text and OParl)" if text_r == oparl_r else ""
            said = text_r if text_r == oparl_r else f"{text_r} (OParl: {oparl_r})"
        elif oparl_r and not text_r:
            src = " (OParl)"
        about = f"{d['paper']} in " if d.get("paper") else ""
        rec = f", recorded in {d['recorded_in']}" if d.get("recorded_in") else ""
        mark = " [fictional]" if d.get("fictional") else ""
        out.append(f"  {d['date'] or '(no date)':<10}  {about}{where}: {said}{src}{rec}{mark}")
        pr = d.get("protocol")
        if d.get("quote") and not (pr and pr.get("own")):  # (minutes: their result, below)
            page = f" (p. {d['page']})" if d.get("page") else ""
            out.append(f"{'':14}“{_short(d['quote'], 100)}”{page}")
        if pr:
            v = pr.get("votes") or {}
            counts = ", ".join(f"{v[k]} {w}" for k, w in (("yes", "Ja"), ("no", "Nein"),
                                                          ("abstain", "Enthaltung(en)"))
                               if k in v)
            page = f", p. {pr['page']}" if pr.get("page") else ""
            said = f"Abstimmungsergebnis: {pr['outcome']}" if pr.get("outcome") \
                else pr.get("quote")
            out.append(f"{'':14}{pr['file']}{page}: “{_short(said, 110)}”"
                       + (f" ({counts})" if counts and not pr.get("outcome") else ""))
    return out


def _grouped(events: list[dict[str, object]], kind: str, limit: int | None,
             lineage: frozenset = frozenset()) -> list[str]:
    """One line per other paper: what the lineage cites, or who cites it. With ``--depth``
    above 1 the citing papers include those further away: the heading then says so."""
    groups: dict[str, list[dict[str, object]]] = {}
    for ev in events:
        if ev["kind"] == kind:
            groups.setdefault(ev["other"] if kind == "cites" else ev["paper"], []).append(ev)
    if not groups:
        return []
    dates = sorted(ev["date"] for evs in groups.values() for ev in evs if ev["date"])
    span = f", {dates[0]} – {dates[-1]}" if kind == "cited_by" and dates else ""
    # the lineage's own side of each event (who cites, or what is cited): with --depth above 1
    # it may be a paper further away
    side = "paper" if kind == "cites" else "other"
    far = any(ev[side] not in lineage for evs in groups.values() for ev in evs) if lineage \
        else False
    if kind == "cites":
        out = [f"Cited in this history, {len(groups)} paper(s) (← the paper citing each):" if far
               else f"Cites {len(groups)} paper(s):"]
    else:
        out = [f"Citing papers in this history, {len(groups)}{span} (→ what each cites):" if far
               else f"Cited by {len(groups)} paper(s){span}:"]
    items = list(groups.items())
    if kind == "cites":  # the paper's own citations first, then its attachments'
        items.sort(key=lambda kv: (all(ev.get("edge") == "attachment_cites" for ev in kv[1]),
                                   kv[0]))
    else:
        items.sort(key=lambda kv: (kv[1][0]["date"] is None, kv[1][0]["date"] or "", kv[0]))
    shown = items if limit is None else items[:limit]
    for who, evs in shown:
        first = evs[0]
        weak = all(ev.get("edge") == "attachment_cites" for ev in evs)
        via = " (in an attachment)" if weak else ""
        n_amounts = sum(len(ev.get("amounts") or []) for ev in evs)
        amounts = f" · {n_amounts} amount(s)" if n_amounts else ""
        mark = " [fictional]" if any(ev["fictional"] for ev in evs) else ""
        if kind == "cites":
            title = f" „{_short(first['other_title'], 60)}“" if first.get("other_title") else ""
            by = sorted({ev["paper"] for ev in evs})
            out.append(f"  {who}{title} ← {', '.join(by)}{via}{mark}")
        else:
            title = f" „{_short(first['title'], 60)}“" if first.get("title") else ""
            cited = sorted({ev["other"] for ev in evs})
            out.append(f"  {first['date'] or '(no date)':<10}  {who}{title} → "
                       f"{', '.join(cited)}{via}{amounts}{mark}")
    if len(items) > len(shown):
        out.append(f"  … and {len(items) - len(shown)} more (--full or --limit N shows them)")
    return out


def history_text(answer: dict[str, object], limit: int | None = 10, full: bool = False,
                 max_amounts: int = 3) -> str:
    """The history as lines a person reads (see the module's docstring)."""
    p = answer["paper"]
    head = f"History of {p['ref']}" + (f" — {p['title']}" if p.get("title") else "")
    lines = [head]
    if len(answer["lineage"]) > 1:
        lines.append(f"Lineage ({len(answer['lineage'])}): "
                     + ", ".join(x["ref"] for x in answer["lineage"]))
    events = answer["events"]
    if not events:
        lines.append("  (nothing known beyond the paper itself)")
    whole = list(lines)
    for ev in events:
        whole.append(_event_line(ev))
        if ev["kind"] in ("paper", "related", "cited_by", "cites") and ev.get("title"):
            whole.append(f"{'':26}{ev['paper']}: „{_short(ev['title'], 90)}“")
        whole.extend(_amount_lines(ev.get("amounts") or [], max(max_amounts, 6), ev["paper"]))
    whole.extend(_decision_lines(answer.get("decisions") or []))
    if full or len(whole) <= SCREEN:
        return "\n".join(whole)

    def own(ev: dict[str, object]) -> bool:
        if ev["kind"] in LINEAGE_KINDS:
            return True
        return ev["kind"] == "session" and (ev["depth"] == 0 or ev.get("other") is not None)

    mine = [ev for ev in events if own(ev)]
    rest = [ev for ev in events if not own(ev)]
    for ev in mine:
        lines.append(_event_line(ev))
        lines.extend(_amount_lines(ev.get("amounts") or [], max_amounts, ev["paper"]))
    lineage = frozenset(x["ref"] for x in answer["lineage"])
    lines.extend(_grouped(rest, "cites", limit, lineage))
    lines.extend(_grouped(rest, "cited_by", limit, lineage))
    others = sum(1 for ev in rest if ev["kind"] == "session")
    if others:
        lines.append(f"  ({others} session(s) of these papers: --full shows them)")
    lines.extend(_decision_lines(answer.get("decisions") or []))
    return "\n".join(lines)
