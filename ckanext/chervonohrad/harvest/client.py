"""Talking to a remote CKAN portal's action API, with clear errors for every way a source
can misbehave: no answer, a slow answer, an HTTP error, a web page instead of JSON, a body
too large, JSON that is not a CKAN answer, paging that does not move. No CKAN imports.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import requests

from ckanext.chervonohrad.common.i18n import _n

log = logging.getLogger(__name__)

MAX_ANSWER_BYTES = 50 * 1024 * 1024
ORGANIZATIONS_PAGE = 25  # CKAN's default ckan.group_and_organization_list_all_fields_max
MAX_ORGANIZATION_PAGES = 400


class SourceError(Exception):
    """The source failed: an English msgid and its parameters (the harvester translates)."""

    def __init__(self, msgid: str, **params: Any):
        self.msgid = msgid
        self.params = params
        super().__init__(msgid.format(**params))


class Client:
    """GET requests to `<base>/api/3/action/<name>`, answers checked and decoded."""

    def __init__(self, base_url: str, timeout: int = 30, api_key: str | None = None,
                 user_agent: str | None = None, max_bytes: int | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_bytes = max_bytes or MAX_ANSWER_BYTES
        self.headers = {"Accept": "application/json",
                        "User-Agent": user_agent or "ckanext-chervonohrad harvester"}
        if api_key:
            self.headers["Authorization"] = api_key

    def url(self, action: str, params: dict[str, Any] | None = None) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base_url}/api/3/action/{action}{query}"

    def _read(self, url: str) -> tuple[requests.Response, bytes]:
        started = time.monotonic()
        try:
            response = requests.get(url, headers=self.headers, timeout=(self.timeout, self.timeout), stream=True,
                                    allow_redirects=True)
        except requests.Timeout:
            raise SourceError(_n("The source did not answer within {timeout} s ({url})"),
                              timeout=self.timeout, url=url) from None
        except requests.RequestException as error:
            raise SourceError(_n("Cannot reach the source: {error} ({url})"), error=_brief(error), url=url) from None
        body = bytearray()
        try:
            with response:
                for chunk in response.iter_content(64 * 1024):
                    body.extend(chunk)
                    if len(body) > self.max_bytes:
                        raise SourceError(_n("The source's answer is larger than {limit} MB; stopped reading ({url})"),
                                          limit=self.max_bytes // (1024 * 1024), url=url)
                    if time.monotonic() - started > 4 * self.timeout:
                        raise SourceError(_n("The source did not finish answering within {timeout} s ({url})"),
                                          timeout=4 * self.timeout, url=url)
        except requests.RequestException as error:
            if isinstance(error, (requests.Timeout, requests.ConnectionError)) and "timed out" in str(error):
                raise SourceError(_n("The source did not answer within {timeout} s ({url})"),
                                  timeout=self.timeout, url=url) from None
            raise SourceError(_n("The source broke off its answer: {error} ({url})"),
                              error=_brief(error), url=url) from None
        return response, bytes(body)

    def action(self, action: str, **params: Any) -> Any:
        """The `result` of an action, or SourceError saying what went wrong."""
        url = self.url(action, {k: v for k, v in params.items() if v is not None})
        response, body = self._read(url)
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        text = body.decode(response.encoding or "utf-8", errors="replace")
        looks_html = content_type in ("text/html", "application/xhtml+xml") or text.lstrip()[:1] == "<"
        try:
            answer = json.loads(text) if not looks_html else None
        except ValueError as error:
            if response.status_code >= 400:
                raise SourceError(_n("The source answered HTTP {status} ({url})"),
                                  status=response.status_code, url=url) from None
            raise SourceError(_n("The source's answer is not valid JSON ({error}): «{start}» ({url})"),
                              error=str(error), start=_brief(text), url=url) from None
        if looks_html:
            raise SourceError(_n("The source answered HTTP {status} with a web page (HTML) instead of JSON: is "
                                 "{base} the address of a CKAN portal? ({url})"),
                              status=response.status_code, base=self.base_url, url=url)
        if not isinstance(answer, dict) or "success" not in answer:
            raise SourceError(_n("The source's answer is JSON but not a CKAN API answer ({url})"), url=url)
        if not answer.get("success") or response.status_code >= 400:
            error = answer.get("error")
            message = error.get("message") if isinstance(error, dict) else error
            raise SourceError(_n("The source answered HTTP {status}: {message} ({url})"),
                              status=response.status_code, message=_brief(message or error or ""), url=url)
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
