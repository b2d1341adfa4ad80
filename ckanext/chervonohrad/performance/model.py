"""Stored performance: quarterly snapshots, administrators' assessments and each publisher's
figures kept in step with its datasets."""
from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, Integer, Text, text
from sqlalchemy.dialects.postgresql import ARRAY

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.clock import utcnow


class Snapshot(tk.BaseModel):
    """A quarter's frozen figures, per publisher (scope = organization id) and for the whole
    portal (scope = "council")."""
    __tablename__ = "chervonohrad_quality_snapshot"

    quarter = Column(Text, primary_key=True)
    scope = Column(Text, primary_key=True)
    name = Column(Text)
    title = Column(Text)
    datasets = Column(Integer, nullable=False)
    avg_score = Column(Float)
    meets_share = Column(Float)
    on_time_share = Column(Float)
    coverage_applicable = Column(Integer, nullable=False, default=0)
    coverage_published = Column(Integer, nullable=False, default=0)
    coverage_overdue = Column(Integer, nullable=False, default=0)
    median_response_hours = Column(Float)
    taken_at = Column(DateTime, nullable=False, default=utcnow)


class Assessment(tk.BaseModel):
    """A regional administrator's points and comment for a publisher in a quarter (the
    ministry's scorecard of publishing and updating open data); one per publisher and quarter."""
    __tablename__ = "chervonohrad_assessment"

    id = Column(Integer, primary_key=True, autoincrement=True)
    owner_org = Column(Text, nullable=False)
    quarter = Column(Text, nullable=False)
    points = Column(Float, nullable=False)
    comment = Column(Text, nullable=False, default="")
    author = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow)


class PublisherSummary(tk.BaseModel):
    """Each publisher's dataset figures, kept in step with its datasets and their scores
    (performance.summary refreshes a publisher's row in the transaction that changes them), so
    the rating, the audit and the oblast overview read one row per publisher instead of
    aggregating every dataset of the oblast on each page view."""
    __tablename__ = "chervonohrad_publisher_summary"

    owner_org = Column(Text, primary_key=True)
    datasets = Column(Integer, nullable=False, server_default="0")  # published: active and public
    scored = Column(Integer, nullable=False, server_default="0")
    score_sum = Column(Float, nullable=False, server_default="0")
    meets_count = Column(Integer, nullable=False, server_default="0")
    on_time_count = Column(Integer, nullable=False, server_default="0")
    items = Column(ARRAY(Text), nullable=False, server_default="{}")  # 835 items a published dataset fulfils
    items_on_time = Column(ARRAY(Text), nullable=False, server_default="{}")  # … one updated on time
    items_any = Column(ARRAY(Text), nullable=False, server_default="{}")  # … any dataset, drafts and private too
    refreshed_at = Column(DateTime, nullable=False, server_default=text("timezone('utc', now())"))
