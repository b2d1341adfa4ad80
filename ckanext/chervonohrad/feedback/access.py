"""Who handles feedback on a dataset: the editors and admins of the organization that owns
it now, the council officers of that organization's hromada, and regional administrators
everywhere. One place, for auth, actions and views; who oversees which hromada is
hromada.access's to say."""
from __future__ import annotations

from ckan import authz, model

from ckanext.chervonohrad.hromada import access as hromada_access

PUBLISHER_ROLES = ("editor", "admin")


user_of = hromada_access.active_user  # an active user by name, or None


def handles_feedback_of(user_name: str | None, org_id: str | None) -> bool:
    """The organization's editors and admins, and whoever oversees it (regional
    administrators, the council officers of its hromada)."""
    if not user_name or not org_id:
        return False
    if hromada_access.oversees_org(user_name, org_id):
        return True
    return authz.users_role_for_group_or_org(org_id, user_name) in PUBLISHER_ROLES


def _member_org_ids(user: model.User) -> list[str]:
    rows = (model.Session.query(model.Member.group_id)
            .join(model.Group, model.Group.id == model.Member.group_id)
            .filter(model.Member.table_name == "user", model.Member.table_id == user.id,
                    model.Member.state == "active", model.Member.capacity.in_(PUBLISHER_ROLES),
                    model.Group.is_organization.is_(True), model.Group.state == "active"))
    return [row[0] for row in rows]


def managed_org_ids(user_name: str | None) -> list[str]:
    """Organizations whose feedback the user handles: those they edit, and the publishers of
    the hromadas they are a council officer of (all of them are not listed for regional
    administrators: callers ask `overseen_hromadas` or `is_regional_admin` first)."""
    user = user_of(user_name)
    if user is None:
        return []
    overseen = hromada_access.org_ids_in(hromada_access.officer_hromadas(user_name))
    return sorted(set(_member_org_ids(user)) | set(overseen))
