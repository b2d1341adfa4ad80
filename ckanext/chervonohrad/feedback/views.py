"""Pages of the feedback room: the feedback form (also inline on every dataset page), the
publishers' inbox per organization and the overseers' cross-publisher one (regional
administrators: every publisher; council officers: their hromada's), an item's page
with its answer and status forms, the CSV export, and the dataset suggestions."""
from __future__ import annotations

import logging
from typing import Any

import flask
from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common import ratelimit, tables
from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.common.helpers import viewer_name
from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.common.ratelimit import RateLimited
from ckanext.chervonohrad.feedback import access, captcha
from ckanext.chervonohrad.feedback.model import CATEGORIES, STATUSES, SUGGESTION_STATUSES, TRANSITIONS
from ckanext.chervonohrad.hromada import access as hromada_access

log = logging.getLogger(__name__)

blueprint = Blueprint("chervonohrad_feedback", __name__)

HONEYPOT = "homepage"

# The forms' fields, as the error summaries name them.
FIELD_LABELS = {
    "category": _n("Category"), "message": _n("Message"), "resource_id": _n("Resource"), "name": _n("Your name"),
    "email": _n("Your email"), "consent": _n("Consent to the processing of personal data"),
    "captcha": _n("CAPTCHA"), "rate_limit": _n("Limit"), "package_id": _n("Dataset"),
    "status": _n("Status"), "reject_reason": _n("Reason for rejecting"), "comment": _n("Comment"),
    "answer": _n("Answer"), "published": _n("Published"), "title": _n("Title"),
    "description": _n("Description"), "reason": _n("Why the data are needed"),
    "list835_item": _n("Item of Resolution 835's list"), "id": _n("Suggestion"),
    "submission_token": _n("Form token"),
}

INBOX_LIMIT = 500


def _context() -> dict[str, Any]:
    return {"user": viewer_name(),
            "remote_addr": tk.request.remote_addr}


def _summary(errors: dict[str, Any]) -> dict[str, str]:
    return {tk._(FIELD_LABELS.get(k, k)): " ".join(map(str, v)) for k, v in errors.items()}


def _flash_errors(errors: dict[str, Any]) -> None:
    for label, text in _summary(errors).items():
        tk.h.flash_error(f"{label}: {text}")


@blueprint.after_app_request
def _api_rate_limit_status(response):
    """The action API's answer to a rate-limited feedback or suggestion is a 429."""
    return ratelimit.api_answer(response)


def _protect_anonymous_post() -> None:
    """CKAN 2.11.6 marks every request without a logged-in session as "logged in via the
    Authorization header" and so exempts it from CSRF checks; visitors who are not logged
    in post these forms, so their token is checked here (a CSRFError is CKAN's 400)."""
    if not tk.current_user.is_authenticated and not tk.request.headers.get("Authorization"):
        flask.current_app.extensions["csrf"].protect()


# ---- the form ---------------------------------------------------------------------

def _dataset(id: str) -> dict[str, Any]:
    try:
        return tk.get_action("package_show")(_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this dataset"))


def _render_form(pkg: dict[str, Any], data: dict[str, Any], errors: dict[str, Any]):
    return tk.render("chervonohrad/feedback/form.html", extra_vars={
        "pkg": pkg, "pkg_dict": pkg, "data": data, "errors": errors, "error_summary": _summary(errors)})


@blueprint.route("/dataset/<id>/feedback", methods=["GET", "POST"])
def form(id: str):
    pkg = _dataset(id)
    if tk.request.method == "GET":
        return _render_form(pkg, {"resource_id": tk.request.args.get("resource_id", "")}, {})
    _protect_anonymous_post()
    posted = tk.request.form
    data = {k: posted.get(k, "") for k in ("category", "message", "resource_id", "name", "email", "submission_token")}
    data["consent"] = posted.get("consent") in ("on", "true", "1")
    if posted.get(HONEYPOT):
        # A robot filled the field people cannot see: thank it and store nothing.
        log.info("feedback honeypot filled on %s from %s; dropped", pkg["name"], tk.request.remote_addr)
        return tk.redirect_to("chervonohrad_feedback.sent", id=pkg["name"])
    try:
        tk.get_action("chervonohrad_feedback_create")(
            _context(), dict({k: v for k, v in data.items() if v != ""}, package_id=pkg["id"],
                             captcha_response=captcha.answer_from(posted)))
    except RateLimited as error:
        return _render_form(pkg, data, error.error_dict), 429
    except tk.ValidationError as error:
        return _render_form(pkg, data, error.error_dict), 400
    return tk.redirect_to("chervonohrad_feedback.sent", id=pkg["name"])


@blueprint.route("/dataset/<id>/feedback/sent")
def sent(id: str):
    pkg = _dataset(id)
    return tk.render("chervonohrad/feedback/sent.html", extra_vars={"pkg": pkg, "pkg_dict": pkg})


# ---- inboxes ----------------------------------------------------------------------

FILTERS = ("status", "category", "package_id")


def _organization(id: str) -> dict[str, Any]:
    try:
        org = tk.get_action("organization_show")(_context(), {"id": id, "include_datasets": False,
                                                               "include_users": False})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Organization not found"))
    if not (tk.current_user.is_authenticated and access.handles_feedback_of(tk.current_user.name, org["id"])):
        return tk.abort(403, tk._("Only the organization's editors and admins see its feedback"))
    return org


def _listed(params: dict[str, Any], limit: int = INBOX_LIMIT) -> dict[str, Any]:
    try:
        return tk.get_action("chervonohrad_feedback_list")(_context(), dict(params, limit=limit))
    except tk.ValidationError as error:
        return tk.abort(400, "; ".join(f"{k}: {' '.join(v)}" for k, v in error.error_dict.items()))
    except tk.ObjectNotFound as error:
        return tk.abort(404, str(error))


def _filters() -> dict[str, str]:
    return {k: tk.request.args[k] for k in FILTERS if tk.request.args.get(k)}


def _inbox(org: dict[str, Any] | None, hromada: str | None = None, hromadas: list[str] | None = None):
    """One organization's inbox, or (org None) the cross-publisher one, narrowed to `hromada`
    when given; `hromadas` are the ones the viewer may switch between."""
    params = _filters()
    scope = {"organization_id": org["id"]} if org else ({"hromada": hromada} if hromada else {})
    found = _listed(dict(params, **scope))
    counts = {s: _listed(dict(scope, status=s), limit=0)["count"] for s in STATUSES}
    datasets = sorted({(i["dataset_name"], i["dataset_title"]) for i in _listed(scope, limit=1000)["results"]},
                      key=lambda d: (d[1] or "").lower())
    return tk.render("chervonohrad/feedback/inbox.html", extra_vars={
        "organization": org, "group_dict": org, "items": found["results"], "count": found["count"],
        "params": params, "counts": counts, "datasets": datasets, "statuses": list(STATUSES),
        "categories": list(CATEGORIES), "group_type": "organization", "hromada": hromada,
        "hromadas": hromadas or []})


@blueprint.route("/organization/<id>/feedback")
def organization_inbox(id: str):
    return _inbox(_organization(id))


@blueprint.route("/feedback/inbox")
def inbox():
    """Regional administrators: every publisher's feedback (`?hromada=` narrows it). A council
    officer: their hromada's publishers' (with several hromadas, one at a time)."""
    overseen = hromada_access.overseen_hromadas(viewer_name())
    if overseen == set():
        return tk.abort(403, tk._("Only regional administrators and council officers see the feedback of "
                                  "several publishers"))
    requested = tk.request.args.get("hromada") or None
    if overseen is None:
        return _inbox(None, requested)
    own = sorted(overseen)
    return _inbox(None, requested if requested in overseen else own[0], own)


CSV_HEADER = ("id", "created", "dataset", "resource", "category", "status", "reject_reason", "published", "message",
              "name", "email", "first_response_at", "answers")


@blueprint.route("/organization/<id>/feedback.csv")
def organization_csv(id: str):
    org = _organization(id)
    found = _listed(dict(_filters(), organization_id=org["id"]), limit=1000)
    rows = [(i["id"], i["created"], i["dataset_name"], i["resource_name"], i["category"], i["status"],
             i["reject_reason"], "yes" if i["published"] else "no", i["message"], i["name"], i["email"],
             i["first_response_at"], "\n\n".join(a["text"] for a in i["answers"])) for i in found["results"]]
    return Response(tables.to_csv(CSV_HEADER, rows, bom=True), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="feedback-{org["name"]}.csv"'})


# ---- one item ---------------------------------------------------------------------

def _item(id: str) -> dict[str, Any]:
    try:
        item = tk.get_action("chervonohrad_feedback_show")(_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Feedback not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this feedback"))
    if "events" not in item:
        # Someone who may only see the public item reads it on the dataset page.
        return tk.redirect_to("dataset.read", id=item["dataset_name"])
    return item


@blueprint.route("/feedback/<id>")
def read(id: str):
    item = _item(id)
    if not isinstance(item, dict):
        return item
    manager = access.handles_feedback_of(viewer_name(), item["organization_id"])
    return tk.render("chervonohrad/feedback/read.html", extra_vars={
        "item": item, "manager": manager, "transitions": TRANSITIONS.get(item["status"], ()),
        "may_delete": hromada_access.oversees_org(viewer_name(), item["organization_id"])})


DECISIONS = {
    "status": ("chervonohrad_feedback_update_status", ("status", "reject_reason", "comment")),
    "answer": ("chervonohrad_feedback_answer", ("answer", "publish")),
    "publish": ("chervonohrad_feedback_publish", ("published",)),
    "delete": ("chervonohrad_feedback_delete", ()),
}


@blueprint.route("/feedback/<id>/<decision>", methods=["POST"])
def decide(id: str, decision: str):
    if decision not in DECISIONS:
        return tk.abort(404)
    action, fields = DECISIONS[decision]
    data = {k: tk.request.form[k] for k in fields if tk.request.form.get(k, "") != ""}
    try:
        result = tk.get_action(action)(_context(), dict(data, id=id))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Feedback not found"))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        _flash_errors(error.error_dict)
        return tk.redirect_to("chervonohrad_feedback.read", id=id)
    if decision == "delete":
        tk.h.flash_success(tk._("The feedback has been deleted."))
        return tk.redirect_to("chervonohrad_feedback.inbox")
    tk.h.flash_success(tk._("The answer has been sent.") if decision == "answer" else tk._("Done."))
    return tk.redirect_to("chervonohrad_feedback.read", id=result["id"])


# ---- suggestions ------------------------------------------------------------------

@blueprint.route("/suggestions")
def suggestions():
    status = tk.request.args.get("status") or None
    params = {"status": status} if status in SUGGESTION_STATUSES else {}
    found = tk.get_action("chervonohrad_feedback_suggestion_list")(_context(), dict(params, limit=200))
    return tk.render("chervonohrad/feedback/suggestions.html", extra_vars={
        "suggestions": found["results"], "count": found["count"], "status": params.get("status"),
        "statuses": list(SUGGESTION_STATUSES)})


def _render_suggestion_form(data: dict[str, Any], errors: dict[str, Any]):
    return tk.render("chervonohrad/feedback/suggestion_form.html", extra_vars={
        "data": data, "errors": errors, "error_summary": _summary(errors)})


@blueprint.route("/suggestions/new", methods=["GET", "POST"])
def suggestion_new():
    if tk.request.method == "GET":
        return _render_suggestion_form({}, {})
    _protect_anonymous_post()
    posted = tk.request.form
    data = {k: posted.get(k, "") for k in ("title", "description", "reason", "list835_item", "name", "email",
                                           "submission_token")}
    data["consent"] = posted.get("consent") in ("on", "true", "1")
    if posted.get(HONEYPOT):
        log.info("suggestion honeypot filled from %s; dropped", tk.request.remote_addr)
        tk.h.flash_success(tk._("Thank you! Your suggestion has been received."))
        return tk.redirect_to("chervonohrad_feedback.suggestions")
    try:
        created = tk.get_action("chervonohrad_feedback_suggestion_create")(
            _context(), dict({k: v for k, v in data.items() if v != ""}, captcha_response=captcha.answer_from(posted)))
    except RateLimited as error:
        return _render_suggestion_form(data, error.error_dict), 429
    except tk.ValidationError as error:
        return _render_suggestion_form(data, error.error_dict), 400
    tk.h.flash_success(tk._("Thank you! Your suggestion has been received."))
    return tk.redirect_to("chervonohrad_feedback.suggestion_read", id=created["id"])


@blueprint.route("/suggestions/<id>")
def suggestion_read(id: str):
    try:
        suggestion = tk.get_action("chervonohrad_feedback_suggestion_show")(_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Suggestion not found"))
    return tk.render("chervonohrad/feedback/suggestion_read.html", extra_vars={
        "suggestion": suggestion, "statuses": list(SUGGESTION_STATUSES),
        "is_admin": is_regional_admin(viewer_name())})


SUGGESTION_DECISIONS = {
    "vote": ("chervonohrad_feedback_suggestion_vote", ()),
    "unvote": ("chervonohrad_feedback_suggestion_unvote", ()),
    "decide": ("chervonohrad_feedback_suggestion_update_status", ("status", "package_id", "reason")),
    "delete": ("chervonohrad_feedback_suggestion_delete", ()),
}


@blueprint.route("/suggestions/<id>/<decision>", methods=["POST"])
def suggestion_decide(id: str, decision: str):
    if decision not in SUGGESTION_DECISIONS:
        return tk.abort(404)
    if not tk.current_user.is_authenticated:
        return tk.redirect_to("user.login", came_from=tk.url_for("chervonohrad_feedback.suggestion_read", id=id))
    action, fields = SUGGESTION_DECISIONS[decision]
    data = {k: tk.request.form[k] for k in fields if tk.request.form.get(k, "") != ""}
    try:
        tk.get_action(action)(_context(), dict(data, id=id))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Suggestion not found"))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        _flash_errors(error.error_dict)
        return tk.redirect_to("chervonohrad_feedback.suggestion_read", id=id)
    if decision == "delete":
        return tk.redirect_to("chervonohrad_feedback.suggestions")
    if decision in ("vote", "unvote"):
        came_from = tk.request.form.get("came_from", "")
        if not came_from.startswith("/") or came_from.startswith("//"):  # only back to this portal
            came_from = tk.url_for("chervonohrad_feedback.suggestion_read", id=id)
        return tk.redirect_to(came_from)
    tk.h.flash_success(tk._("Done."))
    return tk.redirect_to("chervonohrad_feedback.suggestion_read", id=id)
