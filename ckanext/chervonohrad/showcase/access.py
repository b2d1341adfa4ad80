"""Who may see, change and decide on a use case. A proposal is seen by its author and those
who may decide on it; an approved use case by everyone.

Deciding is for regional administrators, the council officers of the use case's hromada, and
the admins of the publishers whose datasets it uses (they know whether it really uses them)."""
from __future__ import annotations

import json
from typing import Any

from ckan import authz, model

from ckanext.chervonohrad.common import extras
from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.hromada import access as hromada_access
from ckanext.chervonohrad.showcase import status


def dataset_ids(stored: Any) -> list[str]:
    """The ids a use case stores under `showcase_datasets` (a JSON list); anything else, as a
    hand-made or damaged record may hold, reads as none."""
    if isinstance(stored, list):
        return [str(i) for i in stored]
    try:
        value = json.loads(stored) if stored else []
    except (TypeError, ValueError):
        return []
    return [str(i) for i in value] if isinstance(value, list) else []


def facts(package: model.Package) -> dict[str, Any]:
    """What the rules below read of a stored use case."""
    stored = extras.of(package)
    return {"creator": package.creator_user_id, "status": stored.get("showcase_status") or status.PROPOSED,
            "hromada": stored.get("hromada") or None, "datasets": dataset_ids(stored.get("showcase_datasets"))}


def owners_of(ids: list[str]) -> set[str]:
    """The publishers owning the given datasets."""
    if not ids:
        return set()
    rows = model.Session.query(model.Package.owner_org).filter(model.Package.id.in_(ids),
                                                              model.Package.owner_org.isnot(None))
    return {row[0] for row in rows}


def admin_of(user: model.User, org_ids: set[str]) -> bool:
    return any(authz.has_user_permission_for_group_or_org(org_id, user.name, "admin") for org_id in org_ids)


def may_decide(user_name: str | None, about: dict[str, Any]) -> bool:
    user = hromada_access.active_user(user_name)
    if user is None:
        return False
    if is_regional_admin(user.name):
        return True
    if about["hromada"] and about["hromada"] in hromada_access.officer_hromadas(user.name):
        return True
    return admin_of(user, owners_of(about["datasets"]))


def may_see(user_name: str | None, about: dict[str, Any]) -> bool:
    if about["status"] == status.APPROVED:
        return True
    user = hromada_access.active_user(user_name)
    return user is not None and (user.id == about["creator"] or may_decide(user.name, about))


def may_change(user_name: str | None, about: dict[str, Any]) -> bool:
    """Those who decide, any time; the author while it is not approved (an approved use case
    is the portal's word, not the author's alone)."""
    user = hromada_access.active_user(user_name)
    if user is None:
        return False
    return may_decide(user.name, about) or (user.id == about["creator"] and about["status"] != status.APPROVED)


def may_propose(user_name: str | None) -> bool:
    return hromada_access.active_user(user_name) is not None
