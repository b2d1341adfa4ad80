"""What anonymising one item does, shared by the retention run and by erasing a person.

Kept: everything the figures need — the item itself, its dataset, category, statuses and
timestamps (created, first response, decisions; `modified` too, so anonymising does not look
like handling), the history of who on the publisher's side did what, and the free text (a
feedback message is about a dataset, is published only without its sender's name, and is the
record of what the publisher was asked; its answers may already be public). Removed: who the
sender or applicant is — name, email, phone, position, the link to their account, the
application's document and the addresses of the people it listed — and, in the item's own
free text, any verbatim occurrence of that name or address.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from sqlalchemy.orm.attributes import flag_modified

from ckan import model

from ckanext.chervonohrad.feedback.model import Feedback, Suggestion
from ckanext.chervonohrad.privacy import rules, storage
from ckanext.chervonohrad.registration.model import PublisherApplication


@contextlib.contextmanager
def changes(dry_run: bool) -> Iterator[None]:
    """One transaction for a run: committed, or rolled back when it is a dry run or fails
    (a dry run walks the same path as a real one, so its counts are the real run's)."""
    try:
        yield
    except Exception:
        model.Session.rollback()
        raise
    if dry_run:
        model.Session.rollback()
    else:
        model.Session.commit()


def keep_modified(row) -> None:
    # The models stamp `modified` on every update; writing the old value back keeps it.
    row.modified = row.modified
    flag_modified(row, "modified")


def feedback(item: Feedback, also: Iterable[str | None] = ()) -> None:
    needles = [item.name, item.email, *also]
    item.message = rules.scrub(item.message, needles)
    for event in item.events:
        event.text = rules.scrub(event.text, needles)
    item.name = rules.ANONYMISED
    item.email = None
    item.user_id = None
    keep_modified(item)


def suggestion(row: Suggestion, also: Iterable[str | None] = ()) -> None:
    needles = [row.name, row.email, *also]
    for field in ("title", "description", "reason", "decision_reason"):
        setattr(row, field, rules.scrub(getattr(row, field), needles))
    row.name = rules.ANONYMISED
    row.email = None
    row.user_id = None
    keep_modified(row)


def application_document(row: PublisherApplication, dry_run: bool = False) -> bool:
    """Delete the application's document from storage and forget the reference; True when
    there was one (a reference whose file is already gone counts: the reference goes)."""
    if not row.document_url:
        return False
    storage.delete(row.document_url, dry_run=dry_run)
    if not dry_run:
        row.document_url = None
        keep_modified(row)
    return True


def application(row: PublisherApplication, also: Iterable[str | None] = ()) -> None:
    """The responsible person's details, the listed people and the document (the caller
    deletes the file first, see application_document). The body itself — its name, EDRPOU,
    address, the order's number and date — is public information about a public body."""
    needles = [row.person_name, row.person_email, row.person_phone, *(row.publisher_emails or []), *also]
    row.comment = rules.scrub(row.comment, needles)
    for event in row.events:
        event.comment = rules.scrub(event.comment, needles)
    # These columns are NOT NULL: the marker stands in (it is no address or number to use).
    row.person_name = row.person_position = row.person_email = row.person_phone = rules.ANONYMISED
    row.publisher_emails = []
    row.document_url = None
    keep_modified(row)
