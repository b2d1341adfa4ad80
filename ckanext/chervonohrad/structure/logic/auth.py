"""Who sees a structure report: whoever may see the dataset (or the resource)."""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.registry import auth


@auth
@tk.auth_allow_anonymous_access
def chervonohrad_structure_report_show(context, data_dict):
    if data_dict.get("resource_id"):
        return authz.is_authorized("resource_show", context, {"id": data_dict["resource_id"]})
    return authz.is_authorized("package_show", context, data_dict)
