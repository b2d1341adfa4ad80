"""Who may use the reports room: the audit, the register and the dashboard are public, like
the datasets they are made of; whoever oversees a publisher (regional administrators, the
council officers of its hromada) assigns its missing items, and they and the publisher's own
administrators publish its register as a dataset."""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.registry import auth, public_auth, verdict
from ckanext.chervonohrad.hromada import access as hromada_access

public_auth("chervonohrad_reports_audit")
public_auth("chervonohrad_reports_register")
public_auth("chervonohrad_reports_dashboard")


@auth
def chervonohrad_reports_audit_assign(context, data_dict):
    return verdict(hromada_access.oversees_org(context.get("user"), (data_dict or {}).get("publisher")),
                   tk._("Only regional administrators and the council officers of the publisher's hromada "
                        "may assign the audit's items"))


@auth
def chervonohrad_reports_register_publish(context, data_dict):
    user = context.get("user")
    publisher = (data_dict or {}).get("publisher")
    org = model.Group.get(publisher or "")
    return verdict(hromada_access.oversees_org(user, publisher)
                   or bool(user and org and authz.users_role_for_group_or_org(org.id, user) == "admin"),
                   tk._("Only regional administrators, the council officers of the publisher's hromada and its "
                        "administrators may publish its register of datasets"))
