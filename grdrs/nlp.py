"""spaCy as the document model: facts as spans on a ``spacy.blank("de")`` Doc.

The extractors run compiled regexes over the clean text (the blank tokenizer manages about
1 MB/s, too slow for every ingest); a Doc is built where it is needed — ``grdrs extract
--html`` — with the page's stored text, so the facts' offsets are the Doc's character offsets.
The tokenizer learns the council's tokens: paper numbers (``669/2021``, ``2023/0425/1``) and
abbreviations (``i.H.v.``, ``i. H. v.``, ``Nr.``, ``GRDrs.``) stay whole.

No model is ever downloaded. If the user has a trained German pipeline installed
(``de_core_news_sm``/``md``/``lg``/``trf``), its entity recognizer adds persons and
organisations (PER, ORG) to the display. :func:`html_targets` names the pages of several
files (never one of the files read).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

TRAINED = ("de_core_news_lg", "de_core_news_md", "de_core_news_sm", "de_dep_news_trf")
ABBREVIATIONS = ("i.H.v.", "i. H. v.", "u.a.", "z.B.", "vgl.", "Nr.", "Nrn.", "GRDrs.", "rd.",
                 "ca.", "bzw.", "ggf.", "Abs.", "gem.", "ff.", "Dr.", "p.a.", "Mio.", "Mrd.",
                 "Tsd.", "StR", "BM", "BMin", "OB", "EBM")
LABELS = {"references": "REF", "amounts": "AMOUNT", "dates": "DATE", "committees": "COMMITTEE",
          "positions": "POSITION", "consultations": "CONSULTATION"}
COLORS = {"REF": "#7aecec", "AMOUNT": "#feca74", "DATE": "#bfe1d9", "COMMITTEE": "#aa9cfc",
          "POSITION": "#e4e7d2", "CONSULTATION": "#ddd0ff", "PER": "#ffd6e7", "ORG": "#d9fe74"}
_NUMBER_TOKEN = re.compile(r"^\d{1,5}/\d{2,4}(?:/\d{1,3})?$")


@cache
def blank():
    """A blank German pipeline whose tokenizer keeps paper numbers and abbreviations whole."""
    import spacy
    from spacy.symbols import ORTH

    nlp = spacy.blank("de")
    for abbr in ABBREVIATIONS:
        if " " not in abbr:
            nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    # "669/2021" would be split at the slash by the infix rules: a token_match keeps it whole
    old = nlp.tokenizer.token_match

    def token_match(text: str):
        if _NUMBER_TOKEN.match(text):
            return True
        return old(text) if old else None

    nlp.tokenizer.token_match = token_match
    return nlp


@cache
def trained():
    """An installed trained German pipeline (NER only), or None. Never downloads."""
    import spacy

    for name in TRAINED:
        if spacy.util.is_package(name):
            return spacy.load(name, disable=["parser", "lemmatizer", "tagger", "morphologizer",
                                             "attribute_ruler"])
    return None


def page_doc(text: str, facts: list[tuple[int, int, str]], *, people: bool = True):
    """A Doc of one page's stored text with its facts in ``doc.spans["facts"]``.

    ``facts`` are (start, end, label) character offsets into ``text``; a trained pipeline, if
    installed, adds PER and ORG spans.
    """
    from spacy.tokens import Span

    nlp = blank()
    doc = nlp(text)
    spans: list[Span] = []
    for start, end, label in facts:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    model = trained() if people else None
    if model is not None:
        for ent in model(text).ents:
            if ent.label_ in ("PER", "ORG"):
                span = doc.char_span(ent.start_char, ent.end_char, label=ent.label_,
                                     alignment_mode="expand")
                if span is not None:
                    spans.append(span)
    doc.spans["facts"] = spans
    return doc


def facts_by_page(obj: dict[str, Any]) -> dict[int, list[tuple[int, int, str]]]:
    """The facts of an ``extract --json`` object, per page, as (start, end, label)."""
    out: dict[int, list[tuple[int, int, str]]] = {}
    for kind, label in LABELS.items():
        for f in obj.get(kind, []):
            if f.get("page") is None or f.get("end_page") not in (None, f["page"]):
                continue
            out.setdefault(f["page"], []).append((f["start"], f["end"], label))
    return out


def render_html(obj: dict[str, Any], pages: list[str]) -> str:
    """One self-contained HTML page: every page of the document with its facts highlighted."""
    import html
    import warnings

    from spacy import displacy

    by_page = facts_by_page(obj)
    docs = [page_doc(text, by_page.get(i + 1, [])) for i, text in enumerate(pages)]
    parts = []
    for i, doc in enumerate(docs):
        with warnings.catch_warnings():  # a page without facts is shown as it is, not warned of
            warnings.filterwarnings("ignore", message=r"\[W117\]")
            body = displacy.render(doc, style="span", page=False, jupyter=False,
                                   options={"spans_key": "facts", "colors": COLORS})
        parts.append(f"<section><h2>Seite {i + 1}</h2>{body}</section>")
    p = obj["paper"]
    title = html.escape(f"{obj['source']} — {p.get('title') or ''}")
    legend = " ".join(f'<span style="background:{c};padding:0 4px">{html.escape(k)}</span>'
                      for k, c in COLORS.items())
    return ("<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'>"
            f"<title>{title}</title><style>body{{font-family:sans-serif;max-width:60em;"
            "margin:auto}section{border-top:1px solid #ccc}</style></head><body>"
            f"<h1>{title}</h1><p>{legend}</p>{''.join(parts)}</body></html>")


def html_targets(files, output: str) -> dict[str, Path]:
    """Where ``extract --html -o OUTPUT`` writes each file's page: OUTPUT for one file; for
    several, NAME.html in OUTPUT's folder — NAME.pdf.html (the whole file name) where NAME.html
    would be an input or another input's page, NAME-2.html … beyond that. An input is never
    written over; ValueError when -o names the one input."""
    inputs = {Path(f).resolve() for f in files}
    if len(inputs) == 1:  # one file (perhaps named twice: a.txt, ./a.txt)
        if Path(output).resolve() in inputs:
            raise ValueError(f"-o {output} is the input file; name another file")
        return dict.fromkeys(files, Path(output))
    folder = Path(output).parent
    taken: set[Path] = set()
    out: dict[str, Path] = {}
    by_file: dict[Path, Path] = {}  # one page per file however it is named
    for f in dict.fromkeys(files):
        p = Path(f)
        if p.resolve() in by_file:
            out[f] = by_file[p.resolve()]
            continue
        names = [f"{p.stem}.html", f"{p.name}.html"] + [f"{p.stem}-{k}.html" for k in
                                                        range(2, len(files) + 3)]
        target = next(folder / n for n in names if (folder / n).resolve() not in inputs
                      and (folder / n).resolve() not in taken)
        taken.add(target.resolve())
        out[f] = by_file[p.resolve()] = target
    return out
