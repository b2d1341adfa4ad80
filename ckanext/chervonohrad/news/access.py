"""Who writes the news of a hromada, and of the whole oblast.

A hromada's news: regional administrators, the council officers of that hromada
(hromada.access), and the admins of a publisher in that hromada (its editors publish data,
the admins speak for the publisher). The whole oblast's news: regional administrators only.
One place, for the auth functions, the forms' hromada choices and the pages' buttons."""
from __future__ import annotations

from ckan import model

from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.hromada import access as hromada_access


def admin_hromadas(user_name: str | None) -> set[str]:
    """The hromadas of the active publishers the user is an admin of."""
    user = hromada_access.active_user(user_name)
    if user is None:
        return set()
    hromada = hromada_access.hromada_column()
    rows = (hromada_access.publishers_with_hromada(hromada)
            .join(model.Member, model.Member.group_id == model.Group.id)
            .filter(model.Member.table_name == "user", model.Member.table_id == user.id,
                    model.Member.state == model.State.ACTIVE, model.Member.capacity == "admin"))
    return {row[0] for row in rows if row[0]}


def writable_hromadas(user_name: str | None) -> set[str] | None:
    """None: the user writes for the whole oblast and every hromada; else the hromadas they
    write for (maybe none)."""
    if is_regional_admin(user_name):
        return None
    return hromada_access.officer_hromadas(user_name) | admin_hromadas(user_name)


def may_write(user_name: str | None, hromada: str | None) -> bool:
    """Whether the user may write (or change, or delete) a post of this hromada (None: an
    oblast-wide post)."""
    writable = writable_hromadas(user_name)
    return writable is None or (bool(hromada) and hromada in writable)


def may_write_any(user_name: str | None) -> bool:
    return writable_hromadas(user_name) != set()
