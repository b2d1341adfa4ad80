"""The scheduler against the real database and Redis: each task once per period, whoever runs
it; a failure is recorded and tried again; a run cut off is taken up again; the command runs
what is due at the (frozen) time and lists the cron lines."""
from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from freezegun import freeze_time

from ckan import model
from ckan.lib.redis import connect_to_redis

from ckanext.chervonohrad import cli
from ckanext.chervonohrad.schedule import runner
from ckanext.chervonohrad.schedule.cadence import Cadence
from ckanext.chervonohrad.schedule.model import ScheduleRun
from ckanext.chervonohrad.schedule.tasks import Task
from tests.reminders.conftest import MAINTAINER, World


@pytest.fixture
def calls(clean_db, reset_redis):
    reset_redis()
    return []


def counting(calls, fail=False):
    def run(period):
        calls.append(period)
        if fail:
            raise RuntimeError("the mail server is down")
        return f"did {period}"
    return Task("counting", lambda: Cadence("daily", hour=8), run, "counting")


def test_a_period_runs_once_however_often_it_is_asked(calls):
    task = counting(calls)
    assert runner.run_task(task, "2026-12-06") == "ok: did 2026-12-06"
    assert runner.run_task(task, "2026-12-06") is None
    assert runner.run_task(task, "2026-12-07") == "ok: did 2026-12-07"
    assert calls == ["2026-12-06", "2026-12-07"]
    assert runner.last_runs()["counting"]["outcome"] == "ok: did 2026-12-07"


def test_a_second_scheduler_holding_the_lock_keeps_this_one_out(calls):
    task = counting(calls)
    other = connect_to_redis().lock(runner._lock_key(task), timeout=60)
    assert other.acquire(blocking=False)
    assert runner.run_task(task, "2026-12-06") is None
    other.release()
    assert runner.run_task(task, "2026-12-06") is not None
    assert calls == ["2026-12-06"]


def test_a_failure_is_recorded_and_tried_again(calls):
    assert runner.run_task(counting(calls, fail=True), "2026-12-06").startswith("failed: the mail server is down")
    assert model.Session.query(ScheduleRun).count() == 0  # not done: the next tick tries again
    assert runner.run_task(counting(calls), "2026-12-06") == "ok: did 2026-12-06"
    assert calls == ["2026-12-06", "2026-12-06"]


def test_a_run_cut_off_is_taken_up_again_only_once_it_is_stale(calls):
    task = counting(calls)
    model.Session.add(ScheduleRun(task="counting", period="2026-12-06",
                                  started=dt.datetime.utcnow() - dt.timedelta(minutes=5)))
    model.Session.commit()
    assert runner.run_task(task, "2026-12-06") is None  # still running, perhaps elsewhere
    row = model.Session.get(ScheduleRun, ("counting", "2026-12-06"))
    row.started = dt.datetime.utcnow() - runner.STALE_AFTER - dt.timedelta(minutes=1)
    model.Session.commit()
    assert runner.run_task(task, "2026-12-06") == "ok: did 2026-12-06"


def test_the_command_sends_the_days_reminders_from_their_hour(clean_db, clean_index, reset_redis, smtp_inbox):
    reset_redis()
    World()
    # 2026-11-09 is the weekly dataset's due date (conftest); 07:30 Kyiv is before reminder_hour (8).
    with freeze_time("2026-11-09 05:30:00"):  # UTC: 07:30 in Kyiv
        done = CliRunner().invoke(cli.chervonohrad, ["schedule", "--once"], catch_exceptions=False)
    assert "update_reminders" not in done.output
    assert "mail_flush: ok" in done.output
    with freeze_time("2026-11-09 06:30:00"):  # 08:30 in Kyiv
        done = CliRunner().invoke(cli.chervonohrad, ["schedule", "--once"], catch_exceptions=False)
        again = CliRunner().invoke(cli.chervonohrad, ["schedule", "--once"], catch_exceptions=False)
    assert "update_reminders: ok: 2 letters naming 2 datasets" in done.output
    assert "feedback_reminders: ok: 0 letters naming 0 items of feedback" in done.output
    assert "weekly_letters: ok: 1 digests, 0 officers' lists of waiting feedback" in done.output  # a Monday
    assert "update_reminders" not in again.output and "weekly_letters" not in again.output
    assert len(smtp_inbox.to(MAINTAINER)) == 1
    listed = CliRunner().invoke(cli.chervonohrad, ["schedule", "--list"], catch_exceptions=False).output
    assert "update_reminders: daily from 08:00 Kyiv; cron: 0 8 * * *" in listed
    assert "last: 2026-11-09 ok: 2 letters" in listed
