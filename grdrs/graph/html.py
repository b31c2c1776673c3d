"""The reference graph as ONE self-contained HTML page (``export graph --format html``).

Nothing is loaded from the network: the data is inlined as JSON, the layout (a small force
simulation with grid-bucketed repulsion) and the drawing (SVG) are plain JavaScript written
here — no library is bundled or copied. Nodes are coloured by kind (sample papers in their own
colour, papers known only from citations grey); a search box finds papers by number and title;
a click on a paper shows its facts with their quotes (consultations, amounts, references).

Labels never overprint each other or a node: after each zoom or pan they are placed in screen
space, the most connected first, each beside its node where there is room, the rest hidden
until zooming in makes room. A graph of more than ``LARGE`` nodes opens on the search box and
a hint about ``--around``; picking a paper draws it with its neighbourhood (a button draws all).
"""

from __future__ import annotations

import html as _html
import json
import sqlite3
from typing import Any

import networkx as nx

from .style import KIND_COLOURS

LARGE = 500  # nodes: above this the page opens on search and draws a neighbourhood at a time


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
            "title": g.graph.get("around") or "all papers", "large": LARGE}


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
text { pointer-events: none; fill: #333; }
#intro { position: absolute; inset: 0; display: none; align-items: center;
         justify-content: center; padding: 40px; box-sizing: border-box; color: #444; }
#intro div { max-width: 520px; }
#intro code { background: #eee; padding: 1px 4px; border-radius: 3px; }
#all { margin-top: 8px; }
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
<div id="main"><svg id="svg" xmlns="http://www.w3.org/2000/svg"
preserveAspectRatio="xMinYMin meet"><g id="vp"></g></svg>
<div id="intro"><div><p><strong id="intro-n"></strong> are too many to read at once. Search a
paper by number or title (on the left) and pick it: the page draws it with its neighbours.</p>
<p>For a smaller page: <code>grdrs export graph --format html --around REF --depth 2</code></p>
<button id="all" type="button">Draw the whole graph anyway (slow, labels only where they fit)</button>
</div></div></div>
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
  const N = D.nodes, E = D.edges, n = N.length, LARGE = D.large;
  const SVGNS = "http://www.w3.org/2000/svg";
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    if (attrs) for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svgEl(tag, attrs) {
    const e = document.createElementNS(SVGNS, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  function colour(d) {
    if (d.kind === "paper") return d.fictional ? D.colours.fictional
      : (d.stub ? D.colours.stub : D.colours.paper);
    return D.colours[d.kind] || "#999";
  }
  const adj = [];
  for (let i = 0; i < n; i++) adj.push([]);
  E.forEach(function (e, k) { adj[e.s].push(k); if (e.t !== e.s) adj[e.t].push(k); });
  function other(e, i) { return e.s === i ? e.t : e.s; }
  function radius(i) { return 5 + Math.min(10, Math.sqrt(adj[i].length) * 1.5); }
  function title(d) { return d.label + (d.title && d.title !== d.label ? " — " + d.title : ""); }

  // deterministic layout of the nodes idx: seeded positions, then a force simulation with
  // grid-bucketed repulsion
  const X = new Float64Array(n), Y = new Float64Array(n);
  let seed = 42;
  function rnd() { seed = (seed * 1664525 + 1013904223) % 4294967296; return seed / 4294967296; }
  function layout(idx) {
    seed = 42;
    const m = idx.length, at = new Map();
    idx.forEach(function (v, i) { at.set(v, i); });
    const es = [];
    for (const v of idx) for (const k of adj[v]) {
      const e = E[k], a = at.get(e.s), b = at.get(e.t);
      if (e.s === v && a !== undefined && b !== undefined && a !== b) es.push([a, b]);
    }
    const x = new Float64Array(m), y = new Float64Array(m);
    const side = Math.sqrt(Math.max(m, 1)) * 60;
    for (let i = 0; i < m; i++) { x[i] = (rnd() - .5) * side; y[i] = (rnd() - .5) * side; }
    const k = 45, iters = m < 400 ? 300 : (m < 4000 ? 120 : 30);
    const DX = new Float64Array(m), DY = new Float64Array(m);
    let temp = side / 8;
    for (let it = 0; it < iters; it++) {
      DX.fill(0); DY.fill(0);
      const cell = 2 * k, grid = new Map();
      for (let i = 0; i < m; i++) {
        const key = Math.floor(x[i] / cell) + "," + Math.floor(y[i] / cell);
        let b = grid.get(key); if (!b) { b = []; grid.set(key, b); } b.push(i);
      }
      for (let i = 0; i < m; i++) {
        const cx = Math.floor(x[i] / cell), cy = Math.floor(y[i] / cell);
        for (let gx = cx - 1; gx <= cx + 1; gx++) for (let gy = cy - 1; gy <= cy + 1; gy++) {
          const b = grid.get(gx + "," + gy); if (!b) continue;
          for (const j of b) {
            if (j === i) continue;
            let dx = x[i] - x[j], dy = y[i] - y[j], d2 = dx * dx + dy * dy;
            if (d2 < 0.01) { dx = rnd() - .5; dy = rnd() - .5; d2 = 0.5; }
            const f = k * k / d2; DX[i] += dx * f; DY[i] += dy * f;
          }
        }
        DX[i] -= x[i] * 0.01; DY[i] -= y[i] * 0.01;  // gravity keeps components together
      }
      for (const [a, b] of es) {
        const dx = x[a] - x[b], dy = y[a] - y[b], d = Math.sqrt(dx * dx + dy * dy) || 1;
        const f = d / k / 2; DX[a] -= dx * f; DY[a] -= dy * f; DX[b] += dx * f; DY[b] += dy * f;
      }
      for (let i = 0; i < m; i++) {
        const d = Math.sqrt(DX[i] * DX[i] + DY[i] * DY[i]) || 1, s = Math.min(d, temp);
        x[i] += DX[i] / d * s; y[i] += DY[i] / d * s;
      }
      temp *= 0.97;
    }
    idx.forEach(function (v, i) { X[v] = x[i]; Y[v] = y[i]; });
  }

  // drawing: edges, then nodes, then labels (above everything, placed where they fit)
  const svg = document.getElementById("svg"), vp = document.getElementById("vp");
  let drawn = [], circles = [], labels = [], selected = -1, hitSet = new Set();
  function draw(idx) {
    vp.textContent = "";
    drawn = idx; circles = new Array(n); labels = new Array(n);
    const inside = new Set(idx);
    const gl = svgEl("g", {}), gc = svgEl("g", {}), gt = svgEl("g", {});
    vp.appendChild(gl); vp.appendChild(gc); vp.appendChild(gt);
    for (const v of idx) for (const k of adj[v]) {
      const e = E[k];
      if (e.s !== v || !inside.has(e.t)) continue;
      gl.appendChild(svgEl("line", {x1: X[e.s], y1: Y[e.s], x2: X[e.t], y2: Y[e.t],
                                    "class": e.type}));
    }
    for (const i of idx) {
      const c = svgEl("circle", {cx: X[i], cy: Y[i], r: radius(i), fill: colour(N[i]),
                                 "data-id": N[i].id});
      const t = document.createElementNS(SVGNS, "title");
      t.textContent = title(N[i]);
      c.appendChild(t);
      c.addEventListener("click", function (ev) { ev.stopPropagation(); pick(i); });
      if (hitSet.has(i)) c.classList.add("hit");
      if (i === selected) c.classList.add("sel");
      gc.appendChild(c); circles[i] = c;
      const tx = svgEl("text", {x: X[i], y: Y[i]});
      tx.textContent = N[i].label; tx.style.display = "none";
      gt.appendChild(tx); labels[i] = tx;
    }
    document.body.setAttribute("data-rendered", String(idx.length));
    fit();
  }

  // view: the viewBox always has the aspect of the drawing area, so one user unit is
  // s = view.w / width pixels in both directions
  let view = { x: -100, y: -100, w: 200, h: 200 };
  function area() { const r = svg.getBoundingClientRect(); return [r.width || 1, r.height || 1]; }
  function applyView() {
    const [rw, rh] = area(), cx = view.x + view.w / 2, cy = view.y + view.h / 2;
    if (view.w / view.h < rw / rh) view.w = view.h * rw / rh; else view.h = view.w * rh / rw;
    view.x = cx - view.w / 2; view.y = cy - view.h / 2;
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
    placeLabels();
    if (drawn.length <= 3000)
      document.body.setAttribute("data-geometry", JSON.stringify(geometry()));
  }
  let pending = false;
  function later() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; applyView(); });
  }
  function fit() {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const i of drawn) {
      minX = Math.min(minX, X[i]); maxX = Math.max(maxX, X[i]);
      minY = Math.min(minY, Y[i]); maxY = Math.max(maxY, Y[i]);
    }
    if (!drawn.length) { minX = minY = -100; maxX = maxY = 100; }
    // room for the labels: a fifth of the width on each side
    const w = Math.max(maxX - minX, 100), h = Math.max(maxY - minY, 100);
    view = { x: minX - w * 0.2 - 20, y: minY - 40, w: w * 1.4 + 40, h: h + 80 };
    applyView();
  }
  let drag = null;
  svg.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, y: ev.clientY }; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    const s = view.w / area()[0];
    view.x -= (ev.clientX - drag.x) * s; view.y -= (ev.clientY - drag.y) * s;
    drag = { x: ev.clientX, y: ev.clientY }; later();
  });
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    const f = ev.deltaY > 0 ? 1.15 : 1 / 1.15, r = svg.getBoundingClientRect();
    const px = view.x + (ev.clientX - r.left) / r.width * view.w;
    const py = view.y + (ev.clientY - r.top) / r.height * view.h;
    view = { x: px - (px - view.x) * f, y: py - (py - view.y) * f, w: view.w * f, h: view.h * f };
    later();
  }, { passive: false });
  // until the user moves the view, a new window size fits the drawing (and the node in focus)
  // again, so the view depends only on the window, not on how it got its size
  let moved = false, focus = -1;
  svg.addEventListener("mousedown", function () { moved = true; });
  svg.addEventListener("wheel", function () { moved = true; });
  window.addEventListener("resize", function () {
    if (moved) { applyView(); return; }
    fit(); if (focus >= 0) centre(focus);
  });
  function centre(i) {  // bring node i into the middle, unless it is well inside already
    focus = i;
    const fx = (X[i] - view.x) / view.w, fy = (Y[i] - view.y) / view.h;
    if (fx > .1 && fx < .9 && fy > .1 && fy < .9) return;
    view.x = X[i] - view.w / 2; view.y = Y[i] - view.h / 2; applyView();
  }

  // labels: in screen pixels, the selected node, search hits and the most connected first;
  // each goes right of its node, else left, above or below, where it overlaps no label and
  // no node and stays inside the drawing; the others are hidden until zooming makes room
  const FONT = 11, LINE = 14, GAP = 2;
  const ctx = document.createElement("canvas").getContext("2d");
  ctx.font = FONT + "px " + getComputedStyle(document.body).fontFamily;
  const widths = new Map();
  function widthOf(i) {
    let w = widths.get(i);
    if (w === undefined) { w = Math.ceil(ctx.measureText(N[i].label).width) + 1; widths.set(i, w); }
    return w;
  }
  function rank(i) {
    return (i === selected ? 0 : 4) + (hitSet.has(i) ? 0 : 2)
      + (N[i].kind === "paper" && !N[i].stub ? 0 : 1);
  }
  function placeLabels() {
    const [rw, rh] = area(), s = view.w / rw, cell = 64, grid = new Map();
    vp.style.fontSize = (FONT * s) + "px";
    function each(b, fn) {
      for (let gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++)
        for (let gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++)
          fn(gx + "," + gy);
    }
    function free(b) {
      let ok = true;
      each(b, function (key) {
        const l = grid.get(key);
        if (ok && l) for (const o of l)
          if (b[0] < o[2] + GAP && o[0] < b[2] + GAP && b[1] < o[3] + GAP && o[1] < b[3] + GAP) {
            ok = false; break;
          }
      });
      return ok;
    }
    function add(b) {
      each(b, function (key) { let l = grid.get(key); if (!l) grid.set(key, l = []); l.push(b); });
    }
    const seen = [];
    for (const i of drawn) {
      const sx = (X[i] - view.x) / s, sy = (Y[i] - view.y) / s, r = radius(i) / s + 1.5;
      labels[i].style.display = "none";
      if (sx + r < 0 || sy + r < 0 || sx - r > rw || sy - r > rh) continue;
      add([sx - r, sy - r, sx + r, sy + r]);
      seen.push(i);
    }
    seen.sort(function (a, b) {
      return rank(a) - rank(b) || adj[b].length - adj[a].length || a - b;
    });
    for (const i of seen) {
      const sx = (X[i] - view.x) / s, sy = (Y[i] - view.y) / s, r = radius(i) / s + 1.5;
      const w = widthOf(i), h = LINE;
      for (const [x0, y0] of [[sx + r + 3, sy - h / 2], [sx - r - 3 - w, sy - h / 2],
                              [sx - w / 2, sy - r - 2 - h], [sx - w / 2, sy + r + 2]]) {
        const b = [x0, y0, x0 + w, y0 + h];
        if (x0 < 0 || y0 < 0 || b[2] > rw || b[3] > rh || !free(b)) continue;
        add(b);
        const t = labels[i];
        t.setAttribute("x", view.x + x0 * s);
        t.setAttribute("y", view.y + (y0 + h * 0.8) * s);
        t.style.display = "";
        break;
      }
    }
  }
  // where the labels and nodes are on the screen (for tests and tools)
  function geometry() {
    const out = { labels: [], nodes: [], viewport: [innerWidth, innerHeight] };
    for (const i of drawn) {
      const c = circles[i].getBoundingClientRect();
      out.nodes.push({ id: N[i].id, x: c.left + c.width / 2, y: c.top + c.height / 2,
                       r: c.width / 2, fill: colour(N[i]) });
      if (labels[i].style.display === "none") continue;
      const b = labels[i].getBoundingClientRect();
      out.labels.push({ id: N[i].id, left: b.left, top: b.top, right: b.right,
                        bottom: b.bottom });
    }
    return out;
  }

  // legend and count
  const legend = document.getElementById("legend");
  for (const [name, key] of [["paper", "paper"], ["cited only", "stub"], ["sample (fictional)",
      "fictional"], ["committee", "committee"], ["meeting", "meeting"], ["budget", "budget"]]) {
    const s = el("span"); const dot = el("i"); dot.style.background = D.colours[key];
    s.appendChild(dot); s.appendChild(document.createTextNode(name)); legend.appendChild(s);
  }
  document.getElementById("count").textContent = "(" + n + " nodes, " + E.length + " edges)";

  // a large graph opens on the search box; a pick draws that node's neighbourhood
  const large = n > LARGE, intro = document.getElementById("intro");
  let whole = !large;
  function neighbourhood(i) {
    const out = [i], seen = new Set(out), CAP = 150;
    function grow(from, hubs) {
      for (const v of from) for (const k of adj[v]) {
        const j = other(E[k], v);
        if (out.length >= CAP) return;
        if (!seen.has(j) && (hubs || adj[j].length <= 40)) { seen.add(j); out.push(j); }
      }
    }
    grow([i], true);
    if (out.length < 25) grow(out.slice(1).filter(function (v) { return adj[v].length <= 40; }),
                              false);
    return out;
  }
  function pick(i) {
    if (!whole && !circles[i]) {
      intro.style.display = "none";
      const idx = neighbourhood(i);
      layout(idx); selected = i; draw(idx);
    }
    select(i);
  }
  function drawAll() {
    intro.style.display = "none"; whole = true;
    const all = []; for (let i = 0; i < n; i++) all.push(i);
    layout(all); draw(all);
  }
  document.getElementById("all").addEventListener("click", drawAll);

  // search by number and title
  const search = document.getElementById("search"), hits = document.getElementById("hits");
  search.addEventListener("input", function () {
    const q = search.value.trim().toLowerCase();
    hits.textContent = "";
    for (const i of hitSet) if (circles[i]) circles[i].classList.remove("hit");
    hitSet = new Set();
    if (!q) { placeLabels(); return; }
    let shown = 0;
    for (let i = 0; i < n; i++) {
      const d = N[i];
      const hay = [d.label, d.number, d.title, d.cited_title, d.name].join(" ").toLowerCase();
      if (hay.indexOf(q) < 0) continue;
      hitSet.add(i);
      if (circles[i]) circles[i].classList.add("hit");
      if (shown++ < 50) {
        const li = el("li", null, title(d));
        li.addEventListener("click", function () { pick(i); centre(i); });
        hits.appendChild(li);
      }
    }
    if (!shown) hits.appendChild(el("li", null, "no match"));
    placeLabels();
  });

  // facts of a node
  const facts = document.getElementById("facts");
  function select(i) {
    if (selected >= 0 && circles[selected]) circles[selected].classList.remove("sel");
    selected = i;
    if (circles[i]) circles[i].classList.add("sel");
    placeLabels();
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
    const mine = adj[i].map(function (k) { return E[k]; });
    const sessions = mine.filter(function (e) { return e.s === i && e.type === "consulted_in"; });
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
    const out = mine.filter(function (e) { return e.s === i && e.type !== "consulted_in"; });
    const inc = mine.filter(function (e) { return e.t === i; });
    function list(head, items, end, arrow) {
      if (!items.length) return;
      facts.appendChild(el("h3", null, head));
      const ul = el("ul");
      for (const e of items) {
        const j = end(e), li = el("li", null, e.type + arrow + title(N[j])
          + (e.count > 1 ? " (" + e.count + "×)" : ""));
        li.style.cursor = "pointer";
        li.addEventListener("click", function () { pick(j); centre(j); });
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

  if (large) {
    document.getElementById("intro-n").textContent = n + " nodes";
    intro.style.display = "flex";
    draw([]);
    search.focus();
  } else {
    const all = []; for (let i = 0; i < n; i++) all.push(i);
    layout(all); draw(all);
  }
  // a link can open the page with a search or a selection: #q=563/2023 or #select=563/2023;
  // #all draws a large graph whole
  const hash = new URLSearchParams(location.hash.slice(1));
  if (large && hash.has("all")) drawAll();
  if (hash.get("q")) { search.value = hash.get("q"); search.dispatchEvent(new Event("input")); }
  if (hash.get("select")) {
    const want = hash.get("select");
    for (let i = 0; i < n; i++)
      if (N[i].label === want || N[i].id === want) { pick(i); centre(i); break; }
  }
  window.grdrsGraph = { nodes: n, edges: E.length, select: pick, geometry: geometry };
})();
"""
