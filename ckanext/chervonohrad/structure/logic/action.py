"""API of the structure room: the stored reports of data checked against their structure."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.registry import action
from ckanext.chervonohrad.structure import checks


@action
@tk.side_effect_free
def chervonohrad_structure_report_show(context, data_dict) -> dict[str, Any]:
    """Structure reports: how a dataset's CSV and XLSX data match its structure file.

    :param resource_id: a data resource's id: its report (``status`` ``not_checked`` when it has none)
    :param id: or a dataset's id or name: the reports of all its data resources, by resource id
    Each report: status (valid, invalid, skipped, error), reason, detail, rows_checked,
    errors_total, limited, errors (the first N: type, row, column, field, cell, note, message),
    structure_resource_id, url (the URL checked), data_sha256, checked_at (UTC).
    """
    resource_id = data_dict.get("resource_id")
    if resource_id:
        tk.check_access("chervonohrad_structure_report_show", context, {"resource_id": resource_id})
        resource = tk.get_action("resource_show")(context.copy(), {"id": resource_id})
        report = checks.stored_reports(resource["package_id"]).get(resource["id"])
        return report or {"resource_id": resource["id"], "package_id": resource["package_id"], "status": "not_checked"}
    tk.check_access("chervonohrad_structure_report_show", context, data_dict)
    dataset = tk.get_action("package_show")(context.copy(), {"id": tk.get_or_bust(data_dict, "id")})
    return {"dataset": dataset["name"], "reports": checks.stored_reports(dataset["id"])}
