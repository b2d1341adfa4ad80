"""A dataset's quality is as visible as the dataset."""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk


@tk.auth_allow_anonymous_access
def chervonohrad_quality_show(context, data_dict):
    return authz.is_authorized("package_show", context, data_dict)


def get_auth_functions():
    return {"chervonohrad_quality_show": chervonohrad_quality_show}
