"""The privacy room's rules as pure functions: when an item's personal data expire, what
replaces them, and how a person's address is found in free text and in queued jobs.

What "closed" means, per kind of item (the statuses no further work follows):
  feedback     answered, resolved, rejected (an answered item may still be reopened; it then
               counts as open again and its clock restarts when it closes again)
  suggestion   published, declined (planned is still open: it can be voted on)
  application  approved, rejected, withdrawn
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta

# What a name (and any required field that held personal data) reads after anonymisation.
# Stored as data, not translated: it replaces what the person typed, in the language of the portal.
ANONYMISED = "анонімізовано"

FEEDBACK_CLOSED = ("answered", "resolved", "rejected")
SUGGESTION_CLOSED = ("published", "declined")
APPLICATION_CLOSED = ("approved", "rejected", "withdrawn")
# Applications that never became a publisher: their documents have no further use.
APPLICATION_FAILED = ("rejected", "withdrawn")

MAIL_MODULE = "ckanext.chervonohrad.common.mail."


def cutoff(now: dt.datetime, months: int) -> dt.datetime:
    """Items closed before this moment are past retention (calendar months, so 12 months
    after 31 March is 31 March a year on, and after 29 February the 28th)."""
    return now - relativedelta(months=max(0, months))


def expired(closed_at: dt.datetime | None, now: dt.datetime, months: int) -> bool:
    """Whether an item closed at `closed_at` is past retention (an open item never is)."""
    return closed_at is not None and closed_at < cutoff(now, months)


def _pattern(needle: str) -> re.Pattern[str]:
    """`needle` as a whole token, any case: not inside a longer address or word, so erasing
    ivan@example.com leaves xivan@example.com and ivan@example.com.ua alone."""
    return re.compile(r"(?<![\w.+%-])" + re.escape(needle) + r"(?![\w-]|\.\w)", re.IGNORECASE)


def scrub(text: str | None, needles: Iterable[str | None]) -> str | None:
    """`text` with every occurrence of each needle (an address, a name; any case) replaced by
    ANONYMISED. Needles shorter than 3 characters are left alone: they would hit ordinary words."""
    if not text:
        return text
    for needle in sorted({n.strip() for n in needles if n and len(n.strip()) >= 3}, key=len, reverse=True):
        text = _pattern(needle).sub(ANONYMISED, text)
    return text


def mentions(value: Any, address: str) -> bool:
    """Whether `address` occurs (as a whole token, any case) in a string anywhere inside
    `value` — a job's arguments: lists, tuples and dicts of strings."""
    if isinstance(value, str):
        return _pattern(address).search(value) is not None
    if isinstance(value, dict):
        return any(mentions(v, address) for v in value.values())
    if isinstance(value, (list, tuple, set)):
        return any(mentions(v, address) for v in value)
    return False


def without_address(emails: Iterable[str] | None, address: str) -> list[str]:
    """A list of emails without `address` (case-insensitive exact match)."""
    return [e for e in emails or [] if not (isinstance(e, str) and e.strip().lower() == address.lower())]
