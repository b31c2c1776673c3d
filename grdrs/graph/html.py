"""The reference graph as ONE self-contained HTML page (``export graph --format html``).

Nothing is loaded from the network: the data is inlined as JSON, the layout (a small force
simulation with grid-bucketed repulsion) and the drawing (SVG) are plain JavaScript written
here — no library is bundled or copied. Nodes are coloured by kind (sample papers in their own
colour, papers known only from citations grey); a search box finds papers by number and title;
a click on a paper shows its facts with their quotes (consultations, amounts, references).
"""

from __future__ import annotations

import html as _html
import json
import sqlite3
from typing import Any

import networkx as nx

from .style import KIND_COLOURS


def page_data(conn: sqlite3.Connection, g: nx.MultiDiGraph) -> dict[str, Any]:
    from .. import store

    pid_of = store.paper_ids_by_key(conn)
    index = {n: i for i, n in enumerate(g.nodes)}
    nodes = []
    for n, d in g.nodes(data=True):
        item = {k: v for k, v in d.items() if v is not None}
        item["id"] = n
        if d["kind"] == "paper" and not d.get("stub") and n in pid_of:
            facts = store.graph_facts(conn, pid_of[n])
            item["amounts"] = [{k: a.get(k) for k in ("value", "value_to", "currency", "per",
                                                      "subject", "text", "page")}
                               for a in facts.get("amount", [])]
            item["references"] = [{k: r.get(k) for k in ("kind", "number", "suffix",
                                                         "cited_title", "text", "page")}
                                  for r in facts.get("reference", [])]
        nodes.append(item)
    edges = []
    for u, v, d in g.edges(data=True):
        e = {"s": index[u], "t": index[v], "type": d["type"]}
        for k in ("count", "date", "purpose", "result", "quote", "page", "budget"):
            if d.get(k) is not None:
                e[k] = d[k]
        edges.append(e)
    return {"nodes": nodes, "edges": edges, "colours": KIND_COLOURS,
            "title": g.graph.get("around") or "all papers"}


def html_page(conn: sqlite3.Connection, g: nx.MultiDiGraph) -> str:
    data = json.dumps(page_data(conn, g), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("</", "<\\/").replace("<!--", "<\\u0021--")
    title = _html.escape(f"grdrs — reference graph ({g.graph.get('around') or 'all papers'})")
    return (_PAGE.replace("__TITLE__", title).replace("__DATA__", data)
            .replace("__SCRIPT__", _SCRIPT))


_PAGE = """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>
html, body { margin: 0; height: 100%; font: 14px/1.35 system-ui, sans-serif; color: #222; }
#app { display: flex; height: 100%; }
#side { width: 360px; min-width: 260px; overflow: auto; border-right: 1px solid #ccc;
        padding: 10px 12px; box-sizing: border-box; background: #fafafa; }
#main { flex: 1; position: relative; }
svg { width: 100%; height: 100%; display: block; background: #fff; cursor: grab; }
#search { width: 100%; box-sizing: border-box; padding: 6px; font-size: 14px; }
#hits { list-style: none; margin: 6px 0; padding: 0; max-height: 30%; overflow: auto; }
#hits li { padding: 2px 4px; cursor: pointer; border-radius: 3px; }
#hits li:hover { background: #e6eefc; }
.legend span { display: inline-block; margin: 2px 8px 2px 0; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
            margin-right: 4px; vertical-align: middle; }
circle { stroke: #fff; stroke-width: 1.5; cursor: pointer; }
circle.hit { stroke: #d62728; stroke-width: 3; }
circle.sel { stroke: #000; stroke-width: 3; }
line { stroke: #999; stroke-opacity: .6; }
line.cites { stroke: #4e79a7; }
line.consulted_in, line.held_by { stroke: #f28e2b; stroke-dasharray: 3 2; }
line.concerns_budget { stroke: #59a14f; stroke-dasharray: 1 2; }
line.supplements, line.replaces, line.answers, line.protocol_of { stroke: #e15759; stroke-width: 2; }
line.oparl_superordinated, line.oparl_subordinated {
  stroke: #e15759; stroke-width: 2; stroke-dasharray: 5 2; }
line.attachment_cites, line.oparl_related { stroke: #4e79a7; stroke-dasharray: 2 2; }
text { font-size: 10px; pointer-events: none; fill: #333; }
.dim { opacity: .15; }
#facts h2 { font-size: 16px; margin: 12px 0 4px; }
#facts h3 { font-size: 13px; margin: 10px 0 2px; }
#facts .q { color: #555; font-style: italic; }
#facts .tag { font-size: 11px; background: #eee; border-radius: 3px; padding: 0 4px; }
#facts ul { margin: 2px 0; padding-left: 18px; }
</style>
</head>
<body>
<div id="app">
<div id="side">
<strong>grdrs reference graph</strong> <span id="count"></span>
<div class="legend" id="legend"></div>
<input id="search" type="search" placeholder="Search number or title (e.g. 563/2023)">
<ul id="hits"></ul>
<div id="facts"><p>Click a node to see its facts with their quotes. Drag to pan,
wheel to zoom.</p></div>
</div>
<div id="main"><svg id="svg" xmlns="http://www.w3.org/2000/svg"><g id="vp"></g></svg></div>
</div>
<script type="application/json" id="data">__DATA__</script>
<script>
__SCRIPT__
</script>
</body>
</html>
"""

_SCRIPT = r"""
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("data").textContent);
  const N = D.nodes, E = D.edges, n = N.length;
  const SVGNS = "http://www.w3.org/2000/svg";
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    if (attrs) for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function colour(d) {
    if (d.kind === "paper") return d.fictional ? D.colours.fictional
      : (d.stub ? D.colours.stub : D.colours.paper);
    return D.colours[d.kind] || "#999";
  }
  // deterministic layout: seeded positions, then a force simulation
  let seed = 42;
  function rnd() { seed = (seed * 1664525 + 1013904223) % 4294967296; return seed / 4294967296; }
  const X = new Float64Array(n), Y = new Float64Array(n);
  const side = Math.sqrt(Math.max(n, 1)) * 60;
  for (let i = 0; i < n; i++) { X[i] = (rnd() - .5) * side; Y[i] = (rnd() - .5) * side; }
  const k = 45, iters = n < 400 ? 300 : (n < 4000 ? 120 : 30);
  const DX = new Float64Array(n), DY = new Float64Array(n);
  let temp = side / 8;
  for (let it = 0; it < iters; it++) {
    DX.fill(0); DY.fill(0);
    const cell = 2 * k, grid = new Map();
    for (let i = 0; i < n; i++) {
      const key = Math.floor(X[i] / cell) + "," + Math.floor(Y[i] / cell);
      let b = grid.get(key); if (!b) { b = []; grid.set(key, b); } b.push(i);
    }
    for (let i = 0; i < n; i++) {
      const cx = Math.floor(X[i] / cell), cy = Math.floor(Y[i] / cell);
      for (let gx = cx - 1; gx <= cx + 1; gx++) for (let gy = cy - 1; gy <= cy + 1; gy++) {
        const b = grid.get(gx + "," + gy); if (!b) continue;
        for (const j of b) {
          if (j === i) continue;
          let dx = X[i] - X[j], dy = Y[i] - Y[j], d2 = dx * dx + dy * dy;
          if (d2 < 0.01) { dx = rnd() - .5; dy = rnd() - .5; d2 = 0.5; }
          const f = k * k / d2; DX[i] += dx * f; DY[i] += dy * f;
        }
      }
      DX[i] -= X[i] * 0.01; DY[i] -= Y[i] * 0.01;  // gravity keeps components together
    }
    for (const e of E) {
      const dx = X[e.s] - X[e.t], dy = Y[e.s] - Y[e.t], d = Math.sqrt(dx * dx + dy * dy) || 1;
      const f = d / k; DX[e.s] -= dx * f / d * d / 2; DY[e.s] -= dy * f / d * d / 2;
      DX[e.t] += dx * f / d * d / 2; DY[e.t] += dy * f / d * d / 2;
    }
    for (let i = 0; i < n; i++) {
      const d = Math.sqrt(DX[i] * DX[i] + DY[i] * DY[i]) || 1, m = Math.min(d, temp);
      X[i] += DX[i] / d * m; Y[i] += DY[i] / d * m;
    }
    temp *= 0.97;
  }
  // drawing
  const svg = document.getElementById("svg"), vp = document.getElementById("vp");
  const circles = new Array(n), labels = [];
  for (const e of E) {
    const l = document.createElementNS(SVGNS, "line");
    l.setAttribute("x1", X[e.s]); l.setAttribute("y1", Y[e.s]);
    l.setAttribute("x2", X[e.t]); l.setAttribute("y2", Y[e.t]);
    l.setAttribute("class", e.type);
    vp.appendChild(l);
  }
  const degree = new Uint32Array(n);
  for (const e of E) { degree[e.s]++; degree[e.t]++; }
  for (let i = 0; i < n; i++) {
    const d = N[i], c = document.createElementNS(SVGNS, "circle");
    c.setAttribute("cx", X[i]); c.setAttribute("cy", Y[i]);
    c.setAttribute("r", 5 + Math.min(10, Math.sqrt(degree[i]) * 1.5));
    c.setAttribute("fill", colour(d));
    c.setAttribute("data-id", d.id);
    const t = document.createElementNS(SVGNS, "title");
    t.textContent = d.label + (d.title && d.title !== d.label ? " — " + d.title : "");
    c.appendChild(t);
    c.addEventListener("click", function (ev) { ev.stopPropagation(); select(i); });
    vp.appendChild(c); circles[i] = c;
    if (n <= 400) {
      const tx = document.createElementNS(SVGNS, "text");
      tx.setAttribute("x", X[i] + 9); tx.setAttribute("y", Y[i] + 3);
      tx.textContent = d.label; vp.appendChild(tx); labels.push(tx);
    }
  }
  // view: fit, pan, zoom
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, X[i]); maxX = Math.max(maxX, X[i]);
    minY = Math.min(minY, Y[i]); maxY = Math.max(maxY, Y[i]);
  }
  if (!n) { minX = minY = -100; maxX = maxY = 100; }
  let view = { x: minX - 60, y: minY - 60, w: (maxX - minX) + 320, h: (maxY - minY) + 120 };
  function applyView() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }
  applyView();
  let drag = null;
  svg.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, y: ev.clientY }; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    const r = svg.getBoundingClientRect(), s = Math.max(view.w / r.width, view.h / r.height);
    view.x -= (ev.clientX - drag.x) * s; view.y -= (ev.clientY - drag.y) * s;
    drag = { x: ev.clientX, y: ev.clientY }; applyView();
  });
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    const f = ev.deltaY > 0 ? 1.15 : 1 / 1.15, r = svg.getBoundingClientRect();
    const px = view.x + (ev.clientX - r.left) / r.width * view.w;
    const py = view.y + (ev.clientY - r.top) / r.height * view.h;
    view = { x: px - (px - view.x) * f, y: py - (py - view.y) * f, w: view.w * f, h: view.h * f };
    applyView();
  }, { passive: false });
  function centre(i) {
    view.x = X[i] - view.w / 2; view.y = Y[i] - view.h / 2; applyView();
  }
  // legend and count
  const legend = document.getElementById("legend");
  for (const [name, key] of [["paper", "paper"], ["cited only", "stub"], ["sample (fictional)",
      "fictional"], ["committee", "committee"], ["meeting", "meeting"], ["budget", "budget"]]) {
    const s = el("span"); const dot = el("i"); dot.style.background = D.colours[key];
    s.appendChild(dot); s.appendChild(document.createTextNode(name)); legend.appendChild(s);
  }
  document.getElementById("count").textContent = "(" + n + " nodes, " + E.length + " edges)";
  // search by number and title
  const search = document.getElementById("search"), hits = document.getElementById("hits");
  search.addEventListener("input", function () {
    const q = search.value.trim().toLowerCase();
    hits.textContent = "";
    for (let i = 0; i < n; i++) circles[i].classList.remove("hit");
    if (!q) return;
    let shown = 0;
    for (let i = 0; i < n; i++) {
      const d = N[i];
      const hay = [d.label, d.number, d.title, d.cited_title, d.name].join(" ").toLowerCase();
      if (hay.indexOf(q) < 0) continue;
      circles[i].classList.add("hit");
      if (shown++ < 50) {
        const li = el("li", null, d.label + (d.title && d.title !== d.label ? " — " + d.title : ""));
        li.addEventListener("click", function () { select(i); centre(i); });
        hits.appendChild(li);
      }
    }
    if (!shown) hits.appendChild(el("li", null, "no match"));
  });
  // facts of a node
  const facts = document.getElementById("facts");
  function select(i) {
    for (const c of circles) c.classList.remove("sel");
    circles[i].classList.add("sel");
    const d = N[i];
    facts.textContent = "";
    facts.appendChild(el("h2", null, d.label));
    if (d.title && d.title !== d.label) facts.appendChild(el("div", null, d.title));
    const meta = [d.kind, d.series, d.type, d.date, d.budget ? "budget " + d.budget : null,
                  d.stub ? "known only from citations" : null,
                  d.fictional ? "FICTIONAL sample" : null].filter(Boolean);
    facts.appendChild(el("div", { "class": "tag" }, meta.join(" · ")));
    if (d.cited_by && d.cited_by.length)
      facts.appendChild(el("div", null, "cited by: " + d.cited_by.join(", ")));
    const sessions = E.filter(function (e) { return e.s === i && e.type === "consulted_in"; });
    if (sessions.length) {
      facts.appendChild(el("h3", null, "Consultations"));
      const ul = el("ul");
      for (const e of sessions) {
        const li = el("li", null, N[e.t].label + (e.purpose ? " — " + e.purpose : "")
                      + (e.result ? ": " + e.result : ""));
        if (e.quote) li.appendChild(el("div", { "class": "q" }, "“" + e.quote + "” (p. " + e.page + ")"));
        ul.appendChild(li);
      }
      facts.appendChild(ul);
    }
    if (d.amounts && d.amounts.length) {
      facts.appendChild(el("h3", null, "Amounts"));
      const ul = el("ul");
      for (const a of d.amounts) {
        const li = el("li", null, a.value + (a.value_to ? "–" + a.value_to : "") + " "
                      + (a.currency || "") + (a.per ? "/" + a.per : "")
                      + (a.subject ? " — " + a.subject : ""));
        li.appendChild(el("div", { "class": "q" }, "“" + a.text + "” (p. " + a.page + ")"));
        ul.appendChild(li);
      }
      facts.appendChild(ul);
    }
    const out = E.filter(function (e) { return e.s === i && e.type !== "consulted_in"; });
    const inc = E.filter(function (e) { return e.t === i; });
    function list(title, items, other, arrow) {
      if (!items.length) return;
      facts.appendChild(el("h3", null, title));
      const ul = el("ul");
      for (const e of items) {
        const j = other(e), li = el("li", null, e.type + arrow + N[j].label
          + (N[j].title && N[j].title !== N[j].label ? " — " + N[j].title : "")
          + (e.count > 1 ? " (" + e.count + "×)" : ""));
        li.style.cursor = "pointer";
        li.addEventListener("click", function () { select(j); centre(j); });
        ul.appendChild(li);
      }
      facts.appendChild(ul);
    }
    list("Links out", out, function (e) { return e.t; }, " → ");
    list("Links in", inc, function (e) { return e.s; }, " ← ");
    if (d.references && d.references.length) {
      facts.appendChild(el("h3", null, "References in the text"));
      const ul = el("ul");
      for (const r of d.references) {
        const li = el("li", null, r.number + (r.cited_title ? " „" + r.cited_title + "“" : ""));
        li.appendChild(el("div", { "class": "q" }, "“" + r.text + "” (p. " + r.page + ")"));
        ul.appendChild(li);
      }
      facts.appendChild(ul);
    }
  }
  // a link can open the page with a search or a selection: #q=563/2023 or #select=563/2023
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("q")) { search.value = hash.get("q"); search.dispatchEvent(new Event("input")); }
  if (hash.get("select")) {
    const want = hash.get("select");
    for (let i = 0; i < n; i++) if (N[i].label === want || N[i].id === want) { select(i); centre(i); break; }
  }
  window.grdrsGraph = { nodes: n, edges: E.length, select: select };
  document.body.setAttribute("data-rendered", String(n));
})();
"""
