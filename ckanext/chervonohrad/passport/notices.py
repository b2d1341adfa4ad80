"""Warnings: what a saved dataset or publisher still lacks, and the refused values it keeps
from before this extension, each with its field named and what to do.

The actions' results (`chervonohrad_warnings`), `chervonohrad_passport_show` (`invalid`)
and the dataset page's passport panel say it in the same words. The rules themselves are
the pure functions of rules.py and legacy.py.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.i18n import _n, localized
from ckanext.chervonohrad.passport import legacy, rules, vocabularies

KEY = "chervonohrad_warnings"  # only ever in an action's result: never stored or indexed

# What a published dataset still lacks (its gaps from before: saving it is not refused).
PUBLISHED_REASONS = {
    "required": _n("Required in the passport of a published dataset: fill it in"),
    "no_data_resource": _n("A published dataset needs a resource with the role «Data»: add one"),
    "no_structure_resource": _n(
        "A published dataset needs its structure file (a resource with the role «Dataset structure»): add it"),
}

# A stored value the passport refuses, by legacy.REASONS.
INVALID_REASONS = {
    "unknown_value": _n("«{value}» is not a value of the list: choose one from the list"),
    "closed_licence": _n("«{value}» is not an open licence: choose an open licence (CC BY 4.0 by default)"),
    "invalid_email": _n("«{value}» is not a valid email address: correct it"),
    "invalid_date": _n("«{value}» is not a date in the form YYYY-MM-DD: correct it"),
    "invalid_code": _n("«{value}» is not a valid code: correct it"),
    "unsafe_link": _n("«{value}» is not a web address starting with http:// or https://: give one or upload the file"),
    "too_long": _n("The text is longer than the passport allows: shorten it"),
    "unknown_format": _n("«{value}» is not a format of the list: choose one from the list"),
    "duplicate_code": _n("«{value}» is the code of another publisher too: ask the regional administrators"),
}
FIX = _n("suggested: «{fix}»")
PUBLISHER_MISSING = _n("Not set for this publisher yet: ask the regional administrators to set it")
RESOURCE = _n("Resource «{name}»")


def _shown(value: str) -> str:
    return value if len(value) <= 80 else value[:79] + "…"


def _language() -> str:
    """The request's language; outside a request (commands, jobs, tests' direct calls)
    messages stay untranslated msgids, so labels are English too."""
    try:
        return tk.h.lang() or "en"
    except (RuntimeError, TypeError):
        return "en"


def _labels(schema: dict[str, Any] | None, *groups: str) -> dict[str, Any]:
    labels: dict[str, Any] = {}
    for group in groups:
        for field in (schema or {}).get(group, []):
            labels.setdefault(field["field_name"], field.get("label"))
    return labels


def _label(labels: dict[str, Any], field: str) -> str:
    label = labels.get(field)
    if not label:
        return tk._("Resources") if field in ("resources", "resource_role") else field
    if isinstance(label, dict):
        return localized(label, _language())
    return tk._(label)


def _dataset_labels() -> dict[str, Any]:
    return _labels(tk.h.scheming_get_dataset_schema("dataset"), "dataset_fields", "resource_fields")


def invalid_message(invalid: legacy.Invalid, labels: dict[str, Any], resources: dict[str, str]) -> str:
    text = tk._(INVALID_REASONS[invalid.reason]).format(value=_shown(invalid.value))
    if invalid.fix:
        text += " (" + tk._(FIX).format(fix=invalid.fix) + ")"
    where = _label(labels, invalid.field)
    if invalid.resource:
        where = tk._(RESOURCE).format(name=resources.get(invalid.resource) or invalid.resource) + ", " + where
    return f"{where}: {text}"


def open_licences() -> list[str]:
    return [licence_id for licence_id, licence in model.Package.get_license_register().items() if licence.isopen()]


def dataset_invalid(dataset: dict[str, Any]) -> list[legacy.Invalid]:
    return legacy.dataset_invalid(dataset, open_licences())


def dataset_warnings(dataset: dict[str, Any]) -> list[dict[str, Any]]:
    """A saved dataset's remaining gaps (for a draft: what publishing it needs) and the
    refused values it keeps: `[{field, kind, reason, message, value?, fix?, resource?}]`."""
    from ckanext.chervonohrad.passport.validators import REASONS

    labels = _dataset_labels()
    published = dataset.get("state") == "active"
    warnings = []
    for gap in rules.missing_for_publication(dataset):
        reason = tk._(PUBLISHED_REASONS[gap.reason]) if published else REASONS[gap.reason]()
        warnings.append({"field": gap.field, "kind": "missing", "reason": gap.reason,
                         "message": f"{_label(labels, gap.field)}: {reason}"})
    resources = {r.get("id"): r.get("name") for r in dataset.get("resources") or []}
    for invalid in dataset_invalid(dataset):
        warnings.append(_invalid_warning(invalid, labels, resources))
    return warnings


def _invalid_warning(invalid: legacy.Invalid, labels: dict[str, Any], resources: dict[str, str]) -> dict[str, Any]:
    warning = {"field": invalid.field, "kind": "invalid", "reason": invalid.reason, "value": invalid.value,
               "fix": invalid.fix, "message": invalid_message(invalid, labels, resources)}
    if invalid.resource:
        warning["resource"] = invalid.resource
    return warning


def publisher_warnings(organization: dict[str, Any]) -> list[dict[str, Any]]:
    """An organization's identity fields not set yet (made before this extension) and its
    refused stored values."""
    # organization_update answers with the extras as a list (organization_show flattens them).
    organization = dict({e["key"]: e["value"] for e in organization.get("extras") or [] if "key" in e},
                        **{k: v for k, v in organization.items() if k != "extras"})
    labels = _labels(tk.h.scheming_get_organization_schema("organization"), "fields")
    warnings = [{"field": field, "kind": "missing", "reason": "required",
                 "message": f"{_label(labels, field)}: {tk._(PUBLISHER_MISSING)}"}
                for field in legacy.publisher_missing(organization)]
    for invalid in legacy.publisher_invalid(organization, vocabularies.keyed("hromadas")):
        warnings.append(_invalid_warning(invalid, labels, {}))
    return warnings
