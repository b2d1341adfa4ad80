"""Validators of the 835 passport, used by the scheming YAML under schemas/.

Each message is translated at validation time, so the API and the form answer in the
user's language; the error's key is the field's name, and the form shows it beside the
field's label. Bad values are reported even on drafts; missing ones only block publishing.

Content from before this extension (a stock CKAN portal's years of datasets) never
freezes: an update that does not publish the dataset keeps a refused value the stored
record already holds while the edit leaves it unchanged (`kept_as_stored`), and one of an
active dataset is refused only for the gaps the edit itself brings
(`chervonohrad_publication_gate`). What is kept comes back as warnings (passport/notices.py)
and on the dataset page's passport panel.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.navl.dictization_functions import missing, unflatten

from ckanext.chervonohrad.common import extras, publishers
from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.common.registry import validator
from ckanext.chervonohrad.common.validation import fail
from ckanext.chervonohrad.passport import legacy, rules, values, vocabularies

Validator = Callable[[Any, dict, dict, dict], Any]


def _blank(value: Any) -> bool:
    return value is missing or value is None or (isinstance(value, str) and not value.strip())


# --- what the stored record holds ---------------------------------------------------------

def _publishes(package: model.Package, data: dict) -> bool:
    """Whether this update publishes the stored dataset: a draft (or a dataset without a
    state) made active, or a private dataset made public."""
    state = data.get(("state",))
    state = package.state if state in (missing, None, "") else state
    if package.state != "active" and state == "active":
        return True
    private = data.get(("private",))
    return bool(package.private) and private not in (missing, None) and not tk.asbool(private)


def stored_record(data: dict, context: dict) -> model.Package | model.Group | None:
    """The stored record this validation updates, when its stored values may be kept: a
    dataset the update does not publish (publishing is strict), or a publisher. None when
    creating (a context reused from an earlier call may still carry that call's record,
    hence the id check)."""
    record_id = data.get(("id",))
    package = context.get("package")
    if package is not None and record_id == package.id:
        return None if _publishes(package, data) else package
    group = context.get("group")
    if group is not None and record_id in (group.id, group.name):
        return group
    return None


def _columns(record) -> set[str]:
    import sqlalchemy

    return set(sqlalchemy.inspect(type(record)).columns.keys())


def _value_of(record, field: str) -> Any:
    if field in _columns(record):
        return getattr(record, field)
    return extras.of(record).get(field)


def stored_value(key: tuple, data: dict, context: dict) -> Any:
    """The value the stored record holds under navl's `key` (a dataset's or publisher's
    field, or ("resources", n, field) of a stored resource), or None."""
    record = stored_record(data, context)
    if record is None:
        return None
    if len(key) == 1:
        return _value_of(record, key[0])
    if len(key) == 3 and key[0] == "resources" and isinstance(record, model.Package):
        resource_id = data.get(("resources", key[1], "id"))
        for resource in record.resources:
            if resource.id == resource_id:
                return _value_of(resource, key[2])
    return None


def kept_as_stored(key, data, context, value) -> bool:
    """A refused value the stored public record already holds, sent back unchanged: kept."""
    return legacy.unchanged(value, stored_value(key, data, context))


def stored_dataset(package: model.Package) -> dict[str, Any]:
    """A stored dataset as the passport rules read a package dict (core columns, extras,
    tags and active resources), straight from the model, before the update changes it."""
    dataset = {field: getattr(package, field) for field in _columns(package)}
    dataset.update(extras.of(package))
    dataset["tags"] = [{"name": tag.name} for tag in package.get_tags()]
    dataset["resources"] = [
        dict(resource.extras, **{field: getattr(resource, field) for field in _columns(resource)})
        for resource in package.resources
    ]
    return dataset


# --- field validators ------------------------------------------------------------------

@validator
def chervonohrad_max_length(limit: int) -> Validator:
    def validator(key, data, errors, context):
        value = data.get(key)
        if isinstance(value, str) and len(value) > int(limit) and not kept_as_stored(key, data, context, value):
            fail(key, errors, tk._("Must be at most {limit} characters long (now {length})").format(
                limit=limit, length=len(value)))
    return validator


# Spellings values.py reads as a list's code (stock CKAN's `annually`, `ukr`, labels).
_MAPPERS = {"update_frequencies": values.update_frequency_code, "languages": values.language_code}


@validator
def chervonohrad_vocabulary(name: str, field: str = "code") -> Validator:
    """The value must be one of data/<name>.yaml's codes. A spelling values.py maps (e.g.
    `annually`, `ukr`) is stored as the code; an unknown value the stored public record
    already holds is kept while unchanged."""
    def validator(key, data, errors, context):
        value = data.get(key)
        if _blank(value):
            return
        known = vocabularies.keyed(name, field)
        if value in known:
            return
        mapper = _MAPPERS.get(name)
        code = mapper(value) if mapper else None
        if code in known:
            data[key] = code
            return
        if not kept_as_stored(key, data, context, value):
            fail(key, errors, tk._("Unknown value «{value}»: choose one from the list").format(value=value))
    return validator


@validator
def chervonohrad_list835_item(key, data, errors, context):
    value = data.get(key)
    if _blank(value) or value == "none":
        return
    if value not in vocabularies.keyed("list835", "id") and not kept_as_stored(key, data, context, value):
        fail(key, errors, tk._("«{value}» is not an item of Resolution 835's list").format(value=value))


@validator
def chervonohrad_email(key, data, errors, context):
    value = data.get(key)
    if _blank(value):
        return
    data[key] = value = value.strip()
    if not rules.email_is_valid(value) and not kept_as_stored(key, data, context, value):
        fail(key, errors, tk._("«{value}» is not a valid email address").format(value=value))


@validator
def chervonohrad_edrpou(key, data, errors, context):
    value = data.get(key)
    if _blank(value):
        return
    data[key] = value = str(value).strip()
    if kept_as_stored(key, data, context, value):
        return  # a stored code is changed by regional administrators only (publisher_identity)
    if not value.isdigit() or len(value) != 8:
        fail(key, errors, tk._("The EDRPOU code must be exactly 8 digits"))
    if not rules.edrpou_is_valid(value):
        fail(key, errors, tk._("The EDRPOU code {value} fails its check digit: look for a mistyped digit").format(
            value=value))


@validator
def chervonohrad_edrpou_unique(key, data, errors, context):
    """No two publishers carry one EDRPOU code: it says whose harvested datasets a publisher
    receives. Only a code being set or changed is checked, so a portal's older duplicates
    stay editable (the operator resolves them) rather than freezing both publishers."""
    value = data.get(key)
    if _blank(value) or errors.get(key):
        return
    group = context.get("group")
    if group is not None and (extras.of(group).get("edrpou") or "").strip() == value:
        return
    other = publishers.with_edrpou(value, except_id=group.id if group is not None else None)
    if other is not None:
        fail(key, errors, tk._("A publisher with EDRPOU {edrpou} is already registered: «{title}»").format(
            edrpou=value, title=other.title))


@validator
def chervonohrad_katottg(key, data, errors, context):
    value = data.get(key)
    if _blank(value):
        return
    code = str(value).strip().upper()
    if rules.katottg_is_valid(code):
        data[key] = code
        return
    if not kept_as_stored(key, data, context, value):
        fail(key, errors, tk._("A KATOTTG code is «UA» followed by 17 digits, e.g. UA46120130000026331"))


# A refused link is named by its field, as the form labels it (msgids, translated when shown).
_LINK_MESSAGES = {
    "resource": _n("«File or link» must be a web address starting with http:// or https:// "
                   "(e.g. https://example.gov.ua/data.csv) or an uploaded file; «{value}» is not one"),
    "website": _n("«Website» must be a web address starting with http:// or https:// "
                  "(e.g. https://example.gov.ua); «{value}» is not one"),
    "logo": _n("«Logo» must be a web address starting with http:// or https:// or an uploaded image; "
               "«{value}» is not one"),
    "showcase_url": _n("«Address of the use case» must be a web address starting with http:// or https:// "
                       "(e.g. https://bot.example.ua); «{value}» is not one"),
    "showcase_image": _n("«Image» must be a web address starting with http:// or https:// "
                         "(e.g. https://example.ua/screenshot.png); «{value}» is not one"),
}


def _shown(value: Any) -> str:
    """The refused value as the message quotes it: short, and with its hidden characters
    visible (a tab in "java\tscript:" is the trick, so it is shown)."""
    text = str(value)
    text = text if len(text) <= 80 else text[:79] + "…"
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m[0]):02x}", text)


@validator
def chervonohrad_link(field: str) -> Validator:
    """Only http(s) links, so nothing a publisher types runs in a visitor's browser
    (passport/rules.py: link_is_storable). Resources: an upload (url_type set) may be the
    file name CKAN stores for it; a logo may be an uploaded image's name."""
    message = _LINK_MESSAGES[field]

    def validator(key, data, errors, context):
        value = data.get(key)
        if value is missing or value is None:
            return
        if field == "resource":
            url_type = data.get(key[:-1] + ("url_type",))
            upload = url_type not in (None, missing, "")
        else:
            upload = field == "logo"
        # A stored link is kept while unchanged: pages show it unlinked (helpers.chervonohrad_safe_url).
        if not rules.link_is_storable(value, upload=upload) and not kept_as_stored(key, data, context, value):
            fail(key, errors, tk._(message).format(value=_shown(value)))
    return validator


@validator
def chervonohrad_iso_date(key, data, errors, context):
    value = data.get(key)
    if _blank(value):
        return
    if kept_as_stored(key, data, context, value) and not rules.iso_date_is_valid(str(value).strip()):
        return
    value = str(value).strip()
    if not rules.iso_date_is_valid(value):
        fail(key, errors, tk._("«{value}» is not a date in the form YYYY-MM-DD").format(value=value))
    data[key] = value


def is_open_licence(licence_id: Any) -> bool:
    """One of the licences the portal offers (its register: data/licenses.json), open."""
    licence = model.Package.get_license_register().get(licence_id)
    return licence is not None and licence.isopen()


@validator
def chervonohrad_open_license(key, data, errors, context):
    """A licence chosen must be open; a spelling values.py maps to one (`CC-BY-4.0`) is
    stored as its id; a closed licence the stored public dataset has is kept while unchanged."""
    value = data.get(key)
    if _blank(value) or is_open_licence(value):
        return
    mapped = values.license_id(value)
    if is_open_licence(mapped):
        data[key] = mapped
        return
    if not kept_as_stored(key, data, context, value):
        fail(key, errors, tk._("Only open licences may be chosen; «{value}» is not one of them").format(value=value))


@validator
def chervonohrad_default_territory(key, data, errors, context):
    """New datasets default their territory to the council's KATOTTG code."""
    from ckanext.chervonohrad import config

    if _blank(data.get(key)):
        data[key] = config.council_katottg()


@validator
def chervonohrad_resource_format(key, data, errors, context):
    """Normalise the format to the vocabulary's spelling; refuse formats it does not know."""
    value = data.get(key)
    if _blank(value):
        return
    by_upper = {code.upper(): code for code in vocabularies.keyed("formats")}
    normalised = by_upper.get(str(value).strip().lstrip(".").upper()) or values.format_code(value)
    if normalised is None and kept_as_stored(key, data, context, value):
        return
    if normalised is None:
        fail(key, errors, tk._("Unknown format «{value}»: choose one from the list").format(value=value))
    data[key] = normalised


# The context key in which package_update (passport.logic.action) hands the gate the resources it was given.
SUBMITTED_RESOURCES = "chervonohrad_submitted_resources"


def _dataset_from(data: dict, context: dict) -> dict[str, Any]:
    """The dataset as it will be saved, from navl's flattened data (existing resources
    count when an update leaves them out). The resources an update was given stand for
    the ones validated: CKAN 2.12 validates only those it changes."""
    clean = {k: v for k, v in data.items() if v is not missing}
    dataset = unflatten(clean)
    package = context.get("package")
    submitted = context.get(SUBMITTED_RESOURCES)
    if submitted is not None and package is not None:
        dataset["resources"] = _submitted_over_validated(submitted, dataset.get("resources") or [])
    elif "resources" not in dataset and package is not None:
        dataset["resources"] = [
            {"resource_role": r.extras.get("resource_role"), "state": r.state} for r in package.resources
        ]
    if not dataset.get("state") and package is not None:
        dataset["state"] = package.state
    return dataset


def _submitted_over_validated(submitted: list[dict], validated: list[dict]) -> list[dict]:
    """Each submitted resource, in its validated form where it has one (matched by id; new
    ones, without an id, in order), so a role the validators filled in counts."""
    by_id = {r.get("id"): r for r in validated if r.get("id")}
    new = iter([r for r in validated if not r.get("id")])
    return [by_id.get(r.get("id")) or (next(new, r) if not r.get("id") else r) for r in submitted]


REASONS = {
    "required": lambda: tk._("Required before the dataset is published"),
    "no_data_resource": lambda: tk._("Add at least one resource with the role «Data» before publishing"),
    "no_structure_resource": lambda: tk._(
        "Add the dataset structure file (a resource with the role «Dataset structure») before publishing"),
}


@validator
def chervonohrad_publication_gate(key, data, errors, context):
    """Who may save a dataset that is (or becomes) public, and with what gaps.

    - Drafts may be incomplete.
    - Publishing is strict: creating a dataset as public, making a draft (or a dataset
      without a state) active, or making a private dataset public, needs the whole
      passport (rules.REQUIRED_TO_PUBLISH), a resource with the role «Data» and one with
      the role «Dataset structure», and no refused value.
    - Updating a dataset that is already active (and stays so; a private one that stays
      private too) is refused only when the edit makes it worse: a gap the stored dataset
      did not have (a required field emptied, the last data or structure resource
      removed), or a new or changed value that its field's validator refuses. Gaps the
      stored dataset already had, and refused values it holds that the edit leaves
      unchanged (`kept_as_stored`; a draft keeps its own too until it is published), do
      not block: the action's result and the passport panel list them as warnings.

    The rule is legacy.added: the gaps after the edit minus the gaps before it. Resources
    are created, updated and deleted through package_update, so they follow it too.
    """
    dataset = _dataset_from(data, context)
    if dataset.get("state") == "draft":
        return
    gaps = rules.missing_for_publication(dataset)
    package = stored_record(data, context)
    if isinstance(package, model.Package) and package.state == "active":
        gaps = legacy.added(rules.missing_for_publication(stored_dataset(package)), gaps)
    # A field that already failed its own validator keeps that message alone.
    already_failed = {key for key, messages in errors.items() if messages}
    for gap in gaps:
        field = ("resource_role",) if gap.field == "resources" else (gap.field,)
        if field in already_failed or (gap.field == "tag_string" and ("tags",) in already_failed):
            continue
        errors.setdefault(field, []).append(REASONS[gap.reason]())


def refuse_orphaning_delete(resource_id: str, resources: list[dict[str, Any]], package_state: str) -> None:
    """A public dataset keeps its data and structure files: deleting the last of either
    is refused (replace the file, or make the dataset a draft first). A public dataset
    that never had one (stock content) may still lose its other resources: only a new
    gap is refused (legacy.added, as in the publication gate)."""
    if package_state != "active":
        return
    remaining = [r for r in resources if r.get("id") != resource_id]

    def resource_gaps(listed):
        return [m for m in rules.missing_for_publication({"resources": listed}) if m.field == "resources"]

    gaps = legacy.added(resource_gaps(resources), resource_gaps(remaining))
    if gaps:
        raise tk.ValidationError({"resource_role": [REASONS[gap.reason]() for gap in gaps]})


# --- publishers ----------------------------------------------------------------------------

_PUBLISHER_FIELD_LABELS = {
    "edrpou": _n("EDRPOU code"),
    "publisher_type": _n("Publisher type"),
    "hromada": _n("Hromada"),
}


@validator
def chervonohrad_publisher_required(key, data, errors, context):
    """A publisher's identity fields (edrpou, publisher_type, hromada) under the dataset
    rule (legacy.added over legacy.publisher_missing): required when a publisher is
    created; on an update a field the stored organization lacks (made before this
    extension) may stay empty, and is listed as a warning, but a stored value may not be
    emptied."""
    value = data.get(key)
    if not _blank(value):
        return
    group = stored_record(data, context)
    if not isinstance(group, model.Group):
        tk.get_validator("not_empty")(key, data, errors, context)
        return
    stored = {field: extras.of(group).get(field) for field in legacy.PUBLISHER_REQUIRED}
    after = dict(stored, **{key[0]: None})
    if key[0] not in legacy.added(legacy.publisher_missing(stored), legacy.publisher_missing(after)):
        data.pop(key, None)
        raise tk.StopOnError
    fail(key, errors, tk._("«{field}» is set for this publisher ({value}) and may not be emptied").format(
        field=tk._(_PUBLISHER_FIELD_LABELS.get(key[0], key[0])), value=stored[key[0]]))


@validator
def chervonohrad_temporal_range(key, data, errors, context):
    start, end = data.get(("temporal_start",)), data.get(("temporal_end",))
    if _blank(start) or _blank(end) or errors.get(("temporal_start",)) or errors.get(("temporal_end",)):
        return
    if str(start) > str(end):
        errors.setdefault(("temporal_end",), []).append(tk._("The end of the period is before its start"))


# CKAN's error summary names a field by its prettified key ("maintainer_email" ->
# "Maintainer email") and translates that; these are the translations' msgids.
FIELD_NAMES = (
    _n("Title"), _n("Name"), _n("Notes"), _n("Tag string"), _n("Tags"), _n("Language"), _n("Update frequency"),
    _n("Purpose of collecting information"), _n("Owner org"), _n("License id"), _n("Maintainer"),
    _n("Maintainer email"), _n("List835 item"), _n("Topic"), _n("Data current as of"), _n("Territory"),
    _n("Temporal start"), _n("Temporal end"), _n("Version"), _n("Resource role"), _n("Format"),
    _n("Edrpou"), _n("Publisher type"), _n("Hromada"), _n("Officer email"), _n("Website"),
)
