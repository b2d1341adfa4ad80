"""Template helpers of the use cases room."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.helpers import page_language, viewer_name
from ckanext.chervonohrad.common.i18n import _n, localized
from ckanext.chervonohrad.common.registry import helper
from ckanext.chervonohrad.passport import vocabularies
from ckanext.chervonohrad.showcase import access, status, uses


@helper
def chervonohrad_showcase_kind_choices(field: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return vocabularies.choices("showcase_kinds")


@helper
def chervonohrad_showcase_kind_label(code: str | None) -> str:
    item = vocabularies.keyed("showcase_kinds").get(code or "")
    return localized(item["label"], page_language()) if item else (code or "")


@helper
def chervonohrad_showcase_status_label(code: str | None) -> str:
    return tk._(status.STATUSES.get(code or status.PROPOSED, status.STATUSES[status.PROPOSED]))


@helper
def chervonohrad_showcase_datasets(ids: Any) -> list[dict[str, str]]:
    """The datasets a use case names that the visitor may see now (one made private or
    deleted since is left out, never named)."""
    ids = access.dataset_ids(ids)
    if not ids:
        return []
    packages = {p.id: p for p in model.Session.query(model.Package).filter(
        model.Package.id.in_(ids), model.Package.type == "dataset", model.Package.state == model.State.ACTIVE,
        model.Package.private.is_(False))}
    return [{"name": packages[i].name, "title": packages[i].title or packages[i].name} for i in ids if i in packages]


@helper
def chervonohrad_showcase_datasets_text(value: Any) -> str:
    """The form's text for the field: what was typed (a form sent back with errors), else the
    stored datasets' names, one per line."""
    if isinstance(value, str):
        return value
    ids = access.dataset_ids(value)
    names = dict(model.Session.query(model.Package.id, model.Package.name).filter(model.Package.id.in_(ids))) \
        if ids else {}
    return "\n".join(names.get(i, i) for i in ids)


@helper
def chervonohrad_showcase_of_dataset(package_id: str) -> list[dict[str, Any]]:
    return uses.approved_of_dataset(package_id)


@helper
def chervonohrad_showcase_may_decide(pkg: dict[str, Any]) -> bool:
    package = model.Package.get(pkg.get("id") or "")
    return package is not None and package.type == status.TYPE and access.may_decide(viewer_name(),
                                                                                     access.facts(package))


# What CKAN's pages call a package of this type, per purpose (CKAN's helper would say «Add Showcase»).
HUMANIZED = {
    "add link": _n("Propose a use case"),
    "breadcrumb": _n("Use cases"),
    "content tab": _n("Use cases"),
    "create label": _n("Propose a use case"),
    "create title": _n("Propose a use case"),
    "delete confirmation": _n("Are you sure you want to delete this use case?"),
    "description placeholder": _n("What it is, whom it helps, how it uses the data."),
    "edit label": _n("Edit the use case"),
    "facet label": _n("Use cases"),
    "form label": _n("Use case"),
    "main nav": _n("Use cases"),
    "view label": _n("View the use case"),
    "my label": _n("My use cases"),
    "name placeholder": _n("<use-case>"),
    "no any objects": _n("No use cases yet"),
    "no description": _n("There is no description of this use case"),
    "page title": _n("Use cases"),
    "save label": _n("Save the use case"),
    "search placeholder": _n("Search use cases..."),
    "update label": _n("Save the use case"),
}


@helper
@tk.chained_helper
def humanize_entity_type(next_helper, entity_type: str, object_type: str, purpose: str) -> str | None:
    if entity_type == "package" and object_type == status.TYPE and purpose in HUMANIZED:
        return tk._(HUMANIZED[purpose])
    return next_helper(entity_type, object_type, purpose)
