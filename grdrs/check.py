"""``grdrs check DRAFT``: a draft's money amounts against what earlier papers said, its own
arithmetic, and dates it reports as past that lie after its own date.

For every amount of the draft (read and extracted like ``grdrs extract``; the draft need not
be in the database):

* **earlier statements** are the stored amounts found by FTS5 over ``amount_fts``
  (:mod:`grdrs.check_query` builds the queries): those with
  the same value (all of them when the value is rare, else those sharing some of its words),
  the cells of a table row between the same neighbouring figures, and those sharing its head
  noun and rarest words (every inflected form: ``erneuter``/``erneuten``) — in papers dated on
  or before the draft's date, never after it (undated papers too); the draft itself (same
  file, same bytes) and its lineage (same number and follow-up versions ``2023/0425/1``;
  Ergänzungen, Neufassungen, an Antrag and its Stellungnahme) are left out;
* what an amount is about (:class:`grdrs.check_draft.Facet`): the stems of its sentence and of
  the words next to it, its head noun, its per-period marker and period, the years named in
  its clause, the papers cited in its sentence or the one before, and its place among the
  figures of its sentence (its neighbouring figures in a table row);
* **consistent**: an earlier statement about the same thing agrees (same value, a point inside
  an estimate range, a rounded figure that agrees);
* **changed**: (a) the same sentence or table cell in an earlier paper the draft restates there
  (cited, or stating half the figures printed around the amount), in a table row between the
  same neighbouring figures or in the cell the figures both tables share map it to (columns
  shifted by a year: :func:`grdrs.check_table.mapped_cell`), in the same row under the same
  year of a yearly table's header (:func:`grdrs.check_table.year_column`; another year's
  column is another quantity), in a specific sentence (two rare words), or said with one
  figure by earlier papers over half a year — the latest of them counts; or at the same
  place in a passage of an earlier paper stating several of the
  draft's rarer figures (between the same two figures, after the same words, in a sentence
  about the same); or (b) other words around the same head noun, with the same per marker
  and period, anchored by a citation, a restatement, the same year or period, or three words
  of the matter (``TOPIC_WORD``; a figure within a factor of two). Another year, period or
  duration is another quantity, not a change (the same sentence naming other years anywhere
  in it too), and so is an addition (``weitere``, ``zusätzlich``); an earlier figure equal
  to, or agreeing with, another figure of the draft's sentence is that one's counterpart; a
  sentence that has said several figures before is a recurring quantity, unless one version
  of it stands in the passage the draft restates or shares most of its other figures;
* **ambiguous**: the strong earlier statements disagree among themselves (the report shows the
  best three); **new**: nothing earlier about it — unless, with ``thorough``
  (``--thorough``), the fitted scorer (:mod:`grdrs.check_model`) finds an earlier statement,
  found by its context and not ruled out above, that statements like it restate: then
  changed (``why.model``, its probability).

Each finding carries ``why``: the shared words, head noun, same sentence or table cell, years,
period, per marker, the papers both cite, and the score.

Arithmetic (:mod:`grdrs.check_arith`): a stated total (``demnach``, ``insgesamt``, ``ergibt
sich``, ``belief sich``, ``Summe``) against the base and the transfer stated before it,
per-year × years, a list and its ``Summe`` line, and ``davon`` parts that exceed their whole.
Dates: an event introduced with ``am`` or as a list item ``07.11.2023:`` in a clause told in
the past tense, or under a phase heading (``07/2022 – 12/2022``) that ended before the paper,
dated after the paper. The draft, its amounts and their facets: :mod:`grdrs.check_draft`.

Precision first: a changed, arithmetic or date finding needs strong evidence; anything less
is consistent, new or no finding at all. Exit status of the command: 0 nothing conflicts,
1 a changed, arithmetic or date finding, 2 usage or error.
"""

from __future__ import annotations

import copy
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import check_model, store
from .check_arith import arithmetic, date_slips, settle
from .check_draft import (CONFLICTS, VERDICTS, CheckError, Draft, DraftAmount, Facet,
                          _aligned, _cos, _digits, _finding, _fold, _overlap, _twin, agree,
                          days_between, facet, field_key, lineage_base, other_labels,
                          other_numbers, agrees_with as _agrees, own_periods, prior_year,
                          read_draft)
from .check_form import project, project_fields, same_project
from .check_passage import (RARE_VALUE, Overlap, exact, long_sentence, near, own_figures,
                            passage_slots, same_instance, template_sentence, unseen)
from .check_query import (_INFLECTIONS, CitedAmounts, _asked, _cell_query, _queries, _rare_value,
                          _terms, _value_tokens)
from .check_report import report_text
from .check_table import mapped_cell, settle_by_year
from .queries import label

__all__ = ["CONFLICTS", "VERDICTS", "CheckError", "agree", "check", "read_draft", "report_text"]


# Thresholds (scores in 0..1). A candidate counts as an earlier statement about the same thing
# for "consistent" at SAME_VALUE_MIN (the equal value is evidence itself), and for "changed" /
# "ambiguous" only at STRONG_MIN with the same head noun, per marker and an overlapping period.
SAME_VALUE_MIN = 0.34
STRONG_MIN = 0.62

# --------------------------------------------------------------------------------------------
# earlier statements

@dataclass
class Earlier:
    row: sqlite3.Row
    data: dict
    facet: Facet
    score: float = 0.0
    strong: bool = False
    twin: bool = False
    text_twin: bool = False  # the same sentence, its figure in the same place
    aligned: bool | None = None
    restated: bool = False
    here: bool = False  # the passage around the amount restates this paper
    slot: bool = False  # between the same two figures in a paper the draft restates
    column: bool = False  # the same cell of a table, columns matched by the shared figures
    year: bool = False  # … by the year its column stands for (check_table.year_column)
    form: bool = False  # the same form field in a paper on the same project (its title's name)
    near_cites: set = field(default_factory=set)  # papers cited around the amount
    shared_cites: set = field(default_factory=set)
    via: str = ""  # how it was found: value, cell, words, slot
    overlap_n: int = 0  # the draft's other figures its file states
    nearby_n: int = 0  # … of those printed around the amount
    topic: bool = False  # three words of the draft amount's matter in its sentence
    cited: bool = False  # the draft cites its paper
    key: tuple = ()  # the statement (_statement): one per paper, figure and sentence
    foreign: bool = False  # another council's paper, the draft's council not known


    def json(self) -> dict[str, Any]:
        r = self.row
        return {"paper": _paper_label(r), "date": r["date"], "page": r["page"],
                "quote": self.data.get("subject") or " ".join((r["text"] or "").split()),
                "value": r["value"], "value_to": r["value_to"],
                "text": " ".join((r["text"] or "").split()), "file": r["path"],
                "fictional": bool(r["fictional"])}


def _statement(r, data: dict) -> tuple:
    """An earlier statement as one: its paper, figure and sentence (not which file says it)."""
    return r["paper_id"], r["value"], r["value_to"], " ".join((data.get("subject") or "").split())


def _paper_label(r) -> str:
    """As :func:`grdrs.queries.label`, but a Niederschrift by its name (its session)."""
    if r["number"] is not None and r["series"] == "niederschrift":
        return f"Niederschrift {r['name']}"
    return label(r)


_ANSWERS = {"stellungnahme": "antrag", "beantwortung": "anfrage", "antrag": "stellungnahme",
            "anfrage": "beantwortung"}


def _excluded(conn: sqlite3.Connection, draft: Draft) -> set[int]:
    """Paper ids of the draft itself and its lineage (numbers, suffixes, follow-up versions)."""
    out: set[int] = set()
    if draft.number:
        series = {draft.series}
        if draft.series in _ANSWERS:
            series.add(_ANSWERS[draft.series])
        # a follow-up version (2023/0425/1) belongs to the lineage of its first (2023/0425)
        base = lineage_base(draft.number)
        out.update(store.check_lineage(conn, draft.council, series, base))
    return out


RARE_WORD = 8  # a word in at most this many amounts' sentences is specific to a matter
# a matter's word: in one of TOPIC_PER stored amounts' sentences at most (up to TOPIC_WORD)
TOPIC_WORD, TOPIC_PER, TOPIC_SHARED = 60, 1800, 3
CONSENSUS = 2  # earlier papers saying the same sentence with one figure establish it …
CONSENSUS_DAYS = 180  # … when they span this many days (not one paper and its revision)
# a passage restates an earlier paper when that paper states this share of the figures printed
# around the amount (a yearly report repeating last year's column shares less)
RESTATED_SHARE = 0.5
# a file whose sentences the draft says again at this share of its amounts' places, more of
# them with the same figure than with another, is the paper the draft revises
REVISED_SHARE = 0.5


def _score(d: DraftAmount, e: Earlier, draft: Draft, cited: dict[int, set[str]]) -> float:
    from rapidfuzz import fuzz

    f1, f2 = d.facet, e.facet
    s = 0.45 * _cos(f1.sentence, f2.sentence) + 0.35 * _cos(f1.local, f2.local)
    if f1.local_text and f2.local_text:
        s += 0.20 * fuzz.token_set_ratio(f1.local_text, f2.local_text) / 100
    r = e.row
    e.shared_cites = d.cites & (e.near_cites | ({r["number"]} if r["number"] else set()))
    if e.shared_cites:
        s += 0.25  # the sentence cites the earlier paper, or both cite the same paper
    e.cited = bool(r["number"]) and f"{r['series']}|{r['number']}" in draft.cites
    if e.cited:
        s += 0.08  # the draft cites the earlier paper
    elif draft.cites & cited.get(r["paper_id"], set()):
        s += 0.04  # both cite the same paper
    if draft.department and r["department"] and draft.department == r["department"]:
        s += 0.03
    return min(s, 1.0)


def _compatible(d: DraftAmount, e: Earlier) -> bool:
    """Same head noun, per marker, currency and an overlapping period (when both state one)."""
    data = e.data
    if d.facet.head is None or d.facet.head != e.facet.head:
        return False
    if (d.per or None) != (data.get("per") or None):
        return False
    if d.currency != data.get("currency", "EUR"):
        return False
    ov = _overlap(d.period_from, d.period_to, data.get("period_from"), data.get("period_to"))
    return ov is not False


def compare(conn: sqlite3.Connection, draft: Draft, fts: bool = True,
            all_rows: list | None = None, exclude: set[int] = frozenset(),
            thorough: bool = False) -> list[dict[str, Any]]:
    """One finding per draft amount: consistent, changed, ambiguous or new.

    Per amount, first the earlier statements with the same value and some of its words (a
    match makes it consistent); only when none agrees, those with its head noun and its rarest
    words (for changed, ambiguous or new)."""
    excluded = _excluded(conn, draft) | set(exclude)
    me = str(Path(draft.source).resolve())
    facets: dict[int, Earlier] = {}

    def earlier(rows, via: str = "value") -> list[Earlier]:
        out: dict[tuple, Earlier] = {}
        for r in rows:
            if r["paper_id"] in excluded or r["sha256"] == draft.sha256 or r["path"] == me:
                continue
            if draft.number is None and r["number"] is None and r["name"] == draft.name:
                continue
            e = facets.get(r["id"])
            if e is None:
                data = store.amount_data(r)
                key = _statement(r, data)
                if key in out:  # the same statement again (another file of the paper): its
                    continue   # facet is read when a query finds it first
                e = facets[r["id"]] = Earlier(r, data, facet(data.get("subject"), r["text"]),
                                              key=key)
            e.via = via
            out.setdefault(e.key, e)
        return list(out.values())

    found: dict[tuple, list] = {}  # a query asked again (amounts of one table row): its rows

    def candidates(query: str, limit: int) -> list:
        if (query, limit) not in found:
            found[query, limit] = store.check_candidates(conn, query, draft.date, limit,
                                                         draft.councils)
        return found[query, limit]

    terms = [_terms(d) for d in draft.amounts]  # (head forms, other words) of each amount
    df: tuple[dict[str, int], dict[str, int]] = ({}, {})
    topic_df = min(TOPIC_WORD, store.check_amount_count(conn) // TOPIC_PER) if fts else 0
    if fts:
        heads, words = set(), set()
        for d, (head, other) in zip(draft.amounts, terms):
            heads.update(head + _value_tokens(d))  # whole tokens: head forms and values
            words.update(other)
        tokens = store.check_doc_freq(conn, heads | {w + e for w in words for e in _INFLECTIONS})
        df = (tokens, {w: sum(tokens.get(w + e, 0) for e in _INFLECTIONS) for w in words})
    cited: dict[int, set[str]] = {}
    by_cite = CitedAmounts(conn, draft, df)  # the cited papers' amounts, by an amount's words
    overlap = Overlap(conn, {d.value for d in draft.amounts if abs(Decimal(d.value)) >= 1000})
    first: dict[tuple, int] = {}  # a statement's key → its first place in ``judged``
    # per draft amount: (d, its candidates as scored for it, its rare words, how many figures
    # around it, the place in ``judged`` of the same statement said before or None)
    judged: list[tuple] = []
    amounts = draft.amounts
    slots, listed = passage_slots(conn, draft, df[0]) if fts else ({}, set())
    fields = project_fields(conn, draft, excluded | {me}) if fts else {}
    draft.fields = frozenset(fields)
    for k, d in enumerate(amounts):
        # the figures the draft prints around this one: a restated passage keeps them
        nearby = {a.value for a in amounts[max(0, k - 8):k + 9]
                  if abs(Decimal(a.value)) >= 1000} - {d.value}
        rare = {w for w in terms[k][1] if 0 < df[1].get(w, 0) <= RARE_WORD}
        topical = {w for w in terms[k][1] if 0 < df[1].get(w, 0) <= topic_df}
        key = (d.value, d.value_to, d.per, d.period_from, d.period_to, d.subject, d.text)
        if key in first:  # the same statement again (a table and its text): same verdict
            judged.append((d, [], set(), 0, first[key]))
            continue
        first[key] = len(judged)
        if fts:
            same_q, similar_q = _queries(conn, d, df, terms[k])
            # the same figure: all its statements when it is rare (a bare table cell, a
            # restated paper), else those sharing some of its words
            es = earlier(candidates(same_q, RARE_VALUE if _rare_value(d, df[0]) else 60)) \
                if same_q else []
        else:
            es = earlier(all_rows or [])
        _score_all(conn, d, es, draft, cited, overlap, nearby, rare, topical)
        if fts and d.facet.count >= 3 and not any(_same(d, e) or e.twin for e in es):
            cells = _cell_query(d)  # a table row: the cells between the same neighbours
            if cells:
                more = unseen(earlier(candidates(cells, 60), "cell"), es)
                _score_all(conn, d, more, draft, cited, overlap, nearby, rare, topical)
                es += more
        agreeing = [e for e in es if _same(d, e)]
        # the words' search when the figure agrees only by chance (see _rules) — or with a cited
        # paper's figure: that stays, but the earlier editions it finds tell others (_editions)
        if fts and all(_weak(e) or e.cited for e in agreeing):
            rows = [r for q, n in _asked(similar_q, d, df, terms[k]) for r in candidates(q, n)]
            more = unseen(earlier(rows + by_cite(d, terms[k], nearby, rows or es), "words"), es)
            _score_all(conn, d, more, draft, cited, overlap, nearby, rare, topical)
            if agreeing:  # the figure agrees only by chance (see _rules): the same sentence
                long = long_sentence(d)  # (judged below, with the earlier editions)
                more = [e for e in more if _told(d, e, long)]
            es += more
        if field_key(d.facet.field) in fields:  # the same form field, the same project
            more = unseen(earlier(fields[field_key(d.facet.field)], "form"), es)
            _score_all(conn, d, more, draft, cited, overlap, nearby, rare, topical)
            es += more
        if k in slots:  # the same place in a passage an earlier paper states
            at = earlier(slots[k], "slot")
            more = unseen(at, es)
            _score_all(conn, d, more, draft, cited, overlap, nearby, rare, topical)
            es += more
            for e in at:
                _mark_slot(d, e, draft, (k, e.row["id"]) in listed)
        # a candidate is scored again for another amount: keep its flags as they are for this one
        judged.append((d, [copy.copy(e) for e in es], rare, len(nearby), None))
    editions = _editions(judged, draft.series)
    findings: list[dict[str, Any]] = []
    for d, es, rare, nearby, same_as in judged:
        if same_as is not None:  # the same statement again: the first one's verdict
            f = dict(findings[same_as])
            f.update(page=d.page, start=d.start, end=d.end)
        else:
            long = long_sentence(d)
            template = template_sentence(d, es)
            for e in es:
                templated = template and not same_instance(d, e)
                if (e.text_twin and not e.twin and long and e.row["file_id"] not in editions
                        and not templated):
                    e.twin = e.strong = True  # the same long sentence, not a template
                elif (e.strong and not (e.slot or e.form or e.year or e.here and not (
                        templated and own_figures(d, e))) and not _agrees(d, e)
                        and (e.row["file_id"] in editions or (templated and not e.column))):
                    # an earlier edition's figures are superseded as a whole, a template's
                    # figure differs from paper to paper: a change only where the draft
                    # restates that paper around the figure (not, a template, with none of its
                    # other figures: another lot's) or, a template, in its table cell
                    e.twin = e.strong = False
            f = _classify(d, es, draft if thorough else None, rare, nearby)
        findings.append(f)
    return findings


def _editions(judged: list[tuple], draft_series: str | None = None) -> set[int]:
    """Earlier files that say another figure in the same sentence or table cell at two or
    more places of the draft: an earlier edition of a recurring report (a yearly business
    plan, a fee settlement) or another instance of a template (another tender's bid table),
    whose figures the draft is expected to differ from. A paper the draft restates differs
    from it at most where the draft changes a figure: a file whose prose sentences the draft
    says again at half of its amounts' places or more, more of them with the same figure than
    with another, is the paper the draft revises, not an earlier edition (a draft changing three
    of its seven figures). Minutes are no edition of anything but minutes: a draft saying
    their sentences with other figures changes what was said in the session."""
    places: dict[int, set[int]] = {}
    same: dict[int, set[int]] = {}
    for d, es, *_ in judged:
        for e in es:
            if e.row["series"] == "niederschrift" and draft_series != "niederschrift":
                continue
            if e.text_twin or e.aligned is True or e.column:
                if not _agrees(d, e):
                    places.setdefault(e.row["file_id"], set()).add(d.start)
                elif e.text_twin and e.aligned is None and not e.column:
                    # the same prose sentence with the same figure (a table's cells repeat
                    # last year's columns in each yearly edition)
                    same.setdefault(e.row["file_id"], set()).add(d.start)
    n = len({d.start for d, *_ in judged})

    def revised(fid: int) -> bool:  # the draft says that file's sentences as a whole
        agree, differ = len(same.get(fid, ())), len(places[fid])
        return agree > differ and agree + differ >= REVISED_SHARE * n

    return {fid for fid, at in places.items() if len(at) >= 2 and not revised(fid)}


def _mark_slot(d: DraftAmount, e: Earlier, draft: Draft, listed: bool = False) -> None:
    """An earlier amount at the draft amount's place in a restated passage: the same
    quantity when the same words stand right before it and its sentence is about the same
    (a shifted table puts another row's first column there; bare figures in a list or table
    are not enough, the same record's cell of a list is: check_list), unless it names another
    year or period (or is another edition's figure for its own year) or another per marker."""
    f1, f2 = d.facet, e.facet
    if not (listed or f1.label and f1.label == f2.label and e.score >= SAME_VALUE_MIN):
        return
    e.restated = e.here = e.slot = True
    if ((f1.years and f2.years and f1.years != f2.years) or _other_period(d, e)
            or own_periods(d, e, draft) or not _same_kind(d, e) or other_numbers(f1, f2)):
        return
    e.twin = e.text_twin = e.strong = True


def _score_all(conn, d: DraftAmount, es: list[Earlier], draft: Draft,
               cited: dict[int, set[str]], overlap: Overlap,
               nearby: set[str] = frozenset(), rare: set[str] = frozenset(),
               topical: set[str] = frozenset()) -> None:
    files = {e.row["file_id"] for e in es}
    overlap.load(files)
    if files and d.cites:
        refs = store.check_file_refs(conn, files)
        for e in es:
            r = e.row
            pos = (e.data.get("subject") or "").find(" ".join((r["text"] or "").split()))
            lo = (e.data.get("start") or 0) - max(pos, 0) - 300
            hi = (e.data.get("end") or 0) + 300
            e.near_cites = {n for st, n in refs.get(r["file_id"], ()) if lo <= st <= hi}
    missing = {e.row["paper_id"] for e in es} - set(cited)
    if missing:
        got = store.check_cited(conn, missing)
        for pid in missing:
            cited[pid] = got.get(pid, set())
    for e in es:
        e.score = _score(d, e, draft, cited)
        folded = _fold(e.data.get("subject") or "")
        e.topic = sum(1 for w in topical if w in folded) >= TOPIC_SHARED
        f1, f2 = d.facet, e.facet
        e.aligned = _aligned(f1, f2)
        # a paper the draft restates: cited around the amount, or stating two of its figures
        theirs = overlap.get(e.row["file_id"], set())  # the draft's figures its file states
        e.foreign = draft.council == "generic" != e.row["council"]
        if e.foreign:  # (a draft of no known council: another city's round figures by chance)
            theirs = set(filter(exact, theirs))
        e.overlap_n = len(theirs - {d.value})
        # (two round figures in common happen by chance: one of them exact, or three)
        e.restated = bool(e.shared_cites) or e.overlap_n >= 3 or (e.overlap_n == 2 and any(
            exact(v) for v in theirs - {d.value}))
        both = theirs & nearby
        shared = len(both)
        # two round figures (20.000 €, 4,5 Mio. €) in common happen by chance
        here = bool(e.shared_cites) or (shared >= 2 and shared >= RESTATED_SHARE * len(nearby)
                                        and sum(map(exact, both)) >= 2)
        e.here = here
        e.nearby_n = shared
        e.twin = e.text_twin = e.column = e.form = e.year = False
        if e.aligned is None and ((f2.count >= 2 and _digits(e.row["text"] or "") in f1.others)
                                  or any(_agrees(a, e) for a in d.siblings)):
            # prose: the earlier counterpart of another figure of this sentence ("von
            # ursprünglich 32,5 Mio. auf ca. 34,9 Mio." against the earlier "34,8 Mio.")
            e.strong = False
            continue
        if f1.count == f2.count == 2 and _digits(d.text or "") in f2.others:
            # the earlier pair has the draft's figure at its other place: moved on one step
            e.strong = False
            continue
        if settle_by_year(conn, d, draft.text, e, _same_kind(d, e)):
            continue  # a yearly table's cell: its year's column is the same quantity
        if ((f1.years and f2.years and f1.years != f2.years) or _other_period(d, e)
                or (f1.spans and f2.spans and f1.spans != f2.spans)
                or own_periods(d, e, draft)):
            e.strong = False  # another year or period is another quantity, not a change
            continue
        if f1.more != f2.more:
            e.strong = False  # an addition ("weitere 3 Mio.") is not the amount it adds to
            continue
        key = field_key(f1.field)
        e.form = (key in draft.fields and key == field_key(f2.field)
                  and same_project(draft.title, e.row["title"]))
        if e.form and _same_kind(d, e):
            # the same form field ("Gesamtkosten:") in a paper on the same project: the same
            # quantity (another year's edition is ruled out above)
            e.twin = e.text_twin = e.strong = True
            continue
        # a table: the cell its columns map to, matched by the figures both tables share
        # (not for a range: two cells of a row misread as one)
        mapped = (mapped_cell(f1, f2) if max(f1.count, f2.count) >= 3 and d.value_to is None
                  and e.row["value_to"] is None else None)
        # (not onto another figure where the earlier row prints the draft's elsewhere: "68,40 €
        # 17,10 € 75,60 € 18,90 €" mapped by its 75,60 € onto "… 75,60 € 226,80 € 18,90 €")
        e.column = (bool(mapped) and _same_kind(d, e) and not other_labels(f1, f2)
                    and (_agrees(d, e) or _digits(d.text or "") not in f2.others))
        if e.column:
            e.twin = e.text_twin = e.strong = True
            continue
        if mapped is False and e.aligned is not True:
            e.strong = False  # the shared figures put the draft's cell elsewhere
            continue
        if other_numbers(f1, f2):
            e.strong = False  # another count, lot or date: another instance (see below)
            continue
        if e.aligned is False or not _same_kind(d, e):
            e.strong = False  # another cell of a table, another per or period
            continue
        # the same sentence with another figure is a change where the earlier paper is
        # restated here (cited, or stating two of the figures printed around this one), or
        # in a table where the figures on both sides are the same (a template sentence of
        # another year or contract, a yearly report with new figures, a shifted row is not)
        # or the same specific sentence: two words that few amounts' sentences use
        specific = sum(1 for w in rare if w in folded) >= 2
        if e.aligned is True or e.score >= STRONG_MIN:
            e.text_twin = _twin(f1, f2, e.aligned)
            if e.text_twin and f1.all_years and f2.all_years and f1.all_years != f2.all_years:
                e.text_twin = e.strong = False  # the same sentence about other years
                continue
            # … or the sentence's other figures are all the same: only this one changed
            same_others = bool(f1.others) and f1.others == f2.others
            e.twin = e.text_twin and (e.aligned is True or here or specific or same_others)
        # other words around the same noun: a change only with an anchor — the paper is
        # cited or restated here, both name the same year or period, three words of the
        # matter with a figure near it (a rate and its total share them), or the sentence's
        # other figures the same, in the same places (not a template of another tender)
        on_topic = e.topic and near(d.value, e.row["value"])
        anchored = (here or on_topic or bool(f1.years & f2.years) or _same_period(d, e)
                    or (bool(f1.others) and f1.others == f2.others and f1.index == f2.index))
        e.strong = e.twin or (anchored and e.score >= STRONG_MIN and _compatible(d, e))


def _other_period(d: DraftAmount, e: Earlier) -> bool:
    """Both state a period, and not the same one (2019–2022 is not 2019–2021), or the earlier
    figure is its year's "Vorjahr" one and the draft's is not."""
    mine, theirs = (d.period_from, d.period_to), (e.data.get("period_from"),
                                                  e.data.get("period_to"))
    return (any(mine) and any(theirs) and mine != theirs) or prior_year(d.facet, e.facet)


def _same_period(d: DraftAmount, e: Earlier) -> bool:
    """Both state a period, and it overlaps."""
    return bool(_overlap(d.period_from, d.period_to, e.data.get("period_from"),
                         e.data.get("period_to")))


def _same_kind(d: DraftAmount, e: Earlier) -> bool:
    """Same per marker, currency and an overlapping period (when both state one)."""
    data = e.data
    return ((d.per or None) == (data.get("per") or None)
            and d.currency == data.get("currency", "EUR")
            and _overlap(d.period_from, d.period_to, data.get("period_from"),
                         data.get("period_to")) is not False)


def _same(d: DraftAmount, e: Earlier) -> bool:
    """An earlier statement that agrees: same value, about the same thing (a figure agreeing
    only within its rounding, ``ca. 965.000 €`` and ``ca. 1,0 Mio. €``, or of another city, by
    more shared words)."""
    rounded = (abs(Decimal(d.value)) != abs(Decimal(e.row["value"]))
               or (d.value_to or None) != (e.row["value_to"] or None))
    return (_agrees(d, e) and (e.score >= (STRONG_MIN if rounded or e.foreign else SAME_VALUE_MIN)
                               or e.aligned is True or e.restated
                               or e.twin or e.topic or e.cited and exact(d.value))
            and (d.per or None) == (e.data.get("per") or None)
            and _overlap(d.period_from, d.period_to, e.data.get("period_from"),
                         e.data.get("period_to")) is not False)


def _weak(e: Earlier) -> bool:
    """A statement of the same figure taken only because its paper states two more of the
    draft's figures: few shared words, not the same sentence, cell or matter, not cited."""
    return not (e.score >= SAME_VALUE_MIN or e.aligned is True or e.twin or e.topic
                or e.shared_cites or e.cited)


def _told(d: DraftAmount, e: Earlier, long: bool = False) -> bool:
    """The same sentence with another figure, taken as a change (``long``: or a long sentence
    said word for word, still to be judged against the earlier editions) — not a table row
    printing dashes for its empty cells (its columns cannot be told apart)."""
    return (e.twin and e.strong or long and e.text_twin) and not (d.facet.dashes or e.facet.dashes)


def _preference(e: Earlier) -> tuple:
    """Best first: higher score, then a dated paper, the most recent first."""
    date = e.row["date"]
    return (-round(e.score, 2), date is None, "" if date is None else
            "".join(chr(0x10FFFF - ord(c)) for c in date))


def _recent(e: Earlier) -> tuple:
    date = e.row["date"]
    return (date is None, "" if date is None else
            "".join(chr(0x10FFFF - ord(c)) for c in date), -e.score)


def _why(d: DraftAmount, e: Earlier) -> dict[str, Any]:
    """Why an earlier statement was taken as about the same quantity."""
    f1, f2 = d.facet, e.facet
    shared = sorted(f1.local & f2.local) or sorted(f1.sentence & f2.sentence)[:8]
    out: dict[str, Any] = {"shared_words": shared, "score": round(e.score, 2)}
    if f1.head and f1.head == f2.head:
        out["head"] = f1.head
    if e.slot:
        out["same_place"] = True
    elif e.form:
        out["same_field"] = f1.field
        out["project"] = project(e.row["title"])
    elif e.column:
        out["same_column"] = True
    elif e.twin:
        out["same_sentence"] = True
    if f1.count >= 3 and _aligned(f1, f2):
        out["same_table_cell"] = True
    if d.period_from or d.period_to:
        out["period"] = [d.period_from, d.period_to]
    if d.per:
        out["per"] = d.per
    years = sorted(f1.years & f2.years)
    if years:
        out["years"] = years
    if e.shared_cites:
        out["cited"] = sorted(e.shared_cites)
    return out


def _vkey(e: Earlier) -> tuple:
    """An earlier figure as one value: a figure and its negative are one (see ``_agrees``)."""
    return abs(Decimal(e.row["value"])), e.row["value_to"]


def _classify(d: DraftAmount, es: list[Earlier], draft: Draft | None = None,
              rare: set[str] = frozenset(), nearby: int = 0) -> dict[str, Any]:
    """The rules' verdict, then the fitted scorer's (:mod:`grdrs.check_model`): of a figure the
    rules call new, an earlier statement found by its context, not ruled out by the rules,
    that statements like it restate (probability at the threshold) is what the draft
    changes."""
    out = _rules(d, es)
    if draft is None or out["verdict"] != "new" or (not Decimal(d.value) and not d.value_to):
        return out
    p, best = check_model.judge(d, [e for e in es if e.via != "value"], draft, rare, nearby,
                                _agrees)
    if best is not None and p >= check_model.model()["threshold"]:
        out = _finding(d)
        out.update(verdict="changed", earlier_value=best.row["value"], earlier=best.json(),
                   score=round(best.score, 2), why={**_why(d, best), "model": round(p, 2)})
    return out


def _rules(d: DraftAmount, es: list[Earlier]) -> dict[str, Any]:
    same = [e for e in es if _same(d, e)]
    strong = sorted((e for e in es if e.strong), key=_preference)
    out = _finding(d)
    told = {e.row["file_id"] for e in es if _told(d, e)}
    if told and all(_weak(e) and e.row["file_id"] not in told for e in same):
        # an earlier paper said this sentence with another figure, and the figure agrees only
        # with a statement of other words, in a paper stating two more of the draft's figures
        # by chance: the sentence decides
        same = []
    if same:
        best = min(same, key=lambda e: (not e.strong, *_preference(e)))
        out.update(verdict="consistent", earlier_value=best.row["value"], earlier=best.json(),
                   score=round(best.score, 2), why=_why(d, best))
        return out
    if not Decimal(d.value) and not d.value_to:
        strong = []  # "0,00 €" is an empty cell or nothing spent, not a changed figure
    if not strong:
        # the same sentence in several earlier papers over half a year or more, always with
        # one figure: an established figure, which the draft changes
        told = [e for e in es if e.text_twin and e.row["date"]]
        dates = sorted({e.row["date"] for e in told})
        if (len({e.row["paper_id"] for e in told}) >= CONSENSUS
                and len({_vkey(e) for e in told}) == 1
                and (days_between(dates[0], dates[-1]) or 0) >= CONSENSUS_DAYS):
            strong = [max(told, key=lambda e: (e.row["date"] or "", e.score))]
            strong[0].twin = True
        else:
            out.update(verdict="new")
            return out
    twins = sorted((e for e in strong if e.twin), key=_recent)
    if len({_vkey(e) for e in twins}) > 1:
        # the same sentence has said several figures: the one in the passage the draft
        # restates here, sharing most of the sentence's other figures, is its earlier version
        def closeness(e: Earlier) -> tuple:
            return e.slot or e.column, e.here, len(set(d.facet.others) & set(e.facet.others))

        top = max(closeness(e) for e in twins)
        near = [e for e in twins if closeness(e) == top]
        if top != (False, False, 0) and len({_vkey(e) for e in near}) == 1:
            twins = near
    if twins and len({_vkey(e) for e in twins}) > 1:
        strong = twins  # the same sentence has said several figures: a recurring quantity
    elif twins:  # the same sentence or table cell, one figure before: the draft changes it
        best = twins[0]
        out.update(verdict="changed", earlier_value=best.row["value"], earlier=best.json(),
                   score=round(best.score, 2), why=_why(d, best))
        return out
    values = {}
    for e in strong:
        values.setdefault(_vkey(e), []).append(e)
    if len(values) == 1:
        best = strong[0]
        out.update(verdict="changed", earlier_value=best.row["value"], earlier=best.json(),
                   score=round(best.score, 2), why=_why(d, best))
        return out
    ranked = [v[0] for v in sorted(values.values(), key=lambda v: _preference(v[0]))]
    out.update(verdict="ambiguous",
               candidates=[{**e.json(), "why": _why(d, e)} for e in ranked],
               score=round(strong[0].score, 2))
    return out


# --------------------------------------------------------------------------------------------
# the whole check

def scope(conn: sqlite3.Connection, draft: Draft) -> list[str]:
    """Which councils' papers the draft is compared with (``draft.councils``): its own council's
    and those of no known council (read with the generic profile) — another council's figures
    are about another city. A draft of no known council: the papers of no known council where
    the database holds some, else every council's. The warnings a reader needs about it."""
    held = store.check_councils(conn)
    others = [c for c in held if c not in (draft.council, "generic")]
    if draft.council == "generic":
        if others and "generic" in held:  # papers of a council without a profile, like the
            draft.councils = ("generic",)  # draft's, and of known councils: other cities
            return [f"the draft's council is not known (no profile matched): compared with "
                    f"the papers of no known council only, not with those of "
                    f"{', '.join(others)} (give --profile to compare with one of them)"]
        return [f"the draft's council is not known (no profile matched; give --profile): "
                f"compared with the papers of every council ({', '.join(others)})"] if others \
            else []
    if others:  # (a database of the draft's council alone needs no filter)
        draft.councils = (draft.council, "generic")
    if draft.council not in held and others:
        return [f"the database holds no paper of the council {draft.council} (it holds "
                f"{', '.join(others)}): another council's figures are not compared"]
    return []


def check(conn: sqlite3.Connection, path: str, profile: str | None = None,
          date: str | None = None, exclude: set[int] = frozenset(),
          thorough: bool = False, title: str | None = None) -> dict[str, Any]:
    """Check the draft at ``path`` against the database ``conn``; the JSON answer.

    The draft's date is ``date`` (``--date``), else the date it prints, else its first
    consultation or the newest date it reports as past (:func:`grdrs.check_arith.text_date`);
    earlier statements come only from papers dated on or before it (and undated ones). Without
    any date every paper is compared, with a warning. ``exclude``: stored papers not compared
    with (a stored paper checked as a draft: itself). ``thorough``: the fitted scorer also
    calls new figures changed. ``title``: the draft's title (default: the one it prints)."""
    if profile is None:  # councils whose profiles the database keeps are detected too
        from .profiles.manage import kept_profiles

        profile = kept_profiles(conn)
    draft = read_draft(path, profile)
    warnings = settle(draft, date, title) + scope(conn, draft)
    if store.has_check_index(conn):
        findings = compare(conn, draft, exclude=exclude, thorough=thorough)
    else:  # an old database opened read-only: score every stored amount
        findings = compare(conn, draft, fts=False,
                           all_rows=store.check_all_amounts(conn, draft.date, draft.councils),
                           exclude=exclude, thorough=thorough)
    findings += arithmetic(draft)
    if draft.date_source in ("text", "--date"):  # a guessed date is no ground for a slip
        findings += date_slips(draft)
    order = {v: i for i, v in enumerate(VERDICTS)}
    findings.sort(key=lambda f: (order[f["verdict"]], f["page"] or 0, f.get("start") or 0))
    summary = {v: sum(1 for f in findings if f["verdict"] == v) for v in VERDICTS}
    return {"draft": {"source": draft.source, "number": draft.number, "suffix": draft.suffix,
                      "series": draft.series, "date": draft.date, "title": draft.title,
                      "council": draft.council, "amounts": len(draft.amounts),
                      "date_source": draft.date_source, "thorough": thorough},
            "warnings": warnings, "summary": summary,
            "conflicts": sum(summary[v] for v in CONFLICTS), "findings": findings}
