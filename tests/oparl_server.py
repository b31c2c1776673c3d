"""Test support for the OParl import: a sample of the Karlsruhe archive and a small OParl 1.1
server on loopback (http.server in a thread) that serves it.

The sample: papers with texts, preferring ones with consultations and super-/subordinated links
whose partners are in the sample too, their meetings, all organizations, and one deleted
placeholder. The server: System → Body → paginated lists (``links.next``) with
``modified_since``; files without an embedded text are served as text/plain downloads. Quirks
(plural keys, ``underDirectionof``, no ``modified``, a 404 for an empty date window, a looping
pagination, failing pages) are switched on per test.
"""

from __future__ import annotations

import copy
import gzip
import json
import threading
from datetime import datetime, timezone
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

KA_PREFIX = "https://web1.karlsruhe.de/oparl/bodies/0001"
OLD = "2020-01-01T00:00:00+00:00"


@lru_cache(maxsize=4)
def karlsruhe_sample(folder: str, n: int = 60) -> dict:
    """Papers (with texts), meetings, organizations of a sample; deterministic."""
    root = Path(folder)
    papers = [json.loads(line) for line in gzip.open(root / "papers.jsonl.gz", "rt",
                                                       encoding="utf-8")]
    by_id = {p["id"]: p for p in papers}
    live = [p for p in papers if not p.get("deleted") and p.get("auxiliaryFile")
            and p.get("consultation")]
    chosen: dict[str, dict] = {}
    # linked pairs first (both ends in the sample), then every k-th paper of the rest
    for p in live:
        if len(chosen) >= n // 3:
            break
        for other in p.get("superordinatedPaper", []):
            q = by_id.get(other)
            if q and not q.get("deleted") and q.get("auxiliaryFile"):
                chosen[p["id"]] = p
                chosen[q["id"]] = q
    step = max(1, len(live) // n)
    for p in live[::step]:
        if len(chosen) >= n:
            break
        chosen.setdefault(p["id"], p)
    deleted = next(p for p in papers if p.get("deleted"))
    files = {f["id"].rsplit("/", 1)[-1] for p in chosen.values() for f in p["auxiliaryFile"]}
    texts = {}
    for line in gzip.open(root / "texts.jsonl.gz", "rt", encoding="utf-8"):
        rec = json.loads(line)
        if rec["file"] in files:
            texts[rec["file"]] = rec
    meeting_ids = {c.get("meeting") for p in chosen.values() for c in p.get("consultation", [])}
    meetings = [m for m in (json.loads(line) for line in gzip.open(
        root / "meetings.jsonl.gz", "rt", encoding="utf-8")) if m["id"] in meeting_ids]
    orgs = json.loads((root / "organizations.json").read_text(encoding="utf-8"))
    return {"papers": list(chosen.values()), "deleted": deleted, "meetings": meetings,
            "organizations": orgs, "texts": texts}


def write_dump(sample: dict, folder: Path) -> Path:
    """The sample as a Karlsruhe-style JSON-lines dump."""
    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(folder / "papers.jsonl.gz", "wt", encoding="utf-8") as fh:
        for p in sample["papers"] + [sample["deleted"]]:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    with gzip.open(folder / "meetings.jsonl.gz", "wt", encoding="utf-8") as fh:
        for m in sample["meetings"]:
            fh.write(json.dumps(m, ensure_ascii=False) + "\n")
    with gzip.open(folder / "texts.jsonl.gz", "wt", encoding="utf-8") as fh:
        for rec in sample["texts"].values():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    (folder / "organizations.json").write_text(json.dumps(sample["organizations"],
                                                          ensure_ascii=False), encoding="utf-8")
    (folder / "README.md").write_text("sample\n", encoding="utf-8")
    return folder


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class OParlServer:
    """An OParl 1.1 server for a sample, on 127.0.0.1 (a free port)."""

    def __init__(self, sample: dict, *, page_size: int = 10, download_every: int = 4,
                 quirks: set[str] | None = None,
                 body_name: tuple[str, str] = ("Stadt Karlsruhe", "Karlsruhe")) -> None:
        self.page_size = page_size
        self.body_name = body_name  # name, shortName
        self.quirks = set(quirks or ())
        self.log: list[str] = []
        self.fail: dict[str, int] = {}  # path+query substring → remaining failures (status 503)
        self.fail_status = 503
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        prefix = f"{self.base}/oparl/bodies/0001"
        self.prefix = prefix
        raw = json.dumps({k: sample[k] for k in ("papers", "meetings", "organizations")},
                         ensure_ascii=False).replace(KA_PREFIX, prefix)
        data = json.loads(raw)
        self.downloads: dict[str, str] = {}
        for i, p in enumerate(data["papers"]):
            p["modified"] = OLD
            for j, f in enumerate(p.get("auxiliaryFile", [])):
                key = f["id"].rsplit("/", 1)[-1]
                rec = sample["texts"].get(key)
                text = rec["text"] if rec else ""
                if (i + j) % download_every == 0 and text:
                    f["accessUrl"] = f"{self.base}/files/{key}.txt"
                    f["downloadUrl"] = f["accessUrl"]
                    f["mimeType"] = "text/plain"
                    self.downloads[key] = text
                else:
                    f["text"] = text
        for m in data["meetings"]:
            m["modified"] = OLD
        for o in data["organizations"]:
            o["modified"] = OLD
        deleted = json.loads(json.dumps(sample["deleted"]).replace(KA_PREFIX, prefix))
        deleted["modified"] = OLD
        self.lists = {"papers": data["papers"] + [deleted], "meetings": data["meetings"],
                      "organizations": data["organizations"]}
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    # --- the data -----------------------------------------------------------------------------
    def paper(self, oid: str) -> dict:
        return next(p for p in self.lists["papers"] if p["id"] == oid)

    def touch(self, oid: str, **changes) -> dict:
        p = self.paper(oid)
        p.update(changes)
        p["modified"] = _now()
        return p

    def delete(self, oid: str) -> None:
        p = self.paper(oid)
        p.clear()
        p.update({"id": oid, "type": "https://schema.oparl.org/1.1/Paper", "deleted": True,
                  "modified": _now()})

    def system(self) -> dict:
        return {"id": f"{self.base}/oparl/system", "type": "https://schema.oparl.org/1.1/System",
                "oparlVersion": "https://schema.oparl.org/1.1/", "name": "Test OParl",
                "body": f"{self.base}/oparl/bodies"}

    def body(self) -> dict:
        return {"id": self.prefix, "type": "https://schema.oparl.org/1.1/Body",
                "system": f"{self.base}/oparl/system", "name": self.body_name[0],
                "shortName": self.body_name[1], "organization": f"{self.prefix}/organizations",
                "person": f"{self.prefix}/people", "meeting": f"{self.prefix}/meetings",
                "paper": f"{self.prefix}/papers", "legislativeTerm": [],
                "created": OLD, "modified": OLD}

    def _shape(self, obj: dict) -> dict:
        obj = copy.deepcopy(obj)
        if "plural" in self.quirks and obj.get("type", "").endswith("Paper"):
            if "consultation" in obj:
                obj["consultations"] = obj.pop("consultation")
            if "auxiliaryFile" in obj:
                obj["files"] = obj.pop("auxiliaryFile")
        if "underDirectionof" in self.quirks and "underDirectionOf" in obj:
            obj["underDirectionof"] = obj.pop("underDirectionOf")
        if "no_modified" in self.quirks and not obj.get("deleted"):
            obj.pop("modified", None)
            obj.pop("created", None)
        return obj

    def list_page(self, name: str, query: dict) -> tuple[int, dict | None]:
        items = self.lists[name]
        since = query.get("modified_since", [None])[0]
        if since:
            t = datetime.fromisoformat(since)
            items = [o for o in items if "modified" not in o
                     or datetime.fromisoformat(o["modified"]) > t]
            if not items and "404_empty" in self.quirks:
                return 404, None
        page = int(query.get("page", ["1"])[0])
        chunk = items[(page - 1) * self.page_size: page * self.page_size]
        links = {}
        if page * self.page_size < len(items):
            q = f"page={page + 1}" + (f"&modified_since={since}" if since else "")
            links["next"] = f"{self.prefix}/{name}?{q}".replace("+", "%2B")
        elif "loop" in self.quirks and page > 1:
            links["next"] = f"{self.prefix}/{name}?page=1"
        return 200, {"data": [self._shape(o) for o in chunk], "pagination": {
            "totalElements": len(items), "elementsPerPage": self.page_size,
            "currentPage": page}, "links": links}

    # --- HTTP ---------------------------------------------------------------------------------
    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802
                server.log.append(self.path)
                for key, left in list(server.fail.items()):
                    if key in self.path and left > 0:
                        server.fail[key] = left - 1
                        return self._send(server.fail_status, b'{"error": "failing"}')
                parts = urlsplit(self.path)
                path, query = parts.path, parse_qs(parts.query)
                base = "/oparl/bodies/0001"
                if path == "/oparl/system":
                    return self._json(server.system())
                if path == "/oparl/bodies":
                    return self._json({"data": [server.body()], "links": {}})
                if path == base:
                    return self._json(server.body())
                for name in ("papers", "meetings", "organizations"):
                    if path == f"{base}/{name}":
                        status, page = server.list_page(name, query)
                        if page is None:
                            return self._send(status, b'{"error": "not found"}')
                        return self._json(page)
                if path.startswith("/files/"):
                    text = server.downloads.get(path[len("/files/"):].removesuffix(".txt"))
                    if text is not None:
                        return self._send(200, text.encode("utf-8"), "text/plain")
                url = server.base + path
                for items in server.lists.values():
                    for o in items:
                        if o.get("id") == url:
                            return self._json(server._shape(o))
                self._send(404, b'{"error": "not found"}')

            def _json(self, obj) -> None:
                self._send(200, json.dumps(obj, ensure_ascii=False).encode("utf-8"))

        return Handler

    def __enter__(self) -> OParlServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
