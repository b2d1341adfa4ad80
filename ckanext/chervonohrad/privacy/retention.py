"""The daily retention run (`ckan chervonohrad privacy retain`, from cron).

An item's personal data are anonymised `personal_data_retention_months` after it was closed
(see rules for what "closed" means). When it was closed:
  feedback     the last history event that moved it into its present closed status;
  suggestion   `decided_at` (stamped by each decision);
  application  the last history event that moved it into its present state.
Items closed before this history existed (legacy rows, demo imports) have no such event or
stamp; for them the latest timestamp the row carries stands in (`modified`, the first
response, `created`), so they are kept at least as long as they would have been.

Documents of rejected and withdrawn applications go at the next run (the body never became
a publisher; a new application uploads its document again), as do stored documents that no
application names (a form that was never submitted) once a day old. Failed background jobs
older than the retention window are deleted with what they hold.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import and_, cast, func, literal, or_
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import selectinload

from ckan import model

from ckanext.chervonohrad import config
from ckanext.chervonohrad.feedback.model import Feedback, FeedbackEvent, Suggestion
from ckanext.chervonohrad.privacy import anonymise, queue, rules, storage
from ckanext.chervonohrad.registration.model import ApplicationEvent, PublisherApplication

log = logging.getLogger(__name__)

ORPHAN_GRACE = dt.timedelta(days=1)


def feedback_closed_at():
    last_closing = (model.Session.query(func.max(FeedbackEvent.created))
                    .filter(FeedbackEvent.feedback_id == Feedback.id, FeedbackEvent.to_status == Feedback.status)
                    .correlate(Feedback).scalar_subquery())
    return func.coalesce(last_closing, func.greatest(Feedback.modified, Feedback.first_response_at, Feedback.created))


def suggestion_closed_at():
    return func.coalesce(Suggestion.decided_at, func.greatest(Suggestion.modified, Suggestion.created))


def application_closed_at():
    last_decision = (model.Session.query(func.max(ApplicationEvent.created))
                     .filter(ApplicationEvent.application_id == PublisherApplication.id,
                             ApplicationEvent.to_state == PublisherApplication.state)
                     .correlate(PublisherApplication).scalar_subquery())
    return func.coalesce(last_decision, func.greatest(PublisherApplication.modified, PublisherApplication.created))


def _lists_someone(column):
    # Legacy rows may hold JSON null instead of a list; neither it nor [] lists anyone.
    return and_(func.jsonb_typeof(column) == "array", column != cast(literal("[]"), JSONB))


# Each query below takes only rows still holding something to anonymise: a second run finds nothing.

def expired_feedback(before: dt.datetime) -> list[Feedback]:
    return (model.Session.query(Feedback).options(selectinload(Feedback.events))  # their texts are scrubbed too
            .filter(Feedback.status.in_(rules.FEEDBACK_CLOSED), feedback_closed_at() < before,
                    or_(Feedback.name.is_distinct_from(literal(rules.ANONYMISED)), Feedback.email.isnot(None),
                             Feedback.user_id.isnot(None)))
            .order_by(Feedback.created).all())


def expired_suggestions(before: dt.datetime) -> list[Suggestion]:
    return (model.Session.query(Suggestion)
            .filter(Suggestion.status.in_(rules.SUGGESTION_CLOSED), suggestion_closed_at() < before,
                    or_(Suggestion.name.is_distinct_from(literal(rules.ANONYMISED)),
                             Suggestion.email.isnot(None), Suggestion.user_id.isnot(None)))
            .order_by(Suggestion.created).all())


def expired_applications(before: dt.datetime) -> list[PublisherApplication]:
    return (model.Session.query(PublisherApplication).options(selectinload(PublisherApplication.events))
            .filter(PublisherApplication.state.in_(rules.APPLICATION_CLOSED), application_closed_at() < before,
                    or_(PublisherApplication.person_name != rules.ANONYMISED,
                             PublisherApplication.document_url.isnot(None),
                             _lists_someone(PublisherApplication.publisher_emails)))
            .order_by(PublisherApplication.created).all())


def failed_applications_with_documents() -> list[PublisherApplication]:
    return (model.Session.query(PublisherApplication)
            .filter(PublisherApplication.state.in_(rules.APPLICATION_FAILED),
                    PublisherApplication.document_url.isnot(None), PublisherApplication.document_url != "")
            .all())


def _referenced_documents() -> set[str]:
    rows = model.Session.query(PublisherApplication.document_url).filter(
        and_(PublisherApplication.document_url.isnot(None), PublisherApplication.document_url != ""))
    return {url for (url,) in rows}


def run(now: dt.datetime | None = None, months: int | None = None, dry_run: bool = False) -> dict[str, Any]:
    """Anonymise what is past retention, purge documents, clear old failed jobs; commit
    (unless `dry_run`, which counts the same and changes nothing). `now` is UTC, naive."""
    now = now or dt.datetime.utcnow()
    months = config.personal_data_retention_months() if months is None else months
    before = rules.cutoff(now, months)
    counts: dict[str, Any] = {"before": before.isoformat(timespec="seconds"), "months": months, "dry_run": dry_run,
                              "feedback": 0, "suggestions": 0, "applications": 0, "documents": 0,
                              "orphan_documents": 0, "failed_jobs": 0}
    with anonymise.changes(dry_run):
        for item in expired_feedback(before):
            counts["feedback"] += 1
            if not dry_run:
                anonymise.feedback(item)
        for row in expired_suggestions(before):
            counts["suggestions"] += 1
            if not dry_run:
                anonymise.suggestion(row)
        purged: set[str] = set()
        for row in failed_applications_with_documents():
            if anonymise.application_document(row, dry_run=dry_run):
                purged.add(row.id)
        for row in expired_applications(before):
            counts["applications"] += 1
            if row.id not in purged and anonymise.application_document(row, dry_run=dry_run):
                purged.add(row.id)
            if not dry_run:
                anonymise.application(row)
        counts["documents"] = len(purged)
        # Files first, then the commit: a crash in between leaves a reference to a missing file,
        # which the document view answers with 404 and the next run clears.
    for relative in storage.orphans(_referenced_documents(), now - ORPHAN_GRACE):
        counts["orphan_documents"] += storage.delete(relative, dry_run=dry_run)
    counts["failed_jobs"] = queue.clear_failed_before(before, dry_run=dry_run)
    log.info("privacy retention%s: %s", " (dry run)" if dry_run else "", counts)
    return counts
