"""Who may use the privacy room: erasing a person's data is for regional administrators."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.common.registry import auth


@auth
def chervonohrad_privacy_erase(context, data_dict):
    if is_regional_admin(context.get("user")):
        return {"success": True}
    return {"success": False, "msg": tk._("Only regional administrators may erase a person's data")}
