"""The portal's timed work, as a table: what runs, how often. Each task is safe to run again
for the same period (the reminders' sent log, the rescore, the retention rules and the
snapshot's refusal to overwrite make it so), so a run cut off is simply run again."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ckanext.chervonohrad import config
from ckanext.chervonohrad.schedule.cadence import Cadence


@dataclass(frozen=True)
class Task:
    name: str
    cadence: Callable[[], Cadence]  # read when asked: options may change between runs
    run: Callable[[str], str]  # the period → what it did, one line
    command: str  # the equivalent `ckan chervonohrad …` command, for cron


def _mail_flush(period: str) -> str:
    from ckanext.chervonohrad.common import mail

    released = mail.release_due_retries()
    queued, dropped = mail.queue_pending()
    return f"{released} retries due, {queued} pending queued, {dropped} dropped"


def _update_reminders(period: str) -> str:
    from ckanext.chervonohrad.reminders import updates

    counts = updates.run(dt.date.fromisoformat(period))
    return "{letters} letters naming {datasets} datasets".format(**counts)


def _feedback_reminders(period: str) -> str:
    from ckanext.chervonohrad.reminders import messages

    counts = messages.send("feedback_waiting", dt.date.fromisoformat(period))
    return "{letters} letters naming {told} items of feedback".format(**counts)


def _weekly(period: str) -> str:
    from ckanext.chervonohrad.reminders import messages, outbox

    on = outbox.today()  # the period is this week; its letters are of today
    digests = messages.send("weekly_digest", on)
    lists = messages.send("feedback_waiting_hromada", on)
    return f"{digests['letters']} digests, {lists['letters']} officers' lists of waiting feedback"


def _rescore(period: str) -> str:
    # Queued for the workers (several share it), so a large portal never holds the scheduler.
    from ckanext.chervonohrad.quality import linkcheck, rescore

    jobs = rescore.enqueue_slices(today=dt.date.fromisoformat(period))
    return f"{len(jobs)} rescore jobs and link checks of {linkcheck.enqueue_all()} datasets queued"


def _retain(period: str) -> str:
    from ckanext.chervonohrad.privacy import retention

    counts = retention.run()
    return f"retention as of {counts['before']}"


def _snapshot(period: str) -> str:
    from ckan import model

    from ckanext.chervonohrad.performance import rating
    from ckanext.chervonohrad.reminders import outbox, quarterly

    try:
        count = rating.take_snapshot(period)
        model.Session.commit()
        done = f"{period}: {count} publishers frozen"
    except FileExistsError:
        model.Session.rollback()
        done = f"{period} was frozen already"
    # Sent once the snapshot exists, whether this run or an earlier one (or a person) took it.
    letters = outbox.send(quarterly.TEMPLATE, quarterly.plan(period, outbox.today()))
    return f"{done}; scorecard sent to {letters['letters']}"


TASKS: tuple[Task, ...] = (
    Task("mail_flush", lambda: Cadence("minutes", every=5), _mail_flush, "mail flush"),
    Task("update_reminders", lambda: Cadence("daily", hour=config.reminder_hour()), _update_reminders,
         "reminders send"),
    Task("feedback_reminders", lambda: Cadence("daily", hour=config.reminder_hour()), _feedback_reminders,
         "reminders send --message feedback_waiting"),
    Task("weekly_letters", lambda: Cadence("weekly", hour=config.reminder_hour()), _weekly,
         "reminders send --message weekly_digest --message feedback_waiting_hromada"),
    Task("quality_rescore", lambda: Cadence("daily", hour=2), _rescore, "quality rescore --jobs --links"),
    Task("privacy_retain", lambda: Cadence("daily", hour=3), _retain, "privacy retain"),
    Task("quarter_snapshot", lambda: Cadence("quarterly", hour=1), _snapshot,
         "quality snapshot --quarter <the quarter that ended>; ckan chervonohrad reminders send --message "
         "quarter_scorecard"),
)
BY_NAME = {task.name: task for task in TASKS}
