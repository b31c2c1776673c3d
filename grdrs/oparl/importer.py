"""`grdrs ingest-oparl`: an OParl endpoint or dump → the store.

Order: organizations and meetings first (consultations need committee names and meeting dates),
then papers (each Paper's metadata in one transaction), then the texts of their files (each File
in one transaction, read by the normal extractors on a ``Document(kind="oparl")``), then the
text-versus-OParl checks of every paper touched (``grdrs quality``).

Incremental: an object whose JSON is unchanged is skipped, a File whose text (or downloaded
bytes) has the same SHA-256 is not read again. From an endpoint, each list is fetched with
``modified_since`` = the start of the last complete run; where an interrupted run stopped is
kept (oparl_sync.next_url) and the next run resumes there. ``deleted: true`` removes what the
object became. With ``--since DATE`` only objects modified since DATE are imported.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .. import store, write
from ..paths import printable
from . import quality
from .client import Client, HTTPStatusError, OParlError
from .endpoint import EndpointRun, SourceError
from .jobs import Job, Result, run_jobs
from .mapping import (FilePlan, PaperPlan, as_list, iso_date, map_consultation, map_paper,
                      meeting_summary, normalize, object_hash, ref_id, split_reference,
                      without_text)
from .readers import Dump, DumpError
from .summary import Summary

EMPTY_TEXT = "no text in the OParl source (a scan without a text layer?); stored with its metadata"


# ---------------------------------------------------------------------------------------------

def _slug(text: str) -> str:
    """The council key of a body's name: "Gemeinde Hürtgenwald" → huertgenwald."""
    from ..profiles.slug import slug

    return slug(text, strip_kind=True) if text.strip() else "oparl"


class Importer(EndpointRun):
    def __init__(self, conn, source: str, *, profile: str | None = None,
                 since: str | None = None, jobs: int = 1, delay: float = 0.5,
                 retries: int = 3, on_error: Callable[[str, str], None] | None = None,
                 on_warning: Callable[[str, str], None] | None = None,
                 on_status: Callable[[str], None] | None = None) -> None:
        self.conn = conn
        self.path = source  # what is read; stored and printed as its printable form:
        self.source = printable(source)  # a folder whose name is not UTF-8 (grdrs.paths)
        self.profile_name = profile
        self.since = since
        self.jobs = max(1, jobs)
        self.delay = delay
        self.retries = retries
        self.on_error = on_error or (lambda where, why: None)
        self.on_warning = on_warning or (lambda where, why: None)
        self.on_status = on_status or (lambda msg: None)
        self.summary = Summary()
        self.client: Client | None = None
        self.profile = None
        self.council = "oparl"
        self.org_names: dict[str, str | None] = {}
        self.meetings: dict[str, dict[str, Any] | None] = {}
        self.paper_ids: dict[str, int] = {}
        self.touched: set[int] = set()
        self.file_index: dict[str, FilePlan] = {}  # File id and its last segment → plan
        self.handled_files: set[str] = set()
        self._committees: dict[str, str] = {}
        self.learn_report: list[str] = []
        self._learn_body: dict[str, Any] | None = None
        self._learn_orgs: list[dict[str, Any]] = []
        self._learned = False  # the profile is learned from OParl data (now or before)
        self._opened: tuple[str, Any] = ("", None)  # what open_source read: ("url", bodies) …
        self._t0 = time.perf_counter()

    # --- bookkeeping --------------------------------------------------------------------------
    def error(self, where: str, why: str) -> None:
        self.summary.errors.append((where, why))
        self.on_error(where, why)

    def warning(self, where: str, why: str) -> None:
        self.summary.warnings.append((where, why))
        self.on_warning(where, why)

    def _after_since(self, obj: dict[str, Any]) -> bool:
        """False for an object modified before --since (objects without `modified` pass)."""
        if not self.since:
            return True
        mod = iso_date(obj.get("modified"))
        return mod is None or mod >= self.since[:10]

    # --- council and profile ------------------------------------------------------------------
    def choose_profile(self, hints: list[str], learn: dict[str, Any] | None = None,
                       council: str | None = None) -> None:
        """The shipped profile the body's name names; else one learned from this council's
        OParl data (``learn``: body, organizations, papers, meetings) or learned into the
        database before; else none (the generic profile reads the texts). ``council``: the
        council grdrs's own export names (``grdrs:council``), else the hints give it."""
        from ..profiles import load, names

        if self.profile is not None:
            return
        if self.profile_name:
            self.profile = load(self.profile_name)
        else:
            text = " ".join(h for h in [council or "", *hints] if h).lower()
            for name in names():
                prof = load(name)
                if not prof.generic and (name in text or prof.council in text):
                    self.profile = prof
                    break
        if self.profile is None:
            name = next((h for h in hints if h and not h.startswith("http")), None)
            self.council = council or _slug(name or (hints[0] if hints else "oparl"))
            self.profile = self._learned_profile(learn)
        self._adopt()

    def _adopt(self) -> None:
        """The council and the committee names (by OParl id) of the profile chosen."""
        if self.profile is not None:
            self.council = self.profile.council
            for c in self.profile.get("committees", []) or []:
                for oid in as_list(c.get("oparl")):
                    self._committees[str(oid)] = c["name"]

    # --- issue 15: profiles learned from OParl ---------------------------------------------------
    def _learned_profile(self, learn: dict[str, Any] | None):
        """A profile learned from ``learn`` (and kept for :meth:`save_learned`), else the one
        learned into the database for this council before, else None."""
        from ..profiles import from_data, from_toml
        from ..profiles.learn import from_oparl

        if learn and learn.get("papers"):
            norm = lambda objs: [normalize(o) for o in objs if isinstance(o, dict)]  # noqa: E731
            data, self.learn_report = from_oparl(
                normalize(learn["body"]) if isinstance(learn.get("body"), dict) else None,
                norm(learn.get("organizations", [])), norm(learn["papers"]),
                norm(learn.get("meetings", [])))
            data["council"] = self.council
            self._learned = True
            return from_data(data, self.council)
        stored = store.learned_profiles(self.conn).get(self.council)
        self._learned = bool(stored)
        return from_toml(stored, self.council) if stored else None

    def save_learned(self) -> None:
        """Keep a profile learned in this run in the database (``grdrs profile show NAME``)."""
        from ..profiles import dumps

        if self.profile is None or not self.learn_report:
            return
        header = (f"Council profile of {self.council}, learned by grdrs from OParl data "
                  f"({self.source}).\nEdit it and pass it back with --profile FILE.\n\n"
                  + "\n".join(self.learn_report))
        store.save_learned_profile(self.conn, self.council, dumps(self.profile, header),
                                   self.source)

    def job_profile(self):
        """What a worker is told: a shipped profile's name, else the profile itself."""
        if self.profile is None:
            return None
        return self.profile.name if not self.profile.digest else self.profile

    def series_for(self, paper_type: str | None) -> str:
        main = self.profile.main_series if self.profile is not None else "vorlage"
        if self.profile is None or not paper_type:
            return main
        for t in self.profile.get("types", []) or []:
            if t.get("type") == paper_type and t.get("series"):
                return t["series"]
        return main

    def org_name(self, oid: str | None) -> str | None:
        if not oid:
            return None
        if oid in self._committees:
            return self._committees[oid]
        if oid not in self.org_names:
            data = store.oparl_data(self.conn, oid) or self._fetch_older(oid)
            self.org_names[oid] = (data or {}).get("name")
        return self.org_names[oid]

    def meeting(self, mid: str | None) -> dict[str, Any] | None:
        if not mid:
            return None
        if mid not in self.meetings:
            data = store.oparl_data(self.conn, mid) or self._fetch_older(mid)
            self.meetings[mid] = meeting_summary(data) if data else None
        return self.meetings[mid]

    def _fetch_older(self, oid: str) -> dict[str, Any] | None:
        """An endpoint's lists with --since leave out the older meetings and committees that
        an imported paper's consultations name: such an object is fetched by its id (once)
        for its date and name; not imported itself."""
        if self.client is None or not self.since or not oid.startswith(("http://", "https://")):
            return None
        try:
            data = self.client.get_json(oid)
        except OParlError as err:
            self.warning(oid, str(err))
            return None
        return normalize(data) if isinstance(data, dict) else None

    # --- objects ------------------------------------------------------------------------------
    def delete(self, oid: str) -> None:
        """``deleted: true``: remove what the object was stored as (if anything)."""
        self.summary.marked_deleted += 1
        removed = write.delete_oparl_object(self.conn, oid, main_series=self.series_for(None))
        if removed == "Paper":
            self.summary.papers_deleted += 1
        elif removed:
            self.summary.deleted_other += 1

    def store_plain(self, objs: Iterable[dict[str, Any]], otype: str) -> None:
        """Organizations, Meetings, Bodies: remembered (names, dates) and stored."""
        hashes = store.oparl_hashes(self.conn, otype)
        rows = []
        for raw in objs:
            if not isinstance(raw, dict) or not raw.get("id"):
                continue
            obj = normalize(raw)
            oid = str(obj["id"])
            if obj.get("deleted"):
                self.delete(oid)
                continue
            # read whatever --since says: imported papers' consultations need the
            # committees' names and the meetings' dates (kept in oparl_consultations)
            if otype == "Organization":
                if self._learn_body is not None:
                    self._learn_orgs.append(obj)
                self.org_names[oid] = obj.get("name") or obj.get("shortName")
            elif otype == "Meeting":
                self.meetings[oid] = meeting_summary(obj)
            count = {"Organization": "organizations", "Meeting": "meetings"}.get(otype)
            if not self._after_since(obj):
                if count:
                    setattr(self.summary, f"{count}_skipped",
                            getattr(self.summary, f"{count}_skipped") + 1)
                continue
            if count:
                setattr(self.summary, count, getattr(self.summary, count) + 1)
            h = object_hash(raw)
            if hashes.get(oid) == h:
                continue
            rows.append({"id": oid, "type": otype, "council": self.council, "source": self.source,
                         "modified": obj.get("modified") if isinstance(obj.get("modified"), str)
                         else None, "hash": h,
                         "data": _dumps(without_text(obj)),
                         "date": self.meetings[oid]["date"] if otype == "Meeting" else None})
            if len(rows) >= 500:
                self.touched |= write.store_oparl_objects(
                    self.conn, rows, main_series=self.series_for(None))
                rows = []
        if rows:
            self.touched |= write.store_oparl_objects(
                self.conn, rows, main_series=self.series_for(None))

    def _plan(self, raw: dict[str, Any]) -> PaperPlan:
        return map_paper(raw, council=self.council, series_for=self.series_for,
                         org_name=self.org_name, meeting=self.meeting,
                         paper_key=store.paper_key,
                         split_ref=lambda ref: split_reference(ref, self.profile))

    def store_paper(self, raw: Any, stored_hash: str | None = None) -> PaperPlan | None:
        """Store one Paper; ``stored_hash``: a stored Paper stored again under another
        profile (its hash stays what the source's JSON gave; counted as re-parted)."""
        if not isinstance(raw, dict) or not raw.get("id"):
            self.error(str(raw)[:80], "not an OParl Paper (no id)")
            return None
        obj = normalize(raw)
        oid = str(obj["id"])
        if obj.get("deleted"):
            self.delete(oid)
            return None
        if not stored_hash and not self._after_since(obj):
            self.summary.papers_skipped += 1
            return None
        try:
            plan = self._plan(raw)
            plan.hash = stored_hash or plan.hash
            for url in plan.url_consultations:  # a server that lists consultations by URL
                if self.client is not None:
                    try:
                        plan.consultations.append(map_consultation(
                            self.client.get_json(url), self.org_name, self.meeting))
                    except OParlError as err:
                        self.warning(url, str(err))
            status, pid = write.store_oparl_paper(
                self.conn, oparl_id=plan.oparl_id, key=plan.key, cols=plan.cols,
                council=self.council, source=self.source, modified=plan.modified,
                hash=plan.hash, data=plan.data, consultations=plan.consultations,
                links=plan.links, files=[(f.id, f.role, f.name) for f in plan.files],
                main_series=self.series_for(None))
        except Exception as err:  # noqa: BLE001 — one broken object must not stop the import
            if store.fatal_write_error(err):
                raise
            self.error(oid, f"cannot import paper: {type(err).__name__}: {err}")
            return None
        self.paper_ids[oid] = pid
        status = "reparted" if stored_hash else status
        setattr(self.summary, f"papers_{status}", getattr(self.summary, f"papers_{status}") + 1)
        if status != "unchanged":
            self.touched.add(pid)
        for f in plan.files:
            self.file_index[f.id] = f
            self.file_index.setdefault(f.id.rstrip("/").rsplit("/", 1)[-1], f)
        return plan

    # --- files --------------------------------------------------------------------------------
    def text_job(self, oid: str, name: str, text: str, papers: tuple[str, ...] = ()
                 ) -> Job | None:
        """A job for a text, or None when it is unchanged or empty (stored right here)."""
        self.handled_files.add(oid)
        data = text.encode("utf-8", "surrogatepass")
        sha = hashlib.sha256(data).hexdigest()
        state = store.file_state(self.conn, oid)
        if state is not None and state[1] == sha:
            self.summary.files_unchanged += 1
            return None
        job = Job(oid, name, text, None, self.job_profile(), sha, len(data), papers)
        if not text.strip():
            self._store(Result(job), empty=True)
            return None
        return job

    def _links(self, job: Job) -> list[tuple[int, str]]:
        links = store.oparl_file_links(self.conn, job.oid)
        if links:
            return links
        out = []
        for p in job.papers:
            pid = self.paper_ids.get(p) or store.oparl_paper_id(self.conn, p)
            if pid is not None:
                has_main = any(r == "main" for _, r in out)
                out.append((pid, "attachment" if has_main else "main"))
        return out

    def _store(self, result: Result, empty: bool = False) -> None:
        job = result.job
        self.summary.t_extract += result.seconds
        if result.error is not None:
            self.summary.files_failed += 1
            self.error(job.oid, result.error)
            store.record_failure(self.conn, job.oid, job.sha256, result.error)
            return
        t0 = time.perf_counter()
        links = self._links(job)
        try:
            stored = write.store_oparl_file(
                self.conn, oparl_id=job.oid, name=job.name, council=self.council,
                sha256=job.sha256, size=job.size, doc=result.doc, ext=result.ext,
                page_clean=result.clean or [], links=links, main_series=self.series_for(None),
                warnings=[EMPTY_TEXT] if empty else None, page_restore=result.restore)
        except Exception as err:  # noqa: BLE001 — one broken file must not stop the import
            if store.fatal_write_error(err):
                raise
            self.summary.files_failed += 1
            self.error(job.oid, f"cannot store: {type(err).__name__}: {err}")
            return
        if job.file_hash:
            self._keep_hash(job.oid, job.file_hash)
        self.summary.t_store += time.perf_counter() - t0
        self.touched.update(pid for pid, _ in links)
        if empty:
            self.summary.files_no_text += 1
            self.warning(job.oid, EMPTY_TEXT)
        elif stored.status == "new":
            self.summary.files_new += 1
        elif stored.status == "replaced":
            self.summary.files_replaced += 1
        else:
            self.summary.files_unchanged += 1

    def process(self, jobs: Iterable[Job | None]) -> None:
        for result in run_jobs((j for j in jobs if j is not None), self.jobs):
            self._store(result)

    def embedded_jobs(self, plans: Iterable[PaperPlan]) -> Iterator[Job | None]:
        """Jobs for Files whose text the OParl objects carry (``File.text``)."""
        for plan in plans:
            for f in plan.files:
                text = f.obj.get("text")
                if isinstance(text, str) and f.id not in self.handled_files:
                    yield self.text_job(f.id, f.file_name or f.name or f.id, text)

    # --- dumps --------------------------------------------------------------------------------
    def open_source(self) -> None:
        """Read the start of the source before any database is opened (a source that cannot
        be read makes none and changes none): an endpoint's System and bodies, a dump's
        objects. Raises :class:`SourceError`."""
        self._t0 = time.perf_counter()
        problem = source_problem(self.path)
        if problem:
            raise SourceError(f"{self.source}: {problem}")
        if self.source.lower().startswith(("http://", "https://")):
            self._opened = ("url", self.open_endpoint(self.source))
            return
        path = str(Path(self.path).resolve())
        try:
            dump = Dump(path)
            self._opened = ("dump", (path, dump, dump.objects()))
        except DumpError as err:
            raise SourceError(str(err)) from None

    def run(self, conn, on_wait: Callable[[str], None] | None = None) -> Summary:
        """Import the opened source into ``conn``, holding the same lock as ``grdrs ingest``
        (:func:`grdrs.ingest.ingest_lock`): two writers into one database take turns;
        ``on_wait`` hears that this one waits."""
        from ..ingest import ingest_lock

        self.conn = conn
        with ingest_lock(conn, on_wait):
            store.init_oparl(conn)
            kind, opened = self._opened
            try:
                if kind == "url":
                    self.run_endpoint(opened)
                else:
                    self.run_dump(*opened)
                store.rank_common_words(conn)  # (as grdrs ingest: see there)
            finally:
                # whatever got stored is checked, also after an interruption or an error
                if self.touched:
                    self.run_checks()
                if self.client is not None:
                    self.summary.requests = self.client.requests
                self.summary.seconds = time.perf_counter() - self._t0
        return self.summary

    def run_dump(self, path: str, dump: Dump, objects: dict[str, list[dict[str, Any]]]
                 ) -> None:
        for where, why in dump.errors:
            self.error(where, why)
        dump.errors.clear()
        for where in dump.skipped:
            self.summary.sources_skipped += 1
            self.warning(where, "no OParl object in it (not OParl data); skipped")
        hints = []
        for b in objects.get("Body", []):
            hints += [str(b.get("name") or ""), str(b.get("shortName") or ""), str(b.get("id"))]
        for p in objects.get("Paper", [])[:50]:
            hints.append(str(ref_id(p.get("body")) or p.get("id")))
        bodies = objects.get("Body", [])
        self.choose_profile(hints + [printable(Path(path).resolve())],
                            learn={"body": bodies[0] if len(bodies) == 1 else None,
                                   "organizations": objects.get("Organization", []),
                                   "papers": objects.get("Paper", []),
                                   "meetings": objects.get("Meeting", [])},
                            council=self._own_council(objects))
        for oid in dump.deleted:  # deletion marks that do not say their type
            self.delete(oid)
        self.store_plain(objects.get("Body", []), "Body")
        self.store_plain(objects.get("Organization", []), "Organization")
        self.on_status(f"{self.summary.organizations} organization(s)")
        self.store_plain(objects.get("Meeting", []), "Meeting")
        self.on_status(f"{self.summary.meetings} meeting(s)")
        plans = [p for p in (self.store_paper(o) for o in objects.pop("Paper", [])) if p]
        for plan in plans:  # stored: only the file plan is still needed
            plan.cols, plan.data, plan.consultations = {}, "", []
        objects.pop("Meeting", None)
        self.on_status(f"{len(plans)} paper(s) stored, now their texts")
        files = {str(f["id"]): f for f in map(normalize, objects.get("File", []))}
        for f in files.values():  # top-level Files: their own plan if no paper lists them
            if f["id"] not in self.file_index:
                self.file_index[f["id"]] = FilePlan(f["id"], "attachment", f.get("name"),
                                                    f.get("fileName"), f)
        self.process(self._dump_jobs(dump, plans, files))
        for where, why in dump.errors:
            self.error(where, why)
        # Files that papers list but the dump gives no text for: their metadata stays in
        # oparl_file_papers / the paper's JSON; nothing to read
        self.summary.files_listed_only = len(self._wanted - self.handled_files)
        self.save_learned()

    def _own_council(self, objects: dict[str, list[dict[str, Any]]]) -> str | None:
        """The council grdrs's own OParl export names (``grdrs:council``), if it names one."""
        said = Counter(o["grdrs:council"] for objs in objects.values() for o in objs
                       if isinstance(o.get("grdrs:council"), str) and o["grdrs:council"].strip())
        if len(said) > 1:
            self.warning(self.source, f"objects of {len(said)} councils ({', '.join(said)}); "
                         f"all imported as {said.most_common(1)[0][0]}")
        return _slug(said.most_common(1)[0][0]) if said else None

    def _dump_jobs(self, dump: Dump, plans: list[PaperPlan],
                   files: dict[str, dict[str, Any]]) -> Iterator[Job | None]:
        self._wanted = {f.id for p in plans for f in p.files}
        yield from self.embedded_jobs(plans)
        for f in files.values():
            text = f.get("text")
            if isinstance(text, str) and f["id"] not in self.handled_files and (
                    not self.since or self._after_since(f)):
                papers = tuple(ref_id(p) for p in as_list(f.get("paper")) if ref_id(p))
                yield self.text_job(f["id"], f.get("fileName") or f.get("name") or f["id"],
                                    text, papers)
        n = 0
        for rec in dump.texts():
            key = str(rec.get("file") or "")
            plan = self.file_index.get(key)
            papers = tuple(str(p) for p in as_list(rec.get("papers")) if p)
            if plan is not None:
                oid, name = plan.id, plan.file_name or plan.name or plan.id
            elif key.startswith(("http://", "https://")):
                oid, name = key, key.rstrip("/").rsplit("/", 1)[-1]
            elif papers and "/papers/" in papers[0]:
                oid, name = papers[0].split("/papers/")[0] + "/files/" + key, key
            else:
                self.error(f"text of file {key!r}", "names no File and no paper")
                continue
            if oid in self.handled_files:
                continue
            if self.since and oid not in self._wanted:
                continue
            text = rec.get("text")
            yield self.text_job(oid, name, text if isinstance(text, str) else "", papers)
            n += 1
            if n % 5000 == 0:
                self.on_status(f"{n} text(s) read")

    def _keep_hash(self, oid: str, fhash: str) -> None:
        write.store_oparl_objects(self.conn, [{"id": oid, "type": "File",
                                               "council": self.council, "hash": fhash}],
                                  main_series=self.series_for(None))

    # --- checks -------------------------------------------------------------------------------
    def run_checks(self) -> None:
        t0 = time.perf_counter()
        pids = set(self.touched)
        pids |= store.oparl_papers_linking(self.conn, pids)
        batch = []
        for pid in sorted(pids):
            inp = store.oparl_check_input(self.conn, pid)
            if inp is None:
                continue
            summary, issues = quality.check(inp)
            batch.append((pid, inp["council"], summary, issues))
            if len(batch) >= 1000:
                store.store_oparl_checks(self.conn, batch)
                batch = []
        if batch:
            store.store_oparl_checks(self.conn, batch)
        self.summary.t_checks = time.perf_counter() - t0


def _dumps(obj: Any) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False)


def source_problem(source: str) -> str | None:
    """Why ``source`` cannot be an OParl source (None: an http(s) URL, or a path that is
    there): a URL of another scheme (``ftp://``), a path that is not there."""
    import re

    if source.lower().startswith(("http://", "https://")):
        return None
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]+://", source):
        return ("not an http(s) URL; ingest-oparl reads http(s) URLs, and folders or files "
                "of OParl JSON")
    return None if Path(source).exists() else "no such file or folder"


def open_oparl(source: str, **options: Any) -> Importer:
    """An importer for ``source`` (an endpoint URL, a dump folder or file) with the start of
    the source read (:meth:`Importer.open_source`), before any database is opened."""
    imp = Importer(None, source, **options)
    imp.open_source()
    return imp


def ingest_oparl(conn, source: str, *, on_wait: Callable[[str], None] | None = None,
                 **options: Any) -> Summary:
    """Import ``source`` into the open database (:func:`open_oparl`, then
    :meth:`Importer.run`)."""
    return open_oparl(source, **options).run(conn, on_wait)


__all__ = ["HTTPStatusError", "Importer", "SourceError", "Summary", "ingest_oparl",
           "open_oparl", "source_problem"]
