"""The rules of a Resolution 835 passport, as pure functions (no CKAN imports).

Validators, the dataset page's "what is missing" panel, the passport export and the
quality engine all ask these functions, so a rule is stated once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

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


