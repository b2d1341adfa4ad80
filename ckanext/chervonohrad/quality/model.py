"""Stored quality: the current score per dataset, every change of it, and link checks."""
from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Float, Integer, Text
from sqlalchemy.dialects.postgresql import JSONB

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.clock import utcnow


class DatasetScore(tk.BaseModel):
    __tablename__ = "chervonohrad_dataset_score"

    package_id = Column(Text, primary_key=True)
    owner_org = Column(Text, index=True)
    score = Column(Float, nullable=False)
    band = Column(Text, nullable=False)
    meets = Column(Boolean, nullable=False)
    on_time = Column(Boolean, nullable=False, default=False)
    list835_item = Column(Text)  # copied from the dataset, so the rating needs no join on extras
    failed = Column(JSONB, nullable=False, default=list)
    indicators = Column(JSONB, nullable=False, default=list)
    computed_at = Column(DateTime, nullable=False, default=utcnow)


class ScoreHistory(tk.BaseModel):
    __tablename__ = "chervonohrad_dataset_score_history"

    id = Column(Integer, primary_key=True, autoincrement=True)
    package_id = Column(Text, nullable=False, index=True)
    score = Column(Float, nullable=False)
    band = Column(Text, nullable=False)
    computed_at = Column(DateTime, nullable=False, default=utcnow)


class LinkCheck(tk.BaseModel):
    """The last availability check of one resource's URL (by a background job)."""
    __tablename__ = "chervonohrad_link_check"

    resource_id = Column(Text, primary_key=True)
    package_id = Column(Text, nullable=False, index=True)
    url = Column(Text, nullable=False)
    ok = Column(Boolean, nullable=False)
    status_code = Column(Integer)
    content_type = Column(Text)
    reason = Column(Text)  # a machine code: http_error, timeout, wrong_type, … (None when ok)
    detail = Column(Text)
    checked_at = Column(DateTime, nullable=False, default=utcnow)
