"""Reading the portal for the adoption report: publishers with their stored identity, and
their datasets as package dicts, fast enough for 50,000 of them.

The database says which datasets there are (type `dataset`, active or draft, private ones
too; never deleted ones, nor harvest sources); the search index supplies their dicts (each
document keeps the `package_show` dict it was built from), one request per page; a dataset
the index lacks is read with package_show.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.search.common import make_connection
from ckan.lib.search.query import solr_literal

from ckanext.chervonohrad import config
from ckanext.chervonohrad.adoption import findings as findings_
from ckanext.chervonohrad.common import extras
from ckanext.chervonohrad.hromada import vocabulary
from ckanext.chervonohrad.hromada.access import hromada_column
from ckanext.chervonohrad.passport import rules, vocabularies

STATES = ("active", "draft")
IDENTITY = ("edrpou", "hromada", "publisher_type", "website", "image_url", "officer_email")


def site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"ignore_auth": True, "user": site_user["name"]}


def open_licences() -> set[str]:
    """The ids of the licences the portal offers as open (its licence register's)."""
    return {licence.id for licence in model.Package.get_license_register().values() if licence.isopen()}


def hromada_codes() -> set[str]:
    return {h["code"] for h in vocabulary.hromadas()}


def publisher_type_codes() -> set[str]:
    return set(vocabularies.keyed("publisher_types"))


def org_dict(group: model.Group) -> dict[str, Any]:
    """A publisher as the findings read it: id, name, title and its stored extras."""
    stored = extras.of(group)
    return {"id": group.id, "name": group.name, "title": group.title or group.name,
            **{key: stored.get(key) for key in IDENTITY}}


def find_org(ref: str) -> dict[str, Any] | None:
    group = model.Group.get(ref) if ref else None
    if group is None or not group.is_organization or group.state != model.State.ACTIVE:
        return None
    return org_dict(group)


def edrpou_holder(code: str) -> dict[str, Any] | None:
    from ckanext.chervonohrad.common.publishers import with_edrpou

    group = with_edrpou(code)
    return org_dict(group) if group is not None else None


def _publishers_query(hromadas: set[str] | None):
    """Active organizations, of these hromadas (None: all, with or without a hromada)."""
    query = model.Session.query(model.Group).filter(model.Group.is_organization.is_(True),
                                                    model.Group.state == model.State.ACTIVE)
    if hromadas is not None:
        query = query.filter(hromada_column().in_(sorted(hromadas)))
    return query


def publishers(hromadas: set[str] | None, offset: int = 0, limit: int | None = None) -> tuple[int, list[dict]]:
    """(how many, one page of them as org dicts, by title)."""
    query = _publishers_query(hromadas)
    total = query.count()
    page = query.options(*extras.eager(model.Group)).order_by(model.Group.title, model.Group.name)
    page = page.offset(offset).limit(limit) if limit else page.offset(offset)
    return total, [org_dict(group) for group in page]


def _datasets_query(org_ids):
    return model.Session.query(model.Package.id).filter(
        model.Package.type == "dataset", model.Package.state.in_(STATES), model.Package.owner_org.in_(org_ids))


def dataset_counts(org_ids: list[str]) -> dict[str, int]:
    if not org_ids:
        return {}
    rows = (model.Session.query(model.Package.owner_org, func.count(model.Package.id))
            .filter(model.Package.type == "dataset", model.Package.state.in_(STATES),
                    model.Package.owner_org.in_(org_ids)).group_by(model.Package.owner_org))
    return dict(rows.all())


def dataset_ids(org_ids: list[str]) -> list[str]:
    """The ids of these publishers' datasets, publisher by publisher."""
    if not org_ids:
        return []
    return [row[0] for row in _datasets_query(org_ids).order_by(model.Package.owner_org, model.Package.id)]


def unowned_count() -> int:
    """Datasets no active publisher owns (the report does not reach them)."""
    active = model.Session.query(model.Group.id).filter(model.Group.is_organization.is_(True),
                                                        model.Group.state == model.State.ACTIVE)
    return model.Session.query(model.Package.id).filter(
        model.Package.type == "dataset", model.Package.state.in_(STATES),
        (model.Package.owner_org.is_(None)) | (model.Package.owner_org.notin_(active))).count()


def dataset_page(org_id: str, offset: int, limit: int) -> tuple[int, list[dict[str, Any]]]:
    """(how many datasets the publisher has, one page of them as package dicts, by name)."""
    query = model.Session.query(model.Package.id).filter(
        model.Package.type == "dataset", model.Package.state.in_(STATES), model.Package.owner_org == org_id)
    total = query.count()
    ids = [row[0] for row in query.order_by(model.Package.name).offset(offset).limit(limit)]
    return total, package_dicts(ids)


def package_dicts(ids: list[str]) -> list[dict[str, Any]]:
    """These datasets' package dicts, in this order: from the index, else package_show."""
    if not ids:
        return []
    # Straight to Solr: a terms filter takes any number of ids, and package_search would add
    # permission filters a report made for overseers does not need (it hides what they may not read).
    found = make_connection().search("*:*", fl="id,validated_data_dict", rows=len(ids), fq=[
        "+site_id:" + solr_literal(tk.config.get("ckan.site_id")), "{!terms f=id}" + ",".join(ids)])
    indexed = {doc["id"]: json.loads(doc["validated_data_dict"]) for doc in found.docs
               if doc.get("validated_data_dict")}
    context = site_context()
    return [indexed.get(package_id) or fresh(package_id, context) for package_id in ids]


def fresh(package_id: str, context: dict[str, Any] | None = None) -> dict[str, Any]:
    """The dataset as the database holds it now (what --apply patches)."""
    return tk.get_action("package_show")(dict(context or site_context(), use_cache=False), {"id": package_id})


def territory_for(hromada: str | None) -> str:
    """The territory a dataset without one gets: its publisher's hromada, else the council's."""
    return hromada if hromada and rules.katottg_is_valid(hromada) and vocabulary.exists(hromada) \
        else config.council_katottg()


def dataset_entry(pkg: dict[str, Any], licences: set[str], territory: str) -> dict[str, Any]:
    found = findings_.dataset_findings(pkg, licences, territory)
    return {"id": pkg["id"], "name": pkg.get("name"), "title": pkg.get("title") or pkg.get("name"),
            "state": pkg.get("state"), "private": bool(pkg.get("private")),
            "findings": [f.as_dict() for f in found], **findings_.counts(found)}


def publisher_entry(org: dict[str, Any], datasets: int, codes: set[str]) -> dict[str, Any]:
    found = findings_.publisher_findings(org, codes)
    return {**{k: org.get(k) for k in ("id", "name", "title", "edrpou", "hromada", "publisher_type")},
            "datasets": datasets, "findings": [f.as_dict() for f in found], **findings_.counts(found)}


def as_finding(entry: dict[str, Any]) -> findings_.Finding:
    return findings_.Finding(**{k: v for k, v in entry.items() if k != "mechanical"})
