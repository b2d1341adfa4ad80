"""Template helpers of the adoption room: a finding's words in the page's language."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.adoption import sheets
from ckanext.chervonohrad.common.helpers import page_language
from ckanext.chervonohrad.common.i18n import localized
from ckanext.chervonohrad.common.registry import helper


@helper
def chervonohrad_adoption_label(kind: str, key: str) -> str:
    """A finding's kind, reason or status as the page's language names it."""
    table = {"kind": sheets.KIND_LABELS, "reason": sheets.REASON_LABELS, "status": sheets.STATUS_LABELS}[kind]
    labels = table.get(key)
    return localized(labels, page_language()) if labels else key


@helper
def chervonohrad_adoption_field_label(field: str, publisher: bool = False) -> str:
    """A finding's field as the forms label it (the organization form for a publisher's
    findings, the dataset and resource forms otherwise); the code itself when no form has it."""
    if publisher:
        schema = tk.h.scheming_get_organization_schema("organization") or {}
        fields = schema.get("fields", [])
    else:
        schema = tk.h.scheming_get_dataset_schema("dataset") or {}
        fields = schema.get("resource_fields", []) + schema.get("dataset_fields", [])
    labels = {f["field_name"]: f["label"] for f in fields}
    if field in ("resources", "resource_role"):
        return tk._("Resources")
    return tk.h.scheming_language_text(labels[field]) if field in labels else field
