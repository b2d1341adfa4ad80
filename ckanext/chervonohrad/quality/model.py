"""Stored quality scores: the current one per dataset, and every change of it."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, DateTime, Float, Integer, Text
from sqlalchemy.dialects.postgresql import JSONB

import ckan.plugins.toolkit as tk


def _now() -> dt.datetime:
    return dt.datetime.utcnow()


class DatasetScore(tk.BaseModel):
    __tablename__ = "chervonohrad_dataset_score"

    package_id = Column(Text, primary_key=True)
    owner_org = Column(Text, index=True)
    score = Column(Float, nullable=False)
    band = Column(Text, nullable=False)
    meets = Column(Boolean, nullable=False)
    failed = Column(JSONB, nullable=False, default=list)
    indicators = Column(JSONB, nullable=False, default=list)
    computed_at = Column(DateTime, nullable=False, default=_now)


class ScoreHistory(tk.BaseModel):
    __tablename__ = "chervonohrad_dataset_score_history"

    id = Column(Integer, primary_key=True, autoincrement=True)
    package_id = Column(Text, nullable=False, index=True)
    score = Column(Float, nullable=False)
    band = Column(Text, nullable=False)
    computed_at = Column(DateTime, nullable=False, default=_now)
