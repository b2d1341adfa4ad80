"""Feedback on datasets: anyone sends it, the dataset's publisher handles it (and whoever
oversees the publisher: regional administrators, the council officers of its hromada).

new ─▶ in_progress ─▶ answered | resolved | rejected (spam, abuse, duplicate)
 (answering is its own action; it is allowed from new, in progress, answered and resolved)

Feedback is private until a publisher publishes it; published feedback and its answers
show on the dataset page without the sender's name or email. Each item is committed
before any email is tried (common.mail retries through a background job). The first
answer, resolution or rejection stamps `first_response_at` once.
"""
from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import and_, false, func, or_, true

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common import mail, people
from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.common.clock import utcnow
from ckanext.chervonohrad.common.records import by_id
from ckanext.chervonohrad.common.registry import action
from ckanext.chervonohrad.feedback import access
from ckanext.chervonohrad.feedback.logic import schema
from ckanext.chervonohrad.feedback.logic.submissions import (
    check_stranger,
    commit_once,
    earlier_submission,
    site_url,
    user_name,
    validated,
)
from ckanext.chervonohrad.feedback.model import (
    ANSWERABLE,
    ANSWERED,
    REJECT_REASONS,
    REJECTED,
    RESPONSES,
    STATUSES,
    TRANSITIONS,
    Feedback,
    FeedbackEvent,
)
from ckanext.chervonohrad.hromada import access as hromada_access

log = logging.getLogger(__name__)

PUBLIC_FIELDS = ("id", "package_id", "resource_id", "category", "message", "status", "published", "created")

# Who reads an item: those who handle it (its publisher, whoever oversees it), the person who
# sent it, anyone else (published items only).
STAFF, SENDER, PUBLIC = "staff", "sender", "public"


# ---- reading ----------------------------------------------------------------------

def _get(id_: str, lock: bool = False) -> Feedback:
    return by_id(Feedback, id_, tk._("Feedback not found"), lock)


def _package(id_or_name: str | None) -> model.Package:
    package = model.Package.get(id_or_name) if id_or_name else None
    if package is None or package.state == model.State.DELETED:
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    return package


def answers(item: Feedback) -> list[dict[str, Any]]:
    return [{"text": e.text, "created": e.created.isoformat()} for e in item.events if e.kind == "answer"]


def _sender_event(event: FeedbackEvent) -> dict[str, Any] | None:
    """What the sender sees of one step: the answers they were sent and the status changes,
    never who on the staff made them nor the internal comments that came with a status."""
    if event.kind not in ("answer", "status"):
        return None
    return {"kind": event.kind, "from_status": event.from_status, "to_status": event.to_status,
            "text": event.text if event.kind == "answer" else None,
            "created": event.created.isoformat() if event.created else None}


def dictize(item: Feedback, view: str) -> dict[str, Any]:
    """STAFF see everything, with the history and who made each step; the SENDER sees their
    item with a reduced history (`_sender_event`); anyone else (PUBLIC) a published item
    without the sender's name, email or account, and without any history."""
    data = item.as_dict()
    full = view in (STAFF, SENDER)
    if not full:
        data = {k: data[k] for k in PUBLIC_FIELDS}
    package = model.Session.get(model.Package, item.package_id)
    resource = model.Session.get(model.Resource, item.resource_id) if item.resource_id else None
    data.update(
        dataset_name=package.name if package else None, dataset_title=package.title if package else None,
        organization_id=package.owner_org if package else None,
        resource_name=resource.name if resource else None, answers=answers(item))
    if full:
        org = model.Session.get(model.Group, package.owner_org) if package and package.owner_org else None
        if view == STAFF:
            events = [dict(e.as_dict(), actor=user_name(e.actor_id)) for e in item.events]
        else:
            events = [shown for shown in map(_sender_event, item.events) if shown]
        data.update(organization_name=org.name if org else None, user=user_name(item.user_id), events=events)
    return data


def _view_of(context: dict[str, Any], item: Feedback) -> str:
    name = context.get("user")
    if context.get("ignore_auth") or is_regional_admin(name):
        return STAFF
    package = model.Session.get(model.Package, item.package_id)
    if package is not None and access.handles_feedback_of(name, package.owner_org):
        return STAFF
    user = access.user_of(name)
    return SENDER if user and item.user_id == user.id else PUBLIC


@action
@tk.side_effect_free
@tk.validate(schema.by_id)
def chervonohrad_feedback_show(context, data_dict):
    """One feedback item. Publishers of its dataset and whoever oversees them see it all, with
    its history; its sender sees it with the answers and status changes (not who made them,
    nor internal comments); anyone may see a published item (without personal data).

    :param id: the item's id
    """
    tk.check_access("chervonohrad_feedback_show", context, data_dict)
    item = _get(data_dict["id"])
    return dictize(item, _view_of(context, item))


def _public_rows():
    return and_(Feedback.published.is_(True), model.Package.state == "active", model.Package.private.is_(False))


@action
@tk.side_effect_free
@tk.validate(schema.feedback_list)
def chervonohrad_feedback_list(context, data_dict):
    """Feedback, newest first. Regional administrators see all of it; publishers all of their
    organizations'; council officers all of their hromada's publishers'; anyone else the
    published items (and, logged in, their own).

    :param organization_id: an organization's id or name
    :param hromada: a KATOTTG code: only feedback on datasets of that hromada's publishers
    :param package_id: a dataset's id or name
    :param status: new, in_progress, answered, resolved, rejected, or ``open`` (new and in progress)
    :param category: data_error, outdated, broken_link, format, missing, suggestion, other
    :param published: true or false
    :param limit: default 50 (at most 1000); :param offset: default 0
    :returns: ``{"count": n, "results": [item, …]}``
    """
    tk.check_access("chervonohrad_feedback_list", context, data_dict)
    query = _filtered(context, data_dict)
    count = query.count()
    rows = (query.order_by(Feedback.created.desc())
            .offset(data_dict.get("offset", 0)).limit(min(data_dict.get("limit", 50), 1000)).all())
    results = []
    for item, staff, mine in rows:
        view = STAFF if staff else SENDER if mine else PUBLIC
        results.append(dict(dictize(item, view), full=view != PUBLIC))
    return {"count": count, "results": results}


def _filtered(context, data_dict):
    """(item, handled by the caller, sent by the caller) rows the caller may see, with the
    filters applied."""
    name = context.get("user")
    if context.get("ignore_auth") or is_regional_admin(name):
        staff = true()
        mine = false()
        visible = true()
    else:
        managed = access.managed_org_ids(name)
        user = access.user_of(name)
        staff = func.coalesce(model.Package.owner_org.in_(managed or [""]), false())
        mine = func.coalesce(Feedback.user_id == user.id, false()) if user else false()
        visible = or_(staff, mine, _public_rows())
    query = (model.Session.query(Feedback, staff, mine)
             .join(model.Package, model.Package.id == Feedback.package_id).filter(visible))
    if data_dict.get("organization_id"):
        org = model.Group.get(data_dict["organization_id"])
        if org is None or not org.is_organization:
            raise tk.ObjectNotFound(tk._("Organization not found"))
        query = query.filter(model.Package.owner_org == org.id)
    if data_dict.get("hromada"):
        query = query.filter(model.Package.owner_org.in_(hromada_access.org_ids_in({data_dict["hromada"]}) or [""]))
    if data_dict.get("package_id"):
        query = query.filter(Feedback.package_id == _package(data_dict["package_id"]).id)
    status = data_dict.get("status")
    if status == "open":
        query = query.filter(Feedback.status.in_(("new", "in_progress")))
    elif status:
        query = query.filter(Feedback.status == status)
    if data_dict.get("category"):
        query = query.filter(Feedback.category == data_dict["category"])
    if "published" in data_dict:
        query = query.filter(Feedback.published.is_(bool(data_dict["published"])))
    return query


# ---- sending ----------------------------------------------------------------------

def _recipients_of_new(package: model.Package) -> list[tuple[str, str]]:
    """The dataset's maintainer and its organization's admins, each address once."""
    return people.dataset_contacts([{"id": package.id, "owner_org": package.owner_org, "maintainer":
                                     package.maintainer, "maintainer_email": package.maintainer_email}])[package.id]


@action
def chervonohrad_feedback_create(context, data_dict):
    """Send feedback on a dataset (anyone; anonymous senders must give an email).

    :param package_id: the dataset's id or name
    :param resource_id: optional, one of the dataset's resources
    :param category: data_error, outdated, broken_link, format, missing, suggestion, other
    :param message: at most 5000 characters, stored as typed
    :param name: optional; :param email: required when not logged in
    :param consent: must be true (consent to the processing of personal data)
    :param captcha_response: when a CAPTCHA provider is configured, for visitors not logged in
    :param submission_token: optional, the form's one-time token: sent again with the same
        message, it answers with the item the first submit made instead of a second one
    """
    tk.check_access("chervonohrad_feedback_create", context, data_dict)
    package = _package(data_dict.get("package_id"))
    tk.check_access("package_show", dict(context), {"id": package.id})
    data = validated(data_dict, schema.feedback_create(), context)
    user = access.user_of(context.get("user"))
    same = {"package_id": package.id, "message": data["message"], "email": data.get("email"),
            "user_id": user.id if user else None}
    first, token = earlier_submission(Feedback, data.get("submission_token"), **same)
    if first is not None:
        return dictize(first, SENDER)
    errors: dict[str, list[str]] = {}
    if user is None and not data.get("email"):
        errors["email"] = [tk._("Give your email so that the publisher can answer you")]
    if data.get("resource_id") and data["resource_id"] not in {r.id for r in package.resources}:
        errors["resource_id"] = [tk._("This resource is not part of the dataset")]
    if errors:
        raise tk.ValidationError(errors)
    check_stranger(context, data, "feedback", data.get("email") or (user.email if user else None), package.id)
    item = Feedback(package_id=package.id, resource_id=data.get("resource_id"), category=data["category"],
                    message=data["message"], name=data.get("name"), email=data.get("email"),
                    user_id=user.id if user else None, consent=True, submission_token=token)
    stored = commit_once(item, token, **same)
    if stored is not item:
        return dictize(stored, SENDER)
    resource = model.Session.get(model.Resource, item.resource_id) if item.resource_id else None
    mail.notify(_recipients_of_new(package), "feedback_new", item=item, package=package, resource=resource,
                url=site_url(f"/feedback/{item.id}"))
    return dictize(item, SENDER)


# ---- handling ---------------------------------------------------------------------

def _locked(id_: str) -> Feedback:
    return _get(id_, lock=True)


def _record(item: Feedback, actor: model.User, kind: str, to_status: str | None, text: str | None = None) -> None:
    item.events.append(FeedbackEvent(kind=kind, from_status=item.status, to_status=to_status or item.status,
                                     actor_id=actor.id if actor else None, text=text))
    if to_status:
        item.status = to_status
        if to_status in RESPONSES and item.first_response_at is None:
            item.first_response_at = utcnow()


def _actor(context) -> model.User | None:
    return access.user_of(context.get("user"))


def status_label(status: str) -> str:
    return tk._(STATUSES.get(status, status))


def _refuse(item: Feedback, to_status: str) -> None:
    model.Session.rollback()
    raise tk.ValidationError({"status": [tk._("Feedback that is {current} cannot become {target}").format(
        current=status_label(item.status), target=status_label(to_status))]})


@action
@tk.validate(schema.feedback_update_status)
def chervonohrad_feedback_update_status(context, data_dict):
    """Move an item on: new ⇄ in_progress, → resolved, → rejected (with a reject_reason:
    spam, abuse or duplicate), resolved → in_progress (reopen), rejected → new. Answering is
    `chervonohrad_feedback_answer`. Rejecting hides a published item.

    :param id: :param status: :param reject_reason: :param comment: optional, internal
    """
    tk.check_access("chervonohrad_feedback_update_status", context, data_dict)
    item = _locked(data_dict["id"])
    to_status = data_dict["status"]
    if to_status not in TRANSITIONS.get(item.status, ()):
        _refuse(item, to_status)
    if to_status == REJECTED:
        if not data_dict.get("reject_reason"):
            model.Session.rollback()
            raise tk.ValidationError({"reject_reason": [tk._("Say why: spam, abuse or duplicate")]})
        item.reject_reason = data_dict["reject_reason"]
        item.published = False
    else:
        item.reject_reason = None
    _record(item, _actor(context), "status", to_status, data_dict.get("comment"))
    model.Session.commit()
    return dictize(item, STAFF)


def sender(item: Feedback) -> tuple[str, str | None]:
    user = model.Session.get(model.User, item.user_id) if item.user_id else None
    name = item.name or (user.fullname or user.name if user else "")
    return name, item.email or (user.email if user else None)


@action
@tk.validate(schema.feedback_answer)
def chervonohrad_feedback_answer(context, data_dict):
    """Answer the sender: the answer is stored, emailed to them, and shown with the item on the
    dataset page once the item is published. Each answer is emailed.

    :param id: :param answer: at most 5000 characters :param publish: optional, publish the item too
    """
    tk.check_access("chervonohrad_feedback_answer", context, data_dict)
    item = _locked(data_dict["id"])
    if item.status not in ANSWERABLE:
        _refuse(item, ANSWERED)
    _record(item, _actor(context), "answer", ANSWERED, data_dict["answer"])
    if data_dict.get("publish"):
        item.published = True
    model.Session.commit()
    name, address = sender(item)
    package = model.Session.get(model.Package, item.package_id)
    mail.notify([(name, address)], "feedback_answer", item=item, package=package, answer=data_dict["answer"],
                url=site_url(f"/dataset/{package.name}"))
    return dictize(item, STAFF)


@action
@tk.validate(schema.feedback_publish)
def chervonohrad_feedback_publish(context, data_dict):
    """Show the item (and its answers) on the dataset page, or hide it again.

    :param id: :param published: true (default) or false
    """
    tk.check_access("chervonohrad_feedback_publish", context, data_dict)
    item = _locked(data_dict["id"])
    published = bool(data_dict["published"])
    if published and item.status == REJECTED:
        model.Session.rollback()
        raise tk.ValidationError({"published": [tk._("Rejected feedback cannot be published")]})
    if item.published != published:
        item.published = published
        _record(item, _actor(context), "publish" if published else "unpublish", None)
    model.Session.commit()
    return dictize(item, STAFF)


@action
@tk.validate(schema.by_id)
def chervonohrad_feedback_delete(context, data_dict):
    """Delete an item and its history for good (regional administrators only, e.g. on the
    sender's request to erase their personal data). :param id:"""
    tk.check_access("chervonohrad_feedback_delete", context, data_dict)
    item = _locked(data_dict["id"])
    model.Session.delete(item)
    model.Session.commit()
    return {"id": data_dict["id"], "deleted": True}


def reject_reason_label(reason: str | None) -> str:
    return tk._(REJECT_REASONS[reason]) if reason in REJECT_REASONS else ""
