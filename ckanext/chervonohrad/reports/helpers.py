"""Template helpers of the reports room."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.helpers import page_language
from ckanext.chervonohrad.hromada import access
from ckanext.chervonohrad.passport import vocabularies
from ckanext.chervonohrad.reports.audit import STATUS_LABELS

KYIV = ZoneInfo("Europe/Kyiv")


def chervonohrad_reports_status_label(status: str) -> str:
    labels = STATUS_LABELS.get(status)
    return (labels.get(page_language()) or labels["uk"]) if labels else status


def chervonohrad_reports_kyiv(value: Any, with_time: bool = False) -> str:
    """A UTC moment (ISO text or naive datetime) as a Kyiv date (and time): 27.11.2026 14:05."""
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
        return moment.strftime("%d.%m.%Y")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(KYIV).strftime("%d.%m.%Y %H:%M" if with_time else "%d.%m.%Y")


def chervonohrad_reports_date(value: str | None) -> str:
    """A calendar date YYYY-MM-DD as 27.11.2026."""
    return dt.date.fromisoformat(value).strftime("%d.%m.%Y") if value else ""


def chervonohrad_reports_month(value: str) -> str:
    """YYYY-MM as 11.2026."""
    year, month = value.split("-")
    return f"{month}.{year}"


def chervonohrad_reports_frequency_label(code: str | None) -> str:
    item = vocabularies.keyed("update_frequencies").get(code or "")
    return (item["label"].get(page_language()) or item["label"]["uk"]) if item else (code or "")


def chervonohrad_reports_publishers(hromada: str | None = None) -> list[dict[str, str]]:
    """The active publishers' names and titles, for the filter (one query): a hromada's
    only when one is given."""
    rows = (model.Session.query(model.Group.name, model.Group.title)
            .filter(model.Group.is_organization, model.Group.state == model.State.ACTIVE)
            .order_by(model.Group.title))
    if hromada:
        rows = rows.filter(model.Group.id.in_(access.org_ids_in({hromada.upper()})))
    return [{"name": name, "title": title or name} for name, title in rows]


def _viewer() -> str | None:
    return tk.current_user.name if tk.current_user and tk.current_user.is_authenticated else None


def _may(action: str, data_dict: dict[str, Any]) -> bool:
    user = _viewer()
    if not user:
        return False
    try:
        tk.check_access(action, {"user": user}, data_dict)
        return True
    except tk.NotAuthorized:
        return False


def chervonohrad_reports_can_publish_register(publisher: str) -> bool:
    return _may("chervonohrad_reports_register_publish", {"publisher": publisher})


def chervonohrad_reports_can_assign(publisher: str) -> bool:
    """Whether the viewer may assign the publisher's audit items (whoever oversees it)."""
    return _may("chervonohrad_reports_audit_assign", {"publisher": publisher})


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {name: fn for name, fn in globals().items() if name.startswith("chervonohrad_reports_")}
