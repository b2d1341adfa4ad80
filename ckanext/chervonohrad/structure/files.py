"""The bytes of a resource, for validation: an upload from CKAN's storage (never over HTTP),
anything else through common/outbound.py (public addresses only, or the
`link_check_allowed_hosts`: resource URLs are typed by the same editors as for link checks)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ckan.lib import uploader

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common import outbound

# The whole of one download may take this long (each wait is under link_check_timeout).
FETCH_DEADLINE = 120
USER_AGENT = "ckanext-chervonohrad structure check"


class Unavailable(Exception):
    """The file could not be had: `reason` a code (missing_file, refused_address, fetch_failed), `detail` English."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason, self.detail = reason, detail


@dataclass(frozen=True)
class Got:
    data: bytes
    truncated: bool  # the file is larger than `max_bytes`: only its start is here


def _upload(resource: dict[str, Any], max_bytes: int) -> Got:
    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    if not path or not os.path.isfile(path):
        raise Unavailable("missing_file", "the uploaded file is missing from the storage")
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    return Got(data[:max_bytes], len(data) > max_bytes)


def _remote(url: str, max_bytes: int) -> Got:
    try:
        answer = outbound.get(url, allowed_hosts=config.link_check_allowed_hosts(), timeout=config.link_check_timeout(),
                              max_bytes=max_bytes, deadline=FETCH_DEADLINE, headers={"User-Agent": USER_AGENT})
    except outbound.RefusedAddress as error:
        raise Unavailable("refused_address", f"not fetched: the link points to a non-public address ({error.why})") \
            from None
    except outbound.FetchError as error:
        raise Unavailable("fetch_failed", error.detail) from None
    if answer.status >= 400:
        raise Unavailable("fetch_failed", f"HTTP {answer.status}")
    return Got(answer.body, answer.truncated)


def get(resource: dict[str, Any], max_bytes: int) -> Got:
    if resource.get("url_type") == "upload":
        return _upload(resource, max_bytes)
    return _remote(resource.get("url") or "", max_bytes)
