"""`grdrs ingest-oparl URL`: the walk of an endpoint — System → Body → the organization,
meeting and paper lists (``links.next``, ``modified_since``, resumable) — and the profile
learned again from all papers at the end (:meth:`EndpointRun.relearn`). A mixin of
:class:`grdrs.oparl.importer.Importer`, which stores what the walk reads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .. import store
from .client import Client, OParlError
from .jobs import Job
from .mapping import PaperPlan, as_list, normalize, object_hash, type_name, without_text


class SourceError(Exception):
    """The source cannot be read at all (exit status 2)."""


class EndpointRun:
    """The endpoint half of the importer (``self`` is an :class:`Importer`)."""

    def open_endpoint(self, url: str) -> list:
        """The endpoint's bodies (read before any database is opened: a source that does not
        answer leaves none behind). Raises :class:`SourceError`."""
        try:
            self.client = Client(url, delay=self.delay, retries=self.retries,
                                 warn=lambda msg: self.warning(url, msg))
            root = self.client.get_json(url)
        except OParlError as err:
            raise SourceError(str(err)) from None
        kind = type_name(root)
        if kind == "System":
            bodies_ref = normalize(root).get("body")
            try:
                if isinstance(bodies_ref, str):
                    bodies = [b for items, _, _ in self.client.pages(bodies_ref) for b in items]
                else:
                    bodies = as_list(bodies_ref)
            except OParlError as err:
                raise SourceError(f"cannot list the bodies: {err}") from None
        elif kind == "Body":
            bodies = [root]
        else:
            raise SourceError(f"{url} is not an OParl System or Body (type {kind or 'missing'})")
        if not bodies:
            raise SourceError(f"{url}: the system lists no body")
        return bodies

    def run_endpoint(self, bodies: list) -> None:
        for body in bodies:
            if isinstance(body, str):
                try:
                    body = self.client.get_json(body)
                except OParlError as err:
                    self.error(body, str(err))
                    continue
            self.run_body(normalize(body))

    def run_body(self, body: dict[str, Any]) -> None:
        self.choose_profile([str(body.get("name") or ""), str(body.get("shortName") or ""),
                             str(body.get("website") or ""), str(body.get("id") or "")])
        if self.profile is None:  # learn it once the organizations and a page of papers are in
            self._learn_body = body
        self.store_plain([body], "Body")
        for lst, handler in (("organization", self._page_plain("Organization")),
                             ("meeting", self._page_plain("Meeting")),
                             ("paper", self._page_papers)):
            value = body.get(lst)
            if isinstance(value, list):  # embedded instead of a list URL
                handler(value)
            elif isinstance(value, str):
                self.sync_list(str(body.get("id")), lst, value, handler)
            self.on_status(f"{lst}: done")
        self.relearn(body)
        self.save_learned()

    def relearn(self, body: dict[str, Any]) -> None:
        """A profile learned from the first page of papers (the walk stores each page as it
        comes), or by an earlier run, is learned again from all of this council's OParl
        objects now stored, as a folder import learns it from all at once; the papers whose
        identity the new profile reads otherwise (a suffix seen only on later pages:
        `48/2018 1. Ergänzung` → 48/2018 and its suffix) are stored again under it, their
        edges with them. Reads the stored JSON once: no request, no text read again."""
        if self.profile_name or (self.profile is not None and not self._learned):
            return  # --profile, or a shipped profile
        # (no profile at all: a run interrupted before it saved the one it learned; the papers
        # it stored under the first page's profile are parted again now)
        stored = {t: store.oparl_stored(self.conn, t, self.council)
                  for t in ("Organization", "Meeting", "Paper")}
        learn = {"body": body, **{k: [o[3] for o in stored[t]] for k, t in (
            ("organizations", "Organization"), ("meetings", "Meeting"), ("papers", "Paper"))}}
        old = self.profile.digest if self.profile is not None else None
        self.profile = None
        self.profile = self._learned_profile(learn)
        self._adopt()
        if self.profile is None or self.profile.digest == old:
            return
        for _, phash, key, data in stored["Paper"]:
            if key is not None and self._plan(data).key != key:
                self.store_paper(data, stored_hash=phash)

    def _page_plain(self, otype: str) -> Callable[[list], None]:
        return lambda items: self.store_plain(items, otype)

    def _page_papers(self, items: list) -> None:
        if self._learn_body is not None and self.profile is None:
            body, self._learn_body = self._learn_body, None
            self.profile = self._learned_profile({
                "body": body, "organizations": self._learn_orgs,
                "papers": [normalize(p) for p in items if isinstance(p, dict)]})
            self._adopt()
        plans = []
        for item in items:
            if isinstance(item, str):  # a list of URLs
                try:
                    item = self.client.get_json(item)
                except OParlError as err:
                    self.error(item, str(err))
                    continue
            plan = self.store_paper(item)
            if plan is not None:
                plans.append(plan)
        self.process(self._endpoint_jobs(plans))

    def _endpoint_jobs(self, plans: list[PaperPlan]) -> Iterator[Job | None]:
        yield from self.embedded_jobs(plans)
        for plan in plans:
            for f in plan.files:
                if f.id in self.handled_files:
                    continue
                self.handled_files.add(f.id)
                url = f.obj.get("accessUrl") or f.obj.get("downloadUrl")
                fhash = object_hash(without_text(f.obj))
                stored = store.file_state(self.conn, f.id)
                if stored is not None and store.oparl_hash(self.conn, f.id) == fhash:
                    self.summary.files_unchanged += 1
                    continue
                if not isinstance(url, str) or not url:
                    self.warning(f.id, "File without text and without accessUrl")
                    continue
                try:
                    data, _ = self.client.fetch(url, own_host=False)
                except OParlError as err:
                    self.summary.files_failed += 1
                    self.error(f.id, str(err))
                    store.record_failure(self.conn, f.id, None, str(err))
                    continue
                name = f.file_name or f.name or url.rstrip("/").rsplit("/", 1)[-1]
                sha = hashlib.sha256(data).hexdigest()
                if stored is not None and stored[1] == sha:
                    self._keep_hash(f.id, fhash)
                    self.summary.files_unchanged += 1
                    continue
                yield Job(f.id, name, data, _kind_for(f.obj, name), self.job_profile(), sha,
                          len(data), file_hash=fhash)

    def sync_list(self, body_id: str, lst: str, url: str, handler: Callable[[list], None]) -> None:
        """Walk one list with modified_since, resumably (oparl_sync)."""
        state = store.oparl_sync_get(self.conn, body_id, lst)
        resume = None
        if self.since:
            since = self.since if "T" in self.since else f"{self.since}T00:00:00+00:00"
            started = _now()
        elif state is not None and state["next_url"]:
            resume, since, started = state["next_url"], state["since"], state["started"]
            self.on_status(f"{lst}: resuming an interrupted run at {resume}")
        else:
            since = state["watermark"] if state is not None else None
            started = _now()
        if resume is None:
            store.oparl_sync_put(self.conn, body_id, lst, since=since, started=started,
                                 next_url=None)
        try:
            pages = (self.client.pages(resume) if resume is not None
                     else self.client.pages(url, since=since))
            for items, nxt, _ in pages:
                handler(items)
                store.oparl_sync_put(self.conn, body_id, lst, next_url=nxt)
        except OParlError as err:
            self.error(url, f"{lst} list: {err}")
            return
        store.oparl_sync_put(self.conn, body_id, lst, next_url=None,
                             watermark=started if not self.since else
                             (state["watermark"] if state is not None else None))


def _kind_for(file_obj: dict[str, Any], name: str) -> str:
    from ..sources import SUFFIXES

    mime = str(file_obj.get("mimeType") or "").lower()
    if "pdf" in mime:
        return "pdf"
    if "html" in mime:
        return "html"
    if mime.startswith("text/"):
        return "txt"
    return SUFFIXES.get(Path(name).suffix.lower(), "pdf")


def _now() -> str:
    """The watermark for the next run: now (UTC) minus a margin for clocks that differ."""
    t = datetime.now(timezone.utc) - timedelta(minutes=5)
    return t.replace(microsecond=0).isoformat()
