"""Pages of the reports room: the information audit (all publishers, or one with its items,
where administrators assign missing items), its CSV/XLSX export, the register of datasets as
CSV/JSON and its publication as a dataset, and the dashboard."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common import tables
from ckanext.chervonohrad.common.helpers import page_language
from ckanext.chervonohrad.reports import audit as audit_
from ckanext.chervonohrad.reports import register, register_dataset

blueprint = Blueprint("chervonohrad_reports", __name__)


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else None}


def _filters(*keys: str) -> dict[str, str]:
    return {k: tk.request.args[k].strip() for k in keys if (tk.request.args.get(k) or "").strip()}


def _attachment(body: Any, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@blueprint.route("/open-data/audit")
def audit():
    filters = _filters("publisher", "hromada")
    try:
        result = tk.get_action("chervonohrad_reports_audit")(
            _context(), dict(filters, items=bool(filters.get("publisher"))))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Publisher not found"))
    publisher = result["publishers"][0] if filters.get("publisher") and result["publishers"] else None
    return tk.render("chervonohrad/reports/audit.html", extra_vars={
        "audit": result, "publisher": publisher, "filters": filters, "registers": register_dataset.registers(),
        "today": dt.date.today().isoformat()})


@blueprint.route("/open-data/audit.<any(csv, xlsx):fmt>")
def audit_export(fmt: str):
    filters = _filters("publisher", "hromada")
    try:
        result = tk.get_action("chervonohrad_reports_audit")(_context(), filters)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Publisher not found"))
    lang = page_language()
    name = f"audit-835-{filters.get('publisher') or 'council'}-{result['as_of']}"
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
        return tk.abort(403, tk._("Only regional administrators may assign the audit's items"))
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
    filters = _filters("publisher", "hromada")
    try:
        result = tk.get_action("chervonohrad_reports_register")(_context(), dict(filters, lang=page_language()))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Publisher not found"))
    name = f"register-{filters.get('publisher') or 'council'}"
    if fmt == "csv":
        return _attachment(register.to_csv(result["rows"]), "text/csv", f"{name}.csv")
    return _attachment(register.to_json(result["rows"]), "application/json", f"{name}.json")


@blueprint.route("/open-data/register/publish", methods=["POST"])
def register_publish():
    publisher = (tk.request.form.get("publisher") or "").strip()
    try:
        done = tk.get_action("chervonohrad_reports_register_publish")(_context(), {"publisher": publisher})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only regional administrators and the publisher's administrators may publish "
                                  "its register of datasets"))
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
    filters = _filters("hromada")
    figures = tk.get_action("chervonohrad_reports_dashboard")(_context(), filters)
    return tk.render("chervonohrad/reports/dashboard.html", extra_vars={"d": figures, "filters": filters})
