"""Pages of publisher registration: the application form, the reviewers' queue (regional
administrators: every application; council officers: their hromada's), an application's page
with its timeline and decisions."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, send_file
from werkzeug.exceptions import RequestEntityTooLarge

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.helpers import viewer_name
from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.hromada import access
from ckanext.chervonohrad.registration import documents
from ckanext.chervonohrad.registration.model import INPUT_FIELDS, STATES

blueprint = Blueprint("chervonohrad_registration", __name__, url_prefix="/publisher")

DECISIONS = {
    "approve": "chervonohrad_registration_application_approve",
    "reject": "chervonohrad_registration_application_reject",
    "request_changes": "chervonohrad_registration_application_request_changes",
    "withdraw": "chervonohrad_registration_application_withdraw",
}


@blueprint.url_value_preprocessor
def _limit_request_size(endpoint, values) -> None:
    # URL value preprocessors run before every before_request function, so the limit holds
    # before CKAN's CSRF check reads the form: a too large body is refused (413, below)
    # without being read, and no other page of the portal (resource uploads) is limited by it.
    tk.request.max_content_length = documents.MAX_REQUEST_BYTES


@blueprint.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    return tk.render("error_document_template.html", extra_vars={
        "code": 413, "name": error.name,
        "content": tk._("The request is too large: the document must be at most 10 MB")}), 413


def _context() -> dict[str, Any]:
    return {"user": viewer_name()}


def _form_data() -> dict[str, Any]:
    form = tk.request.form
    data: dict[str, Any] = {key: form.get(key, "").strip() for key in INPUT_FIELDS if key not in ("consent",)}
    data["consent"] = form.get("consent") == "on"
    data["publisher_emails"] = form.get("publisher_emails", "")
    data = {k: v for k, v in data.items() if v not in ("", None) or k == "consent"}
    # The file goes to the action, which stores it once the whole application is valid;
    # where an earlier document lies is the server's to know, never the form's.
    upload = tk.request.files.get("document_upload")
    if documents.is_upload(upload):
        data["document_upload"] = upload
    return data


def _shown(data: dict[str, Any]) -> dict[str, Any]:
    """What the form shows again after a refusal (a refused file is not kept)."""
    return {k: v for k, v in data.items() if k != "document_upload"}


def _render_form(data: dict[str, Any], errors: dict[str, Any], application: dict[str, Any] | None = None):
    summary = {tk._(FIELD_LABELS.get(k, k)): ", ".join(map(str, v)) for k, v in errors.items()}
    return tk.render("chervonohrad/registration/form.html", extra_vars={
        "data": data, "errors": errors, "error_summary": summary, "application": application})


# The form's field labels (translated in templates and in the error summary).
FIELD_LABELS = {
    "title": _n("Name of the body"), "edrpou": _n("EDRPOU code"), "publisher_type": _n("Publisher type"),
    "hromada": _n("Hromada"), "address": _n("Postal address"), "website": _n("Website"),
    "person_name": _n("Responsible person"), "person_position": _n("Position"), "person_email": _n("Email"),
    "person_phone": _n("Phone"), "document_number": _n("Document number"), "document_date": _n("Document date"),
    "document_url": _n("Document"), "publisher_emails": _n("Emails of the people who will publish"),
    "comment": _n("Comment"), "consent": _n("Consent to the processing of personal data"), "state": _n("State"),
    "organization": _n("Organization"),
}


@blueprint.route("/register", methods=["GET", "POST"])
def register():
    if not tk.current_user.is_authenticated:
        return tk.render("chervonohrad/registration/login_first.html")
    if tk.request.method == "GET":
        return _render_form({"hromada": tk.config.get("ckanext.chervonohrad.council_katottg")}, {})
    data = {}
    data = _form_data()
    try:
        application = tk.get_action("chervonohrad_registration_application_create")(_context(), dict(data))
    except tk.ValidationError as error:
        return _render_form(_shown(data), error.error_dict), 400
    tk.h.flash_success(tk._("Your application has been submitted. Regional administrators will review it."))
    return tk.redirect_to("chervonohrad_registration.read", id=application["id"])


@blueprint.route("/applications")
def index():
    if not tk.current_user.is_authenticated:
        return tk.abort(403, tk._("Log in to see applications"))
    params = {k: tk.request.args[k] for k in ("state", "q", "hromada") if tk.request.args.get(k)}
    try:
        found = tk.get_action("chervonohrad_registration_application_list")(_context(), dict(params, limit=200))
    except tk.ValidationError as error:
        return tk.abort(400, "; ".join(f"{k}: {' '.join(v)}" for k, v in error.error_dict.items()))
    return tk.render("chervonohrad/registration/index.html", extra_vars={
        "applications": found["results"], "count": found["count"], "params": params, "states": STATES,
        "reviews": access.oversees_any(tk.current_user.name)})


def _show(id: str) -> dict[str, Any]:
    try:
        return tk.get_action("chervonohrad_registration_application_show")(_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Application not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this application"))


@blueprint.route("/applications/<id>")
def read(id: str):
    application = _show(id)
    return tk.render("chervonohrad/registration/read.html", extra_vars={
        "application": application,
        "may_decide": access.oversees_hromada(_context()["user"], application["hromada"]),
        "is_applicant": tk.current_user.is_authenticated and tk.current_user.name == application["applicant"]})


@blueprint.route("/applications/<id>/edit", methods=["GET", "POST"])
def edit(id: str):
    application = _show(id)
    if tk.current_user.name != application["applicant"]:
        return tk.abort(403, tk._("Only the applicant may change this application"))
    if tk.request.method == "GET":
        data = dict(application, publisher_emails="\n".join(application["publisher_emails"] or []))
        return _render_form(data, {}, application)
    data = _form_data()
    try:
        tk.get_action("chervonohrad_registration_application_update")(_context(), dict(data, id=id))
    except tk.ValidationError as error:
        return _render_form(dict(_shown(data), document_url=application.get("document_url")), error.error_dict,
                            application), 400
    tk.h.flash_success(tk._("The application has been saved."))
    return tk.redirect_to("chervonohrad_registration.read", id=id)


@blueprint.route("/applications/<id>/<decision>", methods=["POST"])
def decide(id: str, decision: str):
    if decision not in DECISIONS:
        return tk.abort(404)
    try:
        tk.get_action(DECISIONS[decision])(_context(), {"id": id, "comment": tk.request.form.get("comment", "")})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Application not found"))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        for field, problems in error.error_dict.items():
            label = tk._("Reason or comment") if field == "comment" else tk._(FIELD_LABELS.get(field, field))
            tk.h.flash_error(f"{label}: {' '.join(map(str, problems))}")
        return tk.redirect_to("chervonohrad_registration.read", id=id)
    tk.h.flash_success(tk._("Done."))
    return tk.redirect_to("chervonohrad_registration.read", id=id)


@blueprint.route("/applications/<id>/document")
def document(id: str):
    application = _show(id)
    if not application.get("document_url"):
        return tk.abort(404)
    try:
        return send_file(documents.path(application["document_url"]), as_attachment=True)
    except (tk.ObjectNotFound, FileNotFoundError):
        return tk.abort(404)


@blueprint.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """A listed person's link: shown, then accepted with a POST (a mail scanner following the
    link accepts nothing)."""
    if not tk.current_user.is_authenticated:
        return tk.render("chervonohrad/registration/login_first.html", extra_vars={
            "came_from": tk.h.url_for("chervonohrad_registration.invitation", token=token)})
    if tk.request.method == "GET":
        return tk.render("chervonohrad/registration/invitation.html", extra_vars={"token": token})
    try:
        joined = tk.get_action("chervonohrad_registration_application_invitation_accept")(_context(), {"token": token})
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        return tk.abort(400, " ".join(map(str, error.error_dict.get("token", []))))
    tk.h.flash_success(tk._("You are now an editor of «{title}».").format(title=joined["title"]))
    return tk.redirect_to("organization.read", id=joined["organization"])
