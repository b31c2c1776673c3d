"""What one `grdrs ingest-oparl` run did: the counts and the summary line it prints."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Summary:
    papers_new: int = 0
    papers_updated: int = 0
    papers_unchanged: int = 0
    papers_deleted: int = 0
    papers_skipped: int = 0
    papers_reparted: int = 0  # stored again: the profile learned from all papers parts them
    files_new: int = 0
    files_replaced: int = 0
    files_unchanged: int = 0
    files_no_text: int = 0
    files_failed: int = 0
    files_listed_only: int = 0  # listed by a paper, but the source gives no text for them
    meetings: int = 0
    organizations: int = 0
    meetings_skipped: int = 0  # older than --since: read (for consultations), not imported
    organizations_skipped: int = 0
    deleted_other: int = 0
    marked_deleted: int = 0  # `deleted: true` entries read (removed: papers_/deleted_other)
    sources_skipped: int = 0  # JSON files of a folder that hold no OParl object
    requests: int = 0
    seconds: float = 0.0
    t_extract: float = 0.0  # seconds spent in extraction (summed over workers)
    t_store: float = 0.0  # seconds spent storing files
    t_checks: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)

    def line(self) -> str:
        papers = (self.papers_new + self.papers_updated + self.papers_unchanged)
        files = (self.files_new + self.files_replaced + self.files_unchanged + self.files_no_text
                 + self.files_failed)
        skipped = _older(self.papers_skipped, "")
        req = f"; {self.requests} request(s)" if self.requests else ""
        return (f"{papers} paper(s): {self.papers_new} new, {self.papers_updated} updated, "
                f"{self.papers_unchanged} unchanged, {self.papers_deleted} deleted{skipped}"
                + (f", {self.papers_reparted} re-parted by the profile learned from all papers"
                   if self.papers_reparted else "") + "; "
                f"{files} file(s): {self.files_new} new, {self.files_replaced} replaced, "
                f"{self.files_unchanged} unchanged, {self.files_no_text} without text, "
                f"{self.files_failed} failed"
                + (f", {self.files_listed_only} listed without text" if self.files_listed_only
                   else "")
                + f"; {self.meetings} meeting(s){_older(self.meetings_skipped)}, "
                f"{self.organizations} organization(s){_older(self.organizations_skipped)}"
                + (f", {self.marked_deleted} marked deleted "
                   f"({self.papers_deleted + self.deleted_other} removed)"
                   if self.marked_deleted else "")
                + (f"; {self.sources_skipped} JSON file(s) without OParl objects skipped"
                   if self.sources_skipped else "")
                + f"; {len(self.errors)} failed object(s){req} in {self.seconds:.1f} s")


def _older(n: int, paren: str = "()") -> str:
    """", 3 older than --since" (or " (3 older than --since)"); nothing for none."""
    if not n:
        return ""
    return f" ({n} older than --since)" if paren else f", {n} older than --since"
