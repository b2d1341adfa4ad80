"""Who may read the 835 list and passports: the list is public; a passport follows
the dataset's own visibility (package_show)."""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.registry import auth, public_auth

public_auth("chervonohrad_passport_835_list", aliases=("chervonohrad_835_list",))


@auth
@tk.auth_allow_anonymous_access
def chervonohrad_passport_show(context, data_dict):
    return authz.is_authorized("package_show", context, data_dict)
