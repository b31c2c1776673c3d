"""Council profiles: one TOML file per council in this folder (read with ``tomllib``).

A profile holds what differs between councils as data: number patterns and spelling
variants, committee names with abbreviations and former names, document types, the budget
cycle and how header dates are written. Adding a city adds a file, not code.

A paper that matches no council's ``detect`` patterns gets ``generic.toml``: the numbering
shapes German councils share, read where a series word or the layout marks them. A profile
may also come from a file (``--profile my-council.toml``) or be learned from a council's OParl
data or its papers (:mod:`grdrs.profiles.learn`).
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

# The profile of a paper no council's `detect` patterns match.
DEFAULT = "generic"


@dataclass(frozen=True)
class Profile:
    name: str
    council: str
    data: dict[str, Any] = field(repr=False, compare=False, hash=False)
    # Content hash of a profile that is not one of the shipped files (a user's file, a learned
    # profile): two profiles of one name but different rules never share compiled patterns.
    digest: str = ""

    @property
    def generic(self) -> bool:
        """True for the fallback profile of councils grdrs knows nothing about."""
        return bool(self.data.get("generic"))

    def get(self, key: str, default: Any = None) -> Any:
        """A dotted key (``"budget.cycle_years"``) from the profile's TOML, or ``default``."""
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    @property
    def main_series(self) -> str:
        return self.get("numbers.main_series", "grdrs")

    def budget_for_year(self, year: int) -> str | None:
        """The budget period a year belongs to ("ab 2024" → "2024/2025" in Stuttgart)."""
        span = int(self.get("budget.years", 1))
        first = int(self.get("budget.first_year_parity", 0))
        if span <= 1:
            return str(year)
        start = year if year % 2 == first % 2 else year - 1
        return f"{start}/{start + span - 1}"


def names() -> list[str]:
    """The profiles shipped with grdrs."""
    return sorted(p.name[:-5] for p in resources.files(__package__).iterdir()
                  if p.name.endswith(".toml"))


def is_file_name(name: str) -> bool:
    """True if ``--profile`` names a file rather than a shipped profile."""
    return name.strip().lower().endswith(".toml") or "/" in name or "\\" in name


@cache
def load(name: str) -> Profile:
    """The shipped profile called ``name``, or the profile file at path ``name`` (``*.toml``);
    ``ValueError`` names the known ones if there is none."""
    if is_file_name(name):
        return load_file(name)
    key = name.strip().lower()
    res = resources.files(__package__) / f"{key}.toml"
    if not re.fullmatch(r"[a-z0-9_-]+", key) or not res.is_file():
        raise ValueError(f"unknown profile {name!r}; known: {', '.join(names())} "
                         f"(or a profile file NAME.toml)")
    data = tomllib.loads(res.read_text(encoding="utf-8"))
    return Profile(key, data.get("council", key), data)


def load_file(path: str | Path) -> Profile:
    """A profile file a user wrote or exported (``grdrs profile export``)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as err:
        raise ValueError(f"cannot read profile file {str(p)!r}: {err.strerror or err}") from None
    try:
        return from_toml(text, p.stem)
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"profile file {str(p)!r} is not valid TOML: {err}") from None


def from_toml(text: str, default_name: str = "profile") -> Profile:
    return from_data(tomllib.loads(text), default_name)


def from_data(data: dict[str, Any], default_name: str = "profile") -> Profile:
    """A profile of data that is not a shipped file; its patterns are checked here."""
    council = str(data.get("council") or default_name)
    _check_patterns(data)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False,
                                       default=str).encode()).hexdigest()[:16]
    return Profile(council, council, data, digest)


def _check_patterns(data: dict[str, Any]) -> None:
    """A broken regex in a user's profile is a ValueError naming its key, not a crash later."""
    numbers = data.get("numbers") or {}
    checks = [("numbers.number", numbers.get("number")), ("numbers.bare", numbers.get("bare")),
              ("numbers.list_item", numbers.get("list_item"))]
    checks += [(f"numbers.kinds.{k}", w) for k, ws in (numbers.get("kinds") or {}).items()
               for w in (ws or [])]
    checks += [("detect.patterns", p) for p in (data.get("detect") or {}).get("patterns") or []]
    checks += [("types.pattern", t.get("pattern")) for t in data.get("types") or []
               if isinstance(t, dict)]
    paper = data.get("paper") or {}
    checks += [("paper.own.pattern", o.get("pattern")) for o in paper.get("own") or []
               if isinstance(o, dict)]
    for key, value in paper.items():
        if key != "own":
            checks += [(f"paper.{key}", v) for v in (value if isinstance(value, list) else [value])
                       if isinstance(v, str)]
    for key, pattern in checks:
        if not pattern:
            continue
        if not isinstance(pattern, str):
            raise ValueError(f"profile: {key}: not a string: {pattern!r}")
        pattern = pattern.replace("{number}", "1").replace("{suffix}", "x").replace("{date}", "d")
        try:
            re.compile(pattern)
        except (re.error, TypeError) as err:
            raise ValueError(f"profile: {key}: not a regular expression: {err}") from None


_GLUED = re.compile(r"[A-ZÄÖÜ][a-zäöüß]*(?:-[A-ZÄÖÜ][a-zäöüß]*)*|.*")


def detect(text: str, file_name: str = "", candidates: tuple[Profile, ...] = ()) -> Profile:
    """The profile whose ``detect`` patterns score highest on the text (shipped profiles and
    ``candidates``, such as profiles learned from OParl data); none scoring: the generic one."""
    head = text[:6000]
    fallback = load(DEFAULT)
    best, best_score = fallback, 0
    for prof in [load(n) for n in names()] + list(candidates):
        score = sum(len(re.findall(p, head)) for p in prof.get("detect.patterns", []) or [])
        if score > best_score:
            best, best_score = prof, score
    # A paper that names other municipalities ("Rat der Stadt Köln") at least as often as the
    # best council's patterns hit (one "Karlsruhe" in a speech) is not that council's.
    other = fallback.get("detect.other_council")
    if best is not fallback and other:
        from .slug import slug

        # (a name glued to the next word, "Landeshauptstadt StuttgartNiederschrift" in a page
        # header, is the name before it)
        n_other = sum(1 for m in re.finditer(other, head)
                      if slug(_GLUED.match(m["name"])[0]) != best.council)
        if n_other >= best_score:
            return fallback
    return best


def dumps(profile: Profile | dict[str, Any], header: str = "") -> str:
    """The profile as a TOML file a user can edit and pass back with ``--profile FILE``."""
    from .toml_out import dumps as _dumps

    data = profile.data if isinstance(profile, Profile) else profile
    return _dumps(data, header)
