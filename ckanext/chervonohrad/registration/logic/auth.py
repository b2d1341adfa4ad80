"""Who may do what with publisher applications: any logged-in user applies; an
applicant sees and edits only their own; regional administrators see and decide all, a
council officer those of their hromada (hromada.access decides who oversees what)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.registry import auth, verdict
from ckanext.chervonohrad.hromada import access
from ckanext.chervonohrad.registration.model import PublisherApplication


def _user(context):
    return model.User.get(context.get("user") or "")


def _application(data_dict) -> PublisherApplication | None:
    return model.Session.get(PublisherApplication, (data_dict or {}).get("id") or "")


def _is_applicant(context, data_dict) -> bool:
    user = _user(context)
    application = _application(data_dict)
    return bool(user and application and application.applicant_id == user.id)


def _oversees(context, data_dict) -> bool:
    """Regional administrators and the council officers of the application's hromada. An
    unknown id passes for anyone who oversees some hromada, so that the action answers 404
    rather than 403; everyone else learns nothing about which ids exist."""
    user_name = context.get("user")
    application = _application(data_dict)
    if application is None:
        return access.oversees_any(user_name)
    return access.oversees_hromada(user_name, application.hromada)


def _overseer(context, data_dict):
    # Four eyes: an officer or regional administrator who applied cannot approve their own
    # publisher into being (sysadmins never reach this function: CKAN lets them through).
    if _is_applicant(context, data_dict):
        return {"success": False, "msg": tk._("You cannot decide on your own application: another regional "
                                              "administrator or council officer decides on it")}
    return verdict(_oversees(context, data_dict), tk._("Only regional administrators and the council officers "
                                                       "of the application's hromada may decide on it"))


@auth(aliases=("chervonohrad_publisher_application_create",))
def chervonohrad_registration_application_create(context, data_dict):
    return verdict(_user(context) is not None, tk._("Log in to apply as a publisher"))


@auth(aliases=("chervonohrad_publisher_application_invitation_accept",))
def chervonohrad_registration_application_invitation_accept(context, data_dict):
    # The action itself checks that the link names the logged-in account.
    return verdict(_user(context) is not None, tk._("Log in to accept the invitation"))


@auth(aliases=("chervonohrad_publisher_application_list",))
def chervonohrad_registration_application_list(context, data_dict):
    # Any logged-in user; the action narrows what each caller sees.
    return chervonohrad_registration_application_create(context, data_dict)


@auth(aliases=("chervonohrad_publisher_application_show",))
def chervonohrad_registration_application_show(context, data_dict):
    return verdict(_oversees(context, data_dict) or _is_applicant(context, data_dict),
                   tk._("Not authorized to see this application"))


def _applicant_only(context, data_dict):
    return verdict(_is_applicant(context, data_dict), tk._("Only the applicant may change this application"))


@auth(aliases=("chervonohrad_publisher_application_update",))
@tk.auth_sysadmins_check  # sysadmins decide on applications; they do not edit or withdraw them
def chervonohrad_registration_application_update(context, data_dict):
    return _applicant_only(context, data_dict)


@auth(aliases=("chervonohrad_publisher_application_withdraw",))
@tk.auth_sysadmins_check  # as update
def chervonohrad_registration_application_withdraw(context, data_dict):
    return _applicant_only(context, data_dict)


@auth(aliases=("chervonohrad_publisher_application_approve",))
def chervonohrad_registration_application_approve(context, data_dict):
    return _overseer(context, data_dict)


@auth(aliases=("chervonohrad_publisher_application_reject",))
def chervonohrad_registration_application_reject(context, data_dict):
    return _overseer(context, data_dict)


@auth(aliases=("chervonohrad_publisher_application_request_changes",))
def chervonohrad_registration_application_request_changes(context, data_dict):
    return _overseer(context, data_dict)
