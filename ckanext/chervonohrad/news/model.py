"""The news posts and the datasets each one is about.

A post belongs to one hromada (its KATOTTG code) or, with no hromada, to the whole oblast.
`published` is the day shown and counted for the plan's quarter: a date as read in Kyiv, not
a moment. Deleting a post only marks it deleted, so the quarters it counted for stay
explainable in the database. A post names datasets by id without a foreign key: a dataset
purged later leaves the post standing, and every page shows only the datasets still public."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Column, Date, DateTime, ForeignKey, Text, UnicodeText
from sqlalchemy.orm import relationship

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.clock import utcnow

ACTIVE, DELETED = "active", "deleted"

TITLE_MAX = 200
BODY_MAX = 20000
DATASETS_MAX = 20  # a post about new or valuable datasets names a few, not a catalogue


def _uuid() -> str:
    return str(uuid.uuid4())


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


class News(tk.BaseModel):
    __tablename__ = "chervonohrad_news"

    id = Column(Text, primary_key=True, default=_uuid)
    title = Column(UnicodeText, nullable=False)
    body = Column(UnicodeText, nullable=False)
    hromada = Column(Text)  # None: the whole oblast
    published = Column(Date, nullable=False)
    author_user_id = Column(Text, nullable=False)
    state = Column(Text, nullable=False, default=ACTIVE)
    created = Column(DateTime, nullable=False, default=utcnow)
    modified = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    links = relationship("NewsDataset", cascade="all, delete-orphan", order_by="NewsDataset.package_id")

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "body": self.body, "hromada": self.hromada,
                "published": _iso(self.published), "author_user_id": self.author_user_id, "state": self.state,
                "created": _iso(self.created), "modified": _iso(self.modified)}


class NewsDataset(tk.BaseModel):
    __tablename__ = "chervonohrad_news_dataset"

    news_id = Column(Text, ForeignKey("chervonohrad_news.id", ondelete="CASCADE"), primary_key=True)
    package_id = Column(Text, primary_key=True)
