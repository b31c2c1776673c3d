"""The extractors and the small registry that runs them.

``extract(document, profile)`` is the one entry point: a pure function of the document
(its pages and file name) and the profile, so ingest can run it in worker processes.
Each extractor module exposes ``extract(ctx) -> list`` of facts over the clean text
(:class:`Context`), and reports spans through ``ctx.span`` so every fact carries its page,
offsets into the stored page text and surface text.

Patterns run as compiled regexes over the clean text; a spaCy Doc (``ctx.nlp_doc()``) is
built only where it is needed (``extract --html``), because the blank German tokenizer
runs at about 1 MB/s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..clean import Cleaned, clean
from ..model import Document, Extraction, PaperMeta, Span
from ..profiles import Profile, detect, load


@dataclass
class Context:
    """What every extractor reads: the document, its clean text and the profile."""

    doc: Document
    cleaned: Cleaned
    profile: Profile
    results: dict = field(default_factory=dict)  # facts of extractors that ran earlier

    @property
    def text(self) -> str:
        return self.cleaned.text

    @property
    def name(self) -> str:
        return self.doc.name

    def span(self, start: int, end: int) -> Span:
        return self.cleaned.span(start, end)

    @cached_property
    def own_key(self) -> tuple[str, str, str | None] | None:
        """(reference kind, number, suffix) of the paper itself (references skip it)."""
        from .metadata import own_number

        return own_number(self)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        from .sentences import split

        return split(self.text)


def make_context(doc: Document, profile: str | Profile | tuple | None = None) -> Context:
    """``profile``: a shipped profile's name or a profile file, a Profile, None (detect it), or
    a tuple of Profiles (learned ones) to detect among besides the shipped ones."""
    cleaned = clean(doc.pages)
    if isinstance(profile, str):
        prof = load(profile)
    elif profile is None or isinstance(profile, tuple):
        prof = detect(cleaned.text, doc.name, profile or ())
    else:
        prof = profile
    return Context(doc, cleaned, prof)


def extract(doc: Document, profile: str | Profile | None = None) -> Extraction:
    """All facts of ``doc``; ``profile`` None means: detect it from the document."""
    ctx = make_context(doc, profile)
    from . import registry

    return registry.run(ctx)


__all__ = ["Context", "Extraction", "PaperMeta", "extract", "make_context"]
