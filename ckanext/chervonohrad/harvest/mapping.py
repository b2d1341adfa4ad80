"""A remote data.gov.ua-style dataset, mapped onto this portal's Resolution 835 passport.

Pure functions (no CKAN imports): a remote `package_show` dict in, a local dataset dict and
the list of problems out. The remote passport fields may sit at the top level (ckanext-dgua,
ckanext-scheming, this portal) or in `extras` (stock CKAN); both are read.

Nothing bad is passed on: a value this portal's validators would refuse even on a draft
(an unknown frequency, an invalid email, a closed licence, an unknown format) is left out
and reported; a text over its limit is cut and reported. The dataset may be public only
when nothing required is missing and nothing was cut (`Mapped.publishable`).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.passport import rules, vocabularies
from ckanext.chervonohrad.passport.values import (
    format_code,
    iso_date,
    language_code,
    license_id,
    update_frequency_code,
)

MAINTAINER_MAX = 200
VERSION_MAX = 100
NAME_MAX = 100
RESOURCE_TEXT_MAX = 4000
MAX_RESOURCES = 200
TAG_MIN, TAG_MAX = 2, 100
SHOWN_VALUE_MAX = 80

# Fields whose values are copied as text, with the limit the schema enforces.
TEXT_LIMITS = {
    "title": rules.TITLE_MAX,
    "notes": rules.NOTES_MAX,
    "purpose_of_collecting_information": rules.PURPOSE_MAX,
    "maintainer": MAINTAINER_MAX,
}


@dataclass(frozen=True)
class Problem:
    """One thing the mapping could not carry over as the source had it.

    `msgid` is English with `{placeholders}`; `field` is this portal's field name (the
    harvester shows its label); `blocking` keeps the dataset a draft."""

    field: str
    code: str
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)
    blocking: bool = False


@dataclass
class Mapped:
    dataset: dict[str, Any]
    problems: list[Problem]
    publisher_edrpou: str | None = None

    @property
    def missing(self) -> list[Problem]:
        return [p for p in self.problems if p.code.startswith("missing")]

    @property
    def publishable(self) -> bool:
        return not any(p.blocking for p in self.problems)


def shown(value: Any) -> str:
    """A remote value as a message may quote it: one line, at most SHOWN_VALUE_MAX characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= SHOWN_VALUE_MAX else text[: SHOWN_VALUE_MAX - 1] + "…"


def remote_value(remote: dict[str, Any], key: str) -> Any:
    """A field of the remote dataset: top level first, then `extras` (a list of key/value
    pairs, or a dict)."""
    value = remote.get(key)
    if value not in (None, ""):
        return value
    extras = remote.get("extras")
    if isinstance(extras, dict):
        return extras.get(key)
    if isinstance(extras, list):
        for extra in extras:
            if isinstance(extra, dict) and extra.get("key") == key:
                return extra.get("value")
    return None


# --- small values ------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_TAG = re.compile(r"[^\w \-.]", re.UNICODE)


def clean_tag(value: Any) -> str | None:
    """A keyword CKAN accepts (letters, digits, spaces, - _ .; 2 to 100 characters), or None.
    Apostrophes become the Ukrainian apostrophe ʼ (a letter), so «об'єкти» survives."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("display_name")
    if not isinstance(value, str):
        return None
    text = _APOSTROPHES.sub("ʼ", unicodedata.normalize("NFC", value))
    text = " ".join(_NOT_TAG.sub(" ", text).split())
    return text if TAG_MIN <= len(text) <= TAG_MAX else None


def http_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    parsed = urlparse(text)
    return text if parsed.scheme in ("http", "https") and parsed.netloc and " " not in text else None


def dataset_name(value: Any, fallback: Any) -> str:
    """A CKAN dataset name (URL part) from the remote name, else from the remote id."""
    for candidate in (value, fallback):
        if isinstance(candidate, str):
            name = re.sub(r"[^a-z0-9_-]+", "-", candidate.strip().lower()).strip("-")[:NAME_MAX]
            if len(name) >= 2:
                return name
    return "harvested-dataset"


def format_from_url(url: str) -> str | None:
    path = urlparse(url).path
    extension = os.path.splitext(path)[1]
    return format_code(extension) if extension else None


# --- the mapping -------------------------------------------------------------------------

def _text(remote_value_: Any, field_: str, problems: list[Problem], limit: int) -> str | None:
    if remote_value_ is None:
        return None
    if isinstance(remote_value_, (int, float)) and not isinstance(remote_value_, bool):
        remote_value_ = str(remote_value_)
    if not isinstance(remote_value_, str):
        problems.append(Problem(field_, "malformed", _n(
            "{label} ({field}): the source sent {kind} where text was expected; left empty"),
            {"kind": type(remote_value_).__name__}, blocking=False))
        return None
    text = remote_value_.replace("\x00", "").strip()
    if len(text) > limit:
        problems.append(Problem(field_, "too_long", _n(
            "{label} ({field}) is {length} characters long at the source, at most {limit} are allowed: "
            "cut to {limit}, imported as a draft for the publisher to check"),
            {"length": len(text), "limit": limit}, blocking=True))
        text = text[: limit - 1].rstrip() + "…"
    return text or None


def _role(resource: dict[str, Any]) -> str:
    role = resource.get("resource_role")
    if isinstance(role, str) and role in vocabularies.keyed("resource_roles"):
        return role
    words = " ".join(str(resource.get(k) or "") for k in ("name", "description")).lower()
    if "структур" in words or "structure" in words or "schema" in words:
        return "structure"
    return "data"


def map_resource(resource: Any, index: int, problems: list[Problem]) -> dict[str, Any] | None:
    if not isinstance(resource, dict) or resource.get("state", "active") != "active":
        return None
    name = resource.get("name") if isinstance(resource.get("name"), str) else None
    label = shown(name or f"#{index + 1}")
    url = http_url(resource.get("url"))
    if url is None:
        problems.append(Problem("resources", "resource_without_url", _n(
            "Resource «{name}» has no http(s) link at the source; skipped"), {"name": label}))
        return None
    mapped: dict[str, Any] = {"url": url, "resource_role": _role(resource)}
    if name and name.strip():
        mapped["name"] = name.strip()[:rules.TITLE_MAX]
    description = resource.get("description")
    if isinstance(description, str) and description.strip():
        mapped["description"] = description.strip()[:RESOURCE_TEXT_MAX]
    raw_format = resource.get("format")
    code = format_code(raw_format) if raw_format else None
    if raw_format and code is None:
        problems.append(Problem("format", "unknown_format", _n(
            "Resource «{name}»: format «{value}» is not in this portal's list; guessed from the link or left empty"),
            {"name": label, "value": shown(raw_format)}))
    code = code or format_from_url(url)
    if code:
        mapped["format"] = code
    as_of = iso_date(resource.get("data_current_as_of"))
    if as_of:
        mapped["data_current_as_of"] = as_of
    return mapped


# A field of the table below: read from the remote dataset, then mapped (the value, or None
# with any problem appended: the mapper is told the field's name and the problems list).
Reader = Callable[[dict[str, Any]], Any]
Mapper = Callable[[Any, str, list[Problem]], Any]

_UNKNOWN_VALUE = _n("{label} ({field}): the source's value «{value}» is not one of this portal's codes; left empty")


def _at(key: str) -> Reader:
    return lambda remote: remote_value(remote, key)


def _checked(convert: Callable[[Any], Any], code: str, msgid: str, *,
             empty: Callable[[Any], bool] = lambda raw: raw in (None, ""),
             quoted: Callable[[Any], Any] = lambda raw: raw) -> Mapper:
    """A mapper that converts the remote value and reports one it could not convert (an
    empty one is simply absent); `quoted`: what the message quotes of the raw value."""
    def mapper(raw: Any, field_: str, problems: list[Problem]) -> Any:
        value = convert(raw)
        if not value and not empty(raw):
            problems.append(Problem(field_, code, msgid, {"value": shown(quoted(raw))}))
        return value or None
    return mapper


def _text_up_to(limit: int) -> Mapper:
    return lambda raw, field_, problems: _text(raw, field_, problems, limit)


def _email(raw: Any) -> str | None:
    text = raw.strip() if isinstance(raw, str) else ""
    return text if text and rules.email_is_valid(text) else None


def _remote_tags(remote: dict[str, Any]) -> Any:
    tags = remote.get("tags")
    if not tags and isinstance(remote.get("tag_string"), str):
        tags = [t for t in remote["tag_string"].split(",") if t.strip()]
    return tags


def _tags(tags: Any, field_: str, problems: list[Problem]) -> list[dict[str, str]] | None:
    """The keywords CKAN accepts, each once (case aside); the others reported one by one
    (under `tag_string`, the form's field)."""
    kept: dict[str, str] = {}
    for tag in tags if isinstance(tags, list) else []:
        cleaned = clean_tag(tag)
        if cleaned is None:
            raw = tag.get("name") if isinstance(tag, dict) else tag
            problems.append(Problem("tag_string", "bad_tag", _n(
                "Keyword «{value}» dropped: a keyword has 2 to 100 letters, digits, spaces, hyphens, "
                "underscores or dots"), {"value": shown(raw)}))
        else:
            kept.setdefault(cleaned.lower(), cleaned)
    return [{"name": name} for name in kept.values()] or None


def _version(raw: Any, field_: str, problems: list[Problem]) -> str | None:
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool) and str(raw).strip():
        return str(raw).strip()[:VERSION_MAX]
    return None


def _topic(remote: dict[str, Any], field_: str, problems: list[Problem]) -> str | None:
    """The remote topic, else the first remote group that is one of this portal's topics."""
    topic = remote_value(remote, "topic")
    topics = vocabularies.keyed("topics", "name")
    if topic not in topics:
        groups = remote.get("groups") if isinstance(remote.get("groups"), list) else []
        topic = next((g.get("name") for g in groups if isinstance(g, dict) and g.get("name") in topics), None)
    return topic or None


def _list835_item(raw: Any, field_: str, problems: list[Problem]) -> str | None:
    ok = isinstance(raw, str) and (raw == "none" or raw in vocabularies.keyed("list835", "id"))
    return raw if ok else None


def _katottg(raw: Any, field_: str, problems: list[Problem]) -> str | None:
    code = raw.strip().upper() if isinstance(raw, str) else None
    return code if code and rules.katottg_is_valid(code) else None


_DATE = _checked(iso_date, "invalid_date", _n("{label} ({field}): «{value}» is not a date (YYYY-MM-DD); left empty"))

# The passport's fields, in the order they are mapped (and their problems listed):
# (this portal's field, what is read of the remote dataset, its mapper).
FIELDS: tuple[tuple[str, Reader, Mapper], ...] = (
    *((field_, _at(field_), _text_up_to(limit)) for field_, limit in TEXT_LIMITS.items()),
    ("update_frequency", _at("update_frequency"), _checked(update_frequency_code, "unknown_value", _UNKNOWN_VALUE)),
    ("language", _at("language"), _checked(language_code, "unknown_value", _UNKNOWN_VALUE,
                                           empty=lambda raw: raw in (None, "", []))),
    ("maintainer_email", _at("maintainer_email"), _checked(
        _email, "invalid_email", _n("{label} ({field}): «{value}» is not a valid email address; left empty"),
        empty=lambda raw: not (isinstance(raw, str) and raw.strip()))),
    # The licence is recognised by its id or its title; the message quotes the title.
    ("license_id", lambda remote: (remote_value(remote, "license_id"), remote.get("license_title")), _checked(
        lambda pair: license_id(*pair), "closed_license",
        _n("{label} ({field}): «{value}» is not one of this portal's open licences; left empty"),
        empty=lambda pair: pair[0] in (None, ""), quoted=lambda pair: pair[1] or pair[0])),
    ("tags", _remote_tags, _tags),
    *((field_, _at(field_), _DATE) for field_ in ("data_current_as_of", "temporal_start", "temporal_end")),
    ("version", _at("version"), _version),
    ("topic", lambda remote: remote, _topic),
    ("list835_item", _at("list835_item"), _list835_item),
    ("territory", _at("territory"), _katottg),
)


def map_dataset(
    remote: dict[str, Any],
    *,
    owner_org: str | None = None,
    publisher: dict[str, Any] | None = None,
    source_url: str | None = None,
    territory: str | None = None,
) -> Mapped:
    """The local dataset for `remote` (a remote `package_show` dict).

    owner_org: the local organization's id; publisher: the remote organization (`edrpou`
    read from it, at the top level or in its extras); source_url: the remote dataset's page;
    territory: a KATOTTG code (the local publisher's hromada) when the source has none."""
    problems: list[Problem] = []
    dataset: dict[str, Any] = {"type": "dataset"}
    for field_, read, mapper in FIELDS:
        value = mapper(read(remote), field_, problems)
        if value:
            dataset[field_] = value
    if "territory" not in dataset and territory and rules.katottg_is_valid(territory):
        dataset["territory"] = territory
    if dataset.get("temporal_start", "") > dataset.get("temporal_end", "9999"):
        dataset.pop("temporal_end")

    resources = remote.get("resources") if isinstance(remote.get("resources"), list) else []
    if len(resources) > MAX_RESOURCES:
        problems.append(Problem("resources", "too_many_resources", _n(
            "The source lists {count} resources; the first {limit} were kept, imported as a draft"),
            {"count": len(resources), "limit": MAX_RESOURCES}, blocking=True))
        resources = resources[:MAX_RESOURCES]
    mapped_resources = (map_resource(r, i, problems) for i, r in enumerate(resources))
    dataset["resources"] = [r for r in mapped_resources if r is not None]

    if owner_org:
        dataset["owner_org"] = owner_org
    if source_url:
        dataset["url"] = source_url
    dataset["name"] = dataset_name(remote.get("name"), remote.get("id"))

    edrpou = None
    if isinstance(publisher, dict):
        raw_code = remote_value(publisher, "edrpou")
        if raw_code not in (None, ""):
            if rules.edrpou_is_valid(str(raw_code).strip()):
                edrpou = str(raw_code).strip()
            else:
                problems.append(Problem("owner_org", "invalid_edrpou", _n(
                    "The source's publisher has an invalid EDRPOU code «{value}»"), {"value": shown(raw_code)}))

    for gap in rules.missing_for_publication(dataset):
        code = "missing" if gap.reason == "required" else f"missing_{gap.reason}"
        msgid = {
            "missing": _n("Imported as a draft: {label} ({field}) is missing at the source"),
            "missing_no_data_resource": _n("Imported as a draft: the source has no resource with the data"),
            "missing_no_structure_resource": _n(
                "Imported as a draft: the source has no dataset structure file (a resource whose name "
                "mentions «структура» / «structure»)"),
        }[code]
        problems.append(Problem(gap.field, code, msgid, {}, blocking=True))
    return Mapped(dataset, problems, edrpou)


def fingerprint(dataset: dict[str, Any]) -> str:
    """A digest of a mapped dataset: equal digests, nothing to rewrite."""
    canonical = json.dumps(dataset, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
