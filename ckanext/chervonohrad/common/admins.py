"""Who is a regional administrator: the one place every room asks."""
from __future__ import annotations

from ckan import model

from ckanext.chervonohrad import config


def is_regional_admin(user_name: str | None) -> bool:
    """Sysadmins and users named in `ckanext.chervonohrad.regional_admins`."""
    if not user_name:
        return False
    if user_name in config.regional_admins():
        return True
    user = model.User.get(user_name)
    return bool(user and user.sysadmin and user.state == model.State.ACTIVE)
