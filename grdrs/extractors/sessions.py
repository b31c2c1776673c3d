"""What every consultation reader shares: session dates (numeric, "21./22.04.2009", month
names), public/non-public, the profile's purpose and result vocabularies, and how a cell that
names no known committee becomes one (:func:`generic_or_raw`). Used by
:mod:`.consultations` (Stuttgart tables, Niederschriften) and :mod:`.beratungsfolge`
(Karlsruhe's tables and session headers).
"""

from __future__ import annotations

import re

from . import committees as _committees

# a session over several days ("21./22.04.2009", "16./17./18.12.2025") counts from its first day
DATE_RE = (r"(?<![\d./])(\d{1,2})\.(?:[ \t]?/[ \t]?\d{1,2}\.){0,3}[ \t]?(\d{1,2})\.[ \t]?"
         r"((?:19|20)\d{2}|\d{2})(?![\d])")
DATE = re.compile(DATE_RE)
# Karlsruhe slips: "22.032016", two-day sessions "07./08.12.2021" (the first day counts)
DATE_LOOSE = re.compile(r"(?<![\d./])(\d{1,2})\.(?:[ \t]?/[ \t]?\d{1,2}\.){0,3}[ \t]?(\d{1,2})\.?[ \t]?((?:19|20)\d{2})(?!\d)")
MONTHS = {m: i for i, m in enumerate(
    ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
     "oktober", "november", "dezember"], 1)}
DATE_WORDS_RE = r"(?<!\d)(\d{1,2})\.\s*(" + "|".join(MONTHS) + r"|jänner|maerz)\s+((?:19|20)\d{2})(?!\d)"
PUBLIC = re.compile(r"(?<!\w)(nicht[ \t]*\n?[ \t]*[-–]?[ \t]*öffentlich|nichtöffentlich|öffentlich)(?!\w)",
                    re.IGNORECASE)
DATE_ANY = re.compile(DATE_RE + r"|" + DATE_WORDS_RE, re.IGNORECASE)
DATE_WORDS = re.compile(r"()()()" + DATE_WORDS_RE, re.IGNORECASE)  # groups aligned with DATE_ANY
_BODY = re.compile(r"(?i)(?:ausschu(?:ss|ß)|rat|beirat|kommission|gremium|konferenz)$")


def iso_date(d: str, m: str, y: str) -> str | None:
    day, month, year = int(d), int(m), int(y)
    if year < 100:
        year += 2000 if year < 70 else 1900
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if day > (29 if month == 2 and year % 4 == 0 else 28 if month == 2
              else 30 if month in (4, 6, 9, 11) else 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def date_any(x: re.Match, offset: int = 0) -> str | None:
    """ISO date of a match of ``DATE_RE | DATE_WORDS_RE`` whose groups start after ``offset``."""
    g = x.groups()[offset:offset + 6]
    if g[0]:
        return iso_date(g[0], g[1], g[2])
    month = MONTHS.get(g[4].lower().replace("jänner", "januar").replace("maerz", "märz"), 0)
    return iso_date(g[3], str(month), g[5])


def nr_label(number: str) -> str:
    return "Nr. " + re.sub(r"[ \t]+", "", number)


def public_of(word: str | None) -> bool | None:
    if not word:
        return None
    return not word.lower().startswith("nicht")


def _vocab(words) -> re.Pattern | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    alt = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words).replace("ss", "(?:ss|ß)")
    return re.compile(r"(?<!\w)(" + alt + r")(?!\w)", re.IGNORECASE)


_VOCABS: dict[tuple, tuple] = {}


def vocabularies(profile) -> tuple[re.Pattern | None, re.Pattern | None, dict, dict]:
    purposes = tuple(profile.get("consultations.purposes", ()) or ())
    results = tuple(profile.get("consultations.results", ()) or ())
    key = (purposes, results)
    if key not in _VOCABS:
        _VOCABS[key] = (_vocab(purposes), _vocab(results),
                        {w.lower(): w for w in purposes}, {" ".join(w.lower().split()): w for w in results})
    return _VOCABS[key]


def canon(word: str, table: dict) -> str:
    """The vocabulary's spelling of a cell ("Beschlußfassung" → "Beschlussfassung")."""
    key = " ".join(word.lower().split())
    return table.get(key, table.get(key.replace("ß", "ss"), " ".join(word.split())))


def generic_or_raw(ctx, m, frag: str) -> str | None:
    frag = " ".join(frag.split()).strip(" ,;:")
    if not frag:
        return None
    if m.generic_re is not None:
        g = m.generic_re.fullmatch(frag)
        if g:
            return m.resolve_generic(g.group(1), ctx.text)
    words = frag.split()
    if (len(words) <= 6 and frag[:1].isupper() and _BODY.search(words[-1])
            and not re.search(r"\d", frag) and words[0] not in ("Der", "Die", "Das", "Dem", "Den")):
        return _committees.normalize_spelling(frag)
    return None
