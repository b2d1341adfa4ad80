"""Structure validation of a dataset's data, run by a background job, never in a web request.

The job reads the dataset's first active structure resource (`resource_role` structure) and
validates each active data resource (`resource_role` data, or none: older content) that is a
CSV or an XLSX against it, stores one report per data resource (StructureReport, replacing
the previous one) and asks the quality room to score the dataset again (by the action's
name: quality comes later in the flow, so this room may not import it). A dataset without a
structure file has no reports. Saving a dataset never waits for this: the hooks queue the
job after the commit, and nothing here raises into them.

Report statuses: valid, invalid (errors by row and column), skipped (reason not_tabular,
too_large: nothing to validate), error (reason structure_unreadable, data_unreadable,
missing_file, refused_address, fetch_failed, check_failed: the check could not be made).
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common import jobs
from ckanext.chervonohrad.common.clock import utcnow
from ckanext.chervonohrad.structure import files, schemas, text, validate
from ckanext.chervonohrad.structure.model import StructureReport

log = logging.getLogger(__name__)

JOB_TIMEOUT = 3600
TABULAR = {"CSV": "csv", "XLSX": "xlsx"}
# Reasons of an `error` report that are the publisher's to fix in the files themselves (the
# quality indicator counts them as a mismatch); the others are the network's or the checker's.
FAILING_REASONS = ("structure_unreadable", "data_unreadable")
RESCORE_ACTION = "chervonohrad_quality_rescore"


@dataclass
class Report:
    status: str
    reason: str | None = None
    detail: str | None = None
    rows: int = 0
    errors_total: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    limited: bool = False
    sha256: str | None = None


def data_resources(pkg: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in pkg.get("resources") or []
            if (r.get("resource_role") or "data") == "data" and r.get("state", "active") == "active"]


def structure_resource(pkg: dict[str, Any]) -> dict[str, Any] | None:
    return next((r for r in pkg.get("resources") or []
                 if r.get("resource_role") == "structure" and r.get("state", "active") == "active"
                 and (r.get("url") or "").strip()), None)


def tabular_format(resource: dict[str, Any]) -> str | None:
    """"csv" or "xlsx" by the declared format, else by the URL's extension; None otherwise."""
    declared = (resource.get("format") or "").strip().upper().lstrip(".")
    if declared in TABULAR:
        return TABULAR[declared]
    if declared:
        return None
    extension = (resource.get("url") or "").split("?", 1)[0].rsplit(".", 1)[-1].upper()
    return TABULAR.get(extension)


def load_structure(resource: dict[str, Any]) -> schemas.Structure:
    """The parsed structure file; raises schemas.StructureError or files.Unavailable."""
    got = files.get(resource, schemas.MAX_STRUCTURE_BYTES)
    if got.truncated:
        raise schemas.StructureError("too_large", "the structure file is larger than "
                                                  f"{schemas.MAX_STRUCTURE_BYTES // 1024 ** 2} MB")
    return schemas.parse(got.data)


def check_resource(resource: dict[str, Any], structure: schemas.Structure) -> Report:
    fmt = tabular_format(resource)
    if fmt is None:
        return Report("skipped", "not_tabular",
                      f"{resource.get('format') or 'unknown format'}: only CSV and XLSX files are validated")
    max_bytes = config.structure_max_bytes()
    try:
        got = files.get(resource, max_bytes)
    except files.Unavailable as error:
        return Report("error", error.reason, error.detail)
    data, limited = got.data, got.truncated
    if limited and fmt == "xlsx":
        return Report("skipped", "too_large", f"the XLSX file is larger than {max_bytes // 1024 ** 2} MB")
    if limited:
        data = text.cut_at_last_line(data)
    outcome = validate.validate(data, fmt, structure.schema, max_rows=config.structure_max_rows(),
                                keep=config.structure_report_errors())
    detail = outcome.detail
    if outcome.status != "error" and limited:
        detail = f"only the first {max_bytes // 1024 ** 2} MB checked"
    return Report(outcome.status, outcome.reason, detail, outcome.rows, outcome.errors_total, outcome.errors,
                  limited or outcome.limited, hashlib.sha256(data).hexdigest())


def _store(package_id: str, structure_id: str | None, resources: list[dict[str, Any]],
           reports: dict[str, Report]) -> None:
    """Replace the dataset's reports: one per data resource checked now, none for the others."""
    model.Session.query(StructureReport).filter(StructureReport.package_id == package_id).delete(
        synchronize_session=False)
    model.Session.query(StructureReport).filter(StructureReport.resource_id.in_(list(reports) or [""])).delete(
        synchronize_session=False)  # a resource moved from another dataset
    now = utcnow()
    for resource in resources:
        report = reports[resource["id"]]
        model.Session.add(StructureReport(
            resource_id=resource["id"], package_id=package_id, structure_resource_id=structure_id,
            status=report.status, reason=report.reason, detail=report.detail, rows_checked=report.rows,
            errors_total=report.errors_total, limited=report.limited, errors=report.errors,
            data_url=resource.get("url") or "", data_sha256=report.sha256, checked_at=now))


def dataset_or_none(package_id: str) -> dict[str, Any] | None:
    try:
        pkg = tk.get_action("package_show")({"ignore_auth": True, "use_cache": False}, {"id": package_id})
    except tk.ObjectNotFound:
        return None
    return None if pkg.get("state") == "deleted" or pkg.get("type", "dataset") != "dataset" else pkg


def check_dataset(package_id: str, *, rescore: bool = True) -> dict[str, Report]:
    """The background job (and the command line): validate a dataset's data against its
    structure file, store the reports, have the dataset scored again. A dataset that is gone
    is left alone. Returns the reports by resource id."""
    pkg = dataset_or_none(package_id)
    if pkg is None:
        log.info("structure check: dataset %s no longer exists", package_id)
        return {}
    structure_res = structure_resource(pkg)
    resources = data_resources(pkg) if structure_res else []
    reports: dict[str, Report] = {}
    structure: schemas.Structure | None = None
    failure: Report | None = None
    if structure_res is not None:
        try:
            structure = load_structure(structure_res)
        except schemas.StructureError as error:
            failure = Report("error", "structure_unreadable", f"{error.reason}: {error.detail}")
        except files.Unavailable as error:
            failure = Report("error", error.reason, f"the structure file: {error.detail}")
    for resource in resources:
        if failure is not None:
            reports[resource["id"]] = failure
            continue
        try:
            reports[resource["id"]] = check_resource(resource, structure)
        except Exception as error:  # one odd file must not lose the others' reports
            log.exception("structure check of resource %s failed", resource.get("id"))
            reports[resource["id"]] = Report("error", "check_failed", f"the check failed: {type(error).__name__}")
    _store(pkg["id"], structure_res["id"] if structure_res else None, resources, reports)
    model.Session.commit()
    if rescore:
        with contextlib.suppress(tk.ObjectNotFound):  # deleted meanwhile
            tk.get_action(RESCORE_ACTION)({"ignore_auth": True}, {"id": pkg["id"]})
    log.info("structure check of %s: %s", pkg["name"], {rid: r.status for rid, r in reports.items()} or "nothing")
    return reports


# ---- queueing -----------------------------------------------------------------------------

JOB = jobs.DatasetJob("structure check", check_dataset, on_change=config.structure_checks_on_change,
                     timeout=JOB_TIMEOUT)
enqueue = JOB.enqueue
enqueue_after_commit = JOB.enqueue_after_commit


def stored_reports(package_id: str | None) -> dict[str, dict[str, Any]]:
    """The stored reports of a dataset's resources, by resource id, as plain dicts (one query)."""
    if not package_id:
        return {}
    return {row.resource_id: report_dict(row)
            for row in model.Session.query(StructureReport).filter(StructureReport.package_id == package_id)}


def report_dict(row: StructureReport) -> dict[str, Any]:
    return {"resource_id": row.resource_id, "package_id": row.package_id,
            "structure_resource_id": row.structure_resource_id, "status": row.status, "reason": row.reason,
            "detail": row.detail, "rows_checked": row.rows_checked, "errors_total": row.errors_total,
            "limited": row.limited, "errors": row.errors or [], "url": row.data_url, "data_sha256": row.data_sha256,
            "failing": counts_as_mismatch(row.status, row.reason),
            "checked_at": row.checked_at.isoformat() if row.checked_at else None}


def counts_as_mismatch(status: str, reason: str | None) -> bool:
    return status == "invalid" or (status == "error" and reason in FAILING_REASONS)


def forget(package_id: str) -> None:
    model.Session.query(StructureReport).filter(StructureReport.package_id == package_id).delete(
        synchronize_session=False)


def reports_by_package(package_ids: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """The stored reports of many datasets at once (a bulk rescore reads a page's in one query)."""
    by_package: dict[str, dict[str, dict[str, Any]]] = {}
    if not package_ids:
        return by_package
    for row in model.Session.query(StructureReport).filter(StructureReport.package_id.in_(package_ids)):
        by_package.setdefault(row.package_id, {})[row.resource_id] = report_dict(row)
    return by_package
