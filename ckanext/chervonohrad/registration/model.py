"""Publisher applications and the history of their decisions.

One open application per EDRPOU code is enforced by the database itself (a partial
unique index), so two fast submits cannot make two applications.
"""
from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, Text, UnicodeText, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import relationship

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.clock import utcnow

SUBMITTED = "submitted"
CHANGES_REQUESTED = "changes_requested"
APPROVED = "approved"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
STATES = (SUBMITTED, CHANGES_REQUESTED, APPROVED, REJECTED, WITHDRAWN)
OPEN_STATES = (SUBMITTED, CHANGES_REQUESTED)

# The application's own fields, as the form and the API name them.
FIELDS = (
    "title", "edrpou", "publisher_type", "hromada", "address", "website",
    "person_name", "person_position", "person_email", "person_phone",
    "document_number", "document_date", "document_url",
    "publisher_emails", "comment", "consent",
)
# What a form or an API call may set: the document's stored reference is the server's own.
INPUT_FIELDS = tuple(name for name in FIELDS if name != "document_url")


def _uuid() -> str:
    return str(uuid.uuid4())


class PublisherApplication(tk.BaseModel):
    __tablename__ = "chervonohrad_publisher_application"

    id = Column(Text, primary_key=True, default=_uuid)
    state = Column(Text, nullable=False, default=SUBMITTED)
    applicant_id = Column(Text, ForeignKey("user.id"), nullable=False)
    organization_id = Column(Text, ForeignKey("group.id"), nullable=True)
    title = Column(UnicodeText, nullable=False)
    edrpou = Column(Text, nullable=False)
    publisher_type = Column(Text, nullable=False)
    hromada = Column(Text, nullable=False)
    address = Column(UnicodeText, nullable=False)
    website = Column(UnicodeText)
    person_name = Column(UnicodeText, nullable=False)
    person_position = Column(UnicodeText, nullable=False)
    person_email = Column(UnicodeText, nullable=False)
    person_phone = Column(UnicodeText, nullable=False)
    document_number = Column(UnicodeText)
    document_date = Column(Date)
    document_url = Column(UnicodeText)
    publisher_emails = Column(JSONB, nullable=False, default=list)
    comment = Column(UnicodeText)
    consent = Column(Boolean, nullable=False, default=False)
    last_error = Column(UnicodeText)
    created = Column(DateTime, nullable=False, default=utcnow)
    modified = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    events = relationship("ApplicationEvent", order_by="ApplicationEvent.id", cascade="all, delete-orphan")

    __table_args__ = (
        Index("chervonohrad_application_one_open_per_edrpou", "edrpou", unique=True,
              postgresql_where=text("state IN ('submitted', 'changes_requested')")),
    )

    def as_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in FIELDS}
        data["document_date"] = self.document_date.isoformat() if self.document_date else None
        data.update(
            id=self.id, state=self.state, applicant_id=self.applicant_id, organization_id=self.organization_id,
            last_error=self.last_error, created=self.created.isoformat(), modified=self.modified.isoformat(),
        )
        return data


class ApplicationEvent(tk.BaseModel):
    """One transition: who moved the application from which state to which, and why."""

    __tablename__ = "chervonohrad_publisher_application_event"

    id = Column(Integer, primary_key=True, autoincrement=True)
    application_id = Column(Text, ForeignKey("chervonohrad_publisher_application.id", ondelete="CASCADE"),
                            nullable=False, index=True)
    from_state = Column(Text)
    to_state = Column(Text, nullable=False)
    actor_id = Column(Text, ForeignKey("user.id"), nullable=False)
    comment = Column(UnicodeText)
    created = Column(DateTime, nullable=False, default=utcnow)

    def as_dict(self) -> dict[str, Any]:
        return {"from_state": self.from_state, "to_state": self.to_state, "actor_id": self.actor_id,
                "comment": self.comment, "created": self.created.isoformat()}
