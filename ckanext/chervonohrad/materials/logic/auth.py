"""Who may do what with the materials: anyone reads them; only regional administrators add,
change and delete them (council officers and publishers' admins included, they may not).

The writers' rule lets visitors through to it (auth_allow_anonymous_access) so that they are
refused in the portal's words, as everyone else is, not with CKAN's English "requires an
authenticated user"."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.admins import regional_admins_only
from ckanext.chervonohrad.common.registry import auth, public_auth

public_auth("chervonohrad_materials_list")
public_auth("chervonohrad_materials_show")


@auth
@tk.auth_allow_anonymous_access
def chervonohrad_materials_create(context, data_dict):
    return regional_admins_only(context, data_dict)


@auth
@tk.auth_allow_anonymous_access
def chervonohrad_materials_update(context, data_dict):
    return regional_admins_only(context, data_dict)


@auth
@tk.auth_allow_anonymous_access
def chervonohrad_materials_delete(context, data_dict):
    return regional_admins_only(context, data_dict)
