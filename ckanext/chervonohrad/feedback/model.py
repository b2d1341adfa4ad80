"""Feedback on datasets, its history, and dataset suggestions with their votes.

Feedback follows its dataset: the publisher that owns the dataset now handles it. The
first response (the first answer, resolution or rejection) is stamped once, for the
publisher rating. One vote per user and suggestion is enforced by the primary key; one
item per form (its one-time `submission_token`) by a unique constraint.
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, Text, UnicodeText
from sqlalchemy.orm import relationship

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.clock import utcnow
from ckanext.chervonohrad.common.i18n import _n

# ---- feedback code lists -------------------------------------------------------------

NEW = "new"
IN_PROGRESS = "in_progress"
ANSWERED = "answered"
RESOLVED = "resolved"
REJECTED = "rejected"
STATUSES = {
    NEW: _n("new"),
    IN_PROGRESS: _n("in progress"),
    ANSWERED: _n("answered"),
    RESOLVED: _n("resolved"),
    REJECTED: _n("rejected"),
}
OPEN_STATUSES = (NEW, IN_PROGRESS)

# Where a status may go by `chervonohrad_feedback_update_status` (answering goes to ANSWERED).
TRANSITIONS = {
    NEW: (IN_PROGRESS, RESOLVED, REJECTED),
    IN_PROGRESS: (NEW, RESOLVED, REJECTED),
    ANSWERED: (IN_PROGRESS, RESOLVED),
    RESOLVED: (IN_PROGRESS,),
    REJECTED: (NEW,),
}
ANSWERABLE = (NEW, IN_PROGRESS, ANSWERED, RESOLVED)
# The statuses that count as the publisher's first response to the sender.
RESPONSES = (ANSWERED, RESOLVED, REJECTED)

REJECT_REASONS = {"spam": _n("spam"), "abuse": _n("abuse"), "duplicate": _n("duplicate")}

CATEGORIES = {
    "data_error": _n("Error in the data"),
    "outdated": _n("Outdated data"),
    "broken_link": _n("Broken link or file"),
    "format": _n("Format or structure problem"),
    "missing": _n("Missing data or field"),
    "suggestion": _n("Suggestion"),
    "other": _n("Other"),
}

MESSAGE_MAX = 5000

# ---- suggestion code lists -----------------------------------------------------------

OPEN = "open"
PLANNED = "planned"
PUBLISHED = "published"
DECLINED = "declined"
SUGGESTION_STATUSES = {
    OPEN: _n("open"),
    PLANNED: _n("planned"),
    PUBLISHED: _n("published"),
    DECLINED: _n("declined"),
}


def _uuid() -> str:
    return str(uuid.uuid4())


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


class Feedback(tk.BaseModel):
    __tablename__ = "chervonohrad_feedback"

    id = Column(Text, primary_key=True, default=_uuid)
    package_id = Column(Text, ForeignKey("package.id", ondelete="CASCADE"), nullable=False, index=True)
    resource_id = Column(Text)
    category = Column(Text, nullable=False)
    message = Column(UnicodeText, nullable=False)
    name = Column(UnicodeText)
    email = Column(UnicodeText)
    user_id = Column(Text, ForeignKey("user.id", ondelete="SET NULL"))
    consent = Column(Boolean, nullable=False, default=False)
    status = Column(Text, nullable=False, default=NEW, index=True)
    reject_reason = Column(Text)
    published = Column(Boolean, nullable=False, default=False)
    first_response_at = Column(DateTime)
    submission_token = Column(Text, unique=True)  # the form's one-time token: a double submit finds this item
    created = Column(DateTime, nullable=False, default=utcnow)
    modified = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    events = relationship("FeedbackEvent", order_by="FeedbackEvent.id", cascade="all, delete-orphan")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "package_id": self.package_id, "resource_id": self.resource_id,
            "category": self.category, "message": self.message, "name": self.name, "email": self.email,
            "user_id": self.user_id, "consent": self.consent, "status": self.status,
            "reject_reason": self.reject_reason, "published": self.published,
            "first_response_at": _iso(self.first_response_at), "created": _iso(self.created),
            "modified": _iso(self.modified),
        }


class FeedbackEvent(tk.BaseModel):
    """One step of an item's history: a status change, an answer, publishing or hiding it."""

    __tablename__ = "chervonohrad_feedback_event"

    id = Column(Integer, primary_key=True, autoincrement=True)
    feedback_id = Column(Text, ForeignKey("chervonohrad_feedback.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    kind = Column(Text, nullable=False)  # status | answer | publish | unpublish
    from_status = Column(Text)
    to_status = Column(Text)
    actor_id = Column(Text, ForeignKey("user.id", ondelete="SET NULL"))
    text = Column(UnicodeText)
    created = Column(DateTime, nullable=False, default=utcnow)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "from_status": self.from_status, "to_status": self.to_status,
                "actor_id": self.actor_id, "text": self.text, "created": _iso(self.created)}


class Suggestion(tk.BaseModel):
    __tablename__ = "chervonohrad_suggestion"

    id = Column(Text, primary_key=True, default=_uuid)
    title = Column(UnicodeText, nullable=False)
    description = Column(UnicodeText, nullable=False)
    reason = Column(UnicodeText, nullable=False)
    list835_item = Column(Text)
    name = Column(UnicodeText)
    email = Column(UnicodeText)
    user_id = Column(Text, ForeignKey("user.id", ondelete="SET NULL"))
    status = Column(Text, nullable=False, default=OPEN, index=True)
    decision_reason = Column(UnicodeText)
    package_id = Column(Text, ForeignKey("package.id", ondelete="SET NULL"))
    decided_by = Column(Text, ForeignKey("user.id", ondelete="SET NULL"))
    decided_at = Column(DateTime)
    submission_token = Column(Text, unique=True)  # as Feedback's
    created = Column(DateTime, nullable=False, default=utcnow)
    modified = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "description": self.description, "reason": self.reason,
            "list835_item": self.list835_item, "name": self.name, "email": self.email, "user_id": self.user_id,
            "status": self.status, "decision_reason": self.decision_reason, "package_id": self.package_id,
            "decided_by": self.decided_by, "decided_at": _iso(self.decided_at), "created": _iso(self.created),
            "modified": _iso(self.modified),
        }


class SuggestionVote(tk.BaseModel):
    __tablename__ = "chervonohrad_suggestion_vote"

    suggestion_id = Column(Text, ForeignKey("chervonohrad_suggestion.id", ondelete="CASCADE"), primary_key=True)
    user_id = Column(Text, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    created = Column(DateTime, nullable=False, default=utcnow)
