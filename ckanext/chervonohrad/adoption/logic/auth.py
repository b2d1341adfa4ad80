"""Who may read the adoption report: regional administrators (every publisher) and council
officers (their hromadas' publishers); hromada.access decides."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.registry import auth, verdict
from ckanext.chervonohrad.hromada import access


@auth
def chervonohrad_adoption_report(context, data_dict):
    user = context.get("user")
    data_dict = data_dict or {}
    if data_dict.get("publisher"):
        allowed = access.oversees_org(user, data_dict["publisher"])
    elif data_dict.get("hromada"):
        allowed = access.oversees_hromada(user, str(data_dict["hromada"]).strip().upper())
    else:
        allowed = access.oversees_any(user)
    return verdict(allowed, tk._("Only regional administrators and the council officers of a hromada may read "
                                 "the adoption report of its publishers"))
