"""Exact parsing of German-written numbers into :class:`decimal.Decimal` (never float).

``parse_number("3.704.966,97")`` → ``Decimal("3704966.97")``. German style: ``.`` (or a blank)
groups thousands, ``,`` is the decimal mark; ``50.000,--`` and ``50.000,-`` mean ``,00``. With
``dot_decimal=True`` a dot followed by one or two digits is a decimal mark (``8.6 Mio.``).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
SCALES = {"mio": Decimal(10) ** 6, "million": Decimal(10) ** 6, "millionen": Decimal(10) ** 6,
          "mill": Decimal(10) ** 6, "mrd": Decimal(10) ** 9, "milliarde": Decimal(10) ** 9,
          "milliarden": Decimal(10) ** 9, "tsd": Decimal(1000), "tausend": Decimal(1000),
          "t": Decimal(1000), "k": Decimal(1000)}
_DASH_CENTS = re.compile(r",\s*[-–]{1,2}$")
_BLANK_CENTS = re.compile(r",[ \t]+(?=\d{2}$)")
# a grouped figure with a blank after its decimal comma, before its currency, as some exported
# texts print it ("180.165, 41 Euro"): one figure (the amounts extractor and check read it so)
BLANK_DECIMAL = r"\d{1,3}(?:\.\d{3}){1,5},[ \t]\d{2}(?=[ \t]*(?:EURO?|Euro|€)(?![\w]))"
_GROUPS = re.compile(r"[ .'\u202f\u00a0](?=\d{3}(?:\D|$))")


def parse_number(text: str, dot_decimal: bool = False) -> Decimal:
    """The exact value of a German-written number; ``ValueError`` if it is none."""
    s = text.strip().replace("−", "-")
    s = _DASH_CENTS.sub("", s)
    s = _BLANK_CENTS.sub(",", s)  # "180.165, 41" (a blank after the decimal comma)
    neg = s.startswith("-")
    if neg:
        s = s[1:].lstrip()
    if dot_decimal and "," not in s and re.fullmatch(r"\d+\.\d{1,2}", s):
        pass
    else:
        s = _GROUPS.sub("", s).replace(",", ".")
    try:
        value = Decimal(s)
    except InvalidOperation as err:
        raise ValueError(f"not a number: {text!r}") from err
    return -value if neg else value


def scale_factor(word: str | None) -> Decimal:
    """The factor of a scale word (``Mio.`` → 10⁶, ``T``/``Tsd.`` → 10³); 1 for none."""
    if not word:
        return Decimal(1)
    key = word.strip().rstrip(".").lower()
    return SCALES.get(key, Decimal(1))


def money(value: Decimal) -> str:
    """Two decimal places as a string: ``Decimal("40000")`` → ``"40000.00"``."""
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def fte(text: str) -> str:
    """A staff share as a string with at least one decimal place: ``"1,0"`` → ``"1.0"``."""
    value = parse_number(text)
    if value == value.to_integral_value():
        return f"{value.to_integral_value()}.0"
    return str(value.normalize())
