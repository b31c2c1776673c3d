"""Property tests (hypothesis) over all extractors, on random text and on mutated real text.

For any text: ``extract`` never raises; every fact's offsets lie inside its page and cover its
``text``; every amount's surface text parses back to its value (and ``value_to``); every date
is a real calendar date, a period's start is not after its end, a day date is one day, and
the years a date names are written in its text. Real text comes from ../shared (the seed
paper, the Stuttgart HTML pages, the first Karlsruhe texts) and the bundled sample corpus.

CI runs a few hundred examples (``GRDRS_FUZZ_EXAMPLES``, default 60 per test);
``python bench/robust_fuzz.py`` runs 10,000.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import unicodedata
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest
from conftest import SEED_TXT, SHARED, STUTTGART
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grdrs.decimal_parse import money, parse_number, scale_factor
from grdrs.extractors import extract
from grdrs.model import Document
from grdrs.sources.text import pages_of

EXAMPLES = int(os.environ.get("GRDRS_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES < 1000,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
ROOT = Path(__file__).resolve().parents[1]

# --- what the text is made of -----------------------------------------------------------------

TOKENS = [
    "GRDrs", "GRDRs", "GRDrsn", "Drucksache Nr.", "Vorlage Nr.:", "Antrag Nr.", "Anfrage",
    "Neufassung", "1. Ergänzung", "Anlage 1 zur", "„", "“", '"', "669/2021", "563/2023",
    "2023/0425", "2023/0425/1", "112/2023", "297 - 299/2019", "2022/2023", "1181/2017",
    "40.000", "3.704.966,97", "50.000,--", "4 300 000", "8.6", "5,39", "1.118", "260", "-36,6",
    "EUR", "Euro", "€", "DM", "TEUR", "T€", "T Euro", "Mio.", "Mrd.", "Tsd.", "Millionen",
    "/Jahr", "/ Jahr", "p.a.", "jährlich", "monatlich", "bis", "–", "-", "ca.", "rd.", "i.H.v.",
    "ab", "Ab dem", "seit", "für die Jahre", "und", "im Jahr", "4. Quartal", "zweiten Halbjahr",
    "Januar", "April", "Mai", "Dezember", "01/2022", "06/2022", "10/07/2020", "18.09.2023",
    "9.05.2023", "31.02.2023", "29.02.2024", "00.13.2023", "21. November 2021", "2024",
    "Doppelhaushalt 2024/2025", "Haushaltsplan", "Budget ab 2024", "Verwaltungsausschuss",
    "VA", "SGA", "Sozial- und Gesundheitsausschuss", "Ausschuß", "Gemeinderat",
    "Gemeinderatsbeschluss", "Vorlage an\tzur\tSitzungsart\tSitzungstermin", "Kenntnisnahme",
    "Beschlussfassung", "öffentlich", "nicht öffentlich", "EG 11", "A 15", "1,0 VK", "Stelle",
    "Landeshauptstadt Stuttgart", "Stadt Karlsruhe", "Mitteilungsvorlage", "Beschlussvorlage",
    "Niederschrift", "TOP 3", "Betreff:", "Stuttgart, 18.09.2023", "Ver-\nteilung", "- 2 -",
    "Seite 1", "MUSTER – nicht amtlich", "(vgl. Anlage 1)", ".", ",", ";", ":", "(", ")", " ",
    "  ", "\n", "\n\n", "\t", "\f", "\u00a0", "\ufffd", "9999999999999", "0", "00", "/",
]
_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))
_PIECE = st.one_of(st.sampled_from(TOKENS), st.text(_ALPHABET, max_size=6),
                   st.from_regex(r"\d{1,7}([.,/ ]\d{1,4}){0,3}", fullmatch=True))
RANDOM_TEXT = st.lists(_PIECE, max_size=80).map("".join)


@lru_cache(maxsize=1)
def real_texts() -> tuple[str, ...]:
    """Real and sample paper texts, cut into pieces of at most 6,000 characters."""
    from grdrs.sources import read

    texts: list[str] = []
    if SEED_TXT.exists():
        texts.append(SEED_TXT.read_text(encoding="utf-8"))
    if STUTTGART.is_dir():
        texts += ["\f".join(p.text for p in read(f).pages) for f in sorted(STUTTGART.glob("*.html"))]
    ka = SHARED / "corpora" / "karlsruhe" / "texts.jsonl.gz"
    if ka.exists():
        with gzip.open(ka, "rt", encoding="utf-8") as f:
            for line in f:
                text = json.loads(line).get("text") or ""
                if text.strip():
                    texts.append(text)
                if len(texts) >= 60:
                    break
    for f in sorted((ROOT / "corpus" / "papers").glob("*.txt")):
        texts.append("\f".join(p.text for p in read(f).pages))
    pieces = []
    for t in texts:
        pieces += [t[i:i + 6000] for i in range(0, min(len(t), 30000), 6000)]
    return tuple(p for p in pieces if p.strip())


@st.composite
def mutated_real_text(draw) -> str:
    texts = real_texts()
    if not texts:
        return draw(RANDOM_TEXT)
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(0, 6))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = min(n, i + draw(st.integers(0, 200)))
        op = draw(st.sampled_from(["delete", "insert", "duplicate", "replace", "swap", "digit"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(_PIECE) + text[i:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "replace":
            text = text[:i] + draw(st.text(_ALPHABET, max_size=3)) + text[i + 1:]
        elif op == "swap" and j > i:
            k = draw(st.integers(i, j))
            text = text[:i] + text[k:j] + text[i:k] + text[j:]
        elif op == "digit":
            text = re.sub(r"\d", lambda m: draw(st.sampled_from("0123456789")), text[i:j], count=3
                          ).join((text[:i], text[j:]))
    return text


# --- the properties -----------------------------------------------------------------------------

_NUMBER = re.compile(r"[-−]?\s*\d{1,3}(?:[. \u00a0]\d{3})+(?:,(?:\d+|[-–]{1,2}))?(?!\d)"
                     r"|[-−]?\s*\d+(?:[.,](?:\d+|[-–]{1,2}))?")
_SCALE = re.compile(r"\s*(Mio|Mrd|Mill|Tsd|Millionen|Million|Milliarden|Milliarde|Tausend)\b\.?")
_THOUSANDS = re.compile(r"\s*[Tk]\s?(?:EURO?|Euro|€|DM)")


def ascii_digits(text: str) -> str:
    """Unicode decimal digits (``\\d`` matches them, ``int`` reads them) as ASCII digits."""
    return re.sub(r"\d", lambda m: str(unicodedata.decimal(m.group(0))), text)


def amount_values(surface: str) -> list[str]:
    """The values written in an amount's surface text (one, or two for a range)."""
    found = []
    surface = ascii_digits(surface)
    for m in _NUMBER.finditer(surface):
        tok = m.group(0)
        if found:  # "140 - 190 €": the dash of a range is no minus sign
            tok = tok.lstrip("-−").lstrip()
        tok = tok.replace(" ", "").replace("\u00a0", "") if not re.search(
            r"\d \d{3}", tok) else tok
        after = surface[m.end():]
        scale = _SCALE.match(after)
        try:
            value = parse_number(tok.replace("\n", ""), dot_decimal=bool(scale))
        except ValueError:
            continue
        factor = scale_factor(scale.group(1)) if scale else Decimal(1)
        rest = after[scale.end():] if scale else after
        if _THOUSANDS.match(rest):
            factor *= 1000
        found.append([value, factor, bool(scale) or factor != 1])
    if len(found) == 2 and not found[0][2]:  # "5 bis 10 Mio. €": the scale is shared
        found[0][1] = found[1][1]
    return [money(v * f) for v, f, _ in found]


def _years(text: str) -> set[int]:
    text = ascii_digits(text)
    years = {int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text)}
    for y in re.findall(r"(?<=[/.])\d\d(?!\d)", text):  # "11.07.83", "01/22"
        years |= {1900 + int(y), 2000 + int(y)}
    return years


COLLECT = os.environ.get("GRDRS_FUZZ_COLLECT")  # bench: record failures here, go on


def check(text: str, profile: str | None = None) -> None:
    """Assert every property on ``text``; with ``GRDRS_FUZZ_COLLECT`` record failures instead."""
    if not COLLECT:
        _check(text, profile)
        return
    try:
        _check(text, profile)
    except Exception as err:  # noqa: BLE001 — every failure is a finding
        named = re.match(r"""\(['"]([a-z][^'"]+)['"],""", str(err))  # our property names
        kind = named.group(1) if isinstance(err, AssertionError) and named else \
            type(err).__name__
        with open(COLLECT, "a", encoding="utf-8") as f:
            f.write(json.dumps({"kind": kind, "error": repr(err)[:500], "profile": profile,
                                "text": text}, ensure_ascii=False) + "\n")


def _check(text: str, profile: str | None) -> None:
    doc = Document("fuzz.txt", "fuzz.txt", "txt", pages_of(text))
    result = extract(doc, profile).to_json()  # must not raise
    pages = [p.text for p in doc.pages]
    for kind, facts in result.items():
        if not isinstance(facts, list):
            continue
        for fact in facts:
            if not isinstance(fact, dict) or fact.get("page") is None:
                continue
            page, start, end = fact["page"], fact["start"], fact["end"]
            assert 1 <= page <= len(pages), ("page outside", kind, fact)
            last = fact.get("end_page") or page
            assert page <= last <= len(pages), ("end_page outside", kind, fact)
            assert 0 <= start <= len(pages[page - 1]), ("start outside page", kind, fact)
            assert 0 <= end <= len(pages[last - 1]), ("end outside page", kind, fact)
            if last == page:
                assert start <= end, ("start after end", kind, fact)
                assert pages[page - 1][start:end] == fact["text"], ("text != offsets", kind,
                                                                    fact)
    for a in result["amounts"]:
        values = amount_values(a["text"])
        assert values and values[0] == a["value"], ("amount value", a["text"], values, a)
        if a["value_to"] is not None:
            assert len(values) >= 2 and values[1] == a["value_to"], ("amount value_to",
                                                                     a["text"], values, a)
        if a["period_from"] and a["period_to"]:
            assert a["period_from"] <= a["period_to"], ("amount period reversed", a)
    for d in result["dates"]:
        try:
            start = date.fromisoformat(d["from"]) if d["from"] else None
            end = date.fromisoformat(d["to"]) if d["to"] else None
        except ValueError:
            raise AssertionError(("not a calendar date", d)) from None
        assert start is not None, ("date without from", d)
        if d["kind"] == "date":
            assert start == end, ("day date not one day", d)
        if end is not None:
            assert start <= end, ("period reversed", d)
        years = _years(d["text"])
        assert start.year in years, ("date year not written", d, years)
        assert end is None or end.year in years or end.year == start.year, (
            "period end year not written", d, years)


# --- the tests --------------------------------------------------------------------------------

@FUZZ
@given(RANDOM_TEXT, st.sampled_from([None, "stuttgart", "karlsruhe"]))
def test_random_text(text, profile):
    check(text, profile)


@FUZZ
@given(mutated_real_text(), st.sampled_from([None, "stuttgart", "karlsruhe"]))
def test_mutated_real_text(text, profile):
    check(text, profile)


@pytest.mark.parametrize("surface, values", [
    ("40.000 EUR/Jahr", ["40000.00"]), ("3.704.966,97 €", ["3704966.97"]),
    ("8.6 Mio. Euro", ["8600000.00"]), ("1.118 T Euro", ["1118000.00"]),
    ("260 T€", ["260000.00"]), ("80 TEUR", ["80000.00"]), ("50.000,-- Euro", ["50000.00"]),
    ("4 300 000 €", ["4300000.00"]), ("-36,6 Mio. Euro", ["-36600000.00"]),
    ("250.000 EUR – 300.000 EUR", ["250000.00", "300000.00"]),
    ("5 bis 10 Mio. €", ["5000000.00", "10000000.00"]), ("€ 100.000", ["100000.00"]),
    ("140 -  \n  190 €", ["140.00", "190.00"]),
])
def test_amount_parse_back_reads_the_documented_formats(surface, values):
    assert amount_values(surface) == values
