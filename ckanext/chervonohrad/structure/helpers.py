"""Template helpers of the structure room: a resource's report, worded for the page."""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common import outbound
from ckanext.chervonohrad.common.clock import kyiv_text
from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.common.registry import helper
from ckanext.chervonohrad.structure import checks

STATUS_TEXTS = {
    "valid": _n("The data match the structure file"),
    "invalid": _n("The data do not match the structure file"),
    "skipped": _n("Not checked against the structure file"),
    "error": _n("Could not be checked against the structure file"),
}
REASON_TEXTS = {
    "not_tabular": _n("Only CSV and XLSX files are checked against the structure."),
    "too_large": _n("The file is larger than the portal checks."),
    "structure_unreadable": _n("The structure file could not be read as a Table Schema, CSVW metadata or a table "
                               "listing the columns."),
    "data_unreadable": _n("The data file could not be read as a table."),
    "missing_file": _n("The uploaded file is missing from the storage."),
    "refused_address": outbound.MESSAGES["refused_address"],
    "fetch_failed": _n("The file could not be downloaded."),
    "check_failed": _n("The check itself failed; it runs again after the next change."),
}
# Each error type (Frictionless's codes, and missing-column of ours) as a sentence; {cell},
# {field} and {type} are filled in.
ERROR_TEXTS = {
    "type-error": _n("The value «{cell}» is not {type}."),
    "constraint-error": _n("The value «{cell}» breaks a rule of the structure."),
    "required": _n("A value is required here."),
    "missing-cell": _n("The cell is missing: the row is shorter than the header."),
    "extra-cell": _n("The row has more cells than the header."),
    "blank-row": _n("The row is empty."),
    "missing-column": _n("The data have no column «{field}» that the structure names."),
    "duplicate-label": _n("Two columns have the same name."),
    "blank-label": _n("A column has no name."),
    "unique-error": _n("The value «{cell}» repeats but must be unique."),
    "primary-key": _n("The key «{cell}» repeats or is empty."),
}
TYPE_NAMES = {
    "integer": _n("a whole number"), "number": _n("a number"), "date": _n("a date"),
    "datetime": _n("a date and time"), "time": _n("a time of day"), "boolean": _n("a yes/no value"),
    "year": _n("a year"), "string": _n("a text"),
}
STATUS_STYLES = {"valid": "success", "invalid": "danger", "skipped": "secondary", "error": "warning"}


def _type_of(note: str) -> str:
    found = re.search(r'type is "([a-z]+)', note or "")
    name = found.group(1) if found else ""
    return tk._(TYPE_NAMES[name]) if name in TYPE_NAMES else name


def error_text(error: dict[str, Any]) -> str:
    """One stored error as a sentence in the page's language."""
    kind = error.get("type") or ""
    if kind == "constraint-error" and '"required"' in (error.get("note") or ""):
        kind = "required"
    template = ERROR_TEXTS.get(kind)
    if template is None:
        return error.get("message") or kind
    return tk._(template).format(cell=error.get("cell") or "", field=error.get("field") or "",
                                 type=_type_of(error.get("note") or ""))


@helper
def chervonohrad_structure_report(resource: dict[str, Any]) -> dict[str, Any] | None:
    """The stored report of a data resource, worded for its page; None when it has none."""
    if not resource.get("id") or not resource.get("package_id"):
        return None
    report = checks.stored_reports(resource["package_id"]).get(resource["id"])
    if report is None:
        return None
    reason = REASON_TEXTS.get(report.get("reason") or "")
    return dict(report, status_text=tk._(STATUS_TEXTS.get(report["status"], report["status"])),
                style=STATUS_STYLES.get(report["status"], "secondary"),
                reason_text=tk._(reason) if reason else "",
                checked=kyiv_text(report.get("checked_at"), with_time=True),
                # An upload's URL is made per request (the page's language in it): a new file
                # is checked again anyway, so only a changed link counts here.
                outdated=resource.get("url_type") != "upload" and report.get("url") not in (None, resource.get("url")),
                rows=[dict(e, text=error_text(e)) for e in report["errors"]])
