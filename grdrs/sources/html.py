"""HTML pages, as the city's system serves them (legacy single-byte encodings), reduced to text.

The standard library's HTMLParser walks the page: scripts and styles are skipped, block
elements and ``<br>`` end a line, table cells are separated by tabs and rows by newlines
(so a table reads like the text exports), whitespace inside text collapses as a browser would.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..model import Document
from .text import decode, pages_of

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_WS = re.compile(r"\s+")
_BLOCK = {"p", "div", "br", "li", "ol", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "table",
          "tr", "tbody", "thead", "tfoot", "form", "section", "article", "header", "footer",
          "blockquote", "pre", "hr", "dl", "dt", "dd", "title", "center", "address"}
_SKIP = {"script", "style", "noscript", "template", "head"}


def declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096]) or _XML_ENCODING.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.pre = 0
        self.title_seen = False

    def _newline(self) -> None:
        if self.out and not self.out[-1].endswith("\n"):
            self.out.append("\n")

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP and tag != "head":
            self.skip += 1
        elif tag == "pre":
            self.pre += 1
            self._newline()
        elif tag in ("td", "th"):
            if self.out and not self.out[-1].endswith(("\n", "\t")):
                self.out.append("\t")
        elif tag == "li":
            self._newline()
            self.out.append("- ")
        elif tag in _BLOCK:
            self._newline()

    def handle_startendtag(self, tag, attrs):
        if tag in ("br", "hr"):
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP and tag != "head":
            self.skip = max(0, self.skip - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
            self._newline()
        elif tag in _BLOCK and tag != "br":
            self._newline()

    def handle_data(self, data):
        if self.skip:
            return
        if not self.pre:
            data = _WS.sub(" ", data)
            if not data.strip():
                if self.out and not self.out[-1].endswith((" ", "\n", "\t")):
                    self.out.append(" ")
                return
            if self.out and self.out[-1].endswith(("\n", "\t")):
                data = data.lstrip()
        self.out.append(data)


def html_to_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = (line.strip(" ") for line in "".join(parser.out).split("\n"))
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def read_html(data: bytes, name: str, source: str) -> Document:
    markup, warnings = decode(data, declared_charset(data))
    if "\x00" in markup:
        warnings.append(f"NUL bytes removed: {markup.count(chr(0))}")
    text = html_to_text(markup)
    return Document(source, name, "html", pages_of(text), (), tuple(warnings))
