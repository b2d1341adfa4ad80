"""Stored structure reports: the last validation of each data resource against its dataset's
structure file (replaced by every new check)."""
from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, Text
from sqlalchemy.dialects.postgresql import JSONB

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.clock import utcnow

STATUSES = ("valid", "invalid", "skipped", "error")


class StructureReport(tk.BaseModel):
    __tablename__ = "chervonohrad_structure_report"

    resource_id = Column(Text, primary_key=True)
    package_id = Column(Text, nullable=False, index=True)
    structure_resource_id = Column(Text)  # None: the dataset's structure file could not be had
    status = Column(Text, nullable=False)  # STATUSES
    reason = Column(Text)  # a code (checks.REASONS) for skipped and error
    detail = Column(Text)  # English, for people (the page translates by reason)
    rows_checked = Column(Integer, nullable=False, default=0)
    errors_total = Column(Integer, nullable=False, default=0)
    limited = Column(Boolean, nullable=False, default=False)  # rows or bytes beyond the limits not checked
    errors = Column(JSONB, nullable=False, default=list)  # the first N: type, row, column, field, cell, note, message
    data_url = Column(Text, nullable=False, default="")
    data_sha256 = Column(Text)
    checked_at = Column(DateTime, nullable=False, default=utcnow)
