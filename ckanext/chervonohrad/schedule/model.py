"""One row per task and period run: the scheduler's memory of what it has done (and its lock
across schedulers: the primary key lets only one of them start a period)."""
from __future__ import annotations

from sqlalchemy import Column, DateTime, Text

import ckan.plugins.toolkit as tk


class ScheduleRun(tk.BaseModel):
    __tablename__ = "chervonohrad_schedule_run"

    task = Column(Text, primary_key=True)
    period = Column(Text, primary_key=True)  # cadence.Cadence.period
    started = Column(DateTime, nullable=False)  # UTC
    finished = Column(DateTime)  # None: running, or cut off (re-run once STALE_AFTER has passed)
    outcome = Column(Text)  # "ok: …" or "failed: …"
