"""Erasing one person's data on their request (Art. 8 of the Law «Про захист персональних
даних»): everything that names their email address, matched exactly (any case).

The person is found by the address they gave and by the portal accounts that carry it:
  feedback and suggestions they sent (with that address, or from such an account) are
    anonymised as the retention run does (see anonymise) — open ones too: the request
    outweighs the answer they would have had;
  their votes on suggestions are deleted (a vote is an opinion tied to an account; the
    suggestion's count drops by theirs);
  applications naming them as the responsible person are anonymised and lose their
    document; applications listing them among the publishers lose that address only;
  anyone else's free text that quotes the address verbatim has it replaced;
  emails waiting in the job queue (scheduled for a retry, or failed there), or kept in the
    database while Redis was down, to them or quoting them, are dropped.
Publishers' and datasets' own contacts (a public body's designated officer, a dataset's
maintainer) are public information the publisher manages: they are listed for review, not changed.
The CKAN account itself is not touched: deleting it is CKAN's `user_delete`.
"""
from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import exists, func, or_, text

from ckan import model

from ckanext.chervonohrad.common import extras
from ckanext.chervonohrad.feedback.model import Feedback, FeedbackEvent, Suggestion, SuggestionVote
from ckanext.chervonohrad.privacy import anonymise, queue, rules
from ckanext.chervonohrad.registration.model import ApplicationEvent, PublisherApplication

log = logging.getLogger(__name__)

REVIEW_LIMIT = 100

_LISTED = text("EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE jsonb_typeof("
               "chervonohrad_publisher_application.publisher_emails) WHEN 'array' THEN "
               "chervonohrad_publisher_application.publisher_emails ELSE '[]'::jsonb END) AS listed(email) "
               "WHERE lower(listed.email) = :address)")


def _is(column, address: str):
    return func.lower(func.trim(column)) == address


def _quotes(column, address: str):
    # strpos, not LIKE: an address may hold `_` or `%`, which LIKE would read as wildcards.
    return func.strpos(func.lower(column), address) > 0


def _rows(query, dry_run: bool) -> list:
    return query.all() if dry_run else query.with_for_update().all()


def erase(address: str, dry_run: bool = False) -> dict[str, Any]:
    """Anonymise everything that names `address`; commit (unless `dry_run`) and say what changed."""
    address = address.strip().lower()
    counts: dict[str, Any] = {"dry_run": dry_run, "accounts": 0, "feedback": 0, "suggestions": 0, "votes": 0,
                              "applications": 0, "listed_people": 0, "documents": 0, "texts": 0, "mail_jobs": 0}
    with anonymise.changes(dry_run):
        account_ids = [uid for (uid,) in model.Session.query(model.User.id).filter(_is(model.User.email, address))]
        counts["accounts"] = len(account_ids)
        by_account = account_ids or [""]
        handled: set[str] = set()

        # Feedback and suggestions carry a sender the same way: an address and an account.
        for table, key, anonymised in ((Feedback, "feedback", anonymise.feedback),
                                       (Suggestion, "suggestions", anonymise.suggestion)):
            for row in _rows(model.Session.query(table).filter(
                    or_(_is(table.email, address), table.user_id.in_(by_account))), dry_run):
                counts[key] += 1
                handled.add(row.id)
                if not dry_run:
                    anonymised(row, also=[address])
        votes = model.Session.query(SuggestionVote).filter(SuggestionVote.user_id.in_(by_account))
        counts["votes"] = votes.count()
        if not dry_run:
            votes.delete(synchronize_session=False)

        for row in _rows(model.Session.query(PublisherApplication).filter(
                _is(PublisherApplication.person_email, address)), dry_run):
            counts["applications"] += 1
            handled.add(row.id)
            counts["documents"] += anonymise.application_document(row, dry_run=dry_run)
            if not dry_run:
                anonymise.application(row, also=[address])
        for row in _rows(model.Session.query(PublisherApplication).filter(_LISTED.bindparams(address=address)),
                         dry_run):
            if row.id in handled:
                continue
            counts["listed_people"] += 1
            handled.add(row.id)
            if not dry_run:
                row.publisher_emails = rules.without_address(row.publisher_emails, address)
                anonymise.keep_modified(row)
            _scrub_application(row, address, dry_run)

        counts["texts"] = _scrub_quotes(address, handled, dry_run)
        counts["mail_jobs"] = _drop_pending_mail(address, dry_run)
    counts["mail_jobs"] += queue.erase_mail_to(address, dry_run=dry_run)
    counts["to_review"] = _to_review(address)
    return counts


def _scrubbed(row, fields: tuple[str, ...], children: list, child_field: str, address: str, dry_run: bool) -> bool:
    """Replace the address in a row's free text (and its history's); whether anything changed."""
    changed = False
    for target, names in ((row, fields), *((child, (child_field,)) for child in children)):
        for field in names:
            value = getattr(target, field)
            new = rules.scrub(value, [address])
            if new != value:
                changed = True
                if not dry_run:
                    setattr(target, field, new)
    if changed and not dry_run:
        anonymise.keep_modified(row)
    return changed


def _scrub_application(row: PublisherApplication, address: str, dry_run: bool = False) -> bool:
    return _scrubbed(row, ("comment",), row.events, "comment", address, dry_run)


SUGGESTION_TEXT = ("title", "description", "reason", "decision_reason")


def _scrub_quotes(address: str, handled: set[str], dry_run: bool) -> int:
    """Items of other people whose free text quotes the address: replace it there. The query
    finds candidates by substring; the count is of items where the whole address was found."""
    count = 0
    feedback = model.Session.query(Feedback).filter(or_(
        _quotes(Feedback.message, address),
        exists().where(FeedbackEvent.feedback_id == Feedback.id, _quotes(FeedbackEvent.text, address))))
    for item in _rows(feedback, dry_run):
        if item.id not in handled:
            count += _scrubbed(item, ("message",), item.events, "text", address, dry_run)
    suggestions = model.Session.query(Suggestion).filter(
        or_(*(_quotes(getattr(Suggestion, f), address) for f in SUGGESTION_TEXT)))
    for row in _rows(suggestions, dry_run):
        if row.id not in handled:
            count += _scrubbed(row, SUGGESTION_TEXT, [], "", address, dry_run)
    applications = model.Session.query(PublisherApplication).filter(or_(
        _quotes(PublisherApplication.comment, address),
        exists().where(ApplicationEvent.application_id == PublisherApplication.id,
                       _quotes(ApplicationEvent.comment, address))))
    for row in _rows(applications, dry_run):
        if row.id not in handled:
            count += _scrub_application(row, address, dry_run)
    return count


PENDING_MAIL = "chervonohrad_mail_pending"


def _drop_pending_mail(address: str, dry_run: bool) -> int:
    """Email that common.mail kept in the database while Redis was down: to the person, or
    quoting them. Read by its table (the mail module owns the model)."""
    if not model.Session.execute(text("SELECT to_regclass(:t)"), {"t": PENDING_MAIL}).scalar():
        return 0
    rows = model.Session.execute(text(
        f"SELECT id, address, subject, body FROM {PENDING_MAIL} WHERE lower(trim(address)) = :a "
        "OR strpos(lower(body), :a) > 0 OR strpos(lower(subject), :a) > 0"), {"a": address}).all()
    ids = [row.id for row in rows if rules.mentions([row.address, row.subject, row.body], address)]
    if ids and not dry_run:
        model.Session.execute(text(f"DELETE FROM {PENDING_MAIL} WHERE id = ANY(:ids)"), {"ids": ids})
    return len(ids)


def _to_review(address: str) -> dict[str, list[str]]:
    """Publishers and datasets whose own contact is this address (names, at most 100 each)."""
    publishers = (model.Session.query(model.Group.name)
                  .filter(model.Group.is_organization.is_(True), model.Group.state == "active",
                          extras.org_any_value(lambda value: _is(value, address)))
                  .order_by(model.Group.name).limit(REVIEW_LIMIT))
    datasets = (model.Session.query(model.Package.name)
                .filter(model.Package.state == "active",
                        or_(_is(model.Package.maintainer_email, address), _is(model.Package.author_email, address)))
                .order_by(model.Package.name).limit(REVIEW_LIMIT))
    return {"publishers": [name for (name,) in publishers], "datasets": [name for (name,) in datasets]}
