"""Paper metadata: what a paper says about itself (council-papers.md §2–§4, §8).

All patterns come from the profile (``[paper]``, ``[[types]]``, ``[signature]``, ``[protocol]``):

* own number and suffix from the header of page 1 (``GRDrs 767/2020``, ``Beantwortung zur Anfrage
  23/2018``, the city's HTML ``Antrag vom 04.01.2018`` / ``Nr. 29/2018``, Karlsruhe ``Vorlage Nr.:``
  even when the flattened header puts other fields between label and value). Where the text
  prints none, a file name of the shape *series word, number, year* (``GRDrs_563_2023.pdf``) gives
  it (``number_source`` "filename"); otherwise it stays empty — never invented. A Niederschrift
  has no own number here: its identity is committee, session date, number and TOP
  (``protocol``), built by the caller.
* series and type: the earliest type line of the header; an answer (Beantwortung, Stellungnahme)
  takes the number of what it answers in its own series (interfaces.md Identity).
* date: the header date. Dotted dates are day first; the city's exports print ``11/30/2020``
  month first. When day and month are both ≤ 12 the evidence decides: a paper goes to its first
  committee after it is dated, so of the two readings the latest one not after the earliest
  consultation date wins; without consultations the export's month-first convention holds.
  A date the profile's ``session_date`` rules mark (Karlsruhe: the value of a ``Termin:``
  field) is the date of a session the paper went to, not the paper's: it is not taken.
* title (``Betreff`` or the header lines before the type), department (Referat/Dienststelle),
  signatory (the name above ``Bürgermeisterin`` …), attachments (``Anlage 1: …``), budget
  (``zum Haushaltsplan 2024/2025``; ``Budget ab 2024`` → the budget period of 2024), protocol
  header fields (also column-flattened), and ``fictional`` for "MUSTER – nicht amtlich".
"""

from __future__ import annotations

import re
from datetime import date as _date
from functools import cache

from ..model import PaperMeta, Protocol
from .dates import _MONTHS, _first_consultation, _slash, earliest

_DATE = (r"(?P<date>\d{1,2}\.[ \t]?\d{1,2}\.[ \t]?(?:19|20)?\d\d(?!\d)|\d{1,2}/\d{1,2}/(?:19|20)\d\d"
         r"|\d{1,2}\.[ \t]*(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September"
         r"|Oktober|November|Dezember)[ \t]+(?:19|20)\d\d)")
_SERIES_KIND = {"grdrs": "paper", "vorlage": "paper", "antrag": "antrag", "anfrage": "anfrage"}
_ATTACH = re.compile(r"(?m)^[ \t]*(Anlage[ \t]+\d{1,2}[a-z]?)[ \t]*[:.–-]?[ \t]*(\S[^\n]{0,200})$")
_ANLAGEN = re.compile(r"(?m)^[ \t]*Anlagen?:?[ \t]*$")
# a sentence wrapped before "Anlage N", not a title: it goes on with a verb or a function word
# ("Anlage 2 enthält die Ermittlung …", "Anlage 1 und 2 beigefügten Synopsen", "in geänderter
# Fassung abstimmen")
_PROSE = re.compile(r"(?:in|im|oder|sowie|mit|er|sie|es|enthält|enthalten|stellt|stellen|"
                    r"sind|ist|wird|werden|wurde|wurden|zeigt|zeigen|umfasst|beinhaltet|kann|"
                    r"können|hat|haben|beigefügt|dargestellt|dargelegt|ersichtlich|entnommen|"
                    r"zusammengefasst|aufgeführt|erhöht|angepasst)(?![\w-])"
                    # "und 2 dargestellten …", not the list entry "und 1a Betriebssatzung"
                    r"|und(?!\s+(?:Anlage\s+)?\d{1,2}[a-z]?(?:\s+[A-ZÄÖÜ]|\s*$))")
_NAME = (r"(?P<name>(?:(?:Prof\.|Dr\.(?:[ \t]*(?:med|rer\.[ \t]*nat|phil|jur|Ing)\.)?|Dipl\.-\w+\.)[ \t]*)*"
         r"[A-ZÄÖÜ][\w'-]+\.?(?:[ \t]+(?:von|van|de|zu|vom)?[ \t]*[A-ZÄÖÜ][\w'-]+){1,3})")


_NAME_LINE = re.compile(_NAME)
# the letterhead above "Oberbürgermeister" in the header is no signature
_NOT_A_NAME = re.compile(r"(?:Landeshauptstadt|Stadt|Referat|Amt|Der|Die|Das)\b")


@cache
def _compiled(profile):
    from .references import rules

    get = profile.get
    number = get("numbers.number", r"(?P<n>\d{1,4})/(?P<y>(?:19|20)\d{2})")
    sufs = get("numbers.suffixes", []) or []
    suffix = "(?P<suf>" + "|".join(f"(?:{s})" for s in sufs) + ")" if sufs else "(?P<suf>(?!))"

    def fill(p: str) -> re.Pattern:
        return re.compile(p.replace("{number}", number).replace("{suffix}", suffix)
                          .replace("{date}", _DATE))

    own = [(r.get("series"), fill(r["pattern"]), int(r.get("within", 0)) or None)
           for r in get("paper.own", []) or []]
    types = [(t["type"], t.get("series"), fill(t["pattern"]),
              re.compile(t["detail"]) if t.get("detail") else None, t.get("detail_default"),
              int(t.get("priority", 0)),
              (re.compile(t["from_number"]), t["from_number_type"]) if t.get("from_number") else None)
             for t in get("types", []) or []]
    roles = "|".join(f"(?:{r})" for r in get("signature.roles", []) or []) or "(?!)"
    sign = re.compile(rf"(?m)^[ \t]*{_NAME}[ \t]*\n[ \t]*(?:{roles})[ \t]*$")
    labels = "|".join(f"(?:{r})" for r in get("signature.labels", []) or [])
    # "Zur Beurkundung" / "Brandt / br": the protocol's signature (name and initials)
    sign_after = re.compile(rf"(?m)^[ \t]*(?:{labels})[ \t]*:?[ \t]*\n[ \t]*"
                            rf"(?P<name>[A-ZÄÖÜ][^\n\d:]{{1,60}}?)[ \t]*$") if labels else None
    one = lambda key: fill(get(key)) if get(key) else None  # noqa: E731
    many = lambda key: [fill(p) for p in get(key, []) or []]  # noqa: E731
    return {
        "rules": rules(profile), "own": own, "types": types, "sign": sign, "sign_after": sign_after,
        "filename": one("paper.filename"), "date": many("paper.date"),
        "session_date": many("paper.session_date"),
        "title_label": one("paper.title_label"), "title_after": one("paper.title_after"),
        "title_before": one("paper.title_before"), "title_skip": one("paper.title_skip"),
        "title_stop": one("paper.title_stop"), "budget_until": one("paper.budget_until"),
        "title_session": one("paper.title_session"),
        "department": many("paper.department"), "budget": many("paper.budget"),
        "fictional": one("paper.fictional"),
        "p_number": [fill(p) for p in get("protocol.number", []) or []],
        "p_top": [fill(p) for p in get("protocol.top", []) or []],
        "p_drs": [fill(p) for p in get("protocol.drucksache", []) or []],
        "p_number_value": fill(get("protocol.number_value", r"\d{1,4}(?:/[A-Z]{1,4})?")),
        "p_top_value": fill(get("protocol.top_value", r"\d{1,3}(?:\.\d{1,2})*[a-z]?")),
        "number": fill(number),
        # more numbers printed right after the own one ("Vorlage Nr.: 2021/0947 ⏎ 2021/0947/1",
        # "2022/1068/1 und 2022/1068/4")
        "more": re.compile(r"[ \t]*(?:,|und\b|sowie\b|\n)[ \t]*(?:\n[ \t]*)?" + number),
        "head": int(get("paper.head_chars", 2000)),
        "last_types": tuple(get("signature.last_line_types", ()) or ()),
        "trailer": re.compile(get("signature.trailer")) if get("signature.trailer") else None,
    }


def _year_range(m: re.Match) -> bool:
    """A year range read as a number ("Haushaltsplan 2013/2014"): never a paper's own number."""
    from .references import _is_year_range

    g = m.groupdict()
    return _is_year_range(g) and not g.get("p") and not g.get("v")


def _own_search(rx: re.Pattern, head: str) -> re.Match | None:
    """The first match of an own-number pattern whose number is not a year range; a year range
    is blanked (same length) and the search repeated, so a number after it still counts."""
    for _ in range(8):
        m = rx.search(head)
        if m is None or not _year_range(m):
            return m
        a = min(m.start(k) for k in ("n", "y") if k in rx.groupindex)
        b = max(m.end(k) for k in ("n", "y") if k in rx.groupindex)
        head = head[:a] + head[a:b].replace("/", " ") + head[b:]
    return None


def _more_numbers(c, text: str, end: int) -> list[tuple[dict, int]]:
    """Numbers printed right after the own number at ``end``: (groups, end) each."""
    out = []
    while True:
        m = c["more"].match(text, end)
        if m is None or _year_range(m):
            return out
        out.append((m.groupdict(), m.end()))
        end = m.end()


def _file_groups(m: re.Match) -> dict:
    """Number groups of a file-name match; a version "_1" in a file name is "/1"."""
    g = m.groupdict()
    if g.get("v"):
        g["v"] = re.sub(r"[ _-]", "/", g["v"])
    return g


def _version_key(g: dict) -> tuple:
    v = tuple(int(x) for x in (g.get("v") or "").split("/") if x.isdigit())
    return (g.get("y") or "", g.get("n") or "", v)


def _head(ctx, c) -> str:
    page = ctx.doc.pages[0].text if ctx.doc.pages else ""
    return page[:c["head"]].replace("\xa0", " ")


def _fmt_number(c, groups: dict) -> str | None:
    from .references import _format

    return _format(c["rules"], {k: groups.get(k) for k in ("n", "y", "p", "v", "r")})


def _suffix(s: str | None) -> str | None:
    if not s:
        return None
    s = " ".join(s.replace("ae", "ä").replace("_", " ").replace("-", " ").split())
    m = re.match(r"(\d)\.?\s*(Ergänzung.*)", s)
    return f"{m.group(1)}. {m.group(2)}" if m else s


def doc_type(ctx) -> tuple[str | None, str | None]:
    """(type, series) of the paper from its header; cached on ctx.results."""
    if "_type" in ctx.results:
        return ctx.results["_type"]
    c = _compiled(ctx.profile)
    head = ctx.text[:c["head"]]
    best = None
    for i, (typ, series, rx, detail, default, prio, _) in enumerate(c["types"]):
        m = rx.search(head)
        if m and (best is None or (-prio, m.start()) < (-best[4], best[0])):
            if detail is not None:
                d = detail.search(ctx.text[:8000])
                typ = typ.format(**d.groupdict()) if d else default
            best = (m.start(), i, typ, series, prio)
    out = (best[2], best[3]) if best else (None, None)
    ctx.results["_type"] = out
    ctx.results["_type_rule"] = c["types"][best[1]] if best else None
    return out


def _refine_type(ctx, typ: str | None, number: str | None) -> str | None:
    """A type whose detail the own number encodes (Karlsruhe DHH/2025/4119 → THH 4100)."""
    rule = ctx.results.get("_type_rule")
    if rule is None or rule[6] is None or not number:
        return typ
    m = rule[6][0].search(number)
    return rule[6][1].format(**m.groupdict()) if m else typ


def _own(ctx) -> dict:
    if "_own" in ctx.results:
        return ctx.results["_own"]
    c = _compiled(ctx.profile)
    typ, tseries = doc_type(ctx)
    main = ctx.profile.main_series
    out = {"number": None, "suffix": None, "series": tseries or main, "source": None}
    if out["series"] != "niederschrift":
        stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", ctx.name or "")
        for head in (_head(ctx, c), ctx.text[:c["head"]]):
            best = None  # the earliest own-number pattern in the header wins
            for series, rx, within in c["own"]:
                m = _own_search(rx, head[:within] if within else head)
                if m and (best is None or m.start() < best[0].start()):
                    best = (m, series)
            if best is not None:
                g = best[0].groupdict()
                more = _more_numbers(c, head, best[0].end())
                if more:  # several numbers: the one the file name names, else the latest
                    cands = [g] + [x for x, _ in more]
                    fm = c["filename"].search(stem) if c["filename"] is not None else None
                    named = _fmt_number(c, _file_groups(fm)) if fm else None
                    g = next((x for x in cands if named and _fmt_number(c, x) == named),
                             max(cands, key=_version_key))
                num = _fmt_number(c, g)
                if num:
                    out.update(number=num, suffix=_suffix(g.get("suf")), source="text",
                               series=best[1] or tseries or main)
                    break
        if out["number"] is None and c["filename"] is not None:
            m = c["filename"].search(stem)
            if m:
                num = _fmt_number(c, _file_groups(m))
                if num:
                    out.update(number=num, suffix=_suffix(m.groupdict().get("suf")),
                               source="filename")
    ctx.results["_own"] = out
    return out


def own_number(ctx) -> tuple[str, str, str | None] | None:
    """(reference kind, number, suffix) of the paper itself, for references to skip; else None."""
    o = _own(ctx)
    if o["series"] == "niederschrift":  # a protocol's own number ("Niederschrift Nr. 9131")
        num = _protocol(ctx, _compiled(ctx.profile)).number
        return ("niederschrift", num, None) if num else None
    kind = _SERIES_KIND.get(o["series"])
    if o["number"] is None or kind is None:
        return None
    return kind, o["number"], o["suffix"]


# -- dates ---------------------------------------------------------------------------------------
def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return _date(y, m, d).isoformat()
    except ValueError:
        return None


def _year(y: str) -> int:
    v = int(y)
    return v + (2000 if v < 50 else 1900) if len(y) == 2 else v


def parse_date(text: str, evidence: list[str] | None = None, *,
               before: _date | None = None) -> str | None:
    """ISO date of a header date; ``evidence`` (ISO dates of the consultations) or ``before``
    (the earliest of them) decides month-first dates whose day and month are both ≤ 12."""
    t = " ".join(text.split())
    m = re.fullmatch(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2,4})", t)
    if m:
        return _iso(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = re.fullmatch(r"(\d{1,2})\.\s*([A-Za-zäÄ]+)\s+(\d{4})", t)
    if m:
        mon = _MONTHS.get(m.group(2).lower())
        return _iso(int(m.group(3)), mon, int(m.group(1))) if mon else None
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", t)
    if not m:
        return None
    if before is None and evidence:
        before = earliest(evidence)
    # the reading closest before the first consultation, else month first (the exports)
    d = _slash(int(m.group(1)), int(m.group(2)), int(m.group(3)), "mdy", before)
    return None if d is None else d.isoformat()


def _header_date(ctx, c) -> str | None:
    """The earliest of the dates the ``[paper] date`` rules find first in the header. A date
    a ``session_date`` rule finds is the date of a session the paper was printed for (the
    value of a flattened ``Termin:`` field), not the paper's: the rule that found it gives
    none (a later match of it would be a date of the body). Minutes are dated by their session."""
    head = _head(ctx, c)
    session = set() if _own(ctx)["series"] == "niederschrift" else {
        m.start("date") for rx in c["session_date"] for m in rx.finditer(head)}
    hits = []
    for rx in c["date"]:
        m = rx.search(head)
        if m and m.start("date") not in session:
            hits.append((m.start(), m.group("date")))
    if not hits:
        return None
    return parse_date(min(hits)[1], before=_first_consultation(ctx))


# -- title, department, signatory, attachments, budget --------------------------------------------
# Field labels printed without a colon on a line of their own (Beantwortung, HTML pages,
# Niederschrift headers): a value never continues onto them.
_FIELD = re.compile(r"(?:Anlagen?|Vorgang|Datum|Betreff|Text der Anfragen?\b.*|Beratungsunterlage\b.*"
                    r"|Verteiler|Bericht|Begründung|Beschlussantrag|Antwort zu\b.*|Sitzungs(?:termin|art)"
                    r"|Stadträtinnen\b.*|Vorlage an\b.*|Protokollführung|Berichterstattung|Vorsitz)"
                    r"[ \t]*:?")
_LABEL = re.compile(r"^[\w ./-]{1,30}:")
# a line that cannot end a title: it ends in an article, preposition or conjunction
# ("… Gremiums zur", "Netzwerk- und")
_OPEN_END = re.compile(r"(?:^|\s)(?:und|oder|sowie|bzw\.|der|die|das|des|den|dem|ein|eine|einer|eines"
                       r"|einem|einen|von|vom|zur|zum|zu|mit|für|im|in|an|am|auf|bei|aus|nach|über"
                       r"|unter|gegen|durch|ohne|um|als|wie|ab|bis|seit|vor|zwischen)$")


_ITEM_NO = re.compile(r"(\d)\.[ \t]+\S")


def _lines_value(text: str, start: int, limit: int = 3, stop: re.Pattern | None = None) -> str | None:
    """The value after a label: the rest of its line, else the next non-empty line; then the
    lines it wraps onto, up to a blank line or another label (``Xxx:``, a bare field name)."""
    rest = text[start:start + 600]
    lines = rest.split("\n")
    out = []
    first = lines[0].strip()
    lines = lines[1:]
    if first:
        out.append(first)
        block = _block_to_field(lines, stop) if stop is not None else None
        if block:  # "Betreff: X" then its lines straight up to "Vorgang:" (no blank line)
            return " ".join(" ".join(out + block).split()) or None
    else:
        while lines and not lines[0].strip():
            lines = lines[1:]
        if lines and not _FIELD.fullmatch(lines[0].strip()):
            out.append(lines[0].strip())  # the value under a bare label, colon or not
            lines = lines[1:]
            block = _block_to_field(lines, stop)
            if block is not None:  # the flattened header: the value runs up to the next field
                return " ".join(" ".join(out + block).split()) or None
    for ln in lines:
        s = ln.strip()
        if not out or not s or _LABEL.match(s) or _FIELD.fullmatch(s) or len(out) >= limit:
            break
        if stop is not None and stop.match(s):
            break
        prev = out[-1]
        closed = prev.endswith((".", "?", "!", ":"))
        # a long line wrapped at a content word; a line ending in a full stop is body text
        wrapped = (len(prev) >= 50 and len(s) <= 100 and " " in s and not closed
                   and not s.endswith("."))
        # numbered items of one title: "1. Neufassung der Satzung" / "2. Änderung der …"
        item = _ITEM_NO.match(s)
        numbered = item is not None and _ITEM_NO.match(out[0]) is not None and \
            int(item.group(1)) == len(out) + 1 and all(_ITEM_NO.match(x) for x in out)
        if not (prev.endswith(("-", "–", ",")) or s[:1].islower() or wrapped or numbered
                or (len(s) <= 100 and _OPEN_END.search(prev))):
            break
        out.append(s)
    val = " ".join(out).strip()
    return " ".join(val.split()) or None


def _block_to_field(lines: list[str], stop: re.Pattern | None, most: int = 8) -> list[str] | None:
    """The lines under a bare label's first value line when they run, with no blank line and no
    sentence, into a field label or a ``stop`` line within ``most`` lines (a flattened header
    prints "Betreff:" on its own line and the title's lines up to "Vorgang:"); else None."""
    block = []
    for ln in lines[:most + 1]:
        s = ln.strip()
        if not s or len(s) > 120 or s.endswith((".", "!")):
            return None  # a blank line or a sentence: body text, not the rest of a title
        if _FIELD.fullmatch(s) or (stop is not None and stop.match(s)):
            return block
        block.append(s)
    return None


def _own_line_end(ctx, c) -> int | None:
    """End of the line that prints the paper's own number (clean text), if any."""
    head = ctx.text[:c["head"]]
    best = None
    at = None  # where the last number printed there ends
    for _, rx, within in c["own"]:
        m = _own_search(rx, head[:within] if within else head)
        if m and (best is None or m.start() < best):
            more = _more_numbers(c, head, m.end())
            best, at = m.start(), (more[-1][1] - 1 if more else m.start())
    if best is None:
        return None
    nl = head.find("\n", at)
    return len(head) if nl < 0 else nl + 1


def _title(ctx, c) -> str | None:
    text = ctx.text[:6000]
    if c["title_label"] is not None:
        m = c["title_label"].search(text)
        if m:
            v = _lines_value(text, m.end(), stop=c["title_stop"])
            if v:
                return v
    after = c["title_after"].search(text) if c["title_after"] is not None else None
    before = c["title_before"] if c["title_before"] is not None else None
    if before is not None:
        b = before.search(text, after.end() if after else 0)
        if b:
            # without a line it follows: the block of lines above, blank lines right above
            # it skipped (a title one blank line above the consultation table)
            start = after.end() if after else max(
                0, text.rfind("\n\n", 0, len(text[:b.start()].rstrip())))
            block = text[start:b.start()].strip()
            lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
            if c["title_skip"] is not None:
                lines = _unskipped(lines, c["title_skip"])
            if not after:
                lines = lines[-4:]
            val = " ".join(" ".join(lines).split())
            if 3 <= len(val) <= 400:
                return val
    if after is None:
        v = _title_after_number(ctx, c, text)
        if v or c["title_session"] is None or doc_type(ctx)[1] != "niederschrift":
            return v
        m = c["title_session"].search(_head(ctx, c))  # the page's heading, as printed
        return " ".join(m.group("t").split()) if m else None
    return None


# a title's last word wrapped onto a line of its own ("… auf öffentlichen ⏎ Parkständen",
# "… Sonderprogramms ⏎ XII"), which a header line of one word (a number, "öffentlich") is not
_WRAPPED_WORD = re.compile(r"[^\W\d_][^\s\d:]*")


def _unskipped(lines: list[str], skip: re.Pattern) -> list[str]:
    """The header block's lines without those the profile skips; once the title has begun, a
    word alone on its line is the rest of the title when it starts with a capital letter and
    the profile skips it only for standing alone (not as the start of a longer header line)."""
    out: list[str] = []
    for ln in lines:
        if skip.search(ln) and not (out and _WRAPPED_WORD.fullmatch(ln) and ln[0].isupper()
                                    and not skip.search(ln + " x")):
            continue
        out.append(ln)
    return out


def _title_after_number(ctx, c, text: str) -> str | None:
    """A paper printing no date or type line: the lines under its own number up to a line
    that ends the title (a type line, the consultation table, a body heading, a note)."""
    pos = _own_line_end(ctx, c)
    if pos is None:
        return None
    stops = [rx for rx in (c["title_before"], c["title_stop"], c["fictional"]) if rx is not None]
    lines = []
    for ln in text[pos:pos + 800].split("\n"):
        s = ln.strip()
        if not s:
            if lines:
                break
            continue
        if any(rx.match(s) for rx in stops):
            break
        if len(lines) >= 3 or len(s) > 160 or _LABEL.match(s):
            return None  # body text, not a title
        lines.append(s)
    else:
        return None
    val = " ".join(" ".join(lines).split())
    return val if 3 <= len(val) <= 400 else None


def _department(ctx, c) -> str | None:
    head = ctx.text[:3000]
    for rx in c["department"]:
        m = rx.search(head)
        if m:
            v = " ".join((m.group(1) if m.groups() else m.group(0)).split())
            if v:
                return v
    return None


def _signatory(ctx, c) -> str | None:
    text = ctx.text
    tail = max(0, len(text) - 6000)
    found = None
    for m in c["sign"].finditer(text, tail):
        if not _NOT_A_NAME.match(m.group("name")):
            found = m
    if found is None and c["sign_after"] is not None:
        for m in c["sign_after"].finditer(text, tail):
            found = m
    if found is None and c["last_types"] and doc_type(ctx)[0] in c["last_types"]:
        return _last_name(text[tail:], c["trailer"])
    return " ".join(found.group("name").split()) if found else None


def _last_name(text: str, trailer: re.Pattern | None) -> str | None:
    """The name on the last line of an answer, under its text and above the page's trailer
    lines (``signature.trailer``), when that line holds a name and nothing else."""
    for line in reversed(text.split("\n")):
        s = line.strip()
        if not s or (trailer is not None and trailer.fullmatch(s)):
            continue
        m = _NAME_LINE.fullmatch(s)
        return " ".join(m.group("name").split()) if m else None
    return None


def _attachments(ctx) -> tuple[str, ...]:
    text = ctx.text
    blocks = list(_ANLAGEN.finditer(text))
    start = blocks[-1].end() if blocks else 0
    seen: dict[str, str] = {}
    for m in _ATTACH.finditer(text, start):
        label = " ".join(m.group(1).split())
        desc = " ".join(m.group(2).split())
        if re.match(r"^(?:zu[rm]?|der|des)\b", desc):
            continue  # "Anlage 1 zur GRDRs 200/2023": a citation, not an attachment list
        if _PROSE.match(desc):
            continue  # "… in der Fassung der ⏎ Anlage 20 in geänderter Fassung abstimmen."
        seen.setdefault(label, f"{label}: {desc}")
    return tuple(seen.values())


def _budget(ctx, c, title: str | None) -> str | None:
    head = ctx.text[:1500]
    if c["budget_until"] is not None:  # the title and type line, not the body
        cut = c["budget_until"].search(head)
        head = head[:cut.start()] if cut else head
    head += "\n" + (title or "")
    hits = []
    for rx in c["budget"]:
        for m in rx.finditer(head):
            g = m.groupdict()
            if g.get("budget"):
                hits.append((m.start(), g["budget"]))
            elif g.get("year"):
                b = ctx.profile.budget_for_year(int(g["year"]))
                if b:
                    hits.append((m.start(), b))
    return min(hits)[1] if hits else None


# -- Niederschrift -------------------------------------------------------------------------------
def _flat_pair(head: str, c) -> tuple[str | None, str | None]:
    """Number and TOP when the header prints 'Nr.' and 'TOP:' labels first, then both values."""
    num = top = None
    for lab in c["p_number"]:
        m = lab.search(head)
        if not m:
            continue
        rest = head[m.end():].split("\n")
        same = rest[0].strip(" \t:")
        if same:
            v = c["p_number_value"].match(same)
            num = v.group(0) if v else None
            break
        labels, i = [], 1
        while i < len(rest) and re.fullmatch(r"[ \t]*[A-ZÄÖÜ][\w .-]{0,20}:?[ \t]*", rest[i]) \
                and not c["p_number_value"].fullmatch(rest[i].strip()):
            labels.append(rest[i].strip().rstrip(":"))
            i += 1
        vals = [ln.strip() for ln in rest[i:i + 1 + len(labels)]]
        if vals and c["p_number_value"].fullmatch(vals[0]):
            num = vals[0]
            for lab_name, val in zip(labels, vals[1:]):
                if any(t.fullmatch(lab_name) for t in c["p_top"]) and c["p_top_value"].fullmatch(val):
                    top = val
        break
    return num, top


def _protocol(ctx, c) -> Protocol:
    head = _head(ctx, c)
    num, top = _flat_pair(head, c)
    if top is None:
        for lab in c["p_top"]:
            if "v" in lab.groupindex:
                m = lab.search(head)
                if m:
                    top = m.group("v")
                    break
                continue
            m = re.search(rf"(?m)(?:^|[ \t])(?:{lab.pattern})[ \t]*:?[ \t]*(?P<v>\S+)[ \t]*$", head)
            if m and c["p_top_value"].fullmatch(m.group("v")):
                top = m.group("v")
                break
    drs: list[str] = []
    for lab in c["p_drs"]:
        for m in lab.finditer(head):
            line_end = head.find("\n", m.end())
            line = head[m.end(): len(head) if line_end < 0 else line_end]
            for n in c["number"].finditer(line):
                v = _fmt_number(c, n.groupdict())
                if v and v not in drs:
                    drs.append(v)
    return Protocol(num, top, tuple(drs))


def extract(ctx) -> PaperMeta:
    c = _compiled(ctx.profile)
    typ, _ = doc_type(ctx)
    own = _own(ctx)
    title = _title(ctx, c)
    fictional = bool(c["fictional"] and c["fictional"].search(ctx.doc.text))
    protocol = _protocol(ctx, c) if own["series"] == "niederschrift" else None
    typ = _refine_type(ctx, typ, own["number"])
    return PaperMeta(
        number=own["number"], suffix=own["suffix"], series=own["series"], type=typ,
        date=_header_date(ctx, c), title=title, department=_department(ctx, c),
        signatory=_signatory(ctx, c), attachments=_attachments(ctx),
        budget=_budget(ctx, c, title), protocol=protocol, fictional=fictional,
        number_source=own["source"])
