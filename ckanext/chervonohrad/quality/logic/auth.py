"""Who sees what of the quality room: scores and the rating are public like the datasets;
assessments are recorded by regional administrators and read by them and by the assessed
publisher's members; the scorecard likewise."""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.admins import is_regional_admin


@tk.auth_allow_anonymous_access
def chervonohrad_quality_show(context, data_dict):
    return authz.is_authorized("package_show", context, data_dict)


@tk.auth_allow_anonymous_access
def chervonohrad_quality_publisher_rating(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def chervonohrad_quality_snapshot_list(context, data_dict):
    return {"success": True}


def chervonohrad_quality_assessment_create(context, data_dict):
    if is_regional_admin(context.get("user")):
        return {"success": True}
    return {"success": False, "msg": tk._("Only regional administrators may assess publishers")}


def _member_of(user_name: str | None, org_ref: str | None) -> bool:
    org = model.Group.get(org_ref or "")
    return bool(user_name and org and authz.has_user_permission_for_group_or_org(org.id, user_name, "read"))


def chervonohrad_quality_assessment_list(context, data_dict):
    user = context.get("user")
    if is_regional_admin(user) or _member_of(user, (data_dict or {}).get("id")):
        return {"success": True}
    return {"success": False, "msg": tk._("Only regional administrators and the publisher's members "
                                          "may see its assessments")}


def chervonohrad_quality_scorecard(context, data_dict):
    """The whole council's scorecard is for regional administrators; a publisher's own
    (with `id`) also for its members."""
    return chervonohrad_quality_assessment_list(context, data_dict)


def get_auth_functions():
    return {name: fn for name, fn in globals().items() if name.startswith("chervonohrad_quality_")}
