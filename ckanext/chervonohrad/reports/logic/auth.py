"""Who may use the reports room: the audit, the register and the dashboard are public, like
the datasets they are made of; whoever oversees a publisher (regional administrators, the
council officers of its hromada) assigns its missing items, and they and the publisher's own
administrators publish its register as a dataset."""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.registry import auth
from ckanext.chervonohrad.hromada import access as hromada_access


@auth
@tk.auth_allow_anonymous_access
def chervonohrad_reports_audit(context, data_dict):
    return {"success": True}


@auth
@tk.auth_allow_anonymous_access
def chervonohrad_reports_register(context, data_dict):
    return {"success": True}


@auth
@tk.auth_allow_anonymous_access
def chervonohrad_reports_dashboard(context, data_dict):
    return {"success": True}


@auth
def chervonohrad_reports_audit_assign(context, data_dict):
    if hromada_access.oversees_org(context.get("user"), (data_dict or {}).get("publisher")):
        return {"success": True}
    return {"success": False, "msg": tk._("Only regional administrators and the council officers of the "
                                          "publisher's hromada may assign the audit's items")}


@auth
def chervonohrad_reports_register_publish(context, data_dict):
    user = context.get("user")
    publisher = (data_dict or {}).get("publisher")
    if hromada_access.oversees_org(user, publisher):
        return {"success": True}
    org = model.Group.get(publisher or "")
    if user and org and authz.users_role_for_group_or_org(org.id, user) == "admin":
        return {"success": True}
    return {"success": False, "msg": tk._("Only regional administrators, the council officers of the publisher's "
                                          "hromada and its administrators may publish its register of datasets")}
