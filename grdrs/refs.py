"""REF: how a user names a paper (interfaces.md).

``563/2023``, ``GRDrs 563/2023``, ``563/2023 Neufassung``, ``"1181/2017 2. Ergänzung"``,
``Antrag 112/2023``, ``Anfrage 23/2018``, ``Niederschrift 9131``, ``2023/0425`` (Karlsruhe by
its shape), or the name ``grdrs papers`` prints for a paper without a number. A bare ``N/YYYY``
means the council's main series. Standard library only: query commands import this.
"""

from __future__ import annotations

from collections import namedtuple

_SERIES_WORDS = {
    "grdrs": "grdrs", "grdrs.": "grdrs", "grds": "grdrs", "gemeinderatsdrucksache": "grdrs",
    "drucksache": "grdrs", "gr-drucksache": "grdrs", "vorlage": None,
    "antrag": "antrag", "haushaltsantrag": "antrag", "anfrage": "anfrage",
    "beantwortung": "beantwortung", "stellungnahme": "stellungnahme",
    "niederschrift": "niederschrift", "protokoll": "niederschrift",
}
# patterns as text: re compiles (and caches) them on first use, not at import (start-up)
_REF = (
    r"^\s*(?:(?P<series>[A-Za-zÄÖÜäöüß.\-]+)\s*(?:Nr\.?\s*)?)?"
    r"(?P<number>\d{1,5}\s*/\s*\d{2,4}(?:/\d{1,3})?)"
    r"(?:\s+(?P<suffix>(?:\d+\.\s*)?Ergänzung(?:\s+zur\s+Neufassung)?|Neufassung))?\s*$")
# A Niederschrift is numbered by its session alone ("Niederschrift 9131"), as papers prints it;
# numbering restarts per committee and year, so committee and date may follow:
# "Niederschrift 66 (Verwaltungsausschuss, 2019-03-28)".
_PROTOCOL = (r"(?i)^\s*(?:niederschrift|protokoll)\s+(?:Nr\.?\s*)?(?P<number>\d{1,6})"
             r"(?:\s+(?P<qualifier>\S.*?))?\s*$")
# Karlsruhe: year/sequence with a zero-padded or non-year sequence ("2023/0425", "2023/0425/1");
# Stuttgart: number/year ("1181/2017").
_KARLSRUHE = r"^(?:19|20)\d\d/(?:0\d{3}|(?!19|20)\d{4})(?:/\d{1,3})?$"


class Ref(namedtuple("Ref", "number suffix series council name qualifier",
                     defaults=(None,))):
    """A parsed REF: number, suffix, series (a tuple; empty: any), council, or a name; a
    Niederschrift's qualifier (its committee and/or date).
    (A named tuple, not a dataclass: dataclasses import inspect, too slow for start-up.)"""

    __slots__ = ()

    def describe(self) -> str:
        if self.name is not None:
            return self.name
        head = f"{self.series[0].capitalize()} " if self.series and self.series[0] not in (
            "grdrs", "vorlage") else ""
        tail = f" {self.suffix}" if self.suffix else ""
        return f"{head}{self.number}{tail}" + (f" {self.qualifier}" if self.qualifier else "")

    def matches_qualifier(self, specific: str) -> bool:
        """Whether every word of the qualifier ("VA 2019-03-28", "(Gemeinderat, 28.03.2019)")
        is in a Niederschrift's specific name (its committee and date)."""
        have = _words(specific)
        return all(w in have or any(h.startswith(w) for h in have)
                   for w in _words(self.qualifier or ""))


def parse(text: str) -> Ref:
    """Parse a REF; anything that is not a number shape is taken as a paper name."""
    import re  # (not at import: `grdrs papers` and `search` start without it)

    raw = text.strip().strip('"').strip("'")
    m = re.match(_REF, raw)
    if m is None:
        protocol = re.match(_PROTOCOL, raw)
        if protocol is not None:
            return Ref(protocol.group("number"), None, ("niederschrift",), None, None,
                       protocol.group("qualifier"))
        return Ref(None, None, (), None, raw)
    number = re.sub(r"\s+", "", m.group("number"))
    suffix = norm_suffix(m.group("suffix"))
    word = (m.group("series") or "").lower()
    if word and word not in _SERIES_WORDS:
        return Ref(None, None, (), None, raw)
    series_name = _SERIES_WORDS.get(word)
    if re.match(_KARLSRUHE, number) and not word:
        return Ref(number, suffix, ("vorlage",), "karlsruhe", None)
    if series_name is None:
        series: tuple[str, ...] = ("grdrs", "vorlage")
    else:
        series = (series_name,)
    return Ref(number, suffix, series, None, None)


def norm_suffix(suffix: str | None) -> str | None:
    """A suffix as grdrs stores and prints it: "1.Ergänzung" → "1. Ergänzung"."""
    import re

    if not suffix:
        return None
    return re.sub(r"\s+", " ", re.sub(r"(\d)\.\s*", r"\1. ", suffix)).strip()


def _words(text: str) -> set[str]:
    """Lower-case words and ISO dates of a qualifier ("28.03.2019" read as 2019-03-28)."""
    import re

    text = re.sub(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b",
                  lambda m: f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}", text)
    return {w for w in re.split(r"[\s(),;]+", text.lower()) if w}
