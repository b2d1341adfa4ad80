"""The rules of a Resolution 835 passport, as pure functions (no CKAN imports).

Validators, the dataset page's "what is missing" panel, the passport export and the
quality engine all ask these functions, so a rule is stated once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

TITLE_MAX = 254
NOTES_MAX = 4000
PURPOSE_MAX = 512

_KATOTTG = re.compile(r"^UA\d{17}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def edrpou_is_valid(code: str) -> bool:
    """Eight digits whose last is the check digit of the first seven (the EDRPOU rule).

    Weights 1..7 below 30000000 and above 60000000, else 7,1..6; a remainder of 10 is
    recomputed with every weight raised by 2, and a second 10 counts as 0.
    """
    if not isinstance(code, str) or not re.fullmatch(r"\d{8}", code):
        return False
    digits = [int(c) for c in code]
    number = int(code)
    weights = [1, 2, 3, 4, 5, 6, 7] if number < 30000000 or number > 60000000 else [7, 1, 2, 3, 4, 5, 6]
    remainder = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    if remainder == 10:
        remainder = sum(d * (w + 2) for d, w in zip(digits, weights, strict=False)) % 11
        if remainder == 10:
            remainder = 0
    return remainder == digits[7]


def katottg_is_valid(code: str) -> bool:
    """KATOTTG codes are `UA` followed by 17 digits."""
    return isinstance(code, str) and bool(_KATOTTG.match(code))


def email_is_valid(value: str) -> bool:
    return isinstance(value, str) and bool(_EMAIL.match(value))


# How a browser reads a link before it decides its scheme (the WHATWG URL standard): it drops
# leading and trailing C0 controls and spaces, and tabs and newlines anywhere, so
# " javascript:", "\x01javascript:" and "java\tscript:" are all "javascript:".
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
WEB_SCHEMES = ("http", "https")


def as_browser_reads(value: str) -> str:
    return value.strip(_C0_OR_SPACE).translate(_TAB_OR_NEWLINE)


def link_kind(value: Any) -> str:
    """What a browser would make of `value` as an href, for deciding whether to link it:

    - ``"empty"``: nothing to link;
    - ``"web"``: an absolute http(s) address with a host (upload URLs are these too, once
      CKAN has made them absolute);
    - ``"relative"``: a path on this portal (an upload's stored file name), which cannot
      name another scheme or another site;
    - ``"unsafe"``: anything else: javascript:, data:, vbscript:, file:, ftp:, a
      protocol-relative //host, a backslash trick (browsers read "\\" as "/"), a bad port.
    """
    if not isinstance(value, str):
        return "unsafe"
    text = as_browser_reads(value)
    if not text:
        return "empty"
    if _CONTROL.search(text):
        return "unsafe"
    scheme = _SCHEME.match(text)
    if scheme is None:
        # No scheme: relative, unless it starts like //host (or its backslash spellings).
        return "unsafe" if text[:2].replace("\\", "/") == "//" else "relative"
    if scheme[1].lower() not in WEB_SCHEMES or not text[scheme.end():].startswith("//"):
        return "unsafe"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "unsafe"
    if not parts.hostname or re.search(r"[\s\\]", parts.netloc):
        return "unsafe"
    return "web"


def link_is_storable(value: Any, upload: bool = False) -> bool:
    """Whether `value` may be stored as a link: empty, or an absolute http(s) address; an
    upload (``upload=True``) may also be the bare file name CKAN stores for it. A stored
    value keeps no control characters, tabs or outer spaces, even where a browser would
    drop them: the sites and apps that show our links may not."""
    if value is None or value == "":
        return True
    if not isinstance(value, str) or _CONTROL.search(value) or value != value.strip():
        return False
    kind = link_kind(value)
    return kind == "web" or (upload and kind == "relative")


def iso_date_is_valid(value: str) -> bool:
    import datetime as dt

    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Missing:
    """One thing a dataset lacks before it may be published: the field and why."""

    field: str
    reason: str  # "required" | "no_data_resource" | "no_structure_resource"


# Passport fields a publisher must fill before publishing, in the regulation's order.
# (Identifier, formats, dates and links are derived by the portal itself.)
REQUIRED_TO_PUBLISH = (
    "title",
    "notes",
    "language",
    "update_frequency",
    "tag_string",
    "owner_org",
    "maintainer",
    "maintainer_email",
    "purpose_of_collecting_information",
    "license_id",
)


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict)):
        return bool(value)
    return True


def missing_for_publication(dataset: dict[str, Any]) -> list[Missing]:
    """What keeps `dataset` (a package dict) from being published, in passport order."""
    missing = []
    for field in REQUIRED_TO_PUBLISH:
        value = dataset.get(field)
        if field == "tag_string" and not _filled(value):
            value = dataset.get("tags")
        if not _filled(value):
            missing.append(Missing(field, "required"))
    resources = [r for r in dataset.get("resources") or [] if r.get("state", "active") == "active"]
    roles = {r.get("resource_role") or "data" for r in resources}
    if "data" not in roles:
        missing.append(Missing("resources", "no_data_resource"))
    if "structure" not in roles:
        missing.append(Missing("resources", "no_structure_resource"))
    return missing


