"""Council officers: users who oversee one hromada's publishers on the council's behalf.

A user may be named for several hromadas (e.g. while covering for a colleague); naming the
same user twice for one hromada is prevented by the primary key."""
from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Text

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.clock import utcnow


class CouncilOfficer(tk.BaseModel):
    __tablename__ = "chervonohrad_council_officer"

    hromada = Column(Text, primary_key=True)
    user_id = Column(Text, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    named_by = Column(Text, nullable=False)
    named_at = Column(DateTime, nullable=False, default=utcnow)
