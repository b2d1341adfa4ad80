"""Talking to a remote CKAN portal's action API, with clear errors for every way a source
can misbehave: an address that is not public, no answer, a slow or trickling answer, an HTTP
error, a web page instead of JSON, a body too large, JSON that is not a CKAN answer, paging
that does not move. No CKAN imports.

Every request goes through `common.outbound` (the same address rules as link checks: only
public addresses, connected to the address checked, each redirect checked, an overall
deadline). A source's answer is shown to its editors only when it is a CKAN API answer; of
anything else they learn its kind, type and size, never its content.
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

from ckanext.chervonohrad.common import outbound
from ckanext.chervonohrad.common.i18n import _n

log = logging.getLogger(__name__)

MAX_ANSWER_BYTES = 50 * 1024 * 1024
ORGANIZATIONS_PAGE = 25  # CKAN's default ckan.group_and_organization_list_all_fields_max
MAX_ORGANIZATION_PAGES = 400
MAX_REDIRECTS = 5
# `host:port` or `[v6]:port` in the allowed hosts: that port only (outbound allows whole hosts).
_HOST_PORT = re.compile(r"^(?:\[(?P<v6>[^\]]+)\]|(?P<host>[^:\[\]/]+)):(?P<port>\d{1,5})$")


class SourceError(Exception):
    """The source failed: an English msgid and its parameters (the harvester translates)."""

    def __init__(self, msgid: str, **params: Any):
        self.msgid = msgid
        self.params = params
        super().__init__(msgid.format(**params))


def allowance(url: str, entries: Iterable[str]) -> tuple[list[str], bool]:
    """The `allowed_hosts` to give `outbound.get` for this URL, and whether a port-bound
    entry let it through. An entry `host:port` allows that host on that port only; since
    outbound allows whole hosts, a source reached that way may not redirect (a redirect
    could go to another port of the same host, e.g. Solr's on 127.0.0.1:8983). Pure."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        return [], False
    allowed, by_port = [], False
    for entry in entries:
        entry = entry.strip()
        match = _HOST_PORT.match(entry)
        if match is None:
            if entry:
                allowed.append(entry)
            continue
        entry_host = (match["v6"] or match["host"]).lower().rstrip(".")
        if entry_host == host and int(match["port"]) == port:
            allowed.append(entry_host)
            by_port = True
    return allowed, by_port


def _charset(content_type: str | None) -> str:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else "utf-8"


def _kind(content_type: str | None, body: bytes) -> str:
    start = body.lstrip()[:1]
    if content_type in ("text/html", "application/xhtml+xml") or start == b"<":
        return "HTML"
    return content_type or "—"


class Client:
    """GET requests to `<base>/api/3/action/<name>`, answers checked and decoded.

    `timeout` bounds each wait (connecting, every read), and four times it the whole answer:
    a source that trickles a byte every few seconds is cut off then, not waited for.
    `allowed_hosts`: hosts that may be harvested although not public (tests, intranets)."""

    def __init__(self, base_url: str, timeout: int = 30, api_key: str | None = None,
                 user_agent: str | None = None, max_bytes: int | None = None,
                 allowed_hosts: Iterable[str] = ()):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_bytes = max_bytes or MAX_ANSWER_BYTES
        self.allowed_hosts = tuple(allowed_hosts)
        self.headers = {"Accept": "application/json",
                        "User-Agent": user_agent or "ckanext-chervonohrad harvester"}
        if api_key:
            self.headers["Authorization"] = api_key

    def url(self, action: str, params: dict[str, Any] | None = None) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base_url}/api/3/action/{action}{query}"

    def _read(self, url: str) -> outbound.Response:
        allowed, by_port = allowance(url, self.allowed_hosts)
        deadline = 4 * self.timeout
        try:
            answer = outbound.get(url, allowed_hosts=allowed, timeout=self.timeout, deadline=deadline,
                                  max_bytes=self.max_bytes, headers=self.headers,
                                  max_redirects=0 if by_port else MAX_REDIRECTS)
        except outbound.RefusedAddress as error:
            raise SourceError(_n("The source's address is not a public one ({why}): this portal harvests only "
                                 "from public addresses ({url})"), why=error.why or error.detail, url=url) from None
        except (outbound.UnsupportedScheme, outbound.InvalidURL):
            raise SourceError(_n("The source's address cannot be harvested: it must be an http or https address "
                                 "without a user name or password ({url})"), url=url) from None
        except outbound.TooManyRedirects:
            raise SourceError(_n("The source redirected too many times, or, being an allowed internal address, "
                                 "redirected at all ({url})"), url=url) from None
        except outbound.Timeout as error:
            if error.phase == "body":
                raise SourceError(_n("The source did not finish answering within {timeout} s ({url})"),
                                  timeout=deadline, url=url) from None
            raise SourceError(_n("The source did not answer within {timeout} s ({url})"),
                              timeout=self.timeout, url=url) from None
        except outbound.FetchError as error:
            raise SourceError(_n("Cannot reach the source: {error} ({url})"), error=error.detail, url=url) from None
        if answer.truncated:
            raise SourceError(_n("The source's answer is larger than {limit} MB; stopped reading ({url})"),
                              limit=self.max_bytes // (1024 * 1024), url=url)
        return answer

    def document(self, url: str) -> outbound.Response:
        """Whatever `url` answers (an RDF catalogue for the `dcat_rdf` harvester), read by
        the same rules as the API; the caller judges its status and type."""
        return self._read(url)

    def json_text(self, url: str) -> str:
        """The text of a JSON answer at `url`, whatever its status, for callers that decode
        it themselves (ckanext-harvest's `ckan` harvester, harvester.py); anything that is not
        JSON is a SourceError that describes the answer (status, type, size), never shows it."""
        response = self._read(url)
        kind = _kind(response.content_type, response.body)
        if kind != "HTML":
            try:
                text = response.body.decode(_charset(response.headers.get("Content-Type")), errors="replace")
                json.loads(text)
                return text
            except (ValueError, LookupError):
                pass
        raise SourceError(_n("The source's answer is not JSON: HTTP {status}, {type}, {size} bytes ({url})"),
                          status=response.status, type=kind, size=len(response.body), url=url)

    def action(self, action: str, **params: Any) -> Any:
        """The `result` of an action, or SourceError saying what went wrong."""
        url = self.url(action, {k: v for k, v in params.items() if v is not None})
        response = self._read(url)
        kind = _kind(response.content_type, response.body)
        answer = None
        if kind != "HTML":
            try:
                answer = json.loads(response.body.decode(_charset(response.headers.get("Content-Type")),
                                                         errors="replace"))
            except (ValueError, LookupError):
                if response.status >= 400:
                    raise SourceError(_n("The source answered HTTP {status} ({url})"),
                                      status=response.status, url=url) from None
                # Never its content: the address may be a service that is not a portal.
                raise SourceError(_n("The source's answer is not JSON: HTTP {status}, {type}, {size} bytes ({url})"),
                                  status=response.status, type=kind, size=len(response.body), url=url) from None
        if kind == "HTML":
            raise SourceError(_n("The source answered HTTP {status} with a web page (HTML) instead of JSON: is "
                                 "{base} the address of a CKAN portal? ({url})"),
                              status=response.status, base=self.base_url, url=url)
        if not isinstance(answer, dict) or "success" not in answer:
            raise SourceError(_n("The source's answer is JSON but not a CKAN API answer ({url})"), url=url)
        if not answer.get("success") or response.status >= 400:
            error = answer.get("error")
            message = error.get("message") if isinstance(error, dict) else error
            raise SourceError(_n("The source answered HTTP {status}: {message} ({url})"),
                              status=response.status, message=_brief(message or error or ""), url=url)
        return answer.get("result")


def _brief(value: Any, limit: int = 200) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def search_datasets(client: Client, fq: str | None, page_size: int, max_datasets: int) -> Iterator[dict[str, Any]]:
    """Every public dataset `package_search` finds, page by page (sorted by id, so pages
    stay put), each once. Raises SourceError when the source's paging does not move on or
    its answers are not search results."""
    start, seen = 0, set()
    count, previous, idle = None, None, 0
    while True:
        result = client.action("package_search", q="*:*", fq=fq, rows=page_size, start=start, sort="id asc")
        if not isinstance(result, dict) or not isinstance(result.get("results"), list):
            raise SourceError(_n("The source's package_search answer has no list of results ({url})"),
                              url=client.url("package_search"))
        if isinstance(result.get("count"), int):
            count = result["count"]
        page = result["results"]
        if not page:
            return
        fresh = 0
        for remote in page:
            if not isinstance(remote, dict) or not isinstance(remote.get("id"), str) or not remote["id"]:
                raise SourceError(_n("The source's package_search answer holds an entry without an id at "
                                     "position {position} ({url})"), position=start + page.index(remote),
                                  url=client.url("package_search"))
            if remote["id"] in seen:
                log.info("Skipping %s: already seen on an earlier page", remote["id"])
                continue
            seen.add(remote["id"])
            fresh += 1
            if len(seen) > max_datasets:
                raise SourceError(_n("The source lists more than {limit} datasets (max_datasets); nothing was "
                                     "changed. Narrow the source with «organizations» or «edrpou», or raise the "
                                     "limit"), limit=max_datasets)
            yield remote
        ids = [remote["id"] for remote in page]
        idle = 0 if fresh else idle + 1
        if ids == previous or idle >= 3:
            raise SourceError(_n("The source's paging does not move on: the page from {start} repeats datasets "
                                 "already read ({url})"), start=start, url=client.url("package_search"))
        previous = ids
        start += len(page)
        if count is not None and start >= count:
            return


def organizations(client: Client) -> Iterator[dict[str, Any]]:
    """Every organization with its extras (for EDRPOU codes), page by page."""
    seen = set()
    for page_number in range(MAX_ORGANIZATION_PAGES):
        page = client.action("organization_list", all_fields="true", include_extras="true",
                             limit=ORGANIZATIONS_PAGE, offset=page_number * ORGANIZATIONS_PAGE)
        if not isinstance(page, list):
            raise SourceError(_n("The source's organization_list answer is not a list ({url})"),
                              url=client.url("organization_list"))
        fresh = [o for o in page if isinstance(o, dict) and o.get("name") and o["name"] not in seen]
        if not fresh:
            return
        for organization in fresh:
            seen.add(organization["name"])
            yield organization
