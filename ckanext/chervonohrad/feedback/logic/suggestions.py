"""Dataset suggestions (priority datasets chosen with the public, action plan item 6.1).

Anyone suggests a dataset; logged-in users vote once per suggestion (the primary key of
the vote table makes a second vote impossible, even from two fast clicks); regional
administrators mark a suggestion planned, published (linking the dataset) or declined
(with a reason). The public list ranks open and planned suggestions by votes.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common import admins, mail
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
    DECLINED,
    PUBLISHED,
    SUGGESTION_STATUSES,
    Suggestion,
    SuggestionVote,
)

PUBLIC_FIELDS = ("id", "title", "description", "reason", "list835_item", "status", "decision_reason", "package_id",
                 "decided_at", "created")


def _votes(suggestion_id: str) -> int:
    return model.Session.query(func.count()).filter(SuggestionVote.suggestion_id == suggestion_id).scalar()


def _voted(suggestion_id: str, user: model.User | None) -> bool:
    if user is None:
        return False
    return model.Session.get(SuggestionVote, (suggestion_id, user.id)) is not None


def _dictize(suggestion: Suggestion, context: dict[str, Any], votes: int | None = None) -> dict[str, Any]:
    user = access.user_of(context.get("user"))
    staff = bool(context.get("ignore_auth") or is_regional_admin(context.get("user")))
    full = bool(staff or (user and suggestion.user_id == user.id))
    data = suggestion.as_dict()
    if not full:
        data = {k: data[k] for k in PUBLIC_FIELDS}
    package = model.Session.get(model.Package, suggestion.package_id) if suggestion.package_id else None
    data.update(votes=_votes(suggestion.id) if votes is None else votes, voted=_voted(suggestion.id, user),
                dataset_name=package.name if package else None, dataset_title=package.title if package else None)
    if full:
        data.update(user=user_name(suggestion.user_id))
        if staff:
            data.update(decided_by_name=user_name(suggestion.decided_by))
        else:  # the suggester: their own details, not who on the staff decided
            data.pop("decided_by", None)
    return data


def _get(id_: str, lock: bool = False) -> Suggestion:
    return by_id(Suggestion, id_, tk._("Suggestion not found"), lock)


def status_label(status: str) -> str:
    return tk._(SUGGESTION_STATUSES.get(status, status))


@action(aliases=("chervonohrad_suggestion_show",))
@tk.side_effect_free
@tk.validate(schema.by_id)
def chervonohrad_feedback_suggestion_show(context, data_dict):
    """One suggestion with its votes (and whether the caller voted). :param id:"""
    tk.check_access("chervonohrad_feedback_suggestion_show", context, data_dict)
    return _dictize(_get(data_dict["id"]), context)


@action(aliases=("chervonohrad_suggestion_list",))
@tk.side_effect_free
@tk.validate(schema.suggestion_list)
def chervonohrad_feedback_suggestion_list(context, data_dict):
    """Suggestions ranked by votes (most first, then oldest first), or newest first.

    :param status: open, planned, published, declined (default: all)
    :param sort: ``votes`` (default) or ``newest``
    :param limit: default 50 (at most 1000); :param offset: default 0
    :returns: ``{"count": n, "results": [suggestion with votes, …]}``
    """
    tk.check_access("chervonohrad_feedback_suggestion_list", context, data_dict)
    votes = (model.Session.query(SuggestionVote.suggestion_id, func.count().label("n"))
             .group_by(SuggestionVote.suggestion_id).subquery())
    n = func.coalesce(votes.c.n, 0)
    query = model.Session.query(Suggestion, n).outerjoin(votes, votes.c.suggestion_id == Suggestion.id)
    if data_dict.get("status"):
        query = query.filter(Suggestion.status == data_dict["status"])
    count = query.count()
    if data_dict.get("sort") == "newest":
        query = query.order_by(Suggestion.created.desc())
    else:
        query = query.order_by(n.desc(), Suggestion.created.asc())
    rows = query.offset(data_dict.get("offset", 0)).limit(min(data_dict.get("limit", 50), 1000)).all()
    return {"count": count, "results": [_dictize(s, context, votes=v) for s, v in rows]}


def _administrators() -> list[tuple[str, str]]:
    return admins.mail_recipients()


@action(aliases=("chervonohrad_suggestion_create",))
def chervonohrad_feedback_suggestion_create(context, data_dict):
    """Suggest a dataset the council should publish (anyone).

    :param title: at most 254 characters :param description: what the data are (at most 4000)
    :param reason: why they are needed (at most 2000) :param list835_item: optional item of
    Resolution 835's list :param name: optional :param email: optional, to hear of the decision
    :param consent: must be true :param captcha_response: as for feedback
    :param submission_token: optional, as for feedback: the same form sent again with the same
        title answers with the suggestion the first submit made
    """
    tk.check_access("chervonohrad_feedback_suggestion_create", context, data_dict)
    data = validated(data_dict, schema.suggestion_create(), context)
    user = access.user_of(context.get("user"))
    same = {"title": data["title"], "email": data.get("email"), "user_id": user.id if user else None}
    first, token = earlier_submission(Suggestion, data.get("submission_token"), **same)
    if first is not None:
        return _dictize(first, context)
    check_stranger(context, data, "suggestion", data.get("email") or (user.email if user else None))
    suggestion = Suggestion(title=data["title"], description=data["description"], reason=data["reason"],
                            list835_item=None if data.get("list835_item") in (None, "none") else data["list835_item"],
                            name=data.get("name"), email=data.get("email"), user_id=user.id if user else None,
                            submission_token=token)
    stored = commit_once(suggestion, token, **same)
    if stored is not suggestion:
        return _dictize(stored, context)
    mail.notify(_administrators(), "suggestion_new", suggestion=suggestion,
                url=site_url(f"/suggestions/{suggestion.id}"))
    return _dictize(suggestion, context)


@action(aliases=("chervonohrad_suggestion_update_status",))
@tk.validate(schema.suggestion_update_status)
def chervonohrad_feedback_suggestion_update_status(context, data_dict):
    """Decide on a suggestion (regional administrators): ``planned``; ``published`` with the
    dataset's ``package_id``; ``declined`` with a ``reason``; or back to ``open``. The suggester,
    if they left an email, hears of it.

    :param id: :param status: :param package_id: :param reason:
    """
    tk.check_access("chervonohrad_feedback_suggestion_update_status", context, data_dict)
    status = data_dict["status"]
    errors: dict[str, list[str]] = {}
    package = None
    if status == PUBLISHED:
        package = model.Package.get(data_dict.get("package_id") or "")
        if package is None or package.state != model.State.ACTIVE:
            errors["package_id"] = [tk._("Name the published dataset (its URL name or id)")]
    if status == DECLINED and not data_dict.get("reason"):
        errors["reason"] = [tk._("Give the reason for declining")]
    if errors:
        raise tk.ValidationError(errors)
    suggestion = _get(data_dict["id"], lock=True)
    changed = suggestion.status != status
    suggestion.status = status
    suggestion.package_id = package.id if package else None
    suggestion.decision_reason = data_dict.get("reason")
    actor = access.user_of(context.get("user"))
    suggestion.decided_by = actor.id if actor else None
    suggestion.decided_at = utcnow()
    model.Session.commit()
    user = model.Session.get(model.User, suggestion.user_id) if suggestion.user_id else None
    address = suggestion.email or (user.email if user else None)
    if changed and address:
        mail.notify([(suggestion.name or (user.fullname if user else "") or "", address)], "suggestion_decided",
                    suggestion=suggestion, status=SUGGESTION_STATUSES[status], package=package,
                    url=site_url(f"/suggestions/{suggestion.id}"))
    return _dictize(suggestion, context)


@action(aliases=("chervonohrad_suggestion_delete",))
@tk.validate(schema.by_id)
def chervonohrad_feedback_suggestion_delete(context, data_dict):
    """Delete a suggestion and its votes for good (regional administrators). :param id:"""
    tk.check_access("chervonohrad_feedback_suggestion_delete", context, data_dict)
    model.Session.delete(_get(data_dict["id"], lock=True))
    model.Session.commit()
    return {"id": data_dict["id"], "deleted": True}


@action(aliases=("chervonohrad_suggestion_vote",))
@tk.validate(schema.by_id)
def chervonohrad_feedback_suggestion_vote(context, data_dict):
    """Vote for a suggestion (logged-in users, once each; voting again changes nothing).
    :param id: :returns: the suggestion with its votes"""
    tk.check_access("chervonohrad_feedback_suggestion_vote", context, data_dict)
    suggestion = _get(data_dict["id"])
    if suggestion.status in (PUBLISHED, DECLINED):
        raise tk.ValidationError({"id": [tk._("Voting on this suggestion is closed: it is {status}").format(
            status=status_label(suggestion.status))]})
    user = access.user_of(context.get("user"))
    if not _voted(suggestion.id, user):
        model.Session.add(SuggestionVote(suggestion_id=suggestion.id, user_id=user.id))
        try:
            model.Session.commit()
        except IntegrityError:  # the same user's other click won the race: one vote stands
            model.Session.rollback()
    return _dictize(suggestion, context)


@action(aliases=("chervonohrad_suggestion_unvote",))
@tk.validate(schema.by_id)
def chervonohrad_feedback_suggestion_unvote(context, data_dict):
    """Take one's vote back. :param id:"""
    tk.check_access("chervonohrad_feedback_suggestion_unvote", context, data_dict)
    suggestion = _get(data_dict["id"])
    user = access.user_of(context.get("user"))
    model.Session.query(SuggestionVote).filter(SuggestionVote.suggestion_id == suggestion.id,
                                               SuggestionVote.user_id == user.id).delete()
    model.Session.commit()
    return _dictize(suggestion, context)
