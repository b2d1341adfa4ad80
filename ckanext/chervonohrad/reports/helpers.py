"""Template helpers of the reports room."""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.clock import kyiv_text
from ckanext.chervonohrad.common.helpers import page_language, viewer_name
from ckanext.chervonohrad.common.i18n import localized
from ckanext.chervonohrad.common.registry import helper
from ckanext.chervonohrad.hromada import access
from ckanext.chervonohrad.passport import vocabularies
from ckanext.chervonohrad.reports.audit import STATUS_LABELS


@helper
def chervonohrad_reports_status_label(status: str) -> str:
    labels = STATUS_LABELS.get(status)
    return localized(labels, page_language()) if labels else status


@helper
def chervonohrad_reports_kyiv(value: Any, with_time: bool = False) -> str:
    """A UTC moment (ISO text or naive datetime) as a Kyiv date (and time): 27.11.2026 14:05."""
    return kyiv_text(value, with_time)


@helper
def chervonohrad_reports_date(value: str | None) -> str:
    """A calendar date YYYY-MM-DD as 27.11.2026."""
    return dt.date.fromisoformat(value).strftime("%d.%m.%Y") if value else ""


@helper
def chervonohrad_reports_month(value: str) -> str:
    """YYYY-MM as 11.2026."""
    year, month = value.split("-")
    return f"{month}.{year}"


@helper
def chervonohrad_reports_frequency_label(code: str | None) -> str:
    item = vocabularies.keyed("update_frequencies").get(code or "")
    return localized(item["label"], page_language()) if item else (code or "")


@helper
def chervonohrad_reports_publishers(hromada: str | None = None) -> list[dict[str, str]]:
    """The active publishers' names and titles, for the filter (one query): a hromada's
    only when one is given."""
    rows = (model.Session.query(model.Group.name, model.Group.title)
            .filter(model.Group.is_organization, model.Group.state == model.State.ACTIVE)
            .order_by(model.Group.title))
    if hromada:
        rows = rows.filter(model.Group.id.in_(access.org_ids_in({hromada.upper()})))
    return [{"name": name, "title": title or name} for name, title in rows]


def _may(action: str, data_dict: dict[str, Any]) -> bool:
    user = viewer_name()
    if not user:
        return False
    try:
        tk.check_access(action, {"user": user}, data_dict)
        return True
    except tk.NotAuthorized:
        return False


@helper
def chervonohrad_reports_can_publish_register(publisher: str) -> bool:
    return _may("chervonohrad_reports_register_publish", {"publisher": publisher})


@helper
def chervonohrad_reports_can_assign(publisher: str) -> bool:
    """Whether the viewer may assign the publisher's audit items (whoever oversees it)."""
    return _may("chervonohrad_reports_audit_assign", {"publisher": publisher})
