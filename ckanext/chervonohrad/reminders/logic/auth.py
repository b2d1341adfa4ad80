"""Anyone holding a reminder's signed link may stop reminders to its address (the token is the
proof); only regional administrators see or undo the opt-outs (the addresses are personal data)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.admins import regional_admins_only
from ckanext.chervonohrad.common.registry import auth, public_auth

public_auth("chervonohrad_reminders_unsubscribe")


@auth(names=("chervonohrad_reminders_optout_list", "chervonohrad_reminders_optout_delete"))
@tk.auth_allow_anonymous_access
def opt_outs(context, data_dict):
    return regional_admins_only(context, data_dict)
