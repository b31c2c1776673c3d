"""A small, polite OParl HTTP client (standard library ``urllib``).

The only network grdrs ever uses (interfaces.md "Network"): the host of the URL the user named,
and the file URLs that server lists. Object and list requests to any other host are refused, and
so is a redirect away from the host. One request at a time, ``delay`` seconds between requests,
retries with exponential back-off on timeouts, connection errors, 429 and 5xx (honouring
``Retry-After``), a clear :class:`HTTPStatusError` on any other 4xx/5xx.

:meth:`Client.pages` follows ``links.next`` through an OParl list, with ``modified_since``; it
treats a 404 for a date window as an empty list (some vendors answer so when nothing changed) and
stops a pagination that loops (a ``next`` seen before, or a page of objects all seen before).
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

USER_AGENT = "grdrs (OParl import; +https://github.com/grdrs)"


class OParlError(Exception):
    """A request that failed for good; ``str(err)`` names the URL and the reason."""


class HTTPStatusError(OParlError):
    def __init__(self, status: int, url: str, reason: str = "") -> None:
        self.status = status
        self.url = url
        super().__init__(f"server answered {status} {reason}".rstrip() + f" for {url}")


class _SameHostRedirect(urllib.request.HTTPRedirectHandler):
    def __init__(self, netloc: str) -> None:
        self.netloc = netloc

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401
        if _split(newurl).netloc != self.netloc:
            raise OParlError(f"{req.full_url} redirects to another host ({newurl}); grdrs only "
                             f"talks to {self.netloc}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def with_param(url: str, key: str, value: str) -> str:
    parts = _split(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
    query.append((key, value))
    return urlunsplit(parts._replace(query=urlencode(query)))


def _split(url: str, named: bool = True):
    """``urlsplit`` of a URL, its port and host name checked; a malformed one (``http://[::1``,
    a port that is no number, a host name with an empty or over-long label: ``http://a..b/``)
    is an :class:`OParlError` (naming it unless ``named`` is false: the URL the user gave,
    which the error line names already), not a ValueError."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 — raises ValueError for a port that is no number
        if parts.hostname:
            parts.hostname.encode("idna")  # UnicodeError (a ValueError): label empty, too long
    except UnicodeError:
        raise OParlError(f"not a valid URL{f': {url}' if named else ''} (a label of its host "
                         "name is empty or longer than 63 characters)") from None
    except ValueError as err:
        raise OParlError(f"not a valid URL{f': {url}' if named else ''} ({err})") from None
    return parts


class Client:
    def __init__(self, root_url: str, *, delay: float = 0.5, retries: int = 3,
                 backoff: float = 1.0, timeout: float = 60.0,
                 warn: Callable[[str], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        parts = _split(root_url, named=False)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise OParlError(f"not an http(s) URL: {root_url}")
        self.netloc = parts.netloc
        self.delay = max(0.0, delay)
        self.retries = max(0, retries)
        self.backoff = backoff
        self.timeout = timeout
        self.warn = warn or (lambda msg: None)
        self.sleep = sleep
        self.requests = 0
        self._last = 0.0
        self._own = urllib.request.build_opener(_SameHostRedirect(self.netloc))
        self._any = urllib.request.build_opener()

    # ----------------------------------------------------------------------------------------
    def fetch(self, url: str, *, own_host: bool = True) -> tuple[bytes, str]:
        """GET ``url``: (body, content type). ``own_host=False`` for file URLs the server lists."""
        parts = _split(url)
        if parts.scheme not in ("http", "https"):
            raise OParlError(f"refusing {url}: grdrs fetches only http(s) URLs")
        if own_host and parts.netloc != self.netloc:
            raise OParlError(f"refusing {url}: not on {self.netloc}, the host you named")
        opener = self._own if own_host else self._any
        attempt = 0
        while True:
            wait = self._last + self.delay - time.monotonic()
            if wait > 0:
                self.sleep(wait)
            req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                       "Accept": "application/json, */*"})
            retry_after = None
            try:
                self.requests += 1
                with opener.open(req, timeout=self.timeout) as resp:
                    body = resp.read()
                    ctype = resp.headers.get_content_type()
                self._last = time.monotonic()
                return body, ctype
            except urllib.error.HTTPError as err:
                self._last = time.monotonic()
                if err.code not in (408, 425, 429, 500, 502, 503, 504) or attempt >= self.retries:
                    raise HTTPStatusError(err.code, url, err.reason or "") from None
                retry_after = err.headers.get("Retry-After") if err.headers else None
                problem = f"{err.code} {err.reason}"
            except OParlError:
                raise
            except UnicodeError as err:  # a redirect to a host name that is no valid name
                raise OParlError(f"not a valid URL: {url} ({err})") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError,
                    http.client.HTTPException) as err:
                self._last = time.monotonic()
                reason = getattr(err, "reason", None) or err
                if attempt >= self.retries:
                    raise OParlError(f"cannot fetch {url}: {reason}") from None
                problem = str(reason)
            pause = self.backoff * (2 ** attempt)
            if retry_after and str(retry_after).isdigit():
                pause = min(max(pause, float(retry_after)), 300.0)
            attempt += 1
            self.warn(f"{url}: {problem}; retry {attempt}/{self.retries} in {pause:.1f} s")
            self.sleep(pause)

    def get_json(self, url: str) -> Any:
        body, _ = self.fetch(url)
        try:
            return json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise OParlError(f"{url} did not answer with JSON ({err})") from None

    def pages(self, url: str, *, since: str | None = None
              ) -> Iterator[tuple[list[Any], str | None, str]]:
        """(objects, next URL, this page's URL) for each page of an OParl list."""
        if since:
            url = with_param(url, "modified_since", since)
        seen_urls: set[str] = set()
        seen_ids: set[str] = set()
        current: str | None = url
        while current:
            if current in seen_urls:
                self.warn(f"pagination loops back to {current}; stopping this list there")
                return
            seen_urls.add(current)
            try:
                page = self.get_json(current)
            except HTTPStatusError as err:
                if err.status == 404 and "modified_since" in current:
                    return  # an empty date window, as some vendors say it
                raise
            if isinstance(page, list):
                items, nxt = page, None
            elif isinstance(page, dict):
                items = page.get("data")
                if items is None and page.get("id"):
                    items = [page]
                links = page.get("links") if isinstance(page.get("links"), dict) else {}
                nxt = links.get("next") or page.get("next")
            else:
                raise OParlError(f"{current} is not an OParl list")
            items = [i for i in (items or []) if i]
            ids = [i.get("id") if isinstance(i, dict) else i for i in items]
            fresh = [i for i, x in zip(items, ids) if x not in seen_ids]
            if items and not fresh:
                self.warn(f"pagination repeats objects at {current}; stopping this list there")
                return
            seen_ids.update(x for x in ids if x)
            try:
                nxt = urljoin(current, str(nxt)) if nxt else None
            except ValueError as err:
                raise OParlError(f"{current}: its next page is not a valid URL ({err})") from None
            yield fresh, nxt, current
            current = nxt
