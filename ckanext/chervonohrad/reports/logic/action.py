"""API of the reports room: the information audit (and its assignments), the register of
datasets (and its publication as a dataset), the dashboard's figures."""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common import extras
from ckanext.chervonohrad.common.publishers import active_publisher
from ckanext.chervonohrad.common.registry import action
from ckanext.chervonohrad.passport import vocabularies
from ckanext.chervonohrad.performance import figures
from ckanext.chervonohrad.reports import audit, dashboard, register, register_dataset
from ckanext.chervonohrad.reports.logic import schema
from ckanext.chervonohrad.reports.model import AuditAssignment


def _may_read(context) -> Callable[[set[str]], set[str]] | None:
    """Which drafts and private datasets the caller may read, as package_show decides; a
    caller that skips authorization reads them all, as package_show lets it."""
    return None if context.get("ignore_auth") else functools.partial(audit.readable, context.get("user"))


@action
@tk.side_effect_free
@tk.validate(schema.audit)
def chervonohrad_reports_audit(context, data_dict) -> dict[str, Any]:
    """The information audit against Resolution 835's list: for every publisher (or one, or a
    hromada's), each applicable item with its status (published, overdue, incomplete,
    missing), the datasets behind it and who answers for it by when; per-publisher counts,
    the council's totals and the tally per item. An item lists its drafts and private
    datasets only to whom package_show lets read them; for others `hidden` counts them.

    :param publisher: a publisher's id or name (optional)
    :param hromada: a KATOTTG code of a hromada of the oblast: only its publishers (optional)
    :param items: false to leave out each publisher's item list (default true)
    """
    tk.check_access("chervonohrad_reports_audit", context, data_dict)
    org_id = active_publisher(data_dict["publisher"]).id if data_dict.get("publisher") else None
    return audit.audit(org_id, data_dict.get("hromada"), detail=data_dict.get("items") is not False,
                       may_read=_may_read(context))


@action
@tk.validate(schema.audit_assign)
def chervonohrad_reports_audit_assign(context, data_dict) -> dict[str, Any]:
    """Name who answers for an item of a publisher's audit and by when. Empty `responsible`
    and `due_date` clear the assignment.

    :param publisher: the publisher's id or name
    :param item: an item id of the 835 list that applies to the publisher's type
    :param responsible: a person or unit (up to 200 characters)
    :param due_date: YYYY-MM-DD
    """
    tk.check_access("chervonohrad_reports_audit_assign", context, data_dict)
    org = active_publisher(data_dict["publisher"])
    applicable = {i["id"] for i in figures.applicable_items(vocabularies.items("list835"),
                                                            extras.of(org).get("publisher_type"))}
    if data_dict["item"] not in applicable:
        raise tk.ValidationError({"item": [tk._("This item of the list does not apply to this publisher")]})
    row = (model.Session.query(AuditAssignment).filter_by(owner_org=org.id, item_id=data_dict["item"])
           .with_for_update().one_or_none())
    responsible = (data_dict.get("responsible") or "").strip()
    due_date = data_dict.get("due_date")
    if not responsible and not due_date:
        if row is not None:
            model.Session.delete(row)
        model.Session.commit()
        return {"publisher": org.name, "item": data_dict["item"], "responsible": "", "due_date": None}
    if row is None:
        row = AuditAssignment(owner_org=org.id, item_id=data_dict["item"])
        model.Session.add(row)
    row.responsible, row.due_date = responsible, due_date
    row.updated_by, row.updated_at = context["user"], dt.datetime.utcnow()
    model.Session.commit()
    return {"publisher": org.name, "item": row.item_id, "responsible": row.responsible,
            "due_date": row.due_date.isoformat() if row.due_date else None, "updated_by": row.updated_by,
            "updated_at": row.updated_at.isoformat()}


@action
@tk.side_effect_free
@tk.validate(schema.register)
def chervonohrad_reports_register(context, data_dict) -> dict[str, Any]:
    """The register of datasets (реєстр наборів даних) of a publisher, a hromada or the whole
    council: one row per published dataset, in the Lviv oblast portal's structure.

    :param publisher: a publisher's id or name (optional; the whole council without it)
    :param hromada: a KATOTTG code of a hromada of the oblast: only its publishers (optional)
    :param lang: uk (default) or en — the language of the update frequency's label
    """
    tk.check_access("chervonohrad_reports_register", context, data_dict)
    org = active_publisher(data_dict["publisher"]) if data_dict.get("publisher") else None
    rows = register.rows(org.id if org else None, data_dict.get("hromada"), data_dict.get("lang") or "uk")
    result: dict[str, Any] = {
        "publisher": org.name if org else None, "count": len(rows),
        "columns": [{"name": key, "title": title, "datatype": datatype, "required": required}
                    for key, title, _description, datatype, required in register.COLUMNS],
        "rows": rows}
    if org is not None:
        # The register's own dataset, unless it was made private and the caller may not read it.
        published = register_dataset.registers(_may_read(context), org_id=org.id).get(org.id)
        result["dataset"] = published["dataset"] if published else None
    return result


@action
@tk.validate(schema.register_publish)
def chervonohrad_reports_register_publish(context, data_dict) -> dict[str, Any]:
    """Publish a publisher's register of datasets as a dataset of that publisher (835 item
    all-dataset-register, with the register and its structure as uploaded CSV files), or, when
    it has one already, regenerate it now. Afterwards it regenerates itself (a background job)
    whenever a dataset of the publisher changes.

    :param publisher: the publisher's id or name
    :param dataset: an existing dataset of the publisher to become its register (optional)
    """
    tk.check_access("chervonohrad_reports_register_publish", context, data_dict)
    return register_dataset.publish(data_dict["publisher"], context.get("user"), data_dict.get("dataset"))


@action
@tk.side_effect_free
@tk.validate(schema.dashboard)
def chervonohrad_reports_dashboard(context, data_dict) -> dict[str, Any]:
    """The dashboard's figures: datasets published per month, the share meeting the
    recommendations against the 85% target (now and per quarter), 835 coverage, overdue
    datasets, feedback received and answered with response times, the most requested
    datasets, quality by publisher.

    :param hromada: a KATOTTG code of a hromada of the oblast: only its publishers, its
        totals and its snapshots' history (optional; the whole oblast without it)
    """
    tk.check_access("chervonohrad_reports_dashboard", context, data_dict)
    return dashboard.dashboard(data_dict.get("hromada"))
