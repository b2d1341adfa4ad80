"""What the reminders keep: a log of each message sent (so a restart or a second scheduler
never sends one twice) and the addresses that asked for no more reminders.

Update reminders log each dataset's due date and kind (ReminderSent: the rules read the last
day each was sent); the other messages log what they were about (MessageSent: a feedback
item's weekly round, a digest's week, a scorecard's quarter), once per person.

The logs hold no address, only its SHA-256 (enough to tell "this person, this dataset, this due
date" again); rows older than LOG_KEEP_DAYS are deleted by the daily run. An opt-out keeps the
address itself, for as long as it stands: without it the portal could not respect the request."""
from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import Column, Date, DateTime, Integer, Text, UniqueConstraint

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.clock import utcnow

LOG_KEEP_DAYS = 400  # longer than the longest period (a year) and its weekly overdue reminders


def person_key(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode("utf-8")).hexdigest()


class ReminderSent(tk.BaseModel):
    __tablename__ = "chervonohrad_reminder_sent"
    __table_args__ = (UniqueConstraint("person", "package_id", "due", "kind", "sent_on",
                                       name="chervonohrad_reminder_sent_once"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    person = Column(Text, nullable=False, index=True)  # person_key(address)
    package_id = Column(Text, nullable=False)
    due = Column(Date, nullable=False)
    kind = Column(Text, nullable=False)  # rules.SOON, rules.OVERDUE
    sent_on = Column(Date, nullable=False)  # the day (Kyiv) it was sent
    created = Column(DateTime, nullable=False, default=utcnow)


class MessageSent(tk.BaseModel):
    __tablename__ = "chervonohrad_message_sent"
    __table_args__ = (UniqueConstraint("person", "message", "about", name="chervonohrad_message_sent_once"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    person = Column(Text, nullable=False)  # person_key(address)
    message = Column(Text, nullable=False)  # the email template's name
    about = Column(Text, nullable=False)  # what was told once: "<feedback id>:<round>", "2026-W50", "2026Q3"
    sent_on = Column(Date, nullable=False, index=True)
    created = Column(DateTime, nullable=False, default=utcnow)


class OptOut(tk.BaseModel):
    __tablename__ = "chervonohrad_reminder_optout"

    address = Column(Text, primary_key=True)  # lower case
    created = Column(DateTime, nullable=False, default=utcnow)


def log_cutoff(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=LOG_KEEP_DAYS)
