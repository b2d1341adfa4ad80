"""The scheduler: `ckan chervonohrad schedule` runs due tasks every minute (`--once`: once, for
cron). CKAN has no scheduler of its own and RQ's does not run periodic jobs, so this is one
small process beside the jobs workers; two of them (two machines) are safe: a task's period is
started by whoever inserts its row first (schedule/model.py), under a Redis lock that keeps a
second one from even trying while it runs.

Tasks run in this process, not as jobs: they are short (they queue the real work — emails,
re-indexing — for the workers), and their outcome is recorded here for `status`."""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
from typing import Any

from sqlalchemy.exc import IntegrityError

from ckan import model
from ckan.lib.redis import connect_to_redis

from ckanext.chervonohrad.common.clock import KYIV, utcnow
from ckanext.chervonohrad.schedule.model import ScheduleRun
from ckanext.chervonohrad.schedule.tasks import TASKS, Task

log = logging.getLogger(__name__)

LOCK_SECONDS = 3 * 3600  # the longest a task may hold its lock (the rescore of a large portal)
STALE_AFTER = dt.timedelta(seconds=LOCK_SECONDS)  # a run started longer ago and never finished was cut off


def _lock_key(task: Task) -> str:
    from ckan.plugins.toolkit import config

    return f"{config.get('ckan.site_id')}:chervonohrad:schedule:{task.name}"


def _claim(task: Task, period: str, now: dt.datetime) -> bool:
    """Insert this period's row (the claim); a cut-off run of the same period is claimed again."""
    row = model.Session.get(ScheduleRun, (task.name, period))
    if row is not None:
        if row.finished is not None or now - row.started < STALE_AFTER:
            return False
        row.started, row.outcome = now, None
    else:
        model.Session.add(ScheduleRun(task=task.name, period=period, started=now))
    try:
        model.Session.commit()
    except IntegrityError:  # another scheduler claimed it a moment ago
        model.Session.rollback()
        return False
    return True


def run_task(task: Task, period: str) -> str | None:
    """Run `task` for `period` unless it ran (or runs) already; returns its outcome, or None."""
    redis = connect_to_redis()
    lock = redis.lock(_lock_key(task), timeout=LOCK_SECONDS, blocking=False)
    if not lock.acquire(blocking=False):
        return None
    try:
        if not _claim(task, period, utcnow()):
            return None
        try:
            outcome = "ok: " + task.run(period)
        except Exception as error:  # recorded, and the next tick tries again
            model.Session.rollback()
            log.exception("scheduled task %s (%s) failed", task.name, period)
            model.Session.query(ScheduleRun).filter_by(task=task.name, period=period).delete()
            model.Session.commit()
            return f"failed: {error}"
        row = model.Session.get(ScheduleRun, (task.name, period))
        row.finished, row.outcome = utcnow(), outcome[:500]
        model.Session.commit()
        log.info("scheduled task %s (%s): %s", task.name, period, outcome)
        return outcome
    finally:
        with contextlib.suppress(Exception):  # expired meanwhile: nothing to release
            lock.release()


def tick(now: dt.datetime | None = None) -> dict[str, str]:
    """Run every task that is due at `now` (aware, or naive Kyiv time); task → outcome."""
    now = now or dt.datetime.now(KYIV)
    if now.tzinfo is not None:
        now = now.astimezone(KYIV)
    done = {}
    for task in TASKS:
        period = task.cadence().period(now)
        if period is None:
            continue
        outcome = run_task(task, period)
        if outcome is not None:
            done[task.name] = outcome
    return done


def last_runs() -> dict[str, dict[str, Any]]:
    """Each task's latest run: period, started, finished (UTC), outcome."""
    found: dict[str, dict[str, Any]] = {}
    for row in model.Session.query(ScheduleRun).order_by(ScheduleRun.started):
        found[row.task] = {"period": row.period, "started": row.started, "finished": row.finished,
                           "outcome": row.outcome}
    return found
