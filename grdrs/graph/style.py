"""How the graph looks in every drawn export (DOT, HTML): one colour per kind of node."""

from __future__ import annotations

from typing import Any

KIND_COLOURS = {"paper": "#4e79a7", "stub": "#bab0ac", "committee": "#f28e2b",
                "meeting": "#edc948", "budget": "#59a14f", "fictional": "#b07aa1"}


def colour(d: dict[str, Any]) -> str:
    """Fill colour of a node from its attributes (kind, stub, fictional)."""
    if d.get("kind") == "paper":
        if d.get("fictional"):
            return KIND_COLOURS["fictional"]
        return KIND_COLOURS["stub"] if d.get("stub") else KIND_COLOURS["paper"]
    return KIND_COLOURS.get(d.get("kind"), "#ffffff")
