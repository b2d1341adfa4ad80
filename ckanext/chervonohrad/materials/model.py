"""The methodological materials and their code lists (audience, topic).

A material is a public link or a file the portal keeps (exactly one: the table's check
constraint says so too). The code lists live here so that the pages, the API's validation
and the starter set read them from one place; their labels are msgids, translated when shown.
The order of TOPICS is the order the list page shows its groups in.
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Column, DateTime, Integer, Text, UnicodeText

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.clock import utcnow
from ckanext.chervonohrad.common.i18n import _n

# Who a material is written for.
AUDIENCES = {
    "responsible_persons": _n("Responsible persons for open data"),
    "publisher_heads": _n("Heads and administrators of publishers"),
    "council_officers": _n("Council officers"),
    "data_users": _n("Developers and data users"),
    "everyone": _n("Everyone"),
}

# What a material is about, in the order the list shows its groups.
TOPICS = {
    "publishing_835": _n("Publishing under Resolution 835"),
    "passport": _n("Dataset passport and metadata"),
    "formats": _n("Formats and structure of data"),
    "licences": _n("Open licences"),
    "quality": _n("Quality of data"),
    "restricted": _n("Personal data and restricted information"),
    "engagement": _n("Feedback and engagement"),
    "using": _n("Using open data"),
}

TITLE_MAX = 300
DESCRIPTION_MAX = 4000
SOURCE_MAX = 300
URL_MAX = 2000


def _uuid() -> str:
    return str(uuid.uuid4())


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


class Material(tk.BaseModel):
    __tablename__ = "chervonohrad_material"

    id = Column(Text, primary_key=True, default=_uuid)
    title = Column(UnicodeText, nullable=False)
    description = Column(UnicodeText)
    url = Column(UnicodeText)
    # The stored file's name in the materials folder (<uuid>.<ext>), set by the server only.
    file_name = Column(Text)
    # The name the uploader's file had: only the name a download is offered under.
    file_original_name = Column(UnicodeText)
    audience = Column(Text, nullable=False)
    topic = Column(Text, nullable=False)
    source = Column(UnicodeText)
    position = Column(Integer, nullable=False, default=0)
    creator_user_id = Column(Text)
    created = Column(DateTime, nullable=False, default=utcnow)
    modified = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "description": self.description, "url": self.url,
            "has_file": bool(self.file_name), "file_original_name": self.file_original_name,
            "audience": self.audience, "topic": self.topic, "source": self.source, "position": self.position,
            "creator_user_id": self.creator_user_id, "created": _iso(self.created), "modified": _iso(self.modified),
        }
