"""Who may do what with publisher applications: any logged-in user applies; an
applicant sees and edits only their own; regional administrators see and decide all."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.registration.model import PublisherApplication


def _user(context):
    return model.User.get(context.get("user") or "")


def _is_applicant(context, data_dict) -> bool:
    user = _user(context)
    application = model.Session.get(PublisherApplication, (data_dict or {}).get("id") or "")
    return bool(user and application and application.applicant_id == user.id)


def _admin(context, data_dict):
    if is_regional_admin(context.get("user")):
        return {"success": True}
    return {"success": False, "msg": tk._("Only regional administrators may decide on applications")}


def chervonohrad_publisher_application_create(context, data_dict):
    if not _user(context):
        return {"success": False, "msg": tk._("Log in to apply as a publisher")}
    return {"success": True}


def chervonohrad_publisher_application_list(context, data_dict):
    return chervonohrad_publisher_application_create(context, data_dict)


def chervonohrad_publisher_application_show(context, data_dict):
    if is_regional_admin(context.get("user")) or _is_applicant(context, data_dict):
        return {"success": True}
    return {"success": False, "msg": tk._("Not authorized to see this application")}


@tk.auth_sysadmins_check  # sysadmins decide on applications; they do not edit or withdraw them
def _applicant_only(context, data_dict):
    if _is_applicant(context, data_dict):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the applicant may change this application")}


chervonohrad_publisher_application_update = _applicant_only
chervonohrad_publisher_application_withdraw = _applicant_only
chervonohrad_publisher_application_approve = _admin
chervonohrad_publisher_application_reject = _admin
chervonohrad_publisher_application_request_changes = _admin


def get_auth_functions():
    return {name: fn for name, fn in globals().items() if name.startswith("chervonohrad_publisher_application_")}
