"""What a stored dataset or publisher holds that this portal's passport does not accept,
and which of it a machine can put right.

Pure functions (no CKAN imports). A portal that adopts this extension holds records made
before it: frequency codes of stock CKAN, closed licences, free-text languages, publishers
without an EDRPOU code. Validators keep such a stored value while an edit leaves it alone
(and list it as a warning), `passport_show` lists it, and `ckan chervonohrad adopt` reports
and fixes it; all three ask these functions.

An `Invalid` carries the mechanical fix when one is certain (`values.py` maps the stored
spelling to one code); `fix is None` means a person has to choose.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from ckanext.chervonohrad.passport import rules, values, vocabularies

REASONS = ("unknown_value", "closed_licence", "invalid_email", "invalid_date", "invalid_code", "unsafe_link",
           "too_long", "unknown_format", "duplicate_code")

# Text fields with their schema limits (schemas/dataset.yaml).
TEXT_LIMITS = {
    "title": rules.TITLE_MAX,
    "notes": rules.NOTES_MAX,
    "purpose_of_collecting_information": rules.PURPOSE_MAX,
    "maintainer": 200,
}


@dataclass(frozen=True)
class Invalid:
    """A stored value the passport refuses: `field` as the schema names it, the stored
    `value`, a `reason` (one of REASONS), the `fix` a machine may store instead (None:
    a person decides), and `resource` (its id) when the value is a resource's."""

    field: str
    value: str
    reason: str
    fix: str | None = None
    resource: str | None = None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _if(fix: str | None, valid) -> str | None:
    """A candidate fix, kept only when the rule accepts it."""
    return fix if fix and valid(fix) else None


def _vocabulary_field(dataset, field, vocabulary, key, mapper) -> list[Invalid]:
    value = dataset.get(field)
    if _blank(value) or value in vocabularies.keyed(vocabulary, key):
        return []
    fix = mapper(value) if mapper else None
    return [Invalid(field, _text(value), "unknown_value", fix)]


def dataset_invalid(dataset: dict[str, Any], open_licences: Collection[str]) -> list[Invalid]:
    """Every stored value of `dataset` (a package dict) that its validators would refuse
    if it were typed today, in passport order; `open_licences`: the ids of the licences
    the portal offers (its licence register's open ones)."""
    found: list[Invalid] = []
    for field, limit in TEXT_LIMITS.items():
        value = dataset.get(field)
        if isinstance(value, str) and len(value) > limit:
            found.append(Invalid(field, value, "too_long"))
    found += _vocabulary_field(dataset, "language", "languages", "code", values.language_code)
    found += _vocabulary_field(dataset, "update_frequency", "update_frequencies", "code", values.update_frequency_code)
    licence = dataset.get("license_id")
    if not _blank(licence) and licence not in open_licences:
        fix = values.license_id(licence, dataset.get("license_title"))
        found.append(Invalid("license_id", _text(licence), "closed_licence", fix if fix in open_licences else None))
    email = dataset.get("maintainer_email")
    if not _blank(email) and not rules.email_is_valid(_text(email)):
        fix = _text(email).strip()
        found.append(Invalid("maintainer_email", _text(email), "invalid_email", _if(fix, rules.email_is_valid)))
    item = dataset.get("list835_item")
    if not _blank(item) and item != "none" and item not in vocabularies.keyed("list835", "id"):
        found.append(Invalid("list835_item", _text(item), "unknown_value"))
    found += _vocabulary_field(dataset, "topic", "topics", "name", None)
    for field in ("data_current_as_of", "temporal_start", "temporal_end"):
        value = dataset.get(field)
        if not _blank(value) and not rules.iso_date_is_valid(_text(value)):
            found.append(Invalid(field, _text(value), "invalid_date", values.iso_date(value)))
    territory = dataset.get("territory")
    if not _blank(territory) and not rules.katottg_is_valid(_text(territory)):
        fix = _text(territory).strip().upper()
        found.append(Invalid("territory", _text(territory), "invalid_code", _if(fix, rules.katottg_is_valid)))
    for resource in dataset.get("resources") or []:
        if resource.get("state", "active") != "active":
            continue
        found += resource_invalid(resource)
    return found


def resource_invalid(resource: dict[str, Any]) -> list[Invalid]:
    found = []
    rid = resource.get("id")
    url = resource.get("url")
    if not rules.link_is_storable(url, upload=bool(resource.get("url_type"))):
        found.append(Invalid("url", _text(url), "unsafe_link", resource=rid))
    fmt = resource.get("format")
    if not _blank(fmt) and fmt not in vocabularies.keyed("formats"):
        found.append(Invalid("format", _text(fmt), "unknown_format", values.format_code(fmt), resource=rid))
    role = resource.get("resource_role")
    if not _blank(role) and role not in vocabularies.keyed("resource_roles"):
        found.append(Invalid("resource_role", _text(role), "unknown_value", resource=rid))
    return found


PUBLISHER_REQUIRED = ("edrpou", "publisher_type", "hromada")


def publisher_missing(organization: dict[str, Any]) -> list[str]:
    """The publisher fields an organization made before this extension may lack."""
    return [field for field in PUBLISHER_REQUIRED if _blank(organization.get(field))]


def publisher_invalid(organization: dict[str, Any], hromada_codes: Collection[str]) -> list[Invalid]:
    """Stored publisher values the organization schema refuses (`hromada_codes`: the
    oblast's hromadas)."""
    found = []
    edrpou = organization.get("edrpou")
    if not _blank(edrpou):
        code = _text(edrpou).strip()
        if not rules.edrpou_is_valid(code):
            # A spreadsheet drops the leading zeros of a code such as 04057215.
            fix = code.zfill(8) if code.isdigit() and len(code) < 8 else None
            found.append(Invalid("edrpou", _text(edrpou), "invalid_code", _if(fix, rules.edrpou_is_valid)))
    kind = organization.get("publisher_type")
    if not _blank(kind) and kind not in vocabularies.keyed("publisher_types"):
        found.append(Invalid("publisher_type", _text(kind), "unknown_value"))
    hromada = organization.get("hromada")
    if not _blank(hromada) and hromada not in hromada_codes:
        found.append(Invalid("hromada", _text(hromada), "unknown_value"))
    for field, kind_of_link in (("website", False), ("image_url", True)):
        if not rules.link_is_storable(organization.get(field), upload=kind_of_link):
            found.append(Invalid(field, _text(organization.get(field)), "unsafe_link"))
    email = organization.get("officer_email")
    if not _blank(email) and not rules.email_is_valid(_text(email).strip()):
        found.append(Invalid("officer_email", _text(email), "invalid_email"))
    return found


# --- the rule for saving what is already public --------------------------------------------

def added(before: Iterable[Any], after: Iterable[Any]) -> list[Any]:
    """What `after` holds that `before` did not, in `after`'s order.

    The one rule for saving a record that is already public, dataset or publisher alike:
    an edit is refused only for the gaps (`rules.Missing`, a publisher's field name) and
    refused values (`Invalid`) it brings; those the stored record already had are kept and
    reported as warnings. `before` and `after` are what the same rule function found in the
    stored record and in the record as it would be saved."""
    seen = set(before)
    return [item for item in after if item not in seen]


def unchanged(value: Any, stored: Any) -> bool:
    """Whether a value an edit sends is the stored one (outer spaces aside), so a field's
    validator may keep a refused value the record already held. A blank is never one."""
    if _blank(value) or _blank(stored):
        return False
    return _text(value).strip() == _text(stored).strip()
