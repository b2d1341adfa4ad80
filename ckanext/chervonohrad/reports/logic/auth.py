"""Who may use the reports room: the audit, the register and the dashboard are public, like
the datasets they are made of; regional administrators assign missing items, and they and
the publisher's own administrators publish its register as a dataset."""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.admins import is_regional_admin


@tk.auth_allow_anonymous_access
def chervonohrad_reports_audit(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def chervonohrad_reports_register(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def chervonohrad_reports_dashboard(context, data_dict):
    return {"success": True}


def chervonohrad_reports_audit_assign(context, data_dict):
    if is_regional_admin(context.get("user")):
        return {"success": True}
    return {"success": False, "msg": tk._("Only regional administrators may assign the audit's items")}


def chervonohrad_reports_register_publish(context, data_dict):
    user = context.get("user")
    if is_regional_admin(user):
        return {"success": True}
    org = model.Group.get((data_dict or {}).get("publisher") or "")
    if user and org and authz.users_role_for_group_or_org(org.id, user) == "admin":
        return {"success": True}
    return {"success": False, "msg": tk._("Only regional administrators and the publisher's administrators may "
                                          "publish its register of datasets")}


def get_auth_functions():
    return {name: fn for name, fn in globals().items() if name.startswith("chervonohrad_reports_")}
