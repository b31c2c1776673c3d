"""Security: SQL only through parameters; exports write only where the user said; HTML output
escapes every string from documents; nothing in a document makes grdrs fetch or run anything.
"""

from __future__ import annotations

import ast
import re
import socket
import sqlite3
import subprocess
from pathlib import Path

import _robust_pdf as gen
import pytest
from conftest import run_grdrs

from grdrs import store
from grdrs.ingest import ingest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "grdrs"

# --- SQL only through parameters ----------------------------------------------------------------

# SQL built from non-constant strings that is deliberate, with the reason it is safe. Every other
# interpolation into SQL must be a constant (an UPPER_CASE module name, a literal) or "?"
# placeholders; values always go through parameters.
DELIBERATE = {
    ("store/papers.py", "upsert_paper"): "column names are the keys of dicts built in code "
                                         "(store.papers.paper_identity, oparl/mapping.py); "
                                         "values are ?",
    ("store/oparl.py", "oparl_sync_put"): "the column name is checked against a constant "
                                          "tuple first",
}
_CONST = re.compile(r"^_?[A-Z][A-Z0-9_]*$")
_EXEC = {"execute", "executemany", "executescript", "query"}


def _is_placeholders(node: ast.AST) -> bool:
    """``", ".join("?" * len(x))`` and the like: only question marks."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "join" and len(node.args) == 1
            and isinstance(node.args[0], ast.BinOp) and isinstance(node.args[0].op, ast.Mult)
            and isinstance(node.args[0].left, ast.Constant) and node.args[0].left.value == "?")


class _Function:
    """Where each local name of one function gets its values (assignments, appends, loops)."""

    def __init__(self, fn: ast.AST) -> None:
        self.values: dict[str, list[ast.AST]] = {}
        self.loop_safe: set[str] = set()
        for node in ast.walk(fn):
            if isinstance(node, (ast.For, ast.comprehension)) and isinstance(node.target,
                                                                           ast.Name):
                self.values.setdefault(node.target.id, []).append(node.iter)
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value)
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and node.value is not None:
                self._bind(node.target, node.value)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in ("append", "extend") and isinstance(node.func.value,
                                                                          ast.Name)):
                for arg in node.args:
                    self.values.setdefault(node.func.value.id, []).append(arg)
            elif isinstance(node, (ast.For, ast.comprehension)):
                if isinstance(node.iter, (ast.Tuple, ast.List)) and all(
                        isinstance(e, ast.Constant) or (isinstance(e, ast.Tuple) and all(
                            isinstance(x, ast.Constant) for x in e.elts))
                        for e in node.iter.elts):
                    for name in ast.walk(node.target):
                        if isinstance(name, ast.Name):
                            self.loop_safe.add(name.id)

    def _bind(self, target: ast.AST, value: ast.AST) -> None:
        if isinstance(target, ast.Name):
            self.values.setdefault(target.id, []).append(value)
        elif (isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple)
              and len(target.elts) == len(value.elts)):
            for t, v in zip(target.elts, value.elts):
                self._bind(t, v)

    def safe(self, node: ast.AST, seen: frozenset = frozenset()) -> bool:
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self.safe(v.value, seen) for v in node.values
                       if isinstance(v, ast.FormattedValue))
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            return self.safe(node.left, seen) and self.safe(node.right, seen)
        if isinstance(node, ast.BoolOp):
            return all(self.safe(v, seen) for v in node.values)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body, seen) and self.safe(node.orelse, seen)
        if isinstance(node, (ast.List, ast.Tuple)):
            return all(self.safe(e, seen) for e in node.elts)
        if isinstance(node, ast.Name):
            if _CONST.match(node.id) or node.id in self.loop_safe:
                return True
            if node.id in seen or node.id not in self.values:
                return node.id in seen  # a cycle adds nothing new
            return all(self.safe(v, seen | {node.id}) for v in self.values[node.id])
        if isinstance(node, ast.Call):
            if _is_placeholders(node):
                return True
            f = node.func
            if isinstance(f, ast.Name) and f.id in ("int", "len", "str") and f.id != "str":
                return True
            if isinstance(f, ast.Attribute) and f.attr == "join" and len(node.args) == 1:
                arg = node.args[0]
                if isinstance(arg, (ast.GeneratorExp, ast.ListComp)):
                    inner = _Function(arg)
                    inner.values = {**self.values, **inner.values}
                    inner.loop_safe |= self.loop_safe
                    return self.safe(f.value, seen) and inner.safe(arg.elt, seen) and all(
                        inner.safe(g.iter, seen) or _names_from_constants(g.iter, self)
                        for g in arg.generators)
                return self.safe(f.value, seen) and self.safe(arg, seen)
            if isinstance(f, ast.Attribute) and f.attr in ("split", "strip", "splitlines"):
                return self.safe(f.value, seen) and all(self.safe(a, seen) for a in node.args)
            if isinstance(f, ast.Attribute) and f.attr == "format":
                return self.safe(f.value, seen) and all(
                    self.safe(k.value, seen) for k in node.keywords) and all(
                    self.safe(a, seen) for a in node.args)
        return False


def _names_from_constants(node: ast.AST, fn: _Function) -> bool:
    return isinstance(node, ast.Name) and bool(_CONST.match(node.id))


def dynamic_sql_sites() -> list[tuple[str, str, int, str]]:
    """(file, function, line, source) of every SQL call built from a non-constant string."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        src = path.read_text(encoding="utf-8")
        tree = ast.parse(src)
        owners: dict[int, ast.AST] = {}
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for sub in ast.walk(fn):
                    owners[id(sub)] = fn  # innermost last: ast.walk goes outside-in
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in _EXEC and node.args):
                continue
            fn = owners.get(id(node))
            if not _Function(fn or tree).safe(node.args[0]):
                out.append((str(path.relative_to(PACKAGE)), getattr(fn, "name", "<module>"),
                            node.lineno, ast.get_source_segment(src, node.args[0]) or ""))
    return out


def test_sql_is_built_only_from_constants_and_placeholders():
    sites = dynamic_sql_sites()
    unexplained = [s for s in sites if (s[0], s[1]) not in DELIBERATE]
    assert not unexplained, "SQL built from values (use ? parameters):\n" + "\n".join(
        f"  grdrs/{f}:{line} in {fn}(): {src[:120]}" for f, fn, line, src in unexplained)


def test_the_sql_checker_catches_interpolated_values():
    bad = ast.parse('def f(conn, name):\n    conn.execute(f"SELECT * FROM papers WHERE name = '
                    '\'{name}\'")\n    conn.execute("SELECT 1 WHERE x = %s" % name)\n')
    fn = bad.body[0]
    calls = [n for n in ast.walk(fn) if isinstance(n, ast.Call) and getattr(n.func, "attr", "")
             == "execute"]
    assert calls and not any(_Function(fn).safe(c.args[0]) for c in calls)
    good = ast.parse('COLS = ("a",)\ndef f(conn, ids):\n    conn.execute(f"SELECT '
                     '{\', \'.join(COLS)} FROM t WHERE id IN ({\', \'.join(\'?\' * len(ids))})",'
                     ' ids)\n')
    fn = good.body[1]
    call = next(n for n in ast.walk(fn) if isinstance(n, ast.Call)
                and getattr(n.func, "attr", "") == "execute")
    assert _Function(fn).safe(call.args[0])


def test_hostile_strings_are_data_not_sql(tmp_path: Path):
    evil = "x'); DROP TABLE papers; --"
    f = tmp_path / f"{evil.replace('/', '_')}.txt"
    f.write_text(f"GRDrs 12/2023\nBetreff: {evil}\nSiehe GRDrs 669/2021 „{evil}“.\n",
                 encoding="utf-8")
    db = tmp_path / "g.db"
    conn = store.connect(db, write=True)
    assert ingest(conn, [f]).new == 1
    assert conn.execute("SELECT count(*) FROM papers").fetchone()[0] >= 2
    assert store.search(conn, '"DROP TABLE"') is not None
    r = run_grdrs("search", evil, "--db", str(db))
    assert r.returncode == 0, r.stderr
    r = run_grdrs("show", evil, "--db", str(db))
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr


# --- exports write only where the user said -----------------------------------------------------

def _tree(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


EVIL_TITLE = "<script>alert(1)</script>"
EVIL_PAPER = f"""Landeshauptstadt Stuttgart
GRDrs 12/2023
Stuttgart, 18.09.2023
Mitteilungsvorlage
Betreff: {EVIL_TITLE}

Der Gemeinderat beschließt 40.000 EUR/Jahr für <b onmouseover=alert(3)>alles</b>
(vgl. GRDrs 669/2021 „<img src=x onerror=alert(2)>“ und GRDrs 13/2023 „../../../etc/passwd“).
Vorlage an\tzur\tSitzungsart\tSitzungstermin
Verwaltungsausschuss</script><script>alert(4)</script>\tKenntnisnahme\töffentlich\t20.09.2023
"""
BENIGN_PAPER = EVIL_PAPER.replace(EVIL_TITLE, "Harmloser Titel").replace(
    "<b onmouseover=alert(3)>alles</b>", "alles").replace(
    "<img src=x onerror=alert(2)>", "Bild").replace("</script><script>alert(4)</script>", "")
_ACTIVE = re.compile(r"<script\b|<img\b|<b\b|\bon\w+=|javascript:", re.I)


@pytest.fixture
def evil_db(tmp_path: Path) -> tuple[Path, Path]:
    d = tmp_path / "in"
    d.mkdir()
    paper = d / "GRDrs_12_2023.txt"
    paper.write_text(EVIL_PAPER, encoding="utf-8")
    db = tmp_path / "work" / "g.db"
    db.parent.mkdir()
    r = run_grdrs("ingest", str(paper), "--db", str(db))
    assert r.returncode == 0, r.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT title FROM papers WHERE number = '12/2023'").fetchone()[0] \
        == EVIL_TITLE
    conn.close()
    return db, paper


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "dot", "html", "oparl"])
def test_export_writes_only_the_named_file(evil_db, tmp_path: Path, fmt: str):
    db, _ = evil_db
    target = tmp_path / "out" / f"graph.{fmt}"
    target.parent.mkdir()
    before = _tree(tmp_path)
    r = run_grdrs("export", "graph", "--format", fmt, "-o", str(target), "--db", str(db))
    assert r.returncode == 0, r.stderr
    new = _tree(tmp_path) - before
    assert new <= {target, Path(f"{db}-wal"), Path(f"{db}-shm")}, new
    assert target.exists()


def test_csv_export_writes_only_into_the_named_folder(evil_db, tmp_path: Path):
    db, _ = evil_db
    folder = tmp_path / "csv out"
    before = _tree(tmp_path)
    r = run_grdrs("export", "graph", "--format", "csv", "-o", str(folder), "--db", str(db))
    assert r.returncode == 0, r.stderr
    new = _tree(tmp_path) - before - {Path(f"{db}-wal"), Path(f"{db}-shm")}
    assert new == {folder, folder / "nodes.csv", folder / "edges.csv"}, new


def test_extract_html_escapes_document_strings(evil_db, tmp_path: Path):
    _, paper = evil_db
    benign = tmp_path / "benign" / "GRDrs_12_2023.txt"
    benign.parent.mkdir()
    benign.write_text(BENIGN_PAPER, encoding="utf-8")
    evil_page = run_grdrs("extract", "--html", str(paper)).stdout
    benign_page = run_grdrs("extract", "--html", str(benign)).stdout
    assert evil_page and "&lt;script&gt;alert(1)&lt;/script&gt;" in evil_page
    assert len(_ACTIVE.findall(evil_page)) == len(_ACTIVE.findall(benign_page))
    assert "<img src=x" not in evil_page and "</script><script>alert(4)" not in evil_page


def test_graph_html_escapes_document_strings(evil_db, tmp_path: Path):
    db, _ = evil_db
    pages = {}
    for name, text in (("evil", EVIL_PAPER), ("benign", BENIGN_PAPER)):
        d = tmp_path / name
        d.mkdir(exist_ok=True)
        (d / "GRDrs_12_2023.txt").write_text(text, encoding="utf-8")
        assert run_grdrs("ingest", str(d), "--db", str(d / "g.db")).returncode == 0
        out = d / "graph.html"
        r = run_grdrs("export", "graph", "--format", "html", "-o", str(out), "--db",
                      str(d / "g.db"))
        assert r.returncode == 0, r.stderr
        pages[name] = out.read_text(encoding="utf-8")
    data_block = re.compile(r'(<script[^>]*id="data"[^>]*>)(.*?)(</script>)', re.S)
    for name, page in pages.items():
        m = data_block.search(page)
        assert m, "the graph's data is one JSON block"
        data = m.group(2)
        assert "</" not in data and "<!--" not in data  # cannot end the block early
        assert "innerHTML" not in page and "document.write" not in page  # text only, no markup
        pages[name] = data_block.sub(r"\1\3", page)
    assert "<script>alert(1)</script>" not in pages["evil"]
    assert len(_ACTIVE.findall(pages["evil"])) == len(_ACTIVE.findall(pages["benign"]))


# --- nothing in a document fetches a URL or runs code -------------------------------------------

URL_TEXT = """GRDrs 14/2023 Betreff: Links
Siehe https://www.stuttgart.de/vorlage.pdf und http://127.0.0.1:9/x, ftp://example.org/a,
file:///etc/passwd, \\\\server\\share\\x.pdf, www.example.org, mailto:a@b.de, data:text/html,<b>
"""
URL_HTML = """<!DOCTYPE html [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/xxe">]>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="http://127.0.0.1:9/a.css">
<script src="http://127.0.0.1:9/a.js"></script><meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/r">
<base href="http://127.0.0.1:9/"></head>
<body onload="fetch('http://127.0.0.1:9/o')"><p>GRDrs 15/2023 &xxe; Budget 1.000 EUR</p>
<img src="http://127.0.0.1:9/i.png"><iframe src="http://127.0.0.1:9/f"></iframe>
<object data="http://127.0.0.1:9/o.swf"></object><a href="http://127.0.0.1:9/l">Link</a>
</body></html>"""


def _url_pdf() -> bytes:
    content = b"BT /F1 12 Tf 72 720 Td (GRDrs 16/2023 https://127.0.0.1:9/p) Tj ET"
    return gen.build([
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R /Names << /JavaScript << /Names "
        b"[(a) 6 0 R] >> >> /AA << /WC 7 0 R >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> /Annots [8 0 R] /AA << /O 9 0 R >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /S /JavaScript /JS (app.launchURL\\('http://127.0.0.1:9/js'\\);) >>",
        b"<< /S /Launch /F (/bin/sh) /Win << /F (cmd.exe) >> >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /URI "
        b"/URI (http://127.0.0.1:9/uri) >> >>",
        b"<< /S /SubmitForm /F << /FS /URL /F (http://127.0.0.1:9/submit) >> >>",
    ])


class NetworkUsed(BaseException):
    """Not an Exception: a reader's ``except Exception`` cannot swallow it."""


def test_documents_never_make_grdrs_fetch_or_run_anything(tmp_path: Path, monkeypatch):
    log = tmp_path / "attempts.log"

    def refuse(what):
        def f(*args, **kwargs):
            with open(log, "a", encoding="utf-8") as out:
                out.write(f"{what}: {args[:2]!r}\n")
            raise NetworkUsed(what)
        return f

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(subprocess, "Popen", refuse("subprocess.Popen"))
    import os

    monkeypatch.setattr(os, "system", refuse("os.system"))
    d = tmp_path / "in"
    d.mkdir()
    (d / "links.txt").write_text(URL_TEXT, encoding="utf-8")
    (d / "links.html").write_text(URL_HTML, encoding="utf-8")
    (d / "links.pdf").write_bytes(_url_pdf())
    db = tmp_path / "g.db"
    conn = store.connect(db, write=True)
    s = ingest(conn, [d])  # workers fork from this process: they carry the patches
    assert not log.exists(), log.read_text(encoding="utf-8")
    assert s.failed == 0 and s.new == 3, s.errors
    texts = " ".join(store.page_text(conn, f, p)
                     for f, p in conn.execute("SELECT file_id, page FROM pages"))
    assert "https://www.stuttgart.de/vorlage.pdf" in texts and "GRDrs 16/2023" in texts


def test_control_characters_of_a_stored_text_do_not_reach_the_terminal(tmp_path):
    """A title holding an escape sequence (text from a PDF's broken font encoding, or made on
    purpose) is printed with U+FFFD for its control characters: it cannot retitle or recolour
    the reader's terminal; --json keeps the characters, escaped."""
    import json

    src = tmp_path / "vorlage.txt"
    src.write_text("Beschlussvorlage\nBetreff: Radwege \x1b]0;pwned\x07Nord\x9b31m\n\nText.\n",
                   encoding="utf-8")
    db = tmp_path / "g.db"
    assert run_grdrs("ingest", str(src), "--db", str(db), "--profile", "generic").returncode == 0
    out = run_grdrs("papers", "--db", str(db)).stdout
    assert "Radwege" in out and not any(c in out for c in "\x1b\x07\x9b"), repr(out)
    shown = run_grdrs("show", "vorlage", "--db", str(db)).stdout
    assert "Radwege" in shown and "\x1b" not in shown
    (paper,) = json.loads(run_grdrs("papers", "--db", str(db), "--json").stdout)
    assert "\x1b]0;pwned\x07" in paper["title"], paper
