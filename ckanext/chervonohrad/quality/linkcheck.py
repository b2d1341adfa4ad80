"""Availability of resources: link checks run by background jobs, never in a web request.

A check asks the resource's server through common/outbound.py (a GET: the headers and at
most `link_check_max_bytes` of the body, each wait under the `link_check_timeout` and the
whole check under three of them, following a few redirects; only public addresses, or the
`link_check_allowed_hosts`, at every hop), or for an uploaded file looks in CKAN's storage
(never over HTTP, even when the upload's URL is the portal's own). A dataset's checks are stored
(LinkCheck, with the time of the check) and the dataset is re-scored: the quality engine's
`availability` indicator reads them. Reason codes of a failed check: http_error, timeout,
connection, too_many_redirects, wrong_type, unsupported_scheme, invalid_url (a user name or
password in it, a bad port), refused_address (a host that is or resolves to an internal
address: refused without connecting, so the stored check tells nothing about that address),
missing_file, and error (the checker itself failed on that resource).
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search, uploader

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common import jobs, outbound
from ckanext.chervonohrad.passport import vocabularies
from ckanext.chervonohrad.quality import engine, scoring
from ckanext.chervonohrad.quality.model import DatasetScore, LinkCheck

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
# RQ's limit for one dataset's job: each slow link may take a few timeouts (connect, answer,
# body), so CKAN's default of 180 s could cut off a dataset with many slow resources.
JOB_TIMEOUT = 3600
USER_AGENT = "ckanext-chervonohrad link checker"
# Content types that say nothing about what a file is.
UNINFORMATIVE_TYPES = {"", "application/octet-stream", "binary/octet-stream", "application/download",
                       "application/force-download", "application/x-download", "application/unknown"}


@dataclass(frozen=True)
class Check:
    """The outcome of one check; `reason` is a machine code (None when ok), `detail` is for people."""
    ok: bool
    status_code: int | None = None
    content_type: str | None = None
    reason: str | None = None
    detail: str | None = None


def _failed(reason: str, detail: str, status_code: int | None = None, content_type: str | None = None) -> Check:
    return Check(False, status_code, content_type, reason, detail)


def _size(count: int) -> str:
    for unit, factor in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if count >= factor:
            return f"{count / factor:.1f} {unit}"
    return f"{count} bytes"


def _declared_mimetype(declared_format: str | None) -> str | None:
    """The media type the formats list gives the resource's `format` (None when unknown)."""
    value = (declared_format or "").strip().lower().lstrip(".")
    if "/" in value:  # some publishers put the media type itself in `format`
        return value
    known = {code.lower(): item for code, item in vocabularies.keyed("formats").items()}.get(value)
    return (known or {}).get("mimetype")


def _family(mimetype: str) -> str | None:
    """Kinds of content that cannot be taken for one another; None: anything else."""
    if mimetype in ("text/html", "application/xhtml+xml"):
        return "web page"
    if mimetype == "application/pdf":
        return "pdf"
    major = mimetype.split("/", 1)[0]
    return major if major in ("image", "audio", "video") else None


def type_contradicts(declared_format: str | None, content_type: str | None) -> bool:
    """Whether the server's Content-Type clearly contradicts the declared format: only a
    web page, a PDF or an image/audio/video where the format is something else. A missing
    or generic type, text/plain for a text format, or a format without a media type is fine."""
    served = (content_type or "").lower()
    expected = _declared_mimetype(declared_format)
    if not expected or served in UNINFORMATIVE_TYPES:
        return False
    served_family = _family(served)
    return served_family is not None and served_family != _family(expected)


def _deadline(timeout: float) -> float:
    """The most one link check may take in all: connecting, the answer and the body, each
    waiting at most `timeout`, over all redirects (a server trickling bytes is cut off)."""
    return 3 * timeout


def check_url(url: str, declared_format: str | None = None, *, timeout: float | None = None,
              max_bytes: int | None = None, huge_bytes: int | None = None,
              allowed_hosts: list[str] | None = None) -> Check:
    """Check one URL: reachable over http(s) at a public address (or one of
    `link_check_allowed_hosts`), answers below 400, with a content type that does not
    contradict the declared format. Never downloads more than max_bytes; a URL at an internal
    address is refused without connecting, so its check says nothing about that address."""
    timeout = config.link_check_timeout() if timeout is None else timeout
    max_bytes = config.link_check_max_bytes() if max_bytes is None else max_bytes
    huge_bytes = config.link_check_huge_bytes() if huge_bytes is None else huge_bytes
    allowed_hosts = config.link_check_allowed_hosts() if allowed_hosts is None else allowed_hosts
    try:
        response = outbound.get(url or "", allowed_hosts=allowed_hosts, timeout=timeout, max_bytes=max_bytes,
                                deadline=_deadline(timeout), headers={"User-Agent": USER_AGENT},
                                max_redirects=MAX_REDIRECTS)
    except outbound.RefusedAddress as error:
        log.info("link check refused %s: %s", url, error.why)
        return _failed("refused_address", f"not checked: the link points to a non-public address ({error.why})")
    except outbound.Timeout as error:
        content_type = _media_type(error.headers)
        return _failed("timeout", error.detail, error.status, content_type)
    except outbound.FetchError as error:
        detail = error.detail if error.reason != "connection" or error.status else f"could not connect: {error.detail}"
        return _failed(error.reason, detail, error.status, _media_type(error.headers))
    status, content_type = response.status, response.content_type
    if status >= 400:
        return _failed("http_error", f"HTTP {status}", status, content_type)
    if type_contradicts(declared_format, content_type):
        return _failed("wrong_type", f"{content_type} instead of {_declared_mimetype(declared_format)}",
                       status, content_type)
    notes = [f"HTTP {status}"]
    if response.redirects:
        notes.append(f"after {len(response.redirects)} redirect(s)")
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > huge_bytes:
        notes.append(f"large file, not downloaded ({_size(int(length))})")
    return Check(True, status, content_type, None, ", ".join(notes))


def _media_type(headers) -> str | None:
    return ((headers.get("Content-Type") if headers is not None else "") or "").split(";", 1)[0].strip().lower() or None


def check_upload(resource: dict[str, Any]) -> Check:
    """An uploaded file is available when it is in CKAN's storage and not empty."""
    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    if not path or not os.path.isfile(path):
        return _failed("missing_file", "the uploaded file is missing from the storage")
    size = os.path.getsize(path)
    if size == 0:
        return _failed("missing_file", "the uploaded file is empty")
    return Check(True, None, None, None, f"uploaded file, {_size(size)}")


def check_resource(resource: dict[str, Any]) -> Check:
    if resource.get("url_type") == "upload":
        return check_upload(resource)
    return check_url(resource.get("url") or "", resource.get("format"))


def checked_resources(pkg_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """The active resources whose links count: data, API and structure files."""
    return [r for r in pkg_dict.get("resources") or []
            if (r.get("resource_role") or "data") in engine.CHECKED_ROLES and r.get("state", "active") == "active"]


def _store(package_id: str, resources: list[dict[str, Any]], results: dict[str, Check]) -> None:
    """Upsert the checks of a dataset's resources and forget those of resources it no longer has."""
    now = dt.datetime.utcnow()
    rows = {row.resource_id: row for row in model.Session.query(LinkCheck).filter(LinkCheck.package_id == package_id)}
    for resource_id, row in rows.items():
        if resource_id not in results:
            model.Session.delete(row)
    for resource in resources:
        result = results[resource["id"]]
        row = rows.get(resource["id"]) or model.Session.get(LinkCheck, resource["id"])
        if row is None:
            row = LinkCheck(resource_id=resource["id"])
            model.Session.add(row)
        row.package_id, row.url, row.checked_at = package_id, resource.get("url") or "", now
        row.ok, row.status_code, row.content_type = result.ok, result.status_code, result.content_type
        row.reason, row.detail = result.reason, result.detail


def check_dataset(package_id: str) -> dict[str, Check]:
    """The background job: check every counted resource of a dataset, store the results,
    re-score the dataset and, when its score or band changed, re-index it. A resource that
    makes the checker fail gets a failed check (reason `error`); a dataset that is gone or
    deleted is left alone. Returns the checks by resource id."""
    try:
        pkg = tk.get_action("package_show")({"ignore_auth": True, "use_cache": False}, {"id": package_id})
    except tk.ObjectNotFound:
        log.info("link check: dataset %s no longer exists", package_id)
        return {}
    if pkg.get("state") == "deleted":
        return {}
    package_id = pkg["id"]
    resources = checked_resources(pkg)
    results: dict[str, Check] = {}
    for resource in resources:
        try:
            results[resource["id"]] = check_resource(resource)
        except Exception as error:
            log.exception("link check of resource %s failed", resource.get("id"))
            results[resource["id"]] = _failed("error", f"the check failed: {type(error).__name__}")
    _store(package_id, resources, results)
    model.Session.commit()

    try:  # score the dataset as it is now: it may have changed while its links were checked
        pkg = tk.get_action("package_show")({"ignore_auth": True, "use_cache": False}, {"id": package_id})
    except tk.ObjectNotFound:
        return results
    if pkg.get("state") == "deleted":
        return results
    current = model.Session.get(DatasetScore, package_id)
    before = (current.score, current.band) if current is not None else None
    row = scoring.store(pkg)
    after = (row.score, row.band)
    model.Session.commit()
    if after != before:
        search.rebuild(package_id)
    broken = {rid: c.reason for rid, c in results.items() if not c.ok}
    log.info("link check of %s: %d resource(s), broken: %s", pkg["name"], len(results), broken or "none")
    return results


JOB = jobs.DatasetJob("link check", check_dataset,
                     on_change=config.link_checks_on_change, timeout=JOB_TIMEOUT)
# A check of a dataset still waiting in the queue is not queued twice: it reads the dataset as
# it is when it runs.
enqueue = JOB.enqueue
enqueue_after_commit = JOB.enqueue_after_commit


def enqueue_all() -> int:
    """Queue a link check of every dataset that is not deleted (for the command line);
    returns how many were queued."""
    ids = [pid for (pid,) in model.Session.query(model.Package.id)
           .filter(model.Package.state != "deleted", model.Package.type == "dataset")]
    for package_id in ids:
        enqueue(package_id, force=True, queue=jobs.LONG)
    return len(ids)


def stored_checks(package_id: str) -> dict[str, dict[str, Any]]:
    """The stored checks of a dataset's resources, by resource id, as the engine takes them."""
    return scoring.stored_links(package_id)
