"""Runs the extractors in order and assembles the :class:`~grdrs.model.Extraction`.

Order matters: consultations use the committees found, dates use the consultations (to decide
month-first header dates), amounts use the dates (periods), metadata uses everything before it.
Each module exposes ``extract(ctx)``; its result is kept in ``ctx.results[name]``.
"""

from __future__ import annotations

import importlib

from ..model import Extraction, PaperMeta

ORDER = ("references", "committees", "consultations", "dates", "amounts", "positions",
         "metadata")


def _key(fact) -> tuple[int, int]:
    span = getattr(fact, "span", None)
    return (span.page, span.start) if span is not None else (0, 0)


def run(ctx) -> Extraction:
    for name in ORDER:
        try:
            module = importlib.import_module(f".{name}", __package__)
        except ModuleNotFoundError as err:
            if err.name != f"{__package__}.{name}":
                raise
            ctx.results[name] = [] if name != "metadata" else PaperMeta()
            continue
        ctx.results[name] = module.extract(ctx)
    r = ctx.results
    paper = r["metadata"] if isinstance(r["metadata"], PaperMeta) else PaperMeta()
    return Extraction(
        source=ctx.doc.source,
        council=ctx.profile.council,
        paper=paper,
        consultations=tuple(r["consultations"]),
        references=tuple(sorted(r["references"], key=_key)),
        amounts=tuple(sorted(r["amounts"], key=_key)),
        dates=tuple(sorted(r["dates"], key=_key)),
        committees=tuple(sorted(r["committees"], key=_key)),
        positions=tuple(sorted(r["positions"], key=_key)),
        warnings=ctx.doc.warnings,
    )
