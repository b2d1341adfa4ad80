"""Who may use the hromada room: the list of hromadas is public; regional administrators
name council officers and assign publishers; an officer may list their own hromada's officers."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.admins import is_regional_admin, regional_admins_only
from ckanext.chervonohrad.common.registry import auth, public_auth, verdict
from ckanext.chervonohrad.hromada import access

public_auth("chervonohrad_hromada_list")


auth(regional_admins_only, names=("chervonohrad_hromada_officer_add", "chervonohrad_hromada_officer_remove",
                                   "chervonohrad_hromada_assign"))


@auth
def chervonohrad_hromada_officer_list(context, data_dict):
    hromada = (data_dict or {}).get("hromada")
    return verdict(is_regional_admin(context.get("user"))
                   or bool(hromada and access.oversees_hromada(context.get("user"), hromada)),
                   tk._("Only regional administrators and the hromada's council officers may list its officers"))
