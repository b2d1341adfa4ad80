"""Who sees a dataset's quality: whoever may see the dataset."""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.registry import auth, verdict


@auth
@tk.auth_allow_anonymous_access
def chervonohrad_quality_show(context, data_dict):
    return authz.is_authorized("package_show", context, data_dict)


@auth
def chervonohrad_quality_rescore(context, data_dict):
    # Sysadmins pass before this is asked; background jobs call it with ignore_auth.
    return verdict(False, tk._("Only system administrators may rescore a dataset"))
