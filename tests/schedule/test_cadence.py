"""When each task is due (pure)."""
from __future__ import annotations

import datetime as dt

from ckanext.chervonohrad.performance.figures import previous_quarter
from ckanext.chervonohrad.schedule.cadence import Cadence


def test_every_five_minutes_is_one_period_per_five_minutes():
    every = Cadence("minutes", every=5)
    assert every.period(dt.datetime(2026, 12, 6, 8, 7, 30)) == "2026-12-06T08:05"
    assert every.period(dt.datetime(2026, 12, 6, 8, 9, 59)) == "2026-12-06T08:05"
    assert every.cron() == "*/5 * * * *"


def test_daily_is_due_from_its_hour_and_once_a_day():
    daily = Cadence("daily", hour=8)
    assert daily.period(dt.datetime(2026, 12, 6, 7, 59)) is None
    assert daily.period(dt.datetime(2026, 12, 6, 8, 0)) == daily.period(dt.datetime(2026, 12, 6, 23, 0)) == "2026-12-06"
    assert daily.cron() == "0 8 * * *"


def test_quarterly_is_the_quarter_that_ended():
    quarterly = Cadence("quarterly", hour=1)
    assert quarterly.period(dt.datetime(2027, 1, 1, 1, 0)) == "2026Q4"
    assert quarterly.period(dt.datetime(2026, 10, 7, 9, 0)) == "2026Q3"  # a scheduler down a few days catches up
    # A scheduler first started in mid-quarter does not freeze today's figures as the quarter before.
    assert quarterly.period(dt.datetime(2026, 10, 8, 9, 0)) is None
    assert quarterly.period(dt.datetime(2026, 11, 15, 9, 0)) is None
    assert previous_quarter(dt.date(2026, 4, 1)) == "2026Q1"
    assert quarterly.cron() == "0 1 1 1,4,7,10 *"


def test_a_weekly_task_runs_from_mondays_hour_once_a_week():
    weekly = Cadence("weekly", hour=8)
    assert weekly.period(dt.datetime(2026, 12, 7, 7, 59)) is None  # Monday before the hour
    assert weekly.period(dt.datetime(2026, 12, 7, 8, 0)) == "2026-W50"
    assert weekly.period(dt.datetime(2026, 12, 10, 9, 0)) == "2026-W50"  # a missed Monday runs later that week
    assert weekly.cron() == "0 8 * * 1" and weekly.describe() == "Mondays from 08:00 Kyiv"
