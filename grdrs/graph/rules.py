"""The rules that turn a paper's stored facts into graph nodes and edges, written through
:mod:`grdrs.store` (which knows tables, not these rules).

A paper's outgoing edges are recomputed from its main file (:func:`rebuild_paper`):

``cites``            one edge per cited paper, with count and every location (page, quote,
                     cited title); a cited paper that is not stored becomes a stub;
``attachment_cites`` the same for the references in the paper's other files (Anlagen,
                     Protokolle …), to papers its own text does not cite (weaker: not the
                     paper's own word); each location names its file;
``oparl_superordinated`` / ``oparl_subordinated`` / ``oparl_related``  the links the paper's
                     OParl object states (superordinatedPaper …), to stored papers; built
                     again when the other end arrives (:func:`oparl_link_edges`);
``supplements`` / ``replaces``  an Ergänzung / Neufassung → the paper it adds to or replaces
                     (same number, by its suffix);
``answers``          Stellungnahme → Antrag, Beantwortung → Anfrage (same number);
``protocol_of``      a Niederschrift → the Drucksachen its TOP deals with;
``consulted_in``     → a meeting node (a committee's session on a date), else the committee
                     node; with date, purpose, public, result, session and quote; OParl's
                     consultations join the text's of the same committee and date
                     (``oparl_result``, ``role``, ``top``; ``basis`` text, oparl or both);
                     an attached protocol's decision and votes join the session it records
                     (``protocol``);
``concerns_budget``  → a budget node when the paper's own budget, title or type names one.

A stub gets the edges its identity and cited title imply (:func:`stub_edges`). Stubs and nodes
nothing needs any more are removed (:func:`grdrs.store.graph.collect_garbage`).
"""

from __future__ import annotations

import json
import sqlite3

from ..store import db, files, oparl, papers
from ..store import graph as edges
from .budget import budget_label, budget_of, budget_range
from .protocol import (PROTOCOL_FILE, closing_decision, for_item, own_decision, protocol_date,
                       protocol_top)

# The rules' version: a database whose edges older rules built gets its graph rebuilt from the
# stored facts on the first write (2: OParl links, attachment_cites, OParl results and
# protocols in consulted_in; 3: a protocol's result of several agenda items, each session
# its own item's; an OParl paper without text gets its lineage: an Ergänzung supplements;
# 4: minutes of one agenda item give their own session's result, "stellt fest: …"; 5: not an
# earlier session's committee's finding the minutes quote; 6: an Abstimmungsergebnis of a line
# per paper put to the vote, "Änderungsantrag: …" / "Beschlussvorlage: …", gives each paper its
# own line, wrapped lines whole).
GRAPH_VERSION = 6
OWN_PAGES = 40  # minutes of one agenda item longer than this are read at their first 40 pages

# An answer takes the number of what it answers, in its own series (interfaces.md).
ANSWERS = {"stellungnahme": "antrag", "beantwortung": "anfrage"}


def _profile(council: str):
    from ..profiles import DEFAULT, load

    try:
        return load(council)
    except ValueError:
        return load(DEFAULT)


def _budget_of(council: str, text: str | None) -> str | None:
    return budget_of(text, _profile(council)) if text else None


def stub(conn: sqlite3.Connection, council: str, series: str, number: str,
         suffix: str | None, cited_title: str | None) -> int:
    """The paper with this identity; a new stub (or one that just gained its cited title) gets
    the edges its identity implies."""
    pid, fresh = papers.ensure_stub(conn, council, series, number, suffix, cited_title)
    if fresh:
        stub_edges(conn, pid)
    return pid


def rebuild_paper(conn: sqlite3.Connection, paper_id: int, main_series: str) -> None:
    """Recompute a paper's outgoing edges from its main file; drop it if nothing needs it."""
    old_dst, old_nodes = edges.targets_of(conn, paper_id)
    edges.delete_edges_from(conn, paper_id)
    fid = papers.main_file(conn, paper_id)
    if fid is None and oparl.is_oparl_paper(conn, paper_id):
        # an OParl paper whose text is not stored (yet): what OParl itself says, and what its
        # identity says (an Ergänzung supplements its paper)
        paper = papers.paper_row(conn, paper_id)
        session_edges(conn, paper_id, paper["council"], [])
        oparl_link_edges(conn, paper_id)
        lineage_edges(conn, paper_id, paper["council"], paper["series"], paper["number"],
                      paper["suffix"])
        edges.collect_garbage(conn, old_dst, old_nodes)
        return
    if fid is None:
        if not edges.has_incoming(conn, paper_id):
            papers.delete_paper_row(conn, paper_id)
        else:
            papers.set_stub(conn, paper_id)
            stub_edges(conn, paper_id)
        edges.collect_garbage(conn, old_dst, old_nodes)
        return
    paper = papers.paper_row(conn, paper_id)
    council = paper["council"]
    cites: dict[int, list[dict]] = {}
    for _, ref in files.mentions_of_file(conn, fid, ("reference",)):
        series = papers.reference_series(ref["kind"], main_series)
        dst = stub(conn, council, series, ref["number"], ref.get("suffix"),
                   ref.get("cited_title"))
        if dst == paper_id:
            continue
        cites.setdefault(dst, []).append({"page": ref["page"], "quote": ref["text"],
                                          "cited_title": ref.get("cited_title")})
    for dst, locs in cites.items():
        edges.add_edge(conn, paper_id, "cites", dst=dst, count=len(locs), data=locs)
    attached: dict[int, list[dict]] = {}
    attachments = papers.attachment_files(conn, paper_id)
    names = oparl.oparl_file_names(conn, [a for a, _ in attachments])
    protocols: list[tuple[str, dict]] = []
    for afid, fname in attachments:
        name = names.get(afid) or fname
        if PROTOCOL_FILE.search(name):
            last = files.file_pages(conn, afid)
            said = closing_decision(files.clean_pages(conn, afid, sorted({1, last})))
            if said is not None:
                protocols.append((name, said))
        for _, ref in files.mentions_of_file(conn, afid, ("reference",)):
            series = papers.reference_series(ref["kind"], main_series)
            dst = stub(conn, council, series, ref["number"], ref.get("suffix"),
                       ref.get("cited_title"))
            if dst == paper_id or dst in cites:
                continue
            attached.setdefault(dst, []).append({"file": name, "page": ref["page"],
                                                 "quote": ref["text"],
                                                 "cited_title": ref.get("cited_title")})
    for dst, locs in attached.items():
        edges.add_edge(conn, paper_id, "attachment_cites", dst=dst, count=len(locs), data=locs)
    oparl_link_edges(conn, paper_id)
    lineage_edges(conn, paper_id, council, paper["series"], paper["number"], paper["suffix"])
    own = None
    stated = files.consultations_of_file(conn, paper_id, fid)
    if paper["series"] == "niederschrift":
        protocol = (json.loads(paper["data"]) if paper["data"] else {}).get("protocol") or {}
        if protocol.get("top") and paper["date"]:
            # minutes of one agenda item: what they say was decided is their session's result
            # (not what their earlier sessions' committees decided, quoted)
            last = files.file_pages(conn, fid)
            mine = {c["committee"] for c in stated if c["date"] == paper["date"]}
            said = own_decision(files.clean_pages(conn, fid, range(1, min(last, OWN_PAGES) + 1)),
                                tuple({c["committee"] for c in stated} - mine))
            if said is not None:
                own = (paper["date"], {"file": f"Niederschrift {paper['name']}", "own": True,
                                       **said})
        done: set[int] = set()
        for number in protocol.get("drucksache") or []:
            dst = stub(conn, council, main_series, number, None, None)
            if dst != paper_id and dst not in done:
                done.add(dst)
                edges.add_edge(conn, paper_id, "protocol_of", dst=dst)
    session_edges(conn, paper_id, council, stated, protocols, own,
                  (paper["type"], paper["number"]))
    budget = (paper["budget"] or _budget_of(council, paper["title"])
              or _budget_of(council, paper["type"]))
    if budget:
        edges.add_edge(conn, paper_id, "concerns_budget", node=budget_node(conn, council, budget),
                       data={"budget": budget, "basis": "paper" if paper["budget"] else "title"})
    edges.collect_garbage(conn, old_dst, old_nodes)


def refresh_paper(conn: sqlite3.Connection, paper_id: int, main_series: str) -> None:
    """After OParl metadata changed: rebuild from the main file, or from OParl alone for a
    paper whose text is not stored (yet); the papers whose OParl links point here get their
    link edges again (a link may arrive before the paper it names)."""
    rebuild_paper(conn, paper_id, main_series)
    for other in oparl.oparl_papers_linking(conn, [paper_id]) - {paper_id}:
        oparl_link_edges(conn, other)


def oparl_link_edges(conn: sqlite3.Connection, paper_id: int) -> None:
    """The paper's OParl links as edges (``oparl_superordinated`` …), to the stored papers."""
    old = edges.delete_edges_of_type(conn, paper_id, edges.OPARL_LINK_EDGES.values())
    for dst, link in oparl.oparl_links_of(conn, paper_id):
        edges.add_edge(conn, paper_id, edges.OPARL_LINK_EDGES[link], dst=dst,
                       data={"from": "oparl", "link": link})
    if old:
        edges.collect_garbage(conn, old, [])


def session_edges(conn: sqlite3.Connection, paper_id: int, council: str,
                  text: list, protocols: list[tuple[str, dict]] = (),
                  own: tuple[str, dict] | None = None,
                  paper: tuple[str | None, str | None] = (None, None)) -> None:
    """``consulted_in`` edges: the consultations the paper's text states, joined by those OParl
    states (same committee and date: one session, OParl's result added as ``oparl_result``;
    else a session of its own). ``result`` is the text's result, else OParl's. What an
    attached protocol says was decided (:mod:`.protocol`) joins the session it records
    (``protocol``: file, outcome, decision, quote, page, votes)."""
    sessions = [{"committee": c["committee"], "purpose": c["purpose"],
                 "public": None if c["public"] is None else bool(c["public"]),
                 "date": c["date"], "result": c["result"], "session": c["session"],
                 "page": c["page"], "quote": c["text"], "basis": "text",
                 "text_result": c["result"]} for c in text]
    for oc in oparl.oparl_consultations_of(conn, paper_id):
        committee = oc["committee"]
        if not committee:
            continue
        info = {"oparl_result": oc["result"], "role": oc["role"], "top": oc["top"],
                "authoritative": None if oc["authoritative"] is None
                else bool(oc["authoritative"])}
        same = next((s for s in sessions if s["basis"] == "text" and s["date"] == oc["date"]
                     and s["committee"] == committee), None)
        if same is not None:
            same.update(info, basis="both")
            same["result"] = same["result"] or oc["result"]
            if same["public"] is None and oc["public"] is not None:
                same["public"] = bool(oc["public"])
            continue
        sessions.append({"committee": committee, "purpose": oc["role"],
                         "public": None if oc["public"] is None else bool(oc["public"]),
                         "date": oc["date"], "result": oc["result"], "session": None,
                         "page": None, "quote": None, "basis": "oparl", "text_result": None,
                         **info})
    if own is not None:  # minutes' own result: the session they record (their date)
        mine = [s for s in sessions if s["date"] == own[0]]
        if mine:
            max(mine, key=lambda s: bool(s.get("result")))["protocol"] = own[1]
    for name, said in protocols:
        session = _recorded_session(sessions, name)
        if session is not None and "protocol" not in session:
            mine = for_item(said, session.get("top") or protocol_top(name), *paper)  # type, number
            if mine is not None:
                session["protocol"] = {"file": name, **mine}
    for s in sessions:
        node = meeting_node(conn, council, s["committee"], s["date"])
        edges.add_edge(conn, paper_id, "consulted_in", node=node, data=s)


def _recorded_session(sessions: list[dict], name: str) -> dict | None:
    """The session a protocol file records: by the TOP and date its name gives, else the
    latest session (a protocol is attached for the decisive one)."""
    top, date = protocol_top(name), protocol_date(name)
    dated = [s for s in sessions if s["date"]]
    if not dated:
        return None

    def same_top(s: dict) -> bool:
        t = s.get("top")
        return bool(t and top) and (t == top or t.startswith(top + ".")
                                    or top.startswith(t + "."))

    for pick in ([s for s in dated if same_top(s) and (not date or s["date"] == date)],
                 [s for s in dated if date and s["date"] == date],
                 [s for s in dated if same_top(s)], dated):
        if pick:
            return max(pick, key=lambda s: (s["date"], bool(s.get("result"))))
    return None


def lineage_edges(conn: sqlite3.Connection, paper_id: int, council: str, series: str,
                  number: str | None, suffix: str | None) -> None:
    """``supplements`` / ``replaces`` by the paper's suffix, ``answers`` by its series."""
    if not number:
        return
    if suffix:
        if "Ergänzung" in suffix:
            base_suffix = "Neufassung" if "Neufassung" in suffix else None
            kind = "supplements"
        elif "Neufassung" in suffix:
            base_suffix, kind = None, "replaces"
        else:
            base_suffix, kind = None, None
        if kind:
            dst = stub(conn, council, series, number, base_suffix, None)
            if dst != paper_id:
                edges.add_edge(conn, paper_id, kind, dst=dst, data={"suffix": suffix})
    if series in ANSWERS and not suffix:
        dst = stub(conn, council, ANSWERS[series], number, None, None)
        edges.add_edge(conn, paper_id, "answers", dst=dst)


def stub_edges(conn: sqlite3.Connection, paper_id: int) -> None:
    """What a stub's identity and cited title say: its base paper, what it answers, its budget."""
    row = papers.paper_row(conn, paper_id)
    if row is None or not row["stub"]:
        return
    edges.delete_edges_from(conn, paper_id)
    lineage_edges(conn, paper_id, row["council"], row["series"], row["number"], row["suffix"])
    budget = _budget_of(row["council"], row["cited_title"])
    if budget:
        edges.add_edge(conn, paper_id, "concerns_budget",
                       node=budget_node(conn, row["council"], budget),
                       data={"budget": budget, "basis": "cited_title"})


def meeting_node(conn: sqlite3.Connection, council: str, committee: str,
                 date: str | None) -> int:
    """A session of a committee on a date; without a date, the committee itself."""
    cid = edges.node(conn, f"{council}|committee|{committee}", "committee", council, committee)
    if not date:
        return cid
    return edges.node(conn, f"{council}|meeting|{committee}|{date}", "meeting", council,
                      f"{committee} {date}", date=date, committee=cid)


def budget_node(conn: sqlite3.Connection, council: str, period: str) -> int:
    first, last = budget_range(period)
    return edges.node(conn, f"{council}|budget|{period}", "budget", council,
                      budget_label(period), date=first,
                      data={"period": period, "from": first, "to": last})


def rebuild_all(conn: sqlite3.Connection) -> None:
    """Rebuild every stored paper's edges (after a schema change)."""
    for pid, council in papers.paper_ids(conn, stub=False):
        rebuild_paper(conn, pid, _profile(council).main_series)
    for pid, _ in papers.paper_ids(conn, stub=True):
        stub_edges(conn, pid)


def ensure_graph(conn: sqlite3.Connection) -> None:
    """Rebuild the graph when a migration asked for it (``meta.graph_stale``) or the stored
    edges were built by older rules (``meta.graph_version`` < :data:`GRAPH_VERSION`)."""
    if not db.graph_stale(conn) and db.graph_version(conn) >= GRAPH_VERSION:
        return
    with db.tx(conn):
        rebuild_all(conn)
        db.clear_graph_stale(conn)
        db.set_graph_version(conn, GRAPH_VERSION)
