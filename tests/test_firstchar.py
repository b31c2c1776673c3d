"""The first-character guard of regexes (grdrs/extractors/firstchar.py): the same matches,
found faster; patterns it cannot bound stay as they are."""

from __future__ import annotations

import random
import re

import pytest

from grdrs.extractors import references
from grdrs.extractors.firstchar import first_class, guarded
from grdrs.profiles import load

PATTERNS = [
    r"(?:(?:Beschluss|Mitteilungs)-?)?[Vv]orlagen?(?:nummer)?[ \t]*(?P<n>\d{1,4})/(?P<y>\d{4})",
    r"(?m)^[ \t]*(?:Nr\.|Drucksache)\s*(\d+)|\bDS\s*\d+",
    r"(?<![\w/.,])(?P<n>\d{3,5})/(?P<y>(?:19|20)\d{2})",
    r"(?:\A|(?<=\n))x{0}[a-c\-\]]+",
    r"(?=[A-Z])(?:[A-Z]{2,4}/)?\d+",
]
# the engine skips ahead by itself (a literal, a class, alternatives of literals): no guard
ENGINE_SKIPS = [r"(?P<q>[„\"])[^\n]{1,20}?[“\"]", r"Q(?P<qq>[1-4])", r"(?P<ow>erste|zweite)x",
                r"(?:DS)|(?:Vo)"]


def _matches(rx: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in rx.finditer(text)]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_guarded_finds_the_same_matches(pattern):
    rnd = random.Random(7)
    alphabet = "BMVvorlageDS Nr.Drucksache-]xabc0123456789/\n\t„“\"AZ2019"
    texts = ["".join(rnd.choice(alphabet) for _ in range(400)) for _ in range(200)]
    texts += ["Beschlussvorlage 12/2020, Mitteilungs-Vorlage 3/2019 und vorlage 1/2000",
              "Drucksache 17\nNr. 3 DS 4 xx\nabc-] „Titel“ 123/2021 AB/55"]
    plain, fast = re.compile(pattern), re.compile(guarded(pattern))
    assert fast.pattern != pattern  # each of these gets a guard
    for text in texts:
        assert _matches(fast, text) == _matches(plain, text)
        for pos in (0, 5, 77):
            a, b = plain.search(text, pos), fast.search(text, pos)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


def test_first_class_of_an_optional_prefix():
    assert first_class(r"(?:(?:Be|Mi)-?)?[Vv]orl") == "[BMVv]"
    assert first_class(r"\bDS|(?<=x)\d") == r"[D\d]"


@pytest.mark.parametrize("pattern", [r"a?", r".x", r"[^a]b", r"(?i)abc", r"(?i:a)b", r"(?:a|.)\d",
                                     r"(?x) a b", r"x*"])
def test_unbounded_patterns_stay_unchanged(pattern):
    assert first_class(pattern) is None
    assert guarded(pattern) == pattern


@pytest.mark.parametrize("pattern", ENGINE_SKIPS)
def test_patterns_the_engine_skips_by_itself_stay_unchanged(pattern):
    assert first_class(pattern) is not None
    assert guarded(pattern) == pattern


def test_global_flags_stay_in_front():
    got = guarded(r"(?m)^x|y")
    assert got == r"(?m)(?=[xy])(?:^x|y)"
    assert re.findall(got, "y\nx") == re.findall(r"(?m)^x|y", "y\nx")


def test_series_words_with_an_optional_start_get_a_guard():
    # generic and stuttgart words start with an optional group; karlsruhe's with literals
    for name in ("generic", "stuttgart"):
        for _, rx, _ in references.rules(load(name)).heads:
            assert rx.pattern.startswith("(?=[")
    assert references.rules(load("generic")).bare.pattern.startswith("(?=[")
    assert not references.rules(load("karlsruhe")).heads[0][1].pattern.startswith("(?=[")
