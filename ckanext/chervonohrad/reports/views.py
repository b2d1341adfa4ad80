"""Pages of the reports room: the information audit (all publishers, or one with its items,
where administrators assign missing items), its CSV/XLSX export, the register of datasets as
CSV/JSON and its publication as a dataset, and the dashboard.

The audit and the dashboard open on the viewer's own hromada (?hromada=all: the whole
oblast); the downloads are for machines too, so they take no default: the whole oblast
unless ?hromada= names one."""
from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common import tables
from ckanext.chervonohrad.common.helpers import page_language, viewer_name
from ckanext.chervonohrad.hromada.filters import hromada_page_vars, invalid_filter, requested_hromada
from ckanext.chervonohrad.reports import audit as audit_
from ckanext.chervonohrad.reports import register, register_dataset

blueprint = Blueprint("chervonohrad_reports", __name__)


def _context() -> dict[str, Any]:
    return {"user": viewer_name()}


def _may_read():
    """Of the ids of drafts and private datasets, those the current user may read."""
    return functools.partial(audit_.readable, _context()["user"])


def _filters(*keys: str) -> dict[str, str]:
    return {k: tk.request.args[k].strip() for k in keys if (tk.request.args.get(k) or "").strip()}


def _with_hromada(filters: dict[str, str], hromada: str | None) -> dict[str, str]:
    filters = {k: v for k, v in filters.items() if k != "hromada"}
    return dict(filters, hromada=hromada) if hromada else filters


def _attachment(body: Any, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@blueprint.route("/open-data/audit")
def audit():
    filters = _filters("publisher")
    # One publisher's page shows that publisher wherever it is: no default hromada there.
    hromada = requested_hromada(default_to_own=not filters.get("publisher"))
    filters = _with_hromada(filters, hromada)
    try:
        result = tk.get_action("chervonohrad_reports_audit")(
            _context(), dict(filters, items=bool(filters.get("publisher"))))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Publisher not found"))
    except tk.ValidationError as error:
        return invalid_filter(error)
    publisher = result["publishers"][0] if filters.get("publisher") and result["publishers"] else None
    hromada = hromada and hromada.upper()
    return tk.render("chervonohrad/reports/audit.html", extra_vars={
        "audit": result, "publisher": publisher, "filters": _with_hromada(filters, hromada),
        "registers": register_dataset.registers(_may_read()), "today": dt.date.today().isoformat(),
        **hromada_page_vars(hromada)})


def _download_filters() -> dict[str, str]:
    """A download's filters: no default hromada (?hromada=all or none: the whole oblast)."""
    return _with_hromada(_filters("publisher"), requested_hromada(default_to_own=False))


def _download_name(filters: dict[str, str]) -> str:
    return filters.get("publisher") or (filters.get("hromada") or "").upper() or "council"


@blueprint.route("/open-data/audit.<any(csv, xlsx):fmt>")
def audit_export(fmt: str):
    filters = _download_filters()
    try:
        result = tk.get_action("chervonohrad_reports_audit")(_context(), filters)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Publisher not found"))
    except tk.ValidationError as error:
        return invalid_filter(error)
    lang = page_language()
    name = f"audit-835-{_download_name(filters)}-{result['as_of']}"
    sheets = audit_.sheets(result, lang, register.dataset_url_template())
    if fmt == "csv":
        _title, header, rows = sheets[1]
        return _attachment(tables.to_csv(header, rows, bom=True), "text/csv", f"{name}.csv")
    return _attachment(tables.to_xlsx(sheets), tables.XLSX_MIMETYPE, f"{name}.xlsx")


@blueprint.route("/open-data/audit/assign", methods=["POST"])
def audit_assign():
    form = {k: (tk.request.form.get(k) or "").strip() for k in ("publisher", "item", "responsible", "due_date")}
    try:
        tk.get_action("chervonohrad_reports_audit_assign")(_context(), form)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only regional administrators and the council officers of the publisher's "
                                  "hromada may assign its audit items"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Publisher not found"))
    except tk.ValidationError as error:
        tk.h.flash_error("; ".join(m for messages in error.error_dict.values() for m in messages))
    else:
        tk.h.flash_success(tk._("The assignment has been saved."))
    page = tk.h.url_for("chervonohrad_reports.audit", publisher=form["publisher"])
    return tk.redirect_to(f"{page}#item-{form['item']}")


@blueprint.route("/open-data/register.<any(csv, json):fmt>")
def register_export(fmt: str):
    filters = _download_filters()
    try:
        result = tk.get_action("chervonohrad_reports_register")(_context(), dict(filters, lang=page_language()))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Publisher not found"))
    except tk.ValidationError as error:
        return invalid_filter(error)
    name = f"register-{_download_name(filters)}"
    if fmt == "csv":
        return _attachment(register.to_csv(result["rows"]), "text/csv", f"{name}.csv")
    return _attachment(register.to_json(result["rows"]), "application/json", f"{name}.json")


@blueprint.route("/open-data/register/publish", methods=["POST"])
def register_publish():
    publisher = (tk.request.form.get("publisher") or "").strip()
    try:
        done = tk.get_action("chervonohrad_reports_register_publish")(_context(), {"publisher": publisher})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only regional administrators, the council officers of the publisher's hromada "
                                  "and the publisher's administrators may publish its register of datasets"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Publisher not found"))
    except tk.ValidationError as error:
        tk.h.flash_error(tk._("The register could not be published: {errors}").format(
            errors="; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in error.error_dict.items())))
    else:
        tk.h.flash_success(tk._("The register of datasets is published as the dataset {name} ({rows} datasets).")
                           .format(name=done["dataset"], rows=done["rows"]))
    return tk.redirect_to("chervonohrad_reports.audit", publisher=publisher)


@blueprint.route("/open-data/dashboard")
def dashboard():
    hromada = requested_hromada()
    try:
        figures = tk.get_action("chervonohrad_reports_dashboard")(_context(), {"hromada": hromada} if hromada else {})
    except tk.ValidationError as error:
        return invalid_filter(error)
    return tk.render("chervonohrad/reports/dashboard.html", extra_vars={
        "d": figures, "filters": _with_hromada({}, figures["hromada"]), **hromada_page_vars(figures["hromada"])})
