"""Publisher applications: a council body applies, a regional administrator (or a council
officer of the body's hromada) decides.

submitted ─▶ approved | rejected | changes_requested ─(applicant edits)─▶ submitted
    └──────────── withdrawn (by the applicant, while open) ◀──────────────┘

Every transition is an ApplicationEvent (who, when, comment). Decisions lock the row
(SELECT … FOR UPDATE), so a second administrator acting at the same time gets a clear
error instead of a second organization. Emails go out after the commit (common.mail).
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common import admins, mail, publishers
from ckanext.chervonohrad.common.records import by_id
from ckanext.chervonohrad.common.registry import action
from ckanext.chervonohrad.hromada import access
from ckanext.chervonohrad.registration import documents, invitations, slug
from ckanext.chervonohrad.registration.logic import schema
from ckanext.chervonohrad.registration.model import (
    APPROVED,
    CHANGES_REQUESTED,
    INPUT_FIELDS,
    OPEN_STATES,
    REJECTED,
    SUBMITTED,
    WITHDRAWN,
    ApplicationEvent,
    PublisherApplication,
)

log = logging.getLogger(__name__)


# ---- reading -----------------------------------------------------------------------

def _user_name(user_id: str | None) -> str:
    user = model.User.get(user_id) if user_id else None
    return user.name if user else ""


def _dictize(application: PublisherApplication) -> dict[str, Any]:
    data = application.as_dict()
    data["applicant"] = _user_name(application.applicant_id)
    org = model.Group.get(application.organization_id) if application.organization_id else None
    data["organization"] = org.name if org else None
    data["events"] = [dict(e.as_dict(), actor=_user_name(e.actor_id)) for e in application.events]
    return data


def _locked(id_: str, allowed_from: tuple[str, ...]) -> PublisherApplication:
    """The application, locked for this transaction, if it is still in one of `allowed_from`;
    otherwise a clear error saying who moved it on, and when."""
    application = _get(id_, lock=True)
    if application.state not in allowed_from:
        model.Session.rollback()
        raise tk.ValidationError({"state": [_already_decided(application)]})
    return application


def _get(id_: str, lock: bool = False) -> PublisherApplication:
    return by_id(PublisherApplication, id_, tk._("Application not found"), lock)


@action(aliases=("chervonohrad_publisher_application_show",))
@tk.side_effect_free
def chervonohrad_registration_application_show(context, data_dict):
    """One application with its timeline. :param id: the application's id"""
    tk.check_access("chervonohrad_registration_application_show", context, data_dict)
    return _dictize(_get(tk.get_or_bust(data_dict, "id")))


@action(aliases=("chervonohrad_publisher_application_list",))
@tk.side_effect_free
@tk.validate(schema.application_list)
def chervonohrad_registration_application_list(context, data_dict):
    """Applications, newest first. Regional administrators see all; a council officer those
    of their hromada(s); anyone else (and an officer, besides) their own.

    :param state: one of submitted, changes_requested, approved, rejected, withdrawn
    :param hromada: a KATOTTG code: only applications of that hromada
    :param q: part of the body's name, or the start of its EDRPOU code
    :param limit: default 50; :param offset: default 0
    :returns: ``{"count": n, "results": [application, …]}``
    """
    tk.check_access("chervonohrad_registration_application_list", context, data_dict)
    query = _visible_to(model.Session.query(PublisherApplication), context)
    if data_dict.get("hromada"):
        query = query.filter(PublisherApplication.hromada == data_dict["hromada"])
    if data_dict.get("state"):
        query = query.filter(PublisherApplication.state == data_dict["state"])
    if data_dict.get("q"):
        term = data_dict["q"].strip()
        query = query.filter(or_(PublisherApplication.title.ilike(f"%{term}%"),
                                 PublisherApplication.edrpou.startswith(term)))
    count = query.count()
    rows = (query.order_by(PublisherApplication.created.desc())
            .offset(data_dict.get("offset", 0)).limit(data_dict.get("limit", 50)).all())
    return {"count": count, "results": [_dictize(row) for row in rows]}


def _visible_to(query, context):
    """The applications the caller may list: all (regional administrators, or a call that
    ignores auth), else their own and those of the hromadas they are a council officer of."""
    if context.get("ignore_auth") and not context.get("user"):
        return query
    overseen = access.overseen_hromadas(context.get("user"))
    if overseen is None:
        return query
    mine = PublisherApplication.applicant_id == model.User.get(context["user"]).id
    return query.filter(or_(mine, PublisherApplication.hromada.in_(sorted(overseen))) if overseen else mine)


# ---- applying ----------------------------------------------------------------------

def _refuse_duplicates(edrpou: str, except_application: str | None = None) -> None:
    org = publishers.with_edrpou(edrpou)
    if org is not None:
        message = tk._("A publisher with EDRPOU {edrpou} is already registered: «{title}»")
        raise tk.ValidationError({"edrpou": [message.format(edrpou=edrpou, title=org.title)]})
    query = model.Session.query(PublisherApplication).filter(
        PublisherApplication.edrpou == edrpou, PublisherApplication.state.in_(OPEN_STATES))
    if except_application:
        query = query.filter(PublisherApplication.id != except_application)
    open_one = query.first()
    if open_one is not None:
        raise tk.ValidationError({"edrpou": [tk._(
            "An application for EDRPOU {edrpou} is already open (submitted {date})").format(
                edrpou=edrpou, date=open_one.created.strftime("%d.%m.%Y"))]})


def _validated(context, data_dict) -> tuple[dict[str, Any], tuple[str, bytes] | None]:
    """The application's fields and the checked upload (name, content), nothing written yet.
    A document comes only as a file (`document_upload`); a reference to one is refused."""
    data_dict = dict(data_dict)
    upload = data_dict.pop("document_upload", None)
    data, errors = tk.navl_validate(data_dict, schema.application(), context)
    errors = dict(errors)
    if data_dict.get("document_url"):
        errors["document_url"] = [tk._("Attach the document as a file; a reference to a stored one is not accepted")]
    document = None
    if documents.is_upload(upload):
        try:
            document = documents.read(upload)
        except tk.ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise tk.ValidationError(errors)
    if data.get("document_date"):
        data["document_date"] = dt.date.fromisoformat(data["document_date"])
    return data, document


def _record(application: PublisherApplication, to_state: str, actor_id: str, comment: str | None = None) -> None:
    application.events.append(ApplicationEvent(
        from_state=application.state if application.events else None, to_state=to_state,
        actor_id=actor_id, comment=comment))
    application.state = to_state


def _commit_or_duplicate(edrpou: str, stored_document: str | None = None) -> None:
    """The partial unique index settles a race between two submits of one EDRPOU. A document
    written for this change goes with it when the change does not commit."""
    try:
        model.Session.commit()
    except Exception as error:
        model.Session.rollback()
        documents.remove(stored_document)
        if isinstance(error, IntegrityError):
            _refuse_duplicates(edrpou)
        raise


def _reviewers(application: PublisherApplication) -> list[tuple[str, str]]:
    """Who is told of a new or resubmitted application: the regional administrators and the
    council officers of the application's hromada, each once."""
    officers = tk.get_action("chervonohrad_hromada_officer_list")({"ignore_auth": True},
                                                                 {"hromada": application.hromada})
    return admins.mail_recipients([row["user_id"] for row in officers])


def _page(application: PublisherApplication) -> str:
    return tk.config.get("ckan.site_url").rstrip("/") + f"/publisher/applications/{application.id}"


@action(aliases=("chervonohrad_publisher_application_create",))
def chervonohrad_registration_application_create(context, data_dict):
    """Apply to become a publisher. Fields: title, edrpou, publisher_type, hromada, address,
    website, person_name, person_position, person_email, person_phone, document_number,
    document_date, publisher_emails, comment, consent (required, true), and optionally
    document_upload: the file (multipart), stored only once the application is valid."""
    tk.check_access("chervonohrad_registration_application_create", context, data_dict)
    data, document = _validated(context, data_dict)
    _refuse_duplicates(data["edrpou"])
    applicant = model.User.get(context["user"])
    application = PublisherApplication(applicant_id=applicant.id, **{k: data.get(k) for k in INPUT_FIELDS})
    application.document_url = documents.store(*document) if document else None
    _record(application, SUBMITTED, applicant.id)
    model.Session.add(application)
    _commit_or_duplicate(data["edrpou"], application.document_url)
    mail.notify(_reviewers(application), "application_submitted", application=application, url=_page(application))
    return _dictize(application)


@action(aliases=("chervonohrad_publisher_application_update",))
def chervonohrad_registration_application_update(context, data_dict):
    """The applicant edits an open application; one waiting for changes is resubmitted.
    Same fields as create; a new document_upload replaces the document, none keeps it."""
    tk.check_access("chervonohrad_registration_application_update", context, data_dict)
    application = _locked(tk.get_or_bust(data_dict, "id"), OPEN_STATES)
    try:
        data, document = _validated(context, {k: v for k, v in data_dict.items() if k != "id"})
        _refuse_duplicates(data["edrpou"], except_application=application.id)
    except tk.ValidationError:
        model.Session.rollback()  # let go of the row lock
        raise
    for key in INPUT_FIELDS:
        setattr(application, key, data.get(key))
    replaced, stored = application.document_url, None
    if document:
        stored = application.document_url = documents.store(*document)
    resubmitted = application.state == CHANGES_REQUESTED
    if resubmitted:
        _record(application, SUBMITTED, model.User.get(context["user"]).id, data_dict.get("resubmit_comment"))
    _commit_or_duplicate(data["edrpou"], stored)
    if stored:
        documents.remove(replaced)
    if resubmitted:
        mail.notify(_reviewers(application), "application_submitted", application=application, url=_page(application))
    return _dictize(application)


# ---- deciding ----------------------------------------------------------------------

def _already_decided(application: PublisherApplication) -> str:
    last = application.events[-1] if application.events else None
    who = _user_name(last.actor_id) if last else ""
    when = last.created.strftime("%d.%m.%Y %H:%M") if last else ""
    return tk._("This application is already {state} ({who}, {when}); refresh the page").format(
        state=state_label(application.state), who=who, when=when)


def state_label(state: str) -> str:
    return {
        SUBMITTED: tk._("submitted"), CHANGES_REQUESTED: tk._("waiting for changes"), APPROVED: tk._("approved"),
        REJECTED: tk._("rejected"), WITHDRAWN: tk._("withdrawn"),
    }.get(state, state)


def _transition(context, data_dict, allowed_from: tuple[str, ...], to_state: str, template: str | None):
    application = _locked(data_dict["id"], allowed_from)
    _record(application, to_state, model.User.get(context["user"]).id, data_dict.get("comment"))
    model.Session.commit()
    if template is None:
        return _dictize(application)
    applicant = model.User.get(application.applicant_id)
    mail.notify([(application.person_name, application.person_email), (applicant.fullname or applicant.name,
                 applicant.email if applicant.email != application.person_email else None)],
                template, application=application, comment=data_dict.get("comment"), url=_page(application))
    return _dictize(application)


@action(aliases=("chervonohrad_publisher_application_reject",))
@tk.validate(schema.decision_with_reason)
def chervonohrad_registration_application_reject(context, data_dict):
    """Reject an open application. :param id: :param comment: the reason (required)"""
    tk.check_access("chervonohrad_registration_application_reject", context, data_dict)
    return _transition(context, data_dict, OPEN_STATES, REJECTED, "application_rejected")


@action(aliases=("chervonohrad_publisher_application_request_changes",))
@tk.validate(schema.decision_with_reason)
def chervonohrad_registration_application_request_changes(context, data_dict):
    """Send a submitted application back to its applicant. :param id: :param comment: what to change (required)"""
    tk.check_access("chervonohrad_registration_application_request_changes", context, data_dict)
    return _transition(context, data_dict, (SUBMITTED,), CHANGES_REQUESTED, "application_changes_requested")


@action(aliases=("chervonohrad_publisher_application_withdraw",))
@tk.validate(schema.decision)
def chervonohrad_registration_application_withdraw(context, data_dict):
    """The applicant withdraws an open application. :param id: :param comment: optional"""
    tk.check_access("chervonohrad_registration_application_withdraw", context, data_dict)
    return _transition(context, data_dict, OPEN_STATES, WITHDRAWN, None)


def _organization_dict(application: PublisherApplication, members: list[dict[str, str]]) -> dict[str, Any]:
    name = slug.unique(slug.slugify(application.title), lambda n: model.Group.get(n) is not None)
    return {
        "name": name, "title": application.title, "edrpou": application.edrpou,
        "publisher_type": application.publisher_type, "hromada": application.hromada,
        "address": application.address, "website": application.website or "",
        "officer_name": application.person_name, "officer_position": application.person_position,
        "officer_email": application.person_email, "officer_phone": application.person_phone,
        "users": members,
    }


def _listed(application: PublisherApplication, applicant: model.User) -> invitations.Matches:
    """The listed addresses, matched exactly to active accounts (see registration.invitations);
    the applicant, already the admin, is not invited again."""
    listed = list(application.publisher_emails or [])
    found = invitations.match(listed, invitations.active_accounts(listed))
    found.accounts = {email: user_id for email, user_id in found.accounts.items() if user_id != applicant.id}
    return found


def _only_the_applicant(org_id: str, applicant_id: str) -> None:
    """organization_create makes the acting user an admin; the approver is not meant to be a
    member of every publisher they approve, so only the applicant's membership stays."""
    model.Session.flush()  # CKAN's session does not autoflush: the approver's row is still pending
    for member in (model.Session.query(model.Member)
                   .filter(model.Member.group_id == org_id, model.Member.table_name == "user",
                           model.Member.table_id != applicant_id)):
        model.Session.delete(member)
    model.Session.flush()


@action(aliases=("chervonohrad_publisher_application_approve",))
@tk.validate(schema.decision)
def chervonohrad_registration_application_approve(context, data_dict):
    """Approve: create the publisher's organization from the application in one transaction.
    Its members are the applicant (admin) and nobody else until the listed people accept:
    an address held by an active account (exact match) makes that account a pending editor,
    emailed a link to accept; an address nobody holds gets CKAN's invitation to register.

    :returns: ``{"application": …, "organization": …, "pending_editors": [emails],
        "invited": [emails], "invite_failed": [emails], "not_added": [emails several accounts share]}``
    """
    tk.check_access("chervonohrad_registration_application_approve", context, data_dict)
    application = _locked(data_dict["id"], (SUBMITTED,))
    actor = model.User.get(context["user"])
    applicant = model.User.get(application.applicant_id)
    listed = _listed(application, applicant)
    try:
        if publishers.with_edrpou(application.edrpou) is not None:
            raise tk.ValidationError({"edrpou": [tk._("A publisher with EDRPOU {edrpou} is already registered").format(
                edrpou=application.edrpou)]})
        org = tk.get_action("organization_create")(
            {"user": actor.name, "ignore_auth": True, "defer_commit": True},
            _organization_dict(application, [{"name": applicant.name, "capacity": "admin"}]))
        _only_the_applicant(org["id"], applicant.id)
        pending = {email: invitations.add_pending(org["id"], user_id) for email, user_id in listed.accounts.items()}
        application.organization_id = org["id"]
        application.last_error = None
        _record(application, APPROVED, actor.id, data_dict.get("comment"))
        model.Session.commit()
    except Exception as error:
        model.Session.rollback()
        _remember_failure(application.id, error)
        if isinstance(error, tk.ValidationError):
            raise
        log.exception("approving application %s failed", application.id)
        raise tk.ValidationError({"organization": [tk._("The organization could not be created: {error}").format(
            error=error)]}) from error
    org = tk.get_action("organization_show")({"ignore_auth": True}, {"id": org["id"]})
    invited, failed = _invite(org, listed.unknown, actor)
    for email, member in pending.items():
        mail.notify([(email, email)], "application_editor_invitation", organization=org,
                    days=config.editor_invitation_days(), url=_site() + "/publisher/invitations/"
                    + invitations.token(member, email))
    mail.notify([(application.person_name, application.person_email)], "application_approved",
                application=application, organization=org, pending=list(pending),
                url=_site() + f"/organization/{org['name']}")
    return {"application": _dictize(application), "organization": org, "pending_editors": list(pending),
            "invited": invited, "invite_failed": failed, "not_added": listed.ambiguous}


def _site() -> str:
    return tk.config.get("ckan.site_url").rstrip("/")


@action(aliases=("chervonohrad_publisher_application_invitation_accept",))
def chervonohrad_registration_application_invitation_accept(context, data_dict):
    """A person listed in an approved application becomes an editor of its publisher, logged
    in as the account the emailed link names. :param token: the link's last part
    :returns: ``{"organization": name, "title": …, "capacity": "editor"}``"""
    tk.check_access("chervonohrad_registration_application_invitation_accept", context, data_dict)
    try:
        invitation = invitations.read(str(tk.get_or_bust(data_dict, "token")), config.editor_invitation_days())
    except invitations.InvalidToken as error:
        message = (tk._("This invitation has expired; ask the publisher's admin to add you") if error.expired
                   else tk._("This invitation link is not valid"))
        raise tk.ValidationError({"token": [message]}) from error
    user = model.User.get(context["user"])
    if user is None or user.id != invitation["u"]:
        raise tk.NotAuthorized(tk._("This invitation is for another account: log in as the account it was sent to"))
    if (user.email or "").strip().lower() != invitation["e"]:
        raise tk.ValidationError({"token": [tk._("The account's email address has changed since the invitation "
                                                 "was sent; ask the publisher's admin to add you")]})
    member = model.Session.get(model.Member, invitation["m"])
    group = model.Group.get(member.group_id) if member is not None else None
    if member is None or member.table_id != user.id or member.state == "deleted" or group is None \
            or group.state != "active":
        raise tk.ValidationError({"token": [tk._("This invitation has been withdrawn")]})
    if member.state == invitations.PENDING:
        member.state = "active"
        model.Session.commit()
    return {"organization": group.name, "title": group.title, "capacity": member.capacity}


def _remember_failure(application_id: str, error: Exception) -> None:
    """The application stays pending; its page shows why the approval failed."""
    message = "; ".join(
        f"{field}: {' '.join(map(str, problems))}" for field, problems in error.error_dict.items()
    ) if isinstance(error, tk.ValidationError) else str(error)
    application = model.Session.get(PublisherApplication, application_id)
    application.last_error = message[:2000]
    model.Session.commit()


def _invite(org: dict[str, Any], emails: list[str], actor: model.User) -> tuple[list[str], list[str]]:
    """Invitations go out after the commit: a failed email must not undo the approval."""
    invited, failed = [], []
    for email in emails:
        try:
            tk.get_action("user_invite")({"user": actor.name, "ignore_auth": True},
                                         {"email": email, "group_id": org["id"], "role": "editor"})
            invited.append(email)
        except Exception as error:  # SMTP down or address refused: the admin can invite again
            log.warning("inviting %s to %s failed: %s", email, org["name"], error)
            model.Session.rollback()
            failed.append(email)
    return invited, failed
