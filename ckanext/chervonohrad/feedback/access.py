"""Who handles feedback on a dataset: the editors and admins of the organization that owns
it now, and regional administrators everywhere. One place, for auth, actions and views."""
from __future__ import annotations

from ckan import authz, model

from ckanext.chervonohrad.common.admins import is_regional_admin

PUBLISHER_ROLES = ("editor", "admin")


def user_of(user_name: str | None) -> model.User | None:
    user = model.User.get(user_name) if user_name else None
    return user if user is not None and user.state == model.State.ACTIVE else None


def is_publisher_of(user_name: str | None, org_id: str | None) -> bool:
    if not user_name or not org_id:
        return False
    if is_regional_admin(user_name):
        return True
    return authz.users_role_for_group_or_org(org_id, user_name) in PUBLISHER_ROLES


def managed_org_ids(user_name: str | None) -> list[str]:
    """Organizations whose feedback the user handles (all of them are not listed for
    regional administrators: callers ask `is_regional_admin` first)."""
    user = user_of(user_name)
    if user is None:
        return []
    rows = (model.Session.query(model.Member.group_id)
            .join(model.Group, model.Group.id == model.Member.group_id)
            .filter(model.Member.table_name == "user", model.Member.table_id == user.id,
                    model.Member.state == "active", model.Member.capacity.in_(PUBLISHER_ROLES),
                    model.Group.is_organization.is_(True), model.Group.state == "active"))
    return [row[0] for row in rows]
