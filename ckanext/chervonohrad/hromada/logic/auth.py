"""Who may use the hromada room: the list of hromadas is public; regional administrators
name council officers and assign publishers; an officer may list their own hromada's officers."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.common.registry import auth
from ckanext.chervonohrad.hromada import access


@auth
@tk.auth_allow_anonymous_access
def chervonohrad_hromada_list(context, data_dict):
    return {"success": True}


def _regional_admins_only(context, data_dict):
    if is_regional_admin(context.get("user")):
        return {"success": True}
    return {"success": False, "msg": tk._("Only regional administrators may do this")}


@auth
def chervonohrad_hromada_officer_add(context, data_dict):
    return _regional_admins_only(context, data_dict)


@auth
def chervonohrad_hromada_officer_remove(context, data_dict):
    return _regional_admins_only(context, data_dict)


@auth
def chervonohrad_hromada_assign(context, data_dict):
    return _regional_admins_only(context, data_dict)


@auth
def chervonohrad_hromada_officer_list(context, data_dict):
    hromada = (data_dict or {}).get("hromada")
    if is_regional_admin(context.get("user")) or (hromada and access.oversees_hromada(context.get("user"), hromada)):
        return {"success": True}
    return {"success": False, "msg": tk._("Only regional administrators and the hromada's council officers may "
                                          "list its officers")}
