"""A council's key from its name: what OParl's Body calls it becomes a slug that names the
profile and the papers' council ("Gemeinde Hürtgenwald" → ``huertgenwald``)."""

from __future__ import annotations

import re
import unicodedata

_TRANSLIT = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue",
             "ẞ": "ss"}
# Kinds of municipality in front of its name ("Gemeinde Hürtgenwald" → huertgenwald); a Kreis
# keeps its word (Kreis Düren is not Stadt Düren).
MUNICIPALITY = re.compile(
    r"^(?:(?:Freie[ \t]+und[ \t]+)?Hansestadt|Landeshauptstadt|Bundesstadt|Universitätsstadt|"
    r"Wissenschaftsstadt|(?:Große[ \t]+)?Kreisstadt|Kreisfreie[ \t]+Stadt|Stadt|Gemeinde|"
    r"Ortsgemeinde|Marktgemeinde|Markt|Rat[ \t]+der[ \t]+Stadt)[ \t]+", re.IGNORECASE)


def slug(text: str, strip_kind: bool = False) -> str:
    """A council's key: lower case, umlauts transliterated (ä→ae, ö→oe, ü→ue, ß→ss), other
    accents dropped, anything else a hyphen: "Gemeinde Hürtgenwald" → "gemeinde-huertgenwald"
    (``strip_kind``: "huertgenwald")."""
    text = text.strip()
    if strip_kind:
        text = MUNICIPALITY.sub("", text) or text
    text = "".join(_TRANSLIT.get(c, c) for c in text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "council"
